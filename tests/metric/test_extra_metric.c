/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_extra_metric.c — adding a metric is adding one row.  This test
 * compiles the metric table with one test-only row (through the hook
 * METRIC_EXTRA_ROWS of src/stats/metric.c) and checks that the row reaches
 * every place the table drives: the columns of models.csv, sweep.csv and
 * replications.csv, `breakeven --metric`, and the reference in
 * docs/output.md.  (The help text is expanded from metric_table.h into
 * main.c at compile time; the row is not in that file.)  Its own binary,
 * built and run by `make test`: linked before libownsim.a, this copy of
 * metric.c is the one every module calls, and the row must not show in the
 * other tests' files.
 */
#define METRIC_EXTRA_ROWS(M, R) \
    M("test_double_ttr", "twice the mean time to resolution", "minutes", .kind = K_MEAN, \
      .field = F(ttr), .scale = 2, .in_reps = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .doc = "a test-only metric: twice `ttr_mean`")
#include "../../src/stats/metric.c"

#include <criterion/criterion.h>
#include <unistd.h>

#include "../unit/fixture.h"
#include "ownsim/breakeven.h"
#include "ownsim/grid.h"
#include "ownsim/point.h"
#include "ownsim/report.h"
#include "ownsim/run.h"
#include "ownsim/sweep.h"

/* Every incident of "hop" takes handoff_delay - 30 minutes longer than
 * under "direct" (as in test_sweep.c). */
static const char *HOP =
    "[simulation]\nreps = 3\nincidents = 300\n"
    "[severity.P1]\n[category.c]\n"
    "[party.p1]\nstaff = 100\ncoverage = 24x7\ndetect_delay = 0\nack_delay = 0\n"
    "[party.p2]\nstaff = 100\ncoverage = 24x7\ndetect_delay = 30\nack_delay = 0\n"
    "[model.hop]\nowners = c:p2\nmonitors = c:p1\n"
    "[model.direct]\nowners = c:p2\nmonitors = c:p2\n";

#define NAME "test_double_ttr"

/* The index of column name in the CSV header line, or -1. */
static int column(const char *header, const char *name)
{
    int i = 0;
    size_t n = strlen(name);
    for (const char *p = header;; i++) {
        size_t len = strcspn(p, ",\r\n");
        if (len == n && !strncmp(p, name, n))
            return i;
        if (p[len] != ',')
            return -1;
        p += len + 1;
    }
}

/* Field i of a CSV line (no quoted fields), as a number. */
static double field(const char *line, int i)
{
    while (i-- > 0)
        line = strchr(line, ',') + 1;
    return strtod(line, NULL);
}

Test(extra_metric, is_a_row_of_the_table)
{
    const metric *m = metric_find(NAME);
    cr_assert_not_null(m);
    cr_assert_eq(metric_at(metric_count() - 1), m, "appended after the table's rows");
    cr_assert(metric_in(m, METRIC_MODELS));
    cr_assert(!metric_in(m, METRIC_SEVERITIES));
}

Test(extra_metric, in_models_and_replications_csv)
{
    os_error e;
    scenario *s = fixture_load(HOP, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    point_result r;
    point_opts o = {.jobs = 2};
    cr_assert_eq(point_run(s, &o, &r, &e), 0, "%s", e.msg);
    char dir[] = "/tmp/ownsim-extra-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(report_write(s, &r, dir, &e), 0, "%s", e.msg);
    char path[128];
    snprintf(path, sizeof path, "%s/models.csv", dir);
    char *models = fixture_read(path, NULL);
    int c = column(models, NAME), t = column(models, "ttr_mean");
    cr_assert_geq(c, 0, "no %s column in models.csv: %.200s", NAME, models);
    const char *row = strchr(models, '\n') + 1;
    cr_assert_float_eq(field(row, c), 2 * field(row, t), 1e-4 * field(row, c),
                       "%s is not twice ttr_mean: %.200s", NAME, row);
    snprintf(path, sizeof path, "%s/replications.csv", dir);
    char *reps = fixture_read(path, NULL);
    cr_assert_geq(column(reps, NAME), 0, "no %s column in replications.csv", NAME);
    snprintf(path, sizeof path, "%s/severities.csv", dir);
    char *sev = fixture_read(path, NULL);
    cr_assert_lt(column(sev, NAME), 0, "%s is not a severities.csv column", NAME);
    free(models);
    free(reps);
    free(sev);
    fixture_rmdir(dir);
    point_free(&r);
    scn_destroy(s);
}

Test(extra_metric, in_sweep_csv)
{
    char *scn = fixture_file(HOP);
    grid g;
    memset(&g, 0, sizeof g);
    os_error e;
    err_clear(&e);
    cr_assert_eq(grid_add(&g, "arrivals.per_week=10,20", &e), 0, "%s", e.msg);
    char dir[] = "/tmp/ownsim-extra-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    run_asm *ra = run_open(scn, NULL, 0, NULL, &e);
    cr_assert_not_null(ra, "%s", e.msg);
    sweep_opts o = {.run = ra, .g = &g, .shard_i = 1, .shard_n = 1, .jobs = 2,
                    .out = dir};
    cr_assert_eq(sweep_run(&o, &e), 0, "%s", e.msg);
    run_close(ra);
    char path[128];
    snprintf(path, sizeof path, "%s/sweep.csv", dir);
    char *csv = fixture_read(path, NULL);
    cr_assert_geq(column(csv, NAME), 0, "no %s column in sweep.csv: %.300s", NAME, csv);
    free(csv);
    fixture_rmdir(dir);
    grid_free(&g);
    unlink(scn);
    free(scn);
}

Test(extra_metric, accepted_by_breakeven)
{
    char *scn = fixture_file(HOP);
    os_error e;
    err_clear(&e);
    run_asm *ra = run_open(scn, NULL, 0, NULL, &e);
    cr_assert_not_null(ra, "%s", e.msg);
    be_opts o = {.run = ra, .key = "model.hop.handoff_delay", .lo = 0, .hi = 100,
                 .model = "hop", .baseline = "direct", .metric = NAME, .jobs = 2};
    be_result r;
    cr_assert_eq(be_run(&o, &r, &e), 0, "%s", e.msg);
    run_close(ra);
    cr_assert_str_eq(r.metric, NAME);
    cr_assert(r.crosses);
    cr_assert_float_eq(r.value, 30, 0.01, "crossing %g", r.value);
    cr_assert_float_eq(r.at_lo.mean, -60, 1e-9, "twice the TTR difference, -30");
    unlink(scn);
    free(scn);
}

Test(extra_metric, in_the_reference)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    metric_write_reference(f);
    fclose(f);
    cr_assert(strstr(buf, "| `" NAME "` | a test-only metric: twice `ttr_mean` | minutes |"),
              "%s", buf);
    cr_assert(strstr(buf, "| `" NAME "` | its mean over its counted incidents, × 2 | "
                          "mean over the replications, then × 2 |"), "%s", buf);
    free(buf);
}
