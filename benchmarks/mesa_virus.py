"""Throughput baseline: Mesa's own ``virus_on_network`` example at large N.

The example ships with Mesa (``mesa.examples.basic.virus_on_network``). Its agents
(``VirusAgent``), its ``step`` (``agents.shuffle_do("step")`` followed by a DataCollector
``collect`` of four model reporters) and its constructor arguments are used exactly as shipped.

Only two construction-time calls are swapped, because both are O(n^2) and make the model
impossible to build at 100,000 nodes (measured with Mesa 3.5.1 / networkx 3.x: at n = 5,000
``nx.erdos_renyi_graph`` takes ~2 s and ``Network``'s default ``nx.spring_layout`` ~80 s):

1. ``nx.erdos_renyi_graph(n, p)`` -> ``nx.fast_gnp_random_graph(n, p, seed=seed)``: the same
   G(n, p) distribution, generated in O(n + m) instead of by testing all n(n-1)/2 pairs. It is
   seeded, whereas the example's call is unseeded (so its graph is not reproducible).
2. ``Network(graph, capacity=1, random=...)`` -> the same call with ``layout=None``: Mesa 3.5.1's
   ``Network`` defaults to ``layout=nx.spring_layout`` (node positions, used only for drawing
   and ``find_nearest_cell``, never by the model's step). ``layout=None`` builds a purely
   topological network with identical cells and connections.

Both swaps are applied with ``unittest.mock.patch.object`` on the example module's own namespace
(its ``nx`` and ``Network`` names) for the duration of ``VirusOnNetwork.__init__`` only; the
global ``networkx`` module and ``mesa.discrete_space.Network`` are never modified.

The cost of an agent-step depends on the epidemic's state (an infected agent scans its
neighbourhood and draws random numbers; any other agent does two state comparisons and nothing
else), so the final susceptible/infected/resistant counts are reported alongside the throughput.

Run: ``python benchmarks/mesa_virus.py [--sizes 2000 100000] [--steps 50 10]``.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Iterator
from typing import Any
from unittest import mock

import networkx as nx
from mesa.discrete_space import Network
from mesa.examples.basic.virus_on_network import model as virus_model
from mesa.examples.basic.virus_on_network.agents import State, VirusAgent
from mesa.examples.basic.virus_on_network.model import VirusOnNetwork

DEFAULT_SIZES = (2_000, 100_000)


def describe() -> str:
    """One-paragraph statement of what this benchmark measures and what was swapped."""
    return (
        "Mesa's own virus_on_network example (mesa.examples.basic.virus_on_network: "
        "VirusOnNetwork + VirusAgent) with its agents, step (shuffle_do('step') plus the "
        "shipped DataCollector collecting Infected/Susceptible/Resistant/R-over-S every step) "
        "and default parameters UNCHANGED. Only the O(n^2) construction was swapped, inside "
        "the example module's namespace and only while the model is built: "
        "nx.erdos_renyi_graph(n, p=avg_degree/n) -> nx.fast_gnp_random_graph(n, p, seed=seed) "
        "(same G(n, p) distribution, O(n + m), seeded), and Network(graph, ...) with its "
        "default layout=nx.spring_layout -> Network(graph, ..., layout=None) (no node "
        "positions; positions are used only for drawing, not by the step). Throughput is "
        "agent-steps per second = number of agents x steps / wall time of model.step()."
    )


class _NetworkxWithFastGnp:
    """Stand-in for the example module's ``nx``: everything delegates to networkx except
    ``erdos_renyi_graph``, which is answered by ``fast_gnp_random_graph`` (same distribution)."""

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(nx, name)

    def erdos_renyi_graph(self, n: int, p: float, seed: Any = None, directed: bool = False):
        self.calls += 1
        return nx.fast_gnp_random_graph(
            n, p, seed=self._seed if seed is None else seed, directed=directed
        )


@contextlib.contextmanager
def _fast_construction(seed: int) -> Iterator[dict[str, int]]:
    """Patch the example module's graph builder and Network layout while building the model."""
    nx_stand_in = _NetworkxWithFastGnp(seed)
    counts = {"graph": 0, "network": 0}

    def network_without_layout(*args: Any, **kwargs: Any) -> Network:
        counts["network"] += 1
        kwargs.setdefault("layout", None)
        return Network(*args, **kwargs)

    with (
        mock.patch.object(virus_model, "nx", nx_stand_in),
        mock.patch.object(virus_model, "Network", network_without_layout),
    ):
        yield counts
    counts["graph"] = nx_stand_in.calls


def default_steps(n: int) -> int:
    """50 steps up to 20,000 nodes, then ~1e6 agent-steps (10 at 100,000), at least 5.

    Not more than 50: with the example's defaults (one initial case, spread chance 0.4) the
    epidemic on 2,000 nodes peaks near step 5 and is extinct by step ~100, after which every
    agent-step is the near-empty "not infected" branch and the figure would flatter Mesa.
    """
    return 50 if n <= 20_000 else max(5, 1_000_000 // n)


def build_virus(n: int, mean_degree: float = 6, seed: int = 0, **model_kwargs: Any):
    """Build the unchanged example model at size ``n`` with the fast graph builder/no layout."""
    with _fast_construction(seed) as counts:
        model = VirusOnNetwork(num_nodes=n, avg_node_degree=mean_degree, rng=seed, **model_kwargs)
    if counts != {"graph": 1, "network": 1}:
        raise RuntimeError(
            f"virus_on_network construction no longer matches the swap (calls: {counts}); "
            "re-read the example's __init__"
        )
    return model


def bench_virus(
    n: int,
    mean_degree: float = 6,
    steps: int | None = None,
    seed: int = 0,
    *,
    initial_outbreak_size: int = 1,
) -> dict:
    """Build Mesa's virus_on_network example at ``n`` nodes and time ``steps`` model steps.

    ``steps=None`` picks :func:`default_steps`. ``initial_outbreak_size`` keeps the example's
    default of 1. Returns ``{"n", "build_s", "steps", "step_s", "agent_steps_per_s"}`` plus
    context keys ``edges``, ``realised_mean_degree`` and ``final_counts`` (agents per state
    after the timed steps: the per-agent cost depends on how many are infected).
    """
    if steps is None:
        steps = default_steps(n)

    t0 = time.perf_counter()
    model = build_virus(n, mean_degree, seed, initial_outbreak_size=initial_outbreak_size)
    build_s = time.perf_counter() - t0

    n_agents = len(model.agents)
    if n_agents != n or not all(isinstance(a, VirusAgent) for a in model.agents):
        raise RuntimeError(f"expected {n} VirusAgent agents, got {n_agents}")
    edges = model.grid.G.number_of_edges()

    t0 = time.perf_counter()
    for _ in range(steps):
        model.step()
    step_s = time.perf_counter() - t0

    final_counts = {state.name.lower(): 0 for state in State}
    for agent in model.agents:
        final_counts[agent.state.name.lower()] += 1

    return {
        "n": n,
        "build_s": build_s,
        "steps": steps,
        "step_s": step_s,
        "agent_steps_per_s": n_agents * steps / step_s if step_s > 0 else float("inf"),
        "edges": edges,
        "realised_mean_degree": 2 * edges / n if n else 0.0,
        "final_counts": final_counts,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument(
        "--steps",
        type=int,
        nargs="+",
        default=None,
        help="one value for all sizes or one per size (default: 50 up to 20,000 nodes, 10 at 100k)",
    )
    parser.add_argument("--mean-degree", type=float, default=6)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    if args.steps is None:
        steps_list: list[int | None] = [None] * len(args.sizes)
    elif len(args.steps) == 1:
        steps_list = list(args.steps) * len(args.sizes)
    elif len(args.steps) == len(args.sizes):
        steps_list = list(args.steps)
    else:
        parser.error("--steps takes one value or one per --sizes value")

    print(describe())
    print()
    header = (
        f"{'N':>9} {'deg':>5} {'build_s':>8} {'steps':>6} {'step_s':>8} "
        f"{'agent-steps/s':>14}  final S/I/R"
    )
    print(header)
    print("-" * len(header))
    for n, steps in zip(args.sizes, steps_list, strict=True):
        r = bench_virus(n, mean_degree=args.mean_degree, steps=steps, seed=args.seed)
        c = r["final_counts"]
        print(
            f"{r['n']:>9,} {r['realised_mean_degree']:>5.2f} {r['build_s']:>8.2f} "
            f"{r['steps']:>6} {r['step_s']:>8.2f} {r['agent_steps_per_s']:>14,.0f}  "
            f"{c['susceptible']}/{c['infected']}/{c['resistant']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
