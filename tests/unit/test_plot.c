/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_plot.c — the pieces of `ownsim plot` that need no gnuplot:
 * plot_quote (the only way text reaches a gnuplot script: quotes doubled,
 * control characters blanked, snprintf-style truncation), plot_quote_tic
 * (the same with '%' doubled, for tic labels), plot_path (the only way a
 * path reaches gnuplot: never a pipe) and plot_parse_format.  Rendering and
 * the injection tests are in tests/cli/plot.sh and plot_security.sh.
 */
#include <criterion/criterion.h>

#include <string.h>

#include "ownsim/plot.h"

/* Quote text into a roomy buffer, check the length returned. */
static const char *q(const char *text)
{
    static char buf[1024];
    int n = plot_quote(text, buf, sizeof buf);
    cr_assert_eq(n, (int)strlen(buf), "length %d for '%s'", n, buf);
    return buf;
}

Test(plot_quote, plain_text_is_single_quoted)
{
    cr_assert_str_eq(q("in_house"), "'in_house'");
    cr_assert_str_eq(q(""), "''");
    cr_assert_str_eq(q(NULL), "''");
}

Test(plot_quote, single_quotes_are_doubled)
{
    cr_assert_str_eq(q("it's"), "'it''s'");
    cr_assert_str_eq(q("'"), "''''");
    cr_assert_str_eq(q("x'; system('touch /tmp/p'); '"),
                     "'x''; system(''touch /tmp/p''); '''");
}

Test(plot_quote, everything_else_is_literal)
{
    /* inside single quotes gnuplot expands nothing: no backslash escapes,
     * no backquotes, double quotes are plain characters */
    cr_assert_str_eq(q("x\"; system(\"touch /tmp/p\"); \""),
                     "'x\"; system(\"touch /tmp/p\"); \"'");
    cr_assert_str_eq(q("a\\nb `id` $HOME @x {y}"), "'a\\nb `id` $HOME @x {y}'");
    cr_assert_str_eq(q("caf\xc3\xa9 \xe6\x97\xa5"), "'caf\xc3\xa9 \xe6\x97\xa5'");
}

Test(plot_quote, control_characters_become_spaces)
{
    cr_assert_str_eq(q("a\nb"), "'a b'");
    cr_assert_str_eq(q("a\r\nb"), "'a  b'");
    cr_assert_str_eq(q("\ta\x01\x1f\x7f"), "' a   '");
    /* a newline cannot end the string and start a command */
    cr_assert_str_eq(q("x'\nsystem('id')\n'"), "'x'' system(''id'') '''");
    cr_assert_null(strchr(q("1\n2\n3"), '\n'));
}

Test(plot_quote, truncation_follows_snprintf)
{
    char buf[8];
    memset(buf, 'Z', sizeof buf);
    /* 'abcdefghij' is 12 bytes: 7 fit, then the NUL */
    cr_assert_eq(plot_quote("abcdefghij", buf, sizeof buf), 12);
    cr_assert_str_eq(buf, "'abcdef");

    /* a doubled quote cut in half still leaves a terminated buffer */
    memset(buf, 'Z', sizeof buf);
    cr_assert_eq(plot_quote("abcde'fg", buf, sizeof buf), 11);
    cr_assert_str_eq(buf, "'abcde'");

    /* exactly fitting: length n - 1 */
    cr_assert_eq(plot_quote("abcde", buf, sizeof buf), 7);
    cr_assert_str_eq(buf, "'abcde'");

    char one[1] = {'Z'};
    cr_assert_eq(plot_quote("abc", one, 1), 5);
    cr_assert_eq(one[0], '\0');

    /* measuring only */
    cr_assert_eq(plot_quote("it's", NULL, 0), 7);
}

static const char *qt(const char *text)
{
    static char buf[1024];
    int n = plot_quote_tic(text, buf, sizeof buf);
    cr_assert_eq(n, (int)strlen(buf), "length %d for '%s'", n, buf);
    return buf;
}

Test(plot_quote_tic, percent_is_doubled_the_rest_as_plot_quote)
{
    /* gnuplot formats a tic label holding '%': '%%' draws one '%' */
    cr_assert_str_eq(qt("100%"), "'100%%'");
    cr_assert_str_eq(qt("%s %d %%"), "'%%s %%d %%%%'");
    cr_assert_str_eq(qt("in_house"), "'in_house'");
    cr_assert_str_eq(qt("it's\\n`x`"), "'it''s\\n`x`'");
    cr_assert_str_eq(qt("a\nb"), "'a b'");
    cr_assert_str_eq(qt(NULL), "''");
    /* plain plot_quote leaves '%' alone: titles are not formats */
    cr_assert_str_eq(q("100%"), "'100%'");

    char buf[6];
    cr_assert_eq(plot_quote_tic("1%%", buf, sizeof buf), 7);
    cr_assert_str_eq(buf, "'1%%%");
    cr_assert_eq(plot_quote_tic("%", NULL, 0), 4);
}

static const char *pp(const char *path)
{
    static char buf[1024];
    int n = plot_path(path, buf, sizeof buf);
    cr_assert_eq(n, (int)strlen(buf), "length %d for '%s'", n, buf);
    return buf;
}

Test(plot_path, relative_paths_get_dot_slash)
{
    /* gnuplot: set output '|cmd', load '<cmd', plot '<cmd', '-' (stdin),
     * '~' (home), '$name' (datablock), a '-' argument (an option) */
    cr_assert_str_eq(pp("|touch pwned;echo/stages.png"),
                     "./|touch pwned;echo/stages.png");
    cr_assert_str_eq(pp("<x/ownsim-plot.abc/stages.gp"),
                     "./<x/ownsim-plot.abc/stages.gp");
    cr_assert_str_eq(pp("-"), "./-");
    cr_assert_str_eq(pp("-e"), "./-e");
    cr_assert_str_eq(pp("~/x"), "./~/x");
    cr_assert_str_eq(pp("$db"), "./$db");
    cr_assert_str_eq(pp("+"), "./+");
    cr_assert_str_eq(pp("plots"), "./plots");
    cr_assert_str_eq(pp("./plots"), "././plots");
    cr_assert_str_eq(pp("it's `x` %d"), "./it's `x` %d");
}

Test(plot_path, absolute_paths_are_unchanged)
{
    cr_assert_str_eq(pp("/tmp/ownsim-plot.abc/stages.tsv"),
                     "/tmp/ownsim-plot.abc/stages.tsv");
    cr_assert_str_eq(pp("/|x"), "/|x");
}

Test(plot_path, control_characters_and_empty_are_refused)
{
    char buf[64];
    memset(buf, 'Z', sizeof buf);
    cr_assert_eq(plot_path("a\nb", buf, sizeof buf), -1);
    cr_assert_str_eq(buf, "");
    cr_assert_eq(plot_path("/tmp/a\rb", buf, sizeof buf), -1);
    cr_assert_eq(plot_path("\x7f", buf, sizeof buf), -1);
    cr_assert_eq(plot_path("", buf, sizeof buf), -1);
    cr_assert_eq(plot_path(NULL, buf, sizeof buf), -1);
    cr_assert_eq(plot_path("\n", NULL, 0), -1);
}

Test(plot_path, truncation_follows_snprintf)
{
    char buf[6];
    cr_assert_eq(plot_path("abcdef", buf, sizeof buf), 8);
    cr_assert_str_eq(buf, "./abc");
    cr_assert_eq(plot_path("abc", NULL, 0), 5);
    cr_assert_eq(plot_path("/abc", NULL, 0), 4);
}

Test(plot_parse_format, known_and_unknown)
{
    plot_format f = PLOT_PDF;
    cr_assert_eq(plot_parse_format("png", &f), 0);
    cr_assert_eq(f, PLOT_PNG);
    cr_assert_eq(plot_parse_format("svg", &f), 0);
    cr_assert_eq(f, PLOT_SVG);
    cr_assert_eq(plot_parse_format("pdf", &f), 0);
    cr_assert_eq(f, PLOT_PDF);
    f = PLOT_SVG;
    cr_assert_eq(plot_parse_format("bmp", &f), -1);
    cr_assert_eq(plot_parse_format("PNG", &f), -1);
    cr_assert_eq(plot_parse_format("", &f), -1);
    cr_assert_eq(plot_parse_format("png ", &f), -1);
    cr_assert_eq(f, PLOT_SVG, "a failed parse leaves the format alone");
}

Test(plot_run, missing_folder_is_input_error)
{
    plot_opts o = {.dir = "/nonexistent/ownsim-plot-test", .format = PLOT_PNG};
    os_error e;
    err_clear(&e);
    int n = 7;
    cr_assert_eq(plot_run(&o, &n, &e), -1);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_eq(n, 0);
    cr_assert_not_null(strstr(e.msg, "no results"));
}
