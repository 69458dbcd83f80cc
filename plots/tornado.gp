# SPDX-License-Identifier: GPL-3.0-or-later
# tornado.gp — which assumptions move the comparison most (ownsim
# sensitivity): one horizontal bar per key, largest swing at the top; the
# bar runs from the base scenario's difference A − B (the vertical line)
# to the difference with the key at its low value (blue) and at its high
# value (red); those values are written at the bar's ends in the same
# colours; a ◆ on the zero line marks a key whose low..high range flips the
# sign of A − B (its crossing is in a header line).
#
# Data (datafile, tab-separated, one row per key drawn, top first):
#   1 row   2 D at the low value   3 D at the high value   4 flips (0/1)
# From the driver: nrows, row_y[] (centre of each row, y from 0 at the
# bottom to y_total at the top), key1[], key2[], key3[] (the key's lines,
# '' when fewer), plot_l, plot_r (plot area, share of the width), x_lo,
# x_hi (the x range: every end label fits), base_value, base_text,
# show_zero, any_flip, y_money (the metric is money), lab_l[], lab_lx[],
# lab_lc[] (the value written left of each bar, where, and its colour:
# 1 low, 2 high), lab_r[], lab_rx[], lab_rc[] (the same on the right),
# chart_title, subtitle, x_label, nnotes, note[].

array end_color[2] = ['#3A6FA8', '#C4455A']   # text: low, high (darker than the bars)
bar_low = '#6699CC'
bar_high = '#EE6677'

load scripts_dir . '/common.gp'

set lmargin at screen plot_l
set rmargin at screen plot_r
set yrange [0 : y_total]
unset ytics
set grid xtics noytics
set border 1 linewidth 1 linecolor rgb '#555555'
set xrange [x_lo : x_hi]
set xlabel x_label noenhanced
# the keys: labels in the left margin, each centred on its row
do for [i = 1:nrows] {
    _kl = key1[i] . (key2[i] ne '' ? "\n" . key2[i] : '') . (key3[i] ne '' ? "\n" . key3[i] : '')
    set label 100 + i _kl at screen plot_l - 0.012, first row_y[i] right \
        offset 0, (nlines(_kl) - 1) * 0.5 font f_base noenhanced front
}
# the values at the bars' ends, outside them, in the colour of their end
do for [i = 1:nrows] {
    set label 300 + i lab_l[i] at first lab_lx[i], first row_y[i] right offset -0.4, 0 \
        font f_small textcolor rgb end_color[lab_lc[i]] noenhanced front
    set label 500 + i lab_r[i] at first lab_rx[i], first row_y[i] left offset 0.4, 0 \
        font f_small textcolor rgb end_color[lab_rc[i]] noenhanced front
}
# x ticks: about six, labelled 250, 1.5k (money: $250k)
set xtics ()
_xs = nice_step(x_hi - x_lo, 6)
do for [i = int(ceil(x_lo / _xs - 1e-9)) : int(floor(x_hi / _xs + 1e-9))] {
    set xtics add (tic(y_money ? money(i * _xs) : human(i * _xs)) i * _xs)
}
key_n = 3 + (show_zero ? 1 : 0) + (any_flip ? 1 : 0)
array key_text[key_n]
key_text[1] = 'low value'
key_text[2] = 'high value'
key_text[3] = base_text
if (show_zero) { key_text[4] = '0: no difference' }
if (any_flip) { key_text[key_n] = 'sign flips' }
do for [i = 1:key_n] { key_text[i] = key_name(key_text[i]) }
# gnuplot keeps the legend's columns within about 1.25 times the plot's
# width (it sizes a character at 0.6 font sizes, bottom.gp at 0.8)
key_span = (plot_r - plot_l) * 1.25
tic_lines = 1
# the axis label is centred on the plot: wrapped to its width
xlabel_lines = nlines(wrap(x_label, chars_fit(plot_r - plot_l, fs_base)))
set xlabel wrap(x_label, chars_fit(plot_r - plot_l, fs_base)) noenhanced
load scripts_dir . '/bottom.gp'

# the base and zero lines, behind the bars
set arrow 1 from first base_value, graph 0 to first base_value, graph 1 nohead \
    linecolor rgb '#222222' linewidth 1.5 back
if (show_zero) {
    set arrow 2 from first 0, graph 0 to first 0, graph 1 nohead dashtype 2 \
        linecolor rgb '#888888' linewidth 1.5 back
}
# half a bar's thickness, in lines: 0.3, at most 0.6 font sizes
h = 0.6 * fs_base / ((band_bottom - plot_bottom) * canvas_h / y_total)
h = h > 0.3 ? 0.3 : h
ry(r) = row_y[int(r)]
plot datafile using ((base_value + $2) / 2):(ry($1)):(base_value < $2 ? base_value : $2):(base_value < $2 ? $2 : base_value):(ry($1) - h):(ry($1) + h) \
         with boxxyerror fillcolor rgb bar_low fillstyle solid 0.85 noborder \
         title key_text[1], \
     datafile using ((base_value + $3) / 2):(ry($1)):(base_value < $3 ? base_value : $3):(base_value < $3 ? $3 : base_value):(ry($1) - h):(ry($1) + h) \
         with boxxyerror fillcolor rgb bar_high fillstyle transparent solid 0.75 noborder \
         title key_text[2], \
     datafile using ($4 > 0 ? 0 : NaN):(ry($1)) with points pointtype 13 pointsize 2.2 \
         linecolor rgb '#000000' notitle, \
     keyentry with lines linecolor rgb '#222222' linewidth 1.5 title key_text[3], \
     keyentry with lines dashtype 2 linecolor rgb '#888888' linewidth 1.5 \
         title (show_zero ? key_text[4] : ''), \
     keyentry with points pointtype 13 pointsize 2.2 linecolor rgb '#000000' \
         title (any_flip ? 'sign flips' : '')
