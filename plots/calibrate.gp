# SPDX-License-Identifier: GPL-3.0-or-later
# calibrate.gp — `ownsim calibrate`'s chart: the share of tickets resolved
# within a time (empirical CDF of the time to resolution), observed against
# the current model and, after a fit, the calibrated one, on a log time axis;
# the observed series is a wide grey band under the simulated lines.
#
# Data (datafile, tab-separated, one block per series: observed, current,
# calibrated, blocks apart by two blank lines): 1 minutes, 2 % of the
# compared tickets resolved by then.  From the driver: nmodels,
# model_name[], model_color[], t_min, t_max.

chart_title = 'Observed against simulated time to resolution'
subtitle = 'share of tickets resolved within a time; the grey band is observed'
load scripts_dir . '/common.gp'

plot_l = 0.1
plot_r = 0.96
set lmargin at screen plot_l
set rmargin at screen plot_r
set logscale x 10
set xrange [t_min : t_max]
# tics at durations people quote, left to right; one is drawn only when it
# is inside the range and clear of the last one drawn (widths estimated as
# in common.gp, plus a gap of one character)
array tic_at[12] = [1, 5, 15, 60, 240, 480, 1440, 4320, 10080, 40320, 131490, 525960]
array tic_text[12] = ['1 min', '5 min', '15 min', '1 h', '4 h', '8 h', '1 day', '3 days', \
                      '1 week', '4 weeks', '3 months', '1 year']
xshare(t) = (log(t) - log(t_min)) / (log(t_max) - log(t_min)) * (plot_r - plot_l)
set xtics ()
_last = -1
do for [i = 1:12] {
    _x = xshare(tic_at[i])
    _w = text_w(tic_text[i], fs_base)
    if (tic_at[i] >= t_min && tic_at[i] <= t_max && \
        (_last < 0 || _x - _x_last >= (_w + _w_last) / 2 + text_w('m', fs_base))) {
        set xtics add (tic_text[i] tic_at[i])
        _last = i
        _x_last = _x
        _w_last = _w
    }
}
set grid xtics ytics
set xlabel 'time to resolution (log scale)'
set ylabel '% of tickets resolved'
set yrange [0:100]
set ytics 0, 20, 100
key_n = nmodels
array key_text[key_n]
do for [m = 1:nmodels] { key_text[m] = key_name(model_name[m]) }
tic_lines = 1
xlabel_lines = 1
load scripts_dir . '/bottom.gp'
set arrow 1 from graph 0, first 50 to graph 1, first 50 nohead dashtype 2 \
    linecolor rgb '#777777' back
set arrow 2 from graph 0, first 90 to graph 1, first 90 nohead dashtype 2 \
    linecolor rgb '#777777' back

# the observed series (the first) as a wide band under the simulated lines,
# so that a model matching it is drawn inside it rather than hiding it
plot for [m = 1:nmodels] datafile index (m - 1) using 1:2 with lines \
         linewidth (m == 1 ? 9 : 2.5) linecolor rgb model_color[m] title key_name(model_name[m])
