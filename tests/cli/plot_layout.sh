#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/plot_layout.sh — automated layout checks of the charts (issue
# 17): no pixel comparisons, the SVG output is parsed.
#
#   OWNSIM=build/ownsim tests/cli/plot_layout.sh     (what `make test` runs)
#
# For the default scenario (and a copy of it with eight models), and for a
# copy of its results whose
# scenario.ini gives every model, severity, party and category a
# 60-character label (the display labels a results folder carries), every
# chart of a run and of a two-axis sweep (one axis a distribution, drawn
# as categories) is drawn as SVG and checked by tests/plot/layout.awk:
# every text inside the 1600x900 canvas, no font under 8 pt of the PDF
# (25.09 px), texts on one baseline (an x axis, a legend row, bar values)
# and the labels of one y axis do not overlap — text extents estimated as
# font size x characters x 0.6 (see layout.awk).  Also: the checker finds
# a planted overlap (it can fail); the SVG's <title> and font family; the
# PDF page (18 cm x 10.125 cm) and the PNG sizes (1600x900, --scale 2:
# 3200x1800); money ticks without exponents; --slice and its errors.
# Prints "ok - NAME" or "not ok - NAME: reason" per check, then "N passed,
# M failed"; exits 1 when anything failed.  Takes about half a minute.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEF=$ROOT/scenarios/default.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-layout-test.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"
. "$ROOT/tests/plot/svg.sh"   # has, layout, long_labels, need_gnuplot
need_gnuplot

# png_size_is FILE W H: a reason unless FILE is a PNG of W x H (IHDR)
png_size_is() {
    local b w h
    b=$(od -An -tu1 -j 16 -N 8 "$1" 2>/dev/null | tr -s ' \n' ' ')
    set -- "$1" "$2" "$3" $b
    [ $# -eq 11 ] || { printf 'no PNG %s; ' "$(basename "$1")"; return; }
    w=$(( ($4 << 24) | ($5 << 16) | ($6 << 8) | $7 ))
    h=$(( ($8 << 24) | ($9 << 16) | (${10} << 8) | ${11} ))
    [ "$w" -eq "$2" ] && [ "$h" -eq "$3" ] || printf '%s is %sx%s, want %sx%s; ' "$(basename "$1")" "$w" "$h" "$2" "$3"
}

# ------------------------------------------------------------- fixtures
ox fxrun run "$DEF" -r 3 -n 600 -s 7 -q -o "$T/run"
r=$(rc_is 0 fxrun)
ox fxsweep sweep "$DEF" -r 2 -n 300 -s 7 -q -o "$T/sweep" \
    --vary 'model.co_managed.handoff_delay=lognormal(median=10, p90=30),lognormal(median=25, p90=75),lognormal(median=60, p90=240)' \
    --vary model.co_managed.misroute_prob=0.1,0.4
r+=$(rc_is 0 fxsweep)
# eight models (the most with a colour of their own): fully_managed four
# more times, under other names
awk '/^\[model\.fully_managed\]/ { grab = 1 } /^\[/ && !/^\[model\.fully_managed\]/ { grab = 0 }
     { print } grab { sec = sec $0 "\n" }
     END { for (i = 1; i <= 4; i++) { s = sec; sub(/\[model\.fully_managed\]/, "[model.copy" i "]", s)
                                      printf "\n%s", s } }' "$DEF" >"$T/eight.ini"
ox fxeight run "$T/eight.ini" -r 3 -n 400 -s 7 -q -o "$T/eight"
r+=$(rc_is 0 fxeight)
for k in run sweep; do
    cp -r "$T/$k" "$T/long-$k"
    long_labels "$T/long-$k"
    grep -q '^label = Label of co_managed at sixty' "$T/long-$k/scenario.ini" || r+="no long label in long-$k; "
done
check "fixtures: the default scenario's run and a two-axis sweep, copies with 60-character labels, eight models" "$r"

# ----------------------------------------------------- the checker can fail
printf '%s\n' '<g transform="translate(100,500)" stroke="none" font-family="sans-serif" font-size="28.22"  text-anchor="middle">' \
    '<text>overlapping</text>' '</g>' \
    '<g transform="translate(180,500)" stroke="none" font-family="sans-serif" font-size="28.22"  text-anchor="middle">' \
    '<text>labels</text>' '</g>' \
    '<g transform="translate(1590,200)" stroke="none" font-family="sans-serif" font-size="20"  text-anchor="start">' \
    '<text>outside</text>' '</g>' >"$T/planted.svg"
p=$(svg_texts "$T/planted.svg" | LC_ALL=C awk -f "$ROOT/tests/plot/layout.awk" -v W=1600 -v H=900 -v MIN=25.0 -v NAME=planted)
r=""
case $p in *"'overlapping' and 'labels' overlap on one line"*) ;; *) r+="overlap not found; " ;; esac
case $p in *"'outside' reaches outside"*) ;; *) r+="text outside the canvas not found; " ;; esac
case $p in *"'outside' is 20.00, under the smallest size"*) ;; *) r+="small font not found; " ;; esac
check "layout.awk finds a planted overlap, a text outside the canvas and a small font" "$r"

# ------------------------------------------------ every chart, both label sets
for set in "" long-; do
    for k in run sweep; do
        ox "p-$set$k" plot "$T/$set$k" --format svg -o "$T/c-$set$k"
        r=$(rc_is 0 "p-$set$k")
        if [ "$k" = run ]; then charts="stages ttr cdf sla cost"; else charts="sweep heatmap"; fi
        for c in $charts; do
            r+=$(layout "$T/c-$set$k/$c.svg")
        done
        check "${set:-default }labels, $k folder: every text inside the canvas, >= 8 pt, no overlaps ($charts)" "$r"
    done
done
ox p-eight plot "$T/eight" --format svg -o "$T/c-eight"
r=$(rc_is 0 p-eight)
for c in stages ttr cdf sla cost; do
    r+=$(layout "$T/c-eight/$c.svg")
done
check "eight models: every text inside the canvas, >= 8 pt, no overlaps (stages ttr cdf sla cost)" "$r"

# label_of DIR SECTION: the label of [SECTION] in DIR/scenario.ini
label_of() { sed -n "/^\[$2\]/,/^\[/s/^label = //p" "$1/scenario.ini" | head -1; }
r=""
l=$(label_of "$T/long-run" model.co_managed)
[ ${#l} -eq 60 ] || r+="the label is ${#l} characters, want 60: $l; "
case $l in *%*\"*) ;; *) r+="the label has no % and quote: $l; " ;; esac
for c in stages ttr cdf sla cost; do
    r+=$(has_text "$T/c-long-run/$c.svg" "$l")
done
r+=$(has_text "$T/c-long-run/sla.svg" "$(label_of "$T/long-run" severity.P1)")
r+=$(has_text "$T/c-long-sweep/sweep.svg" "$(label_of "$T/long-sweep" model.fully_managed)")
r+=$(has_text "$T/c-long-sweep/heatmap.svg" "$(label_of "$T/long-sweep" model.in_house)")
grep -q '100%%' "$T"/c-long-*/*.svg && r+="a doubled % is drawn; "
check "60-character labels with % and quotes are drawn whole (wrapped), literally" "$r"

# ------------------------------------------------------------- formats
r=""
for c in stages cost sweep; do
    f=$T/c-run/$c.svg
    [ "$c" = sweep ] && f=$T/c-sweep/$c.svg
    grep -o 'font-family="[^"]*"' "$f" | sort -u | grep -qvx 'font-family="sans-serif"' &&
        r+="$c.svg uses another font family: $(grep -o 'font-family="[^"]*"' "$f" | sort -u | tr '\n' ' '); "
done
r+=$(has "$T/c-run/stages.svg" "<title>default: Where the minutes go</title>")
grep -q '<title>Gnuplot</title>' "$T"/c-run/*.svg && r+="an SVG still says <title>Gnuplot; "
check "SVG: the generic sans-serif family and the chart's heading as <title>" "$r"

ox pdf plot "$T/run" --format pdf -o "$T/pdf"
r=$(rc_is 0 pdf)
grep -aqE 'MediaBox \[ *0 0 510(\.[0-9]*)? 287(\.[0-9]*)? *\]' "$T/pdf/stages.pdf" ||
    r+="stages.pdf is not 510.24 x 287 pt: $(grep -ao 'MediaBox[^]]*]' "$T/pdf/stages.pdf" | head -1); "
check "PDF: 18 cm x 10.125 cm (half an A4 or Letter page)" "$r"

ox png plot "$T/run" -o "$T/png"
r=$(rc_is 0 png)
ox png2 plot "$T/run" --scale 2 -o "$T/png2"
r+=$(rc_is 0 png2)
r+=$(png_size_is "$T/png/cost.png" 1600 900)$(png_size_is "$T/png2/cost.png" 3200 1800)
ox scalesvg plot "$T/run" --scale 2 --format svg -o "$T/nope"
r+=$(rc_is 2 scalesvg)
check "PNG: 1600x900, and 3200x1800 with --scale 2 (PNG only)" "$r"

# ----------------------------------------------------------- numbers
r=""
svg_texts "$T/c-run/cost.svg" | cut -f6 | grep -q 'e+' && r+="an exponent in cost.svg; "
svg_texts "$T/c-run/cost.svg" | awk -F '\t' '$4 == "end" && $5 == 0 { print $6 }' | sed 's/^ *//' |
    grep -vqE '^\$[0-9]+(\.[0-9]+)?[kMG]?$' && r+="a y tick of cost.svg is not money: $(svg_texts "$T/c-run/cost.svg" | awk -F '\t' '$4 == "end" { print $6 }' | tr '\n' '|'); "
svg_texts "$T/c-run/cost.svg" | cut -f6 | grep -qE '\.0k|^0\.0$' && r+="a '.0k' or '0.0' in cost.svg; "
ox money plot "$T/sweep" --format svg --metric total_cost_per_year -o "$T/money"
r+=$(rc_is 0 money)
svg_texts "$T/money/sweep.svg" | cut -f6 | grep -q 'e+' && r+="an exponent in the money sweep; "
r+=$(has_text "$T/money/sweep.svg" '$')
check "money axes: currency and k/M, no exponent, no '.0k'" "$r"

# -------------------------------------------------------------- --slice
ox slice plot "$T/sweep" --format svg --slice model.co_managed.misroute_prob=0.4 -o "$T/slice"
r=$(rc_is 0 slice)$(has_text "$T/slice/sweep.svg" "drawn where model.co_managed.misroute_prob = 0.4")
ox badkey plot "$T/sweep" --slice model.x.y=1 -o "$T/nope"
r+=$(rc_is 2 badkey)$(has "$T/badkey.err" "is not an axis this sweep holds fixed")
ox badval plot "$T/sweep" --slice model.co_managed.misroute_prob=0.2 -o "$T/nope"
r+=$(rc_is 2 badval)$(has "$T/badval.err" "no row where model.co_managed.misroute_prob=0.2")
ox runslice plot "$T/run" --slice a=1 -o "$T/nope"
r+=$(rc_is 2 runslice)
[ -e "$T/nope" ] && r+="a failed plot left $T/nope; "
check "--slice KEY=VALUE picks the line chart's slice; a bad key or value exits 2" "$r"

finish
