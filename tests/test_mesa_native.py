"""CoproductionModel is a real Mesa model whose agents are views onto the arrays."""

from __future__ import annotations

import inspect

import mesa
import numpy as np
import pandas.testing as pdt
import pytest

from coproduction import CoproductionModel
from coproduction.agents import Citizen, Professional, Service
from coproduction.codes import AGE_BANDS, NEED_KINDS
from coproduction.model import AGENT_COLUMNS
from coproduction.params import PARAMS

N = 200


@pytest.fixture(scope="module")
def model() -> CoproductionModel:
    m = CoproductionModel.from_scenario(
        "timebank", rng=2, n_citizens=N, professionals_per_1000=15.0
    )
    return m.run(52)


def test_is_a_mesa_model(model):
    assert isinstance(model, mesa.Model)
    assert isinstance(model.datacollector, mesa.DataCollector)
    assert model.week == 52


def test_agent_mean_matches_collected_indicator(model):
    mean = model.agents_by_type[Citizen].agg("wellbeing", np.mean)
    last = model.datacollector.get_model_vars_dataframe().iloc[-1]
    assert mean == pytest.approx(last["wellbeing_mean"], rel=1e-5)
    assert len(model.datacollector.get_model_vars_dataframe()) == 53


def test_agents_exist_in_the_right_numbers(model):
    assert len(model.agents_by_type[Citizen]) == N
    assert len(model.agents_by_type[Professional]) == 3  # 15 per 1,000 x 200
    assert len(model.agents_by_type[Service]) == len(NEED_KINDS)
    assert sorted(a.index for a in model.agents_by_type[Citizen]) == list(range(N))
    assert sorted(s.name for s in model.agents_by_type[Service]) == sorted(NEED_KINDS)


def test_agent_attributes_read_and_write_the_arrays():
    m = CoproductionModel(rng=1, n_citizens=50, professionals_per_1000=20.0)  # 1 post
    first = m.agents_by_type[Citizen].to_list()[0]
    i = first.index
    first.need = 0.9
    assert m.state.citizens.need[i] == np.float32(0.9)
    m.state.citizens.trust[i] = 0.25
    assert first.trust == pytest.approx(0.25)
    post = m.agents_by_type[Professional].to_list()[0]
    post.exhaustion = 0.7
    assert m.state.professionals.exhaustion[post.index] == np.float32(0.7)
    service = m.agents_by_type[Service].to_list()[0]
    assert service.fit == pytest.approx(m.state.services.fit[service.index])
    # neighbours come from the social graph
    g = m.state.graph
    assert sorted(first.neighbours.tolist()) == sorted(
        g.v[g.u == i].tolist() + g.u[g.v == i].tolist()
    )


def test_agent_set_select_and_groupby(model):
    citizens = model.agents_by_type[Citizen]
    needy = citizens.select(lambda a: a.need >= model.params.need_met_threshold)
    assert len(needy) == int(
        (model.state.citizens.need >= np.float32(model.params.need_met_threshold)).sum()
    )
    by_band = citizens.groupby("age_band")
    assert sum(len(group) for _, group in by_band) == N


def test_without_agents_runs_identically():
    a = CoproductionModel.from_scenario("timebank", rng=9, n_citizens=N).run(20)
    b = CoproductionModel.from_scenario("timebank", rng=9, n_citizens=N, agents=False).run(20)
    assert len(b.agents) == 0
    assert len(a.agents) == N + a.state.professionals.m + a.state.services.s
    pdt.assert_frame_equal(a.indicators_dataframe(), b.indicators_dataframe(), check_exact=True)


def test_every_parameter_is_a_keyword_argument_with_its_default():
    sig = inspect.signature(CoproductionModel.__init__)
    for name, p in PARAMS.items():
        assert name in sig.parameters, name
        arg = sig.parameters[name]
        assert arg.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert arg.default == p.default and type(arg.default) is type(p.default), name
    for extra in ("rng", "agents", "agents_every"):
        assert extra in sig.parameters


def test_keyword_arguments_set_parameters():
    m = CoproductionModel(rng=1, n_citizens=60, co_design=0.8, reward="cash", timebank=True)
    assert (m.params.co_design, m.params.reward, m.params.timebank) == (0.8, "cash", True)
    assert m.state.citizens.n == 60


def test_agents_every_gives_a_long_table():
    m = CoproductionModel.from_scenario("co_produced", rng=5, n_citizens=80, agents_every=4)
    m.run(8)
    c = m.state.citizens
    at_8 = {name: getattr(c, name).copy() for name in ("need", "wellbeing", "ward")}
    m.run(2)
    df = m.agents_dataframe()
    assert sorted(df["week"].unique().tolist()) == [0, 4, 8]
    assert len(df) == 3 * 80
    for col in ("week", "citizen_id", "age_band", "ward", *AGENT_COLUMNS):
        assert col in df.columns, col
    assert set(df["age_band"].cat.categories) == set(AGE_BANDS)
    week8 = df[df["week"] == 8].sort_values("citizen_id")
    assert week8["citizen_id"].tolist() == list(range(80))
    # rows are snapshots of the arrays in that week, not views that keep changing
    for name, values in at_8.items():
        np.testing.assert_array_equal(week8[name].to_numpy(), values)
    assert not np.array_equal(week8["need"].to_numpy(), c.need)


def test_agent_table_has_every_citizen_array():
    m = CoproductionModel.from_scenario("co_produced", rng=5, n_citizens=40, agents_every=1)
    df = m.agents_dataframe()
    missing = [name for name in AGENT_COLUMNS if name not in df.columns]
    assert missing == []


def test_indicator_collector_builds_the_table_mesa_would():
    """The collector's own path (values straight from ``model.indicators``) gives the
    table Mesa's generic DataCollector builds from the same reporters."""
    from coproduction.model import IndicatorCollector

    model = CoproductionModel(n_citizens=200, rng=3, spinup_weeks=0)
    assert isinstance(model.datacollector, IndicatorCollector)
    plain = mesa.DataCollector(model_reporters=dict(model.datacollector.model_reporters))
    plain.collect(model)
    for _ in range(6):
        model.step()
        plain.collect(model)
    ours = model.datacollector.get_model_vars_dataframe()
    pdt.assert_frame_equal(ours, plain.get_model_vars_dataframe())
    assert model.datacollector._collection_steps == plain._collection_steps
