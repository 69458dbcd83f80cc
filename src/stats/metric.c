/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * metric.c — the metric table (see metric.h; its rows are in
 * metric_table.h).
 *
 * Each row says where its per-replication value comes from (a rep_stats
 * member, by offset: this file is the only one that knows rep_stats'
 * layout) and, by its kind, how the value for the whole point is made from
 * those.  The arithmetic is that of the files before the table, operation
 * for operation, so that every CSV stays byte-identical: a scaled metric
 * (a share in %, a rate per year) scales the mean, or each paired interval,
 * after it is computed from the unscaled values; breakeven scales each
 * replication's value before pairing (metric_rep).  Every interval goes
 * through interval(): fewer than METRIC_MIN_REPS values give NaN bounds
 * (an empty CSV field), never the t interval of one or two values.
 *
 * Invariants (tests/unit/test_metric.c): names are unique; each file's
 * columns are its rows in table order (models.csv: the M rows); every
 * column of severities.csv has a value for one severity (a member, or the
 * severity's histogram); the K_QUANTILE rows read distinct levels.
 *
 * Test hook: compiled with METRIC_EXTRA_ROWS(M, R) defined, those rows are
 * appended to the table (tests/metric/ adds a metric that way).
 */
#include "ownsim/metric.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/suggest.h"

/* How a value is computed; see metric_table.h. */
typedef enum metric_kind {
    K_MEAN, K_LO, K_HI, K_QUANTILE, K_SUM, K_REPS, K_STAFF, K_FEE, K_TOTAL, K_EVENTS
} metric_kind;

/* What one value is counted per. */
typedef enum metric_per {
    P_INCIDENT, P_SHARE, P_WEEK, P_YEAR, P_COUNT, P_REP, P_TICKET
} metric_per;

/* The mechanism a metric belongs to: it is a column only where used. */
typedef enum metric_only { O_ALWAYS, O_PREEMPT, O_GROUPS, O_VENDOR, O_MAJOR,
                             O_TICKETS } metric_only;

/* Which way is better. */
typedef enum metric_better { B_LOWER, B_HIGHER, B_NONE } metric_better;

struct metric {
    const char *name;       /* CSV column */
    const char *label;      /* display label */
    const char *unit;       /* unit of the value */
    metric_kind kind;       /* how it is computed */
    size_t field;           /* 1 + offset of the rep_stats member; 0 = none */
    size_t sev;             /* 1 + offset of the per-severity array; 0 = none */
    int qi;                 /* K_QUANTILE: index of the level in rep_q */
    double scale;           /* factor on the member; 0 = 1 */
    metric_per per;         /* counted per */
    metric_better better;   /* which way is better */
    bool in_models;         /* column of models.csv and sweep.csv */
    bool in_sev;            /* column of severities.csv */
    bool in_reps;           /* column of replications.csv */
    metric_only only;       /* shown only where the scenario uses it */
    const char *axis;       /* chart y-axis label; NULL = name */
    const char *title;      /* chart heading; NULL = name */
    const char *doc;        /* meaning, Markdown */
};

/* A member's offset, plus one so that 0 can mean "none" (n is at 0). */
#define F(member) (1 + offsetof(rep_stats, member))
#define ROW_M(n, l, u, ...) {.name = n, .label = l, .unit = u, .in_models = 1, __VA_ARGS__},
#define ROW_R(n, l, u, ...) {.name = n, .label = l, .unit = u, __VA_ARGS__},
#ifndef METRIC_EXTRA_ROWS
#define METRIC_EXTRA_ROWS(M, R)
#endif

static const metric rows[] = {
    METRIC_TABLE(ROW_M, ROW_R)
    METRIC_EXTRA_ROWS(ROW_M, ROW_R)
};
#define NROWS (sizeof rows / sizeof rows[0])

/* Levels of rep_stats.ttr_q, and of the K_QUANTILE rows' .qi. */
static const double rep_q[METRIC_REP_Q] = {0.50, 0.90, 0.99};

size_t metric_count(void)
{
    return NROWS;
}

const metric *metric_at(size_t i)
{
    return i < NROWS ? &rows[i] : NULL;
}

const metric *metric_find(const char *name)
{
    for (size_t i = 0; i < NROWS; i++)
        if (!strcmp(rows[i].name, name))
            return &rows[i];
    return NULL;
}

int metric_lookup(const char *name, const char *opt, const metric **out, os_error *e)
{
    const metric *m = metric_find(name);
    if (m && m->in_models) {
        *out = m;
        return 0;
    }
    const char *names[NROWS];
    size_t n = 0;
    for (size_t i = 0; i < NROWS; i++)
        if (rows[i].in_models)
            names[n++] = rows[i].name;
    const char *hint = suggest_closest(name, names, n);
    return err_set(e, OS_ERR_INPUT, opt, 0, name,
                   "unknown metric%s%s%s; metrics are the numeric columns of models.csv "
                   "(`ownsim breakeven --help` lists them)",
                   hint ? " (did you mean " : "", hint ? hint : "", hint ? "?)" : "");
}

const metric *metric_stage(inc_stage st)
{
    for (size_t i = 0; i < NROWS; i++)
        if (rows[i].kind == K_MEAN && rows[i].field == F(stage) + (size_t)st * sizeof(double))
            return &rows[i];
    return NULL;
}

const char *metric_name(const metric *m) { return m->name; }
const char *metric_label(const metric *m) { return m->label; }
const char *metric_unit(const metric *m) { return m->unit; }
const char *metric_axis(const metric *m) { return m->axis ? m->axis : m->name; }
const char *metric_title(const metric *m) { return m->title ? m->title : m->name; }

bool metric_in(const metric *m, metric_file f)
{
    return f == METRIC_MODELS ? m->in_models : f == METRIC_SEVERITIES ? m->in_sev : m->in_reps;
}

bool metric_shown(const metric *m, const scenario *s)
{
    if (m->only == O_ALWAYS)
        return true;
    if (m->only == O_VENDOR)
        return scn_has_vendors(s);
    if (m->only == O_MAJOR || m->only == O_TICKETS)
        return s && (scn_has_major(s) || (m->only == O_TICKETS && scn_has_intake(s)));
    for (int p = 0; s && p < s->nparty; p++)
        if (m->only == O_PREEMPT ? s->party[p].preempt != 0 : scn_next_group(&s->party[p]) >= 0)
            return true;
    return false;
}

bool metric_integer(const metric *m)
{
    return m->kind == K_SUM || m->kind == K_REPS || m->kind == K_EVENTS;
}

bool metric_per_rep(const metric *m)
{
    return m->kind != K_LO && m->kind != K_HI;
}

bool metric_pairable(const metric *m)
{
    return metric_per_rep(m) && m->kind != K_SUM && m->kind != K_REPS && m->kind != K_EVENTS;
}

bool metric_needs_rep_quantiles(const metric *m)
{
    return m->kind == K_QUANTILE;
}

double metric_rep_q(int i)
{
    return i >= 0 && i < METRIC_REP_Q ? rep_q[i] : NAN;
}

static double scale_of(const metric *m)
{
    return m->scale != 0 ? m->scale : 1;
}

/* The unscaled member of replication k: the severity's element when
 * s->sev >= 0.  NaN when the row has no such member. */
static double member(const metric *m, const metric_src *s, int k)
{
    size_t off = s->sev >= 0 ? m->sev : m->field;
    if (!off)
        return NAN;
    off -= 1;
    if (s->sev >= 0)
        off += (size_t)s->sev * sizeof(double);
    double v;
    memcpy(&v, (const char *)&s->rs[k] + off, sizeof v);
    return v;
}

/* The model's yearly staff cost: Σ staff × cost per staff-year, in party order. */
static double staff_cost(const metric_src *s)
{
    double staff = 0;
    for (int p = 0; p < s->s->nparty; p++)
        staff += s->s->model[s->model].staff[p] * s->s->party[p].cost_per_staff_year;
    return staff;
}

static double fee(const metric_src *s)
{
    return s->s->model[s->model].fee_per_year;
}

double metric_rep(const metric *m, const metric_src *s, int k)
{
    switch (m->kind) {
    case K_MEAN:
        return scale_of(m) * member(m, s, k);
    case K_SUM:
        return member(m, s, k);
    case K_QUANTILE:
        return s->sev >= 0 ? s->rs[k].sev_ttr_q[s->sev][m->qi] : s->rs[k].ttr_q[m->qi];
    case K_REPS:
        return 1;
    case K_STAFF:
        return staff_cost(s);
    case K_FEE:
        return fee(s);
    case K_TOTAL:
        return scale_of(m) * member(m, s, k) + staff_cost(s) + fee(s);
    case K_EVENTS:
        return (double)s->rs[k].events;
    case K_LO:
    case K_HI:
        break;
    }
    return NAN;
}

/* The values of the replications, NaNs left out, into x: the members
 * (unscaled) when members, else the per-replication values. */
static size_t gather(const metric *m, const metric_src *s, bool members, double *x)
{
    size_t n = 0;
    for (int k = 0; k < s->reps; k++) {
        double v = members ? member(m, s, k) : metric_rep(m, s, k);
        if (!isnan(v))
            x[n++] = v;
    }
    return n;
}

/* The interval of n values at METRIC_LEVEL; its bounds undefined below
 * METRIC_MIN_REPS values (metric.h says why). */
static ci interval(const double *x, size_t n)
{
    if (n == 0)
        return (ci){NAN, NAN, NAN, NAN};
    ci c = ci_mean(x, n, METRIC_LEVEL);
    if (n < METRIC_MIN_REPS)
        c.lo = c.hi = NAN;
    return c;
}

/* Mean and interval of those values. */
static ci values_ci(const metric *m, const metric_src *s, bool members, double *x)
{
    return interval(x, gather(m, s, members, x));
}

static ci scaled(ci c, double f)
{
    return (ci){f * c.mean, f * c.lo, f * c.hi, f * c.sd};
}

ci metric_ci(const metric *m, const metric_src *s, double *x)
{
    if (!metric_per_rep(m))
        return (ci){NAN, NAN, NAN, NAN};
    if (m->kind == K_MEAN)
        return scaled(values_ci(m, s, true, x), scale_of(m));
    return values_ci(m, s, false, x);
}

double metric_value(const metric *m, const metric_src *s, double *x)
{
    switch (m->kind) {
    case K_MEAN:
        return scale_of(m) * values_ci(m, s, true, x).mean;
    case K_LO:
        return scale_of(m) * values_ci(m, s, true, x).lo;
    case K_HI:
        return scale_of(m) * values_ci(m, s, true, x).hi;
    case K_QUANTILE:
        return hist_quantile(s->ttr, rep_q[m->qi]);
    case K_SUM: {
        double n = 0;
        for (int k = 0; k < s->reps; k++)
            n += member(m, s, k);
        return n;
    }
    case K_REPS:
        return s->reps;
    case K_STAFF:
        return staff_cost(s);
    case K_FEE:
        return fee(s);
    case K_TOTAL:
        return scale_of(m) * values_ci(m, s, true, x).mean + staff_cost(s) + fee(s);
    case K_EVENTS: {
        double n = 0;
        for (int k = 0; k < s->reps; k++)
            n += (double)s->rs[k].events;
        return n;
    }
    }
    return NAN;
}

/* The replications where both a and b are defined, their values into
 * va, vb (unscaled members when members, else per-replication values).
 * Returns how many. */
static size_t pair_up(const metric *m, const metric_src *a, const metric_src *b,
                      bool members, double *va, double *vb)
{
    int reps = a->reps < b->reps ? a->reps : b->reps;
    size_t n = 0;
    for (int k = 0; k < reps; k++) {
        double u = members ? member(m, a, k) : metric_rep(m, a, k);
        double v = members ? member(m, b, k) : metric_rep(m, b, k);
        if (!isnan(u) && !isnan(v)) {
            va[n] = u;
            vb[n] = v;
            n++;
        }
    }
    return n;
}

/* The differences va - vb into tmp, and their interval. */
static ci diff_interval(const double *va, const double *vb, size_t n, double *tmp)
{
    for (size_t i = 0; i < n; i++)
        tmp[i] = va[i] - vb[i];
    return interval(tmp, n);
}

metric_pair metric_pair_of(const metric *m, const metric_src *a, const metric_src *b,
                           double *x)
{
    metric_pair p = {{NAN, NAN, NAN, NAN}, NAN, 0};
    if (!metric_per_rep(m))
        return p;
    int reps = a->reps < b->reps ? a->reps : b->reps;
    double *va = x, *vb = x + reps, *tmp = x + 2 * reps;
    /* a mean pairs the unscaled members and scales the interval (as
     * paired.csv always did); anything else pairs whole values */
    bool members = m->kind == K_MEAN;
    size_t n = pair_up(m, a, b, members, va, vb);
    if (n == 0)
        return p;
    double f = members ? scale_of(m) : 1;
    p.n = (int)n;
    p.base = f * interval(vb, n).mean;
    p.d = scaled(diff_interval(va, vb, n, tmp), f);
    return p;
}

ci metric_paired(const metric *m, const metric_src *a, const metric_src *b, double *x)
{
    return metric_pair_of(m, a, b, x).d;
}

ci metric_diff(const metric *m, const metric_src *a, const metric_src *b, double *x)
{
    if (!metric_per_rep(m)) {
        /* a bound of an interval over the replications: no value per
         * replication, so no interval of the difference either */
        double d = metric_value(m, a, x) - metric_value(m, b, x);
        return (ci){d, NAN, NAN, NAN};
    }
    int reps = a->reps < b->reps ? a->reps : b->reps;
    size_t n = pair_up(m, a, b, false, x, x + reps);
    return diff_interval(x, x + reps, n, x + 2 * reps);
}

/* ---- the reference (docs/output.md) ---------------------------------- */

static const char *per_text(metric_per p)
{
    static const char *const t[] = {"incident", "share of incidents", "week", "year",
                                    "count", "replication", "ticket"};
    return t[p];
}

static const char *better_text(metric_better b)
{
    static const char *const t[] = {"lower", "higher", "—"};
    return t[b];
}

/* One replication's value: what breakeven pairs. */
static void rep_text(const metric *m, FILE *f)
{
    switch (m->kind) {
    case K_MEAN:
        if (m->per == P_SHARE)
            fputs("its share of counted incidents", f);
        else if (m->per == P_INCIDENT)
            fputs("its mean over its counted incidents", f);
        else if (m->per == P_TICKET)
            fputs("its mean over the tickets of its counted incidents, duplicates "
                  "included", f);
        else
            fputs("its value per week of outages", f);
        break;
    case K_TOTAL:
        fputs("its per-year downtime cost + staff cost + fee", f);
        return;
    case K_QUANTILE:
        fprintf(f, "the %g quantile of its own TTR histogram", rep_q[m->qi]);
        return;
    case K_SUM:
        fputs(m->only == O_MAJOR ? "the tickets of its counted incidents"
                                 : "its counted incidents", f);
        return;
    case K_REPS:
        fputs("1", f);
        return;
    case K_STAFF:
    case K_FEE:
        fputs("the scenario's value (the same in every replication)", f);
        return;
    case K_EVENTS:
        fputs("its engine events", f);
        return;
    case K_LO:
    case K_HI:
        fputs("none: breakeven compares the two models' values over the point, "
              "with no interval", f);
        return;
    }
    if (m->scale == METRIC_WEEKS_PER_YEAR)
        fputs(", × 365.25/7", f);
    else if (m->scale != 0 && m->scale != 1)
        fprintf(f, ", × %g", m->scale);
}

/* The value over the point: the models.csv cell. */
static void point_text(const metric *m, FILE *f)
{
    switch (m->kind) {
    case K_MEAN:
        fputs("mean over the replications", f);
        break;
    case K_LO:
    case K_HI:
        fprintf(f, "%s bound of the 95%% Student t interval of the replications' values",
                m->kind == K_LO ? "lower" : "upper");
        break;
    case K_QUANTILE:
        fprintf(f, "the %g quantile of the TTR histogram of every replication pooled",
                rep_q[m->qi]);
        break;
    case K_SUM:
    case K_EVENTS:
        fputs("sum over the replications", f);
        break;
    case K_REPS:
        fputs("the number of replications", f);
        break;
    case K_STAFF:
    case K_FEE:
        fputs("the scenario's value", f);
        break;
    case K_TOTAL:
        fputs("mean over the replications of the per-year downtime cost, plus staff "
              "cost and fee", f);
        break;
    }
    /* the scale applies to the mean, not to each replication's value */
    if (m->scale != 0 && m->kind != K_TOTAL) {
        if (m->scale == METRIC_WEEKS_PER_YEAR)
            fputs(", then × 365.25/7", f);
        else if (m->scale != 1)
            fprintf(f, ", then × %g", m->scale);
    }
}

void metric_write_reference(FILE *f)
{
    fputs("| column | meaning | unit | per | better | also in |\n"
          "|---|---|---|---|---|---|\n", f);
    for (size_t i = 0; i < NROWS; i++) {
        const metric *m = &rows[i];
        if (!m->in_models)
            continue;
        fprintf(f, "| `%s` | %s | %s | %s | %s | %s%s%s |\n", m->name, m->doc, m->unit,
                per_text(m->per), better_text(m->better), m->in_sev ? "severities" : "",
                m->in_sev && m->in_reps ? ", " : "", m->in_reps ? "replications" : "");
    }
    fputs("\nHow each is computed: its value in one replication (the cell of "
          "`replications.csv`, and what `breakeven` pairs, replication by replication) "
          "and its value for a model over the whole point (the cell of `models.csv` "
          "and `sweep.csv`; of `severities.csv` with only that severity's incidents "
          "counted). A replication where the value is undefined (no incident "
          "counted, or a span of no time) is left out of the mean and the interval; "
          "each other replication weighs the same.\n\n"
          "| column | one replication | the point |\n|---|---|---|\n", f);
    for (size_t i = 0; i < NROWS; i++) {
        const metric *m = &rows[i];
        if (!m->in_models)
            continue;
        fprintf(f, "| `%s` | ", m->name);
        rep_text(m, f);
        fputs(" | ", f);
        point_text(m, f);
        fputs(" |\n", f);
    }
    bool first = true;
    for (size_t i = 0; i < NROWS; i++)
        if (!rows[i].in_models) {
            fprintf(f, "%s`%s` (%s)", first ? "\nOnly in `replications.csv`: " : ", ",
                    rows[i].name, rows[i].doc);
            first = false;
        }
    if (!first)
        fputs(".\n", f);
}

int metric_direction(const metric *m)
{
    return m->better == B_LOWER ? -1 : m->better == B_HIGHER ? 1 : 0;
}
