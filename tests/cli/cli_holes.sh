#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/cli_holes.sh — the command-line holes of issue 11: how input
# reaches the terminal in messages (escaped, cut), the status on a closed
# standard output, option messages that name the option and its limit, and
# merge refusing tampered shards and an output folder that is one of its
# inputs.
#
#   OWNSIM=build/ownsim tests/cli/cli_holes.sh     (what `make test` runs)
#
# Run from anywhere; fixtures are tests/data/small.ini and the scenarios,
# everything else is generated in a mktemp -d folder removed at exit.  Prints
# one line per check, "ok - NAME" or "not ok - NAME: reason", then the line
# "N passed, M failed"; exits 1 when anything failed.  Takes a few seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SMALL=$ROOT/tests/data/small.ini
DEFAULT=$ROOT/scenarios/default.ini
IMPSCN=$ROOT/tests/import/scenario.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-holes.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"

# has FILE TEXT: a reason when FILE does not contain TEXT (fixed string)
# (what the file holds is shown through cat -v: it may hold raw escapes)
has() { grep -qF -- "$2" "$1" || printf "no '%s' in %s (%s); " "$2" "$(basename "$1")" "$(head -c 200 "$1" | cat -v | tr '\n' ' ')"; }
# lacks FILE TEXT: a reason when FILE contains TEXT
lacks() { ! grep -qF -- "$2" "$1" || printf "'%s' in %s; " "$2" "$(basename "$1")"; }
# lines TAG N: a reason unless TAG's stderr has exactly N lines
lines() {
    local n
    n=$(wc -l <"$T/$1.err")
    [ "$n" -eq "$2" ] || printf '%s lines on stderr, want %s; ' "$n" "$2"
}
# clean TAG: a reason when TAG's stderr holds a control character other than
# the line ends, a C1 control, invalid UTF-8 or a bidirectional control
clean() {
    local bad
    bad=$(LC_ALL=C tr -d '\n' <"$T/$1.err" | LC_ALL=C grep -c '[[:cntrl:]]')
    [ "$bad" -eq 0 ] || printf 'a control character on stderr; '
    if ! iconv -f UTF-8 -t UTF-8 "$T/$1.err" >/dev/null 2>&1; then
        printf 'invalid UTF-8 on stderr; '
    fi
    # C1 controls and U+061C, U+200E-F, U+2028-E, U+2066-9 as UTF-8 bytes
    if LC_ALL=C grep -qP '\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]' "$T/$1.err"; then
        printf 'a C1 or bidirectional control on stderr; '
    fi
}

# ============================================== 1. input shown in messages
# a binary file as the scenario: the bytes of issue 11 and an escape sequence
printf '\331\341Z\274\006F\033]0;pwned\007\033[2J\302\233\342\200\256tail = 1\n' >"$T/junk.ini"
ox junk check "$T/junk.ini"
r=$(rc_is 2 junk)$(lines junk 1)$(clean junk)
r+=$(has "$T/junk.err" 'junk.ini:1: \xd9\xe1Z\xbc\x06F\x1b]0;pwned\x07\x1b[2J\xc2\x9b\xe2\x80\xaetail: key outside any section')
check "a binary scenario: one line, every control, invalid byte and override escaped as \\xNN" "$r"

# valid UTF-8 stays as it is, and so does a backslash
printf '[simulation]\nM\303\274ller\\x = 1\n' >"$T/utf8.ini"
ox utf8 check "$T/utf8.ini"
r=$(rc_is 2 utf8)$(lines utf8 1)$(clean utf8)$(has "$T/utf8.err" 'simulation.Müller\x: unknown key')
check "valid UTF-8 (Müller) and a backslash are shown as they are" "$r"

# a file name with an escape sequence
cp "$T/junk.ini" "$T/a"$'\033'"[31mred.ini"
ox fname check "$T/a"$'\033'"[31mred.ini"
r=$(rc_is 2 fname)$(lines fname 1)$(clean fname)$(has "$T/fname.err" 'a\x1b[31mred.ini:1:')
check "a file name with ESC is shown escaped" "$r"

# a key line of 5000 bytes: the key shown is cut, the message still ends
{ printf '[simulation]\n'; head -c 5000 /dev/zero | tr '\0' '\033'; printf ' = 1\n'; } >"$T/long.ini"
ox long check "$T/long.ini"
r=$(rc_is 2 long)$(lines long 1)$(clean long)$(has "$T/long.err" '…')
n=$(wc -c <"$T/long.err")
[ "$n" -lt 1200 ] || r+="$n bytes on stderr; "
check "a 5000-byte key of ESC bytes: one cut line under 1200 bytes" "$r"

# the command line: an unknown command, and an option value, quoted and cut
ox cmd $'fr\033[2Job'
r=$(rc_is 2 cmd)$(clean cmd)$(has "$T/cmd.err" "unknown command 'fr\\x1b[2Job'")
check "an unknown command with ESC is quoted escaped" "$r"
ox opt run "$SMALL" $'--b\033ogus'
r=$(rc_is 2 opt)$(clean opt)$(has "$T/opt.err" '--b\x1bogus')
check "an unknown option with ESC is shown escaped" "$r"

# import's report of skipped rows quotes the export's name
printf 'opened,priority,category\n2024-01-01 10:00,P1,nowhere\n' >"$T/t"$'\033'"]0;x"$'\007'".csv"
ox imp import "$T/t"$'\033'"]0;x"$'\007'".csv" --scenario "$IMPSCN" \
    --map opened=opened,priority=priority,category=category -o "$T/imp.csv"
r=$(rc_is 2 imp)$(clean imp)$(has "$T/imp.err" 't\x1b]0;x\x07.csv:2: skipped: unknown category')
[ -e "$T/imp.csv" ] && r+="imp.csv written; "
check "import's skipped-row report shows the file name escaped" "$r"

# ================================================ 2. a closed standard output
# closed TAG ARGS...: run ownsim with standard output a pipe whose reader is
# already gone (deterministic, unlike `| true`), SIGPIPE at its default as
# in a shell; RC, $T/TAG.out (empty) and $T/TAG.err as ox gives them
closed() {
    local tag=$1
    shift
    "${TIMEOUT[@]}" perl -e 'pipe(R, W) or die; close R; open(STDOUT, ">&", \*W) or die; close W;
        $SIG{PIPE} = "DEFAULT"; exec @ARGV or die "exec: $!"' "$OWNSIM" "$@" 2>"$T/$tag.err" </dev/null
    RC=$?
}
closed pc check "$SMALL"
r=$(rc_is 1 pc)$(lines pc 1)$(has "$T/pc.err" "ownsim: error writing to standard output")
check "check into a closed pipe: exit 1 (not 141) and 'error writing to standard output'" "$r"
closed pk keys
r=$(rc_is 1 pk)$(has "$T/pk.err" "ownsim: error writing to standard output")
check "keys into a closed pipe: exit 1 and the message" "$r"
closed pr run "$SMALL" -r 2 -n 200 -o "$T/pr"
r=$(rc_is 1 pr)$(has "$T/pr.err" "ownsim: error writing to standard output")
ox pr_ref run "$SMALL" -r 2 -n 200 -q -o "$T/pr_ref"
r+=$(rc_is 0 pr_ref)
for f in models.csv paired.csv scenario.ini; do
    cmp -s "$T/pr/$f" "$T/pr_ref/$f" || r+="$f not complete or differs; "
done
[ -z "$(find "$T/pr" -name '*.tmp.*')" ] || r+="a temporary left in pr; "
check "run whose table meets a closed pipe: exit 1, the message, result files complete" "$r"
# fit writes its fragment to standard output
ox gen outages "$SMALL" -n 200 -o "$T/o200.csv"
r=$(rc_is 0 gen)
closed pf fit "$T/o200.csv"
r+=$(rc_is 1 pf)$(has "$T/pf.err" "write")
check "fit into a closed pipe: exit 1 and says it cannot write" "$r"
# a gnuplot child gets SIGPIPE at its default, not ignored: a stand-in
# gnuplot records its ignored-signal mask
cat >"$T/fakegp" <<EOS
#!/bin/sh
grep '^SigIgn:' /proc/\$\$/status >"$T/sigign"
exit 1
EOS
chmod +x "$T/fakegp"
if [ -r /proc/self/status ]; then
    OWNSIM_GNUPLOT=$T/fakegp ox gp plot "$T/pr_ref" -o "$T/gp"
    if [ -s "$T/sigign" ]; then
        mask=$(awk '{ print $2 }' "$T/sigign")
        # SIGPIPE is signal 13: bit 12 of the mask
        if (( (16#$mask >> 12) & 1 )); then r="SIGPIPE is ignored in the gnuplot child (SigIgn $mask); "; else r=""; fi
    else
        r="the stand-in gnuplot did not run ($(head -c 160 "$T/gp.err")); "
    fi
    check "a gnuplot child does not inherit an ignored SIGPIPE" "$r"
else
    ok "a gnuplot child does not inherit an ignored SIGPIPE # SKIP no /proc"
fi

# ============================================ 3. option messages name things
# usage TAG 'TEXT|...' ARGS...: exit 2, every TEXT on stderr, nothing created
# under $T/none
usage() {
    local tag=$1 tx=$2 t list
    shift 2
    ox "$tag" "$@"
    R=$(rc_is 2 "$tag")
    IFS='|' read -r -a list <<<"$tx"
    for t in "${list[@]}"; do R+=$(has "$T/$tag.err" "$t"); done
    [ -e "$T/none" ] && { R+="$T/none was created; "; rm -rf "$T/none"; }
}
usage sw_warm "option --warmup does not apply to sweep" sweep "$DEFAULT" --warmup 0 --vary simulation.reps=1,2 -o "$T/none"
check "sweep --warmup 0: names --warmup (not '0')" "$R$(lacks "$T/sw_warm.err" "option 0")"
usage sw_warm2 "option --warmup does not apply to sweep" sweep "$DEFAULT" --warmup=0 --vary simulation.reps=1,2 -o "$T/none"
check "sweep --warmup=0: names --warmup" "$R"
usage run_rep "option --rep does not apply to run" run "$DEFAULT" --rep 2147483648 -o "$T/none"
check "run --rep 2147483648: names --rep (not the value)" "$R$(lacks "$T/run_rep.err" "option 2147483648")"
usage out_rep "--rep needs a whole number from 0 to 2147483647, not '2147483648'" outages "$DEFAULT" --rep 2147483648 -o "$T/none"
check "outages --rep 2147483648: names the limit and the value" "$R"
usage out_rephex "--rep|'0x10'" outages "$DEFAULT" --rep 0x10 -o "$T/none"
check "outages --rep 0x10: refused (decimal only)" "$R"
usage j0 "-j needs a whole number from 1 to 1024, not '0'" run "$SMALL" -j 0 -o "$T/none"
check "run -j 0: names the limit and the value" "$R"
usage jbig "--jobs needs a whole number from 1 to 1024, not '99999999999999999999'" run "$SMALL" --jobs 99999999999999999999 -o "$T/none"
check "run --jobs 99999999999999999999: names the option as typed, the limit and the value" "$R"
usage jmiss "option -j needs a value" run "$SMALL" -j
check "run SCENARIO -j (no value): says the value is missing" "$R"
usage tracev "option --trace takes no value" run "$SMALL" --trace=1 -o "$T/none"
check "run --trace=1: says --trace takes no value" "$R"
usage amb "ambiguous option '--s'|--seed|--set|--shard" run "$SMALL" --s 1 -o "$T/none"
check "run --s 1: ambiguous, lists the candidates" "$R"
usage short "unknown option '-x'" run "$SMALL" -qx -o "$T/none"
check "run -qx: names -x" "$R"
usage longjunk "unknown option '--bogus'" run "$SMALL" --bogus -o "$T/none"
check "run --bogus: names it" "$R"

# outages has no warm-up: default.ini's warmup = 200 must not refuse -n 100
ox out_n outages "$DEFAULT" -n 100 -o "$T/o100.csv"
r=$(rc_is 0 out_n)
[ -f "$T/o100.csv" ] && [ "$(wc -l <"$T/o100.csv")" -eq 101 ] || r+="o100.csv does not hold 100 rows; "
check "outages -n 100 with simulation.warmup = 200: writes the 100 outages" "$r"
# and the stream does not depend on the warm-up
ox out_w1 outages "$SMALL" -n 300 -s 4 -o "$T/ow1.csv"
ox out_w2 outages "$SMALL" -n 300 -s 4 --set simulation.warmup=250 -o "$T/ow2.csv"
r=$(rc_is 0 out_w2)
cmp -s "$T/ow1.csv" "$T/ow2.csv" || r+="the outage stream changed with simulation.warmup; "
check "outages: the stream is the same whatever simulation.warmup says" "$r"

# empty paths are refused, naming the option
for args in "run|$SMALL|-o|" "outages|$SMALL|-o|" "sweep|$SMALL|--vary|simulation.reps=1,2|--out=" \
            "run|$SMALL|--outages|" "run|" "merge|$T|-o|" "merge||-o|$T/none" "plot|$T|-o|" "plot|" \
            "fit|" "fit|$T/o100.csv|-o|" "fit|$T/o100.csv|--scenario|" \
            "import|$T/x.csv|--scenario|$IMPSCN|--map|opened=a|--category-map|" ; do
    IFS='|' read -r -a a <<<"$args"
    # read drops a trailing empty field: put it back
    [ "${args: -1}" = "|" ] && a+=("")
    ox empty "${a[@]}"
    r=$(rc_is 2 empty)$(has "$T/empty.err" "needs a path, and '' is empty")
    check "ownsim ${args//|/ }'': exit 2, says the path is empty" "$r"
done

# merge: an unknown option is named; -- ends the options
usage mg_opt "unknown option '--bogus'" merge --bogus -o "$T/none" "$T"
check "merge --bogus: names the option" "$R"
mkdir -p "$T/-dash"
usage mg_dd "-dash/sweep.ini|not a sweep folder" merge -o "$T/none" -- "$T/-dash"
check "merge -o DIR -- FOLDER: -- accepted, the folder is read" "$R"
rm -rf "$T/-dash"
usage mg_dd2 "-dash/sweep.ini|not a sweep folder" merge -o "$T/none" -- -dash
check "merge -o DIR -- -dash: a folder named -dash is a folder, not an option" "$R"

# numbers in --vary and --shard follow the decimal grammar, naming the part
usage v_hex "START '0x1'|decimal" sweep "$SMALL" --vary simulation.reps=0x1:3:1 -o "$T/none"
check "sweep --vary KEY=0x1:3:1: START '0x1' refused" "$R"
usage v_inf "STEP 'inf'" sweep "$SMALL" --vary simulation.reps=1:3:inf -o "$T/none"
check "sweep --vary KEY=1:3:inf: STEP 'inf' refused" "$R"
usage v_big "STOP '1e999'|too large" sweep "$SMALL" --vary simulation.reps=1:1e999:1 -o "$T/none"
check "sweep --vary KEY=1:1e999:1: STOP '1e999' too large" "$R"
usage sh_hex "--shard|'0x1/2'|I/N" sweep "$SMALL" --vary simulation.reps=1,2 --shard 0x1/2 -o "$T/none"
check "sweep --shard 0x1/2: refused, quoted" "$R"
usage be_hex "--vary|LO '0x10'" breakeven "$ROOT/tests/data/breakeven.ini" --vary model.handoff.handoff_delay=0x10:100 --model handoff -o "$T/none"
check "breakeven --vary KEY=0x10:100: LO '0x10' refused" "$R"
usage be_nan "HI 'nan'" breakeven "$ROOT/tests/data/breakeven.ini" --vary model.handoff.handoff_delay=0:nan --model handoff -o "$T/none"
check "breakeven --vary KEY=0:nan: HI 'nan' refused" "$R"
# a long value is quoted cut, with its length
long=$(head -c 5000 /dev/zero | tr '\0' 7)
usage rep_long "' (5000 bytes)|…" outages "$SMALL" --rep "$long" -o "$T/none"
n=$(head -1 "$T/rep_long.err" | wc -c)
[ "$n" -lt 300 ] || R+="first line is $n bytes; "
check "outages --rep <5000 digits>: the value is cut with … and its length" "$R"

# ============================================== 4. merge: tampering and -o
K1=model.co_managed.misroute_prob
K2=model.co_managed.handoff_delay.median
VARY=(--vary "$K1=0:0.6:0.2" --vary "$K2=5,20")
SIM=(-r 2 -n 200 -s 11 -q)
r=""
ox full sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" -o "$T/full"
r+=$(rc_is 0 full)
for i in 1 2; do
    ox "sh$i" sweep "$SMALL" "${VARY[@]}" "${SIM[@]}" --shard "$i/2" -o "$T/sh/$i"
    r+=$(rc_is 0 "sh$i")
done
check "setup: a sweep and its two shards" "$r"
r=$(has "$T/full/sweep.ini" "sweep_csv = fnv1a64:")$(has "$T/sh/1/sweep.ini" "sweep_csv = fnv1a64:")
check "sweep.ini records the checksum of sweep.csv" "$r"
ox mg merge "$T/sh/1" "$T/sh/2" -o "$T/mg"
r=$(rc_is 0 mg)
diff -r -x provenance.ini "$T/full" "$T/mg" >/dev/null 2>&1 || r+="merged folder differs from the unsharded one: $(diff -r -x provenance.ini "$T/full" "$T/mg" 2>&1 | head -2 | tr '\n' ' '); "
check "merge of untouched shards is byte-identical to the unsharded folder, manifest included" "$r"

# copy: a fresh copy of the shards in $T/NAME
copy() { rm -rf "$T/$1"; mkdir -p "$T/$1"; cp -r "$T/sh/1" "$T/sh/2" "$T/$1/"; }
# refused NAME 'TEXT|...': merging $T/NAME/{1,2} exits 2 with every TEXT,
# and creates no merged folder
refused() {
    usage "$1" "$2" merge "$T/$1/1" "$T/$1/2" -o "$T/none"
}

# an edited value: every row still well formed, only the checksum tells
copy edit
awk 'BEGIN { FS = OFS = "," } NR == 3 { $6 = $6 "1" } { print }' "$T/sh/2/sweep.csv" >"$T/edit/2/sweep.csv"
cmp -s "$T/sh/2/sweep.csv" "$T/edit/2/sweep.csv" && echo "# the edit changed nothing"
refused edit "edit/2/sweep.csv|differs from what the sweep wrote|checksum|rerun shard 2/2"
check "merge refuses a shard with an edited value (checksum), naming the shard" "$R"

# a model dropped from every shard (scenario.ini still has it)
copy drop
for i in 1 2; do grep -v ',co_managed,' "$T/sh/$i/sweep.csv" >"$T/drop/$i/sweep.csv"; done
refused drop "drop/1/sweep.csv|model|scenario.ini has 3 models (in_house, co_managed, fully_managed)"
check "merge refuses shards with a model dropped from every shard, naming the models" "$R"

# a model renamed in one row
copy rename
sed -i '2s/,in_house,/,in_houze,/' "$T/rename/1/sweep.csv"
refused rename "rename/1/sweep.csv:2:|model|'in_houze'|in_house"
check "merge refuses a row whose model is not scenario.ini's, naming file:line" "$R"

# an axis value changed in one row
copy axis
sed -i '2s/^0,0,5,/0,0.1,5,/' "$T/axis/1/sweep.csv"
refused axis "axis/1/sweep.csv:2:|$K1|'0.1'|grid"
check "merge refuses a row whose axis value is not the grid's, naming file:line and key" "$R"

# a manifest without the checksum (an older ownsim, or edited)
copy nosum
sed -i '/^sweep_csv/d' "$T/nosum/2/sweep.ini"
refused nosum "nosum/2/sweep.ini|sweep_csv|rerun this shard"
check "merge refuses a shard whose manifest lacks the checksum" "$R"

# a manifest with an unreadable number
copy badnum
sed -i 's/^points = .*/points = 0x8/' "$T/badnum/1/sweep.ini"
refused badnum "badnum/1/sweep.ini|points: '0x8'"
check "merge refuses a manifest whose points is not a decimal whole number" "$R"

# -o one of the inputs, inside one, containing one, through a symlink or ..
copy out
(cd "$T/out" && find . -type f | sort | xargs md5sum) >"$T/out.sums"
ln -s "$T/out/1" "$T/out-link"
for o in "$T/out/1" "$T/out/1/" "$T/out/1/merged" "$T/out/1/new/deeper" "$T/out" "$T" \
         "$T/out-link" "$T/out/2/../1" "$T/out/new/../1" "$T/out/./2"; do
    ox outin merge "$T/out/1" "$T/out/2" -o "$o"
    # refused by merge (the shard folder) or, before it, by the output
    # folder itself (not ownsim's, or a symbolic link): either way untouched
    r=$(rc_is 2 outin)
    grep -Eq "the shard folder|not an ownsim output folder|symbolic link" "$T/outin.err" ||
        r+="no reason in outin.err: $(head -c 200 "$T/outin.err"); "
    (cd "$T/out" && find . -type f | sort | xargs md5sum) | cmp -s - "$T/out.sums" || r+="the shard folders changed; "
    [ -e "$T/out/1/merged" ] || [ -e "$T/out/1/new" ] || [ -e "$T/out/new" ] && r+="a folder was created; "
    check "merge -o ${o#"$T"/} (an input, inside or containing one): exit 2, inputs untouched" "$r"
    rm -rf "$T/out/1/merged" "$T/out/1/new" "$T/out/new"
done
# a sibling whose name starts like an input's is not inside it
ox outsib merge "$T/out/1" "$T/out/2" -o "$T/out/1x"
r=$(rc_is 0 outsib)
check "merge -o out/1x beside out/1 is allowed" "$r"

finish
