"""Unit tests of the `crises` phase (crises).

Hand-made states of a few citizens.

Every expected value is a literal worked out by hand (the arithmetic is in the comment
beside it), never recomputed with the model's own formula. Phases that draw random
numbers are tested with parameters that make the outcome certain, or on what holds
whatever the draws.
"""

from __future__ import annotations

import numpy as np
import pytest
from handmade import REL, params, tiny_state

from coproduction.codes import Disposition
from coproduction.indicators import Observer
from coproduction.mechanisms.crises import crises, crisis_hazard
from coproduction.mechanisms.records import records
from coproduction.state import NEVER

CC, FR, UC = Disposition  # conditional cooperator, free rider, unconditional contributor


def approx(values):
    return pytest.approx(values, rel=REL, abs=1e-6)


def observe(s, p, rng) -> dict[str, float]:
    """The records phase, then every indicator (all citizens in the clustering sample)."""
    records(s, p, rng)
    return Observer(np.arange(s.citizens.n)).observe(s, p)


CRISIS = {"crisis_threshold": 0.6, "need_met_threshold": 0.3, "crisis_hazard_max": 0.1,
          "avoidable_share": 0.4, "prevention_protection": 0.5,
          "continuity_protection": 0.5}  # fmt: skip


@pytest.mark.parametrize(
    ("need", "prevention", "continuity", "expected"),
    [
        # 0.1 * (0.2 / 0.4) ** 2 * (0.6 + 0.4 * (1 - 0.5 * 0.5)) = 0.025 * 0.9
        (0.8, 0.5, 0.0, 0.0225),
        (1.0, 0.0, 0.0, 0.1),  # 0.1 * 1 ** 2: nothing avoided
        (0.7, 0.0, 0.0, 0.00625),  # 0.1 * (0.1 / 0.4) ** 2
        (0.6, 0.0, 0.0, 0.0),  # at the threshold
        (0.3, 1.0, 1.0, 0.0),  # below it
        (1.0, 1.0, 0.0, 0.08),  # 0.1 * (0.6 + 0.4 * 0.5): only the avoidable part falls
        (1.0, 0.0, 1.0, 0.08),  # continuity acts on the same part
        (1.0, 1.0, 1.0, 0.07),  # 0.1 * (0.6 + 0.4 * 0.5 * 0.5)
    ],
)
def test_crisis_hazard(need, prevention, continuity, expected):
    p = params(**CRISIS)
    arr = [np.array([x], np.float32) for x in (need, prevention, continuity)]
    h = crisis_hazard(*arr, p)
    assert float(h[0]) == pytest.approx(expected, rel=REL, abs=1e-9)


def test_no_prevention_or_continuity_reaches_the_unavoidable_part():
    p = params(**{**CRISIS, "prevention_protection": 1.0, "continuity_protection": 1.0})
    one = np.array([1.0], np.float32)
    assert float(crisis_hazard(one, one, one, p)[0]) == pytest.approx(0.06)  # 0.1 * 0.6


def test_crises_certain_and_impossible(rng):
    # hazard max 1 at need 1: certain for citizen 0; citizen 3 is fully protected
    # (protection 1 x prevention_recent 1); need at or below the threshold: hazard 0
    p = params(
        crisis_threshold=0.5, need_met_threshold=0.3, crisis_hazard_max=1.0,
        avoidable_share=1.0, prevention_protection=1.0, crisis_need_reset=0.4,
        crisis_unit_cost=3000.0,
    )  # fmt: skip
    s = tiny_state(p, need=[1.0, 0.5, 0.2, 1.0], prevention_recent=[0, 0, 0, 1], week=7)
    crises(s, p, rng)
    assert s.wk.crisis.tolist() == [True, False, False, False]
    assert s.citizens.need == approx([0.6, 0.5, 0.2, 1.0])  # 1.0 * (1 - 0.4)
    assert s.citizens.last_crisis.tolist() == [7, NEVER, NEVER, NEVER]
    assert s.flows.crises == 1.0
    assert s.flows.crisis_cost == pytest.approx(3000.0)
