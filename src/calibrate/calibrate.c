/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calibrate.c — `ownsim calibrate`: simulated TTR of the current model
 * against observed_ttr, the unrecorded parameters fitted under common
 * random numbers, a bootstrap over weeks for their intervals.
 *
 * Design (docs/calibrate.md gives every formula):
 *  - The list is replayed once per evaluation through one model,
 *    replication 0, with the scenario's seed: the decision keys of a row
 *    depend on (seed, 0, row), so two evaluations differ only by the
 *    parameters (common random numbers) and the objective is a
 *    deterministic function of them.  Each resolved incident's TTR lands in
 *    sim[id] (duplicate tickets of major incidents are not rows: ignored);
 *    with from_opened, its TTR less its detect stage (the list's t_occur is
 *    then the ticket's opening, and observed_ttr counts from it).
 *  - Groups compared: all rows, each severity, each category, over the
 *    rows with an observed_ttr.  Quantiles are GSL's
 *    gsl_stats_quantile_from_sorted_data on sorted copies; the two-sample
 *    KS statistic is ours (GSL has none): sup |F_obs - F_sim| over the
 *    pooled values, ties stepped together.
 *  - Distance: D = sum over severities s and q = 0.1..0.9 of
 *    (Q_sim,s(q) - Q_obs,s(q))^2 / (2 V_s(q)), V_s(q) the observed
 *    quantile's variance over resampled weeks (quantile_weights): each
 *    term about 1 when only chance separates them.
 *  - Parameters: a distribution key is scaled as a whole by a factor c
 *    (dist_scale) in [LO, HI], mapped as log c = log LO + (log HI - log
 *    LO) / (1 + exp(-z)); a number key x = LO + (HI - LO) / (1 + exp(-z)).
 *    GSL's nmsimplex2 moves z, so every point it tries is inside the range.
 *  - Start: the best of the scenario's values and 16 points a parameter
 *    of a Sobol sequence (the objective is rugged: steps where an incident
 *    crosses closing time or is orphaned, and the noise of one draw of the
 *    decisions), then Nelder–Mead.
 *  - Intervals by inverting a profile test: P_j(u), the least D with
 *    parameter j held at u (mapped scale) on an 11-point grid, is compared
 *    with the fit's D; a value is kept when P_j(u) - D <= c_j, c_j the
 *    90 % quantile of the same statistic over B bootstrap histories (at
 *    least chi-squared(1)'s, 2.7055).  A
 *    history: weeks (floor(t_occur / 10080)) holding compared rows drawn
 *    with replacement, and on those rows the TTRs the model makes at the
 *    fit with the decisions of replication b + 1 in place of the observed
 *    ones; fitted as the data are, but with the simulation's decisions of
 *    replication B + 1 + b (the data's fit rests on one draw, replication
 *    0, whose chance the intervals must hold too).  Made as the data were:
 *    efforts import drew (effort_source = drawn) are drawn afresh for the
 *    history, the fit replaying the list's; and when the list records
 *    reassignments, the history's fit uses the misroute_prob its own
 *    reassignments give, as fit --into estimated the scenario's from the
 *    data's (both: docs/calibrate.md §5).  Wider than half the
 *    range on the mapped scale (log for a factor), or moving D nowhere:
 *    "not identified", and calibrated.ini keeps the scenario's value; so
 *    is every parameter when the fit's D lies above the 95 % of the D the
 *    histories' own fits reach (the model does not reproduce the tickets).
 *  - A point evaluated again (same list, rows, replication, misroute and
 *    values) takes the D stored the first time (eval_d, memo.h): the same
 *    double without the replay.
 * Invariants: every array is the list's length or a bootstrap's; nothing
 * is allocated per event (the replay is created once per evaluation); a
 * failure leaves nothing written (calib_write is separate, and atomic per
 * file, the folder swapped in by the caller).
 */
#include "ownsim/calibrate.h"

#include <gsl/gsl_multimin.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/csvfile.h"
#include "ownsim/memo.h"
#include "ownsim/number.h"
#include "ownsim/quantiles.h"
#include "ownsim/replay.h"
#include "ownsim/rng.h"

#define NQ 9                      /* quantiles of the distance: 0.1 .. 0.9 */
static const double decile[NQ] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
#define WEEK 10080.0              /* minutes */
#define BOOT_PURPOSE 0xCA1Bu      /* rng_stream purpose of the week draws */
#define MAX_OV_CAL 320            /* overrides of calibrated.ini: the user's and the fitted */

/* One fitted parameter. */
typedef struct cparam {
    char key[SCN_KEY_TEXT];   /* "model.co_managed.triage_delay" */
    bool isdist;              /* a distribution scaled by a factor; else a number */
    dist base;                /* isdist: the scenario's distribution; owned */
    double lo, hi;            /* range: factors (isdist) or values */
    double start;             /* the scenario's value (1 for a factor) */
    double fit;               /* fitted */
    double ci_lo, ci_hi;      /* the 90 % interval (profile test inverted); NaN
                                 without bootstrap */
    double crit;              /* its critical value c of P - D, in D's units (§3) */
    int verdict;              /* 1 identified, 0 not identified, -1 not assessed */
    int trades;               /* the parameter its bootstrap refits move with
                                 (|r| >= CALIB_TRADE_R), else -1: information */
    double trade_r;           /* that correlation */
    char text[256];           /* the fitted value as scenario text */
    char start_text[256];     /* the scenario's value as text */
    dist *dfield;             /* fast path: the field of the working scenario this key
                                 sets (a distribution), or NULL */
    double *nfield;           /* fast path: ditto, a number */
} cparam;

/* A group's statistics for one model. */
typedef struct cstat {
    long n;                   /* rows compared */
    double mean[2], p50[2], p90[2]; /* [0] observed, [1] simulated */
    double ks;                /* two-sample KS statistic */
    double qdist;             /* sqrt(mean over q of squared quantile differences) */
} cstat;

#define NGROUP (1 + SCN_MAX_SEV + SCN_MAX_CAT)

struct calib_result {
    int model;                /* model index in the base scenario */
    char model_name[SCN_NAME];/* its name */
    const char *outages;      /* the list's path; borrowed from the options */
    size_t n;                 /* rows of the list */
    size_t ncmp;              /* rows with an observed_ttr */
    double *obs;              /* [n] observed_ttr, NaN when blank; owned */
    unsigned char *drawn;     /* [n] 1 where effort_source is "drawn" (import drew
                                 the effort: the ticket's own is unknown); owned */
    size_t ndrawn;            /* rows so marked */
    unsigned char *reas;      /* [n] 1 where observed_reassignments is known (not
                                 blank); owned, NULL without the column */
    unsigned char *bounced;   /* [n] the last evaluation's incident was reassigned
                                 at least once (bounces >= 1); owned */
    bool remis;               /* each history re-estimates the model's
                                 misroute_prob from its own reassignments, as
                                 fit did from the data's (§5) */
    double mis_lo, mis_hi;    /* 5 % and 95 % of the histories' re-estimates
                                 (remis, bootstrap); NaN otherwise */
    double *sim;              /* [n] simulated TTR of the last evaluation; owned */
    double *sim0;             /* [n] simulated TTR of the current model; owned */
    double *sim1;             /* [n] of the calibrated one; owned, NULL without a fit */
    double *buf, *buf2;       /* [n * max multiplicity] scratch; owned */
    size_t bufcap;            /* doubles in buf and buf2 */
    int nsev, ncat;           /* of the scenario */
    char sevname[SCN_MAX_SEV][SCN_NAME];
    char catname[SCN_MAX_CAT][SCN_NAME];
    cstat st[2][NGROUP];      /* [current, calibrated][all, sev..., cat...] */
    int np;                   /* parameters fitted */
    cparam p[CALIB_MAX_FIT];
    int boot;                 /* bootstrap resamples done */
    long evals;               /* replays run */
    double d0, d1;            /* distance D of the current and calibrated model */
    double qw[SCN_MAX_SEV][NQ]; /* weight of each severity's quantile in D:
                                 1 / (2 Var), Var its observed value's variance
                                 over weeks resampled (quantile_weights) */
    scenario *cal;            /* the calibrated scenario; owned */
    scenario *cur;            /* the current one (the user's overrides), as
                                 scenario.ini; owned */
    const scenario *base;     /* the run's scenario (its seed); borrowed */
    bool misfit;              /* the fit's D above dstar_hi: every verdict "not
                                 identified" */
    double dstar_lo, dstar_hi;/* 5 % and 95 % of the fitted D over the bootstrap's
                                 histories (made by the model): the misfit chance
                                 alone leaves; NaN without bootstrap */
};

/* ---- observed_ttr ---- */

typedef struct obsread {
    calib_result *r;          /* filled */
    const char *path;         /* for messages */
    long col;                 /* observed_ttr's field, -1 before the header */
    long src;                 /* effort_source's field, -1 when there is none */
    long reas;                /* observed_reassignments' field, -1 when none */
    size_t row;               /* rows read */
    os_error *e;              /* error sink */
} obsread;

static int on_obs(void *ctx, size_t nf, char **f, long line)
{
    obsread *R = ctx;
    if (R->col < 0) {
        long k = csvr_column(R->path, line, nf, f, "observed_ttr", CSVR_EXACT, NULL, R->e);
        if (k == -2)
            return -1;
        if (k < 0)
            return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "observed_ttr",
                           "no observed_ttr column: calibrate compares with the TTRs "
                           "observed (ownsim import writes them with resolved=COLUMN)");
        R->col = k;
        R->src = csvr_column(R->path, line, nf, f, "effort_source", CSVR_EXACT, NULL, R->e);
        R->reas = R->src == -2 ? -2 : csvr_column(R->path, line, nf, f,
                                                  "observed_reassignments", CSVR_EXACT,
                                                  NULL, R->e);
        if (R->reas >= 0 && !(R->r->reas = calloc(R->r->n ? R->r->n : 1, 1)))
            return err_set(R->e, OS_ERR_ENV, "", 0, "", "out of memory");
        return R->reas == -2 ? -1 : 0;
    }
    if (R->row >= R->r->n)
        return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "observed_ttr",
                       "more rows than the outage list read (%zu)", R->r->n);
    if ((size_t)R->col >= nf)
        return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "observed_ttr",
                       "row has %zu fields, column 'observed_ttr' is missing", nf);
    const char *b = f[R->col];
    while (*b == ' ' || *b == '\t')
        b++;
    size_t len = strlen(b);
    while (len && (b[len - 1] == ' ' || b[len - 1] == '\t'))
        len--;
    double v = NAN;
    if (len) {
        num_status st = num_parse(b, len, &v);
        if (st != NUM_OK || !(v >= 0) || !isfinite(v)) {
            char q[ERR_QUOTE_SIZE];
            return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "observed_ttr",
                           "%s is not a finite number of minutes >= 0 (blank for a "
                           "ticket still open)", err_quote(q, sizeof q, f[R->col]));
        }
    }
    R->r->drawn[R->row] = R->src >= 0 && (size_t)R->src < nf && !strcmp(f[R->src], "drawn");
    R->r->ndrawn += R->r->drawn[R->row];
    if (R->reas >= 0 && (size_t)R->reas < nf)
        R->r->reas[R->row] = f[R->reas][strspn(f[R->reas], " \t")] != '\0';
    R->r->obs[R->row++] = v;
    return 0;
}

/* ---- simulation ---- */

typedef struct sinkctx {
    double *sim;              /* [n] */
    unsigned char *bounced;   /* [n] bounces >= 1; NULL: not wanted */
    size_t n;                 /* rows */
    bool from_opened;         /* TTR from the ticket's opening: without detect */
} sinkctx;

static void on_incident(void *ctx, const inc_record *rec)
{
    sinkctx *k = ctx;
    if (rec->major == INC_DUPLICATE || rec->id >= k->n)
        return;
    k->sim[rec->id] = k->from_opened ? rec->ttr - rec->stage[ST_DETECT] : rec->ttr;
    if (k->bounced)
        k->bounced[rec->id] = rec->bounces > 0;
}

/* Replay the list through model m of s into out[n] (and, when bounced is
 * not NULL, whether each incident was reassigned).  0, or -1 with e. */
static int simulate(const scenario *s, int m, const outage_list *l, uint32_t rep,
                    bool from_opened, double *out, unsigned char *bounced, os_error *e)
{
    replay *rp = replay_create(s, m, e);
    if (!rp)
        return -1;
    outsrc *src = outsrc_create(s, 0, l, (long)l->n, e);
    if (!src) {
        replay_destroy(rp);
        return -1;
    }
    for (size_t i = 0; i < l->n; i++)
        out[i] = NAN;
    sinkctx k = {out, bounced, l->n, from_opened};
    int rc = replay_run(rp, src, rep, on_incident, &k, e);
    outsrc_destroy(src);
    replay_destroy(rp);
    return rc;
}

/* ---- statistics ---- */

/* Two-sample Kolmogorov–Smirnov statistic of sorted a[na], b[nb]. */
static double ks2(const double *a, size_t na, const double *b, size_t nb)
{
    size_t i = 0, j = 0;
    double d = 0;
    while (i < na && j < nb) {
        double x = a[i] < b[j] ? a[i] : b[j];
        while (i < na && a[i] <= x)
            i++;
        while (j < nb && b[j] <= x)
            j++;
        double g = fabs((double)i / (double)na - (double)j / (double)nb);
        if (g > d)
            d = g;
    }
    return d;
}

/* Does row i belong to group g (0 all, 1.. severities, then categories)? */
static bool in_group(const calib_result *r, const outage *o, int g)
{
    if (g == 0)
        return true;
    if (g <= r->nsev)
        return o->severity == g - 1;
    return o->category == g - 1 - r->nsev;
}

/* Statistics of every group for simulated TTRs sim. */
static void compare(calib_result *r, const outage_list *l, const double *sim, cstat *st)
{
    for (int g = 0; g < 1 + r->nsev + r->ncat; g++) {
        size_t n = 0;
        for (size_t i = 0; i < l->n; i++)
            if (!isnan(r->obs[i]) && in_group(r, &l->v[i], g)) {
                r->buf[n] = r->obs[i];
                r->buf2[n++] = sim[i];
            }
        cstat *c = &st[g];
        memset(c, 0, sizeof *c);
        c->n = (long)n;
        if (!n) {
            c->ks = c->qdist = NAN;
            for (int k = 0; k < 2; k++)
                c->mean[k] = c->p50[k] = c->p90[k] = NAN;
            continue;
        }
        gsl_sort(r->buf, 1, n);
        gsl_sort(r->buf2, 1, n);
        const double *v[2] = {r->buf, r->buf2};
        for (int k = 0; k < 2; k++) {
            c->mean[k] = gsl_stats_mean(v[k], 1, n);
            c->p50[k] = gsl_stats_quantile_from_sorted_data(v[k], 1, n, 0.5);
            c->p90[k] = gsl_stats_quantile_from_sorted_data(v[k], 1, n, 0.9);
        }
        c->ks = ks2(r->buf, n, r->buf2, n);
        double ss = 0;
        for (int q = 1; q <= NQ; q++) {
            double d = gsl_stats_quantile_from_sorted_data(r->buf2, 1, n, q / 10.0) -
                       gsl_stats_quantile_from_sorted_data(r->buf, 1, n, q / 10.0);
            ss += d * d;
        }
        c->qdist = sqrt(ss / NQ);
    }
}

/* A set of rows compared: idx[m] (with repeats), and the observed
 * quantiles of each severity over them. */
typedef struct rowset {
    size_t *idx;              /* rows, repeated as drawn; owned */
    size_t m;                 /* entries of idx */
    long nsev[SCN_MAX_SEV];   /* entries of each severity */
    double qobs[SCN_MAX_SEV][NQ]; /* observed quantiles per severity */
} rowset;

static void rowset_prepare(calib_result *r, const outage_list *l, rowset *rs)
{
    for (int s = 0; s < r->nsev; s++) {
        size_t n = 0;
        for (size_t k = 0; k < rs->m; k++)
            if (l->v[rs->idx[k]].severity == s)
                r->buf[n++] = r->obs[rs->idx[k]];
        rs->nsev[s] = (long)n;
        gsl_sort(r->buf, 1, n);
        for (int q = 0; q < NQ; q++)
            rs->qobs[s][q] = n ? gsl_stats_quantile_from_sorted_data(r->buf, 1, n,
                                                                    (q + 1) / 10.0) : 0;
    }
}

/* D over rows rs for simulated TTRs sim: each severity's quantile
 * differences squared, each weighted by r->qw (docs/calibrate.md §3). */
static double distance(calib_result *r, const outage_list *l, const rowset *rs,
                       const double *sim)
{
    double D = 0;
    for (int s = 0; s < r->nsev; s++) {
        if (!rs->nsev[s])
            continue;
        size_t n = 0;
        bool nan = false;
        for (size_t k = 0; k < rs->m; k++)
            if (l->v[rs->idx[k]].severity == s) {
                double x = sim[rs->idx[k]];
                nan |= isnan(x);
                r->buf2[n++] = x;
            }
        if (nan)
            gsl_sort(r->buf2, 1, n);
        else   /* the deciles in place, the rest unsorted (quantiles.h) */
            quant_place(r->buf2, n, decile, NQ);
        for (int q = 0; q < NQ; q++) {
            double d = gsl_stats_quantile_from_sorted_data(r->buf2, 1, n, decile[q]) -
                       rs->qobs[s][q];
            D += r->qw[s][q] * d * d;
        }
    }
    return D;
}

/* ---- parameters ---- */

static double logistic(double z)
{
    return 1 / (1 + exp(-z));
}

/* The parameter's value at z. */
static double p_value(const cparam *p, double z)
{
    if (p->isdist)
        return exp(log(p->lo) + (log(p->hi) - log(p->lo)) * logistic(z));
    return p->lo + (p->hi - p->lo) * logistic(z);
}

/* The parameter's value at u on the mapped scale (0..1), ends included. */
static double p_at_unit(const cparam *p, double u)
{
    if (p->isdist)
        return exp(log(p->lo) + (log(p->hi) - log(p->lo)) * u);
    return p->lo + (p->hi - p->lo) * u;
}

/* Where on the mapped scale (0..1) the value x lies. */
static double p_unit(const cparam *p, double x)
{
    if (p->isdist)
        return (log(x) - log(p->lo)) / (log(p->hi) - log(p->lo));
    return (x - p->lo) / (p->hi - p->lo);
}

/* The override text of value x of p into p->text.  0, or -1 with e. */
static int p_text(cparam *p, double x, char *out, size_t n, os_error *e)
{
    if (!p->isdist) {
        snprintf(out, n, "%.10g", x);
        return 0;
    }
    dist d;
    char why[256];
    if (dist_scale(&p->base, x, &d, why, sizeof why) != 0)
        return err_set(e, OS_ERR_INPUT, "--fit", 0, p->key, "scaled by %g: %s", x, why);
    dist_format(&d, out, n);
    dist_free(&d);
    return 0;
}

/* What one evaluation needs. */
typedef struct evalctx {
    calib_result *r;          /* result being built */
    const calib_opts *o;      /* options */
    const outage_list *l;     /* the list */
    const rowset *rs;         /* rows compared by this fit */
    scenario *work;           /* fast path: a resolved copy whose fields the
                                 parameters set in place; NULL = resolve each
                                 evaluation (run_derive); owned by calib_run */
    uint32_t rep;             /* replication key of the model's decisions: 0 for
                                 the fit to the data, b + 1 for bootstrap
                                 resample b (the list itself is always played
                                 as it is) */
    int restarts;             /* Nelder–Mead restarts after the first (fit_once) */
    double tol;               /* its stopping size on z */
    int fixed;                /* a parameter held at fixed_x while the others are
                                 fitted (a profile), or -1 */
    double fixed_x;           /* its value */
    double mis;               /* the model's misroute_prob for these evaluations,
                                 a history's own estimate (§5); NaN: the
                                 scenario's */
    double *mstar;            /* [B] each history's mis (the bootstrap's), or NULL */
    memo *memo;               /* D by (list, rows, rep, mis, x): repeats take
                                 the stored D (eval_d); NULL: none; owned by
                                 fit_all */
    os_error *e;              /* the first failure */
    bool failed;              /* an evaluation failed: stop */
} evalctx;

/* Parameters the minimiser moves: all but the one held fixed. */
static int nfree(const evalctx *E)
{
    return E->r->np - (E->fixed >= 0);
}

/* Values x[np] from the free coordinates zf[nfree] (the fixed one
 * inserted), and the full z[np] when z is not NULL. */
static void free_to_x(const evalctx *E, const double *zf, double *x, double *z)
{
    for (int i = 0, k = 0; i < E->r->np; i++) {
        if (i == E->fixed) {
            x[i] = E->fixed_x;
            continue;
        }
        if (z)
            z[i] = zf[k];
        x[i] = p_value(&E->r->p[i], zf[k++]);
    }
}

/* Simulated TTRs at parameter values x[np] into r->sim.  0, or -1 with e. */
static int eval_at(evalctx *E, const double *x)
{
    calib_result *r = E->r;
    if (E->work) {
        /* only fields the replay reads directly and nothing derives from
         * (triage_delay, orphan_prob, detect_delay): setting them equals
         * resolving their text, which is what run_derive would do */
        for (int i = 0; i < r->np; i++) {
            cparam *p = &r->p[i];
            if (p->nfield) {
                *p->nfield = x[i];
                continue;
            }
            dist d;
            char why[256];
            if (dist_scale(&p->base, x[i], &d, why, sizeof why) != 0)
                return err_set(E->e, OS_ERR_INPUT, "--fit", 0, p->key, "scaled by %g: %s",
                               x[i], why);
            dist_free(p->dfield);
            *p->dfield = d;
        }
        r->evals++;
        double keep = E->work->model[r->model].misroute_prob;
        if (!isnan(E->mis))
            E->work->model[r->model].misroute_prob = E->mis;
        int rc = simulate(E->work, r->model, E->l, E->rep, E->o->from_opened, r->sim,
                          r->bounced, E->e);
        E->work->model[r->model].misroute_prob = keep;
        return rc;
    }
    scn_override ov[CALIB_MAX_FIT + 1];
    char text[CALIB_MAX_FIT + 1][256], miskey[SCN_KEY_TEXT];
    int nov = r->np;
    for (int i = 0; i < r->np; i++) {
        if (p_text(&r->p[i], x[i], text[i], sizeof text[i], E->e) < 0)
            return -1;
        ov[i] = (scn_override){r->p[i].key, text[i], "--fit"};
    }
    if (!isnan(E->mis)) {
        snprintf(miskey, sizeof miskey, "model.%s.misroute_prob", r->model_name);
        snprintf(text[nov], sizeof text[nov], "%.17g", E->mis);
        ov[nov] = (scn_override){miskey, text[nov], "calibrate (a history's misroute)"};
        nov++;
    }
    scenario *s = run_derive(E->o->run, ov, nov, E->e);
    if (!s)
        return -1;
    int rc = simulate(s, r->model, E->l, E->rep, E->o->from_opened, r->sim, r->bounced, E->e);
    scn_destroy(s);
    r->evals++;
    return rc;
}

/* D at parameter values x[np] into *d: the stored D when this list, these
 * rows, this replication and misroute and these values (their bits) were
 * evaluated before, else a replay (eval_at) and distance.  D is a function
 * of exactly these (the working scenario differs only in the fields x
 * sets), so a repeat gives the same double: about one evaluation in ten of
 * a calibration repeats one (a restarted simplex re-evaluates its optimum,
 * a profile starts from its neighbour's; docs/calibrate.md §9).  r->sim
 * then holds an older replay: callers of eval_d read only *d.  0, or -1
 * with e. */
#define MEMO_WORDS (4 + CALIB_MAX_FIT)
#define MEMO_MOST (1u << 18)   /* points kept: at most about 30 MB (112 bytes
                                  each, slots included); a calibration with
                                  B = 20 evaluates about 35,000 */
static int eval_d(evalctx *E, const double *x, double *d)
{
    uint64_t key[MEMO_WORDS] = {(uint64_t)(uintptr_t)E->l, (uint64_t)(uintptr_t)E->rs,
                                E->rep};
    memcpy(&key[3], &E->mis, sizeof E->mis);
    memcpy(&key[4], x, (size_t)E->r->np * sizeof *x);
    if (E->memo && memo_get(E->memo, key, d))
        return 0;
    if (eval_at(E, x) < 0)
        return -1;
    *d = distance(E->r, E->l, E->rs, E->r->sim);
    if (E->memo)
        memo_put(E->memo, key, *d);
    return 0;
}

static double objective(const gsl_vector *z, void *ctx)
{
    evalctx *E = ctx;
    if (E->failed)
        return GSL_POSINF;
    double x[CALIB_MAX_FIT], zf[CALIB_MAX_FIT];
    for (int k = 0; k < nfree(E); k++)
        zf[k] = gsl_vector_get(z, (size_t)k);
    free_to_x(E, zf, x, NULL);
    double d;
    if (eval_d(E, x, &d) < 0) {
        E->failed = true;
        return GSL_POSINF;
    }
    return d;
}

/* Nelder–Mead from z0 (mapped scale), restarted from its optimum with a
 * fresh simplex while that lowers D (at most RESTARTS times: a simplex
 * collapsed on a step of the piecewise-smooth objective is re-opened); the
 * optimum's values into x.  0, or -1 with e. */
#define RESTARTS 3
static int nm_once(evalctx *E, const double *z0, double *x, double *zbest, double *dbest);
static int fit_once(evalctx *E, const double *z0, double *x, double *zbest, double *dbest)
{
    double z[CALIB_MAX_FIT];
    memcpy(z, z0, (size_t)E->r->np * sizeof *z);
    double best = HUGE_VAL;
    for (int k = 0; k <= E->restarts; k++) {
        double d = HUGE_VAL;
        if (nm_once(E, z, x, zbest, &d) < 0)
            return -1;
        if (k && !(d < best - 1e-9 * (1 + best))) {
            best = d < best ? d : best;
            break;
        }
        best = d;
        memcpy(z, zbest, (size_t)E->r->np * sizeof *z);
    }
    for (int i = 0; i < E->r->np; i++) {
        zbest[i] = z[i];
        x[i] = i == E->fixed ? E->fixed_x : p_value(&E->r->p[i], z[i]);
    }
    *dbest = best;
    return 0;
}

static int nm_once(evalctx *E, const double *z0, double *x, double *zbest, double *dbest)
{
    int np = E->r->np, nf = nfree(E);
    double zf[CALIB_MAX_FIT];
    for (int i = 0, k = 0; i < np; i++)
        if (i != E->fixed)
            zf[k++] = z0[i];
    if (nf == 0) {   /* a profile of the only parameter: one evaluation */
        memcpy(zbest, z0, (size_t)np * sizeof *zbest);
        free_to_x(E, zf, x, NULL);
        return eval_d(E, x, dbest);
    }
    gsl_multimin_fminimizer *m =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, (size_t)nf);
    gsl_vector *z = gsl_vector_alloc((size_t)nf), *step = gsl_vector_alloc((size_t)nf);
    if (!m || !z || !step) {
        if (m)
            gsl_multimin_fminimizer_free(m);
        gsl_vector_free(z);
        gsl_vector_free(step);
        return err_set(E->e, OS_ERR_ENV, "", 0, "", "out of memory");
    }
    for (int k = 0; k < nf; k++) {
        gsl_vector_set(z, (size_t)k, zf[k]);
        gsl_vector_set(step, (size_t)k, 1.0);
    }
    gsl_multimin_function F = {.f = objective, .n = (size_t)nf, .params = E};
    gsl_multimin_fminimizer_set(m, &F, z, step);
    for (int it = 0; it < E->o->max_iter && !E->failed; it++) {
        if (gsl_multimin_fminimizer_iterate(m) != GSL_SUCCESS)
            break;
        if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), E->tol) == GSL_SUCCESS)
            break;
    }
    int rc = E->failed ? -1 : 0;
    if (rc == 0) {
        for (int k = 0; k < nf; k++)
            zf[k] = gsl_vector_get(m->x, (size_t)k);
        memcpy(zbest, z0, (size_t)np * sizeof *zbest);
        free_to_x(E, zf, x, zbest);
        *dbest = m->fval;
    }
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(z);
    gsl_vector_free(step);
    return rc;
}

/* A profile's fit starts from the best of its neighbour's optimum (the
 * fit, or the next grid point in's) and a Sobol set (best_start): one
 * simplex, stopped at a coarser size. */
#define PROFILE_RESTARTS 0
#define PROFILE_TOL 1e-2

static int best_start(evalctx *E, const double *z0, double *zs);

/* The profile of parameter j at u (mapped scale): the least D over the
 * other parameters with j held at its value at u, fitted from z0 (np
 * entries; j's is ignored).  Its optimum's z into zbest.  0, or -1. */
static int profile_at(evalctx *E, int j, double u, const double *z0, double *zbest,
                      double *dbest)
{
    double x[CALIB_MAX_FIT];
    int restarts = E->restarts;
    double tol = E->tol;
    E->fixed = j;
    E->fixed_x = p_at_unit(&E->r->p[j], u);
    E->restarts = PROFILE_RESTARTS;
    E->tol = PROFILE_TOL;
    double zs[CALIB_MAX_FIT];
    int rc = best_start(E, z0, zs);
    if (rc == 0)
        rc = fit_once(E, zs, x, zbest, dbest);
    E->fixed = -1;
    E->restarts = restarts;
    E->tol = tol;
    return rc;
}

/* Where a fit starts: the best of z0 and SOBOL_PER_PARAM points a free
 * parameter of a Sobol sequence (GSL qrng) over the free parameters'
 * mapped cube, each coordinate kept in [0.02, 0.98]: the objective is
 * rugged (steps where an incident crosses closing time or is orphaned,
 * noise), and a simplex from one start stops in the first hollow.  The
 * sequence is fixed, so the start is a function of the data.  zs: np
 * entries (a fixed parameter's entry copied from z0).  0, or -1. */
#define SOBOL_PER_PARAM 16
#define SOBOL_PROFILE 8       /* a profile point's: it also has its neighbour's optimum */
static int best_start(evalctx *E, const double *z0, double *zs)
{
    calib_result *r = E->r;
    int np = r->np, nf = nfree(E);
    memcpy(zs, z0, (size_t)np * sizeof *zs);
    if (nf == 0)
        return 0;
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)nf);
    if (!q)
        return err_set(E->e, OS_ERR_ENV, "", 0, "", "out of memory");
    double x[CALIB_MAX_FIT], u[CALIB_MAX_FIT], z[CALIB_MAX_FIT], best = HUGE_VAL;
    memcpy(z, z0, (size_t)np * sizeof *z);
    int rc = 0;
    int per = E->fixed >= 0 ? SOBOL_PROFILE : SOBOL_PER_PARAM;
    for (int k = 0; k <= per * nf && rc == 0; k++) {
        if (k) {
            gsl_qrng_get(q, u);
            for (int i = 0, f = 0; i < np; i++) {
                if (i == E->fixed)
                    continue;
                double v = 0.02 + 0.96 * u[f++];
                z[i] = log(v / (1 - v));
            }
        }
        for (int i = 0; i < np; i++)
            x[i] = i == E->fixed ? E->fixed_x : p_value(&r->p[i], z[i]);
        double d;
        if ((rc = eval_d(E, x, &d)) < 0)
            break;
        if (d < best) {
            best = d;
            memcpy(zs, z, (size_t)np * sizeof *zs);
        }
    }
    gsl_qrng_free(q);
    return rc;
}

/* One parameter: key (fullkey), range lo..hi. */
static int add_param(calib_result *r, const scenario *s, const char *key, double lo,
                     double hi, bool given, os_error *e)
{
    if (r->np == CALIB_MAX_FIT)
        return err_set(e, OS_ERR_INPUT, "--fit", 0, key, "at most %d parameters",
                       CALIB_MAX_FIT);
    for (int i = 0; i < r->np; i++)
        if (!strcmp(r->p[i].key, key))
            return err_set(e, OS_ERR_INPUT, "--fit", 0, key, "given twice");
    cparam *p = &r->p[r->np];
    memset(p, 0, sizeof *p);
    snprintf(p->key, sizeof p->key, "%s", key);
    scn_keykind kk = scn_key_kind(key);
    uint32_t readers = 0;
    if (kk == SCN_KEY_UNKNOWN || scn_get(s, key, p->start_text, sizeof p->start_text) != 0 ||
        scn_key_readers(s, key, &readers) != 0)
        return err_set(e, OS_ERR_INPUT, "--fit", 0, key,
                       "no such key in the scenario (give SECTION.NAME.KEY=LO:HI, e.g. "
                       "model.%s.orphan_prob=0:0.5)", r->model_name);
    if (!(readers >> r->model & 1u))
        return err_set(e, OS_ERR_INPUT, "--fit", 0, key,
                       "model %s does not read it: fitting it changes nothing",
                       r->model_name);
    if (kk == SCN_KEY_DIST) {
        char why[256];
        if (dist_parse(p->start_text, NULL, &p->base, why, sizeof why) != 0)
            return err_set(e, OS_ERR_INPUT, "--fit", 0, key, "%s", why);
        r->np++;   /* owns base from here: calib_free frees it */
        if (p->base.kind == DIST_EMPIRICAL)
            return err_set(e, OS_ERR_INPUT, "--fit", 0, key,
                           "an empirical column cannot be scaled");
        if (!(lo > 0 && hi > lo))
            return err_set(e, OS_ERR_INPUT, "--fit", 0, key,
                           "a distribution is scaled by a factor: LO:HI must have "
                           "0 < LO < HI (e.g. 0.1:10), not %g:%g", lo, hi);
        p->isdist = true;
        p->start = 1;
    } else if (kk == SCN_KEY_NUMBER) {
        double dmin = -HUGE_VAL, dmax = HUGE_VAL;
        scn_key_domain(key, &dmin, &dmax);
        if (!(hi > lo && lo >= dmin && hi <= dmax))
            return err_set(e, OS_ERR_INPUT, "--fit", 0, key,
                           "LO:HI must have LO < HI within [%g, %g], not %g:%g", dmin, dmax,
                           lo, hi);
        num_parse_str(p->start_text, &p->start);
        r->np++;
    } else {
        return err_set(e, OS_ERR_INPUT, "--fit", 0, key,
                       "only a real number or a distribution can be fitted");
    }
    p->lo = lo;
    p->hi = hi;
    p->verdict = -1;
    p->trades = -1;
    p->ci_lo = p->ci_hi = p->crit = NAN;
    (void)given;
    return 0;
}

/* Point each parameter at the field of w it sets, when every one is a key
 * the fast path knows (model.M.triage_delay, model.M.orphan_prob,
 * party.P.detect_delay); 0 when some is not (resolve each time). */
static int fast_fields(calib_result *r, scenario *w)
{
    for (int i = 0; i < r->np; i++) {
        cparam *p = &r->p[i];
        char sec[16], name[SCN_NAME], field[32];
        const char *a = strchr(p->key, '.'), *b = strrchr(p->key, '.');
        if (!a || a == b || (size_t)(a - p->key) >= sizeof sec ||
            (size_t)(b - a - 1) >= sizeof name || strlen(b + 1) >= sizeof field)
            return 0;
        snprintf(sec, sizeof sec, "%.*s", (int)(a - p->key), p->key);
        snprintf(name, sizeof name, "%.*s", (int)(b - a - 1), a + 1);
        snprintf(field, sizeof field, "%s", b + 1);
        int m = scn_model_index(w, name), q = scn_party_index(w, name);
        if (!strcmp(sec, "model") && m >= 0 && !strcmp(field, "triage_delay"))
            p->dfield = &w->model[m].triage_delay;
        else if (!strcmp(sec, "model") && m >= 0 && !strcmp(field, "orphan_prob"))
            p->nfield = &w->model[m].orphan_prob;
        else if (!strcmp(sec, "party") && q >= 0 && !strcmp(field, "detect_delay"))
            p->dfield = &w->party[q].detect_delay;
        else
            return 0;
    }
    return 1;
}

/* "KEY=LO:HI" */
static int parse_fit(calib_result *r, const scenario *s, const char *spec, os_error *e)
{
    char key[SCN_KEY_TEXT + 64];
    const char *eq = strchr(spec, '=');
    const char *colon = eq ? strchr(eq + 1, ':') : NULL;
    if (!eq || !colon || (size_t)(eq - spec) >= sizeof key) {
        char q[ERR_QUOTE_SIZE];
        return err_set(e, OS_ERR_INPUT, "--fit", 0, "", "%s is not KEY=LO:HI",
                       err_quote(q, sizeof q, spec));
    }
    memcpy(key, spec, (size_t)(eq - spec));
    key[eq - spec] = '\0';
    char lo_t[64], hi_t[64];
    snprintf(lo_t, sizeof lo_t, "%.*s", (int)(colon - eq - 1), eq + 1);
    snprintf(hi_t, sizeof hi_t, "%s", colon + 1);
    double lo, hi;
    if (num_parse_str(lo_t, &lo) != NUM_OK || num_parse_str(hi_t, &hi) != NUM_OK)
        return err_set(e, OS_ERR_INPUT, "--fit", 0, key, "LO:HI must be two numbers, not %s:%s",
                       lo_t, hi_t);
    return add_param(r, s, key, lo, hi, true, e);
}

/* The default set: the model's triage_delay (factor 0.1..10) and
 * orphan_prob (0..0.5) when some category is a gray area, and each
 * monitoring party's detect_delay (factor 0.1..10; not with from_opened:
 * the TTR compared then has no detection in it); distributions that are
 * 0 everywhere or empirical are left out (scaling cannot move them). */
static int default_set(calib_result *r, const scenario *s, bool from_opened, os_error *e)
{
    const scn_model *m = &s->model[r->model];
    bool gray = false;
    for (int c = 0; c < s->ncat; c++)
        if (m->owner[c] & (m->owner[c] - 1))
            gray = true;
    char key[SCN_KEY_TEXT];
    if (gray && m->triage_delay.kind != DIST_EMPIRICAL &&
        dist_quantile(&m->triage_delay, 0.999) > 0) {
        snprintf(key, sizeof key, "model.%s.triage_delay", m->name);
        if (add_param(r, s, key, 0.1, 10, false, e) < 0)
            return -1;
    }
    if (gray) {
        snprintf(key, sizeof key, "model.%s.orphan_prob", m->name);
        if (add_param(r, s, key, 0, 0.5, false, e) < 0)
            return -1;
    }
    uint32_t seen = 0;
    for (int c = 0; !from_opened && c < s->ncat; c++) {
        int p = m->monitor[c];
        if (p < 0 || (seen >> p & 1u) || r->np == CALIB_MAX_FIT)
            continue;
        seen |= 1u << p;
        const dist *d = &s->party[p].detect_delay;
        if (d->kind == DIST_EMPIRICAL || !(dist_quantile(d, 0.999) > 0))
            continue;
        snprintf(key, sizeof key, "party.%s.detect_delay", s->party[p].name);
        if (add_param(r, s, key, 0.1, 10, false, e) < 0)
            return -1;
    }
    return 0;
}

/* ---- the run ---- */

static int grow_buf(calib_result *r, size_t n, os_error *e)
{
    if (n <= r->bufcap)
        return 0;
    double *a = realloc(r->buf, n * sizeof *a);
    if (a)
        r->buf = a;
    double *b = a ? realloc(r->buf2, n * sizeof *b) : NULL;
    if (!b)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    r->buf2 = b;
    r->bufcap = n;
    return 0;
}

/* Parameters whose bootstrap refits move together: the data pin down a
 * combination of them (several delays before work starts add up in the
 * TTR).  Each pair whose refits, on the mapped scale, have a correlation of
 * at least CALIB_TRADE_R in absolute value is named (information: the
 * verdict is the profile's, which already widens such intervals).
 * est[i * B + b] holds refit b of parameter i. */
#define CALIB_TRADE_R 0.8
static void trade_offs(calib_result *r, const double *est, size_t B)
{
    if (B < 5 || r->np < 2)
        return;
    double *u = malloc((size_t)r->np * B * sizeof *u);
    if (!u)
        return;   /* the verdicts stay the interval's (documented) */
    for (int i = 0; i < r->np; i++)
        for (size_t b = 0; b < B; b++)
            u[(size_t)i * B + b] = p_unit(&r->p[i], est[(size_t)i * B + b]);
    for (int i = 0; i < r->np; i++)
        for (int j = i + 1; j < r->np; j++) {
            double c = gsl_stats_correlation(u + (size_t)i * B, 1, u + (size_t)j * B, 1, B);
            if (!(fabs(c) >= CALIB_TRADE_R))
                continue;
            cparam *pi = &r->p[i], *pj = &r->p[j];
            if (pi->trades < 0 || fabs(c) > fabs(pi->trade_r))
                pi->trades = j, pi->trade_r = c;
            if (pj->trades < 0 || fabs(c) > fabs(pj->trade_r))
                pj->trades = i, pj->trade_r = c;
        }
    free(u);
}

/* Parameter j's profile on all rows: Pj[g] the least D over the other
 * parameters with j held at u = g / PROFILE_GRID on its mapped scale,
 * walking outward from the fit, each fit started at its inner neighbour's
 * optimum.  A point better than the fit becomes the fit (z, r->d1 and
 * every p->fit moved, *moved set): the objective is rugged (steps and
 * noise) and a simplex can stop short of its least value.  0, or -1. */
#define PROFILE_GRID 10
static int profile_one(evalctx *E, int j, double *z, double *Pj, bool *moved)
{
    calib_result *r = E->r;
    double zs[CALIB_MAX_FIT], zb[CALIB_MAX_FIT], zfit[CALIB_MAX_FIT];
    int g0 = (int)floor(p_unit(&r->p[j], r->p[j].fit) * PROFILE_GRID);
    memcpy(zfit, z, (size_t)r->np * sizeof *zfit);
    for (int dir = 0; dir < 2; dir++) {
        memcpy(zs, zfit, (size_t)r->np * sizeof *zs);
        for (int g = dir ? g0 + 1 : g0; g >= 0 && g <= PROFILE_GRID; g += dir ? 1 : -1) {
            double u = (double)g / PROFILE_GRID;
            if (profile_at(E, j, u, zs, zb, &Pj[g]) < 0)
                return -1;
            memcpy(zs, zb, (size_t)r->np * sizeof *zs);
            if (!(Pj[g] < r->d1 - 1e-9 * (1 + r->d1)))
                continue;
            *moved = true;   /* a better fit */
            r->d1 = Pj[g];
            memcpy(z, zb, (size_t)r->np * sizeof *z);
            double uc = u < 1e-6 ? 1e-6 : u > 1 - 1e-6 ? 1 - 1e-6 : u;
            z[j] = log(uc / (1 - uc));
            for (int i = 0; i < r->np; i++)
                r->p[i].fit = i == j ? p_at_unit(&r->p[j], u) : p_value(&r->p[i], zb[i]);
        }
    }
    return 0;
}

/* Every parameter's profile into P[j * (PROFILE_GRID + 1) + g], again
 * from the new fit while a pass moved it (at most PROFILE_PASSES), so that
 * each profile is taken about the fit the intervals are measured from. */
#define PROFILE_PASSES 3
static int profiles(evalctx *E, double *z, double *P)
{
    bool moved = true;
    for (int pass = 0; moved && pass < PROFILE_PASSES; pass++) {
        moved = false;
        for (int j = 0; j < E->r->np; j++)
            if (profile_one(E, j, z, P + (size_t)j * (PROFILE_GRID + 1), &moved) < 0)
                return -1;
    }
    return 0;
}

/* Each parameter's 90 % interval by inverting the profile test
 * (docs/calibrate.md §5): a value u on the grid is kept when P(u) - D <= c,
 * D the fit's (the least seen), c the 90 % quantile of the same statistic
 * over the bootstrap resamples, each at the fit (T[j * B + b]), and at
 * least chi-squared(1)'s (at a bound the histories' statistic collapses).  The
 * interval is the hull of the kept points and the fit, each end moved to
 * where P - D - c crosses 0 between it and the next point out (linearly).
 * Not identified when it covers more than half the range. */
#define CHI2_1_90 2.705543454095404   /* gsl_cdf_chisq_Pinv(0.90, 1) */
static void verdicts(calib_result *r, const double *P, double *T, size_t B)
{
    for (int j = 0; j < r->np; j++) {
        cparam *p = &r->p[j];
        const double *Pj = P + (size_t)j * (PROFILE_GRID + 1);
        double *t = T + (size_t)j * B, d = r->d1;
        gsl_sort(t, 1, B);
        double c = gsl_stats_quantile_from_sorted_data(t, 1, B, 0.90);
        if (!(c >= CHI2_1_90))
            c = CHI2_1_90;
        /* the grid and the fit (P = d there) in order of u, each with its
         * excess P - d - c; the interval: the outermost points kept, each
         * end moved to the crossing with the next point out */
        double u[PROFILE_GRID + 2], x[PROFILE_GRID + 2], uf = p_unit(p, p->fit);
        int n = 0, lo = -1, hi = -1;
        for (int g = 0; g <= PROFILE_GRID; g++) {
            double ug = (double)g / PROFILE_GRID;
            if (uf < ug && (n == 0 || u[n - 1] < uf))
                u[n] = uf, x[n++] = -c;
            u[n] = ug, x[n++] = Pj[g] - d - c;
        }
        if (u[n - 1] < uf)
            u[n] = uf, x[n++] = -c;
        for (int k = 0; k < n; k++)
            if (x[k] <= 0) {
                lo = lo < 0 ? k : lo;
                hi = k;
            }
        double ulo = u[lo], uhi = u[hi];
        if (lo > 0)
            ulo = u[lo] - (u[lo] - u[lo - 1]) * x[lo] / (x[lo] - x[lo - 1]);
        if (hi < n - 1)
            uhi = u[hi] + (u[hi + 1] - u[hi]) * x[hi] / (x[hi] - x[hi + 1]);
        p->crit = c;
        p->ci_lo = p_at_unit(p, ulo);
        p->ci_hi = p_at_unit(p, uhi);
        p->verdict = uhi - ulo > 0.5 ? 0 : 1;
    }
}

/* The weeks drawn for one resample: weeks holding compared rows (wk[nw],
 * has[w] rows each) drawn with replacement, as many as there are; rs->idx
 * the compared rows, each as often as its week was drawn.  0, or -1. */
typedef struct weeks {
    long nweek;               /* weeks up to the last compared row's */
    long *has;                /* [nweek] compared rows per week; owned */
    long *wk;                 /* [nweek] weeks holding some (nw of them); owned */
    long nw;
    long *mult;               /* [nweek] times drawn; owned */
} weeks;

/* W from the compared rows of l.  0, or -1 with e (out of memory). */
static int weeks_init(const calib_result *r, const outage_list *l, weeks *W, os_error *e)
{
    memset(W, 0, sizeof *W);
    for (size_t i = 0; i < l->n; i++)
        if (!isnan(r->obs[i]) && (long)(l->v[i].t / WEEK) + 1 > W->nweek)
            W->nweek = (long)(l->v[i].t / WEEK) + 1;
    W->has = calloc((size_t)W->nweek, sizeof *W->has);
    W->wk = malloc((size_t)W->nweek * sizeof *W->wk);
    W->mult = malloc((size_t)W->nweek * sizeof *W->mult);
    if (!W->has || !W->wk || !W->mult)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    for (size_t i = 0; i < l->n; i++)
        if (!isnan(r->obs[i]))
            W->has[(long)(l->v[i].t / WEEK)]++;
    for (long w = 0; w < W->nweek; w++)
        if (W->has[w])
            W->wk[W->nw++] = w;
    return 0;
}

static void weeks_free(weeks *W)
{
    free(W->has);
    free(W->wk);
    free(W->mult);
}

static int resample(calib_result *r, const outage_list *l, const weeks *W, gsl_rng *g,
                    rowset *rs, os_error *e)
{
    memset(W->mult, 0, (size_t)W->nweek * sizeof *W->mult);
    size_t m = 0;
    for (long k = 0; k < W->nw; k++) {
        long w = W->wk[gsl_rng_uniform_int(g, (unsigned long)W->nw)];
        W->mult[w]++;
        m += (size_t)W->has[w];
    }
    size_t *idx = realloc(rs->idx, (m ? m : 1) * sizeof *idx);
    if (!idx)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    rs->idx = idx;
    if (grow_buf(r, m, e) < 0)
        return -1;
    rs->m = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!isnan(r->obs[i]))
            for (long k = 0; k < W->mult[(long)(l->v[i].t / WEEK)]; k++)
                rs->idx[rs->m++] = i;
    return 0;
}

/* The misroute probability a history's own reassignments give, as fit
 * estimates it from the data's (docs/fit.md): the share of rows in the
 * model's gray-area categories, with a known observed_reassignments and in
 * the resample (each as often as drawn), that the history reassigned at
 * least once (r->bounced of its replay).  NaN when r->remis is off or no
 * such row was drawn: the scenario's value is kept. */
static double history_misroute(const calib_result *r, const outage_list *l, const rowset *rs)
{
    if (!r->remis)
        return NAN;
    const scenario *s = r->base;
    size_t n = 0, k = 0;
    for (size_t j = 0; j < rs->m; j++) {
        size_t i = rs->idx[j];
        if (!r->reas[i] || __builtin_popcount(s->model[r->model].owner[l->v[i].category]) < 2)
            continue;
        n++;
        k += r->bounced[i];
    }
    return n ? (double)k / (double)n : NAN;
}

/* The list a history is made from: E->l itself, or, when import drew some
 * efforts (the tickets' own are unknown), hl, a copy whose drawn rows hold
 * efforts drawn afresh for replication rep as import draws them (inversion
 * of the severity's effort distribution at ROLE_IMPORT_EFFORT): the
 * history's TTRs then come from other efforts than the list the fit
 * replays, as the observed ones did. */
static const outage_list *history_list(const evalctx *E, outage_list *hl, uint32_t rep)
{
    const calib_result *r = E->r;
    if (!hl->v)
        return E->l;
    const scenario *s = run_base(E->o->run);
    for (size_t i = 0; i < hl->n; i++) {
        if (!r->drawn[i])
            continue;
        outage *o = &hl->v[i];
        uint64_t key = rng_incident_key(s->seed, rep, o->id);
        o->effort = dist_quantile(&s->sev[o->severity].effort,
                                  rng_decision(key, ROLE_IMPORT_EFFORT, 0));
    }
    return hl;
}

/* Resample b: a history made by the model at the fit (its TTRs with the
 * decisions of replication b + 1, in place of the observed ones) over the
 * rows of resampled weeks, fitted as the data were (from zstart) with the
 * simulation drawn afresh (replication B + 1 + b), and each parameter's
 * profile statistic at the fit:
 * T[i * B + b], est[i * B + b] the refit.  0, or -1. */
static int refit(evalctx *E, int b, size_t B, rowset *rs, double *star, const double *zstart,
                 double *est, double *T, double *dstar, outage_list *hl)
{
    calib_result *r = E->r;
    double x[CALIB_MAX_FIT], z[CALIB_MAX_FIT], zp[CALIB_MAX_FIT], zs[CALIB_MAX_FIT];
    double d = NAN, dp = NAN;
    for (int i = 0; i < r->np; i++)
        x[i] = r->p[i].fit;
    E->rep = (uint32_t)b + 1;
    const outage_list *l = E->l;
    E->l = history_list(E, hl, E->rep);
    int rc = eval_at(E, x);
    E->l = l;
    /* the fit's own simulation drawn afresh too: the data's fit rests on one
     * draw of the simulated decisions (replication 0), as much a matter of
     * chance as the data; a history refitted with that same draw would
     * leave its chance out of the intervals */
    E->rep = (uint32_t)(B + 1 + (size_t)b);
    if (rc < 0) {
        E->rep = 0;
        return -1;
    }
    for (size_t i = 0; i < r->n; i++)
        star[i] = isnan(r->obs[i]) ? NAN : r->sim[i];
    double *obs = r->obs;
    r->obs = star;
    rowset_prepare(r, E->l, rs);
    r->obs = obs;
    E->rs = rs;
    E->mis = history_misroute(r, E->l, rs);
    if (E->mstar)
        E->mstar[b] = E->mis;
    rc = best_start(E, zstart, zs);
    if (rc == 0)
        rc = fit_once(E, zs, x, z, &d);
    dstar[b] = d;
    for (int i = 0; rc == 0 && i < r->np; i++) {
        est[(size_t)i * B + (size_t)b] = x[i];
        /* how much worse this history fits with i held at the fit */
        rc = profile_at(E, i, p_unit(&r->p[i], r->p[i].fit), z, zp, &dp);
        T[(size_t)i * B + (size_t)b] = dp > d ? dp - d : 0;
    }
    E->mis = NAN;
    E->rep = 0;
    return rc;
}

/* The bootstrap (docs/calibrate.md §5): boot resamples, each refitted
 * (refit), then the profiles on all rows (which may move the fit to a
 * better point: zfit and the p->fit follow) and the intervals. */
static int bootstrap(evalctx *E, const double *zstart, double *zfit, const rowset *all,
                     os_error *e)
{
    calib_result *r = E->r;
    const outage_list *l = E->l;
    const scenario *s = run_base(E->o->run);
    weeks W;
    int rc = weeks_init(r, l, &W, e);
    size_t B = (size_t)E->o->boot;
    double *est = malloc((size_t)r->np * B * sizeof *est);
    double *T = malloc((size_t)r->np * B * sizeof *T);   /* profile statistics */
    double *star = malloc(r->n * sizeof *star);          /* a history of the model */
    double *P = malloc((size_t)r->np * (PROFILE_GRID + 1) * sizeof *P);
    double *dstar = malloc(B * sizeof *dstar);          /* each history's fitted D */
    double *mstar = malloc(B * sizeof *mstar);          /* each history's misroute */
    gsl_rng *g = rng_stream(s->seed, 0, BOOT_PURPOSE, s->streams);
    rowset rs = {0};
    outage_list hl = *l;      /* shares l's week index; its own rows when drawn */
    hl.v = r->ndrawn ? malloc(l->n * sizeof *hl.v) : NULL;
    if (hl.v)
        memcpy(hl.v, l->v, l->n * sizeof *hl.v);
    if (rc == 0 && (!est || !T || !star || !P || !dstar || !mstar || !g || (r->ndrawn && !hl.v)))
        rc = err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    if (rc < 0)
        goto done;
    E->mstar = mstar;
    for (size_t b = 0; b < B && rc == 0; b++)
        if ((rc = resample(r, l, &W, g, &rs, e)) == 0)
            rc = refit(E, (int)b, B, &rs, star, zstart, est, T, dstar, &hl);
    E->rs = all;
    E->mstar = NULL;
    size_t nm = 0;                /* histories that drew a gray row with a count */
    for (size_t b = 0; rc == 0 && b < B; b++)
        if (!isnan(mstar[b]))
            mstar[nm++] = mstar[b];
    if (nm) {
        gsl_sort(mstar, 1, nm);
        r->mis_lo = gsl_stats_quantile_from_sorted_data(mstar, 1, nm, 0.05);
        r->mis_hi = gsl_stats_quantile_from_sorted_data(mstar, 1, nm, 0.95);
    }
    if (rc == 0) {
        trade_offs(r, est, B);
        rc = profiles(E, zfit, P);
    }
    if (rc == 0) {
        verdicts(r, P, T, B);
        gsl_sort(dstar, 1, B);
        r->dstar_lo = gsl_stats_quantile_from_sorted_data(dstar, 1, B, 0.05);
        r->dstar_hi = gsl_stats_quantile_from_sorted_data(dstar, 1, B, 0.95);
        /* the model does not reproduce these tickets: a narrow interval would
         * be the best approximation's, not the truth's */
        r->misfit = r->d1 > r->dstar_hi;
        for (int i = 0; r->misfit && i < r->np; i++)
            r->p[i].verdict = 0;
    }
    r->boot = rc == 0 ? E->o->boot : 0;
done:
    weeks_free(&W);
    free(est);
    free(T);
    free(star);
    free(P);
    free(dstar);
    free(mstar);
    free(hl.v);
    free(rs.idx);
    if (g)
        gsl_rng_free(g);
    return rc;
}

/* r->qw: for each severity and quantile, 1 / (2 Var), Var the variance of
 * the observed quantile over VAR_RESAMPLES resamples of weeks (stream
 * purpose VAR_PURPOSE), at least VAR_FLOOR minutes squared.  A simulated
 * quantile from as many rows varies about as much, hence the 2: each term
 * of D is then about 1 when the model is right.  0, or -1 with e. */
#define VAR_RESAMPLES 200
#define VAR_PURPOSE 0xCA1Cu
#define VAR_FLOOR 1.0
static int quantile_weights(calib_result *r, const outage_list *l, os_error *e)
{
    const scenario *s = NULL;
    weeks W;
    rowset rs = {0};
    double mean[SCN_MAX_SEV][NQ] = {{0}}, m2[SCN_MAX_SEV][NQ] = {{0}};
    long cnt[SCN_MAX_SEV] = {0};
    gsl_rng *g = NULL;
    int rc = weeks_init(r, l, &W, e);
    if (rc == 0) {
        s = r->base;
        g = rng_stream(s->seed, 0, VAR_PURPOSE, s->streams);
        if (!g)
            rc = err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    }
    for (int b = 0; b < VAR_RESAMPLES && rc == 0; b++) {
        if ((rc = resample(r, l, &W, g, &rs, e)) < 0)
            break;
        rowset_prepare(r, l, &rs);
        for (int v = 0; v < r->nsev; v++) {
            if (!rs.nsev[v])
                continue;
            cnt[v]++;   /* Welford */
            for (int q = 0; q < NQ; q++) {
                double d = rs.qobs[v][q] - mean[v][q];
                mean[v][q] += d / (double)cnt[v];
                m2[v][q] += d * (rs.qobs[v][q] - mean[v][q]);
            }
        }
    }
    for (int v = 0; rc == 0 && v < r->nsev; v++)
        for (int q = 0; q < NQ; q++) {
            double var = cnt[v] > 1 ? m2[v][q] / (double)(cnt[v] - 1) : 0;
            r->qw[v][q] = 1 / (2 * (var > VAR_FLOOR ? var : VAR_FLOOR));
        }
    weeks_free(&W);
    free(rs.idx);
    if (g)
        gsl_rng_free(g);
    return rc;
}

static int fill_names(calib_result *r, const scenario *s)
{
    r->nsev = s->nsev;
    r->ncat = s->ncat;
    for (int i = 0; i < s->nsev; i++)
        memcpy(r->sevname[i], s->sev[i].name, SCN_NAME);
    for (int i = 0; i < s->ncat; i++)
        memcpy(r->catname[i], s->cat[i].name, SCN_NAME);
    return 0;
}

/* observed_ttr of o->outages into r->obs (r->n rows), r->ncmp counted.
 * 0, or -1 with e. */
static int read_observed(calib_result *r, const calib_opts *o, os_error *e)
{
    obsread R = {.r = r, .path = o->outages, .col = -1, .e = e};
    if (csvr_read(o->outages, on_obs, &R, e) != 0)
        return -1;
    if (R.row != r->n)
        return err_set(e, OS_ERR_INPUT, o->outages, 0, "observed_ttr",
                       "%zu rows of observed_ttr for %zu outages", R.row, r->n);
    for (size_t i = 0; i < r->n; i++)
        r->ncmp += !isnan(r->obs[i]);
    if (!r->ncmp)
        return err_set(e, OS_ERR_INPUT, o->outages, 0, "observed_ttr",
                       "every observed_ttr is blank: nothing to compare with");
    return 0;
}

/* Whether histories re-estimate misroute_prob (r->remis): the list records
 * reassignments for some row of a gray-area category of the model, the
 * model can misroute, and misroute_prob is not itself fitted; then
 * r->bounced is allocated.  0, or -1 with e. */
static int misroute_setup(calib_result *r, const scenario *s, const outage_list *l,
                          const calib_opts *o, os_error *e)
{
    char key[SCN_KEY_TEXT];
    snprintf(key, sizeof key, "model.%s.misroute_prob", r->model_name);
    bool gray = false;
    for (size_t i = 0; r->reas && !gray && i < l->n; i++)
        gray = r->reas[i] && __builtin_popcount(s->model[r->model].owner[l->v[i].category]) > 1;
    for (int i = 0; gray && i < r->np; i++)
        gray = strcmp(r->p[i].key, key) != 0;
    r->remis = gray && o->boot > 1 && r->np > 0;
    if (r->remis && !(r->bounced = calloc(l->n, 1)))
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    return 0;
}

/* The rows with an observed_ttr, each once, prepared.  0, or -1 with e. */
static int rows_all(calib_result *r, const outage_list *l, rowset *rs, os_error *e)
{
    memset(rs, 0, sizeof *rs);
    if (!(rs->idx = malloc(r->ncmp * sizeof *rs->idx)))
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    for (size_t i = 0; i < l->n; i++)
        if (!isnan(r->obs[i]))
            rs->idx[rs->m++] = i;
    rowset_prepare(r, l, rs);
    return 0;
}

/* Mark each parameter that moves D nowhere in its range (either end, the
 * others at their fit x) not identified: refits would all agree on its
 * start, an interval of width 0 that says nothing.  0, or -1 with e. */
static int flat_check(evalctx *E, const double *x)
{
    calib_result *r = E->r;
    for (int i = 0; i < r->np; i++) {
        double xe[CALIB_MAX_FIT];
        memcpy(xe, x, (size_t)r->np * sizeof *xe);
        bool flat = true;
        for (int end = 0; end < 2 && flat; end++) {
            xe[i] = end ? r->p[i].hi : r->p[i].lo;
            double d;
            if (eval_d(E, xe, &d) < 0)
                return -1;
            flat = fabs(d - r->d1) <= 1e-12 * (1 + r->d1);
        }
        if (flat)
            r->p[i].verdict = 0;
    }
    return 0;
}

/* Fit over the rows of all from the scenario's values, bootstrap, flat
 * check: r->p[] filled.  0, or -1 with e. */
static int fit_all(calib_result *r, const calib_opts *o, const outage_list *l,
                   const rowset *all, os_error *e)
{
    evalctx E = {.r = r, .o = o, .l = l, .rs = all, .restarts = RESTARTS, .tol = 1e-3,
                 .fixed = -1, .mis = NAN, .e = e};
    if (!(E.work = run_derive(o->run, NULL, 0, e)))
        return -1;
    /* NULL (out of memory): every point replayed */
    E.memo = memo_create(MEMO_WORDS, MEMO_MOST);
    if (!fast_fields(r, E.work)) {
        scn_destroy(E.work);
        E.work = NULL;
    }
    double z0[CALIB_MAX_FIT], x[CALIB_MAX_FIT], z[CALIB_MAX_FIT];
    for (int i = 0; i < r->np; i++) {
        double u = p_unit(&r->p[i], r->p[i].start);
        u = u < 0.02 ? 0.02 : u > 0.98 ? 0.98 : u;
        z0[i] = log(u / (1 - u));
    }
    double zs[CALIB_MAX_FIT];
    int rc = best_start(&E, z0, zs);
    if (rc == 0)
        rc = fit_once(&E, zs, x, z, &r->d1);
    for (int i = 0; rc == 0 && i < r->np; i++)
        r->p[i].fit = x[i];
    if (rc == 0 && o->boot >= 2)
        rc = bootstrap(&E, z0, z, all, e);   /* may move the fit to a better point */
    for (int i = 0; rc == 0 && i < r->np; i++) {
        x[i] = r->p[i].fit;
        rc = p_text(&r->p[i], x[i], r->p[i].text, sizeof r->p[i].text, e);
    }
    E.rs = all;
    if (rc == 0)
        rc = flat_check(&E, x);
    if (E.work)
        scn_destroy(E.work);
    memo_destroy(E.memo);
    return rc;
}

/* calibrated.ini's scenario (the user's overrides and the fitted values of
 * the parameters not "not identified"), its TTRs and statistics.  0, or -1
 * with e. */
static int calibrated(calib_result *r, const calib_opts *o, const outage_list *l,
                      const rowset *all, os_error *e)
{
    scn_override ov[MAX_OV_CAL];
    int nov = 0;
    for (int i = 0; i < o->nov && nov < MAX_OV_CAL; i++)
        ov[nov++] = o->ov[i];
    for (int i = 0; i < r->np; i++)
        if (r->p[i].verdict != 0 && nov < MAX_OV_CAL)
            ov[nov++] = (scn_override){r->p[i].key, r->p[i].text, "--fit"};
    if (!(r->cal = scn_load(o->scenario, ov, nov, e)) ||
        !(r->cur = scn_load(o->scenario, o->ov, o->nov, e)))
        return -1;
    if (!r->np)
        return 0;
    if (!(r->sim1 = malloc(l->n * sizeof *r->sim1)))
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    /* the calibrated scenario as loaded (not the fast path) is what is reported */
    if (simulate(r->cal, r->model, l, 0, o->from_opened, r->sim1, NULL, e) < 0)
        return -1;
    r->evals++;
    compare(r, l, r->sim1, r->st[1]);
    r->d1 = distance(r, l, all, r->sim1);
    return 0;
}

calib_result *calib_run(const calib_opts *o, os_error *e)
{
    const scenario *s = run_base(o->run);
    const outage_list *l = run_list(o->run, s);
    calib_result *r = calloc(1, sizeof *r);
    if (!r) {
        err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
        return NULL;
    }
    r->outages = o->outages;
    r->dstar_lo = r->dstar_hi = NAN;
    r->mis_lo = r->mis_hi = NAN;
    fill_names(r, s);
    rowset all = {0};
    if (!l) {
        err_set(e, OS_ERR_INPUT, "--outages", 0, "", "calibrate needs an outage list");
        goto fail;
    }
    if (scn_model_lookup(s, o->model, "--model", &r->model, e) < 0)
        goto fail;
    memcpy(r->model_name, s->model[r->model].name, SCN_NAME);
    /* the parameters first: a bad --fit fails before any work */
    bool none = o->nfit == 1 && !strcmp(o->fit[0], "none");
    for (int i = 0; !none && i < o->nfit; i++)
        if (parse_fit(r, s, o->fit[i], e) < 0)
            goto fail;
    if (!none && !o->nfit && default_set(r, s, o->from_opened, e) < 0)
        goto fail;
    r->n = l->n;
    r->obs = malloc(l->n * sizeof *r->obs);
    r->sim = malloc(l->n * sizeof *r->sim);
    r->sim0 = malloc(l->n * sizeof *r->sim0);
    r->drawn = calloc(l->n, 1);
    if (!r->obs || !r->sim || !r->sim0 || !r->drawn || grow_buf(r, l->n, e) < 0) {
        err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
        goto fail;
    }
    if (read_observed(r, o, e) < 0 || misroute_setup(r, s, l, o, e) < 0)
        goto fail;
    /* compare, then fit */
    if (simulate(s, r->model, l, 0, o->from_opened, r->sim0, NULL, e) < 0)
        goto fail;
    r->evals++;
    compare(r, l, r->sim0, r->st[0]);
    if (rows_all(r, l, &all, e) < 0)
        goto fail;
    r->base = s;
    if (quantile_weights(r, l, e) < 0)
        goto fail;
    r->d0 = distance(r, l, &all, r->sim0);
    if ((r->np && fit_all(r, o, l, &all, e) < 0) || calibrated(r, o, l, &all, e) < 0)
        goto fail;
    free(all.idx);
    return r;
fail:
    free(all.idx);
    calib_free(r);
    return NULL;
}

const scenario *calib_scenario(const calib_result *r)
{
    return r->cal;
}

void calib_free(calib_result *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->np; i++)
        dist_free(&r->p[i].base);
    free(r->obs);
    free(r->drawn);
    free(r->reas);
    free(r->bounced);
    free(r->sim);
    free(r->sim0);
    free(r->sim1);
    free(r->buf);
    free(r->buf2);
    if (r->cal)
        scn_destroy(r->cal);
    if (r->cur)
        scn_destroy(r->cur);
    free(r);
}

/* ---- output ---- */

static const char *group_scope(const calib_result *r, int g)
{
    return g == 0 ? "all" : g <= r->nsev ? "severity" : "category";
}

static const char *group_name(const calib_result *r, int g)
{
    return g == 0 ? "all" : g <= r->nsev ? r->sevname[g - 1] : r->catname[g - 1 - r->nsev];
}

static void stat_row(csvw *w, const char *model, const calib_result *r, int g,
                     const char *stat, double ob, double sm, double diff)
{
    csvw_str(w, model);
    csvw_str(w, group_scope(r, g));
    csvw_str(w, group_name(r, g));
    csvw_str(w, stat);
    csvw_num(w, ob, 10);
    csvw_num(w, sm, 10);
    csvw_num(w, diff, 10);
    csvw_end(w);
}

static int write_compare(const calib_result *r, const char *dir, os_error *e)
{
    csvw *w = csvw_open_in(dir, "calibrate.csv", e);
    if (!w)
        return -1;
    const char *head[] = {"model", "scope", "group", "statistic", "observed", "simulated",
                          "difference"};
    csvw_row(w, head, sizeof head / sizeof head[0]);
    for (int k = 0; k < (r->sim1 ? 2 : 1); k++) {
        const char *model = k ? "calibrated" : "current";
        for (int g = 0; g < 1 + r->nsev + r->ncat; g++) {
            const cstat *c = &r->st[k][g];
            if (!c->n)
                continue;
            stat_row(w, model, r, g, "n", (double)c->n, (double)c->n, 0);
            stat_row(w, model, r, g, "mean", c->mean[0], c->mean[1], c->mean[1] - c->mean[0]);
            stat_row(w, model, r, g, "p50", c->p50[0], c->p50[1], c->p50[1] - c->p50[0]);
            stat_row(w, model, r, g, "p90", c->p90[0], c->p90[1], c->p90[1] - c->p90[0]);
            stat_row(w, model, r, g, "ks", NAN, NAN, c->ks);
            stat_row(w, model, r, g, "qdist", NAN, NAN, c->qdist);
        }
        stat_row(w, model, r, 0, "distance", NAN, NAN, k ? r->d1 : r->d0);
    }
    if (r->boot) {   /* what chance alone leaves after a fit (the misfit rule) */
        stat_row(w, "calibrated", r, 0, "distance_chance_lo", NAN, NAN, r->dstar_lo);
        stat_row(w, "calibrated", r, 0, "distance_chance_hi", NAN, NAN, r->dstar_hi);
    }
    if (r->boot && r->remis) {   /* the histories' own misroute estimates (§5) */
        stat_row(w, "calibrated", r, 0, "history_misroute_lo", NAN, NAN, r->mis_lo);
        stat_row(w, "calibrated", r, 0, "history_misroute_hi", NAN, NAN, r->mis_hi);
    }
    return csvw_commit(w, e);
}

static const char *verdict_text(int v)
{
    return v == 1 ? "identified" : v == 0 ? "not identified by this data" : "not assessed";
}

/* "lo" or "hi" when the fit is pinned at an end of its range (within 1 %
 * of it on the mapped scale): the range, or the model, is too narrow. */
static const char *at_bound(const cparam *p)
{
    if (p->verdict == 0)
        return "";
    double u = p_unit(p, p->fit);
    return u < 0.01 ? "lo" : u > 0.99 ? "hi" : "";
}

static int write_fitted(const calib_result *r, const char *dir, os_error *e)
{
    csvw *w = csvw_open_in(dir, "fitted.csv", e);
    if (!w)
        return -1;
    const char *head[] = {"parameter", "kind", "lo", "hi", "start", "fitted", "ci_lo",
                          "ci_hi", "verdict", "value", "start_value", "at_bound",
                          "trades_with", "trade_r", "crit"};
    csvw_row(w, head, sizeof head / sizeof head[0]);
    for (int i = 0; i < r->np; i++) {
        const cparam *p = &r->p[i];
        csvw_str(w, p->key);
        csvw_str(w, p->isdist ? "factor" : "value");
        csvw_num(w, p->lo, 10);
        csvw_num(w, p->hi, 10);
        csvw_num(w, p->start, 10);
        csvw_num(w, p->verdict == 0 ? NAN : p->fit, 10);
        csvw_num(w, p->ci_lo, 10);
        csvw_num(w, p->ci_hi, 10);
        csvw_str(w, verdict_text(p->verdict));
        csvw_str(w, p->verdict == 0 ? "" : p->text);
        csvw_str(w, p->start_text);
        csvw_str(w, at_bound(p));
        csvw_str(w, p->trades >= 0 ? r->p[p->trades].key : "");
        csvw_num(w, p->trades >= 0 ? p->trade_r : NAN, 4);
        csvw_num(w, p->crit, 10);
        csvw_end(w);
    }
    return csvw_commit(w, e);
}

/* calibrate_cdf.csv: for the chart (plots/calibrate.gp), the sorted TTRs
 * of the compared rows, observed, current and (with a fit) calibrated, each
 * with its share of rows at most it: series,ttr,share. */
static int write_cdf(const calib_result *r, const char *dir, os_error *e)
{
    csvw *w = csvw_open_in(dir, "calibrate_cdf.csv", e);
    if (!w)
        return -1;
    const char *head[] = {"series", "ttr", "share"};
    csvw_row(w, head, 3);
    const char *name[] = {"observed", "current", "calibrated"};
    const double *v[] = {r->obs, r->sim0, r->sim1};
    for (int k = 0; k < (r->sim1 ? 3 : 2); k++) {
        size_t n = 0;
        for (size_t i = 0; i < r->n; i++)
            if (!isnan(r->obs[i]))
                r->buf[n++] = v[k][i];
        gsl_sort(r->buf, 1, n);
        for (size_t i = 0; i < n; i++) {
            csvw_str(w, name[k]);
            csvw_num(w, r->buf[i], 10);
            csvw_num(w, (double)(i + 1) / (double)n, 10);
            csvw_end(w);
        }
    }
    return csvw_commit(w, e);
}

int calib_write(const calib_result *r, const char *dir, os_error *e)
{
    if (write_compare(r, dir, e) < 0 || write_cdf(r, dir, e) < 0)
        return -1;
    csvw *ws = csvw_open_in(dir, "scenario.ini", e);
    if (!ws)
        return -1;
    scn_write(r->cur, csvw_stream(ws));
    if (csvw_commit(ws, e) < 0)
        return -1;
    if (!r->np)
        return 0;
    if (write_fitted(r, dir, e) < 0)
        return -1;
    csvw *w = csvw_open_in(dir, "calibrated.ini", e);
    if (!w)
        return -1;
    scn_write(r->cal, csvw_stream(w));
    return csvw_commit(w, e);
}

/* Severities with compared rows: D's terms are NQ times as many. */
static int nsev_compared(const calib_result *r)
{
    int k = 0;
    for (int v = 0; v < r->nsev; v++)
        k += r->st[0][1 + v].n > 0;
    return k;
}

static void print_table(const calib_result *r, int k, FILE *f)
{
    fprintf(f, "%-16s %6s %9s %9s %9s %9s %9s %9s %6s\n", "group", "n", "mean obs",
            "mean sim", "p50 obs", "p50 sim", "p90 obs", "p90 sim", "KS");
    for (int g = 0; g < 1 + r->nsev + r->ncat; g++) {
        const cstat *c = &r->st[k][g];
        if (!c->n)
            continue;
        char name[SCN_NAME + 8];
        snprintf(name, sizeof name, "%s%.14s", g == 0 ? "" : "  ", group_name(r, g));
        fprintf(f, "%-16s %6ld %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %6.3f\n", name, c->n,
                c->mean[0], c->mean[1], c->p50[0], c->p50[1], c->p90[0], c->p90[1], c->ks);
    }
}

void calib_print(const calib_result *r, FILE *f)
{
    fprintf(f, "TTR in minutes, observed (%zu tickets with observed_ttr of %zu) against "
            "model %s\n\nCurrent scenario:\n", r->ncmp, r->n, r->model_name);
    print_table(r, 0, f);
    fprintf(f, "quantile distance D: %.1f (%d quantile differences, each squared in units of "
            "its chance variation)\n", r->d0, NQ * nsev_compared(r));
    if (!r->np)
        return;
    fprintf(f, "\nFitted (%ld replays, %d bootstrap resamples over weeks):\n", r->evals,
            r->boot);
    fprintf(f, "%-40s %-12s %8s %8s %19s  %s\n", "parameter", "range", "start", "fitted",
            "90% interval", "verdict");
    for (int i = 0; i < r->np; i++) {
        const cparam *p = &r->p[i];
        char range[40], ci[40], fit[20];
        snprintf(range, sizeof range, "%s%g:%g", p->isdist ? "x" : "", p->lo, p->hi);
        if (p->verdict < 0)
            snprintf(ci, sizeof ci, "-");
        else
            snprintf(ci, sizeof ci, "%.3g .. %.3g", p->ci_lo, p->ci_hi);
        if (p->verdict == 0)
            snprintf(fit, sizeof fit, "-");
        else
            snprintf(fit, sizeof fit, "%.3g", p->fit);
        fprintf(f, "%-40.40s %-12s %8.3g %8s %19s  %s%s\n", p->key, range, p->start, fit, ci,
                verdict_text(p->verdict), *at_bound(p) ? ", at a bound of its range" : "");
        if (p->trades >= 0)
            fprintf(f, "    moves with %.40s (bootstrap r = %.2f)\n", r->p[p->trades].key,
                    p->trade_r);
    }
    fprintf(f, "\nCalibrated scenario:\n");
    print_table(r, 1, f);
    fprintf(f, "quantile distance D: %.1f (was %.1f)\n", r->d1, r->d0);
    if (r->boot)
        fprintf(f, "histories made by the model at the fit, fitted alike: D %.1f to %.1f (5-95 %%)\n",
                r->dstar_lo, r->dstar_hi);
    if (r->boot && r->remis)
        fprintf(f, "each history re-estimated misroute_prob from its own reassignments, as fit "
                "did:\n%.3g to %.3g (5-95 %%; the scenario's %.4g is taken to be the data's "
                "estimate)\n", r->mis_lo, r->mis_hi,
                r->base->model[r->model].misroute_prob);
    if (r->boot && r->ndrawn)
        fprintf(f, "efforts import drew (%zu rows) drawn afresh for each history\n", r->ndrawn);
    if (r->misfit)
        fprintf(f, "the model does not reproduce these tickets (D above what chance gives): no "
                "parameter is\nidentified, whatever its interval; look for what the model "
                "misses before using it\n");
}
