/*
 * import.h — a ticket export (ServiceNow, Jira Service Management, Zendesk
 * CSV) turned into ownsim's outage CSV.
 *
 * Each row's opening time, priority and category are read from the columns
 * the map names; priorities and free-text categories are mapped to the
 * scenario's severities and categories; rows that cannot be used are
 * skipped and reported with their line and reason (or, with strict, the
 * first one is an error).  Without an effort column, each incident's effort
 * is drawn from the scenario's effort distribution for its severity, with a
 * uniform fixed by (seed, incident): the same import gives the same file.
 * Times become minutes from Monday 00:00 (in the time zone given) of the week
 * of the earliest ticket, as the simulator counts them.
 */
#ifndef OWNSIM_IMPORT_H
#define OWNSIM_IMPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "ownsim/error.h"
#include "ownsim/scenario.h"

typedef struct import_opts {
    const char *tickets;        /* the export, CSV with a header row */
    const scenario *s;          /* names, effort distributions, seed; borrowed */
    const char *map;            /* "opened=COL,priority=COL,category=COL[,resolved=COL][,effort=COL]" */
    const char *date_format;    /* strptime format; NULL = recognise the common ones */
    const char *tz;             /* IANA zone of times without an offset; NULL = UTC */
    const char *category_map;   /* CSV "from,to": export category -> scenario category; NULL = none */
    const char *priority_map;   /* CSV "from,to": export priority -> scenario severity; NULL = built-in rules */
    bool strict;                /* the first unusable row is an error */
    const char *out;            /* the outage CSV to write (atomically) */
    FILE *report;               /* skipped rows and the summary go here; NULL = nowhere */
} import_opts;

typedef struct import_result {
    long rows;                  /* data rows read */
    long kept;                  /* rows written as outages */
    long skipped;               /* rows skipped (each reported) */
} import_result;

/* Import.  0 with *r filled, or -1 with e set (OS_ERR_INPUT naming the file,
 * line and column for bad input or, with strict, the first unusable row). */
int import_run(const import_opts *o, import_result *r, os_error *e);

#endif
