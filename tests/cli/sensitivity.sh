#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/sensitivity.sh — end-to-end tests of `ownsim sensitivity`:
# known answers on tests/data/sensitivity.ini (a flip at a known value, keys
# no compared model reads with a swing of exactly 0), the same bytes for
# every -j, --all listing what it skips, and bad input refused with exit 2,
# the option and the key named, and nothing written.
#
#   OWNSIM=build/ownsim tests/cli/sensitivity.sh      (what `make test` runs)
#
# Prints one line per check, "ok - NAME" or "not ok - NAME: reason", then
# "N passed, M failed"; exits 1 when anything failed.  Takes a few seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
S=$ROOT/tests/data/sensitivity.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-sens.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"
# col FILE KEY COLUMN: the cell of COLUMN in KEY's row of a CSV with simple cells
col() {
    awk -F, -v k="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) n = i; next }
                                  $2 == k { print $n }' "$1"
}

KEYS=model.x.triage_delay.value,party.ghost.ack_delay,model.z.handoff_delay,model.z.misroute_prob,party.a.ack_delay
ox run1 sensitivity "$S" --model x --baseline y --keys "$KEYS" \
    --range model.x.triage_delay.value=0:40 -o "$T/s1" -j 1
r=$(rc_is 0 run1)
[ -f "$T/s1/sensitivity.csv" ] || r="$r no sensitivity.csv; "
[ -f "$T/s1/scenario.ini" ] || r="$r no scenario.ini; "
[ -f "$T/s1/provenance.ini" ] || r="$r no provenance.ini; "
[ "$(head -1 "$T/s1/sensitivity.csv" | cut -d, -f1-4)" = "rank,key,kind,status" ] || r="$r header; "
[ "$(sed -n 2p "$T/s1/sensitivity.csv" | cut -d, -f2)" = model.x.triage_delay.value ] ||
    r="$r the largest swing is not ranked first; "
check "sensitivity writes its folder, ranked by swing" "$r"

r=""
for k in party.ghost.ack_delay model.z.handoff_delay model.z.misroute_prob; do
    [ "$(col "$T/s1/sensitivity.csv" "$k" swing)" = 0 ] || r="$r$k: swing $(col "$T/s1/sensitivity.csv" "$k" swing), want exactly 0; "
    [ "$(col "$T/s1/sensitivity.csv" "$k" flips)" = 0 ] || r="$r$k flips; "
done
check "keys neither model reads have a swing of exactly 0" "$r"

r=""
x=$(col "$T/s1/sensitivity.csv" model.x.triage_delay.value crossing)
lo=$(col "$T/s1/sensitivity.csv" model.x.triage_delay.value crossing_lo)
hi=$(col "$T/s1/sensitivity.csv" model.x.triage_delay.value crossing_hi)
[ "$(col "$T/s1/sensitivity.csv" model.x.triage_delay.value flips)" = 1 ] || r="$r no flip; "
awk -v x="$x" -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(x != "" && lo <= 20 && 20 <= hi && x > 19 && x < 21) }' ||
    r="$r crossing $x [$lo, $hi] misses 20; "
r="$r$(has "$T/run1.out" "flips at 19.9")"
check "the flip is found at the known value (20) inside its interval" "$r"

ox run2 sensitivity "$S" --model x --baseline y --keys "$KEYS" \
    --range model.x.triage_delay.value=0:40 -o "$T/s2" -j 3
r=$(rc_is 0 run2)
cmp -s "$T/s1/sensitivity.csv" "$T/s2/sensitivity.csv" || r="$r -j 1 and -j 3 differ; "
check "the same bytes for every -j" "$r"

ox all sensitivity "$S" --model x --baseline y --all -o "$T/all" -q
r=$(rc_is 0 all)
[ "$(col "$T/all/sensitivity.csv" party.ghost.ack_delay status)" = skipped ] || r="$r ghost not skipped; "
[ "$(col "$T/all/sensitivity.csv" model.z.handoff_delay status)" = skipped ] || r="$r z not skipped; "
r="$r$(has "$T/all/sensitivity.csv" "neither x nor y reads it")"
[ "$(col "$T/all/sensitivity.csv" severity.P1.effort status)" = run ] || r="$r effort not run; "
r="$r$(has "$T/all/sensitivity.csv" 'severity.P1.effort,distribution,run,x,y,ttr_mean,"lognormal(median=60, p90=200)","lognormal(median=42, p90=140)","lognormal(median=78, p90=260)"')"
[ -s "$T/all.out" ] && r="$r -q printed; "
check "--all runs what x or y reads, lists the rest as skipped, scales distributions whole" "$r"

ox staff sensitivity "$S" --model z --baseline y --keys party.ghost.staff -o "$T/st" -q
r=$(rc_is 0 staff)
r="$r$(has "$T/st/sensitivity.csv" "party.ghost.staff,integer,run,z,y,ttr_mean,1,0,2,low rounded from 0.7 to 1; high rounded from 1.3 to 1; widened to 0:2")"
check "whole numbers rounded, and the rounding reported" "$r"

# bad input: exit 2, option and key named, nothing written
bad() {
    local name=$1 want=$2
    shift 2
    ox bad sensitivity "$S" -o "$T/bad" "$@"
    local r
    r=$(rc_is 2 bad)
    grep -qF -- "$want" "$T/bad.err" || r="$r stderr '$(head -c 200 "$T/bad.err")' lacks '$want'; "
    [ -e "$T/bad" ] && r="$r output folder written; "
    check "$name" "$r"
}
bad "an unknown key" "ownsim: --keys: model.x.misrout_prob: no such key" \
    --model x --baseline y --keys model.x.misrout_prob
bad "a range outside the key's domain" "ownsim: --range: model.z.misroute_prob: 0.5:1.5 is outside the key's domain [0, 1]" \
    --model x --baseline y --range model.z.misroute_prob=0.5:1.5
bad "a scale factor that is not positive" "--range: severity.P1.effort: a distribution is scaled by factors LO:HI, which must be positive" \
    --model x --baseline y --range severity.P1.effort=0:2
bad "a distribution scaled beyond its limits" "severity.P1.effort" \
    --model x --baseline y --range severity.P1.effort=1:1e308
bad "a key that is no number" "model.x.owners: sensitivity needs a number" \
    --model x --baseline y --keys model.x.owners
bad "an unknown model" "--model: xx: no such model" --model xx --baseline y --keys party.a.ack_delay
bad "a bad --rel" "--rel: needs a number above 0 and below 1" --model x --rel 1.5 --all
bad "an unknown metric" "--metric" --model x --baseline y --all --metric ttr_maen
bad "both --keys and --all" "give --keys K1,K2,... or --all" --model x --all --keys party.a.staff
bad "a bad --range" "expected KEY=LO:HI" --model x --baseline y --keys party.a.staff --range party.a.staff=3

finish
