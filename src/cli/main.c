/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c — the command line: a thin layer over the library, and the only
 * place that prints errors and calls exit (with the other files of
 * src/cli).
 *
 * main finds the command by name in the command table (commands.c); each
 * command parses its options with cli_parse (options.c), driven by the
 * table, then calls the library.  Exit status: 0 success, 2 bad usage or
 * bad input (scenario, outage file, option), 1 anything else (I/O, memory,
 * a failed write to stdout).
 *
 * The path "-" is standard input where a file is read and standard output
 * where one file is written: main hands both streams to the library once
 * (csv_set_stdio, csvfile.h), which reads standard input whole at its first
 * use and writes "-" only when the whole file is made; an error naming "-"
 * is shown as <stdin>.  A command that writes one file (fit, import,
 * report) writes its provenance beside it (prov_beside); one that writes a
 * folder refuses -o -.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <csv.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_version.h>
#include <nettle/version.h>

#include "ownsim/csvfile.h"

#include "ownsim/breakeven.h"
#include "ownsim/calibrate.h"
#include "ownsim/brief.h"
#include "ownsim/error.h"
#include "ownsim/fit.h"
#include "ownsim/goalseek.h"
#include "ownsim/grid.h"
#include "ownsim/implied.h"
#include "ownsim/import.h"
#include "ownsim/metric.h"
#include "ownsim/metric_spec.h"
#include "ownsim/number.h"
#include "ownsim/outages.h"
#include "ownsim/outdir.h"
#include "ownsim/plot.h"
#include "ownsim/point.h"
#include "ownsim/progress.h"
#include "ownsim/provenance.h"
#include "ownsim/report.h"
#include "ownsim/run.h"
#include "ownsim/scenario.h"
#include "ownsim/sensitivity.h"
#include "ownsim/sweep.h"
#include "ownsim/uncertainty.h"

#include "ownsim/version.h"

#include "cli.h"

/* The command line as typed, for the provenance of output folders. */
static int cmd_argc;
static char **cmd_argv;

/* An error naming the file "-" names standard input (csvfile.h): shown
 * as <stdin>. */
int fail(const os_error *e)
{
    if (csv_is_stdio(e->file)) {
        os_error shown = *e;
        snprintf(shown.file, sizeof shown.file, "%s", csv_stdin_name());
        err_print(&shown, stderr);
    } else {
        err_print(e, stderr);
    }
    return e->kind == OS_ERR_ENV ? 1 : 2;
}

/* The progress line: the library reports (progress.h), the CLI draws one
 * line on stderr, redrawn in place with \r, only on a terminal and not
 * with -q.  The library calls back on this thread only.  progress_end
 * clears the line before anything else is printed. */
typedef struct progress_line {
    int width;                 /* characters on the line now, 0 = none drawn */
    const char *search;        /* the command of OS_PROGRESS_EVALS; NULL = breakeven */
    const char *what;          /* what runs points (OS_PROGRESS_POINTS): NULL = sweep */
} progress_line;

static void progress_draw(void *ctx, const os_progress *p)
{
    progress_line *pl = ctx;
    char line[200];
    switch (p->kind) {
    case OS_PROGRESS_TASKS:
        snprintf(line, sizeof line, "ownsim: %lld/%lld model-replications", p->done, p->total);
        break;
    case OS_PROGRESS_POINTS:
        snprintf(line, sizeof line, "ownsim: %s %lld/%lld points, %.0f s elapsed, ETA %.0f s",
                 pl->what ? pl->what : "sweep", p->done, p->total, p->elapsed,
                 p->done > 0 ? p->elapsed / (double)p->done * (double)(p->total - p->done) : 0);
        break;
    default:
        snprintf(line, sizeof line, "ownsim: %s: %lld points evaluated",
                 pl->search ? pl->search : "breakeven", p->done);
        break;
    }
    int n = (int)strlen(line);
    /* pad over what a longer earlier line left (an ETA that shrank) */
    fprintf(stderr, "\r%-*s", pl->width > n ? pl->width : n, line);
    fflush(stderr);
    if (n > pl->width)
        pl->width = n;
}

/* The progress function for these options: NULL unless stderr is a
 * terminal and -q was not given. */
static os_progress_fn progress_for(bool quiet)
{
    return !quiet && isatty(2) ? progress_draw : NULL;
}

static void progress_end(progress_line *pl)
{
    if (pl->width)
        fprintf(stderr, "\r%*s\r", pl->width, "");
    pl->width = 0;
}

/* A warning of the run assembly (run.h: a key that does not reach every
 * model) on stderr, escaped; ctx, when not NULL, is the progress line,
 * cleared first (it is redrawn at the next report). */
static void warn_line(void *ctx, const char *msg)
{
    if (ctx)
        progress_end(ctx);
    char shown[4 * ERR_SHOW_MSG + 16];
    err_escape(shown, sizeof shown, msg, strlen(msg), ERR_SHOW_MSG);
    fprintf(stderr, "ownsim: warning: %s\n", shown);
}

/* A message that quotes input goes to the terminal escaped (error.h). */
int usage_error(const char *cmd, const char *msg)
{
    char shown[4 * ERR_SHOW_MSG + 16];
    err_escape(shown, sizeof shown, msg, strlen(msg), ERR_SHOW_MSG);
    fprintf(stderr, "ownsim %s: %s\nTry 'ownsim %s --help'.\n", cmd, shown, cmd);
    return 2;
}

/* Bad input found by the command line itself: printed like a library error;
 * returns the exit status 2. */
static int input_error(const char *file, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int input_error(const char *file, const char *key, const char *fmt, ...)
{
    char msg[sizeof ((os_error *)0)->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    os_error e;
    err_clear(&e);
    err_set(&e, OS_ERR_INPUT, file, 0, key, "%s", msg);
    return fail(&e);
}

/* The report of import and fit (skipped rows, fit statistics) quotes the
 * input, so it is collected in memory and shown on stderr line by line,
 * escaped like an error, when the command ends.  Lines keep their breaks. */
typedef struct report_buf {
    FILE *f;        /* the stream handed to import or fit; NULL when none */
    char *text;     /* what was written to it; owned */
    size_t len;
} report_buf;

static FILE *report_open(report_buf *r)
{
    memset(r, 0, sizeof *r);
    r->f = open_memstream(&r->text, &r->len);
    return r->f;
}

static void report_show(report_buf *r)
{
    if (!r->f)
        return;
    fclose(r->f);
    char shown[4 * ERR_SHOW_MSG + 16];
    for (char *p = r->text; p && p < r->text + r->len;) {
        char *nl = memchr(p, '\n', (size_t)(r->text + r->len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(r->text + r->len - p);
        err_escape(shown, sizeof shown, p, n, ERR_SHOW_MSG);
        fprintf(stderr, "%s\n", shown);
        p += n + 1;
    }
    free(r->text);
    memset(r, 0, sizeof *r);
}

int finish_stdout(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ownsim: error writing to standard output\n");
        return 1;
    }
    return 0;
}

/* The folder being written between out_begin and out_end, for a GSL
 * failure that ends the process (on_gsl_error); NULL when none. */
static outdir *open_od;

/* Every command that writes a folder: open it (outdir.h: locked, checked,
 * built beside the target) with a provenance collector.  0, or -1 with e
 * set and nothing left. */
static int out_begin(const char *dir, outdir **od, prov **pv, os_error *e)
{
    *pv = NULL;
    *od = NULL;
    if (csv_is_stdio(dir))
        return err_set(e, OS_ERR_INPUT, "", 0, "-o", "'-' is standard output, and this "
                       "command writes a folder: give the folder's path (./- for one "
                       "called -)");
    if (!(*od = outdir_open(dir, e)))
        return -1;
    if (!(*pv = prov_create(cmd_argc, cmd_argv))) {
        outdir_abort(*od);
        *od = NULL;
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    }
    open_od = *od;
    return 0;
}

/* rc 0: write the provenance last and swap the folder in; otherwise (or
 * when that fails) roll it back.  Ends od and pv; returns 0 or -1. */
static int out_end(int rc, outdir *od, prov *pv, os_error *e)
{
    open_od = NULL;
    if (rc == 0)
        rc = prov_write(pv, outdir_path(od), e);
    if (rc == 0)
        rc = outdir_commit(od, e);
    else
        outdir_abort(od);
    prov_destroy(pv);
    return rc;
}

/* The provenance of a command that writes one file (fit -o, import -o,
 * report): FILE.provenance.ini beside it (provenance.h), written after the
 * file; none for standard output ("-").  The scenario files s read (NULL:
 * none) are added as inputs; its outage list is not (these commands do not
 * read it).  0, or -1 with e set (the caller then calls beside_undo). */
static int prov_beside(prov *pv, const char *file, const scenario *s, os_error *e)
{
    if (!file || csv_is_stdio(file))
        return 0;
    for (int i = 0; s && i < s->ninputs; i++)
        if (prov_add_file(pv, s->inputs[i], e) < 0)
            return -1;
    return prov_write_beside(pv, file, e);
}

/* Does file exist (before a command writes it: see beside_undo)? */
static bool exists_now(const char *file)
{
    return file && !csv_is_stdio(file) && access(file, F_OK) == 0;
}

/* The provenance of file could not be written: leave no file without its
 * provenance and no provenance of another file.  file is removed when the
 * command created it (existed false: nothing was there before); when it
 * replaced an earlier one, that one is gone already and the new one stays,
 * complete, and only a stale FILE.provenance.ini is removed
 * (docs/output.md). */
static void beside_undo(const char *file, bool existed)
{
    char side[PATH_MAX];
    if (!file || csv_is_stdio(file))
        return;
    if ((size_t)snprintf(side, sizeof side, "%s%s", file, PROV_BESIDE) < sizeof side)
        unlink(side);
    if (!existed)
        unlink(file);
}

/* A collector for the command as typed; NULL with e set when out of memory. */
static prov *prov_new(os_error *e)
{
    prov *pv = prov_create(cmd_argc, cmd_argv);
    if (!pv)
        err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    return pv;
}

/* Standard output is complete (finish_stdout), then the implied figures'
 * warnings (implied.h), one line each on stderr, after it: a command whose
 * output failed says only that.  Returns finish_stdout's status. */
static int finish_with_warnings(const implied *im)
{
    int rc = finish_stdout();
    for (size_t i = 0; rc == 0 && i < im->n; i++)
        if (im->rows[i].warning[0])
            fprintf(stderr, "ownsim: warning: implausible: %s\n", im->rows[i].warning);
    return rc;
}

/* --outages FILE as the override simulation.outages = its absolute path
 * (into buf), so the resolved scenario finds it again; a pipe such as
 * <(command) has no real path and is taken as given.  0, or the exit
 * status. */
static int outages_override(opts *o, char *buf, size_t n)
{
    if (csv_is_stdio(o->outages))   /* standard input: scenario.ini says outages = - */
        snprintf(buf, n, "-");
    else if (!realpath(o->outages, buf)) {
        if (access(o->outages, R_OK) != 0)
            return input_error(o->outages, "", "cannot open outage file: %s",
                               strerror(errno));
        snprintf(buf, n, "%s", o->outages);
    }
    return add_override(o, "run", "simulation.outages", buf, "--outages");
}

/* A run's files into dir: the result CSVs, what the scenario implies with
 * the simulated TTRs (implied.h, into *im for the table), and the inputs
 * for the provenance.  0, or -1 with e set. */
static int write_run(const scenario *s, const point_result *res, const char *dir, prov *pv,
                     implied *im, os_error *e)
{
    if (report_write(s, res, dir, e) < 0 || implied_results(s, res, im, e) < 0 ||
        implied_write(im, s, dir, e) < 0)
        return -1;
    return prov_add_scenario(pv, s, e);
}

/* Precision control (run and sweep --precision): the targets, and what
 * was reached. */
typedef struct precision {
    point_target t[CLI_MAX_LIST];     /* the targets; their reached filled by the run */
    int n;                            /* entries; 0 = no precision control */
    int max_reps;                     /* --max-reps, default PRECISION_MAX_REPS */
} precision;

#define PRECISION_MAX_REPS 100

/* Each --precision METRIC=HALFWIDTH of command cmd against the base
 * scenario s (METRIC as metric_spec_parse takes it; the last '=' splits),
 * and the options that need or exclude another (--max-reps, --trace,
 * --timestamps).  0, or the status. */
static int precision_parse(const char *cmd, const opts *o, const scenario *s, precision *p)
{
    memset(p, 0, sizeof *p);
    p->max_reps = o->max_reps ? o->max_reps : PRECISION_MAX_REPS;
    if (o->max_reps && !o->precision.n)
        return usage_error(cmd, "--max-reps needs --precision");
    if (o->precision.n && o->trace)
        return usage_error(cmd, "--trace cannot be combined with --precision: run again "
                           "with -r set to the replications it reached");
    if (o->timestamps && !o->trace)
        return usage_error(cmd, "--timestamps needs --trace (it adds columns to the trace)");
    for (int i = 0; i < o->precision.n; i++) {
        const char *v = o->precision.v[i], *eq = strrchr(v, '=');
        char name[METRIC_SPEC_NAME + 1], q[ERR_QUOTE_SIZE];
        point_target *t = &p->t[i];
        if (!eq || eq == v || (size_t)(eq - v) >= sizeof name)
            return input_error("--precision", "", "expected METRIC=HALFWIDTH, not %s",
                               err_quote(q, sizeof q, v));
        snprintf(name, sizeof name, "%.*s", (int)(eq - v), v);
        os_error e;
        err_clear(&e);
        if (metric_spec_parse(name, s, "--precision", &t->spec, &e) < 0)
            return fail(&e);
        num_status st = num_parse_str(eq + 1, &t->halfwidth);
        if (st != NUM_OK)
            return input_error("--precision", name, "half-width %s %s",
                               err_quote(q, sizeof q, eq + 1), num_why(st));
        if (!(t->halfwidth > 0))
            return input_error("--precision", name, "the half-width must be above 0");
        if (!metric_pairable(t->spec.m))
            return input_error("--precision", name, "has no interval over the replications "
                               "to narrow");
        p->n++;
    }
    return 0;
}

/* Run *s, then with --precision add replications (point_extend) until every
 * target is met or max_reps is reached; *s becomes the scenario with the
 * replications run (*own, the caller's to free, when that is not the base),
 * so that everything written equals a run with -r of that many.  0, or -1
 * with e set. */
static int run_precise(run_asm *ra, const scenario **s, scenario **own, const point_opts *po,
                       precision *p, point_result *res, os_error *e)
{
    if (point_run(*s, po, res, e) < 0)
        return -1;
    if (!p->n)
        return 0;
    int cap = p->max_reps > (*s)->reps ? p->max_reps : (*s)->reps;
    double *x = malloc(METRIC_SCRATCH(cap) * sizeof *x);
    if (!x) {
        point_free(res);   /* the caller frees res only when this succeeds */
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    }
    int rc = 0;
    double ratio;
    while ((ratio = point_precision(*s, res, p->t, p->n, x)) > 1 && res->reps < p->max_reps) {
        char reps[32];
        snprintf(reps, sizeof reps, "%d", point_next_reps(res->reps, ratio, p->max_reps));
        scn_override ov = {"simulation.reps", reps, "--precision"};
        scenario *next = run_derive(ra, &ov, 1, e);
        if (!next || point_extend(next, po, res, e) < 0) {
            scn_destroy(next);
            rc = -1;
            break;
        }
        scn_destroy(*own);
        *own = next;
        *s = next;
    }
    free(x);
    if (rc < 0)
        point_free(res);
    return rc;
}

/* What precision control reached, into the provenance ([run] precisionN).
 * 0, or -1 with e set. */
static int precision_record(const precision *p, const scenario *s, int reps, prov *pv,
                            os_error *e)
{
    for (int i = 0; i < p->n; i++) {
        char name[METRIC_SPEC_NAME], text[METRIC_SPEC_NAME + 160];
        const point_target *t = &p->t[i];
        metric_spec_format(&t->spec, s, name, sizeof name);
        snprintf(text, sizeof text, "%s target %g, reached %.6g after %d replications: %s",
                 name, t->halfwidth, t->reached, reps,
                 t->reached <= t->halfwidth ? "met" : "not met");
        if (prov_add_precision(pv, text, e) < 0)
            return -1;
    }
    return 0;
}

/* What precision control reached: a line per target on stdout (warn
 * false), or a warning on stderr for each target not met (warn true). */
static void precision_report(const precision *p, const scenario *s, int reps, bool warn)
{
    for (int i = 0; i < p->n; i++) {
        char name[METRIC_SPEC_NAME];
        const point_target *t = &p->t[i];
        metric_spec_format(&t->spec, s, name, sizeof name);
        bool met = t->reached <= t->halfwidth;
        if (!warn)
            printf("%sprecision: %s: widest 95%% half-width %.4g (target %g) after %d "
                   "replications: %s\n", i ? "" : "\n", name, t->reached, t->halfwidth,
                   reps, met ? "met" : "NOT met");
        else if (!met)
            fprintf(stderr, "ownsim: warning: precision: %s is %.4g wide on each side after "
                    "%d replications, above its target %g: raise --max-reps (now %d)\n",
                    name, t->reached, reps, t->halfwidth, p->max_reps);
    }
}

/* How a run replayed its outage list, for the summary on stdout: what the
 * intervals cover (docs/model.md, Replaying an outage list). */
static void list_summary(const run_asm *ra, const scenario *s, int reps)
{
    const outage_list *l = run_list(ra, s);
    if (!l)
        return;
    printf("\noutages: %s: %zu rows over %llu weeks; %ld replayed per replication, "
           "warm-up %ld\n", s->outages, l->n, (unsigned long long)l->weeks, s->incidents,
           s->warmup);
    if (s->resampled && reps > 1)
        printf("resample: weeks: replication 0 replays the list as is, replications 1-%d "
               "lay whole weeks of it drawn with replacement, so the intervals include "
               "the outages' week-to-week variation\n", reps - 1);
    else if (s->resampled)
        printf("resample: weeks, one replication: the list as is%s\n",
               (size_t)s->incidents > l->n ? ", then weeks of it drawn with replacement" : "");
    else
        printf("resample: none: every replication replays the list as is, so the intervals "
               "cover the models' own randomness only, not the outages' variation\n");
}

int cmd_run(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "run", &o);
    if (rc >= 0)
        return rc;
    char outages_abs[4096];
    if (o.outages && (rc = outages_override(&o, outages_abs, sizeof outages_abs)))
        return rc;
    os_error e;
    err_clear(&e);
    /* the run assembly reads the scenario and its outage list and applies
     * the counting and warm-up rules (run.h) */
    run_opts ro = {.incidents_given = o.n_given, .warn = warn_line, .models = o.models};
    run_asm *ra = run_open(o.scenario, o.ov, o.nov, &ro, &e);
    if (!ra)
        return fail(&e);
    const scenario *s = run_base(ra);
    scenario *own = NULL;   /* s when precision control added replications */
    precision prec;
    if ((rc = precision_parse("run", &o, s, &prec))) {
        run_close(ra);
        return rc;
    }
    char dir[1100];
    if (o.out)
        snprintf(dir, sizeof dir, "%s", o.out);
    else
        snprintf(dir, sizeof dir, "out/%s", s->name);
    /* everything goes into a folder that replaces dir only when complete */
    outdir *od;
    prov *pv;
    if (out_begin(dir, &od, &pv, &e) < 0) {
        run_close(ra);
        return fail(&e);
    }
    char trace_path[PATH_MAX];
    if ((size_t)snprintf(trace_path, sizeof trace_path, "%s/incidents.csv",
                         outdir_path(od)) >= sizeof trace_path) {
        err_set(&e, OS_ERR_INPUT, dir, 0, "", "path too long for the trace");
        out_end(-1, od, pv, &e);
        run_close(ra);
        return fail(&e);
    }
    progress_line pl = {0};
    /* paired.csv pairs each replication's own quantiles */
    point_opts po = {.jobs = o.jobs, .trace = o.trace ? trace_path : NULL,
                     .trace_stamps = o.timestamps,
                     .progress = progress_for(o.quiet), .progress_ctx = &pl,
                     .list = run_list(ra, s), .rep_quantiles = true};
    point_result res;
    rc = run_precise(ra, &s, &own, &po, &prec, &res, &e);
    progress_end(&pl);
    bool ran = rc == 0;
    if (!rc && point_peak(&res) > 1000 && point_peak(&res) * 4 > s->incidents)
        fprintf(stderr, "ownsim: warning: up to %ld incidents were unresolved at once (of "
                "%ld per replication): queues kept growing, so the arrival rate may exceed "
                "what the owners can work and the results describe a system that never "
                "settled (see docs/errors.md)\n", point_peak(&res), s->incidents);
    implied im = {0};
    if (!rc)
        rc = write_run(s, &res, outdir_path(od), pv, &im, &e) < 0 ||
             precision_record(&prec, s, res.reps, pv, &e) < 0 ? -1 : 0;
    rc = out_end(rc, od, pv, &e);
    if (!rc && !o.quiet) {
        (o.wide ? report_table_wide : report_table)(s, &res, stdout);
        implied_print(&im, s, stdout);
        list_summary(ra, s, res.reps);
        precision_report(&prec, s, res.reps, false);
        printf("\nResults in %s/\n", dir);
    }
    int status = rc ? fail(&e) : finish_with_warnings(&im);
    if (!rc && !status)
        precision_report(&prec, s, res.reps, true);
    if (ran)
        point_free(&res);
    scn_destroy(own);
    run_close(ra);
    implied_free(&im);
    return status;
}

int cmd_outages(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "outages", &o);
    if (rc >= 0)
        return rc;
    /* an outage stream has no warm-up (a run leaves it out of its
     * statistics), so the scenario's must not be checked against -n */
    if ((rc = add_override(&o, "outages", "simulation.warmup", "0", "outages")))
        return rc;
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(o.scenario, o.ov, o.nov, &e);
    if (!s)
        return fail(&e);
    rc = outlist_write(s, (uint32_t)o.rep, s->incidents, o.out, o.timestamps, &e);
    scn_destroy(s);
    if (rc)
        return fail(&e);
    return finish_stdout();
}

int cmd_check(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "check", &o);
    if (rc >= 0)
        return rc;
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(o.scenario, o.ov, o.nov, &e);
    if (!s)
        return fail(&e);
    char shadow[2048];
    for (int i = 0; i < o.nov; i++) {
        bool again = false;   /* told once per key, as run.h does */
        for (int j = 0; j < i && !again; j++)
            again = !strcmp(o.ov[j].key, o.ov[i].key);
        if (!again && scn_shadowed(s, o.ov[i].key, shadow, sizeof shadow))
            warn_line(NULL, shadow);
    }
    /* what it implies without simulating, as INI comments after the
     * scenario, so that the output still reads back as the same scenario;
     * computed first, so that a failure prints nothing on stdout */
    implied im;
    rc = implied_scenario(s, &im, &e);
    if (!rc) {
        scn_write(s, stdout);
        implied_print_comments(&im, s, stdout);
    }
    scn_destroy(s);
    if (rc)
        return fail(&e);
    rc = finish_with_warnings(&im);
    implied_free(&im);
    return rc;
}

/* Default output folder: out/<scenario name><suffix>. */
static void default_out(char *buf, size_t n, const char *out, const scenario *s,
                        const char *suffix)
{
    if (out)
        snprintf(buf, n, "%s", out);
    else
        snprintf(buf, n, "out/%s%s", s->name, suffix);
}

/* The paired differences of sweep.csv: each --metric (NAME or NAME:SEV)
 * against the base s, every one with --all-metrics, or (NULL) the headline
 * set.  0, or the status. */
static int sweep_pairs(const opts *o, const scenario *s, metric_spec *sp, sweep_opts *so)
{
    if (o->all_metrics && o->metrics.n)
        return usage_error("sweep", "give --metric or --all-metrics, not both");
    if (o->all_metrics) {
        so->npairs = report_pairs_all(s, sp);
        so->pairs = sp;
        return 0;
    }
    for (int i = 0; i < o->metrics.n; i++) {
        os_error e;
        err_clear(&e);
        if (metric_spec_parse(o->metrics.v[i], s, "--metric", &sp[i], &e) < 0)
            return fail(&e);
        if (!metric_pairable(sp[i].m))
            return input_error("--metric", o->metrics.v[i], "has no per-replication value to "
                               "pair (a count or an interval bound)");
    }
    so->npairs = o->metrics.n;
    so->pairs = o->metrics.n ? sp : NULL;
    return 0;
}

/* --shard I/N into i and n (1-based, as the manifests record it); with
 * --zero-based, --shard K/N means shard K+1, K from 0 to N-1, as AWS
 * Batch, Kubernetes Indexed Jobs and HTCondor number array tasks.  0, or -1
 * with e set. */
static int shard_option(const opts *o, int *i, int *n, os_error *e)
{
    if (!o->zero_based)
        return grid_parse_shard(o->shard, i, n, e);
    const char *slash = strchr(o->shard, '/');
    long long k, nn;
    if (!slash || num_parse_int(o->shard, (size_t)(slash - o->shard), &k) != NUM_OK ||
        num_parse_int(slash + 1, strlen(slash + 1), &nn) != NUM_OK || nn < 1 ||
        nn > GRID_MAX_POINTS)
        return grid_parse_shard(o->shard, i, n, e);   /* its messages */
    if (k < 0 || k >= nn) {
        char q[ERR_QUOTE_SIZE];
        return err_set(e, OS_ERR_INPUT, "--shard", 0, "",
                       "%s: shard index %lld is out of range 0..%lld (--zero-based)",
                       err_quote(q, sizeof q, o->shard), k, nn - 1);
    }
    *i = (int)k + 1;
    *n = (int)nn;
    return 0;
}

/* The sweep o describes; with r (--resume), the grid, shard and seed must
 * match r's manifest (checked before anything is written). */
static int sweep_with(opts *o_, const sweep_resume *r)
{
    opts o = *o_;
    int rc = -1;
    os_error e;
    err_clear(&e);
    grid g;
    memset(&g, 0, sizeof g);
    sweep_opts so = {.g = &g, .shard_i = 1, .shard_n = 1, .jobs = o.jobs,
                     .progress = progress_for(o.quiet)};
    progress_line pl = {0};
    so.progress_ctx = &pl;
    for (int i = 0; i < o.nvary && rc < 0; i++)
        if (grid_add(&g, o.vary[i], &e) < 0)
            rc = fail(&e);
    if (rc < 0 && o.zero_based && !o.shard)
        rc = usage_error("sweep", "--zero-based needs --shard");
    if (rc < 0 && o.shard && shard_option(&o, &so.shard_i, &so.shard_n, &e) < 0)
        rc = fail(&e);
    /* the base and its outage source, read once; every point is derived
     * from it in memory (run.h) */
    run_opts ro = {.incidents_given = o.n_given, .warn = warn_line, .warn_ctx = &pl,
                   .models = o.models};
    if (rc < 0 && !(so.run = run_open(o.scenario, o.ov, o.nov, &ro, &e)))
        rc = fail(&e);
    if (rc < 0 && r &&
        sweep_resume_check(r, &g, so.shard_i, so.shard_n,
                           (unsigned long long)run_base(so.run)->seed, &e) < 0)
        rc = fail(&e);
    static metric_spec pairs[REPORT_MAX_PAIRS];
    static precision prec;
    if (rc < 0) {
        int prc = sweep_pairs(&o, run_base(so.run), pairs, &so);
        if (!prc && !(prc = precision_parse("sweep", &o, run_base(so.run), &prec))) {
            so.targets = prec.n ? prec.t : NULL;
            so.ntargets = prec.n;
            so.max_reps = prec.max_reps;
        }
        rc = prc ? prc : -1;
    }
    char dir[1100];
    if (rc < 0) {
        default_out(dir, sizeof dir, o.out, run_base(so.run), "-sweep");
        outdir *od;
        int hi, hn;
        if (out_begin(dir, &od, &so.prov, &e) < 0) {
            rc = fail(&e);
        } else if (!o.force && sweep_folder_shard(dir, &hi, &hn) &&
                   (hi != so.shard_i || hn != so.shard_n)) {
            /* checked under the folder's lock (out_begin): a rerun that
             * forgot N must not replace a good shard with another sweep */
            err_set(&e, OS_ERR_INPUT, dir, 0, "shard",
                    "holds shard %d/%d of a sweep, and this run is shard %d/%d: check "
                    "--shard (a rerun takes the same N), or give --force to replace it",
                    hi, hn, so.shard_i, so.shard_n);
            out_end(-1, od, so.prov, &e);
            rc = fail(&e);
        } else {
            so.out = outdir_path(od);
            int ran = sweep_run(&so, &e);
            progress_end(&pl);
            rc = out_end(ran, od, so.prov, &e) < 0 ? fail(&e) : 0;
        }
    }
    if (rc == 0 && so.unsettled)
        fprintf(stderr, "ownsim: warning: at %ld grid point%s the queues kept growing: the "
                "arrival rate may exceed what the owners can work there, and those rows "
                "describe a system that never settled (see docs/errors.md)\n", so.unsettled,
                so.unsettled == 1 ? "" : "s");
    if (rc == 0 && so.imprecise)
        fprintf(stderr, "ownsim: warning: precision: at %ld grid point%s a --precision target "
                "was not met within --max-reps %d replications (their reps column says %d)\n",
                so.imprecise, so.imprecise == 1 ? "" : "s", so.max_reps, so.max_reps);
    if (rc == 0 && !o.quiet)
        printf("sweep: %d axes, %llu points%s; results in %s/sweep.csv\n", g.naxis,
               (unsigned long long)g.npoints, so.shard_n > 1 ? " (one shard)" : "", dir);
    run_close(so.run);
    grid_free(&g);
    return rc ? rc : finish_stdout();
}

/* sweep --resume DIR: the command DIR's provenance.ini records, checked
 * against DIR's sweep.ini and its inputs' SHA-256 (resume.c), parsed again
 * and run into DIR; provenance.ini records that command again, so the
 * folder is the first run's byte for byte and can be resumed again.  Only
 * -j and -q may come with it: anything else would make another sweep. */
static int sweep_resume_cmd(const opts *o)
{
    if (o->nargs)
        return usage_error("sweep", "--resume DIR takes the scenario from DIR's manifest: "
                           "give no SCENARIO with it");
    for (int id = 0; id < CLI_NOPTS; id++)
        if (o->given[id] && id != CLI_OPT_RESUME && id != CLI_OPT_JOBS &&
            id != CLI_OPT_QUIET) {
            char msg[200];
            snprintf(msg, sizeof msg, "--%s conflicts with --resume: the sweep is the one DIR's "
                     "manifest records (only -j and -q may be given with it)",
                     cli_options[id].name);
            return usage_error("sweep", msg);
        }
    os_error e;
    err_clear(&e);
    sweep_resume *r = sweep_resume_open(o->resume, &e);
    if (!r)
        return fail(&e);
    int argc;
    char *const *rec = sweep_resume_argv(r, &argc);
    /* the parser reorders, cuts and overwrites its argv: a copy of the
     * words (r's), each also kept in own to be freed */
    char **words = malloc(((size_t)argc + 1) * sizeof *words);
    char **own = malloc(((size_t)argc + 1) * sizeof *own);
    for (int i = 0; words && own && i < argc; i++)
        if (!(own[i] = words[i] = strdup(rec[i]))) {
            while (i--)
                free(own[i]);
            free(words);
            words = NULL;
        }
    if (!words || !own) {
        free(words);
        free(own);
        sweep_resume_free(r);
        err_set(&e, OS_ERR_ENV, "", 0, "", "out of memory");
        return fail(&e);
    }
    words[argc] = NULL;
    opts again;
    int rc = cli_parse(argc - 1, words + 1, "sweep", &again);
    if (rc < 0 && again.given[CLI_OPT_RESUME])
        rc = usage_error("sweep", "the recorded command is itself a --resume");
    if (rc < 0) {
        again.out = o->resume;
        again.jobs = o->jobs;
        again.quiet = o->quiet;
        int typed_argc = cmd_argc;
        char **typed = cmd_argv;
        cmd_argc = argc;   /* provenance.ini records the first command again */
        cmd_argv = (char **)rec;
        rc = sweep_with(&again, r);
        cmd_argc = typed_argc;
        cmd_argv = typed;
    }
    for (int i = 0; i < argc; i++)
        free(own[i]);
    free(own);
    free(words);
    sweep_resume_free(r);
    return rc;
}

int cmd_sweep(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "sweep", &o);
    if (rc >= 0)
        return rc;
    if (o.given[CLI_OPT_RESUME])
        return sweep_resume_cmd(&o);
    if (!o.scenario)
        return usage_error("sweep", "missing SCENARIO (or --resume DIR)");
    if (!o.nvary)
        return usage_error("sweep", "missing --vary KEY=START:STOP:STEP|KEY=V1,V2,... (or "
                           "--resume DIR)");
    return sweep_with(&o, NULL);
}

/* merge --check: the folders checked as a merge would, nothing written;
 * "complete: N shards" (status 0) or "missing: 3,17-19" (status 3) on
 * stdout, counted from 0 with --zero-based. */
static int merge_check(const opts *o, const char *const *dirs, int n)
{
    if (o->out)
        return usage_error("merge", "--check writes nothing: leave out -o");
    if (unc_is_folder(dirs[0]))
        return usage_error("merge", "--check reads the folders of a sweep; merge the folders "
                           "of an uncertainty analysis to check them");
    os_error e;
    err_clear(&e);
    sweep_check c;
    if (sweep_merge_check(dirs, n, &c, &e) < 0)
        return fail(&e);
    int base = o->zero_based ? 0 : 1;
    if (c.missing == 0) {
        printf("complete: %ld shard%s\n", c.shards, c.shards == 1 ? "" : "s");
    } else {
        printf("missing: ");
        /* the ranges are 1-based; with --zero-based each number is one less */
        for (const char *p = c.ranges; *p;) {
            if (base == 0 && *p >= '0' && *p <= '9') {
                char *end;
                long v = strtol(p, &end, 10);
                printf("%ld", v - 1);
                p = end;
            } else {
                putchar(*p++);
            }
        }
        printf("\n");
        fprintf(stderr, "ownsim: merge --check: %ld of %ld shards missing: rerun them with "
                "--shard I/%ld%s, then merge\n", c.missing, c.shards, c.shards,
                base == 0 ? " --zero-based" : "");
    }
    free(c.ranges);
    int rc = finish_stdout();
    return rc ? rc : c.missing ? 3 : 0;
}

int cmd_merge(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "merge", &o);
    if (rc >= 0)
        return rc;
    const char *out = o.out;
    int n = o.nargs;
    if (n == 0)
        return usage_error("merge", "give the shard folders to merge");
    const char *const *dirs = (const char *const *)o.args;
    for (int i = 0; i < n; i++)
        if (!dirs[i][0])
            return usage_error("merge", "a shard folder needs a path, and '' is empty");
    os_error e;
    err_clear(&e);
    if (o.check)
        return merge_check(&o, dirs, n);
    if (o.zero_based)
        return usage_error("merge", "--zero-based goes with --check (the list of missing "
                           "shards)");
    if (!out)
        return usage_error("merge", "missing -o DIR");
    outdir *od;
    prov *pv;
    if (unc_is_folder(dirs[0])) {
        /* the shards of an uncertainty analysis */
        unc_summary sum;
        if (out_begin(out, &od, &pv, &e) < 0 ||
            out_end(unc_merge(dirs, n, out, outdir_path(od), pv, &sum, &e), od, pv, &e) < 0)
            return fail(&e);
        unc_print(&sum, out, stdout);
        return finish_stdout();
    }
    if (out_begin(out, &od, &pv, &e) < 0 ||
        out_end(sweep_merge(dirs, n, out, outdir_path(od), pv, &e), od, pv, &e) < 0)
        return fail(&e);
    return finish_stdout();
}

/* LO or HI of breakeven's --vary KEY=LO:HI (blanks around it allowed), in
 * the number grammar of number.h.  Returns 0 to go on, else the status. */
static int bound_option(const char *key, const char *what, const char *text, size_t n,
                        double *out)
{
    while (n && isspace((unsigned char)*text)) {
        text++;
        n--;
    }
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    num_status st = num_parse(text, n, out);
    if (st == NUM_OK)
        return 0;
    char value[512], q[ERR_QUOTE_SIZE];
    snprintf(value, sizeof value, "%.*s", (int)(n < sizeof value ? n : sizeof value - 1), text);
    return input_error("--vary", key, "%s %s %s", what, err_quote(q, sizeof q, value),
                       num_why(st));
}

/* The one --vary KEY=LO:HI of breakeven and goalseek into key (512 bytes),
 * lo and hi.  Returns -1 to go on, else the exit status. */
static int search_range(const opts *o, const char *cmd, char *key, double *lo, double *hi)
{
    int rc;
    if (o->nvary != 1)
        return usage_error(cmd, "give exactly one --vary KEY=LO:HI");
    const char *eq = strchr(o->vary[0], '=');
    if (!eq || eq == o->vary[0] || (size_t)(eq - o->vary[0]) >= 512)
        return usage_error(cmd, "expected --vary KEY=LO:HI");
    snprintf(key, 512, "%.*s", (int)(eq - o->vary[0]), o->vary[0]);
    const char *colon = strchr(eq + 1, ':');
    if (!colon || strchr(colon + 1, ':'))
        return usage_error(cmd, "expected --vary KEY=LO:HI with two numbers");
    if ((rc = bound_option(key, "LO", eq + 1, (size_t)(colon - eq - 1), lo)) ||
        (rc = bound_option(key, "HI", colon + 1, strlen(colon + 1), hi)))
        return rc;
    return -1;
}

int cmd_breakeven(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "breakeven", &o);
    if (rc >= 0)
        return rc;
    char key[512];
    double lo, hi;
    if ((rc = search_range(&o, "breakeven", key, &lo, &hi)) >= 0)
        return rc;
    be_opts bo = {.key = key, .lo = lo, .hi = hi, .model = o.model, .baseline = o.baseline,
                  .metric = o.metric, .jobs = o.jobs, .progress = progress_for(o.quiet)};
    progress_line pl = {0};
    bo.progress_ctx = &pl;
    os_error e;
    err_clear(&e);
    /* the base and its outage source, read once; every x is derived from
     * it in memory (run.h) */
    run_opts ro = {.incidents_given = o.n_given, .warn = warn_line, .warn_ctx = &pl};
    if (!(bo.run = run_open(o.scenario, o.ov, o.nov, &ro, &e)))
        return fail(&e);
    be_result r;
    rc = be_run(&bo, &r, &e);
    progress_end(&pl);
    if (rc < 0) {
        run_close(bo.run);
        return fail(&e);
    }
    char dir[1100];
    default_out(dir, sizeof dir, o.out, run_base(bo.run), "-breakeven");
    outdir *od;
    if (out_begin(dir, &od, &bo.prov, &e) < 0 ||
        out_end(be_write(&bo, &r, outdir_path(od), &e), od, bo.prov, &e) < 0) {
        run_close(bo.run);
        return fail(&e);
    }
    run_close(bo.run);
    be_print(&bo, &r, stdout);
    return finish_stdout();
}

int cmd_sensitivity(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "sensitivity", &o);
    if (rc >= 0)
        return rc;
    if (!o.all == !o.keys && !(o.nrange && !o.all && !o.keys))
        return usage_error("sensitivity", "give --keys K1,K2,... or --all (not both)");
    double rel = 0;
    if (o.rel) {
        num_status st = num_parse_str(o.rel, &rel);
        if (st != NUM_OK || !(rel > 0 && rel < 1)) {
            char q[ERR_QUOTE_SIZE];
            return input_error("--rel", "", "needs a number above 0 and below 1, not %s",
                               err_quote(q, sizeof q, o.rel));
        }
    }
    sens_opts so = {.keys = o.keys, .all = o.all, .rel = rel,
                    .ranges = (const char *const *)o.range, .nranges = o.nrange,
                    .model = o.model, .baseline = o.baseline, .metric = o.metric,
                    .jobs = o.jobs, .progress = progress_for(o.quiet)};
    progress_line pl = {.what = "sensitivity"};
    so.progress_ctx = &pl;
    os_error e;
    err_clear(&e);
    run_opts ro = {.incidents_given = o.n_given, .warn = warn_line, .warn_ctx = &pl};
    if (!(so.run = run_open(o.scenario, o.ov, o.nov, &ro, &e)))
        return fail(&e);
    char dir[1100];
    default_out(dir, sizeof dir, o.out, run_base(so.run), "-sensitivity");
    /* the folder is opened first (a bad -o fails before minutes of work),
     * and swapped in only when complete */
    outdir *od;
    sens_result *r = NULL;
    if (out_begin(dir, &od, &so.prov, &e) == 0) {
        r = sens_run(&so, &e);
        progress_end(&pl);
        rc = out_end(r ? sens_write(&so, r, outdir_path(od), &e) : -1, od, so.prov, &e);
    }
    run_close(so.run);
    if (!r || rc < 0) {
        sens_free(r);
        return fail(&e);
    }
    if (!o.quiet) {
        sens_print(r, stdout);
        printf("Results in %s/sensitivity.csv\n", dir);
    }
    sens_free(r);
    return finish_stdout();
}

int cmd_uncertainty(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "uncertainty", &o);
    if (rc >= 0)
        return rc;
    unc_opts uo = {.sets = o.given[CLI_OPT_SETS] ? o.sets : 200, .shard_i = 1, .shard_n = 1,
                   .model = o.model, .baseline = o.baseline, .metric = o.metric,
                   .jobs = o.jobs, .progress = progress_for(o.quiet)};
    progress_line pl = {.what = "uncertainty"};
    uo.progress_ctx = &pl;
    os_error e;
    err_clear(&e);
    if (o.zero_based && !o.shard)
        return usage_error("uncertainty", "--zero-based needs --shard");
    if (o.shard && shard_option(&o, &uo.shard_i, &uo.shard_n, &e) < 0)
        return fail(&e);
    run_opts ro = {.incidents_given = o.n_given, .warn = warn_line, .warn_ctx = &pl};
    if (!(uo.run = run_open(o.scenario, o.ov, o.nov, &ro, &e)))
        return fail(&e);
    char dir[1100];
    default_out(dir, sizeof dir, o.out, run_base(uo.run), "-uncertainty");
    outdir *od;
    unc_summary sum;
    rc = -1;
    if (out_begin(dir, &od, &uo.prov, &e) == 0) {
        uo.out = outdir_path(od);
        int ran = unc_run(&uo, &sum, &e);
        progress_end(&pl);
        rc = out_end(ran, od, uo.prov, &e);
    }
    run_close(uo.run);
    if (rc < 0)
        return fail(&e);
    if (!o.quiet)
        unc_print(&sum, dir, stdout);
    return finish_stdout();
}

int cmd_goalseek(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "goalseek", &o);
    if (rc >= 0)
        return rc;
    char key[512];
    double lo, hi;
    if ((rc = search_range(&o, "goalseek", key, &lo, &hi)) >= 0)
        return rc;
    gs_opts go = {.key = key, .lo = lo, .hi = hi, .model = o.model, .baseline = o.baseline,
                  .target = o.target, .largest = o.largest, .jobs = o.jobs,
                  .progress = progress_for(o.quiet)};
    progress_line pl = {.search = "goalseek"};
    go.progress_ctx = &pl;
    os_error e;
    err_clear(&e);
    run_opts ro = {.incidents_given = o.n_given, .warn = warn_line, .warn_ctx = &pl};
    if (!(go.run = run_open(o.scenario, o.ov, o.nov, &ro, &e)))
        return fail(&e);
    gs_result r;
    rc = gs_run(&go, &r, &e);
    progress_end(&pl);
    if (rc < 0) {
        run_close(go.run);
        return fail(&e);
    }
    char dir[1100];
    default_out(dir, sizeof dir, o.out, run_base(go.run), "-goalseek");
    outdir *od;
    if (out_begin(dir, &od, &go.prov, &e) < 0 ||
        out_end(gs_write(&go, &r, outdir_path(od), &e), od, go.prov, &e) < 0) {
        run_close(go.run);
        return fail(&e);
    }
    run_close(go.run);
    gs_print(&go, &r, stdout);
    return finish_stdout();
}

int cmd_plot(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "plot", &o);
    if (rc >= 0)
        return rc;
    plot_opts po = {.format = PLOT_PNG, .scripts = getenv("OWNSIM_PLOTS"),
                    .gnuplot = getenv("OWNSIM_GNUPLOT"), .dir = o.args[0], .out = o.out,
                    .title = o.title, .metric = o.metric, .breakeven = o.breakeven,
                    .models = o.models, .slice = o.slice, .scale = o.scale};
    if (o.format && plot_parse_format(o.format, &po.format) < 0)
        return usage_error("plot", "--format takes png, svg or pdf");
    if (csv_is_stdio(o.out))
        return usage_error("plot", "'-' is standard output, and plot writes a folder of "
                           "charts: give the folder's path (./- for one called -)");
    if (o.scale > 1 && po.format != PLOT_PNG)
        return usage_error("plot", "--scale applies to --format png (SVG and PDF are vector images)");
    os_error e;
    err_clear(&e);
    int n = 0;
    if (!(po.prov = prov_create(cmd_argc, cmd_argv))) {
        err_set(&e, OS_ERR_ENV, "", 0, "", "out of memory");
        return fail(&e);
    }
    rc = plot_run(&po, &n, &e);
    prov_destroy(po.prov);
    if (rc < 0)
        return fail(&e);
    return finish_stdout();
}

/* The provenance of a brief: beside the HTML (and beside the PDF), the
 * files of DIR the charts were drawn from (collected by plot_run) and
 * DIR's provenance.ini, the seed of the run it records.  0, or -1 with e
 * set. */
static int report_provenance(brief_opts *bo, const char *html, os_error *e)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", bo->dir, PROV_FILE);
    if (prov_add_file(bo->prov, p, e) < 0)
        return -1;
    prov_file f;
    os_error why;
    err_clear(&why);
    if (prov_read(bo->dir, &f, &why) < 0) {
        if (why.kind == OS_ERR_ENV) {   /* out of memory: not a folder without a seed */
            *e = why;
            return -1;
        }
    } else {
        char *end;
        unsigned long long seed = f.seed ? strtoull(f.seed, &end, 10) : 0;
        if (f.seed && *f.seed && !*end)
            prov_set_seed(bo->prov, (uint64_t)seed);
        if (f.streams)
            prov_set_streams(bo->prov, (int)strtol(f.streams, NULL, 10));
        prov_file_free(&f);
    }
    if (prov_beside(bo->prov, html, NULL, e) < 0)
        return -1;
    return bo->pdf ? prov_beside(bo->prov, bo->pdf, NULL, e) : 0;
}

/* `report DIR`: the brief; -o defaults to DIR.html (DIR without its
 * trailing slashes), beside the folder rather than inside it (a run folder
 * is replaced whole by the next run). */
int cmd_report(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "report", &o);
    if (rc >= 0)
        return rc;
    brief_opts bo = {.dir = o.args[0], .pdf = o.pdf, .paper = BRIEF_A4,
                     .scripts = getenv("OWNSIM_PLOTS"), .gnuplot = getenv("OWNSIM_GNUPLOT"),
                     .chromium = getenv("OWNSIM_CHROMIUM")};
    if (o.paper && brief_parse_paper(o.paper, &bo.paper) < 0)
        return usage_error("report", "--paper takes a4 or letter");
    if (o.paper && !o.pdf)
        return usage_error("report", "--paper applies to --pdf");
    bool to_std = csv_is_stdio(o.out) || csv_is_stdio(o.pdf);   /* "-": standard output */
    if (csv_is_stdio(o.out) && csv_is_stdio(o.pdf))
        return usage_error("report", "-o - and --pdf - would both write to standard output: "
                           "give a file for one");
    char html[4096];
    size_t n = strlen(bo.dir);
    while (n > 1 && bo.dir[n - 1] == '/')
        n--;
    if (o.out)
        snprintf(html, sizeof html, "%s", o.out);
    else if ((size_t)snprintf(html, sizeof html, "%.*s.html", (int)n, bo.dir) >= sizeof html)
        return usage_error("report", "the folder's name is too long: give -o");
    bo.html = html;
    os_error e;
    err_clear(&e);
    if (!(bo.prov = prov_create(cmd_argc, cmd_argv))) {
        err_set(&e, OS_ERR_ENV, "", 0, "", "out of memory");
        return fail(&e);
    }
    bool had_html = exists_now(html), had_pdf = exists_now(bo.pdf);
    rc = brief_write(&bo, &e);
    if (rc == 0 && (rc = report_provenance(&bo, html, &e)) < 0) {
        beside_undo(html, had_html);
        beside_undo(bo.pdf, had_pdf);
    }
    prov_destroy(bo.prov);
    if (rc < 0)
        return fail(&e);
    if (!to_std) {   /* else standard output holds the HTML or the PDF alone */
        printf("Brief in %s\n", html);
        if (bo.pdf)
            printf("PDF in %s\n", bo.pdf);
    }
    return finish_stdout();
}

/* import's --effort-unit, --work-day and --work-week into io: -1, or the
 * exit status of a refusal. */
static int import_duration_opts(const opts *o, import_opts *io)
{
    if (o->effort_unit) {
        static const char *const units[] = {[IMPORT_UNIT_MINUTES] = "minutes",
                                            [IMPORT_UNIT_SECONDS] = "seconds",
                                            [IMPORT_UNIT_HOURS] = "hours"};
        int k = 0;
        while (k < 3 && strcmp(o->effort_unit, units[k]))
            k++;
        if (k == 3) {
            char q[ERR_QUOTE_SIZE];
            return input_error("--effort-unit", "", "needs seconds, minutes or hours (the unit "
                               "of a bare number in the effort column), not %s",
                               err_quote(q, sizeof q, o->effort_unit));
        }
        io->effort_unit = (import_effort_unit)k;
    }
    if (o->work_day) {
        num_status st = num_parse_str(o->work_day, &io->work_day);
        if (st != NUM_OK || !(io->work_day > 0 && io->work_day <= 24)) {
            char q[ERR_QUOTE_SIZE];
            return input_error("--work-day", "", "needs the hours in a day, more than 0 and at "
                               "most 24 (Jira's default: 8), not %s",
                               err_quote(q, sizeof q, o->work_day));
        }
    }
    if (o->work_week) {
        num_status st = num_parse_str(o->work_week, &io->work_week);
        if (st != NUM_OK || !(io->work_week > 0 && io->work_week <= 7)) {
            char q[ERR_QUOTE_SIZE];
            return input_error("--work-week", "", "needs the days in a week, more than 0 and at "
                               "most 7 (Jira's default: 5), not %s",
                               err_quote(q, sizeof q, o->work_week));
        }
    }
    return -1;
}

int cmd_import(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "import", &o);
    if (rc >= 0)
        return rc;
    import_opts io = {.out = o.out, .map = o.map, .date_format = o.date_format, .tz = o.tz,
                      .category_map = o.category_map, .priority_map = o.priority_map,
                      .group_map = o.group_map, .where = o.where.v, .nwhere = o.where.n,
                      .write_maps = o.write_maps, .strict = o.strict};
    if (o.max_skipped) {
        io.max_skipped_set = true;
        num_status st = num_parse_str(o.max_skipped, &io.max_skipped);
        if (st != NUM_OK || !(io.max_skipped >= 0 && io.max_skipped <= 100)) {
            char q[ERR_QUOTE_SIZE];
            return input_error("--max-skipped", "", "needs a percentage from 0 to 100, not %s",
                               err_quote(q, sizeof q, o.max_skipped));
        }
    }
    if ((rc = import_duration_opts(&o, &io)) >= 0)
        return rc;
    if (csv_is_stdio(o.write_maps))
        return usage_error("import", "--write-maps takes a folder, and '-' is standard "
                           "output: give the folder's path (./- for one called -)");
    os_error e;
    err_clear(&e);
    io.tickets = o.args[0];
    scenario *s = scn_load(o.scenario_opt, o.ov, o.nov, &e);
    if (!s)
        return fail(&e);
    io.s = s;
    report_buf rep;
    if (!(io.report = report_open(&rep))) {
        scn_destroy(s);
        err_set(&e, OS_ERR_ENV, "", 0, "", "out of memory");
        return fail(&e);
    }
    import_result r;
    bool had = exists_now(io.out);
    rc = import_run(&io, &r, &e);
    report_show(&rep);
    prov *pv = NULL;
    if (rc == 0 && !csv_is_stdio(io.out)) {
        /* the export, the maps, the scenario (its files, its seed: the drawn
         * efforts') and the scenario as resolved */
        const char *in[] = {io.tickets, io.category_map, io.priority_map, io.group_map};
        rc = (pv = prov_new(&e)) ? 0 : -1;
        for (size_t i = 0; rc == 0 && i < sizeof in / sizeof *in; i++)
            if (in[i])
                rc = prov_add_file(pv, in[i], &e);
        if (rc == 0) {
            prov_set_seed(pv, s->seed);
            prov_set_streams(pv, s->streams);
            rc = prov_set_scenario(pv, s, &e);
        }
        if (rc == 0)
            rc = prov_beside(pv, io.out, s, &e);
        if (rc < 0)
            beside_undo(io.out, had);
    }
    prov_destroy(pv);
    scn_destroy(s);
    if (rc < 0)
        return fail(&e);
    return finish_stdout();
}

/* fit -o FILE's provenance beside it: the outages, the --scenario or
 * --into template with its includes (read again: it loaded in fit), the
 * bootstrap's seed.  0, or -1 with e set. */
static int fit_provenance(const fit_opts *fo, os_error *e)
{
    if (!fo->out || csv_is_stdio(fo->out))
        return 0;
    prov *pv = prov_new(e);
    if (!pv)
        return -1;
    const char *tpl = fo->into ? fo->into : fo->scenario;
    scenario *s = NULL;
    int rc = prov_add_file(pv, fo->outages, e);
    if (rc == 0 && tpl) {
        if ((s = scn_load(tpl, NULL, 0, e)))
            rc = prov_add_file(pv, tpl, e);
        else
            rc = -1;
    }
    prov_set_seed(pv, fo->seed);
    if (rc == 0)
        rc = prov_beside(pv, fo->out, s, e);
    scn_destroy(s);
    prov_destroy(pv);
    return rc;
}

int cmd_fit(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "fit", &o);
    if (rc >= 0)
        return rc;
    fit_opts fo = {.outages = o.args[0], .scenario = o.scenario_opt, .out = o.out,
                   .into = o.into, .model = o.model, .seed = 1,
                   .bootstrap = o.given[CLI_OPT_BOOTSTRAP] ? o.bootstrap
                                                            : FIT_BOOTSTRAP_DEFAULT};
    fo.fragment = stdout;
    os_error e;
    err_clear(&e);
    for (int i = 0; i < o.nov; i++)   /* -s maps to simulation.seed: the bootstrap's here */
        if (!strcmp(o.ov[i].key, "simulation.seed")) {
            long long v;
            if (num_parse_int(o.ov[i].value, strlen(o.ov[i].value), &v) != NUM_OK || v < 0) {
                err_set(&e, OS_ERR_INPUT, "", 0, "--seed",
                        "'%s' is not a whole number >= 0", o.ov[i].value);
                return fail(&e);
            }
            fo.seed = (uint64_t)v;
        }
    report_buf rep;
    if (!(fo.report = report_open(&rep))) {
        err_set(&e, OS_ERR_ENV, "", 0, "", "out of memory");
        return fail(&e);
    }
    bool had = exists_now(fo.out);
    rc = fit_run(&fo, &e);
    report_show(&rep);
    if (rc == 0 && (rc = fit_provenance(&fo, &e)) < 0)
        beside_undo(fo.out, had);
    if (rc < 0)
        return fail(&e);
    return finish_stdout();
}

int cmd_calibrate(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "calibrate", &o);
    if (rc >= 0)
        return rc;
    int nov_user = o.nov;   /* calibrated.ini: the user's overrides, not the list */
    char listpath[PATH_MAX];
    if ((rc = outages_override(&o, listpath, sizeof listpath)) != 0)
        return rc;
    calib_opts co = {.scenario = o.scenario, .ov = o.ov, .nov = nov_user,
                     .outages = o.outages, .model = o.model, .fit = o.fit.v,
                     .nfit = o.fit.n, .boot = o.given[CLI_OPT_BOOTSTRAP] ? o.bootstrap : 20,
                     .max_iter = 200, .from_opened = o.from_opened};
    os_error e;
    err_clear(&e);
    run_opts ro = {0};
    if (!(co.run = run_open(o.scenario, o.ov, o.nov, &ro, &e)))
        return fail(&e);
    char dir[1100];
    default_out(dir, sizeof dir, o.out, run_base(co.run), "-calibrate");
    outdir *od;
    prov *pv;
    calib_result *r = NULL;
    if (out_begin(dir, &od, &pv, &e) == 0) {
        r = calib_run(&co, &e);
        int wrc = -1;
        if (r) {
            prov_set_seed(pv, run_base(co.run)->seed);
            prov_set_streams(pv, run_base(co.run)->streams);
            wrc = prov_add_scenario(pv, run_base(co.run), &e);
            if (wrc == 0)
                wrc = calib_write(r, outdir_path(od), &e);
        }
        rc = out_end(wrc, od, pv, &e);
    }
    run_close(co.run);
    if (!r || rc < 0) {
        calib_free(r);
        return fail(&e);
    }
    if (!o.quiet) {
        calib_print(r, stdout);
        printf("Results in %s/calibrate.csv\n", dir);
    }
    calib_free(r);
    return finish_stdout();
}

int cmd_keys(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "keys", &o);
    if (rc >= 0)
        return rc;
    scn_write_reference(stdout);
    return finish_stdout();
}

/* GSL calls this on a numerical failure (it would abort by default): say
 * what failed, remove half-written files, exit 1.  Parameters are validated
 * so that this should not happen; it is a last resort, not a code path.
 * Out of memory is the exception: the handler returns, the GSL function
 * returns NULL, and the caller reports "out of memory" and cleans up like
 * after any failed malloc (tests/oom) — except inside a GSL routine that
 * would use the NULL (err_gsl_nomem_fatal): then "out of memory", the
 * temporaries and the folder being written removed (its lock too), exit 1
 * (exit, not _exit: nothing numerical is wrong, the process may end as
 * after any error). */
static void on_gsl_error(const char *reason, const char *file, int line, int gsl_errno)
{
    if (gsl_errno == GSL_ENOMEM && !err_gsl_nomem_is_fatal())
        return;
    csvw_abort_all_signal_safe();
    if (gsl_errno == GSL_ENOMEM) {
        outdir_abort(open_od);
        fputs("ownsim: out of memory\n", stderr);
        exit(1);
    }
    fprintf(stderr, "ownsim: internal numerical error in GSL (%s:%d, code %d): %s\n",
            file, line, gsl_errno, reason);
    fflush(stderr);
    _exit(1);
}

/* SIGINT, SIGTERM, SIGHUP: remove every temporary file and the output
 * folder being built (outdir.h: the folder at -o is swapped only when
 * complete, so it stays as it was), stop a gnuplot child, then die of the
 * same signal, so the caller sees 130, 143, 129.  Only async-signal-safe
 * calls; the disposition was reset to the default on entry (SA_RESETHAND)
 * and the signal is not blocked (SA_NODEFER), so raise() ends the process. */
static void on_signal(int sig)
{
    csvw_abort_all_signal_safe();
    plot_stop_child_signal_safe();
    raise(sig);
}

/* SIGPIPE: a write to a closed pipe (`ownsim check S | true`) fails with
 * EPIPE instead of killing the process without a word (status 141), so that
 * finish_stdout reports "error writing to standard output" and exits 1, and
 * every file already written stays complete.  A handler that does nothing
 * rather than SIG_IGN: an ignored signal stays ignored across exec in a
 * child (gnuplot), a caught one returns to the default there. */
static void on_sigpipe(int sig)
{
    (void)sig;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = on_sigpipe;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGPIPE, &sa, NULL);
}

/* --version, -V: the first line as it always was (scripts read it), then
 * the build and the libraries: GSL's version as linked (gsl_version),
 * libcsv's and nettle's from their headers at build time (no run-time
 * query), libinih's not at all: its header has no version macro. */
static int print_version(void)
{
    printf("ownsim %s\n", OWNSIM_VERSION);
    printf("build: %s (%s)\n", prov_build_git(), prov_build_cc());
    printf("output schema: %d\n", PROV_SCHEMA);
    printf("GSL %s, libcsv %d.%d.%d, nettle %d.%d, libinih (its header gives no version)\n",
           gsl_version, CSV_MAJOR, CSV_MINOR, CSV_RELEASE, NETTLE_VERSION_MAJOR,
           NETTLE_VERSION_MINOR);
    return finish_stdout();
}

/* Freed memory stays with the process for the next allocation instead of
 * going back to the system at once.  A sweep frees and makes its points'
 * histograms and scenarios chunk after chunk; returned and taken again,
 * every page of them faulted in afresh, which on this project's virtual
 * machines cost about 10 us a page and was most of a sweep's serial time
 * (docs/performance.md).  Peak memory is unchanged: only its release is
 * deferred to the exit. */
static void keep_freed_memory(void)
{
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

int main(int argc, char **argv)
{
    /* a copy, strings included: cli_parse reorders argv and cuts
     * "--set KEY=VALUE" at its '=', the provenance shows the command as
     * typed (without it, provenance.ini would lose the command: an error).
     * Freed by the process's exit. */
    char **typed = malloc(((size_t)argc + 1) * sizeof *argv);
    for (int i = 0; typed && i < argc; i++)
        if (!(typed[i] = strdup(argv[i]))) {
            while (i--)
                free(typed[i]);
            free(typed);
            typed = NULL;
        }
    if (!typed) {
        fprintf(stderr, "ownsim: out of memory\n");
        return 1;
    }
    typed[argc] = NULL;
    cmd_argc = argc;
    cmd_argv = typed;
    keep_freed_memory();
    gsl_set_error_handler(on_gsl_error);
    install_signals();
    csv_set_stdio(stdin, stdout, "<stdin>");   /* "-" as a file: the library reads and writes these */
    if (argc < 2) {
        cli_usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        cli_usage(stdout);
        return finish_stdout();
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
        return print_version();
    const cli_command *c = cli_find_command(argv[1]);
    if (c)
        return c->fn(argc - 1, argv + 1);
    return cli_unknown_command(argv[1]);
}
