/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_sensitivity.c — one-at-a-time sensitivity (sensitivity.h), the
 * scaling of a distribution as a whole (dist_scale, dist.h) and the
 * scenario's numeric keys and their readers (scn_numeric_keys,
 * scn_key_readers, scenario.h).
 *
 * Known answers, on a scenario whose models differ only where the test
 * says (no queueing: 50 workers for 5 incidents a week):
 *   - x and y differ in triage_delay only, x's a constant T, y's
 *     uniform(10, 30): D = T - 20 plus noise, so D crosses 0 at T = 20,
 *     and the crossing's interval must hold 20;
 *   - fee_per_year enters total_cost_per_year linearly: D = fee_x - 5000
 *     exactly, so the crossing is 5000;
 *   - a key of a party in no model, and a key of model z, change neither x
 *     nor y: swing exactly 0 (common random numbers).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "ownsim/dist.h"
#include "ownsim/run.h"
#include "ownsim/scenario.h"
#include "ownsim/sensitivity.h"

static const char *SCN =
    "[simulation]\nreps = 4\nincidents = 400\nseed = 7\n"
    "[arrivals]\nper_week = 5\n"
    "[severity.P1]\neffort = lognormal(median=60, p90=200)\n"
    "[category.net]\n"
    "[party.a]\nstaff = 50\ncoverage = 24x7\nack_delay = 5\ndetect_delay = 5\n"
    "[party.b]\nstaff = 50\ncoverage = 24x7\n"
    "[party.ghost]\nstaff = 1\nack_delay = 10\n"
    "[model.x]\nowners = net:a+b\nmonitors = net:a\nservice_desk = a\n"
    "triage_delay = 10\nfee_per_year = 1000\n"
    "[model.y]\nowners = net:a+b\nmonitors = net:a\nservice_desk = a\n"
    "triage_delay = uniform(min=10, max=30)\nfee_per_year = 5000\n"
    "[model.z]\nowners = net:b\nmonitors = net:b\nservice_desk = b\nhandoff_delay = 30\n"
    "misroute_prob = 0.2\n";

typedef struct fx {
    char *path;
    run_asm *run;
} fx;

static fx open_fx(void)
{
    fx f = {fixture_file(SCN), NULL};
    cr_assert_not_null(f.path);
    os_error e;
    err_clear(&e);
    f.run = run_open(f.path, NULL, 0, NULL, &e);
    cr_assert_not_null(f.run, "%s", e.msg);
    return f;
}

static void close_fx(fx *f)
{
    run_close(f->run);
    unlink(f->path);
    free(f->path);
}

static int row_of(const sens_result *r, const char *key)
{
    for (int i = 0; i < sens_rows(r); i++)
        if (!strcmp(sens_key(r, i), key))
            return i;
    cr_assert_fail("no row %s", key);
    return -1;
}

Test(sensitivity, known_crossing_inside_its_interval_and_unread_keys_swing_zero)
{
    fx f = open_fx();
    const char *ranges[] = {"model.x.triage_delay.value=0:40"};
    sens_opts o = {.run = f.run, .jobs = 2, .model = "x", .baseline = "y",
                   .keys = "party.ghost.ack_delay,model.z.handoff_delay,model.z.misroute_prob,"
                           "model.x.triage_delay.value",
                   .ranges = ranges, .nranges = 1};
    os_error e;
    err_clear(&e);
    sens_result *r = sens_run(&o, &e);
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert_eq(sens_rows(r), 4);
    /* ranked by swing: the triage delay first */
    cr_assert_str_eq(sens_key(r, 0), "model.x.triage_delay.value");
    int t = 0;
    cr_assert(sens_flips(r, t));
    double lo, hi, x = sens_crossing(r, t, &lo, &hi);
    cr_assert(lo <= 20 && 20 <= hi, "crossing %g, interval [%g, %g] misses 20", x, lo, hi);
    cr_assert(fabs(x - 20) < 1, "crossing %g", x);
    cr_assert(fabs(sens_diff(r, t, 0) + 20) < 1 && fabs(sens_diff(r, t, 2) - 20) < 1);
    for (int i = 1; i < 4; i++) {
        cr_assert(sens_ran(r, i));
        cr_assert_eq(sens_swing(r, i), 0.0, "%s: swing %g", sens_key(r, i), sens_swing(r, i));
        cr_assert(!sens_flips(r, i));
        cr_assert(isnan(sens_crossing(r, i, NULL, NULL)));
    }
    sens_free(r);
    close_fx(&f);
}

Test(sensitivity, linear_metric_crosses_at_its_exact_value)
{
    fx f = open_fx();
    const char *ranges[] = {"model.x.fee_per_year=0:10000"};
    sens_opts o = {.run = f.run, .jobs = 1, .model = "x", .baseline = "y",
                   .metric = "total_cost_per_year", .ranges = ranges, .nranges = 1};
    os_error e;
    err_clear(&e);
    sens_result *r = sens_run(&o, &e);
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert_eq(sens_rows(r), 1);
    cr_assert_float_eq(sens_diff(r, 0, 0), -5000, 1e-6);
    cr_assert_float_eq(sens_diff(r, 0, 1), -4000, 1e-6);
    cr_assert_float_eq(sens_diff(r, 0, 2), 5000, 1e-6);
    cr_assert_float_eq(sens_swing(r, 0), 10000, 1e-6);
    cr_assert(sens_flips(r, 0));
    cr_assert_float_eq(sens_crossing(r, 0, NULL, NULL), 5000, 10);
    sens_free(r);
    close_fx(&f);
}

Test(sensitivity, all_skips_what_neither_model_reads_and_runs_the_rest)
{
    fx f = open_fx();
    sens_opts o = {.run = f.run, .jobs = 2, .model = "x", .baseline = "y", .all = true};
    os_error e;
    err_clear(&e);
    sens_result *r = sens_run(&o, &e);
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert(!sens_ran(r, row_of(r, "party.ghost.ack_delay")));
    cr_assert(!sens_ran(r, row_of(r, "model.z.handoff_delay")));
    cr_assert(!sens_ran(r, row_of(r, "party.b.staff")) == false);   /* b owns under x */
    cr_assert(sens_ran(r, row_of(r, "severity.P1.effort")));
    /* skipped rows come last */
    bool seen_skip = false;
    for (int i = 0; i < sens_rows(r); i++) {
        if (!sens_ran(r, i))
            seen_skip = true;
        else
            cr_assert(!seen_skip, "a run row after a skipped one");
    }
    sens_free(r);
    close_fx(&f);
}

/* What a bad option gives: NULL and the message. */
static void refused(const char *keys, const char *range, const char *metric,
                    const char *want_file, const char *want_key, const char *want_msg)
{
    fx f = open_fx();
    const char *ranges[] = {range};
    sens_opts o = {.run = f.run, .jobs = 1, .model = "x", .baseline = "y", .keys = keys,
                   .ranges = ranges, .nranges = range ? 1 : 0, .metric = metric};
    os_error e;
    err_clear(&e);
    sens_result *r = sens_run(&o, &e);
    cr_assert_null(r);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_str_eq(e.file, want_file);
    cr_assert_str_eq(e.key, want_key);
    cr_assert(strstr(e.msg, want_msg), "message: %s", e.msg);
    close_fx(&f);
}

Test(sensitivity, bad_input_is_refused_before_anything_runs)
{
    refused("model.x.misrout_prob", NULL, NULL, "--keys", "model.x.misrout_prob", "no such key");
    refused("model.x.owners", NULL, NULL, "--keys", "model.x.owners", "needs a number");
    refused("simulation.reps", NULL, NULL, "--keys", "simulation.reps", "run settings");
    refused("model.x.fee_per_year", "model.z.misroute_prob=0.5:1.5", NULL, "--range",
            "model.z.misroute_prob", "outside the key's domain [0, 1]");
    refused("model.x.fee_per_year", "model.x.fee_per_year=5:1", NULL, "--range",
            "model.x.fee_per_year", "empty range");
    refused("severity.P1.effort", "severity.P1.effort=0:2", NULL, "--range",
            "severity.P1.effort", "must be positive");
    refused("model.q.fee_per_year", NULL, NULL, "--keys", "model.q.fee_per_year",
            "has no model.q.fee_per_year");
    refused("model.x.fee_per_year", NULL, "ttr_maen", "--metric", "ttr_maen", "ttr_mean");
    refused("model.x.triage_delay.p90", NULL, NULL, "--keys", "model.x.triage_delay.p90",
            "no parameter");
}

/* sensitivity.csv of a run of keys at rel, as text (malloc'd). */
static char *csv_of(run_asm *run, const char *model, const char *keys, double rel)
{
    sens_opts o = {.run = run, .jobs = 1, .model = model, .baseline = "y", .rel = rel,
                   .keys = keys};
    os_error e;
    err_clear(&e);
    sens_result *r = sens_run(&o, &e);
    cr_assert_not_null(r, "%s", e.msg);
    char dir[] = "/tmp/ownsim-sens-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(sens_write(&o, r, dir, &e), 0, "%s", e.msg);
    char path[128];
    snprintf(path, sizeof path, "%s/sensitivity.csv", dir);
    char *csv = fixture_read(path, NULL);
    sens_free(r);
    fixture_rmdir(dir);
    return csv;
}

Test(sensitivity, whole_numbers_rounded_and_widened_and_reported)
{
    fx f = open_fx();
    /* ghost staff 1 x (1 -+ 0.6): 0.4 and 1.6 round to 0 and 2 */
    char *csv = csv_of(f.run, "z", "party.ghost.staff", 0.6);
    cr_assert(strstr(csv, "party.ghost.staff,integer,run,z,y,ttr_mean,1,0,2,"
                          "low rounded from 0.4 to 0; high rounded from 1.6 to 2,"), "%s", csv);
    free(csv);
    /* 0.7 and 1.3 both round to 1: widened to 0..2 */
    csv = csv_of(f.run, "z", "party.ghost.staff", 0.3);
    cr_assert(strstr(csv, "party.ghost.staff,integer,run,z,y,ttr_mean,1,0,2,low rounded from "
                          "0.7 to 1; high rounded from 1.3 to 1; widened to 0:2 (the rounded "
                          "range was empty),"), "%s", csv);
    free(csv);
    close_fx(&f);
}

Test(sensitivity, probability_clamped_to_one)
{
    char *path = fixture_file(SCN);
    scn_override ov = {"model.z.misroute_prob", "0.9", NULL};
    os_error e;
    err_clear(&e);
    run_asm *run = run_open(path, &ov, 1, NULL, &e);
    cr_assert_not_null(run, "%s", e.msg);
    sens_opts o = {.run = run, .jobs = 1, .model = "z", .baseline = "y",
                   .keys = "model.z.misroute_prob"};
    sens_result *r = sens_run(&o, &e);
    cr_assert_not_null(r, "%s", e.msg);
    char dir[] = "/tmp/ownsim-sens-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(sens_write(&o, r, dir, &e), 0, "%s", e.msg);
    char p[128];
    snprintf(p, sizeof p, "%s/sensitivity.csv", dir);
    char *csv = fixture_read(p, NULL);
    cr_assert(strstr(csv, ",0.9,0.63,1,high clamped from 1.17 to 1,"), "%s", csv);
    free(csv);
    sens_free(r);
    fixture_rmdir(dir);
    run_close(run);
    unlink(path);
    free(path);
}

/* ---- dist_scale ---- */

static void scaled(const char *text, double c, const char *want)
{
    dist d, s;
    char why[300] = "";
    cr_assert_eq(dist_parse(text, NULL, &d, why, sizeof why), 0, "%s", why);
    cr_assert_eq(dist_scale(&d, c, &s, why, sizeof why), 0, "%s: %s", text, why);
    char got[256];
    dist_format(&s, got, sizeof got);
    cr_assert_str_eq(got, want);
    for (double u = 0.05; u < 1; u += 0.1)
        cr_assert(fabs(dist_quantile(&s, u) - c * dist_quantile(&d, u)) <=
                      1e-9 * (1 + c * dist_quantile(&d, u)),
                  "%s x %g at u = %g: %g, want %g", text, c, u, dist_quantile(&s, u),
                  c * dist_quantile(&d, u));
    dist_free(&d);
    dist_free(&s);
}

Test(dist_scale, every_family_scales_every_draw)
{
    scaled("30", 2, "60");
    scaled("const(30)", 0.5, "const(15)");
    scaled("uniform(min=5, max=15)", 1.3, "uniform(min=6.5, max=19.5)");
    scaled("exponential(mean=30)", 2, "exponential(mean=60)");
    scaled("exponential(rate=0.5)", 2, "exponential(rate=0.25)");
    scaled("lognormal(median=40, p90=100)", 1.5, "lognormal(median=60, p90=150)");
    scaled("lognormal(mu=3, sigma=1.2)", 2, "lognormal(mu=3.6931471805599454, sigma=1.2)");
    scaled("lognormal(mean=30, sd=10)", 2, "lognormal(mean=60, sd=20)");
    scaled("gamma(shape=2, scale=15)", 0.7, "gamma(shape=2, scale=10.5)");
    scaled("gamma(mean=30, sd=20)", 2, "gamma(mean=60, sd=40)");
    scaled("weibull(shape=1.5, scale=40)", 0.5, "weibull(shape=1.5, scale=20)");
    scaled("triangular(min=5, mode=10, max=60)", 2, "triangular(min=10, mode=20, max=120)");
}

Test(dist_scale, refusals)
{
    dist d, s;
    char why[300] = "";
    cr_assert_eq(dist_parse("lognormal(median=40, p90=100)", NULL, &d, why, sizeof why), 0);
    cr_assert_eq(dist_scale(&d, 0, &s, why, sizeof why), -1);
    cr_assert(strstr(why, "must be positive"), "%s", why);
    cr_assert_eq(dist_scale(&d, 1e308, &s, why, sizeof why), -1);
    cr_assert_eq(s.kind, DIST_CONST);
    dist_free(&d);
    char *csv = fixture_file("v\n1\n2\n3\n");
    char text[200];
    snprintf(text, sizeof text, "empirical(file=%s, column=v)", csv);
    cr_assert_eq(dist_parse(text, NULL, &d, why, sizeof why), 0, "%s", why);
    cr_assert_eq(dist_scale(&d, 2, &s, why, sizeof why), -1);
    cr_assert(strstr(why, "empirical"), "%s", why);
    dist_free(&d);
    unlink(csv);
    free(csv);
}

/* ---- the keys and their readers ---- */

Test(scn_numeric_keys, readers_follow_the_rule)
{
    os_error e;
    scenario *s = fixture_load(SCN, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    scn_numkey *k;
    int n;
    cr_assert_eq(scn_numeric_keys(s, &k, &n), 0);
    int found = 0;
    for (int i = 0; i < n; i++) {
        cr_assert(strncmp(k[i].key, "simulation.", 11), "%s listed", k[i].key);
        uint32_t want = 99;
        if (!strcmp(k[i].key, "party.ghost.ack_delay"))
            want = 0;
        if (!strcmp(k[i].key, "party.b.staff"))   /* b owns net under x, y (gray), z */
            want = 7;
        if (!strcmp(k[i].key, "party.a.staff"))   /* a: x and y */
            want = 3;
        if (!strcmp(k[i].key, "model.z.misroute_prob")) {
            want = 4;
            cr_assert_eq(k[i].kind, SCN_KEY_NUMBER);
            cr_assert_eq(k[i].max, 1.0);
        }
        if (!strcmp(k[i].key, "severity.P1.effort")) {
            want = 7;
            cr_assert_eq(k[i].kind, SCN_KEY_DIST);
        }
        if (want != 99) {
            found++;
            cr_assert_eq(k[i].readers, want, "%s: readers %u", k[i].key, k[i].readers);
        }
    }
    cr_assert_eq(found, 5);
    free(k);
    uint32_t rd;
    cr_assert_eq(scn_key_readers(s, "model.nope.fee_per_year", &rd), -1);
    cr_assert_eq(scn_key_readers(s, "arrivals.per_week", &rd), 0);
    cr_assert_eq(rd, 7u);
    double lo, hi;
    cr_assert_eq(scn_key_domain("party.x.staff", &lo, &hi), 0);
    cr_assert(lo == 0 && hi == 100000);
    cr_assert_eq(scn_key_domain("party.x.tool", &lo, &hi), -1);
    scn_destroy(s);
}

/* ---- the [uncertainty] section in the loader ---- */

typedef struct seen {
    char key[4][128];
    char value[4][128];
    int line[4];
    int n;
} seen;

static int collect(void *ctx, const char *key, const char *value, const char *file, int line)
{
    seen *s = ctx;
    (void)file;
    if (s->n == 4)
        return 1;
    snprintf(s->key[s->n], sizeof s->key[0], "%s", key);
    snprintf(s->value[s->n], sizeof s->value[0], "%s", value);
    s->line[s->n++] = line;
    return 0;
}

/* s as scn_write prints it, malloc'd. */
static char *written(const scenario *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    cr_assert_not_null(m);
    cr_assert_eq(scn_write(s, m), 0);
    fclose(m);
    return buf;
}

Test(uncertainty_section, skipped_by_the_resolver_and_handed_out_in_order)
{
    char *plain = fixture_file(SCN);
    size_t n = strlen(SCN);
    char *text = malloc(n + 200);
    cr_assert_not_null(text);
    snprintf(text, n + 200, "%s[uncertainty]\nmodel.x.fee_per_year = uniform(min=0, max=9)\n"
             "party.a.staff = uniform(min=1, max=3)\n", SCN);
    char *with = plain;   /* the same path: the name is the file's stem */
    os_error e;
    err_clear(&e);
    scenario *a = scn_load(plain, NULL, 0, &e);
    cr_assert_not_null(a, "%s", e.msg);
    fixture_write_text(with, text);
    scenario *b = scn_load(with, NULL, 0, &e);
    cr_assert_not_null(a, "%s", e.msg);
    cr_assert_not_null(b, "%s", e.msg);
    char *wa = written(a), *wb = written(b);
    cr_assert_str_eq(wa, wb, "the section changed the resolved scenario");
    scn_source *src = scn_read(with, &e);
    cr_assert_not_null(src, "%s", e.msg);
    seen s = {.n = 0};
    cr_assert_eq(scn_source_entries(src, "uncertainty", collect, &s), 0);
    cr_assert_eq(s.n, 2);
    cr_assert_str_eq(s.key[0], "model.x.fee_per_year");
    cr_assert_str_eq(s.value[0], "uniform(min=0, max=9)");
    cr_assert_str_eq(s.key[1], "party.a.staff");
    int lines = 1;
    for (const char *p = SCN; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(s.line[0], lines + 1);
    cr_assert_eq(s.line[1], lines + 2);
    scn_source_free(src);
    free(wa);
    free(wb);
    scn_destroy(a);
    scn_destroy(b);
    unlink(plain);
    free(plain);
    free(text);
}
