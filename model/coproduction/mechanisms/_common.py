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
