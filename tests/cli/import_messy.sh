#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cli/import_messy.sh — `ownsim import` on a messy ServiceNow-shaped
# export (issue 24 item 1: an import that cannot mislead).
#
#   OWNSIM=build/ownsim tests/cli/import_messy.sh
#
# tests/data/import_messy_servicenow.csv holds 60 incidents: 6 Cancelled and
# 6 Closed Incomplete, 6 still open (blank resolved_at), time_worked blank on
# every 7th row and "n/a" once, in three written forms otherwise (minutes,
# "1 Hours 30 Minutes", "01:30:00"), custom categories (Facilities,
# Inquiry / Help, Database, "Network, WAN"), "5 - Planning" priorities,
# reassignment_count ("two" once) and assignment_group (blank on some rows,
# "Security Ops" in no map), and a description over two lines.  Against
# tests/import/scenario.ini with tests/import/servicenow_categories.csv, the
# counts below were worked out from the file by hand (and with Python's csv
# module): past the --where filter, 48 rows, 30 usable, 18 skipped (4 for
# '5 - Planning', 14 for an unknown category); without the filter, 39 of 60.
# Each check compares with those numbers, so each can fail.  Prints one line
# per check, then "N passed, M failed"; exits 1 when anything failed.
set -u

OWNSIM=${OWNSIM:-build/ownsim}
case $OWNSIM in /*) ;; *) OWNSIM=$PWD/$OWNSIM ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
X=$ROOT/tests/data/import_messy_servicenow.csv
GROUPS_MAP=$ROOT/tests/data/import_messy_groups.csv
SCN=$ROOT/tests/import/scenario.ini
CATS=$ROOT/tests/import/servicenow_categories.csv

T=$(mktemp -d "${TMPDIR:-/tmp}/ownsim-import-messy.XXXXXX") || { echo "cannot create a temporary folder" >&2; exit 1; }
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT

. "$ROOT/tests/cli/lib.sh"
absent() { [ ! -e "$1" ] || printf '%s was written; ' "$(basename "$1")"; }
# col FILE NAME: the values of column NAME of an outage CSV, one a line
col() { awk -F, -v n="$2" '{ sub(/\r$/, "") }
                           NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next }
                           { print (c ? $c : "NO-COLUMN") }' "$1"; }
# count FILE NAME VALUE: rows whose column NAME is VALUE
count() { col "$1" "$2" | grep -cxF -- "$3"; }

MAP=opened=opened_at,priority=priority,category=category,resolved=resolved_at
FULL=$MAP,effort=time_worked,reassignments=reassignment_count,group=assignment_group
WHERE='state!=Cancelled,Closed Incomplete'
imp() { local tag=$1; shift; ox "$tag" import "$X" --scenario "$SCN" --category-map "$CATS" "$@"; }

# ------------------------------------------------------------ 1. the whole story
imp full --map "$FULL" --group-map "$GROUPS_MAP" --where "$WHERE" -o "$T/full.csv"
r=$(rc_is 0 full)
r+=$(has "$T/full.err" "imported 30 of 60 tickets (18 skipped, 12 left out by --where) into $T/full.csv")
head -1 "$T/full.csv" | tr -d '\r' | grep -qx 'id,t_occur,category,severity,effort,observed_ttr,opened,effort_source,observed_reassignments,observed_party' ||
    r+="header: $(head -1 "$T/full.csv"); "
check "30 of 60 imported, 18 skipped, 12 left out by --where; the new columns in the header" "$r"

# ------------------------------------------------- 2. missing efforts: drawn, flagged
# 5 kept rows have a blank time_worked and one 'n/a' (line 14): kept, drawn
r=$(has "$T/full.err" "efforts: 24 observed, 6 drawn from the scenario (5 blank, 1 not a duration, the first at $X:14: 'n/a')")
[ "$(count "$T/full.csv" effort_source drawn)" = 6 ] || r+="$(count "$T/full.csv" effort_source drawn) rows drawn, want 6; "
[ "$(count "$T/full.csv" effort_source observed)" = 24 ] || r+="$(count "$T/full.csv" effort_source observed) rows observed, want 24; "
check "blank or unparseable time_worked: the row is kept, its effort drawn and flagged (6 drawn, 24 observed)" "$r"

# the drawn efforts are the scenario's draws for those outages: the same
# import without an effort column draws every one, at the same ids
imp noeff --map "$MAP,reassignments=reassignment_count,group=assignment_group" \
    --group-map "$GROUPS_MAP" --where "$WHERE" -o "$T/noeff.csv"
r=$(rc_is 0 noeff)
r+=$(has "$T/noeff.err" "efforts: all 30 drawn from the scenario (no effort column mapped)")
paste -d' ' <(col "$T/full.csv" effort_source) <(col "$T/full.csv" effort) <(col "$T/noeff.csv" effort) \
    > "$T/eff.txt"
awk '$1 == "drawn" && $2 != $3 { bad++ } $1 == "drawn" { n++ } END { exit !(n == 6 && !bad) }' "$T/eff.txt" ||
    r+="drawn efforts differ from the scenario's draws: $(grep drawn "$T/eff.txt" | head -3 | tr '\n' ' '); "
# an observed one is the export's: "1 Hours 5 Minutes" and "01:05:00" are 65
awk '$1 == "observed" && $2 == $3 { same++ } END { exit !(same < 3) }' "$T/eff.txt" ||
    r+="observed efforts look drawn; "
check "drawn efforts are the scenario's draws by inversion (the same as without an effort column)" "$r"

# ----------------------------------------------------------------- 3. --where
imp canc --map "$MAP" --where 'state=Cancelled' -o "$T/canc.csv"
r=$(rc_is 0 canc)
r+=$(has "$T/canc.err" "imported 5 of 60 tickets (1 skipped, 54 left out by --where)")
col "$T/canc.csv" opened | sort > "$T/canc.opened"
col "$T/full.csv" opened | sort > "$T/full.opened"
[ -s "$T/canc.opened" ] && [ -z "$(comm -12 "$T/canc.opened" "$T/full.opened")" ] ||
    r+="a cancelled ticket was imported with state!=Cancelled: $(comm -12 "$T/canc.opened" "$T/full.opened" | head -1); "
check "--where state=Cancelled keeps only those (5 usable); none of them passes state!=Cancelled,..." "$r"

imp and --map "$MAP" --where "$WHERE" --where 'priority=1 - Critical' -o "$T/and.csv"
r=$(rc_is 0 and)
[ "$(count "$T/and.csv" severity P1)" = 6 ] && [ "$(($(wc -l < "$T/and.csv") - 1))" = 6 ] ||
    r+="$(($(wc -l < "$T/and.csv") - 1)) rows, want the 6 P1 ones; "
imp ci --map "$MAP" --where 'STATE != cancelled , closed incomplete' -o "$T/ci.csv"
r+=$(rc_is 0 ci)
cmp -s <(col "$T/ci.csv" opened) <(col "$T/full.csv" opened) || r+="case or blanks change the filter; "
check "several --where are ANDed (6 P1 rows); names and values match trimmed, in any case" "$r"

printf 'from,to\n"Network, WAN",network\n' > "$T/wan.csv"
ox wan import "$X" --scenario "$SCN" --map "$MAP" --category-map "$T/wan.csv" \
    --where 'category=Network\, WAN' -o "$T/wan-out.csv"
r=$(rc_is 0 wan)
r+=$(has "$T/wan.err" "imported 3 of 60 tickets (1 skipped, 56 left out by --where)")
check "--where 'category=Network\\, WAN': \\, is a comma inside a value (4 rows, 3 usable)" "$r"

imp badwhere --map "$MAP" --where 'stat!=Cancelled' -o "$T/badwhere.csv"
r=$(rc_is 2)
r+=$(has "$T/badwhere.err" "$X:1: stat: no column 'stat' in the header (--where stat!=...)")
r+=$(has "$T/badwhere.err" "did you mean 'state'")
r+=$(absent "$T/badwhere.csv")
imp badwhere2 --map "$MAP" --where 'Cancelled' -o "$T/badwhere.csv"
r+=$(rc_is 2)
r+=$(has "$T/badwhere2.err" "--where")
r+=$(absent "$T/badwhere.csv")
check "--where on an unknown column exits 2 naming it (did you mean); a bad --where too" "$r"

# --------------------------------------------------- 4. unknown values, counted
r=$(has "$T/full.err" "unknown categories: 4 values in 15 rows (map them with --category-map")
r+=$(has "$T/full.err" "unknown priorities: 1 value in 4 rows (map them with --priority-map")
r+=$(has "$T/full.err" "unknown assignment groups: 1 value in 6 rows (map them with --group-map")
grep -A4 '^unknown categories' "$T/full.err" | tail -4 | sed 's/^ *//' > "$T/unk.txt"
printf "%s\n" "6  'Facilities'" "4  'Inquiry / Help'" "3  'Network, WAN'" "2  'Database'" > "$T/unk.want"
cmp -s "$T/unk.txt" "$T/unk.want" || r+="listing: $(tr '\n' '|' < "$T/unk.txt"); "
check "the distinct unknown categories, priorities and groups listed with their counts, most first" "$r"

# ------------------------------------------------------------ 5. --write-maps
imp maps --map "$FULL" --where "$WHERE" --write-maps "$T/maps" -o "$T/maps-out.csv"
r=$(rc_is 0 maps)
r+=$(has "$T/maps.err" "map templates (from,to,rows,currently: fill in 'to') written to $T/maps")
printf '%s\r\n' 'from,to,rows,currently' 'Hardware,,11,servers' 'Network,,11,network' 'Software,,8,apps' \
    'Facilities,,6,' 'Inquiry / Help,,4,' '"Network, WAN",,3,' 'security,,3,security' 'Database,,2,' \
    > "$T/cat.want"
cmp -s "$T/maps/categories.csv" "$T/cat.want" || r+="categories.csv: $(tr '\r\n' ' |' < "$T/maps/categories.csv"); "
printf '%s\r\n' 'from,to,rows,currently' '3 - Moderate,,20,P3' '4 - Low,,11,P4' '1 - Critical,,8,P1' \
    '2 - High,,5,P2' '5 - Planning,,4,' > "$T/pri.want"
cmp -s "$T/maps/priorities.csv" "$T/pri.want" || r+="priorities.csv: $(tr '\r\n' ' |' < "$T/maps/priorities.csv"); "
head -1 "$T/maps/groups.csv" | grep -q '^from,to,rows,currently' && grep -q '^Security Ops,,6,' "$T/maps/groups.csv" ||
    r+="groups.csv: $(tr '\r\n' ' |' < "$T/maps/groups.csv"); "
check "--write-maps: every distinct value with its row count, a blank 'to' and what it maps to now" "$r"

# read as written, a template changes nothing (the same bytes as no map at
# all); filled in, it maps
ox asis import "$X" --scenario "$SCN" --map "$FULL" --where "$WHERE" \
    --category-map "$T/maps/categories.csv" --priority-map "$T/maps/priorities.csv" \
    --group-map "$T/maps/groups.csv" -o "$T/asis.csv"
r=$(rc_is 0 asis)
ox nomaps import "$X" --scenario "$SCN" --map "$FULL" --where "$WHERE" -o "$T/nomaps.csv"
r+=$(rc_is 0 nomaps)
r+=$(has "$T/asis.err" "imported 12 of 60 tickets (36 skipped, 12 left out by --where)")
cmp -s "$T/asis.csv" "$T/nomaps.csv" || r+="the unfilled template changed the import; "
sed -e 's/^Facilities,,/Facilities,servers,/' -e 's/^Inquiry \/ Help,,/Inquiry \/ Help,apps,/' \
    -e 's/^Hardware,,/Hardware,servers,/' -e 's/^Software,,/Software,apps,/' \
    -e 's/^"Network, WAN",,/"Network, WAN",network,/' -e 's/^Database,,/Database,apps,/' \
    "$T/maps/categories.csv" > "$T/filled-cat.csv"
sed -e 's/^5 - Planning,,/5 - Planning,P4,/' "$T/maps/priorities.csv" > "$T/filled-pri.csv"
sed -e 's/^Security Ops,,/Security Ops,internal,/' -e 's/^MSP NOC,,/MSP NOC,msp,/' \
    -e 's/^Service Desk,,/Service Desk,internal,/' -e 's/^Network Team,,/Network Team,internal,/' \
    -e 's/^Windows Server Team,,/Windows Server Team,internal,/' \
    "$T/maps/groups.csv" > "$T/filled-grp.csv"
ox filled import "$X" --scenario "$SCN" --map "$FULL" --where "$WHERE" \
    --category-map "$T/filled-cat.csv" --priority-map "$T/filled-pri.csv" \
    --group-map "$T/filled-grp.csv" -o "$T/filled.csv"
r+=$(rc_is 0 filled)
r+=$(has "$T/filled.err" "imported 48 of 60 tickets (0 skipped, 12 left out by --where)")
grep -q '^unknown' "$T/filled.err" && r+="still unknown values: $(grep '^unknown' "$T/filled.err" | head -1); "
[ "$(count "$T/filled.csv" category servers)" -gt "$(count "$T/full.csv" category servers)" ] ||
    r+="Facilities not mapped to servers; "
check "a template read as written changes nothing; filled in, every row maps (48 of 48)" "$r"

cp "$T/maps/categories.csv" "$T/cat.before"
imp again --map "$FULL" --where "$WHERE" --write-maps "$T/maps" -o "$T/again.csv"
r=$(rc_is 2)
r+=$(has "$T/again.err" "exists already: --write-maps never overwrites a map")
r+=$(absent "$T/again.csv")
cmp -s "$T/cat.before" "$T/maps/categories.csv" || r+="categories.csv was changed; "
check "--write-maps never overwrites a map: exit 2, nothing written" "$r"

# the templates are what fixes an import where nothing maps: written anyway
printf 'from,to\n' > "$T/nomap.csv"
ox none import "$X" --scenario "$SCN" --map "$MAP" --where 'category=Facilities,Database' \
    --write-maps "$T/maps2" -o "$T/none.csv"
r=$(rc_is 2)
r+=$(has "$T/none.err" "no usable ticket")
r+=$(absent "$T/none.csv")
grep -q '^Facilities,,' "$T/maps2/categories.csv" 2>/dev/null || r+="no template written; "
check "no usable ticket: exit 2, no outages, but the templates that fix it are written" "$r"

# ------------------------------------------------------- 6. the skipped share
r=$(has "$T/full.err" "warning: 18 of 48 rows (37.5 %) were skipped, more than 10 %")
imp share40 --map "$FULL" --where "$WHERE" --max-skipped 40 -o "$T/share40.csv"
r+=$(rc_is 0 share40)
grep -q 'warning: .* were skipped' "$T/share40.err" && r+="warned at 37.5 % with --max-skipped 40; "
imp nowhere --map "$MAP" -o "$T/nowhere.csv"
r+=$(has "$T/nowhere.err" "warning: 21 of 60 rows (35.0 %) were skipped, more than 10 %")
check "more than 10 % skipped is warned of (37.5 %); --max-skipped 40 silences it" "$r"

imp strict30 --map "$FULL" --where "$WHERE" --max-skipped 30 --strict -o "$T/strict30.csv"
r=$(rc_is 2)
r+=$(has "$T/strict30.err" "18 of 48 rows (37.5 %) were skipped, more than --max-skipped 30 %")
r+=$(has "$T/strict30.err" "skipped rows by reason:")
r+=$(absent "$T/strict30.csv")
imp strict40 --map "$FULL" --where "$WHERE" --max-skipped 40 --strict -o "$T/strict40.csv"
r+=$(rc_is 0 strict40)
imp strict0 --map "$FULL" --where "$WHERE" --strict -o "$T/strict0.csv"
r+=$(rc_is 2)
r+=$(has "$T/strict0.err" "(--strict stops at the first unusable row)")
r+=$(absent "$T/strict0.csv")
imp badpct --map "$MAP" --max-skipped 150 -o "$T/badpct.csv"
r+=$(rc_is 2)
r+=$(has "$T/badpct.err" "--max-skipped")
check "--strict --max-skipped 30 fails at 37.5 % (nothing written), 40 passes; --strict alone stops at the first row" "$r"

# ------------------------------------------- 7. reassignments and the observed party
r=""
sum=$(col "$T/full.csv" observed_reassignments | awk '{ s += $1 } END { print s + 0 }')
[ "$sum" = 27 ] || r+="observed_reassignments sum $sum, want 27; "
[ "$(count "$T/full.csv" observed_reassignments '')" = 1 ] || r+="want one empty observed_reassignments ('two'); "
r+=$(has "$T/full.err" "reassignments: 1 value not a whole number, written empty (the first at $X:19: 'two')")
check "reassignment_count imported as observed_reassignments (sum 27; 'two' left empty and reported)" "$r"

printf 'Id,Created at,Priority,Group,Group stations\n1,2024-03-04T09:00:00Z,urgent,network,1\n2,2024-03-04T10:00:00Z,high,apps,3\n3,2024-03-04T11:00:00Z,low,apps,0\n' > "$T/zd.csv"
ox zd import "$T/zd.csv" --scenario "$SCN" \
    --map 'opened=Created at,priority=Priority,category=Group,stations=Group stations' -o "$T/zd-out.csv"
r=$(rc_is 0 zd)
[ "$(col "$T/zd-out.csv" observed_reassignments | tr '\n' ' ')" = "0 2 0 " ] ||
    r+="observed_reassignments $(col "$T/zd-out.csv" observed_reassignments | tr '\n' ' '), want 0 2 0; "
ox zd2 import "$T/zd.csv" --scenario "$SCN" \
    --map 'opened=Created at,priority=Priority,category=Group,stations=Group stations,reassignments=Id' -o "$T/zd2.csv"
r+=$(rc_is 2)
r+=$(has "$T/zd2.err" "not both")
check "Zendesk's group stations: observed_reassignments = stations - 1 (1,3,0 -> 0,2,0); not with reassignments=" "$r"

r=""
[ "$(count "$T/full.csv" observed_party internal)" = 18 ] || r+="$(count "$T/full.csv" observed_party internal) internal, want 18; "
[ "$(count "$T/full.csv" observed_party msp)" = 5 ] || r+="$(count "$T/full.csv" observed_party msp) msp, want 5; "
[ "$(count "$T/full.csv" observed_party '')" = 7 ] || r+="$(count "$T/full.csv" observed_party '') empty, want 7; "
r+=$(has "$T/full.err" "observed_party: 23 known, 4 unknown group, 3 blank")
check "assignment_group -> party with --group-map: observed_party 18 internal, 5 msp, 7 unknown or blank" "$r"

printf 'from,to\nMSP NOC,vendor\n' > "$T/badgrp.csv"
imp badgrp --map "$FULL" --group-map "$T/badgrp.csv" -o "$T/badgrp-out.csv"
r=$(rc_is 2)
r+=$(has "$T/badgrp.err" "badgrp.csv:2: to: 'vendor' is not a party of the scenario")
r+=$(absent "$T/badgrp-out.csv")
imp nogrp --map "$MAP" --group-map "$GROUPS_MAP" -o "$T/nogrp.csv"
r+=$(rc_is 2)
r+=$(has "$T/nogrp.err" "add group=COLUMN to --map")
check "a group map naming no party, or without group= in --map, exits 2 naming it" "$r"

# ------------------------------------------------------------ 8. downstream
ox run run "$SCN" --outages "$T/full.csv" -q -o "$T/run"
r=$(rc_is 0 run)
[ -s "$T/run/models.csv" ] || r+="no models.csv; "
ox fit fit "$T/full.csv" --scenario "$SCN" -o "$T/fitted.ini"
r+=$(rc_is 0 fit)
check "the outage reader and fit read the new columns' file" "$r"

finish
