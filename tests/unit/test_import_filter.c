/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_import_filter.c — the pieces of issue 24 item 1 (an import that
 * cannot mislead): --where parsing and matching, reassignment counts, the
 * tally of distinct values and its order, map files with blank targets and
 * party targets, --map's new keys, and whole imports: rows = filtered + kept
 * + skipped, efforts drawn for blank or bad values (flagged, and equal to
 * the scenario's draw), --max-skipped with and without --strict, and
 * --write-maps refusing to overwrite.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "ownsim/dist.h"
#include "ownsim/import.h"
#include "ownsim/outages.h"
#include "ownsim/rng.h"
#include "../../src/import/import_int.h"

static const char *SCN =
    "[simulation]\nseed = 7\n"
    "[severity.P1]\neffort = lognormal(median=60, p90=180)\n"
    "[severity.P2]\neffort = lognormal(median=90, p90=300)\n"
    "[category.network]\n[category.apps]\n"
    "[party.internal]\nstaff = 2\n[party.msp]\nstaff = 2\n"
    "[model.only]\nowners = network:msp, apps:internal\n";

static scenario *scn(void)
{
    os_error e;
    scenario *s = fixture_load(SCN, NULL, 0, &e);
    cr_assert_not_null(s, "%s:%d: %s: %s", e.file, e.line, e.key, e.msg);
    return s;
}

static char dir[64];

static void remove_dir(void)
{
    if (dir[0])
        fixture_rmdir(dir);
    dir[0] = '\0';
}

TestSuite(import_filter, .fini = remove_dir);

static const char *at(const char *name)
{
    static char buf[4][256];
    static int k;
    if (!dir[0]) {
        strcpy(dir, "/tmp/ownsim-impf-XXXXXX");
        cr_assert_not_null(mkdtemp(dir));
    }
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

/* One import into dir/out.csv, its report captured (static, the last one's). */
typedef struct run {
    int rc;                   /* import_run's return */
    os_error e;               /* its error */
    import_result r;          /* its counts */
    const char *report;       /* what it printed */
} run;

static run do_import(import_opts o)
{
    run x = {0};
    err_clear(&x.e);
    char *buf = NULL;
    size_t len = 0;
    FILE *rep = open_memstream(&buf, &len);
    cr_assert_not_null(rep);
    o.report = rep;
    if (!o.out)
        o.out = at("out.csv");
    x.rc = import_run(&o, &x.r, &x.e);
    fclose(rep);
    static char kept[1 << 16];
    snprintf(kept, sizeof kept, "%s", buf);
    free(buf);
    x.report = kept;
    return x;
}

/* ---- --where ----------------------------------------------------------------- */

Test(import_filter, where_parsing_and_matching)
{
    os_error e;
    imp_where w;
    cr_assert_eq(imp_parse_where(" state != Cancelled, Closed Incomplete ", &w, &e), 0, "%s",
                 e.msg);
    cr_assert_str_eq(w.col, "state");
    cr_assert(w.negate);
    cr_assert_eq(w.n, 2);
    cr_assert_str_eq(w.val[1], "Closed Incomplete");
    cr_assert(!imp_where_keeps(&w, "cancelled"));
    cr_assert(!imp_where_keeps(&w, "  Closed incomplete "));
    cr_assert(imp_where_keeps(&w, "Closed"));
    cr_assert(imp_where_keeps(&w, ""));
    imp_where_free(&w);

    cr_assert_eq(imp_parse_where("category=Network\\, WAN,a\\\\b", &w, &e), 0, "%s", e.msg);
    cr_assert(!w.negate);
    cr_assert_eq(w.n, 2);
    cr_assert_str_eq(w.val[0], "Network, WAN");
    cr_assert_str_eq(w.val[1], "a\\b");
    cr_assert(imp_where_keeps(&w, "network, wan"));
    cr_assert(!imp_where_keeps(&w, "Network"));
    imp_where_free(&w);

    const char *bad[] = {"state", "=x", "!=x", "state=", "state!=a,,b", "state=a, "};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err_clear(&e);
        cr_assert_eq(imp_parse_where(bad[i], &w, &e), -1, "'%s' accepted", bad[i]);
        cr_assert_str_eq(e.file, "--where", "%s", bad[i]);
        cr_assert_eq(w.n, 0);
    }
}

Test(import_filter, reassignment_counts)
{
    long v = -1;
    cr_assert_eq(imp_parse_count(" 3 ", &v), 0);
    cr_assert_eq(v, 3);
    cr_assert_eq(imp_parse_count("0", &v), 0);
    cr_assert_eq(v, 0);
    const char *bad[] = {"", " ", "-1", "1.5", "two", "3x", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_assert_eq(imp_parse_count(bad[i], &v), -1, "'%s' accepted", bad[i]);
}

Test(import_filter, map_option_new_keys)
{
    os_error e;
    imp_colmap cm;
    cr_assert_eq(imp_parse_map("opened=a,priority=b,category=c,reassignments=r,group=Assignment "
                               "group", &cm, &e), 0, "%s", e.msg);
    cr_assert_str_eq(cm.name[IMP_REASSIGN], "r");
    cr_assert_str_eq(cm.name[IMP_GROUP], "Assignment group");
    cr_assert_eq(imp_parse_map("opened=a,priority=b,category=c,stations=s", &cm, &e), 0);
    cr_assert_str_eq(cm.name[IMP_STATIONS], "s");
    cr_assert_eq(imp_parse_map("opened=a,priority=b,category=c,stations=s,reassignments=r", &cm,
                               &e), -1);
    cr_assert(strstr(e.msg, "not both"), "%s", e.msg);
    cr_assert_eq(imp_parse_map("opened=a,priority=b,category=c,grup=g", &cm, &e), -1);
    cr_assert(strstr(e.msg, "did you mean 'group'"), "%s", e.msg);
}

/* ---- the tally ----------------------------------------------------------------- */

Test(import_filter, tally_counts_case_insensitively_in_report_order)
{
    imp_tally t = {0};
    const char *v[] = {"b", " B ", "a", "c", "C", "c", "", "  ", "Facilities"};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        cr_assert_eq(imp_tally_add(&t, v[i]), 0);
    /* many distinct values: the table grows and keeps every count */
    char buf[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(buf, sizeof buf, "v%d", i % 500);
        cr_assert_eq(imp_tally_add(&t, buf), 0);
    }
    cr_assert_eq(t.n, 4 + 500);
    const imp_tally_entry **s = imp_tally_sorted(&t);
    cr_assert_not_null(s);
    cr_assert_str_eq(s[0]->text, "c");      /* 3, first spelling kept */
    cr_assert_eq(s[0]->count, 3);
    cr_assert_str_eq(s[1]->text, "b");
    cr_assert_eq(s[1]->count, 2);
    /* then the count-2 values v0..v499 in byte order, then the ones */
    cr_assert_str_eq(s[2]->text, "v0");
    cr_assert_str_eq(s[3]->text, "v1");
    cr_assert_str_eq(s[4]->text, "v10");
    cr_assert_str_eq(s[502]->text, "Facilities");
    cr_assert_str_eq(s[503]->text, "a");
    for (size_t i = 1; i < t.n; i++)
        cr_assert(s[i - 1]->count > s[i]->count ||
                  (s[i - 1]->count == s[i]->count && strcmp(s[i - 1]->text, s[i]->text) < 0));
    free(s);
    imp_tally_free(&t);
    cr_assert_eq(t.n, 0);
    cr_assert_null(imp_tally_sorted(&t));
}

/* ---- map files ------------------------------------------------------------------ */

Test(import_filter, blank_targets_are_no_entries_and_parties_are_targets)
{
    scenario *s = scn();
    os_error e;
    imp_map m;
    fixture_write_text(at("g.csv"), "from,to,rows,currently\nMSP NOC,msp,7,\nSecurity Ops,,6,\n"
                                    "Service Desk, internal ,15,internal\n");
    cr_assert_eq(imp_map_read(at("g.csv"), s, IMP_PARTY, &m, &e), 0, "%s", e.msg);
    cr_assert_eq(m.n, 2);
    cr_assert_eq(imp_party(s, &m, "msp noc"), 1);
    cr_assert_eq(imp_party(s, &m, "Service Desk"), 0);
    cr_assert_eq(imp_party(s, &m, "Security Ops"), -1);
    cr_assert_eq(imp_party(s, &m, "MSP"), 1);          /* a party's own name */
    imp_map_free(&m);
    fixture_write_text(at("g2.csv"), "from,to\nMSP NOC,vendor\n");
    cr_assert_eq(imp_map_read(at("g2.csv"), s, IMP_PARTY, &m, &e), -1);
    cr_assert_eq(e.line, 2);
    cr_assert_str_eq(e.key, "to");
    cr_assert(strstr(e.msg, "not a party of the scenario"), "%s", e.msg);
    scn_destroy(s);
}

/* ---- whole imports ---------------------------------------------------------------- */

static const char *EXPORT =
    "number,opened,priority,category,state,effort,reassignment_count,assignment_group\n"
    "1,2024-03-04 09:00,P1,network,Closed,30,0,MSP NOC\n"          /* 2 kept */
    "2,2024-03-04 09:10,P1,network,Cancelled,30,0,MSP NOC\n"       /* 3 filtered */
    "3,2024-03-04 09:20,P2,apps,Closed,,1,Service Desk\n"          /* 4 kept, drawn */
    "4,2024-03-04 09:30,P2,apps,Closed,soon,2,\n"                  /* 5 kept, drawn */
    "5,2024-03-04 09:40,P9,apps,Closed,10,x,Service Desk\n"        /* 6 skipped */
    "6,2024-03-04 09:50,P2,Facilities,Closed,10,3,Other\n"         /* 7 skipped */
    "7,2024-03-04 10:00,P1,apps,Closed,45,3,Other\n";              /* 8 kept */

static const char *MAPX = "opened=opened,priority=priority,category=category,effort=effort,"
                          "reassignments=reassignment_count,group=assignment_group";

Test(import_filter, rows_are_filtered_kept_or_skipped_and_efforts_flagged)
{
    scenario *s = scn();
    fixture_write_text(at("t.csv"), EXPORT);
    fixture_write_text(at("g.csv"), "from,to\nMSP NOC,msp\nService Desk,internal\n");
    const char *where[] = {"state!=Cancelled"};
    run x = do_import((import_opts){.tickets = at("t.csv"), .s = s, .map = MAPX,
                                    .where = where, .nwhere = 1, .group_map = at("g.csv")});
    cr_assert_eq(x.rc, 0, "%s", x.e.msg);
    cr_assert_eq(x.r.rows, 7);
    cr_assert_eq(x.r.filtered, 1);
    cr_assert_eq(x.r.kept, 4);
    cr_assert_eq(x.r.skipped, 2);
    cr_assert_eq(x.r.drawn, 2);
    cr_assert_eq(x.r.rows, x.r.filtered + x.r.kept + x.r.skipped);
    char *out = fixture_read(at("out.csv"), NULL);
    cr_assert(strstr(out, "id,t_occur,category,severity,effort,opened,effort_source,"
                          "observed_reassignments,observed_party\r\n"), "%s", out);
    cr_assert(strstr(out, "\r\n0,540,network,P1,30,2024-03-04T09:00:00+00:00,observed,0,msp\r\n"),
              "%s", out);
    cr_assert(strstr(out, ",2024-03-04T09:20:00+00:00,drawn,1,internal\r\n"), "%s", out);
    cr_assert(strstr(out, ",2024-03-04T09:30:00+00:00,drawn,2,\r\n"), "%s", out);
    cr_assert(strstr(out, "\r\n3,600,apps,P1,45,2024-03-04T10:00:00+00:00,observed,3,\r\n"),
              "%s", out);
    free(out);
    /* the drawn efforts are the scenario's draws for their ids (1 and 2) */
    outage_list l;
    os_error e;
    cr_assert_eq(outlist_read(s, at("out.csv"), 0, &l, &e), 0, "%s", e.msg);
    for (size_t i = 1; i <= 2; i++) {
        double u = rng_decision(rng_incident_key(s->seed, 0, i), ROLE_IMPORT_EFFORT, 0);
        cr_assert_float_eq(l.v[i].effort, dist_quantile(&s->sev[1].effort, u), 1e-6);
    }
    outlist_free(&l);
    const char *want[] = {
        "efforts: 2 observed, 2 drawn from the scenario (1 blank, 1 not a duration, the first at ",
        ":5: 'soon')\n",
        "unknown priorities: 1 value in 1 row (map them with --priority-map",
        "unknown categories: 1 value in 1 row",
        "unknown assignment groups: 1 value in 2 rows",
        "         2  'Other'\n",
        "observed_party: 2 known, 1 unknown group, 1 blank\n",
        "warning: 2 of 6 rows (33.3 %) were skipped, more than 10 %",
        "imported 4 of 7 tickets (2 skipped, 1 left out by --where) into ",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_assert(strstr(x.report, want[i]), "no '%s' in:\n%s", want[i], x.report);
    scn_destroy(s);
}

Test(import_filter, max_skipped_and_strict)
{
    scenario *s = scn();
    fixture_write_text(at("t.csv"), EXPORT);
    /* 2 of 7 skipped (28.6 %): below 30 no warning; strict at 20 fails, nothing written */
    run x = do_import((import_opts){.tickets = at("t.csv"), .s = s, .map = MAPX,
                                    .max_skipped_set = true, .max_skipped = 30});
    cr_assert_eq(x.rc, 0, "%s", x.e.msg);
    cr_assert_null(strstr(x.report, "warning:"), "%s", x.report);
    unlink(at("out.csv"));
    x = do_import((import_opts){.tickets = at("t.csv"), .s = s, .map = MAPX, .strict = true,
                                .max_skipped_set = true, .max_skipped = 20});
    cr_assert_eq(x.rc, -1);
    cr_assert_eq(x.e.kind, OS_ERR_INPUT);
    cr_assert(strstr(x.e.msg, "2 of 7 rows (28.6 %) were skipped, more than --max-skipped 20 %"),
              "%s", x.e.msg);
    cr_assert_neq(access(at("out.csv"), F_OK), 0, "out.csv written");
    x = do_import((import_opts){.tickets = at("t.csv"), .s = s, .map = MAPX, .strict = true,
                                .max_skipped_set = true, .max_skipped = 29});
    cr_assert_eq(x.rc, 0, "%s", x.e.msg);
    /* strict alone: the first unusable row (line 6, priority) is the error */
    unlink(at("out.csv"));
    x = do_import((import_opts){.tickets = at("t.csv"), .s = s, .map = MAPX, .strict = true});
    cr_assert_eq(x.rc, -1);
    cr_assert_eq(x.e.line, 6);
    cr_assert_str_eq(x.e.key, "priority");
    cr_assert_neq(access(at("out.csv"), F_OK), 0, "out.csv written");
    /* out of range */
    x = do_import((import_opts){.tickets = at("t.csv"), .s = s, .map = MAPX,
                                .max_skipped_set = true, .max_skipped = 101});
    cr_assert_eq(x.rc, -1);
    cr_assert_str_eq(x.e.file, "--max-skipped");
    scn_destroy(s);
}

Test(import_filter, where_errors_and_everything_filtered)
{
    scenario *s = scn();
    fixture_write_text(at("t.csv"), EXPORT);
    const char *bad[] = {"stat=Closed"};
    run x = do_import((import_opts){.tickets = at("t.csv"), .s = s, .map = MAPX,
                                    .where = bad, .nwhere = 1});
    cr_assert_eq(x.rc, -1);
    cr_assert_eq(x.e.line, 1);
    cr_assert_str_eq(x.e.key, "stat");
    cr_assert(strstr(x.e.msg, "did you mean 'state'"), "%s", x.e.msg);
    const char *none[] = {"state=Open"};
    x = do_import((import_opts){.tickets = at("t.csv"), .s = s, .map = MAPX,
                                .where = none, .nwhere = 1});
    cr_assert_eq(x.rc, -1);
    cr_assert(strstr(x.e.msg, "every one of the 7 rows was left out by --where"), "%s", x.e.msg);
    /* two filters, both must pass */
    const char *two[] = {"state!=Cancelled", "priority=P1"};
    x = do_import((import_opts){.tickets = at("t.csv"), .s = s, .map = MAPX,
                                .where = two, .nwhere = 2});
    cr_assert_eq(x.rc, 0, "%s", x.e.msg);
    cr_assert_eq(x.r.kept, 2);
    cr_assert_eq(x.r.filtered, 5);
    scn_destroy(s);
}

Test(import_filter, write_maps_never_overwrites)
{
    scenario *s = scn();
    fixture_write_text(at("t.csv"), EXPORT);
    char maps[300];
    snprintf(maps, sizeof maps, "%s", at("maps"));
    run x = do_import((import_opts){.tickets = at("t.csv"), .s = s, .map = MAPX,
                                    .write_maps = maps});
    cr_assert_eq(x.rc, 0, "%s", x.e.msg);
    char path[400];
    snprintf(path, sizeof path, "%s/groups.csv", maps);
    char *g = fixture_read(path, NULL);
    cr_assert_str_eq(g, "from,to,rows,currently\r\nMSP NOC,,2,\r\nOther,,2,\r\n"
                        "Service Desk,,2,\r\n");
    free(g);
    unlink(path);
    snprintf(path, sizeof path, "%s/priorities.csv", maps);
    unlink(path);
    snprintf(path, sizeof path, "%s/categories.csv", maps);
    fixture_write_text(path, "from,to\nFacilities,apps\n");   /* filled in by hand */
    unlink(at("out.csv"));
    x = do_import((import_opts){.tickets = at("t.csv"), .s = s, .map = MAPX,
                                .write_maps = maps});
    cr_assert_eq(x.rc, -1);
    cr_assert_str_eq(x.e.file, path);
    char *c = fixture_read(path, NULL);
    cr_assert_str_eq(c, "from,to\nFacilities,apps\n");
    free(c);
    cr_assert_neq(access(at("out.csv"), F_OK), 0, "out.csv written");
    /* a file in the way of the folder */
    x = do_import((import_opts){.tickets = at("t.csv"), .s = s, .map = MAPX,
                                .write_maps = at("t.csv")});
    cr_assert_eq(x.rc, -1);
    cr_assert(strstr(x.e.msg, "not a folder"), "%s", x.e.msg);
    scn_destroy(s);
}
