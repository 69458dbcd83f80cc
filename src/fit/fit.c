/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fit.c — `ownsim fit`: an outage CSV in, a scenario fragment and a
 * goodness-of-fit report out.
 *
 * Steps: read the CSV (read.c); order severities and categories (the
 * --scenario's order, else natural order of names, P2 before P10); count the
 * category mix and each category's severity mix; estimate the arrival
 * profile (profile.c), each severity's effort (effort.c, family.c) and,
 * with an observed_reassignments column, each category's misroute share
 * (reassign.c); write the fragment or, with --into, the whole scenario
 * (atomically with -o, through csvw), and then the report.
 *
 * --into TEMPLATE: the template is read once (scn_read) and resolved twice
 * (scn_resolve): as it is, for the old values and the order, and with the
 * fitted values as overrides, exactly as --set would apply them, so the
 * loader validates every fitted value; that scenario is written with
 * scn_write (every key, includes resolved), preceded by comments listing
 * each replaced key (old -> new) and the data it came from, and followed
 * by the template's [uncertainty] entries as read.  simulation.name is
 * left out, so that the written file takes its own name as a scenario
 * without one does (its results then do not land in the template's
 * output folder).
 *
 * Invariants: the fragment holds only [arrivals], [severity.*] (effort) and
 * [category.*] (weight, severities) with values the scenario loader accepts,
 * so that a scenario with `include = FRAGMENT` plus parties and models
 * loads; it never holds sla_*, cost, parties or models.  The --into file
 * loads as it is.  Output is a pure function of the inputs and the
 * bootstrap seed (no clock).  Nothing is written before every estimate is
 * made, so an error leaves no file behind.  The library prints only to the
 * FILE*s it is given.
 */
#include "fit_int.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_cdf.h>

#include "ownsim/csvfile.h"
#include "ownsim/dist.h"
#include "ownsim/fit.h"
#include "ownsim/outages.h"
#include "ownsim/provenance.h"
#include "ownsim/version.h"

#define MAX_WARN 128
#define WARN_LEN 400
#define MAX_OV (4 + SCN_MAX_SEV + 2 * SCN_MAX_CAT)   /* --into overrides at most */
#define OV_LEN 1024                                  /* longest override value */

/* One severity or category of the fragment, in output order. */
typedef struct item {
    char name[SCN_NAME];      /* section name after the dot */
    int data;                 /* index among the data's names; -1 = not in the data */
    int scn;                  /* index in the --scenario; -1 = no scenario */
} item;

typedef struct fitctx {
    const fit_opts *o;        /* options (borrowed) */
    fit_data d;               /* the outages; owned */
    scenario *s;              /* --scenario, or NULL; owned */
    fit_profile prof;         /* arrival profile */
    int nsev;                 /* severities in the fragment */
    item sev[SCN_MAX_SEV];    /* in output (priority) order */
    int ncat;                 /* categories in the fragment */
    item cat[SCN_MAX_CAT];    /* in output order */
    fit_effort eff[SCN_MAX_SEV];          /* fitted effort of each sev[] item */
    long catn[SCN_MAX_CAT];               /* outages of each cat[] item */
    long mix[SCN_MAX_CAT][SCN_MAX_SEV];   /* outages of cat[c] x sev[s] */
    int sparse;               /* too few outages for an hourly profile */
    char warn[MAX_WARN][WARN_LEN]; /* warnings, in the order found */
    int nwarn;                /* how many */
    const char *scn_path;     /* --into or --scenario (borrowed); NULL = neither */
    scn_source *src;          /* --into's text, resolved twice; owned */
    scenario *out_s;          /* --into: the template with the fitted values; owned */
    int model;                /* --model's index in the template; -1 = none */
    fit_share mis[SCN_MAX_CAT]; /* misroute share of each cat[] item (n = 0: no data) */
    fit_share mis_all;        /* over every row with a known count */
    fit_share mis_model;      /* over the gray-area categories of --model */
    int mis_written;          /* 1: model.M.misroute_prob is replaced */
    double fitted_per_week;   /* per_week as fitted (n / weeks), rounded */
    double rate_share;        /* --into: holiday share that per_week was divided by (1 = none) */
    int nov;                  /* --into: overrides */
    scn_override ov[MAX_OV];  /* --into: the fitted values, keys/values in ovkey/ovval */
    char ovkey[MAX_OV][SCN_KEY_TEXT]; /* "arrivals.per_week", ... */
    char ovval[MAX_OV][OV_LEN];       /* the fitted value as written */
    char ovold[MAX_OV][OV_LEN];       /* the template's value, as scn_get writes it */
} fitctx;

static void warn(fitctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(fitctx *c, const char *fmt, ...)
{
    if (c->nwarn == MAX_WARN)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->warn[c->nwarn++], WARN_LEN, fmt, ap);
    va_end(ap);
}

int fit_natcmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    while (*p && *q) {
        if (isdigit(*p) && isdigit(*q)) {
            while (*p == '0' && isdigit(p[1]))
                p++;
            while (*q == '0' && isdigit(q[1]))
                q++;
            size_t lp = 0, lq = 0;
            while (isdigit(p[lp]))
                lp++;
            while (isdigit(q[lq]))
                lq++;
            if (lp != lq)
                return lp < lq ? -1 : 1;
            int r = memcmp(p, q, lp);
            if (r)
                return r < 0 ? -1 : 1;
            p += lp;
            q += lq;
        } else {
            if (*p != *q)
                return *p < *q ? -1 : 1;
            p++;
            q++;
        }
    }
    if (*p || *q)
        return *p ? 1 : -1;
    int r = strcmp(a, b);   /* "P01" and "P1": still a strict order */
    return r < 0 ? -1 : r > 0;
}

/* A path fit to stand in a one-line comment. */
static void one_line(const char *in, char *out, size_t n)
{
    size_t i = 0;
    for (; in[i] && i + 1 < n; i++)
        out[i] = (unsigned char)in[i] < 0x20 ? '?' : in[i];
    out[i] = '\0';
}

/* ---- ordering ------------------------------------------------------------ */

static void order_by_name(item *v, int k, char (*names)[SCN_NAME])
{
    for (int i = 0; i < k; i++) {
        memcpy(v[i].name, names[i], SCN_NAME);
        v[i].data = i;
        v[i].scn = -1;
    }
    for (int i = 1; i < k; i++)   /* insertion sort: k <= 32 */
        for (int j = i; j > 0 && fit_natcmp(v[j - 1].name, v[j].name) > 0; j--) {
            item t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
}

/* Items in the scenario's order; every data name must be one of them
 * (else an error at the line where that name first appears). */
static int order_by_scenario(fitctx *c, item *v, int *k, int nscn,
                             const char *(*scn_name)(const scenario *, int),
                             int ndata, char (*names)[SCN_NAME], const long *lines,
                             const char *what, const char *whats, os_error *e)
{
    for (int i = 0; i < ndata; i++) {
        int found = 0;
        for (int j = 0; j < nscn && !found; j++)
            found = !strcmp(names[i], scn_name(c->s, j));
        if (found)
            continue;
        char list[600] = "";
        size_t len = 0;
        for (int j = 0; j < nscn && len + SCN_NAME + 3 < sizeof list; j++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                    j ? ", " : "", scn_name(c->s, j));
        return err_set(e, OS_ERR_INPUT, c->d.path, (int)lines[i], what,
                       "%s '%s' is not in the scenario %s (its %s: %s); map it to "
                       "one of them, or fit without %s", what, names[i],
                       c->scn_path, whats, list, c->o->into ? "--into" : "--scenario");
    }
    *k = nscn;
    for (int j = 0; j < nscn; j++) {
        snprintf(v[j].name, SCN_NAME, "%s", scn_name(c->s, j));
        v[j].scn = j;
        v[j].data = -1;
        for (int i = 0; i < ndata; i++)
            if (!strcmp(names[i], v[j].name))
                v[j].data = i;
    }
    return 0;
}

static const char *sev_name(const scenario *s, int i) { return s->sev[i].name; }
static const char *cat_name(const scenario *s, int i) { return s->cat[i].name; }

static int order(fitctx *c, os_error *e)
{
    fit_data *d = &c->d;
    if (!c->s) {
        c->nsev = d->nsev;
        c->ncat = d->ncat;
        order_by_name(c->sev, d->nsev, d->sevname);
        order_by_name(c->cat, d->ncat, d->catname);
        return 0;
    }
    if (order_by_scenario(c, c->sev, &c->nsev, c->s->nsev, sev_name, d->nsev,
                          d->sevname, d->sevline, "severity", "severities", e) < 0 ||
        order_by_scenario(c, c->cat, &c->ncat, c->s->ncat, cat_name, d->ncat,
                          d->catname, d->catline, "category", "categories", e) < 0)
        return -1;
    return 0;
}

/* ---- estimates ------------------------------------------------------------ */

static void arrival_warnings(fitctx *c)
{
    const fit_profile *p = &c->prof;
    const fit_data *d = &c->d;
    double cover = (d->t[d->n - 1] - d->t[0]) / ((double)p->weeks * FIT_WEEK);
    if (d->n > 1 && cover < 0.9)
        warn(c, "arrivals: the outages cover %.0f%% of the %ld whole week%s counted "
             "(per_week = n / weeks): if the data start after a Monday or end before a "
             "Sunday, per_week and the weights of the days missed are too low; trim "
             "the data to whole weeks", 100 * cover, p->weeks, p->weeks == 1 ? "" : "s");
    double avg_wd = (double)p->n_wd / 24, avg_we = (double)p->n_we / 24;
    if (avg_wd < FIT_HOURLY_MIN || avg_we < FIT_HOURLY_MIN) {
        char a[64], b[64];
        fit_fmt_sig(p->flat_wd, FIT_DIGITS, a, sizeof a);
        fit_fmt_sig(p->flat_we, FIT_DIGITS, b, sizeof b);
        c->sparse = 1;
        warn(c, "arrivals: small sample for an hourly profile: %.1f outages per "
             "weekday hour of day and %.1f per weekend hour of day on average (%g or "
             "more wanted); the hourly weights are noisy.  The fragment offers the "
             "flat alternative in a comment: weekday = %s, weekend = %s",
             avg_wd, avg_we, FIT_HOURLY_MIN, a, b);
    }
    if (p->empty_wd + p->empty_we > 0)
        warn(c, "arrivals: %d of the 48 hourly weights are 0 (%d weekday, %d weekend "
             "hours with no outage): the generator never places an outage there",
             p->empty_wd + p->empty_we, p->empty_wd, p->empty_we);
    if (p->wd_p < 0.001)
        warn(c, "arrivals: the five weekdays differ (outages Monday..Friday %ld, %ld, "
             "%ld, %ld, %ld; chi-square %.1f, 4 df, p = %.2g): the generator uses one "
             "profile for all five, so the differences are averaged out",
             p->count_day[0], p->count_day[1], p->count_day[2], p->count_day[3],
             p->count_day[4], p->wd_chi2, p->wd_p);
    if (p->we_p < 0.001)
        warn(c, "arrivals: Saturday and Sunday differ (%ld and %ld outages; chi-square "
             "%.1f, 1 df, p = %.2g): the generator uses one profile for both",
             p->count_day[5], p->count_day[6], p->we_chi2, p->we_p);
}

/* Every effort of severity k was drawn by import (nd of them: an export
 * with no effort column, as Zendesk's): the scenario's effort is written
 * (f->copied, as for a severity not in the data; 1 returned); without a
 * scenario, the drawn efforts themselves are fitted (into x[*m]; 0). */
static int all_drawn(fitctx *c, const fit_data *d, int k, double *x, size_t *m, size_t nd)
{
    fit_effort *f = &c->eff[k];
    if (c->s && c->sev[k].scn >= 0) {
        f->constant = f->copied = 1;
        dist_format(&c->s->sev[c->sev[k].scn].effort, f->text, sizeof f->text);
        warn(c, "%s: all %zu efforts were drawn by import (effort_source = drawn): effort "
             "copied from %s", c->sev[k].name, nd, c->scn_path);
        return 1;
    }
    for (size_t i = 0; i < d->n; i++)
        if (d->sev[i] == c->sev[k].data)
            x[(*m)++] = d->effort[i];
    warn(c, "%s: all %zu efforts were drawn by import and no scenario was given: fitted to "
         "the drawn efforts, which follow the distribution of import's scenario",
         c->sev[k].name, nd);
    return 0;
}

static void effort_warnings(fitctx *c, const item *it, const fit_effort *f)
{
    const char *nm = it->name;
    if (it->data < 0) {
        warn(c, "%s: in the scenario but not in the data: effort copied from %s, "
             "and %s:0 in every category", nm, c->scn_path, nm);
        return;
    }
    if (f->excluded)
        warn(c, "%s: %zu effort%s <= 0 left out of the fit (none of the four "
             "families gives them a density)", nm, f->excluded, f->excluded == 1 ? "" : "s");
    if (f->constant) {
        if (f->n == 0)
            warn(c, "%s: no effort > 0: written as the constant %s", nm, f->text);
        else if (f->n == 1)
            warn(c, "%s: one effort only: written as the constant %s", nm, f->text);
        else
            warn(c, "%s: all %zu efforts are equal: written as the constant %s",
                 nm, f->n, f->text);
    }
    if (f->small && !f->constant)
        warn(c, "%s: small sample (n = %zu < %d): the parameters are rough, AIC "
             "tells the families apart poorly and the tests have little power",
             nm, f->n, FIT_SMALL_N);
    for (int k = 0; k < FIT_NFAM; k++)
        if (f->cand[k].ok && !f->cand[k].usable)
            warn(c, "%s: %s left out: %s %s", nm, fit_family_name[k], f->cand[k].text,
                 f->cand[k].why);
    if (f->poor)
        warn(c, "%s: poor fit: the efforts are unlikely under the best family, "
             "%s (KS D = %.4f, bootstrap p = %.3g; AD A2 = %.3f, p = %.3g; n = %zu); "
             "consider effort = empirical(file=EFFORTS.csv, column=effort) with this "
             "severity's efforts", nm, fit_family_name[f->best], f->ks_d, f->p_ks,
             f->ad, f->p_ad, f->n);
}

/* The bootstrap stream of a severity: FNV-1a of its name, so that its
 * p-values do not depend on the order the severities are listed in. */
static uint64_t name_stream(const char *name)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 0x100000001b3ULL;
    return h;
}

static int estimate(fitctx *c, os_error *e)
{
    fit_data *d = &c->d;
    int sevitem[SCN_MAX_SEV], catitem[SCN_MAX_CAT];
    for (int i = 0; i < c->nsev; i++)
        if (c->sev[i].data >= 0)
            sevitem[c->sev[i].data] = i;
    for (int i = 0; i < c->ncat; i++)
        if (c->cat[i].data >= 0)
            catitem[c->cat[i].data] = i;
    for (size_t i = 0; i < d->n; i++) {
        int ci = catitem[d->cat[i]], si = sevitem[d->sev[i]];
        c->catn[ci]++;
        c->mix[ci][si]++;
    }
    fit_profile_estimate(d->t, d->n, &c->prof);
    arrival_warnings(c);
    if (d->ndrawn)
        warn(c, "%zu of %zu efforts were drawn by import from a scenario (effort_source = "
             "drawn): left out of the effort fit, counted in the arrivals and mixes",
             d->ndrawn, d->n);

    double *x = malloc(d->n * sizeof *x);
    if (!x)
        return err_set(e, OS_ERR_ENV, d->path, 0, "", "out of memory");
    for (int k = 0; k < c->nsev; k++) {
        fit_effort *f = &c->eff[k];
        memset(f, 0, sizeof *f);
        f->ks_d = f->ad = f->p_ks = f->p_ad = NAN;
        f->best = -1;
        if (c->sev[k].data >= 0) {
            size_t m = 0, nd = 0;
            for (size_t i = 0; i < d->n; i++)
                if (d->sev[i] == c->sev[k].data) {
                    nd += d->drawn[i];
                    if (!d->drawn[i])
                        x[m++] = d->effort[i];
                }
            if (m == 0 && nd && all_drawn(c, d, k, x, &m, nd))
                continue;
            fit_boot bo = {.B = c->o->bootstrap, .seed = c->o->seed};
            int rc = fit_effort_estimate(x, m, &bo, name_stream(c->sev[k].name), f);
            if (rc == -1) {
                free(x);
                return err_set(e, OS_ERR_ENV, d->path, 0, "", "out of memory");
            }
            /* the loader refuses a distribution reaching beyond 1e12 minutes
             * at its 1 - 1e-9 quantile (or with a mean beyond): when no
             * family stays within, say so here, as the output would not load */
            if (rc == -2) {
                free(x);
                return err_set(e, OS_ERR_INPUT, d->path, (int)d->sevline[c->sev[k].data],
                               "effort", "the efforts of %s are too spread out for the "
                               "simulator: %s %s; are they all in minutes?",
                               c->sev[k].name, f->cand[FIT_LOGNORMAL].text,
                               f->cand[FIT_LOGNORMAL].why);
            }
        } else {
            f->constant = 1;
            dist_format(&c->s->sev[c->sev[k].scn].effort, f->text, sizeof f->text);
        }
        effort_warnings(c, &c->sev[k], f);
    }
    free(x);
    for (int k = 0; k < c->ncat; k++)
        if (c->cat[k].data < 0)
            warn(c, "%s: in the scenario but not in the data: weight 0", c->cat[k].name);
    return 0;
}

/* ---- output --------------------------------------------------------------- */

static void write_weights(FILE *f, const char *key, const double *w)
{
    char buf[64];
    fprintf(f, "%s =", key);
    for (int h = 0; h < 24; h++) {
        fit_fmt_sig(w[h], FIT_DIGITS, buf, sizeof buf);
        fprintf(f, "%s %s", h ? "," : "", buf);
    }
    fputc('\n', f);
}

/* "; - text" folded at spaces into comment lines of at most ~78 columns. */
static void comment_wrapped(FILE *f, const char *text)
{
    const size_t width = 72;
    const char *lead = "; - ";
    while (*text) {
        size_t len = strlen(text), cut = len;
        if (len > width) {
            cut = width;
            while (cut > 0 && text[cut] != ' ')
                cut--;
            if (cut == 0)   /* one long word: leave it whole */
                for (cut = width; text[cut] && text[cut] != ' '; cut++)
                    ;
        }
        fprintf(f, "%s%.*s\n", lead, (int)cut, text);
        text += cut;
        while (*text == ' ')
            text++;
        lead = ";   ";
    }
}

/* ---- misroute ------------------------------------------------------------ */

static int misroute(fitctx *c, os_error *e)
{
    fit_data *d = &c->d;
    struct stat sb;
    if (stat(d->path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        /* a pipe cannot be read a second time: say so rather than be silent */
        if (c->model >= 0)
            return err_set(e, OS_ERR_INPUT, d->path, 0, "observed_reassignments",
                           "--model needs observed_reassignments, which fit reads in a "
                           "second pass: give a regular file, not a pipe");
        warn(c, "%s is not a regular file: an observed_reassignments column, if any, "
             "is not read (fit reads it in a second pass); no misroute estimate", d->path);
        return 0;
    }
    if (fit_reassign_read(d, e) < 0)
        return -1;
    if (!d->reas) {
        if (c->model >= 0)
            return err_set(e, OS_ERR_INPUT, d->path, 1, "observed_reassignments",
                           "--model %s asks for its misroute_prob, but the file has no "
                           "observed_reassignments column (import writes it from the "
                           "export's reassignment count)", c->o->model);
        return 0;
    }
    int catitem[SCN_MAX_CAT];
    for (int i = 0; i < c->ncat; i++)
        if (c->cat[i].data >= 0)
            catitem[c->cat[i].data] = i;
    long n[SCN_MAX_CAT] = {0}, k[SCN_MAX_CAT] = {0}, na = 0, ka = 0, nm = 0, km = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (isnan(d->reas[i]))
            continue;
        int ci = catitem[d->cat[i]];
        n[ci]++;
        k[ci] += d->reas[i] >= 1;
    }
    for (int i = 0; i < c->ncat; i++) {
        fit_wilson(k[i], n[i], &c->mis[i]);
        na += n[i];
        ka += k[i];
        if (c->model >= 0 && c->cat[i].scn >= 0 &&
            __builtin_popcount(c->s->model[c->model].owner[c->cat[i].scn]) > 1) {
            nm += n[i];
            km += k[i];
        }
    }
    fit_wilson(ka, na, &c->mis_all);
    fit_wilson(km, nm, &c->mis_model);
    if (na == 0)
        warn(c, "observed_reassignments: every cell is blank: no misroute estimate");
    if (c->model >= 0 && nm == 0)
        warn(c, "model %s: no gray-area category (one with several owners) has an "
             "observed reassignment count, so its misroute_prob is left as the "
             "template's", c->o->model);
    return 0;
}

/* ---- --into ---------------------------------------------------------------- */

static void add_ov(fitctx *c, const char *val, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add_ov(fitctx *c, const char *val, const char *fmt, ...)
{
    int i = c->nov++;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->ovkey[i], sizeof c->ovkey[i], fmt, ap);
    va_end(ap);
    snprintf(c->ovval[i], OV_LEN, "%s", val);
    if (scn_get(c->s, c->ovkey[i], c->ovold[i], OV_LEN) < 0)
        snprintf(c->ovold[i], OV_LEN, "(unset)");
    c->ov[i] = (scn_override){.key = c->ovkey[i], .value = c->ovval[i], .origin = "fit --into"};
}

static void weights_text(const double *w, char *out, size_t n)
{
    size_t len = 0;
    char buf[64];
    for (int h = 0; h < 24 && len < n; h++) {
        fit_fmt_sig(w[h], FIT_DIGITS, buf, sizeof buf);
        len += (size_t)snprintf(out + len, n - len, "%s%s", h ? ", " : "", buf);
    }
}

/* An [uncertainty] entry that names a parameter of an effort whose family
 * fit changed (severity.P3.effort.median, now a Weibull) no longer
 * applies: warn, naming the file and line. */
static int check_uncertainty(void *ctx, const char *key, const char *value,
                             const char *file, int line)
{
    fitctx *c = ctx;
    (void)value;
    for (int k = 0; k < c->nsev; k++) {
        char pre[SCN_KEY_TEXT];
        snprintf(pre, sizeof pre, "severity.%s.effort.", c->sev[k].name);
        if (c->sev[k].data < 0 || c->eff[k].copied || c->sev[k].scn < 0 ||
            strncmp(key, pre, strlen(pre)))
            continue;
        int was = c->s->sev[c->sev[k].scn].effort.kind;
        int now = c->out_s->sev[c->sev[k].scn].effort.kind;
        if (was != now)
            warn(c, "%s:%d: [uncertainty] %s names a parameter of the template's effort "
                 "of %s, which is now %s: that entry no longer applies (vary the "
                 "effort as a whole, severity.%s.effort, or a parameter of the new "
                 "family)", file, line, key, c->sev[k].name, c->eff[k].text,
                 c->sev[k].name);
    }
    return 0;
}

static int build_into(fitctx *c, os_error *e)
{
    char buf[OV_LEN];
    c->nov = 0;
    c->rate_share = 1;
    fit_fmt_sig(c->prof.per_week, FIT_DIGITS, buf, sizeof buf);
    c->fitted_per_week = c->prof.per_week;
    add_ov(c, buf, "arrivals.per_week");
    weights_text(c->prof.weekday, buf, sizeof buf);
    add_ov(c, buf, "arrivals.weekday");
    weights_text(c->prof.weekend, buf, sizeof buf);
    add_ov(c, buf, "arrivals.weekend");
    for (int k = 0; k < c->nsev; k++)
        if (c->sev[k].data >= 0 && !c->eff[k].copied)
            add_ov(c, c->eff[k].text, "severity.%s.effort", c->sev[k].name);
    for (int k = 0; k < c->ncat; k++) {
        snprintf(buf, sizeof buf, "%ld", c->catn[k]);
        add_ov(c, buf, "category.%s.weight", c->cat[k].name);
        if (c->cat[k].data < 0)
            continue;   /* weight 0: its mix stays the template's */
        size_t len = 0;
        for (int s = 0; s < c->nsev; s++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s:%ld", s ? ", " : "",
                                    c->sev[s].name, c->mix[k][s]);
        add_ov(c, buf, "category.%s.severities", c->cat[k].name);
    }
    c->mis_written = 0;
    if (c->model >= 0 && c->mis_model.n > 0) {
        fit_fmt_sig(c->mis_model.p, FIT_DIGITS, buf, sizeof buf);
        add_ov(c, buf, "model.%s.misroute_prob", c->o->model);
        c->mis_written = 1;
    }
    if (!(c->out_s = scn_resolve(c->src, c->ov, c->nov, e)))
        return -1;
    /* The template's per_week is the rate of a week without holidays when
     * its calendar's holidays take the weekend profile; the fitted one
     * averages the holidays in.  Divide by the share the generator keeps. */
    double share = c->out_s->arrival_holidays ? outsrc_rate_share(c->out_s) : 1;
    if (share < 1 && share > 0) {
        c->rate_share = share;
        fit_fmt_sig(c->prof.per_week / share, FIT_DIGITS, c->ovval[0], OV_LEN);
        scn_destroy(c->out_s);
        if (!(c->out_s = scn_resolve(c->src, c->ov, c->nov, e)))
            return -1;
    }
    scn_source_entries(c->src, "uncertainty", check_uncertainty, c);
    return 0;
}

static int put_uncertainty(void *ctx, const char *key, const char *value, const char *file,
                           int line)
{
    FILE *f = ((void **)ctx)[0];
    int *first = ((void **)ctx)[1];
    (void)file;
    (void)line;
    if (*first)
        fputs("\n[uncertainty]\n", f);
    *first = 0;
    fprintf(f, "%s = %s\n", key, value);
    return 0;
}

/* ---- output --------------------------------------------------------------- */

static void share_text(const fit_share *m, char *buf, size_t n)
{
    if (m->n == 0)
        snprintf(buf, n, "no known count");
    else
        snprintf(buf, n, "%ld of %ld reassigned at least once: %.4f (95%% Wilson %.4f to %.4f)",
                 m->k, m->n, m->p, m->lo, m->hi);
}

static void write_misroute_comments(const fitctx *c, FILE *f)
{
    if (!c->d.reas)
        return;
    char buf[200];
    fputs(";\n; Misroute probability (observed_reassignments): per category, the share of\n"
          "; outages with a known count reassigned at least once, 95% Wilson interval.\n", f);
    for (int k = 0; k < c->ncat; k++) {
        if (c->cat[k].data < 0)
            continue;
        share_text(&c->mis[k], buf, sizeof buf);
        fprintf(f, ";   %-12s %s\n", c->cat[k].name, buf);
    }
    share_text(&c->mis_all, buf, sizeof buf);
    fprintf(f, ";   %-12s %s\n", "all", buf);
    if (c->model >= 0 && c->mis_model.n > 0) {
        share_text(&c->mis_model, buf, sizeof buf);
        fprintf(f, ";   %s's gray-area categories: %s\n", c->o->model, buf);
    }
    if (!c->mis_written)
        fputs("; Not written into any model: misroute_prob is a model's key and applies\n"
              "; only to its gray-area categories (fit --into with --model M writes it).\n", f);
}

static const char *verdict_of(const fit_effort *e)
{
    return e->poor ? "poor fit" : e->doubtful ? "doubtful" : "ok";
}

/* The fit of sev[k] as comment lines, each starting "; " and then lead. */
static void write_effort_comment(const fitctx *c, int k, const char *lead, FILE *f)
{
    const fit_effort *e = &c->eff[k];
    if (c->sev[k].data < 0 || e->copied) {
        fprintf(f, "; %s: effort copied from the scenario\n",
                e->copied ? "every effort drawn by import" : "not in the data");
        return;
    }
    if (e->constant) {
        fprintf(f, "; n = %zu%s: a constant (too few or identical efforts to fit)\n", e->n,
                e->excluded ? " (efforts <= 0 left out)" : "");
        return;
    }
    fprintf(f, "; %sn = %zu%s; AIC", lead, e->n, e->excluded ? " (efforts <= 0 left out)" : "");
    for (int j = 0; j < FIT_NFAM; j++) {
        const fit_cand *q = &e->cand[j];
        if (!q->ok)
            fprintf(f, "%s %s -", j ? "," : "", fit_family_name[j]);
        else
            fprintf(f, "%s %s %.1f%s", j ? "," : "", fit_family_name[j], q->aic,
                    j == e->best ? " (least)" : q->usable ? "" : " (not loadable)");
    }
    fputc('\n', f);
    if (e->boot)
        fprintf(f, "; %sKS D = %.4f (p = %.3f), AD A2 = %.4f (p = %.3f), bootstrap B = %d: "
                "%s%s\n", lead, e->ks_d, e->p_ks, e->ad, e->p_ad, e->boot, verdict_of(e),
                e->small ? ", small sample" : "");
    else
        fprintf(f, "; %sKS D = %.4f, AD A2 = %.4f (no bootstrap: no p-values)%s\n", lead,
                e->ks_d, e->ad, e->small ? ", small sample" : "");
}

static void write_method(const fitctx *c, FILE *f)
{
    fputs("; Efforts: lognormal, gamma, Weibull and exponential fitted by maximum\n"
          "; likelihood, the least AIC (2 k - 2 ln L) written, 4 significant digits.\n"
          "; KS D and Anderson-Darling A2 against the fit, p-values from a parametric\n", f);
    if (c->o->bootstrap > 0)
        fprintf(f, "; bootstrap (B = %d samples refitted, seed %llu); verdict: poor fit\n"
                "; when a p <= 0.01, doubtful when a p <= 0.05, else ok.\n",
                c->o->bootstrap, (unsigned long long)c->o->seed);
    else
        fputs("; bootstrap: not run (--bootstrap 0), so no p-values.\n", f);
}

static void write_fragment(const fitctx *c, FILE *f)
{
    const fit_data *d = &c->d;
    const fit_profile *p = &c->prof;
    char src[1100], buf[64], buf2[64];
    one_line(csv_shown_path(d->path), src, sizeof src);
    fprintf(f, "; Scenario fragment written by `ownsim fit` from %s:\n", src);
    fprintf(f, "; %zu outages over %ld whole week%s (weeks %ld to %ld; week 0 starts on\n"
            "; Monday 00:00 at t = 0).\n", d->n, p->weeks, p->weeks == 1 ? "" : "s",
            p->week_first, p->week_first + p->weeks - 1);
    fputs("; Include it at the top of a scenario that defines the parties and models\n"
          "; (and each severity's SLA targets and costs):  include = THIS_FILE\n"
          "; Keys the including file sets for the same section win over these\n"
          "; (fit --into TEMPLATE writes a whole scenario instead).\n", f);
    if (c->s) {
        one_line(csv_shown_path(c->scn_path), src, sizeof src);
        fprintf(f, "; Severities and categories are in the order of the scenario\n"
                ";   %s\n"
                "; severities most urgent first: the priority order the queues serve.\n",
                src);
    } else {
        fputs("; Severities are listed most urgent first: in a scenario their order is the\n"
              "; priority order the queues serve.  Here it is the natural order of the names\n"
              "; (P2 before P10); reorder the [severity.*] sections, or fit with --scenario,\n"
              "; if that is not the priority order.\n", f);
    }
    write_method(c, f);
    write_misroute_comments(c, f);
    if (c->nwarn)
        fprintf(f, ";\n; Warnings (%d):\n", c->nwarn);
    for (int i = 0; i < c->nwarn; i++)
        comment_wrapped(f, c->warn[i]);

    fputs("\n[arrivals]\n", f);
    fit_fmt_sig(p->per_week, FIT_DIGITS, buf, sizeof buf);
    fprintf(f, "; %zu outages / %ld week%s\nper_week = %s\n", d->n, p->weeks,
            p->weeks == 1 ? "" : "s", buf);
    fprintf(f, "; relative arrival rate of each hour 00..23, Monday-Friday (%ld outages)\n"
            "; and Saturday-Sunday (%ld), one scale, largest = 1; 0 = no outage seen\n"
            "; (%d of 48 hours)\n", p->n_wd, p->n_we, p->empty_wd + p->empty_we);
    write_weights(f, "weekday", p->weekday);
    write_weights(f, "weekend", p->weekend);
    if (c->sparse) {
        fit_fmt_sig(p->flat_wd, FIT_DIGITS, buf, sizeof buf);
        fit_fmt_sig(p->flat_we, FIT_DIGITS, buf2, sizeof buf2);
        fprintf(f, "; too few outages for an hourly profile; the flat alternative keeps\n"
                "; only the weekday/weekend split (replace the two lines above):\n"
                ";weekday = %s\n;weekend = %s\n", buf, buf2);
    }

    for (int k = 0; k < c->nsev; k++) {
        fprintf(f, "\n[severity.%s]\n", c->sev[k].name);
        write_effort_comment(c, k, "", f);
        fprintf(f, "effort = %s\n", c->eff[k].text);
    }

    for (int k = 0; k < c->ncat; k++) {
        fprintf(f, "\n[category.%s]\n", c->cat[k].name);
        if (c->cat[k].data < 0) {
            fputs("; not in the data\nweight = 0\n", f);
            continue;
        }
        fprintf(f, "; %ld outages, %.2f%% of all\nweight = %ld\nseverities =", c->catn[k],
                100.0 * (double)c->catn[k] / (double)d->n, c->catn[k]);
        for (int s = 0; s < c->nsev; s++)
            fprintf(f, "%s %s:%ld", s ? "," : "", c->sev[s].name, c->mix[k][s]);
        fputc('\n', f);
    }
}

/* One replaced key as a comment: "key: old -> new", or on three lines when long. */
static void write_replaced(const fitctx *c, int i, FILE *f)
{
    char now[OV_LEN];
    if (scn_get(c->out_s, c->ovkey[i], now, sizeof now) < 0)
        snprintf(now, sizeof now, "%s", c->ovval[i]);
    if (strlen(c->ovkey[i]) + strlen(c->ovold[i]) + strlen(now) < 70)
        fprintf(f, ";   %s: %s -> %s\n", c->ovkey[i], c->ovold[i], now);
    else
        fprintf(f, ";   %s:\n;     was %s\n;     now %s\n", c->ovkey[i], c->ovold[i], now);
}

static int write_into(const fitctx *c, FILE *f)
{
    const fit_data *d = &c->d;
    const fit_profile *p = &c->prof;
    char src[1100], tpl[1100];
    one_line(csv_shown_path(d->path), src, sizeof src);
    one_line(csv_shown_path(c->scn_path), tpl, sizeof tpl);
    fprintf(f, "; Scenario written by `ownsim fit --into` (ownsim %s): the template\n"
            ";   %s\n"
            "; resolved (includes read, every key written), with the values fitted to\n"
            ";   %s\n"
            "; (%zu outages over %ld whole week%s, weeks %ld to %ld) replacing its own.\n"
            "; Every key not listed below is the template's.\n",
            OWNSIM_VERSION, tpl, src, d->n, p->weeks, p->weeks == 1 ? "" : "s",
            p->week_first, p->week_first + p->weeks - 1);
    char hd[65], ht[65];
    struct stat sb;
    /* standard input is hashed from the copy read (csvfile.h) */
    if ((!csv_is_stdio(d->path) && (stat(d->path, &sb) != 0 || !S_ISREG(sb.st_mode))) ||
        prov_sha256_file(d->path, hd) < 0)
        snprintf(hd, sizeof hd, "unavailable (not a regular file)");
    if (prov_sha256_file(c->scn_path, ht) < 0)
        snprintf(ht, sizeof ht, "unavailable");
    fprintf(f, "; SHA-256 of the outages: %s\n; SHA-256 of the template file: %s\n", hd, ht);
    write_method(c, f);
    fprintf(f, ";\n; Replaced (%d keys, template -> fitted):\n", c->nov);
    for (int i = 0; i < c->nov; i++)
        write_replaced(c, i, f);
    fprintf(f, "; simulation.name (%s in the template) is left out: the scenario takes\n"
            "; the name of this file, so that its results do not overwrite the template's.\n",
            c->s->name);
    if (c->rate_share < 1) {
        char a[64], b[64];
        fit_fmt_sig(c->fitted_per_week, FIT_DIGITS, a, sizeof a);
        fit_fmt_sig(c->rate_share, FIT_DIGITS, b, sizeof b);
        fprintf(f, "; per_week: %s outages a week were fitted; the template's holidays take\n"
                "; the weekend rate (arrivals.holidays = weekend), which keeps %s of the\n"
                "; per_week rate over a run, so per_week = %s / %s.\n", a, b, a, b);
    }
    for (int k = 0; k < c->nsev; k++) {
        if (c->sev[k].data < 0 || c->eff[k].constant)
            continue;   /* (copied efforts are constant-flagged too) */
        fprintf(f, "; severity.%s.effort:\n", c->sev[k].name);
        write_effort_comment(c, k, "  ", f);
    }
    write_misroute_comments(c, f);
    if (c->nwarn)
        fprintf(f, ";\n; Warnings (%d):\n", c->nwarn);
    for (int i = 0; i < c->nwarn; i++)
        comment_wrapped(f, c->warn[i]);

    /* the resolved scenario; simulation.name dropped unless the template sets it */
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m)
        return -1;
    int bad = scn_write(c->out_s, m) < 0;
    if (fclose(m) != 0 || bad) {
        free(text);
        return -1;
    }
    int in_sim = 0;
    for (char *line = text; *line;) {
        char *nl = strchr(line, '\n');
        size_t ll = nl ? (size_t)(nl - line + 1) : strlen(line);
        if (line[0] == '[')
            in_sim = !strncmp(line, "[simulation]", 12);
        if (!(in_sim && !strncmp(line, "name = ", 7)))
            fwrite(line, 1, ll, f);
        line += ll;
    }
    free(text);
    int first = 1;
    void *ctx[2] = {f, &first};
    scn_source_entries(c->src, "uncertainty", put_uncertainty, ctx);
    return 0;
}

/* The effort table of the report: each family's AIC, the tests, the verdict. */
static void report_efforts(const fitctx *c, FILE *f)
{
    char a[64], b[64];
    if (c->o->bootstrap > 0)
        fprintf(f, "efforts: maximum likelihood, least AIC chosen (*); KS and AD p-values "
                "from a parametric bootstrap, B = %d, seed %llu\n", c->o->bootstrap,
                (unsigned long long)c->o->seed);
    else
        fputs("efforts: maximum likelihood, least AIC chosen (*); no bootstrap, no "
              "p-values\n", f);
    fprintf(f, "  %-12s %7s %11s %11s %11s %11s %8s %6s %8s %6s  %s\n", "severity", "n",
            "AIC lognorm", "gamma", "weibull", "exponential", "KS D", "p", "AD A2", "p",
            "verdict");
    for (int k = 0; k < c->nsev; k++) {
        const fit_effort *e = &c->eff[k];
        if (c->sev[k].data < 0 || e->copied) {
            fprintf(f, "  %-12s %7d %11s %11s %11s %11s %8s %6s %8s %6s  %s\n",
                    c->sev[k].name, 0, "-", "-", "-", "-", "-", "-", "-", "-",
                    e->copied ? "all drawn by import (copied from the scenario)"
                              : "not in the data (copied from the scenario)");
            continue;
        }
        fprintf(f, "  %-12s %7zu", c->sev[k].name, e->n);
        for (int j = 0; j < FIT_NFAM; j++) {
            char cell[32] = "-";
            if (!e->constant && e->cand[j].ok)
                snprintf(cell, sizeof cell, "%.1f%s", e->cand[j].aic,
                         j == e->best ? "*" : e->cand[j].usable ? "" : "!");
            fprintf(f, " %11s", cell);
        }
        char ks[32] = "-", pks[32] = "-", ad[32] = "-", pad[32] = "-", verdict[64];
        if (!e->constant) {
            snprintf(ks, sizeof ks, "%.4f", e->ks_d);
            snprintf(ad, sizeof ad, "%.3f", e->ad);
            if (e->boot) {
                snprintf(pks, sizeof pks, "%.3f", e->p_ks);
                snprintf(pad, sizeof pad, "%.3f", e->p_ad);
            }
        }
        snprintf(verdict, sizeof verdict, "%s%s", e->constant ? "constant" :
                 e->boot ? verdict_of(e) : "untested",
                 e->small ? ", small sample" : "");
        fprintf(f, " %8s %6s %8s %6s  %s\n", ks, pks, ad, pad, verdict);
    }
    for (int k = 0; k < c->nsev; k++) {
        const fit_effort *e = &c->eff[k];
        if (c->sev[k].data < 0 || e->copied)
            continue;
        fit_fmt_sig(e->median, FIT_DIGITS, a, sizeof a);
        fit_fmt_sig(e->p90, FIT_DIGITS, b, sizeof b);
        fprintf(f, "  %-12s effort = %s   (median %s, p90 %s)\n", c->sev[k].name, e->text,
                a, b);
    }
}

/* The misroute shares and the replaced keys of the report. */
static void report_misroute_into(const fitctx *c, FILE *f)
{
    if (c->d.reas) {
        char buf[200];
        fputs("misroute (observed_reassignments: share reassigned at least once, 95% Wilson "
              "interval):\n", f);
        for (int k = 0; k < c->ncat; k++) {
            if (c->cat[k].data < 0)
                continue;
            share_text(&c->mis[k], buf, sizeof buf);
            fprintf(f, "  %-12s %s\n", c->cat[k].name, buf);
        }
        share_text(&c->mis_all, buf, sizeof buf);
        fprintf(f, "  %-12s %s\n", "all", buf);
        if (c->model >= 0 && c->mis_model.n > 0) {
            share_text(&c->mis_model, buf, sizeof buf);
            fprintf(f, "  %s's gray-area categories: %s\n", c->o->model, buf);
        }
    }
    if (c->out_s) {
        fprintf(f, "replaced in %s (%d keys, template -> fitted):\n", c->scn_path, c->nov);
        for (int i = 0; i < c->nov; i++) {
            char now[OV_LEN];
            if (scn_get(c->out_s, c->ovkey[i], now, sizeof now) < 0)
                snprintf(now, sizeof now, "%s", c->ovval[i]);
            fprintf(f, "  %s: %s -> %s\n", c->ovkey[i], c->ovold[i], now);
        }
    }
}

static void write_report(const fitctx *c, FILE *f)
{
    const fit_data *d = &c->d;
    const fit_profile *p = &c->prof;
    char a[64];
    fit_fmt_sig(p->per_week, FIT_DIGITS, a, sizeof a);
    fprintf(f, "fit: %s: %zu outages over %ld whole week%s: per_week %s\n", d->path, d->n,
            p->weeks, p->weeks == 1 ? "" : "s", a);
    fprintf(f, "arrivals: %ld on Monday-Friday (%.1f per hour of day), %ld on "
            "Saturday-Sunday (%.1f per hour of day); %d of 48 hourly weights empty\n",
            p->n_wd, (double)p->n_wd / 24, p->n_we, (double)p->n_we / 24,
            p->empty_wd + p->empty_we);
    if (!isnan(p->wd_p))
        fprintf(f, "          weekdays alike? chi-square %.2f (4 df), p = %.3g\n",
                p->wd_chi2, p->wd_p);
    report_efforts(c, f);
    fputs("categories:\n", f);
    fprintf(f, "  %-12s %8s %8s  %s\n", "category", "n", "share", "severities");
    for (int k = 0; k < c->ncat; k++) {
        fprintf(f, "  %-12s %8ld %7.2f%% ", c->cat[k].name, c->catn[k],
                100.0 * (double)c->catn[k] / (double)d->n);
        for (int s = 0; s < c->nsev; s++)
            fprintf(f, "%s %s:%ld", s ? "," : "", c->sev[s].name, c->mix[k][s]);
        fputc('\n', f);
    }
    report_misroute_into(c, f);
    if (!c->nwarn)
        fputs("no warnings\n", f);
    else
        fprintf(f, "warnings (%d):\n", c->nwarn);
    for (int i = 0; i < c->nwarn; i++)
        fprintf(f, "  - %s\n", c->warn[i]);
}

static int write_out(const fitctx *c, FILE *f)
{
    if (c->out_s)
        return write_into(c, f);
    write_fragment(c, f);
    return 0;
}

int fit_run(const fit_opts *o, os_error *e)
{
    if (o->into && o->scenario)
        return err_set(e, OS_ERR_INPUT, "", 0, "--into",
                       "give --scenario or --into, not both (--into orders like --scenario)");
    if (o->model && !o->into)
        return err_set(e, OS_ERR_INPUT, "", 0, "--model",
                       "--model names the model whose misroute_prob --into replaces; "
                       "give --into TEMPLATE too");
    fitctx *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    c->o = o;
    c->model = -1;
    c->scn_path = o->into ? o->into : o->scenario;
    int rc = -1;
    if (o->into) {
        if (!(c->src = scn_read(o->into, e)) || !(c->s = scn_resolve(c->src, NULL, 0, e)))
            goto out;
        if (o->model && scn_model_lookup(c->s, o->model, "--model", &c->model, e) < 0)
            goto out;
    } else if (o->scenario && !(c->s = scn_load(o->scenario, NULL, 0, e)))
        goto out;
    if (fit_data_read(o->outages, &c->d, e) < 0 || order(c, e) < 0 || estimate(c, e) < 0 ||
        misroute(c, e) < 0)
        goto out;
    if (o->into && build_into(c, e) < 0)
        goto out;
    if (o->out) {
        csvw *w = csvw_open(o->out, e);
        if (!w)
            goto out;
        if (write_out(c, csvw_stream(w)) < 0) {
            csvw_abort(w);
            err_set(e, OS_ERR_ENV, o->out, 0, "", "out of memory");
            goto out;
        }
        if (csvw_commit(w, e) < 0)
            goto out;
    } else if (o->fragment) {
        if (write_out(c, o->fragment) < 0 || fflush(o->fragment) != 0 || ferror(o->fragment)) {
            err_set(e, OS_ERR_ENV, "", 0, "", "cannot write the %s",
                    o->into ? "scenario" : "fragment");
            goto out;
        }
    }
    if (o->report)
        write_report(c, o->report);
    rc = 0;
out:
    fit_data_free(&c->d);
    if (c->s)
        scn_destroy(c->s);
    if (c->out_s)
        scn_destroy(c->out_s);
    if (c->src)
        scn_source_free(c->src);
    free(c);
    return rc;
}
