/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * suggest.c — edit distance for "did you mean" hints.  Words are short (keys,
 * names), so the plain dynamic programme with one row on the stack is enough.
 */
#include "ownsim/suggest.h"

#include <ctype.h>
#include <string.h>

#define SUGGEST_MAXLEN 63

size_t suggest_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > SUGGEST_MAXLEN || lb > SUGGEST_MAXLEN)
        return cap + 1;
    if ((la > lb ? la - lb : lb - la) > cap)
        return cap + 1;
    size_t row[SUGGEST_MAXLEN + 1];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0], best = i;
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            /* blind to case: "MIN" still finds "min" */
            size_t cost = tolower((unsigned char)a[i - 1]) ==
                          tolower((unsigned char)b[j - 1]) ? 0 : 1;
            size_t v = diag + cost;
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > cap)
            return cap + 1;
    }
    return row[lb];
}

const char *suggest_closest(const char *word, const char *const *cands,
                            size_t n)
{
    size_t cap = strlen(word) / 3;
    if (cap < 2)
        cap = 2;
    const char *best = NULL;
    size_t bestd = cap + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = suggest_distance(word, cands[i], cap);
        if (d < bestd) {
            bestd = d;
            best = cands[i];
        }
    }
    return best;
}
