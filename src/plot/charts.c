/*
 * charts.c — data for the five run charts (see plot_int.h): stages, ttr,
 * cdf, sla, cost, from models.csv, severities.csv and ttr_hist.csv.
 *
 * Each chart writes one tab-separated data file of numbers into the private
 * temporary folder and its variables into the driver script; the drawing
 * itself is in plots/<chart>.gp.  Invariants:
 *  - A model is identified in data files by its 1-based position in
 *    models.csv, the same position that picks its colour and its name from
 *    the model_name[] / model_color[] arrays (model_tic[] for tic labels):
 *    so a model has one colour in every chart, and names reach gnuplot only
 *    as quoted strings.
 *  - Severities are numbered 0.. in order of first appearance in
 *    severities.csv (the scenario's order).
 *  - Every number is checked when the folder is read (prun_create), so the
 *    chart functions fail only on I/O.
 */
#include "plot_int.h"
#include "ownsim/metric.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* models.csv columns, in this order in prun.models: the stages in the
 * order they happen (M_STAGE + stage), the cost stack from the bottom up */
enum {
    M_MODEL, M_REPS, M_INCIDENTS, M_TTR, M_STAGE, M_DOWNTIME_Y = M_STAGE + ST_COUNT,
    M_STAFF_Y, M_FEE_Y, M_NCOLS
};

/* severities.csv columns */
enum { S_MODEL, S_SEV, S_TTR, S_LO, S_HI, S_P90, S_SLA, S_NCOLS };

/* The column names, from the metric table (metric.h): the metrics each
 * chart draws.  0, or -1 with e set when the table lacks one. */
static int columns(const char **mcols, const char **scols, os_error *e)
{
    static const char *const mwant[M_NCOLS] = {
        [M_REPS] = "reps", [M_INCIDENTS] = "incidents", [M_TTR] = "ttr_mean",
        [M_DOWNTIME_Y] = "downtime_cost_per_year", [M_STAFF_Y] = "staff_cost_per_year",
        [M_FEE_Y] = "fee_per_year",
    };
    static const char *const swant[S_NCOLS] = {
        [S_TTR] = "ttr_mean", [S_LO] = "ttr_mean_lo", [S_HI] = "ttr_mean_hi",
        [S_P90] = "ttr_p90", [S_SLA] = "sla_breach_pct",
    };
    mcols[M_MODEL] = scols[S_MODEL] = "model";
    scols[S_SEV] = "severity";
    for (int st = 0; st < ST_COUNT; st++) {
        const metric *m = metric_stage((inc_stage)st);
        if (!m)
            return err_set(e, OS_ERR_ENV, "", 0, inc_stage_names[st],
                           "no metric for this stage in the metric table");
        mcols[M_STAGE + st] = metric_name(m);
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
    double *mnum;         /* models' numbers, nmodels x M_NCOLS (M_MODEL NaN) */
    double *snum;         /* severities' numbers, rows x S_NCOLS */
    double *hnum;         /* histogram's numbers, rows x H_NCOLS */
    int *smodel;          /* model (0-based) of each severities.csv row */
    int *ssev;            /* severity (0-based) of each severities.csv row */
    int *hmodel;          /* model (0-based) of each ttr_hist.csv row */
    const char **names;   /* model names, models.csv order (cells of models) */
    size_t nmodels;       /* rows of models.csv */
    const char **sevs;    /* severity names, first-appearance order */
    size_t nsev;          /* their number */
};

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

prun *prun_create(const char *dir, const char *models, os_error *e)
{
    prun *r = calloc(1, sizeof *r);
    if (!r) {
        err_set(e, OS_ERR_ENV, dir, 0, "", "out of memory");
        return NULL;
    }
    const char *mcols[M_NCOLS], *scols[S_NCOLS];
    if (columns(mcols, scols, e) < 0 ||
        load(dir, "models.csv", mcols, M_NCOLS, models, &r->models, e) < 0 ||
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
    return r;
fail:
    prun_destroy(r);
    return NULL;
}

static double mval(const prun *r, size_t m, int col)
{
    return r->mnum[m * M_NCOLS + (size_t)col];
}

/* Variables every run chart uses: the models, their colours, the data file
 * and the subtitle's counts. */
static int put_models(const prun *r, FILE *f, const char *datafile)
{
    const char **colors = malloc(r->nmodels * sizeof *colors);
    if (!colors)
        return -1;
    for (size_t i = 0; i < r->nmodels; i++)
        colors[i] = plot_model_colors[i % PLOT_NCOLORS];
    int rc = gp_strs(f, "model_name", r->names, r->nmodels);
    if (!rc)
        rc = gp_tics(f, "model_tic", r->names, r->nmodels);
    if (!rc)
        rc = gp_strs(f, "model_color", colors, r->nmodels);
    free(colors);
    fprintf(f, "nmodels = %zu\n", r->nmodels);
    if (!rc)
        rc = gp_path(f, "datafile", datafile);
    /* replications and incidents are the same for every model of a run */
    gp_num(f, "reps", mval(r, 0, M_REPS));
    gp_num(f, "incidents", mval(r, 0, M_INCIDENTS));
    return rc;
}

static int put_severities(const prun *r, FILE *f)
{
    fprintf(f, "nsev = %zu\n", r->nsev);
    if (gp_strs(f, "sev_name", r->sevs, r->nsev) < 0)
        return -1;
    return gp_tics(f, "sev_tic", r->sevs, r->nsev);
}

/* Open the data file name in c->tmp; its path goes to path. */
static FILE *data_open(const pchart_ctx *c, const char *name, char *path,
                       size_t n, os_error *e)
{
    return gp_open(c->tmp, name, path, n, e);
}

static int oom(os_error *e)
{
    return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
}

int chart_stages(const prun *r, const pchart_ctx *c, FILE *f, os_error *e)
{
    char path[4096];
    FILE *d = data_open(c, "stages.tsv", path, sizeof path, e);
    if (!d)
        return -1;
    /* model, the seven stage means in the order they happen, ttr_mean */
    for (size_t m = 0; m < r->nmodels; m++) {
        fprintf(d, "%zu", m + 1);
        for (int s = M_STAGE; s < M_STAGE + ST_COUNT; s++) {
            fputc('\t', d);
            gp_field(d, mval(r, m, s));
        }
        fputc('\t', d);
        gp_field(d, mval(r, m, M_TTR));
        fputc('\n', d);
    }
    if (gp_close(d, path, e) < 0)
        return -1;
    return put_models(r, f, path) < 0 ? oom(e) : 0;
}

/* One row per severities.csv row: severity, model (1-based), then cols. */
static int sev_data(const prun *r, const pchart_ctx *c, const char *name,
                    const int *cols, size_t ncols, FILE *f, os_error *e)
{
    char path[4096];
    FILE *d = data_open(c, name, path, sizeof path, e);
    if (!d)
        return -1;
    for (size_t i = 0; i < r->sev->nrows; i++) {
        fprintf(d, "%d\t%d", r->ssev[i], r->smodel[i] + 1);
        for (size_t k = 0; k < ncols; k++) {
            fputc('\t', d);
            gp_field(d, r->snum[i * S_NCOLS + (size_t)cols[k]]);
        }
        fputc('\n', d);
    }
    if (gp_close(d, path, e) < 0)
        return -1;
    if (put_models(r, f, path) < 0 || put_severities(r, f) < 0)
        return oom(e);
    return 0;
}

int chart_ttr(const prun *r, const pchart_ctx *c, FILE *f, os_error *e)
{
    static const int cols[] = {S_TTR, S_LO, S_HI, S_P90};
    return sev_data(r, c, "ttr.tsv", cols, 4, f, e);
}

int chart_sla(const prun *r, const pchart_ctx *c, FILE *f, os_error *e)
{
    static const int cols[] = {S_SLA};
    return sev_data(r, c, "sla.tsv", cols, 1, f, e);
}

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
                gp_field(d, v[H_LO]);
                fputc('\t', d);
                gp_field(d, 100 * prev);
                fputc('\n', d);
            }
            gp_field(d, v[H_HI]);
            fputc('\t', d);
            gp_field(d, 100 * v[H_CDF]);
            fputc('\n', d);
            done = v[H_CDF] >= 1 - 1e-9;
        }
        if (!started)
            fputs("NaN\tNaN\n", d);   /* keep the block: index = model */
        fputs("\n\n", d);
    }
    if (gp_close(d, path, e) < 0)
        return -1;
    return put_models(r, f, path) < 0 ? oom(e) : 0;
}

int chart_cost(const prun *r, const pchart_ctx *c, FILE *f, os_error *e)
{
    char path[4096];
    FILE *d = data_open(c, "cost.tsv", path, sizeof path, e);
    if (!d)
        return -1;
    /* model, downtime, staff, fees: the stack from the bottom up */
    for (size_t m = 0; m < r->nmodels; m++) {
        fprintf(d, "%zu", m + 1);
        for (int k = M_DOWNTIME_Y; k <= M_FEE_Y; k++) {
            fputc('\t', d);
            gp_field(d, mval(r, m, k));
        }
        fputc('\n', d);
    }
    if (gp_close(d, path, e) < 0)
        return -1;
    return put_models(r, f, path) < 0 ? oom(e) : 0;
}
