/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sweep.c — running a grid of scenario points (see sweep.h).
 *
 * Points are loaded and run in chunks of a few per worker thread, each chunk
 * one pool of tasks (point_run_batch), and their rows appended to sweep.csv
 * in point order: memory is bounded by the chunk, not the grid.  The
 * manifest sweep.ini is written last, with the checksum of the finished
 * sweep.csv (sweep_int.h), so a killed shard never looks complete.
 */
#include "ownsim/sweep.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ownsim/csvfile.h"
#include "ownsim/point.h"
#include "ownsim/provenance.h"
#include "ownsim/report.h"
#include "ownsim/run.h"
#include "sweep_int.h"

/* Point p: the assembly's base with the point's overrides, in memory. */
static scenario *load_point(const sweep_opts *o, const scenario *base, uint64_t p,
                            scn_override *ov, char *buf, os_error *e)
{
    int n = grid_overrides(o->g, p, base, ov, buf, e);
    if (n < 0)
        return NULL;
    return run_derive(o->run, ov, n, e);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int sweep_csv_sum(const char *path, char *sum, os_errkind kind, os_error *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, kind, path, 0, "", "cannot read: %s", strerror(errno));
    uint64_t h = 0xcbf29ce484222325u;      /* FNV-1a 64 offset basis */
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        for (size_t i = 0; i < n; i++)
            h = (h ^ buf[i]) * 0x100000001b3u;   /* FNV 64 prime */
    bool bad = ferror(f);
    fclose(f);
    if (bad)
        return err_set(e, kind, path, 0, "", "read error");
    snprintf(sum, SWEEP_SUM_SIZE, "fnv1a64:%016llx", (unsigned long long)h);
    return 0;
}

int sweep_manifest_write(const char *dir, const char *seed, unsigned long long points,
                         int shard_i, int shard_n, int naxis, const char *const *specs,
                         os_error *e)
{
    char path[1200], sum[SWEEP_SUM_SIZE];
    snprintf(path, sizeof path, "%s/sweep.csv", dir);
    if (sweep_csv_sum(path, sum, OS_ERR_ENV, e) < 0)
        return -1;
    csvw *w = csvw_open_in(dir, "sweep.ini", e);
    if (!w)
        return -1;
    FILE *f = csvw_stream(w);
    fprintf(f, "; ownsim sweep manifest: the grid, and which share of it this folder holds.\n"
               "[sweep]\nseed = %s\npoints = %llu\nshard = %d/%d\naxes = %d\n",
            seed, points, shard_i, shard_n, naxis);
    for (int a = 0; a < naxis; a++)
        fprintf(f, "vary%d = %s\n", a + 1, specs[a]);
    fprintf(f, "; FNV-1a 64 of sweep.csv as written: merge refuses a changed file\n"
               "%s = %s\n", SWEEP_SUM_KEY, sum);
    return csvw_commit(w, e);
}

static int write_manifest(const sweep_opts *o, const scenario *base, os_error *e)
{
    char seed[32];
    const char *specs[GRID_MAX_AXES];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)base->seed);
    for (int a = 0; a < o->g->naxis; a++)
        specs[a] = o->g->axis[a].spec;
    return sweep_manifest_write(o->out, seed, (unsigned long long)o->g->npoints, o->shard_i,
                                o->shard_n, o->g->naxis, specs, e);
}

/* Points per chunk: enough tasks to keep every thread busy to the end of a
 * chunk, few enough to bound memory (each point holds its histograms). */
static int chunk_size(const scenario *base, int jobs)
{
    long tasks = (long)base->nmodel * base->reps;
    long c = (32L * jobs + tasks - 1) / tasks;
    if (c < 2L * jobs)
        c = 2L * jobs;
    return c > 32 ? 32 : (int)c;
}

/* The buffers of one chunk of points, reused chunk after chunk. */
typedef struct chunk {
    int cap;                  /* points per chunk (chunk_size) */
    scn_override *ov;         /* a point's overrides, GRID_MAX_AXES + 1 (precision
                                 control adds simulation.reps); owned */
    char *buf;                /* the text of their values; owned */
    scenario **pts;           /* the chunk's points, cap; owned, NULL once freed */
    point_result *res;        /* their results, cap; owned */
    uint64_t *ids;            /* their grid points, cap; owned */
    int n;                    /* points in the chunk */
    const outage_list *list;  /* the chunk's outage list, shared by its points */
} chunk;

/* Every value of every axis loads, before anything is written: the points
 * whose other coordinates are 0 hold each value once. */
static int check_axes(const sweep_opts *o, const scenario *base, chunk *c, os_error *e)
{
    for (int a = 0; a < o->g->naxis; a++) {
        uint64_t stride = 1;
        for (int b = a + 1; b < o->g->naxis; b++)
            stride *= o->g->axis[b].n;
        for (size_t j = 0; j < o->g->axis[a].n; j++) {
            scenario *s = load_point(o, base, j * stride, c->ov, c->buf, e);
            if (!s)
                return -1;
            scn_destroy(s);
        }
    }
    return 0;
}

/* sweep.csv opened, its header written: point, the axes' keys, then the
 * columns of models.csv and the paired differences. */
static csvw *open_sweep_csv(const sweep_opts *o, const scenario *base, os_error *e)
{
    csvw *w = csvw_open_in(o->out, "sweep.csv", e);
    if (!w)
        return NULL;
    csvw_str(w, "point");
    for (int a = 0; a < o->g->naxis; a++)
        csvw_str(w, o->g->axis[a].key);
    report_model_header(w);
    report_paired_header(w, base, o->pairs, o->npairs);
    csvw_end(w);
    return w;
}

/* The next chunk, from grid point *p on: up to c->cap points of the shard
 * (c->n of them, 0 at the end of the grid).  0, or -1 with e set. */
static int load_chunk(const sweep_opts *o, const scenario *base, chunk *c, uint64_t *p,
                      os_error *e)
{
    c->n = 0;
    c->list = NULL;
    for (; *p < o->g->npoints && c->n < c->cap; (*p)++) {
        if (!grid_in_shard(*p, o->shard_i, o->shard_n))
            continue;
        scenario **s = &c->pts[c->n];
        if (!(*s = load_point(o, base, *p, c->ov, c->buf, e)))
            return -1;
        /* a chunk is one pool of tasks with one outage source: a point
         * replaying another list (an axis on simulation.outages) starts
         * the next chunk (derived again then: it is in memory) */
        const outage_list *l = run_list(o->run, *s);
        if (c->n > 0 && l != c->list) {
            scn_destroy(*s);
            *s = NULL;
            break;
        }
        c->list = l;
        /* a point may read files the base does not (an empirical
         * distribution on an axis) */
        if (o->prov && prov_add_scenario(o->prov, *s, e) < 0) {
            scn_destroy(*s);
            *s = NULL;
            return -1;
        }
        c->ids[c->n++] = *p;
    }
    return 0;
}

/* " (grid point P: key=value ...)" after e's message, so the user can look
 * at the failing point alone. */
static void name_point(const grid *g, uint64_t id, os_error *e)
{
    size_t len = strlen(e->msg);
    len += (size_t)snprintf(e->msg + len, sizeof e->msg - len, " (grid point %llu:",
                            (unsigned long long)id);
    for (int a = 0; a < g->naxis && len < sizeof e->msg; a++)
        len += (size_t)snprintf(e->msg + len, sizeof e->msg - len, " %s=%s", g->axis[a].key,
                                g->axis[a].values[grid_coord(g, id, a)]);
    if (len < sizeof e->msg)
        snprintf(e->msg + len, sizeof e->msg - len, ")");
}

/* Precision control at point i of the chunk: while a target is not met and
 * fewer than o->max_reps replications ran, the point derived again with more
 * (point_next_reps) and the new replications added to its result, exactly
 * as run --precision does.  0, or -1 with e set. */
static int refine_point(sweep_opts *o, const scenario *base, chunk *c, int i,
                        const point_opts *po, os_error *e)
{
    point_result *r = &c->res[i];
    int cap = o->max_reps > r->reps ? o->max_reps : r->reps;
    double *x = malloc(METRIC_SCRATCH(cap) * sizeof *x);
    if (!x)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    double q;
    int rc = 0;
    while (rc == 0 && (q = point_precision(c->pts[i], r, o->targets, o->ntargets, x)) > 1 &&
           r->reps < o->max_reps) {
        char reps[32];
        snprintf(reps, sizeof reps, "%d", point_next_reps(r->reps, q, o->max_reps));
        int n = grid_overrides(o->g, c->ids[i], base, c->ov, c->buf, e);
        scenario *s = NULL;
        if (n >= 0) {
            c->ov[n++] = (scn_override){"simulation.reps", reps, "--precision"};
            s = run_derive(o->run, c->ov, n, e);
        }
        if (!s || point_extend(s, po, r, e) < 0) {
            scn_destroy(s);
            rc = -1;
        } else {
            scn_destroy(c->pts[i]);
            c->pts[i] = s;
        }
    }
    if (rc == 0 && q > 1)
        o->imprecise++;
    free(x);
    return rc;
}

/* The chunk's rows into sweep.csv, one per point and model; its points and
 * results are freed as they are written. */
static int write_chunk(sweep_opts *o, csvw *w, chunk *c, os_error *e)
{
    for (int i = 0; i < c->n; i++) {
        const scenario *s = c->pts[i];
        for (int m = 0; m < s->nmodel; m++) {
            csvw_int(w, (long long)c->ids[i]);
            for (int a = 0; a < o->g->naxis; a++)
                csvw_str(w, o->g->axis[a].values[grid_coord(o->g, c->ids[i], a)]);
            if (report_model_fields(w, s, &c->res[i], m, e) < 0 ||
                report_paired_fields(w, s, &c->res[i], m, o->pairs, o->npairs, e) < 0)
                return -1;
            csvw_end(w);
        }
        /* queues far beyond steady state: the CLI warns (as for run) */
        long peak = point_peak(&c->res[i]);
        if (peak > 1000 && peak * 4 > s->incidents)
            o->unsettled++;
        point_free(&c->res[i]);
        scn_destroy(c->pts[i]);
        c->pts[i] = NULL;
    }
    return 0;
}

/* Does a paired difference or a precision target of o need each
 * replication's own quantiles? */
static bool needs_rep_q(const sweep_opts *o)
{
    for (int i = 0; i < o->npairs; i++)
        if (metric_needs_rep_quantiles(o->pairs[i].m))
            return true;
    for (int i = 0; i < o->ntargets; i++)
        if (metric_needs_rep_quantiles(o->targets[i].spec.m))
            return true;
    return false;
}

/* A chunk's buffers: 0, or -1 (out of memory; chunk_free frees what was
 * made). */
static int chunk_init(chunk *c, int cap)
{
    memset(c, 0, sizeof *c);
    c->cap = cap;
    c->ov = malloc((GRID_MAX_AXES + 1) * sizeof *c->ov);
    c->buf = malloc((size_t)GRID_MAX_AXES * 1024);
    c->pts = calloc((size_t)cap, sizeof *c->pts);
    c->res = calloc((size_t)cap, sizeof *c->res);
    c->ids = calloc((size_t)cap, sizeof *c->ids);
    return c->ov && c->buf && c->pts && c->res && c->ids ? 0 : -1;
}

static void chunk_free(chunk *c)
{
    for (int i = 0; c->pts && i < c->cap; i++)
        scn_destroy(c->pts[i]);
    for (int i = 0; c->res && i < c->cap; i++)
        point_free(&c->res[i]);
    free(c->pts);
    free(c->res);
    free(c->ids);
    free(c->ov);
    free(c->buf);
}

/* The serial work between two batches, done by the calling thread while
 * the other workers run the next batch (point_opts.side): write the chunk
 * run before, then load the one after into its buffers.  Each step's
 * outcome is kept, and judged after the batch in the order a run without
 * overlap would have met it: the write, the batch, its precision control,
 * the load.  So the same error is reported, and a failed write loads
 * nothing. */
typedef struct side_work {
    sweep_opts *o;          /* borrowed */
    const scenario *base;   /* borrowed */
    csvw *w;                /* sweep.csv; borrowed */
    chunk *written;         /* to write first, or NULL; borrowed */
    chunk *next;            /* to load into (after writing it); borrowed */
    uint64_t *p;            /* the next grid point to load */
    uint64_t *done, total;  /* points written, of the shard's */
    double t0;              /* when the grid began, for progress */
    bool check;             /* first check every axis value (check_axes) */
    bool ran;               /* side_run was called */
    int crc, wrc, lrc;      /* the check's, the write's and the load's outcome:
                               0 or -1 */
    os_error cerr, werr, lerr;  /* their errors */
} side_work;

/* Write sw->written (if any) and tell progress. */
static void side_write(side_work *sw)
{
    sweep_opts *o = sw->o;
    chunk *c = sw->written;
    if (!c || (sw->wrc = write_chunk(o, sw->w, c, &sw->werr)) < 0)
        return;
    *sw->done += (uint64_t)c->n;
    c->n = 0;
    if (o->progress) {
        /* a chunk is a meaningful step: seconds of work, not microseconds */
        os_progress pr = {.kind = OS_PROGRESS_POINTS, .done = (long long)*sw->done,
                          .total = (long long)sw->total, .elapsed = now_s() - sw->t0};
        o->progress(o->progress_ctx, &pr);
    }
}

/* The axis check, in the buffers of the chunk to load next (which no
 * running task reads), when asked. */
static void side_check(side_work *sw)
{
    if (sw->check)
        sw->crc = check_axes(sw->o, sw->base, sw->next, &sw->cerr);
}

static void side_run(void *ctx)
{
    side_work *sw = ctx;
    sw->ran = true;
    side_check(sw);
    if (sw->crc == 0)
        side_write(sw);
    if (sw->crc == 0 && sw->wrc == 0)
        sw->lrc = load_chunk(sw->o, sw->base, sw->next, sw->p, &sw->lerr);
}

/* The shard's points, chunk by chunk, into sweep.csv.  Two chunks' buffers
 * take turns: while one chunk runs, the other is written and the next
 * loaded into it (side_run), so that deriving points and writing rows,
 * which only the calling thread does, no longer leave the other workers
 * idle between batches (issue 26: -j 2 over -j 1, docs/performance.md).
 * 0, or -1 with e set. */
static int run_chunks(sweep_opts *o, const scenario *base, chunk c[2], side_work *sw,
                      os_error *e)
{
    point_opts po = {.jobs = o->jobs, .rep_quantiles = needs_rep_q(o)};
    int run = 0;            /* c[run]: the chunk to run; c[1 - run]: run, not written */
    /* The first chunk, a point per worker, is loaded while every worker
     * waits: kept small so that they start soon.  The check of every axis
     * value, which comes first in a run without overlap, is side work of
     * the first batch; a failed first load waits for it, so that the
     * check's error is the one reported. */
    int cap = c[run].cap;
    c[run].cap = o->jobs < cap ? (o->jobs > 0 ? o->jobs : 1) : cap;
    int rc = load_chunk(o, base, &c[run], sw->p, e);
    c[run].cap = cap;
    sw->check = true;
    sw->next = &c[1 - run];
    if (rc < 0 || c[run].n == 0) {   /* no batch to do the check (an empty shard) */
        side_check(sw);
        sw->check = false;
        if (sw->crc < 0)
            *e = sw->cerr;
        if (rc < 0 || sw->crc < 0)
            return -1;
    }
    while (c[run].n > 0) {
        chunk *cur = &c[run], *other = &c[1 - run];
        sw->written = other->n > 0 ? other : NULL;
        sw->next = other;
        sw->ran = false;
        sw->crc = sw->wrc = sw->lrc = 0;
        int bad = -1;
        po.failed_point = &bad;
        po.list = cur->list;
        po.side = side_run;
        po.side_ctx = sw;
        int brc = point_run_batch((const scenario *const *)cur->pts, cur->n, &po, cur->res, e);
        po.side = NULL;     /* precision control below runs batches of its own */
        if (!sw->ran) {     /* the batch failed before its workers started */
            side_check(sw);
            if (sw->crc == 0)
                side_write(sw);
        }
        sw->check = false;
        if (sw->crc < 0) {
            *e = sw->cerr;
            return -1;
        }
        if (sw->wrc < 0) {
            *e = sw->werr;
            return -1;
        }
        if (brc < 0) {
            if (bad >= 0 && bad < cur->n)
                name_point(o->g, cur->ids[bad], e);
            return -1;
        }
        for (int i = 0; o->ntargets && i < cur->n; i++)
            if (refine_point(o, base, cur, i, &po, e) < 0) {
                name_point(o->g, cur->ids[i], e);
                return -1;
            }
        if (sw->lrc < 0) {
            *e = sw->lerr;
            return -1;
        }
        run = 1 - run;
    }
    sw->written = &c[1 - run];   /* the last chunk run (none: n = 0) */
    side_write(sw);
    if (sw->wrc < 0) {
        *e = sw->werr;
        return -1;
    }
    return 0;
}

/* The sweep of o, its paired differences given. */
static int run_grid(sweep_opts *o, const scenario *base, os_error *e)
{
    chunk c[2];
    int cap = chunk_size(base, o->jobs);
    bool ok = chunk_init(&c[0], cap) == 0;
    ok = chunk_init(&c[1], cap) == 0 && ok;
    csvw *w = NULL;
    int rc = -1;
    if (!ok) {
        err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
        goto done;
    }
    uint64_t total = 0;
    for (uint64_t p = 0; p < o->g->npoints; p++)
        total += grid_in_shard(p, o->shard_i, o->shard_n);
    if (o->prov && prov_add_scenario(o->prov, base, e) < 0)
        goto done;
    if (!(w = open_sweep_csv(o, base, e)))
        goto done;
    uint64_t done = 0, p = 0;
    side_work sw = {.o = o, .base = base, .w = w, .p = &p, .done = &done, .total = total,
                    .t0 = now_s()};
    if (run_chunks(o, base, c, &sw, e) < 0)
        goto done;
    rc = csvw_commit(w, e);
    w = NULL;
    if (rc == 0)
        rc = report_scenario(base, o->out, e);
    if (rc == 0)
        rc = write_manifest(o, base, e);

done:
    if (w)
        csvw_abort(w);
    chunk_free(&c[0]);
    chunk_free(&c[1]);
    return rc;
}

int sweep_run(sweep_opts *o, os_error *e)
{
    const scenario *base = run_base(o->run);
    /* the headline set unless told */
    metric_spec headline[REPORT_MAX_PAIRS];
    sweep_opts own = *o;
    if (!o->pairs) {
        own.npairs = report_pairs_default(base, headline);
        own.pairs = headline;
    }
    int rc = run_grid(&own, base, e);
    o->unsettled = own.unsettled;
    o->imprecise = own.imprecise;
    return rc;
}
