/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * uncertainty.h — probabilistic uncertainty analysis: every uncertain key
 * drawn together, many times, and how often model A beats baseline B
 * (docs/sensitivity.md).
 *
 * The scenario's [uncertainty] section gives a distribution for each
 * uncertain key, one line each:
 *     [uncertainty]
 *     model.co_managed.misroute_prob = uniform(min=0.25, max=0.5)
 *     party.internal.staff = uniform(min=1, max=4)
 *     severity.P3.effort = triangular(min=0.7, mode=1, max=1.5)
 *     model.co_managed.handoff_delay.median = lognormal(median=20, p90=40)
 * A number takes the value drawn; a whole number the value drawn rounded
 * to the nearest whole number; a distribution key is scaled as a whole by
 * the value drawn (dist_scale: a factor, > 0); KEY.PARAM sets that
 * parameter of a distribution.  Every value the distribution can give
 * (its quantiles from 2^-30 to 1 - 2^-30) must lie in the key's domain,
 * else the section is refused naming file:line and key.
 *
 * Sets: set i (0 <= i < N) takes point i + 1 of GSL's Sobol sequence
 * (gsl_qrng_sobol, one dimension per key in the section's order; point 0,
 * all zeros, is skipped), coordinate j mapped through key j's quantile
 * function.  No seed is involved: the sets are a function of N's prefix of
 * the sequence (set i is the same whatever N), and at most 40 keys (GSL's
 * Sobol dimensions).  Each set is the base scenario with those overrides,
 * derived in memory (run.h), run for every model with the scenario's
 * replications and seed: common random numbers across sets and models.
 *
 * Folder: sets.csv (one row per set and model: the values drawn, the
 * metric with its interval, and the paired difference from B), the
 * resolved base scenario.ini, the manifest uncertainty.ini (seed, sets,
 * shard, the section, A, B, metric, and the SHA-256 of sets.csv), and,
 * when the folder holds every set, uncertainty.csv: each model's metric
 * distribution over the sets (mean, p5, p50, p95) and the probability it
 * ranks first; the difference A - B's distribution and P(A beats B) with
 * its Wilson 95% interval; per key, the partial rank correlation (PRCC)
 * of its values with the difference.  uncertainty.csv is computed from
 * sets.csv as written, so a merged folder's is byte for byte the unsharded
 * one's.  Shard I/N runs the sets i with i % N == I-1.
 */
#ifndef OWNSIM_UNCERTAINTY_H
#define OWNSIM_UNCERTAINTY_H

#include <stdbool.h>
#include <stdio.h>
#include "ownsim/error.h"
#include "ownsim/progress.h"
#include "ownsim/provenance.h"
#include "ownsim/run.h"

#define UNC_MAX_KEYS 40          /* GSL's Sobol dimensions */
#define UNC_MAX_SETS 100000     /* the summary holds every set in memory */

typedef struct unc_opts {
    run_asm *run;               /* the assembled run; borrowed */
    int sets;                   /* N parameter sets, 2..UNC_MAX_SETS */
    int shard_i, shard_n;       /* run sets i with i % n == i-1 */
    const char *model;          /* model A */
    const char *baseline;       /* model B; NULL = the scenario's baseline */
    const char *metric;         /* NAME or NAME:SEV; NULL = ttr_mean */
    int jobs;                   /* worker threads */
    os_progress_fn progress;    /* NULL, or told OS_PROGRESS_POINTS after each chunk */
    void *progress_ctx;         /* passed to progress; borrowed */
    const char *out;            /* existing folder to write into (outdir_path) */
    prov *prov;                 /* collects the files read; NULL = none */
} unc_opts;

/* What uncertainty.csv says about A and B, for the one line printed. */
typedef struct unc_summary {
    bool complete;              /* the folder holds every set: uncertainty.csv written */
    char model[64], baseline[64], metric[120];
    int sets;                   /* sets counted (the difference defined) */
    int wins;                   /* sets where A beats B */
    double p, p_lo, p_hi;       /* P(A beats B) and its Wilson 95% interval */
    double diff_p5, diff_p50, diff_p95; /* the difference's distribution */
} unc_summary;

/* Run o->shard of the sets into o->out.  The section and the options are
 * checked before anything runs.  0 with *sum filled, or -1 with e set. */
int unc_run(const unc_opts *o, unc_summary *sum, os_error *e);

/* Whether dir is a folder written by unc_run (it has uncertainty.ini). */
bool unc_is_folder(const char *dir);

/* Merge the folders of shards 1/N..N/N of one analysis into into (the
 * existing folder being built for out): same scenario, section, seed and
 * options, every shard once, each sets.csv matching its manifest's
 * checksum; everything checked before anything is written.  0 with *sum,
 * or -1 with e. */
int unc_merge(const char *const *dirs, int ndirs, const char *out, const char *into,
              prov *pv, unc_summary *sum, os_error *e);

/* The summary as a few lines on f. */
void unc_print(const unc_summary *sum, const char *dir, FILE *f);

#endif
