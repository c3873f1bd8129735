"""Unit tests of the `commissioning` phase (co-commissioning and co-design).

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
from coproduction.mechanisms._common import willingness
from coproduction.mechanisms.commissioning import commissioning
from coproduction.mechanisms.records import records
from coproduction.state import NEVER

CC, FR, UC = Disposition  # conditional cooperator, free rider, unconditional contributor


def approx(values):
    return pytest.approx(values, rel=REL, abs=1e-6)


def observe(s, p, rng) -> dict[str, float]:
    """The records phase, then every indicator (all citizens in the clustering sample)."""
    records(s, p, rng)
    return Observer(np.arange(s.citizens.n)).observe(s, p)


CERTAIN = {"willingness_efficacy": 1.0, "willingness_trust": 0.0, "willingness_capacity": 0.0,
           "willingness_age": 0.0}  # fmt: skip


def test_willingness_is_the_participation_gradient():
    # weights 0.4 efficacy, 0.3 trust, 0.2 spare capacity, 0.1 age (band / 3)
    p = params(willingness_efficacy=0.4, willingness_trust=0.3, willingness_capacity=0.2,
               willingness_age=0.1, max_capacity_hours=4.0)  # fmt: skip
    s = tiny_state(p, need=[0.5, 0.5, 1.0], self_efficacy=[1.0, 1.0, 1.0], trust=0.5,
                   age_band=[3, 3, 0], care_hours=[0.0, 25.0, 0.0])  # fmt: skip
    # 0: 0.4 + 0.15 + 0.2 * 0.5 + 0.1 = 0.75; 1 (caring 25 h of 50): spare 0.5 * 0.5 ->
    # 0.70; 2 (need 1, youngest): 0.4 + 0.15 + 0 + 0 = 0.55
    assert willingness(s.citizens, p) == approx([0.75, 0.70, 0.55])
    # weights are normalised: doubling all of them changes nothing
    p2 = params(willingness_efficacy=0.8, willingness_trust=0.6, willingness_capacity=0.4,
                willingness_age=0.2, max_capacity_hours=4.0)  # fmt: skip
    assert willingness(s.citizens, p2) == approx([0.75, 0.70, 0.55])


def test_commissioning_without_involvement_drifts_to_top_down(rng):
    p = params(
        co_commissioning=0.0, co_design=0.0, influence=0.5, fit_top_down=0.4, fit_max=0.9,
        fit_rate=0.5, involvement_rate=1.0, commissioning_rate=0.25,
    )  # fmt: skip
    s = tiny_state(p, need=[0.2, 0.4, 0.6], fit=0.8)
    weight_before = s.services.weight.copy()
    commissioning(s, p, rng)
    assert s.services.fit == approx([0.6] * 6)  # 0.8 + 0.5 * (0.4 - 0.8)
    assert np.array_equal(s.services.weight, weight_before)
    assert not s.wk.involved.any()
    assert s.flows.commissioning_participants == 0
    assert s.flows.design_participants == 0


def commissioning_state(p):
    return tiny_state(
        p,
        need=[0.2, 0.4, 0.4, 0.9],
        need_kind=[0, 0, 1, 2],
        self_efficacy=[1, 1, 1, 0],
        service_weight=[0.4, 0.2, 0.1, 0.1, 0.1, 0.1],
        demand_share=[0.5, 0.1, 0.1, 0.1, 0.1, 0.1],
        fit=0.5,
        week=5,
    )


def test_commissioning_and_design_with_certain_involvement(rng):
    # involvement chance = involvement_rate 1 * lever 1 * support 1 * willingness, which
    # is self-efficacy here: 1 for citizens 0-2 and 0 for citizen 3
    p = params(
        co_commissioning=1.0, co_design=1.0, influence=0.5, involvement_rate=1.0,
        commissioning_rate=0.2, participation_saturation=1.0, fit_top_down=0.4, fit_max=0.9,
        fit_rate=0.5, funding_cut_week=-1, **CERTAIN,
    )  # fmt: skip
    s = commissioning_state(p)
    commissioning(s, p, rng)
    c = s.citizens
    assert s.wk.involved.tolist() == [True, True, True, False]
    assert s.wk.involved_count.tolist() == [2, 2, 2, 0]  # commissioning and design
    assert c.last_commissioning.tolist() == [5, 5, 5, NEVER]
    assert c.last_design.tolist() == [5, 5, 5, NEVER]
    assert s.flows.commissioning_participants == 3
    assert s.flows.design_participants == 3
    # reported need by kind (citizens 0-2): kind 0: 0.2 + 0.4 = 0.6, kind 1: 0.4 -> share
    # (0.6, 0.4, 0, 0, 0, 0); demand moves 0.1 of the way there
    assert s.demand_share == approx([0.51, 0.13, 0.09, 0.09, 0.09, 0.09])
    # 3 of 4 took part in commissioning in the last 52 weeks (saturation 1): weights move
    # 0.2 * influence 0.5 * 0.75 = 0.075 of the way to demand: 0.4 + 0.075 * 0.11,
    # 0.2 - 0.075 * 0.07, 0.1 - 0.075 * 0.01 (x4); the sum stays 1
    assert s.services.weight == approx([0.40825, 0.19475, 0.09925, 0.09925, 0.09925, 0.09925])
    # design: every user of services 0 and 1 took part, none of service 2 (citizen 3) and
    # services 3-5 have none: gain 0.5 x (1, 1, 0, 0, 0, 0); target 0.4 + 0.5 x gain;
    # fit 0.5 + 0.5 x (target - 0.5): fit improves only for the needs of those who took part
    assert s.services.fit == approx([0.575, 0.575, 0.45, 0.45, 0.45, 0.45])


def test_involvement_without_influence_changes_no_decision(rng):
    p = params(
        co_commissioning=1.0, co_design=1.0, influence=0.0, involvement_rate=1.0,
        commissioning_rate=0.2, participation_saturation=1.0, fit_top_down=0.4, fit_max=0.9,
        fit_rate=0.5, funding_cut_week=-1, **CERTAIN,
    )  # fmt: skip
    s = commissioning_state(p)
    weight_before = s.services.weight.copy()
    commissioning(s, p, rng)
    assert s.flows.design_participants == 3  # people take part (tokenism) ...
    assert np.array_equal(s.services.weight, weight_before)  # ... but budgets do not move
    assert s.services.fit == approx([0.45] * 6)  # and fit drifts to the top-down level


def test_commissioning_full_funding_cut_stops_involvement(rng):
    # a full cut with no community ownership leaves no support: chance 1 * 1 * 0 * 1 = 0
    p = params(
        co_commissioning=1.0, co_design=1.0, influence=1.0, involvement_rate=1.0,
        funding_cut_week=0, funding_cut_fraction=1.0,
    )  # fmt: skip
    s = tiny_state(p, need=[0.5, 0.5, 0.5], self_efficacy=1.0, trust=1.0, ownership=0.0)
    commissioning(s, p, rng)
    assert not s.wk.involved.any()
