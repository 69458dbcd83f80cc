/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_memo.c — the memo (memo.h) against a plain array of what was put:
 * every key put is found with its last value through many growths, keys
 * never put are not found (including ones that differ from a stored key
 * in one bit), a bounded memo stops storing at its bound and still answers
 * for what it holds, and the arguments out of range give NULL.
 */
#include <criterion/criterion.h>

#include <string.h>

#include "ownsim/memo.h"

#define W 5

/* Key i: words that share most of their bits with their neighbours' (as
 * calibrate's do: the same list, rows and replication, nearby values). */
static void key_of(uint64_t i, uint64_t *k)
{
    k[0] = 0x55aa00000000u;
    k[1] = 7;
    k[2] = i / 3;
    k[3] = i % 3;
    double x = 1.0 + (double)i * 1e-9;
    memcpy(&k[4], &x, sizeof x);
}

Test(memo, finds_every_key_put_through_growth)
{
    memo *m = memo_create(W, 1u << 20);
    cr_assert_not_null(m);
    enum { N = 50000 };
    uint64_t k[W];
    for (uint64_t i = 0; i < N; i++) {
        key_of(i, k);
        memo_put(m, k, (double)i * 0.5);
    }
    cr_assert_eq(memo_count(m), N);
    for (uint64_t i = 0; i < N; i++) {
        double v = -1;
        key_of(i, k);
        cr_assert(memo_get(m, k, &v), "key %lu lost", (unsigned long)i);
        cr_assert_eq(v, (double)i * 0.5);
        /* one bit off in any word: a key never put (x alone tells every
         * key put from the others, and a low bit is far below their
         * spacing) */
        for (int w = 0; w < W; w++) {
            k[w] ^= 1u << (i % 7);
            cr_assert_not(memo_get(m, k, &v), "word %d of key %lu", w, (unsigned long)i);
            k[w] ^= 1u << (i % 7);
        }
    }
    key_of(N, k);
    cr_assert_not(memo_get(m, k, &(double){0}));
    memo_destroy(m);
}

Test(memo, put_again_replaces_the_value)
{
    memo *m = memo_create(W, 10);
    uint64_t k[W];
    key_of(42, k);
    memo_put(m, k, 1.0);
    memo_put(m, k, -2.5);
    double v = 0;
    cr_assert(memo_get(m, k, &v));
    cr_assert_eq(v, -2.5);
    cr_assert_eq(memo_count(m), 1);
    memo_destroy(m);
}

Test(memo, a_bounded_memo_stops_storing_and_still_answers)
{
    enum { MOST = 100 };
    memo *m = memo_create(W, MOST);
    uint64_t k[W];
    for (uint64_t i = 0; i < 3 * MOST; i++) {
        key_of(i, k);
        memo_put(m, k, (double)i);
    }
    cr_assert_eq(memo_count(m), MOST);
    for (uint64_t i = 0; i < 3 * MOST; i++) {
        double v = -1;
        key_of(i, k);
        bool in = memo_get(m, k, &v);
        cr_assert_eq(in, i < MOST, "key %lu", (unsigned long)i);
        if (in)
            cr_assert_eq(v, (double)i);
    }
    key_of(5, k);            /* a stored key is still replaced when full */
    memo_put(m, k, 99.0);
    double v = 0;
    cr_assert(memo_get(m, k, &v));
    cr_assert_eq(v, 99.0);
    memo_destroy(m);
}

Test(memo, arguments_out_of_range)
{
    cr_assert_null(memo_create(0, 10));
    cr_assert_null(memo_create(65, 10));
    cr_assert_null(memo_create(W, 0));
    memo *m = memo_create(64, 1);
    cr_assert_not_null(m);
    memo_destroy(m);
    memo_destroy(NULL);
}
