"""Money as an appraisal reads it: the cumulative net cost curve (the J-curve), payback,
net present value and net monetary benefit, by payer, for a place.

Every comparison is against the first scenario (the reference), paired by seed. Weekly
spending is summed by appraisal year (weeks 1-52 are year 0) and discounted as HM
Treasury's Green Book says: costs at ``discount_costs`` (3.5%), health and wellbeing at
``discount_health`` (1.5%), the factor of year ``y`` being ``(1 + r) ** -y``. Wellbeing
is valued in WELLBYs (one point of life satisfaction, 0-10, for one person for a year):
a WEMWBS point-year is ``ls_per_wemwbs`` WELLBYs, each worth ``wellby_value``
(HM Treasury 2021). Money is for the whole place: per simulated citizen times the
place's adults (``population``; the simulated citizens when it is 0).

Signs: a **net cost** is the scenario's spending minus the reference's (positive: it
costs more); **NPV** is the discounted saving (minus the net cost); **NMB** (net monetary
benefit) is the value of the wellbeing gained minus the discounted net public cost, so a
positive NMB means the change is worth its cost at that WELLBY value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .comparison import t_interval

YEAR = 52
HORIZONS = (5, 10, 20)
#: Who pays, in the order shown; the public payers' costs sum to the total spending.
PAYERS = {
    "local_authority": "Local authority (social services)",
    "health_board": "Health board",
    "third_sector": "Third sector",
}
CITIZENS = "Citizens' own time (not public spending)"


def year_of(weeks: np.ndarray) -> np.ndarray:
    """Appraisal year of each week: weeks 1-52 are year 0, 53-104 year 1, ..."""
    return (np.asarray(weeks, dtype=np.int64) - 1) // YEAR


def discount(weeks: np.ndarray, rate: float) -> np.ndarray:
    """Green Book factor ``(1 + rate) ** -year`` of each week's appraisal year."""
    return (1.0 + rate) ** (-year_of(weeks).astype(float))


def payback_week(cum_net_cost: np.ndarray) -> float:
    """The first week from which the cumulative net cost stays at or below 0 to the end
    (0 when it never rises above 0; NaN when it is above 0 at the end: no payback within
    the horizon). ``cum_net_cost[i]`` is the value at the end of week ``i + 1``."""
    c = np.asarray(cum_net_cost, dtype=float)
    if c.size == 0 or c[-1] > 0:
        return math.nan
    above = np.flatnonzero(c > 0)
    return 0.0 if above.size == 0 else float(above[-1] + 2)


def _paired(traj: pd.DataFrame, scen: str, ref: str, cols: list[str]) -> dict[int, pd.DataFrame]:
    """Per seed, the weekly difference scenario minus reference of ``cols`` (weeks > 0)."""
    body = traj[traj["week"] > 0]
    out = {}
    for seed, cur in body[body["scenario"] == scen].groupby("seed"):
        base = body[(body["scenario"] == ref) & (body["seed"] == seed)]
        if base.empty:
            continue
        a = cur.set_index("week")[cols]
        b = base.set_index("week")[cols]
        out[int(seed)] = (a - b).dropna(how="all")
    return out


def appraise(
    traj: pd.DataFrame,
    scenarios: Sequence[str],
    params: Any,
    n_citizens: int,
    horizons: Sequence[int] = HORIZONS,
) -> dict[str, pd.DataFrame]:
    """Appraisal tables of every scenario against the first, from the trajectories of a
    comparison (``comparison.run_replications``). ``params`` gives the appraisal settings
    and the place's population. Returns ``summary`` (one row per scenario, horizon and
    measure, with mean, 95% interval and replications), ``payback`` (per scenario) and
    ``jcurve`` (per scenario and week: the cumulative discounted net public cost) and
    ``replications`` (per scenario and seed: payback and every measure over the whole
    run, the last horizon).
    A horizon (in years) longer than the runs is left out, and the whole run is always
    one (``horizon_years`` is then the run's length in years)."""
    ref = scenarios[0]
    people = params.population or n_citizens
    scale = people / n_citizens  # community totals of the simulated citizens -> the place
    payer_cols = [f"cost_{k}_week" for k in PAYERS]
    cols = [*payer_cols, "citizen_time_value_week", "wellbeing_mean"]
    summary, payback, jcurve, per_rep = [], [], [], []
    for scen in scenarios[1:]:
        per_seed = _paired(traj, scen, ref, cols)
        if not per_seed:
            continue
        weeks = next(iter(per_seed.values())).index.to_numpy()
        d_cost = discount(weeks, params.discount_costs)
        d_health = discount(weeks, params.discount_health)
        curves, paybacks = [], []
        by_h: dict[tuple[int, str], list[float]] = {}
        # the horizons the runs reach, and the whole run when it is not one of them
        run_years = float(weeks.max()) / YEAR
        reached = [float(h) for h in horizons if weeks.max() >= h * YEAR]
        if run_years not in reached:
            reached.append(run_years)
        for seed, diff in per_seed.items():
            public = diff[payer_cols].sum(axis=1).to_numpy() * scale
            cum = np.cumsum(public * d_cost)
            curves.append(cum)
            paybacks.append(payback_week(cum))
            rep_row: dict[str, Any] = {
                "scenario": scen,
                "seed": seed,
                "payback_years": paybacks[-1] / YEAR,
            }
            for h in reached:
                inside = weeks <= h * YEAR
                vals = {}
                for key, col in zip(PAYERS, payer_cols, strict=True):
                    vals[f"net_cost_{key}"] = float(
                        (diff[col].to_numpy() * scale * d_cost)[inside].sum()
                    )
                net = sum(vals[f"net_cost_{k}"] for k in PAYERS)
                time_cost = float(
                    (diff["citizen_time_value_week"].to_numpy() * scale * d_cost)[inside].sum()
                )
                wellbys = float(
                    (diff["wellbeing_mean"].to_numpy() * d_health)[inside].sum()
                    / YEAR
                    * params.ls_per_wemwbs
                    * people
                )
                value = wellbys * params.wellby_value
                vals |= {
                    "net_cost_public": net,
                    "npv_public": -net,
                    "net_cost_citizens_time": time_cost,
                    "wellbys": wellbys,
                    "wellbeing_value": value,
                    "nmb": value - net,
                    "nmb_with_citizens_time": value - net - time_cost,
                }
                for k, v in vals.items():
                    by_h.setdefault((h, k), []).append(v)
            rep_row |= {"horizon_years": reached[-1], **vals}  # the whole run
            per_rep.append(rep_row)
        for (h, measure), values in by_h.items():
            mean, _, lo, hi = t_interval(np.array(values))
            summary.append(
                {
                    "scenario": scen,
                    "horizon_years": h,
                    "measure": measure,
                    "mean": mean,
                    "ci_low": lo,
                    "ci_high": hi,
                    "n": len(values),
                }  # fmt: skip
            )
        pb = np.array(paybacks) / YEAR
        paid = pb[np.isfinite(pb)]
        mean, _, lo, hi = t_interval(paid)
        payback.append(
            {
                "scenario": scen,
                "payback_years": mean,
                "ci_low": lo,
                "ci_high": hi,
                "paid_back": int(paid.size),
                "n": int(pb.size),
                "horizon_years": float(weeks.max()) / YEAR,
            }  # fmt: skip
        )
        arr = np.vstack(curves)
        for i, w in enumerate(weeks):
            m, _, lo, hi = t_interval(arr[:, i])
            jcurve.append(
                {"scenario": scen, "week": int(w), "mean": m, "ci_low": lo, "ci_high": hi}
            )
    return {
        "summary": pd.DataFrame(summary),
        "payback": pd.DataFrame(payback),
        "jcurve": pd.DataFrame(jcurve),
        "people": pd.DataFrame([{"population": people, "n_citizens": n_citizens}]),
        "replications": pd.DataFrame(per_rep),
    }


MEASURES = {
    "npv_public": "Net present value (public saving)",
    "net_cost_local_authority": f"Net cost: {PAYERS['local_authority']}",
    "net_cost_health_board": f"Net cost: {PAYERS['health_board']}",
    "net_cost_third_sector": f"Net cost: {PAYERS['third_sector']}",
    "net_cost_public": "Net cost: all public payers",
    "net_cost_citizens_time": f"Net cost: {CITIZENS}",
    "wellbys": "Wellbeing gained (WELLBYs, discounted)",
    "wellbeing_value": "Value of the wellbeing gained",
    "nmb": "Net monetary benefit (public cost)",
    "nmb_with_citizens_time": "Net monetary benefit, counting citizens' time",
}


def money(x: float) -> str:
    """GBP in words a reader scans: -£1.23m, £45k, £678."""
    if not math.isfinite(x):
        return "n/a"
    a, sign = abs(x), "-" if x < 0 else ""
    if a >= 1e6:
        return f"{sign}£{a / 1e6:,.2f}m"
    if a >= 1e3:
        return f"{sign}£{a / 1e3:,.0f}k"
    return f"{sign}£{a:,.0f}"


def measure_text(measure: str, x: float) -> str:
    """A measure's value as the tables write it: WELLBYs as a count, the rest as money."""
    return f"{x:,.0f}" if measure == "wellbys" and math.isfinite(x) else money(x)


def payback_text(row: dict[str, Any]) -> str:
    """Payback in words, with its interval and how many replications paid back."""
    n, paid = int(row["n"]), int(row["paid_back"])
    horizon = years_text(float(row["horizon_years"]))
    if paid == 0:
        return f"does not pay back within {horizon} (in none of {n} replications)"
    text = f"pays back after {row['payback_years']:.1f} years"
    if math.isfinite(row["ci_low"]):
        text += f" [95% interval {max(row['ci_low'], 0):.1f}, {row['ci_high']:.1f}]"
    if paid < n:
        text += f"; in {n - paid} of {n} replications it does not pay back within {horizon}"
    return text


def _sign(mean: float, lo: float, hi: float) -> int:
    """+1 / -1 when the interval lies above / below 0, 0 when it spans 0 (or is unknown
    and the mean is 0)."""
    if math.isfinite(lo) and math.isfinite(hi):
        return 1 if lo > 0 else -1 if hi < 0 else 0
    return int(np.sign(mean)) if math.isfinite(mean) else 0


def verdict(rows: pd.DataFrame) -> str:
    """Dominance and net monetary benefit in words, from the rows (indexed by measure) of
    one scenario and horizon; a difference whose interval spans 0 is called noise."""
    cost = _sign(*rows.loc["net_cost_public", ["mean", "ci_low", "ci_high"]])
    gain = _sign(*rows.loc["wellbys", ["mean", "ci_low", "ci_high"]])
    nmb = _sign(*rows.loc["nmb", ["mean", "ci_low", "ci_high"]])
    cost_words = {1: "costs more", -1: "costs less", 0: "costs about the same (within noise)"}
    gain_words = {1: "gains wellbeing", -1: "loses wellbeing", 0: "changes wellbeing within noise"}
    if cost == -1 and gain == 1:
        head = "dominates the reference: it costs less and gains wellbeing"
    elif cost == 1 and gain == -1:
        head = "is dominated by the reference: it costs more and loses wellbeing"
    else:
        head = f"{cost_words[cost]} and {gain_words[gain]}"
    # a ratio only where it can be read: a clear trade-off between cost and wellbeing
    if cost == gain != 0:
        ratio = rows.loc["net_cost_public", "mean"] / rows.loc["wellbys", "mean"]
        value = rows.loc["wellbeing_value", "mean"] / rows.loc["wellbys", "mean"]
        if cost == 1:
            head += f", at £{ratio:,.0f} of public money per WELLBY gained"
        else:
            head += f", saving £{ratio:,.0f} of public money per WELLBY lost"
        head += f" (a WELLBY is valued at £{value:,.0f})"
    tail = {
        1: "worth its cost at this WELLBY value (net monetary benefit above 0 across its interval)",
        -1: "not worth its cost at this WELLBY value (net monetary benefit below 0 across its "
        "interval)",
        0: "whether it is worth its cost is within simulation noise (the net monetary "
        "benefit's interval spans 0)",
    }[nmb]
    return f"{head}; {tail}"


def years_text(h: float) -> str:
    """A horizon in words: ``5 years``, ``1.5 years``."""
    return f"{h:g} year" + ("" if h == 1 else "s") if h == int(h) else f"{h:.1f} years"


def horizon_head(h: float, run_years: float) -> str:
    """A horizon's column heading; the whole run is named as such."""
    return f"whole run ({years_text(h)})" if h == run_years else f"over {years_text(h)}"


def per_resident_text(rows: pd.DataFrame, people: int) -> str:
    """Net public cost and net monetary benefit per resident, in words, from the rows
    (indexed by measure) of one scenario and horizon (population totals / ``people``)."""
    parts = []
    for measure, what in (("net_cost_public", "net public cost"), ("nmb", "net monetary benefit")):
        r = rows.loc[measure]
        text = f"{what} {money(r['mean'] / people)}"
        if math.isfinite(r["ci_low"]):
            text += f" [{money(r['ci_low'] / people)}, {money(r['ci_high'] / people)}]"
        parts.append(text)
    return "per resident, " + " and ".join(parts)


def markdown(tables: dict[str, pd.DataFrame], params: Any) -> str:
    """The appraisal as a Markdown section (for summary.md and the report)."""
    people = int(tables["people"]["population"].iloc[0])
    lines = [
        "## Money over the run: payback, NPV and net monetary benefit by payer",
        "",
        f"For the place's {people:,} residents, against the reference, paired by seed. Costs "
        f"discounted at {params.discount_costs:.1%} and wellbeing at "
        f"{params.discount_health:.1%} a year (HM Treasury Green Book); a WEMWBS "
        f"point-year is {params.ls_per_wemwbs:g} WELLBYs at £{params.wellby_value:,.0f} "
        "each (HM Treasury 2021, 2019 prices; low £10,000, high £16,000). Intervals are "
        "Student-t 95% over replications: simulation noise only.",
        "",
    ]
    pay = tables["payback"]
    summ = tables["summary"]
    for _, row in pay.iterrows():
        scen = row["scenario"]
        lines.append(f"**{scen}** {payback_text(row.to_dict())}.")
        s = summ[summ["scenario"] == scen] if len(summ) else summ
        horizons = sorted(s["horizon_years"].unique()) if len(s) else []
        if not horizons:
            continue
        run_years = float(row["horizon_years"])
        last = s[s["horizon_years"] == horizons[-1]].set_index("measure")
        lines.append(
            f"Over the whole run ({years_text(horizons[-1])}) it {verdict(last)}; "
            f"{per_resident_text(last, people)}."
        )
        heads = [horizon_head(h, run_years) for h in horizons]
        lines += ["", "| measure (all residents) | " + " | ".join(heads) + " |"]
        lines.append("| --- |" + " --- |" * len(horizons))
        for measure, label in MEASURES.items():
            cells = []
            for h in horizons:
                r = s[(s["horizon_years"] == h) & (s["measure"] == measure)]
                if r.empty:
                    cells.append("n/a")
                    continue
                r = r.iloc[0]
                cell = measure_text(measure, r["mean"])
                if math.isfinite(r["ci_low"]):
                    lo, hi = (measure_text(measure, r[k]) for k in ("ci_low", "ci_high"))
                    cell += f" [{lo}, {hi}]"
                cells.append(cell)
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)
