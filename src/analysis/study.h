/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * study.h — what the analyses of assumptions (sensitivity.c, uncertainty.c)
 * share, private to them: a model found by name, and one parameter of a
 * distribution key read from and written into the distribution's text (as
 * a sweep's KEY.PARAM axis does, grid.h).
 */
#ifndef OWNSIM_STUDY_H
#define OWNSIM_STUDY_H

#include <stddef.h>
#include "ownsim/error.h"
#include "ownsim/scenario.h"

#define STUDY_TEXT 1024   /* an override's value text */

/* The value of parameter param in a distribution's text as scn_get prints
 * it ("name(k=v, ...)", or a bare constant for "value").  0, or -1 when it
 * has no such parameter. */
int study_param_value(const char *text, const char *param, double *out);

/* The text of distribution key pkey's distribution in base with its
 * parameter (pkey = "<dist key>.<param>") set to x, into out (STUDY_TEXT
 * bytes).  0, or -1 with e (origin, pkey). */
int study_param_text(const scenario *base, const char *pkey, double x, const char *origin,
                     char *out, os_error *e);

#endif
