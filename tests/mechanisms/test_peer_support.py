"""Unit tests of the `peer_support` phase: informal help, time bank, coaching for credits.

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
from coproduction.mechanisms.peer_support import (
    coaching,
    edge_ids,
    informal_help,
    leisure,
    peer_support,
    timebank_exchanges,
)
from coproduction.mechanisms.records import records

CC, FR, UC = Disposition  # conditional cooperator, free rider, unconditional contributor


def approx(values):
    return pytest.approx(values, rel=REL, abs=1e-6)


def observe(s, p, rng) -> dict[str, float]:
    """The records phase, then every indicator (all citizens in the clustering sample)."""
    records(s, p, rng)
    return Observer(np.arange(s.citizens.n)).observe(s, p)


PATH = [(0, 1), (1, 2), (2, 3)]


def test_informal_help_on_a_path(rng):
    # path 0 -(0.5)- 1 -(1.0)- 2 -(0.25)- 3; needy (>= 0.3): citizens 1 and 3
    p = params(
        help_prob=1.0, help_hours=2.0, max_capacity_hours=4.0, need_met_threshold=0.3,
        crisis_threshold=0.6, tie_active_threshold=0.3,
    )  # fmt: skip
    s = tiny_state(p, need=[0.0, 0.5, 0.0, 0.75], edges=PATH, strength=[0.5, 1.0, 0.25])
    informal_help(s, p, rng)
    # capacity 4 * (1 - need) = 4, 2, 4, 1: citizens 0-2 can give 2 hours (3 cannot)
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
    p = params(help_prob=1.0, max_capacity_hours=4.0, need_met_threshold=0.3)
    s = tiny_state(p, need=[0.0, 0.1, 0.2], edges=[(0, 1), (1, 2)])
    informal_help(s, p, rng)
    assert not s.wk.peer_received.any() and not s.wk.peer_given.any()
    assert s.flows.peer_hours == 0.0


def test_informal_help_is_given_with_help_prob_and_not_by_carers_without_time(rng):
    base = {"help_hours": 1.0, "max_capacity_hours": 4.0, "need_met_threshold": 0.3}
    p = params(help_prob=0.0, **base)
    s = tiny_state(p, need=[0.0, 0.5], edges=[(0, 1)])
    informal_help(s, p, rng)
    assert not s.wk.peer_given.any()
    # a full-time carer (50 h of care last week) has no spare capacity to help
    p = params(help_prob=1.0, **base)
    s = tiny_state(p, need=[0.0, 0.5], edges=[(0, 1)], care_hours=[50.0, 0.0])
    informal_help(s, p, rng)
    assert not s.wk.peer_given.any()
    s = tiny_state(p, need=[0.0, 0.5], edges=[(0, 1)])
    informal_help(s, p, rng)
    assert s.wk.peer_given.tolist() == [1.0, 0.0] and s.wk.peer_received.tolist() == [0.0, 1.0]


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
    p = params(timebank=False, coaching_for_credits=False, help_prob=1.0, credit_spend_rate=0.0)
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


def test_credits_are_spent_on_leisure_and_return_to_the_services(rng):
    p = params(credit_spend_rate=1.0)  # every credit held is spent this week
    s = tiny_state(p, need=[0.0, 0.0, 0.0], credits=[3, 0, -2], service_credits=[-1, 0, 0, 0, 0, 0])
    leisure(s, p, rng)
    assert s.citizens.credits.tolist() == [0, 0, -2]  # a debt is not spent
    assert s.wk.leisure.tolist() == [True, False, False]
    assert s.flows.leisure_credits == 3.0
    assert s.citizens.credits.sum() + s.services.credits.sum() == 0  # the ledger holds


def test_a_leaving_member_gives_their_balance_to_the_community_pot(rng):
    p = params(**{**TB, "timebank_leave_rate": 1.0, "credit_spend_rate": 0.0})
    s = tiny_state(p, need=[0.0, 0.0, 0.0], member=True, credits=[4, -3, 0],
                   service_credits=[-1, 0, 0, 0, 0, 0])  # fmt: skip
    timebank_exchanges(s, p, rng)
    assert not s.citizens.member.any()
    assert s.citizens.credits.tolist() == [0, 0, 0]
    assert s.services.credits.sum() == 0  # 4 - 3 returned, so the pot is back at 0
