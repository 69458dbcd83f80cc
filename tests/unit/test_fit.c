/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_fit.c — `ownsim fit`: parameter recovery from synthetic outages with
 * known parameters, the lognormal MLE and Kolmogorov-Smirnov statistic,
 * warnings, input errors with file:line, the fragment loading as part of a
 * scenario, and ordering by --scenario.
 *
 * Synthetic data come from a fixed-seed GSL mt19937, so every run sees the
 * same numbers; the tolerances are still set at 4 or more standard errors
 * of each estimate, so that another seed would pass too.  Each test works
 * in its own mkdtemp() folder.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../../src/fit/fit_int.h"
#include "fixture.h"
#include "ownsim/csvfile.h"
#include "ownsim/fit.h"
#include "ownsim/scenario.h"

/* ---- helpers ---------------------------------------------------------- */

static const char *tmpdir(void)
{
    static char tmpl[64];
    strcpy(tmpl, "/tmp/ownsim-fit-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpl));
    return tmpl;
}

static int exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

/* Run fit on outages (with optional scenario) writing the fragment to
 * frag_path (or NULL: into *fragment_text); the report into *report. */
typedef struct run {
    int rc;                 /* fit_run's return */
    os_error e;             /* its error */
    char *report;           /* report text; malloc'd */
    char *fragment;         /* fragment text (from the file or the stream); malloc'd or NULL */
} run;

/* Bootstrap samples do_fit asks for: the default, unless a test (each runs
 * in its own process) sets another. */
static int boot_samples = FIT_BOOTSTRAP_DEFAULT;

static run do_fit(const char *outages, const char *scenario_path, const char *frag_path)
{
    run r = {0};
    size_t rlen = 0, flen = 0;
    char *fbuf = NULL;
    FILE *rep = open_memstream(&r.report, &rlen);
    FILE *frag = frag_path ? NULL : open_memstream(&fbuf, &flen);
    fit_opts o = {.outages = outages, .scenario = scenario_path, .out = frag_path,
                  .fragment = frag, .report = rep, .bootstrap = boot_samples,
                  .seed = 1};
    err_clear(&r.e);
    r.rc = fit_run(&o, &r.e);
    fclose(rep);
    if (frag) {
        fclose(frag);
        r.fragment = fbuf;
    } else if (r.rc == 0) {
        r.fragment = fixture_read(frag_path, NULL);
    }
    return r;
}

static void run_free(run *r)
{
    free(r->report);
    free(r->fragment);
}

/* ---- synthetic outages with known parameters --------------------------- */

#define NCAT 3
#define NSEV 4
static const char *const cat_names[NCAT] = {"apps", "network", "servers"};
static const double cat_w[NCAT] = {0.4, 0.3, 0.3};
static const char *const sev_names[NSEV] = {"P1", "P2", "P3", "P4"};
static const double sev_mix[NCAT][NSEV] = {
    {0.10, 0.20, 0.30, 0.40},
    {0.25, 0.25, 0.25, 0.25},
    {0.30, 0.30, 0.20, 0.20},
};
static const double eff_median[NSEV] = {120, 60, 30, 15};
static const double eff_p90[NSEV] = {300, 150, 90, 40};
#define PER_WEEK 200.0
#define WEEKS 200

/* weekday: 1 from 08:00 to 18:00, 0.1 otherwise; weekend 0.1 */
static double true_weight(int how)
{
    int day = how / 24, h = how % 24;
    return day < 5 && h >= 8 && h < 18 ? 1.0 : 0.1;
}

static int pick(const double *w, int n, double u)
{
    double acc = 0;
    for (int i = 0; i < n - 1; i++) {
        acc += w[i];
        if (u < acc)
            return i;
    }
    return n - 1;
}

/* Write about PER_WEEK * WEEKS outages (a Poisson process, rate constant
 * within each hour of the week) to path; returns how many. */
static long write_synthetic(const char *path, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    double wsum = 0;
    for (int h = 0; h < 168; h++)
        wsum += true_weight(h);
    os_error e;
    csvw *w = csvw_open(path, &e);
    cr_assert_not_null(w, "%s", e.msg);
    /* extra columns (id, observed_ttr) are ignored by fit */
    const char *head[] = {"id", "t_occur", "category", "severity", "effort", "observed_ttr"};
    for (int i = 0; i < 6; i++)
        csvw_str(w, head[i]);
    csvw_end(w);
    double z = gsl_cdf_ugaussian_Pinv(0.9);
    long id = 0;
    for (int wk = 0; wk < WEEKS; wk++)
        for (int h = 0; h < 168; h++) {
            unsigned k = gsl_ran_poisson(r, PER_WEEK * true_weight(h) / wsum);
            double off[64];
            cr_assert_lt(k, 64u);
            for (unsigned i = 0; i < k; i++)
                off[i] = 60.0 * gsl_rng_uniform(r);
            for (unsigned i = 1; i < k; i++)   /* insertion sort */
                for (unsigned j = i; j > 0 && off[j - 1] > off[j]; j--) {
                    double t = off[j];
                    off[j] = off[j - 1];
                    off[j - 1] = t;
                }
            for (unsigned i = 0; i < k; i++) {
                int c = pick(cat_w, NCAT, gsl_rng_uniform(r));
                int s = pick(sev_mix[c], NSEV, gsl_rng_uniform(r));
                double mu = log(eff_median[s]);
                double sigma = (log(eff_p90[s]) - mu) / z;
                csvw_int(w, id++);
                csvw_num(w, wk * 10080.0 + h * 60.0 + off[i], 17);
                csvw_str(w, cat_names[c]);
                csvw_str(w, sev_names[s]);
                csvw_num(w, gsl_ran_lognormal(r, mu, sigma), 17);
                csvw_num(w, 99, 3);
                csvw_end(w);
            }
        }
    gsl_rng_free(r);
    cr_assert_eq(csvw_commit(w, &e), 0, "%s", e.msg);
    return id;
}

/* A scenario that includes the fragment and adds a party and a model. */
static scenario *load_with(const char *dir, const char *frag, const char *owners,
                           os_error *e)
{
    char path[256], text[1024];
    snprintf(path, sizeof path, "%s/scenario.ini", dir);
    snprintf(text, sizeof text,
             "include = %s\n"
             "[severity.P1]\n"
             "sla_response = 10\n"
             "[party.team]\n"
             "staff = 2\n"
             "[model.only]\n"
             "owners = %s\n", frag, owners);
    fixture_write_text(path, text);
    err_clear(e);
    return scn_load(path, NULL, 0, e);
}

/* ---- recovery ---------------------------------------------------------- */

Test(fit, recovers_known_parameters, .timeout = 60)
{
    const char *dir = tmpdir();
    char csv[256], frag[256];
    snprintf(csv, sizeof csv, "%s/outages.csv", dir);
    snprintf(frag, sizeof frag, "%s/fitted.ini", dir);
    long n = write_synthetic(csv, 20260422);
    cr_assert_gt(n, 39000);

    /* parameter recovery; the bootstrap's p-values (199 refits of 40,000
     * efforts a severity: over a minute under valgrind) are
     * test_fit_family.c's, on samples of 2,000 */
    boot_samples = 0;
    run r = do_fit(csv, NULL, frag);
    cr_assert_eq(r.rc, 0, "%s", r.e.msg);
    cr_assert_not_null(strstr(r.report, "untested"), "no p-values asked for:\n%s", r.report);
    cr_assert_not_null(strstr(r.report, "no warnings"), "%s", r.report);

    /* the fragment loads as part of a scenario with parties and models */
    os_error e;
    scenario *s = load_with(dir, frag, "apps:team, network:team, servers:team", &e);
    cr_assert_not_null(s, "fragment does not load: %s:%d: %s: %s", e.file, e.line, e.key, e.msg);
    cr_assert_eq(s->nsev, NSEV);
    cr_assert_eq(s->ncat, NCAT);
    for (int k = 0; k < NSEV; k++)
        cr_assert_str_eq(s->sev[k].name, sev_names[k], "natural order of severities");
    cr_assert_float_eq(s->sev[0].sla_response, 10, 0, "the including file's keys merge in");

    /* per_week within 3% */
    cr_assert(fabs(s->per_week / PER_WEEK - 1) < 0.03, "per_week %g, want %g", s->per_week,
              PER_WEEK);

    /* category shares within 0.02, severity shares within 0.02 */
    double wsum = 0;
    for (int c = 0; c < NCAT; c++)
        wsum += s->cat[c].weight;
    for (int c = 0; c < NCAT; c++) {
        cr_assert_str_eq(s->cat[c].name, cat_names[c]);
        double share = s->cat[c].weight / wsum;
        cr_assert(fabs(share - cat_w[c]) < 0.02, "%s share %g, want %g", cat_names[c],
                  share, cat_w[c]);
        double msum = 0;
        for (int k = 0; k < NSEV; k++)
            msum += s->cat[c].sev_mix[k];
        for (int k = 0; k < NSEV; k++) {
            double m = s->cat[c].sev_mix[k] / msum;
            cr_assert(fabs(m - sev_mix[c][k]) < 0.02, "%s %s share %g, want %g",
                      cat_names[c], sev_names[k], m, sev_mix[c][k]);
        }
    }

    /* effort median and p90 within 5% */
    for (int k = 0; k < NSEV; k++) {
        cr_assert_eq(s->sev[k].effort.kind, DIST_LOGNORMAL);
        double med = dist_quantile(&s->sev[k].effort, 0.5);
        double p90 = dist_quantile(&s->sev[k].effort, 0.9);
        cr_assert(fabs(med / eff_median[k] - 1) < 0.05, "%s median %g, want %g",
                  sev_names[k], med, eff_median[k]);
        cr_assert(fabs(p90 / eff_p90[k] - 1) < 0.05, "%s p90 %g, want %g", sev_names[k],
                  p90, eff_p90[k]);
    }

    /* profile shape: weekday daytime / night ratio 10 within 10%, weekend
     * like weekday nights within 15%, and the largest weight is 1 */
    double day = 0, night = 0, we = 0, top = 0;
    for (int h = 0; h < 24; h++) {
        if (h >= 8 && h < 18)
            day += s->weekday[h] / 10;
        else
            night += s->weekday[h] / 14;
        we += s->weekend[h] / 24;
        top = fmax(top, fmax(s->weekday[h], s->weekend[h]));
    }
    cr_assert_float_eq(top, 1, 1e-12);
    cr_assert(fabs(day / night / 10 - 1) < 0.10, "daytime/night ratio %g, want 10", day / night);
    cr_assert(fabs(we / night - 1) < 0.15, "weekend/night ratio %g, want 1", we / night);
    scn_destroy(s);
    run_free(&r);
    fixture_rmdir(dir);
}

/* ---- MLE and KS -------------------------------------------------------- */

Test(fit, mle_uses_the_1_over_n_variance)
{
    double x[2] = {exp(0.0), exp(2.0)};
    fit_effort f;
    cr_assert_eq(fit_effort_estimate(x, 2, NULL, 0, &f), 0);
    cr_assert_float_eq(f.mu, 1, 1e-12);
    cr_assert_float_eq(f.sigma, 1, 1e-12, "MLE sigma uses 1/n: %g", f.sigma);
    const fit_cand *ln = &f.cand[FIT_LOGNORMAL];
    cr_assert_float_eq(ln->par.a, 1, 1e-12);
    cr_assert_float_eq(ln->par.b, 1, 1e-12);
    /* e^1 and e^(1 + z0.9) rounded to 4 digits */
    cr_assert_str_eq(ln->text, "lognormal(median=2.718, p90=9.792)");
    cr_assert_eq(f.small, 1);
    cr_assert(isnan(f.p_ks), "no bootstrap without options");
}

Test(fit, ks_statistic_exact_values)
{
    double one[1] = {1.0};
    cr_assert_float_eq(fit_ks_lognormal(one, 1, 0, 1), 0.5, 1e-12);
    double two[2] = {exp(-1.0), exp(1.0)};
    double want = 0.5 - gsl_cdf_ugaussian_P(-1.0);   /* 0.3413 */
    cr_assert_float_eq(fit_ks_lognormal(two, 2, 0, 1), want, 1e-12);
}

Test(fit, bootstrap_passes_lognormal_rejects_a_two_point_mixture)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    enum { N = 3000 };
    double *x = malloc(N * sizeof *x);
    for (int i = 0; i < N; i++)
        x[i] = gsl_ran_lognormal(r, log(45), 1.1);
    fit_effort f;
    fit_boot bo = {.B = 99, .seed = 1};
    cr_assert_eq(fit_effort_estimate(x, N, &bo, 0, &f), 0);
    cr_assert_eq(f.best, FIT_LOGNORMAL, "AIC chose %d", f.best);
    cr_assert_eq(f.poor, 0, "D = %g p = %g, A2 = %g p = %g", f.ks_d, f.p_ks, f.ad, f.p_ad);
    cr_assert_eq(f.boot, 99);

    /* half at 10, half at 1000 minutes: nothing like any of the four */
    for (int i = 0; i < N; i++)
        x[i] = gsl_rng_uniform(r) < 0.5 ? 10 : 1000;
    cr_assert_eq(fit_effort_estimate(x, N, &bo, 0, &f), 0);
    cr_assert_eq(f.poor, 1);
    cr_assert_gt(f.ks_d, 0.25, "D = %g", f.ks_d);
    cr_assert_float_eq(f.p_ks, 0.01, 1e-12, "p = 1/(B+1): no bootstrap D reaches it");
    free(x);
    gsl_rng_free(r);
}

Test(fit, poor_fit_is_reported)
{
    const char *dir = tmpdir();
    char csv[256];
    snprintf(csv, sizeof csv, "%s/mix.csv", dir);
    FILE *f = fopen(csv, "w");
    cr_assert_not_null(f);
    fputs("t_occur,category,severity,effort\n", f);
    for (int i = 0; i < 400; i++)
        fprintf(f, "%d,net,P1,%d\n", i * 25, i % 2 ? 10 : 1000);
    fclose(f);
    run r = do_fit(csv, NULL, NULL);
    cr_assert_eq(r.rc, 0, "%s", r.e.msg);
    cr_assert_not_null(strstr(r.report, "P1: poor fit:"), "%s", r.report);
    cr_assert_not_null(strstr(r.fragment, "poor fit"), "%s", r.fragment);
    run_free(&r);
    fixture_rmdir(dir);
}

/* ---- warnings ----------------------------------------------------------- */

Test(fit, small_samples_are_warned_about)
{
    const char *dir = tmpdir();
    char csv[256];
    snprintf(csv, sizeof csv, "%s/few.csv", dir);
    fixture_write_text(csv,
                       "id,t_occur,category,severity,effort\n"
                       "0,600,net,P1,30\n"
                       "1,700,net,P1,50\n"
                       "2,800,app,P2,0\n"
                       "3,900,app,P2,20\n"
                       "4,1000,app,P1,45\n");
    run r = do_fit(csv, NULL, NULL);
    cr_assert_eq(r.rc, 0, "%s", r.e.msg);
    cr_assert_not_null(strstr(r.report, "P1: small sample (n = 3 < 30)"), "%s", r.report);
    cr_assert_not_null(strstr(r.report, "arrivals: small sample for an hourly profile"),
                       "%s", r.report);
    cr_assert_not_null(strstr(r.report, "P2: 1 effort <= 0 left out"), "%s", r.report);
    cr_assert_not_null(strstr(r.report, "P2: one effort only: written as the constant 20"),
                       "%s", r.report);
    cr_assert_not_null(strstr(r.fragment, ";weekday = 1\n;weekend = 0\n"),
                       "flat alternative offered:\n%s", r.fragment);
    cr_assert_not_null(strstr(r.fragment, "[severity.P2]\n; n = 1"), "%s", r.fragment);
    cr_assert_not_null(strstr(r.fragment, "effort = 20\n"), "%s", r.fragment);
    cr_assert_not_null(strstr(r.fragment, "per_week = 5\n"), "%s", r.fragment);
    run_free(&r);
    fixture_rmdir(dir);
}

/* ---- bad inputs --------------------------------------------------------- */

static void expect_input_error(const char *text, int line, const char *key,
                               const char *fragment)
{
    const char *dir = tmpdir();
    char csv[256], out[256];
    snprintf(csv, sizeof csv, "%s/bad.csv", dir);
    snprintf(out, sizeof out, "%s/fitted.ini", dir);
    fixture_write_text(csv, text);
    run r = do_fit(csv, NULL, out);
    cr_assert_eq(r.rc, -1, "accepted: %s", text);
    cr_assert_eq(r.e.kind, OS_ERR_INPUT, "kind %d: %s", r.e.kind, r.e.msg);
    cr_assert_str_eq(r.e.file, csv);
    cr_assert_eq(r.e.line, line, "line %d, want %d: %s", r.e.line, line, r.e.msg);
    cr_assert_str_eq(r.e.key, key, "key '%s' (%s)", r.e.key, r.e.msg);
    cr_assert_not_null(strstr(r.e.msg, fragment), "'%s' lacks '%s'", r.e.msg, fragment);
    cr_assert(!exists(out), "a fragment was written despite the error");
    cr_assert_str_eq(r.report, "", "report printed despite the error");
    run_free(&r);
    fixture_rmdir(dir);
}

Test(fit, bad_inputs_name_file_line_and_column)
{
    expect_input_error("id,t_occur,category,effort\n0,1,net,5\n", 1, "severity",
                       "missing column 'severity'");
    expect_input_error("t_occur,category,severity,effort\n10,net,P1,5\n5,net,P1,5\n", 3,
                       "t_occur", "must not decrease");
    expect_input_error("", 1, "", "empty outage file");
    expect_input_error("t_occur,category,severity,effort\n", 2, "", "no outages");
    expect_input_error("t_occur,category,severity,effort\n1,net,P1,abc\n", 2, "effort",
                       "'abc' is not a finite number");
    expect_input_error("t_occur,category,severity,effort\n1,net,P1,5\nnan,net,P1,5\n", 3,
                       "t_occur", "not a finite number");
    expect_input_error("t_occur,category,severity,effort\n1,net,P1,-5\n", 2, "effort",
                       "'-5'");
    expect_input_error("t_occur,category,severity,effort\n1,net,P 1,5\n", 2, "severity",
                       "cannot be a scenario name");
    expect_input_error("t_occur,category,severity,effort\n1,net,P1,5\n2,net\n", 3,
                       "severity", "row has 2 fields");
    expect_input_error("t_occur,category,severity,effort\n"
                       "1,c,S1,5\n2,c,S2,5\n3,c,S3,5\n4,c,S4,5\n5,c,S5,5\n"
                       "6,c,S6,5\n7,c,S7,5\n8,c,S8,5\n9,c,S9,5\n", 10, "severity",
                       "at most 8");
    /* issue 11: two effort columns, hexadecimal and overflowing numbers */
    expect_input_error("t_occur,category,severity,effort,effort\n1,net,P1,5,500\n", 1,
                       "effort", "appears twice in the header (fields 4 and 5)");
    expect_input_error("t_occur,category,severity,effort\n0x10,net,P1,5\n", 2, "t_occur",
                       "'0x10' is not a finite number >= 0: it is not a decimal number");
    expect_input_error("t_occur,category,severity,effort\n1,net,P1,1e999\n", 2, "effort",
                       "too large");
}

/* ---- output -------------------------------------------------------------- */

Test(fit, fragment_to_the_stream_and_natural_order)
{
    const char *dir = tmpdir();
    char csv[256];
    snprintf(csv, sizeof csv, "%s/o.csv", dir);
    fixture_write_text(csv,
                       "t_occur,category,severity,effort\n"
                       "1,b10,P10,5\n"
                       "2,b2,P2,6\n"
                       "3,b10,P1,7\n"
                       "4,a,P2,8\n");
    run r = do_fit(csv, NULL, NULL);
    cr_assert_eq(r.rc, 0, "%s", r.e.msg);
    const char *p1 = strstr(r.fragment, "[severity.P1]\n");
    const char *p2 = strstr(r.fragment, "[severity.P2]\n");
    const char *p10 = strstr(r.fragment, "[severity.P10]\n");
    cr_assert(p1 && p2 && p10 && p1 < p2 && p2 < p10, "severities P1 < P2 < P10:\n%s",
              r.fragment);
    const char *a = strstr(r.fragment, "[category.a]\n");
    const char *b2 = strstr(r.fragment, "[category.b2]\n");
    const char *b10 = strstr(r.fragment, "[category.b10]\n");
    cr_assert(a && b2 && b10 && a < b2 && b2 < b10, "categories a < b2 < b10");
    cr_assert_not_null(strstr(r.fragment, "severities = P1:1, P2:0, P10:1\n"), "%s",
                       r.fragment);
    cr_assert_not_null(strstr(r.fragment, "priority order"), "header says order = priority");
    cr_assert_null(strstr(r.fragment, "sla_"));
    cr_assert_null(strstr(r.fragment, "cost_"));
    cr_assert_null(strstr(r.fragment, "[party."));
    cr_assert_null(strstr(r.fragment, "[model."));
    run_free(&r);
    fixture_rmdir(dir);
}

Test(fit, scenario_order_and_absent_names)
{
    const char *dir = tmpdir();
    char csv[256], scn[256], frag[256];
    snprintf(csv, sizeof csv, "%s/o.csv", dir);
    snprintf(scn, sizeof scn, "%s/order.ini", dir);
    snprintf(frag, sizeof frag, "%s/fitted.ini", dir);
    fixture_write_text(scn,
                       "[severity.crit]\n"
                       "effort = lognormal(median=90, p90=300)\n"
                       "[severity.high]\n"
                       "[severity.low]\n"
                       "[category.zeta]\n"
                       "[category.alpha]\n"
                       "[category.mid]\n"
                       "[party.team]\n"
                       "[model.only]\n"
                       "owners = zeta:team, alpha:team, mid:team\n");
    fixture_write_text(csv,
                       "t_occur,category,severity,effort\n"
                       "1,alpha,low,5\n"
                       "2,zeta,high,6\n"
                       "3,alpha,low,7\n"
                       "4,zeta,high,8\n");
    run r = do_fit(csv, scn, frag);
    cr_assert_eq(r.rc, 0, "%s", r.e.msg);
    const char *c = strstr(r.fragment, "[severity.crit]\n");
    const char *h = strstr(r.fragment, "[severity.high]\n");
    const char *l = strstr(r.fragment, "[severity.low]\n");
    cr_assert(c && h && l && c < h && h < l, "scenario's severity order:\n%s", r.fragment);
    const char *z = strstr(r.fragment, "[category.zeta]\n");
    const char *a = strstr(r.fragment, "[category.alpha]\n");
    const char *m = strstr(r.fragment, "[category.mid]\n");
    cr_assert(z && a && m && z < a && a < m, "scenario's category order:\n%s", r.fragment);
    cr_assert_not_null(strstr(r.fragment, "[category.mid]\n; not in the data\nweight = 0\n"),
                       "%s", r.fragment);
    cr_assert_not_null(strstr(r.fragment, "severities = crit:0, high:2, low:0\n"));
    cr_assert_not_null(strstr(r.report, "crit: in the scenario but not in the data"));
    cr_assert_not_null(strstr(r.report, "mid: in the scenario but not in the data: weight 0"));

    /* it loads, with the absent severity's effort taken from the scenario */
    os_error e;
    char text[1024];
    snprintf(text, sizeof text, "include = %s\n[party.team]\n[model.only]\n"
             "owners = zeta:team, alpha:team, mid:team\n", frag);
    char path[256];
    snprintf(path, sizeof path, "%s/s.ini", dir);
    fixture_write_text(path, text);
    scenario *s = scn_load(path, NULL, 0, &e);
    cr_assert_not_null(s, "%s:%d: %s", e.file, e.line, e.msg);
    cr_assert_str_eq(s->sev[0].name, "crit");
    cr_assert_float_eq(dist_quantile(&s->sev[0].effort, 0.5), 90, 1e-9);
    cr_assert_float_eq(s->cat[2].weight, 0, 0);
    cr_assert_float_eq(s->per_week, 4, 0);
    scn_destroy(s);
    run_free(&r);

    /* a data name the scenario lacks is an error at its first line */
    fixture_write_text(csv,
                       "t_occur,category,severity,effort\n"
                       "1,alpha,low,5\n"
                       "2,alpha,urgent,6\n");
    r = do_fit(csv, scn, frag);
    cr_assert_eq(r.rc, -1);
    cr_assert_eq(r.e.kind, OS_ERR_INPUT);
    cr_assert_eq(r.e.line, 3, "line %d: %s", r.e.line, r.e.msg);
    cr_assert_str_eq(r.e.key, "severity");
    cr_assert_not_null(strstr(r.e.msg, "'urgent' is not in the scenario"), "%s", r.e.msg);
    cr_assert_not_null(strstr(r.e.msg, "crit, high, low"), "%s", r.e.msg);
    run_free(&r);
    fixture_rmdir(dir);
}

/* ---- small pieces -------------------------------------------------------- */

Test(fit, profile_counts_whole_weeks)
{
    /* week 2 Monday 09:30, week 2 Saturday 13:05, week 4 Sunday 23:59 */
    double t[3] = {2 * 10080 + 9 * 60 + 30, 2 * 10080 + 5 * 1440 + 13 * 60 + 5,
                   4 * 10080 + 6 * 1440 + 23 * 60 + 59};
    fit_profile p;
    fit_profile_estimate(t, 3, &p);
    cr_assert_eq(p.week_first, 2);
    cr_assert_eq(p.weeks, 3);
    cr_assert_float_eq(p.per_week, 1, 1e-12);
    cr_assert_eq(p.count_wd[9], 1);
    cr_assert_eq(p.count_we[13], 1);
    cr_assert_eq(p.count_we[23], 1);
    cr_assert_eq(p.n_wd, 1);
    cr_assert_eq(p.n_we, 2);
    /* a weekend hour has 2/5 the exposure of a weekday hour: 1/(2*3) vs 1/(5*3) */
    cr_assert_float_eq(p.weekend[13], 1, 1e-12);
    cr_assert_float_eq(p.weekday[9], 0.4, 1e-12);
    cr_assert_eq(p.empty_wd, 23);
    cr_assert_eq(p.empty_we, 22);
}

Test(fit, number_formatting_and_natural_order)
{
    char b[64];
    fit_fmt_sig(50, 4, b, sizeof b);
    cr_assert_str_eq(b, "50");
    fit_fmt_sig(239.54, 4, b, sizeof b);
    cr_assert_str_eq(b, "239.5");
    fit_fmt_sig(0.000123456, 4, b, sizeof b);
    cr_assert_str_eq(b, "0.0001235");
    fit_fmt_sig(411522.3, 4, b, sizeof b);
    cr_assert_str_eq(b, "411500");
    cr_assert_float_eq(fit_fmt_sig(0.99996, 4, b, sizeof b), 1, 0);
    cr_assert_str_eq(b, "1");
    fit_fmt_sig(0, 4, b, sizeof b);
    cr_assert_str_eq(b, "0");

    cr_assert_lt(fit_natcmp("P2", "P10"), 0);
    cr_assert_gt(fit_natcmp("P10", "P9"), 0);
    cr_assert_lt(fit_natcmp("a", "b"), 0);
    cr_assert_eq(fit_natcmp("P1", "P1"), 0);
    cr_assert_neq(fit_natcmp("P01", "P1"), 0);
    cr_assert_lt(fit_natcmp("sev2x", "sev10a"), 0);
}
