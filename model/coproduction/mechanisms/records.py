"""Phase 12: the records that later phases and the indicators read."""

from __future__ import annotations

import numpy as np

from ..fastops import assign_where, citizen_blocks
from ..phases import phase
from ..state import F32, PARTICIPATION_HOURS

#: Peer help given below this many hours a week does not count as taking part.
PEER_PARTICIPATION_HOURS = 0.5
#: Help given or received below this many hours a week does not count for reciprocity.
HELP_HOURS = 0.5
#: Participation counts activity in the last this many weeks.
PARTICIPATION_WINDOW = 4


@phase(
    reads=(
        "wk.peer_given",
        "wk.peer_received",
        "wk.tb_given",
        "wk.tb_received",
        "wk.codelivery",
        "wk.codelivery_benefit",
        "wk.involved",
        "wk.involved_count",
        "flows.timebank_hours",
        "flows.codelivery_hours",
        "flows.reactive_hours",
        "flows.preventive_hours",
        "flows.coaching_hours",
        "flows.leavers",
        "flows.staff_cost",
        "flows.broker_cost",
        "flows.recruitment_cost",
        "flows.reward_cost",
        "flows.crisis_cost",
        "flows.commissioned_cost",
        "flows.training_cost",
        "professionals.filled",
        "citizens.active_history",
        "citizens.led_history",
        "week",
    ),
    writes=(
        "citizens.last_gave",
        "citizens.last_received",
        "citizens.last_active",
        "citizens.active_history",
        "citizens.led_history",
        "citizens.contribution",
        "flows.sessions",
        "flows.meeting_cost",
        "flows.citizen_hours",
        "records.led_share",
        "records.sessions",
        "records.participation_rate",
        "records.cost_cumulative",
        "records.citizen_led",
        "records.service_activity",
        "records.leavers",
        "records.filled",
    ),
)
def records(state, params, rng: np.random.Generator) -> None:
    """Who gave and received at least 0.5 hours of help this week (``last_gave``,
    ``last_received``), who took part in any co-activity (``last_active`` and the 64-week
    ``active_history``; a co-activity is commissioning, design or evaluation, co-delivery
    of at least 0.25 hours, a time-bank exchange, or at least 0.5 hours of informal help
    given), who led activity (co-delivery or the time bank, ``led_history``), this week's
    co-delivery hours (``contribution``). Then the shares who took part and who led in the
    last 4 weeks (read by next week's evaluation), this week's citizen-sessions (read by
    next week's allocation and workforce) and their meeting costs, citizens' own hours
    given, spending to date, and the weekly series of citizen-led and service activity,
    leavers and filled posts."""
    c, wk, f, r = state.citizens, state.wk, state.flows, state.records
    for sl in citizen_blocks(c.n):
        _record_block(c, wk, sl, state.week)
    active = np.count_nonzero(c.last_active > state.week - PARTICIPATION_WINDOW)
    r.participation_rate = float(active) / c.n
    led = np.count_nonzero(c.led_history & np.uint8((1 << PARTICIPATION_WINDOW) - 1))
    r.led_share = float(led) / c.n
    codelivered = wk.codelivery >= F32(PARTICIPATION_HOURS)
    sessions = float(wk.involved_count.sum(dtype=np.int64) + np.count_nonzero(codelivered))
    f.sessions = r.sessions = sessions
    f.meeting_cost = sessions * params.meeting_cost_per_participant
    f.citizen_hours = float(
        wk.codelivery.sum(dtype=np.float64)
        + wk.tb_given.sum(dtype=np.float64)
        + wk.peer_given.sum(dtype=np.float64)
    )
    citizen_led = f.timebank_hours + f.codelivery_hours
    professional = f.reactive_hours + f.preventive_hours + f.coaching_hours
    r.citizen_led.append(citizen_led)
    r.service_activity.append(citizen_led + professional)
    r.leavers.append(f.leavers)
    r.filled.append(float(np.count_nonzero(state.professionals.filled)))
    r.cost_cumulative += f.spending()


def _record_block(c, wk, sl: slice, week: int) -> None:
    """The per-citizen records for the citizens ``sl``."""
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
    led = wk.codelivery[sl] >= F32(PARTICIPATION_HOURS)
    led |= wk.tb_given[sl] > 0
    led |= wk.tb_received[sl] > 0
    led_history = c.led_history[sl]
    np.left_shift(led_history, np.uint8(1), out=led_history)
    np.bitwise_or(led_history, led, out=led_history)
    np.copyto(c.contribution[sl], wk.codelivery[sl])
