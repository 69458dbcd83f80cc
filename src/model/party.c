/*
 * party.c — one party's resources under one model (see party.h).
 *
 * Design.  A party is what incidents meet when they need a worker: a queue
 * per severity, `capacity` identical workers, and the hours it keeps.  The
 * replay asks it three things — may you work on this severity now
 * (party_covers, the one spelling of that rule), which waiting item do you
 * start next (party_pick), and when do you open (party_next_open) — and
 * hands it the work to do (party_start), which the party schedules on the
 * engine itself, keeping the completion event's handle beside the worker so
 * that work in hand can be taken back (party_preempt).  Its hours are read
 * only here, through p->cal: today every party points at the scenario's one
 * calendar; a schedule of its own is a different pointer.
 *
 * Invariants.
 *  - Coverage: party_covers(p, v, t) is PARTY_OPEN when p is 24x7 or its
 *    calendar is open at t, else PARTY_ONCALL when v is on call, else
 *    PARTY_CLOSED.  party_pick, party_closed_minutes and party_next_open
 *    agree with it: pick starts only what it covers, closed minutes are the
 *    measure of the times it says PARTY_CLOSED, and a waiting item it
 *    refuses now becomes startable at party_next_open.
 *  - Queues: q[v] holds the items waiting at severity v in the order they
 *    were pushed, linked through the caller's link[]; `queued` is the sum
 *    of their lengths.  An item is in at most one queue (of all the parties
 *    that share a link array) and never both queued and in hand.
 *  - Order of service: the first severity in priority order that has an
 *    item and that p covers now, and within it the oldest item (first in,
 *    first out).  Non-preemptive unless the caller preempts.
 *  - Workers: busy == the number of worker slots with an item in hand, <=
 *    capacity; every slot in hand has its completion event pending in the
 *    engine under `done` until party_done or party_preempt frees it; the
 *    free slots are idle[busy .. nworker), so taking one is idle[busy++] and
 *    freeing one is idle[--busy]; which slot a worker gets never changes a
 *    result (workers are identical).
 *  - Wake-up: `wake` is nonzero exactly while a wake-up event at the
 *    party's next opening is pending (set by party_wake_later, cleared by
 *    party_woken from that event's handler, or by party_reset).
 *  - Memory: worker slots are allocated at party_init (up to 16) and double
 *    only when more workers are busy at once than ever before, up to
 *    capacity; nothing else allocates.  No allocation per event in the
 *    steady state.
 *
 * Costs.  party_push, party_done, party_woken: O(1).  party_pick: O(nsev)
 * queue heads looked at and one calendar test per severity that has items
 * (O(1) each, calendar.h), stopping at the first it may start.
 * party_covers, party_next_open, party_closed_minutes: one O(1) calendar
 * call at most.  party_start, party_preempt, party_wake_later: one engine
 * schedule or cancel, O(log pending events), plus, in party_start past the
 * peak, an O(capacity) amortised growth.  party_reset: O(slots allocated).
 */
#include "party.h"

#include <math.h>
#include <stdlib.h>

#define FIRST_WORKERS 16u   /* worker slots allocated at party_init, at most */

/* Slots [from, to) free, on the idle stack at positions [from, to): the
 * stack's extent when every slot below `from` is busy (growth) or when
 * from == 0 (reset). */
static void free_slots(party *p, uint32_t from, uint32_t to)
{
    for (uint32_t w = from; w < to; w++) {
        p->worker[w].done = 0;
        p->worker[w].item = PARTY_NONE;
        p->idle[w] = w;
    }
}

/* Worker slots up to `want` (capacity at most).  0 or SIM_ENOMEM. */
static int grow(party *p, uint32_t want)
{
    uint32_t cap = (uint32_t)p->capacity;
    if (want > cap)
        want = cap;
    if (want <= p->nworker)
        return 0;
    party_worker *w = realloc(p->worker, (size_t)want * sizeof *w);
    if (!w)
        return SIM_ENOMEM;
    p->worker = w;      /* kept even if idle[] cannot follow: nworker says */
    uint32_t *idle = realloc(p->idle, (size_t)want * sizeof *idle);
    if (!idle)
        return SIM_ENOMEM;
    p->idle = idle;
    free_slots(p, p->nworker, want);
    p->nworker = want;
    return 0;
}

int party_init(party *p, int capacity, int nsev, const cal_hours *cal,
               bool always_on, unsigned oncall)
{
    *p = (party){.cal = cal, .always_on = always_on, .oncall = oncall,
                 .nsev = nsev, .capacity = capacity > 0 ? capacity : 0};
    for (int v = 0; v < SCN_MAX_SEV; v++)
        p->q[v].head = p->q[v].tail = PARTY_NONE;
    if (grow(p, FIRST_WORKERS) < 0) {
        party_free(p);
        return SIM_ENOMEM;
    }
    return 0;
}

void party_free(party *p)
{
    free(p->worker);
    free(p->idle);
    p->worker = NULL;
    p->idle = NULL;
    p->nworker = 0;
}

void party_reset(party *p)
{
    p->busy = 0;
    p->queued = 0;
    p->wake = 0;
    for (int v = 0; v < SCN_MAX_SEV; v++)
        p->q[v].head = p->q[v].tail = PARTY_NONE;
    free_slots(p, 0, p->nworker);
}

/* ---- the party's time ---------------------------------------------------- */

double party_next_open(const party *p, double t)
{
    return p->always_on ? t : cal_next_open(p->cal, t);
}

double party_closed_minutes(const party *p, int sev, double a, double b)
{
    /* never PARTY_CLOSED for a 24x7 party or an on-call severity */
    if (p->always_on || ((p->oncall >> sev) & 1u) || !(b > a))
        return 0.0;
    return cal_closed_minutes(p->cal, a, b);
}

/* ---- queues and workers -------------------------------------------------- */

void party_push(party *p, uint32_t *link, int sev, uint32_t item)
{
    party_fifo *q = &p->q[sev];
    link[item] = PARTY_NONE;
    if (q->tail == PARTY_NONE)
        q->head = item;
    else
        link[q->tail] = item;
    q->tail = item;
    p->queued++;
}

uint32_t party_pick(party *p, uint32_t *link, double now)
{
    if (!party_idle(p) || p->queued == 0)
        return PARTY_NONE;
    for (int v = 0; v < p->nsev; v++) {
        party_fifo *q = &p->q[v];
        if (q->head != PARTY_NONE && party_covers(p, v, now)) {
            uint32_t item = q->head;
            q->head = link[item];
            if (q->head == PARTY_NONE)
                q->tail = PARTY_NONE;
            p->queued--;
            return item;
        }
    }
    return PARTY_NONE;
}

int party_start(party *p, sim_engine *e, uint32_t item, double t_done, int prio,
                sim_handler fn, void *ctx)
{
    uint32_t busy = (uint32_t)p->busy;
    if (busy == p->nworker && (grow(p, 2 * busy) < 0 || busy == p->nworker))
        return SIM_ENOMEM;
    uint32_t w = p->idle[busy];
    party_worker *wk = &p->worker[w];
    int rc = sim_schedule(e, t_done, prio, fn, ctx, (uint64_t)w << 32 | item, &wk->done);
    if (rc < 0)
        return rc;
    wk->item = item;
    p->busy++;
    return 0;
}

void party_done(party *p, uint32_t worker)
{
    /* the handle goes stale by itself: the engine released its slot */
    p->idle[--p->busy] = worker;
}

uint32_t party_preempt(party *p, sim_engine *e, uint32_t worker)
{
    /* a free worker's handle is 0 or stale, and the engine refuses it */
    if (worker >= p->nworker || sim_cancel(e, p->worker[worker].done) < 0)
        return PARTY_NONE;
    party_done(p, worker);
    return p->worker[worker].item;
}

int party_wake_later(party *p, sim_engine *e, double now, int prio,
                     sim_handler fn, void *ctx, uint64_t arg)
{
    if (!party_idle(p) || p->queued == 0 || p->wake)
        return 0;
    return sim_schedule(e, party_next_open(p, now), prio, fn, ctx, arg, &p->wake);
}
