"""Appraisal: discounting, payback and NPV checked by hand on a toy cash flow; costs by
payer sum to the total; the verdict and the equity gradient say what the numbers say."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from coproduction.appraisal import appraise, discount, markdown, payback_week, verdict, year_of
from coproduction.codes import FIFTHS
from coproduction.groups import equity_gradient, equity_markdown
from coproduction.model import CoproductionModel

PARAMS = SimpleNamespace(
    population=0, discount_costs=0.035, discount_health=0.015, ls_per_wemwbs=0.13,
    wellby_value=13_000.0,
)  # fmt: skip
WEEKS = np.arange(1, 3 * 52 + 1)


def _toy(extra_la: float = 0.0) -> pd.DataFrame:
    """Three years: the change costs the council 100 a week in year 0 and saves the health
    board 60 a week in years 1 and 2; wellbeing is 1 WEMWBS point higher throughout."""
    year = (WEEKS - 1) // 52
    rows = []
    for seed in (1, 2):
        for scen in ("ref", "alt"):
            alt = scen == "alt"
            la = np.where(year == 0, 100.0, 0.0) + extra_la * seed if alt else 0 * WEEKS
            hb = np.where(year > 0, -60.0, 0.0) if alt else 0 * WEEKS
            frame = pd.DataFrame(
                {
                    "scenario": scen,
                    "seed": seed,
                    "week": WEEKS,
                    "cost_local_authority_week": la,
                    "cost_health_board_week": hb,
                    "cost_third_sector_week": 0.0,
                    "citizen_time_value_week": 5.0 * alt,
                    "wellbeing_mean": 50.0 + alt,
                }  # fmt: skip
            )
            rows.append(frame)
    week0 = rows[0].iloc[:1].assign(week=0)  # week 0 (the start) is not appraised
    return pd.concat([week0, *rows], ignore_index=True)


def test_green_book_years_and_factors():
    assert list(year_of(np.array([1, 52, 53, 104, 105]))) == [0, 0, 1, 1, 2]
    np.testing.assert_allclose(discount(np.array([1, 53, 105]), 0.035), [1, 1 / 1.035, 1.035**-2])
    assert payback_week(np.array([5.0, -1.0, -2.0])) == 2  # at or below 0 from week 2 on
    assert payback_week(np.array([5.0, -1.0, 3.0, -1.0])) == 4  # dips back above 0 first
    assert math.isnan(payback_week(np.array([5.0, -1.0, 3.0])))  # above 0 at the end
    assert payback_week(np.array([-1.0, -2.0])) == 0


def test_payback_and_npv_by_hand_for_a_three_year_cash_flow():
    tables = appraise(_toy(), ["ref", "alt"], PARAMS, n_citizens=1, horizons=(3,))
    # by hand: year 0 costs 52 x 100 = 5,200; years 1 and 2 save 52 x 60 = 3,120 each,
    # discounted by 1.035 and 1.035^2
    year1, year2 = 3120 / 1.035, 3120 / 1.035**2
    npv = -5200 + year1 + year2
    assert npv == pytest.approx(727.05, abs=0.01)
    s = tables["summary"].set_index("measure")
    assert s.loc["npv_public", "mean"] == pytest.approx(npv)
    assert s.loc["net_cost_local_authority", "mean"] == pytest.approx(5200)
    assert s.loc["net_cost_health_board", "mean"] == pytest.approx(-(year1 + year2))
    assert s.loc["net_cost_citizens_time", "mean"] == pytest.approx(
        52 * 5 * (1 + 1 / 1.035 + 1.035**-2)
    )
    wellbys = 0.13 * (1 + 1 / 1.015 + 1.015**-2)  # one point-year a year, one person
    assert s.loc["wellbys", "mean"] == pytest.approx(wellbys)
    assert s.loc["nmb", "mean"] == pytest.approx(wellbys * 13_000 + npv)
    # payback: after year 1 the cumulative cost is 5,200 - 3,120/1.035 = 2,185.5; year 2
    # saves 60/1.035^2 = 56.01 a week, so 40 weeks (39.02 rounded up) into year 2
    left = 5200 - year1
    weeks_into = math.ceil(left / (60 / 1.035**2))
    assert weeks_into == 40
    pay = tables["payback"].iloc[0]
    assert pay["payback_years"] == pytest.approx((104 + weeks_into) / 52)
    assert pay["paid_back"] == 2
    curve = tables["jcurve"]
    assert curve["mean"].max() == pytest.approx(5200)  # the bottom of the J, upside down
    assert curve["mean"].iloc[-1] == pytest.approx(-npv)


def test_no_payback_is_said_and_population_scales_money():
    tables = appraise(_toy(extra_la=30.0), ["ref", "alt"], PARAMS, n_citizens=1, horizons=(3,))
    pay = tables["payback"].iloc[0]
    assert pay["paid_back"] == 0 and math.isnan(pay["payback_years"])
    text = markdown(tables, PARAMS)
    assert "does not pay back within 3 years" in text
    big = SimpleNamespace(**{**vars(PARAMS), "population": 1000})
    scaled = appraise(_toy(), ["ref", "alt"], big, n_citizens=10, horizons=(3,))
    one = appraise(_toy(), ["ref", "alt"], PARAMS, n_citizens=1, horizons=(3,))
    a = scaled["summary"].set_index("measure")["mean"]
    b = one["summary"].set_index("measure")["mean"]
    # per-citizen costs x 100 (1,000 people from 10 simulated), wellbeing per person x 1,000
    assert a["npv_public"] == pytest.approx(100 * b["npv_public"])
    assert a["wellbys"] == pytest.approx(1000 * b["wellbys"])


def test_horizons_longer_than_the_run_are_left_out_and_the_whole_run_is_one():
    tables = appraise(_toy(), ["ref", "alt"], PARAMS, n_citizens=1)
    # a 3-year run: no 5, 10 or 20-year horizon, but the whole run is appraised
    assert set(tables["summary"]["horizon_years"]) == {3.0}
    md = markdown(tables, PARAMS)
    assert "whole run (3 years)" in md and "Over the whole run (3 years) it" in md
    assert "per resident, net public cost" in md
    long = appraise(_toy(), ["ref", "alt"], PARAMS, n_citizens=1, horizons=(1, 2))
    assert set(long["summary"]["horizon_years"]) == {1.0, 2.0, 3.0}


def test_a_ratio_is_given_only_for_a_clear_trade_off_with_the_net_benefit_beside_it():
    def rows(cost, gain):
        r = _rows(cost, gain, (1, -1, 3))
        value = pd.DataFrame({"mean": [13_000 * gain[0]], "ci_low": [0.0], "ci_high": [0.0]},
                             index=["wellbeing_value"])  # fmt: skip
        return pd.concat([r, value])

    trade = verdict(rows((26_000, 20_000, 30_000), (4, 2, 6)))
    assert "at £6,500 of public money per WELLBY gained" in trade
    assert "a WELLBY is valued at £13,000" in trade and "net monetary benefit" in trade
    saving = verdict(rows((-26_000, -30_000, -20_000), (-4, -6, -2)))
    assert "saving £6,500 of public money per WELLBY lost" in saving
    # dominance and noise: no ratio (a negative ratio would read as good value)
    assert "per WELLBY" not in verdict(rows((-5, -8, -2), (3, 1, 5)))
    assert "per WELLBY" not in verdict(rows((5, 2, 8), (3, -1, 5)))


def _rows(cost, gain, nmb):
    return pd.DataFrame(
        {"mean": [cost[0], gain[0], nmb[0]], "ci_low": [cost[1], gain[1], nmb[1]],
         "ci_high": [cost[2], gain[2], nmb[2]]},
        index=["net_cost_public", "wellbys", "nmb"],
    )  # fmt: skip


def test_verdict_says_dominance_and_noise_in_words():
    dom = verdict(_rows((-5, -8, -2), (3, 1, 5), (9, 4, 14)))
    assert dom.startswith("dominates the reference") and "worth its cost" in dom
    worse = verdict(_rows((5, 2, 8), (-3, -5, -1), (-9, -14, -4)))
    assert worse.startswith("is dominated") and "not worth its cost" in worse
    noisy = verdict(_rows((5, 2, 8), (1, -1, 3), (2, -3, 7)))
    assert "costs more" in noisy and "within noise" in noisy and "spans 0" in noisy


@pytest.mark.parametrize("scenario", ["co_produced", "phased_co_production"])
def test_costs_by_payer_sum_to_the_total(scenario):
    m = CoproductionModel.from_scenario(scenario, n_citizens=400, rng=5)
    m.run(60)
    df = m.indicators_dataframe()
    payers = df[["cost_local_authority_week", "cost_health_board_week", "cost_third_sector_week"]]
    total = df["cost_per_citizen_week"] * 400  # payers' costs are the community's totals
    np.testing.assert_allclose(payers.sum(axis=1), total, rtol=1e-9, atol=1e-9)
    assert (df["cost_health_board_week"] > 0).any()
    assert (df["setup_cost_week"] >= 0).all()


def test_a_ramp_pays_set_up_costs_while_levers_move():
    m = CoproductionModel.from_scenario("phased_co_production", n_citizens=300, rng=2)
    m.run(150)
    df = m.indicators_dataframe().set_index("week")
    assert (df.loc[1:104, "setup_cost_week"] > 0).any()  # the ramp is under way
    assert (df.loc[130:, "setup_cost_week"] == 0).all()  # levers settled: no set-up cost


def _groups(most_gain: float, least_gain: float) -> pd.DataFrame:
    rows = []
    for seed in range(4):
        noise = 0.01 * seed
        for scen, mult in (("ref", 0.0), ("alt", 1.0)):
            for label, gain in ((FIFTHS[0], most_gain), (FIFTHS[-1], least_gain)):
                rows.append(
                    {
                        "group_kind": "deprivation fifth",
                        "group": label,
                        "scenario": scen,
                        "seed": seed,
                        "wellbeing": 40 + mult * gain + noise,
                        "needs_met": 0.5,
                        "crises_last_year": 0.1,
                        "participating": 0.2,
                        "isolated": 0.1,
                        "left_out": 0.1,
                    }  # fmt: skip
                )
    return pd.DataFrame(rows)


def test_equity_gradient_says_when_the_gap_widens():
    grad = equity_gradient(_groups(most_gain=0.5, least_gain=2.0), ["ref", "alt"])
    w = grad.set_index("outcome").loc["wellbeing"]
    assert w["gradient"] == pytest.approx(-1.5)
    assert w["widens"] is True or w["widens"] == True  # noqa: E712 (numpy bool)
    assert "**widens**" in equity_markdown(grad)
    grad = equity_gradient(_groups(most_gain=2.0, least_gain=0.5), ["ref", "alt"])
    assert not grad.set_index("outcome").loc["wellbeing", "widens"]
    flat = grad.set_index("outcome").loc["needs_met"]
    assert flat["gradient"] == 0
