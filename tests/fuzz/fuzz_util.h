/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_util.h — shared by the fuzz harnesses: inputs that parsers read from
 * files go through one temporary file per process.
 */
#ifndef OWNSIM_FUZZ_UTIL_H
#define OWNSIM_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Write data to this process's scratch file (same path every call) and
 * return the path. */
static inline const char *fuzz_file(const uint8_t *data, size_t size, const char *tag)
{
    static char path[128];
    snprintf(path, sizeof path, "/tmp/ownsim-fuzz-%s-%ld", tag, (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    return path;
}

/* data as a NUL-terminated string (owned by the caller). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
