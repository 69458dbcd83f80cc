/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rng.c — seeds, incident keys and decision uniforms (see rng.h).
 *
 * Design: everything is derived from (seed, rep, ...) by chaining the
 * SplitMix64 finaliser, a bijection of 64-bit words, so nothing depends on
 * call order or on which thread runs a replication.
 *
 * Invariants:
 *  - for a fixed (seed, rep), distinct incident ids give distinct keys, since
 *    every step of the chain is a bijection of the varying input;
 *  - stream seeds are domain-separated from incident keys by STREAM_TAG, so
 *    stream `purpose` and incident id `purpose` do not share a value;
 *  - rng_decision() returns a value strictly inside (0,1): see below.
 *
 * Stream versions (rng.h, simulation.streams).  Version 2 was chosen by
 * measurement (docs/performance.md, "Random streams"): per uniform, GSL's
 * mt19937 took 6.9 ns here, taus113 2.8, taus2 2.3, gfsr4 2.4, mrg 5.7,
 * ranlxs0 23; an exponential by glibc's log1p (gsl_ran_exponential, or
 * gsl_cdf_exponential_Pinv) cost 7-15 ns more than by log (..._Qinv).
 * taus113 (L'Ecuyer's maximally equidistributed four-component LFSR, period
 * about 2^113) keeps four words of state, so creating and re-seeding a
 * stream per replication is cheap; gfsr4 is as fast but keeps 16,384 words
 * per stream.  Like mt19937 it is F2-linear, so it fails the linear
 * complexity and matrix-rank tests of TestU01; the model uses each output as
 * one uniform, never the linear structure of its bits.  Decisions do not
 * come from these streams at all (rng_decision below).
 */
#include "ownsim/rng.h"

/* High bits of the last mixing step of a stream seed; incident ids never
 * reach 2^62, so stream seeds never coincide with incident keys. */
#define STREAM_TAG UINT64_C(0x5354524541000000)

uint64_t rng_mix64(uint64_t x)
{
    uint64_t z = x + UINT64_C(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

uint64_t rng_incident_key(uint64_t seed, uint32_t rep, uint64_t id)
{
    return rng_mix64(rng_mix64(rng_mix64(seed) ^ rep) ^ id);
}

/*
 * The top 52 bits of the mixed word, centred in their cell:
 * (m + 0.5) * 2^-52 lies in [2^-53, 1 - 2^-53], all exactly representable.
 * 53 bits would not do: (2^53 - 1) + 0.5 is not a double and rounds to 2^53,
 * which would return exactly 1.0 for one word in 2^53.
 */
double rng_decision(uint64_t key, unsigned role, unsigned k)
{
    uint64_t x = rng_mix64(key ^ rng_mix64(((uint64_t)role << 32) | k));
    return ((double)(x >> 12) + 0.5) * 0x1p-52;
}

/*
 * The generator of a stream depends on the stream version (rng.h).  Both
 * GSL generators take a 32-bit seed (mt19937 and taus113 keep s & 0xffffffff
 * and feed it to their own seeding recurrences), so the 64-bit mixed value
 * is folded to 32 bits to let every bit count.  Seed 0 would be replaced by
 * a GSL default; we substitute 1 ourselves so the mapping does not rest on
 * that GSL detail.  Either way two (seed, rep, purpose) triples share a
 * stream with probability about 2^-32 per pair.
 *
 * gsl_rng_alloc() reports OOM through the GSL error handler, which aborts by
 * default; NULL comes back only when the program has turned it off.
 * Re-seeding in place gives the state a new stream would have: both
 * generators' set functions rewrite their whole state from the seed.
 */
static unsigned long stream_seed(uint64_t seed, uint32_t rep, unsigned purpose)
{
    uint64_t v = rng_mix64(rng_mix64(rng_mix64(seed) ^ rep) ^
                           (STREAM_TAG | purpose));
    unsigned long s = (unsigned long)((v ^ (v >> 32)) & 0xffffffffu);
    return s == 0 ? 1 : s;
}

gsl_rng *rng_stream(uint64_t seed, uint32_t rep, unsigned purpose, int version)
{
    gsl_rng *r = gsl_rng_alloc(version == RNG_STREAMS_V1 ? gsl_rng_mt19937
                                                         : gsl_rng_taus113);
    if (!r)
        return NULL;
    gsl_rng_set(r, stream_seed(seed, rep, purpose));
    return r;
}

void rng_reseed(gsl_rng *r, uint64_t seed, uint32_t rep, unsigned purpose)
{
    gsl_rng_set(r, stream_seed(seed, rep, purpose));
}
