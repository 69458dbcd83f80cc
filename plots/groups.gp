# groups.gp — x axis of the grouped bar charts (ttr, sla): one group per
# severity, one bar per model inside it, in models.csv order.
# Needs nsev, sev_tic[] (the severity names as tic labels: tic labels are
# formats, so every % is doubled), nmodels; defines xpos(severity, model).

group = 0.8                          # share of a severity's slot with bars
bar = group / nmodels
xpos(s, m) = s - group / 2.0 + (m - 0.5) * bar
set boxwidth 0.92 * bar absolute
set xrange [-0.5 : nsev - 0.5]
set xtics scale 0
set xtics (sev_tic[1] 0)
if (nsev > 1) { do for [i = 2:nsev] { set xtics add (sev_tic[i] i - 1) } }
set xlabel 'severity'
