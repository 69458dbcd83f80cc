#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/plot.sh — end-to-end tests of `ownsim plot` (gnuplot charts).
#
#   OWNSIM=build/ownsim tests/cli/plot.sh       (what `make test` runs)
#
# Run from anywhere; fixtures are found relative to this script.  Prints one
# line per check, "ok - NAME" or "not ok - NAME: reason", then the line
# "N passed, M failed"; exits 1 when anything failed.  Works in a mktemp -d
# folder removed at exit (TMPDIR points into it, so ownsim's private
# folders are checked for too).  Takes a few seconds.  Needs gnuplot
# (Debian gnuplot-nox; `make deps` installs it).
#
# What it checks: every chart in every format from a fixture run and a
# fixture sweep with a break-even; PNG magic and 1600x900 size; SVG text;
# PDF magic; model names and titles that try to run shell commands are drawn
# as text and run nothing; bad input exits 2, a missing or failing gnuplot
# exits 1, and no failure leaves an image or a temporary file behind.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SMALL=$ROOT/tests/data/small.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-plot-test.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
PWN1=/tmp/ownsim-pwned-$$-dq
PWN2=/tmp/ownsim-pwned-$$-sq
trap 'rm -rf "$T"; rm -f "$PWN1" "$PWN2"' EXIT
mkdir "$T/tmp"
export TMPDIR=$T/tmp

. "$ROOT/tests/cli/lib.sh"
. "$ROOT/tests/plot/svg.sh"
if ! command -v gnuplot >/dev/null 2>&1; then
    echo "not ok - gnuplot: not installed (Debian package gnuplot-nox; make deps installs it)"
    echo "0 passed, 1 failed"
    exit 1
fi
# has FILE TEXT: a reason when FILE does not contain TEXT (fixed string)
has() { grep -qF -- "$2" "$1" 2>/dev/null || printf "no '%s' in %s; " "$2" "$(basename "$1")"; }
tmp_left() { find "$T" -name '*.tmp.*' | grep -q . && printf 'temporary file left: %s; ' "$(find "$T" -name '*.tmp.*' | head -1)"; }
# no_images DIR: a reason when DIR holds an image or a temporary file
no_images() {
    [ -d "$1" ] || return 0
    local f
    f=$(find "$1" \( -name '*.png' -o -name '*.svg' -o -name '*.pdf' -o -name '*.tmp.*' \) | head -1)
    [ -n "$f" ] && printf 'left behind: %s; ' "${f#"$T"/}"
}
# bytes FILE OFFSET COUNT: the bytes as unsigned decimals, space-separated
bytes() { od -An -tu1 -j "$2" -N "$3" "$1" | tr -s ' \n' ' ' | sed 's/^ //; s/ $//'; }
# png_ok FILE: a reason unless FILE is a PNG of 1600x900 (IHDR at byte 16)
png_ok() {
    local b w h
    b=$(bytes "$1" 0 8)
    [ "$b" = "137 80 78 71 13 10 26 10" ] || { printf '%s: no PNG signature (%s); ' "$(basename "$1")" "$b"; return; }
    set -- "$1" $(bytes "$1" 16 8)
    w=$(( ($2 << 24) | ($3 << 16) | ($4 << 8) | $5 ))
    h=$(( ($6 << 24) | ($7 << 16) | ($8 << 8) | $9 ))
    [ "$w" -eq 1600 ] && [ "$h" -eq 900 ] || printf '%s is %sx%s, want 1600x900; ' "$(basename "$1")" "$w" "$h"
}

RUN_CHARTS="stages ttr cdf sla cost"
# what the charts call them: the labels the resolved scenario.ini carries
# (the scenario's defaults, from the identifiers)
LABELS=("In house" "Co managed" "Fully managed")

# ------------------------------------------------------------- fixtures
ox fxrun run "$SMALL" -r 3 -n 300 -s 11 -q -o "$T/run"
r=$(rc_is 0 fxrun)
ox fxsweep sweep "$SMALL" --vary party.msp.ack_delay=0:3000:1000 \
    --vary model.co_managed.misroute_prob=0.1,0.4 -r 3 -n 300 -s 11 -q -o "$T/sweep"
r+=$(rc_is 0 fxsweep)
# in_house meets fully_managed near ack_delay 1200: drawn as a band
ox fxbe breakeven "$SMALL" --vary party.msp.ack_delay=0:3000 --model in_house \
    -r 3 -n 300 -s 11 -q -o "$T/be"
r+=$(rc_is 0 fxbe)
grep -q '^party.msp.ack_delay,in_house,fully_managed,ttr_mean,0,3000,1,' "$T/be/breakeven.csv" 2>/dev/null ||
    r+="the fixture break-even does not cross (breakeven.csv: $(sed -n 2p "$T/be/breakeven.csv" 2>/dev/null | cut -c1-80)); "
check "fixtures: run, two-axis sweep and a crossing break-even in a folder of its own" "$r"

# ----------------------------------------------- every chart, every format
for fmt in png svg pdf; do
    for kind in run sweep; do
        out=$T/charts-$kind-$fmt
        extra=()
        [ "$kind" = sweep ] && extra=(--breakeven "$T/be")
        ox "p-$kind-$fmt" plot "$T/$kind" -o "$out" --format "$fmt" "${extra[@]}"
        r=$(rc_is 0 "p-$kind-$fmt")
        [ -s "$T/p-$kind-$fmt.out" ] && r+="printed on stdout; "
        if [ "$kind" = run ]; then charts=$RUN_CHARTS; else charts="sweep heatmap"; fi
        for c in $charts; do
            f=$out/$c.$fmt
            if [ ! -s "$f" ]; then
                r+="no $c.$fmt or empty; "
                continue
            fi
            case $fmt in
            png) r+=$(png_ok "$f") ;;
            svg)
                r+=$(has "$f" "<svg")
                for m in "${LABELS[@]}"; do
                    r+=$(has "$f" "$m")
                done
                r+=$(has "$f" "small: ") ;;
            pdf) [ "$(head -c 4 "$f")" = "%PDF" ] || r+="$c.pdf does not start with %PDF; " ;;
            esac
        done
        [ -f "$out/provenance.ini" ] || r+="no provenance.ini; "
        n=$(find "$out" -type f ! -name provenance.ini | wc -l)
        want=$(echo $charts | wc -w)
        [ "$n" -eq "$want" ] || r+="$n files in the output folder, want $want: $(ls "$out" | tr '\n' ' '); "
        check "$kind folder, --format $fmt: $(echo $charts | tr ' ' ',') drawn and well-formed" "$r"
    done
done

r=""
f=$T/charts-sweep-svg/sweep.svg
r+=$(has "$f" "party.msp.ack_delay")$(has "$f" "break-even on ttr_mean: In house = Fully managed")
r+=$(has "$f" "other axes held at their first value: model.co_managed.misroute_prob = 0.1")
check "sweep chart: first key on x, the other axis named, the break-even marked" "$r"

# money axes name the scenario's currency: USD by default, the run's own
# organisation.currency otherwise, in the cost chart and a sweep's money metric
r=$(has "$T/charts-run-svg/cost.svg" "cost per year (USD)")
ox eurrun run "$SMALL" -r 2 -n 200 -s 11 -q -o "$T/eur" --set organisation.currency=EUR
ox eurplot plot "$T/eur" --format svg -o "$T/eur-charts"
r+=$(rc_is 0 eurrun)$(rc_is 0 eurplot)$(has "$T/eur-charts/cost.svg" "cost per year (EUR)")
ox eursweep sweep "$SMALL" --vary party.msp.ack_delay=0,100 -r 2 -n 200 -s 11 -q -o "$T/eur-sweep" \
    --set organisation.currency=EUR
ox eursplot plot "$T/eur-sweep" --format svg --metric downtime_cost -o "$T/eur-sweep-charts"
r+=$(rc_is 0 eursweep)$(rc_is 0 eursplot)$(has "$T/eur-sweep-charts/sweep.svg" "downtime_cost (EUR)")
check "money axes are labelled with organisation.currency (USD by default)" "$r"

# default OUTDIR, a title prefix, redrawing over old charts
ox defout plot "$T/run"
r=$(rc_is 0 defout)
for c in $RUN_CHARTS; do [ -s "$T/run/charts/$c.png" ] || r+="no charts/$c.png; "; done
check "without -o the charts go to DIR/charts" "$r"
ox titled plot "$T/run" --format svg --title "Acme Corp proposal" -o "$T/titled"
r=$(rc_is 0 titled)$(has "$T/titled/stages.svg" "Acme Corp proposal: Where the minutes go")
grep -q "small: " "$T/titled/stages.svg" && r+="the scenario name is still in the title; "
check "--title replaces the scenario name in every title" "$r"
ox again plot "$T/run" --format svg --title "Second" -o "$T/titled"
r=$(rc_is 0 again)$(has "$T/titled/stages.svg" "Second: Where")$(no_images "$T/titled/nothing")
check "drawing again replaces the charts" "$r$(tmp_left)"

# ------------------------------------------------------------ injection
# Names and titles that would run `touch` if they reached gnuplot as
# commands: a double-quoted and a single-quoted breakout.
P1="x\"; system(\"touch $PWN1\"); \""
P2="x'; system('touch $PWN2'); '"
rm -f "$PWN1" "$PWN2"
# csvq TEXT: TEXT as a quoted CSV field, quotes doubled (RFC 4180, libcsv)
csvq() { printf '"%s"' "${1//\"/\"\"}"; }
Q1=$(csvq "$P1")
Q2=$(csvq "$P2")
# rename_models FILE: in_house -> P1, co_managed -> P2 in the model column
rename_models() {
    awk -v q1="$Q1" -v q2="$Q2" -v col="$2" 'BEGIN { FS = "," }
        NR > 1 && $col == "in_house" { sub(/in_house/, q1) }
        NR > 1 && $col == "co_managed" { sub(/co_managed/, q2) }
        { print }' "$1" >"$1.new" && mv "$1.new" "$1"
}
cp -r "$T/run" "$T/evil"
rm -rf "$T/evil/charts"
for f in models.csv severities.csv ttr_hist.csv; do rename_models "$T/evil/$f" 1; done
r=""
grep -qF "$Q1" "$T/evil/models.csv" || r+="the fixture rewrite failed; "
ox evil1 plot "$T/evil" --format svg --title "$P1" -o "$T/evil-c1"
r+=$(rc_is 0 evil1)
ox evil2 plot "$T/evil" --format svg --title "$P2" -o "$T/evil-c2"
r+=$(rc_is 0 evil2)
[ -e "$PWN1" ] && r+="$PWN1 was created: a double-quoted name ran a command; "
[ -e "$PWN2" ] && r+="$PWN2 was created: a single-quoted name ran a command; "
for c in $RUN_CHARTS; do
    f=$T/evil-c1/$c.svg
    [ -s "$f" ] || { r+="no $c.svg; "; continue; }
    r+=$(has_text "$f" "system(")$(has_text "$f" "touch $PWN1")$(has_text "$f" "touch $PWN2")
done
check "model names and --title that try system(): drawn as text, nothing run" "$r"
r=$(has "$T/evil-c1/stages.svg" "touch $PWN1")
grep -c "system(" "$T/evil-c2/ttr.svg" 2>/dev/null | grep -qv '^0$' || r+="no name in ttr.svg; "
command -v xmllint >/dev/null 2>&1 && { xmllint --noout "$T"/evil-c1/*.svg 2>/dev/null || r+="an SVG is not well-formed XML; "; }
check "names with quotes keep the SVG well-formed" "$r"

# the same in a sweep folder: model names and the key in sweep.csv's header
cp -r "$T/sweep" "$T/evilsweep"
rm -f "$T/evilsweep/breakeven.csv"
rename_models "$T/evilsweep/sweep.csv" 4
awk -v q="$Q2" 'NR == 1 { sub(/party\.msp\.ack_delay/, q) } { print }' "$T/evilsweep/sweep.csv" >"$T/es.csv" &&
    mv "$T/es.csv" "$T/evilsweep/sweep.csv"
ox evils plot "$T/evilsweep" --format svg --title "$P1" -o "$T/evil-s"
r=$(rc_is 0 evils)
[ -e "$PWN1" ] || [ -e "$PWN2" ] && r+="a command ran; "
r+=$(has "$T/evil-s/sweep.svg" "touch $PWN1")$(has "$T/evil-s/sweep.svg" "touch $PWN2")
check "sweep: model names and a key that try system(): drawn as text, nothing run" "$r"

# ------------------------------------------------------------ bad input
# fails NAME RC TEXTS ARGS...: `ownsim ARGS -o <new dir>` exits RC, prints
# every '|'-separated TEXT on stderr, and leaves no image and no temporary
# file in the output folder (which it must not create either).
fails() {
    local name=$1 want=$2 texts=$3
    shift 3
    local out=$T/out-$name t
    ox "$name" "$@" -o "$out"
    local r
    r=$(rc_is "$want")
    IFS='|' read -r -a ts <<<"$texts"
    for t in "${ts[@]}"; do [ -n "$t" ] && r+=$(has "$T/$name.err" "$t"); done
    r+=$(no_images "$out")
    [ -e "$out" ] && r+="output folder created; "
    [ "$RC" -ne "$want" ] && r+="stderr: $(head -c 160 "$T/$name.err" | tr '\n' ' '); "
    FAILR=$r
}

fails nodir 2 "no results in|ownsim run" plot "$T/no-such-folder"
check "a folder that does not exist: exit 2, nothing written" "$FAILR"

mkdir "$T/empty"
fails empty 2 "no results in" plot "$T/empty"
check "a folder without models.csv or sweep.csv: exit 2, nothing written" "$FAILR"

cp -r "$T/run" "$T/nocol" && rm -rf "$T/nocol/charts"
sed -i '1s/,work_mean,/,wrk_mean,/' "$T/nocol/models.csv"
fails nocol 2 "models.csv|work_mean" plot "$T/nocol"
check "models.csv without a column: exit 2, names the file and column" "$FAILR"

cp -r "$T/run" "$T/hdr" && rm -rf "$T/hdr/charts"
head -1 "$T/run/models.csv" >"$T/hdr/models.csv"
fails hdr 2 "models.csv" plot "$T/hdr"
check "header-only models.csv (an empty run): exit 2, nothing written" "$FAILR"

cp -r "$T/run" "$T/nohist" && rm -rf "$T/nohist/charts" "$T/nohist/ttr_hist.csv"
fails nohist 2 "ttr_hist.csv" plot "$T/nohist"
check "run folder without ttr_hist.csv: exit 2, names the file" "$FAILR"

cp -r "$T/run" "$T/badnum" && rm -rf "$T/badnum/charts"
awk 'BEGIN { FS = OFS = "," } NR == 3 { $4 = "12x" } { print }' "$T/run/severities.csv" >"$T/badnum/severities.csv"
fails badnum 2 "severities.csv:3|ttr_mean|12x" plot "$T/badnum"
check "a number that is not one: exit 2, file, line and column" "$FAILR"

# one number grammar (number.h): hexadecimal and overflow are not numbers
for v in 0x10 1e999 inf; do
    cp -r "$T/run" "$T/badnum-$v" && rm -rf "$T/badnum-$v/charts"
    awk -v v="$v" 'BEGIN { FS = OFS = "," } NR == 2 { $5 = v } { print }' "$T/run/severities.csv" >"$T/badnum-$v/severities.csv"
    fails "badnum-$v" 2 "severities.csv:2|ttr_mean_lo|'$v' is" plot "$T/badnum-$v"
    check "a value $v in severities.csv: exit 2, file, line and column" "$FAILR"
done

cp -r "$T/sweep" "$T/nometric"
sed -i '1s/,ttr_mean,/,ttr_mea,/' "$T/nometric/sweep.csv"
fails nometric 2 "sweep.csv|ttr_mean" plot "$T/nometric"
check "sweep.csv without the metric column: exit 2, nothing written" "$FAILR"

fails bmp 2 "png, svg or pdf" plot "$T/run" --format bmp
check "--format bmp: exit 2, nothing written" "$FAILR"

OWNSIM_GNUPLOT=/nonexistent fails nognuplot 1 "gnuplot-nox" plot "$T/run"
check "OWNSIM_GNUPLOT=/nonexistent: exit 1, says to install gnuplot-nox, nothing written" "$FAILR"

# gnuplot failing on the third chart: the first two are not published
mkdir "$T/broken"
cp "$ROOT"/plots/*.gp "$T/broken/"
echo 'plot no_such_variable_here' >>"$T/broken/cdf.gp"
OWNSIM_PLOTS=$T/broken fails broken 1 "cdf|no_such_variable_here" plot "$T/run"
check "gnuplot failing on one chart: exit 1 with its error, no image at all" "$FAILR"

mkdir "$T/keep" && echo old >"$T/keep/notes.txt"
OWNSIM_PLOTS=$T/broken ox keep plot "$T/run" -o "$T/keep"
r=$(rc_is 1)$(no_images "$T/keep")
[ -f "$T/keep/notes.txt" ] || r+="an existing file in OUTDIR was removed; "
check "a failure in an existing OUTDIR leaves it as it was" "$r"

ox help plot --help
check "plot --help exits 0 and prints usage" "$(rc_is 0)$(has "$T/help.out" "usage: ownsim plot")"

# -o naming the --breakeven folder (or one above it) would replace it whole
cp -r "$T/be" "$T/be-keep"
ox be-over plot "$T/sweep" -o "$T/be" --breakeven "$T/be"
r=$(rc_is 2 be-over)
grep -q -- '-o: is or contains the --breakeven folder' "$T/be-over.err" || r+="no message naming --breakeven; "
diff -r "$T/be" "$T/be-keep" >/dev/null || r+="the break-even folder changed; "
check "plot -o over the --breakeven folder: exit 2, the folder untouched" "$r"

r=$(tmp_left)
[ -z "$(ls -A "$T/tmp")" ] || r+="private folders left in TMPDIR: $(ls "$T/tmp" | head -3 | tr '\n' ' '); "
check "no temporary file or folder left anywhere" "$r"

echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
