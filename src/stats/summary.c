/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * summary.c — Student t confidence intervals (see summary.h).
 *
 * Design: mean and sample sd (n - 1 denominator) from gsl_stats, the
 * quantile t(1 - α/2, n - 1) from gsl_cdf_tdist_Pinv; the paired interval
 * is the one-sample interval of the differences, written into the caller's
 * buffer so nothing is allocated.
 *
 * Invariants: lo <= mean <= hi; with n < 2 there is no spread estimate, so
 * lo == hi == mean and sd == 0.  n == 0 or a level outside (0, 1) yields NaN
 * bounds rather than a misleading interval.  Cost O(n).
 */
#include "ownsim/summary.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

ci ci_mean(const double *x, size_t n, double level)
{
    ci r = {NAN, NAN, NAN, NAN};
    if (n == 0 || !x)
        return r;
    r.mean = gsl_stats_mean(x, 1, n);
    if (n < 2) {
        r.lo = r.hi = r.mean;
        r.sd = 0.0;
        return r;
    }
    r.sd = gsl_stats_sd(x, 1, n);
    if (!(level > 0.0 && level < 1.0))
        return r;
    double t = gsl_cdf_tdist_Pinv(1.0 - (1.0 - level) / 2.0, (double)(n - 1));
    double half = t * r.sd / sqrt((double)n);
    r.lo = r.mean - half;
    r.hi = r.mean + half;
    return r;
}

ci ci_paired(const double *a, const double *b, size_t n, double level,
             double *tmp)
{
    if (n == 0 || !a || !b || !tmp) {
        ci r = {NAN, NAN, NAN, NAN};
        return r;
    }
    for (size_t i = 0; i < n; i++)
        tmp[i] = a[i] - b[i];
    return ci_mean(tmp, n, level);
}
