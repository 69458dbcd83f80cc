/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_override.c — the command-line value parsers: the first line of the
 * input is a --set argument, the second a --vary argument, both applied to a
 * small valid scenario.  Must accept or reject with a message, never crash.
 */
#include "fuzz_util.h"
#include "ownsim/grid.h"
#include "ownsim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char BASE[] =
    "[simulation]\nreps = 2\nincidents = 50\n"
    "[severity.P1]\n[severity.P2]\n[category.net]\n[category.sec]\n"
    "[party.in]\nstaff = 2\n[party.msp]\ncoverage = 24x7\n"
    "[model.co]\nowners = net:msp, sec:in+msp\nmisroute_prob = 0.3\n"
    "handoff_delay = lognormal(median=20, p90=60)\n"
    "[model.full]\nowners = net:msp, sec:msp\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = fuzz_string(data, size);
    char *nl = strchr(text, '\n');
    char *vary = NULL;
    if (nl) {
        *nl = '\0';
        vary = nl + 1;
        char *nl2 = strchr(vary, '\n');
        if (nl2)
            *nl2 = '\0';
    }
    const char *path = fuzz_file((const uint8_t *)BASE, sizeof BASE - 1, "base");
    os_error e;
    err_clear(&e);
    scn_override ov;
    int nov = scn_split_override(text, &ov, &e) == 0 ? 1 : 0;
    scenario *s = scn_load(path, &ov, nov, &e);
    if (!s && !e.msg[0])
        abort();
    if (s && vary) {
        grid g;
        memset(&g, 0, sizeof g);
        if (grid_add(&g, vary, &e) == 0) {
            scn_override pov[GRID_MAX_AXES];
            static char buf[GRID_MAX_AXES * 1024];
            for (uint64_t p = 0; p < g.npoints && p < 4; p++) {
                int n = grid_overrides(&g, p, s, pov, buf, &e);
                if (n > 0) {
                    scenario *t = scn_load(path, pov, n, &e);
                    if (!t && !e.msg[0])
                        abort();
                    scn_destroy(t);
                }
            }
        } else if (!e.msg[0]) {
            abort();
        }
        grid_free(&g);
    }
    scn_destroy(s);
    free(text);
    return 0;
}
