#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/compose.sh — every mechanism at once on the default scenario
# (issues 20-23: schedules, holidays, on-call pools, support groups — the
# default's MSP desk — plus preemption, intake agents, major incidents with
# bursts and a bridge, and vendors with a gray-area coordinator): the run is
# the same byte for byte at -j 1 and -j 2; in every incident of the trace
# the stages add up to ttr (to the trace's printed precision); and every
# model sees the same outages, major or not (common random numbers).
#
#   OWNSIM=build/ownsim tests/cli/compose.sh     (what `make test` runs)
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-compose.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

ALL=(--set category.network.vendor_prob=0.3
     --set "category.network.vendor_response=lognormal(median=60, p90=240)"
     --set "category.network.vendor_fix=lognormal(median=120, p90=480)"
     --set "model.co_managed.vendor_coordinator=network:internal+msp"
     --set "category.servers.major_prob=P1:0.5, P2:0.1"
     --set "category.servers.burst_tickets=lognormal(median=10, p90=40)"
     --set "category.servers.burst_spread=lognormal(median=20, p90=60)"
     --set model.co_managed.major_incident=bridge
     --set "model.co_managed.bridge_delay=lognormal(median=15, p90=45)"
     --set party.internal.intake_staff=1 --set party.msp_desk.intake_staff=1
     --set party.msp.preempt=P1 --set party.internal.preempt=P1
     --set "party.msp.resume_penalty=lognormal(median=5, p90=15)")
ox j1 run "$ROOT/scenarios/default.ini" -r 3 -n 3000 -j 1 --trace -q -o "$T/j1" "${ALL[@]}"
ox j2 run "$ROOT/scenarios/default.ini" -r 3 -n 3000 -j 2 --trace -q -o "$T/j2" "${ALL[@]}"
R=$(rc_is 0 j1)$(rc_is 0 j2)
for f in models.csv replications.csv paired.csv severities.csv incidents.csv; do
    cmp -s "$T/j1/$f" "$T/j2/$f" || R+="$f differs between -j 1 and -j 2; "
done
for col in vendor_mean preemptions_mean fcr_pct tickets major_pct; do
    head -1 "$T/j1/models.csv" | tr , '\n' | grep -qx "$col" || R+="no $col in models.csv; "
done
check "every mechanism at once: the same at -j 1 and -j 2, each one's metric shown" "$R"

R=$(awk -F, '{ sub(/\r$/, "") }
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { s = $c["vendor"]; for (k = c["detect"]; k <= c["work"]; k++) s += $k
      d = s - $c["ttr"]; if (d > 2e-5 || d < -2e-5) { bad++; if (!w) w = $c["model"] " " $c["id"] } }
    END { if (bad) printf "%d incidents (first: %s) whose stages do not add up to ttr; ", bad, w }' \
    "$T/j1/incidents.csv")
check "every mechanism at once: the stages add up to ttr in every incident" "$R"

# the outage key of every incident, the same under every model
R=$(awk -F, '{ sub(/\r$/, "") }
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { k = $c["rep"] "," $c["id"]; v = $c["t_occur"] "," $c["category"] "," $c["severity"] "," \
          $c["effort"] "," $c["major"]
      if (k in seen && seen[k] != v) { bad++ } else seen[k] = v; n[k]++ }
    END { if (!("major" in c)) printf "no major column; "
          for (k in n) if (n[k] != 4) short++
          if (bad) printf "%d incidents differ between models; ", bad
          if (short) printf "%d outages not under all four models; ", short }' \
    "$T/j1/incidents.csv")
check "every mechanism at once: every model replays the same outages, majors included" "$R"

finish
