/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_stamps.c — wall-clock stamps (cal_wall_at, cal_format_wall): the
 * reading of a shift's clock at a simulated minute, as the `_at` columns of
 * traces and outage lists write it.
 *
 * Known answers on the zone-less clock and across daylight-saving changes
 * (New York's spring forward and fall back, Chatham's +13:45, St John's
 * -03:30), sub-minute times rounded down, and two invariants checked minute
 * by minute over two years: the UTC minute the stamp names (local - offset)
 * is the start's plus t, and the stamp agrees with cal_shift_local, which
 * the schedules read.  Outage lists: written with stamps, read back to the
 * same outages; a stamp that disagrees with its minute is refused, naming
 * the line and the column.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "fixture.h"
#include "ownsim/calendar.h"
#include "ownsim/outages.h"

static long date(const char *text)
{
    long d;
    cr_assert_eq(cal_parse_date(text, &d), 0, "%s", text);
    return d;
}

/* The stamp of t under s, as text. */
static const char *stamp(const cal_shift *s, double t)
{
    static char buf[CAL_WALL_TEXT];
    cal_wall w;
    cr_assert_eq(cal_wall_at(s, t, &w), 0, "t = %g", t);
    cal_format_wall(&w, buf, sizeof buf);
    return buf;
}

static void zone(const char *name, const char *start, cal_shift *out)
{
    char why[160];
    cr_assert_eq(cal_zone_shift(name, name, date(start), out, why, sizeof why), 0, "%s", why);
}

#define STAMP(s, t, want) cr_assert_str_eq(stamp(s, t), want, "t = %.17g", (double)(t))

Test(stamps, zone_less_clock_counts_from_the_start)
{
    static cal_shift s;
    cal_plain_shift(date("2026-01-05"), &s);
    STAMP(&s, 0, "2026-01-05T00:00");
    STAMP(&s, 59.999999, "2026-01-05T00:59");   /* rounded down, never up */
    STAMP(&s, 60, "2026-01-05T01:00");
    STAMP(&s, 1439.5, "2026-01-05T23:59");
    STAMP(&s, 1440, "2026-01-06T00:00");
    STAMP(&s, 6810, "2026-01-09T17:30");
    STAMP(&s, 525600, "2027-01-05T00:00");      /* 2026 has 365 days */
    STAMP(&s, -0.5, "2026-01-04T23:59");        /* before the start: the day before */
    STAMP(&s, 1e12, "1903350-04-28T10:40");     /* the largest time, far past year 9999 */
    cal_plain_shift(date("2024-02-28"), &s);
    STAMP(&s, 1440, "2024-02-29T00:00");        /* a leap day */
    STAMP(&s, 2880, "2024-03-01T00:00");
    cal_wall w = {.day = 7, .minute = 8};
    cr_assert_eq(cal_wall_at(&s, NAN, &w), -1);
    cr_assert_eq(cal_wall_at(&s, INFINITY, &w), -1);
    cr_assert_eq(cal_wall_at(&s, 2e12, &w), -1);
    cr_assert_eq(w.day, 7, "untouched on failure");
    cr_assert_eq(cal_wall_at(&s, 0, &w), 0);
    cr_assert_eq(w.zoned, 0);
    cr_assert_eq(w.offset, 0);
}

Test(stamps, new_york_spring_forward_and_fall_back)
{
    /* minute 0 = 2026-03-07 00:00 EST; 2026-03-08 02:00 EST (minute 1560)
     * is 03:00 EDT */
    static cal_shift s;
    zone("America/New_York", "2026-03-07", &s);
    STAMP(&s, 0, "2026-03-07T00:00-05:00");
    STAMP(&s, 1559, "2026-03-08T01:59-05:00");
    STAMP(&s, 1559.99, "2026-03-08T01:59-05:00");
    STAMP(&s, 1560, "2026-03-08T03:00-04:00");
    STAMP(&s, 1620, "2026-03-08T04:00-04:00");
    cal_wall w;
    cr_assert_eq(cal_wall_at(&s, 1620, &w), 0);
    cr_assert_eq(w.day, date("2026-03-08"));
    cr_assert_eq(w.minute, 240);
    cr_assert_eq(w.offset, -240);
    cr_assert_eq(w.zoned, 1);

    /* 2026-11-01 02:00 EDT is 01:00 EST: 01:30 happens twice, an hour apart */
    zone("America/New_York", "2026-11-01", &s);
    STAMP(&s, 90, "2026-11-01T01:30-04:00");
    STAMP(&s, 150, "2026-11-01T01:30-05:00");
    STAMP(&s, 1440, "2026-11-01T23:00-05:00");
}

Test(stamps, offsets_with_minutes)
{
    static cal_shift s;
    zone("Pacific/Chatham", "2026-01-05", &s);   /* summer: +13:45 */
    STAMP(&s, 0, "2026-01-05T00:00+13:45");
    STAMP(&s, 150.0 * 1440, "2026-06-03T23:00+12:45");   /* winter: an hour less */
    zone("America/St_Johns", "2026-01-05", &s);  /* -03:30, summer -02:30 */
    STAMP(&s, 0, "2026-01-05T00:00-03:30");
    STAMP(&s, 150.0 * 1440, "2026-06-04T01:00-02:30");
    zone("UTC", "2026-01-05", &s);
    STAMP(&s, 61, "2026-01-05T01:01+00:00");
}

Test(stamps, format_is_iso_8601)
{
    char buf[CAL_WALL_TEXT];
    cal_wall w = {.day = date("2026-12-31"), .minute = 23 * 60 + 59, .offset = -570, .zoned = 1};
    cal_format_wall(&w, buf, sizeof buf);
    cr_assert_str_eq(buf, "2026-12-31T23:59-09:30");
    w.offset = 0;
    cal_format_wall(&w, buf, sizeof buf);
    cr_assert_str_eq(buf, "2026-12-31T23:59+00:00");
    w.zoned = 0;
    w.offset = 60;   /* not zoned: no offset is written, whatever it says */
    cal_format_wall(&w, buf, sizeof buf);
    cr_assert_str_eq(buf, "2026-12-31T23:59");
    char small[8];
    cal_format_wall(&w, small, sizeof small);   /* cut, never overrun */
    cr_assert_str_eq(small, "2026-12");
}

/* Two years minute by minute (every 7th minute): the instant a stamp names
 * advances with t, one minute a minute, and its date and minute of the week
 * are those cal_shift_local gives the schedules. */
static void check_invariants(const char *name, const char *start)
{
    static cal_shift s;
    zone(name, start, &s);
    cr_assert_geq(s.n, 4, "%s: two years hold at least four changes", name);
    cal_wall w0;
    cr_assert_eq(cal_wall_at(&s, 0, &w0), 0);
    double u0 = (double)w0.day * 1440 + w0.minute - w0.offset;
    for (long t = 0; t < 2L * 366 * 1440; t += 7) {
        cal_wall w;
        cr_assert_eq(cal_wall_at(&s, (double)t + 0.75, &w), 0);
        double u = (double)w.day * 1440 + w.minute - w.offset;
        cr_assert_eq(u, u0 + (double)t, "%s: t = %ld names UTC minute %.0f, not %.0f", name, t,
                     u, u0 + (double)t);
        cr_assert(w.minute >= 0 && w.minute < 1440);
        long day;
        double wk = cal_shift_local(&s, (double)t, &day);
        cr_assert_eq(day, w.day, "%s: t = %ld", name, t);
        cr_assert_eq(fmod(wk, 1440.0), (double)w.minute, "%s: t = %ld", name, t);
        cr_assert_eq((int)(wk / 1440.0), cal_weekday(w.day), "%s: t = %ld", name, t);
    }
}

Test(stamps, every_minute_names_the_right_instant)
{
    check_invariants("America/New_York", "2026-01-05");
    check_invariants("Europe/Paris", "2026-03-02");
    check_invariants("Australia/Sydney", "2026-01-05");   /* southern: changes reversed */
    check_invariants("Pacific/Chatham", "2026-01-05");
}

static const char *const LIST_INI =
    "[simulation]\nreps = 1\nwarmup = 0\nincidents = 200\n"
    "tz = America/New_York\nstart = 2026-03-07\n"
    "[severity.P3]\neffort = 30\n[category.apps]\nweight = 1\n"
    "[party.desk]\nstaff = 1\n[model.inhouse]\nowners = apps:desk\nservice_desk = desk\n";

Test(stamps, outage_list_round_trip_and_mismatch)
{
    os_error e;
    scenario *s = fixture_load(LIST_INI, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    char *plain = fixture_file(""), *stamped = fixture_file("");
    cr_assert_eq(outlist_write(s, 0, 200, plain, false, &e), 0, "%s", e.msg);
    cr_assert_eq(outlist_write(s, 0, 200, stamped, true, &e), 0, "%s", e.msg);
    char *text = fixture_read(stamped, NULL);
    cr_assert(!strncmp(text, "id,t_occur,t_occur_at,category,severity,effort\r\n", 48), "%.60s",
              text);
    outage_list a, b;
    cr_assert_eq(outlist_read(s, plain, 0, &a, &e), 0, "%s", e.msg);
    cr_assert_eq(outlist_read(s, stamped, 0, &b, &e), 0, "%s", e.msg);
    cr_assert_eq(a.n, 200);
    cr_assert_eq(b.n, a.n);
    cr_assert(!memcmp(a.v, b.v, a.n * sizeof *a.v), "the stamps change what is read");
    outlist_free(&a);
    outlist_free(&b);

    /* the second row's stamp one minute off */
    char *row = strstr(strstr(text, "\r\n") + 2, "\r\n") + 2, *t = strchr(row, 'T');
    cr_assert_not_null(t);
    t[5] = t[5] == '9' ? '8' : (char)(t[5] + 1);
    fixture_write(stamped, text, strlen(text));
    err_clear(&e);
    cr_assert_eq(outlist_read(s, stamped, 0, &b, &e), -1);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_eq(e.line, 3);
    cr_assert_str_eq(e.key, "t_occur_at");
    cr_assert(strstr(e.msg, "is not the wall clock of t_occur"), "%s", e.msg);
    cr_assert_eq(b.n, 0);
    free(text);
    unlink(plain);
    unlink(stamped);
    free(plain);
    free(stamped);
    scn_destroy(s);
}
