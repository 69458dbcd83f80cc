/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import.c — `ownsim import`: a ticket export in, an outage CSV out (see
 * import.h; the pieces are in dates.c, mapping.c and fields.c).
 *
 * Design and invariants:
 *  - One pass over the export with csvr_read: the header row resolves the
 *    --map and --where columns (trimmed, case-insensitive; "did you mean"
 *    otherwise), each later record is filtered out (a --where fails), or
 *    kept, or skipped with exactly one reason, the first that applies in the
 *    order width, opened, priority, category, resolved.  With strict (and
 *    no max_skipped), the first skip is the error instead.  rows = filtered
 *    + kept + skipped, always.
 *  - Optional columns never skip a row: a missing effort (blank, or not a
 *    duration) is drawn and flagged effort_source = drawn; a reassignment
 *    count that is not a whole number, and an assignment group no map or
 *    party name knows, are written empty; each is counted in the summary
 *    (with the first line for the unparseable ones).
 *  - The priority, category and group values of every row past --where are
 *    tallied (tally.c), so the values no map knows are listed with their
 *    row counts, and --write-maps templates hold every value.  The share of
 *    skipped rows among those past --where is checked against max_skipped.
 *  - Kept rows are held in memory (about 100 bytes each, proportional to the
 *    export: a year of tickets is well under a megabyte), then sorted by
 *    wall-clock time with the file line as tie-break, so equal times keep
 *    file order (a stable sort, whatever qsort does) and the output does not
 *    depend on anything but the input and the options.
 *  - Times: every ticket is converted to the wall clock of the zone (--tz,
 *    default UTC); t_occur is minutes from Monday 00:00 of that wall clock in
 *    the week of the earliest ticket, so t_occur >= 0 and business hours line
 *    up with office hours.  Durations (observed_ttr) are between instants,
 *    not wall clocks.
 *  - Efforts are read with the lengths the options give (bare numbers in
 *    --effort-unit, days of --work-day hours, weeks of --work-week days or
 *    none); what could be misread is said: the efforts written as bare
 *    numbers are kept aside, and a median outside [IMPORT_EFFORT_MEDIAN_MIN,
 *    IMPORT_EFFORT_MEDIAN_MAX] minutes is warned of as another unit (with
 *    strict, refused) after the whole export was read; days read as 24 h
 *    without --work-day and weeks left unread without --work-week are
 *    counted in the summary.
 *  - Efforts missing from the export are drawn after sorting, by inversion
 *    of the severity's effort distribution at
 *    rng_decision(rng_incident_key(seed, 0, id), ROLE_IMPORT_EFFORT, 0): the
 *    same input and scenario give the same bytes.
 *  - Numbers (minutes) are written with csvw_fixed at 6 decimals: 60
 *    microseconds, finer than any export's timestamps, so a value reads back
 *    within 5e-7 minutes; rounding is monotone, so the times stay sorted.
 *    The output is written atomically, and nothing is written when anything
 *    fails, except the map templates once the whole export was read.
 */
#include "ownsim/import.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "ownsim/csvfile.h"
#include "ownsim/dist.h"
#include "ownsim/outages.h"
#include "ownsim/rng.h"
#include "ownsim/suggest.h"
#include "import_int.h"

#define REPORT_MAX 50            /* skipped rows listed one by one */
#define QUOTE_MAX 60             /* characters of a bad value quoted in a reason */
#define OUT_DECIMALS 6           /* minutes to 60 microseconds */
#define UNKNOWN_MAX 30           /* unknown values listed per column */

/* The columns whose distinct values are tallied, and what they map to. */
enum { TL_PRIORITY, TL_CATEGORY, TL_GROUP, TL_N };
static const int tally_role[TL_N] = {IMP_PRIORITY, IMP_CATEGORY_COL, IMP_GROUP};

/* Why a row was skipped; the labels are in skip_label. */
enum skip_kind {
    SK_SHORT, SK_BLANK_OPENED, SK_BAD_OPENED, SK_YEAR_OPENED, SK_BLANK_PRIORITY,
    SK_UNKNOWN_PRIORITY, SK_BLANK_CATEGORY, SK_UNKNOWN_CATEGORY, SK_BAD_RESOLVED,
    SK_YEAR_RESOLVED, SK_RESOLVED_BEFORE, SK_N
};

static const char *const skip_label[SK_N] = {
    "too few fields", "blank opened", "unparseable opened", "opened outside the years",
    "blank priority", "unknown priority", "blank category", "unknown category",
    "unparseable resolved", "resolved outside the years", "resolved before opened"};

/* One kept ticket. */
typedef struct row {
    int64_t wall;             /* opened: whole seconds of the zone's wall clock */
    double frac;              /* opened: fraction of a second */
    long line;                /* line of the record in the export (sort tie-break) */
    int cat;                  /* scenario category */
    int sev;                  /* scenario severity */
    double effort;            /* minutes from the effort column; NAN = draw one */
    double ttr;               /* opened -> resolved in minutes; NAN = not resolved / no column */
    long reassign;            /* observed reassignments; -1 = none read */
    int party;                /* observed resolver (scenario party); -1 = none known */
    char opened[40];          /* opened as ISO 8601 with the zone's offset */
} row;

/* Everything one import holds. */
typedef struct importer {
    const import_opts *o;     /* the options; borrowed */
    os_error *e;              /* set on failure */
    imp_colmap cm;            /* --map */
    int col[IMP_NROLES];      /* header index of each role, -1 = not mapped */
    char colname[IMP_NROLES][160]; /* the header text of each mapped column */
    int need;                 /* fields a record needs: 1 + the largest mapped index */
    bool header_done;         /* the header row has been read */
    const char *fmt;          /* strptime format, or NULL for recognition */
    char fmtbuf[256];         /* the checked --date-format */
    imp_tz tz;                /* the zone (and the saved TZ) */
    imp_map pmap;             /* --priority-map (empty when none) */
    imp_map cmap;             /* --category-map (empty when none) */
    imp_map gmap;             /* --group-map (empty when none) */
    imp_where *wh;            /* the --where filters; owned */
    int *wcol;                /* header index of each filter's column */
    char (*wname)[160];       /* the header text of each filter's column */
    int nwhere;               /* entries of wh, wcol and wname */
    imp_tally tally[TL_N];    /* distinct priorities, categories, groups past --where */
    row *v;                   /* kept rows; owned */
    size_t n;                 /* kept rows */
    size_t cap;               /* allocated rows */
    long rows;                /* data records read */
    long skipped;             /* records skipped */
    long filtered;            /* records left out by --where */
    long by_reason[SK_N];     /* skips per reason */
    long eff_blank;           /* kept rows with a blank effort (drawn) */
    long eff_bad;             /* kept rows with an effort that is not one (drawn) */
    long eff_bad_line;        /* line of the first of those */
    char eff_bad_text[QUOTE_MAX + 8]; /* its value, quoted */
    imp_durations dur;        /* the lengths of a bare number, a day and a week */
    long eff_days;            /* observed efforts written with days (d) */
    long eff_weeks;           /* efforts with weeks (w) left unread: no --work-week */
    double *bare;             /* minutes of the observed efforts written as bare numbers; owned */
    size_t nbare;             /* entries of bare */
    size_t capbare;           /* allocated entries of bare */
    long re_bad;              /* kept rows with a reassignment count that is not one */
    long re_bad_line;         /* line of the first of those */
    char re_bad_text[QUOTE_MAX + 8]; /* its value, quoted */
    long grp_blank;           /* kept rows with a blank group */
    long grp_unknown;         /* kept rows with a group no map or party name knows */
} importer;

/* The outage CSV as the report names it ("-": standard output). */
static const char *shown_out(const char *path)
{
    return csv_is_stdio(path) ? "standard output" : path;
}

/* ------------------------------------------------------------- skipping */

/* text, quoted for a reason: control characters as spaces, cut at QUOTE_MAX. */
static void quote(const char *text, char *buf, size_t n)
{
    size_t j = 0;
    for (size_t i = 0; text[i] && j + 4 < n; i++) {
        if (i == QUOTE_MAX) {
            memcpy(buf + j, "...", 3);
            j += 3;
            break;
        }
        unsigned char c = (unsigned char)text[i];
        buf[j++] = c < 32 || c == 127 ? ' ' : (char)c;
    }
    buf[j] = '\0';
}

/* Skip the record at line for reason (about column role); -1 with e set
 * under strict. */
static int skip(importer *I, long line, enum skip_kind kind, int role, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int skip(importer *I, long line, enum skip_kind kind, int role, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (I->o->strict && !I->o->max_skipped_set)
        return err_set(I->e, OS_ERR_INPUT, I->o->tickets, (int)line,
                       role >= 0 ? I->colname[role] : "",
                       "%s (--strict stops at the first unusable row)", reason);
    I->skipped++;
    I->by_reason[kind]++;
    if (I->o->report && I->skipped <= REPORT_MAX)
        fprintf(I->o->report, "%s:%ld: skipped: %s\n", csv_shown_path(I->o->tickets), line, reason);
    return 0;
}

/* ---------------------------------------------------------------- header */

/* Does hay contain needle, ignoring ASCII case? */
static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return true;
    return n == 0;
}

/* The header index of column name, asked for by opt ("--map opened=X");
 * -1 with e set ("did you mean", else the list of columns) when it is not
 * in the header.  A repeated column is read from its first field: Jira
 * repeats multi-valued ones such as Component/s (docs/import.md); said in
 * the report, not silently. */
static int find_column(importer *I, size_t nf, char **f, char **names, long line,
                       const char *name, const char *role, const char *opt)
{
    size_t more = 0;
    long k = csvr_column(I->o->tickets, line, nf, f, name, CSVR_FOLD, &more, I->e);
    if (more && I->o->report)
        fprintf(I->o->report, "%s:%ld: note: column '%s' appears %zu times in the "
                "header; the first (field %ld) is read as %s\n", csv_shown_path(I->o->tickets), line,
                name, more + 1, k + 1, role);
    if (k >= 0)
        return (int)k;
    char hint[256];
    imp_did_you_mean(name, (const char *const *)names, nf, hint, sizeof hint);
    for (size_t i = 0; i < nf && !hint[0]; i++)   /* "opened" for "opened_at" */
        if (names[i][0] && (contains_ci(names[i], name) || contains_ci(name, names[i])))
            snprintf(hint, sizeof hint, " (did you mean '%s'?)", names[i]);
    char list[512] = "";
    if (!hint[0]) {
        size_t n = 0;
        for (size_t i = 0; i < nf && n + 8 < sizeof list - 40; i++)
            n += (size_t)snprintf(list + n, sizeof list - n, "%s'%s'", i ? ", " : "", names[i]);
        if (n >= sizeof list)
            n = sizeof list - 1;
        list[n] = '\0';
    }
    return err_set(I->e, OS_ERR_INPUT, I->o->tickets, (int)line, name,
                   "no column '%s' in the header (%s)%s%s%s", name, opt, hint,
                   hint[0] ? "" : "; the columns are ", list);
}

static int read_header(importer *I, size_t nf, char **f, long line)
{
    char **names = calloc(nf ? nf : 1, sizeof *names);
    if (!names)
        return err_set(I->e, OS_ERR_ENV, I->o->tickets, (int)line, "", "out of memory");
    int rc = 0;
    for (size_t i = 0; i < nf && !rc; i++) {
        size_t len = strlen(f[i]) + 1;
        if (!(names[i] = malloc(len)))
            rc = err_set(I->e, OS_ERR_ENV, I->o->tickets, (int)line, "", "out of memory");
        else
            imp_trim(f[i], names[i], len);
    }
    I->need = 0;
    for (int r = 0; r < IMP_NROLES && !rc; r++) {
        I->col[r] = -1;
        if (!I->cm.name[r][0])
            continue;
        char opt[200];
        snprintf(opt, sizeof opt, "--map %s=%s", imp_role_names[r], I->cm.name[r]);
        if ((I->col[r] = find_column(I, nf, f, names, line, I->cm.name[r], imp_role_names[r],
                                     opt)) < 0) {
            rc = -1;
            break;
        }
        snprintf(I->colname[r], sizeof I->colname[r], "%s", names[I->col[r]]);
        if (I->col[r] + 1 > I->need)
            I->need = I->col[r] + 1;
    }
    for (int k = 0; k < I->nwhere && !rc; k++) {
        char opt[200];
        snprintf(opt, sizeof opt, "--where %s%s...", I->wh[k].col, I->wh[k].negate ? "!=" : "=");
        if ((I->wcol[k] = find_column(I, nf, f, names, line, I->wh[k].col, "a --where filter",
                                      opt)) < 0) {
            rc = -1;
            break;
        }
        snprintf(I->wname[k], sizeof I->wname[k], "%s", names[I->wcol[k]]);
        if (I->wcol[k] + 1 > I->need)
            I->need = I->wcol[k] + 1;
    }
    for (size_t i = 0; i < nf; i++)
        free(names[i]);
    free(names);
    I->header_done = true;
    return rc;
}

/* ------------------------------------------------------------------ rows */

/* Parse and resolve one timestamp; 0, -1 when it is not a date, -2 when its
 * year (as written) is outside [IMP_YEAR_MIN, IMP_YEAR_MAX]. */
static int read_time(importer *I, const char *text, imp_instant *out)
{
    imp_stamp st;
    int rc = I->fmt ? imp_parse_format(text, I->fmt, &st) : imp_parse_auto(text, &st);
    if (rc < 0)
        return -1;
    if (st.year < IMP_YEAR_MIN || st.year > IMP_YEAR_MAX)
        return -2;
    return imp_resolve(&I->tz, &st, out);
}

/* The readers below check one field of a record each, called in the order
 * the skip reasons are tried: FIELD_OK when the field is usable, else what
 * skip returned (0 = skipped, -1 = the error under strict). */
#define FIELD_OK 1

/* A record too short for a mapped or filtered column, named by the first
 * such column. */
static int check_width(importer *I, size_t nf, long line)
{
    if ((int)nf >= I->need)
        return FIELD_OK;
    for (int r = 0; r < IMP_NROLES; r++)
        if (I->col[r] >= (int)nf)
            return skip(I, line, SK_SHORT, r, "too few fields (%zu, the %s column '%s' is "
                        "field %d)", nf, imp_role_names[r], I->colname[r], I->col[r] + 1);
    int k = 0;
    while (k < I->nwhere - 1 && I->wcol[k] < (int)nf)
        k++;
    return skip(I, line, SK_SHORT, -1, "too few fields (%zu, the --where column '%s' is "
                "field %d)", nf, I->wname[k], I->wcol[k] + 1);
}

/* Does the record pass every --where? */
static bool passes(const importer *I, char **f)
{
    for (int k = 0; k < I->nwhere; k++)
        if (!imp_where_keeps(&I->wh[k], f[I->wcol[k]]))
            return false;
    return true;
}

/* Count the record's priority, category and group among the distinct values. */
static int tally_record(importer *I, char **f, long line)
{
    for (int t = 0; t < TL_N; t++)
        if (I->col[tally_role[t]] >= 0 &&
            imp_tally_add(&I->tally[t], f[I->col[tally_role[t]]]) < 0)
            return err_set(I->e, OS_ERR_ENV, I->o->tickets, (int)line, "", "out of memory");
    return 0;
}

/* A timestamp of column role (opened or resolved) that is not blank; the
 * two ways it can be unusable are skipped as year or bad. */
static int read_stamp(importer *I, long line, int role, const char *text, imp_instant *out,
                      enum skip_kind year, enum skip_kind bad)
{
    char q[QUOTE_MAX + 8];
    int trc = read_time(I, text, out);
    if (trc == -2) {
        quote(text, q, sizeof q);
        return skip(I, line, year, role, "%s '%s' is outside the years %d-%d",
                    imp_role_names[role], q, IMP_YEAR_MIN, IMP_YEAR_MAX);
    }
    if (trc < 0) {
        quote(text, q, sizeof q);
        return skip(I, line, bad, role, "unparseable %s '%s'%s", imp_role_names[role], q,
                    I->fmt ? " (does not match --date-format)" : "");
    }
    return FIELD_OK;
}

/* Opened: required; sets w's sort key and ISO text, and t0 for resolved. */
static int read_opened(importer *I, char **f, long line, row *w, imp_instant *t0)
{
    const char *opened = f[I->col[IMP_OPENED]];
    if (imp_blank(opened))
        return skip(I, line, SK_BLANK_OPENED, IMP_OPENED, "blank opened");
    int rc = read_stamp(I, line, IMP_OPENED, opened, t0, SK_YEAR_OPENED, SK_BAD_OPENED);
    if (rc != FIELD_OK)
        return rc;
    w->wall = t0->wall;
    w->frac = t0->frac;
    imp_format_iso(t0, w->opened, sizeof w->opened);
    return FIELD_OK;
}

static int read_priority(importer *I, char **f, long line, row *w)
{
    char q[QUOTE_MAX + 8];
    const char *prio = f[I->col[IMP_PRIORITY]];
    if (imp_blank(prio))
        return skip(I, line, SK_BLANK_PRIORITY, IMP_PRIORITY, "blank priority");
    if ((w->sev = imp_priority(I->o->s, &I->pmap, prio)) < 0) {
        quote(prio, q, sizeof q);
        return skip(I, line, SK_UNKNOWN_PRIORITY, IMP_PRIORITY, "unknown priority '%s'", q);
    }
    return FIELD_OK;
}

static int read_category(importer *I, char **f, long line, row *w)
{
    char q[QUOTE_MAX + 8];
    const char *cat = f[I->col[IMP_CATEGORY_COL]];
    if (imp_blank(cat))
        return skip(I, line, SK_BLANK_CATEGORY, IMP_CATEGORY_COL, "blank category");
    if ((w->cat = imp_category(I->o->s, &I->cmap, cat)) < 0) {
        quote(cat, q, sizeof q);
        return skip(I, line, SK_UNKNOWN_CATEGORY, IMP_CATEGORY_COL,
                    "unknown category '%s' (add it to --category-map)", q);
    }
    return FIELD_OK;
}

/* Resolved: optional, and blank is a ticket still open (w->ttr stays NAN). */
static int read_resolved(importer *I, char **f, long line, const imp_instant *t0, row *w)
{
    if (I->col[IMP_RESOLVED] < 0 || imp_blank(f[I->col[IMP_RESOLVED]]))
        return FIELD_OK;
    imp_instant t1;
    int rc = read_stamp(I, line, IMP_RESOLVED, f[I->col[IMP_RESOLVED]], &t1, SK_YEAR_RESOLVED,
                        SK_BAD_RESOLVED);
    if (rc != FIELD_OK)
        return rc;
    double d = (double)(t1.epoch - t0->epoch) + (t1.frac - t0->frac);
    if (d < 0)
        return skip(I, line, SK_RESOLVED_BEFORE, IMP_RESOLVED, "resolved before opened");
    w->ttr = d / 60.0;
    return FIELD_OK;
}

/* Effort: optional, and never a reason to skip: without the column, blank,
 * or not a duration within what the simulator supports, w->effort stays
 * NAN and is drawn when written (effort_source = drawn).  A bare number's
 * minutes are kept aside for the unit check (check_unit). */
static int read_effort(importer *I, char **f, long line, row *w)
{
    if (I->col[IMP_EFFORT] < 0)
        return 0;
    const char *eff = f[I->col[IMP_EFFORT]];
    double m = 0;
    unsigned how = 0;
    int prc = imp_blank(eff) ? 0 : imp_parse_duration(eff, &I->dur, &m, &how);
    if (imp_blank(eff)) {
        I->eff_blank++;
    } else if (prc < 0 || m > CAL_MAX_MINUTES) {
        /* what the outage reader refuses must not be written */
        I->eff_weeks += prc == -2;
        if (!I->eff_bad++) {
            I->eff_bad_line = line;
            quote(eff, I->eff_bad_text, sizeof I->eff_bad_text);
        }
    } else {
        w->effort = m;
        I->eff_days += (how & IMP_DUR_DAYS) != 0;
        if (how & IMP_DUR_BARE) {
            if (I->nbare == I->capbare) {
                size_t cap = I->capbare ? 2 * I->capbare : 1024;
                double *v = realloc(I->bare, cap * sizeof *v);
                if (!v)
                    return err_set(I->e, OS_ERR_ENV, I->o->tickets, (int)line, "",
                                   "out of memory");
                I->bare = v;
                I->capbare = cap;
            }
            I->bare[I->nbare++] = m;
        }
    }
    return 0;
}

/* Reassignments (or Zendesk's group stations, one more than the
 * reassignments): optional, a blank or a value that is not a whole number
 * stays unknown (w->reassign -1). */
static void read_reassign(importer *I, char **f, long line, row *w)
{
    int role = I->col[IMP_REASSIGN] >= 0 ? IMP_REASSIGN
               : I->col[IMP_STATIONS] >= 0 ? IMP_STATIONS : -1;
    if (role < 0 || imp_blank(f[I->col[role]]))
        return;
    long v;
    if (imp_parse_count(f[I->col[role]], &v) < 0) {
        if (!I->re_bad++) {
            I->re_bad_line = line;
            quote(f[I->col[role]], I->re_bad_text, sizeof I->re_bad_text);
        }
        return;
    }
    w->reassign = role == IMP_STATIONS ? (v > 0 ? v - 1 : 0) : v;
}

/* The assignment group: --group-map, then a party name; else unknown. */
static void read_group(importer *I, char **f, row *w)
{
    if (I->col[IMP_GROUP] < 0)
        return;
    const char *g = f[I->col[IMP_GROUP]];
    if (imp_blank(g))
        I->grp_blank++;
    else if ((w->party = imp_party(I->o->s, &I->gmap, g)) < 0)
        I->grp_unknown++;
}

static int keep_row(importer *I, const row *w)
{
    if (I->n == I->cap) {
        size_t cap = I->cap ? 2 * I->cap : 1024;
        row *v = realloc(I->v, cap * sizeof *v);
        if (!v)
            return err_set(I->e, OS_ERR_ENV, I->o->tickets, (int)w->line, "", "out of memory");
        I->v = v;
        I->cap = cap;
    }
    I->v[I->n++] = *w;
    return 0;
}

/* csvr_read's callback: the header, then one record filtered out, kept or
 * skipped. */
static int on_record(void *ctx, size_t nf, char **f, long line)
{
    importer *I = ctx;
    if (!I->header_done)
        return read_header(I, nf, f, line);
    I->rows++;
    row w = {.line = line, .effort = NAN, .ttr = NAN, .reassign = -1, .party = -1};
    imp_instant t0;
    int rc;
    if ((rc = check_width(I, nf, line)) != FIELD_OK)
        return rc;
    if (!passes(I, f)) {
        I->filtered++;
        return 0;
    }
    if (tally_record(I, f, line) < 0)
        return -1;
    if ((rc = read_opened(I, f, line, &w, &t0)) != FIELD_OK ||
        (rc = read_priority(I, f, line, &w)) != FIELD_OK ||
        (rc = read_category(I, f, line, &w)) != FIELD_OK ||
        (rc = read_resolved(I, f, line, &t0, &w)) != FIELD_OK)
        return rc;
    if (read_effort(I, f, line, &w) < 0)
        return -1;
    read_reassign(I, f, line, &w);
    read_group(I, f, &w);
    return keep_row(I, &w);
}

/* --------------------------------------------------------------- output */

/* By wall clock, then file line: a total order, so the sort is stable. */
static int row_cmp(const void *a, const void *b)
{
    const row *x = a, *y = b;
    if (x->wall != y->wall)
        return x->wall < y->wall ? -1 : 1;
    if (x->frac != y->frac)
        return x->frac < y->frac ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Monday 00:00 (wall seconds) of the week holding wall second w. */
static int64_t week_start(int64_t w)
{
    int64_t days = w >= 0 ? w / 86400 : -((-w + 86399) / 86400);
    return (days - imp_weekday(days)) * 86400;
}

static int write_out(importer *I)
{
    const scenario *s = I->o->s;
    csvw *cw = csvw_open(I->o->out, I->e);
    if (!cw)
        return -1;
    bool ttr = I->col[IMP_RESOLVED] >= 0;
    bool re = I->col[IMP_REASSIGN] >= 0 || I->col[IMP_STATIONS] >= 0;
    bool grp = I->col[IMP_GROUP] >= 0;
    static const char *const head[] = {"id", "t_occur", "category", "severity", "effort"};
    for (size_t k = 0; k < sizeof head / sizeof *head; k++)
        csvw_str(cw, head[k]);
    if (ttr)
        csvw_str(cw, "observed_ttr");
    csvw_str(cw, "opened");
    csvw_str(cw, "effort_source");
    if (re)
        csvw_str(cw, "observed_reassignments");
    if (grp)
        csvw_str(cw, "observed_party");
    csvw_end(cw);
    int64_t base = week_start(I->v[0].wall);
    for (size_t i = 0; i < I->n; i++) {
        const row *w = &I->v[i];
        double effort = w->effort;
        if (isnan(effort)) {
            uint64_t key = rng_incident_key(s->seed, 0, (uint64_t)i);
            effort = dist_quantile(&s->sev[w->sev].effort, rng_decision(key, ROLE_IMPORT_EFFORT, 0));
        }
        csvw_int(cw, (long long)i);
        csvw_fixed(cw, (double)(w->wall - base) / 60.0 + w->frac / 60.0, OUT_DECIMALS);
        csvw_str(cw, s->cat[w->cat].name);
        csvw_str(cw, s->sev[w->sev].name);
        csvw_fixed(cw, effort, OUT_DECIMALS);
        if (ttr)
            csvw_fixed(cw, w->ttr, OUT_DECIMALS);   /* NaN (still open): an empty field */
        csvw_str(cw, w->opened);
        csvw_str(cw, isnan(w->effort) ? "drawn" : "observed");
        if (re && w->reassign >= 0)
            csvw_int(cw, w->reassign);
        else if (re)
            csvw_str(cw, "");
        if (grp)
            csvw_str(cw, w->party >= 0 ? s->party[w->party].name : "");
        csvw_end(cw);
    }
    return csvw_commit(cw, I->e);
}

/* "... and N more", then the skips per reason. */
static void report_skips(const importer *I)
{
    FILE *f = I->o->report;
    if (!f || !I->skipped)
        return;
    if (I->skipped > REPORT_MAX)
        fprintf(f, "... and %ld more skipped rows\n", I->skipped - REPORT_MAX);
    fprintf(f, "skipped rows by reason:\n");
    for (int k = 0; k < SK_N; k++)
        if (I->by_reason[k])
            fprintf(f, "  %s: %ld\n", skip_label[k], I->by_reason[k]);
}

/* ---------------------------------------------------------- the values */

/* What tallied value text maps to now: a severity, category or party
 * index, or -1. */
static int target_of(const importer *I, int t, const char *text)
{
    if (t == TL_PRIORITY)
        return imp_priority(I->o->s, &I->pmap, text);
    if (t == TL_CATEGORY)
        return imp_category(I->o->s, &I->cmap, text);
    return imp_party(I->o->s, &I->gmap, text);
}

static const char *target_name(const importer *I, int t, int k)
{
    const scenario *s = I->o->s;
    return k < 0 ? "" : t == TL_PRIORITY ? s->sev[k].name
                      : t == TL_CATEGORY ? s->cat[k].name : s->party[k].name;
}

static const char *const tally_what[TL_N] = {"priorities", "categories", "assignment groups"};
static const char *const tally_opt[TL_N] = {"--priority-map", "--category-map", "--group-map"};
static const char *const tally_file[TL_N] = {"priorities.csv", "categories.csv", "groups.csv"};

/* The distinct values no map or rule knows, most rows first. */
static void report_unknown(const importer *I)
{
    FILE *f = I->o->report;
    for (int t = 0; t < TL_N && f; t++) {
        const imp_tally_entry **v = imp_tally_sorted(&I->tally[t]);
        if (!v) {
            if (I->tally[t].n)   /* said, not silently left out */
                fprintf(f, "unknown %s: not listed (out of memory)\n", tally_what[t]);
            continue;
        }
        size_t nu = 0;
        long rows = 0;
        for (size_t i = 0; i < I->tally[t].n; i++)
            if (target_of(I, t, v[i]->text) < 0) {
                nu++;
                rows += v[i]->count;
            }
        if (nu)
            fprintf(f, "unknown %s: %zu value%s in %ld row%s (map them with %s; --write-maps "
                    "DIR writes a template)%s:\n", tally_what[t], nu, nu == 1 ? "" : "s", rows,
                    rows == 1 ? "" : "s", tally_opt[t],
                    t == TL_GROUP ? ", observed_party left empty" : "");
        size_t shown = 0;
        for (size_t i = 0; i < I->tally[t].n && shown < UNKNOWN_MAX; i++)
            if (target_of(I, t, v[i]->text) < 0) {
                char q[QUOTE_MAX + 8];
                quote(v[i]->text, q, sizeof q);
                fprintf(f, "  %8ld  '%s'\n", v[i]->count, q);
                shown++;
            }
        if (nu > shown)
            fprintf(f, "  ... and %zu more\n", nu - shown);
        free(v);
    }
}

/* Efforts drawn, reassignments unread, groups unknown: the summary lines. */
static void report_columns(const importer *I, long drawn)
{
    FILE *f = I->o->report;
    if (!f)
        return;
    long kept = (long)I->n;
    if (I->col[IMP_EFFORT] < 0)
        fprintf(f, "efforts: all %ld drawn from the scenario (no effort column mapped)\n", kept);
    else if (!I->eff_bad)
        fprintf(f, "efforts: %ld observed, %ld drawn from the scenario (%ld blank)\n",
                kept - drawn, drawn, I->eff_blank);
    else
        fprintf(f, "efforts: %ld observed, %ld drawn from the scenario (%ld blank, %ld not "
                "a duration, the first at %s:%ld: '%s')\n", kept - drawn, drawn, I->eff_blank,
                I->eff_bad, csv_shown_path(I->o->tickets), I->eff_bad_line, I->eff_bad_text);
    if (I->eff_days && !(I->o->work_day > 0))
        fprintf(f, "efforts: %ld written with days (d), each read as 24 h (--work-day HOURS "
                "sets the day; Jira's is the site's working day, 8 h by default)\n",
                I->eff_days);
    if (I->eff_weeks)
        fprintf(f, "efforts: %ld written with weeks (w), not read without --work-week DAYS "
                "(Jira's week is 5 working days by default)\n", I->eff_weeks);
    if (I->re_bad)
        fprintf(f, "reassignments: %ld value%s not a whole number, written empty (the first "
                "at %s:%ld: '%s')\n", I->re_bad, I->re_bad == 1 ? "" : "s", csv_shown_path(I->o->tickets),
                I->re_bad_line, I->re_bad_text);
    if (I->col[IMP_GROUP] >= 0)
        fprintf(f, "observed_party: %ld known, %ld unknown group, %ld blank\n",
                kept - I->grp_unknown - I->grp_blank, I->grp_unknown, I->grp_blank);
}

/* ---------------------------------------------------------- templates */

/* Refuse, before reading, a --write-maps folder that is a file or holds a
 * map already (perhaps one filled in: never overwritten). */
static int check_maps_dir(const importer *I)
{
    const char *dir = I->o->write_maps;
    struct stat st;
    if (stat(dir, &st) < 0)
        return errno == ENOENT ? 0
               : err_set(I->e, OS_ERR_ENV, dir, 0, "--write-maps", "%s", strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return err_set(I->e, OS_ERR_INPUT, dir, 0, "--write-maps", "not a folder");
    for (int t = 0; t < TL_N; t++) {
        if (!I->cm.name[tally_role[t]][0])
            continue;   /* not written */
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, tally_file[t]);
        if (lstat(path, &st) == 0)
            return err_set(I->e, OS_ERR_INPUT, path, 0, "--write-maps",
                           "exists already: --write-maps never overwrites a map (perhaps one "
                           "filled in); move it away or choose another folder");
    }
    return 0;
}

/* One template: from,to,rows,currently; every distinct value, most rows
 * first, to left blank for the user, currently what the value maps to now. */
static int write_template(const importer *I, int t)
{
    const imp_tally_entry **v = imp_tally_sorted(&I->tally[t]);
    if (!v && I->tally[t].n)
        return err_set(I->e, OS_ERR_ENV, I->o->write_maps, 0, "", "out of memory");
    csvw *cw = csvw_open_in(I->o->write_maps, tally_file[t], I->e);
    if (!cw) {
        free(v);
        return -1;
    }
    static const char *const head[] = {"from", "to", "rows", "currently"};
    csvw_row(cw, head, 4);
    for (size_t i = 0; i < I->tally[t].n; i++) {
        csvw_str(cw, v[i]->text);
        csvw_str(cw, "");
        csvw_int(cw, v[i]->count);
        csvw_str(cw, target_name(I, t, target_of(I, t, v[i]->text)));
        csvw_end(cw);
    }
    free(v);
    return csvw_commit(cw, I->e);
}

static int write_templates(const importer *I)
{
    const char *dir = I->o->write_maps;
    if (mkdir(dir, 0777) < 0 && errno != EEXIST)
        return err_set(I->e, OS_ERR_ENV, dir, 0, "--write-maps", "cannot create the folder: %s",
                       strerror(errno));
    for (int t = 0; t < TL_N; t++)
        if (I->col[tally_role[t]] >= 0 && write_template(I, t) < 0)
            return -1;
    if (I->o->report)
        fprintf(I->o->report, "map templates (from,to,rows,currently: fill in 'to') written to "
                "%s\n", dir);
    return 0;
}

/* ------------------------------------------------------------------ run */

/* Everything read before the export: formats, maps, filters. */
static int prepare(importer *I)
{
    const import_opts *o = I->o;
    if (o->date_format) {
        if (imp_check_format(o->date_format, I->fmtbuf, sizeof I->fmtbuf, I->e) < 0)
            return -1;
        I->fmt = I->fmtbuf;
    }
    if (o->max_skipped_set && !(o->max_skipped >= 0 && o->max_skipped <= 100))
        return err_set(I->e, OS_ERR_INPUT, "--max-skipped", 0, "",
                       "needs a percentage from 0 to 100, not %g", o->max_skipped);
    if (!(o->work_day >= 0 && o->work_day <= 24))
        return err_set(I->e, OS_ERR_INPUT, "--work-day", 0, "",
                       "needs hours in a day, more than 0 and at most 24, not %g", o->work_day);
    if (!(o->work_week >= 0 && o->work_week <= 7))
        return err_set(I->e, OS_ERR_INPUT, "--work-week", 0, "",
                       "needs days in a week, more than 0 and at most 7, not %g", o->work_week);
    if ((unsigned)o->effort_unit > IMPORT_UNIT_HOURS)
        return err_set(I->e, OS_ERR_INPUT, "--effort-unit", 0, "",
                       "needs seconds, minutes or hours");
    static const double unit_s[] = {[IMPORT_UNIT_SECONDS] = 1, [IMPORT_UNIT_MINUTES] = 60,
                                    [IMPORT_UNIT_HOURS] = 3600};
    I->dur.bare_s = unit_s[o->effort_unit];
    I->dur.day = o->work_day > 0 ? o->work_day * 60 : 1440;
    I->dur.week = o->work_week > 0 ? o->work_week * I->dur.day : 0;
    if (imp_parse_map(o->map, &I->cm, I->e) < 0)
        return -1;
    if (o->nwhere > 0) {
        I->wh = calloc((size_t)o->nwhere, sizeof *I->wh);
        I->wcol = calloc((size_t)o->nwhere, sizeof *I->wcol);
        I->wname = calloc((size_t)o->nwhere, sizeof *I->wname);
        if (!I->wh || !I->wcol || !I->wname)
            return err_set(I->e, OS_ERR_ENV, "--where", 0, "", "out of memory");
        for (; I->nwhere < o->nwhere; I->nwhere++)
            if (imp_parse_where(o->where[I->nwhere], &I->wh[I->nwhere], I->e) < 0)
                return -1;
    }
    if (o->write_maps && check_maps_dir(I) < 0)
        return -1;
    if (o->priority_map && imp_map_read(o->priority_map, o->s, IMP_SEVERITY, &I->pmap, I->e) < 0)
        return -1;
    if (o->category_map && imp_map_read(o->category_map, o->s, IMP_CATEGORY, &I->cmap, I->e) < 0)
        return -1;
    if (o->group_map && imp_map_read(o->group_map, o->s, IMP_PARTY, &I->gmap, I->e) < 0)
        return -1;
    if (o->group_map && !I->cm.name[IMP_GROUP][0])
        return err_set(I->e, OS_ERR_INPUT, "--group-map", 0, "group",
                       "--group-map needs the group column: add group=COLUMN to --map");
    return 0;
}

/* After the whole export was read: nothing usable, or too much skipped. */
static int check_usable(importer *I)
{
    const import_opts *o = I->o;
    long past = I->rows - I->filtered;
    if (I->rows == 0)
        return err_set(I->e, OS_ERR_INPUT, o->tickets, 2, "", "no tickets after the header");
    if (past == 0)
        return err_set(I->e, OS_ERR_INPUT, o->tickets, 0, "--where", "every one of the %ld "
                       "rows was left out by --where", I->rows);
    if (I->n == 0)
        return err_set(I->e, OS_ERR_INPUT, o->tickets, 0, "", "no usable ticket: all %ld rows "
                       "were skipped (see the reasons above; check --map, --date-format and "
                       "the maps)", past);
    double limit = o->max_skipped_set ? o->max_skipped : IMPORT_MAX_SKIPPED_DEFAULT;
    double share = 100.0 * (double)I->skipped / (double)past;
    if (share <= limit)
        return 0;
    if (o->strict)
        return err_set(I->e, OS_ERR_INPUT, o->tickets, 0, "--max-skipped",
                       "%ld of %ld rows (%.1f %%) were skipped, more than --max-skipped %g %% "
                       "(--strict: nothing imported; see the reasons above)", I->skipped, past,
                       share, limit);
    if (o->report)
        fprintf(o->report, "warning: %ld of %ld rows (%.1f %%) were skipped, more than %g %%: "
                "the outages may not represent the export (see the reasons above; "
                "--max-skipped sets the share, --strict makes it an error)\n", I->skipped,
                past, share, limit);
    return 0;
}

/* The units, smallest first, that --effort-unit names. */
static const struct {
    const char *name;         /* as --effort-unit takes it */
    double seconds;           /* seconds in one */
} effort_units[] = {{"seconds", 1}, {"minutes", 60}, {"hours", 3600}};

/* After the whole export was read: does the median of the efforts written
 * as bare numbers make a plausible effort in the declared unit?  If not,
 * the column is said to look like the nearest unit that would (warned of;
 * with strict, the error). */
static int check_unit(importer *I)
{
    const import_opts *o = I->o;
    if (!I->nbare)
        return 0;
    gsl_sort(I->bare, 1, I->nbare);
    double med = gsl_stats_median_from_sorted_data(I->bare, 1, I->nbare);
    if (med >= IMPORT_EFFORT_MEDIAN_MIN && med <= IMPORT_EFFORT_MEDIAN_MAX)
        return 0;
    int k = 0;
    while (effort_units[k].seconds != I->dur.bare_s)
        k++;
    double raw = med * 60 / I->dur.bare_s;   /* the median as written */
    bool big = med > IMPORT_EFFORT_MEDIAN_MAX;
    int fit = -1;
    for (int j = big ? k - 1 : k + 1; j >= 0 && j < 3 && fit < 0; j += big ? -1 : 1) {
        double m = raw * effort_units[j].seconds / 60;
        if (m >= IMPORT_EFFORT_MEDIAN_MIN && m <= IMPORT_EFFORT_MEDIAN_MAX)
            fit = j;
    }
    char what[160], why[320];
    if (fit >= 0)
        snprintf(what, sizeof what, "efforts look like %s, not %s", effort_units[fit].name,
                 effort_units[k].name);
    else
        snprintf(what, sizeof what, "efforts look wrong in any unit");
    snprintf(why, sizeof why, "the median of the %zu bare numbers, %g, read as %s is %g min, "
             "%s %g", I->nbare, raw, effort_units[k].name, med, big ? "more than" : "less than",
             big ? IMPORT_EFFORT_MEDIAN_MAX : IMPORT_EFFORT_MEDIAN_MIN);
    char fix[96];
    if (fit >= 0)
        snprintf(fix, sizeof fix, "pass --effort-unit %s", effort_units[fit].name);
    else
        snprintf(fix, sizeof fix, "check the column --map effort= names");
    if (o->strict)
        return err_set(I->e, OS_ERR_INPUT, o->tickets, 0, I->colname[IMP_EFFORT],
                       "%s: %s; %s (--strict: nothing imported)", what, why, fix);
    if (o->report)
        fprintf(o->report, "warning: '%s': %s: %s; %s (--strict makes it an error)\n",
                I->colname[IMP_EFFORT], what, why, fix);
    return 0;
}

static void importer_free(importer *I)
{
    free(I->v);
    free(I->bare);
    imp_map_free(&I->pmap);
    imp_map_free(&I->cmap);
    imp_map_free(&I->gmap);
    for (int k = 0; k < I->nwhere; k++)
        imp_where_free(&I->wh[k]);
    free(I->wh);
    free(I->wcol);
    free(I->wname);
    for (int t = 0; t < TL_N; t++)
        imp_tally_free(&I->tally[t]);
}

int import_run(const import_opts *o, import_result *r, os_error *e)
{
    importer I = {.o = o, .e = e};
    import_result dummy;
    if (!r)
        r = &dummy;
    memset(r, 0, sizeof *r);
    if (!o->tickets || !o->s || !o->map || !o->out)
        return err_set(e, OS_ERR_INPUT, "", 0, "", "import needs the export, a scenario, "
                       "--map and -o");
    int rc = prepare(&I);
    if (rc == 0 && (rc = imp_tz_begin(o->tz, &I.tz, e)) == 0) {
        rc = csvr_read(o->tickets, on_record, &I, e) ? -1 : 0;
        imp_tz_end(&I.tz);
        if (rc == 0 && !I.header_done)
            rc = err_set(e, OS_ERR_INPUT, o->tickets, 1, "", "empty file (needs a header row "
                         "naming the columns that --map uses)");
        if (rc == 0) {   /* read whole: the listings, the templates, then the verdict */
            report_skips(&I);
            report_unknown(&I);
            rc = check_usable(&I);
            if (rc == 0)
                rc = check_unit(&I);
            os_error verdict = *e;
            if (o->write_maps && write_templates(&I) < 0)
                rc = -1;            /* e says why the templates failed */
            else if (rc < 0)
                *e = verdict;       /* the templates are written; the import failed */
        }
    }
    long drawn = 0;
    for (size_t i = 0; rc == 0 && i < I.n; i++)
        drawn += isnan(I.v[i].effort);
    if (rc == 0) {
        qsort(I.v, I.n, sizeof *I.v, row_cmp);
        rc = write_out(&I);
    }
    if (rc == 0) {
        *r = (import_result){.rows = I.rows, .filtered = I.filtered, .kept = (long)I.n,
                             .skipped = I.skipped, .drawn = drawn};
        report_columns(&I, drawn);
        if (o->report && I.filtered)
            fprintf(o->report, "imported %ld of %ld tickets (%ld skipped, %ld left out by "
                    "--where) into %s\n", r->kept, r->rows, r->skipped, r->filtered, shown_out(o->out));
        else if (o->report)
            fprintf(o->report, "imported %ld of %ld tickets (%ld skipped) into %s\n",
                    r->kept, r->rows, r->skipped, shown_out(o->out));
    }
    importer_free(&I);
    return rc;
}
