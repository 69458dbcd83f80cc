/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gen_tickets.c — a synthetic ticket export with known parameters, for the
 * tests of `ownsim import` (tests/cli/import.sh).
 *
 *   gen-tickets SEED N OUT.csv FORMAT       FORMAT: servicenow | jira | zendesk
 *
 * Writes N tickets (about 2000 is typical: a year at 40 a week) in the shape
 * of a ServiceNow, Jira Service Management or Zendesk CSV export, and prints
 * the parameters they were drawn from on stdout as key=value lines, then the
 * planted bad rows: planted.REASON=COUNT, expected_kept=K and one
 * skipped_line=LINE per row `ownsim import` must skip, in file order.
 * ServiceNow and Jira exports carry an "effort" column (minutes; Jira as
 * "1h 30m"); Zendesk's has none, like the real one, so efforts are drawn
 * from the scenario on import.
 *
 * Design and invariants:
 *  - Everything comes from one GSL mt19937 stream seeded with SEED, drawn in
 *    a fixed order per ticket: the same arguments give the same bytes.
 *  - Arrivals: a Poisson process whose rate is constant within each hour of
 *    the week (weekday 08:00-17:00 at DAY_W times the night rate, weekends at
 *    WEEKEND_W), scaled to PER_WEEK a week, sampled by thinning from Monday
 *    2024-01-01 00:00 UTC.  Times are written in UTC (Zendesk with Z).
 *  - Each ticket has at most one planted defect, chosen by one uniform, so
 *    the rows the import must skip are known exactly; blank resolved dates
 *    and blank descriptions are kept (an open ticket, no text).
 *  - Line numbers count the header and the newlines inside quoted
 *    descriptions, as csvr_read reports them.
 *  - The CSV is written with csvw (libcsv quoting, CRLF, atomic rename).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "ownsim/csvfile.h"

#define PER_WEEK 40.0            /* mean tickets a week */
#define DAY_W 4.0                /* weight of weekday hours 08-17 */
#define NIGHT_W 1.0              /* weight of other weekday hours */
#define WEEKEND_W 0.5            /* weight of weekend hours */
#define START_EPOCH 1704067200LL /* 2024-01-01T00:00:00Z, a Monday */
#define DELAY_MEAN 240.0         /* minutes, resolved = opened + effort + Exp(mean) */

enum { NCAT = 4, NSEV = 4 };

static const char *const cat_name[NCAT] = {"network", "servers", "security", "apps"};
static const double cat_weight[NCAT] = {0.3, 0.3, 0.1, 0.3};
static const char *const sev_name[NSEV] = {"P1", "P2", "P3", "P4"};
static const double sev_mix[NSEV] = {0.05, 0.15, 0.5, 0.3};
static const double eff_median[NSEV] = {60, 90, 120, 180};
static const double eff_p90[NSEV] = {180, 300, 480, 720};

/* Planted defects: cumulative probability bounds, the kinds import skips. */
enum defect { D_NONE, D_BLANK_OPENED, D_BLANK_PRIORITY, D_BLANK_CATEGORY, D_BLANK_RESOLVED,
              D_BLANK_DESC, D_UNKNOWN_PRIORITY, D_UNKNOWN_CATEGORY, D_BAD_OPENED,
              D_RESOLVED_BEFORE, D_SHORT_ROW, D_BAD_EFFORT, D_N };
static const struct {
    double upto;                 /* cumulative probability */
    const char *name;            /* key in the planted.* lines */
    int skipped;                 /* 1: import must skip the row */
} defects[D_N] = {
    {0, "none", 0},
    {0.004, "blank_opened", 1},
    {0.008, "blank_priority", 1},
    {0.012, "blank_category", 1},
    {0.020, "blank_resolved", 0},
    {0.024, "blank_description", 0},
    {0.034, "unknown_priority", 1},
    {0.039, "unknown_category", 1},
    {0.041, "unparseable_opened", 1},
    {0.043, "resolved_before_opened", 1},
    {0.044, "too_few_fields", 1},
    {0.046, "bad_effort", 0},   /* kept: the effort is drawn (issue 24) */
};

/* One export shape. */
typedef struct shape {
    const char *name;            /* FORMAT argument */
    const char *cols[7];         /* header: id, opened, priority, category, resolved, text, effort (NULL: none) */
    const char *prio[NSEV];      /* priority values, most urgent first */
    const char *bad_prio;        /* a priority no rule maps */
    const char *spell[NCAT][2];  /* category spellings; [1] may be NULL */
} shape;

static const shape shapes[] = {
    {"servicenow",
     {"number", "opened_at", "priority", "category", "resolved_at", "short_description", "effort"},
     {"1 - Critical", "2 - High", "3 - Moderate", "4 - Low"}, "5 - Planning",
     {{"Network", "Network & Telecom"}, {"Hardware", "Servers"}, {"Security", NULL},
      {"Software", "Applications"}}},
    {"jira",
     {"Issue key", "Created", "Priority", "Component/s", "Resolved", "Summary", "effort"},
     {"Highest", "High", "Medium", "Low"}, "Lowest",
     {{"Network", "Network, WAN"}, {"Servers", "Infrastructure - Servers"}, {"Security", NULL},
      {"Apps", "Business Applications"}}},
    {"zendesk",
     {"Id", "Created at", "Priority", "Group", "Solved at", "Subject", NULL},
     {"urgent", "high", "normal", "low"}, "-",
     {{"Network Team", NULL}, {"Server Team", NULL}, {"Security", NULL},
      {"App Support", NULL}}},
};

static const char *const subjects[] = {
    "VPN down for the Leeds office", "Disk full on db02", "Phishing mail reported",
    "Payroll app returns error 500", "Switch port flapping", "Backup job failed",
    "Certificate expired on portal", "Printer queue stuck", "Slow login, \"again\"",
    "Server rack at 40C, fans loud", "User locked out, MFA lost",
};

/* Hourly weight at minute m of the week. */
static double weight_at(double m)
{
    int h = (int)(m / 60.0) % 168;
    int day = h / 24, hod = h % 24;
    if (day >= 5)
        return WEEKEND_W;
    return hod >= 8 && hod < 17 ? DAY_W : NIGHT_W;
}

/* Weight-hours in a week, so rate(h) = PER_WEEK * w(h) / total per hour. */
static double total_weight(void)
{
    double t = 0;
    for (int h = 0; h < 168; h++)
        t += weight_at(h * 60.0 + 1);
    return t;
}

/* A timestamp in the shape's main form (variant picks ServiceNow's others). */
static void fmt_time(const shape *sh, long long epoch, int variant, char *buf, size_t n)
{
    static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = (time_t)epoch;
    struct tm tm;
    gmtime_r(&t, &tm);
    if (!strcmp(sh->name, "jira")) {
        int h12 = tm.tm_hour % 12 ? tm.tm_hour % 12 : 12;
        snprintf(buf, n, "%02d/%s/%02d %d:%02d %s", tm.tm_mday, mon[tm.tm_mon],
                 tm.tm_year % 100, h12, tm.tm_min, tm.tm_hour < 12 ? "AM" : "PM");
    } else if (!strcmp(sh->name, "zendesk")) {
        snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    } else if (variant == 1) {
        snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    } else if (variant == 2) {
        snprintf(buf, n, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min);
    } else {
        snprintf(buf, n, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
}

static int count_nl(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* The generator's state while it writes tickets. */
typedef struct gen {
    const shape *sh;               /* the export format */
    gsl_rng *r;                    /* the one stream everything is drawn from */
    gsl_ran_discrete_t *cat_t;     /* category sampler */
    gsl_ran_discrete_t *sev_t;     /* severity sampler */
    csvw *w;                       /* the export being written */
    int ncol;                      /* columns of the format (6, or 7 with effort) */
    double peak;                   /* thinning: the busiest hour's rate per minute */
    double z90;                    /* standard normal 0.9-quantile */
    double t;                      /* minutes since the start */
    long line;                     /* the CSV line the next record starts on */
    long planted[D_N];             /* defects planted, by kind */
    long *skip_lines;              /* lines import must skip; owned */
    long nskip;                    /* how many */
} gen;

/* What the test compares import's summary with: the generator's settings. */
static void print_truth(unsigned long seed, long n, const shape *sh)
{
    double tw = total_weight();
    printf("seed=%lu\nn=%ld\nformat=%s\nstart=2024-01-01T00:00:00Z\nper_week=%g\n"
           "weekday_08_17_weight=%g\nweekday_night_weight=%g\nweekend_weight=%g\n"
           "business_share=%.4f\n", seed, n, sh->name, PER_WEEK, DAY_W, NIGHT_W, WEEKEND_W,
           DAY_W * 45 / tw);
    for (int c = 0; c < NCAT; c++)
        printf("category.%s=%g\n", cat_name[c], cat_weight[c]);
    for (int s = 0; s < NSEV; s++)
        printf("severity.%s=%g\neffort.%s=lognormal(median=%g, p90=%g)\n", sev_name[s],
               sev_mix[s], sev_name[s], eff_median[s], eff_p90[s]);
    printf("resolve_delay=exponential(mean=%g)\n", DELAY_MEAN);
}

/* The defect u_def plants (D_NONE for most tickets). */
static int pick_defect(const gen *g, double u_def)
{
    int d = D_NONE;
    for (int k = 1; k < D_N; k++)
        if (u_def < defects[k].upto) {
            d = k;
            break;
        }
    if (d == D_BAD_EFFORT && g->ncol < 7)
        d = D_NONE;   /* no effort column to spoil */
    return d;
}

/* Spoil one field as defect d says (buffers of 64 bytes, tx of 160). */
static void spoil(int d, const shape *sh, char *op, char *pr, char *ca, char *rs, char *tx,
                  char *ef)
{
    switch (d) {
    case D_BLANK_OPENED: op[0] = '\0'; break;
    case D_BLANK_PRIORITY: pr[0] = '\0'; break;
    case D_BLANK_CATEGORY: ca[0] = '\0'; break;
    case D_BLANK_RESOLVED: rs[0] = '\0'; break;
    case D_BLANK_DESC: tx[0] = '\0'; break;
    case D_UNKNOWN_PRIORITY: snprintf(pr, 64, "%s", sh->bad_prio); break;
    case D_UNKNOWN_CATEGORY: snprintf(ca, 64, "Facilities"); break;
    case D_BAD_OPENED: snprintf(op, 64, "N/A"); break;
    case D_BAD_EFFORT: snprintf(ef, 64, "n/a"); break;
    default: break;
    }
}

/* Ticket i: its draws, always in the same order, then its row. */
static void gen_ticket(gen *g, long i)
{
    const shape *sh = g->sh;
    gsl_rng *r = g->r;
    do
        g->t += gsl_ran_exponential(r, 1.0 / g->peak);
    while (gsl_rng_uniform(r) * DAY_W >= weight_at(g->t));
    int c = (int)gsl_ran_discrete(r, g->cat_t);
    int s = (int)gsl_ran_discrete(r, g->sev_t);
    double sigma = log(eff_p90[s] / eff_median[s]) / g->z90;
    double effort = gsl_ran_lognormal(r, log(eff_median[s]), sigma);
    double delay = gsl_ran_exponential(r, DELAY_MEAN);
    double u_fmt = gsl_rng_uniform(r), u_spell = gsl_rng_uniform(r);
    double u_def = gsl_rng_uniform(r);
    int subj = (int)gsl_rng_uniform_int(r, sizeof subjects / sizeof *subjects);
    int multiline = gsl_rng_uniform(r) < 0.05;
    int d = pick_defect(g, u_def);
    g->planted[d]++;
    if (defects[d].skipped)
        g->skip_lines[g->nskip++] = g->line;

    long long opened = START_EPOCH + (long long)floor(g->t * 60.0);
    long long resolved = opened + (long long)floor((effort + delay) * 60.0);
    if (d == D_RESOLVED_BEFORE)
        resolved = opened - 86400;
    char id[32], op[64], rs[64], pr[64], ca[64], tx[160], ef[64];
    if (!strcmp(sh->name, "servicenow"))
        snprintf(id, sizeof id, "INC%07ld", 10001 + i);
    else if (!strcmp(sh->name, "jira"))
        snprintf(id, sizeof id, "OPS-%ld", 101 + i);
    else
        snprintf(id, sizeof id, "%ld", 5001 + i);
    int variant = u_fmt < 0.8 ? 0 : u_fmt < 0.9 ? 1 : 2;
    fmt_time(sh, opened, variant, op, sizeof op);
    fmt_time(sh, resolved, 0, rs, sizeof rs);
    snprintf(pr, sizeof pr, "%s", sh->prio[s]);
    const char *sp = sh->spell[c][1] && u_spell < 0.4 ? sh->spell[c][1] : sh->spell[c][0];
    snprintf(ca, sizeof ca, "%s", sp);
    snprintf(tx, sizeof tx, "%s%s", subjects[subj],
             multiline ? "\nSee the attached log, line 2" : "");
    if (!strcmp(sh->name, "jira"))
        snprintf(ef, sizeof ef, "%dh %dm", (int)(effort + 0.5) / 60, (int)(effort + 0.5) % 60);
    else
        snprintf(ef, sizeof ef, "%.1f", effort);
    spoil(d, sh, op, pr, ca, rs, tx, ef);
    if (d == D_SHORT_ROW) {   /* a truncated record: id, opened, priority */
        const char *f3[3] = {id, op, pr};
        for (int k = 0; k < 3; k++)
            csvw_str(g->w, f3[k]);
        csvw_end(g->w);
        g->line++;
        return;
    }
    const char *f[7] = {id, op, pr, ca, rs, tx, ef};
    for (int k = 0; k < g->ncol; k++)
        csvw_str(g->w, f[k]);
    csvw_end(g->w);
    g->line += 1 + count_nl(tx);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: gen-tickets SEED N OUT.csv servicenow|jira|zendesk\n");
        return 2;
    }
    unsigned long seed = strtoul(argv[1], NULL, 10);
    long n = strtol(argv[2], NULL, 10);
    gen g;
    memset(&g, 0, sizeof g);
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
        if (!strcmp(argv[4], shapes[i].name))
            g.sh = &shapes[i];
    if (!g.sh || n < 1) {
        fprintf(stderr, "gen-tickets: N must be >= 1 and FORMAT servicenow, jira or zendesk\n");
        return 2;
    }
    g.r = gsl_rng_alloc(gsl_rng_mt19937);
    g.cat_t = gsl_ran_discrete_preproc(NCAT, cat_weight);
    g.sev_t = gsl_ran_discrete_preproc(NSEV, sev_mix);
    g.skip_lines = malloc((size_t)n * sizeof *g.skip_lines);
    if (!g.r || !g.cat_t || !g.sev_t || !g.skip_lines) {
        fprintf(stderr, "gen-tickets: out of memory\n");
        return 1;
    }
    gsl_rng_set(g.r, seed);
    os_error e;
    err_clear(&e);
    if (!(g.w = csvw_open(argv[3], &e))) {
        err_print(&e, stderr);
        return 1;
    }
    g.peak = PER_WEEK * DAY_W / total_weight() / 60.0;   /* per minute */
    g.z90 = gsl_cdf_ugaussian_Pinv(0.9);
    print_truth(seed, n, g.sh);

    g.ncol = g.sh->cols[6] ? 7 : 6;
    for (int k = 0; k < g.ncol; k++)
        csvw_str(g.w, g.sh->cols[k]);
    csvw_end(g.w);
    g.line = 2;
    for (long i = 0; i < n; i++)
        gen_ticket(&g, i);
    long skipped = 0;
    for (int k = 1; k < D_N; k++) {
        printf("planted.%s=%ld\n", defects[k].name, g.planted[k]);
        skipped += defects[k].skipped ? g.planted[k] : 0;
    }
    printf("expected_kept=%ld\nexpected_skipped=%ld\n", n - skipped, skipped);
    for (long k = 0; k < g.nskip; k++)
        printf("skipped_line=%ld\n", g.skip_lines[k]);
    free(g.skip_lines);
    gsl_ran_discrete_free(g.cat_t);
    gsl_ran_discrete_free(g.sev_t);
    gsl_rng_free(g.r);
    if (csvw_commit(g.w, &e) < 0) {
        err_print(&e, stderr);
        return 1;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
