/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sweep_int.h — what sweep.c and merge.c share (not a public interface): the
 * manifest sweep.ini, written by one function so that a merged folder's
 * manifest is byte for byte the unsharded sweep's, and the checksum of
 * sweep.csv it records.
 *
 * The checksum is FNV-1a (64 bits) of sweep.csv's bytes as written, recorded
 * as "sweep_csv = fnv1a64:<16 lowercase hex digits>".  It lets merge refuse a
 * shard whose sweep.csv was edited or damaged after the sweep wrote it (a
 * changed value keeps every row well formed, so nothing else would notice).
 * It is not a signature: whoever can edit sweep.csv can also rewrite the
 * manifest.
 */
#ifndef OWNSIM_SWEEP_INT_H
#define OWNSIM_SWEEP_INT_H

#include <stddef.h>

#include "ownsim/error.h"

#define SWEEP_SUM_KEY "sweep_csv"
#define SWEEP_SUM_SIZE 32        /* "fnv1a64:" + 16 hex digits + NUL, rounded */

/* The checksum text of the file at path into sum (SWEEP_SUM_SIZE bytes).
 * 0, or -1 with e set (kind, naming path) when it cannot be read. */
int sweep_csv_sum(const char *path, char *sum, os_errkind kind, os_error *e);

/* Write dir/sweep.ini: seed (as text), points, shard I/N, the naxis --vary
 * specs, and the checksum of dir/sweep.csv (which must be complete).  Atomic,
 * like every output file.  0, or -1 with e set. */
int sweep_manifest_write(const char *dir, const char *seed, unsigned long long points,
                         int shard_i, int shard_n, int naxis, const char *const *specs,
                         os_error *e);

#endif
