/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * quantiles.h — a few quantiles of an unsorted array without sorting it.
 *
 * gsl_stats_quantile_from_sorted_data(v, 1, n, f) reads two positions of a
 * sorted array: lhs = (int)(f * (n - 1)) and lhs + 1.  quant_place puts into
 * those positions, for every f asked, the values a full sort would put
 * there, by gsl_stats_select, leaving the rest unsorted; GSL's function
 * then gives the same quantile, bit for bit, as after gsl_sort.
 *
 * Why: gsl_sort is a heapsort, O(n log n), and calibrate sorted every
 * severity's simulated TTRs at every evaluation of its distance for nine
 * deciles (16 % of a calibrate run).  gsl_stats_select (quickselect)
 * leaves the k-th smallest at k with nothing larger before it and nothing
 * smaller after it, so positions selected within the parts between those
 * already in place all end where a sort puts them (quantiles.c: about
 * n·log2(2·nf) work, expected).
 *
 * The array must hold no NaN (no order is defined with one; a caller that
 * may have one sorts instead).  No allocation.
 */
#ifndef OWNSIM_QUANTILES_H
#define OWNSIM_QUANTILES_H

#include <stddef.h>

/* The most quantiles placed by selection in one call (with more, the
 * array is sorted whole: the same values, at a sort's cost). */
#define QUANT_MAX 64

/* Rearrange v[0..n) (n >= 1, no NaN) so that every position
 * gsl_stats_quantile_from_sorted_data reads for f[0..nf) (ascending, each
 * in [0, 1]) holds the value it has in the sorted
 * array. */
void quant_place(double *v, size_t n, const double *f, size_t nf);

#endif
