/*
 * read.c — the outage CSV into columns for `ownsim fit`.
 *
 * Reads with csvr_read (libcsv); columns are found by header name
 * (t_occur, category, severity, effort; id, observed_ttr, opened and any
 * other column are ignored).  Invariants kept row by row: times finite,
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

#include "ownsim/csvfile.h"

enum { COL_T, COL_CAT, COL_SEV, COL_EFFORT, NCOL };
static const char *const col_names[NCOL] = {"t_occur", "category", "severity", "effort"};

typedef struct reader {
    fit_data *d;          /* what is filled */
    int col[NCOL];        /* field index of each column */
    int header_done;      /* the header row has been read */
    os_error *e;          /* error sink */
} reader;

static int num_field(reader *R, const char *text, long line, const char *col,
                     double *out)
{
    char *end;
    double v = strtod(text, &end);
    while (*end == ' ')
        end++;
    if (!text[0] || *end || !isfinite(v) || v < 0)
        return err_set(R->e, OS_ERR_INPUT, R->d->path, (int)line, col,
                       "'%s' is not a finite number >= 0", text);
    if (v > FIT_MAX_MINUTES)
        return err_set(R->e, OS_ERR_INPUT, R->d->path, (int)line, col,
                       "'%s' minutes is beyond %g, the largest time the simulator "
                       "supports", text, FIT_MAX_MINUTES);
    *out = v;
    return 0;
}

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

/* Index of name in names[0..*count), added when new.  -1 with e set. */
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
    if (!s)
        return err_set(R->e, OS_ERR_ENV, d->path, (int)line, "", "out of memory");
    d->sev = s;
    d->cap = cap;
    return 0;
}

static int on_record(void *ctx, size_t nf, char **f, long line)
{
    reader *R = ctx;
    fit_data *d = R->d;
    if (!R->header_done) {
        for (int c = 0; c < NCOL; c++) {
            R->col[c] = -1;
            for (size_t i = 0; i < nf; i++)
                if (!strcmp(f[i], col_names[c]))
                    R->col[c] = (int)i;
            if (R->col[c] < 0)
                return err_set(R->e, OS_ERR_INPUT, d->path, (int)line, col_names[c],
                               "missing column '%s' in the header (needs t_occur, "
                               "category, severity, effort)", col_names[c]);
        }
        R->header_done = 1;
        return 0;
    }
    for (int c = 0; c < NCOL; c++)
        if ((size_t)R->col[c] >= nf)
            return err_set(R->e, OS_ERR_INPUT, d->path, (int)line, col_names[c],
                           "row has %zu fields, column '%s' is missing", nf, col_names[c]);
    double t = 0, x = 0;
    if (num_field(R, f[R->col[COL_T]], line, "t_occur", &t) < 0 ||
        num_field(R, f[R->col[COL_EFFORT]], line, "effort", &x) < 0)
        return -1;
    if (d->n && t < d->t[d->n - 1])
        return err_set(R->e, OS_ERR_INPUT, d->path, (int)line, "t_occur",
                       "times must not decrease (%s after %.17g)", f[R->col[COL_T]],
                       d->t[d->n - 1]);
    int c = intern(R, f[R->col[COL_CAT]], d->catname, d->catline, &d->ncat,
                   SCN_MAX_CAT, line, "category");
    int s = c < 0 ? -1 : intern(R, f[R->col[COL_SEV]], d->sevname, d->sevline,
                                &d->nsev, SCN_MAX_SEV, line, "severity");
    if (s < 0)
        return -1;
    if (d->n == d->cap && grow(R, line) < 0)
        return -1;
    d->t[d->n] = t;
    d->effort[d->n] = x;
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
    int rc = csvr_read(path, on_record, &R, e);
    if (rc == 0 && !R.header_done)
        rc = err_set(e, OS_ERR_INPUT, path, 1, "", "empty outage file (needs a header "
                     "row t_occur,category,severity,effort and at least one outage)");
    if (rc == 0 && d->n == 0)
        rc = err_set(e, OS_ERR_INPUT, path, 2, "", "no outages after the header "
                     "(at least one is needed)");
    if (rc != 0) {
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
    d->t = d->effort = NULL;
    d->cat = d->sev = NULL;
    d->n = d->cap = 0;
}
