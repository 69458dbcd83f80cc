/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dist.c — parsing, sampling by inversion and printing of distributions
 * (see dist.h).
 *
 * Natural parameters p[] by kind (given[] holds the written values in the
 * order of the written form's keys, see `families` below):
 *   CONST        p0 = value
 *   UNIFORM      p0 = min, p1 = max
 *   EXPONENTIAL  p0 = mean                 (form 1 writes rate = 1/mean)
 *   LOGNORMAL    p0 = mu, p1 = sigma       (of the underlying normal)
 *   GAMMA        p0 = shape, p1 = scale
 *   WEIBULL      p0 = shape, p1 = scale
 *   TRIANGULAR   p0 = min, p1 = mode, p2 = max
 *   EMPIRICAL    none: data[0..n) sorted ascending, file, column
 *
 * Invariants:
 *  - p[] is a pure function of (kind, form, given[]), so printing given[]
 *    with round-tripping digits and parsing it back rebuilds p[] bit for bit.
 *  - Every accepted distribution has support in [0, inf): the checks in
 *    dist_parse() are what lets the engine treat every draw as a duration.
 *  - dist_quantile() is non-decreasing in u for every kind (common random
 *    numbers and "more delay never helps" rely on it), and finite for every
 *    u in (0,1): gamma shapes are limited to where GSL's inverse converges,
 *    and parameters whose largest draw or mean overflows are rejected.
 *  - Parsing never leaves anything allocated on failure; *out is then a
 *    constant 0.
 *  - dist_cdf() inverts dist_quantile(): cdf(quantile(u)) = u wherever the
 *    quantile rises strictly (every continuous family, an empirical column
 *    between different values).
 *
 * Costs: dist_parse O(length of text), plus O(n log n) and n doubles for an
 * empirical column of n values; dist_quantile O(1) (gamma: at most 33 GSL
 * Newton steps); dist_cdf O(1), empirical O(log n); dist_format O(length of
 * output).
 */
/* realpath() is an XSI function: glibc hides it under plain POSIX. */
#define _XOPEN_SOURCE 700

#include "ownsim/dist.h"
#include "ownsim/csvfile.h"
#include "ownsim/number.h"
#include "ownsim/rng.h"
#include "ownsim/suggest.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#define MAX_ARGS 6      /* more parameters than any family takes, for errors */
#define MAX_KEYS 3      /* keys of the longest form */
#define MAX_FORMS 3     /* forms of the richest family */

/* gsl_cdf_gamma_Pinv's Newton iteration fails to converge (and calls the GSL
 * error handler, an abort by default) for shapes below about 0.15 or above
 * about 1000, somewhere in u; within these bounds it converged for every u
 * tried in [2^-53, 1 - 2^-53] (both tails on a fine log grid, and 10^5
 * random u for each of 400 shapes). */
#define GAMMA_SHAPE_MIN 0.2
#define GAMMA_SHAPE_MAX 500.0

/* One family: its name and the key sets of its written forms. */
typedef struct family {
    const char *name;                          /* as written, lower case */
    dist_kind kind;                            /* what it parses to */
    const char *keys[MAX_FORMS][MAX_KEYS + 1]; /* per form, NULL-ended;
                                                  an empty form is not
                                                  written with keys */
} family;

/* Order of the forms is the `form` number; order of the keys is the order
 * of given[]. */
static const family families[] = {
    {"const", DIST_CONST, {{NULL}, {NULL}, {"value", NULL}}},
    {"uniform", DIST_UNIFORM, {{"min", "max", NULL}}},
    {"exponential", DIST_EXPONENTIAL, {{"mean", NULL}, {"rate", NULL}}},
    {"lognormal", DIST_LOGNORMAL,
     {{"median", "p90", NULL}, {"mu", "sigma", NULL}, {"mean", "sd", NULL}}},
    {"gamma", DIST_GAMMA,
     {{"shape", "scale", NULL}, {"mean", "sd", NULL}}},
    {"weibull", DIST_WEIBULL, {{"shape", "scale", NULL}}},
    {"triangular", DIST_TRIANGULAR, {{"min", "mode", "max", NULL}}},
    {"empirical", DIST_EMPIRICAL, {{"file", "column", NULL}}},
};
#define NFAMILIES (sizeof families / sizeof families[0])

enum { CONST_BARE, CONST_POSITIONAL, CONST_KEYED };   /* forms of const */

/* A piece of the input text (not NUL-terminated). */
typedef struct slice {
    const char *s;   /* first character */
    size_t n;        /* length */
} slice;

/* One "key=value" (key empty for const's positional value). */
typedef struct arg {
    slice key;       /* parameter name */
    slice val;       /* value, without surrounding quotes */
    int quoted;      /* value was in double quotes ("" stands for ") */
} arg;

static int fail(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t whylen, const char *fmt, ...)
{
    if (why && whylen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, whylen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static slice trim(slice x)
{
    while (x.n && is_blank(x.s[0])) {
        x.s++;
        x.n--;
    }
    while (x.n && is_blank(x.s[x.n - 1]))
        x.n--;
    return x;
}

static int slice_is(slice x, const char *w)
{
    return strlen(w) == x.n && memcmp(x.s, w, x.n) == 0;
}

/* The same, ASCII letters in any case. */
static int slice_is_ci(slice x, const char *w)
{
    if (strlen(w) != x.n)
        return 0;
    for (size_t i = 0; i < x.n; i++)
        if (tolower((unsigned char)x.s[i]) != w[i])
            return 0;
    return 1;
}

/* ------------------------------------------------------ "did you mean" */

/* " (did you mean 'x'?)" for the closest candidate (suggest.h), or "".
 * Returns a pointer into buf. */
static const char *did_you_mean(slice word, const char *const *cands,
                                size_t n, char *buf, size_t len)
{
    char w[64];
    if (word.n >= sizeof w)
        return "";
    memcpy(w, word.s, word.n);
    w[word.n] = '\0';
    const char *best = suggest_closest(w, cands, n);
    if (!best)
        return "";
    snprintf(buf, len, " (did you mean '%s'?)", best);
    return buf;
}

/* ----------------------------------------------------------- numbers */

/* Shortest of %.15g / %.17g that reads back exactly. */
static void fmt_num(char *buf, size_t len, double x)
{
    snprintf(buf, len, "%.15g", x);
    double back;
    if (num_parse_str(buf, &back) != NUM_OK || back != x)
        snprintf(buf, len, "%.17g", x);
}

/* Parse a numeric value (number.h: decimal only); -1 with why[] set, quoting
 * the value as it was written (quotes included). */
static int parse_num(slice key, const arg *a, double *x, char *why,
                     size_t whylen)
{
    const char *what = key.n ? "value of " : "value";
    int shown = a->val.n > 60 ? 60 : (int)a->val.n;
    const char *more = a->val.n > 60 ? "..." : "";
    if (a->quoted)
        return fail(why, whylen, "%s%.*s is not a number: \"%.*s%s\" is quoted text "
                    "(write a number without quotes)", what, (int)key.n, key.s,
                    shown, a->val.s, more);
    double v;
    num_status st = num_parse(a->val.s, a->val.n, &v);
    if (st != NUM_OK)
        return fail(why, whylen, "%s%.*s is not a number: '%.*s%s' %s", what,
                    (int)key.n, key.s, shown, a->val.s, more, num_why(st));
    *x = v;
    return 0;
}

/* A quoted or plain value as a new string, "" undone.  NULL: no memory. */
static char *value_str(const arg *a)
{
    char *s = malloc(a->val.n + 1);
    if (!s)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < a->val.n; i++) {
        s[k++] = a->val.s[i];
        if (a->quoted && a->val.s[i] == '"' && i + 1 < a->val.n &&
            a->val.s[i + 1] == '"')
            i++;
    }
    s[k] = '\0';
    return s;
}

/* --------------------------------------------------------- empirical */

/* State of reading one column of an empirical CSV. */
typedef struct emp_rd {
    const char *file;    /* absolute path, for messages */
    const char *column;  /* wanted column */
    long col;            /* its index, -1 before the header */
    size_t nf;           /* fields of the header: every row has as many */
    double *data;        /* values read so far, owned */
    size_t n;            /* number of values */
    size_t cap;          /* capacity of data */
    char *why;           /* reason buffer of dist_parse */
    size_t whylen;       /* its size */
    bool oom;            /* failed for lack of memory */
} emp_rd;

static int emp_record(void *vctx, size_t nf, char **f, long line)
{
    emp_rd *r = vctx;
    if (r->col < 0) {
        os_error e = {0};
        long k = csvr_column(r->file, line, nf, f, r->column, CSVR_EXACT, NULL, &e);
        if (k == -2) {
            fail(r->why, r->whylen, "%s:%ld: %s", r->file, line, e.msg);
            return 1;
        }
        if (k >= 0) {
            r->col = k;
            r->nf = nf;
            return 0;
        }
        /* Name the columns there are: the usual mistake is a typo. */
        char list[256] = "";
        size_t len = 0;
        for (size_t i = 0; i < nf && len < sizeof list; i++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                    i ? ", " : "", f[i]);
        fail(r->why, r->whylen, "%s:%ld: no column '%s' (columns: %s)",
             r->file, line, r->column, list);
        return 1;
    }
    /* a row with more or fewer fields than the header has its values in
     * other columns than their names say: which is meant is a guess */
    if (nf != r->nf) {
        fail(r->why, r->whylen, "%s:%ld: row has %zu field%s, the header has %zu",
             r->file, line, nf, nf == 1 ? "" : "s", r->nf);
        return 1;
    }
    const char *s = f[r->col];
    size_t n = strlen(s);
    while (n && is_blank(*s)) {
        s++;
        n--;
    }
    while (n && is_blank(s[n - 1]))
        n--;
    if (n == 0) {
        fail(r->why, r->whylen, "%s:%ld: no value in column '%s'", r->file,
             line, r->column);
        return 1;
    }
    double v;
    num_status st = num_parse(s, n, &v);
    if (st != NUM_OK) {
        fail(r->why, r->whylen, "%s:%ld: column '%s': '%.60s' %s",
             r->file, line, r->column, f[r->col], num_why(st));
        return 1;
    }
    if (v < 0) {
        fail(r->why, r->whylen,
             "%s:%ld: column '%s': '%.60s' must be a finite number >= 0",
             r->file, line, r->column, f[r->col]);
        return 1;
    }
    if (r->n == r->cap) {
        size_t nc = r->cap ? 2 * r->cap : 256;
        double *d = realloc(r->data, nc * sizeof *d);
        if (!d) {
            fail(r->why, r->whylen, "%s: out of memory", r->file);
            r->oom = true;
            return 1;
        }
        r->data = d;
        r->cap = nc;
    }
    r->data[r->n++] = v;
    return 0;
}

/* Resolve, read and sort the column; fills out->file/column/data/n.  0, -1
 * (why says why), or -2 when memory or the reading failed (dist_parse). */
static int load_empirical(const arg *fa, const arg *ca, const char *base_dir,
                          dist *out, char *why, size_t whylen)
{
    char *file = value_str(fa);
    char *column = value_str(ca);
    char *joined = NULL, *abs = NULL;
    emp_rd r = {.col = -1, .why = why, .whylen = whylen};
    int rc = -1;
    if (!file || !column) {
        fail(why, whylen, "out of memory");
        r.oom = true;
        goto done;
    }
    if (!file[0] || !column[0]) {
        fail(why, whylen, "empirical needs a non-empty %s",
             file[0] ? "column" : "file");
        goto done;
    }
    const char *path = file;
    if (file[0] != '/' && base_dir && base_dir[0]) {
        size_t n = strlen(base_dir) + strlen(file) + 2;
        joined = malloc(n);
        if (!joined) {
            fail(why, whylen, "out of memory");
            r.oom = true;
            goto done;
        }
        snprintf(joined, n, "%s/%s", base_dir, file);
        path = joined;
    }
    abs = realpath(path, NULL);
    if (!abs) {
        r.oom = errno == ENOMEM;
        fail(why, whylen, "empirical file '%s': %s", path, strerror(errno));
        goto done;
    }
    r.file = abs;
    r.column = column;
    os_error e = {0};
    int got = csvr_read(abs, emp_record, &r, &e);
    if (got == -1) {
        char at[32] = "";
        if (e.line > 0)
            snprintf(at, sizeof at, ":%d", e.line);
        fail(why, whylen, "%s%s: %s%s%s", abs, at, e.key, e.key[0] ? ": " : "", e.msg);
        r.oom = e.kind == OS_ERR_ENV;
        goto done;
    }
    if (got != 0)
        goto done;   /* emp_record wrote why[] */
    if (r.col < 0) {
        fail(why, whylen, "%s is empty: expected a header row with column "
             "'%s'", abs, column);
        goto done;
    }
    if (r.n == 0) {
        fail(why, whylen, "%s: column '%s' has no values", abs, column);
        goto done;
    }
    gsl_sort(r.data, 1, r.n);
    out->data = r.data;
    out->n = r.n;
    out->file = abs;
    out->column = column;
    r.data = NULL;
    abs = NULL;
    column = NULL;
    rc = 0;
done:
    free(r.data);
    free(abs);
    free(joined);
    free(file);
    free(column);
    return rc == 0 ? 0 : r.oom ? -2 : -1;
}

/* ------------------------------------------------------------ parsing */

/* "median and p90, mu and sigma, or mean and sd" into buf. */
static const char *forms_text(const family *fam, char *buf, size_t len)
{
    size_t at = 0;
    int nforms = 0;
    for (int f = 0; f < MAX_FORMS; f++)
        if (fam->keys[f][0])
            nforms++;
    buf[0] = '\0';
    int seen = 0;
    for (int f = 0; f < MAX_FORMS && at < len; f++) {
        if (!fam->keys[f][0])
            continue;
        const char *sep = seen == 0 ? ""
                          : seen == nforms - 1 ? (nforms > 2 ? ", or " : " or ")
                                               : ", ";
        at += (size_t)snprintf(buf + at, len - at, "%s", sep);
        for (int k = 0; fam->keys[f][k] && at < len; k++) {
            const char *ksep = k == 0 ? "" : fam->keys[f][k + 1] ? ", "
                                                                 : " and ";
            at += (size_t)snprintf(buf + at, len - at, "%s%s", ksep,
                                   fam->keys[f][k]);
        }
        seen++;
    }
    return buf;
}

static int form_has(const family *fam, int f, slice key)
{
    for (int k = 0; fam->keys[f][k]; k++)
        if (slice_is(key, fam->keys[f][k]))
            return 1;
    return 0;
}

/* Split "k=v, k=v" (between the parentheses) into args. */
static int split_args(slice body, arg *args, int *nargs, char *why,
                      size_t whylen)
{
    *nargs = 0;
    body = trim(body);
    if (body.n == 0)
        return 0;
    size_t i = 0;
    for (;;) {
        size_t start = i;
        int inq = 0;
        const char *eq = NULL;
        while (i < body.n && (inq || body.s[i] != ',')) {
            if (body.s[i] == '"')
                inq = !inq;
            else if (!inq && body.s[i] == '=' && !eq)
                eq = body.s + i;
            i++;
        }
        slice item = trim((slice){body.s + start, i - start});
        if (item.n == 0)
            return fail(why, whylen, "empty parameter (stray comma?)");
        if (*nargs == MAX_ARGS)
            return fail(why, whylen, "too many parameters");
        arg *a = &args[(*nargs)++];
        if (eq) {
            a->key = trim((slice){item.s, (size_t)(eq - item.s)});
            a->val = trim((slice){eq + 1, (size_t)(item.s + item.n - eq - 1)});
            if (a->key.n == 0)
                return fail(why, whylen, "parameter name missing before '='");
            if (a->val.n == 0)
                return fail(why, whylen, "value of %.*s is missing",
                            (int)a->key.n, a->key.s);
        } else {
            a->key = (slice){item.s, 0};
            a->val = item;
        }
        a->quoted = 0;
        if (a->val.s[0] == '"') {
            if (a->val.n < 2 || a->val.s[a->val.n - 1] != '"')
                return fail(why, whylen, "unbalanced quote in '%.*s'",
                            (int)item.n, item.s);
            a->val.s++;
            a->val.n -= 2;
            a->quoted = 1;
        } else if (memchr(a->val.s, '"', a->val.n)) {
            return fail(why, whylen, "stray quote in '%.*s'", (int)item.n,
                        item.s);
        }
        if (i == body.n)
            return 0;
        i++;   /* the comma */
    }
}

/* Both given parameters must be > 0 (named k1 and k2, written a and b). */
static int both_positive(const double *g, const char *k1, const char *k2, const char *a,
                         const char *b, char *why, size_t whylen)
{
    if (!(g[0] > 0))
        return fail(why, whylen, "%s (%s) must be > 0", k1, a);
    if (!(g[1] > 0))
        return fail(why, whylen, "%s (%s) must be > 0", k2, b);
    return 0;
}

/* Lognormal's three forms (median and p90, mu and sigma, mean and sd) into
 * mu and sigma of the underlying normal. */
static int set_lognormal(dist *d, const char *name, const char *a, const char *b, char *why,
                         size_t whylen)
{
    const double *g = d->given;
    if (d->form == 0) {
        if (!(g[0] > 0))
            return fail(why, whylen, "median (%s) must be > 0", a);
        if (!(g[1] > g[0]))
            return fail(why, whylen, "p90 (%s) must exceed median (%s)",
                        b, a);
        d->p[0] = log(g[0]);
        d->p[1] = (log(g[1]) - log(g[0])) / gsl_cdf_ugaussian_Pinv(0.9);
    } else if (d->form == 1) {
        if (!(g[1] > 0))
            return fail(why, whylen, "sigma (%s) must be > 0", b);
        d->p[0] = g[0];
        d->p[1] = g[1];
    } else {
        if (both_positive(g, "mean", "sd", a, b, why, whylen))
            return -1;
        double cv = g[1] / g[0];
        double s2 = log1p(cv * cv);
        d->p[0] = log(g[0]) - s2 / 2;
        d->p[1] = sqrt(s2);
    }
    if (!(d->p[1] > 0) || !isfinite(d->p[0]) || !isfinite(d->p[1]))
        return fail(why, whylen, "%s: parameters out of range", name);
    return 0;
}

/* Gamma's and Weibull's forms (shape and scale; gamma also mean and sd)
 * into shape and scale, gamma's shape within where GSL converges. */
static int set_shape_scale(dist *d, const char *name, const char *a, const char *b,
                           char *why, size_t whylen)
{
    const double *g = d->given;
    if (d->form == 0) {
        if (both_positive(g, "shape", "scale", a, b, why, whylen))
            return -1;
        d->p[0] = g[0];
        d->p[1] = g[1];
    } else {
        if (both_positive(g, "mean", "sd", a, b, why, whylen))
            return -1;
        d->p[0] = (g[0] / g[1]) * (g[0] / g[1]);
        d->p[1] = g[1] * g[1] / g[0];
    }
    if (!(d->p[0] > 0 && d->p[1] > 0 && isfinite(d->p[0]) &&
          isfinite(d->p[1])))
        return fail(why, whylen, "%s: parameters out of range", name);
    if (d->kind == DIST_GAMMA &&
        !(d->p[0] >= GAMMA_SHAPE_MIN && d->p[0] <= GAMMA_SHAPE_MAX)) {
        return fail(why, whylen, "gamma shape %g%s must lie within "
                    "[%g, %g], where GSL's inverse CDF converges (for a "
                    "more skewed time use lognormal)", d->p[0],
                    d->form ? " (from mean and sd)" : "",
                    GAMMA_SHAPE_MIN, GAMMA_SHAPE_MAX);
    }
    return 0;
}

/* Turn the validated given[] of a numeric family into p[]. */
static int set_params(dist *d, const char *name, char *why, size_t whylen)
{
    const double *g = d->given;
    char a[32], b[32], c[32];
    fmt_num(a, sizeof a, g[0]);
    fmt_num(b, sizeof b, g[1]);
    fmt_num(c, sizeof c, g[2]);
    switch (d->kind) {
    case DIST_CONST:
        if (!(g[0] >= 0))
            return fail(why, whylen, "constant (%s) must be >= 0: times "
                        "cannot be negative", a);
        d->p[0] = g[0];
        return 0;
    case DIST_UNIFORM:
        if (!(g[0] >= 0))
            return fail(why, whylen, "min (%s) must be >= 0: times cannot "
                        "be negative", a);
        if (!(g[1] > g[0]))
            return fail(why, whylen, "max (%s) must exceed min (%s)", b, a);
        d->p[0] = g[0];
        d->p[1] = g[1];
        return 0;
    case DIST_EXPONENTIAL:
        if (!(g[0] > 0))
            return fail(why, whylen, "%s (%s) must be > 0",
                        d->form ? "rate" : "mean", a);
        d->p[0] = d->form ? 1.0 / g[0] : g[0];
        if (!isfinite(d->p[0]))
            return fail(why, whylen, "rate (%s) is too small", a);
        return 0;
    case DIST_LOGNORMAL:
        return set_lognormal(d, name, a, b, why, whylen);
    case DIST_GAMMA:
    case DIST_WEIBULL:
        return set_shape_scale(d, name, a, b, why, whylen);
    case DIST_TRIANGULAR:
        if (!(g[0] >= 0))
            return fail(why, whylen, "min (%s) must be >= 0: times cannot "
                        "be negative", a);
        if (!(g[2] > g[0]))
            return fail(why, whylen, "max (%s) must exceed min (%s)", c, a);
        if (!(g[1] >= g[0] && g[1] <= g[2]))
            return fail(why, whylen, "mode (%s) must lie within [min, max] = "
                        "[%s, %s]", b, a, c);
        d->p[0] = g[0];
        d->p[1] = g[1];
        d->p[2] = g[2];
        return 0;
    case DIST_EMPIRICAL:
        break;
    }
    return fail(why, whylen, "internal: no parameters for %s", name);
}

/* The family names, for "did you mean". */
static void family_names(const char *names[NFAMILIES])
{
    for (size_t i = 0; i < NFAMILIES; i++)
        names[i] = families[i].name;
}

/* Text without '(': a bare number is a constant; anything else is refused
 * with the likeliest reason. */
static int parse_bare(slice t, dist *out, char *why, size_t whylen)
{
    char sug[96], forms[128];
    arg a = {.val = t};
    double v;
    if (num_parse(t.s, t.n, &v) == NUM_OK) {
        dist d = dist_const(v);
        if (set_params(&d, "const", why, whylen))
            return -1;
        *out = d;
        return 0;
    }
    /* strtod's words for numbers: say why they are refused, rather
     * than call them unknown distributions */
    if (slice_is_ci(t, "inf") || slice_is_ci(t, "infinity") ||
        slice_is_ci(t, "nan"))
        return parse_num((slice){"", 0}, &a, &v, why, whylen);
    int word = 1;
    for (size_t i = 0; i < t.n; i++)
        if (!(t.s[i] == '_' || (t.s[i] >= 'a' && t.s[i] <= 'z') ||
              (t.s[i] >= 'A' && t.s[i] <= 'Z') ||
              (t.s[i] >= '0' && t.s[i] <= '9')))
            word = 0;
    if (!word || (t.s[0] >= '0' && t.s[0] <= '9') || t.s[0] == '.')
        return parse_num((slice){"", 0}, &a, &v, why, whylen);
    for (size_t i = 0; i < NFAMILIES; i++)
        if (slice_is(t, families[i].name))
            return fail(why, whylen, "%s needs parameters in parentheses: "
                        "%s", families[i].name,
                        families[i].kind == DIST_CONST
                            ? "value"
                            : forms_text(&families[i], forms,
                                         sizeof forms));
    const char *names[NFAMILIES];
    family_names(names);
    return fail(why, whylen, "unknown distribution '%.*s'%s (expected a "
                "number or name(key=value, ...))", (int)t.n, t.s,
                did_you_mean(t, names, NFAMILIES, sug, sizeof sug));
}

/* The family named before the '(', or NULL with why[] set. */
static const family *find_family(slice name, char *why, size_t whylen)
{
    char sug[96];
    const family *fam = NULL;
    for (size_t i = 0; i < NFAMILIES; i++)
        if (slice_is(name, families[i].name))
            fam = &families[i];
    if (fam)
        return fam;
    if (name.n == 0) {
        fail(why, whylen, "distribution name missing before '('");
        return NULL;
    }
    const char *names[NFAMILIES];
    family_names(names);
    fail(why, whylen, "unknown distribution '%.*s'%s", (int)name.n,
         name.s, did_you_mean(name, names, NFAMILIES, sug, sizeof sug));
    return NULL;
}

/* The text between open and the closing parenthesis, the first one outside
 * quotes, which must end t. */
static int paren_body(const family *fam, slice t, const char *open, slice *body,
                      char *why, size_t whylen)
{
    const char *close = NULL;
    int inq = 0;
    for (const char *q = open + 1; q < t.s + t.n; q++) {
        if (*q == '"')
            inq = !inq;
        else if (!inq && *q == ')') {
            close = q;
            break;
        }
    }
    if (!close)
        return fail(why, whylen, inq ? "%s(...): unbalanced quote"
                                     : "%s(...): missing ')'", fam->name);
    if (close + 1 != t.s + t.n)
        return fail(why, whylen, "unexpected text after ')': '%.*s'",
                    (int)(t.s + t.n - close - 1), close + 1);
    *body = (slice){open + 1, (size_t)(close - open - 1)};
    return 0;
}

/* Every key must belong to the family, once, and there must be one. */
static int check_keys(const family *fam, const arg *args, int nargs, char *why,
                      size_t whylen)
{
    char sug[96], forms[128];
    const char *all[MAX_FORMS * MAX_KEYS];
    size_t nall = 0;
    for (int f = 0; f < MAX_FORMS; f++)
        for (int k = 0; fam->keys[f][k]; k++) {
            size_t j = 0;
            while (j < nall && strcmp(all[j], fam->keys[f][k]) != 0)
                j++;
            if (j == nall)
                all[nall++] = fam->keys[f][k];
        }
    for (int i = 0; i < nargs; i++) {
        if (args[i].key.n == 0)
            return fail(why, whylen, "expected key=value, got '%.*s' (%s "
                        "takes %s)", (int)args[i].val.n, args[i].val.s,
                        fam->name, forms_text(fam, forms, sizeof forms));
        size_t j = 0;
        while (j < nall && !slice_is(args[i].key, all[j]))
            j++;
        if (j == nall)
            return fail(why, whylen, "unknown parameter '%.*s' for %s%s (%s "
                        "takes %s)", (int)args[i].key.n, args[i].key.s,
                        fam->name, did_you_mean(args[i].key, all, nall, sug,
                                                sizeof sug),
                        fam->name, forms_text(fam, forms, sizeof forms));
        for (int k = 0; k < i; k++)
            if (args[k].key.n == args[i].key.n &&
                memcmp(args[k].key.s, args[i].key.s, args[i].key.n) == 0)
                return fail(why, whylen, "parameter '%.*s' given twice",
                            (int)args[i].key.n, args[i].key.s);
    }
    if (nargs == 0)
        return fail(why, whylen, "%s needs parameters: %s", fam->name,
                    forms_text(fam, forms, sizeof forms));
    return 0;
}

/* The form is the one whose keys are exactly those given; else the one the
 * first key belongs to tells what is missing or mixed. */
static int find_form(const family *fam, const arg *args, int nargs, int *form,
                     char *why, size_t whylen)
{
    char forms[128];
    for (int f = 0; f < MAX_FORMS; f++) {
        int nk = 0;
        while (fam->keys[f][nk])
            nk++;
        if (nk != nargs || nk == 0)
            continue;
        int all_in = 1;
        for (int i = 0; i < nargs; i++)
            all_in &= form_has(fam, f, args[i].key);
        if (all_in) {
            *form = f;
            return 0;
        }
    }
    int f = 0;
    while (!form_has(fam, f, args[0].key))
        f++;
    for (int i = 1; i < nargs; i++)
        if (!form_has(fam, f, args[i].key))
            return fail(why, whylen, "%s: '%.*s' cannot be combined with "
                        "'%.*s' (%s takes %s)", fam->name,
                        (int)args[i].key.n, args[i].key.s,
                        (int)args[0].key.n, args[0].key.s, fam->name,
                        forms_text(fam, forms, sizeof forms));
    for (int k = 0; fam->keys[f][k]; k++) {
        int have = 0;
        for (int i = 0; i < nargs; i++)
            have |= slice_is(args[i].key, fam->keys[f][k]);
        if (!have)
            return fail(why, whylen, "%s: missing parameter '%s' (%s "
                        "takes %s)", fam->name, fam->keys[f][k],
                        fam->name, forms_text(fam, forms, sizeof forms));
    }
    return fail(why, whylen, "%s: bad parameters", fam->name);
}

/* The values of d's form, ord[] in its key order, into d: an empirical
 * column read, or numbers checked and turned into p[]. */
static int set_values(dist *d, const family *fam, const arg *const ord[MAX_KEYS],
                      const char *base_dir, char *why, size_t whylen)
{
    if (fam->kind == DIST_EMPIRICAL)
        return load_empirical(ord[0], ord[1], base_dir, d, why, whylen);
    for (int k = 0; k < MAX_KEYS && ord[k]; k++)
        if (parse_num(ord[k]->key, ord[k], &d->given[k], why, whylen))
            return -1;
    if (set_params(d, fam->name, why, whylen))
        return -1;
    /* Valid-looking parameters can still overflow (lognormal mu=800,
     * weibull shape=0.001); 1 - 2^-53 is the largest double below 1. */
    if (!isfinite(dist_quantile(d, 1 - 0x1p-53)) || !isfinite(dist_mean(d)))
        return fail(why, whylen, "%s: the largest draws or the mean overflow "
                    "to infinity; parameters out of range", fam->name);
    return 0;
}

int dist_parse(const char *text, const char *base_dir, dist *out,
               char *why, size_t whylen)
{
    *out = dist_const(0);
    if (why && whylen)
        why[0] = '\0';
    if (!text)
        return fail(why, whylen, "empty distribution");
    slice t = trim((slice){text, strlen(text)});
    if (t.n == 0)
        return fail(why, whylen, "empty distribution");

    const char *open = memchr(t.s, '(', t.n);
    if (!open)
        return parse_bare(t, out, why, whylen);
    const family *fam = find_family(trim((slice){t.s, (size_t)(open - t.s)}), why, whylen);
    if (!fam)
        return -1;
    slice body = {t.s, 0};   /* paren_body sets it; gcc cannot tell */
    arg args[MAX_ARGS];
    int nargs;
    if (paren_body(fam, t, open, &body, why, whylen) ||
        split_args(body, args, &nargs, why, whylen))
        return -1;

    dist d = dist_const(0);
    d.kind = fam->kind;
    if (fam->kind == DIST_CONST && nargs == 1 && args[0].key.n == 0) {
        d.form = CONST_POSITIONAL;
        if (parse_num((slice){"", 0}, &args[0], &d.given[0], why, whylen) ||
            set_params(&d, fam->name, why, whylen))
            return -1;
        *out = d;
        return 0;
    }
    if (check_keys(fam, args, nargs, why, whylen) ||
        find_form(fam, args, nargs, &d.form, why, whylen))
        return -1;

    /* Put the values in the form's key order. */
    const arg *ord[MAX_KEYS] = {NULL};
    for (int k = 0; fam->keys[d.form][k]; k++)
        for (int i = 0; i < nargs; i++)
            if (slice_is(args[i].key, fam->keys[d.form][k]))
                ord[k] = &args[i];
    int rc = set_values(&d, fam, ord, base_dir, why, whylen);
    if (rc)
        return rc;   /* -2: the environment failed (an empirical column) */
    *out = d;
    return 0;
}

/* ----------------------------------------------------------- sampling */

/* The quantile of gsl_stats_quantile_from_sorted_data (the same piece i =
 * floor(u (n - 1)) and fraction f), written a + f (b - a) and kept within
 * [a, b] = [data[i], data[i+1]]: GSL's (1 - f) a + f b can land an ulp
 * outside (100.00000000000001 between two values of 100, found by
 * fuzz_empirical) or step back an ulp within a piece whose values differ
 * by less than an ulp of a, so that a larger u gave a smaller value and
 * inversion was not monotone ("more delay never helps").  a + f (b - a)
 * grows with f, and each piece ends at the value where the next begins;
 * the result differs from GSL's by an ulp at most. */
static double empirical_quantile(const double *data, size_t n, double u)
{
    if (n == 0)
        return 0;
    double at = u * (double)(n - 1);
    size_t i = (size_t)at;
    if (i >= n - 1)
        return data[n - 1];
    double lo = data[i], hi = data[i + 1];
    double x = lo + (at - (double)i) * (hi - lo);
    return x > hi ? hi : x;
}

/* ---------------------------------------------------------- quantiles */

/* The normal quantile (dist_normal_quantile, dist.h) is Wichura's AS 241
 * (PPND16: Applied Statistics 37, 477-484, 1988), the algorithm of GSL's
 * gsl_cdf_ugaussian_Pinv, computed here with GSL's very operations in
 * GSL's order: the same coefficients, each polynomial by Horner from its
 * highest one, the numerator over the denominator, times q in the central
 * region; sqrt(-log(min(u, 1 - u))) outside it, negated below one half.
 * IEEE arithmetic without contraction (ISO C mode: no fused multiply-add)
 * then gives the same double for every u, which test_dist checks against
 * the library, so that results did not move.  Why not call GSL: there a
 * call copies both coefficient tables to the stack and loops over them
 * (about 145 instructions with gsl_cdf_lognormal_Pinv's wrapper, beside
 * exp's 50); here the polynomials are unrolled, about 45.  The default
 * scenario draws about ten lognormal quantiles per incident
 * (docs/design.md, docs/performance.md). */
static const double central_a[8] = {
    3.387132872796366608, 133.14166789178437745, 1971.5909503065514427,
    13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
    33430.575583588128105, 2509.0809287301226727};
static const double central_b[8] = {
    1.0, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
    21213.794301586595867, 39307.89580009271061, 28729.085735721942674,
    5226.495278852854561};
static const double near_a[8] = {
    1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055,
    3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177,
    0.0227238449892691845833, 7.7454501427834140764e-4};
static const double near_b[8] = {
    1.0, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
    0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4,
    1.05075007164441684324e-9};
static const double far_a[8] = {
    6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358,
    0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386,
    2.71155556874348757815e-5, 2.01033439929228813265e-7};
static const double far_b[8] = {
    1.0, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
    7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
    2.04426310338993978564e-15};

/* a(r) / b(r), both of degree 7, each by Horner from its top coefficient.
 * The two chains are independent, so they run side by side. */
static inline double ratio7(const double *a, const double *b, double r)
{
    double n = a[7], d = b[7];
    for (int i = 7; i > 0; i--) {
        n = n * r + a[i - 1];
        d = d * r + b[i - 1];
    }
    return n / d;
}

double dist_normal_quantile(double u)
{
    if (u == 1.0)
        return INFINITY;
    if (u == 0.0)
        return -INFINITY;
    double q = u - 0.5;
    if (fabs(q) <= 0.425)
        return q * ratio7(central_a, central_b, 0.180625 - q * q);
    double r = sqrt(-log(u < 0.5 ? u : 1.0 - u));
    double x = r <= 5.0 ? ratio7(near_a, near_b, r - 1.6) : ratio7(far_a, far_b, r - 5.0);
    return u < 0.5 ? -x : x;
}

double dist_quantile(const dist *d, double u)
{
    const double *p = d->p;
    switch (d->kind) {
    case DIST_CONST:
        return p[0];
    case DIST_UNIFORM:
        return gsl_cdf_flat_Pinv(u, p[0], p[1]);
    case DIST_EXPONENTIAL:
        /* -mean log1p(-u) or -mean log(1 - u): equal up to rounding, and
         * 1 - u is exact for every u the simulator passes (k 2^-32 or
         * (m + 1/2) 2^-52); both rise with u, so the coupling is the same */
        if (d->streams == RNG_STREAMS_V1)
            return gsl_cdf_exponential_Pinv(u, p[0]);
        /* gsl_cdf_exponential_Qinv(1 - u, mean) written out, the same
         * double: a call and a stack spill fewer per draw */
        return -p[0] * log(1.0 - u);
    case DIST_LOGNORMAL:
        /* gsl_cdf_lognormal_Pinv(u, mu, sigma), the same double (above) */
        if (u == 1.0)
            return INFINITY;
        if (u == 0.0)
            return 0.0;
        return exp(p[0] + p[1] * dist_normal_quantile(u));
    case DIST_GAMMA:
        return gsl_cdf_gamma_Pinv(u, p[0], p[1]);
    case DIST_WEIBULL:   /* GSL: (a=scale, b=shape); 1 - u as for the exponential */
        if (d->streams == RNG_STREAMS_V1)
            return gsl_cdf_weibull_Pinv(u, p[1], p[0]);
        return gsl_cdf_weibull_Qinv(1.0 - u, p[1], p[0]);
    case DIST_TRIANGULAR: {
        double lo = p[0], mode = p[1], hi = p[2];
        double w = hi - lo;
        /* Both branches meet at u = F(mode), so the inverse is continuous. */
        if (u * w < mode - lo)
            return lo + sqrt(u * w * (mode - lo));
        return hi - sqrt((1 - u) * w * (hi - mode));
    }
    case DIST_EMPIRICAL:
        return empirical_quantile(d->data, d->n, u);
    }
    return 0;
}

double dist_mean(const dist *d)
{
    const double *p = d->p;
    switch (d->kind) {
    case DIST_CONST:
        return p[0];
    case DIST_UNIFORM:
        return (p[0] + p[1]) / 2;
    case DIST_EXPONENTIAL:
        return p[0];
    case DIST_LOGNORMAL:
        return exp(p[0] + p[1] * p[1] / 2);
    case DIST_GAMMA:
        return p[0] * p[1];
    case DIST_WEIBULL: {
        double x = 1 + 1 / p[0];
        /* gsl_sf_gamma reports overflow through the GSL error handler (an
         * abort by default); beyond its range the log form overflows to
         * inf quietly, which is the right answer. */
        if (x < GSL_SF_GAMMA_XMAX)
            return p[1] * gsl_sf_gamma(x);
        return p[1] * exp(gsl_sf_lngamma(x));
    }
    case DIST_TRIANGULAR:
        return (p[0] + p[1] + p[2]) / 3;
    case DIST_EMPIRICAL:
        return gsl_stats_mean(d->data, 1, d->n);
    }
    return 0;
}

/* ------------------------------------------------- distribution function */

/* The inverse of gsl_stats_quantile_from_sorted_data over data[0..n): that
 * quantile is data[i] + f (data[i+1] - data[i]) at u = (i + f) / (n - 1),
 * so x between two different values data[j] < data[j+1] (j the last index
 * with data[j] <= x) is reached at u = (j + (x - data[j]) / (data[j+1] -
 * data[j])) / (n - 1); at or above the largest value, 1. */
static double empirical_cdf(const double *data, size_t n, double x)
{
    if (n == 0 || x < data[0])
        return 0;
    if (x >= data[n - 1] || n == 1)
        return 1;
    size_t lo = 0, hi = n - 1;     /* data[lo] <= x < data[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (data[mid] <= x)
            lo = mid;
        else
            hi = mid;
    }
    return ((double)lo + (x - data[lo]) / (data[lo + 1] - data[lo])) / (double)(n - 1);
}

double dist_cdf(const dist *d, double x)
{
    const double *p = d->p;
    if (isnan(x))
        return x;
    if (x < 0)      /* every support is in [0, inf); GSL's Weibull would not say 0 */
        return 0;
    switch (d->kind) {
    case DIST_CONST:
        return x >= p[0] ? 1 : 0;
    case DIST_UNIFORM:
        return gsl_cdf_flat_P(x, p[0], p[1]);
    case DIST_EXPONENTIAL:
        return gsl_cdf_exponential_P(x, p[0]);
    case DIST_LOGNORMAL:
        return gsl_cdf_lognormal_P(x, p[0], p[1]);
    case DIST_GAMMA:
        return gsl_cdf_gamma_P(x, p[0], p[1]);
    case DIST_WEIBULL:   /* GSL: (a=scale, b=shape) */
        return gsl_cdf_weibull_P(x, p[1], p[0]);
    case DIST_TRIANGULAR: {
        double lo = p[0], mode = p[1], hi = p[2];
        if (x <= lo)
            return 0;
        if (x >= hi)
            return 1;
        if (x < mode)
            return (x - lo) * (x - lo) / ((hi - lo) * (mode - lo));
        return 1 - (hi - x) * (hi - x) / ((hi - lo) * (hi - mode));
    }
    case DIST_EMPIRICAL:
        return empirical_cdf(d->data, d->n, x);
    }
    return 0;
}

/* ----------------------------------------------------------- printing */

/* snprintf-style appender: len counts what would have been written. */
typedef struct outbuf {
    char *buf;    /* destination */
    size_t n;     /* its size */
    size_t len;   /* characters produced so far */
} outbuf;

static void put(outbuf *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(outbuf *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = o->len < o->n ? vsnprintf(o->buf + o->len, o->n - o->len, fmt, ap)
                          : vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (r > 0)
        o->len += (size_t)r;
}

/* A string value, quoted when the grammar would otherwise misread it. */
static void put_str(outbuf *o, const char *s)
{
    size_t n = strlen(s);
    int q = n == 0 || strpbrk(s, ",()=\"") || is_blank(s[0]) ||
            is_blank(s[n - 1]);
    if (!q) {
        put(o, "%s", s);
        return;
    }
    put(o, "\"");
    for (const char *c = s; *c; c++) {
        if (*c == '"')
            put(o, "\"\"");   /* doubled, as split_args undoes it */
        else
            put(o, "%c", *c);
    }
    put(o, "\"");
}

int dist_format(const dist *d, char *buf, size_t n)
{
    outbuf o = {buf, n, 0};
    if (n)
        buf[0] = '\0';
    const family *fam = NULL;
    for (size_t i = 0; i < NFAMILIES; i++)
        if (families[i].kind == d->kind)
            fam = &families[i];
    char num[32];
    if (!fam)
        return 0;
    if (d->kind == DIST_CONST && d->form != CONST_KEYED) {
        fmt_num(num, sizeof num, d->given[0]);
        if (d->form == CONST_POSITIONAL)
            put(&o, "const(%s)", num);
        else
            put(&o, "%s", num);
    } else if (d->kind == DIST_EMPIRICAL) {
        put(&o, "empirical(file=");
        put_str(&o, d->file ? d->file : "");
        put(&o, ", column=");
        put_str(&o, d->column ? d->column : "");
        put(&o, ")");
    } else {
        int f = d->form >= 0 && d->form < MAX_FORMS ? d->form : 0;
        put(&o, "%s(", fam->name);
        for (int k = 0; k < MAX_KEYS && fam->keys[f][k]; k++) {
            fmt_num(num, sizeof num, d->given[k]);
            put(&o, "%s%s=%s", k ? ", " : "", fam->keys[f][k], num);
        }
        put(&o, ")");
    }
    return o.len > INT_MAX ? INT_MAX : (int)o.len;
}

/* -------------------------------------------------------------- scaling */

/* Multiply every draw by c: the scale parameters of the written form are
 * multiplied (a shape is kept), and the result is parsed back from its
 * text, so it passes every check a written distribution does. */
int dist_scale(const dist *d, double c, dist *out, char *why, size_t whylen)
{
    *out = dist_const(0);
    if (!(c > 0) || !isfinite(c))
        return fail(why, whylen, "scale factor %g must be positive", c);
    dist t = *d;
    double *g = t.given;
    switch (d->kind) {
    case DIST_CONST:
    case DIST_UNIFORM:
    case DIST_TRIANGULAR:
        for (int k = 0; k < 3; k++)
            g[k] *= c;
        break;
    case DIST_EXPONENTIAL:   /* mean, or rate = 1/mean */
        g[0] = d->form ? g[0] / c : g[0] * c;
        break;
    case DIST_LOGNORMAL:     /* median, p90 | mu, sigma | mean, sd */
        if (d->form == 1) {
            g[0] += log(c);
        } else {
            g[0] *= c;
            g[1] *= c;
        }
        break;
    case DIST_GAMMA:         /* shape, scale | mean, sd */
        if (d->form == 1)
            g[0] *= c;
        g[1] *= c;
        break;
    case DIST_WEIBULL:       /* shape, scale */
        g[1] *= c;
        break;
    case DIST_EMPIRICAL:
    default:
        return fail(why, whylen, "an empirical distribution cannot be scaled as a whole");
    }
    char text[256];
    t.data = NULL;
    t.file = t.column = NULL;
    if (dist_format(&t, text, sizeof text) >= (int)sizeof text)
        return fail(why, whylen, "scaled distribution too long");
    int rc = dist_parse(text, NULL, out, why, whylen);
    if (rc == 0)
        out->streams = d->streams;
    return rc;
}

/* ------------------------------------------------------------- memory */

int dist_copy(dist *dst, const dist *src)
{
    dist c = *src;
    c.data = NULL;
    c.file = NULL;
    c.column = NULL;
    if (src->data) {
        c.data = malloc(src->n * sizeof *c.data);
        if (c.data)
            memcpy(c.data, src->data, src->n * sizeof *c.data);
    }
    if (src->file)
        c.file = strdup(src->file);
    if (src->column)
        c.column = strdup(src->column);
    if ((src->data && !c.data) || (src->file && !c.file) ||
        (src->column && !c.column)) {
        dist_free(&c);
        *dst = dist_const(0);
        return -1;
    }
    *dst = c;
    return 0;
}

void dist_free(dist *d)
{
    free(d->data);
    free(d->file);
    free(d->column);
    *d = dist_const(0);
}

dist dist_const(double value)
{
    dist d = {.kind = DIST_CONST, .form = CONST_BARE, .streams = RNG_STREAMS_CURRENT};
    d.p[0] = value;
    d.given[0] = value;
    return d;
}
