#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/sweep.sh — end-to-end tests of `ownsim sweep`, `merge` and
# `breakeven`, and of the cluster recipes in docs/cluster.md and
# docs/sweep.sbatch.
#
#   OWNSIM=build/ownsim tests/cli/sweep.sh      (what `make test` runs)
#
# Run from anywhere; fixtures are found relative to this script.  Prints one
# line per check, "ok - NAME" or "not ok - NAME: reason", then the line
# "N passed, M failed"; exits 1 when anything failed.  Works in a mktemp -d
# folder removed at exit.  Takes a few seconds.  The GNU parallel recipe is
# skipped (reported as "ok ... # SKIP") when `parallel` is not installed
# (`make deps` installs it).
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=$ROOT/tests/data
SMALL=$DATA/small.ini
BE=$DATA/breakeven.ini
SBATCH=$ROOT/docs/sweep.sbatch

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-sweep.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"
# has FILE TEXT: a reason when FILE does not contain TEXT (fixed string)
# same_dir A B: a reason when the folders differ (diff -r)
same_dir() {
    if [ ! -d "$1" ] || [ ! -d "$2" ]; then
        printf 'missing folder %s; ' "$([ -d "$1" ] && basename "$2" || basename "$1")"
    elif ! diff -r -x provenance.ini "$1" "$2" >/dev/null 2>&1; then
        printf '%s and %s differ: %s; ' "$(basename "$1")" "$(basename "$2")" \
            "$(diff -r -x provenance.ini "$1" "$2" 2>&1 | head -3 | cut -c1-100 | tr '\n' ' ')"
    fi
}
tmp_left() { find "$T" -name '*.tmp.*' | grep -q . && printf 'temporary file left: %s; ' "$(find "$T" -name '*.tmp.*' | head -1)"; }

# The CSV files end their lines with CR LF (RFC 4180): awk reads them through
# tr -d '\r'.

# bad NAME TEXTS ARGS...: `ownsim ARGS -o <new dir>` must exit 2, print every
# '|'-separated TEXT on stderr, and leave the -o folder uncreated.
bad() {
    local name=$1 texts=$2
    shift 2
    local out=$T/out-$name
    ox "$name" "$@" -o "$out"
    local r t
    r=$(rc_is 2)
    IFS='|' read -r -a want <<<"$texts"
    for t in "${want[@]}"; do
        [ -n "$t" ] && r+=$(has "$T/$name.err" "$t")
    done
    [ -s "$T/$name.err" ] || r+="nothing on stderr; "
    [ -e "$out" ] && r+="output folder $(basename "$out") was created; "
    [ "$RC" -ne 2 ] && r+="stderr: $(head -c 160 "$T/$name.err" | tr '\n' ' '); "
    BADR=$r
}

SIM=(-r 3 -n 300 -s 11 -q)
K1=model.co_managed.misroute_prob
K2=model.co_managed.handoff_delay.median
VARY=(--vary "$K1=0:0.6:0.2" --vary "$K2=5,20")
MODELS="in_house co_managed fully_managed"

# ------------------------------------------------------------ 1. the grid
ox help sweep --help
check "sweep --help exits 0 and prints usage" "$(rc_is 0)$(has "$T/help.out" "usage: ownsim sweep")$(has "$T/help.out" "--shard")"

# the fixture: co_managed's handoff_delay has a median to vary
grep -qxF 'handoff_delay = lognormal(median=15, p90=60)' "$SMALL" &&
    grep -qxF 'misroute_prob = 0.4' "$SMALL" && r="" || r="small.ini no longer has co_managed's handoff_delay = lognormal(median=15, p90=60) and misroute_prob = 0.4"
check "fixture: small.ini has the keys the sweeps vary" "$r"

ox full sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" -o "$T/full"
r=$(rc_is 0 full)
for f in sweep.csv scenario.ini sweep.ini; do
    [ -f "$T/full/$f" ] || r+="no $f; "
done
check "2-axis sweep exits 0 and writes sweep.csv, scenario.ini, sweep.ini" "$r$(tmp_left)"

CSV=$T/full/sweep.csv
if [ -f "$CSV" ]; then
    head1=$(head -1 "$CSV" | tr -d '\r')
    r=""
    case $head1 in "point,$K1,$K2,model,reps,"*) ;; *) r+="header starts '$(echo "$head1" | cut -c1-90)'; " ;; esac
    want=",baseline,ttr_mean_diff,ttr_mean_diff_lo,ttr_mean_diff_hi"
    want+=",ttr_mean:P1_diff,ttr_mean:P1_diff_lo,ttr_mean:P1_diff_hi"
    want+=",sla_breach_pct_diff,sla_breach_pct_diff_lo,sla_breach_pct_diff_hi"
    want+=",total_cost_per_year_diff,total_cost_per_year_diff_lo,total_cost_per_year_diff_hi"
    case $head1 in *"$want") ;; *) r+="header ends '...$(echo "$head1" | rev | cut -c1-70 | rev)'; " ;; esac
    check "sweep.csv header: point, the two keys, model, reps, ..., baseline, the headline paired differences" "$r"

    # points x models rows, points in order, last axis fastest
    : >"$T/want.keys"
    p=0
    for v1 in 0 0.2 0.4 0.6; do
        for v2 in 5 20; do
            for m in $MODELS; do echo "$p,$v1,$v2,$m" >>"$T/want.keys"; done
            p=$((p + 1))
        done
    done
    tail -n +2 "$CSV" | cut -d, -f1-4 >"$T/got.keys"
    r=""
    n=$(wc -l <"$T/got.keys")
    [ "$n" -eq 24 ] || r+="$n rows, want 8 points x 3 models = 24; "
    cmp -s "$T/want.keys" "$T/got.keys" || r+="point,key1,key2,model columns differ from the expected order: $(diff "$T/want.keys" "$T/got.keys" | sed -n 2p); "
    check "sweep.csv: 24 rows, points 0..7 in order, last axis fastest, every model per point" "$r"

    # the axes are applied: co_managed changes along both axes
    cm() { tr -d '\r' <"$CSV" | awk -F, -v p="$1" -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                                         $1 == p && $4 == "co_managed" { print $c[col] }'; }
    r=""
    [ "$(cm 0 bounced_pct)" = "$(cm 6 bounced_pct)" ] && r+="co_managed bounced_pct is $(cm 0 bounced_pct) at misroute_prob 0 and 0.6; "
    [ "$(cm 0 bounced_pct)" = "0" ] || r+="co_managed bounced_pct at misroute_prob 0 is '$(cm 0 bounced_pct)', want 0; "
    [ "$(cm 0 handoff_mean)" = "$(cm 1 handoff_mean)" ] && r+="co_managed handoff_mean is $(cm 0 handoff_mean) at median 5 and 20; "
    check "the varied keys take effect (bounces at misroute 0 vs 0.6, handoff time at median 5 vs 20)" "$r"
fi

r=$(has "$T/full/sweep.ini" "seed = 11")$(has "$T/full/sweep.ini" "points = 8")$(has "$T/full/sweep.ini" "shard = 1/1")
r+=$(has "$T/full/sweep.ini" "vary1 = $K1=0:0.6:0.2")$(has "$T/full/sweep.ini" "vary2 = $K2=5,20")
check "sweep.ini records the seed, the 8 points, shard 1/1 and both axes" "$r"
r=$(has "$T/full/scenario.ini" "misroute_prob = 0.4")$(has "$T/full/scenario.ini" "handoff_delay = lognormal(median=15, p90=60)")$(has "$T/full/scenario.ini" "seed = 11")
check "scenario.ini is the resolved base (varied keys at their base values)" "$r"

# one point of the sweep is exactly a plain run with those values
ox pt run "$SMALL" "${SIM[@]}" --set "$K1=0.2" --set 'model.co_managed.handoff_delay=lognormal(median=20, p90=60)' -o "$T/pt"
r=$(rc_is 0 pt)
if [ -z "$r" ] && [ -f "$CSV" ]; then
    nc=$(head -1 "$T/pt/models.csv" | awk -F, '{ print NF }')
    tr -d '\r' <"$CSV" | awk -F, '$1 == 3' | cut -d, -f4-$((3 + nc)) >"$T/pt.sweep"
    tail -n +2 "$T/pt/models.csv" | tr -d '\r' >"$T/pt.run"
    cmp -s "$T/pt.sweep" "$T/pt.run" || r+="point 3's rows differ from models.csv of the run: $(diff "$T/pt.sweep" "$T/pt.run" | sed -n 2p | cut -c1-80); "
    # each headline difference of sweep.csv (SPEC_diff, _lo, _hi) against
    # the run's paired.csv row of that metric and severity (SPEC = NAME[:SEV])
    tr -d '\r' <"$CSV" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /_diff$/) d[i] = substr($i, 1, length($i) - 5); next }
        $1 == 3 && $4 != $(NF - 12) { for (i in d) { n = split(d[i], p, ":"); print $4 "," (n > 1 ? p[2] : "all") "," p[1] "," $i "," $(i + 1) "," $(i + 2) } }' |
        sort >"$T/pd.sweep"
    tr -d '\r' <"$T/pt/paired.csv" | awk -F, 'NR > 1 && ($4 == "ttr_mean" && ($3 == "all" || $3 == "P1") || $3 == "all" && ($4 == "sla_breach_pct" || $4 == "total_cost_per_year")) { print $1 "," $3 "," $4 "," $7 "," $8 "," $9 }' |
        sort >"$T/pd.run"
    [ "$(wc -l <"$T/pd.run")" -eq 8 ] || r+="paired.csv of the run has $(wc -l <"$T/pd.run") headline rows, want 2 models x 4; "
    cmp -s "$T/pd.sweep" "$T/pd.run" || r+="point 3's paired differences differ from paired.csv of the run: $(diff "$T/pd.sweep" "$T/pd.run" | sed -n 2p | cut -c1-80); "
fi
check "a point's rows equal 'ownsim run --set' with its values (models.csv and paired diff)" "$r"

# a list axis of whole distributions (commas inside parentheses) = the parameter axis
ox dlist sweep "$SMALL" --vary "$K1=0:0.6:0.2" \
    --vary 'model.co_managed.handoff_delay=lognormal(median=5, p90=60),lognormal(median=20, p90=60)' "${SIM[@]}" -o "$T/dlist"
r=$(rc_is 0 dlist)
if [ -z "$r" ]; then
    n=$(tail -n +2 "$T/dlist/sweep.csv" | wc -l)
    [ "$n" -eq 24 ] || r+="$n rows, want 24; "
    # drop point, key1, the quoted distribution (two CSV fields once split on ',') and compare the rest
    sed -E 's/^[0-9]+,[^,]*,"[^"]*",//' "$T/dlist/sweep.csv" | tail -n +2 >"$T/dlist.rest"
    cut -d, -f4- "$CSV" | tail -n +2 >"$T/full.rest"
    cmp -s "$T/dlist.rest" "$T/full.rest" || r+="results differ from the .median axis: $(diff "$T/dlist.rest" "$T/full.rest" | sed -n 2p | cut -c1-80); "
fi
check "a list of distributions as an axis gives the same results as the .median parameter axis" "$r"

# ------------------------------------------------ 2. common random numbers
if [ -f "$CSV" ]; then
    r=""
    for m in in_house fully_managed; do
        n=$(awk -F, -v m="$m" 'NR > 1 && $4 == m' "$CSV" | cut -d, -f4- | sort -u | wc -l)
        [ "$n" -eq 1 ] || r+="$m has $n distinct rows over the 8 points (beyond point/axis columns), want 1; "
    done
    n=$(awk -F, 'NR > 1 && $4 == "co_managed"' "$CSV" | cut -d, -f4- | sort -u | wc -l)
    [ "$n" -eq 8 ] || r+="co_managed has $n distinct rows, want 8; "
    check "common random numbers: models the axes do not touch give identical rows at every point" "$r"
fi

# ---------------------------------------------------------- 3. -j 1, 2, 3
r=""
for j in 1 2 3; do
    ox "j$j" sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" -j "$j" -o "$T/j$j"
    r+=$(rc_is 0 "j$j")
done
[ -z "$r" ] && r="$(same_dir "$T/j1" "$T/j2")$(same_dir "$T/j1" "$T/j3")$(same_dir "$T/j1" "$T/full")"
check "sweep with -j 1, -j 2, -j 3: byte-identical folders (diff -r)" "$r"

# ------------------------------------------------- 4. shards and merge
# the recipe of docs/cluster.md for one machine, verbatim but for the paths
if command -v parallel >/dev/null 2>&1; then
    mkdir -p "$T/gp"
    "${TIMEOUT[@]}" parallel --will-cite -j 3 "$OWNSIM" sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" \
        --shard {}/3 -o "$T/gp/shard-{}" ::: 1 2 3 >"$T/gp.out" 2>"$T/gp.err" </dev/null
    RC=$?
    r=$(rc_is 0 gp)
    for i in 1 2 3; do
        [ -f "$T/gp/shard-$i/sweep.csv" ] && [ -f "$T/gp/shard-$i/sweep.ini" ] && [ -f "$T/gp/shard-$i/scenario.ini" ] ||
            r+="shard-$i is not a complete sweep folder; "
    done
    check "GNU parallel: 3 shards run (parallel --will-cite -j 3 ... --shard {}/3 ::: 1 2 3)" "$r"
    SH=$T/gp
else
    ok "GNU parallel: 3 shards run # SKIP parallel not installed (make deps); shards run one by one"
    mkdir -p "$T/gp"
    for i in 1 2 3; do
        "${TIMEOUT[@]}" "$OWNSIM" sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" --shard "$i/3" -o "$T/gp/shard-$i" </dev/null >/dev/null 2>&1
    done
    SH=$T/gp
fi

r=""
for i in 1 2 3; do
    f=$SH/shard-$i/sweep.csv
    [ -f "$f" ] || { r+="no shard-$i/sweep.csv; "; continue; }
    got=$(tail -n +2 "$f" | cut -d, -f1 | uniq | tr '\n' ' ')
    want=$(for p in 0 1 2 3 4 5 6 7; do [ $((p % 3)) -eq $((i - 1)) ] && printf '%s ' "$p"; done)
    [ "$got" = "$want" ] || r+="shard $i/3 has points '$got', want '$want'; "
    grep -qxF "shard = $i/3" "$SH/shard-$i/sweep.ini" 2>/dev/null || r+="shard-$i/sweep.ini does not say shard = $i/3; "
    [ "$(head -1 "$f")" = "$(head -1 "$CSV")" ] || r+="shard-$i/sweep.csv header differs; "
done
check "shard I/3 holds the points p with p % 3 == I-1, with the full header and its manifest" "$r"

ox merge merge "$SH"/shard-* -o "$T/merged"
r=$(rc_is 0 merge)
[ -z "$r" ] && r=$(same_dir "$T/full" "$T/merged")
check "merge of the shards is byte-identical to the unsharded folder (diff -r)" "$r$(tmp_left)"

ox merge2 merge "$SH/shard-3" "$SH/shard-1" "$SH/shard-2" -o "$T/merged2"
r=$(rc_is 0 merge2)
[ -z "$r" ] && r=$(same_dir "$T/full" "$T/merged2")
check "merge with the shards in another order gives the same folder" "$r"

# more shards than points: the extra shards are empty but valid
r=""
for i in 1 2 3 4 5 6 7 8 9 10; do
    ox "s10_$i" sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" -j 2 --shard "$i/10" -o "$T/s10/shard-$i"
    r+=$(rc_is 0 "s10_$i")
done
if [ -z "$r" ]; then
    n=$(wc -l <"$T/s10/shard-10/sweep.csv")
    [ "$n" -eq 1 ] || r+="shard 10/10 of 8 points has $n lines, want the header only; "
    ox merge10 merge "$T"/s10/shard-* -o "$T/merged10"
    r+=$(rc_is 0 merge10)
    [ -z "$r" ] && r=$(same_dir "$T/full" "$T/merged10")
fi
check "10 shards of 8 points (-j 2 each): empty shards are valid and the merge is byte-identical" "$r"

# ------------------------------------------------------ 5. bad sweeps
bad v_noeq "--vary|$K1" sweep "$SMALL" --vary "$K1" "${SIM[@]}"
check "sweep --vary without '=': exit 2, names --vary and the key, nothing written" "$BADR"
bad v_two "--vary|$K1|1:2" sweep "$SMALL" --vary "$K1=1:2" "${SIM[@]}"
check "sweep --vary KEY=1:2 (neither a range nor a list): exit 2, names key and value, nothing written" "$BADR"
bad v_zero "$K1|zero" sweep "$SMALL" --vary "$K1=0:1:0" "${SIM[@]}"
check "sweep --vary with step 0: exit 2, names the key, says zero, nothing written" "$BADR"
bad v_neg "$K1|step" sweep "$SMALL" --vary "$K1=0:1:-0.1" "${SIM[@]}"
check "sweep --vary 0:1:-0.1 (wrong-signed step): exit 2, names the key and the step, nothing written" "$BADR"
bad v_key "misroute_prb|did you mean|misroute_prob" sweep "$SMALL" --vary model.co_managed.misroute_prb=0:1:0.5 "${SIM[@]}"
check "sweep --vary unknown key: exit 2, key and 'did you mean misroute_prob', nothing written" "$BADR"
bad v_sec "model.co_manged" sweep "$SMALL" --vary model.co_manged.misroute_prob=0:1:0.5 "${SIM[@]}"
check "sweep --vary unknown section: exit 2, names the section, nothing written" "$BADR"
bad v_range "$K1|out of range" sweep "$SMALL" --vary "$K1=0:2:1" "${SIM[@]}"
check "sweep --vary $K1=0:2:1 (2 out of range): exit 2, names key and range, nothing written" "$BADR"
bad v_last "$K1|1.5" sweep "$SMALL" --vary "$K2=5,20" --vary "$K1=0.2,0.4,1.5" "${SIM[@]}"
check "sweep with an invalid value only at the last point: exit 2 before anything is written" "$BADR"
bad v_empty "$K1|1.5" sweep "$SMALL" --vary "$K1=0.2,1.5" --shard 3/3 "${SIM[@]}"
check "sweep of an empty shard (2 points, shard 3/3) still checks every axis value: exit 2, nothing written" "$BADR"
bad v_first "$K1|1.5" sweep "$SMALL" --vary "$K1=1.5,0.2" "${SIM[@]}"
check "sweep with an invalid value at the first point: exit 2, names key and value, nothing written" "$BADR"
bad v_param "model.co_managed.handoff_delay.sigma|sigma" sweep "$SMALL" --vary model.co_managed.handoff_delay.sigma=1,2 "${SIM[@]}"
check "sweep --vary of a parameter the distribution lacks (sigma of a median/p90 lognormal): exit 2, nothing written" "$BADR"
bad v_huge "1000000" sweep "$SMALL" --vary "$K1=0:1:0.001" --vary model.co_managed.orphan_prob=0:1:0.001 "${SIM[@]}"
check "sweep over 1001 x 1001 points (> 1,000,000): exit 2, says the limit, nothing written" "$BADR"
bad sh0 "--shard|0/3" sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" --shard 0/3
check "sweep --shard 0/3: exit 2, nothing written" "$BADR"
bad sh4 "--shard|4/3" sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" --shard 4/3
check "sweep --shard 4/3: exit 2, nothing written" "$BADR"
bad shx "--shard|I/N" sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" --shard x
check "sweep --shard x: exit 2, says I/N, nothing written" "$BADR"
bad novary "--vary" sweep "$SMALL" "${SIM[@]}"
check "sweep without --vary: exit 2, asks for --vary, nothing written" "$BADR"

# ------------------------------------------------------ 6. bad merges
setup=""
ox ms_seed sweep "$SMALL" "${VARY[@]}" -r 3 -n 300 -s 12 -q --shard 2/3 -o "$T/m_seed"
setup+=$(rc_is 0 ms_seed)
ox ms_scn sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" --set arrivals.per_week=50 --shard 2/3 -o "$T/m_scn"
setup+=$(rc_is 0 ms_scn)
ox ms_grid sweep "$SMALL" --vary "$K1=0:0.6:0.2" --vary "$K2=5,30" "${SIM[@]}" --shard 2/3 -o "$T/m_grid"
setup+=$(rc_is 0 ms_grid)
ox ms_run run "$SMALL" -r 1 -n 50 -q -o "$T/m_run"
setup+=$(rc_is 0 ms_run)
[ -n "$setup" ] && setup="setting up the odd shards failed: $setup"
bad mg_seed "seed 12|seed 11" merge "$SH/shard-1" "$T/m_seed" "$SH/shard-3"
check "merge of shards run with different seeds: exit 2, names both seeds, merge folder not created" "$setup$BADR"
bad mg_scn "different scenario|m_scn" merge "$SH/shard-1" "$T/m_scn" "$SH/shard-3"
check "merge of shards of different scenarios (--set on the base): exit 2, merge folder not created" "$setup$BADR"
bad mg_grid "grid|m_grid" merge "$SH/shard-1" "$T/m_grid" "$SH/shard-3"
check "merge of shards of different grids: exit 2, merge folder not created" "$setup$BADR"
bad mg_miss "shard|the sweep has 3 shards but 2 folders were given|missing: 2" merge "$SH/shard-1" "$SH/shard-3"
check "merge with a missing shard: exit 2, says which (missing: 2), merge folder not created" "$BADR"
# the odd folder given first is the one named (it was reported against the
# second folder, the first taken as the reference)
bad mg_first "ownsim: $T/m_seed: seed: was run with seed 12, $SH/shard-1 with seed 11" \
    merge "$T/m_seed" "$SH/shard-1" "$SH/shard-3"
check "merge with the odd shard (another seed) given first: the message names that folder" "$setup$BADR"
bad mg_first2 "ownsim: $T/m_scn: scenario.ini: was run with a different scenario from $SH/shard-1" \
    merge "$T/m_scn" "$SH/shard-1" "$SH/shard-3"
check "merge with the odd shard (another scenario) given first: the message names that folder" "$setup$BADR"
# the same for provenance.ini: a shard run by another version, given first
rm -rf "$T/m_ver" && cp -r "$SH/shard-2" "$T/m_ver"
sed -i 's/^version = .*/version = 0.0-other/' "$T/m_ver/provenance.ini"
bad mg_ver "ownsim: $T/m_ver: version: was run by ownsim 0.0-other, $SH/shard-1 by ownsim" \
    merge "$T/m_ver" "$SH/shard-1" "$SH/shard-3"
check "merge with a shard of another ownsim version given first: the message names that folder" "$BADR"
ox mg_chk merge --check "$SH/shard-3" "$SH/shard-1"
r=$(rc_is 3 mg_chk)
[ "$(cat "$T/mg_chk.out")" = "missing: 2" ] || r+="stdout '$(head -c 80 "$T/mg_chk.out")', want 'missing: 2'; "
r+=$(has "$T/mg_chk.err" "rerun them with --shard I/3")
ox mg_chk_ok merge --check "$SH/shard-3" "$SH/shard-1" "$SH/shard-2"
r+=$(rc_is 0 mg_chk_ok)$(has "$T/mg_chk_ok.out" "complete: 3 shards")
ox mg_chk_bad merge --check "$SH/shard-1" "$T/m_seed" "$SH/shard-3"
r+=$(rc_is 2 mg_chk_bad)$(has "$T/mg_chk_bad.err" "seed 12")
ox mg_chk_o merge --check "$SH/shard-1" -o "$T/chk_o"
r+=$(rc_is 2 mg_chk_o)
[ -e "$T/chk_o" ] && r+="--check with -o created the folder; "
check "merge --check: 'missing: 2' exit 3; 'complete: 3 shards' exit 0; a foreign shard exit 2; -o refused" "$r"
bad mg_rep "twice" merge "$SH/shard-1" "$SH/shard-2" "$SH/shard-2"
check "merge with a repeated shard: exit 2, says twice, merge folder not created" "$BADR"
bad mg_rep4 "shard" merge "$SH/shard-1" "$SH/shard-2" "$SH/shard-2" "$SH/shard-3"
check "merge with all shards and one repeated: exit 2, merge folder not created" "$BADR"
bad mg_run "not a sweep folder|m_run" merge "$SH/shard-1" "$SH/shard-2" "$T/m_run"
check "merge of a folder that is not a sweep folder (a run's output): exit 2, merge folder not created" "$setup$BADR"
bad mg_none "not a sweep folder|no_such_folder" merge "$SH/shard-1" "$SH/shard-2" "$T/no_such_folder"
check "merge of a folder that does not exist: exit 2, merge folder not created" "$BADR"

# damaged shards: a truncated sweep.csv, and a row whose point belongs elsewhere
for d in trunc relabel; do
    rm -rf "$T/dmg-$d"
    mkdir -p "$T/dmg-$d"
    cp -r "$SH"/shard-* "$T/dmg-$d/"
done
sed -i '$d' "$T/dmg-trunc/shard-2/sweep.csv"
awk 'BEGIN { FS = OFS = "," } NR == 2 { $1 = 4 } { print }' "$T/dmg-relabel/shard-2/sweep.csv" \
    >"$T/relabel.csv" && mv "$T/relabel.csv" "$T/dmg-relabel/shard-2/sweep.csv"
bad mg_trunc "truncated|point" merge "$T"/dmg-trunc/shard-*
check "merge of a truncated shard: exit 2, says truncated, merge folder not created" "$BADR"
bad mg_relabel "point 4|point" merge "$T"/dmg-relabel/shard-*
check "merge of a shard holding another shard's point: exit 2, merge folder not created" "$BADR"

# --------------------------------------------------------- 7. breakeven
# the fixture's premise: TTR(handoff) - TTR(direct) = handoff_delay - 30 for every incident
ox be_trace run "$BE" -r 2 -n 200 -q --trace -o "$T/be_trace"
r=$(rc_is 0 be_trace)
if [ -z "$r" ]; then
    r=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { t[$c["rep"] "," $c["id"] "," $c["model"]] = $c["ttr"]; k[$c["rep"] "," $c["id"]] = 1 }
        END {
            for (x in k) {
                n++
                if (!((x ",handoff") in t) || !((x ",direct") in t)) { miss++; continue }
                d = t[x ",handoff"] - t[x ",direct"] - 15
                if (d > 1e-6 || d < -1e-6) { bad++; ex = x " (" t[x ",handoff"] " vs " t[x ",direct"] ")" }
            }
            if (n != 400) print n " incidents in the trace, want 400"
            if (miss) print miss " incidents missing a model"
            if (bad) print bad " incidents where TTR(handoff) - TTR(direct) != 45 - 30, e.g. " ex
        }' <(tr -d '\r' <"$T/be_trace/incidents.csv") | tr '\n' ';')
fi
check "breakeven.ini: TTR(handoff) - TTR(direct) = handoff_delay - 30 for every incident (trace)" "$r"

ox be1 breakeven "$BE" --vary model.handoff.handoff_delay=0:100 --model handoff --baseline direct -q -o "$T/be1"
r=$(rc_is 0 be1)
B1=$T/be1/breakeven.csv
if [ -z "$r" ]; then
    [ -f "$B1" ] || r+="no breakeven.csv; "
    [ -f "$T/be1/scenario.ini" ] || r+="no scenario.ini; "
    r+=$(has "$T/be1.out" "matches")
fi
if [ -f "$B1" ]; then
    r+=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        NR == 2 {
            if ($c["crosses"] != 1) print "crosses = " $c["crosses"] ", want 1"
            v = $c["value"]; lo = $c["value_lo"]; hi = $c["value_hi"]
            if (v == "" || v < 29.9 || v > 30.1) print "value " v ", want 30 +- 0.1"
            if (lo == "" || hi == "" || lo < 29.9 || hi > 30.1 || lo > v || v > hi) print "CI [" lo ", " hi "] not within [29.9, 30.1] around the value"
            if ($c["model"] != "handoff" || $c["baseline"] != "direct" || $c["metric"] != "ttr_mean") print "model/baseline/metric " $c["model"] "/" $c["baseline"] "/" $c["metric"]
            rows++
        }
        END { if (rows != 1) print "no data row" }' <(tr -d '\r' <"$B1") | sed 's/$/; /' | tr -d '\n')
fi
check "breakeven handoff vs direct over handoff_delay 0:100 crosses at 30, CI within [29.9, 30.1]" "$r"

ox be1j breakeven "$BE" --vary model.handoff.handoff_delay=0:100 --model handoff --baseline direct -q -j 3 -o "$T/be1j"
r=$(rc_is 0 be1j)
[ -z "$r" ] && r=$(same_dir "$T/be1" "$T/be1j")
check "breakeven with -j 3 writes the same folder as -j 1" "$r"

ox be2 breakeven "$BE" --vary model.handoff.handoff_delay=0:20 --model handoff --baseline direct -q -o "$T/be2"
r=$(rc_is 0 be2)$(has "$T/be2.out" "do not cross")
if [ -f "$T/be2/breakeven.csv" ]; then
    c=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "crosses") k = i; next } NR == 2 { print $k }' <(tr -d '\r' <"$T/be2/breakeven.csv"))
    [ "$c" = "0" ] || r+="crosses = '$c', want 0; "
else
    r+="no breakeven.csv; "
fi
check "breakeven over handoff_delay 0:20 does not cross (crosses=0, 'do not cross')" "$r"

BEV=(--vary model.handoff.handoff_delay=0:100)
bad be_model "--model|handof|did you mean" breakeven "$BE" "${BEV[@]}" --model handof --baseline direct -q
check "breakeven unknown --model: exit 2, 'did you mean', nothing written" "$BADR"
bad be_base "--baseline|drect|did you mean" breakeven "$BE" "${BEV[@]}" --model handoff --baseline drect -q
check "breakeven unknown --baseline: exit 2, 'did you mean', nothing written" "$BADR"
bad be_metric "--metric|ttr_man" breakeven "$BE" "${BEV[@]}" --model handoff --metric ttr_man -q
check "breakeven unknown --metric: exit 2, names it, nothing written" "$BADR"
bad be_eq "model.handoff.handoff_delay" breakeven "$BE" --vary model.handoff.handoff_delay=50:50 --model handoff -q
check "breakeven LO = HI: exit 2, nothing written" "$BADR"
bad be_rev "model.handoff.handoff_delay" breakeven "$BE" --vary model.handoff.handoff_delay=60:50 --model handoff -q
check "breakeven LO > HI: exit 2, nothing written" "$BADR"
bad be_kind "party.p1.coverage|numeric" breakeven "$BE" --vary party.p1.coverage=0:1 --model handoff -q
check "breakeven over a non-numeric key (party.p1.coverage): exit 2, nothing written" "$BADR"

# -------------------------------------------------------- 8. docs/sweep.sbatch
if [ -f "$SBATCH" ]; then
    r=$(bash -n "$SBATCH" 2>&1 | head -2 | tr '\n' ' ')
    grep -q '^#SBATCH --array=' "$SBATCH" || r+="no #SBATCH --array line; "
    check "docs/sweep.sbatch passes bash -n and declares a job array" "$r"

    SBV=$'model.co_managed.misroute_prob=0:0.6:0.2\nmodel.co_managed.handoff_delay.median=5,20'
    r=""
    for i in 1 2; do
        (cd "$T" && SLURM_ARRAY_TASK_ID=$i SHARDS=2 SLURM_ARRAY_TASK_COUNT=2 SLURM_CPUS_PER_TASK=1 \
            OWNSIM="$OWNSIM" SCENARIO="$SMALL" OUT="$T/sb" VARY="$SBV" SWEEP_ARGS="-r 3 -n 300 -s 11" \
            "${TIMEOUT[@]}" bash "$SBATCH" </dev/null >"$T/sb$i.out" 2>"$T/sb$i.err")
        RC=$?
        r+=$(rc_is 0 "sb$i")
        [ -f "$T/sb/shard-$i/sweep.ini" ] || r+="no $(basename "$T")/sb/shard-$i/sweep.ini; "
    done
    if [ -z "$r" ]; then
        ox sbm merge "$T"/sb/shard-* -o "$T/sb/merged"
        r=$(rc_is 0 sbm)
        [ -z "$r" ] && r=$(same_dir "$T/full" "$T/sb/merged")
    fi
    check "docs/sweep.sbatch run locally as array tasks 1/2 and 2/2, then merge = the unsharded sweep" "$r"

    # sb_run TAG ID VAR=VALUE...: the script as array task ID, more settings
    sb_run() {
        local tag=$1 id=$2
        shift 2
        (cd "$T" && env SLURM_ARRAY_TASK_ID="$id" SLURM_CPUS_PER_TASK=1 OWNSIM="$OWNSIM" \
            SCENARIO="$SMALL" OUT="$T/sb" VARY="$SBV" SWEEP_ARGS="-r 3 -n 300 -s 11" "$@" \
            "${TIMEOUT[@]}" bash "$SBATCH" </dev/null >"$T/$tag.out" 2>"$T/$tag.err")
        RC=$?
    }
    sum1=$(cat "$T/sb/shard-1/sweep.csv" "$T/sb/shard-1/sweep.ini" 2>/dev/null | cksum)
    r=""
    # a rerun of task 1 alone that forgot SHARDS (it used to run 1/1, the
    # whole grid, over shard-1)
    sb_run sb_noshards 1 SLURM_ARRAY_TASK_COUNT=1
    [ "$RC" -ne 0 ] || r+="ran without SHARDS; "
    r+=$(has "$T/sb_noshards.err" "SHARDS")
    # SHARDS wrong for the folder: shard-1 holds 1/2
    sb_run sb_wrong 1 SHARDS=1 SLURM_ARRAY_TASK_COUNT=1
    r+=$(rc_is 2 sb_wrong)$(has "$T/sb_wrong.err" "holds shard = 1/2, not shard 1/1")
    # a task outside 1..SHARDS (an array from 0, or larger than SHARDS)
    sb_run sb_zero 0 SHARDS=2
    r+=$(rc_is 2 sb_zero)$(has "$T/sb_zero.err" "tasks count from 1")
    sb_run sb_max 2 SHARDS=2 SLURM_ARRAY_TASK_MAX=4
    r+=$(rc_is 2 sb_max)$(has "$T/sb_max.err" "the array goes up to 4 but SHARDS=2")
    [ "$(cat "$T/sb/shard-1/sweep.csv" "$T/sb/shard-1/sweep.ini" 2>/dev/null | cksum)" = "$sum1" ] ||
        r+="shard-1 changed; "
    [ -e "$T/sb/shard-0" ] && r+="shard-0 created; "
    check "docs/sweep.sbatch refuses without SHARDS, over another shard's folder, and outside 1..SHARDS; shard-1 untouched" "$r"
    # the array's size: a full run must be --array=1-SHARDS; a subset is a
    # rerun, said with RERUN=1
    rm -rf "$T/sb2" && cp -r "$T/sb/shard-2" "$T/sb2"
    r=""
    sb_run sb_small 1 SHARDS=2 SLURM_ARRAY_TASK_COUNT=1 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=1
    r+=$(rc_is 2 sb_small)$(has "$T/sb_small.err" "the array (1 tasks, ids 1..1) is not 1-2, SHARDS=2")
    sb_run sb_sub 2 SHARDS=2 SLURM_ARRAY_TASK_COUNT=1 SLURM_ARRAY_TASK_MIN=2 SLURM_ARRAY_TASK_MAX=2
    r+=$(rc_is 2 sb_sub)$(has "$T/sb_sub.err" "set RERUN=1")
    sb_run sb_count 2 SHARDS=2 SLURM_ARRAY_TASK_COUNT=3
    r+=$(rc_is 2 sb_count)$(has "$T/sb_count.err" "(3 tasks, ids ?..?)")
    sb_run sb_rerun_out 3 SHARDS=2 RERUN=1 SLURM_ARRAY_TASK_COUNT=1 SLURM_ARRAY_TASK_MIN=3 SLURM_ARRAY_TASK_MAX=3
    r+=$(rc_is 2 sb_rerun_out)$(has "$T/sb_rerun_out.err" "larger than SHARDS=2")
    sb_run sb_rerun_bad 2 SHARDS=2 RERUN=yes
    r+=$(rc_is 2 sb_rerun_bad)$(has "$T/sb_rerun_bad.err" "RERUN='yes'")
    [ "$(cat "$T/sb/shard-1/sweep.csv" "$T/sb/shard-1/sweep.ini" 2>/dev/null | cksum)" = "$sum1" ] ||
        r+="shard-1 changed; "
    [ -e "$T/sb/shard-3" ] && r+="shard-3 created; "
    diff -r "$T/sb2" "$T/sb/shard-2" >/dev/null 2>&1 || r+="shard-2 changed; "
    check "docs/sweep.sbatch refuses a full run whose array is not 1-SHARDS (COUNT, MIN, MAX), a subset without RERUN=1, RERUN outside 0|1" "$r"
    # RERUN=1 of a subset (--array=2): a missing shard from the settings, a
    # damaged one with sweep --resume from its own manifest
    r=""
    rm -rf "$T/sb/shard-2"
    sb_run sb_rerun 2 SHARDS=2 RERUN=1 SLURM_ARRAY_TASK_COUNT=1 SLURM_ARRAY_TASK_MIN=2 SLURM_ARRAY_TASK_MAX=2
    r+=$(rc_is 0 sb_rerun)
    diff -r "$T/sb2" "$T/sb/shard-2" >/dev/null 2>&1 || r+="the rerun shard-2 differs from the first; "
    head -c 200 "$T/sb2/sweep.csv" >"$T/sb/shard-2/sweep.csv"
    sb_run sb_resume 2 SHARDS=2 RERUN=1 SLURM_ARRAY_TASK_COUNT=1 SLURM_ARRAY_TASK_MIN=2 SLURM_ARRAY_TASK_MAX=2 \
        VARY=model.co_managed.misroute_prob=0,1
    r+=$(rc_is 0 sb_resume)$(has "$T/sb_resume.err" "resuming")
    diff -r "$T/sb2" "$T/sb/shard-2" >/dev/null 2>&1 || r+="the resumed shard-2 differs from the first; "
    check "docs/sweep.sbatch RERUN=1 --array=2: a missing shard rerun, a damaged one resumed from its manifest (VARY changed since is ignored): byte-identical" "$r"
    r=$(grep -q '^#SBATCH --cpus-per-task=1$' "$SBATCH" || echo "no '#SBATCH --cpus-per-task=1'; ")$(has "$SBATCH" "PartitionConfig")
    check "docs/sweep.sbatch asks for 1 CPU per task and says how to choose more (PartitionConfig)" "$r"
else
    nok "docs/sweep.sbatch passes bash -n and declares a job array" "docs/sweep.sbatch missing"
fi

# sweep refuses to replace a folder holding another shard (a rerun that
# forgot N ran the whole grid over a good shard); --force replaces it; a
# rerun of the same shard replaces it
rm -rf "$T/keep2" && cp -r "$SH/shard-2" "$T/keep2"
before=$(cat "$T/keep2/sweep.csv" "$T/keep2/sweep.ini" | cksum)
ox keep_1 sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" -o "$T/keep2"
r=$(rc_is 2 keep_1)$(has "$T/keep_1.err" "keep2: shard: holds shard 2/3 of a sweep, and this run is shard 1/1")
ox keep_4 sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" --shard 2/4 -o "$T/keep2"
r+=$(rc_is 2 keep_4)$(has "$T/keep_4.err" "this run is shard 2/4")
[ "$(cat "$T/keep2/sweep.csv" "$T/keep2/sweep.ini" | cksum)" = "$before" ] || r+="keep2 changed; "
ox keep_same sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" --shard 2/3 -o "$T/keep2"
r+=$(rc_is 0 keep_same)
ox keep_force sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" --force -o "$T/keep2"
r+=$(rc_is 0 keep_force)
grep -qxF "shard = 1/1" "$T/keep2/sweep.ini" || r+="--force did not replace the folder; "
check "sweep over another shard's folder: exit 2, folder untouched; the same shard or --force replaces it" "$r$(tmp_left)"

# schedulers that number array tasks from 0 (docs/cluster.md): the one-line
# command of the doc with each scheduler's variable set as it sets it, one
# shard each (AWS Batch 0, Kubernetes 1, HTCondor 2: three sweeps, not nine,
# for make valgrind); the union merges into the unsharded sweep
r=""
k=0
for var in AWS_BATCH_JOB_ARRAY_INDEX JOB_COMPLETION_INDEX Process; do
    # HTCondor substitutes $(Process) into the arguments; here a variable
    (export "$var=$k"
     cd "$T" && "${TIMEOUT[@]}" "$OWNSIM" sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" \
         --zero-based --shard "${!var}/3" -o "$T/z/shard-${!var}" </dev/null \
         >"$T/z-$var.out" 2>"$T/z-$var.err")
    RC=$?
    r+=$(rc_is 0 "z-$var")
    grep -qxF "shard = $((k + 1))/3" "$T/z/shard-$k/sweep.ini" 2>/dev/null ||
        r+="$var=$k did not write shard $((k + 1))/3; "
    k=$((k + 1))
done
ox zm merge "$T/z"/shard-* -o "$T/z/merged"
r+=$(rc_is 0 zm)
[ -z "$r" ] && r+=$(same_dir "$T/full" "$T/z/merged")
check "--zero-based --shard \$VAR/3 with AWS_BATCH_JOB_ARRAY_INDEX=0, JOB_COMPLETION_INDEX=1, Process=2: merge = the unsharded sweep" "$r"
# uncertainty takes --zero-based the same way
U=$DATA/uncertainty.ini
ox zu_full uncertainty "$U" --model x --baseline y --sets 30 -q -o "$T/zu/full"
r=$(rc_is 0 zu_full)
for k in 0 1 2; do
    ox "zu_$k" uncertainty "$U" --model x --baseline y --sets 30 -q --zero-based --shard "$k/3" -o "$T/zu/s$k"
    r+=$(rc_is 0 "zu_$k")
done
grep -qxF "shard = 1/3" "$T/zu/s0/uncertainty.ini" 2>/dev/null || r+="--zero-based --shard 0/3 did not write shard = 1/3; "
ox zu_m merge "$T/zu/s2" "$T/zu/s0" "$T/zu/s1" -o "$T/zu/merged"
r+=$(rc_is 0 zu_m)
[ -z "$r" ] && r+=$(same_dir "$T/zu/full" "$T/zu/merged")
check "uncertainty --zero-based --shard 0/3..2/3: merge = the unsharded analysis" "$r"
bad z_out "--shard|'3/3'|out of range 0..2" sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" --zero-based --shard 3/3
check "sweep --zero-based --shard 3/3: exit 2, says the range 0..2, nothing written" "$BADR"
DOC=$ROOT/docs/cluster.md
r=""
for v in AWS_BATCH_JOB_ARRAY_INDEX JOB_COMPLETION_INDEX; do
    r+=$(has "$DOC" "--zero-based --shard \"\$$v/")
done
r+=$(has "$DOC" '--zero-based --shard $(Process)/')
check "docs/cluster.md gives the one-line commands this test runs (AWS Batch, Kubernetes, HTCondor)" "$r"

# the one-machine recipe the test runs is the one docs/cluster.md shows
DOC=$ROOT/docs/cluster.md
if [ -f "$DOC" ]; then
    r=$(has "$DOC" 'parallel --will-cite -j 3')$(has "$DOC" '--shard {}/3')$(has "$DOC" '::: 1 2 3')$(has "$DOC" 'merge')$(has "$DOC" 'sweep.sbatch')
    check "docs/cluster.md shows the GNU parallel recipe this test runs" "$r"
else
    nok "docs/cluster.md shows the GNU parallel recipe this test runs" "docs/cluster.md missing"
fi

# a point whose queues run away: exit 2, the message names that grid point
ox runaway sweep "$ROOT/scenarios/mmc.ini" --vary model.mmc.staff=team:4,team:2 -n 1000000 -r 1 -q \
    -o "$T/runaway"
r=$(rc_is 2 runaway)$(has "$T/runaway.err" "runaway queue")$(has "$T/runaway.err" "grid point 1: model.mmc.staff=team:2")
[ -e "$T/runaway" ] && r+="output folder created; "
check "a sweep point whose queues run away: exit 2, names the grid point, nothing written" "$r"

# a point whose queues never settle (but stay under the guard): a warning, exit 0
ox unsettled sweep "$ROOT/scenarios/mmc.ini" --vary model.mmc.staff=team:4,team:2 -r 1 -q -o "$T/unsettled"
r=$(rc_is 0 unsettled)$(has "$T/unsettled.err" "at 1 grid point the queues kept growing")
check "a sweep with a point whose queues never settle: exit 0 and a warning naming how many" "$r"

# ------------------------------------------------- 9. sweep --resume DIR
# a shard rerun from its own folder's manifest is the first run byte for
# byte, provenance.ini included: sweep.csv deleted, damaged, or only
# sweep.ini and provenance.ini kept
r=""
for how in deleted damaged manifest; do
    rm -rf "$T/res-$how" && cp -r "$SH/shard-2" "$T/res-$how"
    case $how in
        deleted) rm -f "$T/res-$how/sweep.csv" ;;
        damaged) head -c 100 "$SH/shard-2/sweep.csv" >"$T/res-$how/sweep.csv" ;;
        manifest) rm -f "$T/res-$how/sweep.csv" "$T/res-$how/scenario.ini" ;;
    esac
    ox "res_$how" sweep --resume "$T/res-$how" -j 2 -q
    r+=$(rc_is 0 "res_$how")
    diff -r "$SH/shard-2" "$T/res-$how" >/dev/null 2>&1 || r+="$how: the resumed folder differs from the first run; "
done
ox res_m merge "$SH/shard-1" "$T/res-manifest" "$SH/shard-3" -o "$T/res-merged"
r+=$(rc_is 0 res_m)
[ -z "$r" ] && r+=$(same_dir "$T/full" "$T/res-merged")
# resumed twice: provenance.ini records the first command again
ox res_again sweep --resume "$T/res-manifest" -q
r+=$(rc_is 0 res_again)
diff -r "$SH/shard-2" "$T/res-manifest" >/dev/null 2>&1 || r+="resumed twice: differs; "
check "sweep --resume DIR (sweep.csv deleted, damaged, or only sweep.ini + provenance.ini): diff -r = the first run, merges into the unsharded sweep" "$r$(tmp_left)"

# relative paths, --set, --metric, --precision and --zero-based come back from the command
mkdir -p "$T/rel" && cp "$SMALL" "$T/rel/s.ini"
(cd "$T/rel" && "${TIMEOUT[@]}" "$OWNSIM" sweep s.ini --vary "$K1=0:0.6:0.3" "${SIM[@]}" \
    --set model.co_managed.orphan_prob=0.1 --metric ttr_p90 --precision ttr_mean=30 --max-reps 6 \
    --zero-based --shard 1/2 -o shard-1 </dev/null >/dev/null 2>"$T/rel0.err")
RC=$?
r=$(rc_is 0 rel0)
cp -r "$T/rel/shard-1" "$T/rel/first" && rm -f "$T/rel/shard-1/sweep.csv"
(cd "$T/rel" && "${TIMEOUT[@]}" "$OWNSIM" sweep --resume shard-1 -q </dev/null >/dev/null 2>"$T/rel1.err")
RC=$?
r+=$(rc_is 0 rel1)
diff -r "$T/rel/first" "$T/rel/shard-1" >/dev/null 2>&1 || r+="the resumed folder differs from the first run; "
# from another folder the relative scenario path is not there
rm -f "$T/rel/shard-1/sweep.csv"
ox rel2 sweep --resume "$T/rel/shard-1"
r+=$(rc_is 2 rel2)$(has "$T/rel2.err" "provenance.ini: sha256_1: s.ini cannot be read")
[ -e "$T/rel/shard-1/sweep.csv" ] && r+="written after a refusal; "
check "sweep --resume: relative paths, --set, --metric, --precision, --zero-based rebuilt; from another folder: exit 2" "$r"

# a word the command quotes ($'...' with \xHH): a blank, a ';' and a quote in the path
mkdir -p "$T/q d" && cp "$SMALL" "$T/q d/s;'1.ini"
ox q0 sweep "$T/q d/s;'1.ini" --vary "$K1=0,0.3" "${SIM[@]}" -o "$T/q d/out"
r=$(rc_is 0 q0)
grep -qF "\$'$T/q d/s\\x3b\\x271.ini'" "$T/q d/out/provenance.ini" 2>/dev/null || r+="the path is not quoted as expected in provenance.ini; "
cp -r "$T/q d/out" "$T/q d/first" && rm -f "$T/q d/out/sweep.csv"
ox q1 sweep --resume "$T/q d/out" -q
r+=$(rc_is 0 q1)
diff -r "$T/q d/first" "$T/q d/out" >/dev/null 2>&1 || r+="the resumed folder differs from the first run; "
check "sweep --resume decodes a quoted word (\$'...' with \\x3b and \\x27): byte-identical" "$r"

# refusals: exit 2 naming the file and key, the folder untouched
resume_bad() { # NAME TEXTS EDIT (run in the copy's folder) [OPTIONS...]
    local name=$1 texts=$2 edit=$3
    shift 3
    rm -rf "$T/rb" && cp -r "$T/rel/first" "$T/rb" && (cd "$T/rb" && eval "$edit")
    local before
    before=$(cd "$T/rb" && cat ./* | cksum)
    (cd "$T/rel" && "${TIMEOUT[@]}" "$OWNSIM" sweep --resume "$T/rb" "$@" </dev/null >/dev/null 2>"$T/$name.err")
    RC=$?
    local r t
    r=$(rc_is 2 "$name")
    IFS='|' read -r -a want <<<"$texts"
    for t in "${want[@]}"; do r+=$(has "$T/$name.err" "$t"); done
    [ "$(cd "$T/rb" && cat ./* | cksum)" = "$before" ] || r+="the folder changed; "
    BADR=$r
}
cp "$T/rel/s.ini" "$T/rel/s.ini.orig" && echo "; edited" >>"$T/rel/s.ini"
resume_bad rb_scn "rb/provenance.ini: sha256_1: s.ini changed since the sweep ran" ":"
mv "$T/rel/s.ini.orig" "$T/rel/s.ini"
r=$BADR
resume_bad rb_points "rb/sweep.ini: points: missing|manifest is incomplete" "sed -i '/^points = /d' sweep.ini"
r+=$BADR
resume_bad rb_cmd "rb/provenance.ini: command: missing" "sed -i '/^command = /d' provenance.ini"
r+=$BADR
resume_bad rb_sha "rb/provenance.ini: sha256_1: missing" "sed -i '/^sha256_1 = /d' provenance.ini"
r+=$BADR
resume_bad rb_shard "rb/sweep.ini: shard: '1/2', but the command in provenance.ini makes 2/2" \
    "sed -i 's|^shard = 2/2|shard = 1/2|' sweep.ini"
r+=$BADR
resume_bad rb_vary "rb/sweep.ini: vary1:" "sed -i 's|^vary1 = .*|vary1 = $K1=0,1|' sweep.ini"
r+=$BADR
resume_bad rb_garbled "rb/provenance.ini: command: cannot be read back" \
    "sed -i \"s|^command = |command = \\\$'x|\" provenance.ini"
r+=$BADR
resume_bad rb_reps "--reps conflicts with --resume" ":" -r 4
r+=$BADR
resume_bad rb_shardopt "--shard conflicts with --resume" ":" --shard 2/2
r+=$BADR
resume_bad rb_pos "give no SCENARIO" ":" s.ini
r+=$BADR
check "sweep --resume refuses (exit 2, file and key named, folder untouched): changed scenario, missing or garbled keys, manifest and command disagreeing, conflicting options" "$r"
ox novary sweep "$SMALL" "${SIM[@]}" -o "$T/novary"
r=$(rc_is 2 novary)$(has "$T/novary.err" "missing --vary")
[ -e "$T/novary" ] && r+="output folder created; "
check "sweep without --vary (nor --resume): exit 2, missing --vary" "$r"

check "no temporary *.tmp.* file left anywhere" "$(tmp_left)"

echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
