/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * breakeven.h — where does model A's metric meet baseline B's?
 *
 * The search varies one key over [lo, hi] and looks at the paired difference
 * D(x) = metric(A) - metric(B), replication by replication, under common
 * random numbers (every x replays the same outages, so D is smooth in x:
 * generated, or the list simulation.outages names, read once by the run
 * assembly, which derives each x's scenario from the base in memory).
 * Bisection finds where the mean of D changes sign; the 95% confidence
 * interval of that crossing is found the same way on the two bounds of D's
 * paired interval (the x where the interval stops excluding zero on either
 * side: a test-inversion interval).  Integer keys are bisected on integers
 * and report the first value, going up from lo, on the other side of the
 * crossing.  Only the two models compared are run.
 *
 * The metric is any column of models.csv (metric.h), or one severity's
 * value of a column of severities.csv (NAME:SEV, metric_spec.h), compared
 * through its value in each replication: for a TTR quantile that is the replication's
 * own quantile (the point is run with point_opts.rep_quantiles), not the
 * pooled one of models.csv.  The bounds of an interval over the
 * replications (ttr_mean_lo, ttr_mean_hi) have no per-replication value:
 * D is then the difference of the two models' values at the point, with no
 * interval, and the crossing has none either (value_lo, value_hi NaN).
 */
#ifndef OWNSIM_BREAKEVEN_H
#define OWNSIM_BREAKEVEN_H

#include <stdbool.h>
#include <stdio.h>
#include "ownsim/error.h"
#include "ownsim/metric_spec.h"
#include "ownsim/progress.h"
#include "ownsim/provenance.h"
#include "ownsim/run.h"
#include "ownsim/scenario.h"
#include "ownsim/summary.h"

typedef struct be_opts {
    run_asm *run;               /* the assembled run (run.h): base scenario with its
                                   overrides, outage source; borrowed */
    const char *key;            /* key varied (or distribution parameter) */
    double lo, hi;              /* search range, lo < hi */
    const char *model;          /* model A */
    const char *baseline;       /* model B; NULL = the scenario's baseline */
    const char *metric;         /* NAME or NAME:SEV (metric_spec.h); NULL = ttr_mean */
    int jobs;                   /* worker threads */
    os_progress_fn progress;    /* NULL, or told OS_PROGRESS_EVALS after each point
                                   evaluated, on the calling thread (progress.h) */
    void *progress_ctx;         /* passed to progress; borrowed */
    prov *prov;                 /* be_write records the files read; NULL = no */
} be_opts;

typedef struct be_result {
    char model[SCN_NAME];       /* A */
    char baseline[SCN_NAME];    /* B */
    char metric[METRIC_SPEC_NAME]; /* metric compared: NAME or NAME:SEV */
    bool integer;               /* the key takes whole numbers */
    bool crosses;               /* mean D changes sign in [lo, hi] */
    double value;               /* the crossing (NaN when it does not cross) */
    double value_lo, value_hi;  /* its 95% CI, clipped to [lo, hi]; NaN when the
                                   metric has no per-replication value */
    bool lo_open, hi_open;      /* a CI bound did not cross inside [lo, hi] */
    ci at_lo, at_hi;            /* D at the ends of the range */
    int evaluations;            /* points run */
    int reps;                   /* replications per point */
} be_result;

/* Search.  0 with *r filled, or -1 with e set. */
int be_run(const be_opts *o, be_result *r, os_error *e);

/* breakeven.csv and the resolved base scenario into dir, an existing
 * folder (outdir_path); the files read go to o->prov.  0, or -1. */
int be_write(const be_opts *o, const be_result *r, const char *dir, os_error *e);

/* One readable line. */
void be_print(const be_opts *o, const be_result *r, FILE *f);

#endif
