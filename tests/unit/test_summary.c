/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_summary.c — Student t intervals against hand-computed values.
 *
 * x = {1,2,3,4,5}: mean 3, sd sqrt(2.5) = 1.58113883, t(0.975, 4) =
 * 2.776445105, half-width 2.776445105 * 1.58113883 / sqrt(5) = 1.963243.
 */
#include <criterion/criterion.h>

#include <math.h>

#include "ownsim/summary.h"

Test(summary, ci_mean_known_data)
{
    double x[] = {1, 2, 3, 4, 5};
    ci c = ci_mean(x, 5, 0.95);
    cr_assert_float_eq(c.mean, 3.0, 1e-12);
    cr_assert_float_eq(c.sd, 1.5811388300841898, 1e-12);
    cr_assert_float_eq(c.hi - c.mean, 1.963243, 1e-6);
    cr_assert_float_eq(c.mean - c.lo, 1.963243, 1e-6);
    cr_assert_float_eq(c.lo, 1.036757, 1e-6);
    cr_assert_float_eq(c.hi, 4.963243, 1e-6);
}

Test(summary, ci_mean_other_level)
{
    /* t(0.95, 9) = 1.833113; sd of 0..9 = sqrt(55/6) = 3.0276504. */
    double x[10];
    for (int i = 0; i < 10; i++)
        x[i] = i;
    ci c = ci_mean(x, 10, 0.90);
    cr_assert_float_eq(c.mean, 4.5, 1e-12);
    cr_assert_float_eq(c.sd, 3.0276503540974917, 1e-12);
    cr_assert_float_eq(c.hi - c.mean, 1.833113 * 3.0276504 / sqrt(10.0),
                       1e-5);
}

Test(summary, ci_mean_single_value)
{
    double x[] = {42.5};
    ci c = ci_mean(x, 1, 0.95);
    cr_assert_eq(c.mean, 42.5);
    cr_assert_eq(c.lo, 42.5);
    cr_assert_eq(c.hi, 42.5);
    cr_assert_eq(c.sd, 0.0);
}

Test(summary, ci_mean_constant_data_has_zero_width)
{
    double x[] = {7, 7, 7, 7};
    ci c = ci_mean(x, 4, 0.99);
    cr_assert_eq(c.sd, 0.0);
    cr_assert_eq(c.lo, 7.0);
    cr_assert_eq(c.hi, 7.0);
}

Test(summary, ci_paired_is_ci_of_differences)
{
    double a[] = {10.2, 11.5, 9.8, 12.1, 10.9, 11.3};
    double b[] = {9.9, 10.8, 9.9, 11.0, 10.1, 10.6};
    double d[6], tmp[6];
    for (int i = 0; i < 6; i++)
        d[i] = a[i] - b[i];
    ci p = ci_paired(a, b, 6, 0.95, tmp);
    ci m = ci_mean(d, 6, 0.95);
    cr_assert_eq(p.mean, m.mean);
    cr_assert_eq(p.lo, m.lo);
    cr_assert_eq(p.hi, m.hi);
    cr_assert_eq(p.sd, m.sd);
    /* Hand check: differences 0.3 0.7 -0.1 1.1 0.8 0.7, mean 0.583333. */
    cr_assert_float_eq(p.mean, 3.5 / 6.0, 1e-12);
    cr_assert_lt(p.lo, p.mean);
    cr_assert_gt(p.hi, p.mean);
}

Test(summary, ci_paired_single_pair)
{
    double a[] = {5.0}, b[] = {3.5}, tmp[1];
    ci p = ci_paired(a, b, 1, 0.95, tmp);
    cr_assert_eq(p.mean, 1.5);
    cr_assert_eq(p.lo, 1.5);
    cr_assert_eq(p.hi, 1.5);
    cr_assert_eq(p.sd, 0.0);
}
