"""Every reported indicator, one function each (phase 12).

Each function takes ``(state, params)`` and returns a float; its docstring gives the
definition and unit. ``INDICATORS`` lists them in output order; ``EFFECT_AREAS`` groups
them into the six claimed effects of co-production. ``docs/indicators.md`` is checked
against this module by the tests.
"""

from __future__ import annotations

import math

import numpy as np

from .fastops import assign_where, citizen_blocks
from .state import F32, PARTICIPATION_HOURS

#: Peer help given below this many hours a week does not count as taking part.
PEER_PARTICIPATION_HOURS = 0.5
#: Help given or received below this many hours a week does not count for reciprocity.
HELP_HOURS = 0.5
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


# ---------------------------------------------------------------- record keeping ----
def update_records(state, params) -> None:
    """Per-citizen event records and weekly series that indicators are computed from."""
    c, wk, f, h = state.citizens, state.wk, state.flows, state.history
    for sl in citizen_blocks(c.n):
        _record_block(c, wk, sl, state.week)
    citizen_led = f["timebank_hours"] + f["codelivery_hours"]
    professional = f["reactive_hours"] + f["preventive_hours"] + f["coaching_hours"]
    h.setdefault("citizen_led", []).append(citizen_led)
    h.setdefault("service_activity", []).append(citizen_led + professional)
    h.setdefault("leavers", []).append(f["leavers"])
    h.setdefault("filled", []).append(float(np.count_nonzero(state.professionals.filled)))
    state.cache["cost_cumulative"] = state.cache.get("cost_cumulative", 0.0) + _spending(f)


def _record_block(c, wk, sl: slice, week: int) -> None:
    """The per-citizen records of ``update_records`` for the citizens ``sl``."""
    gave = wk.peer_given[sl] + wk.tb_given[sl]
    gave += wk.codelivery[sl]
    assign_where(c.last_gave[sl], gave >= F32(HELP_HOURS), week)
    received = wk.peer_received[sl] + wk.tb_received[sl]
    received += wk.codelivery_benefit[sl]
    assign_where(c.last_received[sl], received >= F32(HELP_HOURS), week)
    took_part = wk.codelivery[sl] >= F32(PARTICIPATION_HOURS)
    took_part |= wk.involved[sl]
    took_part |= wk.tb_given[sl] > 0
    took_part |= wk.tb_received[sl] > 0
    took_part |= wk.peer_given[sl] >= F32(PEER_PARTICIPATION_HOURS)
    assign_where(c.last_active[sl], took_part, week)
    history = c.active_history[sl]
    np.left_shift(history, np.uint64(1), out=history)
    np.bitwise_or(history, took_part, out=history)
    np.copyto(c.contribution[sl], wk.codelivery[sl])


def _service_spending(f) -> float:
    return (
        f.get("staff_cost", 0.0)
        + f.get("broker_cost", 0.0)
        + f.get("recruitment_cost", 0.0)
        + f.get("reward_cost", 0.0)
    )


def _spending(f) -> float:
    return _service_spending(f) + f.get("crisis_cost", 0.0)


# ---------------------------------------------------------------- indicators --------
def week(state, params) -> float:
    """Steps since initialisation (weeks)."""
    return float(state.week)


def wellbeing_mean(state, params) -> float:
    """Mean citizen wellbeing (WEMWBS 14-70; higher is better)."""
    return float(state.citizens.wellbeing.mean(dtype=np.float64))


def wellbeing_sd(state, params) -> float:
    """Standard deviation of citizen wellbeing (WEMWBS points; lower is more equal)."""
    return float(state.citizens.wellbeing.std(dtype=np.float64))


def wellbeing_p10(state, params) -> float:
    """10th percentile of citizen wellbeing (WEMWBS 14-70; higher is better)."""
    return float(low_percentile(state.citizens.wellbeing, 10))


#: Below this many values ``low_percentile`` is plain ``np.percentile``.
LOW_PERCENTILE_MIN = 20_000
#: Values sampled to find a bound above the percentile, and the sample quantile used.
LOW_PERCENTILE_SAMPLE, LOW_PERCENTILE_MARGIN = 8192, 0.02


def low_percentile(x: np.ndarray, q: float):
    """``np.percentile(x, q)`` (linear interpolation), bit for bit, for a low ``q`` of a
    large float array: only the values below a bound are partitioned. The bound is the
    ``q + 2`` percentile of an evenly spaced sample; when fewer values than needed lie
    below it (or with NaN, or a small array) the whole array goes to ``np.percentile``."""
    n = x.size
    small = n < LOW_PERCENTILE_MIN or x.ndim != 1 or x.dtype.kind != "f"
    if small or not 0 <= q < 100 * (1 - LOW_PERCENTILE_MARGIN):
        return np.percentile(x, q)
    quantile = np.true_divide(q, 100)
    virtual = (n - 1) * quantile  # as numpy's "linear" method
    prev = int(np.floor(virtual))
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


def cost_per_citizen_week(state, params) -> float:
    """All public spending this week (staff time, crisis care, broker, recruitment,
    rewards paid) per citizen (GBP; lower is better)."""
    return _spending(state.flows) / state.citizens.n


def cost_cumulative(state, params) -> float:
    """Spending since week 0, undiscounted (GBP)."""
    return float(state.cache.get("cost_cumulative", 0.0))


def need_mean(state, params) -> float:
    """Mean unmet need (0-1; lower is better)."""
    return float(state.citizens.need.mean(dtype=np.float64))


def needs_met_share(state, params) -> float:
    """Share of citizens with need below ``need_met_threshold`` (0-1; higher is better)."""
    return float(np.count_nonzero(state.citizens.need < F32(params.need_met_threshold))) / (
        state.citizens.n
    )


def crisis_rate(state, params) -> float:
    """Crises this week per 1,000 citizens (per 1,000 per week; lower is better)."""
    return state.flows.get("crises", 0.0) * 1000.0 / state.citizens.n


def service_fit(state, params) -> float:
    """Budget-weighted mean fit of services to needs (0-1; higher is better)."""
    sv = state.services
    return float(np.dot(sv.weight, sv.fit))


def professional_satisfaction(state, params) -> float:
    """Mean satisfaction over filled posts (0-1; higher is better); NaN with no filled post."""
    pr = state.professionals
    return float(pr.satisfaction[pr.filled].mean()) if pr.filled.any() else math.nan


def professional_exhaustion(state, params) -> float:
    """Mean exhaustion over filled posts (0-1; lower is better); NaN with no filled post."""
    pr = state.professionals
    return float(pr.exhaustion[pr.filled].mean()) if pr.filled.any() else math.nan


def turnover_rate_annual(state, params) -> float:
    """Leavers in the last 52 weeks / mean filled posts over that window (per year; lower is
    better). Before week 52 the available weeks are annualised; 0 at week 0 or with no
    filled post. Redundancies after a funding cut are not leavers."""
    h = state.history
    leavers = h.get("leavers", [])[-YEAR:]
    filled = h.get("filled", [])[-YEAR:]
    if not leavers or np.mean(filled) <= 0:
        return 0.0
    return float(np.sum(leavers) * YEAR / len(leavers) / np.mean(filled))


def vacancy_share(state, params) -> float:
    """Vacant funded posts / all funded posts (0-1; lower is better); 0 with no post."""
    pr = state.professionals
    funded = int(np.count_nonzero(pr.funded))
    return float(np.count_nonzero(pr.funded & ~pr.filled)) / funded if funded else 0.0


def community_ownership(state, params) -> float:
    """Budget-weighted mean community ownership of services (0-1; higher is better)."""
    sv = state.services
    return float(np.dot(sv.weight, sv.ownership))


def participation_rate(state, params) -> float:
    """Share of citizens who took part in any co-activity (commissioning, design,
    evaluation, co-delivery of at least 0.25 h, a time-bank exchange, or at least 0.5 h of
    peer help given) in the last 4 weeks (0-1; higher is better)."""
    c = state.citizens
    return float(np.count_nonzero(c.last_active > state.week - PARTICIPATION_WINDOW)) / c.n


def participation_persistence(state, params) -> float:
    """Among citizens who took part in a co-activity in the 12 weeks that ended a year ago
    (52 to 63 weeks ago), the share who took part in the last 12 weeks (0-1; higher is
    better); 0 when nobody took part a year ago (so 0 in the first year)."""
    h = state.citizens.active_history
    # the year-ago window is the top 12 of the 64 bits: set in it means h >= 2**52
    then = np.flatnonzero(h >= _YEAR_AGO_MIN)
    if then.size == 0:
        return 0.0
    return float(np.count_nonzero(h[then] & _RECENT_BITS)) / then.size


def budget_week(state, params) -> float:
    """Service budget this week, after any cut (GBP; never negative)."""
    return state.weekly_budget(params)


def service_spending_week(state, params) -> float:
    """Spending this week paid from the service budget: staff, broker, recruitment,
    rewards (GBP). Crisis care is paid from acute budgets."""
    return _service_spending(state.flows)


def budget_balance(state, params) -> float:
    """``min(1, budget / service spending)`` (0-1; 1 when nothing is spent)."""
    spend = _service_spending(state.flows)
    return 1.0 if spend <= 0 else min(1.0, state.weekly_budget(params) / spend)


def sustainability_index(state, params) -> float:
    """Equal-weight mean of community ownership, 1 - annual turnover (clipped to [0, 1]),
    participation persistence and budget balance (0-1; higher is better)."""
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


def _retention(series: list[float], state, params) -> float:
    cut = params.funding_cut_week
    if cut <= YEAR or params.funding_cut_fraction <= 0 or state.week < cut + YEAR - 1:
        return math.nan
    # series[i] is the activity of week i + 1
    before = float(np.sum(series[cut - YEAR - 1 : cut - 1]))
    after = float(np.sum(series[cut - 1 : cut - 1 + YEAR]))
    return after / before if before > 0 else math.nan


def activity_retention(state, params) -> float:
    """Citizen-led activity hours (time bank and co-delivery; informal help between
    neighbours is not service activity and is left out) in the 52 weeks from the funding
    cut / the 52 weeks before it (ratio; higher is better). NaN without a cut, when the
    cut comes before week 53 (no complete year before it; week 0 has no activity), until
    the year after the cut is complete, or when there was no citizen-led activity before
    it."""
    return _retention(state.history.get("citizen_led", []), state, params)


def service_activity_retention(state, params) -> float:
    """As ``activity_retention`` but for all service activity: professional contact and
    coaching hours plus citizen-led hours (ratio; higher is better)."""
    return _retention(state.history.get("service_activity", []), state, params)


def crisis_cost_week(state, params) -> float:
    """Spending this week on crisis care (GBP)."""
    return state.flows.get("crisis_cost", 0.0)


def prevention_cost_week(state, params) -> float:
    """Staff cost of preventive contact hours this week (GBP)."""
    return state.flows.get("prevention_cost", 0.0)


def _way(name):
    def way(state, params) -> float:
        return float(getattr(state.citizens, name).mean(dtype=np.float64))

    way.__name__ = name
    way.__doc__ = f"Mean of the five-ways component '{name}' (0-1; higher is better)."
    return way


connecting, learning, giving, engaged, active = (
    _way(n) for n in ("connecting", "learning", "giving", "engaged", "active")
)


def active_ties_mean(state, params) -> float:
    """Mean number of ties with strength at or above ``tie_active_threshold`` per citizen
    (ties; higher is better)."""
    g = state.graph
    return 2.0 * np.count_nonzero(g.strength >= F32(params.tie_active_threshold)) / g.n


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


def network_clustering(state, params) -> float:
    """Average clustering of the active-tie graph over a fixed random sample of 300
    citizens (all of them below 300), recomputed every 4 weeks and carried forward
    (0-1; higher is better)."""
    cache = state.cache
    if "clustering" not in cache or state.week % CLUSTERING_EVERY == 0:
        active = state.graph.strength >= F32(params.tie_active_threshold)
        cache["clustering"] = clustering_sample(state.graph, cache["clustering_sample"], active)
    return cache["clustering"]


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


def trust_mean(state, params) -> float:
    """Mean trust in services (0-1; higher is better)."""
    return float(state.citizens.trust.mean(dtype=np.float64))


def timebank_hours_week(state, params) -> float:
    """Hours exchanged through the time bank this week (hours)."""
    return state.flows.get("timebank_hours", 0.0)


def timebank_members(state, params) -> float:
    """Time-bank members (citizens)."""
    return float(np.count_nonzero(state.citizens.member))


def credits_outstanding(state, params) -> float:
    """Sum of positive time-bank balances, citizens' and services' (hours)."""
    c, sv = state.citizens, state.services
    # no masked copy; nothing to add up while no balance is positive (no time bank)
    has_positive = c.credits.size and c.credits.max() > 0
    positive = np.maximum(c.credits, 0).sum(dtype=np.int64) if has_positive else 0
    return float(positive + sv.credits[sv.credits > 0].sum())


def ledger_balance(state, params) -> float:
    """Sum of all time-bank balances, citizens' and services' (hours); always exactly 0."""
    return float(
        int(state.citizens.credits.sum(dtype=np.int64)) + int(state.services.credits.sum())
    )


def codelivery_hours_week(state, params) -> float:
    """Hours citizens gave to co-delivery this week (hours)."""
    return state.flows.get("codelivery_hours", 0.0)


def citizen_led_hours_week(state, params) -> float:
    """Citizen-led service activity this week: time-bank and co-delivery hours (hours)."""
    f = state.flows
    return f.get("timebank_hours", 0.0) + f.get("codelivery_hours", 0.0)


def peer_help_hours_week(state, params) -> float:
    """Informal help given to neighbours in need this week (hours)."""
    return state.flows.get("peer_hours", 0.0)


def professional_contact_hours_week(state, params) -> float:
    """Professional reactive, preventive and coaching hours delivered this week (hours)."""
    f = state.flows
    return (
        f.get("reactive_hours", 0.0) + f.get("preventive_hours", 0.0) + f.get("coaching_hours", 0.0)
    )


def filled_posts(state, params) -> float:
    """Filled professional posts (posts)."""
    return float(np.count_nonzero(state.professionals.filled))


def prevention_share_effective(state, params) -> float:
    """Share of contact time on prevention after co-commissioning (0-1)."""
    return float(state.prevention_share)


INDICATORS = (
    week,
    wellbeing_mean,
    wellbeing_sd,
    wellbeing_p10,
    cost_per_citizen_week,
    cost_cumulative,
    sustainability_index,
    need_mean,
    needs_met_share,
    crisis_rate,
    service_fit,
    professional_satisfaction,
    professional_exhaustion,
    turnover_rate_annual,
    vacancy_share,
    community_ownership,
    participation_rate,
    activity_retention,
    crisis_cost_week,
    prevention_cost_week,
    connecting,
    learning,
    giving,
    engaged,
    active,
    active_ties_mean,
    isolation_share,
    network_clustering,
    reciprocity_index,
    trust_mean,
    timebank_hours_week,
    timebank_members,
    credits_outstanding,
    # extras
    service_activity_retention,
    participation_persistence,
    budget_week,
    service_spending_week,
    budget_balance,
    ledger_balance,
    codelivery_hours_week,
    citizen_led_hours_week,
    peer_help_hours_week,
    professional_contact_hours_week,
    filled_posts,
    prevention_share_effective,
)
NAMES = tuple(f.__name__ for f in INDICATORS)
#: Indicators that may be NaN, and when (see their docstrings).
MAY_BE_NAN = (
    "activity_retention",
    "service_activity_retention",
    "professional_satisfaction",
    "professional_exhaustion",
)
#: Direction of "better" for each indicator where one exists: +1 higher, -1 lower.
BETTER = {
    "wellbeing_mean": 1,
    "wellbeing_sd": -1,
    "wellbeing_p10": 1,
    "cost_per_citizen_week": -1,
    "cost_cumulative": -1,
    "sustainability_index": 1,
    "need_mean": -1,
    "needs_met_share": 1,
    "crisis_rate": -1,
    "service_fit": 1,
    "professional_satisfaction": 1,
    "professional_exhaustion": -1,
    "turnover_rate_annual": -1,
    "vacancy_share": -1,
    "community_ownership": 1,
    "participation_rate": 1,
    "activity_retention": 1,
    "service_activity_retention": 1,
    "connecting": 1,
    "learning": 1,
    "giving": 1,
    "engaged": 1,
    "active": 1,
    "active_ties_mean": 1,
    "isolation_share": -1,
    "network_clustering": 1,
    "reciprocity_index": 1,
    "trust_mean": 1,
}
UNITS = {
    "week": "weeks",
    "wellbeing_mean": "WEMWBS",
    "wellbeing_sd": "WEMWBS",
    "wellbeing_p10": "WEMWBS",
    "cost_per_citizen_week": "GBP",
    "cost_cumulative": "GBP",
    "crisis_rate": "per 1,000 per week",
    "turnover_rate_annual": "per year",
    "activity_retention": "ratio",
    "service_activity_retention": "ratio",
    "crisis_cost_week": "GBP",
    "prevention_cost_week": "GBP",
    "active_ties_mean": "ties",
    "timebank_hours_week": "hours",
    "timebank_members": "citizens",
    "credits_outstanding": "hours",
    "ledger_balance": "hours",
    "budget_week": "GBP",
    "service_spending_week": "GBP",
    "codelivery_hours_week": "hours",
    "citizen_led_hours_week": "hours",
    "peer_help_hours_week": "hours",
    "professional_contact_hours_week": "hours",
    "filled_posts": "posts",
}
#: The six claimed effects of co-production and the indicators that measure each.
EFFECT_AREAS = {
    "service effectiveness": ("needs_met_share", "need_mean", "crisis_rate", "service_fit"),
    "job satisfaction": (
        "professional_satisfaction",
        "professional_exhaustion",
        "turnover_rate_annual",
        "vacancy_share",
    ),
    "sustainability": (
        "sustainability_index",
        "community_ownership",
        "participation_rate",
        "activity_retention",
        "service_activity_retention",
    ),
    "value for money": (
        "cost_per_citizen_week",
        "cost_cumulative",
        "crisis_cost_week",
        "prevention_cost_week",
    ),
    "participant wellbeing": (
        "wellbeing_mean",
        "wellbeing_p10",
        "connecting",
        "learning",
        "giving",
        "engaged",
        "active",
    ),
    "community development": (
        "active_ties_mean",
        "isolation_share",
        "network_clustering",
        "reciprocity_index",
        "trust_mean",
        "timebank_members",
    ),
}
HEADLINE = ("wellbeing_mean", "cost_per_citizen_week", "sustainability_index", "crisis_rate")


def unit(name: str) -> str:
    return UNITS.get(name, "0-1")


def compute_all(state, params) -> dict[str, float]:
    """Every indicator for the current state, in ``NAMES`` order."""
    values = {f.__name__: float(f(state, params)) for f in INDICATORS}
    state.cache["participation_rate"] = values["participation_rate"]
    return values


def indicators(state, params, rng: np.random.Generator) -> None:
    """Phase 12: update the records, then compute every indicator into ``state.indicators``."""
    update_records(state, params)
    state.indicators = compute_all(state, params)
