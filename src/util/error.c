/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * error.c — filling, escaping and printing os_error values (see error.h).
 *
 * Escaping walks the text in units: a character shown as it is (1 to 4
 * bytes, one character wide) or one byte shown as \xNN (four wide).  Units
 * are found left to right only, since UTF-8 cannot be decoded backwards
 * reliably once it may be invalid; cutting the middle therefore takes two
 * passes: the first measures the width, the second keeps the units that lie
 * wholly in the head or wholly in the tail.  No allocation: err_print
 * escapes into stack buffers bounded by the ERR_SHOW_* widths.
 */
#include "ownsim/error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
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

os_errkind err_kind_errno(int errnum)
{
    return errnum == ENOMEM ? OS_ERR_ENV : OS_ERR_INPUT;
}

void err_clear(os_error *e)
{
    memset(e, 0, sizeof *e);
}

/* ------------------------------------------------------------ escaping */

/* Bytes of the character at s (n > 0 bytes left) when it is shown as it
 * is; 0 when its first byte must be shown escaped. */
static size_t shown_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c >= 0x20 && c < 0x7f)
        return 1;
    /* C0, DEL, a continuation byte, the overlong leads C0 C1, and F5..FF */
    if (c < 0xc2 || c > 0xf4)
        return 0;
    size_t k = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    if (n < k)
        return 0;
    uint32_t cp = c & (0x7f >> k);
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;   /* overlong, or beyond Unicode */
    if (cp >= 0xd800 && cp <= 0xdfff)
        return 0;   /* a surrogate */
    if (cp <= 0x9f)
        return 0;   /* C1 control */
    if (cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
        (cp >= 0x2066 && cp <= 0x2069))
        return 0;   /* bidirectional marks, overrides, isolates; line separators */
    return k;
}

/* Where escaped text goes: dst[0..n), room kept for a closing "…". */
typedef struct sink {
    char *dst;
    size_t n, pos;
    bool full;          /* a unit did not fit: the rest is dropped */
} sink;

static const char ellipsis[] = "\xe2\x80\xa6";   /* "…" */

static void put(sink *k, const char *b, size_t len)
{
    if (k->full)
        return;
    /* keep 3 bytes for "…" and 1 for the NUL */
    if (k->n < sizeof ellipsis || k->pos + len > k->n - sizeof ellipsis) {
        k->full = true;
        return;
    }
    memcpy(k->dst + k->pos, b, len);
    k->pos += len;
}

static void put_unit(sink *k, const char *s, size_t len, bool esc)
{
    if (!esc) {
        put(k, s, len);
        return;
    }
    static const char hex[] = "0123456789abcdef";
    unsigned char c = (unsigned char)s[0];
    char b[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
    put(k, b, 4);
}

/* The next unit of s[i..len): its length in bytes, whether it is escaped,
 * and its width. */
static size_t next_unit(const char *s, size_t i, size_t len, bool *esc, size_t *w)
{
    size_t k = shown_len((const unsigned char *)s + i, len - i);
    *esc = k == 0;
    *w = k == 0 ? 4 : 1;
    return k == 0 ? 1 : k;
}

static size_t width_of(const char *s, size_t len)
{
    size_t w = 0, uw;
    bool esc;
    for (size_t i = 0; i < len; w += uw)
        i += next_unit(s, i, len, &esc, &uw);
    return w;
}

/* Append s[0..len) escaped; when wider than max (0: no limit), keep units
 * within the first head characters and the last max - 1 - head, with "…"
 * between them.  Sets *cut when the middle was left out. */
static void put_escaped(sink *k, const char *s, size_t len, size_t max, size_t head,
                        bool *cut)
{
    size_t total = max ? width_of(s, len) : 0;
    *cut = max && total > max;
    size_t tail_from = *cut ? total - (max - 1 - head) : 0;
    bool marked = false;
    size_t at = 0, w;
    bool esc;
    for (size_t i = 0; i < len; at += w) {
        size_t ul = next_unit(s, i, len, &esc, &w);
        if (!*cut || at + w <= head || at >= tail_from) {
            if (*cut && at >= tail_from && !marked) {
                put(k, ellipsis, 3);
                marked = true;
            }
            put_unit(k, s + i, ul, esc);
        }
        i += ul;
    }
    if (*cut && !marked)
        put(k, ellipsis, 3);
}

static size_t finish(sink *k)
{
    if (k->n == 0)
        return 0;
    if (k->full && k->pos + sizeof ellipsis <= k->n) {
        memcpy(k->dst + k->pos, ellipsis, 3);
        k->pos += 3;
    }
    k->dst[k->pos] = '\0';
    return k->pos;
}

size_t err_escape(char *dst, size_t n, const char *s, size_t len, size_t max)
{
    sink k = {dst, n, 0, false};
    bool cut;
    put_escaped(&k, s ? s : "", s ? len : 0, max, max / 2, &cut);
    return finish(&k);
}

const char *err_quote(char *dst, size_t n, const char *s)
{
    if (!s)
        s = "";
    size_t len = strlen(s);
    sink k = {dst, n, 0, false};
    bool cut;
    put(&k, "'", 1);
    /* the whole head: a cut quote shows its start, then "…" */
    put_escaped(&k, s, len, ERR_QUOTE_MAX, ERR_QUOTE_MAX - 1, &cut);
    put(&k, "'", 1);
    if (cut) {
        char note[48];
        int m = snprintf(note, sizeof note, " (%zu bytes)", len);
        put(&k, note, (size_t)m);
    }
    finish(&k);
    return dst;
}

/* ------------------------------------------------------------ printing */

static void show(const char *s, size_t max, FILE *f)
{
    char buf[4 * ERR_SHOW_MSG + 16];
    err_escape(buf, sizeof buf, s, strlen(s), max);
    fputs(buf, f);
}

void err_print(const os_error *e, FILE *f)
{
    fputs("ownsim: ", f);
    if (e->file[0]) {
        show(e->file, ERR_SHOW_FILE, f);
        if (e->line > 0)
            fprintf(f, ":%d", e->line);
        fputs(": ", f);
    }
    if (e->key[0]) {
        show(e->key, ERR_SHOW_KEY, f);
        fputs(": ", f);
    }
    show(e->msg, ERR_SHOW_MSG, f);
    fputc('\n', f);
}

/* Nesting depth of err_gsl_nomem_fatal regions on this thread. */
static _Thread_local int gsl_nomem_fatal;

void err_gsl_nomem_fatal(int on)
{
    gsl_nomem_fatal += on ? 1 : -1;
}

int err_gsl_nomem_is_fatal(void)
{
    return gsl_nomem_fatal > 0;
}
