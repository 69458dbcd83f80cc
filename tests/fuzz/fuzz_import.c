/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_import.c — any bytes as a ticket export: import_run keeps or skips
 * each row (or refuses the file with a message naming it); what it writes is
 * an outage CSV the outage reader accepts, with one row per kept ticket;
 * never crash, hang or leak.
 */
#include <stdbool.h>

#include "fuzz_util.h"
#include "ownsim/import.h"
#include "ownsim/outages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char SCN[] =
    "[severity.P1]\neffort = lognormal(median=60, p90=180)\n"
    "[severity.P2]\neffort = 30\n"
    "[category.network]\n[category.apps]\n"
    "[party.p]\n[model.m]\nowners = network:p, apps:p\n";

static const char MAP[] =
    "opened=opened,priority=priority,category=category,resolved=resolved,effort=effort";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    static scenario *s;
    static char out[128];
    os_error e;
    err_clear(&e);
    if (!s) {
        const char *sp = fuzz_file((const uint8_t *)SCN, sizeof SCN - 1, "impscn");
        s = scn_load(sp, NULL, 0, &e);
        if (!s)
            abort();
        /* the output is fsync'ed at every commit: keep it in memory */
        snprintf(out, sizeof out, "%s/ownsim-fuzz-import-out-%ld.csv",
                 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (long)getpid());
    }
    const char *path = fuzz_file(data, size, "import");
    /* the first byte's low bit: --strict, so both paths are explored */
    import_opts o = {.tickets = path, .s = s, .map = MAP, .out = out,
                     .strict = size > 0 && (data[0] & 1)};
    import_result r;
    unlink(out);
    if (import_run(&o, &r, &e) < 0) {
        if (!e.msg[0] || access(out, F_OK) == 0)
            abort();   /* a reason, and nothing written */
        return 0;
    }
    if (r.kept < 1 || r.kept + r.skipped != r.rows || (o.strict && r.skipped))
        abort();
    outage_list l;
    if (outlist_read(s, out, 0, &l, &e) < 0 || l.n != (size_t)r.kept)
        abort();   /* the import's output replays */
    outlist_free(&l);
    unlink(out);
    return 0;
}
