/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * metric_spec.h — a metric as named on the command line: `NAME` for every
 * counted incident, or `NAME:SEV` for one severity's incidents only
 * (`ttr_mean:P1`, `sla_breach_pct:P1`).  Used wherever a metric is named
 * (`--metric`, `--precision`, goal-seek targets), so that all of them take
 * the same syntax and give the same errors.
 *
 * NAME is a column of models.csv (metric_lookup); SEV is the name of one of
 * the scenario's severities ([severity.SEV], compared exactly), and then
 * NAME must have a per-severity value (a column of severities.csv:
 * metric_in(m, METRIC_SEVERITIES)).  The spec's sev is what metric_src.sev
 * takes (point_src's sev argument): -1, or an index into scenario.sev.
 * Nothing is allocated; the metric is a static row of the table.
 */
#ifndef OWNSIM_METRIC_SPEC_H
#define OWNSIM_METRIC_SPEC_H

#include <stddef.h>
#include "ownsim/error.h"
#include "ownsim/metric.h"
#include "ownsim/scenario.h"

/* Longest NAME:SEV written by metric_spec_format, + 1. */
#define METRIC_SPEC_NAME (64 + SCN_NAME)

typedef struct metric_spec {
    const metric *m;   /* the metric; a static row of the table, never freed */
    int sev;           /* -1: every counted incident; else an index into s->sev */
} metric_spec;

/* Parse text (NAME or NAME:SEV) against scenario s (its severities).  0, or
 * -1 with e (OS_ERR_INPUT) naming opt (e.g. "--metric") as its origin and
 * saying what is wrong: an unknown metric with the closest name, an unknown
 * or empty severity with the scenario's severities listed, a metric with
 * no per-severity value with those that have one. */
int metric_spec_parse(const char *text, const scenario *s, const char *opt,
                      metric_spec *out, os_error *e);

/* The spec as text, NAME or NAME:SEV, into buf (n bytes; METRIC_SPEC_NAME
 * always suffices).  Returns buf. */
const char *metric_spec_format(const metric_spec *sp, const scenario *s, char *buf,
                               size_t n);

#endif
