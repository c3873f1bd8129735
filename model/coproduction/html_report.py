"""``coprod report``: one self-contained HTML file comparing scenarios for a policy team.

Two steps. :func:`compute` runs everything through :mod:`coproduction.runner` (the
comparison with the who-benefits groups, the structural switches, the validation
checks, all on one pool) and draws the figures; it returns a :class:`ReportData`, plain
data with no HTML in it. :func:`render` turns a ``ReportData`` into HTML from the
Jinja2 template ``coproduction/templates/report.html.j2`` (autoescaped: every text is
escaped where it is written). :func:`build` is the two in turn.

Everything is inside the file: figures are PNGs embedded as base64 ``data:`` URIs and
the style sheet is inline, so it opens offline and can be e-mailed. There are no
external ``src`` or ``href`` links (tested); references are printed as text.
"""

from __future__ import annotations

import base64
import math
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import indicators as ind
from .comparison import NOTE, VFM_ROWS, period, reliability_notes
from .formatting import number

AREA_INTRO = {
    "service effectiveness": "Do services meet needs better, and are fewer people pushed "
    "into crisis?",
    "job satisfaction": "Do professionals find the work more satisfying, burn out less "
    "and stay longer?",
    "sustainability": "Does activity take root in the community so that it outlives the "
    "funding that started it?",
    "value for money": "What does it cost each week, and where does the money go: crisis "
    "care or prevention?",
    "participant wellbeing": "Are people better off in themselves? Wellbeing on the "
    "Warwick-Edinburgh scale (WEMWBS, 14-70) and the five ways to wellbeing.",
    "community development": "Are people more connected, less isolated and more trusting, "
    "with help flowing both ways?",
}


# ------------------------------------------------------------------ the data ---------
@dataclass(frozen=True)
class Figure:
    """One effect area's figure: a PNG as a ``data:`` URI, the indicators drawn (those
    defined somewhere in the runs) and the sentence naming lines that coincide."""

    uri: str
    indicators: list[str]
    coinciding: str = ""


@dataclass
class ReportData:
    """Everything the report shows, computed: no HTML."""

    scenarios: list[str]
    replications: int
    weeks: int
    seed: int
    overrides: dict[str, Any]
    n_citizens: int
    version: str
    commit: str  # "" when unknown
    descriptions: dict[str, str]  # scenario -> description
    settings: dict[str, dict[str, Any]]  # scenario -> resolved parameters
    summary: pd.DataFrame  # comparison.summarise: one row per (scenario, indicator)
    figures: dict[str, Figure]  # effect area -> its figure
    groups: pd.DataFrame  # groups.group_table
    structural: pd.DataFrame | None = None  # structural.headline_under_switches
    structural_replications: int = 0
    validation: list[Any] | None = None  # validation.Result per check
    validation_info: dict[str, Any] = field(default_factory=dict)
    validation_mode: str = "full"  # full, quick or skip (--validation)
    place: str = ""  # the place profile (--place), "" for none
    appraisal: dict[str, pd.DataFrame] | None = None  # appraisal.appraise
    equity: pd.DataFrame | None = None  # groups.equity_gradient
    jcurve_uri: str = ""  # the J-curve figure


def png_data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def coinciding(traj: pd.DataFrame, names: Sequence[str], scenarios: Sequence[str]) -> str:
    """A caption sentence naming indicators whose mean lines coincide (one hides another)."""
    same = []
    for n in names:
        means = {s: traj[traj["scenario"] == s].groupby("week")[n].mean() for s in scenarios}
        for i, a in enumerate(scenarios):
            for b in scenarios[i + 1 :]:
                if means[a].equals(means[b]):
                    same.append(f"{label(n)} ({a} and {b})")
    return f" Lines that coincide and hide each other: {'; '.join(same)}." if same else ""


def figures(traj: pd.DataFrame, scenarios: Sequence[str]) -> dict[str, Figure]:
    """One figure per effect area, of the indicators defined somewhere in ``traj``."""
    from .plots import trajectories

    out = {}
    with tempfile.TemporaryDirectory(prefix="coprod-report-") as tmp:
        for area, all_names in ind.EFFECT_AREAS.items():
            names = [n for n in all_names if traj[n].notna().any()]
            path = Path(tmp) / f"{area.replace(' ', '_')}.png"
            trajectories(traj, names, scenarios, area.capitalize(), path)
            out[area] = Figure(png_data_uri(path), names, coinciding(traj, names, scenarios))
    return out


def jcurve_figure(appraisal: dict[str, pd.DataFrame]) -> str:
    """The J-curve as a ``data:`` URI."""
    from .plots import jcurve

    people = int(appraisal["people"]["population"].iloc[0])
    with tempfile.TemporaryDirectory(prefix="coprod-report-") as tmp:
        path = Path(tmp) / "jcurve.png"
        jcurve(appraisal["jcurve"], appraisal["payback"], people, path)
        return png_data_uri(path)


def compute(
    scenarios: Sequence[str],
    replications: int = 10,
    weeks: int = 520,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
    structural_replications: int = 5,
    validation: str = "full",
    progress: Callable[[int], Any] | None = None,
    place: str = "",
) -> ReportData:
    """Run the comparison (with the who-benefits groups), the structural switches and
    the validation checks on one pool of ``workers`` processes, and draw the figures.
    ``progress(1)`` after each run of the comparison."""
    from . import __version__
    from .appraisal import appraise
    from .comparison import summarise
    from .groups import equity_gradient, group_table, run_with_groups
    from .outputs import git_commit
    from .runner import default_workers, make_executor
    from .scenarios import load_scenario_file
    from .structural import headline_under_switches
    from .validation import run_checks

    scenarios = list(scenarios)
    overrides = dict(overrides or {})
    resolved = {s: load_scenario_file(s, overrides) for s in scenarios}
    workers = default_workers() if workers is None else workers
    executor, close = make_executor("process" if workers > 1 else "serial", workers)
    try:
        traj, reps, groups = run_with_groups(
            scenarios, replications, weeks, seed, overrides, workers, progress, executor
        )
        structural = None
        if len(scenarios) > 1 and structural_replications > 0:
            structural = headline_under_switches(
                scenarios, structural_replications, weeks, seed, overrides, workers,
                executor=executor,
            )  # fmt: skip
        checks, checks_info = None, {}
        if validation != "skip":
            checks, checks_info = run_checks(quick=validation == "quick", executor=executor)
    except BaseException:
        close(abort=True)
        raise
    close()
    ref = resolved[scenarios[0]].params
    appraisal = equity = None
    if len(scenarios) > 1:
        appraisal = appraise(traj, scenarios, ref, ref.n_citizens)
        equity = equity_gradient(groups, scenarios)
    return ReportData(
        scenarios=scenarios,
        replications=replications,
        weeks=weeks,
        seed=seed,
        overrides=overrides,
        n_citizens=int(resolved[scenarios[0]].params.n_citizens),
        version=__version__,
        commit=git_commit() or "",
        descriptions={s: r.description for s, r in resolved.items()},
        settings={s: r.params.to_dict() for s, r in resolved.items()},
        summary=summarise(reps, scenarios),
        figures=figures(traj, scenarios),
        groups=group_table(groups, scenarios),
        structural=structural,
        structural_replications=structural_replications,
        validation=checks,
        validation_info=checks_info,
        validation_mode=validation,
        place=place,
        appraisal=appraisal,
        equity=equity,
        jcurve_uri=jcurve_figure(appraisal) if appraisal is not None else "",
    )


# ------------------------------------------------------------------ words ------------
def label(name: str) -> str:
    """An indicator's declared label as it reads in a sentence; other keys in words."""
    i = ind.BY_NAME.get(name)
    return i.phrase if i else name.replace("_", " ")


def unit_words(unit: str) -> str:
    """A unit as it reads after a number in a sentence."""
    return {"0-1": "points on a 0-1 scale", "WEMWBS": "WEMWBS points"}.get(unit, unit)


def amount(x: float, unit: str, said: str = "") -> str:
    """``x`` with its unit as it reads in a sentence (GBP first, weekly rates also per
    year): ``GBP 0.48 per citizen per week (about GBP 25 per citizen a year)``; the part
    of the unit that ``said`` (the indicator's name before it) already ends with is not
    repeated."""
    money = unit.startswith("GBP")
    rest = unit.removeprefix("GBP").strip() if money else unit_words(unit)
    if said and rest and said.endswith(rest):
        rest = ""
    text = " ".join(w for w in ("GBP" if money else "", number(x, 3), rest) if w)
    if " per week" in unit or unit.endswith("per week"):
        head, _, tail = unit.partition("per week")
        head = head.removeprefix("GBP").strip()
        year = f"GBP {number(52 * x, 3)}" if money else f"{number(52 * x, 3)}"
        text += f" (about {' '.join(w for w in (year, head) if w)} a year{tail})"
    return text.strip()


def signed(x: float) -> str:
    return ("+" if x > 0 else "") + number(x)


def verdict(diff: float, lo: float, hi: float, better: str) -> tuple[str, str]:
    """Plain-words judgement of a paired difference and its tone: better / worse / no
    clear difference; for an indicator with no better direction, higher / lower (in a
    neutral tone) when its interval excludes 0."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or (lo <= 0 <= hi):
        return "no clear difference", "flat"
    if not better:
        return ("higher" if diff > 0 else "lower"), "neutral"
    good = (diff > 0) if better == "higher" else not (diff > 0)
    return ("better", "good") if good else ("worse", "bad")


# ------------------------------------------------------------------ tables -----------
@dataclass(frozen=True)
class Cell:
    """One table cell as the template writes it: ``text`` (bold with ``strong``, code
    with ``code``), a ``small`` note after it, a judgement ``mark`` in the colour of
    ``tone`` (on the next line with ``mark_below``), ``below``: small print on the next
    line, and ``links`` (anchor, text) then ``notes``, all in small print."""

    text: str = ""
    num: bool = False
    strong: bool = False
    code: bool = False
    small: str = ""
    mark: str = ""
    tone: str = ""
    mark_below: bool = False
    below: str = ""
    links: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    head: list[str]
    rows: list[list[Cell]]
    css: str = ""


def _numeric(rows: list[list[Cell]], columns: Sequence[int]) -> list[list[Cell]]:
    cols = set(columns)
    return [
        [Cell(**{**c.__dict__, "num": True}) if i in cols else c for i, c in enumerate(r)]
        for r in rows
    ]


def interval(low: float, high: float) -> str:
    return f"[{number(low)}, {number(high)}]"


def value_cell(row: pd.Series) -> Cell:
    if not math.isfinite(row["ci_low"]):
        return Cell(number(row["mean"]))
    return Cell(number(row["mean"]), small=interval(row["ci_low"], row["ci_high"]))


def diff_cell(row: pd.Series) -> Cell:
    if not math.isfinite(row["diff"]):
        return Cell("n/a")
    small = ""
    if math.isfinite(row["diff_ci_low"]):
        small = interval(row["diff_ci_low"], row["diff_ci_high"])
    word, tone = verdict(row["diff"], row["diff_ci_low"], row["diff_ci_high"], row["better"])
    return Cell(signed(row["diff"]), small=small, mark=word, tone=tone, mark_below=True)


def indicator_table(summary: pd.DataFrame, names: Sequence[str], scenarios: Sequence[str]):
    base = scenarios[0]
    head = ["indicator", "unit", *scenarios, *(f"{s} vs {base}" for s in scenarios[1:])]
    rows = []
    for name in names:
        sub = summary[summary["indicator"] == name].set_index("scenario")
        if sub.empty:
            continue
        first = sub.loc[base]
        better = f"({first['better']} is better)" if first["better"] else ""
        rows.append(
            [Cell(label(name), strong=True), Cell(first["unit"], small=better)]
            + [value_cell(sub.loc[s]) for s in scenarios]
            + [diff_cell(sub.loc[s]) for s in scenarios[1:]]
        )
    return Table(head, _numeric(rows, range(2, 2 + 2 * len(scenarios) - 1)), css="indicators")


@dataclass(frozen=True)
class Finding:
    """One scenario against the reference: (text, judgement, tone) per headline
    indicator; the judgement is empty where the difference is not clear."""

    scenario: str
    parts: list[tuple[str, str, str]]


def key_findings(summary: pd.DataFrame, scenarios: Sequence[str]) -> list[Finding]:
    out = []
    for scen in scenarios[1:]:
        parts = []
        for name in ind.HEADLINE:
            r = summary[(summary["scenario"] == scen) & (summary["indicator"] == name)].iloc[0]
            if not math.isfinite(r["diff_ci_low"]) or r["diff_ci_low"] <= 0 <= r["diff_ci_high"]:
                parts.append((f"no clear difference in {label(name)}", "", ""))
                continue
            direction = "higher" if r["diff"] > 0 else "lower"
            word, tone = verdict(r["diff"], r["diff_ci_low"], r["diff_ci_high"], r["better"])
            text = f"{label(name)} {direction} by {amount(abs(r['diff']), r['unit'], label(name))}"
            parts.append((text, word, tone))
        out.append(Finding(scen, parts))
    return out


def settings_table(data: ReportData) -> Table | None:
    """The settings that differ between the scenarios, policy levers first."""
    from .params import PARAMS

    scenarios, dicts = data.scenarios, data.settings
    keys = [k for k in PARAMS if any(dicts[s][k] != dicts[scenarios[0]][k] for s in scenarios)]
    if not keys:
        return None
    keys = sorted(keys, key=lambda k: (not PARAMS[k].lever, k))
    rows = [
        [Cell(k, code=True), Cell(PARAMS[k].help)] + [Cell(str(dicts[s][k])) for s in scenarios]
        for k in keys
    ]
    head = ["setting", "meaning", *scenarios]
    return Table(head, _numeric(rows, range(2, 2 + len(scenarios))))


def validation_table(results) -> Table:
    rows = []
    for r in results:
        c = r.check
        rows.append(
            [
                Cell(c.title, strong=True, below=f"{c.kind}: {c.how}"),
                Cell(number(c.target), below=f"{number(c.low)} to {number(c.high)}"),
                Cell(number(r.value), below=f"range {number(r.low)} to {number(r.high)}"),
                Cell(mark="pass", tone="pass") if r.passed else Cell(mark="FAIL", tone="fail"),
                Cell(c.unit),
                Cell(notes=(c.source,)),
            ]
        )
    head = ["check", "target (accepted range)", "model", "result", "unit", "source"]
    return Table(head, _numeric(rows, (1, 2)))


@dataclass(frozen=True)
class GroupBlock:
    """One scenario against the reference, by one kind of group: the table, and in words
    the changes that are clear of simulation noise (``clear``; empty when none is)."""

    title: str
    clear: str
    table: Table


def group_blocks(gt: pd.DataFrame, scenarios: Sequence[str]) -> list[GroupBlock]:
    from .groups import GROUP_BETTER, GROUP_OUTCOMES

    base, shown = scenarios[0], list(GROUP_OUTCOMES)
    out = []
    for scen in scenarios[1:]:
        for kind in ("deprivation fifth", "age band", "carer", "ward"):
            sub = gt[gt["group_kind"] == kind]
            head = ["group", "citizens", f"wellbeing under {base}"]
            head += [f"change in {label(o)}" for o in shown]
            rows, clear = [], []
            for g in dict.fromkeys(sub["group"]):
                gs = sub[sub["group"] == g].set_index("scenario")
                row = [
                    Cell(str(g)),
                    Cell(number(gs.loc[base, "citizens"], decimals=0)),
                    Cell(number(gs.loc[base, "wellbeing"])),
                ]
                for o in shown:
                    d = gs.loc[scen, f"{o}_diff"]
                    lo, hi = gs.loc[scen, f"{o}_diff_ci_low"], gs.loc[scen, f"{o}_diff_ci_high"]
                    better = {1: "higher", -1: "lower"}[GROUP_BETTER[o]]
                    word, tone = verdict(d, lo, hi, better)
                    small = interval(lo, hi) if math.isfinite(lo) else ""
                    mark = word if tone in ("good", "bad") else ""
                    row.append(Cell(signed(d), small=small, mark=mark, tone=tone, mark_below=True))
                    if mark:
                        clear.append(f"{label(o)} for {g} ({signed(d)}, {word})")
                rows.append(row)
            table = Table(head, _numeric(rows, range(1, len(head))), css="groups")
            text = "; ".join(clear)
            out.append(GroupBlock(f"{scen} compared with {base}, by {kind}", text, table))
    return out


@dataclass(frozen=True)
class AppraisalBlock:
    """One scenario's appraisal against the reference: payback and the verdict in words,
    and its measures by horizon."""

    scenario: str
    payback: str
    verdict: str
    table: Table | None
    nothing: str = ""  # measures left out because they are 0 throughout


def appraisal_blocks(appraisal: dict[str, pd.DataFrame]) -> list[AppraisalBlock]:
    from .appraisal import (
        MEASURES,
        horizon_head,
        measure_text,
        payback_text,
        per_resident_text,
        years_text,
    )
    from .appraisal import verdict as worth

    summ, out = appraisal["summary"], []
    for _, pay in appraisal["payback"].iterrows():
        scen = pay["scenario"]
        s = summ[summ["scenario"] == scen] if len(summ) else summ
        horizons = sorted(s["horizon_years"].unique()) if len(s) else []
        if not horizons:
            out.append(AppraisalBlock(scen, payback_text(pay.to_dict()), "", None))
            continue
        last = s[s["horizon_years"] == horizons[-1]].set_index("measure")
        people = int(appraisal["people"]["population"].iloc[0])
        run_years = float(pay["horizon_years"])
        rows, nothing = [], []
        for measure, name in MEASURES.items():
            if (s.loc[s["measure"] == measure, ["mean", "ci_low", "ci_high"]] == 0).all(None):
                nothing.append(name.removeprefix("Net cost: ").lower())
                continue
            cells = [Cell(name, strong=measure in ("npv_public", "nmb"))]
            for h in horizons:
                r = s[(s["horizon_years"] == h) & (s["measure"] == measure)].iloc[0]
                small = ""
                if math.isfinite(r["ci_low"]):
                    lo, hi = measure_text(measure, r["ci_low"]), measure_text(measure, r["ci_high"])
                    small = f"[{lo}, {hi}]"
                cells.append(Cell(measure_text(measure, r["mean"]), small=small))
            rows.append(cells)
        head = ["measure (all residents)", *(horizon_head(h, run_years) for h in horizons)]
        table = Table(head, _numeric(rows, range(1, 1 + len(horizons))))
        text = (
            f"Over the whole run ({years_text(horizons[-1])}) it {worth(last)}; "
            f"{per_resident_text(last, people)}."
        )
        out.append(
            AppraisalBlock(scen, payback_text(pay.to_dict()), text, table, ", ".join(nothing))
        )
    return out


def equity_table(grad: pd.DataFrame) -> Table:
    """The equity gradient: most against least deprived fifth, per scenario and outcome."""
    rows = []
    for _, r in grad.iterrows():
        word, tone = {True: ("widens the gap", "bad"), False: ("narrows the gap", "good")}.get(
            r["widens"], ("no change beyond noise", "")
        )
        small = ""
        if math.isfinite(r["gradient_ci_low"]):
            small = interval(r["gradient_ci_low"], r["gradient_ci_high"])
        rows.append(
            [
                Cell(r["scenario"]),
                Cell(label(r["outcome"]), strong=True),
                Cell(signed(r["gain_most_deprived"])),
                Cell(signed(r["gain_least_deprived"])),
                Cell(signed(r["gradient"]), small=small),
                Cell(mark=word, tone=tone) if tone else Cell(word),
            ]
        )
    head = ["scenario", "outcome", "gain, most deprived fifth", "gain, least deprived fifth",
            "gradient (most less least)", "the gap"]  # fmt: skip
    return Table(head, _numeric(rows, (2, 3, 4)))


def structural_tables(data: ReportData) -> list[tuple[str, Table]]:
    """Per scenario against the reference: the headline differences under each switch
    and whether the headline holds, weakens or reverses."""
    from .structural import HEADLINE_DIFFS, SWITCHES

    st, scenarios = data.structural, data.scenarios
    why = {s.key: s.why for s in SWITCHES}
    out = []
    for scen in scenarios[1:]:
        sub = st[st["scenario"] == scen]
        default = sub[sub["switch"] == "default"].set_index("indicator")
        was_clear = default["significant"]
        head = ["assumption", *(label(n) for n in HEADLINE_DIFFS), "headline holds?"]
        rows = []
        for key in dict.fromkeys(sub["switch"]):
            s = sub[sub["switch"] == key].set_index("indicator")
            cells = []
            for n in HEADLINE_DIFFS:
                r = s.loc[n]
                mark, tone = "", ""
                if key != "default" and was_clear[n] and not r["significant"]:
                    mark, tone = "(not clear)", "flat"
                elif not r["same_direction"] and r["significant"]:
                    mark, tone = "(reversed)", "bad"
                small = ""
                if math.isfinite(r["diff_ci_low"]):
                    small = interval(r["diff_ci_low"], r["diff_ci_high"])
                cells.append(Cell(signed(r["diff"]), small=small, mark=mark, tone=tone))
            title = Cell(s["title"].iloc[0], below=why.get(key, ""))
            if key == "default":
                judged = Cell("reference")
            elif bool((s["diff"] == default["diff"].loc[s.index]).all()):
                judged = Cell(mark="does not apply to these scenarios", tone="flat")
            elif not np.isfinite(s["diff_ci_low"].to_numpy(dtype=float)).all():
                judged = Cell(
                    mark="cannot tell", tone="flat", below="no interval from one replication"
                )
            elif (~s["same_direction"] & s["significant"]).any():
                judged = Cell(mark="reverses", tone="fail")
            else:
                lost = [
                    label(n) for n in HEADLINE_DIFFS if was_clear[n] and not s.loc[n, "significant"]
                ]
                if lost:
                    judged = Cell(
                        mark="weakens",
                        tone="flat",
                        below=f"no clear difference in {', '.join(lost)}",
                    )
                elif bool(s["same_direction"].all()):
                    judged = Cell(mark="holds", tone="pass")
                else:
                    judged = Cell(mark="holds; an unclear difference changes sign", tone="flat")
            rows.append([title, *cells, judged])
        table = Table(head, _numeric(rows, range(1, 1 + len(HEADLINE_DIFFS))))
        out.append((f"{scen} compared with {scenarios[0]}", table))
    return out


def structural_notes(data: ReportData) -> list[str]:
    """A warning when the structural reruns are too few to judge whether the headline
    holds."""
    from .comparison import MIN_REPLICATIONS

    n = data.structural_replications
    if data.structural is None or n >= MIN_REPLICATIONS:
        return []
    if n == 1:
        return [
            "The structural reruns have one replication each: they give no interval, so "
            "the report cannot tell whether the headline holds under each assumption."
        ]
    return [
        f"The structural reruns have only {n} replications each: whether the headline "
        f"holds, weakens or reverses rests on {n} seeds. Use --structural-replications "
        f"{MIN_REPLICATIONS} or more."
    ]


def parameter_tables() -> tuple[list[tuple[str, Table]], list[tuple[str, str]]]:
    """Every parameter, grouped as in docs/parameters.md, and the references cited
    (by the parameters and the validation checks) as (key, citation)."""
    from .params import by_group
    from .references import REFERENCES, assumptions, reference_keys
    from .validation import CHECKS

    used: list[str] = []
    tables = []
    for group, params in by_group().items():
        rows = []
        for prm in params:
            keys = reference_keys(prm.source)
            used += [k for k in keys if k not in used]
            rows.append(
                [
                    Cell(prm.name, code=True),
                    Cell(prm.default_text().strip("`")),
                    Cell(prm.unit_text()),
                    Cell(prm.range_text().replace("`", "")),
                    Cell(prm.help),
                    Cell(
                        links=tuple((f"#ref-{k}", k) for k in keys),
                        notes=tuple(assumptions(prm.source)),
                    ),
                ]
            )
        head = ["parameter", "default", "unit", "allowed", "meaning", "source"]
        title = group[:1].upper() + group[1:]
        tables.append((title, Table(head, _numeric(rows, (1,)), css="params")))
    text = " ".join(c.source for c in CHECKS)  # keys named in the checks' sources too
    used += [k for k in REFERENCES if k in text and k not in used]
    refs = [(k, REFERENCES[k]) for k in sorted(used) if k in REFERENCES]
    return tables, refs


# ------------------------------------------------------------------ rendering --------
def templates():
    """The Jinja2 environment of the templates shipped in ``coproduction/templates``
    (autoescaped; an undefined name is an error)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("coproduction", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def appraisal_settings(settings: dict[str, Any]) -> dict[str, str]:
    """The appraisal settings as the report writes them."""
    return {
        "costs": f"{settings['discount_costs']:.1%}",
        "health": f"{settings['discount_health']:.1%}",
        "ls": f"{settings['ls_per_wemwbs']:g}",
        "wellby": f"£{settings['wellby_value']:,.0f}",
    }


def reproduce_command(data: ReportData) -> str:
    """The command that makes this report again: every option that changes its content
    (the place's own figures are left to ``--place``; ``--workers`` changes nothing)."""
    import shlex

    from .places import load_place

    gap = data.overrides.get("deprivation_wemwbs_gap")
    profile = load_place(data.place).overrides(gap) if data.place else {}
    sets = {k: v for k, v in data.overrides.items() if k not in profile or profile[k] != v}
    parts = ["coprod", "report", *data.scenarios, "--replications", str(data.replications)]
    parts += ["--weeks", str(data.weeks), "--seed", str(data.seed)]
    parts += ["--structural-replications", str(data.structural_replications)]
    parts += ["--validation", data.validation_mode]
    if data.place:
        parts += ["--place", data.place]
    for k, v in sets.items():
        text = str(v).lower() if isinstance(v, bool) else str(v)
        parts += ["--set", f"{k}={text}"]
    return shlex.join(parts)


def render(data: ReportData) -> str:
    """The report's HTML from ``data`` (no simulation runs here)."""
    from .appraisal import years_text
    from .limitations import ASSUMPTIONS, GENERAL

    scenarios = data.scenarios
    areas = []
    for area in ind.EFFECT_AREAS:
        fig = data.figures[area]
        undefined = [n for n in ind.EFFECT_AREAS[area] if n not in fig.indicators]
        areas.append(
            {
                "id": area.replace(" ", "_"),
                "title": f"Effect area: {area}",
                "intro": AREA_INTRO.get(area, ""),
                "uri": fig.uri,
                "caption": f"{area.capitalize()}: mean over replications with 95% band, by "
                f"year.{fig.coinciding}",
                "table": indicator_table(data.summary, fig.indicators, scenarios),
                "undefined": ", ".join(label(n) for n in undefined),
                "vfm": indicator_table(data.summary, list(VFM_ROWS), scenarios)
                if area == "value for money"
                else None,
            }
        )
    sections = [("scenarios", "The scenarios in plain words"), ("headline", "Headline results")]
    sections += [(a["id"], a["title"]) for a in areas]
    if data.appraisal is not None:
        sections.append(("money", "Money: payback, net present value and who pays"))
    if data.equity is not None and not data.equity.empty:
        sections.append(("equity", "Equity: the most and the least deprived"))
    sections.append(("who", "Who benefits: by deprivation, age, caring and ward"))
    if data.structural is not None:
        sections.append(("structural", "Structural uncertainty: does the headline hold?"))
    if data.validation is not None:
        sections.append(("validation", "Validation against published figures"))
    sections += [("limitations", "Limitations"), ("parameters", "Parameters and sources")]
    from .groups import GROUP_OUTCOMES

    param_tables, references = parameter_tables()
    context = {
        "data": data,
        "base": scenarios[0],
        "note": NOTE,
        "sections": sections,
        "years": years_text(data.weeks / 52),
        "period_text": period(data.weeks).capitalize(),
        "warnings": reliability_notes(data.replications, data.weeks, data.n_citizens)
        + structural_notes(data),
        "n_citizens": number(data.n_citizens),
        "command": reproduce_command(data),
        "findings": key_findings(data.summary, scenarios),
        "descriptions": [(s, " ".join(data.descriptions[s].split())) for s in scenarios],
        "settings_table": settings_table(data),
        "headline": indicator_table(data.summary, ind.HEADLINE, scenarios),
        "areas": areas,
        "group_blocks": group_blocks(data.groups, scenarios),
        "appraisal_blocks": appraisal_blocks(data.appraisal) if data.appraisal else [],
        "people": number(int(data.appraisal["people"]["population"].iloc[0]))
        if data.appraisal
        else "",
        "equity": equity_table(data.equity)
        if data.equity is not None and not data.equity.empty
        else None,
        "fifths": tuple(
            str(data.equity[k].iloc[0]).split()[0] for k in ("most_deprived", "least_deprived")
        )
        if data.equity is not None and not data.equity.empty
        else ("", ""),
        "appr": appraisal_settings(data.settings[scenarios[0]]),
        "group_outcomes": [(label(k), v) for k, v in GROUP_OUTCOMES.items()],
        "structural": structural_tables(data) if data.structural is not None else [],
        "validation": validation_table(data.validation) if data.validation is not None else None,
        "passed": sum(r.passed for r in data.validation or []),
        "validation_citizens": number(data.validation_info.get("n_citizens")),
        "general_limits": GENERAL,
        "assumptions": ASSUMPTIONS,
        "param_tables": param_tables,
        "references": references,
    }
    return templates().get_template("report.html.j2").render(context)


def build(
    scenarios: Sequence[str],
    replications: int = 10,
    weeks: int = 520,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
    structural_replications: int = 5,
    validation: str = "full",
    progress: Callable[[int], Any] | None = None,
    place: str = "",
) -> str:
    """Run everything and return the HTML text: ``render(compute(...))``."""
    data = compute(
        scenarios, replications, weeks, seed, overrides, workers,
        structural_replications, validation, progress, place,
    )  # fmt: skip
    return render(data)
