"""Phase 5: co-delivery contributions (dispositions, neighbours, rewards)."""

from __future__ import annotations

import numpy as np

from ..codes import Disposition
from ..interactions import KINDS
from ..phases import phase
from ..state import PARTICIPATION_HOURS
from ._common import F32, capacity, mean_support, recent_share, to_services


def propensity(state, params) -> np.ndarray:
    """Willingness to contribute this week, in [0, 1] (it scales the weekly chance of
    taking part).

    Conditional cooperators: ``conditional_slope * (strength-weighted mean of neighbours'
    propensity last week) + trust_effect * (trust - 0.5) + efficacy_effect *
    (self_efficacy - 0.5) + feedback_effect * influence * min(1, share of citizens who took
    part in evaluation in the last 52 weeks / participation_saturation)`` (Fischbacher et
    al. 2001; Fischbacher & Gaechter 2010; visible reciprocity as in Fehr & Gaechter 2000).
    Unconditional contributors: ``unconditional_level``. Free riders: 0. Time credits are
    an extrinsic reward for free riders (their propensity becomes ``credit_extrinsic``) and
    recognition for conditional cooperators (``+ credit_recognition``). Cash adds
    ``cash_motivation`` for everyone but scales the intrinsic part of the others by ``1 -
    crowding_out`` (Frey & Oberholzer-Gee 1997; Gneezy & Rustichini 2000)."""
    c, g = state.citizens, state.graph
    nb_sum = g.neighbour_sum(c.propensity)
    nb_w = g.strength_sum()
    nb_mean = np.divide(nb_sum, nb_w, out=np.zeros_like(nb_sum), where=nb_w > 0)
    seen = min(1.0, recent_share(c.last_evaluation, state.week) / params.participation_saturation)
    # computed for everyone, then kept for conditional cooperators (no masked gathers)
    p = F32(params.conditional_slope) * nb_mean
    p += F32(params.trust_effect) * (c.trust - F32(0.5))
    p += F32(params.efficacy_effect) * (c.self_efficacy - F32(0.5))
    p += F32(params.feedback_effect * params.influence * seen)
    conditional = c.disposition == Disposition.CONDITIONAL
    free_rider = c.disposition == Disposition.FREE_RIDER
    p[~conditional] = 0
    p[c.disposition == Disposition.UNCONDITIONAL] = F32(params.unconditional_level)
    np.clip(p, 0, 1, out=p)
    if params.reward == "time_credits":
        p[conditional] += F32(params.credit_recognition)
        p[free_rider] = F32(params.credit_extrinsic)
    elif params.reward == "cash":
        p *= F32(1 - params.crowding_out)
        p += F32(params.cash_motivation)
    return np.clip(p, 0, 1, out=p)


@phase(
    reads=(
        "budget_start",
        "citizens.need",
        "citizens.disposition",
        "citizens.propensity",
        "citizens.ward",
        "citizens.credits",
        "services.weight",
        "services.credits",
        "codelivery_started",
        "new_ties",
        "week",
    ),
    lags=(
        "citizens.trust",
        "citizens.self_efficacy",
        "citizens.active_history",
        "citizens.last_evaluation",
        "citizens.care_hours",
        "services.ownership",
        "graph.strength",
    ),
    writes=(
        "citizens.propensity",
        "citizens.credits",
        "services.credits",
        "codelivery_started",
        "wk.codelivery",
        "wk.codelivery_benefit",
        "wk.edge_flags",
        "new_ties",
        "flows.codelivery_hours",
        "flows.reward_cost",
    ),
)
def codelivery(state, params, rng: np.random.Generator) -> None:
    """A citizen takes part this week with chance ``codelivery_reach * co_delivery * support
    * propensity`` and gives ``min(capacity, codelivery_session_hours)`` hours.
    The hours, times ``codelivery_efficiency``, become input for needy citizens in
    proportion to their need. Time credits: whole hours given earn credits paid from the
    service accounts. Cash: ``cash_per_hour`` per hour. Participants who are neighbours
    interact, as do participants and neighbours who took part in any co-activity in the
    previous 4 weeks; participants may meet new people in the same ward (bridging ties).
    In the first week of co-delivery (and when it restarts) last week's propensities are
    taken to be ``initial_belief``: citizens' expectation of what others will give."""
    c, wk, sv = state.citizens, state.wk, state.services
    if params.co_delivery <= 0:
        c.propensity.fill(0)
        state.flows.codelivery_hours = 0.0
        state.codelivery_started = False
        return
    if not state.codelivery_started:
        # first round: citizens expect their neighbours to give ``initial_belief``
        c.propensity.fill(F32(params.initial_belief))
        state.codelivery_started = True
    u = rng.random(c.n, dtype=F32)
    p = propensity(state, params)
    c.propensity[:] = p
    chance = F32(params.codelivery_reach * params.co_delivery * mean_support(state, params)) * p
    hours = np.minimum(capacity(c, params), F32(params.codelivery_session_hours))
    np.copyto(hours, F32(0), where=(u >= chance) | (hours < F32(PARTICIPATION_HOURS)))
    wk.codelivery += hours
    total = float(hours.sum(dtype=np.float64))
    state.flows.codelivery_hours = total
    needy = c.need >= F32(params.need_met_threshold)
    need_mass = float(c.need[needy].sum(dtype=np.float64))
    if need_mass > 0:
        share = F32(total * params.codelivery_efficiency / need_mass)
        gain = share * c.need
        gain *= needy  # 0 where not needy (need is never negative)
        wk.codelivery_benefit += gain
    if params.reward == "time_credits":
        earned = np.floor(hours).astype(np.int32)
        who = np.flatnonzero(earned)
        c.credits[who] += earned[who]
        # the services pay the credits: spread over accounts by budget weight, exactly
        to_services(sv, -int(earned.sum(dtype=np.int64)))
    elif params.reward == "cash":
        state.flows.reward_cost = total * params.cash_per_hour
    took_part = hours > 0
    # group sessions: a participant meets neighbours who took part in any co-activity in
    # the last 4 weeks (the regulars), not only those there on the same day
    regular = took_part | ((c.active_history & np.uint64(0b1111)) != 0)
    KINDS.flag(wk, "together", took_part, regular)
    idx = np.flatnonzero(took_part)
    if idx.size > 1 and params.group_bridging_prob > 0:
        makers = idx[rng.random(idx.size) < params.group_bridging_prob]
        if makers.size:
            # a random participant from the same ward (ids are in ward order)
            ward = c.ward[idx]
            order = np.argsort(ward, kind="stable")
            sorted_w = ward[order]
            mk_w = c.ward[makers]
            lo = np.searchsorted(sorted_w, mk_w, "left")
            hi = np.searchsorted(sorted_w, mk_w, "right")
            pick = lo + (rng.random(makers.size) * (hi - lo)).astype(np.int64)
            partners = idx[order[np.minimum(pick, hi - 1)]]
            keep = partners != makers
            state.new_ties.add(makers[keep], partners[keep])
