/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * run.h — a run assembled in one place: the scenario source, the base
 * overrides, the outage source and the counting rules, from which `run`,
 * `sweep`, `breakeven` (and any analysis to come) take their scenarios.
 *
 * run_open reads the scenario file, its includes and the empirical CSVs
 * once (scn_read, scenario.h), resolves the base scenario with the
 * command's overrides, and reads the outage list the base names
 * (simulation.outages), once.  Every further scenario — a sweep's point, a
 * break-even step — is derived in memory by run_derive: the same source,
 * the base overrides, then the point's own, resolved exactly as if they had
 * all been given with --set (so an override of party.X.staff still flows
 * into the models' staff).  No file is read again, except one a point
 * names for the first time (another outage list or empirical CSV on an
 * axis), and that one once.
 *
 * The outage source of a scenario: generated when simulation.outages is
 * empty, else the list that file holds (run_list).  The counting rules,
 * applied to every scenario the assembly hands out:
 *   - a list is resampled by weeks (scenario.resampled) when
 *     simulation.resample = weeks, or it is empty and reps > 1; else it is
 *     replayed as is (outsrc_create, outages.h, says what each replication
 *     replays);
 *   - a list is read up to the first N rows when -n N was given
 *     (run_opts.incidents_given, with simulation.incidents = N) and the base
 *     does not resample, else whole;
 *   - a scenario replays all the rows read, or simulation.incidents
 *     outages when that count is explicit: given with -n, or by the point's
 *     own overrides (a --vary axis on it); so `incidents` becomes the
 *     number of outages each replication replays.  More than the list
 *     holds only when resampled (drawn weeks make up the rest), else exit
 *     2 naming simulation.incidents and both numbers;
 *   - the warm-up is 0 (real tickets are no cold start) unless
 *     simulation.warmup is given by an override (--warmup, --set, a point's)
 *     or by the files of a scenario that names its list itself
 *     (simulation.outages in the file): a warm-up written for generated
 *     outages, as scenarios/default.ini's, does not drop real tickets;
 *   - simulation.warmup must be smaller than the number replayed, else
 *     exit 2 naming simulation.warmup.
 * A generated stream is counted by simulation.incidents as resolved.
 *
 * Ownership: run_open returns an assembly the caller frees with
 * run_close.  Scenarios from run_derive are the caller's (scn_destroy);
 * run_base and run_list hand out the assembly's own, valid until run_close.
 * One caller at a time: run_derive fills the assembly's caches.
 */
#ifndef OWNSIM_RUN_H
#define OWNSIM_RUN_H

#include <stdbool.h>
#include "ownsim/error.h"
#include "ownsim/outages.h"
#include "ownsim/scenario.h"

typedef struct run_asm run_asm;   /* opaque */

typedef struct run_opts {
    bool incidents_given;     /* the incident count was given explicitly (-n): a list is
                                 read and replayed up to it, not whole */
    /* An override that does not reach every model (scn_shadowed: party.P.staff
     * while a model's staff list names P) is told here, once per key, as a
     * sentence: the base's when run_open resolves it, a point's the first
     * time run_derive resolves it.  NULL: nobody is told. */
    void (*warn)(void *ctx, const char *msg);
    void *warn_ctx;           /* passed to warn */
    const char *models;       /* "A,B": every scenario handed out keeps these models
                                 only (scn_keep_models), so the others are not run;
                                 NULL = all (copied) */
} run_opts;

/* Read path once and resolve the base scenario with ov[0..nov) (copied).
 * o may be NULL (nothing given explicitly).  NULL with e set on failure. */
run_asm *run_open(const char *path, const scn_override *ov, int nov, const run_opts *o,
                  os_error *e);
void run_close(run_asm *r);

/* The base scenario, counted (its incidents are the rows replayed). */
const scenario *run_base(const run_asm *r);

/* The scenario of a point: the base overrides, then ov[0..nov), resolved
 * from the source in memory and counted.
 * The caller frees it with scn_destroy.  NULL with e set on failure. */
scenario *run_derive(run_asm *r, const scn_override *ov, int nov, os_error *e);

/* The scenario source the assembly read (its [uncertainty] section, for
 * the analyses); valid until run_close. */
const scn_source *run_source(const run_asm *r);

/* The outages s replays (s from this assembly): its list, or NULL when s
 * generates them.  The same pointer for every scenario naming the same
 * list. */
const outage_list *run_list(const run_asm *r, const scenario *s);

#endif
