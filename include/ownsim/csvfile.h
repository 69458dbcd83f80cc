/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csvfile.h — CSV files written atomically and read record by record, both
 * through libcsv.
 *
 * Writing: csvw_open() creates a new "<path>.tmp.<pid>.<random>" beside the
 * target (O_EXCL | O_NOFOLLOW: a symlink or file planted at that name is
 * never followed or truncated; mode 0666 minus the umask); fields
 * go through libcsv (csv_fwrite quotes a field when it holds a comma, quote,
 * CR or LF; plain fields are written as they are), records end with CRLF as
 * RFC 4180 says; csvw_commit() flushes, checks for write errors, fsyncs and
 * renames onto the target.  csvw_abort() (or an error) removes the temporary
 * file, so a reader never sees a half-written file.
 *
 * Reading: csvr_read() parses a whole file with libcsv in strict mode and calls
 * back once per record with its fields and 1-based line number; a UTF-8 byte
 * order mark is skipped, CRLF and LF both end records, quoted fields may hold
 * commas and newlines.  A NUL byte anywhere is refused (file, line and the
 * column, named from the first record when it is there).  Memory is one
 * record's fields at a time (and the first record's names, up to 64 KiB).
 */
#ifndef OWNSIM_CSVFILE_H
#define OWNSIM_CSVFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "ownsim/error.h"

typedef struct csvw csvw;   /* opaque */

/* Create a new temporary file for path (refused when path exists and is not
 * a regular file).  NULL with e set (OS_ERR_ENV) on failure.  The caller
 * owns the handle and must end it with csvw_commit or csvw_abort. */
csvw *csvw_open(const char *path, os_error *e);

/* csvw_open of dir/name, the path never cut (a cut path may name another
 * file): refused with OS_ERR_ENV when it does not fit in PATH_MAX. */
csvw *csvw_open_in(const char *dir, const char *name, os_error *e);

/* One record of n texts: a header row. */
void csvw_row(csvw *w, const char *const *fields, size_t n);

/* Append one field to the current record: text (quoted when needed), a
 * number in %.*g with `digits` significant digits (NaN/inf written as empty
 * fields), or an integer. */
void csvw_str(csvw *w, const char *s);
void csvw_num(csvw *w, double x, int digits);
void csvw_int(csvw *w, long long x);
/* A number x >= 0 with at most `decimals` (<= 9) digits after the point,
 * trailing zeros dropped ("12.5", "3"), formatted without printf: for bulk
 * output such as traces.  NaN and inf are empty fields; negative or huge
 * values fall back to %.17g. */
void csvw_fixed(csvw *w, double x, int decimals);

/* End the current record. */
void csvw_end(csvw *w);

/* The underlying stream, for writers that need it (e.g. the resolved
 * scenario, which is not CSV but is written the same atomic way). */
FILE *csvw_stream(csvw *w);

/* Append everything written to part so far to dst (both open), then
 * discard part (its temporary is removed, nothing is renamed; part is
 * freed).  For output assembled from pieces written in parallel.  0, or -1
 * with e set (part is discarded either way). */
int csvw_splice(csvw *dst, csvw *part, os_error *e);

/* Flush, check, fsync, rename to the target; frees w.  0, or -1 with e set
 * (and the temporary removed). */
int csvw_commit(csvw *w, os_error *e);
/* Remove the temporary file and free w. */
void csvw_abort(csvw *w);

/* Remove every temporary file still open, and every tracked temporary
 * (for signal handlers: uses only async-signal-safe calls). */
void csvw_abort_all_signal_safe(void);

/* Track another temporary (a file, or a folder to rmdir once empty) so that
 * csvw_abort_all_signal_safe() removes it too; untrack it once it is gone
 * or renamed into place.  The slot, or -1 when the registry is full. */
int csvw_track(const char *path, bool dir);
void csvw_untrack(int slot);
/* Track a folder that a signal removes together with everything in it (a
 * few levels deep; symbolic links are removed, not followed): an output
 * folder being built (outdir.h).  The slot, or -1. */
int csvw_track_tree(const char *path);
/* Remove the folder name (relative to dirfd) and what it holds, as a signal
 * does (a few levels deep, links not followed), without allocating: for a
 * cleanup that must work when memory has run out. */
void csvw_remove_tree(int dirfd, const char *name);

/* Called once per record; fields[i] are NUL-terminated, valid during the
 * call.  Return 0 to continue, non-zero to stop (that value is returned by
 * csvr_read). */
typedef int (*csvr_record_fn)(void *ctx, size_t nfields, char **fields,
                              long line);

/* Read path record by record.  0 at the end, the callback's non-zero value,
 * or -1 with e set (file, line) for an unreadable or malformed file. */
int csvr_read(const char *path, csvr_record_fn fn, void *ctx, os_error *e);

/* How csvr_column compares a header field with a name. */
typedef enum csvr_match {
    CSVR_EXACT,   /* byte for byte */
    CSVR_FOLD     /* blanks around ignored, ASCII letters in any case */
} csvr_match;

/* The one lookup of a column by name in a header row fields[0..nf) (line
 * `line` of path): its 0-based index, or -1 when no field has the name (e
 * untouched: the caller says what is missing).  A name written twice is
 * ambiguous: -2 with e set (OS_ERR_INPUT, path:line, the name, both field
 * numbers) — unless repeats is not NULL, for a reader whose documented rule
 * is "the first one wins" (the columns Jira repeats for multi-valued
 * fields): then the first index is returned and *repeats is the number of
 * further fields with the name.  O(nf). */
long csvr_column(const char *path, long line, size_t nf, char *const *fields,
                 const char *name, csvr_match how, size_t *repeats, os_error *e);

/* ------------------------------------------------------------ standard streams
 *
 * The path "-" names standard input where a file is read and standard output
 * where a single file is written (docs/output.md, "Standard input and
 * output").  The library never touches the process's streams by itself: the
 * command line hands them over once (csv_set_stdio) and every reader and
 * writer that meets "-" uses them.  A file literally named "-" is ./-.
 *
 * Reading: standard input is read whole into memory the first time "-" is
 * opened (csvr_stdin), so that a command that reads its input twice (fit,
 * calibrate) or hashes it for its provenance sees the same bytes: every
 * later open of "-" reads that copy, never the stream again.  Memory: the
 * size of the input.  A device other than a terminal or /dev/null on
 * standard input is refused (it may never end), as a device named as a file
 * is.
 *
 * Writing: csvw_open("-") writes to an unlinked temporary file
 * (tmpfile(3)); csvw_commit copies it to standard output in full, so
 * nothing reaches standard output unless the whole output was made.  A
 * failure while copying (a closed pipe, a full disk) leaves what was
 * copied: the command then exits 1 ("error writing to standard output"). */

/* Hand the standard streams to the library (either may be NULL: "-" is
 * then refused), with the name that reports, comments and provenance.ini
 * give standard input (the command line's "<stdin>"; NULL: "-").  Call
 * once, before any reader or writer runs. */
void csv_set_stdio(FILE *in, FILE *out, const char *in_name);
/* That name. */
const char *csv_stdin_name(void);
/* path as reports name it: standard input's name for "-", else path. */
const char *csv_shown_path(const char *path);
/* Is path "-", standard input or output? */
bool csv_is_stdio(const char *path);
/* A stream over the bytes of standard input (read whole at the first
 * call), positioned at the start; the caller fcloses it.  NULL with e set:
 * OS_ERR_INPUT when there is no standard input to read or it is a device,
 * OS_ERR_ENV on a read error or no memory. */
FILE *csvr_stdin(os_error *e);
/* The bytes of standard input read so far (all of it once csvr_stdin has
 * succeeded), and their count in *n; NULL when it was never read. */
const unsigned char *csvr_stdin_bytes(size_t *n);

#endif
