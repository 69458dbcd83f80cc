/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * brief_int.h — the pieces of `ownsim report` (private to brief.c and
 * brief_pdf.c): the HTML writer hands a finished HTML file to the printer.
 */
#ifndef OWNSIM_BRIEF_INT_H
#define OWNSIM_BRIEF_INT_H

#include "ownsim/brief.h"

/* Print the HTML file html (absolute path) to pdf through headless
 * Chromium (program, or the first of chromium-headless-shell, chromium,
 * chromium-browser, google-chrome found in PATH when NULL), in the private
 * folder tmp (Chromium's profile goes there).  The PDF is written to a
 * temporary in tmp and copied atomically to pdf.  0, or -1 with e set
 * (OS_ERR_ENV: no browser, the browser failed or wrote nothing, I/O). */
int brief_print_pdf(const char *program, const char *html, const char *tmp,
                    const char *pdf, os_error *e);

#endif
