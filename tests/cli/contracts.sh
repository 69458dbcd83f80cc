#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/contracts.sh — contracts per model (issue 15, item 3), end to
# end: each model's SLA breach columns measure it against its own targets
# and clock (sla_response, sla_resolve, sla_clock in [model.NAME]), a
# severity a model does not list keeps the severity's, the resolved
# scenario.ini states every model's contract and reruns to the same
# results.
#
#   OWNSIM=build/ownsim tests/cli/contracts.sh     (what `make test` runs)
#
# Run from anywhere; the fixture is tests/data/contracts.ini (constant
# delays and efforts: every ticket takes 105 minutes from opened to
# resolved, 5 to acknowledge), everything else is generated in a mktemp -d
# folder removed at exit.  Prints one line per check, "ok - NAME" or
# "not ok - NAME: reason", then "N passed, M failed"; exits 1 when anything
# failed.  Takes about a second.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIX=$ROOT/tests/data/contracts.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-contracts.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"

# cell FILE MODEL SEVERITY COLUMN: the value in the row of MODEL (and
# SEVERITY, when FILE has that column; "" otherwise), or "missing"
cell() {
    awk -F, -v m="$2" -v v="$3" -v c="$4" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $col["model"] == m && (v == "" || $col["severity"] == v) { print $col[c]; found = 1; exit }
        END { if (!found) print "missing" }' "$1" 2>/dev/null || echo missing
}
# want DIR MODEL SEVERITY COLUMN VALUE: a reason when the cell differs
want() {
    local got
    got=$(cell "$1/$( [ -n "$3" ] && echo severities || echo models ).csv" "$2" "$3" "$4")
    [ "$got" = "$5" ] || printf '%s %s %s = %s, want %s; ' "$2" "${3:-all}" "$4" "$got" "$5"
}
# run TAG ARGS...: ownsim run the fixture into $T/TAG; the reasons in R
run() {
    local tag=$1
    shift
    ox "$tag" run "$@" -q -o "$T/$tag"
    R=$(rc_is 0 "$tag")
}

run base "$FIX"
r=$R
for m in loose plain; do r+=$(want "$T/base" $m P1 sla_breach_pct 0); done
r+=$(want "$T/base" tight P1 sla_breach_pct 100)
r+=$(want "$T/base" loose "" sla_response_breach_pct 0)
check "P1 under its own contract: loose (240) breaches 0 %, tight (4 / 60) 100 %, plain (the severity's 10 / 120) 0 %" "$r"

r=""
for m in loose tight plain; do r+=$(want "$T/base" $m P2 sla_breach_pct 100); done
check "P2, listed by no model: every model held to the severity's 90-minute resolve target (100 %)" "$r"

r=""
for m in tight plain; do r+=$(want "$T/base" $m P3 sla_breach_pct 100); done
p3=$(cell "$T/base/severities.csv" loose P3 sla_breach_pct)
awk -v x="$p3" 'BEGIN { exit !(x > 0 && x < 100) }' || r+="loose P3 = $p3, want strictly between 0 and 100 (business minutes only); "
check "P3 on the model's business clock (loose) breaches only when opened in business hours; on the wall clock always" "$r"

r=""
grep -qx 'sla_resolve = P1:240, P2:90, P3:60' "$T/base/scenario.ini" || r+="no resolved sla_resolve of loose; "
grep -qx 'sla_clock = P1:wall, P2:wall, P3:business' "$T/base/scenario.ini" || r+="no resolved sla_clock of loose; "
grep -qx 'sla_response = P1:4, P2:10, P3:10' "$T/base/scenario.ini" || r+="no resolved sla_response of tight; "
run again "$T/base/scenario.ini"
r+=$R
for f in models.csv severities.csv paired.csv replications.csv; do
    cmp -s "$T/base/$f" "$T/again/$f" || r+="$f differs when run from scenario.ini; "
done
cmp -s "$T/base/scenario.ini" "$T/again/scenario.ini" || r+="scenario.ini differs when run from scenario.ini; "
check "scenario.ini states every model's resolved contract and reruns to the same results" "$r"

# the severity's target moves every model that does not set its own
run sev "$FIX" --set severity.P1.sla_resolve=100
r=$R$(want "$T/sev" plain P1 sla_breach_pct 100)$(want "$T/sev" loose P1 sla_breach_pct 0)
check "--set severity.P1.sla_resolve=100 moves plain (105 > 100: 100 %), not loose (its own 240)" "$r"

run mod "$FIX" --set model.loose.sla_resolve=P1:100
r=$R$(want "$T/mod" loose P1 sla_breach_pct 100)$(want "$T/mod" plain P1 sla_breach_pct 0)
check "--set model.loose.sla_resolve=P1:100 replaces loose's own list (100 %), plain unchanged" "$r"

# without the models' keys every model is held to the severities' SLA:
# every breach column equals plain's
awk '/^\[/ { m = ($0 ~ /^\[model\./) } !(m && /^sla_/)' "$FIX" >"$T/nocontract.ini"
run none "$T/nocontract.ini"
r=$R
for m in loose tight; do
    for c in sla_response_breach_pct sla_resolve_breach_pct sla_breach_pct; do
        r+=$(want "$T/none" $m "" $c "$(cell "$T/none/models.csv" plain "" $c)")
    done
done
check "no contract in any model: every model measured against the severity's targets alike" "$r"

finish
