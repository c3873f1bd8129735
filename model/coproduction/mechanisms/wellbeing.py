"""Phase 8: the five ways to wellbeing, wellbeing, trust and self-efficacy."""

from __future__ import annotations

import numpy as np

from ._common import F32

WAYS = ("connecting", "learning", "giving", "engaged", "active")


def activities(state) -> dict[str, np.ndarray]:
    """This week's activity for each of the five ways, each in [0, 1]."""
    return dict(_each_activity(state))


def _each_activity(state):
    """``(name, activity)`` for the five ways, one array at a time (fewer temporaries)."""
    wk, c = state.wk, state.citizens
    given = wk.peer_given + wk.tb_given + wk.codelivery
    contact = given + wk.peer_received + wk.tb_received
    inv = wk.involved_count.astype(F32)
    yield "connecting", np.minimum(contact / F32(3), F32(1))
    del contact
    yield (
        "learning",
        np.minimum(F32(0.5) * inv + F32(0.5) * wk.coached + F32(0.1) * wk.codelivery, F32(1)),
    )
    yield "giving", np.minimum(given / F32(3), F32(1))
    del given
    yield (
        "engaged",
        np.minimum(F32(0.5) * inv + F32(0.3) * (wk.codelivery > 0) + F32(0.1) * c.member, F32(1)),
    )
    yield "active", np.minimum((wk.codelivery + wk.tb_given) / F32(3), F32(1))


def wellbeing(state, params, rng: np.random.Generator) -> None:
    """Each way moves toward ``base * (1 - need / 2) + (1 - base) * activity`` as an
    exponential moving average with half-life ``ways_half_life``. Wellbeing is
    ``wellbeing_base + ways_weight * mean(ways) - need_burden * need`` on the WEMWBS range.
    Trust rises when need is met (more with relational time) and with involvement that has
    influence, falls with unmet need and with tokenism, and otherwise drifts back to 0.5.
    Self-efficacy follows learning and giving above their everyday levels."""
    c, wk = state.citizens, state.wk
    alpha = F32(1 - 0.5 ** (1 / params.ways_half_life))
    everyday = F32(1) - F32(0.5) * c.need
    for i, (name, act) in enumerate(_each_activity(state)):
        base = c.ways_base[i]
        target = base * everyday + (F32(1) - base) * act
        del act
        way = getattr(c, name)
        way += alpha * (target - way)
        del target
    del everyday
    ways_mean = (c.connecting + c.learning + c.giving + c.engaged + c.active) / F32(5)
    np.clip(
        c.wellbeing_base + F32(params.ways_weight) * ways_mean - F32(params.need_burden) * c.need,
        14,
        70,
        out=c.wellbeing,
    )
    # trust
    needy = wk.need_before >= F32(params.need_met_threshold)
    served = (wk.prof_hours > 0) | (wk.tb_received > 0)
    rel = F32(0.5 + 0.5 * params.relational_time)
    delta = np.where(
        needy, np.where(served, rel, F32(-1)), F32(0.25) * (F32(0.5) - c.trust)
    ).astype(F32)
    delta *= F32(params.trust_rate)
    per_involvement = F32(
        params.influence_gain * params.influence - params.tokenism_penalty * (1 - params.influence)
    )
    delta += per_involvement * wk.involved_count.astype(F32)
    c.trust += delta
    np.clip(c.trust, 0, 1, out=c.trust)
    # self-efficacy
    target = (
        c.efficacy_base
        + F32(0.5) * (c.learning - c.ways_base[1])
        + F32(0.5) * (c.giving - c.ways_base[2])
    )
    c.self_efficacy += F32(params.efficacy_rate) * (np.clip(target, 0, 1) - c.self_efficacy)
