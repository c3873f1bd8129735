"""Small helpers shared by the phases."""

from __future__ import annotations

import numpy as np

F32 = np.float32


def capacity(citizens, params) -> np.ndarray:
    """Hours a citizen can give this week: ``max_capacity_hours * (1 - need)``."""
    return (F32(params.max_capacity_hours) * (F32(1) - citizens.need)).astype(F32, copy=False)


def willingness(citizens) -> np.ndarray:
    """Readiness to take part in involvement activities: mean of self-efficacy and trust
    (self-efficacy is the strongest predictor of co-production, Parrado et al. 2013)."""
    return F32(0.5) * (citizens.self_efficacy + citizens.trust)


def mean_levers(params) -> float:
    return (
        params.co_commissioning + params.co_design + params.co_delivery + params.co_evaluation
    ) / 4.0


def mean_support(state, params) -> float:
    """Budget-weighted capacity to organise citizen-led activity (see State.support)."""
    return float(np.dot(state.services.weight, state.support(params)))


def recent_share(last_week: np.ndarray, week: int, window: int = 52) -> float:
    """Share of citizens whose last event falls within the last ``window`` weeks."""
    return float(np.count_nonzero(last_week > week - window)) / max(last_week.size, 1)


def involve(
    state, params, lever: float, u: np.ndarray, last: np.ndarray, will: np.ndarray | None = None
) -> np.ndarray:
    """Citizens who take part in an involvement activity this week: each with chance
    ``involvement_rate * lever * support * willingness`` (``u`` uniform draws; ``will`` the
    willingness if already computed this phase).
    Updates the involvement records and returns the boolean mask."""
    c, wk = state.citizens, state.wk
    if lever <= 0:
        return np.zeros(c.n, dtype=bool)
    if will is None:
        will = willingness(c)
    p = F32(params.involvement_rate * lever * mean_support(state, params)) * will
    part = u < p
    wk.involved |= part
    wk.involved_count += part
    last[np.flatnonzero(part)] = state.week  # an index array: faster than the mask
    return part


#: Kinds of interaction along a tie, each a pair of bits in ``Week.edge_flags``.
PAIR_HELP, PAIR_TOGETHER = 0, 1


def flag_pair(wk, pair: int, acts: np.ndarray, can: np.ndarray, min_strength=None) -> None:
    """Record that a tie (u, v) interacts this week when one end acts (``acts``) and the
    other can take part (``can``), on ties with strength at least ``min_strength`` if given:
    ``(acts[u] and can[v]) or (acts[v] and can[u])``. Per-citizen flags only: the edges are
    resolved once a week, in the ties phase (``edge_contacts``), so no phase needs its own
    pass over all edges. Nothing is recorded when nobody acts."""
    if not acts.any():
        return
    shift = np.uint8(2 * pair)
    wk.edge_flags |= acts.astype(np.uint8) << shift
    wk.edge_flags |= can.astype(np.uint8) << (shift + np.uint8(1))
    wk.pair_min_strength[pair] = min_strength


def edge_contacts(graph, wk, lo: int, hi: int) -> np.ndarray:
    """Which edges ``lo..hi-1`` carried an interaction this week (bool): a flagged pair
    (``flag_pair``), or an edge listed in ``wk.contact_edges`` (sorted, unique)."""
    out = np.zeros(hi - lo, dtype=bool)
    if wk.pair_min_strength:  # some pair kind was flagged this week (see flag_pair)
        fu = np.take(wk.edge_flags, graph.u[lo:hi])
        fv = np.take(wk.edge_flags, graph.v[lo:hi])
        # bit 2k of hit: one end acts (bit 2k) and the other can take part (bit 2k + 1)
        hit = fu & (fv >> np.uint8(1))
        hit |= fv & (fu >> np.uint8(1))
        for pair, least in wk.pair_min_strength.items():
            got = (hit & np.uint8(1 << (2 * pair))) != 0
            if least is not None:
                got &= graph.strength[lo:hi] >= F32(least)
            out |= got
    if wk.contact_edges:
        ids = wk.contact_edges[0]
        a, b = np.searchsorted(ids, (lo, hi))
        out[ids[a:b] - lo] = True
    return out


def settle_contacts(wk) -> None:
    """Merge the edge-id lists in ``wk.contact_edges`` into one sorted, unique array."""
    if wk.contact_edges:
        wk.contact_edges[:] = [np.unique(np.concatenate(wk.contact_edges))]


def edge_interactions(state) -> np.ndarray:
    """Which edges interacted this week, for all edges at once (bool; for inspection)."""
    g, wk = state.graph, state.wk
    settle_contacts(wk)
    parts = [edge_contacts(g, wk, lo, hi) for lo, hi in g.blocks()]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
