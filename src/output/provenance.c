/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * provenance.c — provenance.ini (see provenance.h).
 *
 * Design: the collector keeps the command and the input paths in first-read
 * order (linear duplicate check: a run reads a handful of files); hashing
 * happens once, in prov_write.  SHA-256 comes from nettle (docs/design.md,
 * Dependencies), never hand-written.  Every value written is either known
 * safe (digits, hex) or passes inifile_unsafe, quoted when it must be
 * (ini_value): the file reads back with inifile_read like any other.
 */
#include "ownsim/provenance.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <nettle/sha2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <limits.h>

#include "ownsim/csvfile.h"
#include "ownsim/inifile.h"
#include "ownsim/outdir.h"
#include "ownsim/version.h"

/* Set by the Makefile for this file only (it changes with every commit). */
#ifndef OWNSIM_BUILD_CC
#define OWNSIM_BUILD_CC "unknown"
#endif
#ifndef OWNSIM_BUILD_GIT
#define OWNSIM_BUILD_GIT "unknown"
#endif

struct prov {
    char *command;      /* argv, quoted (ini_value), owned */
    uint64_t seed;
    bool has_seed;
    int streams;        /* stream version (rng.h), 0 = not known */
    const char *resample; /* a replayed list's resampling ("weeks" or "none",
                           simulation.resample as the run applied it); NULL when
                           no list is replayed; static */
    char **prec;        /* what precision control reached, one text per target,
                           quoted (ini_value); owned */
    size_t nprec;       /* entries of prec */
    size_t n, cap;
    char **path;        /* inputs, owned */
    char **sha;         /* known hashes (merge), NULL = hash at write; owned */
    char *scenario;     /* the resolved scenario (scn_write) for a file's
                           provenance (prov_set_scenario); NULL = none; owned */
};

/* A text buffer that grows. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
    bool oom;
} sbuf;

static void sb_put(sbuf *b, const char *p, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 256;
        while (b->len + n + 1 > c)
            c *= 2;
        char *q = realloc(b->s, c);
        if (!q) {
            b->oom = true;
            return;
        }
        b->s = q;
        b->cap = c;
    }
    memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* One argument as a shell word that is also safe in an INI value: as it is
 * when it holds only plain characters, else in bash's $'...' quoting with
 * every byte outside printable ASCII, the quote, the backslash and ';' (an
 * INI comment after a blank) written as \xHH.  So the whole line never holds
 * a control character nor " ;", and pasting it into bash runs the same
 * command. */
static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                            "0123456789_./=:,+@%-";   /* shell words left as they are */

static void quote_arg(sbuf *b, const char *a)
{
    if (*a && strspn(a, plain) == strlen(a)) {
        sb_put(b, a, strlen(a));
        return;
    }
    sb_put(b, "$'", 2);
    for (const unsigned char *p = (const unsigned char *)a; *p; p++) {
        if (*p < 0x20 || *p >= 0x7f || *p == '\'' || *p == '\\' || *p == ';') {
            char hx[5];
            snprintf(hx, sizeof hx, "\\x%02x", *p);
            sb_put(b, hx, 4);
        } else {
            sb_put(b, (const char *)p, 1);
        }
    }
    sb_put(b, "'", 1);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The inverse of quote_arg over a whole command line (provenance.h). */
int prov_command_split(const char *line, char **argv, int cap, int *argc)
{
    const char *p = line;
    while (*p) {
        if (*argc + 1 >= cap)
            return -1;
        char *w = malloc(strlen(p) + 1), *q = w;
        if (!w)
            return -2;
        argv[(*argc)++] = w;          /* the caller's, even when malformed */
        if (!strncmp(p, "$'", 2)) {
            for (p += 2; *p && *p != '\''; p++) {
                if (*p != '\\') {
                    *q++ = *p;
                    continue;
                }
                int hi, lo;
                if (p[1] != 'x' || (hi = hexval(p[2])) < 0 || (lo = hexval(p[3])) < 0 ||
                    !(hi || lo))
                    return -1;
                *q++ = (char)(hi * 16 + lo);
                p += 3;
            }
            if (*p++ != '\'')
                return -1;
        } else {
            size_t n = strspn(p, plain);
            if (!n)
                return -1;
            memcpy(q, p, n);
            q += n;
            p += n;
        }
        *q = '\0';
        if (*p && (*p != ' ' || !p[1]))
            return -1;
        if (*p)
            p++;
    }
    return 0;
}

/* value as written in provenance.ini: itself when it reads back exactly,
 * else quoted as quote_arg does.  Owned by the caller; NULL on no memory. */
static char *ini_value(const char *value)
{
    if (!inifile_unsafe(value))
        return strdup(value);
    sbuf b = {0};
    quote_arg(&b, value);
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    if (inifile_unsafe(b.s)) {
        free(b.s);
        return strdup("(cannot be written in INI: too long)");
    }
    return b.s;
}

prov *prov_create(int argc, char *const *argv)
{
    prov *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    sbuf b = {0};
    for (int i = 0; i < argc; i++) {
        if (i)
            sb_put(&b, " ", 1);
        quote_arg(&b, argv[i]);
    }
    if (b.oom) {
        free(b.s);
        free(p);
        return NULL;
    }
    if (!b.s || inifile_unsafe(b.s)) {
        free(b.s);
        b.s = strdup("(cannot be written in INI: too long)");
    }
    if (!(p->command = b.s)) {
        free(p);
        return NULL;
    }
    return p;
}

void prov_destroy(prov *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->path[i]);
        free(p->sha[i]);
    }
    free(p->path);
    free(p->sha);
    for (size_t i = 0; i < p->nprec; i++)
        free(p->prec[i]);
    free(p->prec);
    free(p->command);
    free(p->scenario);
    free(p);
}

void prov_set_seed(prov *p, uint64_t seed)
{
    p->seed = seed;
    p->has_seed = true;
}

void prov_set_streams(prov *p, int version)
{
    p->streams = version;
}

int prov_add_precision(prov *p, const char *text, os_error *e)
{
    char **grown = realloc(p->prec, (p->nprec + 1) * sizeof *grown);
    if (!grown)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    p->prec = grown;
    if (!(p->prec[p->nprec] = ini_value(text)))
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    p->nprec++;
    return 0;
}

int prov_add_hashed(prov *p, const char *path, const char *sha256, os_error *e)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->path[i], path))
            return 0;
    if (p->n == p->cap) {
        size_t c = p->cap ? 2 * p->cap : 8;
        char **a = realloc(p->path, c * sizeof *a);
        if (a)
            p->path = a;
        char **s = a ? realloc(p->sha, c * sizeof *s) : NULL;
        if (!s)
            return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
        p->sha = s;
        p->cap = c;
    }
    p->path[p->n] = strdup(path);
    p->sha[p->n] = sha256 ? strdup(sha256) : NULL;
    if (!p->path[p->n] || (sha256 && !p->sha[p->n])) {
        free(p->path[p->n]);
        free(p->sha[p->n]);
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    }
    p->n++;
    return 0;
}

int prov_add_file(prov *p, const char *path, os_error *e)
{
    return prov_add_hashed(p, path, NULL, e);
}

int prov_set_scenario(prov *p, const scenario *s, os_error *e)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    int bad = scn_write(s, m) < 0;
    if (fclose(m) != 0 || bad) {
        free(text);
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    }
    free(p->scenario);
    p->scenario = text;
    return 0;
}

const char *prov_build_git(void)
{
    return OWNSIM_BUILD_GIT;
}

const char *prov_build_cc(void)
{
    return OWNSIM_BUILD_CC;
}

int prov_add_scenario(prov *p, const scenario *s, os_error *e)
{
    prov_set_seed(p, s->seed);
    prov_set_streams(p, s->streams);
    for (int i = 0; i < s->ninputs; i++)
        if (prov_add_file(p, s->inputs[i], e) < 0)
            return -1;
    if (s->outages[0] && prov_add_file(p, s->outages, e) < 0)
        return -1;
    if (s->outages[0])
        p->resample = s->resampled ? "weeks" : "none";
    /* the holiday lists read (a `country` list is resolved to its file at load) */
    if (s->cal_hol_file[0] && prov_add_file(p, s->cal_hol_file, e) < 0)
        return -1;
    for (int k = 0; k < s->nsched; k++)
        if (s->sched[k].hol_file[0] && prov_add_file(p, s->sched[k].hol_file, e) < 0)
            return -1;
    return 0;
}

/* The digest d as 64 hex digits into hex[65]. */
static void hex_of(const uint8_t *d, char hex[65])
{
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

int prov_sha256_file(const char *path, char hex[65])
{
    uint8_t d[SHA256_DIGEST_SIZE];
    struct sha256_ctx ctx;
    if (csv_is_stdio(path)) {
        /* standard input: the copy that was read, never the stream again */
        size_t n;
        const unsigned char *b = csvr_stdin_bytes(&n);
        if (!b) {
            errno = ENOENT;
            return -1;
        }
        sha256_init(&ctx);
        sha256_update(&ctx, n, b);
        sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
        hex_of(d, hex);
        return 0;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    sha256_init(&ctx);
    unsigned char buf[65536];
    ssize_t k;
    while ((k = read(fd, buf, sizeof buf)) != 0) {
        if (k < 0) {
            if (errno == EINTR)
                continue;
            int er = errno;
            close(fd);
            errno = er;
            return -1;
        }
        sha256_update(&ctx, (size_t)k, buf);
    }
    close(fd);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
    hex_of(d, hex);
    return 0;
}

/* The provenance into w, committed.  0, or -1 with e set (w ended). */
static int prov_render(prov *p, csvw *w, const char *what, os_error *e)
{
    FILE *f = csvw_stream(w);
    char *cc = ini_value(OWNSIM_BUILD_CC), *git = ini_value(OWNSIM_BUILD_GIT);
    if (!cc || !git) {
        free(cc);
        free(git);
        csvw_abort(w);
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    }
    fprintf(f, OUTDIR_MAGIC ": which build, command and input files made this %s\n"
               "; (docs/output.md).  Only [build] changes with the build of ownsim.\n"
               "[build]\nversion = %s\nschema = %d\ncompiler = %s\ngit = %s\n\n[run]\n"
               "command = %s\n",
            what, OWNSIM_VERSION, PROV_SCHEMA, cc, git, p->command);
    free(cc);
    free(git);
    if (p->has_seed)
        fprintf(f, "seed = %" PRIu64 "\n", p->seed);
    if (p->streams)
        fprintf(f, "streams = %d\n", p->streams);
    if (p->resample)
        fprintf(f, "resample = %s\n", p->resample);
    for (size_t i = 0; i < p->nprec; i++)
        fprintf(f, "precision%zu = %s\n", i + 1, p->prec[i]);
    fprintf(f, "\n[inputs]\n; SHA-256 of every file read, as `sha256sum` prints it\n"
               "count = %zu\n", p->n);
    int rc = 0;
    for (size_t i = 0; i < p->n && rc == 0; i++) {
        char hex[65], *v = ini_value(p->path[i]);
        if (!v) {
            rc = err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
            break;
        }
        const char *sha = p->sha[i];
        if (csv_is_stdio(p->path[i])) {   /* standard input: named as such */
            free(v);
            if (!(v = strdup(csv_stdin_name()))) {
                rc = err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
                break;
            }
        }
        if (!sha)
            sha = prov_sha256_file(p->path[i], hex) == 0 ? hex
                  : errno == EINVAL                     ? "unavailable (not a regular file)"
                                                        : "unavailable (cannot be read again)";
        fprintf(f, "path%zu = %s\nsha256_%zu = %s\n", i + 1, v, i + 1, sha);
        free(v);
    }
    if (rc < 0) {
        csvw_abort(w);
        return -1;
    }
    if (p->scenario) {
        /* as comments: the file still reads back as provenance only */
        fputs("\n; The scenario as resolved (every key, includes and --set applied):\n", f);
        for (const char *l = p->scenario; *l;) {
            const char *nl = strchr(l, '\n');
            size_t n = nl ? (size_t)(nl - l) : strlen(l);
            fprintf(f, n ? "; %.*s\n" : ";\n", (int)n, l);
            l += n + (nl != NULL);
        }
    }
    return csvw_commit(w, e);
}

int prov_write(prov *p, const char *dir, os_error *e)
{
    csvw *w = csvw_open_in(dir, PROV_FILE, e);
    return w ? prov_render(p, w, "folder", e) : -1;
}

int prov_write_beside(prov *p, const char *file, os_error *e)
{
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s%s", file, PROV_BESIDE) >= sizeof path)
        return err_set(e, OS_ERR_ENV, file, 0, "", "the path of its provenance is longer "
                       "than %d bytes", PATH_MAX - 1);
    csvw *w = csvw_open(path, e);
    return w ? prov_render(p, w, "file", e) : -1;
}

/* ---------------------------------------------------------------- reading */

typedef struct rd {
    prov_file *f;
    const char *path;
    os_error *e;
} rd;

static int set_str(char **dst, const char *v, rd *r)
{
    free(*dst);
    if (!(*dst = strdup(v)))
        return err_set(r->e, OS_ERR_ENV, r->path, 0, "", "out of memory");
    return 0;
}

static int on_pair(void *ctx, const char *sec, const char *key, const char *value, int line)
{
    rd *r = ctx;
    prov_file *f = r->f;
    if (!strcmp(sec, "build") && !strcmp(key, "version"))
        return set_str(&f->version, value, r);
    if (!strcmp(sec, "run") && !strcmp(key, "seed"))
        return set_str(&f->seed, value, r);
    if (!strcmp(sec, "run") && !strcmp(key, "streams"))
        return set_str(&f->streams, value, r);
    if (strcmp(sec, "inputs"))
        return 0;
    const char *num = NULL;
    char ***v = NULL;
    if (!strncmp(key, "path", 4)) {
        num = key + 4;
        v = &f->path;
    } else if (!strncmp(key, "sha256_", 7)) {
        num = key + 7;
        v = &f->sha256;
    } else {
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long k = strtoul(num, &end, 10);
    if (!*num || *end || errno || k < 1 || k > 100000)
        return err_set(r->e, OS_ERR_INPUT, r->path, line, key, "not an input of this file");
    if (k > f->n) {
        char **a = realloc(f->path, k * sizeof *a);
        if (a)
            f->path = a;
        char **b = a ? realloc(f->sha256, k * sizeof *b) : NULL;
        if (!b)
            return err_set(r->e, OS_ERR_ENV, r->path, 0, "", "out of memory");
        f->sha256 = b;
        for (size_t i = f->n; i < k; i++)
            f->path[i] = f->sha256[i] = NULL;
        f->n = k;
    }
    return set_str(&(*v)[k - 1], value, r);
}

int prov_read(const char *dir, prov_file *out, os_error *e)
{
    memset(out, 0, sizeof *out);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, PROV_FILE);
    if (!outdir_is_ours(dir))
        return err_set(e, OS_ERR_INPUT, path, 0, "",
                       "missing or not ownsim's: this folder was not written by this ownsim "
                       "(or was changed); rerun it");
    rd r = {out, path, e};
    static const inifile_ops ops = {NULL, on_pair};
    if (inifile_read_path(path, &ops, &r, e) < 0) {
        prov_file_free(out);
        return -1;
    }
    for (size_t i = 0; i < out->n; i++)
        if (!out->path[i] || !out->sha256[i]) {
            prov_file_free(out);
            return err_set(e, OS_ERR_INPUT, path, 0, "", "input %zu lacks its path or hash",
                           i + 1);
        }
    return 0;
}

void prov_file_free(prov_file *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->path[i]);
        free(f->sha256[i]);
    }
    free(f->path);
    free(f->sha256);
    free(f->version);
    free(f->seed);
    free(f->streams);
    memset(f, 0, sizeof *f);
}
