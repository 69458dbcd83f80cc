/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_dist.c — distributions: sampling by inversion matches the analytic
 * mean and quantiles of every family, quantiles are monotone in u, every
 * parse error is caught with a reason, dist_format round-trips, empirical
 * columns are read from CSV (BOM, CRLF, quoted header).
 *
 * Reference values come from closed forms where they exist, so a swapped
 * parameter (GSL's Weibull takes scale first) shows up as a failure.
 */
/* realpath() and mkdtemp() for the empirical tests. */
#define _XOPEN_SOURCE 700

#include <criterion/criterion.h>

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "ownsim/dist.h"
#include "ownsim/rng.h"

#define NSAMP 200000
#define Z90 1.2815515655446004   /* standard normal 0.9-quantile */

static dist parse_ok(const char *text, const char *base)
{
    dist d;
    char why[512] = "";
    int rc = dist_parse(text, base, &d, why, sizeof why);
    cr_assert_eq(rc, 0, "dist_parse(\"%s\") failed: %s", text, why);
    return d;
}

static void near(double got, double want, double rel, const char *what,
                 const char *text)
{
    cr_assert(fabs(got - want) <= rel * fabs(want),
              "%s: %s = %.6g, want %.6g (rel tol %g)", text, what, got, want,
              rel);
}

/* Draw NSAMP values by inversion with a fixed seed and compare the sample
 * mean, median and p90 with the given analytic values. */
static void check_sampling(const char *text, double mean, double median,
                           double p90, double tol)
{
    dist d = parse_ok(text, NULL);
    near(dist_mean(&d), mean, 1e-12, "dist_mean", text);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20240531);
    double *x = malloc(NSAMP * sizeof *x);
    for (int i = 0; i < NSAMP; i++) {
        x[i] = dist_quantile(&d, gsl_rng_uniform_pos(r));
        cr_assert(x[i] >= 0 && isfinite(x[i]), "%s: draw %g", text, x[i]);
    }
    near(gsl_stats_mean(x, 1, NSAMP), mean, tol, "sample mean", text);
    gsl_sort(x, 1, NSAMP);
    near(gsl_stats_quantile_from_sorted_data(x, 1, NSAMP, 0.5), median, tol,
         "sample median", text);
    near(gsl_stats_quantile_from_sorted_data(x, 1, NSAMP, 0.9), p90, tol,
         "sample p90", text);
    free(x);
    gsl_rng_free(r);
    dist_free(&d);
}

Test(dist_sampling, constant)
{
    check_sampling("30", 30, 30, 30, 1e-12);
    check_sampling("const(30)", 30, 30, 30, 1e-12);
    check_sampling("const(value=0)", 0, 0, 0, 1e-12);
}

Test(dist_sampling, uniform)
{
    check_sampling("uniform(min=5, max=15)", 10, 10, 14, 0.01);
}

Test(dist_sampling, exponential)
{
    check_sampling("exponential(mean=30)", 30, 30 * log(2), 30 * log(10),
                   0.015);
    check_sampling("exponential(rate=0.1)", 10, 10 * log(2), 10 * log(10),
                   0.015);
}

Test(dist_sampling, lognormal_median_p90)
{
    double s = log(240.0 / 45.0) / Z90;
    check_sampling("lognormal(median=45, p90=240)", 45 * exp(s * s / 2), 45,
                   240, 0.02);
}

Test(dist_sampling, lognormal_mu_sigma)
{
    check_sampling("lognormal(mu=3.8, sigma=1.3)", exp(3.8 + 1.3 * 1.3 / 2),
                   exp(3.8), exp(3.8 + 1.3 * Z90), 0.02);
}

Test(dist_sampling, lognormal_mean_sd)
{
    double s2 = log(1.25), med = 100 / sqrt(1.25);
    check_sampling("lognormal(mean=100, sd=50)", 100, med,
                   med * exp(sqrt(s2) * Z90), 0.015);
}

/* Gamma with integer shape has a closed-form CDF; its quantiles come from
 * GSL, and the check that they are right is the CDF identity. */
Test(dist_sampling, gamma)
{
    double med = gsl_cdf_gamma_Pinv(0.5, 2, 15);
    double p90 = gsl_cdf_gamma_Pinv(0.9, 2, 15);
    cr_assert_float_eq(1 - exp(-med / 15) * (1 + med / 15), 0.5, 1e-9);
    cr_assert_float_eq(1 - exp(-p90 / 15) * (1 + p90 / 15), 0.9, 1e-9);
    check_sampling("gamma(shape=2, scale=15)", 30, med, p90, 0.015);
    /* mean 30, sd 15: shape 4, scale 7.5 */
    check_sampling("gamma(mean=30, sd=15)", 30,
                   gsl_cdf_gamma_Pinv(0.5, 4, 7.5),
                   gsl_cdf_gamma_Pinv(0.9, 4, 7.5), 0.015);
}

Test(dist_sampling, weibull)
{
    double k = 1.5, lam = 40;
    check_sampling("weibull(shape=1.5, scale=40)",
                   lam * gsl_sf_gamma(1 + 1 / k), lam * pow(log(2), 1 / k),
                   lam * pow(log(10), 1 / k), 0.015);
}

Test(dist_sampling, triangular)
{
    /* F(mode) = 5/55 < 0.5, so both quantiles use the upper branch. */
    check_sampling("triangular(min=5, mode=10, max=60)", 25,
                   60 - sqrt(0.5 * 55 * 50), 60 - sqrt(0.1 * 55 * 50), 0.01);
}

/* Uniforms from a 53-bit source reach 2^-53 and 1 - 2^-53: every family,
 * at the edges of the accepted parameters, stays finite there. */
Test(dist_quantile, finite_at_extreme_u)
{
    static const char *texts[] = {
        "uniform(min=0, max=1)", "exponential(mean=30)",
        "lognormal(median=45, p90=240)", "lognormal(mu=-5, sigma=4)",
        "gamma(shape=0.2, scale=10)", "gamma(shape=500, scale=10)",
        "gamma(shape=1, scale=1e-3)", "weibull(shape=0.2, scale=40)",
        "weibull(shape=50, scale=40)", "triangular(min=0, mode=0, max=1)",
    };
    const double us[] = {0x1p-53, 1e-10, 0x1p-32, 0.5, 1 - 0x1p-32,
                         1 - 0x1p-53};
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        dist d = parse_ok(texts[t], NULL);
        double prev = 0;
        for (size_t i = 0; i < sizeof us / sizeof *us; i++) {
            double q = dist_quantile(&d, us[i]);
            cr_assert(isfinite(q) && q >= prev, "%s: q(%g) = %g", texts[t],
                      us[i], q);
            prev = q;
        }
        dist_free(&d);
    }
}

Test(dist_quantile, monotone_in_u)
{
    static const char *texts[] = {
        "7", "uniform(min=5, max=15)", "exponential(mean=30)",
        "lognormal(median=45, p90=240)", "gamma(shape=0.5, scale=10)",
        "gamma(shape=2, scale=15)", "weibull(shape=0.7, scale=40)",
        "triangular(min=5, mode=10, max=60)",
        "triangular(min=0, mode=0, max=10)",
        "triangular(min=0, mode=10, max=10)",
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
        for (int v = RNG_STREAMS_V1; v <= RNG_STREAMS_V2; v++) {
            dist d = parse_ok(texts[t], NULL);
            d.streams = v;
            double prev = dist_quantile(&d, 1e-9);
            cr_assert(prev >= 0);
            for (int i = 1; i < 20000; i++) {
                double q = dist_quantile(&d, i / 20000.0);
                cr_assert(q >= prev, "%s, streams %d: q(%g)=%.17g < %.17g", texts[t],
                          v, i / 20000.0, q, prev);
                prev = q;
            }
            dist_free(&d);
        }
}

/* The stream versions (rng.h) differ only in how the exponential and the
 * Weibull quantiles are computed: log1p(-u) or log(1 - u).  For the u the
 * simulator passes (k 2^-32 from GSL streams, (m + 1/2) 2^-52 from
 * rng_decision) 1 - u is exact, so the two agree to rounding; every other
 * kind is the same function bit for bit.  A new dist samples with the
 * current version. */
Test(dist_quantile, stream_versions_agree)
{
    static const char *texts[] = {
        "exponential(mean=30)", "weibull(shape=0.7, scale=40)",
        "weibull(shape=3, scale=40)", "uniform(min=5, max=15)",
        "lognormal(median=45, p90=240)", "gamma(shape=2, scale=15)",
        "triangular(min=5, mode=10, max=60)",
    };
    const double us[] = {0x1p-53, 0x1p-32, 3 * 0x1p-32, 0.001, 0.1, 0.5, 0.9,
                         0.999, 1 - 0x1p-32, ((double)0xfffffffffffffull + 0.5) * 0x1p-52,
                         (12345.0 + 0.5) * 0x1p-52};
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        dist d = parse_ok(texts[t], NULL);
        cr_assert_eq(d.streams, RNG_STREAMS_CURRENT);
        int tail = d.kind == DIST_EXPONENTIAL || d.kind == DIST_WEIBULL;
        for (size_t i = 0; i < sizeof us / sizeof *us; i++) {
            d.streams = RNG_STREAMS_V1;
            double q1 = dist_quantile(&d, us[i]);
            d.streams = RNG_STREAMS_V2;
            double q2 = dist_quantile(&d, us[i]);
            if (tail)
                cr_assert(fabs(q1 - q2) <= 1e-13 * fabs(q1), "%s: q(%a) = %.17g vs %.17g",
                          texts[t], us[i], q1, q2);
            else
                cr_assert(q1 == q2, "%s: q(%a) differs between versions", texts[t], us[i]);
        }
        dist_free(&d);
    }
}

/* dist.c writes GSL's normal, lognormal and exponential quantiles out
 * for speed: they must be GSL's doubles for every u, or results move.
 * Checked bit for bit on every u the simulator can pass near the region
 * boundaries (|u - 1/2| = 0.425, r = 5 in the tails), at powers of two
 * down to 2^-60 and their complements, on a grid, and at a million
 * decision uniforms and GSL stream uniforms. */
static void same_as_gsl(const dist *ln, const dist *ex, double u)
{
    double z = dist_normal_quantile(u), zg = gsl_cdf_ugaussian_Pinv(u);
    cr_assert(memcmp(&z, &zg, sizeof z) == 0, "normal q(%a) = %a, GSL %a", u, z, zg);
    double l = dist_quantile(ln, u), lg = gsl_cdf_lognormal_Pinv(u, ln->p[0], ln->p[1]);
    cr_assert(memcmp(&l, &lg, sizeof l) == 0, "lognormal q(%a) = %a, GSL %a", u, l, lg);
    double e = dist_quantile(ex, u), eg = gsl_cdf_exponential_Qinv(1.0 - u, ex->p[0]);
    cr_assert(memcmp(&e, &eg, sizeof e) == 0, "exponential q(%a) = %a, GSL %a", u, e, eg);
}

Test(dist_quantile, written_out_quantiles_are_gsl_bit_for_bit)
{
    dist ln = parse_ok("lognormal(median=45, p90=240)", NULL);
    dist ex = parse_ok("exponential(mean=30)", NULL);
    cr_assert_eq(ex.streams, RNG_STREAMS_V2);
    /* the region edges: u where |u - 1/2| crosses 0.425, and where
     * sqrt(-log(u)) crosses 5 (u = e^-25), each with its neighbours */
    const double edges[] = {0.075, 0.925, exp(-25.0), 1.0 - exp(-25.0), 0.5};
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) {
        double u = edges[i];
        for (int k = 0; k < 64; k++)
            u = nextafter(u, 0.0);
        for (int k = 0; k < 128; k++, u = nextafter(u, 1.0))
            same_as_gsl(&ln, &ex, u);
    }
    for (int k = 1; k <= 60; k++) {
        same_as_gsl(&ln, &ex, ldexp(1.0, -k));
        same_as_gsl(&ln, &ex, 1.0 - ldexp(1.0, -k));
        same_as_gsl(&ln, &ex, ldexp(3.0, -k - 2));
    }
    for (int i = 1; i < 100000; i++)
        same_as_gsl(&ln, &ex, i / 100000.0);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus113);
    for (uint64_t k = 0; k < 1000000; k++) {
        same_as_gsl(&ln, &ex, rng_decision(rng_incident_key(7, 1, k), 3, (unsigned)(k & 7)));
        same_as_gsl(&ln, &ex, gsl_rng_uniform_pos(g));
    }
    gsl_rng_free(g);
    /* GSL's ends: the normal's -inf and +inf, the lognormal's 0 and +inf */
    cr_assert(isinf(dist_normal_quantile(0.0)) && dist_normal_quantile(0.0) < 0);
    cr_assert(isinf(dist_normal_quantile(1.0)) && dist_normal_quantile(1.0) > 0);
    cr_assert_eq(dist_quantile(&ln, 0.0), gsl_cdf_lognormal_Pinv(0.0, ln.p[0], ln.p[1]));
    cr_assert_eq(dist_quantile(&ln, 1.0), gsl_cdf_lognormal_Pinv(1.0, ln.p[0], ln.p[1]));
    cr_assert(isnan(dist_normal_quantile(NAN)) && isnan(dist_quantile(&ln, NAN)));
    dist_free(&ln);
    dist_free(&ex);
}

/* -------------------------------------------------------- parse errors */

static void parse_bad(const char *text, const char *needle)
{
    dist d;
    char why[512] = "";
    int rc = dist_parse(text, NULL, &d, why, sizeof why);
    cr_assert_eq(rc, -1, "dist_parse(\"%s\") should fail", text);
    cr_assert(why[0] != '\0', "no reason for \"%s\"", text);
    cr_assert(strchr(why, '\n') == NULL, "reason must be one line: %s", why);
    if (needle)
        cr_assert(strstr(why, needle) != NULL,
                  "\"%s\": reason \"%s\" lacks \"%s\"", text, why, needle);
    cr_assert_eq(d.kind, DIST_CONST);
    cr_assert_null(d.data);
    cr_assert_null(d.file);
}

Test(dist_parse, unknown_names_suggest)
{
    parse_bad("lognormall(median=45, p90=240)", "did you mean 'lognormal'");
    parse_bad("Lognormal(median=45, p90=240)", "did you mean 'lognormal'");
    parse_bad("expo(mean=3)", "unknown distribution 'expo'");
    parse_bad("gama(shape=2, scale=3)", "did you mean 'gamma'");
    parse_bad("weibul", "did you mean 'weibull'");
    parse_bad("poisson(mean=3)", "unknown distribution 'poisson'");
    parse_bad("(min=1, max=2)", "name missing");
    parse_bad("lognormal", "needs parameters");
}

Test(dist_parse, parameter_names)
{
    parse_bad("lognormal(median=45, p95=240)", "did you mean 'p90'");
    parse_bad("lognormal(median=45, foo=240)", "unknown parameter 'foo'");
    parse_bad("lognormal(median=45)", "missing parameter 'p90'");
    parse_bad("lognormal(p90=45)", "missing parameter 'median'");
    parse_bad("lognormal(median=45, median=50)", "given twice");
    parse_bad("uniform(min=1, max=2, min=3)", "given twice");
    parse_bad("lognormal(median=45, sigma=1)", "cannot be combined");
    parse_bad("exponential(mean=1, rate=2)", "cannot be combined");
    parse_bad("uniform()", "needs parameters");
    parse_bad("uniform(1, 2)", "expected key=value");
    parse_bad("uniform(=1, max=2)", "name missing");
    parse_bad("uniform(min=, max=2)", "missing");
    parse_bad("uniform(min=1,, max=2)", "empty parameter");
    parse_bad("uniform(min=1, max=2", "missing ')'");
    parse_bad("uniform(min=1, max=2) x", "after ')'");
    parse_bad("uniform(min=1, max=\"2)", "unbalanced quote");
    parse_bad("const(5, 6)", "expected key=value");
    parse_bad("const()", "needs parameters");
    parse_bad("const(v=5)", "unknown parameter 'v'");
    parse_bad("Uniform(MIN=1, max=2)", "did you mean 'uniform'");
    parse_bad("uniform(MIN=1, max=2)", "did you mean 'min'");
}

Test(dist_parse, numbers)
{
    parse_bad("", "empty");
    parse_bad("   ", "empty");
    parse_bad("12abc", "not a number");
    parse_bad("nan", "'nan' is not a decimal number");
    parse_bad("inf", "'inf' is not a decimal number");
    parse_bad("Infinity", "'Infinity' is not a decimal number");
    parse_bad("1e999", "'1e999' is too large");
    parse_bad("-5", ">= 0");
    parse_bad("const(-1)", ">= 0");
    parse_bad("const(value=abc)", "not a number");
    parse_bad("uniform(min=abc, max=5)", "value of min is not a number");
    parse_bad("uniform(min=nan, max=5)", "'nan' is not a decimal number");
    parse_bad("uniform(min=1, max=inf)", "'inf' is not a decimal number");
    parse_bad("uniform(min=1, max=-inf)", "'-inf' is not a decimal number");
    parse_bad("uniform(min=\"1\", max=5)", "not a number");
    parse_bad("uniform(min=1 2, max=5)", "not a number");
}

/* One grammar for numbers (number.h): what strtod also took is refused. */
Test(dist_parse, hexadecimal_and_overflow_refused)
{
    parse_bad("0x10", "'0x10' is not a decimal number");
    parse_bad("const(0x1p4)", "'0x1p4' is not a decimal number");
    parse_bad("exponential(mean=0x10)", "value of mean is not a number: '0x10'");
    parse_bad("lognormal(median=0x1p4, p90=60)", "'0x1p4' is not a decimal number");
    parse_bad("uniform(min=1, max=1e999)", "value of max is not a number: '1e999' is too large");
    parse_bad("gamma(shape=2, scale=1e400)", "too large");
    /* still numbers: a sign, no leading digit, an exponent */
    dist d = parse_ok("uniform(min=+.5, max=1E2)", NULL);
    cr_assert_float_eq(d.p[0], 0.5, 0);
    cr_assert_float_eq(d.p[1], 100, 0);
}

/* A quoted number is shown as written, quotes included (issue 11, item 16). */
Test(dist_parse, quoted_number_shows_the_quotes)
{
    parse_bad("lognormal(median=\"5\", p90=60)",
              "value of median is not a number: \"5\" is quoted text");
    parse_bad("const(\"7\")", "\"7\" is quoted text");
}

Test(dist_parse, ranges)
{
    parse_bad("uniform(min=-1, max=5)", "min (-1) must be >= 0");
    parse_bad("uniform(min=5, max=5)", "max (5) must exceed min (5)");
    parse_bad("uniform(min=5, max=3)", "must exceed min");
    parse_bad("exponential(mean=0)", "mean (0) must be > 0");
    parse_bad("exponential(mean=-3)", "must be > 0");
    parse_bad("exponential(rate=0)", "rate (0) must be > 0");
    parse_bad("lognormal(median=45, p90=20)", "p90 (20) must exceed median (45)");
    parse_bad("lognormal(median=45, p90=45)", "must exceed median");
    parse_bad("lognormal(median=0, p90=20)", "median (0) must be > 0");
    parse_bad("lognormal(median=-1, p90=20)", "median");
    parse_bad("lognormal(mu=1, sigma=0)", "sigma (0) must be > 0");
    parse_bad("lognormal(mu=1, sigma=-1)", "sigma");
    parse_bad("lognormal(mean=0, sd=1)", "mean (0) must be > 0");
    parse_bad("lognormal(mean=5, sd=0)", "sd (0) must be > 0");
    parse_bad("gamma(shape=0, scale=1)", "shape (0) must be > 0");
    parse_bad("gamma(shape=1, scale=-1)", "scale (-1) must be > 0");
    parse_bad("gamma(mean=-1, sd=1)", "mean (-1) must be > 0");
    parse_bad("gamma(mean=1, sd=0)", "sd (0) must be > 0");
    parse_bad("gamma(shape=0.1, scale=1)", "gamma shape 0.1 must lie within");
    parse_bad("gamma(shape=1000, scale=1)", "must lie within");
    parse_bad("gamma(mean=1, sd=10)", "gamma shape 0.01 (from mean and sd)");
    parse_bad("lognormal(mu=800, sigma=1)", "overflow");
    parse_bad("weibull(shape=0.001, scale=1)", "overflow");
    parse_bad("weibull(shape=1.5, scale=0)", "scale (0) must be > 0");
    parse_bad("weibull(shape=0, scale=1)", "shape (0) must be > 0");
    parse_bad("triangular(min=5, mode=70, max=60)", "mode (70) must lie within");
    parse_bad("triangular(min=5, mode=1, max=60)", "mode (1)");
    parse_bad("triangular(min=-1, mode=1, max=60)", "min (-1) must be >= 0");
    parse_bad("triangular(min=10, mode=10, max=10)", "must exceed min");
}

Test(dist_parse, spacing_is_free)
{
    dist d = parse_ok("  lognormal (  median = 45 ,p90=240 )  ", NULL);
    char buf[128];
    dist_format(&d, buf, sizeof buf);
    cr_assert_str_eq(buf, "lognormal(median=45, p90=240)");
    cr_assert_float_eq(d.p[0], log(45), 1e-15);
    cr_assert_float_eq(d.p[1], (log(240) - log(45)) / Z90, 1e-12);
    dist_free(&d);
    d = parse_ok(" 12.5 ", NULL);
    cr_assert_eq(d.kind, DIST_CONST);
    cr_assert_eq(d.p[0], 12.5);
}

/* ---------------------------------------------------------- round trip */

static void same_dist(const dist *a, const dist *b, const char *text)
{
    cr_assert_eq(a->kind, b->kind, "%s: kind", text);
    cr_assert_eq(a->form, b->form, "%s: form", text);
    cr_assert(memcmp(a->p, b->p, sizeof a->p) == 0, "%s: p[]", text);
    cr_assert(memcmp(a->given, b->given, sizeof a->given) == 0, "%s: given",
              text);
    cr_assert_eq(a->n, b->n, "%s: n", text);
    if (a->n)
        cr_assert(memcmp(a->data, b->data, a->n * sizeof *a->data) == 0);
    cr_assert((a->file == NULL) == (b->file == NULL));
    if (a->file)
        cr_assert_str_eq(a->file, b->file);
    cr_assert((a->column == NULL) == (b->column == NULL));
    if (a->column)
        cr_assert_str_eq(a->column, b->column);
}

static void round_trip(const char *text, const char *base)
{
    dist d = parse_ok(text, base);
    char buf[1024];
    int n = dist_format(&d, buf, sizeof buf);
    cr_assert_eq((size_t)n, strlen(buf));
    /* snprintf semantics: the length does not depend on the room given. */
    char small[4];
    cr_assert_eq(dist_format(&d, small, sizeof small), n);
    cr_assert_eq(strlen(small), n < 3 ? (size_t)n : 3);
    dist e = parse_ok(buf, NULL);
    same_dist(&d, &e, text);
    char buf2[1024];
    dist_format(&e, buf2, sizeof buf2);
    cr_assert_str_eq(buf, buf2);
    dist_free(&d);
    dist_free(&e);
}

Test(dist_format, canonical_and_round_trip)
{
    static const char *canon[] = {
        "30", "0", "const(30)", "const(value=2.5)",
        "uniform(min=5, max=15)", "exponential(mean=30)",
        "exponential(rate=0.1)", "lognormal(median=45, p90=240)",
        "lognormal(mu=3.8, sigma=1.3)", "lognormal(mu=-2, sigma=0.5)",
        "lognormal(mean=100, sd=50)", "gamma(shape=2, scale=15)",
        "gamma(mean=30, sd=15)", "weibull(shape=1.5, scale=40)",
        "triangular(min=5, mode=10, max=60)",
        "uniform(min=0.1, max=0.30000000000000004)",
        "exponential(mean=0.33333333333333331)",
        "uniform(min=1e-300, max=1.7976931348623157e+308)",
    };
    for (size_t i = 0; i < sizeof canon / sizeof *canon; i++) {
        dist d = parse_ok(canon[i], NULL);
        char buf[256];
        dist_format(&d, buf, sizeof buf);
        cr_assert_str_eq(buf, canon[i]);
        dist_free(&d);
        round_trip(canon[i], NULL);
    }
    round_trip("exponential(mean=10.5e-3)", NULL);
    round_trip("uniform(min=0, max=3.14159265358979311599796346854)", NULL);
}

Test(dist_format, copy_and_free)
{
    dist d = parse_ok("gamma(mean=30, sd=15)", NULL);
    dist c;
    cr_assert_eq(dist_copy(&c, &d), 0);
    same_dist(&d, &c, "copy");
    dist_free(&d);
    cr_assert_eq(d.kind, DIST_CONST);
    cr_assert_eq(d.p[0], 0);
    cr_assert_eq(dist_quantile(&d, 0.5), 0);
    dist_free(&d);   /* twice is harmless */
    dist_free(&c);
    dist z = dist_const(4);
    cr_assert_eq(dist_quantile(&z, 0.3), 4);
    cr_assert_eq(dist_mean(&z), 4);
    char buf[32];
    dist_format(&z, buf, sizeof buf);
    cr_assert_str_eq(buf, "4");
}

/* ----------------------------------------------------------- empirical */

static char tmpdir[64];

static const char *make_dir(void)
{
    strcpy(tmpdir, "/tmp/ownsim-dist-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
    return tmpdir;
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_file(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

Test(dist_empirical, reads_column_bom_crlf_quoted_header)
{
    const char *dir = make_dir();
    write_file(dir, "efforts.csv",
               "\xEF\xBB\xBF\"id\",\"effort\",note\r\n"
               "1,30,a\r\n"
               "2,\"10\",\"b,c\"\r\n"
               "\r\n"
               "3, 20 ,\"multi\r\nline\"\r\n"
               "4,0,d");
    dist d = parse_ok("empirical(file=efforts.csv, column=effort)", dir);
    cr_assert_eq(d.kind, DIST_EMPIRICAL);
    cr_assert_eq(d.n, 4);
    cr_assert_eq(d.data[0], 0);
    cr_assert_eq(d.data[1], 10);
    cr_assert_eq(d.data[2], 20);
    cr_assert_eq(d.data[3], 30);
    char want[PATH_MAX + 16], real[PATH_MAX];
    cr_assert_not_null(realpath(dir, real));
    snprintf(want, sizeof want, "%s/efforts.csv", real);
    cr_assert_str_eq(d.file, want);
    cr_assert_str_eq(d.column, "effort");
    cr_assert_eq(dist_mean(&d), 15);
    cr_assert_eq(dist_quantile(&d, 0.5), 15);
    cr_assert_float_eq(dist_quantile(&d, 1.0 / 3), 10, 1e-12);

    char buf[PATH_MAX + 64];
    dist_format(&d, buf, sizeof buf);
    char wantfmt[PATH_MAX + 64];
    snprintf(wantfmt, sizeof wantfmt, "empirical(file=%s, column=effort)",
             want);
    cr_assert_str_eq(buf, wantfmt);
    round_trip("empirical(file=efforts.csv, column=effort)", dir);

    dist c;
    cr_assert_eq(dist_copy(&c, &d), 0);
    same_dist(&d, &c, "empirical copy");
    dist_free(&d);
    cr_assert_eq(c.data[3], 30);
    dist_free(&c);
    cr_assert_null(c.data);
    remove_file(dir, "efforts.csv");
    rmdir(dir);
}

Test(dist_empirical, sampling_matches_data)
{
    const char *dir = make_dir();
    /* 0..100 written in a scrambled order: sorted by dist_parse. */
    char *text = malloc(4096);
    size_t at = (size_t)sprintf(text, "v\n");
    for (int i = 0; i <= 100; i++)
        at += (size_t)sprintf(text + at, "%d\n", (i * 37) % 101);
    write_file(dir, "v.csv", text);
    free(text);
    char spec[600];
    snprintf(spec, sizeof spec, "empirical(file=%s/v.csv, column=v)", dir);
    check_sampling(spec, 50, 50, 90, 0.01);
    remove_file(dir, "v.csv");
    rmdir(dir);
}

Test(dist_empirical, quoted_path_with_comma)
{
    const char *dir = make_dir();
    write_file(dir, "a,b (1).csv", "x\n1\n2\n");
    dist d = parse_ok("empirical(file=\"a,b (1).csv\", column=x)", dir);
    cr_assert_eq(d.n, 2);
    char buf[700];
    dist_format(&d, buf, sizeof buf);
    cr_assert(strstr(buf, "file=\"") != NULL, "%s", buf);
    dist e = parse_ok(buf, NULL);
    same_dist(&d, &e, buf);
    dist_free(&d);
    dist_free(&e);
    remove_file(dir, "a,b (1).csv");
    rmdir(dir);
}

static void empirical_bad(const char *csv, const char *column,
                          const char *needle)
{
    const char *dir = make_dir();
    if (csv)
        write_file(dir, "e.csv", csv);
    char spec[128], why[1024] = "";
    snprintf(spec, sizeof spec, "empirical(file=e.csv, column=%s)", column);
    dist d;
    cr_assert_eq(dist_parse(spec, dir, &d, why, sizeof why), -1,
                 "%s should fail", spec);
    cr_assert(strstr(why, needle) != NULL, "reason \"%s\" lacks \"%s\"", why,
              needle);
    cr_assert_null(d.data);
    remove_file(dir, "e.csv");
    rmdir(dir);
}

Test(dist_empirical, errors)
{
    empirical_bad("effort\n1\n", "effrot", "no column 'effrot' (columns: effort)");
    empirical_bad("a,effort\n1,2\n3,abc\n", "effort", ":3: column 'effort': 'abc' is not a decimal number");
    empirical_bad("effort\n1\n-2\n", "effort", ">= 0");
    empirical_bad("effort\n1\nnan\n", "effort", ":3: column 'effort': 'nan' is not a decimal number");
    empirical_bad("a,effort\n1,2\n3,\n", "effort", ":3: no value");
    empirical_bad("effort\n", "effort", "no values");
    empirical_bad("", "effort", "empty");
    empirical_bad(NULL, "effort", "e.csv");
    empirical_bad("effort\n\"1\n", "effort", "unbalanced quote");
}

/* empirical_bad for bytes that may hold NULs. */
static void empirical_bad_bytes(const char *bytes, size_t n, const char *column,
                                const char *needle)
{
    const char *dir = make_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/e.csv", dir);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(bytes, 1, n, f), n);
    fclose(f);
    char spec[128], why[1024] = "";
    snprintf(spec, sizeof spec, "empirical(file=e.csv, column=%s)", column);
    dist d;
    cr_assert_eq(dist_parse(spec, dir, &d, why, sizeof why), -1, "%s should fail", spec);
    cr_assert(strstr(why, needle) != NULL, "reason \"%s\" lacks \"%s\"", why, needle);
    cr_assert_null(d.data);
    remove_file(dir, "e.csv");
    rmdir(dir);
}

/* Issue 11, items 6 and 7: what used to be silently misread. */
Test(dist_empirical, nul_duplicate_ragged_hex_refused)
{
    /* "5\0" + "0" was read as 5 */
    static const char nul[] = "effort\n1\n5\0000\n";
    empirical_bad_bytes(nul, sizeof nul - 1, "effort", ":3: effort: this field (field 1) holds a NUL byte");
    static const char nulhdr[] = "eff\0ort\n1\n";
    empirical_bad_bytes(nulhdr, sizeof nulhdr - 1, "effort", ":1: field 1 of the header row holds a NUL");
    /* two columns of that name: the first used to win */
    empirical_bad("effort,effort\n1,100\n2,200\n", "effort",
                  ":1: column 'effort' appears twice in the header (fields 1 and 2)");
    empirical_bad("a,effort,b,effort\n1,2,3,4\n", "effort", "fields 2 and 4");
    /* a duplicate of another column is no ambiguity for this one */
    const char *dir = make_dir();
    write_file(dir, "ok.csv", "note,effort,note\nx,5,y\nz,7,w\n");
    char spec[600];
    snprintf(spec, sizeof spec, "empirical(file=%s/ok.csv, column=effort)", dir);
    dist d = parse_ok(spec, NULL);
    cr_assert_eq(d.n, 2);
    dist_free(&d);
    remove_file(dir, "ok.csv");
    rmdir(dir);
    /* ragged rows: more or fewer fields than the header */
    empirical_bad("a,effort\n1,2\n3\n", "effort", ":3: row has 1 field, the header has 2");
    empirical_bad("effort\n1\n2,3\n", "effort", ":3: row has 2 fields, the header has 1");
    empirical_bad("effort,a\n1,x\n2,y,z\n", "effort", ":3: row has 3 fields, the header has 2");
    /* one number grammar */
    empirical_bad("effort\n1\n0x10\n", "effort", ":3: column 'effort': '0x10' is not a decimal number");
    empirical_bad("effort\n1\ninf\n", "effort", "'inf' is not a decimal number");
    empirical_bad("effort\n1\n1e999\n", "effort", "'1e999' is too large");
}

Test(dist_empirical, blanks_around_values_still_read)
{
    const char *dir = make_dir();
    write_file(dir, "b.csv", "effort\n 1\n2 \n\" 3\t\"\n");
    char spec[600];
    snprintf(spec, sizeof spec, "empirical(file=%s/b.csv, column=effort)", dir);
    dist d = parse_ok(spec, NULL);
    cr_assert_eq(d.n, 3);
    cr_assert_float_eq(d.data[2], 3, 0);
    dist_free(&d);
    remove_file(dir, "b.csv");
    rmdir(dir);
}

Test(dist_empirical, parameters)
{
    parse_bad("empirical(file=x.csv)", "missing parameter 'column'");
    parse_bad("empirical(column=x)", "missing parameter 'file'");
    parse_bad("empirical(file=x.csv, colum=x)", "did you mean 'column'");
    parse_bad("empirical(file=, column=x)", "missing");
    parse_bad("empirical(file=\"\", column=x)", "non-empty file");
}

/* ---- dist_cdf: the distribution function --------------------------------- */

/* Closed forms per family, so that a swapped GSL argument (the Weibull's
 * scale comes first) or a wrong parameter fails. */
Test(dist_cdf, known_values)
{
    struct { const char *spec; double x, want; } cases[] = {
        {"30", 29.999, 0},
        {"30", 30, 1},
        {"uniform(min=5, max=15)", 7.5, 0.25},
        {"uniform(min=5, max=15)", 4, 0},
        {"uniform(min=5, max=15)", 16, 1},
        {"exponential(mean=30)", 30, 1 - exp(-1)},
        {"exponential(rate=0.5)", 2, 1 - exp(-1)},
        {"lognormal(median=40, p90=100)", 40, 0.5},
        {"lognormal(median=40, p90=100)", 100, 0.9},
        {"lognormal(mu=3, sigma=0.5)", exp(3.5), gsl_cdf_ugaussian_P(1)},
        {"gamma(shape=2, scale=15)", 30, 1 - exp(-2) * 3},
        {"weibull(shape=2, scale=10)", 10, 1 - exp(-1)},
        {"weibull(shape=2, scale=10)", 20, 1 - exp(-4)},
        {"triangular(min=5, mode=10, max=60)", 5, 0},
        {"triangular(min=5, mode=10, max=60)", 10, 25.0 / 275},
        {"triangular(min=5, mode=10, max=60)", 35, 1 - 625.0 / 2750},
        {"triangular(min=5, mode=10, max=60)", 60, 1},
        {"triangular(min=0, mode=0, max=10)", 5, 0.75},
        {"triangular(min=0, mode=10, max=10)", 5, 0.25},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        dist d = parse_ok(cases[i].spec, NULL);
        double got = dist_cdf(&d, cases[i].x);
        cr_expect(fabs(got - cases[i].want) < 1e-12, "%s: cdf(%g) = %.15g, want %.15g",
                  cases[i].spec, cases[i].x, got, cases[i].want);
        cr_expect_eq(dist_cdf(&d, -1), 0, "%s: below the support", cases[i].spec);
        dist_free(&d);
    }
}

/* cdf(quantile(u)) = u for every continuous family, and the cdf never falls. */
Test(dist_cdf, inverts_the_quantile)
{
    const char *specs[] = {"uniform(min=5, max=15)", "exponential(mean=30)",
                           "lognormal(median=45, p90=240)", "gamma(shape=2, scale=15)",
                           "gamma(shape=0.5, scale=3)", "weibull(shape=1.5, scale=40)",
                           "weibull(shape=0.7, scale=40)", "triangular(min=5, mode=10, max=60)"};
    for (size_t i = 0; i < sizeof specs / sizeof *specs; i++) {
        dist d = parse_ok(specs[i], NULL);
        double prev = 0;
        for (int k = 1; k < 1000; k++) {
            double u = k / 1000.0;
            double x = dist_quantile(&d, u);
            cr_expect(fabs(dist_cdf(&d, x) - u) < 1e-9, "%s: cdf(q(%g)) = %.12g", specs[i],
                      u, dist_cdf(&d, x));
            double c = dist_cdf(&d, 0.1 * k);
            cr_expect(c >= prev, "%s: cdf falls at %g", specs[i], 0.1 * k);
            prev = c;
        }
        cr_expect_eq(dist_cdf(&d, 1e9), 1, "%s: above the support", specs[i]);
        dist_free(&d);
    }
}

/* An empirical column: the inverse of the interpolated quantile, a step at
 * repeated values, 0 below the smallest and 1 from the largest. */
Test(dist_cdf, empirical)
{
    const char *dir = make_dir();
    write_file(dir, "t.csv", "v\n30\n20\n10\n20\n");
    write_file(dir, "one.csv", "v\n7\n");
    char spec[600];
    snprintf(spec, sizeof spec, "empirical(file=%s/t.csv, column=v)", dir);
    dist d = parse_ok(spec, NULL);
    struct { double x, want; } cases[] = {
        {9.99, 0}, {10, 0}, {15, 1.0 / 6}, {20, 2.0 / 3}, {25, 2.5 / 3}, {30, 1}, {31, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        cr_expect(fabs(dist_cdf(&d, cases[i].x) - cases[i].want) < 1e-12,
                  "cdf(%g) = %.15g, want %.15g", cases[i].x, dist_cdf(&d, cases[i].x),
                  cases[i].want);
    for (int k = 1; k < 100; k++) {
        double u = k / 100.0, x = dist_quantile(&d, u);
        /* where the quantile is flat (the two 20s, u in [1/3, 2/3]) the
         * cdf is the top of the step */
        double want = x == 20 ? 2.0 / 3 : u;
        cr_expect(fabs(dist_cdf(&d, x) - want) < 1e-12, "u %g: x %g cdf %.15g", u, x,
                  dist_cdf(&d, x));
    }
    dist_free(&d);
    snprintf(spec, sizeof spec, "empirical(file=%s/one.csv, column=v)", dir);
    d = parse_ok(spec, NULL);
    cr_expect_eq(dist_cdf(&d, 6.9), 0);
    cr_expect_eq(dist_cdf(&d, 7), 1);
    dist_free(&d);
    remove_file(dir, "t.csv");
    remove_file(dir, "one.csv");
    rmdir(dir);
}
