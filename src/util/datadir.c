/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * datadir.c — the shipped data folders, found relative to the binary
 * (datadir.h gives the search order and why).
 *
 * Invariants: no allocation; nothing printed; buf always holds a
 * NUL-terminated path on return (possibly truncated only when -1 says so).
 * The candidates are checked with stat() alone: whether a script in the
 * folder is readable is the caller's business, reported with its name.
 */
#include "ownsim/datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef OWNSIM_DATADIR
#define OWNSIM_DATADIR "/usr/local/share/ownsim"
#endif

/* The subfolder of each kind under a data folder, and the file (or "" for
 * the folder itself) that must exist for a candidate to count. */
static const struct {
    const char *env;     /* the overriding environment variable */
    const char *dev;     /* relative to EXEDIR in a source tree */
    const char *sub;     /* relative to a data folder (share/ownsim) */
    const char *marker;  /* must exist in the folder; "" = the folder itself */
} kinds[] = {
    [DATADIR_PLOTS] = {"OWNSIM_PLOTS", "../plots", "plots", "common.gp"},
    [DATADIR_HOLIDAYS] = {"OWNSIM_HOLIDAYS", "../scenarios/holidays", "scenarios/holidays", ""},
};

/* Whether dir is a folder holding marker; if so its canonical path in buf. */
static int try_dir(const char *dir, const char *marker, char *buf, size_t n)
{
    char path[PATH_MAX], real[PATH_MAX];
    struct stat sb;
    if (snprintf(path, sizeof path, "%s%s%s", dir, marker[0] ? "/" : "", marker) >=
        (int)sizeof path)
        return 0;
    if (stat(path, &sb) != 0 || (marker[0] ? !S_ISREG(sb.st_mode) : !S_ISDIR(sb.st_mode)))
        return 0;
    if (!realpath(dir, real) || strlen(real) >= n)
        return 0;
    strcpy(buf, real);
    return 1;
}

int datadir_find_from(datadir_kind kind, const char *exe, const char *env, const char *prefix,
                      char *buf, size_t n)
{
    if (n == 0)
        return -1;
    buf[0] = '\0';
    if (env && *env) {
        if (strlen(env) >= n)
            return -1;
        strcpy(buf, env);
        return 1;
    }
    char cand[PATH_MAX];
    if (exe && exe[0] == '/') {
        const char *slash = strrchr(exe, '/');
        int dirlen = (int)(slash - exe);
        const char *rel[] = {kinds[kind].dev, NULL};
        char share[PATH_MAX];
        snprintf(share, sizeof share, "../share/ownsim/%s", kinds[kind].sub);
        rel[1] = share;
        for (int i = 0; i < 2; i++)
            if (snprintf(cand, sizeof cand, "%.*s/%s", dirlen, exe, rel[i]) < (int)sizeof cand &&
                try_dir(cand, kinds[kind].marker, buf, n))
                return 0;
    }
    if (snprintf(cand, sizeof cand, "%s/%s", prefix ? prefix : OWNSIM_DATADIR,
                 kinds[kind].sub) >= (int)sizeof cand)
        return -1;
    if (try_dir(cand, kinds[kind].marker, buf, n))
        return 0;
    snprintf(buf, n, "%s", cand);
    return -1;
}

int datadir_find(datadir_kind kind, char *buf, size_t n)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0)
        exe[len] = '\0';
    return datadir_find_from(kind, len > 0 ? exe : NULL, getenv(kinds[kind].env), NULL, buf,
                             n);
}
