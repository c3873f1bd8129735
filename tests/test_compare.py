"""Scenario comparison: statistics by hand, pairing by seed, and the Python API."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from coproduction import compare
from coproduction.comparison import (
    discount_factors,
    final_year,
    replication_summary,
    run_one,
    summarise,
    t_interval,
)


def test_t_interval_by_hand():
    # mean 2, sd 1, n 3: half-width t(0.975, 2) * 1 / sqrt(3) = 4.302653 / 1.732051 = 2.484138
    mean, sd, lo, hi = t_interval(np.array([1.0, 2.0, 3.0]))
    assert (mean, sd) == (2.0, 1.0)
    assert lo == pytest.approx(2 - 2.484138, abs=1e-6)
    assert hi == pytest.approx(2 + 2.484138, abs=1e-6)
    # NaN values are left out; a single value has no interval
    assert t_interval(np.array([5.0, math.nan]))[0] == 5.0
    assert math.isnan(t_interval(np.array([5.0]))[2])
    assert all(math.isnan(x) for x in t_interval(np.array([math.nan])))


def test_discount_factors_by_hand():
    # 3.5% a year: week 52 -> 1 / 1.035 = 0.966184; week 104 -> 1 / 1.071225 = 0.933511
    assert discount_factors([0, 52, 104]) == pytest.approx([1.0, 0.966184, 0.933511], abs=1e-6)


def test_final_year_is_the_last_52_weeks_after_week_0():
    df = pd.DataFrame({"week": np.arange(0, 61), "x": np.arange(0, 61, dtype=float)})
    fy = final_year(df)
    assert fy["week"].tolist() == list(range(9, 61))
    short = pd.DataFrame({"week": np.arange(0, 5), "x": np.ones(5)})
    assert final_year(short)["week"].tolist() == [1, 2, 3, 4]


def test_paired_differences_by_hand():
    # two scenarios, seeds 0-2; B - A per seed = 1, 2, 3 -> mean 2, interval 2 +- 2.484138
    rows = []
    for seed, (a, b) in enumerate([(10.0, 11.0), (20.0, 22.0), (30.0, 33.0)]):
        base = {"wellbeing_mean": a}
        rows.append({"scenario": "A", "replication": seed, "seed": seed, **base})
        rows.append({"scenario": "B", "replication": seed, "seed": seed, "wellbeing_mean": b})
    reps = pd.DataFrame(rows)
    for col in ("cost_total_per_citizen", "cost_total_per_citizen_discounted",
                "wellbeing_years_discounted"):  # fmt: skip
        reps[col] = 1.0
    from coproduction import indicators as ind

    for name in ind.NAMES:
        if name not in reps and name != "week":
            reps[name] = 0.0
    table = summarise(reps, ["A", "B"]).set_index(["scenario", "indicator"])
    b = table.loc[("B", "wellbeing_mean")]
    assert b["mean"] == pytest.approx(22.0)
    assert b["diff"] == pytest.approx(2.0)
    assert b["diff_ci_low"] == pytest.approx(2 - 2.484138, abs=1e-6)
    assert table.loc[("A", "wellbeing_mean")]["diff"] == 0.0


def test_python_compare_matches_single_runs():
    table = compare(["top_down", "co_produced"], replications=2, weeks=20, seed=4,
                    workers=1, n_citizens=150)  # fmt: skip
    assert {"scenario", "indicator", "mean", "ci_low", "ci_high", "diff"} <= set(table.columns)
    # replication 1 of co_produced is seed 5: its summary equals a single run with seed 5
    single = replication_summary(run_one("co_produced", {"n_citizens": 150}, 5, 20))
    single0 = replication_summary(run_one("co_produced", {"n_citizens": 150}, 4, 20))
    row = table.set_index(["scenario", "indicator"]).loc[("co_produced", "wellbeing_mean")]
    assert row["mean"] == pytest.approx((single["wellbeing_mean"] + single0["wellbeing_mean"]) / 2)


def test_compare_is_the_function_even_after_the_module_is_imported():
    import coproduction
    import coproduction.comparison

    assert coproduction.compare is coproduction.comparison.compare
