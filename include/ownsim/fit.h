/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fit.h — estimating a scenario from an outage CSV.
 *
 * From the outages (as `ownsim import` or `ownsim outages` write them) it
 * estimates, with GSL: the weekly arrival profile (per_week and the
 * weekday/weekend hourly weights), the category mix, the severity mix of
 * each category, each severity's effort distribution (lognormal, gamma,
 * Weibull and exponential by maximum likelihood, the least AIC chosen, with
 * Kolmogorov-Smirnov and Anderson-Darling statistics whose p-values come
 * from a parametric bootstrap) and, when the file has an
 * observed_reassignments column, the misroute probability of each category
 * with its Wilson interval.  It writes either a fragment that a scenario
 * includes (include = fitted.ini) beside its parties and models, or with
 * `into` a complete scenario: the template resolved, its keys replaced by
 * the fitted values, the replacements listed in comments and the report.
 */
#ifndef OWNSIM_FIT_H
#define OWNSIM_FIT_H

#include <stdint.h>
#include <stdio.h>
#include "ownsim/error.h"

#define FIT_BOOTSTRAP_DEFAULT 199   /* bootstrap samples per severity by default */

typedef struct fit_opts {
    const char *outages;        /* outage CSV: t_occur, category, severity, effort
                                   [, observed_reassignments] */
    const char *scenario;       /* optional: order severities and categories as this scenario does; NULL = by name */
    const char *into;           /* optional: template scenario written whole with the fitted
                                   values (orders like scenario; not both); NULL = a fragment */
    const char *model;          /* with into: the model whose misroute_prob takes the
                                   estimate; NULL = the estimate in comments only */
    int bootstrap;              /* bootstrap samples per severity (0 = no p-values) */
    uint64_t seed;              /* seed of the bootstrap */
    const char *out;            /* file to write (atomically); NULL = to `fragment` */
    FILE *fragment;             /* where the output goes when out is NULL (e.g. stdout) */
    FILE *report;               /* goodness of fit and warnings go here; NULL = nowhere */
} fit_opts;

/* Fit.  0, or -1 with e set (OS_ERR_INPUT for an unusable file). */
int fit_run(const fit_opts *o, os_error *e);

#endif
