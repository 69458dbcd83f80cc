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
 */
#ifndef OWNSIM_REPLAY_H
#define OWNSIM_REPLAY_H

#include <stdint.h>
#include "ownsim/error.h"
#include "ownsim/incident.h"
#include "ownsim/outages.h"
#include "ownsim/scenario.h"

typedef struct replay replay;   /* opaque */

/* Receives each resolved incident; r is valid during the call only. */
typedef void (*replay_sink)(void *ctx, const inc_record *r);

/* NULL with e set when out of memory.  s is borrowed and must outlive it. */
replay *replay_create(const scenario *s, int model, os_error *e);
void replay_destroy(replay *r);

/* Replay everything src yields for replication rep, until every incident is
 * resolved.  0, or -1 with e set. */
int replay_run(replay *r, outsrc *src, uint32_t rep, replay_sink sink,
               void *ctx, os_error *e);

/* Events run by the last replay_run (for benchmarks). */
uint64_t replay_events(const replay *r);

/* Most incidents unresolved at once during the last replay_run: far beyond
 * what the queues need in steady state means the owners never caught up. */
long replay_peak(const replay *r);

#endif
