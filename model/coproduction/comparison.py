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
from .ensemble import SHIPPED, Ensemble, check_overrides, draw, load
from .errors import InputError
from .params import DEFAULTS
from .runner import RunResult, RunSpec, default_workers, execute, indicator_table, run_many
from .scenarios import load_scenario_file

YEAR = 52
#: HM Treasury Green Book rates (the parameters' defaults): costs, health and wellbeing.
DISCOUNT_RATE = float(DEFAULTS["discount_costs"])
HEALTH_DISCOUNT_RATE = float(DEFAULTS["discount_health"])
CI_LEVEL = 0.95
#: Below this many replications every output says that its intervals are unreliable.
MIN_REPLICATIONS = 5
NOTE = (
    "Intervals are Student-t 95% over replications, kept within the range the indicator "
    "can take, and show simulation noise only, not parameter or structural uncertainty. "
    "Differences are paired by seed against the first scenario."
)
ENSEMBLE_NOTE = (
    "Each replication ran its own member of a calibrated ensemble, the same member and "
    "seed in every scenario, so the Student-t 95% intervals here are for the mean over "
    "members and chance; the spread of a difference over the ensemble is in the section "
    "under uncertainty. Differences are paired by member and seed against the first "
    "scenario; replications.parquet names each replication's member."
)


def note_for(info: dict[str, Any]) -> str:
    """What the intervals of a comparison with this ``info`` show."""
    return ENSEMBLE_NOTE if info.get("ensemble") else NOTE


#: Whole-horizon totals per citizen added to the table (unit, direction of better).
VFM_ROWS = {
    "cost_total_per_citizen": ("GBP per citizen, whole run", -1),
    "cost_total_per_citizen_discounted": ("GBP per citizen, whole run, discounted", -1),
    "wellbeing_years_discounted": ("WEMWBS point-years per citizen, discounted", 1),
}
#: The per-replication totals among them.
VFM_TOTALS = tuple(VFM_ROWS)
#: The values they can take (costs and wellbeing are never negative).
VFM_BOUNDS = {name: (0.0, math.inf) for name in VFM_ROWS}


def period(weeks: int) -> str:
    """What a summary value is, in words, for a run of ``weeks`` weeks."""
    if weeks > YEAR:
        return "final-year means (the last 52 weeks)"
    if weeks == YEAR:
        return "means over the whole run (52 weeks)"
    return f"means over the whole run (weeks 1-{weeks}, shorter than a year)"


def reliability_notes(replications: int, weeks: int, n_citizens: int | None = None) -> list[str]:
    """Plain warnings for the settings that make a comparison's outputs unreliable."""
    from scipy import stats

    notes = []
    if replications == 1:
        notes.append(
            "One replication: there are no intervals, and every difference shown is one "
            "seed's and may be noise. Use 10 or more replications (the default) before "
            "reading any difference."
        )
    elif replications < MIN_REPLICATIONS:
        t = float(stats.t.ppf(0.5 + CI_LEVEL / 2, replications - 1))
        notes.append(
            f"Only {replications} replications: each interval rests on {replications} values "
            f"and spans {t:.1f} standard errors either side (1.96 with many), so intervals "
            "are wide and a difference that looks clear may not survive more seeds. Use 10 "
            "or more replications (the default) before reading the results."
        )
    if weeks < YEAR:
        notes.append(
            f"The run is {weeks} weeks, shorter than a year: values are means over the whole "
            "run, indicators over the last year (crises, participation a year on, turnover) "
            "are not yet meaningful, and the change may still be under way."
        )
    if n_citizens is not None and n_citizens < 1000:
        notes.append(
            f"Only {n_citizens:,} citizens: breakdowns by deprivation fifth, age band and "
            "ward rest on few people each."
        )
    return notes


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


def indicator_summary(df: pd.DataFrame) -> dict[str, float]:
    """Every indicator of one run's table as a summary reads it: the mean over the final
    year (:func:`final_year`), a running total its value in the last week; NaN where
    nothing is defined."""
    fy = final_year(df)
    out = {}
    for name in ind.NAMES:
        if name == "week":
            continue
        col = (df[name].tail(1) if name in ind.TOTALS else fy[name]).to_numpy(dtype=float)
        out[name] = float(np.nanmean(col)) if np.isfinite(col).any() else math.nan
    return out


def replication_summary(
    df: pd.DataFrame,
    cost_rate: float = DISCOUNT_RATE,
    health_rate: float = HEALTH_DISCOUNT_RATE,
) -> dict[str, float]:
    """:func:`indicator_summary`, plus whole-horizon totals per citizen: cost
    undiscounted and discounted at ``cost_rate``, wellbeing point-years discounted at
    ``health_rate``."""
    out = indicator_summary(df)
    body = df[df["week"] > 0]
    weeks = body["week"].to_numpy()
    cost = body["cost_per_citizen_week"].to_numpy(dtype=float)
    wb = body["wellbeing_mean"].to_numpy(dtype=float)
    out["cost_total_per_citizen"] = float(cost.sum())
    out["cost_total_per_citizen_discounted"] = float(
        (cost * discount_factors(weeks, cost_rate)).sum()
    )
    out["wellbeing_years_discounted"] = float(
        (wb * discount_factors(weeks, health_rate)).sum() / YEAR
    )
    return out


def clip_interval(name: str, low: float, high: float, diff: bool = False) -> tuple[float, float]:
    """An interval kept within the values ``name`` can take (for a difference: within
    the differences it can take), the rule every table and figure uses."""
    lo, hi = (
        ind.bounds(name) if name in ind.BY_NAME else VFM_BOUNDS.get(name, (-math.inf, math.inf))
    )
    if diff:
        lo, hi = lo - hi, hi - lo
    if math.isfinite(low):
        low = min(max(low, lo), hi)
    if math.isfinite(high):
        high = max(min(high, hi), lo)
    return low, high


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
            lo, hi = clip_interval(name, lo, hi)
            if scen == base_name:
                d, dlo, dhi = 0.0, 0.0, 0.0
            else:
                diff = cur.loc[paired, name].to_numpy(dtype=float) - base.loc[
                    paired, name
                ].to_numpy(dtype=float)
                d, _, dlo, dhi = t_interval(diff)
                dlo, dhi = clip_interval(name, dlo, dhi, diff=True)
            unit, better = VFM_ROWS.get(name, (ind.unit(name), ind.BETTER.get(name, 0)))
            rows.append(_row(scen, name, mean, sd, lo, hi, d, dlo, dhi, len(cur), unit, better))
    return pd.DataFrame(rows)


#: The ensemble interval: the middle 95% of the paired differences over the members.
ENSEMBLE_QUANTILES = (0.025, 0.975)


def ensemble_differences(reps: pd.DataFrame, scenarios: Sequence[str]) -> pd.DataFrame:
    """Per scenario after the first and per indicator, the paired differences from the
    first scenario over replications that each ran their own ensemble member (same
    member and seed in every scenario): ``mean``, the 95% interval over the ensemble
    (the 2.5% and 97.5% quantiles of the differences, so parameter uncertainty and
    simulation noise together), the shares of replications in which the difference is
    above and below 0 and, for an indicator with a better direction, the probabilities
    that it favours the scenario and the reference (ties favour neither)."""
    base_name = scenarios[0]
    base = reps[reps["scenario"] == base_name].set_index("seed")
    names = [n for n in [*ind.NAMES, *VFM_TOTALS] if n != "week" and n in reps]
    rows = []
    for scen in scenarios[1:]:
        cur = reps[reps["scenario"] == scen].set_index("seed")
        paired = cur.index.intersection(base.index)
        for name in names:
            d = cur.loc[paired, name].to_numpy(dtype=float) - base.loc[paired, name].to_numpy(
                dtype=float
            )
            d = d[np.isfinite(d)]
            unit, better = VFM_ROWS.get(name, (ind.unit(name), ind.BETTER.get(name, 0)))
            n = d.size
            lo, hi = np.quantile(d, ENSEMBLE_QUANTILES) if n else (math.nan, math.nan)
            up = float((d > 0).mean()) if n else math.nan
            down = float((d < 0).mean()) if n else math.nan
            fav = {1: (up, down), -1: (down, up)}.get(better, (math.nan, math.nan))
            rows.append(
                {
                    "scenario": scen,
                    "reference": base_name,
                    "indicator": name,
                    "diff": float(d.mean()) if n else math.nan,
                    "diff_low": float(lo),
                    "diff_high": float(hi),
                    "p_higher": up,
                    "p_lower": down,
                    "p_favours_scenario": fav[0],
                    "p_favours_reference": fav[1],
                    "n": n,
                    "unit": unit,
                    "better": {1: "higher", -1: "lower"}.get(better, ""),
                }
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
    members: Sequence[dict[str, Any]] | None = None,
) -> list[RunSpec]:
    """Every (scenario, replication), scenario by scenario: replication ``r`` has seed
    ``seed + r`` in every scenario (common random numbers, paired differences) and, with
    ``members`` (one parameter set per replication, e.g. from an ensemble), the
    parameters ``members[r]`` over ``overrides`` in every scenario too."""
    overrides = dict(overrides or {})
    if members is not None and len(members) != replications:
        raise ValueError(f"{len(members)} members for {replications} replications")
    return [
        RunSpec(
            s,
            seed + r,
            weeks,
            {**overrides, **members[r]} if members is not None else overrides,
            replication=r,
            label=label,
        )
        for s in scenarios
        for r in range(replications)
    ]


def _rates(spec: RunSpec) -> tuple[float, float]:
    """(cost, health) discount rates of a run's parameters."""
    if spec.params is not None:
        values = {**spec.params, **spec.overrides}
    else:
        values = load_scenario_file(spec.scenario, dict(spec.overrides)).params.to_dict()
    return float(values["discount_costs"]), float(values["discount_health"])


def collect(results: Sequence[RunResult]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(trajectories, per-replication summaries) from runs whose value is an indicator
    table. Trajectories are long in weeks: scenario, replication, seed, week, indicators.
    Whole-horizon totals are discounted at the rates of the first run's parameters (the
    reference), as the appraisal is."""
    frames, summaries = [], []
    rates = _rates(results[0].spec) if results else ()
    for res in results:
        scen, rep, s = res.spec.scenario, res.spec.replication, res.spec.seed
        df = res.value.copy()
        df.insert(0, "seed", s)
        df.insert(0, "replication", rep)
        df.insert(0, "scenario", scen)
        frames.append(df)
        summaries.append(
            {"scenario": scen, "replication": rep, "seed": s, **replication_summary(df, *rates)}
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
    ensemble: Any = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Run every (scenario, replication). Returns (trajectories, per-replication summary,
    info). Trajectories are long in weeks: scenario, replication, seed, week, indicators.
    An ``extractor`` that returns (indicator table, extra) puts the extras, one table per
    run with its scenario, replication and seed, in ``info["extra"]``.

    With an ``ensemble`` (:class:`coproduction.ensemble.Ensemble`), replication ``r``
    runs member ``draw(ensemble, replications, seed)[r]`` in every scenario (paired on
    member and seed); the summary gains a ``member`` column and ``info["ensemble"]``
    says which members ran."""
    overrides = dict(overrides or {})
    members = picks = None
    if ensemble is not None:
        check_overrides(ensemble, overrides)
        picks = draw(ensemble, replications, seed)
        members = [ensemble.member(i) for i in picks]
    resolved = check_inputs(scenarios, replications, weeks, seed, overrides)  # validates early
    workers = default_workers() if workers is None else workers
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError(f"--workers {workers!r}: must be a positive integer")
    specs = replication_specs(scenarios, replications, weeks, seed, overrides, members=members)
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
    if picks is not None:
        reps.insert(3, "member", reps["replication"].map(dict(enumerate(picks))).astype(int))
    timings = [res.wall_s for res in results]
    info = {
        "scenarios": {
            s: {"name": r.name, "source": r.source, "description": r.description}
            for s, r in resolved.items()
        },
        "resolved": resolved,
        "replications": replications,
        "weeks": weeks,
        "n_citizens": int(resolved[scenarios[0]].params.n_citizens),
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
    if ensemble is not None:
        info["ensemble"] = {
            "name": ensemble.name,
            "source": ensemble.source,
            "size": len(ensemble),
            "parameters": list(ensemble.parameters),
            "place": ensemble.place,
            "members": picks,  # by replication
            "distinct_members": len(set(picks)),
        }
    return traj, reps, info


def compare(
    scenarios: Sequence[str],
    replications: int = 10,
    weeks: int = 520,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
    progress: Callable[[int], Any] | None = None,
    uncertainty: str = "none",
    ensemble: Any = None,
    **param_overrides: Any,
) -> pd.DataFrame:
    """Compare scenarios; returns the tidy table that ``coprod compare --json`` prints:
    one row per (scenario, indicator) with ``mean``, ``ci_low``, ``ci_high``, ``diff``
    (paired by seed against the first scenario, 0 for it) and its interval.

    ``uncertainty="ensemble"`` runs replication ``r`` with its own member of
    ``ensemble`` (an :class:`~coproduction.ensemble.Ensemble`, a shipped name or a
    path; default the shipped ``calibrate_wales``), the same member and seed in every
    scenario, and adds the columns of :func:`ensemble_differences`: ``diff_low`` and
    ``diff_high`` (the 95% interval over the ensemble) and ``p_favours_scenario`` and
    ``p_favours_reference``."""
    merged = {**(overrides or {}), **param_overrides}
    ens = resolve_uncertainty(uncertainty, ensemble)
    _, reps, _ = run_replications(
        scenarios, replications, weeks, seed, merged, workers, progress, ensemble=ens
    )
    table = summarise(reps, list(scenarios))
    return table if ens is None else with_ensemble_columns(table, reps, scenarios)


def with_ensemble_columns(
    table: pd.DataFrame, reps: pd.DataFrame, scenarios: Sequence[str]
) -> pd.DataFrame:
    """:func:`summarise`'s table with the columns of :func:`ensemble_differences` (its
    ``diff`` as ``diff_ensemble``, the same mean over the paired replications), empty
    for the reference."""
    extra = ensemble_differences(reps, list(scenarios)).drop(
        columns=["reference", "n", "unit", "better"]
    )
    extra = extra.rename(columns={"diff": "diff_ensemble"})
    return table.merge(extra, on=["scenario", "indicator"], how="left")


#: What ``--uncertainty`` can be.
UNCERTAINTY = ("none", "ensemble")


def resolve_uncertainty(uncertainty: str, ensemble: Any = None) -> Any:
    """The ensemble to run under ``uncertainty`` (None for ``"none"``), loading a name
    or path; an ensemble named with ``uncertainty="none"`` is refused, not ignored."""
    if uncertainty not in UNCERTAINTY:
        raise InputError(f"--uncertainty {uncertainty!r}: must be one of {', '.join(UNCERTAINTY)}")
    if uncertainty == "none":
        if ensemble is not None:
            raise InputError(
                f"--ensemble {getattr(ensemble, 'name', ensemble)!r} needs --uncertainty ensemble"
            )
        return None
    return ensemble if isinstance(ensemble, Ensemble) else load(ensemble or SHIPPED)
