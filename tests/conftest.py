"""Shared helpers: hand-made states of a few citizens for the mechanism unit tests.

``tiny_state`` draws a population with :func:`coproduction.state.initialise` and then
overwrites every array a mechanism reads with plain, hand-chosen values, so that the
expected results of a phase can be worked out on paper.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import settings

from coproduction.params import Params, make_params
from coproduction.state import (
    NEED_KINDS,
    NEVER,
    Graph,
    Professionals,
    State,
    initialise,
    new_week,
    reset_week,
)

# Property tests: no deadline (runs vary in time); in CI the examples are derandomized so
# a run is reproducible, while local runs keep exploring new examples.
settings.register_profile("ci", deadline=None, derandomize=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

F32 = np.float32
#: Relative tolerance for float32 results compared with hand-computed literals.
REL = 1e-5


def params(**values) -> Params:
    """Validated parameters: defaults updated with ``values`` (tests set every value
    they depend on explicitly)."""
    return make_params(values)


def _fill(arr: np.ndarray, value) -> np.ndarray:
    out = np.empty_like(arr)
    out[...] = np.asarray(value).astype(arr.dtype)
    return out


def tiny_state(
    p: Params,
    need: Sequence[float],
    *,
    edges: Sequence[tuple[int, int]] = (),
    strength: Sequence[float] | None = None,
    professionals: int = 0,
    week: int = 1,
    service_weight: Sequence[float] | None = None,
    fit: Sequence[float] | float = 1.0,
    ownership: Sequence[float] | float = 0.0,
    service_credits: Sequence[int] | int = 0,
    demand_share: Sequence[float] | None = None,
    prevention_share: float | None = None,
    prof: dict | None = None,
    **citizen_arrays,
) -> State:
    """A state of ``len(need)`` citizens with plain, hand-chosen values.

    Defaults: age band 16-34 (shock multiplier 1), ward 0, need kind and offer kind 0,
    free rider, trust and self-efficacy 0.5, five ways and their everyday levels 0,
    wellbeing and its baseline 50, no credits, not a member, no event records.
    Any citizen array can be set by keyword (``trust=[...]``, ``ways_base=[...]`` is
    broadcast over the five ways unless given as a 5 x n array). ``edges`` and
    ``strength`` replace the social graph. ``professionals`` posts, all filled and
    funded, satisfaction 0.5, exhaustion 0.2, resilience 1 (override with ``prof``).
    Services: equal budget weights unless ``service_weight`` is given, fit 1, ownership 0.
    The week is ``week`` (phases run after the model has advanced the week counter), and
    the weekly working arrays are reset as at the start of a step.
    """
    n = len(need)
    small = {
        "n_citizens": n,
        "mean_degree": 2,
        "ward_size": max(n, 10),
        "network": "watts_strogatz",
    }
    init = p.model_copy(update=small)  # below the declared minimum size: not validated
    state = initialise(init, np.random.default_rng(0))
    c = state.citizens
    defaults = {
        "age_band": 0, "female": False, "ward": 0, "need_kind": 0, "offer_kind": 0,
        "disposition": 1, "need": need, "self_efficacy": 0.5, "trust": 0.5,
        "connecting": 0.0, "learning": 0.0, "giving": 0.0, "engaged": 0.0, "active": 0.0,
        "ways_base": 0.0, "wellbeing_base": 50.0, "wellbeing": 50.0,
        "credits": 0, "member": False, "contribution": 0.0, "propensity": 0.0,
        "prevention_recent": 0.0, "last_active": NEVER, "last_gave": NEVER,
        "last_received": NEVER, "last_crisis": NEVER, "last_design": NEVER,
        "last_commissioning": NEVER, "last_evaluation": NEVER,
        "active_history": 0,
    }  # fmt: skip
    unknown = set(citizen_arrays) - set(defaults) - {"age_mult", "efficacy_base"}
    if unknown:
        raise TypeError(f"tiny_state: unknown citizen arrays {sorted(unknown)}")
    defaults.update(citizen_arrays)
    for name, value in defaults.items():
        setattr(c, name, _fill(getattr(c, name), value))
    if "age_mult" in citizen_arrays:
        c.age_mult = _fill(c.age_mult, citizen_arrays["age_mult"])
    else:
        c.age_mult = (p.shock_age_ratio ** (c.age_band / 3.0)).astype(F32)
    c.efficacy_base = _fill(c.efficacy_base, citizen_arrays.get("efficacy_base", c.self_efficacy))

    m = professionals
    pr = {
        "filled": np.ones(m, dtype=bool), "funded": np.ones(m, dtype=bool),
        "vacancy_left": np.zeros(m, dtype=np.int32),
        "satisfaction": np.full(m, 0.5, dtype=F32), "exhaustion": np.full(m, 0.2, dtype=F32),
        "resilience": np.ones(m, dtype=F32), "caseload": np.zeros(m, dtype=F32),
    }  # fmt: skip
    for name, value in (prof or {}).items():
        pr[name] = _fill(pr[name], value)
    state.professionals = Professionals(m=m, **pr)

    sv = state.services
    s = len(NEED_KINDS)
    weight = np.full(s, 1.0 / s) if service_weight is None else service_weight
    sv.weight = np.asarray(weight, dtype=np.float64).copy()
    sv.fit = _fill(np.zeros(s), fit)
    sv.ownership = _fill(np.zeros(s), ownership)
    sv.credits = _fill(np.zeros(s, dtype=np.int64), service_credits)

    edges = list(edges)
    u = np.array([e[0] for e in edges], dtype=np.int32)
    v = np.array([e[1] for e in edges], dtype=np.int32)
    if strength is None:
        strength = [0.5] * len(edges)
    order = np.lexsort((np.maximum(u, v), np.minimum(u, v)))
    lo, hi = np.minimum(u, v)[order], np.maximum(u, v)[order]
    st = np.asarray(strength, dtype=F32)[order] if len(edges) else np.zeros(0, F32)
    state.graph = Graph(n, lo, hi, st)
    state.wk = new_week(n)

    state.week = week
    state.prevention_share = p.prevention_share if prevention_share is None else prevention_share
    if demand_share is None:
        demand = np.bincount(c.need_kind, weights=c.need, minlength=s)
        demand_share = demand / max(demand.sum(), 1e-12)
    state.demand_share = np.asarray(demand_share, dtype=np.float64).copy()
    state.history = {}
    state.cache = {"clustering_sample": np.arange(n)}
    state.indicators = {}
    reset_week(state)
    return state


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded generator for phases whose tested outcome does not depend on the draws."""
    return np.random.default_rng(12345)
