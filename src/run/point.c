/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * point.c — running one scenario point over threads (see point.h).
 */
#include "ownsim/point.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ownsim/replay.h"
#include "ownsim/trace.h"

/* Running sums of one task; turned into a rep_stats at the end.  Counts are
 * integers (exact, and cheaper per incident than double adds); the sums of
 * minutes and costs are doubles added in resolution order. */
typedef struct acc {
    const scenario *s;      /* borrowed */
    long warmup;            /* ids below this are not counted */
    long n, handoffs, bounced, orphaned, escalated;    /* counts */
    long preemptions;       /* interruptions of counted incidents (preempt) */
    long group_escalated;   /* counted incidents escalated between support
                               groups at least once (escalate_to) */
    long sla_response, sla_resolve, sla_any;           /* breaches */
    long tickets, major;    /* tickets of counted incidents, duplicates included,
                               and major incidents (docs/model.md §4.11) */
    double ticket_response; /* sum of those tickets' responses */
    replay_sink inner;      /* sink_tickets: where incidents go on */
    double ttr, stage[ST_COUNT], wasted, cost;         /* sums, minutes or money */
    double t_first, t_last; /* occurrence span of counted incidents */
    long sev_n[SCN_MAX_SEV], sev_sla[SCN_MAX_SEV];      /* per severity */
    long sev_sla_response[SCN_MAX_SEV], sev_sla_resolve[SCN_MAX_SEV];
    double sev_ttr[SCN_MAX_SEV], sev_cost[SCN_MAX_SEV];
    hist **h;               /* 1 + nsev histograms of this thread's model */
    hist *all;              /* where every counted TTR goes: h[0], or with
                               point_opts.rep_quantiles the task's own
                               histogram, merged into h[0] when it ends */
    hist **sev_h;           /* where a severity's TTRs go (with per_sev_hist):
                               h + 1, or with rep_quantiles the task's own,
                               merged into h[1 + v] when it ends */
    bool per_sev_hist;      /* count h[1 + severity] too (with one severity it
                               equals h[0], which stands in for it) */
    trace_part *part;       /* this task's part of the trace, or NULL */
    bool oom;               /* the trace ran out of memory */
} acc;

/* How a point's work is cut into tasks. */
typedef struct point_plan {
    int active[SCN_MAX_MODELS]; /* the models run (point_opts.models), ascending */
    int nactive;            /* how many */
    int groups;             /* tasks per replication: the active models split
                               into this many runs of consecutive ones */
} point_plan;

typedef struct shared {
    const scenario *const *pts; /* borrowed: the points */
    int npts;               /* how many */
    point_plan *plan;       /* one per point */
    long *first;            /* first task of each point, first[npts] = total */
    long *slot0;            /* first (replication, model) slot of each point:
                               slot = slot0[p] + rep * nmodel + model */
    long nslot;             /* slots of every point */
    const point_opts *o;    /* borrowed */
    int rep0;               /* the first replication run (point_extend): the result's
                               replication i is the stream's rep0 + i */
    point_result *res;      /* one per point, being filled */
    trace_part **parts;     /* per slot trace part (single point only) */
    trace_file *tf;         /* the trace being assembled, or NULL */
    bool *finished;         /* per slot: its part is complete */
    long next_append;       /* first slot whose part is not yet in tf */
    atomic_long next;       /* next task to take */
    atomic_long done;       /* slots finished (progress counts those) */
    long ntask;             /* all tasks */
    atomic_int failed;      /* a worker failed */
    os_error err;           /* first failure */
    int err_point;          /* its point */
    pthread_mutex_t lock;   /* guards err and the histogram merge */
    double t0;              /* when the run began, for progress */
    double last_report;     /* when progress was last reported */
} shared;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Tell the caller's progress function how many tasks are done: only ever
 * from the calling thread (see progress.h), so last_report needs no lock
 * and the function is never entered twice at once.  At most every 100 ms
 * unless final: a task can take microseconds. */
static void report(shared *sh, bool final)
{
    if (!sh->o->progress)
        return;
    double now = now_s();
    if (!final && now - sh->last_report < 0.1)
        return;
    sh->last_report = now;
    os_progress p = {.kind = OS_PROGRESS_TASKS, .done = atomic_load(&sh->done),
                     .total = sh->nslot, .elapsed = now - sh->t0};
    sh->o->progress(sh->o->progress_ctx, &p);
}

/* The sink's part when tracing: out of line, so that the common sink
 * makes no call and saves no register. */
__attribute__((noinline)) static void sink_trace(acc *a, const inc_record *r)
{
    if (trace_part_add(a->part, r) < 0)
        a->oom = true;
}

__attribute__((noinline)) static void sink(void *ctx, const inc_record *r)
{
    acc *a = ctx;
    if ((long)r->id < a->warmup)
        return;
    if (a->n == 0)
        a->t_first = r->t_occur;
    a->t_last = r->t_occur > a->t_last ? r->t_occur : a->t_last;  /* maxsd, no branch */
    a->n++;
    a->ttr += r->ttr;
    for (int st = 0; st < ST_VENDOR; st++)     /* the vendor's: sink_extra */
        a->stage[st] += r->stage[st];
    a->handoffs += r->handoffs;
    a->bounced += r->bounces > 0;
    a->orphaned += r->orphaned;
    a->escalated += r->escalated;
    a->preemptions += r->preempted;
    a->wasted += r->wasted_effort;
    a->sla_response += r->sla_response_breached;
    a->sla_resolve += r->sla_resolve_breached;
    bool any = r->sla_breached;
    a->sla_any += any;
    a->cost += r->downtime_cost;
    int v = r->severity;
    a->sev_n[v]++;
    a->sev_ttr[v] += r->ttr;
    a->sev_sla[v] += any;
    a->sev_sla_response[v] += r->sla_response_breached;
    a->sev_sla_resolve[v] += r->sla_resolve_breached;
    a->sev_cost[v] += r->downtime_cost;
    if (a->per_sev_hist)
        hist_add_pair(a->all, a->sev_h[v], r->ttr);
    else
        hist_add(a->all, r->ttr);
    if (a->part)
        sink_trace(a, r);
}

/* sink for a scenario in which some party escalates to a next support
 * group or some category may need a vendor: the default scenario's sink
 * pays nothing for the count and the vendor stage (each 0 for an incident
 * that met neither). */
static void sink_extra(void *ctx, const inc_record *r)
{
    acc *a = ctx;
    if ((long)r->id >= a->warmup) {
        a->group_escalated += r->group_escalated;
        a->stage[ST_VENDOR] += r->stage[ST_VENDOR];
    }
    sink(ctx, r);
}

/* sink for a scenario with intake agents or major incidents (docs/model.md
 * §4.11): every ticket's response is counted; a duplicate ticket, which
 * is not an incident, goes no further. */
static void sink_tickets(void *ctx, const inc_record *r)
{
    acc *a = ctx;
    if ((long)r->id >= a->warmup) {
        a->tickets++;
        a->ticket_response += r->response;
        a->major += r->major == INC_MAJOR;
    }
    if (r->major != INC_DUPLICATE)
        a->inner(ctx, r);
}

/* Does some party of s escalate to a next support group? */
static bool has_groups(const scenario *s)
{
    for (int p = 0; p < s->nparty; p++)
        if (scn_next_group(&s->party[p]) >= 0)
            return true;
    return false;
}

static double ratio(double x, double n)
{
    return n > 0 ? x / n : NAN;
}

static void summarise(const acc *a, int nsev, rep_stats *rs)
{
    memset(rs, 0, sizeof *rs);
    double n = (double)a->n;
    rs->n = n;
    rs->ttr = ratio(a->ttr, n);
    for (int st = 0; st < ST_COUNT; st++)
        rs->stage[st] = ratio(a->stage[st], n);
    rs->handoffs = ratio((double)a->handoffs, n);
    rs->bounced = ratio((double)a->bounced, n);
    rs->orphaned = ratio((double)a->orphaned, n);
    rs->escalated = ratio((double)a->escalated, n);
    rs->preemptions = ratio((double)a->preemptions, n);
    rs->fcr = ratio(n - (double)a->group_escalated, n);
    rs->major = ratio((double)a->major, n);
    rs->tickets = (double)a->tickets;
    rs->ticket_response = ratio(a->ticket_response, (double)a->tickets);
    rs->wasted = ratio(a->wasted, n);
    rs->sla_response = ratio((double)a->sla_response, n);
    rs->sla_resolve = ratio((double)a->sla_resolve, n);
    rs->sla_any = ratio((double)a->sla_any, n);
    rs->cost = ratio(a->cost, n);
    double weeks = (a->t_last - a->t_first) / CAL_MIN_PER_WEEK;
    rs->cost_per_week = weeks > 0 ? a->cost / weeks : NAN;
    for (int i = 0; i < METRIC_REP_Q; i++)
        rs->ttr_q[i] = NAN;
    for (int v = 0; v < nsev; v++) {
        double nv = (double)a->sev_n[v];
        rs->sev_n[v] = nv;
        rs->sev_ttr[v] = ratio(a->sev_ttr[v], nv);
        rs->sev_sla[v] = ratio((double)a->sev_sla[v], nv);
        rs->sev_sla_response[v] = ratio((double)a->sev_sla_response[v], nv);
        rs->sev_sla_resolve[v] = ratio((double)a->sev_sla_resolve[v], nv);
        rs->sev_cost[v] = ratio(a->sev_cost[v], nv);
        /* the same span as cost_per_week, so the severities add up to it */
        rs->sev_cost_per_week[v] = weeks > 0 ? a->sev_cost[v] / weeks : NAN;
        for (int i = 0; i < METRIC_REP_Q; i++)
            rs->sev_ttr_q[v][i] = NAN;
    }
}

static void fail(shared *sh, const os_error *e, int point)
{
    pthread_mutex_lock(&sh->lock);
    if (!atomic_load(&sh->failed)) {
        sh->err = *e;
        sh->err_point = point;
    }
    atomic_store(&sh->failed, 1);
    pthread_mutex_unlock(&sh->lock);
}

/* What a worker holds for the point it is working on.  Its histograms
 * outlive the point: when it leaves one they are merged into the point's
 * result and reset, and serve the next point with the same number of
 * histograms.  Creating them afresh per point cost a sweep more CPU time
 * than the replays of a small point, all of it on fresh pages (and more
 * with every worker: docs/performance.md). */
typedef struct wstate {
    int p;                          /* point index, -1 = none */
    replay *rp[SCN_MAX_MODELS];     /* one replay per model, made on first use */
    hist **h;                       /* nmodel x (1 + nsev) histograms, empty
                                       outside a point; owned (drop_hists) */
    int nh;                         /* entries in h */
    hist **rep_h[SCN_MAX_MODELS];   /* per model, the task's own TTR histograms,
                                       all then per severity (1 + nsev, with
                                       point_opts.rep_quantiles), made on first
                                       use, empty between tasks; owned */
    int rep_nh[SCN_MAX_MODELS];     /* entries in rep_h[m] */
    outsrc *src;                    /* the point's outage source */
} wstate;

static void destroy_hists(hist **h, int n)
{
    for (int i = 0; h && i < n; i++)
        hist_destroy(h[i]);
    free(h);
}

/* Free the histograms the worker kept. */
static void drop_hists(wstate *w)
{
    destroy_hists(w->h, w->nh);
    w->h = NULL;
    w->nh = 0;
    for (int m = 0; m < SCN_MAX_MODELS; m++) {
        destroy_hists(w->rep_h[m], w->rep_nh[m]);
        w->rep_h[m] = NULL;
        w->rep_nh[m] = 0;
    }
}

/* Hand the histograms' counts to the point's result, empty them, and drop
 * the point's replays and outage source. */
static void leave_point(shared *sh, wstate *w)
{
    if (w->p >= 0 && w->h) {
        pthread_mutex_lock(&sh->lock);
        /* with one severity the sink counts only each model's overall
         * histogram (even i), which then stands for the severity's too */
        bool one_sev = sh->pts[w->p]->nsev == 1;
        for (int i = 0; i < w->nh; i++)
            hist_merge(sh->res[w->p].ttr[i], one_sev && i % 2 ? w->h[i - 1] : w->h[i]);
        pthread_mutex_unlock(&sh->lock);
        for (int i = 0; i < w->nh; i++)
            hist_reset(w->h[i]);
    }
    for (int m = 0; m < SCN_MAX_MODELS; m++) {
        replay_destroy(w->rp[m]);
        w->rp[m] = NULL;
    }
    outsrc_destroy(w->src);
    w->src = NULL;
    w->p = -1;
}

static int enter_point(shared *sh, wstate *w, int p, os_error *e)
{
    leave_point(sh, w);
    const scenario *s = sh->pts[p];
    int nh = s->nmodel * (1 + s->nsev);
    if (w->h && w->nh == nh) {
        w->p = p;
        return 0;
    }
    drop_hists(w);
    w->h = calloc((size_t)nh, sizeof *w->h);
    bool ok = w->h != NULL;
    for (int i = 0; ok && i < nh; i++)
        ok = (w->h[i] = hist_create()) != NULL;
    if (!ok) {
        /* not merged into the point by leave_point: some are missing */
        destroy_hists(w->h, nh);
        w->h = NULL;
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    }
    w->nh = nh;
    w->p = p;
    return 0;
}

/* What a task replays: replication rep of point p, models lane[0..nlane)
 * (in increasing order). */
typedef struct task {
    int p;                      /* the point */
    int rep;                    /* the replication: its random streams */
    int idx;                    /* its place in the result: rep - rep0 */
    int nlane;                  /* models replayed */
    int lane[SCN_MAX_MODELS];   /* which */
} task;

static void task_of(const shared *sh, long t, task *k)
{
    int p = 0;
    while (t >= sh->first[p + 1])
        p++;
    const point_plan *pl = &sh->plan[p];
    /* within a point, replication-major: early tasks finish whole reps */
    long local = t - sh->first[p];
    int g = (int)(local % pl->groups);
    k->p = p;
    k->idx = (int)(local / pl->groups);
    k->rep = sh->rep0 + k->idx;
    int lo = g * pl->nactive / pl->groups, hi = (g + 1) * pl->nactive / pl->groups;
    k->nlane = hi - lo;
    for (int i = 0; i < k->nlane; i++)
        k->lane[i] = pl->active[lo + i];
}

/* Replay task k's replication through each of its models in lockstep: one
 * chunk of the stream is generated, then fed to every model, whose replay
 * keeps its state until the next chunk.  So the stream is generated once
 * and memory stays one chunk whatever the number of incidents.
 * 0; 1 when another worker failed meanwhile (the task is abandoned);
 * -1 with e set: the error of the lowest model that failed, the one a run
 * of the models one after the other would have reported. */
static int replay_lanes(shared *sh, wstate *w, const task *k, acc *a, os_error *e)
{
    outage buf[REPLAY_CHUNK];   /* fed to each model in turn (replay.h) */
    bool dead[SCN_MAX_MODELS] = {false};
    int bad = SCN_MAX_MODELS;       /* the lowest failed model so far */
    os_error le;
    err_clear(&le);
    for (;;) {
        if (atomic_load(&sh->failed))
            return 1;
        size_t n = outsrc_fill(w->src, buf, REPLAY_CHUNK);
        bool any = false;
        for (int i = 0; i < k->nlane; i++) {
            int m = k->lane[i];
            if (dead[i] || m > bad)
                continue;
            int rc = n ? replay_feed(w->rp[m], buf, n, &le) : replay_end(w->rp[m], &le);
            if (rc < 0 || a[i].oom) {
                if (a[i].oom)
                    err_set(&le, OS_ERR_ENV, "", 0, "", "out of memory writing the trace");
                dead[i] = true;
                bad = m;    /* lanes above m are no longer fed: a failure
                               recorded before is of a higher model */
                *e = le;
                continue;
            }
            any = true;
        }
        if (n == 0 || !any)
            break;
    }
    return bad < SCN_MAX_MODELS ? -1 : 0;
}

/* The task's own histograms of model (n of them), kept until the worker
 * ends; made again when a point needs another number.  0, or -1 (nothing
 * kept). */
static int rep_hists(wstate *w, int model, int n)
{
    if (w->rep_h[model] && w->rep_nh[model] == n)
        return 0;
    destroy_hists(w->rep_h[model], w->rep_nh[model]);
    w->rep_h[model] = NULL;
    w->rep_nh[model] = 0;
    hist **h = calloc((size_t)n, sizeof *h);
    bool ok = h != NULL;
    for (int i = 0; ok && i < n; i++)
        ok = (h[i] = hist_create()) != NULL;
    if (!ok) {
        destroy_hists(h, n);
        return -1;
    }
    w->rep_h[model] = h;
    w->rep_nh[model] = n;
    return 0;
}

/* Ready task k: the point's outage source at its replication, and per lane
 * a fresh accumulator, the model's replay (made on first use) begun at that
 * replication, and its trace part when tracing.  0, or -1 with e set. */
static int begin_task(shared *sh, wstate *w, const task *k, acc *a, os_error *e)
{
    const scenario *s = sh->pts[k->p];
    uint32_t rep = (uint32_t)k->rep;
    if (!w->src) {
        if (!(w->src = outsrc_create(s, rep, sh->o->list, s->incidents, e)))
            return -1;
    } else {
        outsrc_rewind(w->src, rep);
    }
    for (int i = 0; i < k->nlane; i++) {
        int model = k->lane[i];
        long slot = sh->slot0[k->p] + (long)k->idx * s->nmodel + model;
        memset(&a[i], 0, sizeof a[i]);
        a[i].s = s;
        a[i].warmup = s->warmup;
        a[i].h = &w->h[model * (1 + s->nsev)];
        a[i].all = a[i].h[0];
        a[i].sev_h = a[i].h + 1;
        a[i].per_sev_hist = s->nsev > 1;
        if (sh->o->rep_quantiles) {
            if (rep_hists(w, model, 1 + s->nsev) < 0)
                return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
            a[i].all = w->rep_h[model][0];
            a[i].sev_h = w->rep_h[model] + 1;
        }
        if (!w->rp[model] && !(w->rp[model] = replay_create(s, model, e)))
            return -1;
        if (sh->parts &&
            !(a[i].part = sh->parts[slot] =
                  trace_part_open(sh->o->trace, slot, s, model, k->rep,
                                  (uint64_t)s->warmup, sh->o->trace_stamps, e)))
            return -1;
        a[i].inner = has_groups(s) || scn_has_vendors(s) ? sink_extra : sink;
        replay_begin(w->rp[model], rep,
                     scn_has_major(s) || scn_has_intake(s) ? sink_tickets : a[i].inner, &a[i]);
    }
    return 0;
}

/* Task k's figures into its point's result, one rep_stats per lane. */
static void store_task(shared *sh, const wstate *w, const task *k, const acc *a)
{
    point_result *res = &sh->res[k->p];
    for (int i = 0; i < k->nlane; i++) {
        int model = k->lane[i];
        rep_stats *rs = &res->rs[(size_t)model * (size_t)res->reps + (size_t)k->idx];
        summarise(&a[i], sh->pts[k->p]->nsev, rs);
        rs->events = replay_events(w->rp[model]);
        rs->peak_unresolved = replay_peak(w->rp[model]);
        if (a[i].all != a[i].h[0]) {
            /* the replication's own quantiles, then its counts join the
             * thread's (exact: integer counts, extremes) */
            int nsev = sh->pts[k->p]->nsev;
            for (int q = 0; q < METRIC_REP_Q; q++)
                rs->ttr_q[q] = hist_quantile(a[i].all, metric_rep_q(q));
            for (int v = 0; v < nsev; v++) {
                /* one severity: its histogram is the model's (see sink) */
                hist *hv = a[i].per_sev_hist ? a[i].sev_h[v] : a[i].all;
                if (hist_count(hv) > 0)
                    for (int q = 0; q < METRIC_REP_Q; q++)
                        rs->sev_ttr_q[v][q] = hist_quantile(hv, metric_rep_q(q));
                if (a[i].per_sev_hist) {
                    hist_merge(a[i].h[1 + v], hv);
                    hist_reset(hv);
                }
            }
            hist_merge(a[i].h[0], a[i].all);
            hist_reset(a[i].all);
        }
    }
}

/* Task k's trace parts are complete: append every complete part that is
 * next in (replication, model) order.  0, or -1 with e set. */
static int append_parts(shared *sh, const task *k, os_error *e)
{
    long first = sh->slot0[k->p] + (long)k->idx * sh->pts[k->p]->nmodel;
    pthread_mutex_lock(&sh->lock);
    for (int i = 0; i < k->nlane; i++)
        sh->finished[first + k->lane[i]] = true;
    int arc = 0;
    while (arc == 0 && sh->next_append < sh->nslot && sh->finished[sh->next_append]) {
        arc = trace_append(sh->tf, sh->parts[sh->next_append], e);
        sh->parts[sh->next_append++] = NULL;
    }
    pthread_mutex_unlock(&sh->lock);
    return arc < 0 ? -1 : 0;
}

/* Take tasks until none is left or one failed.  caller: this is the thread
 * that called point_run_batch, the one that reports progress. */
static void work(shared *sh, bool caller)
{
    os_error e;
    err_clear(&e);
    wstate w;
    memset(&w, 0, sizeof w);
    w.p = -1;
    bool ok = true;
    int cur_point = 0;   /* the point of the task in hand, for errors */
    acc a[SCN_MAX_MODELS];

    while (!atomic_load(&sh->failed)) {
        long t = atomic_fetch_add(&sh->next, 1);
        if (t >= sh->ntask)
            break;
        task k;
        task_of(sh, t, &k);
        cur_point = k.p;
        if ((w.p != k.p && enter_point(sh, &w, k.p, &e) < 0) ||
            begin_task(sh, &w, &k, a, &e) < 0) {
            ok = false;
            break;
        }
        int rc = replay_lanes(sh, &w, &k, a, &e);
        if (rc > 0)
            break;          /* another worker failed: its error is the one */
        if (rc < 0) {
            ok = false;
            break;
        }
        store_task(sh, &w, &k, a);
        if (sh->tf && append_parts(sh, &k, &e) < 0) {
            ok = false;
            break;
        }
        atomic_fetch_add(&sh->done, k.nlane);
        if (caller)
            report(sh, false);
    }
    if (!ok)
        fail(sh, &e, cur_point);
    leave_point(sh, &w);
    drop_hists(&w);
}

static void *worker(void *arg)
{
    work(arg, false);
    return NULL;
}

void point_free(point_result *r)
{
    if (r->ttr)
        for (int i = 0; i < r->nmodel * (1 + r->nsev); i++)
            hist_destroy(r->ttr[i]);
    free(r->ttr);
    free(r->rs);
    memset(r, 0, sizeof *r);
}

/* A result for replications rep0..s->reps-1 of s. */
static int result_alloc(const scenario *s, int rep0, point_result *out)
{
    memset(out, 0, sizeof *out);
    out->nmodel = s->nmodel;
    out->reps = s->reps - rep0;
    out->nsev = s->nsev;
    size_t nh = (size_t)s->nmodel * (size_t)(1 + s->nsev);
    out->rs = calloc((size_t)s->nmodel * (size_t)out->reps, sizeof *out->rs);
    out->ttr = calloc(nh, sizeof *out->ttr);
    if (!out->rs || !out->ttr)
        return -1;
    for (size_t i = 0; i < nh; i++)
        if (!(out->ttr[i] = hist_create()))
            return -1;
    return 0;
}

/* Which models each point runs, and into how many tasks each replication
 * is cut.  One task per replication generates its stream once for all
 * models; but with fewer replications than workers that would leave
 * workers idle, so then each replication's models are split into groups,
 * each generating the stream for itself (docs/performance.md).  The
 * results do not depend on the cut. */
static void plan_points(const scenario *const *pts, int npts, const point_opts *o,
                        shared *sh)
{
    long reps = 0;
    for (int p = 0; p < npts; p++)
        reps += pts[p]->reps - sh->rep0;
    int jobs = o->jobs < 1 ? 1 : o->jobs;
    for (int p = 0; p < npts; p++) {
        const scenario *s = pts[p];
        point_plan *pl = &sh->plan[p];
        for (int m = 0; m < s->nmodel; m++)
            if (!o->models || (o->models & (1u << m)))
                pl->active[pl->nactive++] = m;
        pl->groups = reps >= jobs || reps == 0 ? 1 : (int)((jobs + reps - 1) / reps);
        if (pl->groups > pl->nactive)
            pl->groups = pl->nactive;
        sh->first[p + 1] = sh->first[p] + (long)(s->reps - sh->rep0) * pl->groups;
        sh->slot0[p + 1] = sh->slot0[p] + (long)s->nmodel * (s->reps - sh->rep0);
    }
    sh->ntask = sh->first[npts];
    sh->nslot = sh->slot0[npts];
}

/* The batch's own arrays (not the results). */
static void free_shared(shared *sh)
{
    free(sh->first);
    free(sh->slot0);
    free(sh->plan);
    free(sh->parts);
    free(sh->finished);
}

/* out[] allocated, the tasks planned and, when tracing, the trace opened:
 * 0, or -1 with e set and nothing left allocated. */
static int batch_alloc(const scenario *const *pts, int npts, const point_opts *o, bool trace,
                       shared *sh, point_result *out, os_error *e)
{
    /* every result empty first: on failure each is freed, filled or not */
    memset(out, 0, (size_t)npts * sizeof *out);
    sh->first = calloc((size_t)npts + 1, sizeof *sh->first);
    sh->slot0 = calloc((size_t)npts + 1, sizeof *sh->slot0);
    sh->plan = calloc((size_t)npts, sizeof *sh->plan);
    bool ok = sh->first && sh->slot0 && sh->plan;
    for (int p = 0; ok && p < npts; p++)
        if (result_alloc(pts[p], sh->rep0, &out[p]) < 0)
            ok = false;
    if (ok)
        plan_points(pts, npts, o, sh);
    if (ok && trace)
        ok = (sh->parts = calloc((size_t)sh->nslot, sizeof *sh->parts)) != NULL &&
             (sh->finished = calloc((size_t)sh->nslot, sizeof *sh->finished)) != NULL;
    bool traced = ok && trace && (sh->tf = trace_open(o->trace, pts[0], o->trace_stamps, e)) != NULL;
    if (ok && (!trace || traced))
        return 0;
    for (int p = 0; p < npts; p++)
        point_free(&out[p]);
    free_shared(sh);
    return ok ? -1 : err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
}

/* Models left out by o->models: n = 0 and NaN means, counted as done at
 * once.  Returns how many (replication, model) slots that is. */
static long skip_left_out(const scenario *const *pts, int npts, const point_opts *o,
                          point_result *out)
{
    long skipped = 0;
    for (int p = 0; p < npts; p++) {
        const scenario *s = pts[p];
        for (int m = 0; m < s->nmodel; m++) {
            if (o->models && !(o->models & (1u << m)))
                for (int r = 0; r < out[p].reps; r++, skipped++) {
                    acc none;
                    memset(&none, 0, sizeof none);
                    summarise(&none, s->nsev,
                              &out[p].rs[(size_t)m * (size_t)out[p].reps + (size_t)r]);
                }
        }
    }
    return skipped;
}

/* Up to jobs threads (the calling one included) take the tasks; the
 * calling one does point_opts.side first. */
static void run_workers(shared *sh, int jobs)
{
    if (jobs < 1)
        jobs = 1;
    if (jobs > sh->ntask)
        jobs = (int)sh->ntask;
    pthread_t *th = calloc((size_t)jobs, sizeof *th);
    int started = 0;
    if (th)
        for (; started < jobs - 1; started++)
            if (pthread_create(&th[started], NULL, worker, sh) != 0)
                break;
    if (sh->o->side)
        sh->o->side(sh->o->side_ctx);   /* while the others take tasks */
    work(sh, true);   /* the calling thread works too */
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
}

/* The trace committed when every task succeeded, else removed. */
static void end_trace(shared *sh)
{
    for (long t = 0; t < sh->nslot; t++)
        trace_part_abort(sh->parts[t]);   /* NULL when appended */
    if (atomic_load(&sh->failed))
        trace_abort(sh->tf);
    else if (trace_commit(sh->tf, &sh->err) < 0)
        atomic_store(&sh->failed, 1);
}

/* Run replications rep0..reps-1 of each point into out. */
static int run_batch(const scenario *const *pts, int npts, const point_opts *o, int rep0,
                     point_result *out, os_error *e)
{
    shared sh;
    memset(&sh, 0, sizeof sh);
    sh.rep0 = rep0;
    bool trace = o->trace && npts == 1;   /* a trace is for one point */
    if (batch_alloc(pts, npts, o, trace, &sh, out, e) < 0)
        return -1;
    long skipped = skip_left_out(pts, npts, o, out);
    point_opts opts = *o;
    if (!trace)
        opts.trace = NULL;
    sh.pts = pts;
    sh.npts = npts;
    sh.o = &opts;
    sh.res = out;
    atomic_init(&sh.next, 0);
    atomic_init(&sh.done, skipped);
    atomic_init(&sh.failed, 0);
    pthread_mutex_init(&sh.lock, NULL);
    sh.t0 = sh.last_report = now_s();

    run_workers(&sh, o->jobs);
    pthread_mutex_destroy(&sh.lock);
    if (sh.tf)
        end_trace(&sh);
    free_shared(&sh);
    for (int p = 0; p < npts; p++)
        for (size_t i = 0; i < (size_t)out[p].nmodel * (size_t)out[p].reps; i++)
            out[p].events += out[p].rs[i].events;
    if (atomic_load(&sh.failed)) {
        *e = sh.err;
        if (o->failed_point)
            *o->failed_point = sh.err_point;
        for (int p = 0; p < npts; p++)
            point_free(&out[p]);
        return -1;
    }
    report(&sh, true);   /* done == total, the trace committed */
    return 0;
}

int point_run_batch(const scenario *const *pts, int npts, const point_opts *o,
                    point_result *out, os_error *e)
{
    return run_batch(pts, npts, o, 0, out, e);
}

int point_run(const scenario *s, const point_opts *o, point_result *out,
              os_error *e)
{
    return point_run_batch(&s, 1, o, out, e);
}

int point_extend(const scenario *s, const point_opts *o, point_result *r, os_error *e)
{
    if (s->reps <= r->reps)
        return 0;
    if (o->trace)
        return err_set(e, OS_ERR_ENV, "", 0, "", "a traced point cannot be extended");
    point_result add;
    if (run_batch(&s, 1, o, r->reps, &add, e) < 0)
        return -1;
    rep_stats *rs = malloc((size_t)r->nmodel * (size_t)s->reps * sizeof *rs);
    if (!rs) {
        point_free(&add);
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    }
    /* model-major: each model's old replications, then its new ones */
    for (int m = 0; m < r->nmodel; m++) {
        memcpy(rs + (size_t)m * (size_t)s->reps, r->rs + (size_t)m * (size_t)r->reps,
               (size_t)r->reps * sizeof *rs);
        memcpy(rs + (size_t)m * (size_t)s->reps + r->reps,
               add.rs + (size_t)m * (size_t)add.reps, (size_t)add.reps * sizeof *rs);
    }
    /* exact: integer counts and extremes, whatever the order (histogram.h) */
    for (int i = 0; i < r->nmodel * (1 + r->nsev); i++)
        hist_merge(r->ttr[i], add.ttr[i]);
    free(r->rs);
    r->rs = rs;
    r->reps = s->reps;
    r->events += add.events;
    point_free(&add);
    return 0;
}

double point_halfwidth(const scenario *s, const point_result *r, const metric_spec *sp,
                       double *x)
{
    double worst = 0;
    for (int m = 0; m < s->nmodel; m++) {
        metric_src a = point_src(s, r, m, sp->sev), b = point_src(s, r, s->baseline, sp->sev);
        ci c = metric_ci(sp->m, &a, x);
        /* an undefined interval (too few replications) is never narrow
         * enough; a model with no value at all (no incident of the
         * severity) has no interval to narrow */
        if (!isnan(c.mean))
            worst = fmax(worst, isnan(c.lo) ? INFINITY : (c.hi - c.lo) / 2);
        if (m == s->baseline)
            continue;
        ci d = metric_paired(sp->m, &a, &b, x);
        if (!isnan(d.mean))
            worst = fmax(worst, isnan(d.lo) ? INFINITY : (d.hi - d.lo) / 2);
    }
    return worst;
}

double point_precision(const scenario *s, const point_result *r, point_target *t, int n,
                       double *x)
{
    double worst = 0;
    for (int i = 0; i < n; i++) {
        t[i].reached = point_halfwidth(s, r, &t[i].spec, x);
        worst = fmax(worst, t[i].reached / t[i].halfwidth);
    }
    return worst;
}

int point_next_reps(int reps, double ratio, int max_reps)
{
    /* the half-width shrinks as 1/sqrt(reps): reps * ratio^2 would just
     * meet it; 10% more for the noise in the estimate, at least one more,
     * at most double (an estimate from few replications is rough) */
    double want = isfinite(ratio) ? ceil(1.1 * reps * ratio * ratio) : 2.0 * reps;
    double next = fmin(fmax(want, reps + 1.0), 2.0 * reps);
    if (reps < METRIC_MIN_REPS)
        next = METRIC_MIN_REPS;
    return next > max_reps ? max_reps : (int)next;
}

long point_peak(const point_result *r)
{
    long peak = 0;
    for (size_t i = 0; i < (size_t)r->nmodel * (size_t)r->reps; i++)
        if (r->rs[i].peak_unresolved > peak)
            peak = r->rs[i].peak_unresolved;
    return peak;
}
