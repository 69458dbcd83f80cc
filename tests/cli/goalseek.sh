#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/goalseek.sh — `ownsim goalseek`: known answers checked against a
# sweep and against runs at the answer (tests/data/goalseek.ini), both
# directions, a target on one severity and on a paired difference, the
# range's ends (met nowhere, everywhere, only at the near end), the same
# output for every -j, and bad targets refused with nothing written.
#
# The staff key: with per-model per-party staff keys
# (model.fully_managed.staff.msp, issue 16 item 5) the search is also run on
# that key and must answer exactly as on party.msp.staff (fully_managed lists
# no staff of its own in goalseek.ini); the done-when example (fewest MSP
# engineers keeping P1 SLA breaches <= 5 % under fully_managed on the default
# scenario) must answer (there: 2 since the default closes on US holidays,
# 3 before; with an interval),
# and P1's mean TTR <= 70 there must be found with an interval, the model's
# staff changing its results (74 at 1 engineer, 66 at 2; 75 no longer
# separates them since the MSP's on-call engineer of its own answers night
# P1s whatever the daytime staff).  Without that key, those checks are skipped
# (said so on an "ok" line).
#
#   OWNSIM=build/ownsim tests/cli/goalseek.sh      (what `make test` runs)
#
# Prints "ok - NAME" or "not ok - NAME: reason" per check, then
# "N passed, M failed"; exits 1 when anything failed.  A few seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GS=$ROOT/tests/data/goalseek.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-goalseek.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"

# field NAME FILE: the value of column NAME in the first data row of a CSV
field() {
    tr -d '\r' <"$2" | awk -F, -v want="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == want) k = i; next }
        NR == 2 { if (k) print $k; exit }'
}

# sweep_col FILE MODEL KEYCOL COL: "x value" per row of MODEL in sweep.csv
sweep_col() {
    tr -d '\r' <"$1" | awk -F, -v m="$2" -v kc="$3" -v c="$4" '
        NR == 1 { for (i = 1; i <= NF; i++) { if ($i == kc) xk = i; if ($i == c) vk = i; if ($i == "model") mk = i }; next }
        $mk == m { print $xk, $vk }'
}

# first_at_most PAIRS X: the first x (pairs in increasing x) whose value <= X
first_at_most() { echo "$1" | awk -v t="$2" '$2 <= t { print $1; exit }'; }

STAFF=(--vary party.msp.staff=1:8 --model fully_managed)

# ------------------------------------------- ttr_mean <= 90 against a sweep
ox sweep sweep "$GS" --vary party.msp.staff=1:8:1 -q -o "$T/sweep"
ox gs_ttr goalseek "$GS" "${STAFF[@]}" --target 'ttr_mean<=90' -q -o "$T/gs_ttr"
r=$(rc_is 0 gs_ttr)
m=$(sweep_col "$T/sweep/sweep.csv" fully_managed party.msp.staff ttr_mean)
mlo=$(sweep_col "$T/sweep/sweep.csv" fully_managed party.msp.staff ttr_mean_lo)
mhi=$(sweep_col "$T/sweep/sweep.csv" fully_managed party.msp.staff ttr_mean_hi)
want=$(first_at_most "$m" 90)
want_lo=$(first_at_most "$mlo" 90)
want_hi=$(first_at_most "$mhi" 90)
f=$T/gs_ttr/goalseek.csv
[ "$(field status "$f")" = found ] || r+="status $(field status "$f"), want found; "
[ "$(field value "$f")" = "$want" ] || r+="value $(field value "$f"), want $want (the sweep's first staff with ttr_mean <= 90); "
[ "$(field value_lo "$f")" = "$want_lo" ] || r+="value_lo $(field value_lo "$f"), want $want_lo (first ttr_mean_lo <= 90); "
[ "$(field value_hi "$f")" = "$want_hi" ] || r+="value_hi $(field value_hi "$f"), want $want_hi (first ttr_mean_hi <= 90); "
[ "$want_lo" != "$want_hi" ] || r+="the case no longer has an interval of width > 0; "
at=$(echo "$m" | awk -v x="$want" '$1 == x { print $2 }')
[ "$(field metric_at_value "$f")" = "$at" ] || r+="metric_at_value $(field metric_at_value "$f"), want the sweep's $at; "
grep -q "^goalseek: fully_managed meets ttr_mean <= 90 from party.msp.staff = $want (95% CI $want_lo to $want_hi)" "$T/gs_ttr.out" ||
    r+="stdout: $(head -c 200 "$T/gs_ttr.out"); "
check "goalseek ttr_mean<=90 over staff: the sweep's first staff meeting it, its interval from the sweep's bounds" "$r"

# ----------------------------------------------- --largest, the same target
ox gs_big goalseek "$GS" --vary party.msp.staff=1:8 --model fully_managed --target 'ttr_mean>=90' \
    --largest -q -o "$T/gs_big"
r=$(rc_is 0 gs_big)
f=$T/gs_big/goalseek.csv
[ "$(field value "$f")" = $((want - 1)) ] || r+="value $(field value "$f"), want $((want - 1)); "
[ "$(field seek "$f")" = largest ] || r+="seek $(field seek "$f"); "
grep -q "up to party.msp.staff = $((want - 1))" "$T/gs_big.out" || r+="stdout: $(head -c 200 "$T/gs_big.out"); "
check "goalseek --largest ttr_mean>=90: the staff just below the smallest for <=90" "$r"

# -------------------------------- P1 SLA breaches <= 5 %: runs at the answer
ox gs_p1 goalseek "$GS" "${STAFF[@]}" --target 'sla_breach_pct:P1 <= 5' -q -o "$T/gs_p1"
r=$(rc_is 0 gs_p1)
f=$T/gs_p1/goalseek.csv
v=$(field value "$f")
[ "$(field metric "$f")" = sla_breach_pct:P1 ] || r+="metric $(field metric "$f"); "
p1() {   # p1 STAFF: fully_managed's P1 sla_breach_pct in a run at that staff
    "$OWNSIM" run "$GS" --set party.msp.staff="$1" -q -o "$T/run$1" >/dev/null 2>&1
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sla_breach_pct") k = i; next }
             $1 == "fully_managed" && $2 == "P1" { print $k }' "$T/run$1/severities.csv"
}
if [ -n "$v" ] && [ "$v" -gt 1 ]; then
    at=$(p1 "$v")
    below=$(p1 $((v - 1)))
    awk -v a="$at" 'BEGIN { exit !(a <= 5) }' || r+="P1 breaches $at% at $v, above 5; "
    awk -v a="$below" 'BEGIN { exit !(a > 5) }' || r+="P1 breaches $below% at $((v - 1)), not above 5; "
    [ "$(field metric_at_value "$f")" = "$at" ] || r+="metric_at_value $(field metric_at_value "$f"), the run's $at; "
else
    r+="value '$v', want a staff count above 1; "
fi
[ -n "$(field value_lo "$f")" ] && [ -n "$(field value_hi "$f")" ] || r+="no interval; "
check "goalseek sla_breach_pct:P1<=5: met in a run at the answer, not one below; metric_at_value is severities.csv's" "$r"

# --------------------------------------------- a paired difference (known -5)
ox gs_diff goalseek "$GS" "${STAFF[@]}" --baseline in_house --target 'ttr_mean<=0' -q -o "$T/gs_diff"
r=$(rc_is 0 gs_diff)
f=$T/gs_diff/goalseek.csv
[ "$(field value "$f")" = 3 ] || r+="value $(field value "$f"), want 3; "
[ "$(field baseline "$f")" = in_house ] || r+="baseline $(field baseline "$f"); "
for c in metric_at_value metric_at_value_lo metric_at_value_hi; do
    [ "$(field $c "$f")" = -5 ] || r+="$c $(field $c "$f"), want -5; "
done
check "goalseek --baseline: fully_managed minus in_house on ttr_mean meets <=0 from 3 staff, where it is -5 exactly" "$r"

# ---------------------------------------------------- a real key, --largest
ox gs_ack goalseek "$GS" --vary party.msp.ack_delay=0:120 --model fully_managed \
    --target 'sla_breach_pct:P1<=10' --largest -q -o "$T/gs_ack"
r=$(rc_is 0 gs_ack)
f=$T/gs_ack/goalseek.csv
v=$(field value "$f")
# P1's response target is 15 minutes: past it every P1 breaches
awk -v x="$v" 'BEGIN { exit !(x >= 14.88 && x <= 15) }' || r+="value $v, want within 0.12 below 15; "
awk -v a="$(field metric_at_value "$f")" 'BEGIN { exit !(a <= 10) }' ||
    r+="metric_at_value $(field metric_at_value "$f") misses the target; "
check "goalseek --largest over a real key: just below the 15-minute response target, and meeting it there" "$r"

# -------------------------------------------- nowhere, everywhere, at_end
ox gs_no goalseek "$GS" "${STAFF[@]}" --target 'ttr_mean<=10' -q -o "$T/gs_no"
r=$(rc_is 0 gs_no)
[ "$(field status "$T/gs_no/goalseek.csv")" = nowhere ] || r+="status $(field status "$T/gs_no/goalseek.csv"); "
[ -z "$(field value "$T/gs_no/goalseek.csv")" ] || r+="a value; "
[ -z "$(field value_lo "$T/gs_no/goalseek.csv")" ] || r+="an interval; "
grep -q "meets ttr_mean <= 10 nowhere for party.msp.staff in \[1, 8\]" "$T/gs_no.out" || r+="stdout: $(head -c 200 "$T/gs_no.out"); "
check "goalseek: a target met nowhere in the range is said so, exit 0" "$r"

ox gs_all goalseek "$GS" "${STAFF[@]}" --target 'ttr_mean<=1e9' -q -o "$T/gs_all"
r=$(rc_is 0 gs_all)
f=$T/gs_all/goalseek.csv
[ "$(field status "$f")" = everywhere ] || r+="status $(field status "$f"); "
[ "$(field value "$f")" = 1 ] || r+="value $(field value "$f"), want 1; "
[ "$(field value_lo_open "$f")" = 1 ] || r+="value_lo_open $(field value_lo_open "$f"), want 1; "
grep -q "and also at 8" "$T/gs_all.out" || r+="stdout: $(head -c 200 "$T/gs_all.out"); "
check "goalseek: a target met everywhere gives LO, open below" "$r"

ox gs_end goalseek "$GS" "${STAFF[@]}" --target 'ttr_mean>=1000' -q -o "$T/gs_end"
r=$(rc_is 0 gs_end)
[ "$(field status "$T/gs_end/goalseek.csv")" = at_end ] || r+="status $(field status "$T/gs_end/goalseek.csv"); "
[ "$(field value "$T/gs_end/goalseek.csv")" = 1 ] || r+="value $(field value "$T/gs_end/goalseek.csv"); "
grep -q "and not at 8" "$T/gs_end.out" || r+="stdout: $(head -c 200 "$T/gs_end.out"); "
check "goalseek: met only at LO (the search's own end) gives LO, status at_end" "$r"

# ----------------------------------------------------------- determinism
ox gs_j1 goalseek "$GS" "${STAFF[@]}" --target 'sla_breach_pct:P1<=5' -j 1 -q -o "$T/gs_j1"
ox gs_j3 goalseek "$GS" "${STAFF[@]}" --target 'sla_breach_pct:P1<=5' -j 3 -q -o "$T/gs_j3"
r=""
cmp -s "$T/gs_j1/goalseek.csv" "$T/gs_j3/goalseek.csv" || r+="goalseek.csv differs between -j 1 and -j 3; "
cmp -s "$T/gs_j1/goalseek.csv" "$T/gs_p1/goalseek.csv" || r+="differs from the default -j; "
cmp -s "$T/gs_j1.out" "$T/gs_j3.out" || r+="stdout differs; "
check "goalseek: the same goalseek.csv and line for every -j" "$r"

# ------------------------------------------------------------- bad input
bad() {   # bad TAG WANT_IN_STDERR ARGS...: exit 2, the message, nothing written
    local tag=$1 want=$2
    shift 2
    ox "$tag" goalseek "$GS" "$@" -q -o "$T/$tag"
    local r
    r=$(rc_is 2 "$tag")
    grep -qF -- "$want" "$T/$tag.err" || r+="stderr: $(head -c 300 "$T/$tag.err"); "
    [ ! -e "$T/$tag" ] || r+="wrote $T/$tag; "
    [ ! -s "$T/$tag.out" ] || r+="printed on stdout; "
    check "goalseek refuses $tag: exit 2, '$want', nothing written" "$r"
}
bad lt "'ttr_mean<90' is not METRIC<=X or METRIC>=X" "${STAFF[@]}" --target 'ttr_mean<90'
bad unknown_metric "unknown metric (did you mean ttr_mean?)" "${STAFF[@]}" --target 'ttr_man<=90'
bad unknown_sev "the severities of $GS are P1, P2" "${STAFF[@]}" --target 'ttr_mean:P9<=90'
bad no_sev "queue_mean has no per-severity value" "${STAFF[@]}" --target 'queue_mean:P1<=90'
bad bad_x "the target X 'ninety' is not a decimal number" "${STAFF[@]}" --target 'ttr_mean<=ninety'
bad half_staff "takes whole numbers" --vary party.msp.staff=1.5:8 --model fully_managed --target 'ttr_mean<=90'
bad same "the model and the baseline are the same" "${STAFF[@]}" --baseline fully_managed --target 'ttr_mean<=90'
bad model "no such model" --vary party.msp.staff=1:8 --model fully_manged --target 'ttr_mean<=90'
bad not_numeric "goalseek needs a numeric key" --vary model.fully_managed.owners=1:8 --model fully_managed --target 'ttr_mean<=90'
ox no_target goalseek "$GS" "${STAFF[@]}" -q -o "$T/no_target"
check "goalseek without --target: usage error, exit 2" "$(rc_is 2 no_target)"

# ------------------------------ per-model per-party staff (when available)
if "$OWNSIM" check "$GS" --set model.fully_managed.staff.msp=3 >/dev/null 2>&1; then
    ox gs_model goalseek "$GS" --vary model.fully_managed.staff.msp=1:8 --model fully_managed \
        --target 'ttr_mean<=90' -q -o "$T/gs_model"
    r=$(rc_is 0 gs_model)
    for c in status value value_lo value_hi metric_at_value; do
        [ "$(field $c "$T/gs_model/goalseek.csv")" = "$(field $c "$T/gs_ttr/goalseek.csv")" ] ||
            r+="$c differs from the party key's; "
    done
    check "goalseek over model.fully_managed.staff.msp answers as over party.msp.staff" "$r"
    # the default scenario as shipped (the issue's done-when): 2 MSP engineers
    # keep the mean P1 outage at or under 70 minutes, with an interval (open
    # at both ends: ~27 P1s a replication cannot separate 1 engineer from 8).
    # P1 breaches <= 5 % is met nowhere since the MSP's service desk
    # (issue 22): the acknowledgement and the desk, not the engineers, set
    # its floor (docs/sweeps.md)
    ox gs_default goalseek "$ROOT/scenarios/default.ini" --vary model.fully_managed.staff.msp=1:8 \
        --model fully_managed --target 'ttr_mean:P1<=70' -q -o "$T/gs_default"
    r=$(rc_is 0 gs_default)
    f=$T/gs_default/goalseek.csv
    [ "$(field status "$f")" = found ] || r+="status $(field status "$f"); "
    [ "$(field value "$f")" = 2 ] || r+="value $(field value "$f"), want 2; "
    [ -n "$(field metric_at_value_lo "$f")" ] && [ -n "$(field metric_at_value_hi "$f")" ] ||
        r+="no interval of the metric; "
    grep -q '^goalseek: fully_managed meets ttr_mean:P1 <= 70 from model.fully_managed.staff.msp = 2 (95% CI' "$T/gs_default.out" ||
        r+="stdout: $(head -c 200 "$T/gs_default.out"); "
    ox gs_nowhere goalseek "$ROOT/scenarios/default.ini" --vary model.fully_managed.staff.msp=1:8 \
        --model fully_managed --target 'sla_breach_pct:P1<=5' -q -o "$T/gs_nowhere"
    r+=$(rc_is 0 gs_nowhere)
    [ "$(field status "$T/gs_nowhere/goalseek.csv")" = nowhere ] ||
        r+="P1 breaches <= 5 %: status $(field status "$T/gs_nowhere/goalseek.csv"), want nowhere; "
    check "the done-when example on the default scenario: fewest MSP engineers for a P1 mean <= 70 answers; P1 breaches <= 5 % nowhere" "$r"
    ox gs_default_ttr goalseek "$ROOT/scenarios/default.ini" --vary model.fully_managed.staff.msp=1:8 \
        --model fully_managed --target 'ttr_mean:P1<=70' -q -o "$T/gs_default_ttr"
    r=$(rc_is 0 gs_default_ttr)
    f=$T/gs_default_ttr/goalseek.csv
    [ "$(field status "$f")" = found ] || r+="status $(field status "$f"); "
    [ -n "$(field value_lo "$f")" ] && [ -n "$(field value_hi "$f")" ] || r+="no interval; "
    [ "$(field metric_at_lo "$f")" != "$(field metric_at_hi "$f")" ] || r+="the model's staff changes nothing; "
    check "goalseek over model.fully_managed.staff.msp on the default scenario: P1 TTR <= 70 found, with an interval" "$r"
else
    ok "per-model staff keys (model.fully_managed.staff.msp) not in this build: those checks skipped"
fi

finish
