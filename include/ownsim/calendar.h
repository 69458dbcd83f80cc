/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calendar.h — business-hours arithmetic on the simulation clock.
 *
 * Time is in minutes from Monday 00:00 of week 0 and runs forever; the week
 * repeats.  Two descriptions of hours:
 *  - cal_hours, the [calendar] as the scenario writes it: one interval
 *    [open, close) on each business day (open < close, within one day);
 *  - cal_sched, a weekly schedule compiled at load: several intervals per
 *    weekday, intervals past midnight, 24x7; what parties and the
 *    organisation keep (cal_sched_from_hours turns the first into the
 *    second with the very same answers).
 * All functions are O(1) per call, with no allocation: a schedule answers
 * from week tables built when it is made (is it open, open minutes of an
 * interval, next opening: a few lookups, no division), falling back to a
 * day-by-day scan of at most 8 days where a table could round differently
 * (calendar.c, "Tables").
 */
#ifndef OWNSIM_CALENDAR_H
#define OWNSIM_CALENDAR_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#define CAL_MIN_PER_DAY  1440.0
#define CAL_MIN_PER_WEEK 10080.0
/* The largest time, or effort, in minutes that ownsim takes (1e12, about 1.9
 * million years): beyond it times lose their minutes to rounding.  Outage
 * files are refused past it, and so is a scenario whose generated stream
 * would run past it. */
#define CAL_MAX_MINUTES 1e12

typedef struct cal_hours {
    double open;          /* minutes after midnight business hours start, e.g. 480 */
    double close;         /* minutes after midnight they end, > open, <= 1440 */
    unsigned days;        /* business days, bit 0 = Monday ... bit 6 = Sunday */
} cal_hours;

/* Mon-Fri 08:00-17:00. */
cal_hours cal_default(void);

/* Is time t inside business hours?  A calendar with no business day is
 * never open. */
bool cal_is_open(const cal_hours *c, double t);

/* t itself when open, otherwise the next opening time after t.  INFINITY for
 * a calendar with no business day. */
double cal_next_open(const cal_hours *c, double t);

/* Minutes of [a, b) that fall outside business hours (0 when b <= a). */
double cal_closed_minutes(const cal_hours *c, double a, double b);

/* Minutes of [a, b) that fall inside business hours (0 when b <= a), summed
 * directly: exact whenever a and b lie outside business hours or are
 * integers, so a business-hours SLA clock that reaches its target exactly
 * is not breached by rounding. */
double cal_open_minutes(const cal_hours *c, double a, double b);

/*
 * A weekly schedule: several open intervals per weekday, compiled at load
 * into per-weekday tables of pieces [open, close) within the day (an
 * interval crossing midnight is two pieces, one on each day).  Plain data
 * of a fixed size (copied by value, nothing allocated); every query is O(1):
 * a few lookups in its minute tables, or at most 8 days of at most
 * CAL_MAX_PIECES pieces.  A schedule built by cal_sched_from_hours answers
 * bit for bit what cal_hours does.  The tables below are derived: every
 * function that changes the pieces rebuilds them, and code that sets pieces
 * by hand must not (use cal_sched_parse and cal_sched_union).
 */
#define CAL_MAX_PIECES 8  /* open pieces per weekday */
#define CAL_SCHED_TEXT 256 /* longest schedule text + 1 (bytes) */

typedef struct cal_sched {
    unsigned char n[7];                    /* pieces on weekday d (0 = Monday) */
    double open[7][CAL_MAX_PIECES];        /* piece i of day d opens, minutes after
                                              midnight; sorted, disjoint */
    double close[7][CAL_MAX_PIECES];       /* ... and closes, > open, <= 1440 */
    double open_week;                      /* open minutes a week (sum of pieces) */
    uint16_t week_min;                     /* open minutes a week, when whole */
    unsigned char whole;                   /* 1: every piece starts and ends on a
                                              whole minute, so the tables answer
                                              (calendar.c, "Tables") */
    uint64_t minute[158];                  /* bit i: minute [i, i+1) of the week is
                                              open (pieces start and end on whole
                                              minutes): cal_sched_is_open's table */
    uint16_t cum[158];                     /* open minutes of the week before minute
                                              64 j: with minute[], the open minutes
                                              before any minute in two lookups */
    uint16_t next[159];                    /* the first open minute at or after minute
                                              64 j, from this week's Monday 00:00
                                              (>= 10080: the next week's); next[158]
                                              is the next week's first */
} cal_sched;

/* The schedule that keeps the hours of c (no piece when c is never open). */
void cal_sched_from_hours(const cal_hours *c, cal_sched *out);

/* Open round the clock (one piece 00:00-24:00 every day). */
void cal_sched_always(cal_sched *out);

/* Parse a schedule text: "24x7", "none", or comma-separated groups
 * "DAYS HH:MM-HH:MM [HH:MM-HH:MM ...]" such as
 * "mon-fri 07:00-19:00, sat 09:00-13:00" or "mon-fri 22:00-06:00" (an
 * interval whose close is not after its open runs past midnight into the
 * next day; "00:00-24:00" is the whole day).  Intervals of the same days may
 * not overlap (touching ones are joined) nor be empty.  0, or -1 with a
 * reason in why. */
int cal_sched_parse(const char *text, cal_sched *out, char *why, unsigned n);

/* dst := the union of dst and src (overlaps allowed: a party's sites).
 * 0, or -1 when a day would need more than CAL_MAX_PIECES pieces. */
int cal_sched_union(cal_sched *dst, const cal_sched *src);

/* Turn c, written for weekdays, into the simulation's frame when minute 0
 * falls on weekday dow (0 = Monday): simulated day d keeps the hours of
 * weekday (d + dow) mod 7.  Exact (a permutation of the days). */
void cal_sched_rotate(cal_sched *c, int dow);

/*
 * Time zones.  A schedule in zone Z, seen from a simulation whose minute 0
 * is 00:00 of start_day in the reference zone R: simulated minute t is the
 * UTC minute u = U0 + t, whose wall clock in Z is u + off_Z(u); the
 * schedule's weekly table is read at t + by(t), a shift that is constant
 * between Z's offset changes.  cal_shift holds those segments, computed at
 * load from tzdata (through libical, never by setting TZ) for
 * CAL_SHIFT_YEARS years from the start; past them the last shift holds.
 */
#define CAL_MAX_SHIFTS 160   /* offset changes kept (two a year: 80 years) */
#define CAL_SHIFT_YEARS 60   /* years after the start that are scanned */

typedef struct cal_shift {
    int n;                      /* segments, >= 1 */
    double at[CAL_MAX_SHIFTS];  /* segment i starts at simulated minute at[i];
                                   at[0] = -INFINITY */
    double by[CAL_MAX_SHIFTS];  /* ... where the weekly table is read at t + by[i] */
    double dbase[CAL_MAX_SHIFTS]; /* ... and local day floor((t + by[i]) / 1440) is
                                   the date dbase[i] + that, in days from 1970 */
    double off[CAL_MAX_SHIFTS];   /* ... and the zone's UTC offset then, whole minutes
                                     east of UTC (0 in a zone-less shift) */
    int zoned;                    /* 1: a zone's shift (cal_zone_shift), whose
                                     offsets are real; 0: the zone-less clock
                                     (cal_plain_shift) */
} cal_shift;

/* The wall-clock minute of the week (from Monday 00:00, in [0, 10080)) of
 * simulated minute t under shift s, and its date in *day (days from 1970). */
double cal_shift_local(const cal_shift *s, double t, long *day);

/* The shift of a zone-less scenario whose minute 0 is 00:00 of start_day:
 * one segment (holidays need the dates of the unrotated tables). */
void cal_plain_shift(long start_day, cal_shift *out);

/* Closed dates of a schedule, sorted, distinct, days from 1970-01-01 of its
 * own wall clock; a holiday closes every piece of that date. */
#define CAL_MAX_HOLIDAYS 1024
#define CAL_HOL_SPAN 22528          /* days a bitmap covers: 61 years, > CAL_SHIFT_YEARS */
typedef struct cal_holidays {
    int n;                          /* dates */
    /* The same dates as bits, so that a lookup is O(1): bit k is day base + k,
     * for k < CAL_HOL_SPAN; kept by cal_holidays_add.  Dates past the
     * span (far > 0: only when the dates spread over more than 61 years)
     * are found by binary search in day[].  What a lookup reads first (n,
     * far, base, last) shares one cache line. */
    int far;                        /* dates at or past base + CAL_HOL_SPAN */
    long base;                      /* day[0] when n > 0 */
    long last;                      /* day[n - 1] when n > 0: none after it */
    uint64_t bits[CAL_HOL_SPAN / 64];
    long day[CAL_MAX_HOLIDAYS];     /* sorted ascending */
} cal_holidays;

/* Add a date (keeps the order; a date already there is not added again).
 * 0, or -1 when full. */
int cal_holidays_add(cal_holidays *h, long day);

/* Add the dates of an iCalendar file's events in [from, to] to h: each
 * VEVENT's DTSTART date, repeated by its RRULE (libical expands it).
 * *last is the last date the file gives (LONG_MAX: a rule with no end).
 * 0, or -1 with a reason in why (unreadable, malformed, too many). */
int cal_holidays_read_ics(const char *path, long from, long to, cal_holidays *h, long *last,
                          char *why, unsigned n);

/* Whether day is a holiday: O(1) (O(log n) past the bitmap's span). */
bool cal_holidays_has(const cal_holidays *h, long day);

/* The shift of zone (an IANA name) seen from reference zone ref ("" = UTC)
 * with minute 0 at 00:00 of start_day in ref.  0, or -1 with a reason in
 * why (an unknown zone).  Serialised inside: safe from any thread. */
int cal_zone_shift(const char *zone, const char *ref, long start_day, cal_shift *out,
                   char *why, unsigned n);

/* Whether a zone name is known to tzdata. */
bool cal_zone_known(const char *zone);

/* The hours of several sites, each a weekly schedule read through its own
 * shift: open while any site is.  Borrowed pointers, which must outlive it. */
#define CAL_MAX_SITES 16
typedef struct cal_sites {
    int n;                               /* sites, 1..CAL_MAX_SITES */
    const cal_sched *week[CAL_MAX_SITES]; /* site k's weekly hours (unrotated) */
    const cal_shift *shift[CAL_MAX_SITES]; /* ... and where to read them */
    const cal_holidays *hol[CAL_MAX_SITES]; /* ... and its closed dates; NULL: none */
} cal_sites;

bool cal_sites_is_open(const cal_sites *c, double t);
double cal_sites_next_open(const cal_sites *c, double t);
double cal_sites_closed_minutes(const cal_sites *c, double a, double b);
double cal_sites_open_minutes(const cal_sites *c, double a, double b);
/* The first time >= t at which the sites are all closed: t when they are
 * closed at t, INFINITY when they stay open from t on. */
double cal_sites_next_close(const cal_sites *c, double t);

/* The open minutes of an ordinary week of c: the union of its sites' weekly
 * hours, each site placed by the zone offset its shift has at t (so sites
 * in several zones count their overlap once), holidays left out.  What the
 * week-based rates read (revenue per business minute, staffed hours a week:
 * docs/model.md §5, §12).  O(pieces log pieces), no allocation. */
double cal_sites_week_open(const cal_sites *c, double t);

/* Dates: days from 1970-01-01 in the proleptic Gregorian calendar.
 * cal_parse_date reads "YYYY-MM-DD" (years 1000..9999) of a date that
 * exists (2026-02-29 does not): 0 or -1.  cal_weekday: 0 = Monday. */
int cal_parse_date(const char *text, long *days);
void cal_format_date(long days, char *buf, unsigned n);
int cal_weekday(long days);

/* As cal_is_open, cal_next_open, cal_closed_minutes and cal_open_minutes,
 * for a schedule. */
static inline bool cal_sched_is_open(const cal_sched *c, double t);
double cal_sched_next_open(const cal_sched *c, double t);
double cal_sched_closed_minutes(const cal_sched *c, double a, double b);
double cal_sched_open_minutes(const cal_sched *c, double a, double b);
/* The first time >= t at which c is closed: t when it is closed at t,
 * INFINITY when it stays open from t on (24x7). */
double cal_sched_next_close(const cal_sched *c, double t);

/* Times in [0, CAL_FAST_MAX) are split into whole minutes by one
 * truncation to an integer (exact there: floor), not by floor(t / 1440). */
#define CAL_FAST_MAX 1125899906842624.0 /* 2^50 */

/* One table lookup: the minute of the week, exact for |t| < 2^53 (the
 * product and the difference are exact; the guards undo a rounded
 * quotient), and piece ends are whole minutes, so floor(minute) decides.
 * In [0, CAL_FAST_MAX) the minute is floor(t) mod 10080 in integers (the
 * same minute, with no division).  Defined here so that it inlines into
 * party_covers. */
static inline bool cal_sched_is_open(const cal_sched *c, double t)
{
    if (t >= 0.0 && t < 4294967296.0) { /* 32-bit: a shorter multiplication */
        uint32_t m = (uint32_t)(int64_t)t % 10080u;
        return (c->minute[m >> 6] >> (m & 63u)) & 1u;
    }
    if (t >= 0.0 && t < CAL_FAST_MAX) {
        uint64_t m = (uint64_t)(int64_t)t % 10080u;
        return (c->minute[m >> 6] >> (m & 63u)) & 1u;
    }
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

/* Parse "HH:MM" into minutes after midnight (00:00..24:00).  0 or -1. */
int cal_parse_clock(const char *text, double *minutes);

/* Parse a day list such as "mon-fri", "mon,tue,thu", "sat-sun", "none" into a
 * bit mask.  0 or -1. */
int cal_parse_days(const char *text, unsigned *mask);

/* Format back: "08:00" and "mon-fri"/"mon,wed" forms (buffer >= 32 bytes). */
void cal_format_clock(double minutes, char *buf, unsigned n);
void cal_format_days(unsigned mask, char *buf, unsigned n);

/*
 * Wall-clock stamps (the trace's and outage lists' `_at` columns): the
 * reading of a shift's clock at a simulated minute, found by one binary
 * search over its segments (O(log changes)) from the offsets tabulated at
 * load; nothing reads TZ or calls localtime, so the answer does not depend
 * on the machine's zone.
 */
typedef struct cal_wall {
    long day;       /* the date, days from 1970-01-01 */
    int minute;     /* whole minutes after that date's midnight, 0..1439 */
    int offset;     /* the zone's UTC offset then, minutes east (0 when not zoned) */
    int zoned;      /* the shift's zoned: 1 when offset is a real zone's */
} cal_wall;

/* The clock of shift s (the reference zone's: the scenario's ref_shift) at
 * simulated minute t rounded down to the whole minute (floor: a clock shows
 * the minute an instant falls in).  0, or -1 when t is not finite or beyond
 * CAL_MAX_MINUTES either way (w untouched).  Past the shift's tabulated
 * years (CAL_SHIFT_YEARS) the last offset holds. */
int cal_wall_at(const cal_shift *s, double t, cal_wall *w);

/* ISO 8601 local time "2026-01-05T10:23", followed by the UTC offset
 * ("+01:00", "-04:00", "+13:45") when w->zoned.  CAL_WALL_TEXT bytes hold
 * any stamp of a year below 10^10. */
#define CAL_WALL_TEXT 40
void cal_format_wall(const cal_wall *w, char *buf, unsigned n);

#endif
