# SPDX-License-Identifier: GPL-3.0-or-later
# tests/calibrate/truth_lib.sh — the known-truth histories of issue 24
# item 5, sourced by tests/cli/known_truth.sh and
# tests/calibrate/known_truth_all.sh.  Needs OWNSIM (absolute), SCN (the
# default scenario) and T (a scratch folder).
#
# export_of SEED: $T/SEED.csv, a ServiceNow-shaped export of the co_managed
# tickets of a seeded history of 3,000 outages (run --trace --timestamps
# of SCN, orphan_prob 0 so that "reassigned at least once" means
# "misrouted"): number, state (every 50th Cancelled), opened_at,
# resolved_at, priority, category, time_worked (blank on every 7th),
# reassignment_count (the incident's bounces), assignment_group (the party
# that resolved it).
# chain SEED: export -> import (cancelled rows left out) -> fit --into SCN
# for co_managed: $T/SEED.out.csv and $T/clientSEED.ini.
# key FILE SECTION KEY: the value of KEY in [SECTION].

TRUTH_MAP=opened=opened_at,priority=priority,category=category,resolved=resolved_at
TRUTH_MAP+=,effort=time_worked,reassignments=reassignment_count,group=assignment_group

export_of() {
    "$OWNSIM" run "$SCN" -r 1 -n 3000 --warmup 0 --trace --timestamps -q -o "$T/tr$1" \
        --set model.co_managed.orphan_prob=0 --set simulation.seed="$1" 2> "$T/tr$1.err" ||
        return 1
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i
                       print "number,state,opened_at,resolved_at,priority,category," \
                             "time_worked,reassignment_count,assignment_group"; next }
             $c["model"] == "co_managed" {
                 n++
                 printf "INC%07d,%s,%s,%s,%s,%s,%s,%s,%s\n", n,
                        n % 50 == 0 ? "Cancelled" : "Closed", $c["t_occur_at"],
                        $c["resolved_at"], $c["severity"], $c["category"],
                        n % 7 == 0 ? "" : $c["effort"], $c["bounces"], $c["owner"] }' \
        "$T/tr$1/incidents.csv" > "$T/$1.csv"
    rm -rf "$T/tr$1"
}

chain() {
    export_of "$1" &&
    "$OWNSIM" import "$T/$1.csv" --scenario "$SCN" --map "$TRUTH_MAP" --where 'state!=Cancelled' \
        -o "$T/$1.out.csv" 2> "$T/imp$1.err" &&
    "$OWNSIM" fit "$T/$1.out.csv" --into "$SCN" --model co_managed -o "$T/client$1.ini" \
        2> "$T/fit$1.err"
}

key() {
    awk -v s="[$2]" -v k="$3" '$0 == s { on = 1; next } /^\[/ { on = 0 }
        on && $1 == k && $2 == "=" { sub(/^[^=]*= */, ""); print; exit }' "$1"
}
