"""Declared phases: what each weekly phase reads and writes, and the check of the chain.

A phase is a function ``phase(state, params, rng) -> None`` (or a callable object) that
declares, with the ``@phase(...)`` decorator or ``reads`` / ``writes`` / ``lags``
attributes, the fields of the state it uses (names from ``coproduction.state.FIELDS``):

- ``reads``: fields whose value this week it uses;
- ``writes``: fields it changes;
- ``lags``: stocks it reads as they were left *last* week, because the phase that writes
  them comes later in the week (for example ``records.participation_rate``).

``check_plan`` refuses a sequence in which a phase reads a per-week field that no earlier
phase writes this week, reads a stock that only a later phase writes without declaring it
as a lag, or declares a lag that is in fact written earlier in the week or by nobody.
``CoproductionModel`` runs it at construction, on the default phases and on any sequence
passed as ``phases=``, so swapping one phase cannot silently change what another reads.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import InputError
from .state import FIELDS, PER_WEEK, STOCK, start_week


@dataclass(frozen=True)
class Phase:
    """A named phase with its declarations."""

    name: str
    fn: Callable[..., None]
    reads: frozenset[str]
    writes: frozenset[str]
    lags: frozenset[str] = frozenset()

    @property
    def summary(self) -> str:
        """The first sentence of the phase's docstring."""
        doc = " ".join((inspect.getdoc(self.fn) or "").split())
        return doc.split(". ")[0].rstrip(".") + "." if doc else ""


def _names(values: Iterable[str], what: str, owner: str) -> frozenset[str]:
    out = frozenset(values)
    unknown = sorted(out - set(FIELDS))
    if unknown:
        import difflib

        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, FIELDS, n=2)
            hints.append(f"{name!r}" + (f" (did you mean {', '.join(close)}?)" if close else ""))
        raise InputError(
            f"phase {owner!r} declares unknown {what} {', '.join(hints)}; the fields are "
            "listed in coproduction.state.FIELDS"
        )
    return out


def phase(*, reads: Iterable[str] = (), writes: Iterable[str] = (), lags: Iterable[str] = ()):
    """Declare what a phase function reads, writes and reads as last week's value."""

    def declare(fn):
        owner = getattr(fn, "__name__", repr(fn))
        fn.reads = _names(reads, "read", owner)
        fn.writes = _names(writes, "write", owner)
        fn.lags = _names(lags, "lag", owner)
        return fn

    return declare


def declared(name: str, fn: Any) -> Phase:
    """The ``Phase`` for ``(name, fn)``, from the declarations carried by ``fn``."""
    if not callable(fn):
        raise InputError(f"phase {name!r}: {fn!r} is not callable")
    if not hasattr(fn, "reads") or not hasattr(fn, "writes"):
        raise InputError(
            f"phase {name!r} does not declare what it reads and writes: decorate it with "
            "@coproduction.phases.phase(reads=..., writes=...) (see docs/extending.md)"
        )
    return Phase(
        name,
        fn,
        _names(fn.reads, "read", name),
        _names(fn.writes, "write", name),
        _names(getattr(fn, "lags", ()), "lag", name),
    )


#: Runs before the phases every week: resets the per-week fields (``wk`` arrays to 0,
#: ``flows`` to a fresh ``Flows``) and keeps the need at the start of the week.
WEEK_START = Phase(
    "start_week",
    start_week,
    reads=frozenset(),
    writes=frozenset({"wk.need_before"}),
    lags=frozenset({"citizens.need"}),
)


def _who(phases: Sequence[Phase]) -> str:
    return ", ".join(repr(p.name) for p in phases)


def check_plan(phases: Sequence[Phase]) -> None:
    """Raise ``InputError`` listing every read that the sequence (after ``WEEK_START``)
    does not produce, and every inconsistent lag; each message names the phase and the
    field."""
    plan = [WEEK_START, *phases]
    names = [p.name for p in phases]
    repeated = sorted({n for n in names if names.count(n) > 1})
    errors = [f"phase name {n!r} is used more than once" for n in repeated]
    for i, ph in enumerate(plan):
        before, after = plan[:i], plan[i + 1 :]
        for f in sorted(ph.reads | ph.lags):
            earlier = [p for p in before if f in p.writes]
            later = [p for p in after if f in p.writes]
            kind = FIELDS[f][0]
            if f in ph.lags:
                if kind == PER_WEEK:
                    errors.append(
                        f"phase {ph.name!r} declares a lag of {f!r}, but per-week fields are "
                        "reset every week: keep last week's value in a stock"
                    )
                elif earlier:
                    errors.append(
                        f"phase {ph.name!r} declares {f!r} as last week's value, but "
                        f"{_who(earlier)} writes it earlier this week"
                    )
                elif not later and f not in ph.writes:
                    errors.append(
                        f"phase {ph.name!r} reads {f!r} as last week's value, but no phase "
                        "writes it"
                    )
                continue
            if earlier or f in ph.writes:
                continue
            if kind == PER_WEEK:
                where = f" (only {_who(later)}, later in the week)" if later else ""
                errors.append(
                    f"phase {ph.name!r} reads {f!r}, which no earlier phase writes this week{where}"
                )
            elif kind == STOCK and later:
                errors.append(
                    f"phase {ph.name!r} reads {f!r}, which only {_who(later)} writes, later "
                    "in the week: declare it in lags= (last week's value) or reorder"
                )
    if errors:
        raise InputError("the weekly phases do not fit together:\n  " + "\n  ".join(errors))


def plan_lines(phases: Sequence[Phase]) -> list[str]:
    """Each phase with its summary, then what it reads (this week's values), reads as
    last week's value, and writes."""
    out = []
    for i, ph in enumerate([WEEK_START, *phases]):
        out += textwrap.wrap(
            f"{i:2d}. {ph.name}: {ph.summary}", width=100, subsequent_indent="    "
        )
        for label, names in (
            ("reads", ph.reads),
            ("last week's", ph.lags),
            ("writes", ph.writes),
        ):
            if names:
                out += textwrap.wrap(
                    ", ".join(sorted(names)),
                    width=100,
                    initial_indent=f"      {label:<12} ",
                    subsequent_indent=" " * 19,
                    break_on_hyphens=False,
                )
    out.append(
        "    then the indicators observe the state (coproduction.indicators); they write nothing."
    )
    return out
