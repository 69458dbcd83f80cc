/*
 * trace.h — incidents.csv, written as the replay goes, in bounded memory.
 *
 * Each (replication, model) task writes its own part: records arrive in
 * order of resolution, a reorder ring puts them back in id order (its size
 * follows the number of incidents resolved out of order, i.e. those in
 * flight, not the number replayed), and rows go straight to a temporary file.
 * trace_join then splices the parts, in task order, under one header into
 * the final file, which appears only when complete.  Numbers are written
 * with 6 decimals at most (minutes to about 60 microseconds), by a formatter
 * that avoids printf: writing is not the bottleneck of a trace.
 */
#ifndef OWNSIM_TRACE_H
#define OWNSIM_TRACE_H

#include <stdint.h>
#include "ownsim/error.h"
#include "ownsim/incident.h"
#include "ownsim/scenario.h"

typedef struct trace_part trace_part;   /* opaque */

/* A part for task `task` of the trace bound for `path`: rows for model m,
 * replication rep, whose first counted incident is first_id.  NULL with e
 * set.  The part is owned by the caller until trace_join or
 * trace_part_abort. */
trace_part *trace_part_open(const char *path, long task, const scenario *s,
                            int model, int rep, uint64_t first_id, os_error *e);

/* Add one record (any order; ids from first_id up, each once).  0, or -1
 * when out of memory. */
int trace_part_add(trace_part *t, const inc_record *r);

/* Discard a part (its temporary file is removed). */
void trace_part_abort(trace_part *t);

/* Write the header and parts[0..n-1] in order to path, atomically; every
 * part is consumed.  A part must have received every id from its first_id
 * on, without gaps.  0, or -1 with e set. */
int trace_join(const char *path, trace_part **parts, long n, os_error *e);

#endif
