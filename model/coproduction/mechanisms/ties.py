"""Phase 10: tie strengthening, decay and formation."""

from __future__ import annotations

import numpy as np

from ._common import F32, edge_contacts, settle_contacts


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
    chance = F32(2 * params.social_contact_prob)
    keep, gain = F32(1 - params.tie_decay), F32(params.tie_gain)
    settle_contacts(wk)
    # edge blocks small enough to stay in cache; the draws are the same as in one call
    for lo, hi in g.blocks():
        s = g.strength[lo:hi]
        carried = edge_contacts(g, wk, lo, hi)  # before this week's decay
        p = np.take(sociability, g.u[lo:hi])
        np.minimum(p, np.take(sociability, g.v[lo:hi]), out=p)
        p *= chance
        contact = rng.random(hi - lo, dtype=F32) < p
        contact |= carried
        s *= keep
        # s += tie_gain * (1 - s) on ties with contact
        np.subtract(F32(1), s, out=p)
        p *= gain
        p *= contact  # adds exactly 0 where there was no contact
        s += p
    added = 0
    if state.week % params.tie_rebuild_weeks == 0 and wk.new_u:
        nu, nv = np.concatenate(wk.new_u), np.concatenate(wk.new_v)
        wk.new_u.clear()
        wk.new_v.clear()
        added = g.add_edges(nu, nv, params.new_tie_strength)
    state.flows["bridging_ties"] = float(added)
    g.refresh()
