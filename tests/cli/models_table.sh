#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/models_table.sh — choosing models and the table on stdout
# (issue 16, items 6 and 7).
#
# --models A,B on run, sweep and plot: only those models run (the trace
# and the resolved scenario hold no other), each with exactly the results
# it has in a run of all (common random numbers), in the scenario's order
# whatever the order given; naming every model changes nothing byte for
# byte; the baseline must be among them, and a bad list is exit 2 with
# nothing written.  The table fits 100 columns by default, for the default
# scenario and for model and scenario names of the longest kind (a name
# too long for its column is printed whole on a line of its own), and
# --wide prints every column.
#
#   OWNSIM=build/ownsim tests/cli/models_table.sh     (what `make test` runs)
#
# Runs scenarios/default.ini with few incidents; everything is written in
# a mktemp -d folder removed at exit.  Prints one line per check, then
# "N passed, M failed"; exits 1 when anything failed.  Takes a few seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCN=$ROOT/scenarios/default.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-models.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"

Q=(-r 3 -n 400)
# rows FILE MODEL...: the rows of FILE whose first field is one of the models
rows() { local f=$1; shift; local re; re=$(IFS='|'; echo "$*"); grep -E "^($re)," "$f"; }
# widest FILE: the longest line's length in characters, of the comparison
# table (up to what the scenario implies, which src/analysis prints)
widest() {
    awk '/^What the scenario implies/ { exit } { if (length($0) > w) w = length($0) }
         END { print w + 0 }' "$1"
}

ox all run "$SCN" "${Q[@]}" -o "$T/all" --trace
ox two run "$SCN" "${Q[@]}" -o "$T/two" --trace --models co_managed,fully_managed
r=$(rc_is 0 all)$(rc_is 0 two)
for f in models.csv severities.csv replications.csv paired.csv ttr_hist.csv; do
    cmp -s <(rows "$T/all/$f" co_managed fully_managed) <(rows "$T/two/$f" co_managed fully_managed) ||
        r+="$f rows differ; "
done
[ "$(grep -c . "$T/two/models.csv")" = 3 ] || r+="models.csv has $(grep -c . "$T/two/models.csv") lines; "
check "run --models: each model's results are those of a run of all (common random numbers)" "$r"

r=""
grep -q '^\[model.in_house\]' "$T/two/scenario.ini" && r+="scenario.ini keeps in_house; "
grep -q '^\[model.co_managed\]' "$T/two/scenario.ini" || r+="scenario.ini lost co_managed; "
cut -d, -f3 "$T/two/incidents.csv" | sort -u | grep -qx in_house && r+="in_house ran (trace); "
cut -d, -f3 "$T/two/incidents.csv" | sort -u | grep -qx co_managed || r+="co_managed did not run (trace); "
grep -q '^in_house\|in_house  ' "$T/two.out" && r+="in_house in the table; "
# the resolved scenario reruns to the same results
ox again run "$T/two/scenario.ini" "${Q[@]}" -o "$T/again"
for f in models.csv replications.csv; do
    cmp -s "$T/two/$f" "$T/again/$f" || r+="$f differs when rerun from scenario.ini; "
done
check "run --models: the others are not run; scenario.ini holds the chosen ones and reruns" "$r"

r=""
ox rev run "$SCN" "${Q[@]}" -o "$T/rev" --models fully_managed,co_managed
ox every run "$SCN" "${Q[@]}" -o "$T/every" --trace \
    --models ' in_house, co_managed,co_managed_mature , fully_managed'
for f in models.csv severities.csv replications.csv paired.csv ttr_hist.csv scenario.ini; do
    cmp -s "$T/two/$f" "$T/rev/$f" || r+="$f depends on the order given; "
done
for f in models.csv severities.csv replications.csv paired.csv ttr_hist.csv incidents.csv \
         implied.csv scenario.ini; do
    cmp -s "$T/all/$f" "$T/every/$f" || r+="$f: naming every model changed it; "
done
cmp -s "$T/all.out" <(sed "s|$T/every|$T/all|" "$T/every.out") || r+="the table changed; "
check "--models in any order gives the same files; naming every model changes nothing" "$r"

r=""
ox nobase run "$SCN" "${Q[@]}" -o "$T/nobase" --models in_house,co_managed
r+=$(rc_is 2 nobase)
grep -q "baseline 'fully_managed' is not among the models chosen" "$T/nobase.err" ||
    r+="no baseline message: $(head -c 200 "$T/nobase.err"); "
ox typo run "$SCN" "${Q[@]}" -o "$T/typo" --models co_managed,fuly_managed
r+=$(rc_is 2 typo)
grep -q "no model 'fuly_managed'.*did you mean fully_managed" "$T/typo.err" ||
    r+="no typo message: $(head -c 200 "$T/typo.err"); "
ox twice run "$SCN" "${Q[@]}" -o "$T/twice" --models fully_managed,fully_managed
r+=$(rc_is 2 twice)
ox empty run "$SCN" "${Q[@]}" -o "$T/empty" --models 'fully_managed,'
r+=$(rc_is 2 empty)
for d in nobase typo twice empty; do [ -e "$T/$d" ] && r+="$d: folder written; "; done
ox base run "$SCN" "${Q[@]}" -o "$T/base" --models in_house --set simulation.baseline=in_house
r+=$(rc_is 0 base)
ox swbad sweep "$SCN" "${Q[@]}" -o "$T/swbad" --vary party.internal.staff=2,3 --models in_house
r+=$(rc_is 2 swbad)
check "--models without the baseline, unknown, repeated or empty: exit 2, nothing written" "$r"

r=""
ox swall sweep "$SCN" "${Q[@]}" -q -o "$T/swall" --vary model.co_managed.misroute_prob=0.1,0.3
ox swtwo sweep "$SCN" "${Q[@]}" -q -o "$T/swtwo" --vary model.co_managed.misroute_prob=0.1,0.3 \
    --models co_managed,fully_managed
r+=$(rc_is 0 swall)$(rc_is 0 swtwo)
cmp -s <(grep -E '^[0-9]+,[^,]*,(co_managed|fully_managed),' "$T/swall/sweep.csv") \
       <(tail -n +2 "$T/swtwo/sweep.csv") || r+="sweep.csv rows differ; "
grep -q ',in_house,' "$T/swtwo/sweep.csv" && r+="in_house in sweep.csv; "
check "sweep --models: the chosen models' rows are those of a sweep of all" "$r"

r=""
ox plot plot "$T/two" --format svg -o "$T/charts"
r+=$(rc_is 0 plot)
ox plot2 plot "$T/all" --format svg -o "$T/charts2" --models co_managed,fully_managed
r+=$(rc_is 0 plot2)
# charts draw the display labels (scenarios/default.ini: In-house, Co-managed)
grep -q 'In-house' "$T/charts2/ttr.svg" && r+="in_house drawn; "
grep -q 'Co-managed' "$T/charts2/ttr.svg" || r+="co_managed not drawn; "
for c in stages ttr cdf sla cost; do
    cmp -s "$T/charts/$c.svg" "$T/charts2/$c.svg" || r+="$c.svg differs from the run of two; "
done
ox plotbad plot "$T/all" --format svg -o "$T/charts3" --models co_managed
r+=$(rc_is 2 plotbad)
grep -q "baseline 'fully_managed'" "$T/plotbad.err" || r+="plot baseline: $(head -c 200 "$T/plotbad.err"); "
ox plottypo plot "$T/all" --format svg -o "$T/charts3" --models co_managd,fully_managed
r+=$(rc_is 2 plottypo)
[ -e "$T/charts3" ] && r+="charts3 written; "
ox plotsw plot "$T/swall" --format svg -o "$T/charts4" --models co_managed,fully_managed
r+=$(rc_is 0 plotsw)
grep -q 'In-house' "$T/charts4/sweep.svg" && r+="in_house in the sweep chart; "
check "plot --models draws the chosen models only, as a run of them would" "$r"

# the table: within 100 columns, a one-line legend, CSV names as headers
r=""
ox def run "$SCN" "${Q[@]}" -o "$T/def"
w=$(widest "$T/def.out")
[ "$w" -le 100 ] || r+="default scenario: $w columns; "
grep -q '^model  *ttr_mean  \[95% CI\]  *ttr_p90  sla_breach_pct  ttr_mean_diff \[95% CI\]$' \
    "$T/def.out" || r+="header: $(grep '^model' "$T/def.out" | head -1); "
grep -q '^Minutes\. ttr: time to resolution' "$T/def.out" || r+="no legend; "
grep -q '^Fully managed .*(baseline)$' "$T/def.out" || r+="no baseline row; "
check "the table fits 100 columns with a legend and the CSV names as headers" "$r"

r=""
A=co_managed_with_a_very_long_name_for_the_table1   # 47 characters, the most
B=co_managed_with_a_very_long_name_for_the_table2
N=a_scenario_name_of_forty-seven_characters_12345
# the table shows the display labels: long ones (the names too, for the CSVs)
sed -e "s/^\[model.co_managed\]/[model.$A]/" -e "s/^\[model.co_managed_mature\]/[model.$B]/" \
    -e "s/^label = Co-managed\$/label = $A/" -e "s/^label = Co-managed (mature)\$/label = $B/" \
    -e "s/^name = default/name = $N/" "$SCN" > "$T/long.ini"
ox long run "$T/long.ini" "${Q[@]}" -o "$T/long"
r+=$(rc_is 0 long)
w=$(widest "$T/long.out")
[ "$w" -le 100 ] || r+="long names: $w columns; "
grep -qx "$A" "$T/long.out" || r+="$A not whole on a line of its own; "
grep -qx "$B" "$T/long.out" || r+="$B not whole on a line of its own; "
grep -q "^ *[0-9.]*  \[.*(baseline)$" "$T/long.out" && r+="baseline row wrapped; "
check "long model and scenario names: still 100 columns, names whole on their own line" "$r"

r=""
ox wide run "$T/long.ini" "${Q[@]}" -o "$T/wide" --wide
r+=$(rc_is 0 wide)
for c in detect_mean intake_mean ownership_mean handoff_mean after_hours_mean queue_mean \
         work_mean; do
    grep -q "^model .* $c " "$T/wide.out" || r+="no $c; "
done
grep -q "^$A  .*\]$" "$T/wide.out" || r+="--wide wrapped $A; "
cmp -s <(grep -v "^Results in" "$T/long.out" | sed -n '/^What the scenario implies/,$p') \
       <(grep -v "^Results in" "$T/wide.out" | sed -n '/^What the scenario implies/,$p') ||
    r+="--wide changed what follows the table; "
cmp -s "$T/long/models.csv" "$T/wide/models.csv" || r+="--wide changed models.csv; "
check "--wide prints every stage column, names never wrapped" "$r"

finish
