#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/groups.sh — support groups within a party (issue 22 item 2):
# the constructed cases of docs/model.md §4.10 as known answers through the
# command line, on outage lists; first-contact resolution at a desk of
# ample capacity within its binomial interval; the keys written back and
# the metric and trace column only where used; bad values refused with
# exit 2 naming file:line and key.
#
#   OWNSIM=build/ownsim tests/cli/groups.sh     (what `make test` runs)
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-groups.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

# A desk (1 worker, 24x7) that resolves nothing itself (fcr 0), works a
# quarter of the effort before escalating to its engineers (1 worker,
# 24x7) after 10 minutes, with context loss 0.5; no other delay.  The
# desk owns the category: every ticket enters there.
cat > "$T/s.ini" <<'INI'
[simulation]
reps = 1
warmup = 0
[arrivals]
user_report_delay = 0
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
ack_delay = 0
detect_delay = 0
escalate_to = eng
escalate_work = 0.25
escalate_delay = 10
escalate_context_loss = 0.5
[party.eng]
staff = 1
coverage = 24x7
ack_delay = 0
callout_delay = 20
[party.spec]
staff = 1
coverage = 24x7
ack_delay = 0
[model.inhouse]
owners = apps:desk
service_desk = desk
triage_delay = 0
handoff_delay = 0
INI

# outages LINE...: $T/o.csv of those rows (id,t_occur,category,severity,effort);
# minute 0 is Monday 00:00
outages() { { echo 'id,t_occur,category,severity,effort'; printf '%s\n' "$@"; } > "$T/o.csv"; }
# ends TAG: "t_resolved/handoff/after_hours/queue/work/owner/group_escalations"
# of every incident of run TAG, by id
ends() {
    awk -F, '{ sub(/\r$/, "") }
             NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             { printf "%s%g/%g/%g/%g/%g/%s/%s", (NR > 2 ? " " : ""), $c["t_occur"] + $c["ttr"],
               $c["handoff"], $c["after_hours"], $c["queue"], $c["work"], $c["owner"],
               ("group_escalations" in c ? $c["group_escalations"] : "-") }' \
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

outages 0,0,apps,P3,60
known "1. fcr 0: the desk works 15, escalates (10), the engineers work 60 x 1.5: 115" \
      "115/10/0/0/105/eng/1"
known "2. fcr 1: the desk resolves it with the whole effort: 60" \
      "60/0/0/0/60/desk/0" --set party.desk.fcr=apps:1
known "3. without escalate_to the desk is a party as before (no column)" \
      "60/0/0/0/60/desk/-" --set party.desk.escalate_to=
outages 0,0,apps,P3,60 1,5,apps,P3,40
known "4. each group queues on its own: the second waits 10 at the desk, 80 at the engineers" \
      "115/10/0/0/105/eng/1 175/10/0/90/70/eng/1"
outages 0,0,apps,P3,60
known "5. three groups: engineers work half the effort and escalate (20) to specialists" \
      "165/30/0/0/135/spec/2" --set party.eng.escalate_to=spec \
      --set party.eng.escalate_work=0.5 --set party.eng.escalate_delay=20
known "6. the last group resolves whatever its fcr" \
      "165/30/0/0/135/spec/2" --set party.eng.escalate_to=spec \
      --set party.eng.escalate_work=0.5 --set party.eng.escalate_delay=20 \
      --set party.spec.fcr=apps:0
known "7. skill of each group: the engineers' 2 doubles their work only" \
      "205/10/0/0/195/eng/1" --set party.eng.skill=apps:2
# Monday 20:00: the engineers keep business hours (08:00-17:00 weekdays)
outages 0,1200,apps,P3,60
known "8. closing time per group: the engineers are closed, it waits for Tuesday 08:00" \
      "2010/10/695/0/105/eng/1" --set party.eng.coverage=business
known "9. on call per group: the engineers are called out (20)" \
      "1335/10/20/0/105/eng/1" --set party.eng.coverage=business --set party.eng.oncall=P3
# preemption within a group: a P1 interrupts the engineers' P4
outages 0,0,apps,P4,60 1,30,apps,P1,40
known "10. preemption at the engineers: the P4 (25 of 90 worked) resumes with 65 + 5" \
      "180/10/0/60/110/eng/1 110/10/0/0/70/eng/1" --set party.eng.preempt=P1 \
      --set party.eng.resume_penalty=5
outages 0,0,apps,P4,60 1,5,apps,P1,40
known "11. preemption at the desk: the interrupted P4 keeps its decision to escalate" \
      "175/10/0/55/110/eng/1 85/10/0/0/70/eng/1" --set party.desk.preempt=P1 \
      --set party.desk.resume_penalty=5

# the resolved scenario keeps the keys and replays the same; without them
# neither the keys nor the trace column nor the metric appear
outages 0,0,apps,P3,60 1,5,apps,P3,40
ox keys run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/keys" --set party.desk.fcr=apps:0.5
R=$(rc_is 0 keys)
for kv in 'escalate_to = eng' 'fcr = apps:0.5' 'escalate_work = 0.25' 'escalate_delay = 10' \
          'escalate_context_loss = 0.5'; do
    grep -qsx "$kv" "$T/keys/scenario.ini" || R+="'$kv' not written; "
done
ox back run "$T/keys/scenario.ini" --outages "$T/o.csv" --trace -q -o "$T/back"
R+=$(rc_is 0 back)
cmp -s "$T/keys/incidents.csv" "$T/back/incidents.csv" || R+="scenario.ini replays differently; "
check "scenario.ini keeps the group keys and replays the same" "$R"
col() { # FILE COLUMN ROW: the value of COLUMN in data row ROW of FILE
    awk -F, -v want="$2" -v row="$3" '{ sub(/\r$/, "") }
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == want) c = i; next }
        NR == row + 1 && c { print $c }' "$1" 2>/dev/null
}
printf '\n[model.other]\nowners = apps:desk\nservice_desk = desk\ntriage_delay = 0\nhandoff_delay = 0\n' \
    >> "$T/s.ini"
ox met run "$T/s.ini" --outages "$T/o.csv" -q -o "$T/met" --set party.desk.fcr=apps:1
R=$(rc_is 0 met)
[ "$(col "$T/met/models.csv" fcr_pct 1)" = 100 ] ||
    R+="models.csv fcr_pct '$(col "$T/met/models.csv" fcr_pct 1)', want 100; "
[ "$(col "$T/met/replications.csv" fcr_pct 1)" = 100 ] || R+="no fcr_pct in replications.csv; "
grep -qs ',fcr_pct,' "$T/met/paired.csv" || R+="no fcr_pct row in paired.csv; "
ox nomet run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/nomet" --set party.desk.escalate_to=
R+=$(rc_is 0 nomet)
grep -qs fcr_pct "$T/nomet/models.csv" "$T/nomet/paired.csv" "$T/nomet/replications.csv" &&
    R+="fcr_pct without groups; "
grep -qsE '^(escalate_to|fcr) =' "$T/nomet/scenario.ini" && R+="keys written at their defaults; "
head -1 "$T/nomet/incidents.csv" | grep -q group_escalations && R+="trace has the column; "
check "fcr_pct and the trace column only with groups" "$R"

# Known answer: fcr = 0.7 at a desk of ample capacity (50 workers, 24x7,
# engineers as many): 10 x 20,000 generated incidents, the share resolved
# at the desk is 0.7 within its 99 % binomial interval,
# 0.7 +- 2.576 sqrt(0.21 / 200000) = [69.736, 70.264] %
cat > "$T/big.ini" <<'INI'
[simulation]
reps = 10
incidents = 20000
[arrivals]
per_week = 100
[severity.P1]
effort = exponential(mean=30)
[category.apps]
weight = 1
[party.desk]
staff = 50
coverage = 24x7
escalate_to = eng
fcr = apps:0.7
[party.eng]
staff = 50
coverage = 24x7
[model.inhouse]
owners = apps:desk
service_desk = desk
INI
ox big run "$T/big.ini" -q -o "$T/big"
R=$(rc_is 0 big)
f=$(col "$T/big/models.csv" fcr_pct 1)
awk -v f="$f" 'BEGIN { exit !(f != "" && f >= 69.736 && f <= 70.264) }' ||
    R+="fcr_pct '$f' outside [69.736, 70.264]; "
check "fcr 0.7 at an ample desk: fcr_pct $f within the 99 % binomial interval" "$R"

bad_edit "an unknown party in escalate_to: exit 2 naming file:line and key" 21 party.desk.escalate_to \
    "nobody" 's/^escalate_to = eng$/escalate_to = nobody/'
bad_edit "a chain back to itself: exit 2" 21 party.desk.escalate_to \
    "back to itself" 's/^escalate_to = eng$/escalate_to = desk/'
bad_edit "an fcr above 1: exit 2 naming file:line and key" 21 party.desk.fcr \
    "apps" 's/^escalate_to = eng$/fcr = apps:1.5/'
bad_edit "a negative escalate_delay: exit 2" 23 party.desk.escalate_delay \
    "must be >= 0" 's/^escalate_delay = 10$/escalate_delay = -10/'

# Staffing and hours follow the chain, model by model: a group no ticket
# reaches under a model may have no staff there; one reached by escalation
# must have staff, and hours that come (docs/model.md §4.10 step 4)
cat > "$T/reach.ini" <<'INI'
[simulation]
reps = 1
incidents = 300
warmup = 0
[severity.P3]
effort = 30
[category.apps]
weight = 1
[party.desk]
staff = 1
coverage = 24x7
escalate_to = eng
fcr = apps:0.5
[party.eng]
staff = 1
coverage = 24x7
[party.other]
staff = 1
coverage = 24x7
[model.a]
owners = apps:desk
service_desk = other
[model.b]
owners = apps:other
service_desk = other
staff = eng:0, desk:0
INI
ox reach check "$T/reach.ini"
check "a chain no ticket enters under a model needs no staff there" "$(rc_is 0 reach)"
reach_bad() { # NAME LINE KEY MESSAGE SED
    local tag=r$npass$nfail
    sed "$5" "$T/reach.ini" > "$T/$tag.ini"
    ox "$tag" check "$T/$tag.ini"
    R=$(rc_is 2 "$tag")
    R+=$(has "$T/$tag.err" "$tag.ini:$2: $3")
    R+=$(has "$T/$tag.err" "$4")
    check "$1" "$R"
}
reach_bad "a group reached by escalation without staff: exit 2 naming the model's staff" 26 \
    model.b.staff "party 'eng' has no staff in this model, but 'desk' escalates apps tickets" \
    's/^owners = apps:other$/owners = apps:desk/; s/^staff = eng:0, desk:0$/staff = eng:0/'
reach_bad "a group reached by escalation whose hours never come: exit 2" 16 \
    party.eng.coverage "party 'eng' works business hours and receives P3 tickets" \
    '/^\[party.eng\]$/,/^coverage/ s/^coverage = 24x7$/coverage = business/; $ a [calendar]\ndays = none'

finish
