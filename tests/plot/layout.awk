# layout.awk — layout checks of one SVG chart, from svgtext.awk's lines
# (x, y, font size, anchor, angle, text).  Run with -v W=width -v H=height
# -v MIN=smallest font size allowed -v NAME=chart; prints one line per
# problem ("NAME: ...") and nothing when the layout is clean.
#
# Text extents are estimated, not measured: a character is 0.6 of the font
# size wide (DejaVu Sans, the usual sans-serif, averages 0.55 for lower
# case and 0.64 for digits; the same rule plots/common.gp lays text out
# with); a line reaches 0.8 of the size above its baseline and 0.25 below.
# A multi-byte UTF-8 character counts as one (run in the C locale: bytes
# 0x80-0xBF continue a character).  Checked:
#  - every text lies inside the canvas (1 px of slack);
#  - no font is smaller than MIN;
#  - texts that share a baseline (same y, level: the labels of an x axis,
#    a legend row, the values of a bar) do not overlap horizontally;
#  - texts aligned on one x (the labels of a y axis, a legend column, the
#    lines of a title) do not overlap vertically.
function nchars(s,    t) { t = s; gsub(/[\200-\277]/, "", t); return length(t) }
BEGIN { FS = "\t"; n = 0; bad = 0 }
{
    x = $1 + 0; y = $2 + 0; sz = $3 + 0; an = $4; ang = (($5 % 360) + 360) % 360
    txt = $6
    for (i = 7; i <= NF; i++) txt = txt "\t" $i
    if (txt ~ /^[ ]*$/) next
    w = 0.6 * sz * nchars(txt)
    if (ang == 0 || ang == 180) {
        x0 = an == "start" ? x : (an == "middle" ? x - w / 2 : x - w); x1 = x0 + w
        y0 = y - 0.8 * sz; y1 = y + 0.25 * sz
    } else {   # upright: 90 reads upwards, 270 downwards
        x0 = x - 0.8 * sz; x1 = x + 0.25 * sz
        if (ang == 90) { y1 = an == "start" ? y : (an == "middle" ? y + w / 2 : y + w); y0 = y1 - w }
        else { y0 = an == "start" ? y : (an == "middle" ? y - w / 2 : y - w); y1 = y0 + w }
    }
    if (x0 < -1 || x1 > W + 1 || y0 < -1 || y1 > H + 1) {
        printf "%s: '%s' reaches outside the %sx%s canvas (%.0f..%.0f, %.0f..%.0f)\n", \
            NAME, txt, W, H, x0, x1, y0, y1
        bad = 1
    }
    if (sz < MIN - 0.01) {
        printf "%s: '%s' is %.2f, under the smallest size %s\n", NAME, txt, sz, MIN
        bad = 1
    }
    n++; T[n] = txt; X[n] = x; Y[n] = y; A[n] = an; L[n] = (ang == 0)
    X0[n] = x0; X1[n] = x1; Y0[n] = y0; Y1[n] = y1
}
END {
    for (i = 1; i <= n; i++)
        for (j = i + 1; j <= n; j++) {
            if (L[i] && L[j] && (Y[i] - Y[j]) ^ 2 < 0.25 && \
                X0[i] < X1[j] - 0.5 && X0[j] < X1[i] - 0.5) {
                printf "%s: '%s' and '%s' overlap on one line (y %.1f)\n", NAME, T[i], T[j], Y[i]
                bad = 1
            }
            if (L[i] && L[j] && A[i] == A[j] && (X[i] - X[j]) ^ 2 < 0.25 && \
                Y0[i] < Y1[j] - 0.5 && Y0[j] < Y1[i] - 0.5) {
                printf "%s: '%s' and '%s' overlap in one column (x %.1f)\n", NAME, T[i], T[j], X[i]
                bad = 1
            }
        }
    exit bad
}
