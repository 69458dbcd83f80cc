#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/fit.sh — end-to-end tests of `ownsim fit`.
#
#   OWNSIM=build/ownsim tests/cli/fit.sh
#
# Writes 20,000 outages of scenarios/default.ini with `ownsim outages`, fits
# them back and checks that the fit recovers the scenario's arrivals per_week
# (within 5%) and each severity's effort median (within 4 standard errors of
# the log-median, so P1's 115 efforts and P3's 11,710 are judged alike), as read from
# `ownsim check scenarios/default.ini`; that the fragment goes to stdout
# without -o; that the fragment, included by tests/fit/parties.ini (parties,
# models, SLA targets and costs), passes `ownsim check` and runs; and that
# bad input exits 2 with file:line and leaves no file behind.  Prints one
# line per check, "ok - NAME" or "not ok - NAME: reason", then the line
# "N passed, M failed"; exits 1 when anything failed.  Works in a mktemp -d
# folder removed at exit.  Takes about a second.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIX=$ROOT/tests/fit
DEFAULT=$ROOT/scenarios/default.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-fit.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"
# has FILE TEXT: a reason when FILE does not contain TEXT (fixed string)
tmp_left() { find "$T" -name '*.tmp.*' | grep -q . && printf 'temporary file left: %s; ' "$(find "$T" -name '*.tmp.*' | head -1)"; }
# within A B TOL: a reason when |A/B - 1| > TOL
within() {
    awk -v a="$1" -v b="$2" -v tol="$3" -v what="$4" 'BEGIN {
        if (a == "" || b == "" || b + 0 == 0) { printf "%s: no value (%s vs %s); ", what, a, b; exit }
        d = a / b - 1; if (d < 0) d = -d
        if (d > tol) printf "%s %s, want %s within %g%%; ", what, a, b, 100 * tol }'
}
# per_week FILE: [arrivals] per_week of an INI file
per_week() { awk '/^\[/ { a = ($0 == "[arrivals]") } a && $1 == "per_week" { print $3 }' "$1"; }
# medians FILE: "SEVERITY MEDIAN" for each [severity.*] effort = lognormal(median=...)
medians() {
    awk '/^\[/ { s = ($0 ~ /^\[severity\./) ? substr($0, 11, length($0) - 11) : "" }
         s != "" && $1 == "effort" && match($0, /median=[0-9.eE+-]+/) {
             print s, substr($0, RSTART + 7, RLENGTH - 7) }' "$1"
}

# ---------------------------------------------------------------- 1. usage
ox help fit --help
check "fit --help exits 0 and prints usage" "$(rc_is 0)$(has "$T/help.out" "ownsim fit")"
ox noarg fit
check "fit without OUTAGES.csv exits 2" "$(rc_is 2)$(has "$T/noarg.err" "missing OUTAGES.csv")"

# ---------------------------------------------------------------- 2. recovery
ox gen outages "$DEFAULT" -n 20000 -s 3 -o "$T/X.csv"
check "outages writes 20000 outages of default.ini" "$(rc_is 0 gen)"
ox ref check "$DEFAULT"
cp "$T/ref.out" "$T/ref.ini"
ox fit fit "$T/X.csv" --scenario "$DEFAULT" -o "$T/F.ini"
r=$(rc_is 0 fit)
[ -s "$T/F.ini" ] || r+="no F.ini; "
[ -s "$T/fit.out" ] && r+="stdout not empty with -o; "
check "fit -o writes the fragment, nothing on stdout" "$r$(tmp_left)"
r=$(has "$T/fit.err" "20000 outages")$(has "$T/fit.err" "KS D")$(has "$T/fit.err" "AIC lognorm")
for s in P1 P2 P3 P4; do
    grep -qE "^  $s +[0-9]+ .* ok$" "$T/fit.err" || r+="no 'ok' verdict for $s; "
done
check "the report has the fit table with a verdict per severity" "$r"

r=$(within "$(per_week "$T/F.ini")" "$(per_week "$T/ref.ini")" 0.05 "per_week")
[ -n "$(per_week "$T/ref.ini")" ] || r+="no per_week in 'ownsim check' output; "
check "per_week recovered within 5% of default.ini's" "$r"

r=""
medians "$T/ref.ini" >"$T/ref.med"
medians "$T/F.ini" >"$T/fit.med"
[ "$(wc -l <"$T/ref.med")" -eq 4 ] || r+="$(wc -l <"$T/ref.med") lognormal severities in default.ini, want 4; "
# The maximum-likelihood median is exp(mean of the n log-efforts): its log
# has standard error sigma/sqrt(n), sigma = ln(p90/median)/1.2816 of the
# reference.  A fixed tolerance would be loose for P3 (11 710 efforts) and
# tight for P1 (115): allow 4 standard errors, read n from fit's table.
while read -r sev want; do
    got=$(awk -v s="$sev" '$1 == s { print $2 }' "$T/fit.med")
    p90=$(awk -v s="$sev" '/^\[/ { x = ($0 == "[severity." s "]") }
                           x && $1 == "effort" && match($0, /p90=[0-9.eE+-]+/) {
                               print substr($0, RSTART + 4, RLENGTH - 4) }' "$T/ref.ini")
    n=$(awk -v s="$sev" '$1 == s && $2 ~ /^[0-9]+$/ { print $2; exit }' "$T/fit.err")
    r+=$(awk -v a="$got" -v b="$want" -v p90="$p90" -v n="$n" -v what="$sev median" 'BEGIN {
        if (a == "" || b + 0 <= 0 || p90 + 0 <= b + 0 || n + 0 < 2) {
            printf "%s: no value (fit %s, reference median %s p90 %s, n %s); ", what, a, b, p90, n; exit }
        tol = 4 * log(p90 / b) / 1.2816 / sqrt(n); d = log(a / b); if (d < 0) d = -d
        if (d > tol) printf "%s %s, want %s within exp(+-%.3f) (4 standard errors, n %d); ", what, a, b, tol, n }')
done <"$T/ref.med"
check "each severity's effort median recovered within 4 standard errors" "$r"

r=""
[ "$(grep '^\[severity\.' "$T/F.ini" | tr '\n' ' ')" = "[severity.P1] [severity.P2] [severity.P3] [severity.P4] " ] \
    || r+="severities not in default.ini's order; "
[ "$(grep '^\[category\.' "$T/F.ini" | tr -d '[]' | sed 's/category\.//' | tr '\n' ' ')" = \
  "network servers security backup apps endpoints " ] || r+="categories not in default.ini's order; "
grep -qE '^(sla_|cost_|\[party\.|\[model\.)' "$T/F.ini" && r+="fragment holds SLA, cost, party or model keys; "
check "--scenario orders the sections; no SLA, cost, parties or models" "$r"

# ---------------------------------------------------------------- 3. stdout
ox stdout fit "$T/X.csv" --scenario "$DEFAULT"
r=$(rc_is 0 stdout)
cmp -s "$T/stdout.out" "$T/F.ini" || r+="stdout differs from the -o file; "
grep -q '^\[arrivals\]' "$T/stdout.err" && r+="fragment on stderr; "
check "without -o the fragment goes to stdout, the report to stderr" "$r$(has "$T/stdout.err" "KS D")"
ox natural fit "$T/X.csv"
r=$(rc_is 0 natural)
[ "$(grep '^\[category\.' "$T/natural.out" | tr '\n' ' ')" = \
  "[category.apps] [category.backup] [category.endpoints] [category.network] [category.security] [category.servers] " ] \
    || r+="categories not by name; "
check "without --scenario sections are by name, header says order = priority" "$r$(has "$T/natural.out" "priority order")"

# ---------------------------------------------------------------- 4. include
cp "$FIX/parties.ini" "$T/parties.ini"
cp "$T/F.ini" "$T/fitted.ini"
ox inc check "$T/parties.ini"
r=$(rc_is 0 inc)
r+=$(within "$(per_week "$T/inc.out")" "$(per_week "$T/F.ini")" 0 "included per_week")
awk '/^\[/ { s = $0 } s == "[severity.P1]" && $1 == "sla_response" { print $3 }' "$T/inc.out" | grep -qx 15 \
    || r+="P1 sla_response from parties.ini not merged; "
[ "$(medians "$T/inc.out")" = "$(medians "$T/F.ini")" ] || r+="efforts differ from the fragment's; "
check "fragment + parties/models/SLAs passes ownsim check" "$r"
ox incrun run "$T/parties.ini" -r 1 -n 500 -q -o "$T/run"
check "the combined scenario runs" "$(rc_is 0 incrun)"

# ---------------------------------------------------------------- 5. errors
# fail_case TAG WANT_LOCATION TEXT ARGS...: exit 2, one stderr line naming
# the location, no fragment written, no temporary left
fail_case() {
    local tag=$1 loc=$2 text=$3
    shift 3
    ox "$tag" fit "$@" -o "$T/$tag.ini"
    local r
    r=$(rc_is 2 "$tag")
    [ -e "$T/$tag.ini" ] && r+="fragment written; "
    [ "$(wc -l <"$T/$tag.err")" -eq 1 ] || r+="$(wc -l <"$T/$tag.err") lines on stderr, want 1; "
    check "error: $tag exits 2 naming $loc" "$r$(has "$T/$tag.err" "$loc")$(has "$T/$tag.err" "$text")$(tmp_left)"
}
fail_case unordered "unordered.csv:4: t_occur:" "must not decrease" "$FIX/unordered.csv"
fail_case missing "missing_column.csv:1: severity:" "missing column" "$FIX/missing_column.csv"
fail_case unknown "unknown_severity.csv:3: severity:" "'P5' is not in the scenario" \
    "$FIX/unknown_severity.csv" --scenario "$DEFAULT"
: >"$T/empty.csv"
fail_case empty "empty.csv:1:" "empty outage file" "$T/empty.csv"
printf 't_occur,category,severity,effort\n' >"$T/header.csv"
fail_case header "header.csv:2:" "no outages" "$T/header.csv"
printf 't_occur,category,severity,effort\n5,apps,P1,abc\n' >"$T/badnum.csv"
fail_case badnum "badnum.csv:2: effort:" "not a finite number" "$T/badnum.csv"
fail_case noscn "nosuch.ini" "cannot open" "$FIX/unordered.csv" --scenario "$T/nosuch.ini"

# an existing fragment survives a failed fit untouched
cp "$T/F.ini" "$T/keep.ini"
ox keep fit "$FIX/unordered.csv" -o "$T/keep.ini"
r=$(rc_is 2 keep)
cmp -s "$T/keep.ini" "$T/F.ini" || r+="keep.ini changed; "
check "a failed fit leaves an existing -o file as it was" "$r$(tmp_left)"

# Efforts that import drew from a scenario (effort_source = drawn) say
# nothing about the data: left out of the effort fit (here every observed
# P3 effort is 30, so the fit is the constant 30 whatever the drawn ones),
# counted in the arrivals and the mix, and said once
{
    echo 't_occur,category,severity,effort,effort_source'
    for i in $(seq 0 39); do
        if [ $((i % 4)) = 3 ]; then echo "$((i * 600)),network,P3,1000,drawn"
        else echo "$((i * 600)),network,P3,30,observed"; fi
    done
} > "$T/drawn.csv"
ox drawn fit "$T/drawn.csv" --scenario "$DEFAULT" -o "$T/drawn.ini" --bootstrap 0
r=$(rc_is 0 drawn)
awk '/^\[severity.P3\]/ { on = 1; next } /^\[/ { on = 0 } on && /^effort =/' "$T/drawn.ini" |
    grep -qx 'effort = 30' || r+="P3 effort: $(grep -A3 'severity.P3' "$T/drawn.ini" | tr '\n' ' '); "
grep -q "10 of 40 efforts were drawn by import" "$T/drawn.err" || r+="no warning about drawn efforts; "
check "efforts drawn by import are left out of the effort fit, with a warning" "$r"

# A severity whose every effort import drew (an export with no effort
# column, as Zendesk's): the scenario's effort is written, never a constant
# 0; --into keeps the template's; without a scenario the drawn efforts
# themselves are fitted
{
    echo 't_occur,category,severity,effort,effort_source'
    for i in $(seq 0 29); do echo "$((i * 600)),network,P3,30,observed"
                             echo "$((i * 600 + 300)),network,P4,$((20 + i)),drawn"; done
} > "$T/alldrawn.csv"
ox alldrawn fit "$T/alldrawn.csv" --scenario "$DEFAULT" -o "$T/alldrawn.ini" --bootstrap 0
r=$(rc_is 0 alldrawn)
want=$(awk '/^\[severity.P4\]/ { on = 1; next } /^\[/ { on = 0 } on && /^effort =/' "$DEFAULT")
got=$(awk '/^\[severity.P4\]/ { on = 1; next } /^\[/ { on = 0 } on && /^effort =/' "$T/alldrawn.ini")
[ -n "$want" ] && [ "$got" = "$want" ] || r+="P4 '$got', want the scenario's '$want'; "
grep -q "P4: all 30 efforts were drawn by import" "$T/alldrawn.err" || r+="no warning; "
ox alldrawn_into fit "$T/alldrawn.csv" --into "$DEFAULT" -o "$T/alldrawn_into.ini" --bootstrap 0
r+=$(rc_is 0 alldrawn_into)
grep -q "severity.P4.effort:" "$T/alldrawn_into.err" && r+="--into lists P4's effort as replaced; "
ox alldrawn_bare fit "$T/alldrawn.csv" -o "$T/alldrawn_bare.ini" --bootstrap 0
r+=$(rc_is 0 alldrawn_bare)
awk '/^\[severity.P4\]/ { on = 1; next } /^\[/ { on = 0 } on && /^effort = 0$/ { bad = 1 }
     END { exit bad }' "$T/alldrawn_bare.ini" || r+="P4 written as 0 without a scenario; "
check "a severity whose every effort was drawn: the scenario's effort, never 0" "$r"

finish
