/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_outdir.c — the output folder that changes all at once (outdir.h) and
 * its provenance (provenance.h): commit, rollback leaving the old folder
 * byte-identical (a write failing for real under RLIMIT_FSIZE), foreign
 * folders refused untouched, a held lock refused, the signal-time cleanup
 * of the temporary folder, and provenance.ini read back.
 *
 * Each test works in its own mkdtemp() directory; Criterion runs each test
 * in its own process, so a resource limit set by one test stays there.
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ownsim/csvfile.h"
#include "ownsim/outdir.h"
#include "ownsim/provenance.h"
#include "ownsim/version.h"

static char *make_dir(void)
{
    static char tmpl[64];
    strcpy(tmpl, "/tmp/ownsim-outdir-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpl));
    return tmpl;
}

static void put(const char *dir, const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static char *slurp(const char *dir, const char *name)
{
    static char buf[4096];
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Entries of dir other than . and .., or -1 when it cannot be read. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
    closedir(d);
    return n;
}

/* A complete result: one file and the manifest. */
static void fill(outdir *od, const char *text)
{
    os_error e;
    err_clear(&e);
    char p[512];
    snprintf(p, sizeof p, "%s/a.csv", outdir_path(od));
    csvw *w = csvw_open(p, &e);
    cr_assert_not_null(w, "%s", e.msg);
    csvw_str(w, text);
    csvw_end(w);
    cr_assert_eq(csvw_commit(w, &e), 0, "%s", e.msg);
    char *argv[] = {"ownsim", "run", "x.ini"};
    prov *pv = prov_create(3, argv);
    cr_assert_not_null(pv);
    cr_assert_eq(prov_write(pv, outdir_path(od), &e), 0, "%s", e.msg);
    prov_destroy(pv);
}

Test(outdir, commit_creates_then_replaces_whole)
{
    char *d = make_dir(), t[256];
    snprintf(t, sizeof t, "%s/new/res", d);
    os_error e;
    err_clear(&e);
    outdir *od = outdir_open(t, &e);
    cr_assert_not_null(od, "%s", e.msg);
    fill(od, "one");
    cr_assert_eq(outdir_commit(od, &e), 0, "%s", e.msg);
    cr_assert_str_eq(slurp(t, "a.csv"), "one\r\n");
    cr_assert(outdir_is_ours(t));
    put(t, "extra.txt", "from the old run\n");
    od = outdir_open(t, &e);
    cr_assert_not_null(od, "%s", e.msg);
    fill(od, "two");
    cr_assert_eq(outdir_commit(od, &e), 0, "%s", e.msg);
    cr_assert_str_eq(slurp(t, "a.csv"), "two\r\n");
    cr_assert_null(slurp(t, "extra.txt"), "the old folder's files go with it");
    /* the new folder, and nothing beside it: no temporary, no lock */
    snprintf(t, sizeof t, "%s/new", d);
    cr_assert_eq(entries(t), 1);
}

Test(outdir, commit_without_manifest_is_refused)
{
    char *d = make_dir(), t[256];
    snprintf(t, sizeof t, "%s/res", d);
    os_error e;
    err_clear(&e);
    outdir *od = outdir_open(t, &e);
    cr_assert_not_null(od);
    cr_assert_eq(outdir_commit(od, &e), -1);
    cr_assert_eq(entries(d), 0, "nothing left, no folder made");
}

Test(outdir, failed_write_rolls_back_and_keeps_the_old_folder)
{
    char *d = make_dir(), t[256];
    snprintf(t, sizeof t, "%s/res", d);
    os_error e;
    err_clear(&e);
    outdir *od = outdir_open(t, &e);
    fill(od, "old");
    cr_assert_eq(outdir_commit(od, &e), 0);
    char before[4096];
    snprintf(before, sizeof before, "%s", slurp(t, "a.csv"));
    char prov_before[4096];
    snprintf(prov_before, sizeof prov_before, "%s", slurp(t, "provenance.ini"));

    /* a real write failure: files beyond 64 KiB fail with EFBIG */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {65536, 65536};
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    od = outdir_open(t, &e);
    cr_assert_not_null(od, "%s", e.msg);
    char p[512];
    snprintf(p, sizeof p, "%s/a.csv", outdir_path(od));
    csvw *w = csvw_open(p, &e);
    cr_assert_not_null(w);
    for (int i = 0; i < 100000; i++) {
        csvw_str(w, "a row that makes the file too big");
        csvw_end(w);
    }
    cr_assert_eq(csvw_commit(w, &e), -1, "the write must fail");
    outdir_abort(od);
    cr_assert_str_eq(slurp(t, "a.csv"), before);
    cr_assert_str_eq(slurp(t, "provenance.ini"), prov_before);
    cr_assert_eq(entries(t), 2);
    cr_assert_eq(entries(d), 1, "no temporary folder or lock beside it");
}

Test(outdir, foreign_folder_refused_untouched)
{
    char *d = make_dir(), t[256];
    snprintf(t, sizeof t, "%s/mine", d);
    cr_assert_eq(mkdir(t, 0777), 0);
    put(t, "notes.txt", "keep me\n");
    os_error e;
    err_clear(&e);
    cr_assert_null(outdir_open(t, &e));
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert(strstr(e.msg, "not an ownsim output folder"), "%s", e.msg);
    cr_assert_str_eq(slurp(t, "notes.txt"), "keep me\n");
    cr_assert_eq(entries(t), 1);
    cr_assert_eq(entries(d), 1, "no temporary folder or lock left");
    /* a provenance.ini that does not start with the marker is not ours */
    put(t, "provenance.ini", "[build]\n");
    err_clear(&e);
    cr_assert_null(outdir_open(t, &e));
    cr_assert_eq(entries(t), 2);
    /* "." resolved, and refused just the same */
    char cwd[512];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_eq(chdir(t), 0);
    err_clear(&e);
    cr_assert_null(outdir_open(".", &e));
    cr_assert_eq(chdir(cwd), 0);
    cr_assert_eq(entries(t), 2);
    /* a regular file and a symbolic link are refused too */
    snprintf(t, sizeof t, "%s/file", d);
    put(d, "file", "x");
    err_clear(&e);
    cr_assert_null(outdir_open(t, &e));
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    char l[256];
    snprintf(l, sizeof l, "%s/link", d);
    snprintf(t, sizeof t, "%s/mine", d);
    cr_assert_eq(symlink(t, l), 0);
    err_clear(&e);
    cr_assert_null(outdir_open(l, &e));
    cr_assert(strstr(e.msg, "symbolic link"), "%s", e.msg);
}

Test(outdir, held_lock_refuses_a_second_writer)
{
    char *d = make_dir(), t[256], lock[256];
    snprintf(t, sizeof t, "%s/res", d);
    snprintf(lock, sizeof lock, "%s/.res.lock", d);
    int fd = open(lock, O_RDWR | O_CREAT, 0666);
    cr_assert(fd >= 0);
    cr_assert_eq(flock(fd, LOCK_EX | LOCK_NB), 0);
    os_error e;
    err_clear(&e);
    cr_assert_null(outdir_open(t, &e));
    cr_assert_eq(e.kind, OS_ERR_ENV);
    cr_assert(strstr(e.msg, "another ownsim is writing"), "%s", e.msg);
    cr_assert_eq(entries(d), 1, "only the lock file");
    close(fd);
    /* released: the next writer gets it, and removes the lock file */
    err_clear(&e);
    outdir *od = outdir_open(t, &e);
    cr_assert_not_null(od, "%s", e.msg);
    /* and holds it: a second open in this process is refused too */
    os_error e2;
    err_clear(&e2);
    cr_assert_null(outdir_open(t, &e2));
    fill(od, "x");
    cr_assert_eq(outdir_commit(od, &e), 0, "%s", e.msg);
    cr_assert_eq(entries(d), 1, "the result, no lock file");
}

Test(outdir, signal_cleanup_removes_the_temporary_folder)
{
    char *d = make_dir(), t[256];
    snprintf(t, sizeof t, "%s/res", d);
    os_error e;
    err_clear(&e);
    outdir *od = outdir_open(t, &e);
    fill(od, "old");
    cr_assert_eq(outdir_commit(od, &e), 0);
    od = outdir_open(t, &e);
    cr_assert_not_null(od);
    fill(od, "new");
    char sub[512];
    snprintf(sub, sizeof sub, "%s/charts", outdir_path(od));
    cr_assert_eq(mkdir(sub, 0777), 0);
    put(sub, "x.png", "png");
    /* what the CLI's signal handler calls */
    csvw_abort_all_signal_safe();
    struct stat st;
    cr_assert_neq(stat(outdir_path(od), &st), 0, "the temporary folder is gone");
    cr_assert_str_eq(slurp(t, "a.csv"), "old\r\n", "the old folder stays");
    outdir_abort(od);
    cr_assert_eq(entries(d), 1);
}

Test(provenance, written_and_read_back)
{
    char *d = make_dir();
    put(d, "in.ini", "abc");
    char in[256];
    snprintf(in, sizeof in, "%s/in.ini", d);
    char *argv[] = {"ownsim", "run", "a b;c", "x\ny", "it's"};
    prov *pv = prov_create(5, argv);
    prov_set_seed(pv, 42);
    os_error e;
    err_clear(&e);
    cr_assert_eq(prov_add_file(pv, in, &e), 0);
    cr_assert_eq(prov_add_file(pv, in, &e), 0, "a repeat is ignored");
    cr_assert_eq(prov_write(pv, d, &e), 0, "%s", e.msg);
    prov_destroy(pv);
    cr_assert(outdir_is_ours(d));
    const char *text = slurp(d, "provenance.ini");
    cr_assert(strstr(text, "command = ownsim run $'a b\\x3bc' $'x\\x0ay' $'it\\x27s'\n"), "%s",
              text);
    prov_file f;
    cr_assert_eq(prov_read(d, &f, &e), 0, "%s", e.msg);
    cr_assert_str_eq(f.seed, "42");
    cr_assert_eq(f.n, 1);
    cr_assert_str_eq(f.path[0], in);
    /* sha256("abc") */
    cr_assert_str_eq(f.sha256[0],
                     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    cr_assert_str_eq(f.version, OWNSIM_VERSION);
    prov_file_free(&f);
}
