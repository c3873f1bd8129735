"""Runs over the calibrated ensemble and the answers read from them (coproduction.ensemble,
comparison.ensemble_differences, coproduction.uncertainty)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from cli_helpers import PNG_MAGIC, coprod

from coproduction import compare
from coproduction.comparison import ensemble_differences, resolve_uncertainty, run_replications
from coproduction.ensemble import SHIPPED, check_overrides, draw, load
from coproduction.errors import InputError
from coproduction.uncertainty import (
    acceptability,
    evppi,
    evppi_value,
    lambda_grid,
    nmb_options,
    payback,
)

TOY = {"n_citizens": 150}
WEEKS = 12


@pytest.fixture(scope="module")
def ens():
    return load(SHIPPED)


def params_of(model, spec):
    """Extractor: the indicator table and the model's values of the ensemble's
    parameters, so a test reads back what each run really used."""
    ens = load(SHIPPED)
    used = pd.DataFrame([{k: getattr(model.params, k) for k in ens.parameters}])
    return model.indicators_dataframe(), used


# --- the ensemble ------------------------------------------------------------------------


def test_shipped_ensemble_has_at_least_100_members_with_weights(ens):
    assert len(ens) >= 100
    assert ens.place == "wales"
    assert set(ens.parameters) >= {"crisis_hazard_max", "wemwbs_mean"}
    assert (ens.table["weight"] >= 0).all() and ens.table["weight"].sum() > 0


def test_draw_is_deterministic_and_follows_the_weights(ens):
    assert draw(ens, 40, seed=3) == draw(ens, 40, seed=3)
    assert draw(ens, 40, seed=3) != draw(ens, 40, seed=4)
    n = 20_000
    counts = np.bincount(draw(ens, n, seed=0), minlength=len(ens)) / n
    w = ens.table["weight"].to_numpy() / ens.table["weight"].sum()
    # systematic resampling: each member's count is within one of n * weight
    assert np.all(np.abs(counts - w) <= 1.0 / n + 1e-12)


def test_bad_ensembles_and_overrides_are_refused(ens, tmp_path):
    with pytest.raises(InputError, match="not a shipped ensemble"):
        load("no_such_ensemble")
    bad = tmp_path / "ensemble.csv"
    ens.table.assign(weight=-1.0).to_csv(bad, index=False)
    with pytest.raises(InputError, match="weights"):
        load(bad)
    with pytest.raises(InputError, match="set by every member"):
        check_overrides(ens, {"wemwbs_mean": 50.0})
    with pytest.raises(InputError, match="needs --uncertainty ensemble"):
        resolve_uncertainty("none", "calibrate_wales")
    with pytest.raises(InputError, match="--uncertainty 'both'"):
        resolve_uncertainty("both")


# --- paired and reproducible comparisons ------------------------------------------------


def test_ensemble_comparison_is_paired_on_member_and_seed(ens):
    kw = dict(weeks=WEEKS, seed=5, overrides=TOY, workers=1, extractor=params_of, ensemble=ens)
    _, reps, info = run_replications(["top_down", "co_produced"], 4, **kw)
    used = info["extra"]
    picks = draw(ens, 4, seed=5)
    assert info["ensemble"]["members"] == picks
    for scen in ("top_down", "co_produced"):
        rows = reps[reps["scenario"] == scen].sort_values("replication")
        assert rows["member"].tolist() == picks
        assert rows["seed"].tolist() == [5, 6, 7, 8]
        got = used[used["scenario"] == scen].sort_values("replication")
        for (_, row), m in zip(got.iterrows(), picks, strict=True):
            for k, v in ens.member(m).items():
                assert row[k] == pytest.approx(v)
    # the same call gives the same numbers
    _, again, _ = run_replications(["top_down", "co_produced"], 4, **kw)
    pd.testing.assert_frame_equal(
        reps.drop(columns=["wall_s"], errors="ignore"),
        again.drop(columns=["wall_s"], errors="ignore"),
    )


def test_python_compare_under_uncertainty_adds_ensemble_columns():
    table = compare(
        ["top_down", "co_produced"], replications=3, weeks=WEEKS, uncertainty="ensemble",
        workers=1, **TOY,
    )  # fmt: skip
    row = table[(table["scenario"] == "co_produced") & (table["indicator"] == "wellbeing_mean")]
    r = row.iloc[0]
    assert r["diff_low"] <= r["diff_ensemble"] <= r["diff_high"]
    assert r["diff_ensemble"] == pytest.approx(r["diff"])
    assert r["p_favours_scenario"] + r["p_favours_reference"] <= 1.0


def test_ensemble_differences_by_hand():
    reps = pd.DataFrame(
        {
            "scenario": ["a"] * 4 + ["b"] * 4,
            "seed": [0, 1, 2, 3] * 2,
            "wellbeing_mean": [50, 50, 50, 50, 51, 49, 52, 50],
            "cost_per_citizen_week": [10, 10, 10, 10, 9, 9, 11, 9],
        }
    )
    d = ensemble_differences(reps, ["a", "b"]).set_index("indicator")
    wb, cost = d.loc["wellbeing_mean"], d.loc["cost_per_citizen_week"]
    assert wb["diff"] == pytest.approx(0.5)
    assert wb["p_favours_scenario"] == 0.5 and wb["p_favours_reference"] == 0.25
    # lower cost is better: three of four cost less
    assert cost["p_favours_scenario"] == 0.75 and cost["p_favours_reference"] == 0.25
    assert wb["diff_low"] == pytest.approx(np.quantile([1, -1, 2, 0], 0.025))


# --- acceptability, payback, EVPPI -------------------------------------------------------


def synthetic_appraisal(n=200, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for scen, shift in (("s1", 0.0), ("s2", 3e5)):
        rows.append(
            pd.DataFrame(
                {
                    "scenario": scen,
                    "seed": np.arange(n),
                    "wellbys": rng.normal(40, 15, n),
                    "net_cost_public": rng.normal(2e5 + shift, 3e5, n),
                    "payback_years": np.where(rng.random(n) < 0.3, np.nan, rng.uniform(1, 9, n)),
                    "horizon_years": 10.0,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def test_acceptability_at_zero_is_the_share_that_costs_less():
    per_rep = synthetic_appraisal()
    curve = acceptability(per_rep, lambda_grid(13_000))
    for scen, g in per_rep.groupby("scenario"):
        at0 = curve[(curve["scenario"] == scen) & (curve["wellby_value"] == 0)]
        assert at0["p_cost_effective"].iloc[0] == (g["net_cost_public"] < 0).mean()
        # more value per WELLBY never lowers the chance when every WELLBY gain is positive
        c = curve[curve["scenario"] == scen]["p_cost_effective"].to_numpy()
        if (g["wellbys"] > 0).all():
            assert np.all(np.diff(c) >= 0)


def test_acceptability_at_zero_on_a_real_comparison(tmp_path):
    out = tmp_path / "u"
    r = coprod(
        "compare", "top_down", "co_produced", "--uncertainty", "ensemble", "--replications",
        "4", "--place", "wales", "--workers", "1", "--set", "n_citizens=150", "--weeks",
        str(WEEKS), "--out", out, "--quiet", cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    curve = pd.read_parquet(out / "uncertainty_acceptability.parquet")
    per = pd.read_parquet(out / "uncertainty_differences.parquet")
    assert set(per["scenario"]) == {"co_produced"}
    reps = pd.read_parquet(out / "replications.parquet")
    assert reps.groupby("seed")["member"].nunique().max() == 1  # one member per seed
    at0 = curve[curve["wellby_value"] == 0]["p_cost_effective"].iloc[0]
    summ = pd.read_parquet(out / "appraisal_summary.parquet")
    assert 0.0 <= at0 <= 1.0 and not summ.empty
    assert (out / "figures" / "acceptability.png").read_bytes()[:8] == PNG_MAGIC
    text = (out / "summary.md").read_text()
    assert "## Under uncertainty" in text and "EVPPI" in text
    # kept in the docs, the tables render as the section of docs/validation.md
    from coproduction.docsgen import render_validation, write_uncertainty

    docs = tmp_path / "docs"
    write_uncertainty(out, docs)
    page = render_validation(docs)
    assert "| co_produced | `wellbeing_mean` (WEMWBS) |" in page
    assert "`all (EVPI)`" in page and "Sobol' indices of the difference not run yet" in page


def test_payback_counts_never_as_later_than_any():
    per_rep = pd.DataFrame(
        {"scenario": "s", "seed": range(4), "payback_years": [1.0, 2.0, np.nan, np.nan],
         "horizon_years": 5.0}
    )  # fmt: skip
    row = payback(per_rep).iloc[0]
    assert row["share_paid_back"] == 0.5
    assert row["payback_median_years"] == 2.0
    assert row["payback_high_years"] == np.inf


def test_evppi_is_near_zero_for_a_parameter_the_outcome_ignores():
    rng = np.random.default_rng(1)
    n = 300
    params = pd.DataFrame({"matters": rng.uniform(0, 1, n), "ignored": rng.uniform(0, 1, n)})
    # the scenario's net benefit crosses 0 with the parameter that matters, plus noise
    nmb = 1e6 * (params["matters"] - 0.5) + rng.normal(0, 2e5, n)
    options = pd.DataFrame({"reference": 0.0, "s": nmb.to_numpy()}, index=params.index)
    table = evppi(params, options, people=100_000, bootstrap=100).set_index("parameter")
    ignored, matters = table.loc["ignored"], table.loc["matters"]
    assert ignored["evppi"] <= 2 * ignored["evppi_se"] + 1e-9
    assert matters["evppi"] > 10 * ignored["evppi"] + 2 * matters["evppi_se"]
    # the truth for the one that matters: E[max(0, 1e6 (u - 1/2))] - max(0, 0) = 1.25e5
    assert matters["evppi"] == pytest.approx(1.25e5, rel=0.2)
    assert table.loc["all (EVPI)", "evppi"] >= matters["evppi"]
    assert matters["evppi_per_1000"] == pytest.approx(matters["evppi"] / 100)


def test_evppi_is_zero_when_one_option_is_best_everywhere():
    x = np.linspace(0, 1, 50)
    nmb = np.column_stack([np.zeros(50), 1e5 + 1e4 * x])
    assert evppi_value(x, nmb) == 0.0


def test_nmb_options_put_the_reference_at_zero():
    per_rep = synthetic_appraisal(n=5)
    opts = nmb_options(per_rep, 13_000)
    assert list(opts.columns) == ["reference", "s1", "s2"]
    assert (opts["reference"] == 0).all()
    s1 = per_rep[per_rep["scenario"] == "s1"].set_index("seed")
    assert opts["s1"].to_numpy() == pytest.approx(
        (13_000 * s1["wellbys"] - s1["net_cost_public"]).to_numpy()
    )


def test_cli_refuses_an_ensemble_without_uncertainty_and_a_set_of_its_parameter(tmp_path):
    r = coprod("compare", "top_down", "co_produced", "--ensemble", "calibrate_wales", cwd=tmp_path)
    assert r.returncode == 2 and "--uncertainty ensemble" in r.stderr
    r = coprod(
        "compare", "top_down", "co_produced", "--uncertainty", "ensemble", "--set",
        "wemwbs_mean=50", cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 2 and "set by every member" in r.stderr
    r = coprod(
        "compare", "top_down", "co_produced", "--uncertainty", "ensemble", "--ensemble",
        "nope", "--out", tmp_path / "x", cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 2 and "not a shipped ensemble" in r.stderr
    assert not (tmp_path / "x").exists()
