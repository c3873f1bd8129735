"""The targets table (coproduction.targets): sourced, split, measurable, and rendered."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from coproduction import targets as tg
from coproduction import validation
from coproduction.cli import main
from coproduction.docsgen import render_validation, write_targets
from coproduction.errors import InputError
from coproduction.references import REFERENCES, reference_keys


def test_every_target_is_sourced_split_and_measured():
    assert tg.of_role(tg.CALIBRATION) and tg.of_role(tg.VALIDATION)
    assert set(tg.BY_KEY) == set(validation.TARGET_MEASURES)
    for t in tg.TARGETS:
        keys = reference_keys(t.source)
        assert keys and all(k in REFERENCES for k in keys), t.key
        assert t.uncertainty > 0 and t.unit and t.population and t.year, t.key
        assert t.why and t.measured and t.uncertainty_note, t.key
    for _, source, why in tg.NOT_USED:
        assert all(k in REFERENCES for k in reference_keys(source)) and why


def test_a_target_refuses_a_bad_role_or_uncertainty():
    base = tg.TARGETS[0]
    fields = {f: getattr(base, f) for f in base.__dataclass_fields__}
    with pytest.raises(ValueError, match="role"):
        tg.Target(**{**fields, "role": "both"})
    with pytest.raises(ValueError, match="uncertainty"):
        tg.Target(**{**fields, "uncertainty": 0.0})
    assert base.z(base.value + 2 * base.uncertainty) == pytest.approx(2.0)


def test_hours_per_member_is_hours_over_members():
    trace = validation.Trace()
    for week in range(validation.MEASURE):
        trace.add(members=10.0 + (week % 2), timebank_hours=3.0)
    (got,) = validation.TARGET_MEASURES["timebank_hours_per_member"]([trace])
    assert got == pytest.approx(3.0 * 52 / 10.5)


def test_measured_at_toy_size_and_rendered(tmp_path):
    out = tmp_path / "targets"
    args = ["targets", "--quick", "--replications", "1", "--out", str(out), "--quiet"]
    assert main(args) == 0
    table = pd.read_csv(out / "targets.csv")
    assert list(table["target"]) == [t.key for t in tg.TARGETS]
    assert table["model"].map(math.isfinite).all()
    z = (table["model"] - table["observed"]) / table["uncertainty"]
    assert (z - table["z"]).abs().max() < 1e-9
    docs = tmp_path / "docs"
    write_targets(out, docs)
    text = render_validation(docs)
    assert "model at defaults" in text and "Held-out validation patterns" in text
    for t in tg.TARGETS:
        assert f"`{t.key}`" in text
    assert "model at defaults" not in render_validation(tmp_path / "empty")


def test_bad_role_is_refused():
    with pytest.raises(InputError, match="--role"):
        validation.measure_targets(role="fitting")
