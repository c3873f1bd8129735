"""Small helpers shared by the phases."""

from __future__ import annotations

import numpy as np

F32 = np.float32


#: Weekly care hours at which a carer has no spare time left to give.
FULL_TIME_CARE_HOURS = 50.0


def capacity(citizens, params) -> np.ndarray:
    """Hours a citizen can give this week: ``max_capacity_hours * (1 - need) * (1 -
    min(1, care_hours / 50))``, with last week's care hours (a carer of 50 or more hours a
    week, the Census's top band, has none to spare)."""
    spare = F32(1) - citizens.need
    care = citizens.care_hours * F32(1 / FULL_TIME_CARE_HOURS)
    np.minimum(care, F32(1), out=care)
    spare *= F32(1) - care
    spare *= F32(params.max_capacity_hours)
    return spare


def willingness(citizens, params) -> np.ndarray:
    """Readiness to take part in involvement activities and the time bank, in [0, 1]: a
    weighted mean of self-efficacy, trust, spare capacity (``1 - need``, less for carers)
    and age (band / 3), the weights ``willingness_*`` normalised to sum to 1. Self-efficacy
    is the strongest predictor of co-production, and older people co-produce more
    (Parrado et al. 2013); those in high need or caring have less time. This is the
    participation gradient: who takes part, and so whose needs shape services."""
    w = np.array(
        [
            params.willingness_efficacy,
            params.willingness_trust,
            params.willingness_capacity,
            params.willingness_age,
        ]
    )
    total = w.sum()
    w = (w / total if total > 0 else np.full(4, 0.25)).astype(F32)
    spare = capacity(citizens, params) * F32(1 / max(params.max_capacity_hours, 1e-9))
    out = w[0] * citizens.self_efficacy
    out += w[1] * citizens.trust
    out += w[2] * spare
    out += w[3] * F32(1 / 3) * citizens.age_band
    return np.clip(out, 0, 1, out=out)


def coproducing(params) -> bool:
    """Whether any co-production lever is above 0 (staff are then trained for it)."""
    return (
        max(params.co_commissioning, params.co_design, params.co_delivery, params.co_evaluation) > 0
    )


def mean_support(state, params) -> float:
    """Budget-weighted capacity to organise citizen-led activity (see State.support)."""
    return float(np.dot(state.services.weight, state.support(params)))


def recent_share(last_week: np.ndarray, week: int, window: int = 52) -> float:
    """Share of citizens whose last event falls within the last ``window`` weeks."""
    return float(np.count_nonzero(last_week > week - window)) / max(last_week.size, 1)


def recent_share_by_kind(state, last_week: np.ndarray, window: int = 52) -> np.ndarray:
    """For each service (need kind), the share of its users (citizens with that kind of
    need) whose last event falls within the last ``window`` weeks."""
    c = state.citizens
    users = kind_counts(state)
    recent = np.bincount(c.need_kind[last_week > state.week - window], minlength=users.size).astype(
        np.float64
    )
    return np.divide(recent, users, out=np.zeros_like(recent), where=users > 0)


def kind_counts(state) -> np.ndarray:
    """Citizens per need kind (cached: need kinds never change)."""
    counts = state.cache.get("kind_counts")
    if counts is None:
        n_kinds = state.services.s
        counts = np.bincount(state.citizens.need_kind, minlength=n_kinds).astype(np.float64)
        state.cache["kind_counts"] = counts
    return counts


def involve(
    state,
    params,
    lever: float,
    u: np.ndarray | None,
    last: np.ndarray,
    will: np.ndarray | None = None,
) -> np.ndarray:
    """Citizens who take part in an involvement activity this week: each with chance
    ``involvement_rate * lever * support * willingness`` (``u`` uniform draws, which may be
    ``None`` when the lever is 0; ``will`` the willingness if already computed this phase).
    Updates the involvement records and returns the boolean mask."""
    c, wk = state.citizens, state.wk
    if lever <= 0:
        return np.zeros(c.n, dtype=bool)
    if will is None:
        will = willingness(c, params)
    p = F32(params.involvement_rate * lever * mean_support(state, params)) * will
    part = u < p
    wk.involved |= part
    wk.involved_count += part
    last[np.flatnonzero(part)] = state.week  # an index array: faster than the mask
    return part


def to_services(services, hours: int) -> None:
    """Add ``hours`` credits (negative: take them) to the services' accounts, spread by
    budget weight in whole hours, exactly (the remainder goes to the largest service)."""
    if hours == 0:
        return
    size = abs(hours)
    split = np.floor(size * services.weight).astype(np.int64)
    split[int(np.argmax(services.weight))] += size - int(split.sum())
    services.credits += split if hours > 0 else -split
