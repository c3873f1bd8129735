"""Calibration by ABC-SMC (coproduction.calibration): recovers a known parameter from data
the model made, resumes a stopped run, and refuses what it cannot fit."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from coproduction import calibration as cb
from coproduction import targets as tg
from coproduction.cli import main
from coproduction.errors import InputError

pytest.importorskip("pyabc")

TRUTH = 47.0
#: A short spin-up keeps each toy run to a fraction of a second. (The crisis hazard is
#: a poor toy: the crisis rate is held down by the inflow of need above the threshold,
#: so it barely identifies the hazard; the shipped calibration shows the same.)
TOY = {
    "name": "toy",
    "parameters": {"wemwbs_mean": (44.0, 54.0)},
    "targets": ("wemwbs_mean",),
    "n_citizens": 500,
    "particles": 20,
    "min_epsilon": 0.0,
    "overrides": {"spinup_weeks": 26},
}


def made_by_the_model(cal: cb.Calibration) -> dict[str, float]:
    """The mean wellbeing the model gives at the true initial mean, after its own drift
    (mean of four seeds)."""
    sim = cb.Simulator(cal)
    np.random.seed(99)  # noqa: NPY002 - the simulator draws its seeds as pyabc does
    runs = [sim({"wemwbs_mean": TRUTH})["wemwbs_mean"] for _ in range(4)]
    return {"wemwbs_mean": float(np.mean(runs))}


def test_recovers_a_known_parameter_from_data_the_model_made(tmp_path):
    cal = cb.Calibration(**TOY, generations=3)
    summary = cb.run(cal, tmp_path, observed_values=made_by_the_model(cal), seed=1)
    ens = pd.read_csv(tmp_path / "ensemble.csv")
    assert summary["members"] == len(ens) == cal.particles
    assert ens["weight"].sum() == pytest.approx(1.0)
    mean = cb.weighted_mean(ens, "wemwbs_mean")
    w = ens["weight"].to_numpy()
    sd = math.sqrt(float(np.sum(w * (ens["wemwbs_mean"] - mean) ** 2)))
    prior_sd = 10 / math.sqrt(12)
    assert abs(mean - TRUTH) < 0.8, (mean, sd)
    assert sd < 0.6 * prior_sd  # the data narrowed the prior
    diag = pd.read_csv(tmp_path / "diagnostics.csv")
    assert list(diag["generation"]) == [0, 1, 2]
    assert diag["epsilon"].is_monotonic_decreasing
    assert (diag["ess"] > 1).all() and (diag["acceptance_rate"] <= 1).all()
    # every member records the targets it meets
    target = tg.BY_KEY["wemwbs_mean"]
    z = (ens["model_wemwbs_mean"] - target.value) / target.uncertainty
    assert np.allclose(z, ens["z_wemwbs_mean"]) and (ens["met_wemwbs_mean"] == (z.abs() <= 2)).all()


def test_a_stopped_calibration_resumes_from_its_last_generation(tmp_path):
    obs = {"wemwbs_mean": 48.0}
    first = cb.run(cb.Calibration(**TOY, generations=1), tmp_path, observed_values=obs, seed=2)
    gen0 = pd.read_csv(tmp_path / "diagnostics.csv")
    assert first["generations"] == 1
    again = cb.run(cb.Calibration(**TOY, generations=2), tmp_path, observed_values=obs, seed=3)
    diag = pd.read_csv(tmp_path / "diagnostics.csv")
    assert again["generations"] == 2 and list(diag["generation"]) == [0, 1]
    pd.testing.assert_frame_equal(diag.iloc[:1].drop(columns="wall_s"), gen0.drop(columns="wall_s"))
    # nothing left to do: the same command changes nothing
    done = cb.run(cb.Calibration(**TOY, generations=2), tmp_path, observed_values=obs, seed=4)
    assert done["evaluations"] == again["evaluations"]


def test_the_distance_is_in_target_standard_deviations():
    cal = cb.Calibration(**{**TOY, "targets": ("crisis_rate", "wemwbs_mean")})
    obs = cb.observed(cal)
    d = cb.distance(cal)
    assert d(obs, obs) == 0
    off = {**obs, "crisis_rate": obs["crisis_rate"] + 2 * tg.BY_KEY["crisis_rate"].uncertainty}
    assert d(off, obs) == pytest.approx(math.sqrt(4 / 2))
    assert d({**obs, "wemwbs_mean": math.nan}, obs) == math.inf


@pytest.mark.parametrize(
    "change, message",
    [
        ({"parameters": {"co_design": (0.0, 1.0)}}, "policy lever"),
        ({"parameters": {"vacancy_weeks": (4.0, 20.0)}}, "only float"),
        ({"parameters": {"crisis_hazard_max": (0.5, 0.2)}}, "low < high"),
        ({"parameters": {"crisis_hazard_max": (0.5, 3.0)}}, "crisis_hazard_max"),
        ({"parameters": {"no_such": (0.0, 1.0)}}, "not a model parameter"),
        ({"targets": ("wellbeing_deprivation_gap",)}, "held-out validation"),
        ({"targets": ("nothing",)}, "not a target"),
        ({"particles": 1}, "particles"),
    ],
)
def test_what_cannot_be_fitted_is_refused(change, message):
    with pytest.raises(InputError, match=message):
        cb.Calibration(**{**TOY, **change})


def test_calibration_files(tmp_path):
    shipped = cb.load("calibrate_wales")
    assert set(shipped.targets) == {t.key for t in tg.of_role(tg.CALIBRATION)}
    assert shipped.particles >= 100
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nparticle = 5\n[parameters]\ncrisis_hazard_max = [0.2, 0.9]\n')
    with pytest.raises(InputError, match="unknown keys particle"):
        cb.load(bad)
    assert main(["calibrate", str(tmp_path / "missing.toml"), "--quiet"]) == 2
