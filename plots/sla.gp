# SPDX-License-Identifier: GPL-3.0-or-later
# sla.gp — "SLA breaches": for each severity, and for all severities
# together, the share of incidents whose response or resolution took longer
# than the SLA, one bar per model with its 95% interval; under each
# severity the targets most models are held to, and a note line for each
# model held to others.
#
# Data (tab-separated):
#   datafile: one row per model and severity: 1 severity number (0-based)
#     2 model number (1-based)   3 sla_breach_pct   4, 5 its 95% Wilson
#     score interval over the severity's incidents
#   all_file: one row per model: 1 nsev   2 model   3 sla_breach_pct of
#     all incidents   4, 5 its 95% interval over the replications (NaN
#     without replications.csv)
# From the driver: nmodels, model_name[], model_color[], nsev, sev_name[],
# sev_sla[] (targets as text, "" when unknown), targets_known, nnotes,
# note[], reps, y_top (the highest bar or interval bound).

chart_title = 'SLA breaches'
subtitle = sprintf('incidents whose response or resolution missed the SLA; mean of %d replications, 95%% intervals', reps)
load scripts_dir . '/common.gp'

array sev_extra[nsev]
do for [i = 1:nsev] { sev_extra[i] = sev_sla[i] }
ngroups = nsev + 1
xgroup_name = 'all severities'
load scripts_dir . '/groups.gp'

set ylabel '% of incidents'
# values above the bars: "53.6", "4.2", "0"; turned upright when a bar
# is narrower than the text
pct(x) = x != x ? '' : (x >= 9.95 ? sprintf('%.0f', x) : _strip(sprintf('%.1f', x)))
upright = 0.87 / ngroups * bar < text_w('00.0', fs_small)
set xlabel (targets_known ? 'severity and the SLA targets' : 'severity')
key_n = nmodels + 1
array key_text[key_n]
do for [m = 1:nmodels] { key_text[m] = key_name(model_name[m]) }
key_text[nmodels + 1] = '95% interval'
load scripts_dir . '/bottom.gp'
y_lo = 0
y_hi = y_top * (upright ? 1.2 : 1.1)   # room for the values above the bars
load scripts_dir . '/yaxis.gp'

plot for [m = 1:nmodels] datafile using (xpos($1, $2)):($2 == m ? $3 : NaN) \
         with boxes fillcolor rgb model_color[m] title key_name(model_name[m]), \
     for [m = 1:nmodels] all_file using (xpos($1, $2)):($2 == m ? $3 : NaN) \
         with boxes fillcolor rgb model_color[m] notitle, \
     datafile using (xpos($1, $2)):3:4:5:3 with candlesticks whiskerbars 0.4 \
         fillstyle empty linecolor rgb '#222222' linewidth 1.5 notitle, \
     all_file using (xpos($1, $2)):3:4:5:3 with candlesticks whiskerbars 0.4 \
         fillstyle empty linecolor rgb '#222222' linewidth 1.5 notitle, \
     datafile using (xpos($1, $2)):(upright ? NaN : valid(5) ? $5 : $3):(pct($3)) \
         with labels center offset 0, 0.6 font f_small notitle, \
     all_file using (xpos($1, $2)):(upright ? NaN : valid(5) ? $5 : $3):(pct($3)) \
         with labels center offset 0, 0.6 font f_small notitle, \
     datafile using (xpos($1, $2)):(upright ? (valid(5) ? $5 : $3) : NaN):(pct($3)) \
         with labels left rotate by 90 offset 0, 0.4 font f_small notitle, \
     all_file using (xpos($1, $2)):(upright ? (valid(5) ? $5 : $3) : NaN):(pct($3)) \
         with labels left rotate by 90 offset 0, 0.4 font f_small notitle, \
     keyentry with yerrorbars pointsize 0 linecolor rgb '#222222' linewidth 1.5 \
         title '95% interval'
