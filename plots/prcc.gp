# SPDX-License-Identifier: GPL-3.0-or-later
# prcc.gp — which uncertain assumptions decide the answer (ownsim
# uncertainty): one horizontal bar per uncertain key, the largest |PRCC|
# at the top, from 0 to the key's partial rank correlation with A − B
# (−1 to 1), its value written at the end; coloured by the model a higher
# value of the key favours; the grey band is noise (|PRCC| < 3/√N).
#
# Data (datafile, tab-separated, one row per key drawn, top first):
#   1 row   2 PRCC (0 when it has none)   3 which model a higher value
#   favours (1 A, 2 B, 0 neither)
# From the driver: nrows, row_y[], key1[], key2[], key3[], y_total,
# plot_l, plot_r (as tornado.gp), x_lo, x_hi, noise (3/√N), noise_text,
# val_x[], val_text[] (the value written at each bar's end), sided,
# key_a, key_b, color_a, color_b, subtitle, nnotes, note[].

load scripts_dir . '/common.gp'

set lmargin at screen plot_l
set rmargin at screen plot_r
set yrange [0 : y_total]
unset ytics
set grid xtics noytics
set border 1 linewidth 1 linecolor rgb '#555555'
set xrange [x_lo : x_hi]
set xlabel 'partial rank correlation with the difference (−1 to 1)' noenhanced
do for [i = 1:nrows] {
    _kl = key1[i] . (key2[i] ne '' ? "\n" . key2[i] : '') . (key3[i] ne '' ? "\n" . key3[i] : '')
    set label 100 + i _kl at screen plot_l - 0.012, first row_y[i] right \
        offset 0, (nlines(_kl) - 1) * 0.5 font f_base noenhanced front
    if (val_x[i] < 0) {
        set label 300 + i val_text[i] at first val_x[i], first row_y[i] right offset -0.4, 0 \
            font f_small noenhanced front
    } else {
        set label 300 + i val_text[i] at first val_x[i], first row_y[i] left offset 0.4, 0 \
            font f_small noenhanced front
    }
}
set xtics ()
do for [i = -4:4] { set xtics add (tic(human(i * 0.25)) i * 0.25) }
key_n = sided ? 3 : 2
array key_text[key_n]
key_text[1] = key_name(sided ? key_a : 'PRCC')
key_text[2] = key_name(sided ? key_b : noise_text)
if (sided) { key_text[3] = noise_text }
# gnuplot keeps the legend's columns within about 1.25 times the plot's
# width (it sizes a character at 0.6 font sizes, bottom.gp at 0.8)
key_span = (plot_r - plot_l) * 1.25
tic_lines = 1
xlabel_lines = 1
load scripts_dir . '/bottom.gp'

set object 1 rectangle from first -noise, graph 0 to first noise, graph 1 \
    fillcolor rgb '#888888' fillstyle transparent solid 0.2 noborder behind
set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead linecolor rgb '#222222' \
    linewidth 1.5 back
# half a bar's thickness, in lines: 0.3, at most 0.6 font sizes
h = 0.6 * fs_base / ((band_bottom - plot_bottom) * canvas_h / y_total)
h = h > 0.3 ? 0.3 : h
ry(r) = row_y[int(r)]
plot datafile using ($2 / 2):(ry($1)):($2 < 0 ? $2 : 0):($2 < 0 ? 0 : $2):(ry($1) - h):(ry($1) + h) \
         every ::0 with boxxyerror fillcolor rgb (sided ? color_a : '#666666') \
         fillstyle solid 0.9 noborder title key_text[1], \
     datafile using ($3 == 2 ? $2 / 2 : NaN):(ry($1)):($2 < 0 ? $2 : 0):($2 < 0 ? 0 : $2):(ry($1) - h):(ry($1) + h) \
         with boxxyerror fillcolor rgb color_b fillstyle solid 0.9 noborder \
         title (sided ? key_text[2] : ''), \
     keyentry with boxes fillcolor rgb '#888888' fillstyle transparent solid 0.2 noborder \
         title key_text[key_n]
