/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * merge.c — joining the folders of a sharded sweep (see sweep.h).
 *
 * Checks first, writes after.  Before anything is written:
 *  - every folder's manifest (sweep.ini, read with libinih, its numbers with
 *    number.h) and scenario.ini are read; the folders must agree on seed,
 *    grid and shard count, and their scenario.ini must be byte-identical.
 *    The reference is the majority (the most common of these, hashed with
 *    FNV-1a; ties go to the folder given first), so a mismatch is reported
 *    against the odd folder even when it was given first; each folder is
 *    then compared with the reference exactly, not by hash;
 *  - the shards are 1..N exactly once: a repeated one is named with both
 *    folders, missing ones are listed as ranges ("3,17-19") ready for a
 *    rerun (sweep_merge_check lists them without merging);
 *  - the output folder is none of the inputs, lies in none and contains
 *    none (compared as real paths, symlinks resolved, the part of -o that
 *    does not exist yet taken as written; and by device and inode), so a
 *    merge never overwrites what it reads;
 *  - every folder's provenance.ini names the same ownsim version and the
 *    same input paths with the same SHA-256 (a data file changed between
 *    shards; the reference is again the majority), and those inputs go into
 *    the merged folder's provenance;
 *  - each shard's sweep.csv, read record by record through libcsv
 *    (csvfile.h) and checked as it streams, holds exactly its points, each
 *    point's rows are the models of scenario.ini in order with the axis
 *    values of that point (recomputed from the manifest's --vary specs), each
 *    record is one line, and its bytes have the checksum its manifest
 *    recorded (sweep_int.h).  So a truncated shard, a row moved, a model
 *    dropped, or a value edited is refused, naming the shard and what
 *    differs.
 * Then the merged sweep.csv is written in point order.  Shard I/N holds the
 * points p with p % N == I-1 (grid_in_shard), interleaved, so point p's
 * rows are the next rows of shard (p % N) + 1: the merge takes them from the
 * shards in turn, a k-way merge whose next source is known.  A shard's rows
 * are copied as the bytes the sweep wrote through libcsv (the checksum
 * proved them unchanged, and the first pass proved every record one line),
 * after the header re-emitted as before, so the merged file is byte for byte
 * the unsharded sweep's; the copy hashes each shard's bytes again and checks
 * each row's point, so a shard changed between the passes is refused.  The
 * manifest is written by the same function as the sweep's.
 *
 * Cost: memory is flat in the number of points (one record, one point's
 * rows of one shard, one line buffer) and small per shard (a shard struct,
 * and a stdio buffer for each open file).  Files: at most merge_open_max()
 * shard files are open at once (half the descriptor limit, at most 256):
 * with more shards, the first ones stay open and the others take turns in
 * one slot, each reopened at the offset where its previous point ended (and
 * should the process run out of descriptors before, the shards from there
 * on join the slot).
 * Each shard's sweep.csv is read three times (parse, checksum, copy).
 */
#include "ownsim/sweep.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "ownsim/csvfile.h"
#include "ownsim/inifile.h"
#include "ownsim/number.h"
#include "ownsim/provenance.h"
#include "ownsim/report.h"
#include "sweep_int.h"

typedef struct manifest {
    char seed[32];          /* as written (a whole number, compared as text) */
    long long points;       /* grid points */
    long long naxes;        /* axes = */
    long long shard_i, shard_n; /* I/N */
    char axes[1024 * GRID_MAX_AXES]; /* vary specs joined by '\n' */
    int nvary;              /* vary keys found */
    char sum[SWEEP_SUM_SIZE]; /* the checksum of sweep.csv, "" when absent */
    int seen;               /* [sweep] keys found */
    char bad[160];          /* "key: 'value'" of the first unreadable value, or "" */
} manifest;

static bool whole(const char *v, long long lo, long long hi, long long *out)
{
    return num_parse_int(v, strlen(v), out) == NUM_OK && *out >= lo && *out <= hi;
}

static int on_manifest(void *user, const char *sec, const char *key, const char *value,
                       int line)
{
    (void)line;
    manifest *m = user;
    if (strcmp(sec, "sweep") != 0)
        return 0;
    m->seen++;
    bool ok = true;
    if (!strcmp(key, "seed")) {
        size_t n = strlen(value);
        ok = n > 0 && n < sizeof m->seed && strspn(value, "0123456789") == n;
        snprintf(m->seed, sizeof m->seed, "%s", value);
    } else if (!strcmp(key, "points")) {
        ok = whole(value, 1, GRID_MAX_POINTS, &m->points);
    } else if (!strcmp(key, "axes")) {
        ok = whole(value, 1, GRID_MAX_AXES, &m->naxes);
    } else if (!strcmp(key, "shard")) {
        const char *slash = strchr(value, '/');
        ok = slash && num_parse_int(value, (size_t)(slash - value), &m->shard_i) == NUM_OK &&
             whole(slash + 1, 1, GRID_MAX_POINTS, &m->shard_n) && m->shard_i >= 1 &&
             m->shard_i <= m->shard_n;
    } else if (!strncmp(key, "vary", 4)) {
        size_t len = strlen(m->axes);
        ok = len + strlen(value) + 2 <= sizeof m->axes;
        if (ok)
            snprintf(m->axes + len, sizeof m->axes - len, "%s\n", value);
        m->nvary++;
    } else if (!strcmp(key, SWEEP_SUM_KEY)) {
        ok = strlen(value) < sizeof m->sum;
        snprintf(m->sum, sizeof m->sum, "%s", value);
    }
    if (!ok && !m->bad[0]) {
        char q[ERR_QUOTE_SIZE];
        snprintf(m->bad, sizeof m->bad, "%s: %s", key, err_quote(q, sizeof q, value));
    }
    return 0;
}

static const inifile_ops manifest_ops = {NULL, on_manifest};

/* The model sections of a resolved scenario.ini, in order. */
typedef struct models {
    char name[SCN_MAX_MODELS][SCN_NAME];
    int n;
    bool overflow;          /* more models, or a longer name, than a scenario holds */
} models;

/* Every [model.NAME] header, with or without keys. */
static int on_model(void *user, const char *sec, int line)
{
    (void)line;
    models *M = user;
    if (strncmp(sec, "model.", 6) != 0)
        return 0;
    const char *name = sec + 6;
    for (int i = 0; i < M->n; i++)
        if (!strcmp(M->name[i], name))
            return 0;
    if (M->n == SCN_MAX_MODELS || strlen(name) >= SCN_NAME) {
        M->overflow = true;
        return 0;
    }
    snprintf(M->name[M->n++], SCN_NAME, "%s", name);
    return 0;
}

static int ignore_pair(void *user, const char *sec, const char *key, const char *value,
                       int line)
{
    (void)user, (void)sec, (void)key, (void)value, (void)line;
    return 0;
}

static const inifile_ops model_ops = {on_model, ignore_pair};

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 > cap) {
            cap = cap ? 2 * cap : 8192;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

#define FNV_BASIS 0xcbf29ce484222325u   /* FNV-1a 64 offset basis */

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3u;   /* FNV 64 prime */
    return h;
}

/* One folder given to merge: what is kept of it from start to end (O(1) in
 * the points it holds). */
typedef struct shard {
    const char *dir;            /* the folder as given; borrowed */
    long long i;                /* its shard I of I/N */
    char sum[SWEEP_SUM_SIZE];   /* the checksum of sweep.csv its manifest records */
    uint64_t id;                /* hash of what the shards must share (manifest_id,
                                   then provenance_id) */
    FILE *f;                    /* copy: its sweep.csv, open; NULL when closed */
    off_t off;                  /* copy: bytes of sweep.csv consumed so far */
    uint64_t h;                 /* copy: FNV-1a of those bytes */
} shard;

/* The index of the first folder whose id is the most common one (ties go
 * to the folder given first): the reference the others are compared with,
 * so that one odd folder is the one named, wherever it comes.  -1 when out
 * of memory. */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int majority(const shard *sh, int n, os_error *e)
{
    uint64_t *v = malloc((size_t)n * sizeof *v);
    if (!v)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    for (int i = 0; i < n; i++)
        v[i] = sh[i].id;
    qsort(v, (size_t)n, sizeof *v, cmp_u64);
    int best = 0;
    size_t best_count = 0;
    for (int i = 0; i < n; i++) {
        size_t lo = 0, hi = (size_t)n;     /* first v[k] >= id */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (v[mid] < sh[i].id)
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t k = lo;
        while (k < (size_t)n && v[k] == sh[i].id)
            k++;
        if (k - lo > best_count) {
            best_count = k - lo;
            best = i;
        }
    }
    free(v);
    return best;
}

/* One shard's sweep.ini, read and checked on its own. */
static int read_manifest(const char *dir, manifest *m, os_error *e)
{
    char path[1200];
    memset(m, 0, sizeof *m);
    snprintf(path, sizeof path, "%s/sweep.ini", dir);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return err_set(e, OS_ERR_INPUT, path, 0, "",
                       "not a sweep folder (no readable sweep.ini manifest)");
    int r = inifile_read(fp, path, &manifest_ops, m, e);
    fclose(fp);
    if (r < 0)
        return -1;
    if (m->seen == 0)
        return err_set(e, OS_ERR_INPUT, path, 0, "",
                       "not a sweep folder (no [sweep] section in sweep.ini)");
    if (m->bad[0] || !m->seed[0] || !m->points || !m->shard_n || !m->naxes ||
        m->nvary != m->naxes)
        return err_set(e, OS_ERR_INPUT, path, 0, "",
                       "damaged manifest (%s): rerun this shard", m->bad[0] ? m->bad :
                       "seed, points, shard, axes and one vary line per axis are needed");
    if (!m->sum[0])
        return err_set(e, OS_ERR_INPUT, path, 0, SWEEP_SUM_KEY,
                       "no checksum of sweep.csv: written by an ownsim older than this merge, "
                       "or edited; rerun this shard");
    return 0;
}

bool sweep_folder_shard(const char *dir, int *i, int *n)
{
    manifest *m = malloc(sizeof *m);
    os_error e;
    err_clear(&e);
    bool found = m && read_manifest(dir, m, &e) == 0;
    if (found) {
        *i = (int)m->shard_i;
        *n = (int)m->shard_n;
    }
    free(m);
    return found;
}

/* dir's manifest into m and its scenario.ini into *scen (owned by the
 * caller). */
static int read_folder(const char *dir, manifest *m, char **scen, size_t *len, os_error *e)
{
    char path[1200];
    if (read_manifest(dir, m, e) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/scenario.ini", dir);
    if (!(*scen = slurp(path, len)))
        return err_set(e, OS_ERR_INPUT, path, 0, "", "cannot read the resolved scenario");
    return 0;
}

/* What the shards of one sweep share: seed, grid, shard count and the
 * resolved scenario. */
static uint64_t manifest_id(const manifest *m, const char *scen, size_t len)
{
    uint64_t h = fnv(FNV_BASIS, m->seed, strlen(m->seed) + 1);
    h = fnv(h, &m->points, sizeof m->points);
    h = fnv(h, &m->shard_n, sizeof m->shard_n);
    h = fnv(h, m->axes, strlen(m->axes) + 1);
    return fnv(h, scen, len);
}

/* Does folder i (manifest m, scenario scen) belong with the reference r
 * (m0, scen0)?  0, or -1 with e naming folder i and what differs. */
static int same_sweep(const shard *sh, int i, int r, const manifest *m, const char *scen,
                      size_t len, const manifest *m0, const char *scen0, size_t len0,
                      os_error *e)
{
    if (strcmp(m->seed, m0->seed) != 0)
        return err_set(e, OS_ERR_INPUT, sh[i].dir, 0, "seed",
                       "was run with seed %s, %s with seed %s: not shards of one sweep",
                       m->seed, sh[r].dir, m0->seed);
    if (len != len0 || memcmp(scen, scen0, len) != 0)
        return err_set(e, OS_ERR_INPUT, sh[i].dir, 0, "scenario.ini",
                       "was run with a different scenario from %s: not shards of one sweep",
                       sh[r].dir);
    if (strcmp(m->axes, m0->axes) != 0 || m->points != m0->points ||
        m->shard_n != m0->shard_n)
        return err_set(e, OS_ERR_INPUT, sh[i].dir, 0, "sweep.ini",
                       "has a different grid or shard count from %s", sh[r].dir);
    return 0;
}

/* Every folder's manifest, and the folders agree on seed, scenario.ini (byte
 * for byte), grid and shard count with the majority.  *ref is the reference
 * folder, m0 gets its manifest and *scen0 its scenario.ini (owned by the
 * caller even on failure). */
static int read_manifests(shard *sh, int n, int *ref, manifest *m0, char **scen0,
                          size_t *len0, os_error *e)
{
    manifest *m = malloc(sizeof *m);
    if (!m)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        char *scen = NULL;
        size_t len = 0;
        rc = read_folder(sh[i].dir, m, &scen, &len, e);
        if (rc == 0) {
            sh[i].id = manifest_id(m, scen, len);
            sh[i].i = m->shard_i;
            snprintf(sh[i].sum, sizeof sh[i].sum, "%s", m->sum);
        }
        free(scen);
    }
    if (rc == 0 && (*ref = majority(sh, n, e)) < 0)
        rc = -1;
    if (rc == 0)
        rc = read_folder(sh[*ref].dir, m0, scen0, len0, e);
    for (int i = 0; i < n && rc == 0; i++) {
        char *scen = NULL;
        size_t len = 0;
        if (i == *ref)
            continue;
        rc = read_folder(sh[i].dir, m, &scen, &len, e);
        if (rc == 0)
            rc = same_sweep(sh, i, *ref, m, scen, len, m0, *scen0, *len0, e);
        free(scen);
    }
    free(m);
    return rc;
}

/* The shards missing from by[0..N) (by[k] < 0: no folder holds shard k+1) as
 * ranges "3,17-19" into buf (size bytes; cut with "..." when it does not
 * fit; NULL to count only).  The number missing. */
static long missing_ranges(const int *by, long N, char *buf, size_t size)
{
    long count = 0;
    size_t len = 0;
    bool cut = false;
    if (buf && size)
        buf[0] = '\0';
    for (long k = 0; k < N;) {
        if (by[k] >= 0) {
            k++;
            continue;
        }
        long j = k;
        while (j + 1 < N && by[j + 1] < 0)
            j++;
        count += j - k + 1;
        if (buf && !cut) {
            char r[48];
            if (j == k)
                snprintf(r, sizeof r, "%s%ld", len ? "," : "", k + 1);
            else
                snprintf(r, sizeof r, "%s%ld-%ld", len ? "," : "", k + 1, j + 1);
            if (len + strlen(r) + 4 < size) {
                memcpy(buf + len, r, strlen(r) + 1);
                len += strlen(r);
            } else {
                snprintf(buf + len, size - len, ",...");
                cut = true;
            }
        }
        k = j + 1;
    }
    return count;
}

/* by[k] = the folder holding shard k+1 of N, or -1; a shard given twice is
 * refused, naming both folders. */
static int number_shards(const shard *sh, int n, long N, int *by, os_error *e)
{
    for (long k = 0; k < N; k++)
        by[k] = -1;
    for (int i = 0; i < n; i++) {
        long k = (long)sh[i].i - 1;
        if (by[k] >= 0)
            return err_set(e, OS_ERR_INPUT, sh[i].dir, 0, "shard",
                           "shard %lld/%ld given twice (also %s)", sh[i].i, N, sh[by[k]].dir);
        by[k] = i;
    }
    return 0;
}

/* The folders are shards 1..N of the sweep, each once: else the missing
 * ones, ready for a rerun. */
static int check_numbering(const shard *sh, int n, int ref, long N, int *by, os_error *e)
{
    if (number_shards(sh, n, N, by, e) < 0)
        return -1;
    if (n == N)
        return 0;
    char list[600];
    missing_ranges(by, N, list, sizeof list);
    return err_set(e, OS_ERR_INPUT, sh[ref].dir, 0, "shard",
                   "the sweep has %ld shards but %d folder%s given; missing: %s (see merge "
                   "--check)", N, n, n == 1 ? " was" : "s were", list);
}
/* What the shards' provenance.ini must share: version and inputs. */
static uint64_t provenance_id(const prov_file *f)
{
    uint64_t h = fnv(FNV_BASIS, f->version ? f->version : "", strlen(f->version ? f->version : "") + 1);
    h = fnv(h, &f->n, sizeof f->n);
    for (size_t k = 0; k < f->n; k++) {
        h = fnv(h, f->path[k], strlen(f->path[k]) + 1);
        h = fnv(h, f->sha256[k], strlen(f->sha256[k]) + 1);
    }
    return h;
}

/* Does folder i's provenance fi match the reference r's f0?  0, or -1 with e
 * naming folder i. */
static int same_provenance(const shard *sh, int i, int r, const prov_file *fi,
                           const prov_file *f0, os_error *e)
{
    const char *d = sh[i].dir, *d0 = sh[r].dir;
    const char *v0 = f0->version ? f0->version : "", *vi = fi->version ? fi->version : "";
    if (strcmp(v0, vi))
        return err_set(e, OS_ERR_INPUT, d, 0, "version",
                       "was run by ownsim %s, %s by ownsim %s: rerun the shards with one "
                       "version", vi, d0, v0);
    if (fi->n != f0->n)
        return err_set(e, OS_ERR_INPUT, d, 0, "count",
                       "read %zu input files, %s read %zu (provenance.ini): not shards of "
                       "one sweep", fi->n, d0, f0->n);
    for (size_t k = 0; k < f0->n; k++) {
        char key[32];
        if (strcmp(fi->path[k], f0->path[k])) {
            snprintf(key, sizeof key, "path%zu", k + 1);
            return err_set(e, OS_ERR_INPUT, d, 0, key,
                           "read %s where %s read %s (provenance.ini): not shards of one "
                           "sweep", fi->path[k], d0, f0->path[k]);
        }
        if (strcmp(fi->sha256[k], f0->sha256[k])) {
            snprintf(key, sizeof key, "sha256_%zu", k + 1);
            return err_set(e, OS_ERR_INPUT, d, 0, key,
                           "read %s with SHA-256 %s, but %s read it with SHA-256 %s: the "
                           "file changed between the shards; rerun them against one copy",
                           fi->path[k], fi->sha256[k], d0, f0->sha256[k]);
        }
    }
    return 0;
}

/* The shards' provenance.ini name the same version and the same inputs
 * (path and SHA-256, in order) as the majority: shards run against
 * different contents of one data path, or by different versions, do not
 * merge.  The inputs go to pv (when not NULL). */
static int same_inputs(shard *sh, int n, prov *pv, os_error *e)
{
    prov_file f0, fi;
    for (int i = 0; i < n; i++) {
        if (prov_read(sh[i].dir, &fi, e) < 0)
            return -1;
        sh[i].id = provenance_id(&fi);
        prov_file_free(&fi);
    }
    int r = majority(sh, n, e);
    if (r < 0 || prov_read(sh[r].dir, &f0, e) < 0)
        return -1;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        if (i == r)
            continue;
        if (prov_read(sh[i].dir, &fi, e) < 0) {
            rc = -1;
            break;
        }
        rc = same_provenance(sh, i, r, &fi, &f0, e);
        prov_file_free(&fi);
    }
    for (size_t k = 0; rc == 0 && pv && k < f0.n; k++)
        rc = prov_add_hashed(pv, f0.path[k], f0.sha256[k], e);
    if (rc == 0 && pv && f0.seed) {
        unsigned long long seed = strtoull(f0.seed, NULL, 10);
        prov_set_seed(pv, (uint64_t)seed);
    }
    if (rc == 0 && pv && f0.streams)
        prov_set_streams(pv, (int)strtol(f0.streams, NULL, 10));
    prov_file_free(&f0);
    return rc;
}

/* The grid, from the reference manifest's --vary specs (it must have the
 * manifest's number of points), and the models of dir's scenario.ini. */
static int read_grid(const char *dir, const manifest *m0, grid *g, models *M, os_error *e)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/sweep.ini", dir);
    for (const char *p = m0->axes; *p;) {
        const char *nl = strchr(p, '\n');
        char spec[1024 * GRID_MAX_AXES];
        snprintf(spec, sizeof spec, "%.*s", (int)(nl - p), p);
        os_error ge;
        err_clear(&ge);
        if (grid_add(g, spec, &ge) < 0)
            return err_set(e, OS_ERR_INPUT, path, 0, "vary",
                           "damaged manifest (%s): rerun this shard", ge.msg);
        p = nl + 1;
    }
    if ((long long)g->npoints != m0->points)
        return err_set(e, OS_ERR_INPUT, path, 0, "points",
                       "%lld points where the axes give %llu: damaged manifest", m0->points,
                       (unsigned long long)g->npoints);
    snprintf(path, sizeof path, "%s/scenario.ini", dir);
    if (inifile_read_path(path, &model_ops, M, e) < 0)
        return -1;
    if (M->n == 0 || M->overflow)
        return err_set(e, OS_ERR_INPUT, path, 0, "", "no readable [model.NAME] sections (at most %d)",
                       SCN_MAX_MODELS);
    return 0;
}
static char **copy_fields(size_t nf, char **f)
{
    char **c = calloc(nf ? nf : 1, sizeof *c);
    for (size_t i = 0; c && i < nf; i++)
        if (!(c[i] = strdup(f[i]))) {
            while (i--)
                free(c[i]);
            free(c);
            return NULL;
        }
    return c;
}

static void free_fields(char **f, size_t nf)
{
    for (size_t i = 0; f && i < nf; i++)
        free(f[i]);
    free(f);
}

/* A row of the point being read. */
typedef struct row {
    long line;                 /* in its shard's sweep.csv */
    char **f;                  /* its fields, nheader of them; owned */
} row;

/* The check of one shard's sweep.csv as it streams (csvr_read calls on_row
 * once per record): only the rows of the point being read are held. */
typedef struct reader {
    const grid *g;             /* the sweep's grid; borrowed */
    const models *M;           /* scenario.ini's models; borrowed */
    char **header;             /* the first shard's header; owned */
    size_t nheader;            /* its fields */
    const char *path;          /* file being read; borrowed */
    os_error *e;               /* where errors go; borrowed */
    bool in_header;            /* next record is a header */
    long records;              /* records read from path */
    unsigned long long i, n;   /* the shard being read: I/N */
    unsigned long long want;   /* the point its next point must be */
    size_t per_point;          /* rows per point, from the first point read (0: none yet) */
    bool open;                 /* a point is being read */
    unsigned long long point;  /* that point */
    size_t nrows;              /* its rows so far */
    row *cur;                  /* its first M->n rows (the others are only counted);
                                  M->n entries, owned */
} reader;

static void drop_rows(reader *R)
{
    size_t keep = R->nrows < (size_t)R->M->n ? R->nrows : (size_t)R->M->n;
    for (size_t j = 0; j < keep; j++) {
        free_fields(R->cur[j].f, R->nheader);
        R->cur[j].f = NULL;
    }
    R->nrows = 0;
    R->open = false;
}

/* The first shard's header is point, the varied keys, then the models.csv
 * columns from model (the other shards' must equal it, see on_row). */
static int check_header(const reader *R, os_error *e)
{
    const grid *g = R->g;
    bool ok = R->nheader > 2 + (size_t)g->naxis && !strcmp(R->header[0], "point") &&
              !strcmp(R->header[1 + g->naxis], "model");
    for (int a = 0; ok && a < g->naxis; a++)
        ok = !strcmp(R->header[1 + a], g->axis[a].key);
    if (!ok)
        return err_set(e, OS_ERR_INPUT, R->path, 1, "",
                       "header is not point, the --vary keys of sweep.ini, then model, ...");
    return 0;
}

/* The point just read is the one the shard holds next, with as many rows as
 * every other point: the models of scenario.ini in order, each with the
 * point's axis values. */
static int end_point(reader *R)
{
    const grid *g = R->g;
    const models *M = R->M;
    os_error *e = R->e;
    unsigned long long p = R->point;
    if (p != R->want || R->want >= g->npoints)
        return err_set(e, OS_ERR_INPUT, R->path, 0, "point",
                       "row for point %llu where point %llu was expected: "
                       "not shard %llu/%llu of this sweep, or edited", p, R->want, R->i, R->n);
    if (R->per_point == 0)
        R->per_point = R->nrows;
    if (R->nrows != R->per_point)
        return err_set(e, OS_ERR_INPUT, R->path, 0, "point",
                       "point %llu has %zu rows, other points %zu: truncated or edited",
                       p, R->nrows, R->per_point);
    R->want += R->n;
    char q[ERR_QUOTE_SIZE];
    if (R->nrows != (size_t)M->n) {
        char list[SCN_MAX_MODELS * (SCN_NAME + 2)] = "";
        for (int i = 0; i < M->n; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     i ? ", " : "", M->name[i]);
        return err_set(e, OS_ERR_INPUT, R->path, (int)R->cur[0].line, "model",
                       "point %llu has %zu rows, but scenario.ini has %d models (%s): "
                       "a model's rows were removed or added; rerun this shard",
                       p, R->nrows, M->n, list);
    }
    size_t model_col = 1 + (size_t)g->naxis;
    for (size_t j = 0; j < R->nrows; j++) {
        const row *w = &R->cur[j];
        const char *want = M->name[j];
        if (strcmp(w->f[model_col], want) != 0)
            return err_set(e, OS_ERR_INPUT, R->path, (int)w->line, "model",
                           "%s where scenario.ini's model %zu is '%s': edited, or not "
                           "from this scenario", err_quote(q, sizeof q, w->f[model_col]),
                           j + 1, want);
        for (int a = 0; a < g->naxis; a++) {
            const char *v = g->axis[a].values[grid_coord(g, p, a)];
            if (strcmp(w->f[1 + a], v) != 0)
                return err_set(e, OS_ERR_INPUT, R->path, (int)w->line, g->axis[a].key,
                               "%s at point %llu, where the grid of sweep.ini has '%s': "
                               "edited, or not from this sweep",
                               err_quote(q, sizeof q, w->f[1 + a]), p, v);
        }
    }
    drop_rows(R);
    return 0;
}

static int on_row(void *ctx, size_t nf, char **f, long line)
{
    reader *R = ctx;
    /* the copy takes a record for a line: the sweep writes no field with a
     * line break, so a record starting elsewhere was not written by it */
    if (line != ++R->records)
        return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "",
                       "a record spans several lines: not as the sweep wrote it; rerun "
                       "this shard");
    if (R->in_header) {
        R->in_header = false;
        if (!R->header) {
            if (!(R->header = copy_fields(nf, f)))
                return err_set(R->e, OS_ERR_ENV, R->path, (int)line, "", "out of memory");
            R->nheader = nf;
            return check_header(R, R->e);
        }
        bool same = nf == R->nheader;
        for (size_t i = 0; same && i < nf; i++)
            same = !strcmp(f[i], R->header[i]);
        if (!same)
            return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "",
                           "header differs from the other shards'");
        return 0;
    }
    long long p = -1;
    if (nf != R->nheader || num_parse_int(f[0], strlen(f[0]), &p) != NUM_OK || p < 0)
        return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "point",
                       "malformed row (expected %zu fields, a point number first)", R->nheader);
    if (R->open && (unsigned long long)p != R->point && end_point(R) < 0)
        return -1;
    if (!R->open) {
        R->open = true;
        R->point = (unsigned long long)p;
        R->nrows = 0;
    }
    if (R->nrows < (size_t)R->M->n) {
        row *w = &R->cur[R->nrows];
        w->line = line;
        if (!(w->f = copy_fields(nf, f)))
            return err_set(R->e, OS_ERR_ENV, R->path, (int)line, "", "out of memory");
    }
    R->nrows++;
    return 0;
}

/* Every shard's sweep.csv, streamed: each holds exactly its points with the
 * models and axis values they should have, and the checksum its manifest
 * recorded. */
static int check_rows(const shard *sh, int n, long N, reader *R, os_error *e)
{
    char path[1200];
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/sweep.csv", sh[i].dir);
        R->path = path;
        R->in_header = true;
        R->records = 0;
        R->i = (unsigned long long)sh[i].i;
        R->n = (unsigned long long)N;
        R->want = R->i - 1;
        int rc = csvr_read(path, on_row, R, e);
        if (rc == 0 && R->open)
            rc = end_point(R);
        drop_rows(R);
        if (rc != 0)
            return -1;
        if (R->in_header)
            return err_set(e, OS_ERR_INPUT, path, 1, "", "empty sweep.csv");
        if (R->want < R->g->npoints)
            return err_set(e, OS_ERR_INPUT, path, 0, "point",
                           "point %llu is missing: the shard is incomplete", R->want);
        char sum[SWEEP_SUM_SIZE];
        if (sweep_csv_sum(path, sum, OS_ERR_INPUT, e) < 0)
            return -1;
        if (strcmp(sum, sh[i].sum) != 0)
            return err_set(e, OS_ERR_INPUT, path, 0, "",
                           "differs from what the sweep wrote (checksum %s, sweep.ini says %s): "
                           "edited or damaged; rerun shard %lld/%ld", sum, sh[i].sum,
                           sh[i].i, N);
    }
    return 0;
}
/* path made absolute and free of symlinks; its trailing components may not
 * exist yet (merge creates them), and are applied as written: "." stays,
 * ".." goes up.  0, or -1 when no prefix resolves (out has PATH_MAX bytes). */
static int real_target(const char *path, char *out)
{
    enum { MAXC = 512 };
    char p[PATH_MAX];
    const char *comp[MAXC];
    int nc = 0;
    if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p)
        return -1;
    char *save = NULL;
    for (char *tok = strtok_r(p, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
        if (nc == MAXC)
            return -1;
        comp[nc++] = tok;
    }
    const char *base = path[0] == '/' ? "/" : ".";
    for (int k = nc; k >= 0; k--) {
        char prefix[PATH_MAX];
        size_t len = (size_t)snprintf(prefix, sizeof prefix, "%s", base);
        for (int i = 0; i < k && len < sizeof prefix; i++)
            len += (size_t)snprintf(prefix + len, sizeof prefix - len, "/%s", comp[i]);
        if (len >= sizeof prefix)
            return -1;
        if (!realpath(prefix, out)) {
            if (errno == ENOENT)
                continue;
            return -1;
        }
        for (int i = k; i < nc; i++) {
            if (!strcmp(comp[i], "."))
                continue;
            char *slash = strrchr(out, '/');
            if (!strcmp(comp[i], "..")) {
                if (slash)
                    slash[slash == out] = '\0';   /* "/a" -> "/", "/a/b" -> "/a" */
                continue;
            }
            len = strlen(out);
            if (snprintf(out + len, PATH_MAX - len, "%s%s", len > 1 ? "/" : "", comp[i]) >=
                (int)(PATH_MAX - len))
                return -1;
        }
        return 0;
    }
    return -1;
}

/* Does the real path a lie inside b (or equal it)? */
static bool within(const char *a, const char *b)
{
    size_t n = strlen(b);
    if (!strcmp(b, "/"))
        return true;
    return !strncmp(a, b, n) && (a[n] == '\0' || a[n] == '/');
}

/* The merged folder must not be, lie in, or contain a shard folder: writing
 * it would replace or mix with the files being read. */
static int check_out(const char *const *dirs, int ndirs, const char *out, os_error *e)
{
    char ro[PATH_MAX], rd[PATH_MAX], qo[ERR_QUOTE_SIZE], qd[ERR_QUOTE_SIZE];
    struct stat so, sd;
    bool out_exists = stat(out, &so) == 0;
    bool ro_ok = real_target(out, ro) == 0;
    for (int i = 0; i < ndirs; i++) {
        const char *how = NULL;
        if (out_exists && stat(dirs[i], &sd) == 0 && so.st_dev == sd.st_dev &&
            so.st_ino == sd.st_ino)
            how = "is";
        else if (ro_ok && realpath(dirs[i], rd)) {
            if (!strcmp(ro, rd))
                how = "is";
            else if (within(ro, rd))
                how = "lies inside";
            else if (within(rd, ro))
                how = "contains";
        }
        if (how)
            return err_set(e, OS_ERR_INPUT, "-o", 0, "",
                           "%s %s the shard folder %s: the merge would overwrite or mix "
                           "with what it reads; write it to another folder",
                           err_quote(qo, sizeof qo, out), how, err_quote(qd, sizeof qd, dirs[i]));
    }
    return 0;
}

/* The most shard files open at once: half the soft descriptor limit (the
 * rest is left to the process), at most 256 (each holds a stdio buffer), at
 * least 2. */
static long merge_open_max(void)
{
    struct rlimit rl;
    long lim = 256;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        (long)(rl.rlim_cur / 2) < lim)
        lim = (long)(rl.rlim_cur / 2);
    return lim < 2 ? 2 : lim;
}

/* The copy: the shards' rows in point order into out. */
typedef struct copier {
    shard *sh;                 /* the folders; borrowed */
    const int *by;             /* by[k]: the folder of shard k+1; borrowed */
    long N;                    /* shards */
    long keep;                 /* shards 1..keep stay open once opened; the others
                                  share one slot */
    int slot;                  /* the folder in that slot, or -1 */
    char *line;                /* getline's buffer; owned */
    size_t cap;                /* its size */
    os_error *e;               /* borrowed */
} copier;

static int copy_fail(copier *C, const shard *s, const char *what)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/sweep.csv", s->dir);
    return err_set(C->e, OS_ERR_INPUT, path, 0, "",
                   "%s since merge checked it: changed while merging; rerun the merge", what);
}

/* Folder i's sweep.csv, open at the offset where its last point ended.
 * When the process runs out of descriptors anyway (others hold more than
 * the half left to them), the shards from this one on take turns in the
 * slot instead. */
static FILE *shard_file(copier *C, int i)
{
    shard *s = &C->sh[i];
    if (s->f)
        return s->f;
    char path[1200];
    snprintf(path, sizeof path, "%s/sweep.csv", s->dir);
    for (;;) {
        if ((long)s->i > C->keep && C->slot != i) {
            if (C->slot >= 0) {
                shard *o = &C->sh[C->slot];
                o->off = ftello(o->f);
                fclose(o->f);
                o->f = NULL;
            }
            C->slot = i;
        }
        if ((s->f = fopen(path, "rb")) != NULL)
            break;
        if (errno != EMFILE || (long)s->i > C->keep) {
            if (C->slot == i)
                C->slot = -1;
            err_set(C->e, OS_ERR_ENV, path, 0, "", "cannot read: %s", strerror(errno));
            return NULL;
        }
        C->keep = (long)s->i - 1;
    }
    if (fseeko(s->f, s->off, SEEK_SET) != 0) {
        fclose(s->f);
        s->f = NULL;
        if (C->slot == i)
            C->slot = -1;
        err_set(C->e, OS_ERR_ENV, path, 0, "", "cannot read: %s", strerror(errno));
        return NULL;
    }
    return s->f;
}

/* The next line of folder i's sweep.csv into C->line, hashed; its length, 0
 * at the end of the file, -1 on a read error. */
static ssize_t next_line(copier *C, int i, FILE *f)
{
    errno = 0;
    ssize_t len = getline(&C->line, &C->cap, f);
    if (len < 0)
        return ferror(f) ? -1 : 0;
    C->sh[i].h = fnv(C->sh[i].h, C->line, (size_t)len);
    return len;
}

/* Point p's rows (rows of them) from its shard to out. */
static int copy_point(copier *C, unsigned long long p, size_t rows, FILE *out)
{
    int i = C->by[p % (unsigned long long)C->N];
    shard *s = &C->sh[i];
    FILE *f = shard_file(C, i);
    if (!f)
        return -1;
    char pre[32];
    int plen = snprintf(pre, sizeof pre, "%llu,", p);
    for (size_t r = 0; r < rows; r++) {
        ssize_t len = next_line(C, i, f);
        if (len < 0)
            return err_set(C->e, OS_ERR_ENV, s->dir, 0, "", "read error on sweep.csv: %s",
                           strerror(errno));
        if (len <= plen || memcmp(C->line, pre, (size_t)plen) != 0)
            return copy_fail(C, s, "a row is not where it was");
        fwrite(C->line, 1, (size_t)len, out);
    }
    return 0;
}

/* Each shard's header is skipped (the merged file's is written once); after
 * the copy, each shard must be at its end with the bytes its manifest
 * recorded. */
static int skip_header(copier *C, int i)
{
    FILE *f = shard_file(C, i);
    if (!f)
        return -1;
    if (next_line(C, i, f) <= 0)
        return copy_fail(C, &C->sh[i], "its header is gone");
    return 0;
}

static int check_end(copier *C, int i)
{
    FILE *f = shard_file(C, i);
    if (!f)
        return -1;
    if (next_line(C, i, f) != 0)
        return copy_fail(C, &C->sh[i], "rows were added");
    char sum[SWEEP_SUM_SIZE];
    snprintf(sum, sizeof sum, "fnv1a64:%016llx", (unsigned long long)C->sh[i].h);
    if (strcmp(sum, C->sh[i].sum) != 0)
        return copy_fail(C, &C->sh[i], "its checksum changed");
    return 0;
}

/* The merged sweep.csv: the header, then every point's rows from its shard
 * (point p: shard p % N + 1), copied as written. */
static int copy_rows(shard *sh, int n, const int *by, long N, const reader *R,
                     unsigned long long npoints, csvw *w, os_error *e)
{
    copier C = {.sh = sh, .by = by, .N = N, .keep = merge_open_max() - 1, .slot = -1,
                .e = e};
    int rc = 0;
    csvw_row(w, (const char *const *)R->header, R->nheader);
    FILE *out = csvw_stream(w);
    for (int i = 0; i < n; i++) {
        sh[i].f = NULL;
        sh[i].off = 0;
        sh[i].h = FNV_BASIS;
    }
    for (int i = 0; i < n && rc == 0; i++)
        rc = skip_header(&C, i);
    for (unsigned long long p = 0; p < npoints && rc == 0; p++)
        rc = copy_point(&C, p, R->per_point, out);
    for (int i = 0; i < n && rc == 0; i++)
        rc = check_end(&C, i);
    for (int i = 0; i < n; i++)
        if (sh[i].f) {
            fclose(sh[i].f);
            sh[i].f = NULL;
        }
    free(C.line);
    return rc;
}
/* The merged folder's sweep.csv, scenario.ini and manifest: what an
 * unsharded run writes. */
static int write_merged(const char *into, shard *sh, int n, const int *by, long N,
                        const reader *R, const char *scen0, size_t len0, const manifest *m0,
                        const grid *g, os_error *e)
{
    csvw *w = csvw_open_in(into, "sweep.csv", e);
    if (!w)
        return -1;
    if (copy_rows(sh, n, by, N, R, g->npoints, w, e) < 0) {
        csvw_abort(w);
        return -1;
    }
    if (csvw_commit(w, e) < 0)
        return -1;
    if (!(w = csvw_open_in(into, "scenario.ini", e)))
        return -1;
    fwrite(scen0, 1, len0, csvw_stream(w));
    if (csvw_commit(w, e) < 0)
        return -1;
    const char *specs[GRID_MAX_AXES];
    for (int a = 0; a < g->naxis; a++)
        specs[a] = g->axis[a].spec;
    return sweep_manifest_write(into, m0->seed, (unsigned long long)m0->points, 1, 1, g->naxis,
                                specs, e);
}

/* What merge and its check share: the folders read and checked, in order. */
typedef struct merge_state {
    shard *sh;                 /* one per folder; owned */
    int n;                     /* folders */
    int ref;                   /* the reference folder (the majority) */
    manifest m0;               /* its manifest */
    char *scen0;               /* its scenario.ini; owned */
    size_t len0;               /* bytes of scen0 */
    long N;                    /* shards of the sweep */
    int *by;                   /* by[k]: the folder of shard k+1, or -1; N of them; owned */
    grid g;                    /* the grid; owned */
    models M;                  /* scenario.ini's models */
    reader R;                  /* the rows' check; owns its header and cur */
} merge_state;

static void state_free(merge_state *S)
{
    free(S->sh);
    free(S->scen0);
    free(S->by);
    grid_free(&S->g);
    free_fields(S->R.header, S->R.nheader);
    free(S->R.cur);
    free(S);
}

/* The folders' manifests, agreeing, and their numbering (by).  With
 * allow_missing, missing shards are not an error (merge --check). */
static merge_state *state_open(const char *const *dirs, int ndirs, bool allow_missing,
                               os_error *e)
{
    if (ndirs < 1) {
        err_set(e, OS_ERR_INPUT, "", 0, "", "no shard folders to merge");
        return NULL;
    }
    merge_state *S = calloc(1, sizeof *S);
    if (!S || !(S->sh = calloc((size_t)ndirs, sizeof *S->sh))) {
        free(S);
        err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
        return NULL;
    }
    S->n = ndirs;
    for (int i = 0; i < ndirs; i++)
        S->sh[i].dir = dirs[i];
    if (read_manifests(S->sh, ndirs, &S->ref, &S->m0, &S->scen0, &S->len0, e) < 0)
        goto fail;
    S->N = (long)S->m0.shard_n;
    if (!(S->by = malloc((size_t)S->N * sizeof *S->by))) {
        err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
        goto fail;
    }
    if ((allow_missing ? number_shards(S->sh, ndirs, S->N, S->by, e)
                       : check_numbering(S->sh, ndirs, S->ref, S->N, S->by, e)) < 0)
        goto fail;
    return S;
fail:
    state_free(S);
    return NULL;
}

/* Inputs, grid and every shard's rows, as merge checks them. */
static int state_check(merge_state *S, prov *pv, os_error *e)
{
    if (same_inputs(S->sh, S->n, pv, e) < 0 ||
        read_grid(S->sh[S->ref].dir, &S->m0, &S->g, &S->M, e) < 0)
        return -1;
    S->R.g = &S->g;
    S->R.M = &S->M;
    S->R.e = e;
    if (!(S->R.cur = calloc((size_t)S->M.n, sizeof *S->R.cur)))
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    return check_rows(S->sh, S->n, S->N, &S->R, e);
}

int sweep_merge(const char *const *dirs, int ndirs, const char *out, const char *into,
                prov *pv, os_error *e)
{
    merge_state *S = state_open(dirs, ndirs, false, e);
    if (!S)
        return -1;
    int rc = -1;
    if (check_out(dirs, ndirs, out, e) >= 0 && state_check(S, pv, e) >= 0)
        rc = write_merged(into, S->sh, S->n, S->by, S->N, &S->R, S->scen0, S->len0, &S->m0,
                          &S->g, e);
    state_free(S);
    return rc;
}

int sweep_merge_check(const char *const *dirs, int ndirs, sweep_check *out, os_error *e)
{
    memset(out, 0, sizeof *out);
    merge_state *S = state_open(dirs, ndirs, true, e);
    if (!S)
        return -1;
    int rc = state_check(S, NULL, e);
    if (rc == 0) {
        out->shards = S->N;
        out->missing = missing_ranges(S->by, S->N, NULL, 0);
        size_t size = 16 * (size_t)(out->missing < 1 ? 1 : out->missing) + 16;
        if (!(out->ranges = malloc(size)))
            rc = err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
        else
            missing_ranges(S->by, S->N, out->ranges, size);
    }
    state_free(S);
    return rc;
}
