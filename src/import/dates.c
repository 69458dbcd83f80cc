/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dates.c — timestamps of ticket exports: text -> wall-clock stamp ->
 * instant in the import's time zone (see import_int.h).
 *
 * Design and invariants:
 *  - Recognition is our own small cursor parser, not a list of strptime
 *    formats tried in turn: each form is told apart by its first number
 *    (four digits: year first) and the separator after it, so no text is
 *    read two ways.  Numeric day-first dates with '/' are read month first
 *    (the US default of ServiceNow and Jira); --date-format handles the rest.
 *  - Every stamp is range-checked (month, day of that month, hour, minute,
 *    second, offset) before it is used: a stamp that passes is a real date.
 *  - Calendar arithmetic is integer (days from civil, Hinnant's algorithm):
 *    exact and the same on every machine; the zone's offsets come from
 *    localtime_r, with TZ set to the zone by imp_tz_begin and restored by
 *    imp_tz_end (UTC needs neither).  A wall clock that is ambiguous (the
 *    repeated hour of a fall-back) is its first occurrence; one that does not
 *    exist (the skipped hour of a spring-forward) moves on by the gap.
 *  - An instant keeps whole seconds and the fraction apart, so t_occur is a
 *    difference of integers plus a fraction, exact to the microsecond.
 */
#include "import_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#define STAMP_MAX 128            /* longest timestamp text considered */

/* ------------------------------------------------------------ calendar */

int64_t imp_days_from_civil(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The inverse: y-m-d of a day count. */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int imp_weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0) */
    int64_t w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

/* A stamp that names a real date and time. */
static int stamp_valid(const imp_stamp *t)
{
    if (t->year < 1900 || t->year > 9999 || t->mon < 1 || t->mon > 12 ||
        t->day < 1 || t->day > days_in_month(t->year, t->mon) || t->hour < 0 ||
        t->hour > 23 || t->min < 0 || t->min > 59 || t->sec < 0 || t->sec > 60 ||
        !(t->frac >= 0 && t->frac < 1))
        return -1;
    if (t->has_off && (t->off_min < -18 * 60 || t->off_min > 18 * 60))
        return -1;
    return 0;
}

/* ---------------------------------------------------------- the parser */

/* Between lo and hi digits at *p into *v (advancing *p); the count, or -1. */
static int read_num(const char **p, int lo, int hi, int *v)
{
    int n = 0, x = 0;
    while (isdigit((unsigned char)(*p)[n])) {
        if (n == hi)
            return -1;
        x = x * 10 + ((*p)[n] - '0');
        n++;
    }
    if (n < lo)
        return -1;
    *p += n;
    *v = x;
    return n;
}

static void skip_blanks(const char **p)
{
    while (**p == ' ' || **p == '\t')
        (*p)++;
}

/* A month name at *p ("Mar", "March", "Sept"); 1..12 or -1. */
static int read_month(const char **p)
{
    static const char *const full[12] = {"january", "february", "march", "april", "may",
                                         "june", "july", "august", "september",
                                         "october", "november", "december"};
    char w[16];
    size_t n = 0;
    while (isalpha((unsigned char)(*p)[n])) {
        if (n + 1 >= sizeof w)
            return -1;
        w[n] = (char)tolower((unsigned char)(*p)[n]);
        n++;
    }
    w[n] = '\0';
    if (n < 3)
        return -1;
    for (int m = 0; m < 12; m++)
        if (!strncmp(w, full[m], n) || (m == 8 && !strcmp(w, "sept"))) {
            *p += n;
            return m + 1;
        }
    return -1;
}

/* A two-digit year the POSIX %y way: 69-99 -> 19xx, 00-68 -> 20xx. */
static int full_year(int y, int ndigits)
{
    if (ndigits == 2)
        return y < 69 ? 2000 + y : 1900 + y;
    return y;
}

/* An optional UTC offset at *p: Z, UTC, GMT, +HH, +HHMM, +HH:MM (also after
 * UTC/GMT).  0 (with has_off set when one was read), or -1. */
static int read_offset(const char **p, imp_stamp *t)
{
    skip_blanks(p);
    if (!**p)
        return 0;
    if ((**p == 'Z' || **p == 'z') && !(*p)[1]) {
        (*p)++;
        t->has_off = true;
        t->off_min = 0;
        return 0;
    }
    if (!strncasecmp(*p, "UTC", 3) || !strncasecmp(*p, "GMT", 3)) {
        *p += 3;
        t->has_off = true;
        t->off_min = 0;
        if (!**p)
            return 0;
    }
    if (**p != '+' && **p != '-')
        return -1;
    int sign = **p == '-' ? -1 : 1;
    (*p)++;
    int hh, mm = 0;
    int n = read_num(p, 2, 4, &hh);
    if (n == 4) {
        mm = hh % 100;
        hh /= 100;
    } else if (n == 2 && **p == ':') {
        (*p)++;
        if (read_num(p, 2, 2, &mm) < 0)
            return -1;
    } else if (n != 2) {
        return -1;
    }
    if (hh > 18 || mm > 59)
        return -1;
    t->has_off = true;
    t->off_min = sign * (hh * 60 + mm);
    return 0;
}

/* An optional fraction of a second (".123" or ",123") at *p. */
static int read_frac(const char **p, double *frac)
{
    if ((**p != '.' && **p != ',') || !isdigit((unsigned char)(*p)[1]))
        return 0;
    (*p)++;
    double scale = 0.1, f = 0;
    int n = 0;
    while (isdigit((unsigned char)**p)) {
        if (++n > 9)
            return -1;
        f += scale * (**p - '0');
        scale /= 10;
        (*p)++;
    }
    *frac = f;
    return 0;
}

/* A time of day at *p: H:MM[:SS[.fff]] [AM|PM] [offset], up to the end. */
static int read_time(const char **p, imp_stamp *t)
{
    if (read_num(p, 1, 2, &t->hour) < 0 || **p != ':')
        return -1;
    (*p)++;
    if (read_num(p, 2, 2, &t->min) < 0)
        return -1;
    if (**p == ':') {
        (*p)++;
        if (read_num(p, 2, 2, &t->sec) < 0 || read_frac(p, &t->frac) < 0)
            return -1;
    }
    skip_blanks(p);
    if ((toupper((unsigned char)**p) == 'A' || toupper((unsigned char)**p) == 'P') &&
        toupper((unsigned char)(*p)[1]) == 'M' && !isalpha((unsigned char)(*p)[2])) {
        bool pm = toupper((unsigned char)**p) == 'P';
        *p += 2;
        if (t->hour < 1 || t->hour > 12)
            return -1;
        t->hour = t->hour % 12 + (pm ? 12 : 0);
    }
    return read_offset(p, t);
}

/* After the date: the end, or blanks / 'T' and a time. */
static int read_rest(const char **p, imp_stamp *t, bool allow_t)
{
    if (**p == ',')
        (*p)++;
    if (!**p)
        return 0;
    if (allow_t && (**p == 'T' || **p == 't')) {
        (*p)++;
    } else {
        if (**p != ' ' && **p != '\t')
            return -1;
        skip_blanks(p);
    }
    return read_time(p, t);
}

int imp_parse_auto(const char *text, imp_stamp *out)
{
    char buf[STAMP_MAX];
    if (strlen(text) >= sizeof buf)
        return -1;
    imp_trim(text, buf, sizeof buf);
    imp_stamp t = {0};
    const char *p = buf;
    int a;
    int na = read_num(&p, 1, 4, &a);
    if (na == 4) {
        /* YYYY-MM-DD (ISO 8601) or YYYY/MM/DD */
        char sep = *p;
        if (sep != '-' && sep != '/')
            return -1;
        p++;
        t.year = a;
        if (read_num(&p, 1, 2, &t.mon) < 0 || *p != sep)
            return -1;
        p++;
        if (read_num(&p, 1, 2, &t.day) < 0 || read_rest(&p, &t, sep == '-') < 0)
            return -1;
    } else if (na == 1 || na == 2) {
        char sep = *p;
        if (sep != '/' && sep != '-' && sep != '.' && sep != ' ')
            return -1;
        p++;
        int ny;
        if (isalpha((unsigned char)*p)) {
            /* DD-Mon-YYYY, DD/Mon/YY (Jira), DD Mon YYYY */
            t.day = a;
            if ((t.mon = read_month(&p)) < 0 || *p != sep)
                return -1;
            p++;
        } else if (sep == '/') {
            /* MM/DD/YYYY, the US default */
            t.mon = a;
            if (read_num(&p, 1, 2, &t.day) < 0 || *p != '/')
                return -1;
            p++;
        } else if (sep == '.') {
            /* DD.MM.YYYY */
            t.day = a;
            if (read_num(&p, 1, 2, &t.mon) < 0 || *p != '.')
                return -1;
            p++;
        } else {
            return -1;   /* 05-03-2024: which is the month? */
        }
        if ((ny = read_num(&p, 2, 4, &t.year)) == 3)
            return -1;
        t.year = full_year(t.year, ny);
        if (ny < 0 || read_rest(&p, &t, false) < 0)
            return -1;
    } else {
        return -1;
    }
    if (*p || stamp_valid(&t) < 0)
        return -1;
    *out = t;
    return 0;
}

int imp_parse_format(const char *text, const char *fmt, imp_stamp *out)
{
    char buf[STAMP_MAX];
    if (strlen(text) >= sizeof buf)
        return -1;
    imp_trim(text, buf, sizeof buf);
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_mday = 1;
    tm.tm_year = 70;
    const char *p = strptime(buf, fmt, &tm);
    if (!p)
        return -1;
    imp_stamp t = {.year = tm.tm_year + 1900, .mon = tm.tm_mon + 1, .day = tm.tm_mday,
                   .hour = tm.tm_hour, .min = tm.tm_min, .sec = tm.tm_sec};
    if (read_frac(&p, &t.frac) < 0 || read_offset(&p, &t) < 0 || *p ||
        stamp_valid(&t) < 0)
        return -1;
    *out = t;
    return 0;
}

int imp_check_format(const char *fmt, char *fmt_out, size_t n, os_error *e)
{
    size_t len = strlen(fmt);
    if (len == 0 || len >= n || !strchr(fmt, '%'))
        return err_set(e, OS_ERR_INPUT, "--date-format", 0, "",
                       "'%s' is not a strptime format (e.g. '%%d/%%m/%%Y %%H:%%M')", fmt);
    memcpy(fmt_out, fmt, len + 1);
    /* a trailing %z is what we recognise anyway */
    if (len >= 2 && !strcmp(fmt_out + len - 2, "%z") && (len < 3 || fmt_out[len - 3] != '%')) {
        len -= 2;
        while (len && (fmt_out[len - 1] == ' ' || fmt_out[len - 1] == '\t'))
            len--;
        fmt_out[len] = '\0';
    }
    for (size_t i = 0; i + 1 < len; i++) {
        if (fmt_out[i] != '%')
            continue;
        if (fmt_out[i + 1] == 'z' || fmt_out[i + 1] == 'Z')
            return err_set(e, OS_ERR_INPUT, "--date-format", 0, "",
                           "'%s': %%%c is only allowed at the end (a trailing offset "
                           "such as Z or +01:00 is always recognised)", fmt, fmt_out[i + 1]);
        i++;   /* skip the conversion character, e.g. the second % of %% */
    }
    return 0;
}

/* ----------------------------------------------------------- time zone */

/* A zone name that cannot leave the zoneinfo folder. */
static bool zone_name_ok(const char *z)
{
    size_t n = strlen(z);
    if (n == 0 || n > 200 || z[0] == '/' || z[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)z[i];
        if (!isalnum(c) && c != '/' && c != '_' && c != '-' && c != '+' && c != '.')
            return false;
        if (c == '/' && z[i + 1] == '.')
            return false;
    }
    return true;
}

int imp_tz_begin(const char *zone, imp_tz *tz, os_error *e)
{
    memset(tz, 0, sizeof *tz);
    if (!zone) {
        tz->utc = true;
        return 0;
    }
    const char *dir = getenv("TZDIR");
    if (!dir || !*dir)
        dir = "/usr/share/zoneinfo";
    bool ok = zone_name_ok(zone);
    if (ok) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, zone);
        struct stat sb;
        FILE *f = NULL;
        char magic[4] = {0};
        ok = stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (f = fopen(path, "rb")) &&
             fread(magic, 1, 4, f) == 4 && !memcmp(magic, "TZif", 4);
        if (f)
            fclose(f);
    }
    if (!ok)
        return err_set(e, OS_ERR_INPUT, "--tz", 0, "",
                       "unknown time zone '%s': no such zone under %s (give an IANA name "
                       "such as Europe/Berlin, America/New_York or UTC; is tzdata installed?)",
                       zone, dir);
    const char *old = getenv("TZ");
    if (old && strlen(old) < sizeof tz->old) {
        tz->had_tz = true;
        snprintf(tz->old, sizeof tz->old, "%s", old);
    }
    if (setenv("TZ", zone, 1) != 0)
        return err_set(e, OS_ERR_ENV, "--tz", 0, "", "cannot set TZ: %s", strerror(errno));
    tzset();
    return 0;
}

void imp_tz_end(imp_tz *tz)
{
    if (tz->utc)
        return;
    if (tz->had_tz)
        setenv("TZ", tz->old, 1);
    else
        unsetenv("TZ");
    tzset();
}

/* Seconds of a wall clock since 1970-01-01 00:00 of that clock. */
static int64_t wall_seconds(int y, int m, int d, int hh, int mm, int ss)
{
    return imp_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}

/* The zone's UTC offset (seconds east) at epoch e, via localtime_r. */
static int offset_at(int64_t e, int *off)
{
    time_t t = (time_t)e;
    struct tm lt;
    if (!localtime_r(&t, &lt))
        return -1;
    *off = (int)(wall_seconds(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday, lt.tm_hour,
                              lt.tm_min, lt.tm_sec) - e);
    return 0;
}

int imp_resolve(const imp_tz *tz, const imp_stamp *st, imp_instant *out)
{
    int64_t w = wall_seconds(st->year, st->mon, st->day, st->hour, st->min, st->sec);
    out->frac = st->frac;
    if (tz->utc) {
        out->epoch = st->has_off ? w - (int64_t)st->off_min * 60 : w;
        out->wall = out->epoch;
        out->off_sec = 0;
        return 0;
    }
    if (st->has_off) {
        out->epoch = w - (int64_t)st->off_min * 60;
    } else {
        /* A wall clock in the zone.  Zones change offset at most once in two
         * days, so the offsets a day before and a day after are the only
         * candidates: a candidate is right when the zone has that offset at
         * the instant it gives.  Two right ones (the repeated hour of a
         * fall-back): the first occurrence.  None (the skipped hour of a
         * spring-forward): the offset before the change, which moves the
         * wall clock on by the gap.  No mktime: its choice varies. */
        int before, after, o1, o2;
        if (offset_at(w - 86400, &before) < 0 || offset_at(w + 86400, &after) < 0 ||
            offset_at(w - before, &o1) < 0 || offset_at(w - after, &o2) < 0)
            return -1;
        bool ok1 = o1 == before, ok2 = o2 == after;
        if (ok1 && ok2)
            out->epoch = w - before < w - after ? w - before : w - after;
        else if (ok2)
            out->epoch = w - after;
        else
            out->epoch = w - before;
    }
    if (offset_at(out->epoch, &out->off_sec) < 0)
        return -1;
    out->wall = out->epoch + out->off_sec;
    return 0;
}

void imp_format_iso(const imp_instant *in, char *buf, size_t n)
{
    int64_t days = in->wall >= 0 ? in->wall / 86400 : -((-in->wall + 86399) / 86400);
    int64_t sod = in->wall - days * 86400;
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    char frac[16] = "";
    if (in->frac > 0) {
        char f[16];
        snprintf(f, sizeof f, "%.6f", in->frac);   /* "0.123000" */
        size_t len = strlen(f);
        while (len > 2 && f[len - 1] == '0')
            f[--len] = '\0';
        if (strcmp(f, "0.") != 0 && f[0] == '0')
            snprintf(frac, sizeof frac, "%s", f + 1);
    }
    int off = in->off_sec < 0 ? -in->off_sec : in->off_sec;
    snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d%s%c%02d:%02d", y, m, d,
             (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60), frac,
             in->off_sec < 0 ? '-' : '+', off / 3600, off / 60 % 60);
}

/* ---------------------------------------------------------------- text */

static bool is_blank_char(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void imp_trim(const char *text, char *buf, size_t n)
{
    while (is_blank_char(*text))
        text++;
    size_t len = strlen(text);
    while (len && is_blank_char(text[len - 1]))
        len--;
    if (len >= n)
        len = n - 1;
    memcpy(buf, text, len);
    buf[len] = '\0';
}

bool imp_blank(const char *text)
{
    while (is_blank_char(*text))
        text++;
    return !*text;
}
