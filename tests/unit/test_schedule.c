/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_schedule.c — weekly schedules (cal_sched): parsing, several
 * intervals a day, midnight crossings, 24x7, unions, and agreement bit for
 * bit with the one-window calendar (cal_hours) they replace.
 *
 * Times are minutes from Monday 00:00 of week 0.  Open minutes are checked
 * against a minute-by-minute count of cal_sched_is_open on random integer
 * intervals, and cal_sched_is_open against the schedule's pieces.
 */
#include <criterion/criterion.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>

#include "ownsim/calendar.h"

#define DAY 1440.0
#define WEEK 10080.0
#define AT(d, h, m) ((d) * DAY + (h) * 60.0 + (m))
enum { MON, TUE, WED, THU, FRI, SAT, SUN };

static cal_sched parse_ok(const char *text)
{
    cal_sched c;
    char why[256] = "";
    cr_assert_eq(cal_sched_parse(text, &c, why, sizeof why), 0, "%s: %s", text, why);
    return c;
}

static void parse_bad(const char *text, const char *reason)
{
    cal_sched c;
    char why[256] = "";
    cr_assert_eq(cal_sched_parse(text, &c, why, sizeof why), -1, "%s accepted", text);
    cr_assert(strstr(why, reason), "%s: '%s' lacks '%s'", text, why, reason);
}

Test(schedule, same_bits_as_the_one_window_calendar)
{
    /* with one window every query gives the very bits of cal_hours, at
     * fractional times too: the scenario-wide default must not move */
    const cal_hours hs[] = {{480, 1020, 0x1f}, {0, 1440, 0x7f}, {600, 1320, 0x41},
                            {0, 60, 0x10}, {480, 1020, 0}};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 7);
    for (size_t h = 0; h < sizeof hs / sizeof *hs; h++) {
        cal_sched c;
        cal_sched_from_hours(&hs[h], &c);
        cr_assert_eq(c.open_week, cal_open_minutes(&hs[h], 0, WEEK));
        for (int i = 0; i < 20000; i++) {
            double a = (gsl_rng_uniform(r) - 0.1) * 5 * WEEK;
            double b = a + gsl_rng_uniform(r) * (i % 3 ? DAY : 3 * WEEK);
            if (i % 2)
                a = floor(a), b = floor(b);
            cr_assert_eq(cal_sched_is_open(&c, a), cal_is_open(&hs[h], a), "t=%.17g", a);
            double x = cal_sched_next_open(&c, a), y = cal_next_open(&hs[h], a);
            cr_assert(x == y || (isinf(x) && isinf(y)), "next %.17g", a);
            cr_assert_eq(cal_sched_open_minutes(&c, a, b), cal_open_minutes(&hs[h], a, b));
            cr_assert_eq(cal_sched_closed_minutes(&c, a, b),
                         cal_closed_minutes(&hs[h], a, b));
        }
    }
    gsl_rng_free(r);
}

Test(schedule, several_intervals_and_days)
{
    cal_sched c = parse_ok("mon-fri 07:00-12:00 13:00-19:00, sat 09:00-13:00");
    cr_assert_eq(c.open_week, 5 * 660.0 + 240.0);
    cr_assert(cal_sched_is_open(&c, AT(MON, 7, 0)));
    cr_assert(!cal_sched_is_open(&c, AT(MON, 12, 30)));
    cr_assert_eq(cal_sched_next_open(&c, AT(MON, 12, 30)), AT(MON, 13, 0));
    cr_assert(cal_sched_is_open(&c, AT(SAT, 12, 59)));
    cr_assert(!cal_sched_is_open(&c, AT(SAT, 13, 0)));
    cr_assert(!cal_sched_is_open(&c, AT(SUN, 10, 0)));
    /* Saturday 13:00 waits for Monday 07:00 */
    cr_assert_eq(cal_sched_next_open(&c, AT(SAT, 13, 0)), AT(7, 7, 0));
    cr_assert_eq(cal_sched_open_minutes(&c, AT(FRI, 18, 0), AT(7, 8, 0)), 60 + 240 + 60.0);
}

Test(schedule, intervals_cross_midnight)
{
    /* a night shift: Friday's runs into Saturday, Sunday night has none */
    cal_sched c = parse_ok("mon-fri 22:00-06:00");
    cr_assert(cal_sched_is_open(&c, AT(TUE, 3, 0)));
    cr_assert(cal_sched_is_open(&c, AT(SAT, 5, 59)));
    cr_assert(!cal_sched_is_open(&c, AT(SAT, 6, 0)));
    cr_assert(!cal_sched_is_open(&c, AT(MON, 3, 0)));
    cr_assert(!cal_sched_is_open(&c, AT(SUN, 23, 0)));
    cr_assert_eq(cal_sched_next_open(&c, AT(SAT, 6, 0)), AT(MON, 22, 0) + WEEK);
    cr_assert_eq(c.open_week, 5 * 480.0);
    cr_assert_eq(cal_sched_open_minutes(&c, AT(MON, 0, 0), AT(TUE, 0, 0)), 120.0);
    /* a Sunday interval wraps into next week's Monday */
    cal_sched s = parse_ok("sun 20:00-02:00");
    cr_assert(cal_sched_is_open(&s, AT(MON, 1, 0)));
    cr_assert(cal_sched_is_open(&s, AT(7, 1, 0)));
}

Test(schedule, round_the_clock_and_none)
{
    cal_sched a = parse_ok("24x7"), z = parse_ok(" none ");
    cal_sched w = parse_ok("mon-sun 00:00-24:00");
    cr_assert_eq(a.open_week, WEEK);
    cr_assert_eq(w.open_week, WEEK);
    cr_assert(cal_sched_is_open(&a, AT(SUN, 23, 59.5)));
    cr_assert_eq(cal_sched_closed_minutes(&a, 0, 3 * WEEK + 17), 0.0);
    cr_assert(!cal_sched_is_open(&z, AT(MON, 9, 0)));
    cr_assert(isinf(cal_sched_next_open(&z, 0)));
    cr_assert_eq(cal_sched_closed_minutes(&z, 5, 100), 95.0);
}

Test(schedule, open_minutes_match_a_minute_count)
{
    const char *texts[] = {"mon-fri 07:00-12:00 13:00-19:00, sat 09:00-13:00",
                           "mon-fri 22:00-06:00", "tue,thu 00:00-00:30 23:30-24:00",
                           "sun 20:00-02:00, wed 10:00-11:00"};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 11);
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        cal_sched c = parse_ok(texts[k]);
        for (int i = 0; i < 300; i++) {
            long long a = (long long)(gsl_rng_uniform(r) * 4 * WEEK) - 10000;
            long long b = a + (long long)(gsl_rng_uniform(r) * 2.5 * WEEK);
            double n = 0;
            for (long long t = a; t < b; t++)
                n += cal_sched_is_open(&c, (double)t);
            cr_assert_eq(cal_sched_open_minutes(&c, a, b), n, "%s [%lld, %lld)", texts[k], a, b);
            cr_assert_eq(cal_sched_closed_minutes(&c, a, b), (double)(b - a) - n);
            /* next_open: the first open minute at or after a */
            long long t = a;
            while (!cal_sched_is_open(&c, (double)t))
                t++;
            cr_assert_eq(cal_sched_next_open(&c, (double)a), (double)t);
        }
    }
    gsl_rng_free(r);
}

Test(schedule, two_sites_twelve_hours_apart_cover_the_clock)
{
    /* follow the sun: the union of two 12-hour sites is never closed */
    cal_sched a = parse_ok("mon-sun 08:00-20:00"), b = parse_ok("mon-sun 20:00-08:00");
    cr_assert_eq(cal_sched_union(&a, &b), 0);
    cr_assert_eq(a.open_week, WEEK);
    cr_assert_eq(cal_sched_closed_minutes(&a, 17.5, 5 * WEEK), 0.0);
    /* overlapping sites join */
    cal_sched x = parse_ok("mon-fri 08:00-17:00"), y = parse_ok("mon-fri 16:00-18:00, sat 10:00-11:00");
    cr_assert_eq(cal_sched_union(&x, &y), 0);
    cr_assert_eq(x.open_week, 5 * 600.0 + 60.0);
    cr_assert_eq(x.n[MON], 1);
}

Test(schedule, bad_text)
{
    parse_bad("mon-fri 08:00-12:00 11:00-13:00", "overlaps");
    parse_bad("mon-fri 08:00-17:00, fri 16:00-18:00", "overlaps");
    parse_bad("mon 22:00-06:00, tue 05:00-07:00", "overlaps");
    parse_bad("mon-fri 08:00-08:00", "empty interval");
    parse_bad("mon-fri", "no interval");
    parse_bad("mon-fri 8-17", "not an interval");
    parse_bad("mon-fri 08:00-25:00", "not an interval");
    parse_bad("mun 08:00-17:00", "not a list of days");
    parse_bad("mon-fri 08:00-17:00,", "trailing comma");
    parse_bad("", "no hours");
    parse_bad("mon 00:00-01:00 01:30-02:00 03:00-04:00 05:00-06:00 07:00-08:00 09:00-10:00 "
              "11:00-12:00 13:00-14:00 15:00-16:00", "more than");
}

Test(schedule, dates)
{
    long d;
    cr_assert_eq(cal_parse_date("1970-01-01", &d), 0);
    cr_assert_eq(d, 0);
    cr_assert_eq(cal_weekday(d), THU);
    cr_assert_eq(cal_parse_date("2026-01-05", &d), 0);
    cr_assert_eq(cal_weekday(d), MON);
    cr_assert_eq(cal_parse_date("2024-02-29", &d), 0);
    char buf[16];
    cal_format_date(d, buf, sizeof buf);
    cr_assert_str_eq(buf, "2024-02-29");
    cr_assert_eq(cal_weekday(d), THU);
    const char *bad[] = {"2026-02-29", "2026-13-01", "2026-04-31", "2026-1-05",
                         "2026-01-00", "26-01-05xx", "", "0999-01-01"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_assert_eq(cal_parse_date(bad[i], &d), -1, "%s", bad[i]);
}

Test(schedule, rotated_to_the_start_weekday)
{
    /* minute 0 on a Saturday: simulated days 0-1 are the weekend */
    cal_sched c = parse_ok("mon-fri 08:00-17:00");
    cal_sched_rotate(&c, SAT);
    cr_assert(!cal_sched_is_open(&c, AT(0, 9, 0)));
    cr_assert(!cal_sched_is_open(&c, AT(1, 9, 0)));
    cr_assert(cal_sched_is_open(&c, AT(2, 9, 0)));
    cr_assert_eq(cal_sched_next_open(&c, AT(0, 9, 0)), AT(2, 8, 0));
    cr_assert_eq(c.open_week, 5 * 540.0);
}

Test(schedule, zone_shift_places_the_table)
{
    /* minute 0 = Monday 2026-01-05 00:00 UTC = 13:45 in Chatham (DST, +13:45) */
    long start;
    cal_parse_date("2026-01-05", &start);
    static cal_shift sh;
    char why[128];
    cr_assert_eq(cal_zone_shift("Pacific/Chatham", "UTC", start, &sh, why, sizeof why), 0);
    cal_sched c = parse_ok("mon 13:00-14:00");
    cal_sites one = {.n = 1, .week = {&c}, .shift = {&sh}};
    cr_assert(cal_sites_is_open(&one, 0));
    cr_assert(cal_sites_is_open(&one, 14.5));
    cr_assert(!cal_sites_is_open(&one, 15));
    cr_assert_eq(cal_sites_open_minutes(&one, -100, 100), 60.0);
    cr_assert_eq(cal_sites_next_open(&one, 15), WEEK - 45);
    cr_assert_eq(cal_zone_shift("Mars/Base", "UTC", start, &sh, why, sizeof why), -1);
    cr_assert(strstr(why, "Mars/Base"), "%s", why);
    cr_assert(!cal_zone_known("Mars/Base"));
    cr_assert(cal_zone_known("America/New_York"));
}

Test(schedule, sites_match_a_minute_count)
{
    /* two sites in two zones, one with a daylight-saving change (New York,
     * 2026-03-08), counted minute by minute */
    long start;
    cal_parse_date("2026-03-02", &start);
    static cal_shift ny, in;
    char why[128];
    cr_assert_eq(cal_zone_shift("America/New_York", "Europe/Paris", start, &ny, why, sizeof why), 0);
    cr_assert_eq(cal_zone_shift("Asia/Kolkata", "Europe/Paris", start, &in, why, sizeof why), 0);
    cr_assert_geq(ny.n, 2);
    cal_sched a = parse_ok("mon-fri 08:00-17:00"), b = parse_ok("mon-fri 09:00-13:00, sat 10:00-12:00");
    cal_sites two = {.n = 2, .week = {&a, &b}, .shift = {&ny, &in}};
    cal_sites one = {.n = 1, .week = {&a}, .shift = {&ny}};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 5);
    for (int i = 0; i < 150; i++) {
        long long lo = (long long)(gsl_rng_uniform(r) * 3 * WEEK);
        long long hi = lo + (long long)(gsl_rng_uniform(r) * 1.5 * WEEK);
        double n2 = 0, n1 = 0;
        for (long long t = lo; t < hi; t++) {
            n2 += cal_sites_is_open(&two, (double)t);
            n1 += cal_sites_is_open(&one, (double)t);
        }
        cr_assert_eq(cal_sites_open_minutes(&two, lo, hi), n2, "[%lld, %lld)", lo, hi);
        cr_assert_eq(cal_sites_closed_minutes(&two, lo, hi), (double)(hi - lo) - n2);
        cr_assert_eq(cal_sites_open_minutes(&one, lo, hi), n1, "[%lld, %lld)", lo, hi);
        long long t = lo;
        while (!cal_sites_is_open(&two, (double)t))
            t++;
        cr_assert_eq(cal_sites_next_open(&two, (double)lo), (double)t);
    }
    gsl_rng_free(r);
}

Test(schedule, holidays_close_whole_dates)
{
    /* minute 0 = Monday 2026-01-05; Monday 2026-01-19 a holiday */
    long start, mlk, xmas;
    cal_parse_date("2026-01-05", &start);
    cal_parse_date("2026-01-19", &mlk);
    cal_parse_date("2026-01-20", &xmas); /* a second date, to test runs */
    static cal_shift sh;
    static cal_holidays h;
    cal_plain_shift(start, &sh);
    h.n = 0;
    cr_assert_eq(cal_holidays_add(&h, mlk), 0);
    cr_assert_eq(cal_holidays_add(&h, mlk), 0);
    cr_assert_eq(h.n, 1);
    cal_sched c = parse_ok("mon-fri 08:00-17:00");
    cal_sites one = {.n = 1, .week = {&c}, .shift = {&sh}, .hol = {&h}};
    double fri = AT(11, 17, 30); /* Friday 2026-01-16 17:30 */
    cr_assert(!cal_sites_is_open(&one, AT(14, 9, 0)));
    cr_assert(cal_sites_is_open(&one, AT(15, 9, 0)));
    cr_assert_eq(cal_sites_next_open(&one, fri), AT(15, 8, 0));
    cr_assert_eq(cal_sites_open_minutes(&one, fri, AT(16, 0, 0)), 540.0);
    cr_assert_eq(cal_holidays_add(&h, xmas), 0);
    cr_assert_eq(cal_sites_next_open(&one, fri), AT(16, 8, 0));
    /* against a minute count, one site and two (the other without holidays,
     * in a night shift past midnight) */
    cal_sched n = parse_ok("mon-fri 22:00-06:00");
    static cal_holidays none;
    cal_sites two = {.n = 2, .week = {&c, &n}, .shift = {&sh, &sh}, .hol = {&h, &none}};
    cal_sites nh = {.n = 1, .week = {&n}, .shift = {&sh}, .hol = {&h}};
    const cal_sites *all[] = {&one, &two, &nh};
    for (int k = 0; k < 3; k++)
        for (long long lo = AT(9, 0, 0); lo < AT(18, 0, 0); lo += 397) {
            long long hi = lo + 3 * 1440 + 11;
            double cnt = 0;
            for (long long t = lo; t < hi; t++)
                cnt += cal_sites_is_open(all[k], (double)t);
            cr_assert_eq(cal_sites_open_minutes(all[k], lo, hi), cnt, "%d [%lld, %lld)", k, lo, hi);
            long long t = lo;
            while (!cal_sites_is_open(all[k], (double)t))
                t++;
            cr_assert_eq(cal_sites_next_open(all[k], (double)lo), (double)t, "%d %lld", k, lo);
        }
    /* the night shift's Monday-night piece is on the holiday: closed from
     * Monday 22:00 to Tuesday 06:00 as well (both dates are holidays) */
    cr_assert(!cal_sites_is_open(&nh, AT(14, 23, 0)));
}

Test(schedule, us_federal_holidays_from_ics)
{
    /* the shipped list: fixed dates and rules (3rd Monday, last Monday,
     * 4th Thursday) expanded by libical */
    static cal_holidays h;
    long from, to, last;
    cal_parse_date("2026-01-01", &from);
    cal_parse_date("2035-12-31", &to);
    char why[256] = "";
    h.n = 0;
    cr_assert_eq(cal_holidays_read_ics("scenarios/holidays/US.ics", from, to, &h, &last, why,
                                       sizeof why), 0, "%s", why);
    cr_assert_eq(h.n, 110);
    cr_assert_eq(last, LONG_MAX);
    const char *want[] = {"2026-01-19", "2027-11-25", "2030-05-27", "2035-12-25", "2028-07-04",
                          "2026-10-12"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        long d;
        cal_parse_date(want[i], &d);
        cr_assert(cal_holidays_has(&h, d), "%s", want[i]);
    }
    long d;
    cal_parse_date("2027-11-18", &d);
    cr_assert(!cal_holidays_has(&h, d));
    cr_assert_eq(cal_holidays_read_ics("tests/unit/no-such.ics", from, to, &h, &last, why,
                                       sizeof why), -1);
    cr_assert(strstr(why, "cannot read"), "%s", why);
}

/* Write an iCalendar file of one yearly event on month-day md. */
static void write_ics(const char *path, const char *md)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ownsim//test//EN\r\n"
               "BEGIN:VEVENT\r\nUID:a@test\r\nDTSTAMP:20260101T000000Z\r\n"
               "DTSTART;VALUE=DATE:2026%s\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:x\r\n"
               "END:VEVENT\r\nEND:VCALENDAR\r\n", md);
    fclose(f);
}

Test(schedule, holiday_file_read_again_gives_the_same_dates_and_an_edit_is_seen)
{
    /* a file read again (the memo: a sweep derives a scenario per point)
     * adds the same dates to a set that already holds others; the same path
     * with other bytes, or another range, is read afresh */
    static cal_holidays a, b, c, d;
    long from, to, last, day;
    cal_parse_date("2026-01-01", &from);
    cal_parse_date("2030-12-31", &to);
    char why[256] = "", path[] = "/tmp/ownsim-ics-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    write_ics(path, "0704");
    cr_assert_eq(cal_holidays_read_ics(path, from, to, &a, &last, why, sizeof why), 0, "%s", why);
    cal_parse_date("2027-01-01", &day);
    cr_assert_eq(cal_holidays_add(&b, day), 0);
    cr_assert_eq(cal_holidays_read_ics(path, from, to, &b, &last, why, sizeof why), 0, "%s", why);
    cr_assert_eq(a.n, 5);
    cr_assert_eq(b.n, 6);
    cr_assert_eq(last, LONG_MAX);
    for (int i = 0; i < a.n; i++)
        cr_assert(cal_holidays_has(&b, a.day[i]));
    cal_parse_date("2028-12-31", &to);
    cr_assert_eq(cal_holidays_read_ics(path, from, to, &c, &last, why, sizeof why), 0, "%s", why);
    cr_assert_eq(c.n, 3, "another range: %d dates", c.n);
    write_ics(path, "1225");
    cr_assert_eq(cal_holidays_read_ics(path, from, to, &d, &last, why, sizeof why), 0, "%s", why);
    cal_parse_date("2026-12-25", &day);
    cr_assert(cal_holidays_has(&d, day), "the edited file was not read again");
    cal_parse_date("2026-07-04", &day);
    cr_assert(!cal_holidays_has(&d, day));
    unlink(path);
}

Test(schedule, holiday_lookup_matches_a_scan_inside_and_past_the_bitmap)
{
    /* dates spread over more than the bitmap's 61 years: the far ones are
     * found by binary search, the near ones by their bit; both agree with a
     * linear scan, and a week's open minutes around a far date are those of
     * a minute count */
    static cal_holidays h;
    long d[5];
    cal_parse_date("1990-01-01", &d[0]);
    cal_parse_date("2026-01-19", &d[1]);
    cal_parse_date("2026-01-20", &d[2]);
    cal_parse_date("2060-07-05", &d[3]);
    cal_parse_date("2100-12-27", &d[4]); /* a Monday */
    for (int i = 4; i >= 0; i--) /* in reverse: every add rebases */
        cr_assert_eq(cal_holidays_add(&h, d[i]), 0);
    cr_assert_eq(h.n, 5);
    cr_assert_eq(h.base, d[0]);
    cr_assert_eq(h.far, 2, "2060 and 2100 lie past 1990 + 61 years");
    for (long day = d[0] - 3; day <= d[4] + 3; day++) {
        bool want = false;
        for (int i = 0; i < 5; i++)
            want |= d[i] == day;
        cr_assert_eq(cal_holidays_has(&h, day), want, "day %ld", day);
    }
    static cal_shift sh;
    long start;
    cal_parse_date("2100-12-20", &start); /* a Monday */
    cal_plain_shift(start, &sh);
    cal_sched c = parse_ok("mon-fri 08:00-17:00");
    cal_sites one = {.n = 1, .week = {&c}, .shift = {&sh}, .hol = {&h}};
    double cnt = 0;
    for (long long t = 0; t < 2 * 10080; t++)
        cnt += cal_sites_is_open(&one, (double)t);
    cr_assert_eq(cnt, 9 * 540.0, "two weeks less the holiday Monday");
    cr_assert_eq(cal_sites_open_minutes(&one, 0, 2 * 10080), cnt);
    cr_assert_eq(cal_sites_next_open(&one, 4 * 1440 + 17 * 60 + 30), 8 * 1440 + 8 * 60);
}

Test(schedule, holiday_set_is_the_same_whatever_the_order_of_adding)
{
    /* cal_holidays_add sets one bit when the first date stays and rebuilds
     * when a new first date moves the base: ascending, descending and
     * shuffled orders (with repeats, and dates past the bitmap) must leave
     * the same dates, bits, base, last and far count */
    static cal_holidays a, b, c;
    long d[40];
    long d0;
    cal_parse_date("2020-01-01", &d0);
    for (int i = 0; i < 40; i++)   /* ascending, the last four past 61 years */
        d[i] = d0 + i * 37L + (i >= 36 ? CAL_HOL_SPAN : 0);
    for (int i = 0; i < 40; i++)
        cr_assert_eq(cal_holidays_add(&a, d[i]), 0);
    for (int i = 39; i >= 0; i--)
        cr_assert_eq(cal_holidays_add(&b, d[i]), 0);
    for (int i = 0; i < 40; i++)   /* 17 is prime to 40: every date, shuffled */
        cr_assert_eq(cal_holidays_add(&c, d[(i * 17 + 5) % 40]), 0);
    cr_assert_eq(cal_holidays_add(&c, d[3]), 0, "a repeat is no error");
    const cal_holidays *set[] = {&b, &c};
    for (int k = 0; k < 2; k++) {
        const cal_holidays *h = set[k];
        cr_assert_eq(h->n, 40);
        cr_assert_eq(h->base, a.base);
        cr_assert_eq(h->last, a.last);
        cr_assert_eq(h->far, 4);
        cr_assert_eq(a.far, 4);
        cr_assert(!memcmp(h->day, a.day, sizeof a.day), "order %d: dates", k);
        cr_assert(!memcmp(h->bits, a.bits, sizeof a.bits), "order %d: bits", k);
    }
    for (long day = d0 - 2; day <= d[39] + 2; day += (day < d[35] + 40 ? 1 : 97))
        cr_assert_eq(cal_holidays_has(&a, day), cal_holidays_has(&c, day), "day %ld", day);
}
