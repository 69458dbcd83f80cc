/*
 * test_plot.c — the pieces of `ownsim plot` that need no gnuplot:
 * plot_quote (the only way text reaches a gnuplot script: quotes doubled,
 * control characters blanked, snprintf-style truncation) and
 * plot_parse_format.  Rendering and the injection test are in
 * tests/cli/plot.sh.
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
