/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * inifile.c — the one INI reader (see inifile.h).
 *
 * Design: libinih parses, through ini_parse_stream, lines that our own line
 * reader hands it.  The line reader reads byte by byte (getc: the files are
 * small, a scenario of a few hundred lines), so it knows each line's real
 * length: a NUL byte cannot hide the rest of a line from the length check or
 * from the parser, and a lone CR cannot turn a whole file into one line.  It
 * also recognises section headers itself, at full length, since libinih cuts
 * section names at INI_MAX_SECTION (50) bytes; the pair handler takes the
 * section from the line reader and ignores libinih's copy.  Both decide
 * "this is a header" by the same test (first non-blank is '[', by isspace
 * as libinih skips), so they cannot disagree on which lines are headers.
 *
 * Invariants: at most one error is recorded (the first), and after it no
 * callback runs; the reader never closes or owns the FILE; every buffer it
 * allocates (libinih's line buffer, the current section's name) is freed
 * before it returns.
 */
#include "ownsim/inifile.h"
#include "ownsim/csvfile.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct reader {
    FILE *fp;                 /* being read (not owned) */
    const char *path;         /* for messages (not owned) */
    const inifile_ops *ops;   /* the caller's callbacks */
    void *ctx;                /* their context */
    os_error *e;              /* where the first error goes */
    int line;                 /* lines read so far */
    char *cur;                /* section of the lines being read, NULL before the first; owned */
    bool failed;              /* an error is recorded: read no further */
} reader;

static void configure(void)
{
    ini_use_stack = false;
    ini_max_line = INIFILE_MAX_LINE;
    /* the heap buffer starts at this size and, without realloc, stays there:
     * it must be the full line length, not libinih's default 200 */
    ini_initial_alloc = INIFILE_MAX_LINE;
    ini_allow_realloc = false;
    ini_allow_multiline = false;
    ini_stop_on_first_error = true;
}

static int fail(reader *R, os_errkind kind, const char *key, const char *msg)
{
    R->failed = true;
    if (R->e->kind == OS_ERR_NONE)
        err_set(R->e, kind, R->path, R->line, key, "%s", msg);
    return -1;
}

/* "section.key" for the key a raw line sets before byte `upto`, for a
 * message about that line; "" when it sets none (a comment, a header, a line
 * with no '=' or ':' before upto). */
static void line_key(const reader *R, const char *line, size_t upto, char *buf, size_t n)
{
    buf[0] = '\0';
    const char *p = line, *end = line + upto;
    while (p < end && isspace((unsigned char)*p))
        p++;
    if (p == end || *p == ';' || *p == '#' || *p == '[')
        return;
    const char *sep = p;
    while (sep < end && *sep != '=' && *sep != ':')
        sep++;
    if (sep == end)
        return;
    const char *ke = sep;
    while (ke > p && isspace((unsigned char)ke[-1]))
        ke--;
    snprintf(buf, n, "%s%s%.*s", R->cur ? R->cur : "", R->cur ? "." : "", (int)(ke - p), p);
}

/* A section header line, p at its '[' (the line is NUL-terminated): tell
 * the caller its full name, and refuse anything after ']' but blanks and a
 * comment.  0 or -1. */
static int header(reader *R, const char *p)
{
    const char *close = strchr(p, ']');
    if (!close)
        return 0;   /* libinih reports the line as a syntax error */
    const char *b = p + 1, *e = close;
    while (b < e && isspace((unsigned char)*b))
        b++;
    while (e > b && isspace((unsigned char)e[-1]))
        e--;
    if (e == b)     /* keys after "[]" would pass for keys before any section */
        return fail(R, OS_ERR_INPUT, "", "empty section name: write [name]");
    char *name = strndup(b, (size_t)(e - b));
    if (!name)
        return fail(R, OS_ERR_ENV, "", "out of memory");
    const char *rest = close + 1;
    while (isspace((unsigned char)*rest))
        rest++;
    if (*rest && *rest != ';' && *rest != '#') {
        size_t n = strlen(rest);
        while (n > 0 && isspace((unsigned char)rest[n - 1]))
            n--;
        char q[ERR_QUOTE_SIZE], text[4096];
        snprintf(text, sizeof text, "%.*s", n > 2000 ? 2000 : (int)n, rest);
        char msg[ERR_QUOTE_SIZE + 128];
        snprintf(msg, sizeof msg, "text after ']' on a section line: %s (a section line "
                 "holds [name] and at most a comment)", err_quote(q, sizeof q, text));
        fail(R, OS_ERR_INPUT, name, msg);
        free(name);
        return -1;
    }
    free(R->cur);
    R->cur = name;
    if (R->ops->section && R->ops->section(R->ctx, name, R->line) < 0) {
        R->failed = true;
        return -1;
    }
    return 0;
}

/* The line reader given to libinih: one line into str (num bytes), or NULL
 * at the end or after an error (which libinih then takes as the end). */
static char *read_line(char *str, int num, void *stream)
{
    reader *R = stream;
    if (R->failed)
        return NULL;
    size_t cap = (size_t)num - 1, len = 0;
    int c = 0;
    while (len < cap && (c = getc(R->fp)) != EOF) {
        str[len++] = (char)c;
        if (c == '\n')
            break;
    }
    if (len == 0)
        return NULL;
    str[len] = '\0';
    R->line++;
    char key[160];
    const char *nul = memchr(str, '\0', len);
    if (nul) {
        line_key(R, str, (size_t)(nul - str), key, sizeof key);
        char msg[160];
        snprintf(msg, sizeof msg, "NUL byte at column %zu (a binary or UTF-16 file? "
                 "INI files are UTF-8 or ASCII text)", (size_t)(nul - str) + 1);
        fail(R, OS_ERR_INPUT, key, msg);
        return NULL;
    }
    /* a CR may end a line (CRLF, or the file's last line), nowhere else */
    for (size_t i = 0; i < len; i++) {
        if (str[i] != '\r' || i + 1 == len || (i + 2 == len && str[len - 1] == '\n'))
            continue;
        line_key(R, str, i, key, sizeof key);
        fail(R, OS_ERR_INPUT, key,
             "carriage return (CR) inside the line: old Mac (CR-only) line endings "
             "are not supported; save the file with LF or CRLF line endings");
        return NULL;
    }
    if (len == cap && str[len - 1] != '\n') {
        char msg[96];
        snprintf(msg, sizeof msg, "line longer than %d characters", INIFILE_MAX_LINE - 2);
        fail(R, OS_ERR_INPUT, "", msg);
        return NULL;
    }
    const char *p = str;
    if (R->line == 1 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    /* the same blanks libinih skips (isspace), or the two would disagree
     * about which lines are section headers */
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '[' && header(R, p) < 0)
        return NULL;
    return str;
}

static int on_pair(void *user, const char *sec, const char *key, const char *value)
{
    reader *R = user;
    if (R->failed)
        return 0;
    /* libinih saw a header the line reader did not: refuse rather than
     * guess (should not happen; the fuzzer keeps checking) */
    if (!R->cur && sec[0]) {
        fail(R, OS_ERR_INPUT, sec,
             "cannot read this section header: write it as [name] on a line of its own");
        return 0;
    }
    if (R->ops->pair(R->ctx, R->cur ? R->cur : "", key, value, R->line) < 0) {
        R->failed = true;
        return 0;
    }
    return 1;
}

int inifile_read(FILE *fp, const char *path, const inifile_ops *ops, void *ctx,
                 os_error *e)
{
    reader R = {.fp = fp, .path = path, .ops = ops, .ctx = ctx, .e = e};
    configure();
    int rc = ini_parse_stream(read_line, &R, on_pair, &R);
    free(R.cur);
    if (R.failed) {
        if (e->kind == OS_ERR_NONE) /* a callback stopped without saying why */
            err_set(e, OS_ERR_INPUT, path, R.line, "", "invalid file");
        return -1;
    }
    if (ferror(fp))
        return err_set(e, OS_ERR_ENV, path, R.line, "", "read error");
    if (rc == -2)
        return err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
    if (rc != 0)
        return err_set(e, OS_ERR_INPUT, path, rc, "",
                       "syntax error: expected 'key = value', '[section]' or a comment");
    return 0;
}

int inifile_read_path(const char *path, const inifile_ops *ops, void *ctx, os_error *e)
{
    bool std = csv_is_stdio(path);   /* "-": standard input's copy (csvfile.h) */
    FILE *fp = std ? csvr_stdin(e) : fopen(path, "r");
    if (!fp && std)
        return -1;
    if (!fp)
        return err_set(e, err_kind_errno(errno), path, 0, "", "cannot open: %s",
                       strerror(errno));
    struct stat sb;
    if (!std && fstat(fileno(fp), &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISFIFO(sb.st_mode)) {
        fclose(fp);
        return err_set(e, OS_ERR_INPUT, path, 0, "", "is %s, not an INI file",
                       S_ISDIR(sb.st_mode) ? "a directory" : "a device");
    }
    int rc = inifile_read(fp, path, ops, ctx, e);
    fclose(fp);
    return rc;
}

/* libinih's blanks are isspace() in the C locale; every one but the space is
 * a control character, refused on its own below. */
const char *inifile_unsafe(const char *value)
{
    size_t n = strlen(value);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)value[i];
        if (c < 0x20 || c == 0x7f)
            return "holds a control character (a newline, tab, escape, ...)";
    }
    if (n && (value[0] == ' ' || value[n - 1] == ' '))
        return "begins or ends with a blank, which INI strips";
    if (value[0] == ';')
        return "begins with ';', which starts a comment in INI";
    if (strstr(value, " ;"))
        return "holds ' ;', which starts a comment in INI";
    if (n > INIFILE_MAX_LINE - 100)
        return "is too long for a line of an INI file";
    return NULL;
}
