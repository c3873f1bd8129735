"""The fast paths give exactly what the plain NumPy forms give (bit for bit), including
ties, NaN, signed zeros and the fallbacks they take when their shortcut does not apply."""

from __future__ import annotations

import numpy as np
import pytest

from coproduction.fastops import CITIZEN_BLOCK, assign_where, citizen_blocks, select
from coproduction.indicators import LOW_PERCENTILE_MIN, LOW_PERCENTILE_SAMPLE, low_percentile
from coproduction.mechanisms.allocation import _top_positions
from coproduction.mechanisms.peer_support import _highest_first
from coproduction.mechanisms.production import _power


def same_bits(a, b) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@pytest.mark.parametrize("n", [0, 1, CITIZEN_BLOCK - 1, CITIZEN_BLOCK, 3 * CITIZEN_BLOCK + 5])
def test_citizen_blocks_cover_every_citizen_once_in_order(n):
    covered = np.concatenate([np.arange(n)[sl] for sl in citizen_blocks(n)] or [[]])
    assert np.array_equal(covered, np.arange(n))


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int16, np.uint64])
def test_select_is_np_where_bit_for_bit(dtype):
    rng = np.random.default_rng(1)
    a = (rng.normal(size=1000) * 100).astype(dtype)
    b = (rng.normal(size=1000) * 100).astype(dtype)
    if np.dtype(dtype).kind == "f":
        a[:4] = [np.nan, -0.0, np.inf, -np.inf]
        b[:4] = [0.0, np.nan, -0.0, 1.0]
    mask = rng.random(1000) < 0.3
    mask[:4] = [True, False, True, True]
    assert same_bits(select(mask, a, b), np.where(mask, a, b))


@pytest.mark.parametrize("dtype", [np.int16, np.int32, np.uint64])
def test_assign_where_is_masked_assignment(dtype):
    rng = np.random.default_rng(2)
    dst = rng.integers(0, 1000, 5000).astype(dtype)
    mask = rng.random(5000) < 0.4
    expected = dst.copy()
    expected[mask] = 77
    assign_where(dst, mask, 77)
    assert same_bits(dst, expected)


def _percentile_cases():
    rng = np.random.default_rng(3)
    n = LOW_PERCENTILE_MIN
    yield np.clip(rng.normal(50, 8, 3 * n + 7), 14, 70).astype(np.float32)
    yield rng.integers(14, 18, n + 1).astype(np.float32)  # heavy ties
    yield rng.normal(size=2 * n + 3)  # float64
    yield rng.normal(size=100).astype(np.float32)  # small: the whole array partitioned
    yield np.clip(rng.normal(50, 8, 2000), 14, 70).astype(np.float32)  # a ward's citizens
    yield rng.integers(14, 16, 2000).astype(np.float32)  # small, heavy ties
    yield np.array([3.0, 1.0], dtype=np.float32)
    yield np.array([5.0], dtype=np.float32)
    small_nan = rng.normal(size=50).astype(np.float32)
    small_nan[3] = np.nan
    yield small_nan
    spread = np.ones(2 * n, dtype=np.float32)
    spread[:: 2 * n // LOW_PERCENTILE_SAMPLE] = 0  # the sample sees only zeros: bound too low
    yield spread
    with_nan = rng.normal(size=2 * n).astype(np.float32)
    with_nan[17] = np.nan
    yield with_nan


@pytest.mark.parametrize("x", list(_percentile_cases()))
@pytest.mark.parametrize("q", [0, 1, 10, 37.5, 99])
def test_low_percentile_is_np_percentile_bit_for_bit(x, q):
    got, expected = low_percentile(x, q), np.percentile(x, q)
    assert type(got) is type(expected)
    assert same_bits(got, expected)


def _original_top(values, mask, k):
    """The selection as allocation made it before: argpartition of the negated values."""
    idx = np.flatnonzero(mask)
    if k <= 0 or idx.size == 0:
        return idx[:0]
    if k >= idx.size:
        return idx
    return idx[np.argpartition(-values[idx], k - 1, kind="introselect")[:k]]


@pytest.mark.parametrize("levels", [None, 3, 20])  # continuous values, or few (many ties)
def test_top_positions_choose_the_same_citizens_as_argpartition(levels):
    rng = np.random.default_rng(4)
    for _ in range(200):
        n = int(rng.integers(1, 400))
        values = rng.random(n).astype(np.float32)
        if levels:
            values = np.round(values * levels).astype(np.float32)
        mask = rng.random(n) < 0.6
        k = int(rng.integers(-1, n + 2))
        got = _top_positions(values, mask, k)
        assert np.array_equal(np.sort(got), np.sort(_original_top(values, mask, k)))


def test_highest_first_is_a_stable_sort_by_decreasing_value():
    rng = np.random.default_rng(5)
    for _ in range(300):
        n = int(rng.integers(1, 300))
        values = rng.integers(-3, 6, n).astype(np.int32)
        k = int(rng.integers(0, n + 1))
        expected = np.sort(np.argsort(-values, kind="stable")[:k])
        assert np.array_equal(_highest_first(values, k), expected)


@pytest.mark.parametrize("p", [-0.5, -1.6, 0.3, 0.5, 2.0, 2.5])
def test_power_table_is_the_same_power(p):
    rng = np.random.default_rng(6)
    whole = rng.integers(1, 65, 5000).astype(np.float64)
    for x in (whole, whole + 0.5, whole * 3, np.append(whole, np.nan)):
        assert same_bits(_power(x, p), x**p)


def test_select_and_assign_where_refuse_mixed_dtypes_and_shapes():
    a32, b32 = np.ones(4, np.float32), np.zeros(4, np.float32)
    mask = np.array([True, False, True, False])
    with pytest.raises(TypeError, match="both must have one dtype"):
        select(mask, a32, np.zeros(4, np.int32))  # same width, different type
    with pytest.raises(ValueError, match="shape"):
        select(mask, a32, np.zeros(5, np.float32))
    with pytest.raises(ValueError, match="mask shape"):
        select(mask[:3], a32, b32)
    with pytest.raises(TypeError, match="bool array"):
        select(mask.astype(np.uint8), a32, b32)
    with pytest.raises(TypeError, match="integer array"):
        assign_where(a32, mask, 1)
    with pytest.raises(ValueError, match="mask shape"):
        assign_where(np.zeros(3, np.int16), mask, 1)
    assert select(mask, a32, b32).tolist() == [1, 0, 1, 0]
