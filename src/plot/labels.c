/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * labels.c — what the charts call things (see plot_int.h): the display
 * labels, the scenario's name and currency, and the SLA targets, all from
 * the resolved scenario.ini that `run` and `sweep` write into their folder.
 *
 * The file is read twice, both best effort: once with the INI reader for
 * simulation.name, organisation.currency and the `label` key of every
 * section (so labels work whatever the scenario module makes of them, and
 * for folders written before labels existed: there is none, and a thing is
 * shown by its identifier); once with scn_load, for the SLA targets each
 * model is held to, resolved exactly as the simulation resolved them.  A
 * missing or unreadable file costs only the labels, the title prefix and
 * the targets' description, never the chart: a file the INI reader refuses
 * gives no label at all (not half of them).  Running out of memory (or an
 * I/O error: OS_ERR_ENV) while reading is not such a file but the
 * command's failure, reported: a chart without the labels or the targets
 * memory could not hold would differ from the same chart drawn again.
 *
 * Invariants: a label is returned as written (any printable UTF-8; the
 * callers quote it for gnuplot); identifiers stay what the CSVs say.
 */
#include "plot_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/inifile.h"
#include "ownsim/scenario.h"

struct plabels {
    char name[256];       /* simulation.name, "" when not found */
    char currency[64];    /* organisation.currency, "" when not found */
    size_t n, cap;        /* labels held, allocated */
    char **sec;           /* section of each label ("model.in_house"), owned */
    char **label;         /* the label, owned */
    scenario *scn;        /* the folder's scenario for SLA targets; NULL when it
                             does not load; owned */
    int oom;              /* 1 when memory ran out while reading */
};

static int add_label(plabels *l, const char *sec, const char *val)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->sec[i], sec)) {   /* the last one wins, as for any key */
            char *v = strdup(val);
            if (!v)
                return -1;
            free(l->label[i]);
            l->label[i] = v;
            return 0;
        }
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **s = realloc(l->sec, cap * sizeof *s);
        if (s)
            l->sec = s;
        char **v = s ? realloc(l->label, cap * sizeof *v) : NULL;
        if (!v)
            return -1;
        l->label = v;
        l->cap = cap;
    }
    char *s = strdup(sec), *v = strdup(val);
    if (!s || !v) {
        free(s);
        free(v);
        return -1;
    }
    l->sec[l->n] = s;
    l->label[l->n++] = v;
    return 0;
}

static int on_pair(void *user, const char *sec, const char *key, const char *val, int line)
{
    (void)line;
    plabels *l = user;
    if (!strcmp(sec, "simulation") && !strcmp(key, "name"))
        snprintf(l->name, sizeof l->name, "%s", val);
    else if (!strcmp(sec, "organisation") && !strcmp(key, "currency"))
        snprintf(l->currency, sizeof l->currency, "%s", val);
    else if (!strcmp(key, "label") && *val && add_label(l, sec, val) < 0)
        l->oom = 1;
    return 0;
}

static const inifile_ops label_ops = {NULL, on_pair};

static void forget_labels(plabels *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->sec[i]);
        free(l->label[i]);
    }
    l->n = 0;
}

plabels *plabels_read(const char *dir, os_error *e)
{
    plabels *l = calloc(1, sizeof *l);
    char path[4096];
    if (!l || snprintf(path, sizeof path, "%s/scenario.ini", dir) >= (int)sizeof path) {
        free(l);
        err_set(e, OS_ERR_ENV, dir, 0, "", l ? "path too long" : "out of memory");
        return NULL;
    }
    os_error ignored;
    err_clear(&ignored);
    if (inifile_read_path(path, &label_ops, l, &ignored) != 0) {
        forget_labels(l);
        l->name[0] = l->currency[0] = '\0';
    }
    if (l->oom) {
        plabels_destroy(l);
        err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
        return NULL;
    }
    if (ignored.kind != OS_ERR_ENV) {
        err_clear(&ignored);
        l->scn = scn_load(path, NULL, 0, &ignored);   /* NULL: no targets to name */
    }
    if (ignored.kind == OS_ERR_ENV) {
        plabels_destroy(l);
        *e = ignored;
        return NULL;
    }
    return l;
}

void plabels_destroy(plabels *l)
{
    if (!l)
        return;
    forget_labels(l);
    free(l->sec);
    free(l->label);
    scn_destroy(l->scn);
    free(l);
}

const char *plabels_name(const plabels *l)
{
    return l->name;
}

const char *plabels_currency(const plabels *l)
{
    return l->currency[0] ? l->currency : "USD";
}

const char *plabel(const plabels *l, const char *kind, const char *id)
{
    size_t k = strlen(kind);
    for (size_t i = 0; l && i < l->n; i++)
        if (!strncmp(l->sec[i], kind, k) && l->sec[i][k] == '.' &&
            !strcmp(l->sec[i] + k + 1, id))
            return l->label[i];
    return id;
}

int plabels_sla(const plabels *l, const char *model, const char *sev, double *response,
                double *resolve, int *business)
{
    const scenario *s = l->scn;
    int m = s ? scn_model_index(s, model) : -1;
    if (m < 0)
        return -1;
    for (int k = 0; k < s->nsev; k++)
        if (!strcmp(s->sev[k].name, sev)) {
            *response = s->model[m].sla_response[k];
            *resolve = s->model[m].sla_resolve[k];
            *business = s->model[m].sla_business[k];
            return 0;
        }
    return -1;
}

/* Known ISO codes drawn as their sign; a sign given as the currency is kept. */
void plabels_money_prefix(const plabels *l, char *buf, size_t n)
{
    static const char *const codes[][2] = {
        {"USD", "$"}, {"EUR", "\xe2\x82\xac"}, {"GBP", "\xc2\xa3"}, {"JPY", "\xc2\xa5"},
        {"CAD", "CA$"}, {"AUD", "A$"}, {"NZD", "NZ$"}, {"INR", "\xe2\x82\xb9"},
    };
    const char *c = plabels_currency(l);
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        if (!strcmp(c, codes[i][0])) {
            snprintf(buf, n, "%s", codes[i][1]);
            return;
        }
    int letters = 1;
    for (const char *p = c; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
            letters = 0;
    snprintf(buf, n, letters ? "%s " : "%s", c);
}
