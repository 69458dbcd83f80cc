/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * party.h — one party's resources under one ownership model: its work
 * queues, the work in its workers' hands with the handle of each
 * completion event, when it may work, and its calendar.
 *
 * Private to the model layer: replay.c keeps one per party inside the
 * replay, and tests/unit/test_party.c drives it directly.  The design, the
 * invariants and the cost of each operation are at the top of party.c.
 *
 * Items are the caller's, named by uint32_t index.  What a party keeps per
 * item lives in the caller's array of party_item, one entry per item,
 * shared by all the parties: an item is in at most one party's queue or
 * hand at a time.  The caller schedules the party's events on its engine
 * and stores their handles where the party says (party_start's answer, the
 * party's `wake`); the party cancels by handle itself (party_preempt).
 */
#ifndef OWNSIM_MODEL_PARTY_H
#define OWNSIM_MODEL_PARTY_H

#include <stdbool.h>
#include <stdint.h>

#include "ownsim/calendar.h"
#include "ownsim/engine.h"
#include "ownsim/scenario.h"

#define PARTY_NONE UINT32_MAX   /* no item: the end of a queue, "nothing" */

/* May a party work on a severity at a time, and how.  PARTY_CLOSED is 0, so
 * the answer reads as "may it work now" in a condition. */
typedef enum party_cover {
    PARTY_CLOSED = 0,     /* no: wait for its next opening (party_next_open) */
    PARTY_OPEN,           /* yes, staffed: 24x7, or within its business hours */
    PARTY_ONCALL          /* yes, after hours by a call-out: the severity is on call */
} party_cover;

/* What a party keeps of one item, in the caller's array. */
typedef struct party_item {
    sim_handle done;      /* completion event while in a party's hand; 0 or
                             stale otherwise (the engine refuses those) */
    uint32_t next;        /* the item after it in its queue; the caller's to
                             use while the item is in no queue */
    bool oncall;          /* in the hand of an on-call engineer of its own, not
                             of a daytime worker; written by party_start of a
                             party with on-call engineers of its own only */
} party_item;

/* What a preempting party keeps of an item in its hand, in a second array
 * of the caller's, one entry per item, which only a caller with a
 * preempting party needs (party_item stays as small as it was). */
typedef struct party_link {
    uint32_t next;        /* the item started after it in the same hand
                             (PARTY_NONE: the last) */
    uint32_t prev;        /* the item started before it (PARTY_NONE: the first) */
    int sev;              /* its severity */
} party_link;

typedef struct party_fifo {
    uint32_t head, tail;  /* first and last item waiting, PARTY_NONE when empty */
} party_fifo;

typedef struct party {
    const cal_sched *cal; /* its business hours; borrowed, must outlive it */
    const cal_sites *sites; /* in a zoned scenario its sites' hours instead of cal;
                               NULL otherwise; borrowed */
    bool always_on;       /* staffed 24x7: the calendar never stops it */
    bool pause;           /* at_close = pause: daytime work on a severity not on
                             call stops at closing, goes on at the next opening */
    bool after_hours;     /* pause, on-call engineers of its own, or preempt:
                             starting and ending work take the general path
                             (more than the shared pool's "now") */
    uint8_t preempt;      /* bit v: a waiting item of severity v interrupts
                             lower-severity work in hand (party_victim); 0:
                             never.  A byte, so that the party stays 128
                             bytes (replay.c's party_slot) */
    unsigned oncall;      /* bit v: severity v is worked after hours by a call-out */
    int nsev;             /* severities, in priority order (queues q[0 .. nsev)) */
    int capacity;         /* daytime workers under this model (all its workers
                             when oncall_cap < 0) */
    int busy;             /* daytime workers with an item in hand */
    int oncall_cap;       /* on-call engineers of its own, who alone start work
                             while it is closed; -1: none of its own, the
                             `capacity` workers answer call-outs too (shared) */
    int oncall_busy;      /* on-call engineers with an item in hand */
    uint32_t hand;        /* preempt only: the item in hand (both pools)
                             started last, PARTY_NONE for none; the others
                             before it through the caller's party_link array */
    long queued;          /* items waiting, all severities */
    sim_handle wake;      /* wake-up at its next opening, pending while nonzero */
    party_fifo q[SCN_MAX_SEV]; /* items waiting per severity, first in first out */
} party;

_Static_assert(SCN_MAX_SEV <= 8, "party.preempt holds a bit per severity");

/* A party of `capacity` workers (0 or more) and `nsev` severities (1 ..
 * SCN_MAX_SEV) keeping the hours of cal (borrowed), around the clock when
 * always_on, else after hours only on the severities of the oncall mask
 * (bit v: severity v).  Starts with nothing waiting or in hand.  A party
 * owns no memory: there is nothing to free. */
void party_init(party *p, int capacity, int nsev, const cal_sched *cal, bool always_on,
                unsigned oncall);

/* Keep the hours of sites (borrowed) instead of cal: a zoned scenario. */
void party_set_sites(party *p, const cal_sites *sites);

/* After hours: oncall_staff on-call engineers of its own (>= 0), apart from
 * its daytime workers, or -1 for none of its own (the daytime workers
 * answer call-outs: the shared pool of old); pause: at_close = pause.
 * Ignored by a 24x7 party (call after party_init). */
void party_set_after_hours(party *p, int oncall_staff, bool pause);

/* Severities (bit v: severity v) whose waiting items interrupt work in
 * hand of a lower severity (party_victim); 0 = none, the default.  A
 * preempting party keeps the items in hand in a list (party_hand_add), and
 * takes the general path (after_hours).  Call after
 * party_set_after_hours. */
void party_set_preempt(party *p, unsigned mask);

/* Starting and ending work take the general path (after_hours) whatever
 * the party's hours: a support group that escalates (replay.c decides its
 * sessions there).  Call after party_set_after_hours. */
void party_set_general(party *p);

/* Nothing waiting, nothing in hand, no wake-up pending: for a fresh
 * replication, once the engine that held its events has been reset. */
void party_reset(party *p);

/* ---- the party's time: availability and calendar ------------------------ */

/* THE availability test: may p work on severity sev at time t, and how.
 * Every decision whether a party may work now is this call.  Defined here
 * so that it inlines: the replay asks it for every ticket that reaches a
 * party and at every pick; one calendar call site keeps cal_sched_is_open
 * inlined too. */
static inline party_cover party_covers(const party *p, int sev, double t)
{
    if (p->always_on)
        return PARTY_OPEN;
    party_cover closed = (p->oncall >> sev) & 1u ? PARTY_ONCALL : PARTY_CLOSED;
    bool open = p->sites ? cal_sites_is_open(p->sites, t) : cal_sched_is_open(p->cal, t);
    return open ? PARTY_OPEN : closed;
}

/* The first time >= t at which p is open: t when it is 24x7 or open at t,
 * INFINITY when it keeps business hours and its calendar never opens. */
double party_next_open(const party *p, double t);

/* The minutes of [a, b) at which party_covers(p, sev, .) is PARTY_CLOSED
 * (0 when b <= a). */
double party_closed_minutes(const party *p, int sev, double a, double b);

/* ---- queues ------------------------------------------------------------- */

/* Items waiting, all severities. */
static inline long party_waiting(const party *p)
{
    return p->queued;
}

/* Is a daytime worker free (any worker, in a shared pool)? */
static inline bool party_idle(const party *p)
{
    return p->busy < p->capacity;
}

/* Would an item p covers as c (party_covers' answer, which a caller may
 * have remembered) go to an on-call engineer of p's own?  Yes exactly when
 * p has on-call engineers of its own and covers it only by a call-out. */
static inline bool party_oncall_as(const party *p, party_cover c)
{
    return p->oncall_cap >= 0 && c == PARTY_ONCALL;
}

/* party_oncall_as for an item of severity sev started at t (coverage is
 * asked only when p has on-call engineers of its own). */
static inline bool party_oncall_pool(const party *p, int sev, double t)
{
    return p->oncall_cap >= 0 && party_oncall_as(p, party_covers(p, sev, t));
}

/* Is a worker free for an item p covers as c (PARTY_OPEN or PARTY_ONCALL)? */
static inline bool party_free_for(const party *p, party_cover c)
{
    if (c == PARTY_ONCALL && p->oncall_cap >= 0)
        return p->oncall_busy < p->oncall_cap;
    return p->busy < p->capacity;
}

/* May p start an item it covers as c (party_covers' answer, which a
 * caller may have remembered), with nobody ahead of it: does it cover it,
 * with a worker of the pool on duty free? */
static inline bool party_can_start_as(const party *p, party_cover c)
{
    return c && party_free_for(p, c);
}

/* party_can_start_as for an item of severity sev at t (without on-call
 * engineers of its own, coverage is asked only when a worker is free). */
static inline bool party_can_start(const party *p, int sev, double t)
{
    if (p->oncall_cap < 0)
        return party_idle(p) && party_covers(p, sev, t);
    return party_can_start_as(p, party_covers(p, sev, t));
}

static inline int party_capacity(const party *p)
{
    return p->capacity;
}

/* Item (in no queue and no hand) joins the back of p's queue for severity
 * sev. */
void party_push(party *p, party_item *items, int sev, uint32_t item);

/* Item (in no queue and no hand), interrupted, goes back to the front of
 * p's queue for severity sev: it was in hand before every item waiting
 * there. */
void party_push_front(party *p, party_item *items, int sev, uint32_t item);

/* With a worker free, the most urgent item waiting that p may start at
 * `now`, taken off its queue: the oldest item of the first severity, in
 * priority order, that has items and that party_covers at `now`.
 * PARTY_NONE when no worker is free or no waiting item may start now.
 * With on-call engineers of its own, the workers are those on duty at
 * `now`: the daytime workers while p is open (any severity), its on-call
 * engineers while it is closed (on-call severities only). */
uint32_t party_pick(party *p, party_item *items, double now);

/* party_pick of a party without on-call engineers of its own (oncall_cap
 * < 0; the caller knows): one pool, without the test. */
uint32_t party_pick_shared(party *p, party_item *items, double now);

/* ---- work in hand ------------------------------------------------------- */

/* A free worker of p takes item (the item in no queue): one of its own
 * on-call engineers when oncall (party_oncall_pool), else a daytime worker;
 * requires party_free_for of that pool.  Returns where the handle of its
 * completion event goes: the caller schedules the event at once and stores
 * the handle there, so that the work can be taken back (party_preempt). */
static inline sim_handle *party_start(party *p, party_item *items, uint32_t item,
                                      bool oncall)
{
    /* the flag is read (party_done) only by a party with on-call
     * engineers of its own, so only such a party writes it */
    if (p->oncall_cap >= 0)
        items[item].oncall = oncall;
    if (oncall)
        p->oncall_busy++;
    else
        p->busy++;
    return &items[item].done;
}

/* party_start(p, items, item, false) of a party without on-call engineers
 * of its own (the replay's common case, kept to one increment). */
static inline sim_handle *party_start_day(party *p, party_item *items, uint32_t item)
{
    p->busy++;
    return &items[item].done;
}

/* A preempting party: item, just started (party_start), of severity sev,
 * joins the back of the list of items in hand (links: the caller's second
 * array, party_link). */
static inline void party_hand_add(party *p, party_link *links, uint32_t item, int sev)
{
    links[item] = (party_link){.next = PARTY_NONE, .prev = p->hand, .sev = sev};
    if (p->hand != PARTY_NONE)
        links[p->hand].next = item;
    p->hand = item;
}

/* Take item, whose work is done or taken back (before party_done or
 * party_preempt), off a preempting party's list of items in hand. */
void party_hand_remove(party *p, party_link *links, uint32_t item);

/* The completion event of item, in p's hand, has run: its worker is free
 * again.  A preempting party: take it off the list first
 * (party_hand_remove). */
static inline void party_done(party *p, const party_item *items, uint32_t item)
{
    if (p->oncall_cap >= 0 && items[item].oncall)
        p->oncall_busy--;
    else
        p->busy--;
}

/* party_done of an item started by party_start_day. */
static inline void party_done_day(party *p)
{
    p->busy--;
}

/* When work of `session` minutes on severity sev, started at `now` by a
 * daytime worker, ends: now + session, or with at_close = pause on a
 * severity not on call (p not 24x7) later by the closed minutes it spans
 * (it stops at each closing and goes on at the next opening, on the same
 * worker), whose sum goes to *paused (0 otherwise).  O(open stretches
 * spanned) calendar calls; whole weeks are skipped at once on a weekly
 * schedule. */
double party_work_end(const party *p, int sev, double now, double session, double *paused);

/* Take item, in p's hand, back before its work is done: its completion
 * event is cancelled and its worker freed.  0, or -1 when the item has
 * nothing pending (its event ran, or was cancelled already). */
int party_preempt(party *p, sim_engine *e, party_item *items, uint32_t item);

/* The item in hand that a waiting item interrupts now (docs/model.md §4.9),
 * or PARTY_NONE.  Call after party_pick has returned PARTY_NONE.  The
 * candidate is the most urgent waiting item that the pool on duty at `now`
 * may take (party_pick's order); if its severity v preempts and no worker
 * of that pool is free, the answer is the item in that pool's hands of the
 * lowest severity below v, of those the one started last.  O(nsev + items
 * in hand). */
uint32_t party_victim(const party *p, const party_item *items, const party_link *links,
                      double now);

/* ---- waking at opening time --------------------------------------------- */

/* Workers free, items waiting (after party_pick has returned PARTY_NONE:
 * each must wait for opening time) and no wake-up pending: the caller
 * schedules one at party_wake_time, its handle stored in p->wake.  With
 * on-call engineers of its own, items waiting and no wake-up pending: ask
 * party_wake_time whether one is needed. */
static inline bool party_wants_wake(const party *p)
{
    return (p->oncall_cap >= 0 || party_idle(p)) && p->queued > 0 && !p->wake;
}

/* After party_wants_wake: when the workers on duty change while items wait.
 * A shared pool: its next opening.  On-call engineers of its own: while
 * closed, the next opening (INFINITY never, kept so that the caller fails
 * as for a shared pool) if a daytime worker will be free; while open, the
 * next closing if an on-call engineer is free and an on-call severity
 * waits.  NAN: no wake-up needed (nothing would change). */
double party_wake_time(const party *p, double now);

/* The wake-up event has run: none is pending any more. */
static inline void party_woken(party *p)
{
    p->wake = 0;
}

#endif
