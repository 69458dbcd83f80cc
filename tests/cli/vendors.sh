#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/vendors.sh — vendor coordination (issue 23 item 3): the
# constructed cases of docs/model.md §4.12 as known answers through the
# command line, on outage lists; with vendor probability 1 and constant
# vendor times every incident of the default scenario takes exactly the
# vendor's time longer, nothing else moving; probability 0 gives the files
# of a run without the keys; one decision per outage, the same under every
# model; the share of outages needing the vendor within its binomial
# interval; the keys written back and the stage column and metric only
# where used; bad values refused with exit 2 naming file:line and key.
#
#   OWNSIM=build/ownsim tests/cli/vendors.sh     (what `make test` runs)
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-vendors.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

# One category whose every outage needs the vendor (response 30, fix 90,
# around the clock); its owner `internal` (1 worker, 24x7, tool itsm);
# `msp` and `noc` (24x7, tool ticketing) may coordinate; handoffs take 10
# minutes, twice that across tools; no other delay.  Line numbers matter
# (the bad-value cases below name them).
cat > "$T/s.ini" <<'INI'
[simulation]
reps = 1
warmup = 0
[arrivals]
user_report_delay = 0
[schedule.vendor_day]
hours = mon-fri 08:00-17:00
[schedule.never]
hours = none
[severity.P1]
effort = 30
[severity.P3]
effort = 30
[category.net]
weight = 1
vendor_prob = 1
vendor_response = 30
vendor_fix = 90
[party.internal]
staff = 1
coverage = 24x7
ack_delay = 0
detect_delay = 0
tool = itsm
[party.msp]
staff = 1
coverage = 24x7
ack_delay = 0
callout_delay = 15
tool = ticketing
[party.noc]
staff = 1
coverage = 24x7
ack_delay = 0
tool = ticketing
[model.inhouse]
owners = net:internal
service_desk = internal
triage_delay = 5
handoff_delay = 10
cross_tool_factor = 2
escalation_delay = 30
orphan_timeout = 100
bounce_limit = 1
INI

# outages LINE...: $T/o.csv of those rows (id,t_occur,category,severity,effort);
# minute 0 is Monday 00:00
outages() { { echo 'id,t_occur,category,severity,effort'; printf '%s\n' "$@"; } > "$T/o.csv"; }
# ends TAG: "t_resolved/ownership/handoff/after_hours/queue/work/vendor/owner/
# handoffs/bounces" of every incident of run TAG, by id ("-": no vendor column)
ends() {
    awk -F, '{ sub(/\r$/, "") }
             NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             { printf "%s%g/%g/%g/%g/%g/%g/%s/%s/%s/%s", (NR > 2 ? " " : ""),
               $c["t_occur"] + $c["ttr"], $c["ownership"], $c["handoff"], $c["after_hours"],
               $c["queue"], $c["work"], ("vendor" in c ? $c["vendor"] : "-"), $c["owner"],
               $c["handoffs"], $c["bounces"] }' "$T/$1/incidents.csv" 2>/dev/null
}
# known NAME WANT ARGS...: run s.ini on o.csv with ARGS; WANT as `ends` prints
known() {
    local name=$1 want=$2 tag=k$((npass + nfail))
    shift 2
    ox "$tag" run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/$tag" "$@"
    R=$(rc_is 0 "$tag")
    got=$(ends "$tag")
    [ "$got" = "$want" ] || R+="got '$got', want '$want'; "
    # every stage column, the vendor's included, sums to ttr
    bad=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { s = 0; for (k = c["detect"]; k < c["ttr"]; k++) s += $k
          if (s != $c["ttr"]) print $c["id"] }' "$T/$tag/incidents.csv" 2>/dev/null)
    [ -z "$bad" ] || R+="ttr is not the sum of the stages for $bad; "
    check "$name" "$R"
}

outages 0,0,net,P3,60
known "1. the owner calls the vendor: work 60, then the vendor 30 + 90: 180" \
      "180/0/0/0/0/60/120/internal/0/0"
known "2. vendor_prob 0: no vendor, no vendor column" \
      "60/0/0/0/0/60/-/internal/0/0" --set category.net.vendor_prob=0
known "3. msp coordinates: a handoff across tools (10 x 2) before the call: 200" \
      "200/0/20/0/0/60/120/internal/1/0" --set model.inhouse.vendor_coordinator=net:msp
known "4. as 3 on one tool (cross_tool_factor 1): 190" \
      "190/0/10/0/0/60/120/internal/1/0" --set model.inhouse.vendor_coordinator=net:msp \
      --set model.inhouse.cross_tool_factor=1
outages 0,0,net,P3,60 1,1,net,P3,60
known "5. the owner's worker is released at the call: the second starts at 60, not 180" \
      "180/0/0/0/0/60/120/internal/0/0 240/0/0/0/59/60/120/internal/0/0"
# Monday 16:00: the work ends at 17:00, when the vendor (08:00-17:00) closes
outages 0,960,net,P3,60
known "6. the vendor's hours: closed at the call, it engages Tuesday 08:00, fixes by 10:00" \
      "2040/0/0/0/0/60/1020/internal/0/0" --set category.net.vendor_schedule=vendor_day
outages 0,840,net,P3,60
known "7. the vendor's minutes pause at its closing: 120 of 180 on Monday, 60 on Tuesday" \
      "1980/0/0/0/0/60/1080/internal/0/0" --set category.net.vendor_schedule=vendor_day \
      --set category.net.vendor_fix=150
# Monday 20:00: msp keeps the calendar's hours (08:00-17:00 weekdays)
outages 0,1200,net,P3,60
known "8. the coordinator's hours: msp is closed, the call waits for Tuesday 08:00" \
      "2040/0/20/640/0/60/120/internal/1/0" --set model.inhouse.vendor_coordinator=net:msp \
      --set party.msp.coverage=business
known "9. the coordinator's on-call: msp is called out (15), then calls the vendor" \
      "1415/0/20/15/0/60/120/internal/1/0" --set model.inhouse.vendor_coordinator=net:msp \
      --set party.msp.coverage=business --set party.msp.oncall=P3
outages 0,0,net,P3,60
known "10. a gray area msp+noc: triage 5, a handoff to whichever coordinates: 205" \
      "205/5/20/0/0/60/120/internal/1/0" --set model.inhouse.vendor_coordinator=net:msp+noc
known "11. misrouted: triage, to the wrong one and back (bounce limit 1), escalation 30: 275" \
      "275/35/60/0/0/60/120/internal/3/1" --set model.inhouse.vendor_coordinator=net:msp+noc \
      --set model.inhouse.misroute_prob=1
known "12. as 11 with bounce limit 2: two rounds before the escalation: 320" \
      "320/40/100/0/0/60/120/internal/5/2" --set model.inhouse.vendor_coordinator=net:msp+noc \
      --set model.inhouse.misroute_prob=1 --set model.inhouse.bounce_limit=2
known "13. orphaned: nobody calls the vendor for 100, escalation 30, then the call: 330" \
      "330/130/20/0/0/60/120/internal/1/0" --set model.inhouse.vendor_coordinator=net:msp+noc \
      --set model.inhouse.orphan_prob=1
known "14. the coordinator is the owner: no handoff, as 1" \
      "180/0/0/0/0/60/120/internal/0/0" --set model.inhouse.vendor_coordinator=net:internal

# One decision per outage, the same under every model: 40 outages, half
# needing the vendor; model `other` has msp own and coordinate
printf '\n[model.other]\nowners = net:msp\nservice_desk = internal\nvendor_coordinator = net:internal\n' \
    >> "$T/s.ini"
rows=()
for k in $(seq 0 39); do rows+=("$k,$((k * 1000)),net,P3,60"); done
outages "${rows[@]}"
ox crn run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/crn" --set category.net.vendor_prob=0.5
R=$(rc_is 0 crn)
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { v[$c["model"] "," $c["id"]] = ($c["vendor"] > 0) }
    END { for (k = 0; k < 40; k++) { n += v["inhouse," k]; d += v["inhouse," k] != v["other," k] }
          if (d || n < 10 || n > 30) { print n " of 40 need the vendor, " d " differ"; exit 1 } }' \
    "$T/crn/incidents.csv" > "$T/crn.txt" || R+="$(cat "$T/crn.txt"); "
check "the vendor decision is the outage's: the same incidents need it under both models" "$R"
# the resolved scenario keeps the keys and replays the same
for kv in 'vendor_prob = 0.5' 'vendor_response = 30' 'vendor_fix = 90' \
          'vendor_coordinator = net:internal'; do
    grep -qsx "$kv" "$T/crn/scenario.ini" || R+="'$kv' not written; "
done
ox back run "$T/crn/scenario.ini" --outages "$T/o.csv" --trace -q -o "$T/back"
R+=$(rc_is 0 back)
cmp -s "$T/crn/incidents.csv" "$T/back/incidents.csv" || R+="scenario.ini replays differently; "
check "scenario.ini keeps the vendor keys and replays the same" "$R"
col() { # FILE COLUMN ROW: the value of COLUMN in data row ROW of FILE
    awk -F, -v want="$2" -v row="$3" '{ sub(/\r$/, "") }
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == want) c = i; next }
        NR == row + 1 && c { print $c }' "$1" 2>/dev/null
}
R=""
[ "$(col "$T/crn/models.csv" vendor_mean 1)" != "" ] || R+="no vendor_mean in models.csv; "
[ "$(col "$T/crn/replications.csv" vendor_mean 1)" != "" ] || R+="no vendor_mean in replications.csv; "
grep -qs ',vendor_mean,' "$T/crn/paired.csv" || R+="no vendor_mean row in paired.csv; "
ox nov run "$T/s.ini" --outages "$T/o.csv" --trace -q -o "$T/nov" --set category.net.vendor_prob=0
R+=$(rc_is 0 nov)
grep -qs vendor_mean "$T/nov/models.csv" "$T/nov/paired.csv" "$T/nov/replications.csv" &&
    R+="vendor_mean without vendors; "
head -1 "$T/nov/incidents.csv" | grep -q ',vendor,' && R+="trace has the vendor column; "
ox plot plot "$T/crn" -o "$T/crn/charts"
R+=$(rc_is 0 plot)
ox plot0 plot "$T/nov" -o "$T/nov/charts"
R+=$(rc_is 0 plot0)
check "vendor_mean, the trace column and the chart's bar only with vendors" "$R"

# The default scenario, every category needing a vendor (30 + 90, around
# the clock) that the owner calls: every incident of every model takes
# exactly 120 minutes longer and every other stage is what it was
sets=()
for c in network servers security backup apps endpoints; do
    sets+=(--set "category.$c.vendor_prob=1" --set "category.$c.vendor_response=30"
           --set "category.$c.vendor_fix=90")
done
ox d0 run "$ROOT/scenarios/default.ini" -n 3000 -r 1 --trace -q -o "$T/d0"
ox d1 run "$ROOT/scenarios/default.ini" -n 3000 -r 1 --trace -q -o "$T/d1" "${sets[@]}"
R=$(rc_is 0 d1)
awk -F, 'NR == FNR { if (FNR == 1) { for (i = 1; i <= NF; i++) a[$i] = i; next }
                     k = $a["model"] "," $a["id"]; ttr[k] = $a["ttr"]
                     st[k] = $a["detect"] "/" $a["intake"] "/" $a["ownership"] "/" $a["handoff"] \
                             "/" $a["after_hours"] "/" $a["queue"] "/" $a["work"]; next }
         FNR == 1 { for (i = 1; i <= NF; i++) b[$i] = i; next }
         { k = $b["model"] "," $b["id"]; n++
           d = $b["ttr"] - ttr[k] - 120; if (d < 0) d = -d
           s = $b["detect"] "/" $b["intake"] "/" $b["ownership"] "/" $b["handoff"] \
               "/" $b["after_hours"] "/" $b["queue"] "/" $b["work"]
           if (d > 1e-5 || $b["vendor"] != 120 || s != st[k]) bad++ }
         END { if (bad || n < 10000) { print bad " of " n " incidents moved otherwise"; exit 1 } }' \
    "$T/d0/incidents.csv" "$T/d1/incidents.csv" > "$T/d.txt" 2>&1 || R+="$(cat "$T/d.txt"); "
check "default scenario, vendor 30 + 90 for every outage: every TTR exactly 120 longer" "$R"
# probability 0 on every category: the files of the run without the keys
zero=()
for c in network servers security backup apps endpoints; do zero+=(--set "category.$c.vendor_prob=0"); done
ox dz run "$ROOT/scenarios/default.ini" -n 3000 -r 1 --trace -q -o "$T/dz" "${zero[@]}"
R=$(rc_is 0 dz)
diff -rq -x provenance.ini "$T/d0" "$T/dz" > /dev/null || R+="files differ from the run without vendor keys; "
check "vendor_prob 0: every file as without the keys" "$R"

# Known answer of the draw: vendor_prob 0.3 and a constant vendor of 100
# minutes, 10 x 20,000 generated incidents: vendor_mean is 100 x the share
# needing the vendor, within 0.3's 99 % binomial interval,
# 0.3 +- 2.576 sqrt(0.21 / 200000) = [29.736, 30.264] %
cat > "$T/big.ini" <<'INI'
[simulation]
reps = 10
incidents = 20000
[arrivals]
per_week = 100
[severity.P1]
effort = exponential(mean=30)
[category.net]
weight = 1
vendor_prob = 0.3
vendor_fix = 100
[party.internal]
staff = 50
coverage = 24x7
[model.inhouse]
owners = net:internal
service_desk = internal
INI
ox big run "$T/big.ini" -q -o "$T/big"
R=$(rc_is 0 big)
f=$(col "$T/big/models.csv" vendor_mean 1)
awk -v f="$f" 'BEGIN { exit !(f != "" && f >= 29.736 && f <= 30.264) }' ||
    R+="vendor_mean '$f' outside [29.736, 30.264]; "
check "vendor_prob 0.3, a 100-minute vendor: vendor_mean $f within the 99 % binomial interval" "$R"

outages 0,0,net,P3,60
bad() { # NAME LINE KEY MESSAGE SED
    local tag=b$npass$nfail
    sed "$5" "$T/s.ini" > "$T/$tag.ini"
    ox "$tag" check "$T/$tag.ini"
    R=$(rc_is 2 "$tag")
    R+=$(has "$T/$tag.err" "$tag.ini:$2: $3")
    R+=$(has "$T/$tag.err" "$4")
    ox "$tag.run" run "$T/$tag.ini" --outages "$T/o.csv" -q -o "$T/$tag.out.d"
    R+=$(rc_is 2 "$tag.run")
    [ -e "$T/$tag.out.d" ] && R+="output folder created; "
    check "$1" "$R"
}
bad "a vendor_prob above 1: exit 2 naming file:line and key" 16 category.net.vendor_prob \
    "1.5" 's/^vendor_prob = 1$/vendor_prob = 1.5/'
bad "a negative vendor_fix: exit 2" 18 category.net.vendor_fix \
    "must be >= 0" 's/^vendor_fix = 90$/vendor_fix = -90/'
bad "a vendor_response that is no distribution: exit 2" 17 category.net.vendor_response \
    "soon" 's/^vendor_response = 30$/vendor_response = soon/'
bad "an unknown vendor_schedule: exit 2" 18 category.net.vendor_schedule \
    "nosuch" 's/^vendor_fix = 90$/vendor_schedule = nosuch/'
bad "a needed vendor that never opens: exit 2" 18 category.net.vendor_schedule \
    "never fix" 's/^vendor_fix = 90$/vendor_schedule = never/'
bad "an unknown party in vendor_coordinator: exit 2" 44 model.inhouse.vendor_coordinator \
    "nobody" 's/^bounce_limit = 1$/vendor_coordinator = net:nobody/'
bad "an unknown category in vendor_coordinator: exit 2" 44 model.inhouse.vendor_coordinator \
    "web" 's/^bounce_limit = 1$/vendor_coordinator = web:msp/'

finish
