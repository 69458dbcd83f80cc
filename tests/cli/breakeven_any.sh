#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/breakeven_any.sh — `ownsim breakeven` on any metric and any key
# (issue 16 item 2), with known answers:
#  - a model's fee: `--metric total_cost_per_year --vary
#    model.fully_managed.fee_per_year=...` ("the highest fee at which fully
#    managed still costs less than in-house").  The fee changes nothing but
#    the fee, so in replication k D(fee) = fee - d_k with
#    d_k = total(in_house)_k - (total(fully_managed)_k - its fee): the
#    break-even is mean(d) exactly and its interval mean(d) -+ t s/sqrt(n),
#    computed here from the replications.csv of a run with the same
#    settings (t = 2.776445 for 5 replications);
#  - one severity's metric (NAME:SEV): tests/data/breakeven.ini, where every
#    incident resolves handoff_delay - 30 minutes later under `handoff`, so
#    ttr_mean:S breaks even at 30 exactly, and tests/data/goalseek.ini, where
#    fully_managed resolves every P1 5 minutes sooner than in_house at 3 MSP
#    staff and later at 2: the first whole number past the crossing is 3;
#  - a severity or metric that does not exist is refused, naming the
#    scenario's severities or the metrics that have a per-severity value.
#
#   OWNSIM=build/ownsim tests/cli/breakeven_any.sh      (what `make test` runs)
#
# Prints "ok - NAME" or "not ok - NAME: reason" per check, then
# "N passed, M failed"; exits 1 when anything failed.  A few seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEF=$ROOT/scenarios/default.ini
BE=$ROOT/tests/data/breakeven.ini
GS=$ROOT/tests/data/goalseek.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-beany.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"

# field NAME FILE: the value of column NAME in the first data row of a CSV
field() {
    tr -d '\r' <"$2" | awk -F, -v want="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == want) k = i; next }
        NR == 2 { if (k) print $k; exit }'
}

# near A B TOL: |A - B| <= TOL
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'; }

# ------------------------------------------------- the fee: a known answer
SET=(-r 5 -n 2000)
ox run run "$DEF" "${SET[@]}" -q -o "$T/run"
ox fee breakeven "$DEF" "${SET[@]}" --vary model.fully_managed.fee_per_year=0:600000 \
    --model fully_managed --baseline in_house --metric total_cost_per_year -q -o "$T/fee"
r=$(rc_is 0 run)$(rc_is 0 fee)
# mean(d) and t s/sqrt(n) from replications.csv
read -r want half < <(tr -d '\r' <"$T/run/replications.csv" | awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "total_cost_per_year") tk = i; if ($i == "fee_per_year") fk = i }; next }
    $1 == "in_house" { ih[$2] = $tk }
    $1 == "fully_managed" { fm[$2] = $tk - $fk }
    END { n = 0; for (k in ih) { d[n++] = ih[k] - fm[k] }
          for (i = 0; i < n; i++) s += d[i]; m = s / n
          for (i = 0; i < n; i++) v += (d[i] - m) ^ 2
          printf "%.3f %.3f\n", m, 2.776445105 * sqrt(v / (n - 1)) / sqrt(n) }')
f=$T/fee/breakeven.csv
[ -n "${want:-}" ] || r+="no total_cost_per_year in replications.csv; "
near "$(field value "$f")" "$want" 3 || r+="value $(field value "$f"), want $want; "
near "$(field value_lo "$f")" "$(awk -v m="$want" -v h="$half" 'BEGIN { print m - h }')" 3 ||
    r+="value_lo $(field value_lo "$f"), want $want - $half; "
near "$(field value_hi "$f")" "$(awk -v m="$want" -v h="$half" 'BEGIN { print m + h }')" 3 ||
    r+="value_hi $(field value_hi "$f"), want $want + $half; "
[ "$(field crosses "$f")" = 1 ] || r+="does not cross; "
check "breakeven total_cost_per_year over fully_managed's fee: in-house's total minus fully_managed's other costs, with its t interval" "$r"

# the same question as a goal seek: the largest fee with a difference <= 0
ox gs_fee goalseek "$DEF" "${SET[@]}" --vary model.fully_managed.fee_per_year=0:600000 \
    --model fully_managed --baseline in_house --target 'total_cost_per_year<=0' --largest \
    -q -o "$T/gs_fee"
r=$(rc_is 0 gs_fee)
v=$(field value "$T/gs_fee/goalseek.csv")
# at most 1/1000 of the range below the break-even, never above it
awk -v v="$v" -v w="$want" 'BEGIN { exit !(v != "" && v <= w + 1 && v >= w - 601) }' ||
    r+="goalseek value $v, want within 600 below $want; "
check "goalseek --largest total_cost_per_year<=0 against in_house: the break-even fee, from below" "$r"

# ------------------------------------------------- one severity: NAME:SEV
ox sev_be breakeven "$BE" --vary model.handoff.handoff_delay=0:100 --model handoff \
    --metric ttr_mean:S -q -o "$T/sev_be"
r=$(rc_is 0 sev_be)
f=$T/sev_be/breakeven.csv
[ "$(field metric "$f")" = ttr_mean:S ] || r+="metric $(field metric "$f"); "
near "$(field value "$f")" 30 0.001 || r+="value $(field value "$f"), want 30; "
near "$(field value_lo "$f")" 30 0.001 || r+="value_lo $(field value_lo "$f"), want 30; "
grep -q "matches direct on ttr_mean:S at model.handoff.handoff_delay = 30 " "$T/sev_be.out" ||
    r+="stdout: $(head -c 200 "$T/sev_be.out"); "
check "breakeven --metric ttr_mean:S: one severity's TTR breaks even at 30 exactly" "$r"

ox sev_p1 breakeven "$GS" --vary party.msp.staff=1:8 --model fully_managed --baseline in_house \
    --metric ttr_mean:P1 -q -o "$T/sev_p1"
r=$(rc_is 0 sev_p1)
[ "$(field value "$T/sev_p1/breakeven.csv")" = 3 ] || r+="value $(field value "$T/sev_p1/breakeven.csv"), want 3; "
check "breakeven --metric ttr_mean:P1 over a staff count: the first whole number past the crossing" "$r"

ox sev_sla breakeven "$GS" --vary party.msp.staff=1:8 --model fully_managed --baseline in_house \
    --metric sla_breach_pct:P1 -q -o "$T/sev_sla"
r=$(rc_is 0 sev_sla)
[ "$(field metric "$T/sev_sla/breakeven.csv")" = sla_breach_pct:P1 ] || r+="metric $(field metric "$T/sev_sla/breakeven.csv"); "
[ -n "$(field diff_at_lo "$T/sev_sla/breakeven.csv")" ] || r+="no difference at LO; "
check "breakeven --metric sla_breach_pct:P1 runs and names the metric" "$r"

# ---------------------------------------------------------- refused names
bad() {   # bad TAG WANT ARGS...: exit 2, WANT in stderr, nothing written
    local tag=$1 want=$2
    shift 2
    ox "$tag" breakeven "$BE" --vary model.handoff.handoff_delay=0:100 --model handoff "$@" -q -o "$T/$tag"
    local r
    r=$(rc_is 2 "$tag")
    grep -qF -- "$want" "$T/$tag.err" || r+="stderr: $(head -c 300 "$T/$tag.err"); "
    [ ! -e "$T/$tag" ] || r+="wrote $T/$tag; "
    check "breakeven refuses $tag: exit 2, '$want', nothing written" "$r"
}
bad unknown_sev "the severities of $BE are S" --metric ttr_mean:P1
bad no_sev "queue_mean has no per-severity value; metrics that have one: incidents, ttr_mean" --metric queue_mean:S
bad unknown_metric "unknown metric (did you mean ttr_mean?)" --metric ttr_man:S

finish
