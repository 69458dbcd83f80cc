/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * study.c — helpers shared by the analyses of assumptions (see study.h).
 * A parameter's text is made by the sweep's own substitution (a one-axis
 * grid, grid_overrides), so KEY.PARAM means the same in every command.
 */
#include "study.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ownsim/grid.h"
#include "ownsim/number.h"

int study_param_value(const char *text, const char *param, double *out)
{
    if (!strchr(text, '('))
        return strcmp(param, "value") || num_parse_str(text, out) != NUM_OK ? -1 : 0;
    size_t plen = strlen(param);
    for (const char *p = strchr(text, '('); p; p = strchr(p + 1, ',')) {
        const char *k = p + 1;
        while (*k == ' ')
            k++;
        if (!strncmp(k, param, plen) && k[plen] == '=') {
            const char *v = k + plen + 1;
            return num_parse(v, strcspn(v, ",)"), out) == NUM_OK ? 0 : -1;
        }
    }
    return -1;
}

int study_param_text(const scenario *base, const char *pkey, double x, const char *origin,
                     char *out, os_error *e)
{
    char spec[STUDY_TEXT];
    if ((size_t)snprintf(spec, sizeof spec, "%s=%.15g", pkey, x) >= sizeof spec)
        return err_set(e, OS_ERR_INPUT, origin, 0, pkey, "key too long");
    grid g;
    memset(&g, 0, sizeof g);
    scn_override ov[GRID_MAX_AXES];
    char *buf = malloc((size_t)GRID_MAX_AXES * 1024);
    int rc = -1;
    if (!buf)
        rc = err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    else if (grid_add(&g, spec, e) == 0 && grid_overrides(&g, 0, base, ov, buf, e) == 1) {
        snprintf(out, STUDY_TEXT, "%s", ov[0].value);
        rc = 0;
    }
    if (rc < 0 && e->kind == OS_ERR_INPUT) {   /* name the option, not --vary */
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        err_set(e, OS_ERR_INPUT, origin, 0, pkey, "%s", msg);
    }
    grid_free(&g);
    free(buf);
    return rc;
}
