/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fixture.h — helpers shared by the unit tests: scenarios from inline text,
 * whole files read and written, temporary folders removed.
 */
#ifndef OWNSIM_TEST_FIXTURE_H
#define OWNSIM_TEST_FIXTURE_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ownsim/scenario.h"

/* Write text to a fresh temporary file; returns its malloc'ed path. */
static inline char *fixture_file(const char *text)
{
    char tmpl[] = "/tmp/ownsim-test-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return NULL;
    size_t n = strlen(text);
    if (write(fd, text, n) != (ssize_t)n) {
        close(fd);
        return NULL;
    }
    close(fd);
    char *p = malloc(sizeof tmpl);
    if (p)
        memcpy(p, tmpl, sizeof tmpl);
    return p;
}

/* Load a scenario from text with overrides; NULL on error (e filled). */
static inline scenario *fixture_load(const char *text, const scn_override *ov,
                                     int nov, os_error *e)
{
    char *path = fixture_file(text);
    if (!path)
        return NULL;
    err_clear(e);
    scenario *s = scn_load(path, ov, nov, e);
    unlink(path);
    free(path);
    return s;
}

/* The whole file, NUL-terminated, in a malloc'd buffer; its size in *len
 * unless len is NULL.  A file that cannot be read fails the test. */
static inline char *fixture_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot read %s", path);
    size_t n = 0, cap = 4096;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
            cr_assert_not_null(buf);
        }
    }
    cr_assert(!ferror(f), "error reading %s", path);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* Write n bytes to path, replacing it; a failure fails the test. */
static inline void fixture_write(const char *path, const char *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot write %s", path);
    cr_assert_eq(fwrite(bytes, 1, n, f), n);
    cr_assert_eq(fclose(f), 0);
}

/* Write a string to path, replacing it. */
static inline void fixture_write_text(const char *path, const char *text)
{
    fixture_write(path, text, strlen(text));
}

/* Remove a temporary folder and the plain files in it. */
static inline void fixture_rmdir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        char p[512];
        while ((de = readdir(d)))
            if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
                snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
                unlink(p);
            }
        closedir(d);
    }
    rmdir(dir);
}

#endif
