"""Unit tests of the `codelivery` phase (co-delivery).

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
from coproduction.interactions import edge_interactions
from coproduction.mechanisms.codelivery import codelivery, propensity
from coproduction.mechanisms.records import records
from coproduction.state import NEVER

CC, FR, UC = Disposition  # conditional cooperator, free rider, unconditional contributor


PATH = [(0, 1), (1, 2), (2, 3)]  # a path of four citizens


def approx(values):
    return pytest.approx(values, rel=REL, abs=1e-6)


def observe(s, p, rng) -> dict[str, float]:
    """The records phase, then every indicator (all citizens in the clustering sample)."""
    records(s, p, rng)
    return Observer(np.arange(s.citizens.n)).observe(s, p)


PROP = {
    "conditional_slope": 0.5, "trust_effect": 0.2, "efficacy_effect": 0.4,
    "feedback_effect": 0.1, "participation_saturation": 1.0, "influence": 0.6,
    "unconditional_level": 0.7, "credit_extrinsic": 0.2, "credit_recognition": 0.2,
    "cash_motivation": 0.1, "crowding_out": 0.5,
}  # fmt: skip


def prop_state(p):
    # path 0 -(0.5)- 1 -(1.0)- 2 -(0.5)- 3; propensity last week 0.2, 0.6, 1.0, 0.0
    return tiny_state(
        p,
        need=[0.0] * 4,
        disposition=[CC, CC, UC, FR],
        trust=[0.8, 0.5, 0.5, 0.5],
        self_efficacy=[0.5, 0.25, 0.5, 0.5],
        propensity=[0.2, 0.6, 1.0, 0.0],
        last_evaluation=[1, 1, NEVER, NEVER],  # half took part in evaluation this year
        edges=PATH,
        strength=[0.5, 1.0, 0.5],
    )


@pytest.mark.parametrize(
    ("reward", "expected"),
    [
        # neighbours' strength-weighted mean: 0: 0.6; 1: (0.5*0.2 + 1.0*1.0) / 1.5 = 0.73333
        # feedback 0.1 * influence 0.6 * min(1, evaluation share 0.5 / saturation 1) = 0.03
        # 0: 0.5*0.6 + 0.2*(0.8-0.5) + 0.4*0 + 0.03 = 0.39
        # 1: 0.5*0.73333 + 0 + 0.4*(0.25-0.5) + 0.03 = 0.29667
        # 2 (unconditional): 0.7; 3 (free rider): 0
        ("none", [0.39, 0.2966667, 0.7, 0.0]),
        # credits: + 0.2 recognition for conditional cooperators; free riders take part
        # for the reward (0.2, extrinsic); unconditional contributors unchanged
        ("time_credits", [0.59, 0.4966667, 0.7, 0.2]),
        # cash: x (1 - 0.5) + 0.1: 0.195 + 0.1; 0.1483333 + 0.1; 0.35 + 0.1; 0 + 0.1
        ("cash", [0.295, 0.2483333, 0.45, 0.1]),
    ],
)
def test_propensity(reward, expected):
    p = params(**PROP, reward=reward)
    s = prop_state(p)
    assert propensity(s, p) == approx(expected)


def test_propensity_clipped_to_unit_interval():
    p = params(**{**PROP, "conditional_slope": 1.5, "credit_recognition": 0.5}, reward="none")
    s = tiny_state(
        p,
        need=[0.0, 0.0],
        disposition=[CC, CC],
        trust=[1.0, 0.0],
        self_efficacy=[1.0, 0.0],
        propensity=[0.0, 1.0],  # last week: each sees the other's
        edges=[(0, 1)],
    )
    # nobody took part in evaluation: no feedback term
    # 0: 1.5 * 1.0 + 0.1 + 0.2 = 1.8 -> 1; 1: 0 - 0.1 - 0.2 = -0.3 -> 0
    assert propensity(s, p) == approx([1.0, 0.0])
    p2 = params(
        **{**PROP, "conditional_slope": 1.5, "credit_recognition": 0.5}, reward="time_credits"
    )
    assert propensity(s, p2) == approx([1.0, 0.5])  # clipped first, then + 0.5, clipped


CODEL = {
    "co_delivery": 1.0, "codelivery_reach": 1.0, "unconditional_level": 1.0,
    "max_capacity_hours": 2.0, "codelivery_session_hours": 1.5, "codelivery_efficiency": 0.8,
    "need_met_threshold": 0.3, "crisis_threshold": 0.95, "group_bridging_prob": 0.0,
    "reward": "none", "cash_per_hour": 10.0, "funding_cut_week": -1,
}  # fmt: skip


def codel_state(p, **kw):
    # unconditional contributors (propensity 1, so they take part for certain): 0, 1, 4;
    # free riders (propensity 0, never): 2, 3
    return tiny_state(
        p,
        need=[0.0, 0.5, 0.6, 0.2, 0.9],
        disposition=[UC, UC, FR, FR, UC],
        edges=[(0, 1), (1, 2), (2, 3), (3, 4)],
        **kw,
    )


def test_codelivery_hours_and_benefit(rng):
    p = params(**CODEL)
    s = codel_state(p)
    codelivery(s, p, rng)
    # hours = min(capacity 2 * (1 - need), 1.5): 0: min(2, 1.5) = 1.5; 1: min(1, 1.5) = 1;
    # 4: capacity 0.2 is below the 0.25-hour minimum -> 0
    assert s.wk.codelivery == approx([1.5, 1.0, 0.0, 0.0, 0.0])
    assert s.flows.codelivery_hours == pytest.approx(2.5)
    assert s.citizens.propensity == approx([1, 1, 0, 0, 1])
    # input 2.5 x 0.8 = 2 shared over needy (>= 0.3) citizens in proportion to need;
    # need mass 0.5 + 0.6 + 0.9 = 2, so each receives exactly its need
    assert s.wk.codelivery_benefit == approx([0.0, 0.5, 0.6, 0.0, 0.9])
    assert edge_interactions(s).tolist() == [True, False, False, False]  # 0 and 1 together
    assert s.citizens.credits.tolist() == [0] * 5
    assert s.flows.reward_cost == 0.0


def test_codelivery_time_credits_paid_by_services(rng):
    p = params(**{**CODEL, "reward": "time_credits", "credit_recognition": 0.0,
                  "credit_extrinsic": 0.0,
                  "max_capacity_hours": 4.0, "codelivery_session_hours": 3.5})  # fmt: skip
    s = codel_state(p, service_weight=[0.5, 0.3, 0.1, 0.1, 0.0, 0.0])
    codelivery(s, p, rng)
    # hours: 0: min(4, 3.5) = 3.5 -> 3 credits; 1: min(2, 3.5) = 2 -> 2 credits;
    # 4: min(0.4, 3.5) = 0.4 -> 0 credits
    assert s.wk.codelivery == approx([3.5, 2.0, 0.0, 0.0, 0.4])
    assert s.citizens.credits.tolist() == [3, 2, 0, 0, 0]
    # earning credits does not enrol anyone in the time bank
    assert s.citizens.member.tolist() == [False] * 5
    # 5 credits owed: floor(5 x weights) = 2, 1, 0, 0, 0, 0; the remaining 2 to the largest
    assert s.services.credits.tolist() == [-4, -1, 0, 0, 0, 0]
    assert s.citizens.credits.sum() + s.services.credits.sum() == 0


def test_codelivery_cash_reward_cost(rng):
    # cash without crowding-out or extra motivation: propensities stay 1 and 0 (certain)
    p = params(**{**CODEL, "reward": "cash", "crowding_out": 0.0, "cash_motivation": 0.0})
    s = codel_state(p)
    codelivery(s, p, rng)
    assert s.flows.codelivery_hours == pytest.approx(2.5)
    assert s.flows.reward_cost == pytest.approx(25.0)  # 2.5 h x 10 GBP
    assert s.citizens.credits.tolist() == [0] * 5


def test_codelivery_off_resets_propensity(rng):
    p = params(**{**CODEL, "co_delivery": 0.0})
    s = codel_state(p, propensity=0.7)
    codelivery(s, p, rng)
    assert not s.citizens.propensity.any()
    assert not s.wk.codelivery.any()
    assert s.flows.codelivery_hours == 0.0


@pytest.mark.parametrize(("ownership", "hours"), [(0.0, 0.0), (1.0, 2.5)])
def test_codelivery_after_full_cut_continues_with_ownership(rng, ownership, hours):
    # support = funded level 0 + (1 - 0) * ownership: chance 1 * 1 * ownership * 1
    p = params(**{**CODEL, "funding_cut_week": 0, "funding_cut_fraction": 1.0})
    s = codel_state(p, ownership=ownership)
    codelivery(s, p, rng)
    assert s.flows.codelivery_hours == pytest.approx(hours)


def test_codelivery_group_bridging_pairs_participants(rng):
    p = params(**{**CODEL, "group_bridging_prob": 1.0})
    s = codel_state(p)
    codelivery(s, p, rng)
    u, v = np.concatenate(s.new_ties.u), np.concatenate(s.new_ties.v)
    assert set(u.tolist()) <= {0, 1} and set(v.tolist()) <= {0, 1}  # participants only
    assert (u != v).all()
