/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_calendar.c — business hours: opening times, closed minutes, parsing.
 *
 * Closed minutes are checked against an independent minute-by-minute count
 * (its own weekday arithmetic, not cal_is_open) on random integer intervals
 * from a fixed-seed generator, so every expected value is exact.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "ownsim/calendar.h"

#define DAY 1440.0
#define WEEK 10080.0
#define FRI (4 * DAY)
#define SAT (5 * DAY)

/* Is integer minute t open under c?  Brute force, floor-based weekday. */
static int brute_open(const cal_hours *c, long long t)
{
    long long d = t >= 0 ? t / 1440 : -((-t + 1439) / 1440);
    long long m = t - d * 1440;
    int dow = (int)(((d % 7) + 7) % 7);
    return ((c->days >> dow) & 1u) && m >= (long long)c->open &&
           m < (long long)c->close;
}

static double brute_closed(const cal_hours *c, long long a, long long b)
{
    double n = 0;
    for (long long t = a; t < b; t++)
        n += !brute_open(c, t);
    return n;
}

Test(calendar, default_is_mon_fri_8_17)
{
    cal_hours c = cal_default();
    cr_assert_eq(c.open, 480.0);
    cr_assert_eq(c.close, 1020.0);
    cr_assert_eq(c.days, 0x1fu);
}

Test(calendar, friday_evening_waits_for_monday)
{
    cal_hours c = cal_default();
    double t = FRI + 17 * 60 + 30;
    cr_assert_not(cal_is_open(&c, t));
    cr_assert_eq(cal_next_open(&c, t), WEEK + 480.0);
}

Test(calendar, close_is_exclusive)
{
    cal_hours c = cal_default();
    cr_assert(cal_is_open(&c, FRI + 16 * 60 + 59));
    cr_assert_eq(cal_next_open(&c, FRI + 16 * 60 + 59), FRI + 16 * 60 + 59);
    cr_assert_not(cal_is_open(&c, FRI + 17 * 60));
    cr_assert(cal_is_open(&c, 480.0));
    cr_assert_not(cal_is_open(&c, 479.5));
}

Test(calendar, weekend_and_early_morning)
{
    cal_hours c = cal_default();
    cr_assert_eq(cal_next_open(&c, SAT + 12 * 60), WEEK + 480.0);
    cr_assert_eq(cal_next_open(&c, 7 * 60), 480.0);
    cr_assert_eq(cal_next_open(&c, DAY + 18 * 60), 2 * DAY + 480.0);
}

Test(calendar, later_weeks_behave_the_same)
{
    cal_hours c = cal_default();
    double w5 = 5 * WEEK;
    cr_assert_eq(cal_next_open(&c, w5 + FRI + 17 * 60 + 30), 6 * WEEK + 480);
    cr_assert_eq(cal_next_open(&c, w5 + SAT + 720), 6 * WEEK + 480);
    cr_assert_eq(cal_next_open(&c, w5 + 420), w5 + 480);
    cr_assert(cal_is_open(&c, w5 + FRI + 16 * 60 + 59));
    cr_assert_not(cal_is_open(&c, w5 + FRI + 17 * 60));
}

Test(calendar, negative_times_use_floor_weeks)
{
    cal_hours c = cal_default();
    /* -1 is Sunday 23:59 of week -1. */
    cr_assert_not(cal_is_open(&c, -1.0));
    cr_assert_eq(cal_next_open(&c, -1.0), 480.0);
    /* Friday 10:00 of week -1 is open. */
    cr_assert(cal_is_open(&c, -WEEK + FRI + 600));
    cr_assert_eq(cal_next_open(&c, -WEEK + FRI + 1200), 480.0);
}

Test(calendar, closed_minutes_whole_week)
{
    cal_hours c = cal_default();
    cr_assert_eq(cal_closed_minutes(&c, 0, WEEK), WEEK - 5 * 540);
    cr_assert_eq(cal_closed_minutes(&c, 3 * WEEK + 123, 4 * WEEK + 123),
                 WEEK - 5 * 540);
    cr_assert_eq(cal_closed_minutes(&c, 0, 7 * WEEK), 7 * (WEEK - 5 * 540));
}

Test(calendar, closed_minutes_friday_to_monday)
{
    cal_hours c = cal_default();
    /* Fri 16:00 -> Mon 09:00: closed from Fri 17:00 to Mon 08:00 = 63 h. */
    double a = FRI + 16 * 60, b = WEEK + 9 * 60;
    cr_assert_eq(cal_closed_minutes(&c, a, b), 63 * 60.0);
    cr_assert_eq(b - a - cal_closed_minutes(&c, a, b), 120.0);
}

Test(calendar, closed_minutes_edge_cases)
{
    cal_hours c = cal_default();
    cr_assert_eq(cal_closed_minutes(&c, 100, 100), 0.0);
    cr_assert_eq(cal_closed_minutes(&c, 200, 100), 0.0);
    cr_assert_eq(cal_closed_minutes(&c, 500, 600), 0.0);
    cr_assert_eq(cal_closed_minutes(&c, 0, 480), 480.0);
    /* Fractional endpoints: 07:59.5 to 08:00.25 has half a minute closed. */
    cr_assert_eq(cal_closed_minutes(&c, 479.5, 480.25), 0.5);
    cr_assert_eq(cal_closed_minutes(&c, 1019.75, 1021.0), 1.0);
}

static void check_random(const cal_hours *c, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    for (int i = 0; i < 200; i++) {
        /* Start anywhere in weeks -2..9; length up to 4.5 weeks, with every
         * fourth interval shorter than a day to hit partial days. */
        long long a = (long long)gsl_rng_uniform_int(r, 12 * 10080) - 20160;
        unsigned long span = i % 4 == 0 ? 1440 : 45360;
        long long b = a + (long long)gsl_rng_uniform_int(r, span + 1);
        double got = cal_closed_minutes(c, (double)a, (double)b);
        double want = brute_closed(c, a, b);
        cr_assert_eq(got, want, "interval [%lld, %lld): got %g want %g", a,
                     b, got, want);
        cr_assert_leq(got, (double)(b - a));
        double open = cal_open_minutes(c, (double)a, (double)b);
        cr_assert_eq(open, (double)(b - a) - want,
                     "open minutes of [%lld, %lld): got %g want %g", a, b,
                     open, (double)(b - a) - want);
    }
    gsl_rng_free(r);
}

Test(calendar, closed_minutes_match_brute_force)
{
    cal_hours c = cal_default();
    check_random(&c, 20240601);
}

Test(calendar, closed_minutes_match_brute_force_odd_calendars)
{
    unsigned days;
    cr_assert_eq(cal_parse_days("mon,wed,sat", &days), 0);
    cal_hours evening = {.open = 1320, .close = 1440, .days = days};
    check_random(&evening, 7);
    cal_hours sunday_dawn = {.open = 0, .close = 61, .days = 1u << 6};
    check_random(&sunday_dawn, 11);
}

Test(calendar, next_open_matches_brute_force)
{
    unsigned days;
    cr_assert_eq(cal_parse_days("tue,thu-fri", &days), 0);
    cal_hours c = {.open = 600, .close = 900, .days = days};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 99);
    for (int i = 0; i < 200; i++) {
        long long t = (long long)gsl_rng_uniform_int(r, 6 * 10080) - 10080;
        long long want = t;
        while (!brute_open(&c, want))
            want++;
        cr_assert_eq(cal_next_open(&c, (double)t), (double)want, "t=%lld", t);
        cr_assert_eq(cal_is_open(&c, (double)t), (bool)brute_open(&c, t));
    }
    gsl_rng_free(r);
}

Test(calendar, no_business_day_is_never_open)
{
    cal_hours c = {.open = 480, .close = 1020, .days = 0};
    cr_assert_not(cal_is_open(&c, 600));
    cr_assert(isinf(cal_next_open(&c, 600)) && cal_next_open(&c, 600) > 0);
    cr_assert_eq(cal_closed_minutes(&c, 10, 5000), 4990.0);
}

Test(calendar, round_the_clock_is_always_open)
{
    cal_hours c = {.open = 0, .close = 1440, .days = 0x7f};
    for (double t = -3000; t < 3 * WEEK; t += 997.5) {
        cr_assert(cal_is_open(&c, t), "t=%g", t);
        cr_assert_eq(cal_next_open(&c, t), t);
    }
    cr_assert_eq(cal_closed_minutes(&c, 0, 5 * WEEK + 17), 0.0);
    cr_assert_eq(cal_closed_minutes(&c, -500.5, 12345.25), 0.0);
}

Test(calendar, parse_clock)
{
    double m = -1;
    cr_assert_eq(cal_parse_clock("08:00", &m), 0);
    cr_assert_eq(m, 480.0);
    cr_assert_eq(cal_parse_clock("8:05", &m), 0);
    cr_assert_eq(m, 485.0);
    cr_assert_eq(cal_parse_clock("00:00", &m), 0);
    cr_assert_eq(m, 0.0);
    cr_assert_eq(cal_parse_clock("24:00", &m), 0);
    cr_assert_eq(m, 1440.0);
    cr_assert_eq(cal_parse_clock("23:59", &m), 0);
    cr_assert_eq(m, 1439.0);
    const char *bad[] = {"",      "8",     "08:",   ":30",   "08:60",
                         "24:01", "25:00", "08:0",  "08:000", "08:00x",
                         " 08:00", "08:00 ", "ab:cd", "-1:00", "123:00",
                         "08.00", "08:-1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        m = 7;
        cr_assert_eq(cal_parse_clock(bad[i], &m), -1, "accepted '%s'", bad[i]);
        cr_assert_eq(m, 7.0, "'%s' wrote output", bad[i]);
    }
}

Test(calendar, format_clock_round_trips)
{
    char buf[32];
    cal_format_clock(480, buf, sizeof buf);
    cr_assert_str_eq(buf, "08:00");
    cal_format_clock(1440, buf, sizeof buf);
    cr_assert_str_eq(buf, "24:00");
    for (int v = 0; v <= 1440; v++) {
        double m;
        cal_format_clock(v, buf, sizeof buf);
        cr_assert_eq(cal_parse_clock(buf, &m), 0, "'%s'", buf);
        cr_assert_eq(m, (double)v);
    }
}

Test(calendar, parse_days)
{
    unsigned m = 99;
    cr_assert_eq(cal_parse_days("mon-fri", &m), 0);
    cr_assert_eq(m, 0x1fu);
    cr_assert_eq(cal_parse_days("mon,tue,thu", &m), 0);
    cr_assert_eq(m, 0x0bu);
    cr_assert_eq(cal_parse_days("sat-sun", &m), 0);
    cr_assert_eq(m, 0x60u);
    cr_assert_eq(cal_parse_days("mon-sun", &m), 0);
    cr_assert_eq(m, 0x7fu);
    cr_assert_eq(cal_parse_days("none", &m), 0);
    cr_assert_eq(m, 0u);
    cr_assert_eq(cal_parse_days("NONE", &m), 0);
    cr_assert_eq(m, 0u);
    cr_assert_eq(cal_parse_days("Mon-FRI", &m), 0);
    cr_assert_eq(m, 0x1fu);
    cr_assert_eq(cal_parse_days("fri-mon", &m), 0);
    cr_assert_eq(m, 0x71u);
    cr_assert_eq(cal_parse_days("wed-wed", &m), 0);
    cr_assert_eq(m, 0x04u);
    cr_assert_eq(cal_parse_days("mon-wed,fri", &m), 0);
    cr_assert_eq(m, 0x17u);
    cr_assert_eq(cal_parse_days("tuesday, sun", &m), 0);
    cr_assert_eq(m, 0x42u);
    const char *bad[] = {"",        "mon-",  "-fri",   "mon,,tue", "mon,",
                         "funday",  "mo",    "mon-tue-wed", "none,mon",
                         "mon;tue", "monx",  "1-5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        m = 99;
        cr_assert_eq(cal_parse_days(bad[i], &m), -1, "accepted '%s'", bad[i]);
        cr_assert_eq(m, 99u, "'%s' wrote output", bad[i]);
    }
}

Test(calendar, format_days_canonical_and_round_trips)
{
    char buf[32];
    cal_format_days(0, buf, sizeof buf);
    cr_assert_str_eq(buf, "none");
    cal_format_days(0x7f, buf, sizeof buf);
    cr_assert_str_eq(buf, "mon-sun");
    cal_format_days(0x1f, buf, sizeof buf);
    cr_assert_str_eq(buf, "mon-fri");
    cal_format_days(0x17, buf, sizeof buf);
    cr_assert_str_eq(buf, "mon-wed,fri");
    cal_format_days(0x55, buf, sizeof buf);
    cr_assert_str_eq(buf, "mon,wed,fri,sun");
    cal_format_days(0x05, buf, sizeof buf);
    cr_assert_str_eq(buf, "mon,wed");
    for (unsigned mask = 0; mask < 128; mask++) {
        unsigned back = 999;
        cal_format_days(mask, buf, sizeof buf);
        cr_assert_eq(cal_parse_days(buf, &back), 0, "'%s'", buf);
        cr_assert_eq(back, mask, "'%s'", buf);
    }
}

/* A business-hours SLA clock of exactly 540 minutes must read 540, not
 * 540 +- 1 ulp: ticket opened Monday 20:00 + a fraction (closed), resolved
 * Tuesday after the close (closed again); only Tuesday 08:00-17:00 counts,
 * summed from day boundaries, so exactly.  (The replay used to take the
 * sum of the stage times minus the closed minutes, whose rounding flagged
 * about half such tickets as breached: tests/cli/model_holes.sh.) */
Test(calendar, open_minutes_exact_when_both_ends_are_closed)
{
    cal_hours c = cal_default();
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 11);
    for (int i = 0; i < 1000; i++) {
        double a = 1200 + 600 * gsl_rng_uniform(r);        /* Mon 20:00..Tue 06:00 */
        double b = DAY + 1020 + 600 * gsl_rng_uniform(r); /* Tue 17:00..Wed 03:00 */
        cr_assert_eq(cal_open_minutes(&c, a, b), 540.0, "[%.17g, %.17g)", a, b);
    }
    gsl_rng_free(r);
}

Test(calendar, open_minutes_edges)
{
    cal_hours c = cal_default();
    cr_assert_eq(cal_open_minutes(&c, 100, 100), 0.0);
    cr_assert_eq(cal_open_minutes(&c, 200, 100), 0.0);
    cr_assert_eq(cal_open_minutes(&c, 0, 480), 0.0);
    cr_assert_eq(cal_open_minutes(&c, 479.5, 480.25), 0.25);
    cr_assert_eq(cal_open_minutes(&c, 1019.75, 1021.0), 0.25);
    cr_assert_eq(cal_open_minutes(&c, 0, WEEK), 5 * 540.0);
    cr_assert_eq(cal_open_minutes(&c, 0, 7 * WEEK + 500), 35 * 540.0 + 20);
    cr_assert_eq(cal_open_minutes(&c, 0, INFINITY), INFINITY);
    cal_hours none = {.open = 480, .close = 1020, .days = 0};
    cr_assert_eq(cal_open_minutes(&none, 0, WEEK), 0.0);
    cr_assert_eq(cal_open_minutes(&none, 0, INFINITY), 0.0);
}
