"""Parameter validation and scenario files: every bad input is an InputError that names the
key, the value, what is allowed and (for files) the file."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coproduction
from coproduction import CoproductionModel, InputError, list_scenarios, load_scenario, make_params
from coproduction.params import _TEXT_CHECKS, DEFAULTS, PARAMS, POLICY_NAMES, Params
from coproduction.scenarios import load_scenario_file, to_toml


def test_input_error_is_a_value_error():
    assert issubclass(InputError, ValueError)
    assert coproduction.InputError is InputError


def test_defaults_are_valid_and_in_range():
    p = make_params({})
    assert isinstance(p, Params)
    for name, decl in PARAMS.items():
        value = getattr(p, name)
        assert type(value) is decl.kind, name
        if decl.choices is not None:
            assert value in decl.choices, name
        elif decl.kind is str:
            assert name in _TEXT_CHECKS, name  # free text has its own check
        elif decl.kind is not bool:
            assert decl.low <= value <= decl.high, name


def test_every_parameter_is_documented():
    for name, decl in PARAMS.items():
        assert decl.name == name
        assert decl.help and decl.source and decl.group, name
        assert decl.kind in (bool, int, float, str), name
        if decl.kind in (int, float):
            assert decl.low is not None and decl.high is not None and decl.low < decl.high, name


def test_params_are_immutable():
    p = make_params({"co_design": 0.5})
    with pytest.raises((TypeError, ValueError)):
        p.co_design = 0.7


# ---------------------------------------------------------------- single values -----
def test_unknown_key_suggests_the_closest():
    with pytest.raises(InputError) as exc:
        make_params({"co_desing": 0.5})
    msg = str(exc.value)
    assert "'co_desing'" in msg and "unknown" in msg
    assert "Did you mean co_design" in msg


def test_unknown_key_without_close_match():
    with pytest.raises(InputError, match="unknown parameter 'zzzz'"):
        make_params({"zzzz": 1})


@pytest.mark.parametrize(
    ("key", "value", "allowed"),
    [
        ("co_design", "high", "float in [0, 1]"),  # wrong type
        ("co_design", 1.5, "float in [0, 1]"),  # out of range
        ("co_design", -0.1, "float in [0, 1]"),
        ("co_design", math.nan, "float in [0, 1]"),
        ("co_design", math.inf, "float in [0, 1]"),
        ("co_design", True, "float in [0, 1]"),  # a bool is not a number
        ("n_citizens", True, "int in [10, 5_000_000]"),
        ("n_citizens", 100.5, "int in [10, 5_000_000]"),  # not a whole number
        ("n_citizens", 5, "int in [10, 5_000_000]"),
        ("n_citizens", "100", "int in [10, 5_000_000]"),
        ("funding_cut_week", -2, "int in [-1, 5200]"),
        ("timebank", 1, "true or false"),  # a number is not a bool
        ("timebank", "yes", "true or false"),
        ("reward", "money", "one of 'none', 'time_credits', 'cash'"),  # bad choice
        ("reward", 1, "one of 'none', 'time_credits', 'cash'"),
        ("network", "Wards", "one of 'watts_strogatz', 'wards', 'barabasi_albert'"),
    ],
)
def test_bad_value_names_key_value_and_allowed(key, value, allowed):
    with pytest.raises(InputError) as exc:
        make_params({key: value})
    msg = str(exc.value)
    assert f"'{key}'" in msg
    assert repr(value) in msg
    assert allowed in msg
    assert PARAMS[key].allowed() == allowed


def test_source_is_named():
    with pytest.raises(InputError, match=r"\(in my_file\.toml\)"):
        make_params({"co_design": 2.0}, source="my_file.toml")


def test_whole_float_accepted_for_int_and_int_for_float():
    p = make_params({"n_citizens": 300.0, "co_design": 1})
    assert p.n_citizens == 300 and type(p.n_citizens) is int
    assert p.co_design == 1.0 and type(p.co_design) is float


def test_model_keywords_are_validated():
    with pytest.raises(InputError, match="'co_design'"):
        CoproductionModel(co_design=2.0, n_citizens=50)
    with pytest.raises(InputError, match="'co_desing'"):
        CoproductionModel(co_desing=0.2, n_citizens=50)


# ---------------------------------------------------------------- joint constraints -
def test_age_shares_must_not_exceed_one():
    with pytest.raises(InputError) as exc:
        make_params({"share_age_16_34": 0.5, "share_age_35_54": 0.4, "share_age_55_74": 0.2})
    msg = str(exc.value)
    assert "share_age_16_34" in msg and "share_age_55_74" in msg
    assert "1.1" in msg  # the value: 0.5 + 0.4 + 0.2
    assert "at most 1" in msg


def test_age_shares_summing_to_one_are_fine():
    p = make_params({"share_age_16_34": 0.5, "share_age_35_54": 0.3, "share_age_55_74": 0.2})
    assert p.share_age_55_74 == 0.2


def test_dispositions_must_not_exceed_one():
    with pytest.raises(InputError, match=r"share_conditional \+ share_free_rider = 1\.2"):
        make_params({"share_conditional": 0.7, "share_free_rider": 0.5})


def test_need_met_threshold_not_above_crisis_threshold():
    with pytest.raises(InputError) as exc:
        make_params({"need_met_threshold": 0.7, "crisis_threshold": 0.6})
    msg = str(exc.value)
    assert "'need_met_threshold' = 0.7" in msg
    assert "crisis_threshold = 0.6" in msg


def test_mean_degree_below_population():
    with pytest.raises(InputError, match="'mean_degree' = 12.*n_citizens = 12"):
        make_params({"n_citizens": 12, "mean_degree": 12})


# ---------------------------------------------------------------- named scenarios ---
HEADLINE = ("top_down", "consultation", "co_produced", "timebank", "cash_rewards")


def test_catalogue_has_the_designed_scenarios():
    assert set(HEADLINE) | {"top_down_cut", "co_produced_cut"} <= set(list_scenarios())


@pytest.mark.parametrize("name", list_scenarios())
def test_named_scenario_loads(name):
    scen = load_scenario_file(name)
    assert scen.name == name
    assert scen.description
    assert isinstance(scen.params, Params)
    assert load_scenario(name) == scen.params


def test_extends_chain_resolves():
    scen = load_scenario_file("co_produced_cut")
    assert [Path(s).stem for s in scen.chain] == ["co_produced_cut", "co_produced", "top_down"]
    p = scen.params
    assert (p.funding_cut_week, p.funding_cut_fraction) == (156, 0.5)  # own
    assert (p.co_design, p.influence) == (0.8, 0.8)  # from co_produced
    assert (p.timebank, p.reward) == (False, "none")  # from top_down
    assert load_scenario("timebank").co_design == 0.8  # timebank extends co_produced


def test_overrides_win_and_are_validated():
    p = load_scenario("co_produced", co_design=0.1, n_citizens=123)
    assert (p.co_design, p.n_citizens) == (0.1, 123)
    with pytest.raises(InputError, match=r"'co_design' = 3\.0 \(in overrides\)"):
        load_scenario("co_produced", co_design=3.0)


def test_scenarios_differ_only_in_levers():
    loaded = {name: load_scenario(name).to_dict() for name in list_scenarios()}
    for a, b in itertools.combinations(loaded, 2):
        differ = {k for k in PARAMS if loaded[a][k] != loaded[b][k]}
        assert differ <= set(POLICY_NAMES), (a, b, differ - set(POLICY_NAMES))
    # the same budget everywhere (before any cut)
    assert len({v["budget_per_citizen"] for v in loaded.values()}) == 1
    assert len({v["professionals_per_1000"] for v in loaded.values()}) == 1


def test_headline_scenarios_have_no_cut():
    for name in HEADLINE:
        assert load_scenario(name).funding_cut_week == -1


# ---------------------------------------------------------------- scenario files ----
def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_file_extending_a_named_scenario(tmp_path):
    f = write(
        tmp_path / "mine.toml",
        'name = "mine"\ndescription = "x"\nextends = "co_produced"\n\n[params]\ninfluence = 0.3\n',
    )
    scen = load_scenario_file(str(f))
    assert scen.name == "mine"
    assert scen.params.influence == 0.3
    assert scen.params.co_design == 0.8
    assert scen.source == str(f)


def test_file_extending_a_file_by_relative_path(tmp_path, monkeypatch):
    write(
        tmp_path / "sub" / "base.toml",
        'name = "base"\nextends = "timebank"\n[params]\nexchange_hours = 3\n',
    )
    child = write(
        tmp_path / "child.toml",
        'name = "child"\nextends = "sub/base.toml"\n[params]\ncredit_limit = 4\n',
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # relative to the extending file, not the working directory
    scen = load_scenario_file(str(child))
    p = scen.params
    assert (p.credit_limit, p.exchange_hours, p.timebank, p.co_design) == (4, 3, True, 0.8)
    stems = [Path(s).stem for s in scen.chain]
    assert stems == ["child", "base", "timebank", "co_produced", "top_down"]
    assert Path(scen.chain[1]).parent.name == "sub"


def test_file_without_name_takes_its_stem(tmp_path):
    f = write(tmp_path / "anon.toml", "[params]\nco_design = 0.2\n")
    scen = load_scenario_file(str(f))
    assert scen.name == "anon"
    assert scen.params.co_design == 0.2


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ('extends = "no_such_scenario"\n', "no_such_scenario"),
        ("name = [unclosed\n", "malformed TOML"),
        ('name = "x"\nco_design = 0.5\n', "unknown top-level key 'co_design'"),
        ("[params]\n[params.inner]\nx = 1\n", "'inner' is a table"),
        ("[params]\nco_design = 1.5\n", r"'co_design' = 1\.5.*float in \[0, 1\]"),
        ("[params]\nco_desing = 0.5\n", "unknown parameter 'co_desing'.*Did you mean co_design"),
        ("[params]\nreward = 'money'\n", "'reward' = 'money'"),
        ("name = 3\n", "'name' = 3"),
        ("params = 3\n", "'params' must be a table"),
        ("[params]\nneed_met_threshold = 0.9\n", "'need_met_threshold' = 0.9"),
    ],
)
def test_bad_file_names_the_file(tmp_path, text, pattern):
    f = write(tmp_path / "bad.toml", text)
    with pytest.raises(InputError) as exc:
        load_scenario_file(str(f))
    msg = str(exc.value)
    assert str(f) in msg
    assert re.search(pattern, msg), msg


def test_bad_value_in_a_base_file_names_that_file(tmp_path):
    base = write(tmp_path / "base.toml", "[params]\nco_design = 7\n")
    child = write(tmp_path / "child.toml", 'extends = "base.toml"\n')
    with pytest.raises(InputError) as exc:
        load_scenario_file(str(child))
    assert str(base) in str(exc.value) and "'co_design' = 7" in str(exc.value)


def test_extends_cycle(tmp_path):
    a = write(tmp_path / "a.toml", 'name = "a"\nextends = "b.toml"\n')
    write(tmp_path / "b.toml", 'name = "b"\nextends = "a.toml"\n')
    with pytest.raises(InputError, match="cycle") as exc:
        load_scenario_file(str(a))
    assert str(a) in str(exc.value)


def test_self_extension_is_a_cycle(tmp_path):
    a = write(tmp_path / "self.toml", 'extends = "self.toml"\n')
    with pytest.raises(InputError, match="cycle"):
        load_scenario_file(str(a))


def test_extends_cycle_through_parent_directory(tmp_path, monkeypatch):
    write(tmp_path / "x" / "a.toml", 'extends = "../x/b.toml"\n')
    write(tmp_path / "x" / "b.toml", 'extends = "../x/a.toml"\n')
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="cycle"):
        load_scenario_file("x/a.toml")


def test_unknown_scenario_lists_the_named_ones():
    with pytest.raises(InputError) as exc:
        load_scenario("no_such_scenario")
    assert "no_such_scenario" in str(exc.value)
    assert "co_produced" in str(exc.value)


def test_missing_file_path():
    with pytest.raises(InputError, match="missing.toml"):
        load_scenario("some/dir/missing.toml")


# ---------------------------------------------------------------- to_toml -----------
@pytest.mark.parametrize("only_changed", [False, True])
def test_to_toml_round_trips(tmp_path, only_changed):
    original = load_scenario("timebank", n_citizens=777, cash_per_hour=7.25, exchange_hours=3)
    text = to_toml(original, 'my "quoted" run', "a\\b", only_changed=only_changed)
    f = write(tmp_path / "out.toml", text)
    scen = load_scenario_file(str(f))
    assert scen.params == original
    assert scen.name == 'my "quoted" run'
    assert scen.description == "a\\b"
    if only_changed:
        assert "n_citizens = 777" in text and "co_commissioning" in text
        assert "mean_degree" not in text  # left at its default


def test_to_toml_keeps_floats_exact(tmp_path):
    original = make_params({"co_design": 0.1 + 0.2, "rewiring": 1e-7})
    f = write(tmp_path / "exact.toml", to_toml(original, "exact"))
    assert load_scenario(str(f)) == original


# ---------------------------------------------------------------- properties --------
#: Keys with joint constraints: tested above, left out of the one-key-at-a-time properties.
JOINT = {
    "share_age_16_34", "share_age_35_54", "share_age_55_74", "share_conditional",
    "share_free_rider", "mean_degree", "n_citizens", "need_met_threshold", "crisis_threshold",
    "share_wimd_1", "share_wimd_2", "share_wimd_3", "share_wimd_4",
}  # fmt: skip
FREE = sorted(set(PARAMS) - JOINT)
SCHEDULES = (
    "",
    "co_design step 10 0.5",
    "influence ramp 0 52 0.2 0.8; budget_per_citizen step 104 1000",
    "prevention_share points 0:0.05 52:0.1 104:0.2",
)
RANGED = sorted(k for k in PARAMS if PARAMS[k].kind in (int, float))


def in_range(name: str):
    p = PARAMS[name]
    if p.kind is bool:
        return st.booleans()
    if p.kind is str and p.choices is None:  # the lever schedule: valid texts of each form
        return st.sampled_from(SCHEDULES)
    if p.kind is str:
        return st.sampled_from(p.choices)
    ints = st.integers(math.ceil(p.low), math.floor(p.high))
    if p.kind is int:
        return ints
    floats = st.floats(p.low, p.high, allow_nan=False)
    return st.one_of(floats, ints) if math.ceil(p.low) <= math.floor(p.high) else floats


@st.composite
def valid_settings(draw):
    keys = draw(st.lists(st.sampled_from(FREE), min_size=1, max_size=8, unique=True))
    return {k: draw(in_range(k)) for k in keys}


@settings(max_examples=150, deadline=None)
@given(values=valid_settings())
def test_in_range_values_are_accepted(values):
    p = make_params(values)
    for key, value in values.items():
        got = getattr(p, key)
        assert got == value and type(got) is PARAMS[key].kind


@st.composite
def joint_settings(draw):
    a = draw(st.floats(0, 1))
    b = draw(st.floats(0, 1 - a))
    c = draw(st.floats(0, max(0.0, 1 - a - b)))
    cond = draw(st.floats(0, 1))
    free = draw(st.floats(0, 1 - cond))
    n = draw(st.integers(10, 100_000))
    k = draw(st.integers(2, min(50, n - 1)))
    crisis = draw(st.floats(0, 1))
    met = draw(st.floats(0, crisis))
    wimd, left = {}, 1.0
    for q in (1, 2, 3, 4):
        wimd[f"share_wimd_{q}"] = draw(st.floats(0, left))
        left = max(0.0, left - wimd[f"share_wimd_{q}"])
    return wimd | {
        "share_age_16_34": a, "share_age_35_54": b, "share_age_55_74": c,
        "share_conditional": cond, "share_free_rider": free, "n_citizens": n,
        "mean_degree": k, "crisis_threshold": crisis, "need_met_threshold": met,
    }  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(values=joint_settings())
def test_values_meeting_joint_constraints_are_accepted(values):
    p = make_params(values)
    assert p.to_dict() == {**DEFAULTS, **values}


@st.composite
def out_of_range(draw):
    key = draw(st.sampled_from(RANGED))
    p = PARAMS[key]
    above = draw(st.booleans())
    if p.kind is int:
        value = draw(st.integers(int(p.high) + 1, int(p.high) + 10**6) if above
                     else st.integers(int(p.low) - 10**6, int(p.low) - 1))  # fmt: skip
    else:
        value = draw(
            st.floats(p.high, 1e12, exclude_min=True) if above
            else st.floats(-1e12, p.low, exclude_max=True)
        )  # fmt: skip
    return key, value


@settings(max_examples=150, deadline=None)
@given(case=out_of_range())
def test_out_of_range_values_are_rejected_by_name(case):
    key, value = case
    with pytest.raises(InputError) as exc:
        make_params({key: value})
    msg = str(exc.value)
    assert f"'{key}'" in msg
    assert repr(value) in msg
    assert PARAMS[key].allowed() in msg


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(sorted(PARAMS)), value=st.one_of(st.text(max_size=5), st.none()))
def test_wrong_types_are_rejected_by_name(key, value):
    p = PARAMS[key]
    if p.kind is str and isinstance(value, str) and (p.choices is None or value in p.choices):
        return  # a valid choice, or free text (a schedule) that its own tests check
    with pytest.raises(InputError, match=re.escape(f"'{key}'")):
        make_params({key: value})
