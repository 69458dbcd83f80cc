/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fit_int.h — the pieces of `ownsim fit`, shared by the src/fit sources and the unit
 * tests (not a public interface).
 *
 *   read.c     the outage CSV into columns (fit_data), names interned in
 *              order of first appearance, each with the line it first
 *              appears on (for errors that name file:line);
 *   profile.c  the weekly arrival profile (fit_profile) over whole weeks;
 *   family.c   the four effort families: maximum likelihood, KS and AD
 *              statistics, the parametric bootstrap;
 *   effort.c   one severity's effort: every family fitted, the least AIC
 *              chosen and written (fit_effort), and number formatting;
 *   reassign.c the misroute probability per category from an
 *              observed_reassignments column (fit_reassign);
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
#include <stdint.h>
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
    unsigned char *drawn;             /* 1 where import drew the effort (effort_source =
                                         drawn): left out of the effort fit; owned */
    size_t ndrawn;                    /* rows whose effort import drew: left out of the
                                         effort fit, counted in arrivals and mixes */
    unsigned char *cat;               /* category of each row (index into catname); owned */
    unsigned char *sev;               /* severity of each row (index into sevname); owned */
    int ncat;                         /* distinct categories seen */
    char catname[SCN_MAX_CAT][SCN_NAME]; /* in order of first appearance */
    long catline[SCN_MAX_CAT];        /* line where each category first appears */
    int nsev;                         /* distinct severities seen */
    char sevname[SCN_MAX_SEV][SCN_NAME]; /* in order of first appearance */
    long sevline[SCN_MAX_SEV];        /* line where each severity first appears */
    double *reas;                     /* observed_reassignments of each row, NaN = blank;
                                         NULL when the file has no such column; owned */
} fit_data;

/* Read path (columns t_occur, category, severity, effort found by header
 * name; others ignored).  0, or -1 with e naming file:line and column
 * (OS_ERR_INPUT) or OS_ERR_ENV; *d is then empty. */
int fit_data_read(const char *path, fit_data *d, os_error *e);
void fit_data_free(fit_data *d);

/* The observed_reassignments column, when the file has one, into d->reas
 * (a second pass over the file, row for row as fit_data_read read it):
 * blank = unknown (NaN); otherwise a whole number >= 0.  0 (d->reas stays
 * NULL without the column), or -1 with e naming file:line and column. */
int fit_reassign_read(fit_data *d, os_error *e);

/* Misroute share of one group of rows: k of n reassigned at least once. */
typedef struct fit_share {
    long n;                           /* rows with a known reassignment count */
    long k;                           /* of them, reassigned at least once */
    double p;                         /* k / n; NaN when n = 0 */
    double lo, hi;                    /* Wilson 95% interval; NaN when n = 0 */
} fit_share;

/* k of n with its Wilson score interval at 95% (z = gsl_cdf_ugaussian_Pinv(0.975)). */
void fit_wilson(long k, long n, fit_share *s);

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

/* The effort families fit chooses among (family.c), in this order. */
typedef enum fit_family {
    FIT_LOGNORMAL, FIT_GAMMA, FIT_WEIBULL, FIT_EXPONENTIAL, FIT_NFAM
} fit_family;
extern const char *const fit_family_name[FIT_NFAM];   /* "lognormal", ... */
extern const int fit_family_npar[FIT_NFAM];           /* free parameters (AIC) */

/* One family's parameters. */
typedef struct fit_par {
    fit_family fam;           /* which family */
    double a;                 /* lognormal mu; gamma, Weibull shape; exponential mean */
    double b;                 /* lognormal sigma; gamma, Weibull scale; unused (0) */
} fit_par;

/* Maximum-likelihood fit of fam to x[0..n) (all > 0); lx: n doubles of
 * scratch (the caller's).  0, or -1 when fam cannot be fitted (n too small,
 * all values equal, no root found). */
int fit_mle(fit_family fam, const double *x, size_t n, double *lx, fit_par *p);
/* ln f(x) of p at x > 0, and the sum over x[0..n). */
double fit_logpdf(const fit_par *p, double x);
double fit_loglik(const fit_par *p, const double *x, size_t n);
/* P(X <= x) and P(X > x) of p (GSL's cdfs). */
double fit_cdf(const fit_par *p, double x);
double fit_sf(const fit_par *p, double x);
/* Kolmogorov-Smirnov D and Anderson-Darling A^2 of a sorted sample > 0
 * against p. */
double fit_ks(const fit_par *p, const double *sorted, size_t n);
double fit_ad(const fit_par *p, const double *sorted, size_t n);
/* Parametric-bootstrap p-values of the observed ks and ad for samples of
 * size n from p, each refitted (B samples; MT19937 seeded from seed and
 * stream).  *p_ks, *p_ad NaN when B <= 0.  0, or -1 when out of memory. */
int fit_bootstrap(const fit_par *p, size_t n, int B, uint64_t seed, uint64_t stream,
                  double ks, double ad, double *p_ks, double *p_ad);

#define FIT_BOOT_DEFAULT 199    /* bootstrap samples unless --bootstrap says */
#define FIT_ALPHA_POOR 0.01     /* a p-value at most this: "poor fit", warned of */
#define FIT_ALPHA_DOUBT 0.05    /* at most this (and above the other): "doubtful", reported */

/* One candidate family for one severity. */
typedef struct fit_cand {
    int ok;                   /* 1: the maximum-likelihood fit exists */
    int usable;               /* 1: ok and its written form loads (within 1e12 minutes) */
    fit_par par;              /* the MLE */
    double loglik;            /* log-likelihood at the MLE */
    double aic;               /* 2 npar - 2 loglik; NaN when !ok */
    double ks, ad;            /* KS D and AD A^2 against the MLE; NaN when !ok */
    char text[160];           /* the written form, e.g. gamma(shape=1.52, scale=26.3) */
    char why[160];            /* when ok but not usable: why the loader refuses it */
} fit_cand;

/* How effort fits are tested. */
typedef struct fit_boot {
    int B;                    /* bootstrap samples; 0 = no p-values */
    uint64_t seed;            /* seed of the bootstrap streams */
} fit_boot;

/* One severity's fitted effort distribution. */
typedef struct fit_effort {
    size_t n;                         /* efforts used (> 0) */
    size_t excluded;                  /* efforts <= 0 left out */
    double mu;                        /* lognormal candidate: mean of ln x (MLE) */
    double sigma;                     /* lognormal candidate: sd of ln x, 1/n variance */
    int constant;                     /* 1: written as a constant (n <= 1, zero variance, or n = 0) */
    int copied;                       /* 1: every effort of the severity was drawn by
                                         import: the scenario's effort is written, as
                                         for a severity not in the data */
    fit_cand cand[FIT_NFAM];          /* every family, fitted */
    int best;                         /* chosen family (least AIC among usable); -1 = constant */
    char text[160];                   /* the distribution as written */
    double median;                    /* written distribution's median (or the constant) */
    double p90;                       /* its p90 (or the constant) */
    double ks_d;                      /* KS D of the chosen family; NaN when not tested */
    double ad;                        /* AD A^2 of the chosen family; NaN when not tested */
    double p_ks;                      /* bootstrap p-value of ks_d; NaN without bootstrap */
    double p_ad;                      /* bootstrap p-value of ad; NaN without bootstrap */
    int boot;                         /* bootstrap samples behind p_ks, p_ad (0 = none) */
    int poor;                         /* 1: p_ks or p_ad <= FIT_ALPHA_POOR */
    int doubtful;                     /* 1: not poor, p_ks or p_ad <= FIT_ALPHA_DOUBT */
    int small;                        /* 1: 0 < n < FIT_SMALL_N */
} fit_effort;

/* Fit efforts x[0..n) (any order, any values >= 0; x is reordered): every
 * family by maximum likelihood, the least AIC among those whose written
 * form loads, and its bootstrap p-values (bo; stream numbers the bootstrap
 * stream, e.g. the severity).  0; -1 when out of memory; -2 when no family's
 * written form loads (too spread out: see cand[].why). */
int fit_effort_estimate(double *x, size_t n, const fit_boot *bo, uint64_t stream,
                        fit_effort *f);

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
