"""The Engagement page's figures are stored per filter query and panel until the nightly
refresh, like the other insights pages."""

import json
from datetime import UTC, datetime
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from roundtable.communities.models import Community
from roundtable.insights.models import InsightSnapshot
from roundtable.segments.models import Segment
from tests.factories import MemberFactory, ParticipationRecordFactory, SegmentFactory
from tests.insights.test_views import HALF_YEAR, _active


def _page(client: Client, community: Community, **query: str) -> Any:
    return client.get(reverse("insights", args=[community.slug]), query)


def _new_member_active_in_march(community: Community) -> None:
    newcomer = MemberFactory(community=community, joined_on=datetime(2026, 3, 1).date())
    ParticipationRecordFactory(
        member=newcomer, community=community, occurred_at=datetime(2026, 3, 20, tzinfo=UTC)
    )


def test_the_figures_are_kept_until_recomputed(
    hand_worked: dict[int, int], community: Community, manager_client: Client
) -> None:
    assert _active(_page(manager_client, community, **HALF_YEAR))[2][1] == "5"
    _new_member_active_in_march(community)

    # Stored: the same figures, until "Recompute now".
    assert _active(_page(manager_client, community, **HALF_YEAR))[2][1] == "5"
    url = reverse("insights", args=[community.slug]) + "?from_month=2026-01&to_month=2026-06"
    answer = manager_client.post(url, {"recompute": "1"})

    assert answer.status_code == 302 and answer["Location"] == url
    assert _active(_page(manager_client, community, **HALF_YEAR))[2][1] == "6"
    page = _page(manager_client, community, **HALF_YEAR).content.decode()
    assert "Recompute now" in page and "computed again every night" in page


def test_after_the_refresh_time_the_figures_are_computed_again(
    hand_worked: dict[int, int], community: Community, manager_client: Client, clock: Any
) -> None:
    _page(manager_client, community, **HALF_YEAR)
    _new_member_active_in_march(community)
    clock.move_to(datetime(2026, 7, 16, 2, 5, tzinfo=UTC))

    assert _active(_page(manager_client, community, **HALF_YEAR))[2][1] == "6"


def test_one_stored_view_per_filters_and_panel(
    hand_worked: dict[int, int], community: Community, manager_client: Client
) -> None:
    peru = SegmentFactory(community=community, name="Peru")
    others = SegmentFactory(
        community=community,
        name="Kenya",
        rule={"match": "all", "conditions": [{"field": "country", "op": "in", "value": ["KE"]}]},
    )
    _page(manager_client, community, **HALF_YEAR)
    _page(manager_client, community, to_month="2026-06", from_month="2026-01")  # the same
    _page(manager_client, community, **HALF_YEAR, segment=str(peru.pk), compare=str(others.pk))

    # Everyone; then Peru beside Kenya (Kenya has no member: no figures to store).
    stored = InsightSnapshot.objects.filter(community=community, name="engagement")
    assert sorted((s.params["panel"], "segment" in s.params["query"]) for s in stored) == [
        ("", False),
        ("", True),
    ]


def test_the_stored_figures_name_nobody(
    hand_worked: dict[int, int], community: Community, manager_client: Client
) -> None:
    page = _page(manager_client, community, from_month="2026-07", to_month="2026-07")

    assert "Member 2" in page.content.decode()  # slipping away, named on the page
    (stored,) = InsightSnapshot.objects.filter(community=community, name="engagement")
    assert "Member 2" not in json.dumps(stored.payload)
    assert stored.payload["slipping_away"]


def test_a_stored_view_of_a_deleted_segment_is_dropped_at_night(
    hand_worked: dict[int, int], community: Community, manager_client: Client, clock: Any
) -> None:
    peru = SegmentFactory(community=community, name="Peru")
    _page(manager_client, community, **HALF_YEAR)
    _page(manager_client, community, **HALF_YEAR, segment=str(peru.pk))
    Segment.objects.filter(pk=peru.pk).delete()
    clock.move_to(datetime(2026, 7, 16, 2, 0, tzinfo=UTC))
    out = StringIO()

    call_command("refresh_insights", "--now", stdout=out)

    # Everyone's panel and today's counts recomputed; the deleted segment's panel dropped.
    assert "alpha: 2 view(s) recomputed, 1 no longer in use dropped" in out.getvalue()


def test_the_move_page_reads_the_stored_figures(
    hand_worked: dict[int, int], community: Community, manager_client: Client
) -> None:
    _page(manager_client, community, **HALF_YEAR)
    move = reverse("insights_move", args=[community.slug])

    answer = manager_client.get(move, {**HALF_YEAR, "move": "occasional-inactive"})

    assert answer.status_code == 200
    assert InsightSnapshot.objects.filter(community=community, name="engagement").count() == 1
