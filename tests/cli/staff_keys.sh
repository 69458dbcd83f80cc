#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/staff_keys.sh — a model's staff, party by party (issue 16, item
# 5): model.NAME.staff.PARTY is a key of its own for --set, --vary and
# breakeven, changes only that party's entry of the model's staff list,
# and is checked like any key; a party a model's list leaves out is stated
# in the resolved scenario (check, scenario.ini); an override of
# party.P.staff that some model's own list shadows is warned of on stderr,
# once, naming the model and the key that wins.
#
#   OWNSIM=build/ownsim tests/cli/staff_keys.sh     (what `make test` runs)
#
# Runs scenarios/default.ini with few incidents; everything is written in
# a mktemp -d folder removed at exit.  Prints one line per check, then
# "N passed, M failed"; exits 1 when anything failed.  Takes a few seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCN=$ROOT/scenarios/default.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-staff.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"

# staff_of FILE MODEL: the staff line of [model.MODEL] in a resolved scenario
staff_of() {
    awk -v s="[model.$2]" '$0 == s { on = 1; next } /^\[/ { on = 0 }
                           on && /^staff = / { sub(/^staff = /, ""); print; exit }' "$1"
}
# col FILE POINT MODEL COLUMN: a sweep.csv cell
col() {
    awk -F, -v p="$2" -v m="$3" -v c="$4" '
        NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
        $1 == p && $k["model"] == m { print $k[c]; exit }' "$1"
}
Q=(-r 2 -n 300 --set simulation.warmup=0 -q)

# --set of one party's entry: the others as the list (or the party) says
r=""
ox set check "$SCN" --set model.fully_managed.staff.msp=7
r+=$(rc_is 0 set)
[ "$(staff_of "$T/set.out" fully_managed)" = "internal:0, msp:7, msp_desk:1" ] ||
    r+="fully_managed: $(staff_of "$T/set.out" fully_managed); "
ox add check "$SCN" --set model.co_managed.staff.internal=5
[ "$(staff_of "$T/add.out" co_managed)" = "internal:5, msp:3, msp_desk:0" ] ||
    r+="co_managed: $(staff_of "$T/add.out" co_managed); "
[ "$(staff_of "$T/add.out" co_managed_mature)" = "internal:2, msp:3, msp_desk:0" ] ||
    r+="co_managed_mature moved: $(staff_of "$T/add.out" co_managed_mature); "
# in order with a whole-list override: the later one wins
ox order check "$SCN" --set model.in_house.staff=internal:4 --set model.in_house.staff.msp=1
[ "$(staff_of "$T/order.out" in_house)" = "internal:4, msp:1, msp_desk:0" ] ||
    r+="list then item: $(staff_of "$T/order.out" in_house); "
ox order2 check "$SCN" --set model.in_house.staff.msp=1 --set model.in_house.staff=internal:4
[ "$(staff_of "$T/order2.out" in_house)" = "internal:4, msp:3, msp_desk:0" ] ||
    r+="item then list: $(staff_of "$T/order2.out" in_house); "
check "--set model.NAME.staff.PARTY sets that party's entry only, in order with --set" "$r"

# every party's staff of every model is written, listed or not
r=""
ox plain check "$SCN"
for m in in_house co_managed co_managed_mature fully_managed; do
    case $(staff_of "$T/plain.out" $m) in
    internal:*", msp:"*) ;;
    *) r+="$m: '$(staff_of "$T/plain.out" $m)'; " ;;
    esac
done
check "check states every party's staff of every model" "$r"

# bad item keys: named as typed, exit 2
r=""
ox bad1 check "$SCN" --set model.fully_managed.staff.mps=3
r+=$(rc_is 2 bad1)
grep -q "^ownsim: --set: model.fully_managed.staff.mps: no party 'mps'.*did you mean msp" "$T/bad1.err" ||
    r+="unknown party: $(head -c 200 "$T/bad1.err"); "
ox bad2 check "$SCN" --set model.fully_managed.staff.msp=2.5
r+=$(rc_is 2 bad2)
grep -q "model.fully_managed.staff.msp: '2.5' is not a whole number" "$T/bad2.err" ||
    r+="not whole: $(head -c 200 "$T/bad2.err"); "
ox bad3 check "$SCN" --set model.fully_manage.staff.msp=2
r+=$(rc_is 2 bad3)
grep -q "no section \[model.fully_manage\]" "$T/bad3.err" || r+="unknown model: $(head -c 200 "$T/bad3.err"); "
ox bad4 check "$SCN" --set model.fully_managed.staff.msp=0
r+=$(rc_is 2 bad4)
grep -q "party 'msp' owns work in this model but has no staff" "$T/bad4.err" ||
    r+="no staff: $(head -c 200 "$T/bad4.err"); "
ox bad5 check "$SCN" --set model.fully_managed.owners.network=msp
r+=$(rc_is 2 bad5)
check "a bad model.NAME.staff.PARTY is refused naming the key, exit 2" "$r"

# a sweep of one party's entry moves that model only, and keeps the others'
r=""
ox sw sweep "$SCN" "${Q[@]}" --vary model.fully_managed.staff.msp=1,4 -o "$T/sw"
r+=$(rc_is 0 sw)
S=$T/sw/sweep.csv
[ "$(col "$S" 0 fully_managed ttr_mean)" != "$(col "$S" 1 fully_managed ttr_mean)" ] ||
    r+="fully_managed's ttr_mean did not move; "
[ "$(col "$S" 0 co_managed ttr_mean)" = "$(col "$S" 1 co_managed ttr_mean)" ] ||
    r+="co_managed moved; "
# internal:0 kept: no internal staff cost at any point (msp staff costs 0)
for p in 0 1; do
    [ "$(col "$S" $p fully_managed staff_cost_per_year)" = 0 ] ||
        r+="point $p: staff_cost_per_year $(col "$S" $p fully_managed staff_cost_per_year); "
done
[ -s "$T/sw.err" ] && r+="stderr: $(head -c 200 "$T/sw.err"); "
check "sweep --vary model.fully_managed.staff.msp moves that model only, internal:0 kept" "$r"

# the point of a sweep equals --set of the same value
r=""
ox one run "$SCN" "${Q[@]}" --set model.fully_managed.staff.msp=1 -o "$T/one"
r+=$(rc_is 0 one)
got=$(awk -F, '$3 == "fully_managed" && $1 == 0 { print $6 }' "$S")
want=$(awk -F, '$1 == "fully_managed" { print $4 }' "$T/one/models.csv")
[ "$got" = "$want" ] || r+="sweep point $got, run $want; "
check "a sweep point of model.NAME.staff.PARTY equals run --set of it" "$r"

# the shadowing warning: --vary party.msp.staff on the default scenario
r=""
ox shadow sweep "$SCN" "${Q[@]}" --vary party.msp.staff=1:3:1 -o "$T/shadow"
r+=$(rc_is 0 shadow)
n=$(grep -c "^ownsim: warning: party.msp.staff does not reach" "$T/shadow.err")
[ "$n" = 1 ] || r+="$n warnings, want 1; "
grep -q "model.fully_managed.staff.msp (3)" "$T/shadow.err" || r+="fully_managed not named; "
grep -q "model.in_house.staff.msp (0)" "$T/shadow.err" || r+="in_house not named; "
grep -q "co_managed" "$T/shadow.err" && r+="co_managed named, but its list leaves msp out; "
check "sweep --vary party.msp.staff warns once, naming each shadowing model and its key" "$r"

r=""
ox shset run "$SCN" "${Q[@]}" --set party.internal.staff=3 -o "$T/shset"
r+=$(rc_is 0 shset)
[ "$(grep -c "warning: party.internal.staff does not reach 2 models" "$T/shset.err")" = 1 ] ||
    r+="run --set: $(head -c 200 "$T/shset.err"); "
ox shck check "$SCN" --set party.msp.staff=3 --set party.msp.staff=4
[ "$(grep -c "warning: party.msp.staff does not reach" "$T/shck.err")" = 1 ] ||
    r+="check: $(head -c 300 "$T/shck.err"); "
ox shbe breakeven "$SCN" "${Q[@]}" --model co_managed --vary party.msp.staff=1:4 -o "$T/shbe"
[ "$(grep -c "warning: party.msp.staff does not reach" "$T/shbe.err")" = 1 ] ||
    r+="breakeven: $(head -c 300 "$T/shbe.err"); "
ox quiet sweep "$SCN" "${Q[@]}" --vary party.internal.skill=apps:1,apps:2 -o "$T/quiet"
[ -s "$T/quiet.err" ] && r+="a key nobody shadows warned: $(head -c 200 "$T/quiet.err"); "
check "run --set, check and breakeven of a shadowed party.P.staff warn once; others do not" "$r"

# breakeven over one party's entry: an integer key
r=""
ox be breakeven "$SCN" "${Q[@]}" --model fully_managed --baseline co_managed_mature \
    --vary model.fully_managed.staff.msp=1:6 -o "$T/be"
r+=$(rc_is 0 be)
[ -s "$T/be/breakeven.csv" ] || r+="no breakeven.csv; "
check "breakeven --vary model.fully_managed.staff.msp runs" "$r"

finish
