/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fields.c — the --map and --where options, effort durations and counts
 * (see import_int.h).
 *
 * Design and invariants:
 *  - --map is checked whole before the export is opened: every key known
 *    (with "did you mean"), none given twice, opened/priority/category
 *    present, every column name non-empty.  Column names are matched with
 *    the header later (import.c), trimmed and case-insensitive.
 *  - --where is checked whole before the export is opened too: a column,
 *    "=" or "!=", at least one non-blank value.  Values are split at commas
 *    with "\," for a comma inside a value (a shell-quoted option, not a CSV
 *    record: the escape keeps the common case, a plain list, plain).
 *  - An effort is a non-negative finite duration in one of three written
 *    forms (a bare number in the declared unit, H:MM[:SS], number-unit
 *    pairs), converted to minutes; anything else, a negative value
 *    included, is rejected, never guessed.  The lengths that differ between
 *    tools are parameters (imp_durations): the unit of a bare number, the
 *    day (24 h, or a tracker's working day) and the week, which is no unit
 *    at all until its length is given (7 calendar days or 5 working days:
 *    the text does not say which).
 */
#include "import_int.h"

#include "ownsim/number.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const imp_role_names[IMP_NROLES] = {"opened", "priority", "category",
                                                "resolved", "effort", "reassignments",
                                                "stations", "group"};

int imp_parse_map(const char *spec, imp_colmap *out, os_error *e)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(spec);
    char *copy = malloc(len + 1);
    if (!copy)
        return err_set(e, OS_ERR_ENV, "--map", 0, "", "out of memory");
    memcpy(copy, spec, len + 1);
    int rc = 0;
    char *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item && !rc;
         item = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(item, '=');
        char key[64], col[160];
        if (eq)
            *eq = '\0';
        imp_trim(item, key, sizeof key);
        if (!eq) {
            if (imp_blank(item))
                continue;
            rc = err_set(e, OS_ERR_INPUT, "--map", 0, key,
                         "'%s' is not KEY=COLUMN (e.g. opened=opened_at)", key);
            break;
        }
        imp_trim(eq + 1, col, sizeof col);
        int role = -1;
        for (int r = 0; r < IMP_NROLES; r++)
            if (!strcasecmp(key, imp_role_names[r]))
                role = r;
        if (role < 0) {
            char hint[128];
            imp_did_you_mean(key, imp_role_names, IMP_NROLES, hint, sizeof hint);
            rc = err_set(e, OS_ERR_INPUT, "--map", 0, key,
                         "unknown key '%s'%s; the keys are opened, priority, category, "
                         "resolved, effort, reassignments, stations and group", key, hint);
        } else if (out->name[role][0]) {
            rc = err_set(e, OS_ERR_INPUT, "--map", 0, key, "'%s' is given twice", key);
        } else if (!col[0]) {
            rc = err_set(e, OS_ERR_INPUT, "--map", 0, key,
                         "'%s=' names no column", imp_role_names[role]);
        } else {
            memcpy(out->name[role], col, sizeof out->name[role]);
        }
    }
    free(copy);
    if (!rc && out->name[IMP_REASSIGN][0] && out->name[IMP_STATIONS][0])
        rc = err_set(e, OS_ERR_INPUT, "--map", 0, "stations",
                     "give reassignments= or stations=, not both (both are the "
                     "observed_reassignments column)");
    for (int r = 0; r < IMP_RESOLVED && !rc; r++)
        if (!out->name[r][0])
            rc = err_set(e, OS_ERR_INPUT, "--map", 0, imp_role_names[r],
                         "missing %s=COLUMN (opened, priority and category are required)",
                         imp_role_names[r]);
    return rc;
}

/* ---------------------------------------------------------------- effort */

/* What a unit word is: a fixed length in minutes, a day, a week, or none. */
enum unit_kind { U_NONE, U_FIXED, U_DAY, U_WEEK };

/* The kind of unit word w, with the minutes of a fixed one. */
static enum unit_kind unit_of(const char *w, double *minutes)
{
    static const struct {
        const char *name;     /* unit word, lower case */
        enum unit_kind kind;  /* fixed, or a day or week of the options' length */
        double minutes;       /* minutes in one (U_FIXED) */
    } units[] = {
        {"w", U_WEEK, 0}, {"wk", U_WEEK, 0}, {"wks", U_WEEK, 0}, {"week", U_WEEK, 0},
        {"weeks", U_WEEK, 0},
        {"d", U_DAY, 0}, {"day", U_DAY, 0}, {"days", U_DAY, 0},
        {"h", U_FIXED, 60}, {"hr", U_FIXED, 60}, {"hrs", U_FIXED, 60}, {"hour", U_FIXED, 60},
        {"hours", U_FIXED, 60},
        {"m", U_FIXED, 1}, {"min", U_FIXED, 1}, {"mins", U_FIXED, 1}, {"minute", U_FIXED, 1},
        {"minutes", U_FIXED, 1},
        {"s", U_FIXED, 1.0 / 60}, {"sec", U_FIXED, 1.0 / 60}, {"secs", U_FIXED, 1.0 / 60},
        {"second", U_FIXED, 1.0 / 60}, {"seconds", U_FIXED, 1.0 / 60},
    };
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (!strcasecmp(w, units[i].name)) {
            *minutes = units[i].minutes;
            return units[i].kind;
        }
    return U_NONE;
}

/* An unsigned decimal number "12" or "1.5" at *p; -1 when none. */
static int read_decimal(const char **p, double *v)
{
    const char *s = *p;
    if (!isdigit((unsigned char)*s) && !(*s == '.' && isdigit((unsigned char)s[1])))
        return -1;
    while (isdigit((unsigned char)*s))
        s++;
    if (*s == '.') {
        s++;
        while (isdigit((unsigned char)*s))
            s++;
    }
    /* digits and a point only: the number grammar converts it */
    if (num_parse(*p, (size_t)(s - *p), v) != NUM_OK)
        return -1;
    *p = s;
    return 0;
}

/* "H:MM" or "H:MM:SS". */
static int parse_clock(const char *b, double *minutes)
{
    const char *p = b;
    int part[3], np = 0;
    for (;;) {
        int v = 0, nd = 0;
        while (isdigit((unsigned char)*p)) {
            if (++nd > 9)
                return -1;
            v = v * 10 + (*p++ - '0');
        }
        if (nd == 0 || (np > 0 && nd != 2))
            return -1;
        part[np++] = v;
        if (*p != ':')
            break;
        if (np == 3)
            return -1;
        p++;
    }
    if (*p || np < 2 || part[1] > 59 || (np == 3 && part[2] > 59))
        return -1;
    *minutes = part[0] * 60.0 + part[1] + (np == 3 ? part[2] / 60.0 : 0);
    return 0;
}

const imp_durations imp_durations_default = {.bare_s = 60, .day = 1440, .week = 0};

int imp_parse_duration(const char *text, const imp_durations *u, double *minutes,
                       unsigned *how)
{
    char b[128];
    *how = 0;
    if (strlen(text) >= sizeof b)
        return -1;
    imp_trim(text, b, sizeof b);
    if (!*b)
        return -1;
    /* a bare number, in the declared unit */
    const char *p = b;
    double v;
    if (read_decimal(&p, &v) == 0 && !*p) {
        *how = IMP_DUR_BARE;
        *minutes = v * u->bare_s / 60;   /* exact for whole seconds and hours */
        return isfinite(v) && isfinite(*minutes) ? 0 : -1;
    }
    if (strchr(b, ':'))
        return parse_clock(b, minutes);
    /* number-unit pairs: "1h 30m", "45 min", "1 hour, 30 minutes", "1w 2d" */
    double total = 0;
    int pairs = 0;
    for (p = b; *p;) {
        if (read_decimal(&p, &v) < 0)
            return -1;
        while (*p == ' ')
            p++;
        char w[16];
        size_t n = 0;
        while (isalpha((unsigned char)*p)) {
            if (n + 1 >= sizeof w)
                return -1;
            w[n++] = *p++;
        }
        w[n] = '\0';
        double um = 0;
        switch (unit_of(w, &um)) {
        case U_NONE:
            return -1;
        case U_DAY:
            um = u->day;
            *how |= IMP_DUR_DAYS;
            break;
        case U_WEEK:
            *how |= IMP_DUR_WEEKS;
            if (!(u->week > 0))
                return -2;   /* a week of unknown length: not guessed */
            um = u->week;
            break;
        case U_FIXED:
            break;
        }
        total += v * um;
        pairs++;
        while (*p == ' ' || *p == ',')
            p++;
    }
    if (!pairs || !isfinite(total))
        return -1;
    *minutes = total;
    return 0;
}

int imp_parse_effort(const char *text, double *minutes)
{
    unsigned how;
    return imp_parse_duration(text, &imp_durations_default, minutes, &how) < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- --where */

/* The values after the operator, split at unescaped commas, into w. */
static int where_values(const char *list, const char *spec, imp_where *w, os_error *e)
{
    size_t len = strlen(list);
    char *buf = malloc(len + 1);
    if (!buf)
        return err_set(e, OS_ERR_ENV, "--where", 0, "", "out of memory");
    int rc = 0;
    size_t k = 0;
    for (size_t i = 0; i <= len && !rc; i++) {
        if (list[i] == '\\' && (list[i + 1] == ',' || list[i + 1] == '\\')) {
            buf[k++] = list[++i];
            continue;
        }
        if (list[i] != ',' && list[i] != '\0') {
            buf[k++] = list[i];
            continue;
        }
        buf[k] = '\0';
        k = 0;
        char *v = malloc(strlen(buf) + 1);
        char **a = v ? realloc(w->val, (w->n + 1) * sizeof *a) : NULL;
        if (!a) {
            free(v);
            rc = err_set(e, OS_ERR_ENV, "--where", 0, "", "out of memory");
            break;
        }
        w->val = a;
        imp_trim(buf, v, strlen(buf) + 1);
        if (!*v) {
            free(v);
            rc = err_set(e, OS_ERR_INPUT, "--where", 0, w->col,
                         "'%s' has a blank value (COLUMN=V1,V2 or COLUMN!=V1,V2; "
                         "\\, is a comma inside a value)", spec);
            break;
        }
        w->val[w->n++] = v;
    }
    free(buf);
    return rc;
}

int imp_parse_where(const char *spec, imp_where *w, os_error *e)
{
    memset(w, 0, sizeof *w);
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || (eq == spec + 1 && spec[0] == '!')) {
        return err_set(e, OS_ERR_INPUT, "--where", 0, "",
                       "'%s' is not COLUMN=V1,V2 (keep those) or COLUMN!=V1,V2 (drop those)",
                       spec);
    }
    w->negate = eq[-1] == '!';
    size_t n = (size_t)(eq - spec) - (w->negate ? 1 : 0);
    char col[sizeof w->col];
    if (n >= sizeof col)
        return err_set(e, OS_ERR_INPUT, "--where", 0, "", "'%.40s...': column name too long",
                       spec);
    memcpy(col, spec, n);
    col[n] = '\0';
    imp_trim(col, w->col, sizeof w->col);
    if (!w->col[0])
        return err_set(e, OS_ERR_INPUT, "--where", 0, "", "'%s' names no column", spec);
    if (where_values(eq + 1, spec, w, e) < 0) {
        imp_where_free(w);
        return -1;
    }
    return 0;
}

void imp_where_free(imp_where *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->val[i]);
    free(w->val);
    w->val = NULL;
    w->n = 0;
}

bool imp_where_keeps(const imp_where *w, const char *text)
{
    char b[512];
    imp_trim(text, b, sizeof b);
    bool listed = false;
    for (size_t i = 0; i < w->n && !listed; i++)
        listed = !strcasecmp(b, w->val[i]);
    return listed != w->negate;
}

/* ---------------------------------------------------------------- counts */

int imp_parse_count(const char *text, long *out)
{
    char b[32];
    if (strlen(text) >= sizeof b)
        return -1;
    imp_trim(text, b, sizeof b);
    long v = 0;
    size_t i = 0;
    for (; isdigit((unsigned char)b[i]); i++) {
        v = v * 10 + (b[i] - '0');
        if (v > IMP_REASSIGN_MAX)
            return -1;
    }
    if (i == 0 || b[i])
        return -1;
    *out = v;
    return 0;
}
