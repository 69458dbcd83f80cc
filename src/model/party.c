/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * party.c — one party's resources under one model (see party.h).
 *
 * Design.  A party is what incidents meet when they need a worker: a queue
 * per severity, `capacity` identical workers, and the hours it keeps.  The
 * replay asks it three things — may you work on this severity now
 * (party_covers, the one spelling of that rule), which waiting ticket do
 * you start next (party_pick), and when do you open (party_next_open) —
 * and hands it work (party_start).  The work in its hands carries the
 * handle of its completion event, so that it can be taken back
 * (party_preempt).  The party's hours are read only here and in
 * party_covers, through p->cal: the party's own schedule in the scenario
 * (the calendar's hours, or the union of its sites' schedules).
 *
 * Per item the party needs a queue link and, while the item is in hand, a
 * handle: both live in the caller's party_item array, beside the caller's
 * own records of the items, so that queueing and starting work allocate
 * nothing and touch no table of the party's.  The replay schedules the
 * events through its one scheduling function (where the event list's push
 * inlines) and stores the handles where the party says.  Workers are
 * identical, so the party counts them rather than naming them: which
 * worker took an item never changes a result.  (A table of named workers,
 * with a free stack, cost 3% of the M/M/c benchmark's CPU time.)
 *
 * After hours (docs/model.md §4.6, §4.8).  Without on-call engineers of
 * its own (oncall_cap < 0) one pool of `capacity` workers does everything,
 * on-call severities at any hour.  With them, two pools: the daytime
 * workers start work while the party is open, the on-call engineers while
 * it is closed (on-call severities only); each item in hand remembers its
 * pool (party_item.oncall), so on-call work runs past opening on its
 * engineer.  Since who is on duty changes at the party's openings and
 * closings with no work ending, party_wake_time also answers closing
 * times.  A party that pauses at closing does so without events: the end
 * of a job is found on the calendar when it starts (party_work_end), the
 * job keeping its worker while paused.  With on-call engineers of its own
 * every closed minute of a wait is after hours (party_closed_minutes).
 *
 * Preemption (docs/model.md §4.9).  A party whose `preempt` is set keeps
 * the items in its hands in a list, in the order started, through the
 * caller's party_link array (party_hand_add, party_hand_remove), so that
 * party_victim can name the job a waiting ticket interrupts: the lowest
 * severity below the ticket's in the hands of the pool on duty, of equals
 * the one started last.  The caller takes it back (party_preempt), charges
 * it and puts it at the front of its queue (party_push_front).  A party
 * without the key keeps no list: party_item is what it was, and the
 * common path pays one test (the caller's: a preempting party takes the
 * general path, after_hours).
 *
 * A support group that escalates (docs/model.md §4.10) is a party like any
 * other; party_set_general only sends its starts and ends through the
 * general path, where the replay decides its sessions.
 *
 * Invariants.
 *  - Coverage: party_covers(p, v, t) is PARTY_OPEN when p is 24x7 or its
 *    calendar is open at t, else PARTY_ONCALL when v is on call, else
 *    PARTY_CLOSED.  The rest agrees with it: party_pick starts only what
 *    it covers, party_closed_minutes measures the times it says
 *    PARTY_CLOSED, and what it refuses now it covers at party_next_open.
 *  - Queues: q[v] holds the items waiting at severity v in the order they
 *    were pushed, linked through items[].next; `queued` is the sum of their
 *    lengths.  An item is in at most one queue or hand (of all the parties
 *    sharing an items array), never both.
 *  - Order of service: the oldest item of the first severity, in priority
 *    order, that has items and that p covers now (with on-call engineers
 *    of its own: that the pool on duty now may take, and has one free).  Work in hand runs to
 *    completion unless the caller preempts it.
 *  - Hand (preempt only): from `hand` back through links[].prev, exactly
 *    the items in p's hands, both pools, latest started (or resumed)
 *    first; links[i].sev is item i's severity while it is listed.
 *  - Work in hand: busy is the number of items in p's hand, <= capacity
 *    (callers start work only when party_idle); each has its completion
 *    event pending under items[i].done (the caller's part of party_start)
 *    until party_done or party_preempt.  With on-call engineers of its
 *    own, oncall_busy <= oncall_cap likewise counts the items in their
 *    hands (items[i].oncall set), busy the rest.
 *  - Wake-up: `wake` is nonzero exactly while a wake-up at the party's
 *    next opening is pending (stored by the caller, cleared by party_woken
 *    when it runs, or by party_reset).
 *  - Memory: none of its own; the caller's items array grows with its
 *    pool.  No allocation, per event or otherwise.
 *
 * Costs.  party_covers, party_next_open, party_closed_minutes: at most one
 * calendar call, O(1) (calendar.h).  party_push, party_start, party_done,
 * party_wants_wake, party_woken: O(1).  party_pick: O(nsev) queue heads and
 * at most one calendar test per severity with items, stopping at the first
 * it may start.  party_preempt: one sim_cancel, O(log pending events).
 * party_hand_add, party_hand_remove, party_push_front: O(1).
 * party_victim: O(nsev) queue heads, one calendar test, O(items in hand).
 * party_init, party_reset: O(SCN_MAX_SEV).
 */
#include "party.h"

#include <math.h>

void party_init(party *p, int capacity, int nsev, const cal_sched *cal, bool always_on,
                unsigned oncall)
{
    *p = (party){.cal = cal, .always_on = always_on, .oncall = oncall, .nsev = nsev,
                 .capacity = capacity > 0 ? capacity : 0, .oncall_cap = -1};
    party_reset(p);
}

void party_set_sites(party *p, const cal_sites *sites)
{
    p->sites = sites;
}

void party_set_after_hours(party *p, int oncall_staff, bool pause)
{
    if (p->always_on)   /* never closed: neither key means anything */
        oncall_staff = -1, pause = false;
    p->oncall_cap = oncall_staff >= 0 ? oncall_staff : -1;
    p->pause = pause;
    p->after_hours = pause || oncall_staff >= 0 || p->preempt;
}

void party_set_general(party *p)
{
    p->after_hours = true;
}

void party_set_preempt(party *p, unsigned mask)
{
    p->preempt = (uint8_t)mask;
    if (mask)
        p->after_hours = true;
}

void party_reset(party *p)
{
    p->hand = PARTY_NONE;
    p->busy = 0;
    p->oncall_busy = 0;
    p->queued = 0;
    p->wake = 0;
    for (int v = 0; v < SCN_MAX_SEV; v++)
        p->q[v].head = p->q[v].tail = PARTY_NONE;
}

/* ---- the party's time ---------------------------------------------------- */

double party_next_open(const party *p, double t)
{
    if (p->always_on)
        return t;
    return p->sites ? cal_sites_next_open(p->sites, t) : cal_sched_next_open(p->cal, t);
}

double party_closed_minutes(const party *p, int sev, double a, double b)
{
    /* the measure of party_covers' PARTY_CLOSED, which the calendar
     * decides only for a business-hours party on a severity not on call;
     * with on-call engineers of its own, every closed minute (a call-out
     * waiting for a busy on-call engineer waits after hours) */
    if (p->always_on || (p->oncall_cap < 0 && ((p->oncall >> sev) & 1u)) || !(b > a))
        return 0.0;
    return p->sites ? cal_sites_closed_minutes(p->sites, a, b)
                    : cal_sched_closed_minutes(p->cal, a, b);
}

/* Is p open at t (24x7, or its hours)?  As party_covers says, for any
 * severity. */
static bool is_open(const party *p, double t)
{
    return party_covers(p, 0, t) == PARTY_OPEN;
}

/* The first time >= t at which p is closed (INFINITY: never again). */
static double next_close(const party *p, double t)
{
    if (p->always_on)
        return INFINITY;
    return p->sites ? cal_sites_next_close(p->sites, t) : cal_sched_next_close(p->cal, t);
}

double party_work_end(const party *p, int sev, double now, double session, double *paused)
{
    *paused = 0.0;
    if (!p->pause || p->always_on || ((p->oncall >> sev) & 1u))
        return now + session;
    /* t is open: work on to the end of its open stretch, then from the
     * next opening; `left` minutes of work remain */
    double t = now, left = session, gap = 0.0;
    for (;;) {
        if (!p->sites) {
            /* whole weeks at once: from an open t, every week holds
             * open_week open minutes of a weekly schedule */
            double ow = p->cal->open_week;
            double weeks = ow > 0.0 ? floor(left / ow) - 1.0 : 0.0;
            if (weeks >= 1.0) {
                t += weeks * CAL_MIN_PER_WEEK;
                left -= weeks * ow;
                gap += weeks * (CAL_MIN_PER_WEEK - ow);
            }
        }
        double c = next_close(p, t);
        if (t + left <= c || !(c > t))   /* done before closing (or t not open) */
            break;
        left -= c - t;
        double o = party_next_open(p, c);
        gap += o - c;
        t = o;
        if (!isfinite(t))
            break;
    }
    *paused = gap;
    return t + left;
}

double party_wake_time(const party *p, double now)
{
    if (p->oncall_cap < 0)
        return party_next_open(p, now);
    if (!is_open(p, now)) {
        /* closed: the daytime workers come at the next opening */
        return party_idle(p) ? party_next_open(p, now) : NAN;
    }
    /* open: the on-call engineers take over at closing, if one is free
     * and a call-out waits */
    if (p->oncall_busy >= p->oncall_cap)
        return NAN;
    for (int v = 0; v < p->nsev; v++)
        if (p->q[v].head != PARTY_NONE && ((p->oncall >> v) & 1u)) {
            double c = next_close(p, now);
            return isfinite(c) ? c : NAN;   /* hours that never close */
        }
    return NAN;
}

/* ---- queues and work in hand --------------------------------------------- */

void party_push(party *p, party_item *items, int sev, uint32_t item)
{
    party_fifo *q = &p->q[sev];
    items[item].next = PARTY_NONE;
    if (q->tail == PARTY_NONE)
        q->head = item;
    else
        items[q->tail].next = item;
    q->tail = item;
    p->queued++;
}

/* The head of q[v], taken off. */
static uint32_t take(party *p, party_item *items, int v)
{
    party_fifo *q = &p->q[v];
    uint32_t item = q->head;
    q->head = items[item].next;
    if (q->head == PARTY_NONE)
        q->tail = PARTY_NONE;
    p->queued--;
    return item;
}

/* party_pick with on-call engineers of its own: the workers on duty. */
__attribute__((noinline)) static uint32_t pick_on_duty(party *p, party_item *items, double now)
{
    if (p->queued == 0)
        return PARTY_NONE;
    bool open = is_open(p, now);
    if (open ? p->busy >= p->capacity : p->oncall_busy >= p->oncall_cap)
        return PARTY_NONE;
    unsigned may = open ? ~0u : p->oncall;
    for (int v = 0; v < p->nsev; v++)
        if (p->q[v].head != PARTY_NONE && ((may >> v) & 1u))
            return take(p, items, v);
    return PARTY_NONE;
}

void party_push_front(party *p, party_item *items, int sev, uint32_t item)
{
    party_fifo *q = &p->q[sev];
    items[item].next = q->head;
    if (q->head == PARTY_NONE)
        q->tail = item;
    q->head = item;
    p->queued++;
}

uint32_t party_pick(party *p, party_item *items, double now)
{
    if (p->oncall_cap >= 0)
        return pick_on_duty(p, items, now);
    return party_pick_shared(p, items, now);
}

uint32_t party_pick_shared(party *p, party_item *items, double now)
{
    if (!party_idle(p) || p->queued == 0)
        return PARTY_NONE;
    for (int v = 0; v < p->nsev; v++) {
        party_fifo *q = &p->q[v];
        if (q->head != PARTY_NONE && party_covers(p, v, now))
            return take(p, items, v);
    }
    return PARTY_NONE;
}

void party_hand_remove(party *p, party_link *links, uint32_t item)
{
    uint32_t a = links[item].prev, b = links[item].next;
    if (a != PARTY_NONE)
        links[a].next = b;
    if (b == PARTY_NONE)
        p->hand = a;
    else
        links[b].prev = a;
}

uint32_t party_victim(const party *p, const party_item *items, const party_link *links,
                      double now)
{
    if (!p->preempt || p->queued == 0)
        return PARTY_NONE;
    /* the pool on duty, and what it may take: as party_pick */
    bool own = p->oncall_cap >= 0, open = is_open(p, now), night = own && !open;
    unsigned may = open ? ~0u : p->oncall;
    int v = 0;
    while (v < p->nsev && !(p->q[v].head != PARTY_NONE && ((may >> v) & 1u)))
        v++;
    if (v == p->nsev || !((p->preempt >> v) & 1u))
        return PARTY_NONE;
    if (night ? p->oncall_busy < p->oncall_cap : p->busy < p->capacity)
        return PARTY_NONE;   /* a worker is free: party_pick's, not ours */
    /* from the last started back: the first of the lowest severity wins */
    uint32_t best = PARTY_NONE;
    int low = v;
    for (uint32_t i = p->hand; i != PARTY_NONE && low < p->nsev - 1; i = links[i].prev)
        if (links[i].sev > low && (!own || items[i].oncall == night)) {
            best = i;
            low = links[i].sev;
        }
    return best;
}

int party_preempt(party *p, sim_engine *e, party_item *items, uint32_t item)
{
    /* the engine refuses a handle whose event ran or was cancelled */
    if (sim_cancel(e, items[item].done) < 0)
        return -1;
    party_done(p, items, item);
    return 0;
}
