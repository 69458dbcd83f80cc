/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * metric.h — the metric table: every number ownsim reports about a model,
 * described once (metric_table.h) and read through this module only.
 *
 * A metric is one column of models.csv (and of sweep.csv, which has the
 * same columns), some of them also of severities.csv and replications.csv.
 * Its row says its name, display label, unit, what it is counted per
 * (incident, week, year, share of incidents, a count), which way is
 * better, and how it is computed: its value in one replication of one
 * model (what `breakeven` pairs, replication by replication) and its value
 * for a model over the whole point (the models.csv cell: a mean over the
 * replications, a quantile of the pooled histogram, a sum, ...).  The CSV
 * columns, `breakeven --metric`, the help text, the chart lookups and the
 * reference in docs/output.md all come from the table, so adding a metric
 * is adding one row (tests/metric/ checks that).
 *
 * rep_stats, what one replication of one model measured, is the table's
 * raw material: the runner (point.c) fills it, and everything else reads it
 * through metric_rep / metric_value, never by field or offset: only
 * src/stats/metric.c knows its layout.
 */
#ifndef OWNSIM_METRIC_H
#define OWNSIM_METRIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "ownsim/error.h"
#include "ownsim/histogram.h"
#include "ownsim/incident.h"
#include "ownsim/metric_table.h"
#include "ownsim/scenario.h"
#include "ownsim/summary.h"

#define METRIC_LEVEL 0.95                    /* confidence level of every interval */
#define METRIC_WEEKS_PER_YEAR (365.25 / 7)   /* per week -> per year */
#define METRIC_REP_Q 3                       /* TTR quantiles a replication can keep */
/* Fewest replications an interval over them is given for: below it every
 * interval (ttr_mean_lo/_hi, paired and sweep bounds, breakeven's D) is
 * undefined (NaN, an empty CSV field).  With 2 the t quantile is 12.7 and
 * the spread is one difference, so the "interval" is mostly noise (a
 * negative lower bound on a time, say); with 3 it is 4.30. */
#define METRIC_MIN_REPS 3

/* Means over the counted incidents of one model in one replication.
 * Written by the runner, read only through the metric functions below. */
typedef struct rep_stats {
    double n;                       /* incidents counted (after warmup) */
    double ttr;                     /* mean time to resolution */
    double stage[ST_COUNT];         /* mean minutes per stage */
    double handoffs;                /* mean handoffs */
    double bounced;                 /* share bounced at least once, 0..1 */
    double orphaned;                /* share orphaned */
    double escalated;               /* share escalated */
    double wasted;                  /* mean wasted effort, minutes */
    double preemptions;             /* mean interruptions (preempt) */
    double fcr;                     /* share resolved with no escalation between
                                       support groups (escalate_to) */
    double major;                   /* share of outages that are major incidents */
    double tickets;                 /* tickets opened for the counted incidents,
                                       duplicates included (major incidents) */
    double ticket_response;         /* mean minutes from a ticket opened to
                                       acknowledged, over those tickets */
    double sla_response;            /* share breaching the response target */
    double sla_resolve;             /* share breaching the resolve target */
    double sla_any;                 /* share breaching either */
    double cost;                    /* mean downtime cost per incident */
    double cost_per_week;           /* downtime cost per week of outages */
    double ttr_q[METRIC_REP_Q];     /* this replication's own TTR quantiles at
                                       metric_rep_q(i); NaN unless the runner was
                                       asked (point_opts.rep_quantiles) */
    double sev_n[SCN_MAX_SEV];      /* incidents counted per severity */
    double sev_ttr[SCN_MAX_SEV];    /* mean TTR per severity (NaN if none) */
    double sev_sla[SCN_MAX_SEV];    /* breach share per severity */
    double sev_cost[SCN_MAX_SEV];   /* mean cost per severity */
    double sev_sla_response[SCN_MAX_SEV]; /* response-target breach share per severity */
    double sev_sla_resolve[SCN_MAX_SEV];  /* resolve-target breach share per severity */
    double sev_cost_per_week[SCN_MAX_SEV]; /* the severity's downtime cost over the
                                              replication's span (cost_per_week's) */
    double sev_ttr_q[SCN_MAX_SEV][METRIC_REP_Q]; /* per severity, like ttr_q (NaN
                                                    unless asked, or none counted) */
    uint64_t events;                /* engine events run */
    long peak_unresolved;           /* most incidents unresolved at once */
} rep_stats;

/* What one model measured at one point: where every value is read from.
 * point_src (point.h) fills it from a point result. */
typedef struct metric_src {
    const scenario *s;      /* the point's scenario (staff costs, fees); borrowed */
    int model;              /* the model: an index into s->model */
    int sev;                /* -1: every counted incident; else one severity's */
    const rep_stats *rs;    /* the model's replications, reps of them; borrowed */
    int reps;               /* replications */
    const hist *ttr;        /* TTR histogram of those incidents, every
                               replication pooled; borrowed */
} metric_src;

/* One row of the table: static, never freed. */
typedef struct metric metric;

/* The CSV files a metric is a column of (metric_in). */
typedef enum metric_file {
    METRIC_MODELS,          /* models.csv and sweep.csv */
    METRIC_SEVERITIES,      /* severities.csv, one row per model and severity */
    METRIC_REPLICATIONS,    /* replications.csv, one row per model and replication */
} metric_file;

/* The rows, in column order. */
size_t metric_count(void);
const metric *metric_at(size_t i);

/* The metric named name (any file), or NULL. */
const metric *metric_find(const char *name);

/* The metric `--metric NAME` means: a column of models.csv.  0, or -1 with
 * e naming the option (opt, e.g. "--metric") and the closest name. */
int metric_lookup(const char *name, const char *opt, const metric **out, os_error *e);

/* The mean minutes spent in stage st (detect_mean, ...). */
const metric *metric_stage(inc_stage st);

const char *metric_name(const metric *m);    /* CSV column */
const char *metric_label(const metric *m);   /* display label, lower case */
const char *metric_unit(const metric *m);    /* e.g. "minutes", "%" */
const char *metric_axis(const metric *m);    /* y-axis label of a chart of it */
const char *metric_title(const metric *m);   /* heading of a chart of it */
bool metric_in(const metric *m, metric_file f);
/* Is m a column of the files of scenario s?  Every metric but those of a
 * mechanism s does not use (preemptions_mean: no party preempts), which are
 * left out so that those files keep their columns.  s NULL: the metrics of
 * every scenario (sweep.csv's columns, written before any point). */
bool metric_shown(const metric *m, const scenario *s);
bool metric_integer(const metric *m);        /* written as a whole number */
/* Which way is better: -1 lower, +1 higher, 0 neither (a count). */
int metric_direction(const metric *m);

/* Has a value in each replication (everything but the bounds of an
 * interval over the replications, which exist only for the whole point). */
bool metric_per_rep(const metric *m);

/* Has a per-replication value whose difference between two models is worth
 * an interval: per replication, and not a count (reps, incidents, events:
 * the same outages are replayed by every model).  The metrics paired.csv
 * and `sweep --all-metrics` compare. */
bool metric_pairable(const metric *m);

/* Its per-replication value needs each replication's own TTR histogram:
 * run the point with point_opts.rep_quantiles. */
bool metric_needs_rep_quantiles(const metric *m);

/* The level of rep_stats.ttr_q[i], i < METRIC_REP_Q. */
double metric_rep_q(int i);

/* Doubles of scratch space the functions below need for reps replications. */
#define METRIC_SCRATCH(reps) (3 * (size_t)(reps))

/* The value in replication k (0 <= k < s->reps): NaN where undefined (no
 * incident counted, or !metric_per_rep). */
double metric_rep(const metric *m, const metric_src *s, int k);

/* The model's value over the point: the cell of models.csv (severities.csv
 * when s->sev >= 0).  x: METRIC_SCRATCH(s->reps) doubles. */
double metric_value(const metric *m, const metric_src *s, double *x);

/* Mean and 95% interval over the replications of the per-replication
 * values (replications where it is undefined left out); all NaN when there
 * is none or !metric_per_rep. */
ci metric_ci(const metric *m, const metric_src *s, double *x);

/* Model a minus model b, paired over the replications where both are
 * defined (same point, so same replications): paired.csv's and the table's
 * interval (a scaled mean: of the unscaled values, then scaled). */
ci metric_paired(const metric *m, const metric_src *a, const metric_src *b, double *x);

/* A paired difference as paired.csv writes it. */
typedef struct metric_pair {
    ci d;           /* a minus b over the paired replications, as metric_paired;
                       lo, hi NaN when n < METRIC_MIN_REPS */
    double base;    /* b's mean over the same replications (scaled like d) */
    int n;          /* replications where both are defined */
} metric_pair;

/* metric_paired with the baseline's mean and the count of replications. */
metric_pair metric_pair_of(const metric *m, const metric_src *a, const metric_src *b,
                           double *x);

/* D = a minus b as breakeven compares them: the paired interval of the
 * per-replication values (each scaled first); for a metric with no
 * per-replication value, the difference of the point values with NaN
 * bounds.  A NaN mean when it is undefined everywhere. */
ci metric_diff(const metric *m, const metric_src *a, const metric_src *b, double *x);

/* The metric reference of docs/output.md (Markdown): what each column
 * means, its unit, and how it is computed per replication and per point. */
void metric_write_reference(FILE *f);

#endif
