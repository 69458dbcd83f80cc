#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/plot_security.sh — no path and no name reaches gnuplot in a form
# it can run or format (issue 11, security item 1 and the `100%` name).
#
#   OWNSIM=build/ownsim tests/cli/plot_security.sh    (what `make test` runs)
#
# gnuplot runs a command for `set output '|cmd'`, `load '<cmd'`, a data
# file '<cmd' and a script argument '<cmd'; it reads a tic label with '%' as
# a format.  Each case below would run `touch pwnedN` (in the script's
# folder) or fail with "Bad format character" if that reached gnuplot; each
# must draw the charts (exit 0) and run nothing.  Paths come from -o, the
# results folder, TMPDIR and OWNSIM_PLOTS; names from models.csv,
# severities.csv, sweep.csv and --title.  Works in a mktemp -d folder
# removed at exit, with that folder as the current one (so the odd paths are
# relative, the case that reaches gnuplot unchanged).  Needs gnuplot.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SMALL=$ROOT/tests/data/small.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-plotsec-test.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
mkdir "$T/tmp"
export TMPDIR=$T/tmp
unset OWNSIM_PLOTS OWNSIM_GNUPLOT

. "$ROOT/tests/cli/lib.sh"
if ! command -v gnuplot >/dev/null 2>&1; then
    echo "not ok - gnuplot: not installed (Debian package gnuplot-nox; make deps installs it)"
    echo "0 passed, 1 failed"
    exit 1
fi
cd "$T" || exit 1

# has FILE TEXT: a reason when FILE does not contain TEXT (fixed string)
has() { grep -qF -- "$2" "$1" 2>/dev/null || printf "no '%s' in %s; " "$2" "$1"; }
. "$ROOT/tests/plot/svg.sh"
# pwned: a reason for every pwned* file (a command ran); removes them
pwned() {
    local f
    for f in "$T"/pwned* "$T"/*/pwned*; do
        [ -e "$f" ] && printf 'a command ran: %s exists; ' "${f#"$T"/}" && rm -f "$f"
    done
    return 0
}
# drawn DIR CHARTS EXT: a reason for every chart missing or empty in DIR
drawn() {
    local c
    for c in $2; do [ -s "$1/$c.$3" ] || printf 'no %s/%s.%s; ' "$1" "$c" "$3"; done
}
RUN_CHARTS="stages ttr cdf sla cost"

ox fxrun run "$SMALL" -r 1 -n 300 -s 5 -q -o run
ox fxsweep sweep "$SMALL" --vary party.msp.ack_delay=0:2000:1000 -r 1 -n 200 -s 5 -q -o sweep
r=$(rc_is 0 fxsweep)
[ -s run/models.csv ] || r+="no run fixture; "
check "fixtures: a run and a sweep" "$r"

# ------------------------------------------------------------------ paths
# -o '|cmd': was `set output '|cmd…/stages.png.tmp.PID'`
ox pipe-o plot run -o '|touch pwned1;echo'
check "-o '|touch pwned1;echo': charts drawn into that folder, nothing run" \
    "$(rc_is 0 pipe-o)$(pwned)$(drawn '|touch pwned1;echo' "$RUN_CHARTS" png)"

# a results folder named '|cmd', charts into its default charts/ folder
cp -r run '|touch pwned2;echo'
ox pipe-dir plot '|touch pwned2;echo' --format svg
check "results folder '|touch pwned2;echo': charts drawn, nothing run" \
    "$(rc_is 0 pipe-dir)$(pwned)$(drawn '|touch pwned2;echo/charts' "$RUN_CHARTS" svg)"

# TMPDIR '<cmd': the driver (gnuplot's argument) and the data files were
# read from a pipe; TMPDIR '|cmd': the images are drawn in the private folder
for d in '<touch pwned3;echo x' '|touch pwned4;echo y' '~' '-e' '$db'; do
    mkdir -p "$T/$d"
    TMPDIR=$d ox tmpdir plot run -o "out-tmp" --format svg
    r=$(rc_is 0 tmpdir)$(pwned)$(drawn out-tmp "$RUN_CHARTS" svg)
    TMPDIR=$d ox tmpdir2 plot sweep -o "out-tmp" --format svg
    r+=$(rc_is 0 tmpdir2)$(pwned)$(drawn out-tmp sweep svg)
    [ -z "$(ls -A "$T/$d")" ] || r+="left in TMPDIR: $(ls -A "$T/$d" | head -2 | tr '\n' ' '); "
    check "TMPDIR='$d' (relative): charts drawn, nothing run, nothing left" "$r"
    rm -rf out-tmp
done

# OWNSIM_PLOTS '<cmd': `load chart_script` and `load scripts_dir.'/common.gp'`
mkdir '<touch pwned5;echo p'
cp "$ROOT"/plots/*.gp '<touch pwned5;echo p/'
OWNSIM_PLOTS='<touch pwned5;echo p' ox scripts plot run -o out-scripts
check "OWNSIM_PLOTS='<touch pwned5;echo p': charts drawn, nothing run" \
    "$(rc_is 0 scripts)$(pwned)$(drawn out-scripts "$RUN_CHARTS" png)"

OWNSIM_PLOTS=$'pl\nots' ox scripts-nl plot run -o out-nl
r=$(rc_is 2 scripts-nl)$(has "$T/scripts-nl.err" "control character")
[ -e out-nl ] && r+="output folder created; "
check "OWNSIM_PLOTS with a newline: refused (exit 2), nothing written" "$r"

# ------------------------------------------------------------------ names
# csvq TEXT: TEXT as a quoted CSV field, quotes doubled (RFC 4180)
csvq() { printf '"%s"' "${1//\"/\"\"}"; }
# rename FILE COL OLD NEW: cells equal to OLD in column COL become NEW
# (written as a quoted CSV field)
# (through the environment: awk -v would read backslash escapes)
rename() {
    OLD=$3 NEW=$(csvq "$4") awk -v col="$2" 'BEGIN { FS = OFS = "," }
        NR > 1 && $col == ENVIRON["OLD"] { $col = ENVIRON["NEW"] } { print }' \
        "$1" >"$1.new" && mv "$1.new" "$1"
}

# a model named 100% (hand-edited), one with backquotes, @, $, a
# backslash and quotes, one with formats and a newline; a severity named
# with '%'
N1='100%'
N2="a\`touch pwned6\`b @x \$(touch pwned7) \\n 'q' \"d\""
N3=$'%s %d %%\ntwo'
cp -r run names
for f in models.csv severities.csv ttr_hist.csv; do
    rename "names/$f" 1 in_house "$N1"
    rename "names/$f" 1 co_managed "$N2"
    rename "names/$f" 1 fully_managed "$N3"
done
rename names/severities.csv 2 P1 '50%'
r=""
grep -qF '100%' names/models.csv || r+="the fixture rewrite failed; "
ox names plot names --format svg --title "T\`touch pwned8\` 10%" -o out-names
r+=$(rc_is 0 names)$(pwned)$(drawn out-names "$RUN_CHARTS" svg)
for c in stages cost; do   # the model names are tic labels here
    r+=$(has "out-names/$c.svg" ">100%<")$(has "out-names/$c.svg" ">%s %d %% two<")
    r+=$(has_text "out-names/$c.svg" "a\`touch pwned6\`b @x \$(touch pwned7) \\n")
done
for c in ttr sla; do       # severities are tic labels, models in the key
    r+=$(has "out-names/$c.svg" ">50%<")$(has "out-names/$c.svg" ">100%<")
done
r+=$(has out-names/stages.svg "T\`touch pwned8\` 10%: Where the minutes go")
grep -q '100%%' out-names/*.svg 2>/dev/null && r+="a doubled % is drawn; "
check "names 100%, %s %d %% and a newline, backquotes, @, \$(), quotes: drawn as text" "$r"

# a sweep whose key values are not numbers (a categorical axis): the
# values are tic labels
cp -r sweep catsweep
rename catsweep/sweep.csv 2 0 'lo 5%'
rename catsweep/sweep.csv 2 1000 '%d'
rename catsweep/sweep.csv 2 2000 "\`touch pwned9\`"
rename catsweep/sweep.csv 3 in_house "$N1"
ox cat plot catsweep --format svg -o out-cat
r=$(rc_is 0 cat)$(pwned)$(drawn out-cat sweep svg)
r+=$(has out-cat/sweep.svg ">lo 5%<")$(has out-cat/sweep.svg ">%d<")
r+=$(has out-cat/sweep.svg ">\`touch pwned9\`<")$(has out-cat/sweep.svg ">100%<")
check "sweep: category values and model names with % and backquotes drawn as text" "$r"

check "no temporary file or private folder left" \
    "$(find "$T" -name '*.tmp.*' | head -1)$(ls -A "$T/tmp" | head -1)"

finish
