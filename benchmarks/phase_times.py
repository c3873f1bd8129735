"""Per-phase step timings: milliseconds per week of every weekly phase and indicator.

Builds the scenario (no Mesa agent objects, as ``coprod run``), runs some warm-up weeks,
then times every phase (and, inside the indicator phase, the record keeping and every
indicator function) over the measured weeks, and prints ms per week, CPU and wall.
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


def timed_phases(totals: dict[str, float]):
    """``PHASES`` with each function wrapped to add its CPU time to ``totals[name]``."""

    def wrap(name, fn):
        def phase(state, params, rng):
            t0 = time.process_time()
            fn(state, params, rng)
            totals[name] += time.process_time() - t0

        phase.__doc__ = fn.__doc__
        return phase

    return tuple((name, wrap(name, fn)) for name, fn in PHASES if name != "indicators")


def timed_indicators(totals: dict[str, float]):
    """The indicator phase, with record keeping and every indicator timed separately."""

    def indicators(state, params, rng):
        t0 = time.process_time()
        ind.update_records(state, params)
        totals["ind:update_records"] += time.process_time() - t0
        values = {}
        for f in ind.INDICATORS:
            t0 = time.process_time()
            values[f.__name__] = float(f(state, params))
            totals[f"ind:{f.__name__}"] += time.process_time() - t0
        state.cache["participation_rate"] = values["participation_rate"]
        state.indicators = values

    return indicators


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=float, default=1e6)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--weeks", type=int, default=10)
    ap.add_argument("--scenario", default="co_produced")
    ap.add_argument("--top", type=int, default=12, help="indicators to list (slowest first)")
    args = ap.parse_args(argv)
    totals: dict[str, float] = defaultdict(float)
    phases = (*timed_phases(totals), ("indicators", timed_indicators(totals)))
    m = CoproductionModel.from_scenario(args.scenario, rng=0, agents=False, n_citizens=int(args.n))
    m.phases = phases
    m.run(args.warmup)
    totals.clear()
    t0, c0 = time.perf_counter(), time.process_time()
    m.run(args.weeks)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    w = args.weeks
    n = int(args.n)
    print(f"N = {n:,}, scenario {args.scenario}, weeks {args.warmup} + {w} (ms per week, CPU)")
    for name, _ in PHASES[:-1]:
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
