#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sweep scaling: the same sweep of the frozen benchmark scenario with -j 1
# and -j 2, best of three wall times each, and the CPU time (user + sys) of
# that run beside it.  The target (issue 26) is a speed-up of at least 1.85
# on 2 cores when the machine is quiet, so the load average (/proc/loadavg,
# before and after) is printed with it: on a shared machine the second
# worker competes with the neighbours.  When -j 2 takes more CPU time than
# -j 1 for the same work, the cores were slowed (shared caches, a busy
# host), not idle.  Prints a line and appends to out/bench/sweep_scaling.csv.
# About 15 s.  27 points x 8 replications x 8000 incidents x 4 models.
set -eu
OWNSIM=${OWNSIM:-build/ownsim}
SCENARIO=${SCENARIO:-tests/bench/default-v1.ini}
ARGS=${ARGS:---vary model.co_managed.misroute_prob=0:0.8:0.1 --vary arrivals.per_week=8:16:4 -r 8 -n 8000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

best() {   # "wall cpu" of the fastest (wall) of 3 runs with -j $1
    local b=
    for _ in 1 2 3; do
        local t0 t1 c
        t0=$(date +%s.%N)
        # shellcheck disable=SC2086
        c=$( { /usr/bin/time -f '%U %S' "$OWNSIM" sweep "$SCENARIO" $ARGS -j "$1" -q -o "$work/j$1"; } 2>&1 | tail -1)
        t1=$(date +%s.%N)
        b=$(awk -v a="$t0" -v e="$t1" -v c="$c" -v b="$b" 'BEGIN { t = e - a; split(c, u, " "); split(b, o, " ")
            if (b == "" || t < o[1]) printf "%.3f %.3f", t, u[1] + u[2]; else print b }')
    done
    echo "$b"
}

l0=$(cut -d' ' -f1-3 /proc/loadavg)
r1=$(best 1)
r2=$(best 2)
l1=$(cut -d' ' -f1-3 /proc/loadavg)
cmp -s "$work/j1/sweep.csv" "$work/j2/sweep.csv" || { echo "sweep_scaling: -j 1 and -j 2 differ!"; exit 1; }
t1=${r1% *} c1=${r1#* } t2=${r2% *} c2=${r2#* }
speedup=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v s="$speedup" 'BEGIN { print (s >= 1.85 ? "meets" : "MISSES") }')
echo "sweep scaling ($(basename "$SCENARIO")): -j 1 ${t1} s wall (${c1} s CPU), -j 2 ${t2} s wall (${c2} s CPU), speed-up ${speedup} (${verdict} the 1.85 target; $(nproc) cores; load average ${l0} before, ${l1} after)"
mkdir -p out/bench
f=out/bench/sweep_scaling.csv
if [ ! -s "$f" ] || ! head -1 "$f" | grep -q load; then
    echo "date,cores,j1_seconds,j2_seconds,speedup,j1_cpu_s,j2_cpu_s,load1_before,load1_after,scenario" > "$f"
fi
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ),$(nproc),$t1,$t2,$speedup,$c1,$c2,${l0%% *},${l1%% *},$SCENARIO" >> "$f"
