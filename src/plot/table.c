/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * table.c — a results CSV in memory for the charts (see plot_int.h).
 *
 * Read with csvr_read (libcsv), never by hand.  The header is matched by
 * name, so added or reordered columns do not matter; only the columns asked
 * for are kept, and only the rows the filter keeps, so a sweep.csv of a
 * million rows costs memory for the few columns and rows a chart draws.
 * Invariants: every kept row has exactly ncols cells (a short row is an
 * error, not a shifted row); every cell is an owned NUL-terminated string;
 * numbers are read by number.h's one grammar (no hex, inf, nan, blanks).
 */
#include "plot_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/csvfile.h"
#include "ownsim/number.h"

/* Reading state shared with the record callback. */
typedef struct rdstate {
    ptable *t;                  /* the table being filled */
    const char *const *want;    /* columns asked for, NULL = all */
    size_t nwant;               /* their number */
    size_t *src;                /* kept column i is field src[i] of a row */
    size_t nsrc;                /* fields a row must have at least */
    ptable_keep_fn keep;        /* row filter, may be NULL */
    void *ctx;                  /* its context */
    size_t max_rows;            /* stop after this many rows, 0 = all */
    char **row;                 /* the current row's kept cells (borrowed) */
    int header_seen;            /* 0 until the header was read */
    os_error *e;                /* where errors go */
} rdstate;

static int on_header(rdstate *st, size_t nf, char **fields, long line)
{
    ptable *t = st->t;
    size_t n = st->want ? st->nwant : nf;
    t->names = calloc(n ? n : 1, sizeof *t->names);
    st->src = calloc(n ? n : 1, sizeof *st->src);
    st->row = calloc(n ? n : 1, sizeof *st->row);
    if (!t->names || !st->src || !st->row)
        return err_set(st->e, OS_ERR_ENV, t->path, 0, "", "out of memory");
    t->ncols = n;
    for (size_t i = 0; i < n; i++) {
        const char *name = st->want ? st->want[i] : fields[i];
        size_t j = 0;
        while (j < nf && strcmp(fields[j], name) != 0)
            j++;
        if (j == nf)
            return err_set(st->e, OS_ERR_INPUT, t->path, (int)line, name,
                           "no such column in the header (is this file "
                           "from an older ownsim?)");
        st->src[i] = j;
        if (j + 1 > st->nsrc)
            st->nsrc = j + 1;
        t->names[i] = strdup(name);
        if (!t->names[i])
            return err_set(st->e, OS_ERR_ENV, t->path, 0, "",
                           "out of memory");
    }
    st->header_seen = 1;
    return 0;
}

static int on_record(void *vst, size_t nf, char **fields, long line)
{
    rdstate *st = vst;
    ptable *t = st->t;
    if (!st->header_seen)
        return on_header(st, nf, fields, line) < 0 ? -1 : 0;
    if (nf < st->nsrc)
        return err_set(st->e, OS_ERR_INPUT, t->path, (int)line, "",
                       "%zu fields, the header has at least %zu", nf,
                       st->nsrc);
    for (size_t i = 0; i < t->ncols; i++)
        st->row[i] = fields[st->src[i]];
    if (st->keep && !st->keep(st->ctx, st->row))
        return 0;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        char **c = realloc(t->cells, cap * (t->ncols ? t->ncols : 1) *
                                         sizeof *c);
        if (c)
            t->cells = c;
        long *l = c ? realloc(t->lines, cap * sizeof *l) : NULL;
        if (!l)
            return err_set(st->e, OS_ERR_ENV, t->path, 0, "",
                           "out of memory");
        t->lines = l;
        t->cap = cap;
    }
    char **cells = t->cells + t->nrows * t->ncols;
    for (size_t i = 0; i < t->ncols; i++) {
        cells[i] = strdup(st->row[i]);
        if (!cells[i]) {
            /* keep the table consistent: free this row's cells */
            for (size_t k = 0; k < i; k++)
                free(cells[k]);
            return err_set(st->e, OS_ERR_ENV, t->path, 0, "",
                           "out of memory");
        }
    }
    t->lines[t->nrows++] = line;
    if (st->max_rows && t->nrows >= st->max_rows)
        return 1;   /* enough: stop reading */
    return 0;
}

int ptable_load(const char *path, const char *const *want, size_t nwant,
                ptable_keep_fn keep, void *ctx, size_t max_rows,
                ptable **out, os_error *e)
{
    *out = NULL;
    ptable *t = calloc(1, sizeof *t);
    if (t)
        t->path = strdup(path);
    if (!t || !t->path) {
        free(t);
        return err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
    }
    rdstate st = {.t = t, .want = want, .nwant = nwant, .keep = keep,
                  .ctx = ctx, .max_rows = max_rows, .e = e};
    int rc = csvr_read(path, on_record, &st, e);
    free(st.src);
    free(st.row);
    if (rc < 0) {
        ptable_destroy(t);
        return -1;
    }
    if (!st.header_seen) {
        ptable_destroy(t);
        return err_set(e, OS_ERR_INPUT, path, 0, "", "empty file (no header)");
    }
    *out = t;
    return 0;
}

void ptable_destroy(ptable *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    for (size_t i = 0; t->names && i < t->ncols; i++)
        free(t->names[i]);
    free(t->names);
    free(t->cells);
    free(t->lines);
    free(t->path);
    free(t);
}

const char *ptable_str(const ptable *t, size_t row, size_t col)
{
    return t->cells[row * t->ncols + col];
}

int ptable_col(const ptable *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (!strcmp(t->names[i], name))
            return (int)i;
    return -1;
}

int ptable_num(const ptable *t, size_t row, size_t col, double *x,
               os_error *e)
{
    const char *s = ptable_str(t, row, col);
    if (!*s) {
        *x = NAN;   /* the writers leave a field empty when it has no value */
        return 0;
    }
    num_status st = num_parse_str(s, x);
    if (st != NUM_OK)
        return err_set(e, st == NUM_NOMEM ? OS_ERR_ENV : OS_ERR_INPUT, t->path,
                       (int)t->lines[row], t->names[col], "'%s' %s", s,
                       num_why(st));
    return 0;
}
