#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/bursts.sh — intake agents and major incidents with ticket bursts
# (issue 23 items 1 and 2): the constructed cases of docs/model.md §4.11 as
# known answers through the command line, on outage lists; the M/M/c known
# answer of the intake queue; a burst at an ample desk leaves every incident
# as it was; the metrics appear only with the mechanisms; bad values are
# refused with exit 2 naming file:line and key.
#
#   OWNSIM=build/ownsim tests/cli/bursts.sh     (what `make test` runs)
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-bursts.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

# A desk and an MSP, round the clock, ample workers; the desk acknowledges
# in 10 minutes; no delay but the acknowledgement, the triage (5, in a gray
# area), the escalation (30) and the work.
cat > "$T/s.ini" <<'INI'
[simulation]
reps = 1
warmup = 0
[arrivals]
user_report_delay = 0
[severity.P3]
effort = 30
[category.apps]
weight = 1
[category.mail]
weight = 1
[party.desk]
staff = 5
coverage = 24x7
ack_delay = 10
detect_delay = 0
[party.msp]
staff = 5
coverage = 24x7
ack_delay = 10
detect_delay = 0
[model.inhouse]
owners = apps:desk, mail:desk
service_desk = desk
triage_delay = 5
handoff_delay = 0
escalation_delay = 30
bounce_work = 0.5
INI

# outages LINE...: $T/o.csv of those rows (id,t_occur,category,severity,effort)
outages() { { echo 'id,t_occur,category,severity,effort'; printf '%s\n' "$@"; } > "$T/o.csv"; }
# ends TAG: "t_resolved/intake/ownership/wasted_effort" of every incident of
# run TAG, by id
ends() {
    awk -F, '{ sub(/\r$/, "") }
             NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             { printf "%s%g/%g/%g/%g", (NR > 2 ? " " : ""), $c["t_occur"] + $c["ttr"],
               $c["intake"], $c["ownership"], $c["wasted_effort"] }' \
        "$T/$1/incidents.csv" 2>/dev/null
}
# col FILE COLUMN ROW: the value of COLUMN in data row ROW of FILE
col() {
    awk -F, -v want="$2" -v row="$3" '{ sub(/\r$/, "") }
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == want) c = i; next }
        NR == row + 1 && c { print $c }' "$1" 2>/dev/null
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
GRAY=(--set model.inhouse.owners=apps:desk+msp,mail:desk)
MAJOR=(--set category.apps.major_prob=P3:1)

# cases 1-4: three tickets at once
outages 0,0,apps,P3,60 1,0,apps,P3,60 2,0,apps,P3,60
known "1. no intake_staff: acknowledgement needs no worker" "70/10/0/0 70/10/0/0 70/10/0/0"
known "2. one intake agent: acknowledged one after the other, in list order" \
      "70/10/0/0 80/20/0/0 90/30/0/0" --set party.desk.intake_staff=1
known "3. two intake agents" "70/10/0/0 70/10/0/0 80/20/0/0" --set party.desk.intake_staff=2
known "4. the model's intake_staff list gives the desk its agent" \
      "70/10/0/0 80/20/0/0 90/30/0/0" --set model.inhouse.intake_staff=desk:1
known "4b. so does its item key model.inhouse.intake_staff.desk" \
      "70/10/0/0 80/20/0/0 90/30/0/0" --set model.inhouse.intake_staff.desk=1
tag=k$((npass + nfail))
ox "$tag" run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/$tag" \
    --set model.inhouse.intake_staff=desk:1 --set party.desk.intake_staff=3
R=$(rc_is 0 "$tag")
got=$(ends "$tag")
[ "$got" = "70/10/0/0 80/20/0/0 90/30/0/0" ] || R+="got '$got': the party's 3 agents reached the model; "
R+=$(has "$T/$tag.err" "party.desk.intake_staff does not reach 1 model")
check "4c. the model's list shadows party.desk.intake_staff, with a warning" "$R"

# case 5: a gray area: the agent triages in the same sitting
outages 0,0,apps,P3,60 1,0,apps,P3,60
known "5. gray area: acknowledgement and triage hold the agent (0-15, 15-30)" \
      "75/10/5/0 90/25/5/0" --set party.desk.intake_staff=1 "${GRAY[@]}"

# cases 6-7: a bounced ticket's re-triage waits for the agent the mail
# ticket holds (40-50)
outages 0,0,apps,P3,60 1,40,mail,P3,60
known "6. a bounced ticket waits 5 for an agent to triage it again" \
      "175/15/100/60 110/10/0/0" --set party.desk.intake_staff=1 "${GRAY[@]}" \
      --set model.inhouse.misroute_prob=1
known "7. as 6 without intake agents" "170/10/100/60 110/10/0/0" "${GRAY[@]}" \
      --set model.inhouse.misroute_prob=1

# cases 8-11: a burst of 4 duplicates at 0; the mail ticket at 1
outages 0,0,apps,P3,60 1,1,mail,P3,60
known "8. 4 duplicates at 1 agent: the mail ticket waits 4 x 10 more" \
      "70/10/0/0 120/59/0/0" --set party.desk.intake_staff=1 "${MAJOR[@]}" \
      --set category.apps.burst_tickets=4
tag=k$((npass + nfail - 1))
R=""
[ "$(col "$T/$tag/models.csv" tickets 1)" = 6 ] || R+="tickets '$(col "$T/$tag/models.csv" tickets 1)', want 6; "
[ "$(col "$T/$tag/models.csv" incidents 1)" = 2 ] || R+="incidents is not 2; "
[ "$(col "$T/$tag/models.csv" major_pct 1)" = 50 ] || R+="major_pct '$(col "$T/$tag/models.csv" major_pct 1)', want 50; "
tr=$(col "$T/$tag/models.csv" ticket_response_mean 1)
awk -v x="$tr" 'BEGIN { exit !(x + 0 > 34.833 && x + 0 < 34.834) }' ||
    R+="ticket_response_mean '$tr', want (10+20+30+40+50+59)/6 = 34.8333; "
[ "$(col "$T/$tag/replications.csv" tickets 1)" = 6 ] || R+="no tickets in replications.csv; "
head -1 "$T/$tag/incidents.csv" | grep -q ',major' || R+="no major column in the trace; "
[ "$(col "$T/$tag/incidents.csv" major 1)" = 1 ] || R+="the apps outage is not flagged major; "
[ "$(col "$T/$tag/incidents.csv" major 2)" = 0 ] || R+="the mail outage is flagged major; "
check "8b. tickets 6 and incidents 2, major_pct 50, ticket_response_mean over the 6 tickets" "$R"
{ cat "$T/s.ini"; printf '\n[model.other]\nowners = apps:desk, mail:desk\nservice_desk = desk\n'; } \
    > "$T/two.ini"
ox two run "$T/two.ini" --outages "$T/o.csv" -q -o "$T/two" --set party.desk.intake_staff=1 \
    "${MAJOR[@]}" --set category.apps.burst_tickets=4
R=$(rc_is 0 two)
grep -qs ',major_pct,' "$T/two/paired.csv" || R+="no major_pct row in paired.csv; "
grep -qs ',ticket_response_mean,' "$T/two/paired.csv" || R+="no ticket_response_mean row in paired.csv; "
grep -qs ',tickets,' "$T/two/paired.csv" && R+="a tickets row in paired.csv (a count); "
check "8c. paired.csv compares major_pct and ticket_response_mean, not the tickets count" "$R"
known "9. as 8 without major incidents: the mail ticket waits for the apps one alone" \
      "70/10/0/0 80/19/0/0" --set party.desk.intake_staff=1
known "10. as 8 with 2 agents: the mail ticket waits 19, not 0" \
      "70/10/0/0 90/29/0/0" --set party.desk.intake_staff=2 "${MAJOR[@]}" \
      --set category.apps.burst_tickets=4
known "11. as 10 without major incidents" "70/10/0/0 71/10/0/0" --set party.desk.intake_staff=2

# case 12: the duplicates come before the outage's own ticket (reported at 5)
outages 0,0,apps,P3,60
B4=(--set arrivals.user_report_delay=5 "${MAJOR[@]}" --set category.apps.burst_tickets=4)
known "12a. a burst at a desk with no limit leaves the outage as it was" "75/10/0/0" "${B4[@]}"
known "12b. a burst at a desk of 5 agents (ample) leaves the outage as it was" "75/10/0/0" \
      "${B4[@]}" --set party.desk.intake_staff=5
known "12c. a burst at 1 agent delays the outage's own ticket to 40" "110/45/0/0" \
      "${B4[@]}" --set party.desk.intake_staff=1

# cases 13-14: a gray area's major incident, 2 duplicates, with and without a bridge
outages 0,0,apps,P3,60 1,1,mail,P3,60
B2=(--set party.desk.intake_staff=1 "${MAJOR[@]}" --set category.apps.burst_tickets=2 "${GRAY[@]}")
known "13. gray area: the duplicates are triaged too (15-30, 30-45)" "75/10/5/0 115/54/0/0" \
      "${B2[@]}"
known "14. bridge: no triage, the bridge's 20 minutes, 20 wasted by the other party" \
      "90/10/20/20 100/39/0/0" "${B2[@]}" --set model.inhouse.major_incident=bridge \
      --set model.inhouse.bridge_delay=20
known "15. a bridge replaces misroutes and bounces" "90/10/20/20 100/39/0/0" "${B2[@]}" \
      --set model.inhouse.major_incident=bridge --set model.inhouse.bridge_delay=20 \
      --set model.inhouse.misroute_prob=1 --set model.inhouse.orphan_prob=1
known "16. a bridge does nothing for an incident that is not major (the mail ticket waits to 15)" \
      "170/10/100/60 85/24/0/0" "${GRAY[@]}" --set model.inhouse.major_incident=bridge \
      --set model.inhouse.bridge_delay=20 --set model.inhouse.misroute_prob=1 \
      --set party.desk.intake_staff=1

# the resolved scenario keeps the keys and replays the same; without them
# neither the keys nor the columns appear
ox keys run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/keys" "${B2[@]}" \
    --set model.inhouse.major_incident=bridge --set model.inhouse.bridge_delay=20 \
    --set category.apps.burst_spread=3
R=$(rc_is 0 keys)
for want in '^intake_staff = 1$' '^major_prob = P3:1$' '^burst_tickets = 2$' '^burst_spread = 3$' \
            '^major_incident = bridge$' '^bridge_delay = 20$'; do
    grep -qs "$want" "$T/keys/scenario.ini" || R+="no '$want' in scenario.ini; "
done
ox back run "$T/keys/scenario.ini" --outages "$T/o.csv" --trace -q -o "$T/back"
R+=$(rc_is 0 back)
cmp -s "$T/keys/incidents.csv" "$T/back/incidents.csv" || R+="scenario.ini replays differently; "
cmp -s "$T/keys/models.csv" "$T/back/models.csv" || R+="scenario.ini gives other models.csv; "
check "scenario.ini keeps the keys and replays the same" "$R"
ox plain run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/plain"
R=$(rc_is 0 plain)
grep -qsE '^(intake_staff|major_prob|burst_tickets|burst_spread|major_incident|bridge_delay) =' \
    "$T/plain/scenario.ini" && R+="keys written at their defaults; "
head -1 "$T/plain/incidents.csv" | grep -q major && R+="trace has a major column; "
grep -qsE 'tickets|major_pct|ticket_response_mean' "$T/plain/models.csv" \
    "$T/plain/replications.csv" && R+="ticket metrics without the mechanisms; "
check "without the keys scenario.ini, the trace and the metrics are as before" "$R"
ox agents run "$T/s.ini" --outages "$T/o.csv" -q -o "$T/agents" --set party.desk.intake_staff=2
R=$(rc_is 0 agents)
grep -qsE 'tickets|major_pct' "$T/agents/models.csv" && R+="burst metrics with intake agents alone; "
grep -qs ticket_response_mean "$T/agents/models.csv" || R+="no ticket_response_mean with intake agents; "
check "intake agents alone add ticket_response_mean, not the burst metrics" "$R"

# The M/M/c known answer: Poisson tickets, 1 every 10 minutes round the
# clock, exponential acknowledgements of mean 10 at 2 agents (a = 1, rho =
# 0.5): Erlang C is 1/3, the mean wait (1/3) / (0.2 - 0.1) = 3.333, so the
# mean intake is 13.333 and, with 1 minute of work by a clear owner of
# ample staff, the mean TTR 14.333.
cat > "$T/mmc.ini" <<'INI'
[simulation]
reps = 20
incidents = 50000
warmup = 1000
[arrivals]
per_week = 1008
user_report_delay = 0
[severity.P3]
effort = 1
[category.apps]
weight = 1
[party.desk]
staff = 50
coverage = 24x7
ack_delay = exponential(mean=10)
intake_staff = 2
[model.inhouse]
owners = apps:desk
service_desk = desk
INI
ox mmc run "$T/mmc.ini" -q -o "$T/mmc"
R=$(rc_is 0 mmc)
m=$(col "$T/mmc/models.csv" intake_mean 1)
lo=$(col "$T/mmc/models.csv" ttr_mean_lo 1)
hi=$(col "$T/mmc/models.csv" ttr_mean_hi 1)
tr=$(col "$T/mmc/models.csv" ticket_response_mean 1)
awk -v m="$m" 'BEGIN { exit !(m + 0 > 13.3333 * 0.99 && m + 0 < 13.3333 * 1.01) }' ||
    R+="intake_mean '$m', want 13.333 within 1%; "
awk -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(lo + 0 <= 14.3333 && 14.3333 <= hi + 0) }' ||
    R+="ttr_mean's interval [$lo, $hi] misses 14.333; "
[ "$tr" = "$m" ] || R+="ticket_response_mean '$tr' is not intake_mean '$m' (no duplicates); "
check "M/M/2 intake: the mean acknowledgement is Erlang C's 13.333 (within 1%, and in the interval)" "$R"

# Agents that cannot keep up (1 agent, acknowledgements of mean 20 for a
# ticket every 10 minutes): the runaway guard names the intake, not a queue
ox intake_run run "$T/mmc.ini" -q -o "$T/intake_run" --set party.desk.intake_staff=1 \
    --set 'party.desk.ack_delay=exponential(mean=20)' --set simulation.max_in_flight=2000
R=$(rc_is 2 intake_run)
R+=$(has "$T/intake_run.err" "model.inhouse.intake_staff: runaway intake")
R+=$(has "$T/intake_run.err" "the 1 intake agents of party 'desk' are booked until day")
[ -e "$T/intake_run" ] && R+="output folder created; "
check "intake agents that cannot keep up: exit 2 naming intake_staff" "$R"

# A burst at an ample desk never changes an incident: the same generated
# outages with and without major incidents (and with a desk of 1,000
# agents) resolve identically, minute for minute
ox amp0 run "$ROOT/scenarios/default.ini" -r 2 -n 3000 --trace -q -o "$T/amp0"
ox amp1 run "$ROOT/scenarios/default.ini" -r 2 -n 3000 --trace -q -o "$T/amp1" \
    --set category.network.major_prob=P1:1,P2:0.5 --set category.network.burst_tickets=20 \
    --set 'category.network.burst_spread=exponential(mean=30)'
R=$(rc_is 0 amp1)
strip() { awk -F, '{ sub(/\r$/, "") } NR == 1 { for (i = 1; i <= NF; i++) if ($i == "major") m = i }
                   { s = ""; for (i = 1; i <= NF; i++) if (i != m) s = s (s == "" && i == 1 ? "" : ",") $i; print s }' "$1"; }
cmp -s <(strip "$T/amp0/incidents.csv") <(strip "$T/amp1/incidents.csv") ||
    R+="a burst at a desk with no limit changed incidents; "
[ "$(col "$T/amp1/models.csv" tickets 1)" -gt "$(col "$T/amp1/models.csv" incidents 1)" ] 2>/dev/null ||
    R+="no duplicate tickets counted; "
check "a burst at a desk with no limit changes no incident (default scenario, 2 x 3000)" "$R"

bad_edit "intake_staff = 0: exit 2 naming file:line and key" 16 party.desk.intake_staff \
    "intake_staff" 's/^ack_delay = 10$/ack_delay = 10\nintake_staff = 0/;T;:a;n;ba'
bad_edit "a model's intake_staff naming no party: exit 2" 25 model.inhouse.intake_staff \
    "nobody" 's/^service_desk = desk$/service_desk = desk\nintake_staff = nobody:2/'
bad_edit "a model's intake_staff of 0: exit 2" 25 model.inhouse.intake_staff \
    "intake_staff" 's/^service_desk = desk$/service_desk = desk\nintake_staff = desk:0/'
bad_edit "a major_prob above 1: exit 2" 9 category.apps.major_prob \
    "major_prob" 's/^\[category.apps\]$/[category.apps]\nmajor_prob = P3:1.5/'
bad_edit "a major_prob of an unknown severity: exit 2" 9 category.apps.major_prob \
    "P9" 's/^\[category.apps\]$/[category.apps]\nmajor_prob = P9:0.5/'
bad_edit "a burst beyond 100000 tickets: exit 2" 9 category.apps.burst_tickets \
    "at most 100000" 's/^\[category.apps\]$/[category.apps]\nburst_tickets = 200000/'
sed 's/^\[category.apps\]$/[category.apps]\nburst_tickets = lognormal(median=10, p90=100000)/' \
    "$T/s.ini" > "$T/chk.ini"
ox chk check "$T/chk.ini"
R=$(rc_is 2 chk)
R+=$(has "$T/chk.err" "chk.ini:9: category.apps.burst_tickets")
check "ownsim check refuses a burst whose tail passes 100000 tickets" "$R"
bad_edit "a burst_spread that is no distribution: exit 2" 9 category.apps.burst_spread \
    "burst_spread" 's/^\[category.apps\]$/[category.apps]\nburst_spread = soon/'
bad_edit "major_incident neither none nor bridge: exit 2" 25 model.inhouse.major_incident \
    "'yes' is not none or bridge" 's/^service_desk = desk$/service_desk = desk\nmajor_incident = yes/'
bad_edit "a negative bridge_delay: exit 2" 25 model.inhouse.bridge_delay \
    "must be >= 0" 's/^service_desk = desk$/service_desk = desk\nbridge_delay = -5/'

finish
