"""Phase 1: life shocks and slow need drift."""

from __future__ import annotations

import numpy as np

from ..phases import phase
from ._common import F32


@phase(
    reads=("citizens.need", "citizens.shock_mult"),
    writes=("citizens.need", "flows.shocks"),
)
def shocks(state, params, rng: np.random.Generator) -> None:
    """Each citizen is hit by a shock with weekly probability ``shock_prob * shock_mult``;
    a shock adds a Beta-distributed amount (mean ``shock_size_mean``, concentration 4) to
    need. Need also drifts up by ``need_drift * shock_mult`` and a share
    ``natural_recovery`` resolves by itself. Need stays in [0, 1]."""
    c = state.citizens
    u = rng.random(c.n, dtype=F32)
    hit = np.flatnonzero(u < F32(params.shock_prob) * c.shock_mult)
    mean, conc = params.shock_size_mean, 4.0
    size = rng.beta(mean * conc, (1 - mean) * conc, size=hit.size).astype(F32)
    c.need[hit] += size
    c.need *= F32(1 - params.natural_recovery)
    c.need += F32(params.need_drift) * c.shock_mult
    np.clip(c.need, 0, 1, out=c.need)
    state.flows.shocks = float(hit.size)
