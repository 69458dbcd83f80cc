/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calibchart.c — the `calibrate` chart of a calibrate folder: the share of
 * tickets resolved within a time, observed against the current model and
 * (with a fit) the calibrated one, from calibrate_cdf.csv (series, ttr,
 * share: each series' sorted TTRs, written by `ownsim calibrate`).
 *
 * The data file holds one block per series, in the file's order, blocks
 * apart by two blank lines, as cdf.gp reads them; a TTR of 0 is left out
 * (a log axis has no 0).  Names reach gnuplot only through gp_strs.
 */
#include "plot_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/csvfile.h"
#include "ownsim/number.h"

/* Reading state. */
typedef struct cdfread {
    const char *path;     /* calibrate_cdf.csv, for messages */
    FILE *d;              /* the data file written */
    long col[3];          /* series, ttr, share; -1 before the header */
    char names[3][16];    /* series seen, in order */
    int nseries;          /* entries of names */
    long rows;            /* rows of the current series */
    double lo, hi;        /* the times drawn */
    os_error *e;          /* error sink */
} cdfread;

static int on_cdf(void *ctx, size_t nf, char **f, long line)
{
    cdfread *R = ctx;
    static const char *const cols[3] = {"series", "ttr", "share"};
    if (R->col[0] < 0) {
        for (int c = 0; c < 3; c++)
            if ((R->col[c] = csvr_column(R->path, line, nf, f, cols[c], CSVR_EXACT, NULL,
                                         R->e)) < 0)
                return R->col[c] == -2 ? -1
                       : err_set(R->e, OS_ERR_INPUT, R->path, (int)line, cols[c],
                                 "missing column '%s'", cols[c]);
        return 0;
    }
    for (int c = 0; c < 3; c++)
        if ((size_t)R->col[c] >= nf)
            return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, cols[c],
                           "row has %zu fields", nf);
    const char *name = f[R->col[0]];
    if (!R->nseries || strcmp(name, R->names[R->nseries - 1])) {
        if (R->nseries == 3 || strlen(name) >= sizeof R->names[0])
            return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "series",
                           "at most three series (observed, current, calibrated)");
        if (R->nseries)
            fputs("\n\n", R->d);
        snprintf(R->names[R->nseries++], sizeof R->names[0], "%s", name);
    }
    double t, q;
    if (num_parse_str(f[R->col[1]], &t) != NUM_OK ||
        num_parse_str(f[R->col[2]], &q) != NUM_OK)
        return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "ttr",
                       "not a number");
    if (!(t > 0))
        return 0;
    fprintf(R->d, "%.10g\t%.10g\n", t, 100 * q);
    R->lo = fmin(R->lo, t);
    R->hi = fmax(R->hi, t);
    return 0;
}

int chart_calibrate(const pchart_ctx *c, FILE *f, os_error *e)
{
    char path[4096], in[4096];
    snprintf(in, sizeof in, "%s/calibrate_cdf.csv", c->dir);
    FILE *d = gp_open(c->tmp, "calibrate.tsv", path, sizeof path, e);
    if (!d)
        return -1;
    cdfread R = {.path = in, .d = d, .col = {-1, -1, -1}, .lo = INFINITY, .hi = -INFINITY,
                 .e = e};
    if (csvr_read(in, on_cdf, &R, e) != 0) {
        fclose(d);
        return -1;
    }
    fputs("\n\n", d);
    if (gp_close(d, path, e) < 0)
        return -1;
    if (!R.nseries || !(R.lo < R.hi))
        return err_set(e, OS_ERR_INPUT, in, 0, "", "no times to draw");
    static const char *const label[3] = {"Observed", "Current model", "Calibrated model"};
    const char *names[3], *colors[3];
    for (int i = 0; i < R.nseries; i++) {
        names[i] = !strcmp(R.names[i], "observed")  ? label[0]
                   : !strcmp(R.names[i], "current") ? label[1]
                                                    : label[2];
        colors[i] = !strcmp(R.names[i], "observed") ? "#b0b0b0"
                                                    : plot_model_colors[i % PLOT_NCOLORS];
    }
    fprintf(f, "nmodels = %d\n", R.nseries);
    gp_num(f, "t_min", R.lo);
    gp_num(f, "t_max", R.hi);
    if (gp_strs(f, "model_name", names, (size_t)R.nseries) < 0 ||
        gp_strs(f, "model_color", colors, (size_t)R.nseries) < 0 ||
        gp_path(f, "datafile", path) < 0)
        return err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
    return 0;
}
