/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_scenario.c — any bytes as a scenario file: scn_load must accept or
 * reject (with a message naming where), never crash, hang or leak; and what
 * it accepts must write out and load back to the same text.
 */
#include "fuzz_util.h"
#include "ownsim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    const char *path = fuzz_file(data, size, "scenario");
    os_error e;
    err_clear(&e);
    scenario *s = scn_load(path, NULL, 0, &e);
    if (!s) {
        if (e.kind == OS_ERR_NONE || !e.msg[0])
            abort();   /* a rejection must say why */
        return 0;
    }
    /* round trip: resolved text -> load -> identical text */
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    FILE *f = open_memstream(&a, &na);
    scn_write(s, f);
    fclose(f);
    const char *p2 = fuzz_file((const uint8_t *)a, na, "scenario2");
    scenario *t = scn_load(p2, NULL, 0, &e);
    if (!t)
        abort();   /* what we wrote must load */
    f = open_memstream(&b, &nb);
    scn_write(t, f);
    fclose(f);
    if (na != nb || memcmp(a, b, na) != 0)
        abort();
    free(a);
    free(b);
    scn_destroy(t);
    scn_destroy(s);
    return 0;
}
