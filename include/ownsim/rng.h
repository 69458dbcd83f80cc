/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rng.h — where every random number comes from.
 *
 * Two kinds of randomness, both fixed by (seed, replication) alone, so that
 * results do not depend on -j or on the order replications run in:
 *
 *  - streams: GSL generators for the outage stream itself, one per purpose
 *    (arrival times, incident marks), seeded from (seed, rep, purpose).  Which
 *    generator, and how exponentials are drawn, is the stream version
 *    (simulation.streams, below): a result is reproduced by its seed and its
 *    stream version.
 *    Separate purposes keep arrival times unchanged when, say, the category
 *    mix changes, so sweeps compare like with like.
 *
 *  - decisions: each incident carries a 64-bit key, and the uniform behind a
 *    model-dependent decision (misroute? how long is this handoff?) is
 *    rng_decision(key, role, k): a pure function of the incident, the role
 *    and the occurrence k.  Whatever a model did before, the k-th handoff of
 *    incident 17 sees the same uniform under every model: common random
 *    numbers by construction.  GSL has no counter-based generator, so this
 *    one function is our own: the SplitMix64 finaliser (Steele, Lea, Flood
 *    2014), see docs/model.md.
 */
#ifndef OWNSIM_RNG_H
#define OWNSIM_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* Stream versions (simulation.streams).  A version fixes the generator of
 * the streams and the formula of the exponential and Weibull quantiles
 * (dist.h); it never changes once released, so an old version reproduces
 * the results made with it byte for byte.
 *   1: mt19937; exponential u-quantile -mean log1p(-u) (GSL's Pinv, and
 *      gsl_ran_exponential for arrival gaps).  Every result made before the
 *      key existed.
 *   2: taus113; exponential u-quantile -mean log(1 - u) (GSL's Qinv at
 *      1 - u), for arrival gaps too.  About twice as fast per draw. */
enum rng_streams {
    RNG_STREAMS_V1 = 1,
    RNG_STREAMS_V2 = 2,
    RNG_STREAMS_CURRENT = RNG_STREAMS_V2   /* the default of new scenarios */
};

/* Purposes of GSL streams. */
enum rng_stream_id {
    RNG_ARRIVALS = 1,   /* thinning: candidate times and acceptance */
    RNG_MARKS = 2       /* category, severity, effort of each incident */
};

/* Roles of per-incident decision uniforms (values are part of the output
 * format: changing one changes every result). */
enum rng_role {
    ROLE_DETECT = 1,      /* detection / user-report delay */
    ROLE_ACK,             /* intake acknowledgement delay */
    ROLE_TRUE_OWNER,      /* which gray-area party really owns it */
    ROLE_TRIAGE,          /* triage delay, k = assignment round */
    ROLE_ORPHAN,          /* is it orphaned? */
    ROLE_ORPHAN_WAIT,     /* orphan time-out */
    ROLE_MISROUTE,        /* is assignment k wrong? */
    ROLE_WRONG_PARTY,     /* which wrong party, assignment k */
    ROLE_WASTE,           /* fraction of effort wasted, bounce k */
    ROLE_ESCALATION,      /* escalation delay */
    ROLE_HANDOFF,         /* delay of handoff k */
    ROLE_CALLOUT,         /* on-call call-out delay, occurrence k */
    ROLE_IMPORT_EFFORT,   /* effort of an imported ticket without one */
    ROLE_RESUME,          /* resume penalty of interruption k (preempt) */
    ROLE_FCR,             /* support groups: is the ticket resolved at the group
                             it is in, decision k (k counts its decisions) */
    ROLE_GROUP_WORK,      /* support groups: share of effort worked before
                             escalation k */
    ROLE_GROUP_DELAY,     /* support groups: delay of escalation k */
    ROLE_VENDOR,          /* vendor coordination (docs/model.md §4.12): does the
                             fix need the category's vendor? */
    ROLE_VENDOR_RESPONSE, /* the vendor's response time */
    ROLE_VENDOR_FIX,      /* the vendor's fix time */
    ROLE_VENDOR_COORD,    /* which gray-area party really coordinates the vendor */
    ROLE_VENDOR_ORPHAN,   /* is the vendor call orphaned? */
    ROLE_VENDOR_ORPHAN_WAIT, /* its orphan time-out */
    ROLE_VENDOR_TRIAGE,   /* triage delay of coordination round k */
    ROLE_VENDOR_MISROUTE, /* is coordination round k's assignment wrong? */
    ROLE_VENDOR_WRONG,    /* which wrong party, round k */
    ROLE_VENDOR_ESCALATION, /* escalation delay of the vendor call */
    ROLE_MAJOR,           /* is the outage a major incident? (docs/model.md §4.11) */
    ROLE_BURST_COUNT,     /* duplicate tickets a major incident brings */
    ROLE_BURST_SPREAD,    /* when duplicate ticket k is opened */
    ROLE_DUP_ACK,         /* acknowledgement delay of duplicate ticket k */
    ROLE_DUP_TRIAGE,      /* gray area: triage delay of duplicate ticket k */
    ROLE_BRIDGE           /* major incident: the bridge call's delay */
};

/* SplitMix64 finaliser: a bijective 64-bit mix. */
uint64_t rng_mix64(uint64_t x);

/* The key of incident `id` in replication `rep` under `seed`. */
uint64_t rng_incident_key(uint64_t seed, uint32_t rep, uint64_t id);

/* A uniform in (0,1), never 0 or 1, for (key, role, k). */
double rng_decision(uint64_t key, unsigned role, unsigned k);

/* A new GSL stream for (seed, rep, purpose) under stream version `version`
 * (mt19937 for 1, taus113 for 2).  NULL when out of memory; the caller frees
 * it with gsl_rng_free(). */
gsl_rng *rng_stream(uint64_t seed, uint32_t rep, unsigned purpose, int version);

/* Re-seed r, made by rng_stream under the same version, to the stream of
 * (seed, rep, purpose): the state rng_stream would give it, without
 * allocating (so it cannot fail). */
void rng_reseed(gsl_rng *r, uint64_t seed, uint32_t rep, unsigned purpose);

#endif
