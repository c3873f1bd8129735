"""Elementwise building blocks that give the same bits as the plain NumPy forms, faster.

- Blocks: a phase that applies a chain of elementwise operations to every citizen reads
  and writes each full-length array once per operation; at national scale those arrays
  (4 MB per million citizens each) do not stay in cache, so the chain is bound by memory
  traffic. Running the same chain on consecutive blocks keeps the block's temporaries in
  cache. Elementwise arithmetic gives the same bits whatever the block size.
- Branch-free selection: ``np.where`` and assignment through a boolean mask branch on
  every element, which is slow when the mask is scattered (as who is in need, who helped
  this week); blending the bits of the two sides with a mask of all-ones words is not.
"""

from __future__ import annotations

import numpy as np

#: Citizens per block: a few float32 temporaries of this length stay in the L2/L3 cache.
CITIZEN_BLOCK = 1 << 15
_WORD = {1: np.int8, 2: np.int16, 4: np.int32, 8: np.int64}


def citizen_blocks(n: int, size: int = CITIZEN_BLOCK):
    """Consecutive ``slice`` objects covering ``0..n-1``, ``size`` citizens each."""
    return (slice(lo, min(lo + size, n)) for lo in range(0, n, size))


def _word_mask(mask: np.ndarray, word) -> np.ndarray:
    """``mask`` as integers of type ``word``: all bits set where true, 0 elsewhere."""
    m = mask.view(np.int8).astype(word)
    return np.negative(m, out=m)


def _check_mask(mask: np.ndarray, shape: tuple[int, ...], what: str) -> None:
    if not isinstance(mask, np.ndarray) or mask.dtype != np.bool_:
        raise TypeError(
            f"{what}: the mask must be a bool array, not {getattr(mask, 'dtype', mask)}"
        )
    if mask.shape != shape:
        raise ValueError(f"{what}: mask shape {mask.shape} differs from {shape}")


def select(mask: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.where(mask, a, b)`` for two arrays of the same shape and dtype, bit for bit.
    Raises ``TypeError`` / ``ValueError`` when the dtypes or shapes differ (a blend of
    the bits of two different types would be silently wrong)."""
    if a.dtype != b.dtype or a.dtype.itemsize not in _WORD:
        raise TypeError(f"select: a is {a.dtype}, b is {b.dtype}; both must have one dtype")
    if a.shape != b.shape:
        raise ValueError(f"select: a has shape {a.shape}, b has {b.shape}")
    _check_mask(mask, a.shape, "select")
    word = _WORD[a.dtype.itemsize]
    bits = b.view(word)
    out = np.bitwise_xor(a.view(word), bits)
    out &= _word_mask(mask, word)
    out ^= bits
    return out.view(a.dtype)


def assign_where(dst: np.ndarray, mask: np.ndarray, value) -> None:
    """``dst[mask] = value`` for an integer array ``dst`` and a scalar ``value``."""
    if dst.dtype.kind not in "iu":
        raise TypeError(f"assign_where: dst must be an integer array, not {dst.dtype}")
    _check_mask(mask, dst.shape, "assign_where")
    diff = np.bitwise_xor(dst, dst.dtype.type(value))
    diff &= _word_mask(mask, dst.dtype)
    dst ^= diff
