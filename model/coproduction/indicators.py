"""Every reported indicator, declared once.

Each indicator is a small function of ``(state, params)`` returning a float, declared with
``@indicator(...)``: its unit, the range of values it can take, the direction of better,
when it may be NaN, the effect area it measures, a short label and a one-line
plain-language help text; its docstring is the definition. That one declaration drives
``docs/indicators.md``, the report's and the page's labels and axes, and the range checks
of the tests. The declaration order is the output order.

Indicators only observe: ``Observer.observe`` computes them all from the state after the
weekly phases and changes nothing in it. The only thing an observer keeps is its own:
the sample of citizens for network clustering and its last value (recomputed every 4
weeks).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import parallel
from .state import F32

INF = math.inf
#: Nodes in the fixed sample for network clustering, and how often it is recomputed.
CLUSTERING_SAMPLE = 300
CLUSTERING_EVERY = 4
RECIPROCITY_WINDOW = 12
PARTICIPATION_WINDOW = 4
YEAR = 52
#: Participation persistence compares two 12-week windows a year apart (history bits).
PERSISTENCE_WINDOW = 12
_RECENT_BITS = np.uint64((1 << PERSISTENCE_WINDOW) - 1)
_YEAR_AGO_MIN = np.uint64(1 << YEAR)
assert YEAR + PERSISTENCE_WINDOW == 64, "the year-ago window must be the top bits"

#: The six claimed effects of co-production, in reporting order.
SERVICE, JOB, SUSTAIN, VFM, WELLBEING, COMMUNITY = AREAS = (
    "service effectiveness",
    "job satisfaction",
    "sustainability",
    "value for money",
    "participant wellbeing",
    "community development",
)


@dataclass(frozen=True)
class Indicator:
    """One indicator and everything said about it.

    ``low`` / ``high``: the values it can take; ``better``: +1 higher is better, -1 lower,
    0 neither; ``nan``: when it is NaN ("" = never); ``area``: the effect area it measures
    (None: none); ``flow``: a weekly flow, shown as a 13-week trailing mean in figures;
    ``memo``: the function also takes the observer (for carried-forward values);
    ``total``: a running total since week 0, summarised by its value at the end of a run
    (not by a mean over the final year)."""

    name: str
    fn: Callable[..., float]
    unit: str
    low: float
    high: float
    better: int
    label: str
    help: str
    area: str | None = None
    nan: str = ""
    flow: bool = False
    memo: bool = False
    total: bool = False

    @property
    def definition(self) -> str:
        """The docstring, on one line."""
        return " ".join((self.fn.__doc__ or "").split())

    @property
    def phrase(self) -> str:
        """The label as it reads inside a sentence (first letter lower case)."""
        first = self.label[:1]
        rest = self.label[1:]
        return first.lower() + rest if rest[:1].islower() or not rest else self.label

    @property
    def better_word(self) -> str:
        return {1: "higher", -1: "lower"}.get(self.better, "")


_DECLARED: list[Indicator] = []


def indicator(
    *,
    unit: str,
    label: str,
    help: str,
    low: float = 0.0,
    high: float = INF,
    better: int = 0,
    area: str | None = None,
    nan: str = "",
    flow: bool = False,
    memo: bool = False,
    total: bool = False,
):
    """Declare the decorated function as an indicator (appended in declaration order)."""

    def declare(fn):
        if area is not None and area not in AREAS:
            raise ValueError(f"indicator {fn.__name__}: unknown effect area {area!r}")
        if better not in (-1, 0, 1):
            raise ValueError(f"indicator {fn.__name__}: better must be -1, 0 or 1")
        _DECLARED.append(
            Indicator(
                fn.__name__,
                fn,
                unit,
                low,
                high,
                better,
                label,
                help,
                area,
                nan,
                flow,
                memo,
                total,
            )
        )
        return fn

    return declare


SHARE = {"unit": "0-1", "low": 0.0, "high": 1.0}


# ---------------------------------------------------------------- indicators --------
@indicator(unit="weeks", label="Week", help="Weeks since the start of the run.")
def week(state, params) -> float:
    """Steps since initialisation (weeks)."""
    return float(state.week)


@indicator(
    unit="WEMWBS",
    low=14,
    high=70,
    better=1,
    area=WELLBEING,
    label="Mean wellbeing",
    help="Average mental wellbeing on the Warwick-Edinburgh scale (14-70; the adult "
    "average in the UK is about 51).",
)
def wellbeing_mean(state, params) -> float:
    """Mean citizen wellbeing (WEMWBS 14-70; higher is better)."""
    return float(state.citizens.wellbeing.mean(dtype=np.float64))


@indicator(
    unit="WEMWBS",
    high=28,
    better=-1,
    label="Spread of wellbeing",
    help="How unequal wellbeing is: the standard deviation of WEMWBS scores.",
)
def wellbeing_sd(state, params) -> float:
    """Standard deviation of citizen wellbeing (WEMWBS points; lower is more equal)."""
    return float(state.citizens.wellbeing.std(dtype=np.float64))


@indicator(
    unit="WEMWBS",
    low=14,
    high=70,
    better=1,
    area=WELLBEING,
    label="Wellbeing of the worst-off tenth",
    help="The WEMWBS score below which the tenth of citizens with the lowest wellbeing lie.",
)
def wellbeing_p10(state, params) -> float:
    """10th percentile of citizen wellbeing (WEMWBS 14-70; higher is better)."""
    return float(low_percentile(state.citizens.wellbeing, 10))


#: Below this many values ``low_percentile`` partitions a copy of the whole array.
LOW_PERCENTILE_MIN = 20_000
#: Values sampled to find a bound above the percentile, and the sample quantile used.
LOW_PERCENTILE_SAMPLE, LOW_PERCENTILE_MARGIN = 8192, 0.02


def low_percentile(x: np.ndarray, q: float):
    """``np.percentile(x, q)`` (linear interpolation), bit for bit, for a low ``q`` of a
    float array, with the two values it interpolates found by a partition rather than
    numpy's general path. Of a large array only the values below a bound are
    partitioned: the ``q + 2`` percentile of an evenly spaced sample; when fewer values
    than needed lie below it (or with NaN, or fewer than two values) the whole array goes
    to ``np.percentile``. A small array is partitioned whole (a copy)."""
    n = x.size
    if n < 2 or x.ndim != 1 or x.dtype.kind != "f":
        return np.percentile(x, q)
    if not 0 <= q < 100 * (1 - LOW_PERCENTILE_MARGIN):
        return np.percentile(x, q)
    quantile = np.true_divide(q, 100)
    virtual = (n - 1) * quantile  # as numpy's "linear" method
    prev = int(np.floor(virtual))
    if n < LOW_PERCENTILE_MIN:
        low = x.copy()
    else:
        sample = np.sort(x[:: n // LOW_PERCENTILE_SAMPLE])
        bound = sample[int((float(quantile) + LOW_PERCENTILE_MARGIN) * sample.size)]
        low = x[np.flatnonzero(x <= bound)]
    if low.size < prev + 2 or np.isnan(x.max()):
        return np.percentile(x, q)
    low.partition([prev, prev + 1])
    a, b = low[prev], low[prev + 1]
    gamma = float(virtual - prev)
    diff = b - a
    return b - diff * (1 - gamma) if gamma >= 0.5 else a + diff * gamma


@indicator(
    unit="GBP per citizen per week",
    better=-1,
    area=VFM,
    flow=True,
    label="Cost per citizen per week",
    help="All public spending this week (staff, crisis care, broker, recruitment, rewards) "
    "divided by the number of citizens.",
)
def cost_per_citizen_week(state, params) -> float:
    """All public spending this week (staff time, crisis care, broker, recruitment,
    rewards paid) per citizen (GBP; lower is better)."""
    return state.flows.spending() / state.citizens.n


@indicator(
    unit="GBP since week 0, all citizens",
    better=-1,
    area=VFM,
    total=True,
    label="Cumulative cost",
    help="Public spending since the start of the run, for the whole community.",
)
def cost_cumulative(state, params) -> float:
    """Spending since week 0, undiscounted (GBP)."""
    return float(state.records.cost_cumulative)


@indicator(
    **SHARE,
    better=1,
    area=SUSTAIN,
    nan="while participation a year on is undefined (the first 64 weeks without spin-up)",
    label="Sustainability index",
    help="Average of community ownership, staff retention, people still taking part a "
    "year on, and budget balance (0-1).",
)
def sustainability_index(state, params) -> float:
    """Equal-weight mean of community ownership, 1 - annual turnover (clipped to [0, 1]),
    participation persistence and budget balance (0-1; higher is better). NaN while
    participation persistence is (no year-ago window yet), rather than counting it as 0:
    a jump at week 64 would read as a policy effect."""
    return float(
        np.mean(
            [
                community_ownership(state, params),
                1.0 - min(1.0, max(0.0, turnover_rate_annual(state, params))),
                participation_persistence(state, params),
                budget_balance(state, params),
            ]
        )
    )


@indicator(
    **SHARE,
    better=-1,
    area=SERVICE,
    label="Mean unmet need",
    help="Average unmet health and social need (0 none, 1 the most severe).",
)
def need_mean(state, params) -> float:
    """Mean unmet need (0-1; lower is better)."""
    return float(state.citizens.need.mean(dtype=np.float64))


@indicator(
    **SHARE,
    better=1,
    area=SERVICE,
    label="Needs met",
    help="Share of citizens whose need is low enough to be managed day to day.",
)
def needs_met_share(state, params) -> float:
    """Share of citizens with need below ``need_met_threshold`` (0-1; higher is better)."""
    return float(np.count_nonzero(state.citizens.need < F32(params.need_met_threshold))) / (
        state.citizens.n
    )


@indicator(
    unit="per 1,000 per week",
    high=1000,
    better=-1,
    area=SERVICE,
    flow=True,
    label="Crisis rate",
    help="Crises (emergency admissions and the like) this week per 1,000 citizens.",
)
def crisis_rate(state, params) -> float:
    """Crises this week per 1,000 citizens (per 1,000 per week; lower is better)."""
    return state.flows.crises * 1000.0 / state.citizens.n


@indicator(
    **SHARE,
    better=1,
    area=SERVICE,
    label="Service fit",
    help="How well services fit the needs they serve (0-1), weighted by budget.",
)
def service_fit(state, params) -> float:
    """Budget-weighted mean fit of services to needs (0-1; higher is better)."""
    sv = state.services
    return float(np.dot(sv.weight, sv.fit))


@indicator(
    **SHARE,
    better=1,
    area=JOB,
    nan="with no filled post",
    label="Staff satisfaction",
    help="Average job satisfaction of professionals in post (0-1).",
)
def professional_satisfaction(state, params) -> float:
    """Mean satisfaction over filled posts (0-1; higher is better); NaN with no filled post."""
    pr = state.professionals
    return float(pr.satisfaction[pr.filled].mean()) if pr.filled.any() else math.nan


@indicator(
    **SHARE,
    better=-1,
    area=JOB,
    nan="with no filled post",
    label="Staff exhaustion",
    help="Average emotional exhaustion (burnout) of professionals in post (0-1).",
)
def professional_exhaustion(state, params) -> float:
    """Mean exhaustion over filled posts (0-1; lower is better); NaN with no filled post."""
    pr = state.professionals
    return float(pr.exhaustion[pr.filled].mean()) if pr.filled.any() else math.nan


@indicator(
    unit="per year",
    better=-1,
    area=JOB,
    label="Staff turnover",
    help="Professionals who left in the last year, per filled post.",
)
def turnover_rate_annual(state, params) -> float:
    """Leavers in the last 52 weeks / mean filled posts over that window (per year; lower is
    better). Before week 52 the available weeks are annualised; 0 at week 0 or with no
    filled post. Redundancies after a funding cut are not leavers."""
    r = state.records
    leavers = r.leavers[-YEAR:]
    filled = r.filled[-YEAR:]
    if not leavers or np.mean(filled) <= 0:
        return 0.0
    return float(np.sum(leavers) * YEAR / len(leavers) / np.mean(filled))


@indicator(
    **SHARE,
    better=-1,
    area=JOB,
    label="Vacancies",
    help="Share of funded professional posts that are vacant.",
)
def vacancy_share(state, params) -> float:
    """Vacant funded posts / all funded posts (0-1; lower is better); 0 with no post."""
    pr = state.professionals
    funded = int(np.count_nonzero(pr.funded))
    return float(np.count_nonzero(pr.funded & ~pr.filled)) / funded if funded else 0.0


@indicator(
    **SHARE,
    better=1,
    area=SUSTAIN,
    label="Community ownership",
    help="How much of services' activity citizens themselves lead (0-1).",
)
def community_ownership(state, params) -> float:
    """Budget-weighted mean community ownership of services (0-1; higher is better)."""
    sv = state.services
    return float(np.dot(sv.weight, sv.ownership))


@indicator(
    **SHARE,
    better=1,
    area=SUSTAIN,
    label="Participation",
    help="Share of citizens who took part in any co-activity in the last 4 weeks.",
)
def participation_rate(state, params) -> float:
    """Share of citizens who took part in any co-activity (commissioning, design,
    evaluation, co-delivery of at least 0.25 h, a time-bank exchange, or at least 0.5 h of
    peer help given) in the last 4 weeks (0-1; higher is better)."""
    c = state.citizens
    return float(np.count_nonzero(c.last_active > state.week - PARTICIPATION_WINDOW)) / c.n


def _retention(series: list[float], state, params) -> float:
    cut = state.cut_week
    if cut <= YEAR or state.week < cut + YEAR - 1:
        return math.nan
    # series[i] is the activity of week i + 1
    before = float(np.sum(series[cut - YEAR - 1 : cut - 1]))
    after = float(np.sum(series[cut - 1 : cut - 1 + YEAR]))
    return after / before if before > 0 else math.nan


_RETENTION_NAN = (
    "without a funding cut, when the cut comes before week 53, until the year after the "
    "cut is complete, or with no such activity before the cut"
)


@indicator(
    unit="ratio",
    better=1,
    area=SUSTAIN,
    nan=_RETENTION_NAN,
    label="Citizen-led activity kept after a cut",
    help="Citizen-led hours in the year after a funding cut, against the year before.",
)
def activity_retention(state, params) -> float:
    """Citizen-led activity hours (time bank and co-delivery; informal help between
    neighbours is not service activity and is left out) in the 52 weeks from the funding
    cut / the 52 weeks before it (ratio; higher is better). NaN without a cut, when the
    cut comes before week 53 (no complete year before it; week 0 has no activity), until
    the year after the cut is complete, or when there was no citizen-led activity before
    it."""
    return _retention(state.records.citizen_led, state, params)


@indicator(
    unit="GBP per week, all citizens",
    area=VFM,
    flow=True,
    label="Crisis care cost",
    help="Spending this week on crisis care, for the whole community.",
)
def crisis_cost_week(state, params) -> float:
    """Spending this week on crisis care (GBP)."""
    return state.flows.crisis_cost


@indicator(
    unit="GBP per week, all citizens",
    area=VFM,
    flow=True,
    label="Prevention cost",
    help="Staff cost of preventive contact this week, for the whole community.",
)
def prevention_cost_week(state, params) -> float:
    """Staff cost of preventive contact hours this week (GBP)."""
    return state.flows.prevention_cost


_WAY_HELP = {
    "connecting": "time with other people: help given and received",
    "learning": "learning: involvement, coaching and co-delivery",
    "giving": "giving time to others",
    "engaged": "taking part in shaping and running services",
    "active": "active contribution: co-delivery and time-bank help",
}


def _way(name: str):
    def way(state, params) -> float:
        return float(getattr(state.citizens, name).mean(dtype=np.float64))

    way.__name__ = way.__qualname__ = name
    way.__doc__ = f"Mean of the five-ways component '{name}' (0-1; higher is better)."
    return indicator(
        **SHARE,
        better=1,
        area=WELLBEING,
        label=f"Five ways: {name}",
        help=f"Average of the five-ways score for {_WAY_HELP[name]} (0-1).",
    )(way)


connecting, learning, giving, engaged, active = (
    _way(n) for n in ("connecting", "learning", "giving", "engaged", "active")
)


@indicator(
    unit="ties",
    better=1,
    area=COMMUNITY,
    label="Active ties per citizen",
    help="Average number of social ties strong enough to count as active.",
)
def active_ties_mean(state, params) -> float:
    """Mean number of ties with strength at or above ``tie_active_threshold`` per citizen
    (ties; higher is better)."""
    g = state.graph
    return 2.0 * np.count_nonzero(g.strength >= F32(params.tie_active_threshold)) / g.n


@indicator(
    **SHARE,
    better=-1,
    area=COMMUNITY,
    label="Isolation",
    help="Share of citizens with no active social tie.",
)
def isolation_share(state, params) -> float:
    """Share of citizens with no active tie (0-1; lower is better)."""
    g = state.graph
    return float(g.n - np.count_nonzero(g.has_active_tie(params.tie_active_threshold))) / g.n


def clustering_sample(g, sample: np.ndarray, active: np.ndarray) -> float:
    """Mean local clustering coefficient of ``sample`` nodes in the graph of active ties
    (nodes with fewer than two active ties count as 0, as in networkx):
    ``C_v = T_v / (k_v (k_v - 1) / 2)`` with ``T_v`` the active ties among v's ``k_v``
    active neighbours. Only edges at the sampled nodes and the pairs of their neighbours
    are touched (one pass over the edge list, then binary searches), so the cost does not
    grow with a full adjacency product."""
    if sample.size == 0:
        return 0.0
    is_sample = np.zeros(g.n, dtype=bool)
    is_sample[sample] = True
    at_u = active & is_sample[g.u]
    at_v = active & is_sample[g.v]
    centre = np.concatenate([g.u[at_u], g.v[at_v]])
    nbr = np.concatenate([g.v[at_u], g.u[at_v]])
    order = np.lexsort((nbr, centre))
    centre, nbr = centre[order], nbr[order]
    starts = np.searchsorted(centre, sample, "left")
    ends = np.searchsorted(centre, sample, "right")
    k_all = ends - starts
    pa, pb, owner = [], [], []
    # the pairs of neighbours of every sampled node, all nodes of one degree at a time
    for k in np.unique(k_all[k_all >= 2]).tolist():
        who = np.flatnonzero(k_all == k)
        ia, ib = np.triu_indices(k, 1)
        first = starts[who][:, None]
        pa.append(nbr[first + ia].ravel())
        pb.append(nbr[first + ib].ravel())
        owner.append(np.repeat(who, ia.size))
    if not pa:
        return 0.0
    eid = g.find(np.concatenate(pa), np.concatenate(pb))
    closed = np.zeros(eid.size, dtype=bool)
    closed[eid >= 0] = active[eid[eid >= 0]]
    tri = np.bincount(np.concatenate(owner), weights=closed, minlength=sample.size)
    k = (ends - starts).astype(np.float64)
    denom = k * (k - 1) / 2
    c = np.divide(tri, denom, out=np.zeros_like(tri), where=denom > 0)
    return float(c.sum() / sample.size)


@indicator(
    **SHARE,
    better=1,
    area=COMMUNITY,
    memo=True,
    label="Network clustering",
    help="How often a citizen's friends are also friends with each other (0-1).",
)
def network_clustering(state, params, observer) -> float:
    """Average clustering of the active-tie graph over a fixed random sample of 300
    citizens (all of them below 300), recomputed every 4 weeks and carried forward
    (0-1; higher is better)."""
    if observer.clustering is None or state.week % CLUSTERING_EVERY == 0:
        active = state.graph.strength >= F32(params.tie_active_threshold)
        observer.clustering = clustering_sample(state.graph, observer.clustering_sample, active)
    return observer.clustering


@indicator(
    **SHARE,
    better=1,
    area=COMMUNITY,
    label="Reciprocity",
    help="Among people who gave or received help in the last 12 weeks, the share who did both.",
)
def reciprocity_index(state, params) -> float:
    """Among citizens who gave or received at least 0.5 hours of help in a week (peer, time
    bank, co-delivery) in the last 12 weeks, the share who did both (0-1; higher is
    better); 0 when nobody did either."""
    c = state.citizens
    since = state.week - RECIPROCITY_WINDOW
    gave = c.last_gave > since
    got = c.last_received > since
    either = int(np.count_nonzero(gave | got))
    return float(np.count_nonzero(gave & got)) / either if either else 0.0


@indicator(
    **SHARE,
    better=1,
    area=COMMUNITY,
    label="Trust in services",
    help="Average trust of citizens in the services (0-1).",
)
def trust_mean(state, params) -> float:
    """Mean trust in services (0-1; higher is better)."""
    return float(state.citizens.trust.mean(dtype=np.float64))


@indicator(
    unit="hours per week, all citizens",
    flow=True,
    label="Time-bank hours",
    help="Hours exchanged through the time bank this week.",
)
def timebank_hours_week(state, params) -> float:
    """Hours exchanged through the time bank this week (hours)."""
    return state.flows.timebank_hours


@indicator(
    unit="citizens",
    area=COMMUNITY,
    label="Time-bank members",
    help="Citizens who are members of the time bank.",
)
def timebank_members(state, params) -> float:
    """Time-bank members (citizens)."""
    return float(np.count_nonzero(state.citizens.member))


@indicator(
    unit="hours",
    label="Credits outstanding",
    help="Time credits earned and not yet spent (sum of positive balances).",
)
def credits_outstanding(state, params) -> float:
    """Sum of positive time-bank balances, citizens' and services' (hours)."""
    c, sv = state.citizens, state.services
    # no masked copy; nothing to add up while no balance is positive (no time bank)
    has_positive = c.credits.size and c.credits.max() > 0
    positive = np.maximum(c.credits, 0).sum(dtype=np.int64) if has_positive else 0
    return float(positive + sv.credits[sv.credits > 0].sum())


# extras ---------------------------------------------------------------------------------
@indicator(
    unit="ratio",
    better=1,
    area=SUSTAIN,
    nan=_RETENTION_NAN,
    label="Service activity kept after a cut",
    help="All service activity (professional and citizen-led) in the year after a funding "
    "cut, against the year before.",
)
def service_activity_retention(state, params) -> float:
    """As ``activity_retention`` but for all service activity: professional contact and
    coaching hours plus citizen-led hours (ratio; higher is better)."""
    return _retention(state.records.service_activity, state, params)


@indicator(
    **SHARE,
    better=1,
    nan="in the first 64 weeks of history (without spin-up)",
    label="Participation a year on",
    help="Among citizens who took part a year ago, the share who still take part.",
)
def participation_persistence(state, params) -> float:
    """Among citizens who took part in a co-activity in the 12 weeks that ended a year ago
    (52 to 63 weeks ago), the share who took part in the last 12 weeks (0-1; higher is
    better); 0 when nobody took part a year ago. NaN until the community has 64 weeks of
    history (spin-up included): before then there is no year-ago window to compare."""
    if state.week + params.spinup_weeks < YEAR + PERSISTENCE_WINDOW:
        return math.nan
    h = state.citizens.active_history
    # the year-ago window is the top 12 of the 64 bits: set in it means h >= 2**52
    then = np.flatnonzero(h >= _YEAR_AGO_MIN)
    if then.size == 0:
        return 0.0
    return float(np.count_nonzero(h[then] & _RECENT_BITS)) / then.size


@indicator(
    unit="GBP per week, all citizens",
    flow=True,
    label="Service budget",
    help="The service budget this week, after any funding cut, for the whole community.",
)
def budget_week(state, params) -> float:
    """Service budget this week, after any cut (GBP; never negative)."""
    return state.weekly_budget(params)


@indicator(
    unit="GBP per week, all citizens",
    flow=True,
    label="Service spending",
    help="Spending from the service budget this week: staff, broker, recruitment, rewards.",
)
def service_spending_week(state, params) -> float:
    """Spending this week paid from the service budget: staff, broker, recruitment,
    rewards (GBP). Crisis care is paid from acute budgets."""
    return state.flows.service_spending()


@indicator(
    **SHARE,
    label="Budget balance",
    help="Budget over service spending, at most 1 (1: spending within budget).",
)
def budget_balance(state, params) -> float:
    """``min(1, budget / service spending)`` (0-1; 1 when nothing is spent)."""
    spend = state.flows.service_spending()
    return 1.0 if spend <= 0 else min(1.0, state.weekly_budget(params) / spend)


@indicator(
    unit="hours",
    low=0,
    high=0,
    label="Time-bank ledger balance",
    help="Sum of all time-bank balances: always exactly 0 (credits are conserved).",
)
def ledger_balance(state, params) -> float:
    """Sum of all time-bank balances, citizens' and services' (hours); always exactly 0."""
    return float(
        int(state.citizens.credits.sum(dtype=np.int64)) + int(state.services.credits.sum())
    )


@indicator(
    unit="hours per week, all citizens",
    flow=True,
    label="Co-delivery hours",
    help="Hours citizens gave to co-delivery this week.",
)
def codelivery_hours_week(state, params) -> float:
    """Hours citizens gave to co-delivery this week (hours)."""
    return state.flows.codelivery_hours


@indicator(
    unit="hours per week, all citizens",
    flow=True,
    label="Citizen-led hours",
    help="Citizen-led service activity this week: time-bank and co-delivery hours.",
)
def citizen_led_hours_week(state, params) -> float:
    """Citizen-led service activity this week: time-bank and co-delivery hours (hours)."""
    f = state.flows
    return f.timebank_hours + f.codelivery_hours


@indicator(
    unit="hours per week, all citizens",
    flow=True,
    label="Informal help",
    help="Informal help given to neighbours in need this week.",
)
def peer_help_hours_week(state, params) -> float:
    """Informal help given to neighbours in need this week (hours)."""
    return state.flows.peer_hours


@indicator(
    unit="hours per week, all citizens",
    flow=True,
    label="Professional contact hours",
    help="Professional reactive, preventive and coaching hours delivered this week.",
)
def professional_contact_hours_week(state, params) -> float:
    """Professional reactive, preventive and coaching hours delivered this week (hours)."""
    f = state.flows
    return f.reactive_hours + f.preventive_hours + f.coaching_hours


@indicator(unit="posts", label="Filled posts", help="Professional posts filled.")
def filled_posts(state, params) -> float:
    """Filled professional posts (posts)."""
    return float(np.count_nonzero(state.professionals.filled))


@indicator(
    **SHARE,
    better=-1,
    area=SERVICE,
    label="Failure demand",
    help="Share of contacts that are repeat contacts caused by needs not met or not met "
    "well (failure demand).",
)
def failure_demand_share(state, params) -> float:
    """Repeat (failure-demand) contacts / all contacts handled this week: cases served by
    staff plus repeat contacts (0-1; lower is better); 0 with no contact."""
    f = state.flows
    total = f.failure_contacts + f.cases
    return f.failure_contacts / total if total > 0 else 0.0


@indicator(
    **SHARE,
    better=-1,
    area=JOB,
    label="Processing share of staff time",
    help="Share of staff hours spent on assessment, recording and referral of contacts.",
)
def processing_share_week(state, params) -> float:
    """Processing hours (every case served and every repeat contact) / staff hours this
    week (0-1; lower is better); 0 with no staff hours."""
    return state.flows.processing_share


@indicator(
    unit="hours per week, all citizens",
    flow=True,
    label="Commissioned support hours",
    help="Third-sector support hours bought this week with budget beyond the posts.",
)
def commissioned_hours_week(state, params) -> float:
    """Commissioned third-sector support hours bought this week (hours)."""
    return state.flows.commissioned_hours


@indicator(
    unit="GBP per week, all citizens",
    area=VFM,
    flow=True,
    label="Cost of co-production",
    help="What taking part costs the services this week: facilitation staff time, meetings, "
    "training and the time-bank broker, for the whole community.",
)
def coproduction_cost_week(state, params) -> float:
    """Facilitation hours at the staff hourly cost plus meeting, training and broker costs
    this week (GBP). Part of ``cost_per_citizen_week``, not in addition to it."""
    f = state.flows
    return (
        f.facilitation_hours * params.staff_cost_per_hour
        + f.meeting_cost
        + f.training_cost
        + f.broker_cost
    )


def _payer(key: str):
    def value(state, params) -> float:
        return state.flows.by_payer()[key]

    return value


for _key, _label, _who in (
    ("local_authority", "Local authority cost", "the local authority's social services "
     "(running budget and set-up costs, less the time-bank broker)"),
    ("health_board", "Health board cost", "the health board (crisis care)"),
    ("third_sector", "Third-sector cost", "third-sector organisations (the time-bank broker)"),
):  # fmt: skip
    _fn = _payer(_key)
    _fn.__name__ = f"cost_{_key}_week"
    _fn.__doc__ = f"Spending this week paid by {_who} (GBP, whole community)."
    indicator(
        unit="GBP per week, all citizens",
        better=-1,
        flow=True,
        label=_label,
        help=f"Spending this week paid by {_who}, for the whole community.",
    )(_fn)


@indicator(
    unit="GBP per week, all citizens",
    better=-1,
    flow=True,
    label="Set-up cost",
    help="Community development and double running this week, paid as the involvement "
    "levers move (whole community); part of the local authority's cost.",
)
def setup_cost_week(state, params) -> float:
    """Set-up and transition cost this week (GBP, whole community)."""
    return state.flows.setup_cost


@indicator(
    unit="GBP per week, all citizens",
    flow=True,
    label="Value of citizens' own time",
    help="Citizens' own hours given this week (co-delivery, time bank, informal help) at "
    "the value of a volunteer hour: an opportunity cost, not public spending.",
)
def citizen_time_value_week(state, params) -> float:
    """Hours citizens gave this week (co-delivery, time-bank exchanges, informal help)
    times ``volunteer_hour_value`` (GBP); reported apart from public spending."""
    return state.flows.citizen_hours * params.volunteer_hour_value


@indicator(
    unit="hours per carer per week",
    better=-1,
    area=WELLBEING,
    nan="with no carer",
    label="Care given by carers",
    help="Average hours of unpaid care a carer gave this week.",
)
def carer_hours_mean(state, params) -> float:
    """Mean weekly care hours over carers (hours; lower is better); NaN with no carer."""
    c = state.citizens
    return float(c.care_hours[c.carer].mean(dtype=np.float64)) if c.carer.any() else math.nan


# ---------------------------------------------------------------- the declaration ---
INDICATORS: tuple[Indicator, ...] = tuple(_DECLARED)
BY_NAME: dict[str, Indicator] = {i.name: i for i in INDICATORS}
NAMES = tuple(BY_NAME)
#: Indicators that may be NaN, and when (see their declarations).
MAY_BE_NAN = tuple(i.name for i in INDICATORS if i.nan)
#: Direction of "better" for each indicator where one exists: +1 higher, -1 lower.
BETTER = {i.name: i.better for i in INDICATORS if i.better}
UNITS = {i.name: i.unit for i in INDICATORS}
#: The six claimed effects of co-production and the indicators that measure each.
EFFECT_AREAS = {a: tuple(i.name for i in INDICATORS if i.area == a) for a in AREAS}
HEADLINE = ("wellbeing_mean", "cost_per_citizen_week", "sustainability_index", "crisis_rate")


def unit(name: str) -> str:
    """The unit of an indicator ("0-1" for names that are not indicators)."""
    return UNITS.get(name, "0-1")


def label(name: str) -> str:
    """The short label of an indicator (the name in words for anything else)."""
    ind = BY_NAME.get(name)
    return ind.label if ind else name.replace("_", " ").capitalize()


def is_flow(name: str) -> bool:
    """Whether an indicator is a weekly flow (figures show its 13-week trailing mean)."""
    ind = BY_NAME.get(name)
    return bool(ind and ind.flow)


#: Running totals since week 0: summarised by their value at the end of a run.
TOTALS = tuple(i.name for i in INDICATORS if i.total)


def bounds(name: str) -> tuple[float, float]:
    """The values an indicator can take, ``(low, high)``; unbounded for other names."""
    ind = BY_NAME.get(name)
    return (ind.low, ind.high) if ind else (-INF, INF)


class Observer:
    """Computes every indicator from the state, changing nothing in it. It keeps only its
    own memory: the fixed sample of citizens for network clustering (drawn once, from its
    own random stream) and the last clustering value (carried forward between the weeks
    it is recomputed)."""

    def __init__(self, clustering_sample: np.ndarray):
        self.clustering_sample = clustering_sample
        self.clustering: float | None = None

    def observe(self, state, params) -> dict[str, float]:
        """Every indicator for the current state, in ``NAMES`` order. On a large run with
        two or more threads (``coproduction.parallel``), every other indicator that keeps
        no memory is computed on a helper thread meanwhile (each reads the state only, so
        the values are the same)."""
        beside = parallel.helper(state.citizens.n)
        if beside is None:
            return {i.name: self._value(i, state, params) for i in INDICATORS}
        side = [i for k, i in enumerate(INDICATORS) if k % 2 and not i.memo]
        done = beside.submit(lambda: {i.name: self._value(i, state, params) for i in side})
        values = {i.name: self._value(i, state, params) for i in INDICATORS if i not in side}
        values.update(done.result())
        return {name: values[name] for name in NAMES}

    def _value(self, i: Indicator, state, params) -> float:
        return float(i.fn(state, params, self) if i.memo else i.fn(state, params))


def clustering_sample_for(n: int, rng: np.random.Generator) -> np.ndarray:
    """The fixed sample of citizens whose local clustering is averaged (sorted ids)."""
    return np.sort(rng.choice(n, size=min(CLUSTERING_SAMPLE, n), replace=False))
