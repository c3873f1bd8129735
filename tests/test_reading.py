"""Outputs a policy reader reads right: value for money without a ranked ratio, the one
interval rule, running totals, short runs and small runs said to be what they are."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from cli_helpers import coprod
from test_html_report import hand_made_data

from coproduction import indicators as ind
from coproduction.comparison import (
    VFM_ROWS,
    clip_interval,
    period,
    reliability_notes,
    replication_summary,
    summarise,
)
from coproduction.html_report import render, structural_tables, verdict
from coproduction.report import markdown_summary


def reps_frame(values: dict[str, list[float]], scenarios=("a", "b")) -> pd.DataFrame:
    """Per-replication summaries: every indicator 0.5 except ``values`` (scenario b's
    replications), paired by seed with scenario a at the same values minus 0."""
    names = [n for n in ind.NAMES if n != "week"] + list(VFM_ROWS)
    n = len(next(iter(values.values())))
    rows = []
    for scen in scenarios:
        for seed in range(n):
            row = {k: 0.5 for k in names}
            for k, v in values.items():
                row[k] = v[seed] if scen == scenarios[1] else 0.5
            rows.append({"scenario": scen, "replication": seed, "seed": seed, **row})
    return pd.DataFrame(rows)


def test_no_ratio_is_ranked_as_value_for_money():
    """A ratio of cost to wellbeing is negative both when a scenario dominates and when it
    is dominated; ranking it "lower is better" called the worse scenario the best."""
    table = summarise(reps_frame({"wellbeing_mean": [50.0, 51.0, 52.0]}), ["a", "b"])
    assert not table["indicator"].str.contains("icer").any()
    assert set(VFM_ROWS) <= set(table["indicator"])


def test_an_indicator_without_a_better_direction_is_higher_or_lower():
    assert ind.BETTER.get("prevention_cost_week", 0) == 0
    assert verdict(5.0, 2.0, 8.0, "") == ("higher", "neutral")
    assert verdict(-5.0, -8.0, -2.0, "") == ("lower", "neutral")
    assert verdict(5.0, -1.0, 8.0, "")[0] == "no clear difference"
    assert verdict(5.0, 2.0, 8.0, "higher") == ("better", "good")


def test_table_intervals_stay_within_the_possible_range():
    """Two replications at 0.99 and 0.7: a t interval reaches far above 1."""
    table = summarise(reps_frame({"sustainability_index": [0.99, 0.70]}), ["a", "b"])
    row = table[(table["scenario"] == "b") & (table["indicator"] == "sustainability_index")]
    assert row["ci_high"].item() == 1.0 and row["ci_low"].item() >= 0.0
    assert row["diff_ci_high"].item() <= 1.0 and row["diff_ci_low"].item() >= -1.0
    # the figures' bands use the same declared range
    assert ind.bounds("sustainability_index") == (0.0, 1.0)
    assert clip_interval("crisis_rate", -3.0, 5.0) == (0.0, 5.0)
    assert clip_interval("wellbeing_mean", 10.0, 80.0) == (14.0, 70.0)


def test_running_totals_are_their_last_value_not_a_mean():
    weeks = np.arange(0, 105)
    df = pd.DataFrame({n: np.full(len(weeks), 1.0) for n in ind.NAMES if n != "week"})
    df.insert(0, "week", weeks)
    df["cost_cumulative"] = weeks * 10.0
    out = replication_summary(df)
    assert out["cost_cumulative"] == 1040.0
    assert ind.BY_NAME["cost_cumulative"].total and "since week 0" in ind.unit("cost_cumulative")


def test_short_runs_are_not_called_final_year_means():
    assert period(10) == "means over the whole run (weeks 1-10, shorter than a year)"
    assert period(520).startswith("final-year means")
    notes = reliability_notes(10, 10)
    assert any("shorter than a year" in n for n in notes)


def test_small_runs_say_their_intervals_are_unreliable():
    assert reliability_notes(10, 520, 2000) == []
    assert "no intervals" in reliability_notes(1, 520)[0]
    two = reliability_notes(2, 520)[0]
    assert "Only 2 replications" in two and "12.7 standard errors" in two
    assert "Only 300 citizens" in reliability_notes(10, 520, 300)[0]


def test_summary_markdown_warns_and_has_one_value_for_money_section():
    table = summarise(reps_frame({"wellbeing_mean": [50.0, 51.0]}), ["a", "b"])
    info = {
        "replications": 2,
        "weeks": 10,
        "n_citizens": 200,
        "seed": 0,
        "seeds": [0, 1],
        "overrides": {},
        "scenarios": {"a": {"description": "A."}, "b": {"description": "B."}},
    }
    md = markdown_summary(table, ["a", "b"], info)
    assert md.count("Value for money") == 1  # the section; the appraisal is "Money over the run"
    assert len([line for line in md.splitlines() if line.startswith("## Value for money")]) == 1
    assert "**Read with care.**" in md and "Only 2 replications" in md
    assert "Final-year" not in md and "weeks 1-10" in md


def test_structural_switches_with_one_replication_cannot_tell():
    data = hand_made_data()
    st = data.structural.copy()
    st[["diff_ci_low", "diff_ci_high"]] = math.nan
    data = dataclasses.replace(data, structural=st, structural_replications=1)
    ((_, table),) = structural_tables(data)
    judged = [row[-1].mark for row in table.rows]
    assert judged == ["", "cannot tell"]
    assert all("n/a" not in cell.small for row in table.rows for cell in row)
    assert "cannot tell whether the headline holds" in render(data)


@pytest.mark.parametrize("weeks", [10])
def test_a_short_run_prints_what_its_numbers_are(tmp_path, weeks):
    res = coprod("run", "top_down", "--weeks", weeks, "--set", "n_citizens=200", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "Final-year" not in res.stdout
    assert "Means over the whole run (weeks 1-10, shorter than a year)" in res.stdout


def test_compare_in_the_terminal_warns_about_two_replications(tmp_path):
    res = coprod("compare", "top_down", "co_produced", "--replications", "2", "--weeks", "20",
                 "--set", "n_citizens=200", "--workers", "1", "--out", "cmp",
                 cwd=tmp_path)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "Read with care: Only 2 replications" in res.stdout
    assert "icer" not in res.stdout and "±" not in res.stdout
    # the written summary, with the appraisal after it: one value-for-money section
    md = (tmp_path / "cmp" / "summary.md").read_text(encoding="utf-8")
    assert [line for line in md.splitlines() if line.startswith("## Value for money")] == [
        "## Value for money: spending week by week"
    ]
    assert "## Money over the run" in md and "Only 2 replications" in md


def test_value_for_money_panels_name_per_citizen_or_all_citizens():
    units = {ind.unit(n) for n in ind.EFFECT_AREAS[ind.VFM]}
    assert "GBP" not in units
    assert all("per citizen" in u or "all citizens" in u for u in units if "GBP" in u)


def test_sustainability_does_not_jump_at_year_one_without_spin_up():
    """Participation a year on is 0 by definition before a year has passed; the index
    is undefined then, not low."""
    from coproduction.model import CoproductionModel

    m = CoproductionModel(n_citizens=200, spinup_weeks=0, rng=1, agents=False)
    m.run(weeks=70)
    df = m.indicators_dataframe().set_index("week")
    assert df.loc[1:63, "sustainability_index"].isna().all()
    assert df.loc[64:, "sustainability_index"].notna().all()
    warm = CoproductionModel(n_citizens=200, rng=1, agents=False)
    warm.run(weeks=3)
    assert warm.indicators_dataframe()["sustainability_index"].iloc[1:].notna().all()
