/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * charts.c — data for the five run charts (see plot_int.h): stages, ttr,
 * cdf, sla, cost, from models.csv, severities.csv and ttr_hist.csv, with
 * 95% intervals over the replications of replications.csv when the folder
 * has it.
 *
 * Each chart writes tab-separated data files of numbers into the private
 * temporary folder and its variables into the driver script; the drawing
 * itself is in plots/<chart>.gp.  The stages chart's value call-outs are
 * placed here (stage_values), with the layout rule of common.gp (PLOT_EM,
 * PLOT_CHAR), since gnuplot cannot space labels apart.  Invariants:
 *  - A model is identified in data files by its 1-based position in
 *    models.csv, the same position that picks its colour and its label
 *    from the model_name[] / model_color[] arrays: so a model has one
 *    colour in every chart, and names reach gnuplot only as quoted strings.
 *  - Severities are numbered 0.. in order of first appearance in
 *    severities.csv (the scenario's order).
 *  - Every number is checked when the folder is read (prun_create), so the
 *    chart functions fail only on I/O.
 */
#include "plot_int.h"
#include "ownsim/metric.h"
#include "ownsim/summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* models.csv columns, in this order in prun.models: the stages in the
 * order they happen (M_STAGE + stage, the vendor's apart), the cost stack
 * from the bottom up; M_VENDOR last, as models.csv has it only where some
 * category may need a vendor (a folder without it loads M_NCOLS - 1) */
enum {
    M_MODEL, M_REPS, M_INCIDENTS, M_TTR, M_TTR_LO, M_TTR_HI, M_STAGE,
    M_DOWNTIME_Y = M_STAGE + ST_VENDOR, M_STAFF_Y, M_FEE_Y, M_DOWNTIME, M_SLA, M_VENDOR,
    M_NCOLS
};

/* severities.csv columns */
enum { S_MODEL, S_SEV, S_N, S_TTR, S_LO, S_HI, S_P90, S_SLA, S_NCOLS };

/* The column names, from the metric table (metric.h): the metrics each
 * chart draws.  0, or -1 with e set when the table lacks one. */
static int columns(const char **mcols, const char **scols, os_error *e)
{
    static const char *const mwant[M_NCOLS] = {
        [M_REPS] = "reps", [M_INCIDENTS] = "incidents", [M_TTR] = "ttr_mean",
        [M_TTR_LO] = "ttr_mean_lo", [M_TTR_HI] = "ttr_mean_hi", [M_DOWNTIME] = "downtime_cost",
        [M_SLA] = "sla_breach_pct",
        [M_DOWNTIME_Y] = "downtime_cost_per_year", [M_STAFF_Y] = "staff_cost_per_year",
        [M_FEE_Y] = "fee_per_year",
    };
    static const char *const swant[S_NCOLS] = {
        [S_N] = "incidents", [S_TTR] = "ttr_mean", [S_LO] = "ttr_mean_lo", [S_HI] = "ttr_mean_hi",
        [S_P90] = "ttr_p90", [S_SLA] = "sla_breach_pct",
    };
    mcols[M_MODEL] = scols[S_MODEL] = "model";
    scols[S_SEV] = "severity";
    for (int st = 0; st < ST_COUNT; st++) {
        const metric *m = metric_stage((inc_stage)st);
        if (!m)
            return err_set(e, OS_ERR_ENV, "", 0, inc_stage_names[st],
                           "no metric for this stage in the metric table");
        mcols[st < ST_VENDOR ? M_STAGE + st : M_VENDOR] = metric_name(m);
    }
    for (int k = 0; k < M_NCOLS; k++)
        if (mwant[k] && !(mcols[k] = metric_find(mwant[k]) ? mwant[k] : NULL))
            return err_set(e, OS_ERR_ENV, "", 0, mwant[k], "not in the metric table");
    for (int k = 0; k < S_NCOLS; k++)
        if (swant[k] && !(scols[k] = metric_find(swant[k]) ? swant[k] : NULL))
            return err_set(e, OS_ERR_ENV, "", 0, swant[k], "not in the metric table");
    return 0;
}

/* ttr_hist.csv columns */
enum { H_MODEL, H_LO, H_HI, H_COUNT, H_CDF, H_NCOLS };
static const char *const hcols[H_NCOLS] = {
    "model", "bin_lo", "bin_hi", "count", "cdf",
};

const char *const plot_model_colors[PLOT_NCOLORS] = {
    "#0072B2", "#E69F00", "#009E73", "#D55E00",
    "#CC79A7", "#56B4E9", "#F0E442", "#000000",
};

struct prun {
    ptable *models;       /* models.csv, the M_ columns */
    ptable *sev;          /* severities.csv, the S_ columns */
    ptable *hist;         /* ttr_hist.csv, columns hcols */
    double *mnum;         /* models' numbers, nmodels x models->ncols (M_MODEL NaN) */
    int nstage;           /* stages models.csv has: ST_COUNT with vendor_mean,
                             else ST_VENDOR (inc_stage_count) */
    double *snum;         /* severities' numbers, rows x S_NCOLS */
    double *hnum;         /* histogram's numbers, rows x H_NCOLS */
    int *smodel;          /* model (0-based) of each severities.csv row */
    int *ssev;            /* severity (0-based) of each severities.csv row */
    int *hmodel;          /* model (0-based) of each ttr_hist.csv row */
    const char **names;   /* model names, models.csv order (cells of models) */
    size_t nmodels;       /* rows of models.csv */
    const char **sevs;    /* severity names, first-appearance order */
    size_t nsev;          /* their number */
    double *rci;          /* per model, R_NCOLS: 95% intervals over the
                             replications of replications.csv (NaN without
                             the file or with one replication) */
};

/* prun.rci columns: bounds of sla_breach_pct (all severities) and of
 * downtime_cost (the run's horizon) */
enum { R_SLA_LO, R_SLA_HI, R_DOWN_LO, R_DOWN_HI, R_NCOLS };

void prun_destroy(prun *r)
{
    if (!r)
        return;
    ptable_destroy(r->models);
    ptable_destroy(r->sev);
    ptable_destroy(r->hist);
    free(r->mnum);
    free(r->snum);
    free(r->hnum);
    free(r->smodel);
    free(r->ssev);
    free(r->hmodel);
    free(r->names);
    free(r->sevs);
    free(r->rci);
    free(r);
}

/* Rows of the models chosen (--models): the model is the first column. */
static int keep_model(void *ctx, char *const *cells)
{
    return plot_keeps(ctx, cells[0]);
}

/* Load dir/file with the given columns (the first is the model), the rows
 * of the models chosen only. */
static int load(const char *dir, const char *file, const char *const *cols,
                size_t ncols, const char *models, ptable **out, os_error *e)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path)
        return err_set(e, OS_ERR_INPUT, dir, 0, "", "path too long");
    if (access(path, F_OK) != 0)
        return err_set(e, OS_ERR_INPUT, path, 0, "",
                       "missing: a run folder needs models.csv, severities.csv "
                       "and ttr_hist.csv (written by `ownsim run`)");
    return ptable_load(path, cols, ncols, models ? keep_model : NULL, (void *)models, 0,
                       out, e);
}

/* *nstage: the stages dir/models.csv has, the vendor's (column name)
 * only where some category may need a vendor.  A missing file is load()'s
 * to report. */
static int vendor_column(const char *dir, const char *name, int *nstage, os_error *e)
{
    char path[4096];
    *nstage = ST_VENDOR;
    if (snprintf(path, sizeof path, "%s/models.csv", dir) >= (int)sizeof path ||
        access(path, F_OK) != 0)
        return 0;
    ptable *t;
    if (ptable_load(path, NULL, 0, NULL, NULL, 1, &t, e) < 0)
        return -1;
    *nstage = inc_stage_count(ptable_col(t, name) >= 0);
    ptable_destroy(t);
    return 0;
}

/* Every cell but column skip as a number, into a new nrows x ncols array. */
static double *numbers(const ptable *t, size_t skip1, size_t skip2,
                       os_error *e)
{
    double *x = malloc((t->nrows ? t->nrows : 1) * t->ncols * sizeof *x);
    if (!x) {
        err_set(e, OS_ERR_ENV, t->path, 0, "", "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < t->nrows; i++)
        for (size_t j = 0; j < t->ncols; j++) {
            double *v = &x[i * t->ncols + j];
            if (j == skip1 || j == skip2)
                *v = NAN;
            else if (ptable_num(t, i, j, v, e) < 0) {
                free(x);
                return NULL;
            }
        }
    return x;
}

/* Position of model name in r->names, or -1. */
static int model_index(const prun *r, const char *name)
{
    for (size_t i = 0; i < r->nmodels; i++)
        if (!strcmp(r->names[i], name))
            return (int)i;
    return -1;
}

/* Model of every row of t (column col), which must be in models.csv. */
static int *model_of_rows(const prun *r, const ptable *t, size_t col,
                          os_error *e)
{
    int *m = malloc((t->nrows ? t->nrows : 1) * sizeof *m);
    if (!m) {
        err_set(e, OS_ERR_ENV, t->path, 0, "", "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < t->nrows; i++) {
        m[i] = model_index(r, ptable_str(t, i, col));
        if (m[i] < 0) {
            err_set(e, OS_ERR_INPUT, t->path, (int)t->lines[i], "model",
                    "model '%s' is not in models.csv (files from different "
                    "runs?)", ptable_str(t, i, col));
            free(m);
            return NULL;
        }
    }
    return m;
}

/* r->rci from dir/replications.csv: per model, the Student t interval of
 * the replications' sla_breach_pct and downtime_cost (summary.h).  A folder
 * without the file (or a model with one replication) gets NaN: no interval
 * is drawn. */
static int rep_intervals(prun *r, const char *dir, os_error *e)
{
    static const char *const cols[] = {"model", "sla_breach_pct", "downtime_cost"};
    r->rci = malloc(r->nmodels * R_NCOLS * sizeof *r->rci);
    if (!r->rci)
        return err_set(e, OS_ERR_ENV, dir, 0, "", "out of memory");
    for (size_t i = 0; i < r->nmodels * R_NCOLS; i++)
        r->rci[i] = NAN;
    char path[4096];
    if (snprintf(path, sizeof path, "%s/replications.csv", dir) >= (int)sizeof path ||
        access(path, F_OK) != 0)
        return 0;
    ptable *t;
    if (ptable_load(path, cols, 3, NULL, NULL, 0, &t, e) < 0)
        return -1;
    double *x = malloc(2 * (t->nrows ? t->nrows : 1) * sizeof *x);
    int rc = x ? 0 : err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
    for (size_t m = 0; rc == 0 && m < r->nmodels; m++) {
        size_t n = 0;
        double *sla = x, *down = x + t->nrows;
        for (size_t i = 0; rc == 0 && i < t->nrows; i++)
            if (!strcmp(ptable_str(t, i, 0), r->names[m])) {
                rc = ptable_num(t, i, 1, &sla[n], e) < 0 || ptable_num(t, i, 2, &down[n], e) < 0
                         ? -1 : 0;
                n++;
            }
        if (rc == 0 && n >= 2) {
            ci a = ci_mean(sla, n, 0.95), b = ci_mean(down, n, 0.95);
            double *o = &r->rci[m * R_NCOLS];
            o[R_SLA_LO] = a.lo;
            o[R_SLA_HI] = a.hi;
            o[R_DOWN_LO] = b.lo;
            o[R_DOWN_HI] = b.hi;
        }
    }
    free(x);
    ptable_destroy(t);
    return rc;
}

prun *prun_create(const char *dir, const char *models, os_error *e)
{
    prun *r = calloc(1, sizeof *r);
    if (!r) {
        err_set(e, OS_ERR_ENV, dir, 0, "", "out of memory");
        return NULL;
    }
    const char *mcols[M_NCOLS], *scols[S_NCOLS];
    if (columns(mcols, scols, e) < 0 || vendor_column(dir, mcols[M_VENDOR], &r->nstage, e) < 0 ||
        load(dir, "models.csv", mcols, r->nstage == ST_COUNT ? M_NCOLS : M_NCOLS - 1, models,
             &r->models, e) < 0 ||
        load(dir, "severities.csv", scols, S_NCOLS, models, &r->sev, e) < 0 ||
        load(dir, "ttr_hist.csv", hcols, H_NCOLS, models, &r->hist, e) < 0)
        goto fail;
    r->nmodels = r->models->nrows;
    if (!r->nmodels) {
        err_set(e, OS_ERR_INPUT, r->models->path, 0, "",
                "no models (header only): an empty run has nothing to draw");
        goto fail;
    }
    r->names = malloc(r->nmodels * sizeof *r->names);
    r->sevs = malloc((r->sev->nrows ? r->sev->nrows : 1) * sizeof *r->sevs);
    r->ssev = malloc((r->sev->nrows ? r->sev->nrows : 1) * sizeof *r->ssev);
    if (!r->names || !r->sevs || !r->ssev) {
        err_set(e, OS_ERR_ENV, dir, 0, "", "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < r->nmodels; i++)
        r->names[i] = ptable_str(r->models, i, M_MODEL);
    if (!(r->mnum = numbers(r->models, M_MODEL, M_MODEL, e)) ||
        !(r->snum = numbers(r->sev, S_MODEL, S_SEV, e)) ||
        !(r->hnum = numbers(r->hist, H_MODEL, H_MODEL, e)) ||
        !(r->smodel = model_of_rows(r, r->sev, S_MODEL, e)) ||
        !(r->hmodel = model_of_rows(r, r->hist, H_MODEL, e)))
        goto fail;
    if (!r->sev->nrows || !r->hist->nrows) {
        err_set(e, OS_ERR_INPUT, r->sev->nrows ? r->hist->path : r->sev->path,
                0, "", "no rows (header only): an empty run has nothing to draw");
        goto fail;
    }
    /* severities in order of first appearance */
    for (size_t i = 0; i < r->sev->nrows; i++) {
        const char *s = ptable_str(r->sev, i, S_SEV);
        size_t k = 0;
        while (k < r->nsev && strcmp(r->sevs[k], s) != 0)
            k++;
        if (k == r->nsev)
            r->sevs[r->nsev++] = s;
        r->ssev[i] = (int)k;
    }
    if (rep_intervals(r, dir, e) < 0)
        goto fail;
    return r;
fail:
    prun_destroy(r);
    return NULL;
}

static double mval(const prun *r, size_t m, int col)
{
    return r->mnum[m * r->models->ncols + (size_t)col];
}

/* Model m's mean minutes in stage st (< r->nstage). */
static double stage_val(const prun *r, size_t m, int st)
{
    return mval(r, m, st < ST_VENDOR ? M_STAGE + st : M_VENDOR);
}

size_t plot_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;   /* continuation bytes are not characters */
    return n;
}

static int oom(os_error *e)
{
    return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
}

/* Variables every run chart uses: the models' labels (model_name[]), their
 * colours, the data file and the subtitle's counts. */
static int put_models(const prun *r, const pchart_ctx *c, FILE *f, const char *datafile)
{
    const char **colors = malloc(r->nmodels * sizeof *colors);
    const char **labels = malloc(r->nmodels * sizeof *labels);
    int rc = colors && labels ? 0 : -1;
    for (size_t i = 0; !rc && i < r->nmodels; i++) {
        colors[i] = plot_model_colors[i % PLOT_NCOLORS];
        labels[i] = plabel(c->labels, "model", r->names[i]);
    }
    if (!rc)
        rc = gp_strs(f, "model_name", labels, r->nmodels);
    if (!rc)
        rc = gp_strs(f, "model_color", colors, r->nmodels);
    free(colors);
    free(labels);
    fprintf(f, "nmodels = %zu\n", r->nmodels);
    if (!rc)
        rc = gp_path(f, "datafile", datafile);
    /* replications and incidents are the same for every model of a run */
    gp_num(f, "reps", mval(r, 0, M_REPS));
    gp_num(f, "incidents", mval(r, 0, M_INCIDENTS));
    return rc;
}

/* sev_name[]: the severities' labels, in the scenario's order. */
static int put_severities(const prun *r, const pchart_ctx *c, FILE *f)
{
    const char **labels = malloc(r->nsev * sizeof *labels);
    if (!labels)
        return -1;
    for (size_t i = 0; i < r->nsev; i++)
        labels[i] = plabel(c->labels, "severity", r->sevs[i]);
    fprintf(f, "nsev = %zu\n", r->nsev);
    int rc = gp_strs(f, "sev_name", labels, r->nsev);
    free(labels);
    return rc;
}

/* Open the data file name in c->tmp; its path goes to path. */
static FILE *data_open(const pchart_ctx *c, const char *name, char *path,
                       size_t n, os_error *e)
{
    return gp_open(c->tmp, name, path, n, e);
}

/* Write the fields of one data row, tab-separated, ending the line. */
static void row(FILE *d, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc('\t', d);
        gp_field(d, x[i]);
    }
    fputc('\n', d);
}

/* ------------------------------------------------------------- stages */

/* stage_name[]: the labels (incident.h) of the first n stages, in the
 * order they happen, and their number, nstages. */
static int put_stage_labels(FILE *f, int n)
{
    const char *names[ST_COUNT];
    for (int s = 0; s < n; s++)
        names[s] = inc_stage_label((inc_stage)s);
    fprintf(f, "nstages = %d\n", n);
    return gp_strs(f, "stage_name", names, (size_t)n);
}

/* Where the stages chart draws (shares of the canvas width; minutes): the
 * plot spans pl..pr, its x axis 0..xmax, so a minute is 1 / per of the
 * width.  The left margin holds the model labels (wrapped at
 * STAGE_LABEL_CHARS by stages.gp); the axis leaves room after the longest
 * bar (its CI included) for the total. */
#define STAGE_LABEL_CHARS 22
#define STAGE_LABEL_MAX 34
typedef struct stage_layout {
    int chars;         /* the model labels' lines: at most this many characters */
    double pl, pr;     /* plot area, share of the width */
    double xmax;       /* end of the x axis, minutes */
    double per;        /* minutes per share of the width */
} stage_layout;

static stage_layout stages_layout(const prun *r, const pchart_ctx *c)
{
    stage_layout L;
    size_t maxc = 1, longest = 0;
    double top = 0;
    for (size_t m = 0; m < r->nmodels; m++) {
        size_t n = plot_chars(plabel(c->labels, "model", r->names[m]));
        longest = n > longest ? n : longest;
        double hi = mval(r, m, M_TTR_HI);
        top = fmax(top, isnan(hi) ? mval(r, m, M_TTR) : hi);
    }
    /* a label of up to STAGE_LABEL_CHARS on one line; a longer one on two
     * (a few characters spare for the breaks), up to STAGE_LABEL_MAX */
    L.chars = longest <= STAGE_LABEL_CHARS ? STAGE_LABEL_CHARS
                                           : (int)fmin(STAGE_LABEL_MAX, (double)longest / 2 + 6);
    maxc = longest < (size_t)L.chars ? (longest ? longest : 1) : (size_t)L.chars;
    L.pl = 0.03 + (double)maxc * PLOT_CHAR * PLOT_EM + 0.02;
    L.pr = 0.97;
    double total_w = 10 * PLOT_CHAR * PLOT_EM_SMALL;   /* " 12345 min" */
    L.xmax = top > 0 ? top / (1 - total_w / (L.pr - L.pl)) : 1;
    L.per = L.xmax / (L.pr - L.pl);
    return L;
}

/* The values of model m's stages: inside the segment when the number fits
 * in it (file in: model, x, value, stage), else a call-out above the bar
 * (file out: model, label x, segment middle, value), the call-outs of a
 * bar pushed apart left to right (then back from the axis end) so no two
 * overlap.  Stages under half a minute are not drawn and get no value. */
static void stage_values(FILE *in, FILE *out, const prun *r, size_t m, const stage_layout *L)
{
    double mid[ST_COUNT], w[ST_COUNT], v[ST_COUNT], lx[ST_COUNT], x0 = 0;
    size_t k = 0;
    for (int st = 0; st < r->nstage; st++) {
        double val = stage_val(r, m, st);
        if (!(val >= 0.5)) {
            x0 += val > 0 ? val : 0;
            continue;
        }
        int digits = snprintf(NULL, 0, "%.0f", val);
        double tw = ((double)digits + 1) * PLOT_CHAR * PLOT_EM_SMALL * L->per;
        /* inside when it fits and is clear of the total's CI whiskers */
        double ci_lo = mval(r, m, M_TTR_LO), ci_hi = mval(r, m, M_TTR_HI);
        int clear = isnan(ci_lo) || x0 + val / 2 + tw / 2 < ci_lo ||
                    x0 + val / 2 - tw / 2 > ci_hi;
        if (val >= tw && clear) {
            row(in, (double[]){(double)m + 1, x0 + val / 2, val, st + 1}, 4);
        } else {
            mid[k] = x0 + val / 2;
            w[k] = tw;
            v[k++] = val;
        }
        x0 += val;
    }
    for (size_t i = 0; i < k; i++)
        lx[i] = fmax(mid[i], i ? lx[i - 1] + (w[i - 1] + w[i]) / 2 : w[0] / 2);
    for (size_t i = k; i-- > 0;)
        lx[i] = fmin(lx[i], i + 1 == k ? L->xmax - w[i] / 2 : lx[i + 1] - (w[i] + w[i + 1]) / 2);
    for (size_t i = 0; i < k; i++)
        row(out, (double[]){(double)m + 1, lx[i], mid[i], v[i]}, 4);
}

int chart_stages(const prun *r, const pchart_ctx *c, FILE *f, os_error *e)
{
    char path[4096], pin[4096], pout[4096];
    stage_layout L = stages_layout(r, c);
    FILE *d = data_open(c, "stages.tsv", path, sizeof path, e);
    FILE *in = d ? data_open(c, "stage_in.tsv", pin, sizeof pin, e) : NULL;
    FILE *out = in ? data_open(c, "stage_out.tsv", pout, sizeof pout, e) : NULL;
    if (!out) {
        if (d)
            fclose(d);
        if (in)
            fclose(in);
        return -1;
    }
    /* model, the stage means in the order they happen (seven, or eight
     * with the vendor's), ttr_mean and its interval */
    int n = r->nstage;
    for (size_t m = 0; m < r->nmodels; m++) {
        double x[1 + ST_COUNT + 3];
        x[0] = (double)m + 1;
        for (int s = 0; s < n; s++)
            x[1 + s] = stage_val(r, m, s);
        x[1 + n] = mval(r, m, M_TTR);
        x[2 + n] = mval(r, m, M_TTR_LO);
        x[3 + n] = mval(r, m, M_TTR_HI);
        row(d, x, (size_t)(1 + n + 3));
        stage_values(in, out, r, m, &L);
    }
    /* an empty file would make gnuplot fail: a row that draws nothing */
    fputs("NaN\tNaN\tNaN\tNaN\n", in);
    fputs("NaN\tNaN\tNaN\tNaN\n", out);
    os_error later;   /* an error after the first is not reported */
    int rc = gp_close(d, path, e);
    if (gp_close(in, pin, rc ? &later : e) < 0)
        rc = -1;
    if (gp_close(out, pout, rc ? &later : e) < 0)
        rc = -1;
    if (rc)
        return -1;
    gp_num(f, "plot_l", L.pl);
    gp_num(f, "plot_r", L.pr);
    gp_num(f, "x_max", L.xmax);
    fprintf(f, "label_chars = %d\n", L.chars);
    if (put_models(r, c, f, path) < 0 || gp_path(f, "inside_file", pin) < 0 ||
        gp_path(f, "callout_file", pout) < 0 || put_stage_labels(f, r->nstage) < 0)
        return oom(e);
    return 0;
}

/* ------------------------------------------------- ttr, sla (by severity) */

/* One row per severities.csv row: severity, model (1-based), then cols;
 * extra (may be NULL) adds columns to a row. */
typedef void (*sev_extra_fn)(const prun *r, size_t i, FILE *d);

static int sev_data(const prun *r, const pchart_ctx *c, const char *name, const int *cols,
                    size_t ncols, sev_extra_fn extra, char *path, size_t np, os_error *e)
{
    FILE *d = data_open(c, name, path, np, e);
    if (!d)
        return -1;
    for (size_t i = 0; i < r->sev->nrows; i++) {
        fprintf(d, "%d\t%d", r->ssev[i], r->smodel[i] + 1);
        for (size_t k = 0; k < ncols; k++) {
            fputc('\t', d);
            gp_field(d, r->snum[i * S_NCOLS + (size_t)cols[k]]);
        }
        if (extra)
            extra(r, i, d);
        fputc('\n', d);
    }
    return gp_close(d, path, e);
}

int chart_ttr(const prun *r, const pchart_ctx *c, FILE *f, os_error *e)
{
    static const int cols[] = {S_TTR, S_LO, S_HI, S_P90};
    char path[4096];
    if (sev_data(r, c, "ttr.tsv", cols, 4, NULL, path, sizeof path, e) < 0)
        return -1;
    double top = 0;
    for (size_t i = 0; i < r->sev->nrows; i++) {
        const double *v = &r->snum[i * S_NCOLS];
        top = fmax(top, fmax(isnan(v[S_P90]) ? 0 : v[S_P90], isnan(v[S_HI]) ? 0 : v[S_HI]));
    }
    gp_num(f, "y_top", top > 0 ? top : 1);
    if (put_models(r, c, f, path) < 0 || put_severities(r, c, f) < 0)
        return oom(e);
    return 0;
}

/* The 95% Wilson score interval of a share pct (%) of n incidents, in % */
static void wilson(double pct, double n, double *lo, double *hi)
{
    if (!(n > 0) || isnan(pct)) {
        *lo = *hi = NAN;
        return;
    }
    double z = 1.959963984540054, p = pct / 100, z2n = z * z / n;
    double mid = (p + z2n / 2) / (1 + z2n);
    double half = z * sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n);
    *lo = 100 * fmax(0, mid - half);
    *hi = 100 * fmin(1, mid + half);
}

/* sla.tsv's interval columns: Wilson over the severity's incidents */
static void sla_extra(const prun *r, size_t i, FILE *d)
{
    double lo, hi;
    wilson(r->snum[i * S_NCOLS + S_SLA], r->snum[i * S_NCOLS + S_N], &lo, &hi);
    fputc('\t', d);
    gp_field(d, lo);
    fputc('\t', d);
    gp_field(d, hi);
}

/* A duration of an SLA target for people: "15 min", "4 h", "2 days", the
 * number and its unit joined by a no-break space (U+00A0) so that wrapping
 * never parts them. */
#define NBSP "\xc2\xa0"
static void duration(double min, char *buf, size_t n)
{
    if (min < 60)
        snprintf(buf, n, "%g" NBSP "min", min);
    else if (min < 2880 || fmod(min, 1440) != 0)
        snprintf(buf, n, "%g" NBSP "h", round(min / 6) / 10);
    else
        snprintf(buf, n, "%g" NBSP "days", min / 1440);
}

/* The targets as a line: "respond 15 min, resolve 4 h (business hours)". */
static void targets(double resp, double res, int business, char *buf, size_t n)
{
    char a[32], b[32];
    duration(resp, a, sizeof a);
    duration(res, b, sizeof b);
    if (!(resp > 0) && !(res > 0))
        snprintf(buf, n, "no SLA");
    else if (!(res > 0))
        snprintf(buf, n, "respond %s%s", a, business ? " (business hours)" : "");
    else if (!(resp > 0))
        snprintf(buf, n, "resolve %s%s", b, business ? " (business hours)" : "");
    else
        snprintf(buf, n, "respond %s, resolve %s%s", a, b, business ? " (business hours)" : "");
}

/* The SLA chart's targets: sev_sla[] (under each severity: the targets
 * most models are held to) and note[] (a line per model held to others). */
#define SLA_TEXT 160
static int put_targets(const prun *r, const pchart_ctx *c, FILE *f)
{
    size_t nm = r->nmodels, ns = r->nsev;
    char *text = calloc(nm * ns, SLA_TEXT);      /* [model][sev] */
    char *notes = calloc(nm, 1024);
    const char **sev_sla = malloc(ns * sizeof *sev_sla);
    const char **note = malloc(nm * sizeof *note);
    int rc = text && notes && sev_sla && note ? 0 : -1, known = 1;
    for (size_t m = 0; !rc && m < nm; m++)
        for (size_t s = 0; s < ns; s++) {
            double a, b;
            int bus;
            if (plabels_sla(c->labels, r->names[m], r->sevs[s], &a, &b, &bus) < 0)
                known = 0;
            else
                targets(a, b, bus, text + (m * ns + s) * SLA_TEXT, SLA_TEXT);
        }
    size_t nnotes = 0;
    for (size_t s = 0; !rc && s < ns; s++) {
        size_t best = 0, bestn = 0;   /* the targets most models share */
        for (size_t m = 0; m < nm; m++) {
            size_t same = 0;
            for (size_t k = 0; k < nm; k++)
                same += !strcmp(text + (m * ns + s) * SLA_TEXT, text + (k * ns + s) * SLA_TEXT);
            if (same > bestn) {
                best = m;
                bestn = same;
            }
        }
        sev_sla[s] = known ? text + (best * ns + s) * SLA_TEXT : "";
        for (size_t m = 0; known && m < nm; m++) {
            const char *t = text + (m * ns + s) * SLA_TEXT;
            char *nb = notes + m * 1024;
            size_t len = strlen(nb);
            if (strcmp(t, sev_sla[s]) != 0 && len + 1 < 1024)
                snprintf(nb + len, 1024 - len, "%s%s%s%s: %s", len ? "; " : "",
                         len ? "" : plabel(c->labels, "model", r->names[m]),
                         len ? "" : " is held to other targets: ",
                         plabel(c->labels, "severity", r->sevs[s]), t);
        }
    }
    for (size_t m = 0; !rc && m < nm; m++)
        if (notes[m * 1024])
            note[nnotes++] = notes + m * 1024;
    if (!rc) {
        fprintf(f, "targets_known = %d\nnnotes = %zu\n", known, nnotes);
        rc = gp_strs(f, "sev_sla", sev_sla, ns);
        if (!rc && nnotes)
            rc = gp_strs(f, "note", note, nnotes);
    }
    free(text);
    free(notes);
    free(sev_sla);
    free(note);
    return rc;
}

int chart_sla(const prun *r, const pchart_ctx *c, FILE *f, os_error *e)
{
    static const int cols[] = {S_SLA};
    char path[4096], all[4096];
    if (sev_data(r, c, "sla.tsv", cols, 1, sla_extra, path, sizeof path, e) < 0)
        return -1;
    /* the group of all severities: the run's share and its interval over
     * the replications */
    FILE *d = data_open(c, "sla_all.tsv", all, sizeof all, e);
    if (!d)
        return -1;
    double top = 0;   /* the highest bar or interval bound */
    for (size_t m = 0; m < r->nmodels; m++) {
        row(d, (double[]){(double)r->nsev, (double)m + 1, mval(r, m, M_SLA),
                          r->rci[m * R_NCOLS + R_SLA_LO], r->rci[m * R_NCOLS + R_SLA_HI]}, 5);
        top = fmax(top, fmax(mval(r, m, M_SLA), r->rci[m * R_NCOLS + R_SLA_HI]));
    }
    for (size_t i = 0; i < r->sev->nrows; i++) {
        double lo, hi, v = r->snum[i * S_NCOLS + S_SLA];
        wilson(v, r->snum[i * S_NCOLS + S_N], &lo, &hi);
        top = fmax(top, fmax(isnan(v) ? 0 : v, isnan(hi) ? 0 : hi));
    }
    gp_num(f, "y_top", top > 0 ? top : 1);
    if (gp_close(d, all, e) < 0)
        return -1;
    if (put_models(r, c, f, path) < 0 || put_severities(r, c, f) < 0 ||
        gp_path(f, "all_file", all) < 0 || put_targets(r, c, f) < 0)
        return oom(e);
    return 0;
}

/* ---------------------------------------------------------------- cdf */

int chart_cdf(const prun *r, const pchart_ctx *c, FILE *f, os_error *e)
{
    char path[4096];
    FILE *d = data_open(c, "cdf.tsv", path, sizeof path, e);
    if (!d)
        return -1;
    const ptable *h = r->hist;
    /* one block per model (gnuplot `index m-1`), blocks apart by two blank
     * lines; a block starts at the lower edge of the first bin holding any
     * incident (the leading empty bins would only stretch the log axis to
     * 0.1 minute) and stops at the first bin where it reaches 1 */
    double lo = INFINITY, hi = -INFINITY;   /* the times drawn */
    for (size_t m = 0; m < r->nmodels; m++) {
        int started = 0, done = 0;
        double prev = 0;   /* CDF at the lower edge of the current bin */
        for (size_t i = 0; i < h->nrows && !done; i++) {
            if (r->hmodel[i] != (int)m)
                continue;
            const double *v = &r->hnum[i * H_NCOLS];
            if (!started) {
                if (!(v[H_COUNT] > 0) || !(v[H_LO] > 0)) {
                    prev = isnan(v[H_CDF]) ? prev : v[H_CDF];
                    continue;   /* log axis: no point at 0 */
                }
                started = 1;
                row(d, (double[]){v[H_LO], 100 * prev}, 2);
                lo = fmin(lo, v[H_LO]);
            }
            row(d, (double[]){v[H_HI], 100 * v[H_CDF]}, 2);
            hi = fmax(hi, v[H_HI]);
            done = v[H_CDF] >= 1 - 1e-9;
        }
        if (!started)
            fputs("NaN\tNaN\n", d);   /* keep the block: index = model */
        fputs("\n\n", d);
    }
    if (gp_close(d, path, e) < 0)
        return -1;
    if (!(lo < hi)) {   /* nothing or one point: a decade around it */
        lo = isfinite(lo) ? lo / 3 : 1;
        hi = lo * 10;
    }
    gp_num(f, "t_min", lo);
    gp_num(f, "t_max", hi);
    return put_models(r, c, f, path) < 0 ? oom(e) : 0;
}

/* --------------------------------------------------------------- cost */

int chart_cost(const prun *r, const pchart_ctx *c, FILE *f, os_error *e)
{
    char path[4096];
    FILE *d = data_open(c, "cost.tsv", path, sizeof path, e);
    if (!d)
        return -1;
    /* model, downtime, staff, fees (the stack from the bottom up), then the
     * total's 95% interval: staff and fees are inputs, so it is the
     * downtime's, over the replications, scaled to a year as models.csv
     * scales the mean */
    double top = 0;   /* the highest total or interval bound */
    for (size_t m = 0; m < r->nmodels; m++) {
        double down = mval(r, m, M_DOWNTIME), year = mval(r, m, M_DOWNTIME_Y);
        double fixed = mval(r, m, M_STAFF_Y) + mval(r, m, M_FEE_Y);
        double k = down > 0 ? year / down : NAN;
        row(d, (double[]){(double)m + 1, year, mval(r, m, M_STAFF_Y), mval(r, m, M_FEE_Y),
                          fixed + k * r->rci[m * R_NCOLS + R_DOWN_LO],
                          fixed + k * r->rci[m * R_NCOLS + R_DOWN_HI]}, 6);
        double hi = fixed + k * r->rci[m * R_NCOLS + R_DOWN_HI];
        top = fmax(top, fmax(fixed + year, isnan(hi) ? 0 : hi));
    }
    if (gp_close(d, path, e) < 0)
        return -1;
    gp_num(f, "cost_top", top > 0 ? top : 1);
    return put_models(r, c, f, path) < 0 ? oom(e) : 0;
}
