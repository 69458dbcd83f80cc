/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * progress.h — how a long library call says how far it has come.
 *
 * The library never prints (see docs/design.md, "Layers"): point_run,
 * point_run_batch, sweep_run and be_run report progress by calling an
 * os_progress_fn the caller gave in their options, and the caller decides
 * whether and how to show it (the CLI draws one line on standard error,
 * only on a terminal, not with -q).  A NULL function: no progress, no cost.
 *
 * Contract, the same for every call that takes one:
 *  - it is called on the thread that made the library call, never on a
 *    worker thread and never twice at once, so ctx needs no lock (the
 *    point runner's workers only bump an atomic counter; the calling
 *    thread, which works too, reads it after each task of its own);
 *  - `done` never decreases from one call to the next within one library
 *    call, nor does `elapsed`;
 *  - calls come at meaningful steps (a chunk of sweep points, a break-even
 *    evaluation) or at most about every 100 ms (the model-replications of a
 *    point, which can take microseconds each);
 *  - the last call of a successful run has done == total (there is none
 *    when there is nothing to count); a failed run may stop short of it;
 *  - it must return quickly and must not call back into the library call
 *    that is reporting.  It cannot change any result: nothing is read back
 *    from it, and the random streams never depend on time.
 */
#ifndef OWNSIM_PROGRESS_H
#define OWNSIM_PROGRESS_H

/* What `done` and `total` count. */
typedef enum os_progress_kind {
    OS_PROGRESS_TASKS,      /* point_run: model-replications finished */
    OS_PROGRESS_POINTS,     /* sweep_run: grid points of this shard finished */
    OS_PROGRESS_EVALS       /* be_run: scenario points evaluated; total is
                               known only at the end (0 until then) */
} os_progress_kind;

typedef struct os_progress {
    os_progress_kind kind;  /* what is being counted */
    long long done;         /* finished so far, 0..total */
    long long total;        /* how many there are; 0 = not known yet */
    double elapsed;         /* seconds since the counted work began (monotonic
                               clock; a sweep starts it after checking its axes) */
} os_progress;

/* Called by the library with ctx as given next to it in the options; p is
 * valid only during the call. */
typedef void (*os_progress_fn)(void *ctx, const os_progress *p);

#endif
