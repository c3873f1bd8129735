"""The graph: one record per undirected edge in CSR form, checked against dense matrices."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from coproduction import network
from coproduction.graph import Graph


def test_graph_neighbour_sums_and_lookups_match_a_dense_matrix():
    rng = np.random.default_rng(5)
    n = 300
    u, v = network.wards(n, 6, np.arange(n) // 50, 0.2, rng)
    s = rng.random(u.size).astype(np.float32)
    g = Graph(n, u, v, s)
    dense = np.zeros((n, n))
    dense[u, v] = dense[v, u] = s
    x = rng.random(n).astype(np.float32)
    assert g.neighbour_sum(x) == pytest.approx(dense @ x, rel=1e-5)
    a, b = rng.integers(0, n, 2_000), rng.integers(0, n, 2_000)
    eid = g.find(a, b)
    linked = (dense[a, b] > 0) & (a != b)
    assert ((eid >= 0) == linked).all()
    assert (np.minimum(a, b)[linked] == g.u[eid[linked]]).all()
    assert (np.maximum(a, b)[linked] == g.v[eid[linked]]).all()
    # the two-way CSR built on demand lists every neighbour once, ascending
    for i in (0, 17, n - 1):
        row = g.indices[g.indptr[i] : g.indptr[i + 1]]
        assert row.tolist() == np.flatnonzero(dense[i]).tolist()
        assert (s[g.eid[g.indptr[i] : g.indptr[i + 1]]] == dense[i, row]).all()


def test_add_edges_keeps_order_and_matrix_in_step():
    rng = np.random.default_rng(6)
    n = 400
    u, v = network.watts_strogatz(n, 6, 0.1, rng)
    g = Graph(n, u, v, np.full(u.size, 0.5, np.float32))
    old = set(zip(u.tolist(), v.tolist(), strict=True))
    a, b = rng.integers(0, n, 300), rng.integers(0, n, 300)
    added = g.add_edges(a, b, 0.25)
    new = {(min(x, y), max(x, y)) for x, y in zip(a.tolist(), b.tolist(), strict=True) if x != y}
    assert added == len(new - old)
    assert set(zip(g.u.tolist(), g.v.tolist(), strict=True)) == old | new
    key = g.u.astype(np.int64) * n + g.v
    assert (np.diff(key) > 0).all()
    fresh = np.array(sorted(new - old))
    assert (g.strength[g.find(fresh[:, 0], fresh[:, 1])] == np.float32(0.25)).all()
    dense = sp.coo_matrix((g.strength, (g.u, g.v)), shape=(n, n)).toarray()
    dense += dense.T
    x = rng.random(n).astype(np.float32)
    assert g.neighbour_sum(x) == pytest.approx(dense @ x, rel=1e-5)
    assert g.strength_sum() == pytest.approx(dense.sum(axis=1), rel=1e-5)


def test_has_active_tie_and_degree_match_a_dense_matrix_before_and_after_new_edges():
    """Both ways of finding citizens with an active tie (few weak ties: counted against
    the degree; many: scattered) agree with the dense matrix, also once edges are added
    (the cached degree is rebuilt) and for citizens with no tie at all."""
    rng = np.random.default_rng(8)
    n = 500
    u, v = network.wards(n, 4, np.arange(n) // 50, 0.2, rng)
    keep = (u >= 20) & (v >= 20)  # citizens 0-19 start without ties
    g = Graph(n, u[keep], v[keep], rng.random(int(keep.sum())).astype(np.float32))
    for step in range(2):
        dense = sp.coo_matrix((g.strength, (g.u, g.v)), shape=(n, n)).toarray()
        dense += dense.T
        assert g.degree().tolist() == (dense > 0).sum(axis=1).tolist()
        for t in (0.0, 0.1, 0.5, 0.95):
            want = (dense >= t).any(axis=1) & (dense > 0).any(axis=1)
            assert g.has_active_tie(t).tolist() == want.tolist()
        assert not g.has_active_tie(0.5)[:20].any() or step == 1
        g.add_edges(np.arange(10), np.arange(10) + 100, 0.9)


def test_a_deep_copy_keeps_the_matrix_on_its_own_strengths():
    import copy

    rng = np.random.default_rng(3)
    u, v = network.watts_strogatz(200, 6, 0.1, rng)
    g = Graph(200, u, v, rng.random(u.size).astype(np.float32))
    h = copy.deepcopy(g)
    assert np.shares_memory(h.matrix.data, h.strength)
    assert not np.shares_memory(h.strength, g.strength)
    h.strength *= np.float32(0.5)
    h.refresh()
    x = np.ones(200, np.float32)
    assert h.neighbour_sum(x) == pytest.approx(0.5 * g.neighbour_sum(x), rel=1e-6)
