/*
 * keys.h — the scenario's key table (private to src/scenario).
 *
 * One row per key: where it lives, its type, its range, its default (as the
 * text a user would write) and its meaning.  The loader parses values with
 * key_parse(), the writer prints them with key_format(), and the reference in
 * docs/scenario.md is printed from the same rows, so the three cannot drift.
 */
#ifndef OWNSIM_SCENARIO_KEYS_H
#define OWNSIM_SCENARIO_KEYS_H

#include <stddef.h>
#include "ownsim/scenario.h"

typedef enum sec_kind {
    SEC_SIMULATION, SEC_CALENDAR, SEC_ARRIVALS,   /* singletons, base = scenario */
    SEC_SEVERITY, SEC_CATEGORY, SEC_PARTY, SEC_MODEL, /* named, base = element */
    SEC_NKINDS
} sec_kind;

typedef enum key_type {
    KT_DOUBLE,      /* a finite number in [min, max] */
    KT_INT,         /* an integer in [min, max] (int) */
    KT_LONG,        /* an integer in [min, max] (long) */
    KT_SEED,        /* an unsigned 64-bit integer */
    KT_DIST,        /* a distribution, see dist.h */
    KT_NAME,        /* a name: letters, digits, '_', '-' (char[SCN_NAME]) */
    KT_PATH,        /* a file path or "" (char[PATH_MAX]) */
    KT_CLOCK,       /* HH:MM (double minutes) */
    KT_DAYS,        /* day list (unsigned mask) */
    KT_HOURLY,      /* 24 weights, or one weight for all hours (double[24]) */
    KT_COVERAGE,    /* "24x7" or "business" (int always_on) */
    KT_SLA_CLOCK,   /* "wall" or "business" (int) */
    KT_SEVSET,      /* severities "P1+P2" or "none" (unsigned mask) */
    KT_PARTY,       /* a party name (int index) */
    KT_MODEL,       /* a model name, "" = automatic (int index) */
    KT_CAT_OWNERS,  /* category:party[+party], ... (uint32_t[SCN_MAX_CAT]) */
    KT_CAT_MONITOR, /* category:party, ... (int[SCN_MAX_CAT]) */
    KT_CAT_NUM,     /* category:number, ... others 1 (double[SCN_MAX_CAT]) */
    KT_SEV_NUM,     /* severity:number, ... others 0; "" = all equal (double[SCN_MAX_SEV]) */
    KT_PARTY_INT    /* party:count, ... others as the party says (int[SCN_MAX_PARTIES]) */
} key_type;

typedef struct keydef {
    sec_kind sec;      /* section kind it belongs to */
    const char *key;   /* name in the file */
    key_type type;     /* how the value is read and written */
    size_t off;        /* offset in the section's struct */
    double min, max;   /* range for numbers */
    const char *def;   /* default, as text */
    const char *doc;   /* one-line meaning, with unit */
} keydef;

extern const keydef scn_keys[];
extern const size_t scn_nkeys;
extern const char *const scn_sec_names[SEC_NKINDS];

/* dir/rel, or rel alone when it is absolute or dir is NULL or "".  Any
 * length (never cut); malloc'd, the caller frees it; NULL when out of
 * memory. */
char *key_path_join(const char *dir, const char *rel);

/* The folder of a file, "." when it has none, "/" for a file in the root.
 * malloc'd, the caller frees it; NULL when out of memory. */
char *key_path_dir(const char *path);

/* Base address of a key's struct: the scenario or the idx-th element. */
void *key_base(scenario *s, sec_kind sec, int idx);

/* Parse text into the key's field.  0, or -1 with a reason in why, or -2
 * when the environment failed, not the text (out of memory, an empirical
 * file that cannot be read: why says which). */
int key_parse(const scenario *s, const keydef *k, void *base, const char *text,
              const char *dir, char *why, size_t n);

/* Print the key's value as text key_parse() reads back. */
void key_format(const scenario *s, const keydef *k, const void *base,
                char *buf, size_t n);

#endif
