"""Array-backed model state: one NumPy column per trait (struct of arrays).

Rows are never deleted. Citizens are indexed ``0..N-1`` in neighbourhood order,
professional posts ``0..M-1`` and services ``0..S-1`` (one per need kind).

Every column is declared once, in a schema (``CITIZEN_SCHEMA``, ``PROFESSIONAL_SCHEMA``,
``SERVICE_SCHEMA``, ``WEEK_SCHEMA``) with its dtype, range and meaning. The schema makes
the container classes (``Citizens`` ...), drives initialisation checks, the agent-level
table, the Mesa agent attributes, the hand-made states of the tests and the phase
contract checks. The state a phase may read or write is named by paths such as
``citizens.need``, ``wk.prof_hours`` or ``flows.staff_cost`` (``FIELDS``):

- *stocks* persist from week to week (citizen, professional and service columns, the
  graph, the records, and a few named model-level quantities);
- *per-week* fields (``wk.*`` arrays and ``flows.*`` totals) are reset at the start of
  every week (``start_week``), so a phase that reads one must come after the phase that
  writes it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, make_dataclass
from enum import IntEnum
from typing import Any

import numpy as np

from . import network as network_mod
from .codes import AgeBand, Disposition, Fifth, NeedKind, Way
from .graph import Graph

F32 = np.float32
#: Share of citizens whose main need is of each kind (assumption; order as NeedKind).
NEED_KIND_SHARES = np.array([0.20, 0.10, 0.20, 0.10, 0.25, 0.15])
#: "Week of last event" for events that never happened.
NEVER = np.int32(-10_000)
#: Week records (``last_*``) are int16 (2 bytes per citizen each, not 4): a run can last
#: at most ``MAX_WEEK`` weeks (630 years).
WEEK_DTYPE = np.int16
MAX_WEEK = int(np.iinfo(WEEK_DTYPE).max)
#: Co-delivery hours below this in a week do not count as taking part.
PARTICIPATION_HOURS = 0.25
INF = math.inf


# ---------------------------------------------------------------- schemas -------------
@dataclass(frozen=True)
class Column:
    """One state column: its name, dtype, meaning and range.

    ``codes`` names the values of a categorical column; ``rows`` is the leading length
    of a two-dimensional column (``ways_base``: one row per way); ``shown`` columns are
    Mesa agent attributes and columns of the agent-level table; ``blank`` is the value of
    a citizen to whom nothing has happened yet (hand-made states in tests)."""

    name: str
    dtype: Any
    meaning: str
    low: float = -INF
    high: float = INF
    unit: str = ""
    codes: type[IntEnum] | None = None
    rows: int | None = None
    shown: bool = True
    blank: Any = 0

    @property
    def range_text(self) -> str:
        if self.codes is not None:
            return f"category ({len(self.codes)})"
        if np.dtype(self.dtype) == np.bool_:
            return "bool"
        lo = "" if self.low == -INF else f"{self.low:g}"
        hi = "" if self.high == INF else f"{self.high:g}"
        span = f"{lo}-{hi}" if lo and hi else (f">= {lo}" if lo else (f"<= {hi}" if hi else ""))
        return ", ".join(x for x in (span, self.unit) if x) or "any"


def _c(name, dtype, meaning, low=-INF, high=INF, **kw) -> Column:
    return Column(name, dtype, meaning, low, high, **kw)


_WAYS_MEANING = "five ways to wellbeing: moving average of recent {}"
CITIZEN_SCHEMA: tuple[Column, ...] = (
    _c("age_band", np.int8, "age band", codes=AgeBand),
    _c("female", np.bool_, "sex (true: female)"),
    _c("ward", np.int32, "small area (contiguous ids, sizes as LSOAs vary)", 0),
    _c("fifth", np.int8, "WIMD deprivation fifth of the ward", codes=Fifth),
    _c("need_kind", np.int8, "main kind of need", codes=NeedKind),
    _c("offer_kind", np.int8, "kind of help the citizen can offer", codes=NeedKind),
    _c("disposition", np.int8, "contribution behaviour", codes=Disposition),
    _c("need", F32, "unmet health and social need", 0, 1),
    _c("wellbeing", F32, "mental wellbeing", 14, 70, unit="WEMWBS"),
    _c("trust", F32, "trust in services", 0, 1),
    _c("self_efficacy", F32, "belief in own ability to act", 0, 1),
    *(_c(w.label, F32, _WAYS_MEANING.format(w.label), 0, 1) for w in Way),
    _c("credits", np.int32, "time-bank balance", unit="whole hours"),
    _c("member", np.bool_, "time-bank member"),
    _c("contribution", F32, "co-delivery hours given last week", 0, unit="hours"),
    _c("prevention_recent", F32, "moving average of preventive contact", 0, 1),
    _c("continuity_recent", F32, "moving average of relational (continuous) care", 0, 1),
    _c("carer", np.bool_, "unpaid carer"),
    _c("care_hours", F32, "hours of unpaid care given this week", 0, unit="hours"),
    _c(
        "shock_mult",
        F32,
        "shock multiplier for age band and deprivation fifth (see initialise)",
        0,
        shown=False,
    ),
    _c(
        "ways_base",
        F32,
        "everyday level of each of the five ways (one row per Way)",
        0,
        1,
        rows=len(Way),
        shown=False,
    ),  # fmt: skip
    _c("wellbeing_base", F32, "individual wellbeing baseline", unit="WEMWBS points", shown=False),
    _c("efficacy_base", F32, "everyday level of self-efficacy", 0, 1, shown=False),
    _c(
        "propensity", F32, "willingness to contribute to co-delivery last week", 0, 1, shown=False
    ),  # fmt: skip
    *(
        _c(
            f"last_{event}",
            WEEK_DTYPE,
            f"week of the last {what} (-10,000: never)",
            shown=False,
            blank=NEVER,
        )  # fmt: skip
        for event, what in (
            ("active", "participation in any co-activity"),
            ("gave", "help given (at least 0.5 h in the week)"),
            ("received", "help received (at least 0.5 h in the week)"),
            ("crisis", "crisis"),
            ("design", "co-design involvement"),
            ("commissioning", "co-commissioning involvement"),
            ("evaluation", "co-evaluation involvement"),
        )
    ),
    _c(
        "active_history",
        np.uint64,
        "bit k set: took part in a co-activity k weeks ago",
        shown=False,
    ),
    _c(
        "led_history",
        np.uint8,
        "bit k set: led activity (co-delivery, time bank) k weeks ago",
        shown=False,
    ),  # fmt: skip
    _c(
        "cares_for",
        np.int32,
        "citizen this carer cares for (-1: not a carer)",
        -1,
        shown=False,
        blank=-1,
    ),  # fmt: skip
)
PROFESSIONAL_SCHEMA: tuple[Column, ...] = (
    _c("filled", np.bool_, "post is filled"),
    _c(
        "vacancy_left",
        np.int32,
        "weeks until a vacancy is filled (0 if filled or not funded)",
        0,
        unit="weeks",
    ),  # fmt: skip
    _c("funded", np.bool_, "post has budget"),
    _c("satisfaction", F32, "job satisfaction", 0, 1),
    _c("exhaustion", F32, "emotional exhaustion (burnout)", 0, 1),
    _c("resilience", F32, "multiplier of exhaustion build-up", 0.5, 1.5),
    _c("caseload", F32, "citizens served last week per filled post", 0, unit="citizens"),
    _c("satisfaction_base", F32, "what the post-holder gets from the work at baseline", 0, 1),
    _c("trained", np.bool_, "post-holder trained for co-productive working"),
)
SERVICE_SCHEMA: tuple[Column, ...] = (
    _c("weight", np.float64, "budget weight (the weights sum to 1)", 0, 1),
    _c("fit", np.float64, "fit of the service to the needs it serves", 0, 1),
    _c(
        "ownership", np.float64, "community ownership: how much of its activity citizens lead", 0, 1
    ),  # fmt: skip
    _c("credits", np.int64, "institutional time-bank account", unit="whole hours"),
)
#: Per-citizen working arrays of one week, reset at the start of every week.
WEEK_SCHEMA: tuple[Column, ...] = (
    _c("prof_hours", F32, "professional hours received (reactive, preventive, coaching)", 0),
    _c("preventive", np.bool_, "received preventive contact"),
    _c("peer_received", F32, "informal help received", 0, unit="hours"),
    _c("peer_given", F32, "informal help given", 0, unit="hours"),
    _c("tb_received", F32, "time-bank help received", 0, unit="hours"),
    _c("tb_given", F32, "time-bank help given", 0, unit="hours"),
    _c("coached", F32, "coaching bought with credits", 0, unit="hours"),
    _c("codelivery", F32, "co-delivery hours given", 0, unit="hours"),
    _c("codelivery_benefit", F32, "co-delivery input received", 0, unit="hours"),
    _c("involved", np.bool_, "took part in commissioning, design or evaluation"),
    _c("involved_count", np.int8, "involvement activities taken part in", 0, 3),
    _c("crisis", np.bool_, "had a crisis"),
    _c("need_before", F32, "need at the start of the week, before shocks", 0, 1),
    _c("edge_flags", np.uint8, "interaction flags, two bits per kind (see interactions)"),
    _c("leisure", np.bool_, "spent a time credit on a community or leisure offer"),
)


def _container(name: str, size: str, schema: tuple[Column, ...], doc: str, extra=()) -> type:
    """A dataclass with a size field, one array field per schema column and ``extra``
    ``(name, type, field)`` fields."""
    cls = make_dataclass(
        name,
        [(size, int)] + [(col.name, np.ndarray) for col in schema] + list(extra),
        eq=False,
        module=__name__,
    )
    cls.__doc__ = (
        doc
        + "\n\nColumns:\n\n"
        + "\n".join(
            f"- ``{col.name}`` ({np.dtype(col.dtype).name}, {col.range_text}): {col.meaning}"
            for col in schema
        )
    )
    cls.schema = schema
    return cls


Citizens = _container("Citizens", "n", CITIZEN_SCHEMA, "Citizen arrays (length ``n``).")
Professionals = _container(
    "Professionals", "m", PROFESSIONAL_SCHEMA, "Professional post arrays (length ``m``)."
)
Services = _container("Services", "s", SERVICE_SCHEMA, "Service arrays (one per need kind).")
Week = _container(
    "Week",
    "n",
    WEEK_SCHEMA,
    "Per-week working state, reset at the start of every week: the arrays of "
    "``WEEK_SCHEMA``, and the interactions along ties recorded for the ties phase (see "
    "``coproduction.interactions``): ``pair_min_strength`` (the least tie strength that "
    "counts for each interaction kind flagged this week) and ``contact_edges`` (arrays of "
    "edge ids that carried an interaction).",
    extra=(
        ("pair_min_strength", dict, field(default_factory=dict)),
        ("contact_edges", list, field(default_factory=list)),
    ),
)


@dataclass(slots=True)
class Flows:
    """This week's totals (costs in GBP, hours, counts), reset to 0 at the start of every
    week. Named fields only: reading or writing a name that is not declared here fails."""

    shocks: float = 0.0  # citizens hit by a life shock
    commissioning_participants: float = 0.0
    design_participants: float = 0.0
    evaluation_participants: float = 0.0
    processing_share: float = 0.0  # share of staff hours on processing
    processing_hours: float = 0.0
    failure_contacts: float = 0.0  # repeat contacts caused by unmet need and poor fit
    cases: float = 0.0  # cases served by staff this week (each one contact)
    staff_hours: float = 0.0  # hours worked by filled posts and agency cover
    agency_hours: float = 0.0
    commissioned_hours: float = 0.0  # third-sector support hours bought this week
    facilitation_hours: float = 0.0
    available_hours: float = 0.0  # contact hours available
    demand_hours: float = 0.0  # contact hours that citizens' needs call for
    reactive_hours: float = 0.0
    preventive_hours: float = 0.0
    served: float = 0.0  # citizens given reactive or preventive contact
    staff_cost: float = 0.0  # employed and agency staff
    commissioned_cost: float = 0.0
    prevention_cost: float = 0.0
    peer_hours: float = 0.0
    broker_cost: float = 0.0
    timebank_hours: float = 0.0
    timebank_exchanges: float = 0.0
    coaching_hours: float = 0.0
    codelivery_hours: float = 0.0
    reward_cost: float = 0.0
    meeting_cost: float = 0.0
    training_cost: float = 0.0
    setup_cost: float = 0.0  # community development and double running while levers change
    sessions: float = 0.0  # citizen-sessions of involvement and co-delivery
    citizen_hours: float = 0.0  # citizens' own time given (co-delivery, time bank, help)
    leisure_credits: float = 0.0
    crises: float = 0.0
    expected_crises: float = 0.0  # sum of this week's crisis hazards (the expected count)
    crisis_cost: float = 0.0
    pressure: float = 0.0  # demanded / available contact hours (capped)
    leavers: float = 0.0
    expected_leavers: float = 0.0  # sum of this week's leaving hazards of filled posts
    redundancies: float = 0.0
    hires: float = 0.0
    recruitment_cost: float = 0.0
    bridging_ties: float = 0.0

    def service_spending(self) -> float:
        """Spending paid from the service budget: staff (employed and agency),
        commissioned support, broker, recruitment, rewards, meetings and training."""
        return (
            self.staff_cost
            + self.commissioned_cost
            + self.broker_cost
            + self.recruitment_cost
            + self.reward_cost
            + self.meeting_cost
            + self.training_cost
        )

    def spending(self) -> float:
        """All public spending: service spending, set-up costs and crisis care."""
        return self.service_spending() + self.setup_cost + self.crisis_cost

    def by_payer(self) -> dict[str, float]:
        """Public spending this week split by who pays (sums to :meth:`spending`): the
        local authority's social services pay the service budget and set-up costs except
        the time-bank broker, which a third-sector organisation hosts; the health board
        pays crisis care."""
        return {
            "local_authority": self.service_spending() - self.broker_cost + self.setup_cost,
            "health_board": self.crisis_cost,
            "third_sector": self.broker_cost,
        }


@dataclass(eq=False)
class Records:
    """Bookkeeping kept across weeks by the ``records`` phase: what later phases read
    (last week's participation) and the series that indicators are computed from."""

    participation_rate: float = 0.0  # share active in a co-activity in the last 4 weeks
    led_share: float = 0.0  # share who led activity (co-delivery, time bank), last 4 weeks
    sessions: float = 0.0  # citizen-sessions last week (for this week's facilitation)
    cost_cumulative: float = 0.0  # spending since week 0 (GBP, undiscounted)
    citizen_led: list[float] = field(default_factory=list)  # hours, one per week from week 1
    service_activity: list[float] = field(default_factory=list)
    leavers: list[float] = field(default_factory=list)
    filled: list[float] = field(default_factory=list)


@dataclass(eq=False)
class TieQueue:
    """New ties waiting to be added to the graph (by the ties phase, in batches)."""

    u: list = field(default_factory=list)
    v: list = field(default_factory=list)

    def add(self, u: np.ndarray, v: np.ndarray) -> None:
        self.u.append(u)
        self.v.append(v)


@dataclass(eq=False)
class State:
    """Everything a phase may read or write (see ``FIELDS`` for the names)."""

    week: int
    citizens: Any
    professionals: Any
    services: Any
    graph: Graph
    wk: Any
    demand_share: np.ndarray  # share of need by kind, as reported by involved citizens
    flows: Flows = field(default_factory=Flows)
    records: Records = field(default_factory=Records)
    new_ties: TieQueue = field(default_factory=TieQueue)
    codelivery_started: bool = False  # co-delivery ran last week (beliefs carried over)
    nonstaff_ema: float | None = None  # 13-week average of non-staff service spending
    budget_start: float = 0.0  # budget per citizen in force at week 0 (GBP a year)
    cut_week: int = -1  # first week of a funding cut (-1: none), for the retention indicators
    levers_prev: tuple[float, ...] = ()  # involvement levers in force last week (set-up costs)
    #: True caches only: values that can be recomputed from the rest of the state at any
    #: time. Clearing it never changes a result (tested).
    cache: dict = field(default_factory=dict)

    def clear_caches(self) -> None:
        """Drop every cached value (``cache`` and the graph's derived sums); results are
        unchanged."""
        self.cache.clear()
        self.graph.drop_caches()

    def cut_level(self, params) -> float:
        """Share of the budget left by the funding-cut shorthand (``funding_cut_week``,
        ``funding_cut_fraction``) this week."""
        cut = 0 <= params.funding_cut_week <= self.week
        return 1.0 - params.funding_cut_fraction if cut else 1.0

    def funding_level(self, params) -> float:
        """Share of the week-0 budget in force this week: the cut shorthand times, when
        a schedule has lowered ``budget_per_citizen`` below its week-0 value
        (``budget_start``), the share of it left. A higher budget gives 1."""
        level = self.cut_level(params)
        budget = params.budget_per_citizen
        if budget < self.budget_start:
            level *= budget / self.budget_start
        return level

    def weekly_budget(self, params) -> float:
        """Service budget this week in GBP (the budget in force, after any funding cut)."""
        return params.budget_per_citizen * self.citizens.n / 52.0 * self.cut_level(params)

    def support(self, params) -> np.ndarray:
        """Per-service capacity to organise citizen-led activity: the funded share plus,
        for the part that was cut, what the community itself runs (ownership)."""
        level = self.funding_level(params)
        return level + (1.0 - level) * self.services.ownership


# ---------------------------------------------------------------- field names ---------
STOCK, PER_WEEK = "stock", "per-week"
_MODEL_STOCKS = {
    "demand_share": "share of need by kind, as reported by involved citizens",
    "codelivery_started": "co-delivery ran last week",
    "nonstaff_ema": "13-week average of non-staff service spending",
    "budget_start": "budget per citizen in force at week 0 (a lower scheduled budget is a cut)",
    "cut_week": "first week of a funding cut (-1: none)",
    "levers_prev": "involvement levers in force last week, for set-up costs",
    "new_ties": "new ties waiting to be added to the graph",
    "graph.strength": "tie strengths",
    "graph.edges": "the ties themselves (new ones are added in batches)",
    "week": "the week number",
}


def _fields() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for group, schema in (
        ("citizens", CITIZEN_SCHEMA),
        ("professionals", PROFESSIONAL_SCHEMA),
        ("services", SERVICE_SCHEMA),
    ):
        out.update({f"{group}.{c.name}": (STOCK, c.meaning) for c in schema})
    out.update({k: (STOCK, v) for k, v in _MODEL_STOCKS.items()})
    out.update({f"records.{f.name}": (STOCK, "record kept by the records phase")
                for f in fields(Records)})  # fmt: skip
    out.update({f"wk.{c.name}": (PER_WEEK, c.meaning) for c in WEEK_SCHEMA})
    out["wk.contact_edges"] = (PER_WEEK, "edges listed as having carried an interaction")
    out.update({f"flows.{f.name}": (PER_WEEK, "this week's total") for f in fields(Flows)})
    return out


#: Every field a phase may declare, with its kind (stock or per-week) and meaning.
FIELDS: dict[str, tuple[str, str]] = _fields()


def read_field(state: State, name: str) -> Any:
    """The current value of the field ``name`` (a ``FIELDS`` key), for inspection and the
    phase contract checks: arrays as they are, the graph's ties as ``(u, v)``, queues and
    edge lists as lists of arrays."""
    if name not in FIELDS:
        raise KeyError(f"unknown field {name!r}")
    if name == "graph.edges":
        return (state.graph.u, state.graph.v)
    if name == "graph.strength":
        return state.graph.strength
    if name == "new_ties":
        return (state.new_ties.u, state.new_ties.v)
    if name == "wk.edge_flags":
        return (state.wk.edge_flags, dict(state.wk.pair_min_strength))
    group, _, attr = name.partition(".")
    return getattr(getattr(state, group), attr) if attr else getattr(state, group)


# ---------------------------------------------------------------- construction --------
def blank_arrays(schema: tuple[Column, ...], n: int) -> dict[str, np.ndarray]:
    """Arrays of length ``n`` for every column, each filled with its ``blank`` value."""
    out = {}
    for col in schema:
        shape = (col.rows, n) if col.rows else (n,)
        out[col.name] = np.full(shape, col.blank, dtype=col.dtype)
    return out


def check_arrays(obj: Any, schema: tuple[Column, ...], n: int, where: str) -> None:
    """Raise ``TypeError`` when an array's dtype or shape differs from its declaration."""
    for col in schema:
        arr = getattr(obj, col.name)
        shape = (col.rows, n) if col.rows else (n,)
        if not isinstance(arr, np.ndarray) or arr.dtype != np.dtype(col.dtype):
            got = getattr(arr, "dtype", type(arr).__name__)
            raise TypeError(f"{where}.{col.name}: dtype {got}, declared {np.dtype(col.dtype)}")
        if arr.shape != shape:
            raise TypeError(f"{where}.{col.name}: shape {arr.shape}, declared {shape}")


def check_state(state: State) -> None:
    """Every array of ``state`` has its declared dtype and shape."""
    check_arrays(state.citizens, CITIZEN_SCHEMA, state.citizens.n, "citizens")
    check_arrays(state.professionals, PROFESSIONAL_SCHEMA, state.professionals.m, "professionals")
    check_arrays(state.services, SERVICE_SCHEMA, state.services.s, "services")
    check_arrays(state.wk, WEEK_SCHEMA, state.citizens.n, "wk")


def new_week(n: int) -> Week:
    return Week(n=n, **blank_arrays(WEEK_SCHEMA, n))


def start_week(state: State) -> None:
    """Reset the per-week fields: every ``wk`` array to 0 (``need_before`` to the need at
    the start of the week), the interaction records, and ``flows`` to a fresh ``Flows``."""
    wk = state.wk
    for col in WEEK_SCHEMA:
        if col.name != "need_before":
            getattr(wk, col.name).fill(0)
    np.copyto(wk.need_before, state.citizens.need)
    wk.pair_min_strength.clear()
    wk.contact_edges.clear()
    state.flows = Flows()


def _beta_mean(rng: np.random.Generator, mean: float, conc: float, size: int) -> np.ndarray:
    return rng.beta(mean * conc, (1 - mean) * conc, size=size).astype(F32)


def oldest_neighbour(n: int, u: np.ndarray, v: np.ndarray, age_band: np.ndarray) -> np.ndarray:
    """For every citizen, the neighbour in the oldest age band (the highest id among
    equals), or -1 without neighbours (int32)."""
    best = np.full(n, -1, dtype=np.int64)
    age = age_band.astype(np.int64)
    np.maximum.at(best, u, age[v] * n + v)
    np.maximum.at(best, v, age[u] * n + u)
    return np.where(best >= 0, best % n, -1).astype(np.int32)


#: The levers whose change is a change in how services work (set-up costs follow it).
INVOLVEMENT_LEVERS = ("co_commissioning", "co_design", "co_delivery", "co_evaluation", "influence")


def involvement_levers(params) -> tuple[float, ...]:
    return tuple(float(getattr(params, k)) for k in INVOLVEMENT_LEVERS)


def deprivation_multiplier(ratio: float) -> np.ndarray:
    """Shock multiplier of each deprivation fifth (most deprived first): geometric from
    ``ratio`` (most deprived relative to least) down to 1, scaled to mean 1 over the five
    fifths, so that the Welsh mix keeps the mean shock probability."""
    m = ratio ** ((4 - np.arange(5)) / 4.0)
    return m / m.mean()


def initialise(params, rng: np.random.Generator) -> State:
    """Draw the initial population, workforce, services and network."""
    n = params.n_citizens
    c = blank_arrays(CITIZEN_SCHEMA, n)
    age_p = np.array([params.share_age_16_34, params.share_age_35_54, params.share_age_55_74])
    age_p = np.append(age_p, max(0.0, 1.0 - age_p.sum()))
    c["age_band"] = rng.choice(len(AgeBand), size=n, p=age_p / age_p.sum()).astype(np.int8)
    c["female"] = rng.random(n) < params.share_female
    fifths = np.array([getattr(params, f"share_wimd_{q}") for q in (1, 2, 3, 4)])
    fifths = np.append(fifths, max(0.0, 1.0 - fifths.sum()))
    c["ward"], c["fifth"] = network_mod.draw_wards(n, params.ward_size, fifths, rng)
    c["need_kind"] = rng.choice(len(NeedKind), size=n, p=NEED_KIND_SHARES).astype(np.int8)
    c["offer_kind"] = rng.integers(0, len(NeedKind), size=n).astype(np.int8)
    beh_p = np.array([params.share_conditional, params.share_free_rider])
    beh_p = np.append(beh_p, max(0.0, 1.0 - beh_p.sum()))
    c["disposition"] = rng.choice(len(Disposition), size=n, p=beh_p / beh_p.sum()).astype(np.int8)
    shock_mult = (
        params.shock_age_ratio ** (c["age_band"] / 3.0)
        * deprivation_multiplier(params.deprivation_shock_ratio)[c["fifth"]]
    ).astype(F32)
    c["shock_mult"] = shock_mult
    # older people start with more need (same mean overall)
    need = _beta_mean(rng, params.initial_need_mean, 4.0, n)
    need *= (shock_mult / shock_mult.mean()) ** 0.5
    np.clip(need, 0, 1, out=need)
    c["need"] = need
    # self-efficacy: older people and women co-produce more (Parrado et al. 2013)
    efficacy = _beta_mean(rng, 0.5, 6.0, n)
    efficacy += F32(0.03) * c["female"] + F32(0.02) * c["age_band"]
    np.clip(efficacy, 0, 1, out=efficacy)
    c["self_efficacy"] = efficacy
    c["efficacy_base"] = efficacy.copy()
    c["trust"] = _beta_mean(rng, 0.5, 6.0, n)
    ways_base = np.stack([_beta_mean(rng, 0.35, 5.0, n) for _ in Way])
    ways = ways_base * (1 - 0.5 * need)
    c["ways_base"] = ways_base
    for w in Way:
        c[w.label] = ways[w].copy()
    wellbeing0 = rng.normal(params.wemwbs_mean, params.wemwbs_sd, size=n).astype(F32)
    wellbeing0 += (params.deprivation_wemwbs_gap * (c["fifth"] / 4.0 - 0.5)).astype(F32)
    c["wellbeing_base"] = (
        wellbeing0 - F32(params.ways_weight) * ways.mean(axis=0) + F32(params.need_burden) * need
    ).astype(F32)
    c["wellbeing"] = np.clip(wellbeing0, 14, 70).astype(F32)
    citizens = Citizens(n=n, **c)
    m = int(round(params.professionals_per_1000 * n / 1000))
    pr = blank_arrays(PROFESSIONAL_SCHEMA, m)
    pr["filled"][:] = True
    pr["funded"][:] = True
    pr["satisfaction"] = _beta_mean(rng, 0.6, 20.0, m)
    pr["exhaustion"] = _beta_mean(rng, 0.2, 10.0, m)
    pr["resilience"] = rng.uniform(0.5, 1.5, size=m).astype(F32)
    professionals = Professionals(m=m, **pr)
    s = len(NeedKind)
    sv = blank_arrays(SERVICE_SCHEMA, s)
    sv["weight"][:] = 1.0 / s
    sv["fit"][:] = params.initial_fit
    services = Services(s=s, **sv)
    u, v = network_mod.build(params, rng, c["ward"])
    strength = _beta_mean(rng, 0.5, 8.0, u.size)
    graph = Graph(n, u, v, strength)
    # unpaid carers, each caring for their oldest neighbour (the highest id among equals)
    cares_for = oldest_neighbour(n, u, v, citizens.age_band)
    carer = (rng.random(n) < params.share_carers) & (cares_for >= 0)
    citizens.carer[:] = carer
    citizens.cares_for[:] = np.where(carer, cares_for, -1)
    base = rng.normal(params.satisfaction_base, params.satisfaction_spread, size=m)
    professionals.satisfaction_base[:] = np.clip(base, 0, 1)
    demand = np.bincount(c["need_kind"], weights=need, minlength=s)
    state = State(
        week=0,
        citizens=citizens,
        professionals=professionals,
        services=services,
        graph=graph,
        wk=new_week(n),
        demand_share=demand / max(demand.sum(), 1e-12),
        budget_start=float(params.budget_per_citizen),
        levers_prev=involvement_levers(params),
        cut_week=params.funding_cut_week if params.funding_cut_fraction > 0 else -1,
    )
    check_state(state)
    return state
