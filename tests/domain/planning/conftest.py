"""A well-designed plan that triggers no rule, to vary one thing at a time."""

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from roundtable.domain.planning.plan import (
    AgendaBlock,
    Audience,
    Plan,
    PurposeChoice,
    SuccessIndicator,
)

GOOD_AGENDA = (
    AgendaBlock("Welcome", 5, "presentation"),
    AgendaBlock("Challenges stated", 10, "plenary_discussion"),
    AgendaBlock("Peer assist", 45, "small_groups", group_size=4),
    AgendaBlock("What I will try", 15, "share_back"),
    AgendaBlock("Reflect", 5, "reflection"),
    AgendaBlock("Follow-up pairs", 10, "pairs"),
)


def good_plan(**changes: Any) -> Plan:
    plan = Plan(
        title="Peer assist on metering",
        purpose=PurposeChoice("Help utilities with their metering challenge", "peer_support"),
        audience=Audience(24, timezones=(("Africa/Nairobi", 10), ("Europe/Berlin", 6))),
        start=datetime(2026, 4, 14, 8, 0, tzinfo=UTC),  # a Tuesday
        duration_minutes=90,
        agenda=GOOD_AGENDA,
        success_indicators=(SuccessIndicator("voice_reach", 0.9),),
        feedback=True,
        follow_up="Pairs talk again within two weeks.",
    )
    return replace(plan, **changes)
