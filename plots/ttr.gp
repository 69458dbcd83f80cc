# SPDX-License-Identifier: GPL-3.0-or-later
# ttr.gp — "Time to resolution by model": for each severity, one bar per
# model: the mean TTR (solid, with its 95% confidence interval) in front of
# a pale bar reaching the 90th percentile.
#
# Data (datafile, tab-separated, one row per model and severity):
#   1 severity number (0-based)   2 model number (1-based)
#   3 ttr_mean   4 ttr_mean_lo   5 ttr_mean_hi   6 ttr_p90   (minutes)
# From the driver: nmodels, model_name[], model_color[], nsev, sev_name[],
# reps, y_top (the highest bar or interval bound).

chart_title = 'Time to resolution by model'
subtitle = sprintf('mean with 95%% confidence interval (%d replications), pale bar: 90th percentile', reps)
load scripts_dir . '/common.gp'

load scripts_dir . '/groups.gp'
set ylabel 'minutes'
# the CI is drawn as a candlestick of no height (whiskers lo..hi, a line
# at the mean): unlike yerrorbars, its line is not cut around a point
key_n = nmodels + 2
array key_text[key_n]
do for [m = 1:nmodels] { key_text[m] = key_name(model_name[m]) }
key_text[nmodels + 1] = '95% CI of the mean'
key_text[nmodels + 2] = '90th percentile'
load scripts_dir . '/bottom.gp'
y_lo = 0
y_hi = y_top
load scripts_dir . '/yaxis.gp'

plot for [m = 1:nmodels] datafile using (xpos($1, $2)):($2 == m ? $6 : NaN) \
         with boxes fillcolor rgb model_color[m] fillstyle transparent solid 0.28 notitle, \
     for [m = 1:nmodels] datafile using (xpos($1, $2)):($2 == m ? $3 : NaN) \
         with boxes fillcolor rgb model_color[m] title key_name(model_name[m]), \
     datafile using (xpos($1, $2)):3:4:5:3 with candlesticks whiskerbars 0.4 \
         fillstyle empty linecolor rgb '#222222' linewidth 1.5 notitle, \
     keyentry with yerrorbars pointsize 0 linecolor rgb '#222222' linewidth 1.5 \
         title '95% CI of the mean', \
     NaN with boxes fillcolor rgb '#999999' fillstyle transparent solid 0.28 \
         title '90th percentile'
