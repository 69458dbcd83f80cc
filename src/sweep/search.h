/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * search.h — the one-key search shared by breakeven and goalseek (private
 * to src/sweep): a metric of model A (or A minus a baseline B, paired over
 * the replications) measured at values x of one key, each x a scenario
 * derived from the run assembly in memory and run under the same common
 * random numbers, cached by x; and the bisection that narrows [lo, hi] to
 * where a curve through those measurements changes side.
 *
 * What is measured at x (search_eval) is an interval c = {mean, lo, hi}:
 *   with a baseline: metric_diff(A, B) — the paired interval of the
 *       per-replication differences (a bound metric: the difference of the
 *       point values, NaN bounds);
 *   without: metric_ci(A) — the mean and interval of A's per-replication
 *       values (a bound metric: its point value, NaN bounds).
 * The metric may be of one severity (metric_spec.sev >= 0).
 *
 * The bisection (search_bisect) is breakeven's, unchanged: tolerance 1/1000
 * of the range, integer keys bisected on integers (midpoint floored) until
 * the bracket is two adjacent integers.  A curve is a function of c and a
 * side function: the bracket's ends stay on different sides; a side of
 * SEARCH_AT stops at that x (the curve is exactly on the crossing).
 * Invariant: every x evaluated is in the cache, so a search's cost is the
 * number of distinct x (search_evaluations), at most SEARCH_MAX_EVAL.
 */
#ifndef OWNSIM_SEARCH_H
#define OWNSIM_SEARCH_H

#include <stdbool.h>
#include "ownsim/csvfile.h"
#include "ownsim/error.h"
#include "ownsim/metric_spec.h"
#include "ownsim/progress.h"
#include "ownsim/provenance.h"
#include "ownsim/run.h"
#include "ownsim/scenario.h"
#include "ownsim/summary.h"

#define SEARCH_MAX_EVAL 128   /* distinct points one search may run */
#define SEARCH_AT 2           /* a side: exactly on the crossing */

typedef struct search search;

typedef struct search_opts {
    run_asm *run;               /* the assembled run: base, outage source; borrowed */
    const char *key;            /* the key varied (or a distribution parameter); borrowed */
    double lo, hi;              /* the range, lo < hi */
    metric_spec met;            /* what is measured */
    int a;                      /* model A: an index into the base's models */
    int b;                      /* baseline B, or -1: A's own value */
    int jobs;                   /* worker threads */
    os_progress_fn progress;    /* NULL, or told OS_PROGRESS_EVALS after each point */
    void *progress_ctx;         /* passed to progress; borrowed */
} search_opts;

/* A new search; o is copied, its pointers borrowed until search_free.
 * NULL with e set (out of memory). */
search *search_new(const search_opts *o, os_error *e);
void search_free(search *S);

/* The interval measured at x, from the cache or by running the point.
 * 0, or -1 with e set (a point that fails; the metric undefined at x). */
int search_eval(search *S, double x, ci *out, os_error *e);

/* Distinct points run so far. */
int search_evaluations(const search *S);

/* Tell the progress function the search is over (done == total). */
void search_done(search *S);

/* A curve through the measurements: g = value(c), on side(g). */
typedef struct search_curve {
    double (*value)(const ci *c, const void *ctx);
    int (*side)(double g, const void *ctx);     /* any int; SEARCH_AT: on it */
    const void *ctx;
} search_curve;

/* The bracket found: a on lo's side, b on hi's, with the curve's values. */
typedef struct search_bracket {
    double a, b;                /* a < b; equal when exact */
    double ga, gb;              /* the curve at a and b */
    bool exact;                 /* the curve was SEARCH_AT at a (= b) */
} search_bracket;

/* Bisect [lo, hi] for curve c, whose sides at lo and hi differ (the caller
 * checks, with search_eval; neither end is SEARCH_AT).  0, or -1 with e. */
int search_bisect(search *S, const search_curve *c, bool integer, search_bracket *br,
                  os_error *e);

/* v as the readable lines show it: prec significant digits (%g), but a
 * whole number from 10,000 up (a fee or a cost: 351911, not 3.519e+05);
 * with plus, a sign always.  Into buf (SEARCH_NUM bytes); returns buf. */
#define SEARCH_NUM 48
const char *search_num(char *buf, double v, int prec, bool plus);

/* The end of a command's result: commit w (its rows written; w is taken
 * and freed whatever happens), then write the scenario the search ran from
 * (run's base, report_scenario) into dir, then record it with its inputs
 * in pv (when not NULL).  Stops at the first failure: 0, or -1 with e. */
int search_write_result(csvw *w, const run_asm *run, prov *pv, const char *dir,
                        os_error *e);

/* ---- checks shared by the commands, before anything runs ---- */

/* The key is numeric (or a distribution parameter) and the range is not
 * empty, and whole numbers for an integer key: *integer says which.  cmd
 * names the command in the message.  0, or -1 with e (origin "--vary"). */
int search_check_key(const char *cmd, const char *key, double lo, double hi,
                     bool *integer, os_error *e);

#endif
