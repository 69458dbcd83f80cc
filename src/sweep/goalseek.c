/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * goalseek.c — the smallest or largest value of a key at which a model
 * meets a target (see goalseek.h).  The points, their cache and the
 * bisection are breakeven's (search.h); this file says what is bisected:
 * g = v - X for a target v <= X (g = X - v for v >= X), met when g <= 0,
 * for v the mean and each bound of the measured interval.
 *
 * Cost: the two ends, about log2(1000) = 10 points per real bisection (about
 * log2(HI - LO) per integer one) for each of the mean and the two bounds,
 * minus what the cache shares.  The answer is always a point already run,
 * so the metric reported there costs nothing more.
 */
#include "ownsim/goalseek.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/csvfile.h"
#include "ownsim/number.h"
#include "search.h"

enum { G_MEAN, G_LO, G_HI };

/* One curve: which part of the interval, against the target. */
typedef struct curve_ctx {
    int which;          /* G_MEAN, G_LO, G_HI */
    bool at_most;       /* v <= X; else v >= X */
    double target;      /* X */
} curve_ctx;

/* g: <= 0 where the target is met; NaN where the part is undefined. */
static double gap(const ci *c, const void *ctx)
{
    const curve_ctx *k = ctx;
    double v = k->which == G_MEAN ? c->mean : k->which == G_LO ? c->lo : c->hi;
    return k->at_most ? v - k->target : k->target - v;
}

/* 1 met, 0 not (an undefined value meets nothing). */
static int met(double g, const void *ctx)
{
    (void)ctx;
    return g <= 0;
}

/* One curve's answer: the smallest (largest) x where it is met. */
typedef struct answer {
    gs_status st;       /* as gs_status, for this curve */
    double x;           /* the answer; NaN when GS_NOWHERE */
} answer;

static int seek_curve(search *S, const gs_opts *o, const curve_ctx *k, bool integer,
                      answer *out, os_error *e)
{
    ci ca, cb;
    if (search_eval(S, o->lo, &ca, e) < 0 || search_eval(S, o->hi, &cb, e) < 0)
        return -1;
    bool mlo = met(gap(&ca, k), NULL), mhi = met(gap(&cb, k), NULL);
    /* the near end is where the search starts: LO, or HI when largest */
    bool mnear = o->largest ? mhi : mlo, mfar = o->largest ? mlo : mhi;
    double near = o->largest ? o->hi : o->lo;
    if (mnear) {
        *out = (answer){mfar ? GS_EVERYWHERE : GS_AT_END, near};
        return 0;
    }
    if (!mfar) {
        *out = (answer){GS_NOWHERE, NAN};
        return 0;
    }
    search_curve c = {gap, met, k};
    search_bracket br;
    if (search_bisect(S, &c, integer, &br, e) < 0)
        return -1;
    /* a is on LO's side, b on HI's: the answer is the one that meets the
     * target (an integer key: the first or last whole number that does; a
     * real: within 1/1000 of the range of the boundary, never past it, so
     * the metric reported there meets the target as measured) */
    *out = (answer){GS_FOUND, o->largest ? br.a : br.b};
    return 0;
}

/* "METRIC<=X" or "METRIC>=X" into r (metric, at_most, target) and *sp. */
static int parse_target(const gs_opts *o, const scenario *base, metric_spec *sp,
                        gs_result *r, os_error *e)
{
    const char *t = o->target, *op = strstr(t, "<=");
    const char *ge = strstr(t, ">=");
    if (!op || (ge && ge < op))
        op = ge;
    char q[ERR_QUOTE_SIZE];
    if (!op)
        return err_set(e, OS_ERR_INPUT, "--target", 0, "",
                       "%s is not METRIC<=X or METRIC>=X (the target is met at equality; "
                       "'<', '>' and '=' alone are not taken)", err_quote(q, sizeof q, t));
    r->at_most = op[0] == '<';
    /* the metric, without blanks around it */
    const char *m0 = t, *m1 = op;
    while (m0 < m1 && isspace((unsigned char)*m0))
        m0++;
    while (m1 > m0 && isspace((unsigned char)m1[-1]))
        m1--;
    char name[METRIC_SPEC_NAME + 64];
    if ((size_t)(m1 - m0) >= sizeof name)
        return err_set(e, OS_ERR_INPUT, "--target", 0, "", "unknown metric %s",
                       err_quote(q, sizeof q, t));
    memcpy(name, m0, (size_t)(m1 - m0));
    name[m1 - m0] = '\0';
    if (metric_spec_parse(name, base, "--target", sp, e) < 0)
        return -1;
    const char *x0 = op + 2, *x1 = x0 + strlen(x0);
    while (x0 < x1 && isspace((unsigned char)*x0))
        x0++;
    while (x1 > x0 && isspace((unsigned char)x1[-1]))
        x1--;
    num_status st = num_parse(x0, (size_t)(x1 - x0), &r->target);
    if (st != NUM_OK) {
        char v[512];
        snprintf(v, sizeof v, "%.*s", (int)(x1 - x0 < 511 ? x1 - x0 : 511), x0);
        return err_set(e, OS_ERR_INPUT, "--target", 0, name, "the target X %s %s",
                       err_quote(q, sizeof q, v), num_why(st));
    }
    metric_spec_format(sp, base, r->metric, sizeof r->metric);
    return 0;
}

/* The target, the key, the range and the models, into *so and r: checked
 * before anything runs. */
static int check_seek(const gs_opts *o, gs_result *r, search_opts *so, os_error *e)
{
    const scenario *base = run_base(o->run);
    if (parse_target(o, base, &so->met, r, e) < 0 ||
        search_check_key("goalseek", o->key, o->lo, o->hi, &r->integer, e) < 0 ||
        scn_model_lookup(base, o->model, "--model", &so->a, e) < 0)
        return -1;
    so->b = -1;
    if (o->baseline) {
        if (scn_model_lookup(base, o->baseline, "--baseline", &so->b, e) < 0)
            return -1;
        if (so->a == so->b)
            return err_set(e, OS_ERR_INPUT, "--baseline", 0, o->baseline,
                           "the model and the baseline are the same");
    }
    snprintf(r->model, sizeof r->model, "%s", base->model[so->a].name);
    snprintf(r->baseline, sizeof r->baseline, "%s", so->b >= 0 ? base->model[so->b].name : "");
    return 0;
}

/* The answer's interval from the two bounds' answers (goalseek.h): each
 * clipped to the range, open where clipped; none (NaN) when neither bound
 * meets the target anywhere in the range. */
static void interval(const gs_opts *o, const answer *b1, const answer *b2, gs_result *r)
{
    if (b1->st == GS_NOWHERE && b2->st == GS_NOWHERE)
        return;   /* neither bound meets it in the range: no interval */
    double x[2];
    bool lo_open = false, hi_open = false;
    const answer *b[2] = {b1, b2};
    for (int i = 0; i < 2; i++) {
        x[i] = b[i]->x;
        /* met already at the near end: the answer may lie beyond it */
        bool clipped_near = b[i]->st == GS_EVERYWHERE || b[i]->st == GS_AT_END;
        if (b[i]->st == GS_NOWHERE)   /* met beyond the far end, if at all */
            x[i] = o->largest ? o->lo : o->hi;
        if ((clipped_near && !o->largest) || (b[i]->st == GS_NOWHERE && o->largest))
            lo_open = true;
        if ((clipped_near && o->largest) || (b[i]->st == GS_NOWHERE && !o->largest))
            hi_open = true;
    }
    r->value_lo = fmin(x[0], x[1]);
    r->value_hi = fmax(x[0], x[1]);
    r->lo_open = lo_open && r->value_lo == o->lo;
    r->hi_open = hi_open && r->value_hi == o->hi;
}

int gs_run(const gs_opts *o, gs_result *r, os_error *e)
{
    memset(r, 0, sizeof *r);
    r->largest = o->largest;
    search_opts so = {.run = o->run, .key = o->key, .lo = o->lo, .hi = o->hi,
                      .jobs = o->jobs, .progress = o->progress,
                      .progress_ctx = o->progress_ctx};
    if (check_seek(o, r, &so, e) < 0)
        return -1;
    search *S = search_new(&so, e);
    if (!S)
        return -1;
    int rc = -1;
    r->reps = run_base(o->run)->reps;
    r->value_lo = r->value_hi = NAN;
    r->at_value = (ci){NAN, NAN, NAN, NAN};
    curve_ctx k = {G_MEAN, r->at_most, r->target};
    answer a;
    if (seek_curve(S, o, &k, r->integer, &a, e) < 0 ||
        search_eval(S, o->lo, &r->at_lo, e) < 0 || search_eval(S, o->hi, &r->at_hi, e) < 0)
        goto done;
    r->status = a.st;
    r->value = a.x;
    if (!isnan(r->value) && search_eval(S, r->value, &r->at_value, e) < 0)
        goto done;
    /* an interval needs bounds: a per-replication value and 2 replications */
    if (!isnan(r->at_lo.lo) && !isnan(r->at_hi.lo) && r->reps >= 2) {
        answer b1, b2;
        curve_ctx k1 = {G_LO, r->at_most, r->target}, k2 = {G_HI, r->at_most, r->target};
        if (seek_curve(S, o, &k1, r->integer, &b1, e) < 0 ||
            seek_curve(S, o, &k2, r->integer, &b2, e) < 0)
            goto done;
        interval(o, &b1, &b2, r);
    }
    r->evaluations = search_evaluations(S);
    search_done(S);
    rc = 0;
done:
    search_free(S);
    return rc;
}

const char *gs_status_name(gs_status st)
{
    static const char *const names[] = {"found", "everywhere", "nowhere", "at_end"};
    return names[st];
}

static void ci_cells(csvw *w, const ci *c)
{
    csvw_num(w, c->mean, 6);
    csvw_num(w, c->lo, 6);
    csvw_num(w, c->hi, 6);
}

int gs_write(const gs_opts *o, const gs_result *r, const char *dir, os_error *e)
{
    csvw *w = csvw_open_in(dir, "goalseek.csv", e);
    if (!w)
        return -1;
    static const char *const head[] = {"key", "model", "baseline", "metric", "op", "target",
        "seek", "lo", "hi", "status", "value", "value_lo", "value_hi", "value_lo_open",
        "value_hi_open", "metric_at_value", "metric_at_value_lo", "metric_at_value_hi",
        "metric_at_lo", "metric_at_lo_lo", "metric_at_lo_hi", "metric_at_hi",
        "metric_at_hi_lo", "metric_at_hi_hi", "evaluations", "reps"};
    csvw_row(w, head, sizeof head / sizeof *head);
    csvw_str(w, o->key);
    csvw_str(w, r->model);
    csvw_str(w, r->baseline);
    csvw_str(w, r->metric);
    csvw_str(w, r->at_most ? "<=" : ">=");
    csvw_num(w, r->target, 15);
    csvw_str(w, r->largest ? "largest" : "smallest");
    csvw_num(w, o->lo, 15);
    csvw_num(w, o->hi, 15);
    csvw_str(w, gs_status_name(r->status));
    csvw_num(w, r->value, 6);
    csvw_num(w, r->value_lo, 6);
    csvw_num(w, r->value_hi, 6);
    csvw_int(w, r->lo_open);
    csvw_int(w, r->hi_open);
    ci_cells(w, &r->at_value);
    ci_cells(w, &r->at_lo);
    ci_cells(w, &r->at_hi);
    csvw_int(w, r->evaluations);
    csvw_int(w, r->reps);
    csvw_end(w);
    return search_write_result(w, o->run, o->prov, dir, e);
}

/* "ttr_mean:P1 <= 60", or "ttr_mean:P1 <= -30 (M minus B)" */
static void target_text(const gs_result *r, char *buf, size_t n)
{
    char x[SEARCH_NUM];
    search_num(x, r->target, 6, false);
    if (r->baseline[0])
        snprintf(buf, n, "%s %s %s (%s minus %s)", r->metric, r->at_most ? "<=" : ">=", x,
                 r->model, r->baseline);
    else
        snprintf(buf, n, "%s %s %s", r->metric, r->at_most ? "<=" : ">=", x);
}

/* "12.5 (95% CI 10 to 15)", or "12.5" without bounds */
static void ci_text(const ci *c, char *buf, size_t n)
{
    char m[SEARCH_NUM], a[SEARCH_NUM], b[SEARCH_NUM];
    search_num(m, c->mean, 4, false);
    if (isnan(c->lo))
        snprintf(buf, n, "%s", m);
    else
        snprintf(buf, n, "%s (95%% CI %s to %s)", m, search_num(a, c->lo, 4, false),
                 search_num(b, c->hi, 4, false));
}

void gs_print(const gs_opts *o, const gs_result *r, FILE *f)
{
    char t[METRIC_SPEC_NAME + 2 * SCN_NAME + 96];
    target_text(r, t, sizeof t);
    char lo[SEARCH_NUM], hi[SEARCH_NUM], v[SEARCH_NUM], a[SEARCH_NUM], b[SEARCH_NUM];
    search_num(lo, o->lo, 6, false);
    search_num(hi, o->hi, 6, false);
    search_num(v, r->value, 6, false);
    char ends[512];
    snprintf(ends, sizeof ends, "%s is %s at %s and %s at %s", r->metric,
             search_num(a, r->at_lo.mean, 4, false), lo, search_num(b, r->at_hi.mean, 4, false),
             hi);
    if (r->status == GS_NOWHERE) {
        fprintf(f, "goalseek: %s meets %s nowhere for %s in [%s, %s]: %s\n", r->model, t,
                o->key, lo, hi, ends);
        return;
    }
    char ci_txt[160];
    search_num(a, r->value_lo, 6, false);
    search_num(b, r->value_hi, 6, false);
    if (isnan(r->value_lo))
        snprintf(ci_txt, sizeof ci_txt, "no confidence interval");
    else if (r->value_lo == r->value_hi && (r->lo_open || r->hi_open))
        snprintf(ci_txt, sizeof ci_txt, "95%% CI %s%s", r->lo_open ? "<= " : a,
                 r->lo_open ? a : " or more");
    else
        snprintf(ci_txt, sizeof ci_txt, "95%% CI %s%s to %s%s", r->lo_open ? "<= " : "", a, b,
                 r->hi_open ? " or more" : "");
    if (r->status == GS_FOUND) {
        char there[256];
        ci_text(&r->at_value, there, sizeof there);
        fprintf(f, "goalseek: %s meets %s %s %s = %s (%s); there %s is %s\n", r->model, t,
                r->largest ? "up to" : "from", o->key, v, ci_txt, r->metric, there);
        return;
    }
    /* met at the near end: the answer is the range's end, perhaps beyond */
    fprintf(f, "goalseek: %s meets %s at %s = %s, the %s end of the range, and %s at %s "
               "(%s; %s): the %s value may lie %s the range\n",
            r->model, t, o->key, v, r->largest ? "upper" : "lower",
            r->status == GS_EVERYWHERE ? "also" : "not", r->largest ? lo : hi, ci_txt, ends,
            r->largest ? "largest" : "smallest", r->largest ? "above" : "below");
}
