/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * outages.h — the stream of outages every ownership model replays.
 *
 * An outage source yields outages in time order, one at a time, from either
 *  - the generator: a non-homogeneous Poisson process whose rate is constant
 *    within each hour of the week (arrivals.weekday / weekend weights scaled
 *    to arrivals.per_week), sampled by thinning (Lewis & Shedler 1979): draw
 *    candidates at the peak rate, keep each with probability rate(t)/peak.
 *    Each kept outage then draws its category, severity and effort by
 *    inversion from exactly three uniforms of its own stream, so changing a
 *    mix never shifts arrival times; or
 *  - a list read from CSV (the format outlist_write produces).
 * Memory: the generator holds two GSL streams; a list is the caller's.
 */
#ifndef OWNSIM_OUTAGES_H
#define OWNSIM_OUTAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ownsim/error.h"
#include "ownsim/scenario.h"

typedef struct outage {
    uint64_t id;          /* position in the stream, from 0 */
    double t;             /* occurrence time, minutes from Monday 00:00 week 0 */
    int category;         /* index into scenario.cat */
    int severity;         /* index into scenario.sev */
    double effort;        /* hands-on minutes at skill factor 1 */
} outage;

/* A list in memory.  Its week index (outlist_index) is what a resampled
 * replay draws from: the weeks that hold rows, each with its first row, so
 * O(weeks with rows) <= O(n) whatever the span; a replication never copies
 * the rows.  Week k is [k, k + 1) * CAL_MIN_PER_WEEK minutes from
 * simulation.start (minute 0). */
typedef struct outage_list {
    outage *v;            /* outages in time order; owned, free with outlist_free */
    size_t n;             /* how many */
    uint64_t *wk;         /* week numbers of the weeks holding rows, ascending; owned;
                             NULL until outlist_index */
    size_t *wk_first;     /* first row of each, then wk_first[nwk] = n; owned */
    size_t nwk;           /* weeks holding rows */
    uint64_t weeks;       /* weeks the list spans: 1 + the week of its last row
                             (empty weeks included: they are observations too) */
} outage_list;

typedef struct outsrc outsrc;   /* opaque */

/* A source for replication rep: generated (list == NULL) or replaying list
 * (borrowed; must outlive the source).  Yields at most `limit` outages.
 * A list is replayed as is (its first `limit` rows) unless s->resampled:
 * then replication 0 replays it as is and, when limit exceeds its rows,
 * goes on with drawn weeks laid after its last week; any other replication
 * lays weeks drawn uniformly with replacement from the list's span (an
 * empty week drawn is an empty week laid) end to end from week 0, each
 * row keeping its offset within its week, until `limit` outages: the last
 * week laid is cut there.  With holidays in the calendar (cal_hol_all), a
 * week laid over holidays is drawn among the list's weeks with holidays on
 * the same weekdays, and a week without among those without (any week
 * when the list has none of the pattern).  Memory: O(holidays) per
 * source, the list's rows read in place.  The draws come from the replication's
 * RNG_ARRIVALS stream (unused by a list otherwise), so they depend on
 * (seed, rep) alone: every model, thread and shard sees the same weeks.
 * A resampled list needs its week index (outlist_index).  NULL with e set
 * when out of memory or the list has no index. */
outsrc *outsrc_create(const scenario *s, uint32_t rep, const outage_list *list,
                      long limit, os_error *e);
/* Re-start the same source for another replication (no allocation). */
void outsrc_rewind(outsrc *src, uint32_t rep);
/* Next outage: 1, or 0 at the end. */
int outsrc_next(outsrc *src, outage *o);
/* The next outages, at most n, into buf (the caller's): how many, 0 at the
 * end.  The same outages as n calls of outsrc_next. */
size_t outsrc_fill(outsrc *src, outage *buf, size_t n);
void outsrc_destroy(outsrc *src);

/* The share of arrivals.per_week that arrives on average over a
 * replication's expected span (incidents / per_week weeks from
 * simulation.start): below 1 when arrivals.holidays = weekend gives each
 * holiday of the calendar on a weekday the weekend's weights; 1 otherwise.
 * per_week itself is the rate of a week without holidays.  O(holidays). */
double outsrc_rate_share(const scenario *s);


/* One row of an outage CSV, names not yet resolved (valid during the call). */
typedef struct outage_row {
    double t;                 /* t_occur, finite, >= 0, not before the previous row */
    const char *t_at;         /* t_occur_at as written; NULL when the file has no
                                 such column */
    const char *category;     /* as written */
    const char *severity;     /* as written */
    double effort;            /* finite, >= 0 */
    bool drawn;               /* effort_source is "drawn": `import` drew the effort
                                 from a scenario (the export had none); false when
                                 the file has no such column */
    long line;                /* where the row starts in the file */
} outage_row;

/* Called per row: 0 to go on, OUTROWS_ENOUGH to stop reading (the rest of
 * the file is not read, and that is no error), negative to fail (with e
 * set). */
typedef int (*outrow_fn)(void *ctx, const outage_row *row, os_error *e);
#define OUTROWS_ENOUGH 1

/* Read an outage CSV row by row: columns found by name in the header (others
 * ignored), numbers checked, times non-decreasing, at least one row.  The one
 * reader behind outlist_read and `ownsim fit`.  A column the reader uses
 * must appear once (two `effort` columns are refused, see csvr_column);
 * numbers follow number.h (blanks around allowed).  0, or -1 with e naming the
 * file, line and column. */
int outrows_read(const char *path, outrow_fn fn, void *ctx, os_error *e);

/* Read an outage CSV with columns t_occur, category, severity, effort (in
 * any order, extra columns ignored; id, when present, is ignored: the row
 * position is the id).  Names must be the scenario's; times finite, >= 0
 * and non-decreasing; efforts finite and >= 0.  A t_occur_at column (as
 * `outages --timestamps` writes) is checked, not read: each of its cells
 * must be the stamp of its row's t_occur on the scenario's reference clock
 * (outlist_clock), else the file, line and column are named (the file was
 * written for another simulation.start or tz, or t_occur_at was edited
 * without t_occur, which is what is replayed).  At most `limit` rows are
 * read (limit <= 0: all): the file is not read past them, so `-n` bounds
 * the time and memory an endless pipe can take.  0, or -1 with e naming
 * the file, line and column. */
int outlist_read(const scenario *s, const char *path, long limit, outage_list *out,
                 os_error *e);
void outlist_free(outage_list *l);

/* Build l's week index (wk, wk_first, nwk, weeks) from its rows (in time
 * order), replacing any it had; outlist_read does this.  O(n) time, O(weeks
 * holding rows) memory.  0, or -1 with e set (out of memory, or a span
 * beyond 2^32 - 1 weeks, which a uniform draw cannot cover). */
int outlist_index(outage_list *l, os_error *e);

/* Generate n outages of replication rep and write them as CSV to path
 * (atomically), with a t_occur_at column after t_occur when stamps.  0, or
 * -1 with e set. */
int outlist_write(const scenario *s, uint32_t rep, long n, const char *path, bool stamps,
                  os_error *e);

/* The scenario's reference clock (docs/model.md §1), which the `_at`
 * columns of outage lists and traces read: the reference zone's shift when
 * s is placed (s->ref_shift), else the zone-less clock of simulation.start,
 * built in *own.  Borrowed from s or own. */
const cal_shift *outlist_clock(const scenario *s, cal_shift *own);

#endif
