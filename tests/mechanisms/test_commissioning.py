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


def test_commissioning_without_involvement_drifts_to_top_down(rng):
    p = params(
        co_commissioning=0.0, co_design=0.0, influence=0.5, prevention_share=0.3,
        fit_top_down=0.4, fit_max=0.9, fit_rate=0.5, involvement_rate=1.0,
        commissioning_rate=0.25,
    )  # fmt: skip
    s = tiny_state(p, need=[0.2, 0.4, 0.6], fit=0.8, prevention_share=0.1)
    weight_before = s.services.weight.copy()
    commissioning(s, p, rng)
    assert s.services.fit == approx([0.6] * 6)  # 0.8 + 0.5 * (0.4 - 0.8)
    assert s.prevention_share == pytest.approx(0.15)  # 0.1 + 0.25 * (0.3 - 0.1)
    assert np.array_equal(s.services.weight, weight_before)
    assert not s.wk.involved.any()
    assert s.flows.commissioning_participants == 0
    assert s.flows.design_participants == 0


def test_commissioning_and_design_with_certain_involvement(rng):
    # involvement chance = involvement_rate 1 * lever 1 * support 1 * willingness, where
    # willingness = (self_efficacy + trust) / 2 is 1 for citizens 0-2 and 0 for citizen 3
    p = params(
        co_commissioning=1.0, co_design=1.0, influence=0.5, involvement_rate=1.0,
        commissioning_rate=0.2, commissioning_prevention_shift=0.4, prevention_share=0.2,
        participation_saturation=1.0, fit_top_down=0.4, fit_max=0.9, fit_rate=0.5,
        funding_cut_week=-1,
    )  # fmt: skip
    s = tiny_state(
        p,
        need=[0.2, 0.4, 0.4, 0.9],
        need_kind=[0, 0, 1, 2],
        self_efficacy=[1, 1, 1, 0],
        trust=[1, 1, 1, 0],
        service_weight=[0.4, 0.2, 0.1, 0.1, 0.1, 0.1],
        demand_share=[0.5, 0.1, 0.1, 0.1, 0.1, 0.1],
        fit=0.5,
        prevention_share=0.2,
        week=5,
    )
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
    # weights move commissioning_rate 0.2 * co_commissioning 1 * influence 0.5 = 0.1 of the
    # way to demand: 0.4 + 0.1 * 0.11, 0.2 - 0.1 * 0.07, 0.1 - 0.1 * 0.01 (x4); sum is 1
    assert s.services.weight == approx([0.411, 0.193, 0.099, 0.099, 0.099, 0.099])
    # 3 of 4 took part in commissioning in the last 52 weeks: share 0.75, saturation 1;
    # target prevention 0.2 + 0.4 * 0.5 * 0.75 = 0.35, approached at commissioning_rate:
    # 0.2 + 0.2 * (0.35 - 0.2) = 0.23
    assert s.prevention_share == pytest.approx(0.23)
    # design share 0.75: gain 1 * 0.5 * 0.75 = 0.375; target 0.4 + 0.5 * 0.375 = 0.5875;
    # fit 0.5 + 0.5 * (0.5875 - 0.5) = 0.54375
    assert s.services.fit == approx([0.54375] * 6)


def test_commissioning_prevention_target_capped_at_090(rng):
    # target = min(0.9, 0.8 + 0.5 * 1 * 1 * min(1, 1 / 0.5)) = min(0.9, 1.3) = 0.9
    p = params(
        co_commissioning=1.0, co_design=0.0, influence=1.0, involvement_rate=1.0,
        commissioning_prevention_shift=0.5, prevention_share=0.8, participation_saturation=0.5,
        commissioning_rate=1.0, fit_rate=0.5, funding_cut_week=-1,
    )  # fmt: skip
    s = tiny_state(p, need=[0.5, 0.5, 0.5], self_efficacy=1.0, trust=1.0, prevention_share=0.5)
    commissioning(s, p, rng)
    assert s.prevention_share == pytest.approx(0.9)  # 0.5 + 1.0 * (0.9 - 0.5)


def test_commissioning_full_funding_cut_stops_involvement(rng):
    # a full cut with no community ownership leaves no support: chance 1 * 1 * 0 * 1 = 0
    p = params(
        co_commissioning=1.0, co_design=1.0, influence=1.0, involvement_rate=1.0,
        funding_cut_week=0, funding_cut_fraction=1.0,
    )  # fmt: skip
    s = tiny_state(p, need=[0.5, 0.5, 0.5], self_efficacy=1.0, trust=1.0, ownership=0.0)
    commissioning(s, p, rng)
    assert not s.wk.involved.any()
