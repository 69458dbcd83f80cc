#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/options.sh — the command and option tables (src/cli/commands.c,
# src/cli/options.c) and the one parser they drive (issue 13, item 2).
#
#   OWNSIM=build/ownsim tests/cli/options.sh     (what `make test` runs)
#
# The commands and options come from the hidden listing `ownsim help --tsv`,
# so the test follows the tables: a new option or command is checked without
# editing this file.  Checks:
#  1. every command refuses, with exit 2 and a usage message, every option it
#     does not list (long form and letter); check --max-events 5 and outages
#     --max-events 5 by name;
#  2. every option a command lists is accepted by the parser (long form,
#     letter and a unique abbreviation), and shown by COMMAND --help and by
#     help COMMAND;
#  3. an unknown command exits 2 with the closest command when one is near,
#     an unknown option with the closest option; ambiguity and exact names;
#  4. every line of the generated help fits in 100 columns; the Markdown
#     reference names every command and option.
# Prints one line per check, then "N passed, M failed"; exits 1 when
# anything failed.  Takes a few seconds.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEFAULT=$ROOT/scenarios/default.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-options.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"
# options taking a path get one in $T: whatever a command might write lands there
cd "$T" || exit 1

# has FILE TEXT: a reason when FILE does not contain TEXT (fixed string)
has() { grep -qF -- "$2" "$1" || printf "no '%s' in %s (%s); " "$2" "$(basename "$1")" "$(head -c 200 "$1" | tr '\n' ' ')"; }
# lacks FILE TEXT: a reason when FILE contains TEXT
lacks() { ! grep -qF -- "$2" "$1" || printf "'%s' in %s (%s); " "$2" "$(basename "$1")" "$(head -c 200 "$1" | tr '\n' ' ')"; }

# ------------------------------------------------------------ the listing
ox tsv help --tsv
r=$(rc_is 0 tsv)
grep -q '^command	run	' "$T/tsv.out" || r+="no command row for run; "
grep -q '^option	run	--out	-o	' "$T/tsv.out" || r+="no option row for run -o; "
check "help --tsv lists commands and options" "$r"

# commands: NAME ARGS MIN MAX; options: COMMAND LONG LETTER ARG FLAGS
declare -A MIN ARGV HAS TAKES LETTER
CMDS=()
while IFS=$'\t' read -r kind a b c d e; do
    case $kind in
    command)
        CMDS+=("$a")
        MIN[$a]=$c
        ;;
    option)
        HAS[$a $b]=$e
        [ "$d" != - ] && TAKES[$b]=1
        LETTER[$b]=$c
        ;;
    esac
done <"$T/tsv.out"
ALL=$(awk -F'\t' '$1 == "option" {print $3}' "$T/tsv.out" | sort -u)
[ "${#CMDS[@]}" -ge 10 ] && [ "$(echo "$ALL" | wc -l)" -ge 25 ] ||
    nok "listing size" "${#CMDS[@]} commands, $(echo "$ALL" | wc -l) options"

# args CMD: as many positional arguments as CMD needs, all missing files
args() {
    local i
    for ((i = 0; i < ${MIN[$1]}; i++)); do printf '%s\n' "$T/no-such-$i"; done
}

# ------------------------------------------------------------ 1. refused
for cmd in "${CMDS[@]}"; do
    mapfile -t pos < <(args "$cmd")
    why=
    for opt in $ALL; do
        [ -n "${HAS[$cmd $opt]+x}" ] && continue
        val=()
        [ -n "${TAKES[$opt]+x}" ] && val=(5)
        ox refuse "$cmd" "$opt" "${val[@]}" "${pos[@]}"
        w=$(rc_is 2 refuse)$(has "$T/refuse.err" "ownsim $cmd: option $opt does not apply to $cmd")$(has "$T/refuse.err" "Try 'ownsim $cmd --help'.")
        [ -n "$w" ] && why+="$opt: $w"
        l=${LETTER[$opt]}
        if [ "$l" != - ]; then
            ox refuse "$cmd" "$l" "${val[@]}" "${pos[@]}"
            w=$(rc_is 2 refuse)$(has "$T/refuse.err" "option $l does not apply to $cmd")
            [ -n "$w" ] && why+="$l: $w"
        fi
    done
    check "$cmd refuses every option it does not list (exit 2, usage message)" "$why"
done

ox maxev check --max-events 5 "$DEFAULT"
r=$(rc_is 2 maxev)$(has "$T/maxev.err" "option --max-events does not apply to check")
[ -s "$T/maxev.out" ] && r+="printed a scenario; "
check "check --max-events 5: exit 2, nothing on stdout" "$r"
ox maxev_out outages "$DEFAULT" --max-events 5 -o "$T/maxev.csv"
r=$(rc_is 2 maxev_out)$(has "$T/maxev_out.err" "option --max-events does not apply to outages")
[ -e "$T/maxev.csv" ] && r+="maxev.csv written; "
check "outages --max-events 5: exit 2, nothing written" "$r"
ox maxev_run run "$DEFAULT" -n 2000 -r 1 -q --max-events 0 -o "$T/maxev_run"
r=$(rc_is 0 maxev_run)
[ -f "$T/maxev_run/models.csv" ] || r+="no models.csv; "
check "run --max-events 0 (listed): runs" "$r"

# ------------------------------------------------------------ 2. accepted
# The parser must take the option: whatever happens next (the positional
# arguments name no file), no message about the option itself.
refusals=("does not apply" "unknown option" "ambiguous option" "needs a value" "takes no value")
accepted() {
    local tag=$1 t w=
    w=$(rc_is_below 124)
    for t in "${refusals[@]}"; do w+=$(lacks "$T/$tag.err" "$t"); done
    printf '%s' "$w"
}
rc_is_below() { [ "$RC" -lt "$1" ] || printf 'exit %s (crash, signal or timeout); ' "$RC"; }
for cmd in "${CMDS[@]}"; do
    mapfile -t pos < <(args "$cmd")
    why=
    ox chelp "$cmd" --help
    cp "$T/chelp.out" "$T/chelp.txt"
    ox hhelp help "$cmd"
    cmp -s "$T/chelp.txt" "$T/hhelp.out" || why+="help $cmd differs from $cmd --help; "
    for opt in $ALL; do
        [ -n "${HAS[$cmd $opt]+x}" ] || continue
        val=()
        [ -n "${TAKES[$opt]+x}" ] && val=(1)
        l=${LETTER[$opt]}
        if [ "$opt" = --help ]; then
            for form in --help -h --he; do
                ox acc "$cmd" "$form"
                w=$(rc_is 0 acc)$(has "$T/acc.out" "usage: ownsim $cmd")
                [ -n "$w" ] && why+="$form: $w"
            done
            continue
        fi
        forms=("$opt" "${opt:0:$((${#opt} - 1))}")
        [ "$l" != - ] && forms+=("$l")
        # an abbreviation counts only when no other option of cmd shares it
        # and it is not itself the name of an option (--rep is not --reps)
        n=$(printf '%s\n' $ALL | while read -r o; do [ -n "${HAS[$cmd $o]+x}" ] && echo "$o"; done |
            grep -c -- "^${forms[1]}")
        { [ "$n" -eq 1 ] && ! printf '%s\n' $ALL | grep -qx -- "${forms[1]}"; } || unset 'forms[1]'
        for form in "${forms[@]}"; do
            ox acc "$cmd" "$form" "${val[@]}" "${pos[@]}"
            w=$(accepted acc)
            [ -n "$w" ] && why+="$form: $w"
        done
        case ${HAS[$cmd $opt]} in *hidden*) continue ;; esac
        grep -qF -- "$opt" "$T/chelp.txt" || why+="$opt not in $cmd --help; "
    done
    check "$cmd accepts every option it lists (long, letter, abbreviation) and shows it in its help" "$why"
done

# ------------------------------------------------------------ 3. names
ox typo rnu "$DEFAULT"
r=$(rc_is 2 typo)$(has "$T/typo.err" "unknown command 'rnu' (did you mean 'run'?)")$(has "$T/typo.err" "Try 'ownsim --help'.")
check "unknown command rnu: exit 2, suggests run" "$r"
ox typo2 swepe "$DEFAULT"
r=$(rc_is 2 typo2)$(has "$T/typo2.err" "did you mean 'sweep'?")
check "unknown command swepe: suggests sweep" "$r"
ox far zzqqxxyy
r=$(rc_is 2 far)$(has "$T/far.err" "unknown command 'zzqqxxyy'")$(lacks "$T/far.err" "did you mean")
check "unknown command with nothing near: exit 2, no suggestion" "$r"
ox htypo help chekc
r=$(rc_is 2 htypo)$(has "$T/htypo.err" "unknown command 'chekc' (did you mean 'check'?)")
check "help chekc: exit 2, suggests check" "$r"
ox otypo run "$DEFAULT" --seeed 3 -o "$T/none"
r=$(rc_is 2 otypo)$(has "$T/otypo.err" "unknown option '--seeed' (did you mean --seed?)")
[ -e "$T/none" ] && r+="$T/none created; "
check "run --seeed: exit 2, suggests --seed" "$r"
ox amb run "$DEFAULT" --s 1 -o "$T/none"
r=$(rc_is 2 amb)$(has "$T/amb.err" "ambiguous option '--s': --seed, --set?")$(has "$T/amb.err" "not options of run")
check "run --s: ambiguous between run's --seed and --set, others named apart" "$r"
ox exact run "$DEFAULT" --rep 1 -o "$T/none"
r=$(rc_is 2 exact)$(has "$T/exact.err" "option --rep does not apply to run")
check "run --rep: an exact name of another command's option, not an abbreviation of --reps" "$r"
ox other plot "$T" --sha 1/2
r=$(rc_is 2 other)$(has "$T/other.err" "option --shard does not apply to plot")
check "plot --sha: the unique abbreviation of another command's option is named in full" "$r"
ox dashdash check -- --set
r=$(rc_is 2 dashdash)$(has "$T/dashdash.err" "--set")$(lacks "$T/dashdash.err" "needs a value")
check "check -- --set: after --, --set is the SCENARIO (a file), not an option" "$r"
ox order run "$DEFAULT" -qx -j 0
r=$(rc_is 2 order)$(has "$T/order.err" "unknown option '-x'")$(lacks "$T/order.err" "-j needs")
check "options are checked in order: the first bad one is reported" "$r"

# ------------------------------------------------------------ 4. generated text
why=
ox usage --help
cp "$T/usage.out" "$T/all-help.txt"
ox hplain help
cmp -s "$T/usage.out" "$T/hplain.out" || why+="help differs from --help; "
for cmd in "${CMDS[@]}"; do
    grep -q "^  ownsim $cmd\\b" "$T/usage.out" || why+="no usage line for $cmd; "
    grep -q "^  $cmd  *[a-z]" "$T/usage.out" || why+="no summary for $cmd; "
    ox h help "$cmd"
    cat "$T/h.out" >>"$T/all-help.txt"
done
ox noargs
[ "$RC" -eq 2 ] && cmp -s "$T/noargs.err" "$T/usage.out" || why+="ownsim without a command: not the usage on stderr with exit 2; "
long=$(awk 'length($0) > 100 {print FILENAME ": " $0; exit}' "$T/all-help.txt")
[ -n "$long" ] && why+="a line over 100 columns: $long; "
check "usage lists every command with a summary; no help line over 100 columns" "$why"

ox md help --markdown
why=$(rc_is 0 md)
for cmd in "${CMDS[@]}"; do grep -q "^## ownsim $cmd\$" "$T/md.out" || why+="no section for $cmd; "; done
while IFS=$'\t' read -r kind cmd opt _ _ flags; do
    [ "$kind" = option ] || continue
    case $flags in *hidden*) continue ;; esac
    # within the command's section
    awk -v c="## ownsim $cmd" -v o="\`$opt" '$0 == c {s = 1; next} /^## / {s = 0} s && index($0, o) {f = 1} END {exit !f}' \
        "$T/md.out" || why+="$cmd $opt not in its Markdown section; "
done <"$T/tsv.out"
check "help --markdown: a section per command with each of its options" "$why"

finish
