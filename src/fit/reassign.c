/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * reassign.c — the observed_reassignments column of an outage CSV (as
 * `ownsim import` writes it from ServiceNow's reassignment_count and its
 * equivalents), and the Wilson interval of a share.
 *
 * The column is optional: outrows_read (the one outage reader) does not
 * know it, so this is a second pass with csvr_read over the same file,
 * which yields the same records in the same order; row i of the second
 * pass is row i of fit_data.  A blank cell is an unknown count (the export
 * did not say); anything else must be a whole number >= 0, else the file,
 * line and column are named.
 *
 * The misroute probability of a category is estimated as the share of its
 * rows with a known count that were reassigned at least once: in the model
 * (docs/model.md 4.4) the first assignment of a gray-area ticket is wrong
 * with probability misroute_prob, and only then is it reassigned.  The
 * interval is Wilson's score interval (Wilson 1927), which keeps inside
 * [0, 1] and holds its coverage at small n and at shares near 0 or 1,
 * where the normal (Wald) interval fails.
 */
#include "fit_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "ownsim/csvfile.h"
#include "ownsim/number.h"

#define COL_REAS "observed_reassignments"

typedef struct pass2 {
    fit_data *d;          /* what is filled */
    os_error *e;          /* error sink */
    long col;             /* index of the column; -1 = absent */
    int header_done;      /* the header was read */
    size_t row;           /* data rows seen */
} pass2;

static int on_record(void *ctx, size_t nf, char **f, long line)
{
    pass2 *P = ctx;
    fit_data *d = P->d;
    if (!P->header_done) {
        P->header_done = 1;
        P->col = csvr_column(d->path, line, nf, f, COL_REAS, CSVR_EXACT, NULL, P->e);
        if (P->col == -2)
            return -1;
        if (P->col < 0)
            return 1;     /* no such column: nothing more to read */
        if (!(d->reas = malloc((d->n ? d->n : 1) * sizeof *d->reas)))
            return err_set(P->e, OS_ERR_ENV, d->path, (int)line, "", "out of memory");
        return 0;
    }
    if (P->row >= d->n)
        return 1;
    if ((size_t)P->col >= nf)
        return err_set(P->e, OS_ERR_INPUT, d->path, (int)line, COL_REAS,
                       "row has %zu fields, column '%s' is missing", nf, COL_REAS);
    const char *text = f[P->col];
    size_t k = strspn(text, " \t");
    double v = NAN;
    if (text[k]) {
        long long w;
        size_t len = strlen(text);
        while (len > k && (text[len - 1] == ' ' || text[len - 1] == '\t'))
            len--;
        if (num_parse_int(text + k, len - k, &w) != NUM_OK || w < 0)
            return err_set(P->e, OS_ERR_INPUT, d->path, (int)line, COL_REAS,
                           "'%s' is not a whole number >= 0 (a count of reassignments; "
                           "leave the cell blank when it is unknown)", text);
        v = (double)w;
    }
    d->reas[P->row++] = v;
    return 0;
}

int fit_reassign_read(fit_data *d, os_error *e)
{
    pass2 P = {.d = d, .e = e, .col = -1};
    int rc = csvr_read(d->path, on_record, &P, e);
    if (rc < 0) {
        free(d->reas);
        d->reas = NULL;
        return -1;
    }
    if (d->reas && P.row != d->n) {   /* the file changed between the passes */
        free(d->reas);
        d->reas = NULL;
        return err_set(e, OS_ERR_INPUT, d->path, 0, COL_REAS,
                       "the file changed while it was read (%zu rows, then %zu)", d->n, P.row);
    }
    return 0;
}

void fit_wilson(long k, long n, fit_share *s)
{
    s->n = n;
    s->k = k;
    s->p = s->lo = s->hi = NAN;
    if (n <= 0)
        return;
    double z = gsl_cdf_ugaussian_Pinv(0.975), nn = (double)n, p = (double)k / nn;
    double den = 1 + z * z / nn;
    double mid = (p + z * z / (2 * nn)) / den;
    double half = z / den * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
    s->p = p;
    s->lo = fmax(0, mid - half);
    s->hi = fmin(1, mid + half);
}
