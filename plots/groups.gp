# SPDX-License-Identifier: GPL-3.0-or-later
# groups.gp — x axis of the grouped bar charts (ttr, sla): one group per
# severity, one bar per model inside it, in models.csv order.
# Needs nsev, sev_name[] (the severities' labels), sev_extra[] (optional:
# a line under each severity's label, e.g. its SLA targets), ngroups (how
# many groups, default nsev: sla adds one for all severities, named
# xgroup_name), nmodels;
# defines xpos(group, model).  The plot spans 0.1 .. 0.97 of the width; a
# group's label is wrapped to the group's width.

if (!exists('ngroups')) { ngroups = nsev }
group = 0.8                          # share of a severity's slot with bars
bar = group / nmodels
xpos(s, m) = s - group / 2.0 + (m - 0.5) * bar
set boxwidth 0.92 * bar absolute
set lmargin at screen 0.1
set rmargin at screen 0.97
set xrange [-0.5 : ngroups - 0.5]
group_chars = chars_fit(0.95 * 0.87 / ngroups, fs_base)
group_text(i) = wrap(sev_name[i], group_chars) . \
    (exists('sev_extra') && strlen(sev_extra[i]) > 0 ? "\n" . wrap(sev_extra[i], group_chars) : '')
# the groups' names along the x axis (bottom.gp draws them); a chart with
# another group (sla) sets ngroups and xgroup_name
nxcat = ngroups
array xcat_text[nxcat]
array xcat_pos[nxcat]
tic_lines = 1
do for [i = 1:ngroups] {
    xcat_text[i] = i <= nsev ? group_text(i) : wrap(xgroup_name, group_chars)
    xcat_pos[i] = i - 1
    tic_lines = nlines(xcat_text[i]) > tic_lines ? nlines(xcat_text[i]) : tic_lines
}
set xlabel 'severity'
xlabel_lines = 1
