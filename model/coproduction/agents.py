"""Mesa agents that are thin views onto the model's arrays.

``Citizen``, ``Professional`` and ``Service`` subclass ``mesa.Agent`` so that Mesa's
tools (AgentSet, DataCollector, SolaraViz) work at teaching sizes; every attribute reads
and writes the underlying NumPy column, which stays the single source of truth::

    model.agents_by_type[Citizen].agg("wellbeing", np.mean)
    model.agents_by_type[Citizen].to_list()[0].need = 0.9   # writes citizens.need[0]
"""

from __future__ import annotations

import mesa
import numpy as np

from .codes import NeedKind
from .state import CITIZEN_SCHEMA, PROFESSIONAL_SCHEMA


def _view(group: str, column: str, doc: str = ""):
    def get(self):
        return getattr(getattr(self.model.state, group), column)[self.index].item()

    def set_(self, value):
        arr = getattr(getattr(self.model.state, group), column)
        arr[self.index] = np.asarray(value).astype(arr.dtype)

    return property(get, set_, doc=doc or f"View of ``state.{group}.{column}[index]``.")


class Citizen(mesa.Agent):
    """A citizen: ``index`` is the row in the citizen arrays (``citizen_id`` in outputs)."""

    def __init__(self, model, index: int):
        super().__init__(model)
        self.index = int(index)

    @property
    def neighbours(self) -> np.ndarray:
        """Citizen ids of this citizen's ties (active or not)."""
        g = self.model.state.graph
        return g.indices[g.indptr[self.index] : g.indptr[self.index + 1]].copy()


for _c in CITIZEN_SCHEMA:
    if _c.shown:
        setattr(Citizen, _c.name, _view("citizens", _c.name, f"{_c.meaning} ({_c.range_text})."))


class Professional(mesa.Agent):
    """A professional post: ``index`` is the row in the professional arrays."""

    def __init__(self, model, index: int):
        super().__init__(model)
        self.index = int(index)


for _c in PROFESSIONAL_SCHEMA:
    if _c.name != "resilience":  # a trait of the post-holder drawn once, not shown
        setattr(Professional, _c.name, _view("professionals", _c.name, f"{_c.meaning}."))


class Service(mesa.Agent):
    """A service (one per need kind): budget weight, fit, community ownership, credits."""

    def __init__(self, model, index: int):
        super().__init__(model)
        self.index = int(index)

    @property
    def name(self) -> str:
        return NeedKind(self.index).label


for _col, _arr in (
    ("budget_weight", "weight"),
    ("fit", "fit"),
    ("ownership", "ownership"),
    ("credits", "credits"),
):
    setattr(Service, _col, _view("services", _arr))

del _c, _col, _arr
