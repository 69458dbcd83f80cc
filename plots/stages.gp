# stages.gp — "Where the minutes go": one horizontal bar per model, split
# into the mean minutes of the seven stages of an incident, in the order
# they happen; the bar's length is the mean time to resolution.
#
# Data (datafile, tab-separated, one row per model in models.csv order):
#   1 model number (1-based)   2..8 detect, intake, ownership, handoff,
#   after_hours, queue, work (mean minutes)   9 ttr_mean
# From the driver: nmodels, model_name[], model_tic[] (the names as tic
# labels: tic labels are formats, model_tic has every % doubled), reps,
# incidents.
# Stages have their own fixed palette (Paul Tol's muted, colour-blind safe):
# detection and intake in blues, coordination waste (ownership, handoff) in
# reds, waiting (after hours, queue) in sand and olive, work in green.

array stage_name[7] = ['detect', 'intake', 'ownership', 'handoff', \
                       'after hours', 'queue', 'work']
array stage_color[7] = ['#88CCEE', '#44AA99', '#CC6677', '#882255', \
                        '#DDCC77', '#999933', '#117733']
# label colour that reads on each stage colour
array stage_ink[7] = ['#000000', '#000000', '#000000', '#ffffff', \
                      '#000000', '#000000', '#ffffff']

chart_title = 'Where the minutes go'
subtitle = sprintf('mean minutes per incident in each stage; %d replications, %d incidents per model', reps, incidents)
load scripts_dir . '/common.gp'

# before any range is set: stats honours them
stats datafile using 9 nooutput
longest = STATS_max

# first model at the top
ypos(m) = nmodels - m + 1
set yrange [0.4 : nmodels + 0.6]
set ytics scale 0
set ytics (model_tic[1] ypos(1))
if (nmodels > 1) { do for [m = 2:nmodels] { set ytics add (model_tic[m] ypos(m)) } }
set grid xtics noytics
set xlabel 'minutes (mean per incident)'
set xrange [0:*]
set offsets 0, graph 0.08, 0, 0    # room for the total after each bar

h = 0.32                             # half the bar's thickness
lo(s) = sum [j = 2:s] column(j)      # minutes before stage s
hi(s) = lo(s) + column(s + 1)
# a stage's value goes inside its segment when the segment is wide enough
inside(s) = column(s + 1) >= 0.07 * longest ? sprintf('%.0f', column(s + 1)) : ''

plot for [s = 1:7] datafile using ((lo(s) + hi(s)) / 2):(ypos($1)):(lo(s)):(hi(s)):(ypos($1) - h):(ypos($1) + h) \
         with boxxyerror fillcolor rgb stage_color[s] title stage_name[s], \
     for [s = 1:7] datafile using ((lo(s) + hi(s)) / 2):(ypos($1)):(inside(s)) \
         with labels textcolor rgb stage_ink[s] font f_small notitle, \
     datafile using 9:(ypos($1)):(sprintf(' %.0f min', $9)) \
         with labels left font f_sub notitle
