"""The golden baseline: a fresh fixed-seed run of every named scenario reproduces
``tests/golden/baseline.json`` (see ``tests/golden/README.md``)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import numpy as np
import pytest

from coproduction import list_scenarios

GOLDEN = Path(__file__).resolve().parent / "golden"
BASELINE = GOLDEN / "baseline.json"
MISSING = "run `python -m coproduction.baseline` to create it"
UPDATE = "run `python -m coproduction.baseline` to update it"


def _generator():
    return importlib.import_module("coproduction.baseline")


@pytest.fixture(scope="module")
def gen():
    return _generator()


@pytest.fixture(scope="module")
def stored():
    return _generator().read(BASELINE) if BASELINE.is_file() else None


def _require(stored) -> dict:
    if stored is None:
        pytest.fail(f"tests/golden/baseline.json is missing: {MISSING}", pytrace=False)
    return stored


def _values(column) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in column], dtype=np.float64)


def test_baseline_settings(stored, gen):
    assert _require(stored)["settings"] == gen.settings()


def test_baseline_covers_every_named_scenario(stored):
    assert sorted(_require(stored)["scenarios"]) == list_scenarios(), UPDATE


@pytest.mark.parametrize("name", list_scenarios())
def test_scenario_matches_baseline(stored, gen, name):
    scenarios = _require(stored)["scenarios"]
    if name not in scenarios:
        pytest.fail(f"scenario {name!r} is not in the baseline: {UPDATE}", pytrace=False)
    old = scenarios[name]
    new = gen.run_scenario(name)
    assert sorted(new) == sorted(old), "indicator columns changed: regenerate the baseline"
    weeks = list(range(0, gen.WEEKS + 1, gen.EVERY))
    assert new["week"] == old["week"] == weeks
    changed = []
    for col in sorted(new):
        a, b = _values(new[col]), _values(old[col])
        if not np.allclose(a, b, rtol=1e-9, atol=0.0, equal_nan=True):
            changed.append(f"{col}: baseline {old[col]} now {new[col]}")
    assert not changed, (
        f"{name}: results differ from tests/golden/baseline.json. If the change is intended, "
        "regenerate it (`make baseline`) and say why in the commit.\n" + "\n".join(changed)
    )


def test_baseline_file_is_in_canonical_form(stored, gen):
    """The stored file is exactly what the generator writes (no hand edits)."""
    _require(stored)
    assert BASELINE.read_text(encoding="utf-8") == gen.dumps(stored)


def test_generator_output_is_stable(gen):
    """Same run, same bytes; NaN is written as null and keys are sorted."""
    data = {"settings": gen.settings(), "scenarios": {"x": {"b": [1.0, None], "a": [0.1]}}}
    text = gen.dumps(data)
    assert text == gen.dumps(json.loads(text))  # a written file reads back to itself
    assert text.index('"a"') < text.index('"b"')
    assert "null" in text and "NaN" not in text
    one = gen.dumps({"scenarios": {"top_down": gen.run_scenario("top_down")}})
    two = gen.dumps({"scenarios": {"top_down": gen.run_scenario("top_down")}})
    assert one == two
    assert "NaN" not in one
