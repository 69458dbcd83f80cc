/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_metric.c — the metric table: its invariants, known answers for each
 * way a value is computed, and the runner's per-replication quantiles.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "ownsim/metric.h"
#include "ownsim/point.h"

/* The columns of models.csv before the table, in order: the table must
 * keep them (names and order are a file format). */
static const char *const models_csv[] = {
    "reps", "incidents", "ttr_mean", "ttr_mean_lo", "ttr_mean_hi", "ttr_p50", "ttr_p90",
    "ttr_p99", "detect_mean", "intake_mean", "ownership_mean", "handoff_mean",
    "after_hours_mean", "queue_mean", "work_mean", "handoffs_mean", "bounced_pct",
    "orphaned_pct", "escalated_pct", "wasted_effort_mean", "sla_response_breach_pct",
    "sla_resolve_breach_pct", "sla_breach_pct", "downtime_cost", "downtime_cost_per_week",
    "downtime_cost_per_year", "staff_cost_per_year", "fee_per_year", "total_cost_per_year",
};
static const char *const severities_csv[] = {
    "incidents", "ttr_mean", "ttr_mean_lo", "ttr_mean_hi", "ttr_p50", "ttr_p90", "ttr_p99",
    "sla_response_breach_pct", "sla_resolve_breach_pct", "sla_breach_pct", "downtime_cost",
    "downtime_cost_per_week", "downtime_cost_per_year",
};
static const char *const replications_csv[] = {
    "incidents", "ttr_mean", "ttr_p50", "ttr_p90", "ttr_p99", "detect_mean", "intake_mean",
    "ownership_mean", "handoff_mean", "after_hours_mean", "queue_mean", "work_mean",
    "handoffs_mean", "bounced_pct", "orphaned_pct", "escalated_pct", "wasted_effort_mean",
    "sla_response_breach_pct", "sla_resolve_breach_pct", "sla_breach_pct", "downtime_cost",
    "downtime_cost_per_week", "downtime_cost_per_year", "staff_cost_per_year",
    "fee_per_year", "total_cost_per_year", "events",
};

/* The columns of file f for scenario s (metric_shown; NULL: every
 * scenario's) are want[0 .. n), in order. */
static void columns_are(metric_file f, const scenario *s, const char *const *want, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < metric_count(); i++) {
        const metric *m = metric_at(i);
        if (!metric_in(m, f) || !metric_shown(m, s))
            continue;
        cr_assert_lt(k, n, "extra column %s", metric_name(m));
        cr_assert_str_eq(metric_name(m), want[k], "column %zu", k);
        k++;
    }
    cr_assert_eq(k, n, "missing columns from %s on", want[k < n ? k : 0]);
}

Test(metric, columns_of_every_file_in_order)
{
    /* a scenario without preemption: the files as they were */
    scenario *plain = calloc(1, sizeof *plain);
    cr_assert_not_null(plain);
    plain->nparty = 1;
    const scenario *every[] = {NULL, plain};
    for (int i = 0; i < 2; i++) {
        columns_are(METRIC_MODELS, every[i], models_csv, sizeof models_csv / sizeof *models_csv);
        columns_are(METRIC_SEVERITIES, every[i], severities_csv,
                    sizeof severities_csv / sizeof *severities_csv);
        columns_are(METRIC_REPLICATIONS, every[i], replications_csv,
                    sizeof replications_csv / sizeof *replications_csv);
    }
    free(plain);
}

/* Where some party preempts, preemptions_mean follows wasted_effort_mean in
 * models.csv and replications.csv. */
Test(metric, preemptions_mean_only_where_a_party_preempts)
{
    scenario *s = calloc(1, sizeof *s);
    cr_assert_not_null(s);
    s->nparty = 2;
    s->party[1].preempt = 1u;
    const metric *m = metric_find("preemptions_mean");
    cr_assert_not_null(m);
    cr_assert(metric_shown(m, s));
    cr_assert(!metric_shown(m, NULL));
    cr_assert(metric_in(m, METRIC_MODELS) && metric_in(m, METRIC_REPLICATIONS));
    cr_assert(!metric_in(m, METRIC_SEVERITIES));
    cr_assert(metric_pairable(m));
    size_t nm = sizeof models_csv / sizeof *models_csv;
    const char *want[sizeof models_csv / sizeof *models_csv + 1];
    size_t k = 0;
    for (size_t i = 0; i < nm; i++) {
        want[k++] = models_csv[i];
        if (!strcmp(models_csv[i], "wasted_effort_mean"))
            want[k++] = "preemptions_mean";
    }
    columns_are(METRIC_MODELS, s, want, k);
    s->party[1].preempt = 0;
    cr_assert(!metric_shown(m, s));
    free(s);
}

/* Where some party escalates to a next support group, fcr_pct follows
 * wasted_effort_mean in models.csv and replications.csv. */
Test(metric, fcr_pct_only_where_a_party_has_groups)
{
    scenario *s = calloc(1, sizeof *s);
    cr_assert_not_null(s);
    s->nparty = 2;
    const metric *m = metric_find("fcr_pct");
    cr_assert_not_null(m);
    cr_assert(!metric_shown(m, s), "a zeroed scenario has no groups");
    s->party[0].escalate_to = 2;    /* party 1, stored + 1 */
    cr_assert(metric_shown(m, s));
    cr_assert(!metric_shown(m, NULL));
    cr_assert(!metric_shown(metric_find("preemptions_mean"), s));
    cr_assert(metric_in(m, METRIC_MODELS) && metric_in(m, METRIC_REPLICATIONS));
    cr_assert(!metric_in(m, METRIC_SEVERITIES));
    cr_assert(metric_pairable(m));
    size_t nm = sizeof models_csv / sizeof *models_csv;
    const char *want[sizeof models_csv / sizeof *models_csv + 1];
    size_t k = 0;
    for (size_t i = 0; i < nm; i++) {
        want[k++] = models_csv[i];
        if (!strcmp(models_csv[i], "wasted_effort_mean"))
            want[k++] = "fcr_pct";
    }
    columns_are(METRIC_MODELS, s, want, k);
    free(s);
}

Test(metric, names_unique_and_described)
{
    for (size_t i = 0; i < metric_count(); i++) {
        const metric *m = metric_at(i);
        cr_assert_eq(metric_find(metric_name(m)), m, "%s is not unique", metric_name(m));
        cr_assert(*metric_label(m) && *metric_unit(m) && *metric_axis(m) && *metric_title(m));
    }
    cr_assert_null(metric_at(metric_count()));
    cr_assert_null(metric_find("ttr_man"));
}

Test(metric, stages_found_by_stage)
{
    for (int st = 0; st < ST_COUNT; st++) {
        char want[64];
        snprintf(want, sizeof want, "%s_mean", inc_stage_names[st]);
        cr_assert_not_null(metric_stage((inc_stage)st));
        cr_assert_str_eq(metric_name(metric_stage((inc_stage)st)), want);
    }
}

Test(metric, lookup_takes_models_columns_only)
{
    os_error e;
    const metric *m = NULL;
    for (size_t i = 0; i < sizeof models_csv / sizeof *models_csv; i++) {
        err_clear(&e);
        cr_assert_eq(metric_lookup(models_csv[i], "--metric", &m, &e), 0, "%s", e.msg);
        cr_assert_str_eq(metric_name(m), models_csv[i]);
    }
    err_clear(&e);
    cr_assert_eq(metric_lookup("ttr_man", "--metric", &m, &e), -1);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_str_eq(e.file, "--metric");
    cr_assert(strstr(e.msg, "did you mean ttr_mean?"), "%s", e.msg);
    err_clear(&e);
    /* a replications.csv-only column is not a metric of a model */
    cr_assert_eq(metric_lookup("events", "--metric", &m, &e), -1);
}

/* Two replications of one model with known values. */
static const char *ONE =
    "[simulation]\nreps = 2\nincidents = 10\n[severity.P1]\n[severity.P2]\n[category.a]\n"
    "[party.x]\nstaff = 3\ncost_per_staff_year = 1000\n[party.y]\nstaff = 1\n"
    "cost_per_staff_year = 500\n[model.m]\nowners = a:x\nstaff = x:3, y:1\n"
    "fee_per_year = 250\n";

static metric_src two_reps(const scenario *s, rep_stats *rs)
{
    memset(rs, 0, 2 * sizeof *rs);
    rs[0].n = 10;
    rs[1].n = 30;
    rs[0].ttr = 100;
    rs[1].ttr = 200;
    rs[0].bounced = 0.1;
    rs[1].bounced = 0.3;
    rs[0].cost_per_week = 7;
    rs[1].cost_per_week = NAN;    /* undefined: left out */
    rs[0].sev_n[1] = 4;
    rs[1].sev_n[1] = 5;
    rs[0].sev_ttr[1] = 50;
    rs[1].sev_ttr[1] = 70;
    rs[0].events = 1000;
    rs[1].events = 2000;
    for (int k = 0; k < 2; k++)
        for (int q = 0; q < METRIC_REP_Q; q++) {
            rs[k].ttr_q[q] = 10 * (k + 1) + q;
            rs[k].sev_ttr_q[1][q] = 5 * (k + 1) + q;
        }
    metric_src src = {s, 0, -1, rs, 2, NULL};
    return src;
}

static double value(const char *name, const metric_src *src)
{
    double x[METRIC_SCRATCH(2)];
    const metric *m = metric_find(name);
    cr_assert_not_null(m, "%s", name);
    return metric_value(m, src, x);
}

static double rep(const char *name, const metric_src *src, int k)
{
    return metric_rep(metric_find(name), src, k);
}

Test(metric, known_values)
{
    os_error e;
    scenario *s = fixture_load(ONE, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    rep_stats rs[2];
    metric_src src = two_reps(s, rs);
    double x[METRIC_SCRATCH(2)];

    cr_assert_eq(value("reps", &src), 2);
    cr_assert_eq(rep("reps", &src, 1), 1);
    cr_assert_eq(value("incidents", &src), 40);
    cr_assert_eq(rep("incidents", &src, 1), 30);
    cr_assert(metric_integer(metric_find("incidents")));
    cr_assert(!metric_integer(metric_find("ttr_mean")));
    /* a mean over the replications, each weighing the same */
    cr_assert_eq(value("ttr_mean", &src), 150);
    ci t = metric_ci(metric_find("ttr_mean"), &src, x);
    cr_assert_eq(t.mean, 150);
    /* two replications, fewer than METRIC_MIN_REPS: no interval */
    cr_assert(isnan(value("ttr_mean_lo", &src)) && isnan(value("ttr_mean_hi", &src)));
    cr_assert(isnan(t.lo) && isnan(t.hi));
    /* shares in %: the scale applies to the mean and to each replication */
    cr_assert_float_eq(value("bounced_pct", &src), 20, 1e-12);
    cr_assert_float_eq(rep("bounced_pct", &src, 1), 30, 1e-12);
    /* an undefined replication is left out of the mean */
    cr_assert_eq(value("downtime_cost_per_week", &src), 7);
    cr_assert(isnan(rep("downtime_cost_per_week", &src, 1)));
    cr_assert_float_eq(value("downtime_cost_per_year", &src), 7 * 365.25 / 7, 1e-9);
    /* costs from the scenario: 3 x 1000 + 1 x 500 staff, 250 fee */
    cr_assert_eq(value("staff_cost_per_year", &src), 3500);
    cr_assert_eq(value("fee_per_year", &src), 250);
    cr_assert_eq(rep("staff_cost_per_year", &src, 1), 3500);
    cr_assert_float_eq(value("total_cost_per_year", &src), 365.25 + 3500 + 250, 1e-9);
    cr_assert_float_eq(rep("total_cost_per_year", &src, 0), 365.25 + 3500 + 250, 1e-9);
    cr_assert(isnan(rep("total_cost_per_year", &src, 1)));
    /* the quantiles: each replication's own; the point's from the histogram */
    cr_assert_eq(rep("ttr_p50", &src, 0), 10);
    cr_assert_eq(rep("ttr_p90", &src, 1), 21);
    cr_assert_eq(rep("ttr_p99", &src, 1), 22);
    cr_assert(metric_needs_rep_quantiles(metric_find("ttr_p90")));
    cr_assert(!metric_needs_rep_quantiles(metric_find("ttr_mean")));
    hist *h = hist_create();
    for (int i = 1; i <= 100; i++)
        hist_add(h, i);
    src.ttr = h;
    cr_assert_eq(value("ttr_p90", &src), hist_quantile(h, 0.9));
    cr_assert_eq(metric_rep_q(1), 0.9);
    /* one severity: its own members */
    metric_src sev = src;
    sev.sev = 1;
    cr_assert_eq(value("incidents", &sev), 9);
    cr_assert_eq(value("ttr_mean", &sev), 60);
    cr_assert_eq(rep("ttr_p90", &sev, 0), 6, "the severity's own quantile");
    cr_assert_eq(rep("ttr_p50", &sev, 1), 10);
    for (size_t i = 0; i < metric_count(); i++)
        if (metric_in(metric_at(i), METRIC_SEVERITIES) && metric_per_rep(metric_at(i)))
            cr_assert(!isnan(metric_value(metric_at(i), &sev, x)),
                      "%s has no value for one severity", metric_name(metric_at(i)));
    cr_assert_eq(rep("events", &src, 1), 2000);
    /* bounds of an interval have no per-replication value */
    cr_assert(!metric_per_rep(metric_find("ttr_mean_lo")));
    cr_assert(metric_per_rep(metric_find("ttr_p90")));
    cr_assert(isnan(rep("ttr_mean_hi", &src, 0)));
    hist_destroy(h);
    scn_destroy(s);
}

Test(metric, paired_differences)
{
    os_error e;
    scenario *s = fixture_load(ONE, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    rep_stats ra[2], rb[2];
    metric_src a = two_reps(s, ra), b = two_reps(s, rb);
    rb[0].ttr = 90;     /* differences 10 and 20 */
    rb[1].ttr = 180;
    rb[0].bounced = 0.05;   /* 5 and 5 points */
    rb[1].bounced = 0.25;
    double x[METRIC_SCRATCH(2)];
    ci d = metric_paired(metric_find("ttr_mean"), &a, &b, x);
    cr_assert_eq(d.mean, 15);
    cr_assert(isnan(d.lo) && isnan(d.hi), "2 replications: no interval");
    ci p = metric_paired(metric_find("bounced_pct"), &a, &b, x);
    cr_assert_float_eq(p.mean, 5, 1e-9);
    metric_pair pp = metric_pair_of(metric_find("ttr_mean"), &a, &b, x);
    cr_assert_eq(pp.n, 2);
    cr_assert_eq(pp.base, 135);
    cr_assert_eq(pp.d.mean, 15);
    /* the replication without a weekly cost is left out of the pair */
    ci w = metric_paired(metric_find("total_cost_per_year"), &a, &b, x);
    cr_assert_eq(w.mean, 0);
    cr_assert(isnan(metric_paired(metric_find("ttr_mean_lo"), &a, &b, x).mean));
    /* breakeven's D: per-replication values, scaled before pairing */
    ci bd = metric_diff(metric_find("bounced_pct"), &a, &b, x);
    cr_assert_float_eq(bd.mean, 5, 1e-9);
    cr_assert(isnan(bd.hi));
    ci td = metric_diff(metric_find("ttr_mean"), &a, &b, x);
    cr_assert_eq(td.mean, 15);
    cr_assert(isnan(td.lo));
    /* an interval bound: the point values' difference, no interval (and
     * with 2 replications no bound either) */
    ci lo = metric_diff(metric_find("ttr_mean_lo"), &a, &b, x);
    cr_assert(isnan(lo.mean) && isnan(lo.lo) && isnan(lo.hi));
    /* undefined in every replication */
    ra[0].cost_per_week = NAN;
    cr_assert(isnan(metric_diff(metric_find("downtime_cost_per_week"), &a, &b, x).mean));
    scn_destroy(s);
}

/* Known answers with METRIC_MIN_REPS replications: the Student t interval
 * (t(0.975, 2) = 4.302652729749464) of the values and of the differences. */
Test(metric, intervals_from_three_replications)
{
    os_error e;
    scenario *s = fixture_load(ONE, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    rep_stats ra[3], rb[3];
    memset(ra, 0, sizeof ra);
    memset(rb, 0, sizeof rb);
    for (int k = 0; k < 3; k++) {
        ra[k].n = rb[k].n = 10;
        ra[k].ttr = 100 * (k + 1);      /* 100, 200, 300 */
        rb[k].ttr = 100 * (k + 1) + 10 + 10 * k;    /* differences -10, -20, -30 */
        ra[k].sla_any = 0.1 * k;
        rb[k].sla_any = 0.2;
    }
    metric_src a = {s, 0, -1, ra, 3, NULL}, b = {s, 0, -1, rb, 3, NULL};
    double x[METRIC_SCRATCH(3)];
    const double t = 4.302652729749464, half = t * 100 / sqrt(3);
    ci c = metric_ci(metric_find("ttr_mean"), &a, x);
    cr_assert_float_eq(c.lo, 200 - half, 1e-9);
    cr_assert_float_eq(c.hi, 200 + half, 1e-9);
    cr_assert_float_eq(value("ttr_mean_lo", &a), 200 - half, 1e-9);
    metric_pair p = metric_pair_of(metric_find("ttr_mean"), &a, &b, x);
    cr_assert_eq(p.n, 3);
    cr_assert_float_eq(p.d.mean, -20, 1e-12);
    cr_assert_float_eq(p.d.hi, -20 + t * 10 / sqrt(3), 1e-9);
    cr_assert_float_eq(p.base, 220, 1e-12);
    /* a share: in percentage points, the baseline's mean in % */
    metric_pair q = metric_pair_of(metric_find("sla_breach_pct"), &a, &b, x);
    cr_assert_float_eq(q.d.mean, -10, 1e-9);
    cr_assert_float_eq(q.base, 20, 1e-9);
    cr_assert_float_eq(q.d.lo, -10 - t * 10 / sqrt(3), 1e-9);
    /* counts are not compared */
    cr_assert(!metric_pairable(metric_find("incidents")));
    cr_assert(!metric_pairable(metric_find("reps")));
    cr_assert(!metric_pairable(metric_find("ttr_mean_lo")));
    cr_assert(metric_pairable(metric_find("ttr_p90")));
    cr_assert(metric_pairable(metric_find("fee_per_year")));
    scn_destroy(s);
}

Test(metric, reference_lists_every_models_column)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    metric_write_reference(f);
    fclose(f);
    for (size_t i = 0; i < sizeof models_csv / sizeof *models_csv; i++) {
        char want[80];
        snprintf(want, sizeof want, "| `%s` |", models_csv[i]);
        cr_assert(strstr(buf, want), "no row for %s", models_csv[i]);
    }
    cr_assert(strstr(buf, "`events`"));
    free(buf);
}

/* Per-replication quantiles: asked for, they leave every other number as
 * it was (the task's histogram is merged exactly), and with one
 * replication they are the pooled quantiles. */
static const char *Q =
    "[simulation]\nreps = 3\nincidents = 3000\n[severity.P1]\n[severity.P2]\n"
    "[category.a]\n[party.x]\nstaff = 2\ncoverage = 24x7\n"
    "[model.one]\nowners = a:x\n[model.two]\nowners = a:x\nmisroute_prob = 0.3\n";

Test(metric, rep_quantiles_change_nothing_else)
{
    os_error e;
    scenario *s = fixture_load(Q, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    point_result plain, withq;
    point_opts o = {.jobs = 2}, oq = {.jobs = 2, .rep_quantiles = true};
    cr_assert_eq(point_run(s, &o, &plain, &e), 0, "%s", e.msg);
    cr_assert_eq(point_run(s, &oq, &withq, &e), 0, "%s", e.msg);
    for (int m = 0; m < 2; m++) {
        for (int k = 0; k < 3; k++) {
            rep_stats a = *point_rep(&plain, m, k), b = *point_rep(&withq, m, k);
            for (int q = 0; q < METRIC_REP_Q; q++) {
                cr_assert(isnan(a.ttr_q[q]));
                cr_assert(b.ttr_q[q] > 0, "model %d rep %d q %d: %g", m, k, q, b.ttr_q[q]);
                a.ttr_q[q] = b.ttr_q[q] = 0;
                for (int v = 0; v < 2; v++) {
                    cr_assert(isnan(a.sev_ttr_q[v][q]));
                    cr_assert(b.sev_ttr_q[v][q] > 0, "model %d rep %d sev %d", m, k, v);
                    a.sev_ttr_q[v][q] = b.sev_ttr_q[v][q] = 0;
                }
            }
            cr_assert_eq(memcmp(&a, &b, sizeof a), 0);
            const double *tq = point_rep(&withq, m, k)->ttr_q;
            cr_assert(tq[0] <= tq[1] && tq[1] <= tq[2]);
        }
        for (int v = -1; v < 2; v++) {
            const hist *h1 = point_hist(&plain, m, v), *h2 = point_hist(&withq, m, v);
            cr_assert_eq(hist_count(h1), hist_count(h2));
            for (int i = 0; i <= 100; i++)
                cr_assert_eq(hist_quantile(h1, i / 100.0), hist_quantile(h2, i / 100.0));
        }
    }
    point_free(&plain);
    point_free(&withq);
    scn_destroy(s);

    scn_override one = {"simulation.reps", "1", NULL};
    s = fixture_load(Q, &one, 1, &e);
    cr_assert_not_null(s, "%s", e.msg);
    cr_assert_eq(point_run(s, &oq, &withq, &e), 0, "%s", e.msg);
    for (int m = 0; m < 2; m++)
        for (int q = 0; q < METRIC_REP_Q; q++)
            cr_assert_eq(point_rep(&withq, m, 0)->ttr_q[q],
                         hist_quantile(point_hist(&withq, m, -1), metric_rep_q(q)));
    point_free(&withq);
    scn_destroy(s);
}
