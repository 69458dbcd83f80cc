/*
 * party.h — one party's resources under one ownership model: its work
 * queues, its workers with the work in their hands and the handle of each
 * completion event, when it may work, and its calendar.
 *
 * Private to the model layer: replay.c keeps one per party inside the
 * replay (no allocation per party or per event), and tests/unit/test_party.c
 * drives it directly.  The design, the invariants and the cost of each
 * operation are at the top of party.c.
 *
 * Items are the caller's, named by uint32_t index; queues are intrusive
 * lists through the caller's link array (link[i] is the item after i), so
 * an item waits in at most one queue of all the parties sharing that array.
 * The caller schedules the party's events on its engine and stores their
 * handles where the party says (a worker's `done`, the party's `wake`); the
 * party cancels by handle itself (party_preempt).
 */
#ifndef OWNSIM_MODEL_PARTY_H
#define OWNSIM_MODEL_PARTY_H

#include <stdbool.h>
#include <stdint.h>

#include "ownsim/calendar.h"
#include "ownsim/engine.h"
#include "ownsim/scenario.h"

#define PARTY_NONE UINT32_MAX   /* no item or worker: a queue's end, "nothing" */

/* May a party work on a severity at a time, and how.  PARTY_CLOSED is 0, so
 * the answer reads as "may it work now" in a condition. */
typedef enum party_cover {
    PARTY_CLOSED = 0,     /* no: wait for its next opening (party_next_open) */
    PARTY_OPEN,           /* yes, staffed: 24x7, or within its business hours */
    PARTY_ONCALL          /* yes, after hours by a call-out: the severity is on call */
} party_cover;

typedef struct party_fifo {
    uint32_t head, tail;  /* first and last item waiting, PARTY_NONE when empty */
} party_fifo;

typedef struct party_worker {
    sim_handle done;      /* completion event of the work in hand; 0 or stale
                             while free (the engine refuses to cancel those) */
    uint32_t item;        /* the item in hand; meaningless while free */
} party_worker;

/* 128 bytes on LP64, so that the replay's array of them is indexed by a
 * shift: keep it so when adding fields. */
typedef struct party {
    const cal_hours *cal; /* its business hours; borrowed, must outlive it */
    bool always_on;       /* staffed 24x7: the calendar never stops it */
    unsigned oncall;      /* bit v: severity v is worked after hours by a call-out */
    int nsev;             /* severities, in priority order (queues q[0 .. nsev)) */
    int capacity;         /* workers under this model */
    int busy;             /* workers with an item in hand */
    uint32_t nworker;     /* worker slots allocated, <= capacity */
    long queued;          /* items waiting, all severities */
    sim_handle wake;      /* wake-up at its next opening, pending while nonzero */
    party_worker *worker; /* worker slots; owned, nworker long */
    uint32_t *idle;       /* idle[busy .. nworker): the free slots, a stack
                             whose top is idle[busy]; owned, nworker long */
    party_fifo q[SCN_MAX_SEV]; /* items waiting per severity, first in first out */
} party;

/* A party of `capacity` workers (0 or more) and `nsev` severities (1 ..
 * SCN_MAX_SEV) keeping the hours of cal (borrowed), around the clock when
 * always_on, else after hours only on the severities of the oncall mask
 * (bit v: severity v).  Starts empty with every worker free.  0, or
 * SIM_ENOMEM with nothing left to free. */
int party_init(party *p, int capacity, int nsev, const cal_hours *cal,
               bool always_on, unsigned oncall);
void party_free(party *p);

/* Empty queues, every worker free, no wake-up pending: for a fresh
 * replication, after the engine that held its events has been reset.  No
 * allocation. */
void party_reset(party *p);

/* ---- the party's time: availability and calendar ------------------------ */

/* THE availability test: may p work on severity sev at time t, and how.
 * Every decision whether a party may work now is this call.  Defined here
 * so that it inlines: the replay asks it for every ticket that reaches a
 * party and at every pick; one calendar call site keeps cal_is_open
 * inlined too. */
static inline party_cover party_covers(const party *p, int sev, double t)
{
    if (p->always_on)
        return PARTY_OPEN;
    party_cover closed = (p->oncall >> sev) & 1u ? PARTY_ONCALL : PARTY_CLOSED;
    return cal_is_open(p->cal, t) ? PARTY_OPEN : closed;
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

/* Is a worker free? */
static inline bool party_idle(const party *p)
{
    return p->busy < p->capacity;
}

static inline int party_capacity(const party *p)
{
    return p->capacity;
}

/* Item (not queued anywhere, not in hand) joins the back of p's queue for
 * severity sev. */
void party_push(party *p, uint32_t *link, int sev, uint32_t item);

/* With a worker free, the most urgent item waiting that p may start at
 * `now`, taken off its queue: the oldest item of the first severity, in
 * priority order, that has items and that party_covers at `now`.
 * PARTY_NONE when no worker is free or no waiting item may start now. */
uint32_t party_pick(party *p, uint32_t *link, double now);

/* ---- work in hand ------------------------------------------------------- */

/* A free worker of p takes item (requires party_idle(p)): returns the
 * worker, which the caller keeps with the item for party_done.  The caller
 * then schedules the completion event at once, its handle stored in
 * *party_done_handle(p, worker), so that the work can be taken back
 * (party_preempt).  PARTY_NONE, the worker left free, when the worker
 * slots cannot grow (out of memory). */
uint32_t party_start(party *p, uint32_t item);

/* Where the handle of worker's completion event goes. */
static inline sim_handle *party_done_handle(party *p, uint32_t worker)
{
    return &p->worker[worker].done;
}

/* The completion event of `worker` has run: the worker is free again. */
void party_done(party *p, uint32_t worker);

/* Take the item off `worker` before its work is done: the completion event
 * is cancelled and the worker freed.  Returns the item, or PARTY_NONE when
 * the worker has nothing in hand (its event ran or was cancelled). */
uint32_t party_preempt(party *p, sim_engine *e, uint32_t worker);

/* ---- waking at opening time --------------------------------------------- */

/* Workers free, items waiting (after party_pick has returned PARTY_NONE:
 * each must wait for opening time) and no wake-up pending: the caller
 * schedules one at party_next_open, its handle stored in p->wake. */
static inline bool party_wants_wake(const party *p)
{
    return party_idle(p) && p->queued > 0 && !p->wake;
}

/* The wake-up event has run: none is pending any more. */
static inline void party_woken(party *p)
{
    p->wake = 0;
}

#endif
