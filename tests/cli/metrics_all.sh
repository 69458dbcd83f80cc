#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/metrics_all.sh — every numeric column of models.csv is a metric
# everywhere one is taken: `breakeven --metric`, the columns of sweep.csv and
# `plot --metric` on a sweep, and the list of `breakeven --help`.  The
# columns are read from the header of a small run, not from a list here, so
# a column added to the table is tested without touching this file.  Also
# known answers for the two kinds without an ordinary per-replication mean
# (a quantile per replication; the bound of an interval, compared over the
# point, with no interval).
#
#   OWNSIM=build/ownsim tests/cli/metrics_all.sh      (what `make test` runs)
#
# Prints "ok - NAME" or "not ok - NAME: reason" per check, then
# "N passed, M failed"; exits 1 when anything failed.  About ten seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SMALL=$ROOT/tests/data/small.ini
BE=$ROOT/tests/data/breakeven.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-metrics.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"

# field NAME FILE: the value of column NAME in the first data row of a CSV
field() {
    tr -d '\r' <"$2" | awk -F, -v want="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == want) k = i; next }
        NR == 2 { if (k) print $k; exit }'
}

# ---------------------------------------------------------------- the run
ox run run "$SMALL" -r 3 -n 60 -q -o "$T/run"
r=$(rc_is 0 run)
[ -f "$T/run/models.csv" ] || r+="no models.csv; "
check "a small run writes models.csv" "$r"
header=$(head -1 "$T/run/models.csv" | tr -d '\r')
row=$(sed -n 2p "$T/run/models.csv" | tr -d '\r')
IFS=, read -r -a names <<<"$header"
IFS=, read -r -a cells <<<"$row"
numeric=()
for i in "${!names[@]}"; do
    # numeric: a decimal number, or empty (no value)
    if [[ ${cells[$i]:-} =~ ^-?[0-9]*\.?[0-9]*([eE][-+]?[0-9]+)?$ ]]; then
        numeric+=("${names[$i]}")
    fi
done
r=""
[ "${names[0]}" = model ] || r+="first column ${names[0]}, want model; "
[ "${#numeric[@]}" -eq $((${#names[@]} - 1)) ] || r+="${#numeric[@]} numeric columns of ${#names[@]}; "
[ "${#numeric[@]}" -ge 29 ] || r+="only ${#numeric[@]} numeric columns; "
check "models.csv: every column but model is numeric (${#numeric[@]} metrics)" "$r"

# ---------------------------------------------------------- breakeven
r=""
for m in "${numeric[@]}"; do
    ox "be_$m" breakeven "$SMALL" --vary arrivals.per_week=30:50 --model co_managed --metric "$m" \
        -r 3 -n 60 -q -o "$T/be_$m"
    why=$(rc_is 0 "be_$m")
    if [ -z "$why" ]; then
        got=$(field metric "$T/be_$m/breakeven.csv")
        [ "$got" = "$m" ] || why="breakeven.csv names metric '$got'; "
        grep -q "on $m " "$T/be_$m.out" || why+="the line does not name it; "
    fi
    [ -z "$why" ] || r+="$m: $why"
done
check "breakeven --metric takes every numeric column of models.csv" "$r"

ox help breakeven --help
r=$(rc_is 0)
for m in "${numeric[@]}"; do
    grep -q "^  $m: " "$T/help.out" || r+="$m not listed; "
done
check "breakeven --help lists every numeric column of models.csv" "$r"

ox be_events breakeven "$SMALL" --vary arrivals.per_week=30:50 --model co_managed --metric events -q \
    -o "$T/be_events"
r=$(rc_is 2)
grep -q -- "--metric" "$T/be_events.err" || r+="message does not name --metric; "
[ ! -e "$T/be_events" ] || r+="folder written; "
check "breakeven --metric events (replications.csv only): exit 2, nothing written" "$r"

# ----------------------------------------------- known answers (breakeven.ini)
# TTR(handoff) - TTR(direct) = handoff_delay - 30 for every incident, so each
# replication's quantiles differ by that too (to the histogram's 0.5%), and
# so do the bounds of the mean's interval (same spread).
BEV=(--vary model.handoff.handoff_delay=0:100 --model handoff --baseline direct -q)
ox be_p90 breakeven "$BE" "${BEV[@]}" --metric ttr_p90 -o "$T/be_p90"
r=$(rc_is 0 be_p90)
v=$(field value "$T/be_p90/breakeven.csv")
lo=$(field value_lo "$T/be_p90/breakeven.csv")
hi=$(field value_hi "$T/be_p90/breakeven.csv")
awk -v v="$v" -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(v >= 27 && v <= 33 && lo != "" && hi != "" &&
    lo <= v && v <= hi) }' || r+="crossing $v (CI $lo to $hi), want about 30 with an interval; "
check "breakeven --metric ttr_p90: per-replication quantiles cross near 30, with an interval" "$r"

ox be_lo breakeven "$BE" "${BEV[@]}" --metric ttr_mean_lo -o "$T/be_lo"
r=$(rc_is 0 be_lo)
v=$(field value "$T/be_lo/breakeven.csv")
lo=$(field value_lo "$T/be_lo/breakeven.csv")
awk -v v="$v" 'BEGIN { exit !(v >= 29.9 && v <= 30.1) }' || r+="crossing $v, want 30; "
[ -z "$lo" ] || r+="value_lo '$lo', want empty (no interval); "
grep -q "no confidence interval" "$T/be_lo.out" || r+="the line does not say there is no interval; "
check "breakeven --metric ttr_mean_lo: point values cross at 30, no interval" "$r"

# ---------------------------------------------------------- sweep and plot
ox sweep sweep "$SMALL" --vary arrivals.per_week=20,40 -r 3 -n 60 -q -o "$T/sweep"
r=$(rc_is 0 sweep)
sheader=$(head -1 "$T/sweep/sweep.csv" 2>/dev/null | tr -d '\r')
case ",$sheader," in
    *",$header,"*) ;;
    *) r+="sweep.csv header does not hold models.csv's columns in order; " ;;
esac
check "sweep.csv has every column of models.csv, in the same order" "$r"

if command -v "${OWNSIM_GNUPLOT:-gnuplot}" >/dev/null 2>&1; then
    r=""
    for m in "${numeric[@]}"; do
        ox "plot_$m" plot "$T/sweep" --metric "$m" -o "$T/charts_$m"
        why=$(rc_is 0 "plot_$m")
        [ -z "$why" ] && [ ! -s "$T/charts_$m/sweep.png" ] && why="no sweep.png; "
        [ -z "$why" ] || r+="$m: $why"
    done
    check "plot --metric draws every numeric column of models.csv from sweep.csv" "$r"
else
    ok "plot --metric draws every numeric column of models.csv # SKIP no gnuplot (make deps installs it)"
fi

finish
