"""The one number formatter: significant figures, fixed decimals, separators, missing values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from coproduction.formatting import number
from coproduction.params import PARAMS


@pytest.mark.parametrize(
    ("x", "kwargs", "text"),
    [
        (0.5, {}, "0.5"),  # trailing zeros dropped
        (50.7123, {}, "50.71"),  # four significant figures by default
        (-0.012345, {}, "-0.01235"),
        (99.996, {}, "100"),  # rounding up across a power of ten
        (1234.5, {"digits": 3}, "1,234"),  # the whole part is never rounded away
        (1234567.0, {}, "1,234,567"),
        (12.3456, {"digits": 3}, "12.3"),
        (0.0, {}, "0"),
        (-0.00001, {}, "-1e-05"),  # below 1e-4: exponent form, as format(x, "g")
        (np.float32(0.25), {}, "0.25"),
        (7, {}, "7"),
        (-0.0004, {"digits": 1, "decimals": 2}, "0.00"),  # no "-0.00"
        (2.5, {"decimals": 2}, "2.50"),  # zeros kept for ticks
        (12000.0, {"decimals": 0}, "12,000"),
        (5200, {"sep": "_", "group_from": 10_000}, "5200"),  # four digits stay ungrouped
        (5_000_000, {"digits": 6, "sep": "_", "group_from": 10_000}, "5_000_000"),
        (None, {}, "n/a"),
        (math.nan, {}, "n/a"),
        (math.inf, {"missing": "-"}, "-"),
    ],
)
def test_number(x, kwargs, text):
    assert number(x, **kwargs) == text


def test_parameter_ranges_read_back_as_literals():
    assert PARAMS["n_citizens"].allowed() == "int in [10, 5_000_000]"
    assert PARAMS["co_design"].allowed() == "float in [0, 1]"
    assert PARAMS["n_citizens"].range_text() == "[10, 5,000,000]"
