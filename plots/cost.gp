# cost.gp — "Annual cost": one bar per model, stacked from the bottom:
# downtime cost (what the outages cost the business), staff cost (the
# model's staff x their yearly cost), fees (contract, tools); the total is
# written above the bar.
#
# Data (datafile, tab-separated, one row per model in models.csv order):
#   1 model number (1-based)   2 downtime_cost_per_year
#   3 staff_cost_per_year   4 fee_per_year
# From the driver: nmodels, model_name[], model_tic[] (the names as tic
# labels: tic labels are formats, model_tic has every % doubled), reps,
# currency (organisation.currency: every amount is in it).

chart_title = 'Annual cost'
subtitle = sprintf('downtime + staff + fees, per year; downtime is the mean of %d replications', reps)
load scripts_dir . '/common.gp'

# parts have their own colours; a model is named on the x axis
array part_name[3] = ['downtime', 'staff', 'fees']
array part_color[3] = ['#882255', '#44AA99', '#DDCC77']

set xrange [0.4 : nmodels + 0.6]
set xtics scale 0
set xtics (model_tic[1] 1)
if (nmodels > 1) { do for [m = 2:nmodels] { set xtics add (model_tic[m] m) } }
if (nmodels > 5) { set xtics rotate by -25 left }
set boxwidth 0.6 absolute
set ylabel 'cost per year (' . currency . ')' noenhanced
set yrange [0:*]
set format y '%.1s%c'
set offsets 0, 0, graph 0.1, 0       # room for the totals

total = '$2 + $3 + $4'
# drawn from the top part down, each bar covering the parts below it
plot datafile using 1:($2 + $3 + $4) with boxes fillcolor rgb part_color[3] title part_name[3], \
     datafile using 1:($2 + $3) with boxes fillcolor rgb part_color[2] title part_name[2], \
     datafile using 1:2 with boxes fillcolor rgb part_color[1] title part_name[1], \
     datafile using 1:($2 + $3 + $4):(gprintf('%.2s%c', $2 + $3 + $4)) \
         with labels offset 0, 0.7 font f_sub notitle
