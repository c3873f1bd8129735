"""Answers under parameter uncertainty, from a comparison run over a calibrated ensemble.

``coprod compare --uncertainty ensemble`` runs replication ``r`` with ensemble member
``draw(...)[r]`` and seed ``seed + r`` in every scenario (``comparison.run_replications``),
so each replication's difference between a scenario and the reference is one draw from
what the calibration leaves uncertain, parameters and chance together. This module reads
those paired replications as a decision analyst would:

- **acceptability**: the probability that a scenario is cost-effective against the
  reference at a value per WELLBY ``lambda``, the share of replications whose net
  monetary benefit over the run ``NMB(lambda) = lambda * WELLBYs - net public cost`` is
  above 0 (Fenwick, Claxton and Sculpher 2001); at ``lambda = 0`` it is the share in
  which the scenario costs the public purse less;
- **payback** and the **equity gradient** with their intervals over the ensemble;
- **EVPPI** (expected value of partial perfect information) for each calibrated
  parameter, by regression on the ensemble runs (Strong, Oakley and Brennan 2014): fit
  each option's NMB as a smooth function of the parameter, then
  ``EVPPI = mean over runs of the best fitted NMB - the best mean NMB``; it is the most
  a commissioner should pay, per 1,000 residents, to learn that parameter exactly before
  choosing. Its estimation error comes from a bootstrap over the replications.

Every figure here is a mean or quantile over equally weighted replications (the
ensemble is resampled by weight before the runs), so shares are read directly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .indicators import HEADLINE

#: The quantiles of every ensemble interval (the middle 95%).
QUANTILES = (0.025, 0.975)
#: The acceptability curve runs from 0 to this multiple of the central WELLBY value.
LAMBDA_MAX_MULTIPLE = 3.0
LAMBDA_POINTS = 61
#: Degree of the polynomial each option's NMB is regressed on for EVPPI.
EVPPI_DEGREE = 3
EVPPI_BOOTSTRAP = 200
REFERENCE_OPTION = "reference"
#: The indicators the uncertainty section lists: the headline ones, then the whole-run
#: totals (every indicator's row is in ``uncertainty_differences.parquet``).
SUMMARY_INDICATORS = (
    *HEADLINE,
    "participation_rate",
    "cost_total_per_citizen_discounted",
    "wellbeing_years_discounted",
)


def _quantiles(x: np.ndarray) -> tuple[float, float]:
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    if not x.size:
        return math.nan, math.nan
    lo, hi = np.quantile(x, QUANTILES)
    return float(lo), float(hi)


def lambda_grid(wellby_value: float) -> np.ndarray:
    """0, then values per WELLBY evenly spaced on a log scale from a thousandth of
    ``wellby_value`` to ``LAMBDA_MAX_MULTIPLE`` times it (where the curve turns is often
    far below the central value), with the simple multiples of it on the grid."""
    top = LAMBDA_MAX_MULTIPLE * wellby_value
    grid = np.geomspace(wellby_value / 1000, top, LAMBDA_POINTS)
    marks = wellby_value * np.array([0.0, 0.5, 1.0, 2.0, LAMBDA_MAX_MULTIPLE])
    return np.unique(np.concatenate([grid, marks]))


def acceptability(per_rep: pd.DataFrame, lambdas: Sequence[float]) -> pd.DataFrame:
    """Per scenario and value per WELLBY, the share of replications with a positive net
    monetary benefit over the run. ``per_rep`` is ``appraise(...)["replications"]``
    (``wellbys`` and ``net_cost_public`` per scenario and seed)."""
    rows = []
    for scen, g in per_rep.groupby("scenario", sort=False):
        wellbys = g["wellbys"].to_numpy(dtype=float)
        net = g["net_cost_public"].to_numpy(dtype=float)
        for lam in lambdas:
            nmb = lam * wellbys - net
            rows.append(
                {
                    "scenario": scen,
                    "wellby_value": float(lam),
                    "p_cost_effective": float((nmb > 0).mean()),
                    "n": int(len(g)),
                }
            )
    return pd.DataFrame(rows)


def payback(per_rep: pd.DataFrame) -> pd.DataFrame:
    """Per scenario: the share of replications that pay back within the run and the
    median payback in years with its ensemble interval, a run that never pays back
    counting as later than any that does (so the upper end is "not within the run"
    when more than 2.5% never pay back)."""
    rows = []
    for scen, g in per_rep.groupby("scenario", sort=False):
        years = g["payback_years"].to_numpy(dtype=float)
        horizon = float(g["horizon_years"].iloc[0])
        ranked = np.where(np.isnan(years), math.inf, years)
        med = float(np.quantile(ranked, 0.5, method="inverted_cdf"))
        lo, hi = (float(np.quantile(ranked, q, method="inverted_cdf")) for q in QUANTILES)
        rows.append(
            {
                "scenario": scen,
                "share_paid_back": float(np.isfinite(ranked).mean()),
                "payback_median_years": med,
                "payback_low_years": lo,
                "payback_high_years": hi,
                "horizon_years": horizon,
                "n": int(len(g)),
            }
        )
    return pd.DataFrame(rows)


def equity(per_seed: pd.DataFrame) -> pd.DataFrame:
    """Per scenario and outcome, the equity gradient (``groups.gradient_by_seed``) over
    the ensemble: mean, 95% interval and the probability that the gap between the most
    and the least deprived fifth widens (the most deprived gain less, in the outcome's
    better direction)."""
    from .groups import GROUP_BETTER

    if per_seed.empty:
        return pd.DataFrame()
    rows = []
    for (scen, out), g in per_seed.groupby(["scenario", "outcome"], sort=False):
        grad = g["gradient"].to_numpy(dtype=float)
        lo, hi = _quantiles(grad)
        widens = grad < 0 if GROUP_BETTER[out] > 0 else grad > 0
        rows.append(
            {
                "scenario": scen,
                "outcome": out,
                "gradient": float(np.nanmean(grad)),
                "gradient_low": lo,
                "gradient_high": hi,
                "p_widens": float(widens.mean()),
                "n": int(len(g)),
            }
        )
    return pd.DataFrame(rows)


def nmb_options(per_rep: pd.DataFrame, wellby_value: float) -> pd.DataFrame:
    """One row per seed, one column per option: the reference (0 by definition) and each
    scenario's net monetary benefit over the run at ``wellby_value``."""
    nmb = per_rep.assign(nmb=wellby_value * per_rep["wellbys"] - per_rep["net_cost_public"])
    wide = nmb.pivot(index="seed", columns="scenario", values="nmb")
    wide = wide[list(dict.fromkeys(per_rep["scenario"]))].dropna()
    wide.insert(0, REFERENCE_OPTION, 0.0)
    return wide


def _fitted(x: np.ndarray, y: np.ndarray, degree: int) -> np.ndarray:
    """Each column of ``y`` regressed on a polynomial in ``x`` (standardised), fitted
    values; a parameter with fewer distinct values than terms gets fewer terms."""
    z = (x - x.mean()) / (x.std() or 1.0)
    deg = min(degree, len(np.unique(z)) - 1)
    design = np.vander(z, deg + 1)
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    return design @ coef


def evppi_value(x: np.ndarray, nmb: np.ndarray, degree: int = EVPPI_DEGREE) -> float:
    """EVPPI of the parameter with values ``x`` (one per run) for options whose net
    benefits are the columns of ``nmb``: mean of the row-wise best fitted net benefit
    less the best mean net benefit (0 when one option is best for every value)."""
    fit = _fitted(np.asarray(x, dtype=float), np.asarray(nmb, dtype=float), degree)
    return float(max(fit.max(axis=1).mean() - fit.mean(axis=0).max(), 0.0))


def evpi_value(nmb: np.ndarray) -> float:
    """Expected value of perfect information on everything that varies between runs
    (parameters and chance): an upper bound on every EVPPI."""
    nmb = np.asarray(nmb, dtype=float)
    return float(nmb.max(axis=1).mean() - nmb.mean(axis=0).max())


def evppi(
    params: pd.DataFrame,
    options: pd.DataFrame,
    people: float,
    bootstrap: int = EVPPI_BOOTSTRAP,
    seed: int = 0,
) -> pd.DataFrame:
    """Per parameter (columns of ``params``, indexed like ``options`` by seed), EVPPI in
    GBP for the place and per 1,000 residents, with the bootstrap standard error, and a
    last row ``all (EVPI)`` for perfect information on everything."""
    idx = options.index.intersection(params.index)
    nmb = options.loc[idx].to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    boots = [rng.integers(0, len(idx), len(idx)) for _ in range(bootstrap)]
    per_k = 1000.0 / people
    rows = []
    for name in params.columns:
        x = params.loc[idx, name].to_numpy(dtype=float)
        value = evppi_value(x, nmb)
        se = float(np.std([evppi_value(x[b], nmb[b]) for b in boots], ddof=1))
        rows.append(_evppi_row(name, value, se, per_k))
    value = evpi_value(nmb)
    se = float(np.std([evpi_value(nmb[b]) for b in boots], ddof=1))
    rows.append(_evppi_row("all (EVPI)", value, se, per_k))
    return pd.DataFrame(rows)


def _evppi_row(name: str, value: float, se: float, per_k: float) -> dict[str, Any]:
    return {
        "parameter": name,
        "evppi": value,
        "evppi_se": se,
        "evppi_per_1000": value * per_k,
        "evppi_per_1000_se": se * per_k,
    }


def member_parameters(reps: pd.DataFrame, ensemble: Any) -> pd.DataFrame:
    """Per seed, the calibrated parameter values of the member that replication ran."""
    ref = reps.drop_duplicates("seed").set_index("seed")["member"]
    return pd.DataFrame([ensemble.member(int(m)) for m in ref.to_numpy()], index=ref.index).astype(
        float
    )


def analyse(
    reps: pd.DataFrame,
    appraisal: dict[str, pd.DataFrame],
    groups: pd.DataFrame | None,
    scenarios: Sequence[str],
    ensemble: Any,
    params: Any,
) -> dict[str, pd.DataFrame]:
    """Every table of the uncertainty section: ``differences`` (per scenario and
    indicator), ``acceptability``, ``payback``, ``equity`` and ``evppi``."""
    from .comparison import ensemble_differences
    from .groups import gradient_by_seed

    per_rep = appraisal["replications"]
    people = float(appraisal["people"]["population"].iloc[0])
    options = nmb_options(per_rep, params.wellby_value)
    return {
        "differences": ensemble_differences(reps, scenarios),
        "acceptability": acceptability(per_rep, lambda_grid(params.wellby_value)),
        "payback": payback(per_rep),
        "equity": equity(gradient_by_seed(groups, scenarios)) if groups is not None else None,
        "evppi": evppi(member_parameters(reps, ensemble), options, people),
    }


# --- reading ----------------------------------------------------------------------------


def _pct(p: float) -> str:
    return "n/a" if not np.isfinite(p) else f"{100 * p:.0f}%"


def _interval(mean: float, lo: float, hi: float) -> str:
    return f"{mean:+.3g} [{lo:+.3g}, {hi:+.3g}]"


def _years(x: float, horizon: float) -> str:
    return f"{x:.1f}" if np.isfinite(x) else f"not within {horizon:.0f} y"


def markdown(
    tables: dict[str, pd.DataFrame],
    info: dict[str, Any],
    params: Any,
    indicators: Sequence[str],
) -> str:
    """The uncertainty section of ``summary.md`` (and of the terminal output)."""
    ens = info["ensemble"]
    lam = params.wellby_value
    lines = [
        "## Under uncertainty: over the calibrated ensemble",
        "",
        f"Each of {info['replications']} replications ran its own member of ensemble "
        f"`{ens['name']}` ({ens['distinct_members']} distinct of {ens['size']} members, "
        f"drawn by weight; calibrated in place `{ens['place']}`) over "
        f"{', '.join(ens['parameters'])}, with the same member and seed in every scenario. "
        "Intervals are the middle 95% of the paired differences, so they hold parameter "
        "uncertainty and simulation noise together; P(...) is the share of replications "
        "in which the difference favours that side.",
        "",
        "| scenario | indicator | difference [95% over the ensemble] | P(favours scenario) "
        "| P(favours reference) |",
        "| --- | --- | --- | --- | --- |",
    ]
    diff = tables["differences"].set_index("indicator")
    for scen, g in diff.groupby("scenario", sort=False):
        for name in indicators:
            if name not in g.index:
                continue
            r = g.loc[name]
            fav, ref = (
                (_pct(r["p_favours_scenario"]), _pct(r["p_favours_reference"]))
                if r["better"]
                else (f"higher {_pct(r['p_higher'])}", f"lower {_pct(r['p_lower'])}")
            )
            lines.append(
                f"| {scen} | {name} | {_interval(r['diff'], r['diff_low'], r['diff_high'])} "
                f"| {fav} | {ref} |"
            )
    acc = tables["acceptability"]
    marks = list(lam * np.array([0.0, 0.1, 0.5, 1.0, 2.0, LAMBDA_MAX_MULTIPLE]))
    lines += [
        "",
        "### Probability of being cost-effective (acceptability)",
        "",
        "Share of replications in which the scenario's net monetary benefit over the run "
        "(WELLBYs valued at the column's price, less net public cost, both discounted) is "
        f"above 0 against the reference. The central value is £{lam:,.0f} per WELLBY; at "
        "£0 it is the share in which the scenario costs the public purse less. Figure: "
        "`figures/acceptability.png`.",
        "",
        "| scenario | " + " | ".join(f"£{m:,.0f}" for m in marks) + " |",
        "| --- |" + " --- |" * len(marks),
    ]
    for scen, g in acc.groupby("scenario", sort=False):
        p = g.set_index("wellby_value")["p_cost_effective"]
        cells = [_pct(float(p.iloc[np.abs(p.index - m).argmin()])) for m in marks]
        lines.append(f"| {scen} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "### Payback",
        "",
        "| scenario | paid back within the run | median payback, years [95%] |",
        "| --- | --- | --- |",
    ]
    for _, r in tables["payback"].iterrows():
        h = r["horizon_years"]
        lines.append(
            f"| {r['scenario']} | {_pct(r['share_paid_back'])} | "
            f"{_years(r['payback_median_years'], h)} [{_years(r['payback_low_years'], h)}, "
            f"{_years(r['payback_high_years'], h)}] |"
        )
    eq = tables.get("equity")
    if eq is not None and len(eq):
        lines += [
            "",
            "### Equity gradient (most less least deprived fifth's gain)",
            "",
            "| scenario | outcome | gradient [95%] | P(gap widens) |",
            "| --- | --- | --- | --- |",
        ]
        for _, r in eq.iterrows():
            lines.append(
                f"| {r['scenario']} | {r['outcome']} | "
                f"{_interval(r['gradient'], r['gradient_low'], r['gradient_high'])} | "
                f"{_pct(r['p_widens'])} |"
            )
    lines += evppi_lines(tables["evppi"], lam)
    return "\n".join(lines) + "\n"


def evppi_lines(table: pd.DataFrame, lam: float) -> list[str]:
    """The EVPPI table and what it says."""
    lines = [
        "",
        "### Which uncertainty matters: EVPPI",
        "",
        "Expected value of learning each calibrated parameter exactly before choosing among "
        f"the reference and the scenarios by net monetary benefit at £{lam:,.0f} per "
        "WELLBY (regression on the ensemble runs, cubic in the parameter; ± a bootstrap "
        "standard error). `all (EVPI)` is perfect information on everything that varies "
        "between runs, chance included: an upper bound.",
        "",
        "| parameter | EVPPI, GBP per 1,000 residents | ± SE |",
        "| --- | --- | --- |",
    ]
    for _, r in table.iterrows():
        lines.append(
            f"| {r['parameter']} | {r['evppi_per_1000']:,.0f} | {r['evppi_per_1000_se']:,.0f} |"
        )
    params = table[table["parameter"] != "all (EVPI)"]
    # clear of its estimation error, and at least a pound per 1,000 residents
    clear = params[(params["evppi"] > 2 * params["evppi_se"]) & (params["evppi_per_1000"] >= 1.0)]
    lines.append("")
    if len(clear):
        top = clear.sort_values("evppi", ascending=False).iloc[0]
        lines.append(
            f"Learning {top['parameter']} is worth most: about "
            f"£{top['evppi_per_1000']:,.0f} per 1,000 residents, the most a local study of "
            "it should cost to be worth doing before this choice."
        )
    else:
        lines.append(
            "No parameter's EVPPI is clear of its estimation error (2 standard errors): "
            "with these runs, learning any one of them would not be expected to change "
            "the choice."
        )
    return lines
