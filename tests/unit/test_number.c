/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_number.c — the one number grammar (number.h): what it reads, what it
 * refuses, and why.
 */
#include <criterion/criterion.h>

#include <float.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "ownsim/number.h"

static num_status rd(const char *s, double *v)
{
    return num_parse(s, strlen(s), v);
}

Test(number, reads_decimal_forms)
{
    const char *in[] = {"0", "5", "-5", "+5", "1.5", ".5", "5.", "-.25", "1e3",
                        "1E3", "1.5e-3", "2.5E+2", "007", "0.000"};
    const double want[] = {0, 5, -5, 5, 1.5, 0.5, 5, -0.25, 1000,
                           1000, 0.0015, 250, 7, 0};
    for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
        double v = -99;
        cr_assert_eq(rd(in[i], &v), NUM_OK, "%s", in[i]);
        cr_assert_eq(v, want[i], "%s read as %g", in[i], v);
    }
}

Test(number, refuses_hex_inf_nan_and_junk)
{
    const char *bad[] = {"0x10", "0x1p4", "0X1P4", "inf", "-inf", "infinity", "nan",
                         "NAN(1)", "1e", "1e+", "e5", ".", "-", "+", "1.2.3", " 5",
                         "5 ", "5x", "1,5", "--5", "1e5.5", "١"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        double v = 42;
        cr_assert_eq(rd(bad[i], &v), NUM_SYNTAX, "%s", bad[i]);
        cr_assert_eq(v, 42, "%s changed the output", bad[i]);
    }
    double v;
    cr_assert_eq(rd("", &v), NUM_EMPTY);
}

Test(number, a_nul_inside_the_span_is_refused)
{
    double v = 42;
    cr_assert_eq(num_parse("5\0" "0", 3, &v), NUM_SYNTAX);
    cr_assert_eq(num_parse("\0", 1, &v), NUM_SYNTAX);
    cr_assert_eq(v, 42);
    /* the span ends where it says, not at the next NUL */
    cr_assert_eq(num_parse("123", 2, &v), NUM_OK);
    cr_assert_eq(v, 12);
}

Test(number, overflow_refused_underflow_kept)
{
    double v = 42;
    cr_assert_eq(rd("1e999", &v), NUM_RANGE);
    cr_assert_eq(rd("-1e309", &v), NUM_RANGE);
    cr_assert_eq(v, 42);
    cr_assert_eq(rd("1.7976931348623157e308", &v), NUM_OK);
    cr_assert_eq(v, DBL_MAX);
    /* too small for a double: the nearest one, so a range check names its limit */
    cr_assert_eq(rd("1e-320", &v), NUM_OK);
    cr_assert(v > 0 && v < 1e-300);
    cr_assert_eq(rd("1e-999", &v), NUM_OK);
    cr_assert_eq(v, 0);
}

Test(number, long_spans_are_read_exactly)
{
    /* 0.(400 zeros)15e402 = 15: longer than the stack buffer */
    char s[512];
    strcpy(s, "0.");
    memset(s + 2, '0', 400);
    strcpy(s + 402, "15e402");
    double v = 0;
    cr_assert_eq(rd(s, &v), NUM_OK);
    cr_assert_eq(v, 15);
}

Test(number, whole_numbers)
{
    long long v = 7;
    cr_assert_eq(num_parse_int("0", 1, &v), NUM_OK);
    cr_assert_eq(v, 0);
    cr_assert_eq(num_parse_int("-12", 3, &v), NUM_OK);
    cr_assert_eq(v, -12);
    cr_assert_eq(num_parse_int("+9223372036854775807", 20, &v), NUM_OK);
    cr_assert_eq(v, LLONG_MAX);
    cr_assert_eq(num_parse_int("-9223372036854775808", 20, &v), NUM_OK);
    cr_assert_eq(v, LLONG_MIN);
    v = 7;
    cr_assert_eq(num_parse_int("9223372036854775808", 19, &v), NUM_RANGE);
    cr_assert_eq(num_parse_int("-9223372036854775809", 20, &v), NUM_RANGE);
    cr_assert_eq(num_parse_int("1e3", 3, &v), NUM_SYNTAX);
    cr_assert_eq(num_parse_int("0x10", 4, &v), NUM_SYNTAX);
    cr_assert_eq(num_parse_int("1.0", 3, &v), NUM_SYNTAX);
    cr_assert_eq(num_parse_int("-", 1, &v), NUM_SYNTAX);
    cr_assert_eq(num_parse_int("", 0, &v), NUM_EMPTY);
    cr_assert_eq(v, 7);
}

Test(number, every_status_has_a_reason)
{
    for (int st = NUM_OK; st <= NUM_NOMEM; st++)
        cr_assert(num_why((num_status)st)[0] != '\0');
    cr_assert(strstr(num_why(NUM_SYNTAX), "hexadecimal"));
}
