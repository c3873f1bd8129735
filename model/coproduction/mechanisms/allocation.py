"""Phase 3: professional time allocation (processing, facilitation, reactive, preventive)."""

from __future__ import annotations

import numpy as np

from ..phases import phase
from ._common import F32, mean_levers


def hours_split(params, filled: int) -> dict[str, float]:
    """Split the contracted hours of filled posts into processing, facilitation and contact.

    ``processing = processing_share * (1 - processing_cut_relational * relational_time)
    * (1 - processing_cut_evaluation * co_evaluation)``;
    ``facilitation = facilitation_max_share * mean(co-levers)``; the rest is contact time.
    """
    total = filled * params.contracted_hours
    processing = (
        params.processing_share
        * (1 - params.processing_cut_relational * params.relational_time)
        * (1 - params.processing_cut_evaluation * params.co_evaluation)
    )
    facilitation = params.facilitation_max_share * mean_levers(params)
    contact = max(0.0, 1.0 - processing - facilitation)
    return {
        "total": total,
        "processing": total * processing,
        "facilitation": total * facilitation,
        "contact": total * contact,
        "processing_share": processing,
    }


def _top_positions(values: np.ndarray, mask: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` highest ``values`` where ``mask`` is set (all of them when
    there are no more than ``k``; in no meaningful order). The k-th highest value is found
    by a partition of the values alone; only when it is tied, so that some of the tied must
    be left out, are the positions chosen by ``np.argpartition`` of the candidates' values
    in position order (the choice this phase has always made)."""
    pos = np.flatnonzero(mask)
    if k <= 0 or pos.size <= k:
        return pos[:0] if k <= 0 else pos
    v = values[pos]  # a gather: boolean indexing is several times slower
    kth = np.partition(v, v.size - k)[v.size - k]
    top = np.flatnonzero(v >= kth)
    if top.size == k:
        return pos[top]
    return pos[np.argpartition(-v, k - 1, kind="introselect")[:k]]


@phase(
    reads=(
        "citizens.need",
        "citizens.need_kind",
        "citizens.prevention_recent",
        "services.weight",
        "prevention_share",
    ),
    lags=("professionals.filled",),
    writes=(
        "wk.prof_hours",
        "wk.preventive",
        "citizens.prevention_recent",
        "professionals.caseload",
        "flows.reactive_hours",
        "flows.preventive_hours",
        "flows.processing_hours",
        "flows.facilitation_hours",
        "flows.available_hours",
        "flows.demand_hours",
        "flows.processing_share",
        "flows.served",
        "flows.staff_cost",
        "flows.prevention_cost",
    ),
)
def allocation(state, params, rng: np.random.Generator) -> None:
    """Contact hours go to services in proportion to their budget weights. Within each
    service, reactive hours (``1 - prevention share``) go to the citizens with the highest
    need above ``need_met_threshold`` at ``reactive_hours_per_case`` each; preventive hours
    go to the highest-need citizens below ``crisis_threshold`` not already served, at
    ``preventive_hours_per_case`` each. Unused slots are left idle."""
    c, pr, sv, wk = state.citizens, state.professionals, state.services, state.wk
    filled = int(np.count_nonzero(pr.filled))
    split = hours_split(params, filled)
    contact = split["contact"]
    prevent_h = contact * state.prevention_share
    react_h = contact - prevent_h
    met, crisis = F32(params.need_met_threshold), F32(params.crisis_threshold)
    used_react = used_prev = 0.0
    served_total = n_crisis_level = n_moderate = 0
    for k in range(sv.s):
        # the citizens whose need is of kind k (ascending ids) and their need
        ids = np.flatnonzero(c.need_kind == k)
        need = c.need[ids]
        needy = need >= met
        below_crisis = need < crisis
        n_crisis_level += ids.size - np.count_nonzero(below_crisis)
        n_moderate += np.count_nonzero(needy & below_crisis)
        slots_r = int(react_h * sv.weight[k] / params.reactive_hours_per_case)
        reactive = _top_positions(need, needy, slots_r)
        chosen = ids[reactive]
        wk.prof_hours[chosen] += F32(params.reactive_hours_per_case)
        # preventive candidates: some need, below the crisis level, not already served
        below_crisis &= need > 0
        below_crisis[reactive] = False
        slots_p = int(prevent_h * sv.weight[k] / params.preventive_hours_per_case)
        chosen_p = ids[_top_positions(need, below_crisis, slots_p)]
        wk.prof_hours[chosen_p] += F32(params.preventive_hours_per_case)
        wk.preventive[chosen_p] = True
        used_react += chosen.size * params.reactive_hours_per_case
        used_prev += chosen_p.size * params.preventive_hours_per_case
        served_total += chosen.size + chosen_p.size
    alpha = F32(1 - 0.5 ** (1 / params.prevention_half_life))
    step = wk.preventive.astype(F32)
    step -= c.prevention_recent
    step *= alpha
    c.prevention_recent += step
    f = state.flows
    f.reactive_hours = used_react
    f.preventive_hours = used_prev
    f.processing_hours = split["processing"]
    f.facilitation_hours = split["facilitation"]
    f.available_hours = contact
    f.demand_hours = (
        n_crisis_level * params.reactive_hours_per_case
        + n_moderate * params.preventive_hours_per_case
    )
    f.processing_share = split["processing_share"]
    f.served = float(served_total)
    f.staff_cost = split["total"] * params.staff_cost_per_hour
    f.prevention_cost = used_prev * params.staff_cost_per_hour
    pr.caseload[:] = served_total / filled if filled else 0.0
