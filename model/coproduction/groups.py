"""Who benefits: outcomes by age band and ward, from a run's final state.

Replications run as in :mod:`coproduction.comparison` (replication r uses seed
``seed + r``), and each also returns a small table of outcomes per group so that a
comparison can say who gains and who does not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from .codes import AGE_BANDS
from .comparison import collect, replication_specs
from .runner import RunSpec, run_many
from .state import F32

#: Outcomes per group, each a function of (citizens, week, params) over a group mask.
GROUP_OUTCOMES = {
    "wellbeing": "mean WEMWBS score",
    "needs_met": "share with need below the met threshold",
    "crises_last_year": "share with a crisis in the last 52 weeks",
    "participating": "share who took part in any co-activity in the last 4 weeks",
    "isolated": "share with no active tie",
}


def group_outcomes(model) -> pd.DataFrame:
    """One row per group (age band, then ward) with the outcomes in GROUP_OUTCOMES."""
    st, p = model.state, model.params
    c, week = st.citizens, st.week
    active = st.graph.active_degree(p.tie_active_threshold)
    cols = {
        "wellbeing": c.wellbeing.astype(float),
        "needs_met": (c.need < F32(p.need_met_threshold)).astype(float),
        "crises_last_year": (c.last_crisis > week - 52).astype(float),
        "participating": (c.last_active > week - 4).astype(float),
        "isolated": (active == 0).astype(float),
    }
    frames = []
    for kind, codes, labels in (
        ("age band", c.age_band, AGE_BANDS),
        ("ward", c.ward, [f"ward {i + 1}" for i in range(int(c.ward.max()) + 1)]),
    ):
        n = np.bincount(codes, minlength=len(labels)).astype(float)
        row = {"group_kind": [kind] * len(labels), "group": list(labels), "citizens": n}
        for name, x in cols.items():
            s = np.bincount(codes, weights=x, minlength=len(labels))
            row[name] = np.divide(s, n, out=np.full(len(labels), np.nan), where=n > 0)
        frames.append(pd.DataFrame(row))
    return pd.concat(frames, ignore_index=True)


def indicators_and_groups(model, spec: RunSpec) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Extractor: the run's indicator table and its final-week outcomes per group."""
    return model.indicators_dataframe(), group_outcomes(model)


def run_with_groups(
    scenarios: Sequence[str],
    replications: int,
    weeks: int,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
    progress: Callable[[int], Any] | None = None,
    executor: Executor | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(trajectories, per-replication summaries, group outcomes) for every (scenario,
    replication); the first two are those of ``comparison.run_replications``."""
    specs = replication_specs(scenarios, replications, weeks, seed, overrides)
    results = run_many(
        specs, indicators_and_groups, workers=workers, executor=executor, progress=progress
    )
    traj, reps = collect([replace(res, value=res.value[0]) for res in results])
    groups = [
        res.value[1].assign(
            scenario=res.spec.scenario, replication=res.spec.replication, seed=res.spec.seed
        )
        for res in results
    ]
    return traj, reps, pd.concat(groups, ignore_index=True)


def group_table(groups: pd.DataFrame, scenarios: Sequence[str]) -> pd.DataFrame:
    """Mean over replications of each outcome per (group, scenario), with the paired
    difference from the first scenario."""
    keys = ["group_kind", "group", "scenario"]
    cols = ["citizens", *GROUP_OUTCOMES]
    mean = groups.groupby(keys, sort=False)[cols].mean().reset_index()
    base = mean[mean["scenario"] == scenarios[0]].set_index(["group_kind", "group"])
    out = []
    for scen in scenarios:
        cur = mean[mean["scenario"] == scen].set_index(["group_kind", "group"])
        diff = cur[list(GROUP_OUTCOMES)] - base[list(GROUP_OUTCOMES)]
        out.append(cur.join(diff.add_suffix("_diff")).reset_index())
    return pd.concat(out, ignore_index=True)
