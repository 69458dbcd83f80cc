/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * number.h — the one grammar for numbers, shared by every reader of input
 * (scenario keys, distribution parameters, outage, empirical and ticket CSV
 * fields, command-line options).
 *
 * A real number is
 *
 *     [+|-] digits [. [digits]] [(e|E) [+|-] digits]
 *   | [+|-] . digits [(e|E) [+|-] digits]
 *
 * in decimal, nothing before or after it (callers trim their own blanks).
 * Refused, so that no reader silently reads something else than was meant:
 * hexadecimal (0x10, 0x1p4), inf, infinity, nan, a NUL byte, any other
 * character, and a value whose magnitude overflows a double (1e999).  A
 * value too small for a double (1e-400) reads as the nearest double (0 or a
 * subnormal), so that the caller's range check names the limit.
 *
 * A whole number is [+|-] digits, within the long long range.
 *
 * The text is a span (pointer and length), so that fields need not be copied
 * to be parsed; no allocation for spans under 256 bytes, one malloc above.
 */
#ifndef OWNSIM_NUMBER_H
#define OWNSIM_NUMBER_H

#include <stddef.h>

typedef enum num_status {
    NUM_OK = 0,
    NUM_EMPTY,      /* no characters */
    NUM_SYNTAX,     /* not in the grammar above */
    NUM_RANGE,      /* overflows a double, or a long long */
    NUM_NOMEM       /* a span of 256 bytes or more could not be copied */
} num_status;

/* Parse the n bytes at s as a real number into *out (untouched unless
 * NUM_OK). */
num_status num_parse(const char *s, size_t n, double *out);

/* The same for a NUL-terminated string. */
num_status num_parse_str(const char *s, double *out);

/* Parse the n bytes at s as a whole number into *out. */
num_status num_parse_int(const char *s, size_t n, long long *out);

/* What is wrong, to follow a quoted value in a message: "is not a decimal
 * number", "is too large", ...  Never NULL. */
const char *num_why(num_status st);

#endif
