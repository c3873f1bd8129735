"""Designs: the parameter points an experiment runs.

``grid`` is the full factorial of each factor's levels; ``lhs`` a Latin hypercube;
``sobol`` Saltelli's scheme for Sobol' indices (SALib: ``N * (D + 2)`` points, or
``N * (2D + 2)`` with second-order indices); ``morris`` ``N`` one-at-a-time trajectories
of ``D + 1`` points on a ``levels``-level grid (SALib). Integer parameters are rounded
after sampling. Each point is run ``replications`` times with seeds ``seed + r``.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd

from .spec import Experiment


def salib_problem(exp: Experiment) -> dict[str, Any]:
    """The SALib problem dict of an experiment's factors (ranges as declared)."""
    return {
        "num_vars": len(exp.factors),
        "names": [f.name for f in exp.factors],
        "bounds": [[f.low, f.high] for f in exp.factors],
    }


def sample_matrix(exp: Experiment) -> np.ndarray:
    """The raw (unrounded) sample for lhs, sobol and morris: one row per point."""
    from SALib.sample import latin, morris
    from SALib.sample import sobol as sobol_sample

    problem = salib_problem(exp)
    if exp.method == "lhs":
        return latin.sample(problem, exp.n, seed=exp.sampler_seed)
    if exp.method == "sobol":
        return sobol_sample.sample(
            problem, exp.n, calc_second_order=exp.second_order, seed=exp.sampler_seed
        )
    if exp.method == "morris":
        return morris.sample(problem, exp.n, num_levels=exp.morris_levels, seed=exp.sampler_seed)
    raise ValueError(f"no sample matrix for {exp.method!r}")


def design_points(exp: Experiment) -> pd.DataFrame:
    """One row per parameter point (column ``point`` then one column per factor), in the
    order the sampler produced them (the order SALib's analysers expect)."""
    names = [f.name for f in exp.factors]
    if exp.method == "grid":
        rows = list(itertools.product(*(f.grid_levels() for f in exp.factors)))
    else:
        x = sample_matrix(exp)
        rows = [tuple(f.coerce(v) for f, v in zip(exp.factors, row, strict=True)) for row in x]
    df = pd.DataFrame(rows, columns=names)
    df.insert(0, "point", np.arange(len(df), dtype=np.int64))
    return df


def expected_size(exp: Experiment) -> int:
    """How many points the sampler makes (documented formulas, checked in the tests)."""
    d = len(exp.factors)
    if exp.method == "grid":
        return int(np.prod([len(f.grid_levels()) for f in exp.factors]))
    if exp.method == "lhs":
        return exp.n
    if exp.method == "sobol":
        return exp.n * (2 * d + 2 if exp.second_order else d + 2)
    return exp.n * (d + 1)
