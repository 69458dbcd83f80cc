/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * help.c — everything the command line says about itself, generated from
 * the command and option tables (cli.h): the usage of every command, one
 * command's help, the Markdown reference, the tab-separated listing that
 * scripts (tests/cli/options.sh) read, the man pages ownsim(1) and
 * ownsim-scenario(5) and the bash and zsh completions (hidden: help --man
 * 1|5, help --completion bash|zsh; the scenario keys come from the key
 * table through scn_key_ref; docs/design.md, "Man pages and completion"),
 * and the help command that prints them.
 *
 * Text is wrapped at WIDTH columns: a usage line continues under the first
 * argument, an option's help under the help column.  A word longer than
 * the room left gets a line of its own (roff fills the man pages itself).
 * Hidden options (CLI_HIDDEN) are left out of everything but the listing.
 * Every generator writes to the FILE it is given and depends on nothing but
 * the tables, so the same binary always writes the same bytes.
 */
#include "cli.h"

#include <string.h>

#include "ownsim/metric.h"
#include "ownsim/scenario.h"
#include "ownsim/suggest.h"
#include "ownsim/version.h"

#define WIDTH 100        /* columns of every line of help */
#define HELP_COL_MAX 32  /* an option's help starts at most here */

/* The value name of option u in its command. */
static const char *arg_of(const cli_use *u)
{
    return u->arg ? u->arg : cli_options[u->id].arg;
}

/* The help of option u in its command, without the key it overrides. */
static const char *help_of(const cli_use *u)
{
    return u->help ? u->help : cli_options[u->id].help;
}

/* The uses of c, -h/--help last: *n of them in out. */
static size_t uses_with_help(const cli_command *c, cli_use *out)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nuses; i++)
        out[n++] = c->uses[i];
    out[n++] = (cli_use){CLI_OPT_HELP, 0, NULL, NULL};
    return n;
}

/* Print words of text, breaking lines at WIDTH; *col is the column now,
 * a new line starts with indent spaces. */
static void wrap(FILE *f, const char *text, int indent, int *col)
{
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, " ");
        bool first = *col == indent;
        if (!first && *col + 1 + (int)n > WIDTH) {
            fprintf(f, "\n%*s", indent, "");
            *col = indent;
            first = true;
        }
        fprintf(f, "%s%.*s", first ? "" : " ", (int)n, p);
        *col += (first ? 0 : 1) + (int)n;
        p += n;
        while (*p == ' ')
            p++;
    }
}

/* One option of a usage line: "[-o DIR]", "--model A", "[--set K=V]...",
 * "--vary SPEC [--vary ...]". */
static void synopsis_item(char *buf, size_t n, const cli_use *u)
{
    const cli_option *op = &cli_options[u->id];
    char name[40], core[200];
    if (op->letter)
        snprintf(name, sizeof name, "-%c", op->letter);
    else
        snprintf(name, sizeof name, "--%s", op->name);
    const char *arg = arg_of(u);
    snprintf(core, sizeof core, "%s%s%s", name, arg ? " " : "", arg ? arg : "");
    if ((u->flags & CLI_REQUIRED) && (u->flags & CLI_REPEAT))
        snprintf(buf, n, "%s [%s ...]", core, name);
    else if (u->flags & CLI_REQUIRED)
        snprintf(buf, n, "%s", core);
    else if (u->flags & CLI_REPEAT)
        snprintf(buf, n, "[%s]...", core);
    else
        snprintf(buf, n, "[%s]", core);
}

/* "ownsim NAME ARGS OPTIONS", wrapped, after lead ("  " or "usage: "). */
static void synopsis(FILE *f, const cli_command *c, const char *lead)
{
    int col = fprintf(f, "%sownsim %s", lead, c->name);
    int indent = col + 1;
    char item[256];
    if (c->args[0])
        col += fprintf(f, " %s", c->args);
    for (size_t i = 0; i < c->nuses; i++) {
        if (c->uses[i].flags & CLI_HIDDEN)
            continue;
        synopsis_item(item, sizeof item, &c->uses[i]);
        if (col + 1 + (int)strlen(item) > WIDTH) {
            fprintf(f, "\n%*s%s", indent, "", item);
            col = indent + (int)strlen(item);
        } else {
            col += fprintf(f, " %s", item);
        }
    }
    fputc('\n', f);
}

void cli_usage(FILE *f)
{
    fprintf(f, "ownsim %s — replay synthetic IT outages through ownership models\n\n"
               "usage:\n", OWNSIM_VERSION);
    for (size_t i = 0; i < cli_ncommands; i++)
        synopsis(f, &cli_commands[i], "  ");
    fprintf(f, "  ownsim --help | --version | -V | ownsim COMMAND --help\n\ncommands:\n");
    for (size_t i = 0; i < cli_ncommands; i++)
        fprintf(f, "  %-10s %s\n", cli_commands[i].name, cli_commands[i].summary);
    fprintf(f, "\nExit status: 0 ok, 2 bad usage or input, 1 other failure.\n"
               "Documentation: README.md and docs/.\n");
}

/* The left column of an option's help: "  -o, --out DIR", "      --trace". */
static int option_left(char *buf, size_t n, const cli_use *u)
{
    const cli_option *op = &cli_options[u->id];
    const char *arg = arg_of(u);
    char letter[8] = "    ";
    if (op->letter)
        snprintf(letter, sizeof letter, "-%c, ", op->letter);
    return snprintf(buf, n, "  %s--%s%s%s", letter, op->name, arg ? " " : "", arg ? arg : "");
}

void cli_command_help(const cli_command *c, FILE *f)
{
    synopsis(f, c, "usage: ");
    fprintf(f, "\n%s\noptions:\n", c->help);
    cli_use uses[CLI_NOPTS + 1];
    size_t n = uses_with_help(c, uses);
    char left[256];
    int hcol = 0;
    for (size_t i = 0; i < n; i++) {
        int w = option_left(left, sizeof left, &uses[i]) + 2;
        if (!(uses[i].flags & CLI_HIDDEN) && w <= HELP_COL_MAX && w > hcol)
            hcol = w;
    }
    for (size_t i = 0; i < n; i++) {
        const cli_use *u = &uses[i];
        if (u->flags & CLI_HIDDEN)
            continue;
        int col = option_left(left, sizeof left, u);
        fputs(left, f);
        if (col + 2 > hcol) {
            fprintf(f, "\n%*s", hcol, "");
        } else {
            fprintf(f, "%*s", hcol - col, "");
        }
        col = hcol;
        wrap(f, help_of(u), hcol, &col);
        const char *key = cli_options[u->id].key;
        if (key) {
            char tail[96];
            snprintf(tail, sizeof tail, "(%s)", key);
            wrap(f, tail, hcol, &col);
        }
        fputc('\n', f);
    }
}

/* Markdown: text with '|' escaped, for a table cell. */
static void md_cell(FILE *f, const char *text)
{
    for (const char *p = text; *p; p++)
        fputs(*p == '|' ? "\\|" : (char[2]){*p, '\0'}, f);
}

/* The reference of every command, as Markdown (help --markdown). */
static void markdown(FILE *f)
{
    fprintf(f, "<!-- generated by `ownsim help --markdown`: edit src/cli/commands.c and "
               "src/cli/options.c -->\n\n# ownsim commands\n");
    for (size_t i = 0; i < cli_ncommands; i++) {
        const cli_command *c = &cli_commands[i];
        fprintf(f, "\n## ownsim %s\n\n```\n", c->name);
        synopsis(f, c, "");
        fprintf(f, "```\n\n%s\n| option | what it does |\n|---|---|\n", c->help);
        cli_use uses[CLI_NOPTS + 1];
        size_t n = uses_with_help(c, uses);
        for (size_t k = 0; k < n; k++) {
            const cli_use *u = &uses[k];
            const cli_option *op = &cli_options[u->id];
            const char *arg = arg_of(u);
            if (u->flags & CLI_HIDDEN)
                continue;
            fputs("| ", f);
            if (op->letter)
                fprintf(f, "`-%c`, ", op->letter);
            fprintf(f, "`--%s%s", op->name, arg ? " " : "");
            md_cell(f, arg ? arg : "");
            fputs("` | ", f);
            md_cell(f, help_of(u));
            if (op->key)
                fprintf(f, " (`%s`)", op->key);
            if (u->flags & CLI_REQUIRED)
                fputs("; required", f);
            if (u->flags & CLI_REPEAT)
                fputs("; may be repeated", f);
            fputs(" |\n", f);
        }
    }
}

/* Every command and option, one per line, tab-separated, '-' for nothing:
 *   command NAME ARGS MIN MAX         (MAX -1 = any)
 *   option  COMMAND LONG LETTER ARG FLAGS   (FLAGS: required,repeat,hidden) */
static void tsv(FILE *f)
{
    for (size_t i = 0; i < cli_ncommands; i++) {
        const cli_command *c = &cli_commands[i];
        fprintf(f, "command\t%s\t%s\t%d\t%d\n", c->name, c->args[0] ? c->args : "-",
                c->min_args, c->max_args);
        cli_use uses[CLI_NOPTS + 1];
        size_t n = uses_with_help(c, uses);
        for (size_t k = 0; k < n; k++) {
            const cli_use *u = &uses[k];
            const cli_option *op = &cli_options[u->id];
            const char *arg = arg_of(u);
            char flags[40] = "";
            snprintf(flags, sizeof flags, "%s%s%s", u->flags & CLI_REQUIRED ? "required," : "",
                     u->flags & CLI_REPEAT ? "repeat," : "", u->flags & CLI_HIDDEN ? "hidden," : "");
            size_t fl = strlen(flags);
            if (fl)
                flags[fl - 1] = '\0';
            char letter[3] = {'-', op->letter, '\0'};
            fprintf(f, "option\t%s\t--%s\t%s\t%s\t%s\n", c->name, op->name, letter,
                    arg ? arg : "-", fl ? flags : "-");
        }
    }
}

/* ---- man pages (help --man 1|5) ----------------------------------------
 * roff from the same tables: ownsim(1) from the command and option tables,
 * ownsim-scenario(5) from the key table (scn_key_ref).  Text is escaped by
 * roff_text: '\' as \e, every '-' as \- (options and keys are typed as
 * written), a '.' or '\'' that would start a line behind \&, and each
 * non-ASCII character as \[uXXXX], so the page is plain ASCII whatever the
 * reader's locale.  groff -man -ww finds nothing to warn of (tests/cli/man.sh). */

/* text escaped for roff; start: text begins a line of the source */
static void roff_text(FILE *f, const char *text, bool start)
{
    const unsigned char *p = (const unsigned char *)text;
    if (start && (*p == '.' || *p == '\''))
        fputs("\\&", f);
    while (*p) {
        if (*p == '\\') {
            fputs("\\e", f);
        } else if (*p == '-') {
            fputs("\\-", f);
        } else if (*p == '\n') {
            fputc('\n', f);
            if (p[1] == '.' || p[1] == '\'')
                fputs("\\&", f);
        } else if (*p < 0x80) {
            fputc(*p, f);
        } else {
            /* one UTF-8 sequence; a stray byte is shown as U+FFFD */
            int len = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 1;
            unsigned cp = len == 1 ? 0xfffd : *p & (0x3f >> (len - 1));
            for (int i = 1; i < len; i++) {
                if ((p[i] & 0xc0) != 0x80) {
                    len = 1;
                    cp = 0xfffd;
                    break;
                }
                cp = cp << 6 | (p[i] & 0x3fu);
            }
            fprintf(f, "\\[u%04X]", cp);
            p += len;
            continue;
        }
        p++;
    }
}

/* An option as roff: \fB\-o\fR, \fB\-\-out\fR \fIDIR\fR */
static void roff_option(FILE *f, const cli_use *u)
{
    const cli_option *op = &cli_options[u->id];
    const char *arg = arg_of(u);
    if (op->letter)
        fprintf(f, "\\fB\\-%c\\fR, ", op->letter);
    fputs("\\fB\\-\\-", f);
    roff_text(f, op->name, false);
    fputs("\\fR", f);
    if (arg) {
        fputs(" \\fI", f);
        roff_text(f, arg, false);
        fputs("\\fR", f);
    }
}

/* A command's usage as one filled paragraph; each item kept on one line by
 * unbreakable spaces. */
static void roff_synopsis(FILE *f, const cli_command *c)
{
    fprintf(f, ".PP\n\\fBownsim %s\\fR", c->name);
    if (c->args[0]) {
        fputs(" \\fI", f);
        roff_text(f, c->args, false);
        fputs("\\fR", f);
    }
    char item[256];
    for (size_t i = 0; i < c->nuses; i++) {
        if (c->uses[i].flags & CLI_HIDDEN)
            continue;
        synopsis_item(item, sizeof item, &c->uses[i]);
        fputc(' ', f);
        for (char *w = strtok(item, " "); w; w = strtok(NULL, " ")) {
            if (w != item)
                fputs("\\ ", f);
            roff_text(f, w, false);
        }
    }
    fputc('\n', f);
}

/* A description: lines of prose filled; an indented line (a list such as
 * the metrics) kept on a line of its own. */
static void roff_prose(FILE *f, const char *text)
{
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, "\n");
        char line[256];
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
        if (line[0] == ' ') {
            size_t lead = strspn(line, " ");
            fprintf(f, ".br\n\\h'%zun'", lead);
            roff_text(f, line + lead, false);
        } else {
            roff_text(f, line, true);
        }
        fputc('\n', f);
        p += n + (p[n] == '\n');
    }
}

/* ownsim(1): every command with its usage, description and options. */
static void man_ownsim(FILE *f)
{
    fprintf(f, ".\\\" generated by `ownsim help --man 1`: edit src/cli/commands.c and "
               "src/cli/options.c\n.TH OWNSIM 1 \"\" \"ownsim %s\" \"User Commands\"\n.nh\n.ad l\n"
               ".SH NAME\nownsim \\- replay synthetic IT outages through ownership models\n"
               ".SH SYNOPSIS\n\\fBownsim\\fR \\fICOMMAND\\fR [\\fIOPTION\\fR]... "
               "[\\fIARGUMENT\\fR]...\n.br\n\\fBownsim \\-\\-help\\fR | "
               "\\fBownsim \\-\\-version\\fR | \\fBownsim \\-V\\fR | \\fBownsim\\fR \\fICOMMAND\\fR "
               "\\fB\\-\\-help\\fR\n.SH DESCRIPTION\n", OWNSIM_VERSION);
    fputs("ownsim simulates how IT outages are detected, routed and resolved under\n"
          "different ownership models (who owns, monitors and works each category of\n"
          "outage) and compares their time to resolve, SLA breaches and cost, under\n"
          "common random numbers.  A scenario file (\\fBownsim\\-scenario\\fR(5)) describes\n"
          "the organisation; each command below reads one and writes CSV files to a\n"
          "folder.  Options may be given in any order among the arguments, as\n"
          "\\fB\\-\\-name=VALUE\\fR or \\fB\\-\\-name VALUE\\fR, and a long name may be\n"
          "shortened to a prefix only one of the command's options has.\n"
          ".SH COMMANDS\n", f);
    for (size_t i = 0; i < cli_ncommands; i++) {
        const cli_command *c = &cli_commands[i];
        fprintf(f, ".SS %s\n", c->name);
        roff_synopsis(f, c);
        fputs(".PP\n", f);
        roff_prose(f, c->help);
        cli_use uses[CLI_NOPTS + 1];
        size_t n = uses_with_help(c, uses);
        for (size_t k = 0; k < n; k++) {
            const cli_use *u = &uses[k];
            if (u->flags & CLI_HIDDEN)
                continue;
            fputs(".TP\n", f);
            roff_option(f, u);
            fputc('\n', f);
            roff_text(f, help_of(u), true);
            if (cli_options[u->id].key) {
                fputs(" (", f);
                roff_text(f, cli_options[u->id].key, false);
                fputc(')', f);
            }
            fprintf(f, "%s%s\n", u->flags & CLI_REQUIRED ? "; required" : "",
                    u->flags & CLI_REPEAT ? "; may be repeated" : "");
        }
    }
    fputs(".SH ENVIRONMENT\n"
          ".TP\n.B OWNSIM_PLOTS\nthe folder of the gnuplot scripts (default: found from the\n"
          "binary's place, see \\fBFILES\\fR)\n"
          ".TP\n.B OWNSIM_HOLIDAYS\nthe folder of the holiday lists that\n"
          "\\fBholidays_file = country\\fR reads (default: as \\fBOWNSIM_PLOTS\\fR)\n"
          ".TP\n.B OWNSIM_GNUPLOT\nthe gnuplot program (default: gnuplot on PATH)\n"
          ".TP\n.B OWNSIM_CHROMIUM\nthe browser that \\fBreport \\-\\-pdf\\fR prints with\n"
          ".TP\n.B TMPDIR\nwhere temporary files go (default /tmp)\n"
          ".SH FILES\n"
          "The shipped data is looked for, first found wins: beside a development\n"
          "binary (\\fIBIN\\fR/../plots, \\fIBIN\\fR/../scenarios/holidays, where \\fIBIN\\fR\n"
          "is the folder of the running binary), then under \\fIBIN\\fR/../share/ownsim,\n"
          "then under the install prefix's share/ownsim.\n"
          ".TP\n.I share/ownsim/plots/\nthe gnuplot scripts of \\fBownsim plot\\fR\n"
          ".TP\n.I share/ownsim/scenarios/\nexample scenarios (default.ini and others)\n"
          ".TP\n.I share/ownsim/scenarios/holidays/\nholiday lists, one iCalendar file per\n"
          "country (US.ics)\n"
          ".SH EXIT STATUS\n0 on success, 2 on bad usage or input (the message names the\n"
          "file, line and key), 1 on any other failure.\n"
          ".SH SEE ALSO\n\\fBownsim\\-scenario\\fR(5), \\fBgnuplot\\fR(1)\n", f);
}

/* ownsim-scenario(5): the syntax in brief and every key of every section. */
static void man_scenario(FILE *f)
{
    fprintf(f, ".\\\" generated by `ownsim help --man 5`: edit the key table, "
               "src/scenario/keys.c\n.TH OWNSIM\\-SCENARIO 5 \"\" \"ownsim %s\" "
               "\"File Formats\"\n.nh\n.ad l\n.SH NAME\nownsim\\-scenario \\- the scenario file of "
               "ownsim\n.SH DESCRIPTION\n", OWNSIM_VERSION);
    fputs("A scenario is an INI file: \\fB[section]\\fR headers, \\fBkey = value\\fR lines,\n"
          "comments from \\fB;\\fR or \\fB#\\fR at the start of a line.  The sections\n"
          "\\fB[simulation]\\fR, \\fB[organisation]\\fR, \\fB[calendar]\\fR and\n"
          "\\fB[arrivals]\\fR appear at most once; \\fB[schedule.NAME]\\fR,\n"
          "\\fB[severity.NAME]\\fR, \\fB[category.NAME]\\fR, \\fB[party.NAME]\\fR and\n"
          "\\fB[model.NAME]\\fR any number of times, named by the user (letters, digits,\n"
          "\\fB_\\fR and \\fB\\-\\fR).  Severities are listed from the most urgent down.\n"
          "\\fBinclude = FILE\\fR reads another file first; \\fB[uncertainty]\\fR gives\n"
          "distributions of other keys for \\fBownsim uncertainty\\fR.  Times are in\n"
          "minutes, clock times HH:MM.  Every key, section and value is checked: an\n"
          "unknown one is an error naming the file, line and key, with the closest\n"
          "name.  On the command line, \\fB\\-\\-set section.key=value\\fR (with the\n"
          "section's name: \\fBparty.msp.staff=3\\fR) overrides a key.\n"
          "\\fBownsim check FILE\\fR prints a scenario fully resolved.\n"
          ".SH KEYS\nEach key with its default and allowed values.\n", f);
    scn_keyref r;
    const char *sec = NULL;
    for (size_t i = 0; scn_key_ref(i, &r) == 0; i++) {
        if (!sec || strcmp(sec, r.section)) {
            sec = r.section;
            fputs(".SS [", f);
            roff_text(f, sec, false);
            fprintf(f, "%s]\n", r.named ? ".NAME" : "");
        }
        fputs(".TP\n.B ", f);
        roff_text(f, r.key, false);
        fputc('\n', f);
        roff_text(f, r.doc, true);
        size_t dl = strlen(r.doc);
        fputs(dl && r.doc[dl - 1] == '.' ? "\n.br\nDefault: " : ".\n.br\nDefault: ", f);
        if (r.def[0]) {
            fputs("\\fB", f);
            roff_text(f, r.def, false);
            fputs("\\fR", f);
        } else {
            fputs("see above", f);
        }
        fputs("; allowed: ", f);
        roff_text(f, r.allowed, false);
        fputs(".\n", f);
    }
    fputs(".SH SEE ALSO\n\\fBownsim\\fR(1)\n", f);
}

/* ---- shell completion (help --completion bash|zsh) --------------------
 * Generated from the same tables (docs/design.md, "Completion"): the
 * commands; each command's options; an option's value when it is a fixed
 * list (a value name such as "png|svg|pdf"), a metric name (--metric), a
 * model of the scenario on the line (--model, --baseline), a file or folder
 * (a path option: a folder when its value name says DIR); the positional
 * files or folders; after --set, --vary, --range, --fit and --slice a
 * scenario key: section.key= for the sections that appear once, and for a
 * named section (party.NAME) its prefix "party.", the names the scenario on
 * the line gives it ([party.msp] -> "party.msp."), then its keys. */

/* Whether an option's value name is a fixed list: "png|svg|pdf". */
static bool fixed_list(const char *arg)
{
    if (!arg || !strchr(arg, '|'))
        return false;
    for (const char *p = arg; *p; p++)
        if (!(*p == '|' || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            return false;
    return true;
}

/* What an option's value is completed with (one word each shell knows). */
typedef enum comp_value {
    COMP_NONE,      /* free text: nothing offered */
    COMP_LIST,      /* the words of the value name */
    COMP_FILE,      /* a file */
    COMP_DIR,       /* a folder */
    COMP_KEY,       /* a scenario key, then '=' */
    COMP_METRIC,    /* a metric of models.csv */
    COMP_MODEL      /* a model of the scenario on the line */
} comp_value;

static comp_value value_kind(const cli_use *u)
{
    const cli_option *op = &cli_options[u->id];
    const char *arg = arg_of(u);
    if (!arg)
        return COMP_NONE;
    if (fixed_list(arg))
        return COMP_LIST;
    switch (u->id) {
    case CLI_OPT_SET: case CLI_OPT_VARY: case CLI_OPT_RANGE: case CLI_OPT_FIT:
    case CLI_OPT_SLICE:
        return COMP_KEY;
    case CLI_OPT_METRIC:
        return COMP_METRIC;
    case CLI_OPT_MODEL: case CLI_OPT_BASELINE:
        return COMP_MODEL;
    default:
        break;
    }
    if (op->kind == CLI_PATH)
        return strstr(arg, "DIR") ? COMP_DIR : COMP_FILE;
    return COMP_NONE;
}

/* The metrics --metric names: the columns of models.csv. */
static void metric_words(FILE *f)
{
    const char *sep = "";
    for (size_t i = 0; i < metric_count(); i++)
        if (metric_in(metric_at(i), METRIC_MODELS)) {
            fprintf(f, "%s%s", sep, metric_name(metric_at(i)));
            sep = " ";
        }
}

/* The keys of the sections that appear once, as section.key=, and of each
 * named kind (kind "" = singletons). */
static void key_words(FILE *f, const char *kind)
{
    scn_keyref r;
    const char *sep = "";
    for (size_t i = 0; scn_key_ref(i, &r) == 0; i++) {
        if (kind[0] ? !r.named || strcmp(r.section, kind) : r.named)
            continue;
        if (kind[0])
            fprintf(f, "%s%s=", sep, r.key);
        else
            fprintf(f, "%s%s.%s=", sep, r.section, r.key);
        sep = " ";
    }
}

/* The named section kinds, space-separated. */
static void named_kinds(FILE *f, const char *fmt)
{
    scn_keyref r;
    const char *last = "";
    for (size_t i = 0; scn_key_ref(i, &r) == 0; i++)
        if (r.named && strcmp(last, r.section)) {
            fprintf(f, fmt, r.section, r.section);
            last = r.section;
        }
}

/* The positional arguments of c: files, folders, command names or none. */
static comp_value args_kind(const cli_command *c)
{
    if (!c->max_args)
        return COMP_NONE;
    if (!strcmp(c->name, "help"))
        return COMP_LIST;
    return strstr(c->args, "DIR") ? COMP_DIR : COMP_FILE;
}

static void bash_value(FILE *f, comp_value v, const char *arg)
{
    switch (v) {
    case COMP_LIST:
        fputs("_ownsim_words '", f);
        for (const char *p = arg; *p; p++)
            fputc(*p == '|' ? ' ' : *p, f);
        fputs("'", f);
        break;
    case COMP_FILE: fputs("_ownsim_files", f); break;
    case COMP_DIR: fputs("_ownsim_dirs", f); break;
    case COMP_KEY: fputs("_ownsim_keys", f); break;
    case COMP_METRIC: fputs("_ownsim_words \"$_ownsim_metrics\"", f); break;
    case COMP_MODEL: fputs("_ownsim_words \"$(_ownsim_names model)\"", f); break;
    case COMP_NONE: fputs(":", f); break;
    }
}

/* The bash script's fixed part: helpers over COMPREPLY. */
static const char bash_helpers[] =
    "_ownsim_words() { COMPREPLY=($(compgen -W \"$1\" -- \"$cur\")); }\n"
    "_ownsim_files() { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")); }\n"
    "_ownsim_dirs() { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$cur\")); }\n"
    "# the names of the [KIND.NAME] sections of the scenario on the line (its\n"
    "# first argument that is a file), includes not followed\n"
    "_ownsim_names() {\n"
    "    local w\n"
    "    for w in \"${COMP_WORDS[@]:2}\"; do\n"
    "        [[ $w != -* && -f $w ]] || continue\n"
    "        sed -n \"s/^[[:space:]]*\\[$1\\.\\([A-Za-z0-9_-]*\\)\\].*/\\1/p\" \"$w\" 2>/dev/null\n"
    "        return\n"
    "    done\n"
    "}\n"
    "# section.key= once; KIND. for a named kind, KIND.NAME. for the names the\n"
    "# scenario gives, then KIND.NAME.key=\n"
    "_ownsim_keys() {\n"
    "    compopt -o nospace 2>/dev/null\n"
    "    local words=\"$_ownsim_singleton_keys\" kind name rest k n\n"
    "    if [[ $cur == *.*.* ]]; then\n"
    "        kind=${cur%%.*}; rest=${cur#*.}; name=${rest%%.*}\n"
    "        k=_ownsim_keys_$kind\n"
    "        [[ -n ${!k-} ]] || return\n"
    "        words=\"\"; for n in ${!k}; do words+=\" $kind.$name.$n\"; done\n"
    "    elif [[ $cur == *.* ]]; then\n"
    "        kind=${cur%%.*}; k=_ownsim_keys_$kind\n"
    "        if [[ -n ${!k-} ]]; then\n"
    "            words=\"\"; for n in $(_ownsim_names \"$kind\"); do words+=\" $kind.$n.\"; done\n"
    "        fi\n"
    "    else\n"
    "        words+=\" $_ownsim_named_kinds\"\n"
    "    fi\n"
    "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
    "}\n";

static void bash_completion(FILE *f)
{
    fputs("# bash completion for ownsim, generated by `ownsim help --completion bash`\n"
          "# from the command, option and key tables: edit src/cli/commands.c,\n"
          "# src/cli/options.c or the key table, then `make man`.\n", f);
    fputs("_ownsim_commands='", f);
    for (size_t i = 0; i < cli_ncommands; i++)
        fprintf(f, "%s%s", i ? " " : "", cli_commands[i].name);
    fputs("'\n_ownsim_metrics='", f);
    metric_words(f);
    fputs("'\n_ownsim_singleton_keys='", f);
    key_words(f, "");
    fputs("'\n_ownsim_named_kinds='", f);
    named_kinds(f, "%s. ");
    fputs("'\n", f);
    scn_keyref r;
    const char *last = "";
    for (size_t i = 0; scn_key_ref(i, &r) == 0; i++)
        if (r.named && strcmp(last, r.section)) {
            fprintf(f, "_ownsim_keys_%s='", r.section);
            key_words(f, r.section);
            fputs("'\n", f);
            last = r.section;
        }
    fputs(bash_helpers, f);
    fputs("_ownsim() {\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
          "    local cmd=${COMP_WORDS[1]-}\n"
          "    COMPREPLY=()\n"
          "    # --name=VALUE: bash splits at '='\n"
          "    if [[ $cur == = ]]; then cur=; elif [[ $prev == = ]]; then prev=${COMP_WORDS[COMP_CWORD-2]}; fi\n"
          "    if [[ $COMP_CWORD -eq 1 ]]; then\n"
          "        _ownsim_words \"$_ownsim_commands --help --version -V\"; return\n"
          "    fi\n"
          "    case \"$cmd $prev\" in\n", f);
    for (size_t i = 0; i < cli_ncommands; i++) {
        const cli_command *c = &cli_commands[i];
        for (size_t k = 0; k < c->nuses; k++) {
            const cli_use *u = &c->uses[k];
            if (u->flags & CLI_HIDDEN || !arg_of(u))
                continue;
            const cli_option *op = &cli_options[u->id];
            fprintf(f, "        \"%s --%s\"", c->name, op->name);
            if (op->letter)
                fprintf(f, "|\"%s -%c\"", c->name, op->letter);
            fputs(") ", f);
            bash_value(f, value_kind(u), arg_of(u));
            fputs("; return ;;\n", f);
        }
    }
    fputs("    esac\n    if [[ $cur == -* ]]; then\n        case $cmd in\n", f);
    for (size_t i = 0; i < cli_ncommands; i++) {
        const cli_command *c = &cli_commands[i];
        cli_use uses[CLI_NOPTS + 1];
        size_t n = uses_with_help(c, uses);
        fprintf(f, "        %s) _ownsim_words '", c->name);
        for (size_t k = 0; k < n; k++) {
            const cli_option *op = &cli_options[uses[k].id];
            if (uses[k].flags & CLI_HIDDEN)
                continue;
            if (op->letter)
                fprintf(f, "-%c ", op->letter);
            fprintf(f, "--%s%s", op->name, k + 1 < n ? " " : "");
        }
        fputs("' ;;\n", f);
    }
    fputs("        esac\n        return\n    fi\n    case $cmd in\n", f);
    for (size_t i = 0; i < cli_ncommands; i++) {
        const cli_command *c = &cli_commands[i];
        comp_value v = args_kind(c);
        if (v == COMP_NONE)
            continue;
        fprintf(f, "        %s) ", c->name);
        if (v == COMP_LIST)
            fputs("_ownsim_words \"$_ownsim_commands\"", f);
        else
            bash_value(f, v, NULL);
        fputs(" ;;\n", f);
    }
    fputs("    esac\n}\ncomplete -F _ownsim ownsim\n", f);
}

/* text for a zsh single-quoted _arguments description: its first clause, no
 * quote, bracket or colon left raw */
static void zsh_desc(FILE *f, const char *text)
{
    size_t n = strcspn(text, ";(");
    if (n > 70) {   /* cut at a word */
        n = 70;
        while (n > 40 && text[n] != ' ')
            n--;
    }
    while (n && text[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < n; i++) {
        char ch = text[i];
        if (ch == '\'')
            fputs("'\\''", f);
        else if (ch == '[' || ch == ']' || ch == ':' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else
            fputc(ch, f);
    }
}

static void zsh_value(FILE *f, comp_value v, const char *arg)
{
    switch (v) {
    case COMP_LIST:
        fputc('(', f);
        for (const char *p = arg; *p; p++)
            fputc(*p == '|' ? ' ' : *p, f);
        fputc(')', f);
        break;
    case COMP_FILE: fputs("_files", f); break;
    case COMP_DIR: fputs("_files -/", f); break;
    case COMP_KEY: fputs("_ownsim_keys", f); break;
    case COMP_METRIC: fputs("($_ownsim_metrics)", f); break;
    case COMP_MODEL: fputs("_ownsim_models", f); break;
    case COMP_NONE: fputs(" ", f); break;
    }
}

/* One option of c as an _arguments spec. */
static void zsh_option(FILE *f, const cli_use *u)
{
    const cli_option *op = &cli_options[u->id];
    const char *arg = arg_of(u);
    bool rep = u->flags & CLI_REPEAT;
    fputs("        ", f);
    if (op->letter && !rep)
        fprintf(f, "'(-%c --%s)'{-%c%s,--%s%s}'", op->letter, op->name, op->letter,
                arg ? "+" : "", op->name, arg ? "=" : "");
    else if (op->letter)
        fprintf(f, "'*'{-%c%s,--%s%s}'", op->letter, arg ? "+" : "", op->name, arg ? "=" : "");
    else
        fprintf(f, "'%s--%s%s", rep ? "*" : "", op->name, arg ? "=" : "");
    fputc('[', f);
    zsh_desc(f, help_of(u));
    fputc(']', f);
    if (arg) {
        fputc(':', f);
        zsh_desc(f, arg);
        fputc(':', f);
        zsh_value(f, value_kind(u), arg);
    }
    fputs("' \\\n", f);
}

static const char zsh_helpers[] =
    "# the names of the [KIND.NAME] sections of the scenario on the line\n"
    "_ownsim_names() {\n"
    "    local w\n"
    "    for w in ${words[2,-1]}; do\n"
    "        [[ $w != -* && -f $w ]] || continue\n"
    "        sed -n \"s/^[[:space:]]*\\\\[$1\\\\.\\\\([A-Za-z0-9_-]*\\\\)\\\\].*/\\\\1/p\" \"$w\" 2>/dev/null\n"
    "        return\n"
    "    done\n"
    "}\n"
    "_ownsim_models() {\n"
    "    local -a m; m=(${(f)\"$(_ownsim_names model)\"})\n"
    "    compadd -a m\n"
    "}\n"
    "# section.key= once; KIND. for a named kind, KIND.NAME. for the names the\n"
    "# scenario gives, then KIND.NAME.key=\n"
    "_ownsim_keys() {\n"
    "    local cur=$PREFIX kind rest name n\n"
    "    local -a out\n"
    "    if [[ $cur == *.*.* ]]; then\n"
    "        kind=${cur%%.*}; rest=${cur#*.}; name=${rest%%.*}\n"
    "        for n in ${(P)${:-_ownsim_keys_$kind}}; do out+=(\"$kind.$name.$n\"); done\n"
    "    elif [[ $cur == *.* ]]; then\n"
    "        kind=${cur%%.*}\n"
    "        for n in ${(f)\"$(_ownsim_names $kind)\"}; do out+=(\"$kind.$n.\"); done\n"
    "    else\n"
    "        out=($_ownsim_singleton_keys $_ownsim_named_kinds)\n"
    "    fi\n"
    "    compadd -S '' -a out\n"
    "}\n";

static void zsh_completion(FILE *f)
{
    fputs("#compdef ownsim\n"
          "# zsh completion for ownsim, generated by `ownsim help --completion zsh`\n"
          "# from the command, option and key tables: edit src/cli/commands.c,\n"
          "# src/cli/options.c or the key table, then `make man`.\n", f);
    fputs("_ownsim_metrics=(", f);
    metric_words(f);
    fputs(")\n_ownsim_singleton_keys=(", f);
    key_words(f, "");
    fputs(")\n_ownsim_named_kinds=(", f);
    named_kinds(f, "%s. ");
    fputs(")\n", f);
    scn_keyref r;
    const char *last = "";
    for (size_t i = 0; scn_key_ref(i, &r) == 0; i++)
        if (r.named && strcmp(last, r.section)) {
            fprintf(f, "_ownsim_keys_%s=(", r.section);
            key_words(f, r.section);
            fputs(")\n", f);
            last = r.section;
        }
    fputs(zsh_helpers, f);
    fputs("_ownsim() {\n    local -a cmds\n    cmds=(\n", f);
    for (size_t i = 0; i < cli_ncommands; i++) {
        fprintf(f, "        '%s:", cli_commands[i].name);
        zsh_desc(f, cli_commands[i].summary);
        fputs("'\n", f);
    }
    fputs("    )\n"
          "    if (( CURRENT == 2 )); then\n"
          "        _describe -t commands 'ownsim command' cmds\n"
          "        _arguments '(- *)--help[the usage of every command]' "
          "'(- *)--version[the version]'\n"
          "        return\n"
          "    fi\n"
          "    local cmd=$words[2]\n"
          "    shift words; (( CURRENT-- ))\n"
          "    case $cmd in\n", f);
    for (size_t i = 0; i < cli_ncommands; i++) {
        const cli_command *c = &cli_commands[i];
        fprintf(f, "    %s)\n        _arguments -s -S \\\n", c->name);
        cli_use uses[CLI_NOPTS + 1];
        size_t n = uses_with_help(c, uses);
        for (size_t k = 0; k < n; k++)
            if (!(uses[k].flags & CLI_HIDDEN))
                zsh_option(f, &uses[k]);
        comp_value v = args_kind(c);
        if (v == COMP_LIST) {
            fputs("        '1:command:(", f);
            for (size_t k = 0; k < cli_ncommands; k++)
                fprintf(f, "%s%s", k ? " " : "", cli_commands[k].name);
            fputs(")'", f);
        } else if (v != COMP_NONE) {
            fprintf(f, "        '%s:", c->max_args == 1 ? "1" : "*");
            zsh_desc(f, c->args);
            fputc(':', f);
            zsh_value(f, v, NULL);
            fputc('\'', f);
        }
        fputs("\n        ;;\n", f);
    }
    fputs("    esac\n}\n_ownsim \"$@\"\n", f);
}

/* "unknown command 'X'", with the closest command name when one is near. */
static void unknown_command(char *msg, size_t n, const char *word)
{
    const char *names[64];
    size_t nn = 0;
    for (size_t i = 0; i < cli_ncommands && nn < 64; i++)
        names[nn++] = cli_commands[i].name;
    char q[ERR_QUOTE_SIZE];
    const char *near = suggest_closest(word, names, nn);
    int at = snprintf(msg, n, "unknown command %s", err_quote(q, sizeof q, word));
    if (near && at >= 0 && (size_t)at < n)
        snprintf(msg + at, n - (size_t)at, " (did you mean '%s'?)", near);
}

int cli_unknown_command(const char *word)
{
    char msg[ERR_QUOTE_SIZE + 64];
    unknown_command(msg, sizeof msg, word);
    fprintf(stderr, "ownsim: %s\nTry 'ownsim --help'.\n", msg);
    return 2;
}

int cmd_help(int argc, char **argv)
{
    opts o;
    int rc = cli_parse(argc, argv, "help", &o);
    if (rc >= 0)
        return rc;
    if (o.markdown) {
        markdown(stdout);
    } else if (o.man) {
        if (strcmp(o.man, "1") && strcmp(o.man, "5"))
            return usage_error("help", "--man takes 1 (ownsim) or 5 (ownsim-scenario)");
        (o.man[0] == '1' ? man_ownsim : man_scenario)(stdout);
    } else if (o.completion) {
        if (strcmp(o.completion, "bash") && strcmp(o.completion, "zsh"))
            return usage_error("help", "--completion takes bash or zsh");
        (o.completion[0] == 'b' ? bash_completion : zsh_completion)(stdout);
    } else if (o.tsv) {
        tsv(stdout);
    } else if (o.nargs == 1) {
        const cli_command *c = cli_find_command(o.args[0]);
        if (!c) {
            char msg[ERR_QUOTE_SIZE + 64];
            unknown_command(msg, sizeof msg, o.args[0]);
            return usage_error("help", msg);
        }
        cli_command_help(c, stdout);
    } else {
        cli_usage(stdout);
    }
    return finish_stdout();
}
