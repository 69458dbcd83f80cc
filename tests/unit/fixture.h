/*
 * fixture.h — helpers shared by the unit tests: scenarios from inline text.
 */
#ifndef OWNSIM_TEST_FIXTURE_H
#define OWNSIM_TEST_FIXTURE_H

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

#endif
