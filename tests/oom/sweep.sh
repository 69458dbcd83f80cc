#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/oom/sweep.sh — out-of-memory fault injection (issue 14, item 2;
# docs/design.md, "Out of memory").
#
#   OWNSIM=build/ownsim-oom tests/oom/sweep.sh       (what `make oom` runs,
#   OWNSIM=build-asan/ownsim-oom tests/oom/sweep.sh   once per build)
#
# OWNSIM is ownsim with the hook of tests/oom/failmalloc.c linked in: with
# OWNSIM_FAIL_ALLOC=N the N-th allocation of the process (malloc, calloc,
# realloc, strdup, ... in ownsim, libinih, libcsv, GSL, nettle and glibc)
# returns NULL, and only that one.  Each case below is run once without a
# failure, which gives its outputs and its count C of allocations (-j 1:
# one thread allocates in the same order every time), then once for each N
# tried, each in a fresh folder.  With the N-th allocation failing, the
# command must either
#   - exit 1 with exactly one line on stderr, "ownsim: ..." saying out of
#     memory (or strerror(ENOMEM), "Cannot allocate memory", for an open),
#     nothing on stdout, and leave the folder as it was: the -o target
#     absent (or, when it held an earlier result, untouched), no temporary
#     (*.tmp.*), no lock file, nothing in TMPDIR; or
#   - succeed with exactly the outputs of the run without a failure (the
#     failure was absorbed: glibc's stdio runs unbuffered when it cannot
#     allocate a buffer, the point runner works on the calling thread alone
#     without its thread table; the few allocations the dynamic loader and
#     ASan's start-up make before the hook is configured are never failed).
# A signal (a crash), the time-out, another exit status, an ASan or UBSan
# report (exit 97, and more than one line) or a leak (ASan's leak checker,
# in the ASan build: exit 97) fails the test, naming N and the caller of the
# failed allocation (as MODULE+0xOFFSET: `addr2line -f -e MODULE 0xOFFSET`).
#
# Cases: a small run (tests/data/small.ini, 20 incidents, 2 replications)
# into a new folder, the same run replacing an earlier result, a check (the
# load of tests/oom/load.ini: small.ini through an include, with an
# empirical distribution read from a CSV file by libcsv; the resolved
# scenario on stdout), a 3-point sweep, a goal seek (the search shared
# with breakeven: points derived and run one by one, a per-severity target),
# and the analyses and the brief: a sensitivity study (tests/data/
# sensitivity.ini, a distribution key and a whole-number key moved), an
# uncertainty study (tests/data/uncertainty.ini, 8 sets: the Sobol draws, a
# distribution parameter set through the sweep's grid, the PRCC through
# gsl_multifit_linear, the manifest), a run with --precision (replications
# added until two intervals are narrow enough, 8 at most; of
# tests/oom/brief.ini, small.ini with a key whose source is written above
# it), and `report` writing the HTML brief (no PDF) of that run's folder
# with the sensitivity and uncertainty results inside it (the scenario file
# read again for the sources; read in/, write report.html: the
# charts drawn by gnuplot in a private folder under TMPDIR, read back and
# inlined); in/ must be left as it was.
#
# Bounded in time: every N from the first that can fail up to OOM_DENSE
# (default 200) of them (loading the scenario; half that for the last four
# cases, whose loading the first five already fail densely), then every
# S-th N up to C, S chosen so that about OOM_SAMPLES (default 200; half for
# the last four) more are tried (S rounded
# up to a prime, so that it does not fall in step with a loop that allocates
# periodically), always C itself, and the first allocation made from each
# distinct caller (the reference run lists them: OWNSIM_ALLOC_SITES), so that
# every call site of the allocator in ownsim, and every library function
# that allocates (strdup, fopen, gsl_histogram_alloc, ...), fails at least
# once whatever the sampling skips.
# OOM_FULL=1 tries every N; OOM_CASES="run check" runs only those cases;
# OOM_PERSIST=1 fails allocation N and every one after it (memory that stays
# exhausted, so the cleanup itself cannot allocate) instead of N alone.
# Runs OOM_JOBS (default: the number of cores) at
# once, in a folder under /dev/shm when there is one (fsync is the most of a
# run's time on a disk, and beside the point here), else under TMPDIR.
# Output: one line per case with the counts.
#
# The test can fail; it was seen to, under `make oom`, with one cleanup path
# broken by hand at a time, then restored:
#   - enter_point (src/run/point.c) no longer destroying the histograms it
#     made when one cannot be made: the ASan pass fails run, replace and
#     sweep (11 of 212, 11 of 214 and 12 of 242 N: "LeakSanitizer: detected
#     memory leaks", exit 97); the native passes cannot see a leak and pass;
#   - out_end (src/cli/main.c) no longer calling outdir_abort when the
#     command failed: the first native pass fails run, replace and sweep (87
#     of 367, 88 of 370 and 201 of 436 N: "left: .out.lock
#     .out.tmp.PID.XXXXXXXX"); check, which writes no folder, passes.
# The last four cases found, when added (each seen failing before its fix,
# passing after):
#   - report: the scenario read for the charts' labels and SLA targets
#     (plabels_read, src/plot/labels.c) ignored every error, out of memory
#     included: exit 0 with different charts (N 2584 to about 3050);
#     plot's private folder removed with opendir, which allocates: left
#     under TMPDIR; a chart read back without memory reported as "cannot
#     read the chart gnuplot drew" (src/report/brief.c), not out of memory;
#     the scenario file read again for the sources: a failed fopen said
#     "cannot open" without why, and a getline that could not allocate its
#     buffer taken for the end of the file (no source shown, exit 0: seen
#     once brief.ini gave a key a source);
#   - uncertainty: grid_add (src/sweep/grid.c) not checking the copy of a
#     distribution parameter's name: a crash (SIGSEGV in set_param); the
#     PRCC's GSL allocations unchecked (NaN written, exit 0) and
#     gsl_multifit_linear crashing on its own unchecked allocation (now
#     err_gsl_nomem_fatal: "out of memory", exit 1, nothing left); the
#     manifest built with open_memstream, whose fclose returns 0 with a
#     NULL buffer when its last realloc fails: "(null)" in uncertainty.ini;
#     in the ASan pass, gsl_matrix_alloc leaking its header when its data
#     cannot be allocated (N 2900, 2901: the PRCC's matrices are now views
#     of memory of ours);
#   - precision: run_precise (src/cli/main.c) not freeing the first
#     replications' results when its scratch could not be allocated (the
#     ASan pass, N 924: a leak).
set -u
export LC_ALL=C

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OWNSIM=${OWNSIM:-build/ownsim-oom}
case $OWNSIM in /*) ;; *) OWNSIM=$ROOT/$OWNSIM ;; esac
SMALL=$ROOT/tests/data/small.ini
SENS=$ROOT/tests/data/sensitivity.ini
UNC=$ROOT/tests/data/uncertainty.ini
# OOM_PERSIST=1: the N-th allocation and every one after it fail
SUFFIX= MODE="one at a time"
[ "${OOM_PERSIST:-0}" = 1 ] && SUFFIX=+ MODE="each with every later one"

# the command line of each case (run from inside its folder)
case_args() {
    case $1 in
    run | replace) ARGS=(run "$SMALL" -n 20 -r 2 -j 1 -q -o out) ;;
    check) ARGS=(check "$ROOT/tests/oom/load.ini") ;;
    sweep) ARGS=(sweep "$SMALL" -n 20 -r 2 -j 1 -q --vary arrivals.per_week=20,40,60 -o out) ;;
    goalseek) ARGS=(goalseek "$SMALL" -n 20 -r 2 -j 1 -q --vary arrivals.per_week=20:60
                    --model co_managed --target 'ttr_mean:P1<=560' -o out) ;;
    sensitivity) ARGS=(sensitivity "$SENS" -n 20 -r 2 -j 1 -q --model x --baseline y
                       --keys model.y.triage_delay,party.a.staff -o out) ;;
    uncertainty) ARGS=(uncertainty "$UNC" -n 20 -r 2 -j 1 -q --model x --baseline y
                       --sets 8 -o out) ;;
    precision) ARGS=(run "$ROOT/tests/oom/brief.ini" -n 20 -r 2 -j 1 -q --precision ttr_mean=150
                     --precision sla_breach_pct:P1=15 --max-reps 8 -o out) ;;
    report) ARGS=(report in -o report.html) ;;
    esac
}

# The folder a case reads from its own folder (and must leave as it was):
# `report` reads in/, the result of the `precision` case (a run of
# tests/oom/brief.ini) with sensitivity/ and uncertainty/ inside it (the
# results of the cases of those names).
input_of() {
    case $1 in
    replace) INPUT=out ;;
    report) INPUT=in ;;
    *) INPUT= ;;
    esac
}

# Each case's share of OOM_DENSE and OOM_SAMPLES, in percent: the cases
# added last (issue: sensitivity, uncertainty, report, run --precision)
# load and run what the cases before them already fail densely, so they are
# sampled half as densely; the first allocation of each of their callers is
# still failed, whatever the sampling skips.
share_of() {
    case $1 in
    sensitivity | uncertainty | precision | report) SHARE=50 ;;
    *) SHARE=100 ;;
    esac
}

# Sanitizer reports are told apart from "exit 1" by their own status.
export ASAN_OPTIONS=exitcode=97:detect_leaks=1
export UBSAN_OPTIONS=exitcode=97:print_stacktrace=1
export LSAN_OPTIONS=exitcode=97
unset OWNSIM_FAIL_ALLOC OWNSIM_ALLOC_SITES OWNSIM_PLOTS OWNSIM_GNUPLOT
TIMEOUT=()
command -v timeout >/dev/null 2>&1 && TIMEOUT=(timeout 60)

# Few programs run per N (each fork and exec costs more than a failing
# ownsim): globs, read and [[ ]] instead of find, sed and grep.
shopt -s nullglob dotglob

# The names in a folder, hidden ones included, without our own files.
names() {
    local f out=""
    for f in "$1"/*; do
        f=${f##*/}
        case $f in .stdout | .stderr | .report | .tmpdir) ;; *) out+="$f " ;; esac
    done
    echo "$out"
}

# Every file under a folder, for comparing a run that succeeded.
listing() {
    (cd "$1" && find . -mindepth 1 ! -name .stdout ! -name .stderr ! -name .report \
        ! -path ./.tmpdir | sort)
}

# prepare DIR CASE: the folder a case starts from (empty, or for `replace`
# an earlier result at out/, for `report` the folder it reads at in/, copied
# from the references).
prepare() {
    mkdir -p "$1/.tmpdir"
    case $2 in
    replace) cp -a "$REF/run/out" "$1/out" ;;
    report)
        cp -a "$REF/precision/out" "$1/in"
        cp -a "$REF/sensitivity/out" "$1/in/sensitivity"
        cp -a "$REF/uncertainty/out" "$1/in/uncertainty"
        ;;
    esac
    return 0
}

# one CASE N: run the case with the N-th allocation failing; prints
# "absorbed" when it succeeded as without a failure, "bad<TAB>N<TAB>reason"
# when something is wrong, nothing else.
one() {
    local c=$1 n=$2 d=$WORK/$1.$2
    prepare "$d" "$c"
    local before
    before=$(names "$d")
    case_args "$c"
    (cd "$d" && TMPDIR=$d/.tmpdir OWNSIM_FAIL_ALLOC=$n$SUFFIX OWNSIM_ALLOC_REPORT=$d/.report \
        exec "${TIMEOUT[@]}" "$OWNSIM" "${ARGS[@]}" >.stdout 2>.stderr </dev/null)
    local rc=$? why=""
    if [ "$rc" -eq 0 ]; then
        # absorbed: every output as without a failure
        # (the same stderr as without a failure: a run may warn that its
        # scenario is implausible, docs/model.md "What a scenario implies")
        cmp -s "$d/.stderr" "$REF/$c/.stderr" || why+="exit 0 with a message; "
        cmp -s "$d/.stdout" "$REF/$c/.stdout" || why+="exit 0, stdout differs from the run without a failure; "
        [ "$(listing "$d")" = "$(listing "$REF/$c")" ] &&
            diff -r -q -x .stdout -x .stderr -x .report -x .tmpdir "$d" "$REF/$c" >/dev/null ||
            why+="exit 0, files differ from the run without a failure; "
    else
        if [ "$rc" -ne 1 ]; then
            if [ "$rc" -ge 124 ]; then why+="exit $rc (a crash, a signal or the time-out); "
            elif [ "$rc" -eq 97 ]; then why+="exit 97 (a sanitizer report or a leak); "
            else why+="exit $rc, want 1; "; fi
        fi
        local err=()
        mapfile -t err <"$d/.stderr"
        if [ "${#err[@]}" -ne 1 ] || ! [[ ${err[0]} =~ ^ownsim:\ .*(out\ of\ memory|Cannot\ allocate\ memory) ]]; then
            why+="stderr is not one 'ownsim: ... out of memory' line; "
        fi
        [ -s "$d/.stdout" ] && why+="something on stdout; "
        local after
        after=$(names "$d")
        input_of "$c"
        if [ "$after" != "$before" ]; then
            why+="left: $after(was: $before); "
        elif [ -n "$INPUT" ] && ! diff -r -q "$d/$INPUT" "$INIT/$c/$INPUT" >/dev/null; then
            why+="the folder $INPUT/ was changed; "
        fi
    fi
    [ -n "$(names "$d/.tmpdir")" ] && why+="files left in TMPDIR; "
    # the hook's own report (written at exit): allocation N did fail, so
    # that a hook that fails nothing cannot pass
    local k v failed="" site="?"
    if [ -f "$d/.report" ]; then
        while read -r k v; do
            case $k in failed) failed=$v ;; site) site=$v ;; esac
        done <"$d/.report"
    fi
    [ "$rc" -le 1 ] && [ "$failed" != "$n" ] && why+="the hook did not fail allocation $n; "
    if [ -z "$why" ]; then
        [ "$rc" -eq 0 ] && echo absorbed
    else
        printf 'bad\t%s\t%s(failed allocation from %s) stderr: %s\n' "$n" "$why" "$site" \
            "$(head -c 400 "$d/.stderr" | tr '\n' '|')"
    fi
    rm -rf "$d"
}

# ---------------------------------------------------------------- driver
. "$ROOT/tests/cli/lib.sh"
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
T=$(mktemp -d "$base/ownsim-oom-test.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
WORK=$T/work
REF=$T/ref
INIT=$T/init   # each case's folder as prepared, for the ones with an input
mkdir -p "$WORK" "$REF" "$INIT"
JOBS=${OOM_JOBS:-$(nproc 2>/dev/null || echo 2)}
DENSE=${OOM_DENSE:-200}
SAMPLES=${OOM_SAMPLES:-200}

is_prime() {
    local p=$1 i
    [ "$p" -lt 2 ] && return 1
    for ((i = 2; i * i <= p; i++)); do [ $((p % i)) -eq 0 ] && return 1; done
    return 0
}

# The reference run of a case: its outputs and its allocation count.  The
# references a case is prepared from are run first, when not yet run (with
# OOM_CASES="report": precision, sensitivity, uncertainty).
reference() {
    local c=$1 d=$REF/$1 dep
    case $c in
    replace) dep=run ;;
    report) dep="precision sensitivity uncertainty" ;;
    *) dep= ;;
    esac
    for dep in $dep; do
        [ -d "$REF/$dep" ] || reference "$dep"
        RC=$(cat "$REF/$dep.rc")
        if [ "$RC" -ne 0 ]; then
            mkdir -p "$d" && echo "the run of $dep it is prepared from failed" >"$d/.stderr"
            echo "$RC" >"$REF/$c.rc"
            return
        fi
    done
    mkdir -p "$d"
    prepare "$d" "$c"
    input_of "$c"
    [ -n "$INPUT" ] && mkdir -p "$INIT/$c" && cp -a "$d/$INPUT" "$INIT/$c/$INPUT"
    case_args "$c"
    (cd "$d" && TMPDIR=$d/.tmpdir OWNSIM_ALLOC_REPORT=$d/.report OWNSIM_ALLOC_SITES=1 \
        "${TIMEOUT[@]}" "$OWNSIM" "${ARGS[@]}" >.stdout 2>.stderr </dev/null)
    RC=$?
    echo "$RC" >"$REF/$c.rc"
}

t_all=$SECONDS
for c in ${OOM_CASES:-run replace check sweep goalseek sensitivity uncertainty precision report}; do
    t0=$SECONDS
    [ -d "$REF/$c" ] || reference "$c"
    RC=$(cat "$REF/$c.rc" 2>/dev/null || echo 1)
    if [ "$RC" -ne 0 ] || [ ! -s "$REF/$c/.report" ]; then
        nok "$c" "the run without a failure: exit $RC, $(head -c 300 "$REF/$c/.stderr")"
        continue
    fi
    count=$(sed -n 's/^allocations //p' "$REF/$c/.report")
    first=$(sed -n 's/^first //p' "$REF/$c/.report")
    share_of "$c"
    dense=$((DENSE * SHARE / 100)) samples=$((SAMPLES * SHARE / 100))
    # the N to try
    dense_end=$((first + dense - 1))
    [ "${OOM_FULL:-0}" = 1 ] && dense_end=$count
    [ "$dense_end" -gt "$count" ] && dense_end=$count
    stride=1
    if [ "$dense_end" -lt "$count" ]; then
        stride=$(((count - dense_end + samples - 1) / samples))
        [ "$stride" -lt 2 ] && stride=2
        until is_prime "$stride"; do stride=$((stride + 1)); done
    fi
    {
        seq "$first" "$dense_end"
        [ "$dense_end" -lt "$count" ] && seq $((dense_end + stride)) "$stride" "$count"
        [ "$dense_end" -lt "$count" ] && echo "$count"
        awk -v f="$first" '$1 == "caller" && $4 >= f { print $4 }' "$REF/$c/.report"
    } | sort -n -u >"$T/$c.ns"
    tried=$(wc -l <"$T/$c.ns")
    callers=$(grep -c '^caller ' "$REF/$c/.report")
    # JOBS at a time; each appends one short line at most (O_APPEND)
    running=0
    : >"$T/$c.out"
    while read -r n; do
        one "$c" "$n" >>"$T/$c.out" &
        if [ $((++running)) -ge "$JOBS" ]; then
            wait -n
            running=$((running - 1))
        fi
    done <"$T/$c.ns"
    wait
    grep '^bad' "$T/$c.out" | cut -f2- >"$T/$c.bad"
    nbad=$(wc -l <"$T/$c.bad")
    absorbed=$(grep -c '^absorbed' "$T/$c.out")
    how="every N from $first to $dense_end"
    [ "$stride" -gt 1 ] && how+=", then one in $stride up to $count, and the first from each of $callers callers"
    if [ "$nbad" -eq 0 ]; then
        ok "$c: $tried of $count allocations failed, $MODE ($how): $((tried - absorbed)) exit 1 with one message and nothing left behind, $absorbed absorbed with the same outputs ($((SECONDS - t0)) s)"
    else
        nok "$c" "$nbad of $tried N fail ($how); the first ten:"
        sort -n "$T/$c.bad" | head -10 | sed 's/^/    N=/'
    fi
done
echo "# $OWNSIM, allocations failed $MODE: $((SECONDS - t_all)) s"
finish
