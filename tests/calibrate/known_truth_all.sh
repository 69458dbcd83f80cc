#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/calibrate/known_truth_all.sh — issue 24 item 5 with every parameter
# of calibrate's default set at once: ten known-truth histories
# (truth_lib.sh: 3,000 co_managed tickets each, through import and
# fit --into), each calibrated with the default set (co_managed's
# triage_delay and orphan_prob, both parties' detect_delay) and B = 20.
# Truth: every factor 1 (the history's own distributions), orphan_prob 0.
# For each parameter, a history in which it is "identified" with the truth
# outside its 90 % interval is a miss; at most 2 misses of 10 are allowed
# (the criterion: the truth inside in at least 8 of 10).  Two histories at
# a time (about a minute of CPU each); make test-calibrate runs it, apart
# from make test.
#
#   OWNSIM=build/ownsim tests/calibrate/known_truth_all.sh
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCN=$ROOT/scenarios/default.ini
T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-truth-all.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"
. "$ROOT/tests/calibrate/truth_lib.sh"
export OWNSIM SCN T ROOT

# one history: chain, then calibrate; its fitted.csv in $T/calSEED
one() {
    . "$ROOT/tests/calibrate/truth_lib.sh"
    chain "$1" || { echo "seed $1: the chain failed" > "$T/fail$1"; return; }
    timeout 900 "$OWNSIM" calibrate "$T/client$1.ini" --outages "$T/$1.out.csv" \
        --model co_managed --bootstrap 20 -q -o "$T/cal$1" 2> "$T/cal$1.err" ||
        echo "seed $1: calibrate failed: $(head -c 300 "$T/cal$1.err")" > "$T/fail$1"
}
export -f one
seq 1 10 | xargs -P 2 -I{} bash -c 'one {}'

R=""
for f in "$T"/fail*; do [ -e "$f" ] && R+="$(cat "$f"); "; done
declare -A truth=([model.co_managed.triage_delay]=1 [model.co_managed.orphan_prob]=0
                  [party.msp.detect_delay]=1 [party.internal.detect_delay]=1)
for p in "${!truth[@]}"; do
    ident=0 miss=0 seen=""
    for seed in $(seq 1 10); do
        [ -s "$T/cal$seed/fitted.csv" ] || continue
        # parameter,kind,lo,hi,start,fitted,ci_lo,ci_hi,verdict (the first nine
        # fields hold no comma)
        line=$(awk -F, -v p="$p" '$1 == p { print $7, $8, $9 }' "$T/cal$seed/fitted.csv")
        set -- $line
        [ "$3" = identified ] || { seen+="- "; continue; }
        ident=$((ident + 1))
        seen+="[$1,$2] "
        awk -v lo="$1" -v hi="$2" -v t="${truth[$p]}" 'BEGIN { exit !(lo <= t && t <= hi) }' ||
            miss=$((miss + 1))
    done
    echo "# $p: identified in $ident of 10, truth ${truth[$p]} outside in $miss: $seen"
    [ "$miss" -le 2 ] || R+="$p: the truth outside $miss identified intervals; "
done
check "every parameter of the default set: the truth inside its interval in at least 8 of 10 histories" "$R"
finish
