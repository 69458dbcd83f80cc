/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_fit_family.c — known answers for the effort families of `ownsim
 * fit` (src/fit/family.c, effort.c, reassign.c): maximum likelihood of
 * lognormal, gamma, Weibull and exponential; the family chosen by AIC on
 * samples drawn from each with known parameters; the Anderson-Darling and
 * KS statistics against values computed by hand; the parametric bootstrap's
 * p-values roughly uniform when the family is right and small when it is
 * clearly wrong; its determinism; the Wilson interval.
 *
 * Samples come from fixed-seed GSL mt19937 streams, so every run sees the
 * same numbers; the thresholds leave room for other seeds (stated at each).
 * The whole file runs in about two seconds.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sort.h>

#include "../../src/fit/fit_int.h"

static gsl_rng *rng(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    cr_assert_not_null(r);
    gsl_rng_set(r, seed);
    return r;
}

/* n draws from p into x (> 0). */
static void draw(const fit_par *p, gsl_rng *r, double *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double v;
        switch (p->fam) {
        case FIT_LOGNORMAL: v = gsl_ran_lognormal(r, p->a, p->b); break;
        case FIT_GAMMA: v = gsl_ran_gamma(r, p->a, p->b); break;
        case FIT_WEIBULL: v = gsl_ran_weibull(r, p->b, p->a); break;
        default: v = gsl_ran_exponential(r, p->a); break;
        }
        x[i] = v > 0 ? v : 1e-300;
    }
}

/* ---- maximum likelihood --------------------------------------------------- */

Test(fit_family, closed_forms_and_profile_equations)
{
    double x[5] = {3, 7, 12, 20, 45}, lx[5];
    fit_par p;
    cr_assert_eq(fit_mle(FIT_EXPONENTIAL, x, 5, lx, &p), 0);
    cr_assert_float_eq(p.a, 17.4, 1e-12, "exponential MLE = the mean");

    cr_assert_eq(fit_mle(FIT_LOGNORMAL, x, 5, lx, &p), 0);
    double mu = (log(3) + log(7) + log(12) + log(20) + log(45)) / 5, ss = 0;
    for (int i = 0; i < 5; i++)
        ss += (log(x[i]) - mu) * (log(x[i]) - mu);
    cr_assert_float_eq(p.a, mu, 1e-12);
    cr_assert_float_eq(p.b, sqrt(ss / 5), 1e-12, "sigma with the 1/n variance");

    /* gamma: ln k - digamma(k) = ln(mean) - mean(ln x), scale = mean / k */
    cr_assert_eq(fit_mle(FIT_GAMMA, x, 5, lx, &p), 0);
    cr_assert_float_eq(log(p.a) - gsl_sf_psi(p.a), log(17.4) - mu, 1e-9);
    cr_assert_float_eq(p.a * p.b, 17.4, 1e-9);
    /* and it is a maximum: nearby parameters have a lower likelihood */
    double best = fit_loglik(&p, x, 5);
    for (int d = -1; d <= 1; d += 2) {
        fit_par q = p;
        q.a *= 1 + 0.01 * d;
        cr_assert_lt(fit_loglik(&q, x, 5), best);
        q = p;
        q.b *= 1 + 0.01 * d;
        cr_assert_lt(fit_loglik(&q, x, 5), best);
    }

    /* Weibull: sum x^k ln x / sum x^k - 1/k = mean ln x; scale^k = mean x^k */
    cr_assert_eq(fit_mle(FIT_WEIBULL, x, 5, lx, &p), 0);
    double sw = 0, swy = 0;
    for (int i = 0; i < 5; i++) {
        sw += pow(x[i], p.a);
        swy += pow(x[i], p.a) * log(x[i]);
    }
    cr_assert_float_eq(swy / sw - 1 / p.a, mu, 1e-9);
    cr_assert_float_eq(pow(p.b, p.a), sw / 5, 1e-9 * sw);
    best = fit_loglik(&p, x, 5);
    for (int d = -1; d <= 1; d += 2) {
        fit_par q = p;
        q.a *= 1 + 0.01 * d;
        cr_assert_lt(fit_loglik(&q, x, 5), best);
        q = p;
        q.b *= 1 + 0.01 * d;
        cr_assert_lt(fit_loglik(&q, x, 5), best);
    }

    /* two-parameter families need two distinct values */
    double same[3] = {5, 5, 5};
    cr_assert_eq(fit_mle(FIT_GAMMA, same, 3, lx, &p), -1);
    cr_assert_eq(fit_mle(FIT_WEIBULL, same, 3, lx, &p), -1);
    cr_assert_eq(fit_mle(FIT_LOGNORMAL, same, 3, lx, &p), -1);
    cr_assert_eq(fit_mle(FIT_EXPONENTIAL, same, 3, lx, &p), 0);
}

/* n = 2000 from each family with known parameters, 20 seeds: the family
 * AIC chooses and the parameters recovered.  The exponential is the gamma
 * and the Weibull at shape 1, so each of those beats it by AIC when its
 * likelihood-ratio statistic exceeds 2: P(chi2_1 > 2) = 0.157 each, so the
 * exponential wins about 3 times in 4 (at least 12 of 20 wanted); the
 * others are told apart in at least 18 of 20 (observed: 20 of 20). */
Test(fit_family, aic_picks_the_true_family_and_recovers_parameters)
{
    enum { N = 2000, SEEDS = 20 };
    const fit_par truth[FIT_NFAM] = {
        {FIT_LOGNORMAL, log(30), 0.9},
        {FIT_GAMMA, 2.0, 15.0},
        {FIT_WEIBULL, 1.5, 40.0},
        {FIT_EXPONENTIAL, 30.0, 0},
    };
    const int want[FIT_NFAM] = {18, 18, 18, 12};
    double *x = malloc(N * sizeof *x);
    cr_assert_not_null(x);
    for (int fam = 0; fam < FIT_NFAM; fam++) {
        int right = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            gsl_rng *r = rng(1000u * (unsigned)fam + (unsigned)seed);
            draw(&truth[fam], r, x, N);
            gsl_rng_free(r);
            fit_effort f;
            cr_assert_eq(fit_effort_estimate(x, N, NULL, 0, &f), 0);
            right += f.best == fam;
            /* the true family's MLE within 4 standard errors at n = 2000:
             * lognormal mu 0.081 (0.9/sqrt(n)); relative, gamma shape and
             * scale 14 % (their errors are 2.9 % and 3.3 %, correlated),
             * the others 8 % (their errors are 1.6 % to 2.2 %) */
            double tol = fam == FIT_GAMMA ? 0.14 : 0.08;
            const fit_par *p = &f.cand[fam].par;
            cr_assert(f.cand[fam].ok);
            if (fam == FIT_LOGNORMAL)
                cr_assert(fabs(p->a - truth[fam].a) < 0.081, "mu %g", p->a);
            else
                cr_assert(fabs(p->a / truth[fam].a - 1) < tol, "%s a = %g, want %g",
                          fit_family_name[fam], p->a, truth[fam].a);
            if (fam != FIT_EXPONENTIAL)
                cr_assert(fabs(p->b / truth[fam].b - 1) < tol, "%s b = %g, want %g",
                          fit_family_name[fam], p->b, truth[fam].b);
        }
        cr_assert_geq(right, want[fam], "%s chosen in %d of %d seeds", fit_family_name[fam],
                      right, SEEDS);
    }
    free(x);
}

/* ---- the statistics ---------------------------------------------------------- */

/* {1, 2, 4} against exponential(mean 2), F(x) = 1 - e^(-x/2), by hand:
 *   F(1) = 0.393469, F(2) = 0.632121, F(4) = 0.864665
 *   A2 = -3 - (1/3) [1 (ln 0.393469 + ln(1 - 0.864665))
 *                    + 3 (ln 0.632121 + ln(1 - 0.632121))
 *                    + 5 (ln 0.864665 + ln(1 - 0.393469))]
 *      = -3 - (1/3) [1 (-0.932752 - 2) + 3 (-0.458675 - 1) + 5 (-0.145413 - 0.5)]
 *      = -3 - (1/3) (-10.535845) = 0.511948
 *   D  = max over i of i/n - F(x_i) and F(x_i) - (i-1)/n = F(1) - 0 = 0.393469 */
Test(fit_family, anderson_darling_and_ks_by_hand)
{
    double x[3] = {1, 2, 4};
    fit_par p = {FIT_EXPONENTIAL, 2, 0};
    cr_assert_float_eq(fit_ad(&p, x, 3), 0.511948, 1e-6, "A2 = %.7f", fit_ad(&p, x, 3));
    cr_assert_float_eq(fit_ks(&p, x, 3), 0.393469, 1e-6);
    /* one point at the median: A2 = -1 - (ln 0.5 + ln 0.5) = 2 ln 2 - 1 */
    double one[1] = {exp(1.0)};
    fit_par ln = {FIT_LOGNORMAL, 1, 1};
    cr_assert_float_eq(fit_ad(&ln, one, 1), 2 * log(2.0) - 1, 1e-12);
    /* a point far beyond the support's bulk stays finite */
    double far[2] = {1, 1e9};
    cr_assert(isfinite(fit_ad(&p, far, 2)));
}

/* Under the null the bootstrap p-value is about uniform: 100 samples of 50
 * from a lognormal and from a Weibull, each tested against its own family
 * with B = 99: at 5 % each test rejects in 2 to 10 of the 100 (binomial(100,
 * 0.05) lies there with probability 0.95), and the mean p is within 0.4 to
 * 0.6. */
Test(fit_family, bootstrap_p_value_about_uniform_under_the_null)
{
    enum { CASES = 100, N = 50, B = 99 };
    const fit_par truth[2] = {{FIT_LOGNORMAL, log(30), 0.9}, {FIT_WEIBULL, 1.5, 40}};
    double x[N], lx[N];
    for (int t = 0; t < 2; t++) {
        int rej_ks = 0, rej_ad = 0;
        double mean_ks = 0, mean_ad = 0;
        gsl_rng *r = rng(77u + (unsigned)t);
        for (int c = 0; c < CASES; c++) {
            draw(&truth[t], r, x, N);
            gsl_sort(x, 1, N);
            fit_par p;
            cr_assert_eq(fit_mle(truth[t].fam, x, N, lx, &p), 0);
            double pks, pad;
            cr_assert_eq(fit_bootstrap(&p, N, B, 5, (uint64_t)c, fit_ks(&p, x, N),
                                       fit_ad(&p, x, N), &pks, &pad), 0);
            rej_ks += pks < 0.05;
            rej_ad += pad < 0.05;
            mean_ks += pks / CASES;
            mean_ad += pad / CASES;
        }
        gsl_rng_free(r);
        const char *nm = fit_family_name[truth[t].fam];
        cr_assert(rej_ks >= 2 && rej_ks <= 10, "%s: KS rejects %d of 100", nm, rej_ks);
        cr_assert(rej_ad >= 2 && rej_ad <= 10, "%s: AD rejects %d of 100", nm, rej_ad);
        cr_assert(mean_ks > 0.4 && mean_ks < 0.6, "%s: mean KS p %g", nm, mean_ks);
        cr_assert(mean_ad > 0.4 && mean_ad < 0.6, "%s: mean AD p %g", nm, mean_ad);
    }
}

/* A clearly wrong family: a Weibull of shape 4 (left-skewed on the log
 * scale) tested as a lognormal, n = 500: every bootstrap statistic is
 * smaller, p = 1 / (B + 1). */
Test(fit_family, bootstrap_p_value_small_for_a_wrong_family)
{
    enum { N = 500, B = 99 };
    double x[N], lx[N];
    gsl_rng *r = rng(3);
    fit_par w = {FIT_WEIBULL, 4, 40};
    draw(&w, r, x, N);
    gsl_rng_free(r);
    gsl_sort(x, 1, N);
    fit_par p;
    cr_assert_eq(fit_mle(FIT_LOGNORMAL, x, N, lx, &p), 0);
    double pks, pad;
    cr_assert_eq(fit_bootstrap(&p, N, B, 1, 0, fit_ks(&p, x, N), fit_ad(&p, x, N), &pks,
                               &pad), 0);
    cr_assert_lt(pks, 0.02, "KS p %g", pks);
    cr_assert_float_eq(pad, 1.0 / (B + 1), 1e-12, "AD p %g", pad);
}

Test(fit_family, bootstrap_is_deterministic_and_seeded)
{
    enum { N = 200 };
    double x[N], lx[N];
    gsl_rng *r = rng(11);
    fit_par g = {FIT_GAMMA, 2, 15};
    draw(&g, r, x, N);
    gsl_rng_free(r);
    gsl_sort(x, 1, N);
    fit_par p;
    cr_assert_eq(fit_mle(FIT_GAMMA, x, N, lx, &p), 0);
    double ks = fit_ks(&p, x, N), ad = fit_ad(&p, x, N), a1, b1, a2, b2, a3, b3;
    cr_assert_eq(fit_bootstrap(&p, N, 199, 42, 3, ks, ad, &a1, &b1), 0);
    cr_assert_eq(fit_bootstrap(&p, N, 199, 42, 3, ks, ad, &a2, &b2), 0);
    cr_assert_eq(a1, a2);
    cr_assert_eq(b1, b2);
    /* p-values are on the 1/(B+1) grid */
    cr_assert_float_eq(a1 * 200, round(a1 * 200), 1e-9);
    cr_assert_eq(fit_bootstrap(&p, N, 199, 43, 3, ks, ad, &a3, &b3), 0);
    cr_assert(a3 != a1 || b3 != b1, "another seed, other bootstrap samples");
    cr_assert_eq(fit_bootstrap(&p, N, 0, 42, 3, ks, ad, &a3, &b3), 0);
    cr_assert(isnan(a3) && isnan(b3), "B = 0: no p-values");
}

/* A distribution whose written form the loader refuses is never chosen. */
Test(fit_family, unloadable_forms_are_not_chosen)
{
    enum { N = 400 };
    double x[N];
    /* efforts of 1e-3 and 1e12 minutes: every family reaches beyond 1e12 at
     * its 1 - 1e-9 quantile */
    for (int i = 0; i < N; i++)
        x[i] = i % 2 ? 1e12 : 1e-3;
    fit_effort f;
    cr_assert_eq(fit_effort_estimate(x, N, NULL, 0, &f), -2);
    for (int k = 0; k < FIT_NFAM; k++)
        if (f.cand[k].ok)
            cr_assert_eq(f.cand[k].usable, 0, "%s: %s", fit_family_name[k], f.cand[k].text);
}

/* ---- the Wilson interval ------------------------------------------------------ */

Test(fit_family, wilson_interval_known_values)
{
    fit_share s;
    fit_wilson(3, 10, &s);   /* textbook: 0.1078 to 0.6032 */
    cr_assert_float_eq(s.p, 0.3, 1e-12);
    cr_assert_float_eq(s.lo, 0.1078, 1e-4);
    cr_assert_float_eq(s.hi, 0.6032, 1e-4);
    fit_wilson(0, 20, &s);   /* stays in [0, 1]: 0 to z^2/(n + z^2) = 0.1611 */
    cr_assert_float_eq(s.lo, 0, 1e-12);
    cr_assert_float_eq(s.hi, 0.1611, 1e-4);
    fit_wilson(0, 0, &s);
    cr_assert(isnan(s.p) && isnan(s.lo) && isnan(s.hi));
}
