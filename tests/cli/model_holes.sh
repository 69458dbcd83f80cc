#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/model_holes.sh — the replay's own holes from issue 11, through
# the command line: the business-hours SLA clock at exactly its target
# (item 5) and a calendar that never opens (item 14).
#
#   OWNSIM=build/ownsim tests/cli/model_holes.sh     (what `make test` runs)
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEFAULT=$ROOT/scenarios/default.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-model.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

# ---- item 5: a P3 opened Monday 20:00, worked Tuesday from 08:00 for 700
# minutes (through the close), has exactly 540 business minutes; the
# default scenario's P3 target is 540 business minutes, so no replication
# breaches it.  Before the fix 6-8 of 40 per model were flagged.
printf 'id,t_occur,category,severity,effort\n0,1200,endpoints,P3,700\n' > "$T/p3.csv"
ox p3 run "$DEFAULT" --outages "$T/p3.csv" -r 40 --warmup 0 --trace -q -o "$T/p3"
R=$(rc_is 0 p3)
if [ -f "$T/p3/incidents.csv" ]; then
    n=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sla_resolve_breached") c = i; next }
                 c && $c == 1 { n++ } END { print n + 0 }' "$T/p3/incidents.csv")
    rows=$(($(wc -l < "$T/p3/incidents.csv") - 1))
    [ "$rows" -eq 160 ] || R+="$rows trace rows, want 160; "
    [ "$n" -eq 0 ] || R+="$n of 160 flagged as breaching at exactly the target; "
else
    R+="no incidents.csv; "
fi
check "business-hours SLA at exactly its target (540 business minutes) is met" "$R"

# ---- item 14: calendar.days = none with business-hours parties: a clear
# refusal naming the party's coverage key, exit 2 (was "out of memory
# during the replay", exit 1), and nothing written.
ox none run "$DEFAULT" -r 1 -n 300 --warmup 0 -q --set calendar.days=none -o "$T/none"
R=$(rc_is 2 none)
R+=$(has "$T/none.err" "party.internal.coverage")
R+=$(has "$T/none.err" "calendar.days = none")
grep -q "memory" "$T/none.err" && R+="still blames memory; "
[ -e "$T/none" ] && R+="output folder created; "
check "calendar.days = none with a business-hours owner: exit 2 naming its coverage" "$R"

ox none24 run "$DEFAULT" -r 1 -n 300 --warmup 0 -q --set calendar.days=none \
    --set party.internal.coverage=24x7 --set party.msp.coverage=24x7 \
    --set party.msp_desk.coverage=24x7 -o "$T/none24"
R=$(rc_is 0 none24)
[ -f "$T/none24/models.csv" ] || R+="no models.csv; "
check "calendar.days = none with 24x7 parties runs" "$R"

finish
