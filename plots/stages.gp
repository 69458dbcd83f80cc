# SPDX-License-Identifier: GPL-3.0-or-later
# stages.gp — "Where the minutes go": one horizontal bar per model, split
# into the mean minutes of the stages of an incident (seven, or eight where
# some category may need a vendor: nstages), in the order they happen; the
# bar's length is the mean time to resolution, with its 95% confidence
# interval at the end.
#
# Data (tab-separated; models numbered 1.. in models.csv order):
#   datafile: 1 model   2..nstages+1 the stages' mean minutes
#     nstages+2 ttr_mean   nstages+3 ttr_mean_lo   nstages+4 ttr_mean_hi
#   inside_file: 1 model   2 x   3 minutes   4 stage: a value written in
#     its segment (the number fits there)
#   callout_file: 1 model   2 label x   3 segment middle   4 minutes: a
#     value written above the bar, joined to its segment by a line (`ownsim
#     plot` spaced these so they do not overlap)
# From the driver: nmodels, model_name[], nstages, stage_name[], reps, incidents,
# plot_l, plot_r (plot area, share of the width), x_max (minutes),
# label_chars (model names are wrapped to it; the margin was sized for it).
# Stages have their own fixed palette (Paul Tol's muted, colour-blind safe):
# detection and intake in blues, coordination waste (ownership, handoff) in
# reds, waiting (after hours, queue) in sand and olive, work in green, the
# vendor in purple.

array stage_color[8] = ['#88CCEE', '#44AA99', '#CC6677', '#882255', \
                        '#DDCC77', '#999933', '#117733', '#AA4499']
# label colour that reads on each stage colour
array stage_ink[8] = ['#000000', '#000000', '#000000', '#ffffff', \
                      '#000000', '#000000', '#ffffff', '#ffffff']
# the columns of ttr_mean and its interval
c_ttr = nstages + 2
c_lo = nstages + 3
c_hi = nstages + 4

chart_title = 'Where the minutes go'
subtitle = sprintf('mean minutes per incident in each stage, 95%% confidence interval of the total; %d replications, %d incidents per model', reps, incidents)
load scripts_dir . '/common.gp'

set lmargin at screen plot_l
set rmargin at screen plot_r
# first model at the top
ypos(m) = nmodels - m + 1
set yrange [0.4 : nmodels + 0.6]
# the model names are labels, not tic labels (gnuplot cuts a tic label at
# 50 bytes and reads '%' in it as a format), each centred on its bar
unset ytics
do for [m = 1:nmodels] {
    _ml = wrap(model_name[m], label_chars)
    set label 100 + m _ml at screen plot_l - 0.012, first ypos(m) right \
        offset 0, (nlines(_ml) - 1) * 0.5 font f_base noenhanced front
}
set grid xtics noytics
set xlabel 'minutes (mean per incident)'
set xrange [0 : x_max]
set xtics nice_step(x_max, 6)
set format x '%.0f'

key_n = nstages + 1
array key_text[key_n]
do for [s = 1:nstages] { key_text[s] = stage_name[s] }
key_text[key_n] = '95% CI'
tic_lines = 1
xlabel_lines = 1
load scripts_dir . '/bottom.gp'

# half the bar's thickness (in model slots): 0.26, thinner when there are
# so many models that the gap between two bars could not hold a row of
# call-outs (th: a line of small text, in slots)
th = 1.05 * fs_small / canvas_h / ((band_bottom - plot_bottom) / (nmodels + 0.2))
h = (1 - 1.6 * th) / 2
h = h > 0.26 ? 0.26 : (h < 0.1 ? 0.1 : h)
lo(s) = sum [j = 2:s] column(j)      # minutes before stage s
hi(s) = lo(s) + column(s + 1)
ci_end = '(valid(c_hi) ? column(c_hi) : column(c_ttr))'

plot for [s = 1:nstages] datafile using ((lo(s) + hi(s)) / 2):(ypos($1)):(lo(s)):(hi(s)):(ypos($1) - h):(ypos($1) + h) \
         with boxxyerror fillcolor rgb stage_color[s] title stage_name[s], \
     for [s = 1:nstages] inside_file using 2:(ypos($1)):($4 == s ? sprintf('%.0f', $3) : '') \
         with labels textcolor rgb stage_ink[s] font f_small notitle, \
     callout_file using 3:(ypos($1) + h):($2 - $3):(0.25 * th) with vectors nohead \
         linecolor rgb '#555555' linewidth 1 notitle, \
     callout_file using 2:(ypos($1) + h + 0.8 * th):(sprintf('%.0f', $4)) \
         with labels font f_small notitle, \
     datafile using c_lo:(ypos($1)):(column(c_hi) - column(c_lo)):(0) with vectors nohead \
         linecolor rgb '#222222' linewidth 1.5 notitle, \
     for [k = c_lo:c_hi] datafile using k:(ypos($1) - 0.1):(0):(0.2) with vectors nohead \
         linecolor rgb '#222222' linewidth 1.5 notitle, \
     datafile using (valid(c_hi) ? column(c_hi) : column(c_ttr)):(ypos($1)):(sprintf(' %.0f min', column(c_ttr))) \
         with labels left font f_small notitle, \
     keyentry with xerrorbars pointsize 0 linecolor rgb '#222222' linewidth 1.5 \
         title '95% CI'
