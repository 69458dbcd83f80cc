#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/big_scenario.sh — loading is linear in the size of a scenario:
# sections, entries and includes are found by hash, not by scanning.
#
#   OWNSIM=build/ownsim tests/cli/big_scenario.sh     (what `make test` runs)
#
# Generates, in a mktemp -d folder removed at exit, scenarios of 100,000
# sections, of 100,000 entries in one section, each also with an error on its
# last line, and one of 100,000 includes, and checks each gives its usual
# answer (the same messages as for a small file) within `timeout 10`.  A
# quadratic loader took 20-120 s on the first; a linear one takes well under
# a second (docs/design.md, "The scenario schema"), so the limit is generous
# and nothing is timed beyond it.  Prints one line per check, "ok - NAME" or
# "not ok - NAME: reason", then "N passed, M failed"; exits 1 when anything
# failed.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-big.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"

# every run here must end within 10 s (exit 124 otherwise, reported as a
# timeout by rc_is)
command -v timeout >/dev/null 2>&1 && TIMEOUT=(timeout 10)
N=100000

# has TAG TEXT: a reason when TAG's stderr is not exactly TEXT
is() { [ "$(cat "$T/$1.err")" = "$2" ] || printf "stderr '%s', want '%s'; " "$(head -c 300 "$T/$1.err" | tr '\n' ' ')" "$2"; }

cd "$T" || exit 1

# ============================================== 100,000 sections
awk -v n=$N 'BEGIN { for (i = 0; i < n; i++) printf "[category.c%d]\nweight = 1\n", i }' >sections.ini
ox sections check sections.ini
R=$(rc_is 2 sections)$(is sections "ownsim: sections.ini:65: category.c32: too many [category.*] sections (at most 32)")
check "100,000 sections: refused at the 33rd category, within 10 s" "$R"

# the same with the first section again on the last line: found after all
# of them are read
{ cat sections.ini; echo "[category.c0]"; } >dupsec.ini
ox dupsec check dupsec.ini
R=$(rc_is 2 dupsec)$(is dupsec "ownsim: dupsec.ini:$((2 * N + 1)): category.c0: section [category.c0] appears twice (first at line 1)")
check "100,000 sections, a duplicate on the last line: refused naming it, within 10 s" "$R"

# --set over them: the working copy of a source with 100,000 sections
ox setsec check sections.ini --set category.c99999.weight=2 --set category.zzz.weight=1
R=$(rc_is 2 setsec)$(is setsec "ownsim: --set: category.zzz.weight: no section [category.zzz] in sections.ini (did you mean category.c0?)")
check "100,000 sections and --set of a missing one: refused, within 10 s" "$R"

# ============================================== 100,000 entries in one section
awk -v n=$N 'BEGIN { print "[simulation]"; for (i = 0; i < n; i++) printf "k%d = 1\n", i }' >entries.ini
ox entries check entries.ini
R=$(rc_is 2 entries)$(is entries "ownsim: entries.ini:2: simulation.k0: unknown key 'k0' in [simulation]; see docs/scenario.md")
check "100,000 entries in one section: refused at the first unknown key, within 10 s" "$R"

{ cat entries.ini; echo "k0 = 2"; } >dupkey.ini
ox dupkey check dupkey.ini
R=$(rc_is 2 dupkey)$(is dupkey "ownsim: dupkey.ini:$((N + 2)): simulation.k0: key set twice in this file (first at line 2)")
check "100,000 entries, a key twice on the last line: refused naming it, within 10 s" "$R"

# ============================================== 100,000 includes: loaded
# each include sets the same key again; the last one read wins.  A
# sanitizer build (it cannot start under an address-space cap: it reserves
# terabytes) reads 10,000: its runtime's own cost per fopen grows with their
# number (100,000 took 95 s of mostly system time under ASan, 0.4 s
# natively), which is not the loader's and not what this test is about.
NI=$N
{ (ulimit -v 200000 && "$OWNSIM" --version) >/dev/null 2>&1; } 2>/dev/null || NI=10000
printf '[severity.P1]\neffort = 5\n' >one.ini
printf '[severity.P1]\neffort = 7\n' >last.ini
awk -v n=$NI 'BEGIN { for (i = 1; i < n; i++) print "include = one.ini"; print "include = last.ini"
                     print "[category.net]\n[party.in]\n[model.m]\nowners = net:in" }' >includes.ini
ox includes check includes.ini
R=$(rc_is 0 includes)
grep -qx 'effort = 7' "$T/includes.out" || R+="no 'effort = 7' in the resolved scenario; "
[ "$(grep -c '^\[severity\.' "$T/includes.out")" = 1 ] || R+="not one severity section; "
check "$NI includes of one section: loaded, the last include's value, within 10 s" "$R"

# ============================================== out of memory on the way
# Under a cap on the address space, every allocation of the reading, the
# indexes and the working copy may fail: each run must end with the usual
# refusal or "out of memory" (exit 1; with the line when the reader ran out
# mid-file), one line, never a crash.  Skipped
# where the binary cannot start under a cap (a sanitizer build reserves
# terabytes of address space).
if (ulimit -v 200000 && "$OWNSIM" --version) >/dev/null 2>&1; then
    R=""
    for kib in $(seq 20000 5000 90000); do
        (ulimit -v "$kib" && "${TIMEOUT[@]}" "$OWNSIM" check sections.ini --set category.zzz.weight=1 \
            >/dev/null 2>"$T/cap.err" </dev/null)
        rc=$?
        msg=$(cat "$T/cap.err")
        # out of memory names the line when the reader ran out mid-file
        if [[ "$rc:$msg" =~ ^"1:ownsim: sections.ini"(:[0-9]+)?": out of memory"$ ]]; then
            :
        else case "$rc:$msg" in
            "2:ownsim: --set: category.zzz.weight: no section [category.zzz] in sections.ini"*) ;;
            *) R+="under ulimit -v $kib: exit $rc, stderr '$(head -c 200 "$T/cap.err")'; " ;;
        esac; fi
    done
    check "100,000 sections under ulimit -v 20-90 MB: out of memory or the refusal, never a crash" "$R"
else
    ok "100,000 sections under ulimit -v: skipped (the binary does not start under a cap)"
fi

finish
