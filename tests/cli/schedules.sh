#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/schedules.sh — schedules per party (issue 20): known answers of
# the after-hours wait through the command line, and bad schedules refused
# with exit 2 naming file:line and key.
#
#   OWNSIM=build/ownsim tests/cli/schedules.sh     (what `make test` runs)
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-sched.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

# One desk, no delays but the hours: a ticket's after_hours stage is the
# wait for the desk's schedule to open.
cat > "$T/s.ini" <<'INI'
[simulation]
reps = 1
warmup = 0
[arrivals]
user_report_delay = 0
[schedule.office]
hours = mon-fri 08:00-17:00
[schedule.day]
hours = mon-sun 08:00-20:00
[schedule.night]
hours = mon-sun 20:00-08:00
[severity.P3]
effort = 30
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
# a P3 at Friday 17:30 (minute 4 x 1440 + 1050 of week 0)
printf 'id,t_occur,category,severity,effort\n0,6810,apps,P3,30\n' > "$T/o.csv"

KNOWN_INI=$T/s.ini   # known, wait_of: tests/cli/lib.sh
known "office hours: Friday 17:30 waits until Monday 08:00 (3750 minutes)" 3750
known "a night shift crossing midnight opens Friday 20:00 (150 minutes)" 150 \
      --set party.desk.schedule=night
known "two 12-hour sites 12 h apart: no after-hours wait" 0 \
      --set party.desk.schedule=day+night
known "the calendar's hours as a schedule (calendar.hours)" 870 \
      --set party.desk.schedule= --set "calendar.hours=mon-fri 08:00-17:00, sat 08:00-12:00"
known "simulation.start on a Friday: minute 6810 is Tuesday 17:30, open Wednesday 08:00" 870 \
      --set simulation.start=2026-01-09

# Friday 2026-01-16 17:30 (minute 16890) before Monday 2026-01-19, a holiday
printf 'id,t_occur,category,severity,effort\n0,16890,apps,P3,30\n' > "$T/o.csv"
known "a P3 at Friday 17:30 before a Monday holiday waits until Tuesday 08:00" 5190 \
      --set schedule.office.holidays=2026-01-19
known "calendar.holidays: two holidays, Wednesday 08:00" 6630 \
      --set party.desk.schedule= --set "calendar.holidays=2026-01-19, 2026-01-20"
known "the same without the holiday: Monday 08:00" 3750
known "calendar.holidays_file: the shipped US federal holidays (MLK day, an RRULE)" 5190 \
      --set party.desk.schedule= --set "calendar.holidays_file=$ROOT/scenarios/holidays/US.ics"
# holidays_file = country: the list shipped for organisation.country
# (a subdivision falls back to its country's), or $OWNSIM_HOLIDAYS's
known "holidays_file = country, organisation.country = US: the shipped US list" 5190 \
      --set party.desk.schedule= --set organisation.country=US --set calendar.holidays_file=country
tag=k$((npass + nfail - 1))
R=$(has "$T/$tag/provenance.ini" "$ROOT/scenarios/holidays/US.ics")
R+=$(has "$T/$tag/scenario.ini" "holidays_file = $ROOT/scenarios/holidays/US.ics")
check "the country's list is named in provenance.ini (hashed) and scenario.ini" "$R"
known "a subdivision (US-CA) without its own list takes its country's" 5190 \
      --set party.desk.schedule= --set organisation.country=US-CA \
      --set calendar.holidays_file=country
mkdir -p "$T/hol"
printf 'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\nBEGIN:VEVENT\nUID:1\nDTSTAMP:20260101T000000Z\nDTSTART;VALUE=DATE:20260119\nRRULE:FREQ=DAILY;COUNT=2\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n' > "$T/hol/US.ics"
OWNSIM_HOLIDAYS=$T/hol known "OWNSIM_HOLIDAYS chooses the folder of the shipped lists" 6630 \
      --set party.desk.schedule= --set organisation.country=US \
      --set schedule.office.holidays_file=country --set party.desk.schedule=office
printf 'id,t_occur,category,severity,effort\n0,6810,apps,P3,30\n' > "$T/o.csv"

# the resolved scenario reads back to the same run
ox back run "$T/k0/scenario.ini" --outages "$T/o.csv" --trace -q -o "$T/back" 2>/dev/null
R=$(rc_is 0 back)
[ "$(wait_of back)" = 3750 ] || R+="after_hours $(wait_of back) from scenario.ini; "
grep -q '^schedule = office$' "$T/k0/scenario.ini" || R+="party schedule not written; "
check "scenario.ini keeps the schedules" "$R"

# a run past the end of its holiday data warns once; a rule without end never
printf 'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\nBEGIN:VEVENT\nUID:1\nDTSTAMP:20260101T000000Z\nDTSTART;VALUE=DATE:20260119\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n' > "$T/dated.ics"
ox holend run "$ROOT/scenarios/default.ini" -r 1 -n 2000 -q -o "$T/holend" \
    --set "calendar.holidays_file=$T/dated.ics"
R=$(rc_is 0 holend)
R+=$(has "$T/holend.err" "spans about 1167 days, to 2029-03-17, past the end of the holiday data (2026-01-19")
[ "$(grep -c 'holiday data' "$T/holend.err")" = 1 ] || R+="told $(grep -c 'holiday data' "$T/holend.err") times; "
ox holrule run "$ROOT/scenarios/default.ini" -r 1 -n 2000 -q -o "$T/holrule" \
    --set "calendar.holidays_file=$ROOT/scenarios/holidays/US.ics"
R+=$(rc_is 0 holrule)
grep -q 'holiday data' "$T/holrule.err" && R+="a rule without end warned; "
check "a run past the end of a dated holidays_file warns once; yearly rules never" "$R"

bad_edit "overlapping intervals: exit 2 naming file:line and key" 7 schedule.office.hours \
    overlaps 's/^hours = mon-fri 08:00-17:00/hours = mon-fri 08:00-12:00 11:00-17:00/'
bad_edit "an empty interval: exit 2" 7 schedule.office.hours "empty interval" \
    's/^hours = mon-fri 08:00-17:00/hours = mon-fri 08:00-08:00/'
bad_edit "a time that does not exist: exit 2" 7 schedule.office.hours "not an interval" \
    's/^hours = mon-fri 08:00-17:00/hours = mon-fri 08:00-25:00/'
bad_edit "an unknown schedule: exit 2" 19 party.desk.schedule "unknown schedule 'ofice'" \
    's/^schedule = office/schedule = ofice/'
bad_edit "a schedule of no hours for a business-hours owner: exit 2" 18 party.desk.coverage \
    "business hours never come" 's/^hours = mon-fri 08:00-17:00/hours = none/'
bad_edit "a date that does not exist: exit 2" 4 simulation.start "'2026-02-29' is not a date" \
    's/^warmup = 0/warmup = 0\nstart = 2026-02-29/'
bad_edit "a holiday that does not exist: exit 2" 8 schedule.office.holidays \
    "'2026-02-30' is not a date" 's/^hours = mon-fri 08:00-17:00/&\nholidays = 2026-01-19, 2026-02-30/'
printf 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2026XX19\nEND:VEVENT\n' > "$T/bad.ics"
bad_edit "a malformed .ics: exit 2 naming file:line and key" 8 schedule.office.holidays_file \
    "not a valid iCalendar file" 's|^hours = mon-fri 08:00-17:00|&\nholidays_file = bad.ics|'
bad_edit "an unreadable .ics: exit 2" 8 schedule.office.holidays_file \
    "cannot find" 's|^hours = mon-fri 08:00-17:00|&\nholidays_file = missing.ics|'
bad_edit "holidays_file = country without organisation.country: exit 2" 8 \
    schedule.office.holidays_file "organisation.country, which is not set" \
    's|^hours = mon-fri 08:00-17:00|&\nholidays_file = country|'
bad_edit "holidays_file = country for a country with no shipped list: exit 2" 8 \
    schedule.office.holidays_file "no holiday list is shipped for GB" \
    's|^hours = mon-fri 08:00-17:00|&\nholidays_file = country|; $a [organisation]\ncountry = GB'

finish
