"""The documentation matches the code: generated tables are current, every parameter is
documented and sourced, every indicator and phase is described, and the worked example
in docs/extending.md runs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from coproduction import CoproductionModel, indicators
from coproduction.mechanisms import PHASES
from coproduction.params import PARAMS
from coproduction.references import REFERENCES, cite, reference_keys

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
EXAMPLE = ROOT / "experiments" / "extending_example.py"

#: Float parameters that are pure numbers (exponents, elasticities, slopes); they may
#: leave ``unit`` empty and are shown as "dimensionless" in docs/parameters.md.
DIMENSIONLESS = {"production_rho", "production_nu", "conditional_slope"}


def test_generated_docs_are_current():
    result = subprocess.run(
        [sys.executable, "-m", "coproduction.docsgen", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, (
        "docs/parameters.md or docs/indicators.md is out of date; run "
        f"`python -m coproduction.docsgen`.\n{result.stdout}{result.stderr}"
    )


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_parameter_is_documented(name):
    p = PARAMS[name]
    assert p.help.strip(), f"parameter {name!r} has no help text"
    assert p.source.strip(), f"parameter {name!r} has no source (a reference key or assumption)"
    assert p.unit.strip() or p.kind in (bool, str) or name in DIMENSIONLESS, (
        f"parameter {name!r} ({p.kind.__name__}) has no unit"
    )


def test_every_reference_key_resolves():
    missing = {
        key: name
        for name, p in PARAMS.items()
        for key in reference_keys(p.source)
        if key not in REFERENCES
    }
    assert not missing, f"reference keys without a citation in references.py: {missing}"
    for p in PARAMS.values():
        assert all(cite(p.source)), p.name


def test_cite_skips_assumptions_and_keeps_order():
    assert cite("assumption: a ward; implementation choice") == []
    assert cite("fischbacher2001; assumption; fehr2000") == [
        REFERENCES["fischbacher2001"],
        REFERENCES["fehr2000"],
    ]
    with pytest.raises(KeyError, match="nosuchkey2099"):
        cite("nosuchkey2099")


def test_every_indicator_is_in_indicators_md():
    text = (DOCS / "indicators.md").read_text(encoding="utf-8")
    missing = [name for name in indicators.NAMES if f"`{name}`" not in text]
    assert not missing, f"indicators missing from docs/indicators.md: {missing}"


def test_every_state_column_is_in_odd():
    from coproduction.state import CITIZEN_SCHEMA, PROFESSIONAL_SCHEMA, SERVICE_SCHEMA

    text = (DOCS / "ODD.md").read_text(encoding="utf-8")
    schema = (*CITIZEN_SCHEMA, *PROFESSIONAL_SCHEMA, *SERVICE_SCHEMA)
    missing = [col.name for col in schema if f"`{col.name}`" not in text]
    assert not missing, f"state columns missing from docs/ODD.md section 2: {missing}"


def test_every_phase_is_in_odd():
    text = (DOCS / "ODD.md").read_text(encoding="utf-8")
    missing = [name for name, _ in PHASES if f"`{name}`" not in text]
    assert not missing, f"phases missing from docs/ODD.md: {missing}"


def test_extending_md_points_to_the_example():
    text = (DOCS / "extending.md").read_text(encoding="utf-8")
    assert "experiments/extending_example.py" in text


def _load_example():
    spec = importlib.util.spec_from_file_location("extending_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_extending_example_runs():
    example = _load_example()
    weeks, n, seed = 26, 300, 3
    seasonal, prescribing = example.main(weeks=weeks, n_citizens=n, seed=seed)
    default = CoproductionModel(rng=seed, agents=False, n_citizens=n).run(weeks)
    base = default.indicators_dataframe()
    assert len(seasonal) == len(prescribing) == len(base) == weeks + 1
    # the seasonal shocks change the run; same seed, same phase positions otherwise
    assert not np.allclose(seasonal["need_mean"], base["need_mean"])
    # the added phase ran every week and referred someone
    referrals = prescribing["social_prescribing_referrals"]
    assert referrals.iloc[0] == 0
    assert referrals.sum() > 0
    names = [name for name, _ in example.prescribing_phases(example.SocialPrescribing())]
    assert names.index("social_prescribing") == names.index("production") + 1
    assert len(names) == len(PHASES) + 1


def test_assumption_ranking_covers_the_screened_parameters():
    """The kept Morris ranking is of exactly the parameters the shipped screening varies,
    on every ranked output, with finite non-negative mu*."""
    from coproduction import docsgen
    from coproduction.experiments.spec import load_experiment

    ranking = docsgen.read_ranking(DOCS)
    assert ranking is not None, f"missing {DOCS / docsgen.RANKING}"
    spec = load_experiment("morris_assumptions")
    assert set(ranking.index) == {f.name for f in spec.factors}
    mu = ranking[list(docsgen.RANKED_OUTPUTS)].to_numpy()
    assert np.isfinite(mu).all() and (mu >= 0).all()


def test_most_influential_assumptions_are_sourced_or_listed_as_limitations():
    from coproduction import docsgen

    ranking = docsgen.read_ranking(DOCS)
    assert docsgen.unsupported(ranking) == [], (
        "add a published source or an entry in coproduction.limitations.ASSUMPTIONS"
    )
