#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/run.sh — end-to-end tests of the ownsim command line.
#
#   OWNSIM=build/ownsim tests/cli/run.sh        (what `make test` runs)
#
# Run from anywhere; fixtures are found relative to this script.  Prints one
# line per check, "ok - NAME" or "not ok - NAME: reason", then the line
# "N passed, M failed"; exits 1 when anything failed.  Works in a mktemp -d
# folder removed at exit.  Takes about a second.
#
# Golden files (tests/golden/small_models.csv, small_paired.csv) guard the
# output format and the numbers.  They are the output of
#   ownsim run tests/data/small.ini -r 3 -n 500 -s 42 -q
# tests/golden/streams1_*.csv are the same run under stream version 1
# (--set simulation.streams=1), as every build before stream versions wrote
# it: they are never regenerated, an old stream version reproduces old
# results forever (rng.h); a format change edits them by hand.
# After a DELIBERATE change to the model or to the output format, rewrite them
# with
#   REGEN=1 OWNSIM=build/ownsim tests/cli/run.sh
# then review `git diff tests/golden/` before committing.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=$ROOT/tests/data
GOLD=$ROOT/tests/golden
SMALL=$DATA/small.ini
REGEN=${REGEN:-0}

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-cli.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"
# has FILE TEXT: a reason when FILE does not contain TEXT (fixed string)
# same A B: a reason when the files differ
same() {
    if [ ! -f "$1" ] || [ ! -f "$2" ]; then
        printf 'missing %s; ' "$([ -f "$1" ] && echo "$2" || echo "$1")"
    elif [ -n "${OWNSIM_REAL:-}" ]; then
        # under valgrind (tests/valgrind/ownsim-vg): valgrind computes long
        # double at double precision, and GSL's means accumulate in long
        # double, so a figure on a rounding tie of its 6 significant digits
        # can print one unit off (879.687 vs 879.688).  Same cells, and
        # numbers equal to 1e-5 relative; the native suite stays byte-exact.
        awk -F, 'NR == FNR { a[FNR] = $0; n = FNR; next }
            { if (!(FNR in a)) { bad = "extra line " FNR; exit }
              m = split(a[FNR], x, ","); if (m != NF) { bad = "line " FNR " fields"; exit }
              for (i = 1; i <= NF; i++) if (x[i] != $i) {
                  if (x[i] ~ /^-?[0-9.eE+-]+$/ && $i ~ /^-?[0-9.eE+-]+$/) {
                      d = x[i] - $i; if (d < 0) d = -d; s = x[i] < 0 ? -x[i] : x[i]
                      if (d <= 1e-5 * s) continue }
                  bad = "line " FNR " field " i ": " x[i] " vs " $i; exit } }
            END { if (!bad && FNR != n) bad = "line count"; if (bad) printf "%s", bad }' \
            "$1" "$2" | sed "s|^\(..*\)|$(basename "$2") differs beyond valgrind's rounding (\1); |"
    elif ! cmp -s "$1" "$2"; then
        printf '%s differs (%s); ' "$(basename "$2")" "$(diff "$1" "$2" | sed -n 2p | cut -c1-80)"
    fi
}
tmp_left() { find "$T" -name '*.tmp.*' | grep -q . && printf 'temporary file left: %s; ' "$(find "$T" -name '*.tmp.*' | head -1)"; }

# ---------------------------------------------------------------- 1. usage
ox help --help
check "--help exits 0 and prints usage" "$(rc_is 0)$(has "$T/help.out" "usage")$(has "$T/help.out" "ownsim run")"
ox version --version
r=$(rc_is 0)
grep -qE '^ownsim [0-9]+\.[0-9]+' "$T/version.out" || r+="no 'ownsim X.Y' on stdout; "
check "--version exits 0 and prints the version" "$r"
ox runhelp run --help
check "run --help exits 0 and prints usage" "$(rc_is 0)$(has "$T/runhelp.out" "usage: ownsim run")$(has "$T/runhelp.out" "--trace")"
ox badcmd frobnicate
r=$(rc_is 2)
[ -s "$T/badcmd.err" ] || r+="nothing on stderr; "
check "unknown command exits 2" "$r$(has "$T/badcmd.err" "frobnicate")"
ox badopt run "$SMALL" --bogus -o "$T/out-badopt"
r=$(rc_is 2)
[ -e "$T/out-badopt" ] && r+="output folder created; "
check "unknown option exits 2" "$r$(has "$T/badopt.err" "--bogus")"
ox badj run "$SMALL" -j 0 -o "$T/out-badj"
check "-j 0 exits 2" "$(rc_is 2)"

# -------------------------------------------------------- 2. determinism
SIM=(-r 3 -n 300 -s 11 -q --trace)
for j in 1 2 3; do
    ox "det$j" run "$SMALL" "${SIM[@]}" -j "$j" -o "$T/det$j"
    eval "rc_det$j=$RC"
done
r=""
for j in 1 2 3; do
    v=rc_det$j
    [ "${!v}" -eq 0 ] || r+="-j $j exit ${!v}: $(head -c 200 "$T/det$j.err"); "
done
for f in models.csv severities.csv paired.csv replications.csv incidents.csv scenario.ini; do
    [ -f "$T/det1/$f" ] || r+="-j 1 wrote no $f; "
done
if [ -z "$r" ]; then
    for j in 2 3; do
        diff -r -x provenance.ini "$T/det1" "$T/det$j" >/dev/null || r+="-j 1 and -j $j differ: $(diff -rq -x provenance.ini "$T/det1" "$T/det$j" | head -1); "
    done
fi
check "same output with -j 1, -j 2, -j 3 (--trace)" "$r"

ox det1b run "$SMALL" "${SIM[@]}" -o "$T/det1b"
r=$(rc_is 0)
[ -z "$r" ] && { diff -r -x provenance.ini "$T/det1" "$T/det1b" >/dev/null || r="$(diff -rq -x provenance.ini "$T/det1" "$T/det1b" | head -1)"; }
check "same seed twice gives identical output" "$r"

ox det2s run "$SMALL" -r 3 -n 300 -s 12 -q -o "$T/det2s"
r=$(rc_is 0)
[ -z "$r" ] && cmp -s "$T/det1/models.csv" "$T/det2s/models.csv" && r="seeds 11 and 12 give the same models.csv"
check "a different seed changes models.csv" "$r"

# ------------------------------------------------ 3. trace consistency
INC=$T/det1/incidents.csv
STAGES="detect intake ownership handoff after_hours queue work"
if [ -f "$INC" ]; then
    res=$(awk -F, -v stages="$STAGES" '
        NR == 1 {
            for (i = 1; i <= NF; i++) col[$i] = i
            ns = split(stages, st, " ")
            split("rep id model category severity t_occur effort ttr", need, " ")
            for (j in need) if (!(need[j] in col)) miss = miss " " need[j]
            for (j = 1; j <= ns; j++) if (!(st[j] in col)) miss = miss " " st[j]
            if (miss != "") { print "missing columns:" miss; bad = 1; exit }
            next
        }
        {
            rows++
            s = 0
            for (j = 1; j <= ns; j++) {
                v = $col[st[j]]
                if (v !~ /^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/) { nonnum++; if (!fn) fn = NR }
                if (v + 0 < 0) { negstage++; if (!fneg) fneg = NR }
                s += v
            }
            t = $col["ttr"]
            if (t !~ /^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/) { nonnum++; if (!fn) fn = NR }
            t += 0
            if (t < 0) { negttr++; if (!fneg) fneg = NR }
            d = s - t; if (d < 0) d = -d
            tol = 1e-6 * (t < 0 ? -t : t); if (tol < 1e-9) tol = 1e-9
            if (d > tol) { badsum++; if (!fsum) fsum = NR " (sum " s ", ttr " t ")" }
        }
        END {
            if (bad) exit
            if (rows == 0) { print "no rows"; exit }
            if (nonnum) print "non-numeric stage or ttr at line " fn
            if (badsum) print badsum " rows where the stages do not add up to ttr, first at line " fsum
            if (negttr) print negttr " rows with ttr < 0"
            if (negstage) print negstage " negative stage values, first at line " fneg
        }' "$INC")
    check "trace: the seven stages add up to ttr; ttr >= 0 and stages >= 0" "$res"

    # common random numbers: the same outages under every model
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             { print $c["model"] "," $c["rep"] "," $c["id"] "," $c["t_occur"] "," $c["category"] "," $c["severity"] "," $c["effort"] }' \
        "$INC" >"$T/crn.all"
    models=$(cut -d, -f1 "$T/crn.all" | sort -u)
    r=""
    nmod=$(printf '%s\n' "$models" | grep -c .)
    [ "$nmod" -eq 3 ] || r+="$nmod models in the trace, want 3; "
    first=""
    for m in $models; do
        awk -F, -v m="$m" '$1 == m' "$T/crn.all" | cut -d, -f2- | sort >"$T/crn.$m"
        n=$(wc -l <"$T/crn.$m")
        [ "$n" -eq 900 ] || r+="model $m has $n trace rows, want 3 x 300; "
        if [ -z "$first" ]; then
            first=$m
        elif ! cmp -s "$T/crn.$first" "$T/crn.$m"; then
            r+="outages of $m differ from those of $first; "
        fi
    done
    check "trace: every model sees the same (rep,id,t_occur,category,severity,effort)" "$r"
else
    nok "trace: the seven stages add up to ttr; ttr >= 0 and stages >= 0" "no incidents.csv from the determinism run"
    nok "trace: every model sees the same (rep,id,t_occur,category,severity,effort)" "no incidents.csv from the determinism run"
fi

# ------------------------------------------------- 4. outage round trip
ox outw outages "$SMALL" -n 300 -s 5 -o "$T/o.csv"
r=$(rc_is 0)
if [ -f "$T/o.csv" ]; then
    [ "$(head -1 "$T/o.csv" | tr -d '\r')" = "id,t_occur,category,severity,effort" ] ||
        r+="header is '$(head -1 "$T/o.csv")'; "
    n=$(($(wc -l <"$T/o.csv") - 1))
    [ "$n" -eq 300 ] || r+="$n outages, want 300; "
else
    r+="no o.csv written; "
fi
check "outages writes id,t_occur,category,severity,effort" "$r$(tmp_left)"

ox rtA run "$SMALL" -r 1 -n 300 -s 5 --trace -q -o "$T/A"
ra=$(rc_is 0)
ox rtB run "$SMALL" -r 1 -s 5 --outages "$T/o.csv" --trace -q -o "$T/B"
rb=$(rc_is 0)
r=""
[ -n "$ra" ] && r+="generated run: $ra$(head -c 200 "$T/rtA.err"); "
[ -n "$rb" ] && r+="replay run: $rb$(head -c 200 "$T/rtB.err"); "
[ -z "$r" ] && r="$(same "$T/A/incidents.csv" "$T/B/incidents.csv")$(same "$T/A/models.csv" "$T/B/models.csv")"
check "replaying the written outages equals the generated run" "$r"

# ------------------------------------------------- 5. resolved scenario
ox res1 run "$SMALL" -r 2 -n 200 -s 9 -q -o "$T/R1"
r=$(rc_is 0)
[ -f "$T/R1/scenario.ini" ] || r+="no scenario.ini in the output folder; "
check "run writes scenario.ini" "$r"
ox res2 run "$T/R1/scenario.ini" -r 2 -n 200 -s 9 -q -o "$T/R2"
r=$(rc_is 0)
[ -z "$r" ] && r="$(same "$T/R1/models.csv" "$T/R2/models.csv")"
check "running the written scenario.ini reproduces models.csv" "$r"
[ -z "$r" ] && r="$(same "$T/R1/scenario.ini" "$T/R2/scenario.ini")"
check "scenario.ini of that rerun is the same file" "$r"
ox check1 check "$SMALL"
r=$(rc_is 0)
[ -s "$T/check1.out" ] || r+="printed nothing; "
check "check small.ini exits 0 and prints the scenario" "$r$(has "$T/check1.out" "[model.co_managed]")$(has "$T/check1.out" "misroute_prob = 0.4")"
cp "$T/check1.out" "$T/resolved.ini"
ox check2 check "$T/resolved.ini"
r=$(rc_is 0)
[ -z "$r" ] && r="$(same "$T/check1.out" "$T/check2.out")"
check "check of the printed scenario prints it again (fixed point)" "$r"

# ------------------------------------------------------- 6. bad input
# mutate NAME 'whole line in small.ini' 'replacement': writes $T/NAME.ini,
# sets LINE to the line replaced
mutate() {
    LINE=$(grep -nxF -- "$2" "$SMALL" | head -1 | cut -d: -f1)
    awk -v n="${LINE:-0}" -v new="$3" 'NR == n { print new; next } { print }' "$SMALL" >"$T/$1.ini"
}
# insert NAME 'whole line in small.ini' 'new line': the new line goes after
insert() {
    LINE=$(grep -nxF -- "$2" "$SMALL" | head -1 | cut -d: -f1)
    awk -v n="${LINE:-0}" -v new="$3" '{ print } NR == n { print new }' "$SMALL" >"$T/$1.ini"
    [ -n "$LINE" ] && LINE=$((LINE + 1))
}
# bad NAME WHERE KEY ARGS...: `ownsim ARGS -o <new dir>` must exit 2, say
# WHERE ("file:LINE:" or "--set") and KEY on stderr, and leave nothing behind
bad() {
    local name=$1 where=$2 key=$3
    shift 3
    local out=$T/out-$name
    ox "$name" "$@" -o "$out"
    local r
    r=$(rc_is 2)$(has "$T/$name.err" "$where")$(has "$T/$name.err" "$key")
    [ -e "$out" ] && r+="output folder $(basename "$out") was created; "
    [ -n "$(find "$T" -name '*.tmp.*' -o -path "$out*" -name '*.csv' | head -1)" ] && r+="files left: $(find "$T" -name '*.tmp.*' -o -path "$out*" -name '*.csv' | head -1); "
    [ "$RC" -ne 2 ] && r+="stderr: $(head -c 160 "$T/$name.err" | tr '\n' ' '); "
    BADR=$r
}
RUN=(-r 1 -n 50 -q)
# line of an ini case: "<file>:<line>:", empty LINE means the fixture drifted
at() { [ -n "$LINE" ] && echo "$1.ini:$LINE:" || echo "fixture line not found in small.ini"; }

mutate bad_key 'misroute_prob = 0.4' 'misroute_prb = 0.4'
bad bad_key "$(at bad_key)" "misroute_prb" run "$T/bad_key.ini" "${RUN[@]}"
check "unknown key: exit 2, file:line and key, nothing written" "$BADR$(has "$T/bad_key.err" "did you mean")$(has "$T/bad_key.err" "misroute_prob")"

mutate bad_section '[category.apps]' '[categry.apps]'
bad bad_section "$(at bad_section)" "categry" run "$T/bad_section.ini" "${RUN[@]}"
check "unknown section: exit 2, file:line and section, nothing written" "$BADR"

mutate bad_number 'per_week = 40' 'per_week = 4o'
bad bad_number "$(at bad_number)" "per_week" run "$T/bad_number.ini" "${RUN[@]}"
check "malformed number: exit 2, file:line and key, nothing written" "$BADR"

mutate bad_prob 'misroute_prob = 0.4' 'misroute_prob = 1.5'
bad bad_prob "$(at bad_prob)" "misroute_prob" run "$T/bad_prob.ini" "${RUN[@]}"
check "probability 1.5: exit 2, file:line and key, nothing written" "$BADR"

mutate bad_staff 'staff = 3' 'staff = -1'
bad bad_staff "$(at bad_staff)" "party.msp.staff" run "$T/bad_staff.ini" "${RUN[@]}"
check "negative staff: exit 2, file:line and key, nothing written" "$BADR"

mutate bad_dist 'handoff_delay = lognormal(median=15, p90=60)' 'handoff_delay = lognormal(median=45, p90=20)'
bad bad_dist "$(at bad_dist)" "handoff_delay" run "$T/bad_dist.ini" "${RUN[@]}"
check "lognormal with p90 < median: exit 2, file:line and key, nothing written" "$BADR"

mutate bad_distname 'triage_delay = uniform(min=5, max=30)' 'triage_delay = unifrm(min=5, max=30)'
bad bad_distname "$(at bad_distname)" "triage_delay" run "$T/bad_distname.ini" "${RUN[@]}"
check "unknown distribution name: exit 2, file:line and key, nothing written" "$BADR$(has "$T/bad_distname.err" "unifrm")"

mutate bad_noowner 'owners = network:msp, apps:msp, security:msp' 'owners = network:msp, apps:msp'
bad bad_noowner "$(at bad_noowner)" "owners" run "$T/bad_noowner.ini" "${RUN[@]}"
check "category without owner: exit 2, file:line and key, nothing written" "$BADR$(has "$T/bad_noowner.err" "security")"

mutate bad_party 'owners = network:internal, apps:internal, security:internal' 'owners = network:internal, apps:internal, security:intrnal'
bad bad_party "$(at bad_party)" "owners" run "$T/bad_party.ini" "${RUN[@]}"
check "unknown party in owners: exit 2, file:line and key, nothing written" "$BADR$(has "$T/bad_party.err" "intrnal")"

insert bad_dupkey 'per_week = 40' 'per_week = 50'
bad bad_dupkey "$(at bad_dupkey)" "per_week" run "$T/bad_dupkey.ini" "${RUN[@]}"
check "duplicated key: exit 2, file:line and key, nothing written" "$BADR"

cp "$SMALL" "$T/bad_dupsec.ini"
printf '\n[category.apps]\nweight = 1\n' >>"$T/bad_dupsec.ini"
LINE=$(($(wc -l <"$SMALL") + 2))
bad bad_dupsec "$(at bad_dupsec)" "category.apps" run "$T/bad_dupsec.ini" "${RUN[@]}"
check "duplicated section: exit 2, file:line and section, nothing written" "$BADR"

mutate bad_close 'close = 17:00' 'close = 08:00'
bad bad_close "$(at bad_close)" "close" run "$T/bad_close.ini" "${RUN[@]}"
check "close <= open: exit 2, file:line and key, nothing written" "$BADR"

bad bad_setkey "--set" "misroute_prb" run "$SMALL" "${RUN[@]}" --set model.co_managed.misroute_prb=0.2
check "--set with an unknown key: exit 2, names --set and the key, nothing written" "$BADR"

bad bad_seteq "--set" "misroute_prob" run "$SMALL" "${RUN[@]}" --set model.co_managed.misroute_prob
check "--set without '=': exit 2, names --set, nothing written" "$BADR"

bad bad_missing "no_such_scenario.ini" "no_such_scenario.ini" run "$T/no_such_scenario.ini" "${RUN[@]}"
check "missing scenario file: exit 2, names the file, nothing written" "$BADR"

# outage CSVs (replayed with run --outages)
printf 'id,t_occur,category,effort\n0,10,network,30\n' >"$T/o_nocol.csv"
bad o_nocol "o_nocol.csv:1:" "severity" run "$SMALL" -r 1 -q --outages "$T/o_nocol.csv"
check "outage CSV without a column: exit 2, file:1 and column, nothing written" "$BADR"

printf 'id,t_occur,category,severity,effort\n0,10,network,P1,30\n1,20,apps,P2,3x0\n2,30,apps,P3,40\n' >"$T/o_num.csv"
bad o_num "o_num.csv:3:" "effort" run "$SMALL" -r 1 -q --outages "$T/o_num.csv"
check "outage CSV with a bad number: exit 2, file:line and column, nothing written" "$BADR$(has "$T/o_num.err" "3x0")"

printf 'id,t_occur,category,severity,effort\n0,10,network,P1,30\n1,50,apps,P2,30\n2,40,apps,P3,40\n3,60,apps,P3,40\n' >"$T/o_order.csv"
bad o_order "o_order.csv:4:" "t_occur" run "$SMALL" -r 1 -q --outages "$T/o_order.csv"
check "outage CSV with times out of order: exit 2, file:line and column, nothing written" "$BADR"

printf 'id,t_occur,category,severity,effort\n0,10,network,P1,30\n1,20,storage,P2,30\n' >"$T/o_cat.csv"
bad o_cat "o_cat.csv:3:" "storage" run "$SMALL" -r 1 -q --outages "$T/o_cat.csv"
check "outage CSV with an unknown category: exit 2, file:line and category, nothing written" "$BADR$(has "$T/o_cat.err" "category")"

# ------------------------------------------------- 7. environment errors
if [ -w /dev/full ] || [ -e /dev/full ]; then
    "${TIMEOUT[@]}" "$OWNSIM" check "$SMALL" >/dev/full 2>"$T/full.err"
    RC=$?
    r=$(rc_is 1)
    [ -s "$T/full.err" ] || r+="no message on stderr; "
    check "check > /dev/full exits 1 with a message" "$r"
else
    ok "check > /dev/full exits 1 with a message # SKIP no /dev/full"
fi
ox unwritable run "$SMALL" -r 1 -n 50 -q -o /proc/ownsim-nope
r=""
[ "$RC" -eq 1 ] || [ "$RC" -eq 2 ] || r+="exit $RC, want 1 or 2; "
[ -s "$T/unwritable.err" ] || r+="no message on stderr; "
check "run -o /proc/ownsim-nope fails cleanly (exit 1 or 2, message)" "$r$(has "$T/unwritable.err" "/proc/ownsim-nope")"

# ------------------------------------------------------------ 8. golden
ox gold run "$SMALL" -r 3 -n 500 -s 42 -q -o "$T/gold"
gold_rc=$RC
if [ "$REGEN" = 1 ]; then
    if [ "$gold_rc" -eq 0 ]; then
        mkdir -p "$GOLD"
        cp "$T/gold/models.csv" "$GOLD/small_models.csv"
        cp "$T/gold/paired.csv" "$GOLD/small_paired.csv"
        ok "golden files rewritten (REGEN=1): review git diff tests/golden/"
    else
        nok "golden files rewritten (REGEN=1)" "run failed with exit $gold_rc"
    fi
else
    for f in models paired; do
        if [ "$gold_rc" -ne 0 ]; then
            nok "golden $f.csv" "run exit $gold_rc: $(head -c 200 "$T/gold.err")"
        elif [ ! -f "$GOLD/small_$f.csv" ]; then
            nok "golden $f.csv" "tests/golden/small_$f.csv missing (create it with REGEN=1)"
        else
            check "golden $f.csv (byte for byte; REGEN=1 rewrites)" "$(same "$GOLD/small_$f.csv" "$T/gold/$f.csv")"
        fi
    done
fi

# an old stream version reproduces the results made with it
ox gold1 run "$SMALL" -r 3 -n 500 -s 42 -q --set simulation.streams=1 -o "$T/gold1"
for f in models paired; do
    if [ "$RC" -ne 0 ]; then
        nok "stream version 1 golden $f.csv" "run exit $RC: $(head -c 200 "$T/gold1.err")"
    else
        check "stream version 1 reproduces the results made before versions existed ($f.csv)" \
              "$(same "$GOLD/streams1_$f.csv" "$T/gold1/$f.csv")"
    fi
done
r=""
grep -qx 'streams = 1' "$T/gold1/scenario.ini" || r+="scenario.ini lacks streams = 1; "
grep -qx 'streams = 2' "$T/gold/scenario.ini" || r+="the default run's scenario.ini lacks streams = 2; "
grep -qx 'streams = 1' "$T/gold1/provenance.ini" || r+="provenance.ini lacks streams = 1; "
grep -qx 'streams = 2' "$T/gold/provenance.ini" || r+="the default run's provenance.ini lacks streams = 2; "
cmp -s "$T/gold/models.csv" "$T/gold1/models.csv" && r+="versions 1 and 2 gave the same numbers; "
check "the stream version is recorded (scenario.ini, provenance.ini) and changes the numbers" "$r"

# ---------------------------------------------- 9. models.csv sanity
M=$T/gold/models.csv
if [ -f "$M" ]; then
    want="model,reps,incidents,ttr_mean,ttr_mean_lo,ttr_mean_hi,ttr_p50,ttr_p90,ttr_p99"
    r=""
    head -1 "$M" | tr -d '\r' | grep -q "^$want," || r+="header does not start with $want; "
    for st in $STAGES; do
        head -1 "$M" | tr -d '\r' | tr ',' '\n' | grep -qx "${st}_mean" || r+="no ${st}_mean column; "
    done
    check "models.csv has the TTR and the seven stage columns" "$r"
    res=$(awk -F, -v stages="$STAGES" '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; ns = split(stages, st, " "); next }
        {
            rows++
            m = $c["ttr_mean"]; lo = $c["ttr_mean_lo"]; hi = $c["ttr_mean_hi"]
            if (m !~ /^[0-9.eE+-]+$/ || lo !~ /^[0-9.eE+-]+$/ || hi !~ /^[0-9.eE+-]+$/)
                print $1 ": ttr_mean/lo/hi not numbers (" m ", " lo ", " hi ")"
            else if (!(lo + 0 <= m + 0 && m + 0 <= hi + 0))
                print $1 ": not lo <= mean <= hi (" lo ", " m ", " hi ")"
            if ($c["reps"] != 3 || $c["incidents"] != 1500)
                print $1 ": reps " $c["reps"] ", incidents " $c["incidents"] ", want 3 and 1500"
            s = 0
            for (j = 1; j <= ns; j++) s += $c[st[j] "_mean"]
            d = s - m; if (d < 0) d = -d
            if (d > 1e-4 * (m < 0 ? -m : m) + 1e-9)
                print $1 ": stage means add up to " s ", ttr_mean is " m
            if (!($c["ttr_p50"] + 0 <= $c["ttr_p90"] + 0 && $c["ttr_p90"] + 0 <= $c["ttr_p99"] + 0))
                print $1 ": percentiles not ordered"
        }
        END { if (rows != 3) print rows + 0 " model rows, want 3" }' "$M" | tr '\n' ';')
    check "models.csv: lo <= mean <= hi, stage means add up, p50 <= p90 <= p99" "$res"
else
    nok "models.csv has the TTR and the seven stage columns" "no models.csv from the golden run"
    nok "models.csv: lo <= mean <= hi, stage means add up, p50 <= p90 <= p99" "no models.csv from the golden run"
fi

check "no temporary *.tmp.* file left anywhere" "$(tmp_left)"

echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
