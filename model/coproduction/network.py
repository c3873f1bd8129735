"""Social graph generators that produce undirected edge arrays directly.

Citizen ids follow neighbourhood order (a ring for Watts-Strogatz, contiguous wards for
the block model), so that most ties join nearby ids and memory access stays local.
The Watts-Strogatz and wards generators are vectorised and never build networkx
objects; Barabasi-Albert (a stress case) uses networkx.

Every generator returns ``(u, v)``: int32 arrays with ``u < v``, no self-loops and no
duplicate pairs, sorted by ``(u, v)``.
"""

from __future__ import annotations

import numpy as np

from .errors import InputError


def canonical_edges(u: np.ndarray, v: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Drop self-loops and duplicates, orient ``u < v`` and sort by ``(u, v)``.

    Works on one int64 key per edge, sorted in place, so the peak memory is about
    three int64 arrays of the edge count (it matters at national scale)."""
    key = np.minimum(u, v).astype(np.int64)
    key *= n
    key += np.maximum(u, v)
    key = key[u != v]
    key.sort()
    if key.size:
        fresh = np.empty(key.size, dtype=bool)
        fresh[0] = True
        np.not_equal(key[1:], key[:-1], out=fresh[1:])
        key = key[fresh]
        del fresh
    lo = (key // n).astype(np.int32)
    key -= lo.astype(np.int64) * n
    return lo, key.astype(np.int32)


def watts_strogatz(n: int, k: int, p: float, rng: np.random.Generator):
    """Ring lattice where each node links to its ``k // 2`` nearest neighbours on each side;
    each edge's far end is rewired to a uniform random node with probability ``p``
    (Watts & Strogatz 1998). Rewired duplicates and self-loops are dropped, so the
    mean degree can fall slightly below ``k`` when ``p`` is large."""
    half = max(1, k // 2)
    src = np.repeat(np.arange(n, dtype=np.int32), half)
    dst = np.tile(np.arange(1, half + 1, dtype=np.int32), n)
    dst += src
    dst[dst >= n] -= n
    rewire = rng.random(src.size) < p
    dst[rewire] = rng.integers(0, n, size=int(rewire.sum()))
    del rewire
    return canonical_edges(src, dst, n)


def wards(n: int, k: int, ward_size: int, between: float, rng: np.random.Generator):
    """Stochastic block model with contiguous wards of ``ward_size`` citizens: each citizen
    proposes ``k / 2`` ties, each to a random member of its own ward with probability
    ``1 - between`` and to a random citizen anywhere otherwise (Holland et al. 1983)."""
    half = max(1, k // 2)
    src = np.repeat(np.arange(n, dtype=np.int32), half)
    ward = src // ward_size
    start = ward * ward_size
    size = np.minimum(ward_size, n - start)
    within = rng.random(src.size) >= between
    dst = np.empty_like(src)
    dst[within] = start[within] + (rng.random(int(within.sum())) * size[within]).astype(np.int64)
    dst[~within] = rng.integers(0, n, size=int((~within).sum()))
    return canonical_edges(src, dst, n)


def barabasi_albert(n: int, k: int, rng: np.random.Generator):
    """Preferential attachment with ``k // 2`` edges per new node (Barabasi & Albert 1999).
    Uses networkx; a stress case with hubs, not a model of a neighbourhood."""
    import networkx as nx

    m = max(1, k // 2)
    if n > 500_000:
        raise InputError(
            f"parameter 'n_citizens' = {n}: the barabasi_albert network supports at most "
            "500_000 citizens; use watts_strogatz or wards"
        )
    g = nx.barabasi_albert_graph(n, m, seed=int(rng.integers(2**31)))
    e = np.asarray(g.edges(), dtype=np.int64).reshape(-1, 2)
    return canonical_edges(e[:, 0], e[:, 1], n)


def build(params, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n, k = params.n_citizens, params.mean_degree
    if params.network == "watts_strogatz":
        return watts_strogatz(n, k, params.rewiring, rng)
    if params.network == "wards":
        return wards(n, k, params.ward_size, params.between_ward_share, rng)
    return barabasi_albert(n, k, rng)
