"""The social graph: undirected weighted ties stored once per edge, as CSR arrays.

Citizens are indexed ``0..N-1`` in neighbourhood order. Each undirected edge is kept
once, sorted by ``(u, v)`` with ``u < v``, as a CSR matrix over the upper triangle whose
data buffer is the edge strengths themselves, so neighbour sums are two sparse
matrix-vector products and no copy is refreshed weekly.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from . import network as network_mod
from . import parallel

F32 = np.float32
#: Edges per block in per-edge loops (``Graph.blocks``): 128k float32 = 512 KiB.
EDGE_BLOCK = 1 << 17


class Graph:
    """Undirected weighted graph stored once per edge, in CSR form over the upper triangle.

    Edges are kept sorted by ``(u, v)`` with ``u < v``, so ``v`` doubles as the column
    index and ``ptr`` (length n + 1) as the row pointer of the upper-triangular matrix U
    whose data buffer *is* ``strength`` (no copy, nothing to refresh). Neighbour sums are
    ``U @ x + U.T @ x``. Per citizen at mean degree 8 this costs 4 edges x (4 + 4 + 4)
    bytes plus 4 bytes of row pointer: 52 bytes, against about 180 for a two-way CSR with
    an edge-id map. The two-way CSR (``indptr``, ``indices``, ``eid``) is built on demand
    for callers that want each citizen's full neighbour list (agents, drawing).
    """

    def __init__(self, n: int, u: np.ndarray, v: np.ndarray, strength: np.ndarray):
        self.n = n
        self.u = np.ascontiguousarray(u, dtype=np.int32)
        self.v = np.ascontiguousarray(v, dtype=np.int32)
        self.strength = np.ascontiguousarray(strength, dtype=F32)
        self.ptr = np.zeros(n + 1, dtype=_index_dtype(self.u.size))
        np.cumsum(np.bincount(self.u, minlength=n), out=self.ptr[1:])
        self._rebuild()

    def __deepcopy__(self, memo) -> Graph:
        """A copy whose sparse matrix shares the copy's own strength buffer (a plain deep
        copy would give the matrix a separate copy of the strengths)."""
        new = Graph.__new__(Graph)
        memo[id(self)] = new
        new.n = self.n
        new.u, new.v, new.strength = self.u.copy(), self.v.copy(), self.strength.copy()
        new.ptr = self.ptr.copy()
        new._rebuild()
        if self._degree is not None:
            new._degree = self._degree.copy()
        return new

    def _rebuild(self) -> None:
        """Point the sparse matrix at the current arrays and drop derived caches."""
        if self.ptr.dtype != _index_dtype(self.u.size):
            self.ptr = self.ptr.astype(_index_dtype(self.u.size))
        cols = self.v.astype(self.ptr.dtype, copy=False)
        self.matrix = sp.csr_matrix(
            (self.strength, cols, self.ptr), shape=(self.n, self.n), copy=False
        )
        # its transpose, made once: a CSC view over the same three arrays (strengths
        # written in place show in both), not a new object every neighbour sum
        self.matrix_t = self.matrix.T
        self._full = None
        self._degree = None
        self.refresh()

    @property
    def n_edges(self) -> int:
        return int(self.u.size)

    def blocks(self, size: int = EDGE_BLOCK):
        """``(lo, hi)`` bounds of consecutive edge blocks: per-edge work done a block at a
        time keeps its temporaries in cache and small (memory per citizen at scale)."""
        m = self.u.size
        return ((lo, min(lo + size, m)) for lo in range(0, m, size))

    def drop_caches(self) -> None:
        """Drop every derived value (strength sums, degrees, the two-way CSR); each is
        recomputed when next needed."""
        self._full = None
        self._degree = None
        self._strength_sum = None

    def refresh(self) -> None:
        """Say that edge strengths were written: drops cached strength sums. (The sparse
        matrix reads ``strength`` itself, so nothing is copied.)"""
        self._strength_sum = None

    def neighbour_sum(self, x: np.ndarray) -> np.ndarray:
        """``sum_j strength_ij * x_j`` for every citizen i (float32)."""
        x = x.astype(F32, copy=False)
        beside = parallel.helper(self.n)  # SciPy releases the GIL in the products
        other = None if beside is None else beside.submit(self.matrix_t.__matmul__, x)
        out = self.matrix @ x
        out += self.matrix_t @ x if other is None else other.result()
        return out.astype(F32, copy=False)

    def strength_sum(self) -> np.ndarray:
        """Total tie strength of every citizen (``neighbour_sum`` of ones), cached until
        the strengths change (``refresh``) or edges are added."""
        if self._strength_sum is None:
            self._strength_sum = self.neighbour_sum(np.ones(self.n, dtype=F32))
        return self._strength_sum

    def _row_search(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """For each pair, the position in the edge arrays of the first edge ``(a_i, w)``
        with ``w >= b_i`` (bisection within row ``a_i``, all pairs at once)."""
        lo = self.ptr[a].astype(np.int64)
        hi = self.ptr[a + 1].astype(np.int64)
        while True:
            go = lo < hi
            if not go.any():
                return lo
            mid = (lo + hi) // 2
            right = go & (self.v[np.minimum(mid, self.v.size - 1)] < b)
            lo = np.where(right, mid + 1, lo)
            hi = np.where(go & ~right, mid, hi)

    def find(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Edge id of each pair (a_i, b_i), or -1 where the two are not connected."""
        a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        if self.v.size == 0 or lo.size == 0:
            return np.full(lo.size, -1, dtype=np.int64)
        pos = self._row_search(lo, hi)
        end = self.ptr[lo + 1]
        hit = (pos < end) & (self.v[np.minimum(pos, self.v.size - 1)] == hi) & (lo != hi)
        return np.where(hit, pos, -1)

    def add_edges(self, u: np.ndarray, v: np.ndarray, strength: float) -> int:
        """Add new undirected edges (duplicates of existing ones are ignored); returns how
        many were added. Each new edge is inserted at its place in ``(u, v)`` order, so
        the ids of later edges shift up; no sort of the whole graph is needed."""
        if u.size == 0:
            return 0
        nu, nv = network_mod.canonical_edges(u, v, self.n)
        fresh = self.find(nu, nv) < 0
        if not fresh.any():
            return 0
        nu, nv = nu[fresh], nv[fresh]
        pos = self._row_search(nu.astype(np.int64), nv.astype(np.int64))
        # the matrix holds v and strength: let each old array go as soon as it is replaced
        self.matrix = self.matrix_t = None
        self.u = np.insert(self.u, pos, nu)
        self.v = np.insert(self.v, pos, nv)
        self.strength = np.insert(self.strength, pos, F32(strength))
        self.ptr = self.ptr.astype(_index_dtype(self.u.size), copy=False)
        self.ptr[1:] += np.cumsum(np.bincount(nu, minlength=self.n), dtype=self.ptr.dtype)
        degree = self._degree
        self._rebuild()
        if degree is not None:  # the new ties added to the cached degree (no recount)
            np.add.at(degree, nu, 1)
            np.add.at(degree, nv, 1)
            self._degree = degree
        return int(nu.size)

    def active_degree(self, threshold: float) -> np.ndarray:
        """Number of ties with strength at or above ``threshold`` per citizen (int32)."""
        active = self.strength >= F32(threshold)
        deg = np.bincount(self.u[active], minlength=self.n)
        deg += np.bincount(self.v[active], minlength=self.n)
        return deg.astype(np.int32, copy=False)

    def degree(self) -> np.ndarray:
        """Number of ties of every citizen (int32), cached until edges are added."""
        if self._degree is None:
            deg = np.diff(self.ptr).astype(np.int32, copy=False)
            for lo, hi in self.blocks(size=EDGE_BLOCK * 8):  # no count array over all N
                ends, count = np.unique(self.v[lo:hi], return_counts=True)
                deg[ends] += count.astype(np.int32)
            self._degree = deg
        return self._degree

    def has_active_tie(self, threshold: float) -> np.ndarray:
        """Whether each citizen has at least one tie at or above ``threshold`` (bool).

        Counted from the other side: a citizen has an active tie when they have more ties
        than ties below the threshold. Most ties are active, so only the few weak ones are
        gathered and counted, then compared with the (cached) degree. When weak ties are
        many, a scatter of flags over the active ones is cheaper."""
        t = F32(threshold)
        kern = parallel.kernels(self.n)
        if kern is not None:
            out = np.empty(self.n, dtype=bool)
            kern.active_flags(_unsigned(self.ptr), _unsigned(self.v), self.strength, t, out)
            return out
        weak = np.flatnonzero(self.strength < t)
        if weak.size > self.u.size // 4:
            out = np.zeros(self.n, dtype=bool)
            for lo, hi in self.blocks():
                active = self.strength[lo:hi] >= t
                out[self.u[lo:hi][active]] = True
                out[self.v[lo:hi][active]] = True
            return out
        # citizens at weak ties, with how many; no count array over all citizens
        ends, n_weak = np.unique(np.concatenate([self.u[weak], self.v[weak]]), return_counts=True)
        deg = self.degree()
        out = deg > 0
        out[ends[n_weak == deg[ends]]] = False
        return out

    def _two_way(self):
        if self._full is None:
            m = self.u.size
            rows = np.concatenate([self.u, self.v])
            cols = np.concatenate([self.v, self.u])
            order = np.lexsort((cols, rows))
            indptr = np.zeros(self.n + 1, dtype=np.int64)
            np.cumsum(np.bincount(rows, minlength=self.n), out=indptr[1:])
            eid = (order % m).astype(np.int32) if m else order.astype(np.int32)
            self._full = (indptr, cols[order], eid)
        return self._full

    @property
    def indptr(self) -> np.ndarray:
        """Row pointer of the two-way CSR (built on first use; see ``indices``)."""
        return self._two_way()[0]

    @property
    def indices(self) -> np.ndarray:
        """Neighbours of citizen i: ``indices[indptr[i]:indptr[i + 1]]``, ascending."""
        return self._two_way()[1]

    @property
    def eid(self) -> np.ndarray:
        """Edge id of each entry of ``indices``."""
        return self._two_way()[2]


def _unsigned(a: np.ndarray) -> np.ndarray:
    """A non-negative integer array viewed as unsigned of the same width (no copy): the
    compiled loops then skip the test for negative indices."""
    return a.view(np.dtype(f"u{a.dtype.itemsize}"))


def _index_dtype(m: int):
    """int32 row pointers while the edge count allows (scipy then copies no index array)."""
    return np.int32 if m < np.iinfo(np.int32).max else np.int64
