"""Interactions along ties, recorded per citizen by the phases and resolved per edge once a
week, in the ties phase.

A phase that makes neighbours interact (informal help, joint co-delivery) does not pass
over the edges itself: it sets, for each citizen, one bit saying "acts" and one saying
"can take part" for its kind of interaction (``flag``). The ties phase then asks, block
by block of edges, which edges ``(u, v)`` had ``acts[u] and can[v]`` or ``acts[v] and
can[u]`` for some kind (``edge_contacts``). Time-bank exchanges, which are between named
pairs, list their edge ids instead (``wk.contact_edges``).

``InteractionKinds`` owns the bit layout: two bits per kind in a per-citizen flag word,
and it refuses more kinds than the word holds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

F32 = np.float32


class InteractionKinds:
    """Named kinds of interaction along a tie, two bits each in a flag word of ``dtype``:
    bit ``2k`` says a citizen acts in kind k, bit ``2k + 1`` that they can take part."""

    def __init__(self, names: Sequence[str], dtype=np.uint8):
        self.dtype = np.dtype(dtype)
        if self.dtype.kind != "u":
            raise TypeError(f"interaction flags need an unsigned integer dtype, not {self.dtype}")
        capacity = self.dtype.itemsize * 8 // 2
        names = tuple(names)
        if len(set(names)) != len(names):
            raise ValueError(f"interaction kinds repeat: {names}")
        if len(names) > capacity:
            raise ValueError(
                f"{len(names)} interaction kinds ({', '.join(names)}) do not fit in a "
                f"{self.dtype} flag word, which holds {capacity} (two bits each); "
                "use a wider dtype"
            )
        self.names = names
        self.capacity = capacity

    def index(self, kind: str) -> int:
        try:
            return self.names.index(kind)
        except ValueError:
            raise KeyError(
                f"unknown interaction kind {kind!r}; declared: {', '.join(self.names)}"
            ) from None

    def with_kind(self, kind: str) -> InteractionKinds:
        """A layout with one more kind (raises when the word is full)."""
        return InteractionKinds((*self.names, kind), self.dtype)

    def flag(self, wk, kind: str, acts: np.ndarray, can: np.ndarray, min_strength=None) -> None:
        """Record that a tie (u, v) interacts this week in ``kind`` when one end acts
        (``acts``) and the other can take part (``can``), on ties with strength at least
        ``min_strength`` if given. Nothing is recorded when nobody acts."""
        k = self.index(kind)
        flags = wk.edge_flags
        if flags.dtype != self.dtype:
            raise TypeError(f"wk.edge_flags is {flags.dtype}, the layout needs {self.dtype}")
        if not acts.any():
            return
        shift = self.dtype.type(2 * k)
        flags |= acts.astype(self.dtype) << shift
        flags |= can.astype(self.dtype) << (shift + self.dtype.type(1))
        wk.pair_min_strength[k] = min_strength

    def hits(self, fu: np.ndarray, fv: np.ndarray) -> np.ndarray:
        """Bit ``2k`` of the result is set where one end acts and the other can take part
        in kind k (``fu``, ``fv``: the flags of each edge's two ends)."""
        one = self.dtype.type(1)
        hit = fu & (fv >> one)
        hit |= fv & (fu >> one)
        return hit

    def kind_bit(self, k: int):
        return self.dtype.type(1 << (2 * k))


#: The interaction kinds of the default model.
KINDS = InteractionKinds(("help", "together"))


def edge_contacts(graph, wk, lo: int, hi: int, kinds: InteractionKinds = KINDS) -> np.ndarray:
    """Which edges ``lo..hi-1`` carried an interaction this week (bool): a flagged pair
    (``InteractionKinds.flag``), or an edge listed in ``wk.contact_edges`` (merged by
    ``settle_contacts`` first: sorted, unique)."""
    out = np.zeros(hi - lo, dtype=bool)
    if wk.pair_min_strength:  # some kind was flagged this week
        hit = kinds.hits(
            np.take(wk.edge_flags, graph.u[lo:hi]), np.take(wk.edge_flags, graph.v[lo:hi])
        )
        for k, least in wk.pair_min_strength.items():
            got = (hit & kinds.kind_bit(k)) != 0
            if least is not None:
                got &= graph.strength[lo:hi] >= F32(least)
            out |= got
    mark_listed(wk, lo, out)
    return out


def mark_listed(wk, lo: int, out: np.ndarray) -> np.ndarray:
    """Set ``out[e - lo]`` for the edges ``e`` in ``lo..lo + len(out) - 1`` listed in
    ``wk.contact_edges`` (merged by ``settle_contacts`` first); returns ``out``."""
    if wk.contact_edges:
        ids = wk.contact_edges[0]
        a, b = np.searchsorted(ids, (lo, lo + out.size))
        out[ids[a:b] - lo] = True
    return out


def pair_tables(wk, kinds: InteractionKinds = KINDS) -> tuple[np.ndarray, np.ndarray]:
    """The kinds flagged this week as ``(bits, least)``: each kind's bit in
    ``InteractionKinds.hits`` and the least tie strength it needs (-inf for any), the form
    the compiled tie update reads."""
    items = sorted(wk.pair_min_strength.items())
    bits = np.array([kinds.kind_bit(k) for k, _ in items], dtype=kinds.dtype)
    least = np.array([-np.inf if m is None else m for _, m in items], dtype=F32)
    return bits, least


def settle_contacts(wk) -> None:
    """Merge the edge-id lists in ``wk.contact_edges`` into one sorted, unique array."""
    if wk.contact_edges:
        wk.contact_edges[:] = [np.unique(np.concatenate(wk.contact_edges))]


def edge_interactions(state) -> np.ndarray:
    """Which edges interacted this week, for all edges at once (bool; for inspection)."""
    g, wk = state.graph, state.wk
    settle_contacts(wk)
    parts = [edge_contacts(g, wk, lo, hi) for lo, hi in g.blocks()]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
