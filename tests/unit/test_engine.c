/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_engine.c — the event kernel: ordering, cancellation, handles, run
 * limits, stop, reset and growth.
 *
 * Handlers append (time, arg) to a log so each test asserts the exact order
 * of execution; random times come from a fixed-seed LCG, so every run is the
 * same and nothing depends on wall-clock time.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>

#include "ownsim/engine.h"

typedef struct run_log {
    double *time;         /* clock seen by each handler call */
    uint64_t *arg;        /* arg of each handler call */
    size_t n;             /* calls recorded */
    size_t cap;           /* room in time[] and arg[] */
} run_log;

static run_log *log_new(size_t cap)
{
    run_log *l = calloc(1, sizeof *l);
    cr_assert_not_null(l);
    l->time = malloc(cap * sizeof *l->time);
    l->arg = malloc(cap * sizeof *l->arg);
    cr_assert(l->time && l->arg);
    l->cap = cap;
    return l;
}

static void log_free(run_log *l)
{
    free(l->time);
    free(l->arg);
    free(l);
}

static void record(sim_engine *e, void *ctx, uint64_t arg)
{
    run_log *l = ctx;
    cr_assert_lt(l->n, l->cap);
    l->time[l->n] = sim_now(e);
    l->arg[l->n] = arg;
    l->n++;
}

/* 64-bit LCG (Knuth's MMIX constants), top bits as a uniform in [0,1). */
static double lcg_uniform(uint64_t *state)
{
    *state = *state * UINT64_C(6364136223846793005) +
             UINT64_C(1442695040888963407);
    return (double)(*state >> 11) * 0x1p-53;
}

static sim_engine *make(void)
{
    sim_engine *e = sim_create();
    cr_assert_not_null(e);
    return e;
}

Test(engine, fresh_engine)
{
    sim_engine *e = make();
    cr_assert_eq(sim_now(e), 0.0);
    cr_assert_eq(sim_pending(e), 0);
    cr_assert_eq(sim_events_run(e), 0);
    cr_assert_eq(sim_run(e, INFINITY), 0);
    cr_assert_eq(sim_now(e), 0.0);
    sim_destroy(e);
    sim_destroy(NULL);
}

Test(engine, random_times_run_in_order)
{
    enum { N = 1000 };
    sim_engine *e = make();
    run_log *l = log_new(N);
    uint64_t st = 12345;
    double maxt = 0.0;
    for (uint64_t i = 0; i < N; i++) {
        double t = 1000.0 * lcg_uniform(&st);
        if (t > maxt)
            maxt = t;
        cr_assert_eq(sim_schedule(e, t, 0, record, l, i, NULL), 0);
    }
    cr_assert_eq(sim_pending(e), N);
    cr_assert_eq(sim_run(e, INFINITY), N);
    cr_assert_eq(l->n, N);
    for (size_t i = 1; i < N; i++)
        cr_assert_leq(l->time[i - 1], l->time[i], "out of order at %zu", i);
    /* Every event ran exactly once. */
    char seen[N] = {0};
    for (size_t i = 0; i < N; i++) {
        cr_assert_lt(l->arg[i], N);
        cr_assert_eq(seen[l->arg[i]], 0);
        seen[l->arg[i]] = 1;
    }
    cr_assert_eq(sim_now(e), maxt);
    cr_assert_eq(sim_pending(e), 0);
    log_free(l);
    sim_destroy(e);
}

Test(engine, priority_breaks_time_ties)
{
    sim_engine *e = make();
    run_log *l = log_new(8);
    cr_assert_eq(sim_schedule(e, 5.0, 3, record, l, 3, NULL), 0);
    cr_assert_eq(sim_schedule(e, 5.0, -1, record, l, 1, NULL), 0);
    cr_assert_eq(sim_schedule(e, 4.0, 9, record, l, 0, NULL), 0);
    cr_assert_eq(sim_schedule(e, 5.0, 2, record, l, 2, NULL), 0);
    cr_assert_eq(sim_run(e, INFINITY), 4);
    for (uint64_t i = 0; i < 4; i++)
        cr_assert_eq(l->arg[i], i);
    log_free(l);
    sim_destroy(e);
}

Test(engine, fifo_among_equal_keys)
{
    enum { N = 100 };
    sim_engine *e = make();
    run_log *l = log_new(2 * N);
    /* Interleave a second priority to make sure FIFO holds per key. */
    for (uint64_t i = 0; i < N; i++) {
        cr_assert_eq(sim_schedule(e, 7.0, 1, record, l, N + i, NULL), 0);
        cr_assert_eq(sim_schedule(e, 7.0, 0, record, l, i, NULL), 0);
    }
    cr_assert_eq(sim_run(e, INFINITY), 2 * N);
    for (uint64_t i = 0; i < 2 * N; i++)
        cr_assert_eq(l->arg[i], i, "position %lu", (unsigned long)i);
    log_free(l);
    sim_destroy(e);
}

Test(engine, handles_are_never_zero)
{
    sim_engine *e = make();
    run_log *l = log_new(1);
    sim_handle h = 0;
    cr_assert_eq(sim_schedule(e, 0.0, 0, record, l, 0, &h), 0);
    cr_assert_neq(h, 0);
    cr_assert_eq(sim_cancel(e, 0), -1);
    cr_assert_eq(sim_cancel(e, ~(sim_handle)0), -1);
    cr_assert_eq(sim_pending(e), 1);
    log_free(l);
    sim_destroy(e);
}

Test(engine, cancel_pending_event)
{
    sim_engine *e = make();
    run_log *l = log_new(8);
    sim_handle h[5];
    for (uint64_t i = 0; i < 5; i++)
        cr_assert_eq(sim_schedule(e, (double)i, 0, record, l, i, &h[i]), 0);
    cr_assert_eq(sim_cancel(e, h[2]), 0);
    cr_assert_eq(sim_cancel(e, h[0]), 0);  /* the heap root */
    cr_assert_eq(sim_cancel(e, h[2]), -1); /* twice */
    cr_assert_eq(sim_pending(e), 3);
    cr_assert_eq(sim_run(e, INFINITY), 3);
    cr_assert_eq(l->n, 3);
    cr_assert_eq(l->arg[0], 1);
    cr_assert_eq(l->arg[1], 3);
    cr_assert_eq(l->arg[2], 4);
    log_free(l);
    sim_destroy(e);
}

/* Cancelling many random entries keeps the heap valid. */
Test(engine, cancel_random_subset)
{
    enum { N = 2000 };
    sim_engine *e = make();
    run_log *l = log_new(N);
    sim_handle *h = malloc(N * sizeof *h);
    cr_assert_not_null(h);
    uint64_t st = 99;
    for (uint64_t i = 0; i < N; i++)
        cr_assert_eq(sim_schedule(e, lcg_uniform(&st), (int)(i % 3), record,
                                  l, i, &h[i]), 0);
    size_t kept = N;
    for (uint64_t i = 0; i < N; i += 3) {
        cr_assert_eq(sim_cancel(e, h[i]), 0);
        kept--;
    }
    cr_assert_eq(sim_pending(e), kept);
    cr_assert_eq(sim_run(e, INFINITY), kept);
    for (size_t i = 0; i < l->n; i++) {
        cr_assert_neq(l->arg[i] % 3, 0, "cancelled event %lu ran",
                      (unsigned long)l->arg[i]);
        if (i > 0)
            cr_assert_leq(l->time[i - 1], l->time[i]);
    }
    free(h);
    log_free(l);
    sim_destroy(e);
}

typedef struct canceller {
    sim_handle victim;    /* handle to cancel from the handler */
    int result;           /* what sim_cancel returned */
    run_log *log;         /* where the other events record */
} canceller;

static void cancel_victim(sim_engine *e, void *ctx, uint64_t arg)
{
    canceller *c = ctx;
    c->result = sim_cancel(e, c->victim);
    record(e, c->log, arg);
}

Test(engine, cancel_other_from_handler)
{
    sim_engine *e = make();
    run_log *l = log_new(8);
    canceller c = { .victim = 0, .result = 99, .log = l };
    cr_assert_eq(sim_schedule(e, 1.0, 0, cancel_victim, &c, 1, NULL), 0);
    cr_assert_eq(sim_schedule(e, 2.0, 0, record, l, 2, &c.victim), 0);
    cr_assert_eq(sim_schedule(e, 3.0, 0, record, l, 3, NULL), 0);
    cr_assert_eq(sim_run(e, INFINITY), 2);
    cr_assert_eq(c.result, 0);
    cr_assert_eq(l->n, 2);
    cr_assert_eq(l->arg[0], 1);
    cr_assert_eq(l->arg[1], 3);
    cr_assert_eq(sim_now(e), 3.0);
    log_free(l);
    sim_destroy(e);
}

Test(engine, cancel_own_handle_from_handler)
{
    sim_engine *e = make();
    run_log *l = log_new(8);
    canceller c = { .victim = 0, .result = 99, .log = l };
    cr_assert_eq(sim_schedule(e, 1.0, 0, cancel_victim, &c, 1, &c.victim), 0);
    cr_assert_eq(sim_schedule(e, 2.0, 0, record, l, 2, NULL), 0);
    cr_assert_eq(sim_run(e, INFINITY), 2);
    cr_assert_eq(c.result, -1);
    cr_assert_eq(l->n, 2);
    cr_assert_eq(l->arg[1], 2);
    cr_assert_eq(sim_pending(e), 0);
    log_free(l);
    sim_destroy(e);
}

Test(engine, stale_handle_does_not_cancel_reused_slot)
{
    sim_engine *e = make();
    run_log *l = log_new(8);
    sim_handle old = 0, fresh = 0;
    cr_assert_eq(sim_schedule(e, 1.0, 0, record, l, 1, &old), 0);
    cr_assert_eq(sim_run(e, INFINITY), 1);
    cr_assert_eq(sim_cancel(e, old), -1);  /* already ran */
    /* With a single free slot in use, the new event reuses the same slot. */
    cr_assert_eq(sim_schedule(e, 2.0, 0, record, l, 2, &fresh), 0);
    cr_assert_eq(fresh & 0xffffffffu, old & 0xffffffffu, "slot not reused");
    cr_assert_neq(fresh, old);
    cr_assert_eq(sim_cancel(e, old), -1);
    cr_assert_eq(sim_pending(e), 1);
    cr_assert_eq(sim_run(e, INFINITY), 1);
    cr_assert_eq(l->arg[1], 2);
    /* Same after cancellation rather than running. */
    cr_assert_eq(sim_schedule(e, 3.0, 0, record, l, 3, &old), 0);
    cr_assert_eq(sim_cancel(e, old), 0);
    cr_assert_eq(sim_schedule(e, 4.0, 0, record, l, 4, &fresh), 0);
    cr_assert_eq(sim_cancel(e, old), -1);
    cr_assert_eq(sim_pending(e), 1);
    log_free(l);
    sim_destroy(e);
}

Test(engine, reject_past_and_non_finite)
{
    sim_engine *e = make();
    run_log *l = log_new(8);
    sim_handle h = 777;
    cr_assert_eq(sim_schedule(e, 10.0, 0, record, l, 0, NULL), 0);
    cr_assert_eq(sim_run(e, INFINITY), 1);
    cr_assert_eq(sim_schedule(e, 9.999, 0, record, l, 0, &h), SIM_EINVAL);
    cr_assert_eq(h, 777, "handle written on failure");
    cr_assert_eq(sim_schedule(e, NAN, 0, record, l, 0, NULL), SIM_EINVAL);
    cr_assert_eq(sim_schedule(e, INFINITY, 0, record, l, 0, NULL), SIM_EINVAL);
    cr_assert_eq(sim_schedule(e, -INFINITY, 0, record, l, 0, NULL), SIM_EINVAL);
    cr_assert_eq(sim_schedule(e, 11.0, 0, NULL, l, 0, NULL), SIM_EINVAL);
    cr_assert_eq(sim_schedule(e, 11.0, SIM_PRIORITY_MAX + 1, record, l, 0, NULL), SIM_EINVAL);
    cr_assert_eq(sim_pending(e), 0);
    /* Exactly now is allowed. */
    cr_assert_eq(sim_schedule(e, 10.0, 0, record, l, 0, NULL), 0);
    cr_assert_eq(sim_pending(e), 1);
    log_free(l);
    sim_destroy(e);
}

Test(engine, run_until_stops_and_resumes)
{
    sim_engine *e = make();
    run_log *l = log_new(16);
    for (uint64_t i = 1; i <= 10; i++)
        cr_assert_eq(sim_schedule(e, (double)i, 0, record, l, i, NULL), 0);
    cr_assert_eq(sim_run(e, 3.0), 3);  /* time == until is included */
    cr_assert_eq(sim_now(e), 3.0);
    cr_assert_eq(sim_pending(e), 7);
    cr_assert_eq(sim_run(e, 5.5), 2);
    cr_assert_eq(sim_now(e), 5.0, "clock is the last event, not until");
    cr_assert_eq(sim_run(e, 5.9), 0);
    cr_assert_eq(sim_now(e), 5.0);
    cr_assert_eq(sim_run(e, NAN), 0);
    cr_assert_eq(sim_run(e, INFINITY), 5);
    cr_assert_eq(sim_now(e), 10.0);
    cr_assert_eq(l->n, 10);
    for (uint64_t i = 0; i < 10; i++)
        cr_assert_eq(l->arg[i], i + 1);
    cr_assert_eq(sim_events_run(e), 10);
    log_free(l);
    sim_destroy(e);
}


Test(engine, run_to_runs_due_events_then_moves_the_clock)
{
    sim_engine *e = make();
    run_log *l = log_new(8);
    for (uint64_t i = 1; i <= 4; i++)
        cr_assert_eq(sim_schedule(e, (double)i, 0, record, l, i, NULL), 0);
    cr_assert_eq(sim_run_to(e, 2.0), 0);        /* runs 1 and 2 (== t included) */
    cr_assert_eq(l->n, 2);
    cr_assert_eq(sim_now(e), 2.0);
    cr_assert_eq(sim_run_to(e, 2.5), 0);        /* nothing due: only the clock */
    cr_assert_eq(l->n, 2);
    cr_assert_eq(sim_now(e), 2.5, "the clock is t, not the last event");
    cr_assert_eq(sim_events_run(e), 2);
    /* the clock never goes back; t must be finite */
    cr_assert_eq(sim_run_to(e, 2.4), -1);
    cr_assert_eq(sim_run_to(e, NAN), -1);
    cr_assert_eq(sim_run_to(e, INFINITY), -1);
    cr_assert_eq(sim_now(e), 2.5);
    cr_assert_eq(l->n, 2, "a rejected step runs nothing");
    /* an event scheduled at the new clock still runs at that time */
    cr_assert_eq(sim_schedule(e, 2.5, 0, record, l, 9, NULL), 0);
    cr_assert_eq(sim_run_to(e, 10.0), 0);
    cr_assert_eq(l->n, 5);
    cr_assert_eq(l->arg[2], 9);
    cr_assert_eq(l->time[2], 2.5);
    cr_assert_eq(sim_now(e), 10.0);
    cr_assert_eq(sim_pending(e), 0);
    log_free(l);
    sim_destroy(e);
}

static void stopper(sim_engine *e, void *ctx, uint64_t arg)
{
    record(e, ctx, arg);
    sim_stop(e);
}

Test(engine, run_to_stopped_keeps_the_clock_at_the_stop)
{
    sim_engine *e = make();
    run_log *l = log_new(8);
    cr_assert_eq(sim_schedule(e, 1.0, 0, stopper, l, 1, NULL), 0);
    cr_assert_eq(sim_schedule(e, 2.0, 0, record, l, 2, NULL), 0);
    cr_assert_eq(sim_run_to(e, 5.0), -1);
    cr_assert_eq(sim_now(e), 1.0);
    cr_assert_eq(sim_pending(e), 1);
    cr_assert_eq(sim_run_to(e, 5.0), 0, "the stop does not stick");
    cr_assert_eq(sim_now(e), 5.0);
    cr_assert_eq(l->n, 2);
    log_free(l);
    sim_destroy(e);
}

Test(engine, stop_from_handler)
{
    sim_engine *e = make();
    run_log *l = log_new(8);
    cr_assert_eq(sim_schedule(e, 1.0, 0, record, l, 1, NULL), 0);
    cr_assert_eq(sim_schedule(e, 2.0, 0, stopper, l, 2, NULL), 0);
    cr_assert_eq(sim_schedule(e, 2.0, 0, record, l, 3, NULL), 0);
    cr_assert_eq(sim_schedule(e, 4.0, 0, record, l, 4, NULL), 0);
    cr_assert_eq(sim_run(e, INFINITY), 2);
    cr_assert_eq(sim_now(e), 2.0);
    cr_assert_eq(sim_pending(e), 2);
    /* The stop does not stick: the next run carries on. */
    cr_assert_eq(sim_run(e, INFINITY), 2);
    cr_assert_eq(l->arg[2], 3);
    cr_assert_eq(l->arg[3], 4);
    /* A stop outside any run does not cut the next run short. */
    cr_assert_eq(sim_schedule(e, 5.0, 0, record, l, 5, NULL), 0);
    sim_stop(e);
    cr_assert_eq(sim_run(e, INFINITY), 1);
    log_free(l);
    sim_destroy(e);
}

Test(engine, reset)
{
    sim_engine *e = make();
    run_log *l = log_new(16);
    sim_handle h = 0;
    cr_assert_eq(sim_schedule(e, 1.0, 0, record, l, 1, NULL), 0);
    cr_assert_eq(sim_schedule(e, 2.0, 0, record, l, 2, &h), 0);
    cr_assert_eq(sim_run(e, 1.0), 1);
    sim_reset(e);
    cr_assert_eq(sim_now(e), 0.0);
    cr_assert_eq(sim_pending(e), 0);
    cr_assert_eq(sim_events_run(e), 0);
    cr_assert_eq(sim_cancel(e, h), -1, "handle survived reset");
    /* Times before the old clock are accepted again. */
    cr_assert_eq(sim_schedule(e, 0.5, 0, record, l, 5, NULL), 0);
    cr_assert_eq(sim_cancel(e, h), -1);
    cr_assert_eq(sim_run(e, INFINITY), 1);
    cr_assert_eq(l->n, 2);
    cr_assert_eq(l->arg[1], 5);
    cr_assert_eq(sim_now(e), 0.5);
    cr_assert_eq(sim_events_run(e), 1);
    log_free(l);
    sim_destroy(e);
}

Test(engine, growth_to_100000_pending)
{
    enum { N = 100000 };
    sim_engine *e = make();
    run_log *l = log_new(N);
    uint64_t st = 2024;
    /* Coarse times force many (time, priority) ties, checked for FIFO. */
    for (uint64_t i = 0; i < N; i++) {
        double t = floor(500.0 * lcg_uniform(&st));
        cr_assert_eq(sim_schedule(e, t, (int)(i % 2), record, l, i, NULL), 0);
    }
    cr_assert_eq(sim_pending(e), N);
    cr_assert_eq(sim_run(e, INFINITY), N);
    cr_assert_eq(l->n, N);
    for (size_t i = 1; i < N; i++) {
        cr_assert_leq(l->time[i - 1], l->time[i]);
        if (l->time[i - 1] == l->time[i] &&
            l->arg[i - 1] % 2 == l->arg[i] % 2)
            cr_assert_lt(l->arg[i - 1], l->arg[i], "FIFO broken at %zu", i);
        if (l->time[i - 1] == l->time[i])
            cr_assert_leq(l->arg[i - 1] % 2, l->arg[i] % 2,
                          "priority broken at %zu", i);
    }
    cr_assert_eq(sim_events_run(e), N);
    cr_assert_eq(sim_now(e), l->time[N - 1]);
    log_free(l);
    sim_destroy(e);
}

typedef struct chain {
    uint64_t left;        /* events still to schedule */
    double last;          /* time of the last handler call */
} chain;

/* Each event schedules the next; steady state with one pending event. */
static void chain_step(sim_engine *e, void *ctx, uint64_t arg)
{
    chain *c = ctx;
    c->last = sim_now(e);
    if (c->left > 0) {
        c->left--;
        cr_assert_eq(sim_schedule(e, sim_now(e) + 0.25, 0, chain_step, c,
                                  arg + 1, NULL), 0);
    }
}

Test(engine, events_run_count_and_clock)
{
    sim_engine *e = make();
    chain c = { .left = 999, .last = -1.0 };
    cr_assert_eq(sim_schedule(e, 1.0, 0, chain_step, &c, 0, NULL), 0);
    cr_assert_eq(sim_run(e, INFINITY), 1000);
    cr_assert_eq(sim_events_run(e), 1000);
    cr_assert_eq(sim_now(e), 1.0 + 999 * 0.25);
    cr_assert_eq(sim_now(e), c.last);
    /* Counts accumulate across runs. */
    c.left = 4;
    cr_assert_eq(sim_schedule(e, sim_now(e), 0, chain_step, &c, 0, NULL), 0);
    cr_assert_eq(sim_run(e, INFINITY), 5);
    cr_assert_eq(sim_events_run(e), 1005);
    cr_assert_eq(sim_now(e), c.last);
    sim_destroy(e);
}

/* A handler that schedules many events forces growth while it runs. */
static void fan_out(sim_engine *e, void *ctx, uint64_t arg)
{
    (void)arg;
    for (uint64_t i = 0; i < 1000; i++)
        cr_assert_eq(sim_schedule(e, sim_now(e) + 1.0, 0, record, ctx, i,
                                  NULL), 0);
}

Test(engine, growth_inside_handler)
{
    sim_engine *e = make();
    run_log *l = log_new(1000);
    cr_assert_eq(sim_schedule(e, 0.0, 0, fan_out, l, 0, NULL), 0);
    cr_assert_eq(sim_run(e, INFINITY), 1001);
    cr_assert_eq(l->n, 1000);
    for (uint64_t i = 0; i < 1000; i++)
        cr_assert_eq(l->arg[i], i);
    log_free(l);
    sim_destroy(e);
}
