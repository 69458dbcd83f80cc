/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_sweep.c — grid enumeration, shards, distribution parameters, and
 * break-even search on cases with known answers.
 */
#include <criterion/criterion.h>
#include <sys/stat.h>
#include <math.h>
#include <string.h>

#include "fixture.h"
#include "ownsim/breakeven.h"
#include "ownsim/grid.h"
#include "ownsim/run.h"
#include "ownsim/sweep.h"
#include "progress_rec.h"

/* The run assembly of a scenario file (run.h), or the test fails. */
static run_asm *open_run(const char *path)
{
    os_error e;
    err_clear(&e);
    run_asm *r = run_open(path, NULL, 0, NULL, &e);
    cr_assert_not_null(r, "%s", e.msg);
    return r;
}

static void add_ok(grid *g, const char *spec)
{
    os_error e;
    err_clear(&e);
    cr_assert_eq(grid_add(g, spec, &e), 0, "%s: %s", spec, e.msg);
}

static void add_fails(const char *spec, const char *fragment)
{
    grid g;
    memset(&g, 0, sizeof g);
    os_error e;
    err_clear(&e);
    cr_assert_eq(grid_add(&g, spec, &e), -1, "accepted %s", spec);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_str_eq(e.file, "--vary");
    cr_assert(strstr(e.msg, fragment), "'%s' lacks '%s'", e.msg, fragment);
    grid_free(&g);
}

Test(grid, ranges_and_lists)
{
    grid g;
    memset(&g, 0, sizeof g);
    add_ok(&g, "model.m.misroute_prob=0:1:0.1");
    cr_assert_eq(g.axis[0].n, 11);
    cr_assert_str_eq(g.axis[0].values[3], "0.3");
    cr_assert_str_eq(g.axis[0].values[10], "1");
    add_ok(&g, "model.m.handoff_delay=lognormal(median=10, p90=40),30, exponential(mean=5)");
    cr_assert_eq(g.axis[1].n, 3);
    cr_assert_str_eq(g.axis[1].values[0], "lognormal(median=10, p90=40)");
    cr_assert_str_eq(g.axis[1].values[2], "exponential(mean=5)");
    add_ok(&g, "party.p.staff=5:1:-2");
    cr_assert_eq(g.axis[2].n, 3);
    cr_assert_str_eq(g.axis[2].values[2], "1");
    cr_assert_eq(g.npoints, 11 * 3 * 3);
    /* last axis fastest */
    cr_assert_eq(grid_coord(&g, 0, 0), 0);
    cr_assert_eq(grid_coord(&g, 1, 2), 1);
    cr_assert_eq(grid_coord(&g, 3, 1), 1);
    cr_assert_eq(grid_coord(&g, 9, 0), 1);
    cr_assert_eq(grid_coord(&g, 98, 0), 10);
    cr_assert_eq(grid_coord(&g, 98, 1), 2);
    cr_assert_eq(grid_coord(&g, 98, 2), 2);
    grid_free(&g);
}

Test(grid, distribution_parameter_axis)
{
    grid g;
    memset(&g, 0, sizeof g);
    add_ok(&g, "model.m.handoff_delay.median=5,10");
    cr_assert_str_eq(g.axis[0].dist_key, "model.m.handoff_delay");
    cr_assert_str_eq(g.axis[0].param, "median");
    add_ok(&g, "model.m.handoff_delay.p90=50");
    os_error e;
    scenario *s = fixture_load("[severity.a]\n[category.c]\n[party.p]\n[model.m]\nowners = c:p\n"
                               "handoff_delay = lognormal(median=20, p90=90)\n", NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    scn_override ov[GRID_MAX_AXES];
    char buf[GRID_MAX_AXES * 1024];
    int n = grid_overrides(&g, 1, s, ov, buf, &e);
    cr_assert_eq(n, 1, "both parameters edit one distribution");
    cr_assert_str_eq(ov[0].key, "model.m.handoff_delay");
    cr_assert_str_eq(ov[0].value, "lognormal(median=10, p90=50)");
    grid_free(&g);
    /* a parameter the distribution does not have */
    memset(&g, 0, sizeof g);
    add_ok(&g, "model.m.handoff_delay.sigma=1");
    cr_assert_eq(grid_overrides(&g, 0, s, ov, buf, &e), -1);
    cr_assert(strstr(e.msg, "no parameter 'sigma'"), "%s", e.msg);
    grid_free(&g);
    /* a bare constant's parameter is "value" */
    memset(&g, 0, sizeof g);
    add_ok(&g, "model.m.triage_delay.value=7");
    cr_assert_eq(grid_overrides(&g, 0, s, ov, buf, &e), 1);
    cr_assert_str_eq(ov[0].value, "const(value=7)");
    grid_free(&g);
    scn_destroy(s);
}

Test(grid, bad_axes)
{
    add_fails("model.m.misroute_prob", "expected --vary");
    add_fails("=1,2", "expected --vary");
    add_fails("model.m.misroute_prob=0:1:0", "step");
    add_fails("model.m.misroute_prob=0:1:-0.5", "positive step");
    add_fails("model.m.misroute_prob=1:0:0.5", "negative step");
    add_fails("model.m.misroute_prob=0:1", "START:STOP:STEP");
    add_fails("model.m.misroute_prob=0:x:1", "START:STOP:STEP");
    add_fails("model.m.misroute_prob=1,,2", "empty value");
    add_fails("model.m.misroute_prob=0:2000000:1", "more than");
    add_fails("misroute_prob=1", "SECTION.KEY");
    /* the number grammar of number.h, naming the part at fault */
    add_fails("model.m.misroute_prob=0x0:1:0.5", "START '0x0' is not a decimal number");
    add_fails("model.m.misroute_prob=0:inf:0.5", "STOP 'inf'");
    add_fails("model.m.misroute_prob=0:1:nan", "STEP 'nan'");
    add_fails("model.m.misroute_prob=0:1e999:1", "STOP '1e999' is too large");
    add_fails("model.m.misroute_prob=0:1:0x1p-2", "STEP '0x1p-2'");
    /* blanks around a number still read */
    grid g1;
    memset(&g1, 0, sizeof g1);
    add_ok(&g1, "model.m.misroute_prob= 0 : 1 : 0.5 ");
    cr_assert_eq(g1.axis[0].n, 3);
    grid_free(&g1);
    grid g;
    memset(&g, 0, sizeof g);
    add_ok(&g, "model.m.misroute_prob=0:999:1");
    os_error e;
    cr_assert_eq(grid_add(&g, "party.p.staff=0:1000:1", &e), -1);
    cr_assert(strstr(e.msg, "1000000"), "%s", e.msg);
    grid_free(&g);
    memset(&g, 0, sizeof g);
    add_ok(&g, "model.m.misroute_prob=0,1");
    cr_assert_eq(grid_add(&g, "model.m.misroute_prob=0.5", &e), -1);
    cr_assert(strstr(e.msg, "twice"), "%s", e.msg);
    grid_free(&g);
}

Test(grid, shards_partition_the_points)
{
    int i, n;
    os_error e;
    cr_assert_eq(grid_parse_shard("2/5", &i, &n, &e), 0);
    cr_assert_eq(i, 2);
    cr_assert_eq(n, 5);
    const char *bad[] = {"0/3", "4/3", "x", "1/", "/3", "1/0", "1/3x", "-1/3", "0x1/3",
                         "1/0x3", " 1/3", "1/3/3", "1/99999999999999999999", "1/1000001"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        cr_assert_eq(grid_parse_shard(bad[k], &i, &n, &e), -1, "accepted %s", bad[k]);
        cr_assert_str_eq(e.file, "--shard");
        cr_assert(strstr(e.msg, bad[k]), "'%s' does not quote %s", e.msg, bad[k]);
    }
    cr_assert_eq(grid_parse_shard("1/1000000", &i, &n, &e), 0);
    cr_assert_eq(grid_parse_shard("3/2", &i, &n, &e), -1);
    cr_assert(strstr(e.msg, "out of range 1..2"), "%s", e.msg);
    for (uint64_t p = 0; p < 100; p++) {
        int owners = 0;
        for (int s = 1; s <= 7; s++)
            owners += grid_in_shard(p, s, 7);
        cr_assert_eq(owners, 1);
    }
}

/* ---- break-even ------------------------------------------------------------ */

static char *write_fixture(const char *text)
{
    char *p = fixture_file(text);
    cr_assert_not_null(p);
    return p;
}

/* Two one-party M/M/c models: "var" with c workers (the key varied) and
 * "base" with 4.  Same arrivals and efforts (common random numbers), so at
 * c = 4 they are identical and the difference changes sign exactly there. */
static const char *MMC2 =
    "[simulation]\nreps = 4\nincidents = 4000\nwarmup = 200\n"
    "[arrivals]\nper_week = 1008\nuser_report_delay = 0\n"
    "[severity.P1]\neffort = exponential(mean=30)\n[category.all]\n"
    "[party.a]\nstaff = 2\ncoverage = 24x7\ndetect_delay = 0\nack_delay = 0\n"
    "[party.b]\nstaff = 4\ncoverage = 24x7\ndetect_delay = 0\nack_delay = 0\n"
    "[model.var]\nowners = all:a\nmonitors = all:a\nservice_desk = a\n"
    "[model.base]\nowners = all:b\nmonitors = all:b\nservice_desk = b\n";

Test(breakeven, integer_key_crosses_at_equal_staff)
{
    char *path = write_fixture(MMC2);
    run_asm *ra = open_run(path);
    be_opts o = {.run = ra, .key = "party.a.staff", .lo = 1, .hi = 9,
                 .model = "var", .baseline = "base", .jobs = 2};
    be_result r;
    os_error e;
    err_clear(&e);
    cr_assert_eq(be_run(&o, &r, &e), 0, "%s", e.msg);
    cr_assert(r.integer);
    cr_assert(r.crosses);
    cr_assert_eq(r.value, 4);
    cr_assert_gt(r.at_lo.mean, 0, "1 worker is slower than 4");
    cr_assert_lt(r.at_hi.mean, 0, "9 workers are faster than 4");
    cr_assert_leq(r.value_lo, 4);
    cr_assert_geq(r.value_hi, 4);
    run_close(ra);
    unlink(path);
    free(path);
}

/* Every incident of "hop" takes handoff_delay - 30 minutes longer than under
 * "direct": the crossing is at exactly 30, with no uncertainty. */
static const char *HOP =
    "[simulation]\nreps = 3\nincidents = 500\n"
    "[severity.P1]\n[category.c]\n"
    "[party.p1]\nstaff = 100\ncoverage = 24x7\ndetect_delay = 0\nack_delay = 0\n"
    "[party.p2]\nstaff = 100\ncoverage = 24x7\ndetect_delay = 30\nack_delay = 0\n"
    "[model.hop]\nowners = c:p2\nmonitors = c:p1\n"
    "[model.direct]\nowners = c:p2\nmonitors = c:p2\n";

Test(breakeven, continuous_key_known_crossing)
{
    char *path = write_fixture(HOP);
    run_asm *ra = open_run(path);
    be_opts o = {.run = ra, .key = "model.hop.handoff_delay", .lo = 0, .hi = 100,
                 .model = "hop", .baseline = "direct", .jobs = 2};
    be_result r;
    os_error e;
    err_clear(&e);
    cr_assert_eq(be_run(&o, &r, &e), 0, "%s", e.msg);
    cr_assert(r.crosses);
    cr_assert_float_eq(r.value, 30, 0.01, "crossing %g", r.value);
    cr_assert_float_eq(r.value_lo, 30, 0.2);
    cr_assert_float_eq(r.value_hi, 30, 0.2);
    cr_assert_float_eq(r.at_lo.mean, -30, 1e-9);
    cr_assert_float_eq(r.at_hi.mean, 70, 1e-9);
    /* a range that does not reach the crossing */
    o.hi = 20;
    cr_assert_eq(be_run(&o, &r, &e), 0, "%s", e.msg);
    cr_assert(!r.crosses);
    cr_assert(isnan(r.value));
    run_close(ra);
    unlink(path);
    free(path);
}

Test(breakeven, bad_requests)
{
    char *path = write_fixture(HOP);
    run_asm *ra = open_run(path);
    be_result r;
    os_error e;
    be_opts o = {.run = ra, .key = "model.hop.handoff_delay", .lo = 0, .hi = 100,
                 .model = "hpo", .baseline = "direct", .jobs = 1};
    cr_assert_eq(be_run(&o, &r, &e), -1);
    cr_assert(strstr(e.msg, "did you mean hop"), "%s", e.msg);
    o.model = "hop";
    o.metric = "ttr_maen";
    cr_assert_eq(be_run(&o, &r, &e), -1);
    cr_assert(strstr(e.msg, "did you mean ttr_mean"), "%s", e.msg);
    o.metric = NULL;
    o.lo = 5;
    o.hi = 5;
    cr_assert_eq(be_run(&o, &r, &e), -1);
    o.lo = 0;
    o.key = "party.p1.coverage";
    cr_assert_eq(be_run(&o, &r, &e), -1);
    cr_assert(strstr(e.msg, "numeric"), "%s", e.msg);
    o.key = "party.p1.staff";
    o.lo = 0.5;
    cr_assert_eq(be_run(&o, &r, &e), -1);
    cr_assert(strstr(e.msg, "whole"), "%s", e.msg);
    o.lo = 1;
    o.baseline = "hop";
    cr_assert_eq(be_run(&o, &r, &e), -1);
    cr_assert(strstr(e.msg, "same"), "%s", e.msg);
    run_close(ra);
    unlink(path);
    free(path);
}

/* ---- progress (progress.h) -------------------------------------------------- */

/* Points evaluated, one call each, total unknown (0) until the last call,
 * which gives done == total == the evaluations reported; the same result
 * as without a progress function. */
Test(breakeven, progress_counts_evaluations)
{
    char *path = write_fixture(HOP);
    run_asm *ra = open_run(path);
    static progress_rec rec;
    progress_rec_start(&rec);
    be_opts o = {.run = ra, .key = "model.hop.handoff_delay", .lo = 0, .hi = 100,
                 .model = "hop", .baseline = "direct", .jobs = 2};
    be_result quiet, told;
    os_error e;
    err_clear(&e);
    cr_assert_eq(be_run(&o, &quiet, &e), 0, "%s", e.msg);
    o.progress = progress_rec_fn;
    o.progress_ctx = &rec;
    cr_assert_eq(be_run(&o, &told, &e), 0, "%s", e.msg);
    progress_rec_check(&rec, OS_PROGRESS_EVALS, told.evaluations);
    cr_assert_eq(rec.n, told.evaluations + 1, "one call per evaluation, then the last");
    for (int i = 0; i + 1 < rec.n; i++) {
        cr_assert_eq(rec.p[i].done, i + 1);
        cr_assert_eq(rec.p[i].total, 0);
    }
    cr_assert_eq(memcmp(&quiet, &told, sizeof quiet), 0);
    run_close(ra);
    unlink(path);
    free(path);
}

/* Grid points of the shard, after each chunk, ending at the shard's count;
 * sweep.csv byte-identical with and without a progress function. */
Test(sweep, progress_counts_points_of_the_shard)
{
    char *path = write_fixture(HOP);
    run_asm *ra = open_run(path);
    char dir[] = "/tmp/ownsim-sweep-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char quiet_dir[64], told_dir[64], p1[80], p2[80];
    snprintf(quiet_dir, sizeof quiet_dir, "%s/quiet", dir);
    snprintf(told_dir, sizeof told_dir, "%s/told", dir);
    grid g;
    memset(&g, 0, sizeof g);
    add_ok(&g, "model.hop.handoff_delay=0:59:1");   /* 60 points: several chunks */
    static progress_rec rec;
    os_error e;
    err_clear(&e);
    for (int shard = 1; shard >= 0; shard--) {   /* shard 2/3, then the whole grid */
        /* sweep_run writes into existing folders (the CLI's outdir makes them) */
        cr_assert_eq(mkdir(quiet_dir, 0777), 0);
        cr_assert_eq(mkdir(told_dir, 0777), 0);
        sweep_opts o = {.run = ra, .g = &g, .shard_i = shard ? 2 : 1,
                        .shard_n = shard ? 3 : 1, .jobs = 2, .out = quiet_dir};
        cr_assert_eq(sweep_run(&o, &e), 0, "%s", e.msg);
        progress_rec_start(&rec);
        o.out = told_dir;
        o.progress = progress_rec_fn;
        o.progress_ctx = &rec;
        cr_assert_eq(sweep_run(&o, &e), 0, "%s", e.msg);
        progress_rec_check(&rec, OS_PROGRESS_POINTS, shard ? 20 : 60);
        cr_assert_gt(rec.n, 1, "one call per chunk of points");
        snprintf(p1, sizeof p1, "%s/sweep.csv", quiet_dir);
        snprintf(p2, sizeof p2, "%s/sweep.csv", told_dir);
        size_t n1, n2;
        char *b1 = fixture_read(p1, &n1), *b2 = fixture_read(p2, &n2);
        cr_assert(n1 == n2 && !memcmp(b1, b2, n1), "sweep.csv differs with progress");
        free(b1);
        free(b2);
        fixture_rmdir(quiet_dir);
        fixture_rmdir(told_dir);
    }
    grid_free(&g);
    rmdir(dir);
    run_close(ra);
    unlink(path);
    free(path);
}
