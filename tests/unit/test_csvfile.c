/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_csvfile.c — the atomic CSV writer (exact bytes, temporary file life,
 * failures) and the libcsv-based reader (fields, start lines of records,
 * BOM, CRLF, errors, early stop).
 *
 * Each test works in its own mkdtemp() directory; Criterion runs each test
 * in its own process, so resource limits set by one test stay there.
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "ownsim/csvfile.h"

static char *make_dir(void)
{
    static char tmpl[64];
    strcpy(tmpl, "/tmp/ownsim-csv-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpl));
    return tmpl;
}

static void join(char *out, size_t n, const char *dir, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

static int exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

/* The temporaries of path now in its folder ("<path>.tmp.<pid>.*", any
 * kind of file): their number; the last one found goes to out[n]. */
static int tmp_of(char *out, size_t n, const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[256], prefix[300];
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    snprintf(prefix, sizeof prefix, "%s.tmp.%ld.", slash + 1, (long)getpid());
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    int count = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        if (!strncmp(de->d_name, prefix, strlen(prefix))) {
            count++;
            if (out)
                snprintf(out, n, "%s/%s", dir, de->d_name);
        }
    closedir(d);
    return count;
}

static int ntmp(const char *path)
{
    return tmp_of(NULL, 0, path);
}

/* ------------------------------------------------------------ writer */

Test(csvw, exact_bytes_and_temporary_lifecycle)
{
    char *dir = make_dir();
    char path[256], tmp[300];
    join(path, sizeof path, dir, "out.csv");
    os_error e = {0};
    csvw *w = csvw_open(path, &e);
    cr_assert_not_null(w, "%s", e.msg);
    cr_assert_eq(tmp_of(tmp, sizeof tmp, path), 1, "one temporary beside %s", path);
    cr_assert(exists(tmp), "temporary %s should exist", tmp);

    csvw_str(w, "plain");
    csvw_str(w, "b,c");
    csvw_str(w, "say \"hi\"");
    csvw_str(w, "two\nlines");
    csvw_str(w, "cr\rhere");
    csvw_str(w, "with space");
    csvw_end(w);
    csvw_num(w, 1.5, 6);
    csvw_num(w, NAN, 6);
    csvw_num(w, INFINITY, 6);
    csvw_num(w, -INFINITY, 6);
    csvw_num(w, 1.0 / 3.0, 3);
    csvw_num(w, 0.1, 17);
    csvw_int(w, -42);
    csvw_int(w, 9007199254740993LL);
    csvw_str(w, "");
    csvw_str(w, NULL);
    csvw_end(w);
    csvw_end(w);   /* an empty record is an empty line */
    fprintf(csvw_stream(w), "raw\r\n");

    cr_assert_not(exists(path), "target must not appear before commit");
    cr_assert_eq(csvw_commit(w, &e), 0, "%s", e.msg);
    cr_assert_not(exists(tmp), "temporary must be gone after commit");
    cr_assert_eq(ntmp(path), 0);

    size_t len;
    char *got = fixture_read(path, &len);
    const char *want =
        "plain,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\","
        "with space\r\n"
        "1.5,,,,0.333,0.10000000000000001,-42,9007199254740993,,\r\n"
        "\r\n"
        "raw\r\n";
    cr_assert_eq(len, strlen(want));
    cr_assert_str_eq(got, want);
    free(got);
    unlink(path);
    rmdir(dir);
}

Test(csvw, commit_replaces_and_abort_keeps_old)
{
    char *dir = make_dir();
    char path[256], tmp[300];
    join(path, sizeof path, dir, "t.csv");
    fixture_write(path, "old\r\n", 5);

    os_error e = {0};
    csvw *w = csvw_open(path, &e);
    cr_assert_not_null(w);
    csvw_str(w, "new");
    csvw_end(w);
    cr_assert_eq(tmp_of(tmp, sizeof tmp, path), 1);
    csvw_abort(w);
    cr_assert_not(exists(tmp));
    size_t len;
    char *got = fixture_read(path, &len);
    cr_assert_str_eq(got, "old\r\n", "abort must leave the old file");
    free(got);

    w = csvw_open(path, &e);
    cr_assert_not_null(w);
    csvw_str(w, "new");
    csvw_end(w);
    cr_assert_eq(csvw_commit(w, &e), 0);
    got = fixture_read(path, &len);
    cr_assert_str_eq(got, "new\r\n");
    free(got);
    cr_assert_eq(ntmp(path), 0);
    unlink(path);
    rmdir(dir);
}

Test(csvw, abort_without_target)
{
    char *dir = make_dir();
    char path[256], tmp[300];
    join(path, sizeof path, dir, "never.csv");
    os_error e = {0};
    csvw *w = csvw_open(path, &e);
    cr_assert_not_null(w);
    cr_assert_eq(tmp_of(tmp, sizeof tmp, path), 1);
    csvw_int(w, 1);
    csvw_end(w);
    csvw_abort(w);
    csvw_abort(NULL);
    cr_assert_not(exists(path));
    cr_assert_not(exists(tmp));
    rmdir(dir);
}

Test(csvw, missing_directory_is_env_error)
{
    char *dir = make_dir();
    char path[256];
    join(path, sizeof path, dir, "no/such/dir/out.csv");
    os_error e = {0};
    csvw *w = csvw_open(path, &e);
    cr_assert_null(w);
    cr_assert_eq(e.kind, OS_ERR_ENV);
    cr_assert_str_eq(e.file, path);
    cr_assert(strstr(e.msg, "does the directory exist") != NULL, "%s", e.msg);
    rmdir(dir);
}

Test(csvw, unwritable_directory_is_env_error)
{
    if (geteuid() == 0)
        cr_skip_test("root ignores directory permissions");
    char *dir = make_dir();
    char path[256];
    join(path, sizeof path, dir, "out.csv");
    chmod(dir, 0500);
    os_error e = {0};
    csvw *w = csvw_open(path, &e);
    chmod(dir, 0700);
    cr_assert_null(w);
    cr_assert_eq(e.kind, OS_ERR_ENV);
    cr_assert_str_eq(e.file, path);
    rmdir(dir);
}

/* A file-size limit makes the writes fail (EFBIG) the way a full disk
 * would; commit must notice, fail and remove the temporary. */
Test(csvw, write_failure_fails_commit)
{
    char *dir = make_dir();
    char path[256], tmp[300];
    join(path, sizeof path, dir, "big.csv");
    os_error e = {0};
    csvw *w = csvw_open(path, &e);
    cr_assert_not_null(w);
    cr_assert_eq(tmp_of(tmp, sizeof tmp, path), 1);

    struct rlimit old, lim;
    cr_assert_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 4096;
    signal(SIGXFSZ, SIG_IGN);
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    for (int i = 0; i < 2000; i++) {
        csvw_str(w, "0123456789");
        csvw_int(w, i);
        csvw_end(w);
    }
    int rc = csvw_commit(w, &e);
    setrlimit(RLIMIT_FSIZE, &old);

    cr_assert_eq(rc, -1);
    cr_assert_eq(e.kind, OS_ERR_ENV);
    cr_assert_str_eq(e.file, path);
    cr_assert(strlen(e.msg) > 0);
    cr_assert_not(exists(tmp), "temporary must be removed on failure");
    cr_assert_not(exists(path), "no target after a failed commit");
    rmdir(dir);
}

static void on_usr1(int sig)
{
    (void)sig;
    csvw_abort_all_signal_safe();
}

Test(csvw, abort_all_from_signal_handler)
{
    char *dir = make_dir();
    char p1[256], p2[256], t1[300], t2[300];
    join(p1, sizeof p1, dir, "a.csv");
    join(p2, sizeof p2, dir, "b.csv");
    os_error e = {0};
    csvw *a = csvw_open(p1, &e);
    csvw *b = csvw_open(p2, &e);
    cr_assert(a && b);
    cr_assert_eq(tmp_of(t1, sizeof t1, p1), 1);
    cr_assert_eq(tmp_of(t2, sizeof t2, p2), 1);
    csvw_str(a, "x");
    csvw_end(a);
    cr_assert(exists(t1) && exists(t2));
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    cr_assert_not(exists(t1));
    cr_assert_not(exists(t2));
    csvw_abort(a);
    csvw_abort(b);

    /* Slots were released: a later writer works normally. */
    csvw *c = csvw_open(p1, &e);
    cr_assert_not_null(c);
    csvw_str(c, "ok");
    csvw_end(c);
    cr_assert_eq(csvw_commit(c, &e), 0);
    cr_assert(exists(p1));
    unlink(p1);
    rmdir(dir);
}

/* The name the writer used to take ("<path>.tmp.<pid>") is predictable:
 * a symlink planted there must be neither followed nor truncated. */
Test(csvw, planted_symlink_is_not_followed)
{
    char *dir = make_dir();
    char path[256], victim[256], old[300];
    join(path, sizeof path, dir, "o.csv");
    join(victim, sizeof victim, dir, "victim");
    snprintf(old, sizeof old, "%s.tmp.%ld", path, (long)getpid());
    fixture_write(victim, "precious\n", 9);
    cr_assert_eq(symlink(victim, old), 0);

    os_error e = {0};
    csvw *w = csvw_open(path, &e);
    cr_assert_not_null(w, "%s", e.msg);
    csvw_str(w, "new");
    csvw_end(w);
    cr_assert_eq(csvw_commit(w, &e), 0, "%s", e.msg);

    size_t len;
    char *got = fixture_read(victim, &len);
    cr_assert_str_eq(got, "precious\n", "the symlink's target was written");
    free(got);
    got = fixture_read(path, &len);
    cr_assert_str_eq(got, "new\r\n");
    free(got);
    struct stat sb;
    cr_assert_eq(lstat(path, &sb), 0);
    cr_assert(S_ISREG(sb.st_mode), "the target is a regular file");
    cr_assert_eq(lstat(old, &sb), 0);
    cr_assert(S_ISLNK(sb.st_mode), "the planted link is left alone");
    unlink(old);
    unlink(path);
    unlink(victim);
    rmdir(dir);
}

/* A new regular file, never a link, with the mode any new file gets
 * (0666 minus the umask, as before; not mkstemp's 0600), kept by the
 * rename. */
Test(csvw, temporary_is_a_new_file_with_the_umask_mode)
{
    static const mode_t masks[] = {022, 027, 077, 0};
    char *dir = make_dir();
    char path[256], tmp[300];
    join(path, sizeof path, dir, "m.csv");
    for (size_t i = 0; i < sizeof masks / sizeof *masks; i++) {
        umask(masks[i]);
        os_error e = {0};
        csvw *w = csvw_open(path, &e);
        cr_assert_not_null(w, "%s", e.msg);
        cr_assert_eq(tmp_of(tmp, sizeof tmp, path), 1);
        struct stat sb;
        cr_assert_eq(lstat(tmp, &sb), 0);
        cr_assert(S_ISREG(sb.st_mode));
        cr_assert_eq(sb.st_mode & 07777, 0666 & ~masks[i], "mode %o under umask %o",
                     (unsigned)(sb.st_mode & 07777), (unsigned)masks[i]);
        cr_assert_eq(fcntl(fileno(csvw_stream(w)), F_GETFD) & FD_CLOEXEC,
                     FD_CLOEXEC, "close-on-exec: gnuplot must not inherit it");
        csvw_int(w, 1);
        csvw_end(w);
        cr_assert_eq(csvw_commit(w, &e), 0, "%s", e.msg);
        cr_assert_eq(lstat(path, &sb), 0);
        cr_assert_eq(sb.st_mode & 07777, 0666 & ~masks[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* Two writers of one path in one process (same pid) no longer share a
 * temporary: the one committed holds its own bytes only. */
Test(csvw, two_writers_of_one_path_have_their_own_temporaries)
{
    char *dir = make_dir();
    char path[256];
    join(path, sizeof path, dir, "twice.csv");
    os_error e = {0};
    csvw *a = csvw_open(path, &e);
    csvw *b = csvw_open(path, &e);
    cr_assert(a && b, "%s", e.msg);
    cr_assert_eq(ntmp(path), 2);
    csvw_str(b, "from b");
    csvw_end(b);
    cr_assert_eq(csvw_commit(b, &e), 0, "%s", e.msg);
    csvw_str(a, "from a, longer");
    csvw_end(a);
    csvw_abort(a);
    size_t len;
    char *got = fixture_read(path, &len);
    cr_assert_str_eq(got, "from b\r\n");
    free(got);
    cr_assert_eq(ntmp(path), 0);
    unlink(path);
    rmdir(dir);
}

/* A part is read back through its own descriptor: a file swapped in at
 * its name is not what gets spliced. */
Test(csvw, splice_reads_the_part_not_its_name)
{
    char *dir = make_dir();
    char path[256], ppath[256], ptmp[300], moved[300];
    join(path, sizeof path, dir, "whole.csv");
    join(ppath, sizeof ppath, dir, "whole.csv.part0");
    join(moved, sizeof moved, dir, "moved");
    os_error e = {0};
    csvw *dst = csvw_open(path, &e);
    csvw *part = csvw_open(ppath, &e);
    cr_assert(dst && part, "%s", e.msg);
    cr_assert_eq(tmp_of(ptmp, sizeof ptmp, ppath), 1);
    csvw_str(dst, "head");
    csvw_end(dst);
    csvw_str(part, "part");
    csvw_end(part);
    cr_assert_eq(rename(ptmp, moved), 0);
    fixture_write(ptmp, "EVIL\n", 5);
    cr_assert_eq(csvw_splice(dst, part, &e), 0, "%s", e.msg);
    cr_assert_eq(csvw_commit(dst, &e), 0, "%s", e.msg);
    size_t len;
    char *got = fixture_read(path, &len);
    cr_assert_str_eq(got, "head\r\npart\r\n");
    free(got);
    unlink(ptmp);
    unlink(moved);
    unlink(path);
    rmdir(dir);
}

/* ------------------------------------------------------------ reader */

#define MAXREC 64

/* What the callback saw. */
typedef struct seen {
    int n;                 /* records */
    char rec[MAXREC][256]; /* fields joined by '|' */
    long line[MAXREC];     /* start lines */
    int stop_at;           /* return 7 at this record (1-based), 0 never */
} seen;

static int collect(void *ctx, size_t nf, char **f, long line)
{
    seen *s = ctx;
    if (s->n < MAXREC) {
        char *r = s->rec[s->n];
        r[0] = '\0';
        for (size_t i = 0; i < nf; i++) {
            if (i)
                strcat(r, "|");
            strncat(r, f[i], 200 - strlen(r));
        }
        s->line[s->n] = line;
    }
    s->n++;
    return s->stop_at && s->n == s->stop_at ? 7 : 0;
}

static int read_bytes(const char *bytes, size_t n, seen *s, os_error *e)
{
    char *dir = make_dir();
    char path[256];
    join(path, sizeof path, dir, "in.csv");
    fixture_write(path, bytes, n);
    int rc = csvr_read(path, collect, s, e);
    unlink(path);
    rmdir(dir);
    return rc;
}

Test(csvr, fields_lines_bom_crlf_quotes)
{
    static const char in[] =
        "\xEF\xBB\xBF"
        "h1,\"h2\"\r\n"                 /* line 1 */
        "\"x,y\",\"multi\r\nline\"\r\n" /* lines 2-3 */
        "\r\n"                          /* line 4: blank, skipped */
        "p, q ,\r\n"                    /* line 5: trailing empty field */
        "\"a\"\"b\",\"\"\n"             /* line 6: LF only */
        "last,\"c\nd\ne\",z";           /* lines 7-9, no final newline */
    seen s = {0};
    os_error e = {0};
    cr_assert_eq(read_bytes(in, sizeof in - 1, &s, &e), 0, "%s", e.msg);
    cr_assert_eq(s.n, 5);
    cr_assert_str_eq(s.rec[0], "h1|h2");
    cr_assert_eq(s.line[0], 1);
    cr_assert_str_eq(s.rec[1], "x,y|multi\r\nline");
    cr_assert_eq(s.line[1], 2);
    cr_assert_str_eq(s.rec[2], "p|q|");
    cr_assert_eq(s.line[2], 5);
    cr_assert_str_eq(s.rec[3], "a\"b|");
    cr_assert_eq(s.line[3], 6);
    cr_assert_str_eq(s.rec[4], "last|c\nd\ne|z");
    cr_assert_eq(s.line[4], 7);
}

Test(csvr, empty_and_bom_only_files)
{
    seen s = {0};
    os_error e = {0};
    cr_assert_eq(read_bytes("", 0, &s, &e), 0);
    cr_assert_eq(s.n, 0);
    cr_assert_eq(read_bytes("\xEF\xBB\xBF", 3, &s, &e), 0);
    cr_assert_eq(s.n, 0);
    cr_assert_eq(read_bytes("\r\n\n", 3, &s, &e), 0);
    cr_assert_eq(s.n, 0);
}

Test(csvr, unbalanced_quote_reports_line)
{
    static const char in[] = "a,b\r\n\"c,d\r\ne,f\r\n";
    seen s = {0};
    os_error e = {0};
    cr_assert_eq(read_bytes(in, sizeof in - 1, &s, &e), -1);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_eq(e.line, 2);
    cr_assert(strstr(e.msg, "unbalanced quote") != NULL, "%s", e.msg);
    cr_assert(strstr(e.file, "in.csv") != NULL);
    cr_assert_eq(s.n, 1);
}

Test(csvr, stray_quote_reports_line)
{
    static const char in[] = "a,b\nc,d\ne\"f,g\n";
    seen s = {0};
    os_error e = {0};
    cr_assert_eq(read_bytes(in, sizeof in - 1, &s, &e), -1);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_eq(e.line, 3);
    cr_assert(strstr(e.msg, "malformed CSV") != NULL, "%s", e.msg);
}

Test(csvr, callback_stop_value_is_returned)
{
    static const char in[] = "a\nb\nc\nd\n";
    seen s = {.stop_at = 2};
    os_error e = {0};
    cr_assert_eq(read_bytes(in, sizeof in - 1, &s, &e), 7);
    cr_assert_eq(s.n, 2);
    cr_assert_eq(e.kind, OS_ERR_NONE);
}

Test(csvr, missing_file_is_input_error)
{
    seen s = {0};
    os_error e = {0};
    cr_assert_eq(csvr_read("/nonexistent/ownsim/x.csv", collect, &s, &e), -1);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_str_eq(e.file, "/nonexistent/ownsim/x.csv");
    cr_assert_eq(s.n, 0);
}

/* Records spanning the 64 KiB read blocks keep exact start lines. */
static int check_lines(void *ctx, size_t nf, char **f, long line)
{
    long *k = ctx;
    char want[32];
    snprintf(want, sizeof want, "%ld", *k);
    if (nf != 2 || strcmp(f[0], want) != 0 || strcmp(f[1], "a\nb") != 0 ||
        line != 2 * *k + 1)
        return 99;
    (*k)++;
    return 0;
}

Test(csvr, line_numbers_across_read_blocks)
{
    char *dir = make_dir();
    char path[256];
    join(path, sizeof path, dir, "many.csv");
    FILE *f = fopen(path, "wb");
    for (int i = 0; i < 30000; i++)
        fprintf(f, "%d,\"a\nb\"\n", i);
    fclose(f);
    long k = 0;
    os_error e = {0};
    cr_assert_eq(csvr_read(path, check_lines, &k, &e), 0, "record %ld", k);
    cr_assert_eq(k, 30000);
    unlink(path);
    rmdir(dir);
}

Test(csvr, huge_field_is_rejected)
{
    char *dir = make_dir();
    char path[256];
    join(path, sizeof path, dir, "huge.csv");
    FILE *f = fopen(path, "wb");
    fputs("h\n", f);
    static char block[1 << 16];
    memset(block, 'x', sizeof block);
    for (int i = 0; i < 17 * 16; i++)   /* 17 MiB in one field */
        fwrite(block, 1, sizeof block, f);
    fputs("\n", f);
    fclose(f);
    seen s = {0};
    os_error e = {0};
    cr_assert_eq(csvr_read(path, collect, &s, &e), -1);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert(strstr(e.msg, "field too long") != NULL, "%s", e.msg);
    cr_assert_eq(e.line, 2);
    cr_assert_eq(s.n, 1);
    unlink(path);
    rmdir(dir);
}

Test(csvr, field_just_over_limit_is_rejected)
{
    char *dir = make_dir();
    char path[256];
    join(path, sizeof path, dir, "edge.csv");
    FILE *f = fopen(path, "wb");
    size_t n = ((size_t)16 << 20) + 1;
    for (size_t i = 0; i < n; i++)
        putc('y', f);
    fputs(",z\n", f);
    fclose(f);
    seen s = {0};
    os_error e = {0};
    cr_assert_eq(csvr_read(path, collect, &s, &e), -1);
    cr_assert(strstr(e.msg, "field too long") != NULL, "%s", e.msg);
    unlink(path);
    rmdir(dir);
}

Test(csvr, directory_is_input_error)
{
    seen s = {0};
    os_error e = {0};
    cr_assert_eq(csvr_read("/tmp", collect, &s, &e), -1);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
}

Test(csvr, round_trip_with_writer)
{
    char *dir = make_dir();
    char path[256];
    join(path, sizeof path, dir, "rt.csv");
    os_error e = {0};
    csvw *w = csvw_open(path, &e);
    cr_assert_not_null(w);
    csvw_str(w, "a,b");
    csvw_str(w, "q\"x");
    csvw_str(w, "l1\r\nl2");
    csvw_end(w);
    csvw_num(w, 2.25, 6);
    csvw_num(w, NAN, 6);
    csvw_int(w, 3);
    csvw_end(w);
    cr_assert_eq(csvw_commit(w, &e), 0);
    seen s = {0};
    cr_assert_eq(csvr_read(path, collect, &s, &e), 0);
    cr_assert_eq(s.n, 2);
    cr_assert_str_eq(s.rec[0], "a,b|q\"x|l1\r\nl2");
    cr_assert_str_eq(s.rec[1], "2.25||3");
    cr_assert_eq(s.line[1], 3);
    unlink(path);
    rmdir(dir);
}

/* ---------------------------------------------- reader: NUL bytes (issue 11) */

/* A NUL would end the C string of its field: "5\0" "0" was read as 5.
 * csvr_read refuses it with the line, the field and the header's name. */
Test(csvr, nul_in_a_field_is_refused_with_line_and_column)
{
    static const char in[] = "id,effort\r\n0,5\r\n1,5\0" "0\r\n2,7\r\n";
    seen s = {0};
    os_error e = {0};
    cr_assert_eq(read_bytes(in, sizeof in - 1, &s, &e), -1);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_eq(e.line, 3);
    cr_assert_str_eq(e.key, "effort");
    cr_assert(strstr(e.msg, "(field 2) holds a NUL byte"), "%s", e.msg);
    cr_assert_eq(s.n, 2, "records before the NUL are handed over, not the one holding it");
}

Test(csvr, nul_at_line_start_in_header_and_in_quotes)
{
    seen s = {0};
    os_error e = {0};
    /* at the start of a line: the line used to vanish */
    static const char start[] = "a,b\n\0" "1,2\n3,4\n";
    cr_assert_eq(read_bytes(start, sizeof start - 1, &s, &e), -1);
    cr_assert_eq(e.line, 2);
    cr_assert_str_eq(e.key, "a");
    cr_assert(strstr(e.msg, "field 1"), "%s", e.msg);
    /* in the header: no name to give yet */
    memset(&s, 0, sizeof s);
    static const char hdr[] = "a,b\0c\n1,2\n";
    cr_assert_eq(read_bytes(hdr, sizeof hdr - 1, &s, &e), -1);
    cr_assert_eq(e.line, 1);
    cr_assert_str_eq(e.key, "");
    cr_assert(strstr(e.msg, "field 2 of the header row"), "%s", e.msg);
    cr_assert_eq(s.n, 0);
    /* inside a quoted field over lines: the physical line of the NUL */
    memset(&s, 0, sizeof s);
    static const char q[] = "a,b,c\n1,\"x\ny\nz\0\",3\n";
    cr_assert_eq(read_bytes(q, sizeof q - 1, &s, &e), -1);
    cr_assert_eq(e.line, 4);
    cr_assert_str_eq(e.key, "b");
    /* a column the header does not name */
    memset(&s, 0, sizeof s);
    static const char extra[] = "a\n1,2,\0\n";
    cr_assert_eq(read_bytes(extra, sizeof extra - 1, &s, &e), -1);
    cr_assert_str_eq(e.key, "");
    cr_assert(strstr(e.msg, "field 3 holds a NUL"), "%s", e.msg);
}

Test(csvr, utf16_file_is_refused_not_misread)
{
    /* "a,b\n1,2\n" in UTF-16LE with its byte-order mark */
    static const char in[] = "\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0";
    seen s = {0};
    os_error e = {0};
    cr_assert_eq(read_bytes(in, sizeof in - 1, &s, &e), -1);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_eq(e.line, 1);
    cr_assert(strstr(e.msg, "UTF-16"), "%s", e.msg);
}

Test(csvr, nul_after_the_first_read_block)
{
    char *dir = make_dir();
    char path[256];
    join(path, sizeof path, dir, "late.csv");
    FILE *f = fopen(path, "wb");
    fputs("n,v\n", f);
    for (int i = 0; i < 20000; i++)   /* past 64 KiB */
        fprintf(f, "%d,x\n", i);
    fwrite("7,y\0z\n", 1, 6, f);
    fclose(f);
    seen s = {0};
    os_error e = {0};
    cr_assert_eq(csvr_read(path, collect, &s, &e), -1);
    cr_assert_eq(e.line, 20002);
    cr_assert_str_eq(e.key, "v");
    cr_assert_eq(s.n, 20001);
    unlink(path);
    rmdir(dir);
}

/* -------------------------------------- reader: columns by name (issue 11) */

Test(csvr, column_found_by_name_exact_or_folded)
{
    char *h[] = {"id", " Effort ", "effort", "t"};
    os_error e = {0};
    cr_assert_eq(csvr_column("x.csv", 1, 4, h, "effort", CSVR_EXACT, NULL, &e), 2);
    cr_assert_eq(csvr_column("x.csv", 1, 4, h, "t", CSVR_EXACT, NULL, &e), 3);
    cr_assert_eq(csvr_column("x.csv", 1, 4, h, "none", CSVR_EXACT, NULL, &e), -1);
    cr_assert_eq(e.kind, OS_ERR_NONE, "absent is no error of its own");
    cr_assert_eq(csvr_column("x.csv", 1, 4, h, "ID", CSVR_FOLD, NULL, &e), 0);
    cr_assert_eq(csvr_column("x.csv", 1, 4, h, "id", CSVR_EXACT, NULL, &e), 0);
    cr_assert_eq(csvr_column("x.csv", 1, 0, NULL, "id", CSVR_EXACT, NULL, &e), -1);
}

Test(csvr, column_named_twice_is_ambiguous)
{
    char *h[] = {"id", "effort", "note", "effort"};
    os_error e = {0};
    cr_assert_eq(csvr_column("x.csv", 1, 4, h, "effort", CSVR_EXACT, NULL, &e), -2);
    cr_assert_eq(e.kind, OS_ERR_INPUT);
    cr_assert_str_eq(e.file, "x.csv");
    cr_assert_eq(e.line, 1);
    cr_assert_str_eq(e.key, "effort");
    cr_assert(strstr(e.msg, "appears twice in the header (fields 2 and 4)"), "%s", e.msg);
    /* folded: " Effort " and "effort" are the same column */
    char *g[] = {" Effort ", "EFFORT"};
    err_clear(&e);
    cr_assert_eq(csvr_column("y.csv", 3, 2, g, "effort", CSVR_FOLD, NULL, &e), -2);
    cr_assert(strstr(e.msg, "fields 1 and 2"), "%s", e.msg);
    /* a duplicate of another name is not this column's business */
    cr_assert_eq(csvr_column("x.csv", 1, 4, h, "note", CSVR_EXACT, NULL, &e), 2);
    /* a documented first-wins rule: the first, and how many more */
    size_t more = 9;
    err_clear(&e);
    cr_assert_eq(csvr_column("x.csv", 1, 4, h, "effort", CSVR_EXACT, &more, &e), 1);
    cr_assert_eq(more, 1);
    cr_assert_eq(e.kind, OS_ERR_NONE);
    cr_assert_eq(csvr_column("x.csv", 1, 4, h, "id", CSVR_EXACT, &more, &e), 0);
    cr_assert_eq(more, 0);
}

/* csvw_open_in joins dir and name, writes there, and refuses a path that
 * does not fit rather than cutting it (a cut path may name another file). */
Test(csvw, open_in_joins_and_never_cuts)
{
    char dir[] = "/tmp/ownsim-openin-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    os_error e;
    err_clear(&e);
    csvw *w = csvw_open_in(dir, "t.csv", &e);
    cr_assert_not_null(w, "%s", e.msg);
    static const char *const head[] = {"a", "b,c"};
    csvw_row(w, head, 2);
    cr_assert_eq(csvw_commit(w, &e), 0, "%s", e.msg);
    char path[128];
    snprintf(path, sizeof path, "%s/t.csv", dir);
    char *text = fixture_read(path, NULL);
    cr_assert_str_eq(text, "a,\"b,c\"\r\n");
    free(text);

    char *name = malloc(PATH_MAX + 1);
    memset(name, 'x', PATH_MAX);
    name[PATH_MAX] = '\0';
    err_clear(&e);
    cr_assert_null(csvw_open_in(dir, name, &e));
    cr_assert_eq(e.kind, OS_ERR_ENV);
    cr_assert(strstr(e.msg, "longer than"), "%s", e.msg);
    free(name);
    fixture_rmdir(dir);
}
