"""Phase 8: the five ways to wellbeing, wellbeing, trust and self-efficacy."""

from __future__ import annotations

import numpy as np

from ..codes import Way
from ..fastops import citizen_blocks, select
from ..phases import phase
from ._common import F32


def activities(state, params) -> dict[str, np.ndarray]:
    """This week's activity for each of the five ways, each in [0, 1], by way name."""
    ones = np.ones(state.citizens.n, dtype=F32)
    return dict(_each_activity(state.wk, state.citizens, params, slice(None), ones))


def _each_activity(wk, c, params, sl: slice, ones: np.ndarray):
    """``(way name, activity)`` for the five ways (in ``Way`` order) of the citizens
    ``sl``, one fresh array at a time (the caller may overwrite it). ``ones``: float32
    ones of the block's length (``np.minimum`` against an array is several times faster
    than against a scalar)."""
    full = F32(1 / params.ways_full_hours)
    leisure = F32(params.leisure_activity) * wk.leisure[sl]
    codelivery = wk.codelivery[sl]
    given = wk.peer_given[sl] + wk.tb_given[sl]
    given += codelivery
    contact = given + wk.peer_received[sl]
    contact += wk.tb_received[sl]
    inv = wk.involved_count[sl].astype(F32)
    contact *= full
    contact += leisure
    yield "connecting", np.minimum(contact, ones, out=contact)
    learning = F32(params.learning_per_involvement) * inv
    learning += F32(params.learning_per_coaching_hour) * wk.coached[sl]
    learning += F32(params.learning_per_codelivery_hour) * codelivery
    yield "learning", np.minimum(learning, ones, out=learning)
    given *= full
    yield "giving", np.minimum(given, ones, out=given)
    engaged = F32(params.engaged_per_involvement) * inv
    engaged += F32(params.engaged_codelivery) * (codelivery > 0)
    engaged += F32(params.engaged_member) * c.member[sl]
    yield "engaged", np.minimum(engaged, ones, out=engaged)
    active = codelivery + wk.tb_given[sl]
    active *= full
    active += leisure
    yield "active", np.minimum(active, ones, out=active)


@phase(
    reads=(
        "citizens.need",
        "citizens.member",
        "citizens.ways_base",
        "citizens.wellbeing_base",
        "citizens.efficacy_base",
        "citizens.trust",
        "citizens.self_efficacy",
        *(f"citizens.{w.label}" for w in Way),
        "wk.need_before",
        "wk.prof_hours",
        "wk.codelivery",
        "wk.peer_given",
        "wk.peer_received",
        "wk.tb_given",
        "wk.tb_received",
        "wk.coached",
        "wk.involved_count",
        "wk.leisure",
        "wk.codelivery_benefit",
        "citizens.carer",
        "citizens.cares_for",
    ),
    writes=(
        "citizens.care_hours",
        "citizens.wellbeing",
        "citizens.trust",
        "citizens.self_efficacy",
        *(f"citizens.{w.label}" for w in Way),
    ),
)
def wellbeing(state, params, rng: np.random.Generator) -> None:
    """Each way moves toward ``base * (1 - need / 2) + (1 - base) * activity`` as an
    exponential moving average with half-life ``ways_half_life``; this week's activity
    comes from contact, learning, giving, involvement, co-delivery, the time bank and
    credits spent on leisure (the ``*_per_*`` parameters). Carers give
    ``care_hours_per_need * need`` of care to the person they care for, less
    ``care_substitution`` per hour of professional, co-delivery, time-bank or informal
    input that person received. Wellbeing is ``wellbeing_base + ways_weight * mean(ways) -
    need_burden * need - carer_wellbeing_per_hour * care_hours`` on the WEMWBS range.
    Trust rises when need is met (more with relational time) and with involvement that has
    influence, falls with unmet need and with tokenism, and otherwise drifts back to 0.5.
    Self-efficacy follows learning and giving above their everyday levels."""
    _care(state.citizens, state.wk, params)
    ones = None
    for sl in citizen_blocks(state.citizens.n):
        size = sl.stop - sl.start
        if ones is None or ones.size != size:
            ones = np.ones(size, dtype=F32)
        _update_block(state.citizens, state.wk, params, sl, ones)


def _care(c, wk, params) -> None:
    """This week's care hours of every carer (0 for everyone else)."""
    c.care_hours.fill(0)
    carers = np.flatnonzero(c.carer)
    if not carers.size:
        return
    cared = c.cares_for[carers]
    relief = wk.prof_hours[cared] + wk.codelivery_benefit[cared]
    relief += wk.tb_received[cared]
    relief += wk.peer_received[cared]
    hours = F32(params.care_hours_per_need) * c.need[cared]
    hours -= F32(params.care_substitution) * relief
    c.care_hours[carers] = np.maximum(hours, F32(0))


def _update_block(c, wk, params, sl: slice, ones: np.ndarray) -> None:
    """``wellbeing`` for the citizens ``sl`` (every update is per citizen)."""
    _update_ways(c, wk, params, sl, ones)
    need = c.need[sl]
    ways_mean = c.connecting[sl] + c.learning[sl]
    ways_mean += c.giving[sl]
    ways_mean += c.engaged[sl]
    ways_mean += c.active[sl]
    ways_mean /= F32(5)
    level = F32(params.ways_weight) * ways_mean
    level += c.wellbeing_base[sl]
    level -= F32(params.need_burden) * need
    level -= F32(params.carer_wellbeing_per_hour) * c.care_hours[sl]
    np.clip(level, 14, 70, out=c.wellbeing[sl])
    _update_trust(c, wk, params, sl, ones)
    # self-efficacy
    target = c.learning[sl] - c.ways_base[Way.LEARNING, sl]
    target *= F32(params.efficacy_learning_weight)
    target += c.efficacy_base[sl]
    target += F32(params.efficacy_giving_weight) * (c.giving[sl] - c.ways_base[Way.GIVING, sl])
    np.clip(target, 0, 1, out=target)
    efficacy = c.self_efficacy[sl]
    target -= efficacy
    target *= F32(params.efficacy_rate)
    efficacy += target


def _update_ways(c, wk, params, sl: slice, ones: np.ndarray) -> None:
    """The five exponential moving averages, for the citizens ``sl``."""
    alpha = F32(1 - 0.5 ** (1 / params.ways_half_life))
    everyday = F32(0.5) * c.need[sl]
    np.subtract(F32(1), everyday, out=everyday)
    for way, (name, act) in zip(Way, _each_activity(wk, c, params, sl, ones), strict=True):
        base = c.ways_base[way, sl]
        act *= F32(1) - base
        target = base * everyday
        target += act
        way = getattr(c, name)[sl]
        target -= way
        target *= alpha
        way += target


def _update_trust(c, wk, params, sl: slice, ones: np.ndarray) -> None:
    """Trust for the citizens ``sl`` (see ``wellbeing``)."""
    trust = c.trust[sl]
    needy = wk.need_before[sl] >= F32(params.need_met_threshold)
    served = wk.prof_hours[sl] > 0
    served |= wk.tb_received[sl] > 0
    w = params.trust_relational_weight
    rel = F32(1 - w + w * params.relational_time)
    drift = np.subtract(F32(0.5), trust)
    drift *= F32(params.trust_drift)
    delta = select(needy, select(served, np.full_like(drift, rel), -ones), drift)
    delta *= F32(params.trust_rate)
    per_involvement = F32(
        params.influence_gain * params.influence - params.tokenism_penalty * (1 - params.influence)
    )
    delta += per_involvement * wk.involved_count[sl].astype(F32)
    trust += delta
    np.clip(trust, 0, 1, out=trust)
