/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * search.c — the one-key search shared by breakeven and goalseek (see
 * search.h): points derived from the run assembly and run, measurements
 * cached by x, and the bisection.
 *
 * Only the models measured are run (A, and B when there is one).  A point
 * is the base with the one override KEY=x (grid_overrides, so that a
 * distribution parameter keeps the other parameters), derived in memory:
 * no file is read again.  The cache is a flat array searched linearly: a
 * search runs a few dozen points, each costing a whole simulation.
 * search_write_result is the common end of breakeven's and goalseek's
 * output: one order of commit, scenario and provenance for both.
 */
#include "search.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ownsim/grid.h"
#include "ownsim/point.h"
#include "ownsim/report.h"

struct search {
    search_opts o;                  /* as given */
    const scenario *base;           /* the assembly's base; borrowed */
    double x[SEARCH_MAX_EVAL];      /* points evaluated, in evaluation order */
    ci c[SEARCH_MAX_EVAL];          /* the measurement at each */
    int n;                          /* entries of x and c */
    double t0;                      /* when the search began, for progress */
    scn_override ov[GRID_MAX_AXES]; /* the point's overrides (of the key varied) */
    char buf[GRID_MAX_AXES * 1024]; /* their texts */
};

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
    if (!S->o.progress)
        return;
    os_progress p = {.kind = OS_PROGRESS_EVALS, .done = S->n, .total = total,
                     .elapsed = now_s() - S->t0};
    S->o.progress(S->o.progress_ctx, &p);
}

search *search_new(const search_opts *o, os_error *e)
{
    search *S = calloc(1, sizeof *S);
    if (!S) {
        err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
        return NULL;
    }
    S->o = *o;
    S->base = run_base(o->run);
    S->t0 = now_s();
    return S;
}

void search_free(search *S)
{
    free(S);
}

int search_evaluations(const search *S)
{
    return S->n;
}

void search_done(search *S)
{
    progress(S, S->n);
}

/* The measurement at the point s (see search.h). */
static int measure(const search *S, const scenario *s, const point_result *r, double x,
                   ci *out, os_error *e)
{
    double *v = malloc(METRIC_SCRATCH(r->reps) * sizeof *v);
    if (!v)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    const metric *m = S->o.met.m;
    metric_src sa = point_src(s, r, S->o.a, S->o.met.sev);
    ci c;
    if (S->o.b >= 0) {
        metric_src sb = point_src(s, r, S->o.b, S->o.met.sev);
        c = metric_diff(m, &sa, &sb, v);
    } else if (metric_per_rep(m)) {
        c = metric_ci(m, &sa, v);
    } else {
        c = (ci){metric_value(m, &sa, v), NAN, NAN, NAN};
    }
    free(v);
    if (isnan(c.mean)) {
        char name[METRIC_SPEC_NAME];
        return err_set(e, OS_ERR_INPUT, "", 0, metric_spec_format(&S->o.met, s, name,
                       sizeof name), "the metric is undefined at %s = %g: no replication has a value "
                       "(none of its incidents counted, or no value per replication%s)",
                       S->o.key, x, S->o.met.sev >= 0 ? " for one severity" : "");
    }
    *out = c;
    return 0;
}

int search_eval(search *S, double x, ci *out, os_error *e)
{
    for (int i = 0; i < S->n; i++)
        if (S->x[i] == x) {
            *out = S->c[i];
            return 0;
        }
    if (S->n == SEARCH_MAX_EVAL)
        return err_set(e, OS_ERR_ENV, "", 0, "", "too many evaluations");
    char spec[1200];
    snprintf(spec, sizeof spec, "%s=%.15g", S->o.key, x);
    grid g;
    memset(&g, 0, sizeof g);
    if (grid_add(&g, spec, e) < 0) {
        grid_free(&g);
        return -1;
    }
    /* the base of the run assembly with x, in memory: no file is read */
    int n = grid_overrides(&g, 0, S->base, S->ov, S->buf, e);
    scenario *s = n < 0 ? NULL : run_derive(S->o.run, S->ov, n, e);
    grid_free(&g);
    if (!s)
        return -1;
    uint32_t models = 1u << S->o.a;
    if (S->o.b >= 0)
        models |= 1u << S->o.b;
    point_opts po = {.jobs = S->o.jobs, .models = models, .list = run_list(S->o.run, s),
                     .rep_quantiles = metric_needs_rep_quantiles(S->o.met.m)};
    /* zeroed: point_run frees it when an allocation fails before it filled
     * it (batch_alloc in point.c frees every result, filled or not) */
    point_result r;
    memset(&r, 0, sizeof r);
    int rc = point_run(s, &po, &r, e);
    if (rc == 0) {
        rc = measure(S, s, &r, x, out, e);
        point_free(&r);
    }
    scn_destroy(s);
    if (rc < 0)
        return -1;
    S->x[S->n] = x;
    S->c[S->n++] = *out;
    progress(S, 0);
    return 0;
}

int search_bisect(search *S, const search_curve *c, bool integer, search_bracket *br,
                  os_error *e)
{
    double a = S->o.lo, b = S->o.hi;
    ci ca, cb, cm;
    if (search_eval(S, a, &ca, e) < 0 || search_eval(S, b, &cb, e) < 0)
        return -1;
    double ga = c->value(&ca, c->ctx), gb = c->value(&cb, c->ctx);
    int sa = c->side(ga, c->ctx);
    br->exact = false;
    double tol = (b - a) / 1000;
    while (integer ? b - a > 1 : b - a > tol) {
        double m = integer ? floor((a + b) / 2) : (a + b) / 2;
        if (search_eval(S, m, &cm, e) < 0)
            return -1;
        double gm = c->value(&cm, c->ctx);
        int sm = c->side(gm, c->ctx);
        if (sm == SEARCH_AT) {
            *br = (search_bracket){m, m, gm, gm, true};
            return 0;
        }
        if (sm == sa) {
            a = m;
            ga = gm;
        } else {
            b = m;
            gb = gm;
        }
    }
    *br = (search_bracket){a, b, ga, gb, false};
    return 0;
}

int search_check_key(const char *cmd, const char *key, double lo, double hi,
                     bool *integer, os_error *e)
{
    if (!(lo < hi))
        return err_set(e, OS_ERR_INPUT, "--vary", 0, key, "empty range: LO must be below HI");
    scn_keykind kind = scn_key_kind(key);
    *integer = kind == SCN_KEY_INTEGER;
    if (kind == SCN_KEY_OTHER)
        return err_set(e, OS_ERR_INPUT, "--vary", 0, key,
                       "%s needs a numeric key (or a distribution parameter)", cmd);
    if (*integer && (lo != floor(lo) || hi != floor(hi)))
        return err_set(e, OS_ERR_INPUT, "--vary", 0, key,
                       "takes whole numbers: give LO and HI as whole numbers");
    return 0;
}

const char *search_num(char *buf, double v, int prec, bool plus)
{
    if (fabs(v) >= 1e4 && fabs(v) < 1e15)
        snprintf(buf, SEARCH_NUM, plus ? "%+.0f" : "%.0f", v);
    else
        snprintf(buf, SEARCH_NUM, plus ? "%+.*g" : "%.*g", prec, v);
    return buf;
}

int search_write_result(csvw *w, const run_asm *run, prov *pv, const char *dir,
                        os_error *e)
{
    /* the base the search ran from, its outage list among the inputs */
    const scenario *base = run_base(run);
    int rc = csvw_commit(w, e);
    if (rc == 0)
        rc = report_scenario(base, dir, e);
    if (rc == 0 && pv)
        rc = prov_add_scenario(pv, base, e);
    return rc;
}
