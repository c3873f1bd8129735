"""Compiled passes over the ties (numba), on several threads, with the bits of NumPy.

``update_ties`` replaces the NumPy form of the weekly tie update (``mechanisms.ties``)
and ``active_flags`` that of ``Graph.has_active_tie``; each gives the same bits whatever
the number of threads: the work is split by edge or by fixed blocks of citizens, each
edge's update is elementwise, float32 stays float32 and no operation is fused or
reordered (no ``fastmath``). Random numbers are not drawn here: the caller draws them
with NumPy, as before, so the random streams do not move.

Neighbour sums stay on SciPy: compiled versions of them with SciPy's bits (each sum added
in SciPy's order, the column side by blocks of citizens) were measured slower on one
core (16-21 ms against 9 ms a sum at 1e6 citizens), so they would only break even on two.
``coproduction.parallel`` decides when the kernels run and on how many threads; this
module is imported only then, so a small run never loads numba.
"""

from __future__ import annotations

import numba as nb
import numpy as np

F32 = np.float32
_JIT = {"cache": True, "nogil": True}


@nb.njit(parallel=True, **_JIT)
def update_ties(s, u, v, sociability, chance, keep, gain, draws, flags, bits, least, listed):
    """One week of the ties phase on a block of edges (``s`` written in place).

    An edge had contact when ``draws < chance * min(sociability_u, sociability_v)``, when
    its ends' ``flags`` pair up in a kind of ``bits`` (one end acts, the other can take
    part; on ties of strength at least that kind's ``least``), or when it is ``listed``.
    Then ``s *= keep``, and on contact ``s += gain * (1 - s)``: the bits of the NumPy
    form, which adds ``gain * (1 - s) * contact`` (an exact 0 without contact)."""
    for j in nb.prange(s.size):
        a, b = u[j], v[j]
        fa, fb = flags[a], flags[b]
        hit = (fa & (fb >> 1)) | (fb & (fa >> 1))
        contact = listed[j]
        for k in range(bits.size):
            if (hit & bits[k]) != 0 and s[j] >= least[k]:
                contact = True
        sa, sb = sociability[a], sociability[b]
        p = (sa if sa < sb else sb) * chance
        if draws[j] < p:
            contact = True
        kept = s[j] * keep
        if contact:
            kept = kept + (F32(1) - kept) * gain
        s[j] = kept


#: Citizens per block of ``active_flags``: fixed, so the work is split the same way
#: whatever the number of threads.
BLOCK = 1 << 14


@nb.njit(parallel=True, **_JIT)
def active_flags(ptr, v, s, threshold, out):
    """``out_i``: citizen i has a tie with strength at least ``threshold`` (the two ends of
    each such tie are set; threads only ever write True, so the result does not depend on
    their number or order)."""
    n = out.size
    out[:] = False
    for blk in nb.prange((n + BLOCK - 1) // BLOCK):
        lo = blk * BLOCK
        hi = min(lo + BLOCK, n)
        for i in range(lo, hi):
            for k in range(ptr[i], ptr[i + 1]):
                if s[k] >= threshold:
                    out[i] = True
                    out[v[k]] = True
