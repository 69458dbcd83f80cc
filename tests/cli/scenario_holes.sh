#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/scenario_holes.sh — the scenario holes of issue 11, end to end:
# derived names that escaped out/ or did not reload, NUL bytes and CR-only
# line endings, text after ']', duplicate list items, hexadecimal numbers,
# 41-47 character section names, and paths that were cut or that
# scenario.ini could not write back.
#
#   OWNSIM=build/ownsim tests/cli/scenario_holes.sh     (what `make test` runs)
#
# Run from anywhere; the fixture is tests/data/small.ini, everything else is
# generated in a mktemp -d folder removed at exit.  Prints one line per
# check, "ok - NAME" or "not ok - NAME: reason", then "N passed, M failed";
# exits 1 when anything failed.  Takes a few seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SMALL=$ROOT/tests/data/small.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-holes.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"

# has TAG TEXT: a reason when TAG's stderr does not contain TEXT
has() { grep -qF -- "$2" "$T/$1.err" || printf "no '%s' in stderr (%s); " "$2" "$(head -c 200 "$T/$1.err" | tr '\n' ' ')"; }
# refused TAG 'TEXT|...' ARGS...: ownsim ARGS exits 2 with one line on
# stderr holding every TEXT; the reasons are in R
refused() {
    local tag=$1 list t
    IFS='|' read -r -a list <<<"$2"
    shift 2
    ox "$tag" "$@"
    R=$(rc_is 2 "$tag")
    for t in "${list[@]}"; do R+=$(has "$tag" "$t"); done
    [ "$(wc -l <"$T/$tag.err")" -eq 1 ] || R+="not one line on stderr; "
}
# small.ini without its name = line, as $T/$1 (any file name)
unnamed() { grep -v '^name = ' "$SMALL" >"$T/$1"; }

RUN=(-r 1 -n 50 -q)

# ===================================================== derived scenario names
mkdir -p "$T/work"
unnamed "work/...ini"
echo precious >"$T/work/models.csv"
cd "$T/work" || exit 1
ox dots run "...ini" "${RUN[@]}"
cd "$ROOT" || exit 1
r=$(rc_is 0 dots)
[ "$(cat "$T/work/models.csv")" = precious ] || r+="models.csv in the current folder was overwritten; "
[ -f "$T/work/out/__/models.csv" ] || r+="no out/__/models.csv; "
check "a scenario '...ini' without name = runs into out/__, not out/.. (the current folder)" "$r"

for f in "Client A" "acme.v2"; do
    tag=${f// /_}
    unnamed "$f.ini"
    ox "run_$tag" run "$T/$f.ini" "${RUN[@]}" -o "$T/res_$tag"
    r=$(rc_is 0 "run_$tag")
    want=${f//[ .]/_}
    grep -qx "name = $want" "$T/res_$tag/scenario.ini" 2>/dev/null || r+="scenario.ini lacks 'name = $want'; "
    ox "reload_$tag" check "$T/res_$tag/scenario.ini"
    r+=$(rc_is 0 "reload_$tag")
    check "'$f.ini' without name = is called $want and its scenario.ini reloads" "$r"
done

# ============================================================ what lines hold
# per_week = 5<NUL>0 was read as 5
sed 's/^per_week = 40$/per_week = 5\x000/' "$SMALL" >"$T/nul.ini"
refused nul "nul.ini:17:|arrivals.per_week|NUL byte" check "$T/nul.ini"
check "a NUL byte in a value: exit 2, file:line and key" "$R"

# a NUL at the start of a line dropped the line
sed 's/^per_week = 40$/\x00per_week = 9/' "$SMALL" >"$T/nul0.ini"
refused nul0 "nul0.ini:17:|NUL byte" check "$T/nul0.ini"
check "a NUL byte at the start of a line: exit 2, file:line" "$R"

# "; comment<NUL>" + 65,535 blanks + "per_week=9999" applied the hidden key
{ sed -n '1,16p' "$SMALL"; printf '; comment\0%65535sper_week=9999\n' ''; sed -n '18,$p' "$SMALL"; } >"$T/hidden.ini"
refused hidden "hidden.ini:17:|NUL byte" check "$T/hidden.ini"
check "a NUL byte hiding a key behind a comment: exit 2, file:line" "$R"

tr '\n' '\r' <"$SMALL" >"$T/cr.ini"
refused cr "cr.ini:1:|CR-only" check "$T/cr.ini"
check "CR-only line endings: exit 2 at line 1, saying so (was: no [severity.NAME] section)" "$R"

sed 's/\r*$/\r/' "$SMALL" >"$T/crlf.ini"
ox crlf check "$T/crlf.ini"
ox lf check "$SMALL"
r=$(rc_is 0 crlf)
cmp -s "$T/crlf.out" "$T/lf.out" || r+="CRLF file resolves differently; "
check "CRLF line endings still read as LF" "$r"

sed 's/^\[arrivals\]$/[arrivals] per_week = 9/' "$SMALL" >"$T/after.ini"
refused after "after.ini:16:|arrivals|text after ']'" check "$T/after.ini"
check "text after ']' on a section line: exit 2, file:line and section" "$R"

# ============================================================ values
sed 's/^per_week = 40$/per_week = 0x10/' "$SMALL" >"$T/hex.ini"
refused hex "hex.ini:17:|arrivals.per_week|not a decimal number" check "$T/hex.ini"
check "a hexadecimal number in a key: exit 2, file:line and key" "$R"

sed 's/^skill = network:0.8, apps:1.3$/skill = network:0.8, apps:1.3, network:2/' "$SMALL" >"$T/dup.ini"
refused dup "dup.ini:|party.msp.skill|category 'network' listed twice" check "$T/dup.ini"
check "a category listed twice in skill: exit 2, file:line and key" "$R"

refused dupset "--set|model.co_managed.staff|party 'msp' listed twice" \
    check "$SMALL" --set model.co_managed.staff=msp:1,internal:2,msp:3
check "a party listed twice in a model's staff (--set): exit 2, naming it" "$R"

# ============================================================ long names
n45=$(printf 'c%.0s' $(seq 45))
sed -e "s/^\[category.apps\]$/[category.$n45]/" -e "s/apps:/$n45:/g" "$SMALL" >"$T/long.ini"
ox long run "$T/long.ini" "${RUN[@]}" -o "$T/res_long"
r=$(rc_is 0 long)
ox long_reload check "$T/res_long/scenario.ini"
r+=$(rc_is 0 long_reload)
grep -qx "\[category.$n45\]" "$T/res_long/scenario.ini" 2>/dev/null || r+="scenario.ini lacks the 45-character section; "
check "a 45-character category name (docs allow 47) runs and reloads" "$r"

# ============================================================ paths
# the reproducer: an outage file 'o ;x.csv' replayed with --outages was
# written to scenario.ini as "outages = /.../o ;x.csv", read back as /.../o
ox gen outages "$SMALL" -n 100 -s 3 -o "$T/o ;x.csv"
cp "$T/o ;x.csv" "$T/o"
refused semi "--outages|simulation.outages|' ;'|rename the file" \
    run "$SMALL" "${RUN[@]}" --outages "$T/o ;x.csv" -o "$T/res_semi"
[ -e "$T/res_semi" ] && R+="output folder created; "
check "--outages 'o ;x.csv' (scenario.ini could not name it): exit 2, naming the key" "$R"

printf 'id,t_occur,category,severity,effort\n' >"$T/nl
x.csv"
refused newline "--set|simulation.outages|control character" \
    check "$SMALL" --set "simulation.outages=$T/nl
x.csv"
check "--set simulation.outages with a newline in the path: exit 2" "$R"

finish
