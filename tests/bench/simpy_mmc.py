#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The M/M/c queue of scenarios/mmc.ini in SimPy, for a side-by-side.

The model is the textbook one, as mmc.ini states it: Poisson arrivals at 0.1
per minute, exponential service with mean 30 minutes, 4 servers, FIFO (the
resource's queue), no warm-up.  It collects what ownsim collects for the
same queue: the mean wait and the mean time in system (TTR); Erlang C gives
15.283 and 45.283 minutes.  Both times are drawn by inversion
(random.expovariate: -log(1 - U) / rate).

Debian 12 ships two SimPy packages, and the script runs on either:
  python3-simpy   SimPy 2.3.1, module SimPy (the classic process API,
                  SimPy.Simulation: activate, hold, request, release);
  python3-simpy3  SimPy 3.0.11, module simpy (the generator API of SimPy 3
                  and later: Environment, timeout, Resource.request).
API 2 is used when SimPy 2 is installed, else API 3; --api chooses.

    simpy_mmc.py N [SEED] [--api 2|3]
    prints: simpy_VERSION,incidents,wall_s,cpu_s,incidents_per_cpu_s,mean_wait,mean_ttr

wall_s and cpu_s (time.process_time: user + sys of this process) cover the
simulation alone, not starting Python nor importing SimPy.
"""
import random
import sys
import time

LAMBDA, MEAN_SERVICE, SERVERS = 0.1, 30.0, 4


class Stats:
    n = 0
    wait = 0.0
    ttr = 0.0


def simpy2(n, rng):
    """SimPy 2 (SimPy.Simulation): returns the version and a function that runs."""
    import SimPy
    from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate

    class Incident(Process):
        def run(self, team):
            arrived = now()
            yield request, self, team
            Stats.wait += now() - arrived
            yield hold, self, rng.expovariate(1.0 / MEAN_SERVICE)
            yield release, self, team
            Stats.ttr += now() - arrived
            Stats.n += 1

    class Source(Process):
        def run(self, team):
            for _ in range(n):
                inc = Incident()
                activate(inc, inc.run(team))
                yield hold, self, rng.expovariate(LAMBDA)

    def run():
        initialize()
        team = Resource(capacity=SERVERS)
        src = Source()
        activate(src, src.run(team))
        simulate(until=1e15)

    return SimPy.__version__, run


def simpy3(n, rng):
    """SimPy 3 and later (simpy): returns the version and a function that runs."""
    import simpy

    def incident(env, team):
        arrived = env.now
        with team.request() as req:
            yield req
            Stats.wait += env.now - arrived
            yield env.timeout(rng.expovariate(1.0 / MEAN_SERVICE))
        Stats.ttr += env.now - arrived
        Stats.n += 1

    def source(env, team):
        for _ in range(n):
            env.process(incident(env, team))
            yield env.timeout(rng.expovariate(LAMBDA))

    def run():
        env = simpy.Environment()
        team = simpy.Resource(env, capacity=SERVERS)
        env.process(source(env, team))
        env.run()

    return simpy.__version__, run


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--api")]
    api = None
    for i, a in enumerate(sys.argv):
        if a.startswith("--api="):
            api = a.split("=", 1)[1]
        elif a == "--api" and i + 1 < len(sys.argv):
            api = sys.argv[i + 1]
            args.remove(api)
    if not args:
        sys.exit("usage: simpy_mmc.py N [SEED] [--api 2|3]")
    n = int(args[0])
    rng = random.Random(int(args[1]) if len(args) > 1 else 1)
    if api is None:
        try:
            import SimPy.Simulation  # noqa: F401
            api = "2"
        except ImportError:
            api = "3"
    version, run = (simpy2 if api == "2" else simpy3)(n, rng)
    t0, c0 = time.perf_counter(), time.process_time()
    run()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print("simpy_%s,%d,%.3f,%.3f,%.0f,%.3f,%.3f" % (version, Stats.n, wall, cpu, Stats.n / cpu,
                                                   Stats.wait / Stats.n, Stats.ttr / Stats.n))


if __name__ == "__main__":
    main()
