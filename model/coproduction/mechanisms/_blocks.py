"""Citizen arrays processed a block at a time.

A phase that applies a chain of elementwise operations to every citizen reads and writes
each full-length array once per operation; at national scale those arrays (4 MB per
million citizens each) do not stay in cache, so the chain is bound by memory traffic.
Running the same chain on consecutive blocks keeps the block's temporaries in cache.
Elementwise float32 arithmetic gives the same bits whatever the block size.
"""

from __future__ import annotations

#: Citizens per block: a few float32 temporaries of this length stay in the L2/L3 cache.
CITIZEN_BLOCK = 1 << 15


def citizen_blocks(n: int, size: int = CITIZEN_BLOCK):
    """Consecutive ``slice`` objects covering ``0..n-1``, ``size`` citizens each."""
    return (slice(lo, min(lo + size, n)) for lo in range(0, n, size))
