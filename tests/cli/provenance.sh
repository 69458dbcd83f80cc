#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/provenance.sh — every command that writes a result records what
# made it (issue 25, item 7; docs/output.md, "provenance.ini").
#
#   OWNSIM=build/ownsim GEN=build/gen-tickets tests/cli/provenance.sh
#
# A folder (breakeven, calibrate) holds provenance.ini; a single file (fit
# -o, import -o, report) has FILE.provenance.ini beside it: the build, the
# command as typed, the seed, and the SHA-256 of every input read (checked
# against sha256sum), import's with the scenario as resolved in comments.
# The file itself is unchanged by it; standard output (-o -) has none; a
# failed command leaves none.  The binary before issue 25 fails the fit,
# import and report checks (no FILE.provenance.ini); breakeven and
# calibrate recorded theirs already, and are checked here so that it stays.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
GEN=${GEN:-build/gen-tickets}
case $GEN in /*) ;; *) GEN=$PWD/$GEN ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
S=$ROOT/scenarios/default.ini
FIX=$ROOT/tests/import

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-prov.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

sha() { sha256sum < "$1" | cut -d' ' -f1; }
# hashed PROV FILE: a reason unless PROV records FILE's SHA-256 as an input
hashed() {
    local want n
    want=$(sha "$2")
    n=$(grep -E '^path[0-9]+ = ' "$1" | grep -F " = $2" | head -1 | sed 's/^path\([0-9]*\) = .*/\1/')
    [ -n "$n" ] || { printf 'no input %s in %s; ' "$(basename "$2")" "$(basename "$1")"; return; }
    grep -qx "sha256_$n = $want" "$1" || printf 'wrong hash of %s; ' "$(basename "$2")"
}
# common PROV WORD: the parts every provenance has
common() {
    head -1 "$1" | grep -q '^; ownsim provenance' || printf 'no magic line; '
    grep -qE '^version = [0-9]' "$1" || printf 'no version; '
    grep -q '^git = ' "$1" || printf 'no git; '
    grep -qE "^command = [^ ]+ $2 " "$1" || printf 'no command %s; ' "$2"
}

ox gen outages "$S" -n 400 -o "$T/list.csv"

# ------------------------------------------------------------------- fit
ox fit fit "$T/list.csv" --bootstrap 3 -s 7 --into "$S" -o "$T/fitted.ini"
P=$T/fitted.ini.provenance.ini
R=$(rc_is 0 fit)
if [ -f "$P" ]; then
    R+=$(common "$P" fit)$(hashed "$P" "$T/list.csv")$(hashed "$P" "$S")
    grep -qx 'seed = 7' "$P" || R+="seed is not the bootstrap's 7; "
else
    R+="no fitted.ini.provenance.ini; "
fi
ox fit_std fit "$T/list.csv" --bootstrap 3 -s 7 --into "$S"
R+=$(cmp -s "$T/fitted.ini" "$T/fit_std.out" || echo "fitted.ini differs from the standard output; ")
check "fit -o FILE: FILE.provenance.ini with the command, seed and hashes; FILE unchanged" "$R"

printf 'id,t_occur,category,severity,effort\n0,1,network,P1,5\n1,zz,network,P1,5\n' > "$T/bad.csv"
ox fit_bad fit "$T/bad.csv" --bootstrap 0 -o "$T/bad.ini"
R=$(rc_is 2 fit_bad)
[ -e "$T/bad.ini" ] || [ -e "$T/bad.ini.provenance.ini" ] && R+="a file was left; "
check "a failed fit leaves no file and no provenance" "$R"

# the provenance cannot be written (a folder where it goes): exit 1, and no
# file is left without it (a new file is removed again)
mkdir -p "$T/nf.ini.provenance.ini"
ox fit_np fit "$T/list.csv" --bootstrap 0 -o "$T/nf.ini"
R=$(rc_is 1 fit_np)$(has "$T/fit_np.err" "nf.ini.provenance.ini")
[ -e "$T/nf.ini" ] && R+="nf.ini was left without its provenance; "
check "fit -o FILE whose provenance cannot be written: exit 1, FILE removed" "$R"

# ---------------------------------------------------------------- import
if [ -x "$GEN" ]; then
    "$GEN" 101 800 "$T/sn.csv" servicenow > /dev/null 2>&1
    MAP="opened=opened_at,priority=priority,category=category,resolved=resolved_at,effort=effort"
    ox imp import "$T/sn.csv" --scenario "$FIX/scenario.ini" --map "$MAP" \
        --category-map "$FIX/servicenow_categories.csv" --set simulation.seed=99 -o "$T/imp.csv"
    P=$T/imp.csv.provenance.ini
    R=$(rc_is 0 imp)
    if [ -f "$P" ]; then
        R+=$(common "$P" import)$(hashed "$P" "$T/sn.csv")$(hashed "$P" "$FIX/scenario.ini")
        R+=$(hashed "$P" "$FIX/servicenow_categories.csv")
        grep -qx 'seed = 99' "$P" || R+="seed is not the scenario's 99; "
        R+=$(has "$P" "; The scenario as resolved")$(has "$P" "; seed = 99")
        R+=$(has "$P" "--set simulation.seed=99")
    else
        R+="no imp.csv.provenance.ini; "
    fi
    check "import -o FILE: the export, maps and scenario hashed, the scenario as resolved" "$R"
else
    nok "import provenance" "no $GEN (make build/gen-tickets)"
fi

# ------------------------------------------------- breakeven and calibrate
ox be breakeven "$S" --vary 'model.co_managed.handoff_delay.median=1:60' --model co_managed \
    -r 2 -n 300 -s 5 -q -o "$T/be"
P=$T/be/provenance.ini
R=$(rc_is 0 be)$(common "$P" breakeven)$(hashed "$P" "$S")
grep -qx 'seed = 5' "$P" || R+="no seed 5; "
check "breakeven: provenance.ini with the command, seed and the scenario's hash" "$R"

awk -F, '{ sub(/\r$/, "") } NR == 1 { print $0 ",observed_ttr"; next } { print $0 "," 100 + NR }' \
    "$T/list.csv" > "$T/obs.csv"
ox cal calibrate "$S" --outages "$T/obs.csv" --model co_managed --fit none -q -o "$T/cal"
P=$T/cal/provenance.ini
R=$(rc_is 0 cal)$(common "$P" calibrate)$(hashed "$P" "$S")$(hashed "$P" "$T/obs.csv")
check "calibrate: provenance.ini with the scenario's and the outage list's hashes" "$R"

# ---------------------------------------------------------------- report
if command -v gnuplot >/dev/null 2>&1; then
    ox run run "$S" --outages "$T/list.csv" -r 2 -s 11 -q -o "$T/run"
    ox rep report "$T/run"
    P=$T/run.html.provenance.ini
    R=$(rc_is 0 rep)
    if [ -f "$P" ]; then
        R+=$(common "$P" report)$(hashed "$P" "$T/run/models.csv")
        R+=$(hashed "$P" "$T/run/provenance.ini")
        grep -qx 'seed = 11' "$P" || R+="seed is not the run's 11; "
    else
        R+="no run.html.provenance.ini; "
    fi
    check "report: DIR.html.provenance.ini with the folder's files hashed and its seed" "$R"
else
    nok "report provenance" "gnuplot is not installed (make deps)"
fi

finish
