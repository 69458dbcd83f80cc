#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/mature_wins.sh — scenarios/mature_wins.ini (issue 15, item 6):
# co-managed done well beats fully managed on a named metric, the downtime
# cost per incident.  Runs the scenario as shipped (fixed seed, so a fixed
# check, not a statistical one) and reads paired.csv by its header: the
# co_managed_mature row of downtime_cost against the fully_managed baseline
# must have a paired 95 % interval wholly below 0.  A control run
# takes away the two conditions the win rests on (the internal team's
# skill on its own applications and its after-hours P2 cover) and the same
# check must then fail, so the check can fail.  Also: the scenario loads
# without an "implausible" warning.
#
#   OWNSIM=build/ownsim tests/cli/mature_wins.sh     (what `make test` runs)
#
# Prints one line per check, "ok - NAME" or "not ok - NAME: reason", then
# "N passed, M failed"; exits 1 when anything failed.  Takes under a second.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCN=$ROOT/scenarios/mature_wins.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-mature.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"

# wins DIR: a reason unless paired.csv's co_managed_mature row for
# downtime_cost over every severity (baseline fully_managed) has diff_hi < 0
# (paired.csv is long: one row per model, severity and metric; CSV lines end
# in CRLF)
wins() {
    awk -F, '
        { sub(/\r$/, "") }
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i
                  if (!("diff_hi" in col) || !("baseline" in col) || !("metric" in col)) { print "paired.csv has no diff_hi, metric or baseline column"; bad = 1; exit }
                  next }
        $col["model"] == "co_managed_mature" && $col["severity"] == "all" && $col["metric"] == "downtime_cost" {
            found = 1
            if ($col["baseline"] != "fully_managed") print "baseline is " $col["baseline"] ", want fully_managed"
            else if ($col["diff_hi"] == "" || $col["diff_hi"] + 0 >= 0)
                print "downtime_cost diff " $col["diff"] " [" $col["diff_lo"] ", " $col["diff_hi"] "] does not exclude 0 in co_managed_mature'"'"'s favour"
        }
        END { if (!found && !bad) print "no co_managed_mature downtime_cost row" }' "$1/paired.csv" 2>&1 || echo "paired.csv unreadable"
}

ox check check "$SCN"
r=$(rc_is 0 check)
grep -q 'implausible' "$T/check.err" && r="$r$(grep implausible "$T/check.err" | head -1); "
check "mature_wins.ini loads without an implausible warning" "$r"

ox run run "$SCN" -q -o "$T/run"
r=$(rc_is 0 run)
[ -z "$r" ] && r=$(wins "$T/run")
grep -q 'implausible' "$T/run.err" && r="$r$(grep implausible "$T/run.err" | head -1); "
check "co_managed_mature beats fully_managed on downtime cost per incident (paired 95 % CI below 0)" "$r"

# control: the internal team no better than a generalist on its applications
# and not on call for P2 -> the win must go, so the check above can fail
ox ctl run "$SCN" -q -o "$T/ctl" --set party.internal.skill=apps:1 --set party.internal.oncall=P1
r=$(rc_is 0 ctl)
if [ -z "$r" ]; then
    [ -z "$(wins "$T/ctl")" ] && r="the check still passes without the internal team's app skill and P2 cover"
fi
check "control: without app skill and P2 cover the check fails" "$r"

finish
