"""The page's logic without a browser: inputs from the declarations, settings, exports,
drawings and the ``coprod app`` address checks."""

from __future__ import annotations

import io
import re
import socket

import numpy as np
import pandas as pd
import pytest

from coproduction import CoproductionModel, appserve, viz
from coproduction.cli import main
from coproduction.errors import InputError
from coproduction.indicators import EFFECT_AREAS
from coproduction.params import LEVER_NAMES, PARAMS
from coproduction.scenarios import list_scenarios, load_scenario


def test_one_input_per_lever_with_declared_range_unit_and_help():
    ctls = viz.controls()
    assert [c.name for c in ctls] == list(LEVER_NAMES)
    for c in ctls:
        p = PARAMS[c.name]
        assert c.help == p.help and c.unit == p.unit and c.label
        if p.kind is bool:
            assert c.widget == "switch"
        elif p.kind is str:
            assert c.widget == "select" and c.choices == p.choices
        else:
            assert c.widget == ("slider_int" if p.kind is int else "slider_float")
            lo, hi = viz.APP_RANGES.get(c.name, (p.low, p.high))
            assert (c.low, c.high) == (lo, hi)
            assert p.low <= c.low < c.high <= p.high  # app ranges stay within the declared
            assert 20 <= (c.high - c.low) / c.step <= 1000


@pytest.mark.parametrize("name", list_scenarios())
def test_every_scenario_value_lies_on_its_slider_grid(name):
    # a slider snaps an off-grid value to its grid, which would silently change the model
    values = viz.scenario_settings(name)
    for c in viz.controls() + viz.controls(viz.POPULATION_NAMES):
        if c.widget.startswith("slider"):
            k = (values[c.name] - c.low) / c.step
            assert abs(k - round(k)) < 1e-6, (c.name, values[c.name], c.step)


def test_population_inputs_and_labels():
    ctls = viz.controls(viz.POPULATION_NAMES)
    assert [c.name for c in ctls] == list(viz.POPULATION_NAMES)
    by = {c.name: c for c in ctls}
    assert by["n_citizens"].step == 100 and by["network"].widget == "select"
    assert viz.control_text(by["n_citizens"], 300) == "Citizens: 300 citizens"
    assert viz.control_text(viz.control("co_design"), 0.8) == "Co-design: 0.8 (scale 0-1)"


@pytest.mark.parametrize("name", list_scenarios())
def test_exported_settings_load_back_identically(name, tmp_path):
    settings = viz.scenario_settings(name)
    settings["n_citizens"] = 300
    path = tmp_path / "saved.toml"
    path.write_text(viz.export_toml(settings, "saved", seed=7))
    assert load_scenario(str(path)).to_dict() == settings


def test_export_refuses_invalid_settings():
    with pytest.raises(InputError, match="co_design"):
        viz.export_toml({"co_design": 2.0}, "bad", seed=0)


def test_reference_keeps_population_and_takes_top_down_levers():
    mine = {**viz.scenario_settings("co_produced"), "n_citizens": 700, "shock_prob": 0.1}
    ref = viz.reference_settings(mine)
    top = viz.scenario_settings("top_down")
    assert all(ref[k] == top[k] for k in LEVER_NAMES)
    assert ref["n_citizens"] == 700 and ref["shock_prob"] == 0.1
    assert ref != mine


def test_csv_export_has_every_plotted_indicator_per_series_and_week():
    a = CoproductionModel(n_citizens=200, rng=3).run(3)
    b = CoproductionModel(n_citizens=200, rng=3, co_design=0.9).run(3)
    df = pd.read_csv(io.StringIO(viz.export_csv({viz.THIS: a, viz.REFERENCE: b})))
    plotted = {n for names in viz.TABS.values() for n in names}
    assert set(df.columns) == {"series", "week", *plotted}
    assert list(df["week"]) == [0, 1, 2, 3] * 2
    got = df[df["series"] == viz.THIS].set_index("week")["wellbeing_mean"]
    want = a.indicators_dataframe()["wellbeing_mean"]
    np.testing.assert_allclose(got.to_numpy(), want.to_numpy(), rtol=1e-5)


def test_network_draws_one_circle_per_citizen_and_one_square_per_post():
    m = CoproductionModel(n_citizens=300, rng=1).run(2)
    svg, shown = viz.network_svg(m, "need")
    assert shown == 300 and svg.count('class="citizen"') == 300
    assert svg.count('class="professional"') == m.state.professionals.m == 3
    assert 'data-shown="300"' in svg and "tie-bin-" in svg


def test_large_populations_show_a_neighbourhood_window():
    m = CoproductionModel(n_citizens=5000, rng=1, agents=False)
    svg, shown = viz.network_svg(m, "wellbeing", start=4500)
    assert shown == viz.MAX_DRAWN and svg.count('class="citizen"') == viz.MAX_DRAWN
    assert list(viz.window(5000, 4500)[[0, -1]]) == [3000, 4999]  # clamped to the end
    assert list(viz.window(300, 100)) == list(range(300))


def test_layout_is_inside_the_square_and_distinct():
    ids = np.arange(2000)
    pos = viz.layout(ids, (ids // 500).astype(np.int32))
    assert pos.min() > 0 and pos.max() < 1
    assert len({(round(x, 6), round(y, 6)) for x, y in pos}) == 2000


def test_chart_has_one_polyline_per_series_with_its_points():
    a = CoproductionModel(n_citizens=200, rng=3).run(5)
    frames = {viz.THIS: a.indicators_dataframe(), viz.REFERENCE: a.indicators_dataframe()}
    svg = viz.line_chart_svg(frames, "crisis_rate")
    lines = re.findall(r'<polyline class="series" data-series="([^"]+)" data-n="(\d+)"', svg)
    assert lines == [(viz.THIS, "5"), (viz.REFERENCE, "5")]  # week 0 has no weekly flow
    assert "per 1,000 per week" in svg and "13-week mean" in svg


def test_every_plotted_indicator_has_an_explanation():
    for names in viz.TABS.values():
        for name in names:
            assert len(viz.indicator_help(name)) > 20, name
    assert list(viz.TABS)[1:] == list(EFFECT_AREAS) and len(viz.TABS) == 7


def test_app_refuses_a_port_in_use_or_out_of_range(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["app", "--port", str(port)]) == 2
    assert f"--port {port}: cannot listen there" in capsys.readouterr().err
    assert main(["app", "--port", "70000"]) == 2
    assert "must be an integer from 1 to 65535" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["app", "--port", "abc"])
    assert exc.value.code == 2


def test_page_module_exposes_the_page():
    from coproduction import app

    assert app.page is app.Page


def test_schedule_lines_say_how_levers_change():
    assert viz.schedule_lines(viz.scenario_settings("co_produced")) == []
    lines = viz.schedule_lines(viz.scenario_settings("phased_co_production"))
    assert any(line.startswith("co_design: from 0 at week 0 linearly to 0.8 at week 104")
               for line in lines), lines  # fmt: skip


def _font_sizes(svg: str) -> list[float]:
    return [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]


def test_chart_and_legend_text_is_at_least_12_px_on_screen():
    a = CoproductionModel(n_citizens=200, rng=3).run(3)
    frames = {viz.THIS: a.indicators_dataframe(), viz.REFERENCE: a.indicators_dataframe()}
    for svg in (viz.line_chart_svg(frames, "crisis_rate"), viz.colour_legend("need")):
        # drawn one SVG unit to one CSS pixel, so the font size is the size on screen
        width = re.search(r'viewBox="0 0 ([\d.]+) [\d.]+"', svg).group(1)
        assert f"width:{width}px;max-width:100%" in svg
        sizes = _font_sizes(svg)
        assert sizes and min(sizes) >= 12, sizes
    chart = viz.line_chart_svg(frames, "crisis_rate")
    ticks = re.findall(r'<text class="tick"[^>]*font-size="([\d.]+)"', chart)
    titles = re.findall(r'<text class="axis-title"[^>]*font-size="([\d.]+)"', chart)
    assert len(ticks) >= 4 and len(titles) == 2  # the unit and "week"
    assert min(map(float, ticks + titles)) >= 12


def test_tab_labels_are_the_full_effect_area_names():
    assert [viz.tab_label(t) for t in viz.TABS] == [
        "Headline",
        "Service effectiveness",
        "Job satisfaction",
        "Sustainability",
        "Value for money",
        "Participant wellbeing",
        "Community development",
    ]


def test_every_lever_is_in_exactly_one_group():
    placed = [n for names in viz.LEVER_GROUPS.values() for n in names]
    assert sorted(placed) == sorted(LEVER_NAMES) and len(placed) == len(set(placed))


def test_levers_in_force_show_labels_units_and_groups_not_keys():
    values = viz.scenario_settings("co_produced")
    text = viz.levers_html(values)
    shown = re.sub(r"<[^>]+>", "\n", text)  # the visible text, without the markup
    for group in viz.LEVER_GROUPS:
        assert f'<div class="lever-group-title">{group}</div>' in text
    assert "_" not in shown and " = " not in shown  # no raw keys, no key = value dump
    for name in LEVER_NAMES:
        assert len(re.findall(f'class="lever lever-{name}( changed)?"', text)) == 1, name
        assert viz.label(name)[0].isupper() and f"{viz.label(name)}: " in shown, name
    assert "Co-design: <span" in text and "0.8 (scale 0-1)" in shown
    assert "Service budget: " in shown and "1,100 GBP/citizen/year" in shown
    assert "Prevention: " in shown and "share of contact time" in shown
    assert "Funding cut at week: " in shown and "no cut" in shown
    assert "Time bank: " in shown and re.search(r"Time bank: \n*(on|off)", shown)
    top = viz.scenario_settings("top_down")
    changed = set(re.findall(r'class="lever lever-(\w+) changed"', text))
    assert changed == {n for n in LEVER_NAMES if values[n] != top[n]} != set()


def test_value_text_words_and_units():
    assert viz.value_text("co_design", 0.8) == "0.8 (scale 0-1)"
    assert viz.value_text("co_design", 0.8 * 2 / 104) == "0.0154 (scale 0-1)"  # on a ramp
    assert viz.value_text("timebank", True) == "on"
    assert viz.value_text("reward", "time_credits") == "time credits"
    assert viz.value_text("budget_per_citizen", 1100.0) == "1,100 GBP/citizen/year"
    assert viz.value_text("funding_cut_week", -1) == "no cut"
    assert viz.value_text("funding_cut_week", 156) == "156 week"
    assert viz.control_text(viz.control("funding_cut_week"), -1) == "Funding cut at week: no cut"


def test_server_environment_hides_the_banner_and_only_the_samesite_warning(monkeypatch):
    monkeypatch.setenv("PYTHONWARNINGS", "error::DeprecationWarning")
    monkeypatch.delenv("SOLARA_THEME_SHOW_BANNER", raising=False)
    env = appserve.server_env()
    assert env["SOLARA_THEME_SHOW_BANNER"] == "false"
    entries = env["PYTHONWARNINGS"].split(",")
    assert entries == ["error::DeprecationWarning", appserve.SAMESITE_FILTER]  # user's kept
    action, message, category, module = appserve.SAMESITE_FILTER.split(":")
    assert (action, category, module) == ("ignore", "UserWarning", "solara.server.starlette")
    assert message.startswith("Cookies with samesite=none")


def test_the_page_is_opened_as_localhost_on_this_machine():
    assert appserve.page_url("127.0.0.1", 8765) == "http://localhost:8765/"
    assert appserve.page_url("0.0.0.0", 8766) == "http://localhost:8766/"
    assert appserve.page_url("192.168.1.20", 8765) == "http://192.168.1.20:8765/"
    assert appserve.page_url("fe80::1", 80) == "http://[fe80::1]:80/"
