/*
 * error.c — filling and printing os_error values (see error.h).
 */
#include "ownsim/error.h"

#include <stdarg.h>
#include <string.h>

static void copy(char *dst, size_t n, const char *src)
{
    if (!src)
        src = "";
    size_t len = strlen(src);
    if (len >= n)
        len = n - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

int err_set(os_error *e, os_errkind kind, const char *file, int line,
            const char *key, const char *fmt, ...)
{
    if (!e)
        return -1;
    e->kind = kind;
    copy(e->file, sizeof e->file, file);
    e->line = line;
    copy(e->key, sizeof e->key, key);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return -1;
}

void err_clear(os_error *e)
{
    memset(e, 0, sizeof *e);
}

void err_print(const os_error *e, FILE *f)
{
    fputs("ownsim: ", f);
    if (e->file[0]) {
        fputs(e->file, f);
        if (e->line > 0)
            fprintf(f, ":%d", e->line);
        fputs(": ", f);
    }
    if (e->key[0])
        fprintf(f, "%s: ", e->key);
    fprintf(f, "%s\n", e->msg);
}
