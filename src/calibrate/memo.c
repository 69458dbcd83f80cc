/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * memo.c — see memo.h.
 *
 * Design: entries are appended to one array, each its key's words and
 * then its value's bits (words + 1 uint64_t); a slot table of 2^k
 * indices (entry + 1; 0 empty), probed linearly from the key's hash, maps
 * keys to entries.  Invariants: count * 2 <= cap (probes stay short and an
 * empty slot always ends a search); every stored key is reachable from
 * its hash's slot without crossing an empty slot (nothing is ever
 * removed).  Growth doubles the slot table and rehashes (O(count)), and
 * doubles the entry array; when either allocation fails, or the memo holds
 * the most it may, it keeps what it has and stops storing (m->full).
 */
#include "ownsim/memo.h"

#include <stdlib.h>
#include <string.h>

#include "ownsim/rng.h"

struct memo {
    int words;          /* key length */
    uint32_t *slot;     /* [cap] entry index + 1, 0 = empty; owned */
    size_t cap;         /* slots, a power of two */
    uint64_t *ent;      /* [room * (words + 1)] keys and values' bits; owned */
    size_t count;       /* entries stored */
    size_t room;        /* entries ent holds */
    size_t most;        /* entries allowed */
    bool full;          /* at most, or a growth failed: no more entries */
};

#define MEMO_START 64   /* slots at creation */

/* Every word mixed in by the SplitMix64 finaliser (rng_mix64): keys that
 * differ in one bit land far apart. */
static uint64_t hash(const uint64_t *key, int words)
{
    uint64_t h = 0;
    for (int i = 0; i < words; i++)
        h = rng_mix64(h ^ key[i]);
    return h;
}

memo *memo_create(int words, size_t most)
{
    if (words < 1 || words > 64 || most < 1)
        return NULL;
    memo *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->words = words;
    m->most = most;
    m->cap = MEMO_START;
    m->slot = calloc(m->cap, sizeof *m->slot);
    if (!m->slot) {
        free(m);
        return NULL;
    }
    return m;
}

void memo_destroy(memo *m)
{
    if (!m)
        return;
    free(m->slot);
    free(m->ent);
    free(m);
}

size_t memo_count(const memo *m)
{
    return m->count;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t find(const memo *m, const uint64_t *key)
{
    size_t mask = m->cap - 1, i = (size_t)hash(key, m->words) & mask;
    size_t stride = (size_t)m->words + 1;
    while (m->slot[i]) {
        const uint64_t *e = m->ent + (size_t)(m->slot[i] - 1) * stride;
        if (!memcmp(e, key, (size_t)m->words * sizeof *key))
            return i;
        i = (i + 1) & mask;
    }
    return i;
}

bool memo_get(const memo *m, const uint64_t *key, double *value)
{
    size_t i = find(m, key);
    if (!m->slot[i])
        return false;
    memcpy(value, m->ent + (size_t)(m->slot[i] - 1) * ((size_t)m->words + 1) + m->words,
           sizeof *value);
    return true;
}

/* Room for one more entry: false (and m->full) when it cannot be made or
 * the memo holds its most. */
static bool grow(memo *m)
{
    size_t stride = (size_t)m->words + 1;
    if (m->count >= m->most)
        return !(m->full = true);
    if (m->count == m->room) {
        size_t room = m->room ? 2 * m->room : MEMO_START / 2;
        uint64_t *e = room < UINT32_MAX / 2 && room <= SIZE_MAX / (stride * sizeof *e)
                          ? realloc(m->ent, room * stride * sizeof *e)
                          : NULL;
        if (!e)
            return !(m->full = true);
        m->ent = e;
        m->room = room;
    }
    if ((m->count + 1) * 2 > m->cap) {
        memo bigger = *m;
        bigger.cap = 2 * m->cap;
        bigger.slot = calloc(bigger.cap, sizeof *bigger.slot);
        if (!bigger.slot)
            return !(m->full = true);
        for (size_t k = 0; k < m->count; k++)
            bigger.slot[find(&bigger, m->ent + k * stride)] = (uint32_t)(k + 1);
        free(m->slot);
        m->slot = bigger.slot;
        m->cap = bigger.cap;
    }
    return true;
}

void memo_put(memo *m, const uint64_t *key, double value)
{
    size_t stride = (size_t)m->words + 1, i = find(m, key);
    if (!m->slot[i]) {
        if (m->full || !grow(m))
            return;
        i = find(m, key);   /* the table may have grown */
        memcpy(m->ent + m->count * stride, key, (size_t)m->words * sizeof *key);
        m->slot[i] = (uint32_t)++m->count;
    }
    memcpy(m->ent + (size_t)(m->slot[i] - 1) * stride + m->words, &value, sizeof value);
}
