#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/ini_readers.sh — every INI file ownsim reads goes through one
# reader (src/util/inifile.c): a shard's sweep.ini and scenario.ini given to
# merge, and a result's scenario.ini read by plot, refuse NUL bytes and
# CR-only line endings like a scenario does (issue 11, item 6).
#
#   OWNSIM=build/ownsim tests/cli/ini_readers.sh     (what `make test` runs)
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SMALL=$ROOT/tests/data/small.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-ini.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

for i in 1 2; do
    ox shard$i sweep "$SMALL" --vary arrivals.per_week=20,30 -r 2 -n 300 --shard $i/2 -q -o "$T/s$i"
done
R=$(rc_is 0 shard1)$(rc_is 0 shard2)
check "two shards of a sweep" "$R"

# a NUL byte hidden in a shard's manifest: refused with its line
cp -r "$T/s1" "$T/n1"
printf 'seed = 1\0 ; hidden\n' >> "$T/n1/sweep.ini"
line=$(wc -l < "$T/n1/sweep.ini")
ox nul merge "$T/n1" "$T/s2" -o "$T/m-nul"
R=$(rc_is 2 nul)$(has "$T/nul.err" "sweep.ini:$line: sweep.seed: NUL byte")
[ -e "$T/m-nul" ] && R+="merge output created; "
check "merge: a NUL byte in a shard's sweep.ini is refused with file:line and key" "$R"

# CR-only line endings in the shards' resolved scenario.ini (both alike, so
# that the check that shards share one scenario passes)
cp -r "$T/s1" "$T/c1"
cp -r "$T/s2" "$T/c2"
tr '\n' '\r' < "$T/s1/scenario.ini" > "$T/c1/scenario.ini"
cp "$T/c1/scenario.ini" "$T/c2/scenario.ini"
ox cr merge "$T/c1" "$T/c2" -o "$T/m-cr"
R=$(rc_is 2 cr)$(has "$T/cr.err" "scenario.ini:1:")$(has "$T/cr.err" "CR-only")
check "merge: CR-only line endings in scenario.ini are refused with file:line" "$R"

# the untouched shards still merge
ox good merge "$T/s1" "$T/s2" -o "$T/m-good"
R=$(rc_is 0 good)
[ -f "$T/m-good/sweep.csv" ] || R+="no sweep.csv; "
check "merge: untouched shards still merge" "$R"

finish
