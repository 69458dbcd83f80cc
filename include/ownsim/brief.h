/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * brief.h — `ownsim report`: a run folder turned into a proposal brief, one
 * self-contained HTML file (charts inlined as SVG, no external resource),
 * and optionally its PDF printed by headless Chromium.
 *
 * The HTML is a function of the folder's files only (models.csv,
 * severities.csv, paired.csv, scenario.ini, provenance.ini, the optional
 * sensitivity.csv / uncertainty.csv, the scenario file provenance.ini names
 * for the sources of assumptions) and of the gnuplot that draws the charts:
 * no date, path of a temporary or environment value reaches it, so the same
 * folder gives the same bytes.  Every text read from a file is HTML-escaped
 * (& < > " ') where it is written; the charts' SVG is gnuplot's (plot.h:
 * names reach it as text) with any <script> element and any reference that
 * is not to the document itself removed.  docs/report.md gives the sections,
 * the headline rule and the sources of each figure.
 */
#ifndef OWNSIM_BRIEF_H
#define OWNSIM_BRIEF_H

#include "ownsim/error.h"
#include "ownsim/provenance.h"

/* Paper of the PDF. */
typedef enum brief_paper { BRIEF_A4, BRIEF_LETTER } brief_paper;

typedef struct brief_opts {
    const char *dir;      /* folder written by `ownsim run` */
    const char *html;     /* the HTML file to write (atomically) */
    const char *pdf;      /* the PDF to write as well; NULL = none */
    brief_paper paper;    /* the PDF's paper */
    const char *scripts;  /* gnuplot scripts folder; NULL = built-in (plot.h) */
    const char *gnuplot;  /* gnuplot program; NULL = "gnuplot" */
    const char *chromium; /* browser program; NULL = searched in PATH */
    prov *prov;           /* the command, for the charts' plot_run; borrowed */
} brief_opts;

/* Write the brief (and the PDF).  0, or -1 with e set: OS_ERR_INPUT for a
 * missing or malformed input file (exit 2), OS_ERR_ENV for gnuplot or
 * Chromium missing or failing and I/O errors (exit 1).  Nothing is left
 * half-written: each file appears whole or not at all. */
int brief_write(const brief_opts *o, os_error *e);

/* Parse "a4" or "letter".  0 or -1. */
int brief_parse_paper(const char *text, brief_paper *out);

/* Minutes as people say them: "45 min", "1 h 54 min", "2 d 3 h" (rounded
 * to the minute, or the hour beyond a day; "0.4 min" under one minute).
 * snprintf semantics. */
int brief_duration(double minutes, char *buf, size_t n);

#endif
