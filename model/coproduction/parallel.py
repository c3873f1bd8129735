"""Threads inside a run: when the compiled kernels run, and on how many threads.

For graphs of at least ``KERNEL_MIN_CITIZENS`` citizens the weekly tie update and the
test of who has an active tie run as numba kernels (``coproduction.kernels``) on
``threads()`` threads, and with two or more threads a neighbour sum's two sparse
products (``U @ x`` and ``U.T @ x``) run at once, as do two halves of the indicators.
Below that size, when numba is not installed, or with ``COPROD_KERNELS=numpy``, those
passes run in NumPy. Every path and every thread count gives the same bits
(``tests/test_kernels.py``), so the choice changes speed, never a result.

The thread count is ``--threads`` on the command line, ``set_threads(n)`` in Python, or
the ``COPROD_THREADS`` environment variable; by default all cores for a run in this
process, and one per worker process in sweeps and comparisons (the pools set it).
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager, suppress

from .errors import InputError

#: Smallest graph (citizens) for which the kernels run: below it a step is bound by call
#: overhead, and loading numba (about half a second) would cost more than it saves.
KERNEL_MIN_CITIZENS = 50_000
ENV_THREADS = "COPROD_THREADS"
ENV_KERNELS = "COPROD_KERNELS"

_settings: dict = {"threads": None, "kernels": None, "min_citizens": KERNEL_MIN_CITIZENS}
_module = None
_helper = None


def cores() -> int:
    """Cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_threads(n, where: str = "--threads") -> int:
    """``n`` as a positive integer, or ``InputError`` naming ``where``."""
    if isinstance(n, str):
        with suppress(ValueError):
            n = int(n)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InputError(f"{where} {n!r}: must be a positive integer (threads in one run)")
    return n


def chosen_threads() -> int | None:
    """The thread count asked for (``set_threads``, else ``COPROD_THREADS``), or ``None``."""
    if _settings["threads"] is not None:
        return _settings["threads"]
    env = os.environ.get(ENV_THREADS)
    return check_threads(env, f"{ENV_THREADS}=") if env else None


def threads() -> int:
    """Threads a run in this process uses: ``set_threads``, else ``COPROD_THREADS``, else
    all cores."""
    return chosen_threads() or cores()


def worker_threads() -> int:
    """Threads for each worker process of a pool: as asked for, else 1 (the workers
    already share the cores)."""
    return chosen_threads() or 1


def set_threads(n: int | None) -> None:
    """Use ``n`` threads in runs in this process (``None``: back to the default)."""
    _settings["threads"] = None if n is None else check_threads(n)
    if _module is not None:
        _apply_threads()


def _apply_threads() -> None:
    import numba

    numba.set_num_threads(min(threads(), numba.config.NUMBA_NUM_THREADS))


def kernels_wanted() -> bool:
    """Whether the kernels may run at all: numba importable and not switched off."""
    if _settings["kernels"] is not None:
        return _settings["kernels"]
    mode = os.environ.get(ENV_KERNELS, "").strip().lower()
    if mode not in ("", "numba", "numpy"):
        raise InputError(f"{ENV_KERNELS}={mode!r}: must be 'numba' or 'numpy'")
    if mode == "numpy":
        return False
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


def _off_main_thread() -> bool:
    return threading.current_thread() is not threading.main_thread()


def kernels(n_citizens: int):
    """The kernels module for a graph of ``n_citizens``, or ``None`` where NumPy runs: a
    small graph, kernels off, or a call from a thread other than the main one (numba's
    default thread pool must not be entered from two threads at once)."""
    global _module
    if n_citizens < _settings["min_citizens"] or _off_main_thread() or not kernels_wanted():
        return None
    if _module is None:
        from . import kernels as module

        _module = module
        _apply_threads()
    return _module


def helper(n_citizens: int):
    """A one-thread executor for work done beside the main thread on a graph of
    ``n_citizens``, or ``None``: one thread asked for, a small graph, or a call from
    another thread (work on the helper never waits for the helper)."""
    global _helper
    if n_citizens < _settings["min_citizens"] or threads() < 2 or _off_main_thread():
        return None
    if _helper is None:
        from concurrent.futures import ThreadPoolExecutor

        _helper = ThreadPoolExecutor(1, thread_name_prefix="coproduction")
    return _helper


@contextmanager
def configured(*, kernels: bool | None = None, threads: int | None = None, min_citizens=None):
    """Within the block: kernels on or off (``None``: as outside), ``threads`` threads,
    and the kernels from ``min_citizens`` citizens. For tests and benchmarks."""
    saved = dict(_settings)
    try:
        if kernels is not None:
            _settings["kernels"] = kernels
        if min_citizens is not None:
            _settings["min_citizens"] = min_citizens
        if threads is not None:
            set_threads(threads)
        yield
    finally:
        _settings.update(saved)
        if _module is not None:
            _apply_threads()
