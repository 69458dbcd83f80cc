/*
 * merge.c — joining the folders of a sharded sweep (see sweep.h).
 *
 * Checks first, writes after.  Before anything is written:
 *  - the output folder is none of the inputs, lies in none and contains
 *    none (compared as real paths, symlinks resolved, the part of -o that
 *    does not exist yet taken as written; and by device and inode), so a
 *    merge never overwrites what it reads;
 *  - every folder's manifest (sweep.ini, read with libinih, its numbers with
 *    number.h) names the same seed, grid and shard count, and its
 *    scenario.ini is byte-identical; the shards are 1..N exactly once;
 *  - every folder's provenance.ini names the same ownsim version and the
 *    same input paths with the same SHA-256 (a data file changed between
 *    shards), and those inputs go into the merged folder's provenance;
 *  - each shard's sweep.csv holds exactly its points, each point's rows are
 *    the models of scenario.ini in order with the axis values of that point
 *    (recomputed from the manifest's --vary specs), and its bytes have the
 *    checksum its manifest recorded (sweep_int.h).  So a truncated shard, a
 *    row moved, a model dropped, or a value edited is refused, naming the
 *    shard and what differs.
 * Rows are then re-emitted in point order through libcsv, with the same
 * quoting rule that wrote them, so the merged sweep.csv is byte-identical to
 * an unsharded run, and the manifest is written by the same function as the
 * sweep's.  Cost: the shards' rows are held in memory (about the size of the
 * merged sweep.csv), and each shard's sweep.csv is read twice (parse and
 * checksum).
 */
#include "ownsim/sweep.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

typedef struct row {
    unsigned long long point;  /* grid point */
    size_t seq;                /* order of arrival, to keep models in order */
    long line;                 /* in its shard's sweep.csv */
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
    long long p = -1;
    if (nf != R->nheader || num_parse_int(f[0], strlen(f[0]), &p) != NUM_OK || p < 0)
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
    r->point = (unsigned long long)p;
    r->seq = R->n;
    r->line = line;
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

/* Rows [start, R->n) of a shard, whose points check_shard accepted: each
 * point's rows are the scenario's models in order, with that point's axis
 * values. */
static int check_rows(const rows *R, size_t start, const grid *g, const models *M,
                      const char *path, os_error *e)
{
    size_t model_col = 1 + (size_t)g->naxis;
    char q[ERR_QUOTE_SIZE];
    for (size_t r = start; r < R->n;) {
        size_t k = r;
        while (k < R->n && R->v[k].point == R->v[r].point)
            k++;
        if (k - r != (size_t)M->n) {
            char list[SCN_MAX_MODELS * (SCN_NAME + 2)] = "";
            for (int i = 0; i < M->n; i++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                         i ? ", " : "", M->name[i]);
            return err_set(e, OS_ERR_INPUT, path, (int)R->v[r].line, "model",
                           "point %llu has %zu rows, but scenario.ini has %d models (%s): "
                           "a model's rows were removed or added; rerun this shard",
                           R->v[r].point, k - r, M->n, list);
        }
        for (size_t j = r; j < k; j++) {
            const row *w = &R->v[j];
            const char *want = M->name[j - r];
            if (strcmp(w->f[model_col], want) != 0)
                return err_set(e, OS_ERR_INPUT, path, (int)w->line, "model",
                               "%s where scenario.ini's model %zu is '%s': edited, or not "
                               "from this scenario", err_quote(q, sizeof q, w->f[model_col]),
                               j - r + 1, want);
            for (int a = 0; a < g->naxis; a++) {
                const char *v = g->axis[a].values[grid_coord(g, w->point, a)];
                if (strcmp(w->f[1 + a], v) != 0)
                    return err_set(e, OS_ERR_INPUT, path, (int)w->line, g->axis[a].key,
                                   "%s at point %llu, where the grid of sweep.ini has '%s': "
                                   "edited, or not from this sweep",
                                   err_quote(q, sizeof q, w->f[1 + a]), w->point, v);
            }
        }
        r = k;
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

static int by_point(const void *a, const void *b)
{
    const row *x = a, *y = b;
    if (x->point != y->point)
        return x->point < y->point ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The shards' provenance.ini name the same version and the same inputs
 * (path and SHA-256, in order): shards run against different contents of
 * one data path, or by different versions, do not merge.  The inputs go to
 * pv. */
static int same_inputs(const char *const *dirs, int ndirs, prov *pv, os_error *e)
{
    prov_file f0, fi;
    if (prov_read(dirs[0], &f0, e) < 0)
        return -1;
    int rc = 0;
    for (int i = 1; i < ndirs && rc == 0; i++) {
        if (prov_read(dirs[i], &fi, e) < 0) {
            rc = -1;
            break;
        }
        const char *v0 = f0.version ? f0.version : "", *vi = fi.version ? fi.version : "";
        if (strcmp(v0, vi))
            rc = err_set(e, OS_ERR_INPUT, dirs[i], 0, "version",
                         "was run by ownsim %s, %s by ownsim %s: rerun the shards with one "
                         "version", vi, dirs[0], v0);
        else if (fi.n != f0.n)
            rc = err_set(e, OS_ERR_INPUT, dirs[i], 0, "count",
                         "read %zu input files, %s read %zu (provenance.ini): not shards of "
                         "one sweep", fi.n, dirs[0], f0.n);
        for (size_t k = 0; rc == 0 && k < f0.n; k++) {
            char key[32];
            if (strcmp(fi.path[k], f0.path[k])) {
                snprintf(key, sizeof key, "path%zu", k + 1);
                rc = err_set(e, OS_ERR_INPUT, dirs[i], 0, key,
                             "read %s where %s read %s (provenance.ini): not shards of one "
                             "sweep", fi.path[k], dirs[0], f0.path[k]);
            } else if (strcmp(fi.sha256[k], f0.sha256[k])) {
                snprintf(key, sizeof key, "sha256_%zu", k + 1);
                rc = err_set(e, OS_ERR_INPUT, dirs[i], 0, key,
                             "read %s with SHA-256 %s, but %s read it with SHA-256 %s: the "
                             "file changed between the shards; rerun them against one copy",
                             fi.path[k], fi.sha256[k], dirs[0], f0.sha256[k]);
            }
        }
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

/* One shard's sweep.ini, read and checked on its own. */
static int read_manifest(const char *dir, manifest *m, os_error *e)
{
    char path[1200];
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

/* Every shard's manifest, and the shards agree with the first on seed,
 * scenario.ini (byte for byte), grid and shard count.  *scen0 gets the
 * first shard's scenario.ini, owned by the caller even on failure. */
static int read_manifests(const char *const *dirs, int ndirs, manifest *m, char **scen0,
                          size_t *len0, os_error *e)
{
    char path[1200];
    for (int i = 0; i < ndirs; i++) {
        if (read_manifest(dirs[i], &m[i], e) < 0)
            return -1;
        snprintf(path, sizeof path, "%s/scenario.ini", dirs[i]);
        size_t len;
        char *scen = slurp(path, &len);
        if (!scen)
            return err_set(e, OS_ERR_INPUT, path, 0, "", "cannot read the resolved scenario");
        if (i == 0) {
            *scen0 = scen;
            *len0 = len;
            continue;
        }
        bool same = len == *len0 && !memcmp(scen, *scen0, len);
        free(scen);
        if (strcmp(m[i].seed, m[0].seed) != 0)
            return err_set(e, OS_ERR_INPUT, dirs[i], 0, "seed",
                           "was run with seed %s, %s with seed %s: not shards of one sweep",
                           m[i].seed, dirs[0], m[0].seed);
        if (!same)
            return err_set(e, OS_ERR_INPUT, dirs[i], 0, "scenario.ini",
                           "was run with a different scenario from %s: not shards of one sweep",
                           dirs[0]);
        if (strcmp(m[i].axes, m[0].axes) != 0 || m[i].points != m[0].points ||
            m[i].shard_n != m[0].shard_n)
            return err_set(e, OS_ERR_INPUT, dirs[i], 0, "sweep.ini",
                           "has a different grid or shard count from %s", dirs[0]);
    }
    return 0;
}

/* The folders are shards 1..N of the sweep, each once. */
static int check_numbering(const char *const *dirs, int ndirs, const manifest *m, os_error *e)
{
    int n = (int)m[0].shard_n;
    if (ndirs != n)
        return err_set(e, OS_ERR_INPUT, dirs[0], 0, "shard",
                       "the sweep has %d shards but %d folder%s given", n, ndirs,
                       ndirs == 1 ? " was" : "s were");
    for (int i = 0; i < ndirs; i++)
        for (int j = 0; j < i; j++)
            if (m[i].shard_i == m[j].shard_i)
                return err_set(e, OS_ERR_INPUT, dirs[i], 0, "shard",
                               "shard %lld/%d given twice (also %s)", m[i].shard_i, n, dirs[j]);
    return 0;
}

/* The grid, from the first manifest's --vary specs (it must have the
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

/* The first shard's header is point, the varied keys, then the models.csv
 * columns from model (the other shards' must equal it, see on_row). */
static int check_header(const rows *R, const grid *g, const char *path, os_error *e)
{
    bool ok = R->nheader > 2 + (size_t)g->naxis && !strcmp(R->header[0], "point") &&
              !strcmp(R->header[1 + g->naxis], "model");
    for (int a = 0; ok && a < g->naxis; a++)
        ok = !strcmp(R->header[1 + a], g->axis[a].key);
    if (!ok)
        return err_set(e, OS_ERR_INPUT, path, 1, "",
                       "header is not point, the --vary keys of sweep.ini, then model, ...");
    return 0;
}

/* Every shard's sweep.csv into R, each holding exactly its points with the
 * models and axis values they should have, and the checksum its manifest
 * recorded. */
static int read_rows(const char *const *dirs, int ndirs, const manifest *m, const grid *g,
                     const models *M, rows *R, os_error *e)
{
    char path[1200];
    int n = (int)m[0].shard_n;
    size_t per_point = 0;   /* model rows per point, the same everywhere */
    for (int i = 0; i < ndirs; i++) {
        snprintf(path, sizeof path, "%s/sweep.csv", dirs[i]);
        R->path = path;
        R->in_header = true;
        size_t start = R->n;
        if (csvr_read(path, on_row, R, e) != 0)
            return -1;
        if (R->in_header)
            return err_set(e, OS_ERR_INPUT, path, 1, "", "empty sweep.csv");
        if (i == 0 && check_header(R, g, path, e) < 0)
            return -1;
        if (check_shard(R, start, (unsigned long long)m[i].shard_i, (unsigned long long)n,
                        g->npoints, &per_point, path, e) < 0 ||
            check_rows(R, start, g, M, path, e) < 0)
            return -1;
        char sum[SWEEP_SUM_SIZE];
        if (sweep_csv_sum(path, sum, OS_ERR_INPUT, e) < 0)
            return -1;
        if (strcmp(sum, m[i].sum) != 0)
            return err_set(e, OS_ERR_INPUT, path, 0, "",
                           "differs from what the sweep wrote (checksum %s, sweep.ini says %s): "
                           "edited or damaged; rerun shard %lld/%d", sum, m[i].sum,
                           m[i].shard_i, n);
    }
    return 0;
}

/* The merged folder's sweep.csv (R's rows in point order), scenario.ini
 * and manifest: what an unsharded run writes. */
static int write_merged(const char *into, rows *R, const char *scen0, size_t len0,
                        const manifest *m0, const grid *g, os_error *e)
{
    qsort(R->v, R->n, sizeof *R->v, by_point);
    csvw *w = csvw_open_in(into, "sweep.csv", e);
    if (!w)
        return -1;
    csvw_row(w, (const char *const *)R->header, R->nheader);
    for (size_t r = 0; r < R->n; r++)
        csvw_row(w, (const char *const *)R->v[r].f, R->v[r].nf);
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

int sweep_merge(const char *const *dirs, int ndirs, const char *out, const char *into,
                prov *pv, os_error *e)
{
    if (ndirs < 1)
        return err_set(e, OS_ERR_INPUT, "", 0, "", "no shard folders to merge");
    manifest *m = calloc((size_t)ndirs, sizeof *m);
    models *M = calloc(1, sizeof *M);
    grid g;
    memset(&g, 0, sizeof g);
    char *scen0 = NULL;
    size_t len0 = 0;
    rows R;
    memset(&R, 0, sizeof R);
    R.e = e;
    int rc = -1;
    if (!m || !M)
        err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    else if (read_manifests(dirs, ndirs, m, &scen0, &len0, e) >= 0 &&
             check_numbering(dirs, ndirs, m, e) >= 0 && check_out(dirs, ndirs, out, e) >= 0 &&
             same_inputs(dirs, ndirs, pv, e) >= 0 && read_grid(dirs[0], &m[0], &g, M, e) >= 0 &&
             read_rows(dirs, ndirs, m, &g, M, &R, e) >= 0)
        rc = write_merged(into, &R, scen0, len0, &m[0], &g, e);

    for (size_t r = 0; r < R.n; r++)
        free_fields(R.v[r].f, R.v[r].nf);
    free(R.v);
    free_fields(R.header, R.nheader);
    free(scen0);
    free(m);
    free(M);
    grid_free(&g);
    return rc;
}
