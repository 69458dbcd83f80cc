#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/completion.sh — the bash and zsh completions: completion/ownsim.bash
# and completion/_ownsim are what `ownsim help --completion bash|zsh`
# generates (`make man` rewrites them), and the bash one, sourced, offers
# what docs/design.md ("Completion") says: commands, options, fixed value
# lists, metrics, models and scenario keys, files and folders.
#
#   OWNSIM=build/ownsim tests/cli/completion.sh     (what `make test` runs)
#
# The zsh script is checked with `zsh -n` where zsh is installed (it is not
# a dependency).  A second or so.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-completion.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

for sh in bash:ownsim.bash zsh:_ownsim; do
    name=${sh%%:*} file=${sh#*:}
    ox "$name" help --completion "$name"
    r=$(rc_is 0 "$name")
    if [ -z "$r" ] && ! cmp -s "$T/$name.out" "$ROOT/completion/$file"; then
        r="completion/$file is stale: run 'make man'"
    fi
    check "completion/$file is what 'ownsim help --completion $name' generates" "$r"
done
r=$(bash -n "$ROOT/completion/ownsim.bash" 2>&1)
check "bash -n completion/ownsim.bash" "$r"
if command -v zsh >/dev/null 2>&1; then
    r=$(zsh -n "$ROOT/completion/_ownsim" 2>&1)
    check "zsh -n completion/_ownsim" "$r"
else
    echo "ok - zsh -n completion/_ownsim # SKIP zsh is not installed"
fi

# COMPREPLY for a command line; the word being completed is the last one
cd "$ROOT" || exit 1
# shellcheck source=/dev/null
. "$ROOT/completion/ownsim.bash"
comp() {
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMPREPLY=()
    _ownsim
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
# want WHAT GOT EXPECTED: a reason when they differ
want() { [ "$2" = "$3" ] || printf '%s: got [%s], want [%s]; ' "$1" "$2" "$3"; }
# holds WHAT GOT WORD: a reason when WORD is not among GOT
holds() { [[ " $2 " == *" $3 "* ]] || printf '%s: no %s in [%.80s]; ' "$1" "$3" "$2"; }

r=
want "command" "$(comp ownsim sw)" "sweep"
holds "commands" "$(comp ownsim '')" "calibrate"
holds "commands" "$(comp ownsim '')" "--version"
want "option" "$(comp ownsim plot --fo)" "--format"
holds "options of run" "$(comp ownsim run x.ini --)" "--outages"
holds "options of run" "$(comp ownsim run x.ini -)" "-o"
want "not another command's option" "$(comp ownsim check x.ini --tr)" ""
check "commands and each command's options" "$r"

r=
want "fixed list" "$(comp ownsim plot --format '')" "pdf png svg"
want "fixed list after =" "$(comp ownsim plot --format = p)" "pdf png"
want "fixed list" "$(comp ownsim report d --paper '')" "a4 letter"
holds "metrics" "$(comp ownsim breakeven scenarios/default.ini --metric ttr_m)" "ttr_mean"
want "models of the scenario on the line" \
    "$(comp ownsim breakeven scenarios/default.ini --model '')" \
    "co_managed co_managed_mature fully_managed in_house"
check "option values: fixed lists, metrics, models" "$r"

r=
want "singleton key" "$(comp ownsim run scenarios/default.ini --set simulation.se)" "simulation.seed="
want "named kind" "$(comp ownsim sweep scenarios/default.ini --vary par)" "party."
want "names from the scenario" "$(comp ownsim run scenarios/default.ini --set party.)" \
    "party.internal. party.msp. party.msp_desk."
want "key of a named section" "$(comp ownsim run scenarios/default.ini --set party.msp.sta)" \
    "party.msp.staff="
want "no such kind" "$(comp ownsim run scenarios/default.ini --set nosuch.x.y)" ""
check "scenario keys after --set and --vary" "$r"

r=
want "scenario file" "$(comp ownsim run scenarios/default.i)" "scenarios/default.ini"
want "folder argument" "$(comp ownsim merge scenarios/hol)" "scenarios/holidays"
want "file option" "$(comp ownsim run x.ini --outages scenarios/mm)" "scenarios/mmc.ini"
want "folder option" "$(comp ownsim run x.ini -o scenarios/h)" "scenarios/holidays"
want "help COMMAND" "$(comp ownsim help sen)" "sensitivity"
check "files, folders and command names as arguments" "$r"
finish
