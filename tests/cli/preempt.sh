#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/preempt.sh — preemption (issue 22 item 1): the constructed cases
# of docs/model.md §4.9 as known answers through the command line, on
# outage lists, and bad values refused with exit 2 naming file:line and key.
#
#   OWNSIM=build/ownsim tests/cli/preempt.sh     (what `make test` runs)
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-preempt.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

# One worker, round the clock, no delay but the work: a ticket's stages are
# its wait and its work.  P1 preempts, an interrupted job adds 5 minutes.
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
[severity.P2]
effort = 30
[severity.P3]
effort = 30
[severity.P4]
effort = 30
[category.apps]
weight = 1
[party.desk]
staff = 1
coverage = 24x7
schedule = office
oncall = P1
callout_delay = 20
preempt = P1
resume_penalty = 5
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
# ends TAG: "t_resolved/after_hours/queue/work/preempted" of every incident
# of run TAG, by id
ends() {
    awk -F, '{ sub(/\r$/, "") }
             NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             { printf "%s%g/%g/%g/%g/%s", (NR > 2 ? " " : ""), $c["t_occur"] + $c["ttr"],
               $c["after_hours"], $c["queue"], $c["work"],
               ("preempted" in c ? $c["preempted"] : "-") }' \
        "$T/$1/incidents.csv" 2>/dev/null
}
# known NAME WANT ARGS...: run s.ini on o.csv with ARGS; WANT as `ends` prints
known() {
    local name=$1 want=$2 tag=k$((npass + nfail))
    shift 2
    ox "$tag" run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/$tag" "$@"
    R=$(rc_is 0 "$tag")
    got=$(ends "$tag")
    [ "$got" = "$want" ] || R+="got '$got', want '$want'; "
    bad=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { s = 0; for (k = c["detect"]; k <= c["work"]; k++) s += $k
          if (s != $c["ttr"]) print $c["id"] }' "$T/$tag/incidents.csv" 2>/dev/null)
    [ -z "$bad" ] || R+="ttr is not the sum of the stages for $bad; "
    check "$name" "$R"
}

# case 1: a P4 of 60 at 0, a P1 of 30 at 10
outages 0,0,apps,P4,60 1,10,apps,P1,30
known "1. the P1 interrupts the P4: P1 ends at 40, P4 resumes with 50 + 5 and ends at 95" \
      "95/0/30/65/1 40/0/0/30/0"
known "2. preempt = none: the P1 waits for the P4 (as before)" \
      "60/0/0/60/- 90/0/50/30/-" --set party.desk.preempt=none
known "3. preempt = P2: a P1 does not interrupt a P4" \
      "60/0/0/60/0 90/0/50/30/0" --set party.desk.preempt=P2

# case 4: two P1s, the second interrupting the resumed P4 again
outages 0,0,apps,P4,60 1,10,apps,P1,30 2,50,apps,P1,30
known "4. interrupted twice: 10 + 10 + 50 minutes of work, two penalties" \
      "130/0/60/70/2 40/0/0/30/0 80/0/0/30/0"
# case 5: a P1 in hand is not interrupted by another P1
outages 0,0,apps,P1,60 1,10,apps,P1,30
known "5. equal severity: no interruption" "60/0/0/60/0 90/0/50/30/0"

# case 6: two workers, a P4 started at 0 and one at 5: the later is interrupted
outages 0,0,apps,P4,100 1,5,apps,P4,100 2,10,apps,P1,30
known "6. ties: the job started last is interrupted" \
      "100/0/0/100/0 135/0/30/100/1 40/0/0/30/0" --set party.desk.staff=2 \
      --set party.desk.resume_penalty=0
# case 7: a P4 started at 0 and a P3 at 5: the lowest severity is interrupted
outages 0,0,apps,P4,100 1,5,apps,P3,100 2,10,apps,P1,30
known "7. the lowest severity in hand is interrupted, not the last started" \
      "130/0/30/100/1 105/0/0/100/0 40/0/0/30/0" --set party.desk.staff=2 \
      --set party.desk.resume_penalty=0
# case 8: with P2 preempting too, a P2 interrupts the P4
outages 0,0,apps,P4,60 1,10,apps,P2,30
known "8. preempt = P1+P2: a P2 interrupts a P4" "95/0/30/65/1 40/0/0/30/0" \
      --set party.desk.preempt=P1+P2

# business hours, at_close = pause: a 600-minute P4 from Monday 08:00
# pauses at 17:00 with 60 minutes left; a P1 call-out at 20:00 engages at
# 20:20 (1220)
outages 0,480,apps,P4,600 1,1200,apps,P1,30
known "9. without preempt the paused P4 holds the worker: the P1 waits until 09:00" \
      "1980/900/0/600/- 2010/20/760/30/-" --set party.desk.coverage=business \
      --set party.desk.at_close=pause --set party.desk.preempt=none
known "10. the P1 call-out interrupts the paused P4, which resumes at 08:00 with 60 + 5" \
      "1985/900/0/605/1 1250/20/0/30/0" --set party.desk.coverage=business \
      --set party.desk.at_close=pause
known "11. an on-call engineer of its own takes the P1: the paused day job is not touched" \
      "1980/900/0/600/0 1250/20/0/30/0" --set party.desk.coverage=business \
      --set party.desk.at_close=pause --set party.desk.oncall_staff=1
# on call P1+P2 with one on-call engineer: a P2 call-out at 20:00 (works
# from 20:20), a P1 call-out at 20:10 (engages 20:30) interrupts it with 50
# minutes left
outages 0,1200,apps,P2,60 1,1210,apps,P1,30
known "12. on call: the P1 interrupts the on-call engineer's P2; its wait is after hours" \
      "1315/50/0/65/1 1260/20/0/30/0" --set party.desk.coverage=business \
      --set party.desk.oncall=P1+P2 --set party.desk.oncall_staff=1

# the resolved scenario keeps the keys and replays the same; without them
# neither the keys nor the trace column appear
outages 0,0,apps,P4,60 1,10,apps,P1,30
ox keys run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/keys"
R=$(rc_is 0 keys)
grep -qs '^preempt = P1$' "$T/keys/scenario.ini" || R+="preempt not written; "
grep -qs '^resume_penalty = 5$' "$T/keys/scenario.ini" || R+="resume_penalty not written; "
ox back run "$T/keys/scenario.ini" --outages "$T/o.csv" --trace -q -o "$T/back"
R+=$(rc_is 0 back)
cmp -s "$T/keys/incidents.csv" "$T/back/incidents.csv" || R+="scenario.ini replays differently; "
check "scenario.ini keeps preempt and resume_penalty and replays the same" "$R"
ox plain run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/plain" \
    --set party.desk.preempt= --set party.desk.resume_penalty=
R=$(rc_is 0 plain)
grep -qsE '^(preempt|resume_penalty) =' "$T/plain/scenario.ini" && R+="keys written at their defaults; "
head -1 "$T/plain/incidents.csv" | grep -q preempted && R+="trace has a preempted column; "
check "without preemption scenario.ini and the trace are as before" "$R"

# the metric: preemptions_mean in models.csv, replications.csv and paired.csv
# where a party preempts (one interruption, two incidents: 0.5), in none
# without
printf '\n[model.other]\nowners = apps:desk\nservice_desk = desk\ntriage_delay = 0\nhandoff_delay = 0\n' \
    >> "$T/s.ini"
ox met run "$T/s.ini" --outages "$T/o.csv" -q -o "$T/met"
R=$(rc_is 0 met)
col() { # FILE COLUMN ROW: the value of COLUMN in data row ROW of FILE
    awk -F, -v want="$2" -v row="$3" '{ sub(/\r$/, "") }
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == want) c = i; next }
        NR == row + 1 && c { print $c }' "$1" 2>/dev/null
}
[ "$(col "$T/met/models.csv" preemptions_mean 1)" = 0.5 ] ||
    R+="models.csv preemptions_mean '$(col "$T/met/models.csv" preemptions_mean 1)', want 0.5; "
[ "$(col "$T/met/replications.csv" preemptions_mean 1)" = 0.5 ] || R+="no preemptions_mean in replications.csv; "
grep -qs ',preemptions_mean,' "$T/met/paired.csv" || R+="no preemptions_mean row in paired.csv; "
ox nomet run "$T/s.ini" --outages "$T/o.csv" -q -o "$T/nomet" --set party.desk.preempt=none
R+=$(rc_is 0 nomet)
grep -qs preemptions_mean "$T/nomet/models.csv" "$T/nomet/paired.csv" "$T/nomet/replications.csv" &&
    R+="preemptions_mean without preemption; "
check "preemptions_mean reaches models.csv, replications.csv and paired.csv only with preemption" "$R"

bad_edit "an unknown severity in preempt: exit 2 naming file:line and key" 24 party.desk.preempt \
    "unknown severity 'P9'" 's/^preempt = P1$/preempt = P1+P9/'
bad_edit "a negative resume_penalty: exit 2 naming file:line and key" 25 party.desk.resume_penalty \
    "must be >= 0" 's/^resume_penalty = 5$/resume_penalty = -5/'
bad_edit "a resume_penalty that can go negative: exit 2" 25 party.desk.resume_penalty \
    "min (-1) must be >= 0" 's/^resume_penalty = 5$/resume_penalty = uniform(min=-1, max=3)/'

finish
