"""Invariants of whole runs: every named scenario over ten years, and random lever settings.

Each indicator column stays within the range its declaration gives; NaN appears only
where its declaration allows; the time-bank ledger sums to exactly zero every week;
citizen arrays and tie strengths stay within bounds.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduction import CoproductionModel, list_scenarios
from coproduction.indicators import INDICATORS, MAY_BE_NAN, NAMES, YEAR
from coproduction.params import LEVER_NAMES, PARAMS

WEEKS = 520
N = 500
SEED = 20240

#: (low, high) for every indicator column, from its declaration; NaN is handled separately.
RANGES: dict[str, tuple[float, float]] = {i.name: (i.low, i.high) for i in INDICATORS}


@functools.cache
def _run(name: str) -> CoproductionModel:
    return CoproductionModel.from_scenario(name, rng=SEED, n_citizens=N, agents=False).run(WEEKS)


def _frame(name: str) -> pd.DataFrame:
    return _run(name).indicators_dataframe()


# ---------------------------------------------------------------- shared checks -----
def check_ranges(df: pd.DataFrame, n: int, posts: int) -> None:
    assert set(df.columns) == set(NAMES)
    for col in df.columns:
        lo, hi = RANGES[col]
        x = df[col].dropna()
        assert (x >= lo).all() and (x <= hi).all(), (col, x.min(), x.max())
    assert (df["timebank_members"] <= n).all()
    assert (df["filled_posts"] <= posts).all()
    assert (df["crisis_cost_week"] <= df["cost_per_citizen_week"] * n + 1e-6).all()
    assert (np.diff(df["cost_cumulative"]) >= 0).all()
    assert df["week"].tolist() == list(range(len(df)))


def check_nan(df: pd.DataFrame, params) -> None:
    for col in df.columns:
        if col not in MAY_BE_NAN:
            assert not df[col].isna().any(), col
    no_post = df["filled_posts"] == 0
    for col in ("professional_satisfaction", "professional_exhaustion"):
        assert df[col].isna().equals(no_post), col
    cut, frac = params.funding_cut_week, params.funding_cut_fraction
    for col, source in (
        ("activity_retention", "citizen_led_hours_week"),
        ("service_activity_retention", None),
    ):
        ret = df[col]
        if cut < 0 or frac <= 0 or cut < YEAR:
            assert ret.isna().all(), col
            continue
        complete = df["week"] >= cut + YEAR - 1
        assert ret[~complete].isna().all(), col
        if source is None:
            continue
        # the definition, recomputed from the weekly column: year from the cut / year before
        h = df[source].to_numpy()
        before, after = h[cut - YEAR : cut].sum(), h[cut : cut + YEAR].sum()
        if not complete.any():
            continue
        if before > 0:
            assert ret[complete].to_numpy() == pytest.approx(after / before, rel=1e-9)
        else:
            assert ret[complete].isna().all()


def check_state(model: CoproductionModel) -> None:
    c, sv, g = model.state.citizens, model.state.services, model.state.graph
    for name in ("need", "trust", "self_efficacy", "connecting", "learning", "giving",
                 "engaged", "active", "prevention_recent"):  # fmt: skip
        x = getattr(c, name)
        assert np.isfinite(x).all() and (x >= 0).all() and (x <= 1).all(), name
    assert ((c.wellbeing >= 14) & (c.wellbeing <= 70)).all()
    assert int(c.credits.sum(dtype=np.int64)) + int(sv.credits.sum()) == 0
    assert (c.credits >= -model.params.credit_limit).all()  # the stated overdraft limit
    assert ((g.strength >= 0) & (g.strength <= 1)).all()
    assert ((sv.fit >= 0) & (sv.fit <= 1)).all()
    assert ((sv.ownership >= 0) & (sv.ownership <= 1)).all()
    assert sv.weight.sum() == pytest.approx(1.0) and (sv.weight >= 0).all()
    pr = model.state.professionals
    assert ((pr.satisfaction >= 0) & (pr.satisfaction <= 1)).all()
    assert ((pr.exhaustion >= 0) & (pr.exhaustion <= 1)).all()
    assert not (pr.filled & ~pr.funded).any()  # nobody works in an unfunded post
    # the CSR view holds the current strengths in both directions
    ones = np.ones(c.n, dtype=np.float32)
    deg = np.bincount(g.u, g.strength, c.n) + np.bincount(g.v, g.strength, c.n)
    assert g.neighbour_sum(ones) == pytest.approx(deg, rel=1e-5, abs=1e-5)


# ---------------------------------------------------------------- named scenarios ---
SCENARIOS = list_scenarios()


def test_every_indicator_has_a_range():
    assert set(RANGES) == set(NAMES)


@pytest.mark.parametrize("name", SCENARIOS)
def test_rows_and_weeks(name):
    df = _frame(name)
    assert len(df) == WEEKS + 1
    assert df["week"].tolist() == list(range(WEEKS + 1))
    assert _run(name).week == WEEKS


@pytest.mark.parametrize("name", SCENARIOS)
def test_indicator_ranges(name):
    m = _run(name)
    check_ranges(_frame(name), N, m.state.professionals.m)


@pytest.mark.parametrize("name", SCENARIOS)
def test_nan_only_where_allowed(name):
    check_nan(_frame(name), _run(name).params)


@pytest.mark.parametrize("name", SCENARIOS)
def test_ledger_sums_to_zero_every_week(name):
    df = _frame(name)
    assert (df["ledger_balance"] == 0).all()
    c, sv = _run(name).state.citizens, _run(name).state.services
    assert int(c.credits.sum(dtype=np.int64)) + int(sv.credits.sum()) == 0


@pytest.mark.parametrize("name", SCENARIOS)
def test_state_within_bounds_at_the_end(name):
    check_state(_run(name))


def test_timebank_exchanges_happen_most_weeks():
    # a few per cent of adults join: a community of 3,000 has a time bank of about a hundred
    m = CoproductionModel.from_scenario("timebank", rng=SEED, n_citizens=3000, agents=False)
    df = m.run(156).indicators_dataframe()
    later = df.loc[df["week"] > 52, "timebank_hours_week"]
    assert (later > 0).mean() > 0.8
    assert (df["timebank_members"].iloc[-52:] > 0).all()


def test_scenarios_without_timebank_have_no_exchanges():
    for name in SCENARIOS:
        if not _run(name).params.timebank:
            assert (_frame(name)["timebank_hours_week"] == 0).all(), name


def test_cut_scenarios_cut_the_budget():
    for name in ("top_down_cut", "co_produced_cut"):
        m = _run(name)
        df = _frame(name)
        cut = m.params.funding_cut_week
        before = df.loc[df["week"] < cut, "budget_week"]
        after = df.loc[df["week"] >= cut, "budget_week"]
        assert before.nunique() == 1 and after.nunique() == 1
        assert after.iloc[0] == pytest.approx(before.iloc[0] * (1 - m.params.funding_cut_fraction))


# ---------------------------------------------------------------- random levers -----
def _lever_strategy(name: str):
    p = PARAMS[name]
    if p.kind is bool:
        return st.booleans()
    if p.kind is str:
        return st.sampled_from(p.choices)
    if name == "funding_cut_week":  # within the declared range, and within the run
        return st.one_of(st.just(-1), st.integers(0, 40))
    if p.kind is int:
        return st.integers(int(p.low), int(p.high))
    return st.floats(p.low, p.high, allow_nan=False, allow_infinity=False)


LEVERS = st.fixed_dictionaries({name: _lever_strategy(name) for name in LEVER_NAMES})


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(levers=LEVERS, n=st.integers(100, 200), weeks=st.integers(20, 40), seed=st.integers(0, 99))
def test_random_levers_keep_every_invariant(levers, n, weeks, seed):
    m = CoproductionModel(rng=seed, agents=False, n_citizens=n, **levers).run(weeks)
    df = m.indicators_dataframe()
    assert len(df) == weeks + 1
    check_ranges(df, n, m.state.professionals.m)
    check_nan(df, m.params)
    assert (df["ledger_balance"] == 0).all()
    check_state(m)
