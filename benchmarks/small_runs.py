"""Small runs: where the time of a 2,000-citizen, 10-year run goes, and runs per second.

A sweep or a calibration runs thousands of small runs, so their fixed costs matter:
the imports (once per process), the build and the 15-year spin-up (once per seed and
set of non-lever parameters in a process: later runs copy it from the cache), and the
weeks themselves (phases, then the indicators and Mesa's DataCollector). Prints each
part and two rates: runs per second for a fresh run (build and spin-up included) and
for a run in a batch (the spin-up cached, as in a sweep's batch).

Prints figures; never fails on time. Pin it to one core (``taskset -c 0``) and compare
two checkouts with ``farm-bench`` or by running both in turn.

Run: ``python benchmarks/small_runs.py [--n 2000] [--weeks 520] [--runs 5]``.
"""

from __future__ import annotations

import argparse
import statistics
import time

t_import = time.perf_counter()
from coproduction import CoproductionModel  # noqa: E402
from coproduction import model as model_mod  # noqa: E402

t_import = time.perf_counter() - t_import


def one(n: int, weeks: int, seed: int, scenario: str) -> tuple[float, float, float]:
    """(build and spin-up, phases, indicators and collection) seconds of one run."""
    t0 = time.perf_counter()
    m = CoproductionModel.from_scenario(scenario, rng=seed, agents=False, n_citizens=n)
    t1 = time.perf_counter()
    advance = collect = 0.0
    for _ in range(weeks):
        a = time.perf_counter()
        m.advance()
        b = time.perf_counter()
        m.collect()
        c = time.perf_counter()
        advance += b - a
        collect += c - b
    return t1 - t0, advance, collect


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--weeks", type=int, default=520)
    ap.add_argument("--runs", type=int, default=5, help="runs of each kind (default 5)")
    ap.add_argument("--scenario", default="co_produced")
    args = ap.parse_args()
    fresh, batch = [], []
    for r in range(args.runs):
        model_mod._SPINUP_CACHE.clear()
        fresh.append(one(args.n, args.weeks, 100 + r, args.scenario))  # a new seed: spin-up
        batch.append(one(args.n, args.weeks, 100 + r, args.scenario))  # same seed: cached
    med = [statistics.median(x[i] for x in fresh) for i in range(3)]
    medb = [statistics.median(x[i] for x in batch) for i in range(3)]
    w = args.weeks
    print(f"N = {args.n:,}, {w} weeks, {args.scenario}, medians of {args.runs} runs")
    print(f"  imports (once per process)           {t_import:8.3f} s")
    print(f"  build + spin-up (fresh)              {med[0]:8.3f} s")
    print(f"  build, spin-up from the cache        {medb[0]:8.3f} s")
    print(
        f"  phases                               {med[1]:8.3f} s  {1e3 * med[1] / w:6.3f} ms/week"
    )
    print(
        f"  indicators + DataCollector           {med[2]:8.3f} s  {1e3 * med[2] / w:6.3f} ms/week"
    )
    total, total_b = sum(med), sum(medb)
    print(f"  fresh run                            {total:8.3f} s  {1 / total:6.3f} runs/s")
    print(f"  run in a batch (spin-up cached)      {total_b:8.3f} s  {1 / total_b:6.3f} runs/s")
    print(f"  citizen-steps/s in the weeks         {args.n * w / (med[1] + med[2]):,.0f}")


if __name__ == "__main__":
    main()
