#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The M/M/c queue of scenarios/mmc.ini in SimPy, for a side-by-side.

Debian ships SimPy 2.3 (package python3-simpy, the classic process API); the
model is the textbook one: Poisson arrivals at 0.1 per minute, exponential
service with mean 30 minutes, 4 servers, FIFO.  It collects what ownsim
collects for the same queue: the mean wait and mean time in system.

    simpy_mmc.py N [SEED]     prints: incidents,wall_s,incidents_per_s,mean_wait,mean_ttr
"""
import random
import sys
import time

from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate

LAMBDA, MEAN_SERVICE, SERVERS = 0.1, 30.0, 4


class Stats:
    n = 0
    wait = 0.0
    ttr = 0.0


class Incident(Process):
    def run(self, team, rng):
        arrived = now()
        yield request, self, team
        Stats.wait += now() - arrived
        yield hold, self, rng.expovariate(1.0 / MEAN_SERVICE)
        yield release, self, team
        Stats.ttr += now() - arrived
        Stats.n += 1


class Source(Process):
    def run(self, n, team, rng):
        for _ in range(n):
            inc = Incident()
            activate(inc, inc.run(team, rng))
            yield hold, self, rng.expovariate(LAMBDA)


def main():
    n = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    initialize()
    team = Resource(capacity=SERVERS)
    src = Source()
    activate(src, src.run(n, team, rng))
    t0 = time.perf_counter()
    simulate(until=1e15)
    wall = time.perf_counter() - t0
    print("%d,%.3f,%.0f,%.3f,%.3f" % (Stats.n, wall, Stats.n / wall, Stats.wait / Stats.n,
                                      Stats.ttr / Stats.n))


if __name__ == "__main__":
    main()
