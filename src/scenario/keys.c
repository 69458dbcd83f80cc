/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * keys.c — the scenario's schema: the section table, the key table, and the
 * interface of each key type (its parser, printer, free and copy).
 *
 * Nothing else in the loader or the writer knows a section kind or a key
 * type by name: numbering, defaults, freeing (every field whose type owns
 * memory, in every element of its section), writing and the reference all
 * walk the tables, so a new key is one row and a new type one set of
 * functions and one row of key_types[].
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
#include <stdarg.h>
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
#define OFF_SC(f) offsetof(scn_schedule, f)
#define BIG 1e12
#define MAX_MINUTES 1e12   /* largest time a distribution may produce */

#define NAMED(type, arr_, count_, min_, max_)                                        \
    .named = true, .min = (min_), .max = (max_), .arr = offsetof(scenario, arr_),      \
    .count = offsetof(scenario, count_), .size = sizeof(type),                         \
    .name_off = offsetof(type, name)

const secdef scn_secs[SEC_NKINDS] = {
    [SEC_SIMULATION] = {.name = "simulation"},
    [SEC_ORGANISATION] = {.name = "organisation"},
    [SEC_CALENDAR] = {.name = "calendar"},
    [SEC_ARRIVALS] = {.name = "arrivals"},
    [SEC_SCHEDULE] = {.name = "schedule", NAMED(scn_schedule, sched, nsched, 0, SCN_MAX_SCHED)},
    [SEC_SEVERITY] = {.name = "severity", NAMED(scn_severity, sev, nsev, 1, SCN_MAX_SEV)},
    [SEC_CATEGORY] = {.name = "category", NAMED(scn_category, cat, ncat, 1, SCN_MAX_CAT)},
    [SEC_PARTY] = {.name = "party", NAMED(scn_party, party, nparty, 1, SCN_MAX_PARTIES)},
    [SEC_MODEL] = {.name = "model", NAMED(scn_model, model, nmodel, 1, SCN_MAX_MODELS)},
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
    {SEC_SIMULATION, "start", KT_DATE, OFF_S(start), 0, 0, "",
     "date of minute 0 (YYYY-MM-DD, 00:00 in the reference zone): it sets the weekday "
     "each simulated day falls on; empty = 2026-01-05, a Monday"},
    {SEC_SIMULATION, "tz", KT_ZONE, OFF_S(tz), 0, 0, "",
     "reference time zone (IANA, e.g. America/New_York), where the users are: minute 0 is "
     "00:00 of start there, minutes elapse in real time across its daylight-saving "
     "changes; empty = none (no zones: every schedule in one zone-less clock)"},
    {SEC_SIMULATION, "outages", KT_PATH, OFF_S(outages), 0, 0, "",
     "outage CSV to replay instead of generating outages; empty = generate"},
    {SEC_SIMULATION, "resample", KT_RESAMPLE, OFF_S(resample), 0, 0, "",
     "how replications replay an outage list: weeks = replication 0 replays it as is, the "
     "others whole weeks of it drawn with replacement (intervals include the outages' "
     "variation); none = every replication replays it as is (intervals cover the models' "
     "randomness only); empty = weeks when reps > 1, else none"},

    {SEC_ORGANISATION, "users", KT_LONG, OFF_S(users), 0, 1e9, "0",
     "people the IT serves (employees); 0 = unknown. The downtime cost of a severity's "
     "outage counts users x users_affected of them idle; the implied figures show "
     "incidents per user per month"},
    {SEC_ORGANISATION, "sites", KT_INT, OFF_S(sites), 1, 100000, "1",
     "locations (offices, plants): the implied business-wide outages a year are judged "
     "per site"},
    {SEC_ORGANISATION, "revenue", KT_DOUBLE, OFF_S(revenue), 0, BIG, "0",
     "annual revenue, in currency; 0 = unknown. A severity's revenue_lost share of each "
     "minute's revenue is a downtime cost; the implied downtime cost a year is shown as a "
     "share of it"},
    {SEC_ORGANISATION, "revenue_clock", KT_SLA_CLOCK, OFF_S(revenue_business), 0, 0,
     "business",
     "business: the revenue is earned in the organisation's business minutes "
     "(organisation.schedule; an office business: an outage at night loses none); wall: "
     "evenly round the clock (a web shop)"},
    {SEC_ORGANISATION, "loaded_cost_per_hour", KT_DOUBLE, OFF_S(loaded_cost_per_hour), 0,
     BIG, "0",
     "an employee's wages plus benefits per hour worked, in currency: what an idle "
     "user's business hour costs"},
    {SEC_ORGANISATION, "currency", KT_CURRENCY, OFF_S(currency), 0, 0, "USD",
     "code or symbol of every money amount (cost_per_minute, loaded_cost_per_hour, "
     "cost_per_staff_year, fee_per_year, revenue): labels the table and charts; CSV money columns stay plain "
     "numbers in it"},
    {SEC_ORGANISATION, "country", KT_COUNTRY, OFF_S(country), 0, 0, "",
     "ISO 3166-1 alpha-2 country code (or a 3166-2 subdivision, e.g. US-CA), for public "
     "holidays; not used yet; empty = none"},
    {SEC_ORGANISATION, "schedule", KT_SCHEDULES, OFF_S(org_schedules), 0, 0, "",
     "the organisation's hours, which the downtime cost of idle users and "
     "business-hours revenue count: a [schedule.NAME], or several joined with + (their "
     "union); empty = the calendar's hours"},

    {SEC_CALENDAR, "open", KT_CLOCK, OFF_S(cal.open), 0, 1440, "08:00",
     "business hours start (HH:MM)"},
    {SEC_CALENDAR, "close", KT_CLOCK, OFF_S(cal.close), 0, 1440, "17:00",
     "business hours end (HH:MM), after open"},
    {SEC_CALENDAR, "days", KT_DAYS, OFF_S(cal.days), 0, 0, "mon-fri",
     "business days, e.g. mon-fri or mon,wed,fri"},
    {SEC_CALENDAR, "holidays", KT_HOLIDAYS, OFF_S(cal_hol), 0, 0, "",
     "the calendar's closed dates (see [schedule.NAME] holidays); empty = none"},
    {SEC_CALENDAR, "holidays_file", KT_HOLFILE, OFF_S(cal_hol_file), 0, 0, "",
     "an iCalendar (.ics) file of the calendar's closed dates (see [schedule.NAME] "
     "holidays_file), or country: the list shipped for organisation.country; empty = none"},
    {SEC_CALENDAR, "hours", KT_HOURS, OFF_S(cal_text), 0, 0, "",
     "the default hours as a schedule (see [schedule.NAME] hours), replacing open, close "
     "and days; empty = days open-close"},

    {SEC_SCHEDULE, "hours", KT_HOURS, OFF_SC(hours), 0, 0, "mon-fri 08:00-17:00",
     "open hours: 24x7, none, or comma-separated DAYS HH:MM-HH:MM [HH:MM-HH:MM...], e.g. "
     "mon-fri 07:00-19:00, sat 09:00-13:00; an interval whose end is not after its start "
     "runs past midnight (mon-fri 22:00-06:00)"},
    {SEC_SCHEDULE, "holidays", KT_HOLIDAYS, OFF_SC(hol), 0, 0, "",
     "closed dates of its own wall clock, e.g. 2026-01-19, 2026-05-25 (each closes the "
     "whole date); empty = none"},
    {SEC_SCHEDULE, "holidays_file", KT_HOLFILE, OFF_SC(hol_file), 0, 0, "",
     "an iCalendar (.ics) file of more closed dates: each VEVENT's start date, repeated "
     "by its RRULE (read with libical), or country: the list shipped for "
     "organisation.country (scenarios/holidays/CC.ics); empty = none"},
    {SEC_SCHEDULE, "tz", KT_ZONE, OFF_SC(tz), 0, 0, "",
     "its IANA time zone, e.g. Asia/Kolkata (tzdata, daylight saving included); empty = "
     "the reference zone (simulation.tz)"},

    {SEC_ARRIVALS, "holidays", KT_HOLMODE, OFF_S(arrival_holidays), 0, 0, "",
     "the arrival profile on the calendar's holidays: weekend (their arrivals follow the "
     "weekend weights) or weekday (empty: their own weekday's)"},
    {SEC_ARRIVALS, "per_week", KT_DOUBLE, OFF_S(per_week), 1e-9, BIG, "50",
     "mean number of incidents per week"},
    {SEC_ARRIVALS, "weekday", KT_HOURLY, OFF_S(weekday), 0, BIG, "1",
     "relative arrival rate for each hour 00..23 of Monday-Friday (24 numbers, or 1 for all)"},
    {SEC_ARRIVALS, "weekend", KT_HOURLY, OFF_S(weekend), 0, BIG, "1",
     "relative arrival rate for each hour of Saturday and Sunday"},
    {SEC_ARRIVALS, "user_report_delay", KT_DIST, OFF_S(user_report_delay), 0, 0,
     "lognormal(median=30, p90=120)",
     "minutes until users report an incident that no party monitors (blind spot)"},

    {SEC_SEVERITY, "label", KT_LABEL, OFF_V(label), 0, 0, "",
     "display label of the severity in the table and charts (any printable UTF-8, spaces "
     "allowed); empty = the name with '_' as blanks, first letter capitalised"},
    {SEC_SEVERITY, "effort", KT_DIST, OFF_V(effort), 0, 0,
     "lognormal(median=60, p90=240)", "hands-on minutes to resolve at skill factor 1"},
    {SEC_SEVERITY, "sla_response", KT_DOUBLE, OFF_V(sla_response), 0, BIG, "60",
     "target minutes from ticket opened to acknowledged"},
    {SEC_SEVERITY, "sla_resolve", KT_DOUBLE, OFF_V(sla_resolve), 0, BIG, "480",
     "target minutes from ticket opened to resolved"},
    {SEC_SEVERITY, "sla_clock", KT_SLA_CLOCK, OFF_V(sla_business), 0, 0, "wall",
     "wall: SLA targets count every minute; business: only the open minutes of its "
     "sla_schedule"},
    {SEC_SEVERITY, "sla_schedule", KT_SLA_SCHED, OFF_V(sla_schedule), 0, 0, "",
     "the hours a business SLA clock counts: a [schedule.NAME] (in its zone, with its "
     "holidays); empty or service_desk = the hours of each model's service_desk party "
     "(its schedule, else the calendar's; not its coverage)"},
    {SEC_SEVERITY, "users_affected", KT_DOUBLE, OFF_V(users_affected), 0, 1, "0",
     "share of the organisation's users an outage of this severity affects (1 = everyone)"},
    {SEC_SEVERITY, "work_lost", KT_DOUBLE, OFF_V(work_lost), 0, 1, "1",
     "share of an affected user's work that stops while it lasts (1 = idle)"},
    {SEC_SEVERITY, "revenue_lost", KT_DOUBLE, OFF_V(revenue_lost), 0, 1, "0",
     "share of the revenue earned while it lasts that is lost rather than deferred"},
    {SEC_SEVERITY, "cost_per_minute", KT_DOUBLE, OFF_V(cost_per_minute), 0, BIG, "0",
     "a flat extra downtime cost per wall-clock minute of time to resolution (penalties, "
     "or a figure of your own), added to the cost built from users and revenue"},

    {SEC_CATEGORY, "label", KT_LABEL, OFF_C(label), 0, 0, "",
     "display label of the category in the table and charts (any printable UTF-8, spaces "
     "allowed); empty = the name with '_' as blanks, first letter capitalised"},
    {SEC_CATEGORY, "weight", KT_DOUBLE, OFF_C(weight), 0, BIG, "1",
     "relative share of incidents in this category"},
    {SEC_CATEGORY, "severities", KT_SEV_NUM, OFF_C(sev_mix), 0, BIG, "",
     "relative share of each severity, e.g. P1:1, P2:4, P3:10; empty = equal"},
    /* vendor coordination (docs/model.md §4.12) */
    {SEC_CATEGORY, "vendor_prob", KT_OPT_NUM, OFF_C(vendor_prob), 0, 1, "0",
     "probability that an outage of this category needs a vendor (ISP, SaaS or hardware "
     "vendor) to fix it, after its owner's work; 0 = never"},
    {SEC_CATEGORY, "vendor_response", KT_OPT_DIST, OFF_C(vendor_response), 0, 0, "0",
     "the vendor's minutes from the coordinator's call to engaging, counted in the "
     "vendor's hours (vendor_schedule); charged to the vendor stage"},
    {SEC_CATEGORY, "vendor_fix", KT_OPT_DIST, OFF_C(vendor_fix), 0, 0, "0",
     "the vendor's minutes from engaging to the fix, counted in its hours; charged to "
     "the vendor stage"},
    {SEC_CATEGORY, "vendor_schedule", KT_SCHEDULES, OFF_C(vendor_schedules), 0, 0, "",
     "the vendor's hours: a [schedule.NAME], or several joined with +; its response "
     "and fix count only its open minutes; empty = around the clock (24x7)"},
    /* major incidents and ticket bursts (docs/model.md §4.11) */
    {SEC_CATEGORY, "major_prob", KT_SEV_PROB, OFF_C(major_prob), 0, 1, "",
     "probability an outage of each severity is a major incident, e.g. P1:0.5, P2:0.05; "
     "others 0 (never)"},
    {SEC_CATEGORY, "burst_tickets", KT_OPT_DIST, OFF_C(burst_tickets), 0, 0, "0",
     "duplicate user tickets a major incident brings (each acknowledged, and triaged in "
     "a gray area, then closed with it), rounded to a whole number; at most 100000"},
    {SEC_CATEGORY, "burst_spread", KT_OPT_DIST, OFF_C(burst_spread), 0, 0, "0",
     "minutes from a major incident's outage until each of its duplicate tickets is "
     "opened, drawn per ticket"},

    {SEC_PARTY, "label", KT_LABEL, OFF_P(label), 0, 0, "",
     "display label of the party in the table and charts (any printable UTF-8, spaces "
     "allowed); empty = the name with '_' as blanks, first letter capitalised"},
    {SEC_PARTY, "staff", KT_INT, OFF_P(staff), 0, 100000, "1",
     "parallel workers (a model may override with its staff key)"},
    {SEC_PARTY, "coverage", KT_COVERAGE, OFF_P(always_on), 0, 0, "business",
     "24x7, or business (the calendar's hours)"},
    {SEC_PARTY, "schedule", KT_SCHEDULES, OFF_P(schedules), 0, 0, "",
     "the hours it keeps when coverage = business: a [schedule.NAME], or one per site "
     "joined with + (it works while any site is open: follow the sun); empty = the "
     "calendar's hours"},
    {SEC_PARTY, "ack_coverage", KT_COVERAGE, OFF_P(ack_always), 0, 0, "business",
     "when the party acknowledges new tickets: 24x7 (a desk or NOC staffed around the "
     "clock acknowledges, and routes, even when its engineers are off), or business (only "
     "when it covers the ticket, as for work)"},
    {SEC_PARTY, "oncall", KT_SEVSET, OFF_P(oncall), 0, 0, "none",
     "severities that get an after-hours call-out, e.g. P1+P2, or none"},
    {SEC_PARTY, "callout_delay", KT_DIST, OFF_P(callout_delay), 0, 0,
     "lognormal(median=20, p90=45)", "minutes for the on-call engineer to engage"},
    /* after hours (docs/model.md §4.6-4.8; a model's oncall_staff is with its staff) */
    {SEC_PARTY, "oncall_staff", KT_OPT_COUNT, OFF_P(oncall_staff), 0, 100000, "",
     "on-call engineers after hours, apart from the daytime staff: they alone start work "
     "while the party is closed, and call-outs queue for them; empty = none of its own, "
     "the staff answer call-outs (a model may override with its oncall_staff key)"},
    {SEC_PARTY, "at_close", KT_AT_CLOSE, OFF_P(at_close), 0, 0, "finish",
     "work in hand at closing time: finish (runs to completion), or pause (work on a "
     "severity not on call stops at closing and goes on at the next opening)"},
    /* preemption (docs/model.md §4.9) */
    {SEC_PARTY, "preempt", KT_OPT_SEVSET, OFF_P(preempt), 0, 0, "none",
     "severities whose tickets, finding no free worker, interrupt the work in hand of "
     "the lowest severity below their own, e.g. P1 or P1+P2; none = never (the work in "
     "hand runs to completion)"},
    {SEC_PARTY, "resume_penalty", KT_OPT_DIST, OFF_P(resume_penalty), 0, 0, "0",
     "minutes of work an interrupted job adds when it resumes (getting back into it), "
     "drawn at each interruption"},
    /* support groups (docs/model.md §4.10) */
    {SEC_PARTY, "escalate_to", KT_OPT_PARTY, OFF_P(escalate_to), 0, 0, "",
     "support groups: the next group (another party) a ticket this party does not "
     "resolve at first contact goes to, e.g. a service desk's engineers; empty = none "
     "(it resolves every ticket it works: the last group, or a party without groups)"},
    {SEC_PARTY, "fcr", KT_CAT_PROB, OFF_P(fcr), 0, 1, "",
     "support groups: probability it resolves a ticket of each category itself (first-"
     "contact resolution), e.g. apps:0.7, endpoints:0.6; others 0; read only with "
     "escalate_to"},
    {SEC_PARTY, "escalate_work", KT_OPT_DIST, OFF_P(escalate_work), 0, 0, "0",
     "support groups: share of a ticket's effort (at its skill) it works before "
     "escalating to escalate_to"},
    {SEC_PARTY, "escalate_delay", KT_OPT_DIST, OFF_P(escalate_delay), 0, 0, "0",
     "support groups: minutes from its escalation until the ticket reaches escalate_to "
     "(charged to the handoff stage)"},
    {SEC_PARTY, "escalate_context_loss", KT_OPT_NUM, OFF_P(escalate_context_loss), 0, BIG,
     "0", "support groups: rework added to the effort when it escalates to escalate_to "
     "(as the model's context_loss per handoff)"},
    {SEC_PARTY, "ack_delay", KT_DIST, OFF_P(ack_delay), 0, 0, "5",
     "minutes to acknowledge a new ticket (intake)"},
    {SEC_PARTY, "intake_staff", KT_OPT_COUNT, OFF_P(intake_staff), 1, 100000, "",
     "intake agents: each acknowledgement (and, in a gray area, each triage at this "
     "party) occupies one, first come first served, so a burst of tickets delays the "
     "others; empty = no limit, acknowledgement needs no worker (a model may override "
     "with its intake_staff key)"},
    {SEC_PARTY, "detect_delay", KT_DIST, OFF_P(detect_delay), 0, 0, "5",
     "minutes for this party's monitoring to raise an alert"},
    {SEC_PARTY, "tool", KT_NAME, OFF_P(tool), 0, 0, "",
     "ticketing tool; empty = a tool of its own (the party's name)"},
    {SEC_PARTY, "skill", KT_CAT_NUM, OFF_P(skill), 1e-6, BIG, "",
     "effort multiplier per category, e.g. security:0.7, apps:1.5; others 1"},

    {SEC_PARTY, "cost_per_staff_year", KT_DOUBLE, OFF_P(cost_per_staff_year), 0, BIG, "0",
     "loaded yearly cost of one worker (salary, overheads), for annual cost"},

    {SEC_MODEL, "label", KT_LABEL, OFF_M(label), 0, 0, "",
     "display label of the model in the table and charts (any printable UTF-8, spaces "
     "allowed); empty = the name with '_' as blanks, first letter capitalised"},
    {SEC_MODEL, "owners", KT_CAT_OWNERS, OFF_M(owner), 0, 0, "",
     "owner of every category, e.g. network:msp, security:internal+msp (a+b = gray area)"},
    {SEC_MODEL, "monitors", KT_CAT_MONITOR, OFF_M(monitor), 0, 0, "",
     "party monitoring each category, e.g. network:msp; unlisted = nobody (blind spot)"},
    {SEC_MODEL, "service_desk", KT_PARTY, OFF_M(service_desk), 0, 0, "",
     "party where users report incidents; empty = the first party"},
    {SEC_MODEL, "staff", KT_PARTY_INT, OFF_M(staff), 0, 100000, "",
     "workers per party under this model, e.g. msp:4; unlisted = the party's staff; "
     "one party's entry is the key model.NAME.staff.PARTY (see Overriding keys)"},
    {SEC_MODEL, "oncall_staff", KT_PARTY_INT, OFF_M(oncall_staff), 0, 100000, "",
     "on-call engineers per party under this model, e.g. msp:2; unlisted = the party's "
     "oncall_staff; one party's entry is the key model.NAME.oncall_staff.PARTY"},
    {SEC_MODEL, "intake_staff", KT_PARTY_INT, OFF_M(intake_staff), 1, 100000, "",
     "intake agents per party under this model, e.g. desk:3; unlisted = the party's "
     "intake_staff; one party's entry is the key model.NAME.intake_staff.PARTY"},
    {SEC_MODEL, "major_incident", KT_MAJOR, OFF_M(major_bridge), 0, 0, "none",
     "major-incident process: bridge (a major incident in a gray area engages every "
     "listed party at once for bridge_delay instead of triage, misroutes, bounces and "
     "orphaning), or none"},
    {SEC_MODEL, "bridge_delay", KT_OPT_DIST, OFF_M(bridge_delay), 0, 0, "0",
     "with major_incident = bridge: minutes the bridge call takes to settle the owner"},
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
    {SEC_MODEL, "vendor_coordinator", KT_CAT_COORD, OFF_M(vendor_coord), 0, 0, "",
     "who calls the vendor per category, e.g. network:internal, saas:internal+msp (a+b "
     "= gray area: triage, misroutes, orphaning); unlisted = the party that did the "
     "owner's work (docs/model.md §4.12)"},
    {SEC_MODEL, "fee_per_year", KT_DOUBLE, OFF_M(fee_per_year), 0, BIG, "0",
     "yearly contract fees and tools of this arrangement, for annual cost"},
    {SEC_MODEL, "sla_response", KT_SEV_TARGET, OFF_M(sla_response), 0, BIG, "",
     "response target minutes per severity that this model is held to, e.g. P1:30, P2:120; "
     "unlisted = the severity's sla_response"},
    {SEC_MODEL, "sla_resolve", KT_SEV_TARGET, OFF_M(sla_resolve), 0, BIG, "",
     "resolve target minutes per severity that this model is held to, e.g. P1:480; "
     "unlisted = the severity's sla_resolve"},
    {SEC_MODEL, "sla_clock", KT_SEV_CLOCK, OFF_M(sla_business), 0, 0, "",
     "SLA clock per severity under this model, e.g. P3:business, P4:business; "
     "unlisted = the severity's sla_clock"},
    {SEC_MODEL, "sla_schedule", KT_SEV_SCHED, OFF_M(sla_schedule), 0, 0, "",
     "the hours each severity's business SLA clock counts under this model, e.g. "
     "P3:onshore, P4:service_desk (this model's service desk's hours); unlisted = the "
     "severity's sla_schedule"},
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

/* ---- the section table ------------------------------------------------- */

int sec_lookup(const char *name, size_t len)
{
    for (int k = 0; k < SEC_NKINDS; k++)
        if (strlen(scn_secs[k].name) == len && !strncmp(name, scn_secs[k].name, len))
            return k;
    return -1;
}

int sec_count(const scenario *s, sec_kind sec)
{
    const secdef *d = &scn_secs[sec];
    return d->named ? *(const int *)((const char *)s + d->count) : 1;
}

void *key_base(scenario *s, sec_kind sec, int idx)
{
    const secdef *d = &scn_secs[sec];
    return d->named ? (char *)s + d->arr + (size_t)idx * d->size : (void *)s;
}

const char *sec_name(const scenario *s, sec_kind sec, int idx)
{
    return (const char *)key_base((scenario *)s, sec, idx) + scn_secs[sec].name_off;
}

int sec_find(const scenario *s, sec_kind sec, const char *name)
{
    for (int i = 0, n = sec_count(s, sec); i < n; i++)
        if (!strcmp(sec_name(s, sec, i), name))
            return i;
    return -1;
}

int sec_add(scenario *s, sec_kind sec, const char *name)
{
    const secdef *d = &scn_secs[sec];
    int *count = (int *)((char *)s + d->count);
    if (*count == d->max)
        return -1;
    snprintf((char *)key_base(s, sec, *count) + d->name_off, SCN_NAME, "%s", name);
    return (*count)++;
}

void sec_list(char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int k = 0; k < SEC_NKINDS && len < n; k++) {
        int w = snprintf(buf + len, n - len, "%s%s%s", k ? ", " : "", scn_secs[k].name,
                         scn_secs[k].named ? ".NAME" : "");
        if (w > 0)
            len += (size_t)w;
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

/* The element of kind sec named [b, e), with a reason naming the kind. */
static int resolve(const scenario *s, sec_kind sec, const char *b, const char *e,
                   char *why, size_t n)
{
    const char *what = scn_secs[sec].name;
    char name[SCN_NAME + 16];
    if (span_str(b, e, name, sizeof name) < 0) {
        snprintf(why, n, "%s name too long", what);
        return -1;
    }
    int i = sec_find(s, sec, name);
    if (i < 0)
        snprintf(why, n, "unknown %s '%s'", what, name);
    return i;
}

/*
 * Walk a list "a:x, b:y": each item's name is an element of kind sec (a
 * category, a severity, a party: the kind names it in messages) and may
 * appear once — a second "a:..." would silently replace the first — then
 * item() reads the value span for element i, called name.  Items are
 * separated by commas.
 */
typedef int (*item_fn)(const scenario *s, void *field, int i, const char *name,
                       const char *vb, const char *ve, const keydef *k, char *why,
                       size_t n);

static int walk_list(const scenario *s, const char *text, void *field,
                     const keydef *k, sec_kind sec, item_fn item, char *why, size_t n)
{
    uint64_t seen = 0;   /* every kind has at most 64 elements (test_scenario.c) */
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
        int i = resolve(s, sec, nb, ne, why, n);
        if (i < 0)
            return -1;
        if (seen & (UINT64_C(1) << i)) {
            snprintf(why, n, "%s '%.*s' listed twice", scn_secs[sec].name, (int)(ne - nb), nb);
            return -1;
        }
        seen |= UINT64_C(1) << i;
        if (item(s, field, i, sec_name(s, sec, i), vb, ve, k, why, n) < 0)
            return -1;
        p = comma ? comma + 1 : end;
    }
    return 0;
}

/* name:number, the number within the key's range. */
static int item_num(const scenario *s, void *field, int i, const char *name,
                    const char *vb, const char *ve, const keydef *k, char *why, size_t n)
{
    (void)s;
    double v;
    num_status st = num_span(vb, ve, &v);
    if (st != NUM_OK || v < k->min || v > k->max) {
        num_reason(st, vb, ve, k, 0, name, why, n);
        return -1;
    }
    ((double *)field)[i] = v;
    return 0;
}

static int item_party_int(const scenario *s, void *field, int i, const char *name,
                          const char *vb, const char *ve, const keydef *k, char *why,
                          size_t n)
{
    (void)s;
    double v;
    if (num_span(vb, ve, &v) != NUM_OK || v != floor(v) || v < k->min || v > k->max) {
        snprintf(why, n, "'%.*s' for %s is not a whole number in [%g, %g]",
                 (int)(ve - vb), vb, name, k->min, k->max);
        return -1;
    }
    ((int *)field)[i] = (int)v;
    return 0;
}

static int item_owner(const scenario *s, void *field, int c, const char *cat,
                      const char *vb, const char *ve, const keydef *k, char *why, size_t n)
{
    (void)k;
    uint32_t mask = 0;
    const char *p = vb;
    while (p < ve) {
        const char *plus = memchr(p, '+', (size_t)(ve - p));
        const char *end = plus ? plus : ve;
        char *b = (char *)p, *e = (char *)end;
        trim(&b, &e);
        int party = resolve(s, SEC_PARTY, b, e, why, n);
        if (party < 0)
            return -1;
        if (mask & (1u << party)) {
            snprintf(why, n, "party '%s' named twice for '%s'",
                     s->party[party].name, cat);
            return -1;
        }
        mask |= 1u << party;
        p = plus ? plus + 1 : ve;
    }
    if (!mask) {
        snprintf(why, n, "no owner given for '%s'", cat);
        return -1;
    }
    ((uint32_t *)field)[c] = mask;
    return 0;
}

static int item_monitor(const scenario *s, void *field, int c, const char *cat,
                        const char *vb, const char *ve, const keydef *k, char *why,
                        size_t n)
{
    (void)k;
    (void)cat;
    int *mon = field;
    if (ve - vb == 4 && !memcmp(vb, "none", 4)) {
        mon[c] = -1;
        return 0;
    }
    int party = resolve(s, SEC_PARTY, vb, ve, why, n);
    if (party < 0)
        return -1;
    mon[c] = party;
    return 0;
}

/* ---- the key types ------------------------------------------------------ *
 *
 * One parser and one printer per type (and a free and copy for the types
 * that own memory), gathered in key_types[] below.  A parser gets the key's
 * field (base + k->off) and checks the value on its own — its grammar, its
 * range, the names it refers to; checks between keys are load.c's
 * validate().  On -1 the field owns nothing new.
 */

/* Append to buf at *len, never past n. */
static void app(char *buf, size_t n, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

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

#define PARSE(name)                                                                     \
    static int parse_##name(const scenario *s, const keydef *k, void *field,            \
                            const char *text, const char *dir, char *why, size_t n)
#define FORMAT(name)                                                                    \
    static void format_##name(const scenario *s, const keydef *k, const void *field,    \
                              char *buf, size_t n)
#define UNUSED_PARSE (void)s, (void)k, (void)dir
#define UNUSED_FORMAT (void)s, (void)k

/* KT_DOUBLE */
PARSE(double)
{
    UNUSED_PARSE;
    double v;
    num_status st = num_span(text, text + strlen(text), &v);
    if (st != NUM_OK || v < k->min || v > k->max) {
        num_reason(st, text, text + strlen(text), k, 0, NULL, why, n);
        return -1;
    }
    *(double *)field = v;
    return 0;
}

FORMAT(double)
{
    UNUSED_FORMAT;
    fmt_num(*(const double *)field, buf, n);
}

/* KT_INT and KT_LONG: read as a real number, so that 1e4 is 10000 */
static int parse_whole(const keydef *k, const char *text, double *v, char *why, size_t n)
{
    const char *tend = text + strlen(text);
    num_status st = num_span(text, tend, v);
    if (st == NUM_OK && *v != floor(*v))
        st = NUM_SYNTAX;
    if (st != NUM_OK || *v < k->min || *v > k->max) {
        num_reason(st, text, tend, k, 1, NULL, why, n);
        return -1;
    }
    return 0;
}

PARSE(int)
{
    UNUSED_PARSE;
    double v;
    if (parse_whole(k, text, &v, why, n) < 0)
        return -1;
    *(int *)field = (int)v;
    return 0;
}

FORMAT(int)
{
    UNUSED_FORMAT;
    snprintf(buf, n, "%d", *(const int *)field);
}

PARSE(long)
{
    UNUSED_PARSE;
    double v;
    if (parse_whole(k, text, &v, why, n) < 0)
        return -1;
    *(long *)field = (long)v;
    return 0;
}

FORMAT(long)
{
    UNUSED_FORMAT;
    snprintf(buf, n, "%ld", *(const long *)field);
}

/* KT_SEED: digits only (no sign, no exponent); num_parse_int checks the
 * grammar and reads up to 2^63-1, strtoull the digits above that */
PARSE(seed)
{
    UNUSED_PARSE;
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

FORMAT(seed)
{
    UNUSED_FORMAT;
    snprintf(buf, n, "%llu", (unsigned long long)*(const uint64_t *)field);
}

/* KT_DIST: the field owns the distribution (an empirical one its data) */
PARSE(dist)
{
    (void)s, (void)k;
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
    dist_free(field);
    *(dist *)field = d;
    return 0;
}

FORMAT(dist)
{
    UNUSED_FORMAT;
    dist_format(field, buf, n);
}

static void free_dist(void *field)
{
    dist_free(field);
}

static int copy_dist(void *dst, const void *src)
{
    return dist_copy(dst, src);
}

/* read from a file: an empirical distribution */
static bool filed_dist(const void *field)
{
    return ((const dist *)field)->kind == DIST_EMPIRICAL;
}

/* KT_NAME */
PARSE(name)
{
    UNUSED_PARSE;
    if (text[0] && !valid_name(text)) {
        snprintf(why, n, "'%s' is not a name (letters, digits, _ and -, "
                 "at most %d characters)", text, SCN_NAME - 1);
        return -1;
    }
    strcpy(field, text);
    return 0;
}

/* KT_CURRENCY: letters, digits, '$', '.' and the currency symbols and
 * letters of a few Unicode blocks, in UTF-8; never a blank, a control or
 * formatting character, or what INI, CSV or gnuplot would read specially */
static bool currency_char(unsigned cp)
{
    if (cp < 0x80)
        return isalnum((int)cp) || cp == '$' || cp == '.';
    return (cp >= 0xA2 && cp <= 0xA5)                    /* ¢ £ ¤ ¥ */
           || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) /* Latin */
           || (cp >= 0x370 && cp <= 0x4FF)               /* Greek, Cyrillic */
           || cp == 0xE3F                                /* ฿ */
           || (cp >= 0x20A0 && cp <= 0x20CF);            /* € ₹ ₽ ₺ ... */
}

/* The code point of the UTF-8 sequence at p (its length in *len), or -1 for
 * a malformed, overlong or truncated sequence. */
static long utf8_next(const unsigned char *p, int *len)
{
    int n = p[0] < 0x80 ? 1 : (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3
          : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!n)
        return -1;
    long cp = n == 1 ? p[0] : p[0] & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return -1;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    static const long least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    *len = n;
    return cp;
}

PARSE(currency)
{
    UNUSED_PARSE;
    size_t len = strlen(text);
    bool ok = len > 0 && len < SCN_CURRENCY;
    for (const unsigned char *p = (const unsigned char *)text; ok && *p;) {
        int step = 1;
        long cp = utf8_next(p, &step);
        ok = cp >= 0 && currency_char((unsigned)cp);
        p += step;
    }
    if (!ok) {
        snprintf(why, n, "'%s' is not a currency code or symbol (e.g. USD, EUR, $, €: "
                 "letters, digits, $ and currency signs, at most %d bytes)", text,
                 SCN_CURRENCY - 1);
        return -1;
    }
    strcpy(field, text);
    return 0;
}

/* KT_LABEL: "", or printable UTF-8 that an INI line carries back unchanged
 * (inifile_unsafe: no control character, no blank at either end, no " ;"),
 * with no C1 control or Unicode format/separator character that would draw
 * nothing or break a line in a chart.  Anything else, quotes and '%'
 * included, is the label's own: whoever draws it must escape it. */
PARSE(label)
{
    UNUSED_PARSE;
    size_t len = strlen(text);
    const char *unsafe = inifile_unsafe(text);
    bool ok = len < SCN_LABEL && !unsafe;
    for (const unsigned char *p = (const unsigned char *)text; ok && *p;) {
        int step = 1;
        long cp = utf8_next(p, &step);
        ok = cp >= 0x20 && !(cp >= 0x7F && cp <= 0x9F) && !(cp >= 0x200B && cp <= 0x200F) &&
             !(cp >= 0x2028 && cp <= 0x202E) && cp != 0xFEFF;
        p += step;
    }
    if (!ok) {
        if (unsafe)
            snprintf(why, n, "the label %s", unsafe);
        else
            snprintf(why, n, "'%s' is not a label: printable UTF-8 of at most %d bytes, "
                     "with no control or invisible formatting character", text, SCN_LABEL - 1);
        return -1;
    }
    strcpy(field, text);
    return 0;
}

/* KT_COUNTRY: "", or two capital letters, optionally "-" and one to three
 * capitals or digits (an ISO 3166-2 subdivision).  The grammar only: the
 * code lists are not kept here. */
PARSE(country)
{
    UNUSED_PARSE;
    size_t len = strlen(text);
    bool ok = len == 0 || ((len == 2 || (len >= 4 && len <= 6 && text[2] == '-')) &&
                           isupper((unsigned char)text[0]) && isupper((unsigned char)text[1]));
    for (size_t i = 3; ok && i < len; i++)
        ok = isupper((unsigned char)text[i]) || isdigit((unsigned char)text[i]);
    ok = ok && len < SCN_COUNTRY;
    if (!ok) {
        snprintf(why, n, "'%s' is not an ISO 3166 country code (two capital letters such "
                 "as US or DE, or a subdivision such as US-CA)", text);
        return -1;
    }
    strcpy(field, text);
    return 0;
}

/* KT_NAME, KT_PATH, KT_CURRENCY, KT_COUNTRY and KT_LABEL */
FORMAT(string)
{
    UNUSED_FORMAT;
    snprintf(buf, n, "%s", (const char *)field);
}

/* KT_PATH: stored absolute, so a resolved scenario written elsewhere still
 * finds the file */
PARSE(path)
{
    (void)s, (void)k;
    char *out = field;
    if (!text[0] || !strcmp(text, "-")) {   /* "-": standard input (csvfile.h) */
        snprintf(out, PATH_MAX, "%s", text);
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
    strcpy(out, real);
    return 0;
}

/* KT_HOLFILE: a path, or the word `country` (the shipped list of
 * organisation.country, found at load when the country is known) */
PARSE(holfile)
{
    if (!strcmp(text, SCN_HOLIDAYS_COUNTRY)) {
        strcpy(field, SCN_HOLIDAYS_COUNTRY);
        return 0;
    }
    return parse_path(s, k, field, text, dir, why, n);
}

static bool filed_holfile(const void *field)
{
    return ((const char *)field)[0] != '\0' && strcmp(field, SCN_HOLIDAYS_COUNTRY) != 0;
}

/* checked against a file: any path but "" */
static bool filed_path(const void *field)
{
    return ((const char *)field)[0] != '\0';
}

/* KT_CLOCK */
PARSE(clock)
{
    UNUSED_PARSE;
    if (cal_parse_clock(text, field) < 0) {
        snprintf(why, n, "'%s' is not a time of day HH:MM", text);
        return -1;
    }
    return 0;
}

FORMAT(clock)
{
    UNUSED_FORMAT;
    cal_format_clock(*(const double *)field, buf, (unsigned)n);
}

/* KT_DAYS */
PARSE(days)
{
    UNUSED_PARSE;
    if (cal_parse_days(text, field) < 0) {
        snprintf(why, n, "'%s' is not a list of days (e.g. mon-fri)", text);
        return -1;
    }
    return 0;
}

FORMAT(days)
{
    UNUSED_FORMAT;
    cal_format_days(*(const unsigned *)field, buf, (unsigned)n);
}

/* KT_HOURLY */
PARSE(hourly)
{
    UNUSED_PARSE;
    double w[24];
    int count = 0;
    const char *p = text, *tend = text + strlen(text);
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

FORMAT(hourly)
{
    UNUSED_FORMAT;
    const double *w = field;
    char num[40];
    size_t len = 0;
    buf[0] = '\0';
    int same = 1;
    for (int h = 1; h < 24; h++)
        same &= w[h] == w[0];
    for (int h = 0; h < (same ? 1 : 24); h++) {
        fmt_num(w[h], num, sizeof num);
        app(buf, n, &len, "%s%s", h ? ", " : "", num);
    }
}

/* KT_COVERAGE and KT_SLA_CLOCK: word a (the int va) or word b (!va) */
static int parse_word(const char *a, int va, const char *b, void *field, const char *text,
                      char *why, size_t n)
{
    if (strcmp(text, a) && strcmp(text, b)) {
        snprintf(why, n, "'%s' is not %s or %s", text, a, b);
        return -1;
    }
    *(int *)field = !strcmp(text, a) ? va : !va;
    return 0;
}

PARSE(coverage)
{
    UNUSED_PARSE;
    return parse_word("24x7", 1, "business", field, text, why, n);
}

FORMAT(coverage)
{
    UNUSED_FORMAT;
    snprintf(buf, n, "%s", *(const int *)field ? "24x7" : "business");
}

PARSE(sla_clock)
{
    UNUSED_PARSE;
    return parse_word("wall", 0, "business", field, text, why, n);
}

FORMAT(sla_clock)
{
    UNUSED_FORMAT;
    snprintf(buf, n, "%s", *(const int *)field ? "business" : "wall");
}

/* KT_SEVSET */
PARSE(sevset)
{
    UNUSED_PARSE;
    unsigned mask = 0;
    if (strcmp(text, "none") != 0 && text[0]) {
        const char *p = text, *tend = text + strlen(text);
        while (1) {
            const char *sep = strpbrk(p, "+,");
            const char *end = sep ? sep : tend;
            char *b = (char *)p, *e = (char *)end;
            trim(&b, &e);
            int i = resolve(s, SEC_SEVERITY, b, e, why, n);
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

FORMAT(sevset)
{
    UNUSED_FORMAT;
    unsigned mask = *(const unsigned *)field;
    size_t len = 0;
    buf[0] = '\0';
    if (!mask)
        snprintf(buf, n, "none");
    for (int i = 0; i < s->nsev; i++)
        if (mask & (1u << i))
            app(buf, n, &len, "%s%s", len ? "+" : "", s->sev[i].name);
}

/* KT_HOURS: checked by compiling it; "" only where the key's default is "" */
PARSE(hours)
{
    (void)s, (void)dir;
    if (strlen(text) >= CAL_SCHED_TEXT) {
        snprintf(why, n, "hours longer than %d bytes", CAL_SCHED_TEXT - 1);
        return -1;
    }
    if (text[0] || k->def[0]) {
        cal_sched c;
        if (cal_sched_parse(text, &c, why, (unsigned)n) < 0)
            return -1;
    }
    snprintf(field, CAL_SCHED_TEXT, "%s", text);
    return 0;
}

/* KT_SCHEDULES: "a+b" (each once), "" = none */
PARSE(schedules)
{
    UNUSED_PARSE;
    uint32_t mask = 0;
    const char *p = text;
    while (*p) {
        const char *plus = strchr(p, '+');
        const char *e = plus ? plus : p + strlen(p);
        const char *b = p;
        while (b < e && isblank((unsigned char)*b))
            b++;
        while (e > b && isblank((unsigned char)e[-1]))
            e--;
        int i = resolve(s, SEC_SCHEDULE, b, e, why, n);
        if (i < 0)
            return -1;
        if (mask & (1u << i)) {
            snprintf(why, n, "schedule '%s' named twice", s->sched[i].name);
            return -1;
        }
        mask |= 1u << i;
        if (!plus)
            break;
        p = plus + 1;
    }
    *(uint32_t *)field = mask;
    return 0;
}

FORMAT(schedules)
{
    UNUSED_FORMAT;
    uint32_t mask = *(const uint32_t *)field;
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < s->nsched; i++)
        if (mask & (1u << i))
            app(buf, n, &len, "%s%s", len ? "+" : "", s->sched[i].name);
}

/* KT_DATE */
PARSE(date)
{
    UNUSED_PARSE;
    if (!text[0]) {
        *(long *)field = LONG_MIN;
        return 0;
    }
    if (cal_parse_date(text, field) < 0) {
        snprintf(why, n, "'%s' is not a date YYYY-MM-DD that exists", text);
        return -1;
    }
    return 0;
}

FORMAT(date)
{
    UNUSED_FORMAT;
    long d = *(const long *)field;
    if (d == LONG_MIN)
        buf[0] = '\0';
    else
        cal_format_date(d, buf, (unsigned)n);
}

/* KT_ZONE */
PARSE(zone)
{
    UNUSED_PARSE;
    if (strlen(text) >= SCN_ZONE || (text[0] && !cal_zone_known(text))) {
        snprintf(why, n, "unknown time zone '%s' (an IANA name such as Europe/Paris)", text);
        return -1;
    }
    snprintf(field, SCN_ZONE, "%s", text);
    return 0;
}

/* A choice of two words stored as 0 or 1, the first also written "" (and
 * "" read as it), so that a scenario.ini without the key stays as it was:
 * KT_HOLMODE (weekday | weekend) and KT_AT_CLOSE (finish | pause). */
static int parse_two_words(const char *text, void *field, const char *w0, const char *w1,
                           char *why, size_t n)
{
    if (!text[0] || !strcmp(text, w0))
        *(int *)field = 0;
    else if (!strcmp(text, w1))
        *(int *)field = 1;
    else {
        snprintf(why, n, "'%s' is not %s or %s", text, w0, w1);
        return -1;
    }
    return 0;
}

PARSE(holmode)
{
    UNUSED_PARSE;
    return parse_two_words(text, field, "weekday", "weekend", why, n);
}

FORMAT(holmode)
{
    UNUSED_FORMAT;
    snprintf(buf, n, "%s", *(const int *)field ? "weekend" : "");
}

/* KT_OPT_COUNT: "" = -1, none; written as "" so old scenario.ini files stay */
PARSE(opt_count)
{
    UNUSED_PARSE;
    double v;
    if (!text[0]) {
        *(int *)field = -1;
        return 0;
    }
    if (parse_whole(k, text, &v, why, n) < 0)
        return -1;
    *(int *)field = (int)v;
    return 0;
}

FORMAT(opt_count)
{
    UNUSED_FORMAT;
    int v = *(const int *)field;
    if (v < 0)
        buf[0] = '\0';
    else
        snprintf(buf, n, "%d", v);
}

/* KT_AT_CLOSE: finish (0) or pause (1) */
PARSE(at_close)
{
    UNUSED_PARSE;
    return parse_two_words(text, field, "finish", "pause", why, n);
}

FORMAT(at_close)
{
    UNUSED_FORMAT;
    snprintf(buf, n, "%s", *(const int *)field ? "pause" : "");
}

/* KT_OPT_SEVSET: a KT_SEVSET written as "" while empty, so that the
 * scenario.ini of a scenario without the key stays as it was */
PARSE(opt_sevset)
{
    return parse_sevset(s, k, field, text, dir, why, n);
}

FORMAT(opt_sevset)
{
    if (*(const unsigned *)field)
        format_sevset(s, k, field, buf, n);
    else
        buf[0] = '\0';
}

/* KT_OPT_DIST: a KT_DIST, "" = the constant 0, written as "" while it is
 * the constant 0 (as KT_OPT_SEVSET) */
PARSE(opt_dist)
{
    return parse_dist(s, k, field, text[0] ? text : "0", dir, why, n);
}

FORMAT(opt_dist)
{
    const dist *d = field;
    if (d->kind == DIST_CONST && d->p[0] == 0.0)
        buf[0] = '\0';
    else
        format_dist(s, k, field, buf, n);
}

/* KT_HOLIDAYS */
PARSE(holidays)
{
    UNUSED_PARSE;
    cal_holidays *h = field;
    memset(h, 0, sizeof *h);
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p)
            break;
        char date[16];
        size_t len = strcspn(p, ", \t");
        long day;
        if (len >= sizeof date || (memcpy(date, p, len), date[len] = '\0',
                                   cal_parse_date(date, &day) < 0)) {
            snprintf(why, n, "'%.*s' is not a date YYYY-MM-DD that exists", (int)len, p);
            h->n = 0;
            return -1;
        }
        if (cal_holidays_add(h, day) < 0) {
            snprintf(why, n, "more than %d holidays", CAL_MAX_HOLIDAYS);
            h->n = 0;
            return -1;
        }
        p += len;
    }
    return 0;
}

FORMAT(holidays)
{
    UNUSED_FORMAT;
    const cal_holidays *h = field;
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < h->n; i++) {
        char d[16];
        cal_format_date(h->day[i], d, sizeof d);
        app(buf, n, &len, "%s%s", i ? ", " : "", d);
    }
}

/* KT_PARTY: "" = the first party */
PARSE(party)
{
    UNUSED_PARSE;
    int i = text[0] ? resolve(s, SEC_PARTY, text, text + strlen(text), why, n) : 0;
    if (i < 0)
        return -1;
    *(int *)field = i;
    return 0;
}

FORMAT(party)
{
    UNUSED_FORMAT;
    snprintf(buf, n, "%s", s->party[*(const int *)field].name);
}

/* KT_OPT_PARTY: 1 + the party's index; "" = none (0), written as "" */
PARSE(opt_party)
{
    UNUSED_PARSE;
    int i = text[0] ? resolve(s, SEC_PARTY, text, text + strlen(text), why, n) : -1;
    if (i < 0 && text[0])
        return -1;
    *(int *)field = i + 1;
    return 0;
}

FORMAT(opt_party)
{
    UNUSED_FORMAT;
    int i = *(const int *)field;
    snprintf(buf, n, "%s", i > 0 ? s->party[i - 1].name : "");
}

/* KT_OPT_NUM: "" = 0, written as "" while 0 */
PARSE(opt_num)
{
    if (!text[0]) {
        *(double *)field = 0;
        return 0;
    }
    return parse_double(s, k, field, text, dir, why, n);
}

FORMAT(opt_num)
{
    if (*(const double *)field == 0)
        buf[0] = '\0';
    else
        format_double(s, k, field, buf, n);
}

/* KT_MODEL: "" = fully_managed if there is one, else the first model */
PARSE(model)
{
    UNUSED_PARSE;
    int i = text[0] ? resolve(s, SEC_MODEL, text, text + strlen(text), why, n)
                    : sec_find(s, SEC_MODEL, "fully_managed");
    if (i < 0 && text[0])
        return -1;
    *(int *)field = i < 0 ? 0 : i;
    return 0;
}

FORMAT(model)
{
    UNUSED_FORMAT;
    snprintf(buf, n, "%s", s->model[*(const int *)field].name);
}

/* KT_CAT_OWNERS */
PARSE(cat_owners)
{
    (void)dir;
    memset(field, 0, sizeof(uint32_t) * SCN_MAX_CAT);
    return walk_list(s, text, field, k, SEC_CATEGORY, item_owner, why, n);
}

FORMAT(cat_owners)
{
    UNUSED_FORMAT;
    const uint32_t *owner = field;
    size_t len = 0;
    buf[0] = '\0';
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
}

/* KT_CAT_MONITOR: unlisted = nobody (-1) */
PARSE(cat_monitor)
{
    (void)dir;
    for (int c = 0; c < SCN_MAX_CAT; c++)
        ((int *)field)[c] = -1;
    return walk_list(s, text, field, k, SEC_CATEGORY, item_monitor, why, n);
}

FORMAT(cat_monitor)
{
    UNUSED_FORMAT;
    const int *mon = field;
    size_t len = 0;
    buf[0] = '\0';
    for (int c = 0; c < s->ncat; c++)
        if (mon[c] >= 0)
            app(buf, n, &len, "%s%s:%s", len ? ", " : "", s->cat[c].name,
                s->party[mon[c]].name);
}

/* The numbers per category or per severity (sec) of KT_CAT_NUM,
 * KT_CAT_PROB, KT_SEV_PROB, KT_SEV_TARGET and KT_SEV_NUM: every element
 * set to `fill` (what an unlisted one means), then the list's items. */
static int parse_num_list(const scenario *s, const keydef *k, void *field, const char *text,
                          sec_kind sec, double fill, char *why, size_t n)
{
    double *v = field;
    for (int i = 0, max = sec == SEC_CATEGORY ? SCN_MAX_CAT : SCN_MAX_SEV; i < max; i++)
        v[i] = fill;
    return walk_list(s, text, field, k, sec, item_num, why, n);
}

/* Such a list written back, "a:x, b:y", in the scenario's order: the
 * elements whose value is not `unlisted` (every element when all). */
static void format_num_list(const scenario *s, const double *v, sec_kind sec, double unlisted,
                            bool all, char *buf, size_t n)
{
    char num[40];
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0, cnt = sec_count(s, sec); i < cnt; i++)
        if (all || v[i] != unlisted) {
            fmt_num(v[i], num, sizeof num);
            app(buf, n, &len, "%s%s:%s", len ? ", " : "", sec_name(s, sec, i), num);
        }
}

/* KT_CAT_NUM: unlisted = 1 */
PARSE(cat_num)
{
    (void)dir;
    return parse_num_list(s, k, field, text, SEC_CATEGORY, 1, why, n);
}

FORMAT(cat_num)
{
    (void)k;
    format_num_list(s, field, SEC_CATEGORY, 1, false, buf, n);
}

/* KT_CAT_PROB: unlisted = 0, written as the categories that are not */
PARSE(cat_prob)
{
    (void)dir;
    return parse_num_list(s, k, field, text, SEC_CATEGORY, 0, why, n);
}

FORMAT(cat_prob)
{
    (void)k;
    format_num_list(s, field, SEC_CATEGORY, 0, false, buf, n);
}

/* KT_SEV_PROB: unlisted = 0, written as the severities that are not */
PARSE(sev_prob)
{
    (void)dir;
    return parse_num_list(s, k, field, text, SEC_SEVERITY, 0, why, n);
}

FORMAT(sev_prob)
{
    (void)k;
    format_num_list(s, field, SEC_SEVERITY, 0, false, buf, n);
}

/* KT_MAJOR: none (0) or bridge (1) */
PARSE(major)
{
    UNUSED_PARSE;
    return parse_two_words(text, field, "none", "bridge", why, n);
}

FORMAT(major)
{
    UNUSED_FORMAT;
    snprintf(buf, n, "%s", *(const int *)field ? "bridge" : "");
}

/* KT_RESAMPLE: "" = auto, none, weeks; written "" at auto so that a
 * scenario.ini without the key stays as it was */
PARSE(resample)
{
    UNUSED_PARSE;
    if (!text[0])
        *(int *)field = SCN_RESAMPLE_AUTO;
    else if (!strcmp(text, "none"))
        *(int *)field = SCN_RESAMPLE_NONE;
    else if (!strcmp(text, "weeks"))
        *(int *)field = SCN_RESAMPLE_WEEKS;
    else {
        snprintf(why, n, "'%s' is not none or weeks (or empty: weeks when reps > 1)", text);
        return -1;
    }
    return 0;
}

FORMAT(resample)
{
    UNUSED_FORMAT;
    int v = *(const int *)field;
    snprintf(buf, n, "%s", v == SCN_RESAMPLE_NONE ? "none" : v == SCN_RESAMPLE_WEEKS ? "weeks" : "");
}

/* KT_SEV_NUM: unlisted = 0; "" = 1 for every severity; written whole */
PARSE(sev_num)
{
    (void)dir;
    if (text[0])
        return parse_num_list(s, k, field, text, SEC_SEVERITY, 0, why, n);
    double *mix = field;
    for (int i = 0; i < SCN_MAX_SEV; i++)
        mix[i] = i < s->nsev ? 1 : 0;
    return 0;
}

FORMAT(sev_num)
{
    (void)k;
    format_num_list(s, field, SEC_SEVERITY, 0, true, buf, n);
}

/* KT_PARTY_INT: unlisted = -1, "as the party says" (filled in by load.c) */
PARSE(party_int)
{
    (void)dir;
    for (int i = 0; i < SCN_MAX_PARTIES; i++)
        ((int *)field)[i] = -1;
    return walk_list(s, text, field, k, SEC_PARTY, item_party_int, why, n);
}

FORMAT(party_int)
{
    UNUSED_FORMAT;
    const int *v = field;
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < s->nparty; i++)
        if (v[i] >= 0)
            app(buf, n, &len, "%s%s:%d", len ? ", " : "", s->party[i].name, v[i]);
}

/* KT_SEV_TARGET: unlisted = -1, "as the severity says" (filled in by load.c);
 * targets are >= 0, so the written ones are those that are not -1 */
PARSE(sev_target)
{
    (void)dir;
    return parse_num_list(s, k, field, text, SEC_SEVERITY, -1, why, n);
}

FORMAT(sev_target)
{
    (void)k;
    format_num_list(s, field, SEC_SEVERITY, -1, false, buf, n);
}

/* KT_SEV_CLOCK: a KT_SLA_CLOCK word per severity; unlisted = -1, "as the
 * severity says" (filled in by load.c) */
static int item_clock(const scenario *s, void *field, int i, const char *name,
                      const char *vb, const char *ve, const keydef *k, char *why, size_t n)
{
    (void)s, (void)k;
    int len = (int)(ve - vb);
    int *v = field;
    if (len == 4 && !memcmp(vb, "wall", 4))
        v[i] = 0;
    else if (len == 8 && !memcmp(vb, "business", 8))
        v[i] = 1;
    else {
        snprintf(why, n, "'%.*s' for %s is not wall or business", len, vb, name);
        return -1;
    }
    return 0;
}

PARSE(sev_clock)
{
    (void)dir;
    for (int i = 0; i < SCN_MAX_SEV; i++)
        ((int *)field)[i] = -1;
    return walk_list(s, text, field, k, SEC_SEVERITY, item_clock, why, n);
}

FORMAT(sev_clock)
{
    UNUSED_FORMAT;
    const int *v = field;
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < s->nsev; i++)
        if (v[i] >= 0)
            app(buf, n, &len, "%s%s:%s", len ? ", " : "", s->sev[i].name,
                v[i] ? "business" : "wall");
}

/* KT_SLA_SCHED and the items of KT_SEV_SCHED: [b, e) names a schedule, or
 * is service_desk (SCN_SLA_DESK; "" too where empty allows it) */
static int sla_sched_of(const scenario *s, const char *b, const char *e, bool empty,
                        int *out, char *why, size_t n)
{
    static const char desk[] = "service_desk";
    size_t len = (size_t)(e - b);
    if (len == sizeof desk - 1 && !memcmp(b, desk, len)) {
        if (sec_find(s, SEC_SCHEDULE, desk) >= 0) {
            snprintf(why, n, "'%s' names both the model's service desk and "
                     "[schedule.%s]: rename the schedule", desk, desk);
            return -1;
        }
        *out = SCN_SLA_DESK;
        return 0;
    }
    if (!len && empty) {
        *out = SCN_SLA_DESK;
        return 0;
    }
    int i = resolve(s, SEC_SCHEDULE, b, e, why, n);
    if (i < 0)
        return -1;
    *out = i;
    return 0;
}

PARSE(sla_sched)
{
    UNUSED_PARSE;
    return sla_sched_of(s, text, text + strlen(text), true, field, why, n);
}

FORMAT(sla_sched)
{
    UNUSED_FORMAT;
    int i = *(const int *)field;
    snprintf(buf, n, "%s", i >= 0 ? s->sched[i].name : "");
}

/* KT_SEV_SCHED: unlisted = SCN_SLA_UNSET, "as the severity says" (filled
 * in by load.c) */
static int item_sched(const scenario *s, void *field, int i, const char *name,
                      const char *vb, const char *ve, const keydef *k, char *why, size_t n)
{
    (void)k, (void)name;
    return sla_sched_of(s, vb, ve, false, &((int *)field)[i], why, n);
}

PARSE(sev_sched)
{
    (void)dir;
    for (int i = 0; i < SCN_MAX_SEV; i++)
        ((int *)field)[i] = SCN_SLA_UNSET;
    return walk_list(s, text, field, k, SEC_SEVERITY, item_sched, why, n);
}

/* A named schedule is written; the service desk's only where the
 * severity's own names a schedule (else the severity's empty value gives
 * it back), so a scenario that names none writes nothing. */
FORMAT(sev_sched)
{
    UNUSED_FORMAT;
    const int *v = field;
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < s->nsev; i++)
        if (v[i] >= 0)
            app(buf, n, &len, "%s%s:%s", len ? ", " : "", s->sev[i].name,
                s->sched[v[i]].name);
        else if (v[i] == SCN_SLA_DESK && s->sev[i].sla_schedule >= 0)
            app(buf, n, &len, "%s%s:service_desk", len ? ", " : "", s->sev[i].name);
}

#define PLAIN(name) .parse = parse_##name, .format = format_##name

const keytype key_types[KT_NTYPES] = {
    [KT_DOUBLE] = {PLAIN(double), .size = sizeof(double), .kind = SCN_KEY_NUMBER},
    [KT_INT] = {PLAIN(int), .size = sizeof(int), .kind = SCN_KEY_INTEGER},
    [KT_LONG] = {PLAIN(long), .size = sizeof(long), .kind = SCN_KEY_INTEGER},
    [KT_SEED] = {PLAIN(seed), .size = sizeof(uint64_t), .kind = SCN_KEY_INTEGER,
                 .allowed = "0 to 2^64-1"},
    [KT_DIST] = {PLAIN(dist), .free = free_dist, .copy = copy_dist, .from_file = filed_dist,
                 .size = sizeof(dist), .kind = SCN_KEY_DIST, .allowed = "distribution"},
    [KT_NAME] = {.parse = parse_name, .format = format_string, .size = SCN_NAME,
                 .kind = SCN_KEY_OTHER, .allowed = "name"},
    [KT_PATH] = {.parse = parse_path, .format = format_string, .from_file = filed_path,
                 .size = PATH_MAX, .kind = SCN_KEY_OTHER, .allowed = "file path"},
    [KT_CLOCK] = {PLAIN(clock), .size = sizeof(double), .kind = SCN_KEY_OTHER,
                  .allowed = "HH:MM"},
    [KT_DAYS] = {PLAIN(days), .size = sizeof(unsigned), .kind = SCN_KEY_OTHER,
                 .allowed = "days"},
    [KT_HOURLY] = {PLAIN(hourly), .size = 24 * sizeof(double), .kind = SCN_KEY_OTHER,
                   .allowed = "24 weights >= 0"},
    [KT_COVERAGE] = {PLAIN(coverage), .size = sizeof(int), .kind = SCN_KEY_OTHER,
                     .allowed = "24x7, business"},
    [KT_SLA_CLOCK] = {PLAIN(sla_clock), .size = sizeof(int), .kind = SCN_KEY_OTHER,
                      .allowed = "wall, business"},
    [KT_SEVSET] = {PLAIN(sevset), .size = sizeof(unsigned), .kind = SCN_KEY_OTHER,
                   .allowed = "severities"},
    [KT_PARTY] = {PLAIN(party), .size = sizeof(int), .kind = SCN_KEY_OTHER,
                  .allowed = "party"},
    [KT_MODEL] = {PLAIN(model), .size = sizeof(int), .kind = SCN_KEY_OTHER,
                  .allowed = "model"},
    [KT_CAT_OWNERS] = {PLAIN(cat_owners), .size = SCN_MAX_CAT * sizeof(uint32_t),
                       .kind = SCN_KEY_OTHER, .allowed = "category:party[+party]"},
    [KT_CAT_COORD] = {PLAIN(cat_owners), .size = SCN_MAX_CAT * sizeof(uint32_t),
                      .kind = SCN_KEY_OTHER, .allowed = "category:party[+party]",
                      .quiet = true},
    [KT_CAT_MONITOR] = {PLAIN(cat_monitor), .size = SCN_MAX_CAT * sizeof(int),
                        .kind = SCN_KEY_OTHER, .allowed = "category:party"},
    [KT_CAT_NUM] = {PLAIN(cat_num), .size = SCN_MAX_CAT * sizeof(double),
                    .kind = SCN_KEY_OTHER, .allowed = "category:number > 0"},
    [KT_SEV_NUM] = {PLAIN(sev_num), .size = SCN_MAX_SEV * sizeof(double),
                    .kind = SCN_KEY_OTHER, .allowed = "severity:number >= 0"},
    [KT_PARTY_INT] = {PLAIN(party_int), .size = SCN_MAX_PARTIES * sizeof(int),
                      .kind = SCN_KEY_OTHER, .allowed = "party:count", .quiet = true},
    [KT_SEV_TARGET] = {PLAIN(sev_target), .size = SCN_MAX_SEV * sizeof(double),
                       .kind = SCN_KEY_OTHER, .allowed = "severity:minutes >= 0"},
    [KT_SEV_CLOCK] = {PLAIN(sev_clock), .size = SCN_MAX_SEV * sizeof(int),
                      .kind = SCN_KEY_OTHER, .allowed = "severity:wall or business"},
    [KT_CURRENCY] = {.parse = parse_currency, .format = format_string, .size = SCN_CURRENCY,
                     .kind = SCN_KEY_OTHER, .allowed = "code or symbol"},
    [KT_LABEL] = {.parse = parse_label, .format = format_string, .size = SCN_LABEL,
                  .kind = SCN_KEY_OTHER, .allowed = "printable UTF-8"},
    [KT_COUNTRY] = {.parse = parse_country, .format = format_string, .size = SCN_COUNTRY,
                    .kind = SCN_KEY_OTHER, .allowed = "ISO 3166 code"},
    [KT_HOURS] = {.parse = parse_hours, .format = format_string, .size = CAL_SCHED_TEXT,
                  .kind = SCN_KEY_OTHER, .allowed = "schedule", .quiet = true},
    [KT_DATE] = {PLAIN(date), .size = sizeof(long), .kind = SCN_KEY_OTHER,
                 .allowed = "YYYY-MM-DD", .quiet = true},
    [KT_ZONE] = {.parse = parse_zone, .format = format_string, .size = SCN_ZONE,
                 .kind = SCN_KEY_OTHER, .allowed = "IANA zone", .quiet = true},
    [KT_HOLMODE] = {PLAIN(holmode), .size = sizeof(int), .kind = SCN_KEY_OTHER,
                    .allowed = "weekday, weekend", .quiet = true},
    [KT_HOLFILE] = {.parse = parse_holfile, .format = format_string,
                    .from_file = filed_holfile, .size = PATH_MAX, .kind = SCN_KEY_OTHER,
                    .allowed = "file path, country",
                    .quiet = true},
    [KT_OPT_COUNT] = {PLAIN(opt_count), .size = sizeof(int), .kind = SCN_KEY_OTHER,
                      .quiet = true},
    [KT_AT_CLOSE] = {PLAIN(at_close), .size = sizeof(int), .kind = SCN_KEY_OTHER,
                     .allowed = "finish, pause", .quiet = true},
    [KT_HOLIDAYS] = {PLAIN(holidays), .size = sizeof(cal_holidays), .kind = SCN_KEY_OTHER,
                     .allowed = "dates", .quiet = true},
    [KT_SCHEDULES] = {PLAIN(schedules), .size = sizeof(uint32_t), .kind = SCN_KEY_OTHER,
                      .allowed = "schedule[+schedule]", .quiet = true},
    [KT_SLA_SCHED] = {PLAIN(sla_sched), .size = sizeof(int), .kind = SCN_KEY_OTHER,
                      .allowed = "schedule, service_desk", .quiet = true},
    [KT_SEV_SCHED] = {PLAIN(sev_sched), .size = SCN_MAX_SEV * sizeof(int),
                      .kind = SCN_KEY_OTHER, .allowed = "severity:schedule or service_desk",
                      .quiet = true},
    [KT_OPT_SEVSET] = {PLAIN(opt_sevset), .size = sizeof(unsigned), .kind = SCN_KEY_OTHER,
                       .allowed = "severities", .quiet = true},
    /* SCN_KEY_OTHER: sensitivity --all and uncertainty leave it alone, so
     * that their files for scenarios without it stay as they were */
    [KT_OPT_DIST] = {PLAIN(opt_dist), .free = free_dist, .copy = copy_dist,
                     .from_file = filed_dist, .size = sizeof(dist), .kind = SCN_KEY_OTHER,
                     .allowed = "distribution", .quiet = true},
    [KT_OPT_PARTY] = {PLAIN(opt_party), .size = sizeof(int), .kind = SCN_KEY_OTHER,
                      .allowed = "party", .quiet = true},
    [KT_CAT_PROB] = {PLAIN(cat_prob), .size = SCN_MAX_CAT * sizeof(double),
                     .kind = SCN_KEY_OTHER, .allowed = "category:probability", .quiet = true},
    /* SCN_KEY_OTHER, as KT_OPT_DIST */
    [KT_OPT_NUM] = {PLAIN(opt_num), .size = sizeof(double), .kind = SCN_KEY_OTHER,
                    .quiet = true},
    [KT_SEV_PROB] = {PLAIN(sev_prob), .size = SCN_MAX_SEV * sizeof(double),
                     .kind = SCN_KEY_OTHER, .allowed = "severity:probability", .quiet = true},
    [KT_MAJOR] = {PLAIN(major), .size = sizeof(int), .kind = SCN_KEY_OTHER,
                  .allowed = "none, bridge", .quiet = true},
    [KT_RESAMPLE] = {PLAIN(resample), .size = sizeof(int), .kind = SCN_KEY_OTHER,
                     .allowed = "none, weeks", .quiet = true},
};

/* ---- through the interface ---------------------------------------------- */

int key_parse(const scenario *s, const keydef *k, void *base, const char *text,
              const char *dir, char *why, size_t n)
{
    return key_types[k->type].parse(s, k, (char *)base + k->off, text, dir, why, n);
}

void key_format(const scenario *s, const keydef *k, const void *base,
                char *buf, size_t n)
{
    key_types[k->type].format(s, k, (const char *)base + k->off, buf, n);
}

void key_free(key_type t, void *field)
{
    if (key_types[t].free)
        key_types[t].free(field);
}

int key_copy(key_type t, void *dst, const void *src)
{
    if (key_types[t].copy)
        return key_types[t].copy(dst, src);
    memcpy(dst, src, key_types[t].size);
    return 0;
}

bool key_from_file(key_type t, const void *field)
{
    return key_types[t].from_file && key_types[t].from_file(field);
}

void key_allowed(const keydef *k, char *buf, size_t n)
{
    if (key_types[k->type].allowed)
        snprintf(buf, n, "%s", key_types[k->type].allowed);
    else if (k->max < 1e12)
        snprintf(buf, n, "%g to %g", k->min, k->max);
    else if (k->min > 0 && k->min < 1e-6)   /* "positive" */
        snprintf(buf, n, "> 0");
    else
        snprintf(buf, n, ">= %g", k->min);
}

int key_each(scenario *s, key_visit fn, void *ctx)
{
    for (int kind = 0; kind < SEC_NKINDS; kind++)
        for (int i = 0, n = sec_count(s, (sec_kind)kind); i < n; i++) {
            char *base = key_base(s, (sec_kind)kind, i);
            for (size_t j = 0; j < scn_nkeys; j++) {
                const keydef *k = &scn_keys[j];
                int rc = (int)k->sec == kind ? fn(k, base + k->off, ctx) : 0;
                if (rc)
                    return rc;
            }
        }
    return 0;
}
