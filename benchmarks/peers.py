"""Peers side by side: agent-steps per second and bytes per agent of this model, Covasim
3.1.6 and Starsim, at the same population sizes, each in a fresh process pinned to one
core, in turn (ours, Covasim, Starsim with a dynamic network, Starsim with a fixed one,
then again), so that a drift in the machine's speed moves every ratio alike.

What each runs is its own standard simulation:

- this model: ``co_produced`` as ``coprod run`` runs it (every indicator collected
  every week, no Mesa agent objects), weekly steps; the 15-year spin-up is skipped
  (``spinup_weeks=0``): it is the same weekly step run earlier, and at 1e6 it would
  take minutes before the measured weeks;
- Covasim: ``cv.Sim(pop_size=N, n_days=D)``, its default random population and
  COVID-19 parameters, daily steps;
- Starsim: ``ss.Sim(n_agents=N, diseases="sir", networks="random")`` (partners redrawn
  every step) and the same with ``ss.StaticNet`` over a G(n, p) graph of mean degree 8
  (``networkx.fast_gnp_random_graph``), fixed.

Timed: the run only (``run`` after initialisation); agent-steps = agents x steps.
Bytes per agent: the process's peak resident memory less its memory after the imports,
over N. Prints figures and ratios (ours / peer, pair by pair, median); never fails.

Run: ``make bench-peers`` (builds ``.cache/bench-peers`` with Covasim 3.1.6 and the
latest Starsim, then runs this), or
``python benchmarks/peers.py --peer-python PATH [--sizes 100000 1000000] [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

KINDS = ("coproduction", "covasim", "starsim_dynamic", "starsim_fixed")
#: Steps timed per kind (weeks for this model, days for Covasim, steps for Starsim).
STEPS = {"coproduction": 20, "covasim": 30, "starsim_dynamic": 20, "starsim_fixed": 20}
ONE_THREAD = {
    v: "1"
    for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS")
}


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def child(kind: str, n: int, steps: int) -> dict:
    """Build and run one simulation in this process; return its figures."""
    if kind == "coproduction":
        from coproduction import CoproductionModel

        version = "this model"
        base = rss_bytes()
        t0 = time.perf_counter()
        m = CoproductionModel.from_scenario(
            "co_produced", rng=0, agents=False, n_citizens=n, spinup_weeks=0
        )
        t1 = time.perf_counter()
        m.run(steps)
        t2 = time.perf_counter()
        done = steps
    elif kind == "covasim":
        import covasim as cv

        version = f"Covasim {cv.__version__}"
        cv.options.set(verbose=0)
        base = rss_bytes()
        t0 = time.perf_counter()
        sim = cv.Sim(pop_size=n, n_days=steps, rand_seed=0, verbose=0)
        sim.initialize()
        t1 = time.perf_counter()
        sim.run()
        t2 = time.perf_counter()
        done = sim.npts
    else:
        import networkx as nx
        import starsim as ss

        version = f"Starsim {ss.__version__}"
        base = rss_bytes()
        t0 = time.perf_counter()
        if kind == "starsim_dynamic":
            net = "random"
        else:
            net = ss.StaticNet(graph=nx.fast_gnp_random_graph, p=8 / n, seed=True)
        sim = ss.Sim(
            n_agents=n,
            diseases="sir",
            networks=net,
            start=2000,
            stop=2000 + steps - 1,
            rand_seed=0,
            verbose=0,
        )
        sim.init()
        t1 = time.perf_counter()
        sim.run()
        t2 = time.perf_counter()
        done = len(sim.timevec)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "kind": kind,
        "version": version,
        "n": n,
        "steps": done,
        "init_s": t1 - t0,
        "run_s": t2 - t1,
        "agent_steps_per_s": n * done / (t2 - t1),
        "bytes_per_agent": (peak - base) / n,
    }


def launch(python: str, kind: str, n: int, cpu: int, timeout: float) -> dict | None:
    env = {**os.environ, **ONE_THREAD, "STARSIM_INSTALL_FONTS": "0"}
    cmd = ["taskset", "-c", str(cpu), python, __file__, "--child", kind, str(n), str(STEPS[kind])]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"  {kind} at {n:,}: over {timeout:.0f} s, left out", flush=True)
        return None
    if res.returncode != 0:
        print(f"  {kind} at {n:,} failed:\n{res.stderr[-2000:]}", flush=True)
        return None
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--peer-python", help="the interpreter with covasim and starsim")
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--repeats", type=int, default=3, help="rounds per size (default 3)")
    ap.add_argument("--cpu", type=int, default=0, help="the core every run is pinned to")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per run (default 1800)")
    ap.add_argument("--child", nargs=3, metavar=("KIND", "N", "STEPS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        kind, n, steps = args.child
        print(json.dumps(child(kind, int(n), int(steps))))
        return 0
    if not args.peer_python:
        ap.error("--peer-python is required (make bench-peers builds one)")
    pythons = {k: (sys.executable if k == "coproduction" else args.peer_python) for k in KINDS}
    print(f"one core (cpu {args.cpu}), {args.repeats} rounds per size, runs in turn")
    for n in args.sizes:
        rows: dict[str, list[dict]] = {k: [] for k in KINDS}
        for r in range(args.repeats):
            for kind in KINDS:
                res = launch(pythons[kind], kind, n, args.cpu, args.timeout)
                rows[kind].append(res)
                if res:
                    speed, mem = res["agent_steps_per_s"], res["bytes_per_agent"]
                    print(f"  n={n:,} round {r + 1} {kind}: {speed:,.0f} agent-steps/s, "
                          f"{mem:.0f} B/agent", flush=True)  # fmt: skip
        print(f"\nN = {n:,}: medians over rounds")
        print(f"  {'model':<40} {'steps':>5} {'run s':>8} {'agent-steps/s':>14} "
              f"{'B/agent':>8} {'ours / it':>9}")  # fmt: skip
        ours = rows["coproduction"]
        for kind in KINDS:
            got = [x for x in rows[kind] if x]
            if not got:
                continue
            label = f"{got[0]['version']} ({kind.replace('_', ', ')})"
            med = {
                k: statistics.median(x[k] for x in got)
                for k in got[0]
                if k not in ("kind", "version")
            }
            ratios = [
                a["agent_steps_per_s"] / b["agent_steps_per_s"]
                for a, b in zip(ours, rows[kind], strict=True)
                if a and b
            ]
            ratio = f"{statistics.median(ratios):.2f}" if ratios else "n/a"
            speed, mem = med["agent_steps_per_s"], med["bytes_per_agent"]
            print(f"  {label:<40} {med['steps']:>5.0f} {med['run_s']:>8.2f} "
                  f"{speed:>14,.0f} {mem:>8.0f} {ratio:>9}")  # fmt: skip
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
