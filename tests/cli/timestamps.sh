#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/timestamps.sh — wall-clock stamps beside the minutes (issue 20,
# item 1): `run --trace --timestamps` and `outages --timestamps`.  Known
# answers on a zone-less and a zoned clock (across the New York
# spring-forward), sub-minute times rounded down, resolved_at of a known
# wait, the round trip outages --timestamps -> run --outages with the same
# results, a stamp that disagrees with its minute refused (exit 2, file:line
# and column), output independent of the machine's TZ, and no new column
# without the option.
#
#   OWNSIM=build/ownsim tests/cli/timestamps.sh     (what `make test` runs)
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEFAULT=$ROOT/scenarios/default.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-timestamps.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

# col FILE NAME: the column NAME of FILE's rows, one a line (CR dropped)
col() {
    tr -d '\r' < "$1" | awk -F, -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next }
                                             { print c ? $c : "NO-COLUMN" }'
}
# same_list WANT GOT: a reason when the lines differ
same_list() { [ "$1" = "$2" ] || printf 'got [%s], want [%s]; ' "$(echo "$2" | tr '\n' ' ')" "$(echo "$1" | tr '\n' ' ')"; }

# One party open mon-fri 08:00-17:00, nothing random in the way: a P3 at
# Friday 17:30 is resolved 30 minutes after Monday 08:00 (tests/cli/zones.sh).
cat > "$T/k.ini" <<'INI'
[simulation]
reps = 1
warmup = 0
start = 2026-01-05
[arrivals]
user_report_delay = 0
[schedule.office]
hours = mon-fri 08:00-17:00
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
# minute 0; 1559.99 and 1620 about the spring-forward change of 2026-03-08
# 02:00 in New York (minute 1560 from 2026-03-07); Friday 17:30 of the
# first week; a minute past a week and a year
printf 'id,t_occur,category,severity,effort\n0,0,apps,P3,30\n1,1559.99,apps,P3,30\n2,1620,apps,P3,30\n3,6810,apps,P3,30\n4,10080.5,apps,P3,30\n5,525600,apps,P3,30\n' > "$T/o.csv"

stamps() { # TAG ARGS...: run k.ini on o.csv with stamps
    local tag=$1
    shift
    ox "$tag" run "$T/k.ini" --outages "$T/o.csv" --trace --timestamps -q -o "$T/$tag" "$@"
}

stamps plain
R=$(rc_is 0 plain)
R+=$(same_list "2026-01-05T00:00
2026-01-06T01:59
2026-01-06T03:00
2026-01-09T17:30
2026-01-12T00:00
2027-01-05T00:00" "$(col "$T/plain/incidents.csv" t_occur_at)")
check "zone-less: minute 0 is 2026-01-05T00:00, minutes count from simulation.start, seconds dropped, no offset" "$R"

R=$(same_list "2026-01-12T08:30" "$(col "$T/plain/incidents.csv" resolved_at | sed -n 4p)")
check "zone-less: resolved_at of the Friday 17:30 P3 is Monday 08:30 (t_occur + ttr)" "$R"

R=$(rc_is 0 plain)
head -1 "$T/plain/incidents.csv" | tr -d '\r' |
    grep -q '^rep,id,model,category,severity,t_occur,t_occur_at,effort,.*,ttr,resolved_at,handoffs,' ||
    R+="header $(head -1 "$T/plain/incidents.csv"); "
check "trace header: t_occur_at after t_occur, resolved_at after ttr" "$R"

stamps ny --set simulation.tz=America/New_York --set simulation.start=2026-03-07
R=$(rc_is 0 ny)
R+=$(same_list "2026-03-07T00:00-05:00
2026-03-08T01:59-05:00
2026-03-08T04:00-04:00
2026-03-11T18:30-04:00
2026-03-14T01:00-04:00
2027-03-07T00:00-05:00" "$(col "$T/ny/incidents.csv" t_occur_at)")
check "America/New_York from 2026-03-07: 02:00 jumps to 03:00, minute 1620 is 2026-03-08T04:00-04:00" "$R"

stamps chatham --set simulation.tz=Pacific/Chatham
R=$(rc_is 0 chatham)
R+=$(same_list "2026-01-05T00:00+13:45" "$(col "$T/chatham/incidents.csv" t_occur_at | head -1)")
check "Pacific/Chatham: an offset of +13:45" "$R"

stamps utcref --set schedule.office.tz=Europe/Paris
R=$(rc_is 0 utcref)
R+=$(same_list "2026-01-05T00:00+00:00" "$(col "$T/utcref/incidents.csv" t_occur_at | head -1)")
check "a zone on a schedule only: the reference clock is UTC, +00:00" "$R"

# the machine's zone changes nothing
TZ=Pacific/Chatham "$OWNSIM" run "$T/k.ini" --outages "$T/o.csv" --trace --timestamps -q \
    -o "$T/ny-cha" --set simulation.tz=America/New_York --set simulation.start=2026-03-07 >/dev/null 2>&1
TZ=Pacific/Chatham "$OWNSIM" run "$T/k.ini" --outages "$T/o.csv" --trace --timestamps -q \
    -o "$T/plain-cha" >/dev/null 2>&1
R=""
cmp -s "$T/ny/incidents.csv" "$T/ny-cha/incidents.csv" || R+="zoned trace differs; "
cmp -s "$T/plain/incidents.csv" "$T/plain-cha/incidents.csv" || R+="zone-less trace differs; "
check "identical stamps under TZ=Pacific/Chatham" "$R"

# ------------------------------------------------------------ outage lists
Z=(--set simulation.tz=America/New_York --set simulation.start=2026-03-07)
ox list outages "$DEFAULT" -n 3000 "${Z[@]}" --timestamps -o "$T/stamped.csv"
R=$(rc_is 0 list)
ox bare outages "$DEFAULT" -n 3000 "${Z[@]}" -o "$T/bare.csv"
R+=$(rc_is 0 bare)
head -1 "$T/stamped.csv" | tr -d '\r' | grep -qx 'id,t_occur,t_occur_at,category,severity,effort' ||
    R+="header $(head -1 "$T/stamped.csv"); "
cut -d, -f1-2,4- "$T/stamped.csv" | cmp -s - "$T/bare.csv" || R+="other columns differ from the list without stamps; "
check "outages --timestamps: t_occur_at after t_occur, the rest byte for byte as without" "$R"

# each stamp from the minutes by hand: the offset is -05:00 before minute
# 1560 and -04:00 from it on (to 2026-11-01 06:00 UTC, past these rows)
R=$(tr -d '\r' < "$T/stamped.csv" | awk -F, 'NR > 1 && $2 < 300000 {
        m = int($2); off = m < 1560 ? -300 : -240; L = m + off + 300
        d = int(L / 1440); r = L - d * 1440
        # days from 2026-03-07 to a date, months of 2026 from March
        split("31 30 31 30 31 31 30 31 30 31", ml, " ")
        mo = 3; dd = 7 + d
        while (dd > ml[mo - 2]) { dd -= ml[mo - 2]; mo++ }
        want = sprintf("2026-%02d-%02dT%02d:%02d%s", mo, dd, int(r / 60), r % 60,
                       off == -300 ? "-05:00" : "-04:00")
        if ($3 != want) { print "line " NR ": " $3 " want " want; exit } }')
check "outages --timestamps: every stamp agrees with its minute (computed by hand)" "$R"

ox back run "$DEFAULT" "${Z[@]}" --outages "$T/stamped.csv" -r 2 -q -o "$T/back"
R=$(rc_is 0 back)
ox fwd run "$DEFAULT" "${Z[@]}" --outages "$T/bare.csv" -r 2 -q -o "$T/fwd"
R+=$(rc_is 0 fwd)
for f in models.csv severities.csv paired.csv replications.csv; do
    cmp -s "$T/back/$f" "$T/fwd/$f" || R+="$f differs; "
done
check "round trip: run --outages on the stamped list gives the results of the bare list" "$R"

awk -F, 'BEGIN { OFS = "," } NR == 3 { $3 = "2000-01-01T00:00-05:00" } 1' "$T/stamped.csv" > "$T/edited.csv"
ox edited run "$DEFAULT" "${Z[@]}" --outages "$T/edited.csv" -r 1 -q -o "$T/edited"
R=$(rc_is 2 edited)$(has "$T/edited.err" "edited.csv:3: t_occur_at:")
R+=$(has "$T/edited.err" "is not the wall clock of t_occur")
[ -e "$T/edited" ] && R+="output folder created; "
check "a stamp edited without its minute: exit 2 naming file:line and t_occur_at" "$R"

ox other run "$DEFAULT" --outages "$T/stamped.csv" -r 1 -q -o "$T/other"
R=$(rc_is 2 other)$(has "$T/other.err" "stamped.csv:2: t_occur_at:")
check "a stamped list replayed on another clock (no zone): exit 2, the column named" "$R"

printf 'id,t_occur,category,severity,effort,t_occur_at\n0,0,apps,P3,30,2026-01-05T00:00\n1,5,apps,P3,30\n' > "$T/short.csv"
ox short run "$T/k.ini" --outages "$T/short.csv" -q -o "$T/short"
R=$(rc_is 2 short)$(has "$T/short.err" "short.csv:3: t_occur_at: row has 5 fields")
check "a row without its t_occur_at field: exit 2 naming the line" "$R"

# ------------------------------------------------------------ the option
ox notrace run "$T/k.ini" --outages "$T/o.csv" --timestamps -q -o "$T/notrace"
R=$(rc_is 2 notrace)$(has "$T/notrace.err" "--timestamps needs --trace")
[ -e "$T/notrace" ] && R+="output folder created; "
check "run --timestamps without --trace: exit 2, nothing written" "$R"

ox nostamps run "$T/k.ini" --outages "$T/o.csv" --trace -q -o "$T/nostamps"
R=$(rc_is 0 nostamps)
grep -q '_at' "$T/nostamps/incidents.csv" && R+="an _at column without --timestamps; "
cut -d, -f1-6,8-16,18- "$T/plain/incidents.csv" | cmp -s - "$T/nostamps/incidents.csv" ||
    R+="the other columns differ; "
check "without --timestamps: no stamp column, the trace as before" "$R"

ox help run --help
R=$(rc_is 0 help)$(has "$T/help.out" "--timestamps")
check "run --help lists --timestamps" "$R"

finish
