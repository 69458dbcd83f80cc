#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# instructions.sh [BENCH] [SCENARIO] [N]: instructions per incident under
# callgrind, with loading and setup removed (a 1,000-incident run is
# subtracted).  Repeatable to a few instructions, unlike wall time on a
# shared machine.
set -eu
# the holiday list from this tree even for a binary copied elsewhere
# (it is found from the binary's place otherwise; same_output.sh)
export OWNSIM_HOLIDAYS=${OWNSIM_HOLIDAYS:-$PWD/scenarios/holidays}
bench=${1:-build/bench}
scn=${2:-scenarios/mmc.ini}
n=${3:-200000}
refs() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bench" "$scn" "$1" 2>&1 |
        sed -n 's/.*refs: *//p' | tr -d ','
}
a=$(refs "$n")
z=$(refs 1000)
echo "$scn: $(( (a - z) / (n - 1000) )) instructions per incident"
