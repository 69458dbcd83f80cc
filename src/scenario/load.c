/*
 * load.c — reading a scenario: libinih, then --set overrides, then the key
 * table, then cross-checks.
 *
 * Three passes, so that a reference never depends on the order of sections:
 *   1. libinih reads the file into a flat list of entries (section, key,
 *      value, line) through our line reader, which sees every byte first:
 *      it refuses NUL bytes, CR-only line endings and over-long lines,
 *      counts lines, and finds section headers at full length (so empty and
 *      duplicated sections are seen, and names are never cut);
 *   2. overrides replace or add entries (their origin is "--set");
 *   3. sections are numbered, every key gets its default, then every entry is
 *      parsed through the key table, and the whole is validated.
 * Every error names the file (or --set), the line and the key.
 *
 * Pass 1 is scn_read: its result, the source, is kept as read.  Passes 2
 * and 3 are scn_resolve, which works on a copy of the source's sections and
 * entries, so one source gives any number of scenarios (the points of a
 * sweep) and each is exactly what scn_load with the same overrides gives.
 * The only values that depend on more than their text are those read from
 * or checked against a file (empirical distributions, paths); the source
 * caches them by (key type, text, folder) the first time they parse, so a
 * file is read once per source and a later resolution reads nothing.
 * Invariant: an entry's file pointer is either one of the source's interned
 * paths or an override's origin, both alive for the whole resolution.
 */
#include "keys.h"
#include "ownsim/inifile.h"
#include "ownsim/scenario.h"
#include "ownsim/suggest.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Origin of overrides; compared by address. */
static const char ORIGIN_SET[] = "--set";

typedef struct entry {
    char *section;        /* "party.msp"; owned */
    char *key;            /* "staff"; owned */
    char *value;          /* text as written; owned */
    const char *file;     /* path, or the override's origin (not owned) */
    int line;             /* line in file, 0 for an override */
    bool cli;             /* from the command line: paths are relative to cwd */
} entry;

typedef struct section {
    char *name;           /* "party.msp"; owned */
    const char *file;     /* file of its header, or an override's origin (not owned) */
    int line;             /* line of its header, 0 when created by --set */
    sec_kind kind;        /* which kind */
    int idx;              /* index among its kind */
} section;

#define MAX_INCLUDE_DEPTH 8

typedef struct include {
    char *value;          /* the file named, as written; owned */
    int line;             /* where */
} include;

typedef struct loader {
    FILE *fp;             /* the scenario file being read */
    const char *path;     /* its name, for messages (owned by the root loader) */
    entry *ent;           /* entries in file order; owned */
    size_t nent, capent;
    section *sec;         /* sections in file order; owned */
    size_t nsec, capsec;
    include *inc;         /* include = lines of this file, in order; owned */
    size_t ninc;
    char **paths;         /* every file read (root loader only); owned */
    size_t npaths;
    char *chain[MAX_INCLUDE_DEPTH + 1]; /* real paths of the files being read, for cycles */
    os_error *e;          /* where the first error goes */
    int failed;           /* an error has been recorded */
} loader;

/* A value that came from a file, parsed once per source: an empirical
 * distribution (its CSV read) or a path (checked and made absolute). */
typedef struct cached {
    key_type type;        /* KT_DIST or KT_PATH */
    char *text;           /* the value as written; owned */
    char *dir;            /* the folder it is relative to, NULL = the current one; owned */
    dist d;               /* KT_DIST: the distribution parsed; owned */
    char *path;           /* KT_PATH: the path as the key stores it; owned */
} cached;

/* The text of a scenario file and its includes (scenario.h). */
struct scn_source {
    loader L;             /* sections, entries and the files read; L.path is
                             L.paths[0], L.e NULL between calls */
    cached *cache;        /* values read from files, in first-read order; owned */
    size_t ncache;
};

static int oom(loader *L)
{
    L->failed = 1;
    return err_set(L->e, OS_ERR_ENV, L->path, 0, "", "out of memory");
}

static section *find_section(loader *L, const char *name)
{
    for (size_t i = 0; i < L->nsec; i++)
        if (!strcmp(L->sec[i].name, name))
            return &L->sec[i];
    return NULL;
}

static int add_section(loader *L, const char *name, const char *file, int line)
{
    if (L->nsec == L->capsec) {
        size_t cap = L->capsec ? 2 * L->capsec : 16;
        section *v = realloc(L->sec, cap * sizeof *v);
        if (!v)
            return oom(L);
        L->sec = v;
        L->capsec = cap;
    }
    section *s = &L->sec[L->nsec];
    memset(s, 0, sizeof *s);
    if (!(s->name = strdup(name)))
        return oom(L);
    s->file = file;
    s->line = line;
    L->nsec++;
    return 0;
}

/* A section header: sections may appear once per file. */
static int on_section(void *ctx, const char *name, int line)
{
    loader *L = ctx;
    section *dup = find_section(L, name);
    if (dup) {
        L->failed = 1;
        return err_set(L->e, OS_ERR_INPUT, L->path, line, name,
                       "section [%s] appears twice (first at line %d)", name, dup->line);
    }
    return add_section(L, name, L->path, line);
}

static int add_entry(loader *L, const char *sec, const char *key,
                     const char *value, const char *file, int line)
{
    if (L->nent == L->capent) {
        size_t cap = L->capent ? 2 * L->capent : 64;
        entry *v = realloc(L->ent, cap * sizeof *v);
        if (!v)
            return oom(L);
        L->ent = v;
        L->capent = cap;
    }
    entry *en = &L->ent[L->nent];
    en->section = strdup(sec);
    en->key = strdup(key);
    en->value = strdup(value);
    en->file = file;
    en->line = line;
    en->cli = false;
    if (!en->section || !en->key || !en->value) {
        free(en->section);
        free(en->key);
        free(en->value);
        return oom(L);
    }
    L->nent++;
    return 0;
}

static entry *find_entry(loader *L, const char *sec, const char *key)
{
    for (size_t i = 0; i < L->nent; i++)
        if (!strcmp(L->ent[i].section, sec) && !strcmp(L->ent[i].key, key))
            return &L->ent[i];
    return NULL;
}

static int on_pair(void *ctx, const char *sec, const char *key, const char *value,
                   int line)
{
    loader *L = ctx;
    if (!sec[0]) {
        if (!strcmp(key, "include")) {
            include *v = realloc(L->inc, (L->ninc + 1) * sizeof *v);
            if (!v || !(v[L->ninc].value = strdup(value))) {
                if (v)
                    L->inc = v;
                return oom(L);
            }
            L->inc = v;
            L->inc[L->ninc++].line = line;
            return 0;
        }
        L->failed = 1;
        return err_set(L->e, OS_ERR_INPUT, L->path, line, key,
                       "key outside any section (add a [section] line above it; only "
                       "include = FILE may stand there)");
    }
    char full[160];
    snprintf(full, sizeof full, "%s.%s", sec, key);
    entry *dup = find_entry(L, sec, key);
    if (dup) {
        L->failed = 1;
        return err_set(L->e, OS_ERR_INPUT, L->path, line, full,
                       "key set twice in this file (first at line %d)", dup->line);
    }
    return add_entry(L, sec, key, value, L->path, line);
}

static const inifile_ops scenario_ops = {on_section, on_pair};

static void loader_free(loader *L)
{
    for (size_t i = 0; i < L->nent; i++) {
        free(L->ent[i].section);
        free(L->ent[i].key);
        free(L->ent[i].value);
    }
    free(L->ent);
    for (size_t i = 0; i < L->nsec; i++)
        free(L->sec[i].name);
    free(L->sec);
    for (size_t i = 0; i < L->ninc; i++)
        free(L->inc[i].value);
    free(L->inc);
    for (size_t i = 0; i < L->npaths; i++)
        free(L->paths[i]);
    free(L->paths);
}

int scn_split_override(char *text, scn_override *out, os_error *e)
{
    char *eq = strchr(text, '=');
    if (!eq || eq == text)
        return err_set(e, OS_ERR_INPUT, ORIGIN_SET, 0, text,
                       "expected --set section.key=value");
    *eq = '\0';
    char *dot = strrchr(text, '.');
    if (!dot || dot == text || !dot[1]) {
        *eq = '=';
        return err_set(e, OS_ERR_INPUT, ORIGIN_SET, 0, text,
                       "expected --set section.key=value, e.g. "
                       "model.co_managed.misroute_prob=0.3");
    }
    /* trim spaces around the value, as libinih does for file values */
    char *v = eq + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    char *end = v + strlen(v);
    while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
        *--end = '\0';
    out->key = text;
    out->value = v;
    out->origin = NULL;   /* "--set" */
    return 0;
}

/* Which kind a section name is, and check its shape. */
static int classify(loader *L, section *s, const char *file)
{
    const char *dot = strchr(s->name, '.');
    size_t klen = dot ? (size_t)(dot - s->name) : strlen(s->name);
    for (int k = 0; k < SEC_NKINDS; k++) {
        if (strlen(scn_sec_names[k]) != klen || strncmp(s->name, scn_sec_names[k], klen))
            continue;
        s->kind = (sec_kind)k;
        bool named = k >= SEC_SEVERITY;
        if (named && (!dot || !dot[1]))
            return err_set(L->e, OS_ERR_INPUT, file, s->line, s->name,
                           "[%s] needs a name: [%s.NAME]", s->name, scn_sec_names[k]);
        if (!named && dot)
            return err_set(L->e, OS_ERR_INPUT, file, s->line, s->name,
                           "[%s] takes no name: write [%s]", s->name, scn_sec_names[k]);
        if (named) {
            const char *n = dot + 1;
            size_t len = strlen(n);
            bool ok = len > 0 && len < SCN_NAME;
            for (const char *p = n; *p && ok; p++)
                ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || *p == '_' || *p == '-';
            if (!ok)
                return err_set(L->e, OS_ERR_INPUT, file, s->line, s->name,
                               "'%s' is not a name (letters, digits, _ and -, at "
                               "most %d characters)", n, SCN_NAME - 1);
        }
        return 0;
    }
    char kind[64];
    snprintf(kind, sizeof kind, "%.*s", (int)(klen < 63 ? klen : 63), s->name);
    const char *hint = suggest_closest(kind, scn_sec_names, SEC_NKINDS);
    return err_set(L->e, OS_ERR_INPUT, file, s->line, s->name,
                   "unknown section [%s]%s%s%s; sections are simulation, calendar, "
                   "arrivals, severity.NAME, category.NAME, party.NAME, model.NAME",
                   s->name, hint ? " (did you mean " : "", hint ? hint : "",
                   hint ? "?)" : "");
}

static const keydef *find_key(sec_kind kind, const char *key)
{
    for (size_t i = 0; i < scn_nkeys; i++)
        if (scn_keys[i].sec == kind && !strcmp(scn_keys[i].key, key))
            return &scn_keys[i];
    return NULL;
}

static int unknown_key(loader *L, const entry *en, const section *s)
{
    const char *cands[64];
    size_t n = 0;
    for (size_t i = 0; i < scn_nkeys && n < 64; i++)
        if (scn_keys[i].sec == s->kind)
            cands[n++] = scn_keys[i].key;
    const char *hint = suggest_closest(en->key, cands, n);
    char full[512];
    snprintf(full, sizeof full, "%s.%s", en->section, en->key);
    if (hint)
        return err_set(L->e, OS_ERR_INPUT, en->file, en->line, full,
                       "unknown key '%s' in [%s] (did you mean '%s'?)", en->key,
                       en->section, hint);
    return err_set(L->e, OS_ERR_INPUT, en->file, en->line, full,
                   "unknown key '%s' in [%s]; see docs/scenario.md", en->key,
                   en->section);
}

/* Where to point for a problem with (section, key): the entry, else the
 * section header. */
static void origin(loader *L, const char *sec, const char *key,
                   const char **file, int *line)
{
    entry *en = find_entry(L, sec, key);
    if (en) {
        *file = en->file;
        *line = en->line;
        return;
    }
    section *s = find_section(L, sec);
    *file = s ? s->file : L->path;
    *line = s ? s->line : 0;
}

static int fail_at(loader *L, const char *sec, const char *key,
                   const char *fmt, const char *a, const char *b)
{
    const char *file;
    int line;
    origin(L, sec, key, &file, &line);
    char full[512];
    snprintf(full, sizeof full, "%s.%s", sec, key);
    char msg[900];
    snprintf(msg, sizeof msg, fmt, a, b);
    return err_set(L->e, OS_ERR_INPUT, file, line, full, "%s", msg);
}

static double sum(const double *v, int n)
{
    double t = 0;
    for (int i = 0; i < n; i++)
        t += v[i];
    return t;
}

static int validate(loader *L, scenario *s)
{
    char sec[128];
    if (s->nsev == 0)
        return fail_at(L, "severity", "", "no [severity.NAME] section: at least one is needed%s%s", "", "");
    if (s->ncat == 0)
        return fail_at(L, "category", "", "no [category.NAME] section: at least one is needed%s%s", "", "");
    if (s->nparty == 0)
        return fail_at(L, "party", "", "no [party.NAME] section: at least one is needed%s%s", "", "");
    if (s->nmodel == 0)
        return fail_at(L, "model", "", "no [model.NAME] section: at least one is needed%s%s", "", "");
    if (s->cal.close <= s->cal.open)
        return fail_at(L, "calendar", "close", "business hours must end after they start%s%s", "", "");
    if (s->warmup >= s->incidents)
        return fail_at(L, "simulation", "warmup",
                       "warmup must be smaller than the number of incidents%s%s", "", "");
    /* The last generated outage falls about incidents / per_week weeks in;
     * past CAL_MAX_MINUTES (1e12, about 1.9 million years) times lose
     * their minutes to rounding and `run --outages` would refuse the very
     * list `outages` writes. */
    double span = (double)s->incidents / s->per_week * CAL_MIN_PER_WEEK;
    if (!s->outages[0] && span > CAL_MAX_MINUTES) {
        char msg[200];
        snprintf(msg, sizeof msg, "%.6g incidents a week make %ld incidents span about %.3g "
                 "minutes, beyond the %.0e the simulator supports: raise per_week or lower "
                 "simulation.incidents", s->per_week, s->incidents, span, CAL_MAX_MINUTES);
        return fail_at(L, "arrivals", "per_week", "%s%s", msg, "");
    }
    double wd = sum(s->weekday, 24), we = sum(s->weekend, 24);
    if (wd <= 0 && we <= 0)
        return fail_at(L, "arrivals", "weekday",
                       "every hourly weight is zero: no incident can arrive%s%s", "", "");
    double wsum = 0;
    for (int c = 0; c < s->ncat; c++) {
        wsum += s->cat[c].weight;
        snprintf(sec, sizeof sec, "category.%s", s->cat[c].name);
        if (sum(s->cat[c].sev_mix, s->nsev) <= 0)
            return fail_at(L, sec, "severities",
                           "every severity share of category '%s' is zero%s", s->cat[c].name, "");
    }
    if (wsum <= 0)
        return fail_at(L, "category", "weight", "every category weight is zero%s%s", "", "");
    for (int m = 0; m < s->nmodel; m++) {
        scn_model *md = &s->model[m];
        snprintf(sec, sizeof sec, "model.%s", md->name);
        for (int c = 0; c < s->ncat; c++) {
            if (!md->owner[c])
                return fail_at(L, sec, "owners",
                               "category '%s' has no owner in model '%s'",
                               s->cat[c].name, md->name);
            for (int p = 0; p < s->nparty; p++)
                if ((md->owner[c] & (1u << p)) && md->staff[p] <= 0)
                    return fail_at(L, sec, "staff",
                                   "party '%s' owns work in this model but has no staff",
                                   s->party[p].name, "");
        }
    }
    /* With no business day, a business-hours party opens never: a ticket it
     * owns without an on-call for its severity would wait forever. */
    if (!(s->cal.days & 0x7fu))
        for (int m = 0; m < s->nmodel; m++)
            for (int c = 0; c < s->ncat; c++)
                for (int p = 0; p < s->nparty; p++) {
                    const scn_party *pt = &s->party[p];
                    if (!(s->model[m].owner[c] & (1u << p)) || pt->always_on)
                        continue;
                    for (int v = 0; v < s->nsev; v++)
                        if (s->cat[c].sev_mix[v] > 0 && !(pt->oncall & (1u << v))) {
                            snprintf(sec, sizeof sec, "party.%s", pt->name);
                            return fail_at(L, sec, "coverage",
                                           "calendar.days = none, so business hours never "
                                           "come, but party '%s' works business hours and "
                                           "owns %s tickets with no on-call for them: set "
                                           "coverage = 24x7, add the severity to oncall, "
                                           "or give the calendar business days",
                                           pt->name, s->sev[v].name);
                        }
                }
    return 0;
}

/* Keep a copy of path for the whole load (entries point at it). */
static const char *intern(loader *dst, const char *path)
{
    char **v = realloc(dst->paths, (dst->npaths + 1) * sizeof *v);
    if (!v)
        return NULL;
    dst->paths = v;
    if (!(v[dst->npaths] = strdup(path)))
        return NULL;
    return v[dst->npaths++];
}

/*
 * Read path into dst: first the files it includes (include = FILE, before
 * any section, relative to this file's folder), then its own keys, each
 * replacing the same key from an included file.  Within one file a key or
 * section may appear once.  Cycles and nesting deeper than
 * MAX_INCLUDE_DEPTH are errors.
 */
static int read_file(loader *dst, const char *given, int depth, const char *from, int from_line)
{
    const char *path = intern(dst, given);
    if (!path)
        return oom(dst);
    loader F;
    memset(&F, 0, sizeof F);
    F.path = path;
    F.e = dst->e;
    F.fp = fopen(path, "r");
    if (!F.fp) {
        if (from)
            return err_set(dst->e, err_kind_errno(errno), from, from_line, "include",
                           "cannot open included file %s: %s", path, strerror(errno));
        return err_set(dst->e, err_kind_errno(errno), path, 0, "", "cannot open scenario: %s",
                       strerror(errno));
    }
    struct stat sb;
    if (fstat(fileno(F.fp), &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISFIFO(sb.st_mode)) {
        fclose(F.fp);
        return err_set(dst->e, OS_ERR_INPUT, path, 0, "", "is %s, not a scenario file",
                       S_ISDIR(sb.st_mode) ? "a directory" : "a device");
    }
    char real[PATH_MAX];
    if (!realpath(path, real))
        snprintf(real, sizeof real, "%s", path);
    for (int d = 0; d < depth; d++)
        if (!strcmp(dst->chain[d], real)) {
            fclose(F.fp);
            return err_set(dst->e, OS_ERR_INPUT, from, from_line, "include",
                           "%s includes itself (through %s)", path, dst->chain[d]);
        }
    int rc = inifile_read(F.fp, path, &scenario_ops, &F, dst->e);
    fclose(F.fp);
    int ret = -1;
    char *dir = NULL;      /* this file's folder, for its includes; owned */
    if (rc < 0)
        goto out;
    if (F.ninc && depth == MAX_INCLUDE_DEPTH) {
        err_set(dst->e, OS_ERR_INPUT, path, F.inc[0].line, "include",
                "includes nested deeper than %d files", MAX_INCLUDE_DEPTH);
        goto out;
    }
    dst->chain[depth] = real;
    if (F.ninc && !(dir = key_path_dir(path))) {
        oom(dst);
        goto out;
    }
    for (size_t i = 0; i < F.ninc; i++) {
        const char *v = F.inc[i].value;
        if (!v[0]) {
            err_set(dst->e, OS_ERR_INPUT, path, F.inc[i].line, "include", "empty file name");
            goto out;
        }
        /* never cut: a cut name may be another file that exists */
        char *inc = key_path_join(dir, v);
        if (!inc) {
            oom(dst);
            goto out;
        }
        if (strlen(inc) >= PATH_MAX) {
            free(inc);
            err_set(dst->e, OS_ERR_INPUT, path, F.inc[i].line, "include",
                    "the included file's path is longer than %d bytes", PATH_MAX - 1);
            goto out;
        }
        int rc2 = read_file(dst, inc, depth + 1, path, F.inc[i].line);
        free(inc);
        if (rc2 < 0)
            goto out;
    }
    /* this file's sections and keys over the included ones */
    for (size_t i = 0; i < F.nsec; i++)
        if (!find_section(dst, F.sec[i].name) &&
            add_section(dst, F.sec[i].name, F.sec[i].file, F.sec[i].line) < 0)
            goto out;
    for (size_t i = 0; i < F.nent; i++) {
        entry *src = &F.ent[i];
        entry *en = find_entry(dst, src->section, src->key);
        if (en) {
            char *v = strdup(src->value);
            if (!v) {
                oom(dst);
                goto out;
            }
            free(en->value);
            en->value = v;
            en->file = src->file;
            en->line = src->line;
        } else if (add_entry(dst, src->section, src->key, src->value, src->file,
                             src->line) < 0) {
            goto out;
        }
    }
    ret = 0;
out:
    dst->chain[depth] = NULL;
    free(dir);
    loader_free(&F);
    return ret;
}

/*
 * The scenario's name when simulation.name is empty: the file's name without
 * its last extension, each byte a name may not hold (anything but letters,
 * digits, '_' and '-') written as '_', cut at SCN_NAME - 1 bytes.  The name
 * becomes a folder under out/ and is written to scenario.ini, so it must be
 * a valid name: "Client A.ini" gives Client_A, "acme.v2.ini" acme_v2, and
 * "...ini" gives "__", never "..", which would escape out/.  The file's name
 * is never empty (it was opened as a regular file), so neither is this.
 */
static void derive_name(const char *path, char name[SCN_NAME])
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dotp = strrchr(b, '.');
    size_t len = dotp && dotp != b ? (size_t)(dotp - b) : strlen(b);
    if (len >= SCN_NAME)
        len = SCN_NAME - 1;
    for (size_t i = 0; i < len; i++) {
        char c = b[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
        name[i] = ok ? c : '_';
    }
    name[len] = '\0';
}

/* Append path to s->inputs unless it is there. */
static int add_input(scenario *s, const char *path)
{
    for (int i = 0; i < s->ninputs; i++)
        if (!strcmp(s->inputs[i], path))
            return 0;
    char **v = realloc(s->inputs, (size_t)(s->ninputs + 1) * sizeof *v);
    if (!v)
        return -1;
    s->inputs = v;
    if (!(v[s->ninputs] = strdup(path)))
        return -1;
    s->ninputs++;
    return 0;
}

/* Most dists a scenario holds: the user-report delay, an effort per
 * severity, three delays per party, five per model. */
#define MAX_DISTS (1 + SCN_MAX_SEV + 3 * SCN_MAX_PARTIES + 5 * SCN_MAX_MODELS)

/* Every dist of s, in a fixed order, into v: the one list of them (inputs,
 * stream version and freeing go through it).  Returns how many. */
static int all_dists(scenario *s, dist *v[MAX_DISTS])
{
    int n = 0;
    v[n++] = &s->user_report_delay;
    for (int i = 0; i < s->nsev; i++)
        v[n++] = &s->sev[i].effort;
    for (int i = 0; i < s->nparty; i++) {
        v[n++] = &s->party[i].callout_delay;
        v[n++] = &s->party[i].ack_delay;
        v[n++] = &s->party[i].detect_delay;
    }
    for (int i = 0; i < s->nmodel; i++) {
        scn_model *m = &s->model[i];
        v[n++] = &m->triage_delay;
        v[n++] = &m->bounce_work;
        v[n++] = &m->orphan_timeout;
        v[n++] = &m->escalation_delay;
        v[n++] = &m->handoff_delay;
    }
    return n;
}

/* The files read, for provenance: the source's (scenario and includes),
 * then every empirical CSV of the final values. */
static int take_inputs(loader *L, const scn_source *src, scenario *s)
{
    int rc = 0;
    for (size_t i = 0; i < src->L.npaths && rc == 0; i++)
        rc = add_input(s, src->L.paths[i]);
    dist *d[MAX_DISTS];
    int n = all_dists(s, d);
    for (int i = 0; i < n && rc == 0; i++)
        if (d[i]->kind == DIST_EMPIRICAL && d[i]->file)
            rc = add_input(s, d[i]->file);
    return rc ? err_set(L->e, OS_ERR_ENV, s->path, 0, "", "out of memory") : 0;
}

/* Every dist samples with the scenario's stream version (rng.h). */
static void set_streams(scenario *s)
{
    dist *d[MAX_DISTS];
    int n = all_dists(s, d);
    for (int i = 0; i < n; i++)
        d[i]->streams = s->streams;
}

/* ------------------------------------------------------------ sources */

static bool same_dir(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* The value parsed earlier from this text, relative to this folder. */
static const cached *cache_find(const scn_source *src, key_type type, const char *text,
                                const char *dir)
{
    for (size_t i = 0; i < src->ncache; i++) {
        const cached *c = &src->cache[i];
        if (c->type == type && !strcmp(c->text, text) && same_dir(c->dir, dir))
            return c;
    }
    return NULL;
}

/* Remember field, just parsed from text (relative to dir), when it came
 * from a file: an empirical distribution, or a path.  Other values are
 * pure functions of their text and are parsed again.  0, or -1 (out of
 * memory). */
static int cache_add(scn_source *src, key_type type, const char *text, const char *dir,
                     const void *field)
{
    if (type == KT_DIST ? ((const dist *)field)->kind != DIST_EMPIRICAL
                        : !((const char *)field)[0])
        return 0;
    cached *v = realloc(src->cache, (src->ncache + 1) * sizeof *v);
    if (!v)
        return -1;
    src->cache = v;
    cached *c = &v[src->ncache];
    memset(c, 0, sizeof *c);
    c->type = type;
    c->text = strdup(text);
    c->dir = dir ? strdup(dir) : NULL;
    int bad = !c->text || (dir && !c->dir);
    if (type == KT_DIST)
        bad |= dist_copy(&c->d, field) < 0;
    else
        bad |= !(c->path = strdup(field));
    if (bad) {
        free(c->text);
        free(c->dir);
        free(c->path);
        dist_free(&c->d);
        return -1;
    }
    src->ncache++;
    return 0;
}

/* Put a cached value into field (a dist or a char[PATH_MAX]).  0, or -1
 * (out of memory). */
static int cache_apply(const cached *c, void *field)
{
    if (c->type == KT_PATH) {
        strcpy(field, c->path);   /* it was parsed into a field of this size */
        return 0;
    }
    dist d;
    if (dist_copy(&d, &c->d) < 0)
        return -1;
    dist_free(field);
    *(dist *)field = d;
    return 0;
}

scn_source *scn_read(const char *path, os_error *e)
{
    scn_source *src = calloc(1, sizeof *src);
    if (!src) {
        err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
        return NULL;
    }
    src->L.path = path;
    src->L.e = e;
    if (read_file(&src->L, path, 0, NULL, 0) < 0) {
        if (e->kind == OS_ERR_NONE)
            err_set(e, OS_ERR_INPUT, path, 0, "", "invalid scenario");
        scn_source_free(src);
        return NULL;
    }
    /* the root file is the first one read: its copy outlives the caller's */
    src->L.path = src->L.paths[0];
    src->L.e = NULL;
    return src;
}

void scn_source_free(scn_source *src)
{
    if (!src)
        return;
    loader_free(&src->L);
    for (size_t i = 0; i < src->ncache; i++) {
        free(src->cache[i].text);
        free(src->cache[i].dir);
        free(src->cache[i].path);
        dist_free(&src->cache[i].d);
    }
    free(src->cache);
    free(src);
}

const char *scn_source_path(const scn_source *src)
{
    return src->L.path;
}

/* A working copy of the source's sections and entries, which the
 * overrides then change: the source itself stays as read. */
static int copy_source(loader *W, const scn_source *src)
{
    for (size_t i = 0; i < src->L.nsec; i++)
        if (add_section(W, src->L.sec[i].name, src->L.sec[i].file, src->L.sec[i].line) < 0)
            return -1;
    for (size_t i = 0; i < src->L.nent; i++) {
        const entry *en = &src->L.ent[i];
        if (add_entry(W, en->section, en->key, en->value, en->file, en->line) < 0)
            return -1;
        W->ent[W->nent - 1].cli = en->cli;
    }
    return 0;
}

scenario *scn_resolve(scn_source *src, const scn_override *ov, int nov, os_error *e)
{
    const char *path = src->L.path;
    loader L;
    memset(&L, 0, sizeof L);
    L.path = path;
    L.e = e;
    scenario *s = NULL;
    char *secname = NULL;   /* an override's section; owned */
    char *dir = NULL;       /* the folder of the file an entry comes from; owned */

    if (copy_source(&L, src) < 0)
        goto fail;

    /* 2. overrides */
    for (int i = 0; i < nov; i++) {
        const char *origin = ov[i].origin ? ov[i].origin : ORIGIN_SET;
        const char *dot = strrchr(ov[i].key, '.');
        free(secname);
        if (!(secname = strndup(ov[i].key, (size_t)(dot - ov[i].key)))) {
            oom(&L);
            goto fail;
        }
        const char *key = dot + 1;
        if (!find_section(&L, secname)) {
            if (strchr(secname, '.')) {
                const char *cands[128];
                size_t nc = 0;
                for (size_t j = 0; j < L.nsec && nc < 128; j++)
                    cands[nc++] = L.sec[j].name;
                const char *hint = suggest_closest(secname, cands, nc);
                err_set(e, OS_ERR_INPUT, origin, 0, ov[i].key,
                        "no section [%s] in %s%s%s%s", secname, path,
                        hint ? " (did you mean " : "", hint ? hint : "", hint ? "?)" : "");
                goto fail;
            }
            if (add_section(&L, secname, origin, 0) < 0)
                goto fail;
        }
        entry *en = find_entry(&L, secname, key);
        if (en) {
            char *v = strdup(ov[i].value);
            if (!v) {
                oom(&L);
                goto fail;
            }
            free(en->value);
            en->value = v;
            en->file = origin;
            en->line = 0;
            en->cli = true;
        } else if (add_entry(&L, secname, key, ov[i].value, origin, 0) < 0) {
            goto fail;
        } else {
            L.ent[L.nent - 1].cli = true;
        }
    }

    /* 3. number the sections */
    s = calloc(1, sizeof *s);
    if (!s) {
        oom(&L);
        goto fail;
    }
    snprintf(s->path, sizeof s->path, "%s", path);
    for (size_t i = 0; i < L.nsec; i++) {
        section *sc = &L.sec[i];
        if (classify(&L, sc, sc->file) < 0)
            goto fail;
        const char *name = strchr(sc->name, '.') ? strchr(sc->name, '.') + 1 : "";
        int *count = NULL, max = 0;
        char *dst = NULL;
        switch (sc->kind) {
        case SEC_SEVERITY: count = &s->nsev; max = SCN_MAX_SEV; dst = s->sev[s->nsev % SCN_MAX_SEV].name; break;
        case SEC_CATEGORY: count = &s->ncat; max = SCN_MAX_CAT; dst = s->cat[s->ncat % SCN_MAX_CAT].name; break;
        case SEC_PARTY: count = &s->nparty; max = SCN_MAX_PARTIES; dst = s->party[s->nparty % SCN_MAX_PARTIES].name; break;
        case SEC_MODEL: count = &s->nmodel; max = SCN_MAX_MODELS; dst = s->model[s->nmodel % SCN_MAX_MODELS].name; break;
        default: break;
        }
        if (!count)
            continue;
        if (*count == max) {
            err_set(e, OS_ERR_INPUT, sc->file, sc->line, sc->name,
                    "too many [%s.*] sections (at most %d)", scn_sec_names[sc->kind], max);
            goto fail;
        }
        snprintf(dst, SCN_NAME, "%s", name);
        sc->idx = (*count)++;
    }

    /* defaults for every key of every section (no default names a file) */
    char why[512];
    for (size_t i = 0; i < scn_nkeys; i++) {
        const keydef *k = &scn_keys[i];
        int n = k->sec == SEC_SEVERITY ? s->nsev : k->sec == SEC_CATEGORY ? s->ncat
              : k->sec == SEC_PARTY ? s->nparty : k->sec == SEC_MODEL ? s->nmodel : 1;
        for (int j = 0; j < n; j++)
            if (key_parse(s, k, key_base(s, k->sec, j), k->def, NULL, why, sizeof why) < 0) {
                err_set(e, OS_ERR_ENV, "", 0, k->key, "bad built-in default: %s", why);
                goto fail;
            }
    }

    /* every entry through the key table */
    for (size_t i = 0; i < L.nent; i++) {
        entry *en = &L.ent[i];
        section *sc = find_section(&L, en->section);
        if (!sc) {
            /* libinih saw a header our line reader did not: refuse rather
             * than guess (should not happen; the fuzzer keeps checking) */
            err_set(e, OS_ERR_INPUT, en->file, en->line, en->section,
                    "cannot read this section header: write it as [name] on a line of its own");
            goto fail;
        }
        const keydef *k = find_key(sc->kind, en->key);
        if (!k) {
            unknown_key(&L, en, sc);
            goto fail;
        }
        void *base = key_base(s, sc->kind, sc->idx);
        /* relative paths: from the entry's own file */
        free(dir);
        if (!(dir = key_path_dir(en->file))) {
            oom(&L);
            goto fail;
        }
        const char *rel = en->cli ? NULL : dir;
        /* a value read from a file (an empirical CSV) or checked against
         * one (a path) is taken from the source's cache after the first
         * time: a point of a sweep reads no file */
        bool filed = k->type == KT_DIST || k->type == KT_PATH;
        const cached *c = filed ? cache_find(src, k->type, en->value, rel) : NULL;
        if (c) {
            if (cache_apply(c, (char *)base + k->off) < 0) {
                oom(&L);
                goto fail;
            }
            continue;
        }
        int kr = key_parse(s, k, base, en->value, rel, why, sizeof why);
        if (kr < 0) {
            char full[512];
            snprintf(full, sizeof full, "%s.%s", en->section, en->key);
            err_set(e, kr == -2 ? OS_ERR_ENV : OS_ERR_INPUT, en->file, en->line, full, "%s",
                    why);
            goto fail;
        }
        if (filed && cache_add(src, k->type, en->value, rel, (char *)base + k->off) < 0) {
            oom(&L);
            goto fail;
        }
    }

    /* derived defaults */
    if (!s->name[0])
        derive_name(path, s->name);
    for (int p = 0; p < s->nparty; p++)
        if (!s->party[p].tool[0])
            memcpy(s->party[p].tool, s->party[p].name, SCN_NAME);
    for (int m = 0; m < s->nmodel; m++)
        for (int p = 0; p < s->nparty; p++)
            if (s->model[m].staff[p] < 0)
                s->model[m].staff[p] = s->party[p].staff;

    set_streams(s);
    if (validate(&L, s) < 0 || take_inputs(&L, src, s) < 0)
        goto fail;
    free(secname);
    free(dir);
    loader_free(&L);
    return s;

fail:
    if (e->kind == OS_ERR_NONE)
        err_set(e, OS_ERR_INPUT, path, 0, "", "invalid scenario");
    free(secname);
    free(dir);
    scn_destroy(s);
    loader_free(&L);
    return NULL;
}

scenario *scn_load(const char *path, const scn_override *ov, int nov,
                   os_error *e)
{
    scn_source *src = scn_read(path, e);
    if (!src)
        return NULL;
    scenario *s = scn_resolve(src, ov, nov, e);
    scn_source_free(src);
    return s;
}

void scn_destroy(scenario *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->ninputs; i++)
        free(s->inputs[i]);
    free(s->inputs);
    dist *d[MAX_DISTS];
    int n = all_dists(s, d);
    for (int i = 0; i < n; i++)
        dist_free(d[i]);
    free(s);
}

int scn_model_index(const scenario *s, const char *name)
{
    for (int i = 0; i < s->nmodel; i++)
        if (!strcmp(s->model[i].name, name))
            return i;
    return -1;
}

int scn_party_index(const scenario *s, const char *name)
{
    for (int i = 0; i < s->nparty; i++)
        if (!strcmp(s->party[i].name, name))
            return i;
    return -1;
}

/* Split "a.b.c" into the secname kind (from "a") and the key "c". */
static const keydef *lookup_full(const char *fullkey, char *secname, size_t n)
{
    const char *dot = strrchr(fullkey, '.');
    if (!dot || dot == fullkey || (size_t)(dot - fullkey) >= n)
        return NULL;
    snprintf(secname, n, "%.*s", (int)(dot - fullkey), fullkey);
    size_t klen = strcspn(secname, ".");
    for (int k = 0; k < SEC_NKINDS; k++)
        if (strlen(scn_sec_names[k]) == klen && !strncmp(secname, scn_sec_names[k], klen)) {
            bool named = k >= SEC_SEVERITY;
            if (named != (secname[klen] == '.'))
                return NULL;
            return find_key((sec_kind)k, dot + 1);
        }
    return NULL;
}

scn_keykind scn_key_kind(const char *fullkey)
{
    char secname[256];
    const keydef *k = lookup_full(fullkey, secname, sizeof secname);
    if (!k)
        return SCN_KEY_UNKNOWN;
    switch (k->type) {
    case KT_DOUBLE: return SCN_KEY_NUMBER;
    case KT_INT:
    case KT_LONG:
    case KT_SEED: return SCN_KEY_INTEGER;
    case KT_DIST: return SCN_KEY_DIST;
    default: return SCN_KEY_OTHER;
    }
}

int scn_get(const scenario *s, const char *fullkey, char *buf, size_t n)
{
    char secname[256];
    const keydef *k = lookup_full(fullkey, secname, sizeof secname);
    if (!k)
        return -1;
    int idx = 0;
    const char *name = strchr(secname, '.');
    if (name) {
        name++;
        idx = -1;
        for (int i = 0; i < (k->sec == SEC_SEVERITY ? s->nsev : k->sec == SEC_CATEGORY ? s->ncat
                             : k->sec == SEC_PARTY ? s->nparty : s->nmodel); i++) {
            const char *nm = k->sec == SEC_SEVERITY ? s->sev[i].name
                           : k->sec == SEC_CATEGORY ? s->cat[i].name
                           : k->sec == SEC_PARTY ? s->party[i].name : s->model[i].name;
            if (!strcmp(nm, name))
                idx = i;
        }
        if (idx < 0)
            return -1;
    }
    key_format(s, k, key_base((scenario *)s, k->sec, idx), buf, n);
    return 0;
}
