/*
 * fit_int.h — the pieces of `ownsim fit`, shared by the src/fit sources and the unit
 * tests (not a public interface).
 *
 *   read.c     the outage CSV into columns (fit_data), names interned in
 *              order of first appearance, each with the line it first
 *              appears on (for errors that name file:line);
 *   profile.c  the weekly arrival profile (fit_profile) over whole weeks;
 *   effort.c   lognormal maximum-likelihood fits and the Kolmogorov-Smirnov
 *              statistic (fit_effort), and number formatting;
 *   fit.c      ordering, the category and severity mixes, the fragment and
 *              the report (fit_run).
 *
 * Invariants: after fit_data_read() succeeds, n >= 1, times are in
 * [0, 1e12] and non-decreasing, efforts in [0, 1e12], every cat[i] < ncat and
 * sev[i] < nsev, and every name is a valid scenario name.  Nothing here
 * prints except the writers that are given a FILE*.
 */
#ifndef OWNSIM_FIT_INT_H
#define OWNSIM_FIT_INT_H

#include <stddef.h>
#include <stdio.h>

#include "ownsim/error.h"
#include "ownsim/scenario.h"

#define FIT_WEEK 10080.0        /* minutes in a week */
#define FIT_DAY 1440.0          /* minutes in a day */
#define FIT_SMALL_N 30          /* below this many efforts: "small sample" */
#define FIT_HOURLY_MIN 20.0     /* outages per hour-of-day bin wanted for a profile */
#define FIT_DIGITS 4            /* significant digits of fitted numbers */
#define FIT_MAX_MINUTES 1e12    /* largest time a scenario distribution may reach (keys.c) */

/* The outage CSV, column by column. */
typedef struct fit_data {
    const char *path;                 /* file read, for messages (borrowed) */
    size_t n;                         /* outages (rows after the header) */
    size_t cap;                       /* allocated length of the arrays */
    double *t;                        /* occurrence times, minutes; owned */
    double *effort;                   /* efforts, minutes (>= 0); owned */
    unsigned char *cat;               /* category of each row (index into catname); owned */
    unsigned char *sev;               /* severity of each row (index into sevname); owned */
    int ncat;                         /* distinct categories seen */
    char catname[SCN_MAX_CAT][SCN_NAME]; /* in order of first appearance */
    long catline[SCN_MAX_CAT];        /* line where each category first appears */
    int nsev;                         /* distinct severities seen */
    char sevname[SCN_MAX_SEV][SCN_NAME]; /* in order of first appearance */
    long sevline[SCN_MAX_SEV];        /* line where each severity first appears */
} fit_data;

/* Read path (columns t_occur, category, severity, effort found by header
 * name; others ignored).  0, or -1 with e naming file:line and column
 * (OS_ERR_INPUT) or OS_ERR_ENV; *d is then empty. */
int fit_data_read(const char *path, fit_data *d, os_error *e);
void fit_data_free(fit_data *d);

/* The weekly arrival profile. */
typedef struct fit_profile {
    long week_first;                  /* week of the first outage (from week 0) */
    long weeks;                       /* whole weeks spanned, >= 1 */
    double per_week;                  /* n / weeks */
    long count_wd[24];                /* outages in each hour of day, Monday-Friday */
    long count_we[24];                /* outages in each hour of day, Saturday-Sunday */
    long count_day[7];                /* outages on each day, Monday = 0 */
    long n_wd;                        /* outages on Monday-Friday */
    long n_we;                        /* outages on Saturday-Sunday */
    double weekday[24];               /* relative rates, largest weight of both = 1, rounded */
    double weekend[24];               /* same scale as weekday */
    int empty_wd;                     /* weekday hours with no outage (weight 0) */
    int empty_we;                     /* weekend hours with no outage (weight 0) */
    double flat_wd;                   /* flat alternative: weekday weight (largest of the two = 1) */
    double flat_we;                   /* flat alternative: weekend weight, same scale */
    double wd_chi2;                   /* chi-square of Mon..Fri day counts against equal (4 df) */
    double wd_p;                      /* its p-value; NaN when too few outages to test */
    double we_chi2;                   /* chi-square of Sat vs Sun counts (1 df) */
    double we_p;                      /* its p-value; NaN when too few outages to test */
} fit_profile;

/* Estimate the profile from n >= 1 non-decreasing times. */
void fit_profile_estimate(const double *t, size_t n, fit_profile *p);

/* One severity's fitted effort distribution. */
typedef struct fit_effort {
    size_t n;                         /* efforts used (> 0) */
    size_t excluded;                  /* efforts <= 0 left out */
    double mu;                        /* mean of ln x (MLE) */
    double sigma;                     /* sd of ln x with the 1/n variance (MLE) */
    int constant;                     /* 1: written as a constant (n <= 1, zero variance, or n = 0) */
    char text[160];                   /* the distribution as written, e.g. lognormal(median=60, p90=240) */
    double median;                    /* written median (or the constant) */
    double p90;                       /* written p90 (or the constant) */
    double ks_d;                      /* KS statistic against the written distribution; NaN when not tested */
    double ks_crit;                   /* approximate 5% critical value 1.36/sqrt(n); NaN when not tested */
    int poor;                         /* 1: ks_d > ks_crit */
    int small;                        /* 1: 0 < n < FIT_SMALL_N */
} fit_effort;

/* Fit efforts x[0..n) (any order, any values >= 0; x is reordered).
 * -1 when out of memory. */
int fit_effort_estimate(double *x, size_t n, fit_effort *f);

/* Kolmogorov-Smirnov statistic sup |F_n - F| of a sorted sample against
 * lognormal(mu, sigma), sigma > 0. */
double fit_ks_lognormal(const double *sorted, size_t n, double mu, double sigma);

/* x rounded to `digits` significant digits, written without an exponent
 * when 1e-6 <= |x| < 1e15 and without trailing zeros ("50", "0.1235").
 * Returns the value written. */
double fit_fmt_sig(double x, int digits, char *buf, size_t n);

/* Natural order of names: digit runs compare as numbers (P2 < P10). */
int fit_natcmp(const char *a, const char *b);

#endif
