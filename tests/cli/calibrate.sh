#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/calibrate.sh — `ownsim calibrate` known answers and bad input.
#
# Data with a known truth: `ownsim outages` writes 600 outages of the default
# scenario, `run --trace` replays them through co_managed (replication 0, the
# scenario's seed, no warm-up) and each row's traced ttr becomes its
# observed_ttr.  Then:
#   - compare on the very same model: means equal (the trace rounds to 1e-6
#     minutes) and every KS statistic at most one step 1/n (the rounding may
#     put one observed value just below its simulated twin);
#   - compare on a copy with triage_delay tripled: the means differ;
#   - fit triage_delay on that copy (factor 0.1:10): the factor found is 1/3
#     (the true scale) within 2 %, and calibrated.ini holds median ~20;
#   - a bootstrap (4 resamples) gives a profile interval around it (600
#     tickets pin triage loosely: the verdict follows the width);
#   - fee_per_year, which moves no TTR, is "not identified by this data" and
#     keeps its value in calibrated.ini;
#   - --from-opened takes the detect stage off the simulated TTRs (so the
#     same data now differ) and leaves detect_delay out of the default set;
#   - bad input (no observed_ttr column, a bad value, unknown model, bad --fit
#     key or range) exits 2 naming the file/line or key, and writes nothing.
#
#   OWNSIM=build/ownsim tests/cli/calibrate.sh
set -u
OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-calibrate.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"
S=$ROOT/scenarios/default.ini
TRIPLE='model.co_managed.triage_delay=lognormal(median=60, p90=180)'

ox gen outages "$S" -n 600 -o "$T/list.csv"
ox trace run "$S" --outages "$T/list.csv" --trace -r 1 --warmup 0 --models co_managed \
    --set simulation.baseline=co_managed -q -o "$T/run"
R=$(rc_is 0 trace)
# observed_ttr = the traced ttr of the same id (columns found by name)
tr -d '\r' < "$T/run/incidents.csv" > "$T/inc.csv"
tr -d '\r' < "$T/list.csv" | awk -F, 'NR == FNR { if (FNR == 1) { for (i = 1; i <= NF; i++) { if ($i == "id") a = i; if ($i == "ttr") b = i } }
        else ttr[$a] = $b; next }
    FNR == 1 { print $0 ",observed_ttr"; next } { print $0 "," ttr[$1] }' "$T/inc.csv" - > "$T/obs.csv"
[ "$(grep -c ',$' "$T/obs.csv")" = 0 ] || R+="rows without a traced ttr; "
check "known-answer data: 600 outages and their traced TTRs" "$R"

# stat FILE MODEL SCOPE GROUP STATISTIC COLUMN(observed|simulated|difference)
stat() {
    awk -F, -v m="$2" -v s="$3" -v g="$4" -v st="$5" -v c="$6" '
        { sub(/\r$/, "") }
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 == m && $2 == s && $3 == g && $4 == st { print $(col[c]) }' "$1"
}

ox same calibrate "$S" --outages "$T/obs.csv" --model co_managed --fit none -o "$T/same"
R=$(rc_is 0 same)
[ -f "$T/same/calibrate.csv" ] && [ -f "$T/same/provenance.ini" ] || R+="calibrate.csv or provenance.ini missing; "
[ ! -e "$T/same/calibrated.ini" ] || R+="calibrated.ini written with --fit none; "
R+=$(awk -F, 'NR > 1 && $1 == "current" { g = $2 "/" $3; if ($4 == "n") n[g] = $5;
        v = $7 + 0; if ($4 == "mean" && (v > 1e-4 || v < -1e-4)) printf "mean of %s differs by %s; ", g, v;
        if ($4 == "ks" && $7 * n[g] > 1.0001) printf "KS of %s is %s (n %s); ", g, $7, n[g] }' \
    "$T/same/calibrate.csv")
grep -q "sha256" "$T/same/provenance.ini" && grep -q "obs.csv" "$T/same/provenance.ini" ||
    R+="provenance without the outage list's hash; "
awk 'length > 100 { exit 1 }' "$T/same.out" || R+="a line of the table is wider than 100; "
grep -q '^  P1 ' "$T/same.out" && grep -q '^  network ' "$T/same.out" || R+="table without groups; "
check "compare on the same model and seed: equal means, KS at most 1/n" "$R"

ox off calibrate "$S" --outages "$T/obs.csv" --model co_managed --fit none --set "$TRIPLE" -o "$T/off"
R=$(rc_is 0 off)
d=$(stat "$T/off/calibrate.csv" current all all mean difference)
awk -v d="$d" 'BEGIN { exit !(d > 1) }' || R+="mean difference $d, want > 1 minute; "
check "compare with triage tripled: the simulated mean is higher" "$R"

ox fit calibrate "$S" --outages "$T/obs.csv" --model co_managed --set "$TRIPLE" \
    --fit model.co_managed.triage_delay=0.1:10 --bootstrap 0 -o "$T/fit"
R=$(rc_is 0 fit)
f=$(awk -F, '$1 == "model.co_managed.triage_delay" { print $6 }' "$T/fit/fitted.csv")
awk -v f="$f" 'BEGIN { exit !(f > 0.3333 * 0.98 && f < 0.3333 * 1.02) }' || R+="factor $f, want 1/3 within 2%; "
med=$(awk '/^\[model\.co_managed\]/ { m = 1; next } /^\[/ { m = 0 }
        m && /^triage_delay = / { sub(/.*median=/, ""); sub(/,.*/, ""); print }' "$T/fit/calibrated.ini")
awk -v x="$med" 'BEGIN { exit !(x > 19.6 && x < 20.4) }' || R+="calibrated median $med, want 20; "
"$OWNSIM" check "$T/fit/calibrated.ini" >/dev/null 2>&1 || R+="calibrated.ini does not load; "
grep -q "not assessed" "$T/fit/fitted.csv" || R+="--bootstrap 0 is not 'not assessed'; "
check "fit recovers the true triage scale (1/3 of the perturbed one)" "$R"

ox boot calibrate "$S" --outages "$T/obs.csv" --model co_managed --set "$TRIPLE" \
    --fit model.co_managed.triage_delay=0.1:10 --bootstrap 4 -o "$T/boot"
R=$(rc_is 0 boot)
R+=$(awk -F, '$1 == "model.co_managed.triage_delay" {
        if ($7 == "" || $8 == "") printf "no interval; ";
        else if (!($7 <= 0.3367 && $8 >= 0.33)) printf "interval %s..%s misses 1/3 (within 1%%); ", $7, $8;
        if ($7 > 0.1 && $8 < 10 && $9 != "identified") printf "%s..%s is not wide but %s; ", $7, $8, $9 }' \
    "$T/boot/fitted.csv")
check "bootstrap: triage's interval around 1/3 ($(awk -F, '$1 ~ /triage/ { print $7 ".." $8 ", " $9 }' "$T/boot/fitted.csv"))" "$R"

# the chance range of the fitted D is written beside it (calibrate.csv),
# lo <= hi, and the same-model fit (D = 0 at the truth) lies below it: no
# misfit, so the verdict above is the interval's
R=$(awk -F, '$4 == "distance_chance_lo" { lo = $7 } $4 == "distance_chance_hi" { hi = $7 }
             $1 == "calibrated" && $4 == "distance" { d = $7 }
             END { if (lo == "" || hi == "") print "no distance_chance rows; ";
                   else if (!(lo + 0 <= hi + 0)) print "chance range " lo ".." hi " reversed; ";
                   else if (!(d + 0 <= hi + 0)) print "fitted D " d " above " hi "; " }' \
    "$T/boot/calibrate.csv")
grep -q "histories made by the model at the fit" "$T/boot.out" ||
    R+="stdout does not give the chance range; "
check "calibrate.csv holds the chance range of D after a fit (distance_chance_lo, _hi)" "$R"

ox flat calibrate "$S" --outages "$T/obs.csv" --model co_managed --set "$TRIPLE" \
    --fit model.co_managed.triage_delay=0.1:10 --fit model.co_managed.fee_per_year=0:200000 \
    --bootstrap 0 -o "$T/flat"
R=$(rc_is 0 flat)
R+=$(awk -F, '$1 == "model.co_managed.fee_per_year" && $9 != "not identified by this data" {
        printf "fee_per_year: %s; ", $9 }' "$T/flat/fitted.csv")
grep -q "fee_per_year = 90000" "$T/flat/calibrated.ini" || R+="fee_per_year not kept at its value; "
check "a key that moves no TTR (fee_per_year) is not identified, and kept" "$R"

# the chart: `ownsim plot` on a calibrate folder draws calibrate.png
if command -v gnuplot >/dev/null 2>&1; then
    ox plot plot "$T/fit"
    R=$(rc_is 0 plot)
    [ -s "$T/fit/charts/calibrate.png" ] || R+="no charts/calibrate.png; "
    [ "$(grep -c '^observed,' "$T/fit/calibrate_cdf.csv")" = 600 ] || R+="calibrate_cdf.csv lacks observed rows; "
    check "plot draws the calibrate chart (observed, current, calibrated CDFs)" "$R"
fi

# --from-opened: the simulated TTR loses its detect stage (the default
# scenario's detection takes minutes), and detect_delay leaves the default set
ox opened calibrate "$S" --outages "$T/obs.csv" --model co_managed --from-opened --bootstrap 0 \
    -o "$T/opened"
R=$(rc_is 0 opened)
d=$(stat "$T/opened/calibrate.csv" current all all mean difference)
awk -v d="$d" 'BEGIN { exit !(d < -1) }' || R+="mean difference $d, want < -1 minute; "
grep -q "detect_delay" "$T/opened/fitted.csv" && R+="detect_delay fitted with --from-opened; "
grep -q "^model.co_managed.triage_delay," "$T/opened/fitted.csv" || R+="triage_delay not fitted; "
check "--from-opened compares without detection and fits no detect_delay" "$R"

# bad input: exit 2, the file/line or key named, no folder
bad() { # NAME WANT-IN-STDERR ARGS...
    local name=$1 want=$2 tag=b$((npass + nfail))
    shift 2
    ox "$tag" calibrate "$S" --model co_managed -o "$T/$tag" "$@"
    R=$(rc_is 2 "$tag")
    grep -qF -- "$want" "$T/$tag.err" || R+="stderr lacks '$want': $(head -c 200 "$T/$tag.err"); "
    [ ! -e "$T/$tag" ] || R+="output folder written; "
    check "$name" "$R"
}
bad "no observed_ttr column" "list.csv:1: observed_ttr: no observed_ttr column" --outages "$T/list.csv"
sed '5s/,[^,]*$/,soon/' "$T/obs.csv" > "$T/badval.csv"
bad "an observed_ttr that is no number" "badval.csv:5: observed_ttr:" --outages "$T/badval.csv"
bad "unknown model" "--model: nope" --outages "$T/obs.csv" --model nope
bad "unknown --fit key" "--fit: model.co_managed.nokey: no such key" --outages "$T/obs.csv" \
    --fit model.co_managed.nokey=0:1
bad "--fit range outside the key's domain" "--fit: model.co_managed.orphan_prob: LO:HI" \
    --outages "$T/obs.csv" --fit model.co_managed.orphan_prob=0:2
bad "--fit key the model does not read" "model co_managed does not read it" \
    --outages "$T/obs.csv" --fit model.in_house.orphan_prob=0:0.5
finish
