"""End-to-end tests of the ``coprod`` command: help, run, compare, scenarios, params.

Every command runs in a subprocess (``python -m coproduction.cli``) in a temporary
working directory. Runs are tiny (200 citizens, 20 weeks, 2 replications): most of the
time of each command is the start-up import of the package.
"""

from __future__ import annotations

import json
import math
import platform
import re
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest
from cli_helpers import PNG_MAGIC, TINY, coprod, describe, hidden_entries, write

import coproduction
from coproduction import indicators as ind
from coproduction.model import AGENT_COLUMNS

SCENARIO_A, SCENARIO_B = "top_down", "co_produced"
COMPARE_SEED = 5
#: The ICER is itself a comparison with the first scenario: undefined (null) as a
#: difference, and for the first scenario against itself.
ICER = "icer_gbp_per_wemwbs_point_year"
REPO_SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
DESIGN_SCENARIOS = {
    "top_down", "consultation", "co_produced", "timebank", "cash_rewards",
    "top_down_cut", "co_produced_cut",
}  # fmt: skip


def ok(res) -> None:
    assert res.returncode == 0, describe(res)
    assert "Traceback" not in res.stderr, describe(res)


# ----------------------------------------------------------------- help, version ----
def test_help_lists_commands(tmp_path):
    res = coprod("--help", cwd=tmp_path)
    ok(res)
    for command in ("run", "compare", "scenarios", "params"):
        assert re.search(rf"^\s+{command}\b", res.stdout, re.MULTILINE), (command, res.stdout)


def test_every_sub_command_help_shows_its_defaults():
    """Every option with a default other than None or False says ``default VALUE`` in
    its help, in every sub-command (walked from the parser, so a new one is covered)."""
    import argparse

    from coproduction.cli import build_parser

    todo, missing, seen = [("coprod", build_parser())], [], 0
    while todo:
        name, parser = todo.pop()
        todo += [(f"{name} {sub}", p) for sub, p in parser.commands().items()]
        for action in parser._actions:
            if action.default in (None, False, argparse.SUPPRESS):
                continue
            seen += 1
            if f"default {action.default}" not in (action.help or ""):
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert seen > 10 and not missing, missing  # seen: the walk reached the sub-commands


def test_version(tmp_path):
    res = coprod("--version", cwd=tmp_path)
    ok(res)
    assert res.stdout.strip() == f"coprod {coproduction.__version__}"
    assert coproduction.__version__ == version("coproduction")


# ----------------------------------------------------------------- run --------------
@pytest.fixture(scope="module")
def run_out(tmp_path_factory):
    """``coprod run top_down`` (tiny, seed 3) with --out, --agents-every 10 and --json."""
    cwd = tmp_path_factory.mktemp("run")
    res = coprod("run", SCENARIO_A, *TINY, "--seed", 3, "--out", "R", "--agents-every", 10,
                 "--json", cwd=cwd)  # fmt: skip
    return res, cwd / "R"


def test_run_succeeds_and_writes_only_results(run_out):
    res, out = run_out
    ok(res)
    assert sorted(p.name for p in out.iterdir()) == [
        "agents.parquet", "model.parquet", "run.json", "scenario.toml",
    ]  # fmt: skip
    assert hidden_entries(out.parent) == []


def test_run_model_parquet(run_out):
    _, out = run_out
    df = pd.read_parquet(out / "model.parquet")
    assert len(df) == 21
    assert df["week"].tolist() == list(range(21))
    missing = set(ind.NAMES) - set(df.columns)
    assert not missing, missing
    assert all(dtype == "float64" for dtype in df.dtypes), df.dtypes[df.dtypes != "float64"]


def test_run_scenario_toml_reloads_resolved_params(run_out):
    _, out = run_out
    reloaded = coproduction.load_scenario(str(out / "scenario.toml"))
    assert reloaded == coproduction.load_scenario(SCENARIO_A, n_citizens=200)
    assert reloaded.n_citizens == 200  # the --set override is part of the saved scenario


def test_run_json_provenance(run_out):
    _, out = run_out
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["coproduction_version"] == coproduction.__version__
    assert info["python"] == platform.python_version()
    assert info["packages"]["mesa"] == version("mesa")
    assert info["seed"] == 3
    assert info["weeks"] == 20
    assert isinstance(info["timings"], dict) and info["timings"]
    assert all(isinstance(v, int | float) and v >= 0 for v in info["timings"].values())


def test_run_agents_parquet(run_out):
    _, out = run_out
    df = pd.read_parquet(out / "agents.parquet")
    assert len(df) == 200 * 3
    assert sorted(df["week"].unique().tolist()) == [0, 10, 20]
    for column in ("week", "citizen_id", "age_band", "ward", *AGENT_COLUMNS):
        assert column in df.columns, column
    for _, group in df.groupby("week"):
        assert sorted(group["citizen_id"].tolist()) == list(range(200))


def test_run_json_stdout_and_logs_on_stderr(run_out):
    res, out = run_out
    data = json.loads(res.stdout)  # stdout holds the JSON document and nothing else
    assert data["scenario"] == SCENARIO_A
    assert data["seed"] == 3 and data["weeks"] == 20
    assert data["overrides"] == {"n_citizens": 200}
    assert set(data["final_year"]) == set(ind.NAMES) - {"week"}
    # Without a funding cut there is nothing to retain: NaN, written as JSON null.
    assert data["final_year"]["activity_retention"] is None
    assert math.isfinite(data["final_year"]["wellbeing_mean"])
    assert "NaN" not in res.stdout
    assert "wrote" in res.stderr  # logs (and the progress bar) go to stderr


def test_run_set_values(tmp_path):
    """--set values are TOML, and a bare word is accepted for a text parameter."""
    res = coprod("run", SCENARIO_A, "--weeks", 2, "--set", "reward=cash", "--set", "timebank=true",
                 "--set", "co_design=0.5", "--set", 'network="watts_strogatz"',
                 "--set", "n_citizens=2_00", "--set", "cash_per_hour=7", "--json", "--quiet",
                 "--out", "S", cwd=tmp_path)  # fmt: skip
    ok(res)
    assert res.stderr == ""  # --quiet: no progress, no logs
    overrides = json.loads(res.stdout)["overrides"]
    assert overrides == {
        "reward": "cash", "timebank": True, "co_design": 0.5, "network": "watts_strogatz",
        "n_citizens": 200, "cash_per_hour": 7.0,
    }  # fmt: skip
    assert type(overrides["timebank"]) is bool
    assert type(overrides["n_citizens"]) is int
    assert type(overrides["cash_per_hour"]) is float  # an integer for a float parameter
    params = coproduction.load_scenario(str(tmp_path / "S" / "scenario.toml"))
    assert (params.reward, params.timebank, params.co_design) == ("cash", True, 0.5)
    assert (params.n_citizens, params.cash_per_hour) == (200, 7.0)


def test_run_scenario_toml_reloads_multiline_description(tmp_path):
    write(tmp_path / "multi.toml",
          'name = "multi"\ndescription = """First line.\nSecond line."""\n'
          'extends = "top_down"\n\n[params]\nco_design = 0.5\n')  # fmt: skip
    res = coprod("run", "multi.toml", "--set", "n_citizens=200", "--weeks", 2, "--quiet",
                 "--out", "M", cwd=tmp_path)  # fmt: skip
    ok(res)
    reloaded = coproduction.load_scenario(str(tmp_path / "M" / "scenario.toml"))
    assert reloaded == coproduction.load_scenario(str(tmp_path / "multi.toml"), n_citizens=200)


# ----------------------------------------------------------------- compare ----------
def test_compare(tmp_path):
    """``coprod compare A B`` (tiny, 2 replications, seed 5) with --out D and --json.

    One compare run (the slowest command here) feeds three groups of checks."""
    res = coprod("compare", SCENARIO_A, SCENARIO_B, *TINY, "--replications", 2,
                 "--workers", 2, "--seed", COMPARE_SEED, "--out", "D", "--json",
                 cwd=tmp_path)  # fmt: skip
    ok(res)
    assert "wrote D" in res.stderr  # logs on stderr, JSON alone on stdout
    check_compare_json_table(res, tmp_path / "D")
    check_compare_output_folder(res, tmp_path / "D")
    check_compare_reproduced_by_run(tmp_path / "D", tmp_path)


def check_compare_reproduced_by_run(out: Path, cwd: Path) -> None:
    """Replication r of compare is ``coprod run SCEN --seed <seed + r>``, exactly."""
    res = coprod("run", SCENARIO_B, *TINY, "--seed", COMPARE_SEED + 1, "--quiet",
                 "--out", "E", cwd=cwd)  # fmt: skip
    ok(res)
    single = pd.read_parquet(cwd / "E" / "model.parquet")
    traj = pd.read_parquet(out / "trajectories.parquet")
    rows = traj[(traj["scenario"] == SCENARIO_B) & (traj["replication"] == 1)]
    assert rows["seed"].unique().tolist() == [COMPARE_SEED + 1]
    rows = rows.drop(columns=["scenario", "replication", "seed"]).reset_index(drop=True)
    # The one dtype difference: trajectories.parquet stores week as an integer, while
    # model.parquet stores every column (week included) as float64. Cast week, then
    # compare everything else exactly, dtypes included.
    rows["week"] = rows["week"].astype("float64")
    pdt.assert_frame_equal(single, rows, check_exact=True)


def check_compare_json_table(res, out: Path) -> None:
    """Every row has the documented fields; diffs are 0 for the reference scenario and
    the seed-paired difference of means for the other."""
    rows = json.loads(res.stdout)
    assert isinstance(rows, list) and rows
    for row in rows:
        assert {"scenario", "indicator", "mean", "ci_low", "ci_high", "diff"} <= set(row), row
    assert {r["scenario"] for r in rows} == {SCENARIO_A, SCENARIO_B}
    assert "NaN" not in res.stdout
    by = {(r["scenario"], r["indicator"]): r for r in rows}
    indicators = {r["indicator"] for r in rows}
    assert set(ind.NAMES) - {"week"} <= indicators

    for name in indicators:
        a = by[SCENARIO_A, name]
        if name == ICER:
            assert a["diff"] is None
        else:
            assert a["diff"] == 0, a

    # diff(B) is the mean of the seed-paired differences; with every replication finite
    # it equals mean(B) - mean(A).
    reps = pd.read_parquet(out / "replications.parquet")
    checked = 0
    for name in sorted(indicators - {ICER}):
        values = reps[["scenario", "seed", name]]
        if not values[name].map(math.isfinite).all():
            continue
        a, b = by[SCENARIO_A, name], by[SCENARIO_B, name]
        assert math.isclose(b["diff"], b["mean"] - a["mean"], rel_tol=1e-9, abs_tol=1e-9), name
        for scen, row in ((SCENARIO_A, a), (SCENARIO_B, b)):
            mine = values[values["scenario"] == scen][name].mean()
            assert math.isclose(row["mean"], mine, rel_tol=1e-9, abs_tol=1e-9), (scen, name)
            assert row["ci_low"] <= row["mean"] <= row["ci_high"], row
        checked += 1
    assert checked >= len(ind.HEADLINE)
    for name in ind.HEADLINE:
        assert by[SCENARIO_B, name]["diff"] is not None, name


def check_compare_output_folder(res, out: Path) -> None:
    for name in ("trajectories.parquet", "replications.parquet", "summary.parquet",
                 "summary.md", "scenario.toml", "run.json"):  # fmt: skip
        assert (out / name).is_file(), name
    assert hidden_entries(out.parent) == []

    traj = pd.read_parquet(out / "trajectories.parquet")
    assert len(traj) == 2 * 2 * 21
    reps = pd.read_parquet(out / "replications.parquet")
    assert sorted(zip(reps["scenario"], reps["seed"], strict=True)) == sorted(
        (scen, COMPARE_SEED + r) for scen in (SCENARIO_A, SCENARIO_B) for r in range(2)
    )
    summary = pd.read_parquet(out / "summary.parquet")
    assert len(summary) == len(json.loads(res.stdout))

    md = (out / "summary.md").read_text(encoding="utf-8")
    assert SCENARIO_A in md and SCENARIO_B in md
    assert "simulation noise" in md

    pngs = sorted((out / "figures").glob("*.png"))
    assert (out / "figures" / "headline.png") in pngs
    assert len(pngs) >= 1 + len(ind.EFFECT_AREAS) >= 7
    for png in pngs:
        assert png.read_bytes()[:8] == PNG_MAGIC, png.name

    assert coproduction.load_scenario(str(out / "scenario.toml")) == coproduction.load_scenario(
        SCENARIO_A, n_citizens=200
    )
    for scen in (SCENARIO_A, SCENARIO_B):
        saved = out / "scenarios" / f"{scen}.toml"
        assert saved.is_file(), saved
        assert coproduction.load_scenario(str(saved)) == coproduction.load_scenario(
            scen, n_citizens=200
        )

    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["coproduction_version"] == coproduction.__version__
    assert info["python"] == platform.python_version()
    assert info["packages"]["mesa"] == version("mesa")
    assert info["seed"] == COMPARE_SEED
    assert info["seeds"] == [COMPARE_SEED, COMPARE_SEED + 1]
    assert info["replications"] == 2 and info["weeks"] == 20
    assert "simulation noise" in info["note"]


# ----------------------------------------------------------------- --force ----------
def test_existing_output_refused_then_replaced_with_force(tmp_path):
    out = tmp_path / "D"
    write(out / "marker.txt", "old results\n")

    refused = coprod("run", SCENARIO_A, *TINY, "--quiet", "--out", "D", cwd=tmp_path)
    assert refused.returncode == 2, describe(refused)
    assert "--force" in refused.stderr
    assert sorted(p.name for p in out.iterdir()) == ["marker.txt"]
    assert hidden_entries(tmp_path) == []

    forced = coprod("run", SCENARIO_A, *TINY, "--quiet", "--out", "D", "--force", cwd=tmp_path)
    ok(forced)
    assert forced.stderr == ""  # --quiet: no progress, no logs
    assert "wellbeing_mean" in forced.stdout  # the text table of final-year means
    assert not (out / "marker.txt").exists()
    assert sorted(p.name for p in out.iterdir()) == ["model.parquet", "run.json", "scenario.toml"]
    assert len(pd.read_parquet(out / "model.parquet")) == 21
    assert hidden_entries(tmp_path) == []


def test_force_keeps_old_output_when_the_new_run_fails(tmp_path):
    """--force replaces the folder only after success; a failed compare leaves it alone.

    (That the failed compare also leaves no temporary folder is checked with the bad
    input tests.)"""
    out = tmp_path / "D"
    write(out / "marker.txt", "old results\n")
    res = coprod("compare", SCENARIO_A, "no_such_scenario", *TINY, "--replications", 1,
                 "--workers", 1, "--quiet", "--out", "D", "--force", cwd=tmp_path)  # fmt: skip
    assert res.returncode == 2, describe(res)
    assert "no_such_scenario" in res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["marker.txt"]
    assert (out / "marker.txt").read_text(encoding="utf-8") == "old results\n"


# ----------------------------------------------------------------- scenarios, params -
def test_scenarios_list(tmp_path):
    res = coprod("scenarios", "list", cwd=tmp_path)
    ok(res)
    listed = [line.split()[0] for line in res.stdout.splitlines() if line.strip()]
    assert listed == coproduction.list_scenarios()
    assert set(listed) >= DESIGN_SCENARIOS
    if REPO_SCENARIOS.is_dir():  # every file of the catalogue ships with the package
        assert set(listed) == {p.stem for p in REPO_SCENARIOS.glob("*.toml")}


def test_scenarios_list_json(tmp_path):
    res = coprod("scenarios", "list", "--json", cwd=tmp_path)
    ok(res)
    rows = json.loads(res.stdout)
    assert isinstance(rows, list)
    assert all(isinstance(r, dict) and "name" in r for r in rows)
    assert [r["name"] for r in rows] == coproduction.list_scenarios()


def test_scenarios_show_extends_chain(tmp_path):
    res = coprod("scenarios", "show", "co_produced_cut", cwd=tmp_path)
    ok(res)
    first = res.stdout.splitlines()[0]
    positions = [first.find(name) for name in ("co_produced_cut", "co_produced.", "top_down")]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), first
    assert re.search(r"^funding_cut_week = 156$", res.stdout, re.MULTILINE), res.stdout


def test_scenarios_validate_good_file(tmp_path):
    """A user file extending a sibling file by relative path, validated from elsewhere."""
    write(tmp_path / "mine" / "base.toml",
          'name = "base"\ndescription = "A base."\nextends = "co_produced"\n\n'
          "[params]\nco_design = 0.5\n")  # fmt: skip
    write(tmp_path / "mine" / "child.toml",
          'name = "child"\ndescription = "A child."\nextends = "base.toml"\n\n'
          '[params]\nreward = "cash"\n')  # fmt: skip
    res = coprod("scenarios", "validate", Path("mine") / "child.toml", cwd=tmp_path)
    ok(res)
    assert res.stdout.startswith("ok"), res.stdout
    assert "co_design=0.5" in res.stdout and "reward='cash'" in res.stdout


def test_params_json(tmp_path):
    res = coprod("params", "--json", cwd=tmp_path)
    ok(res)
    rows = json.loads(res.stdout)
    assert [r["name"] for r in rows] == list(coproduction.PARAMS)
    for r in rows:
        assert r["default"] == coproduction.PARAMS[r["name"]].default, r
