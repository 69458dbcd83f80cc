/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * breakeven.c — bisection for the value where two models meet (see
 * breakeven.h).  The metric (NAME or NAME:SEV, metric_spec.h) and its
 * per-replication values come from the metric table (metric.h); the points,
 * their cache and the bisection are the search shared with goalseek
 * (search.h): this file says what is bisected — D's mean and bounds against
 * zero, a side being D's sign, exactly zero ending the bisection there.
 * Evaluations are cached by x: the three bisections (mean, lower and upper
 * bound) share their end points and often their first midpoints.  Cost:
 * about 3 * log2(1/tolerance) point runs of two models; the tolerance is
 * 1/1000 of the range (about 10 steps per bisection).
 */
#include "ownsim/breakeven.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/csvfile.h"
#include "ownsim/metric_spec.h"
#include "ownsim/run.h"
#include "search.h"

enum { G_MEAN, G_LO, G_HI };

/* The curve bisected: D's mean or one bound, against zero. */
static double pick(const ci *c, const void *ctx)
{
    int which = *(const int *)ctx;
    return which == G_MEAN ? c->mean : which == G_LO ? c->lo : c->hi;
}

static int sign(double v, const void *ctx)
{
    (void)ctx;
    return v > 0 ? 1 : v < 0 ? -1 : SEARCH_AT;
}

/* Where does the chosen curve change sign in [lo, hi]?  *open when it
 * does not. */
static int bisect(search *S, const be_opts *o, int which, bool integer, double *out,
                  bool *open, os_error *e)
{
    search_curve c = {pick, sign, &which};
    ci ca, cb;
    if (search_eval(S, o->lo, &ca, e) < 0 || search_eval(S, o->hi, &cb, e) < 0)
        return -1;
    double ga = pick(&ca, &which), gb = pick(&cb, &which);
    *open = false;
    if (ga == 0) {
        *out = o->lo;
        return 0;
    }
    if (sign(ga, NULL) == sign(gb, NULL)) {
        *open = true;
        *out = NAN;
        return 0;
    }
    search_bracket br;
    if (search_bisect(S, &c, integer, &br, e) < 0)
        return -1;
    /* integers: the first value past the crossing; reals: interpolate */
    if (br.exact)
        *out = br.a;
    else
        *out = integer ? br.b : br.a + (br.b - br.a) * br.ga / (br.ga - br.gb);
    return 0;
}

/* The crossing's interval: where each bound of D's paired interval crosses
 * zero (a test-inversion interval); an open bound extends to the end of the
 * range on its side. */
static int crossing_interval(search *S, const be_opts *o, be_result *r, os_error *e)
{
    double x1, x2;
    bool o1, o2;
    if (bisect(S, o, G_LO, r->integer, &x1, &o1, e) < 0 ||
        bisect(S, o, G_HI, r->integer, &x2, &o2, e) < 0)
        return -1;
    bool up = r->at_lo.mean < 0;   /* D rises through zero */
    if (o1)
        x1 = up ? o->hi : o->lo;
    if (o2)
        x2 = up ? o->lo : o->hi;
    r->value_lo = fmin(x1, x2);
    r->value_hi = fmax(x1, x2);
    r->lo_open = (o1 && !up) || (o2 && up);
    r->hi_open = (o1 && up) || (o2 && !up);
    return 0;
}

/* The metric, the key, the range and the models: checked before anything
 * runs, into *so. */
static int check_search(const be_opts *o, be_result *r, search_opts *so, os_error *e)
{
    const scenario *base = run_base(o->run);
    if (metric_spec_parse(o->metric ? o->metric : "ttr_mean", base, "--metric", &so->met,
                          e) < 0 ||
        search_check_key("breakeven", o->key, o->lo, o->hi, &r->integer, e) < 0 ||
        scn_model_lookup(base, o->model, "--model", &so->a, e) < 0)
        return -1;
    so->b = base->baseline;
    if (o->baseline && scn_model_lookup(base, o->baseline, "--baseline", &so->b, e) < 0)
        return -1;
    if (so->a == so->b)
        return err_set(e, OS_ERR_INPUT, "--model", 0, o->model,
                       "the model and the baseline are the same: give --baseline");
    return 0;
}

int be_run(const be_opts *o, be_result *r, os_error *e)
{
    memset(r, 0, sizeof *r);
    search_opts so = {.run = o->run, .key = o->key, .lo = o->lo, .hi = o->hi,
                      .jobs = o->jobs, .progress = o->progress,
                      .progress_ctx = o->progress_ctx};
    if (check_search(o, r, &so, e) < 0)
        return -1;
    search *S = search_new(&so, e);
    if (!S)
        return -1;
    int rc = -1;
    const scenario *base = run_base(o->run);
    snprintf(r->model, sizeof r->model, "%s", base->model[so.a].name);
    snprintf(r->baseline, sizeof r->baseline, "%s", base->model[so.b].name);
    metric_spec_format(&so.met, base, r->metric, sizeof r->metric);
    r->reps = base->reps;

    bool open;
    if (bisect(S, o, G_MEAN, r->integer, &r->value, &open, e) < 0)
        goto done;
    r->crosses = !open;
    search_eval(S, o->lo, &r->at_lo, e);
    search_eval(S, o->hi, &r->at_hi, e);
    r->value_lo = r->value_hi = NAN;
    /* bounds undefined at an end (an interval reported as undefined): none */
    if (r->crosses && metric_per_rep(so.met.m) && !isnan(r->at_lo.lo) &&
        !isnan(r->at_hi.lo) && crossing_interval(S, o, r, e) < 0)
        goto done;
    r->evaluations = search_evaluations(S);
    search_done(S);   /* the last call: done == total */
    rc = 0;
done:
    search_free(S);
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
    return search_write_result(w, o->run, o->prov, dir, e);
}

void be_print(const be_opts *o, const be_result *r, FILE *f)
{
    char lo[SEARCH_NUM], hi[SEARCH_NUM], a[SEARCH_NUM], b[SEARCH_NUM];
    search_num(lo, o->lo, 6, false);
    search_num(hi, o->hi, 6, false);
    if (!r->crosses) {
        fprintf(f, "breakeven: %s and %s do not cross on %s for %s in [%s, %s]: "
                   "%s minus %s is %s at %s and %s at %s (%s is %s throughout)\n",
                r->model, r->baseline, r->metric, o->key, lo, hi, r->model, r->baseline,
                search_num(a, r->at_lo.mean, 4, true), lo,
                search_num(b, r->at_hi.mean, 4, true), hi, r->model,
                r->at_lo.mean < 0 ? "lower" : "higher");
        return;
    }
    bool up = r->at_lo.mean < 0;
    char ci_txt[256];
    if (isnan(r->value_lo) && isnan(r->value_hi))
        snprintf(ci_txt, sizeof ci_txt, "no confidence interval: %s has no value per "
                 "replication", r->metric);
    else
        snprintf(ci_txt, sizeof ci_txt, "95%% CI %s%s to %s%s", r->lo_open ? "<= " : "",
                 search_num(a, r->value_lo, 4, false), search_num(b, r->value_hi, 4, false),
                 r->hi_open ? " or more" : "");
    fprintf(f, "breakeven: %s matches %s on %s at %s = %s (%s); "
               "%s is lower %s that and higher %s\n",
            r->model, r->baseline, r->metric, o->key, search_num(lo, r->value, 4, false),
            ci_txt, r->model, up ? "below" : "above", up ? "above" : "below");
}
