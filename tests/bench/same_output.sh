#!/usr/bin/env bash
# same_output.sh OLD NEW: run two ownsim binaries on the same scenarios and
# compare every output file byte for byte.  An optimisation must pass this:
# speed may change, results may not.  Exit 0 when all runs match.
set -u
old=${1:?usage: same_output.sh OLD_OWNSIM NEW_OWNSIM}
new=${2:?usage: same_output.sh OLD_OWNSIM NEW_OWNSIM}
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rc=0
check() {
    name=$1
    shift
    "$old" run "$@" -q -o "$work/a/$name" > /dev/null 2>&1 || { echo "FAIL $name: old binary failed"; rc=1; return; }
    "$new" run "$@" -q -o "$work/b/$name" > /dev/null 2>&1 || { echo "FAIL $name: new binary failed"; rc=1; return; }
    if diff -r -x provenance.ini "$work/a/$name" "$work/b/$name" > /dev/null; then
        echo "same    $name"
    else
        echo "DIFFERS $name"
        rc=1
    fi
}
check default-trace scenarios/default.ini -n 20000 -r 3 --trace
check default-j2 scenarios/default.ini -n 50000 -r 4 -j 2
check mmc scenarios/mmc.ini -n 300000 -r 2
check no-ambiguity scenarios/no_ambiguity.ini -n 20000 -r 2 --trace
check misroutes scenarios/default.ini -n 20000 -r 2 --set model.co_managed.misroute_prob=0.5 \
      --set model.co_managed.orphan_prob=0.3 --trace
check warmup scenarios/default.ini -n 20000 -r 2 --warmup 1000
exit $rc
