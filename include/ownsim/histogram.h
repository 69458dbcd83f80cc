/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * histogram.h — bounded-memory percentiles: a log-bucketed histogram.
 *
 * Values in [HIST_MIN, HIST_MAX) minutes fall into buckets whose edges grow
 * by a constant ratio (1 + 2*HIST_REL_ERR), so the relative error of any
 * quantile read back is at most HIST_REL_ERR (0.5%); [0, HIST_MIN) is one
 * bucket and values >= HIST_MAX are clamped into the last one.  Storage is a
 * gsl_histogram (fixed size, a few thousand bins, its edges one table for the
 * process; about 85 KB a histogram, touched as it is used), so memory does
 * not grow with the number of values.  Quantiles come from gsl_histogram_pdf
 * (the inverse of the piecewise-linear CDF).  Histograms add up exactly, so
 * merging replications in any order gives the same result.
 */
#ifndef OWNSIM_HISTOGRAM_H
#define OWNSIM_HISTOGRAM_H

#include <stddef.h>

#define HIST_MIN 0.01            /* minutes */
#define HIST_MAX 1.0e7           /* minutes (~19 years) */
#define HIST_REL_ERR 0.005

typedef struct hist hist;        /* opaque */

/* NULL when out of memory.  Caller frees with hist_destroy(). */
hist *hist_create(void);
void hist_destroy(hist *h);
void hist_reset(hist *h);

/* Count one value (negative counts as 0; NaN is ignored). */
void hist_add(hist *h, double x);

/* Count x in both a and b (e.g. all incidents and one severity): one bin
 * lookup for the two. */
void hist_add_pair(hist *a, hist *b, double x);

/* The bin x is counted in (0 for [0, HIST_MIN), NaN and negatives; values
 * past HIST_MAX in the last): exactly gsl_histogram_find's answer on the
 * edges, which the tests check. */
size_t hist_bin(const hist *h, double x);

/* dst += src. */
void hist_merge(hist *dst, const hist *src);

/* Number of values counted. */
double hist_count(const hist *h);

/* The q-quantile, q in [0,1]; NaN when empty. */
double hist_quantile(const hist *h, double q);

/* Fraction of values <= x (for empirical CDFs); NaN when empty. */
double hist_cdf(const hist *h, double x);

#endif
