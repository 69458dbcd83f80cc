/*
 * import.c — `ownsim import`: a ticket export in, an outage CSV out (see
 * import.h; the pieces are in dates.c, mapping.c and fields.c).
 *
 * Design and invariants:
 *  - One pass over the export with csvr_read: the header row resolves the
 *    --map columns (trimmed, case-insensitive; "did you mean" otherwise),
 *    each later record is either kept or skipped with exactly one reason,
 *    the first that applies in the order opened, priority, category,
 *    resolved, effort.  With strict, the first skip is the error instead.
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
 *  - Efforts missing from the export are drawn after sorting, by inversion
 *    of the severity's effort distribution at
 *    rng_decision(rng_incident_key(seed, 0, id), ROLE_IMPORT_EFFORT, 0): the
 *    same input and scenario give the same bytes.
 *  - Numbers (minutes) are written with csvw_fixed at 6 decimals: 60
 *    microseconds, finer than any export's timestamps, so a value reads back
 *    within 5e-7 minutes; rounding is monotone, so the times stay sorted.
 *    The output is written atomically, and nothing is written when anything
 *    fails.
 */
#include "ownsim/import.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ownsim/csvfile.h"
#include "ownsim/dist.h"
#include "ownsim/outages.h"
#include "ownsim/rng.h"
#include "ownsim/suggest.h"
#include "import_int.h"

#define REPORT_MAX 50            /* skipped rows listed one by one */
#define QUOTE_MAX 60             /* characters of a bad value quoted in a reason */
#define OUT_DECIMALS 6           /* minutes to 60 microseconds */

/* Why a row was skipped; the labels are in skip_label. */
enum skip_kind {
    SK_SHORT, SK_BLANK_OPENED, SK_BAD_OPENED, SK_YEAR_OPENED, SK_BLANK_PRIORITY,
    SK_UNKNOWN_PRIORITY, SK_BLANK_CATEGORY, SK_UNKNOWN_CATEGORY, SK_BAD_RESOLVED,
    SK_YEAR_RESOLVED, SK_RESOLVED_BEFORE, SK_BAD_EFFORT, SK_N
};

static const char *const skip_label[SK_N] = {
    "too few fields", "blank opened", "unparseable opened", "opened outside the years",
    "blank priority", "unknown priority", "blank category", "unknown category",
    "unparseable resolved", "resolved outside the years", "resolved before opened",
    "bad effort"};

/* One kept ticket. */
typedef struct row {
    int64_t wall;             /* opened: whole seconds of the zone's wall clock */
    double frac;              /* opened: fraction of a second */
    long line;                /* line of the record in the export (sort tie-break) */
    int cat;                  /* scenario category */
    int sev;                  /* scenario severity */
    double effort;            /* minutes from the effort column; NAN = draw one */
    double ttr;               /* opened -> resolved in minutes; NAN = not resolved / no column */
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
    row *v;                   /* kept rows; owned */
    size_t n;                 /* kept rows */
    size_t cap;               /* allocated rows */
    long rows;                /* data records read */
    long skipped;             /* records skipped */
    long by_reason[SK_N];     /* skips per reason */
} importer;

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
    if (I->o->strict)
        return err_set(I->e, OS_ERR_INPUT, I->o->tickets, (int)line,
                       role >= 0 ? I->colname[role] : "",
                       "%s (--strict stops at the first unusable row)", reason);
    I->skipped++;
    I->by_reason[kind]++;
    if (I->o->report && I->skipped <= REPORT_MAX)
        fprintf(I->o->report, "%s:%ld: skipped: %s\n", I->o->tickets, line, reason);
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
        /* A repeated column is read from its first field: Jira repeats
         * multi-valued ones such as Component/s (docs/import.md); said in
         * the report, not silently. */
        size_t more = 0;
        I->col[r] = (int)csvr_column(I->o->tickets, line, nf, f, I->cm.name[r], CSVR_FOLD,
                                     &more, I->e);
        if (more && I->o->report)
            fprintf(I->o->report, "%s:%ld: note: column '%s' appears %zu times in the "
                    "header; the first (field %d) is read as %s\n", I->o->tickets, line,
                    I->cm.name[r], more + 1, I->col[r] + 1, imp_role_names[r]);
        if (I->col[r] < 0) {
            char hint[256];
            imp_did_you_mean(I->cm.name[r], (const char *const *)names, nf, hint, sizeof hint);
            for (size_t i = 0; i < nf && !hint[0]; i++)   /* "opened" for "opened_at" */
                if (names[i][0] && (contains_ci(names[i], I->cm.name[r]) ||
                                    contains_ci(I->cm.name[r], names[i])))
                    snprintf(hint, sizeof hint, " (did you mean '%s'?)", names[i]);
            char list[512] = "";
            if (!hint[0]) {
                size_t k = 0;
                for (size_t i = 0; i < nf && k + 8 < sizeof list - 40; i++)
                    k += (size_t)snprintf(list + k, sizeof list - k, "%s'%s'", i ? ", " : "",
                                          names[i]);
                if (k >= sizeof list)
                    k = sizeof list - 1;
                list[k] = '\0';
            }
            rc = err_set(I->e, OS_ERR_INPUT, I->o->tickets, (int)line, I->cm.name[r],
                         "no column '%s' in the header (--map %s=%s)%s%s%s", I->cm.name[r],
                         imp_role_names[r], I->cm.name[r], hint,
                         hint[0] ? "" : "; the columns are ", list);
            break;
        }
        snprintf(I->colname[r], sizeof I->colname[r], "%s", names[I->col[r]]);
        if (I->col[r] + 1 > I->need)
            I->need = I->col[r] + 1;
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

/* A record too short for a mapped column, named by the first such column. */
static int check_width(importer *I, size_t nf, long line)
{
    if ((int)nf >= I->need)
        return FIELD_OK;
    int miss = -1;
    for (int r = 0; r < IMP_NROLES && miss < 0; r++)
        if (I->col[r] >= (int)nf)
            miss = r;
    return skip(I, line, SK_SHORT, miss, "too few fields (%zu, the %s column '%s' is "
                "field %d)", nf, imp_role_names[miss], I->colname[miss], I->col[miss] + 1);
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

/* Effort: optional (w->effort stays NAN, drawn later, without the column). */
static int read_effort(importer *I, char **f, long line, row *w)
{
    if (I->col[IMP_EFFORT] < 0)
        return FIELD_OK;
    char q[QUOTE_MAX + 8];
    const char *eff = f[I->col[IMP_EFFORT]];
    if (imp_parse_effort(eff, &w->effort) < 0) {
        quote(eff, q, sizeof q);
        return skip(I, line, SK_BAD_EFFORT, IMP_EFFORT,
                    "bad effort '%s' (minutes, H:MM or e.g. 1h 30m, not negative)", q);
    }
    /* what the outage reader refuses must not be written */
    if (w->effort > CAL_MAX_MINUTES) {
        quote(eff, q, sizeof q);
        return skip(I, line, SK_BAD_EFFORT, IMP_EFFORT,
                    "bad effort '%s' (beyond %g minutes, the most the simulator "
                    "supports)", q, CAL_MAX_MINUTES);
    }
    return FIELD_OK;
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

/* csvr_read's callback: the header, then one record kept or skipped. */
static int on_record(void *ctx, size_t nf, char **f, long line)
{
    importer *I = ctx;
    if (!I->header_done)
        return read_header(I, nf, f, line);
    I->rows++;
    row w = {.line = line, .effort = NAN, .ttr = NAN};
    imp_instant t0;
    int rc;
    if ((rc = check_width(I, nf, line)) != FIELD_OK ||
        (rc = read_opened(I, f, line, &w, &t0)) != FIELD_OK ||
        (rc = read_priority(I, f, line, &w)) != FIELD_OK ||
        (rc = read_category(I, f, line, &w)) != FIELD_OK ||
        (rc = read_resolved(I, f, line, &t0, &w)) != FIELD_OK ||
        (rc = read_effort(I, f, line, &w)) != FIELD_OK)
        return rc;
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
    static const char *const head[] = {"id", "t_occur", "category", "severity", "effort"};
    for (size_t k = 0; k < sizeof head / sizeof *head; k++)
        csvw_str(cw, head[k]);
    if (ttr)
        csvw_str(cw, "observed_ttr");
    csvw_str(cw, "opened");
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

/* ------------------------------------------------------------------ run */

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
    if (o->date_format) {
        if (imp_check_format(o->date_format, I.fmtbuf, sizeof I.fmtbuf, e) < 0)
            return -1;
        I.fmt = I.fmtbuf;
    }
    if (imp_parse_map(o->map, &I.cm, e) < 0)
        return -1;
    if (o->priority_map && imp_map_read(o->priority_map, o->s, IMP_SEVERITY, &I.pmap, e) < 0)
        return -1;
    if (o->category_map && imp_map_read(o->category_map, o->s, IMP_CATEGORY, &I.cmap, e) < 0) {
        imp_map_free(&I.pmap);
        return -1;
    }
    int rc = imp_tz_begin(o->tz, &I.tz, e);
    if (rc == 0) {
        rc = csvr_read(o->tickets, on_record, &I, e) ? -1 : 0;
        imp_tz_end(&I.tz);
    }
    if (rc == 0 && !I.header_done)
        rc = err_set(e, OS_ERR_INPUT, o->tickets, 1, "", "empty file (needs a header row "
                     "naming the columns that --map uses)");
    if (rc == 0 && I.rows == 0)
        rc = err_set(e, OS_ERR_INPUT, o->tickets, 2, "", "no tickets after the header");
    if (rc == 0 && I.n == 0) {
        report_skips(&I);
        rc = err_set(e, OS_ERR_INPUT, o->tickets, 0, "", "no usable ticket: all %ld rows "
                     "were skipped (see the reasons above; check --map, --date-format and "
                     "the maps)", I.rows);
    }
    if (rc == 0) {
        qsort(I.v, I.n, sizeof *I.v, row_cmp);
        rc = write_out(&I);
    }
    if (rc == 0) {
        r->rows = I.rows;
        r->kept = (long)I.n;
        r->skipped = I.skipped;
        report_skips(&I);
        if (o->report)
            fprintf(o->report, "imported %ld of %ld tickets (%ld skipped) into %s\n",
                    r->kept, r->rows, r->skipped, o->out);
    }
    free(I.v);
    imp_map_free(&I.pmap);
    imp_map_free(&I.cmap);
    return rc;
}
