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
    double *x = malloc(3 * (size_t)r->reps * sizeof *x);
    if (!x)
        return;
    double n = 0;
    for (int k = 0; k < r->reps; k++)
        n += point_rep(r, 0, k)->n;
    fprintf(f, "%s: %d models x %d replications x %.0f incidents counted per model "
               "(seed %llu). Times in minutes.\n\n", s->name, s->nmodel, r->reps, n,
            (unsigned long long)s->seed);
    int w = 5;
    for (int m = 0; m < s->nmodel; m++)
        if ((int)strlen(s->model[m].name) > w)
            w = (int)strlen(s->model[m].name);
    fprintf(f, "%-*s  %8s %-19s %7s %7s %7s %7s %7s %7s %7s %7s %7s %6s  %s\n", w, "model",
            "TTR mean", "[95% CI]", "p90", "detect", "intake", "owner", "handoff",
            "aft-hrs", "queue", "work", "SLA%", "vs", s->model[s->baseline].name);
    for (int m = 0; m < s->nmodel; m++) {
        ci t = report_over_reps(r, m, offsetof(rep_stats, ttr), x);
        char ci_txt[40];
        snprintf(ci_txt, sizeof ci_txt, "[%.1f, %.1f]", t.lo, t.hi);
        fprintf(f, "%-*s  %8.1f %-19s %7.1f", w, s->model[m].name, t.mean, ci_txt,
                hist_quantile(point_hist(r, m, -1), 0.9));
        for (int st = 0; st < ST_COUNT; st++)
            fprintf(f, " %7.1f", report_over_reps(r, m, offsetof(rep_stats, stage) +
                                          (size_t)st * sizeof(double), x).mean);
        fprintf(f, " %6.1f", 100 * report_over_reps(r, m, offsetof(rep_stats, sla_any), x).mean);
        if (m == s->baseline) {
            fprintf(f, "  (baseline)\n");
        } else {
            ci d = report_paired(r, m, s->baseline, offsetof(rep_stats, ttr), x);
            fprintf(f, "  %+.1f [%+.1f, %+.1f]\n", d.mean, d.lo, d.hi);
        }
    }
    free(x);
}
