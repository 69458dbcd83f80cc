# SPDX-License-Identifier: GPL-3.0-or-later
# cost.gp — "Annual cost": one bar per model, stacked from the bottom:
# downtime cost (what the outages cost the business), staff cost (the
# model's staff x their yearly cost), fees (contract, tools); the total is
# written above the bar, with the 95% interval of the total (staff and
# fees are inputs: it is the downtime's, over the replications).
#
# Data (datafile, tab-separated, one row per model in models.csv order):
#   1 model number (1-based)   2 downtime_cost_per_year
#   3 staff_cost_per_year   4 fee_per_year   5, 6 the total's 95% interval
#   (NaN without replications.csv)
# From the driver: nmodels, model_name[], reps, currency and money_prefix
# (organisation.currency: every amount is in it), cost_top (the highest
# total or interval bound).

chart_title = 'Annual cost'
subtitle = sprintf('downtime + staff + fees, per year; downtime is the mean of %d replications, 95%% interval of the total', reps)
load scripts_dir . '/common.gp'

# parts have their own colours; a model is named on the x axis
array part_name[3] = ['downtime', 'staff', 'fees']
array part_color[3] = ['#882255', '#44AA99', '#DDCC77']

set lmargin at screen 0.12
set rmargin at screen 0.97
set xrange [0.4 : nmodels + 0.6]
model_chars = chars_fit(0.95 * 0.85 / nmodels, fs_base)
nxcat = nmodels
array xcat_text[nxcat]
array xcat_pos[nxcat]
do for [m = 1:nmodels] {
    xcat_text[m] = wrap(model_name[m], model_chars)
    xcat_pos[m] = m
}
set boxwidth 0.6 absolute
set ylabel 'cost per year (' . currency . ')' noenhanced

key_n = 4
array key_text[key_n] = ['fees', 'staff', 'downtime', '95% CI of the total']
tic_lines = 1
do for [m = 1:nmodels] { tic_lines = nlines(xcat_text[m]) > tic_lines ? nlines(xcat_text[m]) : tic_lines }
xlabel_lines = 0
load scripts_dir . '/bottom.gp'
# money on the axis, as "$400k"; room for the totals above the bars
y_lo = 0
y_hi = cost_top * 1.12
y_money = 1
load scripts_dir . '/yaxis.gp'

# drawn from the top part down, each bar covering the parts below it
plot datafile using 1:($2 + $3 + $4) with boxes fillcolor rgb part_color[3] title part_name[3], \
     datafile using 1:($2 + $3) with boxes fillcolor rgb part_color[2] title part_name[2], \
     datafile using 1:2 with boxes fillcolor rgb part_color[1] title part_name[1], \
     datafile using 1:($2 + $3 + $4):5:6:($2 + $3 + $4) with candlesticks whiskerbars 0.3 \
         fillstyle empty linecolor rgb '#222222' linewidth 1.5 notitle, \
     datafile using 1:(valid(6) ? $6 : $2 + $3 + $4):(money($2 + $3 + $4)) \
         with labels offset 0, 0.7 font f_small notitle, \
     keyentry with yerrorbars pointsize 0 linecolor rgb '#222222' linewidth 1.5 \
         title '95% CI of the total'
