"""Phase 3: professional time allocation (processing, facilitation, reactive, preventive)."""

from __future__ import annotations

import numpy as np

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


def _top_by_need(need: np.ndarray, idx: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` citizens in ``idx`` with the highest need (ties broken by index)."""
    if k <= 0 or idx.size == 0:
        return idx[:0]
    if k >= idx.size:
        return idx
    part = np.argpartition(-need[idx], k - 1, kind="introselect")[:k]
    return idx[part]


def _by_kind(idx: np.ndarray, kind: np.ndarray, s: int) -> list[np.ndarray]:
    """``idx`` split by ``kind[idx]`` into ``s`` arrays, each in ascending order."""
    k = kind[idx]
    order = np.argsort(k, kind="stable")
    bounds = np.searchsorted(k[order], np.arange(s + 1))
    grouped = idx[order]
    return [grouped[bounds[i] : bounds[i + 1]] for i in range(s)]


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
    needy = c.need >= F32(params.need_met_threshold)
    below_crisis = c.need < F32(params.crisis_threshold)
    used_react = used_prev = 0.0
    served_total = 0
    # candidates grouped by need kind once (ascending ids within a kind), not one
    # full-population mask per service
    needy_by_kind = _by_kind(np.flatnonzero(needy), c.need_kind, sv.s)
    cand_by_kind = _by_kind(np.flatnonzero(below_crisis & (c.need > 0)), c.need_kind, sv.s)
    taken = np.zeros(c.n, dtype=bool)
    for k in range(sv.s):
        slots_r = int(react_h * sv.weight[k] / params.reactive_hours_per_case)
        chosen = _top_by_need(c.need, needy_by_kind[k], slots_r)
        wk.prof_hours[chosen] += F32(params.reactive_hours_per_case)
        slots_p = int(prevent_h * sv.weight[k] / params.preventive_hours_per_case)
        cand = cand_by_kind[k]
        if chosen.size:
            taken[chosen] = True
            cand = cand[~taken[cand]]
        chosen_p = _top_by_need(c.need, cand, slots_p)
        wk.prof_hours[chosen_p] += F32(params.preventive_hours_per_case)
        wk.preventive[chosen_p] = True
        used_react += chosen.size * params.reactive_hours_per_case
        used_prev += chosen_p.size * params.preventive_hours_per_case
        served_total += chosen.size + chosen_p.size
    alpha = F32(1 - 0.5 ** (1 / params.prevention_half_life))
    c.prevention_recent += alpha * (wk.preventive.astype(F32) - c.prevention_recent)
    n_crisis_level = np.count_nonzero(~below_crisis)
    n_moderate = np.count_nonzero(needy & below_crisis)
    f = state.flows
    f["reactive_hours"] = used_react
    f["preventive_hours"] = used_prev
    f["processing_hours"] = split["processing"]
    f["facilitation_hours"] = split["facilitation"]
    f["available_hours"] = contact
    f["demand_hours"] = (
        n_crisis_level * params.reactive_hours_per_case
        + n_moderate * params.preventive_hours_per_case
    )
    f["processing_share"] = split["processing_share"]
    f["served"] = float(served_total)
    f["staff_cost"] = split["total"] * params.staff_cost_per_hour
    f["prevention_cost"] = used_prev * params.staff_cost_per_hour
    pr.caseload[:] = served_total / filled if filled else 0.0
