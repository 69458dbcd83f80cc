/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli.h — the pieces of the command line shared by the files of src/cli
 * (never by the library): the command table, the option table, the one
 * option parser, the help generator and the helpers that print messages.
 *
 * Two tables hold what the command line knows, each fact once:
 *  - cli_options (options.c): every option once: its long name, short
 *    letter, value name, what it sets (a field of opts or a scenario key,
 *    both named in the row) and its help;
 *  - cli_commands (commands.c): every command: name, function, positional
 *    arguments, the options it takes (cli_use rows: which option, required,
 *    repeatable or hidden, and its own wording where the option means
 *    something narrower there), a one-line summary and a description.
 * The parser (cli_parse), the usage, `COMMAND --help`, `help COMMAND`, the
 * Markdown reference (`help --markdown`) and the listing for scripts
 * (`help --tsv`) are all generated from them, so an option a command does
 * not list is refused and appears in none of its help.  Commands are found
 * by name (cli_find_command), never by their place in the table.
 *
 * Invariants: long names and letters are unique over cli_options; every
 * command accepts -h/--help without listing it; the help of an option a
 * command lists is the cli_use wording if any, else the option's own.
 */
#ifndef OWNSIM_CLI_H
#define OWNSIM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ownsim/error.h"
#include "ownsim/grid.h"
#include "ownsim/scenario.h"

/* at most this many --set options (and flags that map to keys) */
#define MAX_SET 256
/* at most this many --range options */
#define CLI_MAX_RANGES 64

/* Every option of every command, one identifier each (the index of its row
 * in cli_options). */
typedef enum cli_opt_id {
    CLI_OPT_OUT, CLI_OPT_REPS, CLI_OPT_INCIDENTS, CLI_OPT_SEED, CLI_OPT_JOBS,
    CLI_OPT_WARMUP, CLI_OPT_MAX_EVENTS, CLI_OPT_SET, CLI_OPT_TRACE, CLI_OPT_OUTAGES,
    CLI_OPT_REP, CLI_OPT_VARY, CLI_OPT_SHARD, CLI_OPT_MODEL, CLI_OPT_BASELINE,
    CLI_OPT_METRIC, CLI_OPT_FORMAT, CLI_OPT_TITLE, CLI_OPT_BREAKEVEN, CLI_OPT_SCENARIO,
    CLI_OPT_MAP, CLI_OPT_DATE_FORMAT, CLI_OPT_TZ, CLI_OPT_CATEGORY_MAP,
    CLI_OPT_PRIORITY_MAP, CLI_OPT_STRICT, CLI_OPT_QUIET, CLI_OPT_MARKDOWN, CLI_OPT_TSV,
    CLI_OPT_ALL_METRICS, CLI_OPT_PRECISION, CLI_OPT_MAX_REPS,
    CLI_OPT_TARGET, CLI_OPT_LARGEST,
    CLI_OPT_SLICE, CLI_OPT_SCALE,
    CLI_OPT_HELP,
    CLI_OPT_MODELS, CLI_OPT_WIDE,
    CLI_OPT_KEYS, CLI_OPT_ALL, CLI_OPT_REL, CLI_OPT_RANGE, CLI_OPT_SETS,
    CLI_OPT_PDF, CLI_OPT_PAPER, CLI_OPT_TIMESTAMPS,
    CLI_OPT_WHERE, CLI_OPT_GROUP_MAP, CLI_OPT_WRITE_MAPS, CLI_OPT_MAX_SKIPPED,
    CLI_OPT_INTO, CLI_OPT_BOOTSTRAP,
    CLI_OPT_RESAMPLE,
    CLI_OPT_FIT, CLI_OPT_FROM_OPENED,  /* calibrate */
    CLI_OPT_EFFORT_UNIT, CLI_OPT_WORK_DAY, CLI_OPT_WORK_WEEK,  /* import's durations */
    CLI_OPT_MAN, CLI_OPT_COMPLETION,   /* help, hidden: the generated man pages and completions */
    CLI_OPT_CHECK, CLI_OPT_ZERO_BASED, /* merge --check; --shard K/N from 0 */
    CLI_OPT_FORCE,              /* sweep --force: replace another shard's folder */
    CLI_OPT_RESUME,             /* sweep --resume DIR: rerun a shard from its manifest */
    CLI_NOPTS                   /* the number of options */
} cli_opt_id;

/* How an option's value is checked and where it goes. */
typedef enum cli_kind {
    CLI_FLAG,       /* takes no value: sets the bool at field */
    CLI_TEXT,       /* the value is stored as the const char * at field */
    CLI_PATH,       /* like CLI_TEXT, but '' is refused (a file with no name) */
    CLI_INT,        /* a whole number from lo to hi, stored as the int at field */
    CLI_LONG,       /* a whole number from lo to hi, stored as the long at field */
    CLI_KEY,        /* an override of the scenario key `key`; errors in the value
                       name the option (-r, --warmup), the loader checks it */
    CLI_SET,        /* SECTION.KEY=VALUE: an override of any scenario key */
    CLI_AXIS,       /* appended to opts.vary (at most GRID_MAX_AXES) */
    CLI_LIST,       /* appended to the cli_list at field (at most CLI_MAX_LIST) */
    CLI_RANGE,      /* appended to opts.range (at most CLI_MAX_RANGES) */
    CLI_HELP        /* prints the command's help and ends the command (status 0) */
} cli_kind;

/* One row of the option table. */
typedef struct cli_option {
    const char *name;       /* long name without "--"; unique */
    char letter;            /* short letter; '\0' = none; unique */
    const char *arg;        /* name of the value in help ("DIR"); NULL = takes none */
    cli_kind kind;          /* how the value is checked and stored */
    size_t field;           /* offsetof(opts, ...) for FLAG, TEXT, PATH, INT, LONG */
    const char *key;        /* CLI_KEY: the scenario key it overrides; else NULL */
    long long lo, hi;       /* CLI_INT, CLI_LONG: the accepted range */
    const char *help;       /* what it does, one sentence (wrapped by the generator) */
} cli_option;

/* cli_use.flags */
enum {
    CLI_REQUIRED = 1,       /* the command refuses to run without it */
    CLI_REPEAT = 2,         /* may be given more than once, every one counts */
    CLI_HIDDEN = 4          /* accepted, but left out of help and usage */
};

/* One option as a command takes it. */
typedef struct cli_use {
    cli_opt_id id;          /* which option */
    unsigned flags;         /* CLI_REQUIRED | CLI_REPEAT | CLI_HIDDEN */
    const char *arg;        /* the value's name for this command; NULL = the option's */
    const char *help;       /* the help for this command; NULL = the option's */
} cli_use;

/* One row of the command table. */
typedef struct cli_command {
    const char *name;                   /* the command word */
    int (*fn)(int argc, char **argv);   /* argv[0] is the name; returns the exit status */
    const char *args;                   /* positional arguments as shown ("SCENARIO",
                                           "DIR...", ""); with one, also the name
                                           of the argument in messages */
    int min_args, max_args;             /* how many positional arguments; max -1 = any */
    bool path_args;                     /* each positional argument names a file:
                                           '' is refused */
    const cli_use *uses;                /* the options it takes, in help order */
    size_t nuses;                       /* entries of uses */
    const char *summary;                /* one line, for the list of commands */
    const char *help;                   /* the description: lines of at most 100
                                           columns, each ending in '\n' */
} cli_command;

/* Values of an option given more than once, in order (CLI_LIST). */
#define CLI_MAX_LIST 64
typedef struct cli_list {
    const char *v[CLI_MAX_LIST];   /* the values; point into argv */
    int n;                         /* entries of v */
} cli_list;

/* What the parser found: every field any command's options set.  Strings
 * point into argv (owned by the caller of main). */
typedef struct opts {
    const char *scenario;      /* the first positional argument (SCENARIO) */
    char **args;               /* every positional argument, in order, NULL-ended;
                                  points into argv */
    int nargs;                 /* entries of args */
    const char *out;           /* -o */
    int jobs;                  /* -j; default: the number of cores */
    bool trace;                /* --trace */
    bool timestamps;           /* --timestamps: wall-clock columns in the trace or
                                  the outage list */
    bool quiet;                /* -q */
    long rep;                  /* --rep */
    const char *outages;       /* --outages */
    bool n_given;              /* -n was given */
    const char *vary[GRID_MAX_AXES]; /* --vary specs */
    int nvary;                 /* entries of vary */
    const char *shard;         /* --shard */
    const char *model;         /* --model */
    const char *baseline;      /* --baseline */
    const char *metric;        /* --metric: the last one given */
    cli_list metrics;          /* every --metric, in order (sweep takes several) */
    bool all_metrics;          /* sweep --all-metrics */
    cli_list precision;        /* --precision METRIC=HALFWIDTH, each */
    int max_reps;              /* --max-reps; 0 = not given */
    const char *format;        /* plot --format, checked by the command */
    const char *title;         /* plot --title */
    const char *breakeven;     /* plot --breakeven */
    const char *slice;         /* plot --slice */
    int scale;                 /* plot --scale; 0 when not given */
    const char *scenario_opt;  /* --scenario of import and fit */
    const char *into;          /* fit --into TEMPLATE */
    int bootstrap;             /* fit --bootstrap B; see given[] */
    const char *map;           /* import --map */
    const char *date_format;   /* import --date-format */
    const char *tz;            /* import --tz */
    const char *category_map;  /* import --category-map */
    const char *priority_map;  /* import --priority-map */
    bool strict;               /* import --strict */
    cli_list where;            /* import --where, each (ANDed) */
    const char *group_map;     /* import --group-map */
    const char *write_maps;    /* import --write-maps */
    const char *max_skipped;   /* import --max-skipped, checked by the command */
    bool markdown;             /* help --markdown */
    bool tsv;                  /* help --tsv */
    const char *models;        /* --models A,B of run, sweep and plot */
    bool wide;                 /* run --wide: the table with every column */
    const char *keys;          /* sensitivity --keys K1,K2,... */
    bool all;                  /* sensitivity --all */
    const char *rel;           /* sensitivity --rel, checked by the command */
    const char *range[CLI_MAX_RANGES]; /* sensitivity --range KEY=LO:HI */
    int nrange;                /* entries of range */
    int sets;                  /* uncertainty --sets */
    const char *target;        /* goalseek --target */
    bool largest;              /* goalseek --largest */
    const char *pdf;           /* report --pdf */
    const char *paper;         /* report --paper, checked by the command */
    cli_list fit;              /* calibrate --fit KEY=LO:HI, each */
    bool from_opened;          /* calibrate --from-opened */
    const char *effort_unit;   /* import --effort-unit, checked by the command */
    const char *work_day;      /* import --work-day, checked by the command */
    const char *work_week;     /* import --work-week, checked by the command */
    const char *man;           /* help --man 1|5 (hidden) */
    const char *completion;    /* help --completion bash|zsh (hidden) */
    bool check;                /* merge --check */
    bool zero_based;           /* --zero-based: --shard K/N counts from 0 */
    bool force;                /* sweep --force */
    bool given[CLI_NOPTS];     /* which options were given */
    scn_override ov[MAX_SET];  /* --set and the options that map to keys, in order */
    int nov;                   /* entries of ov */
    const char *resume;        /* sweep --resume DIR */
} opts;

/* ---- the tables (options.c, commands.c) ---- */
extern const cli_option cli_options[CLI_NOPTS];
extern const cli_command cli_commands[];
extern const size_t cli_ncommands;

/* The command called name, or NULL. */
const cli_command *cli_find_command(const char *name);

/* ---- the parser (options.c) ---- */

/* Parse argv (argv[0] the command word) for the command called name into o:
 * options in any order among the positional arguments, "--" ends options,
 * -xVALUE, -x VALUE, --name=VALUE, --name VALUE, short flags bundled (-qx),
 * and a long name abbreviated to a prefix that only one of the command's
 * options has.  Reorders argv (positional arguments first).  Returns -1 to
 * go on, else the exit status: 0 after --help, 2 after a usage message. */
int cli_parse(int argc, char **argv, const char *name, opts *o);

/* Append the override key=value to o, named origin in errors; 0, or 2 after
 * a usage message when there are MAX_SET already. */
int add_override(opts *o, const char *cmd, const char *key, const char *value,
                 const char *origin);

/* ---- help (help.c) ---- */

/* The usage of every command (ownsim --help). */
void cli_usage(FILE *f);
/* One command's usage, description and options (COMMAND --help). */
void cli_command_help(const cli_command *c, FILE *f);
/* The help command: help [COMMAND], help --markdown, help --tsv, and the
 * hidden generators help --man 1|5 and help --completion bash|zsh. */
int cmd_help(int argc, char **argv);
/* "ownsim: unknown command 'X'" (with the closest command, if one is near)
 * and a hint on stderr; returns 2. */
int cli_unknown_command(const char *word);

/* ---- messages and exit statuses (main.c) ---- */

/* A usage error of command cmd: "ownsim CMD: MSG" and a hint; returns 2. */
int usage_error(const char *cmd, const char *msg);
/* Print e; returns its exit status (1 for OS_ERR_ENV, else 2). */
int fail(const os_error *e);
/* Flush stdout: 0, or 1 with a message when writing failed. */
int finish_stdout(void);

/* ---- the commands (main.c) ---- */
int cmd_run(int argc, char **argv);
int cmd_outages(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_breakeven(int argc, char **argv);
int cmd_goalseek(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_sensitivity(int argc, char **argv);
int cmd_uncertainty(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);

#endif
