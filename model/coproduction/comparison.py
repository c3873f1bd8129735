"""Scenario comparison over replications with common random numbers.

Replication ``r`` of every scenario uses seed ``seed + r``, so ``coprod run SCEN --seed
<seed + r>`` reproduces it exactly, and differences from the first scenario are paired
by seed. Intervals are Student-t 95% over replications: they show simulation noise
only, not parameter or structural uncertainty.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from . import indicators as ind
from .errors import InputError
from .runner import RunResult, RunSpec, default_workers, execute, indicator_table, run_many
from .scenarios import load_scenario_file

YEAR = 52
DISCOUNT_RATE = 0.035  # HM Treasury Green Book
CI_LEVEL = 0.95
NOTE = (
    "Intervals are Student-t 95% over replications and show simulation noise only, not "
    "parameter or structural uncertainty. Differences are paired by seed against the "
    "first scenario."
)
#: Value-for-money rows added to the table (computed over the whole horizon).
VFM_ROWS = {
    "cost_total_per_citizen": ("GBP per citizen", -1),
    "cost_total_per_citizen_discounted": ("GBP per citizen", -1),
    "wellbeing_years_discounted": ("WEMWBS point-years per citizen", 1),
    "icer_gbp_per_wemwbs_point_year": ("GBP per WEMWBS point per citizen-year", -1),
}
#: The per-replication totals among them (the ICER is computed across replications).
VFM_TOTALS = (
    "cost_total_per_citizen",
    "cost_total_per_citizen_discounted",
    "wellbeing_years_discounted",
)


def run_one(scenario: str, overrides: dict[str, Any], seed: int, weeks: int) -> pd.DataFrame:
    """One replication: the indicator table of ``scenario`` with ``overrides`` and ``seed``."""
    return execute(RunSpec(scenario, seed, weeks, dict(overrides))).value


def discount_factors(weeks: np.ndarray, rate: float = DISCOUNT_RATE) -> np.ndarray:
    """Weekly discount factors ``(1 + rate) ** -(week / 52)``."""
    return (1.0 + rate) ** (-(np.asarray(weeks, dtype=float) / YEAR))


def final_year(df: pd.DataFrame) -> pd.DataFrame:
    """The last 52 collected weeks after week 0 (all of them when the run is shorter)."""
    body = df[df["week"] > 0]
    return body.tail(YEAR) if len(body) else df


def replication_summary(df: pd.DataFrame) -> dict[str, float]:
    """Final-year means of every indicator plus whole-horizon value-for-money figures."""
    fy = final_year(df)
    out = {}
    for name in ind.NAMES:
        if name == "week":
            continue
        col = fy[name].to_numpy(dtype=float)
        out[name] = float(np.nanmean(col)) if np.isfinite(col).any() else math.nan
    body = df[df["week"] > 0]
    w = discount_factors(body["week"].to_numpy())
    cost = body["cost_per_citizen_week"].to_numpy(dtype=float)
    wb = body["wellbeing_mean"].to_numpy(dtype=float)
    out["cost_total_per_citizen"] = float(cost.sum())
    out["cost_total_per_citizen_discounted"] = float((cost * w).sum())
    out["wellbeing_years_discounted"] = float((wb * w).sum() / YEAR)
    return out


def t_interval(x: np.ndarray) -> tuple[float, float, float, float]:
    """(mean, sd, low, high): Student-t 95% interval over the finite values of ``x``."""
    from scipy import stats  # here, so that worker processes need not import it

    x = np.asarray(x, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return math.nan, math.nan, math.nan, math.nan
    mean = float(x.mean())
    if x.size == 1:
        return mean, math.nan, math.nan, math.nan
    sd = float(x.std(ddof=1))
    half = float(stats.t.ppf(0.5 + CI_LEVEL / 2, x.size - 1)) * sd / math.sqrt(x.size)
    return mean, sd, mean - half, mean + half


def summarise(reps: pd.DataFrame, scenarios: Sequence[str]) -> pd.DataFrame:
    """Tidy table: one row per (scenario, indicator) with mean, 95% CI and the paired
    difference from the first scenario with its own CI."""
    rows = []
    base_name = scenarios[0]
    base = reps[reps["scenario"] == base_name].set_index("seed")
    names = [n for n in ind.NAMES if n != "week"] + list(VFM_TOTALS)
    for scen in scenarios:
        cur = reps[reps["scenario"] == scen].set_index("seed")
        paired = cur.index.intersection(base.index)
        for name in names:
            mean, sd, lo, hi = t_interval(cur[name].to_numpy())
            if scen == base_name:
                d, dlo, dhi = 0.0, 0.0, 0.0
            else:
                diff = cur.loc[paired, name].to_numpy(dtype=float) - base.loc[
                    paired, name
                ].to_numpy(dtype=float)
                d, _, dlo, dhi = t_interval(diff)
            unit, better = VFM_ROWS.get(name, (ind.unit(name), ind.BETTER.get(name, 0)))
            rows.append(_row(scen, name, mean, sd, lo, hi, d, dlo, dhi, len(cur), unit, better))
        # incremental cost-effectiveness against the first scenario, discounted, per citizen-year
        if scen == base_name:
            icer = math.nan
        else:
            dc = (
                cur.loc[paired, "cost_total_per_citizen_discounted"]
                - base.loc[paired, "cost_total_per_citizen_discounted"]
            ).mean()
            dw = (
                cur.loc[paired, "wellbeing_years_discounted"]
                - base.loc[paired, "wellbeing_years_discounted"]
            ).mean()
            icer = float(dc / dw) if dw != 0 else math.nan
        unit, better = VFM_ROWS["icer_gbp_per_wemwbs_point_year"]
        rows.append(
            _row(
                scen,
                "icer_gbp_per_wemwbs_point_year",
                icer,
                math.nan,
                math.nan,
                math.nan,
                math.nan,
                math.nan,
                math.nan,
                len(cur),
                unit,
                better,
            )
        )
    return pd.DataFrame(rows)


def _row(scen, name, mean, sd, lo, hi, d, dlo, dhi, n, unit, better) -> dict[str, Any]:
    return {
        "scenario": scen,
        "indicator": name,
        "mean": mean,
        "sd": sd,
        "ci_low": lo,
        "ci_high": hi,
        "diff": d,
        "diff_ci_low": dlo,
        "diff_ci_high": dhi,
        "n": n,
        "unit": unit,
        "better": {1: "higher", -1: "lower"}.get(better, ""),
    }


def check_inputs(
    scenarios: Sequence[str], replications: int, weeks: int, seed: int, overrides: dict[str, Any]
) -> dict[str, Any]:
    """Validate a comparison's settings before anything runs; returns each scenario
    resolved with ``overrides``."""
    if not scenarios:
        raise InputError("compare: give at least one scenario")
    if len(set(scenarios)) != len(scenarios):
        raise InputError(f"compare: scenarios repeat ({', '.join(scenarios)})")
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise InputError(f"--replications {replications!r}: must be a positive integer")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 1:
        raise InputError(f"--weeks {weeks!r}: must be a positive integer")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError(f"--seed {seed!r}: must be a non-negative integer")
    return {s: load_scenario_file(s, overrides) for s in scenarios}


def replication_specs(
    scenarios: Sequence[str],
    replications: int,
    weeks: int,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    label: str = "",
) -> list[RunSpec]:
    """Every (scenario, replication), scenario by scenario: replication ``r`` has seed
    ``seed + r`` in every scenario (common random numbers, paired differences)."""
    overrides = dict(overrides or {})
    return [
        RunSpec(s, seed + r, weeks, overrides, replication=r, label=label)
        for s in scenarios
        for r in range(replications)
    ]


def collect(results: Sequence[RunResult]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(trajectories, per-replication summaries) from runs whose value is an indicator
    table. Trajectories are long in weeks: scenario, replication, seed, week, indicators."""
    frames, summaries = [], []
    for res in results:
        scen, rep, s = res.spec.scenario, res.spec.replication, res.spec.seed
        df = res.value.copy()
        df.insert(0, "seed", s)
        df.insert(0, "replication", rep)
        df.insert(0, "scenario", scen)
        frames.append(df)
        summaries.append(
            {"scenario": scen, "replication": rep, "seed": s, **replication_summary(df)}
        )
    traj = pd.concat(frames, ignore_index=True)
    traj["week"] = traj["week"].astype("int32")
    return traj, pd.DataFrame(summaries)


def run_replications(
    scenarios: Sequence[str],
    replications: int = 10,
    weeks: int = 520,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
    progress: Callable[[int], Any] | None = None,
    executor: Executor | None = None,
    extractor: Any = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Run every (scenario, replication). Returns (trajectories, per-replication summary,
    info). Trajectories are long in weeks: scenario, replication, seed, week, indicators.
    An ``extractor`` that returns (indicator table, extra) puts the extras, one table per
    run with its scenario, replication and seed, in ``info["extra"]``."""
    overrides = dict(overrides or {})
    resolved = check_inputs(scenarios, replications, weeks, seed, overrides)  # validates early
    workers = default_workers() if workers is None else workers
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError(f"--workers {workers!r}: must be a positive integer")
    specs = replication_specs(scenarios, replications, weeks, seed, overrides)
    t0 = time.perf_counter()
    results = run_many(
        specs, extractor or indicator_table, workers=workers, executor=executor, progress=progress
    )
    extra = None
    if extractor is not None:
        extra = pd.concat(
            [
                res.value[1].assign(
                    scenario=res.spec.scenario, replication=res.spec.replication, seed=res.spec.seed
                )
                for res in results
            ],
            ignore_index=True,
        )
        results = [replace(res, value=res.value[0]) for res in results]
    traj, reps = collect(results)
    timings = [res.wall_s for res in results]
    info = {
        "scenarios": {
            s: {"name": r.name, "source": r.source, "description": r.description}
            for s, r in resolved.items()
        },
        "resolved": resolved,
        "replications": replications,
        "weeks": weeks,
        "seed": seed,
        "seeds": [seed + r for r in range(replications)],
        "overrides": overrides,
        "workers": workers,
        "wall_s": time.perf_counter() - t0,
        "run_s_mean": float(np.mean(timings)),
        "run_s": timings,  # per run, in the order of the summary rows
    }
    if extra is not None:
        info["extra"] = extra
    return traj, reps, info


def compare(
    scenarios: Sequence[str],
    replications: int = 10,
    weeks: int = 520,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
    progress: Callable[[int], Any] | None = None,
    **param_overrides: Any,
) -> pd.DataFrame:
    """Compare scenarios; returns the tidy table that ``coprod compare --json`` prints:
    one row per (scenario, indicator) with ``mean``, ``ci_low``, ``ci_high``, ``diff``
    (paired by seed against the first scenario, 0 for it) and its interval."""
    merged = {**(overrides or {}), **param_overrides}
    _, reps, _ = run_replications(scenarios, replications, weeks, seed, merged, workers, progress)
    return summarise(reps, list(scenarios))
