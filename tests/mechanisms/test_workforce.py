"""Unit tests of the `workforce` phase (workforce).

Hand-made states of a few citizens.

Every expected value is a literal worked out by hand (the arithmetic is in the comment
beside it), never recomputed with the model's own formula. Phases that draw random
numbers are tested with parameters that make the outcome certain, or on what holds
whatever the draws.
"""

from __future__ import annotations

import numpy as np
import pytest
from handmade import REL, params, tiny_state

from coproduction.codes import Disposition
from coproduction.errors import InputError
from coproduction.indicators import Observer
from coproduction.mechanisms.records import records
from coproduction.mechanisms.workforce import pressure, satisfaction_target, workforce
from coproduction.params import make_params
from coproduction.state import Flows, start_week

CC, FR, UC = Disposition  # conditional cooperator, free rider, unconditional contributor


def approx(values):
    return pytest.approx(values, rel=REL, abs=1e-6)


def observe(s, p, rng) -> dict[str, float]:
    """The records phase, then every indicator (all citizens in the clustering sample)."""
    records(s, p, rng)
    return Observer(np.arange(s.citizens.n)).observe(s, p)


WF = {
    "exhaustion_rate": 0.1, "exhaustion_recovery": 0.2, "satisfaction_base": 0.3,
    "satisfaction_relational": 0.2, "relational_time": 0.5, "satisfaction_facilitation": 0.1,
    "co_commissioning": 0.4, "co_design": 0.4, "co_delivery": 0.4, "co_evaluation": 0.4,
    "satisfaction_outcomes": 0.4, "satisfaction_processing": 0.3,
    "satisfaction_exhaustion": 0.2, "satisfaction_rate": 0.5, "leave_hazard_base": 0.0,
    "need_met_threshold": 0.3, "crisis_threshold": 0.6, "budget_per_citizen": 1300.0,
    "contracted_hours": 10.0, "staff_cost_per_hour": 4.0, "vacancy_weeks": 5,
    "recruitment_cost": 5000.0, "funding_cut_week": -1, "leave_exhaustion_effect": 2.0,
    "leave_satisfaction_effect": 2.0, "exhaustion_background": 0.0, "satisfaction_spread": 0.0,
    "training_cost_per_post": 0.0, "meeting_cost_per_participant": 0.0,
}  # fmt: skip
# budget 1300 x 4 citizens / 52 = 100 GBP a week; a post costs 10 h x 4 = 40: 2 posts paid


def wf_state(p, **kw):
    kw["prof"] = {"satisfaction_base": 0.3, **kw.get("prof", {})}
    s = tiny_state(p, need=[0.1, 0.2, 0.5, 0.9], **kw)  # needs met: 2 of 4
    f = s.flows
    f.available_hours, f.demand_hours, f.processing_share = 10.0, 20.0, 0.4
    f.facilitation_hours, f.staff_hours = 4.0, 10.0  # facilitation share 0.4
    return s


def test_pressure():
    assert pressure(Flows(available_hours=10.0, demand_hours=20.0)) == 2.0
    assert pressure(Flows(available_hours=10.0, demand_hours=50.0)) == 3.0  # capped
    assert pressure(Flows(available_hours=0.0, demand_hours=5.0)) == 3.0
    assert pressure(Flows(available_hours=0.0, demand_hours=0.0)) == 1.0


def test_satisfaction_target():
    p = params(**WF)
    s = wf_state(p, professionals=2, prof={"satisfaction_base": [0.3, 0.5]})
    # per post: own base + 0.2 * relational 0.5 + 0.1 * facilitation share 0.4 + 0.4 *
    # needs met 0.5 - 0.3 * (processing share 0.4 - 0.2) = base + 0.28
    assert satisfaction_target(s, p) == approx([0.58, 0.78])


def test_workforce_exhaustion_and_satisfaction(rng):
    p = params(**WF)
    s = wf_state(
        p,
        professionals=2,
        prof={"exhaustion": [0.5, 0.2], "resilience": [1.0, 0.5], "satisfaction": [0.6, 0.4]},
    )
    workforce(s, p, rng)
    pr = s.professionals
    # pressure 20 / 10 = 2: exhaustion += 0.1 * (2 - 1) * resilience - 0.2 * exhaustion
    assert pr.exhaustion == approx([0.5, 0.21])  # 0.5 + 0.1 - 0.1; 0.2 + 0.05 - 0.04
    # target 0.58 - 0.2 * exhaustion = 0.48, 0.538; move half-way
    assert pr.satisfaction == approx([0.54, 0.469])  # 0.6 - 0.06; 0.4 + 0.069
    assert pr.filled.tolist() == [True, True]  # hazard base 0: nobody leaves
    assert s.flows.leavers == 0.0
    assert s.flows.pressure == 2.0


def test_workforce_leaving_certain_and_vacancy(rng):
    # hazard 0.1 * exp(10 * (1.0 - 0.2)) = 0.1 * e^8 = 298 >= 1 for post 0; post 1 has
    # hazard 0.1 * exp(10 * (0 - 0.2)) = 0.0135 (not certain, so it is made exhaustion-free
    # and only post 0 is asserted)
    p = params(**{**WF, "leave_hazard_base": 0.1, "leave_exhaustion_effect": 10.0,
                  "leave_satisfaction_effect": 0.0, "exhaustion_rate": 0.0,
                  "exhaustion_recovery": 0.0})  # fmt: skip
    s = wf_state(p, professionals=2, prof={"exhaustion": [1.0, 0.0]})
    workforce(s, p, rng)
    pr = s.professionals
    assert not pr.filled[0]
    assert s.flows.leavers >= 1.0
    # the 5-week vacancy starts counting down next week
    assert pr.vacancy_left[0] == 5
    assert s.flows.hires == 0.0


def test_workforce_recruitment_fills_vacancy_when_due(rng):
    p = params(**WF)
    s = wf_state(p, professionals=2, prof={"filled": [False, False], "vacancy_left": [1, 3]})
    workforce(s, p, rng)
    pr = s.professionals
    assert pr.filled.tolist() == [True, False]  # 1 -> 0: hired; 3 -> 2: still vacant
    assert pr.vacancy_left.tolist()[1] == 2
    # a new post-holder starts at their own satisfaction base (spread 0 here), rested, and
    # is trained at once because the service co-produces (WF's levers are 0.4)
    assert pr.satisfaction[0] == pytest.approx(0.3)
    assert pr.exhaustion[0] == 0.0
    assert pr.trained.tolist() == [True, False]
    assert s.flows.hires == 1.0
    assert s.flows.recruitment_cost == pytest.approx(5000.0)


def test_workforce_budget_freezes_highest_posts(rng):
    # 3 posts at 40 GBP, budget 100: floor(100 / 40) = 2 funded; post 2 is made redundant
    p = params(**WF)
    s = wf_state(p, professionals=3)
    workforce(s, p, rng)
    pr = s.professionals
    assert pr.funded.tolist() == [True, True, False]
    assert pr.filled.tolist() == [True, True, False]
    assert pr.vacancy_left.tolist() == [0, 0, 0]
    assert s.flows.redundancies == 1.0


def test_workforce_nonstaff_spending_comes_first(rng):
    # broker 26 GBP a week; with no history the 13-week average starts at this week's
    # broker and reward spending: floor((100 - 26) / 40) = 1 funded post
    p = params(**WF)
    s = wf_state(p, professionals=3)
    s.flows.broker_cost = 26.0
    workforce(s, p, rng)
    assert s.professionals.funded.tolist() == [True, False, False]
    assert s.nonstaff_ema == pytest.approx(26.0)  # 26 + (26 - 26) / 13
    s.week += 1
    start_week(s)  # no broker spending this week: the average falls by 1/13 of the gap
    workforce(s, p, rng)
    assert s.nonstaff_ema == pytest.approx(24.0)  # 26 + (0 - 26) / 13


def test_workforce_funding_cut_halves_the_posts(rng):
    # cut of 0.5 at week 1: budget 50 GBP -> floor(50 / 40) = 1 post
    p = params(**{**WF, "funding_cut_week": 1, "funding_cut_fraction": 0.5})
    s = wf_state(p, professionals=2, week=1)
    workforce(s, p, rng)
    assert s.professionals.funded.tolist() == [True, False]
    assert s.flows.redundancies == 1.0


def weeks_until_refilled(vacancy_weeks: int, rng) -> int:
    """Week of refilling minus week of leaving, for a post whose holder leaves for certain
    in week 10 (hazard 0.1 * e^8 >= 1) and nobody leaves afterwards."""
    leave = {"leave_hazard_base": 0.1, "leave_exhaustion_effect": 10.0,
             "leave_satisfaction_effect": 0.0, "exhaustion_rate": 0.0,
             "exhaustion_recovery": 0.0}  # fmt: skip
    p_leave = params(**{**WF, **leave, "vacancy_weeks": vacancy_weeks})
    p_stay = params(**{**WF, "vacancy_weeks": vacancy_weeks, "leave_hazard_base": 0.0})
    s = wf_state(p_leave, professionals=1, prof={"exhaustion": [1.0]}, week=10)
    workforce(s, p_leave, rng)
    assert s.flows.leavers == 1.0
    while not s.professionals.filled[0]:
        assert s.week < 40
        s.week += 1
        start_week(s)
        workforce(s, p_stay, rng)
    assert s.flows.hires == 1.0
    return s.week - 10


@pytest.mark.parametrize("vacancy_weeks", [1, 3, 12])
def test_vacancy_lasts_vacancy_weeks(rng, vacancy_weeks):
    # a post vacated in week t is filled in week t + vacancy_weeks
    assert weeks_until_refilled(vacancy_weeks, rng) == vacancy_weeks


def test_vacancy_of_zero_weeks_is_rejected():
    # a vacancy lasts at least one week: 0 is outside the declared range
    with pytest.raises(InputError, match="vacancy_weeks"):
        make_params({"vacancy_weeks": 0})


def test_exhaustion_has_a_part_not_driven_by_demand(rng):
    p = params(**{**WF, "exhaustion_rate": 0.0, "exhaustion_background": 0.05,
                  "co_commissioning": 0.0, "co_design": 0.0, "co_delivery": 0.0,
                  "co_evaluation": 0.0})  # fmt: skip
    s = wf_state(p, professionals=2, prof={"exhaustion": [0.0, 0.0], "resilience": [1.0, 0.5]})
    workforce(s, p, rng)
    assert s.professionals.exhaustion == approx([0.05, 0.025])  # background x resilience


def test_post_holders_are_trained_once_while_co_producing(rng):
    p = params(**{**WF, "training_cost_per_post": 800.0})
    s = wf_state(p, professionals=2, prof={"trained": [True, False]})
    workforce(s, p, rng)
    assert s.flows.training_cost == pytest.approx(800.0)  # only the untrained post
    assert s.professionals.trained.tolist() == [True, True]
    s.week += 1
    start_week(s)
    workforce(s, p, rng)
    assert s.flows.training_cost == 0.0
    # top-down: nobody is trained
    p = params(**{**WF, "training_cost_per_post": 800.0, "co_commissioning": 0.0,
                  "co_design": 0.0, "co_delivery": 0.0, "co_evaluation": 0.0})  # fmt: skip
    s = wf_state(p, professionals=2)
    workforce(s, p, rng)
    assert s.flows.training_cost == 0.0 and not s.professionals.trained.any()
