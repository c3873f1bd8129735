"""Pictures of sweeps: response heatmaps over two factors, trajectories by factor level,
and sensitivity bar charts. PNG files under the results directory's ``figures/``."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..plots import PALETTE, SMOOTH_WEEKS, is_flow
from .results import Results


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


def _save(fig, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp.png")
    fig.savefig(tmp, dpi=110, bbox_inches="tight")
    tmp.replace(path)
    return path


def heatmap(means: pd.DataFrame, x: str, y: str, output: str, path: Path) -> Path:
    """Mean ``output`` over a grid of two factors (averaged over replications and any
    other factors)."""
    plt = _plt()
    table = means.groupby([y, x])[output].mean().unstack(x).sort_index(ascending=False)
    fig, ax = plt.subplots(figsize=(1.1 * table.shape[1] + 2.5, 0.6 * table.shape[0] + 2))
    im = ax.imshow(table.to_numpy(dtype=float), aspect="auto", cmap="viridis")
    ax.set_xticks(range(table.shape[1]), [f"{v:g}" for v in table.columns])
    ax.set_yticks(range(table.shape[0]), [f"{v:g}" for v in table.index])
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    vals = table.to_numpy(dtype=float)
    for (i, j), v in np.ndenumerate(vals):
        if np.isfinite(v):
            ax.text(j, i, f"{v:.4g}", ha="center", va="center", fontsize=7, color="white")
    fig.colorbar(im, ax=ax, label=output)
    ax.set_title(f"{output}\n(mean over replications)")
    out = _save(fig, path)
    plt.close(fig)
    return out


def trajectories_by_level(traj: pd.DataFrame, factor: str, indicator: str, path: Path) -> Path:
    """Mean weekly ``indicator`` for each level of ``factor`` (over everything else);
    weekly flows as 13-week trailing means."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 4))
    levels = sorted(traj[factor].unique())
    for k, level in enumerate(levels):
        sub = traj[traj[factor] == level]
        if is_flow(indicator):
            sub = sub[sub["week"] > 0]
        series = sub.groupby("week")[indicator].mean()
        if is_flow(indicator):
            series = series.rolling(SMOOTH_WEEKS, min_periods=1).mean()
        ax.plot(
            series.index, series.to_numpy(), color=PALETTE[k % len(PALETTE)], label=f"{level:g}"
        )
    ax.set_xlabel("week")
    ax.set_ylabel(indicator)
    ax.legend(title=factor, fontsize=8)
    ax.set_title(f"{indicator} by {factor}")
    out = _save(fig, path)
    plt.close(fig)
    return out


def sweep_figures(res: Results, max_levels: int = 8) -> list[Path]:
    """Heatmaps for the first two factors (every summary column) and trajectories by
    level for each factor with at most ``max_levels`` levels (every kept indicator)."""
    fig_dir = res.path / "figures"
    means = res.point_means()
    if means.empty:
        return []
    factors = [f for f in res.factors if means[f].nunique() > 1]
    made = []
    if len(factors) >= 2 and all(means[f].nunique() <= 12 for f in factors[:2]):
        x, y = factors[:2]
        for out in res.outputs:
            made.append(heatmap(means, x, y, out, fig_dir / f"heatmap_{_safe(out)}.png"))
    spec = res.meta.get("spec", {})
    indicators = spec.get("outputs", {}).get("indicators", [])
    if spec.get("outputs", {}).get("trajectories") and indicators:
        traj = res.trajectories()
        for f in factors:
            if traj[f].nunique() > max_levels:
                continue
            for name in indicators:
                made.append(
                    trajectories_by_level(
                        traj, f, name, fig_dir / f"trajectory_{_safe(name)}_by_{_safe(f)}.png"
                    )
                )
    return made


def sensitivity_bars(table: pd.DataFrame, fig_dir: Path) -> list[Path]:
    """One bar chart per output: S1 and ST with 95% intervals (sobol), or mu* with its
    interval (morris)."""
    plt = _plt()
    made = []
    for out, df in table.groupby("output", sort=False):
        sobol = df["method"].iloc[0] == "sobol"
        df = df.sort_values("ST" if sobol else "mu_star", ascending=True)
        fig, ax = plt.subplots(figsize=(7, 0.45 * len(df) + 1.5))
        pos = np.arange(len(df))
        if sobol:
            ax.barh(pos - 0.2, df["S1"], 0.4, xerr=df["S1_conf"], color=PALETTE[0], label="S1")
            ax.barh(pos + 0.2, df["ST"], 0.4, xerr=df["ST_conf"], color=PALETTE[1], label="ST")
            ax.set_xlabel("Sobol' index (95% bootstrap interval)")
            ax.legend()
        else:
            ax.barh(pos, df["mu_star"], 0.6, xerr=df["mu_star_conf"], color=PALETTE[0])
            ax.set_xlabel(f"Morris mu* ({out} units; 95% interval)")
        ax.set_yticks(pos, df["factor"])
        ax.set_title(f"{out}\n({df['of'].iloc[0]})" if "of" in df else out)
        made.append(_save(fig, fig_dir / f"sensitivity_{_safe(out)}.png"))
        plt.close(fig)
    return made
