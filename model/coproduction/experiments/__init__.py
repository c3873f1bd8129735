"""Experiments at scale: experiment files, samplers, a resumable result store, runners
on any executor (serial, spawn processes, Dask) and sensitivity analysis.

Names are imported on first use so that ``import coproduction.experiments`` stays quick.
"""

from importlib import import_module

_LAZY = {
    "Experiment": ".spec",
    "load_experiment": ".spec",
    "list_experiments": ".spec",
    "parse_experiment": ".spec",
    "design_points": ".samplers",
    "salib_problem": ".samplers",
    "build_design": ".runner",
    "run_design": ".runner",
    "sweep": ".runner",
    "SerialExecutor": "..runner",
    "ResultStore": ".store",
    "open_results": ".results",
    "Results": ".results",
    "sensitivity": ".sensitivity",
}

__all__ = list(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'coproduction.experiments' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
