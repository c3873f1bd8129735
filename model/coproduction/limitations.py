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
    "prevention_protection": "That recent preventive contact halves the crisis hazard is "
    "an assumption. Evidence that prevention and early intervention avoid emergency "
    "admissions is mixed; the no_prevention_effect switch sets it to 0.",
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
    "exhaustion_rate": "Exhaustion is on a 0-1 model scale, not a burnout inventory. The "
    "staff_burnt_out validation check fails: under top-down pressure no post reaches 0.5 "
    "within two years, while 30% of NHS staff report feeling burnt out often or always. "
    "Turnover, which the exhaustion feeds, is in the published range.",
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
    "processing_share": "Social workers report spending 40-60% of their time on "
    "administration (Community Care 2007); how much of that co-produced ways of working "
    "remove (processing_cut_relational, processing_cut_evaluation) is assumed, and this "
    "share sets how much professional time there is to free.",
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
    "Costs cover staff time, crisis care, the time-bank broker, recruitment and cash "
    "rewards at 2023/24 prices; they leave out citizens' own time, set-up costs and wider "
    "savings (for example to welfare or employment).",
    "Who takes part follows self-efficacy, trust, age and gender only; income, "
    "deprivation, disability and ethnicity are not represented, so inequalities between "
    "such groups are outside the model.",
)
