#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/plot_style.sh — known answers of the shared chart style's helpers
# (plots/common.gp): the number formats of every axis and value label, the
# money format, wrapping, tic-label quoting and tick steps.  Runs gnuplot on
# a script that loads common.gp as a chart would (stub driver variables) and
# prints each helper's result; compares them with the answers below.
#
#   OWNSIM=build/ownsim tests/cli/plot_style.sh      (what `make test` runs)
#
# Prints "ok - NAME" or "not ok - NAME: reason" per check, then "N passed,
# M failed"; exits 1 when anything failed.  Needs gnuplot.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-style-test.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"
if ! command -v gnuplot >/dev/null 2>&1; then
    echo "not ok - gnuplot: not installed (Debian package gnuplot-nox; make deps installs it)"
    echo "0 passed, 1 failed"
    exit 1
fi

# the helpers' answers, one "expression<TAB>expected" per line
cat >"$T/cases.tsv" <<'CASES'
human(0)	0
human(0.004)	0
human(0.5)	0.5
human(12.5)	12.5
human(600)	600
human(999.7)	1k
human(1500)	1.5k
human(600000)	600k
human(1.2e6)	1.2M
human(1e7)	10M
human(12345678)	12.3M
human(2.5e9)	2.5G
human(-1500)	-1.5k
money(226000)	$226k
money(-3000)	-$3k
money(0)	$0
wrap('lognormal(median=15, p90=60)', 12)	lognormal(|median=15,|p90=60)
wrap('Co-managed (mature) with a long name', 20)	Co-managed (mature)|with a long name
wrap('short', 20)	short
tic('100% and 50%')	100%% and 50%%
sprintf('%g', nice_step(3, 5))	0.5
sprintf('%g', nice_step(600, 6))	100
sprintf('%g', nice_step(380000, 5))	100000
sprintf('%g', nice_step(47, 5))	10
code(3)	C
sprintf('%d', nlines("a\nb\nc"))	3
CASES
{
    echo "title_prefix = ''"
    echo "canvas_w = 1600"
    echo "canvas_h = 900"
    echo "font_base = 28.22"
    echo "money_prefix = '\$'"
    echo "heading_file = '$T/heading'"
    echo "chart_title = 'test'"
    echo "subtitle = 'test'"
    echo "set terminal svg"
    echo "set output '$T/out.svg'"
    echo "load '$ROOT/plots/common.gp'"
    echo "set print '$T/got.txt'"
    cut -f1 "$T/cases.tsv" | while IFS= read -r e; do
        echo "print $e"
    done
} >"$T/test.gp"
r=""
gnuplot "$T/test.gp" 2>"$T/gp.err" || r+="gnuplot failed: $(head -c 300 "$T/gp.err"); "
check "common.gp loads and every helper runs" "$r"

# got.txt: one result per case; a result wrap() broke into lines spans
# several lines, written '|'-separated in the answers above
awk -F '\t' 'NR == FNR { n++; want[n] = $2; expr[n] = $1; next }
    { got = got (got == "" ? "" : "|") $0 }
    END {
        rest = got
        for (k = 1; k <= n; k++) {
            m = split(want[k], parts, "|")
            s = ""
            for (j = 1; j <= m; j++) {
                p = index(rest, "|")
                piece = p ? substr(rest, 1, p - 1) : rest
                rest = p ? substr(rest, p + 1) : ""
                s = s (j > 1 ? "|" : "") piece
            }
            if (s != want[k]) printf "%s gave \"%s\", want \"%s\"; ", expr[k], s, want[k]
        }
    }' "$T/cases.tsv" "$T/got.txt" >"$T/diff.txt" 2>&1
check "number, money, wrap, tic and step helpers give their known answers" "$(cat "$T/diff.txt")"

finish
