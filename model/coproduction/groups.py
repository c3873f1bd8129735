"""Who benefits: outcomes by deprivation fifth, age band, carer status and ward, from a
run's final state, and the equity gradient (the gain of the most deprived fifth less the
gain of the least deprived).

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

from .codes import AGE_BANDS, FIFTHS
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
    "left_out": "share in need (above the met threshold) who took part in nothing in the "
    "last 4 weeks",
}
#: Direction of "better" for each group outcome (+1 higher, -1 lower).
GROUP_BETTER = {
    "wellbeing": 1,
    "needs_met": 1,
    "crises_last_year": -1,
    "participating": 1,
    "isolated": -1,
    "left_out": -1,
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
        "left_out": ((c.need >= F32(p.need_met_threshold)) & (c.last_active <= week - 4)).astype(
            float
        ),
    }
    frames = []
    for kind, codes, labels in (
        ("deprivation fifth", c.fifth, FIFTHS),
        ("age band", c.age_band, AGE_BANDS),
        ("carer", c.carer.astype(np.int8), ("not a carer", "carer")),
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
    difference from the first scenario (``{outcome}_diff``) and its Student-t 95%
    interval over replications (``{outcome}_diff_ci_low`` / ``_ci_high``; NaN with one
    replication)."""
    from .comparison import t_interval

    keys = ["group_kind", "group", "scenario"]
    cols = ["citizens", *GROUP_OUTCOMES]
    mean = groups.groupby(keys, sort=False)[cols].mean().reset_index()
    by_seed = groups.set_index(["group_kind", "group", "seed"])
    base_seed = by_seed[by_seed["scenario"] == scenarios[0]]
    base = mean[mean["scenario"] == scenarios[0]].set_index(["group_kind", "group"])
    out = []
    for scen in scenarios:
        cur = mean[mean["scenario"] == scen].set_index(["group_kind", "group"])
        diff = cur[list(GROUP_OUTCOMES)] - base[list(GROUP_OUTCOMES)]
        table = cur.join(diff.add_suffix("_diff"))
        paired = (
            by_seed[by_seed["scenario"] == scen][list(GROUP_OUTCOMES)]
            - base_seed[list(GROUP_OUTCOMES)]
        )
        for o in GROUP_OUTCOMES:
            ci = (
                paired[o]
                .groupby(level=["group_kind", "group"], sort=False)
                .agg(lambda x: t_interval(x.to_numpy())[2:])
            )
            table[f"{o}_diff_ci_low"] = [ci.get(i, (np.nan, np.nan))[0] for i in table.index]
            table[f"{o}_diff_ci_high"] = [ci.get(i, (np.nan, np.nan))[1] for i in table.index]
        out.append(table.reset_index())
    return pd.concat(out, ignore_index=True)


def gradient_by_seed(groups: pd.DataFrame, scenarios: Sequence[str]) -> pd.DataFrame:
    """Per scenario after the first, outcome and seed: the gain over the first scenario
    (paired by seed) in the most and the least deprived fifth of small areas present in
    every run, and the gradient (most less least)."""
    g = groups[groups["group_kind"] == "deprivation fifth"]
    # the most and the least deprived fifths with citizens in every run (a place with
    # hardly any small areas in a fifth may have none among its simulated wards)
    counts = g.groupby("group")["citizens"].min() if "citizens" in g else None
    present = [f for f in FIFTHS if counts is None or counts.get(f, 0) > 0]
    if not present:
        return pd.DataFrame()
    most, least = present[0], present[-1]
    parts = []
    for scen in scenarios[1:]:
        for out in GROUP_BETTER:
            gains = {}
            for label in (most, least):
                cur = g[(g["scenario"] == scen) & (g["group"] == label)].set_index("seed")[out]
                base = g[(g["scenario"] == scenarios[0]) & (g["group"] == label)]
                gains[label] = (cur - base.set_index("seed")[out]).dropna()
            both = gains[most].index.intersection(gains[least].index)
            parts.append(
                pd.DataFrame(
                    {
                        "scenario": scen,
                        "outcome": out,
                        "seed": both,
                        "most_deprived": most,
                        "least_deprived": least,
                        "gain_most_deprived": gains[most].loc[both].to_numpy(),
                        "gain_least_deprived": gains[least].loc[both].to_numpy(),
                    }
                )
            )
    if not parts:
        return pd.DataFrame()
    per_seed = pd.concat(parts, ignore_index=True)
    per_seed["gradient"] = per_seed["gain_most_deprived"] - per_seed["gain_least_deprived"]
    return per_seed


def equity_gradient(groups: pd.DataFrame, scenarios: Sequence[str]) -> pd.DataFrame:
    """Per scenario and outcome, the gain over the first scenario (paired by seed) in the
    most and the least deprived fifth, and the gradient: the most deprived fifth's gain
    less the least deprived's, each with a Student-t 95% interval over replications.
    ``widens`` is True when the gap between the fifths grows beyond noise (the most deprived
    gain less, in the outcome's better direction), False when it narrows beyond noise,
    and None within noise."""
    from .comparison import t_interval

    per_seed = gradient_by_seed(groups, scenarios)
    if per_seed.empty:
        return pd.DataFrame()
    rows = []
    for (scen, out), d in per_seed.groupby(["scenario", "outcome"], sort=False):
        better = GROUP_BETTER[out]
        m_grad = t_interval(d["gradient"].to_numpy())
        lo, hi = m_grad[2], m_grad[3]
        widens = None
        if np.isfinite(lo) and (lo > 0 or hi < 0):
            widens = bool((hi < 0) if better > 0 else (lo > 0))
        rows.append(
            {
                "scenario": scen,
                "outcome": out,
                "most_deprived": d["most_deprived"].iloc[0],
                "least_deprived": d["least_deprived"].iloc[0],
                "gain_most_deprived": t_interval(d["gain_most_deprived"].to_numpy())[0],
                "gain_least_deprived": t_interval(d["gain_least_deprived"].to_numpy())[0],
                "gradient": m_grad[0],
                "gradient_ci_low": lo,
                "gradient_ci_high": hi,
                "n": len(d),
                "widens": widens,
            }
        )
    return pd.DataFrame(rows)


def equity_markdown(grad: pd.DataFrame) -> str:
    """The equity gradient as Markdown, saying plainly when the gap widens."""
    if grad.empty:
        return "## Equity\n\nNo deprivation fifths to compare.\n"
    most, least = (str(grad[k].iloc[0]).split()[0] for k in ("most_deprived", "least_deprived"))
    lines = [
        "## Equity: the most against the least deprived fifth",
        "",
        f"Gain over the reference in the most deprived fifth of small areas present (WIMD "
        f"fifth {most}) and in the least deprived (fifth {least}), and the gradient (most "
        "less least), with its Student-t 95% interval over replications (simulation noise "
        "only).",
        "",
        "| scenario | outcome | gain, most deprived | gain, least deprived | gradient [95%] "
        "| gap |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    words = {True: "**widens**", False: "narrows", None: "no change beyond noise"}
    for _, r in grad.iterrows():
        ci = (
            f"[{r['gradient_ci_low']:+.3g}, {r['gradient_ci_high']:+.3g}]"
            if np.isfinite(r["gradient_ci_low"])
            else "[n/a]"
        )
        lines.append(
            f"| {r['scenario']} | {r['outcome']} | {r['gain_most_deprived']:+.3g} | "
            f"{r['gain_least_deprived']:+.3g} | {r['gradient']:+.3g} {ci} | {words[r['widens']]} |"
        )
    wide = grad[grad["widens"] == True]  # noqa: E712 - object column with None
    lines.append("")
    if len(wide):
        for _, r in wide.iterrows():
            lines.append(
                f"{r['scenario']} widens the gap between the most and least deprived fifths in "
                f"{r['outcome']} ({GROUP_OUTCOMES[r['outcome']]})."
            )
    else:
        lines.append("No scenario widens the gap between the most and least deprived fifths "
                     "beyond simulation noise.")  # fmt: skip
    return "\n".join(lines) + "\n"
