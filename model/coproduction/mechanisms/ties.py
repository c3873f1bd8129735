"""Phase 10: tie strengthening, decay and formation."""

from __future__ import annotations

import numpy as np

from .. import parallel
from ..codes import Way
from ..interactions import edge_contacts, mark_listed, pair_tables, settle_contacts
from ..phases import phase
from ._common import F32


@phase(
    reads=(
        "citizens.ways_base",
        "citizens.need",
        "wk.edge_flags",
        "wk.contact_edges",
        "graph.strength",
        "graph.edges",
        "new_ties",
        "week",
    ),
    writes=("graph.strength", "graph.edges", "new_ties", "wk.contact_edges", "flows.bridging_ties"),
)
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
    sociability = c.ways_base[Way.CONNECTING] * (F32(1) - F32(0.5) * c.need)
    chance = F32(2 * params.social_contact_prob)
    keep, gain = F32(1 - params.tie_decay), F32(params.tie_gain)
    settle_contacts(wk)
    kern = parallel.kernels(g.n)
    if kern is not None:  # the same bits, on threads (coproduction.kernels.update_ties)
        bits, least = pair_tables(wk)
        u, v = g.u.view(np.uint32), g.v.view(np.uint32)  # unsigned: no negative-index test
        for lo, hi in g.blocks():
            kern.update_ties(
                g.strength[lo:hi],
                u[lo:hi],
                v[lo:hi],
                sociability,
                chance,
                keep,
                gain,
                rng.random(hi - lo, dtype=F32),
                wk.edge_flags,
                bits,
                least,
                mark_listed(wk, lo, np.zeros(hi - lo, dtype=bool)),
            )
    else:
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
    queue = state.new_ties
    if state.week % params.tie_rebuild_weeks == 0 and queue.u:
        nu, nv = np.concatenate(queue.u), np.concatenate(queue.v)
        queue.u.clear()
        queue.v.clear()
        added = g.add_edges(nu, nv, params.new_tie_strength)
    state.flows.bridging_ties = float(added)
    g.refresh()
