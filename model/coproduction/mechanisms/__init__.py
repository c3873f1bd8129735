"""The weekly phases, in the order they run. Each is ``phase(state, params, rng)``: it
updates the state in place and returns nothing, and it declares (``@phase``) which fields
of the state it reads, reads as last week's value, and writes (see
``coproduction.phases``). The indicators are not a phase: they observe the state after
the last phase and write nothing."""

from .allocation import allocation
from .codelivery import codelivery
from .commissioning import commissioning
from .crises import crises
from .evaluation import evaluation
from .peer_support import peer_support
from .production import production
from .records import records
from .shocks import shocks
from .ties import ties
from .wellbeing import wellbeing
from .workforce import workforce

#: (name, function) in weekly order. Replace an entry to swap a mechanism (docs/extending.md).
PHASES = (
    ("shocks", shocks),
    ("commissioning", commissioning),
    ("allocation", allocation),
    ("peer_support", peer_support),
    ("codelivery", codelivery),
    ("production", production),
    ("crises", crises),
    ("wellbeing", wellbeing),
    ("workforce", workforce),
    ("ties", ties),
    ("evaluation", evaluation),
    ("records", records),
)


def replace_phase(phases, name: str, fn):
    """``phases`` with the phase called ``name`` replaced by ``fn`` (same name, so the
    same random stream)."""
    names = [n for n, _ in phases]
    if name not in names:
        raise KeyError(f"no phase {name!r}; phases: {', '.join(names)}")
    return tuple((n, fn if n == name else f) for n, f in phases)


def insert_phase(phases, after: str, name: str, fn):
    """``phases`` with ``(name, fn)`` inserted after the phase called ``after``."""
    names = [n for n, _ in phases]
    if after not in names:
        raise KeyError(f"no phase {after!r}; phases: {', '.join(names)}")
    i = names.index(after) + 1
    return (*phases[:i], (name, fn), *phases[i:])


__all__ = ["PHASES", "insert_phase", "replace_phase"]
