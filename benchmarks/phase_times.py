"""Per-phase step timings: milliseconds per week of every weekly phase and indicator.

Builds the scenario (no Mesa agent objects, as ``coprod run``), runs some warm-up weeks,
then times every phase (and every indicator
function) over the measured weeks, and prints ms per week, CPU and wall.
The phases are wrapped, not changed: each keeps its own random stream, so the run is the
same as an unwrapped one.

Run: ``python benchmarks/phase_times.py [--n 1000000] [--warmup 5] [--weeks 10]``.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from coproduction import CoproductionModel
from coproduction import indicators as ind
from coproduction.mechanisms import PHASES
from coproduction.phases import phase


def timed_phases(totals: dict[str, float]):
    """``PHASES`` with each function wrapped to add its CPU time to ``totals[name]`` (the
    wrapper carries the phase's declarations)."""

    def wrap(name, fn):
        @phase(reads=fn.reads, writes=fn.writes, lags=fn.lags)
        def timed(state, params, rng):
            t0 = time.process_time()
            fn(state, params, rng)
            totals[name] += time.process_time() - t0

        timed.__doc__ = fn.__doc__
        return timed

    return tuple((name, wrap(name, fn)) for name, fn in PHASES)


class TimedObserver(ind.Observer):
    """The observer, with every indicator timed separately into ``totals``."""

    def __init__(self, sample, totals: dict[str, float]):
        super().__init__(sample)
        self.totals = totals

    def observe(self, state, params) -> dict[str, float]:
        values = {}
        for i in ind.INDICATORS:
            t0 = time.process_time()
            values[i.name] = float(i.fn(state, params, self) if i.memo else i.fn(state, params))
            self.totals[f"ind:{i.name}"] += time.process_time() - t0
        return values


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=float, default=1e6)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--weeks", type=int, default=10)
    ap.add_argument("--scenario", default="co_produced")
    ap.add_argument("--top", type=int, default=12, help="indicators to list (slowest first)")
    args = ap.parse_args(argv)
    totals: dict[str, float] = defaultdict(float)
    m = CoproductionModel.from_scenario(
        args.scenario, rng=0, agents=False, n_citizens=int(args.n), phases=timed_phases(totals)
    )
    m.observer = TimedObserver(m.observer.clustering_sample, totals)
    m.run(args.warmup)
    totals.clear()
    t0, c0 = time.perf_counter(), time.process_time()
    m.run(args.weeks)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    w = args.weeks
    n = int(args.n)
    print(f"N = {n:,}, scenario {args.scenario}, weeks {args.warmup} + {w} (ms per week, CPU)")
    for name, _ in PHASES:
        print(f"  {name:<28} {1000 * totals[name] / w:8.1f}")
    ind_keys = [k for k in totals if k.startswith("ind:")]
    ind_total = sum(totals[k] for k in ind_keys)
    print(f"  {'indicators (all)':<28} {1000 * ind_total / w:8.1f}")
    for k in sorted(ind_keys, key=lambda k: -totals[k])[: args.top]:
        print(f"    {k[4:]:<26} {1000 * totals[k] / w:8.1f}")
    print(f"  {'step total (CPU)':<28} {1000 * cpu / w:8.1f}")
    print(f"  {'step total (wall)':<28} {1000 * wall / w:8.1f}")
    print(f"citizen-steps/s: wall {n * w / wall:,.0f}, per CPU-s {n * w / cpu:,.0f}")


if __name__ == "__main__":
    main()
