# sla.gp — "SLA breaches": for each severity, the share of incidents whose
# response or resolution took longer than the severity's SLA, one bar per
# model, the value written above the bar.
#
# Data (datafile, tab-separated, one row per model and severity):
#   1 severity number (0-based)   2 model number (1-based)   3 sla_breach_pct
# From the driver: nmodels, model_name[], model_color[], nsev, sev_name[],
# sev_tic[] (groups.gp: the names as tic labels, every % doubled),
# reps.

chart_title = 'SLA breaches'
subtitle = sprintf('incidents whose response or resolution missed the SLA; mean of %d replications', reps)
load scripts_dir . '/common.gp'

load scripts_dir . '/groups.gp'
set ylabel '% of incidents'
set yrange [0:*]
set offsets 0, 0, graph 0.1, 0       # room for the values above the bars

plot for [m = 1:nmodels] datafile using (xpos($1, $2)):($2 == m ? $3 : NaN) \
         with boxes fillcolor rgb model_color[m] title model_name[m], \
     datafile using (xpos($1, $2)):3:(sprintf('%.1f', $3)) \
         with labels offset 0, 0.6 font f_small notitle
