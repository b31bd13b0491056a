"""Precomputed insights: computed once, kept until the nightly refresh, recomputed on demand."""

import json
from datetime import UTC, datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from roundtable.communities.models import Community
from roundtable.insights.models import InsightSnapshot
from roundtable.insights.snapshots import last_refresh, snapshot
from roundtable.members.services import member_anonymise
from roundtable.needs.models import Need
from tests.factories import CommunityFactory, MemberFactory, NeedFactory

PAGE = "/c/alpha/insights/needs/?from_month=2026-01&to_month=2026-06"
PARAMS = {"from": "2026-01-01", "to": "2026-06-30"}
THIS_YEAR = {"from": "2026-01-01", "to": "2026-12-31"}


@pytest.fixture
def needs(community: Community, clock: Any) -> list[Need]:
    clock.move_to(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    member = MemberFactory(community=community, full_name="Ana Quispe")
    stated = [NeedFactory(member=member, urgency=Need.Urgency.BURNING) for _ in range(2)]
    clock.move_to(datetime(2026, 6, 15, 9, 0, tzinfo=UTC))
    return stated


def _waiting(client: Client, path: str = PAGE) -> str:
    text: str = client.get(path).content.decode()
    return text.split("burning need")[0].rsplit('<div class="stat">', 1)[1].split("<")[0]


def test_the_figures_are_kept_until_the_next_refresh(
    facilitator_client: Client, community: Community, needs: list[Need], clock: Any
) -> None:
    assert _waiting(facilitator_client) == "2"
    NeedFactory(member=needs[0].member, urgency=Need.Urgency.BURNING)

    # Later the same day: the stored figures, and one stored row.
    clock.move_to(datetime(2026, 6, 15, 23, 0, tzinfo=UTC))
    assert _waiting(facilitator_client) == "2"
    assert InsightSnapshot.objects.filter(community=community).count() == 1
    # After 02:00 UTC the next day they are computed again.
    clock.move_to(datetime(2026, 6, 16, 2, 1, tzinfo=UTC))
    assert _waiting(facilitator_client) == "3"


def test_recompute_now(facilitator_client: Client, needs: list[Need]) -> None:
    assert _waiting(facilitator_client) == "2"
    NeedFactory(member=needs[0].member, urgency=Need.Urgency.BURNING)

    answer = facilitator_client.post(PAGE, {"recompute": "1"})

    assert answer.status_code == 302 and answer["Location"] == PAGE
    assert _waiting(facilitator_client) == "3"


def test_the_page_says_when_its_figures_were_computed(
    facilitator_client: Client, needs: list[Need]
) -> None:
    text = facilitator_client.get(PAGE).content.decode()

    assert "Figures as computed 15 Jun 2026" in text
    assert "Recompute now" in text


def test_each_period_is_its_own_view(
    facilitator_client: Client, community: Community, needs: list[Need]
) -> None:
    facilitator_client.get(PAGE)
    facilitator_client.get("/c/alpha/insights/needs/?from_month=2026-03&to_month=2026-06")

    assert InsightSnapshot.objects.filter(community=community).count() == 2


def test_the_stored_figures_hold_no_words_and_no_names(
    community: Community, needs: list[Need]
) -> None:
    snapshot(community=community, name="needs_coverage", params=PARAMS)

    stored = json.dumps(InsightSnapshot.objects.get().payload)
    assert "Ana Quispe" not in stored
    assert needs[0].text[:20] not in stored
    assert str(needs[0].pk) in stored


def test_the_nightly_refresh_recomputes_views_in_use_and_drops_the_others(
    community: Community, needs: list[Need], clock: Any
) -> None:
    old = snapshot(community=community, name="needs_coverage",
                   params={"from": "2025-01-01", "to": "2025-12-31"})  # fmt: skip
    assert old.just_computed
    clock.move_to(datetime(2026, 7, 20, 9, 0, tzinfo=UTC))
    snapshot(community=community, name="needs_coverage", params=THIS_YEAR)
    NeedFactory(member=needs[0].member, urgency=Need.Urgency.BURNING)
    clock.move_to(datetime(2026, 7, 21, 2, 0, tzinfo=UTC))
    out = StringIO()

    call_command("refresh_insights", "--now", stdout=out)

    # The 2025 view was last viewed on 15 June, more than 30 days ago.
    assert "alpha: 1 view(s) recomputed, 1 no longer in use dropped" in out.getvalue()
    (kept,) = InsightSnapshot.objects.filter(community=community)
    assert kept.params == THIS_YEAR
    assert kept.payload["waiting_total"] == 3
    # Computed at the refresh time: the morning's visitors read it as it is.
    assert not snapshot(community=community, name="needs_coverage", params=THIS_YEAR).just_computed


def test_the_refresh_can_go_to_the_task_worker(community: Community, needs: list[Need]) -> None:
    snapshot(community=community, name="needs_coverage", params=PARAMS)
    NeedFactory(member=needs[0].member, urgency=Need.Urgency.BURNING)
    out = StringIO()

    # The tests' task backend runs each task at once.
    call_command("refresh_insights", "--community", "alpha", stdout=out)

    assert "alpha: handed to the task worker" in out.getvalue()
    assert InsightSnapshot.objects.get().payload["waiting_total"] == 3


def test_refreshing_an_unknown_community_is_refused(db: None) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No community with the slug 'nowhere'"):
        call_command("refresh_insights", "--community", "nowhere")


def test_erasing_a_member_drops_the_communitys_stored_figures(
    community: Community, needs: list[Need]
) -> None:
    snapshot(community=community, name="needs_coverage", params=PARAMS)
    other = CommunityFactory(slug="beta")
    snapshot(community=other, name="needs_coverage", params=PARAMS)

    member_anonymise(member=needs[0].member)

    assert list(InsightSnapshot.objects.values_list("community__slug", flat=True)) == ["beta"]


def test_the_last_refresh_time() -> None:
    assert last_refresh(datetime(2026, 6, 15, 1, 59, tzinfo=UTC)) == datetime(
        2026, 6, 14, 2, 0, tzinfo=UTC
    )
    assert last_refresh(datetime(2026, 6, 15, 2, 0, tzinfo=UTC)) == datetime(
        2026, 6, 15, 2, 0, tzinfo=UTC
    )
