#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/sla_clocks.sh — business SLA clocks on schedules (issue 21 item
# 3): known answers of the business minutes a clock counts, read off the
# breach flag of one constructed outage against targets one minute apart;
# the default (the model's service desk's hours, not the organisation's);
# a severity's and a model's sla_schedule; the resolved scenario; bad values
# refused with exit 2 naming file:line and key.
#
#   OWNSIM=build/ownsim tests/cli/sla_clocks.sh     (what `make test` runs)
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-sla.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

# One desk on office hours, no delays: a P3 at Friday 17:30 waits for Monday
# 08:00 and is resolved at 08:30.  Its resolve clock counts 30 business
# minutes on the desk's hours, 4 x 60 + 30 = 270 on hours with a Saturday
# morning.  (party.owner, on office hours, owns nothing unless told.)
cat > "$T/s.ini" <<'INI'
[simulation]
reps = 1
warmup = 0
[arrivals]
user_report_delay = 0
[schedule.office]
hours = mon-fri 08:00-17:00
[schedule.satmorning]
hours = mon-fri 08:00-17:00, sat 09:00-13:00
[severity.P3]
effort = 30
sla_clock = business
sla_response = 100000
[category.apps]
weight = 1
[party.desk]
staff = 1
coverage = business
schedule = office
ack_delay = 0
detect_delay = 0
[party.owner]
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

# breached TAG: the sla_resolve_breached flag of the one incident of run TAG
breached() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sla_resolve_breached") c = i; next }
             { print $c }' "$T/$1/incidents.csv" 2>/dev/null
}
# clock NAME MINUTES ARGS...: the clock counts exactly MINUTES (a target of
# MINUTES - 1 is breached, one of MINUTES met)
clock() {
    local name=$1 want=$2 tag=c$((npass + nfail))
    shift 2
    ox "$tag-lo" run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/$tag-lo" \
        --set "severity.P3.sla_resolve=$((want - 1))" "$@"
    R=$(rc_is 0 "$tag-lo")
    ox "$tag-eq" run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/$tag-eq" \
        --set "severity.P3.sla_resolve=$want" "$@"
    R+=$(rc_is 0 "$tag-eq")
    [ "$(breached "$tag-lo")/$(breached "$tag-eq")" = 1/0 ] ||
        R+="breached $(breached "$tag-lo") at $((want - 1)), $(breached "$tag-eq") at $want; "
    check "$name" "$R"
    LAST=$tag-eq
}

clock "by default the service desk's hours: 30 business minutes" 30
clock "the desk's hours, not organisation.schedule's" 30 \
      --set organisation.schedule=satmorning
clock "the desk's hours, whoever works the ticket: a Saturday-morning desk, an office owner (270)" \
      270 --set party.desk.schedule=satmorning --set model.inhouse.owners=apps:owner
clock "severity.sla_schedule on a schedule with a Saturday morning counts it (270)" 270 \
      --set severity.P3.sla_schedule=satmorning
clock "a model's sla_schedule list (270)" 270 \
      --set "model.inhouse.sla_schedule=P3:satmorning"
clock "a model's P3:service_desk over the severity's schedule (30)" 30 \
      --set severity.P3.sla_schedule=satmorning \
      --set "model.inhouse.sla_schedule=P3:service_desk"
R=$(has "$T/$LAST/scenario.ini" "sla_schedule = P3:service_desk")
R+=$(has "$T/$LAST/scenario.ini" "sla_schedule = satmorning")
ox back run "$T/$LAST/scenario.ini" --outages "$T/o.csv" --trace -q -o "$T/back" \
    --set model.inhouse.sla_resolve=P3:29
R+=$(rc_is 0 back)
[ "$(breached back)" = 1 ] || R+="scenario.ini reran to breached $(breached back), want 1; "
check "the resolved scenario writes both and reruns to the same clock" "$R"
clock "a schedule in Paris (UTC+1): Saturday 08:00-12:00 UTC, Monday 07:00-08:30 UTC (330)" 330 \
      --set simulation.tz=UTC --set "schedule.satmorning.tz=Europe/Paris" \
      --set severity.P3.sla_schedule=satmorning --set "schedule.office.tz=UTC"
clock "the schedule's holidays close its clock (Saturday 2026-01-10: 30)" 30 \
      --set severity.P3.sla_schedule=satmorning --set "schedule.satmorning.holidays=2026-01-10"
R=$(sans_implausible "$T/c0-eq.err")
[ -z "$R" ] || R="stderr: $R; "
grep -q '^sla_schedule' "$T/c0-eq/scenario.ini" && R+="sla_schedule written though never given; "
check "without the keys nothing is written or said" "$R"

bad_edit "an unknown schedule in severity.sla_schedule: exit 2 naming file:line and key" 13 \
    severity.P3.sla_schedule "unknown schedule 'satmornin'" \
    's/^sla_clock = business/&\nsla_schedule = satmornin/'
bad_edit "an unknown schedule in a model's sla_schedule: exit 2" 33 model.inhouse.sla_schedule \
    "unknown schedule 'nope'" 's/^handoff_delay = 0/&\nsla_schedule = P3:nope/'
bad_edit "an unknown severity in a model's sla_schedule: exit 2" 33 model.inhouse.sla_schedule \
    "unknown severity 'P9'" 's/^handoff_delay = 0/&\nsla_schedule = P9:office/'
bad_edit "an item without a schedule: exit 2" 33 model.inhouse.sla_schedule \
    "unknown schedule ''" 's/^handoff_delay = 0/&\nsla_schedule = P3:/'
bad_edit "service_desk when a schedule has that name: exit 2" 15 severity.P3.sla_schedule \
    "names both the model's service desk and [schedule.service_desk]" \
    's/^sla_clock = business/&\nsla_schedule = service_desk/; s/^\[schedule.office\]/[schedule.service_desk]\nhours = 24x7\n&/'

finish
