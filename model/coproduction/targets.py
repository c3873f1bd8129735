"""Observed patterns the model is held to: calibration targets and held-out validation.

Each :class:`Target` is a published figure for the reference state (ordinary, top-down
services) in Wales, or the nearest comparator where no Welsh figure was found (said in
``population``), with its uncertainty, unit, year and source (reference keys in
``coproduction.references``). The table was split before any fitting:

- **calibration** targets are levels the fitting may use: Wales-wide means of the
  reference state that the model's free parameters set directly;
- **validation** patterns are never used in fitting: gradients and behaviour that the
  model produces rather than takes as input, and the behaviour of a scenario other than
  the reference.

Figures for which the model has no counterpart, or whose counterpart is one of its
inputs (so a check would pass by construction), are listed in :data:`NOT_USED` with the
reason, not dropped silently. A figure with no published uncertainty carries one stated
as an assumption in ``uncertainty_note``. ``docs/validation.md`` renders this module.
"""

from __future__ import annotations

from dataclasses import dataclass

CALIBRATION = "calibration"
VALIDATION = "validation"


@dataclass(frozen=True)
class Target:
    """One observed figure. ``uncertainty`` is one standard deviation of what the model
    should match (observation and comparability error together), in ``unit``."""

    key: str
    title: str
    value: float
    uncertainty: float
    uncertainty_note: str
    unit: str
    population: str
    year: str
    source: str
    role: str
    why: str
    measured: str  # what is measured in the model, in plain words
    scenario: str = "top_down"

    def __post_init__(self) -> None:
        if self.role not in (CALIBRATION, VALIDATION):
            raise ValueError(f"target {self.key!r}: role {self.role!r} is not a role")
        if not self.uncertainty > 0:
            raise ValueError(f"target {self.key!r}: uncertainty must be positive")

    def z(self, model_value: float) -> float:
        """Distance of a model value from the target in units of its uncertainty."""
        return (model_value - self.value) / self.uncertainty


TARGETS: tuple[Target, ...] = (
    Target(
        "wemwbs_mean",
        "Mental wellbeing: adult mean (WEMWBS)",
        48.0,
        1.0,
        "assumption: no interval is published with the rounded mean; one point covers the "
        "rounding and the movement between 2022/23 and 2024/25 ('a similar level')",
        "WEMWBS points",
        "adults 16+, Wales (National Survey for Wales)",
        "2022/23",
        "phw2023hapus; osr2025mentalhealth",
        CALIBRATION,
        "a Wales-wide level of the reference state, set by the initial wellbeing draw and "
        "moved by need; the fitting may use it",
        "top_down, Wales profile: mean wellbeing over the year after a year's burn-in",
    ),
    Target(
        "wemwbs_sd",
        "Mental wellbeing: spread between adults (WEMWBS SD)",
        8.79,
        0.5,
        "assumption: half a point, for the difference between a UK validation sample and "
        "Welsh adults (no Welsh SD found)",
        "WEMWBS points",
        "adults, UK validation sample (no Welsh figure found)",
        "2007",
        "tennant2007",
        CALIBRATION,
        "a level of the reference state, set by the initial draw",
        "top_down, Wales profile: standard deviation of wellbeing over the year after burn-in",
    ),
    Target(
        "crisis_rate",
        "Emergency admissions per 1,000 a week",
        111 / 52.18,
        0.5,
        "assumption: about a quarter of the value, because the figure is from 2006, counts "
        "all ages rather than adults and is a commercial analysis (no interval published)",
        "per 1,000 per week",
        "all ages, Wales (111 per 1,000 a year)",
        "2006",
        "hsj2007wales",
        CALIBRATION,
        "the Wales-wide rate of acute events in the reference state, set by the crisis "
        "hazard; the fitting may use it",
        "top_down, Wales profile: crises per 1,000 citizens a week, mean over the year after "
        "burn-in",
    ),
    Target(
        "staff_turnover",
        "Staff turnover",
        0.20,
        0.07,
        "assumption: the model's posts mix community health and social care; the two "
        "published rates (10.9% nurses, 24.2% adult social care) lie within about one and a "
        "half standard deviations of their midpoint",
        "leavers per post per year",
        "NHS nurses and adult social care staff, England (no Welsh turnover rate found)",
        "2022/23 and 2023/24",
        "nhsdigital2023; skillsforcare2024",
        CALIBRATION,
        "a level of the reference state, set by the quit hazard and exhaustion",
        "top_down, Wales profile: turnover_rate_annual over the year after burn-in",
    ),
    Target(
        "vacancy_share",
        "Vacant posts",
        0.075,
        0.02,
        "assumption: Social Care Wales prints 9%, while its own counts (5,323 vacancies, "
        "84,134 workers) give 6%; two points cover both readings (England: 9.9% in 2022/23)",
        "vacant / funded posts",
        "social care workforce, Wales",
        "2022",
        "scw2023workforce; skillsforcare2023",
        CALIBRATION,
        "a level of the reference state, set by recruitment and quits",
        "top_down, Wales profile: vacancy_share over the year after burn-in",
    ),
    Target(
        "staff_burnt_out",
        "Staff who feel burnt out often or always",
        0.30,
        0.05,
        "assumption: five points, for NHS staff in England standing in for community "
        "health and care staff in Wales (30.4% in 2023, 34.0% in 2022)",
        "share of filled posts",
        "NHS staff, England (no Welsh figure found)",
        "2023",
        "nhsstaffsurvey2023",
        CALIBRATION,
        "a level of the reference state, set by workload and recovery",
        "top_down, Wales profile: share of filled posts with exhaustion >= 0.5, mean over "
        "the year after burn-in",
    ),
    Target(
        "wellbeing_deprivation_gap",
        "Wellbeing gap between the least and the most deprived fifth",
        50.5 - 46.8,
        1.0,
        "assumption: one point; no interval is published, and the gap was 5.5 points "
        "between the extreme tenths in 2012",
        "WEMWBS points",
        "adults, Scotland, least against most deprived fifth of areas (Wales has no "
        "published figure by WIMD fifth; its gap is said to have widened after 2021-22)",
        "2021",
        "scotgov2021wellbeing; osr2025mentalhealth",
        VALIDATION,
        "a gradient the model produces: the initial gap (3.3 points, hse2016) is an input, "
        "but the shock gradient then moves need, and need moves wellbeing, so the gap after "
        "years of running can drift either way; never fitted",
        "top_down, Wales profile: mean wellbeing of citizens in the least deprived fifth "
        "minus the most deprived, over the year after burn-in",
    ),
    Target(
        "timebank_hours_per_member",
        "Time credits: hours given per member a year",
        25.0,
        10.0,
        "assumption: the two Welsh schemes found give about 15 and 35 hours a member a "
        "year; one standard deviation spans them",
        "hours per member per year",
        "time-credit members, Carmarthenshire and Cardiff (Ely and Caerau), Wales",
        "2012-2014",
        "spice2014carms; timeplace2015",
        VALIDATION,
        "the behaviour of a scenario other than the reference (members' activity emerges "
        "from joining, capacity and brokerage), never fitted; time credits are given to "
        "organisations, not exchanged between members, so this is an order-of-magnitude "
        "check",
        "timebank, Wales profile: hours given through the time bank over the year after "
        "burn-in / mean members that year",
        scenario="timebank",
    ),
)

#: Figures found but not used, with the reason (no model counterpart, or circular).
NOT_USED: tuple[tuple[str, str, str], ...] = (
    (
        "Formal volunteering: 30% of adults in the last 12 months (Wales, 2022-23)",
        "wow2023cohesive",
        "no counterpart: the reference state has no formal volunteering; informal help "
        "between neighbours is a different activity",
    ),
    (
        "Able to influence local decisions: 30% (Wales, 2021), no difference by deprivation",
        "nsw2021early; wow2024cohesive",
        "no counterpart in the reference state, where nobody is involved in decisions",
    ),
    (
        "Emergency admissions 72% higher in the most than the least deprived fifth",
        "asaria2016",
        "circular: it sets deprivation_shock_ratio, an input",
    ),
    (
        "Avoidable share of emergency admissions: 20-22%",
        "qualitywatch2013; ocathain2014",
        "circular: it sets avoidable_share, an input",
    ),
    (
        "Social services spending: GBP 900 per head (Wales, 2023-24)",
        "statswales_ro_outturn",
        "circular: spending follows budget_per_citizen, an input, and covers services the "
        "model does not",
    ),
)

BY_KEY = {t.key: t for t in TARGETS}


def of_role(role: str) -> tuple[Target, ...]:
    """The targets with ``role`` (``CALIBRATION`` or ``VALIDATION``)."""
    return tuple(t for t in TARGETS if t.role == role)
