#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/stdio.sh — '-' as standard input and standard output (issue 25,
# item 5; docs/output.md, "Standard input and output"), -V and --version.
#
#   OWNSIM=build/ownsim tests/cli/stdio.sh     (what `make test` runs)
#
# Every reader given '-' reads standard input: from a pipe and from a
# redirected file the output is byte-identical to that of the file named
# (check, run --outages, fit, import, calibrate --outages; a comment naming
# the source says <stdin>); every single-file writer given -o - writes the
# same bytes to standard output as to the file (outages, fit, import,
# report) and leaves no file called '-'.  Bad input on standard input exits
# 2 naming <stdin> and the line, with nothing on standard output; a folder
# command refuses -o -; two inputs cannot both be '-'.  The binary before
# issue 25 fails every check (it read and wrote "-" as a file).
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
GEN=${GEN:-build/gen-tickets}
case $GEN in /*) ;; *) GEN=$PWD/$GEN ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
S=$ROOT/scenarios/default.ini
FIX=$ROOT/tests/import

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-stdio.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"
cd "$T" || exit 1

# oin TAG FILE ARGS...: ox with standard input from FILE (ox reads /dev/null)
oin() {
    local tag=$1 in=$2
    shift 2
    "${TIMEOUT[@]}" "$OWNSIM" "$@" >"$T/$tag.out" 2>"$T/$tag.err" <"$in"
    RC=$?
}
# same A B: a reason when files A and B differ
same() { cmp -s "$1" "$2" || printf '%s and %s differ; ' "$(basename "$1")" "$(basename "$2")"; }
no_dash() { [ ! -e "$T/-" ] || printf "a file called '-' was written; "; }

# ------------------------------------------------------------------ check -
ox chk check "$S"
oin chk_in "$S" check -
R=$(rc_is 0 chk_in)$(same "$T/chk.out" "$T/chk_in.out")
RC=0
cat "$S" | "$OWNSIM" check - > "$T/chk_pipe.out" 2>"$T/chk_pipe.err" || RC=$?
R+=$(rc_is 0 chk_pipe)$(same "$T/chk.out" "$T/chk_pipe.out")
check "check -: a pipe and a redirect give the bytes of check FILE" "$R"

printf '[simulation]\nseed = 1\nreps = many\n' > "$T/bad.ini"
oin chk_bad "$T/bad.ini" check -
R=$(rc_is 2 chk_bad)$(has "$T/chk_bad.err" "<stdin>:3: simulation.reps")
[ -s "$T/chk_bad.out" ] && R+="something on standard output; "
check "check -: bad input names <stdin> and its line, exit 2, nothing on stdout" "$R"

# a scenario from standard input: include = is relative to the current folder
mkdir -p "$T/inc" && printf '[simulation]\nreps = 3\n' > "$T/inc/part.ini"
printf 'include = inc/part.ini\n' > "$T/top.ini"
cat "$S" >> "$T/top.ini"
sed -i '/^\[simulation\]/,/^\[/{/^reps *=/d}' "$T/top.ini"
ox top check "$T/top.ini"
oin top_in "$T/top.ini" check -
R=$(rc_is 0 top)$(rc_is 0 top_in)$(same "$T/top.out" "$T/top_in.out")$(has "$T/top_in.out" "reps = 3")
check "check -: include = is read relative to the current folder" "$R"

# ------------------------------------------------------------ outages -o -
ox o_file outages "$S" -n 400 -o "$T/list.csv"
ox o_std outages "$S" -n 400 -o -
R=$(rc_is 0 o_std)$(same "$T/list.csv" "$T/o_std.out")$(no_dash)
check "outages -o -: the bytes of -o FILE on standard output, no file called -" "$R"

# a reader that closes the pipe early: exit 1, said, the file not left anywhere
RC=0
"${TIMEOUT[@]}" "$OWNSIM" outages "$S" -n 60000 -o - 2>"$T/o_pipe.err" | head -c 100 > /dev/null
RC=${PIPESTATUS[0]}
R=$(rc_is 1 o_pipe)$(has "$T/o_pipe.err" "cannot write to standard output")$(no_dash)
check "outages -o - into a closed pipe: exit 1, 'cannot write to standard output'" "$R"

# --------------------------------------------------------- run --outages -
ox r_file run "$S" --outages "$T/list.csv" -r 2 -q -o "$T/r_file"
oin r_std "$T/list.csv" run "$S" --outages - -r 2 -q -o "$T/r_std"
R=$(rc_is 0 r_file)$(rc_is 0 r_std)
for f in models.csv severities.csv paired.csv ttr_hist.csv implied.csv; do
    R+=$(same "$T/r_file/$f" "$T/r_std/$f")
done
R+=$(has "$T/r_std/scenario.ini" "outages = -")
R+=$(has "$T/r_std/provenance.ini" "= <stdin>")
R+=$(has "$T/r_std/provenance.ini" "$(sha256sum < "$T/list.csv" | cut -d' ' -f1)")
check "run --outages -: the results of the file; provenance hashes what was read" "$R"

tr -d '\r' < "$T/list.csv" | sed '3s/,[^,]*$/,-5/' > "$T/badlist.csv"
oin r_bad "$T/badlist.csv" run "$S" --outages - -r 1 -q -o "$T/r_bad"
R=$(rc_is 2 r_bad)$(has "$T/r_bad.err" "<stdin>:3")
[ -e "$T/r_bad" ] && R+="a folder was written; "
check "run --outages -: a bad row names <stdin>:3, exit 2, no folder" "$R"

# ------------------------------------------------------------------ fit -
ox f_file fit "$T/list.csv" --bootstrap 0
oin f_std "$T/list.csv" fit - --bootstrap 0
R=$(rc_is 0 f_std)
head -1 "$T/f_std.out" | grep -qF 'from <stdin>:' || R+="the first line does not name <stdin>; "
tail -n +2 "$T/f_file.out" > "$T/f_file.rest"
tail -n +2 "$T/f_std.out" > "$T/f_std.rest"
R+=$(same "$T/f_file.rest" "$T/f_std.rest")
check "fit -: the fragment of fit FILE (its first line names <stdin>)" "$R"

ox f_o fit "$T/list.csv" --bootstrap 0 -o "$T/fitted.ini"
ox f_odash fit "$T/list.csv" --bootstrap 0 -o -
R=$(rc_is 0 f_odash)$(same "$T/fitted.ini" "$T/f_odash.out")$(same "$T/f_file.out" "$T/f_odash.out")$(no_dash)
[ -e "$T/-.provenance.ini" ] && R+="a provenance file for '-'; "
check "fit -o -: the bytes of -o FILE on standard output" "$R"

printf 'id,t_occur,category,severity,effort\n0,1,network,P1,5\n1,zz,network,P1,5\n' > "$T/fbad.csv"
oin f_bad "$T/fbad.csv" fit - --bootstrap 0 -o -
R=$(rc_is 2 f_bad)$(has "$T/f_bad.err" "<stdin>:3")
[ -s "$T/f_bad.out" ] && R+="something on standard output; "
check "fit - -o -: bad input names <stdin>:3, exit 2, nothing on stdout" "$R"

# --------------------------------------------------------------- import -
if [ -x "$GEN" ]; then
    "$GEN" 101 1500 "$T/sn.csv" servicenow > /dev/null 2>&1
    MAP="opened=opened_at,priority=priority,category=category,resolved=resolved_at,effort=effort"
    imp=(--scenario "$FIX/scenario.ini" --map "$MAP" --category-map "$FIX/servicenow_categories.csv")
    ox i_file import "$T/sn.csv" "${imp[@]}" -o "$T/imported.csv"
    oin i_std "$T/sn.csv" import - "${imp[@]}" -o -
    R=$(rc_is 0 i_file)$(rc_is 0 i_std)$(same "$T/imported.csv" "$T/i_std.out")$(no_dash)
    R+=$(has "$T/i_std.err" "<stdin>:")
    grep -v '^imported\|^efforts:' "$T/i_file.err" | sed 's/^[^:]*:/X:/' > "$T/i_file.rep"
    grep -v '^imported\|^efforts:' "$T/i_std.err" | sed 's/^[^:]*:/X:/' > "$T/i_std.rep"
    R+=$(same "$T/i_file.rep" "$T/i_std.rep")
    check "import - -o -: the outage CSV of the file; skipped rows named <stdin>:LINE" "$R"

    printf 'number,opened_at\nINC1,2024-01-01 10:00:00\n' > "$T/ibad.csv"
    oin i_bad "$T/ibad.csv" import - "${imp[@]}" -o -
    R=$(rc_is 2 i_bad)$(has "$T/i_bad.err" "<stdin>:1")
    [ -s "$T/i_bad.out" ] && R+="something on standard output; "
    check "import - -o -: a header without the mapped columns names <stdin>:1, exit 2" "$R"
else
    nok "import -" "no $GEN (make build/gen-tickets)"
fi

# ------------------------------------------------- calibrate --outages -
ox trace run "$S" --outages "$T/list.csv" --trace -r 1 --warmup 0 --models co_managed \
    --set simulation.baseline=co_managed -q -o "$T/trun"
tr -d '\r' < "$T/trun/incidents.csv" > "$T/inc.csv"
tr -d '\r' < "$T/list.csv" | awk -F, 'NR == FNR { if (FNR == 1) { for (i = 1; i <= NF; i++) { if ($i == "id") a = i; if ($i == "ttr") b = i } }
        else ttr[$a] = $b; next }
    FNR == 1 { print $0 ",observed_ttr"; next } { print $0 "," ttr[$1] }' "$T/inc.csv" - > "$T/obs.csv"
ox c_file calibrate "$S" --outages "$T/obs.csv" --model co_managed --fit none -q -o "$T/c_file"
oin c_std "$T/obs.csv" calibrate "$S" --outages - --model co_managed --fit none -q -o "$T/c_std"
R=$(rc_is 0 c_file)$(rc_is 0 c_std)
for f in calibrate.csv calibrate_cdf.csv; do R+=$(same "$T/c_file/$f" "$T/c_std/$f"); done
R+=$(has "$T/c_std/provenance.ini" "$(sha256sum < "$T/obs.csv" | cut -d' ' -f1)")
check "calibrate --outages -: read twice (list and observed TTRs) from one copy, same results" "$R"

# ------------------------------------------------------------ report -o -
if command -v gnuplot >/dev/null 2>&1; then
    ox b_file report "$T/r_file" -o "$T/brief.html"
    ox b_std report "$T/r_file" -o -
    R=$(rc_is 0 b_file)$(rc_is 0 b_std)$(same "$T/brief.html" "$T/b_std.out")$(no_dash)
    check "report -o -: the bytes of -o FILE.html on standard output, and nothing else" "$R"
else
    nok "report -o -" "gnuplot is not installed (make deps)"
fi

# ------------------------------------------------------------- refusals
ox two import - --scenario - --map opened=a,priority=b,category=c -o -
R=$(rc_is 2 two)$(has "$T/two.err" "standard input ('-') holds one input")
check "two inputs cannot both be standard input" "$R"

ox rdash run "$S" -n 300 -r 1 -q -o -
R=$(rc_is 2 rdash)$(has "$T/rdash.err" "writes a folder")$(no_dash)
check "a folder command refuses -o - and writes nothing" "$R"

# a device that never ends is refused rather than read forever
if [ -c /dev/zero ]; then
    oin zero /dev/zero check -
    R=$(rc_is 2 zero)$(has "$T/zero.err" "<stdin>: standard input is a device")
    check "check - < /dev/zero: refused, exit 2" "$R"
fi

# ------------------------------------------------------------- -V, --version
ox v1 --version
ox v2 -V
R=$(rc_is 0 v1)$(same "$T/v1.out" "$T/v2.out")
head -1 "$T/v1.out" | grep -qE '^ownsim [0-9]+\.[0-9]+\.[0-9]+$' || R+="first line is not 'ownsim X.Y.Z'; "
R+=$(has "$T/v1.out" "build: ")$(has "$T/v1.out" "GSL ")$(has "$T/v1.out" "libcsv ")$(has "$T/v1.out" "libinih")
check "-V is --version: the version, the build, GSL, libcsv and libinih" "$R"

finish
