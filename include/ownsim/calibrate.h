/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * calibrate.h — `ownsim calibrate`: the client's current model against the
 * TTRs its tickets really had, then the unrecorded parameters fitted.
 *
 * The outage list (as `ownsim import` writes it, with observed_ttr) is
 * replayed through one model, replication 0, every row (no warm-up: real
 * tickets are not a cold start); each row's simulated TTR is set beside its
 * observed_ttr (rows with a blank observed_ttr, tickets still open, are
 * replayed but not compared).  Compare: per group (all, each severity,
 * each category) the count, mean, p10..p90 and the two-sample
 * Kolmogorov–Smirnov statistic.  Fit: the parameters named (or the default
 * set) are mapped to their ranges and moved by GSL's Nelder–Mead
 * (nmsimplex2) to minimise the quantile distance (docs/calibrate.md §3),
 * every evaluation replaying the same rows with the same seed (common
 * random numbers), so the objective is a deterministic function.  Each
 * parameter's interval inverts a profile test whose critical value comes
 * from a bootstrap (weeks resampled, histories made by the model at the
 * fit), and gives a verdict on whether the data identify it.
 *
 * Deterministic: the result depends on the scenario, the list, the options
 * and the seed only (one thread).  Memory: a few arrays of the list's
 * length, whatever the number of evaluations.
 */
#ifndef OWNSIM_CALIBRATE_H
#define OWNSIM_CALIBRATE_H

#include <stdbool.h>
#include <stdio.h>
#include "ownsim/error.h"
#include "ownsim/run.h"

#define CALIB_MAX_FIT 8       /* parameters fitted at once */

typedef struct calib_opts {
    run_asm *run;             /* the scenario with simulation.outages set; borrowed */
    const char *scenario;     /* the scenario file, for calibrated.ini */
    const scn_override *ov;   /* the user's overrides, without the list's; borrowed */
    int nov;                  /* entries of ov */
    const char *outages;      /* the outage list's path (for observed_ttr and errors) */
    const char *model;        /* the model the client runs today (--model) */
    const char *const *fit;   /* KEY=LO:HI each (--fit), or "none"; borrowed */
    int nfit;                 /* entries of fit; 0 = the default set */
    int boot;                 /* bootstrap resamples over weeks; 0 = none */
    int max_iter;             /* Nelder–Mead iterations per fit, > 0 */
    bool from_opened;         /* t_occur is the ticket's opening (import): the
                                 simulated TTR is taken without its detect stage,
                                 and detect_delay is not in the default set */
} calib_opts;

typedef struct calib_result calib_result;   /* opaque; calib_free */

/* Compare, fit and bootstrap.  NULL with e set: OS_ERR_INPUT naming the
 * file, line and column or key (no observed_ttr column, a bad value, an
 * unknown model, a bad --fit key or range). */
calib_result *calib_run(const calib_opts *o, os_error *e);

/* calibrate.csv, calibrate_cdf.csv (the chart's data), scenario.ini (the
 * current scenario), and with a fit fitted.csv and calibrated.ini, into
 * dir.  0, or -1 with e. */
int calib_write(const calib_result *r, const char *dir, os_error *e);

/* The scenario with the fitted values (borrowed from r): for provenance. */
const scenario *calib_scenario(const calib_result *r);

/* The tables for a person, at most 100 columns wide. */
void calib_print(const calib_result *r, FILE *f);

void calib_free(calib_result *r);

#endif
