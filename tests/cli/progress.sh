#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/progress.sh — the progress line is drawn by the CLI alone
# (include/ownsim/progress.h, docs/design.md "Layers"): on stderr only when
# stderr is a terminal, never with -q, the same text as ever, the line
# cleared at the end, and results byte-identical whether it is drawn or not.
#
#   OWNSIM=build/ownsim tests/cli/progress.sh     (what `make test` runs)
#
# A terminal comes from util-linux `script` (a pseudo-terminal); without it
# the terminal checks are reported as skipped.  Everything is written in a
# mktemp -d folder removed at exit.  Takes about a second.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=$ROOT/tests/data
SMALL=$DATA/small.ini
BE=$DATA/breakeven.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-progress.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

RUN=(run "$SMALL" -r 3 -j 2)
SWEEP=(sweep "$SMALL" --vary simulation.incidents=100,150,200 -r 2 -j 2)
BREAK=(breakeven "$BE" --vary model.handoff.handoff_delay=0:100 --model handoff --baseline direct -j 2)

# 1. stderr not a terminal: nothing on it
for c in run sweep breakeven; do
    case $c in run) a=("${RUN[@]}") ;; sweep) a=("${SWEEP[@]}") ;; breakeven) a=("${BREAK[@]}") ;; esac
    ox "$c-file" "${a[@]}" -o "$T/$c-file"
    r=$(rc_is 0 "$c-file")
    sans_implausible "$T/$c-file.err" | grep -q . &&
        r+="stderr not empty: $(head -c 100 "$T/$c-file.err" | tr '\r\n' '  '); "
    check "$c: no progress when stderr is a file" "$r"
done

# tty TAG ARGS...: run ownsim with stdin, stdout and stderr on a
# pseudo-terminal, stdout sent on to $T/TAG.out; what the terminal showed
# (stderr) in $T/TAG.tty.
if ! script -qc true /dev/null >/dev/null 2>&1 </dev/null; then
    ok "terminal checks # SKIP: util-linux script is not available"
    finish
fi
tty() {
    local tag=$1
    shift
    local cmd
    cmd=$(printf '%q ' "$OWNSIM" "$@")
    "${TIMEOUT[@]}" script -qec "$cmd >$(printf '%q' "$T/$tag.out")" /dev/null \
        >"$T/$tag.tty" 2>&1 </dev/null
    RC=$?
}

# 2. on a terminal: the same lines as ever, then the line cleared
for c in run sweep breakeven; do
    case $c in
    run) a=("${RUN[@]}") want='ownsim: ([0-9]+)/\1 model-replications' ;;
    sweep) a=("${SWEEP[@]}") want='ownsim: sweep 3/3 points, [0-9]+ s elapsed, ETA 0 s' ;;
    breakeven) a=("${BREAK[@]}") want='ownsim: breakeven: [0-9]+ points evaluated' ;;
    esac
    tty "$c-tty" "${a[@]}" -o "$T/$c-tty"
    r=$(rc_is 0)
    # what the terminal showed up to the warnings that follow the output
    # (implausible scenario figures, docs/model.md §12)
    perl -0pe 's/ownsim: warning: implausible: .*//s' "$T/$c-tty.tty" > "$T/$c-tty.shown"
    shown=$(tr '\r' '\n' <"$T/$c-tty.shown")
    # the last line drawn, the one before the clearing
    last=$(printf '%s\n' "$shown" | grep -a 'ownsim' | tail -1 | sed 's/ *$//')
    printf '%s\n' "$last" | grep -aEqx "$want" || r+="last progress line '$last', want /$want/; "
    # the terminal ends with the line blanked: \r, spaces, \r
    tail -c 1 "$T/$c-tty.shown" | od -An -c | grep -q '\\r' || r+="does not end with \\r; "
    end=$(printf '%s\n' "$shown" | tail -1)
    [ -n "$end" ] && [ -z "${end// /}" ] || r+="the line is not cleared at the end; "
    check "$c: progress on a terminal, the line cleared at the end" "$r"
    if [ "$c" = run ]; then
        r=
        for f in "$T/run-file"/*; do
            # provenance.ini records the command, which differs (-o)
            [ "${f##*/}" = provenance.ini ] && continue
            cmp -s "$f" "$T/run-tty/${f##*/}" || r+="${f##*/} differs; "
        done
        cmp -s "$T/run-file.out" <(sed "s|$T/run-tty|$T/run-file|" "$T/run-tty.out" | tr -d '\r') ||
            r+="the table differs; "
        check "run: results identical with and without the progress line" "$r"
    elif [ "$c" = sweep ]; then
        r=
        cmp -s "$T/sweep-file/sweep.csv" "$T/sweep-tty/sweep.csv" || r+="sweep.csv differs; "
        check "sweep: sweep.csv identical with and without the progress line" "$r"
    fi
done

# 3. -q on a terminal: nothing
for c in run sweep breakeven; do
    case $c in run) a=("${RUN[@]}") ;; sweep) a=("${SWEEP[@]}") ;; breakeven) a=("${BREAK[@]}") ;; esac
    tty "$c-q" "${a[@]}" -q -o "$T/$c-q"
    r=$(rc_is 0)
    sans_implausible "$T/$c-q.tty" | grep -aq 'ownsim' &&
        r+="progress drawn with -q: $(head -c 100 "$T/$c-q.tty" | tr '\r\n' '  '); "
    check "$c: -q draws no progress on a terminal" "$r"
done

finish
