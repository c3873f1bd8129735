"""The interactive page in a real headless Chromium (Debian's ``chromium`` via Playwright).

One server per test session (per xdist worker) is started exactly as users start it,
``coprod app --port <free port>``, with the Solara assets taken from the npm-filled cache
and the CDN pointed at a closed port, and the browser may only reach the server: a page
that needed the internet would fail here. Every test saves a screenshot under
``results/screenshots/``.

Run alone with ``pytest -m browser``. Skips (with the reason) where Chromium, Playwright
or the asset cache is missing; fails instead when ``CI=true``. The browser window is
1,400 px wide, as on the projectors the page is shown on.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from coproduction import appserve, viz
from coproduction.indicators import EFFECT_AREAS
from coproduction.params import LEVER_NAMES
from coproduction.scenarios import load_scenario

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "results" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]
TIMEOUT_MS = 30_000
VIEWPORT = {"width": 1400, "height": 1000}


def _unavailable() -> str:
    """Why the browser tests cannot run here ('' when they can)."""
    if shutil.which("chromium") is None:
        return "Debian's chromium is not installed (apt-get install chromium; .ci/run does it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    cache = appserve.assets_dir()
    if cache is None or not (cache / "requirejs@2.3.6").is_dir():
        return "the Solara asset cache is empty (run: .venv/bin/python tools/solara_assets.py)"
    return ""


def _require_browser() -> None:
    reason = _unavailable()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(f"browser tests skipped: {reason}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """``coprod app`` on a free port, with no CDN reachable: its URL (as ``127.0.0.1``),
    port, and the files its stdout and stderr go to."""
    _require_browser()
    port = _free_port()
    env = {**os.environ, "SOLARA_ASSETS_CDN": "http://127.0.0.1:9/"}  # a cache miss fails
    logs = tmp_path_factory.mktemp("app")
    stdout, stderr = logs / "stdout.log", logs / "stderr.log"
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "coproduction.cli", "app", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=err,
        )
    log = stderr  # what a failure to start shows
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                pytest.fail(f"coprod app exited with {proc.returncode}: {log.read_text()}")
            try:
                with urllib.request.urlopen(url, timeout=5) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"coprod app did not answer on {url} in 180 s: {log.read_text()}")
            time.sleep(0.5)
        yield {"url": url, "port": port, "stdout": stdout, "stderr": stderr}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def app_url(server):
    return server["url"]


@pytest.fixture(scope="session")
def chromium():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def app(chromium, app_url, request):
    """A fresh page (new Solara session) with every console error, page error and failed
    or refused request recorded in ``page.problems``; screenshot saved at the end."""
    context = chromium.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    # only the app's own server is reachable: a CDN request would show up as a failure
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(app_url) else route.abort(),
    )
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed {r.url}"))
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None,
    )
    page.problems = problems
    page.goto(app_url)
    page.wait_for_selector("svg.network circle.citizen", state="attached")
    page.wait_for_selector("svg.chart polyline.series", state="attached")
    yield page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{request.node.name}.png"), full_page=True)
    body = page.locator("body").inner_text()
    context.close()
    assert "Traceback" not in body, body[:2000]  # no server-side error after the test's actions
    assert problems == []


def _info(page) -> str:
    return page.locator(".model-info").inner_text()


def _wait_info(page, pattern: str) -> None:
    page.wait_for_function(
        "p => new RegExp(p).test(document.querySelector('.model-info')?.innerText ?? '')",
        arg=pattern,
    )


def _lever(page, name: str) -> str:
    """The value of a lever as the levers-in-force panel holds it (``data-value``)."""
    return page.locator(f".levers-card .lever-{name}").get_attribute("data-value")


def _wait_lever(page, name: str, value: str) -> None:
    page.wait_for_function(
        "([n, v]) => document.querySelector(`.levers-card .lever-${n}`)?.dataset.value === v",
        arg=[name, value],
    )


def _slider(page, name: str):
    return page.locator(f".control-{name} [role=slider]")


def _step(page, times: int = 1) -> None:
    for _ in range(times):
        week = int(re.search(r"Week (\d+)", _info(page)).group(1))
        page.get_by_role("button", name="Step").click()
        _wait_info(page, f"Week {week + 1} ")


def test_page_loads_without_errors(app):
    app.wait_for_timeout(1500)  # late console errors (widgets loading) are caught too
    text = app.locator("body").inner_text()
    assert "Traceback" not in text and "Error" not in text
    assert app.locator(".v-alert.error").count() == 0
    assert app.problems == []
    assert "Week 0 " in _info(app)
    assert "scenario top_down." in _info(app)  # no input changed a setting on its own


def test_controls_are_the_declared_levers(app):
    def names(kind: str) -> set[str]:
        classes = app.eval_on_selector_all(f".control.{kind}", "els => els.map(e => e.className)")
        return {re.search(r"control-(\w+)", c).group(1) for c in classes}

    assert names("lever") == set(LEVER_NAMES)
    assert names("population") == set(viz.POPULATION_NAMES)
    for ctl in viz.controls():
        box = app.locator(f".control-{ctl.name}")
        if ctl.widget.startswith("slider"):
            assert box.locator(".v-slider").count() == 1, ctl.name
            assert float(_slider(app, ctl.name).get_attribute("aria-valuemax")) == ctl.high
        elif ctl.widget == "switch":
            assert box.locator(".v-input--switch").count() == 1, ctl.name
        else:
            assert box.locator(".v-select").count() == 1, ctl.name


def test_stepping_changes_the_plotted_data(app):
    line = app.locator("svg.chart[data-indicator=wellbeing_mean] polyline.series")
    before = (line.get_attribute("data-n"), line.get_attribute("points"))
    assert before[0] == "1"
    _step(app, 3)
    app.wait_for_function(
        "() => document.querySelector("
        "'svg.chart[data-indicator=wellbeing_mean] polyline.series').dataset.n === '4'"
    )
    after = (line.get_attribute("data-n"), line.get_attribute("points"))
    assert after != before and len(after[1].split()) == 4


def test_slider_changes_the_model_parameter(app):
    assert _lever(app, "co_design") == "0.0"
    _slider(app, "co_design").focus()
    app.keyboard.press("End")  # keyboard: the slider goes to its maximum
    _wait_lever(app, "co_design", "1.0")
    _slider(app, "co_design").press("ArrowLeft")
    _wait_lever(app, "co_design", "0.99")
    assert "scenario custom" in _info(app)
    assert "Co-design: 0.99 (scale 0-1)" in app.locator(".levers-card").inner_text()


def test_scenario_picker_sets_the_levers(app):
    assert _slider(app, "co_design").get_attribute("aria-valuenow") == "0"
    app.locator(".scenario-picker .v-select__slot").click()
    app.locator(".v-menu__content .v-list-item", has_text="co_produced").first.click()
    _wait_info(app, "scenario co_produced")
    wanted = load_scenario("co_produced")
    for name in ("co_commissioning", "co_design", "co_delivery", "relational_time"):
        app.wait_for_function(
            "([n, v]) => Number(document.querySelector(`.control-${n} [role=slider]`)"
            ".getAttribute('aria-valuenow')) === v",
            arg=[name, getattr(wanted, name)],
        )
    _wait_lever(app, "co_design", str(wanted.co_design))


def test_page_shows_a_scenarios_schedule(app):
    app.locator(".scenario-picker .v-select__slot").click()
    app.locator(".v-menu__content .v-list-item", has_text="phased_co_production").first.click()
    _wait_info(app, "scenario phased_co_production")
    text = app.locator(".schedule").inner_text()
    assert "Over the run:" in text and "co_design: from 0 at week 0 linearly to 0.8" in text
    _step(app, 2)  # the levers in force follow the ramp: 0.8 * 2 / 104 at week 2
    app.wait_for_function(
        "v => Math.abs(Number(document.querySelector('.levers-card .lever-co_design')"
        ".dataset.value) - v) < 1e-9",
        arg=0.8 * 2 / 104,
    )
    assert "Levers in force (week 2)" in app.locator(".levers-card").inner_text()
    assert "Co-design: 0.0154 (scale 0-1)" in app.locator(".levers-card").inner_text()
    app.locator(".scenario-picker .v-select__slot").click()  # back, for the tests after
    app.locator(".v-menu__content .v-list-item", has_text="co_produced").first.click()
    _wait_info(app, "scenario co_produced")
    app.wait_for_function("() => !document.querySelector('.schedule')")  # none: not shown


def test_side_by_side_shows_two_series(app):
    app.locator("label", has_text="Side by side: also run").click()
    app.wait_for_function(
        "() => document.querySelectorAll('svg.chart')[0]"
        ".querySelectorAll('polyline.series').length === 2"
    )
    _step(app, 2)
    chart = app.locator("svg.chart[data-indicator=wellbeing_mean]")
    app.wait_for_function(
        "() => [...document.querySelectorAll("
        "'svg.chart[data-indicator=wellbeing_mean] polyline.series')]"
        ".every(p => p.dataset.n === '3')"
    )
    series = chart.locator("polyline.series")
    assert {series.nth(i).get_attribute("data-series") for i in range(2)} == {
        viz.THIS,
        viz.REFERENCE,
    }


def test_network_draws_every_citizen_shown(app):
    net = app.locator("svg.network")
    assert int(net.get_attribute("data-shown")) == 2000
    assert app.locator("svg.network circle.citizen").count() == 2000
    assert app.locator("svg.network rect.professional").count() == 20
    # 300 citizens: Home (100) then two steps of 100
    _slider(app, "n_citizens").focus()
    app.keyboard.press("Home")
    _wait_info(app, "100 citizens")
    app.keyboard.press("ArrowRight")
    app.keyboard.press("ArrowRight")
    _wait_info(app, "300 citizens")
    app.wait_for_function("() => document.querySelector('svg.network').dataset.shown === '300'")
    assert app.locator("svg.network circle.citizen").count() == 300
    app.get_by_role("button", name="Need").click()
    app.wait_for_selector("text=Unmet need (0-1)")
    assert app.locator("svg.network circle.citizen").count() == 300


def test_exports_round_trip(app, tmp_path):
    _slider(app, "co_delivery").focus()
    app.keyboard.press("End")
    _wait_lever(app, "co_delivery", "1.0")
    _step(app, 2)
    with app.expect_download() as dl:
        app.get_by_role("button", name=re.compile("Save settings")).click()
    path = tmp_path / "saved.toml"
    dl.value.save_as(path)
    tomllib.loads(path.read_text())
    saved = load_scenario(str(path))
    assert saved.co_delivery == 1.0 and saved.n_citizens == 2000
    with app.expect_download() as dl:
        app.get_by_role("button", name=re.compile("Save plotted results")).click()
    csv = tmp_path / "results.csv"
    dl.value.save_as(csv)
    df = pd.read_csv(csv)
    assert list(df["week"]) == [0, 1, 2]
    assert set(df["series"]) == {viz.THIS}
    assert {"wellbeing_mean", "crisis_rate", "trust_mean"} <= set(df.columns)


def test_chart_and_legend_text_is_at_least_12_px(app):
    # the size on screen: the font size times the SVG's scale on the page
    sizes = app.eval_on_selector_all(
        "svg.chart text, svg.legend text",
        "els => els.map(t => [t.getAttribute('class') ?? 'legend', t.textContent,"
        " parseFloat(t.getAttribute('font-size')) * t.ownerSVGElement.getScreenCTM().a])",
    )
    small = [(kind, text, round(px, 1)) for kind, text, px in sizes if px < 12]
    assert small == []
    kinds = {kind for kind, _, _ in sizes}
    assert {"tick", "axis-title", "chart-title", "legend-text", "legend"} <= kinds


def test_effect_area_names_are_shown_in_full(app):
    chips = app.locator(".charts-card .chart-groups .v-chip")
    assert chips.all_inner_texts() == [viz.tab_label(t) for t in viz.TABS]
    card = app.locator(".charts-card").bounding_box()
    for i in range(chips.count()):
        chip = chips.nth(i)
        fits = chip.evaluate(
            "e => e.scrollWidth <= e.clientWidth && getComputedStyle(e).textTransform === 'none'"
        )
        box = chip.bounding_box()
        assert (
            fits and box["x"] >= card["x"] and box["x"] + box["width"] <= card["x"] + card["width"]
        )
    chips.filter(has_text="Community development").click()
    shown = EFFECT_AREAS["community development"]
    app.wait_for_function(
        "n => document.querySelectorAll('svg.chart').length === n", arg=len(shown)
    )
    drawn = app.eval_on_selector_all("svg.chart", "els => els.map(e => e.dataset.indicator)")
    assert drawn == list(shown)
    chips.filter(has_text="Headline").click()
    app.wait_for_selector("svg.chart[data-indicator=wellbeing_mean]")


def test_no_solara_badge_over_the_charts(app):
    app.wait_for_timeout(1000)  # the banner, when on, appears after the page mounts
    overlaps = app.evaluate(
        """() => {
        const rects = [...document.querySelectorAll('.charts-card, .network-card, .levers-card')]
            .map(e => e.getBoundingClientRect());
        const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom
            && b.top < a.bottom;
        return [...document.querySelectorAll('a[href*="solara.dev"]')]
            .filter(a => a.offsetParent !== null)
            .map(a => { let e = a; while (e.parentElement && getComputedStyle(e).position
                === 'static') e = e.parentElement; return e.getBoundingClientRect(); })
            .filter(r => rects.some(c => hit(r, c)))
            .map(r => JSON.stringify(r));
    }"""
    )
    assert overlaps == []
    assert app.get_by_text("This website runs on").count() == 0


def test_levers_in_force_are_grouped_with_labels_and_units(app):
    text = app.locator(".levers-card").inner_text()
    for group in viz.LEVER_GROUPS:
        assert group in text
    for line in (
        "Co-design: 0 (scale 0-1)",
        "Prevention: 0.15 share of contact time",
        "Time bank: off",
        "Service budget: 1,100 GBP/citizen/year",
        "Funding cut at week: no cut",
    ):
        assert line in text
    levers = app.locator(".levers-in-force").inner_text()
    assert "_" not in levers and " = " not in levers  # no raw keys
    assert app.locator(".levers-card .lever").count() == len(LEVER_NAMES)


def test_page_loads_print_no_samesite_warning(server, chromium):
    """Solara warns about its session cookie on every page load served under a host name
    other than ``localhost`` over http; the server must print no such warning, whether
    the page is opened at the address ``coprod app`` prints or at 127.0.0.1."""
    printed = re.search(r"serving on (http://\S+)", server["stderr"].read_text()).group(1)
    for url in (printed, server["url"]):
        with urllib.request.urlopen(url, timeout=30) as resp:
            assert resp.status == 200
            assert "solara-session-id=" in resp.headers.get("Set-Cookie", "")
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        for url in (printed, server["url"]):  # a real page load at each address
            page = context.new_page()
            page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
            page.wait_for_selector("svg.chart polyline.series", state="attached")
            page.close()
    finally:
        context.close()
    time.sleep(1)  # let the server flush what it printed
    err = server["stderr"].read_text() + server["stdout"].read_text()
    assert "samesite" not in err.lower(), err
    assert printed == f"http://localhost:{server['port']}/"
