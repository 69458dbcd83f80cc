/*
 * fit.c — `ownsim fit`: an outage CSV in, a scenario fragment and a
 * goodness-of-fit report out.
 *
 * Steps: read the CSV (read.c); order severities and categories (the
 * --scenario's order, else natural order of names, P2 before P10); count the
 * category mix and each category's severity mix; estimate the arrival
 * profile (profile.c) and each severity's effort (effort.c); write the
 * fragment (atomically with -o, through csvw) and then the report.
 *
 * Invariants: the fragment holds only [arrivals], [severity.*] (effort) and
 * [category.*] (weight, severities) with values the scenario loader accepts,
 * so that a scenario with `include = FRAGMENT` plus parties and models
 * loads; it never holds sla_*, cost, parties or models.  Output is a pure
 * function of the inputs (no clock, no randomness).  Nothing is written
 * before every estimate is made, so an error leaves no file behind.  The
 * library prints only to the FILE*s it is given.
 */
#include "fit_int.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "ownsim/csvfile.h"
#include "ownsim/fit.h"

#define MAX_WARN 128
#define WARN_LEN 400

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
                       "one of them, or fit without --scenario", what, names[i],
                       c->o->scenario, whats, list);
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

static void effort_warnings(fitctx *c, const item *it, const fit_effort *f)
{
    const char *nm = it->name;
    if (it->data < 0) {
        warn(c, "%s: in the scenario but not in the data: effort copied from %s, "
             "and %s:0 in every category", nm, c->o->scenario, nm);
        return;
    }
    if (f->excluded)
        warn(c, "%s: %zu effort%s <= 0 left out of the fit (a lognormal needs "
             "positive values)", nm, f->excluded, f->excluded == 1 ? "" : "s");
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
        warn(c, "%s: small sample (n = %zu < %d): the median and p90 are rough and "
             "the KS test has little power", nm, f->n, FIT_SMALL_N);
    if (f->poor)
        warn(c, "%s: poor fit: KS D = %.4f exceeds the 5%% critical value %.4f "
             "(n = %zu): these efforts are not lognormal; consider "
             "effort = empirical(file=EFFORTS.csv, column=effort) with this "
             "severity's efforts", nm, f->ks_d, f->ks_crit, f->n);
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

    double *x = malloc(d->n * sizeof *x);
    if (!x)
        return err_set(e, OS_ERR_ENV, d->path, 0, "", "out of memory");
    for (int k = 0; k < c->nsev; k++) {
        fit_effort *f = &c->eff[k];
        memset(f, 0, sizeof *f);
        f->ks_d = f->ks_crit = NAN;
        if (c->sev[k].data >= 0) {
            size_t m = 0;
            for (size_t i = 0; i < d->n; i++)
                if (d->sev[i] == c->sev[k].data)
                    x[m++] = d->effort[i];
            if (fit_effort_estimate(x, m, f) < 0) {
                free(x);
                return err_set(e, OS_ERR_ENV, d->path, 0, "", "out of memory");
            }
            /* the loader refuses a distribution reaching beyond 1e12 minutes
             * at its 1 - 1e-9 quantile (or with a mean beyond): say so here,
             * as the fragment would not load */
            double z9 = gsl_cdf_ugaussian_Pinv(1 - 1e-9);
            if (!f->constant && (f->mu + z9 * f->sigma > log(FIT_MAX_MINUTES) ||
                                 f->mu + f->sigma * f->sigma / 2 > log(FIT_MAX_MINUTES))) {
                free(x);
                return err_set(e, OS_ERR_INPUT, d->path, (int)d->sevline[c->sev[k].data],
                               "effort", "the efforts of %s are too spread out for the "
                               "simulator: %s would reach %.3g minutes (more than %g); "
                               "are they all in minutes?", c->sev[k].name, f->text,
                               exp(f->mu + z9 * f->sigma), FIT_MAX_MINUTES);
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

static void write_fragment(const fitctx *c, FILE *f)
{
    const fit_data *d = &c->d;
    const fit_profile *p = &c->prof;
    char src[1100], buf[64], buf2[64];
    one_line(d->path, src, sizeof src);
    fprintf(f, "; Scenario fragment written by `ownsim fit` from %s:\n", src);
    fprintf(f, "; %zu outages over %ld whole week%s (weeks %ld to %ld; week 0 starts on\n"
            "; Monday 00:00 at t = 0).\n", d->n, p->weeks, p->weeks == 1 ? "" : "s",
            p->week_first, p->week_first + p->weeks - 1);
    fputs("; Include it at the top of a scenario that defines the parties and models\n"
          "; (and each severity's SLA targets and costs):  include = THIS_FILE\n"
          "; Keys the including file sets for the same section win over these.\n", f);
    if (c->s) {
        one_line(c->o->scenario, src, sizeof src);
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
    fputs("; Efforts: lognormal by maximum likelihood (mu = mean of ln x, sigma = sd of\n"
          "; ln x with the 1/n variance), written as median = e^mu and\n"
          "; p90 = e^(mu + 1.2816 sigma), 4 significant digits; each with its\n"
          "; Kolmogorov-Smirnov D and the 5% critical value 1.36/sqrt(n).\n", f);
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
        const fit_effort *e = &c->eff[k];
        fprintf(f, "\n[severity.%s]\n", c->sev[k].name);
        if (c->sev[k].data < 0)
            fprintf(f, "; not in the data: effort copied from the scenario\n");
        else if (e->constant)
            fprintf(f, "; n = %zu%s: a constant (too few or identical efforts for a "
                    "lognormal)\n", e->n, e->excluded ? " (efforts <= 0 left out)" : "");
        else
            fprintf(f, "; n = %zu%s, KS D = %.4f, 5%% critical value %.4f: %s%s\n", e->n,
                    e->excluded ? " (efforts <= 0 left out)" : "", e->ks_d, e->ks_crit,
                    e->poor ? "poor fit" : "ok", e->small ? ", small sample" : "");
        fprintf(f, "effort = %s\n", e->text);
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

static void write_report(const fitctx *c, FILE *f)
{
    const fit_data *d = &c->d;
    const fit_profile *p = &c->prof;
    char a[64], b[64];
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
    fputs("efforts: lognormal, maximum likelihood (sigma with the 1/n variance); "
          "KS against the distribution as written\n", f);
    fprintf(f, "  %-12s %8s %11s %11s %8s %8s  %s\n", "severity", "n", "median", "p90",
            "KS D", "5% crit", "verdict");
    for (int k = 0; k < c->nsev; k++) {
        const fit_effort *e = &c->eff[k];
        if (c->sev[k].data < 0) {
            fprintf(f, "  %-12s %8d %11s %11s %8s %8s  %s\n", c->sev[k].name, 0, "-", "-",
                    "-", "-", "not in the data (copied from the scenario)");
            continue;
        }
        fit_fmt_sig(e->median, FIT_DIGITS, a, sizeof a);
        fit_fmt_sig(e->p90, FIT_DIGITS, b, sizeof b);
        char ks[32] = "-", crit[32] = "-", verdict[64];
        if (!e->constant) {
            snprintf(ks, sizeof ks, "%.4f", e->ks_d);
            snprintf(crit, sizeof crit, "%.4f", e->ks_crit);
        }
        snprintf(verdict, sizeof verdict, "%s%s", e->constant ? "constant" :
                 e->poor ? "poor fit" : "ok", e->small ? ", small sample" : "");
        fprintf(f, "  %-12s %8zu %11s %11s %8s %8s  %s\n", c->sev[k].name, e->n, a,
                e->constant ? "-" : b, ks, crit, verdict);
    }
    fputs("categories:\n", f);
    fprintf(f, "  %-12s %8s %8s  %s\n", "category", "n", "share", "severities");
    for (int k = 0; k < c->ncat; k++) {
        fprintf(f, "  %-12s %8ld %7.2f%% ", c->cat[k].name, c->catn[k],
                100.0 * (double)c->catn[k] / (double)d->n);
        for (int s = 0; s < c->nsev; s++)
            fprintf(f, "%s %s:%ld", s ? "," : "", c->sev[s].name, c->mix[k][s]);
        fputc('\n', f);
    }
    if (!c->nwarn)
        fputs("no warnings\n", f);
    else
        fprintf(f, "warnings (%d):\n", c->nwarn);
    for (int i = 0; i < c->nwarn; i++)
        fprintf(f, "  - %s\n", c->warn[i]);
}

int fit_run(const fit_opts *o, os_error *e)
{
    fitctx *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(e, OS_ERR_ENV, "", 0, "", "out of memory");
    c->o = o;
    int rc = -1;
    if (o->scenario && !(c->s = scn_load(o->scenario, NULL, 0, e)))
        goto out;
    if (fit_data_read(o->outages, &c->d, e) < 0 || order(c, e) < 0 || estimate(c, e) < 0)
        goto out;
    if (o->out) {
        csvw *w = csvw_open(o->out, e);
        if (!w)
            goto out;
        write_fragment(c, csvw_stream(w));
        if (csvw_commit(w, e) < 0)
            goto out;
    } else if (o->fragment) {
        write_fragment(c, o->fragment);
        if (fflush(o->fragment) != 0 || ferror(o->fragment)) {
            err_set(e, OS_ERR_ENV, "", 0, "", "cannot write the fragment");
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
    free(c);
    return rc;
}
