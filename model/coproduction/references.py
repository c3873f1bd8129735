"""Full citations for the reference keys used in parameter ``source`` strings.

A parameter's ``source`` (see ``params.py``) is a ``;``-separated list of parts. A part
is either a reference key from :data:`REFERENCES` or a stated assumption (a part that
starts with ``assumption`` or ``implementation``). :func:`cite` turns a source string
into full citations; ``docs/parameters.md`` lists every key used, and the tests check
that every key resolves.

Money figures in the sources are at the price year of each source; the model's
defaults are stated in GBP at 2023/24 prices.
"""

from __future__ import annotations

#: Parts of a source string that start with one of these are assumptions, not keys.
NON_REFERENCE_PREFIXES = ("assumption", "implementation")

REFERENCES: dict[str, str] = {
    # --- co-production and participation ----------------------------------------------
    "arnstein1969": (
        "Arnstein, S. R. (1969). A ladder of citizen participation. Journal of the "
        "American Institute of Planners, 35(4), 216-224. "
        "https://doi.org/10.1080/01944366908977225"
    ),
    "nabatchi2017": (
        "Nabatchi, T., Sancino, A., & Sicilia, M. (2017). Varieties of participation in "
        "public services: The who, when, and what of coproduction. Public Administration "
        "Review, 77(5), 766-776. https://doi.org/10.1111/puar.12765"
    ),
    "parks1981": (
        "Parks, R. B., Baker, P. C., Kiser, L., Oakerson, R., Ostrom, E., Ostrom, V., "
        "Percy, S. L., Vandivort, M. B., Whitaker, G. P., & Wilson, R. (1981). Consumers "
        "as coproducers of public services: Some economic and institutional "
        "considerations. Policy Studies Journal, 9(7), 1001-1011. "
        "https://doi.org/10.1111/j.1541-0072.1981.tb01208.x"
    ),
    "ostrom1996": (
        "Ostrom, E. (1996). Crossing the great divide: Coproduction, synergy, and "
        "development. World Development, 24(6), 1073-1087. "
        "https://doi.org/10.1016/0305-750X(96)00023-X"
    ),
    "parrado2013": (
        "Parrado, S., Van Ryzin, G. G., Bovaird, T., & Loeffler, E. (2013). Correlates of "
        "co-production: Evidence from a five-nation survey of citizens. International "
        "Public Management Journal, 16(1), 85-112. "
        "https://doi.org/10.1080/10967494.2013.796260"
    ),
    "nef2008coproduction": (
        "Stephens, L., Ryan-Collins, J., & Boyle, D. (2008). Co-production: A manifesto "
        "for growing the core economy. London: new economics foundation (nef). "
        "https://neweconomics.org/2008/07/co-production"
    ),
    "klump2012": (
        "Klump, R., McAdam, P., & Willman, A. (2012). The normalized CES production "
        "function: Theory and empirics. Journal of Economic Surveys, 26(5), 769-799. "
        "https://doi.org/10.1111/j.1467-6419.2012.00730.x"
    ),
    # --- time banking -----------------------------------------------------------------
    "seyfang2003": (
        "Seyfang, G. (2003). Growing cohesive communities one favour at a time: Social "
        "exclusion, active citizenship and time banks. International Journal of Urban "
        "and Regional Research, 27(3), 699-706. "
        "https://doi.org/10.1111/1468-2427.00475"
    ),
    "knapp2010": (
        "Knapp, M., Bauer, A., Perkins, M., & Snell, T. (2010). Building community "
        "capacity: Making an economic case. PSSRU Discussion Paper 2772. London: "
        "Personal Social Services Research Unit, London School of Economics and "
        "Political Science. https://www.pssru.ac.uk/pub/dp2772.pdf (published as: "
        "Knapp, M., Bauer, A., Perkins, M., & Snell, T. (2013). Building community "
        "capital in social care: Is there an economic case? Community Development "
        "Journal, 48(2), 313-331. https://doi.org/10.1093/cdj/bss021)"
    ),
    "timebankinguk_budget": (
        "Timebanking UK. Sample budget for one year to run a time bank. "
        "https://www.timebanks.co.uk/Sample_Budget.html (broker 3 days a week GBP 12,500; "
        "with travel, set-up, insurance, overheads, publicity and training GBP 21,350 a "
        "year; the page says a full-time broker is the ideal)"
    ),
    "timebankinguk_members": (
        "College of Medicine. Timebanking UK (innovations and projects). "
        "https://collegeofmedicine.org.uk/innovations-projects/timebanking-uk/ (280 time "
        "banks with over 30,000 members, i.e. about 107 members per time bank)"
    ),
    # --- motivation and cooperation ---------------------------------------------------
    "frey1997": (
        "Frey, B. S., & Oberholzer-Gee, F. (1997). The cost of price incentives: An "
        "empirical analysis of motivation crowding-out. American Economic Review, 87(4), "
        "746-755. https://www.jstor.org/stable/2951373"
    ),
    "gneezy2000": (
        "Gneezy, U., & Rustichini, A. (2000). Pay enough or don't pay at all. Quarterly "
        "Journal of Economics, 115(3), 791-810. https://doi.org/10.1162/003355300554917"
    ),
    "fischbacher2001": (
        "Fischbacher, U., Gaechter, S., & Fehr, E. (2001). Are people conditionally "
        "cooperative? Evidence from a public goods experiment. Economics Letters, 71(3), "
        "397-404. https://doi.org/10.1016/S0165-1765(01)00394-9 (about 50% conditional "
        "cooperators, 30% free riders, 14% hump-shaped contributors)"
    ),
    "fischbacher2010": (
        "Fischbacher, U., & Gaechter, S. (2010). Social preferences, beliefs, and the "
        "dynamics of free riding in public goods experiments. American Economic Review, "
        "100(1), 541-556. https://doi.org/10.1257/aer.100.1.541"
    ),
    "communitycare2007": (
        "Community Care (2007). Bureaucracy: social workers bogged down by paperwork. "
        "Survey of more than 1,000 social workers in children's and adults' services: "
        "three-quarters spend more than 40% of their time on administrative work, more "
        "than a third over 60%. "
        "https://www.communitycare.co.uk/2007/04/25/bureaucracy-social-workers-bogged-down-by-paperwork-exclusive-survey/"
    ),
    "ledyard1995": (
        "Ledyard, J. O. (1995). Public goods: A survey of experimental research. In J. H. "
        "Kagel & A. E. Roth (Eds.), The Handbook of Experimental Economics (pp. 111-194). "
        "Princeton University Press. (Working paper: Caltech Social Science Working Paper "
        "861, 1994.) Stylised facts: in one-shot games and early rounds contributions are "
        "about halfway between free riding and full contribution; they decline with "
        "repetition"
    ),
    "andreoni1988": (
        "Andreoni, J. (1988). Why free ride? Strategies and learning in public goods "
        "experiments. Journal of Public Economics, 37(3), 291-304. "
        "https://doi.org/10.1016/0047-2727(88)90043-6 (contributions resume after a restart)"
    ),
    "fehr2000": (
        "Fehr, E., & Gaechter, S. (2000). Cooperation and punishment in public goods "
        "experiments. American Economic Review, 90(4), 980-994. "
        "https://doi.org/10.1257/aer.90.4.980"
    ),
    "ohtsuki2006": (
        "Ohtsuki, H., Hauert, C., Lieberman, E., & Nowak, M. A. (2006). A simple rule for "
        "the evolution of cooperation on graphs and social networks. Nature, 441(7092), "
        "502-505. https://doi.org/10.1038/nature04605"
    ),
    "bandura1977": (
        "Bandura, A. (1977). Self-efficacy: Toward a unifying theory of behavioral "
        "change. Psychological Review, 84(2), 191-215. "
        "https://doi.org/10.1037/0033-295X.84.2.191"
    ),
    # --- wellbeing --------------------------------------------------------------------
    "tennant2007": (
        "Tennant, R., Hiller, L., Fishwick, R., Platt, S., Joseph, S., Weich, S., "
        "Parkinson, J., Secker, J., & Stewart-Brown, S. (2007). The Warwick-Edinburgh "
        "Mental Well-being Scale (WEMWBS): Development and UK validation. Health and "
        "Quality of Life Outcomes, 5, 63. https://doi.org/10.1186/1477-7525-5-63 "
        "(population sample, n = 1,749: mean 50.7, SD 8.79, median 51)"
    ),
    "nef2008": (
        "Aked, J., Marks, N., Cordon, C., & Thompson, S. (2008). Five ways to wellbeing: "
        "The evidence. London: new economics foundation (nef), for the Foresight "
        "Project on Mental Capital and Wellbeing. "
        "https://neweconomics.org/2008/10/five-ways-to-wellbeing-the-evidence"
    ),
    # --- population and participation data --------------------------------------------
    "ons2021wales": (
        "Office for National Statistics (2022). Population and household estimates, "
        "Wales: Census 2021. "
        "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/"
        "populationestimates/bulletins/populationandhouseholdestimateswales/census2021"
    ),
    "cls2021": (
        "Department for Digital, Culture, Media & Sport (2021). Community Life Survey "
        "2020/21: Volunteering and charitable giving. "
        "https://www.gov.uk/government/statistics/community-life-survey-202021"
    ),
    # --- networks ---------------------------------------------------------------------
    "watts1998": (
        "Watts, D. J., & Strogatz, S. H. (1998). Collective dynamics of 'small-world' "
        "networks. Nature, 393(6684), 440-442. https://doi.org/10.1038/30918"
    ),
    "holland1983": (
        "Holland, P. W., Laskey, K. B., & Leinhardt, S. (1983). Stochastic blockmodels: "
        "First steps. Social Networks, 5(2), 109-137. "
        "https://doi.org/10.1016/0378-8733(83)90021-7"
    ),
    "barabasi1999": (
        "Barabasi, A.-L., & Albert, R. (1999). Emergence of scaling in random networks. "
        "Science, 286(5439), 509-512. https://doi.org/10.1126/science.286.5439.509"
    ),
    "dunbar1993": (
        "Dunbar, R. I. M. (1993). Coevolution of neocortical size, group size and "
        "language in humans. Behavioral and Brain Sciences, 16(4), 681-694. "
        "https://doi.org/10.1017/S0140525X00032325"
    ),
    # --- crises, prevention and continuity --------------------------------------------
    "qualitywatch2013": (
        "Blunt, I. (2013). Focus on preventable admissions: Trends in emergency admissions "
        "for ambulatory care sensitive conditions, 2001 to 2013. QualityWatch, The Health "
        "Foundation and Nuffield Trust. http://www.qualitywatch.org.uk/blog/data-should-"
        "drive-action (ambulatory-care-sensitive conditions: one in five emergency "
        "admissions in England)"
    ),
    "ocathain2014": (
        "O'Cathain, A., Knowles, E., Maheswaran, R., Pearson, T., Turner, J., Hirst, E., "
        "Goodacre, S., & Nicholl, J. (2014). A system-wide approach to explaining "
        "variation in potentially avoidable emergency admissions: National ecological "
        "study. BMJ Quality & Safety, 23(1), 47-55. "
        "https://doi.org/10.1136/bmjqs-2013-002003 (conditions rich in avoidable "
        "admissions: 22% of emergency admissions, 2008-2011)"
    ),
    "huntley2013": (
        "Huntley, A. L., Thomas, R., Mann, M., Huws, D., Elwyn, G., Paranjothy, S., & "
        "Purdy, S. (2013). Is case management effective in reducing the risk of "
        "unplanned hospital admissions for older people? A systematic review and "
        "meta-analysis. Family Practice, 30(3), 266-275. "
        "https://doi.org/10.1093/fampra/cms081 (relative rate 0.71, 95% CI 0.49 to 1.03; "
        "nine of eleven trials found no reduction)"
    ),
    "barker2017": (
        "Barker, I., Steventon, A., & Deeny, S. R. (2017). Association between continuity "
        "of care in general practice and hospital admissions for ambulatory care "
        "sensitive conditions: Cross sectional study of routinely collected, person level "
        "data. BMJ, 356, j84. https://doi.org/10.1136/bmj.j84 (a 0.2 rise in the usual "
        "provider of care index: more than 6% fewer admissions for ambulatory care "
        "sensitive conditions)"
    ),
    "hetlevik2021": (
        "Hetlevik, O., Holmas, T. H., & Monstad, K. (2021). Continuity of care, measurement "
        "and association with hospital admission and mortality: A registry-based "
        "longitudinal cohort study. BMJ Open (PMID 34857569) (a 0.2 rise in continuity: "
        "8.1% fewer admissions for ambulatory care sensitive conditions on the "
        "patient-level index, 1.9% on the GP-list index)"
    ),
    "phw2023hapus": (
        "Public Health Wales (2023). National conversation opened to help people in Wales "
        "prioritise their mental wellbeing (Hapus). https://publichealthwales.nhs.wales/"
        "news/national-conversation-opened-to-help-people-in-wales-prioritise-their-"
        "mental-wellbeing (National Survey for Wales: mean WEMWBS of adults 51 in "
        "2018/19, 48 in 2022/23)"
    ),
    "osr2025mentalhealth": (
        "Office for Statistics Regulation (2025). Review of mental health statistics in "
        "Wales. https://osr.statisticsauthority.gov.uk/publication/review-of-mental-"
        "health-statistics-in-wales/pages/2 (National Survey for Wales wellbeing lowest in "
        "2022-23 and similar in 2024-25; lower in the most deprived groups, a gap that "
        "widened after 2021-22)"
    ),
    "scotgov2021wellbeing": (
        "Scottish Government. National Performance Framework: mental wellbeing (Scottish "
        "Health Survey 2021). https://nationalperformance.gov.scot/chart/mental-wellbeing "
        "(mean WEMWBS 46.8 in the most deprived areas, 50.5 in the least; 48.6 all adults)"
    ),
    "spice2014carms": (
        "Spice (2014). Carmarthenshire Time Credits, factsheet, May 2014. "
        "https://www.scribd.com/document/239569741/Carmarthenshire-Time-Credits-May-2014-"
        "Final (600 members have given over 17,500 hours over two years, through 70 "
        "organisations)"
    ),
    "timeplace2015": (
        "The Cardiffian (2015, 17 February). Cardiff time credits project leads the way "
        "(a news report quoting Spice). http://jomec.co.uk/thecardiffian/2015/02/17/"
        "cardiff-time-credits-project-leads-the-way/ (Timeplace, Ely and Caerau: 1,000 "
        "members who gave 35,000 hours in 2014)"
    ),
    "wow2023cohesive": (
        "Welsh Government (2023). Wellbeing of Wales 2023: a Wales of cohesive communities. "
        "https://gov.wales/wellbeing-wales-2023-wales-cohesive-communities-html "
        "(volunteering: 26% of adults in 2019-20, 29% in 2021-22, 30% in 2022-23)"
    ),
    "wow2024cohesive": (
        "Welsh Government (2024). Wellbeing of Wales 2024: a Wales of cohesive communities. "
        "https://gov.wales/node/63653 (being able to influence local decisions: no "
        "significant difference by area deprivation)"
    ),
    "nsw2021early": (
        "Welsh Government (2021). National Survey for Wales: early data, April to June "
        "2021. https://www.gov.wales/national-survey-wales-early-data-april-june-2021-html "
        "(30% agree they can influence decisions affecting their local area, 19% in "
        "2018-19)"
    ),
    "statswales_ro_outturn": (
        "Welsh Government, StatsWales. Revenue outturn expenditure, by service. "
        "https://statswales.gov.wales/Catalogue/Local-Government/Finance/Revenue/Outturn/"
        "revenueoutturnexpenditure-by-service (social services: GBP 900 per head in "
        "2023-24, all ages, children's and adults' services together)"
    ),
    "hsj2007wales": (
        "Health Service Journal (2007). Emergency admissions (CHKS analysis). "
        "https://www.hsj.co.uk/home/emergency-admissions/238352.article (emergency "
        "admissions per head of population in 2006: Wales 11.1%, England 8.6%)"
    ),
    # --- demand, processing and the workforce ---------------------------------------
    "pmm2021failuredemand": (
        "Implementing failure demand reduction as part of a demand management strategy. "
        "Public Money & Management (2021). https://doi.org/10.1080/09540962.2021.1978163 "
        "(claims that up to 80% of demand entering public services is failure demand; "
        "30% of non-urgent demand avoidable in the police force studied)"
    ),
    "scw2023workforce": (
        "Social Care Wales (2023). Social care workforce data report, and Impact report "
        "2024-25: recruit and retain. https://socialcare.wales/about-us/our-outcomes/"
        "impact-report-2024-2025/impact-report-24-25-recruit-retain (agency workers 1.8% "
        "of the workforce) and https://socialcare.wales/news-stories/new-report-shows-"
        "almost-85-000-people-work-in-the-social-care-sector-in-wales (vacancies 9% of "
        "the workforce, 2022)"
    ),
    "communitycare2010agency": (
        "Community Care (2010). GBP 70m extra cost of hiring agency social workers. "
        "https://www.communitycare.co.uk/2010/09/01/70m-extra-cost-of-hiring-agency-"
        "social-workers/ (each agency worker costs about GBP 14,400 a year more than a "
        "newly qualified permanent one; vacancy rate 10.4%)"
    ),
    "nhsi2018agency": (
        "NHS Improvement (2018), as reported by HEFMA: bank first approach urged by NHS "
        "Improvement. https://hefma.co.uk/about-us/news/item/bank-first-approach-urged-by-"
        "nhs-improvement (agency staff cost on average 20% more than bank staff)"
    ),
    # --- volunteering, carers ---------------------------------------------------------
    "cls2017": (
        "Department for Digital, Culture, Media & Sport (2017). Community Life Survey "
        "2016-17. https://www.gov.uk/government/statistics/community-life-survey-2016-17 "
        "(63% of adults in England volunteered formally or informally in the last 12 "
        "months, 39% at least once a month; civic consultation 18%)"
    ),
    "nsw2019influence": (
        "Welsh Government (2019). Local democracy and access to services (National Survey "
        "for Wales): April 2018 to March 2019. https://www.gov.wales/local-democracy-and-"
        "access-services-national-survey-wales-april-2018-march-2019 (19% of adults felt "
        "able to influence decisions affecting their local area)"
    ),
    "wimd2019": (
        "Welsh Government (2019). Welsh Index of Multiple Deprivation (WIMD) 2019: results "
        "report (SFR117/2019). WIMD ranks all 1,909 small areas (LSOAs) of Wales from 1 "
        "(most deprived) to 1,909 (least deprived); its fifths are 382 small areas each. "
        "https://stats.gov.wales (WIMD 2019 datasets)"
    ),
    "ons2021lsoa": (
        "Office for National Statistics. 2011 Census geographies: Lower layer Super Output "
        "Areas are groups of four or five Output Areas with between 400 and 1,200 "
        "households and a usually resident population between 1,000 and 3,000 persons; "
        "there were 1,909 in Wales. https://www.ons.gov.uk/methodology/geography/"
        "ukgeographies/censusgeographies/2011censusgeographies"
    ),
    "census2021carers": (
        "Office for National Statistics (2023). Unpaid care, England and Wales: Census "
        "2021, as summarised by the Centre for Care, "
        "https://centreforcare.ac.uk/updates/2023/01/census-2021 (10.5% of Wales "
        "residents aged 5 and over provide unpaid care, 3.6% 50 or more hours a week; in "
        "England and Wales 4.4% give 19 hours or less, 1.9% 20 to 49 hours and 2.8% 50 "
        "hours or more)"
    ),
    "hse2023carers": (
        "Unpaid carers' mental wellbeing: Health Survey for England analysis. European "
        "Journal of Public Health (2023), 33(Supplement 2), PMC10595850 (WEMWBS of "
        "carers against non-carers -1.71, 95% CI -2.29 to -1.13, adjusted for age and sex)"
    ),
    "valeofglamorgan2018": (
        "Vale of Glamorgan Council (2018). Economic value of volunteering. Voluntary Sector "
        "Joint Liaison Committee, 3 October 2018. https://www.valeofglamorgan.gov.uk/ (volunteer "
        "hours valued at GBP 13.60, the 2018 average hourly wage in the Annual Survey of "
        "Hours and Earnings)"
    ),
    "ncvo2014": (
        "NCVO (2014). It's the economic value, stupid... but is volunteering really worth "
        "GBP 100bn to the UK? https://blogs.ncvo.org.uk/2014/06/26/its-the-economic-value-"
        "stupidbut-is-volunteering-really-worth-100bn-to-the-uk/ (ONS replacement cost of "
        "regular formal volunteering GBP 23.9bn for 2.12bn hours in 2012-13; mean 2.8 hours "
        "a week per regular volunteer)"
    ),
    "frey2001": (
        "Frey, B. S., & Jegen, R. (2001). Motivation crowding theory. Journal of Economic "
        "Surveys, 15(5), 589-611. https://doi.org/10.1111/1467-6419.00150"
    ),
    # --- costs and workforce ----------------------------------------------------------
    "nhsrefcosts2023": (
        "NHS England (2023). National Cost Collection for the NHS: 2021/22 national "
        "schedule of NHS costs (non-elective inpatient spells). "
        "https://www.england.nhs.uk/costing-in-the-nhs/national-cost-collection/"
    ),
    "neweconomy_ucd": (
        "New Economy Manchester, Unit Cost Database (drawing on PSSRU Unit Costs of Health "
        "and Social Care 2014), as republished by the Global Value Exchange: "
        "https://www.globalvaluexchange.org/valuations/584580a11c584a1f40e4382b (children's "
        "services social worker GBP 40 a working hour, GBP 55 an hour of client-related work) "
        "and https://www.globalvaluexchange.org/valuations/584580a11c584a1f40e4382c "
        "(community specialist nurse GBP 43 an hour, GBP 64 an hour of patient-related work), "
        "all at 2013/14 prices"
    ),
    "pssru2023": (
        "Jones, K. C., Weatherly, H., Birch, S., Castelli, A., Chalkley, M., Dargan, A., "
        "Forder, J. E., Gao, M., Hinde, S., Markham, S., et al. (2024). Unit Costs of "
        "Health and Social Care 2023 Manual. Personal Social Services Research Unit "
        "(University of Kent) & Centre for Health Economics (University of York). "
        "https://doi.org/10.22024/UniKent/01.02.105685"
    ),
    "maslach2016": (
        "Maslach, C., & Leiter, M. P. (2016). Understanding the burnout experience: "
        "Recent research and its implications for psychiatry. World Psychiatry, 15(2), "
        "103-111. https://doi.org/10.1002/wps.20311"
    ),
    "nhsstaffsurvey2023": (
        "NHS England (2024). NHS Staff Survey 2023: national results. "
        "https://www.nhsstaffsurveys.com/results/national-results/ (question q12d, 'How "
        "often, if at all, do you feel burnt out because of your work?': 30.4% often or "
        "always in 2023, 34.0% in 2022, 34.5% in 2021; as summarised at "
        "https://www.myleswellbeing.com/blog/which-nhs-staff-are-most-burnt-out-according-"
        "to-the-staff-survey-2023)"
    ),
    "skillsforcare2023": (
        "Skills for Care (2023). The state of the adult social care sector and workforce "
        "in England, 2023. Leeds: Skills for Care. "
        "https://www.skillsforcare.org.uk/Adult-Social-Care-Workforce-Data/"
        "Workforce-intelligence/publications/national-information/"
        "The-state-of-the-adult-social-care-sector-and-workforce-in-England.aspx "
        "(2022/23: turnover rate about 30%, vacancy rate 9.9%)"
    ),
    "skillsforcare2024": (
        "Skills for Care (2024, 16 October). Thank you for contributing to our State of "
        "report for 2024 (blog; the text was read in a copy of the page). "
        "https://www.skillsforcare.org.uk/news-and-events/blogs/thank-you-for-contributing-"
        "to-our-state-of-report-for-2024 (adult social care in England, 2023/24: turnover "
        "rate 24.2%, about 350,000 leavers a year, 131,000 vacancies on any given day)"
    ),
    "nhsdigital2023": (
        "NHS England (2023). NHS Workforce Statistics, March 2023: turnover tables for "
        "HCHS staff in NHS trusts and core organisations. "
        "https://digital.nhs.uk/data-and-information/publications/statistical/"
        "nhs-workforce-statistics (leaver rate of nurses and health visitors: 10.9% in "
        "the year to March 2023)"
    ),
    "cipd2022": (
        "Chartered Institute of Personnel and Development (2022). Resourcing and talent "
        "planning report 2022. London: CIPD, in partnership with Omni RMS. "
        "https://www.cipd.org/uk/knowledge/reports/resourcing-talent-planning-surveys/ "
        "(median cost of recruiting one employee: GBP 1,500; senior managers and "
        "directors: GBP 3,000)"
    ),
    # --- method -----------------------------------------------------------------------
    "grimm2006": (
        "Grimm, V., Berger, U., Bastiansen, F., et al. (2006). A standard protocol for "
        "describing individual-based and agent-based models. Ecological Modelling, "
        "198(1-2), 115-126. https://doi.org/10.1016/j.ecolmodel.2006.04.023"
    ),
    "grimm2010": (
        "Grimm, V., Berger, U., DeAngelis, D. L., Polhill, J. G., Giske, J., & "
        "Railsback, S. F. (2010). The ODD protocol: A review and first update. "
        "Ecological Modelling, 221(23), 2760-2768. "
        "https://doi.org/10.1016/j.ecolmodel.2010.08.019"
    ),
    "grimm2020": (
        "Grimm, V., Railsback, S. F., Vincenot, C. E., et al. (2020). The ODD protocol "
        "for describing agent-based and other simulation models: A second update to "
        "improve clarity, replication, and structural realism. Journal of Artificial "
        "Societies and Social Simulation, 23(2), 7. https://doi.org/10.18564/jasss.4259"
    ),
    "hmt2021wellbeing": (
        "HM Treasury (2021). Wellbeing guidance for appraisal: supplementary Green Book "
        "guidance. A WELLBY (one point of life satisfaction on 0-10 for one person for "
        "one year) is valued at GBP 13,000 (low 10,000, high 16,000) in 2019 prices. "
        "https://www.gov.uk/government/publications/green-book-supplementary-guidance-"
        "wellbeing"
    ),
    "wellworth": (
        "Happy City (2018). WellWorth technical background: conversion of wellbeing "
        "indicators into life-satisfaction points, after Mukuria et al. (2015, Policy "
        "Research Unit in Economic Evaluation of Health and Care Interventions); WEMWBS "
        "(14-70): standardised 0.68, unstandardised 0.13. "
        "http://www.happycity.org.uk/measurement-policy/wellworth/technical-background/"
    ),
    "asaria2016": (
        "Asaria, M., Doran, T., & Cookson, R. (2016). The costs of inequality: whole-"
        "population modelling study of lifetime inpatient hospital costs in the English "
        "National Health Service by level of neighbourhood deprivation. Journal of "
        "Epidemiology and Community Health, 70(10), 990-996. "
        "https://doi.org/10.1136/jech-2016-207447 (the most deprived fifth of "
        "neighbourhoods have 72% more emergency admissions than the least deprived)"
    ),
    "hse2016": (
        "NHS Digital (2017). Health Survey for England 2016: well-being and mental health. "
        "Mean WEMWBS in the most deprived areas 48.6 (men) and 47.3 (women), in the least "
        "deprived 51.5 and 51.0. http://healthsurvey.hscic.gov.uk/support-guidance/"
        "public-health/health-survey-for-england-2016/well-being-and-mental-health.aspx"
    ),
    "greenbook2022": (
        "HM Treasury (2022). The Green Book: Central government guidance on appraisal "
        "and evaluation. London: HM Treasury. https://www.gov.uk/government/"
        "publications/the-green-book-appraisal-and-evaluation-in-central-government"
    ),
}


def reference_keys(source: str) -> list[str]:
    """The reference keys in a ``source`` string, in order and without repeats.

    Parts that are empty or start with ``assumption`` or ``implementation`` are skipped.
    """
    keys: list[str] = []
    for part in source.split(";"):
        part = part.strip()
        if not part or part.lower().startswith(NON_REFERENCE_PREFIXES):
            continue
        if part not in keys:
            keys.append(part)
    return keys


def assumptions(source: str) -> list[str]:
    """The assumption parts of a ``source`` string (``"assumption: ..."`` and the like)."""
    return [
        part.strip()
        for part in source.split(";")
        if part.strip().lower().startswith(NON_REFERENCE_PREFIXES)
    ]


def cite(source: str) -> list[str]:
    """Full citations for the reference keys in ``source``, in order.

    Raises ``KeyError`` naming the key when a key has no entry in :data:`REFERENCES`.
    """
    out = []
    for key in reference_keys(source):
        if key not in REFERENCES:
            raise KeyError(f"reference key {key!r} (in source {source!r}) is not in REFERENCES")
        out.append(REFERENCES[key])
    return out
