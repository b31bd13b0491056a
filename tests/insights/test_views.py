"""The Insights page and the page of a move's members, over the hand-worked community of
tests/domain/insights/community.py (see conftest.py): who may see them, what the filters
change, the CSV of each table, and the sentences that replace a chart with nothing to show."""

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.communities.models import Community
from roundtable.members.models import Member
from tests.factories import (
    CommunityFactory,
    MemberFactory,
    ParticipationRecordFactory,
    SegmentFactory,
)

HALF_YEAR = {"from_month": "2026-01", "to_month": "2026-06"}


def _country_segment(community: Community, name: str, code: str) -> int:
    rule = {"match": "all", "conditions": [{"field": "country", "op": "in", "value": [code]}]}
    return SegmentFactory(community=community, name=name, rule=rule).pk


@pytest.fixture
def two_countries(hand_worked: dict[int, int]) -> dict[int, int]:
    """Members 1 to 6 in Kenya, 7 to 12 in Peru; 4 and 5 at another organisation."""
    Member.objects.filter(pk__in=[hand_worked[n] for n in range(1, 7)]).update(country="KE")
    Member.objects.filter(pk__in=[hand_worked[n] for n in (4, 5)]).update(
        organisation="Nairobi Water"
    )
    return hand_worked


def _page(client: Client, community: Community, **query: str) -> Any:
    response = client.get(reverse("insights", args=[community.slug]), query)
    assert response.status_code == 200
    return response


def _active(response: Any, panel: int = 0) -> list[tuple[str, ...]]:
    """(month, active, new, returning, members) of each month in a panel's table."""
    table = response.context["page"].panels[panel].tables["active-by-month"]
    return [tuple(row[:5]) for row in table.rows]


def test_facilitators_and_managers_see_insights_members_do_not(
    community, manager_client, facilitator_client, member_client
) -> None:
    url = reverse("insights", args=[community.slug])
    assert manager_client.get(url).status_code == 200
    assert facilitator_client.get(url).status_code == 200
    assert member_client.get(url).status_code == 403
    move = reverse("insights_move", args=[community.slug])
    assert facilitator_client.get(move, {"move": "core-active"}).status_code == 200
    assert member_client.get(move, {"move": "core-active"}).status_code == 403


def test_the_half_year_charts_tables_and_lists(hand_worked, community, manager_client) -> None:
    response = _page(manager_client, community, **HALF_YEAR)
    body = response.content.decode()
    assert _active(response) == [
        ("Jan 2026", "2", "2", "0", "4"),
        ("Feb 2026", "3", "2", "1", "6"),
        ("Mar 2026", "5", "2", "3", "8"),
        ("Apr 2026", "3", "1", "2", "9"),
        ("May 2026", "3", "1", "2", "10"),
        ("Jun 2026", "3", "1", "2", "12"),
    ]
    assert "Figures as of 30 June 2026" in body
    assert "is counted up to" not in body  # June is over by the end of the period
    # Each chart: a heading, an accessible SVG, the table behind it.
    for title in ("Active members by month", "Participation levels over the last 24 months"):
        assert f'<h3 class="chart-title">{title}</h3>' in body
        assert f'role="img" aria-label="{title}"' in body
    assert body.count("Table behind this chart") == 2
    # The cohort triangle, shaded, with the percentages written.
    assert '<td class="heat-5">50% (1)</td>' in body
    assert '<td class="heat-none">not yet</td>' in body
    assert "<strong>5 of 8</strong>" in body and "after 35 days (median)" in body
    # Moves: a grid chart and a table whose counts open the members.
    panel = response.context["page"].panels[0]
    assert {(f["from_label"], f["to_label"], f["count"]) for f in panel.flows} >= {
        ("Occasional", "Inactive", 2),
        ("Not yet a member", "Peripheral", 2),
    }
    assert "move=occasional-inactive" in body


def test_slipping_away_links_each_member(hand_worked, community, manager_client) -> None:
    body = _page(manager_client, community, from_month="2026-07", to_month="2026-07")
    text = body.content.decode()
    profile = reverse("member_detail", args=[community.slug, hand_worked[3]])
    assert f'<a href="{profile}">Member 3</a>' in text
    assert "24 Jan 2026" in text


def test_the_page_lists_the_first_members_slipping_away_and_the_csv_all(
    hand_worked, community, manager_client, monkeypatch
) -> None:
    monkeypatch.setattr("roundtable.insights.views.SLIPPING_LISTED", 1)
    monkeypatch.setattr("roundtable.insights.panels.SLIPPING_LISTED", 1)
    july = {"from_month": "2026-07", "to_month": "2026-07"}
    text = _page(manager_client, community, **july).content.decode()
    url = reverse("insights", args=[community.slug])
    rows = list(csv.reader(io.StringIO(manager_client.get(
        url, {**july, "format": "csv", "table": "slipping-away"}).content.decode())))  # fmt: skip

    slipping = rows[1:]
    assert len(slipping) > 1 and all(name for name, _last in slipping)
    assert f"The first 1 of {len(slipping)}, the longest silent first" in text
    first, second = slipping[0][0], slipping[1][0]
    assert f">{first}</a>" in text and f">{second}</a>" not in text


def test_country_region_organisation_and_join_months_filter_the_figures(
    two_countries, community, manager_client
) -> None:
    kenya = [
        ("Jan 2026", "2", "2", "0", "4"),
        ("Feb 2026", "3", "2", "1", "6"),
        ("Mar 2026", "3", "0", "3", "6"),
        ("Apr 2026", "1", "0", "1", "6"),
        ("May 2026", "1", "0", "1", "6"),
        ("Jun 2026", "1", "0", "1", "6"),
    ]
    in_kenya = _page(manager_client, community, **HALF_YEAR, country="KE")
    assert _active(in_kenya) == kenya
    assert in_kenya.context["page"].panels[0].name == "Members matching the filters"
    assert "Only members with country: Kenya." in in_kenya.content.decode()
    assert _active(_page(manager_client, community, **HALF_YEAR, region="Africa")) == kenya
    nairobi = _page(manager_client, community, **HALF_YEAR, organisation="nairobi water")
    assert [row[1] for row in _active(nairobi)] == ["0", "2", "1", "0", "1", "0"]
    joined = _page(
        manager_client, community, **HALF_YEAR, joined_from="2026-03", joined_to="2026-04"
    )
    cohorts = joined.context["page"].panels[0].tables["retention"].rows
    assert [(row[0], row[1]) for row in cohorts] == [("Mar 2026", "2"), ("Apr 2026", "1")]


def test_a_segment_compared_with_another_side_by_side(
    two_countries, community, manager_client
) -> None:
    kenya = _country_segment(community, "Kenya", "KE")
    peru = _country_segment(community, "Peru", "PE")
    response = _page(manager_client, community, **HALF_YEAR, segment=str(kenya), compare=str(peru))
    panels = response.context["page"].panels
    assert [(p.name, p.size) for p in panels] == [("Kenya", 6), ("Peru", 6)]
    assert [row[1] for row in _active(response, 0)] == ["2", "3", "3", "1", "1", "1"]
    assert [row[1] for row in _active(response, 1)] == ["0", "0", "2", "2", "2", "2"]
    assert response.content.decode().count('aria-label="Active members by month"') == 2
    same = _page(manager_client, community, segment=str(kenya), compare=str(kenya))
    assert "This is the segment already chosen above" in same.content.decode()
    assert same.context["page"] is None


def test_every_table_as_csv_named_for_the_community_and_formula_safe(
    hand_worked, community, manager_client
) -> None:
    Member.objects.filter(pk=hand_worked[3]).update(full_name='=HYPERLINK("http://x")')
    url = reverse("insights", args=[community.slug])
    response = manager_client.get(url, {**HALF_YEAR, "format": "csv", "table": "active-by-month"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="alpha-active-by-month.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Month", "Active", "New", "Returning", "Members", "Share active"]
    assert rows[3] == ["Mar 2026", "5", "2", "3", "8", "62%"]

    july = {"from_month": "2026-07", "to_month": "2026-07", "format": "csv"}
    slipping = manager_client.get(url, {**july, "table": "slipping-away"})
    rows = list(csv.reader(io.StringIO(slipping.content.decode())))
    assert ['\'=HYPERLINK("http://x")', "2026-01-24"] in rows

    for table in ("levels-by-month", "retention", "newcomers", "level-moves", "countries"):
        answer = manager_client.get(url, {**HALF_YEAR, "format": "csv", "table": table})
        assert answer.status_code == 200, table
        assert f"alpha-{table}.csv" in answer["Content-Disposition"]
    assert manager_client.get(url, {"format": "csv", "table": "nothing"}).status_code == 404


def test_a_move_lists_its_members_and_only_the_communitys(
    hand_worked, community, manager_client
) -> None:
    url = reverse("insights_move", args=[community.slug])
    response = manager_client.get(url, {**HALF_YEAR, "move": "occasional-inactive"})
    assert response.status_code == 200
    assert [m.pk for m in response.context["move"].members] == [hand_worked[3], hand_worked[8]]
    body = response.content.decode()
    assert "From Occasional to Inactive" in body
    assert reverse("member_detail", args=[community.slug, hand_worked[3]]) in body
    as_csv = manager_client.get(url, {**HALF_YEAR, "move": "occasional-inactive", "format": "csv"})
    assert "Member 8" in as_csv.content.decode()
    # A move nobody made, and one that is no move at all.
    nobody = manager_client.get(url, {**HALF_YEAR, "move": "core-core"})
    assert "Nobody made this move with these filters" in nobody.content.decode()
    assert manager_client.get(url, {"move": "core-nowhere"}).status_code == 404
    assert manager_client.get(url, {"move": "<script>-core"}).status_code == 404


def test_another_communitys_members_never_count(hand_worked, community, manager_client) -> None:
    response = _page(manager_client, community, **HALF_YEAR)
    assert response.context["page"].panels[0].size == 12  # beta's member left out


# Bad input --------------------------------------------------------------------------------------


def test_an_empty_community_says_so(community, manager_client) -> None:
    body = _page(manager_client, community).content.decode()
    assert "This community has no members yet" in body
    assert "<svg" not in body.split("<main", 1)[1].split("Today", 1)[0]


def test_a_community_with_one_activity(community, manager_client, clock) -> None:
    clock.move_to(datetime(2026, 6, 10, 12, 0, tzinfo=UTC))
    member = MemberFactory(community=community)
    ParticipationRecordFactory(member=member, occurred_at=datetime(2026, 6, 2, tzinfo=UTC))
    body = _page(manager_client, community).content.decode()
    assert "June 2026 is counted up to 10 June: the month is not over." in body
    assert 'aria-label="Active members by month"' in body
    assert "Nobody attended for the first time" not in body  # the one member did
    assert "<strong>0 of 1</strong>" in body
    assert "Nobody is slipping away" in body


def test_a_segment_with_no_members_and_filters_that_match_nobody(
    hand_worked, community, manager_client
) -> None:
    empty = _country_segment(community, "Nobody <b>here</b>", "JP")
    body = _page(manager_client, community, segment=str(empty)).content.decode()
    assert "The segment “Nobody &lt;b&gt;here&lt;/b&gt;” has no members" in body
    assert 'aria-label="Active members by month"' not in body
    body = _page(manager_client, community, organisation="Nowhere Inc").content.decode()
    assert "No member matches these filters (organisation: Nowhere Inc)" in body


def test_a_period_in_the_future_and_nobody_active(hand_worked, community, manager_client) -> None:
    body = _page(manager_client, community, from_month="2027-01").content.decode()
    assert "after today (15 July 2026): nothing has happened in it yet" in body
    body = _page(manager_client, community, from_month="2024-01", to_month="2024-03")
    assert "Nobody took part from Jan 2024 to Mar 2024" in body.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"from_month": "2026-06", "to_month": "2026-01"},
            "“To month” (2026-01) is before “From month” (2026-06)",
        ),
        (
            {"joined_from": "2026-06", "joined_to": "2026-01"},
            "“Joined to” (2026-01) is before “Joined from”",
        ),
        ({"from_month": "June"}, "“June” is not a month: write it as YYYY-MM"),
        ({"to_month": "2026-13"}, "“2026-13” is not a month"),
        ({"from_month": "1066-10"}, "1066-10 is out of range"),
        (
            {"from_month": "2020-01", "to_month": "2026-06"},
            "is 78 months: the page shows at most 36",
        ),
    ],
)
def test_the_form_says_what_is_wrong(hand_worked, community, manager_client, query, message):
    response = _page(manager_client, community, **query)
    body = response.content.decode()
    assert message in body
    assert "Some filters need fixing" in body
    assert response.context["page"] is None


def test_a_start_alone_runs_to_this_month_and_at_most_36_months(
    hand_worked, community, manager_client
) -> None:
    recent = _page(manager_client, community, from_month="2026-03").context["page"]
    assert (recent.start.isoformat(), recent.end.isoformat()) == ("2026-03-01", "2026-07-31")
    old = _page(manager_client, community, from_month="2020-01").context["page"]
    assert (old.start.isoformat(), old.end.isoformat()) == ("2020-01-01", "2022-12-31")
    alone = _page(manager_client, community, to_month="2026-03").context["page"]
    assert (alone.start.isoformat(), alone.end.isoformat()) == ("2025-04-01", "2026-03-31")


def test_an_unknown_community_is_not_found(manager_client) -> None:
    CommunityFactory(slug="gamma")
    assert manager_client.get(reverse("insights", args=["gamma"])).status_code == 404


def test_a_long_move_comes_in_pages_and_whole_as_csv(
    hand_worked, community, manager_client, monkeypatch
) -> None:
    monkeypatch.setattr("roundtable.insights.views.MOVE_PAGE_SIZE", 1)
    url = reverse("insights_move", args=[community.slug])
    query = {**HALF_YEAR, "move": "occasional-inactive"}
    first = manager_client.get(url, query).content.decode()
    assert "Member 3" in first and "Member 8" not in first
    assert "Members 1 to 1 of 2" in first
    second = manager_client.get(url, {**query, "page": "2"}).content.decode()
    assert "Member 8" in second and "Member 3" not in second
    whole = manager_client.get(url, {**query, "format": "csv", "page": "2"}).content.decode()
    assert "Member 3" in whole and "Member 8" in whole


def test_a_compared_panels_csv_is_named_for_its_segment(
    two_countries, community, manager_client
) -> None:
    kenya = _country_segment(community, "Kenya", "KE")
    peru = _country_segment(community, "Peru", "PE")
    url = reverse("insights", args=[community.slug])
    query = {**HALF_YEAR, "segment": kenya, "compare": peru, "format": "csv"}
    response = manager_client.get(url, {**query, "table": "active-by-month", "panel": "compare"})
    assert 'filename="alpha-peru-active-by-month.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[1] for row in rows[1:]] == ["0", "0", "2", "2", "2", "2"]


def test_the_page_does_not_query_per_member_or_record(
    hand_worked, community, manager_client, django_assert_max_num_queries
) -> None:
    url = reverse("insights", args=[community.slug])
    with CaptureQueriesContext(connection) as few:
        manager_client.get(url, HALF_YEAR)
    for index in range(20):
        member = MemberFactory(community=community, full_name=f"Late {index}")
        ParticipationRecordFactory(member=member, occurred_at=datetime(2026, 5, 2, tzinfo=UTC))
    with django_assert_max_num_queries(len(few.captured_queries)):
        manager_client.get(url, HALF_YEAR)
