/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * incident.h — what happened to one incident under one ownership model.
 *
 * The stages partition the incident's life: every minute between the
 * outage and its resolution is counted in exactly one stage, so
 * ttr == sum of stage[] (the record stores the sum) and equals
 * t_resolved - t_occur up to rounding.  The last, `vendor`, is shown (as
 * a column, a metric, a bar) only in a scenario where some category may
 * need a vendor (inc_stage_count): every other scenario's files keep the
 * seven columns they had.
 */
#ifndef OWNSIM_INCIDENT_H
#define OWNSIM_INCIDENT_H

#include <stdbool.h>
#include <stdint.h>

typedef enum inc_stage {
    ST_DETECT,       /* outage -> ticket opened (monitoring or user report) */
    ST_INTAKE,       /* acknowledgement by the intake party */
    ST_OWNERSHIP,    /* triage, wrong assignees' wasted work, orphaning, escalation */
    ST_HANDOFF,      /* moving the ticket between parties */
    ST_AFTER_HOURS,  /* waiting for coverage, or an on-call call-out */
    ST_QUEUE,        /* waiting for a free worker */
    ST_WORK,         /* the owner's hands-on work, rework included */
    ST_VENDOR,       /* waiting for a vendor's response and fix (docs/model.md §4.12);
                        last, so that the first ST_VENDOR stages are the old ones */
    ST_COUNT
} inc_stage;

/* The stages a scenario's files show: all of them when some category may
 * need a vendor (vendors, scn_has_vendors), else the first ST_VENDOR. */
static inline int inc_stage_count(int vendors)
{
    return vendors ? ST_COUNT : ST_VENDOR;
}

/* Column names of the stages, in order ("detect", "intake", ...). */
extern const char *const inc_stage_names[ST_COUNT];

/* The display label of stage st ("Finding the owner"), for charts, the
 * table and reports; the CSVs keep inc_stage_names. */
const char *inc_stage_label(inc_stage st);

/* inc_record.major */
enum { INC_MAJOR = 1, INC_DUPLICATE = 2 };

typedef struct inc_record {
    uint64_t id;             /* position in the outage stream */
    int category;            /* scenario category index */
    int severity;            /* scenario severity index */
    int owner;               /* party that resolved it */
    int preempted;           /* times its work was interrupted by a more
                                urgent ticket (party preempt) */
    double t_occur;          /* minutes */
    double effort;           /* nominal effort, minutes at skill 1 */
    double stage[ST_COUNT];  /* minutes in each stage */
    double ttr;              /* sum of stage[] */
    double t_resolved;       /* clock at resolution */
    double response;         /* ticket opened -> acknowledged, minutes */
    double wasted_effort;    /* minutes worked by wrong assignees */
    double downtime_cost;    /* what the outage stopped (docs/model.md §5) */
    int handoffs;            /* moves between parties */
    int bounces;             /* wrong assignments bounced back */
    bool orphaned;           /* nobody picked it up until the time-out */
    bool escalated;          /* assigned by escalation */
    bool sla_response_breached; /* response > the model's sla_response[severity] */
    bool sla_resolve_breached;  /* opened -> resolved > the model's sla_resolve[severity] */
    bool sla_breached;          /* either of the two */
    bool group_escalated;    /* support groups: escalated from a group to its
                                next (escalate_to) at least once */
    uint8_t levels;          /* support groups: escalations from a group to its
                                next; 0 = resolved where it entered */
    uint8_t major;           /* major incidents (docs/model.md §4.11): 0, or
                                INC_MAJOR (the outage is one), or INC_DUPLICATE:
                                not an incident but a duplicate user ticket of
                                outage id, whose stages end when it is
                                acknowledged (and triaged) and linked to the
                                outage's ticket (one byte: the record fills
                                the flight's 256) */
} inc_record;

#endif
