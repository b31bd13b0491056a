"""The demo community's past year of activities and its segments. Plain data, no Django.

Dates are given as days before "today", so the history always covers the last twelve months
whenever the demo is seeded.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from roundtable.demo.people import REGULATOR


@dataclass(frozen=True)
class PastActivity:
    title: str
    days_ago: int
    hour_utc: int  # start time; chosen so that the audience's working day overlaps
    size: int  # about how many people came: the weight used to fill it
    contributions: tuple[str, ...]  # what a contributor did there, one picked per contribution
    attendance_detail: str = ""
    # Who it was for; None means the whole community. ("region", "Africa"), ("language",
    # "Spanish"), ("kind", REGULATOR) or ("new", "180") (joined in the last 180 days).
    audience: tuple[str, str] | None = None


_WEBINAR = ("asked a question", "presented a case", "shared a resource in the chat")
_PEER_ASSIST = ("presented a case", "gave advice to the host", "asked a question")
_CLINIC = ("brought a problem to the clinic", "asked a question")
_COFFEE = ("hosted a breakout room", "introduced two peers")
_FAIR = ("facilitated a table", "presented a case", "ran a marketplace stand")
_DISCUSSION = ("posted in the discussion", "replied to a peer", "shared a tariff study")
_MEETUP = ("presented a case", "facilitated a table", "asked a question")

# fmt: off
ACTIVITIES: tuple[PastActivity, ...] = (
    PastActivity("Webinar: Making the business case for active leak detection", 352, 13, 70,
                 _WEBINAR, "joined live"),
    PastActivity("Coffee-chat round: meet the new members", 340, 9, 16, _COFFEE,
                 audience=("new", "180")),
    PastActivity("Webinar: Tariff reform without tears", 323, 13, 55, _WEBINAR, "joined live"),
    PastActivity("Peer assist: Kisumu Lakeside's district metered areas", 310, 8, 12,
                 _PEER_ASSIST),
    PastActivity("Webinar: Smart meters, and what to do with the data", 294, 14, 60, _WEBINAR,
                 "joined live"),
    PastActivity("NRW clinic: bring your water balance", 284, 12, 18, _CLINIC),
    PastActivity("Webinar: Faecal sludge management at city scale", 266, 12, 45, _WEBINAR,
                 "joined live"),
    PastActivity("Regional meetup: East and Southern Africa", 255, 8, 28, _MEETUP,
                 audience=("region", "Africa")),
    PastActivity("Coffee-chat round: women in water utilities", 245, 12, 14, _COFFEE),
    PastActivity("Webinar: Climate-proofing treatment plants", 237, 13, 50, _WEBINAR,
                 "joined live"),
    PastActivity("Online discussion: Tariffs in times of high inflation", 225, 12, 40,
                 _DISCUSSION, "followed the discussion"),
    PastActivity("Webinar: Customer service that people trust", 209, 14, 40, _WEBINAR,
                 "joined live"),
    PastActivity("Peer assist: Preparing a tariff hearing", 198, 10, 11, _PEER_ASSIST,
                 audience=("kind", REGULATOR)),
    PastActivity("Coffee-chat round: miembros de habla hispana", 189, 15, 14, _COFFEE,
                 audience=("language", "Spanish")),
    PastActivity("Webinar: Asset management for small utilities", 180, 13, 48, _WEBINAR,
                 "joined live"),
    PastActivity("Virtual field visit: Pune's 24/7 supply zones", 168, 9, 45, _MEETUP),
    PastActivity("Webinar: Performance benchmarking that regulators use", 152, 13, 42, _WEBINAR,
                 "joined live"),
    PastActivity("Writeshop: case stories for the Knowledge Fair", 140, 10, 12,
                 ("drafted a case story", "reviewed a peer's case story")),
    PastActivity("Annual Knowledge Fair", 128, 11, 115, _FAIR, "attended the fair"),
    PastActivity("Coffee-chat round: regulators", 116, 13, 12, _COFFEE,
                 audience=("kind", REGULATOR)),
    PastActivity("Webinar: PPPs, lessons from management contracts", 110, 13, 52, _WEBINAR,
                 "joined live"),
    PastActivity("Peer assist: Sludge transfer stations", 98, 10, 12, _PEER_ASSIST),
    PastActivity("Regional meetup: Latin America (en español)", 90, 15, 24, _MEETUP,
                 audience=("language", "Spanish")),
    PastActivity("Webinar: Energy efficiency in pumping", 80, 13, 44, _WEBINAR, "joined live"),
    PastActivity("Coffee-chat round: francophone members", 70, 10, 13, _COFFEE,
                 audience=("language", "French")),
    PastActivity("GIS clinic: cleaning up network data", 60, 12, 16, _CLINIC),
    PastActivity("Webinar: Serving informal settlements", 48, 13, 58, _WEBINAR, "joined live"),
    PastActivity("Peer assist: An NRW baseline for a results-based loan", 36, 9, 11,
                 _PEER_ASSIST),
    PastActivity("Coffee-chat round: Asia and the Pacific", 26, 3, 14, _COFFEE),
    PastActivity("Webinar: Drought planning and rationing", 14, 13, 62, _WEBINAR,
                 "joined live"),
)
# fmt: on


def activity_title(activity: PastActivity, today: date) -> str:
    """The title as recorded; the fair carries its year, as real annual events do."""
    if activity.title == "Annual Knowledge Fair":
        return f"{activity.title} {(today - timedelta(days=activity.days_ago)).year}"
    return activity.title


def segment_rules(today: date) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, description, rule JSON) of the demo's rule segments, dated relative to ``today``."""
    six_months_ago = (today - timedelta(days=182)).isoformat()
    two_years_ago = (today - timedelta(days=730)).isoformat()
    return [
        (
            "New members from Africa who have not attended yet",
            "Joined in the last six months, based in Africa, no participation yet: invite them "
            "to a coffee-chat round.",
            {
                "match": "all",
                "conditions": [
                    {"field": "region", "op": "in", "value": ["Africa"]},
                    {"field": "joined", "op": "after", "value": six_months_ago},
                    {"field": "participation_level", "op": "in", "value": ["inactive"]},
                ],
            },
        ),
        (
            "Core group",
            "The people who come often and speak, post or lead.",
            {
                "match": "all",
                "conditions": [{"field": "participation_level", "op": "in", "value": ["core"]}],
            },
        ),
        (
            "Regulators",
            "Staff of regulatory agencies and regulatory economists.",
            {
                "match": "any",
                "conditions": [
                    {"field": "organisation", "op": "contains", "value": "Regula"},
                    {"field": "organisation", "op": "contains", "value": "Superintendencia"},
                    {"field": "role", "op": "contains", "value": "Regulatory"},
                ],
            },
        ),
        (
            "Latin America (Spanish speakers)",
            "For the Spanish-language meetups.",
            {
                "match": "all",
                "conditions": [
                    {"field": "region", "op": "in", "value": ["Americas"]},
                    {"field": "country", "op": "not_in", "value": ["US", "CA", "JM"]},
                    {"field": "language", "op": "contains", "value": "Spanish"},
                ],
            },
        ),
        (
            "People asking about leak detection",
            "Invite them to the next NRW clinic, and ask one of them to present their case.",
            {
                "match": "all",
                "conditions": [
                    {"field": "open_need_tag", "op": "has_any", "value": ["leak detection"]}
                ],
            },
        ),
        (
            "Asia and the Pacific time zones",
            "UTC+5 to UTC+13: the coffee-chat round at 03:00 UTC is for them.",
            {
                "match": "all",
                "conditions": [{"field": "timezone_offset", "op": "between", "value": [5, 13]}],
            },
        ),
        (
            "Sanitation practitioners",
            "Expertise or interest in sanitation or faecal sludge.",
            {
                "match": "all",
                "conditions": [
                    {
                        "field": "tag",
                        "op": "has_any",
                        "value": ["sanitation", "faecal sludge management"],
                    }
                ],
            },
        ),
        (
            "Long-standing members gone quiet",
            "Joined more than two years ago and seen at most once in the last year.",
            {
                "match": "all",
                "conditions": [
                    {"field": "joined", "op": "before", "value": two_years_ago},
                    {
                        "field": "participation_level",
                        "op": "in",
                        "value": ["peripheral", "inactive"],
                    },
                ],
            },
        ),
    ]


STEERING_COMMITTEE = "Steering committee"
STEERING_COMMITTEE_SIZE = 8
