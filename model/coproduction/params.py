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
from .schedule import Schedule
from .schedule import parse as schedule_parse


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
        if self.kind is str:
            return f"a {self.unit}"
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
        if self.kind is str:
            return self.unit
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
RUN = "run"
POP = "population"
NET = "network"
NEED = "need, shocks and crises"
STAFF = "professionals"
SERV = "services and budget"
BEH = "contribution behaviour"
WB = "wellbeing, trust and self-efficacy"
TB = "time bank"
TIES = "ties"
APPR = "appraisal"

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
        help="Share of contact time spent on relationships and continuity rather than "
        "transactions: each case takes longer (relational_extra_hours), so fewer people "
        "are seen, and the care they receive is more continuous "
        "(continuity_protection).",
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
        help="Annual service budget per citizen: staff posts up to professionals_per_1000, "
        "agency cover, broker, facilitation costs, rewards and recruitment; what is "
        "left after the posts buys commissioned third-sector support hours. Crisis care "
        "is paid from acute budgets and counted in cost only.",
        source="pssru2023; assumption: 10 posts per 1,000 citizens x 37.5 h x GBP 55 an hour x "
        "52 weeks = GBP 1,072 per citizen a year, rounded up to 1,100",
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
        help="Professional posts the service can recruit and fill (community health and care "
        "staff): the budget pays for posts up to this number and buys commissioned "
        "support hours beyond it.",
        source="assumption: about 1 per 100 citizens, as in the design",
    ),
    P(
        "schedule",
        str,
        "",
        unit="schedule text",
        group=LEVERS,
        help="How levers and the budget change over the run: entries separated by ';', "
        "each 'LEVER step WEEK VALUE', 'LEVER ramp WEEK WEEK [FROM] TO' or 'LEVER points "
        "WEEK:VALUE ...' (a scenario file writes it as a [schedule] table). Empty: every "
        "lever holds its value for the whole run. See docs/scenarios.md.",
        source="assumption: empty by default, since a schedule is an input (the policy "
        "being appraised)",
    ),
    # --- run ----------------------------------------------------------------------
    P(
        "spinup_weeks",
        int,
        780,
        0,
        2600,
        unit="weeks",
        group=RUN,
        help="Weeks the community is run under the reference (top_down) levers before week "
        "0, so that every scenario starts from the same stationary people, network and "
        "workforce for a given seed (common random numbers). 0 starts from the drawn "
        "initial state.",
        source="implementation choice: 15 years, long enough that need, crises, staff turnover "
        "(the leaving hazard) and exhaustion under top_down change by less than 2% "
        "between year 1 and year 10 (python -m coproduction.stationarity, and tested), "
        "while with 10 years the leaving hazard still rose by nearly 2%",
    ),
    # --- appraisal (read by coproduction.appraisal only, never by the dynamics) ---------
    P(
        "wellby_value",
        float,
        13000.0,
        0,
        100_000,
        unit="GBP per WELLBY (2019 prices)",
        group=APPR,
        help="Value of one WELLBY (one point of life satisfaction on 0-10 for one person "
        "for one year); HM Treasury's low and high values are 10,000 and 16,000.",
        source="hmt2021wellbeing",
    ),
    P(
        "ls_per_wemwbs",
        float,
        0.13,
        0,
        1,
        unit="life-satisfaction points per WEMWBS point",
        group=APPR,
        help="Life satisfaction (0-10) per WEMWBS point, to value wellbeing in WELLBYs: the "
        "unstandardised exchange rate from WEMWBS (14-70) to life satisfaction (0-10) in UK "
        "survey data (0.68 standardised), an association rather than a causal mapping.",
        source="wellworth",
    ),
    P(
        "discount_costs",
        float,
        0.035,
        0,
        0.2,
        unit="per year",
        group=APPR,
        help="Discount rate for costs (Green Book: 3.5% for years 0-30).",
        source="greenbook2022",
    ),
    P(
        "discount_health",
        float,
        0.015,
        0,
        0.2,
        unit="per year",
        group=APPR,
        help="Discount rate for health and wellbeing (Green Book: 1.5%).",
        source="greenbook2022",
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
        "share_carers",
        float,
        0.105,
        0,
        0.5,
        unit="share",
        group=POP,
        help="Share of adults who are unpaid carers; each cares for one neighbour (the one "
        "with the highest need).",
        source="census2021carers; assumption: the share of adults is close to the 10.5% of "
        "Wales residents aged 5 and over who provide unpaid care",
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
        200,
        10,
        1_000_000,
        unit="citizens",
        group=POP,
        help="Mean citizens per ward. Wards stand for small areas (LSOAs) of the place: "
        "their sizes vary as LSOAs' do (1,000-3,000 residents), each has one deprivation "
        "fifth, and they are the blocks of the wards network and of local co-delivery "
        "groups.",
        source="ons2021lsoa; assumption: 200 simulated adults a ward, so that a 2,000-citizen "
        "sample of a place spans 10 wards and every deprivation fifth is present",
    ),
    *(
        P(
            f"share_wimd_{q}",
            float,
            0.2,
            0,
            1,
            unit="share",
            group=POP,
            help=f"Share of citizens living in wards of WIMD fifth {q} (fifth 1 is the most "
            "deprived); fifth 5, the least deprived, takes the rest.",
            source="wimd2019; assumption: the Welsh mix, a fifth of small areas in each "
            "fifth by construction of the index, taken as a fifth of adults",
        )
        for q in (1, 2, 3, 4)
    ),
    P(
        "population",
        int,
        0,
        0,
        5_000_000,
        unit="people",
        group=POP,
        help="Residents of the place the citizens stand for, to scale money per simulated "
        "citizen to the place's totals in the appraisal (it changes no dynamics); 0: the "
        "simulated citizens are the whole population.",
        source="ons2021wales; assumption: a place profile sets it to the census count of "
        "usual residents, all ages, which overstates the totals by the share of children, "
        "as no count of adults by local authority was read",
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
        "deprivation_shock_ratio",
        float,
        1.72,
        1,
        5,
        unit="ratio",
        group=NEED,
        help="Shock probability (and need drift) in the most deprived fifth relative to the "
        "least, geometric in between and scaled so that the Welsh mix (a fifth in each) "
        "keeps the mean shock probability. People in the most deprived fifth of "
        "neighbourhoods have 72% more emergency admissions than those in the least (England "
        "2011-12, no Welsh figure found).",
        source="asaria2016; assumption: shocks scale like emergency admissions",
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
        0.8,
        0,
        1,
        unit="per week",
        group=NEED,
        help="Weekly crisis hazard at need 1 with no preventive contact.",
        source="hsj2007wales; assumption: with the other defaults top_down gives about 90-100 "
        "crises (emergency admissions) per 1,000 adults a year, near the 111 emergency "
        "admissions per 1,000 people of all ages in Wales in 2006",
    ),
    P(
        "avoidable_share",
        float,
        0.2,
        0,
        1,
        unit="share of hazard",
        group=NEED,
        help="Share of the crisis hazard that timely community care can avoid "
        "(ambulatory-care-sensitive): prevention and continuity act on this part only.",
        source="qualitywatch2013; ocathain2014; assumption: 20%, from one in five to 22% of "
        "emergency admissions being for ambulatory-care-sensitive or avoidable "
        "conditions",
    ),
    P(
        "prevention_protection",
        float,
        0.5,
        0,
        1,
        unit="share of the avoidable hazard",
        group=NEED,
        help="Reduction of the avoidable part of the crisis hazard with full recent "
        "preventive contact (0 switches the prevention mechanism off).",
        source="knapp2010; huntley2013; assumption: recent preventive contact halves the "
        "avoidable part of the hazard, so a citizen seen every week has about a tenth "
        "less crisis hazard, while trials of case management mostly find no fall in "
        "admissions (relative rate 0.71, 95% CI 0.49 to 1.03), and the effect is tested "
        "by the no_prevention_effect structural switch",
    ),
    P(
        "continuity_protection",
        float,
        0.3,
        0,
        1,
        unit="share of the avoidable hazard per unit continuity",
        group=NEED,
        help="Reduction of the avoidable part of the crisis hazard per unit of recent "
        "relational (continuous) professional care.",
        source="barker2017; hetlevik2021; assumption: a 0.2 rise in continuity goes with about "
        "6% fewer admissions for ambulatory care sensitive conditions (30% per unit), "
        "while the list-level estimate is nearer 2% (10% per unit)",
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
        "processing_hours_per_contact",
        float,
        0.9,
        0,
        10,
        unit="hours per contact",
        group=STAFF,
        help="Assessment, recording and referral time per contact handled: a case served "
        "this week or a repeat (failure-demand) contact.",
        source="communitycare2007; assumption: with the other defaults about 45% of top-down "
        "staff time goes to processing, at the lower end of the 40-60% social workers "
        "report",
    ),
    P(
        "failure_contact_rate",
        float,
        0.25,
        0,
        5,
        unit="contacts per week per unit misfit",
        group=STAFF,
        help="Repeat contacts per citizen in unmet need each week, times the misfit (1 - "
        "fit) of the service for their need: demand caused by not meeting needs, or not "
        "meeting them well (failure demand).",
        source="pmm2021failuredemand; assumption: at top_down about a third of contacts are "
        "failure demand, near the 30% measured in one service and well below the up to "
        "80% claimed",
    ),
    P(
        "relational_extra_hours",
        float,
        0.5,
        0,
        3,
        unit="share of a case's hours",
        group=STAFF,
        help="Extra contact time per case at full relational working (relational_time = 1): "
        "relationships take time, so relational working serves fewer people.",
        source="assumption: a fully relational contact takes half as long again as a "
        "transactional one",
    ),
    P(
        "facilitation_hours_per_participant",
        float,
        0.25,
        0,
        5,
        unit="hours per citizen-session",
        group=STAFF,
        help="Professional facilitation hours for each citizen taking part in a "
        "commissioning, design or evaluation session, or in co-delivery, this week.",
        source="assumption: one facilitator-hour for every four participant-sessions",
    ),
    P(
        "meeting_cost_per_participant",
        float,
        5.0,
        0,
        100,
        unit="GBP per citizen-session",
        group=STAFF,
        help="Venue, refreshments and expenses for each citizen taking part in a session "
        "(commissioning, design, evaluation, co-delivery).",
        source="assumption: GBP 5 a participant-session",
    ),
    P(
        "training_cost_per_post",
        float,
        800.0,
        0,
        10000,
        unit="GBP per post-holder",
        group=STAFF,
        help="Training a post-holder for co-productive working: paid once for each "
        "post-holder while any co-production lever is above 0 (new hires too).",
        source="assumption: about two days at the staff hourly cost (2 x 7.5 h x GBP 55)",
    ),
    P(
        "development_cost_per_citizen",
        float,
        50.0,
        0,
        1000,
        unit="GBP per citizen",
        group=STAFF,
        help="Set-up cost of moving from top-down to fully co-produced involvement "
        "(community development, local coordination and brokerage while the new ways of "
        "working are built), per citizen; paid as the involvement levers move, in "
        "proportion to how far they move, on top of the running budget.",
        source="assumption: a community development or local area coordination post (about "
        "GBP 50,000 a year with on-costs) for every 1,000 adults for a year over a full "
        "change, since no published cost of moving a service to co-production was found",
    ),
    P(
        "double_running_weeks",
        float,
        4.0,
        0,
        52,
        unit="weeks of budget",
        group=STAFF,
        help="Double running while services change: the weeks of the running budget paid "
        "twice over a full move from top-down to co-produced involvement, spread as the "
        "levers move, on top of the running budget.",
        source="assumption: old and new arrangements run side by side for about a month's "
        "worth of spending over a full change (no published figure was found)",
    ),
    P(
        "agency_cover_share",
        float,
        0.2,
        0,
        1,
        unit="share of vacancies",
        group=STAFF,
        help="Share of vacant funded posts covered by agency staff; the rest of the vacancy "
        "is lost capacity.",
        source="scw2023workforce; assumption: agency workers are 1.8% of the Welsh social care "
        "workforce against vacancies of 9%, about a fifth",
    ),
    P(
        "agency_premium",
        float,
        1.3,
        1,
        3,
        unit="ratio",
        group=STAFF,
        help="Cost of an agency hour relative to an employed hour.",
        source="nhsi2018agency; communitycare2010agency; assumption: 30%, between the 20% over "
        "bank staff in the NHS and about GBP 14,400 a year over a newly qualified "
        "social worker",
    ),
    P(
        "commissioned_cost_per_hour",
        float,
        25.0,
        1,
        200,
        unit="GBP/hour",
        group=STAFF,
        help="Cost of a commissioned third-sector support hour, bought with the budget left "
        "after the posts; each hour is preventive contact.",
        source="assumption: a support worker hour with on-costs and the provider's overheads",
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
        "exhaustion_background",
        float,
        0.002,
        0,
        0.1,
        unit="per week",
        group=STAFF,
        help="Weekly exhaustion from the emotional load of the work, not driven by demand, "
        "scaled by each post-holder's resilience.",
        source="maslach2016; assumption: on its own it settles near exhaustion_background x "
        "resilience / exhaustion_recovery, 0.1-0.3 of the scale",
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
        "satisfaction_spread",
        float,
        0.1,
        0,
        0.5,
        unit="0-1",
        group=STAFF,
        help="Standard deviation across posts of the satisfaction base (people differ in "
        "what they get from the same work).",
        source="assumption",
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
        0.3,
        0,
        1,
        unit="0-1 per unit share of hours",
        group=STAFF,
        help="Satisfaction gained per unit share of contracted hours spent facilitating "
        "citizens' own activity.",
        source="assumption: supporting citizens' activity satisfies less than relational "
        "casework (weight 0.3 against 0.2 per unit relational time, but facilitation is "
        "a small share of hours)",
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
    P(
        "volunteer_hour_value",
        float,
        13.6,
        0,
        100,
        unit="GBP/hour",
        group=STAFF,
        help="Value of an hour of citizens' own time given (co-delivery, time bank, informal "
        "help): an opportunity cost, reported apart from public spending.",
        source="valeofglamorgan2018; ncvo2014; assumption: the 2018 average hourly wage "
        "(Annual Survey of Hours and Earnings), as used by the Vale of Glamorgan, above "
        "the ONS replacement cost of about GBP 11 an hour (2012-13)",
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
        "evaluation_fit_share",
        float,
        0.5,
        0,
        1,
        unit="share",
        group=SERV,
        help="Strength of evaluation feedback on fit relative to design: the share of the "
        "gap to fit_max closed at the same rate and participation.",
        source="assumption: judging a service teaches half as much as designing it",
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
        "demand_report_rate",
        float,
        0.1,
        0,
        1,
        unit="per week",
        group=SERV,
        help="How fast the reported shares of need by kind follow what this week's "
        "commissioning participants report.",
        source="assumption: reported needs move a tenth of the way each week",
    ),
    P(
        "involvement_rate",
        float,
        0.006,
        0,
        1,
        unit="per week",
        group=SERV,
        help="Weekly chance that a willing citizen takes part in a design, commissioning "
        "or evaluation activity at lever depth 1.",
        source="cls2017; nsw2019influence; assumption: with the default willingness, a citizen "
        "offered full involvement takes part in a given activity about once in eight "
        "years, so that under co_produced about a quarter to a third of adults take "
        "part in commissioning, design or evaluation in a year, near civic consultation "
        "and participation rates (18% civic consultation and 41% any civic "
        "participation in a year in England, and 19% of adults in Wales feel able to "
        "influence local decisions)",
    ),
    P(
        "participation_saturation",
        float,
        0.2,
        0.01,
        1,
        unit="share",
        group=SERV,
        help="Share of a service's users (citizens with its kind of need) who took part in "
        "design (or evaluation) in the last 52 weeks at which the fit gain is full.",
        source="assumption: a service fits its users' needs as well as it can once a fifth of "
        "them have shaped it",
    ),
    P(
        "ownership_rate",
        float,
        0.03,
        0,
        1,
        unit="per week",
        group=SERV,
        help="Growth rate of community ownership per unit share of citizens leading activity "
        "(co-delivery or the time bank in the last 4 weeks), relative to "
        "participation_saturation, at full influence.",
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
        help="CES substitution parameter of professional and citizen inputs (normalised at "
        "the reference inputs): 1 perfect substitutes, 0 Cobb-Douglas, below 0 "
        "complements.",
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
        "production_ref_prof_hours",
        float,
        2.0,
        0.1,
        20,
        unit="hours/week",
        group=SERV,
        help="Professional hours at the reference point of the normalised CES (a reactive "
        "case): with reference inputs a week of services removes production_scale x fit "
        "of need, whatever production_rho, so production_rho changes substitutability "
        "only.",
        source="klump2012; assumption: the reactive hours of one case",
    ),
    P(
        "production_ref_citizen_hours",
        float,
        0.5,
        0.01,
        20,
        unit="hours/week",
        group=SERV,
        help="Citizen input hours at the reference point of the normalised CES.",
        source="klump2012; assumption: self-management at self-efficacy 0.5",
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
        0.1,
        0,
        1,
        unit="per week",
        group=SERV,
        help="Weekly chance that a fully willing citizen takes part in co-delivery at "
        "co_delivery = 1 (opportunities, timing, being asked).",
        source="cls2017; assumption: with the default propensities about a tenth of adults "
        "take part in co-delivery in a month under co_produced, about half the share "
        "who volunteer formally each month (22% in England)",
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
        "help_prob",
        float,
        0.1,
        0,
        1,
        unit="per week",
        group=BEH,
        help="Weekly chance that a citizen with spare capacity and a neighbour in need helps "
        "them informally.",
        source="cls2017; assumption: with the other defaults about a third of adults give "
        "informal help in a 4-week window, against 39% of adults in England who "
        "volunteer formally or informally at least once a month",
    ),
    P(
        "help_hours",
        float,
        1.0,
        0.1,
        10,
        unit="hours",
        group=BEH,
        help="Hours of informal help given in a week when a citizen helps (spread over their "
        "neighbours in need).",
        source="assumption: an hour a time, as a visit or an errand",
    ),
    P(
        "initial_belief",
        float,
        0.5,
        0,
        1,
        unit="propensity (0-1)",
        group=BEH,
        help="The propensity citizens expect of their neighbours in the first week of "
        "co-delivery (and after it restarts); conditional cooperators respond to it, so "
        "contributions start high and decay when reciprocity is imperfect. A propensity "
        "scales the weekly chance of taking part: codelivery_reach x co_delivery x "
        "support x propensity.",
        source="ledyard1995; fischbacher2010; assumption: 0.5, the halfway point between free "
        "riding and full contribution where first-round contributions in public-goods "
        "games sit (Ledyard 1995), and conditional cooperators' first contributions "
        "follow their beliefs about others (Fischbacher & Gaechter 2010)",
    ),
    P(
        "unconditional_level",
        float,
        0.35,
        0,
        1,
        unit="propensity (0-1)",
        group=BEH,
        help="Propensity of unconditional contributors, whatever others do (it scales their "
        "weekly chance of taking part in co-delivery).",
        source="fischbacher2001; assumption: unconditional contributors are about a third as "
        "likely to take part each week as a fully willing citizen",
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
        "credit_extrinsic",
        float,
        0.15,
        0,
        1,
        unit="propensity (0-1)",
        group=BEH,
        help="Propensity of free riders when co-delivery earns time credits: they take part "
        "for the reward (extrinsic), not from willingness.",
        source="seyfang2003; assumption: credits draw some who would not otherwise give",
    ),
    P(
        "credit_recognition",
        float,
        0.05,
        0,
        1,
        unit="propensity (0-1)",
        group=BEH,
        help="Added to conditional cooperators' propensity by time credits: recognition of "
        "what they give (a non-controlling reward does not crowd out).",
        source="frey2001; assumption: a small lift",
    ),
    P(
        "feedback_effect",
        float,
        0.15,
        0,
        1,
        unit="propensity (0-1)",
        group=BEH,
        help="Added to conditional cooperators' propensity when they see what contributions "
        "achieved: times influence and the share of citizens who took part in "
        "evaluation in the last 52 weeks (relative to participation_saturation).",
        source="fehr2000",
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
        "willingness_efficacy",
        float,
        0.4,
        0,
        1,
        unit="weight",
        group=BEH,
        help="Weight of self-efficacy in willingness to take part (involvement, time bank); "
        "the four willingness weights are normalised to sum to 1.",
        source="parrado2013; assumption: self-efficacy is the strongest predictor of co-production",
    ),
    P(
        "willingness_trust",
        float,
        0.3,
        0,
        1,
        unit="weight",
        group=BEH,
        help="Weight of trust in services in willingness to take part.",
        source="parrado2013; assumption",
    ),
    P(
        "willingness_capacity",
        float,
        0.2,
        0,
        1,
        unit="weight",
        group=BEH,
        help="Weight of spare capacity (1 - need, less for carers) in willingness to take "
        "part: people in high need or caring have less time to give.",
        source="assumption",
    ),
    P(
        "willingness_age",
        float,
        0.1,
        0,
        1,
        unit="weight",
        group=BEH,
        help="Weight of age (band 0 to 3, scaled to 0-1) in willingness to take part: older "
        "people co-produce more.",
        source="parrado2013; assumption",
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
        "deprivation_wemwbs_gap",
        float,
        3.3,
        0,
        15,
        unit="WEMWBS points",
        group=WB,
        help="Baseline wellbeing of the least deprived fifth above the most deprived, linear "
        "in between and centred on the Welsh mix (wemwbs_mean is the mean at a fifth in "
        "each). Mean WEMWBS is 48.6 (men) and 47.3 (women) in the most deprived fifth of "
        "areas against 51.5 and 51.0 in the least (England, no Welsh figure by WIMD fifth "
        "found): a gap of about 3.3.",
        source="hse2016",
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
        "carer_wellbeing_per_hour",
        float,
        0.055,
        0,
        1,
        unit="WEMWBS points per weekly care hour",
        group=WB,
        help="Wellbeing a carer loses for each hour of care a week.",
        source="hse2023carers; census2021carers; assumption: carers score 1.71 WEMWBS points "
        "below non-carers, and carers give about 31 hours a week on average (from the "
        "Census hour bands), 0.055 a point an hour",
    ),
    P(
        "care_hours_per_need",
        float,
        80.0,
        0,
        100,
        unit="hours/week at need 1",
        group=WB,
        help="Care a carer gives each week per unit of need of the person cared for, before "
        "professional and co-delivery input relieves it.",
        source="census2021carers; assumption: at the need typical of the people cared for this "
        "gives about 30 hours a week, the Census mean",
    ),
    P(
        "care_substitution",
        float,
        1.0,
        0,
        5,
        unit="care hours per input hour",
        group=WB,
        help="Carer hours relieved per hour of professional, co-delivery or time-bank input "
        "to the person cared for.",
        source="assumption: an hour of support replaces an hour of care",
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
        "ways_full_hours",
        float,
        3.0,
        0.1,
        40,
        unit="hours/week",
        group=WB,
        help="Hours a week of contact (connecting), giving or active contribution at which "
        "that way's weekly activity is full (1).",
        source="assumption: three hours a week",
    ),
    P(
        "learning_per_involvement",
        float,
        0.5,
        0,
        1,
        unit="activity per involvement",
        group=WB,
        help="Weekly learning activity from each involvement (commissioning, design, "
        "evaluation) taken part in.",
        source="nef2008; assumption",
    ),
    P(
        "learning_per_coaching_hour",
        float,
        0.5,
        0,
        1,
        unit="activity per hour",
        group=WB,
        help="Weekly learning activity per hour of coaching bought with credits.",
        source="assumption",
    ),
    P(
        "learning_per_codelivery_hour",
        float,
        0.1,
        0,
        1,
        unit="activity per hour",
        group=WB,
        help="Weekly learning activity per hour of co-delivery.",
        source="assumption",
    ),
    P(
        "engaged_per_involvement",
        float,
        0.5,
        0,
        1,
        unit="activity per involvement",
        group=WB,
        help="Weekly engagement activity from each involvement taken part in.",
        source="nef2008; assumption",
    ),
    P(
        "engaged_codelivery",
        float,
        0.3,
        0,
        1,
        unit="activity",
        group=WB,
        help="Weekly engagement activity from taking part in co-delivery.",
        source="assumption",
    ),
    P(
        "engaged_member",
        float,
        0.1,
        0,
        1,
        unit="activity",
        group=WB,
        help="Weekly engagement activity from being a time-bank member.",
        source="assumption",
    ),
    P(
        "leisure_activity",
        float,
        0.3,
        0,
        1,
        unit="activity",
        group=WB,
        help="Weekly connecting and active activity from spending a time credit on a "
        "community or leisure offer.",
        source="assumption",
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
        "trust_drift",
        float,
        0.25,
        0,
        1,
        unit="share",
        group=WB,
        help="Speed, relative to trust_rate, at which the trust of citizens without unmet "
        "need drifts back to 0.5.",
        source="assumption",
    ),
    P(
        "trust_relational_weight",
        float,
        0.5,
        0,
        1,
        unit="share",
        group=WB,
        help="Share of the trust gained from a need met that depends on relational time: the "
        "gain is (1 - w) + w x relational_time.",
        source="nef2008coproduction; assumption",
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
    P(
        "efficacy_learning_weight",
        float,
        0.5,
        0,
        2,
        unit="efficacy per unit learning",
        group=WB,
        help="Rise of the self-efficacy target per unit of learning above its everyday level.",
        source="bandura1977; assumption: mastery experience",
    ),
    P(
        "efficacy_giving_weight",
        float,
        0.5,
        0,
        2,
        unit="efficacy per unit giving",
        group=WB,
        help="Rise of the self-efficacy target per unit of giving above its everyday level.",
        source="bandura1977; assumption",
    ),
    # --- time bank ------------------------------------------------------------------
    P(
        "timebank_join_rate",
        float,
        0.0006,
        0,
        1,
        unit="per week",
        group=TB,
        help="Weekly chance a willing non-member joins.",
        source="timebankinguk_members; assumption: with leaving at 1% a week, membership "
        "settles at about 2-4% of adults, a few hundred members in a community of "
        "10,000 (600 members across Carmarthenshire's Spice scheme)",
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
        "credit_spend_rate",
        float,
        0.05,
        0,
        1,
        unit="per week",
        group=TB,
        help="Weekly chance that each credit a citizen holds is spent on a community or "
        "leisure offer; spent credits return to the services' accounts (the offers are "
        "theirs or their partners').",
        source="seyfang2003; assumption: each credit held is spent in a given week with this "
        "chance, so a credit is held about 20 weeks, and time credit schemes mostly "
        "offer leisure and community activities",
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
#: What a policy sets: the levers and how they change over the run (the schedule).
POLICY_NAMES: tuple[str, ...] = (*LEVER_NAMES, "schedule")
#: Levers a schedule can change, with their kinds: every lever but the funding cut (itself
#: a schedule of the budget, kept as a shorthand) and the staffing level (fixed when the
#: workforce is drawn).
SCHEDULABLE: dict[str, type] = {
    k: PARAMS[k].kind
    for k in LEVER_NAMES
    if k not in ("funding_cut_week", "funding_cut_fraction", "professionals_per_1000")
}


def parse_schedule(text: str, source: str = "") -> Schedule:
    """The :class:`~coproduction.schedule.Schedule` of a ``schedule`` text, every value
    checked against its lever's declaration."""
    return schedule_parse(text, SCHEDULABLE, check_value, source)


def _check_schedule(text: str, source: str) -> str:
    return parse_schedule(text, source).text()


_TEXT_CHECKS = {"schedule": _check_schedule}


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
    if p.kind is str and p.choices is None:  # a text with its own language
        if not isinstance(value, str):
            raise InputError(bad)
        return _TEXT_CHECKS[key](value, source)
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
    wimd = sum(v[f"share_wimd_{q}"] for q in (1, 2, 3, 4))
    if wimd > 1 + 1e-9:
        raise InputError(
            f"parameters share_wimd_1 + share_wimd_2 + share_wimd_3 + share_wimd_4 = "
            f"{wimd:g}{where}: must be at most 1 (the rest live in fifth 5)"
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
