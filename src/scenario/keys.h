/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * keys.h — the scenario's schema (private to src/scenario): a section table
 * and a key table, and one interface per key type.
 *
 * Section table: one row per section kind — its name, whether it is the one
 * [name] or any number of [name.NAME], and where its elements live in the
 * scenario struct.  Everything that maps a section kind (numbering the
 * sections, defaults, writing, lookups by name) goes through it.
 *
 * Key table: one row per key: where it lives, its type, its range, its
 * default (as the text a user would write) and its meaning.  The loader
 * parses values with key_parse(), the writer prints them with key_format(),
 * and the reference in docs/scenario.md is printed from the same rows, so the
 * three cannot drift.
 */
#ifndef OWNSIM_SCENARIO_KEYS_H
#define OWNSIM_SCENARIO_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include "ownsim/scenario.h"

typedef enum sec_kind {
    SEC_SIMULATION, SEC_ORGANISATION, SEC_CALENDAR, SEC_ARRIVALS, /* singletons,
                                                                       base = scenario */
    SEC_SCHEDULE, SEC_SEVERITY, SEC_CATEGORY, SEC_PARTY, SEC_MODEL, /* named,
                                                                  base = element */
    SEC_NKINDS
} sec_kind;

/* The kind of the [uncertainty] section: in no table (its keys are other
 * keys' names, its values distributions of them), skipped by the resolver
 * and read by the analyses through scn_source_entries (uncertainty.h). */
#define SEC_ANALYSIS SEC_NKINDS
#define SEC_ANALYSIS_NAME "uncertainty"

/* One row per section kind, indexed by sec_kind. */
typedef struct secdef {
    const char *name;  /* "severity": the header is [name], or [name.NAME] when named */
    bool named;        /* any number of [name.NAME] up to max; else the one [name],
                          whose keys live in the scenario struct itself */
    int min;           /* named: sections a scenario needs at least */
    int max;           /* named: most sections (the size of the element array) */
    size_t arr;        /* named: offset of the element array in scenario */
    size_t count;      /* named: offset of the int number of elements in scenario */
    size_t size;       /* named: size of one element */
    size_t name_off;   /* named: offset of the element's char[SCN_NAME] name */
} secdef;

extern const secdef scn_secs[SEC_NKINDS];

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
    KT_PARTY_INT,   /* party:count, ... others as the party says (int[SCN_MAX_PARTIES]) */
    KT_SEV_TARGET,  /* severity:minutes, ... others as the severity says (double[SCN_MAX_SEV]) */
    KT_SEV_CLOCK,   /* severity:wall|business, ... others as the severity says
                       (int[SCN_MAX_SEV]) */
    KT_CURRENCY,    /* a currency code or symbol: USD, EUR, $, € (char[SCN_CURRENCY]) */
    KT_LABEL,       /* a display label: printable UTF-8, or "" (char[SCN_LABEL]) */
    KT_COUNTRY,     /* an ISO 3166 country code: US, GB, US-CA, or "" (char[SCN_COUNTRY]) */
    KT_HOURS,       /* a weekly schedule text, cal_sched_parse; "" where the
                       key's default is "" (char[CAL_SCHED_TEXT]) */
    KT_SCHEDULES,   /* schedule names "a+b", or "" (uint32_t mask) */
    KT_DATE,        /* YYYY-MM-DD, or "" = LONG_MIN (long days from 1970-01-01) */
    KT_ZONE,        /* an IANA time zone known to tzdata, or "" (char[SCN_ZONE]) */
    KT_HOLIDAYS,    /* dates YYYY-MM-DD, comma-separated, or "" (cal_holidays) */
    KT_HOLMODE,     /* "weekday" or "weekend" (int), left out of scn_write at weekday */
    KT_HOLFILE,     /* a file path as KT_PATH, left out of scn_write while "" */
    KT_SLA_SCHED,   /* a schedule name, or "" / service_desk = the model's service
                       desk's hours (int: schedule index, SCN_SLA_DESK) */
    KT_SEV_SCHED,   /* severity:schedule|service_desk, ... others as the severity
                       says (int[SCN_MAX_SEV], SCN_SLA_UNSET while unlisted) */
    KT_OPT_COUNT,   /* an integer in [min, max], or "" = -1 (none), left out of
                       scn_write while "" (int) */
    KT_AT_CLOSE,    /* "finish" (0) or "pause" (1) (int), left out of scn_write at
                       finish */
    KT_OPT_SEVSET,  /* severities as KT_SEVSET, "none" or "" = 0 (unsigned mask), left
                       out of scn_write while 0 */
    KT_OPT_DIST,    /* a distribution as KT_DIST, "" = the constant 0, left out of
                       scn_write while the constant 0 */
    KT_OPT_PARTY,   /* a party name, or "" = none (int: 1 + its index, 0 = none),
                       left out of scn_write while none */
    KT_CAT_PROB,    /* category:probability, ... others 0 (double[SCN_MAX_CAT]), left
                       out of scn_write while all 0 */
    KT_OPT_NUM,     /* a number in [min, max], "" = 0 (double), left out of scn_write
                       while 0 */
    KT_CAT_COORD,   /* as KT_CAT_OWNERS, "" = none listed, left out of scn_write
                       while none */
    KT_SEV_PROB,    /* severity:probability, ... others 0 (double[SCN_MAX_SEV]), left
                       out of scn_write while all 0 */
    KT_MAJOR,       /* "none" (0) or "bridge" (1) (int), left out of scn_write at none */
    KT_RESAMPLE,    /* "" = auto, "none" or "weeks" (int SCN_RESAMPLE_*), left out of
                       scn_write while auto */
    KT_NTYPES
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

/*
 * The interface of a key type, indexed by key_type.  field is the key's
 * field in its section's struct (base + k->off), a C object of `size` bytes.
 * parse reads text into it and checks the value on its own (grammar, range,
 * the names it refers to; checks between keys are the loader's validate());
 * it replaces what the field held, freeing it, and on -1 (a reason in why)
 * the field owns nothing new.  format prints what parse reads back.  Types
 * whose field owns memory have free and copy; a value that was read from or
 * checked against a file (from_file) is kept by the source and copied into
 * later scenarios rather than parsed again.
 */
typedef struct keytype {
    int (*parse)(const scenario *s, const keydef *k, void *field, const char *text,
                 const char *dir, char *why, size_t n);
    void (*format)(const scenario *s, const keydef *k, const void *field, char *buf,
                   size_t n);
    void (*free)(void *field);             /* release what field owns; NULL: nothing */
    int (*copy)(void *dst, const void *src); /* deep copy into a field that owns
                                              nothing; 0 or -1; NULL: the bytes */
    bool (*from_file)(const void *field);  /* the value came from a file; NULL: never */
    size_t size;                           /* bytes of the field */
    const char *allowed;                   /* allowed values, for the reference;
                                              NULL: from the key's min and max */
    scn_keykind kind;                      /* what scn_key_kind() reports */
    bool quiet;                            /* its keys are left out of scn_write
                                              while empty (their default where they
                                              were added to old sections), so that
                                              resolved scenarios written before they
                                              existed stay byte for byte the same */
} keytype;

extern const keytype key_types[KT_NTYPES];

/* dir/rel, or rel alone when it is absolute or dir is NULL or "".  Any
 * length (never cut); malloc'd, the caller frees it; NULL when out of
 * memory. */
char *key_path_join(const char *dir, const char *rel);

/* The folder of a file, "." when it has none, "/" for a file in the root.
 * malloc'd, the caller frees it; NULL when out of memory. */
char *key_path_dir(const char *path);

/* The kind whose name is the first len bytes of name, or -1. */
int sec_lookup(const char *name, size_t len);

/* Elements of a kind in s: the count of a named kind, 1 for a singleton. */
int sec_count(const scenario *s, sec_kind sec);

/* Name of the idx-th element of a named kind (idx < sec_count). */
const char *sec_name(const scenario *s, sec_kind sec, int idx);

/* Index of the element of a named kind called name, or -1. */
int sec_find(const scenario *s, sec_kind sec, const char *name);

/* Append an element called name to a named kind: its index, or -1 when the
 * kind has its maximum already (s unchanged). */
int sec_add(scenario *s, sec_kind sec, const char *name);

/* "simulation, calendar, ..., model.NAME": every kind as written, for
 * messages. */
void sec_list(char *buf, size_t n);

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

/* Release what a field of type t owns (a no-op for most types). */
void key_free(key_type t, void *field);

/* Deep copy of a field of type t into dst, which owns nothing.  0, or -1
 * when out of memory (dst then owns nothing). */
int key_copy(key_type t, void *dst, const void *src);

/* Whether a field of type t holds a value read from or checked against a
 * file (an empirical distribution, a path). */
bool key_from_file(key_type t, const void *field);

/* The allowed values of a key, as the reference prints them. */
void key_allowed(const keydef *k, char *buf, size_t n);

/* Call fn for every key of every section of s: kinds in the section table's
 * order, each kind's elements in order, keys in the key table's order (the
 * order scn_write prints them).  Stops at the first fn that returns
 * nonzero, and returns that; else 0. */
typedef int (*key_visit)(const keydef *k, void *field, void *ctx);
int key_each(scenario *s, key_visit fn, void *ctx);

#endif
