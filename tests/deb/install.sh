#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/deb/install.sh DEB — the Debian package as a user gets it (make
# test-deb): install DEB with apt-get (pulling its dependencies), run the
# installed /usr/bin/ownsim on the installed example scenario
# /usr/share/ownsim/scenarios/default.ini (its holiday list found under
# /usr/share/ownsim), draw the charts with the installed gnuplot scripts,
# render `man ownsim` and `man ownsim-scenario`, and check the completion
# files are in place.  The package is removed on every exit (trap), so a
# failed step never leaves it installed; refuses to start when ownsim is
# installed already (it would not be ours to remove).  Needs root (or sudo).
set -u
DEB=${1:?usage: tests/deb/install.sh ownsim_VERSION_ARCH.deb}
case $DEB in /*) ;; *) DEB=$PWD/$DEB ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-deb.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
OWNSIM=/usr/bin/ownsim
unset OWNSIM_PLOTS OWNSIM_HOLIDAYS OWNSIM_GNUPLOT   # the installed data, found by the binary
npass=0
nfail=0
ok() { echo "ok - $1"; npass=$((npass + 1)); }
nok() { echo "not ok - $1: $2"; nfail=$((nfail + 1)); }
check() { if [ -z "$2" ]; then ok "$1"; else nok "$1" "${2%; }"; fi; }

if dpkg-query -W -f='${Status}' ownsim 2>/dev/null | grep -q 'ok installed'; then
    echo "not ok - ownsim is installed already: remove it first (apt-get remove ownsim)"
    exit 1
fi
cleanup() {
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq --purge ownsim >/dev/null 2>&1
    if dpkg-query -W -f='${Status}' ownsim 2>/dev/null | grep -q 'ok installed'; then
        echo "not ok - the package is still installed after the test"
    fi
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "$DEB" gnuplot-nox >"$T/apt.log" 2>&1
check "apt-get install ./$(basename "$DEB")" "$([ $? -eq 0 ] || tail -5 "$T/apt.log" | tr '\n' ' ')"
[ -x $OWNSIM ] || { nok "installed binary" "no $OWNSIM"; echo "$npass passed, $nfail failed"; exit 1; }

# the installed binary on the installed example, from a folder far from the
# source tree (nothing found beside a development binary)
cd "$T" || exit 1
share=/usr/share/ownsim
$OWNSIM run $share/scenarios/default.ini -o "$T/run" -r 2 -n 500 -q >"$T/run.out" 2>"$T/run.err"
rc=$?
r=
[ $rc -eq 0 ] || r+="exit $rc: $(head -c 300 "$T/run.err"); "
[ -s "$T/run/models.csv" ] || r+="no models.csv; "
grep -q "holidays_file = $share/scenarios/holidays/US.ics" "$T/run/scenario.ini" 2>/dev/null ||
    r+="the holiday list is not the installed one; "
check "installed ownsim runs the installed default.ini (holidays from $share)" "$r"

$OWNSIM plot "$T/run" >"$T/plot.out" 2>"$T/plot.err"
rc=$?
r=
[ $rc -eq 0 ] || r+="exit $rc: $(head -c 300 "$T/plot.err"); "
n=$(ls "$T/run/charts"/*.png 2>/dev/null | wc -l)
[ "$n" -ge 5 ] || r+="$n charts, want 5; "
check "installed ownsim plot finds the installed gnuplot scripts" "$r"

r=
MANWIDTH=80 man ownsim >"$T/man1.txt" 2>"$T/man1.err" || r+="man ownsim failed: $(head -c 200 "$T/man1.err"); "
grep -q 'ownsim run SCENARIO' "$T/man1.txt" || r+="no 'ownsim run SCENARIO' in man ownsim; "
MANWIDTH=80 man 5 ownsim-scenario >"$T/man5.txt" 2>&1 || r+="man 5 ownsim-scenario failed; "
grep -q 'max_in_flight' "$T/man5.txt" || r+="no key max_in_flight in man 5 ownsim-scenario; "
check "man ownsim and man 5 ownsim-scenario render" "$r"

r=
for f in /usr/share/bash-completion/completions/ownsim /usr/share/zsh/vendor-completions/_ownsim \
         /usr/share/doc/ownsim/copyright; do
    [ -s "$f" ] || r+="no $f; "
done
cmp -s /usr/share/bash-completion/completions/ownsim "$ROOT/completion/ownsim.bash" ||
    r+="the installed bash completion differs from completion/ownsim.bash; "
check "completions and copyright installed" "$r"

echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
