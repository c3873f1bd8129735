"""The replication runner: specs in, results out in spec order, identical on every way of
running them; extractors on the finished model or driving it week by week; failures
raised or recorded; the executor factory."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest

from coproduction.errors import InputError
from coproduction.runner import (
    RunSpec,
    SerialExecutor,
    execute,
    indicator_table,
    make_executor,
    run_many,
)
from coproduction.scenarios import load_scenario_file

SMALL = {"n_citizens": 120}
SPECS = [
    RunSpec("top_down", 3, 8, SMALL, replication=0),
    RunSpec("co_produced", 3, 8, SMALL, replication=0),
    RunSpec("co_produced", 4, 8, SMALL, replication=1, label="second"),
]


@dataclass(frozen=True)
class WeekByWeek:
    """Drives the run one week at a time and notes the week after each step."""

    def drive(self, model, spec):
        seen = []
        for _ in range(spec.weeks):
            model.run(1)
            seen.append(model.week)
        return seen, model.indicators_dataframe()


def test_results_come_back_in_spec_order_and_identical_on_every_executor():
    ticks = []
    serial = run_many(SPECS, workers=1, progress=ticks.append)
    assert ticks == [1, 1, 1]
    assert [r.spec for r in serial] == SPECS
    assert all(r.ok and r.wall_s > 0 and r.worker for r in serial)
    pooled = run_many(SPECS, workers=2)
    executor, close = make_executor("process", 2)
    try:
        given = run_many(SPECS, executor=executor)
    finally:
        close()
    on_serial = run_many(SPECS, executor=SerialExecutor())
    for other in (pooled, given, on_serial):
        assert [r.spec for r in other] == SPECS
        for a, b in zip(serial, other, strict=True):
            pd.testing.assert_frame_equal(a.value, b.value, check_exact=True)
    # the scenarios differ, the tags do not change a run
    assert not serial[0].value.equals(serial[1].value)
    tagged = execute(RunSpec("co_produced", 4, 8, SMALL, replication=7, label="x"))
    pd.testing.assert_frame_equal(tagged.value, serial[2].value, check_exact=True)


def test_a_spec_with_resolved_params_is_the_same_run_as_from_the_scenario():
    scen = load_scenario_file("co_produced", SMALL)
    resolved = RunSpec("co_produced", 3, 8, {"co_design": 0.3}, params=scen.params.to_dict())
    named = RunSpec("co_produced", 3, 8, {**SMALL, "co_design": 0.3})
    a, b = execute(resolved).value, execute(named).value
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert not a.equals(execute(SPECS[1]).value)  # the override took effect


def test_an_extractor_can_drive_the_run_week_by_week():
    res = execute(SPECS[1], WeekByWeek())
    weeks, table = res.value
    assert weeks == list(range(1, 9))
    pd.testing.assert_frame_equal(table, execute(SPECS[1], indicator_table).value)


def test_failures_are_raised_or_recorded():
    bad = RunSpec("co_produced", 0, 4, {"n_citizens": 3})  # below the declared minimum
    with pytest.raises(InputError, match="n_citizens"):
        run_many([SPECS[0], bad], workers=1)
    results = run_many([bad, SPECS[0]], workers=1, record_errors=True)
    assert not results[0].ok and results[0].value is None
    assert results[0].error.startswith("InputError: ") and "n_citizens" in results[0].error
    assert "Traceback" in results[0].traceback
    assert results[1].ok and len(results[1].value) == 9  # weeks 0..8


def test_executor_factory_checks_its_arguments():
    with pytest.raises(InputError, match="--backend 'threads'"):
        make_executor("threads", 2)
    with pytest.raises(InputError, match="only with --backend dask"):
        make_executor("process", 2, scheduler="tcp://127.0.0.1:1")
    with pytest.raises(InputError, match="--workers 0"):
        run_many(SPECS, workers=0)
    executor, close = make_executor("serial")
    assert isinstance(executor, SerialExecutor)
    assert executor.submit(pow, 2, 5).result() == 32
    close()


def test_a_script_without_a_main_guard_is_told_the_fix(tmp_path):
    """Spawned workers import the calling script afresh; without the main guard each
    starts its own pool and dies, and the caller used to see only BrokenProcessPool."""
    import subprocess
    import sys

    script = tmp_path / "unguarded.py"
    script.write_text(
        "from coproduction import compare\n"
        "compare(['top_down', 'co_produced'], replications=2, weeks=2, n_citizens=100,"
        " spinup_weeks=0, workers=2)\n"
    )
    res = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert res.returncode != 0
    assert 'if __name__ == "__main__":' in res.stderr and "workers=1" in res.stderr


def test_runs_of_a_seed_go_together_and_come_back_in_order():
    """On a pool, a seed's runs are one task (one spin-up per seed and worker); the
    results are the serial ones, in spec order."""
    from coproduction.runner import seed_groups

    specs = [
        RunSpec(scen, seed, 3, {"n_citizens": 100, "spinup_weeks": 20}, replication=seed)
        for scen in ("top_down", "co_produced")
        for seed in range(4)
    ]
    assert seed_groups(specs, 2) == [[0, 4], [1, 5], [2, 6], [3, 7]]
    assert seed_groups(specs, 3) is None  # too few groups to keep 3 workers busy
    assert seed_groups(specs[:4], 1) is None  # one run per seed: nothing to share
    seen = []
    pooled = run_many(specs, workers=2, progress=seen.append)
    serial = run_many(specs, workers=1)
    assert [r.spec for r in pooled] == specs and len(seen) == len(specs)
    for a, b in zip(pooled, serial, strict=True):
        pd.testing.assert_frame_equal(a.value, b.value)
