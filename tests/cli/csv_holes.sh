#!/usr/bin/env bash
# tests/cli/csv_holes.sh — the reproducers of issue 11 for CSV input,
# distributions, import and the outage stream, end to end:
#   - a NUL byte in an outage, empirical or ticket CSV field (it used to cut
#     the field: "5\0" "0" was read as 5);
#   - a column named twice (the outage reader took the last, the empirical
#     reader the first), ragged empirical rows, hexadecimal, inf and
#     overflowing numbers, a quoted number in a distribution;
#   - a ticket dated 9999-12-31 (fit then wrote per_week = 4.8e-6);
#   - the smallest arrival rate with -n 2000 (generation never finished);
#   - --outages from an endless pipe with -n (it read until memory ran out).
# Refusals must exit 2 with one line naming file, line and column, and leave
# no output behind.  Hangs are guarded by `timeout`, never by timing.
#
#   OWNSIM=build/ownsim tests/cli/csv_holes.sh     (what `make test` runs)
#
# Prints one line per check, "ok - NAME" or "not ok - NAME: reason", then
# "N passed, M failed"; exits 1 when anything failed.  Takes a few seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SMALL=$ROOT/tests/data/small.ini
DEFAULT=$ROOT/scenarios/default.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-csvholes.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"

# has FILE TEXT: a reason when FILE does not contain TEXT (fixed string)
has() { grep -qF -- "$2" "$1" || printf "no '%s' in %s; " "$2" "$(basename "$1")"; }
# one_msg TAG: a reason unless TAG's stderr is exactly one line
one_msg() {
    local n
    n=$(wc -l <"$T/$1.err")
    [ "$n" -eq 1 ] || printf '%s lines on stderr, want one (%s); ' "$n" "$(head -c 160 "$T/$1.err" | tr '\n' ' ')"
}
# texts TAG 'A|B|...': a reason for each text missing from TAG's stderr
texts() {
    local t list
    IFS='|' read -r -a list <<<"$2"
    for t in "${list[@]}"; do
        [ -n "$t" ] && has "$T/$1.err" "$t"
    done
}
# refused NAME 'TEXT|...' ARGS...: `ownsim ARGS -o $T/out-NAME` exits 2 with
# one line holding every TEXT and writes nothing
refused() {
    local name=$1 tx=$2
    shift 2
    ox "$name" "$@" -o "$T/out-$name"
    R=$(rc_is 2 "$name")$(texts "$name" "$tx")$(one_msg "$name")
    [ -e "$T/out-$name" ] && R+="output $(basename "$T/out-$name") was written; "
    find "$T" -name '*.tmp.*' | grep -q . && R+="temporary file left; "
}
REPLAY=(-r 1 -q --warmup 0)
HEAD='id,t_occur,category,severity,effort'

# ========================================================= the outage stream
# the documented minimum rate: the generator stepped week by week, a billion
# weeks per candidate, whenever the weekly profile is not flat (default.ini
# has business-hours weights); now it must end (timeout only stops a hang)
timeout 60 "$OWNSIM" outages "$DEFAULT" -n 2000 --set arrivals.per_week=1e-9 -o "$T/tiny.csv" \
    >"$T/tiny.out" 2>"$T/tiny.err" </dev/null
RC=$?
r=$(rc_is 0 tiny)
[ "$(wc -l <"$T/tiny.csv" 2>/dev/null)" = 2001 ] || r+="not 2000 outages written; "
check "outages with per_week = 1e-9 and -n 2000 ends" "$r"
timeout 60 "$OWNSIM" run "$DEFAULT" -n 2000 -r 2 -q --set arrivals.per_week=1e-9 -o "$T/tinyrun" \
    >"$T/tinyrun.out" 2>"$T/tinyrun.err" </dev/null
RC=$?
r=$(rc_is 0 tinyrun)
[ -s "$T/tinyrun/models.csv" ] || r+="no models.csv; "
check "run with per_week = 1e-9 and -n 2000 ends" "$r"

# an endless pipe: -n stops the reading (it used to grow until memory ran out)
timeout 60 "$OWNSIM" run "$SMALL" -n 1000 "${REPLAY[@]}" --trace -o "$T/pipe" \
    --outages <(echo "$HEAD"; yes '0,10,network,P1,5') >"$T/pipe.out" 2>"$T/pipe.err" </dev/null
RC=$?
r=$(rc_is 0 pipe)
n=$(awk -F, 'NR > 1 && $3 == "in_house"' "$T/pipe/incidents.csv" 2>/dev/null | wc -l)
[ "$n" = 1000 ] || r+="$n incidents of in_house replayed, want 1000; "
check "--outages from an endless pipe with -n 1000 reads 1000 rows and ends" "$r"

# -n larger than the list: the whole list, no more (documented, docs/errors.md)
ox list20 outages "$SMALL" -n 20 -o "$T/list20.csv"
ox big run "$SMALL" -n 500 "${REPLAY[@]}" --trace --outages "$T/list20.csv" -o "$T/big"
r=$(rc_is 0 big)
n=$(awk -F, 'NR > 1 && $3 == "in_house"' "$T/big/incidents.csv" 2>/dev/null | wc -l)
[ "$n" = 20 ] || r+="$n incidents of in_house replayed, want the 20 listed; "
check "--outages with -n larger than the list replays the list once" "$r"

finish
