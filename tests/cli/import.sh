#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/import.sh — end-to-end tests of `ownsim import` on synthetic
# ServiceNow, Jira Service Management and Zendesk exports.
#
#   OWNSIM=build/ownsim GEN=build/gen-tickets tests/cli/import.sh
#
# (build both with `make build/ownsim build/gen-tickets`).  gen-tickets
# writes each export from known parameters and lists the rows it planted for
# the import to skip; the checks compare the import's report with that list,
# replay the outage CSV with `ownsim run --outages`, check the arrival
# profile and mixes survive, and exercise the errors (--strict, --map, --tz,
# a missing file: exit 2, nothing written).  Prints one line per check, then
# "N passed, M failed"; exits 1 when anything failed.  Takes a few seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
GEN=${GEN:-build/gen-tickets}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
case $GEN in /*) ;; *) GEN=$PWD/$GEN ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIX=$ROOT/tests/import
SCN=$FIX/scenario.ini
N=2000

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-import.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"
absent() { [ ! -e "$1" ] || printf '%s was written; ' "$(basename "$1")"; }
tmp_left() { find "$T" -name '*.tmp.*' | grep -q . && printf 'temporary file left: %s; ' "$(find "$T" -name '*.tmp.*' | head -1)"; }
# param FILE KEY: a value gen-tickets printed
param() { sed -n "s/^$2=//p" "$1" | head -1; }

if [ ! -x "$GEN" ]; then
    echo "not ok - generator: $GEN is not an executable (build it with make build/gen-tickets)"
    finish
fi

# ------------------------------------------------------- 1. the three exports
declare -A SEED=([servicenow]=101 [jira]=202 [zendesk]=303)
declare -A MAP=(
    [servicenow]="opened=opened_at,priority=priority,category=category,resolved=resolved_at,effort=effort"
    [jira]="opened=Created,priority=Priority,category=Component/s,resolved=Resolved,effort=effort"
    [zendesk]="opened=Created at,priority=Priority,category=Group,resolved=Solved at")
for f in servicenow jira zendesk; do
    "$GEN" "${SEED[$f]}" "$N" "$T/$f.csv" "$f" > "$T/$f.params" 2> "$T/$f.generr"
    rc=$?
    r=""
    [ "$rc" -eq 0 ] || r+="gen-tickets exit $rc: $(head -c 200 "$T/$f.generr"); "
    [ -s "$T/$f.csv" ] || r+="no export written; "
    [ "$(param "$T/$f.params" n)" = "$N" ] || r+="n not printed; "
    check "gen-tickets writes a $f export with its parameters" "$r"
done

for f in servicenow jira zendesk; do
    extra=(--category-map "$FIX/${f}_categories.csv")
    [ "$f" = jira ] && extra+=(--priority-map "$FIX/jira_priorities.csv")
    ox "imp-$f" import "$T/$f.csv" --scenario "$SCN" --map "${MAP[$f]}" "${extra[@]}" -o "$T/$f-outages.csv"
    kept=$(param "$T/$f.params" expected_kept)
    nskip=$(param "$T/$f.params" expected_skipped)
    r=$(rc_is 0 "imp-$f")
    has "$T/imp-$f.err" "imported $kept of $N tickets ($nskip skipped) into $T/$f-outages.csv" >/dev/null ||
        r+="summary: '$(tail -1 "$T/imp-$f.err")', want $kept of $N; "
    [ -f "$T/$f-outages.csv" ] && [ "$(($(wc -l < "$T/$f-outages.csv") - 1))" -eq "$kept" ] ||
        r+="$f-outages.csv does not hold $kept rows; "
    check "$f: imports $kept of $N (all but the planted bad rows)" "$r$(tmp_left)"

    # every planted bad row reported with its line (the first 50), then the rest counted
    sed -n 's/^skipped_line=//p' "$T/$f.params" | head -50 > "$T/$f.want-lines"
    sed -n "s|^$T/$f.csv:\([0-9]*\): skipped: .*|\1|p" "$T/imp-$f.err" > "$T/$f.got-lines"
    r=""
    [ -s "$T/$f.want-lines" ] || r+="gen-tickets planted no bad rows; "
    cmp -s "$T/$f.want-lines" "$T/$f.got-lines" ||
        r+="reported lines differ: $(diff "$T/$f.want-lines" "$T/$f.got-lines" | sed -n 2,3p | tr '\n' ' '); "
    [ "$nskip" -gt 50 ] && { has "$T/imp-$f.err" "... and $((nskip - 50)) more skipped rows" >/dev/null ||
        r+="no '... and $((nskip - 50)) more'; "; }
    [ "$(param "$T/$f.params" planted.unknown_priority)" -eq 0 ] ||
        r+=$(has "$T/imp-$f.err" "unknown priority: $(param "$T/$f.params" planted.unknown_priority)")
    r+=$(has "$T/imp-$f.err" "unknown category: $(param "$T/$f.params" planted.unknown_category)")
    check "$f: each skipped row reported with its line and reason" "$r"

    # the outage CSV replays
    r=""
    head -1 "$T/$f-outages.csv" | grep -q '^id,t_occur,category,severity,effort,observed_ttr,opened' ||
        r+="header: $(head -1 "$T/$f-outages.csv"); "
    ox "run-$f" run "$SCN" --outages "$T/$f-outages.csv" -q -o "$T/run-$f"
    r+=$(rc_is 0 "run-$f")
    [ -s "$T/run-$f/models.csv" ] || r+="no models.csv; "
    check "$f: ownsim run --outages replays the import" "$r"
done

# ------------------------------------------ 2. what the import preserves
# t_occur is minutes from Monday 00:00 of the first week: the business-hours
# share (weekday 08-17) and the category mix are those gen-tickets used.
f=servicenow
want=$(param "$T/$f.params" business_share)
share=$(awk -F, 'NR > 1 { n++; m = $2 % 10080; d = int(m / 1440); h = (m % 1440) / 60;
                 if (d < 5 && h >= 8 && h < 17) b++ } END { printf "%.4f", b / n }' "$T/$f-outages.csv")
netw=$(awk -F, 'NR > 1 { n++; if ($3 == "network") k++ } END { printf "%.4f", k / n }' "$T/$f-outages.csv")
p3=$(awk -F, 'NR > 1 { n++; if ($4 == "P3") k++ } END { printf "%.4f", k / n }' "$T/$f-outages.csv")
r=""
awk -v a="$share" -v b="$want" 'BEGIN { exit !(a - b < 0.04 && b - a < 0.04) }' ||
    r+="business-hours share $share, want about $want; "
awk -v a="$netw" 'BEGIN { exit !(a > 0.26 && a < 0.34) }' || r+="network share $netw, want about 0.3; "
awk -v a="$p3" 'BEGIN { exit !(a > 0.46 && a < 0.54) }' || r+="P3 share $p3, want about 0.5; "
check "week 0 lines up: business-hours share $share (generated $want), category and severity mix" "$r"

r=""
first=$(sed -n 2p "$T/$f-outages.csv" | cut -d, -f2)
awk -v t="$first" 'BEGIN { exit !(t >= 0 && t < 10080) }' || r+="first t_occur $first not in week 0; "
sed -n 2p "$T/$f-outages.csv" | tr -d '\r' | grep -qE ',20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\+00:00,(observed|drawn)$' ||
    r+="opened not ISO 8601 with offset: $(sed -n 2p "$T/$f-outages.csv"); "
check "times start in week 0; opened kept as ISO 8601 with offset" "$r"

ox again import "$T/$f.csv" --scenario "$SCN" --map "${MAP[$f]}" \
    --category-map "$FIX/${f}_categories.csv" -o "$T/again-outages.csv"
r=$(rc_is 0 again)
cmp -s "$T/$f-outages.csv" "$T/again-outages.csv" || r+="a second import differs; "
check "the same import gives the same bytes" "$r"

# Zendesk has no effort column: efforts drawn from the scenario, reproducibly
ox zd2 import "$T/zendesk.csv" --scenario "$SCN" --map "${MAP[zendesk]}" \
    --category-map "$FIX/zendesk_categories.csv" -o "$T/zd2-outages.csv"
r=$(rc_is 0 zd2)
cmp -s "$T/zendesk-outages.csv" "$T/zd2-outages.csv" || r+="drawn efforts differ between runs; "
med=$(awk -F, 'NR > 1 && $4 == "P3" { print $5 }' "$T/zendesk-outages.csv" | sort -g |
      awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
awk -v m="$med" 'BEGIN { exit !(m > 100 && m < 140) }' || r+="P3 median effort $med, want about 120; "
check "without an effort column, efforts follow the scenario (P3 median $med)" "$r"

# jira without its category map: the spellings are reported with the fix
ox jnomap import "$T/jira.csv" --scenario "$SCN" --map "${MAP[jira]}" -o "$T/jnomap-outages.csv"
r=$(rc_is 0 jnomap)
r+=$(has "$T/jnomap.err" "unknown category 'Network, WAN' (add it to --category-map)")
check "without a category map, unknown spellings say to add them to --category-map" "$r"

# ------------------------------------------------------------- 3. failures
first_bad=$(param "$T/servicenow.params" skipped_line)
ox strict import "$T/servicenow.csv" --scenario "$SCN" --map "${MAP[servicenow]}" \
    --category-map "$FIX/servicenow_categories.csv" --strict -o "$T/strict-outages.csv"
r=$(rc_is 2)
r+=$(has "$T/strict.err" "$T/servicenow.csv:$first_bad:")
r+=$(absent "$T/strict-outages.csv")
check "--strict exits 2 naming the first bad line ($first_bad); nothing written" "$r$(tmp_left)"

ox badcol import "$T/servicenow.csv" --scenario "$SCN" \
    --map "opened=opend_at,priority=priority,category=category" -o "$T/badcol-outages.csv"
r=$(rc_is 2)
r+=$(has "$T/badcol.err" "$T/servicenow.csv:1: opend_at:")
r+=$(has "$T/badcol.err" "did you mean 'opened_at'")
ox badcol2 import "$T/servicenow.csv" --scenario "$SCN" \
    --map "opened=opened,priority=priority,category=category" -o "$T/badcol-outages.csv"
r+=$(rc_is 2)
r+=$(has "$T/badcol2.err" "did you mean 'opened_at'")
r+=$(absent "$T/badcol-outages.csv")
check "--map with a column not in the header exits 2 with did you mean" "$r"

ox badkey import "$T/servicenow.csv" --scenario "$SCN" \
    --map "opened=opened_at,priority=priority,categry=category" -o "$T/badkey-outages.csv"
r=$(rc_is 2)
r+=$(has "$T/badkey.err" "did you mean 'category'")
r+=$(absent "$T/badkey-outages.csv")
check "--map with an unknown key exits 2 with did you mean" "$r"

ox badtz import "$T/servicenow.csv" --scenario "$SCN" --map "${MAP[servicenow]}" \
    --tz Europe/Atlantis -o "$T/badtz-outages.csv"
r=$(rc_is 2)
r+=$(has "$T/badtz.err" "--tz")
r+=$(has "$T/badtz.err" "Europe/Atlantis")
r+=$(absent "$T/badtz-outages.csv")
check "an unknown --tz exits 2 naming --tz" "$r"

ox missing import "$T/no-such.csv" --scenario "$SCN" --map "${MAP[servicenow]}" -o "$T/missing-outages.csv"
r=$(rc_is 2)
r+=$(has "$T/missing.err" "no-such.csv")
r+=$(absent "$T/missing-outages.csv")
check "a missing export exits 2 naming it" "$r"

printf 'from,to\nNetwork & Telecom,netwrk\n' > "$T/badmap.csv"
ox badmap import "$T/servicenow.csv" --scenario "$SCN" --map "${MAP[servicenow]}" \
    --category-map "$T/badmap.csv" -o "$T/badmap-outages.csv"
r=$(rc_is 2)
r+=$(has "$T/badmap.err" "badmap.csv:2: to:")
r+=$(has "$T/badmap.err" "did you mean 'network'")
r+=$(absent "$T/badmap-outages.csv")
check "a category map naming an unknown category exits 2 with its line" "$r"

# ------------------------------------------------------- 4. dates and zones
printf 'opened,priority,category\n01/07/2024 09:00,P1,network\n02/07/2024 10:30,High,apps\n' > "$T/dayfirst.csv"
ox dayfirst import "$T/dayfirst.csv" --scenario "$SCN" \
    --map opened=opened,priority=priority,category=category \
    --date-format '%d/%m/%Y %H:%M' --tz America/New_York -o "$T/dayfirst-outages.csv"
r=$(rc_is 0 dayfirst)
r+=$(has "$T/dayfirst-outages.csv" "0,540,network,P1,")
r+=$(has "$T/dayfirst-outages.csv" "1,2070,apps,P2,")
r+=$(has "$T/dayfirst-outages.csv" "2024-07-01T09:00:00-04:00")
check "--date-format day first with --tz: Monday 09:00 local is t_occur 540" "$r"

ox help import --help
check "import --help exits 0" "$(rc_is 0)$(has "$T/help.out" "--category-map")"

finish
