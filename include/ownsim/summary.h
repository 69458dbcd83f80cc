/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * summary.h — confidence intervals over replications.
 *
 * Replications are independent, so the mean of per-replication means has a
 * Student t interval: mean ± t(1-α/2, n-1) · sd/√n, computed with GSL
 * (gsl_stats_mean, gsl_stats_sd, gsl_cdf_tdist_Pinv).  A paired interval is
 * the same on the per-replication differences, which under common random
 * numbers is much narrower than comparing two independent intervals.
 */
#ifndef OWNSIM_SUMMARY_H
#define OWNSIM_SUMMARY_H

#include <stddef.h>

typedef struct ci {
    double mean;   /* sample mean */
    double lo;     /* lower bound; == mean when n < 2 */
    double hi;     /* upper bound; == mean when n < 2 */
    double sd;     /* sample standard deviation; 0 when n < 2 */
} ci;

/* Interval at `level` (e.g. 0.95) for the mean of x[0..n-1], n >= 1. */
ci ci_mean(const double *x, size_t n, double level);

/* Interval for mean(a[i] - b[i]).  tmp must hold n doubles (no allocation). */
ci ci_paired(const double *a, const double *b, size_t n, double level,
             double *tmp);

#endif
