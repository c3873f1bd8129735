"""Running an experiment's design into a result store, on any executor.

The core, :func:`run_design`, takes any ``concurrent.futures.Executor`` (from
:func:`coproduction.runner.make_executor`: a spawn process pool, Dask's
``Client.get_executor()``, or a ``SerialExecutor``). Runs are grouped into batches, one
task each, so the per-task cost (pickling, scheduling) is paid once per batch; at most
``inflight`` batches are outstanding at a time, so the driver's memory does not grow
with the number of runs. Each finished batch is written to the store at once; a run
that raises is recorded as failed (with its traceback) and the others go on. Inside a
batch the runs go through :func:`coproduction.runner.run_many` with the
:class:`SweepOutputs` extractor, like every other caller's runs. A run's results depend
only on its parameters and seed, never on the backend, the batch it lands in or the
order of completion.
"""

from __future__ import annotations

import hashlib
import math
import os
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..model import spinup_factors
from ..runner import RunSpec, check_backend, make_executor, run_many
from .samplers import design_points
from .spec import Experiment
from .store import ResultStore, run_id


class InjectedFailure(RuntimeError):
    """Raised inside a worker for a run listed in ``fail_run_ids`` (a documented hook to
    test how failures are recorded and retried)."""


# ------------------------------------------------------------------ design ------------
def build_design(exp: Experiment) -> pd.DataFrame:
    """Every run of the experiment: one row per (point, replication), with its run id."""
    points = design_points(exp)
    names = [f.name for f in exp.factors]
    rows = []
    label = f"{exp.scenario} versus {exp.versus}" if exp.versus else exp.scenario
    for rec in points.to_dict(orient="records"):
        values = {k: rec[k] for k in names}
        params: dict[str, Any] = {**exp.base_params, **values}
        if exp.versus:  # a paired run: both parameter sets decide its results
            params = {"scenario": params, "versus": {**exp.versus_params, **values}}
        for r in range(exp.replications):
            seed = exp.seed + r
            rows.append(
                {
                    "run_id": run_id(label, params, exp.weeks, seed, r, int(rec["point"])),
                    "point": int(rec["point"]),
                    "replication": r,
                    "seed": seed,
                    "scenario": exp.scenario,
                    **values,
                }
            )
    return pd.DataFrame(rows)


def experiment_meta(exp: Experiment) -> dict[str, Any]:
    return {
        "kind": "sweep",
        "name": exp.name,
        "description": exp.description,
        "source": exp.source,
        "fingerprint": exp.fingerprint(),
        "factors": [f.name for f in exp.factors],
        "outputs": list(exp.output_columns),
        # with versus, every output is a paired difference, scenario - versus
        "versus": exp.versus,
        "command_line": exp.command_line,
        "spec": exp.to_dict(),
    }


# ------------------------------------------------------------------ worker ------------
def summaries(df: pd.DataFrame, indicators: Sequence[str], kinds: Sequence[str]) -> dict:
    """Summary values of one run's indicator table: ``<indicator>__<kind>`` where kind is
    ``final`` (last week), ``mean_last_year`` (mean of the last 52 weeks, NaN weeks
    ignored) or ``cumulative`` (sum over weeks 1..end)."""
    from ..comparison import final_year  # lazily: workers need not import scipy.stats

    out: dict[str, float] = {}
    fy = final_year(df)
    body = df[df["week"] > 0]
    for name in indicators:
        for kind in kinds:
            if kind == "final":
                v = float(df[name].iloc[-1])
            elif kind == "mean_last_year":
                col = fy[name].to_numpy(dtype=float)
                v = float(np.nanmean(col)) if np.isfinite(col).any() else math.nan
            else:
                v = float(np.nansum(body[name].to_numpy(dtype=float)))
            out[f"{name}__{kind}"] = v
    return out


@dataclass(frozen=True)
class SweepOutputs:
    """Extractor for one sweep run: its summary values (see :func:`summaries`) and, with
    ``trajectories``, its indicators week by week. A run whose spec label (the run id) is
    in ``fail_run_ids`` raises :class:`InjectedFailure` before it starts."""

    indicators: tuple[str, ...]
    kinds: tuple[str, ...]
    trajectories: bool
    fail_run_ids: frozenset[str] = frozenset()

    def drive(self, model, spec: RunSpec) -> tuple[dict[str, float], pd.DataFrame | None]:
        if spec.label in self.fail_run_ids:
            raise InjectedFailure(f"run {spec.label} listed in fail_run_ids")
        model.run(spec.weeks)
        return self(model, spec)

    def __call__(self, model, spec: RunSpec) -> tuple[dict[str, float], pd.DataFrame | None]:
        df = model.indicators_dataframe()
        traj = None
        if self.trajectories:
            traj = df[["week", *self.indicators]].copy()
            traj["week"] = traj["week"].astype("int32")
            traj.insert(0, "run_id", spec.label)
        return summaries(df, self.indicators, self.kinds), traj


def run_batch(task: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Run one batch in a worker. Returns (runs rows, trajectories or None).

    ``task``: base params, weeks, scenario name, indicators, summaries, trajectories
    flag, the runs ``[(run_id, factor values, seed), ...]`` and ``fail_run_ids``. With
    ``versus`` (a scenario name) and ``versus_params``, each run also runs the versus
    scenario at the same seed and factor values, right after it (so the two share a
    spun-up state), and its outputs and trajectories are the differences, scenario -
    versus; the versus level of each output is kept as ``versus__<output>``. A pair
    fails if either of its runs fails.
    """
    versus = task.get("versus")
    specs = []
    for rid, values, seed in task["runs"]:
        specs.append(
            RunSpec(task["scenario"], seed, task["weeks"], values, params=task["base_params"],
                    label=rid)
        )  # fmt: skip
        if versus:
            specs.append(
                RunSpec(versus, seed, task["weeks"], values, params=task["versus_params"],
                        label=f"{rid}/versus")
            )  # fmt: skip
    extract = SweepOutputs(
        tuple(task["indicators"]),
        tuple(task["summaries"]),
        task["trajectories"],
        frozenset(task["fail_run_ids"]),
    )
    results = run_many(specs, extract, workers=1, record_errors=True)
    if versus:
        pairs = list(zip(results[::2], results[1::2], strict=True))
    else:
        pairs = [(r, None) for r in results]
    rows, frames = [], []
    for res, ref in pairs:
        row: dict[str, Any] = {
            "run_id": res.spec.label,
            "worker": res.worker,
            "started_at": res.started_at,
        }
        bad = res if not res.ok else ref if ref is not None and not ref.ok else None
        if bad is None:
            values, traj = res.value
            if ref is not None:
                ref_values, ref_traj = ref.value
                values = {
                    **{k: v - ref_values[k] for k, v in values.items()},
                    **{f"versus__{k}": v for k, v in ref_values.items()},
                }
                if traj is not None:
                    cols = list(task["indicators"])
                    traj = traj.copy()
                    traj[cols] = traj[cols].to_numpy() - ref_traj[cols].to_numpy()
            row.update(status="done", error="", traceback="")
            row.update(values)
            if traj is not None:
                frames.append(traj)
        else:
            which = "" if bad is res else f"the {versus} run of the pair: "
            row.update(status="failed", error=which + bad.error, traceback=bad.traceback)
        row["wall_s"] = res.wall_s + (ref.wall_s if ref is not None else 0.0)
        row["finished_at"] = (ref or res).finished_at
        rows.append(row)
    runs = pd.DataFrame(rows)
    for col in _output_columns(task):
        if col not in runs:
            runs[col] = math.nan
    traj = pd.concat(frames, ignore_index=True) if frames else None
    return runs, traj


def _output_columns(task: dict[str, Any]) -> list[str]:
    """Every summary column a batch's runs table has (with ``versus``, the versus levels too)."""
    cols = [f"{i}__{k}" for i in task["indicators"] for k in task["summaries"]]
    return cols + ([f"versus__{c}" for c in cols] if task.get("versus") else [])


def _failed_batch(task: dict[str, Any], exc: BaseException) -> pd.DataFrame:
    """Rows for a batch whose task died as a whole (e.g. a worker process was killed)."""
    now = time.time()
    tb = "".join(traceback.format_exception(exc))
    rows = [
        {
            "run_id": rid,
            "worker": "",
            "started_at": now,
            "status": "failed",
            "error": f"batch failed: {type(exc).__name__}: {exc}",
            "traceback": tb,
            "wall_s": math.nan,
            "finished_at": now,
        }
        for rid, _, _ in task["runs"]
    ]
    runs = pd.DataFrame(rows)
    for col in _output_columns(task):
        runs[col] = math.nan
    return runs


# ------------------------------------------------------------------ driver ------------
def pending_runs(store: ResultStore, retry_failed: bool = False) -> pd.DataFrame:
    """Design rows still to run: never finished, or failed when ``retry_failed``."""
    design = store.design()
    status = store.latest_status()
    skip = {"done"} if retry_failed else {"done", "failed"}
    return design[[status.get(r) not in skip for r in design["run_id"]]]


def default_batch_size(n_runs: int, workers: int) -> int:
    """About four batches per worker, at most 25 runs each: small enough to balance the
    load and to lose little on a crash, large enough to amortise per-task overhead."""
    return max(1, min(25, math.ceil(n_runs / (4 * max(1, workers)))))


def spinup_order(todo: pd.DataFrame, factors: Sequence[str]) -> pd.DataFrame:
    """``todo`` with the runs that share a spun-up state next to each other: by seed,
    then by the factors that are not policy levers (the spin-up runs under the
    reference levers, so it depends on the seed and the other parameters only), then
    by point. A worker then spins up once per seed and setting and copies the state for
    the other runs of its batch (``CoproductionModel``'s per-process cache) instead of
    spinning up again whenever more seeds than its cache holds come round. Every run is
    a pure function of its spec, so the order changes no result."""
    keys = ["seed", *spinup_factors(factors), "point", "replication"]
    return todo.sort_values([k for k in keys if k in todo.columns], kind="stable")


def _batches(todo: pd.DataFrame, factors: Sequence[str], size: int) -> Iterable[list]:
    """Batches of ``size`` runs in ``spinup_order``, a group of runs that share a
    spun-up state kept whole in one batch where it fits (a batch is closed early for
    it); a group larger than a batch fills batches in turn."""
    ordered = spinup_order(todo, factors)
    shared = ["seed", *spinup_factors(factors)]
    batch: list = []
    for _, group in ordered.groupby(shared, sort=False, dropna=False):
        runs = [
            (r["run_id"], {f: _py(r[f]) for f in factors}, int(r["seed"]))
            for r in group.to_dict(orient="records")
        ]
        if batch and len(batch) + len(runs) > size and len(runs) <= size:
            yield batch
            batch = []
        for run in runs:
            batch.append(run)
            if len(batch) == size:
                yield batch
                batch = []
    if batch:
        yield batch


def _py(v: Any) -> Any:
    return v.item() if hasattr(v, "item") else v


def run_design(
    exp: Experiment,
    store: ResultStore,
    executor: Executor,
    *,
    batch_size: int,
    inflight: int = 4,
    retry_failed: bool = False,
    fail_run_ids: Iterable[str] = (),
    progress: Callable[[int, int], Any] | None = None,
) -> dict[str, int]:
    """Run the design's pending runs on ``executor``, writing each batch as it finishes.

    ``progress(done, failed)`` is called after each batch with that batch's counts.
    ``fail_run_ids``: runs made to fail with :class:`InjectedFailure` (for tests).
    Returns counts of runs done and failed in this call.
    """
    factors = [f.name for f in exp.factors]
    todo = pending_runs(store, retry_failed)
    common = {
        "base_params": exp.base_params,
        "weeks": exp.weeks,
        "scenario": exp.scenario,
        "indicators": list(exp.indicators),
        "summaries": list(exp.summaries),
        "trajectories": exp.trajectories,
        "fail_run_ids": frozenset(fail_run_ids),
        "versus": exp.versus,
        "versus_params": exp.versus_params,
    }
    counts = {"done": 0, "failed": 0}
    batches = iter(_batches(todo, factors, batch_size))
    running: dict[Future, tuple[str, dict]] = {}

    def submit_next() -> bool:
        runs = next(batches, None)
        if runs is None:
            return False
        name = store.next_batch_name()
        task = {**common, "runs": runs}
        store.record_attempt(name, [r[0] for r in runs])
        running[executor.submit(run_batch, task)] = (name, task)
        return True

    try:
        while len(running) < inflight and submit_next():
            pass
        while running:
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for fut in finished:
                name, task = running.pop(fut)
                try:
                    runs, traj = fut.result()
                except Exception as exc:  # noqa: BLE001 - the whole task died
                    runs, traj = _failed_batch(task, exc), None
                store.write_batch(name, runs, traj)
                ok = int((runs["status"] == "done").sum())
                counts["done"] += ok
                counts["failed"] += len(runs) - ok
                if progress is not None:
                    progress(ok, len(runs) - ok)
                submit_next()
    finally:
        for fut in running:
            fut.cancel()
    return counts


def sweep(
    experiment: str | Experiment,
    out: str | os.PathLike,
    *,
    backend: str = "process",
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int | None = None,
    retry_failed: bool = False,
    fail_run_ids: Iterable[str] = (),
    progress: Callable[[int, int], Any] | None = None,
    start: Callable[[int, int], Any] | None = None,
) -> dict[str, Any]:
    """Run (or resume) an experiment into the result store ``out``.

    ``start(total, pending)`` is called once the store is open. Returns a summary with
    the counts of this call and of the whole store.
    """
    from .spec import load_experiment

    exp = experiment if isinstance(experiment, Experiment) else load_experiment(experiment)
    workers = workers or (os.cpu_count() or 1)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError(f"--workers {workers!r}: must be a positive integer")
    check_backend(backend, scheduler)  # before the store is created
    design = build_design(exp)
    t0 = time.perf_counter()
    with ResultStore.open(out, experiment_meta(exp), design, exp.text) as store:
        todo = pending_runs(store, retry_failed)
        if start is not None:
            start(len(design), len(todo))
        size = batch_size or default_batch_size(len(todo), workers)
        counts = {"done": 0, "failed": 0}
        if len(todo):
            executor, close = make_executor(backend, workers, scheduler)
            try:
                counts = run_design(
                    exp,
                    store,
                    executor,
                    batch_size=size,
                    inflight=2 * workers,
                    retry_failed=retry_failed,
                    fail_run_ids=fail_run_ids,
                    progress=progress,
                )
            except BaseException:  # Ctrl-C, SIGTERM (as SystemExit) or a failure
                close(abort=True)
                raise
            close()
        status = store.latest_status()
    values = list(status.values())
    return {
        "experiment": exp.name,
        "command_line": exp.command_line,
        "out": str(out),
        "runs": len(design),
        "this_call": counts,
        "done": values.count("done"),
        "failed": values.count("failed"),
        "pending": len(design) - len(values),
        "batch_size": size,
        "backend": backend,
        "workers": workers,
        "wall_s": time.perf_counter() - t0,
    }


# ------------------------------------------------------------------ compare -----------
def store_comparison(path, traj: pd.DataFrame, reps: pd.DataFrame, info: dict) -> None:
    """Write a ``coprod compare`` result into ``path`` (a fresh folder) in the result
    store's layout, so ``coprod results`` and ``open_results`` read it too: one run per
    (scenario, replication), summary columns ``<indicator>__mean_last_year``."""
    from pathlib import Path

    from .. import indicators as ind
    from ..outputs import dumps, provenance, write_text
    from .store import DESIGN, META, PARTS, write_parquet

    path = Path(path)
    names = [n for n in ind.NAMES if n != "week"]
    resolved = info["resolved"]
    ids = {
        (scen, rep): run_id(scen, resolved[scen].params.to_dict(), info["weeks"], seed, rep)
        for scen, rep, seed in reps[["scenario", "replication", "seed"]].itertuples(index=False)
    }
    design = reps[["scenario", "replication", "seed"]].copy()
    design.insert(
        0, "run_id", [ids[k] for k in zip(reps["scenario"], reps["replication"], strict=True)]
    )
    design.insert(1, "point", [list(resolved).index(s) for s in reps["scenario"]])
    now = time.time()
    runs = pd.DataFrame(
        {
            "run_id": design["run_id"],
            "worker": "",
            "started_at": now,
            "status": "done",
            "error": "",
            "traceback": "",
            "wall_s": info.get("run_s", [math.nan] * len(reps)),
            "finished_at": now,
        }
    )
    for n in names:
        runs[f"{n}__mean_last_year"] = reps[n].to_numpy()
    t = traj.merge(design[["run_id", "scenario", "replication"]], on=["scenario", "replication"])
    t = t[["run_id", "week", *names]]
    for part in PARTS:
        (path / part).mkdir()
    write_parquet(design, path / DESIGN)
    write_parquet(
        design[["run_id"]].assign(batch="compare", submitted_at=now),
        path / "attempts" / "compare.parquet",
    )
    write_parquet(t, path / "trajectories" / "compare.parquet")
    write_parquet(runs, path / "runs" / "compare.parquet")
    meta = {
        "kind": "compare",
        "name": "compare " + " ".join(resolved),
        "description": "",
        "fingerprint": hashlib.sha256(dumps(sorted(ids.values())).encode()).hexdigest()[:16],
        "factors": [],
        "outputs": [f"{n}__mean_last_year" for n in names],
        "spec": {
            "scenarios": list(resolved),
            "replications": info["replications"],
            "weeks": info["weeks"],
            "seed": info["seed"],
            "overrides": info["overrides"],
            "outputs": {"indicators": names, "summaries": ["mean_last_year"], "trajectories": True},
        },
    }
    write_text(path / META, dumps({**meta, "provenance": provenance()}))
