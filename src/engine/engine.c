/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine.c — the event list behind engine.h.
 *
 * Design: events live in `slots`, an array that doubles when full; released
 * slots are chained into a free list through `next_free`, so in the steady
 * state scheduling never allocates.  The pending set is a binary min-heap
 * (`heap`, same capacity as `slots`) whose entries carry their own ordering
 * key — the time, and one word packing the priority above a 48-bit insertion
 * counter — beside the slot index, so sifting compares within one contiguous
 * array instead of chasing slot pointers.  Ties on (time, priority) are FIFO
 * by the counter.  Popping moves the hole at the root down to a leaf along
 * the smaller children and then sifts the last entry up from there (one
 * comparison per level instead of two: the last entry usually belongs low).
 * A slot does not keep its heap position: every move in the heap would
 * store it into the slot (a scattered store per level; 2% of the M/M/c
 * benchmark's instructions), for the one operation that needs it, cancel,
 * which finds the entry by a scan instead (O(n), n pending events; only
 * preemption cancels).
 *
 * Invariants:
 *  - a slot is pending iff its `fn` != NULL, and then exactly one heap
 *    entry holds its index; free slots have fn == NULL and sit on the free
 *    list;
 *  - `gen` of a slot is bumped every time the slot is released, so a handle
 *    ((uint64_t)gen << 32 | (index + 1)) matches only while that very event
 *    is pending; the low half is never 0, hence no handle is 0.  A stale
 *    handle could alias only after 2^32 releases of the same slot;
 *  - an event's slot is released (and its fields copied out) before its
 *    handler runs, so handlers may schedule (even growing the arrays),
 *    cancel, or cancel their own, already stale, handle;
 *  - the clock never goes backwards (except by sim_reset): schedule rejects
 *    t < now, so the heap minimum is never before now.
 */
#include "ownsim/engine.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#define NO_SLOT UINT32_MAX       /* end of the free list */
#define INITIAL_CAP 64u          /* first slot array; grows by doubling */
#define MAX_CAP (UINT32_MAX - 1u) /* indices and index+1 must fit 32 bits */
#define SEQ_BITS 48               /* insertion counter bits in a heap key */
#define SEQ_MASK ((UINT64_C(1) << SEQ_BITS) - 1)

typedef struct slot {
    uint64_t arg;         /* argument passed to fn */
    sim_handler fn;       /* handler; NULL while the slot is free: a slot is
                             pending iff fn != NULL */
    void *ctx;            /* context passed to fn */
    uint32_t gen;         /* bumped on release; upper half of the handle */
    uint32_t next_free;   /* next free slot while free, else unused */
} slot;

typedef struct hentry {
    double time;          /* first key */
    uint64_t key;         /* priority (biased to unsigned) << 48 | seq */
    uint32_t idx;         /* the slot */
} hentry;

struct sim_engine {
    slot *slots;          /* all slots, pending and free */
    hentry *heap;         /* min-heap of pending events */
    uint32_t cap;         /* length of slots and of heap */
    uint32_t n;           /* number of pending events (heap size) */
    uint32_t free_head;   /* first free slot, NO_SLOT when none */
    double now;           /* simulation clock */
    uint64_t next_seq;    /* seq of the next scheduled event */
    uint64_t events_run;  /* events run since creation or reset */
    bool stop;            /* set by sim_stop, read by sim_run */
};

/* Chain slots [from, to) onto the free list, lowest index popped first. */
static void push_free_range(sim_engine *e, uint32_t from, uint32_t to)
{
    for (uint32_t i = to; i > from; i--) {
        slot *s = &e->slots[i - 1];
        s->fn = NULL;
        s->next_free = e->free_head;
        e->free_head = i - 1;
    }
}

/* Double both arrays; -1 on OOM or when the index space is exhausted.
 * O(cap) but amortised O(1) per event, and only past every earlier peak. */
static int grow(sim_engine *e)
{
    if (e->cap >= MAX_CAP)
        return -1;
    uint32_t ncap = e->cap > MAX_CAP / 2 ? MAX_CAP : e->cap * 2;
    slot *ns = realloc(e->slots, (size_t)ncap * sizeof *ns);
    if (!ns)
        return -1;
    e->slots = ns;  /* keep the bigger block even if the heap fails */
    hentry *nh = realloc(e->heap, (size_t)ncap * sizeof *nh);
    if (!nh)
        return -1;
    e->heap = nh;
    for (uint32_t i = e->cap; i < ncap; i++)
        e->slots[i].gen = 0;
    uint32_t old = e->cap;
    e->cap = ncap;
    push_free_range(e, old, ncap);
    return 0;
}

/* Does heap entry a run before b? */
static inline bool before(const hentry *a, const hentry *b)
{
    /* no branch inside: callers branch once on the result */
    return (a->time < b->time) | ((a->time == b->time) & (a->key < b->key));
}

/* Put entry h at heap position pos. */
static inline void place(sim_engine *e, uint32_t pos, hentry h)
{
    e->heap[pos] = h;
}

static void sift_up(sim_engine *e, uint32_t pos, hentry h)
{
    while (pos > 0) {
        uint32_t parent = (pos - 1) / 2;
        if (!before(&h, &e->heap[parent]))
            break;
        place(e, pos, e->heap[parent]);
        pos = parent;
    }
    place(e, pos, h);
}

static void sift_down(sim_engine *e, uint32_t pos, hentry h)
{
    for (;;) {
        uint64_t child = 2 * (uint64_t)pos + 1;  /* 64-bit: cannot wrap */
        if (child >= e->n)
            break;
        if (child + 1 < e->n && before(&e->heap[child + 1], &e->heap[child]))
            child++;
        if (!before(&e->heap[child], &h))
            break;
        place(e, pos, e->heap[child]);
        pos = (uint32_t)child;
    }
    place(e, pos, h);
}

/* Put slot idx back on the free list. */
static void release(sim_engine *e, uint32_t idx)
{
    slot *s = &e->slots[idx];
    s->gen++;
    s->fn = NULL;
    s->next_free = e->free_head;
    e->free_head = idx;
}

/* Remove heap entry `pos` and release its slot.  O(log n). */
static void remove_at(sim_engine *e, uint32_t pos)
{
    uint32_t idx = e->heap[pos].idx;
    e->n--;
    if (pos < e->n) {
        hentry last = e->heap[e->n];
        /* The moved entry may belong above or below its new place. */
        if (pos > 0 && before(&last, &e->heap[(pos - 1) / 2]))
            sift_up(e, pos, last);
        else
            sift_down(e, pos, last);
    }
    release(e, idx);
}

/* Remove the root: walk the hole down to a leaf, then sift the last entry
 * up from there.  O(log n) with about log n comparisons. */
static void pop_min(sim_engine *e)
{
    uint32_t idx = e->heap[0].idx;
    uint32_t n = --e->n;
    if (n > 0) {
        uint32_t pos = 0;
        for (;;) {
            uint64_t child = 2 * (uint64_t)pos + 1;
            if (child >= n)
                break;
            /* branch-free: which child is smaller is a coin toss */
            child += child + 1 < n && before(&e->heap[child + 1], &e->heap[child]);
            place(e, pos, e->heap[child]);
            pos = (uint32_t)child;
        }
        sift_up(e, pos, e->heap[n]);
    }
    release(e, idx);
}

sim_engine *sim_create(void)
{
    sim_engine *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->slots = malloc(INITIAL_CAP * sizeof *e->slots);
    e->heap = malloc(INITIAL_CAP * sizeof *e->heap);
    if (!e->slots || !e->heap) {
        sim_destroy(e);
        return NULL;
    }
    e->cap = INITIAL_CAP;
    e->free_head = NO_SLOT;
    for (uint32_t i = 0; i < e->cap; i++)
        e->slots[i].gen = 0;
    push_free_range(e, 0, e->cap);
    return e;
}

void sim_destroy(sim_engine *e)
{
    if (!e)
        return;
    free(e->slots);
    free(e->heap);
    free(e);
}

/* O(n) in pending events.  Generations survive, so handles issued before
 * the reset stay stale; seq restarts, so a reset engine replays exactly like
 * a fresh one. */
void sim_reset(sim_engine *e)
{
    while (e->n > 0)
        remove_at(e, e->n - 1);
    e->now = 0.0;
    e->next_seq = 0;
    e->events_run = 0;
    e->stop = false;
}

int sim_schedule(sim_engine *e, double t, int priority, sim_handler fn,
                 void *ctx, uint64_t arg, sim_handle *out)
{
    /* !(t >= now) also rejects NaN; a NULL handler would crash sim_run. */
    if (!fn || !isfinite(t) || !(t >= e->now) || priority < SIM_PRIORITY_MIN ||
        priority > SIM_PRIORITY_MAX || e->next_seq > SEQ_MASK)
        return SIM_EINVAL;
    if (e->free_head == NO_SLOT && grow(e) != 0)
        return SIM_ENOMEM;
    uint32_t idx = e->free_head;
    slot *s = &e->slots[idx];
    e->free_head = s->next_free;
    s->fn = fn;
    s->ctx = ctx;
    s->arg = arg;
    uint64_t prio = (uint64_t)(uint16_t)(priority - SIM_PRIORITY_MIN);
    hentry h = {t, prio << SEQ_BITS | e->next_seq++, idx};
    e->n++;
    sift_up(e, e->n - 1, h);  /* O(log n) */
    if (out)
        *out = ((uint64_t)s->gen << 32) | ((uint64_t)idx + 1);
    return 0;
}

int sim_cancel(sim_engine *e, sim_handle h)
{
    uint64_t low = h & 0xffffffffu;
    if (low == 0 || low > e->cap)
        return -1;
    uint32_t idx = (uint32_t)(low - 1);
    const slot *s = &e->slots[idx];
    if (!s->fn || s->gen != (uint32_t)(h >> 32))
        return -1;
    uint32_t pos = 0;
    while (e->heap[pos].idx != idx)   /* pending: it is there (O(n)) */
        pos++;
    remove_at(e, pos);
    return 0;
}

/* Run events due by `until`; true if a handler stopped the run.  NaN
 * `until` runs nothing: the test is !(time <= until). */
static bool run(sim_engine *e, double until, uint64_t *ran_out)
{
    uint64_t ran = 0;
    e->stop = false;  /* a stop requested outside a run does not linger */
    while (e->n > 0 && !e->stop) {
        if (!(e->heap[0].time <= until))
            break;
        /* Copy out, then release, so the handler sees a consistent engine. */
        const slot *s = &e->slots[e->heap[0].idx];
        sim_handler fn = s->fn;
        void *ctx = s->ctx;
        uint64_t arg = s->arg;
        e->now = e->heap[0].time;
        pop_min(e);
        e->events_run++;
        ran++;
        fn(e, ctx, arg);
    }
    bool stopped = e->stop;
    e->stop = false;
    *ran_out = ran;
    return stopped;
}

uint64_t sim_run(sim_engine *e, double until)
{
    uint64_t ran;
    run(e, until, &ran);
    return ran;
}

int sim_run_to(sim_engine *e, double t)
{
    if (!isfinite(t) || !(t >= e->now))
        return -1;
    uint64_t ran;
    if (e->n > 0 && e->heap[0].time <= t && run(e, t, &ran))
        return -1;
    e->now = t;
    return 0;
}

void sim_stop(sim_engine *e)
{
    e->stop = true;
}

double sim_now(const sim_engine *e)
{
    return e->now;
}

size_t sim_pending(const sim_engine *e)
{
    return e->n;
}

uint64_t sim_events_run(const sim_engine *e)
{
    return e->events_run;
}
