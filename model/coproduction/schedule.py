"""Lever schedules: how a lever or the budget changes over the weeks of a run.

A schedule is the parameter ``schedule``: a text of entries separated by ``;``, one per
lever, each one of three shapes (weeks are weeks of the run, 0 to 65,535; a value is in
force from the start of its week, so an entry at week 0 holds from the first week)::

    co_design step 52 0.8              # the scenario's value before week 52, 0.8 from it
    co_design ramp 0 104 0.8           # linear from the scenario's value at week 0 to 0.8
                                       # at week 104, then held
    co_design ramp 52 156 0.2 0.8      # 0.2 from week 52 rising to 0.8 at week 156
    influence points 0:0.2 52:0.5 104:0.8
                                       # linear between the points, held after the last;
                                       # the scenario's value before the first

Yes/no and named levers (``timebank``, ``reward``) can only ``step`` or take ``points``
(held until the next point). A scenario file writes the same as a ``[schedule]`` table
(see :func:`from_table`). Before an entry's first week the lever has the scenario's
value, so a scheduled run is bit for bit the reference run until its first change.

This module knows nothing of the parameters themselves: the caller passes a function that
checks one value of one key (``check(key, value, source) -> value``) and the keys a
schedule may name with their kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import InputError

#: Last week a schedule can name (the week counter is a uint16).
LAST_WEEK = 65_535
SHAPES = ("step", "ramp", "points")

Check = Callable[[str, Any, str], Any]


@dataclass(frozen=True)
class Entry:
    """One lever's schedule: ``points`` are (week, value) pairs in week order; ``linear``
    says whether values between two points are interpolated (a ramp, or numeric points)
    or held (a step)."""

    key: str
    shape: str
    points: tuple[tuple[int, Any], ...]
    linear: bool
    start_from_base: bool = False  # a ramp without a 'from' value starts at the base

    def value(self, week: int, base: Any) -> Any:
        """The value in force in ``week`` given the scenario's value ``base``."""
        pts = self.points
        if week < pts[0][0]:
            return base
        if self.start_from_base and week <= pts[1][0]:
            (w0, _), (w1, v1) = pts
            return base + (v1 - base) * (week - w0) / (w1 - w0)
        i = 0
        while i + 1 < len(pts) and pts[i + 1][0] <= week:
            i += 1
        w0, v0 = pts[i]
        if not self.linear or i + 1 == len(pts):
            return v0
        w1, v1 = pts[i + 1]
        return v0 + (v1 - v0) * (week - w0) / (w1 - w0)

    def text(self) -> str:
        """The entry in the schedule language (canonical form)."""
        if self.shape == "step":
            (w, v), *_ = self.points
            return f"{self.key} step {w} {_value_text(v)}"
        if self.shape == "ramp":
            (w0, v0), (w1, v1) = self.points
            start = "" if self.start_from_base else f" {_value_text(v0)}"
            return f"{self.key} ramp {w0} {w1}{start} {_value_text(v1)}"
        pts = " ".join(f"{w}:{_value_text(v)}" for w, v in self.points)
        return f"{self.key} points {pts}"

    @property
    def weeks(self) -> tuple[int, ...]:
        return tuple(w for w, _ in self.points)


@dataclass(frozen=True)
class Schedule:
    """The entries of a schedule, one per lever, in the order given."""

    entries: tuple[Entry, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.entries)

    def values_at(self, week: int, base: Mapping[str, Any]) -> dict[str, Any]:
        """The scheduled levers' values in ``week`` (``base`` holds the scenario's)."""
        return {e.key: e.value(week, base[e.key]) for e in self.entries}

    def changes(self) -> tuple[int, ...]:
        """Weeks at which some scheduled value starts to change (sorted)."""
        return tuple(sorted({e.points[0][0] for e in self.entries}))

    def constant_from(self) -> int:
        """The first week from which no scheduled value changes any more."""
        return max((e.points[-1][0] for e in self.entries), default=0)

    def text(self) -> str:
        return "; ".join(e.text() for e in self.entries)

    def describe(self, base: Mapping[str, Any]) -> list[str]:
        """One plain line per entry, for ``coprod scenarios show`` and the page."""
        lines = []
        for e in self.entries:
            b = _value_text(base[e.key])
            if e.shape == "step":
                (w, v), *_ = e.points
                before = f"{b} until week {w - 1}, " if w > 0 else ""
                lines.append(f"{e.key}: {before}{_value_text(v)} from week {w}")
            elif e.shape == "ramp":
                (w0, v0), (w1, v1) = e.points
                start = b if e.start_from_base else _value_text(v0)
                before = f"{b} until week {w0 - 1}, then " if w0 > 0 else ""
                lines.append(
                    f"{e.key}: {before}from {start} at week {w0} linearly to "
                    f"{_value_text(v1)} at week {w1}, held after"
                )
            else:
                way = "linear between points" if e.linear else "each held until the next"
                pts = ", ".join(f"{_value_text(v)} at week {w}" for w, v in e.points)
                first = e.points[0][0]
                before = f"{b} until week {first - 1}, then " if first > 0 else ""
                lines.append(f"{e.key}: {before}{pts} ({way}, the last held)")
        return lines


EMPTY = Schedule()


def _value_text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(v)


def _parse_value(token: str, kind: type) -> Any:
    if kind is bool:
        if token.lower() in ("true", "false"):
            return token.lower() == "true"
        return token
    if kind is str:
        return token
    try:
        return float(token) if kind is float else int(token)
    except ValueError:
        try:
            return float(token)
        except ValueError:
            return token


def _week(token: Any, key: str, where: str) -> int:
    ok = isinstance(token, int) and not isinstance(token, bool)
    if isinstance(token, str):
        try:
            token, ok = int(token), True
        except ValueError:
            ok = False
    if not ok or not 0 <= token <= LAST_WEEK:
        raise InputError(
            f"schedule of {key!r}: week {token!r}{where} must be a whole number of weeks "
            f"in [0, {LAST_WEEK}]"
        )
    return int(token)


def _entry(
    key: str,
    shape: str,
    points: list[tuple[Any, Any]],
    start_from_base: bool,
    kinds: Mapping[str, type],
    check: Check,
    source: str,
) -> Entry:
    where = f" (in {source})" if source else ""
    if key not in kinds:
        import difflib

        close = difflib.get_close_matches(key, list(kinds), n=2)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise InputError(
            f"schedule: {key!r}{where} cannot be scheduled; the levers a schedule can change "
            f"are {', '.join(kinds)}.{hint}"
        )
    kind = kinds[key]
    if shape not in SHAPES:
        raise InputError(
            f"schedule of {key!r}: shape {shape!r}{where} is not one of {', '.join(SHAPES)}"
        )
    if shape == "ramp" and kind is not float:
        raise InputError(
            f"schedule of {key!r}: 'ramp'{where} needs a lever with values on a scale; "
            f"{key!r} can only 'step' or take 'points' (held until the next)"
        )
    checked = []
    for w, v in points:
        week = _week(w, key, where)
        try:
            value = check(key, _parse_value(v, kind) if isinstance(v, str) else v, source)
        except InputError as exc:
            raise InputError(f"schedule of {key!r}, week {week}: {exc}") from exc
        checked.append((week, value))
    weeks = [w for w, _ in checked]
    if any(b <= a for a, b in zip(weeks, weeks[1:], strict=False)):
        raise InputError(f"schedule of {key!r}: weeks {weeks}{where} must increase strictly")
    if not checked:
        raise InputError(f"schedule of {key!r}{where}: no points")
    linear = shape == "ramp" or (shape == "points" and kind is float)
    return Entry(key, shape, tuple(checked), linear, start_from_base)


def parse(text: str, kinds: Mapping[str, type], check: Check, source: str = "") -> Schedule:
    """A schedule from its text (see the module docstring). Errors name the lever, the
    week or value, what is allowed and ``source``."""
    where = f" (in {source})" if source else ""
    entries: list[Entry] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        tokens = part.split()
        if len(tokens) < 3:
            raise InputError(
                f"schedule entry {part!r}{where}: write 'LEVER step WEEK VALUE', "
                "'LEVER ramp WEEK WEEK [FROM] TO' or 'LEVER points WEEK:VALUE ...'"
            )
        key, shape, args = tokens[0], tokens[1], tokens[2:]
        if key not in kinds:
            _entry(key, "step", [], False, kinds, check, source)  # raises: not schedulable
        if shape == "step":
            if len(args) != 2:
                raise InputError(f"schedule entry {part!r}{where}: 'step' takes a week and a value")
            entries.append(_entry(key, shape, [(args[0], args[1])], False, kinds, check, source))
        elif shape == "ramp":
            if len(args) not in (3, 4):
                raise InputError(
                    f"schedule entry {part!r}{where}: 'ramp' takes two weeks, an optional "
                    "starting value and the final value"
                )
            w0, w1, *vals = args
            v0 = vals[0] if len(vals) == 2 else vals[-1]  # checked like any value
            entries.append(
                _entry(key, shape, [(w0, v0), (w1, vals[-1])], len(vals) == 1, kinds, check, source)
            )
        elif shape == "points":
            pts = []
            for tok in args:
                w, sep, v = tok.partition(":")
                if not sep:
                    raise InputError(
                        f"schedule entry {part!r}{where}: point {tok!r} must be WEEK:VALUE"
                    )
                pts.append((w, v))
            entries.append(_entry(key, shape, pts, False, kinds, check, source))
        else:
            _entry(key, shape, [], False, kinds, check, source)  # raises: unknown shape
    _no_repeats(entries, where)
    return Schedule(tuple(entries))


def _no_repeats(entries: list[Entry], where: str) -> None:
    seen: set[str] = set()
    for e in entries:
        if e.key in seen:
            raise InputError(f"schedule: {e.key!r} is scheduled twice{where}; give one entry")
        seen.add(e.key)


def from_table(
    table: Mapping[str, Any], kinds: Mapping[str, type], check: Check, source: str
) -> Schedule:
    """A schedule from a scenario file's ``[schedule]`` table::

    [schedule]
    co_design = { ramp = [0, 104], to = 0.8 }          # from the scenario's value
    co_delivery = { ramp = [52, 156], from = 0.2, to = 0.8 }
    budget_per_citizen = { step = 104, to = 900 }
    influence = { points = [[0, 0.2], [52, 0.5]] }
    """
    entries = []
    for key, spec in table.items():
        if not isinstance(spec, Mapping):
            raise InputError(
                f"schedule of {key!r} = {spec!r} (in {source}): must be a table such as "
                "{ step = 52, to = 0.8 }, { ramp = [0, 104], to = 0.8 } or "
                "{ points = [[0, 0.2], [52, 0.5]] }"
            )
        shapes = [s for s in SHAPES if s in spec]
        allowed = {"step": {"step", "to"}, "ramp": {"ramp", "from", "to"}, "points": {"points"}}
        if len(shapes) != 1 or set(spec) - allowed[shapes[0]]:
            raise InputError(
                f"schedule of {key!r} = {dict(spec)!r} (in {source}): give exactly one of "
                "step (with to), ramp (with to and an optional from) or points"
            )
        shape = shapes[0]
        if shape != "points" and "to" not in spec:
            raise InputError(f"schedule of {key!r} (in {source}): '{shape}' needs 'to'")
        if shape == "step":
            pts = [(spec["step"], spec["to"])]
            from_base = False
        elif shape == "ramp":
            weeks = spec["ramp"]
            if not isinstance(weeks, list) or len(weeks) != 2:
                raise InputError(
                    f"schedule of {key!r}: ramp = {weeks!r} (in {source}) must be two weeks, "
                    "[start, end]"
                )
            pts = [(weeks[0], spec.get("from", spec["to"])), (weeks[1], spec["to"])]
            from_base = "from" not in spec
        else:
            raw = spec["points"]
            if not isinstance(raw, list) or not all(
                isinstance(p, list) and len(p) == 2 for p in raw
            ):
                raise InputError(
                    f"schedule of {key!r}: points = {raw!r} (in {source}) must be a list of "
                    "[week, value] pairs"
                )
            pts = [tuple(p) for p in raw]
            from_base = False
        entries.append(_entry(key, shape, pts, from_base, kinds, check, source))
    _no_repeats(entries, f" (in {source})")
    return Schedule(tuple(entries))


def merged(base: Schedule, top: Schedule) -> Schedule:
    """``base`` with ``top``'s entries replacing those of the same lever (``extends``)."""
    keys = {e.key for e in top.entries}
    return Schedule(tuple(e for e in base.entries if e.key not in keys) + top.entries)
