/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_implied.c — what a scenario implies (implied.h): known answers for
 * every formula of docs/model.md "What a scenario implies" on constructed
 * scenarios (constant efforts, one party, a known calendar: the figures are
 * exact), the gray-area expectations checked by hand and against the
 * replay itself, the warnings exactly at their thresholds, and implied.csv.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "ownsim/implied.h"
#include "ownsim/outages.h"
#include "ownsim/metric.h"
#include "ownsim/point.h"

#define YEAR (365.25 / 7)

/* The value of the row (figure, model, party, severity), failing the test
 * when there is none; its warning in *warning (may be NULL). */
static double row(const implied *im, const char *figure, int model, int party, int sev,
                  const char **warning)
{
    for (size_t i = 0; i < im->n; i++) {
        const implied_row *r = &im->rows[i];
        if (!strcmp(r->figure, figure) && r->model == model && r->party == party &&
            r->sev == sev) {
            if (warning)
                *warning = r->warning;
            return r->value;
        }
    }
    cr_assert_fail("no row %s model %d party %d severity %d", figure, model, party, sev);
    return NAN;
}

static bool has_row(const implied *im, const char *figure, int model, int party)
{
    for (size_t i = 0; i < im->n; i++)
        if (!strcmp(im->rows[i].figure, figure) && im->rows[i].model == model &&
            im->rows[i].party == party)
            return true;
    return false;
}

static scenario *load(const char *text, const scn_override *ov, int nov)
{
    os_error e;
    scenario *s = fixture_load(text, ov, nov, &e);
    cr_assert_not_null(s, "%s:%d %s: %s", e.file, e.line, e.key, e.msg);
    return s;
}

static bool close_to(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1, fabs(b));
}

#define near(a, b) cr_expect(close_to((a), (b)), "%s = %.15g, want %.15g", #a, \
                             (double)(a), (double)(b))

/* One party, constant effort, a 9-hour Monday-Friday calendar: every figure
 * by hand. */
static const char *ONE =
    "[simulation]\nreps = 2\nincidents = 2000\n"
    "[organisation]\nusers = 50\nsites = 2\nrevenue = 1e6\ncurrency = EUR\n"
    "[calendar]\nopen = 08:00\nclose = 17:00\ndays = mon-fri\n"
    "[arrivals]\nper_week = 100\n"
    "[severity.P1]\neffort = 30\nsla_resolve = 20\ncost_per_minute = 2\n"
    "[severity.P2]\neffort = 30\nsla_resolve = 30\ncost_per_minute = 1\n"
    "[category.c]\nseverities = P1:1, P2:3\n"
    "[party.p]\nstaff = 2\n"
    "[model.m]\nowners = c:p\nmonitors = c:p\n";

Test(implied, one_party_constant_effort)
{
    scenario *s = load(ONE, NULL, 0);
    implied im;
    os_error e;
    cr_assert_eq(implied_scenario(s, &im, &e), 0, "%s", e.msg);
    cr_expect(!im.simulated);
    near(row(&im, "incidents_per_year", -1, -1, -1, NULL), 100 * YEAR);
    near(row(&im, "severity_incidents_per_year", -1, -1, 0, NULL), 25 * YEAR);
    near(row(&im, "severity_incidents_per_year", -1, -1, 1, NULL), 75 * YEAR);
    near(row(&im, "incidents_per_user_month", -1, -1, -1, NULL), 100 * YEAR / 12 / 50);
    const char *w;
    near(row(&im, "p1_per_site_per_year", -1, -1, 0, &w), 25 * YEAR / 2);
    cr_expect(strstr(w, "P1 outages a year per site"), "%s", w);   /* 652 > 24 */
    /* 100 a week x 30 minutes = 3000 minutes = 50 h; 2 staff x 5 x 9 h = 90 h */
    near(row(&im, "offered_work_hours_per_week", 0, 0, -1, NULL), 50);
    near(row(&im, "staff_hours_per_week", 0, 0, -1, NULL), 90);
    near(row(&im, "utilisation_pct", 0, 0, -1, &w), 100.0 * 50 / 90);
    cr_expect_str_eq(w, "");
    near(row(&im, "queue_stable", 0, 0, -1, NULL), 1);
    /* 30 minutes of work against 20 (always over) and 30 (never over: a
     * breach is strictly greater) */
    near(row(&im, "work_breach_pct", 0, -1, 0, &w), 100);
    cr_expect(strstr(w, "exceeds P1's 20-minute resolve target"), "%s", w);
    near(row(&im, "work_breach_pct", 0, -1, 1, &w), 0);
    cr_expect_str_eq(w, "");
    cr_expect(!has_row(&im, "downtime_hours_per_year", 0, -1));
    implied_free(&im);
    scn_destroy(s);

    /* 24x7: 2 x 168 h; users and revenue unknown: empty values */
    scn_override ov[] = {{"party.p.coverage", "24x7", NULL}, {"organisation.users", "0", NULL},
                         {"organisation.sites", "1000", NULL}};
    s = load(ONE, ov, 3);
    cr_assert_eq(implied_scenario(s, &im, &e), 0);
    near(row(&im, "staff_hours_per_week", 0, 0, -1, NULL), 336);
    near(row(&im, "utilisation_pct", 0, 0, -1, NULL), 100.0 * 50 / 336);
    cr_expect(isnan(row(&im, "incidents_per_user_month", -1, -1, -1, NULL)));
    row(&im, "p1_per_site_per_year", -1, -1, 0, &w);
    cr_expect_str_eq(w, "", "1.3 a site: no warning");
    cr_expect_eq(implied_nwarnings(&im), 1, "only P1's work breach");
    implied_free(&im);
    scn_destroy(s);
}

/* arrivals.holidays = weekend: per_week is a week without holidays, and each
 * weekday holiday of a replication's span (2000 / 100 = 20 weeks from
 * Monday 2026-01-05) takes (weekday - weekend weights) / week weights of a
 * week's arrivals: one Wednesday inside (12 of 144), a Saturday inside
 * (nothing) and a Wednesday after the span (nothing): 1 - 12 / (144 x 20). */
Test(implied, holidays_at_the_weekend_rate_lower_the_yearly_count)
{
    char wk[128] = "", we[128] = "";
    for (int h = 0; h < 24; h++) {
        strcat(wk, h ? ", 1" : "1");
        strcat(we, h ? ", 0.5" : "0.5");
    }
    scn_override ov[] = {{"arrivals.weekday", wk, NULL}, {"arrivals.weekend", we, NULL},
                         {"calendar.holidays", "2026-01-07, 2026-01-10, 2026-12-30", NULL},
                         {"arrivals.holidays", "weekend", NULL}};
    scenario *s = load(ONE, ov, 4);
    near(outsrc_rate_share(s), 1 - 12.0 / (144 * 20));
    implied im;
    os_error e;
    cr_assert_eq(implied_scenario(s, &im, &e), 0, "%s", e.msg);
    near(row(&im, "incidents_per_year", -1, -1, -1, NULL), 100 * YEAR * (1 - 1.0 / 240));
    near(row(&im, "offered_work_hours_per_week", 0, 0, -1, NULL), 50 * (1 - 1.0 / 240));
    implied_free(&im);
    scn_destroy(s);
    /* the same holidays with weekday arrivals: the plain count */
    s = load(ONE, ov, 3);
    near(outsrc_rate_share(s), 1);
    cr_assert_eq(implied_scenario(s, &im, &e), 0, "%s", e.msg);
    near(row(&im, "incidents_per_year", -1, -1, -1, NULL), 100 * YEAR);
    implied_free(&im);
    scn_destroy(s);
}

/* Utilisation warns above 85 % and says the queue never settles from 100 %:
 * 100 x 30 minutes against 1 staff x 3000, 3500 and 2500 business minutes. */
Test(implied, utilisation_thresholds)
{
    const char *cases[][2] = {{"08:00", "18:00"},   /* 3000 min: 100 %, unstable */
                              {"08:00", "17:00"},   /* 2700: 111 % */
                              {"08:00", "19:40"}};  /* 3500: 85.7 % */
    double want[] = {100, 100.0 * 3000 / 2700, 100.0 * 3000 / 3500};
    for (int i = 0; i < 3; i++) {
        scn_override ov[] = {{"party.p.staff", "1", NULL}, {"calendar.open", cases[i][0], NULL},
                             {"calendar.close", cases[i][1], NULL}};
        scenario *s = load(ONE, ov, 3);
        implied im;
        os_error e;
        cr_assert_eq(implied_scenario(s, &im, &e), 0);
        const char *w;
        double u = row(&im, "utilisation_pct", 0, 0, -1, &w);
        near(u, want[i]);
        cr_expect(strstr(w, "more than 85 %"), "%g: %s", u, w);
        cr_expect_eq(strstr(w, "never settles") != NULL, u >= 100, "%g: %s", u, w);
        near(row(&im, "queue_stable", 0, 0, -1, NULL), u < 100);
        implied_free(&im);
        scn_destroy(s);
    }
    /* exactly 85 %: no warning (the threshold is "above") — 3000 / 0.85 min */
    scn_override ov[] = {{"party.p.staff", "1", NULL}, {"party.p.coverage", "24x7", NULL},
                         {"arrivals.per_week", "285.6", NULL}};
    scenario *s = load(ONE, ov, 3);
    implied im;
    os_error e;
    cr_assert_eq(implied_scenario(s, &im, &e), 0);
    const char *w;
    near(row(&im, "utilisation_pct", 0, 0, -1, &w), 100 * 285.6 * 30 / 10080);
    cr_expect_str_eq(w, "");
    implied_free(&im);
    scn_destroy(s);
}

/* Staffed hours come from each party's own hours: a schedule with a
 * Saturday morning, a calendar.hours text, a union of sites in two zones
 * (their overlap once), and a 24x7 party whatever its schedule. */
Test(implied, staff_hours_from_each_partys_schedule)
{
    const char *text =
        "[simulation]\nreps = 1\n"
        "[organisation]\nrevenue = 1e6\n"
        "[arrivals]\nper_week = 10\n"
        "[schedule.long]\nhours = mon-fri 07:00-19:00, sat 09:00-13:00\n"
        "[schedule.day]\nhours = mon-sun 08:00-20:00\n"
        "[schedule.far]\nhours = mon-sun 08:00-20:00\ntz = Asia/Kamchatka\n"
        "[severity.P1]\neffort = 30\n"
        "[category.c]\n"
        "[party.p]\nstaff = 1\nschedule = long\n"
        "[party.q]\nstaff = 2\n"
        "[model.m]\nowners = c:p\nmonitors = c:p\n";
    scenario *s = load(text, NULL, 0);
    implied im;
    os_error e;
    cr_assert_eq(implied_scenario(s, &im, &e), 0);
    near(row(&im, "staff_hours_per_week", 0, 0, -1, NULL), 64);   /* 5 x 12 + 4 */
    near(row(&im, "staff_hours_per_week", 0, 1, -1, NULL), 2 * 45); /* the calendar's */
    implied_free(&im);
    scn_destroy(s);

    scn_override ov[] = {{"calendar.hours", "mon-sat 08:00-12:00", NULL},
                         {"party.p.coverage", "24x7", NULL}};
    s = load(text, ov, 2);
    cr_assert_eq(implied_scenario(s, &im, &e), 0);
    near(row(&im, "staff_hours_per_week", 0, 0, -1, NULL), 168);
    near(row(&im, "staff_hours_per_week", 0, 1, -1, NULL), 2 * 24);
    implied_free(&im);
    scn_destroy(s);

    /* UTC and Kamchatka (UTC+12): 08:00-20:00 in each covers the whole day,
     * 168 hours, not 84 (the tables as written) nor 168 + an overlap */
    scn_override zoned[] = {{"simulation.tz", "UTC", NULL}, {"party.p.schedule", "day+far", NULL},
                            {"party.q.schedule", "day", NULL}};
    s = load(text, zoned, 3);
    cr_assert_eq(implied_scenario(s, &im, &e), 0);
    near(row(&im, "staff_hours_per_week", 0, 0, -1, NULL), 168);
    near(row(&im, "staff_hours_per_week", 0, 1, -1, NULL), 2 * 84);
    implied_free(&im);
    scn_destroy(s);

    /* 10:00-22:00 in Kamchatka is 22:00-10:00 UTC: 2 hours a day overlap
     * 08:00-20:00 UTC, counted once: 7 x 22 hours; holidays are not counted */
    scn_override part[] = {zoned[0], zoned[1], {"schedule.far.hours", "mon-sun 10:00-22:00", NULL},
                           {"schedule.day.holidays", "2026-01-06", NULL}};
    s = load(text, part, 4);
    cr_assert_eq(implied_scenario(s, &im, &e), 0);
    near(row(&im, "staff_hours_per_week", 0, 0, -1, NULL), 7 * 22);
    implied_free(&im);
    scn_destroy(s);
}

/* Revenue per business minute: the organisation's open minutes in an
 * ordinary week, its sites' union with their zones (docs/model.md §5). */
Test(implied, revenue_per_business_minute_counts_the_union_once)
{
    const char *text =
        "[simulation]\nreps = 1\ntz = UTC\n"
        "[organisation]\nrevenue = 1e6\nschedule = day+far\n"
        "[arrivals]\nper_week = 10\n"
        "[schedule.day]\nhours = mon-sun 08:00-20:00\n"
        "[schedule.far]\nhours = mon-sun 08:00-20:00\ntz = Asia/Kamchatka\n"
        "[severity.P1]\neffort = 30\nrevenue_lost = 0.5\n"
        "[category.c]\n"
        "[party.p]\n"
        "[model.m]\nowners = c:p\n";
    scenario *s = load(text, NULL, 0);
    near(s->org_week_open, 10080);
    near(s->sev[0].cost_business, 0.5 * 1e6 / (10080 * YEAR));
    scn_destroy(s);
    /* one zone: the union of the tables as written, 84 hours */
    scn_override ov[] = {{"schedule.far.tz", "", NULL}};
    s = load(text, ov, 1);
    near(s->org_week_open, 84 * 60);
    near(s->sev[0].cost_business, 0.5 * 1e6 / (84 * 60 * YEAR));
    scn_destroy(s);
}

/* The acknowledgement alone against the response target: the intake
 * party's ack_delay per category (monitored by p, or reported to the
 * desk), 1 - F(target) weighted by the categories' shares; the model's own
 * target (its contract) is the one used. */
Test(implied, acknowledgement_alone_against_the_response_target)
{
    const char *text =
        "[severity.P1]\nsla_response = 30\n"
        "[category.a]\nweight = 3\n[category.b]\nweight = 1\n"
        "[party.desk]\nack_delay = lognormal(median=10, p90=30)\n"
        "[party.p]\nack_delay = 50\n"
        "[model.m]\nowners = a:p, b:p\nmonitors = b:p\nservice_desk = desk\n"
        "[model.n]\nowners = a:p, b:p\nmonitors = b:p\nservice_desk = desk\n"
        "sla_response = P1:60\n";
    scenario *s = load(text, NULL, 0);
    implied im;
    os_error e;
    cr_assert_eq(implied_scenario(s, &im, &e), 0);
    const char *w;
    /* a (3/4) through the desk: 10 % over 30; b (1/4) through p: always */
    near(row(&im, "ack_breach_pct", 0, -1, 0, &w), 0.75 * 10 + 25);
    cr_expect(strstr(w, "acknowledgement alone exceeds P1's 30-minute response target"),
              "%s", w);
    /* the model's own 60 minutes: the desk's lognormal beyond 60; p's 50
     * minutes now meet it */
    double z = log(60.0 / 10) / (log(3.0) / 1.2815515655446004);
    near(row(&im, "ack_breach_pct", 1, -1, 0, NULL), 0.75 * 100 * 0.5 * erfc(z / sqrt(2)));
    implied_free(&im);
    scn_destroy(s);
}

/* Skill and the handoff from a service desk that does not own the work:
 * work = effort x skill x (1 + context_loss); the breach share through the
 * effort's distribution function. */
Test(implied, skill_handoff_and_lognormal_breaches)
{
    const char *text =
        "[arrivals]\nper_week = 10\n"
        "[severity.P1]\neffort = lognormal(median=40, p90=100)\nsla_resolve = 150\n"
        "[category.c]\n"
        "[party.desk]\nstaff = 1\ncoverage = 24x7\n"
        "[party.p]\nstaff = 1\ncoverage = 24x7\nskill = c:1.25\n"
        "[model.m]\nowners = c:p\nservice_desk = desk\ncontext_loss = 0.2\n";
    scenario *s = load(text, NULL, 0);
    implied im;
    os_error e;
    cr_assert_eq(implied_scenario(s, &im, &e), 0);
    double mean = dist_mean(&s->sev[0].effort);
    near(row(&im, "offered_work_hours_per_week", 0, 1, -1, NULL), 10 * mean * 1.25 * 1.2 / 60);
    /* the desk only takes tickets in: no work, but staffed */
    near(row(&im, "offered_work_hours_per_week", 0, 0, -1, NULL), 0);
    near(row(&im, "utilisation_pct", 0, 0, -1, NULL), 0);
    /* 150 / (1.25 x 1.2) = 100 minutes, the p90: 10 % of the work exceeds it */
    const char *w;
    near(row(&im, "work_breach_pct", 0, -1, 0, &w), 10);
    cr_expect(strstr(w, "for 10.0 % of its incidents (more than 5 %)"), "%s", w);
    implied_free(&im);
    scn_destroy(s);
}

/* A gray area between a (which monitors and takes the ticket in) and b:
 * misroute 0.5, bounce_limit 2, orphans 0.2, bounce_work 0.5, context_loss
 * 0.1, skills a 1, b 2, effort 10, one incident a week.  By hand (E[B] =
 * 0.5 + 0.25 = 0.75 bounces when not orphaned):
 *   true owner a (1/2): handoffs 0.8 x 0.75 x 2 (a -> b -> a each bounce) = 1.2,
 *     final work 10 x 1 x 1.12 = 11.2;
 *   true owner b (1/2): the wrong party is a, the holder: no bounce moves,
 *     one handoff a -> b, final work 10 x 2 x 1.1 = 22;
 *   wasted: a when b owns it, 0.8 x 0.75 x 10 x 0.5 x 1 = 3; b when a owns
 *     it, 0.8 x 0.75 x 10 x 0.5 x 2 = 6.
 * So a is offered 11.2/2 + 3/2 = 7.1 minutes a week and b 22/2 + 6/2 = 14. */
static const char *GRAY =
    "[simulation]\nreps = 4\nincidents = 40000\nseed = 7\n"
    "[arrivals]\nper_week = 1\nuser_report_delay = 0\n"
    "[severity.P1]\neffort = 10\n"
    "[category.c]\n"
    "[party.a]\nstaff = 50\ncoverage = 24x7\nack_delay = 0\ndetect_delay = 0\n"
    "[party.b]\nstaff = 50\ncoverage = 24x7\nskill = c:2\nack_delay = 0\n"
    "[model.m]\nowners = c:a+b\nmonitors = c:a\nmisroute_prob = 0.5\nbounce_limit = 2\n"
    "orphan_prob = 0.2\nbounce_work = 0.5\ncontext_loss = 0.1\nhandoff_delay = 1\n";

Test(implied, gray_area_by_hand)
{
    scenario *s = load(GRAY, NULL, 0);
    implied im;
    os_error e;
    cr_assert_eq(implied_scenario(s, &im, &e), 0);
    near(row(&im, "offered_work_hours_per_week", 0, 0, -1, NULL), 7.1 / 60);
    near(row(&im, "offered_work_hours_per_week", 0, 1, -1, NULL), 14.0 / 60);
    /* work alone against a 480-minute target: never over */
    near(row(&im, "work_breach_pct", 0, -1, 0, NULL), 0);
    implied_free(&im);
    scn_destroy(s);
}

/* The same expectation measured: the replay's mean final and wasted work
 * per incident (one incident a week) are what the two parties are offered. */
Test(implied, gray_area_against_the_replay)
{
    scenario *s = load(GRAY, NULL, 0);
    point_result r;
    point_opts o = {.jobs = 2};
    os_error e;
    cr_assert_eq(point_run(s, &o, &r, &e), 0, "%s", e.msg);
    double x[METRIC_SCRATCH(4)];
    metric_src src = point_src(s, &r, 0, -1);
    double work = metric_value(metric_find("work_mean"), &src, x),
           wasted = metric_value(metric_find("wasted_effort_mean"), &src, x);
    /* 160,000 incidents: each mean within 0.5 % — final work 11.2/2 + 22/2,
     * wasted 3/2 + 6/2 */
    cr_expect(fabs(work - 16.6) < 0.08, "work %g, want 16.6", work);
    cr_expect(fabs(wasted - 4.5) < 0.025, "wasted %g, want 4.5", wasted);
    point_free(&r);
    scn_destroy(s);
}

/* Support groups (§4.10): a desk resolving 70 % of category c at skill 1,
 * working a quarter of the effort on the rest before escalating them (with
 * context loss 0.5) to engineers of skill 2; one incident a week of
 * constant effort 30.  The desk is offered 30 x (0.7 + 0.3 x 0.25) =
 * 23.25 minutes a week, the engineers 30 x 0.3 x 2 x 1.5 = 27; the work of
 * an escalated ticket is 30 x (0.25 + 3) = 97.5, over P1's 60-minute
 * target: 30 % of the incidents. */
static const char *GROUPS =
    "[simulation]\nreps = 4\nincidents = 40000\nseed = 7\n"
    "[arrivals]\nper_week = 1\nuser_report_delay = 0\n"
    "[severity.P1]\neffort = 30\nsla_resolve = 60\n"
    "[category.c]\n"
    "[party.desk]\nstaff = 50\ncoverage = 24x7\nack_delay = 0\ndetect_delay = 0\n"
    "escalate_to = eng\nfcr = c:0.7\nescalate_work = 0.25\nescalate_context_loss = 0.5\n"
    "[party.eng]\nstaff = 50\ncoverage = 24x7\nskill = c:2\nack_delay = 0\n"
    "[model.m]\nowners = c:desk\nmonitors = c:desk\n";

Test(implied, support_groups_by_hand)
{
    scenario *s = load(GROUPS, NULL, 0);
    implied im;
    os_error e;
    cr_assert_eq(implied_scenario(s, &im, &e), 0);
    near(row(&im, "offered_work_hours_per_week", 0, 0, -1, NULL), 23.25 / 60);
    near(row(&im, "offered_work_hours_per_week", 0, 1, -1, NULL), 27.0 / 60);
    near(row(&im, "work_breach_pct", 0, -1, 0, NULL), 30);
    implied_free(&im);
    scn_destroy(s);

    /* a desk that resolves everything: the engineers are offered nothing,
     * and nothing breaches */
    scn_override ov[] = {{"party.desk.fcr", "c:1", NULL}};
    s = load(GROUPS, ov, 1);
    cr_assert_eq(implied_scenario(s, &im, &e), 0);
    near(row(&im, "offered_work_hours_per_week", 0, 0, -1, NULL), 0.5);
    near(row(&im, "offered_work_hours_per_week", 0, 1, -1, NULL), 0);
    near(row(&im, "work_breach_pct", 0, -1, 0, NULL), 0);
    implied_free(&im);
    scn_destroy(s);
}

/* The same expectation measured: the replay's mean work per incident,
 * 23.25 + 27 = 50.25 minutes (160,000 incidents: the standard error is
 * 30.9 / 400 = 0.08). */
Test(implied, support_groups_against_the_replay)
{
    scenario *s = load(GROUPS, NULL, 0);
    point_result r;
    point_opts o = {.jobs = 2};
    os_error e;
    cr_assert_eq(point_run(s, &o, &r, &e), 0, "%s", e.msg);
    double x[METRIC_SCRATCH(4)];
    metric_src src = point_src(s, &r, 0, -1);
    double work = metric_value(metric_find("work_mean"), &src, x);
    cr_expect(fabs(work - 50.25) < 0.4, "work %g, want 50.25", work);
    point_free(&r);
    scn_destroy(s);
}

/* Intake agents (§4.11): a gray area taken in by party a (2 agents, 24x7),
 * 100 tickets a week, acknowledgement 2 minutes, triage 3, misroute 0.5,
 * bounce limit 2 (1 + 0.5 triage rounds), orphans 0.2: a's agents are
 * offered 100 x 2 + 100 x 0.8 x 1.5 x 3 = 560 minutes a week of 2 x 10 080.
 * With major incidents (10 %, 5 duplicates each, at the service desk a):
 * + 50 x (2 + 3) = 810; with a bridge, the majors skip triage and so do
 * their duplicates: 200 + 100 x 0.9 x 0.8 x 1.5 x 3 + 50 x 2 = 624. */
static const char *INTAKE =
    "[simulation]\nreps = 1\nincidents = 1000\n"
    "[arrivals]\nper_week = 100\n"
    "[severity.P1]\neffort = 10\n"
    "[category.c]\n"
    "[party.a]\nstaff = 1\ncoverage = 24x7\nack_delay = 2\nintake_staff = 2\n"
    "[party.b]\nstaff = 1\ncoverage = 24x7\n"
    "[model.m]\nowners = c:a+b\nmonitors = c:a\nservice_desk = a\ntriage_delay = 3\n"
    "misroute_prob = 0.5\nbounce_limit = 2\norphan_prob = 0.2\n";

Test(implied, intake_agents_by_hand)
{
    scenario *s = load(INTAKE, NULL, 0);
    implied im;
    os_error e;
    cr_assert_eq(implied_scenario(s, &im, &e), 0, "%s", e.msg);
    near(row(&im, "intake_offered_hours_per_week", 0, 0, -1, NULL), 560.0 / 60);
    near(row(&im, "intake_staff_hours_per_week", 0, 0, -1, NULL), 336);
    near(row(&im, "intake_utilisation_pct", 0, 0, -1, NULL), 100 * 560.0 / 20160);
    cr_expect(!has_row(&im, "intake_utilisation_pct", 0, 1), "b has no intake agents");
    implied_free(&im);
    scn_destroy(s);

    scn_override maj[] = {{"category.c.major_prob", "P1:0.1", NULL},
                          {"category.c.burst_tickets", "5", NULL},
                          {"model.m.major_incident", "bridge", NULL}};
    s = load(INTAKE, maj, 2);
    cr_assert_eq(implied_scenario(s, &im, &e), 0, "%s", e.msg);
    near(row(&im, "intake_offered_hours_per_week", 0, 0, -1, NULL), 810.0 / 60);
    implied_free(&im);
    scn_destroy(s);
    s = load(INTAKE, maj, 3);
    cr_assert_eq(implied_scenario(s, &im, &e), 0, "%s", e.msg);
    near(row(&im, "intake_offered_hours_per_week", 0, 0, -1, NULL), 624.0 / 60);
    implied_free(&im);
    scn_destroy(s);

    /* one agent, business hours only (45 h), 50 tickets an hour's worth: a
     * warning past 85 % */
    scn_override busy[] = {{"party.a.coverage", "business", NULL},
                           {"party.a.oncall", "P1", NULL},
                           {"party.a.intake_staff", "1", NULL},
                           {"party.a.ack_delay", "20", NULL}};
    s = load(INTAKE, busy, 4);
    cr_assert_eq(implied_scenario(s, &im, &e), 0, "%s", e.msg);
    const char *w;
    /* 100 x 20 + 360 = 2360 minutes of 2 700 */
    near(row(&im, "intake_utilisation_pct", 0, 0, -1, &w), 100 * 2360.0 / 2700);
    cr_expect(strstr(w, "intake agent work"), "%s", w);
    implied_free(&im);
    scn_destroy(s);
}

/* Downtime from a run whose every TTR is known: no queue (ample 24x7 staff),
 * detect 5 + ack 5 + effort 30 = 40 minutes for every incident. */
Test(implied, downtime_from_results)
{
    const char *text =
        "[simulation]\nreps = 2\nincidents = 3000\n"
        "[organisation]\nrevenue = 2e6\ncurrency = CHF\n"
        "[arrivals]\nper_week = 100\n"
        "[severity.P1]\neffort = 30\ncost_per_minute = 100\n"
        "[severity.P2]\neffort = 30\ncost_per_minute = 0\n"
        "[category.c]\nseverities = P1:1, P2:4\n"
        "[party.p]\nstaff = 1000\ncoverage = 24x7\n"
        "[model.m]\nowners = c:p\nmonitors = c:p\n";
    scenario *s = load(text, NULL, 0);
    point_result r;
    point_opts o = {.jobs = 1};
    os_error e;
    cr_assert_eq(point_run(s, &o, &r, &e), 0, "%s", e.msg);
    implied im;
    cr_assert_eq(implied_results(s, &r, &im, &e), 0, "%s", e.msg);
    cr_expect(im.simulated);
    double p1 = 20 * YEAR, p2 = 80 * YEAR;
    near(row(&im, "downtime_hours_per_year", 0, -1, 0, NULL), p1 * 40 / 60);
    near(row(&im, "downtime_hours_per_year", 0, -1, 1, NULL), p2 * 40 / 60);
    near(row(&im, "downtime_hours_per_year", 0, -1, -1, NULL), (p1 + p2) * 40 / 60);
    near(row(&im, "downtime_cost_per_year", 0, -1, 0, NULL), p1 * 40 * 100);
    near(row(&im, "downtime_cost_per_year", 0, -1, 1, NULL), 0);
    near(row(&im, "downtime_cost_per_year", 0, -1, -1, NULL), p1 * 40 * 100);
    const char *w;
    /* 4.17 M CHF against 2 M of revenue */
    near(row(&im, "downtime_cost_revenue_pct", 0, -1, -1, &w), 100 * p1 * 4000 / 2e6);
    cr_expect(strstr(w, "of revenue a year under m (more than 5 %)"), "%s", w);
    for (size_t i = 0; i < im.n; i++)
        if (!strcmp(im.rows[i].figure, "downtime_cost_per_year"))
            cr_expect_str_eq(im.rows[i].unit, "CHF/year");
    implied_free(&im);

    /* revenue unknown: the share is empty and warns of nothing */
    s->revenue = 0;
    cr_assert_eq(implied_results(s, &r, &im, &e), 0);
    cr_expect(isnan(row(&im, "downtime_cost_revenue_pct", 0, -1, -1, &w)));
    cr_expect_str_eq(w, "");
    implied_free(&im);
    point_free(&r);
    scn_destroy(s);
}

/* implied.csv: the header, one row per figure, names and empty cells. */
Test(implied, csv)
{
    scenario *s = load(ONE, NULL, 0);
    implied im;
    os_error e;
    cr_assert_eq(implied_scenario(s, &im, &e), 0);
    char dir[] = "/tmp/ownsim-implied-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(implied_write(&im, s, dir, &e), 0, "%s", e.msg);
    char path[64];
    snprintf(path, sizeof path, "%s/implied.csv", dir);
    char *text = fixture_read(path, NULL);
    cr_expect(!strncmp(text, "figure,model,party,severity,value,unit,warning\r\n", 48), "%.60s",
              text);
    cr_expect(strstr(text, "\r\nincidents_per_year,,,,5217.86,incidents/year,\r\n"), "%s", text);
    cr_expect(strstr(text, "\r\nutilisation_pct,m,p,,55.5556,%,\r\n"), "%s", text);
    size_t lines = 0;
    for (char *c = text; *c; c++)
        lines += *c == '\n';
    cr_expect_eq(lines, 1 + im.n);
    free(text);
    unlink(path);
    rmdir(dir);
    implied_free(&im);
    scn_destroy(s);
}
