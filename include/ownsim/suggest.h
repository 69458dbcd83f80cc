/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * suggest.h — "did you mean": the closest known word to a misspelt one.
 */
#ifndef OWNSIM_SUGGEST_H
#define OWNSIM_SUGGEST_H

#include <stddef.h>

/* Edit (Levenshtein) distance, ignoring case, capped: returns cap+1 as soon as the distance
 * is known to exceed cap.  O(len(a)·len(b)) time, O(len(b)) stack space;
 * words longer than 63 characters are never close to anything. */
size_t suggest_distance(const char *a, const char *b, size_t cap);

/* The candidate closest to word within max(2, len(word)/3) edits, or NULL.
 * Ties go to the earliest candidate. */
const char *suggest_closest(const char *word, const char *const *cands,
                            size_t n);

#endif
