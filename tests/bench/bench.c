/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench.c — one measurement: a scenario at N incidents, one worker.
 *
 *   bench SCENARIO N [REPS]
 *
 * Prints one CSV line: scenario, incidents, models, reps, wall_s,
 * incidents_per_s (incident-replays per wall second: one incident through
 * one model counts once), events_per_s (per wall second), peak_rss_mb,
 * cpu_s, incidents_per_cpu_s (incident-replays per CPU second, the figure
 * the targets of issue 26 are stated in).  Wall and CPU time cover the
 * simulation and statistics (point_run), not loading the scenario; CPU time
 * (user + sys, CLOCK_PROCESS_CPUTIME_ID: every thread of the process) is
 * less sensitive than wall time to a busy neighbour on a shared machine;
 * peak RSS is the process's (getrusage), so each size runs in a fresh
 * process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "ownsim/point.h"
#include "ownsim/scenario.h"

static double clock_s(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench SCENARIO N [REPS]\n");
        return 2;
    }
    scn_override ov[] = {{"simulation.incidents", argv[2], NULL},
                         {"simulation.reps", argc > 3 ? argv[3] : "1", NULL},
                         {"simulation.warmup", "0", NULL}};
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(argv[1], ov, 3, &e);
    if (!s) {
        err_print(&e, stderr);
        return 2;
    }
    point_opts o = {.jobs = 1};
    point_result r;
    double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    if (point_run(s, &o, &r, &e) < 0) {
        err_print(&e, stderr);
        return 1;
    }
    double wall = clock_s(CLOCK_MONOTONIC) - t0;
    double cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    double n = 0;
    for (int m = 0; m < r.nmodel; m++)
        for (int k = 0; k < r.reps; k++)
            n += point_rep(&r, m, k)->n;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%s,%s,%d,%d,%.4f,%.0f,%.0f,%.1f,%.4f,%.0f\n", s->name, argv[2], r.nmodel, r.reps, wall,
           n / wall, (double)r.events / wall, ru.ru_maxrss / 1024.0, cpu, n / cpu);
    point_free(&r);
    scn_destroy(s);
    return 0;
}
