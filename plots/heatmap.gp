# SPDX-License-Identifier: GPL-3.0-or-later
# heatmap.gp — a sweep over two axes or more: for each model but the
# baseline, a panel of cells, one per (first axis, second axis) point,
# coloured by the model's metric minus the baseline's there (blue: lower,
# red: higher, white: the same; one colour scale for every panel) and
# labelled with the difference when the cell is wide enough.
#
# Data (datafile, tab-separated, one block per panel, blocks apart by two
# blank lines): 1 first axis cell (0-based)   2 second axis cell
#   3 difference (NaN: no value)
# From the driver: npanels, panel_name[] (the models' labels), nx, ny,
# x_cat[], y_cat[] (the axes' values as text, in the order given), x_label,
# y_label (the keys), cb_max (largest |difference|), y_money, chart_title,
# subtitle, nnotes, note[] (the other axes held).

load scripts_dir . '/common.gp'

set palette defined (0 '#4393C3', 0.25 '#92C5DE', 0.5 '#F7F7F7', 0.75 '#F4A582', 1 '#D6604D')
set cbrange [-cb_max : cb_max]
unset key
set grid noxtics noytics
set border 0
set tics scale 0
left = 0.14
right = 0.86                          # the colour bar goes right of it
gap = 0.02
pw = (right - left) / npanels
set xrange [-0.5 : nx - 0.5]
set yrange [-0.5 : ny - 0.5]
x_chars = chars_fit(0.95 * (pw - 2 * gap) / nx, fs_base)
y_chars = chars_fit(left - 0.05, fs_base)
# values too long for their cells (distributions) are drawn as letters,
# spelled out under the axis label
x_codes = 0
do for [i = 1:nx] { x_codes = x_codes || nlines(wrap(x_cat[i], x_chars)) > 3 }
x_text(i) = x_codes ? code(i) : wrap(x_cat[i], x_chars)
x_title = x_label
if (x_codes) {
    _legend = ''
    do for [i = 1:nx] { _legend = _legend . (i > 1 ? '; ' : '') . code(i) . ': ' . x_cat[i] }
    x_title = x_label . "\n" . wrap(_legend, chars_fit(0.9, fs_base))
}
set xtics ()
tic_lines = 1
do for [i = 1:nx] {
    set xtics add (tic(x_text(i)) i - 1)
    tic_lines = nlines(x_text(i)) > tic_lines ? nlines(x_text(i)) : tic_lines
}
set ytics ()
do for [i = 1:ny] { set ytics add (tic(wrap(y_cat[i], y_chars)) i - 1) }
# panel names under the title band, the axis labels and their ticks below
_pn_h = 1.3 * fs_base / canvas_h
_pn_lines = 1
do for [p = 1:npanels] {
    _n = nlines(wrap(panel_name[p], chars_fit(pw - 2 * gap, fs_base)))
    _pn_lines = _n > _pn_lines ? _n : _pn_lines
}
_top = band_bottom - (_pn_lines - 1) * line_h - 2.2 * _pn_h
set tmargin at screen _top
_bottom = 0.03 + (tic_lines + nlines(x_title)) * line_h + line_h
set bmargin at screen _bottom
set colorbox vertical user origin screen right + 0.02, screen _bottom size screen 0.018, screen _top - _bottom
# the colour bar's ticks: money or plain numbers
# (as many as its half height holds, 2.2 font sizes apart)
_nt = (_top - _bottom) * canvas_h / 2 / (2.2 * fs_base) / 1.5
_cs = nice_step(cb_max, _nt < 1 ? 1 : _nt)
set cbtics ()
do for [i = -int(floor(cb_max / _cs)) : int(floor(cb_max / _cs))] {
    set cbtics add (tic(y_money ? money(i * _cs) : human(i * _cs)) i * _cs)
}
cell_w = (pw - 2 * gap) / nx
# the differences are written in the cells when the widest fits in one
# (whole numbers when the largest is 10 to 999, else k / M)
cell_num(x) = cb_max >= 9.5 && cb_max < 999.5 ? sprintf('%.0f', x) : human(x)
cell_fmt(x) = y_money ? (x < 0 ? '-' : '') . money_prefix . cell_num(abs(x)) : cell_num(x)
show_values = (_top - _bottom) / ny > 1.5 * fs_small / canvas_h && \
    text_w(cell_fmt(-cb_max), fs_small) < 0.9 * cell_w
cell_text(x) = !show_values || x != x ? '' : cell_fmt(x)

set multiplot
do for [p = 1:npanels] {
    set lmargin at screen left + (p - 1) * pw + gap
    set rmargin at screen left + p * pw - gap
    _pn = wrap(panel_name[p], chars_fit(pw - 2 * gap, fs_base))
    set label 990 _pn at screen left + (p - 0.5) * pw, screen band_bottom - 0.6 * _pn_h \
        center font f_base noenhanced front
    if (p == 1) {
        set ylabel y_label noenhanced
    } else {
        unset ylabel
        set ytics ()
        do for [i = 1:ny] { set ytics add ('' i - 1) }
        do for [t = 901:_tag - 1] { unset label t }
    }
    set xlabel (p == (npanels + 1) / 2 ? x_title : '') noenhanced \
        offset 0, -(tic_lines - 1) * text_line_em / 1.15
    if (p < npanels) { unset colorbox } else { set colorbox }
    plot datafile index (p - 1) using 1:2:3 with image notitle, \
         datafile index (p - 1) using 1:2:(cell_text($3)) with labels font f_small notitle
}
unset multiplot
