"""Phase 3: professional time: facilitation, failure demand and processing, then contact
hours targeted by need (reactive) and before the crisis threshold (preventive), plus the
support hours that the budget buys beyond the posts."""

from __future__ import annotations

import numpy as np

from ..phases import phase
from ._common import F32


def staff_hours(state, params) -> dict[str, float]:
    """This week's staff hours: filled posts' contracted hours plus the agency cover of
    ``agency_cover_share`` of the vacant funded posts, their cost (agency hours at
    ``agency_premium``), and the commissioned support hours bought with the budget left
    after the funded posts (filled or vacant: a vacant post's money is not re-spent) and
    recent non-staff spending."""
    pr = state.professionals
    filled = int(np.count_nonzero(pr.filled))
    vacant = int(np.count_nonzero(pr.funded & ~pr.filled))
    agency = params.agency_cover_share * vacant * params.contracted_hours
    hours = filled * params.contracted_hours + agency
    cost = (
        filled * params.contracted_hours + agency * params.agency_premium
    ) * params.staff_cost_per_hour
    funded = int(np.count_nonzero(pr.funded))
    other = state.nonstaff_ema or 0.0
    # the money of a vacant post is kept for the post (underspent), not re-spent
    posts = funded * params.contracted_hours * params.staff_cost_per_hour
    left = max(0.0, state.weekly_budget(params) - posts - other)
    return {
        "filled": filled,
        "hours": hours,
        "agency": agency,
        "cost": cost,
        "commissioned": left / params.commissioned_cost_per_hour,
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
        "citizens.continuity_recent",
        "services.weight",
        "services.fit",
        "week",
    ),
    lags=(
        "professionals.filled",
        "professionals.funded",
        "records.sessions",
        "nonstaff_ema",
    ),
    writes=(
        "wk.prof_hours",
        "wk.preventive",
        "citizens.prevention_recent",
        "citizens.continuity_recent",
        "professionals.caseload",
        "flows.reactive_hours",
        "flows.preventive_hours",
        "flows.processing_hours",
        "flows.facilitation_hours",
        "flows.available_hours",
        "flows.demand_hours",
        "flows.processing_share",
        "flows.failure_contacts",
        "flows.cases",
        "flows.served",
        "flows.staff_hours",
        "flows.agency_hours",
        "flows.commissioned_hours",
        "flows.staff_cost",
        "flows.commissioned_cost",
        "flows.prevention_cost",
    ),
)
def allocation(state, params, rng: np.random.Generator) -> None:
    """Staff hours (filled posts and agency cover) go first to facilitating last week's
    citizen-sessions (``facilitation_hours_per_participant`` each), then to failure
    demand: ``failure_contact_rate * sum over citizens in unmet need of (1 - fit)`` repeat
    contacts, each taking ``processing_hours_per_contact``. The rest is case work: each
    case costs its contact hours times ``1 + relational_extra_hours * relational_time``
    (relationships take time) plus the processing of the contact. Contact hours go to
    services by budget weight; within each, reactive cases (``1 - prevention_share``) go to
    the citizens with the highest need above ``need_met_threshold``, preventive cases to
    the highest-need citizens below ``crisis_threshold`` not already served, and the
    commissioned support hours add preventive cases, each referred and reviewed by staff
    (``processing_hours_per_contact`` of staff time). Citizens receive the contact hours
    of their case (``reactive_hours_per_case``, ``preventive_hours_per_case``); the
    relational share of staff care they receive builds ``continuity_recent``."""
    c, pr, sv, wk, f = state.citizens, state.professionals, state.services, state.wk, state.flows
    staff = staff_hours(state, params)
    total = staff["hours"]
    facilitation = min(total, params.facilitation_hours_per_participant * state.records.sessions)
    met, crisis = F32(params.need_met_threshold), F32(params.crisis_threshold)
    needy = c.need >= met
    misfit = float(np.dot(1.0 - sv.fit, np.bincount(c.need_kind[needy], minlength=sv.s)))
    failure = params.failure_contact_rate * misfit
    proc = params.processing_hours_per_contact
    failure_processing = min(total - facilitation, failure * proc)
    bought = staff["commissioned"]
    # every commissioned case is referred and reviewed by staff: a contact to process
    bought_processing = min(
        total - facilitation - failure_processing,
        np.floor(bought / params.preventive_hours_per_case) * proc,
    )
    available = total - facilitation - failure_processing - bought_processing
    stretch = 1.0 + params.relational_extra_hours * params.relational_time
    h_react = params.reactive_hours_per_case * stretch + proc
    h_prev = params.preventive_hours_per_case * stretch + proc
    prevent_h = available * params.prevention_share
    react_h = available - prevent_h
    used_react = used_prev = used_bought = 0.0
    cases = served_total = n_crisis_level = n_moderate = 0
    staff_seen = np.zeros(c.n, dtype=bool)
    for k in range(sv.s):
        # the citizens whose need is of kind k (ascending ids) and their need
        ids = np.flatnonzero(c.need_kind == k)
        need = c.need[ids]
        needy_k = need >= met
        below_crisis = need < crisis
        n_crisis_level += ids.size - np.count_nonzero(below_crisis)
        n_moderate += np.count_nonzero(needy_k & below_crisis)
        slots_r = int(react_h * sv.weight[k] / h_react)
        reactive = _top_positions(need, needy_k, slots_r)
        chosen = ids[reactive]
        wk.prof_hours[chosen] += F32(params.reactive_hours_per_case)
        # preventive candidates: some need, below the crisis level, not already served
        below_crisis &= need > 0
        below_crisis[reactive] = False
        slots_staff = int(prevent_h * sv.weight[k] / h_prev)
        slots_bought = int(bought * sv.weight[k] / params.preventive_hours_per_case)
        prevent = _top_positions(need, below_crisis, slots_staff + slots_bought)
        chosen_p = ids[prevent]
        wk.prof_hours[chosen_p] += F32(params.preventive_hours_per_case)
        wk.preventive[chosen_p] = True
        by_staff = min(chosen_p.size, slots_staff)
        staff_seen[chosen] = True
        staff_seen[chosen_p[:by_staff]] = True
        used_react += chosen.size * params.reactive_hours_per_case
        used_prev += by_staff * params.preventive_hours_per_case
        used_bought += (chosen_p.size - by_staff) * params.preventive_hours_per_case
        cases += chosen.size + by_staff
        served_total += chosen.size + chosen_p.size
    alpha = F32(1 - 0.5 ** (1 / params.prevention_half_life))
    step = wk.preventive.astype(F32)
    step -= c.prevention_recent
    step *= alpha
    c.prevention_recent += step
    step = staff_seen.astype(F32) * F32(params.relational_time)
    step -= c.continuity_recent
    step *= alpha
    c.continuity_recent += step
    processing = failure_processing + bought_processing + cases * proc
    f.reactive_hours = used_react
    f.preventive_hours = used_prev + used_bought
    f.processing_hours = processing
    f.facilitation_hours = facilitation
    f.available_hours = total - facilitation
    f.demand_hours = n_crisis_level * h_react + n_moderate * h_prev + failure * proc
    f.processing_share = processing / total if total > 0 else 0.0
    f.failure_contacts = failure
    f.cases = float(cases)
    f.served = float(served_total)
    f.staff_hours = total
    f.agency_hours = staff["agency"]
    f.commissioned_hours = bought
    f.staff_cost = staff["cost"]
    f.commissioned_cost = bought * params.commissioned_cost_per_hour
    f.prevention_cost = used_prev * params.staff_cost_per_hour + f.commissioned_cost
    filled = staff["filled"]
    pr.caseload[:] = cases / filled if filled else 0.0
