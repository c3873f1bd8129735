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


#: Residents of a small area (LSOA) by design: 1,000 to 3,000 (ONS 2011 census geographies).
LSOA_RESIDENTS = (1_000, 3_000)


def draw_wards(
    n: int, ward_size: int, fifth_shares: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(ward, fifth) of every citizen: ``round(n / ward_size)`` contiguous wards whose sizes
    are drawn uniformly in the LSOA design range (relative to each other) and scaled to sum
    to ``n``, each given one deprivation fifth so that the citizens' shares follow
    ``fifth_shares`` as closely as whole wards allow (the largest ward first to the fifth
    furthest below its share), the wards then laid out in random order."""
    n_w = max(1, min(n, round(n / ward_size)))
    rel = rng.uniform(*LSOA_RESIDENTS, size=n_w)
    edges = np.rint(np.cumsum(rel) / rel.sum() * n).astype(np.int64)
    sizes = np.diff(edges, prepend=0)
    while (sizes == 0).any():  # a ward of nobody: take one citizen from the largest
        sizes[np.argmax(sizes)] -= 1
        sizes[np.argmin(sizes)] += 1
    target = np.asarray(fifth_shares, dtype=float) * n
    got = np.zeros(target.size)
    fifth_of = np.empty(n_w, dtype=np.int8)
    for w in np.argsort(-sizes, kind="stable"):
        q = int(np.argmax(target - got))
        fifth_of[w] = q
        got[q] += sizes[w]
    order = rng.permutation(n_w)
    sizes, fifth_of = sizes[order], fifth_of[order]
    ward = np.repeat(np.arange(n_w, dtype=np.int32), sizes)
    return ward, np.repeat(fifth_of, sizes)


def wards(n: int, k: int, ward: np.ndarray, between: float, rng: np.random.Generator):
    """Stochastic block model on contiguous wards (``ward``, non-decreasing in citizen id):
    each citizen proposes ``k / 2`` ties, each to a random member of its own ward with
    probability ``1 - between`` and to a random citizen anywhere otherwise (Holland et al.
    1983)."""
    half = max(1, k // 2)
    src = np.repeat(np.arange(n, dtype=np.int32), half)
    counts = np.bincount(ward)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    own = ward[src]
    start = first[own]
    size = counts[own]
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


def build(params, rng: np.random.Generator, ward: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The edges of the social graph; ``ward`` (from :func:`draw_wards`) is used by the
    wards network."""
    n, k = params.n_citizens, params.mean_degree
    if params.network == "watts_strogatz":
        return watts_strogatz(n, k, params.rewiring, rng)
    if params.network == "wards":
        return wards(n, k, ward, params.between_ward_share, rng)
    return barabasi_albert(n, k, rng)
