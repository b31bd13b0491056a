"""The relationship network page: who may see it, what it says without ties, and that names
are escaped in the drawing and the tables."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.activities.models import Encounter
from roundtable.communities.models import Community
from roundtable.insights.models import InsightSnapshot
from roundtable.members.models import Member
from tests.factories import MemberFactory, SegmentFactory

PAYLOAD = "<script>alert(1)</script>"


def _url(community: Community, query: str = "") -> str:
    return reverse("insights_network", args=[community.slug]) + query


def _meet(community: Community, one: Member, other: Member, day: date) -> None:
    low, high = sorted((one, other), key=lambda m: m.pk)
    Encounter.objects.create(
        community=community,
        member_a=low,
        member_b=high,
        met_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
    )


@pytest.fixture
def triangle(community: Community) -> list[Member]:
    """A payload-named member who met two others in May 2026 (the clock: June 10, 2026), a
    Kenyan and a Peruvian member who never met each other, and a French member nobody met."""
    joined = date(2025, 1, 1)
    named = MemberFactory(community=community, full_name=PAYLOAD, country="KE", joined_on=joined)
    kenyan = MemberFactory(community=community, full_name="Wanjiru", country="KE", joined_on=joined)
    peruvian = MemberFactory(community=community, full_name="Rosa", country="PE", joined_on=joined)
    alone = MemberFactory(community=community, full_name=PAYLOAD + "2", country="FR",
                          joined_on=joined)  # fmt: skip
    _meet(community, named, kenyan, date(2026, 5, 4))
    _meet(community, named, peruvian, date(2026, 5, 4))
    return [named, kenyan, peruvian, alone]


def test_staff_see_it_members_do_not_and_other_communities_do_not_exist(
    community: Community,
    other_community: Community,
    manager_client: Client,
    facilitator_client: Client,
    member_client: Client,
) -> None:
    assert manager_client.get(_url(community)).status_code == 200
    assert facilitator_client.get(_url(community)).status_code == 200
    assert member_client.get(_url(community)).status_code == 403
    assert manager_client.get(_url(other_community)).status_code == 404
    assert Client().get(_url(community)).status_code == 302


def test_an_empty_community_is_told_to_add_members(
    community: Community, manager_client: Client
) -> None:
    page = manager_client.get(_url(community)).content.decode()

    assert "This community has no members yet" in page
    assert '<svg class="network-map"' not in page


def test_members_without_ties_are_told_where_ties_come_from(
    community: Community, manager_client: Client
) -> None:
    MemberFactory(community=community)

    page = manager_client.get(_url(community)).content.decode()

    assert "No two members were tied" in page
    assert "Slack or Discourse export" in page and "coffee-chat rounds" in page
    assert '<svg class="network-map"' not in page


def test_the_drawing_and_tables_escape_names_and_link_profiles(
    community: Community, manager_client: Client, triangle: list[Member]
) -> None:
    named, kenyan, peruvian, alone = triangle

    page = manager_client.get(_url(community)).content.decode()

    assert PAYLOAD not in page
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    # In the drawing (a node's title), among the bridges, and among the unconnected.
    assert f"<title>{escaped} (Africa)</title>" in page
    assert page.count(escaped) >= 3
    for member in (named, kenyan, peruvian):
        assert reverse("member_detail", args=[community.slug, member.pk]) in page
    assert page.count('<circle class="net-g') == 3 + 3  # three members, and the legend's three
    # Listed among the members with no connection, not drawn.
    assert reverse("member_detail", args=[community.slug, alone.pk]) in page


def test_groups_that_never_meet_are_called_out(
    community: Community, manager_client: Client, triangle: list[Member]
) -> None:
    # Two more Peruvians who met each other. By region: Africa 2, Americas 3, Europe 1 (6
    # members, 15 pairs) and 3 connections; Europe shares 2 pairs with Africa (3 × 2/15 = 0.4
    # expected) and 3 with the Americas (0.6): under one, so nothing "never" meets.
    joined = date(2025, 1, 1)
    one, two = (MemberFactory(community=community, country="PE", joined_on=joined) for _ in "12")
    _meet(community, one, two, date(2026, 5, 4))
    by_region = manager_client.get(_url(community)).content.decode()
    # Four more French members: Kenya 2, Peru 3, France 5 (10 members, 45 pairs). France and
    # Peru share 15 pairs: 3 × 15/45 = 1 expected, none observed: they never meet. France and
    # Kenya share 10 (0.67 expected): not called out.
    for _ in range(4):
        MemberFactory(community=community, country="FR", joined_on=joined)
    by_country = manager_client.get(_url(community, "?group=country")).content.decode()

    assert "Never meet:" not in by_region
    assert "Never meet:</strong> France and Peru" in by_country
    assert 'class="never-meet"' in by_country


def test_segments_that_overlap_are_compared_and_never_meeting_ones_called_out(
    community: Community, manager_client: Client, triangle: list[Member]
) -> None:
    def segment(name: str, countries: list[str]) -> None:
        rule = {"match": "all", "conditions": [{"field": "country", "op": "in",
                                                 "value": countries}]}  # fmt: skip
        SegmentFactory(community=community, name=name, rule=rule)

    # Four more French members, two pairs of whom met: 8 members (28 pairs), 4 connections.
    joined = date(2025, 1, 1)
    french = [MemberFactory(community=community, country="FR", joined_on=joined) for _ in "1234"]
    _meet(community, french[0], french[1], date(2026, 5, 4))
    _meet(community, french[2], french[3], date(2026, 5, 4))
    segment("Kenyans", ["KE"])  # the payload-named member and Wanjiru
    segment("Kenya or Peru", ["KE", "PE"])  # and Rosa: both Kenyans are in two segments
    segment("French", ["FR"])  # five members
    page = manager_client.get(_url(community, "?group=segment")).content.decode()
    table = manager_client.get(_url(community, "?group=segment&format=csv&table=mixing"))

    # French × Kenyans: 5 × 2 = 10 pairs, 4 × 10/28 = 1.4 expected, none observed; French ×
    # Kenya or Peru: 15 pairs, 2.1 expected, none. Kenyans × Kenya or Peru: 2 × 3 − 2 − 1 = 3
    # pairs; both of the Kenyans' connections (with Wanjiru and with Rosa) count there.
    assert "Never meet:</strong> French and Kenya or Peru; French and Kenyans." in page
    assert "Segments overlap" in page
    rows = table.content.decode().splitlines()
    assert rows[0].startswith("Segment,Segment,Connections,Expected at random")
    assert "Kenya or Peru,Kenyans,2,0.4," in rows  # 4 × 3/28 = 0.43
    assert "Kenyans,Kenyans,1,0.1," in rows  # their one connection; 4 × 1/28 = 0.14


def test_the_period_filters_and_a_bad_month_is_named(
    community: Community, manager_client: Client, triangle: list[Member]
) -> None:
    before = manager_client.get(_url(community, "?from_month=2026-01&to_month=2026-04"))
    bad = manager_client.get(_url(community, "?from_month=2026-13"))
    backwards = manager_client.get(_url(community, "?from_month=2026-05&to_month=2026-02"))

    assert "No two members were tied from 2026-01-01 to 2026-04-30" in before.content.decode()
    assert bad.status_code == 200
    assert "From month: “2026-13” is not a month: write it as YYYY-MM" in bad.content.decode()
    assert "“To month” (2026-02) is before “From month” (2026-05)" in backwards.content.decode()
    # The default period: the twelve months up to June 2026.
    assert "2025-07-01 to 2026-06-30" in bad.content.decode()


def test_the_figures_read_the_same_number_of_times_whatever_the_network(
    community: Community, manager_client: Client, triangle: list[Member]
) -> None:
    with CaptureQueriesContext(connection) as small:
        manager_client.get(_url(community))
    joined = date(2025, 1, 1)
    more = [MemberFactory(community=community, joined_on=joined) for _ in range(20)]
    for one, other in zip(more, more[1:], strict=False):
        _meet(community, one, other, date(2026, 4, 1))
    # The stored figures are kept until recomputed: then computed with as many queries.
    assert '<div class="stat">2</div>' in manager_client.get(_url(community)).content.decode()
    with CaptureQueriesContext(connection) as large:
        manager_client.post(_url(community), {"recompute": "1"})
    response = manager_client.get(_url(community))

    # The triangle's 2 connections and the chain's 19.
    assert '<div class="stat">21</div>' in response.content.decode()
    # The first visit computed and stored; the recompute computes and stores again.
    assert len(large.captured_queries) <= len(small.captured_queries) + 1


def test_every_table_downloads_as_csv_and_the_stored_figures_name_nobody(
    community: Community, manager_client: Client, triangle: list[Member]
) -> None:
    page = manager_client.get(_url(community)).content.decode()
    tables = {
        name: manager_client.get(_url(community, f"?format=csv&table={name}"))
        for name in ("months", "mixing", "bridges", "isolates")
    }

    assert "Download as CSV" in page and "Recompute now" in page
    assert all(t.status_code == 200 for t in tables.values())
    assert tables["months"].content.decode().startswith("Month,New connections")
    assert manager_client.get(_url(community, "?format=csv&table=nothing")).status_code == 404
    (stored,) = InsightSnapshot.objects.filter(community=community, name="network")
    assert "Wanjiru" in page
    assert "Wanjiru" not in str(stored.payload)
