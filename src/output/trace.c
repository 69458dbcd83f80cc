/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * trace.c — incidents.csv in bounded memory (see trace.h).
 *
 * The reorder ring holds records whose id is ahead of the next one to
 * write, at slot id % cap; it doubles when an id lands cap or more ahead,
 * so its size is about the largest number of incidents in flight at once.
 * Invariant: next is the smallest id not yet written; every held record
 * has id > next.
 *
 * Stamps (trace.h) are formatted with snprintf, one clock reading each by
 * binary search over the reference zone's offset changes: opt-in, so the
 * plain trace keeps its printf-free formatter.
 */
#include "ownsim/trace.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/calendar.h"
#include "ownsim/csvfile.h"
#include "ownsim/outages.h"

#define TRACE_DECIMALS 6

struct trace_part {
    csvw *w;                /* the part's temporary file */
    const scenario *s;      /* names; borrowed */
    int model, rep;         /* what every row says */
    uint64_t next;          /* next id to write */
    inc_record *ring;       /* held records, slot id % cap; owned */
    bool *held;             /* slot occupied */
    uint64_t cap;           /* ring size, a power of two */
    bool stamps;            /* write t_occur_at and resolved_at */
    bool preempted;         /* write preempted (some party preempts) */
    bool levels;            /* write group_escalations (some party escalates
                               to a next support group) */
    int nstage;             /* stage columns: the vendor's too where some
                               category may need one (inc_stage_count) */
    bool major;             /* write major (some category has major incidents) */
    const cal_shift *clock; /* the reference clock when stamps: s's or own */
    cal_shift own;          /* the zone-less clock, when s has no ref_shift */
};

static const char *const head[] = {"rep", "id", "model", "category", "severity",
    "t_occur", "effort"};
static const char *const tail[] = {"ttr", "handoffs", "bounces", "orphaned", "escalated",
    "wasted_effort", "response", "sla_response_breached", "sla_resolve_breached",
    "sla_breached", "downtime_cost", "owner"};

/* Does some party of s preempt?  Then the trace has a column more. */
static bool preempts(const scenario *s)
{
    for (int p = 0; p < s->nparty; p++)
        if (s->party[p].preempt)
            return true;
    return false;
}

/* Does some party of s escalate to a next support group?  Then the trace
 * has a column more. */
static bool has_groups(const scenario *s)
{
    for (int p = 0; p < s->nparty; p++)
        if (scn_next_group(&s->party[p]) >= 0)
            return true;
    return false;
}

trace_part *trace_part_open(const char *path, long task, const scenario *s,
                            int model, int rep, uint64_t first_id, bool stamps,
                            os_error *e)
{
    trace_part *t = calloc(1, sizeof *t);
    char part[1200];
    snprintf(part, sizeof part, "%s.part%ld", path, task);
    if (!t || !(t->w = csvw_open(part, e))) {
        if (!t)
            err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
        free(t);
        return NULL;
    }
    t->s = s;
    t->model = model;
    t->rep = rep;
    t->next = first_id;
    t->stamps = stamps;
    t->preempted = preempts(s);
    t->levels = has_groups(s);
    t->nstage = inc_stage_count(scn_has_vendors(s));
    t->major = scn_has_major(s);
    if (stamps)
        t->clock = outlist_clock(s, &t->own);
    return t;
}

/* The stamp of minute x: empty when x has none (not finite). */
static void stamp(trace_part *t, double x)
{
    cal_wall wall;
    char buf[CAL_WALL_TEXT];
    if (cal_wall_at(t->clock, x, &wall) < 0)
        buf[0] = '\0';
    else
        cal_format_wall(&wall, buf, sizeof buf);
    csvw_str(t->w, buf);
}

static void write_row(trace_part *t, const inc_record *r)
{
    const scenario *s = t->s;
    csvw *w = t->w;
    csvw_int(w, t->rep);
    csvw_int(w, (long long)r->id);
    csvw_str(w, s->model[t->model].name);
    csvw_str(w, s->cat[r->category].name);
    csvw_str(w, s->sev[r->severity].name);
    csvw_fixed(w, r->t_occur, TRACE_DECIMALS);
    if (t->stamps)
        stamp(t, r->t_occur);
    csvw_fixed(w, r->effort, TRACE_DECIMALS);
    for (int st = 0; st < t->nstage; st++)
        csvw_fixed(w, r->stage[st], TRACE_DECIMALS);
    csvw_fixed(w, r->ttr, TRACE_DECIMALS);
    if (t->stamps)
        stamp(t, r->t_occur + r->ttr);
    csvw_int(w, r->handoffs);
    csvw_int(w, r->bounces);
    csvw_int(w, r->orphaned);
    csvw_int(w, r->escalated);
    csvw_fixed(w, r->wasted_effort, TRACE_DECIMALS);
    csvw_fixed(w, r->response, TRACE_DECIMALS);
    csvw_int(w, r->sla_response_breached);
    csvw_int(w, r->sla_resolve_breached);
    csvw_int(w, r->sla_breached);
    csvw_fixed(w, r->downtime_cost, TRACE_DECIMALS);
    csvw_str(w, s->party[r->owner].name);
    if (t->preempted)
        csvw_int(w, r->preempted);
    if (t->levels)
        csvw_int(w, r->levels);
    if (t->major)
        csvw_int(w, r->major == INC_MAJOR);
    csvw_end(w);
}

/* Make room for ids up to `id`: double the ring, re-seating held records. */
static int grow(trace_part *t, uint64_t id)
{
    uint64_t cap = t->cap ? t->cap : 64;
    while (id - t->next >= cap)
        cap *= 2;
    inc_record *ring = malloc(cap * sizeof *ring);
    bool *held = calloc(cap, sizeof *held);
    if (!ring || !held) {
        free(ring);
        free(held);
        return -1;
    }
    for (uint64_t i = 0; i < t->cap; i++)
        if (t->held[i]) {
            uint64_t slot = t->ring[i].id & (cap - 1);
            ring[slot] = t->ring[i];
            held[slot] = true;
        }
    free(t->ring);
    free(t->held);
    t->ring = ring;
    t->held = held;
    t->cap = cap;
    return 0;
}

int trace_part_add(trace_part *t, const inc_record *r)
{
    if (r->id != t->next) {
        if (r->id - t->next >= t->cap && grow(t, r->id) < 0)
            return -1;
        uint64_t slot = r->id & (t->cap - 1);
        t->ring[slot] = *r;
        t->held[slot] = true;
        return 0;
    }
    write_row(t, r);
    t->next++;
    /* then every held record that is now next */
    while (t->cap) {
        uint64_t slot = t->next & (t->cap - 1);
        if (!t->held[slot] || t->ring[slot].id != t->next)
            break;
        write_row(t, &t->ring[slot]);
        t->held[slot] = false;
        t->next++;
    }
    return 0;
}

static void part_free(trace_part *t)
{
    free(t->ring);
    free(t->held);
    free(t);
}

void trace_part_abort(trace_part *t)
{
    if (!t)
        return;
    csvw_abort(t->w);
    part_free(t);
}

struct trace_file {
    csvw *w;                /* the final file's temporary */
};

trace_file *trace_open(const char *path, const scenario *s, bool stamps, os_error *e)
{
    trace_file *f = calloc(1, sizeof *f);
    if (!f || !(f->w = csvw_open(path, e))) {
        if (!f)
            err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
        free(f);
        return NULL;
    }
    for (size_t k = 0; k < sizeof head / sizeof *head; k++) {
        csvw_str(f->w, head[k]);
        if (stamps && !strcmp(head[k], "t_occur"))
            csvw_str(f->w, "t_occur_at");
    }
    for (int st = 0, n = inc_stage_count(scn_has_vendors(s)); st < n; st++)
        csvw_str(f->w, inc_stage_names[st]);
    for (size_t k = 0; k < sizeof tail / sizeof *tail; k++) {
        csvw_str(f->w, tail[k]);
        if (stamps && !strcmp(tail[k], "ttr"))
            csvw_str(f->w, "resolved_at");
    }
    if (preempts(s))
        csvw_str(f->w, "preempted");
    if (has_groups(s))
        csvw_str(f->w, "group_escalations");
    if (scn_has_major(s))
        csvw_str(f->w, "major");
    csvw_end(f->w);
    return f;
}

int trace_append(trace_file *f, trace_part *t, os_error *e)
{
    bool gap = false;
    for (uint64_t k = 0; k < t->cap; k++)
        gap |= t->held[k];
    int rc;
    if (gap) {
        csvw_abort(t->w);
        rc = err_set(e, OS_ERR_ENV, "", 0, "", "internal error: a trace part has a gap");
    } else {
        rc = csvw_splice(f->w, t->w, e);
    }
    part_free(t);
    return rc;
}

int trace_commit(trace_file *f, os_error *e)
{
    int rc = csvw_commit(f->w, e);
    free(f);
    return rc;
}

void trace_abort(trace_file *f)
{
    if (!f)
        return;
    csvw_abort(f->w);
    free(f);
}
