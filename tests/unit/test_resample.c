/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_resample.c — an outage list resampled by weeks (outages.h,
 * docs/model.md "Replaying an outage list"): the week index, replication 0
 * as is, the draws' determinism, and a known answer for the mean count per
 * week.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "fixture.h"
#include "ownsim/calendar.h"
#include "ownsim/outages.h"

#define WEEK CAL_MIN_PER_WEEK

static const char *SCN =
    "[simulation]\nincidents = 10\nseed = 11\n"
    "[severity.P1]\n[category.c]\n"
    "[party.team]\nstaff = 1\n"
    "[model.m]\nowners = c:team\n";

/* Counts of the 9 weeks of the list: one empty, the others distinct;
 * 200 rows, 200 / 9 a week on average. */
static const int COUNTS[9] = {5, 10, 15, 20, 0, 30, 35, 40, 45};

static scenario *load(void)
{
    os_error e;
    scenario *s = fixture_load(SCN, NULL, 0, &e);
    cr_assert_not_null(s, "%d: %s: %s", e.line, e.key, e.msg);
    return s;
}

/* The list of COUNTS, each row at its own offset within its week, its
 * effort its row number (so a row laid is known by its effort). */
static void make_list(outage_list *l)
{
    memset(l, 0, sizeof *l);
    l->v = calloc(200, sizeof *l->v);
    cr_assert_not_null(l->v);
    for (int k = 0; k < 9; k++)
        for (int j = 0; j < COUNTS[k]; j++) {
            outage *o = &l->v[l->n];
            o->id = l->n;
            o->t = k * WEEK + 60 + j * (WEEK - 120) / COUNTS[k];
            o->effort = (double)l->n++;
        }
    cr_assert_eq(l->n, 200);
    os_error e;
    cr_assert_eq(outlist_index(l, &e), 0);
}

Test(resample, week_index)
{
    outage_list l;
    make_list(&l);
    cr_assert_eq(l.weeks, 9);
    cr_assert_eq(l.nwk, 8, "the empty week holds no entry");
    uint64_t want[8] = {0, 1, 2, 3, 5, 6, 7, 8};
    size_t first = 0;
    for (size_t j = 0; j < 8; j++) {
        cr_assert_eq(l.wk[j], want[j]);
        cr_assert_eq(l.wk_first[j], first);
        first += (size_t)COUNTS[want[j]];
    }
    cr_assert_eq(l.wk_first[8], 200);
    outlist_free(&l);
    cr_assert_null(l.wk);
}

Test(resample, span_beyond_a_draw_refused)
{
    outage o = {.t = 5e13};
    outage_list l = {.v = &o, .n = 1};
    os_error e;
    err_clear(&e);
    cr_assert_eq(outlist_index(&l, &e), -1);
    cr_assert(strstr(e.msg, "weeks") != NULL, "%s", e.msg);
    cr_assert_null(l.wk);
}

/* Every outage of replication rep, up to limit. */
static size_t drain(const scenario *s, const outage_list *l, uint32_t rep, long limit,
                    outage *out)
{
    os_error e;
    outsrc *src = outsrc_create(s, rep, l, limit, &e);
    cr_assert_not_null(src, "%s", e.msg);
    size_t n = 0;
    outage o;
    while (outsrc_next(src, &o))
        out[n++] = o;
    outsrc_destroy(src);
    return n;
}

Test(resample, replication_zero_is_the_list)
{
    scenario *s = load();
    s->resampled = 1;
    outage_list l;
    make_list(&l);
    outage out[300];
    cr_assert_eq(drain(s, &l, 0, 200, out), 200);
    for (size_t i = 0; i < 200; i++) {
        cr_assert_eq(out[i].t, l.v[i].t);
        cr_assert_eq(out[i].effort, l.v[i].effort);
        cr_assert_eq(out[i].id, i);
    }
    /* more than the list: weeks drawn after its 9 */
    cr_assert_eq(drain(s, &l, 0, 300, out), 300);
    for (size_t i = 200; i < 300; i++)
        cr_assert(out[i].t >= 9 * WEEK && out[i].t >= out[i - 1].t);
    outlist_free(&l);
    scn_destroy(s);
}

Test(resample, deterministic_and_different_per_replication)
{
    scenario *s = load();
    s->resampled = 1;
    outage_list l;
    make_list(&l);
    static outage a[200], b[200], c[200];
    cr_assert_eq(drain(s, &l, 3, 200, a), 200);
    cr_assert_eq(drain(s, &l, 3, 200, b), 200);
    cr_assert_eq(memcmp(a, b, sizeof a), 0, "same (seed, rep), same outages");
    /* a rewound source replays the same */
    os_error e;
    outsrc *src = outsrc_create(s, 5, &l, 200, &e);
    cr_assert_not_null(src);
    outsrc_rewind(src, 3);
    cr_assert_eq(outsrc_fill(src, c, 200), 200);
    cr_assert_eq(memcmp(a, c, sizeof a), 0, "rewound to rep 3");
    outsrc_destroy(src);
    cr_assert_eq(drain(s, &l, 4, 200, b), 200);
    cr_assert_neq(memcmp(a, b, sizeof a), 0, "rep 4 draws other weeks");
    /* not resampled: every replication is the list */
    s->resampled = 0;
    cr_assert_eq(drain(s, &l, 4, 500, b), 200, "as is: never more than the list");
    for (size_t i = 0; i < 200; i++)
        cr_assert_eq(b[i].t, l.v[i].t);
    outlist_free(&l);
    scn_destroy(s);
}

Test(resample, no_index_refused)
{
    scenario *s = load();
    s->resampled = 1;
    outage o = {.t = 0};
    outage_list l = {.v = &o, .n = 1};
    os_error e;
    err_clear(&e);
    cr_assert_null(outsrc_create(s, 1, &l, 1, &e));
    cr_assert(strstr(e.msg, "week index") != NULL, "%s", e.msg);
    scn_destroy(s);
}

/* Known answer: over many weeks laid, each week of the list comes up 1/9 of
 * the time, so the mean count per week is 200 / 9, an empty week comes up
 * 1/9 of the time, and every row keeps its offset within its week. */
Test(resample, known_answer_mean_count_per_week)
{
    scenario *s = load();
    s->resampled = 1;
    outage_list l;
    make_list(&l);
    long limit = 200000;
    os_error e;
    outsrc *src = outsrc_create(s, 1, &l, limit, &e);
    cr_assert_not_null(src);
    size_t nweeks = 200000 / 10 + 1000;
    long *count = calloc(nweeks, sizeof *count);
    cr_assert_not_null(count);
    outage o;
    double last = 0;
    size_t top = 0, n = 0;
    while (outsrc_next(src, &o)) {
        cr_assert(o.t >= last, "times in order");
        last = o.t;
        size_t k = (size_t)(o.t / WEEK);
        cr_assert(k < nweeks);
        count[k]++;
        top = k;
        /* the row keeps its offset: its effort names it */
        const outage *row = &l.v[(size_t)o.effort];
        cr_assert(fabs(fmod(o.t, WEEK) - fmod(row->t, WEEK)) < 1e-6, "offset kept");
        cr_assert_eq(o.id, n);
        n++;
    }
    cr_assert_eq(n, (size_t)limit);
    /* the last week laid is cut at the limit: left out */
    double tot = 0;
    long empty = 0;
    for (size_t k = 0; k < top; k++) {
        tot += (double)count[k];
        empty += count[k] == 0;
        int ok = 0;
        for (int w = 0; w < 9; w++)
            ok |= count[k] == COUNTS[w];
        cr_assert(ok, "week %zu holds %ld, no week of the list", k, count[k]);
    }
    double mean = tot / (double)top, share = (double)empty / (double)top;
    /* ~9000 weeks: standard errors 0.16 and 0.0033 */
    cr_assert(fabs(mean - 200.0 / 9) < 0.6, "mean %g a week, want %g", mean, 200.0 / 9);
    cr_assert(fabs(share - 1.0 / 9) < 0.015, "empty weeks %g, want 1/9", share);
    free(count);
    outsrc_destroy(src);
    outlist_free(&l);
    scn_destroy(s);
}

/* ---- the run assembly's counting rules with a list (run.h) --------------- */

#include "ownsim/run.h"

/* A scenario file (reps 4, warmup 5 written) and a list of 30 outages
 * generated from it; paths malloc'ed. */
static void files(char **ini, char **list, bool names_list)
{
    *list = fixture_file("");
    cr_assert_not_null(*list);
    char text[2048];
    snprintf(text, sizeof text,
             "[simulation]\nreps = 4\nincidents = 30\nwarmup = 5\nseed = 2\n%s%s%s"
             "[severity.P1]\n[category.c]\n[party.team]\nstaff = 1\n"
             "[model.m]\nowners = c:team\n",
             names_list ? "outages = " : "", names_list ? *list : "", names_list ? "\n" : "");
    *ini = fixture_file(text);
    cr_assert_not_null(*ini);
    os_error e;
    scenario *s = scn_load(*ini, NULL, 0, &e);
    cr_assert_not_null(s, "%s", e.msg);
    cr_assert_eq(outlist_write(s, 0, 30, *list, false, &e), 0, "%s", e.msg);
    scn_destroy(s);
}

static run_asm *open_with(const char *ini, const scn_override *ov, int nov, bool n_given,
                          os_error *e)
{
    run_opts o = {.incidents_given = n_given};
    err_clear(e);
    return run_open(ini, ov, nov, &o, e);
}

Test(resample, counting_rules)
{
    char *ini, *list;
    files(&ini, &list, false);
    os_error e;
    /* reps 4: resampled; the scenario's warm-up is for generated outages */
    scn_override ov[3] = {{"simulation.outages", list, NULL},
                          {"simulation.incidents", "100", "-n"},
                          {"simulation.resample", "none", NULL}};
    run_asm *r = open_with(ini, ov, 1, false, &e);
    cr_assert_not_null(r, "%s", e.msg);
    const scenario *b = run_base(r);
    cr_assert(b->resampled);
    cr_assert_eq(b->incidents, 30);
    cr_assert_eq(b->warmup, 0, "no warm-up on a list unless given");
    /* a point's own warm-up is given */
    scn_override w = {"simulation.warmup", "7", "--vary"};
    scenario *pt = run_derive(r, &w, 1, &e);
    cr_assert_not_null(pt, "%s", e.msg);
    cr_assert_eq(pt->warmup, 7);
    scn_destroy(pt);
    /* one replication: as is */
    scn_override one = {"simulation.reps", "1", "--vary"};
    pt = run_derive(r, &one, 1, &e);
    cr_assert_not_null(pt, "%s", e.msg);
    cr_assert(!pt->resampled);
    scn_destroy(pt);
    run_close(r);

    /* -n beyond the list: resampled, that many; as is, refused */
    r = open_with(ini, ov, 2, true, &e);
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert_eq(run_base(r)->incidents, 100);
    cr_assert_eq(run_list(r, run_base(r))->n, 30);
    run_close(r);
    cr_assert_null(open_with(ini, ov, 3, true, &e));
    cr_assert_str_eq(e.key, "simulation.incidents");
    cr_assert(strstr(e.msg, "100 outages asked for") && strstr(e.msg, "holds 30"), "%s",
              e.msg);

    /* -n below the list, resampled: the list is still read whole (every
     * week is drawn from) */
    ov[1].value = "10";
    r = open_with(ini, ov, 2, true, &e);
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert_eq(run_base(r)->incidents, 10);
    cr_assert_eq(run_list(r, run_base(r))->n, 30);
    run_close(r);

    /* --warmup given: kept */
    scn_override ow[2] = {{"simulation.outages", list, NULL},
                          {"simulation.warmup", "5", "--warmup"}};
    r = open_with(ini, ow, 2, false, &e);
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert_eq(run_base(r)->warmup, 5);
    run_close(r);
    unlink(ini);
    unlink(list);
    free(ini);
    free(list);
}

Test(resample, warmup_of_a_scenario_naming_its_list_kept)
{
    char *ini, *list;
    files(&ini, &list, true);
    os_error e;
    run_asm *r = open_with(ini, NULL, 0, false, &e);
    cr_assert_not_null(r, "%s", e.msg);
    cr_assert_eq(run_base(r)->warmup, 5);
    cr_assert_eq(run_base(r)->incidents, 30);
    run_close(r);
    unlink(ini);
    unlink(list);
    free(ini);
    free(list);
}

/* Holidays: a week laid over a holiday of the calendar is drawn among the
 * list's weeks with holidays on the same weekdays; a working week among
 * the list's weeks without holidays (so a busy working week is never laid
 * over a closed day).  Weeks from 2026-01-05 (a Monday): holidays on the
 * Wednesday of weeks 0 and 2, the Monday of week 3. */
Test(resample, holiday_weeks_drawn_alike)
{
    os_error e;
    scenario *s = fixture_load("[simulation]\nincidents = 10\nseed = 5\n"
                               "[calendar]\nholidays = 2026-01-07, 2026-01-21, 2026-01-26\n"
                               "[severity.P1]\n[category.c]\n[party.team]\nstaff = 1\n"
                               "[model.m]\nowners = c:team\n", NULL, 0, &e);
    cr_assert_not_null(s, "%d: %s: %s", e.line, e.key, e.msg);
    s->resampled = 1;
    outage_list l;
    memset(&l, 0, sizeof l);
    outage v[18];
    for (int k = 0; k < 6; k++)
        for (int j = 0; j < 3; j++)
            v[3 * k + j] = (outage){.id = (uint64_t)(3 * k + j), .t = k * WEEK + 600 + j,
                                    .effort = 10 * k + j};
    l.v = v;
    l.n = 18;
    cr_assert_eq(outlist_index(&l, &e), 0);
    /* which list weeks may be laid at positions 0..5, as bits */
    const unsigned allowed[6] = {1u << 0 | 1u << 2, 1u << 1 | 1u << 4 | 1u << 5,
                                 1u << 0 | 1u << 2, 1u << 3,
                                 1u << 1 | 1u << 4 | 1u << 5, 1u << 1 | 1u << 4 | 1u << 5};
    unsigned seen[6] = {0};
    for (uint32_t rep = 1; rep <= 200; rep++) {
        outage out[18];
        cr_assert_eq(drain(s, &l, rep, 18, out), 18);
        for (int i = 0; i < 18; i++) {
            int pos = (int)(out[i].t / WEEK), from = (int)(out[i].effort / 10);
            cr_assert(pos < 6 && (allowed[pos] >> from & 1u),
                      "rep %u: week %d of the list laid as week %d", rep, from, pos);
            seen[pos] |= 1u << from;
        }
    }
    for (int k = 0; k < 6; k++)
        cr_assert_eq(seen[k], allowed[k], "position %d: every allowed week drawn", k);
    free(l.wk);
    free(l.wk_first);
    scn_destroy(s);
}
