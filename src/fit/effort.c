/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * effort.c — one severity's effort distribution: lognormal, gamma, Weibull
 * and exponential fitted by maximum likelihood (family.c), the one with the
 * least AIC = 2 k - 2 ln L (k = 2, 2, 2, 1 parameters) chosen among those
 * whose written form the scenario loader accepts, and its KS and AD
 * statistics with parametric-bootstrap p-values.
 *
 * Written forms, FIT_DIGITS significant digits:
 *   lognormal(median=e^mu, p90=e^(mu + sigma z0.9)), z0.9 =
 *     gsl_cdf_ugaussian_Pinv(0.9) (more digits when rounding would make p90
 *     equal the median, which the loader refuses);
 *   gamma(shape=k, scale=theta); weibull(shape=k, scale=lambda);
 *   exponential(mean=m).
 * A written form is usable when dist_parse accepts it and its 1 - 1e-9
 * quantile and mean are at most 1e12 minutes (the loader's limit, keys.c).
 * Ties in AIC go to the earlier family in the order above.  Efforts <= 0
 * have no log-likelihood under any of the four and are left out (counted).
 * One effort, or all equal: a constant, untested.  The statistics are
 * computed against the maximum-likelihood parameters (the bootstrap refits
 * the same way); the written form differs from them only by rounding.
 */
#include "fit_int.h"

#include "ownsim/dist.h"
#include "ownsim/number.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

double fit_fmt_sig(double x, int digits, char *buf, size_t n)
{
    if (x == 0 || !isfinite(x)) {
        snprintf(buf, n, "%.17g", x == 0 ? 0.0 : x);
        return x == 0 ? 0.0 : x;
    }
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.*e", digits - 1, x);
    double r = x;   /* x is finite, so tmp is a decimal number */
    (void)num_parse_str(tmp, &r);
    int e10 = (int)floor(log10(fabs(r)));
    if (e10 < -6 || e10 >= 15) {
        snprintf(buf, n, "%.*g", digits, r);
        return r;
    }
    int dec = digits - 1 - e10;
    if (dec < 0)
        dec = 0;
    snprintf(buf, n, "%.*f", dec, r);
    if (strchr(buf, '.')) {
        size_t len = strlen(buf);
        while (len > 0 && buf[len - 1] == '0')
            buf[--len] = '\0';
        if (len > 0 && buf[len - 1] == '.')
            buf[--len] = '\0';
    }
    return r;
}

double fit_ks_lognormal(const double *sorted, size_t n, double mu, double sigma)
{
    double d = 0;
    for (size_t i = 0; i < n; i++) {
        double F = gsl_cdf_lognormal_P(sorted[i], mu, sigma);
        double above = (double)(i + 1) / (double)n - F;   /* F_n just at x_i */
        double below = F - (double)i / (double)n;         /* F_n just before x_i */
        d = fmax(d, fmax(above, below));
    }
    return d;
}

static void set_constant(fit_effort *f, double v)
{
    char buf[64];
    f->constant = 1;
    f->best = -1;
    f->median = f->p90 = fit_fmt_sig(v, FIT_DIGITS, buf, sizeof buf);
    snprintf(f->text, sizeof f->text, "%s", buf);
}

/* The written form of c (4 significant digits), and whether it loads. */
static void write_cand(fit_cand *c)
{
    char a[64], b[64];
    const fit_par *p = &c->par;
    switch (p->fam) {
    case FIT_LOGNORMAL: {
        double z = gsl_cdf_ugaussian_Pinv(0.9);
        for (int digits = FIT_DIGITS;; digits++) {
            double med = fit_fmt_sig(exp(p->a), digits, a, sizeof a);
            double p90 = fit_fmt_sig(exp(p->a + p->b * z), digits, b, sizeof b);
            if ((p90 > med && med > 0) || digits == 17)
                break;
        }
        snprintf(c->text, sizeof c->text, "lognormal(median=%s, p90=%s)", a, b);
        break;
    }
    case FIT_GAMMA:
    case FIT_WEIBULL:
        fit_fmt_sig(p->a, FIT_DIGITS, a, sizeof a);
        fit_fmt_sig(p->b, FIT_DIGITS, b, sizeof b);
        snprintf(c->text, sizeof c->text, "%s(shape=%s, scale=%s)",
                 fit_family_name[p->fam], a, b);
        break;
    case FIT_EXPONENTIAL:
    default:
        fit_fmt_sig(p->a, FIT_DIGITS, a, sizeof a);
        snprintf(c->text, sizeof c->text, "exponential(mean=%s)", a);
        break;
    }
    dist d;
    char why[160];
    if (dist_parse(c->text, NULL, &d, why, sizeof why) != 0) {
        snprintf(c->why, sizeof c->why, "%s", why);
        return;
    }
    double top = dist_quantile(&d, 1.0 - 1e-9), mean = dist_mean(&d);
    dist_free(&d);
    if (!(top <= FIT_MAX_MINUTES) || !(mean <= FIT_MAX_MINUTES)) {
        snprintf(c->why, sizeof c->why, "would reach %.3g minutes (more than %g)",
                 top, FIT_MAX_MINUTES);
        return;
    }
    c->usable = 1;
}

int fit_effort_estimate(double *x, size_t n, const fit_boot *bo, uint64_t stream,
                        fit_effort *f)
{
    memset(f, 0, sizeof *f);
    f->ks_d = f->ad = f->p_ks = f->p_ad = NAN;
    f->best = -1;
    /* positives to the front */
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (x[i] > 0) {
            double v = x[i];
            x[i] = x[m];
            x[m++] = v;
        }
    f->n = m;
    f->excluded = n - m;
    f->small = m > 0 && m < FIT_SMALL_N;
    if (m == 0) {
        set_constant(f, 0);
        return 0;
    }
    double *lx = malloc(m * sizeof *lx);
    if (!lx)
        return -1;
    gsl_sort(x, 1, m);
    for (size_t i = 0; i < m; i++)
        lx[i] = log(x[i]);
    f->mu = gsl_stats_mean(lx, 1, m);
    f->sigma = m > 1 ? sqrt(gsl_stats_variance_with_fixed_mean(lx, 1, m, f->mu)) : 0;
    if (m == 1 || x[0] == x[m - 1] || !(f->sigma > 0)) {
        free(lx);
        f->sigma = 0;
        set_constant(f, exp(f->mu));
        return 0;
    }
    for (int k = 0; k < FIT_NFAM; k++) {
        fit_cand *c = &f->cand[k];
        c->aic = c->ks = c->ad = c->loglik = NAN;
        if (fit_mle((fit_family)k, x, m, lx, &c->par) < 0)
            continue;
        c->ok = 1;
        c->loglik = fit_loglik(&c->par, x, m);
        c->aic = 2.0 * fit_family_npar[k] - 2.0 * c->loglik;
        c->ks = fit_ks(&c->par, x, m);
        c->ad = fit_ad(&c->par, x, m);
        write_cand(c);
        if (c->usable && isfinite(c->aic) && (f->best < 0 || c->aic < f->cand[f->best].aic))
            f->best = k;
    }
    free(lx);
    if (f->best < 0)
        return -2;
    const fit_cand *c = &f->cand[f->best];
    snprintf(f->text, sizeof f->text, "%s", c->text);
    dist d;
    char why[160];
    if (dist_parse(f->text, NULL, &d, why, sizeof why) == 0) {
        f->median = dist_quantile(&d, 0.5);
        f->p90 = dist_quantile(&d, 0.9);
        dist_free(&d);
    }
    f->ks_d = c->ks;
    f->ad = c->ad;
    if (bo && bo->B > 0) {
        if (fit_bootstrap(&c->par, m, bo->B, bo->seed, stream, c->ks, c->ad, &f->p_ks,
                          &f->p_ad) < 0)
            return -1;
        f->boot = bo->B;
        /* p <= alpha: the bootstrap p-value's level is exactly alpha when
         * alpha (B + 1) is whole, at most alpha otherwise */
        double pmin = fmin(f->p_ks, f->p_ad);
        f->poor = pmin <= FIT_ALPHA_POOR;
        f->doubtful = !f->poor && pmin <= FIT_ALPHA_DOUBT;
    }
    return 0;
}
