/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * memo.h — a map from fixed-length keys (a few 64-bit words) to doubles,
 * for results that are a deterministic function of their key and costly
 * to compute again.
 *
 * calibrate keeps its distance D here: its fit, profiles and bootstrap
 * refits evaluate some points more than once, and D is a function of the
 * list, the rows compared, the decisions' replication, the misroute
 * probability and the parameter values, all of which it puts in the key.
 * A repeat then costs a lookup, not a replay, and gives the same double.
 *
 * A memo only saves time: when it cannot grow (out of memory) it stops
 * storing and every lookup after that still answers correctly (a miss
 * for what it could not hold).  Cost: memo_get and memo_put are O(words)
 * expected (open addressing, at most half full); the memory is about
 * (8·words + 24) bytes per entry.
 */
#ifndef OWNSIM_MEMO_H
#define OWNSIM_MEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct memo memo;   /* opaque */

/* A memo for keys of `words` 64-bit words (1 to 64) holding at most
 * `most` entries (>= 1; then it stops storing, as when out of memory: a
 * bound on its memory).  NULL when out of memory or an argument is out of
 * range.  Owned by the caller: memo_destroy. */
memo *memo_create(int words, size_t most);
void memo_destroy(memo *m);   /* NULL: nothing */

/* The value stored for key[words] into *value: true; false when none is. */
bool memo_get(const memo *m, const uint64_t *key, double *value);

/* Store value for key[words] (replacing one stored before).  Not stored
 * when the memo cannot grow: nothing else changes. */
void memo_put(memo *m, const uint64_t *key, double value);

/* Entries stored. */
size_t memo_count(const memo *m);

#endif
