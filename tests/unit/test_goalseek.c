/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_goalseek.c — goal seek (goalseek.h) on cases with known answers:
 * a staff count where two M/M/c models are identical, a delay that adds
 * exactly itself minus 30 minutes to every incident; both directions, a
 * target on a model's own value and on a paired difference; the range's
 * ends; progress; -j; and refused targets.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "fixture.h"
#include "ownsim/goalseek.h"
#include "ownsim/run.h"
#include "progress_rec.h"

static run_asm *open_text(const char *text, char **path)
{
    *path = fixture_file(text);
    cr_assert_not_null(*path);
    os_error e;
    err_clear(&e);
    run_asm *r = run_open(*path, NULL, 0, NULL, &e);
    cr_assert_not_null(r, "%s", e.msg);
    return r;
}

static void close_text(run_asm *r, char *path)
{
    run_close(r);
    unlink(path);
    free(path);
}

/* "var" has party a's c workers (the key), "base" party b's 4: identical at
 * c = 4 (same arrivals and efforts), slower below, faster above. */
static const char *MMC2 =
    "[simulation]\nreps = 4\nincidents = 4000\nwarmup = 200\n"
    "[arrivals]\nper_week = 1008\nuser_report_delay = 0\n"
    "[severity.P1]\neffort = exponential(mean=30)\n[category.all]\n"
    "[party.a]\nstaff = 2\ncoverage = 24x7\ndetect_delay = 0\nack_delay = 0\n"
    "[party.b]\nstaff = 4\ncoverage = 24x7\ndetect_delay = 0\nack_delay = 0\n"
    "[model.var]\nowners = all:a\nmonitors = all:a\nservice_desk = a\n"
    "[model.base]\nowners = all:b\nmonitors = all:b\nservice_desk = b\n";

Test(goalseek, fewest_staff_matching_a_baseline)
{
    char *path;
    run_asm *ra = open_text(MMC2, &path);
    gs_opts o = {.run = ra, .key = "party.a.staff", .lo = 1, .hi = 9, .model = "var",
                 .baseline = "base", .target = "ttr_mean <= 0", .jobs = 2};
    gs_result r;
    os_error e;
    err_clear(&e);
    cr_assert_eq(gs_run(&o, &r, &e), 0, "%s", e.msg);
    cr_assert(r.integer);
    cr_assert_eq(r.status, GS_FOUND);
    cr_assert_eq(r.value, 4, "value %g", r.value);
    cr_assert_eq(r.at_value.mean, 0, "identical models at 4");
    cr_assert_eq(r.at_value.lo, 0);
    cr_assert_leq(r.value_lo, 4);
    cr_assert_geq(r.value_hi, 4);
    cr_assert_str_eq(r.metric, "ttr_mean");
    cr_assert_str_eq(r.baseline, "base");
    /* the largest staff at which var is at least as slow: 4 as well */
    o.target = "ttr_mean>=0";
    o.largest = true;
    cr_assert_eq(gs_run(&o, &r, &e), 0, "%s", e.msg);
    cr_assert_eq(r.status, GS_FOUND);
    cr_assert_eq(r.value, 4, "value %g", r.value);
    /* the same on the metric of one severity (the only one) */
    o.target = "ttr_mean:P1>=0";
    gs_result r1;
    cr_assert_eq(gs_run(&o, &r1, &e), 0, "%s", e.msg);
    cr_assert_eq(r1.value, 4);
    cr_assert_str_eq(r1.metric, "ttr_mean:P1");
    close_text(ra, path);
}

/* Every incident of "hop" takes handoff_delay - 30 minutes longer than
 * under "direct", with no uncertainty. */
static const char *HOP =
    "[simulation]\nreps = 3\nincidents = 500\n"
    "[severity.P1]\n[category.c]\n"
    "[party.p1]\nstaff = 100\ncoverage = 24x7\ndetect_delay = 0\nack_delay = 0\n"
    "[party.p2]\nstaff = 100\ncoverage = 24x7\ndetect_delay = 30\nack_delay = 0\n"
    "[model.hop]\nowners = c:p2\nmonitors = c:p1\n"
    "[model.direct]\nowners = c:p2\nmonitors = c:p2\n";

Test(goalseek, real_key_known_boundary)
{
    char *path;
    run_asm *ra = open_text(HOP, &path);
    gs_opts o = {.run = ra, .key = "model.hop.handoff_delay", .lo = 0, .hi = 100,
                 .model = "hop", .baseline = "direct", .target = "ttr_mean<=0",
                 .largest = true, .jobs = 2};
    gs_result r;
    os_error e;
    err_clear(&e);
    cr_assert_eq(gs_run(&o, &r, &e), 0, "%s", e.msg);
    cr_assert(!r.integer);
    cr_assert_eq(r.status, GS_FOUND);
    /* the meeting end of the last bracket: at most 1/1000 of the range
     * below 30, never above */
    cr_assert(r.value <= 30 && r.value >= 29.9, "value %g", r.value);
    cr_assert_leq(r.at_value.mean, 0);
    cr_assert(r.value_lo >= 29.9 && r.value_hi <= 30, "[%g, %g]", r.value_lo, r.value_hi);
    cr_assert_float_eq(r.at_lo.mean, -30, 1e-9);
    cr_assert_float_eq(r.at_hi.mean, 70, 1e-9);
    /* the smallest delay at which hop is at least 20 minutes slower: 50 */
    o.target = "ttr_mean>=20";
    o.largest = false;
    cr_assert_eq(gs_run(&o, &r, &e), 0, "%s", e.msg);
    cr_assert(r.value >= 50 && r.value <= 50.1, "value %g", r.value);
    /* without a baseline: hop's own mean, known from its value at 0 */
    o.baseline = NULL;
    o.target = "ttr_mean<=0";
    cr_assert_eq(gs_run(&o, &r, &e), 0, "%s", e.msg);
    cr_assert_eq(r.status, GS_NOWHERE);
    cr_assert(isnan(r.value) && isnan(r.value_lo));
    double own0 = r.at_lo.mean;   /* direct's mean - 30 */
    char t[64];
    snprintf(t, sizeof t, "ttr_mean<=%.17g", own0 + 50);
    o.target = t;
    o.largest = true;
    cr_assert_eq(gs_run(&o, &r, &e), 0, "%s", e.msg);
    cr_assert_eq(r.status, GS_FOUND);
    cr_assert(r.value <= 50 && r.value >= 49.9, "value %g", r.value);
    cr_assert_str_eq(r.baseline, "");
    close_text(ra, path);
}

Test(goalseek, the_ends_of_the_range)
{
    char *path;
    run_asm *ra = open_text(HOP, &path);
    gs_opts o = {.run = ra, .key = "model.hop.handoff_delay", .lo = 0, .hi = 100,
                 .model = "hop", .baseline = "direct", .target = "ttr_mean<=1000", .jobs = 1};
    gs_result r;
    os_error e;
    err_clear(&e);
    cr_assert_eq(gs_run(&o, &r, &e), 0, "%s", e.msg);
    cr_assert_eq(r.status, GS_EVERYWHERE);
    cr_assert_eq(r.value, 0);
    cr_assert(r.lo_open);
    cr_assert_eq(r.evaluations, 2, "only the ends are run");
    o.largest = true;
    cr_assert_eq(gs_run(&o, &r, &e), 0, "%s", e.msg);
    cr_assert_eq(r.status, GS_EVERYWHERE);
    cr_assert_eq(r.value, 100);
    cr_assert(r.hi_open);
    /* met at LO only, seeking the smallest: LO itself */
    o.largest = false;
    o.target = "ttr_mean<=0";
    cr_assert_eq(gs_run(&o, &r, &e), 0, "%s", e.msg);
    cr_assert_eq(r.status, GS_AT_END);
    cr_assert_eq(r.value, 0);
    o.target = "ttr_mean<=-1000";
    cr_assert_eq(gs_run(&o, &r, &e), 0, "%s", e.msg);
    cr_assert_eq(r.status, GS_NOWHERE);
    cr_assert_str_eq(gs_status_name(GS_NOWHERE), "nowhere");
    close_text(ra, path);
}

Test(goalseek, same_answer_for_every_jobs_and_progress)
{
    char *path;
    run_asm *ra = open_text(MMC2, &path);
    static progress_rec rec;
    progress_rec_start(&rec);
    gs_opts o = {.run = ra, .key = "party.a.staff", .lo = 1, .hi = 9, .model = "var",
                 .target = "ttr_mean<=40", .jobs = 1};
    gs_result a, b;
    os_error e;
    err_clear(&e);
    cr_assert_eq(gs_run(&o, &a, &e), 0, "%s", e.msg);
    o.jobs = 3;
    o.progress = progress_rec_fn;
    o.progress_ctx = &rec;
    cr_assert_eq(gs_run(&o, &b, &e), 0, "%s", e.msg);
    cr_assert_eq(memcmp(&a, &b, sizeof a), 0, "-j 1 and -j 3 differ");
    progress_rec_check(&rec, OS_PROGRESS_EVALS, b.evaluations);
    cr_assert_eq(rec.n, b.evaluations + 1, "one call per evaluation, then the last");
    close_text(ra, path);
}

static void refused(run_asm *ra, const char *target, const char *file, const char *fragment)
{
    gs_opts o = {.run = ra, .key = "model.hop.handoff_delay", .lo = 0, .hi = 100,
                 .model = "hop", .target = target, .jobs = 1};
    gs_result r;
    os_error e;
    err_clear(&e);
    cr_assert_eq(gs_run(&o, &r, &e), -1, "accepted %s", target);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_str_eq(e.file, file);
    cr_assert(strstr(e.msg, fragment), "%s: '%s' lacks '%s'", target, e.msg, fragment);
}

Test(goalseek, refused_targets_and_requests)
{
    char *path;
    run_asm *ra = open_text(HOP, &path);
    refused(ra, "ttr_mean<30", "--target", "is not METRIC<=X or METRIC>=X");
    refused(ra, "ttr_mean=30", "--target", "is not METRIC<=X or METRIC>=X");
    refused(ra, "", "--target", "is not METRIC<=X or METRIC>=X");
    refused(ra, "ttr_maen<=30", "--target", "did you mean ttr_mean?");
    refused(ra, "<=30", "--target", "unknown metric");
    refused(ra, "ttr_mean:P2<=30", "--target", "the severities of");
    refused(ra, "work_mean:P1<=30", "--target", "no per-severity value");
    refused(ra, "ttr_mean<=", "--target", "the target X ''");
    refused(ra, "ttr_mean<=3O", "--target", "is not a decimal number");
    refused(ra, "ttr_mean<=inf", "--target", "the target X 'inf'");
    gs_opts o = {.run = ra, .key = "party.p1.staff", .lo = 0.5, .hi = 9, .model = "hop",
                 .target = "ttr_mean<=30", .jobs = 1};
    gs_result r;
    os_error e;
    err_clear(&e);
    cr_assert_eq(gs_run(&o, &r, &e), -1);
    cr_assert(strstr(e.msg, "whole"), "%s", e.msg);
    o.lo = 1;
    o.model = "hpo";
    cr_assert_eq(gs_run(&o, &r, &e), -1);
    cr_assert(strstr(e.msg, "did you mean hop"), "%s", e.msg);
    o.model = "hop";
    o.baseline = "hop";
    cr_assert_eq(gs_run(&o, &r, &e), -1);
    cr_assert(strstr(e.msg, "same"), "%s", e.msg);
    o.baseline = NULL;
    o.key = "party.p1.coverage";
    cr_assert_eq(gs_run(&o, &r, &e), -1);
    cr_assert(strstr(e.msg, "goalseek needs a numeric key"), "%s", e.msg);
    close_text(ra, path);
}
