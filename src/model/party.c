/*
 * party.c — one party's resources under one model (see party.h).
 *
 * Design.  A party is what incidents meet when they need a worker: a queue
 * per severity, `capacity` identical workers, and the hours it keeps.  The
 * replay asks it three things — may you work on this severity now
 * (party_covers, the one spelling of that rule), which waiting ticket do
 * you start next (party_pick), and when do you open (party_next_open) —
 * and hands it work (party_start).  Each worker keeps the handle of its
 * completion event, so that work in hand can be taken back
 * (party_preempt); the replay schedules the events through its one
 * scheduling function, where the event list's push inlines (that is worth
 * 1% of the default scenario's CPU time), and stores the handles where the
 * party says.  The party's hours are read only here and in party_covers,
 * through p->cal: today every party points at the scenario's one calendar,
 * and a schedule of its own would be another pointer.
 *
 * Invariants.
 *  - Coverage: party_covers(p, v, t) is PARTY_OPEN when p is 24x7 or its
 *    calendar is open at t, else PARTY_ONCALL when v is on call, else
 *    PARTY_CLOSED.  The rest agrees with it: party_pick starts only what
 *    it covers, party_closed_minutes measures the times it says
 *    PARTY_CLOSED, and what it refuses now it covers at party_next_open.
 *  - Queues: q[v] holds the items waiting at severity v in the order they
 *    were pushed, linked through the caller's link[]; `queued` is the sum
 *    of their lengths.  An item is in at most one queue (of all the parties
 *    that share a link array) and never both queued and in hand.
 *  - Order of service: the oldest item of the first severity, in priority
 *    order, that has items and that p covers now.  Work in hand runs to
 *    completion unless the caller preempts it.
 *  - Workers: busy is the number of worker slots with an item in hand,
 *    <= capacity; the free slots are idle[busy .. nworker), so taking one
 *    is idle[busy++] and freeing one is idle[--busy].  A slot in hand has
 *    its completion event pending under `done` (the caller's part of
 *    party_start) until party_done or party_preempt frees it; a free slot's
 *    `done` is 0 or stale, which sim_cancel refuses.  Which slot a worker
 *    gets never changes a result: workers are identical.
 *  - Wake-up: `wake` is nonzero exactly while a wake-up at the party's
 *    next opening is pending (stored by the caller, cleared by party_woken
 *    when it runs, or by party_reset).
 *  - Memory: worker slots are allocated by party_init (up to 16) and double
 *    only when more workers are busy at once than ever before, up to
 *    capacity; nothing else allocates.  No allocation per event in the
 *    steady state.
 *
 * Costs.  party_covers, party_next_open, party_closed_minutes: at most one
 * calendar call, O(1) (calendar.h).  party_push, party_start, party_done,
 * party_wants_wake, party_woken: O(1), plus in party_start, past the peak,
 * an amortised O(1) growth.  party_pick: O(nsev) queue heads and at most
 * one calendar test per severity with items, stopping at the first it may
 * start.  party_preempt: one sim_cancel, O(log pending events).
 * party_reset: O(slots allocated).
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

uint32_t party_start(party *p, uint32_t item)
{
    uint32_t busy = (uint32_t)p->busy;
    if (busy == p->nworker && (grow(p, 2 * busy) < 0 || busy == p->nworker))
        return PARTY_NONE;
    uint32_t w = p->idle[busy];
    p->worker[w].item = item;
    p->busy++;
    return w;
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

