"""Is the reference run stationary from week 0?

Every run starts from a community spun up under the reference (top_down) levers
(``spinup_weeks``). The reference run is *stationary* when, for each of the slow
quantities that every comparison rests on (unmet need, crises, staff turnover and
exhaustion), the mean over year 1 (weeks 1-52) and the mean over the last year of the run,
each averaged over seeds, differ by less than ``TOLERANCE`` (2%) of the year-1 value.

Crises and leavers are rare events, so their realised counts are noisy at the sizes a
test can afford; they are measured here by their expected values, the sum of the crisis
hazards drawn against each week (``flows.expected_crises``) and of the leaving hazards of
the filled posts (``flows.expected_leavers``), which have the same expectation as the
counts without the noise of the draws. The realised rates are reported
beside them. ``python -m coproduction.stationarity`` prints the table (see
``docs/ODD.md``, section 5).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .formatting import number
from .runner import RunSpec, run_many

TOLERANCE = 0.02
YEAR = 52
MEASURES = {
    "need_mean": "mean unmet need (0-1)",
    "crisis_hazard": "expected crises per 1,000 citizens a year",
    "crisis_rate": "realised crises per 1,000 citizens a year",
    "leave_hazard": "expected leavers per filled post a year",
    "turnover": "realised leavers per filled post a year",
    "exhaustion": "mean exhaustion of filled posts (0-1)",
}
#: The measures held to the tolerance (the others are reported).
CHECKED = ("need_mean", "crisis_hazard", "leave_hazard", "exhaustion")


@dataclass(frozen=True)
class WeeklyTrace:
    """Extractor: each measure, week by week (a drive: it sees every week)."""

    def drive(self, model, spec) -> pd.DataFrame:
        rows = []
        for _ in range(spec.weeks):
            model.step()
            st = model.state
            c, pr = st.citizens, st.professionals
            f, filled = st.flows, max(int(pr.filled.sum()), 1)
            rows.append({
                "week": st.week,
                "need_mean": float(c.need.mean(dtype=np.float64)),
                "crisis_hazard": f.expected_crises * 1000 * YEAR / c.n,
                "crisis_rate": f.crises * 1000 * YEAR / c.n,
                "leave_hazard": f.expected_leavers / filled * YEAR,
                "turnover": f.leavers / filled * YEAR,
                "exhaustion": float(pr.exhaustion[pr.filled].mean()),
            })  # fmt: skip
        return pd.DataFrame(rows)


def measure(
    scenario: str = "top_down",
    seeds: Sequence[int] = range(10),
    weeks: int = 520,
    overrides: dict | None = None,
    workers: int | None = 1,
) -> pd.DataFrame:
    """Year-1 and last-year means of every measure, averaged over ``seeds``, with the
    relative change and whether it is within the tolerance."""
    specs = [RunSpec(scenario, s, weeks, dict(overrides or {})) for s in seeds]
    traces = [r.value for r in run_many(specs, WeeklyTrace(), workers=workers)]
    rows = []
    for name, meaning in MEASURES.items():
        first = np.mean([t[name].iloc[:YEAR].mean() for t in traces])
        last = np.mean([t[name].iloc[-YEAR:].mean() for t in traces])
        change = (last - first) / first if first else np.nan
        rows.append({
            "measure": name, "meaning": meaning, "year_1": first, "last_year": last,
            "change": change, "checked": name in CHECKED,
            "within": bool(abs(change) < TOLERANCE) if name in CHECKED else None,
        })  # fmt: skip
    return pd.DataFrame(rows)


def text_table(table: pd.DataFrame, seeds: int, n: int, weeks: int) -> str:
    lines = [
        f"top_down from week 0, {seeds} seeds of {n:,} citizens, weeks 1-52 against the last "
        f"52 of {weeks} (tolerance {TOLERANCE:.0%} on the checked measures)",
        f"{'measure':<14} {'year 1':>10} {'last year':>10} {'change':>8}  result",
    ]
    for r in table.itertuples():
        result = ("within" if r.within else "OUTSIDE") if r.checked else "(reported)"
        lines.append(
            f"{r.measure:<14} {number(r.year_1, 4):>10} {number(r.last_year, 4):>10} "
            f"{r.change:>+8.2%}  {result}   {r.meaning}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m coproduction.stationarity",
                                 description=__doc__.splitlines()[0])  # fmt: skip
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--n", type=int, default=20_000, help="citizens (default 20,000)")
    ap.add_argument("--weeks", type=int, default=520)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--spinup-weeks", type=int, default=None,
                    help="override spinup_weeks (default: the parameter's default)")  # fmt: skip
    args = ap.parse_args(argv)
    overrides = {"n_citizens": args.n}
    if args.spinup_weeks is not None:
        overrides["spinup_weeks"] = args.spinup_weeks
    table = measure("top_down", range(args.seeds), args.weeks, overrides, args.workers)
    print(text_table(table, args.seeds, args.n, args.weeks))
    return 0 if table.loc[table["checked"], "within"].all() else 1


if __name__ == "__main__":
    raise SystemExit(main())
