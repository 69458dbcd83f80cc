/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_studychart.c — known answers of the layout pieces of the sensitivity
 * and uncertainty charts (src/plot/studychart.c): how a key name is
 * wrapped, how a value is written at a tornado bar's end, and the x range
 * that makes every end label fit.  The charts themselves are drawn and
 * checked in tests/cli/plot_study.sh.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "../../src/plot/plot_int.h"

static const char *num(double x)
{
    static char buf[64];
    plot_fmt_num(x, buf, sizeof buf);
    return buf;
}

Test(studychart, numbers_are_short_and_exact_enough)
{
    cr_assert_str_eq(num(0.28), "0.28");
    cr_assert_str_eq(num(0.049), "0.049");
    cr_assert_str_eq(num(2), "2");
    cr_assert_str_eq(num(17.5), "17.5");
    cr_assert_str_eq(num(139.166), "139");
    cr_assert_str_eq(num(1500), "1.5k");
    cr_assert_str_eq(num(150000), "150k");
    cr_assert_str_eq(num(-3000), "-3k");
    cr_assert_str_eq(num(12345678), "12.3M");
    cr_assert_str_eq(num(0), "0");
}

static const char *end(const char *text, const char *base)
{
    static char buf[128];
    plot_end_label(text, base, buf, sizeof buf);
    return buf;
}

Test(studychart, a_distribution_scaled_as_a_whole_is_its_factor)
{
    cr_assert_str_eq(end("uniform(min=7, max=21)", "uniform(min=10, max=30)"), "×0.7");
    cr_assert_str_eq(end("lognormal(median=14, p90=31.499999999999996)",
                         "lognormal(median=20, p90=45)"), "×0.7");
    cr_assert_str_eq(end("lognormal(median=26, p90=58.5)", "lognormal(median=20, p90=45)"),
                     "×1.3");
    /* a number is a number; a constant distribution's text too */
    cr_assert_str_eq(end("0.52", "0.4"), "0.52");
    cr_assert_str_eq(end("14000000", "20000000"), "14M");
}

Test(studychart, another_text_keeps_its_form_shortened)
{
    /* mu moves by ln c, sigma stays: no single factor */
    cr_assert_str_eq(end("lognormal(mu=2.6433, sigma=0.5)", "lognormal(mu=3, sigma=0.5)"),
                     "lognormal(mu=2.64, si…");
    cr_assert_str_eq(end("exponential(mean=4.5)", "lognormal(median=5, p90=9)"),
                     "exponential(mean=4.5)");
}

Test(studychart, a_key_wraps_after_a_dot_and_keeps_every_character)
{
    char lines[PLOT_KEY_LINES][256];
    cr_assert_eq(plot_key_lines("model.co_managed.misroute_prob", lines), 1);
    cr_assert_str_eq(lines[0], "model.co_managed.misroute_prob");
    cr_assert_str_eq(lines[1], "");
    cr_assert_eq(plot_key_lines("model.co_managed_mature.escalation_delay", lines), 2);
    cr_assert_str_eq(lines[0], "model.co_managed_mature.");
    cr_assert_str_eq(lines[1], "escalation_delay");
    const char *id = "party.ghost_party_with_an_identifier_of_47_characters.ack_delay";
    int n = plot_key_lines(id, lines);
    char joined[512] = "";
    for (int i = 0; i < n; i++) {
        cr_assert_leq(strlen(lines[i]), PLOT_KEY_CHARS, "line %d: %s", i, lines[i]);
        strcat(joined, lines[i]);
    }
    cr_assert_eq(n, 3);
    cr_assert_str_eq(lines[0], "party.");
    cr_assert_str_eq(joined, id);
}

/* Every item's data and labels inside [lo, hi] at the scale the range
 * gives (s = (hi - lo) / W), and the range no wider than needed by much. */
static void fits(const plot_xitem *it, size_t n, double W)
{
    double lo, hi;
    plot_x_extent(it, n, W, &lo, &hi);
    double s = (hi - lo) / W;
    for (size_t i = 0; i < n; i++) {
        cr_assert_geq(it[i].l - s * it[i].wl, lo - 1e-9, "item %zu's left label", i);
        cr_assert_leq(it[i].r + s * it[i].wr, hi + 1e-9, "item %zu's right label", i);
    }
}

Test(studychart, every_end_label_fits_in_the_x_range)
{
    /* one bar from 0 to 1, labels of a tenth of the width each side: the
     * scale solves 1 = s (0.48 - 0.2), so s = 1 / 0.28 */
    plot_xitem one = {0, 1, 0.1, 0.1};
    double lo, hi;
    plot_x_extent(&one, 1, 0.5, &lo, &hi);
    double s = 1 / 0.28;
    cr_assert_float_eq(lo, -0.1 * s - 0.01 * s, 1e-9);
    cr_assert_float_eq(hi, lo + 0.5 * s, 1e-9);
    fits(&one, 1, 0.5);
    /* a tornado: bars around a base of 139, a long label on the left of
     * the shortest bar, the zero line far off */
    plot_xitem t[] = {{116, 168, 0.05, 0.05}, {122, 154, 0.06, 0.05}, {138.7, 156, 0.02, 0.02},
                      {130, 150, 0.2, 0.03}, {0, 0, 0, 0}};
    fits(t, 5, 0.6);
    fits(t, 4, 0.6);
    /* one value everywhere (swing 0): a span around it */
    plot_xitem flat[] = {{5, 5, 0.03, 0.03}, {5, 5, 0.03, 0.03}};
    plot_x_extent(flat, 2, 0.6, &lo, &hi);
    cr_assert(lo < 5 && hi > 5 && isfinite(lo) && isfinite(hi));
    fits(flat, 2, 0.6);
}
