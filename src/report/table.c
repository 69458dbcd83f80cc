/*
 * table.c — the comparison table printed on stdout: one aligned row per
 * model, minutes, with the 95% CI of the mean TTR and the paired difference
 * against the baseline (which is what a decision should rest on).
 */
#include "ownsim/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/summary.h"

void report_table(const scenario *s, const point_result *r, FILE *f)
{
    double *x = malloc(METRIC_SCRATCH(r->reps) * sizeof *x);
    if (!x)
        return;
    const metric *ttr = metric_find("ttr_mean"), *p90 = metric_find("ttr_p90"),
                 *sla = metric_find("sla_breach_pct"), *inc = metric_find("incidents");
    metric_src first = point_src(s, r, 0, -1);
    fprintf(f, "%s: %d models x %d replications x %.0f incidents counted per model "
               "(seed %llu). Times in minutes.\n\n", s->name, s->nmodel, r->reps,
            metric_value(inc, &first, x), (unsigned long long)s->seed);
    int w = 5;
    for (int m = 0; m < s->nmodel; m++)
        if ((int)strlen(s->model[m].name) > w)
            w = (int)strlen(s->model[m].name);
    fprintf(f, "%-*s  %8s %-19s %7s %7s %7s %7s %7s %7s %7s %7s %7s %6s  %s\n", w, "model",
            "TTR mean", "[95% CI]", "p90", "detect", "intake", "owner", "handoff",
            "aft-hrs", "queue", "work", "SLA%", "vs", s->model[s->baseline].name);
    metric_src base = point_src(s, r, s->baseline, -1);
    for (int m = 0; m < s->nmodel; m++) {
        metric_src src = point_src(s, r, m, -1);
        ci t = metric_ci(ttr, &src, x);
        char ci_txt[40];
        snprintf(ci_txt, sizeof ci_txt, "[%.1f, %.1f]", t.lo, t.hi);
        fprintf(f, "%-*s  %8.1f %-19s %7.1f", w, s->model[m].name, t.mean, ci_txt,
                metric_value(p90, &src, x));
        for (int st = 0; st < ST_COUNT; st++)
            fprintf(f, " %7.1f", metric_value(metric_stage((inc_stage)st), &src, x));
        fprintf(f, " %6.1f", metric_value(sla, &src, x));
        if (m == s->baseline) {
            fprintf(f, "  (baseline)\n");
        } else {
            ci d = metric_paired(ttr, &src, &base, x);
            fprintf(f, "  %+.1f [%+.1f, %+.1f]\n", d.mean, d.lo, d.hi);
        }
    }
    free(x);
}
