# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/lib.sh — shared by the command-line test scripts (sourced).
#
# Before sourcing, set T (the script's temporary folder) and OWNSIM (the
# binary, absolute).  Gives: ok/nok/check to report (TAP-like lines, counted in
# npass/nfail), has to look for a text in a file, ox to run ownsim capturing its output and exit status, rc_is
# to turn an unexpected exit status into a reason, and finish to print the
# closing "N passed, M failed" line and exit accordingly.

npass=0
nfail=0
ok() { echo "ok - $1"; npass=$((npass + 1)); }
nok() { echo "not ok - $1: $2"; nfail=$((nfail + 1)); }
# check NAME REASONS: ok when REASONS is empty
check() { if [ -z "$2" ]; then ok "$1"; else nok "$1" "${2%; }"; fi; }
# has FILE TEXT: a reason when FILE does not hold TEXT (a script may define
# its own has after sourcing this, to say more)
has() { grep -qF -- "$2" "$1" || printf "no '%s' in %s; " "$2" "$(basename "$1")"; }

if [ ! -x "$OWNSIM" ]; then
    echo "not ok - binary: $OWNSIM is not an executable (build it with make build/ownsim)"
    echo "0 passed, 1 failed"
    exit 1
fi

TIMEOUT=()
command -v timeout >/dev/null 2>&1 && TIMEOUT=(timeout 60)

# ox TAG ARGS...: run ownsim; stdout in $T/TAG.out, stderr in $T/TAG.err,
# exit status in RC.  Input comes from /dev/null.
RC=0
ox() {
    local tag=$1
    shift
    "${TIMEOUT[@]}" "$OWNSIM" "$@" >"$T/$tag.out" 2>"$T/$tag.err" </dev/null
    RC=$?
}

# rc_is WANT [TAG]: a reason when RC differs (with TAG's stderr when given),
# saying so when the exit looks like a crash, a signal or the time-out.
rc_is() {
    if [ "$RC" -ne "$1" ]; then
        if [ "$RC" -ge 124 ]; then
            printf 'exit %s (crash, signal or timeout), want %s; ' "$RC" "$1"
        else
            printf 'exit %s, want %s; ' "$RC" "$1"
        fi
        [ -n "${2:-}" ] && [ -s "$T/$2.err" ] && printf 'stderr: %s; ' "$(head -c 200 "$T/$2.err" | tr '\n' ' ')"
    fi
    return 0
}

# sans_implausible FILE: FILE without the "implausible" warnings of what a
# scenario implies (docs/model.md §12), which runs of the deliberately extreme
# test scenarios print; for checks about other messages
sans_implausible() { grep -av '^ownsim: warning: implausible: ' "$1"; }

# bad_edit NAME LINE KEY MESSAGE SED: the script's fixture $T/s.ini edited by
# the sed script SED, run on the outage list $T/o.csv, must exit 2 with
# "FILE:LINE: KEY" and MESSAGE on stderr and create no output folder
bad_edit() {
    local tag=b$npass$nfail
    sed "$5" "$T/s.ini" > "$T/$tag.ini"
    ox "$tag" run "$T/$tag.ini" --outages "$T/o.csv" -q -o "$T/$tag.out.d"
    R=$(rc_is 2 "$tag")
    R+=$(has "$T/$tag.err" "$tag.ini:$2: $3")
    R+=$(has "$T/$tag.err" "$4")
    [ -e "$T/$tag.out.d" ] && R+="output folder created; "
    check "$1" "$R"
}

finish() {
    echo "$npass passed, $nfail failed"
    [ "$nfail" -eq 0 ]
    exit
}

# Known-answer waits (schedules.sh, zones.sh): KNOWN_INI is a scenario of one
# party and $T/o.csv one outage; wait_of TAG is the after_hours of that
# incident in run TAG, and known NAME WANT ARGS... runs KNOWN_INI with ARGS
# and checks that wait is WANT minutes.
wait_of() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "after_hours") c = i; next }
             { print $c }' "$T/$1/incidents.csv" 2>/dev/null
}
known() { # NAME WANT ARGS...
    local name=$1 want=$2 tag=k$((npass + nfail))
    shift 2
    ox "$tag" run "$KNOWN_INI" --outages "$T/o.csv" --trace -q -o "$T/$tag" "$@"
    R=$(rc_is 0 "$tag")
    got=$(wait_of "$tag")
    [ "$got" = "$want" ] || R+="after_hours $got, want $want; "
    check "$name" "$R"
}
