/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * error.h — one error value carried back through return codes.
 *
 * Library code never prints and never exits: it fills an os_error and returns
 * a non-zero code; the command line (src/cli) alone decides what to print and
 * which exit status to use.  An error names where the bad input is (file and
 * line, or the command-line option) and the key, so that a user can find it.
 *
 * How input-derived text is shown.  File names, keys, values and messages
 * may hold any bytes of the input (a binary file given as a scenario, a
 * hostile ticket export); printed raw they could move the cursor, retitle
 * or reprogram the terminal, or reorder what is seen.  So every text printed
 * through err_print / err_escape / err_quote is shown with
 *   - printable ASCII and valid UTF-8 as it is ("Müller" stays "Müller"),
 *   - each byte of a control character (C0 U+0000-U+001F including tab and
 *     newline, DEL U+007F, C1 U+0080-U+009F), of invalid UTF-8 (a stray
 *     continuation byte, an overlong or truncated sequence, a surrogate, a
 *     code point above U+10FFFF) and of a character that reorders or breaks
 *     the line (U+061C, U+200E, U+200F, U+2028-U+202E, U+2066-U+2069) written
 *     \xNN, two lowercase hex digits: ESC is \x1b, U+202E is \xe2\x80\xae.
 * A backslash stays as it is, so that escaping twice changes nothing: a value
 * quoted with err_quote into a message is not mangled when err_print escapes
 * the message again.  Widths are counted in characters as shown (an escaped
 * byte is four, "\x1b").
 */
#ifndef OWNSIM_ERROR_H
#define OWNSIM_ERROR_H

#include <stddef.h>
#include <stdio.h>

/* What kind of failure: decides the exit status in the CLI. */
typedef enum os_errkind {
    OS_ERR_NONE = 0,
    OS_ERR_INPUT = 2,  /* bad scenario, option or data file: exit 2 */
    OS_ERR_ENV = 1     /* I/O failure, out of memory: exit 1 */
} os_errkind;

typedef struct os_error {
    os_errkind kind;   /* OS_ERR_NONE while nothing went wrong */
    char file[512];    /* file or origin ("--set"), "" when none */
    int line;          /* 1-based line in file, 0 when none */
    char key[160];     /* the key or column at fault, "" when none */
    char msg[1024];    /* what is wrong, and the fix when known */
} os_error;

/* Widest file, key and message err_print shows, in characters as shown; a
 * longer one keeps its start and its end, joined by "…". */
#define ERR_SHOW_FILE 300
#define ERR_SHOW_KEY 120
#define ERR_SHOW_MSG 720

/* Widest value err_quote shows, and a buffer size that always holds its
 * result. */
#define ERR_QUOTE_MAX 80
#define ERR_QUOTE_SIZE (4 * ERR_QUOTE_MAX + 48)

/* Record an error; returns -1 so callers can `return err_set(...)`. */
int err_set(os_error *e, os_errkind kind, const char *file, int line,
            const char *key, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The kind of a failed open or read of an input file, from its errno: out
 * of memory (ENOMEM) is the environment's (exit 1); anything else — missing,
 * not permitted, a directory — the input's (exit 2). */
os_errkind err_kind_errno(int errnum);

/* Clear e to "no error". */
void err_clear(os_error *e);

/* Around a GSL routine that allocates inside and does not check what it
 * got (gsl_multifit_linear: its SVD's work vectors), so that returning
 * from GSL's error handler on GSL_ENOMEM would crash it: while the count
 * of err_gsl_nomem_fatal(1) calls on this thread exceeds that of
 * err_gsl_nomem_fatal(0), err_gsl_nomem_is_fatal() is 1 and the command
 * line's handler ends the process on GSL_ENOMEM ("out of memory", exit 1,
 * temporaries removed) instead of returning. */
void err_gsl_nomem_fatal(int on);
int err_gsl_nomem_is_fatal(void);

/* Print "ownsim: file:line: key: message" on f, each part escaped and cut
 * to its ERR_SHOW_* width. */
void err_print(const os_error *e, FILE *f);

/* The len bytes at s as shown (above) into dst, n bytes, always
 * NUL-terminated when n > 0.  When wider than max characters (0: no limit)
 * the middle is replaced by "…", so the start and the end stay; when dst is
 * too small, the text is cut at a character and ends with "…".  Never splits
 * an escape or a UTF-8 character.  Returns the bytes written. */
size_t err_escape(char *dst, size_t n, const char *s, size_t len, size_t max);

/* s in single quotes, escaped, for a message that quotes an input value:
 * 'abc'; wider than ERR_QUOTE_MAX characters it is cut and its length given:
 * 'abcd…' (5000 bytes).  dst holds n bytes (ERR_QUOTE_SIZE always
 * suffices).  Returns dst, to be used as a printf argument. */
const char *err_quote(char *dst, size_t n, const char *s);

#endif
