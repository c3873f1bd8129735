"""What the interactive page shows, as plain Python (no Solara): controls generated from
the parameter declarations, the network and line-chart drawings (SVG text), and the
exports. ``app.py`` only lays these out, so everything here is tested without a browser.

The drawings are SVG built here rather than Matplotlib images: one step and one redraw
stay within a few milliseconds at 2,000 citizens, and every citizen and every series is
an element of the page (``circle.citizen``, ``polyline.series``) that a browser test
can count.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import indicators as ind
from .formatting import number
from .params import DEFAULTS, LEVER_NAMES, PARAMS, POLICY_NAMES, make_params, parse_schedule
from .plots import PALETTE, SMOOTH_WEEKS, is_flow
from .scenarios import load_scenario_file, to_toml

#: Population settings shown on the page besides the levers.
POPULATION_NAMES = ("n_citizens", "network", "mean_degree", "initial_need_mean", "shock_prob")
#: Ranges narrower than the declared ones where a slider over the full range is unusable
#: (the declared range still applies to scenario files and the CLI).
APP_RANGES = {"n_citizens": (100, 20_000), "mean_degree": (2, 20), "funding_cut_week": (-1, 520)}
#: Integer slider steps where 1 is too fine.
INT_STEPS = {"n_citizens": 100}
#: Above this many citizens the network view shows a neighbourhood window.
MAX_DRAWN = 2000
#: Names of the two series in side-by-side mode.
THIS, REFERENCE = "this policy", "top_down"
#: Plot tabs: the headline indicators, then the six effect areas.
TABS = {"headline": ind.HEADLINE, **ind.EFFECT_AREAS}
#: The levers grouped as the page shows them (in the sidebar and in "Levers in force");
#: every lever sits in exactly one group (a test checks that a new lever is placed).
LEVER_GROUPS: dict[str, tuple[str, ...]] = {
    "Co-production in the four phases": (
        "co_commissioning", "co_design", "co_delivery", "co_evaluation", "influence",
    ),
    "Rewards for co-delivery": ("reward", "cash_per_hour"),
    "Prevention and relational practice": ("prevention_share", "relational_time"),
    "Time banking": ("timebank", "timebank_broker_hours", "coaching_for_credits"),
    "Budget and staff": (
        "budget_per_citizen", "professionals_per_1000", "funding_cut_week",
        "funding_cut_fraction",
    ),
}  # fmt: skip
#: Text sizes of the drawings in CSS pixels. The charts and the colour bar are drawn one
#: SVG unit to one pixel (never scaled up or down at the page's usual widths), so these
#: are the sizes on screen: 12 px and up stays legible on a projector.
TICK_PX, AXIS_TITLE_PX, LEGEND_PX, TITLE_PX = 12, 13, 13, 15

_LABELS = {
    "co_commissioning": "Co-commissioning",
    "co_design": "Co-design",
    "co_delivery": "Co-delivery",
    "co_evaluation": "Co-evaluation",
    "influence": "Citizen influence",
    "prevention_share": "Prevention",
    "relational_time": "Relational time",
    "timebank": "Time bank",
    "timebank_broker_hours": "Broker time",
    "coaching_for_credits": "Coaching for time credits",
    "reward": "Reward",
    "cash_per_hour": "Cash per hour",
    "budget_per_citizen": "Service budget",
    "professionals_per_1000": "Professional posts",
    "funding_cut_week": "Funding cut at week",
    "funding_cut_fraction": "Funding cut",
    "n_citizens": "Citizens",
    "network": "Social network",
    "mean_degree": "Ties per citizen",
    "initial_need_mean": "Initial need",
    "shock_prob": "Chance of a need shock",
}


def label(name: str) -> str:
    """A short plain-language label for a parameter or indicator key."""
    if name in ind.BY_NAME:
        return ind.BY_NAME[name].label
    return _LABELS.get(name) or name.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Control:
    """One input on the page, derived from a parameter declaration."""

    name: str
    widget: str  # "slider_float", "slider_int", "switch" or "select"
    label: str
    help: str
    unit: str = ""
    low: float | None = None
    high: float | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()


def _nice_step(span: float) -> float:
    """A round slider step giving about 100 positions over ``span``."""
    raw = span / 100
    mag = 10 ** math.floor(math.log10(raw))
    return min((m * mag for m in (1, 2, 5, 10) if m * mag >= raw), default=raw)


def control(name: str) -> Control:
    """The input for parameter ``name`` (label, range, step, unit and help from params.py)."""
    p = PARAMS[name]
    base = {"name": name, "label": label(name), "help": p.help, "unit": p.unit}
    if p.kind is bool:
        return Control(widget="switch", **base)
    if p.kind is str:
        return Control(widget="select", choices=tuple(p.choices or ()), **base)
    low, high = APP_RANGES.get(name, (p.low, p.high))
    if p.kind is int:
        return Control(widget="slider_int", low=low, high=high, step=INT_STEPS.get(name, 1), **base)
    return Control(
        widget="slider_float", low=low, high=high, step=_grid_step(name, low, high), **base
    )


def _on_grid(value: float, low: float, step: float) -> bool:
    k = (value - low) / step
    return abs(k - round(k)) < 1e-6


def _grid_step(name: str, low: float, high: float) -> float:
    """A round slider step (about 100 positions or more) on whose grid the default and
    every shipped scenario's value lie: a slider snaps an off-grid value to its grid,
    which would change the model behind the user's back."""
    from .scenarios import list_scenarios

    values = {DEFAULTS[name], *(scenario_settings(s)[name] for s in list_scenarios())}
    step = _nice_step(high - low)
    while not all(_on_grid(v, low, step) for v in values) and (high - low) / step < 1e5:
        mantissa = round(step / 10 ** math.floor(math.log10(step)))
        step = step / (2.5 if mantissa == 5 else 2)  # 5 -> 2 -> 1 -> 0.5 ...
        step = float(f"{step:.6g}")
    return step


#: Values that stand for something other than a quantity.
_SPECIAL_VALUES = {("funding_cut_week", -1): "no cut"}


def control_text(ctl: Control, value: Any) -> str:
    """The label shown with an input: name, current value and unit for sliders."""
    if not ctl.widget.startswith("slider"):
        return ctl.label
    if (ctl.name, value) in _SPECIAL_VALUES:
        return f"{ctl.label}: {_SPECIAL_VALUES[ctl.name, value]}"
    unit = "(scale 0-1)" if ctl.unit == "0-1" else ctl.unit
    return f"{ctl.label}: {number(value, 6)} {unit}".rstrip()


def controls(names: tuple[str, ...] = LEVER_NAMES) -> list[Control]:
    """Inputs for ``names`` in declaration order (default: every policy lever)."""
    return [control(n) for n in names]


def tab_label(tab: str) -> str:
    """The name of a chart tab as the page shows it: the effect area in full."""
    return tab[:1].upper() + tab[1:]


def value_text(name: str, value: Any) -> str:
    """A parameter's value in words with its unit, to three significant figures (a
    scheduled ramp passes through values such as 0.0154): ``0.8 (scale 0-1)``, ``on``,
    ``time credits``, ``1,100 GBP/citizen/year``, ``no cut``."""
    p = PARAMS[name]
    if (name, value) in _SPECIAL_VALUES:
        return _SPECIAL_VALUES[name, value]
    if p.kind is bool:
        return "on" if value else "off"
    if p.kind is str:
        return str(value).replace("_", " ")
    unit = "(scale 0-1)" if p.unit == "0-1" else p.unit
    return f"{number(value, 3)} {unit}".rstrip()


def levers_html(values: dict[str, Any], reference: dict[str, Any] | None = None) -> str:
    """The levers in force as grouped lines ``Label: value unit`` (``LEVER_GROUPS``), each
    line tagged ``lever-<name>`` with its raw value in ``data-value``; a lever that differs
    from ``reference`` (top_down's levers) is marked ``changed`` and shown in bold."""
    ref = scenario_settings(REFERENCE) if reference is None else reference
    out = ['<div class="levers-in-force">']
    for group, names in LEVER_GROUPS.items():
        out.append(
            f'<div class="lever-group"><div class="lever-group-title">{html.escape(group)}</div>'
        )
        for name in names:
            v = values[name]
            changed = " changed" if v != ref[name] else ""
            out.append(
                f'<div class="lever lever-{name}{changed}" data-value="{html.escape(str(v))}">'
                f'{html.escape(label(name))}: <span class="value">'
                f"{html.escape(value_text(name, v))}</span></div>"
            )
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


# ---------------------------------------------------------------- settings -----------
def scenario_settings(name: str) -> dict[str, Any]:
    """Every parameter of the named scenario (levers and all)."""
    return load_scenario_file(name).params.to_dict()


def reference_settings(settings: dict[str, Any], reference: str = REFERENCE) -> dict[str, Any]:
    """``settings`` with every policy lever and the schedule taken from ``reference`` (the
    population and all other settings unchanged), so that with the same seed the
    difference between the two runs is the policy's effect."""
    ref = scenario_settings(reference)
    return {k: (ref[k] if k in POLICY_NAMES else v) for k, v in settings.items()}


def changed(settings: dict[str, Any]) -> dict[str, Any]:
    """The settings that differ from the defaults."""
    return {k: v for k, v in settings.items() if v != DEFAULTS[k]}


def schedule_lines(settings: dict[str, Any]) -> list[str]:
    """How the settings' schedule changes levers over the run, a plain line per lever (as
    ``coprod scenarios show`` prints it); empty when every lever holds its value."""
    text = settings.get("schedule", "")
    if not text:
        return []
    return parse_schedule(text, "the app's settings").describe(settings)


def export_toml(settings: dict[str, Any], name: str, seed: int) -> str:
    """The settings as a loadable scenario file (every parameter, validated first)."""
    params = make_params(settings, source="the app's settings")
    desc = f"Saved from the coproduction app (seed {seed}: coprod run <this file> --seed {seed})."
    return to_toml(params, name=name, description=desc)


def results_frame(models: dict[str, Any], names: tuple[str, ...]) -> pd.DataFrame:
    """Tidy weekly table of the indicators ``names`` for each series (``series``, ``week``,
    then one column per indicator), as the page plots them (before smoothing)."""
    frames = []
    for series, model in models.items():
        df = model.indicators_dataframe()
        frames.append(df[["week", *names]].assign(series=series))
    out = pd.concat(frames, ignore_index=True)
    out["week"] = out["week"].astype(int)
    return out[["series", "week", *names]]


def export_csv(models: dict[str, Any]) -> str:
    """Every plotted indicator (headline and the six effect areas), per series and week."""
    names = tuple(dict.fromkeys(n for tab in TABS.values() for n in tab))
    return results_frame(models, names).to_csv(index=False, float_format="%.6g")


# ---------------------------------------------------------------- network ------------
def _hilbert(order: int, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cell (x, y) of position ``d`` along a Hilbert curve over a 2^order square."""
    x = np.zeros_like(d)
    y = np.zeros_like(d)
    t = d.copy()
    s = 1
    while s < (1 << order):
        rx = 1 & (t // 2)
        ry = 1 & (t ^ rx)
        flip = (ry == 0) & (rx == 1)
        x = np.where(flip, s - 1 - x, x)
        y = np.where(flip, s - 1 - y, y)
        swap = ry == 0
        x, y = np.where(swap, y, x), np.where(swap, x, y)
        x += s * rx
        y += s * ry
        t //= 4
        s *= 2
    return x, y


def layout(ids: np.ndarray, ward: np.ndarray) -> np.ndarray:
    """Positions in the unit square: wards tiled in a grid, and within a ward citizens
    along a Hilbert curve in id order. Ids follow neighbourhood order (ring or wards),
    so most ties join nearby points. Cheap and deterministic (no force layout)."""
    wards = np.unique(ward)
    cols = math.ceil(math.sqrt(wards.size))
    rows = math.ceil(wards.size / cols)
    cell = 1.0 / max(cols, rows)
    pos = np.zeros((ids.size, 2))
    for k, w in enumerate(wards):
        members = np.flatnonzero(ward == w)
        size = members.size
        order = max(1, math.ceil(math.log(max(size, 2), 4)))
        side = 1 << order
        d = (np.arange(size) * (side * side) // size).astype(np.int64)
        x, y = _hilbert(order, d)
        pad = 0.08 * cell
        span = cell - 2 * pad
        pos[members, 0] = (k % cols) * cell + pad + (x + 0.5) / side * span
        pos[members, 1] = (k // cols) * cell + pad + (y + 0.5) / side * span
    return pos


def window(n: int, start: int, size: int = MAX_DRAWN) -> np.ndarray:
    """Citizen ids shown: all when ``n <= size``, else a window of ``size`` consecutive ids
    (a neighbourhood, since ids follow neighbourhood order) starting at ``start``."""
    if n <= size:
        return np.arange(n)
    start = int(min(max(start, 0), n - size))
    return np.arange(start, start + size)


def _hex(rgb: np.ndarray) -> list[str]:
    return [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in (np.clip(rgb, 0, 1) * 255).astype(int)]


def _colormap(name: str, k: int = 32) -> list[str]:
    from matplotlib import colormaps

    return _hex(colormaps[name](np.linspace(0, 1, k))[:, :3])


#: What the citizens can be coloured by: (array, low, high, colormap, caption).
COLOUR_BY = {
    "wellbeing": ("wellbeing", 14.0, 70.0, "viridis", "Wellbeing (WEMWBS 14-70)"),
    "need": ("need", 0.0, 1.0, "cividis", "Unmet need (0-1)"),
}
#: Tie strength bins and their line widths (SVG units on a 1,000-unit canvas).
TIE_BINS = (0.25, 0.5, 0.75)
TIE_WIDTHS = (0.4, 0.9, 1.6, 2.6)


def network_svg(model, colour_by: str = "wellbeing", start: int = 0) -> tuple[str, int]:
    """The social network as SVG text, and how many citizens it draws.

    Citizens are circles coloured by wellbeing or need (colour-blind-safe viridis /
    cividis); a black ring marks citizens a professional saw this week; ties are lines
    whose width grows with tie strength (four bins); professional posts are squares along
    the top (filled: post filled; hollow: vacant; grey: unfunded).
    """
    st = model.state
    c, g, pr = st.citizens, st.graph, st.professionals
    ids = window(c.n, start)
    lo_id, hi_id = int(ids[0]), int(ids[-1]) + 1
    pos = layout(ids, c.ward[lo_id:hi_id]) * 900 + np.array([50, 80])
    size = 1000
    # ties among the shown citizens, from the CSR rows of the window
    a, b = g.indptr[lo_id], g.indptr[hi_id]
    rows = np.repeat(np.arange(lo_id, hi_id), np.diff(g.indptr[lo_id : hi_id + 1]))
    cols = g.indices[a:b]
    eid = g.eid[a:b]
    keep = (cols > rows) & (cols < hi_id)
    rows, cols, strength = rows[keep] - lo_id, cols[keep] - lo_id, g.strength[eid[keep]]
    binned = np.digitize(strength, TIE_BINS)
    parts = [
        f'<svg class="network" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'data-shown="{ids.size}" data-total="{c.n}" role="img" '
        f'aria-label="Social network of {ids.size} citizens" '
        'style="width:100%;height:auto;max-height:78vh;background:#fff">'
    ]
    for k, width in enumerate(TIE_WIDTHS):
        sel = binned == k
        if not sel.any():
            continue
        p0, p1 = pos[rows[sel]], pos[cols[sel]]
        d = "".join(
            f"M{x0:.0f} {y0:.0f}L{x1:.0f} {y1:.0f}"
            for (x0, y0), (x1, y1) in zip(p0, p1, strict=True)
        )
        parts.append(
            f'<path class="ties tie-bin-{k}" d="{d}" stroke="#555" stroke-opacity="0.45" '
            f'stroke-width="{width}" fill="none"/>'
        )
    column, low, high, cmap, _ = COLOUR_BY[colour_by]
    lut = _colormap(cmap)
    value = getattr(c, column)[lo_id:hi_id]
    idx = np.clip(
        ((value - low) / (high - low) * (len(lut) - 1)).round().astype(int), 0, len(lut) - 1
    )
    seen = st.wk.prof_hours[lo_id:hi_id] > 0
    r = max(2.0, min(9.0, 260 / math.sqrt(ids.size)))
    circles = []
    for (x, y), k, s in zip(pos, idx, seen, strict=True):
        ring = ' stroke="#000" stroke-width="1.6"' if s else ""
        circles.append(
            f'<circle class="citizen" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{lut[k]}"{ring}/>'
        )
    parts.append('<g class="citizens">' + "".join(circles) + "</g>")
    parts.append(_professional_marks(pr, size))
    parts.append("</svg>")
    return "".join(parts), int(ids.size)


def _professional_marks(pr, size: int) -> str:
    """One square per professional post along the top edge."""
    m = pr.m
    if m == 0:
        return ""
    side = max(3.0, min(14.0, (size - 100) / m * 0.7))
    stepx = (size - 100) / m
    out = ['<g class="professionals">']
    for k in range(m):
        x = 50 + k * stepx
        if not pr.funded[k]:
            style = 'fill="#bbb" stroke="#bbb"'
        elif pr.filled[k]:
            style = 'fill="#000" stroke="#000"'
        else:
            style = 'fill="#fff" stroke="#000" stroke-width="1.5"'
        out.append(
            f'<rect class="professional" x="{x:.1f}" y="20" width="{side:.1f}" '
            f'height="{side:.1f}" {style}/>'
        )
    out.append("</g>")
    return "".join(out)


def colour_legend(colour_by: str) -> str:
    """A colour bar with its caption and end values, for the network view (drawn one unit
    to one pixel, text at ``LEGEND_PX``)."""
    _, low, high, cmap, caption = COLOUR_BY[colour_by]
    lut = _colormap(cmap, 8)
    stops = "".join(
        f'<stop offset="{i / (len(lut) - 1):.2f}" stop-color="{col}"/>' for i, col in enumerate(lut)
    )
    f = LEGEND_PX
    return (
        '<svg class="legend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 420 42" '
        'style="width:420px;max-width:100%">'
        f'<defs><linearGradient id="cbar-{colour_by}">{stops}</linearGradient></defs>'
        f'<rect x="1" y="2" width="200" height="14" fill="url(#cbar-{colour_by})"/>'
        f'<text x="1" y="34" font-size="{f}">{number(low, 6)}</text>'
        f'<text x="201" y="34" font-size="{f}" text-anchor="end">{number(high, 6)}</text>'
        f'<text x="212" y="14" font-size="{f}">{html.escape(caption)}</text></svg>'
    )


# ---------------------------------------------------------------- line charts --------
def _ticks(lo: float, hi: float, k: int = 4) -> tuple[list[float], int]:
    """Round tick values over [lo, hi] and the decimals that tell them apart."""
    if not math.isfinite(lo) or not math.isfinite(hi) or hi - lo <= 0:
        return [], 0
    step = _nice_step((hi - lo) * 100 / k)
    first = math.ceil(lo / step) * step
    ticks = [first + i * step for i in range(int((hi - first) / step + 1e-9) + 1)]
    return ticks, max(0, -math.floor(math.log10(step) + 1e-9))


#: Chart size in SVG units, which are CSS pixels on the page (``CHART_STYLE``).
CHART_W, CHART_H = 420, 260
CHART_STYLE = f"width:{CHART_W}px;max-width:100%;height:auto;background:#fff"


def line_chart_svg(frames: dict[str, pd.DataFrame], name: str) -> str:
    """One indicator over weeks, one polyline per series (colours from the Okabe-Ito
    palette), with its unit on the y axis and the series named above the plot. Weekly
    flows are shown as 13-week trailing means, as in the comparison figures. Drawn one
    unit to one pixel, so the text sizes (``TICK_PX`` ...) are the sizes on screen."""
    w, h, left, right, top, bottom = CHART_W, CHART_H, 70, 14, 48, 42
    series = {}
    for key, df in frames.items():
        y = df[name].astype(float)
        if is_flow(name):
            y = y.where(df["week"] > 0).rolling(SMOOTH_WEEKS, min_periods=1).mean()
        series[key] = (df["week"].to_numpy(float), y.to_numpy(float))
    allx = np.concatenate([x for x, _ in series.values()]) if series else np.zeros(1)
    ally = np.concatenate([y for _, y in series.values()]) if series else np.zeros(1)
    finite = ally[np.isfinite(ally)]
    x0, x1 = 0.0, max(float(allx.max()), 10.0)
    y0, y1 = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if y1 - y0 < 1e-9 * max(1.0, abs(y1)):
        y0, y1 = y0 - max(abs(y0) * 0.05, 0.01), y1 + max(abs(y1) * 0.05, 0.01)
    pad = (y1 - y0) * 0.06
    y0, y1 = y0 - pad, y1 + pad
    sx = lambda v: left + (v - x0) / (x1 - x0) * (w - left - right)  # noqa: E731
    sy = lambda v: top + (1 - (v - y0) / (y1 - y0)) * (h - top - bottom)  # noqa: E731
    unit = ind.unit(name)
    title = label(name) + (f" ({SMOOTH_WEEKS}-week mean)" if is_flow(name) else "")
    mid_y = (top + h - bottom) / 2
    out = [
        f'<svg class="chart" data-indicator="{name}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {w} {h}" role="img" aria-label="{html.escape(title)}, {unit}" '
        f'style="{CHART_STYLE}">',
        f'<text class="chart-title" x="8" y="18" font-size="{TITLE_PX}" font-weight="bold">'
        f"{html.escape(title)}</text>",
        f'<text class="axis-title" x="16" y="{mid_y:.0f}" font-size="{AXIS_TITLE_PX}" '
        f'transform="rotate(-90 16 {mid_y:.0f})" text-anchor="middle">{html.escape(unit)}</text>',
        f'<text class="axis-title" x="{(left + w - right) / 2:.0f}" y="{h - 5}" '
        f'font-size="{AXIS_TITLE_PX}" text-anchor="middle">week</text>',
    ]
    yticks, decimals = _ticks(y0, y1)
    for t in yticks:
        yy = sy(t)
        out.append(
            f'<line x1="{left}" x2="{w - right}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#ddd"/>'
            f'<text class="tick" x="{left - 5}" y="{yy + 4:.1f}" font-size="{TICK_PX}" '
            f'text-anchor="end">{number(t, decimals=decimals)}</text>'
        )
    for t in _ticks(x0, x1)[0]:
        out.append(
            f'<text class="tick" x="{sx(t):.1f}" y="{h - bottom + 16}" font-size="{TICK_PX}" '
            f'text-anchor="middle">{number(t, 6)}</text>'
        )
    out.append(
        f'<rect x="{left}" y="{top}" width="{w - left - right}" height="{h - top - bottom}" '
        'fill="none" stroke="#888"/>'
    )
    if not finite.size:
        out.append(
            f'<text x="{(left + w - right) / 2:.0f}" y="{mid_y:.0f}" font-size="{TICK_PX}" '
            'text-anchor="middle" fill="#555">not defined yet (see the explanation below)</text>'
        )
    for i, (key, (x, y)) in enumerate(series.items()):
        ok = np.isfinite(y)
        pts = " ".join(f"{sx(a):.1f},{sy(b):.1f}" for a, b in zip(x[ok], y[ok], strict=True))
        colour = PALETTE[i % len(PALETTE)]
        dash = ' stroke-dasharray="6 3"' if i else ""
        out.append(
            f'<polyline class="series" data-series="{html.escape(key)}" data-n="{int(ok.sum())}" '
            f'points="{pts}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>'
        )
        if ok.any():  # the current value, visible from week 0 on
            out.append(
                f'<circle cx="{sx(x[ok][-1]):.1f}" cy="{sy(y[ok][-1]):.1f}" r="4" fill="{colour}"/>'
            )
        lx = left + i * 150  # the legend: one entry per series, above the plot
        out.append(
            f'<line x1="{lx}" x2="{lx + 22}" y1="{top - 14}" y2="{top - 14}" stroke="{colour}" '
            f'stroke-width="2.5"{dash}/><text class="legend-text" x="{lx + 27}" '
            f'y="{top - 9}" font-size="{LEGEND_PX}">{html.escape(key)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def indicator_help(name: str) -> str:
    """The indicator's one-line plain-language help, for the page."""
    return ind.BY_NAME[name].help
