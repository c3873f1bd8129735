"""Time one step and one redraw of the interactive page at 300 and 2,000 citizens.

Server side: one model step (``top_down`` and ``co_produced``), one network drawing and
the headline charts (with the side-by-side ``top_down`` run). In the browser (when
Debian's chromium and the Solara asset cache are there): from pressing Step to the
updated drawing on the page, measured with Playwright against ``coprod app``, with a
screenshot per size in ``results/screenshots/app_<n>.png``. Prints figures; never fails
on time. Usage: python benchmarks/app_step.py [--no-browser]
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from coproduction import CoproductionModel, appserve, viz

SIZES = (300, 2000)
WARMUP_WEEKS = 52
REPEATS = 20
SHOTS = Path(__file__).resolve().parent.parent / "results" / "screenshots"


def _median_ms(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def server_side() -> None:
    print(f"server side (median of {REPEATS}, after {WARMUP_WEEKS} weeks), ms:")
    print(f"{'citizens':>9} {'step':>7} {'step co_prod':>12} {'network':>8} {'charts x4':>9}")
    for n in SIZES:
        top = CoproductionModel(n_citizens=n, rng=1).run(WARMUP_WEEKS)
        co = CoproductionModel.from_scenario("co_produced", n_citizens=n, rng=1)
        co.run(WARMUP_WEEKS)
        step = _median_ms(top.step)
        step_co = _median_ms(co.step)
        net = _median_ms(lambda m=co: viz.network_svg(m, "wellbeing"))

        def charts(m=co, r=top):
            frames = {viz.THIS: m.indicators_dataframe(), viz.REFERENCE: r.indicators_dataframe()}
            for name in viz.TABS["headline"]:
                viz.line_chart_svg(frames, name)

        ch = _median_ms(charts)
        print(f"{n:>9,} {step:7.1f} {step_co:12.1f} {net:8.1f} {ch:9.1f}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser_side() -> None:
    from playwright.sync_api import sync_playwright

    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    cmd = [sys.executable, "-m", "coproduction.cli", "app", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=appserve.server_env(), stderr=subprocess.DEVNULL)
    try:
        for _ in range(360):
            try:
                urllib.request.urlopen(url, timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=shutil.which("chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                      "--disable-background-networking"],
            )  # fmt: skip
            print("browser (Step pressed -> page redrawn), ms:")
            for n in SIZES:
                page = browser.new_page(viewport={"width": 1500, "height": 1100})
                page.set_default_timeout(60_000)
                page.goto(url)
                page.wait_for_selector("svg.network circle.citizen", state="attached")
                slider = page.locator(".control-n_citizens [role=slider]")
                slider.focus()
                page.keyboard.press("Home")
                for _ in range(n // 100 - 1):
                    page.keyboard.press("ArrowRight")
                page.wait_for_function(
                    "n => document.querySelector('svg.network')?.dataset.total === String(n)",
                    arg=n,
                )
                page.locator("label", has_text="Side by side: also run").click()
                times = []
                for week in range(1, 11):
                    t0 = time.perf_counter()
                    page.get_by_role("button", name="Step").click()
                    page.wait_for_function(
                        "w => (document.querySelector('.model-info')?.innerText ?? '')"
                        ".startsWith(`Week ${w} `)",
                        arg=week,
                    )
                    times.append((time.perf_counter() - t0) * 1000)
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"app_{n}.png"), full_page=True)
                print(f"{n:>9,} median {statistics.median(times):7.0f}  max {max(times):7.0f}")
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=15)


if __name__ == "__main__":
    print("(timings on a shared machine: compare ratios within one run)")
    server_side()
    if "--no-browser" not in sys.argv and shutil.which("chromium"):
        browser_side()
