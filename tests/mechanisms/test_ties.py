"""Unit tests of the `ties` phase (ties).

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
from coproduction.mechanisms.ties import ties

CC, FR, UC = Disposition  # conditional cooperator, free rider, unconditional contributor


PATH = [(0, 1), (1, 2), (2, 3)]  # a path of four citizens


def approx(values):
    return pytest.approx(values, rel=REL, abs=1e-6)


def observe(s, p, rng) -> dict[str, float]:
    """The records phase, then every indicator (all citizens in the clustering sample)."""
    records(s, p, rng)
    return Observer(np.arange(s.citizens.n)).observe(s, p)


TIES = {"tie_decay": 0.1, "tie_gain": 0.5, "social_contact_prob": 0.0, "tie_rebuild_weeks": 4,
        "new_tie_strength": 0.35}  # fmt: skip


def test_ties_decay_and_gain(rng):
    p = params(**TIES)  # no everyday contact
    s = tiny_state(p, need=[0, 0, 0, 0], edges=PATH, strength=[0.5, 0.8, 0.3], week=3)
    s.wk.contact_edges.append(np.array([0]))  # edge 0 interacted this week
    ties(s, p, rng)
    g = s.graph
    # decay x 0.9: 0.45, 0.72, 0.27; edge 0 gains 0.5 * (1 - 0.45) = 0.275
    assert g.strength == approx([0.725, 0.72, 0.27])
    # the CSR view is refreshed: weighted degree of citizen 1 = 0.725 + 0.72
    assert g.neighbour_sum(np.ones(4, np.float32)) == approx([0.725, 1.445, 0.99, 0.27])
    assert s.flows.bridging_ties == 0.0


def test_ties_everyday_contact_certain_or_impossible(rng):
    # chance 2 * 1 * min(sociability): sociability = connecting base * (1 - need / 2) is 1 for
    # citizens 0, 1 (chance 2: certain) and 0 for citizen 2 (chance 0)
    p = params(**{**TIES, "social_contact_prob": 1.0})
    s = tiny_state(p, need=[0, 0, 0], ways_base=[1.0, 1.0, 0.0], edges=[(0, 1), (1, 2)],
                   strength=[0.5, 0.5])  # fmt: skip
    ties(s, p, rng)
    assert s.graph.strength == approx([0.725, 0.45])  # 0.45 + 0.5 * 0.55; 0.5 * 0.9


def test_ties_new_ties_added_in_batches(rng):
    p = params(**TIES)
    s = tiny_state(p, need=[0, 0, 0], edges=[(0, 1), (1, 2)], strength=[0.5, 0.5], week=3)
    s.new_ties.u.append(np.array([2, 1], np.int32))
    s.new_ties.v.append(np.array([0, 0], np.int32))  # (0, 2) is new; (0, 1) exists
    ties(s, p, rng)  # week 3: not a rebuild week
    assert s.graph.n_edges == 2
    assert s.flows.bridging_ties == 0.0
    s.week = 4
    ties(s, p, rng)  # rebuild: the queue from week 3 is added after this week's decay
    g = s.graph
    assert g.n_edges == 3
    assert list(zip(g.u.tolist(), g.v.tolist(), strict=True)) == [(0, 1), (0, 2), (1, 2)]
    assert g.strength == approx([0.405, 0.35, 0.405])  # 0.5 * 0.9 * 0.9; new at 0.35
    assert s.flows.bridging_ties == 1.0
    assert s.new_ties.u == [] and s.new_ties.v == []
    assert g.neighbour_sum(np.ones(3, np.float32)) == approx([0.755, 0.81, 0.755])
