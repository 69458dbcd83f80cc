/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * provenance.h — what produced an output folder, in its provenance.ini:
 *
 *   ; ownsim provenance ...          (OUTDIR_MAGIC: marks the folder as ownsim's)
 *   [build]      version, schema, compiler, git: version, compiler and git
 *                are the only fields that change with every build, and the
 *                only ones exempt from byte identity; schema is the version
 *                of the output files' layout (PROV_SCHEMA)
 *   [run]        command (argv, shell-quoted so that it is one safe INI
 *                value), seed and stream version (rng.h), with an
 *                outage list replayed how it was (resample = weeks|none,
 *                run.h), and with precision control what it reached
 *                (precision1, ...)
 *   [inputs]     count, then pathN and sha256_N for every file the run
 *                read, in the order first read: the scenario, its
 *                includes, empirical-distribution CSVs, the outage list
 *
 * A prov is collected while a command runs (prov_add_*), then written into
 * the output folder last (prov_write), just before outdir_commit.  Files are
 * hashed (SHA-256, nettle) when written, so a file changed during the run
 * is recorded as it was at the end.  A file that is not a regular file (a
 * pipe, <(command)) cannot be read twice: its hash is recorded as
 * "unavailable (not a regular file)".  Standard input ("-", csvfile.h) is
 * recorded as path <stdin>, hashed from the copy that was read.
 *
 * A command that writes one file rather than a folder (fit -o, import -o,
 * report) writes the same provenance beside it, as FILE.provenance.ini
 * (prov_write_beside), followed by the resolved scenario as comments when
 * there is one (prov_set_scenario).  Output to standard output has none.
 */
#ifndef OWNSIM_PROVENANCE_H
#define OWNSIM_PROVENANCE_H

#include <stddef.h>
#include <stdint.h>

#include "ownsim/error.h"
#include "ownsim/scenario.h"

#include "ownsim/outdir.h"

#define PROV_FILE OUTDIR_MANIFEST   /* one name: outdir_is_ours reads it */

/* The output-schema version written as [build] schema: raised with every
 * change to the columns or layout of a file ownsim writes, each listed in
 * NEWS.md, so that a script can tell which layout a folder has.  1 was
 * every folder before the field existed (they have no schema line). */
#define PROV_SCHEMA 2

typedef struct prov prov;   /* opaque */

/* A collector for the command argv[0..argc-1] (copied).  NULL when out of
 * memory.  The caller owns it: prov_destroy. */
prov *prov_create(int argc, char *const *argv);
void prov_destroy(prov *p);

void prov_set_seed(prov *p, uint64_t seed);

/* The random-stream version (rng.h) the results were made with; written as
 * [run] streams when set. */
void prov_set_streams(prov *p, int version);

/* One target of precision control and what it reached, as text (e.g.
 * "ttr_mean:P1 = 10: reached 8.61 after 34 replications, met"): written
 * as [run] precisionN, N from 1 in the order added.  0, or -1 with e set
 * (out of memory). */
int prov_add_precision(prov *p, const char *text, os_error *e);

/* The [run] command line as provenance.ini writes it, split back into its
 * words (every word as typed: the writer's $'...' quoting undone), into
 * argv[*argc...], at most cap - 1 words, each malloc'd and the caller's to
 * free (also on failure: *argc counts them).  0, -1 when the line is not
 * one the writer makes, -2 out of memory. */
int prov_command_split(const char *line, char **argv, int cap, int *argc);

/* Record that path was read (once: repeats are ignored).  0, or -1 with e
 * set (out of memory). */
int prov_add_file(prov *p, const char *path, os_error *e);
/* The same with its hash already known (merge copies a shard's inputs). */
int prov_add_hashed(prov *p, const char *path, const char *sha256, os_error *e);
/* Every file s read (scn_inputs) and its outage list, its seed, and with a
 * list whether it was resampled (s->resampled). */
int prov_add_scenario(prov *p, const scenario *s, os_error *e);

/* Hash the inputs and write dir/provenance.ini atomically.  0, or -1 with e
 * set. */
int prov_write(prov *p, const char *dir, os_error *e);

/* The suffix of a single output file's provenance: FILE.provenance.ini. */
#define PROV_BESIDE ".provenance.ini"

/* The same, for the single file `file`, into file PROV_BESIDE.  0, or -1
 * with e set. */
int prov_write_beside(prov *p, const char *file, os_error *e);

/* Keep s as resolved (scn_write) to append to a file's provenance as
 * comments.  0, or -1 with e set (out of memory). */
int prov_set_scenario(prov *p, const scenario *s, os_error *e);

/* The build: `git describe --always --dirty` and the compiler's first line
 * at build time ("unknown" outside git), as [build] records them. */
const char *prov_build_git(void);
const char *prov_build_cc(void);

/* A provenance.ini read back (merge compares shards).  Strings owned. */
typedef struct prov_file {
    char *version;              /* [build] version */
    char *seed;                 /* [run] seed */
    char *streams;              /* [run] streams, NULL when absent */
    size_t n;                   /* [inputs] */
    char **path, **sha256;
} prov_file;

/* Read dir/provenance.ini.  0, or -1 with e set (OS_ERR_INPUT: missing or
 * malformed). */
int prov_read(const char *dir, prov_file *out, os_error *e);
void prov_file_free(prov_file *f);

/* The SHA-256 of a file as 64 lowercase hex digits into hex[65].  0, or -1
 * with errno set. */
int prov_sha256_file(const char *path, char hex[65]);

#endif
