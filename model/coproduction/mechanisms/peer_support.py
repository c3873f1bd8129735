"""Phase 4: informal peer support, time-bank matching and coaching for credits."""

from __future__ import annotations

import numpy as np

from ..codes import NeedKind
from ..interactions import KINDS
from ..phases import phase
from ._common import F32, capacity, mean_support, to_services, willingness


def edge_ids(graph, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Edge id of each pair (a_i, b_i), or -1 where the two are not connected."""
    return graph.find(a, b)


def informal_help(state, params, rng: np.random.Generator) -> None:
    """A citizen with at least ``help_hours`` of spare capacity and a neighbour in need
    (need >= need_met_threshold) helps this week with chance ``help_prob``, giving
    ``help_hours`` spread over their needy neighbours in proportion to tie strength:
    ``received_i = needy_i * sum_j s_ij * given_j / sum_k s_jk needy_k``. Hours given
    equal hours received exactly. Active ties that carried help count as an interaction."""
    c, g, wk = state.citizens, state.graph, state.wk
    u = rng.random(c.n, dtype=F32)
    needy = (c.need >= F32(params.need_met_threshold)).astype(F32)
    able = (capacity(c, params) >= F32(params.help_hours)) & (u < F32(params.help_prob))
    offer = able.astype(F32) * F32(params.help_hours)
    pull = g.neighbour_sum(needy)
    per = np.divide(offer, pull, out=np.zeros_like(offer), where=pull > 0)
    wk.peer_received += needy * g.neighbour_sum(per)
    given = offer * (pull > 0)  # offer is never negative: exactly offer or 0
    wk.peer_given += given
    # a giver and a needy neighbour interact, on active ties only
    KINDS.flag(wk, "help", given > 0, needy > 0, params.tie_active_threshold)
    state.flows.peer_hours = float(given.sum(dtype=np.float64))


def timebank_exchanges(state, params, rng: np.random.Generator) -> None:
    """Members request help when in need and their balance allows; members with spare
    capacity offer it in their offer kind (a member may do both in a week, in different
    kinds). A broker arranges up to
    ``timebank_broker_hours * matches_per_broker_hour`` exchanges a week (scaled per 2,000
    citizens and by the organising support), matching requests and offers of the same kind
    at random. Each exchange moves ``exchange_hours`` credits from receiver to giver, so
    the ledger always sums to zero. Strangers who exchange may form a bridging tie."""
    c, wk, g = state.citizens, state.wk, state.graph
    support = mean_support(state, params)
    u_join, u_leave = rng.random(c.n, dtype=F32), rng.random(c.n, dtype=F32)
    will = willingness(c, params)
    joining = ~c.member & (u_join < F32(params.timebank_join_rate * support) * will)
    leaving = c.member & (u_leave < F32(params.timebank_leave_rate))
    c.member |= joining
    c.member &= ~leaving
    # a leaver's balance goes to the community pot (the services' accounts): credits and
    # debts are never lost, so the ledger still sums to zero
    gone = np.flatnonzero(leaving)
    to_services(state.services, int(c.credits[gone].sum(dtype=np.int64)))
    c.credits[gone] = 0
    h = params.exchange_hours
    scale = c.n / 2000.0
    level = state.funding_level(params)
    broker_hours = params.timebank_broker_hours * scale
    state.flows.broker_cost = broker_hours * level * params.broker_cost_per_hour
    cap = int(broker_hours * params.matches_per_broker_hour * support)
    request = (
        c.member
        & (c.need >= F32(params.need_met_threshold))
        & (c.credits - h >= -params.credit_limit)
    )
    offer = c.member & (capacity(c, params) >= F32(h))
    givers, takers = [], []
    # requests and offers as ascending ids, split by kind below (members are few)
    req, off = np.flatnonzero(request), np.flatnonzero(offer)
    req_kind, off_kind = c.need_kind[req], c.offer_kind[off]
    taking = np.zeros(c.n, dtype=bool)
    n_req = np.bincount(req_kind, minlength=len(NeedKind))
    total_req = max(int(n_req.sum()), 1)
    for k in range(len(NeedKind)):
        req_k = req[req_kind == k]
        m = min(req_k.size, int(cap * n_req[k] / total_req))
        if m <= 0:
            continue
        take = rng.choice(req_k, size=m, replace=False)
        off_k = off[off_kind == k]
        taking[take] = True
        off_k = off_k[~taking[off_k]]  # nobody helps themselves
        taking[take] = False
        m = min(m, off_k.size)
        if m <= 0:
            continue
        takers.append(take[:m])
        givers.append(rng.choice(off_k, size=m, replace=False))
    if not givers:
        state.flows.timebank_hours = 0.0
        state.flows.timebank_exchanges = 0.0
        return
    gv, tk = np.concatenate(givers), np.concatenate(takers)
    c.credits[gv] += np.int32(h)
    c.credits[tk] -= np.int32(h)
    wk.tb_given[gv] += F32(h)
    wk.tb_received[tk] += F32(h)
    eid = edge_ids(g, gv, tk)
    wk.contact_edges.append(eid[eid >= 0])
    strangers = eid < 0
    bridge = strangers & (rng.random(gv.size) < params.bridging_prob)
    state.new_ties.add(gv[bridge], tk[bridge])
    state.flows.timebank_hours = float(gv.size * h)
    state.flows.timebank_exchanges = float(gv.size)


def coaching(state, params) -> None:
    """Citizens with at least one credit (earned in the time bank or through co-delivery)
    and unmet need (or low self-efficacy) buy one hour of coaching from professionals'
    facilitation time (up to ``coaching_share`` of it), highest balances first; the credit
    moves to the account of the service for their need kind."""
    c, wk, sv = state.citizens, state.wk, state.services
    hours = int(state.flows.facilitation_hours * params.coaching_share)
    want = (c.credits >= 1) & (
        (c.need >= F32(params.need_met_threshold)) | (c.self_efficacy < F32(0.5))
    )
    idx = np.flatnonzero(want)
    if idx.size > hours:
        idx = idx[_highest_first(c.credits[idx], hours)]
    c.credits[idx] -= 1
    np.add.at(sv.credits, c.need_kind[idx], 1)
    wk.coached[idx] += F32(1)
    wk.prof_hours[idx] += F32(1)
    state.flows.coaching_hours = float(idx.size)


def _highest_first(values: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` highest ``values``, ties going to the lower position (the
    first ``k`` of a stable sort by decreasing value), in ascending order; no sort."""
    if k <= 0:
        return np.zeros(0, dtype=np.intp)
    kth = np.partition(values, values.size - k)[values.size - k]
    keep = values > kth
    tied = np.flatnonzero(values == kth)
    keep[tied[: k - np.count_nonzero(keep)]] = True
    return np.flatnonzero(keep)


def leisure(state, params, rng: np.random.Generator) -> None:
    """Each credit a citizen holds is spent this week on a community or leisure offer with
    chance ``credit_spend_rate`` (so a credit is held for ``1 / credit_spend_rate`` weeks on
    average); spent credits return to the services' accounts."""
    c = state.citizens
    holders = np.flatnonzero(c.credits >= 1)
    spent = rng.binomial(c.credits[holders], params.credit_spend_rate).astype(np.int32)
    who = spent > 0
    holders, spent = holders[who], spent[who]
    c.credits[holders] -= spent
    total = int(spent.sum(dtype=np.int64))
    to_services(state.services, total)
    state.wk.leisure[holders] = True
    state.flows.leisure_credits = float(total)


@phase(
    reads=(
        "budget_start",
        "citizens.need",
        "citizens.need_kind",
        "citizens.offer_kind",
        "citizens.member",
        "citizens.credits",
        "citizens.age_band",
        "services.weight",
        "services.credits",
        "flows.facilitation_hours",
        "new_ties",
        "week",
    ),
    lags=(
        "citizens.trust",
        "citizens.self_efficacy",
        "citizens.care_hours",
        "services.ownership",
        "graph.strength",
        "graph.edges",
    ),
    writes=(
        "wk.peer_received",
        "wk.peer_given",
        "wk.edge_flags",
        "wk.tb_given",
        "wk.tb_received",
        "wk.contact_edges",
        "wk.coached",
        "wk.prof_hours",
        "wk.leisure",
        "citizens.member",
        "citizens.credits",
        "services.credits",
        "new_ties",
        "flows.peer_hours",
        "flows.broker_cost",
        "flows.timebank_hours",
        "flows.timebank_exchanges",
        "flows.coaching_hours",
        "flows.leisure_credits",
    ),
)
def peer_support(state, params, rng: np.random.Generator) -> None:
    """Informal help always; the time bank and coaching when switched on; credits spent on
    community and leisure offers whenever anyone holds them."""
    informal_help(state, params, rng)
    if params.timebank:
        timebank_exchanges(state, params, rng)
    if params.coaching_for_credits:
        coaching(state, params)
    leisure(state, params, rng)
