/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plot.h — charts for proposals, drawn by gnuplot from the CSVs that `run`,
 * `sweep`, `sensitivity` and `uncertainty` wrote.
 *
 * Safety: names and titles reach gnuplot only as data (tab-separated files
 * that gnuplot reads, never evaluates) or as single-quoted strings with every
 * quote doubled and control characters removed (and '%' doubled in tic
 * labels, which gnuplot formats), with enhanced text off, so a model named
 * `x"; system("touch /tmp/pwned"); "` is drawn as text and runs nothing.
 * Paths reach gnuplot only absolute or "./"-prefixed (plot_path), so no
 * OUTDIR, TMPDIR or scripts folder can be read as a pipe ('|cmd', '<cmd').
 * gnuplot writes only into a private mkdtemp folder; each image is then
 * copied into a new OUTDIR (outdir.h) through the atomic writer of csvfile.h
 * (a new temporary, O_EXCL), and that folder replaces OUTDIR whole only when
 * gnuplot succeeded for every chart, so a failure leaves no image (partial
 * or not) from this call.
 *
 * Charts (OUTDIR/<name>.<format>): a run folder (models.csv, severities.csv,
 * ttr_hist.csv; replications.csv for intervals) gives stages, ttr, cdf, sla
 * and cost; a sweep folder (sweep.csv; breakeven.csv of --breakeven or of
 * the folder) gives sweep, and heatmap when it varies two axes or more; a
 * sensitivity folder (sensitivity.csv) gives tornado; an uncertainty folder
 * (uncertainty.ini, sets.csv, uncertainty.csv) gives difference and prcc.
 * Things are called by the labels of the folder's scenario.ini.  The drawing
 * is in <scripts>/<name>.gp, the shared style in <scripts>/common.gp;
 * docs/charts.md shows and explains each chart.  One layout for PNG, SVG
 * and PDF (1600x900 px, 18 x 10.125 cm; fonts >= 8 pt of the PDF).
 */
#ifndef OWNSIM_PLOT_H
#define OWNSIM_PLOT_H

#include "ownsim/error.h"
#include "ownsim/provenance.h"

typedef enum plot_format { PLOT_PNG, PLOT_SVG, PLOT_PDF } plot_format;

typedef struct plot_opts {
    const char *dir;        /* folder written by `ownsim run`, `sweep`,
                               `sensitivity` or `uncertainty` */
    const char *out;        /* where the charts go; NULL = DIR/charts */
    plot_format format;     /* image format */
    const char *title;      /* title prefix; NULL = the scenario name */
    const char *scripts;    /* folder of the gnuplot scripts; NULL = built-in */
    const char *gnuplot;    /* gnuplot program; NULL = "gnuplot" from PATH */
    const char *metric;     /* sweep.csv column the sweep chart draws;
                               NULL = ttr_mean */
    const char *breakeven;  /* folder whose breakeven.csv the sweep chart
                               marks; NULL = dir */
    const char *slice;      /* KEY=VALUE: the value of a sweep's other axis
                               the line chart is drawn at; NULL = its first */
    int scale;              /* PNG pixels per layout pixel: 1 (1600x900) or 2
                               (3200x1800, for slides); 0 = 1 */
    prov *prov;             /* the command; the files of dir drawn are added
                               and written as OUTDIR's provenance.ini */
    const char *models;     /* "A,B": draw only these models (each a model of
                               dir/scenario.ini, its baseline among them);
                               NULL = every model */
} plot_opts;

/* Draw every chart the folder's files allow.  0 with *ncharts set, or -1
 * with e set: OS_ERR_INPUT for a missing or empty input (exit 2),
 * OS_ERR_ENV when gnuplot is missing or fails (exit 1).  OUTDIR is an
 * output folder (outdir.h): replaced whole once every chart is drawn, never
 * a folder that is not ownsim's, and refused (OS_ERR_INPUT) when it is or
 * contains dir; on failure it is as it was. */
int plot_run(const plot_opts *o, int *ncharts, os_error *e);

/* For a signal handler: ask a running gnuplot to stop (async-signal-safe).
 * The plot's temporary files are in csvfile.h's registry. */
void plot_stop_child_signal_safe(void);

/* Parse "png", "svg" or "pdf".  0 or -1. */
int plot_parse_format(const char *text, plot_format *out);

/* Quote text as a gnuplot single-quoted string into buf: quotes doubled,
 * control characters (newlines included) replaced by spaces, text NULL
 * taken as "".  snprintf semantics: returns the length of the whole quoted
 * string (without the NUL); at most n - 1 bytes and a NUL are written, so a
 * result >= n means buf holds a truncated, unusable prefix.  buf may be NULL
 * when n is 0. */
int plot_quote(const char *text, char *buf, size_t n);

/* plot_quote for a tic label: '%' doubled as well, since gnuplot formats a
 * tic label that holds one (a model named `100%` would be "Bad format
 * character"). */
int plot_quote_tic(const char *text, char *buf, size_t n);

/* The form in which path may be handed to gnuplot: unchanged when absolute,
 * else "./" put in front, so that gnuplot never reads it as a pipe ('|cmd'
 * for output, '<cmd' for input), an option ('-'), a home folder ('~') or a
 * datablock ('$').  snprintf semantics (length of the whole result); -1 with
 * buf "" when path is NULL, empty or holds a control character (it cannot be
 * quoted unchanged: refuse it). */
int plot_path(const char *path, char *buf, size_t n);

#endif
