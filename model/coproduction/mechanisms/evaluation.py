"""Phase 11: co-evaluation feedback and community ownership."""

from __future__ import annotations

import numpy as np

from ..phases import phase
from ._common import F32, involve, recent_share_by_kind


@phase(
    reads=(
        "budget_start",
        "citizens.trust",
        "citizens.self_efficacy",
        "citizens.last_evaluation",
        "citizens.need",
        "citizens.need_kind",
        "citizens.age_band",
        "citizens.care_hours",
        "services.weight",
        "services.fit",
        "services.ownership",
        "week",
    ),
    lags=("records.led_share",),
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
    """Citizens take part in evaluation like in design. Their feedback closes part of each
    service's gap to ``fit_max``: ``fit += fit_rate * evaluation_fit_share * influence *
    min(1, share of the service's users who took part in evaluation in the last 52 weeks
    / participation_saturation) * (fit_max - fit)``. Ownership grows by ``ownership_rate *
    influence * min(1, led / participation_saturation) * (1 - ownership)``, where led is
    last week's share of citizens who led activity (co-delivery or the time bank) in the
    last 4 weeks, and decays by ``ownership_decay * ownership``."""
    c, sv = state.citizens, state.services
    # with the lever at 0 nobody takes part: nothing to draw (the phase draws nothing else)
    u = rng.random(c.n, dtype=F32) if params.co_evaluation > 0 else None
    part = involve(state, params, params.co_evaluation, u, c.last_evaluation)
    state.flows.evaluation_participants = float(np.count_nonzero(part))
    share_k = recent_share_by_kind(state, c.last_evaluation)
    gain = params.influence * np.minimum(1.0, share_k / params.participation_saturation)
    sv.fit += params.fit_rate * params.evaluation_fit_share * gain * (params.fit_max - sv.fit)
    led = min(1.0, state.records.led_share / params.participation_saturation)
    sv.ownership += (
        params.ownership_rate * params.influence * led * (1 - sv.ownership)
        - params.ownership_decay * sv.ownership
    )
    np.clip(sv.ownership, 0, 1, out=sv.ownership)
