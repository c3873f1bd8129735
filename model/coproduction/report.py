"""Plain-text and Markdown tables of scenario comparisons."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from . import indicators as ind
from .comparison import NOTE
from .formatting import number


def cell(row: pd.Series) -> str:
    """``mean [low, high]``."""
    if not math.isfinite(row["ci_low"]):
        return number(row["mean"])
    return f"{number(row['mean'])} [{number(row['ci_low'])}, {number(row['ci_high'])}]"


def diff_cell(row: pd.Series) -> str:
    if not math.isfinite(row["diff"]):
        return "n/a"
    sign = "+" if row["diff"] > 0 else ""
    if not math.isfinite(row["diff_ci_low"]):
        return f"{sign}{number(row['diff'])}"
    mark = ""
    if row["diff_ci_low"] > 0 or row["diff_ci_high"] < 0:
        mark = " *"
    low, high = number(row["diff_ci_low"]), number(row["diff_ci_high"])
    return f"{sign}{number(row['diff'])} [{low}, {high}]{mark}"


def markdown_table(table: pd.DataFrame, indicators: Sequence[str], scenarios: Sequence[str]) -> str:
    base = scenarios[0]
    head = ["indicator", "unit", "better", *scenarios, *(f"{s} - {base}" for s in scenarios[1:])]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in indicators:
        sub = table[table["indicator"] == name].set_index("scenario")
        if sub.empty:
            continue
        first = sub.iloc[0]
        vals = [cell(sub.loc[s]) for s in scenarios]
        diffs = [diff_cell(sub.loc[s]) for s in scenarios[1:]]
        lines.append(
            "| " + " | ".join([name, first["unit"], first["better"], *vals, *diffs]) + " |"
        )
    return "\n".join(lines)


def markdown_summary(table: pd.DataFrame, scenarios: Sequence[str], info: dict) -> str:
    """The comparison as Markdown: headline, six effect areas, value for money."""
    out = [
        f"# Scenario comparison: {', '.join(scenarios)}",
        "",
        f"{info['replications']} replications per scenario, {info['weeks']} weeks, seeds "
        f"{info['seeds'][0]}..{info['seeds'][-1]} (replication r uses seed {info['seed']} + r; "
        "`coprod run SCENARIO --seed S` reproduces one).",
        f"Overrides: {info['overrides'] or 'none'}.",
        "",
        "Values are final-year means (last 52 weeks) with 95% intervals; differences are "
        f"from `{scenarios[0]}`, paired by seed, and marked * where the interval excludes 0.",
        NOTE,
        "",
        "## Scenarios",
        "",
    ]
    for s in scenarios:
        desc = " ".join(info["scenarios"][s]["description"].split())
        out.append(f"- **{s}**: {desc}")
    out += ["", "## Headline", "", markdown_table(table, ind.HEADLINE, scenarios), ""]
    for area, names in ind.EFFECT_AREAS.items():
        out += [f"## {area.capitalize()}", "", markdown_table(table, names, scenarios), ""]
    vfm = [
        "cost_total_per_citizen",
        "cost_total_per_citizen_discounted",
        "wellbeing_years_discounted",
        "icer_gbp_per_wemwbs_point_year",
    ]
    out += [
        "## Value for money",
        "",
        "Totals over the whole horizon per citizen, undiscounted and discounted at 3.5% a year "
        "(HM Treasury Green Book). The incremental cost per WEMWBS point per citizen-year "
        f"compares each scenario with `{scenarios[0]}` (discounted); a negative value with a "
        "wellbeing gain means the scenario costs less and does better.",
        "",
        markdown_table(table, vfm, scenarios),
        "",
        "## Other indicators",
        "",
        markdown_table(
            table,
            [
                n
                for n in ind.NAMES
                if n != "week"
                and n not in ind.HEADLINE
                and not any(n in v for v in ind.EFFECT_AREAS.values())
            ],
            scenarios,
        ),
        "",
    ]
    return "\n".join(out)


def compact(mean: float, low: float, high: float, signed: bool = False) -> str:
    """``mean ±half-width`` for the terminal."""
    if mean is None or not math.isfinite(mean):
        return "n/a"
    sign = "+" if signed and mean > 0 else ""
    if not math.isfinite(low):
        return f"{sign}{number(mean)}"
    return f"{sign}{number(mean)} ±{number((high - low) / 2, 2)}"


def text_table(
    table: pd.DataFrame, scenarios: Sequence[str], indicators: Sequence[str] | None = None
) -> str:
    """A compact fixed-width table for the terminal."""
    names = indicators or [n for n in table["indicator"].unique()]
    base = scenarios[0]
    rows = [["indicator", *scenarios, *(f"diff {s}" for s in scenarios[1:])]]
    for name in names:
        sub = table[table["indicator"] == name].set_index("scenario")
        if sub.empty:
            continue
        vals = [compact(*sub.loc[s, ["mean", "ci_low", "ci_high"]]) for s in scenarios]
        diffs = []
        for s in scenarios[1:]:
            r = sub.loc[s]
            mark = " *" if r["diff_ci_low"] > 0 or r["diff_ci_high"] < 0 else ""
            diffs.append(compact(r["diff"], r["diff_ci_low"], r["diff_ci_high"], True) + mark)
        rows.append([name, *vals, *diffs])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(
        f"mean ±half-width of the 95% interval; diff: paired difference from {base}, "
        f"* where its interval excludes 0. {NOTE}"
    )
    return "\n".join(lines)
