"""The records phase and every indicator, worked out by hand on a state of four citizens."""

from __future__ import annotations

import math

import numpy as np
import pytest
from handmade import REL, params, tiny_state

from coproduction.codes import Disposition
from coproduction.indicators import Observer
from coproduction.mechanisms.records import records
from coproduction.state import NEVER

CC, FR, UC = Disposition  # conditional cooperator, free rider, unconditional contributor


def approx(values):
    return pytest.approx(values, rel=REL, abs=1e-6)


def observe(s, p, rng) -> dict[str, float]:
    """The records phase, then every indicator (all citizens in the clustering sample)."""
    records(s, p, rng)
    return Observer(np.arange(s.citizens.n)).observe(s, p)


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
