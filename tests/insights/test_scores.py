"""Stored engagement scores: the refresh, its task after a live session, and where they show
(the profile, the directory's sort, the segment condition)."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from roundtable.activities.models import Activity
from roundtable.communities.models import Community
from roundtable.domain.segment_rules import RuleError, describe_rule, parse_rule
from roundtable.execution.attendance import attendance_apply, attendance_preview
from roundtable.execution.registrations import checkin_set
from roundtable.insights.models import MemberEngagement
from roundtable.insights.score_services import engagement_scores_refresh
from roundtable.live.models import LiveSession, Participant
from roundtable.live.services import session_close
from roundtable.members.models import Member
from roundtable.segments.selectors import rule_members
from tests.factories import (
    ActivityFactory,
    MemberFactory,
    ParticipationRecordFactory,
    RegistrationFactory,
)

DATA = Path(__file__).parent.parent / "data"

NOW = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)


def _scores(community: Community) -> dict[str, tuple[int, int, int, int]]:
    return {
        row.member.full_name: (row.score, row.recency, row.frequency, row.breadth)
        for row in MemberEngagement.objects.filter(community=community).select_related("member")
    }


@pytest.fixture
def scored(community: Community) -> dict[str, Member]:
    """Three members, scored as of June 10, 2026:

    - Ana attended a workshop on June 10 and contributed on Slack (no activity, source "slack")
      on May 1: recency 100; months May, June = 2 → 17; ways attended, contributed, workshop,
      slack = 4 → 80; (100 + 17 + 80) / 3 = 65.67 → 66.
    - Kofi attended a webinar on December 12, 2025 (180 days before: 100 × 185/365 = 50.7 → 51);
      1 month → 8; attended, webinar → 40; 99 / 3 = 33.
    - Rosa never took part: 0.
    """
    ana = MemberFactory(community=community, full_name="Ana")
    kofi = MemberFactory(community=community, full_name="Kofi")
    rosa = MemberFactory(community=community, full_name="Rosa")
    workshop = ActivityFactory(community=community, format="workshop")
    webinar = ActivityFactory(community=community, format="webinar")
    ParticipationRecordFactory(member=ana, activity=workshop, occurred_at=NOW)
    ParticipationRecordFactory(member=ana, kind="contribution", source="slack",
                               occurred_at=datetime(2026, 5, 1, tzinfo=UTC))  # fmt: skip
    ParticipationRecordFactory(member=kofi, activity=webinar, occurred_at=NOW - timedelta(180))
    engagement_scores_refresh(community=community, now=NOW)
    return {"ana": ana, "kofi": kofi, "rosa": rosa}


def test_the_refresh_stores_every_members_score(
    community: Community, scored: dict[str, Member]
) -> None:
    assert _scores(community) == {
        "Ana": (66, 100, 17, 80),
        "Kofi": (33, 51, 8, 40),
        "Rosa": (0, 0, 0, 0),
    }
    assert MemberEngagement.objects.get(member=scored["ana"]).last_participation_on == NOW.date()


def test_a_later_refresh_writes_over_the_scores(
    community: Community, scored: dict[str, Member]
) -> None:
    # 200 days later Ana's last record (June 10) is 200 days old: 100 × 165/365 = 45.2 → 45;
    # the window (from 2025-12-28) still holds May and June: 17, 80; 142 / 3 = 47.3 → 47.
    # Kofi's December 12 record has left the window: 0.
    later = NOW + timedelta(days=200)
    engagement_scores_refresh(community=community, now=later)

    assert MemberEngagement.objects.filter(community=community).count() == 3
    assert _scores(community)["Ana"] == (47, 45, 17, 80)
    assert _scores(community)["Kofi"] == (0, 0, 0, 0)
    assert MemberEngagement.objects.get(member=scored["ana"]).computed_at == later


def test_closing_a_live_session_refreshes_the_communitys_scores(
    community: Community, clock: object
) -> None:
    member = MemberFactory(community=community, full_name="Wanjiru")
    session = LiveSession.objects.create(
        activity=ActivityFactory(community=community), opened_at=NOW - timedelta(hours=1)
    )
    Participant.objects.create(session=session, member=member, name="Wanjiru")

    session_close(session=session, now=NOW)

    # Her attendance, written by execution on the same event, counts: recency 100 (today),
    # 1 month (8), attended + the activity's format or the record's source (40).
    row = MemberEngagement.objects.get(member=member)
    assert (row.recency, row.frequency) == (100, 8)
    assert row.score > 0


def test_a_check_in_rescores_that_member_and_nobody_else(
    community: Community, scored: dict[str, Member]
) -> None:
    rosa, kofi = scored["rosa"], scored["kofi"]
    stale = MemberEngagement.objects.get(member=kofi).computed_at
    activity = ActivityFactory(community=community, format="clinic", starts_at=NOW)
    registration = RegistrationFactory(activity=activity, member=rosa, email=rosa.email)

    with time_machine.travel(NOW, tick=False):
        checkin_set(registration=registration, present=True)

    # Rosa attended a clinic today: recency 100, one month (8), attended + clinic (40).
    assert _scores(community)["Rosa"] == (49, 100, 8, 40)
    assert MemberEngagement.objects.get(member=kofi).computed_at == stale


def test_an_imported_attendance_report_rescores_the_members_it_found(
    community: Community,
) -> None:
    loki = MemberFactory(community=community, full_name="Loki", email="loki_asgardian@marvel.com")
    meeting = ActivityFactory(
        community=community, format="webinar", status=Activity.Status.DONE,
        starts_at=datetime(2021, 11, 19, 15, 0, tzinfo=UTC), duration_minutes=120,
    )  # fmt: skip
    report = (DATA / "attendance" / "zoom" / "participants_heroes.csv").read_bytes()
    with time_machine.travel(datetime(2021, 11, 20, 9, 0, tzinfo=UTC), tick=False):
        attendance_apply(
            file=attendance_preview(activity=meeting, data=report, file_name="participants.csv")
        )

    # Loki's attendance the day before: 100 × (1 − 1/365) = 99.7 → 100; 8; 40.
    row = MemberEngagement.objects.get(member=loki)
    assert (row.score, row.recency, row.frequency, row.breadth) == (49, 100, 8, 40)


def test_the_profile_shows_the_score_and_its_parts(
    community: Community, scored: dict[str, Member], manager_client: Client
) -> None:
    ana = manager_client.get(reverse("member_detail", args=[community.slug, scored["ana"].pk]))
    fresh = MemberFactory(community=community)
    unscored = manager_client.get(reverse("member_detail", args=[community.slug, fresh.pk]))

    page = ana.content.decode()
    assert "Engagement score" in page and '<span class="stat">66</span>' in page
    assert '<th scope="row">Breadth</th><td>80</td>' in page
    assert "Not computed yet" in unscored.content.decode()


def test_the_directory_sorts_by_score_with_the_unscored_last(
    community: Community, scored: dict[str, Member], manager_client: Client
) -> None:
    MemberFactory(community=community, full_name="Aaron (not scored yet)")

    response = manager_client.get(
        reverse("member_list", args=[community.slug]), {"sort": "-engagement"}
    )

    assert [m.full_name for m in response.context["page"].object_list] == [
        "Ana",
        "Kofi",
        "Rosa",
        "Aaron (not scored yet)",
    ]
    assert '<option value="-engagement" selected>Engagement score</option>' in (
        response.content.decode()
    )


def test_a_segment_of_members_with_a_score_at_least_or_at_most(
    community: Community, scored: dict[str, Member]
) -> None:
    def names(op: str, value: object) -> list[str]:
        rule = {"conditions": [{"field": "engagement_score", "op": op, "value": value}]}
        return [m.full_name for m in rule_members(community=community, rule=rule)]

    assert names("at_least", 33) == ["Ana", "Kofi"]
    assert names("at_least", "66") == ["Ana"]
    assert names("at_most", 0) == ["Rosa"]
    rule = parse_rule(
        {"conditions": [{"field": "engagement_score", "op": "at_least", "value": 60}]}
    )
    assert describe_rule(rule) == "Members whose engagement score is at least 60"


@pytest.mark.parametrize("value", ["high", 101, -1, 2.5, True])
def test_a_score_condition_needs_a_whole_number_from_0_to_100(value: object) -> None:
    rule = {"conditions": [{"field": "engagement_score", "op": "at_least", "value": value}]}

    with pytest.raises(RuleError, match="condition 1: engagement score needs a whole number"):
        parse_rule(rule)


def test_the_rule_editor_offers_the_score_with_a_number_input(
    community: Community, facilitator_client: Client
) -> None:
    data = {"name": "Engaged", "kind": "rule", "match": "all", "row": ["1"],
            "field_1": "engagement_score", "was_field_1": "country"}  # fmt: skip

    html = facilitator_client.post(
        reverse("segment_rule_rows", args=[community.slug]), data
    ).content.decode()

    assert '<option value="engagement_score" selected>Engagement score</option>' in html
    assert 'type="number" name="text_1" value="" min="0" max="100"' in html
    assert '<option value="at_least" selected>is at least</option>' in html


def test_a_past_day_scores_only_what_had_happened(community: Community) -> None:
    member = MemberFactory(community=community, joined_on=date(2025, 1, 1))
    ParticipationRecordFactory(member=member, occurred_at=NOW)

    engagement_scores_refresh(community=community, now=NOW - timedelta(days=1))

    assert MemberEngagement.objects.get(member=member).score == 0


def test_the_members_data_export_holds_their_score(
    community: Community, scored: dict[str, Member], manager_client: Client
) -> None:
    ana = scored["ana"]
    fresh = MemberFactory(community=community)

    data = manager_client.get(reverse("member_data", args=[community.slug, ana.pk])).json()
    none = manager_client.get(reverse("member_data", args=[community.slug, fresh.pk])).json()

    assert data["engagement_score"] == {
        "score": 66,
        "recency": 100,
        "frequency": 17,
        "breadth": 80,
        "last_participation_on": "2026-06-10",
        "computed_at": "2026-06-10T10:00:00+00:00",
    }
    assert none["engagement_score"] is None


def test_the_nightly_refresh_recomputes_the_scores(community: Community) -> None:
    member = MemberFactory(community=community, full_name="Wanjiru")
    ParticipationRecordFactory(member=member, occurred_at=NOW)
    out = StringIO()

    call_command("refresh_insights", "--now", stdout=out)
    assert "alpha: 1 engagement score(s) recomputed" in out.getvalue()
    assert MemberEngagement.objects.get(member=member).recency == 100
    MemberEngagement.objects.all().delete()
    # Handed to the worker (the tests' backend runs each task at once).
    call_command("refresh_insights", "--community", "alpha", stdout=out)
    assert MemberEngagement.objects.get(member=member).recency == 100
