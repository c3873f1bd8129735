"""Unit tests of the `shocks` phase (shocks and need drift).

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
from coproduction.mechanisms.records import records
from coproduction.mechanisms.shocks import shocks

CC, FR, UC = Disposition  # conditional cooperator, free rider, unconditional contributor


def approx(values):
    return pytest.approx(values, rel=REL, abs=1e-6)


def observe(s, p, rng) -> dict[str, float]:
    """The records phase, then every indicator (all citizens in the clustering sample)."""
    records(s, p, rng)
    return Observer(np.arange(s.citizens.n)).observe(s, p)


def test_shocks_recovery_and_drift_without_shocks(rng):
    p = params(shock_prob=0.0, natural_recovery=0.1, need_drift=0.01, shock_age_ratio=8.0)
    s = tiny_state(p, need=[0.5, 0.2, 0.0, 1.0])  # all aged 16-34: multiplier 1
    shocks(s, p, rng)
    assert s.citizens.need == approx(
        [
            0.46,  # 0.5 * 0.9 + 0.01
            0.19,  # 0.2 * 0.9 + 0.01
            0.01,  # 0.0 * 0.9 + 0.01
            0.91,  # 1.0 * 0.9 + 0.01
        ]
    )
    assert s.flows.shocks == 0


def test_shocks_drift_scales_with_age_band(rng):
    # shock_age_ratio 8: multipliers 8 ** (band / 3) = 1, 2, 4, 8 for the four bands
    p = params(shock_prob=0.0, natural_recovery=0.0, need_drift=0.01, shock_age_ratio=8.0)
    s = tiny_state(p, need=[0.5, 0.5, 0.5, 0.5], age_band=[0, 1, 2, 3])
    assert s.citizens.shock_mult == approx([1.0, 2.0, 4.0, 8.0])
    shocks(s, p, rng)
    assert s.citizens.need == approx([0.51, 0.52, 0.54, 0.58])  # 0.5 + 0.01 * (1, 2, 4, 8)


def test_shocks_certain_hit_adds_need_within_bounds(rng):
    # shock_prob 0.5 times multipliers 2, 4, 8 (bands 1-3) is at least 1: every citizen is hit
    p = params(
        shock_prob=0.5, shock_age_ratio=8.0, shock_size_mean=0.3, natural_recovery=0.0,
        need_drift=0.0,
    )  # fmt: skip
    s = tiny_state(p, need=[0.0, 0.4, 1.0], age_band=[1, 2, 3])
    shocks(s, p, rng)
    need = s.citizens.need
    assert s.flows.shocks == 3  # all three hit
    assert need[0] > 0.0 and need[1] > 0.4  # a Beta draw is positive
    assert need[2] == 1.0  # clipped at 1
    assert ((need >= 0) & (need <= 1)).all()


def test_shocks_need_never_negative(rng):
    p = params(shock_prob=0.0, natural_recovery=0.2, need_drift=0.0)
    s = tiny_state(p, need=[0.0, 0.05, 0.3])
    shocks(s, p, rng)
    assert s.citizens.need == approx([0.0, 0.04, 0.24])  # need * 0.8
