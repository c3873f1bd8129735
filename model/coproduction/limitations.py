"""Limitations of the assumptions most likely to drive the results.

``ASSUMPTIONS`` names the parameters expected to be the most influential (capacity and
crisis thresholds, co-delivery propensity, the CES elasticity, the prevention effect and
burnout rates) with what is and is not known about each. ``docs/parameters.md`` renders
them under "Limitations"; when a Morris screening ranks the parameters by mu*, the five
most influential must each appear here or carry a published source.
"""

from __future__ import annotations

#: parameter name -> what the evidence does and does not support.
ASSUMPTIONS: dict[str, str] = {
    "production_rho": "The CES elasticity between professional and citizen inputs is the "
    "model's central structural choice. Parks et al. (1981) and Ostrom (1996) frame "
    "co-production as a CES technology but give no estimate of rho for health and social "
    "care; -0.5 (complements) is a reasoned default. The report tests rho = 1 "
    "(substitutes) and rho = -3 (near-Leontief) as structural switches.",
    "prevention_protection": "That recent preventive contact halves the avoidable part of "
    "the crisis hazard is an assumption. Trials of case management mostly find no fall in "
    "emergency admissions (Huntley et al. 2013), and only about a fifth of admissions are "
    "avoidable; the no_prevention_effect switch sets it to 0.",
    "fit_max": "How well services can come to fit needs when their users shape them "
    "(0.75, against 0.55 without their input) is an assumption with no direct empirical "
    "counterpart, and it carries most of co-production's effect in the model: with "
    "fit_max at the top-down fit, co-production does worse than top-down delivery "
    "(tests/test_claims.py). Read the size of the gains as conditional on it.",
    "participation_saturation": "The share of a service's users who must take part for "
    "the fit gain to be full (a fifth) is assumed; with fit_max it sets how much "
    "participation buys.",
    "crisis_threshold": "The need level above which crises can happen (0.6) and the met "
    "threshold (0.3) are on a model scale with no direct empirical counterpart; together "
    "with crisis_hazard_max they set the crisis rate, which is compared only loosely with "
    "emergency admission rates.",
    "need_met_threshold": "See crisis_threshold: the share of needs met depends directly "
    "on this cut-off on the model's need scale.",
    "max_capacity_hours": "Citizens' spare hours are of the order of regular formal "
    "volunteering (Community Life Survey) but the distribution of capacity, and how it "
    "falls with need, are assumed.",
    "codelivery_reach": "How many willing citizens take part in co-delivery each week is "
    "assumed; no study reports weekly participation in co-delivered services.",
    "conditional_slope": "Fischbacher & Gaechter (2010) find imperfect conditional "
    "cooperation (slope below 1) on average in laboratory games; 0.8 is within their "
    "range, but laboratory slopes may not carry over to weekly community effort.",
    "initial_belief": "Contributions in first rounds of public-goods games sit about "
    "halfway between free riding and full contribution (Ledyard 1995); treating citizens' "
    "first expectation of neighbours the same way is an analogy. The no_initial_optimism "
    "switch sets it to 0.",
    "crowding_out": "Gneezy & Rustichini (2000) find a 36% fall in volunteer effort under a "
    "small payment and 8% under a larger one; the model's 35% loss of intrinsic motivation "
    "gives a smaller fall in hours (the crowding_out validation check), and the "
    "no_crowding_out switch removes it.",
    "exhaustion_rate": "Exhaustion is on a 0-1 model scale, not a burnout inventory; how "
    "pressure above capacity and the emotional load of the work (exhaustion_background) "
    "build it is assumed, and the staff_burnt_out validation check compares the share "
    "above 0.5 with the 30% of NHS staff who report feeling burnt out often or always.",
    "exhaustion_recovery": "See exhaustion_rate: with recovery at 2% a week, exhaustion "
    "settles at exhaustion_rate x (pressure - 1) / exhaustion_recovery.",
    "leave_exhaustion_effect": "How strongly exhaustion raises the leaving hazard is "
    "assumed (Maslach & Leiter 2016 document the link, not its size in this form).",
    "shock_prob": "How often life shocks (bereavement, illness, job loss, a fall) raise "
    "need is assumed: about 0.6 a year at 16-34 rising to 1.9 at 75+. The Morris screening "
    "ranks it among the most influential assumptions, because shocks are what bring "
    "citizens to the crisis threshold; the comparison between policies is less sensitive "
    "than the levels.",
    "shock_size_mean": "See shock_prob: the size of a shock on the model's need scale has "
    "no direct empirical counterpart, and with shock_prob it sets how much need services "
    "face.",
    "processing_hours_per_contact": "Social workers report spending 40-60% of their time "
    "on administration (Community Care 2007); the processing time per contact is set so "
    "that top-down delivery is at the lower end of that range, and it sets how much time "
    "failure demand takes.",
    "failure_contact_rate": "How much repeat contact unmet need and poor fit cause is "
    "assumed: about a third of contacts under top-down delivery, near the 30% measured in "
    "one service and well below the up to 80% claimed for failure demand in public "
    "services (Public Money & Management 2021).",
    "relational_extra_hours": "How much longer a relational case takes is assumed; at 50% "
    "more time per case relational working costs more than the continuity it buys, and "
    "the claim that relationships pay reverses (tests/test_claims.py).",
    "natural_recovery": "How fast unmet need resolves by itself (halving in about two "
    "years) is assumed; with the shocks it sets the level of need services face, which "
    "the Morris screening ranks among the most influential assumptions.",
    "production_scale": "How much need a week of services removes at the reference "
    "inputs is assumed (no study measures need on the model's scale); it sets how far "
    "services can keep need down, and so the crisis rate.",
    "ways_weight": "The link from the five ways to WEMWBS points is assumed (nef 2008 "
    "gives the evidence that the five ways matter, not an effect size on WEMWBS).",
}

#: General limitations of the model, shared by docs/parameters.md and the HTML report.
GENERAL: tuple[str, ...] = (
    "This is a model of a stylised ward, not a forecast for any particular place. Its "
    "value is in comparing policies under stated assumptions.",
    "Intervals show simulation noise only: they do not include uncertainty in the "
    "parameters or in the model's structure. The structural switches test the main "
    "contested mechanisms one at a time, not in combination.",
    "Many behavioural parameters (rates at which trust, fit, ownership and ties change) "
    "are reasoned assumptions, not estimates; the parameter table says which. The effect "
    "sizes of co-production here follow from those assumptions.",
    "Wellbeing is on the WEMWBS scale, but the link from activities (the five ways) to "
    "WEMWBS points is assumed, not estimated from panel data.",
    "Professionals' exhaustion is on a 0-1 model scale that is not calibrated to a "
    "burnout inventory: the burnout validation check shows where it falls short.",
    "Costs cover staff time (agency cover at a premium), commissioned support, crisis "
    "care, facilitation, meetings, training, the time-bank broker, recruitment and cash "
    "rewards at 2023/24 prices; citizens' own time is valued apart, as an opportunity "
    "cost. One-off set-up and transition costs and wider savings (for example to welfare "
    "or employment) are left out.",
    "Who takes part follows self-efficacy, trust, spare capacity (need and caring) and "
    "age; income, deprivation, disability and ethnicity are not represented, so "
    "inequalities between such groups are outside the model.",
)
