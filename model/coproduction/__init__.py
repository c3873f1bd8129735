"""coproduction: an agent-based model of co-production in public services, built on Mesa."""

from importlib.metadata import PackageNotFoundError, version

from .errors import InputError
from .model import CoproductionModel
from .params import PARAMS, Params, make_params
from .scenarios import list_scenarios, load_scenario

try:
    __version__ = version("coproduction")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"


def compare(*args, **kwargs):
    """Compare scenarios over replications; see :func:`coproduction.compare.compare`."""
    from .compare import compare as _compare

    return _compare(*args, **kwargs)


__all__ = [
    "PARAMS",
    "CoproductionModel",
    "InputError",
    "Params",
    "compare",
    "list_scenarios",
    "load_scenario",
    "make_params",
    "__version__",
]
