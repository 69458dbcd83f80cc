/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report.c — the result CSVs (see report.h).  Every file goes through
 * csvfile.h, so it is RFC 4180 via libcsv and appears only when complete.
 * Summary numbers are written with 6 significant digits, trace numbers with
 * 10: enough for minutes, short enough to read.
 *
 * paired.csv is tidy (one row per model, severity and metric): every
 * pairable metric of the table (metric_pairable), overall and, for those
 * with a per-severity value, per severity, so a metric added to the table
 * is compared without touching this file.  sweep.csv carries a chosen few
 * of the same differences as columns (report_paired_*), computed by the
 * same metric_paired, so the two agree to the digit.
 */
#include "ownsim/report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ownsim/csvfile.h"
#include "ownsim/summary.h"

#define DIG 6
#define TRACE_DIG 10

/* One value of metric m in a CSV: whole numbers as such, others with
 * DIG significant digits. */
static void put(csvw *w, const metric *m, double v)
{
    if (metric_integer(m))
        csvw_int(w, (long long)v);
    else
        csvw_num(w, v, DIG);
}

/* Is m a column of file f for scenario s (metric_shown; s NULL: the
 * columns of every scenario)? */
static bool column(const metric *m, metric_file f, const scenario *s)
{
    return metric_in(m, f) && metric_shown(m, s);
}

/* The columns of file f for scenario s, in table order. */
static void metric_header(csvw *w, metric_file f, const scenario *s)
{
    for (size_t i = 0; i < metric_count(); i++)
        if (column(metric_at(i), f, s))
            csvw_str(w, metric_name(metric_at(i)));
}

/* The values of file f's columns over the point (models.csv,
 * severities.csv: src->sev says which), for scenario `shown` as
 * metric_header. */
static void metric_fields(csvw *w, metric_file f, const metric_src *src,
                          const scenario *shown, double *x)
{
    for (size_t i = 0; i < metric_count(); i++) {
        const metric *m = metric_at(i);
        if (column(m, f, shown))
            put(w, m, metric_value(m, src, x));
    }
}

/* Open dir/file and write its header: head, then the columns of file f
 * for s.  NULL with e set on failure. */
static csvw *open_table(const char *dir, const char *file, const char *const *head,
                        size_t nhead, metric_file f, const scenario *s, os_error *e)
{
    csvw *w = csvw_open_in(dir, file, e);
    if (!w)
        return NULL;
    for (size_t i = 0; i < nhead; i++)
        csvw_str(w, head[i]);
    metric_header(w, f, s);
    csvw_end(w);
    return w;
}

#define N(a) (sizeof(a) / sizeof *(a))

void report_model_header(csvw *w)
{
    csvw_str(w, "model");
    metric_header(w, METRIC_MODELS, NULL);
}

/* A row of models.csv (shown = s), or of sweep.csv (shown NULL: the
 * columns of every point). */
static void model_fields(csvw *w, const scenario *s, const point_result *r, int m,
                         const scenario *shown, double *x)
{
    metric_src src = point_src(s, r, m, -1);
    csvw_str(w, s->model[m].name);
    metric_fields(w, METRIC_MODELS, &src, shown, x);
}

int report_model_fields(csvw *w, const scenario *s, const point_result *r, int m,
                        os_error *e)
{
    double *x = malloc(METRIC_SCRATCH(r->reps) * sizeof *x);
    if (!x)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    model_fields(w, s, r, m, NULL, x);
    free(x);
    return 0;
}

/* The headline set: what a proposal quotes first.  sev 0 is the first
 * severity, the most severe. */
static const struct {
    const char *name;   /* the metric */
    int sev;            /* -1 every incident, else a severity index */
} headline[] = {{"ttr_mean", -1}, {"ttr_mean", 0}, {"sla_breach_pct", -1},
                {"total_cost_per_year", -1}};

int report_pairs_default(const scenario *s, metric_spec *out)
{
    int n = 0;
    for (size_t i = 0; i < N(headline); i++)
        if (headline[i].sev < s->nsev)
            out[n++] = (metric_spec){metric_find(headline[i].name), headline[i].sev};
    return n;
}

int report_pairs_all(const scenario *s, metric_spec *out)
{
    int n = 0;
    for (int v = -1; v < s->nsev; v++)
        for (size_t i = 0; i < metric_count(); i++) {
            const metric *m = metric_at(i);
            if (metric_pairable(m) && column(m, METRIC_MODELS, s) &&
                (v < 0 || metric_in(m, METRIC_SEVERITIES)) && n < REPORT_MAX_PAIRS)
                out[n++] = (metric_spec){m, v};
        }
    return n;
}

/* The columns sweep.csv gives for one paired difference: the spec as
 * typed (NAME or NAME:SEV), then _diff, _diff_lo, _diff_hi. */
static const char *const pair_suffix[] = {"_diff", "_diff_lo", "_diff_hi"};

void report_paired_header(csvw *w, const scenario *s, const metric_spec *sp, int n)
{
    char name[METRIC_SPEC_NAME], col[METRIC_SPEC_NAME + 16];
    csvw_str(w, "baseline");
    for (int i = 0; i < n; i++) {
        metric_spec_format(&sp[i], s, name, sizeof name);
        for (int k = 0; k < 3; k++) {
            snprintf(col, sizeof col, "%s%s", name, pair_suffix[k]);
            csvw_str(w, col);
        }
    }
}

int report_paired_fields(csvw *w, const scenario *s, const point_result *r, int m,
                         const metric_spec *sp, int n, os_error *e)
{
    csvw_str(w, s->model[s->baseline].name);
    if (m == s->baseline) {
        for (int i = 0; i < 3 * n; i++)
            csvw_str(w, "");
        return 0;
    }
    double *x = malloc(METRIC_SCRATCH(r->reps) * sizeof *x);
    if (!x)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    for (int i = 0; i < n; i++) {
        metric_src a = point_src(s, r, m, sp[i].sev);
        metric_src b = point_src(s, r, s->baseline, sp[i].sev);
        ci d = metric_paired(sp[i].m, &a, &b, x);
        csvw_num(w, d.mean, DIG);
        csvw_num(w, d.lo, DIG);
        csvw_num(w, d.hi, DIG);
    }
    free(x);
    return 0;
}

static int write_models(const scenario *s, const point_result *r, const char *dir,
                        double *x, os_error *e)
{
    static const char *const head[] = {"model"};
    csvw *w = open_table(dir, "models.csv", head, N(head), METRIC_MODELS, s, e);
    if (!w)
        return -1;
    for (int m = 0; m < s->nmodel; m++) {
        model_fields(w, s, r, m, s, x);
        csvw_end(w);
    }
    return csvw_commit(w, e);
}

static int write_severities(const scenario *s, const point_result *r,
                            const char *dir, double *x, os_error *e)
{
    static const char *const head[] = {"model", "severity"};
    csvw *w = open_table(dir, "severities.csv", head, N(head), METRIC_SEVERITIES, s, e);
    if (!w)
        return -1;
    for (int m = 0; m < s->nmodel; m++)
        for (int v = 0; v < s->nsev; v++) {
            metric_src src = point_src(s, r, m, v);
            csvw_str(w, s->model[m].name);
            csvw_str(w, s->sev[v].name);
            metric_fields(w, METRIC_SEVERITIES, &src, s, x);
            csvw_end(w);
        }
    return csvw_commit(w, e);
}

/* One row of paired.csv: metric mt of model m minus the baseline b, over
 * every incident (sev -1, severity "all") or one severity's. */
static void paired_row(csvw *w, const scenario *s, const point_result *r, int m, int b,
                       int sev, const metric *mt, double *x)
{
    metric_src ms = point_src(s, r, m, sev), bs = point_src(s, r, b, sev);
    metric_pair p = metric_pair_of(mt, &ms, &bs, x);
    csvw_str(w, s->model[m].name);
    csvw_str(w, s->model[b].name);
    csvw_str(w, sev < 0 ? "all" : s->sev[sev].name);
    csvw_str(w, metric_name(mt));
    csvw_str(w, metric_unit(mt));
    csvw_num(w, p.base, DIG);
    csvw_num(w, p.d.mean, DIG);
    csvw_num(w, p.d.lo, DIG);
    csvw_num(w, p.d.hi, DIG);
    csvw_num(w, p.base != 0 ? 100 * p.d.mean / fabs(p.base) : NAN, DIG);
    csvw_int(w, p.n);
    csvw_end(w);
}

/* paired.csv, tidy: one row per model (but the baseline) and paired
 * difference of report_pairs_all (severity all, then each; table order). */
static int write_paired(const scenario *s, const point_result *r, const char *dir,
                        double *x, os_error *e)
{
    static const char *const head[] = {"model", "baseline", "severity", "metric", "unit",
                                       "baseline_mean", "diff", "diff_lo", "diff_hi",
                                       "rel_diff_pct", "reps"};
    metric_spec sp[REPORT_MAX_PAIRS];
    int n = report_pairs_all(s, sp);
    csvw *w = csvw_open_in(dir, "paired.csv", e);
    if (!w)
        return -1;
    csvw_row(w, head, N(head));
    for (int m = 0; m < s->nmodel; m++)
        for (int i = 0; m != s->baseline && i < n; i++)
            paired_row(w, s, r, m, s->baseline, sp[i].sev, sp[i].m, x);
    return csvw_commit(w, e);
}

static int write_reps(const scenario *s, const point_result *r, const char *dir,
                      os_error *e)
{
    static const char *const head[] = {"model", "rep"};
    csvw *w = open_table(dir, "replications.csv", head, N(head), METRIC_REPLICATIONS, s,
                         e);
    if (!w)
        return -1;
    for (int m = 0; m < s->nmodel; m++) {
        metric_src src = point_src(s, r, m, -1);
        for (int k = 0; k < r->reps; k++) {
            csvw_str(w, s->model[m].name);
            csvw_int(w, k);
            for (size_t i = 0; i < metric_count(); i++) {
                const metric *mt = metric_at(i);
                if (column(mt, METRIC_REPLICATIONS, s))
                    put(w, mt, metric_rep(mt, &src, k));
            }
            csvw_end(w);
        }
    }
    return csvw_commit(w, e);
}

/* Fixed log-spaced bins, 10 per decade from 0.1 minute to 10^6 minutes, so
 * every run's file has the same bins and charts need no trace. */
static int write_hist(const scenario *s, const point_result *r, const char *dir,
                      os_error *e)
{
    static const char *const head[] = {"model", "bin_lo", "bin_hi", "count", "cdf"};
    csvw *w = csvw_open_in(dir, "ttr_hist.csv", e);
    if (!w)
        return -1;
    for (size_t i = 0; i < N(head); i++)
        csvw_str(w, head[i]);
    csvw_end(w);
    for (int m = 0; m < s->nmodel; m++) {
        const hist *h = point_hist(r, m, -1);
        double n = hist_count(h);
        if (n == 0)
            continue;
        double lo = 0, cdf_lo = 0;
        for (int k = -10; k <= 60; k++) {
            double hi = pow(10.0, k / 10.0);
            double cdf_hi = hist_cdf(h, hi);
            csvw_str(w, s->model[m].name);
            csvw_num(w, lo, DIG);
            csvw_num(w, hi, DIG);
            csvw_num(w, (cdf_hi - cdf_lo) * n, DIG);
            csvw_num(w, cdf_hi, DIG);
            csvw_end(w);
            lo = hi;
            cdf_lo = cdf_hi;
        }
    }
    return csvw_commit(w, e);
}

int report_scenario(const scenario *s, const char *dir, os_error *e)
{
    csvw *w = csvw_open_in(dir, "scenario.ini", e);
    if (!w)
        return -1;
    scn_write(s, csvw_stream(w));
    return csvw_commit(w, e);
}

int report_write(const scenario *s, const point_result *r, const char *dir,
                 os_error *e)
{
    double *x = malloc(METRIC_SCRATCH(r->reps) * sizeof *x);
    if (!x)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    int rc = report_scenario(s, dir, e);
    if (!rc)
        rc = write_models(s, r, dir, x, e);
    if (!rc)
        rc = write_severities(s, r, dir, x, e);
    if (!rc)
        rc = write_paired(s, r, dir, x, e);
    if (!rc)
        rc = write_reps(s, r, dir, e);
    if (!rc)
        rc = write_hist(s, r, dir, e);
    free(x);
    return rc;
}
