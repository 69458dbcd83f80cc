/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sensitivity.c — one-at-a-time sensitivity analysis (see sensitivity.h,
 * docs/sensitivity.md).
 *
 * Three steps, so that bad input is refused before any point runs:
 *   1. prepare: the keys (named, or every number and distribution from
 *      scn_numeric_keys), each one's base, low and high as the override
 *      texts a point is derived with, and every point derived once to check
 *      it (a scaled distribution must still be valid);
 *   2. run: point 0 is the base, points 1 + 2k and 2 + 2k key k's low and
 *      high; they are derived again and run in chunks (point_run_batch,
 *      only models A and B), and D = A - B measured at each (metric_diff,
 *      as breakeven compares), with A's and B's own values and intervals;
 *   3. rank: by swing, largest first, ties in the order the keys were
 *      listed; skipped keys after them in that order.  A flip on a key with
 *      one number is handed to be_run (breakeven.h) for its crossing.
 * Memory: the rows, three intervals per point, and one chunk of results.
 * Every number written is a function of the scenario and the options, so
 * the output is byte-identical whatever -j is.
 */
#include "ownsim/sensitivity.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ownsim/breakeven.h"
#include "ownsim/csvfile.h"
#include "ownsim/dist.h"
#include "ownsim/metric.h"
#include "ownsim/metric_spec.h"
#include "ownsim/number.h"
#include "ownsim/point.h"
#include "ownsim/report.h"
#include "ownsim/scenario.h"
#include "study.h"

#define DEFAULT_REL 0.3
#define TEXT STUDY_TEXT     /* an override's value text */
#define CHUNK 16            /* points per pool of tasks */

typedef enum skind { SK_NUMBER, SK_INTEGER, SK_DIST, SK_PARAM } skind;

static const char *const kind_name[] = {"number", "integer", "distribution", "parameter"};

/* One key of the analysis. */
typedef struct srow {
    char key[SCN_KEY_TEXT + SCN_NAME];  /* as named: section.NAME.key[.param] */
    char ovkey[SCN_KEY_TEXT + SCN_NAME]; /* the key the override sets (a parameter's
                                           distribution); as long as key: -O1 sees no cut */
    const char *origin;        /* named in errors: "--keys", "--all" or "--range"; static */
    skind kind;                /* what the key holds */
    int order;                 /* place in the listing, for ties and skipped rows */
    bool run;                  /* false: skipped, reason says why */
    char reason[200];          /* why it was skipped */
    char base[TEXT];           /* the base value as text */
    char low[TEXT], high[TEXT];/* the override value texts of low and high */
    double xlo, xbase, xhi;    /* the numbers (for a distribution: the factors 1 - r,
                                  1, 1 + r) */
    char adjusted[300];        /* clamps, roundings, widenings: "" when none */
    ci a[3], b[3], d[3];       /* A, B and D = A - B at low, base, high */
    double swing;              /* max - min of d[].mean */
    bool flips;                /* d[].mean takes both signs */
    double cross, cross_lo, cross_hi; /* the crossing and its 95% CI (be_run); NaN */
    bool cross_lo_open, cross_hi_open; /* a bound of it did not cross in its range */
} srow;

struct sens_result {
    char model[SCN_NAME];          /* A */
    char baseline[SCN_NAME];       /* B */
    char metric[METRIC_SPEC_NAME]; /* NAME or NAME:SEV */
    int reps;                      /* replications per point */
    int points;                    /* points run (crossing searches not counted) */
    srow *rows;                    /* ranked; owned */
    int n;                         /* rows */
};

/* What the steps share. */
typedef struct sens {
    const sens_opts *o;
    const scenario *base;      /* the assembly's */
    metric_spec met;           /* the metric */
    int a, b;                  /* the models */
    double rel;                /* relative half-range */
    sens_result *r;            /* the result being built */
    int cap;                   /* rows allocated */
    bool *range_used;          /* o->ranges[i] matched a key */
} sens;

/* ---- small helpers ---- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int oom(os_error *e)
{
    return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
}

static void fmt_num(char *buf, size_t n, double x)
{
    snprintf(buf, n, "%.15g", x);
}

/* Append to the row's adjusted note, "; " between notes. */
static void note(srow *w, const char *fmt, double from, double to)
{
    size_t len = strlen(w->adjusted);
    if (len && len < sizeof w->adjusted)
        len += (size_t)snprintf(w->adjusted + len, sizeof w->adjusted - len, "; ");
    if (len < sizeof w->adjusted)
        snprintf(w->adjusted + len, sizeof w->adjusted - len, fmt, from, to);
}

static int sign(double v)
{
    return (v > 0) - (v < 0);
}

/* "KEY=LO:HI" of --range: the key (into key) and the two numbers. */
static int parse_range(const char *spec, char *key, size_t keyn, double *lo, double *hi,
                       os_error *e)
{
    char q[ERR_QUOTE_SIZE];
    const char *eq = strchr(spec, '=');
    const char *colon = eq ? strchr(eq + 1, ':') : NULL;
    if (!eq || eq == spec || (size_t)(eq - spec) >= keyn || !colon || strchr(colon + 1, ':'))
        return err_set(e, OS_ERR_INPUT, "--range", 0, spec, "expected KEY=LO:HI, not %s",
                       err_quote(q, sizeof q, spec));
    snprintf(key, keyn, "%.*s", (int)(eq - spec), spec);
    num_status st = num_parse(eq + 1, (size_t)(colon - eq - 1), lo);
    if (st == NUM_OK)
        st = num_parse(colon + 1, strlen(colon + 1), hi);
    if (st != NUM_OK)
        return err_set(e, OS_ERR_INPUT, "--range", 0, key, "%s: %s",
                       err_quote(q, sizeof q, spec), num_why(st));
    if (!(*lo < *hi))
        return err_set(e, OS_ERR_INPUT, "--range", 0, key, "empty range: LO must be below HI");
    return 0;
}

/* The --range of key, if any: 1 with lo and hi, 0 when none, -1 on error. */
static int range_of(sens *S, const char *key, double *lo, double *hi, os_error *e)
{
    for (int i = 0; i < S->o->nranges; i++) {
        char k[SCN_KEY_TEXT + SCN_NAME];
        double l, h;
        if (parse_range(S->o->ranges[i], k, sizeof k, &l, &h, e) < 0)
            return -1;
        if (!strcmp(k, key)) {
            S->range_used[i] = true;
            *lo = l;
            *hi = h;
            return 1;
        }
    }
    return 0;
}

/* ---- step 1: the keys and their ranges ---- */

static srow *new_row(sens *S, const char *key, const char *origin, os_error *e)
{
    sens_result *r = S->r;
    if (r->n == S->cap) {
        int cap = S->cap ? 2 * S->cap : 64;
        srow *nr = realloc(r->rows, (size_t)cap * sizeof *nr);
        if (!nr) {
            oom(e);
            return NULL;
        }
        r->rows = nr;
        S->cap = cap;
    }
    srow *w = &r->rows[r->n];
    memset(w, 0, sizeof *w);
    w->order = r->n++;
    snprintf(w->key, sizeof w->key, "%s", key);
    snprintf(w->ovkey, sizeof w->ovkey, "%s", key);
    w->origin = origin;
    w->run = true;
    w->swing = w->cross = w->cross_lo = w->cross_hi = NAN;
    return w;
}

static void skip(srow *w, const char *why)
{
    w->run = false;
    snprintf(w->reason, sizeof w->reason, "%s", why);
}

/* A number, whole number or parameter: low and high from its range. */
static int number_range(sens *S, srow *w, double min, double max, os_error *e)
{
    bool whole = w->kind == SK_INTEGER;
    double lo, hi;
    int given = range_of(S, w->key, &lo, &hi, e);
    if (given < 0)
        return -1;
    if (given) {
        w->origin = "--range";
        if (lo < min || hi > max)
            return err_set(e, OS_ERR_INPUT, "--range", 0, w->key,
                           "%g:%g is outside the key's domain [%g, %g]", lo, hi, min, max);
    } else {
        if (w->xbase == 0) {
            skip(w, "base is 0: a relative range is empty (give --range KEY=LO:HI)");
            return 0;
        }
        lo = fmin(w->xbase * (1 - S->rel), w->xbase * (1 + S->rel));
        hi = fmax(w->xbase * (1 - S->rel), w->xbase * (1 + S->rel));
        if (lo < min) {
            note(w, "low clamped from %g to %g", lo, min);
            lo = min;
        }
        if (hi > max) {
            note(w, "high clamped from %g to %g", hi, max);
            hi = max;
        }
    }
    if (whole) {
        double rl = round(lo), rh = round(hi);
        if (rl != lo)
            note(w, "low rounded from %g to %g", lo, rl);
        if (rh != hi)
            note(w, "high rounded from %g to %g", hi, rh);
        lo = rl;
        hi = rh;
        if (lo == hi) {
            double wl = fmax(w->xbase - 1, min), wh = fmin(w->xbase + 1, max);
            note(w, "widened to %g:%g (the rounded range was empty)", wl, wh);
            lo = wl;
            hi = wh;
        }
    }
    if (!(lo < hi)) {
        skip(w, "no range inside the key's domain");
        return 0;
    }
    w->xlo = lo;
    w->xhi = hi;
    if (w->kind == SK_PARAM)
        return study_param_text(S->base, w->key, lo, w->origin, w->low, e) < 0 ||
                       study_param_text(S->base, w->key, hi, w->origin, w->high, e) < 0
                   ? -1 : 0;
    fmt_num(w->low, sizeof w->low, lo);
    fmt_num(w->high, sizeof w->high, hi);
    return 0;
}

/* A distribution scaled as a whole by the factors of its range. */
static int dist_range(sens *S, srow *w, os_error *e)
{
    double lo = 1 - S->rel, hi = 1 + S->rel;
    int given = range_of(S, w->key, &lo, &hi, e);
    if (given < 0)
        return -1;
    if (given) {
        w->origin = "--range";
        if (!(lo > 0))
            return err_set(e, OS_ERR_INPUT, "--range", 0, w->key,
                           "a distribution is scaled by factors LO:HI, which must be "
                           "positive, not %g", lo);
    }
    if (!strncmp(w->base, "empirical", 9)) {
        skip(w, "an empirical distribution has no scale parameter to multiply: not varied");
        return 0;
    }
    dist d, dl, dh;
    char why[300];
    if (dist_parse(w->base, NULL, &d, why, sizeof why) != 0)
        return err_set(e, OS_ERR_INPUT, w->origin, 0, w->key, "%s", why);
    bool zero = dist_quantile(&d, 0.999) == 0;
    int rc = 0;
    if (zero) {
        skip(w, "base is 0 everywhere: scaling it changes nothing (give a parameter with "
                "--range KEY.PARAM=LO:HI, or --set)");
    } else if (dist_scale(&d, lo, &dl, why, sizeof why) != 0) {
        rc = err_set(e, OS_ERR_INPUT, w->origin, 0, w->key, "scaled by %g: %s", lo, why);
    } else {
        dist_format(&dl, w->low, sizeof w->low);
        dist_free(&dl);
        if (dist_scale(&d, hi, &dh, why, sizeof why) != 0) {
            rc = err_set(e, OS_ERR_INPUT, w->origin, 0, w->key, "scaled by %g: %s", hi, why);
        } else {
            dist_format(&dh, w->high, sizeof w->high);
            dist_free(&dh);
        }
    }
    dist_free(&d);
    w->xlo = lo;
    w->xbase = 1;
    w->xhi = hi;
    return rc;
}

/* A key as named (--keys, --range) or listed (--all): its kind, base and
 * range; unknown keys are refused.  readers: the models that may read it. */
static int prepare_key(sens *S, srow *w, uint32_t *readers, os_error *e)
{
    const scenario *base = S->base;
    scn_keykind kk = scn_key_kind(w->key);
    char dkey[SCN_KEY_TEXT + SCN_NAME];
    const char *param = NULL;
    if (kk == SCN_KEY_UNKNOWN) {
        /* a parameter of a distribution: "<dist key>.<param>" */
        const char *dot = strrchr(w->key, '.');
        if (dot) {
            snprintf(dkey, sizeof dkey, "%.*s", (int)(dot - w->key), w->key);
            if (scn_key_kind(dkey) == SCN_KEY_DIST) {
                param = dot + 1;
                kk = SCN_KEY_DIST;
            }
        }
    } else {
        snprintf(dkey, sizeof dkey, "%s", w->key);
    }
    if (kk == SCN_KEY_UNKNOWN)
        return err_set(e, OS_ERR_INPUT, w->origin, 0, w->key,
                       "no such key (section.NAME.key, or a distribution's parameter "
                       "section.NAME.key.param; see ownsim keys)");
    if (kk == SCN_KEY_OTHER)
        return err_set(e, OS_ERR_INPUT, w->origin, 0, w->key,
                       "sensitivity needs a number, a whole number or a distribution");
    if (!strncmp(dkey, "simulation.", 11))
        return err_set(e, OS_ERR_INPUT, w->origin, 0, w->key,
                       "[simulation] keys are run settings, not assumptions");
    if (scn_get(base, dkey, w->base, sizeof w->base) < 0 ||
        scn_key_readers(base, dkey, readers) < 0)
        return err_set(e, OS_ERR_INPUT, w->origin, 0, w->key, "the scenario %s has no %s",
                       base->path, dkey);
    if (param) {
        w->kind = SK_PARAM;
        snprintf(w->ovkey, sizeof w->ovkey, "%s", dkey);
        double x;
        if (study_param_value(w->base, param, &x) < 0)
            return err_set(e, OS_ERR_INPUT, w->origin, 0, w->key,
                           "%s is %s in the scenario: it has no parameter '%s'", dkey,
                           w->base, param);
        w->xbase = x;
        fmt_num(w->base, sizeof w->base, x);
        return number_range(S, w, -INFINITY, INFINITY, e);
    }
    if (kk == SCN_KEY_DIST) {
        w->kind = SK_DIST;
        return dist_range(S, w, e);
    }
    w->kind = kk == SCN_KEY_INTEGER ? SK_INTEGER : SK_NUMBER;
    double min, max;
    if (scn_key_domain(w->key, &min, &max) < 0 || num_parse_str(w->base, &w->xbase) != NUM_OK)
        return err_set(e, OS_ERR_INPUT, w->origin, 0, w->key, "not a number: %s", w->base);
    return number_range(S, w, min, max, e);
}

/* The rows: the named keys (and --range keys not among them), or every
 * number and distribution; skipped ones marked. */
static int list_keys(sens *S, os_error *e)
{
    const sens_opts *o = S->o;
    uint32_t ab = (1u << S->a) | (1u << S->b);
    uint32_t readers = 0;
    if (o->all) {
        scn_numkey *keys;
        int n;
        if (scn_numeric_keys(S->base, &keys, &n) < 0)
            return oom(e);
        int rc = 0;
        for (int i = 0; i < n && rc == 0; i++) {
            srow *w = new_row(S, keys[i].key, "--all", e);
            if (!w) {
                rc = -1;
            } else if (!(keys[i].readers & ab)) {
                w->kind = keys[i].kind == SCN_KEY_DIST ? SK_DIST
                          : keys[i].kind == SCN_KEY_INTEGER ? SK_INTEGER : SK_NUMBER;
                scn_get(S->base, w->key, w->base, sizeof w->base);
                char why[200];
                snprintf(why, sizeof why, "neither %s nor %s reads it",
                         S->base->model[S->a].name, S->base->model[S->b].name);
                skip(w, why);
                double lo, hi;   /* a --range on it is still matched */
                if (range_of(S, w->key, &lo, &hi, e) < 0)
                    rc = -1;
            } else {
                rc = prepare_key(S, w, &readers, e);
            }
        }
        free(keys);
        if (rc < 0)
            return -1;
    } else {
        const char *p = o->keys ? o->keys : "";
        while (*p) {
            size_t n = strcspn(p, ",");
            char key[SCN_KEY_TEXT + SCN_NAME];
            const char *b = p, *end = p + n;
            while (b < end && (*b == ' ' || *b == '\t'))
                b++;
            while (end > b && (end[-1] == ' ' || end[-1] == '\t'))
                end--;
            if (end == b || (size_t)(end - b) >= sizeof key)
                return err_set(e, OS_ERR_INPUT, "--keys", 0, o->keys,
                               end == b ? "an empty key in the list"
                                        : "a key longer than any scenario key");
            snprintf(key, sizeof key, "%.*s", (int)(end - b), b);
            for (int i = 0; i < S->r->n; i++)
                if (!strcmp(S->r->rows[i].key, key))
                    return err_set(e, OS_ERR_INPUT, "--keys", 0, key, "named twice");
            srow *w = new_row(S, key, "--keys", e);
            if (!w || prepare_key(S, w, &readers, e) < 0)
                return -1;
            p += n + (p[n] == ',');
        }
    }
    /* a --range on a key not listed: that key too (with --all, an error:
     * every key it could name is listed) */
    for (int i = 0; i < o->nranges; i++) {
        if (S->range_used[i])
            continue;
        char key[SCN_KEY_TEXT + SCN_NAME];
        double lo, hi;
        if (parse_range(o->ranges[i], key, sizeof key, &lo, &hi, e) < 0)
            return -1;
        if (o->all)
            return err_set(e, OS_ERR_INPUT, "--range", 0, key,
                           "--all does not list this key (a number or distribution of "
                           "the scenario outside [simulation])");
        srow *w = new_row(S, key, "--range", e);
        if (!w || prepare_key(S, w, &readers, e) < 0)
            return -1;
    }
    if (S->r->n == 0)
        return err_set(e, OS_ERR_INPUT, "--keys", 0, "", "no keys to analyse");
    return 0;
}

/* ---- step 2: the points ---- */

/* Point p: 0 the base, 1 + 2k and 2 + 2k run key k's low and high. */
static scenario *derive(sens *S, const srow *const *run, int p, os_error *e)
{
    if (p == 0)
        return run_derive(S->o->run, NULL, 0, e);
    const srow *w = run[(p - 1) / 2];
    scn_override ov = {w->ovkey, (p - 1) % 2 ? w->high : w->low, w->origin};
    return run_derive(S->o->run, &ov, 1, e);
}

/* A's, B's and D's intervals at each point, into pa, pb, pd (npts each). */
static int run_points(sens *S, const srow *const *run, int npts, ci *pa, ci *pb, ci *pd,
                      os_error *e)
{
    const metric *m = S->met.m;
    scenario *pts[CHUNK] = {NULL};
    point_result res[CHUNK];
    double *x = malloc(METRIC_SCRATCH(S->base->reps) * sizeof *x);
    if (!x)
        return oom(e);
    point_opts po = {.jobs = S->o->jobs, .models = (1u << S->a) | (1u << S->b),
                     .rep_quantiles = metric_needs_rep_quantiles(m)};
    double t0 = now_s();
    int rc = 0;
    for (int p0 = 0; p0 < npts && rc == 0; p0 += CHUNK) {
        int n = npts - p0 < CHUNK ? npts - p0 : CHUNK;
        for (int i = 0; i < n && rc == 0; i++) {
            if (!(pts[i] = derive(S, run, p0 + i, e)))
                rc = -1;
            else if (S->o->prov && prov_add_scenario(S->o->prov, pts[i], e) < 0)
                rc = -1;
        }
        po.list = rc == 0 ? run_list(S->o->run, pts[0]) : NULL;
        if (rc == 0 && point_run_batch((const scenario *const *)pts, n, &po, res, e) < 0)
            rc = -1;
        for (int i = 0; i < n && rc == 0; i++) {
            metric_src sa = point_src(pts[i], &res[i], S->a, S->met.sev);
            metric_src sb = point_src(pts[i], &res[i], S->b, S->met.sev);
            if (metric_per_rep(m)) {
                pa[p0 + i] = metric_ci(m, &sa, x);
                pb[p0 + i] = metric_ci(m, &sb, x);
            } else {
                double va = metric_value(m, &sa, x), vb = metric_value(m, &sb, x);
                pa[p0 + i] = (ci){va, NAN, NAN, NAN};
                pb[p0 + i] = (ci){vb, NAN, NAN, NAN};
            }
            pd[p0 + i] = metric_diff(m, &sa, &sb, x);
        }
        if (rc == 0)
            for (int i = 0; i < n; i++)
                point_free(&res[i]);
        for (int i = 0; i < n; i++) {
            scn_destroy(pts[i]);
            pts[i] = NULL;
        }
        if (rc == 0 && S->o->progress) {
            os_progress pr = {.kind = OS_PROGRESS_POINTS, .done = p0 + n, .total = npts,
                              .elapsed = now_s() - t0};
            S->o->progress(S->o->progress_ctx, &pr);
        }
    }
    free(x);
    return rc;
}

/* ---- step 3: swings, flips, crossings, ranking ---- */

/* The crossing of a flipping row, by the break-even search on the part of
 * its range where D's sign changes. */
static int crossing(sens *S, srow *w, os_error *e)
{
    if (w->kind == SK_DIST)
        return 0;   /* no one number to search: left empty (sensitivity.h) */
    int s0 = sign(w->d[0].mean), s1 = sign(w->d[1].mean), s2 = sign(w->d[2].mean);
    double lo = w->xlo, hi = w->xhi;
    if (s0 * s1 < 0)
        hi = w->xbase;
    else if (s1 * s2 < 0)
        lo = w->xbase;
    char mtext[METRIC_SPEC_NAME];
    metric_spec_format(&S->met, S->base, mtext, sizeof mtext);
    be_opts bo = {.run = S->o->run, .key = w->key, .lo = lo, .hi = hi,
                  .model = S->base->model[S->a].name,
                  .baseline = S->base->model[S->b].name, .metric = mtext,
                  .jobs = S->o->jobs};
    be_result br;
    if (be_run(&bo, &br, e) < 0)
        return -1;
    if (br.crosses) {
        w->cross = br.value;
        w->cross_lo = br.value_lo;
        w->cross_hi = br.value_hi;
        w->cross_lo_open = br.lo_open;
        w->cross_hi_open = br.hi_open;
    }
    return 0;
}

static int by_swing(const void *pa, const void *pb)
{
    const srow *a = pa, *b = pb;
    if (a->run != b->run)
        return a->run ? -1 : 1;
    bool na = isnan(a->swing), nb = isnan(b->swing);
    if (a->run && na != nb)
        return na ? 1 : -1;
    if (a->run && !na && a->swing != b->swing)
        return a->swing > b->swing ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order);
}

/* The models and the metric, into S and its result.  0, or -1 with e. */
static int setup(sens *S, os_error *e)
{
    const sens_opts *o = S->o;
    const scenario *base = S->base;
    if (!(S->rel > 0 && S->rel < 1))
        return err_set(e, OS_ERR_INPUT, "--rel", 0, "", "the relative range must be above 0 "
                       "and below 1, not %g", S->rel);
    if (metric_spec_parse(o->metric ? o->metric : "ttr_mean", base, "--metric", &S->met,
                          e) < 0 ||
        scn_model_lookup(base, o->model, "--model", &S->a, e) < 0)
        return -1;
    S->b = base->baseline;
    if (o->baseline && scn_model_lookup(base, o->baseline, "--baseline", &S->b, e) < 0)
        return -1;
    if (S->a == S->b)
        return err_set(e, OS_ERR_INPUT, "--model", 0, o->model,
                       "the model and the baseline are the same: give --baseline");
    snprintf(S->r->model, sizeof S->r->model, "%s", base->model[S->a].name);
    snprintf(S->r->baseline, sizeof S->r->baseline, "%s", base->model[S->b].name);
    metric_spec_format(&S->met, base, S->r->metric, sizeof S->r->metric);
    S->r->reps = base->reps;
    return 0;
}

/* Row w (the k-th run) from the points' intervals: its A, B and D at low,
 * base and high, swing and flip, and the crossing when it flips. */
static int fill_row(sens *S, srow *w, int k, const ci *pa, const ci *pb, const ci *pd,
                    os_error *e)
{
    int at[3] = {1 + 2 * k, 0, 2 + 2 * k};
    double lo = INFINITY, hi = -INFINITY;
    bool pos = false, neg = false;
    for (int j = 0; j < 3; j++) {
        w->a[j] = pa[at[j]];
        w->b[j] = pb[at[j]];
        w->d[j] = pd[at[j]];
        lo = fmin(lo, w->d[j].mean);
        hi = fmax(hi, w->d[j].mean);
        pos |= w->d[j].mean > 0;
        neg |= w->d[j].mean < 0;
    }
    bool defined = !isnan(w->d[0].mean) && !isnan(w->d[1].mean) && !isnan(w->d[2].mean);
    w->swing = defined ? hi - lo : NAN;
    w->flips = defined && pos && neg;
    return w->flips ? crossing(S, w, e) : 0;
}

/* Steps 2 and 3 on the prepared rows. */
static int analyse(sens *S, os_error *e)
{
    srow **run = malloc((size_t)S->r->n * sizeof *run);
    ci *pa = NULL, *pb = NULL, *pd = NULL;
    int rc = -1, nrun = 0;
    if (!run)
        return oom(e);
    for (int i = 0; i < S->r->n; i++)
        if (S->r->rows[i].run)
            run[nrun++] = &S->r->rows[i];
    int npts = 1 + 2 * nrun;
    /* every point derives before any runs: a bad value is reported first */
    for (int p = 1; p < npts; p++) {
        scenario *s = derive(S, (const srow *const *)run, p, e);
        if (!s)
            goto done;
        scn_destroy(s);
    }
    if (!(pa = malloc((size_t)npts * sizeof *pa)) || !(pb = malloc((size_t)npts * sizeof *pb)) ||
        !(pd = malloc((size_t)npts * sizeof *pd))) {
        oom(e);
        goto done;
    }
    if (run_points(S, (const srow *const *)run, npts, pa, pb, pd, e) < 0)
        goto done;
    S->r->points = npts;
    for (int k = 0; k < nrun; k++)
        if (fill_row(S, run[k], k, pa, pb, pd, e) < 0)
            goto done;
    qsort(S->r->rows, (size_t)S->r->n, sizeof *S->r->rows, by_swing);
    rc = 0;
done:
    free(run);
    free(pa);
    free(pb);
    free(pd);
    return rc;
}

sens_result *sens_run(const sens_opts *o, os_error *e)
{
    sens S = {.o = o, .base = run_base(o->run), .rel = o->rel > 0 ? o->rel : DEFAULT_REL};
    if (!(S.r = calloc(1, sizeof *S.r)) ||
        !(S.range_used = calloc((size_t)o->nranges + 1, sizeof *S.range_used))) {
        free(S.r);
        oom(e);
        return NULL;
    }
    int rc = setup(&S, e) < 0 || list_keys(&S, e) < 0 || analyse(&S, e) < 0 ? -1 : 0;
    free(S.range_used);
    if (rc < 0) {
        sens_free(S.r);
        return NULL;
    }
    return S.r;
}

void sens_free(sens_result *r)
{
    if (!r)
        return;
    free(r->rows);
    free(r);
}

/* ---- output ---- */

static void put_ci(csvw *w, const ci *c)
{
    csvw_num(w, c->mean, 6);
    csvw_num(w, c->lo, 6);
    csvw_num(w, c->hi, 6);
}

int sens_write(const sens_opts *o, const sens_result *r, const char *dir, os_error *e)
{
    csvw *w = csvw_open_in(dir, "sensitivity.csv", e);
    if (!w)
        return -1;
    static const char *const head[] = {"rank", "key", "kind", "status", "model", "baseline",
        "metric", "base", "low", "high", "adjusted",
        "a_low", "a_low_lo", "a_low_hi", "a_base", "a_base_lo", "a_base_hi",
        "a_high", "a_high_lo", "a_high_hi",
        "b_low", "b_low_lo", "b_low_hi", "b_base", "b_base_lo", "b_base_hi",
        "b_high", "b_high_lo", "b_high_hi",
        "diff_low", "diff_low_lo", "diff_low_hi", "diff_base", "diff_base_lo",
        "diff_base_hi", "diff_high", "diff_high_lo", "diff_high_hi",
        "swing", "flips", "crossing", "crossing_lo", "crossing_hi", "crossing_lo_open",
        "crossing_hi_open", "reason"};
    csvw_row(w, head, sizeof head / sizeof *head);
    for (int i = 0; i < r->n; i++) {
        const srow *s = &r->rows[i];
        csvw_int(w, i + 1);
        csvw_str(w, s->key);
        csvw_str(w, kind_name[s->kind]);
        csvw_str(w, s->run ? "run" : "skipped");
        csvw_str(w, r->model);
        csvw_str(w, r->baseline);
        csvw_str(w, r->metric);
        csvw_str(w, s->base);
        if (!s->run) {
            csvw_str(w, "");
            csvw_str(w, "");
        } else if (s->kind == SK_PARAM) {   /* the parameter, not the whole text */
            csvw_num(w, s->xlo, 15);
            csvw_num(w, s->xhi, 15);
        } else {
            csvw_str(w, s->low);
            csvw_str(w, s->high);
        }
        csvw_str(w, s->adjusted);
        static const ci none = {NAN, NAN, NAN, NAN};
        for (int j = 0; j < 3; j++)
            put_ci(w, s->run ? &s->a[j] : &none);
        for (int j = 0; j < 3; j++)
            put_ci(w, s->run ? &s->b[j] : &none);
        for (int j = 0; j < 3; j++)
            put_ci(w, s->run ? &s->d[j] : &none);
        csvw_num(w, s->swing, 6);
        if (s->run)
            csvw_int(w, s->flips);
        else
            csvw_str(w, "");
        csvw_num(w, s->cross, 6);
        csvw_num(w, s->cross_lo, 6);
        csvw_num(w, s->cross_hi, 6);
        if (isnan(s->cross)) {
            csvw_str(w, "");
            csvw_str(w, "");
        } else {
            csvw_int(w, s->cross_lo_open);
            csvw_int(w, s->cross_hi_open);
        }
        csvw_str(w, s->reason);
        csvw_end(w);
    }
    int rc = csvw_commit(w, e);
    const scenario *base = run_base(o->run);
    if (rc == 0)
        rc = report_scenario(base, dir, e);
    if (rc == 0 && o->prov)
        rc = prov_add_scenario(o->prov, base, e);
    return rc;
}

void sens_print(const sens_result *r, FILE *f)
{
    int run = 0, flips = 0;
    for (int i = 0; i < r->n; i++) {
        run += r->rows[i].run;
        flips += r->rows[i].flips;
    }
    fprintf(f, "sensitivity: %s minus %s on %s, %d key%s moved one at a time (%d points x "
               "%d replications), %d skipped, %d flip%s\n",
            r->model, r->baseline, r->metric, run, run == 1 ? "" : "s", r->points, r->reps,
            r->n - run, flips, flips == 1 ? "" : "s");
    fprintf(f, "%-48s %12s %12s %12s %12s\n", "key (low .. high)", "diff low", "diff base",
            "diff high", "swing");
    for (int i = 0, shown = 0; i < r->n && shown < 15; i++) {
        const srow *s = &r->rows[i];
        if (!s->run)
            continue;
        shown++;
        fprintf(f, "%-48s %+12.4g %+12.4g %+12.4g %12.4g", s->key, s->d[0].mean,
                s->d[1].mean, s->d[2].mean, s->swing);
        if (s->flips && !isnan(s->cross))
            fprintf(f, "  flips at %.4g", s->cross);
        else if (s->flips)
            fprintf(f, "  flips");
        fprintf(f, "\n");
    }
}

int sens_rows(const sens_result *r)
{
    return r->n;
}

const char *sens_key(const sens_result *r, int i)
{
    return r->rows[i].key;
}

bool sens_ran(const sens_result *r, int i)
{
    return r->rows[i].run;
}

double sens_swing(const sens_result *r, int i)
{
    return r->rows[i].swing;
}

double sens_diff(const sens_result *r, int i, int which)
{
    return r->rows[i].d[which].mean;
}

bool sens_flips(const sens_result *r, int i)
{
    return r->rows[i].flips;
}

double sens_crossing(const sens_result *r, int i, double *lo, double *hi)
{
    if (lo)
        *lo = r->rows[i].cross_lo;
    if (hi)
        *hi = r->rows[i].cross_hi;
    return r->rows[i].cross;
}
