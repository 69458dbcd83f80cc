#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/uncertainty.sh — end-to-end tests of `ownsim uncertainty` and of
# `ownsim merge` on its shards: known answers on tests/data/uncertainty.ini
# (P(x beats y) = 0.25 inside its Wilson interval; the key x - y is linear in
# has a rank correlation >= 0.95; a key no model reads has |PRCC| < 3/sqrt(N)),
# the same bytes for every -j and for shards merged in any order, and bad
# input (a key outside its domain, an unknown key, an impossible distribution,
# damaged or missing shards) refused with exit 2, file:line and key named,
# nothing written.
#
#   OWNSIM=build/ownsim tests/cli/uncertainty.sh      (what `make test` runs)
#
# Prints one line per check, "ok - NAME" or "not ok - NAME: reason", then
# "N passed, M failed"; exits 1 when anything failed.  Takes a few seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
U=$ROOT/tests/data/uncertainty.ini
S=$ROOT/tests/data/sensitivity.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-unc.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"
# cell FILE WHAT NAME COLUMN: a cell of uncertainty.csv
cell() {
    awk -F, -v w="$2" -v k="$3" -v c="$4" '{ sub(/\r$/, "") }
                                         NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) n = i; next }
                                         $1 == w && $2 == k { print $n }' "$1"
}
same_dir() {
    diff -r -x provenance.ini "$1" "$2" >/dev/null 2>&1 ||
        printf '%s and %s differ: %s; ' "$(basename "$1")" "$(basename "$2")" \
            "$(diff -r -x provenance.ini "$1" "$2" 2>&1 | head -3 | cut -c1-100 | tr '\n' ' ')"
}

N=200
ox run1 uncertainty "$U" --model x --baseline y --sets $N -o "$T/u1" -j 1
r=$(rc_is 0 run1)
for f in sets.csv uncertainty.csv uncertainty.ini scenario.ini provenance.ini; do
    [ -f "$T/u1/$f" ] || r="$r no $f; "
done
[ "$(head -1 "$T/u1/sets.csv" | tr -d '\r')" = "set,model.x.triage_delay.value,model.y.triage_delay,party.ghost.staff,model,value,value_lo,value_hi,diff,diff_lo,diff_hi" ] ||
    r="$r sets.csv header: $(head -1 "$T/u1/sets.csv"); "
[ "$(($(wc -l < "$T/u1/sets.csv") - 1))" = $((3 * N)) ] || r="$r sets.csv has $(wc -l < "$T/u1/sets.csv") lines; "
r="$r$(has "$T/run1.out" "x beats y on ttr_mean in")"
check "uncertainty writes sets.csv (a row per set and model) and uncertainty.csv" "$r"

r=""
p=$(cell "$T/u1/uncertainty.csv" difference x-y probability)
lo=$(cell "$T/u1/uncertainty.csv" difference x-y probability_lo)
hi=$(cell "$T/u1/uncertainty.csv" difference x-y probability_hi)
awk -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(lo != "" && lo <= 0.25 && 0.25 <= hi) }' ||
    r="$r P(x beats y) = $p, interval [$lo, $hi] misses the exact 0.25; "
check "P(A beats B) known analytically (0.25) lies in its Wilson interval" "$r"

r=""
px=$(cell "$T/u1/uncertainty.csv" key model.x.triage_delay.value prcc)
pg=$(cell "$T/u1/uncertainty.csv" key party.ghost.staff prcc)
awk -v x="$px" 'BEGIN { exit !(x != "" && x >= 0.95) }' || r="$r PRCC of the linear key $px < 0.95; "
awk -v g="$pg" -v n=$N 'BEGIN { if (g < 0) g = -g; exit !(g != "" && g < 3 / sqrt(n)) }' ||
    r="$r |PRCC| of the unread key $pg >= 3/sqrt($N); "
check "rank correlations: >= 0.95 for the linear key, < 3/sqrt(N) for a key no model reads" "$r"

ox run2 uncertainty "$U" --model x --baseline y --sets $N -o "$T/u2" -j 3 -q
r="$(rc_is 0 run2)$(same_dir "$T/u1" "$T/u2")"
[ -s "$T/run2.out" ] && r="$r -q printed; "
check "the same bytes for every -j" "$r"

r=""
for i in 1 2 3; do
    ox sh$i uncertainty "$U" --model x --baseline y --sets $N -o "$T/s$i" --shard $i/3 -q
    r="$r$(rc_is 0 sh$i)"
    [ -f "$T/s$i/uncertainty.csv" ] && r="$r a shard wrote uncertainty.csv; "
done
ox merge merge "$T/s3" "$T/s1" "$T/s2" -o "$T/m"
r="$r$(rc_is 0 merge)$(same_dir "$T/u1" "$T/m")"
r="$r$(has "$T/merge.out" "x beats y on ttr_mean in")"
check "shards 1/3..3/3 merged in any order give the unsharded folder byte for byte" "$r"

# bad merges: nothing written
badm() {
    local name=$1 want=$2
    shift 2
    ox badm merge "$@" -o "$T/bm"
    local r
    r=$(rc_is 2 badm)
    grep -qF -- "$want" "$T/badm.err" || r="$r stderr '$(head -c 200 "$T/badm.err")' lacks '$want'; "
    [ -e "$T/bm" ] && r="$r output folder written; "
    check "$name" "$r"
}
badm "merge refuses a missing shard" "shard 1/3, but 2 folders were given" "$T/s1" "$T/s2"
badm "merge refuses a repeated shard" "given twice" "$T/s1" "$T/s2" "$T/s2"
cp -r "$T/s2" "$T/s2x"
sed -i '2s/^1,/1,9/' "$T/s2x/sets.csv"
badm "merge refuses a sets.csv edited after it was written" "does not match the checksum" "$T/s1" "$T/s2x" "$T/s3"
ox other uncertainty "$U" --model x --baseline y --sets 100 -o "$T/o2" --shard 2/3 -q
badm "merge refuses shards of another analysis" "another analysis" "$T/s1" "$T/o2" "$T/s3"

ox into merge "$T/s1" "$T/s2" "$T/s3" -o "$T/s2"
r=$(rc_is 2 into)
grep -qF "is the shard folder" "$T/into.err" || r="$r stderr: $(head -c 200 "$T/into.err"); "
[ -f "$T/s2/uncertainty.ini" ] && grep -q "^shard = 2/3" "$T/s2/uncertainty.ini" || r="$r the shard was replaced; "
check "merge refuses to write over one of its shards" "$r"

# bad [uncertainty] sections: exit 2, file:line and key, nothing written
bad() {
    local name=$1 want=$2 body=$3
    printf 'include = %s\n[uncertainty]\nmodel.x.fee_per_year = uniform(min=0, max=10)\n%s\n' "$S" "$body" > "$T/bad.ini"
    ox bad uncertainty "$T/bad.ini" --model x --baseline y -o "$T/bad" --sets 10
    local r
    r=$(rc_is 2 bad)
    grep -qF -- "$want" "$T/bad.err" || r="$r stderr '$(head -c 200 "$T/bad.err")' lacks '$want'; "
    [ -e "$T/bad" ] && r="$r output folder written; "
    check "$name" "$r"
}
bad "a distribution outside the key's domain" "bad.ini:4: model.x.misroute_prob: uniform(min=0.5, max=1.5) gives values from 0.5 to 1.5, outside the key's domain [0, 1]" \
    "model.x.misroute_prob = uniform(min=0.5, max=1.5)"
bad "an unknown key" "bad.ini:4: model.x.misrout_prob: no such key" \
    "model.x.misrout_prob = uniform(min=0.1, max=0.2)"
bad "an impossible distribution" "bad.ini:4: model.x.misroute_prob: p90 (2) must exceed median (5)" \
    "model.x.misroute_prob = lognormal(median=5, p90=2)"
bad "a key that holds no number" "bad.ini:4: model.x.owners: an uncertain key must hold a number" \
    "model.x.owners = uniform(min=0, max=1)"
bad "a key given twice" "bad.ini:4: uncertainty.model.x.fee_per_year: key set twice in this file (first at line 3)" \
    "model.x.fee_per_year = uniform(min=0, max=10)"
bad "a parameter the distribution does not have" "bad.ini:4: model.x.triage_delay.p90: model.x.triage_delay is 10 in the scenario: it has no parameter 'p90'" \
    "model.x.triage_delay.p90 = uniform(min=1, max=2)"
printf 'include = %s\n' "$S" > "$T/none.ini"
ox none uncertainty "$T/none.ini" --model x --baseline y -o "$T/bad"
r=$(rc_is 2 none)
grep -qF "no [uncertainty] section" "$T/none.err" || r="$r stderr: $(head -c 200 "$T/none.err"); "
check "a scenario without [uncertainty] is refused" "$r"
ox metric uncertainty "$U" --model x --baseline y --metric reps -o "$T/bad"
r=$(rc_is 2 metric)
grep -qF "no better direction" "$T/metric.err" || r="$r stderr: $(head -c 200 "$T/metric.err"); "
check "a metric with no better direction is refused" "$r"

finish
