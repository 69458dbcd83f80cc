# SPDX-License-Identifier: GPL-3.0-or-later
# difference.gp — how sure the answer is (ownsim uncertainty): the
# histogram of the paired difference A − B over the parameter sets, the
# bins on A's winning side of 0 in A's colour, those on B's in B's; the
# zero line; the median (dashed); P(A beats B) with its 95% interval
# written at the top of the plot.
#
# Data (datafile, tab-separated, one row per bin): 1 bin centre   2 sets
#   3 side of 0 the bin favours (1 A, 2 B, 0 neither)
# From the driver: nbins, bin_w, x_lo, x_hi (the bins' range, 0 within
# it), y_top (the fullest bin), median, y_money, sided (0: the metric has
# no better side), p_text, key_a, key_b, color_a, color_b, subtitle,
# x_label.

load scripts_dir . '/common.gp'

set lmargin at screen 0.1
set rmargin at screen 0.97
set xrange [x_lo : x_hi]
set xlabel wrap(x_label, chars_fit(0.85, fs_base)) noenhanced
set ylabel 'parameter sets'
set grid noxtics ytics
set xtics ()
_xs = nice_step(x_hi - x_lo, 6)
do for [i = int(ceil(x_lo / _xs - 1e-9)) : int(floor(x_hi / _xs + 1e-9))] {
    set xtics add (tic(y_money ? money(i * _xs) : human(i * _xs)) i * _xs)
}
key_n = sided ? 4 : 3
array key_text[key_n]
key_text[1] = key_name(sided ? key_a : 'parameter sets')
key_text[2] = key_name(sided ? key_b : 'median')
key_text[3] = sided ? 'median' : '0: no difference'
if (sided) { key_text[4] = '0: no difference' }
tic_lines = 1
key_span = 0.87
xlabel_lines = nlines(wrap(x_label, chars_fit(0.85, fs_base)))
load scripts_dir . '/bottom.gp'

# P(A beats B) at the top of the plot, one label per line, over a strip
# kept free of bars (the y range is raised to make room for it)
_pt = wrap(p_text, chars_fit(0.86, fs_title * 0.9))
_pl = nlines(_pt)
_ph = (_pl * 1.25 + 1.2) * fs_title * 0.9 / canvas_h       # its height, share of the canvas
_room = _ph / (band_bottom - plot_bottom)                   # ... of the plot
y_lo = 0
y_hi = y_top / (1 - (_room < 0.6 ? _room : 0.6))
y_money = 0
load scripts_dir . '/yaxis.gp'
_y = band_bottom - 0.3 * fs_title * 0.9 / canvas_h
_rest = _pt
_i = 0
while (strlen(_rest) > 0) {
    _p = strstrt(_rest, "\n")
    _y = _y - 1.0 * fs_title * 0.9 / canvas_h
    _line = _p > 0 ? _rest[1:_p - 1] : _rest
    _tag = 700 + _i
    set label _tag _line at screen (0.1 + 0.97) / 2, screen _y \
        center font font(fs_title * 0.9) textcolor rgb '#000000' noenhanced front
    _y = _y - 0.25 * fs_title * 0.9 / canvas_h
    _rest = _p > 0 ? _rest[_p + 1:*] : ''
    _i = _i + 1
}
set arrow 1 from first 0, graph 0 to first 0, graph 1 - _room nohead \
    linecolor rgb '#222222' linewidth 2 front
set arrow 2 from first median, graph 0 to first median, graph 1 - _room nohead \
    dashtype 2 linecolor rgb '#555555' linewidth 1.5 front
set boxwidth bin_w * 0.92 absolute
set style fill solid 0.85 noborder
if (sided) {
    plot datafile using 1:($3 == 1 ? $2 : NaN) with boxes fillcolor rgb color_a title key_text[1], \
         datafile using 1:($3 == 2 ? $2 : NaN) with boxes fillcolor rgb color_b title key_text[2], \
         datafile using 1:($3 == 0 ? $2 : NaN) with boxes fillcolor rgb '#999999' notitle, \
         keyentry with lines dashtype 2 linecolor rgb '#555555' linewidth 1.5 title key_text[3], \
         keyentry with lines linecolor rgb '#222222' linewidth 2 title key_text[4]
} else {
    plot datafile using 1:2 with boxes fillcolor rgb '#999999' title key_text[1], \
         keyentry with lines dashtype 2 linecolor rgb '#555555' linewidth 1.5 title key_text[2], \
         keyentry with lines linecolor rgb '#222222' linewidth 2 title key_text[3]
}
