/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gen_shards.c — many shard folders of one synthetic sweep from a single
 * process, for the merge tests at scale (tests/cli/merge_scale.sh) and the
 * memory measurement of docs/cluster.md ("A thousand shards").
 *
 *   gen-shards TEMPLATE OUT N VARY...
 *
 * TEMPLATE is a folder written by `ownsim sweep` (unsharded); VARY are
 * --vary specs ("KEY=LO:HI:STEP" or "KEY=A,B,..."), the grid of the
 * synthetic sweep.  Writes OUT/all, the whole grid as one folder (shard 1/1:
 * what merging the shards must give, byte for byte), and OUT/shard-1 ..
 * OUT/shard-N, shard I holding the points p with p % N == I-1, in the format
 * `ownsim sweep --shard I/N` writes:
 *  - sweep.csv: the header "point", the VARY keys, then TEMPLATE's columns
 *    from "model" on; every point's rows are TEMPLATE's rows of its first
 *    point (one per model, in order) from the model column on, after the
 *    point number and the point's axis values (grid_coord of the grid built
 *    from VARY by grid_add, as merge recomputes them);
 *  - scenario.ini and provenance.ini: TEMPLATE's, byte for byte;
 *  - sweep.ini: what sweep_manifest_write, the function the sweep uses,
 *    writes with TEMPLATE's seed, the grid's points and VARY, shard I/N and
 *    the checksum of that sweep.csv (see below).
 * So the folders pass every check of `ownsim merge` without running a
 * simulation: a thousand shards take a fraction of a second.  The results
 * are not a simulation's (every point repeats the template's figures); the
 * format, the grid values and the sharding are.
 *
 * OUT/all is written through csvw (libcsv quoting, CRLF, atomic rename,
 * fsync) and sweep_manifest_write.  The shards are cut from it, not written
 * through csvw: a csvw commit fsyncs the file and its folder, and four
 * thousand fsyncs take half a minute on a disk.  The cut copies whole lines
 * (the sweep writes no field with a line break: a record is a line, as merge
 * checks) to the shard of the point number that starts the line, up to
 * FILES_AT_ONCE shard files open per pass over all/sweep.csv; each shard's
 * sweep.ini is all/sweep.ini with its "shard = " and "sweep_csv = " lines
 * replaced (the checksum computed as sweep_int.h defines it), and its
 * scenario.ini and provenance.ini are copies.  Memory: the template's first
 * point, the grid and one line.  Exit status 0, or 1 with a message on
 * stderr.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ownsim/csvfile.h"
#include "ownsim/error.h"
#include "ownsim/grid.h"
#include "ownsim/inifile.h"
#include "../../src/sweep/sweep_int.h"

#define MAX_MODELS 64      /* rows of the template's first point kept */
#define FILES_AT_ONCE 200  /* shard files open in one pass of the cut */

/* The template: its header from "model" on, and its first point's rows. */
typedef struct tmpl {
    char **head;           /* header fields from "model" on; owned */
    size_t nhead;          /* their number */
    char **row[MAX_MODELS]; /* the first point's rows from "model" on; owned */
    int nrow;              /* their number */
    size_t model_col;      /* index of "model" in the template's header */
    char first[32];        /* the first point's number, as written */
    char seed[32];         /* sweep.ini's seed */
    bool done;             /* the first point has ended */
} tmpl;

static char **copy_from(char **f, size_t from, size_t nf)
{
    char **c = calloc(nf - from + 1, sizeof *c);
    for (size_t i = from; c && i < nf; i++)
        if (!(c[i - from] = strdup(f[i])))
            return NULL;   /* a test tool: the process ends on the way out */
    return c;
}

static void free_copy(char **c, size_t n)
{
    for (size_t i = 0; c && i < n; i++)
        free(c[i]);
    free(c);
}

static int on_tmpl(void *ctx, size_t nf, char **f, long line)
{
    tmpl *t = ctx;
    if (line == 1) {
        for (t->model_col = 0; t->model_col < nf && strcmp(f[t->model_col], "model");
             t->model_col++)
            ;
        if (t->model_col == nf)
            return 1;
        t->nhead = nf - t->model_col;
        return (t->head = copy_from(f, t->model_col, nf)) ? 0 : 1;
    }
    if (nf != t->model_col + t->nhead)
        return 1;
    if (t->nrow == 0)
        snprintf(t->first, sizeof t->first, "%s", f[0]);
    else if (strcmp(f[0], t->first) != 0)
        t->done = true;
    if (t->done || t->nrow == MAX_MODELS)
        return 0;
    return (t->row[t->nrow++] = copy_from(f, t->model_col, nf)) ? 0 : 1;
}

static int on_seed(void *ctx, const char *sec, const char *key, const char *value, int line)
{
    (void)line;
    tmpl *t = ctx;
    if (!strcmp(sec, "sweep") && !strcmp(key, "seed"))
        snprintf(t->seed, sizeof t->seed, "%s", value);
    return 0;
}

static const inifile_ops seed_ops = {NULL, on_seed};

/* dir/name, a copy of the template's file. */
static int copy_file(const char *from_dir, const char *dir, const char *name, os_error *e)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", from_dir, name);
    FILE *in = fopen(path, "rb");
    if (!in)
        return err_set(e, OS_ERR_INPUT, path, 0, "", "cannot read");
    csvw *w = csvw_open_in(dir, name, e);
    if (!w) {
        fclose(in);
        return -1;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, csvw_stream(w));
    fclose(in);
    return csvw_commit(w, e);
}

/* The folder dir: shard i of n of the grid g (OUT/all: 1 of 1), through csvw. */
static int write_shard(const tmpl *t, const char *from, const char *dir, const grid *g,
                       int i, int n, os_error *e)
{
    if (mkdir(dir, 0777) != 0)
        return err_set(e, OS_ERR_ENV, dir, 0, "", "cannot create (does it exist?)");
    csvw *w = csvw_open_in(dir, "sweep.csv", e);
    if (!w)
        return -1;
    csvw_str(w, "point");
    for (int a = 0; a < g->naxis; a++)
        csvw_str(w, g->axis[a].key);
    for (size_t j = 0; j < t->nhead; j++)
        csvw_str(w, t->head[j]);
    csvw_end(w);
    for (uint64_t p = (uint64_t)(i - 1); p < g->npoints; p += (uint64_t)n)
        for (int m = 0; m < t->nrow; m++) {
            csvw_int(w, (long long)p);
            for (int a = 0; a < g->naxis; a++)
                csvw_str(w, g->axis[a].values[grid_coord(g, p, a)]);
            for (size_t j = 0; j < t->nhead; j++)
                csvw_str(w, t->row[m][j]);
            csvw_end(w);
        }
    if (csvw_commit(w, e) < 0 || copy_file(from, dir, "scenario.ini", e) < 0 ||
        copy_file(from, dir, "provenance.ini", e) < 0)
        return -1;
    const char *specs[GRID_MAX_AXES];
    for (int a = 0; a < g->naxis; a++)
        specs[a] = g->axis[a].spec;
    return sweep_manifest_write(dir, t->seed, (unsigned long long)g->npoints, i, n, g->naxis,
                                specs, e);
}

/* A plain copy of from to to (no fsync: see the top). */
static int plain_copy(const char *from, const char *to, os_error *e)
{
    FILE *in = fopen(from, "rb"), *o = in ? fopen(to, "wb") : NULL;
    if (!o) {
        if (in)
            fclose(in);
        return err_set(e, OS_ERR_ENV, in ? to : from, 0, "", "cannot open");
    }
    char buf[65536];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, k, o);
    fclose(in);
    return fclose(o) == 0 ? 0 : err_set(e, OS_ERR_ENV, to, 0, "", "write error");
}

#define FNV_BASIS 0xcbf29ce484222325u

static uint64_t fnv(uint64_t h, const char *b, size_t k)
{
    for (size_t i = 0; i < k; i++)
        h = (h ^ (unsigned char)b[i]) * 0x100000001b3u;
    return h;
}

/* Shard i's sweep.ini: all's, with its shard and checksum. */
static int write_manifest(const char *out, int i, int n, uint64_t sum, os_error *e)
{
    char from[4200], to[4200], line[8192];
    snprintf(from, sizeof from, "%s/all/sweep.ini", out);
    snprintf(to, sizeof to, "%s/shard-%d/sweep.ini", out, i);
    FILE *in = fopen(from, "r"), *o = in ? fopen(to, "w") : NULL;
    if (!o) {
        if (in)
            fclose(in);
        return err_set(e, OS_ERR_ENV, to, 0, "", "cannot write");
    }
    while (fgets(line, sizeof line, in)) {
        if (!strncmp(line, "shard = ", 8))
            fprintf(o, "shard = %d/%d\n", i, n);
        else if (!strncmp(line, SWEEP_SUM_KEY " = ", strlen(SWEEP_SUM_KEY) + 3))
            fprintf(o, "%s = fnv1a64:%016llx\n", SWEEP_SUM_KEY, (unsigned long long)sum);
        else
            fputs(line, o);
    }
    fclose(in);
    return fclose(o) == 0 ? 0 : err_set(e, OS_ERR_ENV, to, 0, "", "write error");
}

/* OUT/shard-1..n cut from OUT/all: FILES_AT_ONCE shards per pass. */
static int cut_shards(const char *out, int n, os_error *e)
{
    char path[4200], *line = NULL;
    size_t cap = 0;
    FILE **f = calloc(FILES_AT_ONCE, sizeof *f);
    uint64_t *h = calloc(FILES_AT_ONCE, sizeof *h);
    int rc = f && h ? 0 : err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    for (int lo = 1; lo <= n && rc == 0; lo += FILES_AT_ONCE) {
        int hi = lo + FILES_AT_ONCE - 1 < n ? lo + FILES_AT_ONCE - 1 : n;
        for (int i = lo; i <= hi && rc == 0; i++) {
            snprintf(path, sizeof path, "%s/shard-%d", out, i);
            if (mkdir(path, 0777) != 0)
                rc = err_set(e, OS_ERR_ENV, path, 0, "", "cannot create (does it exist?)");
            static const char *const copied[] = {"scenario.ini", "provenance.ini"};
            for (int c = 0; c < 2 && rc == 0; c++) {
                char a[4200], b[4200];
                snprintf(a, sizeof a, "%s/all/%s", out, copied[c]);
                snprintf(b, sizeof b, "%s/shard-%d/%s", out, i, copied[c]);
                rc = plain_copy(a, b, e);
            }
            snprintf(path, sizeof path, "%s/shard-%d/sweep.csv", out, i);
            if (rc == 0 && !(f[i - lo] = fopen(path, "wb")))
                rc = err_set(e, OS_ERR_ENV, path, 0, "", "cannot write");
            h[i - lo] = FNV_BASIS;
        }
        snprintf(path, sizeof path, "%s/all/sweep.csv", out);
        FILE *in = rc == 0 ? fopen(path, "rb") : NULL;
        if (rc == 0 && !in)
            rc = err_set(e, OS_ERR_ENV, path, 0, "", "cannot read");
        ssize_t len;
        for (long ln = 0; rc == 0 && (len = getline(&line, &cap, in)) > 0; ln++) {
            /* the header goes to every shard; a row to its point's shard */
            int first = lo, last = hi;
            if (ln > 0) {
                int i = (int)(strtoull(line, NULL, 10) % (unsigned long long)n) + 1;
                if (i < lo || i > hi)
                    continue;
                first = last = i;
            }
            for (int i = first; i <= last; i++) {
                fwrite(line, 1, (size_t)len, f[i - lo]);
                h[i - lo] = fnv(h[i - lo], line, (size_t)len);
            }
        }
        if (in)
            fclose(in);
        for (int i = lo; i <= hi; i++) {
            if (f[i - lo] && fclose(f[i - lo]) != 0 && rc == 0)
                rc = err_set(e, OS_ERR_ENV, "", 0, "", "write error");
            f[i - lo] = NULL;
            if (rc == 0)
                rc = write_manifest(out, i, n, h[i - lo], e);
        }
    }
    free(line);
    free(f);
    free(h);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: gen-shards TEMPLATE OUT N VARY...\n");
        return 1;
    }
    const char *from = argv[1], *out = argv[2];
    int n = atoi(argv[3]);
    os_error e;
    err_clear(&e);
    grid g;
    memset(&g, 0, sizeof g);
    tmpl t;
    memset(&t, 0, sizeof t);
    char path[4200];
    int rc = 0;
    if (n < 1 || n > GRID_MAX_POINTS) {
        fprintf(stderr, "gen-shards: N must be from 1 to %d\n", GRID_MAX_POINTS);
        return 1;
    }
    for (int k = 4; k < argc && rc == 0; k++)
        rc = grid_add(&g, argv[k], &e);
    snprintf(path, sizeof path, "%s/sweep.csv", from);
    if (rc == 0 && (csvr_read(path, on_tmpl, &t, &e) != 0 || t.nrow == 0))
        rc = e.msg[0] ? -1 : err_set(&e, OS_ERR_INPUT, path, 0, "", "not a sweep.csv");
    snprintf(path, sizeof path, "%s/sweep.ini", from);
    if (rc == 0 && (inifile_read_path(path, &seed_ops, &t, &e) < 0 || !t.seed[0]))
        rc = e.msg[0] ? -1 : err_set(&e, OS_ERR_INPUT, path, 0, "seed", "no seed");
    if (rc == 0 && mkdir(out, 0777) != 0)
        rc = err_set(&e, OS_ERR_ENV, out, 0, "", "cannot create (does it exist?)");
    snprintf(path, sizeof path, "%s/all", out);
    if (rc == 0)
        rc = write_shard(&t, from, path, &g, 1, 1, &e);
    if (rc == 0)
        rc = cut_shards(out, n, &e);
    if (rc != 0)
        fprintf(stderr, "gen-shards: %s: %s: %s\n", e.file, e.key, e.msg);
    for (int m = 0; m < t.nrow; m++)
        free_copy(t.row[m], t.nhead);
    free_copy(t.head, t.nhead);
    grid_free(&g);
    return rc ? 1 : 0;
}
