#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/no_library_printing.sh — the library never prints and never
# exits (docs/design.md, "Layers"): only src/cli prints, and errors are
# printed by the error module (src/util/error.c) into a FILE the CLI gives.
# Progress goes through a callback (include/ownsim/progress.h), warnings and
# reports are data or go to a FILE * the caller passes.
#
#   OWNSIM=build/ownsim tests/cli/no_library_printing.sh   (what `make test` runs)
#
# Two checks over src/ and include/ outside src/cli and src/util/error.c:
#  1. grep finds no "stderr" at all, not even in a comment (the issue's
#     "done when" check, kept literal so anyone can repeat it);
#  2. with comments removed (gcc -fpreprocessed), no stdout, stdin or
#     standard stream descriptor, and no call of printf, vprintf, puts,
#     putchar, perror, exit, _exit, _Exit, quick_exit or abort.  fprintf to a
#     FILE * the caller chose (a report, a fragment) is allowed.
# Needs only the sources and gcc; takes well under a second.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-noprint.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"
CC=${CC:-cc}

cd "$ROOT" || exit 1
files=$(find src include -name '*.[ch]' ! -path 'src/cli/*' ! -path src/util/error.c | sort)
[ -n "$files" ] || { nok "library sources" "none found under src/ and include/"; finish; }

# 1. the literal grep
hits=$(grep -n stderr $files)
check "no 'stderr' in library code" "${hits:+$(echo "$hits" | head -5 | tr '\n' ';')}"

# 2. the code itself, comments removed
why=
for f in $files; do
    if ! "$CC" -fpreprocessed -dD -E -P -x c "$f" -o "$T/code.c" 2>"$T/cc.err"; then
        why+="$f: cannot strip comments: $(head -c 200 "$T/cc.err"); "
        continue
    fi
    hit=$(grep -nE '\b(stdout|stdin|STDOUT_FILENO|STDERR_FILENO)\b|(^|[^[:alnum:]_])(printf|vprintf|puts|putchar|perror|exit|_exit|_Exit|quick_exit|abort)[[:space:]]*\(' "$T/code.c" | head -3)
    [ -n "$hit" ] && why+="$f: $(echo "$hit" | tr '\n' ' '); "
done
check "no printing, standard streams or exit in library code" "$why"

finish
