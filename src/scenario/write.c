/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * write.c — the resolved scenario as INI, and the key reference.
 *
 * scn_write() prints every section in the section table's order (each
 * kind's elements in their order) and every key of it, defaults included, in
 * the key table's order, so that the file beside a result reproduces it exactly
 * (keys.c guarantees each value round-trips).
 */
#include "keys.h"
#include "ownsim/scenario.h"

#include <string.h>

static void write_section(const scenario *s, FILE *f, sec_kind kind, int idx)
{
    if (scn_secs[kind].named)
        fprintf(f, "\n[%s.%s]\n", scn_secs[kind].name, sec_name(s, kind, idx));
    else
        fprintf(f, "\n[%s]\n", scn_secs[kind].name);
    char buf[8192];
    const void *base = key_base((scenario *)s, kind, idx);
    for (size_t i = 0; i < scn_nkeys; i++) {
        if (scn_keys[i].sec != kind)
            continue;
        key_format(s, &scn_keys[i], base, buf, sizeof buf);
        if (key_types[scn_keys[i].type].quiet && !buf[0])
            continue;
        fprintf(f, "%s = %s\n", scn_keys[i].key, buf);
    }
}

int scn_write(const scenario *s, FILE *f)
{
    fprintf(f, "; ownsim resolved scenario: every key, defaults and --set included.\n"
               "; Re-run it with: ownsim run <this file>\n");
    for (int kind = 0; kind < SEC_NKINDS; kind++)
        for (int i = 0, n = sec_count(s, (sec_kind)kind); i < n; i++)
            write_section(s, f, (sec_kind)kind, i);
    return ferror(f) ? -1 : 0;
}

void scn_write_reference(FILE *f)
{
    char range[64];
    for (int kind = 0; kind < SEC_NKINDS; kind++) {
        fprintf(f, "\n### [%s%s]\n\n| key | default | allowed | meaning |\n|---|---|---|---|\n",
                scn_secs[kind].name, scn_secs[kind].named ? ".NAME" : "");
        for (size_t i = 0; i < scn_nkeys; i++) {
            const keydef *k = &scn_keys[i];
            if ((int)k->sec != kind)
                continue;
            key_allowed(k, range, sizeof range);
            fprintf(f, "| `%s` | %s%s%s | %s | %s |\n", k->key, k->def[0] ? "`" : "",
                    k->def[0] ? k->def : "(see meaning)", k->def[0] ? "`" : "", range, k->doc);
        }
    }
}
