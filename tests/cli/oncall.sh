#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/oncall.sh — after hours (issue 21): on-call engineers of a
# party's own (oncall_staff) and work paused at closing (at_close), as known
# answers through the command line on constructed outage lists, and bad
# values refused with exit 2 naming file:line and key.
#
#   OWNSIM=build/ownsim tests/cli/oncall.sh     (what `make test` runs)
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-oncall.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

# One desk of four, office hours, P1 on call with a 20-minute call-out, no
# other delay: a ticket's stages are the call-out, the wait and the work.
cat > "$T/s.ini" <<'INI'
[simulation]
reps = 1
warmup = 0
[arrivals]
user_report_delay = 0
[schedule.office]
hours = mon-fri 08:00-17:00
[severity.P1]
effort = 30
[severity.P3]
effort = 30
[category.apps]
weight = 1
[party.desk]
staff = 4
coverage = business
schedule = office
oncall = P1
callout_delay = 20
ack_delay = 0
detect_delay = 0
[model.inhouse]
owners = apps:desk
service_desk = desk
triage_delay = 0
handoff_delay = 0
INI

# outages LINE...: $T/o.csv of those rows (id,t_occur,category,severity,effort);
# minute 0 is Monday 00:00
outages() { { echo 'id,t_occur,category,severity,effort'; printf '%s\n' "$@"; } > "$T/o.csv"; }
# ends TAG: "t_resolved/after_hours/queue" of every incident of run TAG, by id
ends() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             { printf "%s%g/%g/%g", (NR > 2 ? " " : ""), $c["t_occur"] + $c["ttr"],
               $c["after_hours"], $c["queue"] }' "$T/$1/incidents.csv" 2>/dev/null
}
# known NAME WANT ARGS...: run s.ini on o.csv with ARGS; WANT as `ends` prints
known() {
    local name=$1 want=$2 tag=k$((npass + nfail))
    shift 2
    ox "$tag" run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/$tag" "$@"
    R=$(rc_is 0 "$tag")
    got=$(ends "$tag")
    [ "$got" = "$want" ] || R+="got '$got', want '$want'; "
    check "$name" "$R"
}

# two P1s at Monday 02:00 (minute 120): the call-outs engage at 02:20 (140)
outages 0,120,apps,P1,30 1,120,apps,P1,30
known "without oncall_staff the four staff answer both call-outs at once (as before)" \
      "170/20/0 170/20/0"
known "one on-call engineer: the two P1s finish 30 and 60 minutes after the call-out" \
      "170/20/0 200/50/0" --set party.desk.oncall_staff=1
known "two on-call engineers: side by side again" "170/20/0 170/20/0" \
      --set party.desk.oncall_staff=2
known "a model's oncall_staff overrides the party's" "170/20/0 170/20/0" \
      --set party.desk.oncall_staff=1 --set model.inhouse.oncall_staff=desk:2
known "one party's entry by item key model.NAME.oncall_staff.PARTY" "170/20/0 200/50/0" \
      --set model.inhouse.oncall_staff.desk=1
ox shadow run "$T/s.ini" --outages "$T/o.csv" -q -o "$T/shadow" \
    --set model.inhouse.oncall_staff=desk:2 --set party.desk.oncall_staff=1
R=$(rc_is 0 shadow)
R+=$(has "$T/shadow.err" "party.desk.oncall_staff does not reach 1 model whose oncall_staff key lists desk")
R+=$(has "$T/shadow.err" "model.inhouse.oncall_staff.desk (2)")
check "party.P.oncall_staff shadowed by a model's list warns, naming the key that wins" "$R"
known "oncall_staff = 0: nobody is on call, the P1s wait for 08:00" "510/360/0 510/360/0" \
      --set party.desk.oncall_staff=0
known "a 24x7 party ignores oncall_staff and at_close" "150/0/0 150/0/0" \
      --set party.desk.coverage=24x7 --set party.desk.oncall_staff=1 --set party.desk.at_close=pause
known "hours that never close: the day staff work the call-outs, no wake-up at infinity" \
      "150/0/0 180/0/30" --set "schedule.office.hours=24x7" --set party.desk.oncall_staff=1 \
      --set party.desk.staff=1

# the queue of call-outs: severity first, then arrival
outages 0,120,apps,P2,30 1,125,apps,P2,30 2,130,apps,P1,30
sed -i 's/^\[severity.P3\]/[severity.P2]\neffort = 30\n&/; s/^oncall = P1/oncall = P1+P2/' "$T/s.ini"
known "call-outs waiting for the on-call engineer: the P1 before the earlier P2" \
      "170/20/0 230/75/0 200/40/0" --set party.desk.oncall_staff=1

# Monday 07:30: one call-out runs past 08:00 on the on-call engineer, the
# other, queued, goes to the day staff at 08:00
outages 0,450,apps,P1,30 1,450,apps,P1,30
known "at opening the on-call job runs on and the queued call-out goes to the day" \
      "500/20/0 510/30/0" --set party.desk.oncall_staff=1

# Monday 16:30 a P3 of an hour holds the one day worker; a P1 at 16:35 waits
# for it in shared staffing, for the on-call engineer's 17:00 otherwise
outages 0,990,apps,P3,60 1,995,apps,P1,30
known "shared staffing: the waiting P1 takes the day worker when it is free" \
      "1050/0/0 1080/0/55" --set party.desk.staff=1
known "an on-call engineer of its own takes the waiting P1 at closing" \
      "1050/0/0 1050/0/25" --set party.desk.staff=1 --set party.desk.oncall_staff=1

# at_close: a 600-minute job started Monday 08:00 on an 08:00-17:00 day
outages 0,480,apps,P3,600
known "at_close = finish: the job runs to 18:00 (as before)" "1080/0/0"
known "at_close = pause: it resolves at 09:00 the next day" "1980/900/0" \
      --set party.desk.at_close=pause
known "at_close = pause with on-call engineers: the P3 still pauses" "1980/900/0" \
      --set party.desk.at_close=pause --set party.desk.oncall_staff=1
outages 0,480,apps,P1,600
known "at_close = pause: a severity on call runs on" "1080/0/0" \
      --set party.desk.at_close=pause

# TTR stays the sum of the stages, and the resolved scenario reads back
outages 0,120,apps,P1,30 1,120,apps,P1,30 2,480,apps,P3,600
ox sum run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/sum" \
    --set party.desk.at_close=pause --set party.desk.oncall_staff=1
R=$(rc_is 0 sum)
bad=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { s = 0; for (k = c["detect"]; k <= c["work"]; k++) s += $k
      if (s != $c["ttr"]) print $c["id"] }' "$T/sum/incidents.csv" 2>/dev/null)
[ -z "$bad" ] || R+="ttr is not the sum of the stages for $bad; "
grep -qs '^at_close = pause$' "$T/sum/scenario.ini" || R+="at_close not written; "
grep -qs '^oncall_staff = 1$' "$T/sum/scenario.ini" || R+="oncall_staff not written; "
ox back run "$T/sum/scenario.ini" --outages "$T/o.csv" --trace -q -o "$T/back"
R+=$(rc_is 0 back)
cmp -s "$T/sum/incidents.csv" "$T/back/incidents.csv" || R+="scenario.ini replays differently; "
check "TTR is the sum of the stages; scenario.ini keeps the keys and replays the same" "$R"
ox plain run "$T/s.ini" --outages "$T/o.csv" -q -o "$T/plain"
R=$(rc_is 0 plain)
grep -qsE '^(at_close|oncall_staff) =' "$T/plain/scenario.ini" && R+="keys written at their defaults; "
check "without the keys scenario.ini carries neither" "$R"

bad_edit "a negative oncall_staff: exit 2 naming file:line and key" 21 party.desk.oncall_staff \
    "-1 is out of range" 's/^oncall = P1+P2/&\noncall_staff = -1/'
bad_edit "a fractional oncall_staff: exit 2" 21 party.desk.oncall_staff "'1.5'" \
    's/^oncall = P1+P2/&\noncall_staff = 1.5/'
bad_edit "an unknown at_close word: exit 2 naming file:line and key" 21 party.desk.at_close \
    "'later' is not finish or pause" 's/^oncall = P1+P2/&\nat_close = later/'
bad_edit "a negative entry of a model's oncall_staff: exit 2" 29 model.inhouse.oncall_staff \
    "desk" 's/^handoff_delay = 0/&\noncall_staff = desk:-1/'
ox setbad run "$T/s.ini" --outages "$T/o.csv" -q -o "$T/setbad" --set model.inhouse.oncall_staff.desk=-2
R=$(rc_is 2 setbad)
R+=$(has "$T/setbad.err" "model.inhouse.oncall_staff.desk")
check "--set of a negative item key: exit 2 naming the key" "$R"

finish
