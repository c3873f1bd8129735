"""Plain-text and Markdown tables of scenario comparisons."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from . import indicators as ind
from .comparison import (
    DISCOUNT_RATE,
    HEALTH_DISCOUNT_RATE,
    NOTE,
    VFM_ROWS,
    note_for,
    period,
    reliability_notes,
)
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
    """The comparison as Markdown: warnings, headline, the six effect areas, the rest."""
    n_citizens = info.get("n_citizens")
    notes = reliability_notes(info["replications"], info["weeks"], n_citizens)
    out = [
        f"# Scenario comparison: {', '.join(scenarios)}",
        "",
        f"{info['replications']} replications per scenario, {info['weeks']} weeks, seeds "
        f"{info['seeds'][0]}..{info['seeds'][-1]} (replication r uses seed {info['seed']} + r; "
        "`coprod run SCENARIO --seed S` reproduces one).",
        f"Overrides: {info['overrides'] or 'none'}.",
        "",
    ]
    if notes:
        out += ["**Read with care.**", "", *(f"- {n}" for n in notes), ""]
    totals = ", ".join(f"`{n}`" for n in ind.TOTALS)
    out += [
        f"Values are {period(info['weeks'])}, except running totals ({totals}), which are "
        f"their value at the end of the run; differences are from `{scenarios[0]}`, paired "
        "by seed, and marked * where the interval excludes 0.",
        note_for(info),
        "",
        "## Scenarios",
        "",
    ]
    for s in scenarios:
        desc = " ".join(info["scenarios"][s]["description"].split())
        out.append(f"- **{s}**: {desc}")
    out += ["", "## Headline", "", markdown_table(table, ind.HEADLINE, scenarios), ""]
    for area, names in ind.EFFECT_AREAS.items():
        title = area.capitalize()
        if area == ind.VFM:
            title += ": spending week by week"
        out += [f"## {title}", "", markdown_table(table, names, scenarios), ""]
        if area == ind.VFM:
            out += [
                "Whole-run totals per citizen: cost undiscounted and discounted, and "
                "wellbeing in WEMWBS point-years, discounted as HM Treasury's Green Book "
                f"says (costs {DISCOUNT_RATE:.1%} and health {HEALTH_DISCOUNT_RATE:.1%} a "
                "year at the defaults). The net present "
                "value, net monetary benefit and who pays, for all residents, follow in "
                "*Money over the run*.",
                "",
                markdown_table(table, list(VFM_ROWS), scenarios),
                "",
            ]
    out += [
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
    """``mean [low, high]`` for the terminal (the interval may be clipped, so it is not
    written as a half-width)."""
    if mean is None or not math.isfinite(mean):
        return "n/a"
    sign = "+" if signed and mean > 0 else ""
    if not math.isfinite(low):
        return f"{sign}{number(mean)}"
    return f"{sign}{number(mean)} [{number(low, 3)}, {number(high, 3)}]"


def text_table(
    table: pd.DataFrame,
    scenarios: Sequence[str],
    indicators: Sequence[str] | None = None,
    note: str = NOTE,
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
        f"mean [95% interval]; diff: paired difference from {base}, * where its interval "
        f"excludes 0. {note}"
    )
    return "\n".join(lines)
