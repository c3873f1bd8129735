"""A run is a function of (scenario, overrides, seed) alone, and scenarios run with the same
seed share their random numbers wherever their mechanisms agree (common random numbers)."""

from __future__ import annotations

import numpy as np
import pandas.testing as pdt

from coproduction import CoproductionModel, load_scenario
from coproduction.mechanisms import PHASES
from coproduction.phases import phase

N = 300
WEEKS = 30


def frame(name: str, seed: int, weeks: int = WEEKS, **overrides):
    m = CoproductionModel.from_scenario(name, rng=seed, n_citizens=N, agents=False, **overrides)
    return m.run(weeks).indicators_dataframe()


def test_same_seed_same_results():
    pdt.assert_frame_equal(frame("timebank", 5), frame("timebank", 5), check_exact=True)


def test_different_seed_different_results():
    a, b = frame("timebank", 5), frame("timebank", 6)
    assert not a.equals(b)
    assert (a["wellbeing_mean"] != b["wellbeing_mean"]).any()


def test_from_scenario_equals_keyword_construction():
    overrides = {"n_citizens": N, "influence": 0.9, "timebank_broker_hours": 40.0}
    a = CoproductionModel.from_scenario("timebank", rng=11, agents=False, **overrides)
    b = CoproductionModel(rng=11, agents=False, **load_scenario("timebank", **overrides).to_dict())
    assert a.params == b.params
    a.run(WEEKS)
    b.run(WEEKS)
    pdt.assert_frame_equal(a.indicators_dataframe(), b.indicators_dataframe(), check_exact=True)


def test_run_in_pieces_equals_run_at_once():
    m = CoproductionModel.from_scenario("timebank", rng=3, n_citizens=N, agents=False)
    m.run(10)
    m.run(10)
    one = CoproductionModel.from_scenario("timebank", rng=3, n_citizens=N, agents=False).run(20)
    assert m.week == one.week == 20
    pdt.assert_frame_equal(m.indicators_dataframe(), one.indicators_dataframe(), check_exact=True)
    np.testing.assert_array_equal(m.state.citizens.need, one.state.citizens.need)
    np.testing.assert_array_equal(m.state.graph.strength, one.state.graph.strength)


def test_step_equals_run():
    a = CoproductionModel.from_scenario("co_produced", rng=4, n_citizens=N, agents=False)
    for _ in range(5):
        a.step()
    b = CoproductionModel.from_scenario("co_produced", rng=4, n_citizens=N, agents=False).run(5)
    pdt.assert_frame_equal(a.indicators_dataframe(), b.indicators_dataframe(), check_exact=True)


def test_explicit_default_phases_change_nothing():
    a = CoproductionModel.from_scenario("timebank", rng=8, n_citizens=N, agents=False).run(10)
    params = load_scenario("timebank", n_citizens=N).to_dict()
    b = CoproductionModel(rng=8, agents=False, phases=PHASES, **params).run(10)
    pdt.assert_frame_equal(a.indicators_dataframe(), b.indicators_dataframe(), check_exact=True)


def test_an_extra_phase_leaves_the_other_phases_random_numbers_alone():
    """Streams are keyed by phase name: a phase that draws numbers but changes nothing
    does not shift the draws of the others."""

    @phase(reads=(), writes=())
    def noop(state, params, rng):
        rng.random(1000)

    params = load_scenario("timebank", n_citizens=N).to_dict()
    phases = (*PHASES[:3], ("noop", noop), *PHASES[3:])
    a = CoproductionModel(rng=8, agents=False, **params).run(10)
    b = CoproductionModel(rng=8, agents=False, phases=phases, **params).run(10)
    pdt.assert_frame_equal(a.indicators_dataframe(), b.indicators_dataframe(), check_exact=True)


# ---------------------------------------------------------------- common random numbers
def _recording_phases(record: dict):
    """The default phases, with the shocks phase wrapped to record what it did."""

    shocks = PHASES[0][1]

    @phase(reads=shocks.reads, writes=shocks.writes)
    def recorded_shocks(state, params, rng):
        shocks(state, params, rng)
        if state.week <= 0:
            return  # the spin-up, common to every scenario
        record.setdefault("shocks", []).append(state.flows.shocks)
        if state.week == 1:
            record["need_after_shocks"] = state.citizens.need.copy()

    return (("shocks", recorded_shocks), *PHASES[1:])


def _crn_run(name: str, seed: int) -> tuple[dict, CoproductionModel]:
    record: dict = {}
    params = load_scenario(name, n_citizens=N).to_dict()
    m = CoproductionModel(rng=seed, agents=False, phases=_recording_phases(record), **params)
    record["need0"] = m.state.citizens.need.copy()
    record["wellbeing0"] = m.state.citizens.wellbeing.copy()
    record["edges0"] = (m.state.graph.u.copy(), m.state.graph.v.copy())
    m.run(WEEKS)
    return record, m


def test_common_random_numbers_between_scenarios():
    td, m_td = _crn_run("top_down", 21)
    co, m_co = _crn_run("consultation", 21)
    # same initial population and network
    np.testing.assert_array_equal(td["need0"], co["need0"])
    np.testing.assert_array_equal(td["wellbeing0"], co["wellbeing0"])
    for a, b in zip(td["edges0"], co["edges0"], strict=True):
        np.testing.assert_array_equal(a, b)
    # the same citizens are hit by shocks of the same size in week 1 ...
    np.testing.assert_array_equal(td["need_after_shocks"], co["need_after_shocks"])
    # ... and the same number of shocks every week, whatever the policy did since
    assert td["shocks"] == co["shocks"]
    assert len(td["shocks"]) == WEEKS and sum(td["shocks"]) > 0
    # while the policies do make a difference
    a, b = m_td.indicators_dataframe(), m_co.indicators_dataframe()
    assert not a["participation_rate"].equals(b["participation_rate"])


def test_different_seeds_draw_different_shocks():
    a, _ = _crn_run("top_down", 21)
    b, _ = _crn_run("top_down", 22)
    assert not np.array_equal(a["need0"], b["need0"])
    assert a["shocks"] != b["shocks"]
