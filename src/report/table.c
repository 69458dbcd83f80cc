/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * table.c — the comparison table printed on stdout: one row per model, in
 * minutes, with the 95% CI of the mean TTR and the paired difference of
 * the mean TTR against the baseline (which is what a decision should rest
 * on).  docs/output.md shows it.
 *
 * Layout.  A title line, a one-line legend, a header row, one row per
 * model.  Every header is the CSV column the cell comes from (models.csv,
 * paired.csv), or, for an interval, "[95% CI]" of the column before it;
 * the legend says what the abbreviations stand for.  Cells are formatted
 * first, then each column is as wide as its widest cell or header, with
 * two blanks between columns: numbers right-aligned, names and intervals
 * left-aligned.
 *
 * Width.  By default the table has the columns a decision needs (mean
 * TTR and its CI, p90, SLA breaches, the difference with its CI) and fits
 * TABLE_WIDTH (100) columns: the model column is at most as wide as the
 * room the other columns leave, and a longer model name is printed whole
 * on a line of its own, its values on the next line under their headers
 * (never cut: two long names may differ only at the end).  A title longer
 * than TABLE_WIDTH breaks after the scenario name.  The numbers fit while
 * times stay below 10^6 minutes; beyond that a row is as wide as it needs.
 * --wide (report_table_wide) adds the mean of every stage, and never wraps.
 */
#include "ownsim/report.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/summary.h"

#define TABLE_WIDTH 100   /* columns of the default table */
#define CELL 48           /* bytes of a formatted cell */
#define MAX_COLS 16       /* columns after the model's */
#define GAP 2             /* blanks between columns */

/* The columns after the model's, in order, with their cells. */
typedef struct grid {
    int ncol;                             /* columns */
    const char *head[MAX_COLS];           /* header of each (static text) */
    bool left[MAX_COLS];                  /* left-aligned (an interval) */
    int width[MAX_COLS];                  /* widest cell or header */
    char cell[SCN_MAX_MODELS][MAX_COLS][CELL]; /* [model][column] */
} grid;

static const char LEGEND[] =
    "Minutes. ttr: time to resolution; p90: 90th percentile; _diff: minus the baseline, "
    "paired by rep.";

static int add_col(grid *g, const char *head, bool left)
{
    g->head[g->ncol] = head;
    g->left[g->ncol] = left;
    g->width[g->ncol] = (int)strlen(head);
    return g->ncol++;
}

/* Record the width of a cell just written. */
static void widen(grid *g, int m, int col)
{
    int w = (int)strlen(g->cell[m][col]);
    if (w > g->width[col])
        g->width[col] = w;
}

static void put_num(grid *g, int m, int col, const char *fmt, double v)
{
    snprintf(g->cell[m][col], CELL, fmt, v);
    widen(g, m, col);
}

/* "[lo, hi]", after "+mean " when diff; an interval that is not defined
 * (too few replications) says so rather than showing a number. */
static void put_ci(grid *g, int m, int col, ci v, bool diff)
{
    char *cell = g->cell[m][col];
    int at = diff ? snprintf(cell, CELL, "%+.1f ", v.mean) : 0;
    if (!isfinite(v.lo) || !isfinite(v.hi))
        snprintf(cell + at, CELL - (size_t)at, "[undefined]");
    else
        snprintf(cell + at, CELL - (size_t)at, diff ? "[%+.1f, %+.1f]" : "[%.1f, %.1f]",
                 v.lo, v.hi);
    widen(g, m, col);
}

/* Every cell of every model. */
static void fill(grid *g, const scenario *s, const point_result *r, bool wide, double *x)
{
    const metric *ttr = metric_find("ttr_mean"), *p90 = metric_find("ttr_p90"),
                 *sla = metric_find("sla_breach_pct");
    int c_mean = add_col(g, metric_name(ttr), false), c_ci = add_col(g, "[95% CI]", true);
    int c_p90 = add_col(g, metric_name(p90), false), c_stage = g->ncol;
    int nstage = inc_stage_count(scn_has_vendors(s));
    if (wide)
        for (int st = 0; st < nstage; st++)
            add_col(g, metric_name(metric_stage((inc_stage)st)), false);
    int c_sla = add_col(g, metric_name(sla), false);
    int c_diff = add_col(g, "ttr_mean_diff [95% CI]", true);
    metric_src base = point_src(s, r, s->baseline, -1);
    for (int m = 0; m < s->nmodel; m++) {
        metric_src src = point_src(s, r, m, -1);
        ci t = metric_ci(ttr, &src, x);
        put_num(g, m, c_mean, "%.1f", t.mean);
        put_ci(g, m, c_ci, t, false);
        put_num(g, m, c_p90, "%.1f", metric_value(p90, &src, x));
        for (int st = 0; wide && st < nstage; st++)
            put_num(g, m, c_stage + st, "%.1f",
                    metric_value(metric_stage((inc_stage)st), &src, x));
        put_num(g, m, c_sla, "%.2f", metric_value(sla, &src, x));
        if (m == s->baseline) {
            snprintf(g->cell[m][c_diff], CELL, "(baseline)");
            widen(g, m, c_diff);
        } else {
            put_ci(g, m, c_diff, metric_paired(ttr, &src, &base, x), true);
        }
    }
}

/* The cells after the model column: the headers (m < 0) or model m's, the
 * last one unpadded. */
static void row(const grid *g, int m, FILE *f)
{
    for (int c = 0; c < g->ncol; c++) {
        const char *text = m < 0 ? g->head[c] : g->cell[m][c];
        bool last = c == g->ncol - 1;
        if (g->left[c])
            fprintf(f, "%*s%-*s", GAP, "", last ? 0 : g->width[c], text);
        else
            fprintf(f, "%*s%*s", GAP, "", g->width[c], text);
    }
    fputc('\n', f);
}

/* Columns a UTF-8 label takes on a terminal: one per code point (bytes
 * that do not continue a sequence).  Wide (CJK) and combining characters
 * are not told apart: such labels may misalign by a column or two. */
static int text_cols(const char *t)
{
    int n = 0;
    for (; *t; t++)
        n += ((unsigned char)*t & 0xC0) != 0x80;
    return n;
}

static void table(const scenario *s, const point_result *r, bool wide, FILE *f)
{
    double *x = malloc(METRIC_SCRATCH(r->reps) * sizeof *x);
    grid *g = calloc(1, sizeof *g);
    if (!x || !g) {
        free(x);
        free(g);
        return;
    }
    metric_src first = point_src(s, r, 0, -1);
    char title[256];
    snprintf(title, sizeof title, "%d model%s x %d replications x %.0f incidents counted per "
             "model (seed %llu)", s->nmodel, s->nmodel == 1 ? "" : "s", r->reps,
             metric_value(metric_find("incidents"), &first, x), (unsigned long long)s->seed);
    bool split = !wide && strlen(s->name) + 2 + strlen(title) > TABLE_WIDTH;
    fprintf(f, "%s:%s%s\n%s\n\n", s->name, split ? "\n  " : " ", title, LEGEND);
    fill(g, s, r, wide, x);
    /* the model column: as wide as the longest name, within the room left */
    int rest = 0;
    for (int c = 0; c < g->ncol; c++)
        rest += GAP + g->width[c];
    int w = 5;   /* "model" */
    for (int m = 0; m < s->nmodel; m++)
        if (text_cols(s->model[m].label) > w)
            w = text_cols(s->model[m].label);
    if (!wide && w + rest > TABLE_WIDTH)
        w = TABLE_WIDTH - rest > 5 ? TABLE_WIDTH - rest : 5;
    fprintf(f, "%-*s", w, "model");
    row(g, -1, f);
    for (int m = 0; m < s->nmodel; m++) {
        /* the display label (the CSVs keep the name) */
        const char *label = s->model[m].label;
        int cols = text_cols(label);
        if (cols > w)
            fprintf(f, "%s\n%-*s", label, w, "");   /* whole, on a line of its own */
        else
            fprintf(f, "%s%*s", label, w - cols, "");
        row(g, m, f);
    }
    free(g);
    free(x);
}

void report_table(const scenario *s, const point_result *r, FILE *f)
{
    table(s, r, false, f);
}

void report_table_wide(const scenario *s, const point_result *r, FILE *f)
{
    table(s, r, true, f);
}
