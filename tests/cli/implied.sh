#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/implied.sh — what a scenario implies (docs/model.md §12), end to end.
#
#   OWNSIM=build/ownsim tests/cli/implied.sh       (what `make test` runs)
#
# What it checks: a believable scenario (tests/data/sane.ini) gives no
# warning from `check` or `run`; the same scenario made implausible one
# threshold at a time (overloaded, too many P1s, work longer than the
# target, downtime above 5 % of revenue) warns on stderr and in implied.csv,
# with -q too, and still exits 0; `check`'s output still reads back as the
# same scenario; `run` prints its block after the table, within 100
# columns; implied.csv is the same for any -j.  Prints "ok - NAME" or "not
# ok - NAME: reason" per check, then "N passed, M failed"; exits 1 when
# anything failed.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SANE=$ROOT/tests/data/sane.ini

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-implied-test.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/cli/lib.sh"

# has FILE TEXT / lacks FILE TEXT: a reason unless FILE does (not) hold TEXT
has() { grep -qF -- "$2" "$1" 2>/dev/null || printf "no '%s' in %s; " "$2" "$(basename "$1")"; }
lacks() { grep -qF -- "$2" "$1" 2>/dev/null && printf "'%s' in %s; " "$2" "$(basename "$1")"; }
empty() { [ -s "$T/$1" ] && printf '%s not empty: %s; ' "$1" "$(head -c 300 "$T/$1" | tr '\n' ' ')"; }
# warnings TAG: the number of warning lines in TAG's stderr
warnings() { grep -c '^ownsim: warning: ' "$T/$1.err"; }

# ------------------------------------------------------------ a sane scenario
ox sane_check check "$SANE"
r=$(rc_is 0 sane_check)$(empty sane_check.err)
r+=$(has "$T/sane_check.out" "; ---- What this scenario implies, without simulating")
r+=$(has "$T/sane_check.out" "; a year: 626 incidents, 3.4 P1 (3.4 a site), 0.52 a user a month")
r+=$(has "$T/sane_check.out" "need a simulation")
r+=$(lacks "$T/sane_check.out" " !")
check "check, a believable scenario: its implied figures as comments, no warning" "$r"

# check's output is still the scenario: checked again, it gives itself back
cp "$T/sane_check.out" "$T/copy.ini"
ox again check "$T/copy.ini"
r=$(rc_is 0 again)
cmp -s "$T/sane_check.out" "$T/again.out" || r+="check of check's output differs: $(diff "$T/sane_check.out" "$T/again.out" | head -3 | tr '\n' ' '); "
check "check's output, implied block included, reads back as the same scenario" "$r"

ox sane_run run "$SANE" -o "$T/sane"
r=$(rc_is 0 sane_run)$(empty sane_run.err)
f=$T/sane/implied.csv
[ -s "$f" ] || r+="no implied.csv; "
[ "$(head -1 "$f" | tr -d '\r')" = "figure,model,party,severity,value,unit,warning" ] ||
    r+="header $(head -1 "$f"); "
# every row's warning (the last field) is empty
w=$(tail -n +2 "$f" | tr -d '\r' | grep -v ',$' | head -1)
[ -z "$w" ] || r+="a row with a warning: $w; "
r+=$(has "$f" "downtime_cost_revenue_pct,in_house,,,")
# the block comes after the table and before "Results in", within 100 columns
block=$(sed -n '/^What the scenario implies/,/^Results in/p' "$T/sane_run.out")
[ -n "$block" ] || r+="no implied block on stdout; "
first_model=$(grep -n '^In house ' "$T/sane_run.out" | head -1 | cut -d: -f1)
block_at=$(grep -n '^What the scenario implies' "$T/sane_run.out" | cut -d: -f1)
[ -n "$first_model" ] && [ -n "$block_at" ] && [ "$first_model" -lt "$block_at" ] ||
    r+="the block is not after the table; "
long=$(echo "$block" | awk '{ if (length($0) > 100) print }' | head -1)
[ -z "$long" ] || r+="line over 100 columns: $long; "
r+=$(has "$T/sane_run.out" "cost USD")
check "run, a believable scenario: implied.csv, the block after the table, no warning" "$r"

# ------------------------------------------- one threshold at a time passed
# check: 200 a week overloads the internal team of in_house (> 100 %) and
# makes 57 P1s a year at one site
ox over_check check "$SANE" --set arrivals.per_week=200
r=$(rc_is 0 over_check)
r+=$(has "$T/over_check.err" "ownsim: warning: implausible: internal works")
r+=$(has "$T/over_check.err" "of its staff time under in_house (more than 85 %): its queue never settles")
r+=$(has "$T/over_check.err" "business-wide P1 outages a year per site (sites = 1) is more than 24")
r+=$(has "$T/over_check.out" " % !")
[ "$(warnings over_check)" = 2 ] || r+="$(warnings over_check) warnings, want 2; "
check "check, overloaded: utilisation and P1 warnings, exit 0" "$r"

# more sites spread the same P1s: no warning at 3 sites (19 a site)
ox sites check "$SANE" --set arrivals.per_week=200 --set organisation.sites=3 \
    --set party.internal.staff=5
# (fully_managed lists internal:0, so the override is said not to reach it)
grep -v '^ownsim: warning: party.internal.staff does not reach 1 model' "$T/sites.err" \
    > "$T/sites.rest"
r=$(rc_is 0 sites)$(empty sites.rest)
check "check: the P1 threshold is per site; more staff lowers utilisation" "$r"

# run: 90 a week keeps in_house's queue stable but above 85 % (90.6 %)
ox over_run run "$SANE" --set arrivals.per_week=90 -n 2000 -o "$T/over"
r=$(rc_is 0 over_run)
r+=$(has "$T/over_run.err" "ownsim: warning: implausible: internal works 9")
r+=$(has "$T/over_run.err" "P1 outages a year per site")
r+=$(lacks "$T/over_run.err" "never settles")
r+=$(has "$T/over/implied.csv" "utilisation_pct,in_house,internal,,")
grep -q "^utilisation_pct,in_house,internal,,[0-9.]*,%,internal works 9" "$T/over/implied.csv" ||
    r+="the warning is not in implied.csv's row; "
r+=$(has "$T/over_run.out" "Internal   90.6 % !")
check "run, overloaded: the warning on stderr and in implied.csv" "$r"

ox quiet run "$SANE" --set arrivals.per_week=90 -n 2000 -q -o "$T/quiet"
r=$(rc_is 0 quiet)$(empty quiet.out)
[ "$(warnings quiet)" = "$(warnings over_run)" ] || r+="$(warnings quiet) warnings with -q, $(warnings over_run) without; "
cmp -s "$T/over/implied.csv" "$T/quiet/implied.csv" || r+="implied.csv differs with -q; "
check "run -q: no table, the warnings all the same" "$r"

# work longer than the target: P1 effort with p90 = the 240-minute target
ox work check "$SANE" --set "severity.P1.effort=lognormal(median=60, p90=240)"
r=$(rc_is 0 work)
r+=$(has "$T/work.err" "under in_house the hands-on work alone exceeds P1's 240-minute resolve target for 10.0 % of its incidents (more than 5 %)")
check "check: a target the work alone breaks 10 % of the time warns" "$r"

# downtime above 5 % of revenue, only known after a run; unknown revenue: empty
ox poor run "$SANE" --set organisation.revenue=1e6 -o "$T/poor"
r=$(rc_is 0 poor)$(has "$T/poor.err" "of revenue a year under in_house (more than 5 %)")
ox norev run "$SANE" --set organisation.revenue=0 -o "$T/norev"
r+=$(rc_is 0 norev)$(empty norev.err)$(has "$T/norev/implied.csv" "downtime_cost_revenue_pct,in_house,,,,%,")
r+=$(has "$T/norev.out" "revenue unknown")
check "run: downtime above 5 % of revenue warns; revenue 0 leaves the share empty" "$r"

# ------------------------------------------------------------- determinism
ox j1 run "$SANE" -j 1 -q -o "$T/j1"
ox j3 run "$SANE" -j 3 -q -o "$T/j3"
r=$(rc_is 0 j1)
cmp -s "$T/j1/implied.csv" "$T/j3/implied.csv" || r+="implied.csv differs between -j 1 and -j 3; "
cmp -s "$T/j1/implied.csv" "$T/sane/implied.csv" || r+="implied.csv differs from the first run; "
check "implied.csv is the same for any -j" "$r"

# ---------------------------------------- the expect-file checker (item 5)
# EXPECT is build/implied-expect (make test sets it): it must pass the sane
# scenario's own ranges and fail a range that excludes a value, a selector
# that selects nothing and a bound that is not a number
if [ -n "${EXPECT:-}" ]; then
    cat > "$T/good.csv" <<'CSV'
figure,low,high,source
incidents_per_year,620,630,"626 = 12 a week, a ""fixture"", not a source"
severity_incidents_per_year severity=P1,3,4,
utilisation_pct,,85,the threshold
utilisation_pct model=in_house party=internal,12,12.2,x | y
CSV
    "$EXPECT" check "$SANE" "$T/good.csv" > "$T/good.out" 2>&1
    RC=$?
    r=$(rc_is 0)$(has "$T/good.out" "ok - $SANE: utilisation_pct in [-inf, 85] (3 values)")
    "$EXPECT" markdown "$T/good.csv" > "$T/good.md" 2>&1 || r+="markdown failed; "
    r+=$(has "$T/good.md" '| `incidents_per_year` | 620 | 630 | 626 = 12 a week, a "fixture", not a source |')
    r+=$(has "$T/good.md" '| `utilisation_pct` | — | 85 | the threshold |')
    r+=$(has "$T/good.md" 'x \| y |')
    check "implied-expect: ranges that hold pass; the Markdown table escapes |" "$r"

    r=""
    for bad in "incidents_per_year,630,640,too high" "utilisation_pct model=nobody,0,100,stale" \
               "incidents_per_year,abc,,not a number" "utilisation_pct colour=red,0,1,bad" \
               "incidents_per_user_month,0,1,users 0 = unknown: NaN is in no range"; do
        printf 'figure,low,high,source\n%s\n' "$bad" > "$T/bad.csv"
        scn=$SANE
        case $bad in incidents_per_user_month*) scn=$ROOT/tests/data/small.ini ;; esac
        "$EXPECT" check "$scn" "$T/bad.csv" > "$T/bad.out" 2>&1
        rc=$?
        [ "$rc" = 1 ] || r+="'$bad': exit $rc, want 1; "
        grep -q '^not ok - ' "$T/bad.out" || r+="'$bad': no 'not ok' line; "
    done
    check "implied-expect: an excluded value, a stale or bad selector, a bad bound fail" "$r"
fi

finish
