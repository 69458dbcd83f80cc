/*
 * main.c — the command line: a thin layer over the library, and the only
 * place that prints errors and calls exit.
 *
 * Subcommands live in one table {name, function, synopsis, help}; `ownsim
 * --help` is generated from it.  Exit status: 0 success, 2 bad usage or bad
 * input (scenario, outage file, option), 1 anything else (I/O, memory,
 * a failed write to stdout).
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include "ownsim/csvfile.h"

#include "ownsim/error.h"
#include "ownsim/outages.h"
#include "ownsim/point.h"
#include "ownsim/report.h"
#include "ownsim/scenario.h"

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
     "  -q             no progress on stderr, no table on stdout\n"},
    {"outages", cmd_outages,
     "SCENARIO -o FILE [-n INCIDENTS] [-s SEED] [--rep R] [--set K=V]...",
     "Write the synthetic outage stream of replication R (default 0) as CSV:\n"
     "id,t_occur,category,severity,effort.  `run --outages FILE` replays it.\n"},
    {"check", cmd_check, "SCENARIO [--set K=V]...",
     "Validate the scenario and print it fully resolved (every key, defaults\n"
     "included).  Exit 0 when valid, 2 with the file, line and key when not.\n"},
    {"keys", cmd_keys, "",
     "Print the reference of every scenario key (Markdown).\n"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fprintf(f, "ownsim %s — replay synthetic IT outages through ownership models\n\n"
               "usage:\n", OWNSIM_VERSION);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  ownsim %s %s\n", commands[i].name, commands[i].synopsis);
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
    scn_override ov[MAX_SET];  /* --set and the flags that map to keys */
    int nov;
    char *owned[MAX_SET];      /* strings built for flag overrides */
    int nowned;
} opts;

static int add_override(opts *o, const char *cmd, const char *key, const char *value)
{
    if (o->nov == MAX_SET)
        return usage_error(cmd, "too many --set options");
    o->ov[o->nov].key = key;
    o->ov[o->nov].value = value;
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

enum { OPT_WARMUP = 256, OPT_SET, OPT_TRACE, OPT_OUTAGES, OPT_REP, OPT_HELP };

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
            return 0;
        }
        if (ch == '?' || ch == ':') {
            char msg[128];
            snprintf(msg, sizeof msg, "unknown or incomplete option '%s'", argv[optind - 1]);
            return usage_error(c->name, msg);
        }
        if (ch < 256 && !strchr(allowed, ch)) {
            char msg[64];
            snprintf(msg, sizeof msg, "option -%c does not apply here", ch);
            return usage_error(c->name, msg);
        }
        int rc = 0;
        switch (ch) {
        case 'o': o->out = optarg; break;
        case 'r': rc = add_override(o, c->name, "simulation.reps", optarg); break;
        case 'n': rc = add_override(o, c->name, "simulation.incidents", optarg); o->n_given = true; break;
        case 's': rc = add_override(o, c->name, "simulation.seed", optarg); break;
        case OPT_WARMUP: rc = add_override(o, c->name, "simulation.warmup", optarg); break;
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
            rc = add_override(o, c->name, ov.key, ov.value);
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
    int rc = parse(argc, argv, &commands[0], "ornsjq", &o);
    if (rc >= 0)
        return rc;
    char outages_abs[4096];
    if (o.outages) {
        if (!realpath(o.outages, outages_abs)) {
            fprintf(stderr, "ownsim: %s: cannot open outage file\n", o.outages);
            return 2;
        }
        add_override(&o, "run", "simulation.outages", outages_abs);
    }
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(o.scenario, o.ov, o.nov, &e);
    if (!s)
        return fail(&e);
    outage_list list = {0};
    if (s->outages[0]) {
        if (outlist_read(s, s->outages, &list, &e) < 0) {
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
    point_opts po = {.jobs = o.jobs, .trace = o.trace,
                     .progress = !o.quiet && isatty(2), .list = list.v ? &list : NULL};
    point_result res;
    rc = report_mkdirs(dir, &e);
    if (!rc)
        rc = point_run(s, &po, &res, &e);
    if (!rc) {
        rc = report_write(s, &res, dir, &e);
        if (!rc && !o.quiet) {
            report_table(s, &res, stdout);
            printf("\nResults in %s/\n", dir);
        }
        point_free(&res);
    }
    outlist_free(&list);
    scn_destroy(s);
    if (rc)
        return fail(&e);
    return finish_stdout();
}

static int cmd_outages(int argc, char **argv)
{
    opts o;
    int rc = parse(argc, argv, &commands[1], "ons", &o);
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

static int cmd_keys(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--help")) {
        command_help(&commands[3], stdout);
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

int main(int argc, char **argv)
{
    gsl_set_error_handler(on_gsl_error);
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
