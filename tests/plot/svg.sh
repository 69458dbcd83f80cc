# SPDX-License-Identifier: GPL-3.0-or-later
# tests/plot/svg.sh — helpers for tests that read the SVG charts (sourced;
# needs ROOT, the repository).  Defines functions only: a script that
# defines one of its own after sourcing this file uses its own.
#
# need_gnuplot: when gnuplot is not installed, says so as a failed check
#   and exits 1 (the charts cannot be drawn).
# has FILE TEXT: a reason when FILE does not contain TEXT (fixed string).
# layout FILE: the problems tests/plot/layout.awk finds in FILE (a 1600x900
#   canvas, no font under 25 px), as a reason; a reason when FILE is
#   missing or empty.
# long_labels DIR: every [model|severity|party|category.X] of
#   DIR/scenario.ini labelled with 60 characters (an existing label
#   replaced), with '%' and quotes.
# svg_texts FILE: the text elements of FILE (tests/plot/svgtext.awk: x, y,
#   font size, anchor, angle, text; tab-separated)
# has_text FILE TEXT: a reason when TEXT is not drawn in FILE.  Long
#   labels are wrapped over several text elements, at blanks (which are
#   dropped) or after ',', '/' or '(': so the texts are joined in document
#   order and compared with TEXT with every blank removed on both sides.
svg_texts() { LC_ALL=C awk -f "$ROOT/tests/plot/svgtext.awk" "$1"; }
has_text() {
    local want got
    want=$(printf '%s' "$2" | tr -d ' \n')
    got=$(svg_texts "$1" 2>/dev/null | cut -f6- | tr -d ' \n')
    case $got in
    *"$want"*) ;;
    *) printf "'%s' not drawn in %s; " "$2" "$(basename "$1")" ;;
    esac
}

need_gnuplot() {
    command -v gnuplot >/dev/null 2>&1 && return 0
    echo "not ok - gnuplot: not installed (Debian package gnuplot-nox; make deps installs it)"
    echo "0 passed, 1 failed"
    exit 1
}
has() { grep -qF -- "$2" "$1" 2>/dev/null || printf "no '%s' in %s; " "$2" "$(basename "$1")"; }
layout() {
    local p
    [ -s "$1" ] || { printf 'no %s; ' "$(basename "$1")"; return; }
    p=$(svg_texts "$1" | LC_ALL=C awk -f "$ROOT/tests/plot/layout.awk" -v W=1600 -v H=900 \
        -v MIN=25.0 -v NAME="$(basename "$1")" | head -5 | tr '\n' ' ')
    [ -n "$p" ] && printf '%s; ' "$p"
}
long_labels() {
    awk '/^[ \t]*label[ \t]*=/ && keep { next }
         { print }
         /^\[(model|severity|party|category)\.[^]]*\]/ {
             id = $0; sub(/^\[[a-z]*\./, "", id); sub(/\].*$/, "", id)
             l = "Label of " id " at sixty characters, 100% and \"quoted\" text"
             while (length(l) < 60) l = l "."
             print "label = " substr(l, 1, 60); keep = 1; next }
         /^\[/ { keep = 0 }' "$1/scenario.ini" >"$1/scenario.ini.new" &&
        mv "$1/scenario.ini.new" "$1/scenario.ini"
}
