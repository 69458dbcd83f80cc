/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sensitivity.h — one-at-a-time sensitivity analysis: which assumptions
 * decide the comparison of model A with baseline B (docs/sensitivity.md).
 *
 * Each key is moved alone to a low and a high value, everything else at
 * the base scenario, and the metric of A and of B and their paired
 * difference D = A - B are measured at low, base and high.  Every point is
 * a scenario derived from the run assembly in memory (run.h, exactly as
 * --set would give it) and replays the same outages with the same seeds
 * (common random numbers across points and models), so a key that neither
 * A nor B reads leaves every replication of both unchanged: its swing is
 * exactly 0, not merely small.
 *
 * Ranges, per key:
 *   - a number: base x (1 - rel) .. base x (1 + rel) (--rel, default 0.3),
 *     or LO..HI given with --range KEY=LO:HI; a relative end outside the
 *     key's domain (the key table's range: [0, 1] for a probability) is
 *     clamped to it, an explicit one is refused; a whole-number key (staff)
 *     has its ends rounded to the nearest whole number, and when rounding
 *     leaves no range, base - 1 .. base + 1 within the domain; every
 *     clamp, rounding and widening is written in the `adjusted` column;
 *   - a distribution: scaled as a whole by the factors 1 - rel and 1 + rel
 *     (dist_scale: lognormal median and p90 together, ...), or by the
 *     factors LO:HI of --range; an empirical column is not scaled (skipped);
 *   - a distribution parameter (KEY.PARAM, e.g. ...handoff_delay.median):
 *     that one number, as a number with no domain of its own (the
 *     distribution's checks apply when the point is derived).
 * A base of 0 gives no relative range: the key is skipped unless --range
 * gives one.
 *
 * Keys: the ones named, or with `all` every number and distribution of the
 * scenario that A or B may read (scn_numeric_keys, scn_key_readers); the
 * others are listed as skipped with the reason.  A named key is run even
 * when neither model reads it (its swing then shows the 0).
 *
 * The swing of a key is max - min of D's mean over its low, base and high
 * points; D flips when its mean has both signs among the three.  When it
 * flips on a number, a whole number or a parameter, the crossing comes from
 * the break-even search (breakeven.h, be_run) on the part of the range
 * where the sign changes (low..base, else base..high), with its interval;
 * a distribution scaled as a whole has no single number to search, and its
 * crossing is left empty.
 *
 * Cost: 1 + 2 x keys points of the two models (run in chunks, one pool of
 * tasks each), plus about 30 points per flip.  Output byte-identical for
 * every -j.
 */
#ifndef OWNSIM_SENSITIVITY_H
#define OWNSIM_SENSITIVITY_H

#include <stdbool.h>
#include <stdio.h>
#include "ownsim/error.h"
#include "ownsim/progress.h"
#include "ownsim/provenance.h"
#include "ownsim/run.h"

#define SENS_MAX_RANGES 64    /* --range options */

typedef struct sens_opts {
    run_asm *run;               /* the assembled run (run.h); borrowed */
    const char *keys;           /* "K1,K2,...": the keys (NULL with all) */
    bool all;                   /* every number and distribution A or B reads */
    double rel;                 /* relative half-range, 0 < rel < 1 (0 = 0.3) */
    const char *const *ranges;  /* "KEY=LO:HI", nranges of them; borrowed */
    int nranges;
    const char *model;          /* model A */
    const char *baseline;       /* model B; NULL = the scenario's baseline */
    const char *metric;         /* NAME or NAME:SEV (metric_spec.h); NULL = ttr_mean */
    int jobs;                   /* worker threads */
    os_progress_fn progress;    /* NULL, or told OS_PROGRESS_POINTS after each chunk */
    void *progress_ctx;         /* passed to progress; borrowed */
    prov *prov;                 /* sens_write records the files read; NULL = no */
} sens_opts;

typedef struct sens_result sens_result;   /* opaque */

/* Run the analysis.  Every key and range is checked before anything runs.
 * The result is the caller's (sens_free).  NULL with e set. */
sens_result *sens_run(const sens_opts *o, os_error *e);
void sens_free(sens_result *r);

/* sensitivity.csv and the resolved base scenario.ini into dir, an existing
 * folder (outdir_path); the files read go to o->prov.  0, or -1. */
int sens_write(const sens_opts *o, const sens_result *r, const char *dir, os_error *e);

/* A short table of the largest swings, on f. */
void sens_print(const sens_result *r, FILE *f);

/* Rows of the result (ranked, skipped keys last) and a few fields of each,
 * for tests: the key, whether it was run, its swing, D's mean at low and
 * high, whether D flips, and the crossing (NaN when none). */
int sens_rows(const sens_result *r);
const char *sens_key(const sens_result *r, int i);
bool sens_ran(const sens_result *r, int i);
double sens_swing(const sens_result *r, int i);
double sens_diff(const sens_result *r, int i, int which);   /* 0 low, 1 base, 2 high */
bool sens_flips(const sens_result *r, int i);
double sens_crossing(const sens_result *r, int i, double *lo, double *hi);

#endif
