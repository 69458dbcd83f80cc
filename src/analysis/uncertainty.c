/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * uncertainty.c — probabilistic uncertainty analysis (see uncertainty.h,
 * docs/sensitivity.md).
 *
 * unc_run: the [uncertainty] section is read from the run assembly's source
 * (scn_source_entries) and checked entry by entry (key, distribution,
 * domain), then the shard's sets are derived and run in chunks (one pool of
 * tasks each, point_run_batch, every model), their rows appended to
 * sets.csv in set order.  The manifest follows with the SHA-256 of
 * sets.csv, and, when the folder holds every set, uncertainty.csv is
 * computed by reading sets.csv back (summarise): a merged folder takes the
 * very same path, so its uncertainty.csv is the unsharded one's byte for
 * byte.  Memory: the section, one chunk of results; the summary holds N
 * rows of numbers.
 *
 * The statistics, over the sets where the difference is defined:
 *   - quantiles p5, p50, p95: gsl_stats_quantile_from_sorted_data;
 *   - a win: the set's mean paired difference A - B (its `diff`) is below 0
 *     for a metric where lower is better, above 0 where higher is; a
 *     model ranks first in a set when its value is the best there, ties to
 *     the model listed first;
 *   - Wilson's 95% interval of a proportion k/n (z = 1.959964);
 *   - PRCC of key j: the values and the differences are replaced by their
 *     ranks (ties averaged), the ranks of key j and of the difference are
 *     each regressed on the other keys' ranks and a constant (least
 *     squares, gsl_multifit_linear), and the two residuals correlated
 *     (gsl_stats_correlation); with one key, Spearman's correlation.  NaN
 *     when a residual is constant (a key or a difference that never
 *     varies).
 */
#include "ownsim/uncertainty.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <gsl/gsl_multifit.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "ownsim/csvfile.h"
#include "ownsim/dist.h"
#include "ownsim/grid.h"
#include "ownsim/inifile.h"
#include "ownsim/metric.h"
#include "ownsim/metric_spec.h"
#include "ownsim/number.h"
#include "ownsim/point.h"
#include "ownsim/report.h"
#include "ownsim/scenario.h"
#include "study.h"

#define SECTION "uncertainty"
#define CHUNK 16                       /* sets per pool of tasks */
#define U_EDGE 9.313225746154785e-10   /* 2^-30: the quantiles checked */
#define Z95 1.959963984540054

typedef enum ukind { UK_NUMBER, UK_INTEGER, UK_DIST, UK_PARAM } ukind;

/* One line of [uncertainty]. */
typedef struct ukey {
    char key[SCN_KEY_TEXT + SCN_NAME]; /* as written */
    char ovkey[SCN_KEY_TEXT];  /* the key its override sets */
    ukind kind;                /* what the key holds */
    char text[STUDY_TEXT];     /* its distribution, canonical (dist_format) */
    dist d;                    /* that distribution; owned */
    dist base;                 /* UK_DIST: the key's base distribution; owned */
    const char *file;          /* where it is written (the source's); borrowed */
    int line;
} ukey;

typedef struct unc {
    const unc_opts *o;
    const scenario *base;
    metric_spec met;
    int a, b;                  /* models */
    ukey key[UNC_MAX_KEYS];
    int nkey;
    int reading_failed;        /* an entry callback failed: e is set */
    os_error *e;
} unc;

static int oom(os_error *e)
{
    return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
}

/* ---- the section ---- */

/* Entry k, its distribution read: what its key holds and the values it can
 * take, checked against the key. */
static int check_entry(ukey *k, scn_keykind kk, const char *param, const char *basetext,
                       os_error *e)
{
    const char *file = k->file, *key = k->key;
    int line = k->line;
    char why[300];
    double lo = dist_quantile(&k->d, U_EDGE), hi = dist_quantile(&k->d, 1 - U_EDGE);
    if (param) {
        double x;
        k->kind = UK_PARAM;
        if (study_param_value(basetext, param, &x) < 0)
            return err_set(e, OS_ERR_INPUT, file, line, key,
                           "%s is %s in the scenario: it has no parameter '%s'", k->ovkey,
                           basetext, param);
        return 0;
    }
    if (kk == SCN_KEY_DIST) {
        k->kind = UK_DIST;
        if (!strncmp(basetext, "empirical", 9))
            return err_set(e, OS_ERR_INPUT, file, line, key,
                           "an empirical distribution cannot be scaled: make a parameter of "
                           "another distribution uncertain");
        if (!(lo > 0))
            return err_set(e, OS_ERR_INPUT, file, line, key,
                           "%s scales the distribution by factors down to %g: they must be "
                           "positive", k->text, lo);
        if (dist_parse(basetext, NULL, &k->base, why, sizeof why) != 0)
            return err_set(e, OS_ERR_INPUT, file, line, key, "%s", why);
        return 0;
    }
    k->kind = kk == SCN_KEY_INTEGER ? UK_INTEGER : UK_NUMBER;
    double min, max;
    if (scn_key_domain(key, &min, &max) < 0)
        return err_set(e, OS_ERR_INPUT, file, line, key, "no domain");
    if (k->kind == UK_INTEGER) {
        lo = round(lo);
        hi = round(hi);
    }
    if (lo < min || hi > max)
        return err_set(e, OS_ERR_INPUT, file, line, key,
                       "%s gives values from %g to %g, outside the key's domain [%g, %g]",
                       k->text, lo, hi, min, max);
    return 0;
}


/* One entry of [uncertainty]: its key and distribution, checked. */
static int read_entry(void *ctx, const char *key, const char *value, const char *file,
                      int line)
{
    unc *U = ctx;
    os_error *e = U->e;
    if (U->nkey == UNC_MAX_KEYS)
        return err_set(e, OS_ERR_INPUT, file, line, key,
                       "at most %d uncertain keys (the Sobol sequence's dimensions)",
                       UNC_MAX_KEYS);
    ukey *k = &U->key[U->nkey];
    memset(k, 0, sizeof *k);
    k->d = dist_const(0);
    k->base = dist_const(0);
    k->file = file;
    k->line = line;
    snprintf(k->key, sizeof k->key, "%s", key);
    snprintf(k->ovkey, sizeof k->ovkey, "%s", key);
    char why[300], basetext[STUDY_TEXT];
    scn_keykind kk = scn_key_kind(key);
    const char *param = NULL;
    if (kk == SCN_KEY_UNKNOWN) {
        const char *dot = strrchr(key, '.');
        if (dot) {
            snprintf(k->ovkey, sizeof k->ovkey, "%.*s", (int)(dot - key), key);
            if (scn_key_kind(k->ovkey) == SCN_KEY_DIST) {
                param = dot + 1;
                kk = SCN_KEY_DIST;
            }
        }
    }
    if (kk == SCN_KEY_UNKNOWN || kk == SCN_KEY_OTHER)
        return err_set(e, OS_ERR_INPUT, file, line, key,
                       kk == SCN_KEY_OTHER ? "an uncertain key must hold a number, a whole "
                       "number or a distribution" : "no such key (section.NAME.key, or a "
                       "distribution's parameter section.NAME.key.param)");
    if (!strncmp(key, "simulation.", 11))
        return err_set(e, OS_ERR_INPUT, file, line, key,
                       "[simulation] keys are run settings, not assumptions");
    if (scn_get(U->base, k->ovkey, basetext, sizeof basetext) < 0)
        return err_set(e, OS_ERR_INPUT, file, line, key, "the scenario has no %s", k->ovkey);
    for (int i = 0; i < U->nkey; i++)
        if (!strcmp(U->key[i].key, key))
            return err_set(e, OS_ERR_INPUT, file, line, key, "uncertain twice (line %d)",
                           U->key[i].line);
    int rc = dist_parse(value, NULL, &k->d, why, sizeof why);
    if (rc == -2)
        return err_set(e, OS_ERR_ENV, file, line, key, "%s", why);
    if (rc != 0)
        return err_set(e, OS_ERR_INPUT, file, line, key, "%s", why);
    U->nkey++;   /* from here, the key's dists are freed with the others */
    dist_format(&k->d, k->text, sizeof k->text);
    return check_entry(k, kk, param, basetext, e);
}

static void free_keys(unc *U)
{
    for (int i = 0; i < U->nkey; i++) {
        dist_free(&U->key[i].d);
        dist_free(&U->key[i].base);
    }
    U->nkey = 0;
}

static int read_section(unc *U, os_error *e)
{
    U->e = e;
    if (scn_source_entries(run_source(U->o->run), SECTION, read_entry, U) != 0)
        return -1;
    if (U->nkey == 0)
        return err_set(e, OS_ERR_INPUT, U->base->path, 0, SECTION,
                       "no [uncertainty] section (or it is empty): give a distribution for "
                       "each uncertain key, e.g. model.NAME.misroute_prob = "
                       "uniform(min=0.25, max=0.5)");
    return 0;
}

/* ---- the sets ---- */

/* Set i's values as texts (vals[j], STUDY_TEXT each: what sets.csv shows)
 * and its overrides (ov[j] with texts in ovtext). */
static int set_overrides(unc *U, const double *u, char (*vals)[STUDY_TEXT],
                         char (*ovtext)[STUDY_TEXT], scn_override *ov, os_error *e)
{
    for (int j = 0; j < U->nkey; j++) {
        ukey *k = &U->key[j];
        double uu = fmin(fmax(u[j], U_EDGE), 1 - U_EDGE);
        double x = dist_quantile(&k->d, uu);
        if (k->kind == UK_INTEGER)
            x = round(x);
        snprintf(vals[j], STUDY_TEXT, "%.15g", x);
        num_parse_str(vals[j], &x);   /* the value used is the value shown */
        ov[j] = (scn_override){k->ovkey, ovtext[j], k->file};
        if (k->kind == UK_DIST) {
            dist sd;
            char why[300];
            if (dist_scale(&k->base, x, &sd, why, sizeof why) != 0)
                return err_set(e, OS_ERR_INPUT, k->file, k->line, k->key,
                               "scaled by %s: %s", vals[j], why);
            dist_format(&sd, ovtext[j], STUDY_TEXT);
            dist_free(&sd);
        } else if (k->kind == UK_PARAM) {
            if (study_param_text(U->base, k->key, x, k->file, ovtext[j], e) < 0)
                return -1;
        } else {
            snprintf(ovtext[j], STUDY_TEXT, "%s", vals[j]);
        }
    }
    return 0;
}

/* The buffers of one chunk of sets. */
typedef struct chunk {
    scenario *pts[CHUNK];          /* the sets' scenarios; owned, NULL once freed */
    point_result res[CHUNK];       /* their results */
    int ids[CHUNK];                /* their set numbers */
    char (*vals)[STUDY_TEXT];      /* CHUNK x nkey value texts; owned */
    int n;                         /* sets in the chunk */
} chunk;

/* sets.csv's header: set, the keys, model, value with its interval, and
 * the paired difference from B with its interval. */
static void sets_header(const unc *U, csvw *w)
{
    csvw_str(w, "set");
    for (int j = 0; j < U->nkey; j++)
        csvw_str(w, U->key[j].key);
    static const char *const tail[] = {"model", "value", "value_lo", "value_hi", "diff",
                                       "diff_lo", "diff_hi"};
    for (size_t i = 0; i < sizeof tail / sizeof *tail; i++)
        csvw_str(w, tail[i]);
    csvw_end(w);
}

/* The chunk's rows, one per set and model. */
static void write_chunk(const unc *U, csvw *w, chunk *c, double *x)
{
    const metric *m = U->met.m;
    for (int i = 0; i < c->n; i++) {
        const scenario *s = c->pts[i];
        metric_src sb = point_src(s, &c->res[i], U->b, U->met.sev);
        for (int md = 0; md < s->nmodel; md++) {
            metric_src sm = point_src(s, &c->res[i], md, U->met.sev);
            csvw_int(w, c->ids[i]);
            for (int j = 0; j < U->nkey; j++)
                csvw_str(w, c->vals[(size_t)i * (size_t)U->nkey + (size_t)j]);
            csvw_str(w, s->model[md].name);
            ci v = {NAN, NAN, NAN, NAN};
            if (metric_per_rep(m))
                v = metric_ci(m, &sm, x);
            else
                v.mean = metric_value(m, &sm, x);
            csvw_num(w, v.mean, 15);
            csvw_num(w, v.lo, 15);
            csvw_num(w, v.hi, 15);
            ci d = {NAN, NAN, NAN, NAN};
            if (md != U->b)
                d = metric_diff(m, &sm, &sb, x);
            csvw_num(w, d.mean, 15);
            csvw_num(w, d.lo, 15);
            csvw_num(w, d.hi, 15);
            csvw_end(w);
        }
    }
}

/* Derive, run and write the shard's sets, chunk by chunk. */
static int run_sets(unc *U, csvw *w, os_error *e)
{
    const unc_opts *o = U->o;
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)U->nkey);
    chunk c = {.n = 0};
    c.vals = malloc((size_t)CHUNK * (size_t)U->nkey * sizeof *c.vals);
    char (*ovtext)[STUDY_TEXT] = malloc((size_t)U->nkey * sizeof *ovtext);
    scn_override ov[UNC_MAX_KEYS];
    double *x = malloc(METRIC_SCRATCH(U->base->reps) * sizeof *x);
    double u[UNC_MAX_KEYS];
    int rc = 0;
    if (!q || !c.vals || !ovtext || !x)
        rc = oom(e);
    if (rc == 0)
        gsl_qrng_get(q, u);   /* point 0, all zeros: skipped */
    point_opts po = {.jobs = o->jobs, .rep_quantiles = metric_needs_rep_quantiles(U->met.m)};
    long total = 0, done = 0;
    for (int i = 0; i < o->sets; i++)
        total += grid_in_shard((uint64_t)i, o->shard_i, o->shard_n);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; rc == 0 && i < o->sets;) {
        c.n = 0;
        for (; rc == 0 && i < o->sets && c.n < CHUNK; i++) {
            gsl_qrng_get(q, u);
            if (!grid_in_shard((uint64_t)i, o->shard_i, o->shard_n))
                continue;
            char (*vals)[STUDY_TEXT] = &c.vals[(size_t)c.n * (size_t)U->nkey];
            if (set_overrides(U, u, vals, ovtext, ov, e) < 0 ||
                !(c.pts[c.n] = run_derive(o->run, ov, U->nkey, e))) {
                if (e->kind == OS_ERR_INPUT) {   /* name the set */
                    char tail[32];
                    int tn = snprintf(tail, sizeof tail, " (set %d)", i);
                    size_t len = strlen(e->msg);
                    if (tn > 0 && len + (size_t)tn < sizeof e->msg)
                        memcpy(e->msg + len, tail, (size_t)tn + 1);
                }
                rc = -1;
                break;
            }
            if (o->prov && prov_add_scenario(o->prov, c.pts[c.n], e) < 0) {
                c.n++;
                rc = -1;
                break;
            }
            c.ids[c.n++] = i;
        }
        if (rc == 0 && c.n) {
            po.list = run_list(o->run, c.pts[0]);
            if (point_run_batch((const scenario *const *)c.pts, c.n, &po, c.res, e) < 0) {
                rc = -1;
            } else {
                write_chunk(U, w, &c, x);
                for (int k = 0; k < c.n; k++)
                    point_free(&c.res[k]);
            }
        }
        for (int k = 0; k < c.n; k++) {
            scn_destroy(c.pts[k]);
            c.pts[k] = NULL;
        }
        done += c.n;
        if (rc == 0 && o->progress && c.n) {
            struct timespec t1;
            clock_gettime(CLOCK_MONOTONIC, &t1);
            os_progress pr = {.kind = OS_PROGRESS_POINTS, .done = done, .total = total,
                              .elapsed = (double)(t1.tv_sec - t0.tv_sec) +
                                         (double)(t1.tv_nsec - t0.tv_nsec) / 1e9};
            o->progress(o->progress_ctx, &pr);
        }
    }
    if (q)
        gsl_qrng_free(q);
    free(c.vals);
    free(ovtext);
    free(x);
    return rc;
}

/* ---- the manifest ---- */

typedef struct manifest {
    char seed[32];             /* the scenario's seed, as text */
    long sets;                 /* N */
    int shard_i, shard_n;
    char model[SCN_NAME], baseline[SCN_NAME];
    char metric[METRIC_SPEC_NAME];
    int direction;             /* metric_direction */
    char sum[80];              /* "sha256:<hex>" of sets.csv */
    char *body;                /* every line but shard and sets_csv: what shards share;
                                  owned */
} manifest;

static int write_manifest(const char *dir, const manifest *m, os_error *e)
{
    char path[PATH_MAX], hex[65];
    if ((size_t)snprintf(path, sizeof path, "%s/sets.csv", dir) >= sizeof path ||
        prov_sha256_file(path, hex) < 0)
        return err_set(e, OS_ERR_ENV, path, 0, "", "cannot read back: %s", strerror(errno));
    csvw *w = csvw_open_in(dir, "uncertainty.ini", e);
    if (!w)
        return -1;
    FILE *f = csvw_stream(w);
    fprintf(f, "; ownsim uncertainty manifest: the sets, and which share of them this "
               "folder holds.\n[manifest]\n%sshard = %d/%d\nsets_csv = sha256:%s\n", m->body,
            m->shard_i, m->shard_n, hex);
    return csvw_commit(w, e);
}

/* The shared lines: seed, sets, A, B, metric and direction, and the section. */
static int manifest_body(const unc *U, manifest *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return -1;
    fprintf(f, "seed = %llu\nsets = %ld\nmodel = %s\nbaseline = %s\nmetric = %s\n"
               "direction = %d\nkeys = %d\n", (unsigned long long)U->base->seed, m->sets,
            m->model, m->baseline, m->metric, m->direction, U->nkey);
    for (int j = 0; j < U->nkey; j++)
        fprintf(f, "key%d = %s ~ %s\n", j + 1, U->key[j].key, U->key[j].text);
    /* glibc's memstream: a write that cannot grow the buffer sets the error
     * flag only, and fclose returns 0 with buf NULL when its final realloc
     * fails (buf written "(null)" into the manifest, tests/oom) */
    int bad = ferror(f);
    if (fclose(f) != 0 || bad || !buf) {
        free(buf);
        return -1;
    }
    m->body = buf;
    return 0;
}

/* One line of a manifest read back. */
static int on_manifest(void *ctx, const char *section, const char *key, const char *value,
                       int line)
{
    (void)section;
    (void)line;
    manifest *m = ctx;
    if (!strcmp(key, "shard")) {
        if (sscanf(value, "%d/%d", &m->shard_i, &m->shard_n) != 2)
            m->shard_n = 0;
    } else if (!strcmp(key, "sets_csv")) {
        snprintf(m->sum, sizeof m->sum, "%s", value);
    } else if (!strcmp(key, "sets")) {
        m->sets = atol(value);
    } else if (!strcmp(key, "model")) {
        snprintf(m->model, sizeof m->model, "%s", value);
    } else if (!strcmp(key, "baseline")) {
        snprintf(m->baseline, sizeof m->baseline, "%s", value);
    } else if (!strcmp(key, "metric")) {
        snprintf(m->metric, sizeof m->metric, "%s", value);
    } else if (!strcmp(key, "direction")) {
        m->direction = atoi(value);
    }
    return 0;
}

static const inifile_ops manifest_ops = {NULL, on_manifest};

/* ---- the summary: uncertainty.csv from sets.csv ---- */

typedef struct table {
    int nkey;                  /* key columns (1 .. nkey) */
    char **keys;               /* their names; owned */
    char *models[SCN_MAX_MODELS]; /* names in first-seen order; owned */
    int nmodel;
    int a, b;                  /* A and B among them, -1 until seen */
    const manifest *m;
    double *kv;                /* [set * nkey + j]; owned */
    double *val;               /* [set * SCN_MAX_MODELS + model]; owned */
    double *diff;              /* [set]: A's diff; owned */
    long nsets;                /* sets (m->sets) */
    int col_model, col_value, col_diff;
} table;

static int on_set_row(void *ctx, size_t nf, char **f, long line)
{
    table *t = ctx;
    if (line == 1) {
        t->nkey = (int)nf - 8;
        if (nf < 9 || t->nkey > UNC_MAX_KEYS || strcmp(f[0], "set") ||
            strcmp(f[nf - 7], "model"))
            return 1;
        t->keys = calloc((size_t)t->nkey, sizeof *t->keys);
        if (!t->keys)
            return 2;
        for (int j = 0; j < t->nkey; j++)
            if (!(t->keys[j] = strdup(f[1 + j])))
                return 2;
        t->col_model = (int)nf - 7;
        t->col_value = (int)nf - 6;
        t->col_diff = (int)nf - 3;
        return 0;
    }
    if ((int)nf != t->nkey + 8)
        return 1;
    long s = atol(f[0]);
    if (s < 0 || s >= t->nsets)
        return 1;
    int md = -1;
    for (int i = 0; i < t->nmodel; i++)
        if (!strcmp(t->models[i], f[t->col_model]))
            md = i;
    if (md < 0) {
        if (t->nmodel == SCN_MAX_MODELS || !(t->models[t->nmodel] = strdup(f[t->col_model])))
            return 2;
        md = t->nmodel++;
        if (!strcmp(f[t->col_model], t->m->model))
            t->a = md;
        if (!strcmp(f[t->col_model], t->m->baseline))
            t->b = md;
    }
    double x;
    for (int j = 0; j < t->nkey; j++)
        t->kv[s * t->nkey + j] = num_parse_str(f[1 + j], &x) == NUM_OK ? x : NAN;
    t->val[s * SCN_MAX_MODELS + md] = num_parse_str(f[t->col_value], &x) == NUM_OK ? x : NAN;
    if (md == t->a)
        t->diff[s] = num_parse_str(f[t->col_diff], &x) == NUM_OK ? x : NAN;
    return 0;
}

/* Ranks 1..n of x (ties averaged) into r; idx: n scratch. */
static void ranks(const double *x, size_t n, double *r, size_t *idx)
{
    gsl_sort_index(idx, x, 1, n);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && x[idx[j + 1]] == x[idx[i]])
            j++;
        for (size_t k = i; k <= j; k++)
            r[idx[k]] = (double)(i + j) / 2 + 1;
        i = j + 1;
    }
}

/* The partial rank correlation of column j of R (n x k ranks) with y, into
 * *out (NaN when undefined).  0, or -1 out of memory.  The matrices and
 * vectors are views of one block of ours (gsl_matrix_alloc leaks its
 * header when its data cannot be allocated); gsl_multifit_linear_alloc and
 * gsl_multifit_linear allocate inside, the second without checking: out of
 * memory there ends the process (err_gsl_nomem_fatal). */
static int prcc(const gsl_matrix *R, const gsl_vector *y, int j, double *out)
{
    size_t n = R->size1, k = R->size2;
    *out = NAN;
    if (k == 1) {
        *out = gsl_stats_correlation(R->data, 1, y->data, 1, n);
        return 0;
    }
    double *mem = malloc((n * k + k + 2 * n + k * k) * sizeof *mem);
    if (!mem)
        return -1;
    gsl_matrix_view Xv = gsl_matrix_view_array(mem, n, k);   /* constant + the other keys */
    gsl_vector_view cv = gsl_vector_view_array(mem + n * k, k);
    gsl_vector_view r1v = gsl_vector_view_array(mem + n * k + k, n);
    gsl_vector_view r2v = gsl_vector_view_array(mem + n * k + k + n, n);
    gsl_matrix_view covv = gsl_matrix_view_array(mem + n * k + k + 2 * n, k, k);
    gsl_matrix *X = &Xv.matrix, *cov = &covv.matrix;
    gsl_vector *c = &cv.vector, *r1 = &r1v.vector, *r2 = &r2v.vector;
    err_gsl_nomem_fatal(1);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, k);
    double chisq;
    int rc = ws ? 0 : -1;
    if (rc == 0) {
        for (size_t i = 0; i < n; i++) {
            gsl_matrix_set(X, i, 0, 1.0);
            for (size_t l = 0, col = 1; l < k; l++)
                if ((int)l != j)
                    gsl_matrix_set(X, i, col++, gsl_matrix_get(R, i, l));
        }
        gsl_vector_const_view xj = gsl_matrix_const_column(R, (size_t)j);
        gsl_multifit_linear(X, &xj.vector, c, cov, &chisq, ws);
        gsl_multifit_linear_residuals(X, &xj.vector, c, r1);
        gsl_multifit_linear(X, y, c, cov, &chisq, ws);
        gsl_multifit_linear_residuals(X, y, c, r2);
        double s1 = gsl_stats_sd(r1->data, 1, n), s2 = gsl_stats_sd(r2->data, 1, n);
        double scale1 = gsl_stats_sd(xj.vector.data, xj.vector.stride, n);
        double scale2 = gsl_stats_sd(y->data, 1, n);
        /* a residual that is rounding noise of a perfect fit: undefined */
        if (s1 > 1e-9 * scale1 && s2 > 1e-9 * scale2)
            *out = gsl_stats_correlation(r1->data, 1, r2->data, 1, n);
    }
    gsl_multifit_linear_free(ws);
    err_gsl_nomem_fatal(0);
    free(mem);
    return rc;
}

/* mean, p5, p50, p95 of x[0..n) (sorted in place) into the row. */
static void put_dist(csvw *w, double *x, size_t n)
{
    if (n == 0) {
        for (int i = 0; i < 4; i++)
            csvw_str(w, "");
        return;
    }
    gsl_sort(x, 1, n);
    csvw_num(w, gsl_stats_mean(x, 1, n), 6);
    csvw_num(w, gsl_stats_quantile_from_sorted_data(x, 1, n, 0.05), 6);
    csvw_num(w, gsl_stats_quantile_from_sorted_data(x, 1, n, 0.50), 6);
    csvw_num(w, gsl_stats_quantile_from_sorted_data(x, 1, n, 0.95), 6);
}

static void wilson(long k, long n, double *p, double *lo, double *hi)
{
    if (n == 0) {
        *p = *lo = *hi = NAN;
        return;
    }
    double ph = (double)k / (double)n, z2 = Z95 * Z95, nn = (double)n;
    double den = 1 + z2 / nn, mid = (ph + z2 / (2 * nn)) / den;
    double half = Z95 / den * sqrt(ph * (1 - ph) / nn + z2 / (4 * nn * nn));
    *p = ph;
    *lo = fmax(0, mid - half);
    *hi = fmin(1, mid + half);
}

static void put_prob(csvw *w, long k, long n)
{
    double p, lo, hi;
    wilson(k, n, &p, &lo, &hi);
    csvw_num(w, p, 6);
    csvw_num(w, lo, 6);
    csvw_num(w, hi, 6);
}

/* The key rows of uncertainty.csv: each key's values over the sets ok[0..nok)
 * and its PRCC with the difference; x: nok scratch. */
static int write_keys(const table *t, csvw *w, const size_t *ok, long nok, double *x)
{
    /* rank correlations over the sets where D is defined */
    int rc = 0;
    bool want = nok > t->nkey + 1;   /* enough sets for the PRCC */
    /* R (nok x nkey ranks) and y (the difference's ranks): views of one
     * block of ours (gsl_matrix_alloc leaks its header when its data cannot
     * be allocated) */
    double *rmem = want ? malloc((size_t)nok * (size_t)(t->nkey + 1) * sizeof *rmem) : NULL;
    gsl_matrix_view Rv;
    gsl_vector_view yv;
    gsl_matrix *R = NULL;
    gsl_vector *y = NULL;
    if (rmem) {
        Rv = gsl_matrix_view_array(rmem, (size_t)nok, (size_t)t->nkey);
        yv = gsl_vector_view_array(rmem + (size_t)nok * (size_t)t->nkey, (size_t)nok);
        R = &Rv.matrix;
        y = &yv.vector;
    }
    double *col = malloc((size_t)(nok ? nok : 1) * sizeof *col);
    double *rk = malloc((size_t)(nok ? nok : 1) * sizeof *rk);
    size_t *idx = malloc((size_t)(nok ? nok : 1) * sizeof *idx);
    if (!col || !rk || !idx || (want && !rmem)) {
        rc = -1;
    } else if (R) {
        for (long i = 0; i < nok; i++)
            col[i] = t->diff[ok[i]];
        ranks(col, (size_t)nok, y->data, idx);
        for (int j = 0; j < t->nkey; j++) {
            for (long i = 0; i < nok; i++)
                col[i] = t->kv[(long)ok[i] * t->nkey + j];
            ranks(col, (size_t)nok, rk, idx);
            for (long i = 0; i < nok; i++)
                gsl_matrix_set(R, (size_t)i, (size_t)j, rk[i]);
        }
    }
    for (int j = 0; rc == 0 && j < t->nkey; j++) {
        for (long i = 0; i < nok; i++)
            x[i] = t->kv[(long)ok[i] * t->nkey + j];
        csvw_str(w, "key");
        csvw_str(w, t->keys[j]);
        csvw_str(w, t->m->metric);
        csvw_int(w, nok);
        put_dist(w, x, (size_t)nok);
        for (int i = 0; i < 3; i++)
            csvw_str(w, "");
        double r = NAN;
        if (R && prcc(R, y, j, &r) < 0) {
            rc = -1;
            break;
        }
        csvw_num(w, r, 6);
        csvw_end(w);
    }
    free(rmem);
    free(col);
    free(rk);
    free(idx);
    return rc;
}

/* The rows of uncertainty.csv from t. */
static int write_summary(const table *t, csvw *w, unc_summary *sum)
{
    static const char *const head[] = {"what", "name", "metric", "sets", "mean", "p5", "p50",
                                       "p95", "probability", "probability_lo",
                                       "probability_hi", "prcc"};
    csvw_row(w, head, sizeof head / sizeof *head);
    long n = t->nsets;
    int dir = t->m->direction;
    double *x = malloc((size_t)n * sizeof *x);
    long *first = calloc(SCN_MAX_MODELS, sizeof *first);
    size_t *ok = malloc((size_t)n * sizeof *ok);   /* the sets where D is defined */
    if (!x || !first || !ok) {
        free(x);
        free(first);
        free(ok);
        return -1;
    }
    long nok = 0, wins = 0;
    for (long s = 0; s < n; s++)
        if (!isnan(t->diff[s])) {
            ok[nok++] = (size_t)s;
            wins += dir * t->diff[s] > 0;
            int best = -1;
            for (int md = 0; md < t->nmodel; md++) {
                double v = t->val[s * SCN_MAX_MODELS + md];
                if (!isnan(v) && (best < 0 || dir * v > dir * t->val[s * SCN_MAX_MODELS + best]))
                    best = md;
            }
            if (best >= 0)
                first[best]++;
        }
    for (int md = 0; md < t->nmodel; md++) {
        size_t m = 0;
        for (long i = 0; i < nok; i++) {
            double v = t->val[(long)ok[i] * SCN_MAX_MODELS + md];
            if (!isnan(v))
                x[m++] = v;
        }
        csvw_str(w, "model");
        csvw_str(w, t->models[md]);
        csvw_str(w, t->m->metric);
        csvw_int(w, nok);
        put_dist(w, x, m);
        put_prob(w, first[md], nok);
        csvw_str(w, "");
        csvw_end(w);
    }
    for (long i = 0; i < nok; i++)
        x[i] = t->diff[ok[i]];
    char name[2 * SCN_NAME + 4];
    snprintf(name, sizeof name, "%s-%s", t->m->model, t->m->baseline);
    csvw_str(w, "difference");
    csvw_str(w, name);
    csvw_str(w, t->m->metric);
    csvw_int(w, nok);
    put_dist(w, x, (size_t)nok);
    if (sum) {
        sum->sets = (int)nok;
        sum->wins = (int)wins;
        wilson(wins, nok, &sum->p, &sum->p_lo, &sum->p_hi);
        sum->diff_p5 = nok ? gsl_stats_quantile_from_sorted_data(x, 1, (size_t)nok, 0.05) : NAN;
        sum->diff_p50 = nok ? gsl_stats_quantile_from_sorted_data(x, 1, (size_t)nok, 0.5) : NAN;
        sum->diff_p95 = nok ? gsl_stats_quantile_from_sorted_data(x, 1, (size_t)nok, 0.95) : NAN;
    }
    put_prob(w, wins, nok);
    csvw_str(w, "");
    csvw_end(w);
    int rc = write_keys(t, w, ok, nok, x);
    free(x);
    free(first);
    free(ok);
    return rc;
}

static void table_free(table *t)
{
    for (int j = 0; t->keys && j < t->nkey; j++)
        free(t->keys[j]);
    free(t->keys);
    for (int i = 0; i < t->nmodel; i++)
        free(t->models[i]);
    free(t->kv);
    free(t->val);
    free(t->diff);
}

/* dir/uncertainty.csv from dir/sets.csv, which holds every set of m. */
static int summarise(const char *dir, const manifest *m, unc_summary *sum, os_error *e)
{
    table t = {.m = m, .a = -1, .b = -1, .nsets = m->sets};
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/sets.csv", dir);
    t.kv = malloc((size_t)m->sets * UNC_MAX_KEYS * sizeof *t.kv);
    t.val = malloc((size_t)m->sets * SCN_MAX_MODELS * sizeof *t.val);
    t.diff = malloc((size_t)m->sets * sizeof *t.diff);
    int rc = 0;
    if (!t.kv || !t.val || !t.diff) {
        rc = oom(e);
    } else {
        for (long i = 0; i < m->sets * SCN_MAX_MODELS; i++)
            t.val[i] = NAN;
        for (long i = 0; i < m->sets; i++)
            t.diff[i] = NAN;
        int r = csvr_read(path, on_set_row, &t, e);
        if (r > 0)
            rc = r == 2 ? oom(e) : err_set(e, OS_ERR_INPUT, path, 0, "",
                                           "not a sets.csv written by ownsim uncertainty");
        else if (r < 0)
            rc = -1;
    }
    csvw *w = rc == 0 ? csvw_open_in(dir, "uncertainty.csv", e) : NULL;
    if (rc == 0 && !w)
        rc = -1;
    if (rc == 0 && write_summary(&t, w, sum) < 0) {
        csvw_abort(w);
        rc = oom(e);
    } else if (rc == 0) {
        rc = csvw_commit(w, e);
    }
    if (sum && rc == 0) {
        sum->complete = true;
        snprintf(sum->model, sizeof sum->model, "%s", m->model);
        snprintf(sum->baseline, sizeof sum->baseline, "%s", m->baseline);
        snprintf(sum->metric, sizeof sum->metric, "%s", m->metric);
    }
    table_free(&t);
    return rc;
}

/* ---- unc_run ---- */

static int setup(unc *U, os_error *e)
{
    const unc_opts *o = U->o;
    const scenario *base = U->base;
    if (o->sets < 2 || o->sets > UNC_MAX_SETS)
        return err_set(e, OS_ERR_INPUT, "--sets", 0, "", "needs 2 to %d sets, not %d",
                       UNC_MAX_SETS, o->sets);
    if (metric_spec_parse(o->metric ? o->metric : "ttr_mean", base, "--metric", &U->met,
                          e) < 0 ||
        scn_model_lookup(base, o->model, "--model", &U->a, e) < 0)
        return -1;
    U->b = base->baseline;
    if (o->baseline && scn_model_lookup(base, o->baseline, "--baseline", &U->b, e) < 0)
        return -1;
    if (U->a == U->b)
        return err_set(e, OS_ERR_INPUT, "--model", 0, o->model,
                       "the model and the baseline are the same: give --baseline");
    if (metric_direction(U->met.m) == 0)
        return err_set(e, OS_ERR_INPUT, "--metric", 0, metric_name(U->met.m),
                       "has no better direction, so no model can beat another on it");
    return read_section(U, e);
}

int unc_run(const unc_opts *o, unc_summary *sum, os_error *e)
{
    memset(sum, 0, sizeof *sum);
    unc *U = calloc(1, sizeof *U);
    if (!U)
        return oom(e);
    U->o = o;
    U->base = run_base(o->run);
    manifest m = {.sets = o->sets, .shard_i = o->shard_i, .shard_n = o->shard_n};
    csvw *w = NULL;
    int rc = setup(U, e);
    if (rc == 0) {
        snprintf(m.model, sizeof m.model, "%s", U->base->model[U->a].name);
        snprintf(m.baseline, sizeof m.baseline, "%s", U->base->model[U->b].name);
        metric_spec_format(&U->met, U->base, m.metric, sizeof m.metric);
        m.direction = metric_direction(U->met.m);
        if (manifest_body(U, &m) < 0)
            rc = oom(e);
    }
    if (rc == 0 && o->prov && prov_add_scenario(o->prov, U->base, e) < 0)
        rc = -1;
    if (rc == 0 && !(w = csvw_open_in(o->out, "sets.csv", e)))
        rc = -1;
    if (rc == 0) {
        sets_header(U, w);
        rc = run_sets(U, w, e);
        if (rc == 0) {
            rc = csvw_commit(w, e);
            w = NULL;
        }
    }
    if (w)
        csvw_abort(w);
    if (rc == 0)
        rc = report_scenario(U->base, o->out, e);
    if (rc == 0)
        rc = write_manifest(o->out, &m, e);
    if (rc == 0 && o->shard_n == 1)
        rc = summarise(o->out, &m, sum, e);
    if (rc == 0 && o->shard_n > 1) {
        snprintf(sum->model, sizeof sum->model, "%s", m.model);
        snprintf(sum->baseline, sizeof sum->baseline, "%s", m.baseline);
        snprintf(sum->metric, sizeof sum->metric, "%s", m.metric);
    }
    free(m.body);
    free_keys(U);
    free(U);
    return rc;
}

/* ---- merge ---- */

bool unc_is_folder(const char *dir)
{
    char path[PATH_MAX];
    struct stat sb;
    return (size_t)snprintf(path, sizeof path, "%s/uncertainty.ini", dir) < sizeof path &&
           stat(path, &sb) == 0;
}

/* A whole file into a malloc'd NUL-terminated buffer; NULL with e. */
static char *slurp(const char *dir, const char *name, size_t *len, os_error *e)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        err_set(e, OS_ERR_INPUT, path, 0, "", "cannot read: %s", strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? 2 * cap : 8192;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                oom(e);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, 4096, f);
        n += got;
        if (got == 0)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        err_set(e, OS_ERR_INPUT, path, 0, "", "read error");
        return NULL;
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* A manifest without its shard and sets_csv lines (what shards share). */
static void shared_part(char *text)
{
    char *out = text;
    for (char *p = text; *p;) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
        if (strncmp(p, "shard = ", 8) && strncmp(p, "sets_csv = ", 11)) {
            memmove(out, p, n);
            out += n;
        }
        p += n;
    }
    *out = '\0';
}

/* The rows of one shard's sets.csv, kept as text. */
typedef struct rows {
    char *head;                /* the header line as written; owned */
    char **line;               /* every other line; owned */
    long *set;                 /* its set */
    long n, cap;
} rows;

/* Split a sets.csv (its text) into its header and rows, each row's set
 * from its first field.  The fields are ownsim's own (numbers and names, no
 * quotes: checked), so a line is a row. */
static int split_rows(char *text, rows *r, const char *dir, os_error *e)
{
    char *p = text;
    for (long ln = 1; *p; ln++) {
        char *nl = strchr(p, '\n');
        if (!nl)
            return err_set(e, OS_ERR_INPUT, dir, 0, "sets.csv", "line %ld is cut short", ln);
        *nl = '\0';
        if (nl > p && nl[-1] == '\r')   /* csvw ends records with CRLF */
            nl[-1] = '\0';
        if (strchr(p, '"'))
            return err_set(e, OS_ERR_INPUT, dir, 0, "sets.csv",
                           "line %ld is not as ownsim writes it", ln);
        if (ln == 1) {
            r->head = p;
        } else {
            if (r->n == r->cap) {
                r->cap = r->cap ? 2 * r->cap : 256;
                char **nl2 = realloc(r->line, (size_t)r->cap * sizeof *nl2);
                long *ns = realloc(r->set, (size_t)r->cap * sizeof *ns);
                if (nl2)
                    r->line = nl2;
                if (ns)
                    r->set = ns;
                if (!nl2 || !ns)
                    return oom(e);
            }
            r->line[r->n] = p;
            r->set[r->n++] = atol(p);
        }
        p = nl + 1;
    }
    return 0;
}

/* Every check of the shards before anything is written: manifests that
 * agree but for the shard, shards 1..N once each, sets.csv matching its
 * checksum and holding only the shard's sets, the same header and base
 * scenario.  texts[i]: shard i's sets.csv, split into r[i]. */
static int check_shards(const char *const *dirs, int n, manifest *ms, char **texts, rows *r,
                        char **scen, os_error *e)
{
    char *shared0 = NULL;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        char path[PATH_MAX], hex[65];
        snprintf(path, sizeof path, "%s/uncertainty.ini", dirs[i]);
        memset(&ms[i], 0, sizeof ms[i]);
        if (inifile_read_path(path, &manifest_ops, &ms[i], e) < 0)
            return -1;
        char *man = slurp(dirs[i], "uncertainty.ini", NULL, e);
        if (!man)
            return -1;
        shared_part(man);
        if (i == 0)
            shared0 = man;
        else if (strcmp(man, shared0))
            rc = err_set(e, OS_ERR_INPUT, path, 0, "", "another analysis than %s "
                         "(scenario seed, sets, models, metric or [uncertainty] differ)",
                         dirs[0]);
        if (i)
            free(man);
        if (rc == 0 && (ms[i].sets < 2 || ms[i].sets > UNC_MAX_SETS))
            rc = err_set(e, OS_ERR_INPUT, path, 0, "sets", "%ld sets: not a manifest written "
                         "by ownsim uncertainty", ms[i].sets);
        if (rc == 0 && (ms[i].shard_n != n || ms[i].shard_i < 1 || ms[i].shard_i > n))
            rc = err_set(e, OS_ERR_INPUT, path, 0, "shard",
                         "shard %d/%d, but %d folders were given", ms[i].shard_i,
                         ms[i].shard_n, n);
        for (int j = 0; rc == 0 && j < i; j++)
            if (ms[j].shard_i == ms[i].shard_i)
                rc = err_set(e, OS_ERR_INPUT, path, 0, "shard", "shard %d/%d given twice",
                             ms[i].shard_i, n);
        snprintf(path, sizeof path, "%s/sets.csv", dirs[i]);
        if (rc == 0 && prov_sha256_file(path, hex) < 0)
            rc = err_set(e, OS_ERR_INPUT, path, 0, "", "cannot read: %s", strerror(errno));
        char want[80];
        snprintf(want, sizeof want, "sha256:%s", hex);
        if (rc == 0 && strcmp(want, ms[i].sum))
            rc = err_set(e, OS_ERR_INPUT, path, 0, "",
                         "does not match the checksum of its uncertainty.ini: edited or "
                         "damaged after it was written");
        if (rc == 0 && !(texts[i] = slurp(dirs[i], "sets.csv", NULL, e)))
            rc = -1;
        if (rc == 0)
            rc = split_rows(texts[i], &r[i], dirs[i], e);
        if (rc == 0 && i && strcmp(r[i].head, r[0].head))
            rc = err_set(e, OS_ERR_INPUT, path, 1, "", "a header unlike %s's", dirs[0]);
        for (long k = 0; rc == 0 && k < r[i].n; k++)
            if (r[i].set[k] < 0 || r[i].set[k] >= ms[i].sets ||
                !grid_in_shard((uint64_t)r[i].set[k], ms[i].shard_i, n) ||
                (k && r[i].set[k] < r[i].set[k - 1]))
                rc = err_set(e, OS_ERR_INPUT, path, (int)k + 2, "set",
                             "set %ld does not belong to shard %d/%d here", r[i].set[k],
                             ms[i].shard_i, n);
        if (rc == 0 && !(scen[i] = slurp(dirs[i], "scenario.ini", NULL, e)))
            rc = -1;
        if (rc == 0 && i && strcmp(scen[i], scen[0]))
            rc = err_set(e, OS_ERR_INPUT, dirs[i], 0, "scenario.ini",
                         "another base scenario than %s's", dirs[0]);
    }
    /* every set present */
    for (int i = 0; rc == 0 && i < n; i++) {
        long expect = 0;
        for (long s = 0; s < ms[i].sets; s++)
            expect += grid_in_shard((uint64_t)s, ms[i].shard_i, n);
        long seen = 0;
        for (long k = 0; k < r[i].n; k++)
            seen += !k || r[i].set[k] != r[i].set[k - 1];
        if (seen != expect)
            rc = err_set(e, OS_ERR_INPUT, dirs[i], 0, "sets.csv",
                         "holds %ld sets, shard %d/%d has %ld", seen, ms[i].shard_i, n, expect);
    }
    free(shared0);
    return rc;
}

/* The merged sets.csv (in set order) and scenario.ini into into. */
static int write_merged(const char *into, int n, const manifest *ms, rows *r,
                        const char *scen, os_error *e)
{
    csvw *w = csvw_open_in(into, "sets.csv", e);
    if (!w)
        return -1;
    FILE *f = csvw_stream(w);
    fprintf(f, "%s\r\n", r[0].head);
    long *pos = calloc((size_t)n, sizeof *pos);
    if (!pos) {
        csvw_abort(w);
        return oom(e);
    }
    for (long s = 0; s < ms[0].sets; s++)
        for (int i = 0; i < n; i++)
            while (pos[i] < r[i].n && r[i].set[pos[i]] == s)
                fprintf(f, "%s\r\n", r[i].line[pos[i]++]);
    free(pos);
    if (csvw_commit(w, e) < 0)
        return -1;
    if (!(w = csvw_open_in(into, "scenario.ini", e)))
        return -1;
    fputs(scen, csvw_stream(w));
    return csvw_commit(w, e);
}

int unc_merge(const char *const *dirs, int n, const char *out, const char *into,
              prov *pv, unc_summary *sum, os_error *e)
{
    memset(sum, 0, sizeof *sum);
    manifest *ms = calloc((size_t)n, sizeof *ms);
    char **texts = calloc((size_t)n, sizeof *texts);
    char **scen = calloc((size_t)n, sizeof *scen);
    rows *r = calloc((size_t)n, sizeof *r);
    int rc = 0;
    if (!ms || !texts || !scen || !r)
        rc = oom(e);
    /* the merged folder replaces out: never one of the shards */
    char ro[PATH_MAX], rd[PATH_MAX];
    for (int i = 0; rc == 0 && i < n; i++)
        if (realpath(out, ro) && realpath(dirs[i], rd) && !strcmp(ro, rd))
            rc = err_set(e, OS_ERR_INPUT, "-o", 0, out, "is the shard folder %s: merge into "
                         "another folder", dirs[i]);
    if (rc == 0)
        rc = check_shards(dirs, n, ms, texts, r, scen, e);
    char *body = NULL;
    if (rc == 0) {
        /* the shared lines of the manifest, from the first shard, in order */
        char *man = slurp(dirs[0], "uncertainty.ini", NULL, e);
        if (!man) {
            rc = -1;
        } else {
            shared_part(man);
            /* drop the comment line and the [manifest] header: the writer adds them */
            char *p = strstr(man, "[manifest]\n");
            body = p ? strdup(p + 11) : NULL;
            free(man);
            if (!body)
                rc = err_set(e, OS_ERR_INPUT, dirs[0], 0, "uncertainty.ini", "no [manifest]");
        }
    }
    if (rc == 0)
        rc = write_merged(into, n, ms, r, scen[0], e);
    if (rc == 0) {
        manifest m = ms[0];
        m.shard_i = m.shard_n = 1;
        m.body = body;
        rc = write_manifest(into, &m, e);
        if (rc == 0)
            rc = summarise(into, &m, sum, e);
    }
    if (rc == 0 && pv) {
        /* the files the shards read: the first shard's provenance */
        prov_file pf;
        if (prov_read(dirs[0], &pf, e) < 0) {
            rc = -1;
        } else {
            for (size_t i = 0; rc == 0 && i < pf.n; i++)
                rc = prov_add_hashed(pv, pf.path[i], pf.sha256[i], e);
            prov_file_free(&pf);
        }
    }
    free(body);
    for (int i = 0; ms && texts && scen && r && i < n; i++) {
        free(texts[i]);
        free(scen[i]);
        free(r[i].line);
        free(r[i].set);
    }
    free(ms);
    free(texts);
    free(scen);
    free(r);
    return rc;
}

void unc_print(const unc_summary *s, const char *dir, FILE *f)
{
    if (!s->complete) {
        fprintf(f, "uncertainty: one shard written to %s/ (join the shards with ownsim merge "
                   "to get uncertainty.csv)\n", dir);
        return;
    }
    fprintf(f, "uncertainty: %s beats %s on %s in %d of %d sets: P = %.3f (95%% CI %.3f to "
               "%.3f); %s minus %s: p5 %.4g, median %.4g, p95 %.4g\n",
            s->model, s->baseline, s->metric, s->wins, s->sets, s->p, s->p_lo, s->p_hi,
            s->model, s->baseline, s->diff_p5, s->diff_p50, s->diff_p95);
    fprintf(f, "Results in %s/uncertainty.csv and %s/sets.csv\n", dir, dir);
}
