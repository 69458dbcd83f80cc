/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * outdir.h — an output folder that changes all at once.
 *
 * Every command that writes a folder (run, sweep, merge, breakeven, plot)
 * goes through one outdir:
 *
 *   outdir *od = outdir_open("out/x", &e);   lock, check, make a temporary
 *   ... write files into outdir_path(od), each atomically (csvfile.h) ...
 *   ... write OUTDIR_MANIFEST (provenance.h) last ...
 *   outdir_commit(od, &e);                   swap it in whole, or
 *   outdir_abort(od);                        leave the old folder as it was
 *
 * The temporary folder ".NAME.tmp.<pid>.<random>" is made beside the target
 * (same file system), so the commit is a rename: with RENAME_EXCHANGE the
 * old and the new folder trade places in one step, and the old one is then
 * removed.  Until that step a reader sees the old folder complete; after
 * it, the new one.  A signal removes the temporary folder (csvw_track_tree).
 *
 * Only a folder that carries ownsim's manifest (OUTDIR_MANIFEST, beginning
 * with OUTDIR_MAGIC) or an empty one is ever replaced; anything else at the
 * target is refused up front (OS_ERR_INPUT, exit 2) and left untouched, so
 * `-o .` or `-o ~/proposal` cannot delete a user's files.  Whatever the old
 * folder held is gone after a commit, a charts/ subfolder included (it drew
 * the old results).
 *
 * A lock file ".NAME.lock" beside the target, held with flock(2) from open
 * to commit or abort, refuses a second writer of the same folder
 * (OS_ERR_ENV, exit 1) instead of mixing two runs; it is removed when the
 * writer ends (the kernel drops the lock of a killed writer; its empty lock
 * file then stays and is reused).
 */
#ifndef OWNSIM_OUTDIR_H
#define OWNSIM_OUTDIR_H

#include <stdbool.h>

#include "ownsim/error.h"

#define OUTDIR_MANIFEST "provenance.ini"
/* the first line of every manifest: what marks a folder as ownsim's */
#define OUTDIR_MAGIC "; ownsim provenance"

typedef struct outdir outdir;   /* opaque */

/* Lock target, check that it is absent, empty or an ownsim folder, create
 * its parents as needed and a new empty temporary folder beside it.  NULL
 * with e set on failure (nothing is left behind).  The caller owns the
 * handle and ends it with outdir_commit or outdir_abort. */
outdir *outdir_open(const char *target, os_error *e);

/* The temporary folder to write into (valid until commit or abort). */
const char *outdir_path(const outdir *od);

/* The folder as given to outdir_open. */
const char *outdir_target(const outdir *od);

/* Replace the target by the temporary folder in one step, remove the old
 * folder, unlock; frees od.  Refused when the temporary folder holds no
 * OUTDIR_MANIFEST.  0, or -1 with e set (the temporary folder is removed and
 * the old folder is as it was). */
int outdir_commit(outdir *od, os_error *e);

/* Remove the temporary folder and anything in it, and the parents that
 * outdir_open created; unlock; frees od.  NULL is a no-op. */
void outdir_abort(outdir *od);

/* true when dir holds a regular OUTDIR_MANIFEST that begins with
 * OUTDIR_MAGIC. */
bool outdir_is_ours(const char *dir);

#endif
