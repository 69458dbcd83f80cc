/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_calibrate.c — `ownsim calibrate` through its library API: known
 * answers and input errors.
 *
 * The data: 400 outages of the default scenario (outlist_write, replication
 * 0), replayed through co_managed by the replay API with the scenario's
 * seed, each TTR written back as observed_ttr with 17 digits.  Calibrating
 * the same model on it must find nothing to correct: KS exactly 0 and
 * equal means in every group.  Calibrating a copy whose triage_delay is
 * tripled must find the factor 1/3, inside its profile interval; a true
 * value at the end of its range must be the end of its interval.  Each
 * test works in its own folder.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "ownsim/calibrate.h"
#include "ownsim/outages.h"
#include "ownsim/replay.h"
#include "ownsim/run.h"
#include "ownsim/scenario.h"

#define SCN "scenarios/default.ini"
#define TRIPLE "lognormal(median=60, p90=180)"

typedef struct sinkbuf {
    double *ttr;              /* [n] */
    int *bounces;             /* [n] */
    size_t n;                 /* rows */
} sinkbuf;

static void on_rec(void *ctx, const inc_record *r)
{
    sinkbuf *b = ctx;
    if (r->major != INC_DUPLICATE && r->id < b->n) {
        b->ttr[r->id] = r->ttr;
        b->bounces[r->id] = r->bounces;
    }
}

static char dir[64];

/* dir/list.csv (no observed_ttr) and dir/obs.csv (with it, blank for the
 * first row: a ticket still open); dir/reas.csv and dir/reas_obs.csv as
 * obs.csv with import's columns observed_reassignments (the replay's
 * bounces) and effort_source ("drawn" on every 5th row in reas.csv, never
 * in reas_obs.csv). */
static void write_obs(const scenario *s, const outage_list *l, const sinkbuf *b,
                      const char *path, int cols, int drawn_every)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "t_occur,category,severity,effort,observed_ttr%s\n",
            cols ? ",effort_source,observed_reassignments" : "");
    for (size_t i = 0; i < l->n; i++) {
        fprintf(f, "%.17g,%s,%s,%.17g,", l->v[i].t, s->cat[l->v[i].category].name,
                s->sev[l->v[i].severity].name, l->v[i].effort);
        if (i)
            fprintf(f, "%.17g", b->ttr[i]);
        if (cols)
            fprintf(f, ",%s,%d", drawn_every && i % drawn_every == 0 ? "drawn" : "observed",
                    b->bounces[i]);
        fprintf(f, "\n");
    }
    fclose(f);
}

static void make_data(void)
{
    strcpy(dir, "/tmp/ownsim-calib-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(SCN, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    char list[128], obs[128];
    snprintf(list, sizeof list, "%s/list.csv", dir);
    snprintf(obs, sizeof obs, "%s/obs.csv", dir);
    cr_assert_eq(outlist_write(s, 0, 400, list, false, &e), 0, "%s", e.msg);
    outage_list l;
    cr_assert_eq(outlist_read(s, list, 0, &l, &e), 0, "%s", e.msg);
    int m = scn_model_index(s, "co_managed");
    cr_assert_geq(m, 0);
    sinkbuf b = {calloc(l.n, sizeof(double)), calloc(l.n, sizeof(int)), l.n};
    replay *rp = replay_create(s, m, &e);
    outsrc *src = outsrc_create(s, 0, &l, (long)l.n, &e);
    cr_assert(rp && src);
    cr_assert_eq(replay_run(rp, src, 0, on_rec, &b, &e), 0, "%s", e.msg);
    write_obs(s, &l, &b, obs, 0, 0);
    snprintf(obs, sizeof obs, "%s/reas.csv", dir);
    write_obs(s, &l, &b, obs, 1, 5);
    snprintf(obs, sizeof obs, "%s/reas_obs.csv", dir);
    write_obs(s, &l, &b, obs, 1, 0);
    outsrc_destroy(src);
    replay_destroy(rp);
    free(b.ttr);
    free(b.bounces);
    outlist_free(&l);
    scn_destroy(s);
}

static void clean(void)
{
    const char *sub[] = {"same", "fit", "a", "b", "bound", "prof", "mis", "mis_obs", "nomis",
                         "misfit"};
    for (int i = 0; i < 10; i++) {
        char p[160];
        snprintf(p, sizeof p, "%s/%s", dir, sub[i]);
        fixture_rmdir(p);
    }
    fixture_rmdir(dir);
}

/* Calibrate file (in dir) with overrides ov, fit specs fit; into out (in
 * dir) when not NULL.  Returns the result or NULL with *e. */
static calib_result *calib(const char *file, const scn_override *ov, int nov,
                           const char *const *fit, int nfit, int boot, const char *out,
                           os_error *e)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    scn_override all[8];
    if (nov)   /* memcpy from NULL is undefined even for 0 bytes */
        memcpy(all, ov, (size_t)nov * sizeof *ov);
    all[nov] = (scn_override){"simulation.outages", path, "--outages"};
    err_clear(e);
    run_asm *ra = run_open(SCN, all, nov + 1, NULL, e);
    if (!ra)
        return NULL;
    calib_opts o = {.run = ra, .scenario = SCN, .ov = ov, .nov = nov, .outages = path,
                    .model = "co_managed", .fit = fit, .nfit = nfit, .boot = boot,
                    .max_iter = 200};
    calib_result *r = calib_run(&o, e);
    if (r && out) {
        char od[160];
        snprintf(od, sizeof od, "%s/%s", dir, out);
        cr_assert_eq(mkdir(od, 0777), 0);
        cr_assert_eq(calib_write(r, od, e), 0, "%s", e->msg);
    }
    run_close(ra);
    return r;
}

TestSuite(calibrate, .init = make_data, .fini = clean);

Test(calibrate, same_model_same_seed_has_nothing_to_correct)
{
    os_error e;
    const char *none[] = {"none"};
    calib_result *r = calib("obs.csv", NULL, 0, none, 1, 0, "same", &e);
    cr_assert_not_null(r, "%s", e.msg);
    char p[160];
    snprintf(p, sizeof p, "%s/same/calibrate.csv", dir);
    char *t = fixture_read(p, NULL);
    /* 399 rows compared (the first is open), and exactly no difference */
    cr_assert(strstr(t, "current,all,all,n,399,399,0\r\n"), "%s", t);
    cr_assert(strstr(t, "current,all,all,ks,,,0\r\n"));
    cr_assert(strstr(t, "current,all,all,mean,"));
    cr_assert(strstr(t, "current,all,all,distance,,,0\r\n"));
    for (char *q = t; (q = strstr(q, ",ks,,,")); q++)
        cr_assert(!strncmp(q, ",ks,,,0\r\n", 9), "a KS statistic is not 0: %.40s", q);
    for (char *q = t; (q = strstr(q, ",mean,")); q++) {
        char *end = strstr(q, "\r\n");
        cr_assert(end[-1] == '0' && end[-2] == ',', "a mean differs: %.60s", q);
    }
    cr_assert(!strstr(t, "calibrated,"), "no calibrated rows without a fit");
    snprintf(p, sizeof p, "%s/same/fitted.csv", dir);
    struct stat sb;
    cr_assert_neq(stat(p, &sb), 0, "fitted.csv written with --fit none");
    free(t);
    calib_free(r);
}

Test(calibrate, fit_recovers_the_true_triage_scale)
{
    os_error e;
    scn_override ov[] = {{"model.co_managed.triage_delay", TRIPLE, NULL}};
    const char *fit[] = {"model.co_managed.triage_delay=0.1:10"};
    calib_result *r = calib("obs.csv", ov, 1, fit, 1, 0, "fit", &e);
    cr_assert_not_null(r, "%s", e.msg);
    char p[160];
    snprintf(p, sizeof p, "%s/fit/fitted.csv", dir);
    char *t = fixture_read(p, NULL);
    char *row = strstr(t, "model.co_managed.triage_delay,factor,0.1,10,1,");
    cr_assert_not_null(row, "%s", t);
    double f = strtod(row + strlen("model.co_managed.triage_delay,factor,0.1,10,1,"), NULL);
    cr_assert(fabs(f - 1.0 / 3) < 0.005, "factor %g, want 1/3", f);
    /* the calibrated scenario loads and holds the true median */
    snprintf(p, sizeof p, "%s/fit/calibrated.ini", dir);
    scenario *s = scn_load(p, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    int m = scn_model_index(s, "co_managed");
    double med = dist_quantile(&s->model[m].triage_delay, 0.5);
    cr_assert(fabs(med - 20) < 0.3, "median %g, want 20", med);
    scn_destroy(s);
    free(t);
    calib_free(r);
}

Test(calibrate, bootstrap_is_deterministic)
{
    os_error e;
    scn_override ov[] = {{"model.co_managed.triage_delay", TRIPLE, NULL}};
    const char *fit[] = {"model.co_managed.triage_delay=0.1:10",
                         "model.co_managed.orphan_prob=0:0.5"};
    calib_result *a = calib("obs.csv", ov, 1, fit, 2, 3, "a", &e);
    cr_assert_not_null(a, "%s", e.msg);
    calib_result *b = calib("obs.csv", ov, 1, fit, 2, 3, "b", &e);
    cr_assert_not_null(b, "%s", e.msg);
    const char *files[] = {"calibrate.csv", "fitted.csv", "calibrated.ini"};
    for (int i = 0; i < 3; i++) {
        char pa[160], pb[160];
        snprintf(pa, sizeof pa, "%s/a/%s", dir, files[i]);
        snprintf(pb, sizeof pb, "%s/b/%s", dir, files[i]);
        char *ta = fixture_read(pa, NULL), *tb = fixture_read(pb, NULL);
        cr_assert_str_eq(ta, tb, "%s differs between two runs", files[i]);
        free(ta);
        free(tb);
    }
    calib_free(a);
    calib_free(b);
}

/* fitted.csv's row of key in dir/out: fields 6..8 (fitted, ci_lo, ci_hi)
 * and the verdict into v (at least 40 bytes). */
static void fitted_row(const char *out, const char *key, double *fit, double *lo, double *hi,
                       char *v)
{
    char p[160];
    snprintf(p, sizeof p, "%s/%s/fitted.csv", dir, out);
    char *t = fixture_read(p, NULL);
    char *row = strstr(t, key);
    cr_assert_not_null(row, "%s", t);
    char *f[10];
    for (int i = 0; i < 10; i++) {
        f[i] = row;
        row = strchr(row, ',');
        cr_assert_not_null(row);
        *row++ = 0;
    }
    *fit = strtod(f[5], NULL);
    *lo = strtod(f[6], NULL);
    *hi = strtod(f[7], NULL);
    snprintf(v, 40, "%s", f[8]);
    free(t);
}

/* The data's own orphan_prob (0.07) as the low end of the range: same
 * model, same seed, so D is 0 there and the grid point at the end is kept:
 * the interval reaches the bound exactly (quantiles of refits could not). */
Test(calibrate, interval_reaches_a_true_value_at_the_bound)
{
    os_error e;
    const char *fit[] = {"model.co_managed.orphan_prob=0.07:0.5"};
    calib_result *r = calib("obs.csv", NULL, 0, fit, 1, 4, "bound", &e);
    cr_assert_not_null(r, "%s", e.msg);
    double f, lo, hi;
    char v[40];
    fitted_row("bound", "model.co_managed.orphan_prob,", &f, &lo, &hi, v);
    cr_assert_eq(lo, 0.07, "ci_lo %.17g, want the range's end 0.07", lo);
    cr_assert(hi > lo && hi <= 0.5, "ci_hi %g", hi);
    if (!strcmp(v, "identified"))   /* else fitted is empty */
        cr_assert(f >= lo && f <= hi, "fit %g outside [%g, %g]", f, lo, hi);
    calib_free(r);
}

/* Two parameters, triage's truth 1/3 (the data's triage against a tripled
 * scenario): its profile interval holds the truth and the fit. */
Test(calibrate, profile_interval_holds_the_truth_and_the_fit)
{
    os_error e;
    scn_override ov[] = {{"model.co_managed.triage_delay", TRIPLE, NULL}};
    const char *fit[] = {"model.co_managed.triage_delay=0.1:10",
                         "model.co_managed.orphan_prob=0:0.5"};
    calib_result *r = calib("obs.csv", ov, 1, fit, 2, 4, "prof", &e);
    cr_assert_not_null(r, "%s", e.msg);
    double f, lo, hi;
    char v[40];
    fitted_row("prof", "model.co_managed.triage_delay,", &f, &lo, &hi, v);
    cr_assert(lo <= 1.0 / 3 && 1.0 / 3 <= hi, "1/3 outside [%g, %g]", lo, hi);
    if (!strcmp(v, "identified"))
        cr_assert(lo <= f && f <= hi, "fit %g outside [%g, %g]", f, lo, hi);
    fitted_row("prof", "model.co_managed.orphan_prob,", &f, &lo, &hi, v);
    cr_assert(lo <= 0.07 && 0.07 <= hi, "orphan_prob 0.07 outside [%g, %g]", lo, hi);
    calib_free(r);
}

Test(calibrate, no_observed_ttr_column_names_file_line_and_column)
{
    os_error e;
    calib_result *r = calib("list.csv", NULL, 0, NULL, 0, 0, NULL, &e);
    cr_assert_null(r);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_eq(e.line, 1);
    cr_assert_str_eq(e.key, "observed_ttr");
    cr_assert(strstr(e.file, "list.csv"));
}

Test(calibrate, bad_observed_value_names_its_line)
{
    char src[128], dst[128];
    snprintf(src, sizeof src, "%s/obs.csv", dir);
    snprintf(dst, sizeof dst, "%s/bad.csv", dir);
    char *t = fixture_read(src, NULL);
    /* line 4: its observed_ttr negative */
    char *l4 = t;
    for (int i = 0; i < 3; i++)
        l4 = strchr(l4, '\n') + 1;
    char *end = strchr(l4, '\n');
    char *last = end;
    while (last[-1] != ',')
        last--;
    FILE *f = fopen(dst, "w");
    fwrite(t, 1, (size_t)(last - t), f);
    fputs("-5", f);
    fputs(end, f);
    fclose(f);
    free(t);
    os_error e;
    const char *none[] = {"none"};
    calib_result *r = calib("bad.csv", NULL, 0, none, 1, 0, NULL, &e);
    cr_assert_null(r);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_eq(e.line, 4, "line %d: %s", e.line, e.msg);
    cr_assert_str_eq(e.key, "observed_ttr");
}

Test(calibrate, bad_fit_specs_name_the_key)
{
    os_error e;
    const char *unknown[] = {"model.co_managed.nokey=0:1"};
    cr_assert_null(calib("obs.csv", NULL, 0, unknown, 1, 0, NULL, &e));
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_str_eq(e.key, "model.co_managed.nokey");
    const char *shape[] = {"model.co_managed.orphan_prob"};
    cr_assert_null(calib("obs.csv", NULL, 0, shape, 1, 0, NULL, &e));
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_str_eq(e.file, "--fit");
    const char *factor[] = {"model.co_managed.triage_delay=0:2"};
    cr_assert_null(calib("obs.csv", NULL, 0, factor, 1, 0, NULL, &e));
    cr_assert_str_eq(e.key, "model.co_managed.triage_delay");
    const char *twice[] = {"model.co_managed.orphan_prob=0:1",
                           "model.co_managed.orphan_prob=0:0.5"};
    cr_assert_null(calib("obs.csv", NULL, 0, twice, 2, 0, NULL, &e));
    cr_assert(strstr(e.msg, "twice"));
}

/* calibrate.csv's value (last field) of the row "calibrated,all,all,stat"
 * in dir/out, or NAN when there is no such row. */
static double calib_row(const char *out, const char *stat)
{
    char p[160], pat[80];
    snprintf(p, sizeof p, "%s/%s/calibrate.csv", dir, out);
    snprintf(pat, sizeof pat, "\ncalibrated,all,all,%s,", stat);
    char *t = fixture_read(p, NULL);
    char *row = strstr(t, pat);
    double v = NAN;
    if (row) {
        char *end = strchr(row + 1, '\n');
        if (end)
            *end = 0;
        v = strtod(strrchr(row, ',') + 1, NULL);
    }
    free(t);
    return v;
}

/* The list records reassignments (the replay's own bounces at the
 * scenario's misroute_prob 0.4): every history re-estimates misroute_prob
 * from the reassignments it made, and those estimates scatter about 0.4 as
 * a share of the resampled gray-area rows does (binomial): not constant,
 * within 4 standard errors.  Without the column, or with misroute_prob
 * itself fitted, nothing is re-estimated. */
Test(calibrate, histories_reestimate_misroute_from_their_reassignments)
{
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(SCN, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    char list[128];
    snprintf(list, sizeof list, "%s/list.csv", dir);
    outage_list l;
    cr_assert_eq(outlist_read(s, list, 0, &l, &e), 0, "%s", e.msg);
    int m = scn_model_index(s, "co_managed");
    size_t gray = 0;
    for (size_t i = 1; i < l.n; i++)   /* row 0 has no observed_ttr */
        gray += __builtin_popcount(s->model[m].owner[l.v[i].category]) > 1;
    double p = s->model[m].misroute_prob, se = sqrt(p * (1 - p) / (double)gray);
    cr_assert(gray >= 50 && p > 0, "%zu gray rows, misroute %g", gray, p);
    outlist_free(&l);
    scn_destroy(s);

    const char *fit[] = {"model.co_managed.triage_delay=0.1:10"};
    calib_result *r = calib("reas.csv", NULL, 0, fit, 1, 8, "mis", &e);
    cr_assert_not_null(r, "%s", e.msg);
    calib_free(r);
    double lo = calib_row("mis", "history_misroute_lo"), hi = calib_row("mis", "history_misroute_hi");
    cr_assert(lo < hi, "history estimates %g .. %g: not re-estimated", lo, hi);
    cr_assert(lo > p - 4 * se && hi < p + 4 * se, "%g .. %g, want about %g +- %g", lo, hi, p,
              se);

    r = calib("obs.csv", NULL, 0, fit, 1, 8, "nomis", &e);
    cr_assert_not_null(r, "%s", e.msg);
    calib_free(r);
    cr_assert(isnan(calib_row("nomis", "history_misroute_lo")), "no column, yet re-estimated");

    const char *fit2[] = {"model.co_managed.triage_delay=0.1:10",
                          "model.co_managed.misroute_prob=0:0.9"};
    r = calib("reas.csv", NULL, 0, fit2, 2, 4, "misfit", &e);
    cr_assert_not_null(r, "%s", e.msg);
    calib_free(r);
    cr_assert(isnan(calib_row("misfit", "history_misroute_lo")), "fitted, yet re-estimated");
}

/* Efforts import drew (effort_source = drawn) are drawn afresh in each
 * history and only there: the same list flagged "observed" throughout
 * gives the same fit to the data (same calibrated distance), but other
 * histories (another chance range of D). */
Test(calibrate, drawn_efforts_are_drawn_afresh_in_histories_only)
{
    os_error e;
    const char *fit[] = {"model.co_managed.triage_delay=0.1:10"};
    calib_result *r = calib("reas_obs.csv", NULL, 0, fit, 1, 6, "mis_obs", &e);
    cr_assert_not_null(r, "%s", e.msg);
    calib_free(r);
    r = calib("reas.csv", NULL, 0, fit, 1, 6, "mis", &e);
    cr_assert_not_null(r, "%s", e.msg);
    calib_free(r);
    cr_assert_eq(calib_row("mis", "distance"), calib_row("mis_obs", "distance"));
    double a = calib_row("mis", "distance_chance_hi"), b = calib_row("mis_obs", "distance_chance_hi");
    cr_assert(!isnan(a) && !isnan(b) && a != b, "chance range %g and %g: histories alike", a, b);
}
