/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine.h — a domain-free discrete-event kernel: a clock and an event list.
 *
 * Events are totally ordered by (time, priority, insertion sequence): lower
 * time first, then lower priority number, then the one scheduled first, so
 * ties are FIFO and a run is deterministic.  The engine knows nothing about
 * incidents; a handler is a function pointer with a context pointer and one
 * 64-bit argument.
 *
 * Memory: event slots live in one array that grows by doubling and is reused
 * through a free list, so scheduling allocates only when the number of
 * pending events exceeds every earlier peak — never per event in the steady
 * state.  The pending set is a binary heap of slot indices: O(log n) schedule
 * and run, O(n) cancel (a scan for the event's entry: a heap move then
 * stores nothing in the slot), fine because n is the number of pending
 * events (small) and cancelling is rare.
 *
 * Handles: an event's handle stays valid until the event runs or is
 * cancelled; after that sim_cancel() on it returns -1 (slots carry a
 * generation count, so a stale handle never cancels a newer event).  An
 * event's slot is released before its handler runs, so a handler may
 * schedule and cancel freely, including its own (already gone) handle.
 */
#ifndef OWNSIM_ENGINE_H
#define OWNSIM_ENGINE_H

#include <stddef.h>
#include <stdint.h>

typedef struct sim_engine sim_engine;   /* opaque */
typedef uint64_t sim_handle;            /* 0 is never a valid handle */

typedef void (*sim_handler)(sim_engine *e, void *ctx, uint64_t arg);

/* Create an engine with the clock at 0.  NULL when out of memory.
 * The caller owns it and frees it with sim_destroy(). */
sim_engine *sim_create(void);
void sim_destroy(sim_engine *e);

/* Drop every pending event and set the clock back to 0 (keeps memory). */
void sim_reset(sim_engine *e);

#define SIM_PRIORITY_MIN (-32768)
#define SIM_PRIORITY_MAX 32767

/* sim_schedule's two kinds of failure, so that a caller can tell a bad
 * request (a model whose clock ran to infinity) from a full memory. */
#define SIM_ENOMEM (-1)   /* memory ran out */
#define SIM_EINVAL (-2)   /* time in the past or not finite, priority out of
                             range, or 2^48 events since the last reset */

/* Schedule fn(e, ctx, arg) at absolute time t (t >= sim_now(e), finite),
 * priority in [SIM_PRIORITY_MIN, SIM_PRIORITY_MAX].  Returns 0 and stores the
 * handle in *out (when out != NULL), SIM_EINVAL for a request it cannot
 * honour (see above; also a NULL fn), or SIM_ENOMEM. */
int sim_schedule(sim_engine *e, double t, int priority, sim_handler fn,
                 void *ctx, uint64_t arg, sim_handle *out);

/* Remove a pending event.  0 when removed, -1 when the handle is not pending
 * (already run, already cancelled, or never valid). */
int sim_cancel(sim_engine *e, sim_handle h);

/* Run events in order while the next one is at time <= until (use INFINITY
 * for "until empty"), or until sim_stop() is called from a handler.  The clock
 * ends at the time of the last event run.  Returns the number of events run. */
uint64_t sim_run(sim_engine *e, double until);

/* Run the events at times <= t, then move the clock to t: the step of a
 * caller that interleaves its own events (e.g. arrivals read from a stream)
 * with the engine's, which then come first among equal times.  Cheap when
 * nothing is due.  0, or -1 when t is before the clock or not finite, or a
 * handler called sim_stop() (the clock then stays at the event that
 * stopped). */
int sim_run_to(sim_engine *e, double t);

/* Ask sim_run() to return after the current handler. */
void sim_stop(sim_engine *e);

double sim_now(const sim_engine *e);
size_t sim_pending(const sim_engine *e);
/* Events run since creation or the last sim_reset(). */
uint64_t sim_events_run(const sim_engine *e);

#endif
