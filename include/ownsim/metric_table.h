/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * metric_table.h — the metric table itself (see metric.h), one row per
 * metric in column order, as an X-macro so that both the rows
 * (src/stats/metric.c) and the command-line help (the list of metrics,
 * src/cli/main.c) are expanded from the same text.
 *
 * METRIC_TABLE(M, R) calls M for a column of models.csv (and sweep.csv) and
 * R for a column of replications.csv only, each as
 *     (name, label, unit, designated initialisers of the rest of the row)
 * The rest (struct metric in metric.c) is read only by metric.c, which
 * defines the helpers used here:
 *   .kind     how the value is computed (metric.c, enum metric_kind):
 *             K_MEAN     per replication: the rep_stats field; over the point:
 *                        the mean over the replications (each weighs the same)
 *             K_LO, K_HI the bounds of that mean's 95% interval (the point only)
 *             K_QUANTILE a TTR quantile: of the replication's own histogram,
 *                        and over the point of the pooled one
 *             K_SUM      a count: per replication, and summed over them
 *             K_REPS     the number of replications
 *             K_STAFF, K_FEE  the model's yearly staff cost, fee (scenario)
 *             K_TOTAL    a per-year rate from .field, plus staff cost and fee
 *             K_EVENTS   engine events (replications.csv only)
 *   .field    F(member): the rep_stats member read for every incident
 *   .sev      F(member): the per-severity array read for severities.csv
 *   .qi       K_QUANTILE: the index of its level (metric_rep_q)
 *   .scale    multiplies the member (100 for a share in %; 0 means 1)
 *   .per      P_INCIDENT, P_SHARE (of incidents), P_WEEK, P_YEAR, P_COUNT, P_REP
 *   .better   B_LOWER, B_HIGHER, B_NONE
 *   .in_sev, .in_reps   also a column of severities.csv, replications.csv
 *   .axis, .title  the sweep chart's y-axis label and heading (default: name)
 *   .only     a mechanism the metric belongs to (metric.c, enum metric_only):
 *             O_PREEMPT: a column only where some party preempts
 *             (metric_shown), so the files of every other scenario keep
 *             their columns; O_GROUPS: likewise where some party
 *             escalates to a next support group (escalate_to); O_VENDOR:
 *             where some category may need a vendor (vendor_prob > 0);
 *             O_MAJOR where some category has major incidents (major_prob);
 *             O_TICKETS where it has, or some party has intake agents
 *             (intake_staff)
 *   .doc      what it means (Markdown, docs/output.md)
 */
#ifndef OWNSIM_METRIC_TABLE_H
#define OWNSIM_METRIC_TABLE_H

#define METRIC_TABLE(M, R) \
    M("reps", "replications", "replications", .kind = K_REPS, .per = P_COUNT, \
      .better = B_NONE, .doc = "replications") \
    M("incidents", "counted incidents", "incidents", .kind = K_SUM, .field = F(n), \
      .sev = F(sev_n), .in_sev = 1, .in_reps = 1, .per = P_COUNT, .better = B_NONE, \
      .doc = "counted incidents, all replications together (replications.csv: of the " \
             "replication)") \
    M("ttr_mean", "mean time to resolution", "minutes", .kind = K_MEAN, .field = F(ttr), \
      .sev = F(sev_ttr), .in_sev = 1, .in_reps = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .axis = "mean time to resolution (minutes)", .title = "Mean time to resolution", \
      .doc = "mean time to resolution (outage → resolved)") \
    M("ttr_mean_lo", "lower 95% bound of ttr_mean", "minutes", .kind = K_LO, .field = F(ttr), \
      .sev = F(sev_ttr), .in_sev = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .axis = "ttr_mean_lo", \
      .doc = "lower bound of the 95% confidence interval of `ttr_mean`") \
    M("ttr_mean_hi", "upper 95% bound of ttr_mean", "minutes", .kind = K_HI, .field = F(ttr), \
      .sev = F(sev_ttr), .in_sev = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .axis = "ttr_mean_hi", \
      .doc = "upper bound of the 95% confidence interval of `ttr_mean`") \
    M("ttr_p50", "median time to resolution", "minutes", .kind = K_QUANTILE, \
      .qi = 0, .in_sev = 1, .in_reps = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .axis = "ttr_p50 (minutes)", .doc = "median TTR") \
    M("ttr_p90", "90th percentile of time to resolution", "minutes", .kind = K_QUANTILE, \
      .qi = 1, .in_sev = 1, .in_reps = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .axis = "ttr_p90 (minutes)", .doc = "90th percentile of TTR") \
    M("ttr_p99", "99th percentile of time to resolution", "minutes", .kind = K_QUANTILE, \
      .qi = 2, .in_sev = 1, .in_reps = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .axis = "ttr_p99 (minutes)", .doc = "99th percentile of TTR") \
    M("detect_mean", "mean minutes in detection", "minutes", .kind = K_MEAN, \
      .field = F(stage[ST_DETECT]), .in_reps = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .axis = "detect_mean (minutes)", \
      .doc = "stage `detect`: outage → ticket opened (monitoring or user report)") \
    M("intake_mean", "mean minutes in intake", "minutes", .kind = K_MEAN, \
      .field = F(stage[ST_INTAKE]), .in_reps = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .axis = "intake_mean (minutes)", \
      .doc = "stage `intake`: acknowledgement by the intake party") \
    M("ownership_mean", "mean minutes finding the owner", "minutes", .kind = K_MEAN, \
      .field = F(stage[ST_OWNERSHIP]), .in_reps = 1, .per = P_INCIDENT, \
      .better = B_LOWER, .axis = "ownership_mean (minutes)", \
      .doc = "stage `ownership`: triage, wrong assignees' wasted work, orphaning, " \
             "escalation") \
    M("handoff_mean", "mean minutes in handoffs", "minutes", .kind = K_MEAN, \
      .field = F(stage[ST_HANDOFF]), .in_reps = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .axis = "handoff_mean (minutes)", \
      .doc = "stage `handoff`: moving the ticket between parties") \
    M("after_hours_mean", "mean minutes waiting for coverage", "minutes", .kind = K_MEAN, \
      .field = F(stage[ST_AFTER_HOURS]), .in_reps = 1, .per = P_INCIDENT, \
      .better = B_LOWER, .axis = "after_hours_mean (minutes)", \
      .doc = "stage `after_hours`: waiting for coverage, or an on-call call-out") \
    M("queue_mean", "mean minutes queueing", "minutes", .kind = K_MEAN, \
      .field = F(stage[ST_QUEUE]), .in_reps = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .axis = "queue_mean (minutes)", .doc = "stage `queue`: waiting for a free worker") \
    M("work_mean", "mean minutes of work", "minutes", .kind = K_MEAN, .field = F(stage[ST_WORK]), \
      .in_reps = 1, .per = P_INCIDENT, .better = B_LOWER, .axis = "work_mean (minutes)", \
      .doc = "stage `work`: the owner's hands-on work, rework included") \
    M("vendor_mean", "mean minutes waiting for a vendor", "minutes", .kind = K_MEAN, \
      .field = F(stage[ST_VENDOR]), .in_reps = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .only = O_VENDOR, .axis = "vendor_mean (minutes)", \
      .doc = "stage `vendor`: waiting for a vendor's response and fix (docs/model.md " \
             "§4.12); a column only where some category has `vendor_prob` > 0") \
    M("handoffs_mean", "mean handoffs per incident", "handoffs", .kind = K_MEAN, \
      .field = F(handoffs), .in_reps = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .axis = "handoffs per incident", .doc = "moves between parties") \
    M("bounced_pct", "% of incidents bounced", "%", .kind = K_MEAN, .field = F(bounced), \
      .scale = 100, .in_reps = 1, .per = P_SHARE, .better = B_LOWER, \
      .axis = "bounced_pct (% of incidents)", \
      .doc = "incidents bounced at least once by a wrong assignee") \
    M("orphaned_pct", "% of incidents orphaned", "%", .kind = K_MEAN, .field = F(orphaned), \
      .scale = 100, .in_reps = 1, .per = P_SHARE, .better = B_LOWER, \
      .axis = "orphaned_pct (% of incidents)", \
      .doc = "incidents nobody picked up until the orphan time-out") \
    M("escalated_pct", "% of incidents escalated", "%", .kind = K_MEAN, .field = F(escalated), \
      .scale = 100, .in_reps = 1, .per = P_SHARE, .better = B_LOWER, \
      .axis = "escalated_pct (% of incidents)", \
      .doc = "incidents assigned by escalation (after the bounce limit, or orphaned)") \
    M("wasted_effort_mean", "mean minutes worked by wrong assignees", "minutes", .kind = K_MEAN, \
      .field = F(wasted), .in_reps = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .axis = "wasted_effort_mean (minutes)", \
      .doc = "minutes worked by wrong assignees before bouncing") \
    M("preemptions_mean", "mean interruptions per incident", "interruptions", .kind = K_MEAN, \
      .field = F(preemptions), .in_reps = 1, .per = P_INCIDENT, .better = B_LOWER, \
      .only = O_PREEMPT, .axis = "interruptions per incident", \
      .doc = "times an incident's work was interrupted by a more urgent ticket " \
             "(`preempt`, docs/model.md §4.9; the trace's `preempted`); a column only " \
             "where some party preempts") \
    M("fcr_pct", "% of incidents resolved at first contact", "%", .kind = K_MEAN, \
      .field = F(fcr), .scale = 100, .in_reps = 1, .per = P_SHARE, .better = B_HIGHER, \
      .only = O_GROUPS, .axis = "fcr_pct (% of incidents)", \
      .doc = "incidents resolved by the support group they entered, with no escalation " \
             "to a next group (`escalate_to`, docs/model.md §4.10); incidents that " \
             "never meet a party with a next group count as resolved at first contact; " \
             "a column only where some party escalates to a next group") \
    M("tickets", "tickets opened", "tickets", .kind = K_SUM, .field = F(tickets), \
      .in_reps = 1, .per = P_COUNT, .better = B_NONE, .only = O_MAJOR, \
      .doc = "tickets opened for the counted incidents, all replications together: each " \
             "outage's own ticket plus the duplicate user tickets of major incidents " \
             "(docs/model.md §4.11; `incidents` counts the outages); a column only where " \
             "some category has major incidents") \
    M("major_pct", "% of incidents that are major incidents", "%", .kind = K_MEAN, \
      .field = F(major), .scale = 100, .in_reps = 1, .per = P_SHARE, .better = B_LOWER, \
      .only = O_MAJOR, .axis = "major_pct (% of incidents)", \
      .doc = "outages that are major incidents (`major_prob`, docs/model.md §4.11): a " \
             "share of incidents, not of tickets; a column only where some category has " \
             "major incidents") \
    M("ticket_response_mean", "mean minutes from a ticket opened to acknowledged", \
      "minutes", .kind = K_MEAN, .field = F(ticket_response), .in_reps = 1, \
      .per = P_TICKET, .better = B_LOWER, .only = O_TICKETS, \
      .axis = "ticket_response_mean (minutes)", \
      .doc = "ticket opened → acknowledged, waits for coverage and for an intake agent " \
             "included, over every ticket: each incident's own and the duplicate user " \
             "tickets of major incidents (docs/model.md §4.11); a column only where some " \
             "category has major incidents or some party has intake agents " \
             "(`intake_staff`)") \
    M("sla_response_breach_pct", "% of incidents breaching the response target", "%", \
      .kind = K_MEAN, .field = F(sla_response), .sev = F(sev_sla_response), .scale = 100, \
      .in_sev = 1, .in_reps = 1, .per = P_SHARE, \
      .better = B_LOWER, .axis = "sla_response_breach_pct (% of incidents)", \
      .doc = "ticket opened → acknowledged took longer than the model's response " \
             "target for the incident's severity (`sla_response`)") \
    M("sla_resolve_breach_pct", "% of incidents breaching the resolution target", "%", \
      .kind = K_MEAN, .field = F(sla_resolve), .sev = F(sev_sla_resolve), .scale = 100, \
      .in_sev = 1, .in_reps = 1, .per = P_SHARE, \
      .better = B_LOWER, .axis = "sla_resolve_breach_pct (% of incidents)", \
      .doc = "ticket opened → resolved took longer than the model's resolve " \
             "target (`sla_resolve`)") \
    M("sla_breach_pct", "% of incidents breaching either target", "%", .kind = K_MEAN, \
      .field = F(sla_any), .sev = F(sev_sla), .scale = 100, .in_sev = 1, .in_reps = 1, \
      .per = P_SHARE, .better = B_LOWER, .axis = "sla_breach_pct (% of incidents)", \
      .doc = "either of the two") \
    M("downtime_cost", "mean downtime cost per incident", "cost", .kind = K_MEAN, \
      .field = F(cost), .sev = F(sev_cost), .in_sev = 1, .in_reps = 1, .per = P_INCIDENT, \
      .better = B_LOWER, .axis = "downtime_cost (cost)", \
      .doc = "downtime cost: idle users and lost revenue in the outage's business " \
             "minutes, plus `cost_per_minute` × TTR (docs/model.md §5)") \
    M("downtime_cost_per_week", "downtime cost per week", "cost", .kind = K_MEAN, \
      .field = F(cost_per_week), .sev = F(sev_cost_per_week), .in_sev = 1, .in_reps = 1, \
      .per = P_WEEK, .better = B_LOWER, \
      .axis = "downtime_cost_per_week (cost)", \
      .doc = "downtime cost per week of outages: a replication's total cost over the " \
             "span between its first and last counted outage (severities.csv: the " \
             "severity's cost over that same span)") \
    M("downtime_cost_per_year", "downtime cost per year", "cost", .kind = K_MEAN, \
      .field = F(cost_per_week), .sev = F(sev_cost_per_week), .scale = METRIC_WEEKS_PER_YEAR, \
      .in_sev = 1, .in_reps = 1, .per = P_YEAR, .better = B_LOWER, \
      .axis = "downtime_cost_per_year (cost)", \
      .doc = "`downtime_cost_per_week` × 365.25/7") \
    M("staff_cost_per_year", "staff cost per year", "cost", .kind = K_STAFF, .in_reps = 1, \
      .per = P_YEAR, .better = B_LOWER, .axis = "staff_cost_per_year (cost)", \
      .doc = "Σ over parties of the model's `staff` × the party's `cost_per_staff_year`") \
    M("fee_per_year", "fees per year", "cost", .kind = K_FEE, .in_reps = 1, .per = P_YEAR, \
      .better = B_LOWER, .axis = "fee_per_year", \
      .doc = "the model's `fee_per_year` (contract fees, tools)") \
    M("total_cost_per_year", "total cost per year", "cost", .kind = K_TOTAL, \
      .field = F(cost_per_week), .scale = METRIC_WEEKS_PER_YEAR, .in_reps = 1, .per = P_YEAR, \
      .better = B_LOWER, .axis = "total_cost_per_year (cost)", \
      .doc = "`downtime_cost_per_year` + `staff_cost_per_year` + `fee_per_year`: what " \
             "the arrangement costs a year, downtime included") \
    R("events", "engine events", "events", .kind = K_EVENTS, .in_reps = 1, .per = P_REP, \
      .better = B_NONE, .doc = "engine events run, for benchmarking")

/* The help text's list of metrics (`ownsim breakeven --help`): one line per
 * models.csv column, "  name: label". */
#define METRIC_HELP_LINE_(name, label, unit, ...) "  " name ": " label "\n"
#define METRIC_HELP_NONE_(name, label, unit, ...)
#define METRIC_HELP METRIC_TABLE(METRIC_HELP_LINE_, METRIC_HELP_NONE_)

#endif
