/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * brief_pdf.c — the brief's PDF: headless Chromium prints the HTML file
 * (see brief_int.h, docs/report.md "PDF").
 *
 * The browser is the program given (OWNSIM_CHROMIUM), else the first of
 * chromium-headless-shell, chromium, chromium-browser, google-chrome found
 * in PATH; none is OS_ERR_ENV (exit 1, as a missing gnuplot).  It runs
 * without a shell (posix_spawn, argv built here), with its profile in the
 * private folder, no sandbox (it runs as root in CI containers), standard
 * input, output and error on /dev/null or a log in the private folder; it
 * prints to <private>/brief.pdf, which is then copied to the target through
 * the atomic writer, so the target appears whole or not at all.  The page
 * size comes from the HTML's @page rule (brief.c writes the copy it prints
 * with the paper's size); headers and footers are off.  The PDF embeds the
 * date and Chromium's version: only its pages and text are deterministic.
 */
#include "brief_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ownsim/csvfile.h"

extern char **environ;

#define PDF_PATH 4096

/* The first of the browser names found as an executable in PATH. */
static int find_browser(char *buf, size_t n)
{
    static const char *const names[] = {"chromium-headless-shell", "chromium",
                                        "chromium-browser", "google-chrome"};
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *p = path;
        while (*p) {
            const char *end = strchr(p, ':');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            if (len > 0 && len < n) {
                snprintf(buf, n, "%.*s/%s", (int)len, p, names[i]);
                if (access(buf, X_OK) == 0)
                    return 0;
            }
            p += len;
            if (*p == ':')
                p++;
        }
    }
    return -1;
}

/* file:// URL of an absolute path, bytes other than unreserved ones and '/'
 * percent-encoded. */
static void file_url(const char *path, char *buf, size_t n)
{
    size_t o = (size_t)snprintf(buf, n, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p && o + 4 < n; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p))
            buf[o++] = (char)*p;
        else
            o += (size_t)snprintf(buf + o, n - o, "%%%02X", *p);
    }
    buf[o] = '\0';
}

/* Run argv[0] with argv (posix_spawn, no shell), standard input from
 * /dev/null, output and errors into log; the exit status, 127 when it
 * could not be started, 128 + the signal when killed, or -1. */
static int spawn(char *const *argv, const char *log)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return -1;
    int rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (!rc)
        rc = posix_spawn_file_actions_addopen(&fa, 1, log,
                                              O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
    if (!rc)
        rc = posix_spawn_file_actions_adddup2(&fa, 1, 2);
    pid_t pid;
    if (!rc)
        rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc)
        return 127;
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* Copy src to dst through the atomic writer. */
static int copy_atomic(const char *src, const char *dst, os_error *e)
{
    FILE *in = fopen(src, "rb");
    if (!in)
        return err_set(e, OS_ERR_ENV, src, 0, "", "cannot open: %s", strerror(errno)), -1;
    csvw *w = csvw_open(dst, e);
    if (!w) {
        fclose(in);
        return -1;
    }
    char buf[65536];
    size_t got;
    FILE *out = csvw_stream(w);
    while ((got = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, got, out);
    int bad = ferror(in);
    fclose(in);
    if (bad) {
        csvw_abort(w);
        return err_set(e, OS_ERR_ENV, src, 0, "", "read error"), -1;
    }
    return csvw_commit(w, e);
}

int brief_print_pdf(const char *program, const char *html, const char *tmp,
                    const char *pdf, os_error *e)
{
    char prog[PDF_PATH], url[3 * PDF_PATH], out[PDF_PATH], prof[PDF_PATH + 32],
        log[PDF_PATH], opt_out[PDF_PATH + 32];
    if (program && *program)
        snprintf(prog, sizeof prog, "%s", program);
    else if (find_browser(prog, sizeof prog) < 0)
        return err_set(e, OS_ERR_ENV, "", 0, "",
                       "headless Chromium is not installed (none of chromium-headless-shell, "
                       "chromium, chromium-browser, google-chrome in PATH; or set "
                       "OWNSIM_CHROMIUM): install the Debian package chromium-headless-shell "
                       "or chromium"), -1;
    file_url(html, url, sizeof url);
    snprintf(out, sizeof out, "%s/brief.pdf", tmp);
    snprintf(prof, sizeof prof, "--user-data-dir=%s/profile", tmp);
    snprintf(log, sizeof log, "%s/chromium.log", tmp);
    snprintf(opt_out, sizeof opt_out, "--print-to-pdf=%s", out);
    char *argv[] = {prog, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--no-first-run", "--no-pdf-header-footer",
                    "--run-all-compositor-stages-before-draw", prof, opt_out, url, NULL};
    int rc = spawn(argv, log);
    struct stat st;
    if (rc == 127 || rc < 0)
        return err_set(e, OS_ERR_ENV, prog, 0, "", "cannot run the browser"), -1;
    if (rc != 0 || stat(out, &st) != 0 || st.st_size == 0)
        return err_set(e, OS_ERR_ENV, prog, 0, "",
                       "the browser did not print the PDF (exit status %d)", rc), -1;
    return copy_atomic(out, pdf, e);
}
