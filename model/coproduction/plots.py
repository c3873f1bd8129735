"""Matplotlib figures of scenario comparisons (kept apart from the model)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from . import indicators as ind

#: Okabe-Ito colour-blind-safe palette.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


#: Weekly flows are noisy: they are shown as 13-week trailing means.
SMOOTH_WEEKS = 13


is_flow = ind.is_flow


def _t_band(group: pd.DataFrame, column: str) -> pd.DataFrame:
    from scipy import stats

    if is_flow(column):
        group = group[group["week"] > 0].sort_values(["replication", "week"])
        smooth = group.groupby("replication")[column].transform(
            lambda s: s.rolling(SMOOTH_WEEKS, min_periods=1).mean()
        )
        group = group.assign(**{column: smooth})
    g = group.groupby("week")[column]
    mean, sd, n = g.mean(), g.std(ddof=1), g.count()
    tq = stats.t.ppf(0.975, np.maximum(n - 1, 1))
    half = np.where(n > 1, tq * sd / np.sqrt(n), np.nan)
    low, high = mean - half, mean + half
    # a band never leaves the range the indicator is declared to take (the rule of the
    # tables too: comparison.clip_interval)
    lo, hi = ind.bounds(column)
    low, high = low.clip(lower=lo, upper=hi), high.clip(lower=lo, upper=hi)
    return pd.DataFrame({"mean": mean, "low": low, "high": high})


def trajectories(
    traj: pd.DataFrame, indicators: Sequence[str], scenarios: Sequence[str], title: str, path: Path
) -> Path:
    """Mean trajectory per scenario with a 95% band over replications, one panel per
    indicator, saved as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    k = len(indicators)
    cols = 2 if k == 4 else min(3, k)
    rows = math.ceil(k / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 3.2 * rows), squeeze=False)
    for ax, name in zip(axes.flat, indicators, strict=False):
        for i, scen in enumerate(scenarios):
            band = _t_band(traj[traj["scenario"] == scen], name)
            colour = PALETTE[i % len(PALETTE)]
            weeks = band.index.to_numpy()
            ax.plot(weeks / 52, band["mean"], color=colour, lw=1.5, label=scen)
            ax.fill_between(weeks / 52, band["low"], band["high"], color=colour, alpha=0.2, lw=0)
        unit = ind.unit(name)
        label = ind.label(name)
        if traj[name].isna().all():
            reason = "needs a funding cut after week 52" if "retention" in name else "no data"
            ax.text(0.5, 0.5, f"not defined here\n({reason})", ha="center", va="center",
                    transform=ax.transAxes, fontsize=9, color="0.4")  # fmt: skip
            ax.set_xticks([])
            ax.set_yticks([])
        if is_flow(name):
            label += f" ({SMOOTH_WEEKS}-week mean)"
        ax.set_title(label, fontsize=10)
        ax.set_ylabel(unit, fontsize=8)
        ax.set_xlabel("year", fontsize=8)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[k:]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(
        handles,
        labels,
        loc="upper center",
        ncol=min(len(scenarios), 4),
        fontsize=9,
        bbox_to_anchor=(0.5, 1.0),
        frameon=False,
    )
    fig.suptitle(title, y=1.06 if rows == 1 else 1.03, fontsize=12)
    fig.text(
        0.5,
        -0.02,
        "Bands: 95% intervals over replications (simulation noise only), kept within "
        "the range the indicator can take.",
        ha="center",
        fontsize=8,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path


def comparison_figures(traj: pd.DataFrame, scenarios: Sequence[str], folder: Path) -> list[Path]:
    """The headline figure and one figure per effect area."""
    folder.mkdir(parents=True, exist_ok=True)
    out = [
        trajectories(traj, ind.HEADLINE, scenarios, "Headline indicators", folder / "headline.png")
    ]
    for area, names in ind.EFFECT_AREAS.items():
        slug = area.replace(" ", "_")
        out.append(trajectories(traj, names, scenarios, area.capitalize(), folder / f"{slug}.png"))
    return out


def jcurve(jc: pd.DataFrame, payback: pd.DataFrame, population: int, path: Path) -> Path:
    """The cumulative discounted net public cost of each scenario against the reference
    (the J-curve), in GBP million for the place, with its 95% band and payback marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    for i, (scen, g) in enumerate(jc.groupby("scenario", sort=False)):
        colour = PALETTE[(i + 1) % len(PALETTE)]
        years = g["week"].to_numpy() / 52
        ax.plot(years, g["mean"] / 1e6, color=colour, label=scen, lw=1.8)
        if g["ci_low"].notna().any():
            ax.fill_between(years, g["ci_low"] / 1e6, g["ci_high"] / 1e6, color=colour, alpha=0.2)
        row = payback[payback["scenario"] == scen]
        if len(row) and np.isfinite(row["payback_years"].iloc[0]):
            pb = float(row["payback_years"].iloc[0])
            ax.axvline(pb, color=colour, ls=":", lw=1)
            ax.annotate(f"payback {pb:.1f} y", (pb, 0), xytext=(4, 8), textcoords="offset points",
                        color=colour, fontsize=10)  # fmt: skip
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xlabel("Years from the start of the change", fontsize=12)
    ax.set_ylabel("Cumulative net public cost\n(GBP million, discounted at 3.5%)", fontsize=12)
    ax.set_title(
        f"Cumulative net cost against the reference, for {population:,} residents", fontsize=12
    )
    ax.tick_params(labelsize=11)
    ax.legend(fontsize=10, frameon=False)
    fig.text(
        0.5,
        -0.04,
        "Above 0: the change has cost more than the reference so far; it pays back where the "
        "curve crosses 0 for good. Bands: 95% intervals over replications (simulation noise "
        "only).",
        ha="center",
        fontsize=9,
        wrap=True,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path


def acceptability(curve: pd.DataFrame, wellby_value: float, path: Path) -> Path:
    """The cost-effectiveness acceptability curve: per scenario, the probability over the
    ensemble that its net monetary benefit against the reference is above 0, against
    the value of a WELLBY, with the central value marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker  # noqa: F401 - the axis formatter

    fig, ax = plt.subplots(figsize=(8, 4.5))
    for i, (scen, g) in enumerate(curve.groupby("scenario", sort=False)):
        colour = PALETTE[(i + 1) % len(PALETTE)]
        at0 = g.loc[g["wellby_value"] == 0, "p_cost_effective"]
        pos = g[g["wellby_value"] > 0]
        label = f"{scen} (at £0: {at0.iloc[0]:.0%})" if len(at0) else scen
        # Dashes differ by scenario so curves that coincide (often at 0% or 100%) all show.
        dashes = ("-", "--", "-.", ":")[i % 4]
        ax.plot(pos["wellby_value"], pos["p_cost_effective"], color=colour, lw=1.8, ls=dashes,
                label=label, drawstyle="steps-post")  # fmt: skip
    ax.set_xscale("log")
    ax.axvline(wellby_value, color="black", ls=":", lw=1)
    ax.annotate(f"central value £{wellby_value:,.0f}", (wellby_value, 0.02),
                xytext=(-4, 0), textcoords="offset points", fontsize=10, ha="right")  # fmt: skip
    ax.set_ylim(-0.02, 1.02)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"£{v:,.0f}"))
    ax.set_xlabel("Value of one WELLBY (GBP, log scale)", fontsize=12)
    ax.set_ylabel("Probability cost-effective\nagainst the reference", fontsize=12)
    ax.set_title("Acceptability over the calibrated ensemble", fontsize=12)
    ax.tick_params(labelsize=11)
    ax.legend(fontsize=10, frameon=False)
    fig.text(
        0.5,
        -0.04,
        "Share of replications (each its own ensemble member, paired across scenarios) in "
        "which WELLBYs gained times the value, less the net public cost, over the run, both "
        "discounted, is above 0. At 0 it is the share in which the scenario costs less.",
        ha="center",
        fontsize=9,
        wrap=True,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path
