"""coproduction: an agent-based model of co-production in public services, built on Mesa.

The main names are imported on first use, so that ``coprod --help`` and error exits stay
quick.
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("coproduction")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

_LAZY = {
    "CoproductionModel": ".model",
    "InputError": ".errors",
    "PARAMS": ".params",
    "Params": ".params",
    "make_params": ".params",
    "list_scenarios": ".scenarios",
    "load_scenario": ".scenarios",
    "compare": ".comparison",
    "open_results": ".experiments.results",
    "sweep": ".experiments.runner",
}

__all__ = [*_LAZY, "__version__"]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'coproduction' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
