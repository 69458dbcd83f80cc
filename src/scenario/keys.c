/*
 * keys.c — the scenario key table and the value parsers and printers.
 *
 * Invariant: for every key k and every value v that key_parse() accepts,
 * key_parse(key_format(v)) yields the same value, so a resolved scenario
 * written by scn_write() reproduces a run exactly.  Numbers are printed with
 * %.15g, or %.17g when that is needed to round-trip.
 */
#include "keys.h"
#include "ownsim/inifile.h"
#include "ownsim/number.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OFF_S(f) offsetof(scenario, f)
#define OFF_V(f) offsetof(scn_severity, f)
#define OFF_C(f) offsetof(scn_category, f)
#define OFF_P(f) offsetof(scn_party, f)
#define OFF_M(f) offsetof(scn_model, f)
#define BIG 1e12
#define MAX_MINUTES 1e12   /* largest time a distribution may produce */

const char *const scn_sec_names[SEC_NKINDS] = {
    "simulation", "calendar", "arrivals", "severity", "category", "party", "model"
};

const keydef scn_keys[] = {
    {SEC_SIMULATION, "name", KT_NAME, OFF_S(name), 0, 0, "",
     "scenario name, used for the output folder; empty = derived from the file's name (see Syntax)"},
    {SEC_SIMULATION, "seed", KT_SEED, OFF_S(seed), 0, 0, "1",
     "master seed; same seed, same results, byte for byte"},
    {SEC_SIMULATION, "streams", KT_INT, OFF_S(streams), 1, 2, "2",
     "random-stream version: 2 = GSL taus113, exponentials by log(1 - u); 1 = mt19937 and "
     "log1p(-u), which reproduces every result made before this key existed (docs/model.md)"},
    {SEC_SIMULATION, "reps", KT_INT, OFF_S(reps), 1, 100000, "10",
     "independent replications (confidence intervals are over these)"},
    {SEC_SIMULATION, "incidents", KT_LONG, OFF_S(incidents), 1, 1e12, "10000",
     "incidents per replication"},
    {SEC_SIMULATION, "warmup", KT_LONG, OFF_S(warmup), 0, 1e12, "0",
     "first incidents of each replication left out of the statistics"},
    {SEC_SIMULATION, "baseline", KT_MODEL, OFF_S(baseline), 0, 0, "",
     "model the others are compared with; empty = fully_managed if present, else the first"},
    {SEC_SIMULATION, "max_in_flight", KT_LONG, OFF_S(max_in_flight), 1, 1e9, "100000",
     "runaway guard: stop when more incidents than this are unresolved at once "
     "(arrivals beyond what the owners can work)"},
    {SEC_SIMULATION, "max_events", KT_LONG, OFF_S(max_events), 0, 1e15, "0",
     "guard: stop a replay after this many events (0 = no limit)"},
    {SEC_SIMULATION, "outages", KT_PATH, OFF_S(outages), 0, 0, "",
     "outage CSV to replay instead of generating outages; empty = generate"},

    {SEC_CALENDAR, "open", KT_CLOCK, OFF_S(cal.open), 0, 1440, "08:00",
     "business hours start (HH:MM)"},
    {SEC_CALENDAR, "close", KT_CLOCK, OFF_S(cal.close), 0, 1440, "17:00",
     "business hours end (HH:MM), after open"},
    {SEC_CALENDAR, "days", KT_DAYS, OFF_S(cal.days), 0, 0, "mon-fri",
     "business days, e.g. mon-fri or mon,wed,fri"},

    {SEC_ARRIVALS, "per_week", KT_DOUBLE, OFF_S(per_week), 1e-9, BIG, "50",
     "mean number of incidents per week"},
    {SEC_ARRIVALS, "weekday", KT_HOURLY, OFF_S(weekday), 0, BIG, "1",
     "relative arrival rate for each hour 00..23 of Monday-Friday (24 numbers, or 1 for all)"},
    {SEC_ARRIVALS, "weekend", KT_HOURLY, OFF_S(weekend), 0, BIG, "1",
     "relative arrival rate for each hour of Saturday and Sunday"},
    {SEC_ARRIVALS, "user_report_delay", KT_DIST, OFF_S(user_report_delay), 0, 0,
     "lognormal(median=30, p90=120)",
     "minutes until users report an incident that no party monitors (blind spot)"},

    {SEC_SEVERITY, "effort", KT_DIST, OFF_V(effort), 0, 0,
     "lognormal(median=60, p90=240)", "hands-on minutes to resolve at skill factor 1"},
    {SEC_SEVERITY, "sla_response", KT_DOUBLE, OFF_V(sla_response), 0, BIG, "60",
     "target minutes from ticket opened to acknowledged"},
    {SEC_SEVERITY, "sla_resolve", KT_DOUBLE, OFF_V(sla_resolve), 0, BIG, "480",
     "target minutes from ticket opened to resolved"},
    {SEC_SEVERITY, "sla_clock", KT_SLA_CLOCK, OFF_V(sla_business), 0, 0, "wall",
     "wall: SLA targets count every minute; business: only the calendar's business minutes"},
    {SEC_SEVERITY, "cost_per_minute", KT_DOUBLE, OFF_V(cost_per_minute), 0, BIG, "0",
     "downtime cost per minute of time to resolution"},

    {SEC_CATEGORY, "weight", KT_DOUBLE, OFF_C(weight), 0, BIG, "1",
     "relative share of incidents in this category"},
    {SEC_CATEGORY, "severities", KT_SEV_NUM, OFF_C(sev_mix), 0, BIG, "",
     "relative share of each severity, e.g. P1:1, P2:4, P3:10; empty = equal"},

    {SEC_PARTY, "staff", KT_INT, OFF_P(staff), 0, 100000, "1",
     "parallel workers (a model may override with its staff key)"},
    {SEC_PARTY, "coverage", KT_COVERAGE, OFF_P(always_on), 0, 0, "business",
     "24x7, or business (the calendar's hours)"},
    {SEC_PARTY, "oncall", KT_SEVSET, OFF_P(oncall), 0, 0, "none",
     "severities that get an after-hours call-out, e.g. P1+P2, or none"},
    {SEC_PARTY, "callout_delay", KT_DIST, OFF_P(callout_delay), 0, 0,
     "lognormal(median=20, p90=45)", "minutes for the on-call engineer to engage"},
    {SEC_PARTY, "ack_delay", KT_DIST, OFF_P(ack_delay), 0, 0, "5",
     "minutes to acknowledge a new ticket (intake)"},
    {SEC_PARTY, "detect_delay", KT_DIST, OFF_P(detect_delay), 0, 0, "5",
     "minutes for this party's monitoring to raise an alert"},
    {SEC_PARTY, "tool", KT_NAME, OFF_P(tool), 0, 0, "",
     "ticketing tool; empty = a tool of its own (the party's name)"},
    {SEC_PARTY, "skill", KT_CAT_NUM, OFF_P(skill), 1e-6, BIG, "",
     "effort multiplier per category, e.g. security:0.7, apps:1.5; others 1"},

    {SEC_PARTY, "cost_per_staff_year", KT_DOUBLE, OFF_P(cost_per_staff_year), 0, BIG, "0",
     "loaded yearly cost of one worker (salary, overheads), for annual cost"},

    {SEC_MODEL, "owners", KT_CAT_OWNERS, OFF_M(owner), 0, 0, "",
     "owner of every category, e.g. network:msp, security:internal+msp (a+b = gray area)"},
    {SEC_MODEL, "monitors", KT_CAT_MONITOR, OFF_M(monitor), 0, 0, "",
     "party monitoring each category, e.g. network:msp; unlisted = nobody (blind spot)"},
    {SEC_MODEL, "service_desk", KT_PARTY, OFF_M(service_desk), 0, 0, "",
     "party where users report incidents; empty = the first party"},
    {SEC_MODEL, "staff", KT_PARTY_INT, OFF_M(staff), 0, 100000, "",
     "workers per party under this model, e.g. msp:4; unlisted = the party's staff"},
    {SEC_MODEL, "triage_delay", KT_DIST, OFF_M(triage_delay), 0, 0, "0",
     "gray area: minutes to decide who owns it, at every assignment"},
    {SEC_MODEL, "misroute_prob", KT_DOUBLE, OFF_M(misroute_prob), 0, 1, "0",
     "gray area: probability an assignment goes to the wrong party"},
    {SEC_MODEL, "bounce_work", KT_DIST, OFF_M(bounce_work), 0, 0,
     "uniform(min=0.1, max=0.5)", "fraction of the effort a wrong assignee works before bouncing"},
    {SEC_MODEL, "bounce_limit", KT_INT, OFF_M(bounce_limit), 1, SCN_MAX_BOUNCES, "2",
     "bounces before escalation assigns the true owner"},
    {SEC_MODEL, "orphan_prob", KT_DOUBLE, OFF_M(orphan_prob), 0, 1, "0",
     "gray area: probability nobody picks the ticket up (each side assumes the other)"},
    {SEC_MODEL, "orphan_timeout", KT_DIST, OFF_M(orphan_timeout), 0, 0, "240",
     "minutes until an orphaned ticket is noticed and escalated"},
    {SEC_MODEL, "escalation_delay", KT_DIST, OFF_M(escalation_delay), 0, 0, "30",
     "minutes for escalation to assign the true owner"},
    {SEC_MODEL, "handoff_delay", KT_DIST, OFF_M(handoff_delay), 0, 0, "0",
     "minutes per move of a ticket between two parties"},
    {SEC_MODEL, "cross_tool_factor", KT_DOUBLE, OFF_M(cross_tool_factor), 1, 1000, "1",
     "handoff delay multiplier when the two parties use different tools"},
    {SEC_MODEL, "context_loss", KT_DOUBLE, OFF_M(context_loss), 0, 100, "0",
     "rework per handoff, as a fraction of the effort (0.1 = +10%)"},
    {SEC_MODEL, "fee_per_year", KT_DOUBLE, OFF_M(fee_per_year), 0, BIG, "0",
     "yearly contract fees and tools of this arrangement, for annual cost"},
};
const size_t scn_nkeys = sizeof scn_keys / sizeof scn_keys[0];

char *key_path_join(const char *dir, const char *rel)
{
    if (rel[0] == '/' || !dir || !dir[0])
        return strdup(rel);
    size_t nd = strlen(dir), nr = strlen(rel);
    char *p = malloc(nd + nr + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, nd);
    p[nd] = '/';
    memcpy(p + nd + 1, rel, nr + 1);
    return p;
}

char *key_path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

void *key_base(scenario *s, sec_kind sec, int idx)
{
    switch (sec) {
    case SEC_SEVERITY: return &s->sev[idx];
    case SEC_CATEGORY: return &s->cat[idx];
    case SEC_PARTY: return &s->party[idx];
    case SEC_MODEL: return &s->model[idx];
    default: return s;
    }
}

/* ---- small text helpers ------------------------------------------------ */

static void trim(char **b, char **e)
{
    while (*b < *e && isspace((unsigned char)**b))
        (*b)++;
    while (*e > *b && isspace((unsigned char)(*e)[-1]))
        (*e)--;
}

/* A number occupying all of [b, e), in the grammar of number.h. */
static num_status num_span(const char *b, const char *e, double *out)
{
    return num_parse(b, (size_t)(e - b), out);
}

/* The reason a number [b, e) is refused: its grammar, or the key's range (an
 * overflow such as 1e999 is out of range too, so that the limit is named).
 * whole: the key wants a whole number; item: the list item it is for, or
 * NULL. */
static void num_reason(num_status st, const char *b, const char *e, const keydef *k,
                       int whole, const char *item, char *why, size_t n)
{
    int len = (int)(e - b);
    char forp[SCN_NAME + 8] = "";
    if (item)
        snprintf(forp, sizeof forp, " for %s", item);
    if (st == NUM_OK || st == NUM_RANGE)
        snprintf(why, n, "%.*s%s is out of range [%g, %g]", len, b, forp, k->min, k->max);
    else if (whole && st == NUM_SYNTAX)
        snprintf(why, n, "'%.*s'%s is not a whole number", len, b, forp);
    else
        snprintf(why, n, "'%.*s'%s %s", len, b, forp, num_why(st));
}

static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= SCN_NAME)
        return 0;
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
            return 0;
    return 1;
}

static void fmt_num(double v, char *buf, size_t n)
{
    snprintf(buf, n, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, n, "%.17g", v);
}

typedef int (*lookup_fn)(const scenario *s, const char *name);

static int find_sev(const scenario *s, const char *name)
{
    for (int i = 0; i < s->nsev; i++)
        if (!strcmp(s->sev[i].name, name))
            return i;
    return -1;
}

static int find_cat(const scenario *s, const char *name)
{
    for (int i = 0; i < s->ncat; i++)
        if (!strcmp(s->cat[i].name, name))
            return i;
    return -1;
}

static int find_party(const scenario *s, const char *name)
{
    return scn_party_index(s, name);
}

static int find_model(const scenario *s, const char *name)
{
    return scn_model_index(s, name);
}

/* Copy [b, e) to a NUL-terminated buffer of n bytes.  -1 when too long. */
static int span_str(const char *b, const char *e, char *out, size_t n)
{
    size_t len = (size_t)(e - b);
    if (len >= n)
        return -1;
    memcpy(out, b, len);
    out[len] = '\0';
    return 0;
}

/* Resolve a name via fn, with a reason naming the kind of thing. */
static int resolve(const scenario *s, lookup_fn fn, const char *what,
                   const char *b, const char *e, char *why, size_t n)
{
    char name[SCN_NAME + 16];
    if (span_str(b, e, name, sizeof name) < 0) {
        snprintf(why, n, "%s name too long", what);
        return -1;
    }
    int i = fn(s, name);
    if (i < 0)
        snprintf(why, n, "unknown %s '%s'", what, name);
    return i;
}

/*
 * Walk a list "a:x, b:y": each item's name is resolved through fn (a
 * category, a severity, a party: what names it in messages) and may appear
 * once — a second "a:..." would silently replace the first — then item()
 * reads the value span for element i.  Items are separated by commas.
 */
typedef int (*item_fn)(const scenario *s, void *field, int i, const char *vb,
                       const char *ve, const keydef *k, char *why, size_t n);

static int walk_list(const scenario *s, const char *text, void *field,
                     const keydef *k, lookup_fn fn, const char *what, item_fn item,
                     char *why, size_t n)
{
    uint64_t seen = 0;   /* every kind has at most 64 elements */
    const char *p = text;
    while (*p) {
        const char *comma = strchr(p, ',');
        const char *end = comma ? comma : p + strlen(p);
        char *b = (char *)p, *e = (char *)end;
        trim(&b, &e);
        if (b == e) {
            snprintf(why, n, "empty item in list");
            return -1;
        }
        const char *colon = memchr(b, ':', (size_t)(e - b));
        if (!colon) {
            snprintf(why, n, "expected name:value, got '%.*s'", (int)(e - b), b);
            return -1;
        }
        char *nb = b, *ne = (char *)colon, *vb = (char *)colon + 1, *ve = e;
        trim(&nb, &ne);
        trim(&vb, &ve);
        int i = resolve(s, fn, what, nb, ne, why, n);
        if (i < 0)
            return -1;
        if (seen & (UINT64_C(1) << i)) {
            snprintf(why, n, "%s '%.*s' listed twice", what, (int)(ne - nb), nb);
            return -1;
        }
        seen |= UINT64_C(1) << i;
        if (item(s, field, i, vb, ve, k, why, n) < 0)
            return -1;
        p = comma ? comma + 1 : end;
    }
    return 0;
}

/* name:number, the number within the key's range. */
static int item_num(const scenario *s, void *field, int i, const char *vb,
                    const char *ve, const keydef *k, char *why, size_t n)
{
    double v;
    num_status st = num_span(vb, ve, &v);
    if (st != NUM_OK || v < k->min || v > k->max) {
        num_reason(st, vb, ve, k, 0, k->type == KT_SEV_NUM ? s->sev[i].name : s->cat[i].name,
                   why, n);
        return -1;
    }
    ((double *)field)[i] = v;
    return 0;
}

static int item_party_int(const scenario *s, void *field, int i, const char *vb,
                          const char *ve, const keydef *k, char *why, size_t n)
{
    double v;
    if (num_span(vb, ve, &v) != NUM_OK || v != floor(v) || v < k->min || v > k->max) {
        snprintf(why, n, "'%.*s' for %s is not a whole number in [%g, %g]",
                 (int)(ve - vb), vb, s->party[i].name, k->min, k->max);
        return -1;
    }
    ((int *)field)[i] = (int)v;
    return 0;
}

static int item_owner(const scenario *s, void *field, int c, const char *vb,
                      const char *ve, const keydef *k, char *why, size_t n)
{
    (void)k;
    uint32_t mask = 0;
    const char *p = vb;
    while (p < ve) {
        const char *plus = memchr(p, '+', (size_t)(ve - p));
        const char *end = plus ? plus : ve;
        char *b = (char *)p, *e = (char *)end;
        trim(&b, &e);
        int party = resolve(s, find_party, "party", b, e, why, n);
        if (party < 0)
            return -1;
        if (mask & (1u << party)) {
            snprintf(why, n, "party '%s' named twice for '%s'",
                     s->party[party].name, s->cat[c].name);
            return -1;
        }
        mask |= 1u << party;
        p = plus ? plus + 1 : ve;
    }
    if (!mask) {
        snprintf(why, n, "no owner given for '%s'", s->cat[c].name);
        return -1;
    }
    ((uint32_t *)field)[c] = mask;
    return 0;
}

static int item_monitor(const scenario *s, void *field, int c, const char *vb,
                        const char *ve, const keydef *k, char *why, size_t n)
{
    (void)k;
    int *mon = field;
    if (ve - vb == 4 && !memcmp(vb, "none", 4)) {
        mon[c] = -1;
        return 0;
    }
    int party = resolve(s, find_party, "party", vb, ve, why, n);
    if (party < 0)
        return -1;
    mon[c] = party;
    return 0;
}

/* ---- parse -------------------------------------------------------------- */

int key_parse(const scenario *s, const keydef *k, void *base, const char *text,
              const char *dir, char *why, size_t n)
{
    char *field = (char *)base + k->off;
    double v;
    const char *tend = text + strlen(text);
    switch (k->type) {
    case KT_DOUBLE: {
        num_status st = num_span(text, tend, &v);
        if (st != NUM_OK || v < k->min || v > k->max) {
            num_reason(st, text, tend, k, 0, NULL, why, n);
            return -1;
        }
        *(double *)field = v;
        return 0;
    }
    case KT_INT:
    case KT_LONG: {
        /* read as a real number so that 1e4 is 10000 */
        num_status st = num_span(text, tend, &v);
        if (st == NUM_OK && v != floor(v))
            st = NUM_SYNTAX;
        if (st != NUM_OK || v < k->min || v > k->max) {
            num_reason(st, text, tend, k, 1, NULL, why, n);
            return -1;
        }
        if (k->type == KT_INT)
            *(int *)field = (int)v;
        else
            *(long *)field = (long)v;
        return 0;
    }
    case KT_SEED: {
        /* digits only (no sign, no exponent); num_parse_int checks the
         * grammar and reads up to 2^63-1, strtoull the digits above that */
        long long ll = 0;
        num_status st = text[0] == '+' || text[0] == '-' ? NUM_SYNTAX
                      : num_parse_int(text, strlen(text), &ll);
        unsigned long long u = (unsigned long long)ll;
        if (st == NUM_RANGE) {
            errno = 0;
            u = strtoull(text, NULL, 10);
            if (errno == ERANGE) {
                snprintf(why, n, "'%s' is not a whole number below 2^64", text);
                return -1;
            }
        } else if (st != NUM_OK) {
            snprintf(why, n, "'%s' is not a non-negative whole number", text);
            return -1;
        }
        *(uint64_t *)field = (uint64_t)u;
        return 0;
    }
    case KT_DIST: {
        dist d;
        int rc = dist_parse(text, dir, &d, why, n);
        if (rc < 0)
            return rc;   /* -2: out of memory (key_parse) */
        /* a delay of 10^12 minutes is 2 million years: beyond that the
         * clock loses its precision, and nothing real takes so long */
        double top = dist_quantile(&d, 1.0 - 1e-9);
        if (!(top <= MAX_MINUTES) || !(dist_mean(&d) <= MAX_MINUTES)) {
            snprintf(why, n, "'%s' reaches %g: values above %g are not supported", text,
                     top, MAX_MINUTES);
            dist_free(&d);
            return -1;
        }
        dist_free((dist *)field);
        *(dist *)field = d;
        return 0;
    }
    case KT_NAME:
        if (text[0] && !valid_name(text)) {
            snprintf(why, n, "'%s' is not a name (letters, digits, _ and -, "
                     "at most %d characters)", text, SCN_NAME - 1);
            return -1;
        }
        strcpy(field, text);
        return 0;
    case KT_PATH: {
        /* stored absolute, so a resolved scenario written elsewhere still
         * finds the file */
        if (!text[0]) {
            field[0] = '\0';
            return 0;
        }
        char *joined = key_path_join(dir, text);
        if (!joined) {
            snprintf(why, n, "out of memory");
            return -2;
        }
        char real[PATH_MAX];
        if (strlen(joined) >= PATH_MAX) {
            /* never cut: a cut path may name another file that exists */
            snprintf(why, n, "the path is longer than %d bytes", PATH_MAX - 1);
            free(joined);
            return -1;
        }
        if (!realpath(joined, real)) {
            /* a pipe (/dev/fd/N) has no real path: keep it as given */
            if (access(joined, R_OK) != 0) {
                snprintf(why, n, "cannot find '%s': %s", joined, strerror(errno));
                free(joined);
                return -1;
            }
            strcpy(real, joined);
        }
        free(joined);
        /* scenario.ini names the file again: refuse what it could not */
        const char *bad = inifile_unsafe(real);
        if (bad) {
            bool quote = true;   /* quoted unless it would echo control characters */
            for (const char *c = real; *c; c++)
                quote &= (unsigned char)*c >= 0x20 && *c != 0x7f;
            snprintf(why, n, "the path%s%s%s %s, so scenario.ini could not name it: "
                     "rename the file or its folder", quote ? " '" : "",
                     quote ? real : "", quote ? "'" : "", bad);
            return -1;
        }
        strcpy(field, real);
        return 0;
    }
    case KT_CLOCK:
        if (cal_parse_clock(text, &v) < 0) {
            snprintf(why, n, "'%s' is not a time of day HH:MM", text);
            return -1;
        }
        *(double *)field = v;
        return 0;
    case KT_DAYS:
        if (cal_parse_days(text, (unsigned *)field) < 0) {
            snprintf(why, n, "'%s' is not a list of days (e.g. mon-fri)", text);
            return -1;
        }
        return 0;
    case KT_HOURLY: {
        double w[24];
        int count = 0;
        const char *p = text;
        while (1) {
            const char *comma = strchr(p, ',');
            const char *end = comma ? comma : tend;
            char *b = (char *)p, *e = (char *)end;
            trim(&b, &e);
            if (count == 24 || num_span(b, e, &w[count]) != NUM_OK ||
                w[count] < k->min || w[count] > k->max) {
                snprintf(why, n, count == 24 ? "more than 24 hourly weights"
                         : "item %d ('%.*s') is not a non-negative number",
                         count + 1, (int)(e - b), b);
                return -1;
            }
            count++;
            if (!comma)
                break;
            p = comma + 1;
        }
        if (count != 1 && count != 24) {
            snprintf(why, n, "expected 24 hourly weights (or 1 for all hours), got %d", count);
            return -1;
        }
        for (int h = 0; h < 24; h++)
            ((double *)field)[h] = count == 1 ? w[0] : w[h];
        return 0;
    }
    case KT_COVERAGE:
        if (!strcmp(text, "24x7"))
            *(int *)field = 1;
        else if (!strcmp(text, "business"))
            *(int *)field = 0;
        else {
            snprintf(why, n, "'%s' is not 24x7 or business", text);
            return -1;
        }
        return 0;
    case KT_SLA_CLOCK:
        if (!strcmp(text, "wall"))
            *(int *)field = 0;
        else if (!strcmp(text, "business"))
            *(int *)field = 1;
        else {
            snprintf(why, n, "'%s' is not wall or business", text);
            return -1;
        }
        return 0;
    case KT_SEVSET: {
        unsigned mask = 0;
        if (strcmp(text, "none") != 0 && text[0]) {
            const char *p = text;
            while (1) {
                const char *sep = strpbrk(p, "+,");
                const char *end = sep ? sep : tend;
                char *b = (char *)p, *e = (char *)end;
                trim(&b, &e);
                int i = resolve(s, find_sev, "severity", b, e, why, n);
                if (i < 0)
                    return -1;
                mask |= 1u << i;
                if (!sep)
                    break;
                p = sep + 1;
            }
        }
        *(unsigned *)field = mask;
        return 0;
    }
    case KT_PARTY: {
        if (!text[0]) {
            *(int *)field = 0;
            return 0;
        }
        int i = resolve(s, find_party, "party", text, tend, why, n);
        if (i < 0)
            return -1;
        *(int *)field = i;
        return 0;
    }
    case KT_MODEL: {
        if (!text[0]) {
            int i = find_model(s, "fully_managed");
            *(int *)field = i < 0 ? 0 : i;
            return 0;
        }
        int i = resolve(s, find_model, "model", text, tend, why, n);
        if (i < 0)
            return -1;
        *(int *)field = i;
        return 0;
    }
    case KT_CAT_OWNERS:
        memset(field, 0, sizeof(uint32_t) * SCN_MAX_CAT);
        return walk_list(s, text, field, k, find_cat, "category", item_owner, why, n);
    case KT_CAT_MONITOR:
        for (int c = 0; c < SCN_MAX_CAT; c++)
            ((int *)field)[c] = -1;
        return walk_list(s, text, field, k, find_cat, "category", item_monitor, why, n);
    case KT_CAT_NUM:
        for (int c = 0; c < SCN_MAX_CAT; c++)
            ((double *)field)[c] = 1;
        return walk_list(s, text, field, k, find_cat, "category", item_num, why, n);
    case KT_SEV_NUM: {
        double *mix = (double *)field;
        if (!text[0]) {
            for (int i = 0; i < SCN_MAX_SEV; i++)
                mix[i] = i < s->nsev ? 1 : 0;
            return 0;
        }
        for (int i = 0; i < SCN_MAX_SEV; i++)
            mix[i] = 0;
        return walk_list(s, text, field, k, find_sev, "severity", item_num, why, n);
    }
    case KT_PARTY_INT:
        for (int i = 0; i < SCN_MAX_PARTIES; i++)
            ((int *)field)[i] = -1;
        return walk_list(s, text, field, k, find_party, "party", item_party_int, why, n);
    }
    snprintf(why, n, "internal error: unknown key type");
    return -1;
}

/* ---- format ------------------------------------------------------------- */

/* Append to buf at *len, never past n. */
static void app(char *buf, size_t n, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#include <stdarg.h>
static void app(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
    if (*len >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *len, n - *len, fmt, ap);
    va_end(ap);
    if (w > 0)
        *len += (size_t)w;
}

void key_format(const scenario *s, const keydef *k, const void *base,
                char *buf, size_t n)
{
    const char *field = (const char *)base + k->off;
    char num[40];
    size_t len = 0;
    buf[0] = '\0';
    switch (k->type) {
    case KT_DOUBLE:
        fmt_num(*(const double *)field, buf, n);
        return;
    case KT_INT:
        snprintf(buf, n, "%d", *(const int *)field);
        return;
    case KT_LONG:
        snprintf(buf, n, "%ld", *(const long *)field);
        return;
    case KT_SEED:
        snprintf(buf, n, "%llu", (unsigned long long)*(const uint64_t *)field);
        return;
    case KT_DIST:
        dist_format((const dist *)field, buf, n);
        return;
    case KT_NAME:
    case KT_PATH:
        snprintf(buf, n, "%s", field);
        return;
    case KT_CLOCK:
        cal_format_clock(*(const double *)field, buf, (unsigned)n);
        return;
    case KT_DAYS:
        cal_format_days(*(const unsigned *)field, buf, (unsigned)n);
        return;
    case KT_HOURLY: {
        const double *w = (const double *)field;
        int same = 1;
        for (int h = 1; h < 24; h++)
            same &= w[h] == w[0];
        for (int h = 0; h < (same ? 1 : 24); h++) {
            fmt_num(w[h], num, sizeof num);
            app(buf, n, &len, "%s%s", h ? ", " : "", num);
        }
        return;
    }
    case KT_COVERAGE:
        snprintf(buf, n, "%s", *(const int *)field ? "24x7" : "business");
        return;
    case KT_SLA_CLOCK:
        snprintf(buf, n, "%s", *(const int *)field ? "business" : "wall");
        return;
    case KT_SEVSET: {
        unsigned mask = *(const unsigned *)field;
        if (!mask)
            snprintf(buf, n, "none");
        for (int i = 0; i < s->nsev; i++)
            if (mask & (1u << i))
                app(buf, n, &len, "%s%s", len ? "+" : "", s->sev[i].name);
        return;
    }
    case KT_PARTY:
        snprintf(buf, n, "%s", s->party[*(const int *)field].name);
        return;
    case KT_MODEL:
        snprintf(buf, n, "%s", s->model[*(const int *)field].name);
        return;
    case KT_CAT_OWNERS: {
        const uint32_t *owner = (const uint32_t *)field;
        for (int c = 0; c < s->ncat; c++) {
            if (!owner[c])
                continue;
            app(buf, n, &len, "%s%s:", len ? ", " : "", s->cat[c].name);
            int first = 1;
            for (int p = 0; p < s->nparty; p++)
                if (owner[c] & (1u << p)) {
                    app(buf, n, &len, "%s%s", first ? "" : "+", s->party[p].name);
                    first = 0;
                }
        }
        return;
    }
    case KT_CAT_MONITOR: {
        const int *mon = (const int *)field;
        for (int c = 0; c < s->ncat; c++)
            if (mon[c] >= 0)
                app(buf, n, &len, "%s%s:%s", len ? ", " : "", s->cat[c].name,
                    s->party[mon[c]].name);
        return;
    }
    case KT_CAT_NUM: {
        const double *v = (const double *)field;
        for (int c = 0; c < s->ncat; c++)
            if (v[c] != 1) {
                fmt_num(v[c], num, sizeof num);
                app(buf, n, &len, "%s%s:%s", len ? ", " : "", s->cat[c].name, num);
            }
        return;
    }
    case KT_SEV_NUM: {
        const double *v = (const double *)field;
        for (int i = 0; i < s->nsev; i++) {
            fmt_num(v[i], num, sizeof num);
            app(buf, n, &len, "%s%s:%s", len ? ", " : "", s->sev[i].name, num);
        }
        return;
    }
    case KT_PARTY_INT: {
        const int *v = (const int *)field;
        for (int i = 0; i < s->nparty; i++)
            if (v[i] >= 0)
                app(buf, n, &len, "%s%s:%d", len ? ", " : "", s->party[i].name, v[i]);
        return;
    }
    }
}
