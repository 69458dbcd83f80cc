#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/zones.sh — time zones (issue 20): known answers across a
# daylight-saving change and for two sites 12 h apart, output independent
# of the machine's TZ, and an unknown zone refused with exit 2.
#
#   OWNSIM=build/ownsim tests/cli/zones.sh     (what `make test` runs)
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-zones.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

# Minute 0 is Monday 2026-03-02 00:00 in New York; US daylight saving
# starts Sunday 2026-03-08 02:00, so the weekend after minute 6810 (Friday
# 17:30) is one hour short.
cat > "$T/z.ini" <<'INI'
[simulation]
reps = 1
warmup = 0
tz = America/New_York
start = 2026-03-02
[arrivals]
user_report_delay = 0
[schedule.office]
hours = mon-fri 08:00-17:00
[schedule.west]
hours = mon-sun 08:00-20:00
tz = Etc/UTC
[schedule.east]
hours = mon-sun 08:00-20:00
tz = Asia/Kamchatka
[severity.P3]
effort = 30
sla_clock = business
[category.apps]
weight = 1
[party.desk]
staff = 1
coverage = business
schedule = office
ack_delay = 0
detect_delay = 0
[model.inhouse]
owners = apps:desk
service_desk = desk
triage_delay = 0
handoff_delay = 0
INI
printf 'id,t_occur,category,severity,effort\n0,6810,apps,P3,30\n' > "$T/o.csv"

KNOWN_INI=$T/z.ini   # known, wait_of: tests/cli/lib.sh
known "Friday 17:30 to Monday 08:00 across the spring-forward weekend: 3690 minutes" 3690
known "the same weekend without the change (January): 3750 minutes, one hour more" 3750 \
      --set simulation.start=2026-01-05
known "fall back (start 2026-10-26, change on 2026-11-01): 3810 minutes, one hour more" 3810 \
      --set simulation.start=2026-10-26
known "two 12-hour sites 12 h apart (UTC, Kamchatka): no after-hours wait" 0 \
      --set party.desk.schedule=west+east
known "one site in UTC: Friday 22:30 UTC waits for Saturday 08:00 UTC" 570 \
      --set party.desk.schedule=west

# the machine's zone changes nothing, zoned or not
for sc in "$T/z.ini" "$ROOT/scenarios/default.ini" "$ROOT/scenarios/follow_the_sun.ini"; do
    b=$(basename "$sc" .ini)
    TZ=UTC "$OWNSIM" run "$sc" -n 3000 -r 2 --trace -q -o "$T/utc-$b" > /dev/null 2>&1
    TZ=Pacific/Chatham "$OWNSIM" run "$sc" -n 3000 -r 2 --trace -q -o "$T/cha-$b" > /dev/null 2>&1
    R=""
    [ -f "$T/utc-$b/incidents.csv" ] || R+="no output; "
    diff -r -x provenance.ini "$T/utc-$b" "$T/cha-$b" > /dev/null || R+="outputs differ; "
    check "$b: identical output under TZ=UTC and TZ=Pacific/Chatham" "$R"
done

bad() { # NAME LINE KEY MESSAGE SED
    local tag=b$((npass + nfail))
    sed "$5" "$T/z.ini" > "$T/$tag.ini"
    ox "$tag" run "$T/$tag.ini" --outages "$T/o.csv" -q -o "$T/$tag.out.d"
    R=$(rc_is 2 "$tag")
    R+=$(has "$T/$tag.err" "$tag.ini:$2: $3")
    R+=$(has "$T/$tag.err" "$4")
    [ -e "$T/$tag.out.d" ] && R+="output folder created; "
    check "$1" "$R"
}
bad "an unknown schedule zone: exit 2 naming file:line and key" 15 schedule.east.tz \
    "unknown time zone 'Asia/Kamchatk'" 's|^tz = Asia/Kamchatka|tz = Asia/Kamchatk|'
bad "an unknown reference zone: exit 2" 4 simulation.tz "unknown time zone" \
    's|^tz = America/New_York|tz = America/NewYork|'

finish
