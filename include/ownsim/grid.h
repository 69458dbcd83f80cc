/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * grid.h — the points of a parameter sweep.
 *
 * A grid is the cartesian product of axes; each axis is one scenario key and
 * a list of values, written as text exactly as they will be given to the
 * scenario loader.  An axis is either
 *   KEY=START:STOP:STEP   numbers START, START+STEP, ... up to STOP, or
 *   KEY=V1,V2,...         the values listed (commas inside parentheses, as in
 *                         distributions, do not split values),
 * and KEY is any scenario key, or a parameter of a distribution key, e.g.
 * model.co_managed.handoff_delay.median.
 *
 * Points are numbered 0..npoints-1 with the last axis varying fastest.  A
 * shard I/N (1 <= I <= N) owns the points p with p % N == I-1: round robin,
 * so every shard gets a similar mix of cheap and expensive points.
 */
#ifndef OWNSIM_GRID_H
#define OWNSIM_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ownsim/error.h"
#include "ownsim/scenario.h"

#define GRID_MAX_POINTS 1000000
#define GRID_MAX_AXES 16

typedef struct grid_axis {
    char *spec;         /* as written, "KEY=..."; owned */
    char *key;          /* the key varied (for a parameter: "...handoff_delay.median"); owned */
    char *dist_key;     /* for a distribution parameter: the distribution's key; owned or NULL */
    char *param;        /* for a distribution parameter: its name; owned or NULL */
    char **values;      /* value texts; owned */
    size_t n;           /* number of values, >= 1 */
    size_t cap;         /* allocated entries of values (doubles: no quadratic growth) */
} grid_axis;

typedef struct grid {
    grid_axis axis[GRID_MAX_AXES]; /* the axes, in --vary order */
    int naxis;                     /* how many */
    uint64_t npoints;              /* product of the axis lengths */
} grid;

/* Add the axis described by spec ("KEY=START:STOP:STEP" or "KEY=V1,V2,...").
 * The key's existence is checked later, against a scenario (grid_overrides).
 * 0, or -1 with e set (OS_ERR_INPUT, origin "--vary"). */
int grid_add(grid *g, const char *spec, os_error *e);

/* Release everything; g becomes empty. */
void grid_free(grid *g);

/* The overrides of point p on top of base (whose resolved distribution
 * texts are needed for parameter axes).  Fills ov[0..naxis-1] (origin
 * "--vary"), with texts in buf (>= GRID_MAX_AXES * 1024 bytes).  Returns the
 * number of overrides (parameter axes of one distribution share one), or -1
 * with e set when a parameter does not exist in the base distribution. */
int grid_overrides(const grid *g, uint64_t p, const scenario *base,
                   scn_override *ov, char *buf, os_error *e);

/* The value index of axis a at point p. */
size_t grid_coord(const grid *g, uint64_t p, int a);

/* Parse "I/N".  0, or -1 with e set. */
int grid_parse_shard(const char *text, int *i, int *n, os_error *e);

static inline bool grid_in_shard(uint64_t p, int i, int n)
{
    return p % (uint64_t)n == (uint64_t)(i - 1);
}

#endif
