/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * commands.c — the command table: every command's name, function,
 * positional arguments, the options it takes (cli.h, cli_use) and its help.
 *
 * The usage, `COMMAND --help`, `help --markdown` and `help --tsv` are
 * generated from these rows and the option table (help.c), and cli_parse
 * refuses every option a row does not list.  A description is the prose
 * only: the generator adds the usage line and the options.  Its lines are
 * at most 100 columns and end in '\n'.
 */
#include "cli.h"
#include "ownsim/metric.h"

#include <string.h>

#define USES(a) a, sizeof a / sizeof a[0]

static const cli_use run_uses[] = {
    {CLI_OPT_OUT, 0, NULL, "output folder (default out/<scenario name>/)"},
    {CLI_OPT_REPS, 0, NULL, NULL},
    {CLI_OPT_INCIDENTS, 0, NULL, NULL},
    {CLI_OPT_SEED, 0, NULL, NULL},
    {CLI_OPT_JOBS, 0, NULL, NULL},
    {CLI_OPT_WARMUP, 0, NULL, NULL},
    {CLI_OPT_MAX_EVENTS, 0, NULL, NULL},
    {CLI_OPT_SET, CLI_REPEAT, NULL, NULL},
    {CLI_OPT_TRACE, 0, NULL, NULL},
    {CLI_OPT_TIMESTAMPS, 0, NULL,
     "with --trace: add t_occur_at and resolved_at, the wall clock of the outage and of "
     "its resolution on the scenario's reference clock (ISO 8601 to the minute, rounded "
     "down; with the UTC offset when the scenario is zoned)"},
    {CLI_OPT_OUTAGES, 0, NULL, NULL},
    {CLI_OPT_RESAMPLE, 0, NULL, NULL},
    {CLI_OPT_PRECISION, CLI_REPEAT, NULL, NULL},
    {CLI_OPT_MAX_REPS, 0, NULL, NULL},
    {CLI_OPT_QUIET, 0, NULL, "no progress on stderr, no table on stdout"},
    {CLI_OPT_MODELS, 0, NULL, NULL},
    {CLI_OPT_WIDE, 0, NULL, NULL},
};

static const cli_use outages_uses[] = {
    {CLI_OPT_OUT, CLI_REQUIRED, "FILE", "the outage CSV to write (-: standard output)"},
    {CLI_OPT_INCIDENTS, 0, NULL, NULL},
    {CLI_OPT_SEED, 0, NULL, NULL},
    {CLI_OPT_REP, 0, NULL, NULL},
    {CLI_OPT_TIMESTAMPS, 0, NULL,
     "add t_occur_at after t_occur: its wall clock on the scenario's reference clock "
     "(ISO 8601 to the minute, rounded down; with the UTC offset when the scenario is "
     "zoned); run --outages checks it"},
    {CLI_OPT_SET, CLI_REPEAT, NULL, NULL},
};

static const cli_use check_uses[] = {
    {CLI_OPT_SET, CLI_REPEAT, NULL, NULL},
};

static const cli_use sweep_uses[] = {
    {CLI_OPT_VARY, CLI_REPEAT, NULL,
     "an axis of the grid, over any scenario key or distribution parameter: numbers from "
     "START to STOP (inclusive) by STEP, or the values listed (distributions may contain "
     "commas); at least one is required, unless --resume"},
    {CLI_OPT_REPS, 0, NULL, NULL},
    {CLI_OPT_INCIDENTS, 0, "N", NULL},
    {CLI_OPT_SEED, 0, NULL, NULL},
    {CLI_OPT_JOBS, 0, NULL,
     "worker threads over points and replications; output does not depend on it"},
    {CLI_OPT_SHARD, 0, NULL, NULL},
    {CLI_OPT_ZERO_BASED, 0, NULL, NULL},
    {CLI_OPT_FORCE, 0, NULL, NULL},
    {CLI_OPT_METRIC, CLI_REPEAT, NULL,
     "a paired difference sweep.csv carries, NAME or NAME:SEV (default: ttr_mean, "
     "ttr_mean of the first severity, sla_breach_pct, total_cost_per_year)"},
    {CLI_OPT_ALL_METRICS, 0, NULL, NULL},
    {CLI_OPT_PRECISION, CLI_REPEAT, NULL,
     "at every point, add replications until the 95% intervals of METRIC (NAME or "
     "NAME:SEV; every model's, and each paired difference) are at most HALFWIDTH wide on "
     "each side, or --max-reps is reached (as run --precision)"},
    {CLI_OPT_MAX_REPS, 0, NULL, "the most replications --precision runs at a point "
     "(default 100)"},
    {CLI_OPT_SET, CLI_REPEAT, NULL, NULL},
    {CLI_OPT_OUT, 0, NULL, "output folder (default out/<name>-sweep)"},
    {CLI_OPT_QUIET, 0, NULL, NULL},
    {CLI_OPT_MODELS, 0, NULL, NULL},
    {CLI_OPT_RESUME, 0, NULL, NULL},
};

static const cli_use merge_uses[] = {
    {CLI_OPT_OUT, 0, NULL, "the merged folder (required, except with --check)"},
    {CLI_OPT_CHECK, 0, NULL, NULL},
    {CLI_OPT_ZERO_BASED, 0, NULL, "with --check: list the missing shards counted from 0 "
     "(for schedulers that number array tasks from 0)"},
};

static const cli_use breakeven_uses[] = {
    {CLI_OPT_VARY, CLI_REQUIRED, "KEY=LO:HI", "the key searched, from LO to HI"},
    {CLI_OPT_MODEL, CLI_REQUIRED, NULL, NULL},
    {CLI_OPT_BASELINE, 0, NULL, NULL},
    {CLI_OPT_METRIC, 0, NULL, "the metric compared (default ttr_mean; the list above)"},
    {CLI_OPT_REPS, 0, NULL, NULL},
    {CLI_OPT_INCIDENTS, 0, "N", NULL},
    {CLI_OPT_SEED, 0, NULL, NULL},
    {CLI_OPT_JOBS, 0, NULL, NULL},
    {CLI_OPT_SET, CLI_REPEAT, NULL, NULL},
    {CLI_OPT_OUT, 0, NULL, "output folder (default out/<name>-breakeven)"},
    {CLI_OPT_QUIET, 0, NULL, NULL},
};

static const cli_use sensitivity_uses[] = {
    {CLI_OPT_KEYS, 0, NULL, NULL},
    {CLI_OPT_ALL, 0, NULL, NULL},
    {CLI_OPT_REL, 0, NULL, NULL},
    {CLI_OPT_RANGE, CLI_REPEAT, NULL, NULL},
    {CLI_OPT_MODEL, CLI_REQUIRED, NULL, NULL},
    {CLI_OPT_BASELINE, 0, NULL, NULL},
    {CLI_OPT_METRIC, 0, NULL,
     "the metric compared: NAME or NAME:SEV (default ttr_mean; see breakeven --help)"},
    {CLI_OPT_REPS, 0, NULL, NULL},
    {CLI_OPT_INCIDENTS, 0, "N", NULL},
    {CLI_OPT_SEED, 0, NULL, NULL},
    {CLI_OPT_JOBS, 0, NULL, NULL},
    {CLI_OPT_SET, CLI_REPEAT, NULL, NULL},
    {CLI_OPT_OUT, 0, NULL, "output folder (default out/<name>-sensitivity)"},
    {CLI_OPT_QUIET, 0, NULL, NULL},
};

static const cli_use uncertainty_uses[] = {
    {CLI_OPT_MODEL, CLI_REQUIRED, NULL, NULL},
    {CLI_OPT_BASELINE, 0, NULL, NULL},
    {CLI_OPT_METRIC, 0, NULL,
     "the metric compared: NAME or NAME:SEV (default ttr_mean; see breakeven --help)"},
    {CLI_OPT_SETS, 0, NULL, NULL},
    {CLI_OPT_REPS, 0, NULL, "replications of each set"},
    {CLI_OPT_INCIDENTS, 0, "N", NULL},
    {CLI_OPT_SEED, 0, NULL, NULL},
    {CLI_OPT_JOBS, 0, NULL, NULL},
    {CLI_OPT_SHARD, 0, NULL, "run only sets i with i % N == I-1 (1 <= I <= N); join with merge"},
    {CLI_OPT_ZERO_BASED, 0, NULL, NULL},
    {CLI_OPT_SET, CLI_REPEAT, NULL, NULL},
    {CLI_OPT_OUT, 0, NULL, "output folder (default out/<name>-uncertainty)"},
    {CLI_OPT_QUIET, 0, NULL, NULL},
};

static const cli_use goalseek_uses[] = {
    {CLI_OPT_VARY, CLI_REQUIRED, "KEY=LO:HI", "the key searched, from LO to HI"},
    {CLI_OPT_MODEL, CLI_REQUIRED, NULL, "the model that must meet the target"},
    {CLI_OPT_TARGET, CLI_REQUIRED, NULL, NULL},
    {CLI_OPT_LARGEST, 0, NULL, NULL},
    {CLI_OPT_BASELINE, 0, NULL,
     "judge the target on the paired difference A minus B (default: A's own value)"},
    {CLI_OPT_REPS, 0, NULL, NULL},
    {CLI_OPT_INCIDENTS, 0, "N", NULL},
    {CLI_OPT_SEED, 0, NULL, NULL},
    {CLI_OPT_JOBS, 0, NULL, NULL},
    {CLI_OPT_SET, CLI_REPEAT, NULL, NULL},
    {CLI_OPT_OUT, 0, NULL, "output folder (default out/<name>-goalseek)"},
    {CLI_OPT_QUIET, 0, NULL, NULL},
};

static const cli_use plot_uses[] = {
    {CLI_OPT_OUT, 0, "OUTDIR", "where the charts go (default DIR/charts)"},
    {CLI_OPT_FORMAT, 0, NULL, NULL},
    {CLI_OPT_TITLE, 0, NULL, NULL},
    {CLI_OPT_METRIC, 0, NULL, "the sweep.csv column the sweep chart draws (default ttr_mean)"},
    {CLI_OPT_BREAKEVEN, 0, NULL, NULL},
    {CLI_OPT_MODELS, 0, NULL,
     "draw only these models (the run's or sweep's baseline among them)"},
    {CLI_OPT_SLICE, 0, NULL, NULL},
    {CLI_OPT_SCALE, 0, NULL, NULL},
};

static const cli_use report_uses[] = {
    {CLI_OPT_OUT, 0, "FILE.html", "the brief to write (default DIR.html, beside DIR; -: "
     "standard output)"},
    {CLI_OPT_PDF, 0, NULL, NULL},
    {CLI_OPT_PAPER, 0, NULL, NULL},
};

static const cli_use import_uses[] = {
    {CLI_OPT_SCENARIO, CLI_REQUIRED, NULL,
     "the scenario whose categories, severities and effort distributions the export is "
     "mapped to"},
    {CLI_OPT_MAP, CLI_REQUIRED, NULL, NULL},
    {CLI_OPT_DATE_FORMAT, 0, NULL, NULL},
    {CLI_OPT_TZ, 0, NULL, NULL},
    {CLI_OPT_CATEGORY_MAP, 0, NULL, NULL},
    {CLI_OPT_PRIORITY_MAP, 0, NULL, NULL},
    {CLI_OPT_GROUP_MAP, 0, NULL, NULL},
    {CLI_OPT_WHERE, CLI_REPEAT, NULL, NULL},
    {CLI_OPT_MAX_SKIPPED, 0, NULL, NULL},
    {CLI_OPT_STRICT, 0, NULL, NULL},
    {CLI_OPT_WRITE_MAPS, 0, NULL, NULL},
    {CLI_OPT_EFFORT_UNIT, 0, NULL, NULL},
    {CLI_OPT_WORK_DAY, 0, NULL, NULL},
    {CLI_OPT_WORK_WEEK, 0, NULL, NULL},
    {CLI_OPT_SET, CLI_REPEAT, NULL, "override a key of the scenario, as in run"},
    {CLI_OPT_OUT, CLI_REQUIRED, "OUTAGES.csv", "the outage CSV to write (-: standard output)"},
};

static const cli_use fit_uses[] = {
    {CLI_OPT_SCENARIO, 0, NULL, "list severities and categories in this scenario's order"},
    {CLI_OPT_INTO, 0, NULL, NULL},
    {CLI_OPT_MODEL, 0, "M", "with --into: set model M's misroute_prob to the share of its "
     "gray-area outages reassigned at least once (needs observed_reassignments)"},
    {CLI_OPT_BOOTSTRAP, 0, NULL, NULL},
    {CLI_OPT_SEED, 0, NULL, "seed of the bootstrap (default 1); a --into template keeps its own "
     "simulation.seed"},
    {CLI_OPT_OUT, 0, "FITTED.ini", "the fragment or scenario to write (default, or -: "
     "standard output)"},
};

static const cli_use calibrate_uses[] = {
    {CLI_OPT_OUTAGES, CLI_REQUIRED, NULL,
     "the outage CSV with observed_ttr (as `ownsim import` writes it with resolved=; -: "
     "standard input)"},
    {CLI_OPT_MODEL, CLI_REQUIRED, "CURRENT", "the model the client runs today"},
    {CLI_OPT_FIT, CLI_REPEAT, NULL, NULL},
    {CLI_OPT_BOOTSTRAP, 0, NULL, "bootstrap resamples over weeks, each refitted (default 20; "
     "0 or 1: no intervals)"},
    {CLI_OPT_FROM_OPENED, 0, NULL, NULL},
    {CLI_OPT_SEED, 0, NULL, NULL},
    {CLI_OPT_SET, CLI_REPEAT, NULL, NULL},
    {CLI_OPT_OUT, 0, NULL, "output folder (default out/<name>-calibrate)"},
    {CLI_OPT_QUIET, 0, NULL, "no tables on stdout"},
};

static const cli_use help_uses[] = {
    {CLI_OPT_MARKDOWN, CLI_HIDDEN, NULL, NULL},
    {CLI_OPT_TSV, CLI_HIDDEN, NULL, NULL},
    {CLI_OPT_MAN, CLI_HIDDEN, NULL, NULL},
    {CLI_OPT_COMPLETION, CLI_HIDDEN, NULL, NULL},
};

const cli_command cli_commands[] = {
    {"run", cmd_run, "SCENARIO", 1, 1, true, USES(run_uses),
     "replay the outage stream through every model: CSVs and a comparison table",
     "Replay the outage stream through every model; write CSVs to DIR\n"
     "(default out/<scenario name>/) and print a comparison table, then what the\n"
     "scenario implies a year (DIR/implied.csv has every figure; docs/model.md\n"
     "section 12).  A figure beyond its threshold is warned of on stderr.\n"},
    {"outages", cmd_outages, "SCENARIO", 1, 1, true, USES(outages_uses),
     "write the synthetic outage stream of one replication as CSV",
     "Write the synthetic outage stream of replication R (default 0) as CSV:\n"
     "id,t_occur,category,severity,effort.  `run --outages FILE` replays it.\n"},
    {"check", cmd_check, "SCENARIO", 1, 1, true, USES(check_uses),
     "validate a scenario and print it fully resolved",
     "Validate the scenario and print it fully resolved (every key, defaults\n"
     "included), then, as INI comments, what it implies without simulating\n"
     "(docs/model.md section 12; a figure beyond its threshold is warned of on\n"
     "stderr).  Exit 0 when valid, 2 with the file, line and key when not.\n"
     "SCENARIO - reads the scenario from standard input (its includes relative to the\n"
     "current folder; errors name it <stdin>); so does every command's SCENARIO.\n"},
    {"sweep", cmd_sweep, "SCENARIO", 0, 1, true, USES(sweep_uses),
     "run every model at every point of a grid of scenario values",
     "Run every point of the grid of the --vary axes (any scenario key, or a\n"
     "distribution parameter such as model.co_managed.handoff_delay.median) through\n"
     "every model.  Writes DIR/sweep.csv (one row per point x model: the models.csv\n"
     "columns, then each model minus the baseline, paired over replications, for the\n"
     "--metric ones), the resolved base scenario.ini and the sweep.ini manifest; DIR\n"
     "defaults to out/<name>-sweep.\n"
     "Grids are limited to 1,000,000 points.\n"
     "sweep --resume DIR (alone, or with -j and -q) reruns the shard in DIR from DIR's\n"
     "sweep.ini and provenance.ini, byte-identical to the first run; it refuses when an\n"
     "input changed since (its SHA-256) or the manifest is incomplete.\n"},
    {"merge", cmd_merge, "DIR...", 0, -1, false, USES(merge_uses),
     "join the folders of the shards of one sweep or uncertainty analysis",
     "Join the folders of shards 1/N..N/N of one sweep into one folder whose\n"
     "sweep.csv is byte-identical to the unsharded sweep's.  Refuses folders from\n"
     "different scenarios, seeds or grids (naming the odd folder), and missing or\n"
     "repeated shards (the missing ones listed as ranges).  Memory does not grow\n"
     "with the number of points.  With --check (and no -o) the folders are checked\n"
     "and nothing is written: it prints `complete: N shards` (exit status 0) or\n"
     "`missing: 3,17-19` (exit status 3), the shards to rerun.  Folders of\n"
     "`ownsim uncertainty` (they hold uncertainty.ini) are joined the same way,\n"
     "and uncertainty.csv is computed from the joined sets.csv.  See\n"
     "docs/cluster.md.\n"},
    {"breakeven", cmd_breakeven, "SCENARIO", 1, 1, true, USES(breakeven_uses),
     "find the value of a key at which two models' metric are equal",
     "Find by bisection, under common random numbers, the value of KEY in [LO, HI]\n"
     "at which model A's metric equals model B's (default: the scenario's baseline),\n"
     "with a 95% confidence interval from the replications, or report that they do\n"
     "not cross.  Writes DIR/breakeven.csv and the resolved scenario.ini (DIR\n"
     "defaults to out/<name>-breakeven) and prints one line.  --metric M is any\n"
     "column of models.csv (default ttr_mean), or NAME:SEV for one severity's\n"
     "incidents (ttr_mean:P1; the columns of severities.csv), compared replication\n"
     "by replication (docs/output.md says how each is computed):\n"
     METRIC_HELP},
    {"sensitivity", cmd_sensitivity, "SCENARIO", 1, 1, true, USES(sensitivity_uses),
     "move each assumption alone over its range: which ones decide A versus B",
     "One-at-a-time sensitivity: move each key alone to a low and a high value\n"
     "(default base -30% and +30%; a distribution scaled as a whole; whole numbers\n"
     "rounded, domains clamped, both reported) and measure model A, baseline B and\n"
     "their paired difference A - B at low, base and high, under common random\n"
     "numbers (a key neither model reads has a swing of exactly 0).  Writes\n"
     "DIR/sensitivity.csv ranked by swing, with whether A - B changes sign and\n"
     "where (the break-even search), and the resolved scenario.ini; DIR defaults to\n"
     "out/<name>-sensitivity.  See docs/sensitivity.md.\n"},
    {"uncertainty", cmd_uncertainty, "SCENARIO", 1, 1, true, USES(uncertainty_uses),
     "draw every uncertain assumption together: how often A beats B",
     "Probabilistic uncertainty: draw N parameter sets from the distributions of the\n"
     "scenario's [uncertainty] section (a Sobol sequence), run every model on each\n"
     "under common random numbers, and report each model's metric distribution,\n"
     "P(A beats B) with a Wilson 95% interval, the probability each model ranks\n"
     "first, and each key's partial rank correlation with A - B.  Writes\n"
     "DIR/sets.csv, DIR/uncertainty.csv, uncertainty.ini and scenario.ini; DIR\n"
     "defaults to out/<name>-uncertainty.  Shards (--shard I/N) join with\n"
     "`ownsim merge` into the unsharded folder, byte for byte.  See\n"
     "docs/sensitivity.md.\n"},
    {"goalseek", cmd_goalseek, "SCENARIO", 1, 1, true, USES(goalseek_uses),
     "find the smallest or largest value of a key at which a model meets a target",
     "Find by bisection, under common random numbers, the smallest value of KEY in\n"
     "[LO, HI] (--largest: the largest) at which model A meets the target\n"
     "METRIC<=X or METRIC>=X: its mean over the replications, or with --baseline B\n"
     "the mean of the paired difference A minus B.  A whole-number key (staff) is\n"
     "searched over whole numbers.  The 95% interval is where the bounds of the\n"
     "metric's interval meet the target.  Says so when the target is met nowhere or\n"
     "everywhere in the range.  METRIC is a metric that `ownsim breakeven --help`\n"
     "lists, or NAME:SEV for one severity (sla_breach_pct:P1).  Writes\n"
     "DIR/goalseek.csv and the resolved scenario.ini (DIR defaults to\n"
     "out/<name>-goalseek) and prints one line (docs/sweeps.md).\n"},
    {"plot", cmd_plot, "DIR", 1, 1, true, USES(plot_uses),
     "draw the charts of a run, sweep, sensitivity or uncertainty folder with gnuplot",
     "Draw the charts for a folder written by `run`, `sweep`, `sensitivity` or\n"
     "`uncertainty`, with gnuplot: where the minutes go, TTR by model and severity,\n"
     "TTR distribution, SLA breaches, annual cost (run folders); the sweep curve\n"
     "with any break-even point, plus a heatmap of the paired difference over two\n"
     "axes (sweep folders); the tornado of the keys that move A minus B most\n"
     "(sensitivity folders); the distribution of A minus B with P(A beats B), and\n"
     "each key's rank correlation with it (merged uncertainty folders).\n"
     "OUTDIR defaults to DIR/charts; PNG images are 1600x900 (--scale 2: 3200x1800),\n"
     "PDF 18 x 10.125 cm.  --slice picks where a sweep's other axes are held.\n"
     "--metric picks the sweep.csv column the sweep charts draw\n"
     "(default ttr_mean): a metric that `ownsim breakeven --help` lists, or\n"
     "ttr_mean_diff.  --breakeven marks the break-even of BEDIR/breakeven.csv\n"
     "(a folder written by `ownsim breakeven`; default: DIR's own).  The environment\n"
     "variables OWNSIM_GNUPLOT and OWNSIM_PLOTS name another gnuplot program and\n"
     "another folder of scripts.\n"},
    {"report", cmd_report, "DIR", 1, 1, true, USES(report_uses),
     "write the proposal brief of a run folder: one self-contained HTML file, and a PDF",
     "Write the proposal brief of a folder written by `run`: one self-contained HTML\n"
     "file (no external resource; charts inline as SVG, drawn with gnuplot) with the\n"
     "headline (the baseline against each other model on P1 mean TTR, total cost per\n"
     "year and SLA compliance, with 95% intervals), the comparison table, where the\n"
     "minutes go, the charts, the key assumptions with their sources (the comments of\n"
     "the scenario file), DIR's sensitivity.csv and uncertainty.csv when present,\n"
     "method and caveats, and the provenance.  The same folder gives the same bytes.\n"
     "--pdf prints it with headless Chromium (OWNSIM_CHROMIUM names another browser\n"
     "program).  FILE.html.provenance.ini records what the brief was made from.\n"
     "See docs/report.md.\n"},
    {"import", cmd_import, "TICKETS.csv", 1, 1, true, USES(import_uses),
     "convert a ticket export into an outage CSV",
     "Convert a ticket export (ServiceNow, Jira Service Management, Zendesk CSV) into an\n"
     "outage CSV that `run --outages` replays.  Rows --where leaves out are dropped first.\n"
     "Priorities and categories are mapped to the scenario's severities and categories;\n"
     "unusable rows are skipped and listed on stderr with their line and reason (--strict:\n"
     "the first one is an error), the values no map knows are listed with their counts, and\n"
     "more than --max-skipped percent skipped (default 10) is warned of (--strict: an\n"
     "error).  A missing effort (no column, blank, not a duration) is drawn from the\n"
     "scenario's distributions and flagged effort_source = drawn.  A bare number of effort\n"
     "is read in --effort-unit (default minutes), a day (d) as --work-day hours (default 24)\n"
     "and a week (w) as --work-week days, not at all without it; efforts whose median looks\n"
     "like another unit are warned of (--strict: an error).  --write-maps writes map\n"
     "templates to fill in.  TICKETS.csv - reads standard input.  With -o FILE,\n"
     "FILE.provenance.ini records the inputs' SHA-256 and the scenario.  See docs/import.md.\n"},
    {"fit", cmd_fit, "OUTAGES.csv", 1, 1, true, USES(fit_uses),
     "estimate a scenario (or a fragment) from an outage CSV",
     "Estimate the arrival profile, category and severity mixes and each severity's\n"
     "effort distribution (lognormal, gamma, Weibull or exponential: maximum likelihood,\n"
     "least AIC) from an outage CSV, and write a scenario fragment (to stdout without -o)\n"
     "that a scenario can include: include = FITTED.ini; with --into TEMPLATE, the whole\n"
     "template with the fitted values replacing its own, ready to run.  Prints each\n"
     "family's AIC and Kolmogorov-Smirnov and Anderson-Darling statistics with\n"
     "parametric-bootstrap p-values on stderr, and with an observed_reassignments column\n"
     "the misroute share per category.  OUTAGES.csv - reads standard input.  With -o FILE,\n"
     "FILE.provenance.ini records the inputs' SHA-256 and the seed.  See docs/fit.md.\n"},
    {"calibrate", cmd_calibrate, "SCENARIO", 1, 1, true, USES(calibrate_uses),
     "compare the current model's TTRs with observed ones and fit unrecorded parameters",
     "Replay the outage list through the CURRENT model (replication 0, no warm-up) and\n"
     "compare its TTRs with observed_ttr: overall, per severity and category (mean,\n"
     "p50, p90, two-sample KS).  Then fit the parameters no export records (--fit)\n"
     "by Nelder-Mead on the distance between simulated and observed TTR quantiles,\n"
     "every evaluation with the same seed, and refit on --boot resamples of weeks for\n"
     "90% intervals; a parameter whose interval spans more than half its range is\n"
     "\"not identified by this data\" and keeps its value.  Writes DIR/calibrate.csv,\n"
     "fitted.csv, calibrated.ini and provenance.ini (docs/calibrate.md).\n"},
    {"keys", cmd_keys, "", 0, 0, false, NULL, 0,
     "print the reference of every scenario key",
     "Print the reference of every scenario key (Markdown).\n"},
    {"help", cmd_help, "[COMMAND]", 0, 1, false, USES(help_uses),
     "print the usage of every command, or the help of one",
     "Print the usage of every command, or with COMMAND its usage, description and\n"
     "options (as `ownsim COMMAND --help` does).\n"},
};
const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];

const cli_command *cli_find_command(const char *name)
{
    for (size_t i = 0; i < cli_ncommands; i++)
        if (!strcmp(cli_commands[i].name, name))
            return &cli_commands[i];
    return NULL;
}
