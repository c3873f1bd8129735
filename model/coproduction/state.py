"""Array-backed model state: one NumPy column per trait (struct of arrays).

Rows are never deleted. Citizens are indexed ``0..N-1`` in neighbourhood order,
professional posts ``0..M-1`` and services ``0..S-1`` (one per need kind).
The social graph is kept once per undirected edge, sorted by ``(u, v)``, as a CSR
matrix over the upper triangle whose data buffer is the edge strengths themselves, so
neighbour sums are two sparse matrix-vector products and no copy is refreshed weekly
(see ``Graph``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from . import network as network_mod

F32 = np.float32
NEED_KINDS = (
    "befriending",
    "transport",
    "practical_help",
    "learning",
    "health_self_management",
    "caring",
)
#: Share of citizens whose main need is of each kind (assumption; order as NEED_KINDS).
NEED_KIND_SHARES = np.array([0.20, 0.10, 0.20, 0.10, 0.25, 0.15])
AGE_BANDS = ("16-34", "35-54", "55-74", "75+")
DISPOSITIONS = ("conditional", "free_rider", "unconditional")
#: Citizen columns shown to users: Mesa agent attributes and the agent-level table.
CITIZEN_COLUMNS = (
    "age_band",
    "female",
    "ward",
    "need_kind",
    "offer_kind",
    "disposition",
    "need",
    "wellbeing",
    "trust",
    "self_efficacy",
    "connecting",
    "learning",
    "giving",
    "engaged",
    "active",
    "credits",
    "member",
    "contribution",
    "prevention_recent",
)
NEVER = np.int32(-10_000)
#: Week records (``last_*``) are int16 (2 bytes per citizen each, not 4): a run can last
#: at most ``MAX_WEEK`` weeks (630 years).
WEEK_DTYPE = np.int16
MAX_WEEK = int(np.iinfo(WEEK_DTYPE).max)
#: Edges per block in per-edge loops (``Graph.blocks``): 128k float32 = 512 KiB.
EDGE_BLOCK = 1 << 17
#: Co-delivery hours below this in a week do not count as taking part.
PARTICIPATION_HOURS = 0.25  # "week of last event" for events that never happened


class Graph:
    """Undirected weighted graph stored once per edge, in CSR form over the upper triangle.

    Edges are kept sorted by ``(u, v)`` with ``u < v``, so ``v`` doubles as the column
    index and ``ptr`` (length n + 1) as the row pointer of the upper-triangular matrix U
    whose data buffer *is* ``strength`` (no copy, nothing to refresh). Neighbour sums are
    ``U @ x + U.T @ x``. Per citizen at mean degree 8 this costs 4 edges x (4 + 4 + 4)
    bytes plus 4 bytes of row pointer: 52 bytes, against about 180 for a two-way CSR with
    an edge-id map. The two-way CSR (``indptr``, ``indices``, ``eid``) is built on demand
    for callers that want each citizen's full neighbour list (agents, drawing).
    """

    def __init__(self, n: int, u: np.ndarray, v: np.ndarray, strength: np.ndarray):
        self.n = n
        self.u = np.ascontiguousarray(u, dtype=np.int32)
        self.v = np.ascontiguousarray(v, dtype=np.int32)
        self.strength = np.ascontiguousarray(strength, dtype=F32)
        self.ptr = np.zeros(n + 1, dtype=_index_dtype(self.u.size))
        np.cumsum(np.bincount(self.u, minlength=n), out=self.ptr[1:])
        self._rebuild()

    def _rebuild(self) -> None:
        """Point the sparse matrix at the current arrays and drop derived caches."""
        if self.ptr.dtype != _index_dtype(self.u.size):
            self.ptr = self.ptr.astype(_index_dtype(self.u.size))
        cols = self.v.astype(self.ptr.dtype, copy=False)
        self.matrix = sp.csr_matrix(
            (self.strength, cols, self.ptr), shape=(self.n, self.n), copy=False
        )
        self._full = None
        self._degree = None
        self.refresh()

    @property
    def n_edges(self) -> int:
        return int(self.u.size)

    def blocks(self, size: int = EDGE_BLOCK):
        """``(lo, hi)`` bounds of consecutive edge blocks: per-edge work done a block at a
        time keeps its temporaries in cache and small (memory per citizen at scale)."""
        m = self.u.size
        return ((lo, min(lo + size, m)) for lo in range(0, m, size))

    def refresh(self) -> None:
        """Say that edge strengths were written: drops cached strength sums. (The sparse
        matrix reads ``strength`` itself, so nothing is copied.)"""
        self._strength_sum = None

    def neighbour_sum(self, x: np.ndarray) -> np.ndarray:
        """``sum_j strength_ij * x_j`` for every citizen i (float32)."""
        x = x.astype(F32, copy=False)
        out = self.matrix @ x
        out += self.matrix.T @ x
        return out.astype(F32, copy=False)

    def strength_sum(self) -> np.ndarray:
        """Total tie strength of every citizen (``neighbour_sum`` of ones), cached until
        the strengths change (``refresh``) or edges are added."""
        if self._strength_sum is None:
            self._strength_sum = self.neighbour_sum(np.ones(self.n, dtype=F32))
        return self._strength_sum

    def _row_search(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """For each pair, the position in the edge arrays of the first edge ``(a_i, w)``
        with ``w >= b_i`` (bisection within row ``a_i``, all pairs at once)."""
        lo = self.ptr[a].astype(np.int64)
        hi = self.ptr[a + 1].astype(np.int64)
        while True:
            go = lo < hi
            if not go.any():
                return lo
            mid = (lo + hi) // 2
            right = go & (self.v[np.minimum(mid, self.v.size - 1)] < b)
            lo = np.where(right, mid + 1, lo)
            hi = np.where(go & ~right, mid, hi)

    def find(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Edge id of each pair (a_i, b_i), or -1 where the two are not connected."""
        a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        if self.v.size == 0 or lo.size == 0:
            return np.full(lo.size, -1, dtype=np.int64)
        pos = self._row_search(lo, hi)
        end = self.ptr[lo + 1]
        hit = (pos < end) & (self.v[np.minimum(pos, self.v.size - 1)] == hi) & (lo != hi)
        return np.where(hit, pos, -1)

    def add_edges(self, u: np.ndarray, v: np.ndarray, strength: float) -> int:
        """Add new undirected edges (duplicates of existing ones are ignored); returns how
        many were added. Each new edge is inserted at its place in ``(u, v)`` order, so
        the ids of later edges shift up; no sort of the whole graph is needed."""
        if u.size == 0:
            return 0
        nu, nv = network_mod.canonical_edges(u, v, self.n)
        fresh = self.find(nu, nv) < 0
        if not fresh.any():
            return 0
        nu, nv = nu[fresh], nv[fresh]
        pos = self._row_search(nu.astype(np.int64), nv.astype(np.int64))
        # the matrix holds v and strength: let each old array go as soon as it is replaced
        self.matrix = None
        self.u = np.insert(self.u, pos, nu)
        self.v = np.insert(self.v, pos, nv)
        self.strength = np.insert(self.strength, pos, F32(strength))
        self.ptr = self.ptr.astype(_index_dtype(self.u.size), copy=False)
        self.ptr[1:] += np.cumsum(np.bincount(nu, minlength=self.n), dtype=self.ptr.dtype)
        degree = self._degree
        self._rebuild()
        if degree is not None:  # the new ties added to the cached degree (no recount)
            np.add.at(degree, nu, 1)
            np.add.at(degree, nv, 1)
            self._degree = degree
        return int(nu.size)

    def active_degree(self, threshold: float) -> np.ndarray:
        """Number of ties with strength at or above ``threshold`` per citizen (int32)."""
        active = self.strength >= F32(threshold)
        deg = np.bincount(self.u[active], minlength=self.n)
        deg += np.bincount(self.v[active], minlength=self.n)
        return deg.astype(np.int32, copy=False)

    def degree(self) -> np.ndarray:
        """Number of ties of every citizen (int32), cached until edges are added."""
        if self._degree is None:
            deg = np.diff(self.ptr).astype(np.int32, copy=False)
            for lo, hi in self.blocks(size=EDGE_BLOCK * 8):  # no count array over all N
                ends, count = np.unique(self.v[lo:hi], return_counts=True)
                deg[ends] += count.astype(np.int32)
            self._degree = deg
        return self._degree

    def has_active_tie(self, threshold: float) -> np.ndarray:
        """Whether each citizen has at least one tie at or above ``threshold`` (bool).

        Counted from the other side: a citizen has an active tie when they have more ties
        than ties below the threshold. Most ties are active, so only the few weak ones are
        gathered and counted, then compared with the (cached) degree. When weak ties are
        many, a scatter of flags over the active ones is cheaper."""
        t = F32(threshold)
        weak = np.flatnonzero(self.strength < t)
        if weak.size > self.u.size // 4:
            out = np.zeros(self.n, dtype=bool)
            for lo, hi in self.blocks():
                active = self.strength[lo:hi] >= t
                out[self.u[lo:hi][active]] = True
                out[self.v[lo:hi][active]] = True
            return out
        # citizens at weak ties, with how many; no count array over all citizens
        ends, n_weak = np.unique(np.concatenate([self.u[weak], self.v[weak]]), return_counts=True)
        deg = self.degree()
        out = deg > 0
        out[ends[n_weak == deg[ends]]] = False
        return out

    def _two_way(self):
        if self._full is None:
            m = self.u.size
            rows = np.concatenate([self.u, self.v])
            cols = np.concatenate([self.v, self.u])
            order = np.lexsort((cols, rows))
            indptr = np.zeros(self.n + 1, dtype=np.int64)
            np.cumsum(np.bincount(rows, minlength=self.n), out=indptr[1:])
            eid = (order % m).astype(np.int32) if m else order.astype(np.int32)
            self._full = (indptr, cols[order], eid)
        return self._full

    @property
    def indptr(self) -> np.ndarray:
        """Row pointer of the two-way CSR (built on first use; see ``indices``)."""
        return self._two_way()[0]

    @property
    def indices(self) -> np.ndarray:
        """Neighbours of citizen i: ``indices[indptr[i]:indptr[i + 1]]``, ascending."""
        return self._two_way()[1]

    @property
    def eid(self) -> np.ndarray:
        """Edge id of each entry of ``indices``."""
        return self._two_way()[2]


def _index_dtype(m: int):
    """int32 row pointers while the edge count allows (scipy then copies no index array)."""
    return np.int32 if m < np.iinfo(np.int32).max else np.int64


@dataclass
class Citizens:
    n: int
    age_band: np.ndarray  # int8, index into AGE_BANDS
    female: np.ndarray  # bool
    ward: np.ndarray  # int32
    need_kind: np.ndarray  # int8, index into NEED_KINDS
    offer_kind: np.ndarray  # int8
    disposition: np.ndarray  # int8, index into DISPOSITIONS
    age_mult: np.ndarray  # float32, shock multiplier by age band
    need: np.ndarray  # float32 0-1
    self_efficacy: np.ndarray  # float32 0-1
    trust: np.ndarray  # float32 0-1
    connecting: np.ndarray
    learning: np.ndarray
    giving: np.ndarray
    engaged: np.ndarray
    active: np.ndarray
    ways_base: np.ndarray  # float32 (5, N): everyday level of each of the five ways
    wellbeing_base: np.ndarray  # float32 WEMWBS points
    wellbeing: np.ndarray  # float32 WEMWBS 14-70
    efficacy_base: np.ndarray
    credits: np.ndarray  # int32 hours
    member: np.ndarray  # bool, time-bank member
    contribution: np.ndarray  # float32 co-delivery hours last week
    propensity: np.ndarray  # float32 willingness to contribute last week
    prevention_recent: np.ndarray  # float32 0-1 moving average of preventive contact
    last_active: np.ndarray  # int16 week of last participation in any co-activity
    last_gave: np.ndarray  # int16
    last_received: np.ndarray  # int16
    last_crisis: np.ndarray  # int16
    last_design: np.ndarray  # int16 week of last co-design involvement
    last_commissioning: np.ndarray  # int16
    last_evaluation: np.ndarray  # int16
    active_history: np.ndarray  # uint64: bit k set = took part in a co-activity k weeks ago


@dataclass
class Professionals:
    m: int
    filled: np.ndarray  # bool
    vacancy_left: np.ndarray  # int32 weeks until a vacancy is filled (0 if filled/funded off)
    funded: np.ndarray  # bool: post has budget
    satisfaction: np.ndarray  # float32
    exhaustion: np.ndarray  # float32
    resilience: np.ndarray  # float32 multiplier of exhaustion build-up
    caseload: np.ndarray  # float32 citizens served last week per post


@dataclass
class Services:
    s: int
    weight: np.ndarray  # float64 budget weights (sum 1)
    fit: np.ndarray  # float64 0-1
    ownership: np.ndarray  # float64 0-1
    credits: np.ndarray  # int64 institutional time-bank accounts


@dataclass
class Week:
    """Per-week working arrays, reset at the start of every step."""

    prof_hours: np.ndarray  # float32 professional hours received (reactive+preventive+coaching)
    preventive: np.ndarray  # bool received preventive contact
    peer_received: np.ndarray  # float32
    peer_given: np.ndarray  # float32
    tb_received: np.ndarray  # float32
    tb_given: np.ndarray  # float32
    coached: np.ndarray  # float32
    codelivery: np.ndarray  # float32 co-delivery hours given
    codelivery_benefit: np.ndarray  # float32 co-delivery input received
    involved: np.ndarray  # bool took part in commissioning, design or evaluation
    involved_count: np.ndarray  # int8 how many involvement activities
    crisis: np.ndarray  # bool
    need_before: np.ndarray  # float32
    # Interactions along ties are recorded per citizen and resolved per edge once, in the
    # ties phase (``mechanisms._common.edge_contacts``): bits 2k and 2k + 1 of
    # ``edge_flags`` say that a citizen acts / can take part in pair kind k (see
    # ``flag_pair``); ``pair_min_strength[k]`` is the least tie strength that counts
    # (None: any), one entry per kind flagged this week.
    edge_flags: np.ndarray  # uint8
    pair_min_strength: dict = field(default_factory=dict)
    contact_edges: list = field(default_factory=list)  # arrays of edge ids that interacted
    new_u: list = field(default_factory=list)
    new_v: list = field(default_factory=list)


@dataclass
class State:
    """Everything a phase may read or write."""

    week: int
    citizens: Citizens
    professionals: Professionals
    services: Services
    graph: Graph
    wk: Week
    prevention_share: float  # effective share after co-commissioning
    demand_share: np.ndarray  # share of need by kind (reported by citizens involved)
    # weekly flows (reset each week) and running records for indicators
    flows: dict = field(default_factory=dict)
    history: dict = field(default_factory=dict)
    indicators: dict = field(default_factory=dict)
    cache: dict = field(default_factory=dict)

    def funding_level(self, params) -> float:
        """Share of the original budget in force this week."""
        cut = 0 <= params.funding_cut_week <= self.week
        return 1.0 - params.funding_cut_fraction if cut else 1.0

    def weekly_budget(self, params) -> float:
        """Service budget this week in GBP (after any funding cut)."""
        return params.budget_per_citizen * self.citizens.n / 52.0 * self.funding_level(params)

    def support(self, params) -> np.ndarray:
        """Per-service capacity to organise citizen-led activity: the funded share plus,
        for the part that was cut, what the community itself runs (ownership)."""
        level = self.funding_level(params)
        return level + (1.0 - level) * self.services.ownership


def new_week(n: int) -> Week:
    z = lambda: np.zeros(n, dtype=F32)  # noqa: E731
    b = lambda: np.zeros(n, dtype=bool)  # noqa: E731
    return Week(
        prof_hours=z(),
        preventive=b(),
        peer_received=z(),
        peer_given=z(),
        tb_received=z(),
        tb_given=z(),
        coached=z(),
        codelivery=z(),
        codelivery_benefit=z(),
        involved=b(),
        involved_count=np.zeros(n, dtype=np.int8),
        crisis=b(),
        need_before=z(),
        edge_flags=np.zeros(n, dtype=np.uint8),
    )


def reset_week(state: State) -> None:
    wk = state.wk
    for name in (
        "prof_hours",
        "peer_received",
        "peer_given",
        "tb_received",
        "tb_given",
        "coached",
        "codelivery",
        "codelivery_benefit",
    ):
        getattr(wk, name).fill(0)
    for name in ("preventive", "involved", "crisis"):
        getattr(wk, name).fill(False)
    wk.involved_count.fill(0)
    np.copyto(wk.need_before, state.citizens.need)
    wk.edge_flags.fill(0)
    wk.pair_min_strength.clear()
    wk.contact_edges.clear()
    state.flows = dict.fromkeys(FLOW_KEYS, 0.0)


FLOW_KEYS = (
    "staff_cost",
    "crisis_cost",
    "prevention_cost",
    "broker_cost",
    "recruitment_cost",
    "reward_cost",
    "crises",
    "leavers",
    "redundancies",
    "hires",
    "timebank_hours",
    "timebank_exchanges",
    "coaching_hours",
    "reactive_hours",
    "preventive_hours",
    "facilitation_hours",
    "processing_hours",
    "demand_hours",
    "available_hours",
    "codelivery_hours",
    "peer_hours",
    "bridging_ties",
    "design_participants",
    "evaluation_participants",
    "commissioning_participants",
)


def _beta_mean(rng: np.random.Generator, mean: float, conc: float, size: int) -> np.ndarray:
    return rng.beta(mean * conc, (1 - mean) * conc, size=size).astype(F32)


def initialise(params, rng: np.random.Generator) -> State:
    """Draw the initial population, workforce, services and network."""
    n = params.n_citizens
    age_p = np.array([params.share_age_16_34, params.share_age_35_54, params.share_age_55_74])
    age_p = np.append(age_p, max(0.0, 1.0 - age_p.sum()))
    age_band = rng.choice(4, size=n, p=age_p / age_p.sum()).astype(np.int8)
    female = rng.random(n) < params.share_female
    ward = (np.arange(n) // params.ward_size).astype(np.int32)
    need_kind = rng.choice(len(NEED_KINDS), size=n, p=NEED_KIND_SHARES).astype(np.int8)
    offer_kind = rng.integers(0, len(NEED_KINDS), size=n).astype(np.int8)
    beh_p = np.array([params.share_conditional, params.share_free_rider])
    beh_p = np.append(beh_p, max(0.0, 1.0 - beh_p.sum()))
    disposition = rng.choice(3, size=n, p=beh_p / beh_p.sum()).astype(np.int8)
    age_mult = (params.shock_age_ratio ** (age_band / 3.0)).astype(F32)
    # older people start with more need (same mean overall)
    need = _beta_mean(rng, params.initial_need_mean, 4.0, n)
    need *= (age_mult / age_mult.mean()) ** 0.5
    np.clip(need, 0, 1, out=need)
    # self-efficacy: older people and women co-produce more (Parrado et al. 2013)
    efficacy = _beta_mean(rng, 0.5, 6.0, n)
    efficacy += F32(0.03) * female + F32(0.02) * age_band
    np.clip(efficacy, 0, 1, out=efficacy)
    trust = _beta_mean(rng, 0.5, 6.0, n)
    ways_base = np.stack([_beta_mean(rng, 0.35, 5.0, n) for _ in range(5)])
    ways = ways_base * (1 - 0.5 * need)
    wellbeing0 = rng.normal(params.wemwbs_mean, params.wemwbs_sd, size=n).astype(F32)
    wellbeing_base = (
        wellbeing0 - F32(params.ways_weight) * ways.mean(axis=0) + F32(params.need_burden) * need
    ).astype(F32)
    wellbeing = np.clip(wellbeing0, 14, 70).astype(F32)
    citizens = Citizens(
        n=n,
        age_band=age_band,
        female=female,
        ward=ward,
        need_kind=need_kind,
        offer_kind=offer_kind,
        disposition=disposition,
        age_mult=age_mult,
        need=need,
        self_efficacy=efficacy,
        trust=trust,
        connecting=ways[0].copy(),
        learning=ways[1].copy(),
        giving=ways[2].copy(),
        engaged=ways[3].copy(),
        active=ways[4].copy(),
        ways_base=ways_base,
        wellbeing_base=wellbeing_base,
        wellbeing=wellbeing,
        efficacy_base=efficacy.copy(),
        credits=np.zeros(n, dtype=np.int32),
        member=np.zeros(n, dtype=bool),
        contribution=np.zeros(n, dtype=F32),
        propensity=np.zeros(n, dtype=F32),
        prevention_recent=np.zeros(n, dtype=F32),
        last_active=np.full(n, NEVER, dtype=WEEK_DTYPE),
        last_gave=np.full(n, NEVER, dtype=WEEK_DTYPE),
        last_received=np.full(n, NEVER, dtype=WEEK_DTYPE),
        last_crisis=np.full(n, NEVER, dtype=WEEK_DTYPE),
        last_design=np.full(n, NEVER, dtype=WEEK_DTYPE),
        last_commissioning=np.full(n, NEVER, dtype=WEEK_DTYPE),
        last_evaluation=np.full(n, NEVER, dtype=WEEK_DTYPE),
        active_history=np.zeros(n, dtype=np.uint64),
    )
    m = int(round(params.professionals_per_1000 * n / 1000))
    professionals = Professionals(
        m=m,
        filled=np.ones(m, dtype=bool),
        vacancy_left=np.zeros(m, dtype=np.int32),
        funded=np.ones(m, dtype=bool),
        satisfaction=_beta_mean(rng, 0.6, 20.0, m),
        exhaustion=_beta_mean(rng, 0.2, 10.0, m),
        resilience=rng.uniform(0.5, 1.5, size=m).astype(F32),
        caseload=np.zeros(m, dtype=F32),
    )
    s = len(NEED_KINDS)
    services = Services(
        s=s,
        weight=np.full(s, 1.0 / s),
        fit=np.full(s, params.initial_fit),
        ownership=np.zeros(s),
        credits=np.zeros(s, dtype=np.int64),
    )
    u, v = network_mod.build(params, rng)
    strength = _beta_mean(rng, 0.5, 8.0, u.size)
    graph = Graph(n, u, v, strength)
    demand = np.bincount(need_kind, weights=need, minlength=s)
    return State(
        week=0,
        citizens=citizens,
        professionals=professionals,
        services=services,
        graph=graph,
        wk=new_week(n),
        prevention_share=params.prevention_share,
        demand_share=demand / max(demand.sum(), 1e-12),
    )
