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
from coproduction.mechanisms.allocation import allocation, hours_split
from coproduction.mechanisms.records import records

CC, FR, UC = Disposition  # conditional cooperator, free rider, unconditional contributor


def approx(values):
    return pytest.approx(values, rel=REL, abs=1e-6)


def observe(s, p, rng) -> dict[str, float]:
    """The records phase, then every indicator (all citizens in the clustering sample)."""
    records(s, p, rng)
    return Observer(np.arange(s.citizens.n)).observe(s, p)


def test_hours_split():
    p = params(
        contracted_hours=10.0, processing_share=0.5, processing_cut_relational=0.4,
        relational_time=0.5, processing_cut_evaluation=0.5, co_evaluation=0.4,
        co_commissioning=0.4, co_design=0.4, co_delivery=0.4, facilitation_max_share=0.2,
    )  # fmt: skip
    split = hours_split(p, filled=2)  # 2 posts x 10 hours = 20
    assert split["total"] == pytest.approx(20.0)
    assert split["processing_share"] == pytest.approx(0.32)  # 0.5 * (1-0.2) * (1-0.2)
    assert split["processing"] == pytest.approx(6.4)  # 20 * 0.32
    assert split["facilitation"] == pytest.approx(1.6)  # 20 * 0.2 * mean(levers) 0.4
    assert split["contact"] == pytest.approx(12.0)  # 20 * (1 - 0.32 - 0.08)


def test_hours_split_contact_never_negative():
    p = params(
        processing_share=0.9, relational_time=0.0, co_evaluation=1.0,
        processing_cut_evaluation=0.0, facilitation_max_share=0.5, co_commissioning=1.0,
        co_design=1.0, co_delivery=1.0, contracted_hours=10.0,
    )  # fmt: skip
    split = hours_split(p, filled=1)  # processing 0.9 + facilitation 0.5 > 1
    assert split["contact"] == 0.0


ALLOC = {
    "contracted_hours": 10.0, "processing_share": 0.5, "relational_time": 0.0,
    "co_evaluation": 0.0, "co_commissioning": 0.0, "co_design": 0.0, "co_delivery": 0.0,
    "prevention_share": 0.4, "reactive_hours_per_case": 1.2, "preventive_hours_per_case": 0.8,
    "need_met_threshold": 0.3, "crisis_threshold": 0.6, "prevention_half_life": 1.0,
    "staff_cost_per_hour": 40.0,
}  # fmt: skip


def test_allocation_targets_top_need_per_service(rng):
    # one post of 10 h: processing 5 h, contact 5 h; prevention 0.4 -> preventive 2 h,
    # reactive 3 h; services 0 and 1 get half each: reactive 1.5 h / 1.2 = 1.25 -> 1 slot,
    # preventive 1 h / 0.8 = 1.25 -> 1 slot per service
    p = params(**ALLOC)
    s = tiny_state(
        p,
        need=[0.9, 0.5, 0.2, 0.4, 0.7, 0.65],
        need_kind=[0, 0, 0, 1, 1, 1],
        prevention_recent=[0.0, 0.4, 0.2, 0.0, 0.0, 0.0],
        service_weight=[0.5, 0.5, 0, 0, 0, 0],
        professionals=1,
    )
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
    f = s.flows
    assert f.reactive_hours == pytest.approx(2.4)  # 2 x 1.2
    assert f.preventive_hours == pytest.approx(1.6)  # 2 x 0.8
    assert f.processing_hours == pytest.approx(5.0)
    assert f.facilitation_hours == pytest.approx(0.0)
    assert f.available_hours == pytest.approx(5.0)
    # demand: 3 at or above the crisis threshold (0.9, 0.7, 0.65) x 1.2 + 2 moderate
    # (0.5, 0.4) x 0.8 = 3.6 + 1.6
    assert f.demand_hours == pytest.approx(5.2)
    assert f.served == 4
    assert f.staff_cost == pytest.approx(400.0)  # 10 h x 40
    assert f.prevention_cost == pytest.approx(64.0)  # 1.6 h x 40
    assert s.professionals.caseload == approx([4.0])  # 4 served / 1 filled post


def test_allocation_vacant_posts_give_no_time(rng):
    p = params(**ALLOC)
    s = tiny_state(
        p,
        need=[0.9, 0.5, 0.2],
        service_weight=[1, 0, 0, 0, 0, 0],
        professionals=2,
        prof={"filled": [False, False]},
    )
    allocation(s, p, rng)
    assert not s.wk.prof_hours.any()
    assert s.flows.staff_cost == 0.0
    assert s.flows.available_hours == 0.0
    assert s.flows.demand_hours == pytest.approx(2.0)  # 1 x 1.2 + 1 x 0.8
    assert s.professionals.caseload.tolist() == [0.0, 0.0]
