"""Every model parameter, declared once.

Each declaration carries its type, default, allowed range (or choices), unit,
group, a plain-language help text and a source key (see ``references.py``) or a
stated assumption. That one table drives validation, ``CoproductionModel``'s
keyword arguments, the CLI help, the app's sliders and ``docs/parameters.md``.
All keys are flat so that ``--set key=value``, sweeps and sliders treat them alike.
Money is GBP at 2023/24 prices.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ConfigDict, create_model

from .errors import InputError
from .formatting import number


@dataclass(frozen=True)
class Param:
    name: str
    kind: type  # float, int, bool or str
    default: Any
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    unit: str = ""
    group: str = ""
    help: str = ""
    source: str = ""  # reference key(s) from references.py, or "assumption: ..."
    lever: bool = False  # a policy lever (shown first in the app and in scenario diffs)

    def allowed(self) -> str:
        """Human-readable allowed values, used in error messages and docs."""
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind is bool:
            return "true or false"
        return f"{self.kind.__name__} in [{literal(self.low)}, {literal(self.high)}]"

    # -- as the documentation shows them (docs/parameters.md and the HTML report) ------
    def default_text(self) -> str:
        """The default in Markdown: ``true``, a quoted text in backticks, or a number."""
        if self.kind is bool:
            return f"`{str(self.default).lower()}`"
        if self.kind is str:
            return f'`"{self.default}"`'
        return number(self.default, 6)

    def range_text(self) -> str:
        """The allowed values in Markdown: the choices in backticks, ``true / false`` or
        ``[low, high]``."""
        if self.choices is not None:
            return ", ".join(f"`{c}`" for c in self.choices)
        if self.kind is bool:
            return "true / false"
        low = "-inf" if self.low is None else number(self.low, 6)
        high = "inf" if self.high is None else number(self.high, 6)
        return f"[{low}, {high}]"

    def unit_text(self) -> str:
        """The unit, ``dimensionless`` for a number without one."""
        if self.unit:
            return self.unit
        return "" if self.kind in (bool, str) else "dimensionless"


def literal(x: float | None) -> str:
    """A range bound as it would be written in a scenario file (``5_000_000``, ``0.05``)."""
    return number(x, 6, sep="_", group_from=10_000, missing="any")


P = Param
LEVERS = "policy levers"
POP = "population"
NET = "network"
NEED = "need, shocks and crises"
STAFF = "professionals"
SERV = "services and budget"
BEH = "contribution behaviour"
WB = "wellbeing, trust and self-efficacy"
TB = "time bank"
TIES = "ties"

_DECLARED: tuple[Param, ...] = (
    # --- policy levers ---------------------------------------------------------------
    P(
        "co_commissioning",
        float,
        0.0,
        0,
        1,
        unit="0-1",
        group=LEVERS,
        lever=True,
        help="Depth of citizen involvement in deciding what is funded "
        "(0 top-down, ~0.3 consultation, 1 equal partnership).",
        source="arnstein1969; nabatchi2017",
    ),
    P(
        "co_design",
        float,
        0.0,
        0,
        1,
        unit="0-1",
        group=LEVERS,
        lever=True,
        help="Depth of citizen involvement in shaping how services work.",
        source="arnstein1969; nabatchi2017",
    ),
    P(
        "co_delivery",
        float,
        0.0,
        0,
        1,
        unit="0-1",
        group=LEVERS,
        lever=True,
        help="Opportunity for citizens to contribute effort to delivery "
        "(share of their spare hours the service can use).",
        source="parks1981; nabatchi2017",
    ),
    P(
        "co_evaluation",
        float,
        0.0,
        0,
        1,
        unit="0-1",
        group=LEVERS,
        lever=True,
        help="Depth of citizen involvement in judging services and feeding back.",
        source="nabatchi2017",
    ),
    P(
        "influence",
        float,
        0.2,
        0,
        1,
        unit="0-1",
        group=LEVERS,
        lever=True,
        help="How far citizen input actually changes decisions; involvement with low "
        "influence is tokenism.",
        source="arnstein1969",
    ),
    P(
        "prevention_share",
        float,
        0.15,
        0,
        0.8,
        unit="share of contact time",
        group=LEVERS,
        lever=True,
        help="Share of professional contact time on preventive, early work with "
        "people below the crisis threshold.",
        source="nef2008coproduction; assumption: top-down default 0.15",
    ),
    P(
        "relational_time",
        float,
        0.1,
        0,
        1,
        unit="0-1",
        group=LEVERS,
        lever=True,
        help="Share of contact time spent building relationships instead of processing "
        "cases; cuts the processing overhead.",
        source="nef2008coproduction; assumption: top-down default 0.1, a small share of "
        "contact time for relationships where case processing dominates, and the "
        "co-produced scenarios use 0.6",
    ),
    P(
        "timebank",
        bool,
        False,
        group=LEVERS,
        lever=True,
        help="Run a brokered time bank: one hour given earns one credit.",
        source="seyfang2003; knapp2010",
    ),
    P(
        "timebank_broker_hours",
        float,
        20.0,
        0,
        200,
        unit="hours/week per 2,000 citizens",
        group=LEVERS,
        lever=True,
        help="Paid broker time that matches offers and requests.",
        source="knapp2010; assumption: about half a full-time post per ward",
    ),
    P(
        "coaching_for_credits",
        bool,
        False,
        group=LEVERS,
        lever=True,
        help="Time-bank members can spend credits on coaching from professionals.",
        source="assumption: Spice/Tempo time credit schemes",
    ),
    P(
        "reward",
        str,
        "none",
        choices=("none", "time_credits", "cash"),
        group=LEVERS,
        lever=True,
        help="Reward for co-delivery effort: none, time credits (non-monetary) or "
        "cash (extrinsic; may crowd out intrinsic motivation).",
        source="frey1997; gneezy2000",
    ),
    P(
        "cash_per_hour",
        float,
        6.0,
        0,
        30,
        unit="GBP/hour",
        group=LEVERS,
        lever=True,
        help="Cash paid per hour of co-delivery when reward = cash.",
        source="assumption: below the national living wage, as in paid-participation schemes",
    ),
    P(
        "budget_per_citizen",
        float,
        1100.0,
        0,
        5000,
        unit="GBP/citizen/year",
        group=LEVERS,
        lever=True,
        help="Annual service budget per citizen (staff, broker, rewards, "
        "recruitment). Crisis care is paid from acute budgets and counted in cost only.",
        source="pssru2023; assumption: 10 posts per 1,000 citizens x 37.5 h x GBP 55 an "
        "hour x 52 weeks = GBP 1,072 per citizen a year, rounded up to 1,100 to "
        "leave room for a broker and recruitment",
    ),
    P(
        "funding_cut_week",
        int,
        -1,
        -1,
        5200,
        unit="week",
        group=LEVERS,
        lever=True,
        help="Week at which the budget is cut (-1: no cut).",
        source="assumption: no cut by default, and the austerity scenarios cut at week 156 "
        "(the start of year 4), after the co-produced activity has had three years "
        "to take root",
    ),
    P(
        "funding_cut_fraction",
        float,
        0.0,
        0,
        1,
        unit="share of budget",
        group=LEVERS,
        lever=True,
        help="Share of the budget removed at the cut.",
        source="assumption: no cut by default, and the austerity scenarios remove 50%, a "
        "severe cut chosen to test whether citizen-led activity outlives funding",
    ),
    P(
        "professionals_per_1000",
        float,
        10.0,
        0,
        50,
        unit="posts per 1,000 citizens",
        group=LEVERS,
        lever=True,
        help="Professional posts (community health and care staff).",
        source="assumption: about 1 per 100 citizens, as in the design",
    ),
    # --- population -----------------------------------------------------------------
    P(
        "n_citizens",
        int,
        2000,
        10,
        5_000_000,
        unit="citizens",
        group=POP,
        help="Number of adult citizens.",
        source="assumption: a ward",
    ),
    P(
        "share_age_16_34",
        float,
        0.29,
        0,
        1,
        unit="share",
        group=POP,
        help="Share of adults aged 16-34.",
        source="ons2021wales",
    ),
    P(
        "share_age_35_54",
        float,
        0.31,
        0,
        1,
        unit="share",
        group=POP,
        help="Share of adults aged 35-54.",
        source="ons2021wales",
    ),
    P(
        "share_age_55_74",
        float,
        0.28,
        0,
        1,
        unit="share",
        group=POP,
        help="Share of adults aged 55-74 (the rest are 75+).",
        source="ons2021wales",
    ),
    P(
        "share_female",
        float,
        0.51,
        0,
        1,
        unit="share",
        group=POP,
        help="Share of women.",
        source="ons2021wales",
    ),
    P(
        "max_capacity_hours",
        float,
        4.0,
        0,
        20,
        unit="hours/week",
        group=POP,
        help="Hours a citizen with no need could give each week; capacity falls with need.",
        source="cls2021; assumption: up to 4 hours a week of spare time to give, of the "
        "order of regular formal volunteers' time, less with need",
    ),
    P(
        "ward_size",
        int,
        500,
        10,
        1_000_000,
        unit="citizens",
        group=POP,
        help="Citizens per ward (neighbourhood block) for the ward label and the wards network.",
        source="assumption: neighbourhood blocks of 500 adults, smaller than an electoral "
        "ward, so that ward labels and the wards network describe local "
        "neighbourhoods",
    ),
    # --- network --------------------------------------------------------------------
    P(
        "network",
        str,
        "watts_strogatz",
        choices=("watts_strogatz", "wards", "barabasi_albert"),
        group=NET,
        help="Social graph: small-world neighbourhood, wards as blocks, or "
        "scale-free (stress case).",
        source="watts1998; holland1983; barabasi1999",
    ),
    P(
        "mean_degree",
        int,
        8,
        2,
        50,
        unit="ties",
        group=NET,
        help="Mean number of ties per citizen at the start.",
        source="dunbar1993; watts1998",
    ),
    P(
        "rewiring",
        float,
        0.05,
        0,
        1,
        unit="probability",
        group=NET,
        help="Watts-Strogatz rewiring probability.",
        source="watts1998",
    ),
    P(
        "between_ward_share",
        float,
        0.05,
        0,
        1,
        unit="share of ties",
        group=NET,
        help="Share of ties that cross wards in the wards network.",
        source="watts1998; assumption: most ties are local, and 5% cross blocks, like the "
        "low rewiring of a small-world network",
    ),
    # --- need, shocks and crises ----------------------------------------------------
    P(
        "initial_need_mean",
        float,
        0.22,
        0.01,
        0.99,
        unit="0-1",
        group=NEED,
        help="Mean unmet need at the start (Beta distributed).",
        source="assumption: with need_met_threshold 0.3 about 70% of adults start with "
        "their needs met (0.725 in the golden baseline runs), leaving a minority "
        "with unmet need",
    ),
    P(
        "shock_prob",
        float,
        0.012,
        0,
        0.5,
        unit="per week",
        group=NEED,
        help="Weekly probability of a life shock for the youngest age band.",
        source="assumption: about 0.6 shocks a year at 16-34 and 1.9 at 75+",
    ),
    P(
        "shock_age_ratio",
        float,
        3.0,
        1,
        10,
        unit="ratio",
        group=NEED,
        help="Shock probability of the 75+ band relative to the 16-34 band.",
        source="assumption: consistent with age gradients in emergency admissions",
    ),
    P(
        "shock_size_mean",
        float,
        0.18,
        0.01,
        0.9,
        unit="need",
        group=NEED,
        help="Mean size of a shock (Beta distributed).",
        source="assumption: a life shock adds about a fifth of the need scale, so two or "
        "three shocks close together take a citizen from met need to the crisis "
        "threshold",
    ),
    P(
        "need_drift",
        float,
        0.0005,
        0,
        0.01,
        unit="need/week",
        group=NEED,
        help="Slow age-related rise in need (scaled by the age multiplier).",
        source="assumption: 0.026 a year: slow accumulation of need with age that services "
        "must offset",
    ),
    P(
        "natural_recovery",
        float,
        0.006,
        0,
        0.2,
        unit="share/week",
        group=NEED,
        help="Share of need that resolves each week without help.",
        source="assumption: unmet need halves in about 115 weeks (ln 2 / 0.006) without "
        "any help, so most recovery comes from services and peers",
    ),
    P(
        "need_met_threshold",
        float,
        0.3,
        0,
        1,
        unit="need",
        group=NEED,
        help="Need below which a citizen's needs count as met.",
        source="assumption: below 0.3 of the scale a need is managed day to day without help",
    ),
    P(
        "crisis_threshold",
        float,
        0.6,
        0,
        1,
        unit="need",
        group=NEED,
        help="Need above which a crisis (acute event) may happen.",
        source="assumption: escalation is possible only above 0.6, twice the met "
        "threshold, so that there is a window for early action",
    ),
    P(
        "crisis_hazard_max",
        float,
        0.15,
        0,
        1,
        unit="per week",
        group=NEED,
        help="Weekly crisis hazard at need 1 with no preventive contact.",
        source="assumption: with the other defaults top_down gives about 45 crises per 1,000 "
        "adults a year, below the ~100 emergency admissions per 1,000 people of all causes",
    ),
    P(
        "prevention_protection",
        float,
        0.5,
        0,
        1,
        unit="share of hazard",
        group=NEED,
        help="Reduction of crisis hazard with full recent preventive contact "
        "(0 switches off the prevention mechanism).",
        source="knapp2010; assumption: recent preventive contact halves the crisis hazard, "
        "and the size of this effect is contested and is tested by the "
        "no_prevention_effect structural switch",
    ),
    P(
        "prevention_half_life",
        float,
        12.0,
        1,
        104,
        unit="weeks",
        group=NEED,
        help="Half-life of the protective effect of preventive contact.",
        source="assumption: the protective effect of a preventive contact halves in about "
        "a quarter of a year",
    ),
    P(
        "crisis_need_reset",
        float,
        0.5,
        0,
        1,
        unit="share of need",
        group=NEED,
        help="Share of need removed by acute care after a crisis.",
        source="assumption: acute care removes half of a citizen's need, and the rest "
        "remains for community services",
    ),
    P(
        "crisis_unit_cost",
        float,
        2800.0,
        0,
        20000,
        unit="GBP per crisis",
        group=NEED,
        help="Cost of one crisis (non-elective admission).",
        source="nhsrefcosts2023",
    ),
    # --- professionals --------------------------------------------------------------
    P(
        "contracted_hours",
        float,
        37.5,
        1,
        60,
        unit="hours/week",
        group=STAFF,
        help="Contracted hours per post.",
        source="pssru2023",
    ),
    P(
        "staff_cost_per_hour",
        float,
        55.0,
        0,
        200,
        unit="GBP/hour",
        group=STAFF,
        help="Employer cost per contracted hour, with overheads.",
        source="pssru2023; neweconomy_ucd; assumption: GBP 55 an hour of staff time "
        "including on-costs and overheads: above a working hour of a social worker or "
        "community nurse (GBP 40-43 at 2013/14 prices, before uprating to 2023/24) and "
        "close to an hour of client-related work (GBP 55-64 at 2013/14 prices)",
    ),
    P(
        "processing_share",
        float,
        0.45,
        0,
        0.9,
        unit="share of hours",
        group=STAFF,
        help="Share of professional time on assessment and paperwork in top-down delivery.",
        source="communitycare2007; assumption: 0.45 is at the lower end of the reported 40-60% "
        "because the model's services include less administrative ones than social work",
    ),
    P(
        "processing_cut_relational",
        float,
        0.4,
        0,
        1,
        unit="share",
        group=STAFF,
        help="Proportional cut in processing at relational_time = 1.",
        source="assumption: full relational working cuts processing time by 40%, keeping "
        "at least a quarter of hours on assessment and recording",
    ),
    P(
        "processing_cut_evaluation",
        float,
        0.3,
        0,
        1,
        unit="share",
        group=STAFF,
        help="Proportional cut in processing at co_evaluation = 1 (citizens judge quality "
        "instead of audit).",
        source="assumption: citizen evaluation replaces part of inspection and reporting: "
        "up to 30% less processing",
    ),
    P(
        "facilitation_max_share",
        float,
        0.15,
        0,
        0.5,
        unit="share of hours",
        group=STAFF,
        help="Share of professional time on facilitation when all four co-levers are 1.",
        source="assumption: at full co-production professionals spend up to 15% of their "
        "hours supporting groups, design and coaching",
    ),
    P(
        "reactive_hours_per_case",
        float,
        2.0,
        0.1,
        20,
        unit="hours/week",
        group=STAFF,
        help="Professional hours per week for a citizen with high need.",
        source="assumption: two hours a week for a citizen in or near crisis: one visit "
        "with travel and recording",
    ),
    P(
        "preventive_hours_per_case",
        float,
        1.0,
        0.1,
        20,
        unit="hours/week",
        group=STAFF,
        help="Professional hours per week for a citizen receiving preventive contact.",
        source="assumption: one hour a week of early, preventive contact",
    ),
    P(
        "exhaustion_rate",
        float,
        0.005,
        0,
        1,
        unit="per week per unit excess pressure",
        group=STAFF,
        help="Rise of exhaustion when demanded hours exceed available hours.",
        source="maslach2016; assumption: exhaustion settles near exhaustion_rate x "
        "(pressure - 1) / exhaustion_recovery, and at the top_down pressure of "
        "about 2-2.5 that is 0.25-0.4 of the scale, and the staff_burnt_out "
        "validation check shows this is too low against the NHS Staff Survey (no "
        "post reaches 0.5)",
    ),
    P(
        "exhaustion_recovery",
        float,
        0.02,
        0,
        1,
        unit="per week",
        group=STAFF,
        help="Weekly recovery, as a share of current exhaustion.",
        source="assumption: without excess pressure exhaustion halves in about 35 weeks "
        "(ln 2 / 0.02): burnout is slow to recover",
    ),
    P(
        "satisfaction_base",
        float,
        0.3,
        0,
        1,
        unit="0-1",
        group=STAFF,
        help="Satisfaction target with no relational time, facilitation, results or "
        "processing above 20%.",
        source="assumption: with the other weights, satisfaction under top_down settles "
        "near 0.4-0.5 and under co-production near 0.8",
    ),
    P(
        "satisfaction_relational",
        float,
        0.2,
        0,
        1,
        unit="0-1",
        group=STAFF,
        help="Satisfaction gained at relational_time = 1 (relationships instead of cases).",
        source="nef2008coproduction; assumption: full relational working adds 0.2 to "
        "satisfaction, less than visible outcomes",
    ),
    P(
        "satisfaction_facilitation",
        float,
        0.1,
        0,
        1,
        unit="0-1",
        group=STAFF,
        help="Satisfaction gained when all four co-levers are 1 (working with citizens).",
        source="assumption: supporting citizens' own activity adds less than relational casework",
    ),
    P(
        "satisfaction_outcomes",
        float,
        0.4,
        0,
        1,
        unit="0-1",
        group=STAFF,
        help="Satisfaction gained per unit of needs-met share (visible results).",
        source="assumption: seeing needs met is the largest single source of satisfaction "
        "(relationships and visible results satisfy, processing does not)",
    ),
    P(
        "satisfaction_processing",
        float,
        0.3,
        0,
        1,
        unit="0-1",
        group=STAFF,
        help="Satisfaction lost per unit of processing share above 0.2.",
        source="assumption: each 10 points of processing share above 20% takes 0.03 off "
        "satisfaction",
    ),
    P(
        "satisfaction_exhaustion",
        float,
        0.3,
        0,
        1,
        unit="0-1",
        group=STAFF,
        help="Satisfaction lost per unit of exhaustion.",
        source="maslach2016",
    ),
    P(
        "satisfaction_rate",
        float,
        0.05,
        0,
        1,
        unit="per week",
        group=STAFF,
        help="Speed at which satisfaction moves toward its target.",
        source="assumption: satisfaction moves half-way to its target in about 14 weeks "
        "(ln 2 / 0.05)",
    ),
    P(
        "leave_hazard_base",
        float,
        0.002,
        0,
        0.1,
        unit="per week",
        group=STAFF,
        help="Weekly hazard of leaving at average satisfaction and no exhaustion "
        "(0.002 is about 10% a year, near the NHS nurse leaver rate).",
        source="skillsforcare2023; nhsdigital2023",
    ),
    P(
        "leave_exhaustion_effect",
        float,
        2.0,
        0,
        10,
        unit="log hazard per unit",
        group=STAFF,
        help="Log hazard ratio of leaving per unit of exhaustion.",
        source="maslach2016",
    ),
    P(
        "leave_satisfaction_effect",
        float,
        2.0,
        0,
        10,
        unit="log hazard per unit",
        group=STAFF,
        help="Log hazard ratio of leaving per unit of satisfaction below 0.5 (above lowers it).",
        source="assumption: symmetric with leave_exhaustion_effect: low satisfaction "
        "raises the leaving hazard as much as exhaustion does",
    ),
    P(
        "vacancy_weeks",
        int,
        12,
        1,
        104,
        unit="weeks",
        group=STAFF,
        help="Weeks a vacated post stays empty (at least 1).",
        source="skillsforcare2023",
    ),
    P(
        "recruitment_cost",
        float,
        3000.0,
        0,
        50000,
        unit="GBP per hire",
        group=STAFF,
        help="Cost of recruiting and inducting a replacement.",
        source="cipd2022",
    ),
    # --- services -------------------------------------------------------------------
    P(
        "initial_fit",
        float,
        0.55,
        0,
        1,
        unit="0-1",
        group=SERV,
        help="Starting fit of each service to the needs it serves.",
        source="assumption: services fit a little over half of needs at the start",
    ),
    P(
        "fit_top_down",
        float,
        0.55,
        0,
        1,
        unit="0-1",
        group=SERV,
        help="Fit that services drift to without citizen input.",
        source="assumption: fit stays at its initial level without citizen input",
    ),
    P(
        "fit_max",
        float,
        0.75,
        0,
        1,
        unit="0-1",
        group=SERV,
        help="Fit reached with full co-design, full influence and wide participation.",
        source="assumption: even full co-design leaves a quarter of needs poorly fitted",
    ),
    P(
        "fit_rate",
        float,
        0.02,
        0,
        1,
        unit="per week",
        group=SERV,
        help="Speed at which fit moves toward its target.",
        source="assumption: fit moves half-way to its target in about 35 weeks: redesign "
        "takes most of a year",
    ),
    P(
        "commissioning_rate",
        float,
        0.02,
        0,
        1,
        unit="per week",
        group=SERV,
        help="Speed at which budget weights move toward reported needs at full "
        "co-commissioning and influence.",
        source="assumption: budget weights move half-way to what citizens report in about 35 weeks",
    ),
    P(
        "commissioning_prevention_shift",
        float,
        0.15,
        0,
        0.5,
        unit="share",
        group=SERV,
        help="Extra prevention share citizens argue for at full co-commissioning and influence.",
        source="nef2008coproduction; assumption: full co-commissioning with full influence "
        "adds up to 15 points of prevention share",
    ),
    P(
        "involvement_rate",
        float,
        0.06,
        0,
        1,
        unit="per week",
        group=SERV,
        help="Weekly chance that a willing citizen takes part in a design, commissioning "
        "or evaluation activity at lever depth 1.",
        source="assumption: at full involvement and willingness about 6% of citizens take "
        "part in each involvement activity each week",
    ),
    P(
        "participation_saturation",
        float,
        0.2,
        0.01,
        1,
        unit="share",
        group=SERV,
        help="Share of citizens involved over 52 weeks at which design and evaluation "
        "reach full effect.",
        source="assumption: fit and ownership gain fully once a fifth of citizens take part",
    ),
    P(
        "ownership_rate",
        float,
        0.03,
        0,
        1,
        unit="per week",
        group=SERV,
        help="Growth rate of community ownership at full co-delivery, participation and influence.",
        source="assumption: ownership builds over about two years of active participation",
    ),
    P(
        "ownership_decay",
        float,
        0.002,
        0,
        1,
        unit="per week",
        group=SERV,
        help="Weekly decay of community ownership.",
        source="assumption: ownership halves in about 7 years (ln 2 / 0.002) without "
        "participation: community capacity is slow to fade",
    ),
    # --- production -----------------------------------------------------------------
    P(
        "production_scale",
        float,
        0.03,
        0,
        1,
        unit="need per week",
        group=SERV,
        help="A in the CES production function.",
        source="parks1981; assumption: with typical inputs a week of services removes a "
        "few hundredths of the need scale, so met need takes months to restore",
    ),
    P(
        "production_share",
        float,
        0.6,
        0.01,
        0.99,
        unit="share",
        group=SERV,
        help="d: weight of professional input in the CES production function.",
        source="parks1981; assumption: professional input weighs a little more than "
        "citizen input (0.6 against 0.4)",
    ),
    P(
        "production_rho",
        float,
        -0.5,
        -5,
        1,
        unit="dimensionless",
        group=SERV,
        help="rho: substitution parameter (1 substitutes, towards 0 Cobb-Douglas, negative "
        "complements). A contested structural choice.",
        source="parks1981; ostrom1996",
    ),
    P(
        "production_nu",
        float,
        0.8,
        0.1,
        1.5,
        unit="dimensionless",
        group=SERV,
        help="nu: returns to scale of the CES production function.",
        source="assumption: decreasing returns to scale (0.8): doubling both inputs less "
        "than doubles need reduction",
    ),
    P(
        "self_management_hours",
        float,
        1.0,
        0,
        10,
        unit="hours/week",
        group=SERV,
        help="Own effort on one's needs at full self-efficacy.",
        source="assumption: an hour a week of self-care at full self-efficacy",
    ),
    P(
        "codelivery_reach",
        float,
        0.35,
        0,
        1,
        unit="per week",
        group=SERV,
        help="Weekly chance that a fully willing citizen takes part in co-delivery at "
        "co_delivery = 1 (opportunities, timing, being asked).",
        source="cls2021; assumption: at full co-delivery and support a third of willing "
        "citizens take part in a given week",
    ),
    P(
        "codelivery_session_hours",
        float,
        2.0,
        0.25,
        20,
        unit="hours",
        group=SERV,
        help="Hours in one co-delivery session (less if capacity is lower).",
        source="assumption: a two-hour session",
    ),
    P(
        "codelivery_efficiency",
        float,
        0.5,
        0,
        2,
        unit="hours per hour",
        group=SERV,
        help="Citizen input to others' needs per co-delivery hour given.",
        source="assumption: half an hour of benefit to people in need per hour given, "
        "after organisation and travel",
    ),
    # --- contribution behaviour -------------------------------------------------------
    P(
        "share_conditional",
        float,
        0.5,
        0,
        1,
        unit="share",
        group=BEH,
        help="Share of conditional cooperators.",
        source="fischbacher2001",
    ),
    P(
        "share_free_rider",
        float,
        0.3,
        0,
        1,
        unit="share",
        group=BEH,
        help="Share of free riders (the rest contribute unconditionally).",
        source="fischbacher2001; assumption: the 20% neither conditional nor free riders "
        "(14% hump-shaped, 6% other) are modelled as unconditional contributors",
    ),
    P(
        "conditional_slope",
        float,
        0.8,
        0,
        1.5,
        unit="dimensionless",
        group=BEH,
        help="Conditional cooperators' response to what their neighbours gave last week; "
        "below 1 makes contributions decay.",
        source="fischbacher2010",
    ),
    P(
        "initial_belief",
        float,
        0.5,
        0,
        1,
        unit="share of capacity",
        group=BEH,
        help="What citizens expect their neighbours to give in the first week of "
        "co-delivery (and after it restarts); conditional cooperators respond to it, so "
        "contributions start high and decay when reciprocity is imperfect.",
        source="ledyard1995; fischbacher2010; assumption: 0.5, the halfway point between "
        "free riding and full contribution where first-round contributions in public-goods "
        "games sit (Ledyard 1995), and conditional cooperators' first contributions follow "
        "their beliefs about others (Fischbacher & Gaechter 2010)",
    ),
    P(
        "unconditional_level",
        float,
        0.35,
        0,
        1,
        unit="share of capacity",
        group=BEH,
        help="Propensity of unconditional contributors.",
        source="fischbacher2001; assumption: unconditional contributors give about a third "
        "of their capacity whatever others do",
    ),
    P(
        "trust_effect",
        float,
        0.25,
        0,
        1,
        unit="propensity per unit trust",
        group=BEH,
        help="Effect of trust in services on willingness to contribute.",
        source="parrado2013; assumption: a citizen at full trust is 0.125 more willing "
        "than one at average trust, as large as the self-efficacy effect",
    ),
    P(
        "efficacy_effect",
        float,
        0.25,
        0,
        1,
        unit="propensity per unit self-efficacy",
        group=BEH,
        help="Effect of self-efficacy on willingness to contribute.",
        source="parrado2013",
    ),
    P(
        "feedback_effect",
        float,
        0.15,
        0,
        1,
        unit="propensity",
        group=BEH,
        help="Boost from visible reciprocity (co-evaluation with influence shows what "
        "contributions achieved).",
        source="fehr2000",
    ),
    P(
        "credit_motivation",
        float,
        0.15,
        0,
        1,
        unit="propensity",
        group=BEH,
        help="Extra willingness from earning time credits.",
        source="seyfang2003; assumption: time credits add 0.15 to everyone's willingness, "
        "a non-monetary reward that does not crowd out",
    ),
    P(
        "cash_motivation",
        float,
        0.05,
        0,
        1,
        unit="propensity",
        group=BEH,
        help="Extra willingness from cash payment (extrinsic).",
        source="gneezy2000",
    ),
    P(
        "crowding_out",
        float,
        0.35,
        0,
        1,
        unit="share",
        group=BEH,
        help="Share of intrinsic motivation lost under cash rewards (0 switches crowding-out off).",
        source="frey1997; gneezy2000",
    ),
    P(
        "peer_help_share",
        float,
        0.05,
        0,
        1,
        unit="share of capacity",
        group=BEH,
        help="Share of capacity given as informal help to neighbours in need.",
        source="assumption: 5% of spare hours go to informal help for neighbours in need",
    ),
    # --- wellbeing, trust, self-efficacy --------------------------------------------
    P(
        "wemwbs_mean",
        float,
        50.7,
        14,
        70,
        unit="WEMWBS points",
        group=WB,
        help="Population mean of initial wellbeing.",
        source="tennant2007",
    ),
    P(
        "wemwbs_sd",
        float,
        8.8,
        0,
        20,
        unit="WEMWBS points",
        group=WB,
        help="Population standard deviation of initial wellbeing.",
        source="tennant2007",
    ),
    P(
        "ways_weight",
        float,
        14.0,
        0,
        40,
        unit="WEMWBS points",
        group=WB,
        help="Wellbeing gained from the five ways going from 0 to 1 together.",
        source="nef2008; assumption: moving all five ways from 0 to 1 adds 14 WEMWBS "
        "points, about 1.6 population SDs (tennant2007: SD 8.79)",
    ),
    P(
        "need_burden",
        float,
        12.0,
        0,
        40,
        unit="WEMWBS points",
        group=WB,
        help="Wellbeing lost from need going from 0 to 1.",
        source="assumption: full need lowers wellbeing by 12 WEMWBS points, about 1.4 "
        "population SDs (tennant2007: SD 8.79)",
    ),
    P(
        "ways_half_life",
        float,
        8.0,
        1,
        104,
        unit="weeks",
        group=WB,
        help="Half-life of the five-ways moving averages.",
        source="assumption: the five ways respond to what a citizen did in the last two months",
    ),
    P(
        "trust_rate",
        float,
        0.02,
        0,
        1,
        unit="per week",
        group=WB,
        help="Speed at which trust responds to met or unmet need.",
        source="assumption: trust moves by about 0.02 a week when needs are met or unmet: "
        "a year of experience moves it across most of the scale",
    ),
    P(
        "tokenism_penalty",
        float,
        0.08,
        0,
        1,
        unit="trust per involvement",
        group=WB,
        help="Trust lost per involvement without influence (0 switches tokenism off).",
        source="arnstein1969; assumption: involvement without influence lowers trust by "
        "0.08 an occasion, more than real influence raises it",
    ),
    P(
        "influence_gain",
        float,
        0.06,
        0,
        1,
        unit="trust per involvement",
        group=WB,
        help="Trust gained per involvement with full influence.",
        source="assumption: involvement with full influence raises trust by 0.06 an "
        "occasion, less than tokenism lowers it (trust is lost faster than gained)",
    ),
    P(
        "efficacy_rate",
        float,
        0.01,
        0,
        1,
        unit="per week",
        group=WB,
        help="Speed at which self-efficacy responds to giving, learning and coaching.",
        source="bandura1977; assumption: self-efficacy moves half-way to its target in "
        "about 70 weeks (ln 2 / 0.01): mastery builds slowly",
    ),
    # --- time bank ------------------------------------------------------------------
    P(
        "timebank_join_rate",
        float,
        0.003,
        0,
        1,
        unit="per week",
        group=TB,
        help="Weekly chance a willing non-member joins.",
        source="assumption: 0.3% of non-members join each week at full support and "
        "willingness, and with leaving at 1% a week membership settles at about a "
        "fifth of adults or less",
    ),
    P(
        "timebank_leave_rate",
        float,
        0.01,
        0,
        1,
        unit="per week",
        group=TB,
        help="Weekly chance a member leaves.",
        source="assumption: members stay about two years on average (1 / 0.01 weeks)",
    ),
    P(
        "matches_per_broker_hour",
        float,
        3.0,
        0,
        50,
        unit="exchanges/hour",
        group=TB,
        help="Exchanges a broker can arrange per hour.",
        source="assumption: a broker arranges about three exchanges an hour (a phone call "
        "each side and a record)",
    ),
    P(
        "exchange_hours",
        int,
        2,
        1,
        8,
        unit="hours",
        group=TB,
        help="Hours in one exchange (whole hours keep the ledger exact).",
        source="assumption: a two-hour exchange (one visit)",
    ),
    P(
        "credit_limit",
        int,
        10,
        0,
        1000,
        unit="hours",
        group=TB,
        help="How far below zero a balance may go.",
        source="assumption: members may owe up to 10 hours, so that people in need can "
        "receive before they give",
    ),
    P(
        "coaching_share",
        float,
        0.3,
        0,
        1,
        unit="share of facilitation",
        group=TB,
        help="Share of professional facilitation time that can be bought as coaching with credits.",
        source="assumption: up to 30% of facilitation time can be bought with credits",
    ),
    P(
        "broker_cost_per_hour",
        float,
        25.0,
        0,
        100,
        unit="GBP/hour",
        group=TB,
        help="Employer cost of broker time.",
        source="knapp2010",
    ),
    P(
        "bridging_prob",
        float,
        0.1,
        0,
        1,
        unit="probability",
        group=TB,
        help="Chance an exchange between strangers creates a tie.",
        source="assumption: one in ten exchanges between strangers becomes a lasting tie",
    ),
    # --- ties -----------------------------------------------------------------------
    P(
        "tie_decay",
        float,
        0.02,
        0,
        1,
        unit="share/week",
        group=TIES,
        help="Weekly geometric decay of tie strength.",
        source="dunbar1993; assumption: an unused tie halves in strength in about 35 weeks "
        "(ln 2 / 0.02)",
    ),
    P(
        "tie_gain",
        float,
        0.1,
        0,
        1,
        unit="share of gap",
        group=TIES,
        help="Strengthening of a tie per interaction, as a share of its distance to 1.",
        source="assumption: each interaction closes a tenth of the gap to full strength",
    ),
    P(
        "social_contact_prob",
        float,
        0.2,
        0,
        1,
        unit="per tie per week",
        group=TIES,
        help="Weekly chance of an everyday interaction on a tie, times twice the "
        "lower of the two citizens' everyday sociability (about 0.5 on average).",
        source="assumption: everyday contact along a tie about one week in five",
    ),
    P(
        "tie_active_threshold",
        float,
        0.2,
        0,
        1,
        unit="strength",
        group=TIES,
        help="Strength below which a tie is inactive.",
        source="assumption: a tie counts as active above a fifth of full strength",
    ),
    P(
        "new_tie_strength",
        float,
        0.35,
        0,
        1,
        unit="strength",
        group=TIES,
        help="Strength of a new bridging tie.",
        source="assumption: a new bridging tie starts weak, above the active threshold so "
        "that it counts at once",
    ),
    P(
        "group_bridging_prob",
        float,
        0.005,
        0,
        1,
        unit="per week",
        group=TIES,
        help="Weekly chance a co-delivery participant forms a tie with another participant "
        "in the same ward.",
        source="assumption: one participant in 200 meets someone new at a session each week",
    ),
    P(
        "tie_rebuild_weeks",
        int,
        4,
        1,
        52,
        unit="weeks",
        group=TIES,
        help="New ties are added to the network in batches this often.",
        source="implementation choice",
    ),
)

PARAMS: dict[str, Param] = {p.name: p for p in _DECLARED}
DEFAULTS: dict[str, Any] = {p.name: p.default for p in _DECLARED}
LEVER_NAMES: tuple[str, ...] = tuple(p.name for p in _DECLARED if p.lever)


class Params(
    create_model(  # type: ignore[misc]
        "_ParamsBase",
        __config__=ConfigDict(extra="forbid", frozen=True),
        **{p.name: (p.kind, p.default) for p in _DECLARED},
    )
):
    """Validated, immutable model parameters (build with :func:`make_params`)."""

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()


def by_group() -> dict[str, list[Param]]:
    """The parameters in declaration order, grouped (policy levers first)."""
    groups: dict[str, list[Param]] = {}
    for p in PARAMS.values():
        groups.setdefault(p.group or "other", []).append(p)
    return groups


def suggest(key: str) -> str:
    """`` Did you mean a, b?`` with the declared keys closest to ``key`` (or nothing)."""
    import difflib

    close = difflib.get_close_matches(key, PARAMS, n=3)
    return f" Did you mean {', '.join(close)}?" if close else ""


def check_value(key: str, value: Any, source: str = "") -> Any:
    """Validate one value against its declaration; return it coerced to the declared type."""
    where = f" (in {source})" if source else ""
    if key not in PARAMS:
        raise InputError(f"unknown parameter {key!r}{where}.{suggest(key)}")
    p = PARAMS[key]
    bad = f"parameter {key!r} = {value!r}{where}: must be {p.allowed()}"
    if p.kind is bool:
        if not isinstance(value, bool):
            raise InputError(bad)
        return value
    if p.kind is str:
        if not isinstance(value, str) or value not in (p.choices or ()):
            raise InputError(bad)
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(bad)
    if p.kind is int:
        if isinstance(value, float):
            if not value.is_integer():
                raise InputError(bad)
            value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value):
            raise InputError(bad)
    if (p.low is not None and value < p.low) or (p.high is not None and value > p.high):
        raise InputError(bad)
    return value


def make_params(values: Mapping[str, Any] | None = None, source: str = "") -> Params:
    """Defaults updated with ``values``; every key and value is checked.

    Raises :class:`InputError` naming the key, the value, what is allowed and ``source``.
    """
    merged = dict(DEFAULTS)
    for key, value in (values or {}).items():
        merged[key] = check_value(key, value, source)
    _check_joint(merged, source)
    return Params(**merged)


def _check_joint(v: dict[str, Any], source: str) -> None:
    where = f" (in {source})" if source else ""
    ages = v["share_age_16_34"] + v["share_age_35_54"] + v["share_age_55_74"]
    if ages > 1 + 1e-9:
        raise InputError(
            f"parameters share_age_16_34 + share_age_35_54 + share_age_55_74 = {ages:g}{where}: "
            "must be at most 1 (the rest are 75+)"
        )
    beh = v["share_conditional"] + v["share_free_rider"]
    if beh > 1 + 1e-9:
        raise InputError(
            f"parameters share_conditional + share_free_rider = {beh:g}{where}: must be at "
            "most 1 (the rest contribute unconditionally)"
        )
    if v["mean_degree"] >= v["n_citizens"]:
        raise InputError(
            f"parameter 'mean_degree' = {v['mean_degree']}{where}: must be below "
            f"n_citizens = {v['n_citizens']}"
        )
    if v["need_met_threshold"] > v["crisis_threshold"]:
        raise InputError(
            f"parameter 'need_met_threshold' = {v['need_met_threshold']}{where}: must not "
            f"exceed crisis_threshold = {v['crisis_threshold']}"
        )
