"""``coprod validate``: checks against published figures, each with target, tolerance,
source and the model's own value (quick mode: fewer citizens and replications)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from cli_helpers import coprod

from coproduction.formatting import number
from coproduction.references import REFERENCES
from coproduction.validation import CHECKS, Result, classify


@pytest.fixture(scope="module")
def quick_json(tmp_path_factory):
    res = coprod("validate", "--quick", "--json", cwd=tmp_path_factory.mktemp("validate"))
    return res, json.loads(res.stdout)


def test_quick_json_has_every_check_with_target_tolerance_source_and_value(quick_json):
    res, doc = quick_json
    keys = [c["check"] for c in doc["checks"]]
    assert keys == [c.key for c in CHECKS]
    required = {"WEMWBS", "decay", "conditional", "free_rider", "crowding", "burnt", "timebank"}
    joined = " ".join(keys + [c["title"] for c in doc["checks"]])
    assert all(word.lower() in joined.lower() for word in required)
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
    res = coprod(
        "validate", "--quick", "--check", "wemwbs_mean", "--check", "wemwbs_sd", cwd=tmp_path
    )
    lines = res.stdout.splitlines()
    assert lines[0].split()[:3] == ["check", "target", "accepted"]
    for key in ("wemwbs_mean", "wemwbs_sd"):
        row = next(line for line in lines if line.startswith(key + " "))
        assert ("pass" in row) or ("FAIL" in row)
        # the same fresh runs give the same value as the JSON run
        value = next(c["value"] for c in doc["checks"] if c["check"] == key)
        assert number(value) in row
    assert "Source: tennant2007" in res.stdout
    assert "crowding_out" not in res.stdout


def test_unknown_check_is_bad_input(tmp_path):
    res = coprod("validate", "--quick", "--check", "nonsense", cwd=tmp_path)
    assert res.returncode == 2
    assert "'nonsense'" in res.stderr and "wemwbs_mean" in res.stderr


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
    check = next(c for c in CHECKS if c.key == "wemwbs_mean")
    assert Result(check, [check.high, check.high]).passed
    assert not Result(check, [check.high + 0.01]).passed
    assert not Result(check, [math.nan]).passed
