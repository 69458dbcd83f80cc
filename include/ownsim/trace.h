/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * trace.h — incidents.csv, written as the replay goes, in bounded memory.
 *
 * Each (replication, model) task writes its own part: records arrive in
 * order of resolution, a reorder ring puts them back in id order (its size
 * follows the number of incidents resolved out of order, i.e. those in
 * flight, not the number replayed), and rows go straight to a temporary file.
 * Parts are appended, in task order, as soon as they and every part before
 * them are complete, under one header into the final file, which appears
 * only when complete.  Numbers are written
 * with 6 decimals at most (minutes to about 60 microseconds), by a formatter
 * that avoids printf: writing is not the bottleneck of a trace.
 *
 * With stamps (`run --trace --timestamps`) two columns more: t_occur_at
 * after t_occur and resolved_at after ttr, the wall clock of the outage and
 * of its resolution (t_occur + ttr) on the scenario's reference clock
 * (outlist_clock, cal_wall_at: the minute rounded down); without them the
 * file is byte for byte what it was.
 *
 * A scenario in which some party preempts (party.NAME.preempt) adds the
 * column `preempted` after `owner`: the times the incident's work was
 * interrupted (docs/model.md §4.9); without it the file is as it was.
 * Likewise a scenario in which some party escalates to a next support
 * group (party.NAME.escalate_to) adds `group_escalations` last: the
 * escalations between groups the incident had (docs/model.md §4.10).
 */
#ifndef OWNSIM_TRACE_H
#define OWNSIM_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include "ownsim/error.h"
#include "ownsim/incident.h"
#include "ownsim/scenario.h"

typedef struct trace_part trace_part;   /* opaque */
typedef struct trace_file trace_file;   /* opaque */

/* The trace file being assembled at path (a temporary until committed),
 * header written (with the stamp columns when stamps, the column
 * `preempted` when some party of s preempts, `group_escalations` when
 * some party escalates to a next support group).  NULL with e set. */
trace_file *trace_open(const char *path, const scenario *s, bool stamps, os_error *e);

/* A part for task `task` of the trace bound for `path`: rows for model m,
 * replication rep, whose first counted incident is first_id, with the
 * stamp columns when stamps (as the file's trace_open).  NULL with e set.
 * The part is owned by the caller until trace_append or trace_part_abort;
 * s is borrowed and must outlive it. */
trace_part *trace_part_open(const char *path, long task, const scenario *s,
                            int model, int rep, uint64_t first_id, bool stamps,
                            os_error *e);

/* Add one record (any order; ids from first_id up, each once).  0, or -1
 * when out of memory. */
int trace_part_add(trace_part *t, const inc_record *r);

/* Discard a part (its temporary file is removed). */
void trace_part_abort(trace_part *t);

/* Append a complete part (every id from its first_id on, no gaps) to the
 * file, and free it.  Parts must be appended in task order; appending each
 * as soon as it and all before it are complete keeps few parts alive.
 * 0, or -1 with e set (the part is freed either way). */
int trace_append(trace_file *f, trace_part *t, os_error *e);

/* Rename the file into place (frees f).  0, or -1 with e set. */
int trace_commit(trace_file *f, os_error *e);

/* Remove the temporary file (frees f). */
void trace_abort(trace_file *f);

#endif
