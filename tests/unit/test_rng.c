/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_rng.c — mix64, incident keys, decision uniforms and GSL streams.
 *
 * The boundary test inverts mix64 (it is a bijection) to build keys whose
 * mixed word is all zeros or all ones, the only inputs that could push a
 * decision uniform onto 0 or 1.
 */
#include <criterion/criterion.h>

#include <math.h>

#include "ownsim/rng.h"

#define GOLDEN UINT64_C(0x9e3779b97f4a7c15)

/* Inverse of x ^= x >> s. */
static uint64_t unxorshift(uint64_t y, unsigned s)
{
    uint64_t x = y;
    for (unsigned i = 0; i < 64 / s + 1; i++)
        x = y ^ (x >> s);
    return x;
}

/* Inverse of an odd multiplier mod 2^64 by Newton iteration. */
static uint64_t mul_inverse(uint64_t a)
{
    uint64_t x = a;  /* correct to 3 bits for odd a; each step doubles */
    for (int i = 0; i < 6; i++)
        x *= 2 - a * x;
    return x;
}

static uint64_t unmix64(uint64_t z)
{
    z = unxorshift(z, 31);
    z *= mul_inverse(UINT64_C(0x94d049bb133111eb));
    z = unxorshift(z, 27);
    z *= mul_inverse(UINT64_C(0xbf58476d1ce4e5b9));
    z = unxorshift(z, 30);
    return z - GOLDEN;
}

Test(rng, mix64_known_answers)
{
    /* The first outputs of the reference SplitMix64 generator from seed 0. */
    cr_assert_eq(rng_mix64(0), UINT64_C(0xe220a8397b1dcdaf));
    cr_assert_eq(rng_mix64(GOLDEN), UINT64_C(0x6e789e6aa1b965f4));
    cr_assert_eq(rng_mix64(2 * GOLDEN), UINT64_C(0x06c45d188009454f));
}

Test(rng, mix64_is_invertible)
{
    uint64_t x = 1;
    for (int i = 0; i < 1000; i++) {
        cr_assert_eq(unmix64(rng_mix64(x)), x);
        x = x * 3 + 0x12345;
    }
}

Test(rng, incident_key_depends_on_all_inputs)
{
    uint64_t k = rng_incident_key(42, 3, 17);
    cr_assert_eq(rng_incident_key(42, 3, 17), k);
    cr_assert_neq(rng_incident_key(43, 3, 17), k);
    cr_assert_neq(rng_incident_key(42, 4, 17), k);
    cr_assert_neq(rng_incident_key(42, 3, 18), k);
    /* Swapping rep and id must not give the same key. */
    cr_assert_neq(rng_incident_key(42, 17, 3), k);
}

Test(rng, decision_deterministic_and_distinct)
{
    uint64_t key = rng_incident_key(7, 0, 1);
    double u = rng_decision(key, ROLE_HANDOFF, 2);
    cr_assert_eq(rng_decision(key, ROLE_HANDOFF, 2), u);
    cr_assert_neq(rng_decision(key, ROLE_HANDOFF, 3), u);
    cr_assert_neq(rng_decision(key, ROLE_MISROUTE, 2), u);
    cr_assert_neq(rng_decision(key + 1, ROLE_HANDOFF, 2), u);
    /* role and k are not interchangeable. */
    cr_assert_neq(rng_decision(key, 2, ROLE_HANDOFF),
                  rng_decision(key, ROLE_HANDOFF, 2));
    /* Every (role, k) pair on one incident gives its own value. */
    double seen[12 * 8];
    size_t n = 0;
    for (unsigned role = ROLE_DETECT; role <= ROLE_CALLOUT; role++)
        for (unsigned k = 0; k < 8; k++) {
            double v = rng_decision(key, role, k);
            for (size_t j = 0; j < n; j++)
                cr_assert_neq(seen[j], v, "role %u k %u repeats", role, k);
            seen[n++] = v;
        }
}

Test(rng, decision_never_hits_the_ends)
{
    unsigned role = ROLE_WASTE, k = 5;
    uint64_t inner = rng_mix64(((uint64_t)role << 32) | k);
    /* Keys whose mixed word is all ones / all zeros. */
    uint64_t key_hi = unmix64(UINT64_MAX) ^ inner;
    uint64_t key_lo = unmix64(0) ^ inner;
    double hi = rng_decision(key_hi, role, k);
    double lo = rng_decision(key_lo, role, k);
    cr_assert_lt(hi, 1.0);
    cr_assert_gt(lo, 0.0);
    cr_assert_gt(hi, 1.0 - 1e-15);
    cr_assert_lt(lo, 1e-15);
    cr_assert_eq(hi, 1.0 - lo, "not symmetric");
}

Test(rng, decision_uniformity)
{
    enum { N = 1000000, BINS = 10 };
    long count[BINS] = {0};
    double sum = 0.0;
    for (unsigned i = 0; i < N; i++) {
        /* Vary all three inputs, as a run does. */
        uint64_t key = rng_incident_key(2024, 0, i / 8);
        double u = rng_decision(key, ROLE_DETECT + i % 4, i % 8 / 4);
        cr_assert(u > 0.0 && u < 1.0, "u = %.17g at %u", u, i);
        sum += u;
        count[(int)(u * BINS)]++;
    }
    double mean = sum / N;
    cr_assert_lt(fabs(mean - 0.5), 0.002, "mean %g", mean);
    double expect = (double)N / BINS, chi2 = 0.0;
    for (int b = 0; b < BINS; b++)
        chi2 += (count[b] - expect) * (count[b] - expect) / expect;
    /* 9 degrees of freedom: P(chi2 > 40) is about 7e-6. */
    cr_assert_lt(chi2, 40.0, "chi-square %g", chi2);
}

/* Do two streams agree on their first n draws? */
static int same_stream(gsl_rng *a, gsl_rng *b, int n)
{
    for (int i = 0; i < n; i++)
        if (gsl_rng_get(a) != gsl_rng_get(b))
            return 0;
    return 1;
}

Test(rng, stream_reproducible)
{
    static const char *const names[] = {"", "mt19937", "taus113"};
    for (int v = RNG_STREAMS_V1; v <= RNG_STREAMS_V2; v++) {
        gsl_rng *a = rng_stream(42, 1, RNG_ARRIVALS, v);
        gsl_rng *b = rng_stream(42, 1, RNG_ARRIVALS, v);
        cr_assert(a && b);
        cr_assert_str_eq(gsl_rng_name(a), names[v]);
        cr_assert(same_stream(a, b, 1000));
        gsl_rng_free(a);
        gsl_rng_free(b);
    }
}

/* rng_reseed gives a used generator the state a new stream would have
 * (outsrc_rewind relies on it: it re-seeds in place so that it cannot fail
 * for lack of memory). */
Test(rng, reseed_equals_new_stream)
{
    for (int v = RNG_STREAMS_V1; v <= RNG_STREAMS_V2; v++) {
        gsl_rng *r = rng_stream(42, 1, RNG_ARRIVALS, v);
        cr_assert(r);
        for (int i = 0; i < 5000; i++)
            gsl_rng_get(r);
        rng_reseed(r, 43, 2, RNG_MARKS);
        gsl_rng *fresh = rng_stream(43, 2, RNG_MARKS, v);
        cr_assert(fresh);
        cr_assert(same_stream(r, fresh, 1000), "version %d", v);
        gsl_rng_free(r);
        gsl_rng_free(fresh);
    }
}

/* The first words of each stream version, pinned: a version never changes
 * once released (rng.h), so these may never be edited.  Version 1's were
 * read from the build before stream versions existed. */
Test(rng, stream_versions_pinned)
{
    static const unsigned long want[3][3] = {
        {0, 0, 0},
        {3173206911ul, 1145525985ul, 2157940214ul},
        {3152909016ul, 2061981018ul, 1994668511ul},
    };
    for (int v = RNG_STREAMS_V1; v <= RNG_STREAMS_V2; v++) {
        gsl_rng *r = rng_stream(42, 1, RNG_ARRIVALS, v);
        cr_assert(r);
        for (int i = 0; i < 3; i++)
            cr_assert_eq(gsl_rng_get(r), want[v][i], "version %d word %d", v, i);
        gsl_rng_free(r);
    }
}

Test(rng, streams_differ_by_rep_purpose_seed)
{
    for (int v = RNG_STREAMS_V1; v <= RNG_STREAMS_V2; v++) {
        gsl_rng *base = rng_stream(42, 1, RNG_ARRIVALS, v);
        gsl_rng *rep = rng_stream(42, 2, RNG_ARRIVALS, v);
        gsl_rng *pur = rng_stream(42, 1, RNG_MARKS, v);
        gsl_rng *seed = rng_stream(43, 1, RNG_ARRIVALS, v);
        cr_assert(base && rep && pur && seed);
        unsigned long first[20];
        for (int i = 0; i < 20; i++)
            first[i] = gsl_rng_get(base);
        gsl_rng *others[] = { rep, pur, seed };
        for (int o = 0; o < 3; o++) {
            int equal = 0;
            for (int i = 0; i < 20; i++)
                equal += gsl_rng_get(others[o]) == first[i];
            cr_assert_lt(equal, 2, "version %d: stream %d repeats the base stream", v, o);
        }
        gsl_rng_free(base);
        gsl_rng_free(rep);
        gsl_rng_free(pur);
        gsl_rng_free(seed);
    }
}

/* Version 2's uniforms: the mean and a 20-cell chi-square over 10^5 draws,
 * as for the decisions above (a fixed stream: the bounds are far from what
 * a sound generator gives, 40 is about the 0.5% point of chi2(19)). */
Test(rng, stream_v2_uniform)
{
    gsl_rng *r = rng_stream(7, 3, RNG_MARKS, RNG_STREAMS_V2);
    cr_assert(r);
    int cell[20] = {0};
    double sum = 0;
    const int n = 100000;
    for (int i = 0; i < n; i++) {
        double u = gsl_rng_uniform(r);
        cr_assert(u >= 0 && u < 1);
        sum += u;
        cell[(int)(u * 20)]++;
    }
    double chi2 = 0, e = n / 20.0;
    for (int c = 0; c < 20; c++)
        chi2 += (cell[c] - e) * (cell[c] - e) / e;
    cr_assert_lt(fabs(sum / n - 0.5), 0.005, "mean %g", sum / n);
    cr_assert_lt(chi2, 40.0, "chi-square %g", chi2);
    gsl_rng_free(r);
}
