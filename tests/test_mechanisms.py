"""Unit tests of the twelve weekly phases on hand-made states of 3 to 6 citizens.

Every expected value is a literal worked out by hand (the arithmetic is in the comment
beside it), never recomputed with the model's own formula. Phases that draw random
numbers are tested either with parameters that make the outcome certain (a chance of 0
or at least 1 against a uniform draw in [0, 1)) or on what holds whatever the draws.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import REL, params, tiny_state

from coproduction.codes import Disposition
from coproduction.errors import InputError
from coproduction.indicators import Observer
from coproduction.interactions import edge_interactions
from coproduction.mechanisms import PHASES
from coproduction.mechanisms.allocation import allocation, hours_split
from coproduction.mechanisms.codelivery import codelivery, propensity
from coproduction.mechanisms.commissioning import commissioning
from coproduction.mechanisms.crises import crises, crisis_hazard
from coproduction.mechanisms.evaluation import evaluation
from coproduction.mechanisms.peer_support import (
    coaching,
    edge_ids,
    informal_help,
    peer_support,
    timebank_exchanges,
)
from coproduction.mechanisms.production import ces, citizen_input, production
from coproduction.mechanisms.records import records
from coproduction.mechanisms.shocks import shocks
from coproduction.mechanisms.ties import ties
from coproduction.mechanisms.wellbeing import activities, wellbeing
from coproduction.mechanisms.workforce import pressure, satisfaction_target, workforce
from coproduction.params import make_params
from coproduction.state import NEVER, Flows, start_week

CC, FR, UC = Disposition  # conditional cooperator, free rider, unconditional contributor


def approx(values):
    return pytest.approx(values, rel=REL, abs=1e-6)


def observe(s, p, rng) -> dict[str, float]:
    """The records phase, then every indicator (all citizens in the clustering sample)."""
    records(s, p, rng)
    return Observer(np.arange(s.citizens.n)).observe(s, p)


def test_phases_are_the_twelve_in_order():
    assert [name for name, _ in PHASES] == [
        "shocks", "commissioning", "allocation", "peer_support", "codelivery", "production",
        "crises", "wellbeing", "workforce", "ties", "evaluation", "records",
    ]  # fmt: skip


# ----------------------------------------------------------------------------------------
# 1. shocks and need drift
# ----------------------------------------------------------------------------------------
def test_shocks_recovery_and_drift_without_shocks(rng):
    p = params(shock_prob=0.0, natural_recovery=0.1, need_drift=0.01, shock_age_ratio=8.0)
    s = tiny_state(p, need=[0.5, 0.2, 0.0, 1.0])  # all aged 16-34: multiplier 1
    shocks(s, p, rng)
    assert s.citizens.need == approx(
        [
            0.46,  # 0.5 * 0.9 + 0.01
            0.19,  # 0.2 * 0.9 + 0.01
            0.01,  # 0.0 * 0.9 + 0.01
            0.91,  # 1.0 * 0.9 + 0.01
        ]
    )
    assert s.flows.shocks == 0


def test_shocks_drift_scales_with_age_band(rng):
    # shock_age_ratio 8: multipliers 8 ** (band / 3) = 1, 2, 4, 8 for the four bands
    p = params(shock_prob=0.0, natural_recovery=0.0, need_drift=0.01, shock_age_ratio=8.0)
    s = tiny_state(p, need=[0.5, 0.5, 0.5, 0.5], age_band=[0, 1, 2, 3])
    assert s.citizens.age_mult == approx([1.0, 2.0, 4.0, 8.0])
    shocks(s, p, rng)
    assert s.citizens.need == approx([0.51, 0.52, 0.54, 0.58])  # 0.5 + 0.01 * (1, 2, 4, 8)


def test_shocks_certain_hit_adds_need_within_bounds(rng):
    # shock_prob 0.5 times multipliers 2, 4, 8 (bands 1-3) is at least 1: every citizen is hit
    p = params(
        shock_prob=0.5, shock_age_ratio=8.0, shock_size_mean=0.3, natural_recovery=0.0,
        need_drift=0.0,
    )  # fmt: skip
    s = tiny_state(p, need=[0.0, 0.4, 1.0], age_band=[1, 2, 3])
    shocks(s, p, rng)
    need = s.citizens.need
    assert s.flows.shocks == 3  # all three hit
    assert need[0] > 0.0 and need[1] > 0.4  # a Beta draw is positive
    assert need[2] == 1.0  # clipped at 1
    assert ((need >= 0) & (need <= 1)).all()


def test_shocks_need_never_negative(rng):
    p = params(shock_prob=0.0, natural_recovery=0.2, need_drift=0.0)
    s = tiny_state(p, need=[0.0, 0.05, 0.3])
    shocks(s, p, rng)
    assert s.citizens.need == approx([0.0, 0.04, 0.24])  # need * 0.8


# ----------------------------------------------------------------------------------------
# 2. co-commissioning and co-design
# ----------------------------------------------------------------------------------------
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


# ----------------------------------------------------------------------------------------
# 3. professional time allocation
# ----------------------------------------------------------------------------------------
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


# ----------------------------------------------------------------------------------------
# 4. peer support: informal help, time bank, coaching for credits
# ----------------------------------------------------------------------------------------
PATH = [(0, 1), (1, 2), (2, 3)]


def test_informal_help_on_a_path(rng):
    # path 0 -(0.5)- 1 -(1.0)- 2 -(0.25)- 3; needy (>= 0.3): citizens 1 and 3
    p = params(
        peer_help_share=0.5, max_capacity_hours=4.0, need_met_threshold=0.3,
        crisis_threshold=0.6, tie_active_threshold=0.3,
    )  # fmt: skip
    s = tiny_state(p, need=[0.0, 0.5, 0.0, 0.75], edges=PATH, strength=[0.5, 1.0, 0.25])
    informal_help(s, p)
    # capacity 4 * (1 - need) = 4, 2, 4, 1; offer half of it = 2, 1, 2, 0.5
    # pull (strength to needy neighbours): 0: 0.5; 1: 0; 2: 1.0 + 0.25 = 1.25; 3: 0
    # per unit strength: 0: 2 / 0.5 = 4; 2: 2 / 1.25 = 1.6
    assert s.wk.peer_received == approx(
        [0.0, 3.6, 0.0, 0.4]  # 1: 0.5 * 4 + 1.0 * 1.6; 3: 0.25 * 1.6
    )
    assert s.wk.peer_given == approx([2.0, 0.0, 2.0, 0.0])  # only those with needy friends
    assert s.flows.peer_hours == pytest.approx(4.0)  # given = received = 4
    assert s.wk.peer_received.sum() == pytest.approx(s.wk.peer_given.sum(), rel=REL)
    # the tie 2-3 (0.25) carries help but is below the active threshold 0.3
    assert edge_interactions(s).tolist() == [True, True, False]


def test_informal_help_nobody_needy(rng):
    p = params(peer_help_share=0.5, max_capacity_hours=4.0, need_met_threshold=0.3)
    s = tiny_state(p, need=[0.0, 0.1, 0.2], edges=[(0, 1), (1, 2)])
    informal_help(s, p)
    assert not s.wk.peer_received.any() and not s.wk.peer_given.any()
    assert s.flows.peer_hours == 0.0


TB = {
    "timebank": True, "timebank_join_rate": 0.0, "timebank_leave_rate": 0.0,
    "exchange_hours": 2, "credit_limit": 10, "timebank_broker_hours": 200.0,
    "matches_per_broker_hour": 50.0, "broker_cost_per_hour": 25.0, "need_met_threshold": 0.3,
    "crisis_threshold": 0.6, "max_capacity_hours": 4.0, "bridging_prob": 1.0,
    "funding_cut_week": -1,
}  # fmt: skip


def tb_state(p, edges=((0, 1), (1, 2), (2, 3)), credits=(0, 0, 0, 0)):
    # citizen 0: needs kind 0 (0.5), also offers kind 0 (capacity 4 * 0.5 = 2 >= 2 hours)
    # citizen 1: no need, offers kind 0 (capacity 4)
    # citizen 2: needs kind 1 (0.8), capacity 0.8 < 2: cannot offer; nobody offers kind 1
    # citizen 3: no need, offers kind 2
    return tiny_state(
        p,
        need=[0.5, 0.0, 0.8, 0.0],
        need_kind=[0, 3, 1, 3],
        offer_kind=[0, 0, 0, 2],
        member=True,
        credits=list(credits),
        edges=list(edges),
        strength=[0.5] * len(edges),
    )


def test_timebank_one_exchange_moves_credits(rng):
    p = params(**TB)
    s = tb_state(p)
    timebank_exchanges(s, p, rng)
    c, wk = s.citizens, s.wk
    # broker hours 200 * 4 / 2000 = 0.4 -> up to 0.4 * 50 = 20 exchanges; requests: citizens
    # 0 (kind 0) and 2 (kind 1); kind 0 is matched with citizen 1 (citizen 0 does not help
    # themselves); nobody offers kind 1
    assert c.credits.tolist() == [-2, 2, 0, 0]
    assert wk.tb_given.tolist() == [0, 2, 0, 0]
    assert wk.tb_received.tolist() == [2, 0, 0, 0]
    assert s.flows.timebank_hours == 2.0
    assert s.flows.timebank_exchanges == 1.0
    assert s.flows.broker_cost == pytest.approx(10.0)  # 0.4 h x 25
    assert c.credits.sum() + s.services.credits.sum() == 0
    assert edge_interactions(s).tolist() == [True, False, False]  # 0 and 1 are friends
    assert np.concatenate(s.new_ties.u).size == 0  # no bridging between friends


def test_timebank_exchange_between_strangers_queues_a_bridging_tie(rng):
    p = params(**TB)  # bridging_prob 1
    s = tb_state(p, edges=[(1, 2), (2, 3)])
    timebank_exchanges(s, p, rng)
    assert s.citizens.credits.tolist() == [-2, 2, 0, 0]
    assert np.concatenate(s.new_ties.u).tolist() == [1]  # giver
    assert np.concatenate(s.new_ties.v).tolist() == [0]  # receiver
    assert not edge_interactions(s).any()


def test_timebank_credit_limit_blocks_requests(rng):
    # citizen 0 at -9: -9 - 2 = -11 is below -credit_limit = -10, so no request
    p = params(**TB)
    s = tb_state(p, credits=(-9, 9, 0, 0))
    timebank_exchanges(s, p, rng)
    assert s.citizens.credits.tolist() == [-9, 9, 0, 0]
    assert s.flows.timebank_hours == 0.0


def test_timebank_join_and_leave_certain(rng):
    # join chance join_rate 1 * support 1 * willingness 1 (citizens 0, 1); leave chance 1
    p = params(**{**TB, "timebank_join_rate": 1.0, "timebank_leave_rate": 1.0})
    s = tiny_state(
        p, need=[0.0, 0.0, 0.0], member=[False, False, True], self_efficacy=1.0, trust=1.0
    )
    timebank_exchanges(s, p, rng)
    assert s.citizens.member.tolist() == [True, True, False]


def test_timebank_ledger_conserved_over_many_weeks():
    # 6 members in two kinds, everybody both needy and able to give: each exchange moves
    # exactly 2 credits from receiver to giver, so the sum stays 0 and balances stay even
    p = params(**{**TB, "max_capacity_hours": 20.0, "credit_limit": 6})
    s = tiny_state(
        p,
        need=[0.5] * 6,
        need_kind=[0, 1, 0, 1, 0, 1],
        offer_kind=[1, 0, 1, 0, 1, 0],
        member=True,
        edges=[(0, 1), (2, 3)],
    )
    gen = np.random.default_rng(3)
    total = 0.0
    for _ in range(30):
        s.wk.tb_given.fill(0)
        timebank_exchanges(s, p, gen)
        credits = s.citizens.credits
        assert int(credits.sum()) + int(s.services.credits.sum()) == 0
        assert (credits % 2 == 0).all()
        assert (credits >= -6).all()  # never below the credit limit
        total += s.flows.timebank_hours
    assert total > 0


def test_coaching_for_credits_highest_balances_first(rng):
    # facilitation 4 h x coaching_share 0.5 = 2 coaching hours this week
    p = params(
        coaching_for_credits=True, coaching_share=0.5, need_met_threshold=0.3,
        crisis_threshold=0.6,
    )  # fmt: skip
    s = tiny_state(
        p,
        need=[0.5, 0.0, 0.0, 0.6, 0.9],
        self_efficacy=[0.6, 0.8, 0.3, 0.6, 0.6],
        need_kind=[1, 0, 0, 4, 0],
        member=[True, True, True, True, False],
        credits=[3, 5, 1, 4, 2],
        service_credits=[-15, 0, 0, 0, 0, 0],  # the ledger sums to 0
    )
    s.flows.facilitation_hours = 4.0
    coaching(s, p)
    # eligible: members with a credit and need >= 0.3 or self-efficacy < 0.5: citizens 0
    # (3 credits), 2 (1) and 3 (4); citizen 1 has no need, citizen 4 is not a member.
    # Two hours: highest balances first -> citizens 3 and 0
    assert s.citizens.credits.tolist() == [2, 5, 1, 3, 2]
    assert s.wk.coached.tolist() == [1, 0, 0, 1, 0]
    assert s.wk.prof_hours.tolist() == [1, 0, 0, 1, 0]
    assert s.services.credits.tolist() == [-15, 1, 0, 0, 1, 0]  # kinds 1 and 4 are paid
    assert s.flows.coaching_hours == 2.0
    assert s.citizens.credits.sum() + s.services.credits.sum() == 0


def test_peer_support_without_timebank_leaves_credits_alone(rng):
    p = params(timebank=False, coaching_for_credits=False, peer_help_share=0.5)
    s = tiny_state(p, need=[0.0, 0.5, 0.0], edges=[(0, 1), (1, 2)], member=True, credits=[1, -2, 1])
    peer_support(s, p, rng)
    assert s.citizens.credits.tolist() == [1, -2, 1]
    assert s.flows.timebank_hours == 0.0
    assert s.flows.coaching_hours == 0.0
    assert s.wk.peer_received[1] > 0


def test_edge_ids():
    p = params()
    s = tiny_state(p, need=[0, 0, 0, 0], edges=[(0, 1), (1, 2), (2, 3)])
    ids = edge_ids(s.graph, np.array([1, 2, 0, 3]), np.array([0, 1, 3, 2]))
    assert ids.tolist() == [0, 1, -1, 2]


# ----------------------------------------------------------------------------------------
# 5. co-delivery
# ----------------------------------------------------------------------------------------
PROP = {
    "conditional_slope": 0.5, "trust_effect": 0.2, "efficacy_effect": 0.4,
    "feedback_effect": 0.1, "co_evaluation": 0.5, "influence": 0.6, "unconditional_level": 0.7,
    "credit_motivation": 0.2, "cash_motivation": 0.1, "crowding_out": 0.5,
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
        edges=PATH,
        strength=[0.5, 1.0, 0.5],
    )


@pytest.mark.parametrize(
    ("reward", "expected"),
    [
        # neighbours' strength-weighted mean: 0: 0.6; 1: (0.5*0.2 + 1.0*1.0) / 1.5 = 0.73333
        # feedback 0.1 * 0.5 * 0.6 = 0.03
        # 0: 0.5*0.6 + 0.2*(0.8-0.5) + 0.4*0 + 0.03 = 0.39
        # 1: 0.5*0.73333 + 0 + 0.4*(0.25-0.5) + 0.03 = 0.29667
        # 2 (unconditional): 0.7; 3 (free rider): 0
        ("none", [0.39, 0.2966667, 0.7, 0.0]),
        ("time_credits", [0.59, 0.4966667, 0.9, 0.2]),  # + 0.2 for everyone
        # cash: x (1 - 0.5) + 0.1: 0.195 + 0.1; 0.1483333 + 0.1; 0.35 + 0.1; 0 + 0.1
        ("cash", [0.295, 0.2483333, 0.45, 0.1]),
    ],
)
def test_propensity(reward, expected):
    p = params(**PROP, reward=reward)
    s = prop_state(p)
    assert propensity(s, p) == approx(expected)


def test_propensity_clipped_to_unit_interval():
    p = params(**{**PROP, "conditional_slope": 1.5, "credit_motivation": 0.5}, reward="none")
    s = tiny_state(
        p,
        need=[0.0, 0.0],
        disposition=[CC, CC],
        trust=[1.0, 0.0],
        self_efficacy=[1.0, 0.0],
        propensity=[0.0, 1.0],  # last week: each sees the other's
        edges=[(0, 1)],
    )
    # 0: 1.5 * 1.0 + 0.1 + 0.2 + 0.03 = 1.83 -> 1; 1: 0 - 0.1 - 0.2 + 0.03 = -0.27 -> 0
    assert propensity(s, p) == approx([1.0, 0.0])
    p2 = params(
        **{**PROP, "conditional_slope": 1.5, "credit_motivation": 0.5}, reward="time_credits"
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
    p = params(**{**CODEL, "reward": "time_credits", "credit_motivation": 0.0,
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


# ----------------------------------------------------------------------------------------
# 6. production
# ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("r", "c", "d", "rho", "nu", "expected"),
    [
        (2.0, 1.0, 0.5, 1.0, 1.0, 1.5),  # 0.5*2 + 0.5*1
        (0.0, 2.0, 0.25, 1.0, 1.0, 1.5),  # substitutes: 0.75*2 with no professional input
        (0.0, 0.0, 0.5, 1.0, 1.0, 0.0),  # nothing in, nothing out
        (2.0, 2.0, 0.5, 1.0, 0.5, 1.4142136),  # (0.5*2 + 0.5*2) ** 0.5 = sqrt(2)
        (4.0, 1.0, 0.5, 0.5, 1.0, 2.25),  # (0.5*2 + 0.5*1) ** 2
        (4.0, 1.0, 0.5, 0.0, 1.0, 2.0),  # Cobb-Douglas: 4 ** 0.5 * 1 ** 0.5
        (4.0, 9.0, 0.5, 0.0, 1.0, 6.0),  # 2 * 3
        (4.0, 1.0, 0.5, -1.0, 1.0, 1.6),  # (0.5/4 + 0.5/1) ** -1 = 1 / 0.625
        (3.0, 0.0, 0.5, -1.0, 1.0, 0.0),  # complements: no citizen input, no output
        (0.0, 3.0, 0.5, -0.5, 1.0, 0.0),  # complements: no professional input
        (3.0, 0.0, 0.5, 0.0, 1.0, 0.0),  # Cobb-Douglas with a zero input
    ],
)
def test_ces(r, c, d, rho, nu, expected):
    assert float(ces(np.array([r]), np.array([c]), d, rho, nu)[0]) == pytest.approx(expected)


def test_citizen_input_sums_own_peer_timebank_and_codelivery():
    p = params(self_management_hours=2.0)
    s = tiny_state(p, need=[0.5, 0.5], self_efficacy=[0.5, 0.0])
    s.wk.peer_received[:] = [0.5, 0.0]
    s.wk.tb_received[:] = [2.0, 0.0]
    s.wk.codelivery_benefit[:] = [0.25, 1.0]
    assert citizen_input(s, p) == approx([3.75, 1.0])  # 2*0.5 + 0.5 + 2 + 0.25; 0+0+0+1


PROD = {"production_scale": 0.1, "production_share": 0.5, "production_nu": 1.0,
        "self_management_hours": 2.0}  # fmt: skip


def prod_state(p):
    s = tiny_state(
        p,
        need=[0.5, 0.4, 0.0, 0.3, 0.05],
        need_kind=[0, 1, 0, 1, 1],
        self_efficacy=[0.5, 1.0, 1.0, 0.0, 1.0],
        fit=[0.5, 1.0, 1, 1, 1, 1],
    )
    s.wk.prof_hours[:] = [2.0, 0.0, 1.0, 0.0, 4.0]
    s.wk.peer_received[:] = [1.0, 0.0, 0.0, 0.0, 0.0]
    # citizen input: 2*0.5 + 1 = 2; 2*1 = 2; 2; 0; 2
    return s


def test_production_substitutes(rng):
    p = params(**PROD, production_rho=1.0)
    s = prod_state(p)
    production(s, p, rng)
    assert s.citizens.need == approx(
        [
            0.4,  # q = 0.5*2 + 0.5*2 = 2; 0.5 - 0.1 * fit 0.5 * 2
            0.3,  # q = 0 + 0.5*2 = 1; 0.4 - 0.1 * 1 * 1
            0.0,  # no need: untouched
            0.3,  # no input at all
            0.0,  # q = 0.5*4 + 0.5*2 = 3; 0.05 - 0.3 floored at 0
        ]
    )


def test_production_complements_need_both_inputs(rng):
    p = params(**PROD, production_rho=-1.0)
    s = prod_state(p)
    production(s, p, rng)
    assert s.citizens.need == approx(
        [
            0.4,  # q = (0.5/2 + 0.5/2) ** -1 = 2; 0.5 - 0.1 * 0.5 * 2
            0.4,  # no professional hours: complements give nothing
            0.0,
            0.3,
            0.0,  # q = (0.5/4 + 0.5/2) ** -1 = 2.6667; 0.05 - 0.26667 floored at 0
        ]
    )


# ----------------------------------------------------------------------------------------
# 7. crises
# ----------------------------------------------------------------------------------------
CRISIS = {"crisis_threshold": 0.6, "need_met_threshold": 0.3, "crisis_hazard_max": 0.1,
          "prevention_protection": 0.5}  # fmt: skip


@pytest.mark.parametrize(
    ("need", "prevention", "expected"),
    [
        (0.8, 0.5, 0.01875),  # 0.1 * (0.2 / 0.4) ** 2 * (1 - 0.5 * 0.5) = 0.1 * 0.25 * 0.75
        (1.0, 0.0, 0.1),  # 0.1 * 1 ** 2
        (0.7, 0.0, 0.00625),  # 0.1 * (0.1 / 0.4) ** 2
        (0.6, 0.0, 0.0),  # at the threshold
        (0.3, 1.0, 0.0),  # below it
        (1.0, 1.0, 0.05),  # 0.1 * 1 * (1 - 0.5)
    ],
)
def test_crisis_hazard(need, prevention, expected):
    p = params(**CRISIS)
    h = crisis_hazard(np.array([need], np.float32), np.array([prevention], np.float32), p)
    assert float(h[0]) == pytest.approx(expected, rel=REL, abs=1e-9)


def test_crises_certain_and_impossible(rng):
    # hazard max 1 at need 1: certain for citizen 0; citizen 3 is fully protected
    # (protection 1 x prevention_recent 1); need at or below the threshold: hazard 0
    p = params(
        crisis_threshold=0.5, need_met_threshold=0.3, crisis_hazard_max=1.0,
        prevention_protection=1.0, crisis_need_reset=0.4, crisis_unit_cost=3000.0,
    )  # fmt: skip
    s = tiny_state(p, need=[1.0, 0.5, 0.2, 1.0], prevention_recent=[0, 0, 0, 1], week=7)
    crises(s, p, rng)
    assert s.wk.crisis.tolist() == [True, False, False, False]
    assert s.citizens.need == approx([0.6, 0.5, 0.2, 1.0])  # 1.0 * (1 - 0.4)
    assert s.citizens.last_crisis.tolist() == [7, NEVER, NEVER, NEVER]
    assert s.flows.crises == 1.0
    assert s.flows.crisis_cost == pytest.approx(3000.0)


# ----------------------------------------------------------------------------------------
# 8. five ways, wellbeing, trust, self-efficacy
# ----------------------------------------------------------------------------------------
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
    act = activities(s)
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


# ----------------------------------------------------------------------------------------
# 9. workforce
# ----------------------------------------------------------------------------------------
WF = {
    "exhaustion_rate": 0.1, "exhaustion_recovery": 0.2, "satisfaction_base": 0.3,
    "satisfaction_relational": 0.2, "relational_time": 0.5, "satisfaction_facilitation": 0.1,
    "co_commissioning": 0.4, "co_design": 0.4, "co_delivery": 0.4, "co_evaluation": 0.4,
    "satisfaction_outcomes": 0.4, "satisfaction_processing": 0.3,
    "satisfaction_exhaustion": 0.2, "satisfaction_rate": 0.5, "leave_hazard_base": 0.0,
    "need_met_threshold": 0.3, "crisis_threshold": 0.6, "budget_per_citizen": 1300.0,
    "contracted_hours": 10.0, "staff_cost_per_hour": 4.0, "vacancy_weeks": 5,
    "recruitment_cost": 5000.0, "funding_cut_week": -1, "leave_exhaustion_effect": 2.0,
    "leave_satisfaction_effect": 2.0,
}  # fmt: skip
# budget 1300 x 4 citizens / 52 = 100 GBP a week; a post costs 10 h x 4 = 40: 2 posts paid


def wf_state(p, **kw):
    s = tiny_state(p, need=[0.1, 0.2, 0.5, 0.9], **kw)  # needs met: 2 of 4
    s.flows.available_hours, s.flows.demand_hours, s.flows.processing_share = 10.0, 20.0, 0.4
    return s


def test_pressure():
    assert pressure(Flows(available_hours=10.0, demand_hours=20.0)) == 2.0
    assert pressure(Flows(available_hours=10.0, demand_hours=50.0)) == 3.0  # capped
    assert pressure(Flows(available_hours=0.0, demand_hours=5.0)) == 3.0
    assert pressure(Flows(available_hours=0.0, demand_hours=0.0)) == 1.0


def test_satisfaction_target():
    p = params(**WF)
    s = wf_state(p)
    # 0.3 + 0.2 * 0.5 + 0.1 * 0.4 + 0.4 * 0.5 - 0.3 * (0.4 - 0.2) = 0.58
    assert satisfaction_target(s, p) == pytest.approx(0.58)


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
    assert pr.satisfaction[0] == pytest.approx(0.6)  # a new hire starts at 0.6 / 0.1
    assert pr.exhaustion[0] == pytest.approx(0.1)
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


# ----------------------------------------------------------------------------------------
# 10. ties
# ----------------------------------------------------------------------------------------
TIES = {"tie_decay": 0.1, "tie_gain": 0.5, "social_contact_prob": 0.0, "tie_rebuild_weeks": 4,
        "new_tie_strength": 0.35}  # fmt: skip


def test_ties_decay_and_gain(rng):
    p = params(**TIES)  # no everyday contact
    s = tiny_state(p, need=[0, 0, 0, 0], edges=PATH, strength=[0.5, 0.8, 0.3], week=3)
    s.wk.contact_edges.append(np.array([0]))  # edge 0 interacted this week
    ties(s, p, rng)
    g = s.graph
    # decay x 0.9: 0.45, 0.72, 0.27; edge 0 gains 0.5 * (1 - 0.45) = 0.275
    assert g.strength == approx([0.725, 0.72, 0.27])
    # the CSR view is refreshed: weighted degree of citizen 1 = 0.725 + 0.72
    assert g.neighbour_sum(np.ones(4, np.float32)) == approx([0.725, 1.445, 0.99, 0.27])
    assert s.flows.bridging_ties == 0.0


def test_ties_everyday_contact_certain_or_impossible(rng):
    # chance 2 * 1 * min(sociability): sociability = connecting base * (1 - need / 2) is 1 for
    # citizens 0, 1 (chance 2: certain) and 0 for citizen 2 (chance 0)
    p = params(**{**TIES, "social_contact_prob": 1.0})
    s = tiny_state(p, need=[0, 0, 0], ways_base=[1.0, 1.0, 0.0], edges=[(0, 1), (1, 2)],
                   strength=[0.5, 0.5])  # fmt: skip
    ties(s, p, rng)
    assert s.graph.strength == approx([0.725, 0.45])  # 0.45 + 0.5 * 0.55; 0.5 * 0.9


def test_ties_new_ties_added_in_batches(rng):
    p = params(**TIES)
    s = tiny_state(p, need=[0, 0, 0], edges=[(0, 1), (1, 2)], strength=[0.5, 0.5], week=3)
    s.new_ties.u.append(np.array([2, 1], np.int32))
    s.new_ties.v.append(np.array([0, 0], np.int32))  # (0, 2) is new; (0, 1) exists
    ties(s, p, rng)  # week 3: not a rebuild week
    assert s.graph.n_edges == 2
    assert s.flows.bridging_ties == 0.0
    s.week = 4
    ties(s, p, rng)  # rebuild: the queue from week 3 is added after this week's decay
    g = s.graph
    assert g.n_edges == 3
    assert list(zip(g.u.tolist(), g.v.tolist(), strict=True)) == [(0, 1), (0, 2), (1, 2)]
    assert g.strength == approx([0.405, 0.35, 0.405])  # 0.5 * 0.9 * 0.9; new at 0.35
    assert s.flows.bridging_ties == 1.0
    assert s.new_ties.u == [] and s.new_ties.v == []
    assert g.neighbour_sum(np.ones(3, np.float32)) == approx([0.755, 0.81, 0.755])


# ----------------------------------------------------------------------------------------
# 11. co-evaluation and ownership
# ----------------------------------------------------------------------------------------
def test_evaluation_ownership_growth_and_decay(rng):
    p = params(co_evaluation=0.0, ownership_rate=0.5, co_delivery=0.8, influence=0.5,
               ownership_decay=0.1, fit_rate=0.4, fit_max=0.9)  # fmt: skip
    s = tiny_state(p, need=[0.5] * 4, ownership=0.2, fit=0.5)
    s.records.participation_rate = 0.5  # last week's
    evaluation(s, p, rng)
    # growth 0.5 * 0.8 * 0.5 * 0.5 * (1 - 0.2) = 0.08; decay 0.1 * 0.2 = 0.02
    assert s.services.ownership == approx([0.26] * 6)
    assert s.services.fit == approx([0.5] * 6)  # no evaluation: fit unchanged
    assert s.flows.evaluation_participants == 0.0


def test_evaluation_feedback_moves_fit(rng):
    # citizens 0, 1 are fully willing (chance 1), citizens 2, 3 not at all (chance 0)
    p = params(co_evaluation=1.0, influence=0.5, involvement_rate=1.0,
               participation_saturation=1.0, fit_rate=0.4, fit_max=0.9, co_delivery=0.0,
               ownership_decay=0.0, funding_cut_week=-1)  # fmt: skip
    s = tiny_state(p, need=[0.5] * 4, self_efficacy=[1, 1, 0, 0], trust=[1, 1, 0, 0],
                   fit=0.5, week=9)  # fmt: skip
    evaluation(s, p, rng)
    assert s.citizens.last_evaluation.tolist() == [9, 9, NEVER, NEVER]
    assert s.wk.involved_count.tolist() == [1, 1, 0, 0]
    assert s.flows.evaluation_participants == 2.0
    # share 2/4 = 0.5: gain 1 * 0.5 * 0.5 = 0.25; fit += 0.4 * 0.25 * (0.9 - 0.5) / 2
    assert s.services.fit == approx([0.52] * 6)


# ----------------------------------------------------------------------------------------
# 12. records and the indicators
# ----------------------------------------------------------------------------------------
IND = {"need_met_threshold": 0.3, "crisis_threshold": 0.6, "tie_active_threshold": 0.2,
       "budget_per_citizen": 1300.0, "funding_cut_week": -1, "funding_cut_fraction": 0.0,
       "prevention_share": 0.15}  # fmt: skip


def ind_state(p, week=10):
    # a triangle 0-1-2 of active ties and an inactive tie 2-3
    s = tiny_state(
        p,
        need=[0.1, 0.2, 0.5, 0.8],
        wellbeing=[40.0, 50.0, 60.0, 50.0],
        trust=[0.2, 0.4, 0.6, 0.8],
        connecting=[0.1, 0.2, 0.3, 0.4],
        member=[True, True, False, False],
        credits=[3, -1, 2, 0],
        service_credits=[-4, 0, 0, 0, 0, 0],
        service_weight=[0.5, 0.5, 0, 0, 0, 0],
        fit=[0.6, 0.8, 0, 0, 0, 0],
        ownership=[0.2, 0.4, 0, 0, 0, 0],
        last_active=[NEVER, week - 3, week - 4, NEVER],
        last_received=[week - 5, NEVER, NEVER, NEVER],
        active_history=[1 << 51, 0, 0, 1 << 51],  # 51 weeks ago, 52 after this week's shift
        edges=[(0, 1), (0, 2), (1, 2), (2, 3)],
        strength=[0.5, 0.5, 0.5, 0.1],
        professionals=3,
        prof={
            "satisfaction": [0.4, 0.8, 0.1],
            "exhaustion": [0.2, 0.4, 0.9],
            "filled": [True, True, False],
        },
        week=week,
    )
    r = s.records
    r.leavers, r.filled = [0.0] * 51, [2.0] * 51
    r.citizen_led, r.service_activity = [0.0] * (week - 1), [0.0] * (week - 1)
    s.wk.involved[:] = [True, False, False, False]
    s.wk.peer_given[:] = [0.5, 0.0, 0.0, 0.0]
    s.wk.peer_received[:] = [0.0, 0.0, 0.0, 1.0]
    f = s.flows
    f.staff_cost, f.broker_cost, f.reward_cost, f.crisis_cost = 400.0, 40.0, 20.0, 3000.0
    f.crises, f.leavers, f.timebank_hours, f.prevention_cost = 1.0, 1.0, 4.0, 64.0
    return s


def test_indicators_by_hand(rng):
    p = params(**IND)
    s = ind_state(p)
    v = observe(s, p, rng)
    expected = {
        "week": 10.0,
        "wellbeing_mean": 50.0,  # (40 + 50 + 60 + 50) / 4
        "wellbeing_sd": 7.0710678,  # sqrt((100 + 0 + 100 + 0) / 4)
        "wellbeing_p10": 43.0,  # sorted 40, 50, 50, 60: 40 + 0.3 * 10
        "need_mean": 0.4,  # (0.1 + 0.2 + 0.5 + 0.8) / 4
        "needs_met_share": 0.5,  # 0.1 and 0.2 are below 0.3
        "crisis_rate": 250.0,  # 1 crisis x 1000 / 4
        "cost_per_citizen_week": 865.0,  # (400 + 40 + 20 + 3000) / 4
        "cost_cumulative": 3460.0,
        "crisis_cost_week": 3000.0,
        "prevention_cost_week": 64.0,
        "service_fit": 0.7,  # 0.5 * 0.6 + 0.5 * 0.8
        "community_ownership": 0.3,  # 0.5 * 0.2 + 0.5 * 0.4
        "professional_satisfaction": 0.6,  # filled posts 0, 1: (0.4 + 0.8) / 2
        "professional_exhaustion": 0.3,  # (0.2 + 0.4) / 2
        "vacancy_share": 1 / 3,  # 1 of 3 funded posts vacant
        "filled_posts": 2.0,
        "turnover_rate_annual": 0.5,  # 1 leaver in 52 weeks / 2 filled posts
        # took part in the last 4 weeks: citizen 0 (this week), 1 (week 7); not 2 (week 6)
        "participation_rate": 0.5,
        # took part 52 weeks ago: 0 and 3; in the last 12 weeks (this week): only 0
        "participation_persistence": 0.5,
        "budget_week": 100.0,  # 1300 x 4 / 52
        "service_spending_week": 460.0,  # 400 + 40 + 20
        "budget_balance": 100 / 460,
        # (ownership 0.3 + (1 - turnover 0.5) + persistence 0.5 + balance 0.2173913) / 4
        "sustainability_index": 0.3793478,
        # gave (>= 0.5 h) or received in the last 12 weeks: 0 gave now and received in
        # week 5, 3 received now: 1 of 2 did both
        "reciprocity_index": 0.5,
        "active_ties_mean": 1.5,  # 2 x 3 active ties / 4
        "isolation_share": 0.25,  # citizen 3 has only an inactive tie
        "network_clustering": 0.75,  # triangle members 1, 1, 1; citizen 3: 0
        "trust_mean": 0.5,
        "connecting": 0.25,
        "learning": 0.0,
        "timebank_hours_week": 4.0,
        "timebank_members": 2.0,
        "credits_outstanding": 5.0,  # 3 + 2
        "ledger_balance": 0.0,  # 3 - 1 + 2 + 0 - 4
        "peer_help_hours_week": 0.0,  # not set in the flows here
        "prevention_share_effective": 0.15,
    }
    for name, value in expected.items():
        assert v[name] == pytest.approx(value, rel=REL, abs=1e-9), name
    assert math.isnan(v["activity_retention"])  # no funding cut
    assert math.isnan(v["service_activity_retention"])
    assert s.records.participation_rate == pytest.approx(0.5)  # for next week's evaluation
    # records: the series grew by this week's values
    assert s.records.leavers[-1] == 1.0 and s.records.filled[-1] == 2.0
    assert s.citizens.last_gave.tolist()[0] == 10
    assert s.citizens.last_received.tolist()[3] == 10


def test_indicators_no_filled_post_gives_nan_satisfaction(rng):
    p = params(**IND)
    s = ind_state(p)
    s.professionals.filled[:] = False
    v = observe(s, p, rng)
    assert math.isnan(v["professional_satisfaction"])
    assert math.isnan(v["professional_exhaustion"])
    assert v["vacancy_share"] == 1.0


def retention(rng, cut, week, series, timebank_hours, codelivery_hours):
    """activity_retention computed at ``week`` from citizen-led hours of weeks 1..week-1
    (``series``) and of this week, with a 50% cut at ``cut``."""
    p = params(**{**IND, "funding_cut_week": cut, "funding_cut_fraction": 0.5})
    s = ind_state(p, week=week)
    s.records.citizen_led = list(series)
    s.flows.timebank_hours, s.flows.codelivery_hours = timebank_hours, codelivery_hours
    return observe(s, p, rng)["activity_retention"]


def assert_value(got, expected):
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(expected)


@pytest.mark.parametrize(("week", "expected"), [(110, math.nan), (111, 0.5)])
def test_activity_retention_after_a_cut(rng, week, expected):
    # cut at week 60: citizen-led hours 1 a week in weeks 1-59, 0.5 a week from week 60.
    # The year after the cut (weeks 60-111) is complete at week 111: 52 x 0.5 / (52 x 1)
    series = [1.0] * 59 + [0.5] * (week - 60)  # weeks 1 .. week - 1
    # this week: 0.25 + 0.25 = 0.5
    assert_value(retention(rng, 60, week, series, 0.25, 0.25), expected)


@pytest.mark.parametrize(("cut", "expected"), [(52, math.nan), (53, 0.5)])
def test_activity_retention_needs_a_complete_year_before_the_cut(rng, cut, expected):
    # week 0 has no activity, so a cut at week 52 has only weeks 1-51 before it: NaN;
    # a cut at week 53 has weeks 1-52 before it: 52 * 1 h before, 52 * 0.5 h after -> 0.5
    series = [1.0] * (cut - 1) + [0.5] * 51  # weeks 1 .. cut + 50
    assert_value(retention(rng, cut, cut + 51, series, 0.5, 0.0), expected)
