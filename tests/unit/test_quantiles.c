/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_quantiles.c — quant_place against a full sort: for arrays of every
 * size from 1 to 300 and a few larger, with many ties or none, in random,
 * sorted and reversed order, and for several sets of quantiles (the deciles
 * calibrate asks, 0 and 1, repeats, positions that share a neighbour),
 * every quantile gsl_stats_quantile_from_sorted_data reads afterwards is
 * bit for bit the one it reads from the sorted array, and the array still
 * holds the same values.
 */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "ownsim/quantiles.h"

static const double deciles[] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
static const double ends[] = {0.0, 0.5, 1.0};
static const double close_[] = {0.001, 0.002, 0.5, 0.5, 0.999, 1.0};

/* Fill v[0..n): shape 0 random with ties (12 values), 1 random without,
 * 2 ascending, 3 descending. */
static void fill(double *v, size_t n, int shape, gsl_rng *g)
{
    for (size_t i = 0; i < n; i++) {
        switch (shape) {
        case 0: v[i] = (double)gsl_rng_uniform_int(g, 12); break;
        case 1: v[i] = gsl_rng_uniform(g) * 1000.0; break;
        case 2: v[i] = (double)i * 0.5; break;
        default: v[i] = (double)(n - i) * 0.25; break;
        }
    }
}

/* quant_place on a copy of v gives, for every f, the sorted array's
 * quantile exactly; the copy is a permutation of v. */
static void check(const double *v, size_t n, const double *f, size_t nf, const char *what)
{
    double *sorted = malloc(n * sizeof *sorted), *placed = malloc(n * sizeof *placed);
    cr_assert(sorted && placed);
    memcpy(sorted, v, n * sizeof *v);
    memcpy(placed, v, n * sizeof *v);
    gsl_sort(sorted, 1, n);
    quant_place(placed, n, f, nf);
    for (size_t q = 0; q < nf; q++) {
        double want = gsl_stats_quantile_from_sorted_data(sorted, 1, n, f[q]);
        double got = gsl_stats_quantile_from_sorted_data(placed, 1, n, f[q]);
        cr_assert(memcmp(&want, &got, sizeof want) == 0,
                  "%s, n = %zu, f = %g: %.17g, want %.17g", what, n, f[q], got, want);
    }
    gsl_sort(placed, 1, n);
    cr_assert(memcmp(placed, sorted, n * sizeof *v) == 0, "%s, n = %zu: values changed", what, n);
    free(sorted);
    free(placed);
}

Test(quantiles, every_size_shape_and_set_matches_a_sort)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 7);
    static double v[5000];
    static const size_t big[] = {1000, 1001, 4999, 5000};
    for (size_t s = 0; s < 300 + sizeof big / sizeof *big; s++) {
        size_t n = s < 300 ? s + 1 : big[s - 300];
        for (int shape = 0; shape < 4; shape++) {
            fill(v, n, shape, g);
            check(v, n, deciles, 9, "deciles");
            check(v, n, ends, 3, "0, 0.5 and 1");
            check(v, n, close_, 6, "close and repeated");
        }
    }
    gsl_rng_free(g);
}

/* A position placed for one quantile and needed again as the neighbour of
 * the next (n = 11: the deciles read positions 1,2 2,3 ... 9,10) */
Test(quantiles, shared_neighbours)
{
    double v[11] = {5, 3, 9, 1, 10, 7, 2, 8, 6, 4, 0};
    quant_place(v, 11, deciles, 9);
    for (int k = 1; k <= 10; k++)
        cr_assert_eq(v[k], (double)k, "position %d holds %g", k, v[k]);
}

/* More quantiles than QUANT_MAX: still every one exact (the array sorted). */
Test(quantiles, more_than_the_table_holds)
{
    double f[QUANT_MAX + 1], v[500];
    for (size_t q = 0; q <= QUANT_MAX; q++)
        f[q] = (double)q / QUANT_MAX;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    fill(v, 500, 1, g);
    check(v, 500, f, QUANT_MAX + 1, "more than QUANT_MAX");
    gsl_rng_free(g);
}
