#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/fit_into.sh — `ownsim fit --into TEMPLATE`: a complete scenario
# that runs as it is, and the misroute estimate from observed_reassignments.
#
#   OWNSIM=build/ownsim tests/cli/fit_into.sh
#
# Writes 5,000 outages of scenarios/default.ini, adds an
# observed_reassignments column by a fixed rule (every third row of a
# category reassigned once, every seventh cell blank), and checks that:
# fit --into writes a scenario that `ownsim check` loads and `ownsim run`
# runs, with every key fit lists as replaced (stderr and the file's
# comments) holding the listed new value in the loaded scenario and every
# other key the template's; the template's includes are resolved; the
# misroute share per category and its Wilson interval are the counts'
# (computed here with awk); --model M writes the share over M's gray-area
# categories as model.M.misroute_prob; the output is deterministic and
# -s/--bootstrap change only the p-values; and misuse exits 2 with nothing
# written.  Works in a mktemp -d folder removed at exit.  About 5 seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEFAULT=$ROOT/scenarios/default.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-fitinto.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"
tmp_left() { find "$T" -name '*.tmp.*' | grep -q . && printf 'temporary file left: %s; ' "$(find "$T" -name '*.tmp.*' | head -1)"; }
# value INI KEY: the value of section.key (the section may hold dots) in a
# resolved INI such as `ownsim check` prints
value() {
    awk -v k="$2" 'BEGIN { n = split(k, p, "."); key = p[n]; sec = substr(k, 1, length(k) - length(key) - 1) }
        /^\[/ { s = substr($0, 2, length($0) - 2); next }
        s == sec && index($0, key " = ") == 1 { print substr($0, length(key) + 4); exit }' "$1"
}
# replaced REPORT: "key<TAB>old<TAB>new" for each replaced key fit reported
replaced() {
    awk '/^replaced in / { on = 1; next } on && /^[^ ]/ { on = 0 }
         on { sub(/^  /, ""); i = index($0, ": "); k = substr($0, 1, i - 1); r = substr($0, i + 2)
              j = index(r, " -> "); print k "\t" substr(r, 1, j - 1) "\t" substr(r, j + 4) }' "$1"
}

# ---------------------------------------------------------------- data
ox gen outages "$DEFAULT" -n 5000 -s 5 -o "$T/X.csv"
check "outages writes 5000 outages" "$(rc_is 0 gen)"
# observed_reassignments: per category, its 1st, 4th, 7th... row reassigned
# once (or twice, every 5th row), the others 0; every 7th row of the file blank
# (the outage CSV ends its records with CRLF: the CR is dropped)
awk -F, '{ sub(/\r$/, "") } NR == 1 { print $0 ",observed_reassignments"; for (i = 1; i <= NF; i++) if ($i == "category") c = i; next }
         { m[$c]++; v = ((m[$c] - 1) % 3 == 0) ? ((NR % 5 == 0) ? 2 : 1) : 0
           if (NR % 7 == 0) v = ""; print $0 "," v }' "$T/X.csv" >"$T/R.csv"
# the expected counts: "category k n" and "all k n"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "category") c = i; if ($i == "observed_reassignments") r = i }; next }
         $r != "" { n[$c]++; N++; if ($r >= 1) { k[$c]++; K++ } }
         END { for (x in n) print x, k[x] + 0, n[x]; print "all", K, N }' "$T/R.csv" | sort >"$T/want.txt"

# ---------------------------------------------------------------- 1. --into
ox into fit "$T/R.csv" --into "$DEFAULT" -o "$T/client.ini"
r=$(rc_is 0 into)
[ -s "$T/client.ini" ] || r+="no client.ini; "
[ -s "$T/into.out" ] && r+="stdout not empty with -o; "
check "fit --into -o writes the scenario, nothing on stdout" "$r$(tmp_left)$(has "$T/into.err" "replaced in")"

ox chk check "$T/client.ini"
check "the written scenario loads (ownsim check)" "$(rc_is 0 chk)"
replaced "$T/into.err" >"$T/repl.tsv"
r=""
[ "$(wc -l <"$T/repl.tsv")" -eq 19 ] || r+="$(wc -l <"$T/repl.tsv") keys replaced, want 19 (3 arrivals, 4 efforts, 6 x 2 categories); "
while IFS=$'\t' read -r key old new; do
    got=$(value "$T/chk.out" "$key")
    [ "$got" = "$new" ] || r+="$key is '$got' in the loaded scenario, fit listed '$new'; "
    grep -qF ";   $key" "$T/client.ini" || r+="$key not listed in the file's comments; "
done <"$T/repl.tsv"
check "every replaced key holds its fitted value in the loaded scenario" "$r"

# every other key is the template's: the resolved template and the result
# differ only in the replaced keys (and the name, left to the file's)
ox ref check "$DEFAULT"
r=""
awk '/^\[/ { s = substr($0, 2, length($0) - 2); next } / = / { i = index($0, " = "); print s "." substr($0, 1, i - 1) "\t" substr($0, i + 3) }' \
    "$T/ref.out" >"$T/ref.kv"
awk '/^\[/ { s = substr($0, 2, length($0) - 2); next } / = / { i = index($0, " = "); print s "." substr($0, 1, i - 1) "\t" substr($0, i + 3) }' \
    "$T/chk.out" >"$T/chk.kv"
diff "$T/ref.kv" "$T/chk.kv" | awk -F'\t' '/^[<>]/ { print substr($1, 3) }' | sort -u >"$T/changed.txt"
cut -f1 "$T/repl.tsv" | sort -u >"$T/listed.txt"
echo simulation.name >>"$T/listed.txt"
extra=$(comm -23 "$T/changed.txt" "$(sort -u "$T/listed.txt" >"$T/listed.s"; echo "$T/listed.s")")
[ -z "$extra" ] || r+="keys changed without being listed: $(echo $extra); "
[ "$(value "$T/chk.out" simulation.name)" = client ] || r+="name is '$(value "$T/chk.out" simulation.name)', want client (the file's); "
check "every other key is the template's; the name is the file's" "$r"

r=""
pw=$(awk -F'\t' '$1 == "arrivals.per_week" { print $3 }' "$T/repl.tsv")
fitted=$(awk '/^fit: / { print $NF }' "$T/into.err")
awk -v a="$pw" -v b="$fitted" 'BEGIN { exit !(a / b > 1.01 && a / b < 1.04) }' \
    || r+="per_week $pw is not the fitted $fitted raised by 1-4 % for the holidays; "
check "per_week is raised for the template's weekend-rate holidays" "$r$(has "$T/client.ini" "arrivals.holidays = weekend")"

ox run run "$T/client.ini" -r 1 -n 300 -q -o "$T/out"
check "the written scenario runs as it is" "$(rc_is 0 run)"

# ---------------------------------------------------------------- 2. misroute
r=""
while read -r cat k n; do
    line=$(grep -E "^  $cat +[0-9]+ of [0-9]+ reassigned" "$T/into.err")
    [ -n "$line" ] || { r+="no misroute line for $cat; "; continue; }
    echo "$line" | grep -qE "^  $cat +$k of $n reassigned at least once: " || r+="$cat: '$line', want $k of $n; "
    # the Wilson interval, recomputed
    want=$(awk -v k="$k" -v n="$n" 'BEGIN { z = 1.959963985; p = k / n; d = 1 + z * z / n
        m = (p + z * z / (2 * n)) / d; h = z / d * sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        printf "%.4f (95%% Wilson %.4f to %.4f)", p, m - h, m + h }')
    echo "$line" | grep -qF "$want" || r+="$cat: '$line', want '$want'; "
done <"$T/want.txt"
check "misroute share and Wilson interval per category are the counts'" "$r"
r=$(has "$T/client.ini" "; Misroute probability")$(has "$T/client.ini" "Not written into any model")
[ "$(value "$T/chk.out" model.co_managed.misroute_prob)" = 0.4 ] || r+="co_managed misroute_prob changed without --model; "
check "without --model the estimate is a comment only" "$r"

ox model fit "$T/R.csv" --into "$DEFAULT" --model co_managed -o "$T/m.ini"
r=$(rc_is 0 model)
want=$(awk '$1 == "servers" || $1 == "security" || $1 == "backup" { k += $2; n += $3 } END { printf "%.4g", k / n }' "$T/want.txt")
ox mchk check "$T/m.ini"
got=$(value "$T/mchk.out" model.co_managed.misroute_prob)
awk -v a="$got" -v b="$want" 'BEGIN { exit !(a == b) }' || r+="co_managed misroute_prob $got, want $want (servers, security, backup: its gray area); "
[ "$(value "$T/mchk.out" model.in_house.misroute_prob)" = 0 ] || r+="in_house misroute_prob changed; "
grep -qE "^  model.co_managed.misroute_prob: 0.4 -> " "$T/model.err" || r+="the replacement is not listed; "
check "--model co_managed sets its misroute_prob to its gray-area share" "$r$(rc_is 0 mchk)"

ox nogray fit "$T/R.csv" --into "$DEFAULT" --model in_house -o "$T/n.ini"
check "--model without gray area warns and leaves misroute_prob" \
    "$(rc_is 0 nogray)$(has "$T/nogray.err" "no gray-area category")"

# ---------------------------------------------------------------- 3. includes, determinism
ox fts fit "$T/X.csv" --into "$ROOT/scenarios/follow_the_sun.ini" -o "$T/fts.ini"
r=$(rc_is 0 fts)
grep -q '^include' "$T/fts.ini" && r+="an include line left; "
ox ftschk check "$T/fts.ini"
check "a template with include = is written resolved and loads" "$r$(rc_is 0 ftschk)"
grep -q "Misroute" "$T/fts.ini" && check "no observed_reassignments: nothing said about misroutes" "misroute comment present" \
    || check "no observed_reassignments: nothing said about misroutes" ""

# a category and a severity of the template absent from the data: weight 0
# with the template's mix; the template's effort; still loads
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "category") c = i; if ($i == "severity") v = i } }
         NR == 1 || ($c != "backup" && $v != "P1")' "$T/R.csv" >"$T/gap.csv"
ox gap fit "$T/gap.csv" --into "$DEFAULT" -o "$T/gap.ini"
r=$(rc_is 0 gap)
ox gapchk check "$T/gap.ini"
r+=$(rc_is 0 gapchk)
[ "$(value "$T/gapchk.out" category.backup.weight)" = 0 ] || r+="backup weight not 0; "
[ "$(value "$T/gapchk.out" category.backup.severities)" = "$(value "$T/ref.out" category.backup.severities)" ] \
    || r+="backup's mix not the template's; "
[ "$(value "$T/gapchk.out" severity.P1.effort)" = "$(value "$T/ref.out" severity.P1.effort)" ] \
    || r+="P1's effort not the template's; "
check "names of the template absent from the data: weight 0, the template's effort" \
    "$r$(has "$T/gap.err" "P1: in the scenario but not in the data")"

# [uncertainty] is copied as written; an entry naming a parameter of an
# effort whose family changed is warned of with its file and line
printf 'include = %s\n[severity.P3]\neffort = gamma(shape=2, scale=15)\n[uncertainty]\nseverity.P3.effort.shape = uniform(min=1.5, max=2.5)\narrivals.per_week = uniform(min=10, max=14)\n' \
    "$DEFAULT" >"$T/unc.ini"
ox unc fit "$T/R.csv" --into "$T/unc.ini" -o "$T/unc_out.ini"
r=$(rc_is 0 unc)
[ "$(sed -n '/^\[uncertainty\]/,$p' "$T/unc_out.ini" | wc -l)" -eq 3 ] || r+="[uncertainty] not copied (header + 2 entries); "
check "[uncertainty] copied; an entry on a replaced family's parameter warned of" \
    "$r$(has "$T/unc.err" "unc.ini:5: [uncertainty] severity.P3.effort.shape names a parameter")"

ox again fit "$T/R.csv" --into "$DEFAULT" -o "$T/again.ini"
r=$(rc_is 0 again)
cmp -s "$T/client.ini" "$T/again.ini" || r+="two runs differ; "
ox seed fit "$T/R.csv" --into "$DEFAULT" -s 9 -o "$T/seed.ini"
r+=$(rc_is 0 seed)
[ "$(grep -v '^;' "$T/seed.ini")" = "$(grep -v '^;' "$T/client.ini")" ] || r+="another bootstrap seed changed a key; "
check "deterministic; the bootstrap seed changes only comments" "$r$(has "$T/seed.ini" "seed 9")"
ox stdout fit "$T/R.csv" --into "$DEFAULT"
r=$(rc_is 0 stdout)
cmp -s "$T/stdout.out" "$T/client.ini" || r+="stdout differs from the -o file; "
check "without -o the scenario goes to stdout" "$r"
ox noboot fit "$T/R.csv" --into "$DEFAULT" --bootstrap 0 -o "$T/nb.ini"
check "--bootstrap 0: no p-values" "$(rc_is 0 noboot)$(has "$T/nb.ini" "no p-values")$(has "$T/noboot.err" "no bootstrap")"

# ---------------------------------------------------------------- 4. misuse
fail_case() {
    local tag=$1 text=$2
    shift 2
    ox "$tag" fit "$@" -o "$T/$tag.ini"
    local r
    r=$(rc_is 2 "$tag")
    [ -e "$T/$tag.ini" ] && r+="file written; "
    check "misuse: $tag exits 2, nothing written" "$r$(has "$T/$tag.err" "$text")$(tmp_left)"
}
fail_case nocol "observed_reassignments" "$T/X.csv" --into "$DEFAULT" --model co_managed
fail_case nointo "--into" "$T/R.csv" --model co_managed
fail_case both "not both" "$T/R.csv" --into "$DEFAULT" --scenario "$DEFAULT"
fail_case nomodel "--model" "$T/R.csv" --into "$DEFAULT" --model nosuch
fail_case badseed "--seed" "$T/R.csv" --into "$DEFAULT" -s -3
awk -F, 'NR == 3 { $NF = "x" } { print }' OFS=, "$T/R.csv" >"$T/bad.csv"   # R.csv has LF ends
fail_case badcount "bad.csv:3: observed_reassignments:" "$T/bad.csv" --into "$DEFAULT"

finish
