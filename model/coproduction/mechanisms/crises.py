"""Phase 7: escalation of high need to crises, and their cost."""

from __future__ import annotations

import numpy as np

from ..phases import phase
from ._common import F32


def crisis_hazard(
    need: np.ndarray, prevention_recent: np.ndarray, continuity_recent: np.ndarray, params
) -> np.ndarray:
    """Weekly hazard ``crisis_hazard_max * ((need - t) / (1 - t))**2`` above the threshold
    t (0 at or below it), of which the share ``avoidable_share`` can be avoided by timely
    community care: ``hazard * ((1 - a) + a * (1 - prevention_protection *
    prevention_recent) * (1 - continuity_protection * continuity_recent))``. Prevention and
    continuity of care act on the avoidable part only."""
    t = F32(params.crisis_threshold)
    excess = np.clip((need - t) / max(F32(1) - t, F32(1e-6)), 0, 1)
    hazard = F32(params.crisis_hazard_max) * excess * excess
    a = F32(params.avoidable_share)
    avoided = F32(1) - F32(params.prevention_protection) * prevention_recent
    avoided *= F32(1) - F32(params.continuity_protection) * continuity_recent
    avoided *= a
    avoided += F32(1) - a
    hazard *= avoided
    return hazard


@phase(
    reads=("citizens.need", "citizens.prevention_recent", "citizens.continuity_recent", "week"),
    writes=(
        "citizens.need",
        "citizens.last_crisis",
        "wk.crisis",
        "flows.crises",
        "flows.expected_crises",
        "flows.crisis_cost",
    ),
)
def crises(state, params, rng: np.random.Generator) -> None:
    """Draw crises; each costs ``crisis_unit_cost`` and removes ``crisis_need_reset`` of the
    citizen's need (acute care)."""
    c, wk = state.citizens, state.wk
    u = rng.random(c.n, dtype=F32)
    # the hazard is 0 at or below the threshold: only the citizens above it can be hit
    at_risk = np.flatnonzero(c.need > F32(params.crisis_threshold))
    hazard = crisis_hazard(
        c.need[at_risk], c.prevention_recent[at_risk], c.continuity_recent[at_risk], params
    )
    hit = at_risk[np.flatnonzero(u[at_risk] < hazard)]
    wk.crisis[hit] = True
    c.need[hit] *= F32(1 - params.crisis_need_reset)
    c.last_crisis[hit] = state.week
    n = int(hit.size)
    state.flows.crises = float(n)
    state.flows.expected_crises = float(hazard.sum(dtype=np.float64))
    state.flows.crisis_cost = n * params.crisis_unit_cost
