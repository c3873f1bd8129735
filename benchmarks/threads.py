"""Citizen-steps per second of one large run: the NumPy path against the compiled kernels
on 1 and on 2 threads (``coproduction.parallel``), measured in turn on one model.

Every mode runs the same weeks: each round copies the state, runs the next week in each
mode from that copy (every mode gives the same bits, so they all reach the same state),
and each figure is the median over the rounds. Pin the process to the cores you mean to
measure, e.g.
``taskset -c 0,1 python benchmarks/threads.py --n 1e6``.

Run: ``python benchmarks/threads.py [--n 1000000] [--warmup 3] [--rounds 5]``.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time

from coproduction import CoproductionModel, parallel

MODES = {
    "numpy x1": {"kernels": False, "threads": 1},
    "kernels x1": {"kernels": True, "threads": 1},
}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=float, default=1e6)
    ap.add_argument("--scenario", default="co_produced")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=5, help="weeks measured per mode")
    ap.add_argument("--threads", type=int, default=parallel.cores(), help="the largest count")
    args = ap.parse_args(argv)
    n = int(args.n)
    modes = dict(MODES)
    for t in range(2, args.threads + 1):
        modes[f"numpy x{t}"] = {"kernels": False, "threads": t}
        modes[f"kernels x{t}"] = {"kernels": True, "threads": t}
    t0 = time.perf_counter()
    m = CoproductionModel.from_scenario(
        args.scenario, rng=0, n_citizens=n, spinup_weeks=0, agents=False
    )
    built = time.perf_counter() - t0
    print(f"{n:,} citizens, {m.state.graph.n_edges:,} ties; built in {built:.1f} s")
    with parallel.configured(kernels=True, threads=1):
        m.run(weeks=max(1, args.warmup))  # compiles (or loads) the kernels
    times: dict[str, list[float]] = {name: [] for name in modes}
    for _ in range(args.rounds):
        start = copy.deepcopy(m.state)
        for name, how in modes.items():
            m.state = copy.deepcopy(start)
            with parallel.configured(**how):
                t0 = time.perf_counter()
                m.step()
                times[name].append(time.perf_counter() - t0)
    base = statistics.median(times["numpy x1"])
    print(f"{'mode':<12}{'ms/week':>10}{'M citizen-steps/s':>20}{'vs numpy x1':>13}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:<12}{med * 1e3:>10.1f}{n / med / 1e6:>20.2f}{base / med:>13.2f}")


if __name__ == "__main__":
    main()
