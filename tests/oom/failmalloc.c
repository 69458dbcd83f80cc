/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * failmalloc.c — an allocator hook that fails the N-th allocation, for the
 * out-of-memory sweep (tests/oom/sweep.sh, `make oom`; docs/design.md, "Out
 * of memory").
 *
 * Linked into a test binary (ownsim-oom: the objects of ownsim plus this
 * one), never into ownsim itself.  Functions defined by an executable come
 * first in the ELF symbol lookup, so these malloc, calloc, realloc, ...
 * replace the allocator's for the whole process: ownsim, libinih, libcsv,
 * GSL, nettle and glibc itself (strdup, fopen, open_memstream, opendir,
 * qsort and the rest call malloc through the PLT; glibc supports replacing
 * malloc this way).  Each counts, then forwards to the real allocator:
 *   - native build: glibc's __libc_malloc, __libc_calloc, ... (exported
 *     for this use; no dlsym, which itself allocates);
 *   - ASan build (FAILMALLOC_ASAN, set by the Makefile: this file itself
 *     is built without instrumentation, as it runs before ASan's shadow
 *     memory exists): ASan's __interceptor_malloc, ...,
 *     so every block is still ASan's (redzones, the leak checker).  ASan
 *     also intercepts strdup and strndup and allocates their copies itself,
 *     so those two are defined here as well, over our malloc.
 * free is not replaced: the real one matches the real allocator.
 *
 * Environment (read by a constructor, after libc is initialised; the few
 * allocations made before it, by the dynamic loader, are counted but never
 * failed):
 *   OWNSIM_FAIL_ALLOC=N      the N-th allocation (1-based, counted from
 *                            process start over every function below)
 *                            returns NULL with errno ENOMEM; only that one,
 *                            the ones after it succeed (so every recovery
 *                            and cleanup path runs with a working
 *                            allocator, as after a transient failure).
 *                            Unset or 0: nothing fails.  N+ (a trailing
 *                            plus) fails the N-th and every one after it:
 *                            memory that stays exhausted, cleanup included.
 *   OWNSIM_ALLOC_REPORT=FILE at exit (exit or return from main, not _exit
 *                            or a signal), write to FILE:
 *                              allocations C     how many were counted
 *                              first K           the first that could fail
 *                              failed N          the one failed, 0 if none
 *                              site MODULE+0xOFF the caller of the failed one
 *                            and with OWNSIM_ALLOC_SITES=1 one line
 *                              caller MODULE+0xOFF COUNT FIRST
 *                            per distinct caller (the return address of the
 *                            allocation call: code in ownsim, or the library
 *                            function such as strdup that called malloc):
 *                            how many allocations it made, and the number
 *                            of its first.
 *
 * Counting is atomic, so threads are safe, but only a run on one thread
 * (-j 1) allocates in the same order every time; the sweep uses -j 1.
 * Nothing here allocates (the report is written with open and write).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(FAILMALLOC_ASAN)
#define REAL(f) __interceptor_##f
#else
#define REAL(f) __libc_##f
#endif
void *REAL(malloc)(size_t n);
void *REAL(calloc)(size_t k, size_t n);
void *REAL(realloc)(void *p, size_t n);
void *REAL(memalign)(size_t align, size_t n);
void *REAL(valloc)(size_t n);
void *REAL(pvalloc)(size_t n);

static atomic_ulong calls;         /* allocations counted so far */
static unsigned long fail_at;      /* the one to fail, 0 = none */
static bool fail_after;            /* and every one after it (N+) */
static unsigned long first_failable; /* calls + 1 when configured */
static bool configured;            /* the constructor has run */
static atomic_uintptr_t failed_site; /* caller of the failed allocation */
static atomic_ulong failed_n;      /* which one failed, 0 = none yet */

/* Distinct callers, with OWNSIM_ALLOC_SITES: open addressing, no removal. */
#define SITES 8192
static bool want_sites;
static atomic_uintptr_t site_pc[SITES];
static atomic_ulong site_n[SITES];
static atomic_ulong site_first[SITES];

/* Count allocation k, made from pc. */
static void note_site(uintptr_t pc, unsigned long k)
{
    size_t h = (size_t)((pc * 0x9e3779b97f4a7c15u) >> 51) % SITES;
    for (size_t i = 0; i < SITES; i++, h = (h + 1) % SITES) {
        uintptr_t cur = atomic_load(&site_pc[h]);
        if (cur == 0) {
            uintptr_t zero = 0;
            if (atomic_compare_exchange_strong(&site_pc[h], &zero, pc)) {
                atomic_store(&site_first[h], k);
                atomic_fetch_add(&site_n[h], 1);
                return;
            }
            if (zero == pc) {
                atomic_fetch_add(&site_n[h], 1);
                return;
            }
            cur = zero;
        }
        if (cur == pc) {
            atomic_fetch_add(&site_n[h], 1);
            return;
        }
    }
}

/* Count one allocation made from pc; true when it is the one to fail. */
static bool should_fail(const void *pc)
{
    unsigned long k = atomic_fetch_add(&calls, 1) + 1;
    if (want_sites)
        note_site((uintptr_t)pc, k);
    if (!configured || fail_at == 0 || k < fail_at || (k > fail_at && !fail_after))
        return false;
    if (k == fail_at) {
        atomic_store(&failed_site, (uintptr_t)pc);
        atomic_store(&failed_n, k);
    }
    errno = ENOMEM;
    return true;
}

#define CALLER __builtin_extract_return_addr(__builtin_return_address(0))

void *malloc(size_t n)
{
    return should_fail(CALLER) ? NULL : REAL(malloc)(n);
}

void *calloc(size_t k, size_t n)
{
    return should_fail(CALLER) ? NULL : REAL(calloc)(k, n);
}

/* realloc(p, 0) frees, it does not allocate: not counted. */
void *realloc(void *p, size_t n)
{
    if (p && n == 0)
        return REAL(realloc)(p, n);
    return should_fail(CALLER) ? NULL : REAL(realloc)(p, n);
}

void *reallocarray(void *p, size_t k, size_t n)
{
    if (n && k > SIZE_MAX / n) {
        errno = ENOMEM;
        return NULL;
    }
    if (p && k * n == 0)
        return REAL(realloc)(p, 0);
    return should_fail(CALLER) ? NULL : REAL(realloc)(p, k * n);
}

void *memalign(size_t align, size_t n)
{
    return should_fail(CALLER) ? NULL : REAL(memalign)(align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
    return should_fail(CALLER) ? NULL : REAL(memalign)(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    if (align < sizeof(void *) || (align & (align - 1)))
        return EINVAL;
    if (should_fail(CALLER))
        return ENOMEM;
    void *p = REAL(memalign)(align, n);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

void *valloc(size_t n)
{
    return should_fail(CALLER) ? NULL : REAL(valloc)(n);
}

void *pvalloc(size_t n)
{
    return should_fail(CALLER) ? NULL : REAL(pvalloc)(n);
}

#if defined(FAILMALLOC_ASAN)
/* ASan's own strdup and strndup would bypass malloc above. */
char *strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = should_fail(CALLER) ? NULL : REAL(malloc)(n);
    return d ? memcpy(d, s, n) : NULL;
}

char *strndup(const char *s, size_t max)
{
    size_t n = strnlen(s, max);
    char *d = should_fail(CALLER) ? NULL : REAL(malloc)(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}
#endif

__attribute__((constructor(101))) static void fm_configure(void)
{
    const char *v = getenv("OWNSIM_FAIL_ALLOC");
    char *end = NULL;
    fail_at = v ? strtoul(v, &end, 10) : 0;
    fail_after = end && *end == '+';
    v = getenv("OWNSIM_ALLOC_SITES");
    want_sites = v && *v == '1';
    first_failable = atomic_load(&calls) + 1;
    configured = true;
}

/* "MODULE+0xOFFSET" of pc into buf (dladdr does not allocate). */
static void site_name(uintptr_t pc, char *buf, size_t n)
{
    Dl_info di;
    if (pc && dladdr((void *)pc, &di) && di.dli_fname)
        snprintf(buf, n, "%s+0x%lx", di.dli_fname,
                 (unsigned long)(pc - (uintptr_t)di.dli_fbase));
    else
        snprintf(buf, n, "?+0x%lx", (unsigned long)pc);
}

__attribute__((destructor(101))) static void fm_report(void)
{
    const char *path = getenv("OWNSIM_ALLOC_REPORT");
    if (!path || !*path)
        return;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    char line[1200], where[1024];
    site_name(atomic_load(&failed_site), where, sizeof where);
    int len = snprintf(line, sizeof line, "allocations %lu\nfirst %lu\nfailed %lu\nsite %s\n",
                       atomic_load(&calls), first_failable, atomic_load(&failed_n),
                       atomic_load(&failed_n) ? where : "-");
    if (write(fd, line, (size_t)len) != len)
        goto done;
    for (size_t i = 0; want_sites && i < SITES; i++) {
        uintptr_t pc = atomic_load(&site_pc[i]);
        if (!pc)
            continue;
        site_name(pc, where, sizeof where);
        len = snprintf(line, sizeof line, "caller %s %lu %lu\n", where, atomic_load(&site_n[i]),
                       atomic_load(&site_first[i]));
        if (write(fd, line, (size_t)len) != len)
            break;
    }
done:
    close(fd);
}
