/*
 * effort.c — one severity's effort distribution: a lognormal fitted by
 * maximum likelihood, and its Kolmogorov-Smirnov statistic.
 *
 * MLE of a lognormal: mu = mean(ln x), sigma^2 = (1/n) sum (ln x - mu)^2
 * (the 1/n variance, not 1/(n-1): that is the maximum-likelihood estimate).
 * It is written as the scenario syntax people read, lognormal(median=e^mu,
 * p90=e^(mu + sigma z0.9)) with z0.9 = gsl_cdf_ugaussian_Pinv(0.9), both
 * rounded to FIT_DIGITS significant digits (more when rounding would make
 * p90 equal the median, which the loader refuses).  Efforts <= 0 cannot be
 * log-transformed and are left out (counted).  One effort, or all equal:
 * a constant.  The KS statistic is computed against the distribution as
 * written (after rounding), i.e. what the simulator will sample.
 */
#include "fit_int.h"

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
    f->median = f->p90 = fit_fmt_sig(v, FIT_DIGITS, buf, sizeof buf);
    snprintf(f->text, sizeof f->text, "%s", buf);
}

int fit_effort_estimate(double *x, size_t n, fit_effort *f)
{
    memset(f, 0, sizeof *f);
    f->ks_d = f->ks_crit = NAN;
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
    for (size_t i = 0; i < m; i++)
        lx[i] = log(x[i]);
    f->mu = gsl_stats_mean(lx, 1, m);
    f->sigma = m > 1 ? sqrt(gsl_stats_variance_with_fixed_mean(lx, 1, m, f->mu)) : 0;
    double lo = gsl_stats_min(lx, 1, m), hi = gsl_stats_max(lx, 1, m);
    free(lx);
    if (m == 1 || lo == hi || !(f->sigma > 0)) {
        f->sigma = 0;
        set_constant(f, exp(f->mu));
        return 0;
    }
    double z = gsl_cdf_ugaussian_Pinv(0.9);
    char med[64], p90[64];
    int digits = FIT_DIGITS;
    for (;; digits++) {
        f->median = fit_fmt_sig(exp(f->mu), digits, med, sizeof med);
        f->p90 = fit_fmt_sig(exp(f->mu + f->sigma * z), digits, p90, sizeof p90);
        if (f->p90 > f->median && f->median > 0)
            break;
        if (digits == 17) {
            set_constant(f, exp(f->mu));
            return 0;
        }
    }
    snprintf(f->text, sizeof f->text, "lognormal(median=%s, p90=%s)", med, p90);

    double mu_w = log(f->median), sigma_w = (log(f->p90) - mu_w) / z;
    gsl_sort(x, 1, m);
    f->ks_d = fit_ks_lognormal(x, m, mu_w, sigma_w);
    f->ks_crit = 1.36 / sqrt((double)m);
    f->poor = f->ks_d > f->ks_crit;
    return 0;
}
