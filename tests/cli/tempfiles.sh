#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/tempfiles.sh — temporary files never follow a planted symlink
# (issue 11, security item 2).
#
#   OWNSIM=build/ownsim tests/cli/tempfiles.sh    (what `make test` runs)
#
# Every output used to be written to the predictable name FILE.tmp.PID,
# opened with O_CREAT|O_TRUNC: a symlink planted there (the PID of a
# command started with `exec` is known in advance) made ownsim overwrite
# the link's target.  Each case plants such links for every file the
# command writes (and the chart temporaries of `plot`) and checks that the
# target is untouched, the command still succeeds, its outputs are regular
# files with the usual mode, the links are left alone and no temporary
# stays.  Works in a mktemp -d folder removed at exit.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SMALL=$ROOT/tests/data/small.ini
DEFAULT=$ROOT/scenarios/default.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-tempfiles-test.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
mkdir "$T/tmp"
export TMPDIR=$T/tmp
unset OWNSIM_PLOTS OWNSIM_GNUPLOT

. "$ROOT/tests/cli/lib.sh"
cd "$T" || exit 1

# planted TAG DIR FILES -- ARGS...: in a shell whose PID ownsim will have
# (exec), link DIR/F.tmp.PID to $T/victim for every F of FILES, then run
# ownsim ARGS; stdout, stderr and RC as ox leaves them
planted() {
    local tag=$1 dir=$2 files=$3
    shift 4
    echo precious >"$T/victim"
    "${TIMEOUT[@]}" sh -c 'd=$1 files=$2; shift 2
        for f in $files; do ln -s "$VICTIM" "$d/$f.tmp.$$" || exit 99; done
        exec "$@"' sh "$dir" "$files" "$OWNSIM" "$@" \
        >"$T/$tag.out" 2>"$T/$tag.err" </dev/null
    RC=$?
}
export VICTIM=$T/victim
# intact DIR FILES: reasons when the victim changed, a link was removed or
# replaced, or a temporary other than the links is left in DIR; then
# removes the links
intact() {
    local f
    [ "$(cat "$T/victim")" = precious ] || printf 'the victim was overwritten: %s; ' "$(head -c 60 "$T/victim" | tr -d '\0' | tr '\n' ' ')"
    local links
    links=$(find "$1" -name '*.tmp.*' -type l | wc -l)
    [ "$links" -eq "$(echo $2 | wc -w)" ] || printf '%s planted links left of %s; ' "$links" "$(echo $2 | wc -w)"
    f=$(find "$1" -name '*.tmp.*' ! -type l | head -1)
    [ -n "$f" ] && printf 'temporary left: %s; ' "${f#"$T"/}"
    find "$1" -name '*.tmp.*' -type l -delete
    return 0
}
# replaced DIR: like intact, for a folder that a command replaced whole
# (outdir.h): the links planted in the old folder went with it, removed and
# never followed, and nothing temporary is left beside it
replaced() {
    [ "$(cat "$T/victim")" = precious ] || printf 'the victim was overwritten: %s; ' "$(head -c 60 "$T/victim" | tr -d '\0' | tr '\n' ' ')"
    local f
    f=$(find "$1" "$(dirname "$1")" -maxdepth 1 -name '*.tmp.*' | head -1)
    [ -n "$f" ] && printf 'temporary or link left: %s; ' "${f#"$T"/}"
    return 0
}
# regular DIR FILES: reasons for every FILE that is not a non-empty regular file
regular() {
    local f
    for f in $2; do
        [ -f "$1/$f" ] && [ ! -L "$1/$f" ] && [ -s "$1/$f" ] || printf '%s is not a regular non-empty file; ' "$f"
    done
}

# the reproducer of the issue, word for word
mkdir sh
echo precious >victim
sh -c "ln -s \$PWD/victim sh/o.csv.tmp.\$\$; exec $OWNSIM outages $DEFAULT -o sh/o.csv" >repro.out 2>repro.err
RC=$?
r=$(rc_is 0 repro)
[ "$(head -1 victim)" = precious ] || r+="head -1 victim: $(head -1 victim | head -c 60); "
r+=$(regular sh o.csv)
check "issue reproducer: outages -o sh/o.csv with sh/o.csv.tmp.PID -> victim: victim intact" "$r"
rm -rf sh

mkdir o
planted outages o "o.csv" -- outages "$SMALL" -n 200 -o o/o.csv
check "outages: planted link not followed" "$(rc_is 0 outages)$(intact o "o.csv")$(regular o o.csv)"

RUNFILES="models.csv severities.csv ttr_hist.csv paired.csv replications.csv scenario.ini incidents.csv"
PARTS="incidents.csv.part0 incidents.csv.part1 incidents.csv.part2 incidents.csv.part3"
# a result folder is built in a new folder of an unguessable name beside the
# target, so links can only be planted in an earlier result: they go with it
"$OWNSIM" run "$SMALL" -r 1 -n 100 -q -o run >/dev/null 2>&1
planted run run "$RUNFILES $PARTS" -- run "$SMALL" -r 2 -n 300 -j 2 --trace -q -o run
check "run --trace: planted links for every result, trace and trace part not followed" \
    "$(rc_is 0 run)$(replaced run)$(regular run "$RUNFILES")"

"$OWNSIM" sweep "$SMALL" --vary party.msp.ack_delay=0,1000 -r 1 -n 100 -q -o sweep >/dev/null 2>&1
planted sweep sweep "sweep.csv sweep.ini scenario.ini" -- sweep "$SMALL" --vary party.msp.ack_delay=0:2000:1000 -r 1 -n 200 -q -o sweep
check "sweep: planted links not followed" \
    "$(rc_is 0 sweep)$(replaced sweep)$(regular sweep "sweep.csv sweep.ini")"

planted fit o "fit.ini" -- fit o/o.csv -o o/fit.ini
check "fit: planted link not followed" "$(rc_is 0 fit)$(intact o "fit.ini")$(regular o fit.ini)"

if command -v gnuplot >/dev/null 2>&1; then
    CHARTS="stages.png ttr.png cdf.png sla.png cost.png"
    "$OWNSIM" plot run -o charts >/dev/null 2>&1
    planted plot charts "$CHARTS" -- plot run -o charts
    check "plot: planted links at the chart temporaries not followed" \
        "$(rc_is 0 plot)$(replaced charts)$(regular charts "$CHARTS")"
fi

# the mode of an output is 0666 minus the umask, as for any new file
# (a temporary made by mkstemp would be 0600)
r=""
for m in 022 027 002; do
    (umask $m && exec "$OWNSIM" outages "$SMALL" -n 50 -o "mode-$m.csv") >/dev/null 2>&1 || r+="outages failed under umask $m; "
    got=$(stat -c %a "mode-$m.csv" 2>/dev/null)
    want=$(printf '%o' $((0666 & ~0$m)))
    [ "$got" = "$want" ] || r+="umask $m: mode $got, want $want; "
done
check "outputs have mode 0666 minus the umask" "$r"

check "no temporary left anywhere" "$(find "$T" -name '*.tmp.*' | head -1)$(ls -A "$T/tmp" | head -1)"

finish
