/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * inifile.h — the one INI reader: every INI file ownsim reads (scenarios and
 * their includes, the resolved scenario.ini of a result folder, a sweep's
 * sweep.ini manifest) goes through inifile_read, so that each sees the same
 * bytes the same way; and the rule for values that an INI file written here
 * must read back.
 */
#ifndef OWNSIM_INIFILE_H
#define OWNSIM_INIFILE_H

#include <stdio.h>

#include "ownsim/error.h"

/* Longest line accepted, newline included.  Lines are read into a heap
 * buffer of this size; continuation lines are off (an indented key is a
 * key). */
#define INIFILE_MAX_LINE 65536

/* What a reader is told, in file order.  Each returns 0 to go on, or -1 to
 * stop after recording its own error in the os_error given to
 * inifile_read.  line is 1-based. */
typedef struct inifile_ops {
    /* a section header [name]: the name at full length, blanks inside the
     * brackets stripped; NULL: headers need no action */
    int (*section)(void *ctx, const char *name, int line);
    /* key = value, under the section of the last header ("" before any) */
    int (*pair)(void *ctx, const char *section, const char *key, const char *value,
                int line);
} inifile_ops;

/* Read fp to its end, named path in messages (neither is closed or owned).
 * The reader, not libinih, decides what a line holds: it sees every byte
 * (libinih reads C strings, so a NUL would silently cut or hide the rest of
 * a line), and finds section headers at full length (libinih cuts names at
 * 49 bytes); libinih then splits key = value, strips blanks and comments.
 * Refused with path:line, the key when the line sets one, and 0 ... -1:
 *   a NUL byte; a carriage return inside a line (CR-only line endings; a CR
 *   that ends a line, CRLF, is fine); a line of INIFILE_MAX_LINE bytes or
 *   more; text other than a comment after ']' on a section line; a line
 *   that is neither key = value, [section], a comment nor blank; a read
 *   error (OS_ERR_ENV) or no memory (OS_ERR_ENV).
 * A UTF-8 byte-order mark at the start is skipped.  libinih keeps settings
 * in globals: call from one thread at a time. */
int inifile_read(FILE *fp, const char *path, const inifile_ops *ops, void *ctx,
                 os_error *e);

/* The same for a file opened by name: also refused, with exit-2 errors, a
 * file that cannot be opened, and a directory or a device. */
int inifile_read_path(const char *path, const inifile_ops *ops, void *ctx, os_error *e);

/* NULL when value, written as the line "key = value", reads back as exactly
 * value under this configuration; else why not, to follow "it" in a message
 * ("begins or ends with a blank", ...).  libinih strips blanks around a
 * value and ends it at a ';' that follows a blank (an inline comment), and a
 * newline ends the line; control characters (newline, tab, escape, ...) are
 * refused altogether.  INI has no quoting: a value that fails here cannot be
 * written, so a reader of values that get written back (paths in
 * scenario.ini) refuses them up front.  Values up to INIFILE_MAX_LINE - 100
 * bytes long fit on a line beside any key; longer ones are refused too. */
const char *inifile_unsafe(const char *value);

#endif
