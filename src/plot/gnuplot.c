/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gnuplot.c — talking to gnuplot safely (see plot.h and plot_int.h).
 *
 * gnuplot scripts can run shell commands (system(), backquotes, `load "<cmd"`,
 * `set output "|cmd"`, a data file "<cmd"), so neither text nor a path from
 * files, the command line or the environment may become script text or a
 * pipe.  Invariants:
 *  - Text reaches a script only as a single-quoted gnuplot string built by
 *    plot_quote: inside single quotes gnuplot interprets nothing (no
 *    backslash escapes, no backquote substitution, no @macro) except '' for
 *    a quote, and control characters are replaced so the string cannot end
 *    its line.
 *  - Text drawn as a tic label goes through plot_quote_tic as well: gnuplot
 *    formats a tic label holding '%' (gprintf), so '%' is doubled there.
 *  - A path reaches gnuplot (script variable or argument) only through
 *    plot_path: absolute, or "./" put in front, so it never starts with '|'
 *    or '<' (pipes), '-' (an option), '~' (home) or '$' (a datablock).  A
 *    path with a control character is refused, never altered.
 *  - Data files hold numbers only (gp_field), never names.
 *  - Files are created with O_EXCL | O_NOFOLLOW, never opened over
 *    something already there.
 *  - gnuplot is started with posix_spawnp and an argument vector: no shell
 *    ever sees a path or a name.  Its stdin is /dev/null, so it cannot wait
 *    for a terminal; its standard error goes to a file for the error message.
 */
#include "plot_int.h"
#include "ownsim/csvfile.h"

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ownsim/plot.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

extern char **environ;

/* plot_quote, with '%' doubled when pct is set. */
static int quote(const char *text, char *buf, size_t n, int pct)
{
    size_t len = 0;   /* bytes of the full quoted text */
#define PUT(c)                       \
    do {                             \
        if (len + 1 < n)             \
            buf[len] = (char)(c);    \
        len++;                       \
    } while (0)
    PUT('\'');
    for (const unsigned char *p = (const unsigned char *)(text ? text : "");
         *p; p++) {
        if (*p == '\'') {
            PUT('\'');
            PUT('\'');
        } else if (*p == '%' && pct) {
            PUT('%');
            PUT('%');
        } else if (*p < 0x20 || *p == 0x7f) {
            PUT(' ');   /* a newline would end the command mid-string */
        } else {
            PUT(*p);
        }
    }
    PUT('\'');
#undef PUT
    if (n)
        buf[len < n ? len : n - 1] = '\0';
    return len > (size_t)INT_MAX ? -1 : (int)len;
}

int plot_quote(const char *text, char *buf, size_t n)
{
    return quote(text, buf, n, 0);
}

int plot_quote_tic(const char *text, char *buf, size_t n)
{
    return quote(text, buf, n, 1);
}

static int has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return 1;
    return 0;
}

int plot_path(const char *path, char *buf, size_t n)
{
    if (!path || !*path || has_control(path)) {
        if (n)
            buf[0] = '\0';
        return -1;
    }
    int len = snprintf(buf, n, "%s%s", path[0] == '/' ? "" : "./", path);
    return len < 0 ? -1 : len;
}

/* Write text quoted to f (as a tic label when tic is set).  0 or -1. */
static int put_quoted(FILE *f, const char *text, int tic)
{
    int len = quote(text, NULL, 0, tic);
    if (len < 0)
        return -1;
    char *buf = malloc((size_t)len + 1);
    if (!buf)
        return -1;
    quote(text, buf, (size_t)len + 1, tic);
    int rc = fputs(buf, f) == EOF ? -1 : 0;
    free(buf);
    return rc;
}

int gp_str(FILE *f, const char *name, const char *text)
{
    fprintf(f, "%s = ", name);
    if (put_quoted(f, text, 0) < 0)
        return -1;
    fputc('\n', f);
    return 0;
}

/* An array of quoted items, as tic labels when tic is set. */
static int put_array(FILE *f, const char *name, const char *const *items,
                     size_t n, int tic)
{
    fprintf(f, "array %s[%zu] = [", name, n);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", f);
        if (put_quoted(f, items[i], tic) < 0)
            return -1;
    }
    fputs("]\n", f);
    return 0;
}

int gp_strs(FILE *f, const char *name, const char *const *items, size_t n)
{
    return put_array(f, name, items, n, 0);
}

int gp_path(FILE *f, const char *name, const char *path)
{
    int len = plot_path(path, NULL, 0);
    if (len < 0)
        return -1;
    char *buf = malloc((size_t)len + 1);
    if (!buf)
        return -1;
    plot_path(path, buf, (size_t)len + 1);
    int rc = gp_str(f, name, buf);
    free(buf);
    return rc;
}

void gp_num(FILE *f, const char *name, double x)
{
    fprintf(f, "%s = ", name);
    gp_field(f, x);
    fputc('\n', f);
}

void gp_field(FILE *f, double x)
{
    /* gnuplot reads NaN as "no value": the point is left out */
    if (isnan(x))
        fputs("NaN", f);
    else
        fprintf(f, "%.10g", x);
}

/* Temporaries of this plot, for a signal handler to remove (csvfile.h's
 * registry); a plot runs on one thread. */
#define GP_TRACKED 128
static int gp_slots[GP_TRACKED];
static int gp_nslots;

void gp_track(const char *path, bool dir)
{
    int slot = csvw_track(path, dir);
    if (slot >= 0 && gp_nslots < GP_TRACKED)
        gp_slots[gp_nslots++] = slot;
    else if (slot >= 0)
        csvw_untrack(slot);   /* no room to remember it: best effort */
}

void gp_untrack_all(void)
{
    for (int i = 0; i < gp_nslots; i++)
        csvw_untrack(gp_slots[i]);
    gp_nslots = 0;
}

/* The gnuplot being waited for, so a signal handler can stop it too. */
static volatile sig_atomic_t gp_child;

void plot_stop_child_signal_safe(void)
{
    pid_t pid = (pid_t)gp_child;
    if (pid > 0)
        kill(pid, SIGTERM);
}

FILE *gp_open(const char *dir, const char *name, char *path, size_t n,
              os_error *e)
{
    if (snprintf(path, n, "%s/%s", dir, name) >= (int)n) {
        err_set(e, OS_ERR_ENV, dir, 0, "", "path too long");
        return NULL;
    }
    gp_track(path, false);
    /* a new file or nothing: never one planted there, never a symlink */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                  0666);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (!f) {
        err_set(e, OS_ERR_ENV, path, 0, "", "cannot create: %s",
                strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    return f;
}

int gp_close(FILE *f, const char *path, os_error *e)
{
    int bad = ferror(f);
    if (fclose(f) == EOF || bad)
        return err_set(e, OS_ERR_ENV, path, 0, "", "cannot write: %s",
                       bad ? "write error" : strerror(errno));
    return 0;
}

/* The line of gnuplot's standard error that says what went wrong: the first one
 * naming a script line ('"file" line N: message') that is not a warning,
 * else the first line that is not blank (gnuplot echoes the failing command
 * and a caret before the message).  Copied into out[n], "" when none. */
static void first_error(const char *errlog, char *out, size_t n)
{
    out[0] = '\0';
    FILE *f = fopen(errlog, "r");
    if (!f)
        return;
    char line[1024];
    int have = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        const char *s = line + strspn(line, " \t");
        if (!*s || !strcmp(s, "^"))
            continue;
        if (strstr(s, "\" line ") && strchr(s, ':') && !strstr(s, "warning:")) {
            snprintf(out, n, "%s", s);
            break;
        }
        if (!have) {
            snprintf(out, n, "%s", s);
            have = 1;
        }
    }
    fclose(f);
}

static int not_installed(const char *program, os_error *e)
{
    return err_set(e, OS_ERR_ENV, "", 0, "",
                   "gnuplot is not installed (cannot run '%s'; Debian package "
                   "gnuplot-nox; `make deps` installs it)", program);
}

int gp_run(const char *program, const char *script, const char *errlog,
           const char *what, os_error *e)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    int rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (!rc)
        rc = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    if (!rc)
        rc = posix_spawn_file_actions_addopen(&fa, 2, errlog,
                                              O_WRONLY | O_CREAT | O_EXCL |
                                                  O_NOFOLLOW,
                                              0600);
    if (rc) {
        posix_spawn_file_actions_destroy(&fa);
        return err_set(e, OS_ERR_ENV, "", 0, "", "cannot set up gnuplot: %s",
                       strerror(rc));
    }
    /* gnuplot loads a file argument starting with '<' from a pipe */
    char arg[PATH_MAX + 3];
    if (plot_path(script, arg, sizeof arg) >= (int)sizeof arg ||
        !arg[0]) {
        posix_spawn_file_actions_destroy(&fa);
        return err_set(e, OS_ERR_ENV, script, 0, "",
                       "cannot be passed to gnuplot (too long or a control "
                       "character)");
    }
    char *argv[] = {(char *)program, arg, NULL};
    pid_t pid;
    gp_track(errlog, false);
    rc = posix_spawnp(&pid, program, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc == ENOENT || rc == EACCES || rc == ENOTDIR || rc == ENOEXEC)
        return not_installed(program, e);
    if (rc)
        return err_set(e, OS_ERR_ENV, "", 0, "", "cannot start %s: %s",
                       program, strerror(rc));
    int status;
    gp_child = pid;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            gp_child = 0;
            return err_set(e, OS_ERR_ENV, "", 0, "", "cannot wait for %s: %s",
                           program, strerror(errno));
        }
    }
    gp_child = 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    /* 127: some spawn implementations report a failed exec this way */
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return not_installed(program, e);
    if (WIFSIGNALED(status))
        return err_set(e, OS_ERR_ENV, "", 0, "",
                       "%s was killed by signal %d while drawing %s", program,
                       WTERMSIG(status), what);
    char msg[512];
    first_error(errlog, msg, sizeof msg);
    return err_set(e, OS_ERR_ENV, "", 0, "", "%s failed drawing %s (exit %d): %s",
                   program, what, WEXITSTATUS(status),
                   msg[0] ? msg : "no message");
}
