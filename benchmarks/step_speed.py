"""Step speed: citizen-steps per second of this model against Mesa's ``virus_on_network``.

Both models run at the same N with mean degree 6. This model runs with every weekly
indicator on, as ``coprod run`` does (DataCollector collecting all columns every week;
network clustering on its documented sample every 4 weeks), without Mesa agent objects
(``agents=False``, as ``coprod run`` does; the arrays are the state either way).
The Mesa example keeps its agents, step and DataCollector unchanged; only its O(n^2)
graph builder and spring layout are swapped (see ``mesa_virus.py``).

Prints figures and ratios; never fails on time. Timings on shared machines are noisy:
compare ratios measured in one run.

Run: ``python benchmarks/step_speed.py [--sizes 2000 100000] [--weeks 52 10]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mesa_virus import bench_virus, describe  # noqa: E402

from coproduction import CoproductionModel  # noqa: E402


def bench_model(n: int, weeks: int, scenario: str = "co_produced", seed: int = 0) -> dict:
    t0 = time.perf_counter()
    m = CoproductionModel.from_scenario(
        scenario, rng=seed, agents=False, n_citizens=n, mean_degree=6
    )
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    m.run(weeks)
    secs = time.perf_counter() - t0
    return {
        "n": n,
        "build_s": build,
        "steps": weeks,
        "step_s": secs,
        "citizen_steps_per_s": n * weeks / secs,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2_000, 100_000])
    ap.add_argument(
        "--weeks",
        type=int,
        nargs="+",
        default=None,
        help="weeks of this model per size (default 104 at 2,000, 20 above)",
    )
    ap.add_argument("--scenario", default="co_produced")
    args = ap.parse_args(argv)
    weeks = args.weeks or [104 if n <= 10_000 else 20 for n in args.sizes]
    if len(weeks) == 1:
        weeks = weeks * len(args.sizes)
    print("Mesa baseline:", describe())
    print()
    head = (
        "N",
        "model build s",
        "model cit-steps/s",
        "virus build s",
        "virus agent-steps/s",
        "ratio",
    )
    print("{:>9} {:>14} {:>18} {:>14} {:>20} {:>7}".format(*head))
    for n, w in zip(args.sizes, weeks, strict=True):
        ours = bench_model(n, w, args.scenario)
        virus = bench_virus(n, mean_degree=6)
        ratio = ours["citizen_steps_per_s"] / virus["agent_steps_per_s"]
        print(
            f"{n:>9,} {ours['build_s']:>14.2f} {ours['citizen_steps_per_s']:>18,.0f} "
            f"{virus['build_s']:>14.2f} {virus['agent_steps_per_s']:>20,.0f} {ratio:>6.1f}x",
            flush=True,
        )
    print()
    print(
        f"This model: scenario {args.scenario}, every weekly indicator collected, "
        "agents=False; one step = one week for every citizen."
    )


if __name__ == "__main__":
    main()
