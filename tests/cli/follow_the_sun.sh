#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/follow_the_sun.sh — scenarios/follow_the_sun.ini (issue 20): it
# runs, its offshore site cuts the MSP's after-hours wait, holidays lengthen
# it, and arrivals.holidays is read and refused when wrong.
#
#   OWNSIM=build/ownsim tests/cli/follow_the_sun.sh     (what `make test` runs)
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCN=$ROOT/scenarios/follow_the_sun.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-fts.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

# after_hours_mean of model M in run TAG
ah() {
    awk -F, -v m="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "after_hours_mean") c = i; next }
                      $1 == m { print $c }' "$T/$1/models.csv" 2>/dev/null
}
run() { # TAG ARGS...
    local tag=$1
    shift
    ox "$tag" run "$SCN" -n 3000 -r 4 -q -o "$T/$tag" "$@"
}

run sun
R=$(rc_is 0 sun)
run onshore --set party.msp.schedule=onshore --set party.msp_desk.schedule=onshore
R+=$(rc_is 0 onshore)
a=$(ah sun fully_managed) b=$(ah onshore fully_managed)
awk -v a="$a" -v b="$b" 'BEGIN { exit !(a + 0 > 0 && a < 0.8 * b) }' ||
    R+="fully managed after hours $a with the offshore site, $b without; "
check "the offshore site cuts the fully managed after-hours wait by a fifth or more" "$R"

run nohol --set calendar.holidays_file= --set schedule.onshore.holidays_file= \
    --set schedule.offshore.holidays=
R=$(rc_is 0 nohol)
a=$(ah sun in_house) b=$(ah nohol in_house)
awk -v a="$a" -v b="$b" 'BEGIN { exit !(b + 0 > 0 && a > b) }' ||
    R+="in house after hours $a with holidays, $b without; "
check "holidays lengthen the in-house after-hours wait" "$R"

# the default scenario (which it includes) sets arrivals.holidays = weekend
run wkday --set arrivals.holidays=weekday
R=$(rc_is 0 wkday)
cmp -s "$T/sun/models.csv" "$T/wkday/models.csv" && R+="arrivals.holidays=weekday changed nothing; "
check "arrivals.holidays = weekend (inherited) moves the arrivals against weekday" "$R"

ox badmode run "$SCN" -n 100 -r 1 -q -o "$T/badmode" --set arrivals.holidays=sunday
R=$(rc_is 2 badmode)
grep -q "arrivals.holidays: 'sunday' is not weekday or weekend" "$T/badmode.err" || R+="message: $(head -c 200 "$T/badmode.err"); "
check "a wrong arrivals.holidays: exit 2 naming the key" "$R"

finish
