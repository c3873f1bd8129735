"""Unit tests of the `evaluation` phase (co-evaluation and ownership).

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
from coproduction.mechanisms.evaluation import evaluation
from coproduction.mechanisms.records import records
from coproduction.state import NEVER

CC, FR, UC = Disposition  # conditional cooperator, free rider, unconditional contributor


def approx(values):
    return pytest.approx(values, rel=REL, abs=1e-6)


def observe(s, p, rng) -> dict[str, float]:
    """The records phase, then every indicator (all citizens in the clustering sample)."""
    records(s, p, rng)
    return Observer(np.arange(s.citizens.n)).observe(s, p)


def test_evaluation_ownership_growth_and_decay(rng):
    p = params(co_evaluation=0.0, ownership_rate=0.5, influence=0.5, ownership_decay=0.1,
               participation_saturation=0.2, fit_rate=0.4, fit_max=0.9)  # fmt: skip
    s = tiny_state(p, need=[0.5] * 4, ownership=0.2, fit=0.5)
    s.records.led_share = 0.1  # last week's share who led activity in the last 4 weeks
    evaluation(s, p, rng)
    # growth 0.5 * influence 0.5 * min(1, 0.1 / 0.2) * (1 - 0.2) = 0.1; decay 0.1 * 0.2
    assert s.services.ownership == approx([0.28] * 6)
    assert s.services.fit == approx([0.5] * 6)  # no evaluation: fit unchanged
    assert s.flows.evaluation_participants == 0.0


def test_evaluation_feedback_moves_fit(rng):
    # citizens 0, 1 are fully willing (chance 1), citizens 2, 3 not at all (chance 0)
    p = params(co_evaluation=1.0, influence=0.5, involvement_rate=1.0,
               participation_saturation=1.0, fit_rate=0.4, fit_max=0.9, evaluation_fit_share=0.5,
               ownership_decay=0.0, funding_cut_week=-1, willingness_efficacy=1.0,
               willingness_trust=0.0, willingness_capacity=0.0, willingness_age=0.0)  # fmt: skip
    s = tiny_state(p, need=[0.5] * 4, self_efficacy=[1, 1, 0, 0], trust=[1, 1, 0, 0],
                   fit=0.5, week=9)  # fmt: skip
    evaluation(s, p, rng)
    assert s.citizens.last_evaluation.tolist() == [9, 9, NEVER, NEVER]
    assert s.wk.involved_count.tolist() == [1, 1, 0, 0]
    assert s.flows.evaluation_participants == 2.0
    # all four use service 0; half took part: gain influence 0.5 * 0.5 = 0.25;
    # fit += 0.4 * 0.5 * 0.25 * (0.9 - 0.5) = 0.02; services without users do not move
    assert s.services.fit == approx([0.52, 0.5, 0.5, 0.5, 0.5, 0.5])
