# svgtext.awk — the text elements of an SVG written by gnuplot's svg
# terminal, one per line, tab-separated:
#   x  y  font-size  anchor(start|middle|end)  angle(degrees, 0 = level)  text
# (x, y: the anchor point, y the baseline; text with XML entities decoded).
# gnuplot writes each text as <g transform="translate(X,Y) [rotate(A)]" ...
# font-size="S" text-anchor="A"> followed by <text>...</text> (one <g> per
# line of a multi-line text); that is all this reads.  Plain awk.
function attr(s, name,    m) {
    if (match(s, name "=\"[^\"]*\"")) {
        m = substr(s, RSTART + length(name) + 2, RLENGTH - length(name) - 3)
        return m
    }
    return ""
}
function decode(s) {
    gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s)
    gsub(/&apos;/, "'", s); gsub(/&#39;/, "'", s); gsub(/&amp;/, "\\&", s)
    return s
}
/<g transform="translate\(/ && /font-size=/ {
    t = attr($0, "transform")
    sub(/^translate\(/, "", t)
    split(t, p, /[,)]/)
    gx = p[1] + 0; gy = p[2] + 0
    ang = 0
    if (match(t, /rotate\(-?[0-9.]+\)/))
        ang = -(substr(t, RSTART + 7, RLENGTH - 8) + 0)   # SVG turns clockwise
    size = attr($0, "font-size") + 0
    anchor = attr($0, "text-anchor"); if (anchor == "") anchor = "start"
    have = 1
    next
}
have && /<text[ >]/ {
    s = $0
    sub(/^.*<text[^>]*>/, "", s)
    sub(/<\/text>.*$/, "", s)
    gsub(/<[^>]*>/, "", s)          # tspans, if any
    printf "%s\t%s\t%s\t%s\t%s\t%s\n", gx, gy, size, anchor, ang, decode(s)
    next
}
/<\/g>/ { have = 0 }
