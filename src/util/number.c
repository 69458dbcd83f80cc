/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * number.c — the number grammar of number.h.
 *
 * Why not strtod alone: strtod also reads hexadecimal ("0x1p4" is 16),
 * "inf", "nan" and "infinity", skips leading blanks, and stops at the first
 * byte it cannot use, so that every caller had to check the end pointer and
 * errno itself — and each checked something a little different.  Here the
 * grammar is checked first by a small scanner (O(n), no allocation); strtod
 * then only converts text already known to be a decimal number, which it
 * does exactly (correct rounding in glibc).  strtod follows LC_NUMERIC; the
 * program never calls setlocale, so the decimal point is always '.'.
 */
#include "ownsim/number.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Length of the run of digits at s[i..n). */
static size_t digits(const char *s, size_t i, size_t n)
{
    size_t j = i;
    while (j < n && digit(s[j]))
        j++;
    return j - i;
}

/* 1 when [s, s+n) is exactly a real number of the grammar. */
static int well_formed(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    size_t whole = digits(s, i, n);
    i += whole;
    size_t frac = 0;
    if (i < n && s[i] == '.') {
        i++;
        frac = digits(s, i, n);
        i += frac;
    }
    if (whole == 0 && frac == 0)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t ex = digits(s, i, n);
        if (ex == 0)
            return 0;
        i += ex;
    }
    return i == n;
}

num_status num_parse(const char *s, size_t n, double *out)
{
    if (n == 0)
        return NUM_EMPTY;
    if (!well_formed(s, n))
        return NUM_SYNTAX;
    char small[256], *buf = small;
    if (n >= sizeof small && !(buf = malloc(n + 1)))
        return NUM_NOMEM;
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    double v = strtod(buf, NULL);
    int range = errno == ERANGE;
    if (buf != small)
        free(buf);
    /* ERANGE with a finite result is underflow: keep the nearest double */
    if (!isfinite(v) || (range && fabs(v) >= 1.0))
        return NUM_RANGE;
    *out = v;
    return NUM_OK;
}

num_status num_parse_str(const char *s, double *out)
{
    return num_parse(s, strlen(s), out);
}

num_status num_parse_int(const char *s, size_t n, long long *out)
{
    if (n == 0)
        return NUM_EMPTY;
    size_t i = 0;
    int neg = 0;
    if (s[i] == '+' || s[i] == '-')
        neg = s[i++] == '-';
    if (i == n || digits(s, i, n) != n - i)
        return NUM_SYNTAX;
    /* accumulate negatively so that LLONG_MIN is reachable */
    long long v = 0;
    for (; i < n; i++) {
        int d = s[i] - '0';
        if (v < (LLONG_MIN + d) / 10)
            return NUM_RANGE;
        v = v * 10 - d;
    }
    if (!neg) {
        if (v == LLONG_MIN)
            return NUM_RANGE;
        v = -v;
    }
    *out = v;
    return NUM_OK;
}

const char *num_why(num_status st)
{
    switch (st) {
    case NUM_OK:
        return "is a number";
    case NUM_EMPTY:
        return "is empty, where a number is needed";
    case NUM_SYNTAX:
        return "is not a decimal number (digits, an optional sign, point and exponent "
               "such as 1.5e3; no hexadecimal, inf or nan)";
    case NUM_RANGE:
        return "is too large (beyond the range of a double)";
    case NUM_NOMEM:
        return "could not be read (out of memory)";
    }
    return "is not a number";
}
