#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/plot_study.sh — the charts of a sensitivity and an uncertainty
# folder (issue 18, item 3): `ownsim plot` on folders written by `ownsim
# sensitivity` and `ownsim uncertainty` on the small known-answer scenarios
# (tests/data/sensitivity.ini, uncertainty.ini).
#
#   OWNSIM=build/ownsim tests/cli/plot_study.sh     (what `make test` runs)
#
# Checks: the folder kind is detected (tornado for sensitivity.csv;
# difference and prcc for an uncertainty folder; nothing else); each SVG
# passes tests/plot/layout.awk (every text inside the canvas, >= 8 pt, no
# overlaps on a line or in a column) with the scenario's labels, with
# 60-character labels holding '%' and quotes, and with a 47-character
# party identifier (the longest allowed: a key wrapped over lines); what is
# written on them: the keys, a distribution's factor (×0.7), a flip's ◆ note with its
# crossing, P(A beats B) with its interval as uncertainty.csv gives it, the
# PRCC values and the noise threshold 3/√N; a shard is refused (exit 2,
# merge first); a missing column exits 2 naming it, a folder whose keys
# were all skipped exits 2; a label with a gnuplot
# command in it runs nothing; PNG and PDF render; provenance.ini lists the
# files drawn.  Prints "ok - NAME" / "not ok - NAME: reason", then "N
# passed, M failed"; exits 1 when anything failed.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SENS=$ROOT/tests/data/sensitivity.ini
UNC=$ROOT/tests/data/uncertainty.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-plotstudy-test.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
unset OWNSIM_PLOTS OWNSIM_GNUPLOT

. "$ROOT/tests/cli/lib.sh"
. "$ROOT/tests/plot/svg.sh"   # has, layout, long_labels, need_gnuplot
need_gnuplot

# only DIR EXT CHARTS: a reason unless DIR holds exactly these charts
only() {
    local got want
    got=$(cd "$1" 2>/dev/null && ls *."$2" 2>/dev/null | sort | tr '\n' ' ')
    want=$(printf '%s.'"$2"'\n' $3 | sort | tr '\n' ' ')
    [ "$got" = "$want" ] || printf 'charts in %s: %s, want %s; ' "$(basename "$1")" "$got" "$want"
}

# ------------------------------------------------------------- fixtures
LONGID=ghost_party_with_an_identifier_of_47_characters   # the longest name allowed
sed "s/ghost/$LONGID/g" "$SENS" >"$T/sensitivity.ini"
sed "s/ghost/$LONGID/g" "$UNC" >"$T/uncertainty.ini"
ox fxsens sensitivity "$SENS" --model x --baseline y --all -q -o "$T/sens"
r=$(rc_is 0 fxsens)
# a flip: x's triage delay from 0 to 40 minutes crosses y's mean of 20
ox fxflip sensitivity "$SENS" --model x --baseline y \
    --keys model.x.triage_delay.value,model.y.triage_delay,party.ghost.ack_delay,model.z.misroute_prob \
    --range model.x.triage_delay.value=0:40 -q -o "$T/flip"
r+=$(rc_is 0 fxflip)
ox fxlongkey sensitivity "$T/sensitivity.ini" --model x --baseline y \
    --keys "model.y.triage_delay,party.$LONGID.ack_delay,party.$LONGID.staff" -q -o "$T/longkey"
r+=$(rc_is 0 fxlongkey)
ox fxunc uncertainty "$UNC" --model x --baseline y --sets 50 -q -o "$T/unc"
r+=$(rc_is 0 fxunc)
ox fxunclong uncertainty "$T/uncertainty.ini" --model x --baseline y --sets 30 -q -o "$T/unclong"
r+=$(rc_is 0 fxunclong)
ox fxshard uncertainty "$UNC" --model x --baseline y --sets 20 --shard 1/2 -q -o "$T/shard"
r+=$(rc_is 0 fxshard)
for k in sens flip unc; do
    cp -r "$T/$k" "$T/long-$k"
    long_labels "$T/long-$k"
done
grep -q '^label = Label of x at sixty' "$T/long-sens/scenario.ini" || r+="no long label; "
awk -F, '$5 == "x" && $40 == 1' "$T/flip/sensitivity.csv" | grep -q '^1,model.x.triage_delay.value' ||
    r+="the flip fixture does not flip: $(cut -d, -f2,40,41 "$T/flip/sensitivity.csv" | tr '\n' ' '); "
check "fixtures: sensitivity (all keys, a flip, a long key) and uncertainty folders, copies with 60-character labels" "$r"

# ------------------------------------------------------- detection, layout
for k in sens flip longkey long-sens long-flip; do
    ox "p-$k" plot "$T/$k" --format svg -o "$T/c-$k"
    r=$(rc_is 0 "p-$k")$(only "$T/c-$k" svg tornado)$(layout "$T/c-$k/tornado.svg")
    check "$k: a sensitivity folder gives the tornado, every text inside the canvas, >= 8 pt, no overlaps" "$r"
done
for k in unc unclong long-unc; do
    ox "p-$k" plot "$T/$k" --format svg -o "$T/c-$k"
    r=$(rc_is 0 "p-$k")$(only "$T/c-$k" svg "difference prcc")
    r+=$(layout "$T/c-$k/difference.svg")$(layout "$T/c-$k/prcc.svg")
    check "$k: an uncertainty folder gives difference and prcc, every text inside the canvas, >= 8 pt, no overlaps" "$r"
done

# ------------------------------------------------------ what is written
r=""
for key in model.y.triage_delay model.x.triage_delay severity.P1.effort; do
    r+=$(has_text "$T/c-sens/tornado.svg" "$key")
done
# y's triage delay is a distribution scaled as a whole by 0.7 and 1.3
r+=$(has_text "$T/c-sens/tornado.svg" "×0.7")$(has_text "$T/c-sens/tornado.svg" "×1.3")
r+=$(has_text "$T/c-sens/tornado.svg" "no key flips the sign")
r+=$(has_text "$T/c-sens/tornado.svg" "X minus Y: mean time to resolution (minutes)")
r+=$(has "$T/c-sens/tornado.svg" "<title>sensitivity: Which assumptions move the difference most</title>")
check "tornado: keys, a distribution's factors, the sign, the axis and the heading" "$r"

cross=$(awk -F, 'NR > 1 && $2 == "model.x.triage_delay.value" { printf "%.1f", $41 }' "$T/flip/sensitivity.csv")
r=$(has_text "$T/c-flip/tornado.svg" "the sign flips: at model.x.triage_delay.value = $cross")
r+=$(has_text "$T/c-flip/tornado.svg" "sign flips")$(has_text "$T/c-flip/tornado.svg" "0: no difference")
# the low and high values of the flipping key at its bar's ends
r+=$(has_text "$T/c-flip/tornado.svg" "0")$(has_text "$T/c-flip/tornado.svg" "40")
case $cross in 19.* | 20.*) ;; *) r+="crossing $cross, want about 20; " ;; esac
check "tornado: a flip is marked, its crossing ($cross) in a header line" "$r"

r=$(has_text "$T/c-longkey/tornado.svg" "party.$LONGID.ack_delay")
check "tornado: a key with a 47-character identifier is drawn whole, wrapped" "$r"

r=$(has_text "$T/c-long-sens/tornado.svg" "$(sed -n '/^\[model.x\]/,/^\[/s/^label = //p' "$T/long-sens/scenario.ini")")
grep -q '100%%' "$T"/c-long-*/*.svg && r+="a doubled % is drawn; "
check "tornado: 60-character labels with % and quotes drawn literally" "$r"

NB=$(printf '\302\240')   # a no-break space: "(95 % CI lo–hi)" stays on one line
p=$(awk -F, -v nb="$NB" '$1 == "difference" { printf "P(X beats Y) = %.2f (95%s%%%sCI%s%.2f–%.2f)", $9, nb, nb, nb, $10, $11 }' "$T/unc/uncertainty.csv")
r=$(has_text "$T/c-unc/difference.svg" "$p")
wins=$(awk -F, '$1 == "difference" { printf "%d", $9 * $4 + 0.5 }' "$T/unc/uncertainty.csv")
r+=$(has_text "$T/c-unc/difference.svg" "X is better in $wins sets")
r+=$(has_text "$T/c-unc/difference.svg" "0: no difference")
r+=$(has "$T/c-unc/difference.svg" "<title>uncertainty: How sure is the answer</title>")
check "difference: '$p' as uncertainty.csv gives it, the sets X wins" "$r"

r=""
for row in $(awk -F, '$1 == "key" { printf "%s=%+.2f\n", $2, $12 }' "$T/unc/uncertainty.csv"); do
    r+=$(has_text "$T/c-unc/prcc.svg" "${row%%=*}")$(has_text "$T/c-unc/prcc.svg" "${row#*=}")
done
r+=$(has_text "$T/c-unc/prcc.svg" "noise: |PRCC| < 3/√N = 0.42")
r+=$(has_text "$T/c-unc/prcc.svg" "coloured by the model a higher value of the key favours")
# ranked by |PRCC|: x's key (+1.00) above y's (-0.96) above ghost's
order=$(svg_texts "$T/c-unc/prcc.svg" | awk -F '\t' '$6 ~ /^(model|party)\./ { print $2, $6 }' | sort -n | cut -d' ' -f2 | tr '\n' ' ')
[ "$order" = "model.x.triage_delay.value model.y.triage_delay party.ghost.staff " ] || r+="rows in order: $order; "
check "prcc: every key with its value, ranked by |PRCC|, the noise band 3/√N" "$r"

# ---------------------------------------------------- refusals, safety
ox shard plot "$T/shard" -o "$T/nope"
r=$(rc_is 2 shard)$(has "$T/shard.err" "merge the shards first")
[ -e "$T/nope" ] && r+="a refused plot left $T/nope; "
check "a shard of an uncertainty run is refused (exit 2): merge first" "$r"

cp -r "$T/sens" "$T/nocol"
cut -d, -f1-29,31- "$T/sens/sensitivity.csv" >"$T/nocol/sensitivity.csv"
ox nocol plot "$T/nocol" -o "$T/nope"
r=$(rc_is 2 nocol)$(has "$T/nocol.err" "diff_low")
check "a sensitivity.csv without diff_low exits 2 naming the column" "$r"

# a key whose base is 0 and no --range is skipped: nothing was run
ox fxskip sensitivity "$SENS" --model x --baseline y --keys model.x.misroute_prob -q -o "$T/skip"
r=$(rc_is 0 fxskip)
ox skip plot "$T/skip" -o "$T/nope"
r+=$(rc_is 2 skip)$(has "$T/skip.err" "no key was run")
[ -e "$T/nope" ] && r+="a refused plot left $T/nope; "
check "a sensitivity folder whose every key was skipped exits 2: nothing to draw" "$r"

cp -r "$T/unc" "$T/evil"
sed -i "s|^label = X\$|label = x'; system('touch $T/pwned'); '|" "$T/evil/scenario.ini"
ox evil plot "$T/evil" --format svg -o "$T/c-evil"
r=$(rc_is 0 evil)
[ -e "$T/pwned" ] && r+="a command ran; "
r+=$(has_text "$T/c-evil/difference.svg" "x'; system('touch $T/pwned'); ' better")
grep -q "^label = x'; system" "$T/evil/scenario.ini" || r+="no evil label planted; "
check "a label with a gnuplot command in it is drawn as text and runs nothing" "$r"

# ------------------------------------------------------------- formats
ox png plot "$T/flip" -o "$T/png"
r=$(rc_is 0 png)$(only "$T/png" png tornado)
ox pdf plot "$T/unc" --format pdf -o "$T/pdf"
r+=$(rc_is 0 pdf)$(only "$T/pdf" pdf "difference prcc")
r+=$(has "$T/png/provenance.ini" "sensitivity.csv")
for f in uncertainty.ini sets.csv uncertainty.csv; do r+=$(has "$T/pdf/provenance.ini" "$f"); done
check "PNG and PDF render; provenance.ini names the files drawn" "$r"

finish
