/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * implied.c — what a scenario implies (see implied.h; docs/model.md §12,
 * "What a scenario implies", is the specification of every figure).
 *
 * Design: closed-form expectations over the scenario's own numbers, never
 * a simulation: the arrival rate and the marks' mixes give incidents per
 * category and severity; the effort means, skill factors and the model's
 * routing (who takes the ticket in, who owns it, the gray-area rounds) give
 * the hands-on minutes each party is offered, charged by the rules replay.c
 * charges by (work.h; docs/model.md §4.4–4.8); the effort distribution function
 * (dist_cdf) gives the share of incidents whose work alone exceeds the
 * resolve target.  Only the downtime figures read a run's results: the
 * simulated mean TTR and mean downtime cost per severity (the ttr_mean and
 * downtime_cost cells of severities.csv), times the scenario's incidents a
 * year.
 *
 * Invariants: the rows come in one fixed order (scenario figures, then per
 * model: parties, severities, downtime), so implied.csv is deterministic;
 * every row's value is finite or NaN (an unknown), never infinite; a
 * warning is set exactly when a value passes its threshold (implied.h).
 * The rows array is allocated once, at its largest size for the scenario:
 * no reallocation.
 */
#include "ownsim/implied.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/csvfile.h"
#include "ownsim/dist.h"
#include "ownsim/metric.h"
#include "ownsim/outages.h"
#include "ownsim/work.h"

#define WEEK_MINUTES (7 * 24 * 60.0)
#define DIG 6                     /* significant digits in implied.csv, as report.c */

/* ---- the figures' arithmetic --------------------------------------------- */

/* share[c][v]: probability that an outage is of category c and severity v
 * (category by weight, then severity by the category's mix; load.c
 * guarantees a positive weight sum and a positive mix in every category). */
static void mark_shares(const scenario *s, double share[SCN_MAX_CAT][SCN_MAX_SEV])
{
    double wsum = 0;
    for (int c = 0; c < s->ncat; c++)
        wsum += s->cat[c].weight;
    for (int c = 0; c < s->ncat; c++) {
        double msum = 0;
        for (int v = 0; v < s->nsev; v++)
            msum += s->cat[c].sev_mix[v];
        for (int v = 0; v < s->nsev; v++)
            share[c][v] = s->cat[c].weight / wsum * (s->cat[c].sev_mix[v] / msum);
    }
}

/* The resolve target incidents of severity v are held to under model m, in
 * minutes of its clock: the model's contract (the severity's target unless
 * the model sets its own; load.c fills it). */
static double resolve_target(const scenario *s, int m, int v)
{
    return s->model[m].sla_resolve[v];
}

static int popcount(uint32_t x)
{
    return __builtin_popcount(x);
}

/* The party that opens category c's tickets under model md (§4.1). */
static int intake_of(const scn_model *md, int c)
{
    return md->monitor[c] >= 0 ? md->monitor[c] : md->service_desk;
}

/* Expected bounces of a gray-area ticket that was not orphaned: rounds
 * misroute with probability p each until one does not or the bounce_limit L
 * is reached, so P(B >= k) = p^k for k <= L and E[B] = sum_{k=1..L} p^k. */
static double expected_bounces(const scn_model *md)
{
    double eb = 0, pk = 1;
    for (int k = 1; k <= md->bounce_limit; k++) {
        pk *= md->misroute_prob;
        eb += pk;
    }
    return eb;
}

/* Adds to work[] the final work of eff effort-minutes a week of category c
 * that enter party t with rework r, along t's support-group chain (§4.10):
 * each group resolves its fcr share, effort x skill x (1 + rework), and
 * works escalate_work of the rest, effort x skill x its mean, before
 * escalating it with its escalate_context_loss added to the rework; the
 * last group (or a party with no escalate_to) resolves what reaches it.
 * Chains end (the loader refuses cycles). */
static void chain_work(const scenario *s, int c, int t, double eff, double r,
                       double work[SCN_MAX_PARTIES])
{
    for (int g = t; g >= 0;) {
        const scn_party *pt = &s->party[g];
        int next = scn_next_group(pt);
        double skill = pt->skill[c], f = next < 0 ? 1 : pt->fcr[c];
        work[g] += work_final(eff * f, skill, r) +
                   work_wasted(eff * (1 - f), skill, dist_mean(&pt->escalate_work));
        eff *= 1 - f;
        r += pt->escalate_context_loss;
        g = next;
    }
}

/* work[p]: hands-on minutes a week offered to party p under model m — the
 * final work of the true owner (or of the groups after it, chain_work),
 * effort x skill x (1 + rework), rework being context_loss per expected
 * handoff, and the wasted work of wrong assignees, effort x bounce_work x
 * their skill (§4.4, §4.8). */
static void offered_work(const scenario *s, int m, double per_week,
                         const double share[][SCN_MAX_SEV], double work[SCN_MAX_PARTIES])
{
    const scn_model *md = &s->model[m];
    for (int p = 0; p < SCN_MAX_PARTIES; p++)
        work[p] = 0;
    double eb = expected_bounces(md), q = md->orphan_prob;
    double waste = dist_mean(&md->bounce_work);
    for (int c = 0; c < s->ncat; c++) {
        double eff = 0;   /* effort-minutes a week of category c at skill 1 */
        for (int v = 0; v < s->nsev; v++)
            eff += per_week * share[c][v] * dist_mean(&s->sev[v].effort);
        if (eff == 0)
            continue;
        int in = intake_of(md, c);
        uint32_t owners = md->owner[c];
        int n = popcount(owners);
        for (int t = 0; t < s->nparty; t++) {
            if (!(owners & (1u << t)))
                continue;
            double skill = s->party[t].skill[c];
            double handoffs = in != t;          /* the last move: intake -> owner */
            if (n > 1) {
                /* each bounce moves intake -> wrong -> intake, a handoff
                 * each way unless the wrong party is the intake itself */
                bool in_wrong = (owners & (1u << in)) && in != t;
                double moves = in_wrong ? (double)(n - 2) / (n - 1) : 1;
                handoffs += (1 - q) * eb * 2 * moves;
                /* t as a wrong assignee: each bounce picks one of the n - 1
                 * others; over the n equally likely true owners, 1/n */
                work[t] += work_wasted(eff, skill, waste) * (1 - q) * eb / n;
            }
            chain_work(s, c, t, eff / n, work_rework(md, handoffs), work);
        }
    }
}

/* The probability that the hands-on work of a ticket of category c entering
 * party t with rework r exceeds target minutes, effort distributed as eff:
 * over the groups of t's chain where it may be resolved (§4.10), each with
 * its probability, 1 - F(target / factor), factor being the resolving
 * group's skill x (1 + rework) plus, for each group before it, its skill x
 * its mean escalate_work (the mean stands for the draw: exact when
 * escalate_work is a constant, as it is by default). */
static double chain_breach(const scenario *s, int c, int t, const dist *eff, double target,
                           double r)
{
    double reach = 1, before = 0, p = 0;
    for (int g = t; g >= 0 && reach > 0;) {
        const scn_party *pt = &s->party[g];
        int next = scn_next_group(pt);
        double skill = pt->skill[c], f = next < 0 ? 1 : pt->fcr[c];
        double k = before + work_final(1, skill, r);
        if (f > 0)
            p += reach * f * (1 - dist_cdf(eff, target / k));
        reach *= 1 - f;
        before += work_wasted(1, skill, dist_mean(&pt->escalate_work));
        r += pt->escalate_context_loss;
        g = next;
    }
    return p;
}

/* The probability that an outage of category c is a major incident (§4.11),
 * over its severities. */
static double major_share(const scenario *s, int c, const double share[][SCN_MAX_SEV])
{
    double tot = 0, maj = 0;
    for (int v = 0; v < s->nsev; v++) {
        tot += share[c][v];
        maj += share[c][v] * s->cat[c].major_prob[v];
    }
    return tot > 0 ? maj / tot : 0;
}

/* in[p]: intake-agent minutes a week offered to party p under model m
 * (§4.11 rules 3, 5 and 8): each ticket's acknowledgement at its intake
 * party, in a gray area the triage rounds held there (1 + the bounces
 * before the limit, for a ticket neither orphaned nor on a bridge), and
 * each duplicate of a major incident's burst at the service desk (its
 * acknowledgement, and one triage in a gray area without a bridge); the
 * burst's size is the mean of burst_tickets (before rounding). */
static void offered_intake(const scenario *s, int m, double per_week,
                           const double share[][SCN_MAX_SEV], double in[SCN_MAX_PARTIES])
{
    const scn_model *md = &s->model[m];
    for (int p = 0; p < SCN_MAX_PARTIES; p++)
        in[p] = 0;
    double rounds = 1, pk = 1, tri = dist_mean(&md->triage_delay);
    for (int k = 1; k < md->bounce_limit; k++)
        rounds += (pk *= md->misroute_prob);
    int sd = md->service_desk;
    for (int c = 0; c < s->ncat; c++) {
        double lam = 0;
        for (int v = 0; v < s->nsev; v++)
            lam += per_week * share[c][v];
        int p = intake_of(md, c);
        bool gray = popcount(md->owner[c]) > 1;
        double maj = major_share(s, c, share), bridged = md->major_bridge ? maj : 0;
        in[p] += lam * dist_mean(&s->party[p].ack_delay);
        if (gray)
            in[p] += lam * (1 - bridged) * (1 - md->orphan_prob) * rounds * tri;
        double dups = lam * maj * fmax(0, dist_mean(&s->cat[c].burst_tickets));
        in[sd] += dups * (dist_mean(&s->party[sd].ack_delay) +
                          (gray && !md->major_bridge ? tri : 0));
    }
}

/* Percent of severity v's incidents under model m whose hands-on work alone
 * — effort x the true owner's skill x (1 + context_loss for the one
 * handoff from intake to owner, when they differ), or along the owner's
 * support groups (chain_breach) — exceeds the resolve target: sum over
 * categories and equally likely owners.  NaN when v has no incidents. */
static double work_breach_pct(const scenario *s, int m, int v,
                              const double share[][SCN_MAX_SEV])
{
    const scn_model *md = &s->model[m];
    double tot = 0, p = 0, target = resolve_target(s, m, v);
    for (int c = 0; c < s->ncat; c++)
        tot += share[c][v];
    if (!(tot > 0))
        return NAN;
    for (int c = 0; c < s->ncat; c++) {
        if (share[c][v] == 0)
            continue;
        int in = intake_of(md, c), n = popcount(md->owner[c]);
        for (int t = 0; t < s->nparty; t++)
            if (md->owner[c] & (1u << t))
                p += share[c][v] / tot / n *
                     chain_breach(s, c, t, &s->sev[v].effort, target, work_rework(md, in != t));
    }
    return 100 * p;
}

/* Percent of severity v's incidents under model m whose acknowledgement
 * alone — the intake party's ack_delay (§4.2) — exceeds the response
 * target: sum over categories of 1 - F(target), F the ack_delay of the
 * category's intake party.  The call-out or the wait for hours that an
 * after-hours ticket adds at a party without a 24x7 desk is left out: this
 * is what breaks the target even in business hours.  NaN when v has no
 * incidents. */
static double ack_breach_pct(const scenario *s, int m, int v, const double share[][SCN_MAX_SEV])
{
    const scn_model *md = &s->model[m];
    double tot = 0, p = 0, target = md->sla_response[v];
    for (int c = 0; c < s->ncat; c++)
        tot += share[c][v];
    if (!(tot > 0))
        return NAN;
    for (int c = 0; c < s->ncat; c++)
        if (share[c][v] > 0)
            p += share[c][v] / tot *
                 (1 - dist_cdf(&s->party[intake_of(md, c)].ack_delay, target));
    return 100 * p;
}

/* ---- rows ------------------------------------------------------------------ */

static implied_row *add(implied *im, const char *figure, int model, int party, int sev,
                        double value, const char *unit)
{
    implied_row *r = &im->rows[im->n++];
    r->figure = figure;
    r->model = model;
    r->party = party;
    r->sev = sev;
    r->value = isfinite(value) ? value : NAN;
    snprintf(r->unit, sizeof r->unit, "%s", unit);
    r->warning[0] = '\0';
    return r;
}

static void warn(implied_row *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(implied_row *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->warning, sizeof r->warning, fmt, ap);
    va_end(ap);
}

/* The most rows s can give: scenario figures, then per model 4 per party
 * (and 3 more for its intake agents),
 * two per severity (work and acknowledgement alone), and the downtime rows (2 per severity, 2 totals, the
 * revenue share). */
static size_t max_rows(const scenario *s)
{
    return (size_t)s->nsev + 3 +
           (size_t)s->nmodel * (7 * (size_t)s->nparty + 4 * (size_t)s->nsev + 3);
}

/* Rows of the downtime figures of model m, appended. */
static void downtime_rows(implied *im, const scenario *s, const point_result *res, int m,
                          const double *sev_year, double *x)
{
    const metric *ttr = metric_find("ttr_mean"), *dc = metric_find("downtime_cost");
    char money[IMPLIED_UNIT];
    snprintf(money, sizeof money, "%s/year", s->currency);
    double hours[SCN_MAX_SEV], cost[SCN_MAX_SEV], th = 0, tc = 0;
    for (int v = 0; v < s->nsev; v++) {
        metric_src src = point_src(s, res, m, v);
        double t = metric_value(ttr, &src, x);
        hours[v] = sev_year[v] == 0 ? 0 : sev_year[v] * t / 60;
        /* the simulated mean cost of an outage of v: it depends on where
         * in the week the outage falls (business minutes), not on TTR alone */
        cost[v] = sev_year[v] == 0 ? 0 : sev_year[v] * metric_value(dc, &src, x);
        th += hours[v];
        tc += cost[v];
    }
    for (int v = 0; v < s->nsev; v++)
        add(im, "downtime_hours_per_year", m, -1, v, hours[v], "hours/year");
    add(im, "downtime_hours_per_year", m, -1, -1, th, "hours/year");
    for (int v = 0; v < s->nsev; v++)
        add(im, "downtime_cost_per_year", m, -1, v, cost[v], money);
    add(im, "downtime_cost_per_year", m, -1, -1, tc, money);
    implied_row *r = add(im, "downtime_cost_revenue_pct", m, -1, -1,
                         s->revenue > 0 ? 100 * tc / s->revenue : NAN, "%");
    if (r->value > IMPLIED_COST_WARN)
        warn(r, "downtime costs %.1f %% of revenue a year under %s (more than %g %%)",
             r->value, s->model[m].name, IMPLIED_COST_WARN);
}

/* Rows of the intake agents of model m (§4.11), for each party that has
 * some there: minutes offered (offered_intake) against the agents' time,
 * intake_staff x the minutes the party acknowledges in a week (10 080 with
 * ack_coverage = 24x7 or a 24x7 party, else its hours). */
static void intake_rows(implied *im, const scenario *s, int m, double per_week,
                        const double share[][SCN_MAX_SEV])
{
    const scn_model *md = &s->model[m];
    double in[SCN_MAX_PARTIES];
    bool any = false;
    for (int p = 0; p < s->nparty; p++)
        any |= md->intake_staff[p] > 0;
    if (!any)
        return;
    offered_intake(s, m, per_week, share, in);
    for (int p = 0; p < s->nparty; p++) {
        if (md->intake_staff[p] <= 0)
            continue;
        const scn_party *pt = &s->party[p];
        double avail = md->intake_staff[p] *
                       (pt->ack_always || pt->always_on ? WEEK_MINUTES : pt->week_open);
        double util = avail > 0 ? 100 * in[p] / avail : NAN;
        add(im, "intake_offered_hours_per_week", m, p, -1, in[p] / 60, "hours/week");
        add(im, "intake_staff_hours_per_week", m, p, -1, avail / 60, "hours/week");
        implied_row *r = add(im, "intake_utilisation_pct", m, p, -1, util, "%");
        if (util > IMPLIED_UTIL_WARN)
            warn(r, "%s's %d intake agent%s work %.1f %% of their time under %s (more "
                 "than %g %%)%s", pt->name, md->intake_staff[p],
                 md->intake_staff[p] == 1 ? "" : "s", util, md->name, IMPLIED_UTIL_WARN,
                 util >= 100 ? ": acknowledgements fall ever further behind" : "");
    }
}

/* The mean arrivals a week, and in sev_year those of each severity a year.
 * per_week is the rate of a week without holidays: arrivals at the weekend
 * rate on holidays take their share off (outsrc_rate_share). */
static double yearly_counts(const scenario *s, const double share[][SCN_MAX_SEV],
                            double sev_year[SCN_MAX_SEV])
{
    double per_week = s->per_week * outsrc_rate_share(s);
    for (int v = 0; v < s->nsev; v++) {
        sev_year[v] = 0;
        for (int c = 0; c < s->ncat; c++)
            sev_year[v] += per_week * share[c][v] * METRIC_WEEKS_PER_YEAR;
    }
    return per_week;
}

/* The rows of s, with the downtime figures of res after each model's when
 * res is not NULL. */
static int build(const scenario *s, const point_result *res, implied *out, os_error *e)
{
    memset(out, 0, sizeof *out);
    out->rows = calloc(max_rows(s), sizeof *out->rows);
    if (!out->rows)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    double *x = res ? malloc(METRIC_SCRATCH(res->reps) * sizeof *x) : NULL;
    if (res && !x) {
        implied_free(out);
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    }
    double share[SCN_MAX_CAT][SCN_MAX_SEV], sev_year[SCN_MAX_SEV];
    mark_shares(s, share);
    double per_week = yearly_counts(s, share, sev_year);
    double year = per_week * METRIC_WEEKS_PER_YEAR;
    add(out, "incidents_per_year", -1, -1, -1, year, "incidents/year");
    for (int v = 0; v < s->nsev; v++)
        add(out, "severity_incidents_per_year", -1, -1, v, sev_year[v], "incidents/year");
    add(out, "incidents_per_user_month", -1, -1, -1,
        s->users > 0 ? year / 12 / (double)s->users : NAN, "incidents/user/month");
    implied_row *r = add(out, "p1_per_site_per_year", -1, -1, 0, sev_year[0] / s->sites,
                         "incidents/site/year");
    if (r->value > IMPLIED_P1_SITE_WARN)
        warn(r, "%.1f business-wide %s outages a year per site (sites = %d) is more than "
             "%g: check arrivals.per_week and the %s share of the category mixes",
             r->value, s->sev[0].name, s->sites, IMPLIED_P1_SITE_WARN, s->sev[0].name);

    for (int m = 0; m < s->nmodel; m++) {
        const char *mn = s->model[m].name;
        double work[SCN_MAX_PARTIES];
        offered_work(s, m, per_week, share, work);
        for (int p = 0; p < s->nparty; p++) {
            int staff = s->model[m].staff[p];
            if (staff <= 0 && work[p] == 0)
                continue;   /* not part of this model */
            /* staffed minutes a week: its own hours (scn_party's week_open) */
            double avail =
                staff * (s->party[p].always_on ? WEEK_MINUTES : s->party[p].week_open);
            double util = avail > 0 ? 100 * work[p] / avail : NAN;
            add(out, "offered_work_hours_per_week", m, p, -1, work[p] / 60, "hours/week");
            add(out, "staff_hours_per_week", m, p, -1, avail / 60, "hours/week");
            r = add(out, "utilisation_pct", m, p, -1, util, "%");
            if (!(avail > 0))
                warn(r, "%s is offered %.1f hours of work a week under %s but has no staff "
                     "time", s->party[p].name, work[p] / 60, mn);
            else if (util > IMPLIED_UTIL_WARN)
                warn(r, "%s works %.1f %% of its staff time under %s (more than %g %%)%s",
                     s->party[p].name, util, mn, IMPLIED_UTIL_WARN,
                     util >= 100 ? ": its queue never settles" : "");
            /* stable: a queue that settles, utilisation below 1 */
            add(out, "queue_stable", m, p, -1, avail > 0 ? (util < 100) : 0, "1 = yes");
        }
        intake_rows(out, s, m, per_week, share);
        for (int v = 0; v < s->nsev; v++) {
            double pct = work_breach_pct(s, m, v, share);
            if (isnan(pct))
                continue;
            r = add(out, "work_breach_pct", m, -1, v, pct, "%");
            if (pct > IMPLIED_BREACH_WARN)
                warn(r, "under %s the hands-on work alone exceeds %s's %g-minute resolve "
                     "target for %.1f %% of its incidents (more than %g %%)", mn,
                     s->sev[v].name, resolve_target(s, m, v), pct, IMPLIED_BREACH_WARN);
            pct = ack_breach_pct(s, m, v, share);
            r = add(out, "ack_breach_pct", m, -1, v, pct, "%");
            if (pct > IMPLIED_BREACH_WARN)
                warn(r, "under %s the acknowledgement alone exceeds %s's %g-minute response "
                     "target for %.1f %% of its incidents (more than %g %%)", mn,
                     s->sev[v].name, s->model[m].sla_response[v], pct, IMPLIED_BREACH_WARN);
        }
        if (res)
            downtime_rows(out, s, res, m, sev_year, x);
    }
    free(x);
    out->simulated = res != NULL;
    return 0;
}

int implied_scenario(const scenario *s, implied *out, os_error *e)
{
    return build(s, NULL, out, e);
}

int implied_results(const scenario *s, const point_result *res, implied *out, os_error *e)
{
    return build(s, res, out, e);
}

void implied_free(implied *im)
{
    free(im->rows);
    memset(im, 0, sizeof *im);
}

size_t implied_nwarnings(const implied *im)
{
    size_t n = 0;
    for (size_t i = 0; i < im->n; i++)
        n += im->rows[i].warning[0] != '\0';
    return n;
}

/* ---- implied.csv ----------------------------------------------------------- */

int implied_write(const implied *im, const scenario *s, const char *dir, os_error *e)
{
    csvw *w = csvw_open_in(dir, "implied.csv", e);
    if (!w)
        return -1;
    static const char *const head[] = {"figure", "model", "party", "severity", "value",
                                       "unit", "warning"};
    csvw_row(w, head, sizeof head / sizeof *head);
    for (size_t i = 0; i < im->n; i++) {
        const implied_row *r = &im->rows[i];
        csvw_str(w, r->figure);
        csvw_str(w, r->model >= 0 ? s->model[r->model].name : "");
        csvw_str(w, r->party >= 0 ? s->party[r->party].name : "");
        csvw_str(w, r->sev >= 0 ? s->sev[r->sev].name : "");
        csvw_num(w, r->value, DIG);
        csvw_str(w, r->unit);
        csvw_str(w, r->warning);
        csvw_end(w);
    }
    return csvw_commit(w, e);
}

/* ---- the printed blocks ------------------------------------------------------ */

static const implied_row *find(const implied *im, const char *figure, int model, int party,
                               int sev)
{
    for (size_t i = 0; i < im->n; i++) {
        const implied_row *r = &im->rows[i];
        if (!strcmp(r->figure, figure) && r->model == model && r->party == party &&
            r->sev == sev)
            return r;
    }
    return NULL;
}

/* Columns a UTF-8 string takes on a terminal (one per character). */
static int cols(const char *t)
{
    int n = 0;
    for (; *t; t++)
        n += ((unsigned char)*t & 0xC0) != 0x80;
    return n;
}

/* t, then blanks up to width columns. */
static void pad(FILE *f, const char *t, int width)
{
    fprintf(f, "%s%*s", t, width > cols(t) ? width - cols(t) : 0, "");
}

/* A number to read at a glance: "-" when unknown, k and M for thousands
 * and millions. */
static void amount(double v, char *buf, size_t n)
{
    if (isnan(v))
        snprintf(buf, n, "-");
    else if (fabs(v) >= 1e6)
        snprintf(buf, n, "%.2f M", v / 1e6);
    else if (fabs(v) >= 1e4)
        snprintf(buf, n, "%.1f k", v / 1e3);
    else
        snprintf(buf, n, "%.0f", v);
}

static const char *mark(const implied_row *r)
{
    return r && r->warning[0] ? " !" : "";
}


/* The longest name of the first n of names (strided by size), at least min. */
static int widest(const char *names, size_t size, int n, int min)
{
    for (int i = 0; i < n; i++)
        if (cols(names + (size_t)i * size) > min)
            min = cols(names + (size_t)i * size);
    return min;
}

#define WIDEST(arr, n, min) widest((arr)[0].name, sizeof (arr)[0], (n), (min))
#define WIDEST_LABEL(arr, n, min) widest((arr)[0].label, sizeof (arr)[0], (n), (min))

/* "a year: 2609 incidents, 169.6 P1 (169.6 a site), ..." — the scenario's
 * own figures in one sentence. */
static void headline(const implied *im, const scenario *s, FILE *f, const char *lead)
{
    const implied_row *all = find(im, "incidents_per_year", -1, -1, -1),
                      *p1 = find(im, "severity_incidents_per_year", -1, -1, 0),
                      *site = find(im, "p1_per_site_per_year", -1, -1, 0),
                      *user = find(im, "incidents_per_user_month", -1, -1, -1);
    char rev[64];
    amount(s->revenue, rev, sizeof rev);
    fprintf(f, "%sa year: %.0f incidents, %.1f %s (%.1f a site%s), ", lead, all->value,
            p1->value, s->sev[0].name, site->value, mark(site));
    if (isnan(user->value))
        fprintf(f, "users unknown, ");
    else
        fprintf(f, "%.2f a user a month, ", user->value);
    if (s->revenue > 0)
        fprintf(f, "revenue %s %s\n", s->currency, rev);
    else
        fprintf(f, "revenue unknown\n");
}

/* run's block: models and parties by their display labels */
void implied_print(const implied *im, const scenario *s, FILE *f)
{
    int wm = WIDEST_LABEL(s->model, s->nmodel, 5), wp = WIDEST_LABEL(s->party, s->nparty, 5),
        ws = WIDEST(s->sev, s->nsev, 2);
    char cost_head[64];
    snprintf(cost_head, sizeof cost_head, "cost %s", s->currency);
    int wc = cols(cost_head) > 9 ? cols(cost_head) : 9;
    fprintf(f, "\nWhat the scenario implies (docs/model.md §12; every figure in implied.csv):\n");
    headline(im, s, f, "");
    fprintf(f, "%-*s  %10s  %*s%s  %9s  ", wm, "model", "downtime h", wc - cols(cost_head), "",
            cost_head, "% revenue");
    pad(f, "busiest party", wp + 12);
    fprintf(f, "work > target\n");
    for (int m = 0; m < s->nmodel; m++) {
        const implied_row *h = find(im, "downtime_hours_per_year", m, -1, -1),
                          *c = find(im, "downtime_cost_per_year", m, -1, -1),
                          *rv = find(im, "downtime_cost_revenue_pct", m, -1, -1),
                          *busy = NULL, *worst = NULL;
        for (size_t i = 0; i < im->n; i++) {
            const implied_row *r = &im->rows[i];
            if (r->model != m)
                continue;
            if (!strcmp(r->figure, "utilisation_pct") &&
                (!busy || r->value > busy->value || (isnan(r->value) && !isnan(busy->value))))
                busy = r;
            if (!strcmp(r->figure, "work_breach_pct") && (!worst || r->value > worst->value))
                worst = r;
        }
        char hb[32], cb[32], rb[32];
        if (h && !isnan(h->value))
            snprintf(hb, sizeof hb, "%.0f", h->value);
        else
            snprintf(hb, sizeof hb, "-");
        amount(c ? c->value : NAN, cb, sizeof cb);
        if (rv && !isnan(rv->value))
            snprintf(rb, sizeof rb, "%7.1f%s", rv->value, rv->warning[0] ? " !" : "  ");
        else
            snprintf(rb, sizeof rb, "-  ");
        pad(f, s->model[m].label, wm);
        fprintf(f, "  %10s  %*s  %9s  ", hb, wc, cb, rb);
        char cell[2 * SCN_LABEL + 64], who[2 * SCN_LABEL];
        if (busy) {
            /* pad by columns, not bytes: a label may be UTF-8 */
            const char *pl = s->party[busy->party].label;
            snprintf(who, sizeof who, "%s%*s", pl, wp > cols(pl) ? wp - cols(pl) : 0, "");
        }
        if (busy && !isnan(busy->value))
            snprintf(cell, sizeof cell, "%s %6.1f %%%s", who, busy->value, mark(busy));
        else if (busy)
            snprintf(cell, sizeof cell, "%s      - %s", who, mark(busy));
        else
            snprintf(cell, sizeof cell, "-");
        pad(f, cell, wp + 12);
        if (worst)
            fprintf(f, "%-*s %5.1f %%%s\n", ws, s->sev[worst->sev].name, worst->value,
                    mark(worst));
        else
            fprintf(f, "-\n");
    }
    if (implied_nwarnings(im))
        fprintf(f, "! above a threshold of docs/model.md §12: see the warnings\n");
}

/* Items "NAME VALUE" after lead, separated by commas, wrapped before 100
 * columns; continuation lines start with "; " and two blanks. */
typedef struct wrap {
    FILE *f;
    int col;               /* columns on the current line */
} wrap;

static void wrap_item(wrap *w, const char *item, bool first)
{
    int n = cols(item) + (first ? 0 : 2);
    if (!first && w->col + n > 99) {
        fprintf(w->f, ",\n;   %s", item);
        w->col = 4 + cols(item);
        return;
    }
    fprintf(w->f, "%s%s", first ? "" : ", ", item);
    w->col += n;
}

void implied_print_comments(const implied *im, const scenario *s, FILE *f)
{
    int wm = WIDEST(s->model, s->nmodel, 5), wp = WIDEST(s->party, s->nparty, 5),
        ws = WIDEST(s->sev, s->nsev, 8);
    fprintf(f, "\n; ---- What this scenario implies, without simulating "
               "(docs/model.md §12)\n");
    headline(im, s, f, "; ");
    wrap w = {f, 0};
    fprintf(f, "; by severity, a year: ");
    w.col = 22;
    for (int v = 0; v < s->nsev; v++) {
        const implied_row *r = find(im, "severity_incidents_per_year", -1, -1, v);
        char item[96];
        snprintf(item, sizeof item, "%s %.1f", s->sev[v].name, r->value);
        wrap_item(&w, item, v == 0);
    }
    fprintf(f, "\n; downtime hours and cost a year: need a simulation "
               "(ownsim run prints them; implied.csv)\n;\n");
    fprintf(f, "; %-*s  ", wm, "model");
    pad(f, "party", wp);
    fprintf(f, "  %11s  %12s  %11s\n", "work h/week", "staff h/week", "utilisation");
    for (size_t i = 0; i < im->n; i++) {
        const implied_row *r = &im->rows[i];
        if (strcmp(r->figure, "utilisation_pct"))
            continue;
        const implied_row *wk = find(im, "offered_work_hours_per_week", r->model, r->party, -1),
                          *st = find(im, "staff_hours_per_week", r->model, r->party, -1);
        fprintf(f, "; %-*s  ", wm, s->model[r->model].name);
        pad(f, s->party[r->party].name, wp);
        fprintf(f, "  %11.1f  %12.1f  ", wk->value, st->value);
        if (isnan(r->value))
            fprintf(f, "%11s%s\n", "-", mark(r));
        else
            fprintf(f, "%9.1f %%%s\n", r->value, mark(r));
    }
    fprintf(f, ";\n; %-*s  ", wm, "model");
    pad(f, "severity", ws);
    fprintf(f, "  %14s  %21s\n", "resolve target", "work alone exceeds it");
    for (size_t i = 0; i < im->n; i++) {
        const implied_row *r = &im->rows[i];
        if (strcmp(r->figure, "work_breach_pct"))
            continue;
        fprintf(f, "; %-*s  ", wm, s->model[r->model].name);
        pad(f, s->sev[r->sev].name, ws);
        fprintf(f, "  %10g min  %19.1f %%%s\n", resolve_target(s, r->model, r->sev), r->value,
                mark(r));
    }
    if (implied_nwarnings(im))
        fprintf(f, "; ! above a threshold of docs/model.md §12: see the warnings\n");
}
