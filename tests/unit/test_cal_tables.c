/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_cal_tables.c — the calendar's tables (calendar.c, "Tables") give
 * the very doubles of the day-by-day arithmetic they replaced.
 *
 * The reference below is calendar.c's code as it was before the tables
 * (main at 0c57211), renamed ref_*: the day-by-day tally, the day scan for
 * the next opening, the floor(t / 1440) day of a time, the inline minute
 * lookup, and the site functions that call them.  Every query is compared
 * bit for bit (same(): equal bits, or both NaN) on random schedules
 * (several pieces a day, past midnight, 24x7, none, fractional piece ends),
 * zones with daylight saving, holidays (inside and past the bitmap's span),
 * several sites, and on times chosen to hit the edges: whole minutes and
 * piece bounds, a hair either side of them, powers of two (where the tables
 * hand over to the reference code), the week, the first 2^13 minutes,
 * CAL_FAST_MAX, the shift's and the holiday bitmap's horizons, negative,
 * tiny and non-finite times, and intervals from zero to many weeks long.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "ownsim/calendar.h"

/* ---- the reference: calendar.c before the tables --------------------- */

/* The inline cal_sched_is_open of calendar.h as it was. */
static bool ref_sched_is_open(const cal_sched *c, double t)
{
    if (!isfinite(t))
        return false;
    double w = t - floor(t / CAL_MIN_PER_WEEK) * CAL_MIN_PER_WEEK;
    if (w < 0.0)
        w += CAL_MIN_PER_WEEK;
    else if (w >= CAL_MIN_PER_WEEK)
        w -= CAL_MIN_PER_WEEK;
    unsigned i = (unsigned)w;
    if (i >= 10080u) /* only past 2^53 minutes */
        return false;
    return (c->minute[i >> 6] >> (i & 63u)) & 1u;
}

#define MAX_HOLIDAY_RUN 400

/* Split finite t into the absolute day number and the minute of that day,
 * guarding the rounding case where t - day*1440 lands on 1440. */
static void ref_split(double t, double *day, double *minute)
{
    double d = floor(t / CAL_MIN_PER_DAY);
    double m = t - d * CAL_MIN_PER_DAY;
    if (m >= CAL_MIN_PER_DAY) {
        d += 1.0;
        m -= CAL_MIN_PER_DAY;
    } else if (m < 0.0) {
        d -= 1.0;
        m += CAL_MIN_PER_DAY;
    }
    *day = d;
    *minute = m;
}

/* Weekday 0..6 (Monday = 0) of absolute day number day, or -1 past 2^53. */
static int ref_weekday(double day)
{
    double dow = day - 7.0 * floor(day / 7.0);
    if (!(dow >= 0.0 && dow < 7.0))
        return -1;
    return (int)dow;
}

static double ref_cal_sched_next_open(const cal_sched *c, double t)
{
    if (!(c->open_week > 0.0))
        return INFINITY;
    if (!isfinite(t))
        return t;
    double d, m;
    ref_split(t, &d, &m);
    int w = ref_weekday(d);
    if (w < 0)
        return INFINITY;
    for (int i = 0; i < c->n[w]; i++) {
        if (m < c->close[w][i])
            return m >= c->open[w][i] ? t : d * CAL_MIN_PER_DAY + c->open[w][i];
    }
    for (int k = 1; k <= 7; k++) {
        int wk = (w + k) % 7;
        if (c->n[wk])
            return (d + k) * CAL_MIN_PER_DAY + c->open[wk][0];
    }
    return INFINITY; /* unreachable */
}

/* tally() over a schedule. */
static double ref_sched_tally(const cal_sched *c, double a, double b, bool want_open)
{
    if (!(b > a))
        return 0.0;
    if (!(c->open_week > 0.0))
        return want_open ? 0.0 : b - a;
    double per_week = want_open ? c->open_week : CAL_MIN_PER_WEEK - c->open_week;
    if (!isfinite(a) || !isfinite(b))
        return per_week > 0.0 ? INFINITY : 0.0;

    double weeks = floor((b - a) / CAL_MIN_PER_WEEK);
    double sum = weeks * per_week;
    double s = a + weeks * CAL_MIN_PER_WEEK;
    if (s > b)
        s = b;

    double d, m;
    ref_split(s, &d, &m);
    int w = ref_weekday(d);
    if (w < 0)
        return want_open ? 0.0 : b - a;
    for (double start = d * CAL_MIN_PER_DAY; start < b;
         start += CAL_MIN_PER_DAY, w = w == 6 ? 0 : w + 1) {
        double lo = s > start ? s : start;
        double end = start + CAL_MIN_PER_DAY;
        double hi = b < end ? b : end;
        double open_part = 0.0;
        for (int i = 0; i < c->n[w]; i++) {
            double ol = lo > start + c->open[w][i] ? lo : start + c->open[w][i];
            double oh = hi < start + c->close[w][i] ? hi : start + c->close[w][i];
            double part = oh > ol ? oh - ol : 0.0;
            open_part = i ? open_part + part : part;
        }
        sum += want_open ? open_part : (hi - lo) - open_part;
    }
    return sum;
}

/* The first index of day[] at or after day (binary search). */
static int ref_hol_lower(const cal_holidays *h, long day)
{
    int lo = 0, hi = h->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (h->day[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool ref_cal_holidays_has(const cal_holidays *h, long day)
{
    if (!h->n || day < h->base)
        return false;
    unsigned long off = (unsigned long)(day - h->base);
    if (off < CAL_HOL_SPAN)
        return (h->bits[off / 64] >> (off % 64)) & 1u;
    if (!h->far)
        return false;
    int lo = ref_hol_lower(h, day);
    return lo < h->n && h->day[lo] == day;
}

/* Whether any date of h lies in [d0, d1]: O(1) for a span of under 64 days
 * inside the bitmap (what a replay asks), else by binary search. */
static bool ref_hol_any(const cal_holidays *h, long d0, long d1)
{
    if (!h->n || d1 < h->base || d0 > d1)
        return false;
    if (d0 < h->base)
        d0 = h->base;
    long o0 = d0 - h->base, o1 = d1 - h->base;
    if (o1 - o0 < 64 && o1 < CAL_HOL_SPAN) {
        long w0 = o0 / 64, w1 = o1 / 64;
        uint64_t lo_mask = ~UINT64_C(0) << (o0 % 64);
        uint64_t hi_mask = ~UINT64_C(0) >> (63 - o1 % 64);
        if (w0 == w1)
            return (h->bits[w0] & lo_mask & hi_mask) != 0;
        return (h->bits[w0] & lo_mask) || (h->bits[w1] & hi_mask);
    }
    int lo = ref_hol_lower(h, d0);
    return lo < h->n && h->day[lo] <= d1;
}

/* Is the local frame day of L (segment i) a holiday? */
static bool ref_hol_at(const cal_holidays *h, const cal_shift *s, int i, double L)
{
    return h && h->n && ref_cal_holidays_has(h, (long)(floor(L / CAL_MIN_PER_DAY) + s->dbase[i]));
}

/* The segment of s holding t: the last i with at[i] <= t (O(log n)). */
static int ref_seg_of(const cal_shift *s, double t)
{
    int lo = 0, hi = s->n - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (s->at[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static double ref_seg_end(const cal_shift *s, int i)
{
    return i + 1 < s->n ? s->at[i + 1] : INFINITY;
}

static bool ref_site_open(const cal_sched *w, const cal_shift *s, const cal_holidays *h,
                      double t)
{
    int i = ref_seg_of(s, t);
    double L = t + s->by[i];
    return ref_sched_is_open(w, L) && !ref_hol_at(h, s, i, L);
}

static double ref_site_next_open(const cal_sched *w, const cal_shift *s, const cal_holidays *h,
                             double t)
{
    for (int guard = 0; guard <= CAL_MAX_SHIFTS + MAX_HOLIDAY_RUN; guard++) {
        int i = ref_seg_of(s, t);
        double x = ref_cal_sched_next_open(w, t + s->by[i]);
        if (isinf(x) || isnan(x))
            return INFINITY;
        if (ref_hol_at(h, s, i, x)) { /* closed all that day: from its end */
            double next = (floor(x / CAL_MIN_PER_DAY) + 1) * CAL_MIN_PER_DAY - s->by[i];
            double e = ref_seg_end(s, i);
            t = next < e ? next : e;
            continue;
        }
        x -= s->by[i];
        if (x < t)
            x = t;
        double e = ref_seg_end(s, i);
        if (x < e)
            return x;
        t = e;
    }
    return INFINITY;
}

/* The first local time >= L at which w is closed, L open (segment i);
 * INFINITY when w is open all week with no holiday ahead. */
static double ref_local_close(const cal_sched *c, const cal_shift *s, const cal_holidays *h,
                          int i, double L)
{
    double d, m;
    ref_split(L, &d, &m);
    int w = ref_weekday(d);
    if (w < 0)
        return INFINITY;
    for (int k = 0; k < 8 + MAX_HOLIDAY_RUN; k++) {
        if (k > 0 && ref_hol_at(h, s, i, d * CAL_MIN_PER_DAY))
            return d * CAL_MIN_PER_DAY;
        int found = -1;
        for (int p = 0; p < c->n[w]; p++)
            if (m >= c->open[w][p] && m < c->close[w][p])
                found = p;
        if (found < 0)
            return d * CAL_MIN_PER_DAY + m;
        if (c->close[w][found] < CAL_MIN_PER_DAY)
            return d * CAL_MIN_PER_DAY + c->close[w][found];
        d += 1.0;
        m = 0.0;
        w = w == 6 ? 0 : w + 1;
        if (k >= 7 && !(h && h->n))
            return INFINITY;
    }
    return INFINITY;
}

/* The first time > t at which the site is closed (t itself when closed). */
static double ref_site_next_close(const cal_sched *w, const cal_shift *s, const cal_holidays *h,
                              double t)
{
    for (int guard = 0; guard <= CAL_MAX_SHIFTS; guard++) {
        int i = ref_seg_of(s, t);
        double L = t + s->by[i];
        if (!ref_sched_is_open(w, L) || ref_hol_at(h, s, i, L))
            return t;
        double x = ref_local_close(w, s, h, i, L);
        if (isinf(x))
            return INFINITY;
        x -= s->by[i];
        double e = ref_seg_end(s, i);
        if (x <= e)
            return x > t ? x : t;
        t = e;
    }
    return INFINITY;
}

/* Open minutes of the weekly table on the holidays within local [la, lb)
 * of segment i: what a holiday takes away from the weekly tally. */
static double ref_holiday_open(const cal_sched *w, const cal_shift *s, const cal_holidays *h,
                           int i, double la, double lb)
{
    if (!h || !h->n || !(lb > la))
        return 0.0;
    long d0 = (long)(floor(la / CAL_MIN_PER_DAY) + s->dbase[i]);
    long d1 = (long)(floor(lb / CAL_MIN_PER_DAY) + s->dbase[i]);
    if (!ref_hol_any(h, d0, d1))    /* the common case: no holiday in the span */
        return 0.0;
    double sum = 0.0;
    for (int k = ref_hol_lower(h, d0); k < h->n && h->day[k] <= d1; k++) {
        double start = ((double)h->day[k] - s->dbase[i]) * CAL_MIN_PER_DAY;
        double a = la > start ? la : start;
        double b = lb < start + CAL_MIN_PER_DAY ? lb : start + CAL_MIN_PER_DAY;
        sum += ref_sched_tally(w, a, b, true);
    }
    return sum;
}

static bool ref_cal_sites_is_open(const cal_sites *c, double t)
{
    if (!isfinite(t))
        return false;
    for (int k = 0; k < c->n; k++)
        if (ref_site_open(c->week[k], c->shift[k], c->hol[k], t))
            return true;
    return false;
}

static double ref_cal_sites_next_open(const cal_sites *c, double t)
{
    if (!isfinite(t))
        return t;
    double best = INFINITY;
    for (int k = 0; k < c->n; k++) {
        double x = ref_site_next_open(c->week[k], c->shift[k], c->hol[k], t);
        if (x < best)
            best = x;
    }
    return best;
}

/* The union open at t: the first time it is closed (INFINITY: never). */
static double ref_sites_next_close(const cal_sites *c, double t)
{
    for (int guard = 0; guard < 64; guard++) {
        double x = t;
        for (int k = 0; k < c->n; k++) {
            double y = ref_site_next_close(c->week[k], c->shift[k], c->hol[k], t);
            if (y > x)
                x = y;
        }
        if (isinf(x) || !ref_cal_sites_is_open(c, x))
            return x;
        t = x;
    }
    return INFINITY;
}

/* One site: its weekly tally segment by segment (O(log n) + the changes in
 * [a, b)).  Several: a walk over the union's openings and closings. */
static double ref_sites_tally(const cal_sites *c, double a, double b, bool want_open)
{
    if (!(b > a))
        return 0.0;
    if (!isfinite(a) || !isfinite(b))
        return want_open ? 0.0 : b - a;
    if (c->n == 1) {
        const cal_sched *w = c->week[0];
        const cal_shift *s = c->shift[0];
        double open = 0.0;
        for (int i = ref_seg_of(s, a); i < s->n && s->at[i] < b; i++) {
            double lo = a > s->at[i] ? a : s->at[i];
            double e = ref_seg_end(s, i), hi = b < e ? b : e;
            open += ref_sched_tally(w, lo + s->by[i], hi + s->by[i], true) -
                    ref_holiday_open(w, s, c->hol[0], i, lo + s->by[i], hi + s->by[i]);
        }
        return want_open ? open : (b - a) - open;
    }
    double closed = 0.0, t = a;
    while (t < b) {
        if (ref_cal_sites_is_open(c, t)) {
            t = ref_sites_next_close(c, t);
            continue;
        }
        double x = ref_cal_sites_next_open(c, t);
        if (x >= b) {
            closed += b - t;
            break;
        }
        closed += x - t;
        t = x;
    }
    return want_open ? (b - a) - closed : closed;
}

/* The first time >= t at which the schedule is closed (t when closed at t),
 * INFINITY when it stays open from t on (24x7): the end of the open
 * stretch holding t, where the work of a party that pauses at closing
 * stops (party.c). */
static double ref_cal_sched_next_close(const cal_sched *c, double t)
{
    if (!isfinite(t) || !ref_sched_is_open(c, t))
        return t;
    return ref_local_close(c, NULL, NULL, 0, t);
}

static double ref_cal_sites_next_close(const cal_sites *c, double t)
{
    if (!isfinite(t) || !ref_cal_sites_is_open(c, t))
        return t;
    return ref_sites_next_close(c, t);
}

static double ref_cal_shift_local(const cal_shift *s, double t, long *day)
{
    int i = ref_seg_of(s, t);
    double L = t + s->by[i];
    *day = (long)(floor(L / CAL_MIN_PER_DAY) + s->dbase[i]);
    double w = L - floor(L / CAL_MIN_PER_WEEK) * CAL_MIN_PER_WEEK;
    return w < 0.0 ? w + CAL_MIN_PER_WEEK : (w >= CAL_MIN_PER_WEEK ? 0.0 : w);
}

/* ---- the comparison ------------------------------------------------------ */

#define DAY CAL_MIN_PER_DAY
#define WEEK CAL_MIN_PER_WEEK
#define YEAR (365.2425 * DAY)

/* Equal bits (so +0 and -0 differ), or both NaN. */
static bool same(double x, double y)
{
    if (isnan(x) && isnan(y))
        return true;
    return memcmp(&x, &y, sizeof x) == 0;
}

/* A random schedule text, 1..3 groups of 1..3 intervals (some past
 * midnight); one that overlaps itself is refused by the parser and drawn
 * again. */
static void random_sched(gsl_rng *r, cal_sched *c)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun",
                                       "mon-fri", "sat-sun", "mon,wed,fri", "fri-mon",
                                       "tue-thu"};
    for (;;) {
        char text[CAL_SCHED_TEXT], why[128];
        int used = 0, groups = 1 + (int)gsl_rng_uniform_int(r, 3);
        for (int g = 0; g < groups; g++) {
            used += snprintf(text + used, sizeof text - (size_t)used, "%s%s", g ? ", " : "",
                             days[gsl_rng_uniform_int(r, 12)]);
            int at = (int)gsl_rng_uniform_int(r, 720), k = 1 + (int)gsl_rng_uniform_int(r, 3);
            for (int i = 0; i < k && at < 1440; i++) {
                int e = at + 1 + (int)gsl_rng_uniform_int(r, i ? 300 : 900);
                used += snprintf(text + used, sizeof text - (size_t)used,
                                 " %02d:%02d-%02d:%02d", at / 60, at % 60, e % 1440 / 60,
                                 e % 1440 % 60);
                at = e + 1 + (int)gsl_rng_uniform_int(r, 240);
                if (e >= 1440)
                    break;
            }
        }
        if (cal_sched_parse(text, c, why, sizeof why) == 0)
            return;
    }
}

/* The schedules compared: fixed edge cases, random ones, a union, a
 * rotation, and two built from fractional hours (no tables). */
enum { NSCHED = 30 };
static cal_sched sched[NSCHED];

static void make_scheds(gsl_rng *r)
{
    static const char *const fixed[] = {"mon-fri 08:00-17:00", "24x7", "none",
                                        "mon-sun 00:00-24:00", "sun 23:59-00:01",
                                        "mon 00:00-00:01", "mon-fri 22:00-06:00",
                                        "sat 09:00-13:00", "mon-fri 07:00-12:00 13:00-19:00"};
    char why[128];
    int n = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++, n++)
        cr_assert_eq(cal_sched_parse(fixed[i], &sched[n], why, sizeof why), 0, "%s", fixed[i]);
    cal_hours frac = {480.5, 1020.25, 0x1f}, whole = {0, 1440, 0x55};
    cal_sched_from_hours(&frac, &sched[n++]);
    cal_sched_from_hours(&whole, &sched[n++]);
    cr_assert(!sched[n - 2].whole && sched[n - 1].whole);
    while (n < NSCHED - 2)
        random_sched(r, &sched[n++]);
    sched[n] = sched[n - 1];
    cr_assert_eq(cal_sched_union(&sched[n], &sched[n - 2]), 0);
    n++;
    sched[n] = sched[n - 3];
    cal_sched_rotate(&sched[n], 3);
}

/* x moved by a hair, half a minute, or not at all. */
static double nudge(gsl_rng *r, double x)
{
    switch (gsl_rng_uniform_int(r, 6)) {
    case 0: return nextafter(x, -INFINITY);
    case 1: return nextafter(x, INFINITY);
    case 2: return x + 0.5;
    case 3: return x - 1e-7;
    default: return x;
    }
}

/* A time, drawn to hit the edges more often than chance would. */
static double pick_time(gsl_rng *r, const cal_sched *c, double horizon)
{
    double u = gsl_rng_uniform(r);
    int d = (int)gsl_rng_uniform_int(r, 7);
    switch (gsl_rng_uniform_int(r, 12)) {
    case 0: return (u - 0.02) * horizon;
    case 1: return floor((u - 0.02) * horizon);
    case 2: { /* a piece's bound in some week */
        double w = floor((u - 0.001) * horizon / WEEK) * WEEK + d * DAY;
        if (!c->n[d])
            return nudge(r, w);
        int i = (int)gsl_rng_uniform_int(r, c->n[d]);
        return nudge(r, w + (gsl_rng_uniform_int(r, 2) ? c->open[d][i] : c->close[d][i]));
    }
    case 3: return nudge(r, ldexp(1.0, 10 + (int)gsl_rng_uniform_int(r, 41)));
    case 4: return nudge(r, 8192.0);
    case 5: return nudge(r, horizon > 1e13 ? CAL_FAST_MAX : CAL_SHIFT_YEARS * YEAR);
    case 6: {
        static const double tiny[] = {0.0, -0.0, 1e-300, -1e-300, 5e-324, -1e-9, 1e-9, -1.0};
        return tiny[gsl_rng_uniform_int(r, 8)];
    }
    case 7: return nudge(r, (CAL_HOL_SPAN + 3.0 * u - 300.0) * DAY + d * DAY);
    case 8: return nudge(r, floor(u * horizon / WEEK) * WEEK);
    case 9: return u < 0.1 ? (u < 0.03 ? NAN : u < 0.06 ? INFINITY : -INFINITY) : u * 3 * WEEK;
    case 10: return u * 3 * WEEK;
    default: return (u - 0.5) * horizon * 2;
    }
}

/* The end of an interval from a: a length of any scale, a whole number of
 * weeks, a hair either side of a week, or an unrelated time. */
static double pick_end(gsl_rng *r, const cal_sched *c, double a, double horizon)
{
    double u = gsl_rng_uniform(r);
    switch (gsl_rng_uniform_int(r, 9)) {
    case 0: return a + u * 60;
    case 1: return a + u * DAY;
    case 2: return a + u * WEEK;
    case 3: return a + u * 10 * WEEK;
    case 4: return a + (1 + gsl_rng_uniform_int(r, 4)) * WEEK;
    case 5: return a + nextafter(WEEK, gsl_rng_uniform_int(r, 2) ? 0.0 : INFINITY);
    case 6: return a + (u < 0.5 ? 0.0 : 5e-324);
    case 7: return pick_time(r, c, horizon);
    default: return nudge(r, ceil(a / DAY) * DAY + u * 3 * DAY);
    }
}

static void check_sched(const cal_sched *c, double a, double b, int k)
{
    cr_assert_eq(cal_sched_is_open(c, a), ref_sched_is_open(c, a), "sched %d open %.17g", k, a);
    double x = cal_sched_next_open(c, a), y = ref_cal_sched_next_open(c, a);
    cr_assert(same(x, y), "sched %d next_open %.17g: %.17g, not %.17g", k, a, x, y);
    x = cal_sched_next_close(c, a), y = ref_cal_sched_next_close(c, a);
    cr_assert(same(x, y), "sched %d next_close %.17g: %.17g, not %.17g", k, a, x, y);
    x = cal_sched_open_minutes(c, a, b), y = ref_sched_tally(c, a, b, true);
    cr_assert(same(x, y), "sched %d open [%.17g, %.17g): %.17g, not %.17g", k, a, b, x, y);
    x = cal_sched_closed_minutes(c, a, b), y = ref_sched_tally(c, a, b, false);
    cr_assert(same(x, y), "sched %d closed [%.17g, %.17g): %.17g, not %.17g", k, a, b, x, y);
}

Test(cal_tables, schedules_give_the_day_by_day_bits)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 26);
    make_scheds(r);
    for (int k = 0; k < NSCHED; k++)
        for (int q = 0; q < 20000; q++) {
            /* most times within 70 years, some out to 2^56 */
            double horizon = q % 10 ? 70 * YEAR : 7.2e16;
            double a = pick_time(r, &sched[k], horizon);
            check_sched(&sched[k], a, pick_end(r, &sched[k], a, horizon), k);
        }
    gsl_rng_free(r);
}

/* The tables against a minute-by-minute count, on whole-minute intervals
 * (what the day-by-day code is checked against in test_schedule.c); not
 * for fractional piece ends, whose minute bits are approximate. */
Test(cal_tables, open_minutes_count_the_open_minutes)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2026);
    make_scheds(r);
    for (int k = 0; k < NSCHED; k++)
        for (int q = 0; q < 300 && sched[k].whole; q++) {
            double a = floor(gsl_rng_uniform(r) * 1e7) + (q % 2 ? 8192 : 0);
            double b = a + floor(gsl_rng_uniform(r) * 3 * WEEK), n = 0;
            for (double t = a; t < b; t++)
                n += cal_sched_is_open(&sched[k], t);
            cr_assert_eq(cal_sched_open_minutes(&sched[k], a, b), n, "sched %d [%.0f, %.0f)", k,
                         a, b);
            double next = cal_sched_next_open(&sched[k], a + 0.5);
            if (isfinite(next) && next > a + 0.5)
                for (double t = a + 1; t < next; t++)
                    cr_assert(!cal_sched_is_open(&sched[k], t), "sched %d open at %.0f", k, t);
        }
    gsl_rng_free(r);
}

/* ---- sites: zones, holidays, several sites -------------------------------- */

enum { NSHIFT = 6, NHOL = 3 };
static cal_shift shift[NSHIFT];
static cal_holidays hol[NHOL];

static void make_places(gsl_rng *r)
{
    static const char *const zone[][2] = {{"Europe/Paris", ""},
                                          {"America/New_York", "Europe/Paris"},
                                          {"Australia/Lord_Howe", "UTC"},
                                          {"Asia/Kolkata", "America/New_York"},
                                          {"Pacific/Chatham", ""}};
    long start;
    char why[128];
    cr_assert_eq(cal_parse_date("2026-01-05", &start), 0);
    cal_plain_shift(start, &shift[0]);
    for (int z = 0; z < NSHIFT - 1; z++)
        cr_assert_eq(cal_zone_shift(zone[z][0], zone[z][1], start, &shift[z + 1], why,
                                    sizeof why), 0, "%s", why);
    /* 0: none; 1: eleven dates a year for 61 years (inside the bitmap);
     * 2: dates over a century, some before the start (past the bitmap) */
    memset(hol, 0, sizeof hol);
    for (int y = 0; y < 61; y++)
        for (int k = 0; k < 11; k++)
            cr_assert_eq(cal_holidays_add(&hol[1], start + (long)(y * 365.2425) +
                                                       (long)gsl_rng_uniform_int(r, 365)), 0);
    for (int k = 0; k < 400; k++)
        cr_assert_eq(cal_holidays_add(&hol[2], start - 1000 +
                                                   (long)gsl_rng_uniform_int(r, 36600)), 0);
    cr_assert(hol[2].far > 0);
}

static void check_sites(const cal_sites *c, double a, double b, int k)
{
    cr_assert_eq(cal_sites_is_open(c, a), ref_cal_sites_is_open(c, a), "sites %d open %.17g",
                 k, a);
    double x = cal_sites_next_open(c, a), y = ref_cal_sites_next_open(c, a);
    cr_assert(same(x, y), "sites %d next_open %.17g: %.17g, not %.17g", k, a, x, y);
    x = cal_sites_next_close(c, a), y = ref_cal_sites_next_close(c, a);
    cr_assert(same(x, y), "sites %d next_close %.17g: %.17g, not %.17g", k, a, x, y);
    x = cal_sites_open_minutes(c, a, b), y = ref_sites_tally(c, a, b, true);
    cr_assert(same(x, y), "sites %d open [%.17g, %.17g): %.17g, not %.17g", k, a, b, x, y);
    x = cal_sites_closed_minutes(c, a, b), y = ref_sites_tally(c, a, b, false);
    cr_assert(same(x, y), "sites %d closed [%.17g, %.17g): %.17g, not %.17g", k, a, b, x, y);
    if (isfinite(a)) {
        long d1, d2;
        x = cal_shift_local(c->shift[0], a, &d1), y = ref_cal_shift_local(c->shift[0], a, &d2);
        cr_assert(same(x, y) && d1 == d2, "sites %d local %.17g", k, a);
    }
}

/* A random placing of 1..3 sites: schedule, shift, holidays. */
static void random_sites(gsl_rng *r, cal_sites *c, int k)
{
    memset(c, 0, sizeof *c);
    c->n = k < 60 ? 1 : 2 + (int)gsl_rng_uniform_int(r, 2);
    for (int i = 0; i < c->n; i++) {
        c->week[i] = &sched[gsl_rng_uniform_int(r, NSCHED)];
        c->shift[i] = &shift[gsl_rng_uniform_int(r, NSHIFT)];
        int h = (int)gsl_rng_uniform_int(r, NHOL);
        c->hol[i] = h ? &hol[h] : NULL;
    }
}

Test(cal_tables, sites_give_the_day_by_day_bits)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 15);
    make_scheds(r);
    make_places(r);
    for (int k = 0; k < 90; k++) {
        cal_sites c;
        random_sites(r, &c, k);
        for (int q = 0; q < (c.n == 1 ? 6000 : 1500); q++) {
            /* within the program's range (CAL_MAX_MINUTES), past the
             * shifts' 60 years and the bitmap's 61, and on both sides of
             * 2^32 minutes, where the tables go from 32-bit to 64-bit
             * arithmetic */
            double a = pick_time(r, c.week[0], 75 * YEAR), b;
            if (fabs(a) > 1e10)
                a = fmod(a, q % 2 ? 1e10 : CAL_MAX_MINUTES);
            else if (q % 7 == 0 && isfinite(a))
                a += 4294967296.0 - 2 * WEEK;
            b = pick_end(r, c.week[0], a, 75 * YEAR);
            if (c.n > 1 && isfinite(a) && isfinite(b) && b - a > 12 * WEEK)
                b = a + fmod(b - a, 12 * WEEK); /* the walk is O(changes) */
            check_sites(&c, a, b, k);
        }
    }
    gsl_rng_free(r);
}
