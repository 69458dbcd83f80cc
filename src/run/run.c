/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * run.c — the run assembly (see run.h): one reading of the scenario, the
 * outage lists and the counting rules, for every scenario a command runs.
 *
 * Design.  The assembly holds the scenario source (scn_source: the files'
 * text and the values read from files), a copy of the base overrides, the
 * resolved base, and the outage lists read so far, each once, keyed by the
 * absolute path simulation.outages resolves to.  A point is the source
 * resolved with the base overrides followed by the point's: resolving text,
 * never patching a resolved struct, is what makes a point's override behave
 * exactly like --set (defaults derived from the key follow it).  The
 * counting rules live in count() alone; the CLI neither reads a list nor
 * touches a scenario.
 *
 * An override of party.P.staff that a model's own staff list shadows
 * (scn_shadowed) is told through run_opts.warn once per key, from the base
 * or from the first point that gives it: every command that derives its
 * scenarios here warns alike.
 *
 * Invariants:
 *   - every scenario handed out (run_base, run_derive) has been counted: with
 *     a list, its incidents are the outages each replication replays, its
 *     resampled flag says whether replications 1.. draw weeks (resampled(),
 *     from simulation.resample and reps), and its warm-up is 0 unless given
 *     (an override, or the files of a scenario that names its list) and
 *     smaller than its incidents;
 *   - a list is read once, up to `limit` rows (all of it when the base
 *     resamples: every week is drawn from), with its week index
 *     (outlist_index), and never changes after: the
 *     pointer run_list gives stays valid and equal for every scenario naming
 *     the same file, so callers may batch the points that share it;
 *   - a list's categories and severities are resolved against the first
 *     scenario that named it; overrides cannot add, remove or reorder
 *     sections, so the indices hold for every point.
 */
#include "ownsim/run.h"
#include "ownsim/calendar.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One outage list read, by the path simulation.outages resolved to. */
typedef struct listed {
    char *path;               /* absolute (as the key stores it); owned */
    outage_list list;         /* the rows read; owned */
} listed;

struct run_asm {
    scn_source *src;          /* the scenario text and what it read; owned */
    scn_override *ov;         /* base overrides, then room for a point's; owned */
    int nov;                  /* base overrides */
    int capov;                /* entries of ov */
    char *ovtext;             /* the base overrides' strings, packed; owned */
    bool incidents_given;     /* run_opts.incidents_given */
    bool warmup_given;        /* a base override sets simulation.warmup (--warmup, --set) */
    bool file_warmup;         /* the scenario's files set simulation.warmup and name an
                                 outage list themselves: that warm-up is the list's */
    long limit;               /* rows read of a list: -n's count, 0 = all */
    void (*warn)(void *ctx, const char *msg); /* run_opts.warn */
    void *warn_ctx;           /* run_opts.warn_ctx */
    char *models;             /* run_opts.models, NULL = all; owned */
    char **warned;            /* keys whose shadowing was told, once each; owned */
    int nwarned;
    scenario *base;           /* resolved and counted; owned */
    listed **lists;           /* the lists read, each allocated once (stable); owned */
    int nlists;
};

static const listed *find_list(const run_asm *r, const char *path)
{
    for (int i = 0; i < r->nlists; i++)
        if (!strcmp(r->lists[i]->path, path))
            return r->lists[i];
    return NULL;
}

/* The list s names, read now if no scenario named it before.  NULL with e
 * set on failure. */
static const listed *get_list(run_asm *r, const scenario *s, os_error *e)
{
    const listed *have = find_list(r, s->outages);
    if (have)
        return have;
    listed **v = realloc(r->lists, (size_t)(r->nlists + 1) * sizeof *v);
    if (!v) {
        err_set(e, OS_ERR_ENV, s->outages, 0, "", "out of memory");
        return NULL;
    }
    r->lists = v;
    listed *l = calloc(1, sizeof *l);
    if (!l || !(l->path = strdup(s->outages))) {
        free(l);
        err_set(e, OS_ERR_ENV, s->outages, 0, "", "out of memory");
        return NULL;
    }
    if (outlist_read(s, s->outages, r->limit, &l->list, e) < 0) {
        free(l->path);
        free(l);
        return NULL;
    }
    r->lists[r->nlists++] = l;
    return l;
}

/* Is s's list resampled by weeks (simulation.resample, empty = weeks when
 * reps > 1)?  Only meaningful when s names a list. */
static bool resampled(const scenario *s)
{
    return s->resample == SCN_RESAMPLE_WEEKS ||
           (s->resample == SCN_RESAMPLE_AUTO && s->reps > 1);
}

/* The counting rules (run.h), the one place they are applied.  explicit:
 * the incident count was given (-n, or the point's own override); warm:
 * the warm-up was (an override, or the files of a scenario that names its
 * list).  0, or -1 with e set. */
static int count(run_asm *r, scenario *s, bool explicit, bool warm, os_error *e)
{
    s->resampled = 0;
    if (!s->outages[0])
        return 0;
    const listed *l = get_list(r, s, e);
    if (!l)
        return -1;
    s->resampled = resampled(s);
    /* replay the whole list unless the count was given; more than it
     * holds only by resampling: as is, a list is not repeated or extended */
    if (!explicit)
        s->incidents = (long)l->list.n;
    else if ((size_t)s->incidents > l->list.n && !s->resampled)
        return err_set(e, OS_ERR_INPUT, s->outages, 0, "simulation.incidents",
                       "%ld outages asked for (-n or simulation.incidents), but the list "
                       "holds %zu: replayed as is (simulation.resample = none, or one "
                       "replication) a list is not repeated or extended; ask for %zu or "
                       "fewer, or resample it by weeks (--resample weeks)", s->incidents,
                       l->list.n, l->list.n);
    /* real tickets are no cold start: no warm-up unless one is given */
    if (!warm)
        s->warmup = 0;
    if (s->warmup >= s->incidents)
        return err_set(e, OS_ERR_INPUT, scn_source_path(r->src), 0, "simulation.warmup",
                       "%ld is not smaller than the %ld outages replayed", s->warmup,
                       s->incidents);
    return 0;
}

/* Does ov[0..nov) set key? */
static bool overrides(const scn_override *ov, int nov, const char *key)
{
    for (int i = 0; i < nov; i++)
        if (!strcmp(ov[i].key, key))
            return true;
    return false;
}

/* scn_source_entries of [simulation]: which of warmup and outages the
 * scenario's files set (bit 1, bit 2). */
static int sim_entry(void *ctx, const char *key, const char *value, const char *file,
                     int line)
{
    (void)value, (void)file, (void)line;
    int *set = ctx;
    *set |= !strcmp(key, "warmup") ? 1 : !strcmp(key, "outages") ? 2 : 0;
    return 0;
}

/* Tell r->warn of each key of ov[0..nov) that s shadows (scn_shadowed),
 * once per key over the assembly's life.  Out of memory only loses the
 * "once": the warning is told again. */
static void tell_shadowed(run_asm *r, const scenario *s, const scn_override *ov, int nov)
{
    char msg[2048];
    for (int i = 0; r->warn && i < nov; i++) {
        bool told = false;
        for (int j = 0; j < r->nwarned && !told; j++)
            told = !strcmp(r->warned[j], ov[i].key);
        if (told || !scn_shadowed(s, ov[i].key, msg, sizeof msg))
            continue;
        r->warn(r->warn_ctx, msg);
        char **v = realloc(r->warned, (size_t)(r->nwarned + 1) * sizeof *v);
        if (v) {
            r->warned = v;
            if ((v[r->nwarned] = strdup(ov[i].key)))
                r->nwarned++;
        }
    }
}

/* The models chosen (run_opts.models), after the counting rules: the
 * outage list does not depend on the models.  0, or -1 with e set. */
static int choose(const run_asm *r, scenario *s, os_error *e)
{
    return r->models ? scn_keep_models(s, r->models, "--models", e) : 0;
}

/* Copy the base overrides, strings included, so the caller's may go. */
static int keep_overrides(run_asm *r, const scn_override *ov, int nov)
{
    size_t len = 0;
    for (int i = 0; i < nov; i++)
        len += strlen(ov[i].key) + strlen(ov[i].value) + 2 +
               (ov[i].origin ? strlen(ov[i].origin) + 1 : 0);
    r->capov = nov + 16;
    r->ov = malloc((size_t)r->capov * sizeof *r->ov);
    r->ovtext = malloc(len + 1);
    if (!r->ov || !r->ovtext)
        return -1;
    char *p = r->ovtext;
    for (int i = 0; i < nov; i++) {
        const char *parts[3] = {ov[i].key, ov[i].value, ov[i].origin};
        const char *copy[3] = {NULL, NULL, NULL};
        for (int k = 0; k < 3; k++) {
            if (!parts[k])
                continue;
            size_t n = strlen(parts[k]) + 1;
            memcpy(p, parts[k], n);
            copy[k] = p;
            p += n;
        }
        r->ov[i] = (scn_override){copy[0], copy[1], copy[2]};
    }
    r->nov = nov;
    return 0;
}

/* A run past the end of its holiday data (holidays_file events that end:
 * dated ones, or rules with an end) treats later holidays as working days:
 * told once.  The span is a replication's expected one, incidents /
 * per_week weeks from simulation.start; with an outage list, its own
 * dates are the user's and are not checked. */
static void tell_holiday_end(run_asm *r, const scenario *s)
{
    if (!r->warn || s->holiday_end == LONG_MAX || s->outages[0])
        return;
    double days = (double)s->incidents / s->per_week * 7;
    long end = s->start_day + (long)ceil(days);
    if (end <= s->holiday_end)
        return;
    char to[32], last[32], msg[512];
    cal_format_date(end, to, sizeof to);
    cal_format_date(s->holiday_end, last, sizeof last);
    snprintf(msg, sizeof msg,
             "simulation.incidents = %ld at arrivals.per_week = %g spans about %.0f days, to "
             "%s, past the end of the holiday data (%s, the last holiday a holidays_file "
             "gives): holidays after it are working days", s->incidents, s->per_week, days,
             to, last);
    r->warn(r->warn_ctx, msg);
}

run_asm *run_open(const char *path, const scn_override *ov, int nov, const run_opts *o,
                  os_error *e)
{
    run_asm *r = calloc(1, sizeof *r);
    if (!r) {
        err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
        return NULL;
    }
    r->incidents_given = o && o->incidents_given;
    r->warn = o ? o->warn : NULL;
    r->warn_ctx = o ? o->warn_ctx : NULL;
    if (keep_overrides(r, ov, nov) < 0 ||
        (o && o->models && !(r->models = strdup(o->models)))) {
        err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
        goto fail;
    }
    if (!(r->src = scn_read(path, e)))
        goto fail;
    /* the files' own entries, before any override joins them */
    int set = 0;
    scn_source_entries(r->src, "simulation", sim_entry, &set);
    r->file_warmup = set == 3;
    r->warmup_given = overrides(r->ov, r->nov, "simulation.warmup");
    if (!(r->base = scn_resolve(r->src, r->ov, r->nov, e)))
        goto fail;
    /* -n N bounds what is read of a list as is: an endless pipe ends; a
     * resampled list is read whole, its weeks are all drawn from */
    r->limit = r->incidents_given && !resampled(r->base) ? r->base->incidents : 0;
    if (count(r, r->base, r->incidents_given, r->warmup_given || r->file_warmup, e) < 0 ||
        choose(r, r->base, e) < 0)
        goto fail;
    tell_shadowed(r, r->base, r->ov, r->nov);
    tell_holiday_end(r, r->base);
    return r;
fail:
    run_close(r);
    return NULL;
}

void run_close(run_asm *r)
{
    if (!r)
        return;
    scn_destroy(r->base);
    scn_source_free(r->src);
    for (int i = 0; i < r->nlists; i++) {
        outlist_free(&r->lists[i]->list);
        free(r->lists[i]->path);
        free(r->lists[i]);
    }
    free(r->lists);
    for (int i = 0; i < r->nwarned; i++)
        free(r->warned[i]);
    free(r->warned);
    free(r->ov);
    free(r->ovtext);
    free(r->models);
    free(r);
}

const scenario *run_base(const run_asm *r)
{
    return r->base;
}

scenario *run_derive(run_asm *r, const scn_override *ov, int nov, os_error *e)
{
    if (r->nov + nov > r->capov) {
        scn_override *v = realloc(r->ov, (size_t)(r->nov + nov) * sizeof *v);
        if (!v) {
            err_set(e, OS_ERR_ENV, scn_source_path(r->src), 0, "", "out of memory");
            return NULL;
        }
        r->ov = v;
        r->capov = r->nov + nov;
    }
    bool explicit = r->incidents_given || overrides(ov, nov, "simulation.incidents");
    bool warm = r->warmup_given || r->file_warmup || overrides(ov, nov, "simulation.warmup");
    for (int i = 0; i < nov; i++)
        r->ov[r->nov + i] = ov[i];
    scenario *s = scn_resolve(r->src, r->ov, r->nov + nov, e);
    if (s && (count(r, s, explicit, warm, e) < 0 || choose(r, s, e) < 0)) {
        scn_destroy(s);
        s = NULL;
    }
    if (s)
        tell_shadowed(r, s, ov, nov);
    return s;
}

const outage_list *run_list(const run_asm *r, const scenario *s)
{
    if (!s->outages[0])
        return NULL;
    const listed *l = find_list(r, s->outages);
    return l ? &l->list : NULL;
}

const scn_source *run_source(const run_asm *r)
{
    return r->src;
}
