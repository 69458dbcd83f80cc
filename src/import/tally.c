/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tally.c — the distinct values of a column and how many rows hold each
 * (see import_int.h): what the import lists as unknown categories,
 * priorities and groups, and what --write-maps writes as templates.
 *
 * Design and invariants:
 *  - Values are the same when they are equal trimmed and ASCII
 *    case-insensitive, as every map lookup compares them; the first
 *    spelling seen is the one kept and shown.
 *  - Open addressing with linear probing, at most half full, doubled when
 *    it would be more: O(1) expected per row, memory one entry per distinct
 *    value (a few KiB for the categories of a real export).
 *  - The report order (count descending, then byte order of the text) is a
 *    total order on distinct values, so listings and templates do not
 *    depend on the table's layout.
 */
#include "import_int.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* FNV-1a of the lower-cased text. */
static uint64_t hash_ci(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)tolower((unsigned char)*s);
        h *= 1099511628211ULL;
    }
    return h;
}

/* The slot holding text, or the free slot where it would go. */
static size_t probe(const imp_tally_entry *slot, size_t cap, const char *text)
{
    size_t i = (size_t)hash_ci(text) & (cap - 1);
    while (slot[i].text && strcasecmp(slot[i].text, text))
        i = (i + 1) & (cap - 1);
    return i;
}

static int grow(imp_tally *t)
{
    size_t cap = t->cap ? 2 * t->cap : 64;
    imp_tally_entry *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slot[i].text)
            slot[probe(slot, cap, t->slot[i].text)] = t->slot[i];
    free(t->slot);
    t->slot = slot;
    t->cap = cap;
    return 0;
}

int imp_tally_add(imp_tally *t, const char *text)
{
    size_t len = strlen(text) + 1;
    char stack[256];
    char *b = len <= sizeof stack ? stack : malloc(len);
    if (!b)
        return -1;
    imp_trim(text, b, len);
    int rc = 0;
    if (*b) {
        if (2 * (t->n + 1) > t->cap && grow(t) < 0)
            rc = -1;
        size_t i = rc ? 0 : probe(t->slot, t->cap, b);
        if (!rc && !t->slot[i].text) {
            if (!(t->slot[i].text = malloc(strlen(b) + 1)))
                rc = -1;
            else {
                strcpy(t->slot[i].text, b);
                t->n++;
            }
        }
        if (!rc)
            t->slot[i].count++;
    }
    if (b != stack)
        free(b);
    return rc;
}

static int report_cmp(const void *a, const void *b)
{
    const imp_tally_entry *x = *(const imp_tally_entry *const *)a;
    const imp_tally_entry *y = *(const imp_tally_entry *const *)b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->text, y->text);
}

const imp_tally_entry **imp_tally_sorted(const imp_tally *t)
{
    if (!t->n)
        return NULL;
    const imp_tally_entry **v = malloc(t->n * sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slot[i].text)
            v[k++] = &t->slot[i];
    qsort(v, k, sizeof *v, report_cmp);
    return v;
}

void imp_tally_free(imp_tally *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->slot[i].text);
    free(t->slot);
    memset(t, 0, sizeof *t);
}
