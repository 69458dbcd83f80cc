/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * keyinfo.c — the scenario's numbers and distributions as the analyses
 * (sensitivity, uncertainty) see them: which keys of a scenario hold one
 * number or one distribution, their domain from the key table, and which
 * models read each one (see scenario.h, scn_numeric_keys).
 *
 * The reader rule, in one place (reader_mask), is structural, from the
 * resolved scenario:
 *   - a key of [model.X] is read by model X only;
 *   - a key of [party.P] is read by the models in which P takes part: P is
 *     the model's service desk, or owns or monitors a category under it;
 *   - a key of any other section (organisation, calendar, arrivals,
 *     severity.*, category.*) is read by every model: it shapes the outage
 *     stream or its cost, which every model replays.
 * [simulation] keys are run settings (seed, replications, counts, guards),
 * not assumptions: they are not listed.  The rule says "may read": a key a
 * model reads can still leave a metric unchanged (a party's staff that the
 * model overrides with its own staff key, a cost input under a TTR metric),
 * and the analysis then measures a swing of 0.
 *
 * scn_key_ref hands out the rows of the key reference one by one, in the
 * order of scn_write_reference, for the man page and completion generators.
 *
 * Nothing here changes the key table or the loader: it reads them.
 */
#include "keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Models that read the keys of element idx of section kind sec (the rule
 * above). */
static uint32_t reader_mask(const scenario *s, sec_kind sec, int idx)
{
    uint32_t all = s->nmodel >= 32 ? 0xffffffffu : (1u << s->nmodel) - 1;
    if (sec == SEC_MODEL)
        return 1u << idx;
    if (sec != SEC_PARTY)
        return all;
    uint32_t m = 0;
    for (int k = 0; k < s->nmodel; k++) {
        const scn_model *md = &s->model[k];
        bool part = md->service_desk == idx;
        for (int c = 0; c < s->ncat && !part; c++)
            part = (md->owner[c] >> idx) & 1u || md->monitor[c] == idx;
        if (part)
            m |= 1u << k;
    }
    return m;
}

/* The key table's row of "section.key" and the element it is of. */
static const keydef *find_full(const scenario *s, const char *fullkey, sec_kind *sec,
                               int *idx)
{
    const char *dot = strrchr(fullkey, '.');
    if (!dot || dot == fullkey)
        return NULL;
    size_t klen = strcspn(fullkey, ".");
    int k = sec_lookup(fullkey, klen);
    if (k < 0)
        return NULL;
    bool named = fullkey + klen != dot;
    if (named != scn_secs[k].named)
        return NULL;
    *sec = (sec_kind)k;
    *idx = 0;
    if (named) {
        char name[SCN_NAME];
        size_t n = (size_t)(dot - fullkey) - klen - 1;
        if (n >= sizeof name)
            return NULL;
        memcpy(name, fullkey + klen + 1, n);
        name[n] = '\0';
        if (s && (*idx = sec_find(s, (sec_kind)k, name)) < 0)
            return NULL;
    }
    for (size_t i = 0; i < scn_nkeys; i++)
        if ((int)scn_keys[i].sec == k && !strcmp(scn_keys[i].key, dot + 1))
            return &scn_keys[i];
    return NULL;
}

int scn_key_domain(const char *fullkey, double *min, double *max)
{
    sec_kind sec;
    int idx;
    const keydef *k = find_full(NULL, fullkey, &sec, &idx);
    if (!k || (k->type != KT_DOUBLE && k->type != KT_INT && k->type != KT_LONG))
        return -1;
    *min = k->min;
    *max = k->max;
    return 0;
}

int scn_key_readers(const scenario *s, const char *fullkey, uint32_t *readers)
{
    sec_kind sec;
    int idx;
    if (!find_full(s, fullkey, &sec, &idx))
        return -1;
    *readers = reader_mask(s, sec, idx);
    return 0;
}

int scn_numeric_keys(const scenario *s, scn_numkey **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0, len = 0;
    scn_numkey *v = NULL;
    for (int kind = 0; kind < SEC_NKINDS; kind++) {
        if (kind == SEC_SIMULATION)
            continue;
        for (int i = 0, ne = sec_count(s, (sec_kind)kind); i < ne; i++)
            for (size_t j = 0; j < scn_nkeys; j++) {
                const keydef *k = &scn_keys[j];
                scn_keykind kk = key_types[k->type].kind;
                if ((int)k->sec != kind || k->type == KT_SEED ||
                    (kk != SCN_KEY_NUMBER && kk != SCN_KEY_INTEGER && kk != SCN_KEY_DIST))
                    continue;
                if (len == cap) {
                    cap = cap ? 2 * cap : 64;
                    scn_numkey *nv = realloc(v, (size_t)cap * sizeof *nv);
                    if (!nv) {
                        free(v);
                        return -1;
                    }
                    v = nv;
                }
                scn_numkey *r = &v[len++];
                memset(r, 0, sizeof *r);
                if (scn_secs[kind].named)
                    snprintf(r->key, sizeof r->key, "%s.%s.%s", scn_secs[kind].name,
                             sec_name(s, (sec_kind)kind, i), k->key);
                else
                    snprintf(r->key, sizeof r->key, "%s.%s", scn_secs[kind].name, k->key);
                r->kind = kk;
                r->min = kk == SCN_KEY_DIST ? 0 : k->min;
                r->max = kk == SCN_KEY_DIST ? 0 : k->max;
                r->readers = reader_mask(s, (sec_kind)kind, i);
            }
    }
    *out = v;
    *n = len;
    return 0;
}

int scn_key_ref(size_t i, scn_keyref *out)
{
    size_t at = 0;
    for (int kind = 0; kind < SEC_NKINDS; kind++)
        for (size_t j = 0; j < scn_nkeys; j++) {
            const keydef *k = &scn_keys[j];
            if ((int)k->sec != kind || at++ != i)
                continue;
            out->section = scn_secs[kind].name;
            out->named = scn_secs[kind].named;
            out->key = k->key;
            out->def = k->def;
            key_allowed(k, out->allowed, sizeof out->allowed);
            out->doc = k->doc;
            return 0;
        }
    return -1;
}
