# SPDX-License-Identifier: GPL-3.0-or-later
# bottom.gp — the band under the plot: x tic labels, the x axis label and
# the legend, sized from what they hold so that none overlaps another.
# Load it after the axes are set, before `plot`.  Needs (common.gp's
# helpers and) key_n (legend entries), key_text[] (each entry's title, to
# size the columns), tic_lines (lines of the tallest x tic label),
# xlabel_lines (0 or 1); optionally key_span (the share of the width the
# legend may use, default 0.94: a plot narrower than that, set it to the
# plot's width), nxcat, xcat_text[], xcat_pos[] (names
# along the x axis, see below).
#
# The legend sits at the bottom of the canvas in as many columns as fit
# (entry: sample + title), the x axis label above
# it, the tic labels above that; the plot's bottom margin is set to hold
# them all.

_kw = 0
_kl = 1
do for [i = 1:key_n] {
    _kw = text_w(key_text[i], fs_base) > _kw ? text_w(key_text[i], fs_base) : _kw
    _kl = nlines(key_text[i]) > _kl ? nlines(key_text[i]) : _kl
}
# an entry: sample and gaps (5 em), title; gnuplot sizes key columns with
# a wider character than common.gp's estimate (about 0.8 em), so do we
# (within key_span of the width: 0.94 unless the chart says; gnuplot keeps
# a legend's columns within the plot's width)
if (!exists('key_span')) { key_span = 0.94 }
key_cols = int(key_span / (_kw * 0.8 / 0.6 + 5.0 * fs_base / canvas_w))
key_cols = key_cols < 1 ? 1 : (key_cols > key_n ? key_n : key_cols)
key_rows = int(ceil(key_n * 1.0 / key_cols))
_key_h = key_rows * _kl * line_h * 1.1 + 0.2 * line_h
set key at screen 0.5, screen 0.015 center bottom horizontal maxcols key_cols maxrows key_rows
_b = 0.015 + _key_h + 0.02 + xlabel_lines * line_h * 1.1 + tic_lines * line_h + 0.6 * line_h
set bmargin at screen _b
plot_bottom = _b
# names on the x axis (nxcat of them: xcat_text[] at xcat_pos[], x axis
# units) are labels, not tic labels: gnuplot cuts a tic label at 50 bytes
# and formats it (a '%' would be read as a format); each is wrapped
# already, its first line just under the axis
if (exists('nxcat')) {
    unset xtics
    do for [i = 1:nxcat] {
        _xt = xcat_text[i]
        set label 200 + i _xt at first xcat_pos[i], screen plot_bottom - 0.9 * fs_base / canvas_h \
            center font f_base noenhanced front
    }
    set xlabel offset 0, -tic_lines
} else {
    # gnuplot places the axis label as if the tic labels had one line
    set xlabel offset 0, -(tic_lines - 1)
}
