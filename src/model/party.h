/*
 * party.h — one party's resources under one ownership model: its work
 * queues, its workers and the work in their hands (with the handle of each
 * completion event), when it may work, and its calendar.
 *
 * Private to the model layer: replay.c keeps one per party, inside the
 * replay (no allocation per party or per event), and the unit tests drive
 * it directly.  The design, the invariants and the cost of each operation
 * are at the top of party.c.
 *
 * Items are the caller's, named by uint32_t index; queues are intrusive
 * lists through the caller's link array (link[i] is the item after i), so
 * an item waits in at most one queue of all the parties sharing that array.
 */
#ifndef OWNSIM_MODEL_PARTY_H
#define OWNSIM_MODEL_PARTY_H

#include <stdbool.h>
#include <stdint.h>

#include "ownsim/calendar.h"
#include "ownsim/engine.h"
#include "ownsim/scenario.h"

#define PARTY_NONE UINT32_MAX   /* no item, no worker: ends lists, "nothing" */

/* May the party work on a severity at a time, and how.  PARTY_CLOSED is 0,
 * so the answer reads as "may work now" in a condition. */
typedef enum party_cover {
    PARTY_CLOSED = 0,     /* no: wait for its next opening (party_next_open) */
    PARTY_OPEN,           /* yes, staffed: 24x7, or within its business hours */
    PARTY_ONCALL          /* yes, after hours by a call-out: the severity is on call */
} party_cover;

typedef struct party_fifo {
    uint32_t head, tail;  /* first and last item waiting, PARTY_NONE when empty */
} party_fifo;

typedef struct party_worker {
    sim_handle done;      /* completion event of the work in hand (stale, or 0,
                             while free: the engine refuses to cancel it) */
    uint32_t item;        /* the item in hand; meaningless while free */
} party_worker;

/* 128 bytes on LP64: the replay indexes an array of them by shifting. */
typedef struct party {
    const cal_hours *cal; /* its business hours; borrowed, must outlive it */
    bool always_on;       /* staffed 24x7: the calendar never stops it */
    unsigned oncall;      /* bit v: severity v is worked after hours by a call-out */
    int nsev;             /* severities, in priority order (queues q[0..nsev)) */
    int capacity;         /* workers under this model */
    int busy;             /* workers with an item in hand */
    uint32_t nworker;     /* worker slots allocated, <= capacity */
    long queued;          /* items waiting, all severities */
    sim_handle wake;      /* pending wake-up at its next opening; 0 when none */
    party_worker *worker; /* worker slots; owned, grown by doubling up to capacity */
    uint32_t *idle;       /* idle[busy .. nworker): the free workers' slots, a
                             stack whose top is idle[busy]; owned, nworker long */
    party_fifo q[SCN_MAX_SEV]; /* items waiting per severity, FIFO */
} party;

/* A party of `capacity` workers (0 ..) and `nsev` severities (1 ..
 * SCN_MAX_SEV), with calendar cal (borrowed), working around the clock when
 * always_on, else after hours only on the severities of the oncall mask.
 * Empty, all workers free.  0, or SIM_ENOMEM (nothing to free then). */
int party_init(party *p, int capacity, int nsev, const cal_hours *cal,
               bool always_on, unsigned oncall);
void party_free(party *p);

/* Empty queues, every worker free, no wake-up pending (the caller resets
 * the engine, whose events these were).  No allocation. */
void party_reset(party *p);

/* ---- the party's time: availability and calendar ---- */

/* THE availability test: may p work on severity sev at time t, and how.
 * Defined here to inline: the replay asks it for every ticket reaching a
 * party and for every pick.  Where only "may it" matters (a condition), an
 * on-call severity needs no calendar test: both of its answers are true,
 * and cal_is_open is pure, so the compiler drops the call (gcc with LTO
 * does). */
static inline party_cover party_covers(const party *p, int sev, double t)
{
    if (p->always_on)
        return PARTY_OPEN;
    if ((p->oncall >> sev) & 1u)
        return cal_is_open(p->cal, t) ? PARTY_OPEN : PARTY_ONCALL;
    return cal_is_open(p->cal, t) ? PARTY_OPEN : PARTY_CLOSED;
}

/* The first time >= t at which p is open (t when 24x7 or open at t),
 * INFINITY for a business-hours party whose calendar never opens. */
double party_next_open(const party *p, double t);

/* Minutes of [a, b) at which party_covers(p, sev, .) is PARTY_CLOSED. */
double party_closed_minutes(const party *p, int sev, double a, double b);

/* ---- queues and workers ---- */

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

/* Item joins the back of p's queue for severity sev. */
void party_push(party *p, uint32_t *link, int sev, uint32_t item);

/* With a worker free, the most urgent item waiting that p may start at
 * `now` (the first severity, in priority order, with an item waiting and
 * party_covers true; the oldest of that severity), taken off its queue.
 * PARTY_NONE when no worker is free or no item waiting may start now. */
uint32_t party_pick(party *p, uint32_t *link, double now);

/* A free worker takes item until t_done: fn(e, ctx, arg) is scheduled at
 * t_done with priority prio and its handle kept with the worker; arg names
 * the item and the worker (party_event_item, party_event_worker), the
 * caller knows which party it gave the item to.  Returns 0, or
 * sim_schedule's error (SIM_ENOMEM also when the worker slots cannot
 * grow), the worker then left free.  Requires party_idle(p). */
int party_start(party *p, sim_engine *e, uint32_t item, double t_done, int prio,
                sim_handler fn, void *ctx);

/* The work of `worker` is done (its completion event has run): the worker
 * is free again. */
void party_done(party *p, uint32_t worker);

/* Take the item off `worker` before its work is done: its completion event
 * is cancelled and the worker freed.  Returns the item, or PARTY_NONE when
 * the worker has nothing in hand or its event is no longer pending. */
uint32_t party_preempt(party *p, sim_engine *e, uint32_t worker);

/* The item and the worker named by the argument of a completion event. */
static inline uint32_t party_event_item(uint64_t arg)
{
    return (uint32_t)arg;
}

static inline uint32_t party_event_worker(uint64_t arg)
{
    return (uint32_t)(arg >> 32);
}

/* When workers are free but every item waiting must wait for opening time,
 * and no wake-up is pending, schedule fn(e, ctx, arg) at p's next opening
 * with priority prio.  0 (also when nothing was needed), or sim_schedule's
 * error. */
int party_wake_later(party *p, sim_engine *e, double now, int prio,
                     sim_handler fn, void *ctx, uint64_t arg);

/* The wake-up event has run: none pending any more. */
static inline void party_woken(party *p)
{
    p->wake = 0;
}

#endif
