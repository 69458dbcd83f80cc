/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_party.c — the party-resource module (src/model/party.h): the one
 * availability test for 24x7, business-hours and on-call severities, the
 * calendar behind it, queue order, who starts when, waking at opening
 * time, and completion events cancelled by their handle.
 *
 * Times are minutes from Monday 00:00 of week 0 under the default calendar
 * (Mon-Fri 08:00-17:00), so every expected value is exact.  The "who starts
 * when" cases drive the party the way replay.c does — an arrival starts at
 * once when nobody waits and a worker is free, else it queues and free
 * workers pick; each completion event's handle goes where party_start says
 * — and log when each item starts and ends.
 */
#include <criterion/criterion.h>

#include <math.h>

#include "../../src/model/party.h"
#include "ownsim/calendar.h"
#include "ownsim/engine.h"

#define DAY 1440.0
#define WEEK 10080.0
#define AT(day, h, m) ((day) * DAY + (h) * 60.0 + (m))   /* day 0 = Monday */
#define MON 0
#define FRI 4
#define SAT 5

enum { P1, P2, P3, P4 };        /* severities, highest first */

static const cal_hours office_hours = {.open = 480.0, .close = 1020.0, .days = 0x1fu};
static cal_sched office;

static void make(party *p, int capacity, bool always_on, unsigned oncall)
{
    cal_sched_from_hours(&office_hours, &office);
    party_init(p, capacity, 4, &office, always_on, oncall);
}

/* ---- availability and calendar ----------------------------------------- */

Test(party, around_the_clock_is_always_open)
{
    party p;
    make(&p, 1, true, 0);
    double t[] = {AT(MON, 3, 0), AT(MON, 12, 0), AT(FRI, 17, 0), AT(SAT, 12, 0),
                  AT(6, 23, 59), AT(9, 2, 30)};
    for (size_t k = 0; k < sizeof t / sizeof *t; k++)
        for (int v = P1; v <= P4; v++) {
            cr_assert_eq(party_covers(&p, v, t[k]), PARTY_OPEN, "t=%g sev=%d", t[k], v);
            cr_assert_eq(party_next_open(&p, t[k]), t[k]);
        }
    cr_assert_eq(party_closed_minutes(&p, P4, AT(FRI, 16, 0), AT(7, 9, 0)), 0.0);
}

Test(party, business_hours_are_half_open)
{
    party p;
    make(&p, 1, false, 0);
    cr_assert_eq(party_covers(&p, P3, AT(MON, 7, 59)), PARTY_CLOSED);
    cr_assert_eq(party_covers(&p, P3, AT(MON, 8, 0)), PARTY_OPEN);
    cr_assert_eq(party_covers(&p, P3, AT(MON, 16, 59)), PARTY_OPEN);
    cr_assert_eq(party_covers(&p, P3, AT(MON, 17, 0)), PARTY_CLOSED);
    cr_assert_eq(party_covers(&p, P1, AT(SAT, 10, 0)), PARTY_CLOSED);
    cr_assert_eq(party_covers(&p, P1, AT(7, 10, 0)), PARTY_OPEN);   /* a week later */
    /* in a condition the answer reads as "may it work now" */
    cr_assert(!party_covers(&p, P3, AT(FRI, 18, 0)));
    cr_assert(party_covers(&p, P3, AT(FRI, 9, 0)));
}

Test(party, on_call_severities_are_worked_after_hours_by_a_call_out)
{
    party p;
    make(&p, 1, false, (1u << P1) | (1u << P2));
    /* open: every severity is simply open, no call-out */
    for (int v = P1; v <= P4; v++)
        cr_assert_eq(party_covers(&p, v, AT(MON, 10, 0)), PARTY_OPEN);
    /* closed: on-call severities by a call-out, the others not at all */
    double night[] = {AT(MON, 20, 0), AT(SAT, 12, 0), AT(FRI, 17, 0), AT(MON, 7, 59)};
    for (size_t k = 0; k < sizeof night / sizeof *night; k++) {
        cr_assert_eq(party_covers(&p, P1, night[k]), PARTY_ONCALL);
        cr_assert_eq(party_covers(&p, P2, night[k]), PARTY_ONCALL);
        cr_assert_eq(party_covers(&p, P3, night[k]), PARTY_CLOSED);
        cr_assert_eq(party_covers(&p, P4, night[k]), PARTY_CLOSED);
    }
}

Test(party, next_opening_and_closed_minutes_follow_the_calendar)
{
    party p;
    make(&p, 1, false, 1u << P1);
    cr_assert_eq(party_next_open(&p, AT(FRI, 17, 0)), WEEK + 480.0);
    cr_assert_eq(party_next_open(&p, AT(MON, 6, 0)), AT(MON, 8, 0));
    cr_assert_eq(party_next_open(&p, AT(MON, 9, 30)), AT(MON, 9, 30));
    /* Friday 16:00 to Monday 09:00: Friday 17:00 .. Monday 08:00 closed */
    cr_assert_eq(party_closed_minutes(&p, P3, AT(FRI, 16, 0), AT(7, 9, 0)), 63 * 60.0);
    /* an on-call severity is never refused, so never closed */
    cr_assert_eq(party_closed_minutes(&p, P1, AT(FRI, 16, 0), AT(7, 9, 0)), 0.0);
    cr_assert_eq(party_closed_minutes(&p, P3, AT(MON, 9, 0), AT(MON, 9, 0)), 0.0);
    cr_assert_eq(party_closed_minutes(&p, P3, AT(MON, 10, 0), AT(MON, 9, 0)), 0.0);
}

Test(party, the_calendar_is_the_party_s_own_pointer)
{
    /* two parties, two schedules: each answers from its own */
    cal_hours late_hours = {.open = 600.0, .close = 1320.0, .days = 0x7fu};
    cal_sched late;
    cal_sched_from_hours(&late_hours, &late);
    party a, b;
    make(&a, 1, false, 0);
    party_init(&b, 1, 4, &late, false, 0);
    cr_assert_eq(party_covers(&a, P3, AT(SAT, 21, 0)), PARTY_CLOSED);
    cr_assert_eq(party_covers(&b, P3, AT(SAT, 21, 0)), PARTY_OPEN);
    cr_assert_eq(party_covers(&a, P3, AT(MON, 9, 0)), PARTY_OPEN);
    cr_assert_eq(party_covers(&b, P3, AT(MON, 9, 0)), PARTY_CLOSED);
    cr_assert_eq(party_next_open(&b, AT(MON, 9, 0)), AT(MON, 10, 0));
}

/* ---- queues -------------------------------------------------------------- */

Test(party, most_urgent_first_then_first_in_first_out)
{
    party p;
    make(&p, 1, true, 0);
    party_item items[8];
    int sev[] = {P3, P1, P2, P1, P3, P4, P2};
    for (uint32_t i = 0; i < 7; i++)
        party_push(&p, items, sev[i], i);
    cr_assert_eq(party_waiting(&p), 7);
    uint32_t want[] = {1, 3, 2, 6, 0, 4, 5};
    for (int k = 0; k < 7; k++)
        cr_assert_eq(party_pick(&p, items, 0.0), want[k], "pick %d", k);
    cr_assert_eq(party_pick(&p, items, 0.0), PARTY_NONE);
    cr_assert_eq(party_waiting(&p), 0);
    /* emptied queues take items again, in order */
    party_push(&p, items, P2, 5);
    party_push(&p, items, P2, 2);
    cr_assert_eq(party_pick(&p, items, 0.0), 5);
    cr_assert_eq(party_pick(&p, items, 0.0), 2);
}

Test(party, pick_passes_over_what_it_may_not_start_now)
{
    party p;
    make(&p, 2, false, 1u << P1);
    party_item items[4];
    party_push(&p, items, P3, 0);     /* waits for Monday */
    party_push(&p, items, P1, 1);     /* on call */
    party_push(&p, items, P2, 2);     /* waits for Monday */
    cr_assert_eq(party_pick(&p, items, AT(SAT, 3, 0)), 1);
    cr_assert_eq(party_pick(&p, items, AT(SAT, 3, 0)), PARTY_NONE);
    cr_assert_eq(party_waiting(&p), 2);
    cr_assert(party_wants_wake(&p));
    cr_assert_eq(party_next_open(&p, AT(SAT, 3, 0)), WEEK + 480.0);
    /* at opening time, the most urgent of those waiting first */
    cr_assert_eq(party_pick(&p, items, WEEK + 480.0), 2);
    cr_assert_eq(party_pick(&p, items, WEEK + 480.0), 0);
    cr_assert_not(party_wants_wake(&p));
}

Test(party, pick_needs_a_free_worker)
{
    party p;
    make(&p, 1, true, 0);
    party_item items[4];
    party_push(&p, items, P1, 0);
    party_push(&p, items, P1, 1);
    uint32_t i = party_pick(&p, items, 0.0);
    cr_assert_eq(i, 0);
    cr_assert_eq(party_start(&p, items, i, false), &items[0].done);
    cr_assert_not(party_idle(&p));
    cr_assert_eq(party_pick(&p, items, 0.0), PARTY_NONE);
    cr_assert_eq(party_waiting(&p), 1);
    cr_assert_not(party_wants_wake(&p));   /* busy, not closed */
    party_done(&p, items, 0);
    cr_assert_eq(party_pick(&p, items, 0.0), 1);
}

/* ---- who starts when: the party driven as replay.c drives it ------------- */

#define NITEM 8

typedef struct drive {
    sim_engine *e;        /* the clock and the events */
    party p;              /* the party under test */
    party_item items[NITEM]; /* the party's record of each item */
    int sev[NITEM];       /* each item's severity */
    double work[NITEM];   /* each item's work, minutes */
    double start[NITEM];  /* when each item started, NAN before */
    double end[NITEM];    /* when each item's work ended, NAN before */
} drive;

static void on_done(sim_engine *e, void *ctx, uint64_t arg);
static void on_wake(sim_engine *e, void *ctx, uint64_t arg);

static void begin(drive *d, uint32_t i, double now)
{
    d->start[i] = now;
    double paused, end = now + d->work[i];
    bool oncall = party_oncall_pool(&d->p, d->sev[i], now);
    if (!oncall)
        end = party_work_end(&d->p, d->sev[i], now, d->work[i], &paused);
    cr_assert_eq(sim_schedule(d->e, end, 0, on_done, d, i,
                              party_start(&d->p, d->items, i, oncall)), 0);
}

static void pull(drive *d, double now)
{
    uint32_t i;
    while ((i = party_pick(&d->p, d->items, now)) != PARTY_NONE)
        begin(d, i, now);
    if (party_wants_wake(&d->p)) {
        double t = party_wake_time(&d->p, now);
        if (!isnan(t))
            cr_assert_eq(sim_schedule(d->e, t, 1, on_wake, d, 0, &d->p.wake), 0);
    }
}

static void on_arrive(sim_engine *e, void *ctx, uint64_t arg)
{
    drive *d = ctx;
    uint32_t i = (uint32_t)arg;
    double now = sim_now(e);
    if (party_waiting(&d->p) == 0 && party_can_start(&d->p, d->sev[i], now)) {
        begin(d, i, now);
        return;
    }
    party_push(&d->p, d->items, d->sev[i], i);
    pull(d, now);
}

static void on_done(sim_engine *e, void *ctx, uint64_t arg)
{
    drive *d = ctx;
    d->end[arg] = sim_now(e);
    party_done(&d->p, d->items, (uint32_t)arg);
    pull(d, sim_now(e));
}

static void on_wake(sim_engine *e, void *ctx, uint64_t arg)
{
    (void)arg;
    drive *d = ctx;
    party_woken(&d->p);
    pull(d, sim_now(e));
}

static drive *drive_new(int capacity, bool always_on, unsigned oncall)
{
    drive *d = calloc(1, sizeof *d);
    cr_assert_not_null(d);
    d->e = sim_create();
    cr_assert_not_null(d->e);
    make(&d->p, capacity, always_on, oncall);
    for (int i = 0; i < NITEM; i++)
        d->start[i] = d->end[i] = NAN;
    return d;
}

/* Item i of severity sev arrives at t with `work` minutes to do.  Arrivals
 * come after completions at equal times, as in replay.c. */
static void arrive(drive *d, uint32_t i, double t, int sev, double work)
{
    d->sev[i] = sev;
    d->work[i] = work;
    cr_assert_eq(sim_schedule(d->e, t, 2, on_arrive, d, i, NULL), 0);
}

static void drive_free(drive *d)
{
    sim_destroy(d->e);
    free(d);
}

Test(party, two_workers_take_arrivals_by_severity_then_order)
{
    drive *d = drive_new(2, true, 0);
    arrive(d, 0, 0, P2, 10);    /* a worker at once: 0 .. 10 */
    arrive(d, 1, 1, P2, 10);    /* the other worker: 1 .. 11 */
    arrive(d, 2, 2, P2, 5);     /* waits */
    arrive(d, 3, 3, P1, 4);     /* waits, but is more urgent: 10 .. 14 */
    arrive(d, 4, 10, P2, 1);    /* at 10, after the worker freed at 10 chose 3 */
    sim_run(d->e, INFINITY);
    double start[] = {0, 1, 11, 10, 14}, end[] = {10, 11, 16, 14, 15};
    for (int i = 0; i < 5; i++) {
        cr_assert_eq(d->start[i], start[i], "item %d starts at %g", i, d->start[i]);
        cr_assert_eq(d->end[i], end[i], "item %d ends at %g", i, d->end[i]);
    }
    cr_assert_eq(d->p.busy, 0);
    cr_assert_eq(party_waiting(&d->p), 0);
    drive_free(d);
}

Test(party, business_hours_party_waits_for_monday_but_calls_out_on_call)
{
    drive *d = drive_new(1, false, 1u << P1);
    arrive(d, 0, AT(FRI, 16, 0), P3, 30);   /* 16:00 .. 16:30 */
    arrive(d, 1, AT(FRI, 16, 50), P3, 30);  /* starts before closing, runs past it */
    arrive(d, 2, AT(FRI, 18, 0), P3, 20);   /* closed: Monday 08:00 */
    arrive(d, 3, AT(SAT, 3, 0), P1, 45);    /* on call: at once */
    arrive(d, 4, AT(SAT, 4, 0), P4, 10);    /* Monday, after item 2 */
    sim_run(d->e, INFINITY);
    double mon = WEEK + 480.0;
    double start[] = {AT(FRI, 16, 0), AT(FRI, 16, 50), mon, AT(SAT, 3, 0), mon + 20};
    double end[] = {AT(FRI, 16, 30), AT(FRI, 17, 20), mon + 20, AT(SAT, 3, 45), mon + 30};
    for (int i = 0; i < 5; i++) {
        cr_assert_eq(d->start[i], start[i], "item %d starts at %g", i, d->start[i]);
        cr_assert_eq(d->end[i], end[i], "item %d ends at %g", i, d->end[i]);
    }
    cr_assert_eq(d->p.wake, 0);   /* the wake-up ran */
    drive_free(d);
}

/* ---- on-call engineers of its own, work paused at closing -------------- */

Test(party, oncall_engineers_of_its_own_queue_call_outs)
{
    /* four daytime workers, one on-call engineer: two night-time P1s go
     * one after the other, not side by side */
    drive *d = drive_new(4, false, 1u << P1);
    party_set_after_hours(&d->p, 1, false);
    arrive(d, 0, AT(SAT, 3, 0), P1, 30);
    arrive(d, 1, AT(SAT, 3, 0), P1, 30);
    arrive(d, 2, AT(SAT, 3, 10), P3, 10);   /* not on call: Monday 08:00 */
    sim_run(d->e, INFINITY);
    double mon = WEEK + 480.0;
    double start[] = {AT(SAT, 3, 0), AT(SAT, 3, 30), mon}, end[] = {AT(SAT, 3, 30),
                                                                     AT(SAT, 4, 0), mon + 10};
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(d->start[i], start[i], "item %d starts at %g", i, d->start[i]);
        cr_assert_eq(d->end[i], end[i], "item %d ends at %g", i, d->end[i]);
    }
    cr_assert_eq(d->p.oncall_busy, 0);
    cr_assert_eq(d->p.busy, 0);
    drive_free(d);
}

Test(party, oncall_work_runs_past_opening_and_the_queue_goes_to_the_day)
{
    drive *d = drive_new(1, false, 1u << P1);
    party_set_after_hours(&d->p, 1, false);
    arrive(d, 0, AT(MON, 7, 30), P1, 40);   /* on call: 07:30 .. 08:10 */
    arrive(d, 1, AT(MON, 7, 30), P1, 40);   /* queued: the day takes it at 08:00 */
    sim_run(d->e, INFINITY);
    cr_assert_eq(d->start[0], AT(MON, 7, 30));
    cr_assert_eq(d->end[0], AT(MON, 8, 10));
    cr_assert_eq(d->start[1], AT(MON, 8, 0));
    cr_assert_eq(d->end[1], AT(MON, 8, 40));
    cr_assert_not(d->items[0].oncall == d->items[1].oncall);
    drive_free(d);
}

Test(party, oncall_engineer_takes_over_a_waiting_call_out_at_closing)
{
    drive *d = drive_new(1, false, 1u << P1);
    party_set_after_hours(&d->p, 1, false);
    arrive(d, 0, AT(MON, 16, 30), P3, 60);  /* the day worker: 16:30 .. 17:30 */
    arrive(d, 1, AT(MON, 16, 35), P1, 30);  /* waits; on call from 17:00 */
    sim_run(d->e, INFINITY);
    cr_assert_eq(d->start[1], AT(MON, 17, 0));
    cr_assert_eq(d->end[1], AT(MON, 17, 30));
    cr_assert_eq(d->end[0], AT(MON, 17, 30));
    drive_free(d);
}

Test(party, no_oncall_engineer_no_work_after_hours)
{
    party p;
    make(&p, 2, false, 1u << P1);
    party_set_after_hours(&p, 0, false);
    party_item items[2];
    party_push(&p, items, P1, 0);
    cr_assert_eq(party_pick(&p, items, AT(SAT, 3, 0)), PARTY_NONE);
    cr_assert(party_wants_wake(&p));
    cr_assert_eq(party_wake_time(&p, AT(SAT, 3, 0)), WEEK + 480.0);
    cr_assert_eq(party_pick(&p, items, WEEK + 480.0), 0);
}

Test(party, wake_times_with_oncall_engineers)
{
    party p;
    make(&p, 1, false, 1u << P1);
    party_set_after_hours(&p, 1, false);
    party_item items[4];
    party_start(&p, items, 0, false);           /* the day worker busy */
    party_push(&p, items, P3, 1);
    /* open, a P3 waits: on call it would not be taken, nothing to wake */
    cr_assert(isnan(party_wake_time(&p, AT(MON, 10, 0))));
    party_push(&p, items, P1, 2);
    cr_assert_eq(party_wake_time(&p, AT(MON, 10, 0)), AT(MON, 17, 0));
    /* closed with the day worker still busy: its end will pull */
    cr_assert(isnan(party_wake_time(&p, AT(MON, 18, 0))));
    party_done(&p, items, 0);
    cr_assert_eq(party_wake_time(&p, AT(MON, 18, 0)), AT(1, 8, 0));
}

Test(party, pause_stretches_work_over_the_closed_hours)
{
    party p;
    make(&p, 1, false, 1u << P1);
    double paused;
    /* finish: no pause */
    cr_assert_eq(party_work_end(&p, P3, AT(MON, 8, 0), 600, &paused), AT(MON, 18, 0));
    cr_assert_eq(paused, 0.0);
    party_set_after_hours(&p, -1, true);
    cr_assert_eq(party_work_end(&p, P3, AT(MON, 8, 0), 600, &paused), AT(1, 9, 0));
    cr_assert_eq(paused, 900.0);
    /* Friday 16:00, two hours: one on Friday, one on Monday */
    cr_assert_eq(party_work_end(&p, P3, AT(FRI, 16, 0), 120, &paused), WEEK + 540.0);
    cr_assert_eq(paused, WEEK + 480.0 - AT(FRI, 17, 0));
    /* exactly to closing: not paused */
    cr_assert_eq(party_work_end(&p, P3, AT(MON, 16, 0), 60, &paused), AT(MON, 17, 0));
    cr_assert_eq(paused, 0.0);
    /* an on-call severity runs on */
    cr_assert_eq(party_work_end(&p, P1, AT(MON, 16, 0), 120, &paused), AT(MON, 18, 0));
    cr_assert_eq(paused, 0.0);
    /* ten weeks of open minutes (whole weeks skipped at once) */
    double w = 10 * 2700.0;
    cr_assert_eq(party_work_end(&p, P3, AT(MON, 8, 0), w, &paused), 9 * WEEK + AT(FRI, 17, 0));
    cr_assert_eq(paused, 9 * WEEK + AT(FRI, 17, 0) - AT(MON, 8, 0) - w);
    /* 24x7: no closing */
    party q;
    make(&q, 1, true, 0);
    party_set_after_hours(&q, -1, true);
    cr_assert_eq(party_work_end(&q, P3, AT(MON, 8, 0), 600, &paused), AT(MON, 18, 0));
}

/* ---- work in hand and its completion handle ----------------------------- */

static void must_not_run(sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e;
    (void)ctx;
    cr_assert_fail("a cancelled completion ran (arg %llu)", (unsigned long long)arg);
}

static void count_run(sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e;
    (void)arg;
    ++*(int *)ctx;
}

Test(party, completion_cancelled_by_its_handle)
{
    sim_engine *e = sim_create();
    party p;
    make(&p, 2, true, 0);
    party_item items[16];
    int ran = 0;
    sim_handle *h7 = party_start(&p, items, 7, false),
               *h9 = party_start(&p, items, 9, false);
    cr_assert_eq(sim_schedule(e, 50, 0, must_not_run, NULL, 7, h7), 0);
    cr_assert_eq(sim_schedule(e, 20, 0, count_run, &ran, 9, h9), 0);
    cr_assert(*h7 && *h9 && *h7 != *h9);
    cr_assert_not(party_idle(&p));
    cr_assert_eq(sim_pending(e), 2);

    cr_assert_eq(party_preempt(&p, e, items, 7), 0);
    cr_assert_eq(sim_pending(e), 1);
    cr_assert(party_idle(&p));
    cr_assert_eq(party_preempt(&p, e, items, 7), -1);   /* nothing pending any more */
    cr_assert(party_idle(&p));
    cr_assert_eq(p.busy, 1);

    sim_run(e, INFINITY);                 /* 9's completion runs, 7's does not */
    cr_assert_eq(ran, 1);
    party_done(&p, items, 9);
    cr_assert_eq(party_preempt(&p, e, items, 9), -1);   /* ran: its handle is stale */
    cr_assert_eq(p.busy, 0);

    /* the same item in hand again: its new handle cancels it in turn */
    h7 = party_start(&p, items, 7, false);
    cr_assert_eq(sim_schedule(e, 70, 0, must_not_run, NULL, 7, h7), 0);
    cr_assert_eq(party_preempt(&p, e, items, 7), 0);
    cr_assert_eq(sim_run(e, INFINITY), 0);
    cr_assert_eq(p.busy, 0);
    sim_destroy(e);
}

Test(party, capacity_bounds_the_work_in_hand)
{
    enum { C = 100 };
    party p;
    make(&p, C, true, 0);
    party_item items[C + 1];
    for (uint32_t i = 0; i < C; i++) {
        cr_assert(party_idle(&p));
        cr_assert_eq(party_start(&p, items, i, false), &items[i].done);
    }
    cr_assert_not(party_idle(&p));
    party_push(&p, items, P1, C);
    cr_assert_eq(party_pick(&p, items, 0.0), PARTY_NONE);
    party_done(&p, items, 0);
    cr_assert(party_idle(&p));
    cr_assert_eq(party_pick(&p, items, 0.0), C);
}

Test(party, no_staff_never_idle)
{
    party p;
    make(&p, 0, true, 0);
    party_item items[2];
    cr_assert_not(party_idle(&p));
    party_push(&p, items, P1, 0);
    cr_assert_eq(party_pick(&p, items, 0.0), PARTY_NONE);
    cr_assert_not(party_wants_wake(&p));
}

Test(party, reset_empties_queues_and_frees_workers)
{
    party p;
    make(&p, 2, false, 0);
    party_item items[4];
    party_push(&p, items, P3, 0);
    party_push(&p, items, P1, 1);
    party_start(&p, items, 2, false);
    p.wake = 42;   /* as if a wake-up were pending */
    party_reset(&p);
    cr_assert_eq(party_waiting(&p), 0);
    cr_assert_eq(p.busy, 0);
    cr_assert_eq(p.wake, 0);
    cr_assert_eq(party_pick(&p, items, AT(MON, 9, 0)), PARTY_NONE);
    party_push(&p, items, P2, 3);
    cr_assert_eq(party_pick(&p, items, AT(MON, 9, 0)), 3);
}
