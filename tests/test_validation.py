"""``coprod validate``: the held-out patterns and behavioural stylised facts, each with
target, tolerance, source and the model's own value, over the calibrated ensemble or at
the defaults (quick mode: fewer citizens and replications)."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from cli_helpers import coprod

from coproduction import ensemble, targets
from coproduction.formatting import number
from coproduction.references import REFERENCES
from coproduction.validation import CHECKS, HELD_OUT, Result, Runs, classify, run_checks


@pytest.fixture(scope="module")
def quick_json(tmp_path_factory):
    res = coprod("validate", "--quick", "--json", cwd=tmp_path_factory.mktemp("validate"))
    return res, json.loads(res.stdout)


def test_quick_json_has_every_check_with_target_tolerance_source_and_value(quick_json):
    res, doc = quick_json
    keys = [c["check"] for c in doc["checks"]]
    assert keys == [c.key for c in CHECKS]
    # every held-out pattern of the targets table is checked, and nothing fitted is
    held_out = [c["check"] for c in doc["checks"] if c["kind"] == HELD_OUT]
    assert held_out == [t.key for t in targets.of_role(targets.VALIDATION)]
    assert not set(keys) & {t.key for t in targets.of_role(targets.CALIBRATION)}
    required = {"decay", "crowding", "timebank", "deprivation"}
    joined = " ".join(keys + [c["title"] for c in doc["checks"]])
    assert all(word.lower() in joined.lower() for word in required)
    # checks that could not fail are gone: input shares of the behaviour types
    assert not any(k.startswith("types_") for k in keys)
    assert doc["settings"]["ensemble"]["name"] == ensemble.SHIPPED
    assert doc["settings"]["place"] == "wales"
    for c in doc["checks"]:
        assert isinstance(c["target"], float) and c["tolerance"] > 0
        assert c["source"] and c["measured"]
        assert isinstance(c["value"], float) and math.isfinite(c["value"]), c
        assert c["passed"] == (abs(c["value"] - c["target"]) <= c["tolerance"] + 1e-12)
        assert len(c["values"]) == doc["settings"]["replications"]
    assert doc["settings"]["burn_in_weeks"] >= 52
    # exit code 1 exactly when a check fails, so CI can rely on it
    assert doc["all_passed"] == all(c["passed"] for c in doc["checks"])
    assert res.returncode == (0 if doc["all_passed"] else 1), res.stderr


def test_quick_table_lists_each_check_with_result(tmp_path, quick_json):
    _, doc = quick_json
    keys = ("wellbeing_deprivation_gap", "cooperation_decay")
    res = coprod("validate", "--quick", "--check", keys[0], "--check", keys[1], cwd=tmp_path)
    lines = res.stdout.splitlines()
    assert lines[0].split()[:4] == ["check", "kind", "target", "accepted"]
    for key in keys:
        row = next(line for line in lines if line.startswith(key + " "))
        assert ("pass" in row) or ("FAIL" in row)
        # the same fresh runs give the same value as the JSON run
        value = next(c["value"] for c in doc["checks"] if c["check"] == key)
        assert number(value) in row
    assert "Source: scotgov2021wellbeing" in res.stdout
    assert "crowding_out" not in res.stdout
    assert "its own member of ensemble calibrate_wales" in res.stdout


def test_unknown_check_is_bad_input(tmp_path):
    res = coprod("validate", "--quick", "--check", "nonsense", cwd=tmp_path)
    assert res.returncode == 2
    assert "'nonsense'" in res.stderr and "cooperation_decay" in res.stderr


def test_ensemble_and_defaults_together_is_bad_input(tmp_path):
    res = coprod("validate", "--quick", "--defaults", "--ensemble", "calibrate_wales", cwd=tmp_path)
    assert res.returncode == 2
    assert "--defaults" in res.stderr and "calibrate_wales" in res.stderr
    res = coprod("validate", "--quick", "--ensemble", "no_such_ensemble", cwd=tmp_path)
    assert res.returncode == 2 and "'no_such_ensemble'" in res.stderr


def test_replication_r_runs_its_own_member_and_defaults_differ():
    """With an ensemble, replication r runs member draw(ens, R, 0)[r] (its parameters
    reach the run); at the defaults, none; the two give different values."""
    ens = ensemble.load()
    picks = ensemble.draw(ens, 2, 0)
    runs = Runs(300, 2, members=[ens.member(i) for i in picks])
    specs_overrides = [runs.member(r) for r in range(2)]
    assert specs_overrides == [ens.member(i) for i in picks]
    assert Runs(300, 2).member(0) == {}
    key = ["wellbeing_deprivation_gap"]
    with_ens, info = run_checks(n_citizens=1000, replications=2, only=key)
    at_defaults, info_d = run_checks(n_citizens=1000, replications=2, only=key, ensemble=None)
    assert info["ensemble"]["members"] == picks and info_d["parameters"] == "defaults"
    assert with_ens[0].values != at_defaults[0].values
    # and it is reproducible: the same members and seeds give the same values
    again, _ = run_checks(n_citizens=1000, replications=2, only=key)
    assert again[0].values == with_ens[0].values


def test_every_check_cites_a_known_reference():
    for c in CHECKS:
        assert any(k in c.source for k in REFERENCES), c.key
        assert c.tolerance > 0 and c.low < c.target < c.high


def test_classification_follows_fischbacher_rules():
    levels = np.linspace(0, 1, 11)
    schedules = np.stack(
        [
            np.zeros(11),  # free rider
            0.8 * levels,  # conditional cooperator
            np.full(11, 0.35),  # unconditional: other
            np.minimum(levels, 1 - levels),  # hump-shaped: other
        ]
    )
    shares = classify(schedules)
    assert shares == {"free_rider": 0.25, "conditional": 0.25, "other": 0.5}


def test_a_result_passes_only_within_its_tolerance():
    check = next(c for c in CHECKS if c.key == "cooperation_decay")
    assert Result(check, [check.high, check.high]).passed
    assert not Result(check, [check.high + 0.01]).passed
    assert not Result(check, [math.nan]).passed


def test_kept_validate_table_renders_as_it_came(tmp_path):
    from coproduction.cli import main
    from coproduction.docsgen import render_validation, write_validate

    out = tmp_path / "v"
    args = ["validate", "--quick", "--replications", "1", "--check", "cooperation_decay"]
    code = main([*args, "--out", str(out), "--quiet"])
    table = pd.read_csv(out / "checks.csv")
    assert list(table["check"]) == ["cooperation_decay"] and code == (
        0 if table["passed"].all() else 1
    )
    docs = tmp_path / "docs"
    write_validate(out, docs)
    page = render_validation(docs)
    row = next(line for line in page.splitlines() if line.startswith("| `cooperation_decay`"))
    assert ("| pass |" in row) == bool(table["passed"].iloc[0])
    assert "Not run yet" in render_validation(tmp_path / "empty")
