"""Named codes for the categorical citizen columns and the five ways to wellbeing.

The arrays store small integers (``int8``); these ``IntEnum`` classes name them, so a
mechanism writes ``c.disposition == Disposition.FREE_RIDER`` or
``c.ways_base[Way.LEARNING]``, never a bare position. ``labels(Enum)`` gives the
category labels used in outputs (the agent-level table, group breakdowns).
"""

from __future__ import annotations

from enum import IntEnum


class AgeBand(IntEnum):
    """Age band of an adult citizen."""

    AGE_16_34 = 0
    AGE_35_54 = 1
    AGE_55_74 = 2
    AGE_75_PLUS = 3

    @property
    def label(self) -> str:
        return ("16-34", "35-54", "55-74", "75+")[self]


class Fifth(IntEnum):
    """Deprivation fifth of a citizen's ward: the WIMD 2019 quintile of the area, 1 the most
    deprived fifth of small areas in Wales and 5 the least (Welsh Government 2019)."""

    Q1_MOST = 0
    Q2 = 1
    Q3 = 2
    Q4 = 3
    Q5_LEAST = 4

    @property
    def label(self) -> str:
        return ("1 most deprived", "2", "3", "4", "5 least deprived")[self]


class NeedKind(IntEnum):
    """Main kind of a citizen's need (and of the help they can offer); one service each."""

    BEFRIENDING = 0
    TRANSPORT = 1
    PRACTICAL_HELP = 2
    LEARNING = 3
    HEALTH_SELF_MANAGEMENT = 4
    CARING = 5

    @property
    def label(self) -> str:
        return self.name.lower()


class Disposition(IntEnum):
    """Contribution behaviour in public-goods settings (Fischbacher et al. 2001)."""

    CONDITIONAL = 0
    FREE_RIDER = 1
    UNCONDITIONAL = 2

    @property
    def label(self) -> str:
        return self.name.lower()


class Way(IntEnum):
    """The five ways to wellbeing (nef 2008), in the order of ``ways_base``'s rows."""

    CONNECTING = 0
    LEARNING = 1
    GIVING = 2
    ENGAGED = 3
    ACTIVE = 4

    @property
    def label(self) -> str:
        return self.name.lower()


def labels(codes: type[IntEnum]) -> tuple[str, ...]:
    """The labels of every code, in code order."""
    return tuple(c.label for c in codes)  # type: ignore[attr-defined]


AGE_BANDS = labels(AgeBand)
FIFTHS = labels(Fifth)
NEED_KINDS = labels(NeedKind)
DISPOSITIONS = labels(Disposition)
WAYS = labels(Way)
