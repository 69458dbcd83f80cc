#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/lint/spdx.sh — every source file names its licence (issue 25 item
# 4): C sources and headers, shell scripts, gnuplot scripts, Python, the
# Makefile and .ci/run carry "SPDX-License-Identifier: GPL-3.0-or-later" in
# their first two lines (the second after a #! line).  Left out: test data,
# fuzz corpora and tests/lint/long_functions.fixture.c (whose line numbers
# its test measures).  The licence text is LICENSE.
cd "$(dirname "$0")/../.." || exit 1
bad=""
n=0
while IFS= read -r f; do
    n=$((n + 1))
    head -2 "$f" | grep -q 'SPDX-License-Identifier: GPL-3.0-or-later' || bad+=" $f"
done < <(git ls-files 2>/dev/null | grep -E '\.(c|h|sh|gp|py)$|^Makefile$|^\.ci/run$' |
         grep -v -E '^tests/(data|fuzz/corpus|fuzz/regressions)/|long_functions\.fixture\.c$')
if [ "$n" = 0 ]; then
    echo "ok - SPDX lines: skipped (not a git checkout)"
elif [ -z "$bad" ]; then
    echo "ok - SPDX line in each of $n source files"
else
    echo "not ok - no SPDX-License-Identifier line in:$bad"
    exit 1
fi
[ -s LICENSE ] || { echo "not ok - no LICENSE"; exit 1; }
