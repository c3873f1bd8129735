"""The state module: columns declared once, containers built from them, per-week fields
reset each week, and named flows."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from coproduction.codes import AGE_BANDS, DISPOSITIONS, NEED_KINDS, WAYS, Disposition, Way
from coproduction.params import make_params
from coproduction.state import (
    CITIZEN_SCHEMA,
    FIELDS,
    PER_WEEK,
    STOCK,
    WEEK_SCHEMA,
    Citizens,
    Flows,
    blank_arrays,
    check_state,
    initialise,
    read_field,
    start_week,
)


@pytest.fixture(scope="module")
def state():
    return initialise(make_params({"n_citizens": 300}), np.random.default_rng(1))


def test_citizens_class_has_exactly_the_schema_columns():
    names = [f.name for f in dataclasses.fields(Citizens)]
    assert names == ["n", *(col.name for col in CITIZEN_SCHEMA)]
    assert all(col.name in (Citizens.__doc__ or "") for col in CITIZEN_SCHEMA)


def test_initial_state_has_declared_dtypes_shapes_and_ranges(state):
    check_state(state)
    c = state.citizens
    for col in CITIZEN_SCHEMA:
        arr = getattr(c, col.name)
        if col.codes is not None:
            assert arr.min() >= 0 and arr.max() < len(col.codes), col.name
        elif arr.dtype.kind == "f":
            assert np.all(arr >= col.low) and np.all(arr <= col.high), col.name


def test_check_state_names_a_wrong_dtype_or_shape(state):
    c = state.citizens
    saved = c.need
    try:
        c.need = saved.astype(np.float64)
        with pytest.raises(TypeError, match="citizens.need: dtype float64, declared float32"):
            check_state(state)
        c.need = saved[:-1]
        with pytest.raises(TypeError, match=r"citizens.need: shape \(299,\)"):
            check_state(state)
    finally:
        c.need = saved
    check_state(state)


def test_blank_arrays_follow_the_schema():
    blank = blank_arrays(CITIZEN_SCHEMA, 5)
    assert blank["ways_base"].shape == (len(Way), 5)
    assert (blank["last_active"] == -10_000).all() and (blank["need"] == 0).all()
    assert set(blank) == {col.name for col in CITIZEN_SCHEMA}


def test_start_week_resets_every_per_week_field(state):
    wk = state.wk
    for col in WEEK_SCHEMA:
        getattr(wk, col.name)[:] = 1
    wk.contact_edges.append(np.array([1, 2]))
    wk.pair_min_strength[0] = 0.2
    state.flows.staff_cost = 5.0
    start_week(state)
    for col in WEEK_SCHEMA:
        arr = getattr(wk, col.name)
        expected = state.citizens.need if col.name == "need_before" else 0
        assert np.array_equal(arr, np.broadcast_to(expected, arr.shape).astype(arr.dtype))
    assert not wk.contact_edges and not wk.pair_min_strength
    assert state.flows == Flows()


def test_flows_are_named_fields_only():
    f = Flows()
    with pytest.raises(AttributeError):
        f.staf_cost = 1.0  # a misspelt flow is an error, not a new key
    with pytest.raises(AttributeError):
        _ = f.unknown
    f.staff_cost, f.broker_cost, f.recruitment_cost, f.reward_cost, f.crisis_cost = 1, 2, 3, 4, 5
    assert f.service_spending() == 10 and f.spending() == 15


def test_fields_name_every_column_and_flow(state):
    for col in CITIZEN_SCHEMA:
        assert FIELDS[f"citizens.{col.name}"][0] == STOCK
    for col in WEEK_SCHEMA:
        assert FIELDS[f"wk.{col.name}"][0] == PER_WEEK
    for f in dataclasses.fields(Flows):
        assert FIELDS[f"flows.{f.name}"][0] == PER_WEEK
    for name in FIELDS:
        read_field(state, name)  # every field can be read
    assert read_field(state, "citizens.need") is state.citizens.need
    with pytest.raises(KeyError, match="unknown field"):
        read_field(state, "citizens.nee")


def test_codes_name_the_categories():
    assert AGE_BANDS == ("16-34", "35-54", "55-74", "75+")
    assert DISPOSITIONS == ("conditional", "free_rider", "unconditional")
    assert len(NEED_KINDS) == 6 and NEED_KINDS[0] == "befriending"
    assert WAYS == ("connecting", "learning", "giving", "engaged", "active")
    assert Disposition.FREE_RIDER == 1 and Way.LEARNING == 1
