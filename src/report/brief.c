/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * brief.c — `ownsim report`: the proposal brief of a run folder as one
 * self-contained HTML file (see brief.h, docs/report.md).
 *
 * Order of work, so that nothing is left half-written:
 *  1. read every input into memory (models.csv, severities.csv, paired.csv
 *     through csvfile.h; scenario.ini and provenance.ini through inifile.h;
 *     the original scenario file's comment lines for the sources);
 *  2. draw the run charts as SVG with plot_run into a private mkdtemp
 *     folder, and read them back;
 *  3. with --pdf, a copy of the page with the paper's @page rule goes to
 *     the printer (brief_pdf.c), which writes the PDF atomically; then the
 *     HTML through the atomic writer (csvw_open: a temporary renamed when
 *     complete).  So a failing browser leaves neither file; a failure
 *     writing the HTML after it can leave the PDF alone.
 * The private folder is removed in every case.
 *
 * Invariants: every text from a file passes html() when written; the SVG
 * passes svg_clean() (no script, no outside reference, ids made unique per
 * chart); numbers are formatted with fixed rules (brief_duration, money(),
 * "%.1f"), so the bytes depend on the folder's contents only.
 */
#include "ownsim/brief.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "brief_int.h"
#include "ownsim/csvfile.h"
#include "ownsim/inifile.h"
#include "ownsim/number.h"
#include "ownsim/plot.h"

#define BRIEF_PATH 4096
#define BRIEF_MAX_SVG (16L * 1024 * 1024)

/* ------------------------------------------------------------ tables */

/* A CSV in memory: a header and rows of strings. */
typedef struct btab {
    const char *path;   /* the file, for messages while it is read
                           (borrowed: not kept past tab_load) */
    size_t ncols;       /* fields of the header */
    char **head;        /* header names, owned */
    size_t nrows;       /* data rows */
    size_t cap;         /* rows allocated */
    char **cells;       /* nrows x ncols, row-major, each owned */
    os_error *e;        /* where the reader records its error */
} btab;

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static int tab_record(void *ctx, size_t nf, char **f, long line)
{
    btab *t = ctx;
    if (!t->head) {
        if (!(t->head = calloc(nf ? nf : 1, sizeof *t->head)))
            return err_set(t->e, OS_ERR_ENV, t->path, 0, "", "out of memory"), 1;
        t->ncols = nf;
        for (size_t i = 0; i < nf; i++)
            if (!(t->head[i] = dupstr(f[i])))
                return err_set(t->e, OS_ERR_ENV, t->path, 0, "", "out of memory"), 1;
        return 0;
    }
    if (nf != t->ncols)
        return err_set(t->e, OS_ERR_INPUT, t->path, (int)line, "",
                       "%zu fields where the header has %zu", nf, t->ncols), 1;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        char **c = realloc(t->cells, cap * t->ncols * sizeof *c);
        if (!c)
            return err_set(t->e, OS_ERR_ENV, t->path, 0, "", "out of memory"), 1;
        t->cells = c;
        t->cap = cap;
    }
    for (size_t i = 0; i < nf; i++)
        t->cells[t->nrows * t->ncols + i] = NULL;
    t->nrows++;
    for (size_t i = 0; i < nf; i++)
        if (!(t->cells[(t->nrows - 1) * t->ncols + i] = dupstr(f[i])))
            return err_set(t->e, OS_ERR_ENV, t->path, 0, "", "out of memory"), 1;
    return 0;
}

static void tab_free(btab *t)
{
    for (size_t i = 0; t->head && i < t->ncols; i++)
        free(t->head[i]);
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->head);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

/* Read path into t.  optional: a missing file gives an empty table and 0. */
static int tab_load(btab *t, const char *path, int optional, os_error *e)
{
    memset(t, 0, sizeof *t);
    t->path = path;
    t->e = e;
    if (optional && access(path, F_OK) != 0)
        return 0;
    int rc = csvr_read(path, tab_record, t, e);
    if (rc == 0 && !t->head)
        err_set(e, OS_ERR_INPUT, path, 0, "", "the file is empty");
    if (rc != 0 || !t->head) {
        tab_free(t);
        t->path = path;
        return -1;
    }
    return 0;
}

static int tab_col(const btab *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (!strcmp(t->head[i], name))
            return (int)i;
    return -1;
}

/* Cell (row, column name): "" when the column is missing. */
static const char *tab_get(const btab *t, size_t row, const char *name)
{
    int c = tab_col(t, name);
    return c < 0 ? "" : t->cells[row * t->ncols + (size_t)c];
}

/* Cell as a number: NaN when missing, empty or not a number. */
static double tab_num(const btab *t, size_t row, const char *name)
{
    double x;
    if (num_parse_str(tab_get(t, row, name), &x) != NUM_OK)
        return NAN;
    return x;
}

/* ---------------------------------------------------------- INI files */

/* One key = value of an INI file, in file order. */
typedef struct bkv {
    char *section;      /* owned */
    char *key;          /* owned */
    char *value;        /* owned */
    int line;           /* 1-based line of the key */
} bkv;

/* An INI file's pairs. */
typedef struct bini {
    size_t n, cap;      /* pairs held, allocated */
    bkv *kv;            /* the pairs, owned */
    os_error *e;        /* for the reader's out-of-memory error */
    const char *path;   /* for messages (borrowed) */
} bini;

static int ini_pair(void *ctx, const char *sec, const char *key, const char *val, int line)
{
    bini *b = ctx;
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 32;
        bkv *kv = realloc(b->kv, cap * sizeof *kv);
        if (!kv)
            return err_set(b->e, OS_ERR_ENV, b->path, 0, "", "out of memory"), -1;
        b->kv = kv;
        b->cap = cap;
    }
    bkv *p = &b->kv[b->n];
    p->section = dupstr(sec);
    p->key = dupstr(key);
    p->value = dupstr(val);
    p->line = line;
    b->n++;
    if (!p->section || !p->key || !p->value)
        return err_set(b->e, OS_ERR_ENV, b->path, 0, "", "out of memory"), -1;
    return 0;
}

static void ini_free(bini *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->kv[i].section);
        free(b->kv[i].key);
        free(b->kv[i].value);
    }
    free(b->kv);
    memset(b, 0, sizeof *b);
}

static int ini_load(bini *b, const char *path, os_error *e)
{
    static const inifile_ops ops = {.section = NULL, .pair = ini_pair};
    memset(b, 0, sizeof *b);
    b->e = e;
    b->path = path;
    if (inifile_read_path(path, &ops, b, e) < 0) {
        ini_free(b);
        return -1;
    }
    return 0;
}

/* The value of section.key, or NULL. */
static const char *ini_get(const bini *b, const char *sec, const char *key)
{
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->kv[i].section, sec) && !strcmp(b->kv[i].key, key))
            return b->kv[i].value;
    return NULL;
}

/* --------------------------------------------------------- formatting */

/* Text as HTML: & < > " ' as entities, control characters but tab and
 * newline dropped. */
static void html(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
                fputc(*s, f);
        }
    }
}

int brief_duration(double minutes, char *buf, size_t n)
{
    if (!isfinite(minutes))
        return snprintf(buf, n, "n/a");
    double m = fabs(minutes);
    const char *sign = minutes < 0 ? "-" : "";
    if (m < 0.95)
        return snprintf(buf, n, "%s%.1f min", sign, m);
    long total = lround(m);
    if (total < 60)
        return snprintf(buf, n, "%s%ld min", sign, total);
    if (m < 1440) {
        long h = total / 60, mi = total % 60;
        if (h >= 24)
            return snprintf(buf, n, "%s1 d 0 h", sign);
        return snprintf(buf, n, "%s%ld h %02ld min", sign, h, mi);
    }
    long hours = lround(m / 60);
    return snprintf(buf, n, "%s%ld d %ld h", sign, hours / 24, hours % 24);
}

/* The display names and money of the folder's scenario.ini. */
typedef struct bnames {
    const bini *scn;    /* the folder's scenario.ini (borrowed) */
    char money[16];     /* what amounts start with: "$", "€", "GBP " */
} bnames;

static const char *label(const bnames *b, const char *kind, const char *id)
{
    char sec[512];
    snprintf(sec, sizeof sec, "%s.%s", kind, id);
    const char *l = ini_get(b->scn, sec, "label");
    return l && *l ? l : id;
}

static void money_prefix(bnames *b)
{
    const char *c = ini_get(b->scn, "organisation", "currency");
    static const char *const sym[][2] = {{"USD", "$"}, {"EUR", "\xe2\x82\xac"},
                                         {"GBP", "\xc2\xa3"}, {"JPY", "\xc2\xa5"}};
    if (!c || !*c)
        c = "USD";
    for (size_t i = 0; i < sizeof sym / sizeof sym[0]; i++)
        if (!strcmp(c, sym[i][0])) {
            snprintf(b->money, sizeof b->money, "%s", sym[i][1]);
            return;
        }
    snprintf(b->money, sizeof b->money, "%.11s ", c);
}

/* An amount rounded to a whole unit with thousands separators, the money
 * prefix escaped in front: "$380,099". */
static void money(FILE *f, const bnames *b, double x)
{
    if (!isfinite(x)) {
        fputs("n/a", f);
        return;
    }
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", fabs(x));
    if (x < 0 && strcmp(digits, "0"))
        fputc('-', f);
    html(f, b->money);
    size_t len = strlen(digits);
    for (size_t i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            fputc(',', f);
        fputc(digits[i], f);
    }
}

static void duration(FILE *f, double minutes)
{
    char buf[64];
    brief_duration(minutes, buf, sizeof buf);
    fputs(buf, f);
}

static void pct(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.1f %%", x);
    else
        fputs("n/a", f);
}

/* ------------------------------------------------------------ inputs */

/* Everything the brief is made of. */
typedef struct brief_in {
    const char *dir;    /* the run folder (borrowed) */
    btab models;        /* models.csv */
    btab sevs;          /* severities.csv */
    btab paired;        /* paired.csv */
    btab sens;          /* sensitivity.csv, or empty */
    btab unc;           /* uncertainty.csv, or empty */
    char sens_rel[64];  /* sens's path relative to dir, for the page */
    char unc_rel[64];   /* unc's path relative to dir, for the page */
    bini scn;           /* scenario.ini */
    bini prov;          /* provenance.ini */
    bini orig;          /* the scenario file provenance names, or empty */
    char **orig_lines;  /* its lines, owned (NULL when not read) */
    size_t norig;       /* entries of orig_lines */
    const char *orig_why; /* why the sources are not shown, or NULL */
    bnames names;       /* labels and money */
    const char *baseline; /* the baseline model's name (in scn or paired) */
    const char *hl_sev; /* the severity of the headline TTR ("P1") */
} brief_in;

static void in_free(brief_in *in)
{
    tab_free(&in->models);
    tab_free(&in->sevs);
    tab_free(&in->paired);
    tab_free(&in->sens);
    tab_free(&in->unc);
    ini_free(&in->scn);
    ini_free(&in->prov);
    ini_free(&in->orig);
    for (size_t i = 0; i < in->norig; i++)
        free(in->orig_lines[i]);
    free(in->orig_lines);
}

/* The path of DIR/name, or else DIR/<stem>/name (the folder an analysis was
 * written to inside the run folder), into buf; the same relative to DIR
 * (for the page: the folder's own spelling never reaches it) into rel. */
static void find_extra(const char *dir, const char *name, char *buf, size_t n, char *rel,
                       size_t nrel)
{
    char stem[64];
    snprintf(stem, sizeof stem, "%s", name);
    char *dot = strchr(stem, '.');
    if (dot)
        *dot = '\0';
    snprintf(buf, n, "%s/%s", dir, name);
    snprintf(rel, nrel, "%s", name);
    if (access(buf, F_OK) == 0)
        return;
    snprintf(buf, n, "%s/%s/%s", dir, stem, name);
    snprintf(rel, nrel, "%s/%s", stem, name);
}

/* Read the scenario file that provenance.ini names first, when it is still
 * there with the SHA-256 recorded (else orig_why says why not). */
static int load_sources(brief_in *in, os_error *e)
{
    const char *path = ini_get(&in->prov, "inputs", "path1");
    const char *sha = ini_get(&in->prov, "inputs", "sha256_1");
    char hex[65];
    if (!path || !sha) {
        in->orig_why = "provenance.ini names no scenario file";
        return 0;
    }
    if (prov_sha256_file(path, hex) < 0) {
        in->orig_why = "the scenario file provenance.ini names cannot be read from here";
        return 0;
    }
    if (strcmp(hex, sha)) {
        in->orig_why = "the scenario file has changed since the run (its SHA-256 differs)";
        return 0;
    }
    if (ini_load(&in->orig, path, e) < 0)
        return -1;
    FILE *f = fopen(path, "r");
    if (!f)   /* fopen allocates: ENOMEM is "Cannot allocate memory" */
        return err_set(e, OS_ERR_ENV, path, 0, "", "cannot open: %s", strerror(errno)), -1;
    char *line = NULL;
    size_t cap = 0, alloc = 0;
    ssize_t len;
    int rc = 0;
    errno = 0;   /* getline's -1 is the end, or ENOMEM (its first buffer) */
    while ((len = getline(&line, &cap, f)) >= 0) {
        if (in->norig == alloc) {
            size_t na = alloc ? 2 * alloc : 256;
            char **l = realloc(in->orig_lines, na * sizeof *l);
            if (!l) { rc = -1; break; }
            in->orig_lines = l;
            alloc = na;
        }
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (!(in->orig_lines[in->norig] = dupstr(line))) { rc = -1; break; }
        in->norig++;
    }
    if (rc == 0 && (ferror(f) || errno == ENOMEM))
        rc = -1;   /* not the end: the lines after it would be missing */
    free(line);
    fclose(f);
    if (rc < 0)
        err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
    return rc;
}

static int load_inputs(brief_in *in, const char *dir, os_error *e)
{
    char p[BRIEF_PATH];
    memset(in, 0, sizeof *in);
    in->dir = dir;
    static const char *const names[] = {"models.csv", "severities.csv", "paired.csv"};
    btab *tabs[] = {&in->models, &in->sevs, &in->paired};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        if (tab_load(tabs[i], p, 0, e) < 0)
            return -1;
    }
    if (in->models.nrows == 0) {
        snprintf(p, sizeof p, "%s/models.csv", dir);
        return err_set(e, OS_ERR_INPUT, p, 0, "", "no model in the file"), -1;
    }
    find_extra(dir, "sensitivity.csv", p, sizeof p, in->sens_rel, sizeof in->sens_rel);
    if (tab_load(&in->sens, p, 1, e) < 0)
        return -1;
    find_extra(dir, "uncertainty.csv", p, sizeof p, in->unc_rel, sizeof in->unc_rel);
    if (tab_load(&in->unc, p, 1, e) < 0)
        return -1;
    snprintf(p, sizeof p, "%s/scenario.ini", dir);
    if (ini_load(&in->scn, p, e) < 0)
        return -1;
    snprintf(p, sizeof p, "%s/provenance.ini", dir);
    if (ini_load(&in->prov, p, e) < 0)
        return -1;
    in->names.scn = &in->scn;
    money_prefix(&in->names);
    in->baseline = ini_get(&in->scn, "simulation", "baseline");
    if (!in->baseline || !*in->baseline)
        in->baseline = in->paired.nrows ? tab_get(&in->paired, 0, "baseline")
                                        : tab_get(&in->models, 0, "model");
    /* the headline severity: P1 when there is one, else the first listed */
    in->hl_sev = NULL;
    for (size_t r = 0; r < in->sevs.nrows && !in->hl_sev; r++)
        if (!strcmp(tab_get(&in->sevs, r, "severity"), "P1"))
            in->hl_sev = "P1";
    if (!in->hl_sev && in->sevs.nrows)
        in->hl_sev = tab_get(&in->sevs, 0, "severity");
    return load_sources(in, e);
}

/* The paired.csv row of model, severity, metric, or -1. */
static long paired_row(const brief_in *in, const char *model, const char *sev,
                       const char *metric)
{
    for (size_t r = 0; r < in->paired.nrows; r++)
        if (!strcmp(tab_get(&in->paired, r, "model"), model) &&
            !strcmp(tab_get(&in->paired, r, "severity"), sev) &&
            !strcmp(tab_get(&in->paired, r, "metric"), metric))
            return (long)r;
    return -1;
}

/* The severities.csv row of model and severity, or -1. */
static long sev_row(const brief_in *in, const char *model, const char *sev)
{
    for (size_t r = 0; r < in->sevs.nrows; r++)
        if (!strcmp(tab_get(&in->sevs, r, "model"), model) &&
            !strcmp(tab_get(&in->sevs, r, "severity"), sev))
            return (long)r;
    return -1;
}

/* ----------------------------------------------------------- headline */

/* One headline metric: how its difference is said. */
typedef enum hl_kind { HL_TTR, HL_COST, HL_SLA } hl_kind;

/* An interval's two ends as magnitudes in increasing order, formatted. */
static void hl_amount(FILE *f, const brief_in *in, hl_kind k, double x)
{
    if (k == HL_TTR)
        duration(f, x);
    else if (k == HL_COST)
        money(f, &in->names, x);
    else
        fprintf(f, "%.*f percentage points", fabs(x) < 1 ? 2 : 1, x);
}

/* The sentence for model m against the baseline on one metric.  d = m -
 * baseline (lower is better for TTR and cost; for SLA compliance the
 * difference of breaches is the baseline's gain in compliance). */
static void hl_sentence(FILE *f, const brief_in *in, const char *m, hl_kind k,
                        const char *sev, double d, double lo, double hi)
{
    const char *b = label(&in->names, "model", in->baseline);
    const char *o = label(&in->names, "model", m);
    static const char *const what[] = {"mean time to resolution", "total cost per year",
                                       "SLA compliance"};
    fputs("<li>", f);
    if (!(isfinite(d) && isfinite(lo) && isfinite(hi))) {
        fprintf(f, "%s%s: no interval in paired.csv for ", k == HL_TTR ? sev : "",
                k == HL_TTR ? " " : "");
        html(f, o);
        fputs(".</li>\n", f);
        return;
    }
    if (lo <= 0 && hi >= 0) {
        fputs("<strong>No detectable difference</strong> in ", f);
        if (k == HL_TTR)
            html(f, sev), fputc(' ', f);
        fprintf(f, "%s between ", what[k]);
        html(f, b);
        fputs(" and ", f);
        html(f, o);
        fputs(" (95 % CI of the difference spans 0: ", f);
        hl_amount(f, in, k, -hi);
        fputs(" to ", f);
        hl_amount(f, in, k, -lo);
        fputs(").</li>\n", f);
        return;
    }
    int better = lo > 0;           /* the baseline is lower (better) */
    double a = better ? lo : -hi, z = better ? hi : -lo, mid = fabs(d);
    fputs("Under ", f);
    html(f, b);
    if (k == HL_TTR) {
        fputs(", ", f);
        html(f, sev);
        fputs(" outages are resolved <strong>", f);
        duration(f, mid);
        fprintf(f, " %s</strong> than under ", better ? "sooner" : "later");
    } else if (k == HL_COST) {
        fputs(", the total cost is <strong>", f);
        money(f, &in->names, mid);
        fprintf(f, " a year %s</strong> than under ", better ? "lower" : "higher");
    } else {
        fputs(", SLA compliance is <strong>", f);
        hl_amount(f, in, k, mid);
        fprintf(f, " %s</strong> than under ", better ? "higher" : "lower");
    }
    html(f, o);
    fputs(" (95 % CI ", f);
    hl_amount(f, in, k, a);
    fputs(" \xe2\x80\x93 ", f);
    hl_amount(f, in, k, z);
    fputs(").</li>\n", f);
}

static void write_headline(FILE *f, const brief_in *in)
{
    fputs("<section id=\"headline\">\n<h2>Headline</h2>\n", f);
    fputs("<p class=\"rule\">The baseline, ", f);
    html(f, label(&in->names, "model", in->baseline));
    fputs(", against each other model on mean time to resolution of ", f);
    html(f, in->hl_sev ? in->hl_sev : "all");
    fputs(" outages, total cost per year and SLA compliance: paired differences "
          "over the replications with their 95 % confidence intervals "
          "(paired.csv).</p>\n", f);
    for (size_t r = 0; r < in->models.nrows; r++) {
        const char *m = tab_get(&in->models, r, "model");
        if (!strcmp(m, in->baseline))
            continue;
        fputs("<ul class=\"headline\">\n", f);
        static const char *const metric[] = {"ttr_mean", "total_cost_per_year",
                                             "sla_breach_pct"};
        for (int k = 0; k < 3; k++) {
            const char *sev = k == HL_TTR && in->hl_sev ? in->hl_sev : "all";
            long p = paired_row(in, m, sev, metric[k]);
            double d = NAN, lo = NAN, hi = NAN;
            if (p >= 0) {
                d = tab_num(&in->paired, (size_t)p, "diff");
                lo = tab_num(&in->paired, (size_t)p, "diff_lo");
                hi = tab_num(&in->paired, (size_t)p, "diff_hi");
            }
            hl_sentence(f, in, m, (hl_kind)k, sev, d, lo, hi);
        }
        fputs("</ul>\n", f);
    }
    fputs("</section>\n", f);
}

/* ------------------------------------------------------------- tables */

static void write_comparison(FILE *f, const brief_in *in)
{
    fputs("<section id=\"comparison\">\n<h2>Comparison</h2>\n<table class=\"num\">\n<thead><tr>"
          "<th>Model</th><th>Mean TTR (95 % CI)</th>", f);
    if (in->hl_sev) {
        fputs("<th>", f);
        html(f, in->hl_sev);
        fputs(" mean TTR</th>", f);
    }
    fputs("<th>TTR p90</th><th>SLA compliance</th><th>Downtime cost / year</th>"
          "<th>Staff cost / year</th><th>Fee / year</th><th>Total cost / year</th>"
          "</tr></thead>\n<tbody>\n", f);
    for (size_t r = 0; r < in->models.nrows; r++) {
        const btab *t = &in->models;
        const char *m = tab_get(t, r, "model");
        fputs("<tr><th scope=\"row\">", f);
        html(f, label(&in->names, "model", m));
        if (!strcmp(m, in->baseline))
            fputs(" (baseline)", f);
        fputs("</th><td>", f);
        duration(f, tab_num(t, r, "ttr_mean"));
        fputs("<br><span class=\"ci\">", f);
        duration(f, tab_num(t, r, "ttr_mean_lo"));
        fputs(" \xe2\x80\x93 ", f);
        duration(f, tab_num(t, r, "ttr_mean_hi"));
        fputs("</span></td>", f);
        if (in->hl_sev) {
            long s = sev_row(in, m, in->hl_sev);
            fputs("<td>", f);
            duration(f, s >= 0 ? tab_num(&in->sevs, (size_t)s, "ttr_mean") : NAN);
            fputs("</td>", f);
        }
        fputs("<td>", f);
        duration(f, tab_num(t, r, "ttr_p90"));
        fputs("</td><td>", f);
        pct(f, 100.0 - tab_num(t, r, "sla_breach_pct"));
        static const char *const costs[] = {"downtime_cost_per_year", "staff_cost_per_year",
                                            "fee_per_year", "total_cost_per_year"};
        for (int c = 0; c < 4; c++) {
            fputs("</td><td>", f);
            money(f, &in->names, tab_num(t, r, costs[c]));
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n<p class=\"note\">Currency: ", f);
    const char *cur = ini_get(&in->scn, "organisation", "currency");
    html(f, cur && *cur ? cur : "USD");
    fputs(". TTR: time to resolution, from the outage to its fix (means over "
          "replications; p90 from the pooled histogram). SLA compliance: 100 % minus "
          "the share of incidents that breached a response or resolution target.</p>\n"
          "</section>\n", f);
}

/* The stages of models.csv, in the order an incident meets them; the
 * last, the vendor's, is a column only where some category may need a
 * vendor (docs/model.md §4.12). */
static const char *const stage_cols[][2] = {
    {"detect_mean", "Detection"},      {"intake_mean", "Intake"},
    {"ownership_mean", "Finding an owner"}, {"handoff_mean", "Hand-offs"},
    {"after_hours_mean", "Waiting for business hours"}, {"queue_mean", "Queue"},
    {"work_mean", "Hands-on work"}, {"vendor_mean", "Waiting for the vendor"},
};

static void write_minutes(FILE *f, const brief_in *in, const char *svg)
{
    size_t nstages = sizeof stage_cols / sizeof stage_cols[0];
    if (tab_col(&in->models, "vendor_mean") < 0)
        nstages--;
    fputs("<section id=\"minutes\">\n<h2>Where the minutes go</h2>\n<table class=\"num\">\n"
          "<thead><tr><th>Model</th>", f);
    for (size_t s = 0; s < nstages; s++)
        fprintf(f, "<th>%s</th>", stage_cols[s][1]);
    fputs("<th>Mean TTR</th></tr></thead>\n<tbody>\n", f);
    for (size_t r = 0; r < in->models.nrows; r++) {
        fputs("<tr><th scope=\"row\">", f);
        html(f, label(&in->names, "model", tab_get(&in->models, r, "model")));
        fputs("</th>", f);
        for (size_t s = 0; s < nstages; s++) {
            fputs("<td>", f);
            duration(f, tab_num(&in->models, r, stage_cols[s][0]));
            fputs("</td>", f);
        }
        fputs("<td>", f);
        duration(f, tab_num(&in->models, r, "ttr_mean"));
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n<p class=\"note\">Mean minutes per incident in each stage "
          "(models.csv); the stages add up to the mean TTR.</p>\n", f);
    if (svg)
        fputs(svg, f);
    fputs("</section>\n", f);
}

/* ------------------------------------------------------------- charts */

/* A chart read from the private folder, cleaned for inlining. */
typedef struct bchart {
    const char *name;   /* chart name (stages, ttr, ...) */
    char *svg;          /* the <figure> with the SVG, owned; NULL = not drawn */
} bchart;

#define NCHARTS 5
static const char *const chart_names[NCHARTS] = {"stages", "ttr", "cdf", "sla", "cost"};

/* Append n bytes of s to the growing buffer (*buf, *len, *cap).  0 or -1. */
static int put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (n > (size_t)BRIEF_MAX_SVG)
        return -1;
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 4096;
        while (*len + n + 1 > c)
            c *= 2;
        char *b = realloc(*buf, c);
        if (!b)
            return -1;
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
    return 0;
}

/* gnuplot's SVG made safe to inline: from "<svg" on; <script> elements
 * dropped; an href that is not "#..." emptied to "#"; the ids gnuplot gives
 * every file (gnuplot_canvas, gpDot, gpPt0, ...) prefixed with the chart's
 * name, so that charts in one page do not share ids.  NULL when out of
 * memory (*oom set) or there is no <svg. */
static char *svg_clean(const char *src, const char *name, int *oom)
{
    const char *p = strstr(src, "<svg");
    if (!p)
        return NULL;
    char *out = NULL, pre[80];
    size_t len = 0, cap = 0;
    int n = snprintf(pre, sizeof pre, "%s-", name);
    int bad = 0;
    while (*p && !bad) {
        if (!strncmp(p, "<script", 7)) {
            const char *end = strstr(p, "</script>");
            p = end ? end + 9 : p + strlen(p);
            continue;
        }
        if (!strncmp(p, "href=", 5) && (p[5] == '"' || p[5] == '\'')) {
            char q = p[5];
            const char *end = strchr(p + 6, q);
            if (!end)
                break;
            bad |= put(&out, &len, &cap, p, 6);
            if (p[6] == '#' && end > p + 6) {
                bad |= put(&out, &len, &cap, "#", 1);
                bad |= put(&out, &len, &cap, pre, (size_t)n);
                bad |= put(&out, &len, &cap, p + 7, (size_t)(end - p - 7));
            } else {
                bad |= put(&out, &len, &cap, "#", 1);
            }
            p = end;
            continue;
        }
        if (!strncmp(p, "id=", 3) && (p[3] == '"' || p[3] == '\'')) {
            bad |= put(&out, &len, &cap, p, 4);
            bad |= put(&out, &len, &cap, pre, (size_t)n);
            p += 4;
            continue;
        }
        bad |= put(&out, &len, &cap, p, 1);
        p++;
    }
    if (bad || !out) {
        /* put fails here for memory alone: no piece is longer than src,
         * which slurp kept within BRIEF_MAX_SVG */
        *oom = 1;
        free(out);
        return NULL;
    }
    return out;
}

/* Read a whole file (at most BRIEF_MAX_SVG bytes) into a string.  NULL
 * when it cannot, with *oom set when that is for lack of memory (the open's
 * or the buffer's). */
static char *slurp(const char *path, int *oom)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *oom = errno == ENOMEM;
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    char chunk[8192];
    size_t got;
    int bad = 0;
    while (!bad && (got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (put(&buf, &len, &cap, chunk, got) < 0)   /* got < BRIEF_MAX_SVG: memory */
            bad = *oom = 1;
        else
            bad = len > BRIEF_MAX_SVG;
    }
    if (ferror(f))
        bad = 1;
    fclose(f);
    if (bad || !buf) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Draw the run charts as SVG into tmp/charts and read them in. */
static int draw_charts(const brief_opts *o, const char *tmp, bchart *ch, os_error *e)
{
    char out[BRIEF_PATH], p[BRIEF_PATH];
    snprintf(out, sizeof out, "%s/charts", tmp);
    plot_opts po = {.dir = o->dir, .out = out, .format = PLOT_SVG, .scripts = o->scripts,
                    .gnuplot = o->gnuplot, .prov = o->prov};
    int n = 0;
    if (plot_run(&po, &n, e) < 0)
        return -1;
    for (int i = 0; i < NCHARTS; i++) {
        ch[i].name = chart_names[i];
        snprintf(p, sizeof p, "%s/%s.svg", out, chart_names[i]);
        if (access(p, F_OK) != 0)
            continue;
        int oom = 0;
        char *raw = slurp(p, &oom);
        char *clean = raw ? svg_clean(raw, chart_names[i], &oom) : NULL;
        free(raw);
        if (!clean)
            return err_set(e, OS_ERR_ENV, p, 0, "",
                           oom ? "out of memory" : "cannot read the chart gnuplot drew"), -1;
        char *fig = NULL;
        size_t len = 0, cap = 0;
        char head[128];
        int hn = snprintf(head, sizeof head, "<figure class=\"chart\" id=\"chart-%s\">\n",
                          chart_names[i]);
        int bad = put(&fig, &len, &cap, head, (size_t)hn);
        bad |= put(&fig, &len, &cap, clean, strlen(clean));
        bad |= put(&fig, &len, &cap, "</figure>\n", 10);
        free(clean);
        if (bad) {
            free(fig);
            return err_set(e, OS_ERR_ENV, p, 0, "", "out of memory"), -1;
        }
        ch[i].svg = fig;
    }
    return 0;
}

static void write_charts(FILE *f, const bchart *ch)
{
    fputs("<section id=\"charts\">\n<h2>Charts</h2>\n", f);
    for (int i = 1; i < NCHARTS; i++)
        if (ch[i].svg)
            fputs(ch[i].svg, f);
    fputs("</section>\n", f);
}

/* -------------------------------------------------------- assumptions */

/* The comment block right above line (1-based) of the original scenario,
 * without the leading "; " of each line, lines joined by a space. */
static void write_source(FILE *f, const brief_in *in, int line)
{
    size_t first = (size_t)line - 1;      /* index of the key's line */
    while (first > 0) {
        const char *l = in->orig_lines[first - 1];
        while (*l == ' ' || *l == '\t')
            l++;
        if (*l != ';' && *l != '#')
            break;
        first--;
    }
    for (size_t i = first; i + 1 < (size_t)line; i++) {
        const char *l = in->orig_lines[i];
        while (*l == ' ' || *l == '\t')
            l++;
        l++;
        while (*l == ' ')
            l++;
        if (i > first)
            fputc(' ', f);
        html(f, l);
    }
}

/* One item of a list, blanks around it stripped. */
typedef struct bitem {
    const char *s;      /* start (borrowed) */
    size_t n;           /* length */
} bitem;

/* Whether two items are the same up to the writing of numbers: equal as
 * numbers, or equal text before a ':' and the same after it, or equal text. */
static int same_item(const char *a, size_t na, const char *b, size_t nb)
{
    double x, y;
    if (num_parse(a, na, &x) == NUM_OK && num_parse(b, nb, &y) == NUM_OK)
        return x == y;
    const char *ca = memchr(a, ':', na), *cb = memchr(b, ':', nb);
    if (ca && cb && ca - a == cb - b && !memcmp(a, b, (size_t)(ca - a)))
        return same_item(ca + 1, na - (size_t)(ca - a) - 1, cb + 1, nb - (size_t)(cb - b) - 1);
    return na == nb && !memcmp(a, b, na);
}

/* Split s at commas into at most max items; the count, or max + 1. */
static size_t split_items(const char *s, bitem *it, size_t max)
{
    size_t k = 0;
    for (;;) {
        while (*s == ' ')
            s++;
        size_t n = strcspn(s, ","), t = n;
        while (t && s[t - 1] == ' ')
            t--;
        if (k == max)
            return max + 1;
        it[k].s = s;
        it[k++].n = t;
        if (!s[n])
            return k;
        s += n + 1;
    }
}

/* Whether the value the run used is the one the file wrote, up to the
 * writing of numbers and the order of a list's items ("3.0, 1" is "3, 1";
 * a map written back in the scenario's order of keys is the same map). */
static int same_value(const char *a, const char *b)
{
    enum { MAXI = 64 };
    bitem ia[MAXI], ib[MAXI];
    size_t na = split_items(a, ia, MAXI), nb = split_items(b, ib, MAXI);
    if (na > MAXI || nb > MAXI || na != nb)
        return !strcmp(a, b);
    unsigned char used[MAXI] = {0};
    for (size_t i = 0; i < na; i++) {
        size_t j = 0;
        while (j < nb && (used[j] || !same_item(ia[i].s, ia[i].n, ib[j].s, ib[j].n)))
            j++;
        if (j == nb)
            return 0;
        used[j] = 1;
    }
    return 1;
}

static void write_assumptions(FILE *f, const brief_in *in)
{
    fputs("<section id=\"assumptions\">\n<h2>Key assumptions</h2>\n", f);
    if (in->orig_why) {
        fputs("<p class=\"note\">Sources not shown: ", f);
        html(f, in->orig_why);
        fputs(". The values are in the run folder's scenario.ini.</p>\n</section>\n", f);
        return;
    }
    fputs("<p class=\"note\">Every key the scenario file ", f);
    html(f, ini_get(&in->prov, "inputs", "path1"));
    fputs(" sets, with the value the run used and the comment written above it "
          "in that file (its source or reasoning).</p>\n<table class=\"assumptions\">\n"
          "<thead><tr><th>Key</th><th>Value</th><th>Source</th></tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < in->orig.n; i++) {
        const bkv *kv = &in->orig.kv[i];
        const char *used = ini_get(&in->scn, kv->section, kv->key);
        fputs("<tr><td><code>", f);
        html(f, kv->section);
        fputc('.', f);
        html(f, kv->key);
        fputs("</code></td><td>", f);
        html(f, used ? used : kv->value);
        if (used && !same_value(used, kv->value)) {
            fputs(" <em>(the file says ", f);
            html(f, kv->value);
            fputs(")</em>", f);
        }
        fputs("</td><td>", f);
        if (kv->line >= 1 && (size_t)kv->line <= in->norig)
            write_source(f, in, kv->line);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n</section>\n", f);
}

/* ------------------------------------------- sensitivity, uncertainty */

/* The columns of t that exist among want, as a table of at most max rows. */
static void write_csv_table(FILE *f, const btab *t, const char *const *want, size_t nwant,
                            size_t max)
{
    fputs("<table>\n<thead><tr>", f);
    for (size_t c = 0; c < nwant; c++)
        if (tab_col(t, want[c]) >= 0) {
            fputs("<th>", f);
            html(f, want[c]);
            fputs("</th>", f);
        }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t r = 0; r < t->nrows && r < max; r++) {
        fputs("<tr>", f);
        for (size_t c = 0; c < nwant; c++)
            if (tab_col(t, want[c]) >= 0) {
                fputs("<td>", f);
                html(f, tab_get(t, r, want[c]));
                fputs("</td>", f);
            }
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
}

static void write_studies(FILE *f, const brief_in *in)
{
    if (in->sens.head) {
        static const char *const cols[] = {"rank", "key", "model", "baseline", "metric",
                                           "low", "base", "high", "diff_low", "diff_base",
                                           "diff_high", "swing", "flips", "crossing"};
        fputs("<section id=\"sensitivity\">\n<h2>Sensitivity</h2>\n<p class=\"note\">"
              "One key moved at a time (", f);
        html(f, in->sens_rel);
        fputs("): the difference A \xe2\x88\x92 B at the low, base and high value of each "
              "key, the 15 largest swings first; flips = 1 when the sign changes, "
              "crossing where it does.</p>\n", f);
        write_csv_table(f, &in->sens, cols, sizeof cols / sizeof cols[0], 15);
        fputs("</section>\n", f);
    }
    if (in->unc.head) {
        static const char *const cols[] = {"what", "name", "metric", "sets", "mean", "p5",
                                           "p50", "p95", "probability", "probability_lo",
                                           "probability_hi", "prcc"};
        fputs("<section id=\"uncertainty\">\n<h2>Uncertainty</h2>\n<p class=\"note\">"
              "Uncertain keys drawn together (", f);
        html(f, in->unc_rel);
        fputs("): each model's value over the parameter sets, P(A beats B) with its "
              "Wilson 95 % interval, and each key's partial rank correlation with "
              "A \xe2\x88\x92 B.</p>\n", f);
        write_csv_table(f, &in->unc, cols, sizeof cols / sizeof cols[0], 200);
        fputs("</section>\n", f);
    }
}

/* ------------------------------------------- method, reproducibility */

/* The holidays a calendar or schedule section closes on: its holiday file's
 * name (not its folder, a path of this machine) and its listed dates. */
static void write_holidays(FILE *f, const bini *scn, const char *sec)
{
    const char *file = ini_get(scn, sec, "holidays_file");
    const char *dates = ini_get(scn, sec, "holidays");
    if (file && *file) {
        const char *slash = strrchr(file, '/');
        fputs(", closed on the holidays of <code>", f);
        html(f, slash ? slash + 1 : file);
        fputs("</code>", f);
    }
    if (dates && *dates) {
        size_t n = 1;
        for (const char *c = dates; *c; c++)
            n += *c == ',';
        fprintf(f, "%s%zu listed date%s", file && *file ? " and " : ", closed on ", n,
                n == 1 ? "" : "s");
    }
}

/* The hours of a schedule section, or the calendar's: "mon-fri 08:00-17:00
 * (Europe/Paris)". */
static void write_hours_of(FILE *f, const bini *scn, const char *sec)
{
    const char *h = ini_get(scn, sec, "hours");
    if (!strcmp(sec, "calendar") && !(h && *h)) {
        const char *days = ini_get(scn, sec, "days"), *o = ini_get(scn, sec, "open"),
                   *c = ini_get(scn, sec, "close");
        html(f, days ? days : "mon-fri");
        fputc(' ', f);
        html(f, o ? o : "08:00");
        fputc('-', f);
        html(f, c ? c : "17:00");
    } else {
        html(f, h && *h ? h : "mon-fri 08:00-17:00");
    }
    const char *tz = ini_get(scn, sec, "tz");
    if (tz && *tz) {
        fputs(" (", f);
        html(f, tz);
        fputc(')', f);
    }
    write_holidays(f, scn, sec);
}

/* One party's hours and after-hours cover, a sentence. */
static void write_party_hours(FILE *f, const bini *scn, const bnames *nm, const char *sec)
{
    const char *id = sec + 6, *cov = ini_get(scn, sec, "coverage");
    const char *sch = ini_get(scn, sec, "schedule"), *oc = ini_get(scn, sec, "oncall");
    const char *ocs = ini_get(scn, sec, "oncall_staff");
    fputc(' ', f);
    html(f, label(nm, "party", id));
    fputs(": ", f);
    if (cov && !strcmp(cov, "24x7")) {
        fputs("works round the clock.", f);
        return;
    }
    if (sch && *sch) {
        int nsites = 1;
        for (const char *c = sch; *c; c++)
            nsites += *c == '+';
        if (nsites > 1)
            fprintf(f, "works at %d sites: ", nsites);
        else
            fputs("works ", f);
        char buf[512];
        snprintf(buf, sizeof buf, "%s", sch);
        char *save = NULL;
        int k = 0;
        for (char *t = strtok_r(buf, "+", &save); t; t = strtok_r(NULL, "+", &save), k++) {
            char ssec[600];
            snprintf(ssec, sizeof ssec, "schedule.%s", t);
            fputs(k ? "; " : "", f);
            write_hours_of(f, scn, ssec);
        }
    } else {
        fputs("works the calendar's hours", f);
    }
    if (oc && *oc) {
        fputs("; after hours, call-outs for ", f);
        html(f, oc);
        if (ocs && *ocs) {
            fputs(" to ", f);
            html(f, ocs);
            fputs(" on-call engineer", f);
            fputs(strcmp(ocs, "1") ? "s" : "", f);
        }
    } else {
        fputs("; nothing after hours", f);
    }
    const char *ac = ini_get(scn, sec, "at_close");
    if (ac && !strcmp(ac, "pause"))
        fputs("; work in hand pauses at closing", f);
    fputc('.', f);
}

/* The time model in a sentence or two a client can check: the start, the
 * zone, each party's hours and after-hours cover.  After-hours waiting is
 * most of the mean TTR, so the brief says which hours it assumed. */
static void write_time(FILE *f, const brief_in *in, const bnames *nm)
{
    const bini *scn = &in->scn;
    const char *start = ini_get(scn, "simulation", "start");
    const char *tz = ini_get(scn, "simulation", "tz");
    fputs("<li>Time: every replication starts at 00:00 on ", f);
    html(f, start && *start ? start : "2026-01-05");
    if (tz && *tz) {
        fputs(" in ", f);
        html(f, tz);
        fputs(" (daylight saving included)", f);
    } else {
        fputs(" on the users' local clock (no time zone: daylight saving is ignored)", f);
    }
    fputs(". Business hours (the calendar): ", f);
    write_hours_of(f, scn, "calendar");
    fputs(".", f);
    for (size_t i = 0; i < scn->n; i++) {
        const char *sec = scn->kv[i].section;
        if (strncmp(sec, "party.", 6) != 0)
            continue;
        size_t j = 0;   /* the first pair of this section only */
        while (j < i && strcmp(scn->kv[j].section, sec) != 0)
            j++;
        if (j < i)
            continue;
        write_party_hours(f, scn, nm, sec);
    }
    /* what waiting for them weighs, measured: after_hours over TTR */
    double lo = INFINITY, hi = -INFINITY;
    for (size_t r = 0; r < in->models.nrows; r++) {
        double a = tab_num(&in->models, r, "after_hours_mean");
        double t = tab_num(&in->models, r, "ttr_mean");
        if (isfinite(a) && t > 0) {
            lo = fmin(lo, 100 * a / t);
            hi = fmax(hi, 100 * a / t);
        }
    }
    if (isfinite(lo))
        fprintf(f, " Waiting for these hours is %.0f%s%.0f %% of the models' mean time to "
                "resolution.", lo, lo < hi ? "\xe2\x80\x93" : "", hi);
    fputs("</li>\n", f);
}

static void write_method(FILE *f, const brief_in *in)
{
    const char *reps = tab_get(&in->models, 0, "reps");
    const char *inc = ini_get(&in->scn, "simulation", "incidents");
    const char *warm = ini_get(&in->scn, "simulation", "warmup");
    fputs("<section id=\"method\">\n<h2>Method and caveats</h2>\n<ul>\n"
          "<li>A discrete-event simulation (ownsim) replays one synthetic outage stream "
          "through every ownership model: ", f);
    html(f, reps);
    fputs(" replications of ", f);
    html(f, inc ? inc : "?");
    fputs(" incidents each, the first ", f);
    html(f, warm ? warm : "0");
    fputs(" of each left out as warm-up. All models see the same outages (common "
          "random numbers), so differences are paired replication by replication.</li>\n"
          "<li>Intervals are 95 % Student t intervals over the replications; a "
          "difference whose interval spans 0 is reported as no detectable "
          "difference.</li>\n"
          "<li>The results are as good as the assumptions above: they are estimates "
          "from published benchmarks and reasoning, not measurements of this "
          "organisation. The sensitivity and uncertainty analyses, when present, show "
          "which ones decide the comparison.</li>\n"
          "<li>Costs are in the scenario's currency and exclude what the model does not "
          "represent (transition costs, contract terms, quality of work).</li>\n", f);
    write_time(f, in, &in->names);
    fputs("</ul>\n</section>\n", f);
}

static void write_repro(FILE *f, const brief_in *in)
{
    fputs("<section id=\"reproducibility\">\n<h2>Reproducibility</h2>\n<p class=\"note\">"
          "From the folder's provenance.ini: the build, the command and the SHA-256 of "
          "every input file. The same command with the same build gives the same "
          "results, byte for byte.</p>\n<table class=\"repro\">\n<tbody>\n", f);
    for (size_t i = 0; i < in->prov.n; i++) {
        const bkv *kv = &in->prov.kv[i];
        fputs("<tr><th scope=\"row\">", f);
        html(f, kv->section);
        fputc('.', f);
        html(f, kv->key);
        fputs("</th><td><code>", f);
        html(f, kv->value);
        fputs("</code></td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n</section>\n", f);
}

/* ------------------------------------------------------------ the page */

static const char style[] =
    "body{font-family:sans-serif;font-size:10.5pt;line-height:1.4;color:#111;"
    "max-width:60em;margin:1.5em auto;padding:0 1em}\n"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:1px solid #999;"
    "margin-top:1.6em;break-after:avoid}\n"
    "table{border-collapse:collapse;margin:.6em 0;font-size:.92em}\n"
    "th,td{border:1px solid #bbb;padding:.2em .45em;text-align:left;vertical-align:top}\n"
    "thead th{background:#eee}tr{break-inside:avoid}\n"
    "ul.headline{margin:.3em 0 .8em}ul.headline li{margin:.2em 0}\n"
    ".note{color:#333;font-size:.92em}\n"
    "figure.chart{margin:1em 0;break-inside:avoid}\n"
    "figure.chart svg{width:100%;height:auto;display:block}\n"
    "table.assumptions td:first-child{white-space:nowrap}\n"
    /* a long value (a file's path) may break anywhere, so that it does not
     * widen its column and squeeze the sources into a narrow strip */
    "table.assumptions td:nth-child(2){overflow-wrap:anywhere;width:13em}\n"
    "table.num td{white-space:nowrap}.ci{color:#555;font-size:.85em}\n"
    "table.repro code{word-break:break-all}\n";

static void write_page(FILE *f, const brief_in *in, const bchart *ch, const char *page)
{
    const char *name = ini_get(&in->scn, "simulation", "name");
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; img-src data:\">\n<title>Brief: ", f);
    html(f, name ? name : "");
    fputs("</title>\n<style>\n", f);
    fputs(style, f);
    fprintf(f, "@page{%s margin:15mm}\n</style>\n</head>\n<body>\n<h1>Proposal brief: ", page);
    html(f, name ? name : "");
    fputs("</h1>\n<p class=\"note\">Generated by <code>ownsim report</code> from the run "
          "folder's files; every figure below comes from them.</p>\n", f);
    write_headline(f, in);
    write_comparison(f, in);
    write_minutes(f, in, ch[0].svg);
    write_charts(f, ch);
    write_assumptions(f, in);
    write_studies(f, in);
    write_method(f, in);
    write_repro(f, in);
    fputs("</body>\n</html>\n", f);
}

/* Write the page to path atomically. */
static int write_html(const char *path, const brief_in *in, const bchart *ch,
                      const char *page, os_error *e)
{
    csvw *w = csvw_open(path, e);
    if (!w)
        return -1;
    write_page(csvw_stream(w), in, ch, page);
    return csvw_commit(w, e);
}

int brief_parse_paper(const char *text, brief_paper *out)
{
    if (!strcmp(text, "a4"))
        *out = BRIEF_A4;
    else if (!strcmp(text, "letter"))
        *out = BRIEF_LETTER;
    else
        return -1;
    return 0;
}

/* The private folder in $TMPDIR or /tmp; 0 or -1 with e set. */
static int make_tmp(char *tmp, size_t n, os_error *e)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base || strlen(base) > 1024)
        base = "/tmp";
    snprintf(tmp, n, "%s/ownsim-report-XXXXXX", base);
    if (!mkdtemp(tmp))
        return err_set(e, OS_ERR_ENV, tmp, 0, "", "cannot create a temporary folder"), -1;
    return 0;
}

static int brief_pdf(const brief_opts *o, const brief_in *in, const bchart *ch,
                     const char *tmp, os_error *e)
{
    char html_path[BRIEF_PATH], abs[BRIEF_PATH];
    snprintf(html_path, sizeof html_path, "%s/print.html", tmp);
    const char *page = o->paper == BRIEF_LETTER ? "size:letter;" : "size:A4;";
    if (write_html(html_path, in, ch, page, e) < 0)
        return -1;
    if (html_path[0] != '/') {
        if (!getcwd(abs, sizeof abs))
            return err_set(e, OS_ERR_ENV, html_path, 0, "", "cannot find the current folder"), -1;
        size_t l = strlen(abs);
        snprintf(abs + l, sizeof abs - l, "/%s", html_path);
    } else {
        snprintf(abs, sizeof abs, "%s", html_path);
    }
    return brief_print_pdf(o->chromium, abs, tmp, o->pdf, e);
}

int brief_write(const brief_opts *o, os_error *e)
{
    brief_in in;
    bchart ch[NCHARTS] = {{0}};
    char tmp[BRIEF_PATH];
    if (load_inputs(&in, o->dir, e) < 0) {
        in_free(&in);
        return -1;
    }
    if (make_tmp(tmp, sizeof tmp, e) < 0) {
        in_free(&in);
        return -1;
    }
    int slot = csvw_track(tmp, true);
    int rc = draw_charts(o, tmp, ch, e);
    /* the PDF first: a browser that fails leaves neither file */
    if (rc == 0 && o->pdf)
        rc = brief_pdf(o, &in, ch, tmp, e);
    if (rc == 0)
        rc = write_html(o->html, &in, ch, "", e);
    csvw_remove_tree(AT_FDCWD, tmp);
    if (slot >= 0)
        csvw_untrack(slot);
    for (int i = 0; i < NCHARTS; i++)
        free(ch[i].svg);
    in_free(&in);
    return rc;
}
