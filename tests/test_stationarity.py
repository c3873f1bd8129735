"""The reference run is stationary from week 0: every run is spun up under the reference
levers first (``spinup_weeks``), so a comparison shows the policy's effect, not the drift
of the reference (see ``coproduction.stationarity`` for the definition)."""

from __future__ import annotations

from coproduction.stationarity import CHECKED, TOLERANCE, measure


def test_top_down_is_stationary_from_week_0():
    # 20 seeds of 20,000 citizens: the sampling error of each year's mean is well below
    # the 2% tolerance (about 0.5% for the leaving hazard, the noisiest)
    table = measure("top_down", range(20), 520, {"n_citizens": 20_000}, workers=2)
    checked = table[table["checked"]].set_index("measure")
    assert list(checked.index) == list(CHECKED)
    assert (checked["change"].abs() < TOLERANCE).all(), checked[["year_1", "last_year", "change"]]


def test_without_the_spin_up_the_reference_drifts():
    table = measure("top_down", range(3), 260, {"n_citizens": 5000, "spinup_weeks": 0}, workers=1)
    need = table.set_index("measure").loc["need_mean"]
    assert abs(need["change"]) > 5 * TOLERANCE  # the drawn start is far from stationary
