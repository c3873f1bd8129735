"""Lever schedules (coproduction.schedule, the ``schedule`` parameter, [schedule] tables)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coproduction import CoproductionModel
from coproduction.errors import InputError
from coproduction.params import make_params, parse_schedule
from coproduction.scenarios import load_scenario_file, to_toml

SMALL = dict(n_citizens=300, agents=False, spinup_weeks=52)
CO_PRODUCED = {
    "co_commissioning": 0.7,
    "co_design": 0.8,
    "co_delivery": 0.8,
    "co_evaluation": 0.7,
    "influence": 0.8,
    "prevention_share": 0.3,
    "relational_time": 0.6,
}


def frame(scenario, weeks, seed=3, **overrides):
    model = CoproductionModel.from_scenario(scenario, rng=seed, **SMALL, **overrides)
    return model.run(weeks).indicators_dataframe()


def test_a_step_at_week_0_is_the_constant_scenario():
    steps = "; ".join(f"{k} step 0 {v}" for k, v in CO_PRODUCED.items())
    assert frame("top_down", 30, schedule=steps).equals(frame("co_produced", 30))


def test_before_its_first_change_a_scheduled_run_is_the_reference_run_bit_for_bit():
    ref = frame("top_down", 30)
    stepped = frame("top_down", 30, schedule="co_design step 20 0.8; influence step 25 0.9")
    # rows are weeks 0..30; the step is in force from week 20
    assert stepped.iloc[:20].equals(ref.iloc[:20])
    assert not stepped.iloc[20:].equals(ref.iloc[20:])


def test_a_ramp_is_linear_in_the_lever_and_held_after():
    model = CoproductionModel.from_scenario("phased_co_production", rng=0, **SMALL)
    for key, target in CO_PRODUCED.items():
        start = getattr(model.params, key)
        for week in (0, 13, 52, 91, 104):
            expected = start + (target - start) * week / 104
            assert getattr(model.params_at(week), key) == pytest.approx(expected, abs=1e-12)
        assert getattr(model.params_at(400), key) == target
    # the run's own parameters are the scenario's, not those of a week
    assert model.params.co_design == 0.0


def test_the_phased_variants_ramp_over_one_two_and_four_years():
    ends = {}
    for name in ("phased_co_production_fast", "phased_co_production", "phased_co_production_slow"):
        sched = load_scenario_file(name).schedule
        ends[name] = sched.constant_from()
    assert list(ends.values()) == [52, 104, 208]


def test_the_funding_cut_is_a_step_of_the_budget():
    cut = frame("co_produced_cut", 220, seed=5)
    stepped = frame("co_produced", 220, seed=5, schedule="budget_per_citizen step 156 550")
    assert stepped.equals(cut)
    assert stepped["activity_retention"].notna().any()


def test_points_are_linear_for_numbers_and_held_for_yes_no_levers():
    s = parse_schedule("influence points 10:0.2 20:0.6; timebank points 5:true 15:false")
    base = make_params().to_dict()
    assert s.values_at(0, base)["influence"] == base["influence"]
    assert s.values_at(15, base)["influence"] == pytest.approx(0.4)
    assert s.values_at(99, base)["influence"] == 0.6
    assert [s.values_at(w, base)["timebank"] for w in (4, 5, 14, 15)] == [
        False,
        True,
        True,
        False,
    ]


def test_text_and_table_forms_agree_and_round_trip(tmp_path):
    text = (
        "co_design ramp 0 104 0.8; co_delivery ramp 52 156 0.2 0.8; budget_per_citizen step 104 900"
    )
    assert parse_schedule(text).text() == text
    (tmp_path / "s.toml").write_text(
        'name = "s"\nextends = "top_down"\n[schedule]\n'
        "co_design = { ramp = [0, 104], to = 0.8 }\n"
        "co_delivery = { ramp = [52, 156], from = 0.2, to = 0.8 }\n"
        "budget_per_citizen = { step = 104, to = 900 }\n"
    )
    scen = load_scenario_file(str(tmp_path / "s.toml"))
    assert scen.params.schedule == text
    (tmp_path / "again.toml").write_text(to_toml(scen.params, "again"))
    assert load_scenario_file(str(tmp_path / "again.toml")).params == scen.params


def test_a_scenario_replaces_the_schedule_it_extends_lever_by_lever(tmp_path):
    (tmp_path / "s.toml").write_text(
        'name = "s"\nextends = "phased_co_production"\n[schedule]\n'
        "co_design = { step = 10, to = 0.5 }\n"
    )
    entries = {e.key: e for e in load_scenario_file(str(tmp_path / "s.toml")).schedule.entries}
    assert entries["co_design"].shape == "step"
    assert entries["co_delivery"].shape == "ramp"
    assert len(entries) == 7


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("co_design step 70000 0.5", ["co_design", "70000", "[0, 65535]"]),
        ("co_design step 10 1.5", ["co_design", "week 10", "1.5", "[0, 1]"]),
        ("co_design ramp 104 52 0.8", ["co_design", "[104, 52]", "increase"]),
        ("timebank ramp 0 52 true", ["timebank", "'step' or take 'points'"]),
        ("n_citizens step 5 400", ["n_citizens", "cannot be scheduled"]),
        ("co_desgn step 5 0.4", ["co_desgn", "Did you mean co_design"]),
        ("co_design jump 5 0.4", ["jump", "step, ramp, points"]),
        ("co_design step 5", ["co_design step 5", "a week and a value"]),
        ("co_design step 5 0.4; co_design step 9 0.6", ["twice"]),
    ],
)
def test_bad_schedules_are_refused_naming_the_lever_week_or_value(text, words):
    with pytest.raises(InputError) as err:
        make_params({"schedule": text}, source="where.toml")
    for word in words + ["where.toml"]:
        assert word in str(err.value)


def test_a_bad_schedule_in_a_file_or_on_the_command_line_exits_2_naming_it(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n[schedule]\nco_design = { step = -4, to = 0.5 }\n')
    out = tmp_path / "out"
    cases = (
        (["run", str(bad)], ["co_design", "-4", "bad.toml"]),
        (["run", "top_down", "--set", "schedule=influence step 3 2"], ["influence", "week 3", "2"]),
    )
    for args, words in cases:
        proc = subprocess.run(
            [sys.executable, "-m", "coproduction.cli", *args, "--weeks", "2", "--out", str(out)],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 2, proc.stderr
        for word in words:
            assert word in proc.stderr
        assert not out.exists()


def test_scenarios_show_prints_the_schedule_week_by_week():
    proc = subprocess.run(
        [sys.executable, "-m", "coproduction.cli", "scenarios", "show", "phased_co_production"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "# co_design: from 0 at week 0 linearly to 0.8 at week 104, held after" in proc.stdout
