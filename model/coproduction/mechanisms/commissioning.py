"""Phase 2: co-commissioning and co-design: who takes part, and what their taking part
changes (budget weights toward the needs they report, service fit for their needs)."""

from __future__ import annotations

import numpy as np

from ..phases import phase
from ._common import F32, involve, recent_share, recent_share_by_kind, willingness


@phase(
    reads=(
        "budget_start",
        "citizens.need",
        "citizens.need_kind",
        "citizens.age_band",
        "citizens.last_commissioning",
        "citizens.last_design",
        "services.weight",
        "services.fit",
        "demand_share",
        "week",
    ),
    lags=(
        "citizens.trust",
        "citizens.self_efficacy",
        "citizens.care_hours",
        "services.ownership",
    ),
    writes=(
        "wk.involved",
        "wk.involved_count",
        "citizens.last_commissioning",
        "citizens.last_design",
        "flows.commissioning_participants",
        "flows.design_participants",
        "demand_share",
        "services.weight",
        "services.fit",
    ),
)
def commissioning(state, params, rng: np.random.Generator) -> None:
    """Citizens take part in commissioning and design with a weekly chance
    ``involvement_rate * lever * support * willingness`` (the lever is the depth of
    involvement on offer; willingness is the participation gradient).

    Co-commissioning: the reported shares of need by kind move toward the needs this
    week's participants report (``demand_report_rate``), and budget weights move toward
    the reported shares at ``commissioning_rate * influence * min(1, commissioning share /
    participation_saturation)``, where the commissioning share is the share of citizens
    who took part in the last 52 weeks. Co-design: each service's fit moves at
    ``fit_rate`` toward ``fit_top_down + (fit_max - fit_top_down) * influence * min(1,
    share of the service's own users who took part in design in the last 52 weeks /
    participation_saturation)``, so fit improves for the needs of those who took part,
    and only as far as their input changes decisions (influence)."""
    c, sv = state.citizens, state.services
    if params.co_commissioning > 0 or params.co_design > 0:
        u_comm = rng.random(c.n, dtype=F32)
        u_design = rng.random(c.n, dtype=F32)
        will = willingness(c, params)
    else:  # nobody takes part: nothing to draw (no other draw in this phase moves)
        u_comm = u_design = will = None
    comm = involve(state, params, params.co_commissioning, u_comm, c.last_commissioning, will)
    design = involve(state, params, params.co_design, u_design, c.last_design, will)
    state.flows.commissioning_participants = float(np.count_nonzero(comm))
    state.flows.design_participants = float(np.count_nonzero(design))

    if comm.any():
        who = np.flatnonzero(comm)
        reported = np.bincount(c.need_kind[who], weights=c.need[who], minlength=sv.s)
        if reported.sum() > 0:
            state.demand_share += params.demand_report_rate * (
                reported / reported.sum() - state.demand_share
            )
    comm_share = recent_share(c.last_commissioning, state.week)
    rate = (
        params.commissioning_rate
        * params.influence
        * min(1.0, comm_share / params.participation_saturation)
    )
    if rate > 0:
        sv.weight += rate * (state.demand_share - sv.weight)
        sv.weight /= sv.weight.sum()

    share_k = recent_share_by_kind(state, c.last_design)
    gain = params.influence * np.minimum(1.0, share_k / params.participation_saturation)
    target = params.fit_top_down + (params.fit_max - params.fit_top_down) * gain
    sv.fit += params.fit_rate * (target - sv.fit)
