#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sweep scaling: the same sweep with -j 1 and -j 2, best of three wall times
# each.  The target (issue 3) is a speed-up of at least 1.8 on 2 cores.
# Prints a line and appends to out/bench/sweep_scaling.csv.
set -eu
OWNSIM=${OWNSIM:-build/ownsim}
SCENARIO=${SCENARIO:-scenarios/default.ini}
ARGS=${ARGS:---vary model.co_managed.misroute_prob=0:0.8:0.1 --vary party.internal.staff=1:3:1 -r 8 -n 4000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

best() {   # best wall seconds of 3 runs with -j $1
    local b=
    for _ in 1 2 3; do
        local t0 t1
        t0=$(date +%s.%N)
        # shellcheck disable=SC2086
        "$OWNSIM" sweep "$SCENARIO" $ARGS -j "$1" -q -o "$work/j$1"
        t1=$(date +%s.%N)
        b=$(awk -v a="$t0" -v c="$t1" -v b="$b" 'BEGIN { t = c - a; if (b == "" || t < b) b = t; printf "%.3f", b }')
    done
    echo "$b"
}

t1=$(best 1)
t2=$(best 2)
cmp -s "$work/j1/sweep.csv" "$work/j2/sweep.csv" || { echo "sweep_scaling: -j 1 and -j 2 differ!"; exit 1; }
speedup=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v s="$speedup" 'BEGIN { print (s >= 1.8 ? "meets" : "MISSES") }')
echo "sweep scaling: -j 1 ${t1} s, -j 2 ${t2} s, speed-up ${speedup} (${verdict} the 1.8 target; $(nproc) cores)"
mkdir -p out/bench
[ -s out/bench/sweep_scaling.csv ] || echo "date,cores,j1_seconds,j2_seconds,speedup" > out/bench/sweep_scaling.csv
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ),$(nproc),$t1,$t2,$speedup" >> out/bench/sweep_scaling.csv
