"""A calibrated parameter ensemble, read and drawn from for runs under uncertainty.

An ensemble is the table ``coprod calibrate`` writes (``ensemble.csv``): one row per
member with its ABC-SMC importance ``weight``, its value of each calibrated parameter,
and what it gives on each target. ``calibrate_wales`` ships in the package.

Runs under uncertainty (``coprod compare --uncertainty ensemble``, ``coprod validate``)
give replication ``r`` the parameter set of member ``draw(...)[r]`` and seed ``seed +
r`` in every scenario, so each difference is paired on both the member and the random
numbers. :func:`draw` turns the weighted sample into an unweighted one by systematic
resampling (Kitagawa 1996), so the runs are an equally weighted sample from the
approximate posterior and every share and quantile over them is read directly.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError
from .params import PARAMS, check_value

#: The ensemble used when none is named.
SHIPPED = "calibrate_wales"
#: Columns of an ensemble file that are not parameters.
PREFIXES = ("model_", "z_", "met_")


@dataclass(frozen=True)
class Ensemble:
    """Members (rows of ``table``) and the parameters they set."""

    name: str
    source: str
    table: pd.DataFrame
    parameters: tuple[str, ...]
    place: str | None = None  # the place profile it was fitted in, when known

    def __len__(self) -> int:
        return len(self.table)

    def member(self, i: int) -> dict[str, Any]:
        """Member ``i``'s parameter values, as overrides."""
        row = self.table.iloc[int(i)]
        return {k: PARAMS[k].kind(row[k]) for k in self.parameters}

    def ranges(self, low: float = 0.0, high: float = 1.0) -> dict[str, tuple[float, float]]:
        """Each parameter's weighted quantiles ``low`` and ``high`` over the members."""
        w = self.table["weight"].to_numpy(dtype=float)
        out = {}
        for k in self.parameters:
            x = self.table[k].to_numpy(dtype=float)
            order = np.argsort(x)
            cum = np.cumsum(w[order]) / w.sum()
            out[k] = (
                float(np.interp(low, cum, x[order])) if low > 0 else float(x.min()),
                float(np.interp(high, cum, x[order])) if high < 1 else float(x.max()),
            )
        return out


def _shipped_file(name: str, suffix: str):
    from importlib.resources import files

    f = files("coproduction._calibrations") / f"{name}{suffix}"
    return f if f.is_file() else None


def load(name_or_path: str | Path = SHIPPED) -> Ensemble:
    """An ensemble by shipped calibration name (``calibrate_wales``) or ``ensemble.csv``
    path (a ``coprod calibrate --out`` folder works too)."""
    where = str(name_or_path)
    p = Path(name_or_path)
    place = None
    if p.is_dir():
        p = p / "ensemble.csv"
    if p.is_file():
        with p.open("rb") as fh:
            table = pd.read_csv(fh)
        name = p.parent.name if p.name == "ensemble.csv" else p.stem
    else:
        f = _shipped_file(where, "_ensemble.csv")
        if f is None:
            from importlib.resources import files

            names = sorted(
                x.name.removesuffix("_ensemble.csv")
                for x in files("coproduction._calibrations").iterdir()
                if x.name.endswith("_ensemble.csv")
            )
            raise InputError(
                f"--ensemble {where!r}: no such file, and not a shipped ensemble "
                f"(shipped: {', '.join(names) or 'none'})"
            )
        with f.open("rb") as fh:
            table = pd.read_csv(fh)
        name = where
        toml = _shipped_file(where, ".toml")
        if toml is not None:
            place = tomllib.loads(toml.read_text(encoding="utf-8")).get("place")
    params = tuple(
        c
        for c in table.columns
        if c in PARAMS and not c.startswith(PREFIXES) and c not in ("member", "weight")
    )
    if not params or "weight" not in table:
        raise InputError(
            f"ensemble {where!r}: needs a 'weight' column and at least one parameter column "
            f"(the table coprod calibrate writes as ensemble.csv); found {', '.join(table)}"
        )
    w = table["weight"].to_numpy(dtype=float)
    if not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise InputError(f"ensemble {where!r}: weights must be finite, >= 0 and not all 0")
    for k in params:
        for v in table[k]:
            check_value(k, PARAMS[k].kind(v), f"ensemble {where}")
    return Ensemble(name, where, table.reset_index(drop=True), params, place)


def draw(ens: Ensemble, n: int, seed: int = 0) -> list[int]:
    """``n`` member indices, an equally weighted sample of the ensemble: systematic
    resampling by weight with one uniform offset from ``seed``. The same ``(n, seed)``
    gives the same members; a member of large weight may appear more than once."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InputError(f"--replications {n!r}: must be a positive integer")
    w = ens.table["weight"].to_numpy(dtype=float)
    cum = np.cumsum(w / w.sum())
    cum[-1] = 1.0
    u = (np.random.default_rng(seed).random() + np.arange(n)) / n
    picks = np.searchsorted(cum, u, side="right")
    # systematic resampling orders members by index; shuffle so that the first k of n
    # replications are not the low-numbered members only
    order = np.random.default_rng([seed, n]).permutation(n)
    return [int(i) for i in picks[order]]


def members(ens: Ensemble, n: int, seed: int = 0) -> list[dict[str, Any]]:
    """The parameter overrides of :func:`draw`'s members, in replication order."""
    return [ens.member(i) for i in draw(ens, n, seed)]


def check_overrides(ens: Ensemble, overrides: dict[str, Any], where: str = "--set") -> None:
    """Refuse an override of a parameter the ensemble sets: each member sets it."""
    both = sorted(set(overrides) & set(ens.parameters))
    if both:
        raise InputError(
            f"{where} {', '.join(both)}: set by every member of ensemble {ens.name!r} "
            f"({', '.join(ens.parameters)}); drop the override, or run without "
            "--uncertainty ensemble"
        )


__all__: Sequence[str] = ("Ensemble", "load", "draw", "members", "check_overrides", "SHIPPED")
