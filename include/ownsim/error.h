/*
 * error.h — one error value carried back through return codes.
 *
 * Library code never prints and never exits: it fills an os_error and returns
 * a non-zero code; the command line (src/cli) alone decides what to print and
 * which exit status to use.  An error names where the bad input is (file and
 * line, or the command-line option) and the key, so that a user can find it.
 */
#ifndef OWNSIM_ERROR_H
#define OWNSIM_ERROR_H

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

/* Record an error; returns -1 so callers can `return err_set(...)`. */
int err_set(os_error *e, os_errkind kind, const char *file, int line,
            const char *key, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Clear e to "no error". */
void err_clear(os_error *e);

/* Print "ownsim: file:line: key: message" on f. */
void err_print(const os_error *e, FILE *f);

#endif
