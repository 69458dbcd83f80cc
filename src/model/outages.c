/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * outages.c — generating outages by thinning, and reading/writing outage CSVs.
 *
 * Generator invariants: arrival times come only from the RNG_ARRIVALS stream
 * (two draws per candidate; one when the profile is flat, as every candidate
 * is then kept), marks only from RNG_MARKS (one draw each for category,
 * severity and effort, the first two only when there is more than one to
 * choose from), so the stream of replication r is the same whoever asks for
 * it, whatever model replays it.  The weekly profile is 168 hourly rates; the
 * peak rate bounds them all, as thinning requires.  Cost: O(1) per
 * candidate; the expected number of candidates per outage is
 * peak / mean rate (e.g. ~3 for a strong business-hours profile).
 *
 * A resampled list (block bootstrap by week, docs/model.md "Replaying an
 * outage list") lays drawn weeks end to end: a row t of week u laid as
 * week k is at k weeks + (t - u weeks).  The offset t - u weeks is exact
 * (Sterbenz: u weeks <= t < 2u weeks), so rows keep their offsets (up to
 * the rounding of the sum at the new time) and their order (rounding is
 * monotone), and none falls before k weeks: at or after every row of the
 * weeks laid before.  The week drawn matches the holidays of the week it
 * is laid as (draw_week: the same weekdays closed, else none), as a
 * holiday is a date of the calendar while a list's quiet days move with
 * their week: laying busy working weeks over holidays raised the default
 * scenario's mean TTR by 7 %.  A week is found in the index by binary
 * search (O(log weeks) per week laid); the rows are read in place, never
 * copied.
 * Replication 0 replays the list as is (the same rows, the same times,
 * bit for bit), so one replication is the list whatever the mode.
 *
 * Lists carry times in minutes (t_occur, 17 digits: a replay is exact); a
 * t_occur_at stamp beside them is for people, written on request and, when
 * read, only checked against t_occur (one clock reading per row), so a
 * list's meaning never depends on it.
 */
/* GSL's generator calls inline (gsl_rng.h): gsl_rng_uniform is then the
 * generator's own function pointer, without the library's wrapper and its
 * PLT jump, twice per outage on the hot path of every run. */
#define HAVE_INLINE

#include "ownsim/outages.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "ownsim/csvfile.h"
#include "ownsim/number.h"
#include "ownsim/rng.h"

struct outsrc {
    const scenario *s;        /* borrowed */
    const outage_list *list;  /* borrowed; NULL = generate */
    long limit;               /* outages to yield at most */
    long count;               /* outages yielded so far */
    gsl_rng *arr;             /* RNG_ARRIVALS stream; owned */
    gsl_rng *marks;           /* RNG_MARKS stream; owned */
    double t;                 /* time of the last candidate */
    double week0;             /* start of the week t falls in */
    double rate[168];         /* arrivals per minute in each hour of the week */
    double holiday[24];       /* ... in each hour of a holiday that arrivals treat as
                                 a weekend day (arrivals.holidays = weekend) */
    double peak;              /* max of rate[] */
    bool flat;                /* every hour at the peak: no thinning draw needed */
    double mean_gap;          /* 1 / peak: mean minutes between candidates */
    bool resample;            /* a list resampled by weeks (s->resampled) */
    bool as_is;               /* replaying the list's own rows in order (replication 0,
                                 or a list not resampled) */
    size_t i, end;            /* resampling: the rows of the week being laid, next and
                                 one past the last */
    double from, to;          /* ... the start of their week in the list and where it
                                 is laid (minutes) */
    uint64_t k;               /* ... weeks laid so far (the next one's number) */
    uint64_t *hw;             /* the weeks of the list's span holding a holiday of the
                                 calendar (cal_hol_all), ascending; owned */
    unsigned char *hmask;     /* ... which of their days are (bit i: day i) */
    size_t nhw;               /* how many */
    double catcum[SCN_MAX_CAT];               /* cumulative category shares */
    double sevcum[SCN_MAX_CAT][SCN_MAX_SEV];  /* cumulative severity shares */
};

static int holiday_weeks(outsrc *src, const outage_list *l);

static void cumulate(const double *w, int n, double *cum)
{
    double tot = 0;
    for (int i = 0; i < n; i++)
        tot += w[i];
    double run = 0;
    for (int i = 0; i < n; i++) {
        run += w[i];
        cum[i] = run / tot;
    }
    cum[n - 1] = 1.0;
}

/* Index of the first cum[i] > u (inversion of a discrete distribution);
 * O(n) with n <= 32, fine. */
static int pick(const double *cum, int n, double u)
{
    for (int i = 0; i < n - 1; i++)
        if (u < cum[i])
            return i;
    return n - 1;
}

/* The largest multiple of a week that is <= t (t >= 0): in O(1), whatever
 * the gap since the last candidate.  A loop adding one week at a time was
 * the same below 2^53 but took a billion steps per candidate at the
 * smallest rate allowed.  t / week may round up to the next whole number
 * just below a boundary: the correction keeps the result the exact multiple
 * the loop gave, so the streams of every scenario are unchanged. */
/* A placed scenario's rate at t: the hour of the week on the reference
 * zone's wall clock (daylight saving included), a holiday of the calendar
 * taken as a weekend day when arrivals.holidays says so. */
static double placed_rate(const outsrc *src, double t)
{
    const scenario *s = src->s;
    long day;
    double m = cal_shift_local(&s->ref_shift, t, &day);
    int hour = (int)(m / 60.0);
    if (hour > 167)
        hour = 167;
    if (hour < 0)
        hour = 0;
    if (s->arrival_holidays && cal_holidays_has(&s->cal_hol_all, day))
        return src->holiday[hour % 24];
    return src->rate[hour];
}

static double week_start(double t)
{
    double w = floor(t / CAL_MIN_PER_WEEK) * CAL_MIN_PER_WEEK;
    if (w > t)
        w -= CAL_MIN_PER_WEEK;
    else if (w + CAL_MIN_PER_WEEK <= t)
        w += CAL_MIN_PER_WEEK;
    return w;
}

double outsrc_rate_share(const scenario *s)
{
    const cal_holidays *h = &s->cal_hol_all;
    if (!s->arrival_holidays || !h->n || !(s->per_week > 0))
        return 1.0;
    double wd = 0, we = 0;
    for (int k = 0; k < 24; k++)
        wd += s->weekday[k], we += s->weekend[k];
    double week = 5 * wd + 2 * we;
    double days = (double)s->incidents / s->per_week * 7.0;
    if (!(week > 0) || !(days >= 1))
        return 1.0;
    long end = s->start_day + (long)ceil(days);
    double lost = 0;   /* weights lost over the span, in days' weights */
    for (int k = 0; k < h->n; k++)
        if (h->day[k] >= s->start_day && h->day[k] < end && cal_weekday(h->day[k]) < 5)
            lost += wd - we;
    return 1.0 - lost / (week * ceil(days) / 7.0);
}

outsrc *outsrc_create(const scenario *s, uint32_t rep, const outage_list *list,
                      long limit, os_error *e)
{
    outsrc *src = calloc(1, sizeof *src);
    if (!src) {
        err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
        return NULL;
    }
    src->s = s;
    src->list = list;
    src->limit = limit;
    double wsum = 0;
    for (int h = 0; h < 168; h++) {
        /* the weekday of simulated day h / 24 (simulation.start); a placed
         * scenario reads the table on the reference zone's wall clock
         * (from Monday: arrival_hour) */
        int day = (h / 24 + (s->placed ? 0 : s->start_dow)) % 7;
        src->rate[h] = day < 5 ? s->weekday[h % 24] : s->weekend[h % 24];
        wsum += src->rate[h];
    }
    for (int h = 0; h < 168; h++) {
        /* per_week incidents spread over the week's hours by weight */
        src->rate[h] = s->per_week * src->rate[h] / wsum / 60.0;
        if (src->rate[h] > src->peak)
            src->peak = src->rate[h];
    }
    for (int h = 0; h < 24; h++)
        src->holiday[h] = s->per_week * s->weekend[h] / wsum / 60.0;
    src->mean_gap = 1.0 / src->peak;
    src->flat = true;
    for (int h = 0; h < 168; h++)
        src->flat &= src->rate[h] == src->peak;
    double w[SCN_MAX_CAT] = {0};
    for (int c = 0; c < s->ncat; c++)
        w[c] = s->cat[c].weight;
    cumulate(w, s->ncat, src->catcum);
    for (int c = 0; c < s->ncat; c++)
        cumulate(s->cat[c].sev_mix, s->nsev, src->sevcum[c]);
    if (!list) {
        src->arr = rng_stream(s->seed, rep, RNG_ARRIVALS, s->streams);
        src->marks = rng_stream(s->seed, rep, RNG_MARKS, s->streams);
        if (!src->arr || !src->marks) {
            outsrc_destroy(src);
            err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
            return NULL;
        }
    } else if (s->resampled) {
        if (!list->wk || !list->nwk) {
            outsrc_destroy(src);
            err_set(e, OS_ERR_ENV, s->outages, 0, "simulation.resample",
                    "the outage list has no week index to resample (outlist_index)");
            return NULL;
        }
        /* a list draws no arrivals: its weeks are drawn from that stream */
        src->resample = true;
        if (!(src->arr = rng_stream(s->seed, rep, RNG_ARRIVALS, s->streams)) ||
            holiday_weeks(src, list) < 0) {
            outsrc_destroy(src);
            err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
            return NULL;
        }
    }
    outsrc_rewind(src, rep);
    return src;
}

void outsrc_rewind(outsrc *src, uint32_t rep)
{
    src->count = 0;
    src->t = 0;
    src->week0 = 0;
    src->as_is = !src->resample || rep == 0;
    src->i = src->end = 0;
    src->k = 0;
    if (src->resample)
        rng_reseed(src->arr, src->s->seed, rep, RNG_ARRIVALS);
    if (!src->list) {
        /* re-seed in place: same (seed, rep, purpose) -> same stream; no
         * allocation, so a rewind cannot fail (it once kept the old stream
         * when out of memory: wrong results, exit 0) */
        rng_reseed(src->arr, src->s->seed, rep, RNG_ARRIVALS);
        rng_reseed(src->marks, src->s->seed, rep, RNG_MARKS);
    }
}

/* Which days of week k from simulation.start are holidays of the
 * calendar (bit i: day i). */
static unsigned holiday_mask(const scenario *s, uint64_t k)
{
    unsigned m = 0;
    if (s->cal_hol_all.n)
        for (int i = 0; i < 7; i++)
            m |= (unsigned)cal_holidays_has(&s->cal_hol_all,
                                            s->start_day + 7 * (long)k + i) << i;
    return m;
}

/* The holiday weeks of l's span (src->hw, hmask): O(holidays).  0, or -1
 * when out of memory. */
static int holiday_weeks(outsrc *src, const outage_list *l)
{
    const cal_holidays *h = &src->s->cal_hol_all;
    if (!h->n)
        return 0;
    src->hw = malloc((size_t)h->n * sizeof *src->hw);
    src->hmask = malloc((size_t)h->n);
    if (!src->hw || !src->hmask)
        return -1;
    for (int i = 0; i < h->n; i++) {
        long d = h->day[i] - src->s->start_day;
        if (d < 0 || (uint64_t)(d / 7) >= l->weeks)
            continue;
        uint64_t k = (uint64_t)(d / 7);
        if (!src->nhw || src->hw[src->nhw - 1] != k) {
            src->hw[src->nhw] = k;
            src->hmask[src->nhw++] = (unsigned char)holiday_mask(src->s, k);
        }
    }
    return 0;
}

/* The week of the list to lay as week k: drawn uniformly among the list's
 * weeks whose holidays fall on the same weekdays as week k's (so a busy
 * working week is not laid over a holiday, nor a holiday week's quiet day
 * over a working day); weeks without holidays when the list has none of
 * that pattern.  One draw per week laid; with no holidays in the calendar,
 * a draw among all the list's weeks. */
static uint64_t draw_week(outsrc *src)
{
    const outage_list *l = src->list;
    unsigned m = src->nhw || src->s->cal_hol_all.n ? holiday_mask(src->s, src->k) : 0;
    if (m) {
        size_t c = 0;
        for (size_t i = 0; i < src->nhw; i++)
            c += src->hmask[i] == m;
        if (c) {
            unsigned long j = gsl_rng_uniform_int(src->arr, (unsigned long)c);
            for (size_t i = 0; i < src->nhw; i++)
                if (src->hmask[i] == m && j-- == 0)
                    return src->hw[i];
        }
    }
    if (src->nhw >= l->weeks)   /* every week of the list has a holiday */
        return (uint64_t)gsl_rng_uniform_int(src->arr, (unsigned long)l->weeks);
    /* the j-th week without a holiday: skip the holiday weeks at or before it */
    uint64_t u = (uint64_t)gsl_rng_uniform_int(src->arr, (unsigned long)(l->weeks - src->nhw));
    for (size_t i = 0; i < src->nhw && src->hw[i] <= u; i++)
        u++;
    return u;
}

/* The next week of a resampled list laid (src->k): drawn (draw_week),
 * found in the index; an empty week lays no rows. */
static void lay_week(outsrc *src)
{
    const outage_list *l = src->list;
    uint64_t u = draw_week(src);
    size_t lo = 0, hi = l->nwk;   /* first index whose week is >= u */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->wk[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < l->nwk && l->wk[lo] == u) {
        src->i = l->wk_first[lo];
        src->end = l->wk_first[lo + 1];
        src->from = (double)u * CAL_MIN_PER_WEEK;
        src->to = (double)src->k * CAL_MIN_PER_WEEK;
    } else {
        src->i = src->end = 0;
    }
    src->k++;
}

/* The next outage of a list: 1, or 0 at its end. */
static int next_listed(outsrc *src, outage *o)
{
    const outage_list *l = src->list;
    if (src->as_is) {
        if ((size_t)src->count < l->n) {
            *o = l->v[src->count];
            o->id = (uint64_t)src->count++;
            return 1;
        }
        if (!src->resample)
            return 0;
        /* replication 0 asked for more than the list: drawn weeks after it */
        src->as_is = false;
        src->k = l->weeks;
    }
    while (src->i == src->end)
        lay_week(src);   /* ends: some week holds rows */
    *o = l->v[src->i++];
    o->t = src->to + (o->t - src->from);
    o->id = (uint64_t)src->count++;
    return 1;
}

/* inline: outsrc_fill's loop is the hot path of every run */
static inline int next(outsrc *src, outage *o)
{
    if (src->count >= src->limit)
        return 0;
    if (src->list)
        return next_listed(src, o);
    const scenario *s = src->s;
    for (;;) {
        /* the gap's formula is part of the stream version (rng.h); 1 - u
         * is exact for GSL's u = k / 2^32 and lies in (0, 1] */
        if (s->streams == RNG_STREAMS_V1)
            src->t += gsl_ran_exponential(src->arr, src->mean_gap);
        else    /* gsl_cdf_exponential_Qinv(1 - u, mean_gap) written out, the
                 * same double (dist.c, test_dist) */
            src->t += -src->mean_gap * log(1.0 - gsl_rng_uniform(src->arr));
        if (src->flat)
            break;   /* every candidate is kept: no draw needed */
        double rate;
        if (s->placed) {
            rate = placed_rate(src, src->t);
        } else {
            if (src->t >= src->week0 + CAL_MIN_PER_WEEK)
                src->week0 = week_start(src->t);
            int hour = (int)((src->t - src->week0) / 60.0);
            if (hour > 167)
                hour = 167;
            if (hour < 0)
                hour = 0;   /* only beyond 2^53 minutes, where weeks blur */
            rate = src->rate[hour];
        }
        if (gsl_rng_uniform(src->arr) * src->peak < rate)
            break;
    }
    o->id = (uint64_t)src->count++;
    o->t = src->t;
    /* a draw is made only where there is a choice */
    o->category = s->ncat == 1 ? 0 : pick(src->catcum, s->ncat, gsl_rng_uniform(src->marks));
    o->severity = s->nsev == 1 ? 0
                : pick(src->sevcum[o->category], s->nsev, gsl_rng_uniform(src->marks));
    o->effort = dist_quantile(&s->sev[o->severity].effort,
                              gsl_rng_uniform_pos(src->marks));
    return 1;
}

int outsrc_next(outsrc *src, outage *o)
{
    return next(src, o);
}

size_t outsrc_fill(outsrc *src, outage *buf, size_t n)
{
    size_t k = 0;
    while (k < n && next(src, &buf[k]))
        k++;
    return k;
}

void outsrc_destroy(outsrc *src)
{
    if (!src)
        return;
    if (src->arr)
        gsl_rng_free(src->arr);
    if (src->marks)
        gsl_rng_free(src->marks);
    free(src->hw);
    free(src->hmask);
    free(src);
}

/* ---- CSV ---------------------------------------------------------------- */

enum { COL_T, COL_CAT, COL_SEV, COL_EFFORT, NCOL };
static const char *const col_names[NCOL] = {"t_occur", "category", "severity", "effort"};
#define COL_T_AT_NAME "t_occur_at"   /* optional: checked against t_occur, not read */
#define COL_SOURCE_NAME "effort_source" /* optional: "drawn" flags an effort import drew */

const cal_shift *outlist_clock(const scenario *s, cal_shift *own)
{
    if (s->placed)
        return &s->ref_shift;
    cal_plain_shift(s->start_day, own);
    return own;
}

/* The stamp of minute t on clock c into buf (CAL_WALL_TEXT bytes); "" when
 * t has none. */
static void stamp_of(const cal_shift *c, double t, char *buf)
{
    cal_wall w;
    if (cal_wall_at(c, t, &w) < 0)
        buf[0] = '\0';
    else
        cal_format_wall(&w, buf, CAL_WALL_TEXT);
}

typedef struct rows {
    const char *path;      /* for messages */
    outrow_fn fn;          /* called per row */
    void *ctx;             /* its context */
    int col[NCOL];         /* field index of each column, -1 until the header */
    int col_at;            /* field index of t_occur_at; -1 when none */
    int col_src;           /* field index of effort_source; -1 when none */
    int header_done;       /* header seen */
    long nrows;            /* rows handed over */
    double last_t;         /* time of the previous row */
    os_error *e;           /* error sink */
} rows;

static int num_field(rows *R, const char *text, long line, const char *col, double *out)
{
    /* blanks around a number are allowed, as they always were */
    const char *b = text;
    while (*b == ' ' || *b == '\t')
        b++;
    size_t n = strlen(b);
    while (n && (b[n - 1] == ' ' || b[n - 1] == '\t'))
        n--;
    double v;
    num_status st = num_parse(b, n, &v);
    if (st != NUM_OK)
        return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, col,
                       "'%s' is not a finite number >= 0: it %s", text, num_why(st));
    if (v < 0)
        return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, col,
                       "'%s' is not a finite number >= 0", text);
    if (v > CAL_MAX_MINUTES)
        return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, col,
                       "'%s' minutes is beyond %g, the largest time the simulator supports",
                       text, CAL_MAX_MINUTES);
    *out = v;
    return 0;
}

static int on_row(void *ctx, size_t nf, char **f, long line)
{
    rows *R = ctx;
    if (!R->header_done) {
        for (int c = 0; c < NCOL; c++) {
            long k = csvr_column(R->path, line, nf, f, col_names[c], CSVR_EXACT, NULL, R->e);
            if (k == -2)
                return -1;
            R->col[c] = (int)k;
            if (R->col[c] < 0)
                return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, col_names[c],
                               "missing column '%s' in the header (needs t_occur, "
                               "category, severity, effort)", col_names[c]);
        }
        long k = csvr_column(R->path, line, nf, f, COL_T_AT_NAME, CSVR_EXACT, NULL, R->e);
        if (k == -2)
            return -1;
        R->col_at = (int)k;
        if ((k = csvr_column(R->path, line, nf, f, COL_SOURCE_NAME, CSVR_EXACT, NULL,
                             R->e)) == -2)
            return -1;
        R->col_src = (int)k;
        R->header_done = 1;
        return 0;
    }
    if (R->col_at >= 0 && (size_t)R->col_at >= nf)
        return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, COL_T_AT_NAME,
                       "row has %zu fields, column '%s' is missing", nf, COL_T_AT_NAME);
    for (int c = 0; c < NCOL; c++)
        if ((size_t)R->col[c] >= nf)
            return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, col_names[c],
                           "row has %zu fields, column '%s' is missing", nf, col_names[c]);
    outage_row row = {.category = f[R->col[COL_CAT]], .severity = f[R->col[COL_SEV]],
                      .t_at = R->col_at >= 0 ? f[R->col_at] : NULL, .line = line};
    /* a short row has no effort_source: as if observed */
    row.drawn = R->col_src >= 0 && (size_t)R->col_src < nf && !strcmp(f[R->col_src], "drawn");
    if (num_field(R, f[R->col[COL_T]], line, "t_occur", &row.t) < 0 ||
        num_field(R, f[R->col[COL_EFFORT]], line, "effort", &row.effort) < 0)
        return -1;
    if (R->nrows && row.t < R->last_t)
        return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "t_occur",
                       "times must not decrease (%s after %.17g)", f[R->col[COL_T]],
                       R->last_t);
    R->last_t = row.t;
    R->nrows++;
    return R->fn(R->ctx, &row, R->e);
}

int outrows_read(const char *path, outrow_fn fn, void *ctx, os_error *e)
{
    rows R = {.path = path, .fn = fn, .ctx = ctx, .col_at = -1, .col_src = -1, .e = e};
    int rc = csvr_read(path, on_row, &R, e);
    if (rc > 0)
        rc = 0;   /* the callback had enough: the rest is not read */
    if (rc == 0 && !R.header_done)
        rc = err_set(e, OS_ERR_INPUT, path, 1, "", "empty outage file (needs a header "
                     "row t_occur,category,severity,effort)");
    if (rc == 0 && R.nrows == 0)
        rc = err_set(e, OS_ERR_INPUT, path, 2, "", "no outages after the header");
    return rc == 0 ? 0 : -1;
}

/* outlist_read: resolve names against the scenario, collect. */
typedef struct collect {
    const scenario *s;     /* names to resolve */
    const char *path;      /* for messages */
    outage_list *out;      /* growing list */
    size_t cap;            /* allocated entries of out->v */
    size_t limit;          /* rows wanted at most */
    const cal_shift *clock; /* the reference clock t_occur_at is checked on */
    cal_shift own;         /* ... when built here (outlist_clock) */
} collect;

static int on_outage(void *ctx, const outage_row *row, os_error *e)
{
    collect *C = ctx;
    const scenario *s = C->s;
    outage o = {.t = row->t, .effort = row->effort, .category = -1, .severity = -1};
    for (int c = 0; c < s->ncat; c++)
        if (!strcmp(row->category, s->cat[c].name))
            o.category = c;
    for (int i = 0; i < s->nsev; i++)
        if (!strcmp(row->severity, s->sev[i].name))
            o.severity = i;
    if (o.category < 0)
        return err_set(e, OS_ERR_INPUT, C->path, (int)row->line, "category",
                       "unknown category '%s' (not in the scenario)", row->category);
    if (o.severity < 0)
        return err_set(e, OS_ERR_INPUT, C->path, (int)row->line, "severity",
                       "unknown severity '%s' (not in the scenario)", row->severity);
    if (row->t_at) {
        char want[CAL_WALL_TEXT];
        stamp_of(C->clock, row->t, want);
        if (strcmp(row->t_at, want))
            return err_set(e, OS_ERR_INPUT, C->path, (int)row->line, COL_T_AT_NAME,
                           "'%s' is not the wall clock of t_occur %.17g, which is %s on "
                           "this scenario's clock (simulation.start, simulation.tz); "
                           "t_occur is what is replayed: correct it, or drop the column",
                           row->t_at, row->t, want);
    }
    if (C->out->n == C->cap) {
        size_t cap = C->cap ? 2 * C->cap : 1024;
        outage *v = realloc(C->out->v, cap * sizeof *v);
        if (!v)
            return err_set(e, OS_ERR_ENV, C->path, (int)row->line, "", "out of memory");
        C->out->v = v;
        C->cap = cap;
    }
    o.id = C->out->n;
    C->out->v[C->out->n++] = o;
    return C->out->n >= C->limit ? OUTROWS_ENOUGH : 0;
}

int outlist_read(const scenario *s, const char *path, long limit, outage_list *out,
                 os_error *e)
{
    collect C = {.s = s, .path = path, .out = out,
                 .limit = limit > 0 ? (size_t)limit : SIZE_MAX};
    C.clock = outlist_clock(s, &C.own);
    memset(out, 0, sizeof *out);
    int rc = outrows_read(path, on_outage, &C, e);
    if (rc == 0 && outlist_index(out, e) < 0)
        rc = -1;
    if (rc < 0) {
        outlist_free(out);
        return -1;
    }
    return 0;
}

void outlist_free(outage_list *l)
{
    free(l->v);
    free(l->wk);
    free(l->wk_first);
    memset(l, 0, sizeof *l);
}

/* The week of minute t (>= 0), as week_start finds it. */
static uint64_t week_of(double t)
{
    return (uint64_t)(week_start(t) / CAL_MIN_PER_WEEK);
}

int outlist_index(outage_list *l, os_error *e)
{
    free(l->wk);
    free(l->wk_first);
    l->wk = NULL;
    l->wk_first = NULL;
    l->nwk = 0;
    l->weeks = 0;
    if (!l->n)
        return 0;
    /* two passes: count the weeks holding rows, then fill; memory is
     * O(those weeks), not O(span) */
    size_t m = 0;
    for (size_t i = 0; i < l->n; i++)
        if (i == 0 || week_of(l->v[i].t) != week_of(l->v[i - 1].t))
            m++;
    uint64_t last = week_of(l->v[l->n - 1].t);
    if (last >= UINT32_MAX)
        return err_set(e, OS_ERR_INPUT, "", 0, "t_occur",
                       "the outage list spans %.0f weeks, more than a resample can draw "
                       "from (%lu)", (double)last + 1, (unsigned long)UINT32_MAX);
    l->wk = malloc(m * sizeof *l->wk);
    l->wk_first = malloc((m + 1) * sizeof *l->wk_first);
    if (!l->wk || !l->wk_first) {
        free(l->wk);
        free(l->wk_first);
        l->wk = NULL;
        l->wk_first = NULL;
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    }
    size_t j = 0;
    for (size_t i = 0; i < l->n; i++) {
        uint64_t w = week_of(l->v[i].t);
        if (i == 0 || w != l->wk[j - 1]) {
            l->wk[j] = w;
            l->wk_first[j++] = i;
        }
    }
    l->wk_first[m] = l->n;
    l->nwk = m;
    l->weeks = last + 1;
    return 0;
}

int outlist_write(const scenario *s, uint32_t rep, long n, const char *path, bool stamps,
                  os_error *e)
{
    cal_shift own;
    const cal_shift *clock = stamps ? outlist_clock(s, &own) : NULL;
    outsrc *src = outsrc_create(s, rep, NULL, n, e);
    if (!src)
        return -1;
    csvw *w = csvw_open(path, e);
    if (!w) {
        outsrc_destroy(src);
        return -1;
    }
    csvw_str(w, "id");
    for (int c = 0; c < NCOL; c++) {
        csvw_str(w, col_names[c]);
        if (c == COL_T && stamps)
            csvw_str(w, COL_T_AT_NAME);
    }
    csvw_end(w);
    outage o;
    char at[CAL_WALL_TEXT];
    while (outsrc_next(src, &o)) {
        csvw_int(w, (long long)o.id);
        csvw_num(w, o.t, 17);
        if (clock) {
            stamp_of(clock, o.t, at);
            csvw_str(w, at);
        }
        csvw_str(w, s->cat[o.category].name);
        csvw_str(w, s->sev[o.severity].name);
        csvw_num(w, o.effort, 17);
        csvw_end(w);
    }
    outsrc_destroy(src);
    return csvw_commit(w, e);
}
