/*
 * main.c — the command line: a thin layer over the library, and the only
 * place that prints errors and calls exit.
 *
 * Subcommands live in one table {name, function, synopsis, help}; `ownsim
 * --help` is generated from it.  Exit status: 0 success, 2 bad usage or bad
 * input (scenario, outage file, option), 1 anything else (I/O, memory,
 * a failed write to stdout).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
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
#include "ownsim/outages.h"
#include "ownsim/plot.h"
#include "ownsim/point.h"
#include "ownsim/report.h"
#include "ownsim/scenario.h"
#include "ownsim/sweep.h"

#define OWNSIM_VERSION "0.1.0"
#define MAX_SET 256

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
     "  --outages FILE replay this outage CSV (as written by `ownsim outages`)\n"
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
     "not cross.  Metrics: ttr_mean (default), detect_mean ... work_mean,\n"
     "handoffs_mean, bounced_pct, orphaned_pct, escalated_pct, wasted_effort_mean,\n"
     "sla_response_breach_pct, sla_resolve_breach_pct, sla_breach_pct,\n"
     "downtime_cost, downtime_cost_per_week.  Writes DIR/breakeven.csv and the\n"
     "resolved scenario.ini (DIR defaults to out/<name>-breakeven) and prints one line.\n"},
    {"plot", cmd_plot, "DIR [-o OUTDIR] [--format png|svg|pdf] [--title TEXT] [--metric M]",
     "Draw the charts for a folder written by `run` or `sweep`, with gnuplot:\n"
     "where the minutes go, TTR by model and severity, TTR distribution, SLA\n"
     "breaches, annual cost (run folders) and the sweep curve with any break-even\n"
     "point (sweep folders).  OUTDIR defaults to DIR/charts; PNG images are\n"
     "1600x900.  --metric picks the sweep.csv column the sweep chart draws\n"
     "(default ttr_mean).  The environment variables OWNSIM_GNUPLOT and\n"
     "OWNSIM_PLOTS name another gnuplot program and another folder of scripts.\n"},
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

static int usage_error(const char *cmd, const char *msg)
{
    fprintf(stderr, "ownsim %s: %s\nTry 'ownsim %s --help'.\n", cmd, msg, cmd);
    return 2;
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

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
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
    int ch;
    long v;
    os_error e;
    while ((ch = getopt_long(argc, argv, "o:r:n:s:j:q", longopts, NULL)) != -1) {
        if (ch == OPT_HELP) {
            command_help(c, stdout);
            return finish_stdout();
        }
        if (ch == '?' || ch == ':') {
            char msg[128];
            snprintf(msg, sizeof msg, "unknown or incomplete option '%s'", argv[optind - 1]);
            return usage_error(c->name, msg);
        }
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
            char msg[96];
            if (ch < 256)
                snprintf(msg, sizeof msg, "option -%c does not apply here", ch);
            else
                snprintf(msg, sizeof msg, "option %s does not apply here", argv[optind - 1]);
            return usage_error(c->name, msg);
        }
        int rc = 0;
        switch (ch) {
        case 'o': o->out = optarg; break;
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
            if (!parse_long(optarg, 1, 1024, &v))
                return usage_error(c->name, "-j needs a whole number from 1 to 1024");
            o->jobs = (int)v;
            break;
        case 'q': o->quiet = true; break;
        case OPT_TRACE: o->trace = true; break;
        case OPT_OUTAGES: o->outages = optarg; break;
        case OPT_REP:
            if (!parse_long(optarg, 0, 2147483647L, &v))
                return usage_error(c->name, "--rep needs a whole number >= 0");
            o->rep = v;
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
            if (access(o.outages, R_OK) != 0) {
                fprintf(stderr, "ownsim: %s: cannot open outage file: %s\n", o.outages,
                        strerror(errno));
                return 2;
            }
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
            fprintf(stderr, "ownsim: %s: simulation.warmup: %ld is not smaller than the "
                    "%ld outages replayed\n", o.scenario, s->warmup, s->incidents);
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
    char trace_path[1200];
    snprintf(trace_path, sizeof trace_path, "%s/incidents.csv", dir);
    point_opts po = {.jobs = o.jobs, .trace = o.trace ? trace_path : NULL,
                     .progress = !o.quiet && isatty(2), .list = list.v ? &list : NULL};
    point_result res;
    char created[1100];
    int tracked[16], ntracked = 0;
    rc = report_mkdirs(dir, created, sizeof created, &e);
    if (!rc)
        ntracked = report_track_created(dir, created, tracked, 16);
    if (!rc && (rc = point_run(s, &po, &res, &e)) < 0)
        report_rmdirs(dir, created);
    if (!rc && point_peak(&res) > 1000 && point_peak(&res) * 4 > s->incidents)
        fprintf(stderr, "ownsim: warning: up to %ld incidents were unresolved at once (of "
                "%ld per replication): queues kept growing, so the arrival rate may exceed "
                "what the owners can work and the results describe a system that never "
                "settled (see docs/errors.md)\n", point_peak(&res), s->incidents);
    if (!rc) {
        rc = report_write(s, &res, dir, &e);
        if (rc)
            report_rmdirs(dir, created);
        if (!rc && !o.quiet) {
            report_table(s, &res, stdout);
            printf("\nResults in %s/\n", dir);
        }
        point_free(&res);
    }
    report_untrack(tracked, ntracked);
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
                     .progress = !o.quiet && isatty(2)};
    for (int i = 0; i < o.nvary && rc < 0; i++)
        if (grid_add(&g, o.vary[i], &e) < 0)
            rc = fail(&e);
    if (rc < 0 && o.shard && grid_parse_shard(o.shard, &so.shard_i, &so.shard_n, &e) < 0)
        rc = fail(&e);
    char dir[1100];
    if (rc < 0) {
        default_out(dir, sizeof dir, o.out, o.scenario, o.ov, o.nov, "-sweep");
        so.out = dir;
        rc = sweep_run(&so, &e) < 0 ? fail(&e) : 0;
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
    const char *out = NULL;
    const char *dirs[4096];
    int n = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) {
            command_help(find_command("merge"), stdout);
            return finish_stdout();
        }
        if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--out")) {
            if (++i == argc)
                return usage_error("merge", "-o needs a folder");
            out = argv[i];
        } else if (argv[i][0] == '-') {
            return usage_error("merge", "unknown option");
        } else if (n == 4096) {
            return usage_error("merge", "too many folders");
        } else {
            dirs[n++] = argv[i];
        }
    }
    if (!out)
        return usage_error("merge", "missing -o DIR");
    if (n == 0)
        return usage_error("merge", "give the shard folders to merge");
    os_error e;
    err_clear(&e);
    if (sweep_merge(dirs, n, out, &e) < 0)
        return fail(&e);
    return finish_stdout();
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
    char *end;
    if (!eq || eq == o.vary[0] || (size_t)(eq - o.vary[0]) >= sizeof key)
        return usage_error("breakeven", "expected --vary KEY=LO:HI");
    snprintf(key, sizeof key, "%.*s", (int)(eq - o.vary[0]), o.vary[0]);
    lo = strtod(eq + 1, &end);
    if (end == eq + 1 || *end != ':')
        return usage_error("breakeven", "expected --vary KEY=LO:HI with two numbers");
    const char *h = end + 1;
    hi = strtod(h, &end);
    if (end == h || *end || !isfinite(lo) || !isfinite(hi))
        return usage_error("breakeven", "expected --vary KEY=LO:HI with two numbers");
    be_opts bo = {.scenario = o.scenario, .ov = o.ov, .nov = o.nov, .key = key, .lo = lo,
                  .hi = hi, .model = o.model, .baseline = o.baseline, .metric = o.metric,
                  .jobs = o.jobs, .progress = !o.quiet && isatty(2)};
    os_error e;
    err_clear(&e);
    be_result r;
    if (be_run(&bo, &r, &e) < 0)
        return fail(&e);
    char dir[1100];
    default_out(dir, sizeof dir, o.out, o.scenario, o.ov, o.nov, "-breakeven");
    if (be_write(&bo, &r, dir, &e) < 0)
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
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    plot_opts po = {.format = PLOT_PNG, .scripts = getenv("OWNSIM_PLOTS"),
                    .gnuplot = getenv("OWNSIM_GNUPLOT")};
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (ch) {
        case 'o': po.out = optarg; break;
        case 't': po.title = optarg; break;
        case 'm': po.metric = optarg; break;
        case 'f':
            if (plot_parse_format(optarg, &po.format) < 0)
                return usage_error("plot", "--format takes png, svg or pdf");
            break;
        case 'h':
            command_help(find_command("plot"), stdout);
            return finish_stdout();
        default:
            return usage_error("plot", "unknown or incomplete option");
        }
    }
    if (optind + 1 != argc)
        return usage_error("plot", optind >= argc ? "missing DIR" : "too many arguments");
    po.dir = argv[optind];
    os_error e;
    err_clear(&e);
    int n = 0;
    if (plot_run(&po, &n, &e) < 0)
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
    import_opts io = {.report = stderr};
    const char *scen = NULL;
    scn_override ov[MAX_SET];
    int nov = 0;
    os_error e;
    err_clear(&e);
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
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
            return usage_error("import", "unknown or incomplete option");
        }
    }
    if (optind + 1 != argc)
        return usage_error("import", optind >= argc ? "missing TICKETS.csv" : "too many arguments");
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
    import_result r;
    int rc = import_run(&io, &r, &e);
    scn_destroy(s);
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
    fit_opts fo = {.report = stderr};
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (ch) {
        case 'o': fo.out = optarg; break;
        case IO_SCENARIO: fo.scenario = optarg; break;
        case IO_HELP:
            command_help(find_command("fit"), stdout);
            return finish_stdout();
        default:
            return usage_error("fit", "unknown or incomplete option");
        }
    }
    if (optind + 1 != argc)
        return usage_error("fit", optind >= argc ? "missing OUTAGES.csv" : "too many arguments");
    fo.outages = argv[optind];
    fo.fragment = stdout;
    os_error e;
    err_clear(&e);
    if (fit_run(&fo, &e) < 0)
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

/* SIGINT, SIGTERM, SIGHUP: remove every temporary file (completed files
 * are already in place and stay), stop a gnuplot child, then die of the
 * same signal, so the caller sees 130, 143, 129.  Only async-signal-safe
 * calls; the disposition was reset to the default on entry (SA_RESETHAND)
 * and the signal is not blocked (SA_NODEFER), so raise() ends the process. */
static void on_signal(int sig)
{
    csvw_abort_all_signal_safe();
    plot_stop_child_signal_safe();
    raise(sig);
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
}

int main(int argc, char **argv)
{
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
    fprintf(stderr, "ownsim: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
