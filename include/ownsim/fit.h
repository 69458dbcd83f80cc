/*
 * fit.h — estimating a scenario fragment from an outage CSV.
 *
 * From the outages (as `ownsim import` or `ownsim outages` write them) it
 * estimates, with GSL: the weekly arrival profile (per_week and the
 * weekday/weekend hourly weights), the category mix, the severity mix of
 * each category, and each severity's effort distribution (lognormal by
 * maximum likelihood, written as median and p90).  Each fitted distribution
 * gets a Kolmogorov-Smirnov statistic; a poor fit or a small sample is
 * reported as a warning.  The fragment is INI that a scenario can include
 * (include = fitted.ini) beside its parties and models.
 */
#ifndef OWNSIM_FIT_H
#define OWNSIM_FIT_H

#include <stdio.h>
#include "ownsim/error.h"

typedef struct fit_opts {
    const char *outages;        /* outage CSV: t_occur, category, severity, effort */
    const char *scenario;       /* optional: order severities and categories as this scenario does; NULL = by name */
    const char *out;            /* fragment to write (atomically); NULL = to `fragment` */
    FILE *fragment;             /* where the fragment goes when out is NULL (e.g. stdout) */
    FILE *report;               /* goodness of fit and warnings go here; NULL = nowhere */
} fit_opts;

/* Fit.  0, or -1 with e set (OS_ERR_INPUT for an unusable file). */
int fit_run(const fit_opts *o, os_error *e);

#endif
