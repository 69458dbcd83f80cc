#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# long_functions.sh: list every C function longer than MAX lines (default
# 80, counted from its opening to its closing brace, both included) in
# src/, include/ and tests/, and fail when one is not in
# tests/lint/long_functions.allow (`file name reason it stays whole`), or
# when that list names a function that is no longer long (so it only
# shrinks).  A Criterion `Test(suite, name)` is named `suite/name`.
#
# Our style puts a definition's braces in column 0 and nothing else there,
# so a body is the lines from a `{` alone in column 0 to the next `}` in
# column 0.  Its declarator is the lines since the last blank line,
# preprocessor line, comment, `;` or column-0 `}`; the name is the
# identifier before the declarator's first `(` (a block whose declarator
# has no `(`, or an `=` before it, is a table, not a function).  Plain awk:
# no tool to install.
#
# So that it cannot miss a function silently it fails on what it cannot
# measure (a definition whose `{` ends its signature line; a `{` in column
# 0 inside a body), it first measures tests/lint/long_functions.fixture.c
# and expects exactly the functions listed at the top of that file, and
# where Universal Ctags is installed it checks that every function ctags
# sees ends where this script saw one end.
set -u
cd "$(dirname "$0")/../.." || exit 1
MAX=${MAX:-80}
allow=tests/lint/long_functions.allow
fixture=tests/lint/long_functions.fixture.c

# measure FILE...: one line `file name first last n` per function (first
# and last are the lines of its braces); `? file line name why` for what
# the rules above cannot measure.
measure() {
    awk '
    function fname(d,    s, m, a) {
        m = match(d, /[A-Za-z_][A-Za-z_0-9]*[ \t]*\(/)
        if (!m || (index(d, "=") && index(d, "=") < m))
            return ""
        s = substr(d, m, RLENGTH - 1)
        sub(/[ \t]+$/, "", s)
        if (s ~ /^(Test|ParameterizedTest|Theory)$/) {   # Criterion: suite/name
            a = substr(d, m + RLENGTH)
            gsub(/[ \t]/, "", a)
            split(a, w, /[,)]/)
            s = w[1] "/" w[2]
        }
        return s
    }
    FNR == 1 { decl = ""; body = 0; block = 0 }
    body {
        if (/^\}/) {
            print FILENAME, name, start, FNR, FNR - start + 1
            body = 0; decl = ""
        } else if (/^\{/)
            print "?", FILENAME, FNR, name, "has a { in column 0 inside its body"
        next
    }
    block { if (/^\}/) { block = 0; decl = "" } next }
    /^\{[ \t]*$/ {
        name = fname(decl)
        if (name == "") block = 1; else { body = 1; start = FNR }
        next
    }
    /^[ \t]*$/ || /^#/ || /^\/[*\/]/ || /^\}/ || /;[ \t]*$/ || /\*\/[ \t]*$/ { decl = ""; next }
    /^[A-Za-z_]/ || decl != "" {
        decl = decl " " $0
        if (fname(decl) == "")
            next
        line = $0
        opens = gsub(/\{/, "{", line); shuts = gsub(/\}/, "}", line)
        if (opens && opens == shuts && line ~ /\}[ \t]*$/) {   # a body on one line
            print FILENAME, fname(decl), FNR, FNR, 1
            decl = ""
        } else if (opens > shuts)
            print "?", FILENAME, FNR, fname(decl), "opens its body at the end of a line"
    }' "$@"
}

bad=0

# 1. the fixture: its header lists `expect name n` for every function in
# it, and `expect ? name` for every one it must refuse to measure
want=$(sed -n 's/^ \* expect //p' "$fixture")
got=$(measure "$fixture" | awk '$1 == "?" { print "?", $4; next } { print $2, $5 }')
if [ -z "$want" ] || [ "$want" != "$got" ]; then
    echo "not ok - $0 measures $fixture wrongly; expected:"
    echo "$want"
    echo "got:"
    echo "$got"
    exit 1
fi
echo "ok - $fixture measured as its header says"

files=$(find src include tests -name '*.[ch]' ! -path 'tests/lint/*' | sort)
# shellcheck disable=SC2086
all=$(measure $files)

# 2. nothing the rules cannot measure
if grep '^? ' <<< "$all" | awk '{ $1 = ""; sub(/^ /, ""); sub(/ /, ":"); sub(/ /, ": "); print }' | grep .; then
    echo "not ok - the lines above break the layout $0 relies on: put the function's braces alone in column 0"
    bad=1
fi

# 3. ctags, where installed, sees no function end this script missed
if ctags --version 2>/dev/null | grep -q 'Universal Ctags'; then
    # shellcheck disable=SC2086
    missed=$(ctags --c-kinds=f --fields=+ne -o - $files |
        awk -F'\t' '{ for (i = 4; i <= NF; i++) if ($i ~ /^end:/) print $2, substr($i, 5), $1 }' |
        awk 'NR == FNR { if ($1 != "?") seen[$1 " " $4] = 1; next }
             !(($1 " " $2) in seen) { print $1 ":" $2 ": " $3 }' <(echo "$all") -)
    if [ -n "$missed" ]; then
        echo "$missed"
        echo "not ok - ctags sees functions ending at the lines above, which $0 did not measure"
        bad=1
    else
        echo "ok - every function ctags sees is measured"
    fi
else
    echo "ok - ctags cross-check # SKIP no Universal Ctags"
fi

# 4. the long ones against the allow list
long=$(awk -v max="$MAX" '$1 != "?" && $5 > max { print $1, $2, $5 }' <<< "$all")
while read -r f name n; do
    [ -n "$f" ] || continue
    reason=$(awk -v f="$f" -v n="$name" '$1 == f && $2 == n { $1 = $2 = ""; sub(/^  /, ""); print; exit }' "$allow")
    if [ -n "$reason" ]; then
        echo "ok - $f: $name is $n lines (kept whole: $reason)"
    else
        echo "not ok - $f: $name is $n lines (over $MAX): split it, or say in $allow why it stays whole"
        bad=1
    fi
done <<< "$long"
while read -r f name reason; do
    case $f in ''|'#'*) continue ;; esac
    if [ -z "$reason" ]; then
        echo "not ok - $allow lists $f $name without a reason"
        bad=1
    fi
    if ! awk -v f="$f" -v n="$name" '$1 == f && $2 == n { found = 1 } END { exit !found }' <<< "$long"; then
        echo "not ok - $allow lists $f $name, which is no longer over $MAX lines: take it off"
        bad=1
    fi
done < "$allow"
[ $bad = 0 ] && echo "ok - no function over $MAX lines except those $allow explains"
exit $bad
