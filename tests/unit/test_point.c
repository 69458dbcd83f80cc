/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_point.c — the point runner: independent of threads, memory per task.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "ownsim/point.h"
#include "progress_rec.h"

static const char *TWO =
    "[simulation]\nreps = 6\nincidents = 2000\nwarmup = 100\n"
    "[severity.P1]\n[severity.P2]\n[category.a]\n[category.b]\n"
    "[party.x]\nstaff = 2\n[party.y]\nstaff = 2\ncoverage = 24x7\n"
    "[model.split]\nowners = a:x, b:x+y\nmisroute_prob = 0.3\nhandoff_delay = exponential(mean=20)\n"
    "[model.one]\nowners = a:y, b:y\nmonitors = a:y, b:y\nstaff = y:4\n";

static size_t count_lines(const char *buf, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += buf[i] == '\n';
    return k;
}

Test(point, same_result_for_any_number_of_jobs)
{
    os_error e;
    scenario *s = fixture_load(TWO, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    char dir[] = "/tmp/ownsim-point-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char p1[64], p3[64];
    snprintf(p1, sizeof p1, "%s/t1.csv", dir);
    snprintf(p3, sizeof p3, "%s/t3.csv", dir);
    point_result r1, r3;
    point_opts o1 = {.jobs = 1, .trace = p1}, o3 = {.jobs = 3, .trace = p3};
    cr_assert_eq(point_run(s, &o1, &r1, &e), 0, "%s", e.msg);
    cr_assert_eq(point_run(s, &o3, &r3, &e), 0, "%s", e.msg);
    cr_assert_eq(memcmp(r1.rs, r3.rs, sizeof *r1.rs * 12), 0);
    size_t n1, n3;
    char *b1 = fixture_read(p1, &n1), *b3 = fixture_read(p3, &n3);
    cr_assert_eq(n1, n3);
    cr_assert_eq(memcmp(b1, b3, n1), 0, "traces differ between -j 1 and -j 3");
    cr_assert_eq(count_lines(b1, n1), 1 + (size_t)(6 * 2 * 1900), "header + counted incidents");
    cr_assert(!strncmp(b1, "rep,id,model,", 13));
    for (int m = 0; m < 2; m++)
        cr_assert_eq(hist_quantile(point_hist(&r1, m, -1), 0.9),
                     hist_quantile(point_hist(&r3, m, -1), 0.9));
    /* warmup: counted incidents exclude the first 100 */
    cr_assert_eq(point_rep(&r1, 0, 0)->n, 1900);
    free(b1);
    free(b3);
    unlink(p1);
    unlink(p3);
    rmdir(dir);
    point_free(&r1);
    point_free(&r3);
    scn_destroy(s);
}

Test(point, trace_rows_in_id_order_per_task)
{
    os_error e;
    scenario *s = fixture_load(TWO, NULL, 0, &e);
    char path[] = "/tmp/ownsim-trace-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    point_result r;
    point_opts o = {.jobs = 2, .trace = path};
    cr_assert_eq(point_run(s, &o, &r, &e), 0, "%s", e.msg);
    FILE *f = fopen(path, "r");
    char line[1024];
    cr_assert_not_null(fgets(line, sizeof line, f));
    long prev_rep = -1, prev_id = -1;
    char prev_model[64] = "";
    long rows = 0;
    while (fgets(line, sizeof line, f)) {
        long rep, id;
        char model[64];
        cr_assert_eq(sscanf(line, "%ld,%ld,%63[^,]", &rep, &id, model), 3);
        if (rep == prev_rep && !strcmp(model, prev_model))
            cr_assert_eq(id, prev_id + 1, "ids of one task are consecutive");
        else
            cr_assert_eq(id, 100, "a task starts at the first counted id");
        prev_rep = rep;
        prev_id = id;
        snprintf(prev_model, sizeof prev_model, "%s", model);
        rows++;
    }
    fclose(f);
    cr_assert_eq(rows, 6 * 2 * 1900);
    unlink(path);
    point_free(&r);
    scn_destroy(s);
}

Test(point, batch_equals_one_by_one)
{
    os_error e;
    scn_override a[] = {{"model.split.misroute_prob", "0.1", NULL}};
    scn_override b[] = {{"model.split.misroute_prob", "0.6", NULL}};
    scenario *s1 = fixture_load(TWO, a, 1, &e), *s2 = fixture_load(TWO, b, 1, &e);
    cr_assert(s1 && s2);
    const scenario *pts[] = {s1, s2, s1};
    point_result batch[3], one;
    point_opts o = {.jobs = 2};
    cr_assert_eq(point_run_batch(pts, 3, &o, batch, &e), 0);
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(point_run(pts[i], &o, &one, &e), 0);
        cr_assert_eq(memcmp(one.rs, batch[i].rs, 12 * sizeof *one.rs), 0, "point %d", i);
        point_free(&one);
        point_free(&batch[i]);
    }
    scn_destroy(s1);
    scn_destroy(s2);
}

/* Progress (progress.h): model-replications, on the calling thread only,
 * done never going down and ending at the number of tasks, for one point
 * and for a batch; and reporting changes nothing in the results. */
Test(point, progress_counts_tasks_on_the_calling_thread)
{
    os_error e;
    scenario *s = fixture_load(TWO, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    static progress_rec rec;
    progress_rec_start(&rec);
    point_result quiet, told;
    point_opts o = {.jobs = 3}, op = {.jobs = 3, .progress = progress_rec_fn, .progress_ctx = &rec};
    cr_assert_eq(point_run(s, &o, &quiet, &e), 0, "%s", e.msg);
    cr_assert_eq(point_run(s, &op, &told, &e), 0, "%s", e.msg);
    progress_rec_check(&rec, OS_PROGRESS_TASKS, 2 * 6);
    cr_assert_eq(memcmp(quiet.rs, told.rs, 12 * sizeof *quiet.rs), 0);
    point_free(&quiet);
    point_free(&told);

    const scenario *pts[] = {s, s, s};
    point_result batch[3];
    progress_rec_start(&rec);
    cr_assert_eq(point_run_batch(pts, 3, &op, batch, &e), 0, "%s", e.msg);
    progress_rec_check(&rec, OS_PROGRESS_TASKS, 3 * 2 * 6);
    for (int i = 0; i < 3; i++)
        point_free(&batch[i]);

    /* a model mask: the tasks left out count as done too */
    op.models = 1u << 1;
    progress_rec_start(&rec);
    cr_assert_eq(point_run(s, &op, &told, &e), 0, "%s", e.msg);
    progress_rec_check(&rec, OS_PROGRESS_TASKS, 2 * 6);
    point_free(&told);
    scn_destroy(s);
}

Test(point, model_mask_runs_only_the_models_asked)
{
    os_error e;
    scenario *s = fixture_load(TWO, NULL, 0, &e);
    point_result r, all;
    point_opts o = {.jobs = 2, .models = 1u << 1}, o2 = {.jobs = 2};
    cr_assert_eq(point_run(s, &o, &r, &e), 0);
    cr_assert_eq(point_run(s, &o2, &all, &e), 0);
    cr_assert_eq(point_rep(&r, 0, 0)->n, 0);
    cr_assert(isnan(point_rep(&r, 0, 0)->ttr));
    cr_assert_eq(memcmp(point_rep(&r, 1, 0), point_rep(&all, 1, 0), sizeof(rep_stats)), 0);
    point_free(&r);
    point_free(&all);
    scn_destroy(s);
}

/* With one severity the runner counts only the overall histogram and lets
 * it stand for the severity's: both must come out the same, merged over
 * workers, and the same as with two severities of which one never occurs. */
Test(point, single_severity_histogram_equals_overall)
{
    os_error e;
    const char *ONE =
        "[simulation]\nreps = 4\nincidents = 3000\n"
        "[severity.P1]\n[category.a]\n[party.x]\nstaff = 2\ncoverage = 24x7\n"
        "[model.m]\nowners = a:x\nmonitors = a:x\nstaff = x:3\n";
    scenario *s = fixture_load(ONE, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    point_result r;
    point_opts o = {.jobs = 2};
    cr_assert_eq(point_run(s, &o, &r, &e), 0, "%s", e.msg);
    const hist *all = point_hist(&r, 0, -1), *p1 = point_hist(&r, 0, 0);
    cr_assert_eq(hist_count(all), 4 * 3000.0);
    cr_assert_eq(hist_count(p1), hist_count(all));
    for (double q = 0.05; q < 1.0; q += 0.05)
        cr_assert_eq(hist_quantile(p1, q), hist_quantile(all, q), "q=%g", q);
    cr_assert_eq(hist_quantile(p1, 0.0), hist_quantile(all, 0.0), "same smallest value");
    cr_assert_eq(hist_quantile(p1, 1.0), hist_quantile(all, 1.0), "same largest value");
    point_free(&r);
    scn_destroy(s);
}

/* Fewer replications than workers: each replication's models are split
 * over tasks, each generating the stream itself.  The results and the
 * trace are those of one worker, which runs every replication's models in
 * lockstep over one stream; a model mask too. */
Test(point, models_split_over_workers_same_result)
{
    os_error e;
    const char *THREE =
        "[simulation]\nreps = 1\nincidents = 3000\nwarmup = 10\n"
        "[severity.P1]\n[severity.P2]\n[category.a]\n[category.b]\n"
        "[party.x]\nstaff = 2\n[party.y]\nstaff = 2\ncoverage = 24x7\n"
        "[model.split]\nowners = a:x, b:x+y\nmisroute_prob = 0.3\nhandoff_delay = exponential(mean=20)\n"
        "[model.one]\nowners = a:y, b:y\nmonitors = a:y, b:y\nstaff = y:4\n"
        "[model.orphans]\nowners = a:x+y, b:x+y\norphan_prob = 0.5\n";
    for (int reps = 1; reps <= 2; reps++) {
        char rv[16];
        snprintf(rv, sizeof rv, "%d", reps);
        scn_override ov[] = {{"simulation.reps", rv, NULL}};
        scenario *s = fixture_load(THREE, ov, 1, &e);
        cr_assert_not_null(s, "%s", e.msg);
        size_t nrs = 3 * (size_t)reps;
        char dir[] = "/tmp/ownsim-split-XXXXXX";
        cr_assert_not_null(mkdtemp(dir));
        char p1[64];
        snprintf(p1, sizeof p1, "%s/t1.csv", dir);
        point_result r1;
        point_opts o1 = {.jobs = 1, .trace = p1};
        cr_assert_eq(point_run(s, &o1, &r1, &e), 0, "%s", e.msg);
        size_t n1;
        char *b1 = fixture_read(p1, &n1);
        cr_assert_eq(count_lines(b1, n1), 1 + nrs * 2990);
        for (int jobs = 2; jobs <= 7; jobs++) {
            char pj[64];
            snprintf(pj, sizeof pj, "%s/t%d.csv", dir, jobs);
            point_result rj;
            point_opts oj = {.jobs = jobs, .trace = pj};
            cr_assert_eq(point_run(s, &oj, &rj, &e), 0, "%s", e.msg);
            cr_assert_eq(memcmp(r1.rs, rj.rs, nrs * sizeof *r1.rs), 0, "reps %d -j %d", reps, jobs);
            for (int i = 0; i < 3 * (1 + s->nsev); i++)
                cr_assert_eq(hist_quantile(r1.ttr[i], 0.5), hist_quantile(rj.ttr[i], 0.5));
            size_t nj;
            char *bj = fixture_read(pj, &nj);
            cr_assert(nj == n1 && !memcmp(b1, bj, n1), "trace of -j %d differs", jobs);
            free(bj);
            unlink(pj);
            point_free(&rj);
            /* two models of three, split or not */
            point_result m1, mj;
            point_opts q1 = {.jobs = 1, .models = 5}, qj = {.jobs = jobs, .models = 5};
            cr_assert_eq(point_run(s, &q1, &m1, &e), 0, "%s", e.msg);
            cr_assert_eq(point_run(s, &qj, &mj, &e), 0, "%s", e.msg);
            cr_assert_eq(memcmp(m1.rs, mj.rs, nrs * sizeof *m1.rs), 0);
            cr_assert_eq(memcmp(point_rep(&m1, 2, 0), point_rep(&r1, 2, 0), sizeof(rep_stats)), 0);
            cr_assert_eq(point_rep(&mj, 1, 0)->n, 0);
            point_free(&m1);
            point_free(&mj);
        }
        free(b1);
        unlink(p1);
        rmdir(dir);
        point_free(&r1);
        scn_destroy(s);
    }
}

/* Models that fail at different points of the stream: the error is the
 * first model's in order (the one a run of the models one after the other
 * meets), even when a later model, replayed in lockstep, fails earlier. */
Test(point, failure_of_the_first_model_in_order_is_reported)
{
    os_error e;
    /* "busy" bounces every ticket to its limit: far more events per
     * incident than "calm", so it reaches max_events much earlier */
    const char *ORDER =
        "[simulation]\nreps = 2\nincidents = 4000\nmax_events = 5000\n"
        "[severity.P1]\n[category.a]\n"
        "[party.x]\nstaff = 2\ncoverage = 24x7\n[party.y]\nstaff = 2\ncoverage = 24x7\n"
        "[model.calm]\nowners = a:y\nmonitors = a:y\n"
        "[model.busy]\nowners = a:x+y\nmisroute_prob = 1\nbounce_limit = 3\n";
    scenario *s = fixture_load(ORDER, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    point_result r;
    point_opts o = {.jobs = 1};
    cr_assert_eq(point_run(s, &o, &r, &e), -1);
    cr_assert(strstr(e.msg, "model calm"), "%s", e.msg);
    cr_assert(strstr(e.msg, "replication 0"), "%s", e.msg);
    /* and busy alone does fail, sooner */
    o.models = 2;
    cr_assert_eq(point_run(s, &o, &r, &e), -1);
    cr_assert(strstr(e.msg, "model busy"), "%s", e.msg);
    scn_destroy(s);
}
