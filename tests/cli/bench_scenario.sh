#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/bench_scenario.sh — the frozen benchmark scenario
# tests/bench/default-v1.ini (issue 26), on which docs/performance.md states
# its targets.
#
#   OWNSIM=build/ownsim tests/cli/bench_scenario.sh     (what `make test` runs)
#
# Checks: the file is byte for byte the one frozen on 2026-12-07 (its
# SHA-256 below: it must never change; a new benchmark is a new file,
# default-v2.ini); it loads and runs from the repository root, as `make
# bench` runs it; while scenarios/default.ini still has the same settings
# (comments and simulation.name aside) the two give the same numbers in
# every CSV, so that v1 is really a copy of the default (once the default
# moves on, that check says so and compares nothing: v1 stays); an installed
# ownsim (make install into a staging tree) runs it from elsewhere with the
# installed holiday list and the same numbers.  A few seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V1=$ROOT/tests/bench/default-v1.ini
FROZEN_SHA256=349c1df07a75323fab142384d38b52d7436b16757f8a60f99103a50f7055d435
T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-benchscn.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"
unset OWNSIM_HOLIDAYS
SMALL=(-r 2 -n 400 -q)

# same_csvs A B: a reason for each CSV of folder A that differs in folder B
# (provenance.ini names the command and the input files, so it is left out)
same_csvs() {
    local f n=0
    for f in "$1"/*.csv; do
        n=$((n + 1))
        cmp -s "$f" "$2/$(basename "$f")" ||
            printf '%s differs (%s); ' "$(basename "$f")" \
                "$(diff "$f" "$2/$(basename "$f")" 2>&1 | sed -n 2p | cut -c1-80)"
    done
    [ "$n" -ge 5 ] || printf 'only %s CSV files in %s; ' "$n" "$1"
}
# settings FILE: the key = value lines, comments and simulation.name left out
settings() { grep -v -E '^[[:space:]]*(;|#|$)|^name[[:space:]]*=' "$1"; }

r=$(sha256sum "$V1" | cut -d' ' -f1)
check "tests/bench/default-v1.ini is the frozen file (never change it; add default-v2.ini)" \
    "$([ "$r" = "$FROZEN_SHA256" ] || echo "SHA-256 $r, frozen $FROZEN_SHA256")"

r=
(cd "$ROOT" && "${TIMEOUT[@]}" "$OWNSIM" run tests/bench/default-v1.ini "${SMALL[@]}" -o "$T/v1") \
    >"$T/v1.out" 2>"$T/v1.err" || r+="exit $?: $(head -c 200 "$T/v1.err"); "
[ -s "$T/v1/models.csv" ] || r+="no models.csv; "
grep -q "holidays_file = $ROOT/scenarios/holidays/US.ics" "$T/v1/scenario.ini" 2>/dev/null ||
    r+="holidays not from $ROOT/scenarios/holidays; "
[ "$(grep -c '^in_house,\|^co_managed,\|^co_managed_mature,\|^fully_managed,' "$T/v1/models.csv")" = 4 ] ||
    r+="not the four models of the default; "
check "default-v1.ini runs from the repository root, as make bench runs it" "$r"

if settings "$ROOT/scenarios/default.ini" | cmp -s - <(settings "$V1"); then
    r=
    (cd "$ROOT" && "${TIMEOUT[@]}" "$OWNSIM" run scenarios/default.ini "${SMALL[@]}" \
        --set simulation.name=default-v1 -o "$T/def") >"$T/def.out" 2>"$T/def.err" ||
        r+="default: exit $?: $(head -c 200 "$T/def.err"); "
    check "default-v1.ini gives the numbers of scenarios/default.ini (same settings)" \
        "$r$(same_csvs "$T/def" "$T/v1")"
else
    ok "scenarios/default.ini has moved on since v1 (its settings differ): not compared, v1 stays"
fi

# an installed ownsim, run from another folder: holidays from its share/ownsim
r=
make -s --no-print-directory -C "$ROOT" install OWNSIM_BIN="$OWNSIM" PREFIX=/usr \
    DESTDIR="$T/stage" >"$T/install.out" 2>&1 || r+="make install: $(head -c 200 "$T/install.out"); "
mkdir -p "$T/elsewhere"
(cd "$T/elsewhere" && "${TIMEOUT[@]}" "$T/stage/usr/bin/ownsim" run "$V1" "${SMALL[@]}" -o "$T/inst") \
    >"$T/inst.out" 2>"$T/inst.err" || r+="exit $?: $(head -c 200 "$T/inst.err"); "
grep -q "holidays_file = $(cd "$T/stage/usr/share/ownsim/scenarios/holidays" 2>/dev/null && pwd -P)/US.ics" \
    "$T/inst/scenario.ini" 2>/dev/null || r+="holidays not from the installed share/ownsim; "
check "an installed ownsim runs default-v1.ini from elsewhere, same numbers" "$r$(same_csvs "$T/v1" "$T/inst")"

finish
