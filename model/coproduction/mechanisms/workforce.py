"""Phase 9: professional satisfaction, exhaustion, turnover, recruitment and budget."""

from __future__ import annotations

import numpy as np

from ..phases import phase
from ..state import involvement_levers
from ._common import F32, coproducing

#: Weeks over which non-staff spending is averaged when setting the funded posts.
NONSTAFF_WINDOW = 13
MAX_PRESSURE = 3.0


def pressure(flows) -> float:
    """Demanded contact hours / available contact hours (capped at 3)."""
    avail = flows.available_hours
    demand = flows.demand_hours
    if avail <= 0:
        return MAX_PRESSURE if demand > 0 else 1.0
    return min(MAX_PRESSURE, demand / avail)


def satisfaction_target(state, params) -> np.ndarray:
    """Per post: ``satisfaction_base (the post-holder's own) + satisfaction_relational *
    relational_time + satisfaction_facilitation * facilitation share of staff hours +
    satisfaction_outcomes * needs-met share - satisfaction_processing * (processing share
    of staff hours - 0.2)`` (before the exhaustion term): what the work is like, not the
    levers, moves it: relationships, supporting citizens and visible results satisfy,
    processing does not."""
    f = state.flows
    needs_met = float(np.mean(state.citizens.need < F32(params.need_met_threshold)))
    facilitation = f.facilitation_hours / f.staff_hours if f.staff_hours > 0 else 0.0
    common = (
        params.satisfaction_relational * params.relational_time
        + params.satisfaction_facilitation * facilitation
        + params.satisfaction_outcomes * needs_met
        - params.satisfaction_processing * (f.processing_share - 0.2)
    )
    return state.professionals.satisfaction_base + F32(common)


def leave_hazard(pr, params) -> np.ndarray:
    """Weekly hazard of leaving of every post-holder: ``leave_hazard_base *
    exp(leave_exhaustion_effect * (exhaustion - 0.2) + leave_satisfaction_effect * (0.5 -
    satisfaction))``."""
    return F32(params.leave_hazard_base) * np.exp(
        F32(params.leave_exhaustion_effect) * (pr.exhaustion - F32(0.2))
        + F32(params.leave_satisfaction_effect) * (F32(0.5) - pr.satisfaction)
    )


@phase(
    reads=(
        "citizens.need",
        "flows.available_hours",
        "flows.demand_hours",
        "flows.processing_share",
        "flows.facilitation_hours",
        "flows.staff_hours",
        "flows.broker_cost",
        "flows.reward_cost",
        "professionals.filled",
        "professionals.funded",
        "professionals.vacancy_left",
        "professionals.satisfaction",
        "professionals.exhaustion",
        "professionals.resilience",
        "professionals.satisfaction_base",
        "professionals.trained",
        "nonstaff_ema",
        "levers_prev",
        "week",
    ),
    lags=("records.sessions",),
    writes=(
        "professionals.filled",
        "professionals.funded",
        "professionals.vacancy_left",
        "professionals.satisfaction",
        "professionals.exhaustion",
        "professionals.resilience",
        "professionals.satisfaction_base",
        "professionals.trained",
        "nonstaff_ema",
        "levers_prev",
        "flows.setup_cost",
        "flows.pressure",
        "flows.training_cost",
        "flows.leavers",
        "flows.expected_leavers",
        "flows.redundancies",
        "flows.hires",
        "flows.recruitment_cost",
    ),
)
def workforce(state, params, rng: np.random.Generator) -> None:
    """Exhaustion grows with pressure above 1 (``exhaustion_rate * (pressure - 1)``, scaled
    by each post-holder's resilience) and recovers by ``exhaustion_recovery`` of itself each
    week, so it settles near ``exhaustion_rate * (pressure - 1) / exhaustion_recovery``.
    Satisfaction moves toward its target (``satisfaction_target`` minus
    ``satisfaction_exhaustion * exhaustion``). Each filled post is vacated with weekly
    hazard ``leave_hazard_base * exp(leave_exhaustion_effect * (exhaustion - 0.2) +
    leave_satisfaction_effect * (0.5 - satisfaction))``. A post vacated in week t is
    filled in week ``t + vacancy_weeks`` at ``recruitment_cost``. Posts the budget cannot
    pay for (after non-staff spending, averaged over 13 weeks) are frozen: vacancies
    first, then redundancies of the highest-numbered posts."""
    pr, f = state.professionals, state.flows
    u = rng.random(pr.m, dtype=F32)
    p = pressure(f)
    filled = pr.filled
    load = F32(params.exhaustion_rate * max(p - 1, 0.0) + params.exhaustion_background)
    pr.exhaustion[filled] += (
        load * pr.resilience[filled] - F32(params.exhaustion_recovery) * pr.exhaustion[filled]
    )
    np.clip(pr.exhaustion, 0, 1, out=pr.exhaustion)
    target = (
        satisfaction_target(state, params) - F32(params.satisfaction_exhaustion) * pr.exhaustion
    )
    np.clip(target, 0, 1, out=target)
    pr.satisfaction[filled] += F32(params.satisfaction_rate) * (
        target[filled] - pr.satisfaction[filled]
    )
    np.clip(pr.satisfaction, 0, 1, out=pr.satisfaction)
    hazard = leave_hazard(pr, params)
    leave = filled & (u < hazard)
    f.expected_leavers = float(hazard[filled].sum(dtype=np.float64))
    was_vacant = ~pr.filled
    pr.filled[leave] = False
    pr.vacancy_left[leave] = params.vacancy_weeks
    f.leavers = float(np.count_nonzero(leave))
    # budget: posts that can be paid after non-staff spending (13-week average to date)
    post_cost = params.contracted_hours * params.staff_cost_per_hour
    meetings = params.meeting_cost_per_participant * state.records.sessions  # last week's
    ema = state.nonstaff_ema
    if ema is None:  # the first week: this week's non-staff spending
        ema = f.broker_cost + f.reward_cost + meetings
    budget = state.weekly_budget(params)
    funded_n = pr.m if post_cost <= 0 else int(np.clip((budget - ema) // post_cost, 0, pr.m))
    funded = np.arange(pr.m) < funded_n
    newly_funded = funded & ~pr.funded & ~pr.filled
    pr.vacancy_left[newly_funded] = params.vacancy_weeks
    redundant = pr.filled & ~funded
    pr.filled[redundant] = False
    f.redundancies = float(np.count_nonzero(redundant))
    pr.funded = funded
    pr.vacancy_left[~funded] = 0
    # recruitment: a funded post vacant since an earlier week counts down, then is filled
    waiting = funded & was_vacant & ~newly_funded
    pr.vacancy_left[waiting] -= 1
    hire = waiting & (pr.vacancy_left <= 0)
    pr.filled[hire] = True
    # a new post-holder: their own satisfaction base and resilience, rested, untrained
    hired = np.flatnonzero(hire)
    base = rng.normal(params.satisfaction_base, params.satisfaction_spread, size=hired.size)
    pr.satisfaction_base[hired] = np.clip(base, 0, 1)
    pr.satisfaction[hired] = pr.satisfaction_base[hired]
    pr.resilience[hired] = rng.uniform(0.5, 1.5, size=hired.size)
    pr.exhaustion[hired] = 0
    pr.trained[hired] = False
    n_hire = int(hired.size)
    f.hires = float(n_hire)
    f.recruitment_cost = n_hire * params.recruitment_cost
    # training for co-productive working, once per post-holder while co-producing
    if coproducing(params):
        untrained = pr.filled & ~pr.trained
        f.training_cost = float(np.count_nonzero(untrained)) * params.training_cost_per_post
        pr.trained |= pr.filled
    # set-up: community development and double running, in proportion to how far the
    # involvement levers moved this week; paid on top of the running budget (as from a
    # transformation fund), so it freezes no post
    now = involvement_levers(params)
    change = sum(abs(a - b) for a, b in zip(now, state.levers_prev, strict=True)) / len(now)
    per_citizen = params.development_cost_per_citizen + params.double_running_weeks * (
        params.budget_per_citizen / 52
    )
    f.setup_cost = change * per_citizen * state.citizens.n
    state.levers_prev = now
    nonstaff = f.broker_cost + f.reward_cost + f.recruitment_cost + f.training_cost + meetings
    state.nonstaff_ema = ema + (nonstaff - ema) / NONSTAFF_WINDOW
    f.pressure = p
