"""Unit tests of the `wellbeing` phase (five ways, wellbeing, trust, self-efficacy).

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
from coproduction.mechanisms.records import records
from coproduction.mechanisms.wellbeing import activities, wellbeing

CC, FR, UC = Disposition  # conditional cooperator, free rider, unconditional contributor


def approx(values):
    return pytest.approx(values, rel=REL, abs=1e-6)


def observe(s, p, rng) -> dict[str, float]:
    """The records phase, then every indicator (all citizens in the clustering sample)."""
    records(s, p, rng)
    return Observer(np.arange(s.citizens.n)).observe(s, p)


WB = {
    "ways_half_life": 1.0, "ways_weight": 20.0, "need_burden": 10.0, "trust_rate": 0.1,
    "relational_time": 0.5, "influence_gain": 0.2, "influence": 0.5, "tokenism_penalty": 0.1,
    "efficacy_rate": 0.5, "need_met_threshold": 0.3, "crisis_threshold": 0.6,
}  # fmt: skip


def wb_state(p):
    s = tiny_state(
        p,
        need=[0.5, 0.0, 1.0],
        ways_base=[0.4, 0.5, 0.0],
        connecting=[0.2, 0.5, 0.0],
        learning=[0.2, 0.5, 0.0],
        giving=[0.2, 0.5, 0.0],
        engaged=[0.2, 0.5, 0.0],
        active=[0.2, 0.5, 0.0],
        wellbeing_base=[40.0, 60.0, 10.0],
        trust=[0.5, 0.9, 0.05],
        self_efficacy=[0.5, 0.6, 0.2],
        member=[False, True, False],
    )
    wk = s.wk
    wk.peer_given[:] = [1.5, 0.0, 0.0]
    wk.codelivery[:] = [0.0, 3.0, 0.0]
    wk.tb_given[:] = [0.0, 3.0, 0.0]
    wk.involved_count[:] = [0, 2, 0]
    wk.involved[:] = [False, True, False]
    wk.coached[:] = [0.0, 1.0, 0.0]
    wk.prof_hours[:] = [1.0, 0.0, 0.0]
    return s


def test_activities():
    p = params(**WB)
    s = wb_state(p)
    act = activities(s, p)
    # citizen 0 gave 1.5 h of peer help: contact 1.5 / 3 = 0.5, giving 0.5, nothing else
    # citizen 1 gave 6 h (3 co-delivery + 3 time bank), 2 involvements, 1 h coaching, member
    assert act["connecting"] == approx([0.5, 1.0, 0.0])
    assert act["learning"] == approx([0.0, 1.0, 0.0])  # min(0.5*2 + 0.5*1 + 0.1*3, 1)
    assert act["giving"] == approx([0.5, 1.0, 0.0])
    assert act["engaged"] == approx([0.0, 1.0, 0.0])  # min(0.5*2 + 0.3 + 0.1, 1)
    assert act["active"] == approx([0.0, 1.0, 0.0])  # min((3 + 3) / 3, 1)


def test_wellbeing_moving_averages_and_wemwbs(rng):
    p = params(**WB)
    s = wb_state(p)
    wellbeing(s, p, rng)
    c = s.citizens
    # target = base * (1 - need / 2) + (1 - base) * activity; half-life 1: move half-way
    # citizen 0: base 0.4, need 0.5 -> 0.3 + 0.6 * activity: connecting/giving 0.6, others 0.3
    #   from 0.2: connecting, giving 0.4; learning, engaged, active 0.25
    # citizen 1: base 0.5, need 0 -> 0.5 + 0.5 * 1 = 1; from 0.5: 0.75
    # citizen 2: base 0, no activity -> 0
    assert c.connecting == approx([0.4, 0.75, 0.0])
    assert c.learning == approx([0.25, 0.75, 0.0])
    assert c.giving == approx([0.4, 0.75, 0.0])
    assert c.engaged == approx([0.25, 0.75, 0.0])
    assert c.active == approx([0.25, 0.75, 0.0])
    assert c.wellbeing == approx(
        [
            41.2,  # 40 + 20 * mean(0.4, 0.25, 0.4, 0.25, 0.25) = 40 + 20 * 0.31 - 10 * 0.5
            70.0,  # 60 + 20 * 0.75 = 75, clipped to 70
            14.0,  # 10 + 0 - 10 * 1 = 0, clipped to 14
        ]
    )
    # trust: per involvement 0.2 * 0.5 - 0.1 * (1 - 0.5) = 0.05
    # 0: needy and served: + 0.1 * (0.5 + 0.5 * 0.5) = 0.075 -> 0.575
    # 1: not needy: 0.1 * 0.25 * (0.5 - 0.9) = -0.01, + 2 * 0.05 -> 0.99
    # 2: needy, not served: - 0.1 -> -0.05, clipped to 0
    assert c.trust == approx([0.575, 0.99, 0.0])
    # self-efficacy target: base + (learning - base_l) / 2 + (giving - base_g) / 2
    # 0: 0.5 + (0.25 - 0.4) / 2 + 0 = 0.425; 0.5 + 0.5 * (0.425 - 0.5) = 0.4625
    # 1: 0.6 + 0.125 + 0.125 = 0.85; 0.6 + 0.5 * 0.25 = 0.725
    # 2: 0.2 + 0 + 0 = 0.2; unchanged
    assert c.self_efficacy == approx([0.4625, 0.725, 0.2])


def test_wellbeing_tokenism_erodes_trust(rng):
    # influence 0: each involvement costs tokenism_penalty 0.1
    p = params(**{**WB, "influence": 0.0, "trust_rate": 0.0})
    s = tiny_state(p, need=[0.0, 0.0], trust=[0.6, 0.6])
    s.wk.involved_count[:] = [2, 0]
    wellbeing(s, p, rng)
    assert s.citizens.trust == approx([0.4, 0.6])  # 0.6 - 2 * 0.1


def test_wellbeing_timebank_help_counts_as_served(rng):
    p = params(**{**WB, "relational_time": 0.0})
    s = tiny_state(p, need=[0.5, 0.5], trust=[0.5, 0.5])
    s.wk.tb_received[:] = [2.0, 0.0]
    wellbeing(s, p, rng)
    assert s.citizens.trust == approx([0.55, 0.4])  # + 0.1 * 0.5; - 0.1 * 1


def test_leisure_credits_add_connecting_and_active(rng):
    p = params(**{**WB, "leisure_activity": 0.3})
    s = tiny_state(p, need=[0.0, 0.0])
    s.wk.leisure[:] = [True, False]
    act = activities(s, p)
    assert act["connecting"] == approx([0.3, 0.0])
    assert act["active"] == approx([0.3, 0.0])
    assert act["giving"] == approx([0.0, 0.0])


def test_carers_give_care_relieved_by_inputs_and_lose_wellbeing(rng):
    # citizen 0 cares for citizen 1 (need 0.5): 20 x 0.5 = 10 h, less 1 x (2 h professional
    # + 1 h informal help received) = 7 h; wellbeing 50 - 0.1 x 7 = 49.3. Citizen 2 cares
    # for citizen 3, whose need is met by more input than the care would be: 0 h
    care = {"care_hours_per_need": 20.0, "care_substitution": 1.0,
            "carer_wellbeing_per_hour": 0.1, "ways_weight": 0.0, "need_burden": 0.0}  # fmt: skip
    p = params(**{**WB, **care})
    s = tiny_state(p, need=[0.0, 0.5, 0.0, 0.1], carer=[True, False, True, False],
                   cares_for=[1, -1, 3, -1])  # fmt: skip
    s.wk.prof_hours[:] = [0.0, 2.0, 0.0, 4.0]
    s.wk.peer_received[:] = [0.0, 1.0, 0.0, 0.0]
    wellbeing(s, p, rng)
    assert s.citizens.care_hours == approx([7.0, 0.0, 0.0, 0.0])
    assert s.citizens.wellbeing == approx([49.3, 50.0, 50.0, 50.0])
