"""The insights command's network and engagement figures, and its --refresh-scores."""

import json
from datetime import UTC, date, datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from roundtable.activities.models import Encounter
from roundtable.communities.models import Community
from roundtable.insights.models import MemberEngagement
from tests.factories import CommunityFactory, MemberFactory, ParticipationRecordFactory


def _run(*args: str) -> str:
    out = StringIO()
    call_command("insights", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def pair(community: Community) -> None:
    """Two Kenyans who met in a small group on May 4, 2026, one of them attending that day,
    and a French member who met nobody (the clock: June 10, 2026)."""
    joined = date(2025, 1, 1)
    one = MemberFactory(community=community, full_name="Wanjiru", country="KE", joined_on=joined)
    two = MemberFactory(community=community, full_name="Otieno", country="KE", joined_on=joined)
    MemberFactory(community=community, full_name="Claire", country="FR", joined_on=joined)
    met = datetime(2026, 5, 4, 12, tzinfo=UTC)
    Encounter.objects.create(community=community, member_a=one, member_b=two, met_at=met)
    ParticipationRecordFactory(member=one, occurred_at=met)


def test_the_json_has_the_network_and_the_engagement_beside_the_other_figures(
    pair: None,
) -> None:
    figures: dict[str, Any] = json.loads(
        _run("--community", "alpha", "--json", "--from", "2026-01-01", "--to", "2026-06-30")
    )

    assert {"active_by_month", "level_flows", "network", "engagement"} <= set(figures)
    network = figures["network"]
    assert (network["members"], network["connections"]) == (3, 1)
    assert [m["new"] for m in network["new_connections_by_month"]] == [0, 0, 0, 0, 1, 0]
    assert [i["name"] for i in network["isolates"]] == ["Claire"]
    engagement = figures["engagement"]
    # As of June 10 (now): Wanjiru attended 37 days before: 100 × 328/365 = 89.9 → 90; one month
    # (8); attended, and the record's activity's format (the factory's, if any) or source.
    assert engagement["members"] == 3 and engagement["as_of"] == "2026-06-10"
    assert [b["members"] for b in engagement["bands"]][0] == 2  # the other two score 0
    assert engagement["top"][0]["name"] == "Wanjiru"
    assert engagement["top"][0]["recency"] == 90


def test_the_summary_says_who_is_isolated_and_who_never_meets(pair: None) -> None:
    text = _run("--community", "alpha", "--from", "2026-01-01", "--to", "2026-06-30")

    assert (
        "Relationship network: 1 pair of members connected, 1 of 3 members with no connection"
        in text
    )
    assert "Engagement scores as of 2026-06-10: 3 members" in text


def test_refresh_scores_of_one_community_or_of_all(pair: None, community: Community) -> None:
    beta = CommunityFactory(slug="beta")
    MemberFactory(community=beta)

    one = _run("--refresh-scores", "--community", "alpha")
    assert one == "alpha: engagement scores of 3 members refreshed.\n"
    assert not MemberEngagement.objects.filter(community=beta).exists()
    every = _run("--refresh-scores")
    assert every.splitlines() == [
        "alpha: engagement scores of 3 members refreshed.",
        "beta: engagement scores of 1 member refreshed.",
    ]


def test_an_unknown_community_or_none_is_refused(db: None) -> None:
    with pytest.raises(CommandError, match="No community with the slug 'nowhere'"):
        _run("--refresh-scores", "--community", "nowhere")
    with pytest.raises(CommandError, match="--community SLUG is required"):
        _run("--json")
