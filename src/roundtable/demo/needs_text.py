"""Needs in members' own words for the demo community. Plain data, no Django.

Each hand-written need says who would plausibly write it (the kinds of organisation in
:mod:`roundtable.demo.people`; an empty tuple means anyone), so that a regulator's profile shows a
regulator's worry. Urgency is 1 (can wait) to 4 (burning). The templates at the end fill the rest
of the needs board with variations on common asks.
"""

from dataclasses import dataclass

from roundtable.demo.people import BANK, MINISTRY, NGO, REGULATOR, UNIVERSITY, UTILITY


@dataclass(frozen=True)
class NeedText:
    text: str
    tags: tuple[str, ...]
    urgency: int
    writers: tuple[str, ...] = ()  # kinds of organisation; () means anyone


# fmt: off
NEEDS: tuple[NeedText, ...] = (
    NeedText(
        "We lose almost 40% of our water between the plant and the tap and I can't convince the "
        "board to fund active leak detection — how did others make the case?",
        ("non-revenue water", "leak detection", "financing"), 4, (UTILITY,)),
    NeedText(
        "Our acoustic loggers keep flagging 'leaks' that turn out to be nothing when the crew "
        "digs. "
        "Half my team has stopped trusting them. Has anyone calibrated loggers on old cast-iron "
        "mains?", ("leak detection",), 3, (UTILITY,)),
    NeedText(
        "Need examples of a tariff increase that got through public consultation without riots. "
        "Seriously. We have a hearing in March.", ("tariff setting", "stakeholder engagement"), 4,
        (REGULATOR, UTILITY)),
    NeedText(
        "How do you set a lifeline block for the poorest households when half of them share one "
        "connection with three other families?",
        ("tariff setting", "informal settlements", "gender and inclusion"), 3, (REGULATOR, NGO)),
    NeedText(
        "We bought 20,000 smart meters and now we have data nobody looks at. What does a utility "
        "actually DO with hourly readings?", ("digital metering", "data and dashboards"), 2,
        (UTILITY,)),
    NeedText(
        "Looking for a simple way to estimate apparent losses (meter under-registration, illegal "
        "connections) without a full water balance audit. We have no budget for consultants.",
        ("non-revenue water", "digital metering"), 3, (UTILITY,)),
    NeedText(
        "Our GIS is three different shapefiles from three different projects, none of them match "
        "the pipes in the ground. Where do you even start?", ("gis", "asset management"), 3,
        (UTILITY,)),
    NeedText(
        "The rainy season now floods our wastewater plant every year. I'd like to talk to someone "
        "who has actually raised or moved a plant, not just written a report about it.",
        ("climate resilience", "wastewater treatment"), 4, (UTILITY,)),
    NeedText(
        "Drought plan for a city of 2 million with one reservoir: what triggers do you use to "
        "start rationing, and how do you tell people before it's too late?",
        ("drought planning", "climate resilience", "customer service"), 4, (UTILITY, MINISTRY)),
    NeedText(
        "Anyone running faecal sludge emptying with private operators? We want to license them "
        "but they are afraid we'll just tax them.",
        ("faecal sludge management", "regulation", "sanitation"), 3, (REGULATOR, UTILITY)),
    NeedText(
        "Pit emptiers in our city dump sludge in the river because the treatment site is 40 km "
        "away. Transfer stations? Did they work for you?",
        ("faecal sludge management", "sanitation"), 4, (UTILITY, NGO)),
    NeedText(
        "I'm new in the regulator and I have to design our first performance benchmarking report "
        "for 14 utilities. What indicators would you start with, and which ones did you regret?",
        ("performance benchmarking", "regulation"), 3, (REGULATOR,)),
    NeedText(
        "Our collection efficiency is 62%. Government offices are the worst payers. How do you "
        "get a ministry to pay its water bill?", ("billing and collection",), 4, (UTILITY,)),
    NeedText(
        "We're being pushed towards a PPP for a new treatment plant. I don't know what questions "
        "to ask the transaction advisers. Would love 30 minutes with someone who has been "
        "through one.", ("ppp", "financing"), 3, (UTILITY, MINISTRY)),
    NeedText(
        "Energy is 35% of our operating cost. Pumps are old and oversized. Has anyone financed "
        "pump replacement from the energy savings?", ("energy efficiency", "financing"), 3,
        (UTILITY,)),
    NeedText(
        "Customer complaints arrive by WhatsApp, phone, Facebook and walk-in, and we log maybe "
        "a third. Looking for a cheap complaints system that small utilities actually use.",
        ("customer service", "data and dashboards"), 2, (UTILITY,)),
    NeedText(
        "How do you keep chlorine residual at the far end of an intermittent network? We supply "
        "8 hours a day and the tail end is always at zero.", ("water quality",), 4, (UTILITY,)),
    NeedText(
        "Intermittent supply is killing us: pipes empty, dirty water gets sucked in, people store "
        "water in drums. Who has moved a zone from 6 hours to 24/7 and what did it take?",
        ("pressure management", "water quality", "non-revenue water"), 3, (UTILITY,)),
    NeedText(
        "I teach hydraulics and my students have never seen a real utility's data. Would any "
        "utility share an anonymised DMA dataset for teaching?",
        ("data and dashboards", "capacity building"), 1, (UNIVERSITY,)),
    NeedText(
        "Research question: does pressure management actually reduce burst frequency in "
        "asbestos cement mains, or only in PVC? Looking for utilities willing to share burst "
        "records.", ("pressure management", "asset management"), 2, (UNIVERSITY,)),
    NeedText(
        "Our asset register says we have 1,100 km of network. The engineers think it's closer to "
        "1,600. Any quick method to estimate network length and age before we ask for money?",
        ("asset management", "gis"), 2, (UTILITY,)),
    NeedText(
        "We need a 10-year capital plan by June for the bank appraisal and nobody here has "
        "written one. Templates? Examples from a similar-size utility?",
        ("asset management", "financing"), 4, (UTILITY,)),
    NeedText(
        "Women in the settlements tell us the shared toilets are unsafe at night. What design "
        "changes made a real difference elsewhere — lighting, locks, location?",
        ("sanitation", "gender and inclusion", "informal settlements"), 3, (NGO, UTILITY)),
    NeedText(
        "Only 11% of our engineers are women and most leave within 3 years. Has any utility "
        "run a retention programme that worked?", ("gender and inclusion", "capacity building"),
        2),
    NeedText(
        "We want to connect informal settlements but the land is not titled and the legal team "
        "says we cannot lay pipes there. How did you get around tenure?",
        ("informal settlements", "regulation"), 3, (UTILITY, MINISTRY)),
    NeedText(
        "Prepaid meters: love them or hate them? Our council wants them for all low-income "
        "areas and I'm worried about disconnections of vulnerable families.",
        ("digital metering", "tariff setting", "gender and inclusion"), 3, (UTILITY, REGULATOR)),
    NeedText(
        "Looking for someone who has set up a district metered area from scratch with less than "
        "$50k. What did you buy first?", ("non-revenue water", "leak detection", "gis"), 3,
        (UTILITY,)),
    NeedText(
        "Our dashboard has 60 indicators and the managing director reads none. What are the 5 "
        "numbers a utility leader should see every Monday?",
        ("data and dashboards", "performance benchmarking"), 2, (UTILITY,)),
    NeedText(
        "The ministry wants to merge 9 small town utilities into one regional company. Has "
        "anyone lived through an aggregation? What broke first?",
        ("regulation", "asset management"), 3, (MINISTRY, UTILITY, REGULATOR)),
    NeedText(
        "How do you regulate service quality for a utility that is also owned by the same "
        "ministry that appoints the regulator? Asking for a friend.", ("regulation",), 2,
        (REGULATOR,)),
    NeedText(
        "¿Alguien tiene experiencia con tarifas por bloques crecientes en ciudades intermedias? "
        "Necesitamos ejemplos de Colombia o Perú para el directorio antes de fin de mes.",
        ("tariff setting",), 3, (REGULATOR, UTILITY)),
    NeedText(
        "Nous cherchons des exemples de contrats d'affermage qui ont bien fonctionné pour de "
        "petites villes. Le ministère veut une réponse avant la saison des pluies.",
        ("ppp", "regulation"), 3, (MINISTRY, UTILITY)),
    NeedText(
        "Blended finance for sanitation: every donor says they love it, nobody will take the "
        "first-loss tranche. Who has closed a deal and how?", ("financing", "sanitation"), 2,
        (BANK, MINISTRY, NGO)),
    NeedText(
        "I run a small twinning programme and the visits are great but nothing changes once "
        "people fly home. How do you make peer learning stick?",
        ("capacity building",), 2, (NGO, BANK)),
    NeedText(
        "We lost four of our best NRW technicians to a mining company this year. How do you keep "
        "skilled field staff on a public salary?", ("capacity building", "non-revenue water"), 3,
        (UTILITY,)),
    NeedText(
        "Could somebody explain, in plain words, how they present non-revenue water to city "
        "councillors? The percentage confuses them and the m3 per km per day confuses them "
        "more.", ("non-revenue water", "stakeholder engagement"), 2, (UTILITY, REGULATOR)),
    NeedText(
        "After the cyclone we rebuilt the intake exactly as it was, which is madness. Who has "
        "guidance on 'build back better' for water infrastructure that a finance ministry "
        "accepts?", ("climate resilience", "financing"), 3, (UTILITY, MINISTRY, BANK)),
    NeedText(
        "Groundwater levels are dropping 1 m a year under the city. We need a conversation with "
        "someone who has regulated private boreholes — politically it feels impossible.",
        ("drought planning", "regulation"), 4, (REGULATOR, MINISTRY)),
    NeedText(
        "We have sewage treatment capacity for 30% of the city and connections for 12%. How do "
        "you get households to connect to a sewer that passes their door?",
        ("wastewater treatment", "sanitation", "customer service"), 3, (UTILITY,)),
    NeedText(
        "Meter readers are being threatened in some neighbourhoods. Any experience with "
        "community reading or self-reading by photo?",
        ("digital metering", "billing and collection", "customer service"), 3, (UTILITY,)),
    NeedText(
        "Lab results take 10 days to come back from the capital. Has anyone validated field test "
        "kits well enough for the regulator to accept them?",
        ("water quality", "regulation"), 2, (UTILITY, REGULATOR)),
    NeedText(
        "Just need to vent for a moment: third year in a row the budget for pipe replacement "
        "got cut. If someone has a story of winning this fight, I am all ears.",
        ("asset management", "financing"), 2, (UTILITY,)),
    NeedText(
        "Looking for a mentor. I became head of customer service two months ago, coming from "
        "finance, and I have 45 staff and no idea what 'good' looks like.",
        ("customer service", "capacity building"), 3, (UTILITY,)),
    NeedText(
        "We are preparing a results-based financing operation for NRW reduction. How do you "
        "verify the baseline so nobody games it?",
        ("non-revenue water", "financing", "performance benchmarking"), 3, (BANK, REGULATOR)),
    NeedText(
        "Solar pumping for small town schemes — does the maintenance actually happen after the "
        "project ends? Honest experiences please.", ("energy efficiency", "asset management"), 1,
        (NGO, UTILITY, MINISTRY)),
    NeedText(
        "How are other regulators handling indexation of tariffs to inflation when inflation is "
        "40%? Annual reviews are too slow for us now.", ("tariff setting", "regulation"), 4,
        (REGULATOR,)),
    NeedText(
        "Leak detection on plastic pipes: the ground mic hears nothing. What works?",
        ("leak detection",), 3, (UTILITY,)),
    NeedText(
        "Our hydraulic model was built in 2011 and has never been updated. Is it worth reviving "
        "or should we start over with the new GIS?", ("gis", "pressure management"), 1,
        (UTILITY,)),
)

# Variations on common asks: {place} and {detail} are filled in per member.
TEMPLATES: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("Looking for examples of {detail} from a utility about our size in {place}. Who has "
     "done this recently?", ("non-revenue water",), 2),
    ("Has anyone in {place} or nearby worked on {detail}? We are starting next quarter and "
     "would like to avoid the obvious mistakes.", ("capacity building",), 2),
    ("Quick question: what did {detail} cost you, roughly, and was it worth it?",
     ("financing",), 1),
    ("Our board asked me to present on {detail} next month. I would be grateful for slides, "
     "numbers or a case from anyone in the network.", ("stakeholder engagement",), 3),
    ("We tried {detail} two years ago and it failed. I would like to understand why before we "
     "try again. Happy to share what went wrong.", ("asset management",), 2),
)

TEMPLATE_DETAILS: tuple[tuple[str, str], ...] = (
    ("pressure reducing valves in hilly zones", "pressure management"),
    ("a leak detection contract paid on results", "leak detection"),
    ("replacing manual meter reading with mobile apps", "digital metering"),
    ("a social tariff for pensioners", "tariff setting"),
    ("mapping customer connections in GIS", "gis"),
    ("a climate risk screening of the whole network", "climate resilience"),
    ("scheduled desludging of septic tanks", "faecal sludge management"),
    ("an SMS service for outage alerts", "customer service"),
    ("benchmarking our costs against other utilities", "performance benchmarking"),
    ("a management contract with a private operator", "ppp"),
    ("energy audits of our pumping stations", "energy efficiency"),
    ("online water quality monitoring at the reservoirs", "water quality"),
    ("active leak detection with a small in-house team", "leak detection"),
    ("a water safety plan", "water quality"),
    ("a customer satisfaction survey", "customer service"),
)
# fmt: on
