#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/install.sh — make install and make uninstall into a staging tree
# (DESTDIR), and the relocatable binary (include/ownsim/datadir.h).
#
#   OWNSIM=build/ownsim tests/cli/install.sh     (what `make test` runs)
#
# Installs the binary under test (OWNSIM_BIN, not rebuilt) with PREFIX=/usr
# into $T/stage, then checks: every file where README says; the installed
# binary, whose compiled-in prefix is another one, runs the installed
# default.ini (holiday list from the staged share/ownsim) and plots it with
# the staged scripts; the whole tree moved elsewhere still works; a binary
# with no data near it and OWNSIM_PLOTS unset says where it looked; the
# environment still wins; make uninstall leaves no file.  A few seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-install.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"
unset OWNSIM_PLOTS OWNSIM_HOLIDAYS

mk() { make -s --no-print-directory -C "$ROOT" "$@" OWNSIM_BIN="$OWNSIM" PREFIX=/usr DESTDIR="$T/stage"; }

mk install >"$T/install.out" 2>&1
r=$([ $? -eq 0 ] || head -c 300 "$T/install.out")
for f in usr/bin/ownsim usr/share/ownsim/plots/common.gp usr/share/ownsim/plots/stages.gp \
         usr/share/ownsim/scenarios/default.ini usr/share/ownsim/scenarios/holidays/US.ics \
         usr/share/man/man1/ownsim.1 usr/share/man/man5/ownsim-scenario.5 \
         usr/share/bash-completion/completions/ownsim usr/share/zsh/vendor-completions/_ownsim; do
    [ -s "$T/stage/$f" ] || r+="no $f; "
done
[ -x "$T/stage/usr/bin/ownsim" ] || r+="usr/bin/ownsim is not executable; "
n=$(ls "$T/stage/usr/share/ownsim/scenarios/"*.ini | wc -l)
[ "$n" -eq "$(ls "$ROOT/scenarios/"*.ini | wc -l)" ] || r+="$n example scenarios installed; "
check "make install DESTDIR=... PREFIX=/usr puts every file in place" "$r"

# run SHARE_ROOT TAG: the staged binary on the staged example, then plot
run_installed() {
    local bin=$1/usr/bin/ownsim share=$1/usr/share/ownsim r=
    (cd "$T" && "$bin" run "$share/scenarios/default.ini" -o "$T/$2" -r 2 -n 300 -q) \
        >"$T/$2.out" 2>"$T/$2.err" || r+="run: $(head -c 300 "$T/$2.err"); "
    grep -q "holidays_file = $(cd "$share/scenarios/holidays" && pwd -P)/US.ics" \
        "$T/$2/scenario.ini" 2>/dev/null || r+="holidays not from $share; "
    (cd "$T" && "$bin" plot "$T/$2") >"$T/$2-plot.out" 2>"$T/$2-plot.err" ||
        r+="plot: $(head -c 300 "$T/$2-plot.err"); "
    [ -s "$T/$2/charts/stages.png" ] || r+="no charts/stages.png; "
    echo "$r"
}
check "the installed binary finds its scripts and holidays in ../share/ownsim" \
    "$(run_installed "$T/stage" out-staged)"
mv "$T/stage" "$T/moved"
check "the installed tree moved elsewhere still works (relocatable)" \
    "$(run_installed "$T/moved" out-moved)"
mv "$T/moved" "$T/stage"

# a lone copy of the binary: nothing beside it, the compiled-in prefix named
mkdir -p "$T/lone/bin"
cp "$OWNSIM" "$T/lone/bin/ownsim"
(cd "$T" && OWNSIM_HOLIDAYS= "$T/lone/bin/ownsim" check "$ROOT/scenarios/default.ini") \
    >"$T/lone.out" 2>"$T/lone.err"
RC=$?
r=$(rc_is 2 lone)
if [ ! -d /usr/local/share/ownsim/scenarios/holidays ]; then
    has "$T/lone.err" "no holiday list is shipped for US (looked in /usr/local/share/ownsim/scenarios/holidays)"
fi
check "a lone binary says where it looked for the holiday lists" "$r"
# the environment wins over everything
(cd "$T" && OWNSIM_HOLIDAYS="$ROOT/scenarios/holidays" "$T/lone/bin/ownsim" check \
    "$ROOT/scenarios/default.ini") >"$T/env.out" 2>"$T/env.err"
RC=$?
check "OWNSIM_HOLIDAYS names the folder for any binary" "$(rc_is 0 env)"

mk uninstall >"$T/uninstall.out" 2>&1
r=$([ $? -eq 0 ] || head -c 300 "$T/uninstall.out")
left=$(find "$T/stage" -type f | sed "s|$T/stage/||" | head -5)
[ -z "$left" ] || r+="left: $left; "
check "make uninstall removes every file it installed" "$r"
finish
