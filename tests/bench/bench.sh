#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench: the performance targets of issue 26, measured and checked, and
# the figures docs/performance.md quotes.  A reporting tool: it prints PASS
# or MISS for each target and exits 0 either way (it fails only when
# something does not run).  Timing lives here and never in the tests.
#
#   - throughput and memory on one worker, no trace (build/bench, which
#     times point_run alone): the frozen benchmark tests/bench/default-v1.ini
#     (four models; never changes) and scenarios/mmc.ini (M/M/4), at each of
#     SIZES incidents, each RUNS times in a fresh process; CPU time (user +
#     sys) beside wall time, rates per CPU-second and per wall-second.  The
#     run with the median CPU time is reported, with the slowest and fastest
#     CPU rates beside it;
#   - the floor (tests/bench/floor.c): the same M/M/4 queue with no event
#     list, ns of CPU per incident, beside ownsim's M/M/c figure;
#   - --trace writing speed on default-v1 at 10^6 incidents;
#   - sweep scaling -j 2 against -j 1 (tests/bench/sweep_scaling.sh), with
#     the load average, since it means something only on a quiet machine;
#   - the analyses' times (tests/bench/analysis.sh).
# The side-by-side with SimPy is another mode: tests/bench/side_by_side.sh
# (make bench-side).
#
# Writes out/bench/bench.csv (one row per scenario and size) and
# out/bench/targets.csv (one row per target), overwritten each run; the
# scripts it calls append to their own CSVs.  About 2.5 minutes on the
# 2-core machine (most of it default-v1 at 10^7: 3 x 12 s).
# Environment: BENCH, OWNSIM, FLOOR (the binaries), SIZES (default
# "10000 100000 1000000 10000000"), RUNS (default 3), FLOOR_N (10^7).
set -eu
# the holiday list from this tree even for a binary copied elsewhere
# (it is found from the binary's place otherwise; same_output.sh)
export OWNSIM_HOLIDAYS=${OWNSIM_HOLIDAYS:-$PWD/scenarios/holidays}
BENCH=${BENCH:-build/bench}
OWNSIM=${OWNSIM:-build/ownsim}
FLOOR=${FLOOR:-build/floor}
SIZES=${SIZES:-10000 100000 1000000 10000000}
RUNS=${RUNS:-3}
FLOOR_N=${FLOOR_N:-10000000}
SCENARIOS="scenarios/mmc.ini tests/bench/default-v1.ini"
started=$(date +%s.%N)
load1() { cut -d' ' -f1 /proc/loadavg; }
mid=$(( (RUNS + 1) / 2 ))

mkdir -p out/bench
csv=out/bench/bench.csv
tcsv=out/bench/targets.csv
echo "scenario,incidents,models,reps,wall_s,replays_per_wall_s,events_per_wall_s,peak_rss_mb,cpu_s,replays_per_cpu_s,runs,replays_per_cpu_s_min,replays_per_cpu_s_max,cpu_ns_per_replay,load1" > "$csv"
echo "make bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "one worker, no trace; CPU = user + sys of point_run; the run of median CPU time of $RUNS, slowest-fastest CPU rate beside it"
printf '%-10s %9s %6s %8s %8s %14s %14s %7s %8s  %s\n' scenario incidents models wall_s cpu_s \
    replays/CPU-s replays/wall-s RSS_MB CPU_ns "CPU rate range"
for sc in $SCENARIOS; do
    for n in $SIZES; do
        l=$(load1)
        lines=$(for _ in $(seq "$RUNS"); do "$BENCH" "$sc" "$n"; done)
        median=$(echo "$lines" | sort -t, -k9,9g | sed -n "${mid}p")
        spread=$(echo "$lines" | awk -F, 'NR == 1 || $10 < lo { lo = $10 } NR == 1 || $10 > hi { hi = $10 }
                                         END { printf "%.0f,%.0f", lo, hi }')
        echo "$median,$RUNS,$spread,$l" | awk -F, -v OFS=, '{ print $1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                                                     $11, $12, $13, sprintf("%.1f", $9 / ($2 * $3) * 1e9), $14 }' >> "$csv"
        tail -1 "$csv" | awk -F, '{ printf "%-10s %9s %6s %8.3f %8.3f %12.2f M %12.2f M %7.1f %8.1f  %.2f-%.2f M\n",
                                    $1, $2, $3, $5, $9, $10 / 1e6, $6 / 1e6, $8, $14, $12 / 1e6, $13 / 1e6 }'
    done
done

# the floor: the same M/M/4 queue with no event list (floor.c)
floor_ns() { for _ in $(seq "$RUNS"); do "$FLOOR" "$FLOOR_N" "$1"; done | sort -t, -k4,4g | sed -n "${mid}p"; }
fmt=$(floor_ns mt19937)
ftau=$(floor_ns taus113)
echo
echo "$fmt" | awk -F, '{ printf "floor (tests/bench/floor.c, FIFO M/M/4, no event list, %s incidents, median of '"$RUNS"'):\n", $2
                        printf "  GSL mt19937 + two inversions by log1p (issue 26'"'"'s floor): %5.1f ns CPU per incident (mean wait %.2f, TTR %.2f min)\n", $4, $5, $6 }'
echo "$ftau" | awk -F, '{ printf "  GSL taus113 + two inversions by log (ownsim'"'"'s stream 2):  %5.1f ns CPU per incident (mean wait %.2f, TTR %.2f min)\n", $4, $5, $6 }'

# --trace on default-v1 at 10^6 incidents (4 models: 4e6 rows)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
t0=$(date +%s.%N)
c=$( { /usr/bin/time -f '%U %S' "$OWNSIM" run tests/bench/default-v1.ini -r 1 -n 1000000 --warmup 0 -j 1 \
       --trace -q -o "$work/t"; } 2>&1 | tail -1)
t1=$(date +%s.%N)
bytes=$(stat -c %s "$work/t/incidents.csv")
rm -rf "$work/t"
trace=$(awk -v a="$t0" -v b="$t1" -v s="$bytes" -v c="$c" 'BEGIN { split(c, u, " ")
    printf "%.0f,%.2f,%.2f,%.0f", s / 1e6, b - a, u[1] + u[2], s / 1e6 / (b - a) }')
echo "$trace" | awk -F, '{ printf "--trace, default-v1, 10^6 incidents: %s MB in %s s wall (%s s CPU) = %s MB/s including the simulation\n", $1, $2, $3, $4 }'

echo
l_sweep=$(cut -d' ' -f1-3 /proc/loadavg)
OWNSIM=$OWNSIM tests/bench/sweep_scaling.sh
speedup=$(tail -1 out/bench/sweep_scaling.csv | cut -d, -f5)
l_sweep="$l_sweep before, $(cut -d' ' -f1-3 /proc/loadavg) after"
OWNSIM=$OWNSIM tests/bench/analysis.sh

# targets (issue 26), from the rows above
echo
echo "target,scenario,measured,threshold,verdict" > "$tcsv"
awk -F, -v fmt="$fmt" -v ftau="$ftau" -v speedup="$speedup" -v lsweep="$l_sweep" -v trace="$trace" -v tcsv="$tcsv" '
function verdict(ok) { return ok ? "PASS" : "MISS" }
function row(t, s, m, th, ok) { printf "%s,%s,%s,%s,%s\n", t, s, m, th, verdict(ok) >> tcsv }
NR > 1 { k = $1 "," $2; cpu[k] = $9; rate[k] = $10; rss[k] = $8; ns[k] = $14
         if (!($1 in big) || $2 + 0 > big[$1] + 0) big[$1] = $2
         if (!($1 in small) || $2 + 0 < small[$1] + 0) small[$1] = $2 }
END {
    printf "targets (issue 26; one worker, CPU time, no trace):\n"
    for (i = 1; i <= 2; i++) {
        s = i == 1 ? "default-v1" : "mmc"; want = i == 1 ? 5e6 : 15e6
        what = i == 1 ? "incident-replays" : "incidents"
        k = s "," big[s]
        printf "  %-4s %-10s at %g: %5.2f M %s per CPU-second (target >= %g M)\n", verdict(rate[k] >= want), s,
               big[s], rate[k] / 1e6, what, want / 1e6
        row("rate", s, sprintf("%.0f", rate[k]), want, rate[k] >= want)
    }
    for (i = 1; i <= 2; i++) {
        s = i == 1 ? "default-v1" : "mmc"
        if ((s ",1000000") in cpu && (s ",10000000") in cpu) {
            q = cpu[s ",10000000"] / cpu[s ",1000000"]
            printf "  %-4s %-10s linear in N: 10^7 took %.2fx the CPU time of 10^6 (target <= 11)\n",
                   verdict(q <= 11), s, q
            row("linear", s, sprintf("%.2f", q), 11, q <= 11)
        } else
            printf "  n/a  %-10s linear in N: needs the sizes 1000000 and 10000000\n", s
    }
    for (i = 1; i <= 2; i++) {
        s = i == 1 ? "default-v1" : "mmc"; b = rss[s "," big[s]]; a = rss[s "," small[s]]
        flat = b <= a * 1.1 + 1
        printf "  %-4s %-10s peak RSS %.1f MB at %g, %.1f MB at %g (target < 50 MB at 10^7, flat in N)\n",
               verdict(b < 50 && flat), s, b, big[s], a, small[s]
        row("rss", s, b, 50, b < 50 && flat)
    }
    printf "  %-4s sweep -j 2: %.2fx -j 1 (target >= 1.85; load average %s: meaningful only on a quiet machine)\n",
           verdict(speedup >= 1.85), speedup, lsweep
    row("sweep_j2", "default-v1", speedup, 1.85, speedup >= 1.85)
    split(fmt, f, ","); split(ftau, g, ","); k = "mmc," big["mmc"]
    printf "  info mmc: %.1f ns CPU per incident; the floor %.1f ns (mt19937, issue 26) = %.2fx, %.1f ns (taus113) = %.2fx\n",
           ns[k], f[4], ns[k] / f[4], g[4], ns[k] / g[4]
    # the target in terms of the floor: machines of this kind differ up to
    # 2x in speed (docs/performance.md), the floor with them; ownsim draws
    # with taus113, so the taus113 floor bounds what it could reach
    printf "  info mmc: the target, 15 M = 66.7 ns, was 1.45x the mt19937 floor (46 ns) when set; here %.2fx\n",
           ns[k] / f[4]
    printf "  info mmc: the taus113 floor (ownsim'"'"'s draws) alone runs %.2f M per CPU-second here%s\n",
           1e3 / g[4], (g[4] >= 1e9 / 15e6 ? ": 15 M is out of reach on this machine" : "")
    split(trace, tr, ",")
    printf "  info --trace: %s MB/s including the simulation (the earlier target: >= 100)\n", tr[4]
}' "$csv"
awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "make bench took %.0f s wall; side-by-side with SimPy: make bench-side\n", b - a }'
