"""Running the model many times: one run specification, one way to run a list of them,
one executor factory.

A :class:`RunSpec` says what one run is (scenario, overrides, seed, weeks, and the
caller's tags: replication index, a label such as a structural switch or a run id). A
run is a function of its spec alone, so its result is the same on every backend, worker
count and batch. :func:`run_many` runs specs in order: in this process for one worker,
on a spawn process pool (DESIGN §7: forking with threads running can deadlock), or on
an executor the caller made with :func:`make_executor` (serial, process or Dask), and
returns one :class:`RunResult` per spec, in spec order.

What a caller keeps from a run is up to an **extractor**: a picklable module-level
function or frozen dataclass instance called as ``extract(model, spec)`` on the finished
model (e.g. :func:`indicator_table`). An extractor that must see the run week by week,
or change it as it goes (the validation traces), has a ``drive(model, spec)`` method
instead: the runner hands it the freshly built model and it advances the model itself
and returns what the caller keeps.
"""

from __future__ import annotations

import math
import os
import socket
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from . import parallel
from .catalogue import closest
from .errors import InputError

if TYPE_CHECKING:
    from .model import CoproductionModel

BACKENDS = ("serial", "process", "dask")


@dataclass(frozen=True)
class RunSpec:
    """One run. Built as ``CoproductionModel.from_scenario(scenario, rng=seed,
    agents=False, **overrides)``; with ``params`` (a resolved flat parameter mapping, so
    that a worker needs no scenario file) as ``CoproductionModel(rng=seed, agents=False,
    scenario_name=scenario, **params, **overrides)``. ``replication`` and ``label`` are
    the caller's tags (a structural switch's key, a sweep's run id); they do not change
    the run."""

    scenario: str
    seed: int
    weeks: int
    overrides: Mapping[str, Any] = field(default_factory=dict)
    params: Mapping[str, Any] | None = None
    replication: int = 0
    label: str = ""

    def build(self) -> CoproductionModel:
        """The model at week 0 (no Mesa agent objects: runs here only need the arrays)."""
        from .model import CoproductionModel

        if self.params is None:
            return CoproductionModel.from_scenario(
                self.scenario, rng=self.seed, agents=False, **self.overrides
            )
        return CoproductionModel(
            rng=self.seed,
            agents=False,
            scenario_name=self.scenario,
            **{**self.params, **self.overrides},
        )


@dataclass(frozen=True)
class RunResult:
    """What the extractor returned for ``spec`` (``value``), with timings and where it
    ran. With ``record_errors``, a run that raised has ``value`` None and ``error``
    (``"Type: message"``) and ``traceback`` set."""

    spec: RunSpec
    value: Any = None
    wall_s: float = math.nan
    started_at: float = math.nan
    finished_at: float = math.nan
    worker: str = ""
    error: str = ""
    traceback: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


class Extractor(Protocol):
    """Turns a finished run into what the caller keeps; see the module docstring for
    the ``drive`` form."""

    def __call__(self, model: CoproductionModel, spec: RunSpec) -> Any: ...


def indicator_table(model: CoproductionModel, spec: RunSpec):
    """The model's indicator table: one row per collected week (0..weeks)."""
    return model.indicators_dataframe()


def execute(
    spec: RunSpec, extract: Extractor = indicator_table, *, record_errors: bool = False
) -> RunResult:
    """Run one spec in this process and extract its result."""
    started = time.time()
    t0 = time.perf_counter()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    try:
        model = spec.build()
        drive = getattr(extract, "drive", None)
        if drive is not None:
            value = drive(model, spec)
        else:
            model.run(spec.weeks)
            value = extract(model, spec)
    except Exception as exc:  # noqa: BLE001 - recorded for the caller when asked to
        if not record_errors:
            raise
        return RunResult(
            spec,
            None,
            time.perf_counter() - t0,
            started,
            time.time(),
            worker,
            f"{type(exc).__name__}: {exc}",
            traceback.format_exc(),
        )
    return RunResult(spec, value, time.perf_counter() - t0, started, time.time(), worker)


def _execute_task(task: tuple[RunSpec, Extractor, bool]) -> RunResult:
    spec, extract, record_errors = task
    return execute(spec, extract, record_errors=record_errors)


def _execute_group(tasks: list[tuple[RunSpec, Extractor, bool]]) -> list[RunResult]:
    return [_execute_task(task) for task in tasks]


def seed_groups(specs: Sequence[RunSpec], workers: int) -> list[list[int]] | None:
    """The indices of ``specs`` in groups of one seed each (in order of first
    appearance), so that one worker runs a seed's runs one after another and spins up
    once, copying the spun-up state for the others (the per-process cache in
    ``CoproductionModel``); ``None`` where there are too few groups to keep ``workers``
    busy (fewer than two per worker), or nothing to share."""
    by_seed: dict[int, list[int]] = {}
    for i, spec in enumerate(specs):
        by_seed.setdefault(spec.seed, []).append(i)
    groups = list(by_seed.values())
    if len(groups) == len(specs) or len(groups) < 2 * workers:
        return None
    return groups


#: Why a spawn pool usually breaks at once, and the fix.
BROKEN_POOL_HINT = (
    "the worker processes stopped before the runs finished. Called from a script, "
    "compare() and the other multi-run functions need the script's own code under "
    '`if __name__ == "__main__":`, because each worker process imports the script '
    "afresh (the spawn start method); or pass workers=1 to run in this process."
)


def default_workers() -> int:
    """All cores."""
    return max(1, os.cpu_count() or 1)


def run_many(
    specs: Sequence[RunSpec],
    extract: Extractor = indicator_table,
    *,
    workers: int | None = 1,
    executor: Executor | None = None,
    progress: Callable[[int], Any] | None = None,
    record_errors: bool = False,
) -> list[RunResult]:
    """Run ``specs`` and return their results in spec order.

    On ``executor`` if given (the caller closes it); otherwise in this process when
    ``workers`` is 1, else on a spawn process pool of ``min(workers, len(specs))``
    processes (``None``: all cores), closed afterwards. ``progress(1)`` is called as each
    result arrives, in spec order. A run that raises stops the call, unless
    ``record_errors``: then its result carries the error and the others go on.
    """
    if workers is None:
        workers = default_workers()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError(f"--workers {workers!r}: must be a positive integer")
    tasks = [(spec, extract, record_errors) for spec in specs]
    close = None
    if executor is None and workers > 1 and len(tasks) > 1:
        executor, close = make_executor("process", min(workers, len(tasks)))
    results: list[RunResult] = []
    try:
        if executor is None or isinstance(executor, SerialExecutor):
            it: Iterable[RunResult] = map(_execute_task, tasks)  # lazily: progress per run
            groups = None
        else:
            groups = seed_groups(specs, workers)
            if groups is None:
                it = executor.map(_execute_task, tasks)
            else:  # a seed's runs on one worker; results put back in spec order below
                chunks = executor.map(_execute_group, [[tasks[i] for i in g] for g in groups])
                it = (res for chunk in chunks for res in chunk)
        for res in it:
            results.append(res)
            if progress is not None:
                progress(1)
        if groups is not None:
            order = [i for g in groups for i in g]
            placed: list[RunResult | None] = [None] * len(results)
            for i, res in zip(order, results, strict=True):
                placed[i] = res
            results = placed  # type: ignore[assignment]
    except BrokenProcessPool as exc:
        if close is not None:
            close(abort=True)
        raise RuntimeError(BROKEN_POOL_HINT) from exc
    except BaseException:
        if close is not None:
            close(abort=True)
        raise
    if close is not None:
        close()
    return results


# ------------------------------------------------------------------ executors --------
class SerialExecutor(Executor):
    """Runs each task in the calling process when it is submitted."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller via the future
            fut.set_exception(exc)
        return fut


def check_backend(backend: str, scheduler: str | None = None) -> None:
    """Refuse (InputError) a backend that cannot start, before anything is written: an
    unknown name, ``--scheduler`` without ``--backend dask``, or dask not installed (it
    is imported here, so an installation that is present but broken is caught too)."""
    if backend not in BACKENDS:
        near = closest(backend, BACKENDS) if isinstance(backend, str) else None
        hint = f"; did you mean {near}?" if near else ""
        raise InputError(f"--backend {backend!r}: must be one of {', '.join(BACKENDS)}{hint}")
    if scheduler and backend != "dask":
        raise InputError(
            f"--scheduler {scheduler!r}: only with --backend dask (the backend is {backend!r})"
        )
    if backend == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError as exc:
            raise InputError(
                f"--backend dask needs dask.distributed, which cannot be imported ({exc}): "
                "pip install 'coproduction[dask]', or use --backend process"
            ) from None


def make_executor(
    backend: str = "process", workers: int | None = None, scheduler: str | None = None
) -> tuple[Executor, Callable[..., None]]:
    """``(executor, close)`` for a backend: ``serial`` (in this process), ``process`` (a
    spawn pool of ``workers`` processes) or ``dask`` (a LocalCluster of ``workers``
    single-threaded processes, or the existing cluster at ``scheduler``). Each local worker
    runs with ``parallel.worker_threads()`` threads inside a run (1 unless asked for);
    workers of an existing cluster read ``COPROD_THREADS`` from their own environment.

    ``close(abort=True)`` stops local worker processes at once (after an interruption);
    ``close()`` lets them finish."""
    check_backend(backend, scheduler)
    workers = default_workers() if workers is None else workers
    if backend == "serial":
        return SerialExecutor(), lambda abort=False: None
    if backend == "process":
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=mp.get_context("spawn"),
            initializer=parallel.set_threads,
            initargs=(parallel.worker_threads(),),
        )

        def close_pool(abort: bool = False) -> None:
            if abort:  # interrupted: stop the workers now (unfinished work is rerun)
                for proc in list((getattr(pool, "_processes", None) or {}).values()):
                    proc.terminate()
            pool.shutdown(wait=not abort, cancel_futures=True)

        return pool, close_pool
    from distributed import Client, LocalCluster  # importable: checked above

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise InputError(
                f"--scheduler {scheduler!r}: cannot connect to a Dask scheduler ({exc})"
            ) from exc
        cluster = None
    else:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            env={parallel.ENV_THREADS: str(parallel.worker_threads())},
        )
        client = Client(cluster)

    def close(abort: bool = False) -> None:
        client.close()
        if cluster is not None:
            cluster.close()

    return client.get_executor(), close
