#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/man.sh — the man pages man/ownsim.1 and man/ownsim-scenario.5 are
# what `ownsim help --man 1|5` generates from the command, option and key
# tables (so they cannot drift: `make man` rewrites them), and groff renders
# them without a warning.
#
#   OWNSIM=build/ownsim tests/cli/man.sh     (what `make test` runs)
#
# Checks: each committed page equals the generated one; groff -man -ww -z
# prints nothing; every command and every option (help --tsv, not hidden) is
# in ownsim(1), every key (`ownsim keys`) in ownsim-scenario(5); the roff
# escaping: no line starts with a raw '.' or '\'' that is not one of the
# requests the generator writes, the pages are plain ASCII, and `man` shows
# options and keys as typed (--set K=V).  A second or so.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-man.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

for page in 1:ownsim.1 5:ownsim-scenario.5; do
    sec=${page%%:*} file=${page#*:}
    ox "gen$sec" help --man "$sec"
    r=$(rc_is 0 "gen$sec")
    if [ -z "$r" ] && ! cmp -s "$T/gen$sec.out" "$ROOT/man/$file"; then
        r="man/$file is stale: run 'make man' ($(diff "$ROOT/man/$file" "$T/gen$sec.out" | head -3 | tr '\n' ' '))"
    fi
    check "man/$file is what 'ownsim help --man $sec' generates" "$r"
    if command -v groff >/dev/null 2>&1; then
        w=$(groff -man -ww -z "$T/gen$sec.out" 2>&1)
        check "groff -man -ww: no warning in $file" "${w:+$(echo "$w" | head -3 | tr '\n' ' ')}"
    else
        nok "groff -man -ww: no warning in $file" "groff is not installed (make deps installs it)"
    fi
    r=$(LC_ALL=C grep -n '[^ -~]' "$T/gen$sec.out" | head -2)
    check "$file is plain ASCII" "${r:+non-ASCII: $r}"
    # a line of text must not start with a raw '.' or "'" (a request groff
    # would swallow): every line starting so is one of the requests we write
    r=$(grep -nE "^[.']" "$T/gen$sec.out" | grep -vE '^[0-9]+:\.(\\"|TH|SH|SS|PP|TP|B|I|br|nh|ad) ?' | head -2)
    check "$file: every line starting with '.' is a request" "$r"
done

# every command and option in ownsim(1), every key in ownsim-scenario(5)
ox tsv help --tsv
r=
while IFS=$'\t' read -r kind cmd name _ _ flags; do
    case $kind in
    command) grep -q "^\.SS $cmd\$" "$T/gen1.out" || r+="no section for $cmd; " ;;
    option) [[ $flags == *hidden* ]] && continue
            grep -qF "\\fB$(echo "$name" | sed 's/-/\\-/g')\\fR" "$T/gen1.out" || r+="no $cmd $name; " ;;
    esac
done <"$T/tsv.out"
check "ownsim(1) has every command and every option" "$r"
ox keys keys
r=
n=0
while read -r key; do
    n=$((n + 1))
    grep -qxF ".B $(echo "$key" | sed 's/-/\\-/g')" "$T/gen5.out" || r+="no key $key; "
done < <(sed -n 's/^| `\([^`]*\)` |.*/\1/p' "$T/keys.out")
[ "$n" -gt 50 ] || r+="only $n keys read from 'ownsim keys'; "
check "ownsim-scenario(5) has every key ($n)" "$r"

# the escaping: a backslash shows as one, hyphens as \-, through man itself
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man -l "$ROOT/man/ownsim.1" >"$T/man1.txt" 2>"$T/man1.err"
    r=
    grep -q -- '--set K=V' "$T/man1.txt" || r+="no '--set K=V' in the rendering; "
    grep -q 'model.co_managed.misroute_prob=0.2' "$T/man1.txt" || r+="a key example is cut; "
    [ -s "$T/man1.err" ] && r+="man says: $(head -c 200 "$T/man1.err"); "
    check "man renders ownsim(1) with options as typed" "$r"
fi
# a hidden option's bad value is a usage error
ox bad help --man 3
check "help --man 3: exit 2" "$(rc_is 2 bad)"
finish
