/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_precision.c — precision control's pieces (point.h): a result
 * extended replication by replication equals one run with them all
 * (point_extend), the widest half-width (point_halfwidth) and the batch
 * sizes (point_next_reps), with known answers.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "ownsim/metric.h"
#include "ownsim/point.h"

static const char *P =
    "[simulation]\nreps = 2\nincidents = 2000\n[severity.P1]\n[severity.P2]\n"
    "[category.a]\n[party.x]\nstaff = 2\ncoverage = 24x7\n"
    "[model.one]\nowners = a:x\n[model.two]\nowners = a:x\nmisroute_prob = 0.3\n";

static scenario *with_reps(const char *reps, os_error *e)
{
    scn_override ov = {"simulation.reps", reps, NULL};
    return fixture_load(P, &ov, 1, e);
}

/* r and w hold the same replications and histograms, bit for bit. */
static void same_result(const point_result *r, const point_result *w)
{
    cr_assert_eq(r->reps, w->reps);
    cr_assert_eq(r->events, w->events);
    cr_assert_eq(memcmp(r->rs, w->rs, (size_t)r->nmodel * (size_t)r->reps * sizeof *r->rs), 0,
                 "replication summaries differ");
    for (int m = 0; m < r->nmodel; m++)
        for (int v = -1; v < r->nsev; v++) {
            const hist *a = point_hist(r, m, v), *b = point_hist(w, m, v);
            cr_assert_eq(hist_count(a), hist_count(b));
            for (int i = 0; i <= 100; i++)
                cr_assert_eq(hist_quantile(a, i / 100.0), hist_quantile(b, i / 100.0),
                             "model %d sev %d q %d", m, v, i);
        }
}

Test(precision, extended_equals_one_run)
{
    os_error e;
    scenario *s2 = with_reps("2", &e), *s3 = with_reps("3", &e), *s7 = with_reps("7", &e);
    cr_assert(s2 && s3 && s7, "%s", e.msg);
    point_opts o = {.jobs = 3, .rep_quantiles = true}, o1 = {.jobs = 1, .rep_quantiles = true};
    point_result r, whole;
    cr_assert_eq(point_run(s2, &o, &r, &e), 0, "%s", e.msg);
    cr_assert_eq(point_extend(s3, &o, &r, &e), 0, "%s", e.msg);    /* one more */
    cr_assert_eq(point_extend(s7, &o1, &r, &e), 0, "%s", e.msg);   /* four more */
    cr_assert_eq(point_extend(s3, &o, &r, &e), 0, "fewer: nothing to do");
    cr_assert_eq(point_run(s7, &o1, &whole, &e), 0, "%s", e.msg);
    same_result(&r, &whole);
    /* a traced point is not extended, and the result stays as it was */
    point_opts ot = {.jobs = 1, .trace = "/nonexistent/incidents.csv"};
    scenario *s9 = with_reps("9", &e);
    cr_assert_eq(point_extend(s9, &ot, &r, &e), -1);
    same_result(&r, &whole);
    point_free(&r);
    point_free(&whole);
    scn_destroy(s2);
    scn_destroy(s3);
    scn_destroy(s7);
    scn_destroy(s9);
}

Test(precision, halfwidth_is_the_widest_interval)
{
    os_error e;
    scenario *s2 = with_reps("2", &e), *s5 = with_reps("5", &e);
    cr_assert(s2 && s5, "%s", e.msg);
    point_opts o = {.jobs = 2};
    point_result r2, r5;
    cr_assert_eq(point_run(s2, &o, &r2, &e), 0, "%s", e.msg);
    cr_assert_eq(point_run(s5, &o, &r5, &e), 0, "%s", e.msg);
    metric_spec ttr = {metric_find("ttr_mean"), -1}, p1 = {metric_find("ttr_mean"), 0};
    double x[METRIC_SCRATCH(5)];
    cr_assert(isinf(point_halfwidth(s2, &r2, &ttr, x)), "2 replications: no interval");
    double h = point_halfwidth(s5, &r5, &ttr, x);
    /* the widest of both models' intervals and the paired difference's */
    double want = 0;
    for (int m = 0; m < 2; m++) {
        metric_src a = point_src(s5, &r5, m, -1), b = point_src(s5, &r5, s5->baseline, -1);
        ci c = metric_ci(ttr.m, &a, x);
        want = fmax(want, (c.hi - c.lo) / 2);
        if (m != s5->baseline) {
            ci d = metric_paired(ttr.m, &a, &b, x);
            want = fmax(want, (d.hi - d.lo) / 2);
        }
    }
    cr_assert(h > 0 && isfinite(h));
    cr_assert_eq(h, want);
    cr_assert(isfinite(point_halfwidth(s5, &r5, &p1, x)));
    point_free(&r2);
    point_free(&r5);
    scn_destroy(s2);
    scn_destroy(s5);
}

Test(precision, batch_sizes)
{
    /* ceil(1.1 R q^2), at least R + 1, at most 2R, at least 3, at most the cap */
    cr_assert_eq(point_next_reps(10, 1.2, 100), 16);    /* ceil(15.84) */
    cr_assert_eq(point_next_reps(10, 1.01, 100), 12);   /* ceil(11.22) */
    cr_assert_eq(point_next_reps(10, 1.0001, 100), 12); /* ceil(11.0022) */
    cr_assert_eq(point_next_reps(100, 1.0001, 1000), 111); /* ceil(110.022) */
    cr_assert_eq(point_next_reps(3, 2, 100), 6);        /* 14, at most double */
    cr_assert_eq(point_next_reps(5, INFINITY, 100), 10);
    cr_assert_eq(point_next_reps(2, INFINITY, 100), 3); /* the minimum for an interval */
    cr_assert_eq(point_next_reps(1, 5, 100), 3);
    cr_assert_eq(point_next_reps(50, 3, 60), 60);       /* the cap */
}
