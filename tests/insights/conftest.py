"""The hand-worked community of tests/domain/insights/community.py, stored as members and
participation records in "alpha", for the insights command's and pages' tests."""

from datetime import UTC, datetime, time
from typing import Any

import pytest

from roundtable.communities.models import Community
from tests.domain.insights.community import EVENTS, JOINED
from tests.factories import CommunityFactory, MemberFactory, ParticipationRecordFactory


@pytest.fixture
def hand_worked(community: Community, clock: Any) -> dict[int, int]:
    """The hand-worked community in "alpha", with the thresholds its level flows were worked
    out for; the clock on 15 July 2026. Returns each fixture member's id in the database."""
    clock.move_to(datetime(2026, 7, 15, 12, 0, tzinfo=UTC))
    community.participation_window_months = 3
    community.core_min_attendances = 2
    community.core_min_contributions = 2
    community.active_min_participations = 3
    community.save()
    ids = {}
    for number, joined_on in JOINED.items():
        member = MemberFactory(
            community=community, full_name=f"Member {number}", joined_on=joined_on
        )
        ids[number] = member.pk
    for number, on, kind in EVENTS:
        # Late in the evening: the record belongs to its UTC day.
        occurred_at = datetime.combine(on, time(23, 59), tzinfo=UTC)
        ParticipationRecordFactory(member_id=ids[number], community=community, kind=kind,
                                   occurred_at=occurred_at)  # fmt: skip
    # Another community's member, active every month: never counted in alpha's figures.
    outsider = MemberFactory(community=CommunityFactory(slug="beta"), joined_on=JOINED[1])
    for month in range(1, 7):
        ParticipationRecordFactory(
            member=outsider, occurred_at=datetime(2026, month, 2, tzinfo=UTC)
        )
    return ids
