#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/paired.sh — paired differences for every metric (issue 16):
#  - paired.csv's figures equal a hand computation (awk) from
#    replications.csv of the same small fixed-seed run: per model, each
#    replication's value minus the baseline's, the mean, the Student t
#    interval, the baseline's mean, the relative difference and the count;
#    and paired.csv compares exactly the metrics replications.csv has;
#  - fewer than 3 replications: every interval is written empty (models.csv,
#    paired.csv, sweep.csv), the means are not;
#  - precision control: `run --precision METRIC=H` stops at R replications
#    whose intervals are that narrow, and everything it writes equals
#    `run -r R` byte for byte (provenance.ini aside), whatever -j; a target
#    out of reach stops at --max-reps with a warning; bad values exit 2;
#    `sweep --precision` does the same at each point, sharded or not;
#  - sweep.csv carries the --metric differences (NAME or NAME:SEV), every
#    one with --all-metrics, equal to the run's paired.csv at the same point,
#    and shards merge byte-identical to the whole sweep;
#  - provenance.ini records the output-schema version, the latest of
#    NEWS.md.
#
#   OWNSIM=build/ownsim tests/cli/paired.sh      (what `make test` runs)
#
# Prints "ok - NAME" or "not ok - NAME: reason" per check, then
# "N passed, M failed"; exits 1 when anything failed.  About ten seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SMALL=$ROOT/tests/data/small.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-paired.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"

# rows FILE: a CSV without CR
rows() { tr -d '\r' <"$1"; }

# ------------------------------------------------ paired.csv by hand
ox run run "$SMALL" -r 4 -n 300 -s 7 -q -o "$T/run"
r=$(rc_is 0 run)
check "a 4-replication run writes paired.csv and replications.csv" "$r"

# hand REPS PAIRED: compare each "all" row of paired.csv with the same
# figures computed from replications.csv; prints one reason per mismatch.
# t(0.975, 3) for 4 replications.  Tolerance: the inputs have 6 significant
# digits, so a difference carries up to 5e-6 of each operand, the interval
# t/sqrt(n) times more; the outputs have 6 digits too.
hand() {
    awk -F, -v t=3.182446305284263 '
        function abs(x) { return x < 0 ? -x : x }
        function near(a, b, tol) { return abs(a - b) <= tol + 1e-5 * abs(b) }
        FNR == 1 { file++ }
        file == 1 && FNR == 1 { for (i = 3; i <= NF; i++) name[i] = $i; nf = NF; next }
        file == 1 { for (i = 3; i <= nf; i++) v[$1, $2, name[i]] = $i; models[$1] = 1; reps[$2] = 1; next }
        file == 2 && FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        file == 2 && $c["severity"] == "all" {
            m = $c["model"]; b = $c["baseline"]; k = $c["metric"]; rows++
            seen[k] = 1
            n = 0; s = 0; sb = 0; mag = 0
            for (rep in reps) {
                if (v[m, rep, k] == "" || v[b, rep, k] == "") continue
                d[n] = v[m, rep, k] - v[b, rep, k]; s += d[n]; sb += v[b, rep, k]
                mag = abs(v[m, rep, k]) + abs(v[b, rep, k]) > mag ? abs(v[m, rep, k]) + abs(v[b, rep, k]) : mag
                n++
            }
            if (n != $c["reps"]) { print m " " k ": reps " $c["reps"] ", by hand " n; next }
            mean = s / n; base = sb / n; ss = 0
            for (i = 0; i < n; i++) ss += (d[i] - mean) ^ 2
            half = t * sqrt(ss / (n - 1)) / sqrt(n)
            tol = 1e-5 * mag; tolh = tol * (1 + t)
            if (!near($c["diff"], mean, tol)) print m " " k ": diff " $c["diff"] ", by hand " mean
            if (!near($c["diff_lo"], mean - half, tolh)) print m " " k ": diff_lo " $c["diff_lo"] ", by hand " mean - half
            if (!near($c["diff_hi"], mean + half, tolh)) print m " " k ": diff_hi " $c["diff_hi"] ", by hand " mean + half
            if (!near($c["baseline_mean"], base, tol)) print m " " k ": baseline_mean " $c["baseline_mean"] ", by hand " base
            if (base != 0 && $c["rel_diff_pct"] != "" && !near($c["rel_diff_pct"], 100 * mean / abs(base), 100 * tol / abs(base) + 1e-3))
                print m " " k ": rel_diff_pct " $c["rel_diff_pct"] ", by hand " 100 * mean / abs(base)
        }
        END {
            if (rows == 0) print "no overall row in paired.csv"
            for (i = 3; i <= nf; i++)
                if (name[i] != "incidents" && name[i] != "events" && !(name[i] in seen))
                    print "replications.csv has " name[i] ", paired.csv does not compare it"
            for (k in seen) { found = 0; for (i = 3; i <= nf; i++) if (name[i] == k) found = 1
                              if (!found) print "paired.csv compares " k ", which replications.csv lacks" }
        }' "$1" "$2"
}
if [ -f "$T/run/paired.csv" ]; then
    rows "$T/run/replications.csv" >"$T/reps.txt"
    rows "$T/run/paired.csv" >"$T/paired.txt"
    r=$(hand "$T/reps.txt" "$T/paired.txt" | head -5 | tr '\n' ';')
    check "paired.csv = hand computation from replications.csv (every metric, 2 models)" "$r"
    # the hand computation can fail: a changed figure is caught
    awk -F, -v OFS=, 'NR > 1 && $4 == "work_mean" && $3 == "all" { $7 = $7 + 1 } { print }' \
        "$T/paired.txt" >"$T/bad.txt"
    [ -n "$(hand "$T/reps.txt" "$T/bad.txt")" ] && r="" || r="a work_mean diff off by 1 passed"
    check "the hand computation catches a wrong figure" "$r"
    head -1 "$T/paired.txt" >"$T/head.txt"
    r=""
    [ "$(cat "$T/head.txt")" = "model,baseline,severity,metric,unit,baseline_mean,diff,diff_lo,diff_hi,rel_diff_pct,reps" ] ||
        r="header is $(cat "$T/head.txt")"
    # per severity: the metrics with a per-severity value, for each of P1..P3
    n=$(awk -F, '$3 == "P2" && $1 == "in_house"' "$T/paired.txt" | wc -l)
    [ "$n" -eq 10 ] || r+="in_house has $n P2 rows, want 10; "
    grep -q '^in_house,fully_managed,P1,ttr_p90,minutes,' "$T/paired.txt" || r+="no P1 ttr_p90 row; "
    grep -q ',fully_managed,' "$T/paired.txt" && ! grep -q '^fully_managed,' "$T/paired.txt" || r+="baseline rows; "
    check "paired.csv is tidy: the header, per-severity rows, no row for the baseline" "$r"
fi

# ------------------------------------------------ too few replications
ox r2 run "$SMALL" -r 2 -n 200 -q -o "$T/r2"
r=$(rc_is 0 r2)
if [ -z "$r" ]; then
    r+=$(rows "$T/r2/models.csv" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["ttr_mean_lo"] != "" || $c["ttr_mean_hi"] != "" { print "models.csv " $1 " has ttr_mean_lo " $c["ttr_mean_lo"] "; " }
        $c["ttr_mean"] == "" { print "models.csv " $1 " has no ttr_mean; " }')
    r+=$(rows "$T/r2/severities.csv" | awk -F, 'NR > 1 && ($5 != "" || $6 != "") { print "severities.csv has a bound; "; exit }')
    r+=$(rows "$T/r2/paired.csv" | awk -F, 'NR > 1 && ($8 != "" || $9 != "") { print "paired.csv " $1 " " $4 " has bounds " $8 " " $9 "; "; exit }
        NR > 1 && $4 == "ttr_mean" && $7 == "" { print "paired.csv has no ttr_mean diff; " }')
fi
check "-r 2: every interval is empty, every mean is there (models, severities, paired)" "$r"
ox sw2 sweep "$SMALL" --vary arrivals.per_week=30,40 -r 2 -n 200 -q -o "$T/sw2"
r=$(rc_is 0 sw2)
[ -z "$r" ] && r=$(rows "$T/sw2/sweep.csv" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["ttr_mean_lo"] != "" || $c["ttr_mean_diff_lo"] != "" { print "row " NR ": ttr_mean_lo " $c["ttr_mean_lo"] ", ttr_mean_diff_lo " $c["ttr_mean_diff_lo"] "; "; exit }
    $c["ttr_mean"] == "" { print "no ttr_mean; "; exit }')
check "sweep -r 2: no ttr_mean_lo or _diff_lo (was -2441 minutes), ttr_mean kept" "$r"
ox r3 run "$SMALL" -r 3 -n 200 -q -o "$T/r3"
r=$(rc_is 0 r3)
[ -z "$r" ] && r=$(rows "$T/r3/models.csv" | awk -F, 'NR > 1 && $4 == "" { print "no ttr_mean_lo with 3; " }')
check "-r 3: intervals are given" "$r"

# ------------------------------------------------ precision control
ox p1 run "$SMALL" -r 3 -n 200 -j 3 --precision ttr_mean=120 --precision sla_breach_pct:P1=15 -o "$T/p1"
r=$(rc_is 0 p1)
R=$(rows "$T/p1/models.csv" 2>/dev/null | awk -F, 'NR == 2 { print $2 }')
case $R in '' | *[!0-9]*) r+="no reps in models.csv; " ; R=0 ;; esac
[ "$R" -gt 3 ] && [ "$R" -lt 100 ] || r+="stopped at $R replications, want more than 3 and under the cap; "
grep -q "precision: ttr_mean: .* after $R replications: met" "$T/p1.out" || r+="stdout does not say ttr_mean was met after $R; "
grep -q "precision: sla_breach_pct:P1: .*: met" "$T/p1.out" || r+="stdout does not say sla_breach_pct:P1 was met; "
# every ttr_mean interval in models.csv and paired.csv is within 120 each side
r+=$(rows "$T/p1/models.csv" | awk -F, 'NR > 1 && ($5 - $4) / 2 > 120 { print $1 " half-width " ($5 - $4) / 2 "; " }')
r+=$(rows "$T/p1/paired.csv" | awk -F, '$3 == "all" && $4 == "ttr_mean" && ($9 - $8) / 2 > 120 { print $1 " diff half-width " ($9 - $8) / 2 "; " }')
grep -q "^precision1 = ttr_mean target 120, reached [0-9.]* after $R replications: met$" "$T/p1/provenance.ini" ||
    r+="provenance.ini has no precision1 line for ttr_mean; "
grep -q "^precision2 = sla_breach_pct:P1 target 15, " "$T/p1/provenance.ini" || r+="provenance.ini has no precision2 line; "
check "--precision stops once every interval is that narrow, and says so (stdout, provenance.ini)" "$r"
ox pr run "$SMALL" -r "$R" -n 200 -j 1 -q -o "$T/pr"
r=$(rc_is 0 pr)
for f in models.csv severities.csv paired.csv replications.csv ttr_hist.csv implied.csv scenario.ini; do
    cmp -s "$T/p1/$f" "$T/pr/$f" || r+="$f differs from -r $R; "
done
check "a run stopped by --precision at R replications = run -r R (-j 3 vs -j 1)" "$r"
ox pcap run "$SMALL" -r 3 -n 200 --precision ttr_mean=0.001 --max-reps 7 -q -o "$T/pcap"
r=$(rc_is 0 pcap)
[ "$(rows "$T/pcap/models.csv" | awk -F, 'NR == 2 { print $2 }')" = 7 ] || r+="did not stop at --max-reps 7; "
grep -q "warning: precision: ttr_mean is .* after 7 replications, above its target 0.001" "$T/pcap.err" ||
    r+="no warning naming the target not met: $(head -c 200 "$T/pcap.err"); "
check "a target out of reach stops at --max-reps with a warning, exit 0" "$r"
bad_prec() {   # TAG WANT ARGS...: exit 2, WANT on stderr, no folder
    local tag=$1 want=$2
    shift 2
    ox "$tag" run "$SMALL" -r 3 -n 100 -q -o "$T/$tag" "$@"
    local why
    why=$(rc_is 2 "$tag")
    grep -qF -- "$want" "$T/$tag.err" || why+="no '$want' on stderr: $(head -c 160 "$T/$tag.err"); "
    [ -e "$T/$tag" ] && why+="a folder was written; "
    printf '%s' "$why"
}
r=$(bad_prec pb1 "unknown metric" --precision ttr_maen=1)
r+=$(bad_prec pb2 "above 0" --precision ttr_mean=0)
r+=$(bad_prec pb3 "METRIC=HALFWIDTH" --precision ttr_mean)
r+=$(bad_prec pb4 "unknown severity" --precision ttr_mean:P9=5)
r+=$(bad_prec pb5 "--max-reps needs --precision" --max-reps 10)
r+=$(bad_prec pb6 "--trace" --precision ttr_mean=5 --trace)
r+=$(bad_prec pb7 "no interval" --precision incidents=5)
r+=$(bad_prec pb8 "half-width" --precision ttr_mean=abc)
check "bad --precision and --max-reps: exit 2, a message naming it, nothing written" "$r"

# sweep --precision: each point as run --precision there, shards merge the same
SP=(--vary arrivals.per_week=20,40 -r 3 -n 200 -s 7 -q --precision ttr_mean=150)
ox sp sweep "$SMALL" "${SP[@]}" -o "$T/sp"
r=$(rc_is 0 sp)
ox spr run "$SMALL" -r 3 -n 200 -s 7 -q --precision ttr_mean=150 --set arrivals.per_week=40 -o "$T/spr"
r+=$(rc_is 0 spr)
nc=$(head -1 "$T/spr/models.csv" | tr -d '\r' | awk -F, '{ print NF }')
want=$(rows "$T/spr/models.csv" | tail -n +2)
got=$(rows "$T/sp/sweep.csv" | awk -F, '$1 == 1' | cut -d, -f3-$((2 + nc)))
[ -n "$want" ] && [ "$want" = "$got" ] || r+="point 1 differs from run --precision there: $(diff <(echo "$want") <(echo "$got") | sed -n 2p | cut -c1-80); "
r0=$(rows "$T/sp/sweep.csv" | awk -F, '$1 == 0 { print $4; exit }')
r1=$(rows "$T/sp/sweep.csv" | awk -F, '$1 == 1 { print $4; exit }')
[ "$r0" != "$r1" ] || r+="both points ran $r0 replications: the check proves little; "
for i in 1 2; do ox "sp$i" sweep "$SMALL" "${SP[@]}" --shard "$i/2" -o "$T/sp$i"; r+=$(rc_is 0 "sp$i"); done
ox spm merge "$T/sp1" "$T/sp2" -o "$T/spm"
r+=$(rc_is 0 spm)
cmp -s "$T/sp/sweep.csv" "$T/spm/sweep.csv" || r+="merged shards differ from the whole sweep; "
check "sweep --precision: each point's rows = run --precision there ($r0 and $r1 replications); shards merge the same" "$r"
ox spc sweep "$SMALL" --vary arrivals.per_week=20,40 -r 3 -n 200 -q --precision ttr_mean=0.01 --max-reps 5 -o "$T/spc"
r=$(rc_is 0 spc)
grep -q "warning: precision: at 2 grid points a --precision target was not met" "$T/spc.err" || r+="no warning: $(head -c 200 "$T/spc.err"); "
[ "$(rows "$T/spc/sweep.csv" | awk -F, 'NR > 1 && $4 != 5' | wc -l)" -eq 0 ] || r+="a point did not stop at 5; "
check "sweep --precision out of reach: every point stops at --max-reps, a warning" "$r"

# ------------------------------------------------ sweep.csv's differences
SW=(--vary arrivals.per_week=30,40 -r 3 -n 200 -s 7 -q)
ox sm sweep "$SMALL" "${SW[@]}" --metric ttr_p90:P1 --metric total_cost_per_year -o "$T/sm"
r=$(rc_is 0 sm)
h=$(head -1 "$T/sm/sweep.csv" 2>/dev/null | tr -d '\r')
case $h in *",baseline,ttr_p90:P1_diff,ttr_p90:P1_diff_lo,ttr_p90:P1_diff_hi,total_cost_per_year_diff,total_cost_per_year_diff_lo,total_cost_per_year_diff_hi") ;;
    *) r+="header ends '...$(echo "$h" | rev | cut -c1-80 | rev)'; " ;; esac
ox pt run "$SMALL" -r 3 -n 200 -s 7 -q --set arrivals.per_week=40 -o "$T/pt"
r+=$(rc_is 0 pt)
want=$(rows "$T/pt/paired.csv" | awk -F, '($3 == "P1" && $4 == "ttr_p90") || ($3 == "all" && $4 == "total_cost_per_year") { print $1 "," $3 "," $7 "," $8 "," $9 }' | sort)
got=$(rows "$T/sm/sweep.csv" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $1 == 1 && $c["model"] != $c["baseline"] {
        print $c["model"] ",P1," $c["ttr_p90:P1_diff"] "," $c["ttr_p90:P1_diff_lo"] "," $c["ttr_p90:P1_diff_hi"]
        print $c["model"] ",all," $c["total_cost_per_year_diff"] "," $c["total_cost_per_year_diff_lo"] "," $c["total_cost_per_year_diff_hi"] }' | sort)
[ -n "$want" ] && [ "$want" = "$got" ] || r+="point 1's differences differ from the run's paired.csv: $(diff <(echo "$want") <(echo "$got") | sed -n 2p); "
check "sweep --metric NAME:SEV: its columns equal the run's paired.csv at that point" "$r"
ox sa sweep "$SMALL" "${SW[@]}" --all-metrics -o "$T/sa"
r=$(rc_is 0 sa)
nd=$(head -1 "$T/sa/sweep.csv" | tr ',' '\n' | grep -c '_diff$')
np=$(rows "$T/pt/paired.csv" | awk -F, '$1 == "in_house"' | wc -l)
[ "$nd" -eq "$np" ] || r+="$nd _diff columns, paired.csv has $np rows per model; "
for i in 1 2; do ox "sh$i" sweep "$SMALL" "${SW[@]}" --all-metrics --shard "$i/2" -o "$T/sh$i"; r+=$(rc_is 0 "sh$i"); done
ox mg merge "$T/sh1" "$T/sh2" -o "$T/mg"
r+=$(rc_is 0 mg)
cmp -s "$T/sa/sweep.csv" "$T/mg/sweep.csv" || r+="merged shards differ from the whole sweep; "
check "sweep --all-metrics: a column triple per paired.csv row; shards merge byte-identical" "$r"
ox sb1 sweep "$SMALL" "${SW[@]}" --metric incidents -o "$T/sb1"
r=$(rc_is 2 sb1)
ox sb2 sweep "$SMALL" "${SW[@]}" --metric ttr_mean --all-metrics -o "$T/sb2"
r+=$(rc_is 2 sb2)
ox sb3 sweep "$SMALL" "${SW[@]}" --metric work_mean:P1 -o "$T/sb3"
r+=$(rc_is 2 sb3)
grep -q "no per-severity value" "$T/sb3.err" || r+="work_mean:P1 not refused as having no per-severity value; "
check "sweep --metric of a count, with --all-metrics, or NAME:SEV without one: exit 2" "$r"

# ------------------------------------------------ schema version
news=$(grep -o '^## Schema [0-9]*' "$ROOT/NEWS.md" | head -1 | grep -o '[0-9]*$')
r=""
[ -n "$news" ] || r+="NEWS.md has no '## Schema N' section; "
grep -q "^schema = $news\$" "$T/run/provenance.ini" || r+="provenance.ini has $(grep '^schema' "$T/run/provenance.ini" || echo 'no schema'), NEWS.md's latest is $news; "
awk '/^\[/ { s = $0 } /^schema = / && s != "[build]" { bad = 1 } END { exit bad }' "$T/run/provenance.ini" || r+="schema is not under [build]; "
grep -q "^schema = $news\$" "$T/sa/provenance.ini" || r+="a sweep's provenance.ini has no schema; "
check "provenance.ini records the output-schema version, NEWS.md's latest" "$r"

finish
