"""Runs at scale: Mesa agent objects are optional and off above the automatic threshold,
and ``coprod run`` works end to end without them at a size above it."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from cli_helpers import coprod

from coproduction import CoproductionModel
from coproduction.agents import Citizen
from coproduction.model import AGENTS_AUTO_MAX


def test_agents_created_automatically_only_up_to_the_threshold():
    small = CoproductionModel(rng=1, n_citizens=300)
    assert len(small.agents_by_type[Citizen]) == 300
    big = CoproductionModel(rng=1, n_citizens=AGENTS_AUTO_MAX + 1)
    assert len(big.agents) == 0
    forced = CoproductionModel(rng=1, n_citizens=300, agents=False)
    assert len(forced.agents) == 0
    # the arrays are the state either way: same run with and without agent objects
    a = small.run(3).indicators_dataframe()
    b = forced.run(3).indicators_dataframe()
    pd.testing.assert_frame_equal(a, b)


def test_coprod_run_above_the_threshold(tmp_path):
    n = AGENTS_AUTO_MAX + 50_000
    res = coprod(
        "run", "co_produced", "--set", f"n_citizens={n}", "--weeks", 2,
        "--out", "big", "--json", "--quiet", cwd=tmp_path,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    info = json.loads(res.stdout)
    assert info["n_citizens"] == n
    df = pd.read_parquet(tmp_path / "big" / "model.parquet")
    assert df["week"].tolist() == [0.0, 1.0, 2.0]
    assert 0 <= df["isolation_share"].iloc[-1] < 1
    assert df["network_clustering"].iloc[-1] == pytest.approx(df["network_clustering"].iloc[0])
