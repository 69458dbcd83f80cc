/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * load.c — reading a scenario: libinih, then --set overrides, then the key
 * table, then cross-checks.
 *
 * Three passes, so that a reference never depends on the order of sections:
 *   1. libinih reads the file into a flat list of entries (section, key,
 *      value, line) through our line reader, which sees every byte first:
 *      it refuses NUL bytes, CR-only line endings and over-long lines,
 *      counts lines, and finds section headers at full length (so empty and
 *      duplicated sections are seen, and names are never cut);
 *   2. overrides replace or add entries (their origin is "--set");
 *   3. sections are numbered, every key gets its default, then every entry is
 *      parsed through the key table, and the whole is validated.
 * Every error names the file (or --set), the line and the key.
 *
 * Pass 1 is scn_read: its result, the source, is kept as read.  Passes 2
 * and 3 are scn_resolve, which works on a copy of the source's sections and
 * entries, so one source gives any number of scenarios (the points of a
 * sweep) and each is exactly what scn_load with the same overrides gives.
 * The only values that depend on more than their text are those read from
 * or checked against a file (empirical distributions, paths); the source
 * caches them by (key type, text, folder) the first time they parse, so a
 * file is read once per source and a later resolution reads nothing.
 * Invariant: an entry's file pointer is either one of the source's interned
 * paths or an override's origin, both alive for the whole resolution.
 *
 * Cost: linear in the size of the files.  Sections, entries and cached
 * values are found through hash indexes (hindex: FNV-1a, open addressing,
 * at most half full) beside their arrays, never by scanning, so a file of
 * 100,000 sections is read and refused in a fraction of a second; the
 * working copy of scn_resolve copies the indexes as they are.  Section
 * kinds and keys are looked up in the schema tables (keys.c), whose size is
 * fixed.
 */
#include "keys.h"
#include "ownsim/csvfile.h"
#include "ownsim/datadir.h"
#include "ownsim/inifile.h"
#include "ownsim/number.h"
#include "ownsim/scenario.h"
#include "ownsim/suggest.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Origin of overrides; compared by address. */
static const char ORIGIN_SET[] = "--set";

typedef struct entry {
    char *section;        /* "party.msp"; owned */
    char *key;            /* "staff"; owned */
    char *value;          /* text as written; owned */
    const char *file;     /* path, or the override's origin (not owned) */
    int line;             /* line in file, 0 for an override */
    bool cli;             /* from the command line: paths are relative to cwd */
} entry;

typedef struct section {
    char *name;           /* "party.msp"; owned */
    const char *file;     /* file of its header, or an override's origin (not owned) */
    int line;             /* line of its header, 0 when created by --set */
    sec_kind kind;        /* which kind */
    int idx;              /* index among its kind */
} section;

#define MAX_INCLUDE_DEPTH 8

/* A hash index over an array that only grows (sections, entries, cached
 * values): open addressing with linear probing, at most half full.  A slot
 * holds an element's hash and position + 1 (0 = empty); the caller compares
 * the element itself, so the index never owns or copies a name. */
typedef struct hslot {
    uint64_t hash;        /* hash of the element's name */
    size_t pos;           /* its position in the array + 1; 0 = empty slot */
} hslot;

typedef struct hindex {
    hslot *slot;          /* cap slots; owned */
    size_t cap;           /* 0 or a power of two */
    size_t n;             /* slots in use */
} hindex;

typedef struct include {
    char *value;          /* the file named, as written; owned */
    int line;             /* where */
} include;

typedef struct loader {
    FILE *fp;             /* the scenario file being read */
    const char *path;     /* its name, for messages (owned by the root loader) */
    entry *ent;           /* entries in file order; owned */
    size_t nent, capent;
    hindex enti;          /* ent by (section, key) */
    section *sec;         /* sections in file order; owned */
    size_t nsec, capsec;
    hindex seci;          /* sec by name */
    include *inc;         /* include = lines of this file, in order; owned */
    size_t ninc;
    char **paths;         /* every file read (root loader only); owned */
    size_t npaths;
    char *chain[MAX_INCLUDE_DEPTH + 1]; /* real paths of the files being read, for cycles */
    os_error *e;          /* where the first error goes */
    int failed;           /* an error has been recorded */
} loader;

/* A value that came from a file (key_from_file), parsed once per source:
 * an empirical distribution (its CSV read) or a path (checked and made
 * absolute). */
typedef struct cached {
    key_type type;        /* the key type it was parsed as */
    char *text;           /* the value as written; owned */
    char *dir;            /* the folder it is relative to, NULL = the current one; owned */
    void *val;            /* a field of that type (key_types[type].size bytes) and
                             what it owns; owned */
} cached;

/* The text of a scenario file and its includes (scenario.h). */
struct scn_source {
    loader L;             /* sections, entries and the files read; L.path is
                             L.paths[0], L.e NULL between calls */
    cached *cache;        /* values read from files, in first-read order; owned */
    size_t ncache, capcache;
    hindex cachei;        /* cache by (type, text, folder) */
};

/* FNV-1a over a string, continuing from h; the NUL is hashed too, so that
 * ("ab", "c") and ("a", "bc") differ. */
static uint64_t hash_str(uint64_t h, const char *s)
{
    do {
        h ^= (unsigned char)*s;
        h *= UINT64_C(0x100000001b3);
    } while (*s++);
    return h;
}

#define HASH_SEED UINT64_C(0xcbf29ce484222325)

/* The first slot to probe for hash h: FNV's low bits alone cluster on names
 * that differ in their last characters (c1, c2, ...), so mix the high bits
 * in (the finaliser of MurmurHash3). */
static size_t hindex_home(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    return (size_t)h;
}

/* Record that the element at pos has hash h.  0, or -1 when out of memory
 * (the index unchanged). */
static int hindex_add(hindex *x, uint64_t h, size_t pos)
{
    if (2 * (x->n + 1) > x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 64;
        hslot *v = calloc(cap, sizeof *v);
        if (!v)
            return -1;
        for (size_t i = 0; i < x->cap; i++)
            if (x->slot[i].pos) {
                size_t j = hindex_home(x->slot[i].hash) & (cap - 1);
                while (v[j].pos)
                    j = (j + 1) & (cap - 1);
                v[j] = x->slot[i];
            }
        free(x->slot);
        x->slot = v;
        x->cap = cap;
    }
    size_t j = hindex_home(h) & (x->cap - 1);
    while (x->slot[j].pos)
        j = (j + 1) & (x->cap - 1);
    x->slot[j].hash = h;
    x->slot[j].pos = pos + 1;
    x->n++;
    return 0;
}

/* The positions of the elements with hash h, one per call: *step counts
 * the slots probed so far (start at 0).  SIZE_MAX when there are no more. */
static size_t hindex_next(const hindex *x, uint64_t h, size_t *step)
{
    while (*step < x->cap) {
        const hslot *sl = &x->slot[(hindex_home(h) + (*step)++) & (x->cap - 1)];
        if (!sl->pos)
            return SIZE_MAX;
        if (sl->hash == h)
            return sl->pos - 1;
    }
    return SIZE_MAX;
}

/* dst, empty, becomes a copy of src (an index of a copy of src's array). */
static int hindex_copy(hindex *dst, const hindex *src)
{
    if (!src->cap)
        return 0;
    if (!(dst->slot = malloc(src->cap * sizeof *dst->slot)))
        return -1;
    memcpy(dst->slot, src->slot, src->cap * sizeof *dst->slot);
    dst->cap = src->cap;
    dst->n = src->n;
    return 0;
}

static void hindex_free(hindex *x)
{
    free(x->slot);
    memset(x, 0, sizeof *x);
}

static int oom(loader *L)
{
    L->failed = 1;
    return err_set(L->e, OS_ERR_ENV, L->path, 0, "", "out of memory");
}

static section *find_section(loader *L, const char *name)
{
    uint64_t h = hash_str(HASH_SEED, name);
    size_t step = 0;
    for (size_t i; (i = hindex_next(&L->seci, h, &step)) != SIZE_MAX;)
        if (!strcmp(L->sec[i].name, name))
            return &L->sec[i];
    return NULL;
}

static int add_section(loader *L, const char *name, const char *file, int line)
{
    if (L->nsec == L->capsec) {
        size_t cap = L->capsec ? 2 * L->capsec : 16;
        section *v = realloc(L->sec, cap * sizeof *v);
        if (!v)
            return oom(L);
        L->sec = v;
        L->capsec = cap;
    }
    section *s = &L->sec[L->nsec];
    memset(s, 0, sizeof *s);
    if (!(s->name = strdup(name)))
        return oom(L);
    if (hindex_add(&L->seci, hash_str(HASH_SEED, name), L->nsec) < 0) {
        free(s->name);
        return oom(L);
    }
    s->file = file;
    s->line = line;
    L->nsec++;
    return 0;
}

/* A section header: sections may appear once per file. */
static int on_section(void *ctx, const char *name, int line)
{
    loader *L = ctx;
    section *dup = find_section(L, name);
    if (dup) {
        L->failed = 1;
        return err_set(L->e, OS_ERR_INPUT, L->path, line, name,
                       "section [%s] appears twice (first at line %d)", name, dup->line);
    }
    return add_section(L, name, L->path, line);
}

static uint64_t entry_hash(const char *sec, const char *key)
{
    return hash_str(hash_str(HASH_SEED, sec), key);
}

static int add_entry(loader *L, const char *sec, const char *key,
                     const char *value, const char *file, int line)
{
    if (L->nent == L->capent) {
        size_t cap = L->capent ? 2 * L->capent : 64;
        entry *v = realloc(L->ent, cap * sizeof *v);
        if (!v)
            return oom(L);
        L->ent = v;
        L->capent = cap;
    }
    entry *en = &L->ent[L->nent];
    en->section = strdup(sec);
    en->key = strdup(key);
    en->value = strdup(value);
    en->file = file;
    en->line = line;
    en->cli = false;
    if (!en->section || !en->key || !en->value ||
        hindex_add(&L->enti, entry_hash(sec, key), L->nent) < 0) {
        free(en->section);
        free(en->key);
        free(en->value);
        return oom(L);
    }
    L->nent++;
    return 0;
}

static entry *find_entry(loader *L, const char *sec, const char *key)
{
    uint64_t h = entry_hash(sec, key);
    size_t step = 0;
    for (size_t i; (i = hindex_next(&L->enti, h, &step)) != SIZE_MAX;)
        if (!strcmp(L->ent[i].section, sec) && !strcmp(L->ent[i].key, key))
            return &L->ent[i];
    return NULL;
}

static int on_pair(void *ctx, const char *sec, const char *key, const char *value,
                   int line)
{
    loader *L = ctx;
    if (!sec[0]) {
        if (!strcmp(key, "include")) {
            include *v = realloc(L->inc, (L->ninc + 1) * sizeof *v);
            if (!v || !(v[L->ninc].value = strdup(value))) {
                if (v)
                    L->inc = v;
                return oom(L);
            }
            L->inc = v;
            L->inc[L->ninc++].line = line;
            return 0;
        }
        L->failed = 1;
        return err_set(L->e, OS_ERR_INPUT, L->path, line, key,
                       "key outside any section (add a [section] line above it; only "
                       "include = FILE may stand there)");
    }
    char full[160];
    snprintf(full, sizeof full, "%s.%s", sec, key);
    entry *dup = find_entry(L, sec, key);
    if (dup) {
        L->failed = 1;
        return err_set(L->e, OS_ERR_INPUT, L->path, line, full,
                       "key set twice in this file (first at line %d)", dup->line);
    }
    return add_entry(L, sec, key, value, L->path, line);
}

static const inifile_ops scenario_ops = {on_section, on_pair};

/* Move src's sections and entries, with their indexes, into dst, which has
 * none; src is left with none. */
static void loader_take(loader *dst, loader *src)
{
    free(dst->sec);
    free(dst->ent);
    hindex_free(&dst->seci);
    hindex_free(&dst->enti);
    dst->sec = src->sec, dst->nsec = src->nsec, dst->capsec = src->capsec;
    dst->ent = src->ent, dst->nent = src->nent, dst->capent = src->capent;
    dst->seci = src->seci, dst->enti = src->enti;
    src->sec = NULL, src->nsec = src->capsec = 0;
    src->ent = NULL, src->nent = src->capent = 0;
    memset(&src->seci, 0, sizeof src->seci);
    memset(&src->enti, 0, sizeof src->enti);
}

static void loader_free(loader *L)
{
    for (size_t i = 0; i < L->nent; i++) {
        free(L->ent[i].section);
        free(L->ent[i].key);
        free(L->ent[i].value);
    }
    free(L->ent);
    for (size_t i = 0; i < L->nsec; i++)
        free(L->sec[i].name);
    free(L->sec);
    hindex_free(&L->enti);
    hindex_free(&L->seci);
    for (size_t i = 0; i < L->ninc; i++)
        free(L->inc[i].value);
    free(L->inc);
    for (size_t i = 0; i < L->npaths; i++)
        free(L->paths[i]);
    free(L->paths);
}

int scn_split_override(char *text, scn_override *out, os_error *e)
{
    char *eq = strchr(text, '=');
    if (!eq || eq == text)
        return err_set(e, OS_ERR_INPUT, ORIGIN_SET, 0, text,
                       "expected --set section.key=value");
    *eq = '\0';
    char *dot = strrchr(text, '.');
    if (!dot || dot == text || !dot[1]) {
        *eq = '=';
        return err_set(e, OS_ERR_INPUT, ORIGIN_SET, 0, text,
                       "expected --set section.key=value, e.g. "
                       "model.co_managed.misroute_prob=0.3");
    }
    /* trim spaces around the value, as libinih does for file values */
    char *v = eq + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    char *end = v + strlen(v);
    while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
        *--end = '\0';
    out->key = text;
    out->value = v;
    out->origin = NULL;   /* "--set" */
    return 0;
}

/* Which kind a section name is, and check its shape. */
static int classify(loader *L, section *s, const char *file)
{
    if (!strcmp(s->name, SEC_ANALYSIS_NAME)) {
        s->kind = SEC_ANALYSIS;   /* keys.h: read by the analyses, not resolved */
        return 0;
    }
    const char *dot = strchr(s->name, '.');
    size_t klen = dot ? (size_t)(dot - s->name) : strlen(s->name);
    int k = sec_lookup(s->name, klen);
    if (k < 0) {
        char kind[64], all[256];
        snprintf(kind, sizeof kind, "%.*s", (int)(klen < 63 ? klen : 63), s->name);
        const char *names[SEC_NKINDS];
        for (int i = 0; i < SEC_NKINDS; i++)
            names[i] = scn_secs[i].name;
        const char *hint = suggest_closest(kind, names, SEC_NKINDS);
        sec_list(all, sizeof all);
        return err_set(L->e, OS_ERR_INPUT, file, s->line, s->name,
                       "unknown section [%s]%s%s%s; sections are %s", s->name,
                       hint ? " (did you mean " : "", hint ? hint : "", hint ? "?)" : "", all);
    }
    s->kind = (sec_kind)k;
    const char *kname = scn_secs[k].name;
    if (!scn_secs[k].named) {
        if (dot)
            return err_set(L->e, OS_ERR_INPUT, file, s->line, s->name,
                           "[%s] takes no name: write [%s]", s->name, kname);
        return 0;
    }
    if (!dot || !dot[1])
        return err_set(L->e, OS_ERR_INPUT, file, s->line, s->name,
                       "[%s] needs a name: [%s.NAME]", s->name, kname);
    const char *n = dot + 1;
    size_t len = strlen(n);
    bool ok = len > 0 && len < SCN_NAME;
    for (const char *p = n; *p && ok; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
             (*p >= '0' && *p <= '9') || *p == '_' || *p == '-';
    if (!ok)
        return err_set(L->e, OS_ERR_INPUT, file, s->line, s->name,
                       "'%s' is not a name (letters, digits, _ and -, at "
                       "most %d characters)", n, SCN_NAME - 1);
    return 0;
}

static const keydef *find_key(sec_kind kind, const char *key)
{
    for (size_t i = 0; i < scn_nkeys; i++)
        if (scn_keys[i].sec == kind && !strcmp(scn_keys[i].key, key))
            return &scn_keys[i];
    return NULL;
}

static int unknown_key(loader *L, const entry *en, const section *s)
{
    const char *cands[64];
    size_t n = 0;
    for (size_t i = 0; i < scn_nkeys && n < 64; i++)
        if (scn_keys[i].sec == s->kind)
            cands[n++] = scn_keys[i].key;
    const char *hint = suggest_closest(en->key, cands, n);
    /* a short key every letter of which differs ("k0" for "tz") is no hint */
    if (hint && suggest_distance(en->key, hint, 64) >= strlen(hint))
        hint = NULL;
    char full[512];
    snprintf(full, sizeof full, "%s.%s", en->section, en->key);
    if (hint)
        return err_set(L->e, OS_ERR_INPUT, en->file, en->line, full,
                       "unknown key '%s' in [%s] (did you mean '%s'?)", en->key,
                       en->section, hint);
    return err_set(L->e, OS_ERR_INPUT, en->file, en->line, full,
                   "unknown key '%s' in [%s]; see docs/scenario.md", en->key,
                   en->section);
}

/* Where to point for a problem with (section, key): the entry, else the
 * section header. */
static void origin(loader *L, const char *sec, const char *key,
                   const char **file, int *line)
{
    entry *en = find_entry(L, sec, key);
    if (en) {
        *file = en->file;
        *line = en->line;
        return;
    }
    section *s = find_section(L, sec);
    *file = s ? s->file : L->path;
    *line = s ? s->line : 0;
}

static int fail_at(loader *L, const char *sec, const char *key,
                   const char *fmt, const char *a, const char *b)
{
    const char *file;
    int line;
    origin(L, sec, key, &file, &line);
    char full[512];
    snprintf(full, sizeof full, "%s.%s", sec, key);
    char msg[900];
    snprintf(msg, sizeof msg, fmt, a, b);
    return err_set(L->e, OS_ERR_INPUT, file, line, full, "%s", msg);
}

static double sum(const double *v, int n)
{
    double t = 0;
    for (int i = 0; i < n; i++)
        t += v[i];
    return t;
}

/* Support groups (docs/model.md §4.10): every chain of escalate_to ends. */
static int validate_chains(loader *L, const scenario *s)
{
    char sec[128];
    for (int p = 0; p < s->nparty; p++) {
        int q = p, steps = 0;
        snprintf(sec, sizeof sec, "party.%s", s->party[p].name);
        while ((q = scn_next_group(&s->party[q])) >= 0)
            if (q == p || ++steps > s->nparty)
                return fail_at(L, sec, "escalate_to",
                               "party '%s' escalates, through escalate_to, back to itself: "
                               "the last group of a chain must not escalate%s",
                               s->party[p].name, "");
    }
    return 0;
}

/* The parties that may work a ticket of category c under model m: its
 * owners and, through escalate_to, every group after them.  Chains end
 * (validate_chains runs first), so the loop ends. */
static uint32_t workers_of(const scenario *s, int m, int c)
{
    uint32_t in = s->model[m].owner[c];
    for (int p = 0; p < s->nparty; p++)
        if (in & (1u << p))
            for (int q = p; (q = scn_next_group(&s->party[q])) >= 0;)
                in |= 1u << q;
    return in;
}

/* Every party that may work a ticket under a model has staff there; the
 * first that does not is named, with the group escalating to it when it
 * owns nothing itself. */
static int validate_staff(loader *L, const scenario *s, int m, int c)
{
    const scn_model *md = &s->model[m];
    char sec[128];
    snprintf(sec, sizeof sec, "model.%s", md->name);
    uint32_t in = workers_of(s, m, c);
    for (int p = 0; p < s->nparty; p++) {
        if (!(in & (1u << p)) || md->staff[p] > 0)
            continue;
        if (md->owner[c] & (1u << p))
            return fail_at(L, sec, "staff", "party '%s' owns work in this model but has no "
                           "staff%s", s->party[p].name, "");
        for (int g = 0; g < s->nparty; g++)
            if ((in & (1u << g)) && scn_next_group(&s->party[g]) == p) {
                char msg[300];
                snprintf(msg, sizeof msg, "party '%s' has no staff in this model, but '%s' "
                         "escalates %s tickets to it (escalate_to)", s->party[p].name,
                         s->party[g].name, s->cat[c].name);
                return fail_at(L, sec, "staff", "%s%s", msg, "");
            }
    }
    return 0;
}

/* Vendor coordination (docs/model.md §4.12): a vendor that is needed must
 * open some day, else its tickets would wait forever. */
static int validate_vendors(loader *L, const scenario *s)
{
    char sec[128];
    for (int c = 0; c < s->ncat; c++) {
        const scn_category *ct = &s->cat[c];
        snprintf(sec, sizeof sec, "category.%s", ct->name);
        if (ct->vendor_prob > 0 && ct->vendor_schedules && ct->vendor_sched.open_week <= 0)
            return fail_at(L, sec, "vendor_schedule",
                           "the vendor of category '%s' is needed (vendor_prob > 0) but "
                           "its hours are none: it would never fix anything; name a "
                           "schedule with open hours, or leave it empty (24x7)%s",
                           ct->name, "");
    }
    return 0;
}

/* Major incidents (docs/model.md §4.11): a burst is a whole number of
 * tickets the pool can hold. */
static int validate_bursts(loader *L, const scenario *s)
{
    char sec[128], msg[300];
    for (int c = 0; c < s->ncat; c++) {
        const dist *d = &s->cat[c].burst_tickets;
        double top = dist_quantile(d, 1.0 - 1e-9);
        if (!(top <= SCN_MAX_BURST + 0.5)) {
            snprintf(sec, sizeof sec, "category.%s", s->cat[c].name);
            snprintf(msg, sizeof msg, "a major incident of category '%s' would bring up to "
                     "%.6g duplicate tickets: at most %d are supported", s->cat[c].name, top,
                     SCN_MAX_BURST);
            return fail_at(L, sec, "burst_tickets", "%s%s", msg, "");
        }
    }
    return 0;
}

static int validate(loader *L, scenario *s)
{
    char sec[128];
    for (int k = 0; k < SEC_NKINDS; k++)
        if (scn_secs[k].named && sec_count(s, (sec_kind)k) < scn_secs[k].min) {
            /* min is 0 or 1 for every kind so far: the message says "at least one" */
            const char *kname = scn_secs[k].name;
            return fail_at(L, kname, "", "no [%s.NAME] section: at least one is needed%s",
                           kname, "");
        }
    if (s->cal.close <= s->cal.open)
        return fail_at(L, "calendar", "close", "business hours must end after they start%s%s", "", "");
    if (s->warmup >= s->incidents)
        return fail_at(L, "simulation", "warmup",
                       "warmup must be smaller than the number of incidents%s%s", "", "");
    /* The last generated outage falls about incidents / per_week weeks in;
     * past CAL_MAX_MINUTES (1e12, about 1.9 million years) times lose
     * their minutes to rounding and `run --outages` would refuse the very
     * list `outages` writes. */
    double span = (double)s->incidents / s->per_week * CAL_MIN_PER_WEEK;
    if (!s->outages[0] && span > CAL_MAX_MINUTES) {
        char msg[200];
        snprintf(msg, sizeof msg, "%.6g incidents a week make %ld incidents span about %.3g "
                 "minutes, beyond the %.0e the simulator supports: raise per_week or lower "
                 "simulation.incidents", s->per_week, s->incidents, span, CAL_MAX_MINUTES);
        return fail_at(L, "arrivals", "per_week", "%s%s", msg, "");
    }
    double wd = sum(s->weekday, 24), we = sum(s->weekend, 24);
    if (wd <= 0 && we <= 0)
        return fail_at(L, "arrivals", "weekday",
                       "every hourly weight is zero: no incident can arrive%s%s", "", "");
    double wsum = 0;
    for (int c = 0; c < s->ncat; c++) {
        wsum += s->cat[c].weight;
        snprintf(sec, sizeof sec, "category.%s", s->cat[c].name);
        if (sum(s->cat[c].sev_mix, s->nsev) <= 0)
            return fail_at(L, sec, "severities",
                           "every severity share of category '%s' is zero%s", s->cat[c].name, "");
    }
    if (wsum <= 0)
        return fail_at(L, "category", "weight", "every category weight is zero%s%s", "", "");
    for (int m = 0; m < s->nmodel; m++) {
        scn_model *md = &s->model[m];
        snprintf(sec, sizeof sec, "model.%s", md->name);
        for (int c = 0; c < s->ncat; c++) {
            if (!md->owner[c])
                return fail_at(L, sec, "owners",
                               "category '%s' has no owner in model '%s'",
                               s->cat[c].name, md->name);
            if (validate_staff(L, s, m, c) < 0)
                return -1;
        }
    }
    /* With no business day, a business-hours party opens never: a ticket it
     * owns, or receives by escalation, without an on-call for its severity
     * would wait forever. */
    for (int m = 0; m < s->nmodel; m++)
        for (int c = 0; c < s->ncat; c++)
            for (int p = 0; p < s->nparty; p++) {
                const scn_party *pt = &s->party[p];
                if (!(workers_of(s, m, c) & (1u << p)) || pt->always_on ||
                    pt->sched.open_week > 0)
                    continue;
                for (int v = 0; v < s->nsev; v++)
                    if (s->cat[c].sev_mix[v] > 0 && !(pt->oncall & (1u << v))) {
                        snprintf(sec, sizeof sec, "party.%s", pt->name);
                        return fail_at(L, sec, "coverage",
                                       "calendar.days = none (or party.schedule's hours "
                                       "are none), so business hours never come, but "
                                       "party '%s' works business hours and "
                                       "receives %s tickets with no on-call for them: set "
                                       "coverage = 24x7, add the severity to oncall, "
                                       "or give the calendar business days",
                                       pt->name, s->sev[v].name);
                    }
            }
    return validate_vendors(L, s);
}

/* Keep a copy of path for the whole load (entries point at it). */
static const char *intern(loader *dst, const char *path)
{
    char **v = realloc(dst->paths, (dst->npaths + 1) * sizeof *v);
    if (!v)
        return NULL;
    dst->paths = v;
    if (!(v[dst->npaths] = strdup(path)))
        return NULL;
    return v[dst->npaths++];
}

/*
 * Read path into dst: first the files it includes (include = FILE, before
 * any section, relative to this file's folder), then its own keys, each
 * replacing the same key from an included file.  Within one file a key or
 * section may appear once.  Cycles and nesting deeper than
 * MAX_INCLUDE_DEPTH are errors.
 */
static int read_file(loader *dst, const char *given, int depth, const char *from, int from_line);

/* Open path as a scenario file: a regular file or a pipe, never a folder
 * or a device.  NULL with e set (naming the including line when from). */
static FILE *open_scenario(loader *dst, const char *path, const char *from, int from_line)
{
    /* "-" names standard input (csvfile.h) on the command line only: an
     * include = - is the file ./- beside the including file (path is then
     * "DIR/-") */
    if (csv_is_stdio(path))
        return csvr_stdin(dst->e);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        /* ENOMEM is the environment's failure (exit 1), not the input's */
        if (from)
            err_set(dst->e, err_kind_errno(errno), from, from_line, "include",
                    "cannot open included file %s: %s", path, strerror(errno));
        else
            err_set(dst->e, err_kind_errno(errno), path, 0, "", "cannot open scenario: %s",
                    strerror(errno));
        return NULL;
    }
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISFIFO(sb.st_mode)) {
        fclose(fp);
        err_set(dst->e, OS_ERR_INPUT, path, 0, "", "is %s, not a scenario file",
                S_ISDIR(sb.st_mode) ? "a directory" : "a device");
        return NULL;
    }
    return fp;
}

/* Read F's includes (the files path names) into dst, in order, each
 * relative to path's folder.  0, or -1 with e set. */
static int read_includes(loader *dst, const loader *F, const char *path, int depth)
{
    if (F->ninc && depth == MAX_INCLUDE_DEPTH)
        return err_set(dst->e, OS_ERR_INPUT, path, F->inc[0].line, "include",
                       "includes nested deeper than %d files", MAX_INCLUDE_DEPTH);
    char *dir = NULL;      /* this file's folder, for its includes; owned */
    if (F->ninc && !(dir = key_path_dir(path)))
        return oom(dst);
    int rc = 0;
    for (size_t i = 0; i < F->ninc && rc == 0; i++) {
        const char *v = F->inc[i].value;
        if (!v[0]) {
            rc = err_set(dst->e, OS_ERR_INPUT, path, F->inc[i].line, "include",
                         "empty file name");
            break;
        }
        /* never cut: a cut name may be another file that exists */
        char *inc = key_path_join(dir, v);
        if (!inc) {
            rc = oom(dst);
            break;
        }
        if (strlen(inc) >= PATH_MAX)
            rc = err_set(dst->e, OS_ERR_INPUT, path, F->inc[i].line, "include",
                         "the included file's path is longer than %d bytes", PATH_MAX - 1);
        else
            rc = read_file(dst, inc, depth + 1, path, F->inc[i].line);
        free(inc);
    }
    free(dir);
    return rc < 0 ? -1 : 0;
}

/* F's sections and keys over dst's (the included ones); over none (no
 * include, or one that set nothing) they are taken over whole, the same
 * arrays adding them one by one would build.  0, or -1 with e set. */
static int merge_over(loader *dst, loader *F)
{
    if (dst->nsec == 0 && dst->nent == 0) {
        loader_take(dst, F);
        return 0;
    }
    for (size_t i = 0; i < F->nsec; i++)
        if (!find_section(dst, F->sec[i].name) &&
            add_section(dst, F->sec[i].name, F->sec[i].file, F->sec[i].line) < 0)
            return -1;
    for (size_t i = 0; i < F->nent; i++) {
        entry *src = &F->ent[i];
        entry *en = find_entry(dst, src->section, src->key);
        if (!en) {
            if (add_entry(dst, src->section, src->key, src->value, src->file,
                          src->line) < 0)
                return -1;
            continue;
        }
        char *v = strdup(src->value);
        if (!v)
            return oom(dst);
        free(en->value);
        en->value = v;
        en->file = src->file;
        en->line = src->line;
    }
    return 0;
}

static int read_file(loader *dst, const char *given, int depth, const char *from, int from_line)
{
    const char *path = intern(dst, given);
    if (!path)
        return oom(dst);
    loader F;
    memset(&F, 0, sizeof F);
    F.path = path;
    F.e = dst->e;
    if (!(F.fp = open_scenario(dst, path, from, from_line)))
        return -1;
    char real[PATH_MAX];
    if (!realpath(path, real))
        snprintf(real, sizeof real, "%s", path);
    for (int d = 0; d < depth; d++)
        if (!strcmp(dst->chain[d], real)) {
            fclose(F.fp);
            return err_set(dst->e, OS_ERR_INPUT, from, from_line, "include",
                           "%s includes itself (through %s)", path, dst->chain[d]);
        }
    int rc = inifile_read(F.fp, path, &scenario_ops, &F, dst->e);
    fclose(F.fp);
    if (rc == 0) {
        dst->chain[depth] = real;   /* for the cycle check of the includes */
        rc = read_includes(dst, &F, path, depth);
        if (rc == 0)
            rc = merge_over(dst, &F);
    }
    dst->chain[depth] = NULL;
    loader_free(&F);
    return rc < 0 ? -1 : 0;
}

/*
 * The scenario's name when simulation.name is empty: the file's name without
 * its last extension, each byte a name may not hold (anything but letters,
 * digits, '_' and '-') written as '_', cut at SCN_NAME - 1 bytes.  The name
 * becomes a folder under out/ and is written to scenario.ini, so it must be
 * a valid name: "Client A.ini" gives Client_A, "acme.v2.ini" acme_v2, and
 * "...ini" gives "__", never "..", which would escape out/.  The file's name
 * is never empty (it was opened as a regular file), so neither is this.
 * A scenario read from standard input ("-") is named "standard_input".
 */
static void derive_name(const char *path, char name[SCN_NAME])
{
    if (csv_is_stdio(path)) {   /* a scenario read from standard input */
        snprintf(name, SCN_NAME, "standard_input");
        return;
    }
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dotp = strrchr(b, '.');
    size_t len = dotp && dotp != b ? (size_t)(dotp - b) : strlen(b);
    if (len >= SCN_NAME)
        len = SCN_NAME - 1;
    for (size_t i = 0; i < len; i++) {
        char c = b[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
        name[i] = ok ? c : '_';
    }
    name[len] = '\0';
}

/* Append path to s->inputs unless it is there. */
static int add_input(scenario *s, const char *path)
{
    for (int i = 0; i < s->ninputs; i++)
        if (!strcmp(s->inputs[i], path))
            return 0;
    char **v = realloc(s->inputs, (size_t)(s->ninputs + 1) * sizeof *v);
    if (!v)
        return -1;
    s->inputs = v;
    if (!(v[s->ninputs] = strdup(path)))
        return -1;
    s->ninputs++;
    return 0;
}

/* The files read, for provenance: the source's (scenario and includes),
 * then every empirical CSV of the final values. */
static int input_of(const keydef *k, void *field, void *ctx)
{
    const dist *d = field;
    if ((k->type == KT_DIST || k->type == KT_OPT_DIST) && d->kind == DIST_EMPIRICAL &&
        d->file)
        return add_input(ctx, d->file);
    return 0;
}

static int take_inputs(loader *L, const scn_source *src, scenario *s)
{
    int rc = 0;
    for (size_t i = 0; i < src->L.npaths && rc == 0; i++)
        rc = add_input(s, src->L.paths[i]);
    if (rc == 0)
        rc = key_each(s, input_of, s);
    return rc ? err_set(L->e, OS_ERR_ENV, s->path, 0, "", "out of memory") : 0;
}

/* Every dist samples with the scenario's stream version (rng.h). */
static int stream_of(const keydef *k, void *field, void *ctx)
{
    if (k->type == KT_DIST || k->type == KT_OPT_DIST)
        ((dist *)field)->streams = ((const scenario *)ctx)->streams;
    return 0;
}

/* ------------------------------------------------------------ sources */

static bool same_dir(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* The value parsed earlier from this text, relative to this folder. */
static uint64_t cache_hash(key_type type, const char *text, const char *dir)
{
    return hash_str(hash_str(HASH_SEED ^ (uint64_t)type, text), dir ? dir : "");
}

static const cached *cache_find(const scn_source *src, key_type type, const char *text,
                                const char *dir)
{
    uint64_t h = cache_hash(type, text, dir);
    size_t step = 0;
    for (size_t i; (i = hindex_next(&src->cachei, h, &step)) != SIZE_MAX;) {
        const cached *c = &src->cache[i];
        if (c->type == type && !strcmp(c->text, text) && same_dir(c->dir, dir))
            return c;
    }
    return NULL;
}

/* Remember field, just parsed from text (relative to dir), when it came
 * from a file: an empirical distribution, or a path.  Other values are
 * pure functions of their text and are parsed again.  0, or -1 (out of
 * memory). */
static int cache_add(scn_source *src, key_type type, const char *text, const char *dir,
                     const void *field)
{
    if (!key_from_file(type, field))
        return 0;
    if (src->ncache == src->capcache) {
        size_t cap = src->capcache ? 2 * src->capcache : 16;
        cached *v = realloc(src->cache, cap * sizeof *v);
        if (!v)
            return -1;
        src->cache = v;
        src->capcache = cap;
    }
    cached *c = &src->cache[src->ncache];
    memset(c, 0, sizeof *c);
    c->type = type;
    c->text = strdup(text);
    c->dir = dir ? strdup(dir) : NULL;
    c->val = calloc(1, key_types[type].size);
    bool copied = c->val && key_copy(type, c->val, field) == 0;
    if (!c->text || (dir && !c->dir) || !copied ||
        hindex_add(&src->cachei, cache_hash(type, text, dir), src->ncache) < 0) {
        if (copied)
            key_free(type, c->val);
        free(c->text);
        free(c->dir);
        free(c->val);
        return -1;
    }
    src->ncache++;
    return 0;
}

/* Put a cached value into field, a field of its type.  0, or -1 (out of
 * memory). */
static int cache_apply(const cached *c, void *field)
{
    key_free(c->type, field);
    return key_copy(c->type, field, c->val);
}

scn_source *scn_read(const char *path, os_error *e)
{
    scn_source *src = calloc(1, sizeof *src);
    if (!src) {
        err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
        return NULL;
    }
    src->L.path = path;
    src->L.e = e;
    if (read_file(&src->L, path, 0, NULL, 0) < 0) {
        if (e->kind == OS_ERR_NONE)
            err_set(e, OS_ERR_INPUT, path, 0, "", "invalid scenario");
        scn_source_free(src);
        return NULL;
    }
    /* the root file is the first one read: its copy outlives the caller's */
    src->L.path = src->L.paths[0];
    src->L.e = NULL;
    return src;
}

void scn_source_free(scn_source *src)
{
    if (!src)
        return;
    loader_free(&src->L);
    for (size_t i = 0; i < src->ncache; i++) {
        free(src->cache[i].text);
        free(src->cache[i].dir);
        key_free(src->cache[i].type, src->cache[i].val);
        free(src->cache[i].val);
    }
    free(src->cache);
    hindex_free(&src->cachei);
    free(src);
}

const char *scn_source_path(const scn_source *src)
{
    return src->L.path;
}

/* A working copy of the source's sections and entries, which the
 * overrides then change: the source itself stays as read. */
static int copy_source(loader *W, const scn_source *src)
{
    const loader *S = &src->L;
    /* the same positions, so the indexes are copied as they are */
    if ((S->nsec && !(W->sec = malloc(S->nsec * sizeof *W->sec))) ||
        (S->nent && !(W->ent = malloc(S->nent * sizeof *W->ent))) ||
        hindex_copy(&W->seci, &S->seci) < 0 || hindex_copy(&W->enti, &S->enti) < 0)
        return oom(W);
    W->capsec = S->nsec;
    W->capent = S->nent;
    for (size_t i = 0; i < S->nsec; i++) {
        W->sec[i] = S->sec[i];
        if (!(W->sec[i].name = strdup(S->sec[i].name)))
            return oom(W);
        W->nsec++;
    }
    for (size_t i = 0; i < S->nent; i++) {
        entry *en = &W->ent[i];
        *en = S->ent[i];
        en->section = strdup(S->ent[i].section);
        en->key = strdup(S->ent[i].key);
        en->value = strdup(S->ent[i].value);
        if (!en->section || !en->key || !en->value) {
            free(en->section);
            free(en->key);
            free(en->value);
            return oom(W);
        }
        W->nent++;
    }
    return 0;
}

static const keydef *lookup_full(const char *fullkey, char *secname, size_t n);

/* The list key an item key "model.M.staff.P" addresses (model.M.staff,
 * whose items are parties), with secname "model.M" and the item's name
 * "P" (pointing into fullkey); NULL when fullkey is not an item key.  Only
 * a model's per-party lists (staff, oncall_staff, intake_staff) are
 * addressable item by item (docs/scenario.md). */
static const keydef *item_key(const char *fullkey, char *secname, size_t n,
                              const char **item)
{
    const char *dot = strrchr(fullkey, '.');
    char prefix[256];
    if (!dot || (size_t)(dot - fullkey) >= sizeof prefix || !dot[1])
        return NULL;
    snprintf(prefix, sizeof prefix, "%.*s", (int)(dot - fullkey), fullkey);
    const keydef *k = lookup_full(prefix, secname, n);
    if (!k || k->type != KT_PARTY_INT)
        return NULL;
    *item = dot + 1;
    return k;
}

/* text, a list "a:1, b:2", with item's value set to value: its item
 * replaced where it stands, or appended.  Other items are kept as written
 * (trimmed), so the list parser still judges them.  malloc'd; NULL when
 * out of memory. */
static char *list_with_item(const char *text, const char *item, const char *value)
{
    size_t cap = strlen(text) + strlen(item) + strlen(value) + 8, len = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    bool found = false;
    for (const char *p = text; *p;) {
        const char *comma = strchr(p, ',');
        const char *b = p, *e = comma ? comma : p + strlen(p);
        while (b < e && isspace((unsigned char)*b))
            b++;
        while (e > b && isspace((unsigned char)e[-1]))
            e--;
        const char *colon = memchr(b, ':', (size_t)(e - b));
        const char *ne = colon ? colon : e;
        while (ne > b && isspace((unsigned char)ne[-1]))
            ne--;
        bool mine = colon && (size_t)(ne - b) == strlen(item) &&
                    !memcmp(b, item, (size_t)(ne - b)) && !found;
        if (b < e || comma) {
            if (mine)
                len += (size_t)snprintf(out + len, cap - len, "%s%s:%s", len ? ", " : "",
                                        item, value);
            else
                len += (size_t)snprintf(out + len, cap - len, "%s%.*s", len ? ", " : "",
                                        (int)(e - b), b);
        }
        found |= mine;
        p = comma ? comma + 1 : p + strlen(p);
    }
    if (!found)
        snprintf(out + len, cap - len, "%s%s:%s", len ? ", " : "", item, value);
    return out;
}

/*
 * An override of one item of a list: "model.M.staff.P=V" sets party P's
 * entry of model M's staff list and leaves the others as the list (file
 * or earlier overrides) has them, so a sweep of it keeps the other
 * parties' staff.  It becomes an override of the whole list, in order
 * with the others.  The party and the number are checked here, so that
 * their errors name the key as typed.  Returns 1 with *secname ("model.M",
 * malloc'd), *key and *value (the list's new text, malloc'd) set; 0 when
 * ov is not an item key; -1 with e set.
 */
static int item_override(loader *L, const scn_override *ov, const char *origin,
                         char **secname, const char **key, char **value)
{
    char sec[256];
    const char *item;
    const keydef *k = item_key(ov->key, sec, sizeof sec, &item);
    if (!k)
        return 0;
    char party[SCN_NAME + 16];
    snprintf(party, sizeof party, "party.%.*s", SCN_NAME, item);
    if (strlen(item) >= SCN_NAME || !find_section(L, party)) {
        const char *cands[SCN_MAX_PARTIES];
        size_t nc = 0;
        for (size_t j = 0; j < L->nsec && nc < SCN_MAX_PARTIES; j++)
            if (!strncmp(L->sec[j].name, "party.", 6))
                cands[nc++] = L->sec[j].name + 6;
        const char *hint = suggest_closest(item, cands, nc);
        return err_set(L->e, OS_ERR_INPUT, origin, 0, ov->key, "no party '%s' in %s%s%s%s",
                       item, L->path, hint ? " (did you mean " : "", hint ? hint : "",
                       hint ? "?)" : "");
    }
    double v;
    if (num_parse(ov->value, strlen(ov->value), &v) != NUM_OK || v != floor(v) ||
        v < k->min || v > k->max)
        return err_set(L->e, OS_ERR_INPUT, origin, 0, ov->key,
                       "'%s' is not a whole number in [%g, %g]", ov->value, k->min, k->max);
    char num[32];
    snprintf(num, sizeof num, "%.0f", v);
    const entry *en = find_entry(L, sec, k->key);
    *value = list_with_item(en ? en->value : "", item, num);
    *secname = strdup(sec);
    *key = k->key;
    if (!*value || !*secname) {
        free(*value);
        free(*secname);
        return oom(L);
    }
    return 1;
}

/* The overrides ov[0..nov) over L's entries, in order: a new key or a
 * new singleton section is added; a named section must exist; an item
 * key changes its item of the list (item_override).  0, or -1 with e
 * set. */
static int apply_overrides(loader *L, const scn_override *ov, int nov)
{
    for (int i = 0; i < nov; i++) {
        const char *origin = ov[i].origin ? ov[i].origin : ORIGIN_SET;
        const char *dot = strrchr(ov[i].key, '.');
        char *secname = NULL, *listed = NULL;   /* owned */
        const char *key = dot + 1, *value = ov[i].value;
        int item = item_override(L, &ov[i], origin, &secname, &key, &listed);
        if (item < 0)
            return -1;
        if (item)
            value = listed;
        else if (!(secname = strndup(ov[i].key, (size_t)(dot - ov[i].key))))
            return oom(L);
        int rc = 0;
        if (!find_section(L, secname)) {
            if (strchr(secname, '.')) {
                const char *cands[128];
                size_t nc = 0;
                for (size_t j = 0; j < L->nsec && nc < 128; j++)
                    cands[nc++] = L->sec[j].name;
                const char *hint = suggest_closest(secname, cands, nc);
                rc = err_set(L->e, OS_ERR_INPUT, origin, 0, ov[i].key,
                             "no section [%s] in %s%s%s%s", secname, L->path,
                             hint ? " (did you mean " : "", hint ? hint : "", hint ? "?)" : "");
            } else {
                rc = add_section(L, secname, origin, 0);
            }
        }
        entry *en = rc < 0 ? NULL : find_entry(L, secname, key);
        if (en) {
            char *v = strdup(value);
            if (!v) {
                rc = oom(L);
            } else {
                free(en->value);
                en->value = v;
                en->file = origin;
                en->line = 0;
                en->cli = true;
            }
        } else if (rc == 0 && (rc = add_entry(L, secname, key, value, origin, 0)) == 0) {
            L->ent[L->nent - 1].cli = true;
        }
        free(secname);
        free(listed);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Each named section gets its element of s, in the order of the file. */
static int number_sections(loader *L, scenario *s)
{
    for (size_t i = 0; i < L->nsec; i++) {
        section *sc = &L->sec[i];
        if (classify(L, sc, sc->file) < 0)
            return -1;
        if (sc->kind == SEC_ANALYSIS)
            continue;
        const secdef *d = &scn_secs[sc->kind];
        if (!d->named)
            continue;
        /* classify() checked the name: it fits */
        if ((sc->idx = sec_add(s, sc->kind, strchr(sc->name, '.') + 1)) < 0)
            return err_set(L->e, OS_ERR_INPUT, sc->file, sc->line, sc->name,
                           "too many [%s.*] sections (at most %d)", d->name, d->max);
    }
    return 0;
}

/* Defaults for every key of every section (no default names a file). */
static int set_defaults(scenario *s, os_error *e)
{
    char why[512];
    for (size_t i = 0; i < scn_nkeys; i++) {
        const keydef *k = &scn_keys[i];
        for (int j = 0, n = sec_count(s, k->sec); j < n; j++)
            if (key_parse(s, k, key_base(s, k->sec, j), k->def, NULL, why, sizeof why) < 0)
                return err_set(e, OS_ERR_ENV, "", 0, k->key, "bad built-in default: %s", why);
    }
    return 0;
}

/* One entry through the key table into s.  A value read from a file (an
 * empirical CSV) or checked against one (a path) is taken from the source's
 * cache after the first time: a point of a sweep reads no file.  0, or -1
 * with e set. */
static int parse_entry(loader *L, scn_source *src, scenario *s, const entry *en)
{
    section *sc = find_section(L, en->section);
    if (!sc)
        /* libinih saw a header our line reader did not: refuse rather than
         * guess (should not happen; the fuzzer keeps checking) */
        return err_set(L->e, OS_ERR_INPUT, en->file, en->line, en->section,
                       "cannot read this section header: write it as [name] on a line of its own");
    if (sc->kind == SEC_ANALYSIS)
        return 0;   /* [uncertainty]: scn_source_entries hands it to the analyses */
    const keydef *k = find_key(sc->kind, en->key);
    if (!k) {
        unknown_key(L, en, sc);
        return -1;
    }
    void *base = key_base(s, sc->kind, sc->idx);
    /* relative paths: from the entry's own file */
    char *dir = key_path_dir(en->file);
    if (!dir)
        return oom(L);
    const char *rel = en->cli ? NULL : dir;
    bool filed = key_types[k->type].from_file != NULL;
    const cached *c = filed ? cache_find(src, k->type, en->value, rel) : NULL;
    int rc = 0;
    char why[512];
    if (c) {
        if (cache_apply(c, (char *)base + k->off) < 0)
            rc = oom(L);
    } else if ((rc = key_parse(s, k, base, en->value, rel, why, sizeof why)) < 0) {
        /* -2: the environment failed (out of memory), not the text */
        char full[512];
        snprintf(full, sizeof full, "%s.%s", en->section, en->key);
        rc = err_set(L->e, rc == -2 ? OS_ERR_ENV : OS_ERR_INPUT, en->file, en->line, full,
                     "%s", why);
    } else if (filed && cache_add(src, k->type, en->value, rel, (char *)base + k->off) < 0) {
        rc = oom(L);
    }
    free(dir);
    return rc < 0 ? -1 : 0;
}

/* What follows from other keys when not given: the name from the file, a
 * party's tool from its name, a model's staff from the party's, a model's
 * SLA from the severity's targets, clock and clock's schedule. */
static void derive_defaults(scenario *s, const char *path)
{
    if (!s->name[0])
        derive_name(path, s->name);
    for (int p = 0; p < s->nparty; p++)
        if (!s->party[p].tool[0])
            memcpy(s->party[p].tool, s->party[p].name, SCN_NAME);
    for (int m = 0; m < s->nmodel; m++) {
        scn_model *md = &s->model[m];
        md->staff_listed = 0;
        md->oncall_listed = 0;
        md->intake_listed = 0;
        for (int p = 0; p < s->nparty; p++) {
            if (md->intake_staff[p] < 0)
                md->intake_staff[p] = s->party[p].intake_staff;
            else
                md->intake_listed |= 1u << p;
            if (md->staff[p] < 0)
                md->staff[p] = s->party[p].staff;
            else
                md->staff_listed |= 1u << p;
            if (md->oncall_staff[p] < 0)
                md->oncall_staff[p] = s->party[p].oncall_staff;
            else
                md->oncall_listed |= 1u << p;
        }
        for (int v = 0; v < s->nsev; v++) {
            if (md->sla_response[v] < 0)
                md->sla_response[v] = s->sev[v].sla_response;
            if (md->sla_resolve[v] < 0)
                md->sla_resolve[v] = s->sev[v].sla_resolve;
            if (md->sla_business[v] < 0)
                md->sla_business[v] = s->sev[v].sla_business;
            if (md->sla_schedule[v] == SCN_SLA_UNSET)
                md->sla_schedule[v] = s->sev[v].sla_schedule;
        }
    }
}

/* The union of the schedules in mask into out, or dflt when mask is 0;
 * -1 when a day needs more pieces than a schedule holds. */
static int join_schedules(const scenario *s, uint32_t mask, const cal_sched *dflt,
                          cal_sched *out)
{
    if (!mask) {
        *out = *dflt;
        return 0;
    }
    memset(out, 0, sizeof *out);
    for (int k = 0; k < s->nsched; k++)
        if ((mask & (1u << k)) && cal_sched_union(out, &s->sched[k].sched) < 0)
            return -1;
    return 0;
}

/* holidays_file = country: the list shipped for organisation.country, in
 * $OWNSIM_HOLIDAYS or the shipped scenarios/holidays (datadir.h): CC.ics, and for a
 * subdivision (US-CA) its own file if shipped, else its country's.  The
 * field is replaced by the file's real path, so the resolved scenario and
 * the provenance name the file read. */
static int country_holidays(loader *L, const scenario *s, const char *sec, char *field)
{
    char dir[PATH_MAX];
    datadir_find(DATADIR_HOLIDAYS, dir, sizeof dir);
    if (!s->country[0])
        return fail_at(L, sec, "holidays_file", "'country' names the list shipped for "
                       "organisation.country, which is not set%s%s", "", "");
    char path[PATH_MAX], real[PATH_MAX];
    for (int whole = 0; whole < 2; whole++) {
        int len = whole ? 2 : (int)strlen(s->country);
        if (whole && strlen(s->country) == 2)
            break;
        if (snprintf(path, sizeof path, "%s/%.*s.ics", dir, len, s->country) >=
            (int)sizeof path)
            break;
        if (realpath(path, real) && access(real, R_OK) == 0) {
            strcpy(field, real);
            return 0;
        }
    }
    return fail_at(L, sec, "holidays_file", "no holiday list is shipped for %s (looked in "
                   "%s): name an iCalendar file, or leave the key empty for none",
                   s->country, dir);
}

/* The holidays of calendar.holidays_file and each holidays_file, for
 * CAL_SHIFT_YEARS years from the start, and the end of their data. */
static int read_holiday_files(loader *L, scenario *s)
{
    char why[PATH_MAX + 200], sec[128];
    if (!strcmp(s->cal_hol_file, SCN_HOLIDAYS_COUNTRY) &&
        country_holidays(L, s, "calendar", s->cal_hol_file) < 0)
        return -1;
    for (int k = 0; k < s->nsched; k++) {
        snprintf(sec, sizeof sec, "schedule.%s", s->sched[k].name);
        if (!strcmp(s->sched[k].hol_file, SCN_HOLIDAYS_COUNTRY) &&
            country_holidays(L, s, sec, s->sched[k].hol_file) < 0)
            return -1;
    }
    long from = s->start_day - 7, to = s->start_day + (long)CAL_SHIFT_YEARS * 366, last;
    s->holiday_end = LONG_MAX;
    bool any = false;
    s->cal_hol_all = s->cal_hol;
    for (int k = 0; k < s->nsched; k++)
        s->sched[k].hol_all = s->sched[k].hol;
    if (s->cal_hol_file[0]) {
        if (cal_holidays_read_ics(s->cal_hol_file, from, to, &s->cal_hol_all, &last, why,
                                  sizeof why) < 0)
            return fail_at(L, "calendar", "holidays_file", "%s%s", why, "");
        s->holiday_end = last;
        any = true;
    }
    for (int k = 0; k < s->nsched; k++) {
        if (!s->sched[k].hol_file[0])
            continue;
        snprintf(sec, sizeof sec, "schedule.%s", s->sched[k].name);
        if (cal_holidays_read_ics(s->sched[k].hol_file, from, to, &s->sched[k].hol_all, &last,
                                  why, sizeof why) < 0)
            return fail_at(L, sec, "holidays_file", "%s%s", why, "");
        if (!any || last < s->holiday_end)
            s->holiday_end = last;
        any = true;
    }
    return 0;
}

/* The open minutes of an ordinary week of the schedules in mask (0: the
 * calendar), whose union table is joined: in a placed scenario the union
 * of the sites, each moved by its zone's offset at minute 0 (sites in
 * several zones count their overlap once), holidays left out; else the
 * table's own tally (bit for bit what the week-based rates read before
 * zones existed).  docs/model.md §5 and §12. */
static double week_open(const scenario *s, uint32_t mask, const cal_sched *joined)
{
    if (!s->placed)
        return cal_sched_open_minutes(joined, 0, CAL_MIN_PER_WEEK);
    cal_sites sites = {.n = 0};
    if (!mask) {
        sites.week[0] = &s->cal_sched;
        sites.shift[0] = &s->ref_shift;
        sites.n = 1;
    }
    for (int k = 0; k < s->nsched && sites.n < CAL_MAX_SITES; k++)
        if (mask & (1u << k)) {
            sites.week[sites.n] = &s->sched[k].sched;
            sites.shift[sites.n] = &s->sched[k].shift;
            sites.n++;
        }
    return cal_sites_week_open(&sites, 0);
}

/* Compile every schedule text (each was checked when parsed) and the hours
 * each party and the organisation keep: the calendar's unless they name
 * schedules, whose union they keep. */
static int derive_schedules(loader *L, scenario *s)
{
    char why[256], sec[128];
    for (int k = 0; k < s->nsched; k++)
        if (cal_sched_parse(s->sched[k].hours, &s->sched[k].sched, why, sizeof why) < 0) {
            snprintf(sec, sizeof sec, "schedule.%s", s->sched[k].name);
            return fail_at(L, sec, "hours", "%s%s", why, "");
        }
    if (!s->cal_text[0])
        cal_sched_from_hours(&s->cal, &s->cal_sched);
    else if (cal_sched_parse(s->cal_text, &s->cal_sched, why, sizeof why) < 0)
        return fail_at(L, "calendar", "hours", "%s%s", why, "");
    /* minute 0 is 00:00 of simulation.start: every schedule in its frame */
    if (s->start == LONG_MIN)
        cal_parse_date("2026-01-05", &s->start_day);
    else
        s->start_day = s->start;
    s->start_dow = cal_weekday(s->start_day);
    if (read_holiday_files(L, s) < 0)
        return -1;
    bool zoned = s->tz[0] != '\0';
    s->placed = s->cal_hol_all.n > 0;
    for (int k = 0; k < s->nsched; k++) {
        zoned |= s->sched[k].tz[0] != '\0';
        s->placed |= s->sched[k].hol_all.n > 0;
    }
    s->placed |= zoned;
    if (s->placed) { /* the shifts place the unrotated tables (cal_zone_shift) */
        if (!zoned)
            cal_plain_shift(s->start_day, &s->ref_shift);
        else if (cal_zone_shift(s->tz, s->tz, s->start_day, &s->ref_shift, why, sizeof why) < 0)
            return fail_at(L, "simulation", "tz", "%s%s", why, "");
        for (int k = 0; k < s->nsched; k++) {
            snprintf(sec, sizeof sec, "schedule.%s", s->sched[k].name);
            if (!s->sched[k].tz[0])
                s->sched[k].shift = s->ref_shift;
            else if (cal_zone_shift(s->sched[k].tz, s->tz, s->start_day, &s->sched[k].shift,
                                    why, sizeof why) < 0)
                return fail_at(L, sec, "tz", "%s%s", why, "");
        }
    } else {
        cal_sched_rotate(&s->cal_sched, s->start_dow);
        for (int k = 0; k < s->nsched; k++)
            cal_sched_rotate(&s->sched[k].sched, s->start_dow);
    }

    char lim[16];
    snprintf(lim, sizeof lim, "%d", CAL_MAX_PIECES);
    for (int p = 0; p < s->nparty; p++)
        if (join_schedules(s, s->party[p].schedules, &s->cal_sched, &s->party[p].sched) < 0) {
            snprintf(sec, sizeof sec, "party.%s", s->party[p].name);
            return fail_at(L, sec, "schedule", "the union of its schedules has more than "
                           "%s intervals on one day%s", lim, "");
        }

    /* a vendor's hours (docs/model.md §4.12): none named = around the clock */
    for (int c = 0; c < s->ncat; c++)
        if (join_schedules(s, s->cat[c].vendor_schedules, &s->cal_sched,
                           &s->cat[c].vendor_sched) < 0) {
            snprintf(sec, sizeof sec, "category.%s", s->cat[c].name);
            return fail_at(L, sec, "vendor_schedule", "the union of its schedules has more "
                           "than %s intervals on one day%s", lim, "");
        }

    if (join_schedules(s, s->org_schedules, &s->cal_sched, &s->org_sched) < 0)
        return fail_at(L, "organisation", "schedule", "the union of its schedules has more "
                       "than %s intervals on one day%s", lim, "");
    for (int p = 0; p < s->nparty; p++)
        s->party[p].week_open = week_open(s, s->party[p].schedules, &s->party[p].sched);
    s->org_week_open = week_open(s, s->org_schedules, &s->org_sched);
    return 0;
}

/* The downtime cost rates replay.c charges (docs/model.md §11): per
 * business minute, the affected users' loaded cost (and the revenue lost,
 * when it is earned in business hours); per wall-clock minute, the flat
 * cost_per_minute (and the revenue lost, when it is earned round the
 * clock).  Revenue per minute is the year's revenue over the year's
 * minutes of its clock: the organisation's open minutes in an ordinary week
 * (org_week_open: its sites' union, zones placed, holidays not counted)
 * x 365.25/7, or every minute of the year. */
static void derive_costs(scenario *s)
{
    const double week = 7 * 24 * 60.0, weeks_per_year = 365.25 / 7;
    double open_week = s->org_week_open;
    double rev_minute = 0;
    if (s->revenue > 0)
        rev_minute = s->revenue_business
                         ? (open_week > 0 ? s->revenue / (open_week * weeks_per_year) : 0)
                         : s->revenue / (week * weeks_per_year);
    for (int v = 0; v < s->nsev; v++) {
        scn_severity *sv = &s->sev[v];
        double idle = (double)s->users * sv->users_affected * sv->work_lost *
                      s->loaded_cost_per_hour / 60;
        double rev = sv->revenue_lost * rev_minute;
        sv->cost_business = idle + (s->revenue_business ? rev : 0);
        sv->cost_wall = sv->cost_per_minute + (s->revenue_business ? 0 : rev);
    }
}

/* An empty label: the name with '_' as blanks and its first letter
 * capitalised ("co_managed" -> "Co managed"); names are ASCII. */
static void default_label(char *label, const char *name)
{
    if (label[0])
        return;
    size_t i = 0;
    for (; name[i] && i + 1 < SCN_LABEL; i++)
        label[i] = name[i] == '_' ? ' ' : name[i];
    label[i] = '\0';
    label[0] = (char)toupper((unsigned char)label[0]);
}

static void derive_labels(scenario *s)
{
    for (int v = 0; v < s->nsev; v++)
        default_label(s->sev[v].label, s->sev[v].name);
    for (int c = 0; c < s->ncat; c++)
        default_label(s->cat[c].label, s->cat[c].name);
    for (int p = 0; p < s->nparty; p++)
        default_label(s->party[p].label, s->party[p].name);
    for (int m = 0; m < s->nmodel; m++)
        default_label(s->model[m].label, s->model[m].name);
}

scenario *scn_resolve(scn_source *src, const scn_override *ov, int nov, os_error *e)
{
    const char *path = src->L.path;
    loader L;
    memset(&L, 0, sizeof L);
    L.path = path;
    L.e = e;
    scenario *s = NULL;
    if (copy_source(&L, src) < 0 || apply_overrides(&L, ov, nov) < 0)
        goto fail;
    if (!(s = calloc(1, sizeof *s))) {
        oom(&L);
        goto fail;
    }
    snprintf(s->path, sizeof s->path, "%s", path);
    if (number_sections(&L, s) < 0 || set_defaults(s, e) < 0)
        goto fail;
    for (size_t i = 0; i < L.nent; i++)
        if (parse_entry(&L, src, s, &L.ent[i]) < 0)
            goto fail;
    derive_defaults(s, path);
    if (derive_schedules(&L, s) < 0)
        goto fail;
    derive_costs(s);
    derive_labels(s);
    key_each(s, stream_of, s);
    if (validate_chains(&L, s) < 0 || validate(&L, s) < 0 || validate_bursts(&L, s) < 0 ||
        take_inputs(&L, src, s) < 0)
        goto fail;
    loader_free(&L);
    return s;

fail:
    if (e->kind == OS_ERR_NONE)
        err_set(e, OS_ERR_INPUT, path, 0, "", "invalid scenario");
    scn_destroy(s);
    loader_free(&L);
    return NULL;
}

scenario *scn_load(const char *path, const scn_override *ov, int nov,
                   os_error *e)
{
    scn_source *src = scn_read(path, e);
    if (!src)
        return NULL;
    scenario *s = scn_resolve(src, ov, nov, e);
    scn_source_free(src);
    return s;
}

/* What a key's field owns, through its type (every dist, for one). */
static int free_field(const keydef *k, void *field, void *ctx)
{
    (void)ctx;
    key_free(k->type, field);
    return 0;
}

void scn_destroy(scenario *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->ninputs; i++)
        free(s->inputs[i]);
    free(s->inputs);
    key_each(s, free_field, NULL);
    free(s);
}

int scn_model_index(const scenario *s, const char *name)
{
    return sec_find(s, SEC_MODEL, name);
}

int scn_model_lookup(const scenario *s, const char *name, const char *opt, int *out,
                     os_error *e)
{
    if ((*out = scn_model_index(s, name)) >= 0)
        return 0;
    const char *cands[SCN_MAX_MODELS];
    for (int m = 0; m < s->nmodel; m++)
        cands[m] = s->model[m].name;
    const char *hint = suggest_closest(name, cands, (size_t)s->nmodel);
    return err_set(e, OS_ERR_INPUT, opt, 0, name, "no such model in %s%s%s%s", s->path,
                   hint ? " (did you mean " : "", hint ? hint : "", hint ? "?)" : "");
}

int scn_party_index(const scenario *s, const char *name)
{
    return sec_find(s, SEC_PARTY, name);
}

/* Split "a.b.c" into the secname kind (from "a") and the key "c". */
static const keydef *lookup_full(const char *fullkey, char *secname, size_t n)
{
    const char *dot = strrchr(fullkey, '.');
    if (!dot || dot == fullkey || (size_t)(dot - fullkey) >= n)
        return NULL;
    snprintf(secname, n, "%.*s", (int)(dot - fullkey), fullkey);
    size_t klen = strcspn(secname, ".");
    int k = sec_lookup(secname, klen);
    if (k < 0 || scn_secs[k].named != (secname[klen] == '.'))
        return NULL;
    return find_key((sec_kind)k, dot + 1);
}

scn_keykind scn_key_kind(const char *fullkey)
{
    char secname[256];
    const char *item;
    const keydef *k = lookup_full(fullkey, secname, sizeof secname);
    if (!k && item_key(fullkey, secname, sizeof secname, &item))
        return SCN_KEY_INTEGER;   /* one party's staff or oncall_staff */
    return k ? key_types[k->type].kind : SCN_KEY_UNKNOWN;
}

int scn_get(const scenario *s, const char *fullkey, char *buf, size_t n)
{
    char secname[256];
    const char *item;
    const keydef *k = lookup_full(fullkey, secname, sizeof secname), *lk;
    if (!k && (lk = item_key(fullkey, secname, sizeof secname, &item))) {
        int m = sec_find(s, SEC_MODEL, strchr(secname, '.') + 1);
        int p = sec_find(s, SEC_PARTY, item);
        if (m < 0 || p < 0)
            return -1;
        /* the party's entry of the model's list (k->off: staff, oncall_staff) */
        const int *list = (const int *)((const char *)&s->model[m] + lk->off);
        if (list[p] < 0)
            buf[0] = '\0';
        else
            snprintf(buf, n, "%d", list[p]);
        return 0;
    }
    if (!k)
        return -1;
    int idx = 0;
    const char *name = strchr(secname, '.');
    if (name && (idx = sec_find(s, k->sec, name + 1)) < 0)
        return -1;
    key_format(s, k, key_base((scenario *)s, k->sec, idx), buf, n);
    return 0;
}

int scn_shadowed(const scenario *s, const char *fullkey, char *msg, size_t n)
{
    /* only "party.P.staff", "party.P.oncall_staff" and "party.P.intake_staff"
     * are ever shadowed (by a model's list of the same name) */
    const char *dot = strrchr(fullkey, '.');
    if (strncmp(fullkey, "party.", 6) || !dot ||
        (strcmp(dot, ".staff") && strcmp(dot, ".oncall_staff") &&
         strcmp(dot, ".intake_staff")))
        return 0;
    const char *key = dot + 1;
    bool oncall = !strcmp(key, "oncall_staff"), intake = !strcmp(key, "intake_staff");
    char party[SCN_NAME + 8];
    snprintf(party, sizeof party, "%.*s", (int)(dot - fullkey - 6), fullkey + 6);
    int p = sec_find(s, SEC_PARTY, party);
    if (p < 0)
        return 0;
    int count = 0;
    size_t len = 0;
    msg[0] = '\0';
    for (int m = 0; m < s->nmodel; m++) {
        const scn_model *md = &s->model[m];
        uint32_t listed = intake ? md->intake_listed
                                 : oncall ? md->oncall_listed : md->staff_listed;
        if (!(listed & (1u << p)))
            continue;
        int w = snprintf(msg + len, len < n ? n - len : 0, "%s model.%s.%s.%s (%d)",
                         count ? "," : "", md->name, key, party,
                         intake ? md->intake_staff[p]
                                : oncall ? md->oncall_staff[p] : md->staff[p]);
        if (w > 0)
            len += (size_t)w;
        count++;
    }
    if (!count)
        return 0;
    char list[1024];
    snprintf(list, sizeof list, "%s", msg);
    snprintf(msg, n, "%s does not reach %d model%s whose %s key lists %s; there the "
             "model's key wins:%s (set or vary model.NAME.%s.%s to change one)",
             fullkey, count, count == 1 ? "" : "s", key, party, list, key, party);
    return count;
}

/* The models of list "A,B" (blanks around names allowed) as a bit mask of
 * s's models.  0, or -1 with e set (an empty or unknown name, or one
 * named twice). */
static int models_mask(const scenario *s, const char *list, const char *origin,
                       uint32_t *mask, os_error *e)
{
    *mask = 0;
    for (const char *p = list;;) {
        const char *comma = strchr(p, ',');
        const char *b = p, *end = comma ? comma : p + strlen(p);
        while (b < end && isspace((unsigned char)*b))
            b++;
        while (end > b && isspace((unsigned char)end[-1]))
            end--;
        char name[SCN_NAME + 16];
        snprintf(name, sizeof name, "%.*s", (int)(end - b < SCN_NAME + 8 ? end - b
                                                  : SCN_NAME + 8), b);
        if (b == end)
            return err_set(e, OS_ERR_INPUT, origin, 0, "",
                           "'%s' has an empty model name: give --models A,B", list);
        int m = (size_t)(end - b) < SCN_NAME ? sec_find(s, SEC_MODEL, name) : -1;
        if (m < 0) {
            const char *cands[SCN_MAX_MODELS];
            for (int i = 0; i < s->nmodel; i++)
                cands[i] = s->model[i].name;
            const char *hint = suggest_closest(name, cands, (size_t)s->nmodel);
            return err_set(e, OS_ERR_INPUT, origin, 0, name, "no model '%s' in %s%s%s%s",
                           name, s->path, hint ? " (did you mean " : "", hint ? hint : "",
                           hint ? "?)" : "");
        }
        if (*mask & (1u << m))
            return err_set(e, OS_ERR_INPUT, origin, 0, name, "model '%s' named twice", name);
        *mask |= 1u << m;
        if (!comma)
            return 0;
        p = comma + 1;
    }
}

int scn_keep_models(scenario *s, const char *list, const char *origin, os_error *e)
{
    uint32_t keep;
    if (models_mask(s, list, origin, &keep, e) < 0)
        return -1;
    if (!(keep & (1u << s->baseline)))
        return err_set(e, OS_ERR_INPUT, origin, 0, "simulation.baseline",
                       "the baseline '%s' is not among the models chosen (%s): add it, or "
                       "choose another baseline with --set simulation.baseline=NAME",
                       s->model[s->baseline].name, list);
    int n = 0, baseline = 0;
    for (int m = 0; m < s->nmodel; m++) {
        if (!(keep & (1u << m))) {
            /* what the dropped model owns goes with it */
            for (size_t i = 0; i < scn_nkeys; i++)
                if (scn_keys[i].sec == SEC_MODEL)
                    key_free(scn_keys[i].type, (char *)&s->model[m] + scn_keys[i].off);
            continue;
        }
        if (m == s->baseline)
            baseline = n;
        if (n != m)
            s->model[n] = s->model[m];   /* moves ownership */
        n++;
    }
    memset(&s->model[n], 0, (size_t)(s->nmodel - n) * sizeof s->model[0]);
    s->nmodel = n;
    s->baseline = baseline;
    return 0;
}

int scn_source_entries(const scn_source *src, const char *secname, scn_entry_fn fn,
                       void *ctx)
{
    for (size_t i = 0; i < src->L.nent; i++) {
        const entry *en = &src->L.ent[i];
        if (strcmp(en->section, secname))
            continue;
        int rc = fn(ctx, en->key, en->value, en->file, en->line);
        if (rc)
            return rc;
    }
    return 0;
}
