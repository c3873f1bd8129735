"""The vectorised graph generators against networkx at small N, and the edge-list graph.

Statistics are averaged over a few seeds on graphs of 2,000 nodes. Tolerances (stated
once here, justified by the spread between networkx's own seeds at this size):

- mean degree: within 1% for Watts-Strogatz (rewired duplicates are dropped, networkx
  redraws them), within 3% for wards;
- degree distribution (Watts-Strogatz): total variation distance below 0.05;
- average clustering: within 5% (relative) for Watts-Strogatz; within 20% for wards,
  whose lower degree variance (below) gives about 10% less clustering than the block
  model, as expected for random graphs (clustering grows with ``<k^2> - <k>``);
- average shortest path length, estimated by breadth-first search from 40 random
  sources: within 5% (relative).

The wards generator is compared with ``networkx.stochastic_block_model`` given the same
expected within- and between-ward densities. Each citizen proposes ``k / 2`` ties, so its
degree is ``k / 2`` plus a Poisson number of ties proposed by others: the variance is
about half the block model's (checked as such, not as equal distributions).
"""

from __future__ import annotations

import subprocess
import sys

import networkx as nx
import numpy as np
import pytest
from scipy.sparse.csgraph import shortest_path

from coproduction import network
from coproduction.graph import Graph
from coproduction.indicators import clustering_sample

N = 2_000
SEEDS = (1, 2, 3)
SOURCES = 40


def _ours(u, v, n) -> Graph:
    return Graph(n, u, v, np.ones(u.size, dtype=np.float32))


def _stats_ours(g: Graph, rng) -> dict:
    deg = np.bincount(g.u, minlength=g.n) + np.bincount(g.v, minlength=g.n)
    a = g.matrix + g.matrix.T
    src = rng.choice(g.n, SOURCES, replace=False)
    d = shortest_path(a, unweighted=True, indices=src)
    everyone = np.arange(g.n)
    return {
        "deg": deg,
        "clustering": clustering_sample(g, everyone, np.ones(g.n_edges, dtype=bool)),
        "path": d[np.isfinite(d) & (d > 0)].mean(),
    }


def _stats_nx(gx: nx.Graph, rng) -> dict:
    deg = np.array([d for _, d in sorted(gx.degree())])
    src = rng.choice(gx.number_of_nodes(), SOURCES, replace=False)
    lengths = [
        d for s in src for d in nx.single_source_shortest_path_length(gx, int(s)).values() if d
    ]
    return {"deg": deg, "clustering": nx.average_clustering(gx), "path": float(np.mean(lengths))}


def _mean(rows: list[dict], key: str) -> float:
    return float(np.mean([r[key] for r in rows]))


def _tv_distance(a: np.ndarray, b: np.ndarray) -> float:
    top = max(a.max(), b.max()) + 1
    pa = np.bincount(a, minlength=top) / a.size
    pb = np.bincount(b, minlength=top) / b.size
    return 0.5 * float(np.abs(pa - pb).sum())


@pytest.mark.parametrize("k,p", [(8, 0.05), (6, 0.2)])
def test_watts_strogatz_matches_networkx(k, p):
    ours, theirs = [], []
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        u, v = network.watts_strogatz(N, k, p, rng)
        ours.append(_stats_ours(_ours(u, v, N), rng))
        theirs.append(_stats_nx(nx.watts_strogatz_graph(N, k, p, seed=seed), rng))
    deg_o = np.concatenate([r["deg"] for r in ours])
    deg_t = np.concatenate([r["deg"] for r in theirs])
    assert deg_o.mean() == pytest.approx(deg_t.mean(), rel=0.01)
    assert _tv_distance(deg_o, deg_t) < 0.05
    assert _mean(ours, "clustering") == pytest.approx(_mean(theirs, "clustering"), rel=0.05)
    assert _mean(ours, "path") == pytest.approx(_mean(theirs, "path"), rel=0.05)


def test_wards_match_a_stochastic_block_model():
    k, size, between = 8, 200, 0.1
    blocks = N // size
    # expected ties: k/2 proposals per citizen, a share `between` of them anywhere
    p_in = k * (1 - between) / size + k * between / N
    p_out = k * between / N
    probs = np.full((blocks, blocks), p_out)
    np.fill_diagonal(probs, p_in)
    ours, theirs, within_o, within_t = [], [], [], []
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        u, v = network.wards(N, k, np.arange(N) // size, between, rng)
        ours.append(_stats_ours(_ours(u, v, N), rng))
        within_o.append(np.mean(u // size == v // size))
        gx = nx.stochastic_block_model([size] * blocks, probs.tolist(), seed=seed)
        theirs.append(_stats_nx(gx, rng))
        e = np.array(gx.edges())
        within_t.append(np.mean(e[:, 0] // size == e[:, 1] // size))
    deg_o = np.concatenate([r["deg"] for r in ours])
    deg_t = np.concatenate([r["deg"] for r in theirs])
    assert deg_o.mean() == pytest.approx(deg_t.mean(), rel=0.03)
    # k/2 fixed proposals + Poisson(k/2) received: variance ~ k/2 vs ~ k for the block model
    assert deg_o.var() == pytest.approx(k / 2, rel=0.15)
    assert deg_t.var() == pytest.approx(k, rel=0.15)
    assert np.mean(within_o) == pytest.approx(np.mean(within_t), rel=0.03)
    assert _mean(ours, "clustering") == pytest.approx(_mean(theirs, "clustering"), rel=0.2)
    assert _mean(ours, "path") == pytest.approx(_mean(theirs, "path"), rel=0.05)


def test_clustering_indicator_equals_networkx_on_the_same_graph():
    rng = np.random.default_rng(0)
    u, v = network.watts_strogatz(500, 8, 0.1, rng)
    g = Graph(500, u, v, rng.random(u.size).astype(np.float32))
    active = g.strength >= 0.4
    gx = nx.Graph()
    gx.add_nodes_from(range(500))
    gx.add_edges_from(zip(u[active].tolist(), v[active].tolist(), strict=True))
    sample = np.sort(rng.choice(500, 100, replace=False))
    expected = np.mean(list(nx.clustering(gx, sample.tolist()).values()))
    assert clustering_sample(g, sample, active) == pytest.approx(expected, rel=1e-12)
    assert clustering_sample(g, np.arange(500), active) == pytest.approx(
        nx.average_clustering(gx), rel=1e-12
    )


def test_generators_return_sorted_unique_int32_edges():
    for u, v in (
        network.watts_strogatz(1_000, 8, 0.5, np.random.default_rng(4)),
        network.wards(1_000, 8, np.arange(1_000) // 100, 0.3, np.random.default_rng(4)),
    ):
        assert u.dtype == v.dtype == np.int32
        assert (u < v).all()
        key = u.astype(np.int64) * 1_000 + v
        assert (np.diff(key) > 0).all()  # sorted by (u, v), no duplicates


def test_large_graph_is_built_without_networkx_in_compact_arrays():
    """200,000 citizens at mean degree 8: the generator and the graph never import
    networkx, and the graph holds at most 56 bytes per citizen (4 edges x 12 bytes plus
    a 4-byte row pointer, with slack for rewired duplicates)."""
    code = (
        "import sys, numpy as np\n"
        "from coproduction import network\n"
        "from coproduction.graph import Graph\n"
        "n = 200_000\n"
        "for make in (lambda r: network.watts_strogatz(n, 8, 0.05, r),\n"
        "             lambda r: network.wards(n, 8, np.arange(n) // 2000, 0.1, r)):\n"
        "    u, v = make(np.random.default_rng(0))\n"
        "    g = Graph(n, u, v, np.ones(u.size, np.float32))\n"
        "    size = sum(a.nbytes for a in (g.u, g.v, g.strength, g.ptr))\n"
        "    assert size / n <= 56, size / n\n"
        "    assert g.matrix.indices.base is not None or g.matrix.indices is g.v\n"
        "assert 'networkx' not in sys.modules, 'networkx was imported'\n"
        "print('ok')\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "ok"
