"""Numbers as text: the one formatter behind the text and Markdown tables, the HTML
report, the validation table, the app's chart ticks and the parameter ranges.

Contexts differ only in the arguments they pass: how many significant figures
(``digits``), a fixed number of decimals (``decimals``, for axis ticks that must line
up), the thousands separator (``sep``: ``_`` where the text must read back as a TOML or
Python literal) and what a missing value reads as.
"""

from __future__ import annotations

import math
from typing import Any

#: Below this magnitude a number is written in exponent form (as ``format(x, "g")`` does).
TINY = 1e-4


def number(
    x: Any,
    digits: int = 4,
    *,
    decimals: int | None = None,
    sep: str = ",",
    group_from: float = 1000,
    missing: str = "n/a",
) -> str:
    """``x`` as text.

    - ``None``, NaN and infinities read ``missing``.
    - By default ``digits`` significant figures with trailing zeros dropped
      (``number(0.5) == "0.5"``, ``number(50.7123) == "50.71"``), except that the
      whole part is never rounded away: at or above ``10 ** (digits - 1)`` the number is
      rounded to a whole number (``number(1234.5, 3) == "1,234"``). Below ``TINY`` in
      magnitude it is written in exponent form (``1e-05``).
    - ``decimals=k``: exactly ``k`` decimals, zeros kept (tick labels).
    - Thousands are grouped with ``sep`` from ``group_from`` on (``10_000`` keeps
      four-digit numbers ungrouped, as in ``int in [-1, 5200]``).
    """
    if x is None:
        return missing
    x = float(x)
    if not math.isfinite(x):
        return missing
    grouped = abs(x) >= group_from
    comma = "," if grouped else ""
    if decimals is not None:
        text = f"{x:{comma}.{decimals}f}"
    elif x == 0:
        return "0"
    elif abs(x) < TINY:
        return f"{x:.{digits}g}"
    else:
        magnitude = math.floor(math.log10(abs(x)))
        places = max(0, digits - 1 - magnitude)
        text = f"{x:{comma}.{places}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    if text.lstrip("-").strip("0.,") == "":  # a negative value rounded to zero
        text = text.lstrip("-")
    return text.replace(",", sep) if grouped and sep != "," else text
