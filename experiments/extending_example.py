"""Worked example for docs/extending.md: replace one weekly phase and add another.

1. ``seasonal_shocks`` replaces ``shocks``: life shocks peak in winter.
2. ``social_prescribing`` is a new phase run right after ``production``: people seen
   for preventive work who are low on connecting are referred to a community group
   and may meet someone new in their ward.

Run it from the repository root::

    python experiments/extending_example.py

``main()`` returns the indicator tables of the two models (the second with an extra
``social_prescribing_referrals`` column); the tests import this file and run it small.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coproduction import CoproductionModel
from coproduction.mechanisms import PHASES, insert_phase, replace_phase
from coproduction.phases import phase

F32 = np.float32

# --- 1. replacing a phase: shocks with a winter peak ---------------------------------

#: Relative amplitude of the seasonal cycle: 0.5 means half as many shocks again at the
#: peak and half as many at the trough; the yearly mean is unchanged.
WINTER_AMPLITUDE = 0.5
#: Week of the year with the most shocks (week 1 is taken to be the first week of January).
PEAK_WEEK = 3


@phase(
    reads=("citizens.need", "citizens.shock_mult", "week"),
    writes=("citizens.need", "flows.shocks"),
)
def seasonal_shocks(state, params, rng: np.random.Generator) -> None:
    """Life shocks with a winter peak: weekly probability ``shock_prob * shock_mult *
    (1 + WINTER_AMPLITUDE * cos(2 pi (week - PEAK_WEEK) / 52))``; otherwise as ``shocks``
    (Beta-distributed size, drift, natural recovery, need kept in [0, 1])."""
    c = state.citizens
    season = 1.0 + WINTER_AMPLITUDE * np.cos(2.0 * np.pi * (state.week - PEAK_WEEK) / 52.0)
    u = rng.random(c.n, dtype=F32)
    hit = np.flatnonzero(u < F32(params.shock_prob * season) * c.shock_mult)
    mean, conc = params.shock_size_mean, 4.0
    size = rng.beta(mean * conc, (1 - mean) * conc, size=hit.size).astype(F32)
    c.need[hit] += size
    c.need *= F32(1 - params.natural_recovery)
    c.need += F32(params.need_drift) * c.shock_mult
    np.clip(c.need, 0, 1, out=c.need)
    state.flows.shocks = float(hit.size)


def seasonal_phases():
    """The default phases with ``shocks`` swapped for ``seasonal_shocks`` (same name,
    so the same random stream)."""
    return replace_phase(PHASES, "shocks", seasonal_shocks)


# --- 2. adding a phase: social prescribing after production ---------------------------

#: Connecting level below which a citizen seen for prevention is offered a referral.
LONELY_THRESHOLD = 0.3
#: Chance that an offered referral is taken up.
REFERRAL_UPTAKE = 0.5


class SocialPrescribing:
    """Citizens who had preventive contact this week and whose connecting is below
    LONELY_THRESHOLD take up a referral to a community group with chance REFERRAL_UPTAKE.
    Each referral queues a tie to a random citizen of the same ward (added by the ``ties``
    phase at ``new_tie_strength``). The phase keeps its own record: ``referrals``, one
    value per week."""

    reads = ("wk.preventive", "citizens.ward", "new_ties")
    lags = ("citizens.connecting",)  # wellbeing updates it later in the week
    writes = ("new_ties",)

    def __init__(self):
        self.referrals: list[float] = []

    def __call__(self, state, params, rng: np.random.Generator) -> None:
        c, wk = state.citizens, state.wk
        offered = np.flatnonzero(wk.preventive & (c.connecting < F32(LONELY_THRESHOLD)))
        referred = offered[rng.random(offered.size) < REFERRAL_UPTAKE]
        if referred.size:
            # citizen ids are in ward order: a ward is a contiguous block of ids
            counts = np.bincount(c.ward)
            first = np.cumsum(counts) - counts
            start, size = first[c.ward[referred]], counts[c.ward[referred]]
            partner = start + (rng.random(referred.size) * size).astype(np.int64)
            keep = partner != referred
            state.new_ties.add(referred[keep], partner[keep].astype(np.int32))
        if state.week > 0:  # phases also run in the spin-up weeks (week <= 0)
            self.referrals.append(float(referred.size))


def prescribing_phases(prescribing: SocialPrescribing):
    """The default phases with ``prescribing`` inserted after ``production``."""
    return insert_phase(PHASES, "production", "social_prescribing", prescribing)


# --- running both -----------------------------------------------------------------


def main(weeks: int = 52, n_citizens: int = 300, seed: int = 1) -> tuple[pd.DataFrame, ...]:
    """Run the seasonal-shock model and the social-prescribing model; return their
    indicator tables. The second has an extra column of weekly referrals (0 at week 0)."""
    seasonal = CoproductionModel(
        rng=seed, agents=False, n_citizens=n_citizens, phases=seasonal_phases()
    ).run(weeks)
    sp = SocialPrescribing()
    prescribing = CoproductionModel(
        rng=seed, agents=False, n_citizens=n_citizens, phases=prescribing_phases(sp)
    ).run(weeks)
    df_seasonal = seasonal.indicators_dataframe()
    df_prescribing = prescribing.indicators_dataframe()
    df_prescribing["social_prescribing_referrals"] = [0.0, *sp.referrals]
    return df_seasonal, df_prescribing


if __name__ == "__main__":
    df_seasonal, df_prescribing = main(weeks=104, n_citizens=2000)
    print(df_seasonal[["week", "crisis_rate", "need_mean"]].tail(8).to_string(index=False))
    print("referrals in two years:", df_prescribing["social_prescribing_referrals"].sum())
