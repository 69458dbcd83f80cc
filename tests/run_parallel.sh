#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run_parallel.sh JOBS SCRIPT...: runs the test scripts, JOBS at a time, and
# prints each one's whole output as a block when it ends (never interleaved
# with another's), headed by its name, time and exit status.  A SCRIPT may
# be a command with arguments, its words split at blanks (no quoting, no
# globbing): make valgrind runs halves of the unit suites as two of them.  The
# environment passes through.  Exit 0 when every script exits 0; otherwise
# the failed scripts are listed again at the end and the exit is 1.
#
# Why: `make test` ran its 59 command-line scripts one after another, and
# most of their time is single-threaded ownsim runs and shell, so one of the
# two cores idled (docs/design.md, "Tests").  Each script has its own
# temporary folder (mktemp) and only reads the tree, so any two may run at
# once.  Order of the blocks is the order scripts end, not the list's: the
# scripts are independent, and waiting for the list's order would hold a
# finished block behind a slow one.
set -u
jobs=${1:?usage: run_parallel.sh JOBS SCRIPT...}
shift
case $jobs in '' | *[!0-9]* | 0) echo "run_parallel.sh: JOBS must be a positive integer" >&2; exit 2 ;; esac
logs=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-tests.XXXXXX") || exit 2
trap 'rm -rf "$logs"' EXIT

declare -A script_of start_of log_of
failed=()
running=0
n=0

# report PID STATUS: print the ended script's block
report() {
    local pid=$1 rc=$2 t=${script_of[$1]} s
    s=$(( $(date +%s) - ${start_of[$1]} ))
    echo "== $t (${s} s, exit $rc)"
    if ! cat "$logs/${log_of[$pid]}.log"; then
        echo "not ok - $t: its output was lost"
        rc=1
    fi
    [ "$rc" -eq 0 ] || failed+=("$t")
    unset "script_of[$pid]" "log_of[$pid]"
    running=$((running - 1))
}

# reap: wait for any one script to end and report it
reap() {
    local pid rc
    wait -n -p pid
    rc=$?
    report "$pid" "$rc"
}

for t in "$@"; do
    while [ "$running" -ge "$jobs" ]; do reap; done
    n=$((n + 1))
    read -r -a argv <<<"$t"
    # the log is named by the script's number, not its pid: renaming it
    # after the start raced the child opening it (the child could create
    # it after the rename, and its output was lost)
    "${argv[@]}" >"$logs/$n.log" 2>&1 </dev/null &
    pid=$!
    log_of[$pid]=$n
    script_of[$pid]=$t
    start_of[$pid]=$(date +%s)
    running=$((running + 1))
done
while [ "$running" -gt 0 ]; do reap; done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "not ok - ${#failed[@]} of $n scripts failed:"
    printf '  %s\n' "${failed[@]}"
    exit 1
fi
echo "ok - all $n scripts passed"
