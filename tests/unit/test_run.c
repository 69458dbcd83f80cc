/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_run.c — the run assembly (run.h) and the scenario source it rests on
 * (scn_read / scn_resolve, scenario.h).
 *
 * The proof that a point reads no file: the assembly is opened, then the
 * scenario file, its include and its empirical CSVs (and the outage list)
 * are deleted, and points are still derived — each equal, as scn_write
 * prints it, to scn_load of the same overrides while the files were there.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "ownsim/outages.h"
#include "ownsim/run.h"
#include "ownsim/scenario.h"

/* A scenario in dir: main.ini includes sub/inc.ini; each names an
 * empirical CSV called eff.csv relative to its own folder (two files with
 * different values: a cache keyed by text alone would mix them up). */
typedef struct files {
    char dir[64];             /* the temporary folder */
    char sub[96];             /* dir/sub */
    char main_ini[128];       /* dir/main.ini */
    char inc_ini[128];        /* dir/sub/inc.ini */
    char eff_main[128];       /* dir/eff.csv */
    char eff_sub[128];        /* dir/sub/eff.csv */
    char list[128];           /* dir/list.csv, once written */
} files;

static void make_files(files *f)
{
    snprintf(f->dir, sizeof f->dir, "/tmp/ownsim-run-XXXXXX");
    cr_assert_not_null(mkdtemp(f->dir));
    snprintf(f->sub, sizeof f->sub, "%s/sub", f->dir);
    cr_assert_eq(mkdir(f->sub, 0777), 0);
    snprintf(f->main_ini, sizeof f->main_ini, "%s/main.ini", f->dir);
    snprintf(f->inc_ini, sizeof f->inc_ini, "%s/inc.ini", f->sub);
    snprintf(f->eff_main, sizeof f->eff_main, "%s/eff.csv", f->dir);
    snprintf(f->eff_sub, sizeof f->eff_sub, "%s/eff.csv", f->sub);
    snprintf(f->list, sizeof f->list, "%s/list.csv", f->dir);
    fixture_write_text(f->eff_main, "effort\n5\n7\n11\n13\n");
    fixture_write_text(f->eff_sub, "effort\n100\n200\n300\n400\n500\n");
    fixture_write_text(f->inc_ini,
        "[simulation]\nreps = 2\nincidents = 300\nseed = 3\n"
        "[severity.P1]\neffort = empirical(file=eff.csv, column=effort)\n"
        "[party.a]\nstaff = 2\ncoverage = 24x7\n");
    fixture_write_text(f->main_ini,
        "include = sub/inc.ini\n"
        "[severity.P1]\n"
        "[severity.P2]\neffort = empirical(file=eff.csv, column=effort)\n"
        "[category.net]\n[category.apps]\nweight = 2\n"
        "[party.a]\n"
        "[party.b]\nstaff = 3\ncoverage = 24x7\n"
        "[model.x]\nowners = net:a, apps:a\n"
        "[model.y]\nowners = net:b, apps:a+b\nmisroute_prob = 0.1\n");
}

static void remove_files(files *f)
{
    unlink(f->main_ini);
    unlink(f->inc_ini);
    unlink(f->eff_main);
    unlink(f->eff_sub);
    unlink(f->list);
    rmdir(f->sub);
    rmdir(f->dir);
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

static const scn_override BASE_OV[] = {
    {"simulation.reps", "3", "-r"},
    {"model.y.misroute_prob", "0.2", NULL},
};
#define NBASE 2

/* The points derived: each a list of overrides (NULL key ends it). */
static const scn_override POINTS[][3] = {
    {{NULL, NULL, NULL}},                                           /* the base itself */
    {{"party.b.staff", "7", "--vary"}, {NULL, NULL, NULL}},         /* flows into model staff */
    {{"model.y.misroute_prob", "0.45", "--vary"}, {NULL, NULL, NULL}},
    {{"severity.P2.effort", "lognormal(median=30, p90=90)", "--vary"},
     {"party.a.staff", "4", "--vary"}, {NULL, NULL, NULL}},
    {{"severity.P1.effort", "lognormal(median=30, p90=90)", "--vary"},
     {"severity.P2.effort", "empirical(file=eff.csv, column=effort)", "--vary"},
     {NULL, NULL, NULL}},   /* the base's text of P2 again, from the command line:
                               relative to the current folder, so another file */
};
#define NPOINTS (sizeof POINTS / sizeof POINTS[0])

static int npov(const scn_override *p)
{
    int n = 0;
    while (p[n].key)
        n++;
    return n;
}

/* What each point should be: scn_load of the base's and the point's
 * overrides while the files are there, as scn_write prints it. */
static void load_expected(const files *f, char *expect[NPOINTS])
{
    scn_override ov[NBASE + 3];
    memcpy(ov, BASE_OV, sizeof BASE_OV);
    os_error e;
    for (size_t p = 0; p < NPOINTS; p++) {
        int n = npov(POINTS[p]);
        memcpy(ov + NBASE, POINTS[p], (size_t)n * sizeof *ov);
        err_clear(&e);
        scenario *s = scn_load(f->main_ini, ov, NBASE + n, &e);
        cr_assert_not_null(s, "point %zu: %s", p, e.msg);
        expect[p] = written(s);
        scn_destroy(s);
    }
}

/* Every point derived from r equals expect[], twice (the source is
 * unchanged by deriving), and still lists the files read as inputs. */
static void check_points(run_asm *r, char *const expect[NPOINTS])
{
    os_error e;
    char *base = written(run_base(r));
    cr_assert_str_eq(base, expect[0], "the base differs from scn_load's");
    free(base);
    for (int round = 0; round < 2; round++)
        for (size_t p = 0; p < NPOINTS; p++) {
            err_clear(&e);
            scenario *s = run_derive(r, POINTS[p], npov(POINTS[p]), &e);
            cr_assert_not_null(s, "point %zu without the files: %s", p, e.msg);
            char *got = written(s);
            cr_assert_str_eq(got, expect[p], "point %zu differs from scn_load's", p);
            free(got);
            if (p == 1) {
                /* party.b.staff flowed into both models' staff, as --set does */
                cr_assert_eq(s->model[0].staff[1], 7);
                cr_assert_eq(s->model[1].staff[1], 7);
            }
            /* the files read are still its inputs (provenance) */
            cr_assert_geq(s->ninputs, 3, "point %zu lists %d inputs", p, s->ninputs);
            cr_assert(strstr(s->inputs[0], "main.ini"));
            cr_assert(strstr(s->inputs[1], "sub/inc.ini"));
            cr_assert_null(run_list(r, s), "generated: no list");
            scn_destroy(s);
        }
}

/* With the files gone, a bad point is still reported naming the override,
 * and a file a point names for the first time is read then: missing it is
 * an error, not a silent default. */
static void check_bad_points(run_asm *r)
{
    os_error e;
    scn_override bad = {"party.a.staff", "-1", "--vary"};
    err_clear(&e);
    cr_assert_null(run_derive(r, &bad, 1, &e));
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_str_eq(e.file, "--vary");
    cr_assert_str_eq(e.key, "party.a.staff");
    scn_override other = {"severity.P2.effort", "empirical(file=sub/none.csv, column=effort)",
                          "--vary"};
    err_clear(&e);
    cr_assert_null(run_derive(r, &other, 1, &e));
    cr_assert(strstr(e.msg, "none.csv"), "%s", e.msg);
}

Test(run, points_derived_in_memory_equal_scn_load_with_the_files_gone)
{
    files f;
    make_files(&f);
    /* the last point names eff.csv from the command line, relative to the
     * current folder: run from sub, so that it is sub/eff.csv, not the
     * base's dir/eff.csv (an axis value is first read by sweep's check of
     * every axis value, so here it is derived once before the files go) */
    char cwd[4096];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_eq(chdir(f.sub), 0);
    char *expect[NPOINTS];
    load_expected(&f, expect);

    os_error e;
    err_clear(&e);
    run_asm *r = run_open(f.main_ini, BASE_OV, NBASE, NULL, &e);
    cr_assert_not_null(r, "%s", e.msg);
    scenario *first = run_derive(r, POINTS[NPOINTS - 1], npov(POINTS[NPOINTS - 1]), &e);
    cr_assert_not_null(first, "%s", e.msg);
    scn_destroy(first);
    /* every file the run could read, gone: what follows reads nothing */
    unlink(f.main_ini);
    unlink(f.inc_ini);
    unlink(f.eff_main);
    unlink(f.eff_sub);

    check_points(r, expect);
    /* the eff.csv of three folders were not mixed up */
    const scenario *b = run_base(r);
    cr_assert_float_eq(dist_mean(&b->sev[0].effort), 300, 1e-9);
    cr_assert_float_eq(dist_mean(&b->sev[1].effort), 9, 1e-9);
    scenario *last = run_derive(r, POINTS[NPOINTS - 1], npov(POINTS[NPOINTS - 1]), &e);
    cr_assert_not_null(last, "%s", e.msg);
    cr_assert_float_eq(dist_mean(&last->sev[1].effort), 300, 1e-9);
    scn_destroy(last);
    check_bad_points(r);

    run_close(r);
    for (size_t p = 0; p < NPOINTS; p++)
        free(expect[p]);
    cr_assert_eq(chdir(cwd), 0);
    remove_files(&f);
}

/* The outage list is read once at open; every scenario replays it under
 * the counting rules, whatever happens to the file afterwards. */
Test(run, list_read_once_and_counted)
{
    files f;
    make_files(&f);
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(f.main_ini, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    cr_assert_eq(outlist_write(s, 0, 40, f.list, false, &e), 0, "%s", e.msg);
    scn_destroy(s);

    /* as is: a resampled list (reps > 1 by default) may replay more than
     * it holds (test_resample.c) */
    scn_override ov[2] = {{"simulation.outages", f.list, NULL},
                          {"simulation.resample", "none", NULL}};
    run_asm *r = run_open(f.main_ini, ov, 2, NULL, &e);
    cr_assert_not_null(r, "%s", e.msg);
    unlink(f.list);
    unlink(f.main_ini);
    unlink(f.inc_ini);

    /* incidents = 300 in the file, but the whole list (40) is replayed */
    const scenario *b = run_base(r);
    const outage_list *l = run_list(r, b);
    cr_assert_not_null(l);
    cr_assert_eq(l->n, 40);
    cr_assert_eq(b->incidents, 40);
    cr_assert_str_eq(b->outages, f.list);

    /* a point replays the same list (the same pointer: batches share it);
     * its own count of incidents is explicit: the first rows; more than
     * the list holds is refused as is (it was cut to the list until issue
     * 24) */
    static const struct { const char *n; long want; } counts[] = {
        {NULL, 40}, {"10", 10}, {"1000", -1}};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        scn_override p[2] = {{"party.b.staff", "5", "--vary"},
                             {"simulation.incidents", counts[i].n, "--vary"}};
        err_clear(&e);
        scenario *pt = run_derive(r, p, counts[i].n ? 2 : 1, &e);
        if (counts[i].want < 0) {
            cr_assert_null(pt);
            cr_assert_str_eq(e.key, "simulation.incidents");
            continue;
        }
        cr_assert_not_null(pt, "%s", e.msg);
        cr_assert_eq(pt->incidents, counts[i].want, "incidents %s: %ld", counts[i].n,
                     pt->incidents);
        cr_assert_eq(run_list(r, pt), l);
        scn_destroy(pt);
    }
    /* the warm-up is checked against the rows a point replays (the file's
     * 300 incidents pass the scenario's own check, 40 are replayed) */
    scn_override w[1] = {{"simulation.warmup", "40", "--vary"}};
    err_clear(&e);
    cr_assert_null(run_derive(r, w, 1, &e));
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_str_eq(e.key, "simulation.warmup");
    cr_assert_str_eq(e.msg, "40 is not smaller than the 40 outages replayed");
    w[0].value = "39";
    scenario *ok = run_derive(r, w, 1, &e);
    cr_assert_not_null(ok, "%s", e.msg);
    scn_destroy(ok);
    run_close(r);
    remove_files(&f);
}

/* -n N (incidents_given): the list as is is read up to N rows and N
 * replayed (resampled, it is read whole: test_resample.c). */
Test(run, incidents_given_reads_and_replays_that_many)
{
    files f;
    make_files(&f);
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(f.main_ini, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    cr_assert_eq(outlist_write(s, 0, 40, f.list, false, &e), 0, "%s", e.msg);
    scn_destroy(s);
    scn_override ov[3] = {{"simulation.outages", f.list, NULL},
                          {"simulation.incidents", "25", "-n"},
                          {"simulation.resample", "none", NULL}};
    run_opts o = {.incidents_given = true};
    run_asm *r = run_open(f.main_ini, ov, 3, &o, &e);
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert_eq(run_base(r)->incidents, 25);
    cr_assert_eq(run_list(r, run_base(r))->n, 25, "read no further than -n");
    run_close(r);
    remove_files(&f);
}

/* A warm-up not below the outages listed: run_open refuses, naming the
 * key (the CLI's exit 2); before, the CLI checked this itself. */
Test(run, warmup_not_below_the_list_is_refused)
{
    files f;
    make_files(&f);
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(f.main_ini, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    cr_assert_eq(outlist_write(s, 0, 20, f.list, false, &e), 0, "%s", e.msg);
    scn_destroy(s);
    scn_override ov[2] = {{"simulation.outages", f.list, NULL},
                          {"simulation.warmup", "20", "--warmup"}};
    err_clear(&e);
    cr_assert_null(run_open(f.main_ini, ov, 2, NULL, &e));
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_str_eq(e.file, f.main_ini);
    cr_assert_str_eq(e.key, "simulation.warmup");
    cr_assert_str_eq(e.msg, "20 is not smaller than the 20 outages replayed");
    ov[1].value = "19";
    err_clear(&e);
    run_asm *r = run_open(f.main_ini, ov, 2, NULL, &e);
    cr_assert_not_null(r, "%s", e.msg);
    run_close(r);
    remove_files(&f);
}

/* scn_resolve of one source, again and again, gives what scn_load gives;
 * the source's errors are found by scn_read. */
Test(run, source_errors_and_repeated_resolution)
{
    os_error e;
    err_clear(&e);
    cr_assert_null(scn_read("/nonexistent/x.ini", &e));
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    char *path = fixture_file("[simulation]\nreps = 1\nreps = 2\n");
    err_clear(&e);
    cr_assert_null(scn_read(path, &e));
    cr_assert(strstr(e.msg, "set twice"), "%s", e.msg);
    unlink(path);
    free(path);

    files f;
    make_files(&f);
    err_clear(&e);
    scn_source *src = scn_read(f.main_ini, &e);
    cr_assert_not_null(src, "%s", e.msg);
    cr_assert_str_eq(scn_source_path(src), f.main_ini);
    scenario *a = scn_resolve(src, BASE_OV, NBASE, &e);
    scenario *b = scn_resolve(src, NULL, 0, &e);
    scenario *c = scn_resolve(src, BASE_OV, NBASE, &e);
    cr_assert(a && b && c, "%s", e.msg);
    char *wa = written(a), *wb = written(b), *wc = written(c);
    cr_assert_str_eq(wa, wc, "the overrides of one resolution leaked into the source");
    cr_assert_str_neq(wa, wb);
    cr_assert_eq(b->reps, 2);
    cr_assert_eq(a->reps, 3);
    free(wa);
    free(wb);
    free(wc);
    scn_destroy(a);
    scn_destroy(b);
    scn_destroy(c);
    scn_source_free(src);
    remove_files(&f);
}

/* Warnings of shadowed keys (issue 16, item 5) and --models (item 6): told
 * once per key, from the base and from points alike; every scenario
 * handed out keeps the chosen models only. */
typedef struct told {
    int n;                    /* warnings */
    char last[1024];          /* the last one */
} told;

static void record(void *ctx, const char *msg)
{
    told *t = ctx;
    t->n++;
    snprintf(t->last, sizeof t->last, "%s", msg);
}

Test(run, shadowed_keys_told_once_and_models_kept)
{
    files f;
    make_files(&f);
    scn_override ov[] = {{"model.y.staff.b", "4", NULL}, {"party.b.staff", "5", NULL}};
    told t = {0};
    run_opts o = {.warn = record, .warn_ctx = &t, .models = "y"};
    os_error e;
    err_clear(&e);
    /* the baseline (x, the first model) is not among the models chosen */
    cr_assert_null(run_open(f.main_ini, ov, 2, &o, &e));
    cr_expect(strstr(e.msg, "baseline 'x'"), "%s", e.msg);
    scn_override ov2[] = {ov[0], ov[1], {"simulation.baseline", "y", NULL}};
    err_clear(&e);
    run_asm *r = run_open(f.main_ini, ov2, 3, &o, &e);
    cr_assert_not_null(r, "%s", e.msg);
    cr_expect_eq(t.n, 1);
    cr_expect(strstr(t.last, "party.b.staff does not reach 1 model"), "%s", t.last);
    cr_expect(strstr(t.last, "model.y.staff.b (4)"), "%s", t.last);
    cr_expect_eq(run_base(r)->nmodel, 1);
    scn_override pt[] = {{"party.b.staff", "6", "--vary"}, {"party.a.staff", "3", "--vary"}};
    for (int i = 0; i < 2; i++) {
        scenario *s = run_derive(r, pt, 2, &e);
        cr_assert_not_null(s, "%s", e.msg);
        cr_expect_eq(s->nmodel, 1);
        cr_expect_str_eq(s->model[0].name, "y");
        cr_expect_eq(s->model[0].staff[1], 4, "the model's entry wins");
        cr_expect_eq(s->model[0].staff[0], 3, "a party the list leaves out follows");
        scn_destroy(s);
    }
    cr_expect_eq(t.n, 1, "told once per key, party.a.staff never");
    run_close(r);
    remove_files(&f);
}
