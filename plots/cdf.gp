# cdf.gp — "Distribution": for each model, the share of incidents resolved
# within a given time (empirical CDF of the time to resolution) on a log
# time axis, so minutes and weeks are both readable.
#
# Data (datafile, tab-separated, one block per model in models.csv order,
# blocks apart by two blank lines): 1 minutes (bin upper edge)
#   2 % of incidents resolved by then.  A model without data has one NaN row.
# From the driver: nmodels, model_name[], model_color[], reps, incidents.

chart_title = 'Distribution of time to resolution'
subtitle = sprintf('share of incidents resolved within a time; dashed: median and 90%%; %d incidents per model', incidents)
load scripts_dir . '/common.gp'

set logscale x 10
# tics at durations people quote; those outside the data's range are not drawn
set xtics ('1 min' 1, '5 min' 5, '15 min' 15, '1 h' 60, '4 h' 240, \
           '1 day' 1440, '3 days' 4320, '1 week' 10080, '4 weeks' 40320, \
           '1 year' 525960)
set grid xtics ytics
set xlabel 'time to resolution (minutes, log scale)'
set ylabel '% of incidents resolved'
set yrange [0:100]
set ytics 0, 20, 100
set arrow 1 from graph 0, first 50 to graph 1, first 50 nohead dashtype 2 \
    linecolor rgb '#777777' back
set arrow 2 from graph 0, first 90 to graph 1, first 90 nohead dashtype 2 \
    linecolor rgb '#777777' back

plot for [m = 1:nmodels] datafile index (m - 1) using 1:2 with lines \
         linewidth 2.5 linecolor rgb model_color[m] title model_name[m]
