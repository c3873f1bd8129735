"""Phase 6: production of need reduction from professional and citizen inputs."""

from __future__ import annotations

import numpy as np

from ..phases import phase
from ._common import F32


def ces(r: np.ndarray, c: np.ndarray, d: float, rho: float, nu: float) -> np.ndarray:
    """``(d * r**rho + (1 - d) * c**rho) ** (nu / rho)`` elementwise (Parks et al. 1981).

    rho = 1: perfect substitutes; rho -> 0: Cobb-Douglas ``r**(d nu) c**((1-d) nu)``;
    rho < 0: complements, and the output is 0 when either input is 0.
    """
    r = np.asarray(r, dtype=np.float64)
    c = np.asarray(c, dtype=np.float64)
    out = np.zeros(np.broadcast(r, c).shape)
    if abs(rho) < 1e-9:
        ok = (r > 0) & (c > 0)
        out[ok] = r[ok] ** (d * nu) * c[ok] ** ((1 - d) * nu)
        return out
    ok = ((r > 0) & (c > 0)) if rho < 0 else ((r > 0) | (c > 0))
    if ok.all():  # the usual case: no masked copies
        return (d * _power(r, rho) + (1 - d) * c**rho) ** (nu / rho)
    out[ok] = (d * r[ok] ** rho + (1 - d) * c[ok] ** rho) ** (nu / rho)
    return out


#: ``_power`` looks powers up in a table when the base holds whole numbers up to this.
POWER_TABLE_MAX = 64


def _power(x: np.ndarray, p: float) -> np.ndarray:
    """``x ** p``. When ``x`` holds only whole numbers from 0 to ``POWER_TABLE_MAX`` (as
    professional hours do: whole multiples of the hours per case), each power is computed
    once, by the same ``**``, and looked up."""
    if x.size < 4 * POWER_TABLE_MAX:
        return x**p
    lo, hi = x.min(), x.max()
    if not (lo >= 0 and hi <= POWER_TABLE_MAX):  # also false with NaN
        return x**p
    whole = x.astype(np.intp)
    if not np.array_equal(whole, x):
        return x**p
    whole -= int(lo)
    return (np.arange(int(lo), int(hi) + 1, dtype=np.float64) ** p)[whole]


def citizen_input(state, params, idx: np.ndarray | None = None) -> np.ndarray:
    """Hours of citizen input to a citizen's needs: own self-management effort
    (``self_management_hours * self_efficacy``) plus peer help, time-bank help and the
    share of co-delivery effort received (for the citizens ``idx``, or everyone)."""
    c, wk = state.citizens, state.wk
    sel = slice(None) if idx is None else idx
    return (
        F32(params.self_management_hours) * c.self_efficacy[sel]
        + wk.peer_received[sel]
        + wk.tb_received[sel]
        + wk.codelivery_benefit[sel]
    )


@phase(
    reads=(
        "citizens.need",
        "citizens.need_kind",
        "wk.prof_hours",
        "wk.peer_received",
        "wk.tb_received",
        "wk.codelivery_benefit",
        "services.fit",
    ),
    lags=("citizens.self_efficacy",),
    writes=("citizens.need",),
)
def production(state, params, rng: np.random.Generator) -> None:
    """``need -= A * fit * CES(r / r0, c / c0)`` for citizens with need, where r are
    professional hours received (reactive, preventive, coaching), c citizen input hours,
    fit the fit of the service for the citizen's need kind, and r0, c0 the reference
    inputs (``production_ref_prof_hours``, ``production_ref_citizen_hours``) of the
    normalised CES: ``production_rho`` changes how the inputs substitute, not how
    productive they are at the reference point."""
    c, wk, sv = state.citizens, state.wk, state.services
    touched = c.need > 0
    if params.production_rho < 1e-9:
        # complements or Cobb-Douglas: no output without professional hours, so only the
        # citizens who received some are computed
        touched &= wk.prof_hours > 0
    idx = np.flatnonzero(touched)
    r = wk.prof_hours[idx]
    cin = citizen_input(state, params, idx)
    # normalised CES (Klump et al. 2012): inputs relative to the reference inputs, so at
    # the reference point the output is production_scale * fit whatever the elasticity
    q = ces(
        r / params.production_ref_prof_hours,
        cin / params.production_ref_citizen_hours,
        params.production_share,
        params.production_rho,
        params.production_nu,
    )
    q *= params.production_scale * sv.fit[c.need_kind[idx]]
    c.need[idx] = np.maximum(c.need[idx] - q.astype(F32), F32(0))
