/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_metric_spec.c — NAME and NAME:SEV as the command line names a
 * metric: what parses to what, and each error's message.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "fixture.h"
#include "ownsim/metric_spec.h"

static const char *TWO =
    "[simulation]\nreps = 2\nincidents = 10\n[severity.P1]\n[severity.P2]\n[category.a]\n"
    "[party.x]\nstaff = 3\n[model.m]\nowners = a:x\n";

static scenario *two_sev(void)
{
    os_error e;
    scenario *s = fixture_load(TWO, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    return s;
}

Test(metric_spec, whole_and_per_severity)
{
    scenario *s = two_sev();
    os_error e;
    metric_spec sp;
    char buf[METRIC_SPEC_NAME];
    err_clear(&e);
    cr_assert_eq(metric_spec_parse("ttr_mean", s, "--metric", &sp, &e), 0, "%s", e.msg);
    cr_assert_eq(sp.m, metric_find("ttr_mean"));
    cr_assert_eq(sp.sev, -1);
    cr_assert_str_eq(metric_spec_format(&sp, s, buf, sizeof buf), "ttr_mean");
    cr_assert_eq(metric_spec_parse("ttr_mean:P2", s, "--metric", &sp, &e), 0, "%s", e.msg);
    cr_assert_eq(sp.m, metric_find("ttr_mean"));
    cr_assert_eq(sp.sev, 1);
    cr_assert_str_eq(metric_spec_format(&sp, s, buf, sizeof buf), "ttr_mean:P2");
    cr_assert_eq(metric_spec_parse("sla_breach_pct:P1", s, "--metric", &sp, &e), 0, "%s",
                 e.msg);
    cr_assert_eq(sp.m, metric_find("sla_breach_pct"));
    cr_assert_eq(sp.sev, 0);
    /* every column of severities.csv that models.csv has takes a severity */
    for (size_t i = 0; i < metric_count(); i++) {
        const metric *m = metric_at(i);
        if (!metric_in(m, METRIC_MODELS) || !metric_in(m, METRIC_SEVERITIES))
            continue;
        char t[METRIC_SPEC_NAME];
        snprintf(t, sizeof t, "%s:P1", metric_name(m));
        cr_assert_eq(metric_spec_parse(t, s, "--metric", &sp, &e), 0, "%s: %s", t, e.msg);
        cr_assert_eq(sp.m, m);
        cr_assert_eq(sp.sev, 0);
    }
    scn_destroy(s);
}

Test(metric_spec, unknown_metric_names_the_closest)
{
    scenario *s = two_sev();
    os_error e;
    metric_spec sp;
    err_clear(&e);
    cr_assert_eq(metric_spec_parse("ttr_man:P1", s, "--metric", &sp, &e), -1);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_str_eq(e.file, "--metric");
    cr_assert(strstr(e.msg, "unknown metric"), "%s", e.msg);
    cr_assert(strstr(e.msg, "did you mean ttr_mean?"), "%s", e.msg);
    err_clear(&e);
    /* replications.csv only: not a metric of a model */
    cr_assert_eq(metric_spec_parse("events", s, "--target", &sp, &e), -1);
    cr_assert_str_eq(e.file, "--target");
    err_clear(&e);
    cr_assert_eq(metric_spec_parse("", s, "--metric", &sp, &e), -1);
    cr_assert(strstr(e.msg, "unknown metric"), "%s", e.msg);
    err_clear(&e);
    char longname[300];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    cr_assert_eq(metric_spec_parse(longname, s, "--metric", &sp, &e), -1);
    cr_assert(strstr(e.msg, "unknown metric"), "%s", e.msg);
    scn_destroy(s);
}

Test(metric_spec, unknown_severity_lists_the_scenarios)
{
    scenario *s = two_sev();
    os_error e;
    metric_spec sp;
    err_clear(&e);
    cr_assert_eq(metric_spec_parse("ttr_mean:P3", s, "--metric", &sp, &e), -1);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_str_eq(e.key, "ttr_mean:P3");
    cr_assert(strstr(e.msg, "unknown severity 'P3'"), "%s", e.msg);
    cr_assert(strstr(e.msg, "are P1, P2"), "%s", e.msg);
    err_clear(&e);
    cr_assert_eq(metric_spec_parse("ttr_mean:p1", s, "--metric", &sp, &e), -1);
    cr_assert(strstr(e.msg, "did you mean P1?"), "%s", e.msg);
    err_clear(&e);
    cr_assert_eq(metric_spec_parse("ttr_mean:", s, "--metric", &sp, &e), -1);
    cr_assert(strstr(e.msg, "no severity after ':'"), "%s", e.msg);
    cr_assert(strstr(e.msg, "P1, P2"), "%s", e.msg);
    scn_destroy(s);
}

Test(metric_spec, metric_without_per_severity_value)
{
    scenario *s = two_sev();
    os_error e;
    metric_spec sp;
    err_clear(&e);
    cr_assert_eq(metric_spec_parse("queue_mean:P1", s, "--metric", &sp, &e), -1);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert(strstr(e.msg, "queue_mean has no per-severity value"), "%s", e.msg);
    cr_assert(strstr(e.msg, "ttr_mean"), "%s", e.msg);
    cr_assert(strstr(e.msg, "sla_breach_pct"), "%s", e.msg);
    scn_destroy(s);
}
