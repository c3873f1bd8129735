"""Interactions flagged on citizens and resolved per edge in the ties pass."""

from __future__ import annotations

import numpy as np

from coproduction import network
from coproduction.graph import Graph


def test_interactions_flagged_on_citizens_resolve_to_the_right_edges():
    """Help and co-delivery flags on citizens, and listed tie ids, resolve per edge as
    ``(acts[u] and can[v]) or (acts[v] and can[u])`` (help only on ties at or above the
    threshold), over several edge blocks, exactly as a direct per-edge computation."""
    from types import SimpleNamespace

    from coproduction.graph import EDGE_BLOCK
    from coproduction.interactions import KINDS, edge_interactions
    from coproduction.state import new_week

    rng = np.random.default_rng(7)
    n = 40_000
    u, v = network.watts_strogatz(n, 8, 0.1, rng)
    g = Graph(n, u, v, rng.random(u.size, dtype=np.float32))
    assert g.n_edges > EDGE_BLOCK  # more than one block
    wk = new_week(n)
    gives, needy = rng.random(n) < 0.2, rng.random(n) < 0.3
    takes_part, regular = rng.random(n) < 0.05, rng.random(n) < 0.1
    KINDS.flag(wk, "help", gives, needy, 0.4)
    KINDS.flag(wk, "together", takes_part, regular)
    listed = [rng.choice(g.n_edges, 500), rng.choice(g.n_edges, 300)]  # with repeats
    wk.contact_edges.extend(listed)
    got = edge_interactions(SimpleNamespace(graph=g, wk=wk))

    help_ = ((gives[u] & needy[v]) | (gives[v] & needy[u])) & (g.strength >= np.float32(0.4))
    together = (takes_part[u] & regular[v]) | (takes_part[v] & regular[u])
    expected = help_ | together
    expected[np.concatenate(listed)] = True
    assert got.dtype == bool and got.shape == (g.n_edges,)
    assert np.array_equal(got, expected)
    assert 0 < got.sum() < g.n_edges
