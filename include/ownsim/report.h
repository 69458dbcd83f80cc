/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report.h — turning a point result into files and a table.
 *
 * Files (in dir, each written to a temporary name and renamed when complete):
 *   models.csv        one row per model: TTR with CI and percentiles, stage
 *                     means, handoffs, bounces, orphans, SLA, cost
 *   severities.csv    one row per model x severity
 *   paired.csv        each other model minus the baseline, paired over reps:
 *                     one row per model, severity (all, then each) and metric
 *   replications.csv  one row per model x replication
 *   ttr_hist.csv      TTR histogram per model, fixed log-spaced bins (for charts)
 *   (incidents.csv, with a trace, is written by the runner: see trace.h)
 *   scenario.ini      the resolved scenario, seed included
 *   (provenance.ini is written by the command: see provenance.h)
 * The columns of models.csv, severities.csv and replications.csv, and how
 * each value is computed, come from the metric table (metric.h).  Means are
 * over replications (each replication weighs the same); confidence
 * intervals are 95% Student t over replications; percentiles come from the
 * pooled histogram of all counted incidents.
 */
#ifndef OWNSIM_REPORT_H
#define OWNSIM_REPORT_H

#include <stdio.h>
#include "ownsim/csvfile.h"
#include "ownsim/error.h"
#include "ownsim/metric.h"
#include "ownsim/metric_spec.h"
#include "ownsim/point.h"
#include "ownsim/scenario.h"
#include "ownsim/summary.h"

/* Write every file above into dir, an existing folder (outdir_path: the
 * command swaps it in whole).  0, or -1 with e set. */
int report_write(const scenario *s, const point_result *r, const char *dir,
                 os_error *e);

/* Write the resolved scenario to dir/scenario.ini atomically. */
int report_scenario(const scenario *s, const char *dir, os_error *e);

/* The models.csv columns, appended to w's current record (no record end),
 * and the fields of model m: shared by models.csv and sweep.csv. */
void report_model_header(csvw *w);
int report_model_fields(csvw *w, const scenario *s, const point_result *r, int m,
                        os_error *e);

/* The most paired differences report_pairs_all gives: every pairable
 * metric overall and, those with one, per severity. */
#define REPORT_MAX_PAIRS (64 * (1 + SCN_MAX_SEV))

/* The headline set of paired differences (sweep.csv by default): ttr_mean,
 * ttr_mean of the first severity (the most severe, P1 in the default
 * scenario), sla_breach_pct, total_cost_per_year.  Into out (at least 4);
 * returns how many. */
int report_pairs_default(const scenario *s, metric_spec *out);

/* Every paired difference paired.csv has, in its order (overall, then each
 * severity; table order within): `sweep --all-metrics`.  Into out
 * (REPORT_MAX_PAIRS); returns how many. */
int report_pairs_all(const scenario *s, metric_spec *out);

/* sweep.csv's paired columns: baseline, then for each of sp[0..n) SPEC_diff,
 * SPEC_diff_lo, SPEC_diff_hi (SPEC as metric_spec_format writes it), and
 * model m's values: m minus the baseline, paired over replications (empty
 * differences on the baseline's own row). */
void report_paired_header(csvw *w, const scenario *s, const metric_spec *sp, int n);
int report_paired_fields(csvw *w, const scenario *s, const point_result *r, int m,
                         const metric_spec *sp, int n, os_error *e);

/* The human comparison table: within 100 columns (report_table), or with
 * every column however wide (report_table_wide, run --wide); table.c says
 * how. */
void report_table(const scenario *s, const point_result *r, FILE *f);
void report_table_wide(const scenario *s, const point_result *r, FILE *f);

#endif
