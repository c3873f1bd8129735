"""Unit tests of the `allocation` phase (professional time allocation).

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
from coproduction.indicators import Observer
from coproduction.mechanisms.allocation import allocation
from coproduction.mechanisms.records import records

CC, FR, UC = Disposition  # conditional cooperator, free rider, unconditional contributor


def approx(values):
    return pytest.approx(values, rel=REL, abs=1e-6)


def observe(s, p, rng) -> dict[str, float]:
    """The records phase, then every indicator (all citizens in the clustering sample)."""
    records(s, p, rng)
    return Observer(np.arange(s.citizens.n)).observe(s, p)


ALLOC = {
    "contracted_hours": 10.0, "processing_hours_per_contact": 0.5, "failure_contact_rate": 1.0,
    "relational_time": 0.0, "relational_extra_hours": 0.5, "prevention_share": 0.4,
    "reactive_hours_per_case": 1.2, "preventive_hours_per_case": 0.8,
    "need_met_threshold": 0.3, "crisis_threshold": 0.6, "prevention_half_life": 1.0,
    "staff_cost_per_hour": 40.0, "budget_per_citizen": 0.0, "agency_cover_share": 0.0,
}  # fmt: skip
SIX = {
    "need": [0.9, 0.5, 0.2, 0.4, 0.7, 0.65],
    "need_kind": [0, 0, 0, 1, 1, 1],
    "prevention_recent": [0.0, 0.4, 0.2, 0.0, 0.0, 0.0],
    "service_weight": [0.5, 0.5, 0, 0, 0, 0],
    "fit": [0.5, 0.75, 1, 1, 1, 1],
}


def test_allocation_failure_demand_processing_and_targeting(rng):
    # needy (>= 0.3): kind 0 has 2 (misfit 0.5), kind 1 has 3 (misfit 0.25): failure
    # contacts 1.0 x (2 x 0.5 + 3 x 0.25) = 1.75, processing 1.75 x 0.5 = 0.875 h.
    # One post of 10 h: 9.125 h for cases; prevention 0.4 -> 3.65 h preventive, 5.475 h
    # reactive. A reactive case takes 1.2 + 0.5 = 1.7 h, a preventive one 0.8 + 0.5 = 1.3
    # h; each service gets half: reactive 2.7375 / 1.7 -> 1 case, preventive 1.825 / 1.3
    # -> 1 case
    p = params(**ALLOC)
    s = tiny_state(p, professionals=1, **SIX)
    allocation(s, p, rng)
    wk = s.wk
    # service 0: reactive to the top need (citizen 0, 0.9); preventive to the top need
    # below the crisis threshold among the rest (citizen 1, 0.5, over citizen 2, 0.2).
    # service 1: reactive to citizen 4 (0.7 > 0.65 > 0.4); preventive to citizen 3 (0.4):
    # citizen 5 (0.65) is above the crisis threshold, so gets no preventive contact
    assert wk.prof_hours == approx([1.2, 0.8, 0.0, 0.8, 1.2, 0.0])
    assert wk.preventive.tolist() == [False, True, False, True, False, False]
    # prevention_recent moves half-way (half-life 1 week) to this week's contact
    assert s.citizens.prevention_recent == approx(
        [0.0, 0.7, 0.1, 0.5, 0.0, 0.0]  # 0.4 + (1 - 0.4) / 2; 0.2 - 0.2 / 2; 0 + 1 / 2
    )
    assert s.citizens.continuity_recent == approx([0.0] * 6)  # no relational time
    f = s.flows
    assert f.failure_contacts == pytest.approx(1.75)
    assert f.cases == 4
    assert f.processing_hours == pytest.approx(2.875)  # 0.875 + 4 cases x 0.5
    assert f.processing_share == pytest.approx(0.2875)  # of 10 staff hours
    assert f.reactive_hours == pytest.approx(2.4)  # 2 x 1.2
    assert f.preventive_hours == pytest.approx(1.6)  # 2 x 0.8
    assert f.facilitation_hours == pytest.approx(0.0)
    assert f.available_hours == pytest.approx(10.0)
    # demand: 3 at or above the crisis threshold x 1.7 + 2 moderate x 1.3 + failure 0.875
    assert f.demand_hours == pytest.approx(8.575)
    assert f.served == 4
    assert f.staff_cost == pytest.approx(400.0)  # 10 h x 40
    assert f.prevention_cost == pytest.approx(64.0)  # 1.6 h x 40
    assert s.professionals.caseload == approx([4.0])  # 4 cases / 1 filled post


def test_relational_time_lengthens_cases_and_builds_continuity(rng):
    # relational_time 1: a reactive case takes 1.2 x 1.5 + 0.5 = 2.3 h, a preventive one
    # 0.8 x 1.5 + 0.5 = 1.7 h: 2.7375 / 2.3 -> 1 case, 1.825 / 1.7 -> 1 case per service
    p = params(**{**ALLOC, "relational_time": 1.0})
    s = tiny_state(p, professionals=1, **SIX)
    allocation(s, p, rng)
    assert s.wk.prof_hours == approx([1.2, 0.8, 0.0, 0.8, 1.2, 0.0])  # same contact hours
    # the citizens seen by staff: continuity moves half-way to relational_time 1
    assert s.citizens.continuity_recent == approx([0.5, 0.5, 0.0, 0.5, 0.5, 0.0])
    assert s.flows.demand_hours == pytest.approx(3 * 2.3 + 2 * 1.7 + 0.875)
    # with 2 h per reactive case a relational reactive case takes 3.5 h: 2.7375 / 3.5 -> 0
    p = params(**{**ALLOC, "relational_time": 1.0, "reactive_hours_per_case": 2.0})
    s = tiny_state(p, professionals=1, **SIX)
    allocation(s, p, rng)
    assert s.flows.cases == 2  # relational working serves fewer people
    assert not (s.wk.prof_hours[[0, 4]] > 0).any()


def test_vacancies_covered_by_agency_at_a_premium(rng):
    p = params(**{**ALLOC, "agency_cover_share": 0.5, "agency_premium": 1.5})
    s = tiny_state(
        p, need=[0.9, 0.5, 0.2], service_weight=[1, 0, 0, 0, 0, 0], professionals=2,
        prof={"filled": [False, False]},
    )  # fmt: skip
    allocation(s, p, rng)
    f = s.flows
    assert f.agency_hours == pytest.approx(10.0)  # half of 2 vacant posts x 10 h
    assert f.staff_hours == pytest.approx(10.0)
    assert f.staff_cost == pytest.approx(600.0)  # 10 h x 40 x 1.5
    assert s.wk.prof_hours.sum() > 0
    assert s.professionals.caseload.tolist() == [0.0, 0.0]  # no post-holder
    # without agency cover a vacancy is lost capacity
    p = params(**ALLOC)
    s = tiny_state(
        p, need=[0.9, 0.5, 0.2], service_weight=[1, 0, 0, 0, 0, 0], professionals=2,
        prof={"filled": [False, False]},
    )  # fmt: skip
    allocation(s, p, rng)
    assert not s.wk.prof_hours.any()
    assert s.flows.staff_cost == 0.0 and s.flows.available_hours == 0.0
    assert s.flows.demand_hours == pytest.approx(1.7 + 1.3)  # 1 reactive + 1 preventive


def test_budget_beyond_the_posts_buys_commissioned_preventive_hours(rng):
    # 4 citizens, one post of 3 h (GBP 120); a weekly budget of 170 (2210 x 4 / 52) leaves
    # GBP 50: 2 commissioned hours at GBP 25, so 2 preventive cases of 0.8 h, each
    # referred by staff (0.5 h of processing each)
    p = params(**{**ALLOC, "contracted_hours": 3.0, "prevention_share": 0.0,
                  "budget_per_citizen": 2210.0, "commissioned_cost_per_hour": 25.0})  # fmt: skip
    s = tiny_state(p, need=[0.9, 0.5, 0.4, 0.1], service_weight=[1, 0, 0, 0, 0, 0],
                   professionals=1)  # fmt: skip
    allocation(s, p, rng)
    f = s.flows
    assert f.commissioned_hours == pytest.approx(2.0)
    assert f.commissioned_cost == pytest.approx(50.0)
    # staff: 3 h - 1 h of referrals = 2 h / 1.7 -> 1 reactive case (citizen 0); bought:
    # citizens 1 and 2
    assert s.wk.prof_hours == approx([1.2, 0.8, 0.8, 0.0])
    assert f.preventive_hours == pytest.approx(1.6)
    assert f.cases == 1  # staff cases only
    assert f.processing_hours == pytest.approx(1.5)  # 2 referrals + 1 case, 0.5 h each
    assert f.prevention_cost == pytest.approx(50.0)  # no staff preventive hours
    # a vacant funded post's money is kept for the post, not re-spent
    s = tiny_state(p, need=[0.9, 0.5, 0.4, 0.1], service_weight=[1, 0, 0, 0, 0, 0],
                   professionals=1, prof={"filled": [False]})  # fmt: skip
    allocation(s, p, rng)
    assert s.flows.commissioned_hours == pytest.approx(2.0)
