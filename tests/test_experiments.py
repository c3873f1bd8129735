"""Experiments: samplers, experiment-file validation, the result store (resume after
SIGKILL, failures and retries, refusal of another experiment), identical results on
every backend, DuckDB queries and CSV export, sensitivity indices, and `coprod compare`
writing the same store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cli_helpers import PNG_MAGIC, coprod, describe, write

from coproduction.comparison import run_one
from coproduction.errors import InputError
from coproduction.experiments import (
    build_design,
    design_points,
    list_experiments,
    load_experiment,
    open_results,
    parse_experiment,
    salib_problem,
    sweep,
)
from coproduction.experiments.runner import summaries
from coproduction.experiments.samplers import expected_size

HEADER = """
name = "tiny"
scenario = "co_produced"
replications = {reps}
weeks = {weeks}
seed = 5
[overrides]
n_citizens = {n}
"""
OUTPUTS = """
[outputs]
indicators = ["wellbeing_mean", "cost_per_citizen_week", "participation_rate"]
summaries = ["final", "mean_last_year", "cumulative"]
trajectories = true
"""
GRID = """
[sampler]
method = "grid"
[factors.prevention_share]
levels = [0.1, 0.4]
[factors.co_delivery]
low = 0.2
high = 0.8
steps = 2
"""


def experiment_text(body: str = GRID, reps: int = 2, weeks: int = 6, n: int = 60) -> str:
    return HEADER.format(reps=reps, weeks=weeks, n=n) + body + OUTPUTS


def ranged(method: str, extra: str = "", factors=None) -> str:
    factors = factors or {"co_design": (0.0, 1.0), "prevention_share": (0.0, 0.6)}
    text = f'[sampler]\nmethod = "{method}"\n{extra}\n'
    for name, (lo, hi) in factors.items():
        text += f"[factors.{name}]\nlow = {lo}\nhigh = {hi}\n"
    return text


SUMMARY_COLS = [
    f"{i}__{s}"
    for i in ("wellbeing_mean", "cost_per_citizen_week", "participation_rate")
    for s in ("final", "mean_last_year", "cumulative")
]


# ------------------------------------------------------------------ samplers ----------
def test_grid_design_is_the_full_factorial():
    exp = parse_experiment(experiment_text(), "t.toml")
    pts = design_points(exp)
    assert len(pts) == expected_size(exp) == 4
    assert sorted(map(tuple, pts[["prevention_share", "co_delivery"]].to_numpy())) == [
        (0.1, 0.2), (0.1, 0.8), (0.4, 0.2), (0.4, 0.8)
    ]  # fmt: skip
    design = build_design(exp)
    assert len(design) == 8 and design["run_id"].is_unique
    assert sorted(set(design["seed"])) == [5, 6]  # replication r uses seed + r


def test_lhs_design_has_one_point_per_stratum():
    n = 20
    exp = parse_experiment(experiment_text(ranged("lhs", f"n = {n}\nseed = 3")), "t.toml")
    pts = design_points(exp)
    assert len(pts) == expected_size(exp) == n
    for name, (lo, hi) in (("co_design", (0.0, 1.0)), ("prevention_share", (0.0, 0.6))):
        x = pts[name].to_numpy()
        assert lo <= x.min() and x.max() <= hi
        strata = np.floor((x - lo) / (hi - lo) * n).astype(int)
        assert sorted(strata) == list(range(n))  # Latin: each of n strata exactly once
    assert salib_problem(exp) == {
        "num_vars": 2,
        "names": ["co_design", "prevention_share"],
        "bounds": [[0.0, 1.0], [0.0, 0.6]],
    }


@pytest.mark.parametrize("second", [False, True])
def test_sobol_design_size_bounds_and_salib_sample(second):
    from SALib.sample import sobol

    extra = f"n = 16\nseed = 2\nsecond_order = {'true' if second else 'false'}"
    exp = parse_experiment(experiment_text(ranged("sobol", extra)), "t.toml")
    pts = design_points(exp)
    d = 2
    assert len(pts) == expected_size(exp) == 16 * ((2 * d + 2) if second else (d + 2))
    direct = sobol.sample(salib_problem(exp), 16, calc_second_order=second, seed=2)
    np.testing.assert_array_equal(pts[["co_design", "prevention_share"]].to_numpy(), direct)
    assert pts["prevention_share"].between(0, 0.6).all()


def test_morris_design_moves_one_factor_at_a_time_on_the_level_grid():
    factors = {"co_design": (0.0, 1.0), "prevention_share": (0.0, 0.6), "influence": (0.2, 1.0)}
    exp = parse_experiment(
        experiment_text(ranged("morris", "n = 5\nlevels = 4\nseed = 1", factors)), "t.toml"
    )
    pts = design_points(exp)[list(factors)].to_numpy()
    assert len(pts) == expected_size(exp) == 5 * (3 + 1)
    for j, (lo, hi) in enumerate(factors.values()):
        steps = (pts[:, j] - lo) / (hi - lo) * 3
        np.testing.assert_allclose(steps, np.round(steps), atol=1e-9)  # on the 4-level grid
    for t in range(5):
        traj = pts[t * 4 : (t + 1) * 4]
        assert ((np.abs(np.diff(traj, axis=0)) > 1e-12).sum(axis=1) == 1).all()


def test_integer_factors_are_rounded():
    body = ranged("lhs", "n = 6", {"mean_degree": (4, 12)})
    pts = design_points(parse_experiment(experiment_text(body), "t.toml"))
    assert all(isinstance(v, int) for v in pts["mean_degree"].tolist())


def test_shipped_experiments_load_and_are_the_promised_kinds():
    names = list_experiments()
    kinds = {n: load_experiment(n).method for n in names}
    assert kinds["prevention_vs_budget"] == "grid"
    assert kinds["levers_lhs"] == "lhs"
    assert kinds["sobol_wellbeing_cost"] == "sobol"
    assert "funding_cut_resilience" in kinds and "morris" in kinds.values()
    levers = {f.name for f in load_experiment("levers_lhs").factors}
    assert levers == {
        "co_commissioning", "co_design", "co_delivery", "co_evaluation",
        "influence", "prevention_share", "relational_time",
    }  # fmt: skip


# ------------------------------------------------------------------ bad files ---------
BAD = [
    ("[sampler]\ncolour = 1\n", ["'colour'", "bad.toml", "allowed keys"]),
    ('[sampler]\nmethod = "random"\n', ["'sampler.method'", "'random'", "grid, lhs, sobol"]),
    ("[factors.co_desing]\nlow = 0.0\nhigh = 1.0\n", ["'co_desing'", "co_design"]),
    ("[factors.co_design]\nlow = 0.0\nhigh = 2.0\nsteps = 3\n", ["'co_design'", "2.0", "[0, 1]"]),
    ("[factors.co_design]\nlow = 0.5\nhigh = 0.2\nsteps = 3\n", ["low = 0.5", "high = 0.2"]),
    ("[factors.co_design]\nlow = 0.0\nhigh = 1.0\n", ["'steps'"]),
    ('[sampler]\nmethod = "sobol"\nn = 10\n[factors.co_design]\nlow = 0.0\nhigh = 1.0\n',
     ["'sampler.n'", "10", "power of 2"]),
    ('[sampler]\nmethod = "lhs"\nn = 4\n[factors.co_design]\nlevels = [0.1, 0.2]\n',
     ["levels", "'lhs'", "low and high"]),
    ('[factors.reward]\nlevels = ["none", "gold"]\n', ["'reward'", "'gold'", "time_credits"]),
]  # fmt: skip


@pytest.mark.parametrize(("body", "expected"), BAD)
def test_bad_experiment_files_name_key_value_and_file(body, expected):
    text = HEADER.format(reps=1, weeks=4, n=60) + body
    if "[factors" not in body:
        text += "[factors.co_design]\nlevels = [0.1, 0.2]\n"
    with pytest.raises(InputError) as err:
        parse_experiment(text, "bad.toml")
    msg = str(err.value)
    assert "bad.toml" in msg
    for part in expected:
        assert part in msg, (part, msg)


def test_bad_indicator_and_scenario():
    text = experiment_text().replace('"participation_rate"]', '"happiness"]')
    with pytest.raises(InputError, match="unknown indicator 'happiness'"):
        parse_experiment(text, "x.toml")
    text = experiment_text().replace('"co_produced"', '"utopia"')
    with pytest.raises(InputError, match="scenario = 'utopia' failed: unknown scenario"):
        parse_experiment(text, "x.toml")


def test_cli_bad_experiment_exits_2(tmp_path):
    bad = write(tmp_path / "bad.toml", experiment_text().replace("steps = 2", "steps = 1"))
    res = coprod("sweep", bad, "--out", tmp_path / "out", cwd=tmp_path)
    assert res.returncode == 2, describe(res)
    assert "bad.toml" in res.stderr and "'factors.co_delivery.steps' = 1" in res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "out").exists()
    res = coprod("sweep", "no_such_experiment", cwd=tmp_path)
    assert res.returncode == 2 and "prevention_vs_budget" in res.stderr, describe(res)


# ------------------------------------------------------------------ backends ----------
def _store_numbers(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    with open_results(path) as res:
        runs = res.runs().set_index("run_id").sort_index()
        traj = res.sql("SELECT * FROM trajectories ORDER BY run_id, week")
    return runs, traj


def test_backends_give_bit_identical_results(tmp_path):
    """Serial, spawn processes and a Dask LocalCluster (2 worker processes): 8 runs in 3
    batches; the same numbers for every run id, equal to a direct run with its seed."""
    exp = parse_experiment(experiment_text(), "t.toml")
    got = {}
    for backend in ("serial", "process", "dask"):
        info = sweep(exp, tmp_path / backend, backend=backend, workers=2, batch_size=3)
        assert info["done"] == 8 and info["failed"] == 0, info
        got[backend] = _store_numbers(tmp_path / backend)
        assert len(list((tmp_path / backend / "runs").glob("*.parquet"))) == 3
    runs0, traj0 = got["serial"]
    assert len(runs0) == 8 and len(traj0) == 8 * 7
    for backend in ("process", "dask"):
        runs, traj = got[backend]
        pd.testing.assert_frame_equal(runs[SUMMARY_COLS], runs0[SUMMARY_COLS], check_exact=True)
        pd.testing.assert_frame_equal(traj, traj0, check_exact=True)
    assert runs0["worker"].nunique() == 1 and got["process"][0]["worker"].nunique() >= 1
    # a run's numbers are those of `coprod run` with the same scenario, values and seed
    row = runs0.iloc[0]
    direct = run_one(
        "co_produced",
        {"n_citizens": 60, "prevention_share": row["prevention_share"],
         "co_delivery": row["co_delivery"]},
        int(row["seed"]),
        6,
    )  # fmt: skip
    mine = traj0[traj0["run_id"] == row.name]["wellbeing_mean"].to_numpy()
    np.testing.assert_array_equal(mine, direct["wellbeing_mean"].to_numpy())


# ------------------------------------------------------------------ SIGKILL -----------
def test_sweep_killed_with_sigkill_resumes_without_loss_or_duplicates(tmp_path):
    text = experiment_text(
        '[sampler]\nmethod = "grid"\n[factors.prevention_share]\n'
        "levels = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]\n",
        reps=2,
        weeks=30,
        n=400,
    )
    path = write(tmp_path / "kill.toml", text)
    out = tmp_path / "store"
    cmd = [sys.executable, "-m", "coproduction.cli", "sweep", str(path), "--out", str(out),
           "--workers", "2", "--batch-size", "2", "--quiet", "--no-plots"]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=tmp_path, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 300
    runs_dir = out / "runs"
    while time.monotonic() < deadline and proc.poll() is None:
        if runs_dir.is_dir() and any(runs_dir.glob("*.parquet")):
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and its worker processes
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    before = {f.name: pd.read_parquet(f)["run_id"].tolist() for f in runs_dir.glob("*.parquet")}
    finished_before = [r for ids in before.values() for r in ids]
    assert 1 <= len(before) < 8, "kill must land after the first batch and before the last"

    res = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    exp = parse_experiment(text, str(path))
    sweep(exp, tmp_path / "reference", backend="serial", batch_size=16)

    runs, traj = _store_numbers(out)
    ref_runs, ref_traj = _store_numbers(tmp_path / "reference")
    assert len(runs) == 16 and runs.index.is_unique and (runs["status"] == "done").all()
    pd.testing.assert_frame_equal(runs[SUMMARY_COLS], ref_runs[SUMMARY_COLS], check_exact=True)
    pd.testing.assert_frame_equal(traj, ref_traj, check_exact=True)  # one trajectory per run
    raw = pd.concat([pd.read_parquet(f) for f in runs_dir.glob("*.parquet")])
    assert raw["run_id"].is_unique  # no finished run was computed twice
    assert (runs.loc[finished_before, "attempts"] == 1).all()


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        out |= {int(c) for c in (task / "children").read_text().split()}
    return out


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_sweep_stopped_with_sigterm_stops_its_workers_and_resumes(tmp_path):
    """SIGTERM to the driver alone (as `kill PID` or a scheduler's time limit sends it)
    stops the worker processes too, and a rerun completes every run exactly once."""
    text = experiment_text(
        '[sampler]\nmethod = "grid"\n[factors.prevention_share]\n'
        "levels = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]\n",
        reps=2,
        weeks=30,
        n=400,
    )
    path = write(tmp_path / "term.toml", text)
    out = tmp_path / "store"
    cmd = [sys.executable, "-m", "coproduction.cli", "sweep", str(path), "--out", str(out),
           "--workers", "2", "--batch-size", "2", "--quiet", "--no-plots"]  # fmt: skip
    err = tmp_path / "stderr.txt"
    with err.open("w") as fh:  # a file, not a pipe: orphaned workers would hold a pipe open
        proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=fh)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if any((out / "runs").glob("*.parquet")):
            break
        time.sleep(0.01)
    workers = _children(proc.pid)
    assert workers, "the sweep should have worker processes running"
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=120)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()]
    for w in alive:  # leave nothing behind, then fail
        os.kill(w, signal.SIGKILL)
    assert not alive, f"worker processes {alive} outlived the sweep"
    assert proc.returncode == 128 + signal.SIGTERM, err.read_text()

    res = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    runs, _ = _store_numbers(out)
    assert len(runs) == 16 and runs.index.is_unique and (runs["status"] == "done").all()
    assert (runs["attempts"] >= 1).all() and runs["attempts"].max() <= 2
    assert not list(out.rglob(".*.tmp"))


# ------------------------------------------------------------------ failures ----------
def test_injected_failures_are_recorded_and_retried(tmp_path):
    exp = parse_experiment(experiment_text(), "t.toml")
    ids = build_design(exp)["run_id"].tolist()
    broken = {ids[1], ids[6]}
    info = sweep(exp, tmp_path / "s", backend="serial", batch_size=3, fail_run_ids=broken)
    assert (info["done"], info["failed"]) == (6, 2)
    with open_results(tmp_path / "s") as res:
        runs = res.runs().set_index("run_id")
    failed = runs[runs["status"] == "failed"]
    assert set(failed.index) == broken
    assert failed["error"].str.contains("InjectedFailure").all()
    assert failed["traceback"].str.contains("Traceback").all()
    assert failed[SUMMARY_COLS].isna().all().all()
    # a plain rerun leaves failed runs alone; --retry-failed runs them again
    assert sweep(exp, tmp_path / "s", backend="serial")["this_call"] == {"done": 0, "failed": 0}
    info = sweep(exp, tmp_path / "s", backend="serial", retry_failed=True)
    assert info["this_call"] == {"done": 2, "failed": 0} and info["done"] == 8
    with open_results(tmp_path / "s") as res:
        runs = res.runs().set_index("run_id")
    assert (runs["status"] == "done").all()
    assert runs.loc[sorted(broken), "attempts"].tolist() == [2, 2]
    assert (runs.drop(index=sorted(broken))["attempts"] == 1).all()


def test_cli_run_rejected_by_the_model_is_recorded_and_retried(tmp_path):
    """mean_degree = 12 with 10 citizens passes the range check but the model rejects
    it at run time: those runs fail, the others complete, --retry-failed retries them."""
    text = HEADER.format(reps=1, weeks=4, n=10) + (
        '[sampler]\nmethod = "grid"\n[factors.mean_degree]\nlevels = [4, 12]\n'
        "[factors.co_design]\nlevels = [0.2, 0.8]\n"
    )
    path = write(tmp_path / "fails.toml", text)
    res = coprod("sweep", path, "--out", "s", "--backend", "serial", cwd=tmp_path)
    assert res.returncode == 1, describe(res)
    assert "2 done, 2 failed" in res.stdout and "--retry-failed" in res.stdout
    q = "SELECT mean_degree, status, attempts, error FROM runs ORDER BY point"
    res = coprod("results", "s", "--sql", q, "--json", cwd=tmp_path)
    rows = json.loads(res.stdout)
    assert [(r["mean_degree"], r["status"]) for r in rows] == [
        (4, "done"), (4, "done"), (12, "failed"), (12, "failed")
    ]  # fmt: skip
    assert "'mean_degree' = 12" in rows[2]["error"] and "n_citizens = 10" in rows[2]["error"]
    res = coprod("sweep", path, "--out", "s", "--backend", "serial", "--retry-failed",
                 cwd=tmp_path)  # fmt: skip
    rows = json.loads(coprod("results", "s", "--sql", q, "--json", cwd=tmp_path).stdout)
    assert [r["attempts"] for r in rows] == [1, 1, 2, 2]


# ------------------------------------------------------------------ small runs --------
def test_adjusted_experiment_changes_the_runs_and_their_ids():
    exp = parse_experiment(experiment_text(), "t.toml")
    small = exp.adjusted(replications=1, weeks=4, overrides={"n_citizens": 50, "co_design": 0.3})
    assert (small.replications, small.weeks) == (1, 4)
    assert small.overrides == {"n_citizens": 50, "co_design": 0.3}
    assert small.base_params["n_citizens"] == 50 and small.base_params["co_design"] == 0.3
    assert small.command_line == {
        "replications": 1, "weeks": 4, "set": {"n_citizens": 50, "co_design": 0.3}
    }  # fmt: skip
    assert small.fingerprint() != exp.fingerprint()
    assert exp.adjusted() is exp and exp.command_line == {}
    # every override is in every run id: no run of one store can pass for one of another
    full, one, more = (
        set(build_design(e)["run_id"])
        for e in (exp, exp.adjusted(replications=1), exp.adjusted(overrides={"n_citizens": 61}))
    )
    assert one < full and not full & more and not full & set(build_design(small)["run_id"])
    assert exp.adjusted(weeks=7).fingerprint() != exp.fingerprint()
    assert set(build_design(exp.adjusted(weeks=7))["run_id"]).isdisjoint(full)
    with pytest.raises(
        InputError,
        match=r"--set prevention_share=0\.2: 'prevention_share' is a "
        r"factor of experiment 'tiny' \(it varies over levels 0\.1, 0\.4\)",
    ):
        exp.adjusted(overrides={"prevention_share": 0.2})
    with pytest.raises(InputError, match="'co_delivery' is a factor .* 0.2 to 0.8"):
        exp.adjusted(overrides={"co_delivery": 0.5})
    with pytest.raises(InputError, match="--weeks 0: must be an integer >= 1"):
        exp.adjusted(weeks=0)
    shares = {"share_conditional": 0.8, "share_free_rider": 0.5}  # a joint constraint
    with pytest.raises(InputError, match="with --set share_conditional=0.8 share_free_rider"):
        exp.adjusted(overrides=shares)


def test_cli_sweep_small_records_its_settings_and_refuses_others(tmp_path):
    path = write(tmp_path / "a.toml", experiment_text())
    small = ("--replications", 1, "--weeks", 4, "--set", "n_citizens=50", "--no-plots")
    res = coprod("sweep", path, *small, "--out", "s", "--backend", "serial", cwd=tmp_path)
    assert res.returncode == 0, describe(res)
    assert "tiny (--replications 1 --weeks 4 --set n_citizens=50): 4 done" in res.stdout
    meta = json.loads((tmp_path / "s" / "experiment.json").read_text(encoding="utf-8"))
    assert meta["command_line"] == {"replications": 1, "weeks": 4, "set": {"n_citizens": 50}}
    spec = meta["spec"]
    assert (spec["replications"], spec["weeks"], spec["overrides"]) == (1, 4, {"n_citizens": 50})
    want = parse_experiment(experiment_text(), "t.toml").adjusted(1, 4, {"n_citizens": 50})
    runs, traj = _store_numbers(tmp_path / "s")
    assert sorted(runs.index) == sorted(build_design(want)["run_id"])
    assert traj["week"].max() == 4 and (runs["seed"] == 5).all()
    row = runs.iloc[0]
    values = {"prevention_share": row["prevention_share"], "co_delivery": row["co_delivery"]}
    direct = run_one("co_produced", {"n_citizens": 50, **values}, 5, 4)
    mine = traj[traj["run_id"] == row.name]["wellbeing_mean"].to_numpy()
    np.testing.assert_array_equal(mine, direct["wellbeing_mean"].to_numpy())
    res = coprod("results", "s", cwd=tmp_path)
    assert "made with --replications 1 --weeks 4 --set n_citizens=50" in res.stdout, describe(res)

    # the same settings resume (nothing to do); others are refused, saying what differs
    res = coprod("sweep", path, *small, "--out", "s", "--backend", "serial", cwd=tmp_path)
    assert res.returncode == 0 and "this call: 0 done" in res.stdout, describe(res)
    before = sorted(p.name for p in (tmp_path / "s" / "runs").iterdir())
    res = coprod("sweep", path, "--replications", 2, "--weeks", 4, "--set", "n_citizens=70",
                 "--out", "s", cwd=tmp_path)  # fmt: skip
    assert res.returncode == 2, describe(res)
    for needle in (
        "--out s: holds results of experiment 'tiny' with other settings",
        "overrides.n_citizens: 50 in the store, 70 now",
        "replications: 1 in the store, 2 now",
        "made with --replications 1 --weeks 4 --set n_citizens=50",
        "Use another --out directory",
    ):
        assert needle in res.stderr, (needle, res.stderr)
    assert "base_params" not in res.stderr  # the override says it
    res = coprod("sweep", path, "--out", "s", cwd=tmp_path)  # the file's own settings
    assert res.returncode == 2 and "weeks: 4 in the store, 6 now" in res.stderr, describe(res)
    assert sorted(p.name for p in (tmp_path / "s" / "runs").iterdir()) == before


def test_cli_sweep_set_on_a_factor_is_refused_before_any_output(tmp_path):
    path = write(tmp_path / "a.toml", experiment_text())
    res = coprod("sweep", path, "--set", "co_delivery=0.5", "--out", "s", cwd=tmp_path)
    assert res.returncode == 2, describe(res)
    assert "--set co_delivery=0.5: 'co_delivery' is a factor of experiment 'tiny'" in res.stderr
    assert res.stderr.count("\n") == 1 and not (tmp_path / "s").exists()
    res = coprod("sweep", path, "--set", "co_desing=0.5", "--out", "s", cwd=tmp_path)
    assert res.returncode == 2 and "Did you mean co_design" in res.stderr, describe(res)
    assert not (tmp_path / "s").exists()


# ------------------------------------------------------------------ store -------------
def test_other_experiment_or_foreign_folder_refused(tmp_path):
    path = write(tmp_path / "a.toml", experiment_text())
    res = coprod("sweep", path, "--out", "s", "--backend", "serial", "--quiet", cwd=tmp_path)
    assert res.returncode == 0, describe(res)
    write(tmp_path / "a.toml", experiment_text(reps=3))  # a different experiment
    res = coprod("sweep", path, "--out", "s", "--backend", "serial", cwd=tmp_path)
    assert res.returncode == 2, describe(res)
    assert "holds results of experiment 'tiny'" in res.stderr and "another --out" in res.stderr
    write(tmp_path / "foreign" / "notes.txt", "mine")
    res = coprod("sweep", path, "--out", "foreign", cwd=tmp_path)
    assert res.returncode == 2 and "not a result store" in res.stderr, describe(res)
    assert sorted(p.name for p in (tmp_path / "foreign").iterdir()) == ["notes.txt"]


def test_results_summary_sql_csv_and_figures(tmp_path):
    path = write(tmp_path / "a.toml", experiment_text())
    res = coprod("sweep", path, "--out", "s", "--backend", "serial", "--quiet", cwd=tmp_path)
    assert res.returncode == 0, describe(res)
    heat = tmp_path / "s" / "figures" / "heatmap_wellbeing_mean__mean_last_year.png"
    assert heat.read_bytes()[:8] == PNG_MAGIC
    assert list((tmp_path / "s" / "figures").glob("trajectory_wellbeing_mean_by_*.png"))
    res = coprod("results", "s", cwd=tmp_path)
    assert res.returncode == 0 and "runs: 8  done: 8  failed: 0" in res.stdout, describe(res)
    q = (
        "SELECT prevention_share, avg(wellbeing_mean__mean_last_year) AS wb, count(*) AS n "
        "FROM runs GROUP BY prevention_share ORDER BY prevention_share"
    )
    rows = json.loads(coprod("results", "s", "--sql", q, "--json", cwd=tmp_path).stdout)
    with open_results(tmp_path / "s") as r:
        runs = r.runs()
        weekly = r.sql("SELECT count(*) AS n FROM trajectories")["n"].iloc[0]
    expect = runs.groupby("prevention_share")["wellbeing_mean__mean_last_year"].mean()
    assert [r["n"] for r in rows] == [4, 4]
    np.testing.assert_allclose([r["wb"] for r in rows], expect.to_numpy(), rtol=1e-12)
    assert weekly == 8 * 7
    res = coprod("results", "s", "--sql", q, "--csv", "by_level.csv", cwd=tmp_path)
    assert res.returncode == 0, describe(res)
    csv = pd.read_csv(tmp_path / "by_level.csv")
    np.testing.assert_allclose(csv["wb"], expect.to_numpy(), rtol=1e-12)
    assert coprod("results", "s", "--csv", "runs.csv", cwd=tmp_path).returncode == 0
    assert len(pd.read_csv(tmp_path / "runs.csv")) == 8
    res = coprod("results", "s", "--sql", "SELECT nope FROM runs", cwd=tmp_path)
    assert res.returncode == 2 and "nope" in res.stderr, describe(res)
    res = coprod("results", tmp_path, cwd=tmp_path)
    assert res.returncode == 2 and "not a result store" in res.stderr, describe(res)


def test_compare_writes_the_result_store(tmp_path):
    res = coprod("compare", "top_down", "co_produced", "--replications", "2", "--weeks", "8",
                 "--set", "n_citizens=60", "--workers", "1", "--out", "c", "--quiet",
                 cwd=tmp_path)  # fmt: skip
    assert res.returncode == 0, describe(res)
    res = coprod("results", "c", cwd=tmp_path)
    assert res.returncode == 0 and "runs: 4  done: 4" in res.stdout, describe(res)
    with open_results(tmp_path / "c") as r:
        traj = r.trajectories()
        runs = r.runs()
    old = pd.read_parquet(tmp_path / "c" / "trajectories.parquet")
    reps = pd.read_parquet(tmp_path / "c" / "replications.parquet")
    merged = old.merge(traj, on=["scenario", "replication", "week"], suffixes=("", "_store"))
    assert len(merged) == len(old) == 4 * 9
    np.testing.assert_array_equal(merged["wellbeing_mean"], merged["wellbeing_mean_store"])
    got = runs.set_index(["scenario", "replication"])["wellbeing_mean__mean_last_year"]
    want = reps.set_index(["scenario", "replication"])["wellbeing_mean"]
    np.testing.assert_array_equal(got.sort_index().to_numpy(), want.sort_index().to_numpy())


# ------------------------------------------------------------------ sensitivity -------
@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_sensitivity_ranks_an_inert_factor_at_zero(tmp_path, method):
    """cash_per_hour does nothing when reward = "none": its indices must be exactly 0,
    while co_delivery moves the outputs."""
    factors = {"co_delivery": (0.0, 1.0), "cash_per_hour": (0.0, 20.0)}
    extra = "n = 8\nseed = 1" if method == "sobol" else "n = 6\nlevels = 4\nseed = 1"
    text = experiment_text(ranged(method, extra, factors), reps=1, weeks=8).replace(
        "[overrides]", '[overrides]\nreward = "none"'
    )
    path = write(tmp_path / "s.toml", text)
    res = coprod("sweep", path, "--out", "s", "--backend", "serial", "--quiet", cwd=tmp_path)
    assert res.returncode == 0, describe(res)
    res = coprod("sensitivity", "s", "--json", "--output", "wellbeing_mean__final", cwd=tmp_path)
    assert res.returncode == 0, describe(res)
    table = pd.DataFrame(json.loads(res.stdout)).set_index("factor")
    key = "ST" if method == "sobol" else "mu_star"
    assert table.loc["cash_per_hour", key] == pytest.approx(0.0, abs=1e-12)
    assert table.loc["co_delivery", key] > 0
    if method == "sobol":
        assert table.loc["cash_per_hour", "S1"] == pytest.approx(0.0, abs=1e-12)
        assert table["ST_conf"].notna().all()
    fig = tmp_path / "s" / "figures" / "sensitivity_wellbeing_mean__final.png"
    assert fig.read_bytes()[:8] == PNG_MAGIC
    text_out = coprod("sensitivity", "s", cwd=tmp_path).stdout
    assert "co_delivery" in text_out and "cash_per_hour" in text_out


def test_sensitivity_refuses_a_grid_store(tmp_path):
    path = write(tmp_path / "a.toml", experiment_text())
    assert coprod("sweep", path, "--out", "s", "--backend", "serial", "--quiet",
                  cwd=tmp_path).returncode == 0  # fmt: skip
    res = coprod("sensitivity", "s", cwd=tmp_path)
    assert res.returncode == 2 and "'grid' sampler" in res.stderr, describe(res)


def test_batches_keep_runs_that_share_a_spin_up_together():
    """Runs of one seed (and one value of each non-lever factor) share a spun-up state:
    they go in one batch where they fit, and every run is in exactly one batch."""
    import pandas as pd

    from coproduction.experiments.runner import _batches

    rows = [
        {"run_id": f"r{p}-{s}", "point": p, "replication": s, "seed": s,
         "prevention_share": p / 10, "n_citizens": 100 * (1 + p % 2)}
        for p in range(6) for s in range(4)
    ]  # fmt: skip
    todo = pd.DataFrame(rows)
    batches = list(_batches(todo, ["prevention_share"], 10))
    assert sorted(r[0] for b in batches for r in b) == sorted(todo["run_id"])
    assert all(len({r[2] for r in b}) * 6 == len(b) for b in batches)  # whole seeds
    assert max(len(b) for b in batches) <= 10
    # a non-lever factor splits the groups: one seed and one size per group
    batches = list(_batches(todo, ["prevention_share", "n_citizens"], 4))
    for b in batches:
        keys = {(r[2], r[1]["n_citizens"]) for r in b}
        assert len(b) == 3 * len(keys)


# ------------------------------------------------------------------ versus ------------
def test_versus_runs_are_paired_differences_equal_to_two_runs_by_hand(tmp_path):
    """With ``versus``, each stored output is the scenario's value less the versus
    scenario's at the same seed and factor values (and ``versus__`` keeps the latter);
    the sensitivity table says it is a difference."""
    factors = {"crisis_hazard_max": (0.3, 0.9), "exhaustion_rate": (0.003, 0.006)}
    body = ranged("sobol", "n = 2\nseed = 1", factors)
    text = experiment_text(body, reps=1, weeks=6).replace(
        "seed = 5\n", 'seed = 5\nversus = "top_down"\n', 1
    )
    exp = parse_experiment(text, "v.toml")
    assert exp.versus == "top_down" and exp.versus_params["co_delivery"] == 0
    path = write(tmp_path / "v.toml", text)
    res = coprod("sweep", path, "--out", "v", "--backend", "serial", "--quiet", cwd=tmp_path)
    assert res.returncode == 0, describe(res)
    with open_results(tmp_path / "v") as r:
        runs = r.runs()
        traj = r.trajectories()
    assert len(runs) == 2 * (2 + 2) and (runs["status"] == "done").all()
    for row in runs.head(3).itertuples():
        values = {k: getattr(row, k) for k in factors}
        a = run_one("co_produced", {"n_citizens": 60, **values}, row.seed, 6)
        b = run_one("top_down", {"n_citizens": 60, **values}, row.seed, 6)
        sa = summaries(a, ["wellbeing_mean", "participation_rate"], ["final", "cumulative"])
        sb = summaries(b, ["wellbeing_mean", "participation_rate"], ["final", "cumulative"])
        for col, v in sa.items():
            assert getattr(row, col) == pytest.approx(v - sb[col], abs=1e-12), col
            assert getattr(row, f"versus__{col}") == pytest.approx(sb[col], abs=1e-12), col
        week = traj[traj["run_id"] == row.run_id].set_index("week")["wellbeing_mean"]
        np.testing.assert_allclose(
            week.to_numpy(), (a["wellbeing_mean"] - b["wellbeing_mean"]).to_numpy(), atol=1e-9
        )
    res = coprod("sensitivity", "v", "--json", cwd=tmp_path)
    assert res.returncode == 0, describe(res)
    table = pd.DataFrame(json.loads(res.stdout))
    assert set(table["of"]) == {"difference, co_produced - top_down"}
    # kept in the docs, the indices render in docs/validation.md
    from coproduction.docsgen import render_validation, write_sobol

    write_sobol(tmp_path / "v", tmp_path / "docs")
    page = render_validation(tmp_path / "docs")
    assert "| `wellbeing_mean__mean_last_year` |" in page and "`crisis_hazard_max`" in page


def test_versus_and_place_enter_the_fingerprint_only_when_set():
    plain = parse_experiment(experiment_text(), "a.toml")
    assert "versus" not in plain.to_dict() and "place" not in plain.to_dict()
    text = experiment_text().replace("seed = 5\n", 'seed = 5\nversus = "top_down"\n', 1)
    paired = parse_experiment(text, "a.toml")
    assert paired.fingerprint() != plain.fingerprint()
    placed = parse_experiment(text.replace("seed = 5\n", 'seed = 5\nplace = "wales"\n', 1), "a")
    assert placed.fingerprint() != paired.fingerprint()
    assert placed.base_params["population"] != paired.base_params["population"]
    assert placed.versus_params["population"] == placed.base_params["population"]
    # a --set reaches both scenarios
    moved = paired.adjusted(overrides={"wemwbs_mean": 49.0})
    assert moved.base_params["wemwbs_mean"] == moved.versus_params["wemwbs_mean"] == 49.0


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('versus = "co_produced"', "is the scenario itself"),
        ('versus = "utopia"', "versus = 'utopia' failed"),
        ('place = "atlantis"', "place = 'atlantis' failed"),
    ],
)
def test_bad_versus_or_place_is_refused(line, expected):
    text = experiment_text().replace("seed = 5\n", f"seed = 5\n{line}\n", 1)
    with pytest.raises(InputError, match=expected):
        parse_experiment(text, "x.toml")


def test_shipped_sobol_difference_spans_the_ensemble_middle_95_percent():
    from coproduction import ensemble

    exp = load_experiment("sobol_difference")
    assert (exp.scenario, exp.versus, exp.place, exp.method) == (
        "co_produced", "top_down", "wales", "sobol",
    )  # fmt: skip
    ranges = ensemble.load().ranges(0.025, 0.975)
    assert {f.name for f in exp.factors} == set(ranges)
    for f in exp.factors:
        lo, hi = ranges[f.name]
        assert f.low == pytest.approx(lo, rel=2e-3) and f.high == pytest.approx(hi, rel=2e-3)
