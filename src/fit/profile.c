/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * profile.c — the weekly arrival profile that `ownsim fit` writes to
 * [arrivals].
 *
 * The span is a whole number of weeks: from Monday 00:00 of the first
 * outage's week to the end of the last outage's week (at least one week),
 * so every weekday and every hour of the week is observed equally often.
 * per_week = n / weeks.  Hourly weights are rates: outages in hour h of
 * Monday-Friday divided by the number of Monday-Friday days in the span
 * (5 per week), and likewise for Saturday-Sunday (2 per week); both arrays
 * are then divided by one common factor so that the largest weight is 1
 * (the generator only uses relative rates: it spreads per_week over the
 * 168 hours of the week in proportion to their weights), and rounded to
 * FIT_DIGITS significant digits.  An hour with no outage gets weight 0.
 *
 * The generator uses one profile for all five weekdays and one for both
 * weekend days; a chi-square test of the day counts against equal shares
 * says whether the data agree (reported, not used).
 */
#include "fit_int.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

/* Chi-square of counts c[0..k) against equal expected counts; NaN p when
 * the expected count is below 5 (the approximation is then poor). */
static void equal_shares(const long *c, int k, double *chi2, double *p)
{
    long tot = 0;
    for (int i = 0; i < k; i++)
        tot += c[i];
    double expect = (double)tot / k;
    *chi2 = NAN;
    *p = NAN;
    if (expect < 5)
        return;
    double x = 0;
    for (int i = 0; i < k; i++)
        x += ((double)c[i] - expect) * ((double)c[i] - expect) / expect;
    *chi2 = x;
    *p = gsl_cdf_chisq_Q(x, k - 1);
}

void fit_profile_estimate(const double *t, size_t n, fit_profile *p)
{
    memset(p, 0, sizeof *p);
    p->week_first = (long)floor(t[0] / FIT_WEEK);
    long week_last = (long)floor(t[n - 1] / FIT_WEEK);
    p->weeks = week_last - p->week_first + 1;
    if (p->weeks < 1)
        p->weeks = 1;
    p->per_week = (double)n / (double)p->weeks;

    for (size_t i = 0; i < n; i++) {
        double m = t[i] - floor(t[i] / FIT_WEEK) * FIT_WEEK;
        int day = (int)(m / FIT_DAY);
        if (day > 6)
            day = 6;
        if (day < 0)
            day = 0;
        int hour = (int)((m - day * FIT_DAY) / 60.0);
        if (hour > 23)
            hour = 23;
        if (hour < 0)
            hour = 0;
        p->count_day[day]++;
        if (day < 5) {
            p->count_wd[hour]++;
            p->n_wd++;
        } else {
            p->count_we[hour]++;
            p->n_we++;
        }
    }

    /* rates per day of each kind, then one common scale */
    double wdays = 5.0 * (double)p->weeks, wedays = 2.0 * (double)p->weeks;
    double rwd[24], rwe[24], top = 0;
    for (int h = 0; h < 24; h++) {
        rwd[h] = (double)p->count_wd[h] / wdays;
        rwe[h] = (double)p->count_we[h] / wedays;
        top = fmax(top, fmax(rwd[h], rwe[h]));
    }
    char buf[64];
    for (int h = 0; h < 24; h++) {
        p->weekday[h] = fit_fmt_sig(rwd[h] / top, FIT_DIGITS, buf, sizeof buf);
        p->weekend[h] = fit_fmt_sig(rwe[h] / top, FIT_DIGITS, buf, sizeof buf);
        p->empty_wd += p->count_wd[h] == 0;
        p->empty_we += p->count_we[h] == 0;
    }

    /* flat alternative: one rate for weekday hours, one for weekend hours */
    double fwd = (double)p->n_wd / wdays, fwe = (double)p->n_we / wedays;
    double ftop = fmax(fwd, fwe);
    p->flat_wd = fit_fmt_sig(fwd / ftop, FIT_DIGITS, buf, sizeof buf);
    p->flat_we = fit_fmt_sig(fwe / ftop, FIT_DIGITS, buf, sizeof buf);

    equal_shares(p->count_day, 5, &p->wd_chi2, &p->wd_p);
    equal_shares(p->count_day + 5, 2, &p->we_chi2, &p->we_p);
}
