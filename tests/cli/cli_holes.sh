#!/usr/bin/env bash
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

finish
