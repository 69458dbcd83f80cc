/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * replay.h — replaying an outage stream through one ownership model.
 *
 * A replay owns an engine, a pool of in-flight incidents and each party's
 * work queues; it is created once per (model, worker thread) and reused for
 * every replication, so the steady state allocates nothing: pools grow only
 * when more incidents are in flight than ever before.  Memory is
 * proportional to the incidents in flight, not to the incidents replayed.
 * Each resolved incident is handed to a sink as it resolves (out of id
 * order: in order of resolution).
 *
 * A replication is replayed in pieces: replay_begin, replay_feed with the
 * stream's outages in order, in chunks of any size, then replay_end.  The
 * replay keeps its engine state between chunks, so the chunking changes
 * nothing in the result, and one generated chunk can be fed to every model
 * in turn (point.c): the stream is generated once per replication, and the
 * memory stays that of one chunk.  replay_run does all three from a source.
 */
#ifndef OWNSIM_REPLAY_H
#define OWNSIM_REPLAY_H

#include <stdint.h>
#include "ownsim/error.h"
#include "ownsim/incident.h"
#include "ownsim/outages.h"
#include "ownsim/scenario.h"

typedef struct replay replay;   /* opaque */

/* Receives each resolved incident and, where some category has major
 * incidents, each duplicate ticket when it is acknowledged (r->major ==
 * INC_DUPLICATE: not an incident, docs/model.md §4.11); r is valid during
 * the call only. */
typedef void (*replay_sink)(void *ctx, const inc_record *r);

/* NULL with e set when out of memory.  s is borrowed and must outlive it. */
replay *replay_create(const scenario *s, int model, os_error *e);
void replay_destroy(replay *r);

/* Outages taken from a source at a time (32 bytes each), by replay_run and
 * by the runner, which feeds each chunk to every model in turn: 8 KB stays
 * in the first-level cache while every model reads it. */
#define REPLAY_CHUNK 256

/* Start replication rep afresh: empty queues, clock at 0, sink and ctx
 * (borrowed) receive its resolved incidents.  No allocation. */
void replay_begin(replay *r, uint32_t rep, replay_sink sink, void *ctx);

/* Replay the next n outages of the stream (v borrowed for the call; times
 * not decreasing, ids counting on from the previous chunk's), resolving
 * what the engine resolves before them.  0, or -1 with e set: the replay
 * is then finished (begin again to reuse it). */
int replay_feed(replay *r, const outage *v, size_t n, os_error *e);

/* The stream has ended: run until every incident is resolved.  0, or -1
 * with e set. */
int replay_end(replay *r, os_error *e);

/* begin, feed everything src yields for replication rep in chunks of
 * REPLAY_CHUNK, end.  0, or -1 with e set. */
int replay_run(replay *r, outsrc *src, uint32_t rep, replay_sink sink,
               void *ctx, os_error *e);

/* Events run by the last replication, arrivals included (set by replay_end;
 * for benchmarks). */
uint64_t replay_events(const replay *r);

/* Most incidents unresolved at once during the last replication: far beyond
 * what the queues need in steady state means the owners never caught up. */
long replay_peak(const replay *r);

#endif
