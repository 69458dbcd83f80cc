/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * progress_rec.h — a progress function for the unit tests that records
 * every call, and the checks of the progress.h contract made on them.
 */
#ifndef OWNSIM_TEST_PROGRESS_REC_H
#define OWNSIM_TEST_PROGRESS_REC_H

#include <criterion/criterion.h>
#include <pthread.h>
#include <stdbool.h>

#include "ownsim/progress.h"

#define PROGRESS_REC_MAX 4096

typedef struct progress_rec {
    pthread_t caller;               /* the thread that made the library call */
    bool other_thread;              /* a call came on another thread */
    int n;                          /* calls recorded */
    os_progress p[PROGRESS_REC_MAX];
} progress_rec;

static inline void progress_rec_start(progress_rec *r)
{
    r->caller = pthread_self();
    r->other_thread = false;
    r->n = 0;
}

static inline void progress_rec_fn(void *ctx, const os_progress *p)
{
    progress_rec *r = ctx;
    if (!pthread_equal(pthread_self(), r->caller))
        r->other_thread = true;
    if (r->n < PROGRESS_REC_MAX)
        r->p[r->n++] = *p;
}

/* Every call of kind on the calling thread, done and elapsed never going
 * down, done within total when total is known, the last call done == total
 * == want_total (when want_total >= 0). */
static inline void progress_rec_check(const progress_rec *r, os_progress_kind kind,
                                      long long want_total)
{
    cr_assert_gt(r->n, 0, "progress was never reported");
    cr_assert(!r->other_thread, "progress reported on a worker thread");
    for (int i = 0; i < r->n; i++) {
        const os_progress *p = &r->p[i];
        cr_assert_eq(p->kind, kind, "call %d: kind %d", i, (int)p->kind);
        cr_assert_geq(p->done, 0);
        cr_assert(p->total == 0 || p->done <= p->total, "call %d: %lld of %lld", i, p->done,
                  p->total);
        cr_assert_geq(p->elapsed, 0);
        if (i > 0) {
            cr_assert_geq(p->done, r->p[i - 1].done, "call %d: done went down", i);
            cr_assert_geq(p->elapsed, r->p[i - 1].elapsed, "call %d: time went back", i);
        }
    }
    const os_progress *last = &r->p[r->n - 1];
    cr_assert_eq(last->done, last->total, "last call: %lld of %lld", last->done, last->total);
    if (want_total >= 0)
        cr_assert_eq(last->total, want_total);
}

#endif
