/*
 * help.c — everything the command line says about itself, generated from
 * the command and option tables (cli.h): the usage of every command, one
 * command's help, the Markdown reference and the tab-separated listing
 * that scripts (tests/cli/options.sh, later man pages and completions)
 * read, and the help command that prints them.
 *
 * Text is wrapped at WIDTH columns: a usage line continues under the first
 * argument, an option's help under the help column.  A word longer than
 * the room left gets a line of its own.  Hidden options (CLI_HIDDEN) are
 * left out of everything but the listing.
 */
#include "cli.h"

#include <string.h>

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
    fprintf(f, "  ownsim --help | --version | ownsim COMMAND --help\n\ncommands:\n");
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
