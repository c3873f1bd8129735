"""Which lever carries what: the Shapley decomposition of a scenario's gain over the
reference.

A scenario differs from the reference (``top_down``) in some policy levers. Its gain on
an indicator, ``v(all levers) - v(none)``, is split between those levers by their Shapley
values: lever i gets the average, over every order in which the levers could be switched
on, of what switching it on adds,

    phi_i = sum over coalitions S without i of |S|! (k - |S| - 1)! / k! (v(S + i) - v(S)),

where ``v(S)`` is the final-year mean of the indicator with the levers in S at the
scenario's values and the others at the reference's. The values add up to the gain
exactly, interactions included, so a reader sees which lever carries what. Every
coalition runs with the same seeds (common random numbers); the decomposition is
computed seed by seed and reported with its Student-t 95% interval over seeds.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .comparison import final_year, t_interval
from .errors import InputError
from .params import LEVER_NAMES
from .runner import RunSpec, run_many
from .scenarios import load_scenario_file

#: Indicators decomposed by default: wellbeing, crises, cost, satisfaction, participation.
INDICATORS = (
    "wellbeing_mean",
    "crisis_rate",
    "cost_per_citizen_week",
    "professional_satisfaction",
    "participation_rate",
)
#: Exact Shapley values need 2**k coalitions: more levers than this are refused.
MAX_LEVERS = 10


@dataclass(frozen=True)
class FinalYearMeans:
    """Extractor: the final-year mean of each of ``indicators``."""

    indicators: tuple[str, ...]

    def __call__(self, model, spec) -> dict[str, float]:
        fy = final_year(model.indicators_dataframe())
        return {n: float(fy[n].mean()) for n in self.indicators}


def changed_levers(scenario: str, reference: str, overrides: dict[str, Any]) -> list[str]:
    """The levers whose value differs between the scenario and the reference."""
    a = load_scenario_file(scenario, overrides).params.to_dict()
    b = load_scenario_file(reference, overrides).params.to_dict()
    if a["schedule"] != b["schedule"]:
        raise InputError(
            f"coprod decompose: {scenario!r} and {reference!r} differ in their schedules "
            f"({a['schedule'] or 'none'!r} against {b['schedule'] or 'none'!r}); the "
            "decomposition splits a gain between levers held constant, so compare two "
            "scenarios without schedules"
        )
    return [k for k in LEVER_NAMES if a[k] != b[k]]


def coalition_specs(
    scenario: str,
    reference: str,
    levers: Sequence[str],
    replications: int,
    weeks: int,
    seed: int,
    overrides: dict[str, Any],
) -> list[RunSpec]:
    """One run per (coalition, seed): the reference's parameters with the coalition's
    levers at the scenario's values. The coalition is the spec's label (lever names
    joined by '+', '' for none)."""
    target = load_scenario_file(scenario, overrides).params.to_dict()
    base = load_scenario_file(reference, overrides).params.to_dict()
    specs = []
    for size in range(len(levers) + 1):
        for combo in itertools.combinations(levers, size):
            params = {**base, **{k: target[k] for k in combo}}
            label = "+".join(combo)
            for r in range(replications):
                specs.append(RunSpec(scenario, seed + r, weeks, params=params,
                                     replication=r, label=label))  # fmt: skip
    return specs


def shapley_values(values: dict[frozenset, float], levers: Sequence[str]) -> dict[str, float]:
    """Exact Shapley values of ``levers`` from the value of every coalition."""
    k = len(levers)
    out = {}
    for lever in levers:
        others = [x for x in levers if x != lever]
        total = 0.0
        for size in range(k):
            weight = math.factorial(size) * math.factorial(k - size - 1) / math.factorial(k)
            for combo in itertools.combinations(others, size):
                s = frozenset(combo)
                total += weight * (values[s | {lever}] - values[s])
        out[lever] = total
    return out


def decompose(
    scenario: str,
    reference: str = "top_down",
    indicators: Sequence[str] = INDICATORS,
    replications: int = 5,
    weeks: int = 520,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
    progress=None,
) -> pd.DataFrame:
    """The Shapley decomposition of ``scenario``'s gain over ``reference``: one row per
    (indicator, lever) with the mean Shapley value over seeds and its 95% interval, plus a
    ``total`` row per indicator (the gain itself); ``share`` is the lever's part of the
    total."""
    overrides = dict(overrides or {})
    levers = changed_levers(scenario, reference, overrides)
    if not levers:
        raise InputError(f"decompose: {scenario!r} changes no lever of {reference!r}")
    if len(levers) > MAX_LEVERS:
        raise InputError(
            f"decompose: {scenario!r} changes {len(levers)} levers of {reference!r}; at most "
            f"{MAX_LEVERS} can be decomposed exactly (2**k coalitions)"
        )
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 2:
        raise InputError(f"--replications {replications!r}: must be an integer of at least 2")
    specs = coalition_specs(scenario, reference, levers, replications, weeks, seed, overrides)
    results = run_many(specs, FinalYearMeans(tuple(indicators)), workers=workers,
                       progress=progress)  # fmt: skip
    by_seed: dict[int, dict[frozenset, dict[str, float]]] = {}
    for res in results:
        coalition = frozenset(res.spec.label.split("+")) if res.spec.label else frozenset()
        by_seed.setdefault(res.spec.seed, {})[coalition] = res.value
    rows = []
    for name in indicators:
        per_seed = {lever: [] for lever in levers}
        totals = []
        for values in by_seed.values():
            v = {c: vals[name] for c, vals in values.items()}
            phi = shapley_values(v, levers)
            for lever in levers:
                per_seed[lever].append(phi[lever])
            totals.append(v[frozenset(levers)] - v[frozenset()])
        total_mean = float(np.mean(totals))
        for lever, xs in [*per_seed.items(), ("total", totals)]:
            mean, _, lo, hi = t_interval(np.array(xs))
            rows.append({
                "indicator": name, "lever": lever, "value": mean, "ci_low": lo, "ci_high": hi,
                "share": mean / total_mean if total_mean else math.nan,
                "scenario": scenario, "reference": reference,
                "replications": replications, "weeks": weeks,
            })  # fmt: skip
    return pd.DataFrame(rows)


def markdown(table: pd.DataFrame) -> str:
    """The decomposition as a Markdown table: one row per lever, one column per indicator
    (value with its 95% interval), the gain in the last row."""
    from . import indicators as ind
    from .formatting import number

    names = list(dict.fromkeys(table["indicator"]))
    levers = list(dict.fromkeys(table["lever"]))
    first = table.iloc[0]
    head = ["lever", *(f"{ind.label(n)} ({ind.unit(n)})" for n in names)]
    out = [
        f"Shapley decomposition of the gain of `{first['scenario']}` over "
        f"`{first['reference']}`: final-year means, {int(first['replications'])} seeds of "
        f"{int(first['weeks'])} weeks each; each lever's part of the gain, in the "
        "indicator's unit, with its Student-t 95% interval over seeds in brackets. The "
        "rows add up to the gain.",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for lever in levers:
        cells = [f"`{lever}`" if lever != "total" else "**gain (total)**"]
        for n in names:
            r = table[(table["indicator"] == n) & (table["lever"] == lever)].iloc[0]
            cells.append(
                f"{number(r['value'], 3)} [{number(r['ci_low'], 2)}, {number(r['ci_high'], 2)}]"
            )
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"
