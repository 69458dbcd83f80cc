#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/replay_list.sh — replaying an outage list with replications
# (issue 24 item 4; docs/model.md "Replaying an outage list"):
#   - one replication replays the list as is, whatever the mode;
#   - with -r R > 1 the list is resampled by weeks by default: replication 0
#     as is, the others whole weeks drawn with replacement, the same for
#     every model, every -j and every shard of a sweep; --resample none
#     replays it as is in every replication;
#   - a known answer: a list of 9 weeks (one empty) with distinct counts,
#     resampled, has the list's mean count per week (200 / 9 = 22.2);
#   - -n larger than the list: exit 2 as is, -n outages resampled;
#   - no warm-up on a list unless --warmup, --set or the scenario naming the
#     list gives one; the mode in provenance.ini and the run's summary.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OWNSIM=${OWNSIM:-$ROOT/build/ownsim}
case "$OWNSIM" in /*) ;; *) OWNSIM=$ROOT/$OWNSIM ;; esac
SMALL=$ROOT/tests/data/small.ini
T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-replaylist.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

W=10080
# the list: week k (0..8) holds 5 * (k + 1) rows, week 4 none (an empty week
# is an observation too): 200 rows, 9 weeks, 22.2 a week on average
{
    echo "t_occur,category,severity,effort"
    for k in 0 1 2 3 5 6 7 8; do
        c=$((5 * (k + 1)))
        for j in $(seq 0 $((c - 1))); do
            cat=$(echo "network apps security" | cut -d' ' -f$((j % 3 + 1)))
            sev=$(echo "P3 P2 P1" | cut -d' ' -f$((j % 3 + 1)))
            echo "$((k * W + 60 + j * (W - 120) / c)),$cat,$sev,$((20 + j % 7 * 10))"
        done
    done
} >"$T/list.csv"
LIST=(--outages "$T/list.csv")

# tsum TAG [MODEL]: per replication, the sum and count of t_occur in the trace
# of one model (the first of the scenario when not given)
tsum() {
    awk -F, -v m="${2:-in_house}" 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "t_occur") t = i; if ($i == "rep") r = i; if ($i == "model") c = i }; next }
        $c == m { s[$r] += $t; n[$r]++ } END { for (k in s) printf "%s %.17g %d\n", k, s[k], n[k] }' \
        "$T/$1/incidents.csv" 2>/dev/null | sort -n
}

# ------------------------------------------------- one replication: as is
ox one run "$SMALL" "${LIST[@]}" -r 1 --trace -q -o "$T/one"
ox onew run "$SMALL" "${LIST[@]}" -r 1 --resample weeks --trace -q -o "$T/onew"
ox onen run "$SMALL" "${LIST[@]}" -r 1 --resample none --trace -q -o "$T/onen"
r=$(rc_is 0 one)$(rc_is 0 onew)$(rc_is 0 onen)
diff -r -x provenance.ini -x scenario.ini "$T/one" "$T/onew" >/dev/null || r+="-r 1: weeks differs from the default; "
diff -r -x provenance.ini -x scenario.ini "$T/one" "$T/onen" >/dev/null || r+="-r 1: none differs from the default; "
# the trace is in resolution order: compare the times sorted
got=$(awk -F, 'NR > 1 && $3 == "in_house" { printf "%.17g\n", $6 }' "$T/one/incidents.csv" 2>/dev/null | sort -g | md5sum)
want=$(awk -F, 'NR > 1 { printf "%.17g\n", $1 }' "$T/list.csv" | md5sum)
[ "$got" = "$want" ] || r+="-r 1 does not replay the list's times as listed; "
r+=$(has "$T/one/provenance.ini" "resample = none")
r+=$(has "$T/onew/provenance.ini" "resample = weeks")
check "one replication replays the list as is, in every mode" "$r"

# ------------------------------------------- resampled: deterministic, CRN
ox j1 run "$SMALL" "${LIST[@]}" -r 6 -j 1 --trace -q -o "$T/j1"
ox j2 run "$SMALL" "${LIST[@]}" -r 6 -j 2 --trace -q -o "$T/j2"
ox j4 run "$SMALL" "${LIST[@]}" -r 6 -j 4 --trace -q -o "$T/j4"
r=$(rc_is 0 j1)$(rc_is 0 j2)$(rc_is 0 j4)
diff -r -x provenance.ini "$T/j1" "$T/j2" >/dev/null || r+="-j 1 and -j 2 differ; "
diff -r -x provenance.ini "$T/j1" "$T/j4" >/dev/null || r+="-j 1 and -j 4 differ; "
r+=$(has "$T/j1/provenance.ini" "resample = weeks")
check "resampled by default with -r 6: byte-identical for -j 1, 2, 4" "$r"

r=""
for m in co_managed fully_managed; do
    [ "$(tsum j1 in_house)" = "$(tsum j1 $m)" ] || r+="$m replays other outages than in_house; "
done
n=$(tsum j1 | awk '{ print $2 }' | sort -u | wc -l)
[ "$n" = 6 ] || r+="$n distinct outage streams over 6 replications, want 6; "
[ "$(tsum j1 | awk '$1 == 0 { print $2, $3 }')" = "$(tsum one | awk '$1 == 0 { print $2, $3 }')" ] ||
    r+="replication 0 is not the list as is; "
[ "$(tsum j1 | awk '{ print $3 }' | sort -u)" = 200 ] || r+="a replication does not replay 200 outages; "
check "resampled: every model replays the same outages; replications differ; replication 0 is the list" "$r"

# every row laid keeps its offset within its week: each (t mod week, effort)
# of a resampled replication is one of the list's
r=""
awk -F, -v w=$W 'NR == FNR { if (FNR > 1) ok[($1 % w) "," $4] = 1; next }
    FNR == 1 { for (i = 1; i <= NF; i++) { if ($i == "t_occur") t = i; if ($i == "effort") e = i; if ($i == "model") c = i }; next }
    $c == "in_house" && !((($t % w) "," $e) in ok) { bad++ } END { exit bad > 0 }' \
    "$T/list.csv" "$T/j1/incidents.csv" || r+="a row laid at an offset (or effort) the list does not have; "
check "resampled rows keep their offset within the week and their marks" "$r"

# -------------------------------------------------------- none: as is
ox none run "$SMALL" "${LIST[@]}" -r 6 --resample none --trace -q -o "$T/none"
r=$(rc_is 0 none)
n=$(tsum none | awk '{ print $2 }' | sort -u | wc -l)
[ "$n" = 1 ] || r+="$n distinct outage streams with --resample none, want 1; "
r+=$(has "$T/none/provenance.ini" "resample = none")
r+=$(has "$T/none/scenario.ini" "resample = none")
# replication 0 is the same in both modes: the rows of rep 0 in replications.csv
a=$(awk -F, '$2 == 0' "$T/none/replications.csv" 2>/dev/null)
b=$(awk -F, '$2 == 0' "$T/j1/replications.csv" 2>/dev/null)
[ -n "$a" ] && [ "$a" = "$b" ] || r+="replication 0 differs between none and weeks; "
check "--resample none: every replication replays the list as is; replication 0 equal to weeks'" "$r"

# ------------------------------------------------------ sweep and shards
SW=(sweep "$SMALL" --set "simulation.outages=$T/list.csv" -r 4 --vary party.msp.staff=2,3 -q)
ox sw "${SW[@]}" -o "$T/sw"
ox sh1 "${SW[@]}" --shard 1/2 -o "$T/sh1"
ox sh2 "${SW[@]}" --shard 2/2 -o "$T/sh2"
ox mg merge "$T/sh1" "$T/sh2" -o "$T/mg"
r=$(rc_is 0 sw)$(rc_is 0 sh1)$(rc_is 0 sh2)$(rc_is 0 mg)
cmp -s "$T/sw/sweep.csv" "$T/mg/sweep.csv" || r+="merged shards differ from the whole sweep; "
r+=$(has "$T/sw/provenance.ini" "resample = weeks")
check "a sweep over a resampled list: shards merge to the same sweep.csv" "$r"

# ------------------------------------------------------- known answer
# -n 4000 of 200 rows: about 180 weeks laid per replication; per replication,
# the weeks before the last one laid (cut at 4000) hold 22.2 outages on
# average, and each holds one of the list's week counts
ox ka run "$SMALL" "${LIST[@]}" -r 10 -n 4000 --models in_house,fully_managed --trace -q -o "$T/ka"
r=$(rc_is 0 ka)
res=$(awk -F, -v w=$W 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "t_occur") t = i; if ($i == "rep") c = i }; next }
    $3 == "in_house" { k = int($t / w); n[$c "," k]++; if (k > last[$c]) last[$c] = k }
    END {
        for (key in n) { split(key, p, ","); if (p[2] < last[p[1]]) { tot += n[key]; cnt[n[key]]++ } }
        for (rr in last) weeks += last[rr]
        bad = 0
        for (c in cnt) { v = c + 0; if (v % 5 != 0 || v < 5 || v > 45 || v == 25) bad++ }
        printf "%.4f %d %d\n", tot / weeks, bad, weeks
    }' "$T/ka/incidents.csv" 2>/dev/null)
read -r mean bad weeks <<<"$res"
awk -v m="${mean:-0}" 'BEGIN { exit !(m > 21.2 && m < 23.2) }' ||
    r+="mean outages per complete week $mean, want 200 / 9 = 22.2 +- 1 ($weeks weeks); "
[ "${bad:-1}" = 0 ] || r+="$bad week counts that are no week of the list; "
n=$(awk -F, 'NR > 1 && $1 == "in_house" { print $3 }' "$T/ka/replications.csv" 2>/dev/null | sort -u)
[ "$n" = 4000 ] || r+="incidents per replication '$n', want 4000; "
check "known answer: 9 weeks of 5..45 (one empty) resampled: 22.2 a week (got $mean over $weeks weeks)" "$r"

# -n beyond the list: replication 0 is the list, then drawn weeks after its 9
r=""
first=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "t_occur") t = i; if ($i == "rep") c = i }; next }
    $c == 0 && $3 == "in_house" { printf "%.17g\n", $t }' "$T/ka/incidents.csv" 2>/dev/null | sort -g | head -200 | md5sum)
[ "$first" = "$want" ] || r+="replication 0 does not begin with the list as is; "
n=$(awk -F, -v w=$W 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "t_occur") t = i; if ($i == "rep") c = i }; next }
    $c == 0 && $3 == "in_house" && $t < 9 * w { k++ } END { print k + 0 }' "$T/ka/incidents.csv" 2>/dev/null)
[ "$n" = 200 ] || r+="$n rows of replication 0 inside the list's 9 weeks, want its 200; "
n=$(awk -F, -v w=$W 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "t_occur") t = i; if ($i == "rep") c = i }; next }
    $c == 0 && $3 == "in_house" { k++ } END { print k + 0 }' "$T/ka/incidents.csv" 2>/dev/null)
[ "$n" = 4000 ] || r+="replication 0 replays $n, want 4000; "
check "-n beyond the list, resampled: replication 0 is the list, then weeks drawn after it" "$r"

ox bign run "$SMALL" "${LIST[@]}" -r 3 -n 500 --resample none -q -o "$T/bign"
r=$(rc_is 2 bign)
r+=$(has "$T/bign.err" "simulation.incidents: 500 outages asked for")
r+=$(has "$T/bign.err" "the list holds 200")
[ -e "$T/bign" ] && r+="folder written; "
check "-n beyond the list as is (--resample none): exit 2 naming both numbers" "$r"

# ------------------------------------------------------------- warm-up
sed 's/^incidents = 200$/incidents = 200\nwarmup = 50/' "$SMALL" >"$T/warm.ini"
printf 'include = %s\n\n[simulation]\noutages = %s\nwarmup = 50\n' "$T/warm.ini" "$T/list.csv" \
    >"$T/named.ini"
counted() { awk -F, 'NR > 1 && $1 == "in_house" && $2 == 0 { print $3 }' "$T/$1/replications.csv" 2>/dev/null; }
ox w0 run "$T/warm.ini" "${LIST[@]}" -r 1 -o "$T/w0"
ox w1 run "$T/warm.ini" "${LIST[@]}" -r 1 --warmup 50 -q -o "$T/w1"
ox w2 run "$T/warm.ini" "${LIST[@]}" -r 1 --set simulation.warmup=50 -q -o "$T/w2"
ox w3 run "$T/named.ini" -r 1 -q -o "$T/w3"
r=$(rc_is 0 w0)$(rc_is 0 w1)$(rc_is 0 w2)$(rc_is 0 w3)
[ "$(counted w0)" = 200 ] || r+="a scenario's warm-up kept on --outages: $(counted w0) counted, want 200; "
r+=$(has "$T/w0.out" "warm-up 0")
[ "$(counted w1)" = 150 ] || r+="--warmup 50 not kept: $(counted w1) counted, want 150; "
[ "$(counted w2)" = 150 ] || r+="--set simulation.warmup=50 not kept: $(counted w2) counted; "
[ "$(counted w3)" = 150 ] || r+="the warm-up of a scenario naming its list not kept: $(counted w3) counted; "
check "warm-up on a list: 0 unless --warmup, --set or the scenario naming the list gives it" "$r"

# ------------------------------------------------------- summary, errors
ox sum run "$SMALL" "${LIST[@]}" -r 4 -o "$T/sum"
ox sumn run "$SMALL" "${LIST[@]}" -r 4 --resample none -o "$T/sumn"
r=$(rc_is 0 sum)$(rc_is 0 sumn)
r+=$(has "$T/sum.out" "200 rows over 9 weeks")
r+=$(has "$T/sum.out" "resample: weeks: replication 0 replays the list as is")
r+=$(has "$T/sumn.out" "resample: none: every replication replays the list as is")
check "the run's summary says how the list was replayed and what the intervals cover" "$r"

ox bad run "$SMALL" "${LIST[@]}" -r 4 --resample months -q -o "$T/bad"
r=$(rc_is 2 bad)
r+=$(has "$T/bad.err" "simulation.resample")
r+=$(has "$T/bad.err" "'months' is not none or weeks")
check "--resample months: exit 2 naming the key" "$r"

finish
