"""Phase 10: tie strengthening, decay and formation."""

from __future__ import annotations

import numpy as np

from ._common import F32


def ties(state, params, rng: np.random.Generator) -> None:
    """Every tie decays geometrically by ``tie_decay``; a tie that carried an interaction
    this week gains ``tie_gain * (1 - strength)``. Interactions are everyday contact, with
    chance ``2 * social_contact_prob * min(sociability_u, sociability_v)`` (a tie is kept up
    as much as its less sociable end invests; sociability is the everyday level of
    connecting times ``1 - need / 2``), help, a time-bank exchange or joint co-delivery.
    New ties queued by exchanges and group activities are added every
    ``tie_rebuild_weeks`` weeks at ``new_tie_strength``."""
    g, wk = state.graph, state.wk
    c = state.citizens
    sociability = c.ways_base[0] * (F32(1) - F32(0.5) * c.need)
    p = F32(2 * params.social_contact_prob) * np.minimum(sociability[g.u], sociability[g.v])
    contact = rng.random(g.n_edges, dtype=F32) < p
    contact |= wk.edge_interaction
    s = g.strength
    s *= F32(1 - params.tie_decay)
    # s += tie_gain * (1 - s) on ties with contact, without gathering them
    gain = np.subtract(F32(1), s, dtype=F32)
    gain *= F32(params.tie_gain)
    np.add(s, gain, out=s, where=contact)
    added = 0
    if state.week % params.tie_rebuild_weeks == 0 and wk.new_u:
        nu, nv = np.concatenate(wk.new_u), np.concatenate(wk.new_v)
        wk.new_u.clear()
        wk.new_v.clear()
        added = g.add_edges(nu, nv, params.new_tie_strength)
    state.flows["bridging_ties"] = float(added)
    if not added:
        g.refresh()
