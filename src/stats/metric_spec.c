/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * metric_spec.c — NAME or NAME:SEV on the command line (see
 * metric_spec.h).  The metric part goes through metric_lookup, so that the
 * set of names and the "did you mean" of a bare metric stay those of the
 * table; the severity part is checked against the scenario's severities.
 * The first ':' splits the two (no metric name has one; a severity name may).
 */
#include "ownsim/metric_spec.h"

#include <stdio.h>
#include <string.h>

#include "ownsim/suggest.h"

/* The scenario's severity names, ", "-separated, into buf. */
static void sev_list(const scenario *s, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < s->nsev && used < n; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", s->sev[i].name);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

/* The metrics with a per-severity value, ", "-separated, into buf. */
static void sev_metrics(char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < metric_count() && used < n; i++) {
        const metric *m = metric_at(i);
        if (!metric_in(m, METRIC_MODELS) || !metric_in(m, METRIC_SEVERITIES))
            continue;
        int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "", metric_name(m));
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

int metric_spec_parse(const char *text, const scenario *s, const char *opt,
                      metric_spec *out, os_error *e)
{
    char name[96], q[ERR_QUOTE_SIZE];
    const char *colon = strchr(text, ':');
    size_t len = colon ? (size_t)(colon - text) : strlen(text);
    if (len >= sizeof name)
        return err_set(e, OS_ERR_INPUT, opt, 0, "", "unknown metric %s",
                       err_quote(q, sizeof q, text));
    memcpy(name, text, len);
    name[len] = '\0';
    const metric *m = NULL;
    if (metric_lookup(name, opt, &m, e) < 0)
        return -1;
    out->m = m;
    out->sev = -1;
    if (!colon)
        return 0;
    const char *sev = colon + 1;
    char list[SCN_MAX_SEV * (SCN_NAME + 2)];
    sev_list(s, list, sizeof list);
    if (!*sev)
        return err_set(e, OS_ERR_INPUT, opt, 0, text,
                       "no severity after ':'; give NAME:SEV with SEV one of %s", list);
    int k = -1;
    for (int i = 0; i < s->nsev; i++)
        if (!strcmp(s->sev[i].name, sev))
            k = i;
    if (k < 0) {
        const char *cands[SCN_MAX_SEV];
        for (int i = 0; i < s->nsev; i++)
            cands[i] = s->sev[i].name;
        const char *hint = suggest_closest(sev, cands, (size_t)s->nsev);
        return err_set(e, OS_ERR_INPUT, opt, 0, text,
                       "unknown severity %s%s%s%s; the severities of %s are %s",
                       err_quote(q, sizeof q, sev), hint ? " (did you mean " : "",
                       hint ? hint : "", hint ? "?)" : "", s->path, list);
    }
    if (!metric_in(m, METRIC_SEVERITIES)) {
        char ms[1024];
        sev_metrics(ms, sizeof ms);
        return err_set(e, OS_ERR_INPUT, opt, 0, text,
                       "%s has no per-severity value; metrics that have one: %s", name, ms);
    }
    out->sev = k;
    return 0;
}

const char *metric_spec_format(const metric_spec *sp, const scenario *s, char *buf,
                               size_t n)
{
    if (sp->sev >= 0 && sp->sev < s->nsev)
        snprintf(buf, n, "%s:%s", metric_name(sp->m), s->sev[sp->sev].name);
    else
        snprintf(buf, n, "%s", metric_name(sp->m));
    return buf;
}
