/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_histogram.c — log histogram quantiles against exact order statistics.
 *
 * Each accuracy test draws 1e5 values from a fixed-seed GSL generator, sorts
 * a copy and compares hist_quantile with gsl_stats_quantile_from_sorted_data
 * at the quantiles reports use; the bound is HIST_REL_ERR relative, and
 * exact where the exact answer is an isolated point mass (0 or a constant).
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_histogram.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "ownsim/histogram.h"

#define N 100000

static const double qs[] = {0.01, 0.1, 0.5, 0.9, 0.99, 0.999};
#define NQ (sizeof qs / sizeof qs[0])

/* Fill the histogram with x, then compare every q of qs with the exact
 * quantile; a zero exact quantile must come back as exactly zero. */
static void check_against_exact(double *x, size_t n)
{
    hist *h = hist_create();
    cr_assert_not_null(h);
    for (size_t i = 0; i < n; i++)
        hist_add(h, x[i]);
    cr_assert_eq(hist_count(h), (double)n);
    gsl_sort(x, 1, n);
    for (size_t k = 0; k < NQ; k++) {
        double want = gsl_stats_quantile_from_sorted_data(x, 1, n, qs[k]);
        double got = hist_quantile(h, qs[k]);
        if (want == 0.0)
            cr_assert_eq(got, 0.0, "q=%g: got %g want 0", qs[k], got);
        else
            cr_assert_leq(fabs(got - want) / want, HIST_REL_ERR,
                          "q=%g: got %.9g want %.9g", qs[k], got, want);
    }
    /* The extremes are exact. */
    cr_assert_eq(hist_quantile(h, 0.0), x[0]);
    cr_assert_eq(hist_quantile(h, 1.0), x[n - 1]);
    hist_destroy(h);
}

static double *draw(unsigned long seed, double (*f)(const gsl_rng *, size_t))
{
    double *x = malloc(N * sizeof *x);
    cr_assert_not_null(x);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    for (size_t i = 0; i < N; i++)
        x[i] = f(r, i);
    gsl_rng_free(r);
    return x;
}

static double lognormal(const gsl_rng *r, size_t i)
{
    (void)i;
    return gsl_ran_lognormal(r, log(30.0), 1.2);
}

static double exponential(const gsl_rng *r, size_t i)
{
    (void)i;
    return gsl_ran_exponential(r, 45.0);
}

/* A waiting time: 35% exact zeros (a free resolver), else lognormal. */
static double zero_heavy(const gsl_rng *r, size_t i)
{
    (void)i;
    return gsl_rng_uniform(r) < 0.35 ? 0.0 : gsl_ran_lognormal(r, 3.0, 1.0);
}

/* Point masses only: zeros, 30 and 480 in proportions 0.3 / 0.5 / 0.2. */
static double point_masses(const gsl_rng *r, size_t i)
{
    (void)i;
    double u = gsl_rng_uniform(r);
    return u < 0.3 ? 0.0 : (u < 0.8 ? 30.0 : 480.0);
}

Test(histogram, lognormal_quantiles)
{
    double *x = draw(1, lognormal);
    check_against_exact(x, N);
    free(x);
}

Test(histogram, exponential_quantiles)
{
    double *x = draw(2, exponential);
    check_against_exact(x, N);
    free(x);
}

Test(histogram, many_zeros_quantiles)
{
    double *x = draw(3, zero_heavy);
    check_against_exact(x, N);
    free(x);
}

Test(histogram, point_masses_are_exact)
{
    double *x = draw(4, point_masses);
    check_against_exact(x, N);
    hist *h = hist_create();
    for (size_t i = 0; i < N; i++)
        hist_add(h, x[i]);
    cr_assert_eq(hist_quantile(h, 0.1), 0.0);
    cr_assert_eq(hist_quantile(h, 0.5), 30.0);
    cr_assert_eq(hist_quantile(h, 0.95), 480.0);
    hist_destroy(h);
    free(x);
}

Test(histogram, constant_value)
{
    hist *h = hist_create();
    for (int i = 0; i < 1000; i++)
        hist_add(h, 30.0);
    for (double q = 0.0; q <= 1.0; q += 0.05)
        cr_assert_leq(fabs(hist_quantile(h, q) - 30.0), 30.0 * HIST_REL_ERR,
                      "q=%g", q);
    cr_assert_eq(hist_quantile(h, 0.5), 30.0);
    cr_assert_eq(hist_cdf(h, 29.99), 0.0);
    cr_assert_eq(hist_cdf(h, 30.0), 1.0);
    hist_destroy(h);
}

Test(histogram, merge_of_halves_equals_whole)
{
    double *x = draw(5, lognormal);
    hist *whole = hist_create(), *a = hist_create(), *b = hist_create();
    for (size_t i = 0; i < N; i++) {
        hist_add(whole, x[i]);
        hist_add(i < N / 2 ? a : b, x[i]);
    }
    cr_assert_eq(hist_count(a), N / 2.0);
    hist_merge(a, b);
    cr_assert_eq(hist_count(a), (double)N);
    for (size_t k = 0; k < NQ; k++)
        cr_assert_eq(hist_quantile(a, qs[k]), hist_quantile(whole, qs[k]),
                     "q=%g", qs[k]);
    cr_assert_eq(hist_quantile(a, 0.0), hist_quantile(whole, 0.0));
    cr_assert_eq(hist_quantile(a, 1.0), hist_quantile(whole, 1.0));
    cr_assert_eq(hist_cdf(a, 55.5), hist_cdf(whole, 55.5));
    hist_destroy(whole);
    hist_destroy(a);
    hist_destroy(b);
    free(x);
}

Test(histogram, merge_into_empty_and_self)
{
    hist *a = hist_create(), *b = hist_create();
    hist_add(b, 10.0);
    hist_add(b, 20.0);
    hist_merge(a, b);
    cr_assert_eq(hist_count(a), 2.0);
    cr_assert_eq(hist_quantile(a, 0.0), 10.0);
    cr_assert_eq(hist_quantile(a, 1.0), 20.0);
    hist_merge(a, a);
    cr_assert_eq(hist_count(a), 4.0);
    cr_assert_float_eq(hist_cdf(a, 15.0), 0.5, 1e-12);
    cr_assert_float_eq(hist_cdf(a, 10.0), 0.5, 1e-12);
    cr_assert_eq(hist_cdf(a, 20.0), 1.0);
    hist_destroy(a);
    hist_destroy(b);
}

Test(histogram, count_empty_reset_and_odd_inputs)
{
    hist *h = hist_create();
    cr_assert_eq(hist_count(h), 0.0);
    cr_assert(isnan(hist_quantile(h, 0.5)));
    cr_assert(isnan(hist_cdf(h, 1.0)));
    hist_add(h, NAN);
    cr_assert_eq(hist_count(h), 0.0);
    hist_add(h, -5.0); /* counts as 0 */
    hist_add(h, 7.0);
    hist_add(h, 1e9);  /* clamped to HIST_MAX */
    cr_assert_eq(hist_count(h), 3.0);
    cr_assert_eq(hist_quantile(h, 0.0), 0.0);
    cr_assert_eq(hist_quantile(h, 1.0), HIST_MAX);
    cr_assert(isnan(hist_quantile(h, 1.5)));
    cr_assert(isnan(hist_quantile(h, -0.1)));
    cr_assert_eq(hist_cdf(h, -1.0), 0.0);
    cr_assert_float_eq(hist_cdf(h, 7.0), 2.0 / 3.0, 1e-12);
    cr_assert_eq(hist_cdf(h, INFINITY), 1.0);
    hist_reset(h);
    cr_assert_eq(hist_count(h), 0.0);
    cr_assert(isnan(hist_quantile(h, 0.5)));
    hist_add(h, 12.0);
    cr_assert_eq(hist_quantile(h, 0.5), 12.0);
    hist_destroy(h);
}

Test(histogram, bin_edges_land_in_the_right_bucket)
{
    /* Probes within 6 ulps of each bucket edge (whatever rounding the
     * implementation uses for its edges, some adjacent pair straddles it):
     * a single value reads back exactly, and two neighbours keep order. */
    hist *h = hist_create();
    double r = 1.0 + 2.0 * HIST_REL_ERR;
    for (int k = 0; k <= 2080; k += 13) { /* edges below HIST_MAX */
        double p[13];
        p[6] = HIST_MIN * exp(k * log(r));
        for (int j = 5; j >= 0; j--)
            p[j] = nextafter(p[j + 1], 0);
        for (int j = 7; j < 13; j++)
            p[j] = nextafter(p[j - 1], INFINITY);
        for (int j = 0; j < 13; j++) {
            hist_reset(h);
            hist_add(h, p[j]);
            cr_assert_eq(hist_quantile(h, 0.5), p[j], "k=%d j=%d", k, j);
            cr_assert_eq(hist_cdf(h, p[j]), 1.0, "k=%d j=%d", k, j);
            if (j == 0)
                continue;
            hist_add(h, p[j - 1]);
            cr_assert_eq(hist_quantile(h, 0.0), p[j - 1], "k=%d j=%d", k, j);
            cr_assert_eq(hist_quantile(h, 1.0), p[j], "k=%d j=%d", k, j);
            cr_assert_float_eq(hist_cdf(h, p[j - 1]), 0.5, 1e-12, "k=%d", k);
            cr_assert_eq(hist_cdf(h, p[j]), 1.0, "k=%d j=%d", k, j);
        }
    }
    hist_destroy(h);
}

Test(histogram, cdf_monotone_and_inverts_quantile)
{
    double *x = draw(6, exponential);
    hist *h = hist_create();
    for (size_t i = 0; i < N; i++)
        hist_add(h, x[i]);
    double prev = 0.0;
    for (double v = 0.0; v < 2000.0; v += 0.37) {
        double c = hist_cdf(h, v);
        cr_assert_geq(c, prev, "cdf decreased at %g", v);
        cr_assert_leq(c, 1.0);
        prev = c;
    }
    for (double q = 0.005; q < 1.0; q += 0.01) {
        /* Within one value: the cdf counts the bin's smallest value whole. */
        double c = hist_cdf(h, hist_quantile(h, q));
        cr_assert_leq(fabs(c - q), 1.0 / N + 1e-12, "q=%g cdf=%g", q, c);
    }
    /* And against the empirical fraction of the raw data. */
    gsl_sort(x, 1, N);
    for (size_t k = 0; k < NQ; k++) {
        double v = gsl_stats_quantile_from_sorted_data(x, 1, N, qs[k]);
        cr_assert_leq(fabs(hist_cdf(h, v) - qs[k]), 2e-3, "q=%g", qs[k]);
    }
    hist_destroy(h);
    free(x);
}

/* The table-driven lookup against GSL's own binary search on the same
 * edges: every edge and its neighbours within 3 ulps, a dense log-uniform
 * sweep of the whole range, and the clamps at both ends. */
Test(histogram, bin_lookup_equals_gsl_histogram_find)
{
    hist *h = hist_create();
    cr_assert_not_null(h);
    double log_r = log1p(2.0 * HIST_REL_ERR);
    size_t n = 1;
    while (HIST_MIN * exp((double)(n - 1) * log_r) <= HIST_MAX)
        n++;
    /* n edges from HIST_MIN up: bins 0..n-1, edges 0..n */
    gsl_histogram *g = gsl_histogram_alloc(n);
    double *range = malloc((n + 1) * sizeof *range);
    range[0] = 0.0;
    for (size_t k = 1; k <= n; k++)
        range[k] = HIST_MIN * exp((double)(k - 1) * log_r);
    gsl_histogram_set_ranges(g, range, n + 1);
    size_t want;
    for (size_t k = 1; k < n; k++) {
        double x = range[k];
        for (int j = 0; j < 3; j++)
            x = nextafter(x, 0);
        for (int j = 0; j < 7; j++, x = nextafter(x, INFINITY)) {
            cr_assert_eq(gsl_histogram_find(g, x, &want), 0);
            cr_assert_eq(hist_bin(h, x), want, "x=%.17g near edge %zu", x, k);
        }
    }
    uint64_t st = 42;
    for (int i = 0; i < 1000000; i++) {
        st = st * 6364136223846793005u + 1442695040888963407u;
        double u = (double)(st >> 11) * 0x1p-53;
        double x = HIST_MIN * 0.5 * exp(u * log(2.0 * HIST_MAX / HIST_MIN));
        if (x > HIST_MAX)
            continue;
        cr_assert_eq(gsl_histogram_find(g, x, &want), 0);
        cr_assert_eq(hist_bin(h, x), want, "x=%.17g", x);
    }
    cr_assert_eq(hist_bin(h, 0.0), 0);
    cr_assert_eq(hist_bin(h, 5e-324), 0);
    cr_assert_eq(hist_bin(h, -3.0), 0);
    cr_assert_eq(hist_bin(h, NAN), 0);
    cr_assert_eq(hist_bin(h, HIST_MAX), n - 1);
    cr_assert_eq(hist_bin(h, 1e300), n - 1);
    cr_assert_eq(hist_bin(h, INFINITY), n - 1);
    free(range);
    gsl_histogram_free(g);
    hist_destroy(h);
}

Test(histogram, extremes_of_a_reset_or_empty_bin_never_leak)
{
    /* A bin's smallest and largest values are kept only while it counts
     * something: after a reset, or in a bin only the other histogram of a
     * merge has, the extremes are those of the values counted since, never
     * stale ones.  12.0 and 12.05 share a bin (width 1 %), 12.02 lies
     * between them. */
    hist *a = hist_create(), *b = hist_create();
    cr_assert(a && b);
    cr_assert_eq(hist_bin(a, 12.0), hist_bin(a, 12.05));
    hist_add(a, 12.0);
    hist_add(a, 12.05);
    hist_reset(a);
    hist_add(a, 12.02);   /* alone in the bin again: exact */
    cr_assert_eq(hist_quantile(a, 0.0), 12.02);
    cr_assert_eq(hist_quantile(a, 1.0), 12.02);
    cr_assert_eq(hist_cdf(a, 12.01), 0.0);
    cr_assert_eq(hist_cdf(a, 12.02), 1.0);
    /* merging into an empty bin takes the source's extremes; into a used
     * one, the wider of the two */
    hist_add(b, 500.0);
    hist_add(b, 12.04);
    hist_merge(a, b);
    cr_assert_eq(hist_count(a), 3.0);
    cr_assert_eq(hist_quantile(a, 1.0), 500.0);
    cr_assert_eq(hist_quantile(a, 0.0), 12.02);
    hist_reset(b);
    hist_add(b, 499.0);   /* b's old 500 must not come back */
    cr_assert_eq(hist_quantile(b, 1.0), 499.0);
    hist_reset(a);
    hist_merge(a, b);     /* into a reset histogram: b's values only */
    cr_assert_eq(hist_quantile(a, 0.0), 499.0);
    cr_assert_eq(hist_quantile(a, 1.0), 499.0);
    hist_merge(a, a);     /* doubling keeps the extremes */
    cr_assert_eq(hist_count(a), 2.0);
    cr_assert_eq(hist_quantile(a, 0.0), 499.0);
    hist_destroy(a);
    hist_destroy(b);
}
