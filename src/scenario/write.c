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

/* The allowed values of a key, for the reference. */
static void range_text(const keydef *k, char *buf, size_t n)
{
    switch (k->type) {
    case KT_DOUBLE:
    case KT_INT:
    case KT_LONG:
        if (k->max >= 1e12)
            if (k->min > 0 && k->min < 1e-6)   /* "positive" */
                snprintf(buf, n, "> 0");
            else
                snprintf(buf, n, ">= %g", k->min);
        else
            snprintf(buf, n, "%g to %g", k->min, k->max);
        return;
    case KT_SEED: snprintf(buf, n, "0 to 2^64-1"); return;
    case KT_DIST: snprintf(buf, n, "distribution"); return;
    case KT_NAME: snprintf(buf, n, "name"); return;
    case KT_PATH: snprintf(buf, n, "file path"); return;
    case KT_CLOCK: snprintf(buf, n, "HH:MM"); return;
    case KT_DAYS: snprintf(buf, n, "days"); return;
    case KT_HOURLY: snprintf(buf, n, "24 weights >= 0"); return;
    case KT_COVERAGE: snprintf(buf, n, "24x7, business"); return;
    case KT_SLA_CLOCK: snprintf(buf, n, "wall, business"); return;
    case KT_SEVSET: snprintf(buf, n, "severities"); return;
    case KT_PARTY: snprintf(buf, n, "party"); return;
    case KT_MODEL: snprintf(buf, n, "model"); return;
    case KT_CAT_OWNERS: snprintf(buf, n, "category:party[+party]"); return;
    case KT_CAT_MONITOR: snprintf(buf, n, "category:party"); return;
    case KT_CAT_NUM: snprintf(buf, n, "category:number > 0"); return;
    case KT_SEV_NUM: snprintf(buf, n, "severity:number >= 0"); return;
    case KT_PARTY_INT: snprintf(buf, n, "party:count"); return;
    }
    buf[0] = '\0';
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
            range_text(k, range, sizeof range);
            fprintf(f, "| `%s` | %s%s%s | %s | %s |\n", k->key, k->def[0] ? "`" : "",
                    k->def[0] ? k->def : "(see meaning)", k->def[0] ? "`" : "", range, k->doc);
        }
    }
}
