#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/browser/report.sh — the brief of `ownsim report` in a real browser
# (headless Chromium) and its PDF (poppler's pdfinfo and pdftotext).
#
#   make test-browser          (installs chromium-headless-shell, poppler-utils)
#   OWNSIM=build/ownsim tests/browser/report.sh
#
# What it checks, on the default scenario's brief and on a fixture whose
# model is labelled <script>alert(1)</script>:
#  - the page renders: a screenshot (Chromium --screenshot) is not blank
#    (pngstat.py: share of non-background pixels and number of colours);
#  - layout measured in the browser: measure.js, appended to a test copy of
#    the page, reads every chart's SVG text boxes (getBoundingClientRect) and
#    writes its findings into the DOM, which --dump-dom prints: every text
#    box inside its canvas, no two text boxes of a chart overlapping;
#  - escaping: the brief as written (its CSP intact) has no <script> element
#    in the browser's DOM and shows the label as text; in the test copy an
#    alert() would be counted: none is;
#  - the PDF (A4 and Letter): page size, page count (2..60, Letter at least
#    as many as A4, no blank page) and text (pdftotext): headline, sections,
#    the seed, the label as text.
# Prints "ok - ..." / "not ok - ..." lines and "N passed, M failed"; exits 1
# on any failure.  Takes about 20 s.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tests/browser

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-browser-test.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"
BROWSER=${OWNSIM_CHROMIUM:-}
if [ -z "$BROWSER" ]; then
    for b in chromium-headless-shell chromium chromium-browser google-chrome; do
        BROWSER=$(command -v "$b") && break
    done
fi
missing=""
[ -n "$BROWSER" ] || missing+=" chromium-headless-shell"
command -v pdftotext >/dev/null 2>&1 || missing+=" poppler-utils"
command -v python3 >/dev/null 2>&1 || missing+=" python3"
if [ -n "$missing" ]; then
    echo "not ok - tools: missing$missing (make test-browser installs them)"
    echo "0 passed, 1 failed"
    exit 1
fi
export OWNSIM_CHROMIUM=$BROWSER
# browser ARGS...: headless, its own profile, no sandbox (root in CI)
browser() {
    "${TIMEOUT[@]}" "$BROWSER" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
        --no-first-run --user-data-dir="$T/profile" "$@" 2>>"$T/browser.log"
}
has() { grep -qF -- "$2" "$1" 2>/dev/null || printf "no '%s' in %s; " "$2" "$(basename "$1")"; }

# --- the two briefs
cd "$ROOT" || exit 1
ox run run scenarios/default.ini -q -o "$T/default"
r=$(rc_is 0 run)
ox rep report "$T/default" -o "$T/default.html" --pdf "$T/a4.pdf"
r+=$(rc_is 0 rep)
ox repl report "$T/default" -o "$T/default.html" --pdf "$T/letter.pdf" --paper letter
r+=$(rc_is 0 repl)
SCN=$T/label.ini
awk '/^\[model\.in_house\]/ { print; print "label = <script>alert(1)</script>"; next } { print }' \
    tests/data/small.ini > "$SCN"
ox frun run "$SCN" -q -o "$T/label"
r+=$(rc_is 0 frun)
ox frep report "$T/label" -o "$T/label.html" --pdf "$T/label.pdf"
r+=$(rc_is 0 frep)
check "briefs and PDFs of the default scenario and the fixture" "$r"

# --- the screenshot is not blank
browser --window-size=1280,2400 --screenshot="$T/shot.png" "file://$T/default.html" >/dev/null
read -r w h ink colours < <(python3 "$HERE/pngstat.py" "$T/shot.png" 2>&1) || true
r=""
[ "${w:-0}" = 1280 ] && [ "${h:-0}" = 2400 ] || r+="screenshot ${w:-?}x${h:-?}, want 1280x2400; "
awk -v i="${ink:-0}" -v c="${colours:-0}" 'BEGIN { exit !(i >= 0.02 && c >= 16) }' ||
    r+="blank: ink ${ink:-?}, ${colours:-?} colours (want >= 0.02 and >= 16); "
check "the screenshot is not blank (ink $ink, $colours colours)" "$r"

# --- layout and escaping measured in the browser
# instrument HTML OUT: the page with its CSP replaced by an alert() counter
# and measure.js appended
instrument() {
    awk -v js="$HERE/measure.js" '
/<meta http-equiv="Content-Security-Policy"/ { print "<script>window.__alerts=0;window.alert=function(){window.__alerts++;};</script>"; next }
/^<\/body>$/ { print "<script>"; while ((getline l < js) > 0) print l; print "</script>" }
{ print }' "$1" > "$2"
}
# measured HTML: measure.js's lines
measured() {
    browser --window-size=1280,1024 --virtual-time-budget=5000 --dump-dom "file://$1" |
        sed -n '/<pre id="measure">charts/,/<\/pre>/p' | sed 's/.*<pre id="measure">//; s/<\/pre>.*//'
}
instrument "$T/default.html" "$T/m-default.html"
measured "$T/m-default.html" > "$T/m-default.txt"
r=""
n=$(awk '$1 == "charts" { print $2 }' "$T/m-default.txt"); [ "${n:-0}" = 5 ] || r+="${n:-no} charts measured, want 5; "
n=$(awk '$1 == "texts" { print $2 }' "$T/m-default.txt"); [ "${n:-0}" -ge 50 ] || r+="${n:-no} texts measured; "
grep -q '^outside' "$T/m-default.txt" && r+="$(grep '^outside' "$T/m-default.txt" | head -3 | tr '\n' ';'); "
check "every SVG text box stays inside its canvas ($n texts)" "$r"
r=""
grep -q '^overlap' "$T/m-default.txt" && r+="$(grep '^overlap' "$T/m-default.txt" | head -3 | tr '\n' ';'); "
[ -s "$T/m-default.txt" ] || r+="nothing measured; "
check "no two text boxes of a chart overlap (axis labels included)" "$r"

browser --virtual-time-budget=3000 --dump-dom "file://$T/label.html" > "$T/label.dom"
r=""
grep -qi '<script' "$T/label.dom" && r+="a <script> element in the DOM; "
r+=$(has "$T/label.dom" '&lt;script&gt;alert(1)&lt;/script&gt;')
instrument "$T/label.html" "$T/m-label.html"
measured "$T/m-label.html" > "$T/m-label.txt"
grep -qx 'scripts 2' "$T/m-label.txt" || r+="$(grep scripts "$T/m-label.txt"), want 2 (the test's own); "
grep -qx 'alerts 0' "$T/m-label.txt" || r+="$(grep alerts "$T/m-label.txt"): something ran; "
grep -qx 'shown 1' "$T/m-label.txt" || r+="the label is not shown as text; "
grep -q '^outside\|^overlap' "$T/m-label.txt" && r+="$(grep '^outside\|^overlap' "$T/m-label.txt" | head -2 | tr '\n' ';'); "
check "escaping in the browser: the label is text, no script element, nothing runs" "$r"

# --- the PDFs
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
size() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Page size: *//p'; }
r=""
pa=$(pages "$T/a4.pdf"); pl=$(pages "$T/letter.pdf")
case $(size "$T/a4.pdf") in *"(A4)"*) ;; *) r+="A4 PDF is $(size "$T/a4.pdf"); " ;; esac
case $(size "$T/letter.pdf") in *"(letter)"*) ;; *) r+="Letter PDF is $(size "$T/letter.pdf"); " ;; esac
[ "${pa:-0}" -ge 2 ] && [ "${pa:-0}" -le 60 ] || r+="A4: ${pa:-no} pages, want 2..60; "
[ "${pl:-0}" -ge "${pa:-0}" ] || r+="Letter ${pl:-no} pages < A4 $pa (a Letter page is shorter); "
for i in $(seq 1 "${pa:-0}"); do
    [ -n "$(pdftotext -f "$i" -l "$i" "$T/a4.pdf" - 2>/dev/null | tr -d '[:space:]\f')" ] || r+="A4 page $i is blank; "
done
check "PDF pages: A4 $pa, Letter $pl, none blank" "$r"
pdftotext "$T/a4.pdf" "$T/a4.txt" 2>/dev/null
pdftotext "$T/letter.pdf" "$T/letter.txt" 2>/dev/null
r=""
for f in "$T/a4.txt" "$T/letter.txt"; do
    for s in "Proposal brief: default" "Headline" "Under Fully managed, P1 outages are resolved" \
             "Comparison" "Where the minutes go" "Key assumptions" "Method and caveats" \
             "Reproducibility" "20260422"; do
        r+=$(has "$f" "$s")
    done
done
pdftotext -raw "$T/label.pdf" "$T/label.txt" 2>/dev/null
r+=$(has "$T/label.txt" "<script>alert(1)</script>")
check "PDF text: headline, every section, the seed, the label as text" "$r"

finish
