/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_brief.c — the brief's formatting rules (brief.h, docs/report.md):
 * durations as people say them, and the paper names.  The page itself is
 * tested end to end by tests/cli/report.sh and tests/browser/report.sh.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "ownsim/brief.h"

static const char *dur(double m)
{
    static char buf[64];
    brief_duration(m, buf, sizeof buf);
    return buf;
}

Test(brief, durations_known_answers)
{
    cr_expect_str_eq(dur(0.44), "0.4 min");
    cr_expect_str_eq(dur(0.0), "0.0 min");
    cr_expect_str_eq(dur(0.96), "1 min");
    cr_expect_str_eq(dur(24.4), "24 min");
    cr_expect_str_eq(dur(59.4), "59 min");
    cr_expect_str_eq(dur(59.6), "1 h 00 min");
    cr_expect_str_eq(dur(114), "1 h 54 min");
    cr_expect_str_eq(dur(120), "2 h 00 min");
    cr_expect_str_eq(dur(1439.4), "23 h 59 min");
    cr_expect_str_eq(dur(1439.6), "1 d 0 h");
    cr_expect_str_eq(dur(1451.9), "1 d 0 h");
    cr_expect_str_eq(dur(3060), "2 d 3 h");
    cr_expect_str_eq(dur(-114), "-1 h 54 min");
    cr_expect_str_eq(dur(NAN), "n/a");
}

Test(brief, duration_snprintf_semantics)
{
    char small[4];
    int n = brief_duration(114, small, sizeof small);
    cr_expect_eq(n, (int)strlen("1 h 54 min"));
    cr_expect_str_eq(small, "1 h");
}

Test(brief, paper_names)
{
    brief_paper p = BRIEF_LETTER;
    cr_expect_eq(brief_parse_paper("a4", &p), 0);
    cr_expect_eq(p, BRIEF_A4);
    cr_expect_eq(brief_parse_paper("letter", &p), 0);
    cr_expect_eq(p, BRIEF_LETTER);
    cr_expect_eq(brief_parse_paper("A4", &p), -1);
    cr_expect_eq(brief_parse_paper("", &p), -1);
}
