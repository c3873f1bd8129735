"""The weekly phases, in the order they run. Each is ``phase(state, params, rng)``: it
updates the state in place, reads nothing else and returns nothing."""

from ..indicators import indicators
from .allocation import allocation
from .codelivery import codelivery
from .commissioning import commissioning
from .crises import crises
from .evaluation import evaluation
from .peer_support import peer_support
from .production import production
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
    ("indicators", indicators),
)

__all__ = ["PHASES"]
