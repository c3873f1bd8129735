"""Global sensitivity indices from a finished sobol or morris experiment (SALib).

Replications are averaged first: the indices describe how the expected output (over
the model's random streams) depends on the factors. With few replications the
remaining simulation noise shows up as variance no factor explains (the sum of
first-order indices falls below 1) and widens the bootstrap intervals.

- Sobol' (Saltelli sampling): first-order ``S1`` (share of output variance due to the
  factor alone) and total ``ST`` (including all its interactions), each with a
  bootstrap 95% interval (``*_conf`` is the half-width).
- Morris elementary effects: ``mu_star`` (mean absolute effect, in output units; ranks
  the factors), its 95% interval, and ``sigma`` (spread: non-linearity or interaction).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..formatting import number
from .results import Results, open_results
from .store import write_parquet

CONF_LEVEL = 0.95
RESAMPLES = 200


def _problem(res: Results) -> dict:
    spec = res.meta["spec"]
    return {
        "num_vars": len(spec["factors"]),
        "names": [f["name"] for f in spec["factors"]],
        "bounds": [[f["low"], f["high"]] for f in spec["factors"]],
    }


def sensitivity(path: str | Path, outputs: list[str] | None = None) -> pd.DataFrame:
    """Indices for each summary column (or ``outputs``) of the store at ``path``.

    Returns a tidy table: one row per (output, factor) with ``method`` and either
    S1, S1_conf, ST, ST_conf (sobol) or mu_star, mu_star_conf, sigma, mu (morris); ``of``
    says whether the output is a level of the scenario or, for an experiment with
    ``versus``, the paired difference scenario - versus, and ``output_mean`` and
    ``output_sd`` are its mean and spread over the design's points.
    """
    from SALib.analyze import morris, sobol

    with open_results(path) as res:
        if res.meta.get("kind") != "sweep":
            raise InputError(f"{path}: sensitivity needs a sweep store, not a {res.meta['kind']}")
        spec = res.meta["spec"]
        method = spec["sampler"]["method"]
        if method not in ("sobol", "morris"):
            raise InputError(
                f"{path}: experiment {res.meta['name']!r} uses the {method!r} sampler; "
                "sensitivity indices need sampler.method = 'sobol' or 'morris'"
            )
        counts = res.counts()
        if counts["done"] < counts["runs"]:
            raise InputError(
                f"{path}: {counts['done']} of {counts['runs']} runs are done "
                f"({counts['failed']} failed, {counts['pending']} pending); the indices need "
                "every run: rerun the sweep (with --retry-failed for failed runs)"
            )
        means = res.point_means()
        names = outputs or res.outputs
        unknown = [o for o in names if o not in res.outputs]
        if unknown:
            raise InputError(
                f"--output {unknown[0]!r}: not a summary column of this store; "
                f"choose from {', '.join(res.outputs)}"
            )
    problem = _problem(res)
    versus = res.meta.get("versus")
    of = f"difference, {spec['scenario']} - {versus}" if versus else f"level, {spec['scenario']}"
    x = means[problem["names"]].to_numpy(dtype=float)
    rows = []
    for out in names:
        y = means[out].to_numpy(dtype=float)
        if not np.isfinite(y).all():
            raise InputError(f"{path}: output {out!r} has missing values; cannot analyse it")
        about = {"of": of, "output_mean": float(y.mean()), "output_sd": float(y.std(ddof=1))}
        if method == "sobol":
            si = sobol.analyze(
                problem,
                y,
                calc_second_order=spec["sampler"]["second_order"],
                num_resamples=RESAMPLES,
                conf_level=CONF_LEVEL,
                seed=spec["sampler"]["seed"],
            )
            for i, f in enumerate(problem["names"]):
                rows.append(
                    {
                        "output": out,
                        **about,
                        "factor": f,
                        "method": "sobol",
                        "S1": si["S1"][i],
                        "S1_conf": si["S1_conf"][i],
                        "ST": si["ST"][i],
                        "ST_conf": si["ST_conf"][i],
                    }
                )
        else:
            si = morris.analyze(
                problem,
                x,
                y,
                num_resamples=RESAMPLES,
                conf_level=CONF_LEVEL,
                num_levels=spec["sampler"]["levels"],
                seed=spec["sampler"]["seed"],
            )
            for i, f in enumerate(problem["names"]):
                rows.append(
                    {
                        "output": out,
                        **about,
                        "factor": f,
                        "method": "morris",
                        "mu_star": si["mu_star"][i],
                        "mu_star_conf": si["mu_star_conf"][i],
                        "sigma": si["sigma"][i],
                        "mu": si["mu"][i],
                    }
                )
    return pd.DataFrame(rows)


def save(table: pd.DataFrame, path: str | Path) -> list[Path]:
    """Write sensitivity.parquet and one bar chart per output under ``path``/figures."""
    from .plots import sensitivity_bars

    path = Path(path)
    write_parquet(table, path / "sensitivity.parquet")
    return sensitivity_bars(table, path / "figures")


def text_table(table: pd.DataFrame) -> str:
    """A plain-text table: factors ranked within each output."""
    lines = []
    for out, df in table.groupby("output", sort=False):
        head = df.iloc[0]
        if "of" in df:
            lines.append(
                f"{out} ({head['of']}; mean {number(head['output_mean'])}, sd "
                f"{number(head['output_sd'])} over the points)"
            )
        else:
            lines.append(out)
        if df["method"].iloc[0] == "sobol":
            lines.append(f"  {'factor':<26} {'S1':>7} {'+/-':>6} {'ST':>7} {'+/-':>6}")
            for r in df.sort_values("ST", ascending=False).itertuples():
                values = (r.S1, r.S1_conf, r.ST, r.ST_conf)
                s1, s1c, st, stc = (number(v, decimals=3) for v in values)
                lines.append(f"  {r.factor:<26} {s1:>7} {s1c:>6} {st:>7} {stc:>6}")
        else:
            lines.append(f"  {'factor':<26} {'mu*':>10} {'+/-':>9} {'sigma':>10}")
            for r in df.sort_values("mu_star", ascending=False).itertuples():
                lines.append(
                    f"  {r.factor:<26} {number(r.mu_star):>10} {number(r.mu_star_conf, 3):>9} "
                    f"{number(r.sigma):>10}"
                )
    return "\n".join(lines)
