/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * implied.h — what a scenario implies: the figures an IT director checks a
 * scenario against before believing its results (docs/model.md §12, "What a
 * scenario implies", gives every formula).
 *
 * From the scenario alone (`ownsim check`, and `run` too): incidents a year
 * (all, per severity, per user a month), business-wide (first-severity)
 * outages a year per site, and under each model each party's offered
 * hands-on work, staff time, utilisation and queue stability, and per
 * severity the share of incidents whose hands-on work alone exceeds the
 * resolve target.  From a run's results as well: downtime hours and cost a
 * year per model (and severity), and the cost as a share of revenue.
 *
 * The figures are plain rows, one per value (figure, model, party,
 * severity, value, unit, warning), in a fixed order: implied.csv is those
 * rows.  A value above its documented threshold carries a warning sentence,
 * which the command line prints as a warning; the library prints nothing
 * but the blocks it is asked to write to a stream.
 *
 * Ownership: implied_scenario/implied_results fill an implied the caller
 * frees with implied_free; rows point into static strings only.
 */
#ifndef OWNSIM_IMPLIED_H
#define OWNSIM_IMPLIED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "ownsim/error.h"
#include "ownsim/point.h"
#include "ownsim/scenario.h"

/* Warning thresholds (docs/model.md gives the reasons). */
#define IMPLIED_UTIL_WARN 85.0      /* utilisation, % of staff time */
#define IMPLIED_BREACH_WARN 5.0     /* % of a severity's incidents whose work alone
                                       exceeds the resolve target */
#define IMPLIED_COST_WARN 5.0       /* downtime cost a year, % of revenue */
#define IMPLIED_P1_SITE_WARN 24.0   /* first-severity outages a year per site */

#define IMPLIED_UNIT 32             /* bytes of a unit, e.g. "USD/year" */
#define IMPLIED_WARNING 256         /* bytes of a warning sentence */

typedef struct implied_row {
    const char *figure;             /* e.g. "utilisation_pct"; static */
    int model;                      /* index into s->model; -1: not per model */
    int party;                      /* index into s->party; -1: not per party */
    int sev;                        /* index into s->sev; -1: every severity */
    double value;                   /* NaN: not known (users or revenue unknown,
                                       no incident of the severity simulated) */
    char unit[IMPLIED_UNIT];        /* "incidents/year", "%", "USD/year", ... */
    char warning[IMPLIED_WARNING];  /* "" or why the value is implausible */
} implied_row;

typedef struct implied {
    implied_row *rows;              /* owned, n of them, in output order */
    size_t n;
    bool simulated;                 /* the downtime rows are there (implied_results) */
} implied;

/* The figures of s alone.  0, or -1 with e set (out of memory); *out is
 * then empty. */
int implied_scenario(const scenario *s, implied *out, os_error *e);

/* Those, then the downtime figures of r, the results of running s. */
int implied_results(const scenario *s, const point_result *r, implied *out, os_error *e);

void implied_free(implied *im);

/* Rows that carry a warning. */
size_t implied_nwarnings(const implied *im);

/* dir/implied.csv: figure, model, party, severity, value, unit, warning
 * (names, empty when not per model, party or severity; value empty when
 * not known).  0, or -1 with e set. */
int implied_write(const implied *im, const scenario *s, const char *dir, os_error *e);

/* The short aligned block `run` prints after its table (lines of at most
 * 100 columns for names of up to 16 characters). */
void implied_print(const implied *im, const scenario *s, FILE *f);

/* The block `check` prints after the resolved scenario: every line an INI
 * comment ("; "), so the output still reads back as the same scenario. */
void implied_print_comments(const implied *im, const scenario *s, FILE *f);

#endif
