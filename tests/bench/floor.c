/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * floor.c — the floor under ownsim's M/M/c figure (issue 26 item 4): the
 * queue of scenarios/mmc.ini (M/M/4, lambda = 0.1 per minute, mean service
 * 30 minutes, FIFO) computed as cheaply as C allows, to say how much of
 * ownsim's time per incident is the unavoidable draws and how much is the
 * simulator.
 *
 *   floor N [mt19937|taus113]
 *
 * Prints one CSV line: generator, incidents, cpu_s, ns_per_incident,
 * mean_wait, mean_ttr (minutes; Erlang C: 15.283 and 45.283).
 *
 * Design: no event list and no records.  Customers are served in arrival
 * order, so a FIFO M/M/c is the recursion "start = max(arrival, earliest
 * time a server is free)": the four servers' free times in an array, the
 * earliest found by a scan of four (cheaper than a heap at c = 4).  Per
 * customer: two uniforms from the GSL generator and two exponential
 * inversions — the interarrival time and the service time — and a few
 * additions.  Cost O(c) per customer, O(1) memory.
 *
 * Two generators, because "the floor" depends on which draws are counted:
 *  - mt19937 with gsl_cdf_exponential_Pinv (glibc's log1p): the floor as
 *    issue 26 defines it and measured it (46 ns per incident then);
 *  - taus113 with gsl_cdf_exponential_Qinv(1 - u) (log): the generator and
 *    inversion ownsim's stream version 2 uses for these draws
 *    (src/model/outages.c, src/random/dist.c), so the floor of ownsim's own
 *    draws.
 * Seed 1, as mmc.ini; the numbers are not ownsim's (different streams), only
 * the same queue.  Timing covers the loop, in CPU time of the process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#define SERVERS 4
#define LAMBDA 0.1
#define MEAN_SERVICE 30.0

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2 || atol(argv[1]) <= 0) {
        fprintf(stderr, "usage: floor N [mt19937|taus113]\n");
        return 2;
    }
    long n = atol(argv[1]);
    int taus = argc > 2 && !strcmp(argv[2], "taus113");
    if (argc > 2 && !taus && strcmp(argv[2], "mt19937")) {
        fprintf(stderr, "floor: unknown generator %s (mt19937 or taus113)\n", argv[2]);
        return 2;
    }
    gsl_rng *r = gsl_rng_alloc(taus ? gsl_rng_taus113 : gsl_rng_mt19937);
    gsl_rng_set(r, 1);
    double free_at[SERVERS] = {0}, t = 0, wait = 0, ttr = 0;
    double c0 = cpu_s();
    for (long i = 0; i < n; i++) {
        double ia, service;
        if (taus) {
            ia = gsl_cdf_exponential_Qinv(1.0 - gsl_rng_uniform(r), 1.0 / LAMBDA);
            service = gsl_cdf_exponential_Qinv(1.0 - gsl_rng_uniform(r), MEAN_SERVICE);
        } else {
            ia = gsl_cdf_exponential_Pinv(gsl_rng_uniform(r), 1.0 / LAMBDA);
            service = gsl_cdf_exponential_Pinv(gsl_rng_uniform(r), MEAN_SERVICE);
        }
        t += ia;
        int k = 0;
        for (int j = 1; j < SERVERS; j++)
            if (free_at[j] < free_at[k])
                k = j;
        double start = free_at[k] > t ? free_at[k] : t;
        free_at[k] = start + service;
        wait += start - t;
        ttr += start - t + service;
    }
    double cpu = cpu_s() - c0;
    printf("%s,%ld,%.4f,%.1f,%.3f,%.3f\n", taus ? "taus113" : "mt19937", n, cpu, cpu / n * 1e9,
           wait / n, ttr / n);
    gsl_rng_free(r);
    return 0;
}
