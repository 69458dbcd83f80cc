/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * point.h — one scenario point: every model × every replication.
 *
 * This is the reusable unit that `run`, sweeps and break-even searches call.
 * The work is split into tasks, run by `jobs` threads that take them in
 * order from a shared counter.  A task is one replication of one point and
 * its models: it generates the replication's outage stream once, a chunk at
 * a time, and feeds each chunk to every model's replay in turn (replay.h),
 * so generation is paid once per replication, not once per model.  When a
 * batch has fewer replications than threads, each replication's models are
 * split into groups (contiguous runs of models), a task per group, each
 * generating the stream for itself, so that every thread has work.
 *
 * A (model, replication)'s result depends only on (scenario, model,
 * replication) — its outage stream and decision keys — and lands in its own
 * slot; histograms are merged by exact integer counts.  So the result is
 * byte-identical whatever `jobs` is, however the models are grouped and
 * whichever thread ran what.  When a model fails, the error reported is
 * that of the first failing (replication, model) in order, as if they had
 * run one after the other (with one thread; with several, the first
 * failure any thread meets).
 *
 * Memory: per (model, replication), a fixed-size summary; per thread, one
 * replay per model, a set of histograms per model and one chunk of
 * outages.  Flat in the number of incidents, a trace included: each
 * (model, replication) streams its rows to its own part of the trace file
 * (trace.h), joined in (replication, model) order at the end.
 *
 * Precision control adds replications to a result (point_extend): the new
 * ones run as a batch of their own, with their own stream numbers, and
 * their summaries and histograms join the result's, so the result equals
 * that of one run with all the replications.
 */
#ifndef OWNSIM_POINT_H
#define OWNSIM_POINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ownsim/error.h"
#include "ownsim/histogram.h"
#include "ownsim/incident.h"
#include "ownsim/metric.h"
#include "ownsim/metric_spec.h"
#include "ownsim/outages.h"
#include "ownsim/progress.h"
#include "ownsim/scenario.h"

typedef struct point_opts {
    int jobs;                       /* worker threads, >= 1 */
    const char *trace;              /* write incidents.csv here; NULL = no trace */
    bool trace_stamps;              /* the trace's wall-clock columns (trace.h) */
    os_progress_fn progress;        /* NULL, or told OS_PROGRESS_TASKS on the calling
                                       thread only (progress.h) */
    void *progress_ctx;             /* passed to progress; borrowed */
    const outage_list *list;        /* replay these instead of generating; NULL = generate */
    uint32_t models;                /* bit m: run model m; 0 = every model */
    int *failed_point;              /* out, when not NULL: the point whose task failed */
    bool rep_quantiles;             /* also fill rep_stats.ttr_q, each replication's
                                       own TTR quantiles (metric.h): a histogram per
                                       task, O(bins) more work per task */
    void (*side)(void *ctx);        /* NULL, or work the calling thread does once
                                       the other workers have started, before it
                                       takes tasks itself (a sweep writes its last
                                       chunk and loads its next meanwhile); it must
                                       not touch the points, the results or o */
    void *side_ctx;                 /* passed to side; borrowed */
} point_opts;

typedef struct point_result {
    int nmodel;                     /* models */
    int reps;                       /* replications */
    int nsev;                       /* severities */
    rep_stats *rs;                  /* [model * reps + rep]; owned */
    hist **ttr;                     /* [model * (1 + nsev)]: all, then per severity; owned */
    uint64_t events;                /* engine events in total */
} point_result;

/* Run s.  0 with *out filled (free with point_free), or -1 with e set.
 * Models left out by o->models get rep_stats with n = 0 and NaN means. */
int point_run(const scenario *s, const point_opts *o, point_result *out,
              os_error *e);

/* Run several points (e.g. a chunk of a sweep) as one pool of tasks, so the
 * threads stay busy across points.  out[i] is the result of pts[i]; on -1
 * nothing needs freeing. */
int point_run_batch(const scenario *const *pts, int npts, const point_opts *o,
                    point_result *out, os_error *e);
void point_free(point_result *r);

/* Add replications r->reps..s->reps-1 of s to r (a result of s with fewer
 * replications, made with the same options): each replication replays its
 * own streams, so r ends exactly as point_run with s->reps would have made
 * it (precision control, docs/output.md).  No trace (o->trace must be
 * NULL).  0, or -1 with e set and r unchanged. */
int point_extend(const scenario *s, const point_opts *o, point_result *r, os_error *e);

/* The widest half-width of sp's 95% intervals at this point: every model's
 * own (metric_ci) and each model's paired difference against the baseline
 * (metric_paired); INFINITY when one is undefined (fewer than
 * METRIC_MIN_REPS replications), 0 when there is none.  x:
 * METRIC_SCRATCH(r->reps) doubles. */
double point_halfwidth(const scenario *s, const point_result *r, const metric_spec *sp,
                       double *x);

/* A target of precision control (`--precision METRIC=HALFWIDTH`). */
typedef struct point_target {
    metric_spec spec;       /* the metric, over every incident or one severity's */
    double halfwidth;       /* the widest 95% half-width accepted, > 0 */
    double reached;         /* out: its widest half-width at the last point_precision */
} point_target;

/* Each target's widest half-width at this point (point_halfwidth) into its
 * reached; returns the largest ratio reached / halfwidth (<= 1: every
 * target met; 0 with none).  x: METRIC_SCRATCH(r->reps) doubles. */
double point_precision(const scenario *s, const point_result *r, point_target *t, int n,
                       double *x);

/* How many replications precision control runs next, from reps whose
 * widest half-width is ratio times its target (ratio > 1): about
 * 1.1 * reps * ratio^2 (the half-width falls as 1/sqrt(reps)), at least
 * reps + 1, at most 2 * reps, at least METRIC_MIN_REPS, at most max_reps.
 * Depends only on its arguments, so the sequence is deterministic. */
int point_next_reps(int reps, double ratio, int max_reps);

/* The largest peak_unresolved over every model and replication. */
long point_peak(const point_result *r);

static inline const rep_stats *point_rep(const point_result *r, int model, int rep)
{
    return &r->rs[(size_t)model * (size_t)r->reps + (size_t)rep];
}

/* The TTR histogram of a model: sev = -1 for all, else that severity. */
static inline const hist *point_hist(const point_result *r, int model, int sev)
{
    return r->ttr[(size_t)model * (size_t)(1 + r->nsev) + (size_t)(sev + 1)];
}

/* What model measured at the point s, for the metric functions (metric.h):
 * sev = -1 for every incident, else that severity's.  Borrows s and r. */
static inline metric_src point_src(const scenario *s, const point_result *r, int model,
                                   int sev)
{
    metric_src src = {s, model, sev, &r->rs[(size_t)model * (size_t)r->reps], r->reps,
                      point_hist(r, model, sev)};
    return src;
}

#endif
