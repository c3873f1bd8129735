"""The built wheel ships the scenario catalogue, and named scenarios resolve from an
installed (non-editable) copy, from any working directory."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src")  # build from a copy: no build/ left in the tree
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    for name in ("model", "scenarios", "experiments", "places", "calibrations"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    res = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(out), str(src)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    (whl,) = out.glob("coproduction-*.whl")
    return whl


def test_wheel_contains_the_catalogue_and_the_command(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        entry = next(n for n in names if n.endswith("entry_points.txt"))
        entry_points = z.read(entry).decode()
    shipped = {Path(n).name for n in names if n.startswith("coproduction/_catalogue/")}
    expected = {p.name for p in (ROOT / "scenarios").glob("*.toml")}
    assert expected and expected <= shipped
    assert "coprod = coproduction.cli:main" in entry_points
    shipped = {Path(n).name for n in names if n.startswith("coproduction/_experiments/")}
    expected = {p.name for p in (ROOT / "experiments").glob("*.toml")}
    assert {"sobol_wellbeing_cost.toml", "prevention_vs_budget.toml"} <= expected <= shipped
    shipped = {Path(n).name for n in names if n.startswith("coproduction/templates/")}
    expected = {p.name for p in (ROOT / "model" / "coproduction" / "templates").glob("*.j2")}
    assert "report.html.j2" in expected and expected <= shipped
    shipped = {Path(n).name for n in names if n.startswith("coproduction/_places/")}
    expected = {p.name for p in (ROOT / "places").glob("*.toml")}
    assert {"wales.toml", "cardiff.toml", "powys.toml"} <= expected <= shipped


def test_named_scenarios_resolve_from_an_installed_copy(wheel, tmp_path):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]);"
        "import coproduction; from coproduction.scenarios import list_scenarios, load_scenario;"
        "from coproduction.experiments import list_experiments;"
        "from coproduction.html_report import templates;"
        "from coproduction.places import list_places, load_place;"
        "t = templates().get_template('report.html.j2');"
        "p = load_scenario('co_produced_cut');"
        "print(json.dumps({'file': coproduction.__file__, 'names': list_scenarios(),"
        " 'cut': p.funding_cut_week, 'co_design': p.co_design,"
        " 'experiments': list_experiments(), 'template': t.filename,"
        " 'places': list_places(), 'bg': load_place('blaenau_gwent').profile['residents']}))"
    )
    res = subprocess.run(
        [sys.executable, "-c", code, str(site)],
        cwd=elsewhere, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    assert Path(got["file"]).resolve().is_relative_to(site.resolve())
    assert "co_produced_cut" in got["names"] and "top_down" in got["names"]
    assert got["cut"] == 156 and got["co_design"] == 0.8
    assert "levers_lhs" in got["experiments"]
    assert "blaenau_gwent" in got["places"] and got["bg"] == 66899
    assert Path(got["template"]).resolve().is_relative_to(site.resolve())
