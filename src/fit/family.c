/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * family.c — the four effort families `ownsim fit` chooses among
 * (lognormal, gamma, Weibull, exponential): maximum-likelihood fits, log-
 * likelihoods, and the goodness-of-fit statistics Kolmogorov-Smirnov (KS)
 * and Anderson-Darling (AD) with p-values from a parametric bootstrap.
 *
 * Maximum likelihood (x_i > 0, y_i = ln x_i):
 *   lognormal    mu = mean y, sigma^2 = (1/n) sum (y - mu)^2      closed form
 *   exponential  mean = mean x                                     closed form
 *   gamma        shape k solves ln k - digamma(k) = ln(mean x) - mean y (the
 *                profile-likelihood equation; its left side falls from +inf
 *                to 0, so the root is unique), scale = mean x / k
 *   Weibull      shape k solves sum x^k y / sum x^k - 1/k - mean y = 0 (the
 *                profile-likelihood equation; increasing in k, one root),
 *                scale = (mean x^k)^(1/k)
 * Both shape equations are solved with GSL's Brent root finder
 * (gsl_root_fsolver_brent) on a bracket grown geometrically from a moment
 * guess, to a relative tolerance of 1e-10.  x^k is computed as
 * exp(k (y - max y)) so that no power overflows.
 *
 * The statistics are computed against the fitted parameters with GSL's
 * cdfs (gsl_cdf_*_P) and survival functions (gsl_cdf_*_Q, so ln(1 - F)
 * keeps its precision in the upper tail):
 *   KS  D   = max_i max(i/n - F(x_(i)), F(x_(i)) - (i-1)/n)
 *   AD  A^2 = -n - (1/n) sum_i (2i - 1) [ln F(x_(i)) + ln(1 - F(x_(n+1-i)))]
 * with F clamped to [1e-300, 1] so that a point beyond the support gives a
 * large, finite A^2.  Because the parameters are estimated from the same
 * data, the classical critical values do not apply (the statistics come out
 * smaller than for a distribution fixed in advance); the p-value is found by
 * simulation instead: B samples of size n are drawn from the fitted
 * distribution (gsl_ran_*), each is refitted by the same maximum likelihood,
 * and its statistic computed against its own refit; p = (1 + #{T_b >= T}) /
 * (B + 1) (Davison & Hinkley 1997, 4.2).  A sample whose refit fails counts
 * as T_b = +inf (conservative).  The generator is GSL's MT19937 seeded from
 * (seed, stream) by splitmix64, so the p-values are a pure function of the
 * data, the seed and B.
 *
 * Memory: the bootstrap allocates one sample of n doubles for its duration.
 */
#include "fit_int.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sort.h>

const char *const fit_family_name[FIT_NFAM] = {"lognormal", "gamma", "weibull",
                                                "exponential"};
const int fit_family_npar[FIT_NFAM] = {2, 2, 2, 1};

/* ---- maximum likelihood ------------------------------------------------ */

typedef struct shape_eq {
    const double *y;      /* ln x (borrowed) */
    size_t n;             /* entries of y */
    double ybar;          /* mean of y */
    double ymax;          /* max of y */
    double s;             /* gamma: ln(mean x) - mean y */
} shape_eq;

static double gamma_eq(double k, void *p)
{
    const shape_eq *q = p;
    return log(k) - gsl_sf_psi(k) - q->s;
}

static double weibull_eq(double k, void *p)
{
    const shape_eq *q = p;
    double sw = 0, swy = 0;
    for (size_t i = 0; i < q->n; i++) {
        double w = exp(k * (q->y[i] - q->ymax));
        sw += w;
        swy += w * q->y[i];
    }
    return swy / sw - 1 / k - q->ybar;
}

/* The root of an increasing (sign +1) or decreasing (-1) f near k0 > 0;
 * NaN when no bracket or no convergence. */
static double solve_shape(double (*f)(double, void *), shape_eq *q, double k0, int sign)
{
    gsl_function F = {f, q};
    double lo = k0 / 2, hi = k0 * 2;
    int it;
    for (it = 0; it < 200 && sign * f(lo, q) > 0; it++)
        lo /= 2;
    for (int j = 0; j < 200 && sign * f(hi, q) < 0; j++)
        hi *= 2;
    double flo = f(lo, q), fhi = f(hi, q);
    if (!(sign * flo <= 0 && sign * fhi >= 0) || !isfinite(flo) || !isfinite(fhi))
        return NAN;
    if (flo == 0)
        return lo;
    if (fhi == 0)
        return hi;
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return NAN;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    double r = NAN;
    if (gsl_root_fsolver_set(s, &F, lo, hi) == GSL_SUCCESS)
        for (int i = 0; i < 200; i++) {
            if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
                break;
            double a = gsl_root_fsolver_x_lower(s), b = gsl_root_fsolver_x_upper(s);
            if (gsl_root_test_interval(a, b, 0, 1e-10) == GSL_SUCCESS) {
                r = gsl_root_fsolver_root(s);
                break;
            }
        }
    gsl_set_error_handler(old);
    gsl_root_fsolver_free(s);
    return r;
}

int fit_mle(fit_family fam, const double *x, size_t n, double *lx, fit_par *p)
{
    memset(p, 0, sizeof *p);
    p->fam = fam;
    if (n == 0)
        return -1;
    double sx = 0, sy = 0, ymin = INFINITY, ymax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (!(x[i] > 0))
            return -1;
        lx[i] = log(x[i]);
        sx += x[i];
        sy += lx[i];
        ymin = fmin(ymin, lx[i]);
        ymax = fmax(ymax, lx[i]);
    }
    double xbar = sx / (double)n, ybar = sy / (double)n;
    if (fam == FIT_EXPONENTIAL) {
        p->a = xbar;
        return xbar > 0 && isfinite(xbar) ? 0 : -1;
    }
    if (n < 2 || ymin == ymax)
        return -1;
    shape_eq q = {.y = lx, .n = n, .ybar = ybar, .ymax = ymax};
    if (fam == FIT_LOGNORMAL) {
        double ss = 0;
        for (size_t i = 0; i < n; i++)
            ss += (lx[i] - ybar) * (lx[i] - ybar);
        p->a = ybar;
        p->b = sqrt(ss / (double)n);
        return p->b > 0 ? 0 : -1;
    }
    if (fam == FIT_GAMMA) {
        q.s = log(xbar) - ybar;
        if (!(q.s > 0))
            return -1;
        /* Minka's (2002) approximation as the starting point */
        double k0 = (3 - q.s + sqrt((q.s - 3) * (q.s - 3) + 24 * q.s)) / (12 * q.s);
        double k = solve_shape(gamma_eq, &q, k0, -1);
        if (!(k > 0) || !isfinite(k))
            return -1;
        p->a = k;
        p->b = xbar / k;
        return 0;
    }
    /* Weibull: start from the moment guess pi / (sd(ln x) sqrt 6) */
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (lx[i] - ybar) * (lx[i] - ybar);
    double k0 = 1.2825 / sqrt(ss / (double)n);
    double k = solve_shape(weibull_eq, &q, k0, +1);
    if (!(k > 0) || !isfinite(k))
        return -1;
    double sw = 0;
    for (size_t i = 0; i < n; i++)
        sw += exp(k * (lx[i] - ymax));
    p->a = k;
    p->b = exp(ymax + log(sw / (double)n) / k);
    return isfinite(p->b) && p->b > 0 ? 0 : -1;
}

double fit_logpdf(const fit_par *p, double x)
{
    double y = log(x);
    switch (p->fam) {
    case FIT_LOGNORMAL: {
        double z = (y - p->a) / p->b;
        return -y - log(p->b) - 0.91893853320467274178 - 0.5 * z * z;   /* ln sqrt(2 pi) */
    }
    case FIT_GAMMA:
        return (p->a - 1) * y - x / p->b - p->a * log(p->b) - gsl_sf_lngamma(p->a);
    case FIT_WEIBULL:
        return log(p->a) - p->a * log(p->b) + (p->a - 1) * y - pow(x / p->b, p->a);
    case FIT_EXPONENTIAL:
    default:
        return -log(p->a) - x / p->a;
    }
}

double fit_loglik(const fit_par *p, const double *x, size_t n)
{
    double l = 0;
    for (size_t i = 0; i < n; i++)
        l += fit_logpdf(p, x[i]);
    return l;
}

double fit_cdf(const fit_par *p, double x)
{
    switch (p->fam) {
    case FIT_LOGNORMAL: return gsl_cdf_lognormal_P(x, p->a, p->b);
    case FIT_GAMMA: return gsl_cdf_gamma_P(x, p->a, p->b);
    case FIT_WEIBULL: return gsl_cdf_weibull_P(x, p->b, p->a);
    case FIT_EXPONENTIAL:
    default: return gsl_cdf_exponential_P(x, p->a);
    }
}

double fit_sf(const fit_par *p, double x)
{
    switch (p->fam) {
    case FIT_LOGNORMAL: return gsl_cdf_lognormal_Q(x, p->a, p->b);
    case FIT_GAMMA: return gsl_cdf_gamma_Q(x, p->a, p->b);
    case FIT_WEIBULL: return gsl_cdf_weibull_Q(x, p->b, p->a);
    case FIT_EXPONENTIAL:
    default: return gsl_cdf_exponential_Q(x, p->a);
    }
}

static double draw(const fit_par *p, gsl_rng *r)
{
    switch (p->fam) {
    case FIT_LOGNORMAL: return gsl_ran_lognormal(r, p->a, p->b);
    case FIT_GAMMA: return gsl_ran_gamma(r, p->a, p->b);
    case FIT_WEIBULL: return gsl_ran_weibull(r, p->b, p->a);
    case FIT_EXPONENTIAL:
    default: return gsl_ran_exponential(r, p->a);
    }
}

/* ---- goodness of fit ---------------------------------------------------- */

double fit_ks(const fit_par *p, const double *sorted, size_t n)
{
    double d = 0;
    for (size_t i = 0; i < n; i++) {
        double F = fit_cdf(p, sorted[i]);
        d = fmax(d, fmax((double)(i + 1) / (double)n - F, F - (double)i / (double)n));
    }
    return d;
}

double fit_ad(const fit_par *p, const double *sorted, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double F = fmax(fit_cdf(p, sorted[i]), 1e-300);
        double Q = fmax(fit_sf(p, sorted[n - 1 - i]), 1e-300);
        s += (double)(2 * i + 1) * (log(F) + log(Q));
    }
    return -(double)n - s / (double)n;
}

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int fit_bootstrap(const fit_par *p, size_t n, int B, uint64_t seed, uint64_t stream,
                  double ks, double ad, double *p_ks, double *p_ad)
{
    *p_ks = *p_ad = NAN;
    if (B <= 0 || n == 0)
        return 0;
    double *x = malloc(2 * n * sizeof *x);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!x || !r) {
        free(x);
        if (r)
            gsl_rng_free(r);
        return -1;
    }
    uint64_t st = seed ^ (0x6a09e667f3bcc909ULL * (stream + 1));
    gsl_rng_set(r, (unsigned long)(splitmix64(&st) & 0xffffffffUL));
    long ge_ks = 0, ge_ad = 0;
    for (int b = 0; b < B; b++) {
        for (size_t i = 0; i < n; i++) {
            double v = draw(p, r);
            x[i] = v > 0 ? v : DBL_MIN;   /* a draw of exactly 0 (underflow): the smallest positive */
        }
        gsl_sort(x, 1, n);
        fit_par q;
        if (fit_mle(p->fam, x, n, x + n, &q) < 0) {
            ge_ks++;
            ge_ad++;
            continue;
        }
        ge_ks += fit_ks(&q, x, n) >= ks;
        ge_ad += fit_ad(&q, x, n) >= ad;
    }
    gsl_rng_free(r);
    free(x);
    *p_ks = (double)(1 + ge_ks) / (double)(B + 1);
    *p_ad = (double)(1 + ge_ad) / (double)(B + 1);
    return 0;
}
