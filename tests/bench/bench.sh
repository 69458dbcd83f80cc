#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench: throughput and memory of the simulator on one worker, the
# --trace writing speed, sweep scaling over two workers, and the time of the
# analyses (sensitivity, uncertainty) on the default scenario.  Results are
# printed and written to out/bench/bench.csv (overwritten each run).
# Timing lives here and never in the tests.  SIZES overrides the sizes;
# RUNS (default 3) is how often each measurement is repeated: the run with
# the median wall time is reported, with the slowest and fastest rates beside
# it, because a shared machine's noise is a few percent either way; the CPU
# time per incident-replay is the median of the runs' CPU times on its own.
set -eu
BENCH=${BENCH:-build/bench}
OWNSIM=${OWNSIM:-build/ownsim}
SIZES=${SIZES:-10000 100000 1000000 10000000}
RUNS=${RUNS:-3}
mkdir -p out/bench
csv=out/bench/bench.csv
echo "scenario,incidents,models,reps,wall_s,incidents_per_s,events_per_s,peak_rss_mb,cpu_s,runs,incidents_per_s_min,incidents_per_s_max,cpu_ns_per_replay" > "$csv"
printf '%-8s %10s %7s %9s %16s %14s %9s %11s  %s\n' scenario incidents models wall_s incident_replays/s events/s rss_MB cpu_ns/replay "slowest-fastest of $RUNS"
for sc in mmc default; do
    for n in $SIZES; do
        lines=$(for _ in $(seq "$RUNS"); do "$BENCH" "scenarios/$sc.ini" "$n"; done)
        median=$(echo "$lines" | sort -t, -k5,5g | sed -n "$(( (RUNS + 1) / 2 ))p")
        spread=$(echo "$lines" | awk -F, 'NR == 1 || $6 < lo { lo = $6 } NR == 1 || $6 > hi { hi = $6 }
                                         END { printf "%.0f,%.0f", lo, hi }')
        # CPU ns per incident-replay: the median run's CPU time / replays
        cpu=$(echo "$lines" | sort -t, -k9,9g | sed -n "$(( (RUNS + 1) / 2 ))p" |
              awk -F, '{ printf "%.1f", $9 / ($2 * $3) * 1e9 }')
        echo "$median,$RUNS,$spread,$cpu" >> "$csv"
        echo "$median,$spread,$cpu" | awk -F, '{ printf "%-8s %10s %7s %9.3f %16.0f %14.0f %9.1f %11.1f  %.2f-%.2f M\n",
                                                   $1, $2, $3, $5, $6, $7, $8, $12, $10 / 1e6, $11 / 1e6 }'
    done
done

# targets (issue 5)
awk -F, 'NR > 1 { w[$1 "," $2] = $5; r[$1 "," $2] = $6; m[$1 "," $2] = $8; c[$1 "," $2] = $13 }
END {
    printf "\ntargets on one worker:\n"
    printf "  M/M/c at 1e7: %.2f M incidents/s, the median run (target >= 10)\n", r["mmc,10000000"] / 1e6
    printf "  default at 1e6: %.2f M incident-replays/s (target >= 2), %.0f ns of CPU per incident-replay\n",
           r["default,1000000"] / 1e6, c["default,1000000"]
    if (w["mmc,1000000"] > 0)
        printf "  linearity: 1e7 took %.1fx the time of 1e6 (M/M/c), %.1fx (default) (target <= 11)\n",
               w["mmc,10000000"] / w["mmc,1000000"], w["default,10000000"] / w["default,1000000"]
    printf "  peak RSS at 1e7: %.1f MB (M/M/c), %.1f MB (default) (target < 50, flat in N)\n",
           m["mmc,10000000"], m["default,10000000"]
}' "$csv"

# --trace on 1e6 incidents (4 models: 4e6 rows)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
t0=$(date +%s.%N)
"$OWNSIM" run scenarios/default.ini -r 1 -n 1000000 --warmup 0 -j 1 --trace -q -o "$work/t"
t1=$(date +%s.%N)
bytes=$(stat -c %s "$work/t/incidents.csv")
awk -v a="$t0" -v b="$t1" -v s="$bytes" 'BEGIN {
    printf "  --trace, default, 1e6 incidents: %.0f MB in %.2f s = %.0f MB/s including the simulation (target >= 100)\n",
           s / 1e6, b - a, s / 1e6 / (b - a) }'
echo "trace,1000000,4,1,$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }'),,,,,1,,,"  >> "$csv"
rm -rf "$work/t"

# the same M/M/c queue in SimPy (Debian's python3-simpy), 1e6 incidents
if /usr/bin/python3 -c 'import SimPy.Simulation' 2>/dev/null; then
    sp=$(/usr/bin/python3 tests/bench/simpy_mmc.py 1000000)
    echo "simpy,$sp" | awk -F, '{ printf "  SimPy %s, same M/M/4 queue, 1e6 incidents: %.0f incidents/s (mean wait %.2f, TTR %.2f min)\n", "2.3", $4, $5, $6 }'
    echo "simpy_mmc,1000000,1,1,$(echo "$sp" | cut -d, -f2),$(echo "$sp" | cut -d, -f3),,,,1,,," >> "$csv"
else
    echo "  SimPy not installed (Debian package python3-simpy): side-by-side skipped"
fi

OWNSIM=$OWNSIM tests/bench/sweep_scaling.sh
OWNSIM=$OWNSIM tests/bench/analysis.sh
