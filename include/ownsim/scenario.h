/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scenario.h — everything one simulation point needs, loaded from an INI file.
 *
 * A scenario is plain data: the calendar, the outage stream (arrivals,
 * categories, severities, efforts), the parties, and the ownership models.
 * It is read with libinih, command-line overrides (--set section.key=value)
 * are applied on top, every key is checked against one key table (the same
 * table documents the keys and writes the resolved scenario back), and the
 * cross references (a model naming an unknown party, a category nobody owns)
 * are validated.  After scn_load() or scn_resolve() succeeds, the struct is
 * consistent; once handed to the simulator it is read-only (the simulator
 * never looks anything up by name).  The run assembly (run.h), which builds
 * the scenarios of run, sweep and breakeven, settles `incidents` to the
 * outage list's count before it hands a scenario out; nothing else changes
 * a resolved scenario.
 *
 * Loading is two steps, so that the many scenarios of a sweep come from one
 * reading of the files:
 *   scn_read      the file and its includes into an in-memory source (the
 *                 sections and entries as written, each with its file and
 *                 line), nothing yet checked against the key table;
 *   scn_resolve   source + overrides -> validated scenario, exactly as if
 *                 the overrides had been given with --set, so an override
 *                 flows into every default derived from it (party.X.staff
 *                 into a model's staff, severity.X.sla_* into a model's
 *                 SLA targets and clocks; an item key
 *                 model.M.staff.P sets P's entry of the list alone).
 *                 Values that come from files
 *                 (empirical-distribution CSVs, simulation.outages' path)
 *                 are read or checked the first time a text is resolved
 *                 and kept in the source, keyed by (text, folder it is
 *                 relative to): later resolutions touch no file.
 * scn_load is scn_read + scn_resolve.
 *
 * Sections (names after the dot are the user's):
 *   [simulation] [organisation] [calendar] [arrivals] [severity.P1] [category.network]
 *   [party.msp] [model.co_managed]
 * Order matters in two places: severities are listed from the highest
 * priority down, and the first model is the default baseline unless
 * simulation.baseline says otherwise.
 *
 * Ownership: scn_load() and scn_resolve() return a scenario the caller
 * frees with scn_destroy(); it owns every dist inside it.  scn_read()
 * returns a source the caller frees with scn_source_free(); a scenario does
 * not point into its source.
 */
#ifndef OWNSIM_SCENARIO_H
#define OWNSIM_SCENARIO_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "ownsim/calendar.h"
#include "ownsim/dist.h"
#include "ownsim/error.h"

#define SCN_NAME 48          /* longest name + 1 */
#define SCN_MAX_SEV 8        /* severities (priority levels) */
#define SCN_MAX_CAT 32       /* categories */
#define SCN_MAX_PARTIES 16   /* parties; a gray area is a bit mask of them */
#define SCN_MAX_MODELS 16    /* ownership models */
#define SCN_MAX_BOUNCES 20   /* upper bound of bounce_limit */
#define SCN_CURRENCY 16      /* longest currency code or symbol + 1 (bytes) */
#define SCN_LABEL 128       /* longest display label + 1 (bytes of UTF-8) */
#define SCN_COUNTRY 8        /* longest country code ("US", "US-CA") + 1 */
#define SCN_HOLIDAYS_COUNTRY "country" /* holidays_file: organisation.country's list */
#define SCN_MAX_SCHED 16     /* named schedules ([schedule.NAME]) */
#define SCN_ZONE 64          /* longest IANA zone name + 1 */
#define SCN_SLA_DESK (-1)    /* sla_schedule: the model's service desk's hours */
#define SCN_SLA_UNSET (-2)   /* a model's sla_schedule item not listed (load.c
                                fills it from the severity's) */
#define SCN_MAX_BURST 100000 /* most duplicate tickets one major incident may
                                bring (burst_tickets, checked at load) */

/* A named schedule, shared by parties (a party with several sites keeps
 * the union of theirs) and by the organisation. */
typedef struct scn_schedule {
    char name[SCN_NAME];      /* e.g. "offshore" */
    char hours[CAL_SCHED_TEXT]; /* its hours as written (cal_sched_parse) */
    char tz[SCN_ZONE];        /* its IANA zone; "" = the reference zone */
    cal_holidays hol;         /* its closed dates (holidays) */
    char hol_file[PATH_MAX];  /* holidays_file: an iCalendar file of more; "" = none */
    cal_holidays hol_all;     /* derived: hol and the file's dates, what it keeps */
    cal_sched sched;          /* derived (load.c, derive_schedules): compiled hours */
    cal_shift shift;          /* derived when the scenario is placed: where to read them */
} scn_schedule;

typedef struct scn_severity {
    char name[SCN_NAME];      /* e.g. "P1"; earlier = higher priority */
    char label[SCN_LABEL];    /* display label (charts, table); default from name */
    dist effort;              /* hands-on minutes at skill factor 1 */
    double sla_response;      /* minutes, ticket opened -> acknowledged; the
                                 default of every model's (scn_model) */
    double sla_resolve;       /* minutes, ticket opened -> resolved; ditto */
    int sla_business;         /* 1: SLA clocks count business minutes only; ditto */
    int sla_schedule;         /* the hours a business SLA clock counts: schedule k
                                 (sched[k]), or SCN_SLA_DESK, the model's service
                                 desk's (its schedule, else the calendar's); ditto */
    double users_affected;    /* share of the organisation's users it affects, 0..1 */
    double work_lost;         /* share of an affected user's work that stops, 0..1 */
    double revenue_lost;      /* share of the revenue of each minute lost, not deferred */
    double cost_per_minute;   /* flat extra downtime cost per wall-clock minute of TTR */
    /* derived (load.c, derive_costs), what replay.c charges: */
    double cost_business;     /* per business minute of the outage (the calendar's) */
    double cost_wall;         /* per wall-clock minute of the outage */
} scn_severity;

typedef struct scn_category {
    char name[SCN_NAME];      /* e.g. "network" */
    char label[SCN_LABEL];    /* display label; default from name */
    double weight;            /* relative share of all incidents */
    double sev_mix[SCN_MAX_SEV]; /* relative share of each severity */
    /* vendor coordination (docs/model.md §4.12) */
    double vendor_prob;       /* probability an outage's fix needs a vendor; 0 = never */
    dist vendor_response;     /* vendor's minutes from the case to engaging */
    dist vendor_fix;          /* vendor's minutes from engaging to the fix */
    uint32_t vendor_schedules;/* bit k: the vendor keeps schedule k (union); 0 = 24x7 */
    cal_sched vendor_sched;   /* derived: those hours (not placed), unused when 0 */
    /* major incidents (docs/model.md §4.11): */
    double major_prob[SCN_MAX_SEV]; /* probability an outage of each severity is a
                                 major incident; 0 = never (the default) */
    dist burst_tickets;       /* duplicate user tickets a major incident brings
                                 (rounded to a whole number); default 0 */
    dist burst_spread;        /* minutes from the outage until each duplicate
                                 ticket is opened; default 0 */
} scn_category;

typedef struct scn_party {
    char name[SCN_NAME];      /* e.g. "internal", "msp" */
    char label[SCN_LABEL];    /* display label; default from name */
    int staff;                /* parallel workers (a model may override) */
    int always_on;            /* 1: staffed 24x7; 0: business hours */
    uint32_t schedules;       /* bit k: its sites keep schedule k (union);
                                 0 = the calendar's hours */
    cal_sched sched;          /* derived: the hours it keeps when not always_on */
    double week_open;         /* derived: open minutes of those hours in an ordinary
                                 week, its sites' union with each site at its zone's
                                 offset at minute 0, holidays not counted (the
                                 implied staffed hours, docs/model.md §12) */
    int ack_always;           /* 1: acknowledges and routes new tickets 24x7 */
    unsigned oncall;          /* bit s: severity s gets an after-hours call-out */
    dist callout_delay;       /* minutes for an on-call engineer to engage */
    int oncall_staff;         /* on-call engineers of its own after hours (a model
                                 may override); -1 = none of its own: its staff
                                 answer call-outs (docs/model.md §4.6) */
    int at_close;             /* 1: pause (work on severities not on call stops at
                                 closing, goes on at opening); 0: finish */
    unsigned preempt;         /* bit s: a ticket of severity s that finds no free
                                 worker interrupts lower-severity work in hand
                                 (docs/model.md §4.9); 0 = never */
    dist resume_penalty;      /* minutes of work an interrupted job adds when it
                                 resumes */
    int escalate_to;          /* support groups (docs/model.md §4.10): 1 + the index
                                 of the party a ticket it does not resolve goes
                                 to; 0 = none (so a zeroed party has no group:
                                 read it through scn_next_group) */
    double fcr[SCN_MAX_CAT];  /* with escalate_to: probability it resolves a ticket
                                 of each category (first-contact resolution) */
    dist escalate_work;       /* with escalate_to: share of the effort (at its
                                 skill) worked before escalating */
    dist escalate_delay;      /* with escalate_to: minutes the escalation takes */
    double escalate_context_loss; /* with escalate_to: rework added when escalating */
    dist ack_delay;           /* minutes to acknowledge a new ticket */
    int intake_staff;         /* intake agents (docs/model.md §4.11): acknowledgement,
                                 and triage at intake, each occupy one; a model may
                                 override; -1 = no limit (acknowledgement needs
                                 no worker) */
    dist detect_delay;        /* minutes for its monitoring to raise an alert */
    char tool[SCN_NAME];      /* ticketing tool; handoffs across tools are slower */
    double skill[SCN_MAX_CAT];/* effort multiplier per category (1 = nominal) */
    double cost_per_staff_year; /* loaded yearly cost of one worker */
} scn_party;

/* The party p escalates to (escalate_to), -1 for none. */
static inline int scn_next_group(const scn_party *p)
{
    return p->escalate_to - 1;
}

typedef struct scn_model {
    char name[SCN_NAME];      /* e.g. "co_managed" */
    char label[SCN_LABEL];    /* display label; default from name */
    int service_desk;         /* party taking user reports */
    uint32_t owner[SCN_MAX_CAT]; /* parties owning each category; >1 bit = gray area */
    int monitor[SCN_MAX_CAT]; /* party monitoring each category, -1 = nobody */
    int staff[SCN_MAX_PARTIES]; /* workers of each party under this model: the
                                   model's staff list, else the party's staff */
    uint32_t staff_listed;    /* bit p: the model's own staff list sets party p's
                                 (so party.P.staff does not reach it) */
    int oncall_staff[SCN_MAX_PARTIES]; /* on-call engineers of each party under
                                 this model: the model's list, else the party's
                                 oncall_staff (-1 = none of its own) */
    uint32_t oncall_listed;   /* bit p: the model's own oncall_staff list sets
                                 party p's (party.P.oncall_staff does not reach it) */
    int intake_staff[SCN_MAX_PARTIES]; /* intake agents of each party under this
                                 model: the model's list, else the party's
                                 intake_staff (-1 = no limit) */
    uint32_t intake_listed;   /* bit p: the model's own intake_staff list sets
                                 party p's (party.P.intake_staff does not reach it) */
    int major_bridge;         /* major_incident: 1 = bridge (a major incident in a
                                 gray area engages every listed party at once,
                                 docs/model.md §4.11); 0 = none */
    dist bridge_delay;        /* with major_bridge: minutes the bridge takes to
                                 settle the owner */
    dist triage_delay;        /* gray area: "is that us or them?", per assignment */
    double misroute_prob;     /* gray area: probability an assignment is wrong */
    dist bounce_work;         /* fraction of effort a wrong assignee wastes */
    int bounce_limit;         /* bounces before escalation assigns the owner */
    double orphan_prob;       /* gray area: probability nobody picks it up */
    dist orphan_timeout;      /* minutes until an orphaned ticket is noticed */
    dist escalation_delay;    /* minutes for escalation to assign an owner */
    dist handoff_delay;       /* minutes per move between parties */
    double cross_tool_factor; /* handoff delay multiplier across tools */
    double context_loss;      /* rework added to the effort per handoff */
    uint32_t vendor_coord[SCN_MAX_CAT]; /* parties that may coordinate a vendor per
                                 category (docs/model.md §4.12); >1 bit = gray
                                 area; 0 = the resolving party itself */
    double fee_per_year;      /* contract fees and tools of this arrangement */
    /* The SLA this model is held to, per severity (index as sev[]): the
     * severity's targets and clock unless the model sets its own; resolved
     * at load, so the replay reads them here and nowhere else */
    double sla_response[SCN_MAX_SEV]; /* minutes, ticket opened -> acknowledged */
    double sla_resolve[SCN_MAX_SEV];  /* minutes, ticket opened -> resolved */
    int sla_business[SCN_MAX_SEV];    /* 1: business minutes only; 0: wall clock */
    int sla_schedule[SCN_MAX_SEV];    /* whose business minutes: schedule k, or
                                         SCN_SLA_DESK (service_desk's hours) */
} scn_model;

/* simulation.resample (docs/model.md, "Replaying an outage list") */
enum { SCN_RESAMPLE_AUTO, SCN_RESAMPLE_NONE, SCN_RESAMPLE_WEEKS };

typedef struct scenario {
    char name[SCN_NAME];      /* output folder name; default: file stem */
    char path[PATH_MAX];      /* file it was loaded from (it was opened: it fits) */
    uint64_t seed;            /* master seed */
    int streams;              /* random-stream version (rng.h): 1 or 2 */
    int reps;                 /* replications */
    long incidents;           /* incidents per replication; with an outage list, the
                                 rows replayed (set by the run assembly, run.h) */
    long warmup;              /* first incidents left out of statistics */
    int baseline;             /* model index the others are compared with */
    char outages[PATH_MAX];   /* outage CSV to replay instead of generating; "" = none;
                                 absolute, and a valid INI value (inifile_unsafe) */
    int resample;             /* simulation.resample: SCN_RESAMPLE_AUTO, _NONE or _WEEKS
                                 (how replications replay an outage list, run.h) */
    int resampled;            /* derived by the run assembly (run.h): 1 when this
                                 scenario's list is resampled by weeks, 0 otherwise */
    long max_in_flight;       /* runaway guard: incidents unresolved at once */
    long max_events;          /* guard: engine events per replay, 0 = no limit */
    long start;               /* simulation.start: minute 0 is its 00:00, days from
                                 1970-01-01; LONG_MIN = not given (2026-01-05) */
    long start_day;           /* derived: start, or 2026-01-05 when not given */
    int start_dow;            /* derived: its weekday, 0 = Monday */
    char tz[SCN_ZONE];        /* simulation.tz: the reference zone (the users'); "" = none */
    int placed;               /* derived: 1 when simulation.tz, a schedule's tz or
                                 any holiday is given: parties and the organisation
                                 keep their hours through cal_sites (replay.c), the
                                 tables unrotated and placed by their shifts */
    cal_holidays cal_hol;     /* calendar.holidays: the calendar's closed dates */
    cal_holidays cal_hol_all; /* derived: those and calendar.holidays_file's */
    char cal_hol_file[PATH_MAX]; /* calendar.holidays_file; "" = none */
    long holiday_end;         /* derived: the last date (days from 1970) any holiday
                                 file gives, LONG_MAX when a rule never ends or no
                                 file is read; a run past it warns (the CLI) */
    cal_shift ref_shift;      /* derived when placed: the reference zone's shift (the
                                 calendar's, and that of schedules with no tz) */

    /* [organisation]: who the IT serves.  The simulation reads users,
     * revenue, loaded_cost_per_hour and revenue_business only through the
     * severities' derived downtime costs (cost_business, cost_wall); the
     * implied figures (implied.h) and the money labels read the rest. */
    long users;               /* people served; 0 = unknown */
    int sites;                /* locations (offices, plants); at least 1 */
    double revenue;           /* annual revenue, in currency; 0 = unknown */
    char currency[SCN_CURRENCY]; /* code or symbol of every money amount, e.g. USD */
    char country[SCN_COUNTRY];   /* ISO 3166-1 alpha-2 (or 3166-2) code; "" = unknown */
    double loaded_cost_per_hour; /* an employee's wages + benefits an hour, in currency */
    int revenue_business;     /* 1: revenue is earned in the calendar's business
                                 minutes only; 0: evenly round the clock */

    cal_hours cal;            /* business hours: the one window of [calendar] */
    char cal_text[CAL_SCHED_TEXT]; /* calendar.hours: "" = open/close/days */
    uint32_t org_schedules;   /* organisation.schedule: bit k = schedule k; 0 = the
                                 calendar */
    int nsched;               /* named schedules */
    scn_schedule sched[SCN_MAX_SCHED];
    /* derived (load.c, derive_schedules): */
    cal_sched cal_sched;      /* the calendar's hours: every party's by default */
    cal_sched org_sched;      /* the organisation's hours: downtime cost and
                                 revenue per business minute */
    double org_week_open;     /* their open minutes in an ordinary week, as
                                 scn_party's week_open: revenue per business minute */

    double per_week;          /* mean incidents per week */
    double weekday[24];       /* relative arrival rate per hour, Mon-Fri */
    double weekend[24];       /* relative arrival rate per hour, Sat-Sun */
    int arrival_holidays;     /* arrivals.holidays: 1 = the calendar's holidays take
                                 the weekend profile; 0 = their weekday's */
    dist user_report_delay;   /* blind spot: minutes until a user reports it */

    int nsev;                 /* severities, in priority order */
    scn_severity sev[SCN_MAX_SEV];
    int ncat;                 /* categories */
    scn_category cat[SCN_MAX_CAT];
    int nparty;               /* parties */
    scn_party party[SCN_MAX_PARTIES];
    int nmodel;               /* ownership models */
    scn_model model[SCN_MAX_MODELS];

    /* every file the load read, in first-read order: the scenario, its
     * includes, then the empirical-distribution CSVs of the final values
     * (provenance.h); owned, freed by scn_destroy */
    char **inputs;
    int ninputs;
} scenario;

/* Does some category of s ever need a vendor (vendor_prob > 0)?  The
 * `vendor` stage and its metric are shown only then (NULL: no). */
static inline int scn_has_vendors(const scenario *s)
{
    for (int c = 0; s && c < s->ncat; c++)
        if (s->cat[c].vendor_prob > 0)
            return 1;
    return 0;
}

/* Does some category of s have major incidents (major_prob, docs/model.md
 * §4.11)? */
static inline bool scn_has_major(const scenario *s)
{
    for (int c = 0; c < s->ncat; c++)
        for (int v = 0; v < s->nsev; v++)
            if (s->cat[c].major_prob[v] > 0)
                return true;
    return false;
}

/* Does some party of s have intake agents under some model (intake_staff)? */
static inline bool scn_has_intake(const scenario *s)
{
    for (int m = 0; m < s->nmodel; m++)
        for (int p = 0; p < s->nparty; p++)
            if (s->model[m].intake_staff[p] > 0)
                return true;
    return false;
}

/* One --set override, kept as text until the file has been read. */
typedef struct scn_override {
    const char *key;          /* "section.key", e.g. "model.co_managed.misroute_prob" */
    const char *value;        /* the text after '=' */
    const char *origin;       /* named in errors: "--vary"; NULL = "--set" */
} scn_override;

/* What kind of value a key takes. */
typedef enum scn_keykind {
    SCN_KEY_UNKNOWN = -1,     /* no such key */
    SCN_KEY_NUMBER,           /* a real number */
    SCN_KEY_INTEGER,          /* a whole number */
    SCN_KEY_DIST,             /* a distribution */
    SCN_KEY_OTHER             /* names, lists, times of day, ... */
} scn_keykind;

/* Load path, apply overrides in order, validate.  NULL with e set
 * (OS_ERR_INPUT naming file:line and key; OS_ERR_ENV for I/O) on failure. */
scenario *scn_load(const char *path, const scn_override *ov, int nov,
                   os_error *e);
void scn_destroy(scenario *s);

/* The text of a scenario file and its includes, read once (opaque). */
typedef struct scn_source scn_source;

/* Read path and its includes.  Errors of the files themselves (missing,
 * unreadable, a key twice, an include cycle) are found here; everything
 * about the keys' values, by scn_resolve.  NULL with e set on failure. */
scn_source *scn_read(const char *path, os_error *e);

/* The scenario of src with overrides applied in order, validated: the same
 * scenario scn_load(path, ov, nov) gives while the files are unchanged.
 * Reads only the files src has not read yet (an empirical CSV first named
 * by an override).  src collects what it read, so one caller at a time.
 * NULL with e set on failure. */
scenario *scn_resolve(scn_source *src, const scn_override *ov, int nov, os_error *e);

/* The path src was read from, as given to scn_read (owned by src). */
const char *scn_source_path(const scn_source *src);

void scn_source_free(scn_source *src);

/* The entries of section secname (e.g. "uncertainty", which the resolver leaves to
 * the analyses) as read from the files, in file order, each to fn with its
 * file and line.  Stops at the first fn that returns nonzero and returns
 * that; else 0. */
typedef int (*scn_entry_fn)(void *ctx, const char *key, const char *value, const char *file,
                            int line);
int scn_source_entries(const scn_source *src, const char *secname, scn_entry_fn fn,
                       void *ctx);

/* Split "section.key=value" (as given to --set) into an override that points
 * into text.  0, or -1 with e set. */
int scn_split_override(char *text, scn_override *out, os_error *e);

/* Write the fully resolved scenario (every key, defaults included) as INI
 * that scn_load() reads back to an identical scenario. */
int scn_write(const scenario *s, FILE *f);

/* Print the key reference (section, key, default, meaning) as Markdown. */
void scn_write_reference(FILE *f);

/* One row of the key reference, for generators of other formats (the man
 * page ownsim-scenario(5), shell completion).  Strings point into the key
 * table (static). */
typedef struct scn_keyref {
    const char *section;   /* the section kind: "party"; the header is [party.NAME]
                              when named, else [section] */
    bool named;            /* the section is [section.NAME], any number of them */
    const char *key;       /* the key's name in the file */
    const char *def;       /* the default as text; "" = see the meaning */
    char allowed[64];      /* the allowed values, as the reference shows them */
    const char *doc;       /* one-line meaning, with unit */
} scn_keyref;

/* Row i of the key reference, in the order scn_write_reference prints
 * (sections in the section table's order, keys in the key table's): 0, or
 * -1 when i is past the last row. */
int scn_key_ref(size_t i, scn_keyref *out);

/* The kind of "section.key" (e.g. "model.x.misroute_prob"), whether or not
 * such a section exists in any scenario. */
scn_keykind scn_key_kind(const char *fullkey);

/* One number or distribution of a scenario, as the analyses (sensitivity,
 * uncertainty) enumerate them (src/scenario/keyinfo.c). */
#define SCN_KEY_TEXT (3 * SCN_NAME + 32)   /* longest "section.NAME.key" + 1 */
typedef struct scn_numkey {
    char key[SCN_KEY_TEXT];   /* "model.co_managed.misroute_prob" */
    scn_keykind kind;         /* SCN_KEY_NUMBER, SCN_KEY_INTEGER or SCN_KEY_DIST */
    double min, max;          /* a number's domain (the key table's); 0, 0 for a dist */
    uint32_t readers;         /* bit m: model m may read it (scn_key_readers) */
} scn_numkey;

/* Every key of s that holds one number, whole number or distribution,
 * [simulation] left out (run settings), in the order scn_write prints
 * them, into *out (malloc'd, the caller frees it), *n of them.  0, or -1
 * when out of memory. */
int scn_numeric_keys(const scenario *s, scn_numkey **out, int *n);

/* The models of s that may read "section.NAME.key": a [model.X] key model X
 * only; a [party.P] key the models where P is the service desk or owns or
 * monitors a category; any other key every model.  0, or -1 when s has no
 * such key. */
int scn_key_readers(const scenario *s, const char *fullkey, uint32_t *readers);

/* The domain [min, max] of a number or whole-number key ("model.x.misroute_prob":
 * 0..1).  0, or -1 when the key is no such key. */
int scn_key_domain(const char *fullkey, double *min, double *max);

/* The resolved value of "section.key" in s, as text scn_load() reads back.
 * 0, or -1 when s has no such section or key. */
int scn_get(const scenario *s, const char *fullkey, char *buf, size_t n);

/* Whether the override key fullkey is shadowed in s: for party.P.staff
 * (party.P.oncall_staff), the models whose own staff (oncall_staff) list
 * names P keep their number whatever the party's is.  The number of such models (0 for any other key), with a
 * sentence naming each model and the key that wins in msg (n bytes). */
int scn_shadowed(const scenario *s, const char *fullkey, char *msg, size_t n);

/* Keep only the models list names ("A,B": names separated by commas), in
 * s's order, and drop the others with what they own, so that nothing runs
 * them; the baseline must be among them (its index follows).  A model's
 * results do not depend on which others run (common random numbers,
 * rng.h).  origin names the option in errors ("--models").  0, or -1
 * with e set (an unknown or repeated name, the baseline left out), s
 * unchanged. */
int scn_keep_models(scenario *s, const char *list, const char *origin, os_error *e);

/* Index of a model or party by name, -1 when absent. */
int scn_model_index(const scenario *s, const char *name);
/* The model named name, for option opt ("--model"): 0 with *out its index,
 * or -1 with e naming opt, the scenario and the closest model name. */
int scn_model_lookup(const scenario *s, const char *name, const char *opt, int *out,
                     os_error *e);
int scn_party_index(const scenario *s, const char *name);

#endif
