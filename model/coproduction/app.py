"""The interactive page: move a lever, watch the network, needs, wellbeing and costs respond.

Run with ``coprod app`` (or ``solara run coproduction.app``); the page object is ``page``.
Built on Mesa's SolaraViz machinery (its ``ModelController`` for step, play/pause and reset,
and its ``update_counter`` for redraws); the inputs are generated from the parameter
declarations and the drawings come from ``coproduction.viz``. Any change of scenario, lever,
population setting or seed rebuilds the model from week 0 with the new settings (the
model is a pure function of settings and seed).
"""

from __future__ import annotations

from typing import Any

import solara
from mesa.visualization.solara_viz import ModelController
from mesa.visualization.utils import force_update, update_counter

from . import viz
from .errors import InputError
from .model import CoproductionModel
from .scenarios import list_scenarios, load_scenario_file

START_SCENARIO = "top_down"
START_SEED = 0
#: Weeks per press of Step and per tick of Play.
PLAY_INTERVAL_MS = 150

# Per-session state (Solara keeps one value of each per browser session).
scenario = solara.reactive(START_SCENARIO)
settings = solara.reactive(viz.scenario_settings(START_SCENARIO))
seed = solara.reactive(START_SEED)
colour_by = solara.reactive("wellbeing")
chart_tab = solara.reactive(next(iter(viz.TABS)))
side_by_side = solara.reactive(False)
window_start = solara.reactive(0)
error = solara.reactive("")

CSS = """
.control { margin-bottom: 10px; }
.control .v-input { margin-top: 0; }
.control .v-input__slider .v-input__slot { flex-wrap: wrap; }
.control .v-input__slider .v-input__slot > .v-label {
    flex: 0 0 100%; max-width: 100%; height: auto; white-space: normal; margin-bottom: 4px;
    color: rgba(0, 0, 0, 0.87); }
.control .v-messages { display: none; }
.control .help { font-size: 0.78rem; color: #444; line-height: 1.25; }
.control-heading { font-weight: 500; font-size: 0.95rem; margin: 14px 0 6px; color: #222; }
.explain { font-size: 0.85rem; color: #333; }
.model-info { font-size: 0.9rem; }
.chart-groups .v-chip { font-size: 0.95rem; }
.levers-in-force { font-size: 0.95rem; line-height: 1.45; }
.levers-in-force .lever-group { margin-bottom: 10px; }
.levers-in-force .lever-group-title { font-weight: 500; color: #222; }
.levers-in-force .lever { padding-left: 12px; color: #444; }
.levers-in-force .lever.changed { color: #000; font-weight: 600; }
"""
#: top_down's settings, against which the levers in force are marked as changed.
REFERENCE_SETTINGS = viz.scenario_settings(viz.REFERENCE)


def build(values: dict[str, Any], rng: int) -> CoproductionModel:
    """A fresh model with these settings and seed."""
    return CoproductionModel(rng=rng, scenario_name=scenario.value, **values)


def reference(model: CoproductionModel) -> CoproductionModel:
    """The ``top_down`` run with the model's population, settings and seed, advanced to
    the model's week (built once per model and kept on it)."""
    ref = getattr(model, "_app_reference", None)
    if ref is None:
        values = viz.reference_settings(model.params.to_dict())
        ref = CoproductionModel(rng=model.seed, agents=False, scenario_name="top_down", **values)
        model._app_reference = ref
    while ref.week < model.week:
        ref.step()
    return ref


def series(model: CoproductionModel) -> dict[str, CoproductionModel]:
    """The runs plotted: this one, and ``top_down`` in side-by-side mode."""
    out = {viz.THIS: model}
    if side_by_side.value:
        out[viz.REFERENCE] = reference(model)
    return out


@solara.component
def ControlInput(ctl: viz.Control, value: Any, on_value, kind: str):
    """One generated input (slider, switch or select) with its unit and help text."""
    text = viz.control_text(ctl, value)
    with solara.Div(classes=["control", kind, f"control-{ctl.name}"]):
        if ctl.widget == "slider_float":
            solara.SliderFloat(
                text, value=value, min=ctl.low, max=ctl.high, step=ctl.step, on_value=on_value
            )
        elif ctl.widget == "slider_int":
            solara.SliderInt(
                text, value=value, min=ctl.low, max=ctl.high, step=ctl.step, on_value=on_value
            )
        elif ctl.widget == "switch":
            solara.Switch(label=text, value=value, on_value=on_value)
        else:
            solara.Select(label=text, value=value, values=list(ctl.choices), on_value=on_value)
        solara.Div(classes=["help"], children=[ctl.help])


@solara.component
def ControlGroup(title: str, groups: dict[str, tuple[str, ...]], kind: str, apply):
    """A card of inputs, under a subheading per group (none for the group named '')."""
    values = settings.value
    with solara.Card(title):
        for heading, names in groups.items():
            if heading:
                solara.Div(classes=["control-heading"], children=[heading])
            for ctl in viz.controls(names):

                def on_value(v, name=ctl.name):
                    v = round(v, 9) if isinstance(v, float) else v  # float noise of slider steps
                    if v != settings.value[name]:
                        apply({**settings.value, name: v}, seed.value)

                ControlInput(ctl, values[ctl.name], on_value, kind)


@solara.component
def NetworkView(model: CoproductionModel):
    update_counter.get()
    svg, shown = viz.network_svg(model, colour_by.value, window_start.value)
    n = model.state.citizens.n
    with solara.Card("Network", classes=["network-card"]):
        solara.ToggleButtonsSingle(value=colour_by, values=["wellbeing", "need"])
        if n > viz.MAX_DRAWN:
            last = n - viz.MAX_DRAWN
            solara.SliderInt(
                f"Neighbourhood shown: citizens {window_start.value:,}-"
                f"{window_start.value + shown - 1:,} of {n:,}",
                value=min(window_start.value, last),
                min=0,
                max=last,
                step=viz.MAX_DRAWN // 4,
                on_value=window_start.set,
            )
        solara.HTML(tag="div", unsafe_innerHTML=svg, classes=["network-view"])
        solara.HTML(tag="div", unsafe_innerHTML=viz.colour_legend(colour_by.value))
        solara.Markdown(
            f"Showing {shown:,} of {n:,} citizens"
            + (" (a neighbourhood; ties to citizens outside it are not drawn)" if shown < n else "")
            + ". Lines are ties, thicker when stronger; a black ring marks a citizen a "
            "professional saw this week. Squares along the top are professional posts "
            "(black: filled, hollow: vacant, grey: unfunded).",
            style="font-size: 0.85rem",
        )


@solara.component
def ChartTab(model: CoproductionModel, names: tuple[str, ...]):
    update_counter.get()
    frames = {k: m.indicators_dataframe() for k, m in series(model).items()}
    with solara.Row(style="flex-wrap: wrap"):
        for name in names:
            with solara.Column(
                style=f"width: {viz.CHART_W}px; max-width: 100%; margin-bottom: 14px"
            ):
                solara.HTML(tag="div", unsafe_innerHTML=viz.line_chart_svg(frames, name))
                solara.Div(
                    classes=["explain"],
                    children=[f"{viz.label(name)}: {viz.indicator_help(name)}"],
                )


@solara.component
def Charts(model: CoproductionModel):
    with solara.Card("Indicators", classes=["charts-card"]):
        solara.Switch(
            label="Side by side: also run top_down with the same people and seed",
            value=side_by_side,
        )
        same = all(
            model.params.to_dict()[k] == v
            for k, v in viz.reference_settings(model.params.to_dict()).items()
        )
        if side_by_side.value and same:
            solara.Div(
                classes=["explain"],
                children=["The levers are top_down's own, so the two lines coincide: "
                          "pick another scenario or move a lever to see its effect."],
            )  # fmt: skip
        # Chips that wrap onto several lines rather than tabs: a tab bar this narrow
        # scrolls sideways and cuts the names of the effect areas.
        solara.v.ChipGroup(
            v_model=chart_tab.value,
            on_v_model=lambda tab: chart_tab.set(tab) if tab in viz.TABS else None,
            column=True,
            mandatory=True,
            active_class="primary white--text",
            class_="chart-groups",
            children=[
                solara.v.Chip(children=[viz.tab_label(tab)], value=tab, class_="chart-group")
                for tab in viz.TABS
            ],
        )
        ChartTab(model, viz.TABS[chart_tab.value])


@solara.component
def ModelInfo(model: CoproductionModel):
    update_counter.get()
    solara.Div(
        classes=["model-info"],
        children=[
            f"Week {model.week} · seed {model.seed} · {model.state.citizens.n:,} citizens · "
            f"scenario {model.scenario_name}."
        ],
    )


@solara.component
def LeversInForce(model: CoproductionModel):
    """The levers this week (a schedule may have moved them), grouped, with units."""
    update_counter.get()
    with solara.Card(f"Levers in force (week {model.week})", classes=["levers-card"]):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=viz.levers_html(
                model.params_at(model.week).to_dict(), REFERENCE_SETTINGS
            ),
        )
        solara.Div(classes=["explain"], children=[f"Bold: differs from {viz.REFERENCE}."])


@solara.component
def Exports(model: CoproductionModel):
    name = scenario.value if scenario.value != "custom" else "my_scenario"
    solara.FileDownload(
        lambda: viz.export_toml(model.params.to_dict(), f"{name}_workshop", model.seed),
        filename=f"{name}_workshop.toml",
        label="Save settings (scenario TOML)",
        mime_type="application/toml",
    )
    solara.FileDownload(
        lambda: viz.export_csv(series(model)),
        filename=f"{name}_results.csv",
        label="Save plotted results (CSV)",
        mime_type="text/csv",
    )


@solara.component
def Page():
    model = solara.use_reactive(solara.use_memo(lambda: build(settings.value, seed.value), []))
    model_params = solara.use_reactive({**settings.value, "rng": seed.value})

    def apply(values: dict[str, Any], rng: int, name: str | None = None) -> None:
        """Rebuild the model with new settings (kept only if they are valid)."""
        try:
            new = CoproductionModel(rng=rng, scenario_name=name or "custom", **values)
        except InputError as exc:
            error.set(str(exc))
            return
        error.set("")
        known = scenario.value in list_scenarios()
        if name is None and known and values == viz.scenario_settings(scenario.value):
            name = scenario.value  # e.g. a lever moved away and back
        scenario.set(name or "custom")
        settings.set(values)
        seed.set(rng)
        model_params.set({**values, "rng": rng})
        model.set(new)
        force_update()

    def pick(name: str) -> None:
        apply(viz.scenario_settings(name), seed.value, name)

    solara.Style(CSS)
    solara.Title("coproduction: co-production in public services")
    with solara.AppBar():
        solara.AppBarTitle("Co-production in public services")
    with solara.Sidebar():
        with solara.Card("Run"):
            with solara.Div(classes=["scenario-picker"]):
                solara.Select(
                    label="Scenario (sets every lever)",
                    value=scenario.value if scenario.value in list_scenarios() else None,
                    values=list_scenarios(),
                    on_value=pick,
                )
            about = (
                load_scenario_file(scenario.value).description
                if scenario.value in list_scenarios()
                else "Custom settings: the levers below, edited from a scenario."
            )
            solara.Div(classes=["explain"], children=[about])
            timeline = viz.schedule_lines(settings.value)
            if timeline:
                solara.Div(
                    classes=["explain", "schedule"],
                    children=["Over the run: " + "; ".join(timeline) + "."],
                )
            solara.InputInt(
                "Seed (same seed, same run)",
                value=seed.value,
                on_value=lambda v: apply(settings.value, int(v or 0), scenario.value),
            )
            ModelController(
                model,
                model_parameters=model_params,
                play_interval=solara.use_reactive(PLAY_INTERVAL_MS),
                render_interval=solara.use_reactive(1),
                use_threads=solara.use_reactive(False),
            )
            if error.value:
                solara.Error(error.value)
            Exports(model.value)
        ControlGroup("Policy levers", viz.LEVER_GROUPS, "lever", apply)
        ControlGroup("Population", {"": viz.POPULATION_NAMES}, "population", apply)
    solara.Markdown(
        "Each step is one week. Move a lever or pick a scenario and the community is "
        "rebuilt from week 0 with the same seed; press Step or Play to watch needs, "
        "wellbeing, ties and costs respond. Switch on *side by side* to plot the same "
        "people under `top_down`: the gap between the two lines is the policy's effect.",
        style="font-size: 0.9rem",
    )
    ModelInfo(model.value)
    with solara.Columns([1, 1]):
        with solara.Column():
            NetworkView(model.value)
            LeversInForce(model.value)
        Charts(model.value)


page = Page
