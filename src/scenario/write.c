/*
 * write.c — the resolved scenario as INI, and the key reference.
 *
 * scn_write() prints every key of every section, defaults included, in the
 * key table's order, so that the file beside a result reproduces it exactly
 * (keys.c guarantees each value round-trips).
 */
#include "keys.h"
#include "ownsim/scenario.h"

#include <string.h>

static int write_section(const scenario *s, FILE *f, sec_kind kind, int idx,
                         const char *name)
{
    if (name)
        fprintf(f, "\n[%s.%s]\n", scn_sec_names[kind], name);
    else
        fprintf(f, "\n[%s]\n", scn_sec_names[kind]);
    char buf[8192];
    const void *base = key_base((scenario *)s, kind, idx);
    for (size_t i = 0; i < scn_nkeys; i++) {
        if (scn_keys[i].sec != kind)
            continue;
        key_format(s, &scn_keys[i], base, buf, sizeof buf);
        fprintf(f, "%s = %s\n", scn_keys[i].key, buf);
    }
    return 0;
}

int scn_write(const scenario *s, FILE *f)
{
    fprintf(f, "; ownsim resolved scenario: every key, defaults and --set included.\n"
               "; Re-run it with: ownsim run <this file>\n");
    write_section(s, f, SEC_SIMULATION, 0, NULL);
    write_section(s, f, SEC_CALENDAR, 0, NULL);
    write_section(s, f, SEC_ARRIVALS, 0, NULL);
    for (int i = 0; i < s->nsev; i++)
        write_section(s, f, SEC_SEVERITY, i, s->sev[i].name);
    for (int i = 0; i < s->ncat; i++)
        write_section(s, f, SEC_CATEGORY, i, s->cat[i].name);
    for (int i = 0; i < s->nparty; i++)
        write_section(s, f, SEC_PARTY, i, s->party[i].name);
    for (int i = 0; i < s->nmodel; i++)
        write_section(s, f, SEC_MODEL, i, s->model[i].name);
    return ferror(f) ? -1 : 0;
}

void scn_write_reference(FILE *f)
{
    for (int kind = 0; kind < SEC_NKINDS; kind++) {
        fprintf(f, "\n### [%s%s]\n\n| key | default | meaning |\n|---|---|---|\n",
                scn_sec_names[kind], kind >= SEC_SEVERITY ? ".NAME" : "");
        for (size_t i = 0; i < scn_nkeys; i++) {
            const keydef *k = &scn_keys[i];
            if ((int)k->sec != kind)
                continue;
            fprintf(f, "| `%s` | %s%s%s | %s |\n", k->key, k->def[0] ? "`" : "",
                    k->def[0] ? k->def : "(see meaning)", k->def[0] ? "`" : "", k->doc);
        }
    }
}
