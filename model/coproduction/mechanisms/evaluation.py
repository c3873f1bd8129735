"""Phase 11: co-evaluation feedback and community ownership."""

from __future__ import annotations

import numpy as np

from ..phases import phase
from ._common import F32, involve, recent_share


@phase(
    reads=(
        "citizens.trust",
        "citizens.self_efficacy",
        "citizens.last_evaluation",
        "services.weight",
        "services.fit",
        "services.ownership",
        "week",
    ),
    lags=("records.participation_rate",),
    writes=(
        "wk.involved",
        "wk.involved_count",
        "citizens.last_evaluation",
        "services.fit",
        "services.ownership",
        "flows.evaluation_participants",
    ),
)
def evaluation(state, params, rng: np.random.Generator) -> None:
    """Citizens take part in evaluation like in design. Their feedback closes part of the
    gap to ``fit_max``: ``fit += fit_rate * co_evaluation * influence * min(1,
    evaluation_share / participation_saturation) * (fit_max - fit) / 2``.
    Ownership grows by ``ownership_rate * co_delivery * participation_rate * influence *
    (1 - ownership)`` and decays by ``ownership_decay * ownership``."""
    c, sv = state.citizens, state.services
    u = rng.random(c.n, dtype=F32)
    part = involve(state, params, params.co_evaluation, u, c.last_evaluation)
    state.flows.evaluation_participants = float(np.count_nonzero(part))
    share = recent_share(c.last_evaluation, state.week)
    gain = (
        params.co_evaluation * params.influence * min(1.0, share / params.participation_saturation)
    )
    sv.fit += params.fit_rate * gain * (params.fit_max - sv.fit) / 2
    participation = state.records.participation_rate  # last week's (records runs later)
    sv.ownership += (
        params.ownership_rate
        * params.co_delivery
        * participation
        * params.influence
        * (1 - sv.ownership)
        - params.ownership_decay * sv.ownership
    )
    np.clip(sv.ownership, 0, 1, out=sv.ownership)
