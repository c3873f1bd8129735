"""Hand-made states of a few citizens for the mechanism and indicator unit tests.

``tiny_state`` draws a population with :func:`coproduction.state.initialise` and then
overwrites every array a mechanism reads with plain, hand-chosen values, so that the
expected results of a phase can be worked out on paper.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coproduction.codes import Disposition, NeedKind
from coproduction.graph import Graph
from coproduction.params import Params, make_params
from coproduction.state import (
    CITIZEN_SCHEMA,
    PROFESSIONAL_SCHEMA,
    Professionals,
    Records,
    State,
    blank_arrays,
    initialise,
    new_week,
    start_week,
)

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

    Defaults: every column's ``blank`` value from the schema (age band 16-34 with shock
    multiplier 1, ward 0, need kind and offer kind 0, five ways and their everyday levels
    0, no credits, not a member, no event records), except a free rider with trust and
    self-efficacy 0.5 and wellbeing and its baseline 50.
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
    columns = {col.name for col in CITIZEN_SCHEMA}
    unknown = set(citizen_arrays) - columns
    if unknown:
        raise TypeError(f"tiny_state: unknown citizen arrays {sorted(unknown)}")
    blank = blank_arrays(CITIZEN_SCHEMA, n)
    chosen = {
        "need": need, "disposition": Disposition.FREE_RIDER, "self_efficacy": 0.5,
        "trust": 0.5, "wellbeing_base": 50.0, "wellbeing": 50.0, **citizen_arrays,
    }  # fmt: skip
    for name in columns - {"shock_mult", "efficacy_base"}:
        setattr(c, name, _fill(blank[name], chosen.get(name, blank[name])))
    if "shock_mult" in citizen_arrays:
        c.shock_mult = _fill(c.shock_mult, citizen_arrays["shock_mult"])
    else:
        c.shock_mult = (p.shock_age_ratio ** (c.age_band / 3.0)).astype(F32)
    c.efficacy_base = _fill(c.efficacy_base, citizen_arrays.get("efficacy_base", c.self_efficacy))

    m = professionals
    pr = blank_arrays(PROFESSIONAL_SCHEMA, m)
    chosen = {"filled": True, "funded": True, "satisfaction": 0.5, "exhaustion": 0.2,
              "resilience": 1.0, **(prof or {})}  # fmt: skip
    for name, value in chosen.items():
        pr[name] = _fill(pr[name], value)
    state.professionals = Professionals(m=m, **pr)

    sv = state.services
    s = len(NeedKind)
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
    state.records = Records()
    state.cache = {}
    start_week(state)
    return state
