/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import_int.h — the pieces of `ownsim import`, shared by the src/import sources and
 * the unit tests (not a public interface).
 *
 * Split by concept:
 *  - dates.c:   one timestamp text -> a wall-clock stamp (with or without a
 *               UTC offset), then -> an instant (absolute seconds) and its
 *               wall clock in the import's zone.  Pure functions apart from
 *               imp_tz_begin/imp_tz_end, which set and restore the process's
 *               TZ (the import is single-threaded).
 *  - mapping.c: export priorities -> scenario severities, export categories
 *               -> scenario categories, "from,to" map files.
 *  - fields.c:  the --map and --where options, effort durations and
 *               reassignment counts.
 *  - tally.c:   the distinct values of a column with their counts (the
 *               unknown categories listed, the --write-maps templates).
 *  - import.c:  reading the export, filtering, skipping and reporting rows,
 *               sorting, drawing missing efforts and writing the outage CSV
 *               and the map templates.
 * Every parser here works on a trimmed copy and never writes into its input.
 */
#ifndef OWNSIM_IMPORT_INT_H
#define OWNSIM_IMPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ownsim/error.h"
#include "ownsim/scenario.h"

/* ---------------------------------------------------------------- dates */

/* A timestamp as written: a wall clock, and the UTC offset when one was given. */
typedef struct imp_stamp {
    int year;                 /* e.g. 2024 */
    int mon;                  /* 1..12 */
    int day;                  /* 1..31, valid for the month */
    int hour;                 /* 0..23 */
    int min;                  /* 0..59 */
    int sec;                  /* 0..60 (60: a leap second, carried over) */
    double frac;              /* fraction of a second, [0, 1) */
    bool has_off;             /* true: an offset (Z, +01:00, ...) was written */
    int off_min;              /* the offset, minutes east of UTC (when has_off) */
} imp_stamp;

/* A resolved point in time. */
typedef struct imp_instant {
    int64_t epoch;            /* whole seconds since 1970-01-01T00:00:00Z */
    double frac;              /* fraction of a second, [0, 1) */
    int64_t wall;             /* whole seconds of the wall clock in the import's zone, counted from 1970-01-01 00:00 of that wall clock */
    int off_sec;              /* wall - epoch: the zone's UTC offset at that instant */
} imp_instant;

/* The years a ticket's opened and resolved times may have (as written): a
 * date outside them is a typo or a placeholder (9999-12-31 for "never"),
 * and one such ticket would stretch the span fit divides by into
 * centuries.  The row is skipped (with --strict, refused). */
#define IMP_YEAR_MIN 1970
#define IMP_YEAR_MAX 2099

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
int64_t imp_days_from_civil(int y, int m, int d);
/* Day of the week of a day count (0 = Monday ... 6 = Sunday). */
int imp_weekday(int64_t days);

/* Recognise the common forms (see docs/import.md): ISO 8601, YYYY/MM/DD,
 * US MM/DD/YYYY with optional AM/PM, DD.MM.YYYY, DD-Mon-YYYY, Jira's
 * DD/Mon/YY h:mm AM.  0, or -1 when text is none of them. */
int imp_parse_auto(const char *text, imp_stamp *out);

/* strptime(fmt), then an optional fraction of a second (".123") and an
 * optional trailing offset.  0 or -1. */
int imp_parse_format(const char *text, const char *fmt, imp_stamp *out);

/* Check a --date-format: a trailing %z is dropped (offsets are always
 * recognised at the end) into fmt_out; %z or %Z elsewhere is an error.  0,
 * or -1 with e naming --date-format. */
int imp_check_format(const char *fmt, char *fmt_out, size_t n, os_error *e);

/* The saved TZ of the process while an import runs in another zone. */
typedef struct imp_tz {
    bool utc;                 /* true: zone is UTC arithmetic, TZ untouched */
    bool had_tz;              /* TZ was set before */
    char old[256];            /* its value then (when had_tz) */
} imp_tz;

/* Validate zone (an IANA name with a TZif file under $TZDIR or
 * /usr/share/zoneinfo; NULL = UTC) and make it the process's TZ.  0, or -1
 * with e naming --tz (TZ untouched). */
int imp_tz_begin(const char *zone, imp_tz *tz, os_error *e);
/* Restore TZ as it was. */
void imp_tz_end(imp_tz *tz);

/* Resolve a stamp in the zone set by imp_tz_begin: a stamp with an offset is
 * that instant; one without is the wall clock in the zone (a time in a
 * spring-forward gap moves on by the gap; one in the repeated fall-back hour
 * is its first occurrence).  0, or -1 when out of range. */
int imp_resolve(const imp_tz *tz, const imp_stamp *st, imp_instant *out);

/* The instant as ISO 8601 wall clock with its offset,
 * "2024-03-05T14:22:10+01:00" (fraction of a second when there is one). */
void imp_format_iso(const imp_instant *in, char *buf, size_t n);

/* ------------------------------------------------------------- mappings */

/* A "from,to" map file, entries sorted by from (trimmed, case-insensitive). */
typedef struct imp_map {
    char **from;              /* export values, trimmed; owned */
    int *to;                  /* index of the scenario severity or category */
    long *line;               /* line of each entry in the map file */
    size_t n;                 /* entries */
} imp_map;

/* What a map file maps to. */
typedef enum imp_target { IMP_SEVERITY, IMP_CATEGORY, IMP_PARTY } imp_target;

/* Read path (header "from,to"); every 'to' must be one of the scenario's
 * severities, categories or parties; a row whose 'to' is blank is no entry
 * (an unfilled line of a --write-maps template).  0, or -1 with e naming
 * path, line and value. */
int imp_map_read(const char *path, const scenario *s, imp_target what,
                 imp_map *m, os_error *e);
void imp_map_free(imp_map *m);
/* The target of text (trimmed, case-insensitive), -1 when absent. */
int imp_map_find(const imp_map *m, const char *text);

/* The built-in priority rules (exact severity name, a leading number,
 * words); the severity index, or -1. */
int imp_priority_builtin(const scenario *s, const char *text);
/* Map first (when m has entries), then built-in rules; -1 when unmapped. */
int imp_priority(const scenario *s, const imp_map *m, const char *text);
/* Map first, then an exact (case-insensitive) category name; -1 when unmapped. */
int imp_category(const scenario *s, const imp_map *m, const char *text);
/* Map first, then an exact (case-insensitive) party name; -1 when unmapped. */
int imp_party(const scenario *s, const imp_map *m, const char *text);

/* --------------------------------------------------------------- fields */

/* The roles a --map can give to export columns.  reassignments and
 * stations are two ways to the same column of the output
 * (observed_reassignments); at most one of them is mapped. */
enum imp_role { IMP_OPENED, IMP_PRIORITY, IMP_CATEGORY_COL, IMP_RESOLVED,
                IMP_EFFORT, IMP_REASSIGN, IMP_STATIONS, IMP_GROUP, IMP_NROLES };

/* The key names of the roles, in enum order. */
extern const char *const imp_role_names[IMP_NROLES];

/* The parsed --map: the column named for each role. */
typedef struct imp_colmap {
    char name[IMP_NROLES][160]; /* column header named for the role, trimmed; "" = not mapped */
} imp_colmap;

/* Parse "opened=COL,priority=COL,category=COL[,resolved=COL][,effort=COL]
 * [,reassignments=COL|,stations=COL][,group=COL]".  0, or -1 with e naming
 * --map and the key. */
int imp_parse_map(const char *spec, imp_colmap *out, os_error *e);

/* One --where: keep the rows whose column's value is (=) or is not (!=) one
 * of the values.  Values are compared trimmed and ASCII case-insensitive. */
typedef struct imp_where {
    char col[160];            /* the column header named, trimmed */
    bool negate;              /* true: "!=", drop the listed values */
    char **val;               /* the values, trimmed, unescaped; owned */
    size_t n;                 /* entries of val (>= 1) */
} imp_where;

/* Parse "COL=V1,V2" or "COL!=V1,V2" ("\," is a comma inside a value, "\\"
 * a backslash).  0, or -1 with e naming --where and the text. */
int imp_parse_where(const char *spec, imp_where *w, os_error *e);
void imp_where_free(imp_where *w);
/* Does a field with this text pass the filter? */
bool imp_where_keeps(const imp_where *w, const char *text);

/* A reassignment count: a whole number >= 0 written as digits (blanks
 * around ignored), at most IMP_REASSIGN_MAX.  0, or -1. */
#define IMP_REASSIGN_MAX 1000000L
int imp_parse_count(const char *text, long *out);

/* ---------------------------------------------------------------- tally */

/* One distinct value of a column. */
typedef struct imp_tally_entry {
    char *text;               /* first spelling seen, trimmed; owned */
    long count;               /* rows with the value (trimmed, any case) */
} imp_tally_entry;

/* The distinct values of one column: an open-addressing hash table keyed
 * by the trimmed, ASCII-lower-cased text.  Memory: one entry per distinct
 * value. */
typedef struct imp_tally {
    imp_tally_entry *slot;    /* cap slots, text NULL when free; owned */
    size_t cap;               /* slots, a power of two (0 before the first add) */
    size_t n;                 /* distinct values held */
} imp_tally;

/* Count one more row with text (blank text is not counted).  0, or -1 when
 * out of memory. */
int imp_tally_add(imp_tally *t, const char *text);
/* The entries in report order, count descending, then text (byte order):
 * a malloc'ed array of t->n pointers into t (NULL when t is empty or out of
 * memory: check t->n). */
const imp_tally_entry **imp_tally_sorted(const imp_tally *t);
void imp_tally_free(imp_tally *t);

/* The lengths of the units that differ between trackers (docs/import.md,
 * Effort): what a bare number, a day and a week are, in minutes. */
typedef struct imp_durations {
    double bare_s;            /* seconds in 1 of a bare number ("90"): 1, 60 or 3600 */
    double day;               /* minutes in 1 d/day/days: 1440, or the working day */
    double week;              /* minutes in 1 w/wk/week/weeks; 0 = not a unit (no length given) */
} imp_durations;

/* Bare numbers in minutes, a day of 24 h, no week: the reading without options. */
extern const imp_durations imp_durations_default;

/* What a duration was written with (bits of imp_parse_duration's *how). */
#define IMP_DUR_BARE 1u       /* a bare number, in the declared unit */
#define IMP_DUR_DAYS 2u       /* a d/day/days unit */
#define IMP_DUR_WEEKS 4u      /* a w/wk/week/weeks unit */

/* A duration in minutes: a bare number in units of u->bare_s ("90", "90.5"),
 * "H:MM" or "H:MM:SS", or number-unit pairs ("1h 30m", "90m", "45 min",
 * "1 hour 30 minutes", "1d 2h", "1w 2d" with u's day and week).  0 with
 * *minutes >= 0; -2 when it names weeks and u->week is 0; -1 for anything
 * else (negative, blank, unparseable).  *how tells the forms seen. */
int imp_parse_duration(const char *text, const imp_durations *u, double *minutes,
                       unsigned *how);

/* imp_parse_duration with imp_durations_default; 0 or -1. */
int imp_parse_effort(const char *text, double *minutes);

/* ---------------------------------------------------------------- text */

/* Copy text trimmed of blanks (space, tab, CR, LF) into buf (truncated to n). */
void imp_trim(const char *text, char *buf, size_t n);
/* True when text is empty or only blanks. */
bool imp_blank(const char *text);
/* " (did you mean 'x'?)" for the closest of cands (suggest.h), or "" in buf. */
void imp_did_you_mean(const char *word, const char *const *cands, size_t n,
                      char *buf, size_t len);

#endif
