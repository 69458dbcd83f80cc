/*
 * test_point.c — the point runner: independent of threads, memory per task.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "fixture.h"
#include "ownsim/point.h"

static const char *TWO =
    "[simulation]\nreps = 6\nincidents = 2000\nwarmup = 100\n"
    "[severity.P1]\n[severity.P2]\n[category.a]\n[category.b]\n"
    "[party.x]\nstaff = 2\n[party.y]\nstaff = 2\ncoverage = 24x7\n"
    "[model.split]\nowners = a:x, b:x+y\nmisroute_prob = 0.3\nhandoff_delay = exponential(mean=20)\n"
    "[model.one]\nowners = a:y, b:y\nmonitors = a:y, b:y\nstaff = y:4\n";

Test(point, same_result_for_any_number_of_jobs)
{
    os_error e;
    scenario *s = fixture_load(TWO, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    point_result r1, r3;
    point_opts o1 = {.jobs = 1, .trace = true}, o3 = {.jobs = 3, .trace = true};
    cr_assert_eq(point_run(s, &o1, &r1, &e), 0);
    cr_assert_eq(point_run(s, &o3, &r3, &e), 0);
    cr_assert_eq(memcmp(r1.rs, r3.rs, sizeof *r1.rs * 12), 0);
    cr_assert_eq(r1.ntrace, r3.ntrace);
    cr_assert_eq(r1.ntrace, (size_t)(6 * 2 * 1900));
    cr_assert_eq(memcmp(r1.trace, r3.trace, r1.ntrace * sizeof *r1.trace), 0);
    for (int m = 0; m < 2; m++)
        cr_assert_eq(hist_quantile(point_hist(&r1, m, -1), 0.9),
                     hist_quantile(point_hist(&r3, m, -1), 0.9));
    /* warmup: counted incidents exclude the first 100 */
    cr_assert_eq(point_rep(&r1, 0, 0)->n, 1900);
    point_free(&r1);
    point_free(&r3);
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
