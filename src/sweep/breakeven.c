/*
 * breakeven.c — bisection for the value where two models meet (see
 * breakeven.h).  The metric and its per-replication values come from the
 * metric table (metric.h).  Evaluations are cached by x: the three bisections (mean,
 * lower and upper bound) share their end points and often their first
 * midpoints.  Cost: about 3 * log2(1/tolerance) point runs of two models;
 * the tolerance is 1/1000 of the range (about 10 steps per bisection).
 */
#include "ownsim/breakeven.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ownsim/csvfile.h"
#include "ownsim/grid.h"
#include "ownsim/point.h"
#include "ownsim/provenance.h"
#include "ownsim/report.h"
#include "ownsim/run.h"
#include "ownsim/suggest.h"

#define MAX_EVAL 128

typedef struct search {
    const be_opts *o;
    const scenario *base;      /* resolved base, for distribution parameters */
    const metric *met;
    int a, b;                  /* model indices */
    double x[MAX_EVAL];        /* evaluated points */
    ci d[MAX_EVAL];            /* D at each */
    int n;
    double t0;                 /* when the search began, for progress */
    scn_override ov[GRID_MAX_AXES]; /* the point's overrides (of the key varied) */
    char buf[GRID_MAX_AXES * 1024]; /* their texts */
} search;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Points evaluated so far; total 0 while the number still to come is not
 * known (it depends on where the bisections land). */
static void progress(const search *S, int total)
{
    if (!S->o->progress)
        return;
    os_progress p = {.kind = OS_PROGRESS_EVALS, .done = S->n, .total = total,
                     .elapsed = now_s() - S->t0};
    S->o->progress(S->o->progress_ctx, &p);
}

/* D at x, from the cache or by running the point. */
static int eval(search *S, double x, ci *out, os_error *e)
{
    for (int i = 0; i < S->n; i++)
        if (S->x[i] == x) {
            *out = S->d[i];
            return 0;
        }
    if (S->n == MAX_EVAL)
        return err_set(e, OS_ERR_ENV, "", 0, "", "too many evaluations");
    char spec[1200];
    snprintf(spec, sizeof spec, "%s=%.15g", S->o->key, x);
    grid g;
    memset(&g, 0, sizeof g);
    if (grid_add(&g, spec, e) < 0) {
        grid_free(&g);
        return -1;
    }
    /* the base of the run assembly with x, in memory: no file is read */
    int n = grid_overrides(&g, 0, S->base, S->ov, S->buf, e);
    scenario *s = n < 0 ? NULL : run_derive(S->o->run, S->ov, n, e);
    grid_free(&g);
    if (!s)
        return -1;
    point_opts po = {.jobs = S->o->jobs, .models = (1u << S->a) | (1u << S->b),
                     .list = run_list(S->o->run, s),
                     .rep_quantiles = metric_needs_rep_quantiles(S->met)};
    point_result r;
    int rc = point_run(s, &po, &r, e);
    if (rc == 0) {
        double *v = malloc(METRIC_SCRATCH(r.reps) * sizeof *v);
        if (!v) {
            rc = err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
        } else {
            metric_src sa = point_src(s, &r, S->a, -1), sb = point_src(s, &r, S->b, -1);
            ci d = metric_diff(S->met, &sa, &sb, v);
            if (isnan(d.mean))
                rc = err_set(e, OS_ERR_INPUT, "", 0, metric_name(S->met),
                             "the metric is undefined at %s = %g", S->o->key, x);
            else
                *out = d;
            free(v);
        }
        point_free(&r);
    }
    scn_destroy(s);
    if (rc < 0)
        return -1;
    S->x[S->n] = x;
    S->d[S->n++] = *out;
    progress(S, 0);
    return 0;
}

enum { G_MEAN, G_LO, G_HI };

static double pick(const ci *c, int which)
{
    return which == G_MEAN ? c->mean : which == G_LO ? c->lo : c->hi;
}

static int sign(double v)
{
    return (v > 0) - (v < 0);
}

/* Where does the chosen curve change sign in [lo, hi]?  *open when it
 * does not. */
static int bisect(search *S, int which, bool integer, double *out, bool *open,
                  os_error *e)
{
    double a = S->o->lo, b = S->o->hi;
    ci ca, cb, cm;
    if (eval(S, a, &ca, e) < 0 || eval(S, b, &cb, e) < 0)
        return -1;
    double ga = pick(&ca, which), gb = pick(&cb, which);
    *open = false;
    if (ga == 0) {
        *out = a;
        return 0;
    }
    if (sign(ga) == sign(gb)) {
        *open = true;
        *out = NAN;
        return 0;
    }
    double tol = (b - a) / 1000;
    while (integer ? b - a > 1 : b - a > tol) {
        double m = integer ? floor((a + b) / 2) : (a + b) / 2;
        if (eval(S, m, &cm, e) < 0)
            return -1;
        double gm = pick(&cm, which);
        if (gm == 0) {
            *out = m;
            return 0;
        }
        if (sign(gm) == sign(ga)) {
            a = m;
            ga = gm;
        } else {
            b = m;
            gb = gm;
        }
    }
    /* integers: the first value past the crossing; reals: interpolate */
    *out = integer ? b : a + (b - a) * ga / (ga - gb);
    return 0;
}

/* The metric, the key's kind and the range: checked before anything runs. */
static int check_search(const be_opts *o, be_result *r, const metric **met, os_error *e)
{
    if (metric_lookup(o->metric ? o->metric : "ttr_mean", "--metric", met, e) < 0)
        return -1;
    if (!(o->lo < o->hi))
        return err_set(e, OS_ERR_INPUT, "--vary", 0, o->key, "empty range: LO must be below HI");
    scn_keykind kind = scn_key_kind(o->key);
    r->integer = kind == SCN_KEY_INTEGER;
    if (kind == SCN_KEY_OTHER)
        return err_set(e, OS_ERR_INPUT, "--vary", 0, o->key,
                       "breakeven needs a numeric key (or a distribution parameter)");
    if (r->integer && (o->lo != floor(o->lo) || o->hi != floor(o->hi)))
        return err_set(e, OS_ERR_INPUT, "--vary", 0, o->key,
                       "takes whole numbers: give LO and HI as whole numbers");
    return 0;
}

/* Models A (--model) and B (--baseline, or the scenario's) by name, into
 * S->a and S->b; an unknown name is refused with the closest one. */
static int find_models(search *S, os_error *e)
{
    const be_opts *o = S->o;
    const scenario *base = S->base;
    S->a = scn_model_index(base, o->model);
    S->b = o->baseline ? scn_model_index(base, o->baseline) : base->baseline;
    for (int which = 0; which < 2; which++) {
        const char *want = which ? o->baseline : o->model;
        if ((which ? S->b : S->a) >= 0 || !want)
            continue;
        const char *cands[SCN_MAX_MODELS];
        for (int m = 0; m < base->nmodel; m++)
            cands[m] = base->model[m].name;
        const char *hint = suggest_closest(want, cands, (size_t)base->nmodel);
        return err_set(e, OS_ERR_INPUT, which ? "--baseline" : "--model", 0, want,
                       "no such model in %s%s%s%s", base->path, hint ? " (did you mean " : "",
                       hint ? hint : "", hint ? "?)" : "");
    }
    if (S->a == S->b)
        return err_set(e, OS_ERR_INPUT, "--model", 0, o->model,
                       "the model and the baseline are the same: give --baseline");
    return 0;
}

/* The crossing's interval: where each bound of D's paired interval crosses
 * zero (a test-inversion interval); an open bound extends to the end of the
 * range on its side. */
static int crossing_interval(search *S, be_result *r, os_error *e)
{
    double x1, x2;
    bool o1, o2;
    if (bisect(S, G_LO, r->integer, &x1, &o1, e) < 0 ||
        bisect(S, G_HI, r->integer, &x2, &o2, e) < 0)
        return -1;
    bool up = r->at_lo.mean < 0;   /* D rises through zero */
    if (o1)
        x1 = up ? S->o->hi : S->o->lo;
    if (o2)
        x2 = up ? S->o->lo : S->o->hi;
    r->value_lo = fmin(x1, x2);
    r->value_hi = fmax(x1, x2);
    r->lo_open = (o1 && !up) || (o2 && up);
    r->hi_open = (o1 && up) || (o2 && !up);
    return 0;
}

int be_run(const be_opts *o, be_result *r, os_error *e)
{
    memset(r, 0, sizeof *r);
    const metric *met = NULL;
    if (check_search(o, r, &met, e) < 0)
        return -1;
    search *S = calloc(1, sizeof *S);
    if (!S)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    S->t0 = now_s();
    int rc = -1;
    const scenario *base = run_base(o->run);
    S->o = o;
    S->base = base;
    S->met = met;
    if (find_models(S, e) < 0)
        goto done;
    snprintf(r->model, sizeof r->model, "%s", base->model[S->a].name);
    snprintf(r->baseline, sizeof r->baseline, "%s", base->model[S->b].name);
    snprintf(r->metric, sizeof r->metric, "%s", metric_name(met));
    r->reps = base->reps;

    bool open;
    if (bisect(S, G_MEAN, r->integer, &r->value, &open, e) < 0)
        goto done;
    r->crosses = !open;
    eval(S, o->lo, &r->at_lo, e);
    eval(S, o->hi, &r->at_hi, e);
    r->value_lo = r->value_hi = NAN;
    if (r->crosses && metric_per_rep(met) && crossing_interval(S, r, e) < 0)
        goto done;
    r->evaluations = S->n;
    progress(S, S->n);   /* the last call: done == total */
    rc = 0;
done:
    free(S);
    return rc;
}

int be_write(const be_opts *o, const be_result *r, const char *dir, os_error *e)
{
    csvw *w = csvw_open_in(dir, "breakeven.csv", e);
    if (!w)
        return -1;
    static const char *const head[] = {"key", "model", "baseline", "metric", "lo", "hi",
        "crosses", "value", "value_lo", "value_hi", "value_lo_open", "value_hi_open",
        "diff_at_lo", "diff_at_lo_lo", "diff_at_lo_hi", "diff_at_hi", "diff_at_hi_lo",
        "diff_at_hi_hi", "evaluations", "reps"};
    csvw_row(w, head, sizeof head / sizeof *head);
    csvw_str(w, o->key);
    csvw_str(w, r->model);
    csvw_str(w, r->baseline);
    csvw_str(w, r->metric);
    csvw_num(w, o->lo, 15);
    csvw_num(w, o->hi, 15);
    csvw_int(w, r->crosses);
    csvw_num(w, r->value, 6);
    csvw_num(w, r->value_lo, 6);
    csvw_num(w, r->value_hi, 6);
    csvw_int(w, r->lo_open);
    csvw_int(w, r->hi_open);
    csvw_num(w, r->at_lo.mean, 6);
    csvw_num(w, r->at_lo.lo, 6);
    csvw_num(w, r->at_lo.hi, 6);
    csvw_num(w, r->at_hi.mean, 6);
    csvw_num(w, r->at_hi.lo, 6);
    csvw_num(w, r->at_hi.hi, 6);
    csvw_int(w, r->evaluations);
    csvw_int(w, r->reps);
    csvw_end(w);
    /* the base the search ran from, its outage list among the inputs */
    const scenario *base = run_base(o->run);
    int rc = csvw_commit(w, e);
    if (rc == 0)
        rc = report_scenario(base, dir, e);
    if (rc == 0 && o->prov)
        rc = prov_add_scenario(o->prov, base, e);
    return rc;
}

void be_print(const be_opts *o, const be_result *r, FILE *f)
{
    if (!r->crosses) {
        fprintf(f, "breakeven: %s and %s do not cross on %s for %s in [%g, %g]: "
                   "%s minus %s is %+.4g at %g and %+.4g at %g (%s is %s throughout)\n",
                r->model, r->baseline, r->metric, o->key, o->lo, o->hi, r->model,
                r->baseline, r->at_lo.mean, o->lo, r->at_hi.mean, o->hi, r->model,
                r->at_lo.mean < 0 ? "lower" : "higher");
        return;
    }
    bool up = r->at_lo.mean < 0;
    char ci_txt[120];
    if (isnan(r->value_lo) && isnan(r->value_hi))
        snprintf(ci_txt, sizeof ci_txt, "no confidence interval: %s has no value per "
                 "replication", r->metric);
    else
        snprintf(ci_txt, sizeof ci_txt, "95%% CI %s%.4g to %.4g%s", r->lo_open ? "<= " : "",
                 r->value_lo, r->value_hi, r->hi_open ? " or more" : "");
    fprintf(f, "breakeven: %s matches %s on %s at %s = %.4g (%s); "
               "%s is lower %s that and higher %s\n",
            r->model, r->baseline, r->metric, o->key, r->value, ci_txt, r->model,
            up ? "below" : "above", up ? "above" : "below");
}
