/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * datadir.h — where the data ownsim ships (the gnuplot scripts, the holiday
 * lists) is found, so that the binary is relocatable: nothing absolute is
 * compiled in but the install prefix, which is tried last.
 *
 * The search, first hit wins (docs/design.md, "Data folders"):
 *   1. the environment variable (OWNSIM_PLOTS, OWNSIM_HOLIDAYS) when set and
 *      not empty, taken as it is (a wrong one is reported by its user);
 *   2. beside a development binary: EXEDIR/../plots, EXEDIR/../scenarios/holidays
 *      (build/ownsim in the source tree), so that a development binary always
 *      uses its own tree's data, never an installed copy;
 *   3. the install tree relative to the binary: EXEDIR/../share/ownsim/plots,
 *      EXEDIR/../share/ownsim/scenarios/holidays (a moved prefix);
 *   4. the install prefix compiled in (OWNSIM_DATADIR, default
 *      /usr/local/share/ownsim) with the same subfolders.
 * EXEDIR is the folder of the running binary, read from /proc/self/exe.  A
 * candidate counts when it holds its marker (plots: common.gp; holidays: a
 * folder); the path returned is made absolute and free of "..".
 */
#ifndef OWNSIM_DATADIR_H
#define OWNSIM_DATADIR_H

#include <stddef.h>

/* Which shipped folder. */
typedef enum datadir_kind {
    DATADIR_PLOTS,      /* the gnuplot scripts (plots/) */
    DATADIR_HOLIDAYS    /* the holiday lists (scenarios/holidays/) */
} datadir_kind;

/* Find the folder of kind for the binary at exe (an absolute path, or NULL
 * for none known), with env the environment variable's value (NULL or "":
 * not set) and prefix the compiled-in data folder (NULL: OWNSIM_DATADIR).
 * Writes the folder to buf (n bytes).  Returns 1 when env was used, 0 when
 * a candidate was found, -1 when none was (buf then holds the last candidate,
 * to be named in a message) or buf is too small. */
int datadir_find_from(datadir_kind kind, const char *exe, const char *env, const char *prefix,
                      char *buf, size_t n);

/* The same for this process: env from OWNSIM_PLOTS or OWNSIM_HOLIDAYS, exe
 * from /proc/self/exe, prefix compiled in. */
int datadir_find(datadir_kind kind, char *buf, size_t n);

#endif
