"""Phase 2: co-commissioning and co-design update budget weights, prevention and fit."""

from __future__ import annotations

import numpy as np

from ..phases import phase
from ._common import F32, involve, recent_share, willingness


@phase(
    reads=(
        "citizens.need",
        "citizens.need_kind",
        "citizens.last_commissioning",
        "citizens.last_design",
        "services.weight",
        "services.fit",
        "demand_share",
        "prevention_share",
        "week",
    ),
    lags=("citizens.trust", "citizens.self_efficacy", "services.ownership"),
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
        "prevention_share",
    ),
)
def commissioning(state, params, rng: np.random.Generator) -> None:
    """Citizens take part in commissioning and design with a chance set by the lever depth,
    the organising support and their willingness.

    Co-commissioning moves service budget weights toward the needs that involved citizens
    report and raises the effective prevention share, both at a rate proportional to
    ``co_commissioning * influence``. Co-design raises each service's fit target:
    ``fit_target = fit_top_down + (fit_max - fit_top_down) * co_design * influence *
    min(1, design_share / participation_saturation)`` and
    ``fit += fit_rate * (fit_target - fit)``.
    """
    c, sv = state.citizens, state.services
    u_comm = rng.random(c.n, dtype=F32)
    u_design = rng.random(c.n, dtype=F32)
    will = willingness(c)
    comm = involve(state, params, params.co_commissioning, u_comm, c.last_commissioning, will)
    design = involve(state, params, params.co_design, u_design, c.last_design, will)
    state.flows.commissioning_participants = float(np.count_nonzero(comm))
    state.flows.design_participants = float(np.count_nonzero(design))

    strength = params.co_commissioning * params.influence
    if comm.any() and strength > 0:
        who = np.flatnonzero(comm)
        reported = np.bincount(c.need_kind[who], weights=c.need[who], minlength=sv.s)
        if reported.sum() > 0:
            state.demand_share += 0.1 * (reported / reported.sum() - state.demand_share)
        sv.weight += params.commissioning_rate * strength * (state.demand_share - sv.weight)
        sv.weight /= sv.weight.sum()
    comm_share = recent_share(c.last_commissioning, state.week)
    target_prev = min(
        0.9,
        params.prevention_share
        + params.commissioning_prevention_shift
        * strength
        * min(1.0, comm_share / params.participation_saturation),
    )
    state.prevention_share += params.commissioning_rate * (target_prev - state.prevention_share)

    design_share = recent_share(c.last_design, state.week)
    gain = (
        params.co_design
        * params.influence
        * min(1.0, design_share / params.participation_saturation)
    )
    target = params.fit_top_down + (params.fit_max - params.fit_top_down) * gain
    sv.fit += params.fit_rate * (target - sv.fit)
