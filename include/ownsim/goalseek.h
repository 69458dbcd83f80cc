/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * goalseek.h — the smallest (or largest) value of a key at which a model
 * meets a target: "the fewest MSP engineers that keep P1 SLA breaches at
 * or below 5 %".
 *
 * The target is METRIC<=X or METRIC>=X, METRIC a column of models.csv or
 * one severity's value (NAME:SEV, metric_spec.h).  It is judged on the
 * model's value, or with a baseline on the paired difference model minus
 * baseline.  At each value x of the key the point is run (only the models
 * named) under common random numbers and measured as an interval over the
 * replications (search.h: the mean and 95% t interval of the
 * per-replication values, or of the paired differences); the target is met
 * at x when the mean meets it.
 *
 * Assuming the metric is monotone in the key over [LO, HI], the values at
 * which the target is met are one end of the range.  The smallest such
 * value is found by bisection (breakeven's, search.h; integer keys on
 * integers, giving the first whole number that meets the target; reals to
 * 1/1000 of the range, giving the end of the last bracket that meets it,
 * not an interpolation, so that the answer is a point run and meets the
 * target as measured), and so is the value at which each bound of the
 * 95% interval meets the target: those two values are the answer's
 * interval (a test-inversion interval, as breakeven's).  With `largest`,
 * the largest value, mirrored.  When the target is met at both ends the
 * answer is the range's end ("everywhere"), at neither ("nowhere"), or
 * only at the end the search starts from ("at_end": the smallest value is
 * LO itself, the target being met below a boundary, not above it).  A
 * bound that is met already at that end, or nowhere in the range, is
 * clipped to the range and flagged open.  Deterministic: the points run
 * depend only on the inputs, never on -j or time.
 */
#ifndef OWNSIM_GOALSEEK_H
#define OWNSIM_GOALSEEK_H

#include <stdbool.h>
#include <stdio.h>
#include "ownsim/error.h"
#include "ownsim/metric_spec.h"
#include "ownsim/progress.h"
#include "ownsim/provenance.h"
#include "ownsim/run.h"
#include "ownsim/scenario.h"
#include "ownsim/summary.h"

typedef struct gs_opts {
    run_asm *run;               /* the assembled run (run.h); borrowed */
    const char *key;            /* key varied (or distribution parameter) */
    double lo, hi;              /* search range, lo < hi */
    const char *model;          /* the model that must meet the target */
    const char *baseline;       /* NULL: the target is on the model's value; else
                                   on model minus this model, paired */
    const char *target;         /* "METRIC<=X" or "METRIC>=X" (blanks allowed) */
    bool largest;               /* seek the largest value, not the smallest */
    int jobs;                   /* worker threads */
    os_progress_fn progress;    /* NULL, or told OS_PROGRESS_EVALS after each point
                                   evaluated, on the calling thread (progress.h) */
    void *progress_ctx;         /* passed to progress; borrowed */
    prov *prov;                 /* gs_write records the files read; NULL = no */
} gs_opts;

/* What the search found, for the mean (value) and the bounds. */
typedef enum gs_status {
    GS_FOUND,       /* met at one end only, the far one: value is the boundary */
    GS_EVERYWHERE,  /* met at both ends: value is the near end (LO; HI when largest) */
    GS_NOWHERE,     /* met at neither end: no value */
    GS_AT_END       /* met at the near end only: value is that end */
} gs_status;

typedef struct gs_result {
    char model[SCN_NAME];       /* the model */
    char baseline[SCN_NAME];    /* its baseline; "" when none */
    char metric[METRIC_SPEC_NAME]; /* NAME or NAME:SEV */
    bool at_most;               /* target METRIC<=X; false: METRIC>=X */
    double target;              /* X */
    bool largest;               /* as asked */
    bool integer;               /* the key takes whole numbers */
    gs_status status;           /* of the mean */
    double value;               /* the answer; NaN when GS_NOWHERE */
    double value_lo, value_hi;  /* its 95% CI, clipped to [lo, hi]; NaN when the
                                   metric has no per-replication value */
    bool lo_open, hi_open;      /* a CI bound was clipped at that end */
    ci at_value;                /* the metric (mean, 95% CI) at value; NaN when none */
    ci at_lo, at_hi;            /* the metric at the ends of the range */
    int evaluations;            /* points run */
    int reps;                   /* replications per point */
} gs_result;

/* Search.  0 with *r filled, or -1 with e set (OS_ERR_INPUT naming the
 * option at fault: --target, --vary, --model, --baseline). */
int gs_run(const gs_opts *o, gs_result *r, os_error *e);

/* goalseek.csv and the resolved base scenario into dir, an existing
 * folder (outdir_path); the files read go to o->prov.  0, or -1. */
int gs_write(const gs_opts *o, const gs_result *r, const char *dir, os_error *e);

/* One readable line. */
void gs_print(const gs_opts *o, const gs_result *r, FILE *f);

/* The name of a status in goalseek.csv: found, everywhere, nowhere, at_end. */
const char *gs_status_name(gs_status st);

#endif
