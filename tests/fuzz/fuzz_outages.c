/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_outages.c — any bytes as an outage CSV: outlist_read accepts (times
 * non-decreasing, names known, numbers finite and >= 0) or rejects with a
 * message naming the file; never crash, hang or leak.
 */
#include <math.h>

#include "fuzz_util.h"
#include "ownsim/outages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char SCN[] =
    "[severity.P1]\n[severity.P2]\n[category.net]\n[category.sec]\n"
    "[party.p]\n[model.m]\nowners = net:p, sec:p\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    static scenario *s;
    os_error e;
    err_clear(&e);
    if (!s) {
        const char *sp = fuzz_file((const uint8_t *)SCN, sizeof SCN - 1, "outscn");
        s = scn_load(sp, NULL, 0, &e);
        if (!s)
            abort();
    }
    const char *path = fuzz_file(data, size, "outages");
    outage_list l;
    if (outlist_read(s, path, 0, &l, &e) < 0) {
        if (!e.msg[0] || strcmp(e.file, path) != 0)
            abort();
        return 0;
    }
    for (size_t i = 0; i < l.n; i++) {
        if (!isfinite(l.v[i].t) || l.v[i].t < 0 || !(l.v[i].effort >= 0) ||
            (i && l.v[i].t < l.v[i - 1].t) || l.v[i].category < 0 ||
            l.v[i].category >= s->ncat || l.v[i].severity < 0 || l.v[i].severity >= s->nsev)
            abort();
    }
    outlist_free(&l);
    return 0;
}
