/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mapping.c — export priorities and categories onto the scenario's
 * severities and categories (see import_int.h).
 *
 * Design and invariants:
 *  - Matching is on trimmed text, ASCII case-insensitive, everywhere: map
 *    files, severity and category names, priority words.
 *  - A map file entry wins over the built-in rules; text the map does not
 *    list falls through to them.  So a map only needs the odd spellings.
 *  - A map is validated whole when read: every 'to' names a scenario
 *    severity, category or party (with "did you mean"), no 'from' is blank,
 *    and a 'from' listed twice must map to the same target.  A blank 'to'
 *    is no entry: a line of a --write-maps template not filled in yet, so
 *    the template reads as it was written and changes nothing.  Entries are then
 *    sorted, so a lookup is a binary search: O(log n) per row.
 *  - The built-in priority rules never guess past the scenario: a number or
 *    word naming the k-th severity maps only when the scenario has k.
 */
#include "import_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ownsim/csvfile.h"
#include "ownsim/suggest.h"

#define MAP_TEXT 256             /* longest map value compared */

void imp_did_you_mean(const char *word, const char *const *cands, size_t n,
                      char *buf, size_t len)
{
    const char *best = suggest_closest(word, cands, n);
    if (best)
        snprintf(buf, len, " (did you mean '%s'?)", best);
    else if (len)
        buf[0] = '\0';
}

/* ------------------------------------------------------------ map files */

/* State while a map file is read. */
typedef struct map_reader {
    const char *path;         /* the map file, for errors */
    const scenario *s;        /* borrowed */
    imp_target what;          /* severities or categories */
    imp_map *m;               /* filled */
    size_t cap;               /* allocated entries */
    int col_from;             /* column of 'from', -1 before the header */
    int col_to;               /* column of 'to' */
    os_error *e;              /* set on failure */
} map_reader;

/* The names a map may point at, and how many. */
static size_t target_names(const scenario *s, imp_target what, const char **names)
{
    size_t n = 0;
    if (what == IMP_SEVERITY)
        for (int i = 0; i < s->nsev; i++)
            names[n++] = s->sev[i].name;
    else if (what == IMP_CATEGORY)
        for (int i = 0; i < s->ncat; i++)
            names[n++] = s->cat[i].name;
    else
        for (int i = 0; i < s->nparty; i++)
            names[n++] = s->party[i].name;
    return n;
}

static int map_record(void *ctx, size_t nf, char **f, long line)
{
    map_reader *R = ctx;
    if (R->col_from < 0) {
        long from = csvr_column(R->path, line, nf, f, "from", CSVR_FOLD, NULL, R->e);
        long to = from == -2 ? -2 : csvr_column(R->path, line, nf, f, "to", CSVR_FOLD, NULL, R->e);
        if (from == -2 || to == -2)
            return -1;
        R->col_from = (int)from;
        R->col_to = (int)to;
        if (R->col_from < 0 || R->col_to < 0)
            return err_set(R->e, OS_ERR_INPUT, R->path, (int)line,
                           R->col_from < 0 ? "from" : "to",
                           "a map file needs the header row 'from,to'");
        return 0;
    }
    int need = R->col_from > R->col_to ? R->col_from : R->col_to;
    if ((int)nf <= need)
        return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "",
                       "row has %zu field%s, needs 'from' and 'to'", nf, nf == 1 ? "" : "s");
    char from[MAP_TEXT], to[MAP_TEXT];
    imp_trim(f[R->col_from], from, sizeof from);
    imp_trim(f[R->col_to], to, sizeof to);
    if (!*from)
        return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "from", "blank 'from' value");
    if (!*to)
        return 0;   /* a template line not filled in: no entry */
    const char *names[SCN_MAX_CAT > SCN_MAX_PARTIES ? SCN_MAX_CAT : SCN_MAX_PARTIES];
    size_t nn = target_names(R->s, R->what, names);
    int target = -1;
    for (size_t i = 0; i < nn; i++)
        if (!strcasecmp(to, names[i]))
            target = (int)i;
    if (target < 0) {
        char hint[128];
        imp_did_you_mean(to, names, nn, hint, sizeof hint);
        char list[512] = "";
        for (size_t i = 0; i < nn; i++) {
            size_t len = strlen(list);
            snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", names[i]);
        }
        return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "to",
                       "'%s' is not a %s of the scenario%s (it has: %s)", to,
                       R->what == IMP_SEVERITY ? "severity"
                       : R->what == IMP_CATEGORY ? "category" : "party", hint, list);
    }
    if (R->m->n == R->cap) {
        size_t cap = R->cap ? 2 * R->cap : 32;
        char **a = realloc(R->m->from, cap * sizeof *a);
        if (a)
            R->m->from = a;
        int *b = a ? realloc(R->m->to, cap * sizeof *b) : NULL;
        if (b)
            R->m->to = b;
        long *c = b ? realloc(R->m->line, cap * sizeof *c) : NULL;
        if (!c)
            return err_set(R->e, OS_ERR_ENV, R->path, (int)line, "", "out of memory");
        R->m->line = c;
        R->cap = cap;
    }
    char *copy = malloc(strlen(from) + 1);
    if (!copy)
        return err_set(R->e, OS_ERR_ENV, R->path, (int)line, "", "out of memory");
    strcpy(copy, from);
    R->m->from[R->m->n] = copy;
    R->m->to[R->m->n] = target;
    R->m->line[R->m->n] = line;
    R->m->n++;
    return 0;
}

/* Order of entries: by from, case-insensitive, then by line. */
typedef struct map_entry {
    char *from;               /* export value */
    int to;                   /* target index */
    long line;                /* line in the map file */
} map_entry;

static int entry_cmp(const void *a, const void *b)
{
    const map_entry *x = a, *y = b;
    int c = strcasecmp(x->from, y->from);
    if (c)
        return c;
    return (x->line > y->line) - (x->line < y->line);
}

int imp_map_read(const char *path, const scenario *s, imp_target what,
                 imp_map *m, os_error *e)
{
    memset(m, 0, sizeof *m);
    map_reader R = {.path = path, .s = s, .what = what, .m = m, .col_from = -1, .e = e};
    int rc = csvr_read(path, map_record, &R, e);
    if (rc == 0 && R.col_from < 0)
        rc = err_set(e, OS_ERR_INPUT, path, 1, "", "empty map file (needs the header row 'from,to')");
    if (rc == 0 && m->n) {
        map_entry *v = malloc(m->n * sizeof *v);
        if (!v) {
            rc = err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
        } else {
            for (size_t i = 0; i < m->n; i++)
                v[i] = (map_entry){m->from[i], m->to[i], m->line[i]};
            qsort(v, m->n, sizeof *v, entry_cmp);
            for (size_t i = 0; i < m->n; i++) {
                m->from[i] = v[i].from;
                m->to[i] = v[i].to;
                m->line[i] = v[i].line;
            }
            free(v);
            for (size_t i = 1; i < m->n && rc == 0; i++)
                if (!strcasecmp(m->from[i - 1], m->from[i]) && m->to[i - 1] != m->to[i])
                    rc = err_set(e, OS_ERR_INPUT, path, (int)m->line[i], "from",
                                 "'%s' is mapped twice, differently (first on line %ld)",
                                 m->from[i], m->line[i - 1]);
        }
    }
    if (rc != 0) {
        imp_map_free(m);
        return -1;
    }
    return 0;
}

void imp_map_free(imp_map *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->from[i]);
    free(m->from);
    free(m->to);
    free(m->line);
    memset(m, 0, sizeof *m);
}

static int key_cmp(const void *key, const void *elem)
{
    return strcasecmp(key, *(char *const *)elem);
}

int imp_map_find(const imp_map *m, const char *text)
{
    if (!m || !m->n)
        return -1;
    char t[MAP_TEXT];
    imp_trim(text, t, sizeof t);
    char *const *hit = bsearch(t, m->from, m->n, sizeof *m->from, key_cmp);
    return hit ? m->to[hit - m->from] : -1;
}

/* ------------------------------------------------------ built-in rules */

/* Priority words and the 1-based severity they name. */
static const struct {
    const char *word;         /* lower case */
    int rank;                 /* 1 = most urgent */
} prio_words[] = {
    {"critical", 1}, {"urgent", 1}, {"highest", 1}, {"blocker", 1},
    {"high", 2}, {"major", 2},
    {"medium", 3}, {"moderate", 3}, {"normal", 3},
    {"low", 4}, {"minor", 4},
    {"lowest", 5}, {"planning", 5}, {"trivial", 5},
};

/* Prefixes before a priority number, longest first ("Priority 1", "P1"). */
static const char *const prio_prefix[] = {"priority", "severity", "prio", "sev", "p", "s"};

int imp_priority_builtin(const scenario *s, const char *text)
{
    char b[MAP_TEXT];
    imp_trim(text, b, sizeof b);
    if (!*b)
        return -1;
    for (int i = 0; i < s->nsev; i++)
        if (!strcasecmp(b, s->sev[i].name))
            return i;
    /* a leading number, perhaps after a prefix: it decides */
    const char *p = b;
    for (size_t k = 0; k < sizeof prio_prefix / sizeof *prio_prefix; k++) {
        size_t n = strlen(prio_prefix[k]);
        if (strncasecmp(b, prio_prefix[k], n) != 0)
            continue;
        const char *q = b + n;
        while (*q == ' ' || *q == '-' || *q == '_' || *q == ':' || *q == '#' || *q == '.')
            q++;
        if (isdigit((unsigned char)*q)) {
            p = q;
            break;
        }
    }
    if (isdigit((unsigned char)*p)) {
        int v = 0, nd = 0;
        while (isdigit((unsigned char)*p)) {
            if (++nd > 3)
                return -1;
            v = v * 10 + (*p++ - '0');
        }
        if (isalnum((unsigned char)*p))
            return -1;
        return v >= 1 && v <= s->nsev ? v - 1 : -1;
    }
    /* else the first priority word among the words */
    for (p = b; *p;) {
        while (*p && !isalpha((unsigned char)*p))
            p++;
        char w[16];
        size_t n = 0;
        while (isalpha((unsigned char)*p)) {
            if (n + 1 < sizeof w)
                w[n] = (char)tolower((unsigned char)*p);
            n++;
            p++;
        }
        if (n == 0 || n + 1 > sizeof w)
            continue;
        w[n] = '\0';
        for (size_t k = 0; k < sizeof prio_words / sizeof *prio_words; k++)
            if (!strcmp(w, prio_words[k].word))
                return prio_words[k].rank <= s->nsev ? prio_words[k].rank - 1 : -1;
    }
    return -1;
}

int imp_priority(const scenario *s, const imp_map *m, const char *text)
{
    int i = imp_map_find(m, text);
    return i >= 0 ? i : imp_priority_builtin(s, text);
}

int imp_category(const scenario *s, const imp_map *m, const char *text)
{
    int i = imp_map_find(m, text);
    if (i >= 0)
        return i;
    char b[MAP_TEXT];
    imp_trim(text, b, sizeof b);
    for (int c = 0; c < s->ncat; c++)
        if (!strcasecmp(b, s->cat[c].name))
            return c;
    return -1;
}

int imp_party(const scenario *s, const imp_map *m, const char *text)
{
    int i = imp_map_find(m, text);
    if (i >= 0)
        return i;
    char b[MAP_TEXT];
    imp_trim(text, b, sizeof b);
    for (int p = 0; p < s->nparty; p++)
        if (!strcasecmp(b, s->party[p].name))
            return p;
    return -1;
}
