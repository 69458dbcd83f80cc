#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/pipeline.sh — calibration end to end: a synthetic ServiceNow
# export of ~2,000 tickets from known parameters (tests/import/gen_tickets.c,
# with its planted mess), `ownsim import`, then `ownsim fit`, must recover the
# parameters.  Tolerances are about 3.5 standard errors at this sample size
# (lognormal log-median SE = sigma/sqrt(n), n per severity = share x 1,939):
#   per_week ±10%; category and severity shares ±0.04 (absolute);
#   business-hours share of arrivals ±0.04;
#   effort median: P1 ±30% (n~95), P2 ±20%, P3 ±15%, P4 ±15%;
#   effort p90/median ratio: P1 ±40%, P2 ±30%, P3 ±25%, P4 ±25%.
# The seed is fixed, so the test is deterministic; the tolerances say how far
# an honest estimate may stray, not how close this seed happens to come.
#
#   OWNSIM=build/ownsim GEN=build/gen-tickets tests/cli/pipeline.sh
set -u
OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
GEN=${GEN:-build/gen-tickets}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-pipeline.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

SEED=42
"$GEN" "$SEED" 2000 "$T/export.csv" servicenow > "$T/params.txt" || { nok "generator" "gen-tickets failed"; finish; }
ox import import "$T/export.csv" --scenario "$ROOT/tests/import/scenario.ini" \
    --map opened=opened_at,priority=priority,category=category,resolved=resolved_at,effort=effort \
    --category-map "$ROOT/tests/import/servicenow_categories.csv" -o "$T/outages.csv"
check "import of the synthetic ServiceNow export" "$(rc_is 0 import)"
ox fit fit "$T/outages.csv" --scenario "$ROOT/tests/import/scenario.ini" -o "$T/fitted.ini"
check "fit of the imported outages" "$(rc_is 0 fit)"

param() { sed -n "s/^$1=//p" "$T/params.txt"; }
# within NAME GOT WANT TOL [abs]: a reason when |got - want| > tol (relative, or absolute)
within() {
    awk -v n="$1" -v g="$2" -v w="$3" -v t="$4" -v abs="${5:-}" 'BEGIN {
        d = g - w; if (d < 0) d = -d; if (abs == "") d = d / w;
        if (!(g == g + 0) || d > t) printf "%s: %s, known %s (tolerance %s%s); ", n, g, w, t, abs == "" ? " relative" : "" }'
}
# fitted values
fpw=$(sed -n 's/^per_week = //p' "$T/fitted.ini")
r=$(within per_week "$fpw" "$(param per_week)" 0.10)
check "per_week recovered: $fpw for $(param per_week)" "$r"

# categories: weights are counts; shares against the known mix
total=$(awk '/^\[category\./ { c = 1 } c && /^weight = / { s += $3; c = 0 } END { print s }' "$T/fitted.ini")
r=
for c in network servers security apps; do
    w=$(awk -v s="[category.$c]" '$0 == s { f = 1; next } /^\[/ { f = 0 } f && /^weight = / { print $3 }' "$T/fitted.ini")
    r+=$(within "category $c share" "$(awk -v a="$w" -v b="$total" 'BEGIN { printf "%.4f", a / b }')" "$(param category.$c)" 0.04 abs)
done
check "category mix recovered within 0.04" "$r"

# severities: summed over categories
r=
for s in P1 P2 P3 P4; do
    got=$(awk -v s="$s" -F'[:, ]+' '/^severities = / { for (i = 3; i < NF; i += 2) if ($i == s) n += $(i + 1); for (i = 3; i < NF; i += 2) t += $(i + 1) }
        END { printf "%.4f", n / t }' "$T/fitted.ini")
    r+=$(within "severity $s share" "$got" "$(param severity.$s)" 0.04 abs)
done
check "severity mix recovered within 0.04" "$r"

# efforts: median and the p90/median ratio
r=
tolm=(0.30 0.20 0.15 0.15)
tolr=(0.40 0.30 0.25 0.25)
i=0
for s in P1 P2 P3 P4; do
    known=$(param "effort.$s")
    km=$(echo "$known" | sed 's/.*median=\([0-9.e+]*\).*/\1/')
    kp=$(echo "$known" | sed 's/.*p90=\([0-9.e+]*\).*/\1/')
    fitted=$(awk -v s="[severity.$s]" '$0 == s { f = 1; next } /^\[/ { f = 0 } f && /^effort = / { print }' "$T/fitted.ini")
    fm=$(echo "$fitted" | sed 's/.*median=\([0-9.e+]*\).*/\1/')
    fp=$(echo "$fitted" | sed 's/.*p90=\([0-9.e+]*\).*/\1/')
    r+=$(within "$s median" "$fm" "$km" "${tolm[$i]}")
    r+=$(within "$s p90/median" "$(awk -v a="$fp" -v b="$fm" 'BEGIN { print a / b }')" \
        "$(awk -v a="$kp" -v b="$km" 'BEGIN { print a / b }')" "${tolr[$i]}")
    i=$((i + 1))
done
check "effort distributions recovered (median and p90/median per severity)" "$r"

# arrival profile: the share of weekday 08-17 arrivals, from the fitted weights
share=$(awk -F'[=,]' '/^per_week/ { next }
    /^weekday = / { for (i = 2; i <= NF; i++) { w = $i + 0; wd += w * 5; if (i - 2 >= 8 && i - 2 < 17) bh += w * 5 } }
    /^weekend = / { for (i = 2; i <= NF; i++) we += ($i + 0) * 2 }
    END { printf "%.4f", bh / (wd + we) }' "$T/fitted.ini")
r=$(within "business-hours share" "$share" "$(param business_share)" 0.04 abs)
check "weekly profile recovered: business-hours share $share for $(param business_share)" "$r"

# the fragment serves a scenario, and the imported outages replay through it
cat > "$T/scenario.ini" <<EOT
include = fitted.ini
[party.internal]
staff = 2
[party.msp]
staff = 3
coverage = 24x7
[model.co]
owners = network:msp, servers:internal+msp, security:msp, apps:internal
misroute_prob = 0.3
[model.full]
owners = network:msp, servers:msp, security:msp, apps:msp
EOT
ox run run "$T/scenario.ini" --outages "$T/outages.csv" -r 2 -q -o "$T/out"
check "the fitted fragment plus parties and models replays the imported outages" \
    "$(rc_is 0 run)$([ -s "$T/out/models.csv" ] || echo 'no models.csv; ')"

finish
