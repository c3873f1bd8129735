"""Declared phases: the contract every phase keeps, the check of the weekly chain, and an
observer that changes nothing.

The contract tests run for every entry of ``PHASES``, so a new phase gets them for free:
it writes only the fields it declares, keeps every dtype and shape, gives the same result
from the same random stream, and has a docstring and an ODD section.
"""

from __future__ import annotations

import copy
import functools
import inspect
from pathlib import Path

import numpy as np
import pandas.testing as pdt
import pytest

from coproduction import CoproductionModel
from coproduction.errors import InputError
from coproduction.interactions import InteractionKinds
from coproduction.mechanisms import PHASES, insert_phase, replace_phase
from coproduction.phases import WEEK_START, check_plan, declared, phase
from coproduction.state import FIELDS, check_state, read_field, start_week

ODD = Path(__file__).resolve().parents[1] / "docs" / "ODD.md"
N, WARM = 400, 30
#: Settings under which every branch of every phase runs: a time bank with time credits
#: and coaching, every involvement lever, a funding cut during the checked weeks; and cash.
SETTINGS = {
    "timebank": {"funding_cut_week": WARM + 2, "funding_cut_fraction": 0.3},
    "cash_rewards": {},
    "top_down": {"n_citizens": 1000},  # crises are common enough to happen in 3 weeks
}


def _snapshot(state) -> dict:
    return {name: copy.deepcopy(read_field(state, name)) for name in FIELDS}


def _equal(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.dtype == b.dtype
            and a.shape == b.shape
            and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
        )
    if isinstance(a, tuple | list):
        return (
            isinstance(b, tuple | list)
            and len(a) == len(b)
            and all(_equal(x, y) for x, y in zip(a, b, strict=True))
        )
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        return True
    return type(a) is type(b) and a == b


def _changed(before: dict, after: dict) -> set[str]:
    return {name for name in FIELDS if not _equal(before[name], after[name])}


def _observed_weeks(scenario: str, weeks: int = 3):
    """Run ``scenario`` to week WARM, then for ``weeks`` weeks run each phase by hand:
    yields ``(phase, before, after, again)``, the snapshots before and after the phase
    and after running it a second time from a copy of the state before, same stream."""
    kw = {"n_citizens": N, **SETTINGS[scenario]}
    m = CoproductionModel.from_scenario(scenario, rng=5, agents=False, **kw).run(WARM)
    st = m.state
    for _ in range(weeks):
        st.week += 1
        start_week(st)
        for key, ph in zip(m._phase_keys, m.phases, strict=True):
            spare = copy.deepcopy(st)
            before = _snapshot(st)
            ph.fn(st, m.params, m._stream(key, st.week))
            check_state(st)
            ph.fn(spare, m.params, m._stream(key, st.week))
            yield ph, before, _snapshot(st), _snapshot(spare)
        m.collect()


@functools.cache
def _observations(scenario: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for ph, before, after, again in _observed_weeks(scenario):
        out.setdefault(ph.name, []).append((ph, before, after, again))
    return out


@pytest.fixture(scope="module", params=list(SETTINGS))
def observed(request):
    return _observations(request.param)


@pytest.mark.parametrize("name", [name for name, _ in PHASES])
def test_phase_writes_only_what_it_declares(observed, name):
    for ph, before, after, _ in observed[name]:
        undeclared = _changed(before, after) - ph.writes
        assert not undeclared, f"phase {name!r} wrote undeclared fields {sorted(undeclared)}"


def test_every_phase_changes_something_in_some_setting():
    changed = {name: set() for name, _ in PHASES}
    for scenario in SETTINGS:
        for name, weeks in _observations(scenario).items():
            for _, before, after, _ in weeks:
                changed[name] |= _changed(before, after)
    assert all(changed.values()), [name for name, fields in changed.items() if not fields]


@pytest.mark.parametrize("name", [name for name, _ in PHASES])
def test_phase_gives_the_same_result_from_the_same_stream(observed, name):
    for _, _, after, again in observed[name]:
        assert not _changed(after, again), f"phase {name!r} is not a function of its stream"


@pytest.mark.parametrize("name", [name for name, _ in PHASES])
def test_phase_has_a_docstring_and_an_odd_section(name):
    fn = dict(PHASES)[name]
    assert len(inspect.getdoc(fn) or "") > 40, f"phase {name!r} has no docstring"
    odd = ODD.read_text(encoding="utf-8")
    assert f"`{name}`\n" in odd and "### 7." in odd
    assert any(line.startswith("### 7.") and f"`{name}`" in line for line in odd.splitlines())


def test_phases_are_the_twelve_in_order():
    assert [name for name, _ in PHASES] == [
        "shocks", "commissioning", "allocation", "peer_support", "codelivery", "production",
        "crises", "wellbeing", "workforce", "ties", "evaluation", "records",
    ]  # fmt: skip


def test_every_phase_declaration_names_real_fields():
    for name, fn in PHASES:
        ph = declared(name, fn)
        assert ph.reads | ph.writes | ph.lags <= set(FIELDS)
        assert not ph.reads & ph.lags, f"{name}: a field is both a read and a lag"


# ---------------------------------------------------------------- the check of the chain
def test_a_phase_reading_a_field_nobody_writes_is_refused():
    @phase(reads=("flows.facilitation_hours",), writes=("flows.coaching_hours",))
    def coach(state, params, rng):
        """Reads facilitation hours."""

    without_allocation = tuple((n, f) for n, f in PHASES if n != "allocation")
    phases = insert_phase(without_allocation, "shocks", "coach", coach)
    with pytest.raises(InputError) as err:
        CoproductionModel(n_citizens=100, rng=0, phases=phases)
    msg = str(err.value)
    assert "'coach' reads 'flows.facilitation_hours'" in msg
    assert "no earlier phase writes" in msg
    # the default peer_support also reads it, and is named too
    assert "'peer_support' reads 'flows.facilitation_hours'" in msg


def test_a_per_week_field_written_only_later_is_named_with_its_writer():
    @phase(reads=("flows.crises",), writes=("flows.shocks",))
    def early(state, params, rng):
        """Reads this week's crises before they happen."""

    phases = insert_phase(PHASES, "shocks", "early", early)
    with pytest.raises(InputError, match=r"'early' reads 'flows.crises'.*only 'crises'"):
        CoproductionModel(n_citizens=100, rng=0, phases=phases)


def test_a_stock_written_later_must_be_declared_as_a_lag():
    @phase(reads=("records.participation_rate",), writes=("flows.shocks",))
    def reader(state, params, rng):
        """Reads the participation rate."""

    phases = insert_phase(PHASES, "shocks", "reader", reader)
    with pytest.raises(InputError, match=r"'reader' reads 'records.participation_rate'.*lags="):
        CoproductionModel(n_citizens=100, rng=0, phases=phases)
    reader.lags = frozenset({"records.participation_rate"})
    reader.reads = frozenset()
    CoproductionModel(n_citizens=100, rng=0, phases=phases)  # accepted with the lag


def test_a_lag_written_earlier_in_the_week_is_refused():
    @phase(lags=("citizens.need",), writes=("flows.bridging_ties",))
    def late(state, params, rng):
        """Claims to read last week's need after shocks changed it."""

    phases = insert_phase(PHASES, "shocks", "late", late)
    with pytest.raises(InputError, match=r"'late' declares 'citizens.need' as last week's"):
        CoproductionModel(n_citizens=100, rng=0, phases=phases)


def test_undeclared_and_misspelt_phases_are_refused():
    def bare(state, params, rng):
        """No declarations."""

    with pytest.raises(InputError, match="does not declare what it reads and writes"):
        CoproductionModel(n_citizens=100, rng=0, phases=replace_phase(PHASES, "shocks", bare))
    with pytest.raises(InputError, match=r"unknown read 'citizens.neeed' \(did you mean"):
        phase(reads=("citizens.neeed",))(bare)


def test_the_default_plan_is_accepted_and_shows_every_declaration():
    check_plan([declared(n, f) for n, f in PHASES])
    text = str(CoproductionModel(n_citizens=100, rng=0).plan())
    assert text.startswith(" 0. start_week:")
    for i, (name, fn) in enumerate(PHASES, start=1):
        assert f"{i:2d}. {name}:" in text
        for f in fn.writes:
            assert f in text
    assert "last week's" in text and "records.participation_rate" in text
    assert WEEK_START.writes == {"wk.need_before"}


# ---------------------------------------------------------------- observers only observe
def _states_equal(a, b) -> None:
    sa, sb = _snapshot(a), _snapshot(b)
    assert not _changed(sa, sb), sorted(_changed(sa, sb))


def test_computing_the_indicators_twice_or_not_at_all_leaves_the_run_unchanged():
    kw = {"rng": 3, "n_citizens": 300, "agents": False}
    plain = CoproductionModel.from_scenario("timebank", **kw).run(20)
    twice = CoproductionModel.from_scenario("timebank", **kw)
    skipped = CoproductionModel.from_scenario("timebank", **kw)
    for week in range(1, 21):
        twice.advance()
        twice.collect()
        twice.collect()
        skipped.advance()
        if week % 4:  # skips the weeks the clustering sample is recomputed, among others
            skipped.collect()
    _states_equal(plain.state, twice.state)
    _states_equal(plain.state, skipped.state)
    assert plain.indicators == twice.indicators


def test_clearing_every_cache_every_week_leaves_every_indicator_identical():
    kw = {"rng": 4, "n_citizens": 300, "agents": False}
    plain = CoproductionModel.from_scenario("timebank", **kw).run(30)
    cleared = CoproductionModel.from_scenario("timebank", **kw)
    for _ in range(30):
        cleared.state.clear_caches()
        cleared.step()
    pdt.assert_frame_equal(
        plain.indicators_dataframe(), cleared.indicators_dataframe(), check_exact=True
    )


# ---------------------------------------------------------------- interaction kinds ----
def test_interaction_kinds_refuse_more_than_the_flag_word_holds():
    kinds = InteractionKinds(("help", "together"))
    for extra in ("third", "fourth"):
        kinds = kinds.with_kind(extra)
    assert kinds.capacity == 4 and len(kinds.names) == 4
    with pytest.raises(ValueError, match="do not fit in a uint8 flag word"):
        kinds.with_kind("fifth")
    with pytest.raises(ValueError, match="6 interaction kinds"):
        InteractionKinds(("a", "b", "c", "d", "e", "f"))
    wide = InteractionKinds(("a", "b", "c", "d", "e", "f"), dtype=np.uint16)
    assert wide.capacity == 8
    with pytest.raises(KeyError, match="unknown interaction kind 'gossip'"):
        kinds.index("gossip")


def test_interaction_flags_of_another_width_are_refused():
    from coproduction.state import new_week

    wk = new_week(4)
    wide = InteractionKinds(("a",), dtype=np.uint16)
    with pytest.raises(TypeError, match="edge_flags is uint8"):
        wide.flag(wk, "a", np.ones(4, bool), np.ones(4, bool))
