"""The compiled kernels (coproduction.kernels) and the threads (coproduction.parallel)
against the NumPy/SciPy path on one thread: the same bits, on graphs and on whole runs."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from coproduction import CoproductionModel, parallel
from coproduction import model as model_mod
from coproduction.errors import InputError
from coproduction.graph import Graph
from coproduction.network import canonical_edges

pytest.importorskip("numba")

F32 = np.float32


def random_graph(n: int, m: int, seed: int) -> Graph:
    """A graph with isolated citizens, citizens with only lower or only higher ties, ties
    within and across the kernels' blocks of citizens, and a spread of strengths (some
    below the usual activity threshold)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, n, m)
    b = np.where(rng.random(m) < 0.5, a + rng.integers(-20, 21, m), rng.integers(0, n, m))
    b = np.clip(b, 0, n - 1)
    u, v = canonical_edges(a, b, n)
    return Graph(n, u, v, rng.random(u.size, dtype=F32))


def both_paths(fn, threads=(1, 2)):
    """``fn()`` on the NumPy path, then with the kernels on each thread count."""
    with parallel.configured(kernels=False):
        ref = fn()
    fast = []
    for t in threads:
        with parallel.configured(kernels=True, threads=t, min_citizens=0):
            fast.append(fn())
    return ref, fast


@pytest.mark.parametrize(
    "n, m, seed", [(1, 0, 0), (50, 0, 1), (200, 900, 2), (5000, 30_000, 3), (70_000, 200_000, 4)]
)
def test_neighbour_sums_on_two_threads_give_the_bits_of_one(n, m, seed):
    g = random_graph(n, m, seed)
    x = np.random.default_rng(seed + 10).random(n, dtype=F32) * F32(3) - F32(1)

    def passes():
        g.drop_caches()
        return g.neighbour_sum(x), g.strength_sum()

    ref, fast = both_paths(passes)
    for got in fast:
        for want, have in zip(ref, got, strict=True):
            assert have.dtype == want.dtype
            assert np.array_equal(have.view(np.uint8), want.view(np.uint8))


def _state_arrays(m) -> dict[str, np.ndarray]:
    st = m.state
    out = {f"graph.{k}": getattr(st.graph, k) for k in ("u", "v", "strength", "ptr")}
    for name, value in vars(st.citizens).items():
        if isinstance(value, np.ndarray):
            out[f"citizens.{name}"] = value
    return out


@pytest.mark.parametrize("scenario", ["co_produced", "timebank"])
def test_runs_are_identical_on_both_paths_and_any_thread_count(scenario):
    """Spin-up included (the spin-up cache is cleared before each run), with new ties
    added during the run."""

    def run():
        model_mod._SPINUP_CACHE.clear()
        m = CoproductionModel.from_scenario(
            scenario, rng=7, n_citizens=40_000, spinup_weeks=8, agents=False
        )
        before = m.state.graph.n_edges
        m.run(weeks=12)
        assert m.state.graph.n_edges > before  # the index was rebuilt
        return m.datacollector.get_model_vars_dataframe(), _state_arrays(m)

    (ref_table, ref_state), fast = both_paths(run)
    for table, state in fast:
        assert list(table.columns) == list(ref_table.columns)
        for col in ref_table.columns:
            assert np.array_equal(
                table[col].to_numpy(), ref_table[col].to_numpy(), equal_nan=True
            ), col
        assert state.keys() == ref_state.keys()
        for key, want in ref_state.items():
            assert np.array_equal(state[key], want), key
    model_mod._SPINUP_CACHE.clear()


def test_small_graphs_stay_on_numpy():
    assert parallel.kernels(parallel.KERNEL_MIN_CITIZENS - 1) is None
    with parallel.configured(kernels=True):
        assert parallel.kernels(parallel.KERNEL_MIN_CITIZENS) is not None
    with parallel.configured(kernels=False):
        assert parallel.kernels(10**7) is None


def test_thread_settings():
    with parallel.configured(threads=2):
        assert parallel.threads() == 2
    for bad in (0, -1, 1.5, True, "two"):
        with pytest.raises(InputError, match="threads"):
            parallel.set_threads(bad)


@pytest.mark.parametrize(
    "env, message",
    [
        ({"COPROD_THREADS": "many"}, "COPROD_THREADS"),
        ({"COPROD_KERNELS": "cuda"}, "COPROD_KERNELS"),
    ],
)
def test_bad_environment_settings_name_the_variable(env, message):
    code = (
        "from coproduction import parallel\n"
        "parallel.threads() if 'THREADS' in " + repr(message) + " else parallel.kernels(10**6)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], env={**_base_env(), **env}, capture_output=True, text=True
    )
    assert proc.returncode != 0
    assert message in proc.stderr and "must be" in proc.stderr


def _base_env():
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("COPROD_")}


@pytest.mark.parametrize("backend", ["process", "dask"])
def test_pool_workers_run_one_thread_unless_asked(backend, monkeypatch):
    from coproduction.runner import make_executor

    if backend == "dask":
        pytest.importorskip("distributed")
    monkeypatch.delenv(parallel.ENV_THREADS, raising=False)
    for asked, want in ((None, 1), (3, 3)):
        with parallel.configured(threads=asked):
            executor, close = make_executor(backend, 1)
            try:
                assert executor.submit(parallel.threads).result() == want
            finally:
                close()


def test_coprod_run_takes_threads(monkeypatch):
    from coproduction.cli import main

    monkeypatch.delenv(parallel.ENV_THREADS, raising=False)  # restored after the test
    args = ["run", "timebank", "--weeks", "3", "--set", "n_citizens=300", "--quiet", "--json"]
    with parallel.configured():
        assert main([*args, "--threads", "2"]) == 0
        assert parallel.threads() == 2
    with pytest.raises(SystemExit) as exit_:
        main([*args, "--threads", "0"])
    assert exit_.value.code == 2
