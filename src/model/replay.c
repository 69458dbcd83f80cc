/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * replay.c — the incident lifecycle under one ownership model, on the engine.
 *
 * Design.  Everything an incident does before it needs a worker (detection,
 * intake, triage, orphaning, escalation, handoffs, waiting for coverage) is a
 * pure function of its own clock and its decision uniforms, so it is computed
 * straight away on the incident's private clock (f->t) without events.  The
 * engine is needed only where incidents meet: the parties, whose queues,
 * work in hand, hours and calendar are party.c's (one `party` per party,
 * inside the replay), so that this file reads as the lifecycle and the
 * schedule.  An incident costs at most three events in the common case —
 * arrival, joining a queue (only when something delayed it on the way),
 * work done — plus two per bounce.
 *
 * Invariants.
 *  - Every minute of an incident is charged to exactly one stage through
 *    charge() (add() charges and advances its clock): the stages sum to
 *    the time to resolution.  Work a party pauses at closing charges its
 *    closed minutes to after_hours when it ends (start_after_hours).
 *    Work interrupted by a more urgent ticket (a party's preempt,
 *    docs/model.md §4.9) is charged what it worked and was paused so far
 *    when interrupted (interrupt), its wait to resume as a wait, and what
 *    was left, plus its resume penalty, as its next session.
 *  - Support groups (docs/model.md §4.10): a party with escalate_to takes
 *    the general path (party_set_general), where the session it starts is
 *    decided (group_session: resolve, or work a share and escalate, kept
 *    in f->wasting, so that on_done's common test is what it was); the
 *    escalation (group_escalate) charges work, then its delay to handoff,
 *    and sends the ticket to the next group through go_to, as to any party.
 *  - Vendor coordination (docs/model.md §4.12): when the session that
 *    resolves ends (on_done) and the outage needs its category's vendor
 *    (needs_vendor, asked only where some category may), vendor_fix takes
 *    the ticket on its own clock through its coordinator (a handoff and
 *    coverage, or a gray area's rounds, vendor_gray) and the vendor's
 *    hours (r->vendor[c], a party with no workers that pauses at closing)
 *    to the fix, charged to `vendor`, and finishes it at once: nothing
 *    later can change it, and no event or worker is needed.
 *  - Intake agents and major incidents (docs/model.md §4.11) take the path
 *    of start_special only when the scenario has them (r->special, a
 *    constant in each of replay_feed's two loops, so the common path pays
 *    nothing): a ticket that needs an intake agent takes it at an event at
 *    the minute it reaches the agents (intake_take: first come, first
 *    served, which holds because events come in time order), and each
 *    duplicate ticket of a burst is a flight of its own from its outage's
 *    start to its acknowledgement, handed to the sink flagged
 *    INC_DUPLICATE and never counted as in flight.
 *  - Every random decision uses rng_decision(key, role, k) with k counting
 *    occurrences of that role for this incident: common random numbers
 *    across models by construction.
 *  - Whether a party may work now is asked of party_covers() alone: on the
 *    incident's clock (coverage), at a queue (enqueue) and when a worker
 *    looks for the next ticket (party_pick); which pool starts the work
 *    (a party with on-call engineers of its own) follows from it too.
 *  - Incidents live in a pool indexed by uint32_t; items[i] is what the
 *    parties keep of flight i (its queue link and, while it is worked, its
 *    completion handle), and its link also chains the free list: no
 *    allocation per event; pool and items[] grow by doubling only past
 *    their peak.
 *  - A replication is fed in chunks (replay_begin, replay_feed..., replay_end):
 *    everything between two outages lives in the replay, so where the
 *    chunks end changes nothing, and the stream need not be held whole.
 */
#include "ownsim/replay.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/engine.h"
#include "ownsim/rng.h"
#include "ownsim/work.h"
#include "party.h"

#define NIL PARTY_NONE

/* coverage, handoff and finish are inlined where they were before vendor
 * coordination (§4.12) called them a second time, from its cold path: a
 * second call site had gcc keep them out of line, 6 % of the M/M/c
 * benchmark's instructions. */
#define ALWAYS_INLINE inline __attribute__((always_inline))

/* Event priorities at equal times: free workers first, then wake-ups, then
 * tickets joining queues, then tickets reaching intake agents (§4.11); new
 * outages (not engine events) come after all. */
enum { PRIO_DONE, PRIO_WAKE, PRIO_ENQUEUE, PRIO_INTAKE };

const char *const inc_stage_names[ST_COUNT] = {
    "detect", "intake", "ownership", "handoff", "after_hours", "queue", "work", "vendor"
};

const char *inc_stage_label(inc_stage st)
{
    static const char *const labels[ST_COUNT] = {
        "Detection", "Intake", "Finding the owner", "Handoffs", "After hours", "Queue", "Work",
        "Vendor"
    };
    return st >= 0 && st < ST_COUNT ? labels[st] : "";
}

/* What a work session ends in (flight.wasting): RESOLVES is 0, so that
 * on_done's test of the common case reads as it did when it was a bool. */
enum { RESOLVES = 0, WASTES, ESCALATES };

typedef struct flight {
    inc_record rec;       /* the result being built */
    uint64_t key;         /* decision key rng_incident_key(seed, rep, id), once keyed */
    double t;             /* the incident's own clock before it joins a queue */
    double t_open;        /* ticket opened (detection) */
    double t_queued;      /* when it joined its current queue */
    double rework;        /* sum of context_loss over handoffs so far */
    double session;       /* length of the current work session */
    double paused;        /* closed minutes it spans (a party that pauses at
                             closing), charged to after_hours when it ends */
    double t_start;       /* when its current work session started (a
                             preempting party: start_preempting) */
    double cov_t;         /* the last party_covers asked for it (covers): at
                             time cov_t, of party cov_p, the answer (cov) */
    int intake;           /* party that opened the ticket (bounces return here) */
    int holder;           /* party holding the ticket */
    int true_owner;       /* party that can resolve it */
    int round;            /* gray-area assignment round; a duplicate ticket's
                             index in its burst (rec.major == INC_DUPLICATE) */
    uint16_t called;      /* parties already called out after hours (bit mask:
                             SCN_MAX_PARTIES bits) */
    int16_t callouts;     /* call-outs so far (decision index; at most one a
                             party) */
    uint8_t cov;          /* see cov_t: 0 none yet, else 1 + 3 cov_p + the
                             answer (a party_cover); with called and callouts
                             in 16 bits, room for cov_t in the 256 bytes */
    uint8_t wasting;      /* what this session ends in: RESOLVES, WASTES (a
                             wrong assignee's), ESCALATES (a support group's
                             that passes it on, escalate_to) */
    bool resume;          /* interrupted (preempt): f->session is what it has
                             left, plus the resume penalty: its next session */
    bool keyed;           /* key computed (with the bytes above: the record's
                             `vendor` stage left no room beside key) */
} flight;

/* The pool's and the parties' entries are padded to powers of two, so that
 * an entry is found from its index by a shift: the index of a flight comes
 * with nearly every event, and its party's follows from the flight.  (Worth
 * 4% of the M/M/c benchmark's CPU time against 240- and 112-byte strides.) */
typedef union flight_slot {
    flight f;
    unsigned char size[256];
} flight_slot;

typedef union party_slot {
    party p;
    unsigned char size[128];
} party_slot;

_Static_assert(sizeof(flight) <= 256 && sizeof(party) <= 128, "resize the padding");
_Static_assert(SCN_MAX_PARTIES <= 16 && 3 * SCN_MAX_PARTIES < 255,
               "flight.called holds a bit per party, flight.cov a party and an answer");

struct replay {
    const scenario *s;    /* borrowed */
    const scn_model *m;   /* the model replayed, inside s */
    sim_engine *eng;      /* owned */
    flight_slot *pool;    /* in-flight incidents; owned */
    party_item *items;    /* the parties' record of each flight; items[i].next
                             also chains the free list; owned, cap entries */
    party_link *links;    /* a preempting party's record of the flights in
                             its hand; owned, cap entries when some party
                             preempts, else NULL */
    bool preempts;        /* some party preempts (links are kept) */
    bool special;         /* some party has intake agents, or some category
                             major incidents (§4.11): start takes start_special */
    double *agents[SCN_MAX_PARTIES]; /* intake agents (§4.11): when each is free
                             next, a min-heap of nagents[p] entries; NULL = no
                             limit (acknowledgement needs no worker); owned */
    int nagents[SCN_MAX_PARTIES];   /* entries of agents[p] */
    bool groups;          /* some party escalates to a next group (escalate_to) */
    bool vendors;         /* some category may need a vendor (vendor_prob > 0) */
    uint32_t cap;         /* entries in pool and items */
    uint32_t free_head;   /* first free entry, NIL when full */
    party_slot party[SCN_MAX_PARTIES];      /* queues, work in hand, hours */
    cal_sites sites[SCN_MAX_PARTIES];       /* placed scenario: each party's sites */
    cal_sites org_sites;                    /* placed scenario: the organisation's */
    party vendor[SCN_MAX_CAT];              /* each category's vendor: its hours only
                                               (no worker, no queue; §4.12) */
    cal_sites vendor_sites[SCN_MAX_CAT];    /* placed scenario: each vendor's sites */
    const double *skill[SCN_MAX_PARTIES];   /* each party's skill factors, in s */
    bool same_tool[SCN_MAX_PARTIES][SCN_MAX_PARTIES]; /* precomputed */
    int nowners[SCN_MAX_CAT];  /* parties owning each category (1 = clear owner) */
    uint32_t rep;         /* replication being replayed */
    replay_sink sink;     /* where resolved incidents go */
    void *sink_ctx;       /* its context */
    uint64_t arrivals;    /* outages started in this run */
    uint64_t events;      /* events of the last run, arrivals included */
    long inflight;        /* incidents started and not yet resolved */
    long peak;            /* most incidents unresolved at once in the last run */
    bool failed;          /* an event could not be scheduled, or no flight had room */
    int fail_code;        /* why: SIM_ENOMEM, or SIM_EINVAL (a time that is not finite) */
    double fail_t;        /* with SIM_EINVAL: the time asked for */
};

static void on_enqueue(sim_engine *e, void *ctx, uint64_t arg);
static ALWAYS_INLINE void enqueue(replay *r, uint32_t i, flight *f, double now);
static void on_done(sim_engine *e, void *ctx, uint64_t arg);
static void on_done_preempt(sim_engine *e, void *ctx, uint64_t arg);
static void on_wake(sim_engine *e, void *ctx, uint64_t arg);

/* The sites of a placed scenario's schedules in mask (0: the calendar, in
 * the reference zone), pointing into s. */
static void place_sites(const scenario *s, uint32_t mask, cal_sites *out)
{
    out->n = 0;
    if (!mask) {
        out->week[0] = &s->cal_sched;
        out->shift[0] = &s->ref_shift;
        out->hol[0] = &s->cal_hol_all;
        out->n = 1;
        return;
    }
    for (int k = 0; k < s->nsched && out->n < CAL_MAX_SITES; k++)
        if (mask & (1u << k)) {
            out->week[out->n] = &s->sched[k].sched;
            out->shift[out->n] = &s->sched[k].shift;
            out->hol[out->n] = &s->sched[k].hol_all;
            out->n++;
        }
}

/* The organisation's open minutes of [a, b): the downtime cost of idle
 * users. */
static double org_open_minutes(const replay *r, double a, double b)
{
    if (r->s->placed)
        return cal_sites_open_minutes(&r->org_sites, a, b);
    return cal_sched_open_minutes(&r->s->org_sched, a, b);
}

replay *replay_create(const scenario *s, int model, os_error *e)
{
    replay *r = calloc(1, sizeof *r);
    if (!r || !(r->eng = sim_create())) {
        free(r);
        err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
        return NULL;
    }
    r->s = s;
    r->m = &s->model[model];
    /* every party keeps its own hours (the calendar's unless it names
     * schedules) */
    for (int p = 0; p < s->nparty; p++) {
        const scn_party *pt = &s->party[p];
        /* no on-call engineer at all (oncall_staff 0): nothing is on call */
        int oncall_staff = r->m->oncall_staff[p];
        party_init(&r->party[p].p, r->m->staff[p], s->nsev, &pt->sched, pt->always_on,
                   oncall_staff == 0 ? 0u : pt->oncall);
        party_set_after_hours(&r->party[p].p, oncall_staff, pt->at_close == 1);
        party_set_preempt(&r->party[p].p, pt->preempt);
        r->preempts |= pt->preempt != 0;
        r->groups |= scn_next_group(pt) >= 0;
        /* a group that escalates takes the general path, where its
         * sessions are decided (group_session) */
        if (scn_next_group(pt) >= 0)
            party_set_general(&r->party[p].p);
        if (s->placed) {
            place_sites(s, pt->schedules, &r->sites[p]);
            party_set_sites(&r->party[p].p, &r->sites[p]);
        }
        r->skill[p] = pt->skill;
    }
    if (s->placed)
        place_sites(s, s->org_schedules, &r->org_sites);
    /* a vendor keeps its schedules' hours, and its response and fix count
     * only its open minutes (party_work_end of a party that pauses) */
    r->vendors = scn_has_vendors(s);
    for (int c = 0; c < s->ncat; c++) {
        const scn_category *ct = &s->cat[c];
        party_init(&r->vendor[c], 0, s->nsev, &ct->vendor_sched, ct->vendor_schedules == 0, 0);
        party_set_after_hours(&r->vendor[c], -1, true);
        if (s->placed && ct->vendor_schedules) {
            place_sites(s, ct->vendor_schedules, &r->vendor_sites[c]);
            party_set_sites(&r->vendor[c], &r->vendor_sites[c]);
        }
    }
    for (int a = 0; a < s->nparty; a++)
        for (int b = 0; b < s->nparty; b++)
            r->same_tool[a][b] = !strcmp(s->party[a].tool, s->party[b].tool);
    for (int c = 0; c < s->ncat; c++) {
        r->nowners[c] = __builtin_popcount(r->m->owner[c]);
        for (int v = 0; v < s->nsev; v++)
            r->special |= s->cat[c].major_prob[v] > 0;
    }
    for (int p = 0; p < s->nparty; p++) {
        int c = r->m->intake_staff[p];
        if (c <= 0)
            continue;
        r->special = true;
        r->nagents[p] = c;
        if (!(r->agents[p] = calloc((size_t)c, sizeof *r->agents[p]))) {
            replay_destroy(r);
            err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
            return NULL;
        }
    }
    r->free_head = NIL;
    return r;
}

void replay_destroy(replay *r)
{
    if (!r)
        return;
    sim_destroy(r->eng);
    free(r->pool);
    free(r->items);
    free(r->links);
    for (int p = 0; p < SCN_MAX_PARTIES; p++)
        free(r->agents[p]);
    free(r);
}

uint64_t replay_events(const replay *r)
{
    return r->events;
}

long replay_peak(const replay *r)
{
    return r->peak;
}

/* ---- the pool ------------------------------------------------------------ */

/* always inlined: a second caller (burst) would otherwise take it out of
 * replay_feed's loop */
static ALWAYS_INLINE uint32_t flight_alloc(replay *r)
{
    if (r->free_head == NIL) {
        uint32_t cap = r->cap ? 2 * r->cap : 256;
        flight_slot *p = realloc(r->pool, (size_t)cap * sizeof *p);
        if (!p)
            return NIL;
        r->pool = p;    /* kept even if items[] cannot follow: cap says */
        party_item *it = realloc(r->items, (size_t)cap * sizeof *it);
        if (!it)
            return NIL;
        r->items = it;
        if (r->preempts) {
            party_link *ln = realloc(r->links, (size_t)cap * sizeof *ln);
            if (!ln)
                return NIL;
            r->links = ln;
        }
        for (uint32_t i = cap; i-- > r->cap;) {
            it[i] = (party_item){.done = 0, .next = r->free_head};
            r->free_head = i;
        }
        r->cap = cap;
    }
    uint32_t i = r->free_head;
    r->free_head = r->items[i].next;
    return i;
}

static void flight_free(replay *r, uint32_t i)
{
    r->items[i].next = r->free_head;
    r->free_head = i;
}

/* ---- lifecycle steps on the incident's own clock ------------------------- */

/* The decision uniform (role, k) of the incident.  Its key is derived on
 * first use: an incident that meets only constant delays and clear owners
 * draws nothing at all. */
static inline double U(const replay *r, flight *f, unsigned role, unsigned k)
{
    if (!f->keyed) {
        f->key = rng_incident_key(r->s->seed, r->rep, f->rec.id);
        f->keyed = true;
    }
    return rng_decision(f->key, role, k);
}

/* A draw of d for decision (role, k): constants need no uniform. */
static inline double draw(const replay *r, flight *f, const dist *d, unsigned role,
                          unsigned k)
{
    return d->kind == DIST_CONST ? d->p[0] : dist_quantile(d, U(r, f, role, k));
}

/* Charge d minutes to stage st: the one place a stage grows. */
static inline void charge(flight *f, inc_stage st, double d)
{
    f->rec.stage[st] += d;
}

/* Charge d minutes to stage st and advance the incident's clock. */
static inline void add(flight *f, inc_stage st, double d)
{
    charge(f, st, d);
    f->t += d;
}

/* Record why an event at t could not be scheduled (rc < 0): the replay
 * stops at its next step and replay_feed or replay_end reports it.  A time
 * that is not finite is the model's doing (an infinite delay or effort),
 * not the memory's. */
static inline void scheduled(replay *r, int rc, double t)
{
    if (rc < 0 && !r->failed) {
        r->failed = true;
        r->fail_code = rc;
        r->fail_t = t;
    }
}

/* The one call of sim_schedule (so that it inlines here): fn(arg) at t, its
 * handle stored in *out unless out is NULL. */
static void schedule(replay *r, double t, int prio, sim_handler fn, uint64_t arg,
                     sim_handle *out)
{
    scheduled(r, sim_schedule(r->eng, t, prio, fn, r, arg, out), t);
}

/* party_covers(party p, f's severity, t), remembered in f: the same
 * question is asked again at the same minute when nothing moved the
 * ticket's clock (coverage on the way to a queue, then enqueue there, then
 * start_after_hours' pool), and the answer is a function of (p, severity,
 * t) alone, so the memo gives the very same answer (a calendar lookup was
 * 4% of the default scenario's instructions, asked twice or three times).
 * A 24x7 party answers at once, without the memo. */
static ALWAYS_INLINE party_cover covers(flight *f, const party *pa, int p, double t)
{
    if (pa->always_on)
        return PARTY_OPEN;
    unsigned k = f->cov - 1u - 3u * (unsigned)p;   /* the answer, if p's */
    if (k < 3u && f->cov_t == t)
        return (party_cover)k;
    party_cover c = party_covers(pa, f->rec.severity, t);
    f->cov_t = t;
    f->cov = (uint8_t)(1u + 3u * (unsigned)p + (unsigned)c);
    return c;
}

/* Before party p can act: wait for its hours, or call out its on-call
 * (once per party and incident). */
static ALWAYS_INLINE void coverage(replay *r, flight *f, int p)
{
    switch (covers(f, &r->party[p].p, p, f->t)) {
    case PARTY_OPEN:
        return;
    case PARTY_ONCALL:
        if (!(f->called & (1u << p))) {
            f->called |= 1u << p;
            add(f, ST_AFTER_HOURS, draw(r, f, &r->s->party[p].callout_delay, ROLE_CALLOUT,
                                        (unsigned)f->callouts++));
        }
        return;
    case PARTY_CLOSED:
        add(f, ST_AFTER_HOURS, party_next_open(&r->party[p].p, f->t) - f->t);
        return;
    }
}

/* Move the ticket from its holder to party p. */
static ALWAYS_INLINE void handoff(replay *r, flight *f, int p)
{
    if (f->holder == p)
        return;
    const scn_model *m = r->m;
    double d = draw(r, f, &m->handoff_delay, ROLE_HANDOFF, (unsigned)f->rec.handoffs);
    if (!r->same_tool[f->holder][p])
        d *= m->cross_tool_factor;
    add(f, ST_HANDOFF, d);
    f->rec.handoffs++;
    f->rework += work_rework(m, 1);
    f->holder = p;
}

/* Send the ticket to party p to be worked (wasting: p is the wrong party).
 * Inlined where a clear owner gets its new ticket (route_new), the path
 * of most incidents; called out of line (go_to) everywhere else. */
static ALWAYS_INLINE void send_to(replay *r, uint32_t i, int p, bool wasting)
{
    flight *f = &r->pool[i].f;
    handoff(r, f, p);
    coverage(r, f, p);
    f->wasting = wasting ? WASTES : RESOLVES;
    /* already there (no delay on the way): join the queue now, one event
     * fewer; otherwise an event when it gets there */
    double now = sim_now(r->eng);
    if (f->t == now)
        enqueue(r, i, f, now);
    else
        schedule(r, f->t, PRIO_ENQUEUE, on_enqueue, i, NULL);
}

static void go_to(replay *r, uint32_t i, int p, bool wasting)
{
    send_to(r, i, p, wasting);
}

/* The n-th set bit of mask (n from 0). */
static int nth_bit(uint32_t mask, int n)
{
    for (int p = 0; p < 32; p++)
        if ((mask & (1u << p)) && n-- == 0)
            return p;
    return -1;
}

static void escalate(replay *r, uint32_t i)
{
    flight *f = &r->pool[i].f;
    add(f, ST_OWNERSHIP, draw(r, f, &r->m->escalation_delay, ROLE_ESCALATION, 0));
    f->rec.escalated = true;
    go_to(r, i, f->true_owner, false);
}

/* One gray-area assignment: triage, then the right or a wrong party. */
static void assign_round(replay *r, uint32_t i)
{
    flight *f = &r->pool[i].f;
    const scn_model *m = r->m;
    unsigned k = (unsigned)f->round;
    add(f, ST_OWNERSHIP, draw(r, f, &m->triage_delay, ROLE_TRIAGE, k));
    if (U(r, f, ROLE_MISROUTE, k) < m->misroute_prob) {
        uint32_t wrong = m->owner[f->rec.category] & ~(1u << f->true_owner);
        int n = r->nowners[f->rec.category] - 1;
        int w = nth_bit(wrong, (int)(U(r, f, ROLE_WRONG_PARTY, k) * n));
        go_to(r, i, w, true);
    } else {
        go_to(r, i, f->true_owner, false);
    }
}

/* The ownership step of a new ticket, acknowledged at f->t: a clear
 * owner's, or a gray area's (§4.4; with `special`, a major incident's
 * bridge first, §4.11). */
static void bridge(replay *r, uint32_t i, flight *f, int n);

static ALWAYS_INLINE void route_new(replay *r, uint32_t i, flight *f,
                                                            bool special)
{
    const scn_model *m = r->m;
    int c = f->rec.category;
    uint32_t owners = m->owner[c];
    int n = r->nowners[c];
    if (n == 1) {
        f->true_owner = __builtin_ctz(owners);
        send_to(r, i, f->true_owner, false);
        return;
    }
    f->true_owner = nth_bit(owners, (int)(U(r, f, ROLE_TRUE_OWNER, 0) * n));
    if (special && f->rec.major == INC_MAJOR && m->major_bridge) {
        bridge(r, i, f, n);
        return;
    }
    if (U(r, f, ROLE_ORPHAN, 0) < m->orphan_prob) {
        f->rec.orphaned = true;
        add(f, ST_OWNERSHIP, draw(r, f, &m->orphan_timeout, ROLE_ORPHAN_WAIT, 0));
        escalate(r, i);
        return;
    }
    assign_round(r, i);
}

static void start_special(replay *r, uint32_t i, flight *f);

/* A new outage: detection, intake, then ownership.  special: r->special,
 * a constant in each copy of replay_feed's loop (feed). */
static ALWAYS_INLINE void start(replay *r, uint32_t i, const outage *o,
                                                       bool special)
{
    const scenario *s = r->s;
    const scn_model *m = r->m;
    flight *f = &r->pool[i].f;
    /* a copy of a zero record, not memset: gcc turns a memset of this size
     * into `rep stos`, whose start-up costs more than the copy's stores */
    static const inc_record zero;
    f->rec = zero;
    f->keyed = false;
    f->rework = 0;
    f->called = 0;
    f->cov = 0;
    f->paused = 0;
    f->round = 0;
    f->callouts = 0;
    f->wasting = RESOLVES;
    f->resume = false;
    f->rec.id = o->id;
    f->rec.category = o->category;
    f->rec.severity = o->severity;
    f->rec.t_occur = o->t;
    f->rec.effort = o->effort;
    f->t = o->t;

    int mon = m->monitor[o->category];
    int intake = mon >= 0 ? mon : m->service_desk;
    const dist *detect = mon >= 0 ? &s->party[mon].detect_delay : &s->user_report_delay;
    add(f, ST_DETECT, draw(r, f, detect, ROLE_DETECT, 0));
    f->t_open = f->t;
    f->intake = f->holder = intake;
    if (special) {
        start_special(r, i, f);
        return;
    }
    /* a desk staffed around the clock acknowledges (and routes) now; the
     * wait for hours or a call-out falls where the work is done (go_to) */
    if (!s->party[intake].ack_always)
        coverage(r, f, intake);
    add(f, ST_INTAKE, draw(r, f, &s->party[intake].ack_delay, ROLE_ACK, 0));
    f->rec.response = f->t - f->t_open;
    route_new(r, i, f, false);
}

/* ---- intake agents and major incidents (docs/model.md §4.11) ------------ */

/* Party p's first free intake agent takes `service` minutes of work for a
 * ticket that reaches it at t (the engine's clock: calls come in time
 * order, so that first come is first served); returns when the agent
 * starts.  The agents' next free times are a min-heap: the root is the
 * first free, replaced by its new free time and sifted down. */
static double intake_take(replay *r, int p, double t, double service)
{
    double *h = r->agents[p];
    int n = r->nagents[p];
    double begin = h[0] > t ? h[0] : t, v = begin + service;
    int k = 0;
    for (;;) {
        int c = 2 * k + 1;
        if (c >= n)
            break;
        if (c + 1 < n && h[c + 1] < h[c])
            c++;
        if (h[c] >= v)
            break;
        h[k] = h[c];
        k = c;
    }
    h[k] = v;
    return begin;
}

/* Flight i reaches its intake party's agents at f->t, now: the agent
 * acknowledges it and, when a first triage round follows (a gray area,
 * neither orphaned nor on a bridge), triages it in the same sitting;
 * then ownership as without agents. */
static void intake_arrive(replay *r, uint32_t i)
{
    flight *f = &r->pool[i].f;
    const scn_model *m = r->m;
    int p = f->intake;
    double ack = draw(r, f, &r->s->party[p].ack_delay, ROLE_ACK, 0), service = ack;
    if (r->nowners[f->rec.category] > 1 && !(f->rec.major == INC_MAJOR && m->major_bridge) &&
        !(U(r, f, ROLE_ORPHAN, 0) < m->orphan_prob))
        service += draw(r, f, &m->triage_delay, ROLE_TRIAGE, 0);
    add(f, ST_INTAKE, intake_take(r, p, f->t, service) - f->t);
    add(f, ST_INTAKE, ack);
    f->rec.response = f->t - f->t_open;
    route_new(r, i, f, true);
}

static void on_intake(sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e;
    intake_arrive(ctx, (uint32_t)arg);
}

/* A bounced ticket back at its intake party (f->t, now) waits for an agent
 * to triage it (round f->round), then the round goes on (assign_round
 * charges the triage itself). */
static void triage_arrive(replay *r, uint32_t i)
{
    flight *f = &r->pool[i].f;
    double d = draw(r, f, &r->m->triage_delay, ROLE_TRIAGE, (unsigned)f->round);
    add(f, ST_INTAKE, intake_take(r, f->intake, f->t, d) - f->t);
    assign_round(r, i);
}

static void on_triage(sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e;
    triage_arrive(ctx, (uint32_t)arg);
}

/* fn(i) now if flight i is already at f->t, else an event at f->t: calls
 * that take an intake agent must come in time order. */
static void at_intake(replay *r, uint32_t i, sim_handler fn, void (*now_fn)(replay *, uint32_t))
{
    double t = r->pool[i].f.t;
    if (t == sim_now(r->eng))
        now_fn(r, i);
    else
        schedule(r, t, PRIO_INTAKE, fn, i, NULL);
}

/* The bridge of a major incident in a gray area of n parties (§4.11):
 * every listed party on one call for bridge_delay, which settles the true
 * owner; the minutes of the n - 1 that do not own it are wasted effort. */
__attribute__((noinline)) static void bridge(replay *r, uint32_t i, flight *f, int n)
{
    double d = draw(r, f, &r->m->bridge_delay, ROLE_BRIDGE, 0);
    add(f, ST_OWNERSHIP, d);
    f->rec.wasted_effort += (n - 1) * d;
    go_to(r, i, f->true_owner, false);
}

/* Duplicate ticket d (g) is acknowledged at g->t, now, by an agent of its
 * desk if it has them, and in a gray area triaged (not under a bridge:
 * the desk links it to the declared major incident); it is then linked to
 * its outage's ticket, closed with it, and handed to the sink. */
static void dup_intake(replay *r, uint32_t d)
{
    flight *g = &r->pool[d].f;
    const scn_model *m = r->m;
    int p = g->intake;
    unsigned j = (unsigned)g->round;
    double ack = draw(r, g, &r->s->party[p].ack_delay, ROLE_DUP_ACK, j), triage = 0;
    if (r->nowners[g->rec.category] > 1 && !m->major_bridge)
        triage = draw(r, g, &m->triage_delay, ROLE_DUP_TRIAGE, j);
    if (r->agents[p])
        add(g, ST_INTAKE, intake_take(r, p, g->t, ack + triage) - g->t);
    add(g, ST_INTAKE, ack);
    g->rec.response = g->t - g->t_open;
    add(g, ST_OWNERSHIP, triage);
    double ttr = 0;
    for (int st = 0; st < ST_COUNT; st++)
        ttr += g->rec.stage[st];
    g->rec.ttr = ttr;
    g->rec.t_resolved = g->t;
    g->rec.owner = p;
    r->sink(r->sink_ctx, &g->rec);
    flight_free(r, d);
}

static void on_dup_intake(sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e;
    dup_intake(ctx, (uint32_t)arg);
}

/* Duplicate ticket d is opened now at the model's service desk: the spread
 * since the outage is its detect stage; a desk that is not acknowledging
 * (ack_coverage business, closed) makes it wait for its next opening (no
 * call-out: the outage's own ticket pays that). */
static void on_dup_open(sim_engine *e, void *ctx, uint64_t arg)
{
    replay *r = ctx;
    uint32_t d = (uint32_t)arg;
    flight *g = &r->pool[d].f;
    int p = g->intake;
    g->t = sim_now(e);
    g->t_open = g->t;
    charge(g, ST_DETECT, g->t - g->rec.t_occur);
    if (!r->s->party[p].ack_always &&
        party_covers(&r->party[p].p, g->rec.severity, g->t) != PARTY_OPEN)
        add(g, ST_AFTER_HOURS, party_next_open(&r->party[p].p, g->t) - g->t);
    at_intake(r, d, on_dup_intake, dup_intake);
}

/* Major incident i brings its burst: duplicates (burst_tickets, rounded,
 * at most SCN_MAX_BURST), each a flight of its own, opened burst_spread
 * after the outage.  -1 when the pool cannot grow (r->failed set).  The
 * pool may move: callers fetch their flight again. */
static int burst(replay *r, uint32_t i)
{
    static const inc_record zero;
    flight *f = &r->pool[i].f;
    const scn_category *cat = &r->s->cat[f->rec.category];
    double x = draw(r, f, &cat->burst_tickets, ROLE_BURST_COUNT, 0);
    long k = x > 0 ? lround(x) : 0;
    if (k > SCN_MAX_BURST)
        k = SCN_MAX_BURST;
    inc_record head = zero;
    head.id = f->rec.id;
    head.category = f->rec.category;
    head.severity = f->rec.severity;
    head.t_occur = f->rec.t_occur;
    head.major = INC_DUPLICATE;
    uint64_t key = f->key;
    for (long j = 0; j < k; j++) {
        uint32_t d = flight_alloc(r);
        if (d == NIL) {
            r->failed = true;
            r->fail_code = SIM_ENOMEM;
            return -1;
        }
        flight *g = &r->pool[d].f;
        g->rec = head;
        g->key = key;
        g->keyed = true;
        g->round = (int)j;
        g->intake = g->holder = r->m->service_desk;
        g->rework = g->paused = 0;
        g->called = 0;
        g->cov = 0;
        g->callouts = 0;
        g->wasting = RESOLVES;
        g->resume = false;
        double spread = draw(r, g, &cat->burst_spread, ROLE_BURST_SPREAD, (unsigned)j);
        g->t = head.t_occur + (spread > 0 ? spread : 0);
        schedule(r, g->t, PRIO_INTAKE, on_dup_open, d, NULL);
    }
    return 0;
}

/* start's path when some party has intake agents or some category major
 * incidents (r->special): the major-incident decision and its burst, then
 * the acknowledgement, by an agent when the intake party has them (an
 * event when the ticket reaches them later than now). */
__attribute__((noinline)) static void start_special(replay *r, uint32_t i, flight *f)
{
    const scenario *s = r->s;
    double pm = s->cat[f->rec.category].major_prob[f->rec.severity];
    if (pm > 0 && U(r, f, ROLE_MAJOR, 0) < pm) {
        f->rec.major = INC_MAJOR;
        if (burst(r, i) < 0)
            return;
        f = &r->pool[i].f;
    }
    int p = f->intake;
    if (!s->party[p].ack_always)
        coverage(r, f, p);
    if (r->agents[p]) {
        at_intake(r, i, on_intake, intake_arrive);
        return;
    }
    add(f, ST_INTAKE, draw(r, f, &s->party[p].ack_delay, ROLE_ACK, 0));
    f->rec.response = f->t - f->t_open;
    route_new(r, i, f, true);
}

/* ---- work at a party ----------------------------------------------------- */

/* The length of the work session its holder is about to start on f: a
 * wrong assignee's wasted part, or the whole effort with its rework. */
static inline void set_session(replay *r, flight *f)
{
    int p = f->holder;
    double effort = f->rec.effort, skill = r->skill[p][f->rec.category];
    if (f->wasting == WASTES)
        f->session = work_wasted(effort, skill,
                                 draw(r, f, &r->m->bounce_work, ROLE_WASTE, (unsigned)f->round));
    else
        f->session = work_final(effort, skill, f->rework);
}

/* set_session for a session at a support group with a next group
 * (docs/model.md §4.10): unless it is a wrong assignee's, the group
 * resolves the ticket with probability fcr of its category (decision
 * ROLE_FCR, k = the ticket's escalations between groups so far), else works
 * escalate_work's share of the effort at its skill and escalates when the
 * session ends (ESCALATES).  Out of line: only the general path calls it. */
__attribute__((noinline)) static void group_session(replay *r, flight *f)
{
    const scn_party *pt = &r->s->party[f->holder];
    if (f->wasting == WASTES || scn_next_group(pt) < 0) {
        set_session(r, f);
        return;
    }
    /* each decision but a ticket's last escalates it: k = its escalations */
    unsigned k = (unsigned)f->rec.levels;
    if (U(r, f, ROLE_FCR, k) < pt->fcr[f->rec.category]) {
        set_session(r, f);
        return;
    }
    f->wasting = ESCALATES;
    f->session = work_wasted(f->rec.effort, r->skill[f->holder][f->rec.category],
                             draw(r, f, &pt->escalate_work, ROLE_GROUP_WORK, k));
}

/* Its holder starts work on flight i (f) at `now`, the ticket having
 * waited nothing or been charged its wait already: a party without
 * on-call engineers of its own that finishes at closing (begin_work). */
__attribute__((noinline)) static void start_work(replay *r, uint32_t i, flight *f, double now)
{
    set_session(r, f);
    party *pa = &r->party[f->holder].p;
    schedule(r, now + f->session, PRIO_DONE, on_done, i, party_start_day(pa, r->items, i));
}

/* start_work for a party with on-call engineers of its own or that pauses
 * at closing: an on-call engineer of its own takes the work when the party
 * covers the severity only by a call-out; else a daytime worker, whose
 * work a party that pauses stretches over its closed hours
 * (party_work_end, the closed minutes in f->paused).  Out of line and
 * apart from start_work, which stays as small as it was: the engine's
 * push inlines there only so (1.5% of the default scenario's
 * instructions). */
static double start_preempting(replay *r, uint32_t i, flight *f, party *pa, double now,
                               sim_handle **h);

__attribute__((noinline)) static void start_after_hours(replay *r, uint32_t i, flight *f,
                                                        double now)
{
    party *pa = &r->party[f->holder].p;
    double end;
    sim_handle *h;
    sim_handler fn = on_done;
    if (pa->preempt) {
        end = start_preempting(r, i, f, pa, now, &h);
        fn = on_done_preempt;
    } else {
        if (r->groups)
            group_session(r, f);
        else
            set_session(r, f);
        bool oncall = party_oncall_as(pa, covers(f, pa, f->holder, now));
        end = now + f->session;
        if (pa->pause && !oncall)   /* f->paused is 0 until then (start, on_done) */
            end = party_work_end(pa, f->rec.severity, now, f->session, &f->paused);
        h = party_start(pa, r->items, i, oncall);
    }
    /* one call of schedule here: a third call site would stop it inlining
     * into start_work (2% of the M/M/c benchmark's instructions) */
    schedule(r, end, PRIO_DONE, fn, i, h);
}

/* start_after_hours for a party that preempts (pa, f's holder), apart so
 * that the others pay one test: the work resumes what an interruption left
 * (f->resume) or starts afresh, its start is kept (f->t_start) and it joins
 * the party's list of work in hand (party_hand_add).  Returns when it
 * ends; *h is where the handle of its completion event goes. */
__attribute__((noinline)) static double start_preempting(replay *r, uint32_t i, flight *f,
                                                         party *pa, double now,
                                                         sim_handle **h)
{
    if (f->resume)      /* interrupted: f->session is what it has left */
        f->resume = false;
    else if (r->groups)
        group_session(r, f);
    else
        set_session(r, f);
    bool oncall = party_oncall_as(pa, covers(f, pa, f->holder, now));
    double end = now + f->session;
    if (pa->pause && !oncall)   /* f->paused is 0 until then (start, on_done, interrupt) */
        end = party_work_end(pa, f->rec.severity, now, f->session, &f->paused);
    f->t_start = now;
    *h = party_start(pa, r->items, i, oncall);
    party_hand_add(pa, r->links, i, f->rec.severity);
    return end;
}

/* Its holder starts work on flight i (f) at `now`. */
static inline void begin_work(replay *r, uint32_t i, flight *f, double now)
{
    if (r->party[f->holder].p.after_hours)
        start_after_hours(r, i, f, now);
    else
        start_work(r, i, f, now);
}

/* Free workers of p take the most urgent tickets they may start now; if
 * workers stay idle while tickets wait for opening time, p wakes then. */
/* Flight i, picked off pa's queue at `now`, is charged its wait: after
 * hours while pa could not work on it, in the queue otherwise. */
static inline flight *charge_wait(replay *r, party *pa, uint32_t i, double now)
{
    flight *f = &r->pool[i].f;
    double closed = party_closed_minutes(pa, f->rec.severity, f->t_queued, now);
    charge(f, ST_AFTER_HOURS, closed);
    charge(f, ST_QUEUE, now - f->t_queued - closed);
    return f;
}

/* Flight i, in pa's hand, is interrupted at `now` by a more urgent ticket
 * (docs/model.md §4.9): its event is cancelled and its worker freed; the
 * part of its session worked so far is charged as its session would have
 * been (work, or a wrong assignee's ownership and wasted effort), the
 * closed minutes it was paused so far to after_hours; what is left, plus a
 * resume penalty (decision ROLE_RESUME, k = its interruptions so far),
 * becomes its next session, and it goes back to the front of its queue. */
static void interrupt(replay *r, party *pa, uint32_t i, double now)
{
    flight *f = &r->pool[i].f;
    party_hand_remove(pa, r->links, i);
    party_preempt(pa, r->eng, r->items, i);
    /* paused at closing (at_close = pause) since it started: its closed
     * minutes so far are not work */
    double closed = f->paused > 0.0
                        ? party_closed_minutes(pa, f->rec.severity, f->t_start, now) : 0.0;
    double worked = now - f->t_start - closed;
    if (f->wasting == WASTES) {
        charge(f, ST_OWNERSHIP, worked);
        f->rec.wasted_effort += worked;
    } else {
        charge(f, ST_WORK, worked);
    }
    charge(f, ST_AFTER_HOURS, closed);
    f->paused = 0.0;
    double left = f->session - worked;
    f->session = (left > 0.0 ? left : 0.0) +
                 draw(r, f, &r->s->party[f->holder].resume_penalty, ROLE_RESUME,
                      (unsigned)f->rec.preempted);
    f->rec.preempted++;
    f->resume = true;
    f->t_queued = now;
    party_push_front(pa, r->items, f->rec.severity, i);
}

/* pull_queued's picks for a party with on-call engineers of its own, that
 * pauses at closing or that preempts; its wake-up time, NAN for none
 * (party.h: the next opening or closing).  Out of line, as
 * start_after_hours.  A preempting party, once its free workers have taken
 * what they may, lets the most urgent waiting ticket interrupt work in
 * hand, as long as one may (party_victim): the interrupted job goes back
 * to the queue behind it, so the pick that follows takes that ticket. */
__attribute__((noinline)) static double pull_after_hours(replay *r, party *pa, double now)
{
    uint32_t i, v;
    while ((i = party_pick(pa, r->items, now)) != NIL)
        start_after_hours(r, i, charge_wait(r, pa, i, now), now);
    while (pa->preempt && (v = party_victim(pa, r->items, r->links, now)) != NIL) {
        interrupt(r, pa, v, now);
        if ((i = party_pick(pa, r->items, now)) == NIL)
            break;  /* not reached: the interrupted worker is free for it */
        start_after_hours(r, i, charge_wait(r, pa, i, now), now);
    }
    return party_wants_wake(pa) ? party_wake_time(pa, now) : NAN;
}

static void pull_queued(replay *r, int p, double now)
{
    party *pa = &r->party[p].p;
    double t;
    if (pa->after_hours) {
        t = pull_after_hours(r, pa, now);
        if (isnan(t))
            return;
    } else {
        uint32_t i;
        while ((i = party_pick_shared(pa, r->items, now)) != NIL)
            start_work(r, i, charge_wait(r, pa, i, now), now);
        if (!party_wants_wake(pa))
            return;
        t = party_next_open(pa, now);
    }
    /* one call of schedule for both, so that start_work's still inlines */
    schedule(r, t, PRIO_WAKE, on_wake, (uint64_t)p, &pa->wake);
}

/* Most calls find nothing waiting: that test is inlined, the work is not. */
static inline void pull(replay *r, int p, double now)
{
    if (party_waiting(&r->party[p].p) > 0)
        pull_queued(r, p, now);
}

static void on_wake(sim_engine *e, void *ctx, uint64_t arg)
{
    (void)e;
    replay *r = ctx;
    party_woken(&r->party[arg].p);
    pull(r, (int)arg, sim_now(r->eng));
}

/* Flight i (f) reaches its holder's queue at `now`. */
static ALWAYS_INLINE void enqueue(replay *r, uint32_t i, flight *f, double now)
{
    int p = f->holder;
    party *pa = &r->party[p].p;
    f->t_queued = now;
    /* nobody waiting and a worker free: the queue would hand this very
     * ticket straight back, so skip it (and its wait of 0) */
    if (party_waiting(pa) == 0 && party_can_start_as(pa, covers(f, pa, p, now))) {
        begin_work(r, i, f, now);
        return;
    }
    party_push(pa, r->items, f->rec.severity, i);
    pull(r, p, now);
}

static void on_enqueue(sim_engine *e, void *ctx, uint64_t arg)
{
    replay *r = ctx;
    uint32_t i = (uint32_t)arg;
    enqueue(r, i, &r->pool[i].f, sim_now(e));
}

/* The open minutes of [a, b) on the business SLA clock of severity v
 * under the replayed model: those of the schedule its contract names
 * (sla_schedule), or of its service desk's hours (docs/model.md §5.1). */
static double sla_open_minutes(const replay *r, int v, double a, double b)
{
    const scenario *s = r->s;
    int k = r->m->sla_schedule[v], desk = r->m->service_desk;
    if (!s->placed)
        return cal_sched_open_minutes(k >= 0 ? &s->sched[k].sched : &s->party[desk].sched,
                                      a, b);
    if (k < 0)
        return cal_sites_open_minutes(&r->sites[desk], a, b);
    cal_sites one = {.n = 1, .week = {&s->sched[k].sched}, .shift = {&s->sched[k].shift},
                     .hol = {&s->sched[k].hol_all}};
    return cal_sites_open_minutes(&one, a, b);
}

/* Is a business SLA clock running over [a, b) sure to stay within its
 * target, whatever the hours?  It counts only open minutes, never more
 * than the elapsed b - a; so when even b - a is under the target the
 * clock is not breached, and its open minutes need not be counted (the
 * calendar's tally was a fifth of the default scenario's instructions).
 * The margin, 1e-9 of |b| plus a week (the largest zone offset a tally
 * adds), is far above the rounding of any tally over so short a span (a
 * few ulps of those magnitudes per day it crosses, each ulp 2^-52 of
 * them) and far below a minute: only a clock the tally might round over
 * its target is left to the tally, so no breach flag changes.  NaN or
 * infinite times fail the test and are tallied as before. */
static inline bool sla_short(double a, double b, double target)
{
    return (b - a) + 1e-9 * (fabs(b) + CAL_MIN_PER_WEEK) < target;
}

/* Flight i is resolved at f->t: its record is completed and handed to the
 * sink, its entry freed.  vendor: it met the vendor (vendor_fix); the
 * vendor stage of every other incident is 0 and is not added (a
 * constant, so on_done pays nothing for it). */
static ALWAYS_INLINE void finish(replay *r, uint32_t i, bool vendor)
{
    const scenario *s = r->s;
    flight *f = &r->pool[i].f;
    inc_record *rec = &f->rec;
    double ttr = 0;
    for (int st = 0; st < ST_VENDOR; st++)
        ttr += rec->stage[st];
    if (vendor)
        ttr += rec->stage[ST_VENDOR];
    rec->ttr = ttr;
    rec->t_resolved = f->t;
    rec->owner = f->holder;
    const scn_severity *sv = &s->sev[rec->severity];
    /* the model's own SLA (its contract; the severity's unless it sets one) */
    int v = rec->severity;
    const scn_model *m = r->m;
    double response = rec->response, resolve = ttr - rec->stage[ST_DETECT];
    if (m->sla_business[v]) {
        /* business-hours SLA clocks run only inside the hours of the
         * contract's schedule (by default the service desk's, whichever
         * party works the ticket); counted directly (not elapsed minus
         * closed), so a clock that reaches its target exactly is not
         * breached by rounding; not counted at all when it cannot reach
         * its target (sla_short: 0 then stands for it, as good as any
         * count under the target) */
        double a = f->t_open, acked = a + rec->response;
        response = sla_short(a, acked, m->sla_response[v]) ? 0.0
                 : sla_open_minutes(r, v, a, acked);
        resolve = sla_short(a, f->t, m->sla_resolve[v]) ? 0.0
                : sla_open_minutes(r, v, a, f->t);
    }
    bool late_response = response > m->sla_response[v],
         late_resolve = resolve > m->sla_resolve[v];
    rec->sla_response_breached = late_response;
    rec->sla_resolve_breached = late_resolve;
    /* stored, not left to readers: testing the two adjacent flags fresh
     * from their byte stores makes one word load that stalls on store
     * forwarding */
    rec->sla_breached = late_response || late_resolve;
    /* what the outage stopped: per wall-clock minute, and per business
     * minute of the organisation's hours (idle users; docs/model.md §11) */
    rec->downtime_cost = sv->cost_wall * ttr;
    if (sv->cost_business > 0)
        rec->downtime_cost +=
            sv->cost_business * org_open_minutes(r, rec->t_occur, rec->t_resolved);
    r->sink(r->sink_ctx, rec);
    flight_free(r, i);
    r->inflight--;
}

/* on_done's part for a party with on-call engineers of its own, that
 * pauses at closing or that preempts: its worker of the right pool is free
 * again, and the closed minutes the work was paused are charged
 * (start_after_hours).  Kept small: on_done saves fewer registers around
 * it. */
__attribute__((noinline)) static void done_after_hours(party *pa, party_item *items, uint32_t i,
                                                       flight *f)
{
    party_done(pa, items, i);
    if (f->paused > 0.0) {
        charge(f, ST_AFTER_HOURS, f->paused);
        f->paused = 0.0;
    }
}

/* A support group's session that does not resolve flight i (f) has ended
 * at f->t (docs/model.md §4.10): its work is charged, the escalation delay
 * (decision ROLE_GROUP_DELAY, k = the decision's) to handoff, the group's
 * context loss joins the rework, and the ticket goes to the next group,
 * through its coverage, as to any party (go_to; not a handoff between
 * parties: no handoff delay, no count). */
__attribute__((noinline)) static void group_escalate(replay *r, uint32_t i, flight *f)
{
    const scn_party *pt = &r->s->party[f->holder];
    charge(f, ST_WORK, f->session);
    add(f, ST_HANDOFF, draw(r, f, &pt->escalate_delay, ROLE_GROUP_DELAY,
                            (unsigned)f->rec.levels));
    f->rework += pt->escalate_context_loss;
    f->rec.levels++;
    f->rec.group_escalated = true;
    /* the holder first, so that go_to makes no handoff of it */
    f->holder = scn_next_group(pt);
    go_to(r, i, f->holder, false);
}

/* The vendor call of a gray area (docs/model.md §4.12 rule 4): the true
 * coordinator among the listed parties `coord`, then §4.4's orphan check,
 * assignment rounds and escalation on f's own clock, the owner `owner`
 * in the intake's place: a wrong coordinator takes no worker, it receives
 * the ticket (a handoff) when it covers it and bounces it back to the
 * owner.  Returns the coordinator, which holds the ticket. */
static int vendor_gray(replay *r, flight *f, uint32_t coord, int owner)
{
    const scn_model *m = r->m;
    int n = __builtin_popcount(coord);
    int tc = nth_bit(coord, (int)(U(r, f, ROLE_VENDOR_COORD, 0) * n));
    bool escalated = false;
    if (U(r, f, ROLE_VENDOR_ORPHAN, 0) < m->orphan_prob) {
        f->rec.orphaned = true;
        add(f, ST_OWNERSHIP, draw(r, f, &m->orphan_timeout, ROLE_VENDOR_ORPHAN_WAIT, 0));
        escalated = true;
    }
    for (unsigned k = 0; !escalated; k++) {
        add(f, ST_OWNERSHIP, draw(r, f, &m->triage_delay, ROLE_VENDOR_TRIAGE, k));
        if (!(U(r, f, ROLE_VENDOR_MISROUTE, k) < m->misroute_prob))
            break;
        int w = nth_bit(coord & ~(1u << tc), (int)(U(r, f, ROLE_VENDOR_WRONG, k) * (n - 1)));
        handoff(r, f, w);
        coverage(r, f, w);
        f->rec.bounces++;
        handoff(r, f, owner);
        escalated = (int)k + 1 >= m->bounce_limit;
    }
    if (escalated) {
        add(f, ST_OWNERSHIP, draw(r, f, &m->escalation_delay, ROLE_VENDOR_ESCALATION, 0));
        f->rec.escalated = true;
    }
    return tc;
}

/* Does the fix of f's outage need its category's vendor (docs/model.md
 * §4.12)?  One decision per outage (role "vendor", k = 0), the same under
 * every model whenever it is asked (here, when the session that resolves
 * ends); none drawn at probability 0 or 1.  Out of line: a scenario
 * without vendors never calls it. */
__attribute__((noinline)) static bool needs_vendor(replay *r, flight *f)
{
    double prob = r->s->cat[f->rec.category].vendor_prob;
    return prob > 0 && (prob >= 1 || U(r, f, ROLE_VENDOR, 0) < prob);
}

/* The owner's session on flight i (f) has ended at f->t, its work
 * charged, and its fix needs the vendor (docs/model.md §4.12): the owner's
 * worker is free (on_done);
 * the ticket goes to the coordinator (a handoff and its coverage, when it
 * is not the owner; a gray area's rounds), who calls the vendor at once;
 * the vendor waits for its hours, responds and fixes in its open minutes,
 * all charged to `vendor`; the incident is resolved at the fix, owned by
 * the party that did the work. */
__attribute__((noinline)) static void vendor_fix(replay *r, uint32_t i, flight *f)
{
    const scenario *s = r->s;
    int c = f->rec.category, owner = f->holder;
    uint32_t coord = r->m->vendor_coord[c];
    if (coord && coord != (1u << owner)) {
        int p = __builtin_popcount(coord) == 1 ? __builtin_ctz(coord)
                                               : vendor_gray(r, f, coord, owner);
        handoff(r, f, p);
        if (p != owner)
            coverage(r, f, p);
    }
    const scn_category *ct = &s->cat[c];
    party *v = &r->vendor[c];
    double minutes = draw(r, f, &ct->vendor_response, ROLE_VENDOR_RESPONSE, 0) +
                     draw(r, f, &ct->vendor_fix, ROLE_VENDOR_FIX, 0);
    double paused, t0 = party_next_open(v, f->t);
    add(f, ST_VENDOR, party_work_end(v, f->rec.severity, t0, minutes, &paused) - f->t);
    f->holder = owner;
    finish(r, i, true);
}

/* on_done's part for a session that did not resolve flight i (f): a
 * support group's that escalates, or a wrong assignee's, who gives up and
 * bounces the ticket to the intake.  Out of line, so that on_done's common
 * case saves no more registers than it did. */
__attribute__((noinline)) static void not_resolved(replay *r, uint32_t i, flight *f)
{
    if (f->wasting == ESCALATES) {
        group_escalate(r, i, f);
        return;
    }
    charge(f, ST_OWNERSHIP, f->session);
    f->rec.wasted_effort += f->session;
    f->rec.bounces++;
    f->round++;
    handoff(r, f, f->intake);
    if (f->rec.bounces >= r->m->bounce_limit)
        escalate(r, i);
    else if (r->agents[f->intake])  /* its triage takes an intake agent (§4.11) */
        at_intake(r, i, on_triage, triage_arrive);
    else
        assign_round(r, i);
}

static void on_done(sim_engine *e, void *ctx, uint64_t arg)
{
    replay *r = ctx;
    uint32_t i = (uint32_t)arg;
    flight *f = &r->pool[i].f;
    int p = f->holder;
    party *pa = &r->party[p].p;
    if (pa->after_hours)
        done_after_hours(pa, r->items, i, f);
    else
        party_done_day(pa);
    double now = sim_now(e);
    f->t = now;
    if (!f->wasting) {
        charge(f, ST_WORK, f->session);
        if (!r->vendors || !needs_vendor(r, f))
            finish(r, i, false);
        else
            vendor_fix(r, i, f);
    } else {
        not_resolved(r, i, f);
    }
    pull(r, p, now);
}

/* The completion event of work a preempting party started
 * (start_preempting): off the party's list of work in hand, then on_done.
 * Apart, so that on_done is what it was for every other party. */
static void on_done_preempt(sim_engine *e, void *ctx, uint64_t arg)
{
    replay *r = ctx;
    uint32_t i = (uint32_t)arg;
    party_hand_remove(&r->party[r->pool[i].f.holder].p, r->links, i);
    on_done(e, ctx, arg);
}

/* Intake agents that cannot keep up (docs/model.md §4.11): when most
 * unresolved incidents are in no party's queue and some party's agents are
 * all booked past t, that party (the one booked furthest), else -1. */
static int intake_runaway(const replay *r, double t)
{
    long waiting = 0;
    int worst = -1;
    for (int p = 0; p < r->s->nparty; p++) {
        waiting += party_waiting(&r->party[p].p);
        if (r->agents[p] && r->agents[p][0] > t &&
            (worst < 0 || r->agents[p][0] > r->agents[worst][0]))
            worst = p;
    }
    return 2 * waiting < r->inflight ? worst : -1;
}

/* The owners cannot keep up: name the party with the longest queue (or
 * the intake agents that cannot keep up). */
static void runaway(replay *r, double t, os_error *e)
{
    const scenario *s = r->s;
    int worst = 0;
    for (int p = 1; p < s->nparty; p++)
        if (party_waiting(&r->party[p].p) > party_waiting(&r->party[worst].p))
            worst = p;
    char key[128];
    int in = intake_runaway(r, t);
    if (in >= 0) {
        snprintf(key, sizeof key, "model.%s.intake_staff", r->m->name);
        err_set(e, OS_ERR_INPUT, s->path, 0, key,
                "runaway intake: more than %ld incidents unresolved at once by day %.0f "
                "(model %s); the %d intake agents of party '%s' are booked until day %.0f.  "
                "Tickets reach them faster than they acknowledge them: lower "
                "arrivals.per_week or the bursts (major_prob, burst_tickets), add intake "
                "agents (model or party intake_staff), or raise simulation.max_in_flight if "
                "this backlog is expected",
                s->max_in_flight, t / CAL_MIN_PER_DAY, r->m->name, r->nagents[in],
                s->party[in].name, r->agents[in][0] / CAL_MIN_PER_DAY);
        return;
    }
    snprintf(key, sizeof key, "model.%s.staff", r->m->name);
    err_set(e, OS_ERR_INPUT, s->path, 0, key,
            "runaway queue: more than %ld incidents unresolved at once by day %.0f "
            "(model %s); party '%s' has %ld waiting for %d workers.  The arrival rate "
            "is beyond what the owners can work: lower arrivals.per_week, add staff "
            "(model or party staff), or raise simulation.max_in_flight if this backlog "
            "is expected",
            s->max_in_flight, t / CAL_MIN_PER_DAY, r->m->name, s->party[worst].name,
            party_waiting(&r->party[worst].p), party_capacity(&r->party[worst].p));
}

/* The error of a replay stopped by r->failed. */
static int failure(replay *r, os_error *e)
{
    if (r->fail_code == SIM_EINVAL)
        return err_set(e, OS_ERR_INPUT, r->s->path, 0, "",
                       "model %s, replication %u: an incident's clock %s, where the "
                       "simulator cannot go: a delay or effort distribution gave an "
                       "infinite or overflowing value, or a party is never open",
                       r->m->name, r->rep, isfinite(r->fail_t) ? "went back in time"
                                                               : "is no longer a finite time");
    return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory during the replay");
}

void replay_begin(replay *r, uint32_t rep, replay_sink sink, void *ctx)
{
    sim_reset(r->eng);
    r->rep = rep;
    r->sink = sink;
    r->sink_ctx = ctx;
    r->failed = false;
    r->fail_code = 0;
    r->inflight = 0;
    r->peak = 0;
    r->arrivals = 0;
    r->events = 0;
    for (int p = 0; p < r->s->nparty; p++) {
        party_reset(&r->party[p].p);
        for (int k = 0; k < r->nagents[p]; k++)
            r->agents[p][k] = 0;
    }
    /* every flight back on the free list */
    r->free_head = NIL;
    for (uint32_t i = r->cap; i-- > 0;) {
        r->items[i].next = r->free_head;
        r->free_head = i;
    }
}

/* replay_feed's loop, special (r->special) a constant in each of its two
 * copies, so that the common one pays nothing per outage for §4.11. */
static ALWAYS_INLINE int feed(replay *r, const outage *v, size_t n,
                                                      os_error *e, bool special)
{
    /* Arrivals come from the stream, not the event list: run the engine up
     * to the next outage (its events at that very time first, as arrivals
     * come last among equal times) and move the clock there in one step
     * (sim_run_to), then start the incident.  One heap push and pop fewer
     * per incident. */
    for (size_t k = 0; k < n && !r->failed; k++) {
        const outage *o = &v[k];
        if (sim_run_to(r->eng, o->t) < 0) {
            /* outages come sorted and finite: only a stop from a handler */
            r->failed = true;
            r->fail_code = SIM_EINVAL;
            r->fail_t = o->t;
            break;
        }
        if (r->failed)      /* a handler run up to o->t could not schedule */
            break;
        if (r->inflight >= r->s->max_in_flight) {
            runaway(r, o->t, e);
            return -1;
        }
        if (r->s->max_events &&
            sim_events_run(r->eng) + r->arrivals > (uint64_t)r->s->max_events)
            return err_set(e, OS_ERR_INPUT, r->s->path, 0, "simulation.max_events",
                           "stopped after %ld events (model %s, replication %u): raise "
                           "simulation.max_events or --max-events, or 0 for no limit",
                           r->s->max_events, r->m->name, r->rep);
        uint32_t i = flight_alloc(r);
        if (i == NIL) {
            r->failed = true;
            r->fail_code = SIM_ENOMEM;
            break;
        }
        if (++r->inflight > r->peak)
            r->peak = r->inflight;
        start(r, i, o, special);
        r->arrivals++;
    }
    return r->failed ? failure(r, e) : 0;
}

__attribute__((noinline)) static int feed_special(replay *r, const outage *v, size_t n,
                                                  os_error *e)
{
    return feed(r, v, n, e, true);
}

int replay_feed(replay *r, const outage *v, size_t n, os_error *e)
{
    if (r->special)
        return feed_special(r, v, n, e);
    return feed(r, v, n, e, false);
}

int replay_end(replay *r, os_error *e)
{
    if (!r->failed)
        sim_run(r->eng, INFINITY);
    r->events = sim_events_run(r->eng) + r->arrivals;
    return r->failed ? failure(r, e) : 0;
}

int replay_run(replay *r, outsrc *src, uint32_t rep, replay_sink sink,
               void *ctx, os_error *e)
{
    outage buf[REPLAY_CHUNK];
    size_t n;
    replay_begin(r, rep, sink, ctx);
    while ((n = outsrc_fill(src, buf, REPLAY_CHUNK)) > 0)
        if (replay_feed(r, buf, n, e) < 0)
            return -1;
    return replay_end(r, e);
}
