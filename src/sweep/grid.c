/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * grid.c — parsing sweep axes and enumerating grid points (see grid.h).
 *
 * Range values are computed as START + i*STEP (never by repeated addition, so
 * no drift) and printed with %.15g, so 0:1:0.1 gives 0.3, not
 * 0.30000000000000004.  A range includes STOP when it lies within 1e-9 steps
 * of a grid value.
 */
#include "ownsim/grid.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/number.h"

#define ORIGIN "--vary"

static char *dup_span(const char *b, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, b, n);
        p[n] = '\0';
    }
    return p;
}

/* A number of START:STOP:STEP (blanks around it allowed), in the grammar of
 * number.h. */
static num_status parse_num(const char *b, size_t n, double *out)
{
    while (n && isspace((unsigned char)*b)) {
        b++;
        n--;
    }
    while (n && isspace((unsigned char)b[n - 1]))
        n--;
    return num_parse(b, n, out);
}

static int push_value(grid_axis *a, const char *b, size_t n, os_error *e)
{
    while (n && isspace((unsigned char)*b)) {
        b++;
        n--;
    }
    while (n && isspace((unsigned char)b[n - 1]))
        n--;
    char q[ERR_QUOTE_SIZE];
    if (n == 0)
        return err_set(e, OS_ERR_INPUT, ORIGIN, 0, a->key, "empty value in %s",
                       err_quote(q, sizeof q, a->spec));
    if (n >= 1000)
        return err_set(e, OS_ERR_INPUT, ORIGIN, 0, a->key, "value too long in %s",
                       err_quote(q, sizeof q, a->spec));
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 16;
        char **v = realloc(a->values, cap * sizeof *v);
        if (!v)
            return err_set(e, OS_ERR_ENV, ORIGIN, 0, a->key, "out of memory");
        a->values = v;
        a->cap = cap;
    }
    if (!(a->values[a->n] = dup_span(b, n)))
        return err_set(e, OS_ERR_ENV, ORIGIN, 0, a->key, "out of memory");
    a->n++;
    return 0;
}

/* START:STOP:STEP when the text is three numbers separated by colons. */
static int try_range(grid_axis *a, const char *text, int *is_range, os_error *e)
{
    const char *c1 = strchr(text, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    *is_range = 0;
    if (!c1 || strchr(text, ',') || strchr(text, '('))
        return 0;
    double start, stop, step;
    char q[ERR_QUOTE_SIZE];
    err_quote(q, sizeof q, text);
    if (!c2 || strchr(c2 + 1, ':'))
        return err_set(e, OS_ERR_INPUT, ORIGIN, 0, a->key,
                       "%s is not START:STOP:STEP (three numbers) nor a list V1,V2,...", q);
    static const char *const part[] = {"START", "STOP", "STEP"};
    const char *span[3] = {text, c1 + 1, c2 + 1};
    size_t len[3] = {(size_t)(c1 - text), (size_t)(c2 - c1 - 1), strlen(c2 + 1)};
    double *val[3] = {&start, &stop, &step};
    for (int i = 0; i < 3; i++) {
        num_status st = parse_num(span[i], len[i], val[i]);
        if (st != NUM_OK) {
            char v[1024], qv[ERR_QUOTE_SIZE];
            snprintf(v, sizeof v, "%.*s", (int)(len[i] < sizeof v ? len[i] : sizeof v - 1),
                     span[i]);
            return err_set(e, OS_ERR_INPUT, ORIGIN, 0, a->key,
                           "%s is not START:STOP:STEP: %s %s %s", q, part[i],
                           err_quote(qv, sizeof qv, v), num_why(st));
        }
    }
    *is_range = 1;
    if (step == 0)
        return err_set(e, OS_ERR_INPUT, ORIGIN, 0, a->key, "the step of %s is zero", q);
    if ((stop - start) * step < 0)
        return err_set(e, OS_ERR_INPUT, ORIGIN, 0, a->key,
                       "empty range %s: going from %g to %g needs a %s step", q,
                       start, stop, stop > start ? "positive" : "negative");
    double count = floor((stop - start) / step + 1e-9) + 1;
    if (!(count <= GRID_MAX_POINTS))
        return err_set(e, OS_ERR_INPUT, ORIGIN, 0, a->key,
                       "%s has %.0f values, more than %d", q, count, GRID_MAX_POINTS);
    for (long i = 0; i < (long)count; i++) {
        char buf[64];
        double v = start + (double)i * step;
        if (fabs(v) < fabs(step) * 1e-12)
            v = 0;   /* -0 and 1e-17 from 0.1*3-0.3 print as 0 */
        snprintf(buf, sizeof buf, "%.15g", v);
        if (push_value(a, buf, strlen(buf), e) < 0)
            return -1;
    }
    return 0;
}

int grid_add(grid *g, const char *spec, os_error *e)
{
    if (g->naxis == GRID_MAX_AXES)
        return err_set(e, OS_ERR_INPUT, ORIGIN, 0, spec, "at most %d --vary axes", GRID_MAX_AXES);
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || !eq[1])
        return err_set(e, OS_ERR_INPUT, ORIGIN, 0, spec,
                       "expected --vary KEY=START:STOP:STEP or --vary KEY=V1,V2,...");
    grid_axis *a = &g->axis[g->naxis];
    memset(a, 0, sizeof *a);
    a->spec = dup_span(spec, strlen(spec));
    a->key = dup_span(spec, (size_t)(eq - spec));
    if (!a->spec || !a->key) {
        free(a->spec);
        free(a->key);
        return err_set(e, OS_ERR_ENV, ORIGIN, 0, spec, "out of memory");
    }
    g->naxis++;   /* from here, grid_free releases the axis */
    for (int i = 0; i < g->naxis - 1; i++)
        if (!strcmp(g->axis[i].key, a->key))
            return err_set(e, OS_ERR_INPUT, ORIGIN, 0, a->key, "key varied twice");
    if (!strchr(a->key, '.'))
        return err_set(e, OS_ERR_INPUT, ORIGIN, 0, a->key,
                       "expected SECTION.KEY, e.g. model.co_managed.misroute_prob");
    if (scn_key_kind(a->key) == SCN_KEY_UNKNOWN) {
        /* a parameter of a distribution: "<dist key>.<param>" */
        const char *dot = strrchr(a->key, '.');
        char *prefix = dup_span(a->key, (size_t)(dot - a->key));
        if (!prefix)
            return err_set(e, OS_ERR_ENV, ORIGIN, 0, a->key, "out of memory");
        if (scn_key_kind(prefix) == SCN_KEY_DIST) {
            a->dist_key = prefix;   /* grid_free releases both */
            a->param = dup_span(dot + 1, strlen(dot + 1));
            if (!a->param)
                return err_set(e, OS_ERR_ENV, ORIGIN, 0, a->key, "out of memory");
        } else {
            free(prefix);
        }
    }
    int is_range;
    if (try_range(a, eq + 1, &is_range, e) < 0)
        return -1;
    if (!is_range) {
        /* a list: split on commas outside parentheses */
        const char *p = eq + 1, *start = p;
        int depth = 0;
        for (;; p++) {
            if (*p == '(')
                depth++;
            else if (*p == ')')
                depth--;
            if ((*p == ',' && depth == 0) || *p == '\0') {
                if (push_value(a, start, (size_t)(p - start), e) < 0)
                    return -1;
                if (!*p)
                    break;
                start = p + 1;
            }
        }
    }
    double total = 1;
    for (int i = 0; i < g->naxis; i++)
        total *= (double)g->axis[i].n;
    if (total > GRID_MAX_POINTS)
        return err_set(e, OS_ERR_INPUT, ORIGIN, 0, a->key,
                       "the grid has %.0f points, more than %d", total, GRID_MAX_POINTS);
    g->npoints = (uint64_t)total;
    return 0;
}

void grid_free(grid *g)
{
    for (int i = 0; i < g->naxis; i++) {
        grid_axis *a = &g->axis[i];
        for (size_t j = 0; j < a->n; j++)
            free(a->values[j]);
        free(a->values);
        free(a->spec);
        free(a->key);
        free(a->dist_key);
        free(a->param);
    }
    memset(g, 0, sizeof *g);
}

size_t grid_coord(const grid *g, uint64_t p, int a)
{
    for (int i = g->naxis - 1; i > a; i--)
        p /= g->axis[i].n;
    return (size_t)(p % g->axis[a].n);
}

/* In dist text "name(k=v, k=v)", replace parameter param's value by value. */
static int set_param(char *text, size_t cap, const char *param, const char *value)
{
    size_t plen = strlen(param);
    char *p = strchr(text, '(');
    while (p) {
        char *k = p + 1;
        while (*k == ' ')
            k++;
        if (!strncmp(k, param, plen) && k[plen] == '=') {
            char *v = k + plen + 1;
            char *end = v + strcspn(v, ",)");
            char rest[1024];
            snprintf(rest, sizeof rest, "%s", end);
            if ((size_t)(v - text) + strlen(value) + strlen(rest) + 1 > cap)
                return -1;
            sprintf(v, "%s%s", value, rest);
            return 0;
        }
        p = strchr(p + 1, ',');
    }
    return -1;
}

int grid_overrides(const grid *g, uint64_t p, const scenario *base,
                   scn_override *ov, char *buf, os_error *e)
{
    int n = 0;
    for (int i = 0; i < g->naxis; i++) {
        const grid_axis *a = &g->axis[i];
        const char *value = a->values[grid_coord(g, p, i)];
        char *slot = buf + (size_t)n * 1024;
        if (!a->dist_key) {
            snprintf(slot, 1024, "%s", value);
            ov[n++] = (scn_override){a->key, slot, ORIGIN};
            continue;
        }
        /* parameters of one distribution build on each other's text */
        int j;
        for (j = 0; j < n; j++)
            if (!strcmp(ov[j].key, a->dist_key))
                break;
        if (j == n) {
            if (scn_get(base, a->dist_key, slot, 1024) < 0)
                return err_set(e, OS_ERR_INPUT, ORIGIN, 0, a->key,
                               "the scenario has no key %s", a->dist_key);
            ov[n++] = (scn_override){a->dist_key, slot, ORIGIN};
        }
        char *text = buf + (size_t)j * 1024;
        if (!strchr(text, '(')) {
            /* a bare constant: its parameter is "value" */
            char tmp[1024];
            snprintf(tmp, sizeof tmp, "const(value=%s)", text);
            snprintf(text, 1024, "%s", tmp);
        }
        if (set_param(text, 1024, a->param, value) < 0)
            return err_set(e, OS_ERR_INPUT, ORIGIN, 0, a->key,
                           "%s is %s in the scenario: it has no parameter '%s'",
                           a->dist_key, text, a->param);
    }
    return n;
}

int grid_parse_shard(const char *text, int *i, int *n, os_error *e)
{
    const char *slash = strchr(text, '/');
    long long a, b;
    char q[ERR_QUOTE_SIZE];
    err_quote(q, sizeof q, text);
    if (!slash || num_parse_int(text, (size_t)(slash - text), &a) != NUM_OK ||
        num_parse_int(slash + 1, strlen(slash + 1), &b) != NUM_OK)
        return err_set(e, OS_ERR_INPUT, "--shard", 0, "",
                       "%s is not I/N (two whole numbers), e.g. 2/8", q);
    if (b < 1 || b > GRID_MAX_POINTS)
        return err_set(e, OS_ERR_INPUT, "--shard", 0, "",
                       "%s: N must be from 1 to %d", q, GRID_MAX_POINTS);
    if (a < 1 || a > b)
        return err_set(e, OS_ERR_INPUT, "--shard", 0, "",
                       "%s: shard index %lld is out of range 1..%lld", q, a, b);
    *i = (int)a;
    *n = (int)b;
    return 0;
}
