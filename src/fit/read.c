/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * read.c — the outage CSV into columns for `ownsim fit`.
 *
 * Reads with csvr_read (libcsv); columns are found by header name
 * (t_occur, category, severity, effort; id, observed_ttr, opened and any
 * other column are ignored; an effort whose effort_source is "drawn" is
 * flagged in drawn[], so the effort fit leaves it out).  Invariants kept row by row: times finite,
 * in [0, 1e12] and non-decreasing; efforts in [0, 1e12] (zeros are kept here and
 * left out of the lognormal fit later); names are valid scenario names and
 * there are at most SCN_MAX_SEV severities and SCN_MAX_CAT categories, so
 * the fragment written from them always loads.  Every error names the file,
 * the line and the column.  Memory: four parallel arrays, doubled as needed.
 */
#include "fit_int.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/outages.h"

typedef struct reader {
    fit_data *d;          /* what is filled */
    os_error *e;          /* error sink */
} reader;

static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= SCN_NAME)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
            return 0;
    return 1;
}

static int intern(reader *R, const char *name, char (*names)[SCN_NAME],
                  long *lines, int *count, int max, long line, const char *col)
{
    for (int i = 0; i < *count; i++)
        if (!strcmp(names[i], name))
            return i;
    if (!valid_name(name))
        return err_set(R->e, OS_ERR_INPUT, R->d->path, (int)line, col,
                       "'%s' cannot be a scenario name (1 to %d letters, digits, "
                       "'_' or '-')", name, SCN_NAME - 1);
    if (*count == max)
        return err_set(R->e, OS_ERR_INPUT, R->d->path, (int)line, col,
                       "'%s' would be %s number %d; a scenario holds at most %d",
                       name, col, max + 1, max);
    memcpy(names[*count], name, strlen(name) + 1);
    lines[*count] = line;
    return (*count)++;
}

static int grow(reader *R, long line)
{
    fit_data *d = R->d;
    size_t cap = d->cap ? 2 * d->cap : 4096;
    double *t = realloc(d->t, cap * sizeof *t);
    if (t)
        d->t = t;
    double *x = t ? realloc(d->effort, cap * sizeof *x) : NULL;
    if (x)
        d->effort = x;
    unsigned char *c = x ? realloc(d->cat, cap) : NULL;
    if (c)
        d->cat = c;
    unsigned char *s = c ? realloc(d->sev, cap) : NULL;
    if (s)
        d->sev = s;
    unsigned char *dr = s ? realloc(d->drawn, cap) : NULL;
    if (!dr)
        return err_set(R->e, OS_ERR_ENV, d->path, (int)line, "", "out of memory");
    d->drawn = dr;
    d->cap = cap;
    return 0;
}

static int on_row(void *ctx, const outage_row *row, os_error *e)
{
    reader *R = ctx;
    fit_data *d = R->d;
    (void)e;
    int c = intern(R, row->category, d->catname, d->catline, &d->ncat, SCN_MAX_CAT,
                   row->line, "category");
    int s = c < 0 ? -1 : intern(R, row->severity, d->sevname, d->sevline, &d->nsev,
                                SCN_MAX_SEV, row->line, "severity");
    if (s < 0)
        return -1;
    if (d->n == d->cap && grow(R, row->line) < 0)
        return -1;
    d->t[d->n] = row->t;
    /* an effort import drew from a scenario says nothing about the data:
     * fitting it would return the scenario's own distribution */
    d->effort[d->n] = row->effort;
    d->drawn[d->n] = row->drawn;
    d->ndrawn += row->drawn;
    d->cat[d->n] = (unsigned char)c;
    d->sev[d->n] = (unsigned char)s;
    d->n++;
    return 0;
}

int fit_data_read(const char *path, fit_data *d, os_error *e)
{
    memset(d, 0, sizeof *d);
    d->path = path;
    reader R = {.d = d, .e = e};
    if (outrows_read(path, on_row, &R, e) < 0) {
        fit_data_free(d);
        return -1;
    }
    return 0;
}

void fit_data_free(fit_data *d)
{
    free(d->t);
    free(d->effort);
    free(d->cat);
    free(d->sev);
    free(d->drawn);
    d->drawn = NULL;
    free(d->reas);
    d->reas = NULL;
    d->t = d->effort = NULL;
    d->cat = d->sev = NULL;
    d->n = d->cap = 0;
}
