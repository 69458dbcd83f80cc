/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sweepchart.c — data for the sweep charts (see plot_int.h): one metric of
 * sweep.csv against the first varied key, one line and CI band per model,
 * and the break-even point of breakeven.csv when it is about that key
 * (sweep); over two axes or more, each model's metric minus the baseline's
 * on a grid of the first two (heatmap).  The other axes are held at their
 * first value, or --slice KEY=VALUE holds one at VALUE (a number matches
 * any spelling of it).
 *
 * sweep.csv is read twice: once for the header and first row (which give
 * the varied keys — the columns between `point` and `model` — and, because
 * the last axis varies fastest, every axis's first value), then for the few
 * columns drawn, keeping only the rows where the other axes are at their
 * first value.  Memory is therefore the rows drawn, not the whole grid.
 * Invariants: models are numbered by first appearance in sweep.csv (the
 * scenario's order, as in models.csv), which picks their colour; the data
 * file holds numbers only, one block per model, sorted by x when the key is
 * numeric; a key whose values are not all numbers (a distribution) is drawn
 * on a categorical axis in the order the values were given.
 */
#include "plot_int.h"
#include "ownsim/metric.h"
#include "ownsim/number.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Row filter: the models chosen (the model is kept column 1), the other
 * axes at the values held (their first, or --slice's). */
typedef struct keep_ctx {
    size_t first;          /* kept column of the first axis held */
    size_t n;              /* number of axes held */
    const char *const *want; /* their values */
    const char *models;    /* --models, NULL = all */
    size_t model;          /* kept column of the model */
} keep_ctx;

/* 1 when a cell is the value wanted: the same text, or the same number
 * (--slice x=0.10 finds 0.1) */
static int same_value(const char *cell, const char *want)
{
    double a, b;
    return !strcmp(cell, want) || (num_parse_str(cell, &a) == NUM_OK &&
                                   num_parse_str(want, &b) == NUM_OK && a == b);
}

static int keep_first(void *vctx, char *const *cells)
{
    const keep_ctx *k = vctx;
    if (!plot_keeps(k->models, cells[k->model]))
        return 0;
    for (size_t i = 0; i < k->n; i++)
        if (!same_value(cells[k->first + i], k->want[i]))
            return 0;
    return 1;
}

/* One point of one model's curve. */
typedef struct spoint {
    double x;     /* the key's value, or its category's index */
    double y;     /* the metric */
    double lo;    /* its CI, NaN without one */
    double hi;
} spoint;

static int by_x(const void *a, const void *b)
{
    double x = ((const spoint *)a)->x, y = ((const spoint *)b)->x;
    return (x > y) - (x < y);
}

/* A break-even point from breakeven.csv. */
typedef struct bep {
    int show;            /* 1: draw it */
    int outside;         /* 1: it crosses outside the plotted range */
    double v, lo, hi;    /* crossing and its 95% CI */
    char text[1024];     /* header line saying what crosses where */
} bep;

/* The break-even of dir/breakeven.csv when it is about key and crosses:
 * b->show set to 1 and the values filled.  A missing file is no break-even;
 * a malformed one is an error.  0 or -1 with e set. */
static int read_breakeven(const char *dir, const char *key, const plabels *lab, bep *b,
                          os_error *e)
{
    static const char *const cols[] = {"key", "model", "baseline", "metric",
                                       "crosses", "value", "value_lo",
                                       "value_hi"};
    memset(b, 0, sizeof *b);
    char path[4096];
    if (snprintf(path, sizeof path, "%s/breakeven.csv", dir) >= (int)sizeof path)
        return err_set(e, OS_ERR_INPUT, dir, 0, "", "path too long");
    struct stat sb;
    if (stat(path, &sb) != 0)
        return 0;
    ptable *t;
    if (ptable_load(path, cols, 8, NULL, NULL, 0, &t, e) < 0)
        return -1;
    int rc = 0;
    if (t->nrows && !strcmp(ptable_str(t, 0, 0), key) &&
        !strcmp(ptable_str(t, 0, 4), "1")) {
        if (ptable_num(t, 0, 5, &b->v, e) < 0 ||
            ptable_num(t, 0, 6, &b->lo, e) < 0 ||
            ptable_num(t, 0, 7, &b->hi, e) < 0)
            rc = -1;
        else if (!isnan(b->v)) {
            b->show = 1;
            snprintf(b->text, sizeof b->text,
                     "break-even on %s: %s = %s at %.4g (95%% CI %.4g to %.4g)",
                     ptable_str(t, 0, 3), plabel(lab, "model", ptable_str(t, 0, 1)),
                     plabel(lab, "model", ptable_str(t, 0, 2)), b->v, b->lo, b->hi);
        }
    }
    ptable_destroy(t);
    return rc;
}

/* Everything the chart needs, freed by sweep_free. */
typedef struct sdata {
    ptable *head;          /* header and first row of sweep.csv */
    size_t naxes;          /* varied keys: the columns between point and model */
    char *const *axes;     /* their names (in head) */
    char *const *first;    /* their values in row 0 (in head) */
    const char **held;     /* the value each axis is held at: first, or
                              --slice's (a pointer into it); held[0] unused
                              by the line chart */
    int band;              /* 1: the metric has _lo and _hi columns */
    ptable *t;             /* the kept rows: key, model, metric, [lo, hi], other axes */
    const char **models;   /* model names, first-appearance order */
    size_t nmodels;        /* their number */
    const char **cats;     /* distinct key values, first-appearance order */
    size_t ncats;          /* their number */
    int numeric;           /* 1: every key value is a number */
    int sliced;            /* 1: --slice chose a held value */
    spoint *pts;           /* nmodels blocks of up to ncats points */
    size_t *npts;          /* points in each block */
    double xmin, xmax;     /* range of the points' x */
} sdata;

static void sweep_free(sdata *s)
{
    ptable_destroy(s->head);
    ptable_destroy(s->t);
    free(s->held);
    free(s->models);
    free(s->cats);
    free(s->pts);
    free(s->npts);
}

/* Index of name in list[0..*n), appended when absent. */
static size_t intern(const char **list, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(list[i], name))
            return i;
    list[*n] = name;
    return (*n)++;
}

/* 1 when s is a number of number.h's grammar (a key value such as 0x10 or
 * inf is a category, like a distribution) */
static int is_number(const char *s, double *x)
{
    return num_parse_str(s, x) == NUM_OK;
}

/* The header and first row: the varied keys and their first values. */
static int read_head(const char *path, sdata *s, os_error *e)
{
    if (ptable_load(path, NULL, 0, NULL, NULL, 1, &s->head, e) < 0)
        return -1;
    int cpoint = ptable_col(s->head, "point"), cmodel = ptable_col(s->head, "model");
    if (cpoint < 0 || cmodel < 0)
        return err_set(e, OS_ERR_INPUT, path, 1, cpoint < 0 ? "point" : "model",
                       "no such column in the header");
    if (cmodel < cpoint + 2)
        return err_set(e, OS_ERR_INPUT, path, 1, "",
                       "no varied key between the point and model columns");
    if (!s->head->nrows)
        return err_set(e, OS_ERR_INPUT, path, 0, "",
                       "no rows (header only): an empty sweep has nothing to draw");
    s->naxes = (size_t)(cmodel - cpoint - 1);
    s->axes = s->head->names + cpoint + 1;
    s->first = s->head->cells + cpoint + 1;   /* row 0 */
    return 0;
}

/* s->held: every axis at its first value, but --slice KEY=VALUE's axis
 * at VALUE.  KEY must be an axis after the first (axes from `from` on: 1
 * for the line chart, 2 for the heatmap). */
static int held_values(const pchart_ctx *c, sdata *s, size_t from, const char *path,
                       os_error *e)
{
    s->held = malloc(s->naxes * sizeof *s->held);
    if (!s->held)
        return err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
    for (size_t i = 0; i < s->naxes; i++)
        s->held[i] = s->first[i];
    const char *eq = c->slice ? strchr(c->slice, '=') : NULL;
    if (!c->slice)
        return 0;
    if (!eq || eq == c->slice)
        return err_set(e, OS_ERR_INPUT, "", 0, "--slice", "'%s' is not KEY=VALUE", c->slice);
    size_t kl = (size_t)(eq - c->slice);
    for (size_t i = 1; i < s->naxes; i++)
        if (strlen(s->axes[i]) == kl && !strncmp(s->axes[i], c->slice, kl)) {
            if (i >= from) {
                s->held[i] = eq + 1;
                s->sliced = 1;
            }
            return 0;
        }
    char axes[1024] = "";
    for (size_t i = 1, len = 0; i < s->naxes && len < sizeof axes; i++)
        len += (size_t)snprintf(axes + len, sizeof axes - len, "%s%s", i > 1 ? ", " : "",
                                s->axes[i]);
    return err_set(e, OS_ERR_INPUT, path, 1, "--slice",
                   s->naxes > 1 ? "'%.*s' is not an axis this sweep holds fixed (%s)"
                                : "'%.*s': this sweep has one axis, nothing to slice%s",
                   (int)kl, c->slice, axes);
}

/* The columns drawn (the first key, model, the metric and its CI when
 * there is one), of the rows whose other axes are at their first value. */
static int read_kept(const char *path, const char *mcol, const char *models, sdata *s,
                     os_error *e)
{
    char lo_col[256], hi_col[256];
    snprintf(lo_col, sizeof lo_col, "%s_lo", mcol);
    snprintf(hi_col, sizeof hi_col, "%s_hi", mcol);
    s->band = ptable_col(s->head, lo_col) >= 0 && ptable_col(s->head, hi_col) >= 0;
    /* kept columns: key, model, metric, [lo, hi], other axes */
    size_t nw = 0, nb = s->band ? 5 : 3;
    const char **want = malloc((nb + s->naxes) * sizeof *want);
    if (!want)
        return err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
    want[nw++] = s->axes[0];
    want[nw++] = "model";
    want[nw++] = mcol;
    if (s->band) {
        want[nw++] = lo_col;
        want[nw++] = hi_col;
    }
    for (size_t i = 1; i < s->naxes; i++)
        want[nw++] = s->axes[i];
    keep_ctx k = {.first = nb, .n = s->naxes - 1, .want = s->held + 1, .models = models,
                  .model = 1};
    int rc = ptable_load(path, want, nw, keep_first, &k, 0, &s->t, e);
    free(want);
    return rc;
}

/* An error when --slice's value matches no row. */
static int some_rows(const pchart_ctx *c, const sdata *s, const char *path, os_error *e)
{
    if (s->t->nrows || !s->sliced)
        return 0;
    return err_set(e, OS_ERR_INPUT, path, 0, "--slice",
                   "no row where %s (the values are those of --vary)", c->slice);
}

/* Each model's points from the kept rows (row_m, row_c: each row's model
 * and key value): the first row of each key value wins.  Some point must
 * have a value. */
static int fill_points(const char *path, const char *mcol, sdata *s, const size_t *row_m,
                       const size_t *row_c, os_error *e)
{
    s->xmin = INFINITY;
    s->xmax = -INFINITY;
    int have_y = 0;   /* 1 once a point has a value */
    for (size_t i = 0; i < s->t->nrows; i++) {
        size_t m = row_m[i];
        if (s->npts[m] == s->ncats)
            continue;   /* a repeated value: the first row wins */
        spoint *p = &s->pts[m * s->ncats + s->npts[m]++];
        if (s->numeric)
            is_number(ptable_str(s->t, i, 0), &p->x);
        else
            p->x = (double)row_c[i];
        p->lo = p->hi = NAN;
        if (ptable_num(s->t, i, 2, &p->y, e) < 0 ||
            (s->band && (ptable_num(s->t, i, 3, &p->lo, e) < 0 ||
                         ptable_num(s->t, i, 4, &p->hi, e) < 0)))
            return -1;
        s->xmin = fmin(s->xmin, p->x);
        s->xmax = fmax(s->xmax, p->x);
        if (!isnan(p->y))
            have_y = 1;
    }
    if (!have_y)
        return err_set(e, OS_ERR_INPUT, path, 0, mcol,
                       "no value in this column for the rows drawn: nothing to draw");
    return 0;
}

/* The kept rows as curves: models and key values numbered by first
 * appearance, the key numeric or categorical, then fill_points. */
static int collect_points(const char *path, const char *mcol, sdata *s, os_error *e)
{
    size_t n = s->t->nrows;
    s->models = malloc((n ? n : 1) * sizeof *s->models);
    s->cats = malloc((n ? n : 1) * sizeof *s->cats);
    s->pts = malloc((n ? n : 1) * sizeof *s->pts);
    s->npts = calloc(n ? n : 1, sizeof *s->npts);
    size_t *row_m = malloc((n ? n : 1) * sizeof *row_m);
    size_t *row_c = malloc((n ? n : 1) * sizeof *row_c);
    int rc = -1;
    if (!s->models || !s->cats || !s->pts || !s->npts || !row_m || !row_c) {
        err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
        goto done;
    }
    s->numeric = 1;
    for (size_t i = 0; i < n; i++) {
        double x;
        row_m[i] = intern(s->models, &s->nmodels, ptable_str(s->t, i, 1));
        row_c[i] = intern(s->cats, &s->ncats, ptable_str(s->t, i, 0));
        if (!is_number(ptable_str(s->t, i, 0), &x))
            s->numeric = 0;
    }
    /* block m holds model m's points, at most ncats of them */
    free(s->pts);
    size_t cells = s->nmodels * s->ncats;
    s->pts = malloc((cells ? cells : 1) * sizeof *s->pts);
    if (!s->pts) {
        err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
        goto done;
    }
    rc = fill_points(path, mcol, s, row_m, row_c, e);
done:
    free(row_m);
    free(row_c);
    return rc;
}

/* The data file, dpath in the private folder: one block per model of x, y,
 * lo, hi, sorted by x when the key is numeric. */
static int write_data(const pchart_ctx *c, sdata *s, char *dpath, size_t n, os_error *e)
{
    FILE *d = gp_open(c->tmp, "sweep.tsv", dpath, n, e);
    if (!d)
        return -1;
    for (size_t m = 0; m < s->nmodels; m++) {
        spoint *p = &s->pts[m * s->ncats];
        if (s->numeric)
            qsort(p, s->npts[m], sizeof *p, by_x);
        for (size_t j = 0; j < s->npts[m]; j++) {
            gp_field(d, p[j].x);
            fputc('\t', d);
            gp_field(d, p[j].y);
            fputc('\t', d);
            gp_field(d, p[j].lo);
            fputc('\t', d);
            gp_field(d, p[j].hi);
            fputc('\n', d);
        }
        fputs("\n\n", d);
    }
    return gp_close(d, dpath, e);
}

/* The break-even about the first key, drawn when the key is numeric and
 * it falls within the points' range, else only noted as outside. */
static int place_breakeven(const pchart_ctx *c, const sdata *s, bep *b, os_error *e)
{
    if (read_breakeven(c->be_dir, s->axes[0], c->labels, b, e) < 0)
        return -1;
    if (b->show && !s->numeric)
        b->show = 0;
    if (b->show && (b->v < s->xmin || b->v > s->xmax)) {
        b->show = 0;
        b->outside = 1;
    }
    return 0;
}

/* The header notes, one line each (too long to share one): the axes held
 * fixed, the break-even.  Returns how many, in notes[] (held and beline are
 * their buffers). */
static size_t chart_notes(const sdata *s, const bep *b, char *held, size_t nheld,
                          char *beline, size_t nbeline, const char *notes[2])
{
    size_t nnotes = 0, len = 0;
    for (size_t i = 1; i < s->naxes; i++)
        if (len < nheld)
            len += (size_t)snprintf(held + len, nheld - len, "%s%s = %s",
                                    i == 1 ? (s->sliced ? "drawn where " :
                                              "other axes held at their first value: ")
                                           : ", ",
                                    s->axes[i], s->held[i]);
    if (s->naxes > 1)
        notes[nnotes++] = held;
    if (b->show)
        notes[nnotes++] = b->text;
    else if (b->outside) {
        snprintf(beline, nbeline, "%s; outside the range drawn", b->text);
        notes[nnotes++] = beline;
    }
    return nnotes;
}

/* y_min, y_max: the range of the points and their bands (for the ticks) */
static void put_range(FILE *f, const sdata *s)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t m = 0; m < s->nmodels; m++)
        for (size_t j = 0; j < s->npts[m]; j++) {
            const spoint *p = &s->pts[m * s->ncats + j];
            double v[3] = {p->y, p->lo, p->hi};
            for (int k = 0; k < 3; k++)
                if (!isnan(v[k])) {
                    lo = fmin(lo, v[k]);
                    hi = fmax(hi, v[k]);
                }
        }
    gp_num(f, "y_min", lo <= hi ? lo : 0);
    gp_num(f, "y_max", lo <= hi ? hi : 1);
    gp_num(f, "x_min", s->xmin);
    gp_num(f, "x_max", s->xmax);
}

/* The chart's variables into the driver f. */
static int write_vars(FILE *f, const char *path, const char *mcol, const sdata *s,
                      const bep *b, const char *dpath, const pchart_ctx *c, os_error *e)
{
    /* subtitle: what the line and band are */
    int creps = ptable_col(s->head, "reps");
    char sub[1024];
    snprintf(sub, sizeof sub, "mean over %s replications per point%s",
             creps >= 0 ? ptable_str(s->head, 0, (size_t)creps) : "the",
             s->band ? ", band: 95% confidence interval" : "");
    char held[4096] = "", beline[1100] = "";
    const char *notes[2];
    size_t nnotes = chart_notes(s, b, held, sizeof held, beline, sizeof beline, notes);

    /* axis label and heading from the metric table; another sweep.csv
     * column (ttr_mean_diff, a key) goes by its name */
    const metric *mt = metric_find(mcol);
    const char *label = mt ? metric_axis(mt) : mcol;
    char money[256];
    if (mt && !strcmp(metric_unit(mt), "cost")) {
        /* a money axis is in the scenario's currency */
        snprintf(money, sizeof money, "%s (%s)", metric_name(mt), c->currency);
        label = money;
    }
    char heading[1024];
    snprintf(heading, sizeof heading, "%s against %s", mt ? metric_title(mt) : mcol,
             s->axes[0]);

    const char **colors = malloc(s->nmodels * sizeof *colors);
    const char **labels = malloc(s->nmodels * sizeof *labels);
    if (!colors || !labels) {
        free(colors);
        free(labels);
        return err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
    }
    for (size_t i = 0; i < s->nmodels; i++) {
        colors[i] = plot_model_colors[i % PLOT_NCOLORS];
        labels[i] = plabel(c->labels, "model", s->models[i]);
    }
    fprintf(f, "nmodels = %zu\n", s->nmodels);
    put_range(f, s);
    fprintf(f, "y_money = %d\n", mt && !strcmp(metric_unit(mt), "cost"));
    int bad = gp_strs(f, "model_name", labels, s->nmodels) < 0 ||
              gp_strs(f, "model_color", colors, s->nmodels) < 0 ||
              gp_path(f, "datafile", dpath) < 0 ||
              gp_str(f, "chart_title", heading) < 0 ||
              gp_str(f, "subtitle", sub) < 0 ||
              gp_str(f, "x_label", s->axes[0]) < 0 ||
              gp_str(f, "y_label", label) < 0;
    free(colors);
    free(labels);
    fprintf(f, "numeric_x = %d\nband = %d\nncat = %zu\n", s->numeric, s->band,
            s->ncats);
    if (!s->numeric && gp_strs(f, "cat_name", s->cats, s->ncats) < 0)
        bad = 1;
    fprintf(f, "be_show = %d\nnnotes = %zu\n", b->show, nnotes);
    if (b->show) {
        gp_num(f, "be_value", b->v);
        gp_num(f, "be_lo", isnan(b->lo) ? b->v : fmax(b->lo, s->xmin));
        gp_num(f, "be_hi", isnan(b->hi) ? b->v : fmin(b->hi, s->xmax));
    }
    if (nnotes && gp_strs(f, "note", notes, nnotes) < 0)
        bad = 1;
    if (bad)
        return err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
    return 0;
}

int chart_sweep(const pchart_ctx *c, FILE *f, os_error *e)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/sweep.csv", c->dir) >= (int)sizeof path)
        return err_set(e, OS_ERR_INPUT, c->dir, 0, "", "path too long");
    const char *mcol = c->metric ? c->metric : "ttr_mean";
    sdata s;
    memset(&s, 0, sizeof s);
    char dpath[4096];
    bep b;
    int rc = -1;
    if (read_head(path, &s, e) == 0 && held_values(c, &s, 1, path, e) == 0 &&
        read_kept(path, mcol, c->models, &s, e) == 0 && some_rows(c, &s, path, e) == 0 &&
        collect_points(path, mcol, &s, e) == 0 &&
        write_data(c, &s, dpath, sizeof dpath, e) == 0 && place_breakeven(c, &s, &b, e) == 0)
        rc = write_vars(f, path, mcol, &s, &b, dpath, c, e);
    sweep_free(&s);
    return rc;
}

/* ------------------------------------------------------------ heatmap */

/* The heatmap's cells: axis values numbered by first appearance, one
 * panel per model but the baseline. */
typedef struct hgrid {
    const char **xs, **ys;  /* the values of axes 1 and 2 (cells of s->t) */
    size_t nx, ny;          /* their number */
    size_t base;            /* the baseline's model number */
    double *v;              /* nmodels x nx x ny metric values, NaN = none */
    double amax;            /* largest |difference| */
} hgrid;

/* The rows kept: axes 1 and 2, model, metric, the other axes held. */
static int heat_rows(const char *path, const char *mcol, const char *models, sdata *s,
                     os_error *e)
{
    const char **want = malloc((s->naxes + 2) * sizeof *want);
    if (!want)
        return err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
    size_t nw = 0;
    want[nw++] = s->axes[0];
    want[nw++] = s->axes[1];
    want[nw++] = "model";
    want[nw++] = mcol;
    for (size_t i = 2; i < s->naxes; i++)
        want[nw++] = s->axes[i];
    keep_ctx k = {.first = 4, .n = s->naxes - 2, .want = s->held + 2, .models = models,
                  .model = 2};
    int rc = ptable_load(path, want, nw, keep_first, &k, 0, &s->t, e);
    free(want);
    return rc;
}

/* The grid of values and differences from the kept rows. */
static int heat_grid(const char *path, sdata *s, hgrid *g, os_error *e)
{
    size_t n = s->t->nrows ? s->t->nrows : 1;
    g->xs = malloc(n * sizeof *g->xs);
    g->ys = malloc(n * sizeof *g->ys);
    s->models = malloc(n * sizeof *s->models);
    size_t *rx = malloc(3 * n * sizeof *rx);
    if (!g->xs || !g->ys || !s->models || !rx) {
        free(rx);
        return err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
    }
    for (size_t i = 0; i < s->t->nrows; i++) {
        rx[3 * i] = intern(g->xs, &g->nx, ptable_str(s->t, i, 0));
        rx[3 * i + 1] = intern(g->ys, &g->ny, ptable_str(s->t, i, 1));
        rx[3 * i + 2] = intern(s->models, &s->nmodels, ptable_str(s->t, i, 2));
    }
    size_t cells = s->nmodels * g->nx * g->ny;
    g->v = malloc((cells ? cells : 1) * sizeof *g->v);
    int rc = g->v ? 0 : err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
    for (size_t i = 0; !rc && i < cells; i++)
        g->v[i] = NAN;
    for (size_t i = 0; !rc && i < s->t->nrows; i++) {
        double *cell = &g->v[(rx[3 * i + 2] * g->nx + rx[3 * i]) * g->ny + rx[3 * i + 1]];
        if (isnan(*cell))   /* a repeated point: the first row wins */
            rc = ptable_num(s->t, i, 3, cell, e);
    }
    free(rx);
    /* the baseline: sweep.csv's baseline column, else the first model */
    int cb = ptable_col(s->head, "baseline");
    g->base = 0;
    for (size_t m = 0; cb >= 0 && m < s->nmodels; m++)
        if (!strcmp(s->models[m], ptable_str(s->head, 0, (size_t)cb)))
            g->base = m;
    return rc;
}

/* heat.tsv: one block per panel (model but the baseline): x cell, y cell,
 * metric - baseline's metric. */
static int heat_data(const pchart_ctx *c, const sdata *s, hgrid *g, char *dpath, size_t n,
                     os_error *e)
{
    FILE *d = gp_open(c->tmp, "heat.tsv", dpath, n, e);
    if (!d)
        return -1;
    g->amax = 0;
    for (size_t m = 0; m < s->nmodels; m++) {
        if (m == g->base)
            continue;
        for (size_t x = 0; x < g->nx; x++)
            for (size_t y = 0; y < g->ny; y++) {
                double diff = g->v[(m * g->nx + x) * g->ny + y] -
                              g->v[(g->base * g->nx + x) * g->ny + y];
                fprintf(d, "%zu\t%zu\t", x, y);
                gp_field(d, diff);
                fputc('\n', d);
                if (!isnan(diff))
                    g->amax = fmax(g->amax, fabs(diff));
            }
        fputs("\n\n", d);
    }
    return gp_close(d, dpath, e);
}

/* The heatmap's variables into the driver f. */
static int heat_vars(FILE *f, const pchart_ctx *c, const char *mcol, const sdata *s,
                     const hgrid *g, const char *dpath)
{
    const metric *mt = metric_find(mcol);
    size_t np = s->nmodels - 1, k = 0;
    const char **panel = malloc((np ? np : 1) * sizeof *panel);
    if (!panel)
        return -1;
    for (size_t m = 0; m < s->nmodels; m++)
        if (m != g->base)
            panel[k++] = plabel(c->labels, "model", s->models[m]);
    char heading[1024], sub[1024], held[4096] = "";
    snprintf(heading, sizeof heading, "%s against %s and %s", mt ? metric_title(mt) : mcol,
             s->axes[0], s->axes[1]);
    snprintf(sub, sizeof sub, "each model's %s minus that of %s at every point (the paired "
             "difference of the means; blue: lower)", mcol,
             plabel(c->labels, "model", s->models[g->base]));
    for (size_t i = 2, len = 0; i < s->naxes && len < sizeof held; i++)
        len += (size_t)snprintf(held + len, sizeof held - len, "%s%s = %s",
                                i == 2 ? "other axes held at: " : ", ", s->axes[i],
                                s->held[i]);
    const char *notes[1] = {held};
    fprintf(f, "npanels = %zu\nnx = %zu\nny = %zu\nnnotes = %d\n", np, g->nx, g->ny,
            s->naxes > 2);
    fprintf(f, "y_money = %d\n", mt && !strcmp(metric_unit(mt), "cost"));
    gp_num(f, "cb_max", g->amax > 0 ? g->amax : 1);
    int bad = (np && gp_strs(f, "panel_name", panel, np) < 0) ||
              gp_strs(f, "x_cat", g->xs, g->nx) < 0 || gp_strs(f, "y_cat", g->ys, g->ny) < 0 ||
              gp_path(f, "datafile", dpath) < 0 || gp_str(f, "chart_title", heading) < 0 ||
              gp_str(f, "subtitle", sub) < 0 || gp_str(f, "x_label", s->axes[0]) < 0 ||
              gp_str(f, "y_label", s->axes[1]) < 0 ||
              (s->naxes > 2 && gp_strs(f, "note", notes, 1) < 0);
    free(panel);
    return bad ? -1 : 0;
}

int sweep_naxes(const char *dir, os_error *e)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/sweep.csv", dir) >= (int)sizeof path)
        return err_set(e, OS_ERR_INPUT, dir, 0, "", "path too long");
    sdata s;
    memset(&s, 0, sizeof s);
    int n = read_head(path, &s, e) < 0 ? -1 : (int)s.naxes;
    sweep_free(&s);
    return n;
}

int chart_heatmap(const pchart_ctx *c, FILE *f, os_error *e)
{
    char path[4096], dpath[4096];
    if (snprintf(path, sizeof path, "%s/sweep.csv", c->dir) >= (int)sizeof path)
        return err_set(e, OS_ERR_INPUT, c->dir, 0, "", "path too long");
    const char *mcol = c->metric ? c->metric : "ttr_mean";
    sdata s;
    hgrid g;
    memset(&s, 0, sizeof s);
    memset(&g, 0, sizeof g);
    int rc = -1;
    if (read_head(path, &s, e) == 0 && held_values(c, &s, 2, path, e) == 0 &&
        heat_rows(path, mcol, c->models, &s, e) == 0 && some_rows(c, &s, path, e) == 0 &&
        heat_grid(path, &s, &g, e) == 0 && heat_data(c, &s, &g, dpath, sizeof dpath, e) == 0) {
        rc = heat_vars(f, c, mcol, &s, &g, dpath);
        if (rc < 0)
            err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
    }
    free(g.xs);
    free(g.ys);
    free(g.v);
    sweep_free(&s);
    return rc;
}
