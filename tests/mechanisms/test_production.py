"""Unit tests of the `production` phase (production).

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
from coproduction.mechanisms.production import ces, citizen_input, production
from coproduction.mechanisms.records import records

CC, FR, UC = Disposition  # conditional cooperator, free rider, unconditional contributor


def approx(values):
    return pytest.approx(values, rel=REL, abs=1e-6)


def observe(s, p, rng) -> dict[str, float]:
    """The records phase, then every indicator (all citizens in the clustering sample)."""
    records(s, p, rng)
    return Observer(np.arange(s.citizens.n)).observe(s, p)


@pytest.mark.parametrize(
    ("r", "c", "d", "rho", "nu", "expected"),
    [
        (2.0, 1.0, 0.5, 1.0, 1.0, 1.5),  # 0.5*2 + 0.5*1
        (0.0, 2.0, 0.25, 1.0, 1.0, 1.5),  # substitutes: 0.75*2 with no professional input
        (0.0, 0.0, 0.5, 1.0, 1.0, 0.0),  # nothing in, nothing out
        (2.0, 2.0, 0.5, 1.0, 0.5, 1.4142136),  # (0.5*2 + 0.5*2) ** 0.5 = sqrt(2)
        (4.0, 1.0, 0.5, 0.5, 1.0, 2.25),  # (0.5*2 + 0.5*1) ** 2
        (4.0, 1.0, 0.5, 0.0, 1.0, 2.0),  # Cobb-Douglas: 4 ** 0.5 * 1 ** 0.5
        (4.0, 9.0, 0.5, 0.0, 1.0, 6.0),  # 2 * 3
        (4.0, 1.0, 0.5, -1.0, 1.0, 1.6),  # (0.5/4 + 0.5/1) ** -1 = 1 / 0.625
        (3.0, 0.0, 0.5, -1.0, 1.0, 0.0),  # complements: no citizen input, no output
        (0.0, 3.0, 0.5, -0.5, 1.0, 0.0),  # complements: no professional input
        (3.0, 0.0, 0.5, 0.0, 1.0, 0.0),  # Cobb-Douglas with a zero input
    ],
)
def test_ces(r, c, d, rho, nu, expected):
    assert float(ces(np.array([r]), np.array([c]), d, rho, nu)[0]) == pytest.approx(expected)


def test_citizen_input_sums_own_peer_timebank_and_codelivery():
    p = params(self_management_hours=2.0)
    s = tiny_state(p, need=[0.5, 0.5], self_efficacy=[0.5, 0.0])
    s.wk.peer_received[:] = [0.5, 0.0]
    s.wk.tb_received[:] = [2.0, 0.0]
    s.wk.codelivery_benefit[:] = [0.25, 1.0]
    assert citizen_input(s, p) == approx([3.75, 1.0])  # 2*0.5 + 0.5 + 2 + 0.25; 0+0+0+1


PROD = {"production_scale": 0.1, "production_share": 0.5, "production_nu": 1.0,
        "self_management_hours": 2.0, "production_ref_prof_hours": 1.0,
        "production_ref_citizen_hours": 1.0}  # fmt: skip


def prod_state(p):
    s = tiny_state(
        p,
        need=[0.5, 0.4, 0.0, 0.3, 0.05],
        need_kind=[0, 1, 0, 1, 1],
        self_efficacy=[0.5, 1.0, 1.0, 0.0, 1.0],
        fit=[0.5, 1.0, 1, 1, 1, 1],
    )
    s.wk.prof_hours[:] = [2.0, 0.0, 1.0, 0.0, 4.0]
    s.wk.peer_received[:] = [1.0, 0.0, 0.0, 0.0, 0.0]
    # citizen input: 2*0.5 + 1 = 2; 2*1 = 2; 2; 0; 2
    return s


def test_production_substitutes(rng):
    p = params(**PROD, production_rho=1.0)
    s = prod_state(p)
    production(s, p, rng)
    assert s.citizens.need == approx(
        [
            0.4,  # q = 0.5*2 + 0.5*2 = 2; 0.5 - 0.1 * fit 0.5 * 2
            0.3,  # q = 0 + 0.5*2 = 1; 0.4 - 0.1 * 1 * 1
            0.0,  # no need: untouched
            0.3,  # no input at all
            0.0,  # q = 0.5*4 + 0.5*2 = 3; 0.05 - 0.3 floored at 0
        ]
    )


def test_production_complements_need_both_inputs(rng):
    p = params(**PROD, production_rho=-1.0)
    s = prod_state(p)
    production(s, p, rng)
    assert s.citizens.need == approx(
        [
            0.4,  # q = (0.5/2 + 0.5/2) ** -1 = 2; 0.5 - 0.1 * 0.5 * 2
            0.4,  # no professional hours: complements give nothing
            0.0,
            0.3,
            0.0,  # q = (0.5/4 + 0.5/2) ** -1 = 2.6667; 0.05 - 0.26667 floored at 0
        ]
    )


@pytest.mark.parametrize("rho", [-3.0, -0.5, 0.0, 1.0])
def test_normalised_ces_gives_the_same_output_at_the_reference_inputs(rng, rho):
    # citizen 0 has 2 professional and 2 citizen hours, the reference inputs: the output
    # is production_scale * fit = 0.1 * 0.5 whatever the elasticity
    p = params(**{**PROD, "production_ref_prof_hours": 2.0, "production_ref_citizen_hours": 2.0},
               production_rho=rho)  # fmt: skip
    s = prod_state(p)
    production(s, p, rng)
    assert float(s.citizens.need[0]) == pytest.approx(0.45, rel=REL)
