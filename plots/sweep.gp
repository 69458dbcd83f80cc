# sweep.gp — a metric against the first varied key of a sweep: one line per
# model with its 95% confidence band, and the break-even point (value and
# CI band) when breakeven.csv is about that key.
#
# Data (datafile, tab-separated, one block per model in sweep.csv order,
# blocks apart by two blank lines): 1 key value (or category number)
#   2 metric   3 its CI low   4 its CI high (NaN without a CI)
# From the driver: nmodels, model_name[], model_color[], chart_title,
# subtitle, x_label, y_label, numeric_x, band, ncat, cat_name[] and
# cat_tic[] (when not numeric; cat_tic as tic labels, every % doubled), nnotes, note[] (lines under the subtitle, when nnotes > 0),
# be_show, be_value, be_lo, be_hi (break-even and its CI, clipped to the
# range drawn; described by one of the notes).

load scripts_dir . '/common.gp'

set xlabel x_label noenhanced
set ylabel y_label noenhanced
set grid xtics ytics
if (!numeric_x) {
    set xrange [-0.5 : ncat - 0.5]
    set xtics (cat_tic[1] 0)
    if (ncat > 1) { do for [i = 2:ncat] { set xtics add (cat_tic[i] i - 1) } }
}
if (numeric_x) { set autoscale xfix }
# notes under the subtitle: the axes held fixed, what crosses where
if (nnotes > 0) {
    do for [i = 1:nnotes] {
        set label 902 + i note[i] at screen 0.5, screen 0.895 - 0.045 * i \
            center font f_sub textcolor rgb '#333333' noenhanced front
    }
    set tmargin at screen 0.84 - 0.045 * nnotes
}
if (be_show) {
    set object 1 rectangle from first be_lo, graph 0 to first be_hi, graph 1 \
        fillcolor rgb '#888888' fillstyle transparent solid 0.22 noborder behind
    set arrow 1 from first be_value, graph 0 to first be_value, graph 1 \
        nohead dashtype 2 linewidth 1.5 linecolor rgb '#333333' front
}

# the last element only adds the break-even's legend entry (no title, no
# entry, when there is none)
if (band) {
    plot for [m = 1:nmodels] datafile index (m - 1) using 1:3:4 with filledcurves \
             fillcolor rgb model_color[m] fillstyle transparent solid 0.18 notitle, \
         for [m = 1:nmodels] datafile index (m - 1) using 1:2 with linespoints \
             linewidth 2.5 pointtype 7 pointsize 0.8 linecolor rgb model_color[m] \
             title model_name[m], \
         NaN with boxes fillcolor rgb '#888888' \
             fillstyle transparent solid 0.22 title (be_show ? 'break-even, 95% CI' : '')
} else {
    plot for [m = 1:nmodels] datafile index (m - 1) using 1:2 with linespoints \
             linewidth 2.5 pointtype 7 pointsize 0.8 linecolor rgb model_color[m] \
             title model_name[m], \
         NaN with boxes fillcolor rgb '#888888' \
             fillstyle transparent solid 0.22 title (be_show ? 'break-even, 95% CI' : '')
}
