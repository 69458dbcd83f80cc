/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * implied_expect.c — plausibility as a test: what a scenario implies
 * (implied.h, the figures `ownsim check` prints) against an expect file of
 * cited ranges, and the Markdown table docs/model.md carries from that file.
 *
 *   implied-expect check SCENARIO EXPECT.csv   every range holds, or exit 1
 *   implied-expect markdown EXPECT.csv         the table of docs/model.md
 *   implied-expect template SCENARIO OUT.csv   an expect file of the figures
 *                                              SCENARIO implies now (±1 %),
 *                                              marked as placeholders
 *
 * The expect file (RFC 4180 CSV, read with csvfile.h) has the columns
 * figure, low, high, source.  `figure` is an implied figure's name,
 * optionally followed by blank-separated qualifiers model=NAME, party=NAME,
 * severity=NAME: it selects every row of the scenario's implied figures with
 * that name and those names (no qualifier: every row of the figure).  Each
 * selected row must lie in [low, high] (an empty bound is no bound; an
 * unknown value, NaN, lies in no range), and a selector that selects
 * nothing fails, so the file cannot go stale silently when a figure is
 * renamed.  A downtime figure (downtime_*) comes from a run's results:
 * when the file names one, the scenario is run as it stands first.
 * `make test` runs `check` on scenarios/default.ini and compares
 * `markdown` with docs/model.md between <!-- BEGIN EXPECT --> and
 * <!-- END EXPECT --> (`make expect-docs` rewrites that section).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/csvfile.h"
#include "ownsim/implied.h"
#include "ownsim/number.h"
#include "ownsim/point.h"
#include "ownsim/scenario.h"

#define MAX_EXPECT 1000

typedef struct expect {
    char *figure, *low, *high, *source;   /* the fields as written; owned */
    long line;                            /* line in the file */
} expect;

typedef struct reader {
    const char *path;
    expect rows[MAX_EXPECT];
    size_t n;
    long col[4];                          /* figure, low, high, source */
    bool header;                          /* the header was read */
    os_error *e;
} reader;

static int on_record(void *ctx, size_t nf, char **f, long line)
{
    reader *rd = ctx;
    static const char *const names[] = {"figure", "low", "high", "source"};
    if (!rd->header) {
        for (int i = 0; i < 4; i++) {
            rd->col[i] = csvr_column(rd->path, line, nf, f, names[i], CSVR_EXACT, NULL, rd->e);
            if (rd->col[i] == -1)
                err_set(rd->e, OS_ERR_INPUT, rd->path, line, names[i], "no column '%s'",
                        names[i]);
            if (rd->col[i] < 0)
                return -1;
        }
        rd->header = true;
        return 0;
    }
    if (rd->n == MAX_EXPECT) {
        err_set(rd->e, OS_ERR_INPUT, rd->path, line, "", "more than %d rows", MAX_EXPECT);
        return -1;
    }
    expect *x = &rd->rows[rd->n++];
    x->line = line;
    char **dst[4] = {&x->figure, &x->low, &x->high, &x->source};
    for (int i = 0; i < 4; i++)
        *dst[i] = strdup((size_t)rd->col[i] < nf ? f[rd->col[i]] : "");
    return 0;
}

static void free_rows(reader *rd)
{
    for (size_t i = 0; i < rd->n; i++) {
        free(rd->rows[i].figure);
        free(rd->rows[i].low);
        free(rd->rows[i].high);
        free(rd->rows[i].source);
    }
}

static int read_expect(const char *path, reader *rd, os_error *e)
{
    memset(rd, 0, sizeof *rd);
    rd->path = path;
    rd->e = e;
    if (csvr_read(path, on_record, rd, e) != 0)
        return -1;
    if (!rd->header)
        return err_set(e, OS_ERR_INPUT, path, 1, "", "empty file: no header");
    return 0;
}

/* A bound: "" is none (-inf or +inf as given), else a number. */
static int bound(const char *text, double none, double *out)
{
    if (!text[0]) {
        *out = none;
        return 0;
    }
    return num_parse(text, strlen(text), out) == NUM_OK ? 0 : -1;
}

/* Does row r of s match the selector "NAME [model=X] [party=X] [severity=X]"?
 * -1 for a malformed selector. */
static int selects(const scenario *s, const implied_row *r, const char *selector)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", selector);
    char *save = NULL, *tok = strtok_r(buf, " ", &save);
    if (!tok)
        return -1;
    int match = !strcmp(tok, r->figure);
    while ((tok = strtok_r(NULL, " ", &save))) {
        char *eq = strchr(tok, '=');
        if (!eq)
            return -1;
        *eq = '\0';
        const char *want = eq + 1, *have;
        if (!strcmp(tok, "model"))
            have = r->model >= 0 ? s->model[r->model].name : "";
        else if (!strcmp(tok, "party"))
            have = r->party >= 0 ? s->party[r->party].name : "";
        else if (!strcmp(tok, "severity"))
            have = r->sev >= 0 ? s->sev[r->sev].name : "";
        else
            return -1;
        match &= !strcmp(want, have);
    }
    return match;
}

static const char *row_name(const scenario *s, const implied_row *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s%s%s%s%s%s", r->figure, r->model >= 0 ? " model=" : "",
             r->model >= 0 ? s->model[r->model].name : "", r->party >= 0 ? " party=" : "",
             r->party >= 0 ? s->party[r->party].name : "", r->sev >= 0 ? " severity=" : "",
             r->sev >= 0 ? s->sev[r->sev].name : "");
    return buf;
}

/* What s implies.  The downtime figures need a run's results: when the
 * expect file names one, s is run as it stands (its seed, replications and
 * incidents; a fraction of a second for the default scenario) into *res. */
static int implies(const scenario *s, const reader *rd, point_result *res, bool *run,
                   implied *im, os_error *e)
{
    for (size_t i = 0; i < rd->n; i++)
        if (strncmp(rd->rows[i].figure, "downtime_", 9) == 0)
            *run = true;
    if (!*run)
        return implied_scenario(s, im, e);
    point_opts o = {.jobs = 2};
    if (point_run(s, &o, res, e) < 0) {
        *run = false;
        return -1;
    }
    return implied_results(s, res, im, e);
}

static int cmd_check(const char *scn, const char *path)
{
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(scn, NULL, 0, &e);
    reader *rd = malloc(sizeof *rd);
    implied im = {0};
    point_result res = {0};
    bool run = false;
    if (!s || !rd || read_expect(path, rd, &e) < 0 || implies(s, rd, &res, &run, &im, &e) < 0) {
        err_print(&e, stderr);
        free(rd);
        scn_destroy(s);
        return 2;
    }
    int bad = 0;
    for (size_t i = 0; i < rd->n; i++) {
        const expect *x = &rd->rows[i];
        double lo, hi;
        if (bound(x->low, -INFINITY, &lo) < 0 || bound(x->high, INFINITY, &hi) < 0) {
            printf("not ok - %s:%ld: '%s': low '%s' or high '%s' is not a number\n", path,
                   x->line, x->figure, x->low, x->high);
            bad++;
            continue;
        }
        int n = 0, out = 0;
        for (size_t j = 0; j < im.n; j++) {
            const implied_row *r = &im.rows[j];
            int m = selects(s, r, x->figure);
            if (m < 0) {
                printf("not ok - %s:%ld: '%s' is not NAME [model=X] [party=X] "
                       "[severity=X]\n", path, x->line, x->figure);
                bad++;
                break;
            }
            if (!m)
                continue;
            n++;
            if (!(r->value >= lo && r->value <= hi)) {
                char name[256];
                printf("not ok - %s: %s implies %s = %g, outside [%s, %s] (%s:%ld; %s)\n", scn,
                       row_name(s, r, name, sizeof name), r->figure, r->value,
                       x->low[0] ? x->low : "-inf", x->high[0] ? x->high : "inf", path,
                       x->line, x->source);
                out++;
            }
        }
        if (n == 0) {
            printf("not ok - %s:%ld: '%s' selects no figure %s implies\n", path, x->line,
                   x->figure, scn);
            bad++;
        } else if (out) {
            bad++;
        } else {
            printf("ok - %s: %s in [%s, %s] (%d value%s)\n", scn, x->figure,
                   x->low[0] ? x->low : "-inf", x->high[0] ? x->high : "inf", n,
                   n == 1 ? "" : "s");
        }
    }
    implied_free(&im);
    if (run)
        point_free(&res);
    free_rows(rd);
    free(rd);
    scn_destroy(s);
    return bad ? 1 : 0;
}

/* Markdown: a `|` in a cell would end it; write it escaped. */
static void cell(const char *t)
{
    for (; *t; t++) {
        if (*t == '|')
            fputc('\\', stdout);
        fputc(*t, stdout);
    }
}

static int cmd_markdown(const char *path)
{
    os_error e;
    err_clear(&e);
    reader *rd = malloc(sizeof *rd);
    if (!rd || read_expect(path, rd, &e) < 0) {
        err_print(&e, stderr);
        free(rd);
        return 2;
    }
    printf("| figure | low | high | source |\n|---|---|---|---|\n");
    for (size_t i = 0; i < rd->n; i++) {
        const expect *x = &rd->rows[i];
        printf("| `");
        cell(x->figure);
        printf("` | %s | %s | ", x->low[0] ? x->low : "—", x->high[0] ? x->high : "—");
        cell(x->source);
        printf(" |\n");
    }
    free_rows(rd);
    free(rd);
    return fflush(stdout) != 0 || ferror(stdout) ? 1 : 0;
}

static int cmd_template(const char *scn, const char *out)
{
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(scn, NULL, 0, &e);
    implied im = {0};
    csvw *w = NULL;
    if (!s || implied_scenario(s, &im, &e) < 0 || !(w = csvw_open(out, &e))) {
        err_print(&e, stderr);
        implied_free(&im);
        scn_destroy(s);
        return 2;
    }
    static const char *const head[] = {"figure", "low", "high", "source"};
    for (int i = 0; i < 4; i++)
        csvw_str(w, head[i]);
    csvw_end(w);
    for (size_t i = 0; i < im.n; i++) {
        const implied_row *r = &im.rows[i];
        if (isnan(r->value))
            continue;
        char name[256], src[512];
        snprintf(src, sizeof src, "PLACEHOLDER: what %s implies now (%.4g), +-1 %%; "
                 "not a cited range", scn, r->value);
        csvw_str(w, row_name(s, r, name, sizeof name));
        csvw_num(w, fmin(r->value * 0.99, r->value * 1.01), 4);
        csvw_num(w, fmax(r->value * 0.99, r->value * 1.01), 4);
        csvw_str(w, src);
        csvw_end(w);
    }
    implied_free(&im);
    scn_destroy(s);
    if (csvw_commit(w, &e) < 0) {
        err_print(&e, stderr);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "check"))
        return cmd_check(argv[2], argv[3]);
    if (argc == 3 && !strcmp(argv[1], "markdown"))
        return cmd_markdown(argv[2]);
    if (argc == 4 && !strcmp(argv[1], "template"))
        return cmd_template(argv[2], argv[3]);
    fprintf(stderr, "usage: implied-expect check SCENARIO EXPECT.csv | markdown EXPECT.csv | "
                    "template SCENARIO OUT.csv\n");
    return 2;
}
