/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * options.c — the option table and the one parser every command uses.
 *
 * cli_options holds each option once (cli.h); a command takes the ones its
 * cli_use rows list.  The parser reads argv left to right:
 *  - a word not starting with '-', a lone "-", and every word after "--" is a
 *    positional argument (moved to the front of argv, order kept);
 *  - "--name", "--name=VALUE" or "--name VALUE": an exact long name first
 *    (over every command's options, so `run --rep` is --rep, refused, not an
 *    abbreviation of --reps), else a prefix that exactly one of the
 *    command's options starts with;
 *  - "-x", "-xVALUE", "-x VALUE", and flags bundled as "-qx".
 * An option of another command is refused as "option --warmup does not
 * apply to sweep", an unknown one with the closest of the command's own
 * names.  Options take effect in order, so the first bad one is the one
 * reported and `--help` prints the help as soon as it is reached.  After
 * the options: the number of positional arguments, their paths, and the
 * options the command requires, in that order.
 *
 * Messages name an option as typed (-o or --out, never by its value) and
 * quote input escaped (error.h).
 */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ownsim/number.h"
#include "ownsim/suggest.h"

#define F(field) offsetof(opts, field)

const cli_option cli_options[CLI_NOPTS] = {
    [CLI_OPT_OUT] = {"out", 'o', "DIR", CLI_PATH, F(out), NULL, 0, 0, "output folder"},
    [CLI_OPT_REPS] = {"reps", 'r', "REPS", CLI_KEY, 0, "simulation.reps", 0, 0,
                      "replications"},
    [CLI_OPT_INCIDENTS] = {"incidents", 'n', "INCIDENTS", CLI_KEY, 0, "simulation.incidents",
                           0, 0, "incidents per replication"},
    [CLI_OPT_SEED] = {"seed", 's', "SEED", CLI_KEY, 0, "simulation.seed", 0, 0,
                      "master seed"},
    [CLI_OPT_JOBS] = {"jobs", 'j', "JOBS", CLI_INT, F(jobs), NULL, 1, 1024,
                      "worker threads (default: number of cores); results do not depend "
                      "on it"},
    [CLI_OPT_WARMUP] = {"warmup", 0, "N", CLI_KEY, 0, "simulation.warmup", 0, 0,
                        "leave the first N incidents of each replication out"},
    [CLI_OPT_MAX_EVENTS] = {"max-events", 0, "N", CLI_KEY, 0, "simulation.max_events", 0, 0,
                            "stop a replay after N events; 0 = no limit"},
    [CLI_OPT_SET] = {"set", 0, "K=V", CLI_SET, 0, NULL, 0, 0,
                     "override any scenario key K (section.key), e.g. "
                     "model.co_managed.misroute_prob=0.2"},
    [CLI_OPT_TRACE] = {"trace", 0, NULL, CLI_FLAG, F(trace), NULL, 0, 0,
                       "also write incidents.csv, one row per model x replication x incident"},
    [CLI_OPT_OUTAGES] = {"outages", 0, "FILE", CLI_PATH, F(outages), NULL, 0, 0,
                         "replay this outage CSV (as written by `ownsim outages`): "
                         "replication 0 replays it as is; with -r R > 1 the others "
                         "resample its weeks (see --resample); no warm-up unless "
                         "--warmup or the scenario naming the list sets one; - reads it from "
                         "standard input"},
    [CLI_OPT_RESAMPLE] = {"resample", 0, "none|weeks", CLI_KEY, 0, "simulation.resample", 0,
                          0,
                          "how replications 1.. replay an --outages list: weeks (the default "
                          "with -r > 1) = whole weeks of it drawn with replacement, so the "
                          "intervals include the outages' variation; none = the list as is, "
                          "so they cover the models' randomness only"},
    /* a replication's stream number, a 32-bit unsigned in the generator;
     * 2^31 - 1 keeps it clear of any sign */
    [CLI_OPT_REP] = {"rep", 0, "R", CLI_LONG, F(rep), NULL, 0, 2147483647LL,
                     "the replication whose stream is written (default 0)"},
    [CLI_OPT_VARY] = {"vary", 0, "KEY=START:STOP:STEP|KEY=V1,V2,...", CLI_AXIS, 0, NULL, 0, 0,
                      "an axis of the grid, over any scenario key or distribution "
                      "parameter: numbers from START to STOP (inclusive) by STEP, or the "
                      "values listed (distributions may contain commas)"},
    [CLI_OPT_SHARD] = {"shard", 0, "I/N", CLI_TEXT, F(shard), NULL, 0, 0,
                       "run only points p with p % N == I-1 (1 <= I <= N); join with merge"},
    [CLI_OPT_MODEL] = {"model", 0, "A", CLI_TEXT, F(model), NULL, 0, 0, "the model A"},
    [CLI_OPT_BASELINE] = {"baseline", 0, "B", CLI_TEXT, F(baseline), NULL, 0, 0,
                          "the model B (default: the scenario's baseline)"},
    [CLI_OPT_METRIC] = {"metric", 0, "M", CLI_LIST, F(metrics), NULL, 0, 0,
                        "the metric (default ttr_mean)"},
    [CLI_OPT_FORMAT] = {"format", 0, "png|svg|pdf", CLI_TEXT, F(format), NULL, 0, 0,
                        "image format (default png)"},
    [CLI_OPT_TITLE] = {"title", 0, "TEXT", CLI_TEXT, F(title), NULL, 0, 0,
                       "title of the charts (default: the scenario name)"},
    [CLI_OPT_BREAKEVEN] = {"breakeven", 0, "BEDIR", CLI_PATH, F(breakeven), NULL, 0, 0,
                           "mark the break-even of BEDIR/breakeven.csv (a folder written by "
                           "`ownsim breakeven`; default: DIR's own)"},
    [CLI_OPT_SLICE] = {"slice", 0, "KEY=VALUE", CLI_TEXT, F(slice), NULL, 0, 0,
                       "draw a sweep's line chart where the other axis KEY is at VALUE "
                       "(default: its first value)"},
    [CLI_OPT_SCALE] = {"scale", 0, "N", CLI_INT, F(scale), NULL, 1, 2,
                       "PNG at N times 1600x900 with the same layout (2: 3200x1800, for "
                       "slides)"},
    [CLI_OPT_SCENARIO] = {"scenario", 0, "SCENARIO", CLI_PATH, F(scenario_opt), NULL, 0, 0,
                          "the scenario"},
    [CLI_OPT_MAP] = {"map", 0, "opened=COL,priority=COL,category=COL[,KEY=COL]...",
                     CLI_TEXT, F(map), NULL, 0, 0,
                     "the export's columns: when each ticket was opened, its priority and "
                     "category, and optionally resolved= (when it was resolved), effort=, "
                     "reassignments= (how often it was reassigned; or stations=, Zendesk's "
                     "group stations) and group= (its assignment group)"},
    [CLI_OPT_DATE_FORMAT] = {"date-format", 0, "FMT", CLI_TEXT, F(date_format), NULL, 0, 0,
                             "strptime format of the dates (default: ISO 8601 and common "
                             "forms)"},
    [CLI_OPT_TZ] = {"tz", 0, "ZONE", CLI_TEXT, F(tz), NULL, 0, 0,
                    "time zone of dates without an offset, e.g. Europe/Berlin (default UTC)"},
    [CLI_OPT_CATEGORY_MAP] = {"category-map", 0, "FILE", CLI_PATH, F(category_map), NULL, 0, 0,
                              "CSV from,to: export category -> scenario category"},
    [CLI_OPT_PRIORITY_MAP] = {"priority-map", 0, "FILE", CLI_PATH, F(priority_map), NULL, 0, 0,
                              "CSV from,to: export priority -> scenario severity"},
    [CLI_OPT_STRICT] = {"strict", 0, NULL, CLI_FLAG, F(strict), NULL, 0, 0,
                        "the first unusable row is an error (default: skipped and listed "
                        "on stderr); with --max-skipped, skipping more than that share is"},
    [CLI_OPT_QUIET] = {"quiet", 'q', NULL, CLI_FLAG, F(quiet), NULL, 0, 0,
                       "no progress on stderr"},
    [CLI_OPT_MARKDOWN] = {"markdown", 0, NULL, CLI_FLAG, F(markdown), NULL, 0, 0,
                          "the reference of every command and option, as Markdown"},
    [CLI_OPT_TSV] = {"tsv", 0, NULL, CLI_FLAG, F(tsv), NULL, 0, 0,
                     "every command and option, tab-separated, for scripts"},
    [CLI_OPT_ALL_METRICS] = {"all-metrics", 0, NULL, CLI_FLAG, F(all_metrics), NULL, 0, 0,
                             "every paired difference paired.csv has, overall and per "
                             "severity (instead of the --metric ones)"},
    [CLI_OPT_PRECISION] = {"precision", 0, "METRIC=HALFWIDTH", CLI_LIST, F(precision), NULL,
                           0, 0,
                           "add replications until the 95% intervals of METRIC (NAME or "
                           "NAME:SEV; every model's, and each paired difference against "
                           "the baseline) are at most HALFWIDTH wide on each side, or "
                           "--max-reps is reached (docs/output.md, Precision)"},
    [CLI_OPT_MAX_REPS] = {"max-reps", 0, "N", CLI_INT, F(max_reps), NULL, 3, 100000,
                          "the most replications --precision runs (default 100)"},
    [CLI_OPT_TARGET] = {"target", 0, "METRIC<=X|METRIC>=X", CLI_TEXT, F(target), NULL, 0, 0,
                        "the target: a metric (NAME or NAME:SEV) at most or at least X"},
    [CLI_OPT_LARGEST] = {"largest", 0, NULL, CLI_FLAG, F(largest), NULL, 0, 0,
                         "seek the largest value of the key that meets the target (default: "
                         "the smallest)"},
    [CLI_OPT_HELP] = {"help", 'h', NULL, CLI_HELP, 0, NULL, 0, 0, "show this help"},
    [CLI_OPT_MODELS] = {"models", 0, "A,B", CLI_TEXT, F(models), NULL, 0, 0,
                        "run only these models (the baseline among them); the others "
                        "are not run, and each model's results are the same as in a "
                        "run of all"},
    [CLI_OPT_WIDE] = {"wide", 0, NULL, CLI_FLAG, F(wide), NULL, 0, 0,
                      "print the table with every column (stage means too), however wide"},
    [CLI_OPT_KEYS] = {"keys", 0, "K1,K2,...", CLI_TEXT, F(keys), NULL, 0, 0,
                      "the keys moved one at a time: numbers, whole numbers, distributions "
                      "(scaled as a whole) or a distribution's parameter (KEY.PARAM)"},
    [CLI_OPT_ALL] = {"all", 0, NULL, CLI_FLAG, F(all), NULL, 0, 0,
                     "every number and distribution that the models compared read; the "
                     "others are listed as skipped"},
    [CLI_OPT_REL] = {"rel", 0, "X", CLI_TEXT, F(rel), NULL, 0, 0,
                     "relative range: base x (1 - X) to base x (1 + X), 0 < X < 1 "
                     "(default 0.3); a distribution is scaled by those factors"},
    [CLI_OPT_RANGE] = {"range", 0, "KEY=LO:HI", CLI_RANGE, 0, NULL, 0, 0,
                       "the range of one key (for a distribution, its scale factors); "
                       "a key not in --keys is added"},
    [CLI_OPT_SETS] = {"sets", 0, "N", CLI_INT, F(sets), NULL, 2, 100000,
                      "parameter sets drawn from [uncertainty] (default 200)"},
    [CLI_OPT_PDF] = {"pdf", 0, "FILE.pdf", CLI_PATH, F(pdf), NULL, 0, 0,
                     "also print the brief to this PDF with headless Chromium"},
    [CLI_OPT_PAPER] = {"paper", 0, "a4|letter", CLI_TEXT, F(paper), NULL, 0, 0,
                       "the PDF's paper (default a4)"},
    [CLI_OPT_TIMESTAMPS] = {"timestamps", 0, NULL, CLI_FLAG, F(timestamps), NULL, 0, 0,
                            "add a column COLUMN_at beside each time, its wall clock on "
                            "the scenario's reference clock, ISO 8601 to the minute "
                            "(rounded down), with the UTC offset when the scenario is "
                            "zoned: 2026-03-08T04:00-04:00"},
    [CLI_OPT_WHERE] = {"where", 0, "COL=V1,V2|COL!=V1,V2", CLI_LIST, F(where), NULL, 0, 0,
                       "keep only the rows whose column COL is one of the values (=), or "
                       "drop them (!=); values compared trimmed, in any case; \\, is a comma "
                       "inside a value; several --where must all pass"},
    [CLI_OPT_GROUP_MAP] = {"group-map", 0, "FILE", CLI_PATH, F(group_map), NULL, 0, 0,
                           "CSV from,to: export assignment group -> scenario party (the "
                           "observed_party column; needs group= in --map)"},
    [CLI_OPT_WRITE_MAPS] = {"write-maps", 0, "DIR", CLI_PATH, F(write_maps), NULL, 0, 0,
                            "write map templates to fill in (DIR/categories.csv, "
                            "priorities.csv, groups.csv: every distinct value, its row count "
                            "and what it maps to now); never overwrites a map"},
    [CLI_OPT_MAX_SKIPPED] = {"max-skipped", 0, "PCT", CLI_TEXT, F(max_skipped), NULL, 0, 0,
                             "warn when more than PCT percent of the rows (after --where) are "
                             "skipped (default 10); with --strict, fail instead"},
    [CLI_OPT_INTO] = {"into", 0, "TEMPLATE", CLI_PATH, F(into), NULL, 0, 0,
                      "write the whole scenario TEMPLATE (includes resolved) with the "
                      "fitted values replacing its own, each replacement listed"},
    [CLI_OPT_BOOTSTRAP] = {"bootstrap", 0, "B", CLI_INT, F(bootstrap), NULL, 0, 100000,
                           "parametric-bootstrap samples per severity behind the KS and AD "
                           "p-values (default 199; 0 = no p-values)"},
    [CLI_OPT_FIT] = {"fit", 0, "KEY=LO:HI", CLI_LIST, F(fit), NULL, 0, 0,
                     "fit this key within LO:HI (a distribution: scaled by a factor in "
                     "LO:HI); 'none': compare only (default: triage_delay, orphan_prob, "
                     "the monitors' detect_delay)"},
    [CLI_OPT_FROM_OPENED] = {"from-opened", 0, NULL, CLI_FLAG, F(from_opened), NULL, 0, 0,
                             "t_occur is when the ticket was opened (as import writes it): "
                             "compare the simulated TTR without its detect stage, and leave "
                             "detect_delay out of the default set"},
    [CLI_OPT_EFFORT_UNIT] = {"effort-unit", 0, "seconds|minutes|hours", CLI_TEXT, F(effort_unit),
                             NULL, 0, 0,
                             "the unit of an effort written as a bare number (default minutes; "
                             "Jira's Time Spent and Zendesk's time tracking fields are seconds)"},
    [CLI_OPT_WORK_DAY] = {"work-day", 0, "HOURS", CLI_TEXT, F(work_day), NULL, 0, 0,
                          "hours in a day (d) of the effort column, more than 0 and at most 24 "
                          "(default 24; Jira: the site's working day, 8 by default)"},
    [CLI_OPT_WORK_WEEK] = {"work-week", 0, "DAYS", CLI_TEXT, F(work_week), NULL, 0, 0,
                           "days of --work-day in a week (w) of the effort column, more than 0 "
                           "and at most 7 (Jira: 5 by default); without it a week is not read"},
    [CLI_OPT_MAN] = {"man", 0, "SECTION", CLI_TEXT, F(man), NULL, 0, 0,
                     "the man page ownsim(1) (1) or ownsim-scenario(5) (5), as roff"},
    [CLI_OPT_COMPLETION] = {"completion", 0, "SHELL", CLI_TEXT, F(completion), NULL, 0, 0,
                            "the completion script for bash or zsh"},
    [CLI_OPT_CHECK] = {"check", 0, NULL, CLI_FLAG, F(check), NULL, 0, 0,
                       "check the folders, write nothing, and list the missing shards "
                       "(\"missing: 3,17-19\"; exit status 3 when some are)"},
    [CLI_OPT_ZERO_BASED] = {"zero-based", 0, NULL, CLI_FLAG, F(zero_based), NULL, 0, 0,
                            "shards are counted from 0: --shard K/N with K from 0 to N-1 is "
                            "shard K+1 of N (AWS Batch, Kubernetes and HTCondor number array "
                            "tasks from 0)"},
    [CLI_OPT_FORCE] = {"force", 0, NULL, CLI_FLAG, F(force), NULL, 0, 0,
                       "replace the output folder even when it holds another shard (another "
                       "I/N in its sweep.ini)"},
    [CLI_OPT_RESUME] = {"resume", 0, "DIR", CLI_PATH, F(resume), NULL, 0, 0,
                        "rerun the shard folder DIR from its own manifest (the command "
                        "its provenance.ini records, checked against its sweep.ini and the "
                        "SHA-256 of its inputs), into DIR, byte-identical to the first run"},
};

/* The use of option id by command c (--help is taken by every command),
 * or NULL when c does not take it. */
static const cli_use *use_of(const cli_command *c, cli_opt_id id)
{
    static const cli_use help = {CLI_OPT_HELP, 0, NULL, NULL};
    if (id == CLI_OPT_HELP)
        return &help;
    for (size_t i = 0; i < c->nuses; i++)
        if (c->uses[i].id == id)
            return &c->uses[i];
    return NULL;
}

/* The option with this short letter, or CLI_NOPTS. */
static cli_opt_id by_letter(char ch)
{
    for (int i = 0; i < CLI_NOPTS; i++)
        if (cli_options[i].letter && cli_options[i].letter == ch)
            return (cli_opt_id)i;
    return CLI_NOPTS;
}

/* Long names: the option whose name is exactly name[0..len), or CLI_NOPTS. */
static cli_opt_id by_name(const char *name, size_t len)
{
    for (int i = 0; i < CLI_NOPTS; i++)
        if (strlen(cli_options[i].name) == len && !strncmp(cli_options[i].name, name, len))
            return (cli_opt_id)i;
    return CLI_NOPTS;
}

/* How many options start with name[0..len): of command c (mine), or, with
 * c NULL, of every command.  *hit is the last one found. */
static int by_prefix(const cli_command *c, const char *name, size_t len, cli_opt_id *hit)
{
    int n = 0;
    for (int i = 0; i < CLI_NOPTS; i++)
        if (!strncmp(cli_options[i].name, name, len) && (!c || use_of(c, (cli_opt_id)i))) {
            n++;
            *hit = (cli_opt_id)i;
        }
    return n;
}

/* "--a, --b" for the options starting with name[0..len) that c takes
 * (mine) or does not take (!mine). */
static void list_prefixed(char *buf, size_t n, const cli_command *c, bool mine,
                          const char *name, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < CLI_NOPTS && used < n; i++)
        if (!strncmp(cli_options[i].name, name, len) && !use_of(c, (cli_opt_id)i) == !mine)
            used += (size_t)snprintf(buf + used, n - used, "%s--%s", used ? ", " : "",
                                     cli_options[i].name);
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

/* A path must name something: "" would be reported later as a file with no
 * name.  Returns 0 to go on, else the status. */
static int path_option(const char *cmd, const char *name, const char *path)
{
    if (path[0])
        return 0;
    char msg[96];
    snprintf(msg, sizeof msg, "%s needs a path, and '' is empty", name);
    return usage_error(cmd, msg);
}

int add_override(opts *o, const char *cmd, const char *key, const char *value,
                 const char *origin)
{
    if (o->nov == MAX_SET)
        return usage_error(cmd, "too many --set options");
    o->ov[o->nov] = (scn_override){key, value, origin};
    o->nov++;
    return 0;
}

/* The option as scenario errors name it: -r, or --warmup when it has no
 * letter.  Static: overrides keep the pointer until the command ends. */
static const char *origin_of(cli_opt_id id)
{
    static char names[CLI_NOPTS][40];
    const cli_option *op = &cli_options[id];
    if (!names[id][0]) {
        if (op->letter)
            snprintf(names[id], sizeof names[id], "-%c", op->letter);
        else
            snprintf(names[id], sizeof names[id], "--%s", op->name);
    }
    return names[id];
}

/* Give option id, named shown as typed, its value v (NULL for a flag).
 * Returns -1 to go on, else the exit status. */
static int apply(const cli_command *c, cli_opt_id id, const char *shown, char *v, opts *o)
{
    const cli_option *op = &cli_options[id];
    char *field = (char *)o + op->field;
    long long n = 0;
    o->given[id] = true;
    switch (op->kind) {
    case CLI_HELP:
        cli_command_help(c, stdout);
        return finish_stdout();
    case CLI_FLAG:
        *(bool *)field = true;
        return -1;
    case CLI_PATH:
        if (path_option(c->name, shown, v))
            return 2;
        *(const char **)field = v;
        return -1;
    case CLI_TEXT:
        *(const char **)field = v;
        return -1;
    case CLI_INT:
        if (int_option(c->name, shown, v, op->lo, op->hi, &n))
            return 2;
        *(int *)field = (int)n;
        return -1;
    case CLI_LONG:
        if (int_option(c->name, shown, v, op->lo, op->hi, &n))
            return 2;
        *(long *)field = (long)n;
        return -1;
    case CLI_KEY:
        return add_override(o, c->name, op->key, v, origin_of(id)) ? 2 : -1;
    case CLI_SET: {
        scn_override ov = {NULL, NULL, NULL};
        os_error e;
        err_clear(&e);
        if (scn_split_override(v, &ov, &e) < 0)
            return fail(&e);
        return add_override(o, c->name, ov.key, ov.value, "--set") ? 2 : -1;
    }
    case CLI_RANGE:
        if (o->nrange == CLI_MAX_RANGES)
            return usage_error(c->name, "too many --range options");
        o->range[o->nrange++] = v;
        return -1;
    case CLI_AXIS:
        if (o->nvary == GRID_MAX_AXES)
            return usage_error(c->name, "too many --vary axes");
        o->vary[o->nvary++] = v;
        return -1;
    case CLI_LIST: {
        cli_list *l = (cli_list *)field;
        char msg[80];
        snprintf(msg, sizeof msg, "too many %s options (at most %d)", shown, CLI_MAX_LIST);
        if (l->n == CLI_MAX_LIST)
            return usage_error(c->name, msg);
        l->v[l->n++] = v;
        return -1;
    }
    }
    return -1;
}

/* The usage error for a long option word (without its "--") that is not
 * one of c's: of another command, ambiguous, or unknown. */
static int bad_long(const cli_command *c, const char *word, const char *name, size_t len)
{
    char msg[ERR_QUOTE_SIZE + 640], q[ERR_QUOTE_SIZE];
    cli_opt_id hit = CLI_NOPTS;
    int mine = len ? by_prefix(c, name, len, &hit) : 0;
    if (mine > 1) {
        char cands[256], others[256];
        list_prefixed(cands, sizeof cands, c, true, name, len);
        list_prefixed(others, sizeof others, c, false, name, len);
        int at = snprintf(msg, sizeof msg, "ambiguous option %s: %s?",
                          err_quote(q, sizeof q, word), cands);
        if (others[0])
            snprintf(msg + at, sizeof msg - (size_t)at, " (%s: not options of %s)", others,
                     c->name);
        return usage_error(c->name, msg);
    }
    cli_opt_id exact = by_name(name, len);
    if (exact == CLI_NOPTS && len && by_prefix(NULL, name, len, &hit) == 1)
        exact = hit;
    if (exact != CLI_NOPTS) {
        snprintf(msg, sizeof msg, "option --%s does not apply to %s", cli_options[exact].name,
                 c->name);
        return usage_error(c->name, msg);
    }
    /* the closest of the command's own long names */
    const char *names[CLI_NOPTS];
    size_t nn = 0;
    for (int i = 0; i < CLI_NOPTS; i++)
        if (use_of(c, (cli_opt_id)i) && !(use_of(c, (cli_opt_id)i)->flags & CLI_HIDDEN))
            names[nn++] = cli_options[i].name;
    char typed[64];
    snprintf(typed, sizeof typed, "%.*s", (int)(len < 63 ? len : 63), name);
    const char *near = len < 63 ? suggest_closest(typed, names, nn) : NULL;
    int at = snprintf(msg, sizeof msg, "unknown option %s", err_quote(q, sizeof q, word));
    if (near)
        snprintf(msg + at, sizeof msg - (size_t)at, " (did you mean --%s?)", near);
    return usage_error(c->name, msg);
}

/* One long option word at argv[*i]; may take the next word as its value. */
static int parse_long(const cli_command *c, int argc, char **argv, int *i, opts *o)
{
    char *word = argv[*i], *name = word + 2;
    size_t len = strcspn(name, "=");
    char *value = name[len] == '=' ? name + len + 1 : NULL;
    cli_opt_id id = by_name(name, len);
    if (id == CLI_NOPTS || !use_of(c, id)) {
        cli_opt_id hit = CLI_NOPTS;
        if (id != CLI_NOPTS || !len || by_prefix(c, name, len, &hit) != 1)
            return bad_long(c, word, name, len);
        id = hit;
    }
    const cli_option *op = &cli_options[id];
    char shown[64], msg[128];
    snprintf(shown, sizeof shown, "--%s", op->name);
    if (!op->arg && value) {
        snprintf(msg, sizeof msg, "option %s takes no value", shown);
        return usage_error(c->name, msg);
    }
    if (op->arg && !value) {
        if (*i + 1 >= argc) {
            snprintf(msg, sizeof msg, "option %s needs a value", shown);
            return usage_error(c->name, msg);
        }
        value = argv[++*i];
    }
    return apply(c, id, shown, value, o);
}

/* One word of short options at argv[*i] ("-q", "-qx", "-o DIR", "-oDIR"). */
static int parse_short(const cli_command *c, int argc, char **argv, int *i, opts *o)
{
    char *word = argv[*i];
    for (size_t k = 1; word[k]; k++) {
        char msg[ERR_QUOTE_SIZE + 64], q[ERR_QUOTE_SIZE];
        char shown[3] = {'-', word[k], '\0'};
        cli_opt_id id = by_letter(word[k]);
        if (id == CLI_NOPTS) {
            snprintf(msg, sizeof msg, "unknown option %s", err_quote(q, sizeof q, shown));
            return usage_error(c->name, msg);
        }
        if (!use_of(c, id)) {
            snprintf(msg, sizeof msg, "option %s does not apply to %s", shown, c->name);
            return usage_error(c->name, msg);
        }
        char *value = NULL;
        if (cli_options[id].arg) {
            if (word[k + 1]) {
                value = word + k + 1;
            } else if (*i + 1 < argc) {
                value = argv[++*i];
            } else {
                snprintf(msg, sizeof msg, "option %s needs a value", shown);
                return usage_error(c->name, msg);
            }
        }
        int rc = apply(c, id, shown, value, o);
        if (rc >= 0 || value)
            return rc;
    }
    return -1;
}

int cli_parse(int argc, char **argv, const char *name, opts *o)
{
    const cli_command *c = cli_find_command(name);
    memset(o, 0, sizeof *o);
    long ncores = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = ncores > 0 ? (int)ncores : 1;
    int nargs = 0;
    bool only_args = false;
    /* positional arguments move to argv[1..nargs]: never ahead of the word
     * being read, and the words they replace are used already */
    for (int i = 1; i < argc; i++) {
        char *w = argv[i];
        int rc = -1;
        if (only_args || w[0] != '-' || !w[1])
            argv[1 + nargs++] = w;
        else if (!strcmp(w, "--"))
            only_args = true;
        else if (w[1] == '-')
            rc = parse_long(c, argc, argv, &i, o);
        else
            rc = parse_short(c, argc, argv, &i, o);
        if (rc >= 0)
            return rc;
    }
    argv[1 + nargs] = NULL;
    o->args = argv + 1;
    o->nargs = nargs;
    o->scenario = nargs ? argv[1] : NULL;
    o->n_given = o->given[CLI_OPT_INCIDENTS];
    o->metric = o->metrics.n ? o->metrics.v[o->metrics.n - 1] : NULL;
    char msg[160];
    if (nargs < c->min_args) {
        snprintf(msg, sizeof msg, "missing %s", c->args);
        return usage_error(c->name, msg);
    }
    if (c->max_args >= 0 && nargs > c->max_args)
        return usage_error(c->name, c->max_args ? "too many arguments" : "takes no arguments");
    for (int k = 0; c->path_args && k < nargs; k++)
        if (path_option(c->name, c->args, argv[1 + k]))
            return 2;
    /* "-" is standard input (csvfile.h), which holds one input: the files
     * a command reads are its positional paths and its path options but -o
     * (written), --pdf (written) and the folders --write-maps and --breakeven */
    int dashes = 0;
    for (int k = 0; c->path_args && k < nargs; k++)
        dashes += !strcmp(argv[1 + k], "-");
    for (int id = 0; id < CLI_NOPTS; id++) {
        const cli_option *op = &cli_options[id];
        if (op->kind == CLI_PATH && id != CLI_OPT_OUT && id != CLI_OPT_WRITE_MAPS &&
            id != CLI_OPT_BREAKEVEN && id != CLI_OPT_PDF && o->given[id]) {
            const char *v = *(const char *const *)((const char *)o + op->field);
            dashes += v && !strcmp(v, "-");
        }
    }
    if (dashes > 1)
        return usage_error(c->name, "standard input ('-') holds one input: give '-' for one "
                           "file only (./- names a file called -)");
    for (size_t k = 0; k < c->nuses; k++) {
        const cli_use *u = &c->uses[k];
        const cli_option *op = &cli_options[u->id];
        if ((u->flags & CLI_REQUIRED) && !o->given[u->id]) {
            if (op->letter)
                snprintf(msg, sizeof msg, "missing -%c %s", op->letter, u->arg ? u->arg : op->arg);
            else
                snprintf(msg, sizeof msg, "missing --%s %s", op->name, u->arg ? u->arg : op->arg);
            return usage_error(c->name, msg);
        }
    }
    return -1;
}
