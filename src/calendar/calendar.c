/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calendar.c — business-hours arithmetic (see calendar.h).
 *
 * Design: a time t is split into an absolute day number D = floor(t / 1440)
 * and a minute of that day; the weekday is D mod 7 taken with floor
 * semantics, so negative times behave like every other week.  Nothing is
 * allocated and nothing loops over more than 8 days:
 *  - cal_next_open scans at most the rest of today plus 7 following days;
 *  - cal_closed_minutes and cal_open_minutes count whole weeks in one
 *    multiplication (open per week = ndays * (close - open)) and walk the
 *    remaining < 7 days (at most 8 partial days) one day at a time.
 *
 * Schedules (cal_sched, below) keep the same day-by-day arithmetic with up
 * to CAL_MAX_PIECES pieces a day, and answer from week tables wherever the
 * tables give the very same doubles (below).
 *
 * Tables.  The calendar was half of the default scenario's CPU time, in
 * divisions and floor()s per call, so a schedule whose pieces start and
 * end on whole minutes (every parsed one: cal_sched.whole) carries tables
 * of its week built with it (sched_table, O(week) at load; 1.9 KB inside
 * the struct, the minute bits and 0.6 KB of counts, so copied with it:
 * nothing allocated, nothing sized by the run, no horizon: the week
 * repeats):
 *  - minute[j]: 64 minutes of the week a word, bit set when open;
 *  - cum[j]: the open minutes of the week before minute 64 j, so the open
 *    minutes before week minute i are cum[i/64] + the bits of minute[i/64]
 *    below i (a popcount), and those before absolute whole minute m are
 *    (m / 10080) * week_min plus that for m mod 10080: integers, exact;
 *  - next[j]: the first open minute at or after 64 j (the next week's
 *    first at j = 158), so the next opening after a closed minute is in
 *    its own word (a count of trailing zeros) or next[j + 1].
 * A time t in [0, CAL_FAST_MAX) is split by one truncation, m = (int64)t
 * (floor, exact), and f = t - m (exact); a week and a day are m / 10080 and
 * m / 1440 in integers (a multiplication; 32-bit below CAL_TABLE_MAX), no
 * floor(t / 1440).  The open minutes of [a, b) are then G(b) - G(a), with
 * G(t) the open minutes before m plus f when minute m is open: two lookups
 * and a subtraction (table_open: 6 ns a tally against 47 ns day by day,
 * random intervals of up to two days; a site's, holidays included, 14 ns
 * against 61 ns).
 * Each operation:
 *  - is it open (cal_sched_is_open, site_open): one truncation, one bit;
 *    a site's date for its holidays comes from the same m;
 *  - next opening (cal_sched_next_open): the bit, else trailing zeros of
 *    the rest of its word, else next[]: O(1), no loop;
 *  - open or closed minutes (sched_tally): G(b) - G(a); a site in one
 *    segment (no zone, or a zone without changes) also takes its holiday
 *    test from the same two truncations (site_tally1), and only an
 *    interval that holds a holiday goes day by day through holiday_open.
 * Holidays stay the dates bitmap of cal_holidays (its n, base and last on
 * one cache line: a date after the last, as every date is once a run
 * passes the 60 years of the holiday list, is answered at once).
 *
 * Same bits.  The tables must give exactly the doubles of the day-by-day
 * code, which rounds as it sums.  They do where that code cannot round:
 * when a >= CAL_EXACT_FROM (2^13) and [a, b) is under a week long or a and
 * b share their binary exponent.  Then every value it forms (the ends,
 * whole-minute piece bounds, their differences, its partial sums, all at
 * most b - a or 1440) is a multiple of a's unit in the last place 2^(e-52)
 * below 2^(e+1), hence exact; a + weeks * 10080 stays in a's binade (or
 * weeks is 0), so its remainder [s, b) is exact too; and floor((b - a) /
 * 10080) is the true floor (a quotient by 10080 or 1440 never rounds up
 * onto an integer).  So it returns the exact measure of [a, b) within the
 * open pieces, and so does G(b) - G(a), every step of which is exact for
 * the same reason.  (A cumulative sum kept in doubles from time 0 would
 * not be: it rounds where the day-by-day sum does not.)  Everywhere else
 * (the first 5.7 days, negative or huge times, fractional piece ends,
 * intervals over a week long that cross a power of two) the day-by-day
 * code answers, as before.  day_floor, local_day and cal_sched_next_open's
 * table path return the very integers of floor(x / 1440) and of the day
 * scan for the same reason (both exact on [0, CAL_FAST_MAX)).
 * tests/unit/test_cal_tables.c checks all of it bit for bit against a copy
 * of the day-by-day code, edges included (and fails on an off-by-one in
 * any table, on CAL_EXACT_FROM = 2^10, or without the binade test).
 *
 * Placed hours (cal_shift, cal_holidays, cal_sites, further below): a
 * weekly table read at t + by(t), by constant between a zone's offset
 * changes (tabulated at load from tzdata through libical, dlopen'ed), with
 * closed dates looked up by binary search; several sites are open while
 * any is.  Dates are days from 1970-01-01 (proleptic Gregorian).
 *
 * Invariants: the open window of every business day is [open, close), half
 * open; a calendar whose window is empty (no day, or close <= open after
 * clamping to [0, 1440]) is never open.  Non-finite times are never open.
 * With integer times and integer open/close every result is exact, since
 * all arithmetic then stays on integers far below 2^53.
 */
#include "ownsim/calendar.h"

#include <ctype.h>
#include <limits.h>
#include <dlfcn.h>
#include <libical/ical.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ALL_DAYS 0x7fu

/* The tables answer a tally from this time on (see "Same bits"): at and
 * past 2^13 a double's unit in the last place is at least 2^-39, so every
 * value under 2^14 the day-by-day code forms from it is exact. */
#define CAL_EXACT_FROM 8192.0
/* ... in 32-bit integers up to 2^32 minutes (8,000 years), in 64-bit ones
 * from there to CAL_FAST_MAX: a run of 10^7 incidents at the default's rate
 * spans some 16,000 years, and below this split the day-by-day code took
 * every tally past 2^32 (the benchmark at 10^7 ran 9 % slower per
 * incident than at 10^6, issue 26). */
#define CAL_TABLE_MAX 4294967296.0

static const char *const day_abbr[7] = {"mon", "tue", "wed", "thu",
                                        "fri", "sat", "sun"};
static const char *const day_full[7] = {"monday", "tuesday", "wednesday",
                                        "thursday", "friday", "saturday",
                                        "sunday"};

cal_hours cal_default(void)
{
    cal_hours c = {.open = 480.0, .close = 1020.0, .days = 0x1fu};
    return c;
}

/* The open window of a business day, clamped to one day; false when the
 * calendar is never open.  O(1). */
static bool window(const cal_hours *c, double *open, double *close)
{
    if (!c || (c->days & ALL_DAYS) == 0)
        return false;
    double o = c->open > 0.0 ? c->open : 0.0;
    double e = c->close < CAL_MIN_PER_DAY ? c->close : CAL_MIN_PER_DAY;
    if (!(o < e)) /* also rejects NaN */
        return false;
    *open = o;
    *close = e;
    return true;
}

static bool is_business(const cal_hours *c, double day)
{
    /* Floor-based modulo: day -1 is a Sunday. */
    double dow = day - 7.0 * floor(day / 7.0);
    if (!(dow >= 0.0 && dow < 7.0)) /* only past 2^53 minutes */
        return false;
    return (c->days >> (unsigned)dow) & 1u;
}

/* Split finite t into the absolute day number and the minute of that day,
 * guarding the rounding case where t - day*1440 lands on 1440. */
static void split(double t, double *day, double *minute)
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

bool cal_is_open(const cal_hours *c, double t)
{
    double o, e, d, m;
    if (!window(c, &o, &e) || !isfinite(t))
        return false;
    split(t, &d, &m);
    return is_business(c, d) && m >= o && m < e;
}

double cal_next_open(const cal_hours *c, double t)
{
    double o, e, d, m;
    if (!window(c, &o, &e))
        return INFINITY;
    if (!isfinite(t))
        return t; /* +inf stays, -inf and NaN have no meaningful answer */
    split(t, &d, &m);
    if (is_business(c, d)) {
        if (m >= o && m < e)
            return t;
        if (m < o)
            return d * CAL_MIN_PER_DAY + o;
    }
    /* Some weekday is a business day, so one of the next 7 days opens. */
    for (int k = 1; k <= 7; k++)
        if (is_business(c, d + k))
            return (d + k) * CAL_MIN_PER_DAY + o;
    return INFINITY; /* unreachable */
}

/* Minutes of [a, b) inside business hours (open) or outside them.  Each is
 * summed from its own day parts rather than taken as (b - a) minus the
 * other: the difference would carry the rounding of b - a, so that an
 * interval whose ends lie outside business hours could count 539.99999999
 * or 540.00000001 open minutes instead of exactly 540 (an SLA clock then
 * breached at exactly its target). */
static double tally(const cal_hours *c, double a, double b, bool want_open)
{
    if (!(b > a)) /* also NaN */
        return 0.0;
    double o, e;
    if (!window(c, &o, &e))
        return want_open ? 0.0 : b - a;
    unsigned ndays = 0;
    for (int i = 0; i < 7; i++)
        ndays += (c->days >> i) & 1u;
    double open_week = ndays * (e - o);
    double per_week = want_open ? open_week : CAL_MIN_PER_WEEK - open_week;
    if (!isfinite(a) || !isfinite(b))
        return per_week > 0.0 ? INFINITY : 0.0;

    double weeks = floor((b - a) / CAL_MIN_PER_WEEK);
    double sum = weeks * per_week;
    double s = a + weeks * CAL_MIN_PER_WEEK; /* [s, b) is < 1 week long */
    if (s > b) /* rounding guard on huge spans */
        s = b;

    double d, m;
    split(s, &d, &m);
    /* At most 8 iterations: the remainder touches at most 8 calendar days. */
    for (double start = d * CAL_MIN_PER_DAY; start < b;
         start += CAL_MIN_PER_DAY, d += 1.0) {
        double lo = s > start ? s : start;
        double end = start + CAL_MIN_PER_DAY;
        double hi = b < end ? b : end;
        double ol = lo, oh = lo; /* the open part [ol, oh) of [lo, hi) */
        if (is_business(c, d)) {
            ol = lo > start + o ? lo : start + o;
            oh = hi < start + e ? hi : start + e;
        }
        double open_part = oh > ol ? oh - ol : 0.0;
        sum += want_open ? open_part : (hi - lo) - open_part;
    }
    return sum;
}

double cal_closed_minutes(const cal_hours *c, double a, double b)
{
    return tally(c, a, b, false);
}

double cal_open_minutes(const cal_hours *c, double a, double b)
{
    return tally(c, a, b, true);
}

int cal_parse_clock(const char *text, double *minutes)
{
    if (!text || !minutes)
        return -1;
    const char *p = text;
    int h = 0, nd = 0;
    while (isdigit((unsigned char)*p) && nd < 2) {
        h = h * 10 + (*p - '0');
        p++;
        nd++;
    }
    if (nd == 0 || *p != ':')
        return -1;
    p++;
    if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
        p[2] != '\0')
        return -1;
    int mm = (p[0] - '0') * 10 + (p[1] - '0');
    if (mm >= 60 || h > 24 || (h == 24 && mm != 0))
        return -1;
    *minutes = h * 60.0 + mm;
    return 0;
}

/* Weekday index of the name in [s, s+len), or -1.  Accepts "mon" and
 * "monday", any case. */
static int day_index(const char *s, size_t len)
{
    char low[16];
    if (len == 0 || len >= sizeof low)
        return -1;
    for (size_t i = 0; i < len; i++)
        low[i] = (char)tolower((unsigned char)s[i]);
    low[len] = '\0';
    for (int i = 0; i < 7; i++)
        if (strcmp(low, day_abbr[i]) == 0 || strcmp(low, day_full[i]) == 0)
            return i;
    return -1;
}

/* [s, s+len) without surrounding blanks. */
static void trim(const char **s, size_t *len)
{
    while (*len > 0 && isblank((unsigned char)**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && isblank((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

int cal_parse_days(const char *text, unsigned *mask)
{
    if (!text || !mask)
        return -1;
    const char *s = text;
    size_t len = strlen(text);
    trim(&s, &len);
    if (len == 4) { /* "none" alone means no business day */
        size_t i = 0;
        while (i < 4 && tolower((unsigned char)s[i]) == "none"[i])
            i++;
        if (i == 4) {
            *mask = 0;
            return 0;
        }
    }
    unsigned m = 0;
    const char *p = text;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t tlen = comma ? (size_t)(comma - p) : strlen(p);
        const char *tok = p;
        trim(&tok, &tlen);
        const char *dash = memchr(tok, '-', tlen);
        int from, to;
        if (dash) {
            const char *a = tok, *b = dash + 1;
            size_t alen = (size_t)(dash - tok);
            size_t blen = tlen - alen - 1;
            trim(&a, &alen);
            trim(&b, &blen);
            from = day_index(a, alen);
            to = day_index(b, blen);
        } else {
            from = to = day_index(tok, tlen);
        }
        if (from < 0 || to < 0)
            return -1;
        /* Wraps past Sunday for ranges such as fri-mon. */
        for (int d = from;; d = (d + 1) % 7) {
            m |= 1u << d;
            if (d == to)
                break;
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    *mask = m;
    return 0;
}

void cal_format_clock(double minutes, char *buf, unsigned n)
{
    if (!buf || n == 0)
        return;
    if (isnan(minutes)) {
        snprintf(buf, n, "--:--");
        return;
    }
    double r = floor(minutes + 0.5);
    if (r < 0.0)
        r = 0.0;
    if (r > CAL_MIN_PER_DAY)
        r = CAL_MIN_PER_DAY;
    int v = (int)r;
    snprintf(buf, n, "%02d:%02d", v / 60, v % 60);
}

void cal_format_days(unsigned mask, char *buf, unsigned n)
{
    if (!buf || n == 0)
        return;
    mask &= ALL_DAYS;
    if (mask == 0) {
        snprintf(buf, n, "none");
        return;
    }
    /* Longest output "mon,wed,fri,sun" fits in 32 bytes; snprintf truncates
     * safely below that. */
    char out[32];
    size_t used = 0;
    out[0] = '\0';
    for (int d = 0; d < 7;) {
        if (!((mask >> d) & 1u)) {
            d++;
            continue;
        }
        int end = d;
        while (end + 1 < 7 && ((mask >> (end + 1)) & 1u))
            end++;
        int w;
        if (end > d)
            w = snprintf(out + used, sizeof out - used, "%s%s-%s",
                         used ? "," : "", day_abbr[d], day_abbr[end]);
        else
            w = snprintf(out + used, sizeof out - used, "%s%s",
                         used ? "," : "", day_abbr[d]);
        used += (size_t)w;
        d = end + 1;
    }
    snprintf(buf, n, "%s", out);
}

/* ---- weekly schedules (cal_sched) ----------------------------------------
 *
 * The same day-by-day arithmetic as above, each day holding up to
 * CAL_MAX_PIECES pieces instead of one window: every sum keeps the order
 * and the expressions of tally() (a day's open part is the sum of its
 * pieces' parts), so a one-piece schedule gives the very same bits. */

/* ---- tables ----------------------------------------------------------------
 * See the file's opening comment, "Tables". */

/* Bits set in x (branch-free: a portable build has no popcnt instruction,
 * and __builtin_popcountll would call libgcc). */
static inline unsigned popcount64(uint64_t x)
{
    x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
    x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
    return (unsigned)((x * UINT64_C(0x0101010101010101)) >> 56);
}

/* The tally's hot path comes in two copies on x86-64 with GCC or Clang:
 * one compiled for the popcnt instruction, taken when the CPU has it
 * (__builtin_cpu_supports: a flag read, always the same answer), and the
 * portable one; a count is a count, so both give the same bits (7 ns a
 * tally without it, 5.6 ns with it, measured).  hw is a constant in each
 * copy. */
#ifndef CAL_HW_POPCNT /* -DCAL_HW_POPCNT=0 builds the portable copy alone (to test it) */
#if defined(__x86_64__) && defined(__GNUC__)
#define CAL_HW_POPCNT 1
#else
#define CAL_HW_POPCNT 0
#endif
#endif
#if defined(__GNUC__)
#define CAL_INLINE inline __attribute__((always_inline))
#else
#define CAL_INLINE inline
#endif

static CAL_INLINE unsigned bits_set(uint64_t x, bool hw)
{
    return hw ? (unsigned)__builtin_popcountll(x) : popcount64(x);
}

/* floor(x / 1440), the day of x, as the day-by-day code has it: in
 * [0, CAL_FAST_MAX) from the truncated minute (floor(x / 1440) is exact
 * there too: a quotient never rounds up onto the next integer, 1440 being
 * below 2^11), elsewhere by the division. */
static inline double day_floor(double x)
{
    if (x >= 0.0 && x < CAL_FAST_MAX)
        return (double)((uint64_t)(int64_t)x / 1440u);
    return floor(x / CAL_MIN_PER_DAY);
}

/* Where x in [0, CAL_FAST_MAX) lies in c's tables (c->whole): *count, the
 * open minutes before its whole minute m, counted from week 0's Monday
 * 00:00 (whole weeks, the 64-minute blocks of its week before m's, the
 * bits of m's block below m: exact integers), and *frac, x - m when minute
 * m is open, else +0 (a product, not a branch: whether a minute is open is
 * a coin toss to the branch predictor).  32-bit arithmetic below
 * CAL_TABLE_MAX, where a division by 10080 is a short multiplication. */
static CAL_INLINE uint64_t locate(const cal_sched *c, double x, uint64_t *count, double *frac,
                                  bool hw)
{
    uint64_t m = (uint64_t)(int64_t)x, k, i;
    if (x < CAL_TABLE_MAX) {
        uint32_t m32 = (uint32_t)m, k32 = m32 / 10080u;
        k = k32;
        i = m32 - k32 * 10080u;
    } else {
        k = m / 10080u;
        i = m - k * 10080u;
    }
    uint64_t word = c->minute[i >> 6];
    uint64_t below = word & ((UINT64_C(1) << (i & 63u)) - 1u);
    *count = (uint64_t)k * c->week_min + c->cum[i >> 6] + bits_set(below, hw);
    *frac = (x - (double)m) * (double)((word >> (i & 63u)) & 1u);
    return m;
}

/* Whether the tables give sched_tally's very bits on [a, b), b > a (see
 * "Same bits"). */
static inline bool table_exact(const cal_sched *c, double a, double b)
{
    if (!c->whole || !(a >= CAL_EXACT_FROM) || !(b < CAL_FAST_MAX))
        return false;
    uint64_t ea, eb;
    memcpy(&ea, &a, sizeof ea);
    memcpy(&eb, &b, sizeof eb);
    return b - a < CAL_MIN_PER_WEEK || (ea >> 52) == (eb >> 52);
}

/* The open minutes of [a, b) by the tables (table_exact), and the whole
 * minutes of a and b in *ma, *mb. */
static CAL_INLINE double table_open(const cal_sched *c, double a, double b, uint64_t *ma,
                                    uint64_t *mb, bool hw)
{
    uint64_t na, nb;
    double fa, fb;
    *ma = locate(c, a, &na, &fa, hw);
    *mb = locate(c, b, &nb, &fb, hw);
    return (double)(nb - na) + (fb - fa);
}

/* sched_tally by the tables, when they give its very bits (true; else
 * false and the day-by-day code answers).  b > a, both finite. */
static CAL_INLINE bool table_tally_with(const cal_sched *c, double a, double b,
                                        bool want_open, double *out, bool hw)
{
    if (!table_exact(c, a, b))
        return false;
    uint64_t ma, mb;
    double open = table_open(c, a, b, &ma, &mb, hw);
    *out = want_open ? open : (b - a) - open;
    return true;
}

#if CAL_HW_POPCNT
__attribute__((target("popcnt"))) static bool table_tally_hw(const cal_sched *c, double a,
                                                             double b, bool want_open,
                                                             double *out)
{
    return table_tally_with(c, a, b, want_open, out, true);
}
#endif

static inline bool table_tally(const cal_sched *c, double a, double b, bool want_open,
                               double *out)
{
#if CAL_HW_POPCNT
    if (__builtin_cpu_supports("popcnt"))
        return table_tally_hw(c, a, b, want_open, out);
#endif
    return table_tally_with(c, a, b, want_open, out, false);
}

/* Weekday 0..6 (Monday = 0) of absolute day number day, or -1 past 2^53. */
static int weekday(double day)
{
    double dow = day - 7.0 * floor(day / 7.0);
    if (!(dow >= 0.0 && dow < 7.0))
        return -1;
    return (int)dow;
}

/* The minute tables from the pieces (whole minutes: cal_parse_clock); the
 * counts and the next openings only when every piece end is whole, for
 * only then is a minute all open or all closed (load time: O(week)). */
static void sched_table(cal_sched *c)
{
    memset(c->minute, 0, sizeof c->minute);
    c->whole = 1;
    for (int d = 0; d < 7; d++)
        for (int i = 0; i < c->n[d]; i++) {
            if (c->open[d][i] != floor(c->open[d][i]) ||
                c->close[d][i] != floor(c->close[d][i]))
                c->whole = 0;
            for (int m = (int)c->open[d][i]; m < (int)ceil(c->close[d][i]); m++) {
                unsigned k = (unsigned)(d * 1440 + m);
                c->minute[k >> 6] |= (uint64_t)1 << (k & 63u);
            }
        }
    unsigned sum = 0;
    for (int j = 0; j < 158; j++) {
        c->cum[j] = (uint16_t)sum;
        sum += popcount64(c->minute[j]);
    }
    c->week_min = (uint16_t)sum;
    /* next[158]: the next week's first opening (none: never read, for a
     * schedule with no open minute answers before the tables) */
    unsigned first = 0xffffu;
    for (int j = 0; j < 158 && first == 0xffffu; j++)
        if (c->minute[j])
            first = 64u * (unsigned)j + (unsigned)__builtin_ctzll(c->minute[j]);
    c->next[158] = (uint16_t)(first == 0xffffu ? first : first + 10080u);
    for (int j = 157; j >= 0; j--)
        c->next[j] = c->minute[j]
                         ? (uint16_t)(64u * (unsigned)j + (unsigned)__builtin_ctzll(c->minute[j]))
                         : c->next[j + 1];
}

static void sched_total(cal_sched *c)
{
    double w = 0.0;
    for (int d = 0; d < 7; d++)
        for (int i = 0; i < c->n[d]; i++)
            w += c->close[d][i] - c->open[d][i];
    c->open_week = w;
    sched_table(c);
}

void cal_sched_from_hours(const cal_hours *c, cal_sched *out)
{
    memset(out, 0, sizeof *out);
    double o = 0.0, e = 0.0;
    if (window(c, &o, &e))
        for (int d = 0; d < 7; d++)
            if ((c->days >> d) & 1u) {
                out->n[d] = 1;
                out->open[d][0] = o;
                out->close[d][0] = e;
            }
    /* ndays * (e - o), as tally() has it */
    unsigned ndays = 0;
    for (int d = 0; d < 7; d++)
        ndays += out->n[d];
    out->open_week = ndays ? ndays * (e - o) : 0.0;
    sched_table(out);
}

void cal_sched_always(cal_sched *out)
{
    memset(out, 0, sizeof *out);
    for (int d = 0; d < 7; d++) {
        out->n[d] = 1;
        out->close[d][0] = CAL_MIN_PER_DAY;
    }
    sched_total(out);
}

/* Add [o, e) to day d, joining pieces it overlaps or touches when join,
 * else refusing an overlap (-1); -2 when the day has no room. */
static int add_piece(cal_sched *c, int d, double o, double e, bool join)
{
    double *op = c->open[d], *cl = c->close[d];
    int n = c->n[d];
    for (int i = 0; i < n; i++)
        if (o < cl[i] && op[i] < e && !join)
            return -1;
    /* pieces it overlaps or touches are absorbed into [o, e) */
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (o <= cl[i] && op[i] <= e) {
            o = op[i] < o ? op[i] : o;
            e = cl[i] > e ? cl[i] : e;
            continue;
        }
        op[k] = op[i];
        cl[k] = cl[i];
        k++;
    }
    if (k >= CAL_MAX_PIECES)
        return -2;
    int at = k;
    while (at > 0 && op[at - 1] > o) {
        op[at] = op[at - 1];
        cl[at] = cl[at - 1];
        at--;
    }
    op[at] = o;
    cl[at] = e;
    c->n[d] = (unsigned char)(k + 1);
    return 0;
}

int cal_sched_union(cal_sched *dst, const cal_sched *src)
{
    for (int d = 0; d < 7; d++)
        for (int i = 0; i < src->n[d]; i++)
            if (add_piece(dst, d, src->open[d][i], src->close[d][i], true) < 0)
                return -1;
    sched_total(dst);
    return 0;
}

/* Is [s, s+len) the word w, any case? */
static bool word_is(const char *s, size_t len, const char *w)
{
    if (strlen(w) != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (tolower((unsigned char)s[i]) != w[i])
            return false;
    return true;
}

/* Add the interval [q, q+ilen) ("HH:MM-HH:MM") on the days of mask. */
static int parse_interval(const char *q, size_t ilen, unsigned mask, cal_sched *out,
                          char *why, unsigned n)
{
    char iv[32];
    const char *dash = memchr(q, '-', ilen);
    double o, e;
    if (!dash || ilen >= sizeof iv) {
        snprintf(why, n, "'%.*s' is not an interval HH:MM-HH:MM", (int)ilen, q);
        return -1;
    }
    memcpy(iv, q, ilen);
    iv[ilen] = '\0';
    iv[dash - q] = '\0';
    if (cal_parse_clock(iv, &o) < 0 || cal_parse_clock(iv + (dash - q) + 1, &e) < 0 ||
        o >= CAL_MIN_PER_DAY) {
        snprintf(why, n, "'%.*s' is not an interval HH:MM-HH:MM", (int)ilen, q);
        return -1;
    }
    if (e == o) {
        snprintf(why, n, "'%.*s' is an empty interval", (int)ilen, q);
        return -1;
    }
    for (int d = 0; d < 7; d++) {
        if (!((mask >> d) & 1u))
            continue;
        int r;
        if (e > o) {
            r = add_piece(out, d, o, e, false);
        } else { /* crosses midnight: the rest of day d, then day d+1 */
            r = add_piece(out, d, o, CAL_MIN_PER_DAY, false);
            if (r == 0 && e > 0.0)
                r = add_piece(out, (d + 1) % 7, 0.0, e, false);
        }
        if (r == -1) {
            snprintf(why, n, "'%.*s' overlaps another interval on %s", (int)ilen, q,
                     day_abbr[d]);
            return -1;
        }
        if (r < 0) {
            snprintf(why, n, "more than %d intervals on %s", CAL_MAX_PIECES, day_abbr[d]);
            return -1;
        }
    }
    return 0;
}

/* One group [g, g+glen): "DAYS HH:MM-HH:MM [HH:MM-HH:MM ...]". */
static int parse_group(const char *g, size_t glen, cal_sched *out, char *why, unsigned n)
{
    size_t dlen = 0;
    while (dlen < glen && !isblank((unsigned char)g[dlen]))
        dlen++;
    char days[64];
    unsigned mask;
    if (dlen == 0 || dlen >= sizeof days) {
        snprintf(why, n, "'%.*s': expected DAYS HH:MM-HH:MM", (int)glen, g);
        return -1;
    }
    memcpy(days, g, dlen);
    days[dlen] = '\0';
    if (cal_parse_days(days, &mask) < 0 || mask == 0) {
        snprintf(why, n, "'%s' is not a list of days (e.g. mon-fri)", days);
        return -1;
    }
    const char *q = g + dlen, *qend = g + glen;
    int nint = 0;
    for (;;) {
        while (q < qend && isblank((unsigned char)*q))
            q++;
        if (q >= qend)
            break;
        size_t ilen = 0;
        while (q + ilen < qend && !isblank((unsigned char)q[ilen]))
            ilen++;
        if (parse_interval(q, ilen, mask, out, why, n) < 0)
            return -1;
        nint++;
        q += ilen;
    }
    if (nint == 0) {
        snprintf(why, n, "'%.*s': no interval after the days", (int)glen, g);
        return -1;
    }
    return 0;
}

/* The end of the group starting at p: a comma after an interval (a digit);
 * a comma after a day name belongs to a day list, as in "tue,thu".  NULL
 * when the group runs to end. */
static const char *group_end(const char *p, const char *end)
{
    for (const char *x = p; x < end; x++)
        if (*x == ',') {
            const char *y = x;
            while (y > p && isblank((unsigned char)y[-1]))
                y--;
            if (y > p && isdigit((unsigned char)y[-1]))
                return x;
        }
    return NULL;
}

int cal_sched_parse(const char *text, cal_sched *out, char *why, unsigned n)
{
    memset(out, 0, sizeof *out);
    const char *s = text ? text : "";
    size_t len = strlen(s);
    trim(&s, &len);
    if (word_is(s, len, "24x7")) {
        cal_sched_always(out);
        return 0;
    }
    if (word_is(s, len, "none"))
        return 0;
    if (len == 0) {
        snprintf(why, n, "no hours: write e.g. mon-fri 08:00-17:00, 24x7 or none");
        return -1;
    }
    const char *p = s, *end = s + len;
    while (p < end) {
        const char *comma = group_end(p, end);
        const char *g = p;
        size_t glen = (size_t)((comma ? comma : end) - p);
        trim(&g, &glen);
        if (parse_group(g, glen, out, why, n) < 0)
            return -1;
        p = comma ? comma + 1 : end;
        if (comma && p >= end) {
            snprintf(why, n, "a trailing comma");
            return -1;
        }
    }
    sched_total(out);
    return 0;
}

/* cal_sched_next_open day by day (the tables' fallback). */
static double next_open_days(const cal_sched *c, double t);

/* cal_sched_next_open, inline for the site functions. */
static inline double sched_next_open(const cal_sched *c, double t)
{
    if (!(c->open_week > 0.0))
        return INFINITY;
    if (c->whole && t >= 0.0 && t < CAL_TABLE_MAX) {
        /* t when its minute is open, else the next open minute: the rest of
         * its 64-minute block, or the table's next opening after it */
        uint32_t m = (uint32_t)(int64_t)t, k = m / 10080u, i = m - k * 10080u;
        uint64_t rest = c->minute[i >> 6] >> (i & 63u);
        if (rest & 1u)
            return t;
        uint32_t j = rest ? i + (uint32_t)__builtin_ctzll(rest) : c->next[(i >> 6) + 1];
        return (double)((uint64_t)k * 10080u + j);
    }
    if (c->whole && t >= 0.0 && t < CAL_FAST_MAX) { /* the same in 64 bits */
        uint64_t m = (uint64_t)(int64_t)t, k = m / 10080u, i = m - k * 10080u;
        uint64_t rest = c->minute[i >> 6] >> (i & 63u);
        if (rest & 1u)
            return t;
        uint64_t j = rest ? i + (uint64_t)__builtin_ctzll(rest) : c->next[(i >> 6) + 1];
        return (double)(k * 10080u + j);
    }
    return next_open_days(c, t);
}

double cal_sched_next_open(const cal_sched *c, double t)
{
    return sched_next_open(c, t);
}

static double next_open_days(const cal_sched *c, double t)
{
    if (!isfinite(t))
        return t;
    double d, m;
    split(t, &d, &m);
    int w = weekday(d);
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

/* tally() over a schedule: by the tables where they give the same bits,
 * else day by day. */
static double sched_tally(const cal_sched *c, double a, double b, bool want_open)
{
    if (!(b > a))
        return 0.0;
    if (!(c->open_week > 0.0))
        return want_open ? 0.0 : b - a;
    double fast;
    if (table_tally(c, a, b, want_open, &fast))
        return fast;
    double per_week = want_open ? c->open_week : CAL_MIN_PER_WEEK - c->open_week;
    if (!isfinite(a) || !isfinite(b))
        return per_week > 0.0 ? INFINITY : 0.0;

    double weeks = floor((b - a) / CAL_MIN_PER_WEEK);
    double sum = weeks * per_week;
    double s = a + weeks * CAL_MIN_PER_WEEK;
    if (s > b)
        s = b;

    double d, m;
    split(s, &d, &m);
    int w = weekday(d);
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

double cal_sched_closed_minutes(const cal_sched *c, double a, double b)
{
    return sched_tally(c, a, b, false);
}

double cal_sched_open_minutes(const cal_sched *c, double a, double b)
{
    return sched_tally(c, a, b, true);
}

void cal_sched_rotate(cal_sched *c, int dow)
{
    dow = ((dow % 7) + 7) % 7;
    if (!dow)
        return;
    cal_sched r = *c;
    for (int d = 0; d < 7; d++) {
        int w = (d + dow) % 7;
        r.n[d] = c->n[w];
        memcpy(r.open[d], c->open[w], sizeof r.open[d]);
        memcpy(r.close[d], c->close[w], sizeof r.close[d]);
    }
    sched_table(&r);
    *c = r;
}

/* ---- dates ----------------------------------------------------------------
 * Days from civil and back (H. Hinnant's algorithms), exact integers. */

static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

int cal_parse_date(const char *text, long *days)
{
    if (!text || !days || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)text[i]))
            return -1;
    long y = strtol(text, NULL, 10);
    unsigned m = (unsigned)((text[5] - '0') * 10 + (text[6] - '0'));
    unsigned d = (unsigned)((text[8] - '0') * 10 + (text[9] - '0'));
    if (y < 1000 || m < 1 || m > 12 || d < 1)
        return -1;
    long z = days_from_civil(y, m, d);
    long y2;
    unsigned m2, d2;
    civil_from_days(z, &y2, &m2, &d2);
    if (y2 != y || m2 != m || d2 != d) /* 02-30 rolls into March */
        return -1;
    *days = z;
    return 0;
}

void cal_format_date(long days, char *buf, unsigned n)
{
    long y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(buf, n, "%04ld-%02u-%02u", y, m, d);
}

int cal_weekday(long days)
{
    /* 1970-01-01 was a Thursday (3) */
    return (int)(((days + 3) % 7 + 7) % 7);
}

/* ---- time zones and sites --------------------------------------------------
 *
 * Offsets come from tzdata through libical (icaltimezone), as a function of
 * the UTC instant: nothing reads or sets TZ, so results do not depend on the
 * machine's zone.  libical keeps a process-wide zone cache, so every call
 * into it holds zone_lock.  The shift is found by sampling the offset at
 * each simulated midnight and bisecting each change to its minute. */

static pthread_mutex_t zone_lock = PTHREAD_MUTEX_INITIALIZER;

/* libical is loaded on first use (dlopen), not linked: it pulls in ICU,
 * some 30 MB of shared objects that every run would map even without a
 * zone (and that a run under a tight ulimit -v could not).  Its functions,
 * resolved once under zone_lock. */
static struct {
    bool tried;           /* dlopen attempted */
    void *lib;            /* the handle, NULL when libical is missing */
    icaltimezone *(*builtin)(const char *);
    icaltimezone *(*utc)(void);
    struct icaltimetype (*from_timet)(const time_t, const int, const icaltimezone *);
    int (*offset)(icaltimezone *, struct icaltimetype *, int *);
    /* reading .ics files */
    void (*fatal)(int);
    icalcomponent *(*parse)(const char *);
    int (*nerrors)(icalcomponent *);
    icalcomponent_kind (*kind)(const icalcomponent *);
    icalcomponent *(*first)(icalcomponent *, icalcomponent_kind);
    icalcomponent *(*next)(icalcomponent *, icalcomponent_kind);
    struct icaltimetype (*dtstart)(icalcomponent *);
    icalproperty *(*first_prop)(icalcomponent *, icalproperty_kind);
    struct icalrecurrencetype (*rrule)(const icalproperty *);
    icalrecur_iterator *(*iter_new)(struct icalrecurrencetype, struct icaltimetype);
    struct icaltimetype (*iter_next)(icalrecur_iterator *);
    void (*iter_free)(icalrecur_iterator *);
    void (*comp_free)(icalcomponent *);
} ical;

static bool ical_load(void)
{
    if (ical.tried)
        return ical.lib != NULL;
    ical.tried = true;
    const char *names[] = {"libical.so.3", "libical.so"};
    for (size_t i = 0; i < 2 && !ical.lib; i++)
        ical.lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!ical.lib)
        return false;
    /* POSIX: a function pointer round-trips through dlsym's void * */
    *(void **)&ical.builtin = dlsym(ical.lib, "icaltimezone_get_builtin_timezone");
    *(void **)&ical.utc = dlsym(ical.lib, "icaltimezone_get_utc_timezone");
    *(void **)&ical.from_timet = dlsym(ical.lib, "icaltime_from_timet_with_zone");
    *(void **)&ical.offset = dlsym(ical.lib, "icaltimezone_get_utc_offset_of_utc_time");
    *(void **)&ical.fatal = dlsym(ical.lib, "icalerror_set_errors_are_fatal");
    *(void **)&ical.parse = dlsym(ical.lib, "icalparser_parse_string");
    *(void **)&ical.nerrors = dlsym(ical.lib, "icalcomponent_count_errors");
    *(void **)&ical.kind = dlsym(ical.lib, "icalcomponent_isa");
    *(void **)&ical.first = dlsym(ical.lib, "icalcomponent_get_first_component");
    *(void **)&ical.next = dlsym(ical.lib, "icalcomponent_get_next_component");
    *(void **)&ical.dtstart = dlsym(ical.lib, "icalcomponent_get_dtstart");
    *(void **)&ical.first_prop = dlsym(ical.lib, "icalcomponent_get_first_property");
    *(void **)&ical.rrule = dlsym(ical.lib, "icalproperty_get_rrule");
    *(void **)&ical.iter_new = dlsym(ical.lib, "icalrecur_iterator_new");
    *(void **)&ical.iter_next = dlsym(ical.lib, "icalrecur_iterator_next");
    *(void **)&ical.iter_free = dlsym(ical.lib, "icalrecur_iterator_free");
    *(void **)&ical.comp_free = dlsym(ical.lib, "icalcomponent_free");
    if (!ical.builtin || !ical.utc || !ical.from_timet || !ical.offset || !ical.fatal ||
        !ical.parse || !ical.nerrors || !ical.kind || !ical.first || !ical.next ||
        !ical.dtstart || !ical.first_prop || !ical.rrule || !ical.iter_new ||
        !ical.iter_next || !ical.iter_free || !ical.comp_free) {
        dlclose(ical.lib);
        ical.lib = NULL;
    }
    if (ical.lib)
        ical.fatal(0); /* libical must report, never abort or print */
    return ical.lib != NULL;
}

/* NULL when unknown (or libical missing); the UTC zone for "UTC" and "" */
static icaltimezone *zone_find(const char *name)
{
    if (!ical_load())
        return NULL;
    if (!name[0] || !strcmp(name, "UTC") || !strcmp(name, "Etc/UTC"))
        return ical.utc();
    return ical.builtin(name);
}

/* Offset of z from UTC in whole minutes at UTC minute u (from 1970). */
static double zone_off(icaltimezone *z, double u)
{
    struct icaltimetype tt = ical.from_timet((time_t)(u * 60.0), 0, ical.utc());
    int dst;
    int sec = ical.offset(z, &tt, &dst);
    return floor(sec / 60.0 + 0.5);
}

bool cal_zone_known(const char *zone)
{
    pthread_mutex_lock(&zone_lock);
    bool ok = zone && zone_find(zone) != NULL;
    pthread_mutex_unlock(&zone_lock);
    return ok;
}

/* Segment i of out for offset off: by = U0 + off, plus 3 days (1970-01-01
 * was a Thursday, the tables start on Monday), within [0, 1 week); dbase
 * the whole weeks taken off, less those 3 days. */
static void shift_set(cal_shift *out, int i, double u0, double off)
{
    double full = u0 + off + 3 * CAL_MIN_PER_DAY;
    double weeks = floor(full / CAL_MIN_PER_WEEK);
    out->by[i] = full - weeks * CAL_MIN_PER_WEEK;
    out->dbase[i] = weeks * 7 - 3;
    out->off[i] = off;
}

static int seg_of(const cal_shift *s, double t);

double cal_shift_local(const cal_shift *s, double t, long *day)
{
    int i = seg_of(s, t);
    double L = t + s->by[i];
    *day = (long)(day_floor(L) + s->dbase[i]);
    if (L >= 0.0 && L < CAL_FAST_MAX) /* the same w, exact, without a division */
        return L - (double)(int64_t)((uint64_t)(int64_t)L / 10080u * 10080u);
    double w = L - floor(L / CAL_MIN_PER_WEEK) * CAL_MIN_PER_WEEK;
    return w < 0.0 ? w + CAL_MIN_PER_WEEK : (w >= CAL_MIN_PER_WEEK ? 0.0 : w);
}

void cal_plain_shift(long start_day, cal_shift *out)
{
    int dow = cal_weekday(start_day);
    out->n = 1;
    out->at[0] = -INFINITY;
    out->by[0] = dow * CAL_MIN_PER_DAY;
    out->dbase[0] = (double)(start_day - dow);
    out->off[0] = 0.0;
    out->zoned = 0;
}

/* Rebuild h's bitmap from its dates (load time only: O(n + span / 64)). */
static void hol_bitmap(cal_holidays *h)
{
    memset(h->bits, 0, sizeof h->bits);
    h->far = 0;
    h->base = h->n ? h->day[0] : 0;
    h->last = h->n ? h->day[h->n - 1] : 0;
    for (int k = 0; k < h->n; k++) {
        long off = h->day[k] - h->base;
        if (off < CAL_HOL_SPAN)
            h->bits[off / 64] |= UINT64_C(1) << (off % 64);
        else
            h->far++;
    }
}

int cal_holidays_add(cal_holidays *h, long day)
{
    int lo = 0, hi = h->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (h->day[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < h->n && h->day[lo] == day)
        return 0;
    if (h->n >= CAL_MAX_HOLIDAYS)
        return -1;
    memmove(&h->day[lo + 1], &h->day[lo], (size_t)(h->n - lo) * sizeof h->day[0]);
    h->day[lo] = day;
    h->n++;
    if (lo == 0) {   /* a new first date moves the base: rebuild */
        hol_bitmap(h);
        return 0;
    }
    /* the base stays: what hol_bitmap would add for this date alone
     * (dates come in ascending order from a file or the memo, so this is
     * the usual path, O(1) instead of O(n + span / 64)) */
    long off = day - h->base;
    if (off < CAL_HOL_SPAN)
        h->bits[off / 64] |= UINT64_C(1) << (off % 64);
    else
        h->far++;
    h->last = h->day[h->n - 1];
    return 0;
}

/* The first index of day[] at or after day (binary search). */
static int hol_lower(const cal_holidays *h, long day)
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

/* cal_holidays_has past the bitmap: binary search. */
static bool hol_has_far(const cal_holidays *h, long day)
{
    int lo = hol_lower(h, day);
    return lo < h->n && h->day[lo] == day;
}

/* cal_holidays_has, inline for the site functions. */
static inline bool hol_has(const cal_holidays *h, long day)
{
    if (!h->n || day < h->base || day > h->last)
        return false;
    unsigned long off = (unsigned long)(day - h->base);
    if (off < CAL_HOL_SPAN)
        return (h->bits[off / 64] >> (off % 64)) & 1u;
    return h->far && hol_has_far(h, day);
}

bool cal_holidays_has(const cal_holidays *h, long day)
{
    return hol_has(h, day);
}

/* hol_any past the bitmap: the first date at or after d0, by binary search. */
static bool hol_any_far(const cal_holidays *h, long d0, long d1)
{
    int lo = hol_lower(h, d0);
    return lo < h->n && h->day[lo] <= d1;
}

/* Whether any date of h lies in [d0, d1]: O(1) for a span of under 64 days
 * inside the bitmap (what a replay asks), else by binary search. */
static inline bool hol_any(const cal_holidays *h, long d0, long d1)
{
    if (!h->n || d1 < h->base || d0 > d1 || d0 > h->last)
        return false;
    if (d0 < h->base)
        d0 = h->base;
    unsigned long o0 = (unsigned long)(d0 - h->base), o1 = (unsigned long)(d1 - h->base);
    if (o1 - o0 < 64 && o1 < CAL_HOL_SPAN) {
        unsigned long w0 = o0 / 64, w1 = o1 / 64;
        uint64_t lo_mask = ~UINT64_C(0) << (o0 % 64);
        uint64_t hi_mask = ~UINT64_C(0) >> (63 - o1 % 64);
        if (w0 == w1)
            return (h->bits[w0] & lo_mask & hi_mask) != 0;
        return (h->bits[w0] & lo_mask) || (h->bits[w1] & hi_mask);
    }
    return hol_any_far(h, d0, d1);
}

/* The date of local time L of segment i: (long)(floor(L / 1440) +
 * dbase[i]), in integers on [0, CAL_FAST_MAX) (dbase is a whole number of
 * days, so the sum is exact either way). */
static inline long local_day(const cal_shift *s, int i, double L)
{
    if (L >= 0.0 && L < CAL_FAST_MAX)
        return (long)((uint64_t)(int64_t)L / 1440u) + (long)s->dbase[i];
    return (long)(floor(L / CAL_MIN_PER_DAY) + s->dbase[i]);
}

/* Is the local frame day of L (segment i) a holiday? */
static bool hol_at(const cal_holidays *h, const cal_shift *s, int i, double L)
{
    return h && h->n && hol_has(h, local_day(s, i, L));
}

int cal_zone_shift(const char *zone, const char *ref, long start_day, cal_shift *out,
                   char *why, unsigned n)
{
    pthread_mutex_lock(&zone_lock);
    icaltimezone *z = zone_find(zone ? zone : ""), *r = zone_find(ref ? ref : "");
    if (!z || !r) {
        pthread_mutex_unlock(&zone_lock);
        if (!ical.lib)
            snprintf(why, n, "time zones need libical (Debian: libical3), which cannot "
                     "be loaded");
        else
            snprintf(why, n, "unknown time zone '%s' (an IANA name such as Europe/Paris)",
                     !z ? zone : ref);
        return -1;
    }
    /* U0: the UTC minute whose wall clock in ref is 00:00 of start_day */
    double l0 = (double)start_day * CAL_MIN_PER_DAY;
    double u0 = l0 - zone_off(r, l0);
    u0 = l0 - zone_off(r, u0);
    double off = zone_off(z, u0);
    out->n = 1;
    out->zoned = 1;
    out->at[0] = -INFINITY;
    shift_set(out, 0, u0, off);
    long days = (long)(CAL_SHIFT_YEARS * 366);
    for (long k = 1; k <= days && out->n < CAL_MAX_SHIFTS; k++) {
        double t = k * CAL_MIN_PER_DAY, o = zone_off(z, u0 + t);
        if (o == off)
            continue;
        double lo = t - CAL_MIN_PER_DAY, hi = t; /* off at lo, o at hi */
        while (hi - lo > 1.0) {
            double mid = floor((lo + hi) / 2);
            if (zone_off(z, u0 + mid) == off)
                lo = mid;
            else
                hi = mid;
        }
        off = o;
        out->at[out->n] = hi;
        shift_set(out, out->n, u0, off);
        out->n++;
    }
    pthread_mutex_unlock(&zone_lock);
    return 0;
}

/* The segment of s holding t: the last i with at[i] <= t (O(log n)). */
static int seg_of(const cal_shift *s, double t)
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

static double seg_end(const cal_shift *s, int i)
{
    return i + 1 < s->n ? s->at[i + 1] : INFINITY;
}

static bool site_open(const cal_sched *w, const cal_shift *s, const cal_holidays *h,
                      double t)
{
    int i = seg_of(s, t);
    double L = t + s->by[i];
    if (L >= 0.0 && L < CAL_TABLE_MAX) { /* one truncation for the minute and the date */
        uint32_t m = (uint32_t)(int64_t)L, wm = m % 10080u;
        if (!((w->minute[wm >> 6] >> (wm & 63u)) & 1u))
            return false;
        return !(h && h->n && hol_has(h, (long)(m / 1440u) + (long)s->dbase[i]));
    }
    if (L >= 0.0 && L < CAL_FAST_MAX) { /* the same in 64 bits */
        uint64_t m = (uint64_t)(int64_t)L, wm = m % 10080u;
        if (!((w->minute[wm >> 6] >> (wm & 63u)) & 1u))
            return false;
        return !(h && h->n && hol_has(h, (long)(m / 1440u) + (long)s->dbase[i]));
    }
    return cal_sched_is_open(w, L) && !hol_at(h, s, i, L);
}

/* Consecutive holidays skipped at most (a guard: a year of them). */
#define MAX_HOLIDAY_RUN 400

static double site_next_open(const cal_sched *w, const cal_shift *s, const cal_holidays *h,
                             double t)
{
    for (int guard = 0; guard <= CAL_MAX_SHIFTS + MAX_HOLIDAY_RUN; guard++) {
        int i = seg_of(s, t);
        double x = sched_next_open(w, t + s->by[i]);
        if (isinf(x) || isnan(x))
            return INFINITY;
        if (hol_at(h, s, i, x)) { /* closed all that day: from its end */
            double next = (day_floor(x) + 1) * CAL_MIN_PER_DAY - s->by[i];
            double e = seg_end(s, i);
            t = next < e ? next : e;
            continue;
        }
        x -= s->by[i];
        if (x < t)
            x = t;
        double e = seg_end(s, i);
        if (x < e)
            return x;
        t = e;
    }
    return INFINITY;
}

/* The first local time >= L at which w is closed, L open (segment i);
 * INFINITY when w is open all week with no holiday ahead. */
static double local_close(const cal_sched *c, const cal_shift *s, const cal_holidays *h,
                          int i, double L)
{
    double d, m;
    split(L, &d, &m);
    int w = weekday(d);
    if (w < 0)
        return INFINITY;
    for (int k = 0; k < 8 + MAX_HOLIDAY_RUN; k++) {
        if (k > 0 && hol_at(h, s, i, d * CAL_MIN_PER_DAY))
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
static double site_next_close(const cal_sched *w, const cal_shift *s, const cal_holidays *h,
                              double t)
{
    for (int guard = 0; guard <= CAL_MAX_SHIFTS; guard++) {
        int i = seg_of(s, t);
        double L = t + s->by[i];
        if (!cal_sched_is_open(w, L) || hol_at(h, s, i, L))
            return t;
        double x = local_close(w, s, h, i, L);
        if (isinf(x))
            return INFINITY;
        x -= s->by[i];
        double e = seg_end(s, i);
        if (x <= e)
            return x > t ? x : t;
        t = e;
    }
    return INFINITY;
}

/* Open minutes of the weekly table on the holidays within local [la, lb)
 * of segment i: what a holiday takes away from the weekly tally. */
static double holiday_open(const cal_sched *w, const cal_shift *s, const cal_holidays *h,
                           int i, double la, double lb)
{
    if (!h || !h->n || !(lb > la))
        return 0.0;
    long d0 = local_day(s, i, la), d1 = local_day(s, i, lb);
    if (!hol_any(h, d0, d1))    /* the common case: no holiday in the span */
        return 0.0;
    double sum = 0.0;
    for (int k = hol_lower(h, d0); k < h->n && h->day[k] <= d1; k++) {
        double start = ((double)h->day[k] - s->dbase[i]) * CAL_MIN_PER_DAY;
        double a = la > start ? la : start;
        double b = lb < start + CAL_MIN_PER_DAY ? lb : start + CAL_MIN_PER_DAY;
        sum += sched_tally(w, a, b, true);
    }
    return sum;
}

bool cal_sites_is_open(const cal_sites *c, double t)
{
    if (!isfinite(t))
        return false;
    for (int k = 0; k < c->n; k++)
        if (site_open(c->week[k], c->shift[k], c->hol[k], t))
            return true;
    return false;
}

double cal_sites_next_open(const cal_sites *c, double t)
{
    if (!isfinite(t))
        return t;
    double best = INFINITY;
    for (int k = 0; k < c->n; k++) {
        double x = site_next_open(c->week[k], c->shift[k], c->hol[k], t);
        if (x < best)
            best = x;
    }
    return best;
}

/* The union open at t: the first time it is closed (INFINITY: never). */
static double sites_next_close(const cal_sites *c, double t)
{
    for (int guard = 0; guard < 64; guard++) {
        double x = t;
        for (int k = 0; k < c->n; k++) {
            double y = site_next_close(c->week[k], c->shift[k], c->hol[k], t);
            if (y > x)
                x = y;
        }
        if (isinf(x) || !cal_sites_is_open(c, x))
            return x;
        t = x;
    }
    return INFINITY;
}

/* One site in one segment (no zone, or past its last change): what the
 * segment loop of sites_tally adds to open, 0.0 + (sched_tally -
 * holiday_open), by the tables, when they give its bits and no holiday
 * lies in [la, lb) (true); else false, and the loop answers.  One
 * truncation of each end serves the week tables and the dates. */
static CAL_INLINE bool site_tally1_with(const cal_sched *w, const cal_shift *s,
                                        const cal_holidays *h, double la, double lb,
                                        double *open, bool hw)
{
    if (!(lb > la) || !(w->open_week > 0.0) || !table_exact(w, la, lb))
        return false;
    uint64_t ma, mb;
    double t = table_open(w, la, lb, &ma, &mb, hw);
    if (h && h->n && hol_any(h, (long)(ma / 1440u) + (long)s->dbase[0],
                             (long)(mb / 1440u) + (long)s->dbase[0]))
        return false;
    *open = 0.0 + (t - 0.0);
    return true;
}

#if CAL_HW_POPCNT
__attribute__((target("popcnt"))) static bool site_tally1_hw(const cal_sched *w,
                                                             const cal_shift *s,
                                                             const cal_holidays *h,
                                                             double la, double lb,
                                                             double *open)
{
    return site_tally1_with(w, s, h, la, lb, open, true);
}
#endif

static inline bool site_tally1(const cal_sched *w, const cal_shift *s, const cal_holidays *h,
                               double la, double lb, double *open)
{
#if CAL_HW_POPCNT
    if (__builtin_cpu_supports("popcnt"))
        return site_tally1_hw(w, s, h, la, lb, open);
#endif
    return site_tally1_with(w, s, h, la, lb, open, false);
}

/* One site: its weekly tally segment by segment (O(log n) + the changes in
 * [a, b)).  Several: a walk over the union's openings and closings. */
static double sites_tally(const cal_sites *c, double a, double b, bool want_open)
{
    if (!(b > a))
        return 0.0;
    if (!isfinite(a) || !isfinite(b))
        return want_open ? 0.0 : b - a;
    if (c->n == 1) {
        const cal_sched *w = c->week[0];
        const cal_shift *s = c->shift[0];
        double open = 0.0;
        if (s->n == 1 && site_tally1(w, s, c->hol[0], a + s->by[0], b + s->by[0], &open))
            return want_open ? open : (b - a) - open;
        for (int i = seg_of(s, a); i < s->n && s->at[i] < b; i++) {
            double lo = a > s->at[i] ? a : s->at[i];
            double e = seg_end(s, i), hi = b < e ? b : e;
            open += sched_tally(w, lo + s->by[i], hi + s->by[i], true) -
                    holiday_open(w, s, c->hol[0], i, lo + s->by[i], hi + s->by[i]);
        }
        return want_open ? open : (b - a) - open;
    }
    double closed = 0.0, t = a;
    while (t < b) {
        if (cal_sites_is_open(c, t)) {
            t = sites_next_close(c, t);
            continue;
        }
        double x = cal_sites_next_open(c, t);
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
double cal_sched_next_close(const cal_sched *c, double t)
{
    if (!isfinite(t) || !cal_sched_is_open(c, t))
        return t;
    return local_close(c, NULL, NULL, 0, t);
}

double cal_sites_next_close(const cal_sites *c, double t)
{
    if (!isfinite(t) || !cal_sites_is_open(c, t))
        return t;
    return sites_next_close(c, t);
}

double cal_sites_closed_minutes(const cal_sites *c, double a, double b)
{
    return sites_tally(c, a, b, false);
}

double cal_sites_open_minutes(const cal_sites *c, double a, double b)
{
    return sites_tally(c, a, b, true);
}

/* ---- holidays from iCalendar ----------------------------------------------
 * Every VEVENT's start date is a holiday; an RRULE repeats it (expanded by
 * libical's recurrence iterator).  Dates in [from, to] are kept. */

static long ical_day(struct icaltimetype t)
{
    char d[16];
    long day;
    snprintf(d, sizeof d, "%04d-%02d-%02d", t.year, t.month, t.day);
    return cal_parse_date(d, &day) < 0 ? LONG_MIN : day;
}

static int ics_events(icalcomponent *cal, long from, long to, cal_holidays *h, long *last,
                      char *why, unsigned n)
{
    int nev = 0;
    for (icalcomponent *ev = ical.first(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = ical.next(cal, ICAL_VEVENT_COMPONENT)) {
        struct icaltimetype st = ical.dtstart(ev);
        long d0 = ical_day(st);
        if (d0 == LONG_MIN) {
            snprintf(why, n, "an event with no valid DTSTART");
            return -1;
        }
        nev++;
        icalproperty *rp = ical.first_prop(ev, ICAL_RRULE_PROPERTY);
        if (!rp) {
            if (d0 > *last)
                *last = d0;
            if (d0 >= from && d0 <= to && cal_holidays_add(h, d0) < 0)
                goto full;
            continue;
        }
        struct icalrecurrencetype rule = ical.rrule(rp);
        icalrecur_iterator *it = ical.iter_new(rule, st);
        if (!it) {
            snprintf(why, n, "an RRULE libical cannot expand");
            return -1;
        }
        for (int k = 0; k < 100000; k++) {
            struct icaltimetype x = ical.iter_next(it);
            long d = x.year ? ical_day(x) : LONG_MIN;
            if (d == LONG_MIN || d > to)
                break;
            if (d > *last)
                *last = d;
            if (d >= from && cal_holidays_add(h, d) < 0) {
                ical.iter_free(it);
                goto full;
            }
        }
        /* a rule running past `to` has no end of data */
        if (!rule.count && !rule.until.year)
            *last = LONG_MAX;
        ical.iter_free(it);
    }
    if (!nev) {
        snprintf(why, n, "no VEVENT");
        return -1;
    }
    return 0;
full:
    snprintf(why, n, "more than %d holidays within %d years of the start", CAL_MAX_HOLIDAYS,
             CAL_SHIFT_YEARS);
    return -1;
}

/* The dates of the last ICS_MEMO files read, keyed by (bytes, from, to):
 * a sweep derives a scenario per point, in the main thread between its
 * batches, and libical's expansion of a country's rules is about 50 M
 * instructions a time, which kept a sweep at 1.67x on two workers (issue
 * 26).  Keyed by the file's bytes, so an edited file is read again; the
 * same bytes and range give the same dates, so a hit adds what a read
 * would.  Guarded by zone_lock; the entries live until the process ends. */
#define ICS_MEMO 4
typedef struct ics_memo {
    char *text;               /* the file's bytes; owned; NULL: empty entry */
    size_t len;               /* their length */
    long from, to;            /* the range read */
    long *day;                /* the dates found in it, ascending; owned */
    int n;                    /* how many */
    long last;                /* the last date the file gives */
} ics_memo;
static ics_memo ics_memos[ICS_MEMO];
static unsigned ics_memo_next;    /* the entry a miss replaces next */

/* The memo of (buf, from, to), or NULL.  Holds zone_lock. */
static const ics_memo *ics_memo_find(const char *buf, size_t len, long from, long to)
{
    for (int i = 0; i < ICS_MEMO; i++) {
        const ics_memo *m = &ics_memos[i];
        if (m->text && m->len == len && m->from == from && m->to == to &&
            !memcmp(m->text, buf, len))
            return m;
    }
    return NULL;
}

/* Remember the dates of t (a fresh set read from buf): takes buf.  Holds
 * zone_lock; out of memory only forgets. */
static void ics_memo_keep(char *buf, size_t len, long from, long to, const cal_holidays *t,
                          long last)
{
    long *day = malloc((t->n ? (size_t)t->n : 1) * sizeof *day);
    if (!day) {
        free(buf);
        return;
    }
    memcpy(day, t->day, (size_t)t->n * sizeof *day);
    ics_memo *m = &ics_memos[ics_memo_next++ % ICS_MEMO];
    free(m->text);
    free(m->day);
    *m = (ics_memo){buf, len, from, to, day, t->n, last};
}

/* Add the memo's dates to h.  0, or -1 with why (full). */
static int ics_memo_add(const ics_memo *m, cal_holidays *h, long *last, char *why, unsigned n)
{
    for (int i = 0; i < m->n; i++)
        if (cal_holidays_add(h, m->day[i]) < 0) {
            snprintf(why, n, "more than %d holidays within %d years of the start",
                     CAL_MAX_HOLIDAYS, CAL_SHIFT_YEARS);
            return -1;
        }
    *last = m->last;
    return 0;
}

int cal_holidays_read_ics(const char *path, long from, long to, cal_holidays *h, long *last,
                          char *why, unsigned n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, n, "cannot read %s", path);
        return -1;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *nb = cap <= (64u << 20) ? realloc(buf, cap) : NULL;
            if (!nb) {
                free(buf);
                fclose(f);
                snprintf(why, n, "%s: too large or out of memory", path);
                return -1;
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, 4096, f);
        len += got;
        if (got < 4096)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        snprintf(why, n, "cannot read %s", path);
        return -1;
    }
    buf[len] = '\0';
    *last = LONG_MIN;
    pthread_mutex_lock(&zone_lock);
    int rc = -1;
    const ics_memo *m = ics_memo_find(buf, len, from, to);
    cal_holidays *t = m ? NULL : calloc(1, sizeof *t);   /* the file's dates alone */
    if (m) {
        rc = ics_memo_add(m, h, last, why, n);
    } else if (!t) {
        snprintf(why, n, "%s: out of memory", path);
    } else if (!ical_load()) {
        snprintf(why, n, "holiday files need libical (Debian: libical3), which cannot be loaded");
    } else {
        icalcomponent *c = memchr(buf, '\0', len) ? NULL : ical.parse(buf);
        if (!c || ical.kind(c) != ICAL_VCALENDAR_COMPONENT || ical.nerrors(c) > 0)
            snprintf(why, n, "%s: not a valid iCalendar file (BEGIN:VCALENDAR ... END:VCALENDAR)",
                     path);
        else if (ics_events(c, from, to, t, last, why, n) == 0) {
            ics_memo tm = {buf, len, from, to, t->day, t->n, *last};
            rc = ics_memo_add(&tm, h, last, why, n);
            if (rc == 0) {
                ics_memo_keep(buf, len, from, to, t, *last);
                buf = NULL;
            }
        }
        if (c)
            ical.comp_free(c);
    }
    pthread_mutex_unlock(&zone_lock);
    free(t);
    free(buf);
    return rc;
}

/* ---- an ordinary week of several sites -----------------------------------
 * cal_sites_week_open: each site's weekly pieces, moved into the simulated
 * frame by the shift its zone has at t (piece at local week minute P opens
 * at simulated week minute P - by, modulo the week), split at the week's
 * end, sorted and merged: the length of their union.  Holidays are left
 * out.  With integer piece ends and shifts (whole-minute offsets) every sum
 * stays on integers, so one site, or several in one zone, gives exactly the
 * sum of the union table's pieces. */
typedef struct week_span {
    double a, b;     /* [a, b) within [0, 1 week) */
} week_span;

static int span_cmp(const void *x, const void *y)
{
    const week_span *p = x, *q = y;
    return (p->a > q->a) - (p->a < q->a);
}

double cal_sites_week_open(const cal_sites *c, double t)
{
    enum { MAX_SPANS = CAL_MAX_SITES * 7 * CAL_MAX_PIECES * 2 };
    week_span span[MAX_SPANS];
    int n = 0;
    for (int k = 0; k < c->n && k < CAL_MAX_SITES; k++) {
        const cal_sched *w = c->week[k];
        double by = c->shift[k]->by[seg_of(c->shift[k], isfinite(t) ? t : 0.0)];
        for (int d = 0; d < 7; d++)
            for (int i = 0; i < w->n[d]; i++) {
                double a = d * CAL_MIN_PER_DAY + w->open[d][i] - by;
                double len = w->close[d][i] - w->open[d][i];
                a -= floor(a / CAL_MIN_PER_WEEK) * CAL_MIN_PER_WEEK;
                if (a >= CAL_MIN_PER_WEEK)
                    a -= CAL_MIN_PER_WEEK;
                if (a + len <= CAL_MIN_PER_WEEK) {
                    span[n++] = (week_span){a, a + len};
                } else {
                    span[n++] = (week_span){a, CAL_MIN_PER_WEEK};
                    span[n++] = (week_span){0.0, a + len - CAL_MIN_PER_WEEK};
                }
            }
    }
    qsort(span, (size_t)n, sizeof span[0], span_cmp);
    double open = 0.0, lo = 0.0, hi = -1.0;
    for (int i = 0; i < n; i++) {
        if (span[i].a > hi) {     /* a gap: close the run so far */
            if (hi > lo)
                open += hi - lo;
            lo = span[i].a;
            hi = span[i].b;
        } else if (span[i].b > hi) {
            hi = span[i].b;
        }
    }
    if (hi > lo)
        open += hi - lo;
    return open;
}

/* ---- wall-clock stamps ------------------------------------------------------
 * The local minute of segment i is t + by[i] (the weekly frame), whose day
 * is floor(L / 1440) + dbase[i]: the same reading as cal_shift_local, taken
 * at floor(t).  Segment starts are whole minutes, so floor(t) lies in t's
 * segment; every quantity is an integer below 2^53, so the stamp is exact. */

int cal_wall_at(const cal_shift *s, double t, cal_wall *w)
{
    if (!isfinite(t) || fabs(t) > CAL_MAX_MINUTES)
        return -1;
    double m = floor(t);
    int i = seg_of(s, m);
    double L = m + s->by[i];
    double d = floor(L / CAL_MIN_PER_DAY);
    w->day = (long)(d + s->dbase[i]);
    w->minute = (int)(L - d * CAL_MIN_PER_DAY);
    w->offset = s->zoned ? (int)s->off[i] : 0;
    w->zoned = s->zoned;
    return 0;
}

void cal_format_wall(const cal_wall *w, char *buf, unsigned n)
{
    char date[24];
    cal_format_date(w->day, date, sizeof date);
    int len = snprintf(buf, n, "%sT%02d:%02d", date, w->minute / 60, w->minute % 60);
    if (w->zoned && len >= 0 && (unsigned)len < n) {
        int a = w->offset < 0 ? -w->offset : w->offset;
        snprintf(buf + len, n - (unsigned)len, "%c%02d:%02d", w->offset < 0 ? '-' : '+',
                 a / 60, a % 60);
    }
}
