/*
 * merge.c — joining the folders of a sharded sweep (see sweep.h).
 *
 * Checks first, writes after: every folder's manifest (sweep.ini, read with
 * libinih) must name the same seed, grid and shard count, its scenario.ini
 * must be byte-identical, the shards must be 1..N exactly once, and each
 * shard's sweep.csv must hold exactly its points, each with as many rows as
 * every other point.  Rows are
 * then re-emitted in point order through libcsv, with the same quoting rule
 * that wrote them, so the merged sweep.csv is byte-identical to an unsharded
 * run.  Cost: the shards' rows are held in memory (about the size of the
 * merged sweep.csv).
 */
#include "ownsim/sweep.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ownsim/csvfile.h"
#include "ownsim/inifile.h"
#include "ownsim/report.h"

typedef struct manifest {
    char seed[32];          /* as written */
    char points[32];        /* as written */
    int shard_i, shard_n;   /* I/N */
    char axes[1024 * GRID_MAX_AXES]; /* vary specs joined by '\n' */
    int seen;               /* [sweep] keys found */
} manifest;

static int on_manifest(void *user, const char *sec, const char *key, const char *value)
{
    manifest *m = user;
    if (strcmp(sec, "sweep") != 0)
        return 1;
    m->seen++;
    if (!strcmp(key, "seed"))
        snprintf(m->seed, sizeof m->seed, "%s", value);
    else if (!strcmp(key, "points"))
        snprintf(m->points, sizeof m->points, "%s", value);
    else if (!strcmp(key, "shard")) {
        if (sscanf(value, "%d/%d", &m->shard_i, &m->shard_n) != 2)
            m->shard_n = 0;
    } else if (!strncmp(key, "vary", 4)) {
        size_t len = strlen(m->axes);
        snprintf(m->axes + len, sizeof m->axes - len, "%s\n", value);
    }
    return 1;
}

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

typedef struct row {
    unsigned long long point;  /* grid point */
    size_t seq;                /* order of arrival, to keep models in order */
    size_t nf;                 /* fields */
    char **f;                  /* owned */
} row;

typedef struct rows {
    row *v;                    /* owned */
    size_t n, cap;
    char **header;             /* first shard's header; owned */
    size_t nheader;
    const char *path;          /* file being read */
    bool in_header;            /* next record is a header */
    os_error *e;
} rows;

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

static int on_row(void *ctx, size_t nf, char **f, long line)
{
    rows *R = ctx;
    if (R->in_header) {
        R->in_header = false;
        if (!R->header) {
            if (!(R->header = copy_fields(nf, f)))
                return err_set(R->e, OS_ERR_ENV, R->path, (int)line, "", "out of memory");
            R->nheader = nf;
            return 0;
        }
        bool same = nf == R->nheader;
        for (size_t i = 0; same && i < nf; i++)
            same = !strcmp(f[i], R->header[i]);
        if (!same)
            return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "",
                           "header differs from the other shards'");
        return 0;
    }
    char *end;
    unsigned long long p = nf ? strtoull(f[0], &end, 10) : 0;
    if (nf != R->nheader || !f[0][0] || *end)
        return err_set(R->e, OS_ERR_INPUT, R->path, (int)line, "point",
                       "malformed row (expected %zu fields, a point number first)", R->nheader);
    if (R->n == R->cap) {
        size_t cap = R->cap ? 2 * R->cap : 1024;
        row *v = realloc(R->v, cap * sizeof *v);
        if (!v)
            return err_set(R->e, OS_ERR_ENV, R->path, (int)line, "", "out of memory");
        R->v = v;
        R->cap = cap;
    }
    row *r = &R->v[R->n];
    r->point = p;
    r->seq = R->n;
    r->nf = nf;
    if (!(r->f = copy_fields(nf, f)))
        return err_set(R->e, OS_ERR_ENV, R->path, (int)line, "", "out of memory");
    R->n++;
    return 0;
}

/* Rows [start, R->n) must be exactly the points p < npoints with
 * p % n == i - 1, in order, each with the same number of rows. */
static int check_shard(const rows *R, size_t start, unsigned long long i,
                       unsigned long long n, unsigned long long npoints,
                       size_t *per_point, const char *path, os_error *e)
{
    unsigned long long want = i - 1;
    size_t r = start;
    while (r < R->n) {
        size_t k = r;
        while (k < R->n && R->v[k].point == R->v[r].point)
            k++;
        if (R->v[r].point != want || want >= npoints)
            return err_set(e, OS_ERR_INPUT, path, 0, "point",
                           "row for point %llu where point %llu was expected: "
                           "not shard %llu/%llu of this sweep, or edited",
                           R->v[r].point, want, i, n);
        if (*per_point == 0)
            *per_point = k - r;
        if (k - r != *per_point)
            return err_set(e, OS_ERR_INPUT, path, 0, "point",
                           "point %llu has %zu rows, other points %zu: truncated or edited",
                           want, k - r, *per_point);
        want += n;
        r = k;
    }
    if (want < npoints)
        return err_set(e, OS_ERR_INPUT, path, 0, "point",
                       "point %llu is missing: the shard is incomplete", want);
    return 0;
}

static int by_point(const void *a, const void *b)
{
    const row *x = a, *y = b;
    if (x->point != y->point)
        return x->point < y->point ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

int sweep_merge(const char *const *dirs, int ndirs, const char *out, os_error *e)
{
    if (ndirs < 1)
        return err_set(e, OS_ERR_INPUT, "", 0, "", "no shard folders to merge");
    manifest *m = calloc((size_t)ndirs, sizeof *m);
    char *scen0 = NULL;
    size_t len0 = 0;
    rows R;
    memset(&R, 0, sizeof R);
    R.e = e;
    int rc = -1;
    char path[1200], created[1100] = "";
    if (!m) {
        err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
        goto done;
    }
    for (int i = 0; i < ndirs; i++) {
        snprintf(path, sizeof path, "%s/sweep.ini", dirs[i]);
        inifile_configure();
        int r = ini_parse(path, on_manifest, &m[i]);
        if (r != 0 || m[i].seen == 0 || m[i].shard_n < 1 || m[i].shard_i < 1 ||
            m[i].shard_i > m[i].shard_n) {
            err_set(e, OS_ERR_INPUT, path, r > 0 ? r : 0, "",
                    "not a sweep folder (no readable sweep.ini manifest)");
            goto done;
        }
        snprintf(path, sizeof path, "%s/scenario.ini", dirs[i]);
        size_t len;
        char *scen = slurp(path, &len);
        if (!scen) {
            err_set(e, OS_ERR_INPUT, path, 0, "", "cannot read the resolved scenario");
            goto done;
        }
        if (i == 0) {
            scen0 = scen;
            len0 = len;
            continue;
        }
        bool same = len == len0 && !memcmp(scen, scen0, len);
        free(scen);
        if (strcmp(m[i].seed, m[0].seed) != 0) {
            err_set(e, OS_ERR_INPUT, dirs[i], 0, "seed",
                    "was run with seed %s, %s with seed %s: not shards of one sweep",
                    m[i].seed, dirs[0], m[0].seed);
            goto done;
        }
        if (!same) {
            err_set(e, OS_ERR_INPUT, dirs[i], 0, "scenario.ini",
                    "was run with a different scenario from %s: not shards of one sweep",
                    dirs[0]);
            goto done;
        }
        if (strcmp(m[i].axes, m[0].axes) != 0 || strcmp(m[i].points, m[0].points) != 0 ||
            m[i].shard_n != m[0].shard_n) {
            err_set(e, OS_ERR_INPUT, dirs[i], 0, "sweep.ini",
                    "has a different grid or shard count from %s", dirs[0]);
            goto done;
        }
    }
    int n = m[0].shard_n;
    if (ndirs != n) {
        err_set(e, OS_ERR_INPUT, dirs[0], 0, "shard",
                "the sweep has %d shards but %d folder%s given", n, ndirs,
                ndirs == 1 ? " was" : "s were");
        goto done;
    }
    for (int i = 0; i < ndirs; i++)
        for (int j = 0; j < i; j++)
            if (m[i].shard_i == m[j].shard_i) {
                err_set(e, OS_ERR_INPUT, dirs[i], 0, "shard",
                        "shard %d/%d given twice (also %s)", m[i].shard_i, n, dirs[j]);
                goto done;
            }
    unsigned long long npoints = strtoull(m[0].points, NULL, 10);
    size_t per_point = 0;   /* model rows per point, the same everywhere */
    for (int i = 0; i < ndirs; i++) {
        snprintf(path, sizeof path, "%s/sweep.csv", dirs[i]);
        R.path = path;
        R.in_header = true;
        size_t start = R.n;
        if (csvr_read(path, on_row, &R, e) != 0)
            goto done;
        if (R.in_header) {
            err_set(e, OS_ERR_INPUT, path, 1, "", "empty sweep.csv");
            goto done;
        }
        if (check_shard(&R, start, (unsigned long long)m[i].shard_i, (unsigned long long)n,
                        npoints, &per_point, path, e) < 0)
            goto done;
    }
    qsort(R.v, R.n, sizeof *R.v, by_point);

    if (report_mkdirs(out, created, sizeof created, e) < 0)
        goto done;
    snprintf(path, sizeof path, "%s/sweep.csv", out);
    csvw *w = csvw_open(path, e);
    if (!w)
        goto done;
    for (size_t i = 0; i < R.nheader; i++)
        csvw_str(w, R.header[i]);
    csvw_end(w);
    for (size_t r = 0; r < R.n; r++) {
        for (size_t i = 0; i < R.v[r].nf; i++)
            csvw_str(w, R.v[r].f[i]);
        csvw_end(w);
    }
    if (csvw_commit(w, e) < 0)
        goto done;
    snprintf(path, sizeof path, "%s/scenario.ini", out);
    if (!(w = csvw_open(path, e)))
        goto done;
    fwrite(scen0, 1, len0, csvw_stream(w));
    if (csvw_commit(w, e) < 0)
        goto done;
    /* the manifest of the whole sweep: what an unsharded run writes */
    snprintf(path, sizeof path, "%s/sweep.ini", out);
    if (!(w = csvw_open(path, e)))
        goto done;
    FILE *f = csvw_stream(w);
    fprintf(f, "; ownsim sweep manifest: the grid, and which share of it this folder holds.\n"
               "[sweep]\nseed = %s\npoints = %s\nshard = 1/1\n", m[0].seed, m[0].points);
    int axes = 0;
    for (const char *p = m[0].axes; *p; p++)
        axes += *p == '\n';
    fprintf(f, "axes = %d\n", axes);
    const char *p = m[0].axes;
    for (int a = 1; *p; a++) {
        const char *nl = strchr(p, '\n');
        fprintf(f, "vary%d = %.*s\n", a, (int)(nl - p), p);
        p = nl + 1;
    }
    rc = csvw_commit(w, e);

done:
    if (rc < 0 && created[0]) {
        /* nothing half-written: drop what this merge wrote, then its folder */
        static const char *const files[] = {"sweep.csv", "scenario.ini", "sweep.ini"};
        for (size_t i = 0; i < 3; i++) {
            snprintf(path, sizeof path, "%s/%s", out, files[i]);
            unlink(path);
        }
        report_rmdirs(out, created);
    }
    for (size_t r = 0; r < R.n; r++)
        free_fields(R.v[r].f, R.v[r].nf);
    free(R.v);
    free_fields(R.header, R.nheader);
    free(scen0);
    free(m);
    return rc;
}
