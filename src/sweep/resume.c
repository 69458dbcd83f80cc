/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * resume.c — a shard folder's own record of its sweep, for `sweep --resume
 * DIR` (see sweep.h).
 *
 * What a folder records, and where:
 *  - provenance.ini [run] command: the argv of the sweep, every word as it
 *    was typed, quoted by provenance.c's one rule: a word of plain
 *    characters (letters, digits, _./=:,+@%-) as it is, any other word as
 *    bash's $'...' with every byte outside printable ASCII, the quote, the
 *    backslash and ';' written \xHH (and nothing else escaped), words
 *    separated by one blank.  That rule is reversed here exactly: a word is
 *    plain characters up to a blank, or $' then bytes other than the quote
 *    and backslash, or \xHH escapes, then the closing quote.  Anything else
 *    (e.g. "(cannot be written in INI: too long)") is refused, naming the
 *    key.  The command holds every option that shapes the output (the
 *    scenario path, --vary, --set and the options mapped to keys, --shard,
 *    --zero-based, --metric, --all-metrics, --precision, --max-reps,
 *    --models); nothing else needs recording;
 *  - provenance.ini [inputs]: each file read, with its SHA-256: each must
 *    still hash the same (relative paths from the current folder, as the
 *    sweep read them), or the rerun would not match the other shards;
 *  - sweep.ini [sweep]: seed, points, shard I/N, axes and vary1..: the
 *    sweep rebuilt from the command must have exactly these
 *    (sweep_resume_check), so a command and a manifest that disagree (an
 *    edited file) are refused rather than trusted one over the other.
 * Everything is checked before the caller writes anything.  The checksum
 * line of sweep.ini is not needed: sweep.csv is written again.
 */
#include "ownsim/sweep.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/inifile.h"
#include "ownsim/number.h"
#include "ownsim/provenance.h"

struct sweep_resume {
    char *command;              /* [run] command as written; owned, NULL = absent */
    char **argv;                /* command decoded, argc words, NULL-ended; owned */
    int argc;                   /* words of argv */
    char **path, **sha;         /* [inputs] pathN, sha256_N at N-1, ninputs each;
                                   owned, NULL = absent */
    long long ninputs;          /* [inputs] count, -1 = absent */
    char *seed;                 /* [sweep] seed; owned, NULL = absent */
    char *points;               /* [sweep] points; owned, NULL = absent */
    char *shard;                /* [sweep] shard "I/N"; owned, NULL = absent */
    char *axes;                 /* [sweep] axes; owned, NULL = absent */
    char *vary[GRID_MAX_AXES];  /* [sweep] vary1..; owned, NULL = absent */
    bool oom;                   /* out of memory while reading */
    bool bad_index;             /* a pathN, sha256_N or varyN past its limit */
    char bad_key[64];           /* that key */
    char man_path[1200];        /* DIR/sweep.ini, for messages */
};

static void keep(sweep_resume *r, char **slot, const char *value)
{
    free(*slot);
    if (!(*slot = strdup(value)))
        r->oom = true;
}

/* The N of "prefixN", 1..max, or 0. */
static long long index_of(const char *key, const char *prefix, long long max)
{
    size_t n = strlen(prefix);
    long long i;
    if (strncmp(key, prefix, n) || !key[n] ||
        num_parse_int(key + n, strlen(key + n), &i) != NUM_OK || i < 1 || i > max)
        return 0;
    return i;
}

/* The input arrays grown to hold count entries. */
static int inputs_alloc(sweep_resume *r, long long count)
{
    r->path = calloc((size_t)count + 1, sizeof *r->path);
    r->sha = calloc((size_t)count + 1, sizeof *r->sha);
    if (!r->path || !r->sha)
        r->oom = true;
    return r->oom ? -1 : 0;
}

static int on_prov(void *ctx, const char *sec, const char *key, const char *value, int line)
{
    (void)line;
    sweep_resume *r = ctx;
    long long i;
    if (!strcmp(sec, "run") && !strcmp(key, "command")) {
        keep(r, &r->command, value);
    } else if (!strcmp(sec, "inputs") && !strcmp(key, "count")) {
        if (r->ninputs < 0 && num_parse_int(value, strlen(value), &i) == NUM_OK && i >= 0 &&
            i <= 100000 && inputs_alloc(r, i) == 0)
            r->ninputs = i;
    } else if (!strcmp(sec, "inputs") && r->ninputs >= 0 &&
               ((i = index_of(key, "path", r->ninputs)) ||
                (i = index_of(key, "sha256_", r->ninputs)))) {
        keep(r, key[0] == 'p' ? &r->path[i - 1] : &r->sha[i - 1], value);
    }
    return r->oom ? -1 : 0;
}

static int on_manifest(void *ctx, const char *sec, const char *key, const char *value,
                       int line)
{
    (void)line;
    sweep_resume *r = ctx;
    if (strcmp(sec, "sweep"))
        return 0;
    long long i;
    if (!strcmp(key, "seed"))
        keep(r, &r->seed, value);
    else if (!strcmp(key, "points"))
        keep(r, &r->points, value);
    else if (!strcmp(key, "shard"))
        keep(r, &r->shard, value);
    else if (!strcmp(key, "axes"))
        keep(r, &r->axes, value);
    else if ((i = index_of(key, "vary", GRID_MAX_AXES)))
        keep(r, &r->vary[i - 1], value);
    else if (!strncmp(key, "vary", 4) && !r->bad_index) {
        r->bad_index = true;
        snprintf(r->bad_key, sizeof r->bad_key, "%s", key);
    }
    return r->oom ? -1 : 0;
}

/* r->command decoded into r->argv (prov_command_split: the inverse of
 * provenance.c's quoting).  0, or -1 (malformed; r->oom when out of
 * memory). */
static int decode_command(sweep_resume *r)
{
    size_t cap = strlen(r->command) / 2 + 2;   /* every word takes two bytes at least */
    if (!(r->argv = calloc(cap, sizeof *r->argv))) {
        r->oom = true;
        return -1;
    }
    int rc = prov_command_split(r->command, r->argv, (int)cap, &r->argc);
    if (rc == -2)
        r->oom = true;
    return rc == 0 && r->argc >= 2 ? 0 : -1;
}

static int read_ini(const char *dir, const char *name, const inifile_ops *ops, void *ctx,
                    char *path, size_t n, os_error *e)
{
    snprintf(path, n, "%s/%s", dir, name);
    return inifile_read_path(path, ops, ctx, e);
}

/* Every key the rerun needs is there; the command is a sweep. */
static int check_keys(sweep_resume *r, const char *prov_path, const char *man_path,
                      os_error *e)
{
    const char *incomplete = "the manifest is incomplete: rerun this shard with the "
                             "whole sweep command instead";
    if (!r->command)
        return err_set(e, OS_ERR_INPUT, prov_path, 0, "command", "missing: %s", incomplete);
    if (decode_command(r) < 0)
        return r->oom ? err_set(e, OS_ERR_ENV, prov_path, 0, "", "out of memory")
                      : err_set(e, OS_ERR_INPUT, prov_path, 0, "command",
                                "cannot be read back as a command (too long, or edited): %s",
                                incomplete);
    if (strcmp(r->argv[1], "sweep"))
        return err_set(e, OS_ERR_INPUT, prov_path, 0, "command",
                       "records `%s`, not a sweep: only a sweep's shard can be resumed",
                       r->argv[1]);
    if (r->ninputs < 0)
        return err_set(e, OS_ERR_INPUT, prov_path, 0, "count",
                       "missing in [inputs]: %s", incomplete);
    for (long long i = 0; i < r->ninputs; i++) {
        char key[32];
        if (!r->path[i] || !r->sha[i]) {
            snprintf(key, sizeof key, "%s%lld", r->path[i] ? "sha256_" : "path", i + 1);
            return err_set(e, OS_ERR_INPUT, prov_path, 0, key, "missing in [inputs]: %s",
                           incomplete);
        }
    }
    const char *need[] = {"seed", "points", "shard", "axes"};
    char *have[] = {r->seed, r->points, r->shard, r->axes};
    for (int k = 0; k < 4; k++)
        if (!have[k])
            return err_set(e, OS_ERR_INPUT, man_path, 0, need[k], "missing in [sweep]: %s",
                           incomplete);
    if (r->bad_index)
        return err_set(e, OS_ERR_INPUT, man_path, 0, r->bad_key, "not a vary line 1..%d",
                       GRID_MAX_AXES);
    return 0;
}

/* Every input hashes as recorded. */
static int check_inputs(const sweep_resume *r, const char *prov_path, os_error *e)
{
    for (long long i = 0; i < r->ninputs; i++) {
        char key[32], hex[65];
        snprintf(key, sizeof key, "sha256_%lld", i + 1);
        size_t n = strlen(r->sha[i]);
        if (n != 64 || strspn(r->sha[i], "0123456789abcdef") != n)
            return err_set(e, OS_ERR_INPUT, prov_path, 0, key,
                           "%s was not a file that can be read again (%s): this shard "
                           "cannot be resumed", r->path[i], r->sha[i]);
        if (prov_sha256_file(r->path[i], hex) < 0)
            return err_set(e, OS_ERR_INPUT, prov_path, 0, key,
                           "%s cannot be read (from this folder: resume from the folder "
                           "the sweep ran in)", r->path[i]);
        if (strcmp(hex, r->sha[i]))
            return err_set(e, OS_ERR_INPUT, prov_path, 0, key,
                           "%s changed since the sweep ran (SHA-256 now %.12s..., recorded "
                           "%.12s...): a rerun would not match the other shards", r->path[i],
                           hex, r->sha[i]);
    }
    return 0;
}

sweep_resume *sweep_resume_open(const char *dir, os_error *e)
{
    sweep_resume *r = calloc(1, sizeof *r);
    if (!r) {
        err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
        return NULL;
    }
    r->ninputs = -1;
    char prov_path[1200], *man_path = r->man_path;
    static const inifile_ops prov_ops = {NULL, on_prov}, man_ops = {NULL, on_manifest};
    int rc = read_ini(dir, "provenance.ini", &prov_ops, r, prov_path, sizeof prov_path, e);
    if (rc == 0)
        rc = read_ini(dir, "sweep.ini", &man_ops, r, man_path, sizeof r->man_path, e);
    if (rc < 0 && r->oom)
        err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    if (rc == 0)
        rc = check_keys(r, prov_path, man_path, e);
    if (rc == 0)
        rc = check_inputs(r, prov_path, e);
    if (rc < 0) {
        sweep_resume_free(r);
        return NULL;
    }
    return r;
}

void sweep_resume_free(sweep_resume *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->argc; i++)
        free(r->argv[i]);
    free(r->argv);
    for (long long i = 0; r->path && i < r->ninputs; i++) {
        free(r->path[i]);
        free(r->sha[i]);
    }
    free(r->path);
    free(r->sha);
    free(r->command);
    free(r->seed);
    free(r->points);
    free(r->shard);
    free(r->axes);
    for (int a = 0; a < GRID_MAX_AXES; a++)
        free(r->vary[a]);
    free(r);
}

char *const *sweep_resume_argv(const sweep_resume *r, int *argc)
{
    *argc = r->argc;
    return r->argv;
}

int sweep_resume_check(const sweep_resume *r, const grid *g, int shard_i, int shard_n,
                       unsigned long long seed, os_error *e)
{
    /* compared as the manifest writes them (sweep.c), so the test is exact */
    char want[64];
    const char *key = NULL, *have = NULL;
    snprintf(want, sizeof want, "%llu", seed);
    if (strcmp(r->seed, want)) {
        key = "seed";
        have = r->seed;
    }
    if (!key && (snprintf(want, sizeof want, "%llu", (unsigned long long)g->npoints),
                 strcmp(r->points, want))) {
        key = "points";
        have = r->points;
    }
    if (!key && (snprintf(want, sizeof want, "%d/%d", shard_i, shard_n),
                 strcmp(r->shard, want))) {
        key = "shard";
        have = r->shard;
    }
    if (!key && (snprintf(want, sizeof want, "%d", g->naxis), strcmp(r->axes, want))) {
        key = "axes";
        have = r->axes;
    }
    char vkey[16];
    for (int a = 0; !key && a < GRID_MAX_AXES; a++) {
        const char *spec = a < g->naxis ? g->axis[a].spec : NULL;
        if (!spec && !r->vary[a])
            continue;
        if (!spec || !r->vary[a] || strcmp(spec, r->vary[a])) {
            snprintf(vkey, sizeof vkey, "vary%d", a + 1);
            key = vkey;
            have = r->vary[a] ? r->vary[a] : "(none)";
            snprintf(want, sizeof want, "%.60s", spec ? spec : "(none)");
        }
    }
    if (!key)
        return 0;
    char q[ERR_QUOTE_SIZE];
    return err_set(e, OS_ERR_INPUT, r->man_path, 0, key,
                   "%s, but the command in provenance.ini makes %s: the manifest and the "
                   "command disagree (edited?); rerun this shard with the whole sweep command",
                   err_quote(q, sizeof q, have), want);
}
