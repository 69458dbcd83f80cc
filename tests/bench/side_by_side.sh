#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# make bench-side: ownsim and the in-repository SimPy model of the same
# M/M/4 queue (tests/bench/simpy_mmc.py), interleaved in one run over ROUNDS
# rounds, so that a busy neighbour slows both alike; CPU time (user + sys)
# of each, the medians, the ratio, the load average, and the SimPy
# versions actually used.  Issue 26 item 3.
#
# Each round runs, one after the other:
#   ownsim  build/ownsim run scenarios/mmc.ini -n OWNSIM_N -r 1 --warmup 0
#           -j 1 -q (the whole process, loading and writing its CSVs
#           included: getrusage of the child), mean wait = queue_mean and
#           mean TTR = ttr_mean from its models.csv; then build/bench
#           scenarios/mmc.ini OWNSIM_N for the simulation alone (point_run);
#   SimPy   simpy_mmc.py SIMPY_N with each SimPy Debian installs: python3-simpy
#           (SimPy 2.3.1, API 2) and python3-simpy3 (SimPy 3.0.11, API 3),
#           the whole process (getrusage: Python's start and the import
#           included) and the simulation alone (its own process_time);
#   floor   build/floor OWNSIM_N (tests/bench/floor.c: the same queue with
#           no event list, GSL mt19937), for scale.
# Same queue on each side: the script checks that mmc.ini still says
# per_week = 1008 (0.1 per minute), staff = 4 and exponential(mean=30), the
# constants of simpy_mmc.py; each side prints its mean wait and TTR (Erlang
# C: 15.283 and 45.283 minutes).  The sizes differ (SimPy is about 80 times
# slower), so rates per CPU-second are compared, not seconds.
#
# Prints a line per round and the medians; appends the rounds to
# out/bench/side_by_side.csv.  About 75 s of CPU, 2 minutes of wall time on a
# busy machine, with the defaults (ROUNDS=5,
# OWNSIM_N=10^7, SIMPY_N=10^6; two SimPy versions).
set -eu
OWNSIM=${OWNSIM:-build/ownsim}
BENCH=${BENCH:-build/bench}
FLOOR=${FLOOR:-build/floor}
ROUNDS=${ROUNDS:-5}
OWNSIM_N=${OWNSIM_N:-10000000}
SIMPY_N=${SIMPY_N:-1000000}
PY=/usr/bin/python3
MMC=scenarios/mmc.ini

for want in '^per_week = 1008$' '^staff = 4$' '^effort = exponential(mean=30)$'; do
    grep -q "$want" "$MMC" || { echo "side_by_side: $MMC no longer has '$want': simpy_mmc.py is not the same queue" >&2; exit 1; }
done
apis=""
$PY -c 'import SimPy.Simulation' 2>/dev/null && apis="$apis 2"
$PY -c 'import simpy' 2>/dev/null && apis="$apis 3"
[ -n "$apis" ] || echo "SimPy not installed (Debian: python3-simpy, python3-simpy3; make bench-deps): ownsim and the floor only"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p out/bench
csv=out/bench/side_by_side.csv
[ -s "$csv" ] || echo "date,round,side,incidents,cpu_s,incidents_per_cpu_s,sim_cpu_s,mean_wait,mean_ttr,load1" > "$csv"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
l0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "side-by-side, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores, load average $l0"
echo "M/M/4, lambda 0.1/min, mean service 30 min, FIFO; CPU seconds = user + sys of the whole process (of the simulation alone in brackets)"

# cpu_of CMD...: "user+sys" seconds of the command (getrusage of the waited
# child, to the microsecond: GNU time prints hundredths), its stdout in
# $work/out
cpu_of() {
    "$PY" -c 'import resource, subprocess, sys
with open(sys.argv[1], "w") as out, open(sys.argv[2], "w") as err:
    rc = subprocess.run(sys.argv[3:], stdout=out, stderr=err).returncode
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.4f" % (u.ru_utime + u.ru_stime))
sys.exit(rc)' "$work/out" "$work/err" "$@" > "$work/time" ||
        { echo "side_by_side: $* failed: $(head -c 300 "$work/err")" >&2; exit 1; }
    cat "$work/time"
}
# col NAME FILE: the value of column NAME in the first data row of a CSV
col() { awk -F, -v k="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == k) c = i } NR == 2 { print $c }' "$2"; }
rec() { echo "$now,$1,$2,$3,$4,$(awk -v n="$3" -v c="$4" 'BEGIN { printf "%.0f", n / c }'),$5,$6,$7,$(cut -d' ' -f1 /proc/loadavg)" >> "$csv"; }

for r in $(seq "$ROUNDS"); do
    rm -rf "$work/o"
    c=$(cpu_of "$OWNSIM" run "$MMC" -n "$OWNSIM_N" -r 1 --warmup 0 -j 1 -q -o "$work/o")
    sim=$("$BENCH" "$MMC" "$OWNSIM_N" | cut -d, -f9)
    rec "$r" ownsim "$OWNSIM_N" "$c" "$sim" "$(col queue_mean "$work/o/models.csv")" "$(col ttr_mean "$work/o/models.csv")"
    line="round $r: ownsim $c s ($sim)"
    for a in $apis; do
        c=$(cpu_of "$PY" tests/bench/simpy_mmc.py "$SIMPY_N" 1 --api "$a")
        IFS=, read -r ver _ _ sim _ wait ttr < "$work/out"
        rec "$r" "$ver" "$SIMPY_N" "$c" "$sim" "$wait" "$ttr"
        line="$line, ${ver/_/ } $c s ($sim)"
    done
    c=$(cpu_of "$FLOOR" "$OWNSIM_N" mt19937)
    IFS=, read -r _ _ sim _ wait ttr < "$work/out"
    rec "$r" floor_mt19937 "$OWNSIM_N" "$c" "$sim" "$wait" "$ttr"
    echo "$line, floor $c s"
done
l1=$(cut -d' ' -f1-3 /proc/loadavg)

# medians over this run's rounds, per side
grep "^$now," "$csv" | awk -F, -v l0="$l0" -v l1="$l1" '
function median(s, a, n, i, j, t) {   # the median of the n values in a[1..n]
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ s = $3; if (!(s in k)) { order[++ns] = s; k[s] = 0 }
  k[s]++; cpu[s, k[s]] = $5; sim[s, k[s]] = $7; n[s] = $4; w[s] += $8; t[s] += $9 }
END {
    printf "\nmedians over %d rounds (load average %s before, %s after):\n", k["ownsim"], l0, l1
    for (i = 1; i <= ns; i++) {
        s = order[i]; delete a; delete b
        for (j = 1; j <= k[s]; j++) { a[j] = cpu[s, j]; b[j] = sim[s, j] }
        mc = median("", a, k[s]); rate[s] = n[s] / mc; srate[s] = b[1] != "" ? n[s] / median("", b, k[s]) : 0
        extra = b[1] != "" ? sprintf(", simulation alone %.3f s = %.3f M/CPU-s", median("", b, k[s]), n[s] / median("", b, k[s]) / 1e6) : ""
        printf "  %-14s %9d incidents: %8.3f s CPU = %7.3f M incidents per CPU-second (%5.1f ns each)%s; mean wait %.2f, TTR %.2f min\n",
               s, n[s], mc, rate[s] / 1e6, mc / n[s] * 1e9, extra, w[s] / k[s], t[s] / k[s]
    }
    for (i = 1; i <= ns; i++) {
        s = order[i]
        if (s != "ownsim" && s !~ /^floor/)
            printf "  ownsim / %s: %.0fx in CPU time per incident (whole processes; %.0fx the simulations alone)\n",
                   s, rate["ownsim"] / rate[s], srate["ownsim"] / srate[s]
        if (s ~ /^floor/)
            printf "  ownsim takes %.2fx the floor'"'"'s CPU time per incident (whole processes; %.2fx the simulations alone)\n",
                   rate[s] / rate["ownsim"], srate[s] / srate["ownsim"]
    }
    printf "  (Erlang C: mean wait 15.283, TTR 45.283 min)\n"
}'
