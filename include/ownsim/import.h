/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * import.h — a ticket export (ServiceNow, Jira Service Management, Zendesk
 * CSV) turned into ownsim's outage CSV.
 *
 * Rows the --where filters drop are left out first.  Each remaining row's
 * opening time, priority and category are read from the columns the map
 * names; priorities and free-text categories are mapped to the scenario's
 * severities and categories; rows that cannot be used are skipped and
 * reported with their line and reason (or, with strict, the first one is an
 * error), the distinct values no map or rule knows are listed with their
 * counts, and more than a set share of skipped rows is warned of (with
 * strict and max_skipped, refused).  An effort that is missing (no column,
 * a blank or an unparseable value) is drawn from the scenario's effort
 * distribution for its severity, with a uniform fixed by (seed, incident),
 * and flagged as drawn: the same import gives the same file.  A bare number
 * in the effort column is read in effort_unit, and a day and a week in
 * "1d 4h" notation have the lengths work_day and work_week give (a week none
 * until it is given); when the median of the bare numbers is an implausible
 * effort, the column is said to look like another unit (with strict, refused).
 * Times become minutes from Monday 00:00 (in the time zone given) of the week
 * of the earliest ticket, as the simulator counts them.
 */
#ifndef OWNSIM_IMPORT_H
#define OWNSIM_IMPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "ownsim/error.h"
#include "ownsim/scenario.h"

/* The unit of an effort written as a bare number ("90"). */
typedef enum import_effort_unit {
    IMPORT_UNIT_MINUTES = 0,    /* the default */
    IMPORT_UNIT_SECONDS,        /* Jira's Time Spent, Zendesk's Time Tracking fields */
    IMPORT_UNIT_HOURS
} import_effort_unit;

typedef struct import_opts {
    const char *tickets;        /* the export, CSV with a header row */
    const scenario *s;          /* names, effort distributions, seed; borrowed */
    const char *map;            /* "opened=COL,priority=COL,category=COL[,resolved=COL][,effort=COL]" */
    const char *date_format;    /* strptime format; NULL = recognise the common ones */
    const char *tz;             /* IANA zone of times without an offset; NULL = UTC */
    const char *category_map;   /* CSV "from,to": export category -> scenario category; NULL = none */
    const char *priority_map;   /* CSV "from,to": export priority -> scenario severity; NULL = built-in rules */
    const char *group_map;      /* CSV "from,to": export assignment group -> scenario party; NULL = party names only */
    const char *const *where;   /* row filters "COL=V1,V2" / "COL!=V1,V2", all must pass; borrowed */
    int nwhere;                 /* entries of where */
    bool strict;                /* without max_skipped_set: the first unusable row is an error;
                                   with it: more than max_skipped percent skipped is */
    bool max_skipped_set;       /* max_skipped was given; else IMPORT_MAX_SKIPPED_DEFAULT */
    double max_skipped;         /* percent of the rows past --where that may be skipped
                                   before a warning (with strict: the error), 0..100 */
    import_effort_unit effort_unit; /* unit of a bare number in the effort column */
    double work_day;            /* hours in a d/day of the effort column, (0, 24]; 0 = 24 */
    double work_week;           /* days (of work_day) in a w/week, (0, 7]; 0 = w is no unit */
    const char *write_maps;     /* folder for the map templates (categories.csv,
                                   priorities.csv, groups.csv); NULL = none */
    const char *out;            /* the outage CSV to write (atomically) */
    FILE *report;               /* skipped rows and the summary go here; NULL = nowhere */
} import_opts;

/* The median effort, in minutes, of the efforts written as bare numbers
 * must lie within these bounds; outside them the column looks to be in
 * another unit than effort_unit, which is warned of (with strict, refused). */
#define IMPORT_EFFORT_MEDIAN_MIN 1.0
#define IMPORT_EFFORT_MEDIAN_MAX 1000.0

/* The share of skipped rows above which the import warns, in percent. */
#define IMPORT_MAX_SKIPPED_DEFAULT 10.0

typedef struct import_result {
    long rows;                  /* data rows read */
    long filtered;              /* rows the --where filters left out */
    long kept;                  /* rows written as outages */
    long skipped;               /* rows skipped (each reported) */
    long drawn;                 /* kept rows whose effort was drawn (effort_source = drawn) */
} import_result;

/* Import.  0 with *r filled (rows = filtered + kept + skipped), or -1 with
 * e set (OS_ERR_INPUT naming the file, line and column for bad input or,
 * with strict, the first unusable row, the share skipped or an effort
 * column that looks like another unit) and no outage
 * CSV written.  The map templates are written whenever the whole export was
 * read, also when the import then fails (they are what fixes it). */
int import_run(const import_opts *o, import_result *r, os_error *e);

#endif
