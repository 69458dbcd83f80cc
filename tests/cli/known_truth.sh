#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/known_truth.sh — the consultant's chain end to end on exports
# with known truth (issue 24 item 5): ownsim itself generates the client's
# history (run --trace --timestamps of scenarios/default.ini's co_managed
# model, orphan_prob 0 so that "reassigned at least once" means
# "misrouted"), an awk step turns the trace into a ServiceNow-shaped
# export (number, state, opened_at, resolved_at, priority, category,
# time_worked blank on every 7th ticket, reassignment_count = the
# incident's bounces, assignment_group = the party that resolved it, every
# 50th ticket Cancelled), and import -> fit --into must give back what went
# in: the misroute probability within +-0.05 for each of 10 seeds, the
# arrival rate within 3 %, drawn efforts flagged and left out of the fit,
# a scenario that runs, and calibrate's interval holding the true triage
# scale in at least 8 of the 10 histories.
#
#   OWNSIM=build/ownsim tests/cli/known_truth.sh     (what `make test` runs)
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCN=$ROOT/scenarios/default.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-truth.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

TRUE_MISROUTE=0.4      # scenarios/default.ini, model.co_managed.misroute_prob
. "$ROOT/tests/calibrate/truth_lib.sh"

chain 1
R=""
[ -s "$T/client1.ini" ] || R+="no client scenario: $(cat "$T/imp1.err" "$T/fit1.err" 2>/dev/null | head -c 300); "
grep -q "imported 2940 of 3000 tickets (0 skipped, 60 left out by --where)" "$T/imp1.err" ||
    R+="import summary: $(grep imported "$T/imp1.err"); "
grep -q "efforts: 2520 observed, 420 drawn from the scenario (420 blank)" "$T/imp1.err" ||
    R+="effort summary: $(grep efforts: "$T/imp1.err"); "
grep -q "observed_party: 2940 known" "$T/imp1.err" || R+="resolver not known for every ticket; "
grep -q "420 of 2940 efforts were drawn by import" "$T/fit1.err" ||
    R+="fit does not say it left the drawn efforts out; "
check "import keeps blank-effort tickets (drawn, flagged), drops the cancelled ones" "$R"

# the arrival rate: 12 a week in a week without holidays, of which the
# export keeps 2940 of 3000; fit --into divides by the holidays' share
# again, so per_week comes back as 12 x 0.98 = 11.76 within 3 %
pw=$(key "$T/client1.ini" arrivals per_week)
awk -v x="$pw" 'BEGIN { exit !(x != "" && x >= 11.76 * 0.97 && x <= 11.76 * 1.03) }' ||
    R+="per_week $pw, want 11.76 +- 3 %; "
ox run1 run "$T/client1.ini" -r 2 -n 1000 -q -o "$T/run1"
R+=$(rc_is 0 run1)
check "the fitted scenario has the history's arrival rate ($pw a week) and runs" "$R"

# the misroute probability, 10 histories: each within +-0.05 of the truth
R=""
got=""
for seed in 1 2 3 4 5 6 7 8 9 10; do
    [ "$seed" = 1 ] || chain "$seed" || { R+="seed $seed: the chain failed; "; continue; }
    m=$(key "$T/client$seed.ini" model.co_managed misroute_prob)
    got+="$m "
    awk -v x="$m" -v t="$TRUE_MISROUTE" 'BEGIN { exit !(x != "" && x >= t - 0.05 && x <= t + 0.05) }' ||
        R+="seed $seed: misroute_prob '$m'; "
done
check "fit recovers misroute_prob $TRUE_MISROUTE within 0.05 in each of 10 histories ($got)" "$R"

# calibrate on the same histories (every parameter of the default set at
# once: tests/calibrate/known_truth_all.sh, make test-calibrate): the
# scenario's triage made three times
# slower (median 60 instead of the history's 20), triage fitted on each
# imported list: its true factor, 1/3, lies inside the 90 % interval
# (bootstrap over weeks and over the model's own draws) in at least 8 of
# the 10 histories in which it is identified
TRIPLE="model.co_managed.triage_delay=lognormal(median=60, p90=180)"
R=""
inside=0 identified=0 seen=""
for seed in 1 2 3 4 5 6 7 8 9 10; do
    [ -s "$T/$seed.out.csv" ] || continue
    ox "cal$seed" calibrate "$SCN" --outages "$T/$seed.out.csv" --model co_managed \
        --set model.co_managed.orphan_prob=0 --set "$TRIPLE" \
        --fit model.co_managed.triage_delay=0.1:10 --bootstrap 8 -q -o "$T/cal$seed"
    [ "$RC" = 0 ] || { R+="seed $seed: $(rc_is 0 "cal$seed")"; continue; }
    line=$(awk -F, '$1 == "model.co_managed.triage_delay" { print $6, $7, $8, $9 }' \
        "$T/cal$seed/fitted.csv")
    set -- $line
    seen+="[$2, $3] "
    [ "$4" = identified ] || continue
    identified=$((identified + 1))
    awk -v lo="$2" -v hi="$3" 'BEGIN { exit !(lo <= 1 / 3 && 1 / 3 <= hi) }' && inside=$((inside + 1))
done
[ "$identified" -ge 8 ] || R+="triage identified in $identified of 10 histories only; "
[ "$inside" -ge 8 ] || R+="1/3 inside the interval in $inside of $identified; "
check "calibrate: the true triage factor 1/3 inside its 90 % interval ($inside of $identified identified; $seen)" "$R"

finish
