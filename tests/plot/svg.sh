# tests/plot/svg.sh — helpers for tests that read the SVG charts (sourced;
# needs ROOT, the repository).
#
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
