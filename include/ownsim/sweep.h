/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sweep.h — parameter sweeps: run a grid (or a shard of it), merge shards.
 *
 * A sweep folder holds
 *   sweep.csv     one row per point x model: point, one column per varied
 *                 key, the models.csv columns, then the baseline and the
 *                 paired differences against it of the metrics asked for
 *                 (sweep_opts.pairs; by default the headline set of
 *                 report_pairs_default);
 *   scenario.ini  the resolved base scenario (without the varied keys);
 *   sweep.ini     the manifest: seed, number of points, axes, shard I/N, and
 *                 a checksum of sweep.csv as written;
 *   provenance.ini  build, command and input hashes (provenance.h), written
 *                 by the caller last, before the folder is swapped in.
 * With precision targets (sweep_opts.targets), each point adds
 * replications as `run --precision` does, on its own (point_extend): its
 * rows equal those of `run --precision` at that point, its reps column says
 * how many it ran, and shards still merge byte-identical.
 * Every point replays the same outages with the same seeds (common random
 * numbers across points as well as models), so curves are smooth: the
 * stream generated, or the list simulation.outages names, read once by the
 * run assembly (run.h), which also derives every point's scenario from the
 * base in memory and applies the counting rules to it.  Output is
 * byte-identical for every -j, and merging the folders of shards 1/N..N/N
 * gives exactly the folder of the unsharded sweep.
 */
#ifndef OWNSIM_SWEEP_H
#define OWNSIM_SWEEP_H

#include <stdbool.h>
#include "ownsim/error.h"
#include "ownsim/grid.h"
#include "ownsim/metric_spec.h"
#include "ownsim/point.h"
#include "ownsim/progress.h"
#include "ownsim/provenance.h"
#include "ownsim/run.h"
#include "ownsim/scenario.h"

typedef struct sweep_opts {
    run_asm *run;               /* the assembled run (run.h): base scenario with its
                                   overrides, outage source; borrowed */
    const grid *g;              /* the axes */
    int shard_i, shard_n;       /* run points p with p % n == i-1 */
    int jobs;                   /* worker threads */
    os_progress_fn progress;    /* NULL, or told OS_PROGRESS_POINTS after each chunk
                                   of points, on the calling thread (progress.h) */
    void *progress_ctx;         /* passed to progress; borrowed */
    const char *out;            /* existing folder to write into (outdir_path) */
    prov *prov;                 /* collects the files read; NULL = none */
    long unsettled;             /* out: points whose queues never settled (see point_peak) */
    const metric_spec *pairs;   /* the paired differences sweep.csv carries, npairs of
                                   them; NULL = the headline set; borrowed */
    int npairs;                 /* entries of pairs */
    point_target *targets;      /* precision control at every point (as run --precision),
                                   ntargets of them; NULL = none; their reached are
                                   scratch; borrowed */
    int ntargets;               /* entries of targets */
    int max_reps;               /* with targets: the most replications a point runs */
    long imprecise;             /* out: points where a target was not met at max_reps */
} sweep_opts;

/* Run the sweep into o->out.  Every axis value is validated against the
 * scenario before anything is written.  0, or -1 with e set (the caller's
 * outdir_abort removes what was written). */
int sweep_run(sweep_opts *o, os_error *e);

/* Merge shard folders into out, writing into the existing folder into
 * (outdir_path of out's outdir).  They must come from the same scenario,
 * seed and grid, and be shards 1..N of N exactly once each; their
 * provenance.ini must name the same version and the same inputs (paths and
 * SHA-256), which go to pv (when not NULL); each shard's sweep.csv must hold
 * its points, each with the scenario's models and the grid's values, and
 * match the checksum of its manifest; out must not be, lie in or contain a
 * shard folder.  Where folders disagree, the odd one (against the majority)
 * is named; missing shards are listed as ranges.  Everything is checked
 * before anything is written.  Streams: memory does not grow with the number
 * of points, and at most 256 shard files are open at once (merge.c).  0, or
 * -1 with e set. */
int sweep_merge(const char *const *dirs, int ndirs, const char *out, const char *into,
                prov *pv, os_error *e);

/* Does dir hold a sweep folder (a readable sweep.ini), and which shard?
 * true with *i and *n its I/N (1/1 for an unsharded sweep), else false:
 * sweep refuses to replace a folder holding another shard (a rerun that
 * forgot N would overwrite a good shard with another sweep). */
bool sweep_folder_shard(const char *dir, int *i, int *n);

/* What merge --check found: how complete a set of shard folders is. */
typedef struct sweep_check {
    long shards;                /* N, the sweep's shard count */
    long missing;               /* shards no folder holds */
    char *ranges;               /* those shards as ranges, "3,17-19" ("" when none);
                                   owned by the caller (free) */
} sweep_check;

/* Check shard folders as sweep_merge does, without -o and writing nothing,
 * except that missing shards are counted and listed in *out, not refused.
 * 0 (out filled, complete or not), or -1 with e set (a folder is not a
 * shard of the same sweep, a shard is given twice or is damaged). */
int sweep_merge_check(const char *const *dirs, int ndirs, sweep_check *out, os_error *e);

/* A shard folder's own record of the sweep that wrote it (resume.c): the
 * command its provenance.ini records, decoded back into argv, and what its
 * sweep.ini says, for `sweep --resume DIR`. */
typedef struct sweep_resume sweep_resume;   /* opaque */

/* Read dir/provenance.ini and dir/sweep.ini: the recorded command (an ownsim
 * sweep), and the manifest's seed, points, shard and vary lines; and check
 * that every input file of [inputs] still has the SHA-256 recorded.  NULL,
 * with e set (OS_ERR_INPUT, naming the file and key), when a file or key is
 * missing or unreadable, the command is not a sweep, or an input changed or
 * cannot be read again (standard input, a pipe).  Owned by the caller:
 * sweep_resume_free. */
sweep_resume *sweep_resume_open(const char *dir, os_error *e);
void sweep_resume_free(sweep_resume *r);

/* The recorded command: *argc words, argv[0] the program as it was run,
 * argv[1] "sweep", NULL-ended.  Borrowed from r. */
char *const *sweep_resume_argv(const sweep_resume *r, int *argc);

/* Does the sweep rebuilt from the command (its grid g, shard i/n and base
 * seed) match the manifest?  0, or -1 with e naming sweep.ini and the key
 * that differs. */
int sweep_resume_check(const sweep_resume *r, const grid *g, int shard_i, int shard_n,
                       unsigned long long seed, os_error *e);

#endif
