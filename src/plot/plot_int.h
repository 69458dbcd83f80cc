/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plot_int.h — the pieces of the chart module (private to src/plot).
 *
 *   table.c    a results CSV in memory, columns found by name, numbers parsed
 *   gnuplot.c  gnuplot strings and variables, running gnuplot without a shell
 *   labels.c   what things are called: scenario.ini's labels, name, currency,
 *              SLA targets
 *   charts.c   the run charts' data files and variables (stages, ttr, cdf,
 *              sla, cost)
 *   sweepchart.c  the sweep charts' data files and variables (sweep, heatmap)
 *   studychart.c  the charts of a sensitivity folder (tornado) and of an
 *              uncertainty folder (difference, prcc)
 *   plot.c     plot_run: which charts, temporary folder, render, outdir
 *
 * Invariants shared by all: a name or title read from a file or the command
 * line is never written into a gnuplot script except through gp_str() /
 * gp_strs() (single-quoted by plot_quote); the scripts draw names as labels,
 * never as tic labels (gnuplot formats those and cuts them at 50 bytes), and
 * pass the few texts they do make tic labels through tic() of common.gp
 * ('%' doubled); a path only through gp_path() (plot_path: absolute or
 * "./"-prefixed, so never a pipe); the data files that gnuplot reads hold
 * numbers only.  So no input can become gnuplot commands, and no name a
 * format.
 */
#ifndef OWNSIM_PLOT_INT_H
#define OWNSIM_PLOT_INT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>

#include "ownsim/error.h"

/* ------------------------------------------------------------ table.c */

/* Which rows of a CSV to keep: called with the kept columns' cells of a
 * data row (in the order asked for); non-zero keeps the row. */
typedef int (*ptable_keep_fn)(void *ctx, char *const *cells);

typedef struct ptable {
    char *path;         /* the file, for messages */
    size_t ncols;       /* columns kept */
    char **names;       /* their names, owned */
    size_t nrows;       /* data rows kept */
    size_t cap;         /* rows allocated */
    char **cells;       /* nrows x ncols strings, row-major, each owned */
    long *lines;        /* line in the file where each row starts */
} ptable;

/* Read path.  want[0..nwant) names the columns to keep, in that order; a
 * missing one is OS_ERR_INPUT naming the file and the column.  want NULL
 * keeps every column (names from the header).  keep (may be NULL) filters
 * rows; reading stops after max_rows kept rows (0 = no limit).  A missing or
 * unreadable file is OS_ERR_INPUT.  0 with *out set (free with
 * ptable_destroy), or -1 with e set. */
int ptable_load(const char *path, const char *const *want, size_t nwant,
                ptable_keep_fn keep, void *ctx, size_t max_rows,
                ptable **out, os_error *e);
void ptable_destroy(ptable *t);

/* Cell (row, col): never NULL. */
const char *ptable_str(const ptable *t, size_t row, size_t col);
/* Column index of name, or -1. */
int ptable_col(const ptable *t, const char *name);
/* Cell as a number (number.h's grammar): an empty cell is NaN (no value);
 * anything else that is not a decimal number (hex, inf, nan, blanks,
 * overflow) is OS_ERR_INPUT naming the file, line and column. */
int ptable_num(const ptable *t, size_t row, size_t col, double *x,
               os_error *e);

/* ---------------------------------------------------------- gnuplot.c */

/* `name = '<text>'` on its own line, text quoted by plot_quote.  0 or -1
 * (write error or out of memory; the caller checks the stream at the end). */
int gp_str(FILE *f, const char *name, const char *text);
/* `array name[n] = ['a', 'b', ...]`, each item quoted; n >= 1. */
int gp_strs(FILE *f, const char *name, const char *const *items, size_t n);
/* `name = '<path>'` for a file gnuplot opens (set output, load, plot): the
 * path made safe by plot_path, then quoted.  -1 (nothing written) when the
 * path has a control character or memory runs out: plot_run refuses such
 * paths before any is written. */
int gp_path(FILE *f, const char *name, const char *path);
/* `name = <number>` (NaN written as NaN). */
void gp_num(FILE *f, const char *name, double x);
/* A number as a data-file field: %.10g, NaN for no value. */
void gp_field(FILE *f, double x);

/* Create dir/name for writing (a data file or a driver script), a new file
 * (O_EXCL | O_NOFOLLOW: never over something planted there); NULL with e
 * set.  The full path goes to path[n]. */
FILE *gp_open(const char *dir, const char *name, char *path, size_t n,
              os_error *e);
/* Close what gp_open opened, reporting any write error.  0 or -1 with e set. */
int gp_close(FILE *f, const char *path, os_error *e);

/* Register a temporary file or folder of this plot for removal by a signal
 * handler (csvw_track); forget them all at the end of the plot. */
void gp_track(const char *path, bool dir);
void gp_untrack_all(void);

/* Run `program script` without a shell (script passed through plot_path):
 * standard input and output on /dev/null, standard error into errlog, a new file (it must not
 * exist).  0 when it exited 0.  Otherwise -1 with e set (OS_ERR_ENV): "not
 * installed" when it cannot be started or exits 127, else the first error
 * line gnuplot printed, prefixed by what. */
int gp_run(const char *program, const char *script, const char *errlog,
           const char *what, os_error *e);

/* ------------------------------------------- charts.c, sweepchart.c */

/* The layout the C side needs to place text (plots/common.gp has the same
 * rule): the base font is 9 pt of the 510.24 pt wide PDF, the same share of
 * the width in every format; values written on the data are 8 pt; a
 * character is estimated at 0.6 of the font size. */
#define PLOT_EM (9.0 / 510.24)        /* base font size, share of the width */
#define PLOT_EM_SMALL (8.0 / 510.24)  /* small font size, share of the width */
#define PLOT_CHAR 0.6                 /* a character's width, in font sizes */

/* Characters (UTF-8 code points) of s. */
size_t plot_chars(const char *s);

/* The model colours: Okabe-Ito, by position (cycled past 8). */
#define PLOT_NCOLORS 8
extern const char *const plot_model_colors[PLOT_NCOLORS];

/* ----------------------------------------------------------- labels.c */

/* The display labels, name, currency and SLA targets of a results folder's
 * scenario.ini (all optional: an older folder has no labels). */
typedef struct plabels plabels;

/* Read dir/scenario.ini (a missing or unreadable file gives no labels).
 * NULL with e set only when memory runs out. */
plabels *plabels_read(const char *dir, os_error *e);
void plabels_destroy(plabels *l);
/* The `label` of section kind.id ("model", "in_house"), else id itself. */
const char *plabel(const plabels *l, const char *kind, const char *id);
/* simulation.name ("" when none); organisation.currency (else "USD"). */
const char *plabels_name(const plabels *l);
const char *plabels_currency(const plabels *l);
/* What money amounts start with: "$" for USD, "€" for EUR, ..., a code
 * followed by a space for other codes, a sign as given. */
void plabels_money_prefix(const plabels *l, char *buf, size_t n);
/* The SLA targets model is held to for severity sev (minutes; 0 = none;
 * business: 1 when the clocks count business minutes).  0, or -1 when
 * the scenario did not load or does not know them. */
int plabels_sla(const plabels *l, const char *model, const char *sev, double *response,
                double *resolve, int *business);

/* What a chart's preparation needs. */
typedef struct pchart_ctx {
    const char *dir;      /* the results folder */
    const char *tmp;      /* private temporary folder for data files */
    const char *metric;   /* sweep chart's metric column, NULL = ttr_mean */
    const char *be_dir;   /* folder of the breakeven.csv to mark: dir or --breakeven */
    const char *currency; /* organisation.currency of dir/scenario.ini, else "USD":
                             the unit of money axes */
    const char *models;   /* plot_opts.models (checked): draw only these; NULL = all */
    const char *money;    /* what amounts start with ("$", "EUR ") */
    const plabels *labels;/* display labels of the folder's scenario */
    const char *slice;    /* --slice KEY=VALUE, NULL = the first value */
    const char *prefix;   /* the title prefix (--title, else the scenario's name) */
} pchart_ctx;

/* Whether a chart draws the model called name: models is plot_opts.models
 * ("A,B", blanks around names allowed) or NULL (every model). */
bool plot_keeps(const char *models, const char *name);

/* Run folder data: read once, shared by the five run charts. */
typedef struct prun prun;

/* Read models.csv, severities.csv and ttr_hist.csv of dir.  NULL with e set
 * (OS_ERR_INPUT for a missing file or column, an empty run, a bad number). */
prun *prun_create(const char *dir, const char *models, os_error *e);
void prun_destroy(prun *r);

/* Each writes its data file(s) into c->tmp and the chart's variables into
 * the driver script f.  0, or -1 with e set. */
int chart_stages(const prun *r, const pchart_ctx *c, FILE *f, os_error *e);
int chart_ttr(const prun *r, const pchart_ctx *c, FILE *f, os_error *e);
int chart_cdf(const prun *r, const pchart_ctx *c, FILE *f, os_error *e);
int chart_sla(const prun *r, const pchart_ctx *c, FILE *f, os_error *e);
int chart_cost(const prun *r, const pchart_ctx *c, FILE *f, os_error *e);

/* The sweep chart from dir/sweep.csv (and dir/breakeven.csv when present). */
int chart_sweep(const pchart_ctx *c, FILE *f, os_error *e);
/* The heatmap of a sweep over two axes or more: each model's metric minus
 * the baseline's over the first two axes. */
int chart_heatmap(const pchart_ctx *c, FILE *f, os_error *e);
/* The number of varied axes of dir/sweep.csv, or -1 with e set. */
int sweep_naxes(const char *dir, os_error *e);

/* The tornado of dir/sensitivity.csv: one bar per key run, from A - B at
 * the key's low value to A - B at its high value, around the base. */
int chart_tornado(const pchart_ctx *c, FILE *f, os_error *e);
/* Of an uncertainty folder (uncertainty.ini, sets.csv, uncertainty.csv):
 * the histogram of A - B over the parameter sets with P(A beats B), and
 * the keys' partial rank correlations with it as bars. */
int chart_difference(const pchart_ctx *c, FILE *f, os_error *e);
int chart_prcc(const pchart_ctx *c, FILE *f, os_error *e);
/* A calibrate folder's chart from calibrate_cdf.csv (calibchart.c). */
int chart_calibrate(const pchart_ctx *c, FILE *f, os_error *e);

/* The layout pieces of studychart.c (tests/unit/test_studychart.c). */
#define PLOT_KEY_CHARS 36     /* a key name's lines: at most this many characters */
#define PLOT_KEY_LINES 3      /* and this many lines */
/* key wrapped into lines[0..) of at most PLOT_KEY_CHARS characters,
 * broken after a '.' where one is in reach, else cut; what does not fit
 * PLOT_KEY_LINES lines is cut.  The number of lines (>= 1); the others "". */
int plot_key_lines(const char *key, char lines[PLOT_KEY_LINES][256]);
/* An item on the x axis: data from l to r, a label of width wl (share of
 * the canvas width) left of l and one of width wr right of r. */
typedef struct plot_xitem {
    double l, r;     /* data extent */
    double wl, wr;   /* label widths, shares of the width */
} plot_xitem;
/* The x range [*lo, *hi] of a plot W wide (share of the width) in which
 * every item's data and labels fit: the least scale s (data per share)
 * with s >= (r_i - l_j) / (W' - wr_i - wl_j) for every pair (W' = 0.96 W;
 * the room at least 0.2 W'), then lo the leftmost label's start less 2% of
 * W; hi = lo + W s.  One value: a span of 10% around it. */
void plot_x_extent(const plot_xitem *it, size_t n, double W, double *lo, double *hi);
/* x with at most 3 significant digits (4 decimals under 0.1), k / M / G
 * past a thousand, trailing zeros dropped: 0.28, 1.5k, 150k, -3k, 2. */
void plot_fmt_num(double x, char *buf, size_t n);
/* What a tornado bar's end says for a key's value text: a number by
 * plot_fmt_num; a distribution whose every number is base's times one
 * factor c > 0 (same text otherwise) as "×c"; else the text with numbers
 * at 3 significant digits, cut to 22 characters with "…". */
void plot_end_label(const char *text, const char *base, char *buf, size_t n);

#endif
