#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/browser/pngstat.py PNG: print `WIDTH HEIGHT INK COLOURS` for a PNG
screenshot, decoded with the standard library only (zlib and the five PNG
row filters; 8-bit RGB or RGBA, not interlaced, as Chromium writes them):
INK is the share of pixels (0..1) that differ from the most common colour
(the page background), COLOURS the number of distinct colours.  A blank
page has INK 0 and 1 colour.  Exit 2 for a file it cannot read."""
import struct
import sys
import zlib
from collections import Counter


def main(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a PNG: " + path)
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        sys.exit("unsupported PNG: depth %d colour type %d interlace %d" % (depth, ctype, interlace))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    colours = Counter()
    for y in range(h):
        f = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                row[i] = (row[i] + a) & 255
            elif f == 2:
                row[i] = (row[i] + b) & 255
            elif f == 3:
                row[i] = (row[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                row[i] = (row[i] + pr) & 255
        colours.update(bytes(row[i:i + bpp]) for i in range(0, stride, bpp))
        prev = row
    top = colours.most_common(1)[0][1]
    print(w, h, "%.4f" % (1 - top / (w * h)), len(colours))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        main(sys.argv[1])
    except (OSError, zlib.error, struct.error, TypeError) as err:
        print("cannot read %s: %s" % (sys.argv[1], err), file=sys.stderr)
        sys.exit(2)
