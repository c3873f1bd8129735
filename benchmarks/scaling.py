"""Scaling: network build time, step speed and memory from 1,000 citizens to all of Wales.

For each N (default 1e3, 1e4, 1e5, 1e6, 3.1e6) a fresh Python process builds the
``co_produced`` scenario at mean degree 8 (the model's default) without Mesa agent objects
and runs it with every weekly indicator on, exactly as ``coprod run`` does (all columns
collected every week; network clustering on its fixed 300-citizen sample every 4 weeks;
see docs/indicators.md). Each process reports:

- network build time (s): drawing the graph and building the ``Graph`` arrays;
- citizen-steps per second: N x weeks / wall time of ``model.run`` (and per CPU-second,
  which is less sensitive to other work on a shared machine);
- RSS after imports, peak RSS (``ru_maxrss``) and bytes per citizen =
  (peak RSS - RSS after imports) / N. A fresh process per N keeps the peak per N.

For N = 1e3, 1e4, 1e5 it then measures Mesa's own ``virus_on_network`` example (via
``mesa_virus.py``: shipped agents and step, fast graph builder, no layout) and this model
both at mean degree 6, in the same process one after the other, and prints the ratio of
their agent-steps per second.

Prints tables and writes a log-log plot (PNG); never fails on time. On a shared machine
compare figures measured in one run, and look at the CPU-time column.

Run: ``python benchmarks/scaling.py [--max-n 100000] [--out results/scaling]``
(``make scaling``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = (1_000, 10_000, 100_000, 1_000_000, 3_100_000)
MESA_SIZES = (1_000, 10_000, 100_000)


def weeks_for(n: int) -> int:
    """Enough weeks for a stable figure (about 1e7 citizen-steps, 4 to 104 weeks)."""
    return int(min(104, max(4, 10_000_000 // n)))


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_model(n: int, weeks: int, mean_degree: int, scenario: str) -> dict:
    """Build and run this model in the current process (called in a fresh subprocess)."""
    import numpy as np

    from coproduction import CoproductionModel, load_scenario, network
    from coproduction.graph import Graph

    rss0 = _rss_mb()
    # the network alone, timed first and freed (so it does not add to the model's peak)
    params = load_scenario(scenario, n_citizens=n, mean_degree=mean_degree)
    t0 = time.perf_counter()
    u, v = network.build(params, np.random.default_rng(0), np.arange(n) // params.ward_size)
    Graph(n, u, v, np.ones(u.size, dtype=np.float32))
    network_s = time.perf_counter() - t0
    del u, v
    t0 = time.perf_counter()
    m = CoproductionModel.from_scenario(
        scenario, rng=0, agents=False, n_citizens=n, mean_degree=mean_degree
    )
    init_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    m.run(weeks)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = _peak_mb()
    return {
        "model": "coproduction",
        "n": n,
        "mean_degree": mean_degree,
        "edges": m.state.graph.n_edges,
        "weeks": weeks,
        "network_s": network_s,
        "init_s": init_s,
        "run_s": wall,
        "cpu_s": cpu,
        "steps_per_s": n * weeks / wall,
        "steps_per_cpu_s": n * weeks / cpu,
        "rss_imports_mb": rss0,
        "peak_mb": peak,
        "bytes_per_citizen": (peak - rss0) * 2**20 / n,
    }


def measure_virus(n: int, mean_degree: int) -> dict:
    sys.path.insert(0, str(HERE))
    from mesa_virus import bench_virus

    rss0 = _rss_mb()
    t0 = time.process_time()
    r = bench_virus(n, mean_degree=mean_degree)
    cpu = time.process_time() - t0
    peak = _peak_mb()
    return {
        "model": "virus_on_network",
        "n": n,
        "mean_degree": mean_degree,
        "edges": r["edges"],
        "weeks": r["steps"],
        "network_s": r["build_s"],
        "init_s": r["build_s"],
        "run_s": r["step_s"],
        "cpu_s": cpu,
        "steps_per_s": r["agent_steps_per_s"],
        "steps_per_cpu_s": float("nan"),
        "rss_imports_mb": rss0,
        "peak_mb": peak,
        "bytes_per_citizen": (peak - rss0) * 2**20 / n,
    }


def child(argv: list[str]) -> None:
    """Entry point of one measurement subprocess: prints one JSON line."""
    kind, n, weeks, degree, scenario = argv
    # imports are part of the baseline RSS
    import mesa  # noqa: F401

    import coproduction  # noqa: F401

    if kind == "model":
        out = measure_model(int(n), int(weeks), int(degree), scenario)
    else:
        out = measure_virus(int(n), int(degree))
    print(json.dumps(out), flush=True)


def run_child(kind: str, n: int, weeks: int, degree: int, scenario: str) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, str(n), str(weeks), str(degree), scenario]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if res.returncode != 0:
        raise RuntimeError(f"{kind} at N={n} failed:\n{res.stderr}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def print_scaling_head() -> None:
    head = ("N", "edges", "weeks", "network s", "cit-steps/s", "per CPU-s", "RSS imp MB")
    head += ("peak MB", "B/citizen")
    print("{:>10} {:>11} {:>6} {:>10} {:>12} {:>12} {:>11} {:>9} {:>10}".format(*head))


def print_scaling_row(r: dict) -> None:
    print(
        f"{r['n']:>10,} {r['edges']:>11,} {r['weeks']:>6} {r['network_s']:>10.3f} "
        f"{r['steps_per_s']:>12,.0f} {r['steps_per_cpu_s']:>12,.0f} "
        f"{r['rss_imports_mb']:>11.0f} {r['peak_mb']:>9.0f} {r['bytes_per_citizen']:>10.0f}",
        flush=True,
    )


def print_versus(pairs: list[tuple[dict, dict]]) -> None:
    head = ("N", "virus build s", "virus agent-st/s", "virus B/agent", "model build s")
    head += ("model cit-st/s", "model B/cit", "ratio")
    print("{:>9} {:>13} {:>16} {:>13} {:>13} {:>15} {:>11} {:>7}".format(*head))
    for v, m in pairs:
        print(
            f"{m['n']:>9,} {v['init_s']:>13.2f} {v['steps_per_s']:>16,.0f} "
            f"{v['bytes_per_citizen']:>13,.0f} {m['init_s']:>13.2f} {m['steps_per_s']:>15,.0f} "
            f"{m['bytes_per_citizen']:>11,.0f} {m['steps_per_s'] / v['steps_per_s']:>6.1f}x",
            flush=True,
        )


def plot(rows: list[dict], pairs: list[tuple[dict, dict]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.2))
    ns = [r["n"] for r in rows]
    a.loglog(ns, [r["steps_per_s"] for r in rows], "o-", label="coproduction (degree 8, wall)")
    a.loglog(ns, [r["steps_per_cpu_s"] for r in rows], "o--", label="coproduction (per CPU-s)")
    if pairs:
        a.loglog(
            [m["n"] for _, m in pairs],
            [m["steps_per_s"] for _, m in pairs],
            "s-",
            label="coproduction (degree 6)",
        )
        a.loglog(
            [v["n"] for v, _ in pairs],
            [v["steps_per_s"] for v, _ in pairs],
            "^-",
            label="Mesa virus_on_network (degree 6)",
        )
    a.plot([1e6, 3.1e6], [4e6, 3e6], "kx", label="targets (1e6: 4M, 3.1e6: 3M)")
    a.set_xlabel("citizens (agents)")
    a.set_ylabel("agent-steps per second")
    a.set_title("Step speed")
    a.legend(fontsize=8)
    a.grid(True, which="both", alpha=0.3)
    b.loglog(ns, [r["bytes_per_citizen"] for r in rows], "o-", label="coproduction (degree 8)")
    b.loglog(ns, [r["network_s"] for r in rows], "o--", label="network build (s)")
    if pairs:
        b.loglog(
            [v["n"] for v, _ in pairs],
            [v["bytes_per_citizen"] for v, _ in pairs],
            "^-",
            label="virus_on_network bytes/agent",
        )
    b.axhline(300, color="grey", lw=0.8, ls=":", label="300 bytes per citizen (target)")
    b.set_xlabel("citizens (agents)")
    b.set_ylabel("bytes per citizen; seconds")
    b.set_title("Memory per citizen (peak - after imports) and build time")
    b.legend(fontsize=8)
    b.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.png")
    fig.savefig(tmp, dpi=120)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=list(SIZES))
    ap.add_argument("--max-n", type=float, default=None, help="skip sizes above this")
    ap.add_argument("--weeks", type=int, default=None, help="weeks per size (default: ~1e7 steps)")
    ap.add_argument("--scenario", default="co_produced")
    ap.add_argument("--no-mesa", action="store_true", help="skip the virus_on_network comparison")
    ap.add_argument("--out", default="results/scaling", help="folder for the PNG and JSON")
    args = ap.parse_args(argv)
    sizes = [int(n) for n in args.sizes if args.max_n is None or n <= args.max_n]
    out = Path(args.out)
    print(f"load average before: {_load()} (2-core machine; other work may be running)")
    print(
        f"\nScenario {args.scenario}, mean degree 8, agents=False, every weekly indicator on "
        "(as `coprod run`); one fresh process per N."
    )
    print_scaling_head()
    rows = []
    for n in sizes:
        rows.append(run_child("model", n, args.weeks or weeks_for(n), 8, args.scenario))
        print_scaling_row(rows[-1])
    pairs = []
    mesa_sizes = [n for n in MESA_SIZES if n in sizes] if not args.no_mesa else []
    if mesa_sizes:
        sys.path.insert(0, str(HERE))
        from mesa_virus import describe

        print("\nAgainst Mesa at mean degree 6 (same run, one after the other):")
        print(describe())
        for n in mesa_sizes:
            v = run_child("virus", n, 0, 6, args.scenario)
            m = run_child("model", n, weeks_for(n), 6, args.scenario)
            pairs.append((v, m))
        print_versus(pairs)
    png = out / "scaling.png"
    plot(rows, pairs, png)
    data = {"load_after": _load(), "scaling": rows, "versus_mesa": [list(p) for p in pairs]}
    tmp = out / "scaling.json.tmp"
    tmp.write_text(json.dumps(data, indent=1))
    os.replace(tmp, out / "scaling.json")
    print(f"\nload average after: {_load()}")
    print(f"plot: {png.resolve()}")
    print(f"data: {(out / 'scaling.json').resolve()}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
    else:
        main()
