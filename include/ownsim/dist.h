/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dist.h — probability distributions written as text in scenarios, e.g.
 *   30                                  constant 30
 *   const(30)
 *   uniform(min=5, max=15)
 *   exponential(mean=30)
 *   lognormal(median=45, p90=240)       as people think about repair times
 *   lognormal(mu=3.8, sigma=1.3)
 *   gamma(shape=2, scale=15)
 *   weibull(shape=1.5, scale=40)
 *   triangular(min=5, mode=10, max=60)
 *   empirical(file=efforts.csv, column=effort)
 *
 * Sampling is by inversion: dist_quantile(d, u) maps one uniform u in (0,1)
 * to a value with GSL's inverse CDFs (gsl_cdf_*_Pinv; for the exponential
 * and the Weibull under stream version 2, gsl_cdf_*_Qinv at 1 - u, the same
 * quantile by the faster log instead of log1p, see rng.h), so that the very same
 * uniform gives the same draw under every ownership model (common random
 * numbers) and a larger parameter gives a larger draw (monotone, so "more
 * delay never helps" holds draw by draw).  The lognormal's and the
 * exponential's (version 2) are GSL's formulas written out in dist.c, for
 * speed, giving GSL's doubles exactly.  The triangular inverse has a
 * closed form (GSL has none); the empirical one interpolates the sorted
 * column with gsl_stats_quantile_from_sorted_data.
 *
 * Every value drawn is >= 0 (times and efforts); parameters that would allow
 * a negative value are rejected by dist_parse().
 */
#ifndef OWNSIM_DIST_H
#define OWNSIM_DIST_H

#include <stddef.h>

typedef enum dist_kind {
    DIST_CONST,
    DIST_UNIFORM,
    DIST_EXPONENTIAL,
    DIST_LOGNORMAL,
    DIST_GAMMA,
    DIST_WEIBULL,
    DIST_TRIANGULAR,
    DIST_EMPIRICAL
} dist_kind;

typedef struct dist {
    dist_kind kind;      /* which family */
    int form;            /* which parameter names were written (for printing back) */
    double p[3];         /* natural parameters, see dist.c for each kind */
    double given[3];     /* parameters as written, in the written form */
    double *data;        /* EMPIRICAL: sorted sample, owned; NULL otherwise */
    size_t n;            /* EMPIRICAL: number of values in data */
    char *file;          /* EMPIRICAL: absolute path of the CSV, owned */
    char *column;        /* EMPIRICAL: column name, owned */
    int streams;         /* stream version (rng.h) whose quantile formulas apply;
                            RNG_STREAMS_CURRENT unless the scenario says otherwise */
} dist;

/* Parse text into *out.  Relative empirical paths are taken from base_dir
 * (the scenario file's folder; NULL = current directory).  Returns 0, or -1
 * with a one-line reason in why[] (e.g. "p90 (20) must exceed median (45)"),
 * or -2 when the environment failed, not the text (out of memory, an
 * empirical file that cannot be read: why says which); on -1 or -2 nothing
 * needs freeing.  On 0 the caller owns *out: dist_free(). */
int dist_parse(const char *text, const char *base_dir, dist *out,
               char *why, size_t whylen);

/* The u-quantile, u in (0,1).  O(1), except gamma (GSL iterates) and
 * empirical (O(1) interpolation). */
double dist_quantile(const dist *d, double u);

/* The standard normal u-quantile: gsl_cdf_ugaussian_Pinv(u), the same
 * double for every u (-inf at 0, +inf at 1), without a library call
 * (dist.c says why).  The lognormal quantile is exp(mu + sigma * this). */
double dist_normal_quantile(double u);

/* P(X <= x), the distribution function: GSL's gsl_cdf_*_P for the
 * uniform, exponential, lognormal, gamma and Weibull; closed forms for the
 * constant (a step at its value) and the triangular; for an empirical
 * column, the inverse of dist_quantile's interpolation (piecewise linear
 * between the sorted values, a step at repeated ones).  So
 * dist_cdf(d, dist_quantile(d, u)) = u wherever the quantile is strictly
 * increasing: the share of draws at most x.  Non-decreasing in x, 0 below
 * the support, 1 above it; O(1), empirical O(log n). */
double dist_cdf(const dist *d, double x);

/* The mean of the distribution (exact, or the sample mean for empirical). */
double dist_mean(const dist *d);

/* Write the canonical text that dist_parse() reads back to the same
 * distribution (numbers with %.17g when needed to round-trip).  Returns the
 * length written (snprintf semantics). */
int dist_format(const dist *d, char *buf, size_t n);

/* d with every draw multiplied by c > 0, "as a whole": the scale
 * parameters of its written form are multiplied and a shape kept
 * (lognormal median and p90 both, or mu + log c; gamma scale, or mean and
 * sd; Weibull scale; uniform and triangular every bound; exponential mean,
 * or rate / c; a constant), so the u-quantile of the result is c times d's
 * and the written form stays the same.  0 with *out the caller's
 * (dist_free), or -1 with a reason in why: an empirical column (not
 * scaled), or a result dist_parse refuses (a value beyond its limits).
 * Costs one dist_format and one dist_parse. */
int dist_scale(const dist *d, double c, dist *out, char *why, size_t whylen);

/* Deep copy; -1 when out of memory. */
int dist_copy(dist *dst, const dist *src);

/* Release what d owns; d becomes a constant 0.  Safe on a zeroed dist. */
void dist_free(dist *d);

/* A constant distribution (owns nothing). */
dist dist_const(double value);

#endif
