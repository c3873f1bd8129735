"""Sweep throughput: `coprod sweep` (the experiment runner) against `mesa.batch_run`.

Both sides run the same model class (CoproductionModel, co_produced scenario, no Mesa
agent objects), the same parameters (a grid of 4 prevention shares x R/4 seeds), the
same number of weeks, and keep the same data: every indicator every week (batch_run
with ``data_collection_period=1``; the sweep with trajectories of every indicator).
Both use spawn worker processes. batch_run keeps every row in the driver's memory and
returns a list; the sweep writes each batch to Parquet and keeps nothing.

Each measurement runs in a fresh Python process, so its peak resident memory (the
driver's, workers excluded) is its own. Printed: runs per second, per-run overhead
(wall time x workers / runs minus the time of one run measured alone), parallel
efficiency (2-worker rate / (2 x 1-worker rate)) and driver peak memory at two run
counts. Timings on a shared machine are noisy: compare ratios from one invocation.

    python benchmarks/sweep_throughput.py                 # 200 runs of 2,000 citizens x 52 weeks
    python benchmarks/sweep_throughput.py --citizens 500  # quicker
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LEVELS = (0.1, 0.2, 0.3, 0.4)


def experiment_text(runs: int, citizens: int, weeks: int) -> str:
    from coproduction import indicators as ind

    names = [n for n in ind.NAMES if n != "week"]
    return f"""
name = "throughput"
scenario = "co_produced"
replications = {runs // len(LEVELS)}
weeks = {weeks}
[overrides]
n_citizens = {citizens}
[sampler]
method = "grid"
[factors.prevention_share]
levels = {list(LEVELS)}
[outputs]
indicators = {json.dumps(names)}
summaries = ["final"]
trajectories = true
"""


def child_sweep(runs: int, citizens: int, weeks: int, workers: int) -> dict:
    from coproduction.experiments import parse_experiment, sweep

    exp = parse_experiment(experiment_text(runs, citizens, weeks), "throughput")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        info = sweep(exp, Path(tmp) / "store", backend="process", workers=workers)
        wall = time.perf_counter() - t0
    assert info["done"] == runs, info
    return {"wall_s": wall, "rows_in_driver": 0}


def child_batch_run(runs: int, citizens: int, weeks: int, workers: int) -> dict:
    import mesa

    from coproduction import CoproductionModel, load_scenario

    params = {
        **load_scenario("co_produced", n_citizens=citizens).to_dict(),
        "prevention_share": list(LEVELS),
        "agents": False,
    }
    t0 = time.perf_counter()
    rows = mesa.batch_run(
        CoproductionModel,
        parameters=params,
        number_processes=workers,
        rng=list(range(runs // len(LEVELS))),
        data_collection_period=1,
        max_steps=weeks,
        display_progress=False,
    )
    wall = time.perf_counter() - t0
    assert len(rows) == runs * (weeks + 1), len(rows)
    return {"wall_s": wall, "rows_in_driver": len(rows)}


def child_single(citizens: int, weeks: int) -> dict:
    from coproduction.comparison import run_one

    run_one("co_produced", {"n_citizens": citizens}, 0, weeks)  # warm-up
    t0 = time.perf_counter()
    for seed in range(3):
        run_one("co_produced", {"n_citizens": citizens}, seed, weeks)
    return {"run_s": (time.perf_counter() - t0) / 3}


def child(args) -> None:
    import resource

    fn = {"sweep": child_sweep, "batch_run": child_batch_run}
    if args.child == "single":
        out = child_single(args.citizens, args.weeks)
    else:
        out = fn[args.child](args.runs, args.citizens, args.weeks, args.workers)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def measure(kind: str, runs: int, citizens: int, weeks: int, workers: int = 1) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--runs", str(runs), "--citizens",
           str(citizens), "--weeks", str(weeks), "--workers", str(workers)]  # fmt: skip
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{res.stderr}")
    out = json.loads(res.stdout.strip().splitlines()[-1])
    if "wall_s" in out:
        out["runs_per_s"] = runs / out["wall_s"]
    print(f"  {kind:<9} runs={runs:<5} workers={workers}: {json.dumps(out)}", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--citizens", type=int, default=2000)
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--big-runs", type=int, default=2000, help="runs for the memory test")
    ap.add_argument("--big-citizens", type=int, default=100, help="citizens in the memory test")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--child", choices=("sweep", "batch_run", "single"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    w = args.workers
    print(f"{args.runs} runs of {args.citizens:,} citizens x {args.weeks} weeks, {w} workers")
    single = measure("single", 1, args.citizens, args.weeks)["run_s"]
    s2 = measure("sweep", args.runs, args.citizens, args.weeks, w)
    s1 = measure("sweep", args.runs, args.citizens, args.weeks, 1)
    b2 = measure("batch_run", args.runs, args.citizens, args.weeks, w)
    b1 = measure("batch_run", args.runs, args.citizens, args.weeks, 1)
    print(f"memory: {args.big_runs} runs of {args.big_citizens} citizens x {args.weeks} weeks")
    ssmall = measure("sweep", args.runs, args.big_citizens, args.weeks, w)
    bsmall = measure("batch_run", args.runs, args.big_citizens, args.weeks, w)
    sbig = measure("sweep", args.big_runs, args.big_citizens, args.weeks, w)
    bbig = measure("batch_run", args.big_runs, args.big_citizens, args.weeks, w)

    def overhead(m: dict, workers: int) -> float:
        return m["wall_s"] * workers / args.runs - single

    print()
    print(f"one run alone: {single:.3f} s")
    print(f"{'':<24}{'coprod sweep':>14}{'mesa.batch_run':>16}")
    print(f"{'runs/s (2 workers)':<24}{s2['runs_per_s']:>14.2f}{b2['runs_per_s']:>16.2f}")
    print(f"{'runs/s (1 worker)':<24}{s1['runs_per_s']:>14.2f}{b1['runs_per_s']:>16.2f}")
    print(f"{'per-run overhead (s)':<24}{overhead(s2, w):>14.3f}{overhead(b2, w):>16.3f}")
    eff_s = s2["runs_per_s"] / (w * s1["runs_per_s"])
    eff_b = b2["runs_per_s"] / (w * b1["runs_per_s"])
    print(f"{'parallel efficiency':<24}{eff_s:>14.0%}{eff_b:>16.0%}")
    print(f"{'driver peak MB, ' + str(args.runs) + ' runs':<24}{s2['peak_rss_mb']:>14.0f}"
          f"{b2['peak_rss_mb']:>16.0f}   ({args.citizens:,} citizens)")  # fmt: skip
    for s, b, label in ((ssmall, bsmall, args.runs), (sbig, bbig, args.big_runs)):
        print(f"{'driver peak MB, ' + str(label) + ' runs':<24}{s['peak_rss_mb']:>14.0f}"
              f"{b['peak_rss_mb']:>16.0f}   ({args.big_citizens:,} citizens)")  # fmt: skip
    print(f"sweep / batch_run throughput: {s2['runs_per_s'] / b2['runs_per_s']:.2f}x")


if __name__ == "__main__":
    main()
