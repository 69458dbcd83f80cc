/*
 * report.c — the result CSVs (see report.h).  Every file goes through
 * csvfile.h, so it is RFC 4180 via libcsv and appears only when complete.
 * Summary numbers are written with 6 significant digits, trace numbers with
 * 10: enough for minutes, short enough to read.
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

/* Values of one field over the replications of a model, NaNs left out. */
static size_t gather(const point_result *r, int m, size_t off, double *x)
{
    size_t n = 0;
    for (int k = 0; k < r->reps; k++) {
        double v = *(const double *)((const char *)point_rep(r, m, k) + off);
        if (!isnan(v))
            x[n++] = v;
    }
    return n;
}

ci report_over_reps(const point_result *r, int m, size_t off, double *x)
{
    size_t n = gather(r, m, off, x);
    if (n == 0)
        return (ci){NAN, NAN, NAN, NAN};
    return ci_mean(x, n, REPORT_LEVEL);
}

/* ttr_mean, _lo, _hi, then p50, p90, p99 of the histogram. */
static void ttr_fields(csvw *w, ci t, const hist *h)
{
    csvw_num(w, t.mean, DIG);
    csvw_num(w, t.lo, DIG);
    csvw_num(w, t.hi, DIG);
    csvw_num(w, hist_quantile(h, 0.50), DIG);
    csvw_num(w, hist_quantile(h, 0.90), DIG);
    csvw_num(w, hist_quantile(h, 0.99), DIG);
}

static double mean_of(const point_result *r, int m, size_t off, double *x)
{
    return report_over_reps(r, m, off, x).mean;
}

static double total_n(const point_result *r, int m)
{
    double n = 0;
    for (int k = 0; k < r->reps; k++)
        n += point_rep(r, m, k)->n;
    return n;
}

#define F(field) offsetof(rep_stats, field)
#define FSTAGE(st) (offsetof(rep_stats, stage) + (size_t)(st) * sizeof(double))
#define FSEV(field, v) (offsetof(rep_stats, field) + (size_t)(v) * sizeof(double))

/* Open dir/file and write its header: head, one column per stage named by
 * stage_fmt (none when NULL), then tail.  NULL with e set on failure. */
static csvw *open_table(const char *dir, const char *file, const char *const *head,
                        size_t nhead, const char *stage_fmt, const char *const *tail,
                        size_t ntail, os_error *e)
{
    char path[1200], col[64];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    csvw *w = csvw_open(path, e);
    if (!w)
        return NULL;
    for (size_t i = 0; i < nhead; i++)
        csvw_str(w, head[i]);
    for (int st = 0; stage_fmt && st < ST_COUNT; st++) {
        snprintf(col, sizeof col, stage_fmt, inc_stage_names[st]);
        csvw_str(w, col);
    }
    for (size_t i = 0; i < ntail; i++)
        csvw_str(w, tail[i]);
    csvw_end(w);
    return w;
}

#define N(a) (sizeof(a) / sizeof *(a))

static const char *const model_head[] = {"model", "reps", "incidents", "ttr_mean",
    "ttr_mean_lo", "ttr_mean_hi", "ttr_p50", "ttr_p90", "ttr_p99"};
static const char *const model_tail[] = {"handoffs_mean", "bounced_pct", "orphaned_pct",
    "escalated_pct", "wasted_effort_mean", "sla_response_breach_pct",
    "sla_resolve_breach_pct", "sla_breach_pct", "downtime_cost", "downtime_cost_per_week",
    "downtime_cost_per_year", "staff_cost_per_year", "fee_per_year", "total_cost_per_year"};

void report_model_header(csvw *w)
{
    char col[64];
    for (size_t i = 0; i < N(model_head); i++)
        csvw_str(w, model_head[i]);
    for (int st = 0; st < ST_COUNT; st++) {
        snprintf(col, sizeof col, "%s_mean", inc_stage_names[st]);
        csvw_str(w, col);
    }
    for (size_t i = 0; i < N(model_tail); i++)
        csvw_str(w, model_tail[i]);
}

static void model_fields(csvw *w, const scenario *s, const point_result *r, int m,
                         double *x)
{
    const hist *h = point_hist(r, m, -1);
    ci t = report_over_reps(r, m, F(ttr), x);
    csvw_str(w, s->model[m].name);
    csvw_int(w, r->reps);
    csvw_int(w, (long long)total_n(r, m));
    ttr_fields(w, t, h);
    for (int st = 0; st < ST_COUNT; st++)
        csvw_num(w, mean_of(r, m, FSTAGE(st), x), DIG);
    csvw_num(w, mean_of(r, m, F(handoffs), x), DIG);
    csvw_num(w, 100 * mean_of(r, m, F(bounced), x), DIG);
    csvw_num(w, 100 * mean_of(r, m, F(orphaned), x), DIG);
    csvw_num(w, 100 * mean_of(r, m, F(escalated), x), DIG);
    csvw_num(w, mean_of(r, m, F(wasted), x), DIG);
    csvw_num(w, 100 * mean_of(r, m, F(sla_response), x), DIG);
    csvw_num(w, 100 * mean_of(r, m, F(sla_resolve), x), DIG);
    csvw_num(w, 100 * mean_of(r, m, F(sla_any), x), DIG);
    csvw_num(w, mean_of(r, m, F(cost), x), DIG);
    double per_week = mean_of(r, m, F(cost_per_week), x);
    csvw_num(w, per_week, DIG);
    double staff = 0;
    for (int p = 0; p < s->nparty; p++)
        staff += s->model[m].staff[p] * s->party[p].cost_per_staff_year;
    double downtime = per_week * REPORT_WEEKS_PER_YEAR;
    csvw_num(w, downtime, DIG);
    csvw_num(w, staff, DIG);
    csvw_num(w, s->model[m].fee_per_year, DIG);
    csvw_num(w, downtime + staff + s->model[m].fee_per_year, DIG);
}


int report_model_fields(csvw *w, const scenario *s, const point_result *r, int m,
                        os_error *e)
{
    double *x = malloc(3 * (size_t)r->reps * sizeof *x);
    if (!x)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    model_fields(w, s, r, m, x);
    free(x);
    return 0;
}

void report_paired_header(csvw *w)
{
    csvw_str(w, "baseline");
    csvw_str(w, "ttr_mean_diff");
    csvw_str(w, "ttr_mean_diff_lo");
    csvw_str(w, "ttr_mean_diff_hi");
}

int report_paired_fields(csvw *w, const scenario *s, const point_result *r, int m,
                         os_error *e)
{
    csvw_str(w, s->model[s->baseline].name);
    if (m == s->baseline) {
        for (int i = 0; i < 3; i++)
            csvw_str(w, "");
        return 0;
    }
    double *x = malloc(3 * (size_t)r->reps * sizeof *x);
    if (!x)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    ci d = report_paired(r, m, s->baseline, F(ttr), x);
    csvw_num(w, d.mean, DIG);
    csvw_num(w, d.lo, DIG);
    csvw_num(w, d.hi, DIG);
    free(x);
    return 0;
}

static int write_models(const scenario *s, const point_result *r, const char *dir,
                        double *x, os_error *e)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/models.csv", dir);
    csvw *w = csvw_open(path, e);
    if (!w)
        return -1;
    report_model_header(w);
    csvw_end(w);
    for (int m = 0; m < s->nmodel; m++) {
        model_fields(w, s, r, m, x);
        csvw_end(w);
    }
    return csvw_commit(w, e);
}

static int write_severities(const scenario *s, const point_result *r,
                            const char *dir, double *x, os_error *e)
{
    static const char *const head[] = {"model", "severity", "incidents", "ttr_mean",
        "ttr_mean_lo", "ttr_mean_hi", "ttr_p50", "ttr_p90", "ttr_p99", "sla_breach_pct",
        "downtime_cost"};
    csvw *w = open_table(dir, "severities.csv", head, N(head), NULL, NULL, 0, e);
    if (!w)
        return -1;
    for (int m = 0; m < s->nmodel; m++)
        for (int v = 0; v < s->nsev; v++) {
            const hist *h = point_hist(r, m, v);
            double n = 0;
            for (int k = 0; k < r->reps; k++)
                n += point_rep(r, m, k)->sev_n[v];
            ci t = report_over_reps(r, m, FSEV(sev_ttr, v), x);
            csvw_str(w, s->model[m].name);
            csvw_str(w, s->sev[v].name);
            csvw_int(w, (long long)n);
            ttr_fields(w, t, h);
            csvw_num(w, 100 * mean_of(r, m, FSEV(sev_sla, v), x), DIG);
            csvw_num(w, mean_of(r, m, FSEV(sev_cost, v), x), DIG);
            csvw_end(w);
        }
    return csvw_commit(w, e);
}

/* Paired CI of field (model m minus baseline b) over replications where
 * both are defined. */
ci report_paired(const point_result *r, int m, int b, size_t off, double *x)
{
    double *a = x, *c = x + r->reps, *tmp = x + 2 * r->reps;
    size_t n = 0;
    for (int k = 0; k < r->reps; k++) {
        double va = *(const double *)((const char *)point_rep(r, m, k) + off);
        double vb = *(const double *)((const char *)point_rep(r, b, k) + off);
        if (!isnan(va) && !isnan(vb)) {
            a[n] = va;
            c[n] = vb;
            n++;
        }
    }
    if (n == 0)
        return (ci){NAN, NAN, NAN, NAN};
    return ci_paired(a, c, n, REPORT_LEVEL, tmp);
}

static int write_paired(const scenario *s, const point_result *r, const char *dir,
                        double *x, os_error *e)
{
    static const char *const head[] = {"model", "baseline", "ttr_mean_diff",
        "ttr_mean_diff_lo", "ttr_mean_diff_hi", "ttr_mean_ratio", "sla_breach_pct_diff",
        "sla_breach_pct_diff_lo", "sla_breach_pct_diff_hi", "downtime_cost_diff",
        "downtime_cost_diff_lo", "downtime_cost_diff_hi"};
    csvw *w = open_table(dir, "paired.csv", head, N(head), NULL, NULL, 0, e);
    if (!w)
        return -1;
    int b = s->baseline;
    for (int m = 0; m < s->nmodel; m++) {
        if (m == b)
            continue;
        ci d = report_paired(r, m, b, F(ttr), x);
        ci sla = report_paired(r, m, b, F(sla_any), x);
        ci cost = report_paired(r, m, b, F(cost), x);
        double base = mean_of(r, b, F(ttr), x);
        csvw_str(w, s->model[m].name);
        csvw_str(w, s->model[b].name);
        csvw_num(w, d.mean, DIG);
        csvw_num(w, d.lo, DIG);
        csvw_num(w, d.hi, DIG);
        csvw_num(w, base > 0 ? mean_of(r, m, F(ttr), x) / base : NAN, DIG);
        csvw_num(w, 100 * sla.mean, DIG);
        csvw_num(w, 100 * sla.lo, DIG);
        csvw_num(w, 100 * sla.hi, DIG);
        csvw_num(w, cost.mean, DIG);
        csvw_num(w, cost.lo, DIG);
        csvw_num(w, cost.hi, DIG);
        csvw_end(w);
    }
    return csvw_commit(w, e);
}

static int write_reps(const scenario *s, const point_result *r, const char *dir,
                      os_error *e)
{
    static const char *const head[] = {"model", "rep", "incidents", "ttr_mean"};
    static const char *const tail[] = {"handoffs_mean", "bounced_pct", "orphaned_pct",
        "escalated_pct", "wasted_effort_mean", "sla_breach_pct", "downtime_cost", "events"};
    csvw *w = open_table(dir, "replications.csv", head, N(head), "%s_mean", tail, N(tail), e);
    if (!w)
        return -1;
    for (int m = 0; m < s->nmodel; m++)
        for (int k = 0; k < r->reps; k++) {
            const rep_stats *rs = point_rep(r, m, k);
            csvw_str(w, s->model[m].name);
            csvw_int(w, k);
            csvw_int(w, (long long)rs->n);
            csvw_num(w, rs->ttr, DIG);
            for (int st = 0; st < ST_COUNT; st++)
                csvw_num(w, rs->stage[st], DIG);
            csvw_num(w, rs->handoffs, DIG);
            csvw_num(w, 100 * rs->bounced, DIG);
            csvw_num(w, 100 * rs->orphaned, DIG);
            csvw_num(w, 100 * rs->escalated, DIG);
            csvw_num(w, rs->wasted, DIG);
            csvw_num(w, 100 * rs->sla_any, DIG);
            csvw_num(w, rs->cost, DIG);
            csvw_int(w, (long long)rs->events);
            csvw_end(w);
        }
    return csvw_commit(w, e);
}

/* Fixed log-spaced bins, 10 per decade from 0.1 minute to 10^6 minutes, so
 * every run's file has the same bins and charts need no trace. */
static int write_hist(const scenario *s, const point_result *r, const char *dir,
                      os_error *e)
{
    static const char *const head[] = {"model", "bin_lo", "bin_hi", "count", "cdf"};
    csvw *w = open_table(dir, "ttr_hist.csv", head, N(head), NULL, NULL, 0, e);
    if (!w)
        return -1;
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

int report_scenario(const scenario *s, const char *path, os_error *e)
{
    csvw *w = csvw_open(path, e);
    if (!w)
        return -1;
    scn_write(s, csvw_stream(w));
    return csvw_commit(w, e);
}

int report_write(const scenario *s, const point_result *r, const char *dir,
                 os_error *e)
{
    double *x = malloc(3 * (size_t)r->reps * sizeof *x);
    if (!x)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    char path[1200];
    snprintf(path, sizeof path, "%s/scenario.ini", dir);
    int rc = report_scenario(s, path, e);
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
