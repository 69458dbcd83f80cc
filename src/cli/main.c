/*
 * main.c — the command line: a thin layer over the library, and the only
 * place that prints errors and calls exit.
 *
 * Subcommands live in one table {name, function, synopsis, help}; `ownsim
 * --help` is generated from it.  Exit status: 0 success, 2 bad usage or bad
 * input (scenario, outage file, option), 1 anything else (I/O, memory,
 * a failed write to stdout).
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include "ownsim/csvfile.h"

#include "ownsim/breakeven.h"
#include "ownsim/error.h"
#include "ownsim/fit.h"
#include "ownsim/grid.h"
#include "ownsim/import.h"
#include "ownsim/metric.h"
#include "ownsim/number.h"
#include "ownsim/outages.h"
#include "ownsim/outdir.h"
#include "ownsim/plot.h"
#include "ownsim/point.h"
#include "ownsim/progress.h"
#include "ownsim/provenance.h"
#include "ownsim/report.h"
#include "ownsim/scenario.h"
#include "ownsim/sweep.h"

#include "ownsim/version.h"
#define MAX_SET 256

/* The command line as typed, for the provenance of output folders. */
static int cmd_argc;
static char **cmd_argv;

typedef struct command {
    const char *name;                       /* subcommand */
    int (*fn)(int argc, char **argv);       /* returns the exit status */
    const char *synopsis;                   /* arguments */
    const char *help;                       /* what it does, options */
} command;

static int cmd_run(int argc, char **argv);
static int cmd_outages(int argc, char **argv);
static int cmd_check(int argc, char **argv);
static int cmd_keys(int argc, char **argv);
static const struct command *find_command(const char *name);
static int finish_stdout(void);
static int cmd_sweep(int argc, char **argv);
static int cmd_merge(int argc, char **argv);
static int cmd_breakeven(int argc, char **argv);
static int cmd_plot(int argc, char **argv);
static int cmd_import(int argc, char **argv);
static int cmd_fit(int argc, char **argv);

static const command commands[] = {
    {"run", cmd_run,
     "SCENARIO [-o DIR] [-r REPS] [-n INCIDENTS] [-s SEED] [-j JOBS] [--warmup N]\n"
     "           [--set SECTION.KEY=VALUE]... [--trace] [--outages FILE] [-q]",
     "Replay the outage stream through every model; write CSVs to DIR\n"
     "(default out/<scenario name>/) and print a comparison table.\n"
     "  -o DIR         output folder\n"
     "  -r REPS        replications            (simulation.reps)\n"
     "  -n INCIDENTS   incidents per replication (simulation.incidents)\n"
     "  -s SEED        master seed             (simulation.seed)\n"
     "  -j JOBS        worker threads (default: number of cores); results do not depend on it\n"
     "  --warmup N     leave the first N incidents of each replication out (simulation.warmup)\n"
     "  --set K=V      override any scenario key, e.g. --set model.co_managed.misroute_prob=0.2\n"
     "  --trace        also write incidents.csv, one row per model x replication x incident\n"
     "  --outages FILE replay this outage CSV (as written by `ownsim outages`); every\n"
     "                 replication replays the same rows, so with -r R the intervals\n"
     "                 cover the models' own randomness, not that of the outages\n"
     "  --max-events N stop a replay after N events (simulation.max_events; 0 = no limit)\n"
     "  -q             no progress on stderr, no table on stdout\n"},
    {"outages", cmd_outages,
     "SCENARIO -o FILE [-n INCIDENTS] [-s SEED] [--rep R] [--set K=V]...",
     "Write the synthetic outage stream of replication R (default 0) as CSV:\n"
     "id,t_occur,category,severity,effort.  `run --outages FILE` replays it.\n"},
    {"check", cmd_check, "SCENARIO [--set K=V]...",
     "Validate the scenario and print it fully resolved (every key, defaults\n"
     "included).  Exit 0 when valid, 2 with the file, line and key when not.\n"},
    {"sweep", cmd_sweep,
     "SCENARIO --vary KEY=START:STOP:STEP | --vary KEY=V1,V2,... [--vary ...]\n"
     "           [-r REPS] [-n N] [-s SEED] [-j JOBS] [--shard I/N] [--set K=V]... [-o DIR] [-q]",
     "Run every point of the grid of the --vary axes (any scenario key, or a\n"
     "distribution parameter such as model.co_managed.handoff_delay.median) through\n"
     "every model.  Writes DIR/sweep.csv (one row per point x model), the resolved\n"
     "base scenario.ini and the sweep.ini manifest; DIR defaults to out/<name>-sweep.\n"
     "  --vary KEY=START:STOP:STEP   numbers from START to STOP (inclusive) by STEP\n"
     "  --vary KEY=V1,V2,...         the values listed (distributions may contain commas)\n"
     "  --shard I/N    run only points p with p % N == I-1 (1 <= I <= N); join with merge\n"
     "  -j JOBS        worker threads over points and replications; output does not depend on it\n"
     "  -q             no progress on stderr\n"
     "Grids are limited to 1,000,000 points.\n"},
    {"merge", cmd_merge, "DIR... -o DIR",
     "Join the folders of shards 1/N..N/N of one sweep into one folder whose\n"
     "sweep.csv is byte-identical to the unsharded sweep's.  Refuses folders from\n"
     "different scenarios, seeds or grids, and missing or repeated shards.\n"},
    {"breakeven", cmd_breakeven,
     "SCENARIO --vary KEY=LO:HI --model A [--baseline B] [--metric M]\n"
     "           [-r REPS] [-n N] [-s SEED] [-j JOBS] [--set K=V]... [-o DIR] [-q]",
     "Find by bisection, under common random numbers, the value of KEY in [LO, HI]\n"
     "at which model A's metric equals model B's (default: the scenario's baseline),\n"
     "with a 95% confidence interval from the replications, or report that they do\n"
     "not cross.  Writes DIR/breakeven.csv and the resolved scenario.ini (DIR\n"
     "defaults to out/<name>-breakeven) and prints one line.  --metric M is any\n"
     "column of models.csv (default ttr_mean), compared replication by replication\n"
     "(docs/output.md says how each is computed):\n"
     METRIC_HELP},
    {"plot", cmd_plot,
     "DIR [-o OUTDIR] [--format png|svg|pdf] [--title TEXT] [--metric M] [--breakeven BEDIR]",
     "Draw the charts for a folder written by `run` or `sweep`, with gnuplot:\n"
     "where the minutes go, TTR by model and severity, TTR distribution, SLA\n"
     "breaches, annual cost (run folders) and the sweep curve with any break-even\n"
     "point (sweep folders).  OUTDIR defaults to DIR/charts; PNG images are\n"
     "1600x900.  --metric picks the sweep.csv column the sweep chart draws\n"
     "(default ttr_mean): a metric that `ownsim breakeven --help` lists, or\n"
     "ttr_mean_diff.  --breakeven marks the break-even of BEDIR/breakeven.csv\n"
     "(a folder written by `ownsim breakeven`; default: DIR's own).  The environment\n"
     "variables OWNSIM_GNUPLOT and OWNSIM_PLOTS name another gnuplot program and\n"
     "another folder of scripts.\n"},
    {"import", cmd_import,
     "TICKETS.csv --scenario SCENARIO --map opened=COL,priority=COL,category=COL[,resolved=COL][,effort=COL]\n"
     "           [--date-format FMT] [--tz ZONE] [--category-map FILE] [--priority-map FILE]\n"
     "           [--strict] [--set K=V]... -o OUTAGES.csv",
     "Convert a ticket export (ServiceNow, Jira Service Management, Zendesk CSV) into an\n"
     "outage CSV that `run --outages` replays.  Priorities and categories are mapped to\n"
     "the scenario's severities and categories; unusable rows are skipped and listed\n"
     "on stderr with their line and reason (--strict: the first one is an error).\n"
     "Without an effort column, efforts are drawn from the scenario's distributions.\n"
     "  --date-format FMT  strptime format of the dates (default: ISO 8601 and common forms)\n"
     "  --tz ZONE          time zone of dates without an offset, e.g. Europe/Berlin (default UTC)\n"
     "  --category-map F   CSV from,to: export category -> scenario category\n"
     "  --priority-map F   CSV from,to: export priority -> scenario severity\n"
     "See docs/import.md.\n"},
    {"fit", cmd_fit, "OUTAGES.csv [--scenario SCENARIO] [-o FITTED.ini]",
     "Estimate the arrival profile, category and severity mixes and each severity's\n"
     "effort distribution (lognormal, maximum likelihood) from an outage CSV, and write\n"
     "a scenario fragment (to stdout without -o) that a scenario can include:\n"
     "include = FITTED.ini.  Prints a Kolmogorov-Smirnov statistic per fitted\n"
     "distribution on stderr and warns of poor fits and small samples.  With\n"
     "--scenario, severities and categories are listed in that scenario's order.\n"},
    {"keys", cmd_keys, "",
     "Print the reference of every scenario key (Markdown).\n"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fprintf(f, "ownsim %s — replay synthetic IT outages through ownership models\n\n"
               "usage:\n", OWNSIM_VERSION);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  ownsim %s%s%s\n", commands[i].name, commands[i].synopsis[0] ? " " : "",
                commands[i].synopsis);
    fprintf(f, "  ownsim --help | --version | ownsim COMMAND --help\n\n"
               "Exit status: 0 ok, 2 bad usage or input, 1 other failure.\n"
               "Documentation: README.md and docs/.\n");
}

static void command_help(const command *c, FILE *f)
{
    fprintf(f, "usage: ownsim %s %s\n\n%s", c->name, c->synopsis, c->help);
}

static int fail(const os_error *e)
{
    err_print(e, stderr);
    return e->kind == OS_ERR_ENV ? 1 : 2;
}

/* The progress line: the library reports (progress.h), the CLI draws one
 * line on stderr, redrawn in place with \r, only on a terminal and not
 * with -q.  The library calls back on this thread only.  progress_end
 * clears the line before anything else is printed. */
typedef struct progress_line {
    int width;                 /* characters on the line now, 0 = none drawn */
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
        snprintf(line, sizeof line, "ownsim: sweep %lld/%lld points, %.0f s elapsed, ETA %.0f s",
                 p->done, p->total, p->elapsed,
                 p->done > 0 ? p->elapsed / (double)p->done * (double)(p->total - p->done) : 0);
        break;
    default:
        snprintf(line, sizeof line, "ownsim: breakeven: %lld points evaluated", p->done);
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

/* A message that quotes input goes to the terminal escaped (error.h). */
static int usage_error(const char *cmd, const char *msg)
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

/* Options shared by the scenario commands. */
typedef struct opts {
    const char *scenario;      /* positional */
    const char *out;           /* -o */
    int jobs;                  /* -j */
    bool trace;                /* --trace */
    bool quiet;                /* -q */
    long rep;                  /* --rep */
    const char *outages;       /* --outages */
    bool n_given;              /* -n was given */
    const char *vary[GRID_MAX_AXES]; /* --vary specs */
    int nvary;
    const char *shard;         /* --shard */
    const char *model;         /* --model */
    const char *baseline;      /* --baseline */
    const char *metric;        /* --metric */
    scn_override ov[MAX_SET];  /* --set and the flags that map to keys */
    int nov;
    char *owned[MAX_SET];      /* strings built for flag overrides */
    int nowned;
} opts;

static int add_override(opts *o, const char *cmd, const char *key, const char *value,
                        const char *origin)
{
    if (o->nov == MAX_SET)
        return usage_error(cmd, "too many --set options");
    o->ov[o->nov] = (scn_override){key, value, origin};
    o->nov++;
    return 0;
}

/* The option at hand as typed, for messages: "--reps" when the long form
 * was used (li, getopt_long's index), else "-r". */
static const char *opt_name(const struct option *longopts, int li, int ch, char *buf,
                            size_t n)
{
    if (li >= 0)
        snprintf(buf, n, "--%s", longopts[li].name);
    else
        snprintf(buf, n, "-%c", ch);
    return buf;
}

/* The usage error for getopt_long's '?' (opterr is 0): an unknown or
 * ambiguous option, an option missing its value, or a value given to an
 * option that takes none.  Names the option as it was typed. */
static int bad_option(const char *cmd, char *const *argv, const char *shortopts,
                      const struct option *longopts)
{
    char msg[ERR_QUOTE_SIZE + 320], q[ERR_QUOTE_SIZE];
    const char *typed = argv[optind - 1];
    bool is_long = !strncmp(typed, "--", 2);
    if (is_long) {
        /* --name or --name=value: the entry it abbreviates */
        size_t len = strcspn(typed + 2, "="), used = 0;
        const struct option *hit = NULL;
        int matches = 0;
        char cands[256] = "";   /* the options an ambiguous prefix could mean */
        for (const struct option *l = longopts; l->name; l++)
            if (!strncmp(l->name, typed + 2, len)) {
                matches++;
                if (optopt && l->val == optopt)
                    hit = l;
                if (used < sizeof cands)
                    used += (size_t)snprintf(cands + used, sizeof cands - used, "%s--%s",
                                             used ? ", " : "", l->name);
            }
        char name[64];
        snprintf(name, sizeof name, "--%s", hit ? hit->name : "");
        if (!optopt || !hit) {
            if (matches > 1)
                snprintf(msg, sizeof msg, "ambiguous option %s: %s?",
                         err_quote(q, sizeof q, typed), cands);
            else
                snprintf(msg, sizeof msg, "unknown option %s", err_quote(q, sizeof q, typed));
        } else if (hit->has_arg == no_argument) {
            snprintf(msg, sizeof msg, "option %s takes no value", name);
        } else {
            snprintf(msg, sizeof msg, "option %s needs a value", name);
        }
        return usage_error(cmd, msg);
    }
    const char *at = optopt > 0 && optopt < 256 ? strchr(shortopts, optopt) : NULL;
    if (at && at[1] == ':') {
        snprintf(msg, sizeof msg, "option -%c needs a value", optopt);
    } else {
        char opt[3] = {'-', (char)optopt, '\0'};
        snprintf(msg, sizeof msg, "unknown option %s", err_quote(q, sizeof q, opt));
    }
    return usage_error(cmd, msg);
}

/* A whole-number option from lo to hi; a usage error naming the option, the
 * range and the value otherwise.  Returns 0 to go on, else the status. */
static int int_option(const char *cmd, const char *name, const char *text, long long lo,
                      long long hi, long long *out)
{
    long long v = 0;
    if (num_parse_int(text, strlen(text), &v) == NUM_OK && v >= lo && v <= hi) {
        *out = v;
        return 0;
    }
    char msg[ERR_QUOTE_SIZE + 96], q[ERR_QUOTE_SIZE];
    snprintf(msg, sizeof msg, "%s needs a whole number from %lld to %lld, not %s", name, lo,
             hi, err_quote(q, sizeof q, text));
    return usage_error(cmd, msg);
}

/* A path option must name something: "" would be reported later as a file
 * with no name.  Returns 0 to go on, else the status. */
static int path_option(const char *cmd, const char *name, const char *path)
{
    if (path[0])
        return 0;
    char msg[96];
    snprintf(msg, sizeof msg, "%s needs a path, and '' is empty", name);
    return usage_error(cmd, msg);
}

enum { OPT_WARMUP = 256, OPT_SET, OPT_TRACE, OPT_OUTAGES, OPT_REP, OPT_HELP, OPT_VARY,
       OPT_SHARD, OPT_MODEL, OPT_BASELINE, OPT_METRIC, OPT_MAXEV };

/* Parse argv for command cmd.  Returns -1 to go on, else an exit status. */
static int parse(int argc, char **argv, const command *c, const char *allowed, opts *o)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"reps", required_argument, NULL, 'r'},
        {"incidents", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"jobs", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"warmup", required_argument, NULL, OPT_WARMUP},
        {"set", required_argument, NULL, OPT_SET},
        {"trace", no_argument, NULL, OPT_TRACE},
        {"outages", required_argument, NULL, OPT_OUTAGES},
        {"rep", required_argument, NULL, OPT_REP},
        {"help", no_argument, NULL, OPT_HELP},
        {"vary", required_argument, NULL, OPT_VARY},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"model", required_argument, NULL, OPT_MODEL},
        {"baseline", required_argument, NULL, OPT_BASELINE},
        {"metric", required_argument, NULL, OPT_METRIC},
        {"max-events", required_argument, NULL, OPT_MAXEV},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    long ncores = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = ncores > 0 ? (int)ncores : 1;
    optind = 1;
    opterr = 0;
    int ch, li = -1;
    long long v = 0;
    os_error e;
    static const char shortopts[] = "o:r:n:s:j:q";
    for (; (ch = getopt_long(argc, argv, shortopts, longopts, &li)) != -1; li = -1) {
        if (ch == OPT_HELP) {
            command_help(c, stdout);
            return finish_stdout();
        }
        if (ch == '?' || ch == ':')
            return bad_option(c->name, argv, shortopts, longopts);
        char name[64];
        opt_name(longopts, li, ch, name, sizeof name);
        /* long options are listed in allowed by their first letter after
         * "--" in upper case: V(ary), S(hard), M(odel), B(aseline), E(metric),
         * T(race), O(utages), R(ep), W(armup) */
        static const char long_tag[] = {[OPT_WARMUP - 256] = 'W', [OPT_SET - 256] = 0,
            [OPT_TRACE - 256] = 'T', [OPT_OUTAGES - 256] = 'O', [OPT_REP - 256] = 'R',
            [OPT_HELP - 256] = 0, [OPT_VARY - 256] = 'V', [OPT_SHARD - 256] = 'S',
            [OPT_MODEL - 256] = 'M', [OPT_BASELINE - 256] = 'B', [OPT_METRIC - 256] = 'E',
            [OPT_MAXEV - 256] = 0};
        char tag = ch < 256 ? (char)ch : long_tag[ch - 256];
        if (tag && !strchr(allowed, tag)) {
            char msg[128];
            snprintf(msg, sizeof msg, "option %s does not apply to %s", name, c->name);
            return usage_error(c->name, msg);
        }
        int rc = 0;
        switch (ch) {
        case 'o':
            rc = path_option(c->name, name, optarg);
            o->out = optarg;
            break;
        case 'r': rc = add_override(o, c->name, "simulation.reps", optarg, "-r"); break;
        case 'n':
            rc = add_override(o, c->name, "simulation.incidents", optarg, "-n");
            o->n_given = true;
            break;
        case 's': rc = add_override(o, c->name, "simulation.seed", optarg, "-s"); break;
        case OPT_WARMUP:
            rc = add_override(o, c->name, "simulation.warmup", optarg, "--warmup");
            break;
        case OPT_MAXEV:
            rc = add_override(o, c->name, "simulation.max_events", optarg, "--max-events");
            break;
        case OPT_VARY:
            if (o->nvary == GRID_MAX_AXES)
                return usage_error(c->name, "too many --vary axes");
            o->vary[o->nvary++] = optarg;
            break;
        case OPT_SHARD: o->shard = optarg; break;
        case OPT_MODEL: o->model = optarg; break;
        case OPT_BASELINE: o->baseline = optarg; break;
        case OPT_METRIC: o->metric = optarg; break;
        case 'j':
            if (!(rc = int_option(c->name, name, optarg, 1, 1024, &v)))
                o->jobs = (int)v;
            break;
        case 'q': o->quiet = true; break;
        case OPT_TRACE: o->trace = true; break;
        case OPT_OUTAGES:
            rc = path_option(c->name, name, optarg);
            o->outages = optarg;
            break;
        case OPT_REP:
            /* a replication's stream number, a 32-bit unsigned in the
             * generator; 2^31 - 1 keeps it clear of any sign */
            if (!(rc = int_option(c->name, name, optarg, 0, 2147483647LL, &v)))
                o->rep = (long)v;
            break;
        case OPT_SET: {
            scn_override ov;
            err_clear(&e);
            if (scn_split_override(optarg, &ov, &e) < 0)
                return fail(&e);
            rc = add_override(o, c->name, ov.key, ov.value, "--set");
            break;
        }
        }
        if (rc)
            return rc;
    }
    if (optind >= argc)
        return usage_error(c->name, "missing SCENARIO");
    if (optind + 1 < argc)
        return usage_error(c->name, "too many arguments");
    o->scenario = argv[optind];
    if (path_option(c->name, "SCENARIO", o->scenario))
        return 2;
    return -1;
}

static int finish_stdout(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ownsim: error writing to standard output\n");
        return 1;
    }
    return 0;
}

/* Every command that writes a folder: open it (outdir.h: locked, checked,
 * built beside the target) with a provenance collector.  0, or -1 with e
 * set and nothing left. */
static int out_begin(const char *dir, outdir **od, prov **pv, os_error *e)
{
    *pv = NULL;
    if (!(*od = outdir_open(dir, e)))
        return -1;
    if (!(*pv = prov_create(cmd_argc, cmd_argv))) {
        outdir_abort(*od);
        *od = NULL;
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    }
    return 0;
}

/* rc 0: write the provenance last and swap the folder in; otherwise (or
 * when that fails) roll it back.  Ends od and pv; returns 0 or -1. */
static int out_end(int rc, outdir *od, prov *pv, os_error *e)
{
    if (rc == 0)
        rc = prov_write(pv, outdir_path(od), e);
    if (rc == 0)
        rc = outdir_commit(od, e);
    else
        outdir_abort(od);
    prov_destroy(pv);
    return rc;
}

static int cmd_run(int argc, char **argv)
{
    opts o;
    int rc = parse(argc, argv, &commands[0], "ornsjqWTO", &o);
    if (rc >= 0)
        return rc;
    char outages_abs[4096];
    if (o.outages) {
        /* absolute, so the resolved scenario finds it again; a pipe such
         * as <(command) has no real path and is taken as given */
        if (!realpath(o.outages, outages_abs)) {
            if (access(o.outages, R_OK) != 0)
                return input_error(o.outages, "", "cannot open outage file: %s",
                                   strerror(errno));
            snprintf(outages_abs, sizeof outages_abs, "%s", o.outages);
        }
        add_override(&o, "run", "simulation.outages", outages_abs, "--outages");
    }
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(o.scenario, o.ov, o.nov, &e);
    if (!s)
        return fail(&e);
    outage_list list = {0};
    if (s->outages[0]) {
        if (outlist_read(s, s->outages, o.n_given ? s->incidents : 0, &list, &e) < 0) {
            scn_destroy(s);
            return fail(&e);
        }
        /* replay the whole list unless -n asks for fewer */
        if (!o.n_given || (size_t)s->incidents > list.n)
            s->incidents = (long)list.n;
        if (s->warmup >= s->incidents) {
            input_error(o.scenario, "simulation.warmup", "%ld is not smaller than the "
                        "%ld outages replayed", s->warmup, s->incidents);
            outlist_free(&list);
            scn_destroy(s);
            return 2;
        }
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
        outlist_free(&list);
        scn_destroy(s);
        return fail(&e);
    }
    char trace_path[PATH_MAX];
    if ((size_t)snprintf(trace_path, sizeof trace_path, "%s/incidents.csv",
                         outdir_path(od)) >= sizeof trace_path) {
        err_set(&e, OS_ERR_INPUT, dir, 0, "", "path too long for the trace");
        out_end(-1, od, pv, &e);
        outlist_free(&list);
        scn_destroy(s);
        return fail(&e);
    }
    progress_line pl = {0};
    point_opts po = {.jobs = o.jobs, .trace = o.trace ? trace_path : NULL,
                     .progress = progress_for(o.quiet), .progress_ctx = &pl,
                     .list = list.v ? &list : NULL};
    point_result res;
    rc = point_run(s, &po, &res, &e);
    progress_end(&pl);
    bool ran = rc == 0;
    if (!rc && point_peak(&res) > 1000 && point_peak(&res) * 4 > s->incidents)
        fprintf(stderr, "ownsim: warning: up to %ld incidents were unresolved at once (of "
                "%ld per replication): queues kept growing, so the arrival rate may exceed "
                "what the owners can work and the results describe a system that never "
                "settled (see docs/errors.md)\n", point_peak(&res), s->incidents);
    if (!rc) {
        rc = report_write(s, &res, outdir_path(od), &e);
        if (!rc)
            rc = prov_add_scenario(pv, s, &e);
    }
    rc = out_end(rc, od, pv, &e);
    if (!rc && !o.quiet) {
        report_table(s, &res, stdout);
        printf("\nResults in %s/\n", dir);
    }
    if (ran)
        point_free(&res);
    outlist_free(&list);
    scn_destroy(s);
    if (rc)
        return fail(&e);
    return finish_stdout();
}

static int cmd_outages(int argc, char **argv)
{
    opts o;
    int rc = parse(argc, argv, &commands[1], "onsR", &o);
    if (rc >= 0)
        return rc;
    if (!o.out)
        return usage_error("outages", "missing -o FILE");
    /* an outage stream has no warm-up (a run leaves it out of its
     * statistics), so the scenario's must not be checked against -n */
    if ((rc = add_override(&o, "outages", "simulation.warmup", "0", "outages")))
        return rc;
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(o.scenario, o.ov, o.nov, &e);
    if (!s)
        return fail(&e);
    rc = outlist_write(s, (uint32_t)o.rep, s->incidents, o.out, &e);
    scn_destroy(s);
    if (rc)
        return fail(&e);
    return finish_stdout();
}

static int cmd_check(int argc, char **argv)
{
    opts o;
    int rc = parse(argc, argv, &commands[2], "", &o);
    if (rc >= 0)
        return rc;
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(o.scenario, o.ov, o.nov, &e);
    if (!s)
        return fail(&e);
    scn_write(s, stdout);
    scn_destroy(s);
    return finish_stdout();
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

/* Default output folder: out/<scenario name><suffix>. */
static void default_out(char *buf, size_t n, const char *out, const char *path,
                        const scn_override *ov, int nov, const char *suffix)
{
    if (out) {
        snprintf(buf, n, "%s", out);
        return;
    }
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(path, ov, nov, &e);
    snprintf(buf, n, "out/%s%s", s ? s->name : "ownsim", suffix);
    scn_destroy(s);
}

static int cmd_sweep(int argc, char **argv)
{
    opts o;
    const command *c = find_command("sweep");
    int rc = parse(argc, argv, c, "ornsjqVS", &o);
    if (rc >= 0)
        return rc;
    if (o.nvary == 0)
        return usage_error("sweep", "give at least one --vary KEY=...");
    os_error e;
    err_clear(&e);
    grid g;
    memset(&g, 0, sizeof g);
    sweep_opts so = {.scenario = o.scenario, .ov = o.ov, .nov = o.nov, .g = &g,
                     .shard_i = 1, .shard_n = 1, .jobs = o.jobs,
                     .progress = progress_for(o.quiet)};
    progress_line pl = {0};
    so.progress_ctx = &pl;
    for (int i = 0; i < o.nvary && rc < 0; i++)
        if (grid_add(&g, o.vary[i], &e) < 0)
            rc = fail(&e);
    if (rc < 0 && o.shard && grid_parse_shard(o.shard, &so.shard_i, &so.shard_n, &e) < 0)
        rc = fail(&e);
    char dir[1100];
    if (rc < 0) {
        default_out(dir, sizeof dir, o.out, o.scenario, o.ov, o.nov, "-sweep");
        outdir *od;
        if (out_begin(dir, &od, &so.prov, &e) < 0) {
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
    if (rc == 0 && !o.quiet)
        printf("sweep: %d axes, %llu points%s; results in %s/sweep.csv\n", g.naxis,
               (unsigned long long)g.npoints, so.shard_n > 1 ? " (one shard)" : "", dir);
    grid_free(&g);
    return rc ? rc : finish_stdout();
}

static int cmd_merge(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *out = NULL;
    optind = 1;
    opterr = 0;
    int ch, li = -1;
    /* getopt_long: -o anywhere, --out=DIR, and "--" before folders whose
     * names start with '-' */
    for (; (ch = getopt_long(argc, argv, "o:", longopts, &li)) != -1; li = -1) {
        char name[64];
        switch (ch) {
        case 'o':
            if (path_option("merge", opt_name(longopts, li, ch, name, sizeof name), optarg))
                return 2;
            out = optarg;
            break;
        case 'h':
            command_help(find_command("merge"), stdout);
            return finish_stdout();
        default:
            return bad_option("merge", argv, "o:", longopts);
        }
    }
    if (!out)
        return usage_error("merge", "missing -o DIR");
    int n = argc - optind;
    if (n == 0)
        return usage_error("merge", "give the shard folders to merge");
    const char *const *dirs = (const char *const *)argv + optind;
    for (int i = 0; i < n; i++)
        if (!dirs[i][0])
            return usage_error("merge", "a shard folder needs a path, and '' is empty");
    os_error e;
    err_clear(&e);
    outdir *od;
    prov *pv;
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

static int cmd_breakeven(int argc, char **argv)
{
    opts o;
    const command *c = find_command("breakeven");
    int rc = parse(argc, argv, c, "ornsjqVMBE", &o);
    if (rc >= 0)
        return rc;
    if (o.nvary != 1)
        return usage_error("breakeven", "give exactly one --vary KEY=LO:HI");
    if (!o.model)
        return usage_error("breakeven", "missing --model A");
    char key[512];
    double lo, hi;
    const char *eq = strchr(o.vary[0], '=');
    if (!eq || eq == o.vary[0] || (size_t)(eq - o.vary[0]) >= sizeof key)
        return usage_error("breakeven", "expected --vary KEY=LO:HI");
    snprintf(key, sizeof key, "%.*s", (int)(eq - o.vary[0]), o.vary[0]);
    const char *colon = strchr(eq + 1, ':');
    if (!colon || strchr(colon + 1, ':'))
        return usage_error("breakeven", "expected --vary KEY=LO:HI with two numbers");
    if ((rc = bound_option(key, "LO", eq + 1, (size_t)(colon - eq - 1), &lo)) ||
        (rc = bound_option(key, "HI", colon + 1, strlen(colon + 1), &hi)))
        return rc;
    be_opts bo = {.scenario = o.scenario, .ov = o.ov, .nov = o.nov, .key = key, .lo = lo,
                  .hi = hi, .model = o.model, .baseline = o.baseline, .metric = o.metric,
                  .jobs = o.jobs, .progress = progress_for(o.quiet)};
    progress_line pl = {0};
    bo.progress_ctx = &pl;
    os_error e;
    err_clear(&e);
    be_result r;
    rc = be_run(&bo, &r, &e);
    progress_end(&pl);
    if (rc < 0)
        return fail(&e);
    char dir[1100];
    default_out(dir, sizeof dir, o.out, o.scenario, o.ov, o.nov, "-breakeven");
    outdir *od;
    if (out_begin(dir, &od, &bo.prov, &e) < 0 ||
        out_end(be_write(&bo, &r, outdir_path(od), &e), od, bo.prov, &e) < 0)
        return fail(&e);
    be_print(&bo, &r, stdout);
    return finish_stdout();
}

static int cmd_plot(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"title", required_argument, NULL, 't'},
        {"metric", required_argument, NULL, 'm'},
        {"breakeven", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    plot_opts po = {.format = PLOT_PNG, .scripts = getenv("OWNSIM_PLOTS"),
                    .gnuplot = getenv("OWNSIM_GNUPLOT")};
    optind = 1;
    opterr = 0;
    int ch, li = -1;
    for (; (ch = getopt_long(argc, argv, "o:", longopts, &li)) != -1; li = -1) {
        char name[64];
        switch (ch) {
        case 'o':
            if (path_option("plot", opt_name(longopts, li, ch, name, sizeof name), optarg))
                return 2;
            po.out = optarg;
            break;
        case 't': po.title = optarg; break;
        case 'm': po.metric = optarg; break;
        case 'b':
            if (path_option("plot", "--breakeven", optarg))
                return 2;
            po.breakeven = optarg;
            break;
        case 'f':
            if (plot_parse_format(optarg, &po.format) < 0)
                return usage_error("plot", "--format takes png, svg or pdf");
            break;
        case 'h':
            command_help(find_command("plot"), stdout);
            return finish_stdout();
        default:
            return bad_option("plot", argv, "o:", longopts);
        }
    }
    if (optind + 1 != argc)
        return usage_error("plot", optind >= argc ? "missing DIR" : "too many arguments");
    po.dir = argv[optind];
    if (path_option("plot", "DIR", po.dir))
        return 2;
    os_error e;
    err_clear(&e);
    int n = 0;
    if (!(po.prov = prov_create(cmd_argc, cmd_argv))) {
        err_set(&e, OS_ERR_ENV, "", 0, "", "out of memory");
        return fail(&e);
    }
    int rc = plot_run(&po, &n, &e);
    prov_destroy(po.prov);
    if (rc < 0)
        return fail(&e);
    return finish_stdout();
}

/* Options of import and fit; returns -1 to go on, else an exit status. */
enum { IO_SCENARIO = 300, IO_MAP, IO_DATEFMT, IO_TZ, IO_CATMAP, IO_PRIOMAP, IO_STRICT, IO_SET,
       IO_HELP };

static int cmd_import(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"scenario", required_argument, NULL, IO_SCENARIO},
        {"map", required_argument, NULL, IO_MAP},
        {"date-format", required_argument, NULL, IO_DATEFMT},
        {"tz", required_argument, NULL, IO_TZ},
        {"category-map", required_argument, NULL, IO_CATMAP},
        {"priority-map", required_argument, NULL, IO_PRIOMAP},
        {"strict", no_argument, NULL, IO_STRICT},
        {"set", required_argument, NULL, IO_SET},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, IO_HELP},
        {NULL, 0, NULL, 0},
    };
    import_opts io = {0};
    const char *scen = NULL;
    scn_override ov[MAX_SET];
    int nov = 0;
    os_error e;
    err_clear(&e);
    optind = 1;
    opterr = 0;
    int ch, li = -1;
    for (; (ch = getopt_long(argc, argv, "o:", longopts, &li)) != -1; li = -1) {
        char name[64];
        opt_name(longopts, li, ch, name, sizeof name);
        if ((ch == 'o' || ch == IO_SCENARIO || ch == IO_CATMAP || ch == IO_PRIOMAP) &&
            path_option("import", name, optarg))
            return 2;
        switch (ch) {
        case 'o': io.out = optarg; break;
        case IO_SCENARIO: scen = optarg; break;
        case IO_MAP: io.map = optarg; break;
        case IO_DATEFMT: io.date_format = optarg; break;
        case IO_TZ: io.tz = optarg; break;
        case IO_CATMAP: io.category_map = optarg; break;
        case IO_PRIOMAP: io.priority_map = optarg; break;
        case IO_STRICT: io.strict = true; break;
        case IO_SET:
            if (nov == MAX_SET)
                return usage_error("import", "too many --set options");
            if (scn_split_override(optarg, &ov[nov], &e) < 0)
                return fail(&e);
            nov++;
            break;
        case IO_HELP:
            command_help(find_command("import"), stdout);
            return finish_stdout();
        default:
            return bad_option("import", argv, "o:", longopts);
        }
    }
    if (optind + 1 != argc)
        return usage_error("import", optind >= argc ? "missing TICKETS.csv" : "too many arguments");
    if (path_option("import", "TICKETS.csv", argv[optind]))
        return 2;
    if (!scen)
        return usage_error("import", "missing --scenario SCENARIO (its categories, severities "
                           "and effort distributions)");
    if (!io.map)
        return usage_error("import", "missing --map opened=COL,priority=COL,category=COL");
    if (!io.out)
        return usage_error("import", "missing -o OUTAGES.csv");
    io.tickets = argv[optind];
    scenario *s = scn_load(scen, ov, nov, &e);
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
    int rc = import_run(&io, &r, &e);
    scn_destroy(s);
    report_show(&rep);
    if (rc < 0)
        return fail(&e);
    return finish_stdout();
}

static int cmd_fit(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"scenario", required_argument, NULL, IO_SCENARIO},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, IO_HELP},
        {NULL, 0, NULL, 0},
    };
    fit_opts fo = {0};
    optind = 1;
    opterr = 0;
    int ch, li = -1;
    for (; (ch = getopt_long(argc, argv, "o:", longopts, &li)) != -1; li = -1) {
        char name[64];
        opt_name(longopts, li, ch, name, sizeof name);
        if ((ch == 'o' || ch == IO_SCENARIO) && path_option("fit", name, optarg))
            return 2;
        switch (ch) {
        case 'o': fo.out = optarg; break;
        case IO_SCENARIO: fo.scenario = optarg; break;
        case IO_HELP:
            command_help(find_command("fit"), stdout);
            return finish_stdout();
        default:
            return bad_option("fit", argv, "o:", longopts);
        }
    }
    if (optind + 1 != argc)
        return usage_error("fit", optind >= argc ? "missing OUTAGES.csv" : "too many arguments");
    if (path_option("fit", "OUTAGES.csv", argv[optind]))
        return 2;
    fo.outages = argv[optind];
    fo.fragment = stdout;
    os_error e;
    err_clear(&e);
    report_buf rep;
    if (!(fo.report = report_open(&rep))) {
        err_set(&e, OS_ERR_ENV, "", 0, "", "out of memory");
        return fail(&e);
    }
    int rc = fit_run(&fo, &e);
    report_show(&rep);
    if (rc < 0)
        return fail(&e);
    return finish_stdout();
}

static int cmd_keys(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--help")) {
        command_help(find_command("keys"), stdout);
        return finish_stdout();
    }
    if (argc > 1)
        return usage_error("keys", "takes no arguments");
    scn_write_reference(stdout);
    return finish_stdout();
}

/* GSL calls this on a numerical failure (it would abort by default): say
 * what failed, remove half-written files, exit 1.  Parameters are validated
 * so that this should not happen; it is a last resort, not a code path. */
static void on_gsl_error(const char *reason, const char *file, int line, int gsl_errno)
{
    csvw_abort_all_signal_safe();
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

int main(int argc, char **argv)
{
    /* a copy: getopt_long reorders argv, the provenance shows it as typed */
    static char *fallback[1];
    char **typed = malloc(((size_t)argc + 1) * sizeof *argv);
    cmd_argc = typed ? argc : 0;
    if (typed)
        memcpy(typed, argv, ((size_t)argc + 1) * sizeof *argv);
    cmd_argv = typed ? typed : fallback;
    gsl_set_error_handler(on_gsl_error);
    install_signals();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return finish_stdout();
    }
    if (!strcmp(argv[1], "--version")) {
        printf("ownsim %s\n", OWNSIM_VERSION);
        return finish_stdout();
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    char q[ERR_QUOTE_SIZE];
    fprintf(stderr, "ownsim: unknown command %s\n", err_quote(q, sizeof q, argv[1]));
    usage(stderr);
    return 2;
}
