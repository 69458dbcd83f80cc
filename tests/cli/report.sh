#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/report.sh — end-to-end tests of `ownsim report` (the proposal
# brief, docs/report.md) without a browser (make test-browser has those).
#
#   OWNSIM=build/ownsim tests/cli/report.sh       (what `make test` runs)
#
# What it checks: the HTML of a fixture run is byte-identical twice over and
# self-contained (no external reference, no script); a model labelled
# <script>alert(1)</script> and names with & and quotes appear escaped; the
# headline rule on known differences written into paired.csv (sooner /
# later, lower / higher cost, SLA compliance, "no detectable difference"
# when the interval spans 0); the table's figures from models.csv with the
# currency; the sources of assumptions from the scenario's comments (and the
# note when the file has changed); sensitivity.csv shown when present; the
# reproducibility block; bad input exits 2, a missing gnuplot or browser
# exits 1, and a failure leaves no file.  Needs gnuplot (make deps).
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-report-test.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
mkdir "$T/tmp"
export TMPDIR=$T/tmp

. "$ROOT/tests/cli/lib.sh"
if ! command -v gnuplot >/dev/null 2>&1; then
    echo "not ok - gnuplot: not installed (Debian package gnuplot-nox; make deps installs it)"
    echo "0 passed, 1 failed"
    exit 1
fi
has() { grep -qF -- "$2" "$1" 2>/dev/null || printf "no '%s' in %s; " "$2" "$(basename "$1")"; }
hasnt() { grep -qF -- "$2" "$1" 2>/dev/null && printf "'%s' in %s; " "$2" "$(basename "$1")"; return 0; }
tmp_left() { [ -z "$(ls -A "$T/tmp")" ] || printf 'left in TMPDIR: %s; ' "$(ls "$T/tmp" | head -1)"; }

# The fixture: tests/data/small.ini with display labels that try to inject
# markup, a currency, and comments (sources) above two keys.
SCN=$T/brief.ini
awk '
/^name = / { print "name = brief"; next }
/^per_week = / { print "; source: the client'"'"'s ticket export, 2025 <tickets>"; print; next }
/^\[model\.in_house\]/ { print; print "label = <script>alert(1)</script>"; next }
/^\[model\.co_managed\]/ { print; print "label = Co & \"managed\""; next }
{ print }
END { print ""; print "[organisation]"; print "; assumption: a euro client"; print "currency = EUR" }
' "$ROOT/tests/data/small.ini" > "$SCN"

ox run run "$SCN" -o "$T/run" -q
check "run the fixture" "$(rc_is 0 run)"
RUN=$T/run

# --- determinism, self-containment
ox r1 report "$RUN" -o "$T/a.html"
r=$(rc_is 0 r1); [ -s "$T/a.html" ] || r+="no HTML; "
has "$T/r1.out" "Brief in $T/a.html" >/dev/null
check "report writes the brief" "$r"
ox r2 report "$RUN" -o "$T/b.html"
r=$(rc_is 0 r2); cmp -s "$T/a.html" "$T/b.html" || r+="two reports of one folder differ; "
check "the HTML is byte-identical for the same folder" "$r"
(cd "$T" && "$OWNSIM" report run >/dev/null 2>&1)
r=""; [ -s "$T/run.html" ] || r+="no run.html beside the folder; "
cmp -s "$T/a.html" "$T/run.html" || r+="default output differs from -o's; "
check "-o defaults to DIR.html" "$r"
H=$T/a.html
r=""
grep -qiE '(src|href)=["'"'"'](https?:|//|file:|data:)' "$H" && r+="an external reference; "
grep -qiE '<(script|iframe|object|embed|link|img)\b' "$H" && r+="a script or embedded resource; "
grep -qiE 'url\(' "$H" && r+="a CSS url(); "
n=$(grep -c '<svg' "$H"); [ "$n" -ge 4 ] || r+="$n inline SVG, want the run charts; "
check "self-contained: inline SVG, no script, no external resource" "$r"

# --- escaping
r=$(has "$H" '&lt;script&gt;alert(1)&lt;/script&gt;')
r+=$(hasnt "$H" '<script>alert(1)')
r+=$(has "$H" 'Co &amp; &quot;managed&quot;')
check "labels and names are escaped in the HTML" "$r"

# --- known values: the table from models.csv, with the currency
col() { tr -d "\r" < "$RUN/models.csv" | awk -F, -v c="$1" -v m="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } $1 == m { print $k }'; }
money() { printf '%.0f' "$1" | sed ':a; s/^\([0-9]\+\)\([0-9]\{3\}\)/\1,\2/; ta'; }
tot=$(col total_cost_per_year fully_managed)
r=$(has "$H" "€$(money "$tot")")
r+=$(has "$H" "Currency: EUR")
r+=$(has "$H" "Fully managed (baseline)" )
check "comparison table: total cost per year from models.csv in euros ($tot)" "$r"

# --- the headline rule on known differences
K=$T/known
cp -r "$RUN" "$K"
awk -F, -v OFS=, '
$1 == "in_house" && $3 == "P1" && $4 == "ttr_mean" { $7 = 114; $8 = 108; $9 = 120 }
$1 == "co_managed" && $3 == "P1" && $4 == "ttr_mean" { $7 = 1.5; $8 = -3; $9 = 6 }
$1 == "in_house" && $3 == "all" && $4 == "total_cost_per_year" { $7 = "-1234567.4"; $8 = "-1300000"; $9 = "-1200000.2" }
$1 == "co_managed" && $3 == "all" && $4 == "total_cost_per_year" { $7 = 5000; $8 = 4000; $9 = 6000 }
$1 == "in_house" && $3 == "all" && $4 == "sla_breach_pct" { $7 = 2.5; $8 = 1.25; $9 = 3.75 }
$1 == "co_managed" && $3 == "all" && $4 == "sla_breach_pct" { $7 = -0.5; $8 = -0.75; $9 = -0.25 }
{ print }' "$RUN/paired.csv" | tr -d '\r' > "$K/paired.csv"
ox k report "$K" -o "$T/k.html"
r=$(rc_is 0 k)
r+=$(has "$T/k.html" "P1 outages are resolved <strong>1 h 54 min sooner</strong> than under &lt;script&gt;alert(1)&lt;/script&gt; (95 % CI 1 h 48 min – 2 h 00 min)")
r+=$(has "$T/k.html" "<strong>No detectable difference</strong> in P1 mean time to resolution between Fully managed and Co &amp; &quot;managed&quot; (95 % CI of the difference spans 0: -6 min to 3 min)")
r+=$(has "$T/k.html" "the total cost is <strong>€1,234,567 a year higher</strong> than under &lt;script&gt;alert(1)&lt;/script&gt; (95 % CI €1,200,000 – €1,300,000)")
r+=$(has "$T/k.html" "the total cost is <strong>€5,000 a year lower</strong>")
r+=$(has "$T/k.html" "SLA compliance is <strong>2.5 percentage points higher</strong> than under &lt;script&gt;alert(1)&lt;/script&gt; (95 % CI 1.2 percentage points – 3.8 percentage points)")
r+=$(has "$T/k.html" "SLA compliance is <strong>0.50 percentage points lower</strong>")
check "headline rule: sooner, no detectable difference, cost, SLA compliance" "$r"

# --- assumptions and their sources; provenance
r=$(has "$H" "<code>arrivals.per_week</code></td><td>40</td><td>source: the client&#39;s ticket export, 2025 &lt;tickets&gt;</td>")
r+=$(has "$H" "<code>organisation.currency</code></td><td>EUR</td><td>assumption: a euro client</td>")
r+=$(has "$H" "<td><code>$(awk -F' = ' '$1 == "sha256_1" { print $2 }' "$RUN/provenance.ini")</code>")
r+=$(has "$H" "<th scope=\"row\">run.seed</th><td><code>7</code>")
check "assumptions with values and sources; the reproducibility block" "$r"
# --- the time model in Method and caveats: start, zone, hours, holidays by
# file name only, after-hours cover, and the measured weight of the waiting
ox fts run "$ROOT/scenarios/follow_the_sun.ini" -n 600 -r 3 -q -o "$T/fts" \
    --set party.internal.at_close=pause
ox ftsr report "$T/fts" -o "$T/fts.html"
r=$(rc_is 0 fts)$(rc_is 0 ftsr)
li=$(grep -o '<li>Time:.*</li>' "$T/fts.html")
printf '%s\n' "$li" > "$T/fts.li"
r+=$(has "$T/fts.li" "starts at 00:00 on 2026-01-05 in America/New_York (daylight saving included)")
r+=$(has "$T/fts.li" "Business hours (the calendar): mon-fri 08:00-17:00, closed on the holidays of <code>US.ics</code>.")
r+=$(has "$T/fts.li" "MSP: works at 2 sites: mon-fri 08:00-17:00 (America/New_York), closed on the holidays of <code>US.ics</code>; mon-fri 09:00-18:00 (Asia/Kolkata), closed on 15 listed dates; after hours, call-outs for P1+P2 to 1 on-call engineer.")
r+=$(has "$T/fts.li" "Internal IT: works the calendar's hours; after hours, call-outs for P1+P2 to 1 on-call engineer; work in hand pauses at closing.")
r+=$(has "$T/fts.li" "Waiting for these hours is ")
grep -q "holidays/US.ics" "$T/fts.li" && r+="a folder of this machine in the time item; "
check "method and caveats state the time model (start, zone, each party's hours, holidays, cover)" "$r"
ox ov run "$SCN" -o "$T/ov" -q --set arrivals.per_week=30
ox ovr report "$T/ov" -o "$T/ov.html"
r=$(rc_is 0 ovr)$(has "$T/ov.html" "<td>30 <em>(the file says 40)</em>")
check "a --set value is shown with what the file says" "$r"
echo "; changed" >> "$SCN"
ox ch report "$RUN" -o "$T/ch.html"
r=$(rc_is 0 ch)$(has "$T/ch.html" "Sources not shown: the scenario file has changed since the run")
check "a changed scenario file: sources not shown, said so" "$r"

# --- sensitivity results when the folder has them
ox sens sensitivity "$SCN" --keys arrivals.per_week --model in_house -r 2 -q -o "$K/sensitivity"
ox ks report "$K" -o "$T/ks.html"
r=$(rc_is 0 sens)$(rc_is 0 ks)$(has "$T/ks.html" '<section id="sensitivity">')
r+=$(has "$T/ks.html" "<td>arrivals.per_week</td>")
r+=$(has "$T/ks.html" "One key moved at a time (sensitivity/sensitivity.csv)")
r+=$(hasnt "$T/k.html" '<section id="sensitivity">')
check "sensitivity.csv of DIR/sensitivity/ is shown" "$r"
U=$T/unc.ini
{ cat "$SCN"; printf '\n[uncertainty]\narrivals.per_week = uniform(min=30, max=50)\n'; } > "$U"
ox unc uncertainty "$U" --model in_house --sets 4 -r 2 -q -o "$K/uncertainty.tmp"
mv "$K/uncertainty.tmp/uncertainty.csv" "$K/uncertainty.csv" 2>/dev/null
ox ku report "$K" -o "$T/ku.html"
r=$(rc_is 0 unc)$(rc_is 0 ku)$(has "$T/ku.html" '<section id="uncertainty">')
r+=$(has "$T/ku.html" "Uncertain keys drawn together (uncertainty.csv)")
r+=$(has "$T/ku.html" "<td>key</td><td>arrivals.per_week</td>")
check "uncertainty.csv of DIR is shown" "$r"

# --- errors: nothing left behind
ox nodir report "$T/nowhere" -o "$T/e1.html"
r=$(rc_is 2 nodir); [ -e "$T/e1.html" ] && r+="HTML written; "
check "a missing folder exits 2" "$r$(tmp_left)"
B=$T/broken; cp -r "$RUN" "$B"; rm "$B/paired.csv"
ox nopaired report "$B" -o "$T/e2.html"
r=$(rc_is 2 nopaired)$(has "$T/nopaired.err" "paired.csv"); [ -e "$T/e2.html" ] && r+="HTML written; "
check "a folder without paired.csv exits 2 naming it" "$r$(tmp_left)"
E=$T/empty; cp -r "$RUN" "$E"; head -1 "$RUN/models.csv" > "$E/models.csv"
ox nomodel report "$E" -o "$T/e7.html"
r=$(rc_is 2 nomodel)$(has "$T/nomodel.err" "empty/models.csv: no model"); [ -e "$T/e7.html" ] && r+="HTML written; "
check "a models.csv without a model exits 2 naming it" "$r$(tmp_left)"
OWNSIM_GNUPLOT=$T/no-gnuplot ox nognu report "$RUN" -o "$T/e3.html"
r=$(rc_is 1 nognu); [ -e "$T/e3.html" ] && r+="HTML written; "
check "a missing gnuplot exits 1, no HTML" "$r$(tmp_left)"
OWNSIM_CHROMIUM=$T/no-browser ox nobr report "$RUN" -o "$T/e4.html" --pdf "$T/e4.pdf"
r=$(rc_is 1 nobr); [ -e "$T/e4.html" ] && r+="HTML written; "; [ -e "$T/e4.pdf" ] && r+="PDF written; "
check "--pdf with a missing browser exits 1, neither file written" "$r$(tmp_left)"
GNU=$(command -v gnuplot)
PATH=/nonexistent OWNSIM_GNUPLOT=$GNU "$OWNSIM" report "$RUN" -o "$T/e5.html" --pdf "$T/e5.pdf" \
    >"$T/nopath.out" 2>"$T/nopath.err" </dev/null
RC=$?
r=$(rc_is 1 nopath)$(has "$T/nopath.err" "chromium-headless-shell")
check "no browser in PATH: exit 1 naming the package" "$r$(tmp_left)"
ox paper report "$RUN" --pdf "$T/e6.pdf" --paper a5
r=$(rc_is 2 paper)$(has "$T/paper.err" "a4 or letter")
ox paper2 report "$RUN" --paper a4
r+=$(rc_is 2 paper2)
check "--paper: a4 or letter, only with --pdf (exit 2)" "$r"

finish
