/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_datadir.c — the search for the shipped data folders (datadir.h):
 * environment first, then beside a development binary, then the install
 * tree relative to the binary, then the compiled-in prefix; a development
 * binary never sees an installed copy.  Each test builds the trees it
 * needs in a temporary folder.
 */
#include <criterion/criterion.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ownsim/datadir.h"

static char root[PATH_MAX];

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/ownsim-datadir.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    cr_assert_not_null(mkdtemp(root));
    char real[PATH_MAX];
    cr_assert_not_null(realpath(root, real));
    strcpy(root, real);
}

static void teardown(void)
{
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    cr_assert_eq(system(cmd), 0);
}

/* mkdir -p root/rel */
static void mkdirs(const char *rel)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    for (char *s = p + strlen(root) + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            mkdir(p, 0755);
            *s = '/';
        }
    mkdir(p, 0755);
}

/* an empty file root/rel */
static void touch(const char *rel)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f, "%s", p);
    fclose(f);
}

static const char *at(const char *rel)
{
    static char p[4][PATH_MAX];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", root, rel);
    return p[k];
}

/* a source tree (src/build/ownsim, src/plots, src/scenarios/holidays) and an
 * install tree (inst/bin/ownsim, inst/share/ownsim/...) */
static void trees(void)
{
    mkdirs("src/build");
    mkdirs("src/plots");
    touch("src/plots/common.gp");
    mkdirs("src/scenarios/holidays");
    mkdirs("inst/bin");
    mkdirs("inst/share/ownsim/plots");
    touch("inst/share/ownsim/plots/common.gp");
    mkdirs("inst/share/ownsim/scenarios/holidays");
    mkdirs("prefix/plots");
    touch("prefix/plots/common.gp");
    mkdirs("prefix/scenarios/holidays");
}

TestSuite(datadir, .init = setup, .fini = teardown);

Test(datadir, environment_wins_as_given)
{
    trees();
    char buf[PATH_MAX];
    cr_assert_eq(datadir_find_from(DATADIR_PLOTS, at("src/build/ownsim"), "rel/dir",
                                   at("prefix"), buf, sizeof buf), 1);
    cr_assert_str_eq(buf, "rel/dir");
    /* empty means unset */
    cr_assert_eq(datadir_find_from(DATADIR_PLOTS, at("src/build/ownsim"), "", at("prefix"),
                                   buf, sizeof buf), 0);
    cr_assert_str_eq(buf, at("src/plots"));
}

Test(datadir, development_binary_uses_its_tree_even_when_installed_beside)
{
    trees();
    /* a source tree that also has an install tree one level up of build:
     * src/share/ownsim exists too, but src/plots comes first */
    mkdirs("src/share/ownsim/plots");
    touch("src/share/ownsim/plots/common.gp");
    char buf[PATH_MAX];
    cr_assert_eq(datadir_find_from(DATADIR_PLOTS, at("src/build/ownsim"), NULL, at("prefix"),
                                   buf, sizeof buf), 0);
    cr_assert_str_eq(buf, at("src/plots"));
    cr_assert_eq(datadir_find_from(DATADIR_HOLIDAYS, at("src/build/ownsim"), NULL,
                                   at("prefix"), buf, sizeof buf), 0);
    cr_assert_str_eq(buf, at("src/scenarios/holidays"));
}

Test(datadir, installed_binary_uses_share_beside_it)
{
    trees();
    char buf[PATH_MAX];
    cr_assert_eq(datadir_find_from(DATADIR_PLOTS, at("inst/bin/ownsim"), NULL, at("prefix"),
                                   buf, sizeof buf), 0);
    cr_assert_str_eq(buf, at("inst/share/ownsim/plots"));
    cr_assert_eq(datadir_find_from(DATADIR_HOLIDAYS, at("inst/bin/ownsim"), NULL,
                                   at("prefix"), buf, sizeof buf), 0);
    cr_assert_str_eq(buf, at("inst/share/ownsim/scenarios/holidays"));
}

Test(datadir, prefix_last_and_marker_needed)
{
    trees();
    /* plots folder without common.gp does not count */
    mkdirs("lone/bin");
    mkdirs("lone/plots");
    char buf[PATH_MAX];
    cr_assert_eq(datadir_find_from(DATADIR_PLOTS, at("lone/bin/ownsim"), NULL, at("prefix"),
                                   buf, sizeof buf), 0);
    cr_assert_str_eq(buf, at("prefix/plots"));
    /* no binary known: the prefix */
    cr_assert_eq(datadir_find_from(DATADIR_HOLIDAYS, NULL, NULL, at("prefix"), buf,
                                   sizeof buf), 0);
    cr_assert_str_eq(buf, at("prefix/scenarios/holidays"));
}

Test(datadir, nothing_found_names_the_prefix)
{
    trees();
    char buf[PATH_MAX];
    cr_assert_eq(datadir_find_from(DATADIR_PLOTS, at("lone/bin/ownsim"), NULL, at("none"),
                                   buf, sizeof buf), -1);
    cr_assert_str_eq(buf, at("none/plots"));
    /* too small a buffer: -1, still a string */
    char small[8];
    cr_assert_eq(datadir_find_from(DATADIR_PLOTS, at("src/build/ownsim"), NULL, at("prefix"),
                                   small, sizeof small), -1);
    cr_assert_lt(strlen(small), sizeof small);
    cr_assert_eq(datadir_find_from(DATADIR_PLOTS, NULL, "0123456789", NULL, small,
                                   sizeof small), -1);
}

Test(datadir, this_process_finds_the_source_tree)
{
    /* the unit-test binary lives in build/: its tree's plots, unless
     * OWNSIM_PLOTS is set by whoever runs the tests */
    char buf[PATH_MAX];
    int rc = datadir_find(DATADIR_PLOTS, buf, sizeof buf);
    const char *env = getenv("OWNSIM_PLOTS");
    if (env && *env) {
        cr_assert_eq(rc, 1);
        return;
    }
    cr_assert_eq(rc, 0);
    char want[PATH_MAX];
    cr_assert_not_null(realpath("plots", want), "run from the source tree");
    cr_assert_str_eq(buf, want);
}
