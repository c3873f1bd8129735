"""``coprod report``: one self-contained HTML file comparing scenarios for a policy team.

Everything is inside the file: figures are PNGs embedded as base64 ``data:`` URIs and
the style sheet is inline, so it opens offline and can be e-mailed. There are no
external ``src`` or ``href`` links (tested); references are printed as text.
"""

from __future__ import annotations

import base64
import html
import math
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from . import indicators as ind
from .comparison import NOTE, summarise
from .formatting import number

QUESTION = (
    "What changes for residents, staff and the public purse when services are done "
    "<em>with</em> people rather than <em>to</em> them?"
)

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


CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:62rem;margin:2rem auto;padding:0 1.2rem;
color:#1a1a1a;line-height:1.5;background:#fff}
h1{font-size:1.9rem;margin-bottom:.2rem}h2{margin-top:2.4rem;border-bottom:2px solid #0072B2;
padding-bottom:.2rem;font-size:1.4rem}h3{font-size:1.1rem;margin-top:1.6rem}
.lede{font-size:1.15rem;color:#333}.meta{color:#555;font-size:.9rem}
table{border-collapse:collapse;margin:.8rem 0;font-family:system-ui,Helvetica,Arial,sans-serif;
font-size:.82rem;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .45rem;text-align:left;
vertical-align:top}th{background:#f2f5f8}td.num{text-align:right;white-space:nowrap;
font-variant-numeric:tabular-nums}
.good{color:#006d3c;font-weight:600}.bad{color:#b0281a;font-weight:600}.flat{color:#555}
.pass{color:#006d3c;font-weight:700}.fail{color:#b0281a;font-weight:700}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.85rem;color:#555}
.box{background:#f7f9fb;border-left:4px solid #0072B2;padding:.6rem 1rem;margin:1rem 0}
nav ol{columns:2;font-size:.95rem}small{color:#555}
table.params{table-layout:fixed}table.params th:nth-child(1){width:17%}
table.params th:nth-child(2){width:8%}table.params th:nth-child(3){width:11%}
table.params th:nth-child(4){width:11%}table.params th:nth-child(5){width:26%}
table.params code{word-break:break-all}table.groups td:first-child{white-space:nowrap}
"""


# ------------------------------------------------------------------ small helpers ----
def esc(x: Any) -> str:
    return html.escape(str(x), quote=True)


#: Plain names for indicators whose key reads badly as words.
LABELS = {
    "wellbeing_mean": "mean wellbeing",
    "cost_per_citizen_week": "cost per citizen per week",
    "crisis_rate": "crisis rate",
    "wellbeing_p10": "wellbeing of the worst-off tenth",
    "cost_cumulative": "cumulative cost",
}


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " "))


def unit_words(unit: str) -> str:
    """A unit as it reads after a number in a sentence."""
    return {"0-1": "points on a 0-1 scale", "WEMWBS": "WEMWBS points"}.get(unit, unit)


def amount(x: float, unit: str) -> str:
    """``x`` with its unit as it reads in a sentence (GBP first, rates also per year)."""
    if unit == "GBP":
        return f"GBP {number(x, 3)}"
    text = f"{number(x, 3)} {unit_words(unit)}"
    if unit.endswith("per week"):
        text += f" (about {number(52 * x, 3)} {unit.removesuffix('per week').strip()} a year)"
    return text


def table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """An HTML table; cells are already-escaped HTML."""
    th = "".join(f"<th>{h}</th>" for h in head)
    body = []
    for r in rows:
        tds = "".join(
            f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
            for i, c in enumerate(r)
        )
        body.append(f"<tr>{tds}</tr>")
    return f"<table><thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def png_data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def figure(path: Path, caption: str) -> str:
    return (
        f'<figure><img src="{png_data_uri(path)}" alt="{esc(caption)}">'
        f"<figcaption>{esc(caption)}</figcaption></figure>"
    )


def verdict(diff: float, lo: float, hi: float, better: str) -> str:
    """Plain-words judgement of a paired difference: better / worse / no clear change."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or (lo <= 0 <= hi) or not better:
        return '<span class="flat">no clear difference</span>'
    up = diff > 0
    good = up if better == "higher" else not up
    word = "better" if good else "worse"
    return f'<span class="{"good" if good else "bad"}">{word}</span>'


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


def undefined_note(names: Sequence[str]) -> str:
    if not names:
        return ""
    return (
        f"<p><small>Not shown: {esc(', '.join(label(n) for n in names))}, defined only for "
        "scenarios with a funding cut (compare top_down_cut with co_produced_cut).</small></p>"
    )


# ------------------------------------------------------------------ sections ---------
def _cell(row: pd.Series) -> str:
    if not math.isfinite(row["ci_low"]):
        return number(row["mean"])
    low, high = number(row["ci_low"]), number(row["ci_high"])
    return f"{number(row['mean'])} <small>[{low}, {high}]</small>"


def _diff_cell(row: pd.Series) -> str:
    if not math.isfinite(row["diff"]):
        return "n/a"
    sign = "+" if row["diff"] > 0 else ""
    ci = ""
    if math.isfinite(row["diff_ci_low"]):
        ci = f" <small>[{number(row['diff_ci_low'])}, {number(row['diff_ci_high'])}]</small>"
    judged = verdict(row["diff"], row["diff_ci_low"], row["diff_ci_high"], row["better"])
    return f"{sign}{number(row['diff'])}{ci}<br>{judged}"


def indicator_table(summary: pd.DataFrame, names: Sequence[str], scenarios: Sequence[str]) -> str:
    base = scenarios[0]
    head = [
        "indicator",
        "unit",
        *map(esc, scenarios),
        *(f"{esc(s)} vs {esc(base)}" for s in scenarios[1:]),
    ]
    rows = []
    for name in names:
        sub = summary[summary["indicator"] == name].set_index("scenario")
        if sub.empty:
            continue
        first = sub.loc[scenarios[0]]
        unit = esc(first["unit"]) + (
            f" <small>({esc(first['better'])} is better)</small>" if first["better"] else ""
        )
        rows.append(
            [f"<b>{esc(label(name))}</b>", unit]
            + [_cell(sub.loc[s]) for s in scenarios]
            + [_diff_cell(sub.loc[s]) for s in scenarios[1:]]
        )
    n = len(scenarios)
    return table(head, rows, numeric=range(2, 2 + 2 * n - 1))


def key_findings(summary: pd.DataFrame, scenarios: Sequence[str]) -> str:
    """One sentence per scenario on the headline indicators, in plain words."""
    base = scenarios[0]
    items = []
    for scen in scenarios[1:]:
        parts = []
        for name in ind.HEADLINE:
            r = summary[(summary["scenario"] == scen) & (summary["indicator"] == name)].iloc[0]
            if not math.isfinite(r["diff_ci_low"]) or r["diff_ci_low"] <= 0 <= r["diff_ci_high"]:
                parts.append(f"no clear difference in {label(name)}")
                continue
            direction = "higher" if r["diff"] > 0 else "lower"
            parts.append(
                f"{label(name)} {direction} by {esc(amount(abs(r['diff']), r['unit']))} "
                f"({verdict(r['diff'], r['diff_ci_low'], r['diff_ci_high'], r['better'])})"
            )
        items.append(
            f"<li><b>{esc(scen)}</b> compared with <b>{esc(base)}</b>: {'; '.join(parts)}.</li>"
        )
    return "<ul>" + "".join(items) + "</ul>"


def scenario_section(
    info: dict[str, Any], resolved: dict[str, Any], scenarios: Sequence[str]
) -> str:
    from .params import PARAMS

    out = ["<ul>"]
    for s in scenarios:
        desc = " ".join(info["scenarios"][s]["description"].split())
        out.append(f"<li><b>{esc(s)}</b>: {esc(desc)}</li>")
    out.append("</ul>")
    # the policy levers that differ between the scenarios
    dicts = {s: resolved[s].params.to_dict() for s in scenarios}
    keys = [k for k in PARAMS if any(dicts[s][k] != dicts[scenarios[0]][k] for s in scenarios)]
    keys = sorted(keys, key=lambda k: (not PARAMS[k].lever, k))
    if keys:
        rows = [
            [f"<code>{esc(k)}</code>", esc(PARAMS[k].help)] + [esc(dicts[s][k]) for s in scenarios]
            for k in keys
        ]
        out.append(
            "<p>The settings that differ between them (everything else is the same, "
            "including the budget):</p>"
        )
        out.append(
            table(
                ["setting", "meaning", *map(esc, scenarios)],
                rows,
                numeric=range(2, 2 + len(scenarios)),
            )
        )
    return "".join(out)


def validation_section(results, info: dict[str, Any]) -> str:
    rows = []
    for r in results:
        c = r.check
        rows.append(
            [
                f"<b>{esc(c.title)}</b><br><small>{esc(c.how)}</small>",
                f"{number(c.target)}<br><small>{number(c.low)} to {number(c.high)}</small>",
                f"{number(r.value)}<br><small>sd {number(r.sd)}</small>",
                '<span class="pass">pass</span>' if r.passed else '<span class="fail">FAIL</span>',
                esc(c.unit),
                f"<small>{esc(c.source)}</small>",
            ]
        )
    n_pass = sum(r.passed for r in results)
    head = (
        f"<p>{n_pass} of {len(results)} checks pass. Each check runs the model afresh "
        f"({info['replications']} replications of {info['n_citizens']:,} citizens), lets it "
        f"settle for {info['burn_in_weeks']} weeks and then measures its own simulated "
        "output against a published figure. Targets and tolerances were fixed from the "
        "sources before the model was run against them; a failure is reported, not tuned "
        "away. <code>coprod validate</code> reruns them.</p>"
    )
    return head + table(
        ["check", "target (accepted range)", "model", "result", "unit", "source"],
        rows,
        numeric=(1, 2),
    )


def groups_section(gt: pd.DataFrame, scenarios: Sequence[str]) -> str:
    from .groups import GROUP_OUTCOMES

    base = scenarios[0]
    out = [
        "<p>Outcomes in the final week by group, mean over replications. Each table "
        f"shows the level under <b>{esc(base)}</b> and the change under the other scenario; "
        "a group that gains less than others, or loses, is where a policy may widen gaps.</p>"
    ]
    shown = list(GROUP_OUTCOMES)
    for scen in scenarios[1:]:
        for kind in ("age band", "ward"):
            sub = gt[gt["group_kind"] == kind]
            head = ["group", "citizens", f"wellbeing under {esc(base)}"]
            head += [f"change in {label(o)}" for o in shown]
            rows, gains = [], {}
            for g in dict.fromkeys(sub["group"]):
                gs = sub[sub["group"] == g].set_index("scenario")
                n = number(gs.loc[base, "citizens"], decimals=0)
                row = [esc(g), n, number(gs.loc[base, "wellbeing"])]
                for o in shown:
                    d = gs.loc[scen, f"{o}_diff"]
                    row.append(("+" if d > 0 else "") + number(d))
                gains[g] = gs.loc[scen, "wellbeing_diff"]
                rows.append(row)
            out.append(f"<h3>{esc(scen)} compared with {esc(base)}, by {kind}</h3>")
            if len(gains) > 1:
                hi = max(gains, key=gains.get)
                lo = min(gains, key=gains.get)
                out.append(
                    f"<p>Wellbeing changes most for <b>{esc(hi)}</b> ({number(gains[hi], 3):s} "
                    f"points) and least for <b>{esc(lo)}</b> ({number(gains[lo], 3)} points).</p>"
                )
            out.append(
                table(head, rows, numeric=range(1, len(head))).replace(
                    "<table>", '<table class="groups">', 1
                )
            )
    out.append(
        "<p><small>"
        + "; ".join(f"<b>{label(k)}</b>: {esc(v)}" for k, v in GROUP_OUTCOMES.items())
        + ". Changes in shares are in points on a 0-1 scale.</small></p>"
    )
    return "".join(out)


def structural_section(st: pd.DataFrame, scenarios: Sequence[str], reps: int) -> str:
    from .structural import HEADLINE_DIFFS, SWITCHES

    why = {s.key: s.why for s in SWITCHES}
    out = [
        "<p>Some mechanisms are contested in the literature. Each row reruns the comparison "
        f"({reps} replications) with one of them changed, and shows the difference from "
        f"<b>{esc(scenarios[0])}</b> with its 95% interval. <b>Holds</b>: every headline "
        "difference keeps its direction, and those clear of zero in the default model "
        "stay clear; <b>weakens</b>: a difference that was clear is no longer; "
        "<b>reverses</b>: a clear difference in the opposite direction.</p>"
    ]
    for scen in scenarios[1:]:
        sub = st[st["scenario"] == scen]
        was_clear = sub[sub["switch"] == "default"].set_index("indicator")["significant"]
        head = ["assumption", *(label(n) for n in HEADLINE_DIFFS), "headline holds?"]
        rows = []
        for key in dict.fromkeys(sub["switch"]):
            s = sub[sub["switch"] == key].set_index("indicator")
            cells = []
            for n in HEADLINE_DIFFS:
                r = s.loc[n]
                sign = "+" if r["diff"] > 0 else ""
                mark = ""
                if key != "default" and was_clear[n] and not r["significant"]:
                    mark = ' <span class="flat">(not clear)</span>'
                elif not r["same_direction"] and r["significant"]:
                    mark = ' <span class="bad">(reversed)</span>'
                cells.append(
                    f"{sign}{number(r['diff'])} <small>[{number(r['diff_ci_low'])}, "
                    f"{number(r['diff_ci_high'])}]</small>{mark}"
                )
            holds = bool(s["same_direction"].all())
            title = esc(s["title"].iloc[0])
            if key in why:
                title += f"<br><small>{esc(why[key])}</small>"
            default = sub[sub["switch"] == "default"].set_index("indicator")["diff"]
            if key == "default":
                verdict_cell = "reference"
            elif bool((s["diff"] == default.loc[s.index]).all()):
                verdict_cell = '<span class="flat">does not apply to these scenarios</span>'
            elif (~s["same_direction"] & s["significant"]).any():
                verdict_cell = '<span class="fail">reverses</span>'
            else:
                lost = [
                    label(n) for n in HEADLINE_DIFFS if was_clear[n] and not s.loc[n, "significant"]
                ]
                verdict_cell = (
                    '<span class="pass">holds</span>'
                    if holds
                    else '<span class="flat">holds; an unclear difference changes sign</span>'
                )
                if lost:
                    verdict_cell = (
                        '<span class="flat">weakens</span><br><small>no clear difference in '
                        f"{esc(', '.join(lost))}</small>"
                    )
            rows.append([title, *cells, verdict_cell])
        out.append(f"<h3>{esc(scen)} compared with {esc(scenarios[0])}</h3>")
        out.append(table(head, rows, numeric=range(1, 1 + len(HEADLINE_DIFFS))))
    return "".join(out)


def parameter_section() -> str:
    """Every parameter, grouped as in docs/parameters.md, then the references cited."""
    from .params import by_group
    from .references import REFERENCES, assumptions, reference_keys
    from .validation import CHECKS

    used: list[str] = []
    out = [
        "<p>Every parameter with its default, unit, allowed range and source. Sources are "
        "reference keys (full citations at the end) or a stated assumption with its "
        "reasoning. Policy levers come first.</p>"
    ]
    for group, params in by_group().items():
        rows = []
        for prm in params:
            keys = reference_keys(prm.source)
            used += [k for k in keys if k not in used]
            src = [f'<a href="#ref-{esc(k)}">{esc(k)}</a>' for k in keys]
            src += [esc(a) for a in assumptions(prm.source)]
            rows.append(
                [
                    f"<code>{esc(prm.name)}</code>",
                    esc(prm.default_text().strip("`")),
                    esc(prm.unit_text()),
                    esc(prm.range_text().replace("`", "")),
                    esc(prm.help),
                    "<small>" + "; ".join(src) + "</small>",
                ]
            )
        out.append(f"<h3>{esc(group[:1].upper() + group[1:])}</h3>")
        head = ["parameter", "default", "unit", "allowed", "meaning", "source"]
        out.append(table(head, rows, numeric=(1,)).replace("<table>", '<table class="params">', 1))
    # keys named in the validation checks' sources too
    text = " ".join(c.source for c in CHECKS)
    used += [k for k in REFERENCES if k in text and k not in used]
    out.append("<h3>References</h3><ol>")
    out += [
        f"<li id='ref-{esc(k)}'><b>{esc(k)}</b>: {esc(REFERENCES[k])}</li>"
        for k in sorted(used)
        if k in REFERENCES
    ]
    out.append("</ol>")
    return "".join(out)


# ------------------------------------------------------------------ the report -------
def build(
    scenarios: Sequence[str],
    replications: int = 10,
    weeks: int = 520,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
    structural_replications: int = 5,
    validation: str = "full",
    progress=None,
) -> str:
    """Run everything and return the HTML text."""
    from . import __version__
    from .comparison import VFM_ROWS
    from .groups import group_table, run_with_groups
    from .outputs import git_commit
    from .plots import trajectories
    from .runner import default_workers, make_executor
    from .scenarios import load_scenario_file
    from .structural import headline_under_switches
    from .validation import run_checks

    overrides = dict(overrides or {})
    resolved = {s: load_scenario_file(s, overrides) for s in scenarios}
    workers = default_workers() if workers is None else workers
    # one pool for every run: the comparison, the structural switches and validation
    pool, close = make_executor("process" if workers > 1 else "serial", workers)
    try:
        traj, reps, groups = run_with_groups(
            scenarios, replications, weeks, seed, overrides, workers, progress, pool
        )
        st = None
        if len(scenarios) > 1 and structural_replications > 0:
            st = headline_under_switches(
                scenarios, structural_replications, weeks, seed, overrides, workers,
                executor=pool,
            )  # fmt: skip
        val = None
        if validation != "skip":
            val = run_checks(quick=validation == "quick", executor=pool)
    except BaseException:
        close(abort=True)
        raise
    close()
    summary = summarise(reps, list(scenarios))
    info = {"scenarios": {s: {"description": r.description} for s, r in resolved.items()}}
    gt = group_table(groups, scenarios)

    sections: list[tuple[str, str, str]] = []  # (id, title, html)
    sections.append(
        ("scenarios", "The scenarios in plain words", scenario_section(info, resolved, scenarios))
    )
    sections.append(
        (
            "headline",
            "Headline results",
            "<p>Final-year means (the last 52 weeks) with 95% intervals over replications in "
            "brackets; the last columns give each scenario's difference from "
            f"<b>{esc(scenarios[0])}</b>, "
            "paired by seed, and whether it is better, worse or not clearly different.</p>"
            + indicator_table(summary, ind.HEADLINE, scenarios),
        )
    )
    with tempfile.TemporaryDirectory(prefix="coprod-report-") as tmp:
        tmpd = Path(tmp)
        for area, all_names in ind.EFFECT_AREAS.items():
            slug = area.replace(" ", "_")
            names = [n for n in all_names if traj[n].notna().any()]
            png = trajectories(traj, names, scenarios, area.capitalize(), tmpd / f"{slug}.png")
            caption = f"{area.capitalize()}: mean over replications with 95% band, by year."
            caption += coinciding(traj, names, scenarios)
            body = (
                f"<p class='lede'>{esc(AREA_INTRO.get(area, ''))}</p>"
                + figure(png, caption)
                + indicator_table(summary, names, scenarios)
                + undefined_note([n for n in all_names if n not in names])
            )
            if area == "value for money":
                body += (
                    "<p>Whole-horizon totals per citizen, undiscounted and discounted at 3.5% "
                    "a year (HM Treasury Green Book), and the extra cost per WEMWBS point per "
                    "citizen-year against the first scenario (negative with a wellbeing gain: "
                    "cheaper and better).</p>" + indicator_table(summary, list(VFM_ROWS), scenarios)
                )
            sections.append((slug, f"Effect area: {area}", body))
    sections.append(("who", "Who benefits: by age band and ward", groups_section(gt, scenarios)))
    if st is not None:
        sections.append(
            (
                "structural",
                "Structural uncertainty: does the headline hold?",
                structural_section(st, scenarios, structural_replications),
            )
        )
    if val is not None:
        sections.append(
            ("validation", "Validation against published figures", validation_section(*val))
        )
    from .limitations import ASSUMPTIONS, GENERAL

    lim = "<ul>" + "".join(f"<li>{esc(x)}</li>" for x in GENERAL) + "</ul>"
    lim += "<h3>The assumptions most likely to drive the results</h3><ul>"
    lim += "".join(f"<li><code>{esc(k)}</code>: {esc(v)}</li>" for k, v in ASSUMPTIONS.items())
    lim += "</ul>"
    sections.append(
        (
            "limitations",
            "Limitations",
            lim,
        )
    )
    sections.append(("parameters", "Parameters and sources", parameter_section()))

    nav = (
        "<nav><ol>"
        + "".join(f'<li><a href="#{i}">{esc(t)}</a></li>' for i, t, _ in sections)
        + "</ol></nav>"
    )
    cmd = f"coprod report {' '.join(scenarios)} --replications {replications} --weeks {weeks}"
    cmd += f" --seed {seed}"
    cmd += "".join(f" --set {k}={v}" for k, v in overrides.items())
    meta = (
        f"<p class='meta'>{replications} replications per scenario, {weeks} weeks "
        f"({weeks / 52:.0f} years) of a community of "
        f"{int(resolved[scenarios[0]].params.n_citizens):,} adults; seeds "
        f"{seed}..{seed + replications - 1}. "
        f"coproduction {esc(__version__)}, commit {esc(git_commit() or 'unknown')}. "
        f"Reproduce: <code>{esc(cmd)}</code></p>"
    )
    intro = (
        f"<h1>Co-production: {esc(' vs '.join(scenarios))}</h1>"
        f"<p class='lede'><b>The question.</b> {QUESTION} This report compares "
        f"{len(scenarios)} ways of running the same services, with the same budget, in a "
        "simulated community, on the six effects that co-production is claimed to have.</p>"
        + meta
        + "<div class='box'><b>Key findings.</b>"
        + key_findings(summary, scenarios)
        + f"<small>{esc(NOTE)}</small></div>"
    )
    body = intro + nav + "".join(f'<h2 id="{i}">{esc(t)}</h2>{h}' for i, t, h in sections)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Co-production report: {esc(', '.join(scenarios))}</title>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><style>{CSS}</style>"
        f"</head><body>{body}</body></html>"
    )
