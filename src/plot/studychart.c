/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * studychart.c — data for the charts of a sensitivity and an uncertainty
 * folder (see plot_int.h): the tornado (sensitivity.csv), the distribution
 * of the paired difference A − B over the parameter sets (sets.csv, with
 * P(A beats B) from uncertainty.csv) and the rank correlations of the
 * uncertain keys with it (uncertainty.csv).
 *
 * Both bar charts have one row per key, ranked, the key written in the
 * left margin: a key name is wrapped here (after a '.', else cut) to at
 * most PLOT_KEY_CHARS characters a line and PLOT_KEY_LINES lines, and the rows drawn
 * are the first ones (at most ROW_MAX) whose lines the plot's height holds
 * at 1.55 font sizes a line — estimated from the texts above and below it
 * as common.gp and bottom.gp size them (row_budget); the others are
 * counted in a header line.  Row r's centre is at y = the lines of the rows below it
 * plus half its own, so a two-line key gets twice the room.
 *
 * Values written at the bar ends (8 pt) must stay inside the plot: the
 * x range is solved here (x_extent) so that every label fits between its
 * bar's end and the plot's edge, with the layout rule of common.gp
 * (PLOT_EM_SMALL, PLOT_CHAR).  Every text reaches gnuplot through
 * gp_str/gp_strs; data files and number arrays hold numbers only.
 * Invariants: rows keep the order of the CSV (sensitivity.csv is ranked by
 * swing) or of |PRCC| (largest first, ties in the CSV's order, no value
 * last); model A and B are named by their labels, coloured by their
 * position among the scenario's models (as in every other chart).
 */
#include "plot_int.h"
#include "ownsim/inifile.h"
#include "ownsim/metric.h"
#include "ownsim/number.h"

#include <gsl/gsl_histogram.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ROW_MAX 12       /* rows drawn at most */
#define END_CHARS 22     /* a value written at a bar's end: at most this long */
#define MAX_NOTES 3      /* header lines under the subtitle */
/* A row's height in units of ROW_EM font sizes: one line of key name
 * takes a unit, each further line 1.25 more (lines 1.5 font sizes apart
 * in gnuplot's SVG, 1.15 in PNG and PDF) */
#define ROW_EM 1.3
#define ROW_UNITS(lines) (1 + ((lines) - 1) * 1.25)
/* the legend may be this much wider than the plot: gnuplot sizes its
 * columns at about 0.6 font sizes a character, bottom.gp at 0.8
 * (plots/tornado.gp and prcc.gp set key_span to match) */
#define KEY_SPAN 1.25

static int oom(const char *path, os_error *e)
{
    return err_set(e, OS_ERR_ENV, path, 0, "", "out of memory");
}

/* ----------------------------------------------------------- shared */

/* key wrapped into lines of at most PLOT_KEY_CHARS characters, broken after a
 * '.' where it can be (else cut); returns the number of lines (1 ..
 * PLOT_KEY_LINES; what does not fit the last line is cut there). */
int plot_key_lines(const char *key, char lines[PLOT_KEY_LINES][256])
{
    int n = 0;
    const char *p = key;
    while (*p && n < PLOT_KEY_LINES) {
        size_t len = strlen(p), take = len;
        if (plot_chars(p) > PLOT_KEY_CHARS && n + 1 < PLOT_KEY_LINES) {
            /* the longest prefix of PLOT_KEY_CHARS characters ending in '.' */
            size_t bytes = 0, chars = 0, cut = 0;
            while (p[bytes] && chars < PLOT_KEY_CHARS) {
                if (p[bytes] == '.')
                    cut = bytes + 1;
                bytes++;
                while ((p[bytes] & 0xC0) == 0x80)
                    bytes++;
                chars++;
            }
            take = cut ? cut : bytes;
        } else if (plot_chars(p) > PLOT_KEY_CHARS) {
            size_t bytes = 0, chars = 0;   /* the last line: cut */
            while (p[bytes] && chars < PLOT_KEY_CHARS) {
                bytes++;
                while ((p[bytes] & 0xC0) == 0x80)
                    bytes++;
                chars++;
            }
            take = bytes;
        }
        if (take > 255)
            take = 255;
        memcpy(lines[n], p, take);
        lines[n][take] = '\0';
        n++;
        p += take;
        if (n == PLOT_KEY_LINES)
            break;
    }
    if (!n)
        lines[n++][0] = '\0';
    for (int i = n; i < PLOT_KEY_LINES; i++)
        lines[i][0] = '\0';
    return n;
}

/* The rows drawn: keys[0..n) in order, as many as budget lines of key
 * names hold (at least one, at most ROW_MAX).  Their number; *lines_used
 * and *widest (the longest line, in characters) set. */
static size_t choose_rows(const char *const *keys, size_t n, double budget, double *lines_used,
                          size_t *widest)
{
    size_t rows = 0;
    double used = 0;
    char lines[PLOT_KEY_LINES][256];
    *widest = 1;
    for (size_t i = 0; i < n && rows < ROW_MAX; i++) {
        int nl = plot_key_lines(keys[i], lines);
        if (rows && used + ROW_UNITS(nl) > budget + 1e-9)
            break;
        used += ROW_UNITS(nl);
        rows++;
        for (int k = 0; k < nl; k++)
            *widest = plot_chars(lines[k]) > *widest ? plot_chars(lines[k]) : *widest;
    }
    *lines_used = used;
    return rows;
}

/* The plot's left edge (share of the width) when the longest key line
 * has widest characters: the margin holds it. */
static double plot_left(size_t widest)
{
    return 0.03 + (double)widest * PLOT_CHAR * PLOT_EM + 0.02;
}

/* Write the rows keys[0..rows) (rows <= ROW_MAX): nrows, row_y[] (centres,
 * y from 0 at the bottom to y_total at the top: a row of k lines gets k
 * units), key1[]..key3[] (the lines, '' when fewer), y_total, plot_l,
 * plot_r.  0, or -1 when memory ran out. */
static int put_rows(FILE *f, const char *const *keys, size_t rows)
{
    double used;
    size_t widest;
    choose_rows(keys, rows, 1e9, &used, &widest);
    char lines[ROW_MAX][PLOT_KEY_LINES][256];
    int nl[ROW_MAX];
    const char *col[ROW_MAX];
    for (size_t i = 0; i < rows; i++)
        nl[i] = plot_key_lines(keys[i], lines[i]);
    fprintf(f, "nrows = %zu\n", rows);
    gp_num(f, "y_total", used);
    fprintf(f, "array row_y[%zu] = [", rows);
    double below = used;
    for (size_t i = 0; i < rows; i++) {
        below -= ROW_UNITS(nl[i]);
        fprintf(f, "%s", i ? ", " : "");
        gp_field(f, below + ROW_UNITS(nl[i]) / 2);
    }
    fputs("]\n", f);
    int bad = 0;
    for (int k = 0; k < PLOT_KEY_LINES; k++) {
        char name[16];   /* "key1".."keyN": room for any int, as gcc -O1 checks */
        snprintf(name, sizeof name, "key%d", k + 1);
        for (size_t i = 0; i < rows; i++)
            col[i] = lines[i][k];
        bad |= gp_strs(f, name, col, rows) < 0;
    }
    gp_num(f, "plot_l", plot_left(widest));
    gp_num(f, "plot_r", 0.97);
    return bad ? -1 : 0;
}

/* What decides a bar chart's plot height: the texts above and below it. */
typedef struct est {
    const char *title;                /* heading, prefix included */
    const char *lines[MAX_NOTES + 1]; /* subtitle and notes */
    size_t nlines;                    /* their number */
    const char *legend[6];            /* the legend's entries */
    size_t nlegend;                   /* their number */
    const char *xlabel;               /* the x axis label */
    double plot_w;                    /* the plot's width (and the legend's room) */
} est;

/* Lines text takes wrapped to w (share of the width) at font size f
 * (in base sizes), with room lost at the breaks. */
static double est_lines(const char *text, double w, double f)
{
    double per = 0.85 * w / (PLOT_CHAR * PLOT_EM * f);
    return fmax(1, ceil((double)plot_chars(text) / fmax(per, 1)));
}

/* Row units the plot holds at ROW_EM font sizes a unit: the canvas height
 * less the title band and the band under the plot, as common.gp and
 * bottom.gp size them (in base font sizes; the canvas is 510.24 / 16 of
 * them high; lines of one text 1.5 apart, as gnuplot's SVG sets them, the
 * widest case); at least 1. */
static double row_budget(const est *x)
{
    const double H = 510.24 / 16, lh = 1.5;   /* canvas height, a line */
    double band = 0.03 * H + est_lines(x->title, 0.94, 4.0 / 3) * 1.25 * 4 / 3 + 0.4 + 0.8;
    for (size_t i = 0; i < x->nlines; i++)
        band += est_lines(x->lines[i], 0.94, 1) * 1.25;
    size_t widest = 1;
    for (size_t i = 0; i < x->nlegend; i++)
        widest = plot_chars(x->legend[i]) > widest ? plot_chars(x->legend[i]) : widest;
    double colw = (double)widest * PLOT_CHAR * PLOT_EM * 0.8 / 0.6 + 5 * PLOT_EM;
    double cols = fmax(1, fmin((double)x->nlegend, floor(x->plot_w * KEY_SPAN / colw)));
    double rows = ceil((double)x->nlegend / cols);
    double bottom = 0.035 * H + rows * lh * 1.1 + 0.2 * lh +
                    est_lines(x->xlabel, x->plot_w, 1) * lh * 1.1 + lh + 0.6 * lh;
    return fmax(1, floor((H - band - bottom) / ROW_EM));
}


/* The width of a value written at a bar's end: its characters and a
 * blank, in the small font. */
static double end_w(const char *s)
{
    return ((double)plot_chars(s) + 1.5) * PLOT_CHAR * PLOT_EM_SMALL;
}

/* The x range [*lo, *hi] over a plot W wide (share of the width) in which
 * every item's data and labels fit: the scale s (data per share) is the
 * least for which every pair fits side by side,
 * s >= (r_i - l_j) / (W - wr_i - wl_j), then lo is the leftmost label's
 * start.  A 2% pad each side. */
void plot_x_extent(const plot_xitem *it, size_t n, double W, double *lo, double *hi)
{
    double dmin = INFINITY, dmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        dmin = fmin(dmin, it[i].l);
        dmax = fmax(dmax, it[i].r);
    }
    if (!(dmax > dmin)) {   /* one value: a span around it */
        double pad = fabs(dmin) > 0 ? fabs(dmin) * 0.1 : 1;
        dmin -= pad;
        dmax += pad;
    }
    double Wd = W * 0.96, s = (dmax - dmin) / Wd;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double room = fmax(Wd - it[i].wr - it[j].wl, 0.2 * Wd);
            s = fmax(s, (it[i].r - it[j].l) / room);
        }
    double x0 = dmin;
    for (size_t j = 0; j < n; j++)
        x0 = fmin(x0, it[j].l - s * it[j].wl);
    *lo = x0 - 0.02 * W * s;
    *hi = *lo + W * s;
}

/* A number as a bar's end label: up to 3 significant digits, k / M / G
 * past a thousand (as human() of common.gp), no exponent. */
void plot_fmt_num(double x, char *buf, size_t n)
{
    static const char *const suffix[] = {"", "k", "M", "G"};
    double a = fabs(x);
    int k = 0;
    while (a >= 999.5 && k < 3) {
        a /= 1000;
        x /= 1000;
        k++;
    }
    if (a >= 999.5 || (a > 0 && a < 1e-4))
        snprintf(buf, n, "%.3g", x);   /* beyond G, or tiny: as it comes */
    else
        snprintf(buf, n, "%.*f%s", a >= 99.95 ? 0 : a >= 9.995 ? 1 : a >= 0.9995 ? 2 :
                                   a >= 0.09995 ? 3 : 4, x, suffix[k]);
    /* trailing zeros of the fraction dropped: 1.50 -> 1.5, 2.00 -> 2 */
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = dot + strcspn(dot, "kMG");
        char *z = end;
        while (z > dot + 1 && z[-1] == '0')
            z--;
        if (z == dot + 1)
            z = dot;
        memmove(z, end, strlen(end) + 1);
    }
}

/* fmt_num with a money prefix ("" for none) after the sign: "-$3k". */
static void fmt_amount(double x, const char *prefix, char *buf, size_t n)
{
    char v[64];
    plot_fmt_num(fabs(x), v, sizeof v);
    snprintf(buf, n, "%s%s%s", x < 0 ? "-" : "", prefix, v);
}

/* The numbers of text, in order (at most max); their count. */
static size_t numbers_in(const char *text, double *v, size_t max, char *skeleton, size_t sn)
{
    size_t k = 0, o = 0;
    for (const char *p = text; *p;) {
        char *end;
        int numstart = (*p >= '0' && *p <= '9') ||
                       ((*p == '-' || *p == '.') && ((p[1] >= '0' && p[1] <= '9') || p[1] == '.'));
        if (numstart && (p == text || !((p[-1] >= 'a' && p[-1] <= 'z') || p[-1] == '_'))) {
            double x = strtod(p, &end);
            if (end > p) {
                if (k < max)
                    v[k] = x;
                k++;
                if (o + 1 < sn)
                    skeleton[o++] = '#';
                p = end;
                continue;
            }
        }
        if (o + 1 < sn)
            skeleton[o++] = *p;
        p++;
    }
    if (sn)
        skeleton[o < sn ? o : sn - 1] = '\0';
    return k;
}

/* What to write at the end of a bar for a key's value text: a number
 * formatted by fmt_num; a distribution scaled as a whole from base by one
 * factor c as "×c"; else the text with its numbers shortened to 3
 * significant digits (cut at END_CHARS, ending in "…"). */
void plot_end_label(const char *text, const char *base, char *buf, size_t n)
{
    double x;
    if (num_parse_str(text, &x) == NUM_OK) {
        plot_fmt_num(x, buf, n);
        return;
    }
    double v[16], b[16];
    char sk1[512], sk2[512];
    size_t nv = numbers_in(text, v, 16, sk1, sizeof sk1);
    size_t nb = numbers_in(base, b, 16, sk2, sizeof sk2);
    int scaled = nv && nv == nb && nv <= 16 && !strcmp(sk1, sk2);
    double c = scaled && b[0] != 0 ? v[0] / b[0] : NAN;
    for (size_t i = 0; scaled && i < nv; i++)
        scaled = b[i] != 0 ? fabs(v[i] / b[i] - c) <= 1e-9 * fabs(c) : v[i] == 0;
    if (scaled && c > 0) {
        char f[64];
        plot_fmt_num(c, f, sizeof f);
        snprintf(buf, n, "×%s", f);
        return;
    }
    /* the text, numbers shortened */
    size_t o = 0;
    for (const char *p = text; *p && o + 1 < n;) {
        char *end;
        int numstart = (*p >= '0' && *p <= '9') || (*p == '-' && p[1] >= '0' && p[1] <= '9');
        if (numstart && (p == text || !((p[-1] >= 'a' && p[-1] <= 'z') || p[-1] == '_'))) {
            double y = strtod(p, &end);
            if (end > p) {
                char f[64];
                snprintf(f, sizeof f, "%.3g", y);
                for (const char *q = f; *q && o + 1 < n; q++)
                    buf[o++] = *q;
                p = end;
                continue;
            }
        }
        buf[o++] = *p++;
    }
    buf[o] = '\0';
    if (plot_chars(buf) > END_CHARS) {
        size_t bytes = 0, chars = 0;
        while (buf[bytes] && chars < END_CHARS - 1) {
            bytes++;
            while ((buf[bytes] & 0xC0) == 0x80)
                bytes++;
            chars++;
        }
        snprintf(buf + bytes, n - bytes, "…");
    }
}

/* The x axis label of a difference A − B on metric spec ("NAME" or
 * "NAME:SEV"): "<A> minus <B>: <label> [of <severity>] (<unit>)", the
 * unit of money the scenario's currency.  *money: 1 for a money metric;
 * *dir: which way is better (metric_direction; 0 unknown). */
static void diff_axis(const pchart_ctx *c, const char *a, const char *b, const char *spec,
                      char *buf, size_t n, int *money, int *dir, char *phrase, size_t pn)
{
    char name[256];
    snprintf(name, sizeof name, "%s", spec);
    char *colon = strchr(name, ':');
    const char *sev = NULL;
    if (colon) {
        *colon = '\0';
        sev = colon + 1;
    }
    const metric *mt = metric_find(name);
    *money = mt && !strcmp(metric_unit(mt), "cost");
    *dir = mt ? metric_direction(mt) : 0;
    char of[512] = "";
    if (sev)
        snprintf(of, sizeof of, " of %s", plabel(c->labels, "severity", sev));
    if (phrase)
        snprintf(phrase, pn, "%s minus %s in %s%s", plabel(c->labels, "model", a),
                 plabel(c->labels, "model", b), mt ? metric_label(mt) : name, of);
    snprintf(buf, n, "%s minus %s: %s%s (%s)", plabel(c->labels, "model", a),
             plabel(c->labels, "model", b), mt ? metric_label(mt) : name, of,
             !mt ? "as in the CSV" : *money ? c->currency : metric_unit(mt));
}

/* The colour of the model called name: its position among the models of
 * the folder's scenario.ini, as in every chart (the first colour when the
 * file does not say). */
typedef struct pos_ctx {
    const char *want;   /* the model */
    int n;              /* [model.*] sections seen */
    int at;             /* its position, -1 until found */
    char last[256];     /* the last model section seen */
} pos_ctx;

static int on_pos(void *user, const char *sec, const char *key, const char *val, int line)
{
    (void)key;
    (void)val;
    (void)line;
    pos_ctx *p = user;
    if (!strncmp(sec, "model.", 6) && strcmp(p->last, sec + 6)) {
        snprintf(p->last, sizeof p->last, "%s", sec + 6);
        if (p->at < 0 && !strcmp(sec + 6, p->want))
            p->at = p->n;
        p->n++;
    }
    return 0;
}

static const char *model_color(const char *dir, const char *model)
{
    static const inifile_ops ops = {NULL, on_pos};
    char path[4096];
    snprintf(path, sizeof path, "%s/scenario.ini", dir);
    pos_ctx p = {.want = model, .at = -1};
    os_error ignored;
    inifile_read_path(path, &ops, &p, &ignored);
    return plot_model_colors[(p.at < 0 ? 0 : p.at) % PLOT_NCOLORS];
}

/* `array name[n] = [x, ...]` of numbers. */
static void put_nums(FILE *f, const char *name, const double *x, size_t n)
{
    fprintf(f, "array %s[%zu] = [", name, n);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", f);
        gp_field(f, x[i]);
    }
    fputs("]\n", f);
}

/* ----------------------------------------------------------- tornado */

enum { T_KEY, T_STATUS, T_MODEL, T_BASELINE, T_METRIC, T_BASE, T_LOW, T_HIGH, T_DLOW,
       T_DBASE, T_DHIGH, T_FLIPS, T_CROSS, T_CROSS_LO, T_CROSS_HI, T_NCOLS };
static const char *const tcols[T_NCOLS] = {
    "key", "status", "model", "baseline", "metric", "base", "low", "high", "diff_low",
    "diff_base", "diff_high", "flips", "crossing", "crossing_lo", "crossing_hi",
};

static int keep_run(void *ctx, char *const *cells)
{
    (void)ctx;
    return !strcmp(cells[T_STATUS], "run");
}

/* One key of the tornado. */
typedef struct trow {
    const char *key;          /* in the table */
    double dlow, dbase, dhigh;/* D at low, base, high (NaN: none) */
    int flips;                /* 1: D's sign changes over the range */
    double cross, cross_lo, cross_hi; /* where, and its 95% CI (NaN: none) */
} trow;

/* Header lines about the flips (each with its crossing; past MAX_NOTES
 * the rest counted), or about the sign of D when no key flips it. */
static void flip_notes(const trow *r, size_t n, const char *a, const char *b, int dir,
                       char notes[MAX_NOTES][1024], size_t *nnotes)
{
    size_t nflip = 0;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double v[3] = {r[i].dlow, r[i].dbase, r[i].dhigh};
        for (int k = 0; k < 3; k++)
            if (!isnan(v[k])) {
                lo = fmin(lo, v[k]);
                hi = fmax(hi, v[k]);
            }
        nflip += r[i].flips;
    }
    size_t room = nflip > MAX_NOTES ? MAX_NOTES - 1 : nflip;
    for (size_t i = 0; i < n && *nnotes < room; i++) {
        if (!r[i].flips)
            continue;
        char *s = notes[(*nnotes)++];
        if (!isnan(r[i].cross)) {
            char v0[64], v1[64] = "?", v2[64] = "?";
            plot_fmt_num(r[i].cross, v0, sizeof v0);
            if (!isnan(r[i].cross_lo))
                plot_fmt_num(r[i].cross_lo, v1, sizeof v1);
            if (!isnan(r[i].cross_hi))
                plot_fmt_num(r[i].cross_hi, v2, sizeof v2);
            snprintf(s, 1024, "◆ the sign flips: at %s = %s, %s and %s are level "
                     "(95%% CI %s to %s)", r[i].key, v0, a, b, v1, v2);
        } else {
            snprintf(s, 1024, "◆ the sign flips between the low and the high value of %s "
                     "(scaled as a whole: no crossing searched)", r[i].key);
        }
    }
    if (nflip > room)
        snprintf(notes[(*nnotes)++], 1024, "◆ and %zu more keys flip the sign "
                 "(sensitivity.csv: flips, crossing)", nflip - room);
    if (nflip || !(lo <= hi))
        return;
    const char *better = NULL;
    if (lo > 0)
        better = dir < 0 ? b : dir > 0 ? a : NULL;
    else if (hi < 0)
        better = dir < 0 ? a : dir > 0 ? b : NULL;
    if (better)
        snprintf(notes[(*nnotes)++], 1024, "no key flips the sign: %s is better at both "
                 "ends of every range", better);
    else if (lo > 0 || hi < 0)
        snprintf(notes[(*nnotes)++], 1024, "no key flips the sign of the difference");
}

/* The tornado's data, freed by tornado_free. */
typedef struct tornado {
    char path[4096];          /* sensitivity.csv */
    ptable *t;                /* the keys run, ranked */
    size_t nall;              /* rows of the file, skipped keys included */
    trow *r;                  /* t->nrows keys */
    const char **keys;        /* their names */
    const char *a, *b;        /* models A and B (ids) */
    char xlabel[2048];        /* the x axis label */
    int money, dir;           /* money metric; which way is better */
    size_t rows;              /* keys drawn */
    char notes[MAX_NOTES][1024];
    size_t nnotes;
    char sub[2048];           /* subtitle */
    double base;              /* D at the base scenario */
    char ltext[ROW_MAX][64], rtext[ROW_MAX][64]; /* values at the bars' ends */
    double lx[ROW_MAX], rx[ROW_MAX];   /* where: left and right ends */
    double lc[ROW_MAX], rc[ROW_MAX];   /* their colours: 1 low, 2 high */
    int zero, any_flip;       /* draw the zero line; some key flips */
    double xlo, xhi;          /* the x range */
} tornado;

static void tornado_free(tornado *T)
{
    ptable_destroy(T->t);
    free(T->r);
    free(T->keys);
}

/* Read sensitivity.csv: the keys run, in rank order. */
static int tornado_read(const pchart_ctx *c, tornado *T, os_error *e)
{
    if (snprintf(T->path, sizeof T->path, "%s/sensitivity.csv", c->dir) >= (int)sizeof T->path)
        return err_set(e, OS_ERR_INPUT, c->dir, 0, "", "path too long");
    ptable *all;
    if (ptable_load(T->path, tcols, 2, NULL, NULL, 0, &all, e) < 0)
        return -1;
    T->nall = all->nrows;
    ptable_destroy(all);
    if (ptable_load(T->path, tcols, T_NCOLS, keep_run, NULL, 0, &T->t, e) < 0)
        return -1;
    size_t n = T->t->nrows;
    if (!n)
        return err_set(e, OS_ERR_INPUT, T->path, 0, "", "no key was run (every row is "
                       "skipped): nothing to draw");
    T->r = calloc(n, sizeof *T->r);
    T->keys = calloc(n, sizeof *T->keys);
    if (!T->r || !T->keys)
        return oom(T->path, e);
    for (size_t i = 0; i < n; i++) {
        trow *r = &T->r[i];
        double fl;
        r->key = T->keys[i] = ptable_str(T->t, i, T_KEY);
        double *v[] = {&r->dlow, &r->dbase, &r->dhigh, &fl, &r->cross, &r->cross_lo,
                       &r->cross_hi};
        int col[] = {T_DLOW, T_DBASE, T_DHIGH, T_FLIPS, T_CROSS, T_CROSS_LO, T_CROSS_HI};
        for (int k = 0; k < 7; k++)
            if (ptable_num(T->t, i, (size_t)col[k], v[k], e) < 0)
                return -1;
        r->flips = fl == 1;
    }
    T->a = ptable_str(T->t, 0, T_MODEL);
    T->b = ptable_str(T->t, 0, T_BASELINE);
    diff_axis(c, T->a, T->b, ptable_str(T->t, 0, T_METRIC), T->xlabel, sizeof T->xlabel,
              &T->money, &T->dir, NULL, 0);
    T->base = NAN;
    for (size_t i = 0; i < n && isnan(T->base); i++)
        T->base = T->r[i].dbase;
    if (isnan(T->base))
        return err_set(e, OS_ERR_INPUT, T->path, 0, "diff_base", "no value of the difference "
                       "at the base scenario (the metric is undefined there): nothing to draw");
    return 0;
}

/* The subtitle, for rows keys drawn. */
static void tornado_sub(tornado *T, size_t rows)
{
    size_t n = T->t->nrows;
    char shown[256];
    if (rows < n)
        snprintf(shown, sizeof shown, "the %zu largest swings of %zu keys run", rows, n);
    else
        snprintf(shown, sizeof shown, "%zu key%s run", n, n == 1 ? "" : "s");
    size_t len = (size_t)snprintf(T->sub, sizeof T->sub, "the difference with each key "
                                  "alone at its low and at its high value, the others at "
                                  "their base; %s", shown);
    if (T->nall > n && len < sizeof T->sub)
        snprintf(T->sub + len, sizeof T->sub - len, ", %zu skipped (sensitivity.csv says why)",
                 T->nall - n);
}

static const char tornado_title[] = "Which assumptions move the difference most";

/* How many keys to draw: as many as the plot's height holds with the
 * texts around it (the subtitle, notes, legend and axis label). */
static size_t tornado_rows(const pchart_ctx *c, tornado *T)
{
    double used;
    size_t widest, n = T->t->nrows;
    choose_rows(T->keys, n, 1e9, &used, &widest);
    tornado_sub(T, n > ROW_MAX ? ROW_MAX : n);
    char title[1024];
    snprintf(title, sizeof title, "%s: %s", c->prefix ? c->prefix : "", tornado_title);
    est x = {.title = title, .lines = {T->sub}, .nlines = 1 + T->nnotes,
             .legend = {"low value", "high value", "base: EUR 1234",
                        "0: no difference", "sign flips"},
             .nlegend = 4, .xlabel = T->xlabel, .plot_w = 0.97 - plot_left(widest)};
    for (size_t i = 0; i < T->nnotes; i++)
        x.lines[1 + i] = T->notes[i];
    for (size_t i = 0; i < n && x.nlegend == 4; i++)
        x.nlegend += (size_t)T->r[i].flips;   /* "sign flips" */
    return choose_rows(T->keys, n, row_budget(&x), &used, &widest);
}

/* The values at the ends of bar i: the end further left gets its value on
 * the left, the other on the right (colour 1: low, 2: high); their
 * extents for the x range. */
static plot_xitem tornado_ends(tornado *T, size_t i)
{
    const trow *r = &T->r[i];
    double bv = isnan(T->base) ? r->dbase : T->base;
    int low_left = !(r->dhigh < r->dlow);
    double l = fmin(bv, low_left ? r->dlow : r->dhigh);
    double rr = fmax(bv, low_left ? r->dhigh : r->dlow);
    if (isnan(r->dlow) || isnan(r->dhigh))
        l = rr = bv;
    const char *base = ptable_str(T->t, i, T_BASE);
    plot_end_label(ptable_str(T->t, i, low_left ? T_LOW : T_HIGH), base, T->ltext[i],
              sizeof T->ltext[i]);
    plot_end_label(ptable_str(T->t, i, low_left ? T_HIGH : T_LOW), base, T->rtext[i],
              sizeof T->rtext[i]);
    T->lx[i] = l;
    T->rx[i] = rr;
    T->lc[i] = low_left ? 1 : 2;
    T->rc[i] = low_left ? 2 : 1;
    return (plot_xitem){l, rr, end_w(T->ltext[i]), end_w(T->rtext[i])};
}

/* The bars' end labels and the x range; the zero line is drawn when a bar
 * reaches 0, a key flips, or 0 is within a quarter of the bars' span. */
static void tornado_layout(tornado *T, double plot_w)
{
    plot_xitem it[ROW_MAX + 1];
    size_t ni = 0;
    double dmin = INFINITY, dmax = -INFINITY;
    for (size_t i = 0; i < T->rows; i++) {
        it[ni] = tornado_ends(T, i);
        dmin = fmin(dmin, it[ni].l);
        dmax = fmax(dmax, it[ni].r);
        T->any_flip |= T->r[i].flips;
        ni++;
    }
    T->zero = T->any_flip || (dmin <= 0 && dmax >= 0) ||
              (dmax > dmin && fmin(fabs(dmin), fabs(dmax)) < 0.25 * (dmax - dmin));
    if (T->zero)
        it[ni++] = (plot_xitem){0, 0, 0, 0};
    plot_x_extent(it, ni, plot_w, &T->xlo, &T->xhi);
}

/* tornado.tsv (row, D low, D high, flips) and the chart's variables. */
static int tornado_write(const pchart_ctx *c, tornado *T, FILE *f, os_error *e)
{
    char dpath[4096];
    FILE *d = gp_open(c->tmp, "tornado.tsv", dpath, sizeof dpath, e);
    if (!d)
        return -1;
    for (size_t i = 0; i < T->rows; i++) {
        fprintf(d, "%zu\t", i + 1);
        gp_field(d, T->r[i].dlow);   /* NaN (no value): no bar */
        fputc('\t', d);
        gp_field(d, T->r[i].dhigh);
        fprintf(d, "\t%d\n", T->r[i].flips);
    }
    if (gp_close(d, dpath, e) < 0)
        return -1;
    const char *np[MAX_NOTES], *lt[ROW_MAX], *rt[ROW_MAX];
    for (size_t i = 0; i < T->nnotes; i++)
        np[i] = T->notes[i];
    for (size_t i = 0; i < T->rows; i++) {
        lt[i] = T->ltext[i];
        rt[i] = T->rtext[i];
    }
    char basetext[256], bnum[64];
    /* a money metric's base as money, as the axis: "-$150k" */
    fmt_amount(T->base, T->money ? c->money : "", bnum, sizeof bnum);
    snprintf(basetext, sizeof basetext, "base: %s", bnum);
    fprintf(f, "nnotes = %zu\nshow_zero = %d\nany_flip = %d\ny_money = %d\n", T->nnotes,
            T->zero, T->any_flip, T->money);
    gp_num(f, "x_lo", T->xlo);
    gp_num(f, "x_hi", T->xhi);
    gp_num(f, "base_value", T->base);
    put_nums(f, "lab_lx", T->lx, T->rows);
    put_nums(f, "lab_rx", T->rx, T->rows);
    put_nums(f, "lab_lc", T->lc, T->rows);
    put_nums(f, "lab_rc", T->rc, T->rows);
    int bad = put_rows(f, T->keys, T->rows) < 0 || gp_strs(f, "lab_l", lt, T->rows) < 0 ||
              gp_strs(f, "lab_r", rt, T->rows) < 0 || gp_path(f, "datafile", dpath) < 0 ||
              gp_str(f, "chart_title", tornado_title) < 0 ||
              gp_str(f, "subtitle", T->sub) < 0 || gp_str(f, "x_label", T->xlabel) < 0 ||
              gp_str(f, "base_text", basetext) < 0 ||
              (T->nnotes && gp_strs(f, "note", np, T->nnotes) < 0);
    return bad ? oom(T->path, e) : 0;
}

int chart_tornado(const pchart_ctx *c, FILE *f, os_error *e)
{
    tornado *T = calloc(1, sizeof *T);
    if (!T)
        return oom(c->dir, e);
    int rc = tornado_read(c, T, e);
    if (rc == 0) {
        flip_notes(T->r, T->t->nrows, plabel(c->labels, "model", T->a),
                   plabel(c->labels, "model", T->b), T->dir, T->notes, &T->nnotes);
        T->rows = tornado_rows(c, T);
        tornado_sub(T, T->rows);
        double used;
        size_t widest;
        choose_rows(T->keys, T->rows, 1e9, &used, &widest);
        tornado_layout(T, 0.97 - plot_left(widest));
        rc = tornado_write(c, T, f, e);
    }
    tornado_free(T);
    free(T);
    return rc;
}

/* ------------------------------------------------------- uncertainty */

/* uncertainty.ini's manifest: A, B, the metric, which way is better. */
typedef struct manifest {
    char model[256], baseline[256], metric[256];
    int direction;      /* -1 lower is better, +1 higher, 0 neither */
    int have;           /* bit 1 model, 2 baseline, 4 metric, 8 direction */
} manifest;

static int on_manifest(void *user, const char *sec, const char *key, const char *val,
                       int line)
{
    (void)line;
    manifest *m = user;
    if (strcmp(sec, "manifest"))
        return 0;
    if (!strcmp(key, "model")) {
        snprintf(m->model, sizeof m->model, "%s", val);
        m->have |= 1;
    } else if (!strcmp(key, "baseline")) {
        snprintf(m->baseline, sizeof m->baseline, "%s", val);
        m->have |= 2;
    } else if (!strcmp(key, "metric")) {
        snprintf(m->metric, sizeof m->metric, "%s", val);
        m->have |= 4;
    } else if (!strcmp(key, "direction")) {
        m->direction = atoi(val);
        m->have |= 8;
    }
    return 0;
}

static int read_manifest(const char *dir, manifest *m, os_error *e)
{
    static const inifile_ops ops = {NULL, on_manifest};
    char path[4096];
    memset(m, 0, sizeof *m);
    if (snprintf(path, sizeof path, "%s/uncertainty.ini", dir) >= (int)sizeof path)
        return err_set(e, OS_ERR_INPUT, dir, 0, "", "path too long");
    if (inifile_read_path(path, &ops, m, e) != 0)
        return -1;
    static const char *const names[] = {"model", "baseline", "metric", "direction"};
    for (int k = 0; k < 4; k++)
        if (!(m->have & (1 << k)))
            return err_set(e, OS_ERR_INPUT, path, 0, names[k],
                           "missing in [manifest]: not a folder of `ownsim uncertainty`");
    return 0;
}

/* uncertainty.csv columns */
enum { U_WHAT, U_NAME, U_SETS, U_P5, U_P50, U_P95, U_PROB, U_PROB_LO, U_PROB_HI, U_PRCC,
       U_NCOLS };
static const char *const ucols[U_NCOLS] = {
    "what", "name", "sets", "p5", "p50", "p95", "probability", "probability_lo",
    "probability_hi", "prcc",
};

static int load_summary(const char *dir, ptable **t, char *path, size_t n, os_error *e)
{
    if (snprintf(path, n, "%s/uncertainty.csv", dir) >= (int)n)
        return err_set(e, OS_ERR_INPUT, dir, 0, "", "path too long");
    return ptable_load(path, ucols, U_NCOLS, NULL, NULL, 0, t, e);
}

/* A's rows of sets.csv: model and diff. */
typedef struct sets_keep {
    const char *model;   /* A */
} sets_keep;

static int keep_a(void *ctx, char *const *cells)
{
    return !strcmp(cells[0], ((const sets_keep *)ctx)->model);
}

/* nice_step of common.gp: 1, 2 or 5 x 10^k for about n steps over span */
static double nice_step(double span, double n)
{
    if (!(span > 0))
        return 1;
    double q = span / n, p = pow(10, floor(log10(q))), r = q / p;
    return (r <= 1.5 ? 1 : r <= 3.5 ? 2 : r <= 7.5 ? 5 : 10) * p;
}

/* Which side of 0 a difference favours: 1 A, 2 B, 0 neither (exactly 0,
 * or a metric with no better direction). */
static int side(double x, int dir)
{
    if (x == 0 || dir == 0)
        return 0;
    return (x < 0) == (dir < 0) ? 1 : 2;
}

/* The difference chart's data. */
typedef struct udiff {
    manifest m;               /* A, B, metric, direction */
    char spath[4096], upath[4096];
    double *x;                /* A's differences over the sets (n of them) */
    size_t n;
    double lo, hi;            /* their range */
    double p, plo, phi, p5, p50, p95; /* P(A beats B), its CI, the quantiles */
    size_t wins[3];           /* sets neither, A, B is better in */
} udiff;

/* The rows of the 'difference' row of uncertainty.csv, into D. */
static int udiff_summary(const pchart_ctx *c, udiff *D, os_error *e)
{
    ptable *u;
    if (load_summary(c->dir, &u, D->upath, sizeof D->upath, e) < 0)
        return -1;
    size_t row = u->nrows;
    for (size_t i = 0; i < u->nrows && row == u->nrows; i++)
        if (!strcmp(ptable_str(u, i, U_WHAT), "difference"))
            row = i;
    int rc = 0;
    if (row == u->nrows)
        rc = err_set(e, OS_ERR_INPUT, D->upath, 0, "what", "no 'difference' row");
    double *v[] = {&D->p, &D->plo, &D->phi, &D->p5, &D->p50, &D->p95};
    int col[] = {U_PROB, U_PROB_LO, U_PROB_HI, U_P5, U_P50, U_P95};
    for (int k = 0; !rc && k < 6; k++)
        rc = ptable_num(u, row, (size_t)col[k], v[k], e);
    ptable_destroy(u);
    return rc;
}

/* A's differences from sets.csv, into D->x. */
static int udiff_sets(const pchart_ctx *c, udiff *D, os_error *e)
{
    if (snprintf(D->spath, sizeof D->spath, "%s/sets.csv", c->dir) >= (int)sizeof D->spath)
        return err_set(e, OS_ERR_INPUT, c->dir, 0, "", "path too long");
    static const char *const scols[] = {"model", "diff"};
    sets_keep k = {D->m.model};
    ptable *s;
    if (ptable_load(D->spath, scols, 2, keep_a, &k, 0, &s, e) < 0)
        return -1;
    int rc = (D->x = malloc((s->nrows ? s->nrows : 1) * sizeof *D->x)) ? 0
                                                                        : oom(D->spath, e);
    D->lo = INFINITY;
    D->hi = -INFINITY;
    for (size_t i = 0; !rc && i < s->nrows; i++) {
        if ((rc = ptable_num(s, i, 1, &D->x[D->n], e)) < 0 || isnan(D->x[D->n]))
            continue;
        D->lo = fmin(D->lo, D->x[D->n]);
        D->hi = fmax(D->hi, D->x[D->n]);
        D->wins[side(D->x[D->n], D->m.direction)]++;
        D->n++;
    }
    ptable_destroy(s);
    if (!rc && !D->n)
        rc = err_set(e, OS_ERR_INPUT, D->spath, 0, "diff", "no set has a difference for "
                     "model %s: nothing to draw", D->m.model);
    return rc;
}

/* difference.tsv: bins of a nice width with 0 on an edge, about sqrt(n)
 * of them (8 to 30), counted by gsl_histogram; each row the bin's centre,
 * its sets and the side of 0 it favours.  The width, range and fullest
 * bin go to f. */
static int udiff_bins(const pchart_ctx *c, const udiff *D, FILE *f, char *dpath, size_t dn,
                      os_error *e)
{
    double span = D->hi > D->lo ? D->hi - D->lo : (D->hi != 0 ? fabs(D->hi) * 0.2 : 1);
    double w = nice_step(span, fmin(30, fmax(8, sqrt((double)D->n))));
    double b0 = floor(fmin(D->lo, 0) / w) * w, b1 = (floor(fmax(D->hi, 0) / w) + 1) * w;
    size_t nb = (size_t)fmax(1, (double)llround((b1 - b0) / w));
    gsl_histogram *h = gsl_histogram_alloc(nb);
    if (!h)
        return oom(D->spath, e);
    gsl_histogram_set_ranges_uniform(h, b0, b0 + (double)nb * w);
    for (size_t i = 0; i < D->n; i++)
        gsl_histogram_increment(h, D->x[i]);
    FILE *d = gp_open(c->tmp, "difference.tsv", dpath, dn, e);
    if (!d) {
        gsl_histogram_free(h);
        return -1;
    }
    for (size_t i = 0; i < nb; i++) {
        double blo, bhi;
        gsl_histogram_get_range(h, i, &blo, &bhi);
        fprintf(d, "%.10g\t%.10g\t%d\n", (blo + bhi) / 2, gsl_histogram_get(h, i),
                side((blo + bhi) / 2, D->m.direction));
    }
    fprintf(f, "nbins = %zu\n", nb);
    gp_num(f, "bin_w", w);
    gp_num(f, "x_lo", b0);
    gp_num(f, "x_hi", b0 + (double)nb * w);
    gp_num(f, "y_top", gsl_histogram_max_val(h));
    gsl_histogram_free(h);
    return gp_close(d, dpath, e);
}

/* The difference chart's texts into f. */
static int udiff_texts(const pchart_ctx *c, const udiff *D, FILE *f, os_error *e)
{
    const char *la = plabel(c->labels, "model", D->m.model);
    const char *lb = plabel(c->labels, "model", D->m.baseline);
    char xlabel[2048], ptext[2048], sub[2048], ka[1024], kb[1024], m5[64], m50[64], m95[64];
    int money, dir;
    diff_axis(c, D->m.model, D->m.baseline, D->m.metric, xlabel, sizeof xlabel, &money, &dir,
              NULL, 0);
    if (isnan(D->p))
        snprintf(ptext, sizeof ptext, "%s and %s: no better side on this metric", la, lb);
    else   /* no-break spaces keep "(95 % CI lo–hi)" on one line */
        snprintf(ptext, sizeof ptext, "P(%s beats %s) = %.2f (95\u00a0%%\u00a0CI\u00a0%.2f–%.2f)",
                 la, lb, D->p, D->plo, D->phi);
    fmt_amount(D->p5, money ? c->money : "", m5, sizeof m5);
    fmt_amount(D->p50, money ? c->money : "", m50, sizeof m50);
    fmt_amount(D->p95, money ? c->money : "", m95, sizeof m95);
    snprintf(sub, sizeof sub, "the paired difference in each of %zu parameter sets (its mean "
             "over the set's replications): median %s, 90%% of the sets between %s and %s; "
             "%s is better in %zu sets, %s in %zu", D->n, m50, m5, m95, la, D->wins[1], lb,
             D->wins[2]);
    snprintf(ka, sizeof ka, "%s better", la);
    snprintf(kb, sizeof kb, "%s better", lb);
    fprintf(f, "y_money = %d\nsided = %d\n", money, D->m.direction != 0);
    gp_num(f, "median", D->p50);
    int bad = gp_str(f, "chart_title", "How sure is the answer") < 0 ||
              gp_str(f, "subtitle", sub) < 0 || gp_str(f, "x_label", xlabel) < 0 ||
              gp_str(f, "p_text", ptext) < 0 || gp_str(f, "key_a", ka) < 0 ||
              gp_str(f, "key_b", kb) < 0 ||
              gp_str(f, "color_a", model_color(c->dir, D->m.model)) < 0 ||
              gp_str(f, "color_b", model_color(c->dir, D->m.baseline)) < 0;
    return bad ? oom(D->upath, e) : 0;
}

int chart_difference(const pchart_ctx *c, FILE *f, os_error *e)
{
    udiff *D = calloc(1, sizeof *D);
    if (!D)
        return oom(c->dir, e);
    char dpath[4096];
    int rc = -1;
    if (read_manifest(c->dir, &D->m, e) == 0 && udiff_sets(c, D, e) == 0 &&
        udiff_summary(c, D, e) == 0 && udiff_bins(c, D, f, dpath, sizeof dpath, e) == 0 &&
        udiff_texts(c, D, f, e) == 0)
        rc = gp_path(f, "datafile", dpath) < 0 ? oom(dpath, e) : 0;
    free(D->x);
    free(D);
    return rc;
}

/* A key row of uncertainty.csv: its row and PRCC (NaN: none). */
typedef struct prow {
    size_t row;
    double prcc;
} prow;

static int by_abs(const void *pa, const void *pb)
{
    const prow *a = pa, *b = pb;
    double x = isnan(a->prcc) ? -1 : fabs(a->prcc), y = isnan(b->prcc) ? -1 : fabs(b->prcc);
    if (x != y)
        return x < y ? 1 : -1;
    return (a->row > b->row) - (a->row < b->row);   /* the CSV's order */
}

/* The PRCC chart's data. */
typedef struct uprcc {
    manifest m;               /* A, B, metric, direction */
    char upath[4096];
    ptable *u;                /* uncertainty.csv */
    prow *pr;                 /* the key rows, largest |PRCC| first */
    const char **keys;        /* their names */
    size_t n, rows;           /* key rows, rows drawn */
    double sets;              /* sets counted */
    char sub[2560], note[512], what[2048], xlabel[2048]; /* sub holds what + 170 */
    int nnotes;
} uprcc;

/* The key rows of uncertainty.csv, ranked by |PRCC|. */
static int uprcc_read(const pchart_ctx *c, uprcc *P, os_error *e)
{
    if (read_manifest(c->dir, &P->m, e) < 0 ||
        load_summary(c->dir, &P->u, P->upath, sizeof P->upath, e) < 0)
        return -1;
    size_t nk = P->u->nrows ? P->u->nrows : 1;
    P->pr = malloc(nk * sizeof *P->pr);
    P->keys = malloc(nk * sizeof *P->keys);
    if (!P->pr || !P->keys)
        return oom(P->upath, e);
    P->sets = NAN;
    for (size_t i = 0; i < P->u->nrows; i++) {
        const char *what = ptable_str(P->u, i, U_WHAT);
        if (!strcmp(what, "difference") && ptable_num(P->u, i, U_SETS, &P->sets, e) < 0)
            return -1;
        if (strcmp(what, "key"))
            continue;
        P->pr[P->n].row = i;
        if (ptable_num(P->u, i, U_PRCC, &P->pr[P->n++].prcc, e) < 0)
            return -1;
    }
    if (!P->n)
        return err_set(e, OS_ERR_INPUT, P->upath, 0, "what", "no 'key' row: nothing to draw");
    qsort(P->pr, P->n, sizeof *P->pr, by_abs);
    for (size_t i = 0; i < P->n; i++)
        P->keys[i] = ptable_str(P->u, P->pr[i].row, U_NAME);
    return 0;
}

static const char prcc_title[] = "Which uncertain assumptions decide the answer";

/* The subtitle, the note on the keys not drawn, and how many to draw. */
static void uprcc_texts(const pchart_ctx *c, uprcc *P, const char *ka, const char *kb,
                        const char *noise)
{
    int money, dir;
    double used;
    size_t widest;
    diff_axis(c, P->m.model, P->m.baseline, P->m.metric, P->xlabel, sizeof P->xlabel, &money,
              &dir, P->what, sizeof P->what);
    snprintf(P->sub, sizeof P->sub, "partial rank correlation (PRCC) of each uncertain key "
             "with %s over %.0f parameter sets, the other keys accounted for; coloured by "
             "the model a higher value of the key favours", P->what, P->sets);
    snprintf(P->note, sizeof P->note, "the %zu other keys: |PRCC| at most 0.00", P->n);
    choose_rows(P->keys, P->n, 1e9, &used, &widest);
    char title[1024];
    snprintf(title, sizeof title, "%s: %s", c->prefix ? c->prefix : "", prcc_title);
    est x = {.title = title, .lines = {P->sub, P->note}, .nlines = P->n > 1 ? 2 : 1,
             .legend = {ka, kb, noise}, .nlegend = 3,
             .xlabel = "partial rank correlation with the difference (−1 to 1)",
             .plot_w = 0.97 - plot_left(widest)};
    P->rows = choose_rows(P->keys, P->n, row_budget(&x), &used, &widest);
    P->nnotes = P->rows < P->n;
    double rest = 0;
    for (size_t i = P->rows; i < P->n; i++)
        rest = fmax(rest, isnan(P->pr[i].prcc) ? 0 : fabs(P->pr[i].prcc));
    snprintf(P->note, sizeof P->note, "the %zu other keys: |PRCC| at most %.2f",
             P->n - P->rows, rest);
}

/* prcc.tsv (row, PRCC or 0, which model a higher value favours: 1 A,
 * 2 B, 0 neither), the values at the bars' ends and the x range. */
static int uprcc_bars(const pchart_ctx *c, const uprcc *P, FILE *f, char *dpath, size_t dn,
                      os_error *e)
{
    char vtext[ROW_MAX][32];
    const char *vals[ROW_MAX];
    double vx[ROW_MAX];
    plot_xitem it[ROW_MAX + 2] = {{-1, -1, 0, 0}, {1, 1, 0, 0}};
    FILE *d = gp_open(c->tmp, "prcc.tsv", dpath, dn, e);
    if (!d)
        return -1;
    for (size_t i = 0; i < P->rows; i++) {
        double v = P->pr[i].prcc;
        snprintf(vtext[i], sizeof vtext[i], isnan(v) ? "no value" : "%+.2f", v);
        vals[i] = vtext[i];
        vx[i] = isnan(v) ? 0 : v;
        /* a higher value moves A - B the way of v's sign */
        fprintf(d, "%zu\t%.10g\t%d\n", i + 1, vx[i], vx[i] == 0 ? 0 : side(v, P->m.direction));
        it[2 + i] = v < 0 ? (plot_xitem){v, 0, end_w(vtext[i]), 0}
                          : (plot_xitem){0, vx[i], 0, end_w(vtext[i])};
    }
    if (gp_close(d, dpath, e) < 0)
        return -1;
    double used;
    size_t widest;
    choose_rows(P->keys, P->rows, 1e9, &used, &widest);
    double xlo, xhi;
    plot_x_extent(it, P->rows + 2, 0.97 - plot_left(widest), &xlo, &xhi);
    gp_num(f, "x_lo", xlo);
    gp_num(f, "x_hi", xhi);
    put_nums(f, "val_x", vx, P->rows);
    return gp_strs(f, "val_text", vals, P->rows) < 0 ? oom(P->upath, e) : 0;
}

int chart_prcc(const pchart_ctx *c, FILE *f, os_error *e)
{
    uprcc *P = calloc(1, sizeof *P);
    if (!P)
        return oom(c->dir, e);
    char dpath[4096], ka[1024], kb[1024], noise[256];
    int rc = uprcc_read(c, P, e);
    if (rc == 0) {
        double thr = P->sets > 0 ? 3 / sqrt(P->sets) : NAN;
        snprintf(noise, sizeof noise, "noise: |PRCC| < 3/√N = %.2f", thr);
        snprintf(ka, sizeof ka, "%s", plabel(c->labels, "model", P->m.model));
        snprintf(kb, sizeof kb, "%s", plabel(c->labels, "model", P->m.baseline));
        uprcc_texts(c, P, ka, kb, noise);
        rc = uprcc_bars(c, P, f, dpath, sizeof dpath, e);
        const char *np[1] = {P->note};
        fprintf(f, "nnotes = %d\nsided = %d\n", P->nnotes, P->m.direction != 0);
        gp_num(f, "noise", thr);
        if (rc == 0 && (put_rows(f, P->keys, P->rows) < 0 || gp_path(f, "datafile", dpath) < 0 ||
                        gp_str(f, "chart_title", prcc_title) < 0 ||
                        gp_str(f, "subtitle", P->sub) < 0 || gp_str(f, "key_a", ka) < 0 ||
                        gp_str(f, "key_b", kb) < 0 || gp_str(f, "noise_text", noise) < 0 ||
                        gp_str(f, "color_a", model_color(c->dir, P->m.model)) < 0 ||
                        gp_str(f, "color_b", model_color(c->dir, P->m.baseline)) < 0 ||
                        (P->nnotes && gp_strs(f, "note", np, 1) < 0)))
            rc = oom(P->upath, e);
    }
    ptable_destroy(P->u);
    free(P->pr);
    free(P->keys);
    free(P);
    return rc;
}
