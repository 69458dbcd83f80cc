# SPDX-License-Identifier: GPL-3.0-or-later
# sweep.gp — a metric against the first varied key of a sweep: one line per
# model with its 95% confidence band, and the break-even point (value and
# CI band) when breakeven.csv is about that key.
#
# Data (datafile, tab-separated, one block per model in sweep.csv order,
# blocks apart by two blank lines): 1 key value (or category number)
#   2 metric   3 its CI low   4 its CI high (NaN without a CI)
# From the driver: nmodels, model_name[], model_color[], chart_title,
# subtitle, x_label, y_label, numeric_x, band, ncat, cat_name[] (when not
# numeric), x_min, x_max, y_min, y_max (the points' range, bands
# included), y_money (1: the metric is money), nnotes, note[] (lines under
# the subtitle: the axes held, the break-even), be_show, be_value, be_lo,
# be_hi (break-even and its CI, clipped to the range drawn).

load scripts_dir . '/common.gp'

set lmargin at screen 0.12
set rmargin at screen 0.97
set xlabel x_label noenhanced
set ylabel y_label noenhanced
set grid xtics ytics
set xtics ()
x_codes = 0
if (!numeric_x) {
    # categories (distributions): each value wrapped to its slot
    set xrange [-0.5 : ncat - 0.5]
    cat_chars = chars_fit(0.95 * 0.85 / ncat, fs_base)
    # values too long for their slot are drawn as letters, spelled out
    # under the axis label
    do for [i = 1:ncat] { x_codes = x_codes || nlines(wrap(cat_name[i], cat_chars)) > 3 }
    if (x_codes) {
        _legend = ''
        do for [i = 1:ncat] { _legend = _legend . (i > 1 ? '; ' : '') . code(i) . ': ' . cat_name[i] }
        _legend = wrap(_legend, chars_fit(0.9, fs_base))
        set xlabel x_label . "\n" . _legend noenhanced
    }
    tic_lines = 1
    nxcat = ncat
    array xcat_text[nxcat]
    array xcat_pos[nxcat]
    do for [i = 1:ncat] {
        xcat_text[i] = x_codes ? code(i) : wrap(cat_name[i], cat_chars)
        xcat_pos[i] = i - 1
        tic_lines = nlines(xcat_text[i]) > tic_lines ? nlines(xcat_text[i]) : tic_lines
    }
} else {
    # numbers as 250, 1.5k, 12M, about six of them
    _span = x_max > x_min ? x_max - x_min : (x_max != 0 ? abs(x_max) : 1)
    _xs = nice_step(_span, 6)
    set xrange [x_min : (x_max > x_min ? x_max : x_min + _span)]
    do for [i = int(ceil(x_min / _xs - 1e-9)) : int(floor((x_min + _span) / _xs + 1e-9))] {
        set xtics add (tic(human(i * _xs)) i * _xs)
    }
    tic_lines = 1
}
if (!numeric_x && x_codes) { xlabel_lines = 1 + nlines(_legend) } else { xlabel_lines = 1 }
key_n = nmodels + (be_show ? 1 : 0)
array key_text[key_n]
do for [m = 1:nmodels] { key_text[m] = key_name(model_name[m]) }
if (be_show) { key_text[key_n] = 'break-even, 95% CI' }
load scripts_dir . '/bottom.gp'
y_lo = y_min
y_hi = y_max
load scripts_dir . '/yaxis.gp'
if (be_show) {
    set object 1 rectangle from first be_lo, graph 0 to first be_hi, graph 1 \
        fillcolor rgb '#888888' fillstyle transparent solid 0.22 noborder behind
    set arrow 1 from first be_value, graph 0 to first be_value, graph 1 \
        nohead dashtype 2 linewidth 1.5 linecolor rgb '#333333' front
}

# the last element only adds the break-even's legend entry (no title, no
# entry, when there is none)
if (band) {
    plot for [m = 1:nmodels] datafile index (m - 1) using 1:3:4 with filledcurves \
             fillcolor rgb model_color[m] fillstyle transparent solid 0.18 notitle, \
         for [m = 1:nmodels] datafile index (m - 1) using 1:2 with linespoints \
             linewidth 2.5 pointtype 7 pointsize 0.8 linecolor rgb model_color[m] \
             title key_name(model_name[m]), \
         NaN with boxes fillcolor rgb '#888888' \
             fillstyle transparent solid 0.22 title (be_show ? 'break-even, 95% CI' : '')
} else {
    plot for [m = 1:nmodels] datafile index (m - 1) using 1:2 with linespoints \
             linewidth 2.5 pointtype 7 pointsize 0.8 linecolor rgb model_color[m] \
             title key_name(model_name[m]), \
         NaN with boxes fillcolor rgb '#888888' \
             fillstyle transparent solid 0.22 title (be_show ? 'break-even, 95% CI' : '')
}
