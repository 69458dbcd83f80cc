#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# layers.sh: check that the code's includes follow the layer picture in
# docs/design.md ("## Layers"), which is the one table of layers.
#
# Each line of the picture's code block is `layer  path  text...`; a layer
# may take several lines; lines further down are lower layers.  A source
# file belongs to the layer of the longest path that is a prefix of its
# name; a public header include/ownsim/X.h to the layer of a line naming the
# header itself (header-only headers), else of the file src/*/X.c, else of
# the source file whose first include it is (its implementation).  A file may include headers of its own layer or of
# lower ones, never of a higher one.  Also fails when a source file or a
# header has no layer, so the picture cannot fall behind the tree.
# Prints one line per offence and exits 1; prints "ok" lines otherwise.
set -u
cd "$(dirname "$0")/../.."
# `layer path text`; an indented line that starts with a path adds that path
# to the layer above it; other indented lines continue the text
pic=$(awk '/^## Layers/ { on = 1; next } on && /^```/ { n++; if (n == 2) exit; next }
           on && n == 1 && NF >= 1 {
               if ($0 ~ /^[^ ]/) { name = $1; if (NF >= 2) print $1, $2 }
               else if ($1 ~ /^(src|include)\//) print name, $1 }' docs/design.md)
[ -n "$pic" ] || { echo "not ok - no layer picture in docs/design.md"; exit 1; }
# rank: bottom line's layer is 0; a name keeps the rank of its lowest line
ranks=$(echo "$pic" | tac | awk '{ if (!($1 in r)) r[$1] = n++; print $1, r[$1], $2 }')

layer_of() {   # path -> "name rank" (longest prefix), or nothing
    echo "$ranks" | awk -v f="$1" '
        index(f, $3) == 1 && length($3) > best { best = length($3); out = $1 " " $2 }
        END { if (best) print out }'
}

header_layer() {   # ownsim/X.h -> "name rank"
    local h=$1 l impl
    l=$(layer_of "include/$h")
    if [ -n "$l" ]; then echo "$l"; return; fi
    impl=$(ls src/*/"$(basename "$h" .h)".c 2>/dev/null | head -1)
    # else the file that includes it first of all: its own header
    [ -n "$impl" ] || impl=$(grep -l -m1 "^#include \"$h\"" src/*/*.c src/*/*.h 2>/dev/null |
                             while read -r g; do
                                 [ "$(grep -m1 '^#include "' "$g")" = "#include \"$h\"" ] && echo "$g"
                             done | head -1)
    [ -n "$impl" ] && layer_of "$impl"
}

bad=0
for f in src/*/*.c src/*/*.h include/ownsim/*.h; do
    if [[ $f == include/* ]]; then
        fl=$(header_layer "${f#include/}")
    else
        fl=$(layer_of "$f")
    fi
    if [ -z "$fl" ]; then
        echo "not ok - $f belongs to no layer of docs/design.md"
        bad=1
        continue
    fi
    frank=${fl#* }
    for h in $(grep -o '^#include "ownsim/[a-z_]*\.h"' "$f" | sed 's/#include "//; s/"//'); do
        hl=$(header_layer "$h")
        if [ -z "$hl" ]; then
            echo "not ok - $h (included by $f) belongs to no layer of docs/design.md"
            bad=1
        elif [ "${hl#* }" -gt "$frank" ]; then
            echo "not ok - $f (${fl% *}) includes $h of the higher layer ${hl% *}"
            bad=1
        fi
    done
done
[ $bad = 0 ] && echo "ok - every include follows the layers of docs/design.md"
exit $bad
