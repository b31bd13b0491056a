"""Needs coverage from the database: which activities serve which needs, and the page."""

import json
from datetime import UTC, date, datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from roundtable.activities.models import Activity
from roundtable.communities.models import Community
from roundtable.insights.needs_coverage import needs_coverage
from roundtable.needs.models import Need
from roundtable.needs.services import need_status_set
from tests.factories import (
    ActivityFactory,
    CommunityFactory,
    MemberFactory,
    NeedFactory,
    SegmentFactory,
)

LEAKS = "We lose a third of our water to leaks and cannot find them fast enough."
TARIFF = "Examples of a tariff increase that got through public consultation."
SLUDGE = "How do other utilities schedule desludging of septic tanks?"


@pytest.fixture
def coverage_community(community: Community, clock: Any) -> dict[str, Any]:
    """Three needs stated in March 2026 by members in Peru and Kenya; a leak clinic held in
    April for everyone, a tariff webinar in May for the Kenyan segment only; nothing on sludge.
    The clock on 15 June 2026."""
    clock.move_to(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    peru = MemberFactory(community=community, full_name="Ana Peru", country="PE")
    kenya = MemberFactory(community=community, full_name="Wanjiru Kenya", country="KE")
    leaks = NeedFactory(member=peru, text=LEAKS, urgency=Need.Urgency.BURNING)
    tariff = NeedFactory(member=peru, text=TARIFF, urgency=Need.Urgency.BURNING)
    sludge = NeedFactory(member=kenya, text=SLUDGE, urgency=Need.Urgency.BURNING)
    kenyans = SegmentFactory(
        community=community,
        name="Kenya",
        rule={"match": "all", "conditions": [{"field": "country", "op": "in", "value": ["KE"]}]},
    )
    ActivityFactory(
        community=community,
        title="Finding leaks fast: a clinic on water lost to leaks",
        purpose_expressed="Find leaks faster and lose less water.",
        starts_at=datetime(2026, 4, 14, 12, 0, tzinfo=UTC),
        status=Activity.Status.DONE,
    )
    ActivityFactory(
        community=community,
        title="Tariff increase: getting it through public consultation",
        purpose_expressed="Examples of tariff increases that passed consultation.",
        starts_at=datetime(2026, 5, 20, 12, 0, tzinfo=UTC),
        status=Activity.Status.DONE,
        segment=kenyans,
    )
    # Another community's activity on sludge never serves alpha's need.
    ActivityFactory(
        community=CommunityFactory(slug="beta"),
        title="Desludging septic tanks on a schedule",
        purpose_expressed="Schedule desludging of septic tanks.",
        starts_at=datetime(2026, 4, 1, 12, 0, tzinfo=UTC),
    )
    clock.move_to(datetime(2026, 6, 15, 9, 0, tzinfo=UTC))
    return {"leaks": leaks, "tariff": tariff, "sludge": sludge, "peru": peru, "kenya": kenya}


def test_an_activity_serves_the_needs_of_its_audience_it_matches(
    community: Community, coverage_community: dict[str, Any]
) -> None:
    coverage = needs_coverage(community=community, start=date(2026, 3, 1), end=date(2026, 6, 30))

    by_month = {row.month.month: row for row in coverage.months}
    # March: three needs stated, none served yet; the leak clinic (planned when created, on
    # 2 March) counts as planned for the leaks need.
    assert (by_month[3].new, by_month[3].open, by_month[3].planned_for) == (3, 3, 1)
    # April: the leak clinic is held. The tariff webinar targets Kenya: Ana's tariff need is
    # not in its audience, so it serves nothing.
    assert by_month[4].served == 1
    assert (by_month[5].served, by_month[6].served) == (0, 0)
    # From 2 March to 14 April: 43 days.
    assert coverage.median_days_to_activity == 43
    # Tariff and sludge are burning and wait, the longest first (same day: by id).
    assert [row.need for row in coverage.waiting] == [
        coverage_community["tariff"],
        coverage_community["sludge"],
    ]
    assert coverage.waiting_total == 2
    assert [row.days_waiting for row in coverage.waiting] == [105, 105]


def test_coverage_by_segment(community: Community, coverage_community: dict[str, Any]) -> None:
    coverage = needs_coverage(community=community, start=date(2026, 3, 1), end=date(2026, 6, 30))

    rows = {row.name: row for row in coverage.groups}
    assert list(rows) == ["Whole community", "Kenya"]
    whole, kenya = rows["Whole community"], rows["Kenya"]
    assert (whole.members, whole.open, whole.planned_for, whole.burning_waiting) == (2, 3, 1, 2)
    assert (kenya.members, kenya.open, kenya.planned_for, kenya.burning_waiting) == (1, 1, 0, 1)
    assert kenya.longest_wait_days == 105


def test_a_need_marked_addressed_is_no_longer_open_from_that_day(
    community: Community, coverage_community: dict[str, Any], clock: Any
) -> None:
    clock.move_to(datetime(2026, 5, 3, 9, 0, tzinfo=UTC))
    need_status_set(need=coverage_community["tariff"], status=Need.Status.ADDRESSED)
    clock.move_to(datetime(2026, 6, 15, 9, 0, tzinfo=UTC))

    coverage = needs_coverage(community=community, start=date(2026, 3, 1), end=date(2026, 6, 30))

    by_month = {row.month.month: row for row in coverage.months}
    assert (by_month[4].open, by_month[5].open, by_month[5].addressed) == (3, 2, 1)
    assert [row.need for row in coverage.waiting] == [coverage_community["sludge"]]


def test_reopening_a_need_forgets_when_it_was_addressed(
    community: Community, coverage_community: dict[str, Any]
) -> None:
    need = coverage_community["tariff"]
    need_status_set(need=need, status=Need.Status.ADDRESSED)
    addressed_at = Need.objects.get(pk=need.pk).addressed_at
    assert addressed_at is not None
    need_status_set(need=need, status=Need.Status.ADDRESSED)  # again: the first date stays
    assert Need.objects.get(pk=need.pk).addressed_at == addressed_at

    need_status_set(need=need, status=Need.Status.OPEN)

    assert Need.objects.get(pk=need.pk).addressed_at is None


def test_the_figures_stand_as_at_the_end_of_the_period(
    community: Community, coverage_community: dict[str, Any]
) -> None:
    # At the end of March nothing was held yet, and every need waited but the planned one.
    coverage = needs_coverage(community=community, start=date(2026, 3, 1), end=date(2026, 3, 31))

    assert coverage.as_of == date(2026, 3, 31)
    assert coverage.median_days_to_activity is None
    assert coverage.waiting_total == 2


def test_the_needs_of_an_erased_member_are_left_out(
    community: Community, coverage_community: dict[str, Any]
) -> None:
    member = coverage_community["kenya"]
    member.anonymised_at = datetime(2026, 6, 1, tzinfo=UTC)
    member.save()

    coverage = needs_coverage(community=community, start=date(2026, 3, 1), end=date(2026, 6, 30))

    assert coverage.needs == 2
    assert [row.need for row in coverage.waiting] == [coverage_community["tariff"]]


# The page ---------------------------------------------------------------------------------------


def test_the_page_lists_the_waiting_needs_with_their_members(
    facilitator_client: Client, coverage_community: dict[str, Any]
) -> None:
    page = facilitator_client.get("/c/alpha/insights/needs/?from_month=2026-03&to_month=2026-06")

    assert page.status_code == 200
    text = page.content.decode()
    assert "Burning needs that no activity serves" in text
    assert "Examples of a tariff increase" in text
    assert f'href="/c/alpha/members/{coverage_community["kenya"].pk}/"' in text
    assert "105 days" in text


def test_a_member_cannot_see_the_page(member_client: Client, community: Community) -> None:
    assert member_client.get("/c/alpha/insights/needs/").status_code in (403, 404)


def test_a_community_without_needs_is_told_how_to_collect_them(
    facilitator_client: Client, community: Community
) -> None:
    page = facilitator_client.get("/c/alpha/insights/needs/")

    assert page.status_code == 200
    assert "No needs are recorded yet" in page.content.decode()


def test_a_period_in_the_future_says_so(
    facilitator_client: Client, coverage_community: dict[str, Any]
) -> None:
    page = facilitator_client.get("/c/alpha/insights/needs/?from_month=2027-01&to_month=2027-03")

    assert "is still to come" in page.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from_month=2026-13", "“2026-13” is not a month: write it as YYYY-MM"),
        ("from_month=soon", "“soon” is not a month"),
        ("to_month=1800-01", "1800-01 is out of range"),
        ("from_month=2026-06&to_month=2026-03", "“To month” (2026-03) is before “From month”"),
        ("from_month=2023-01&to_month=2026-06", "is 42 months: the page shows at most 36"),
    ],
)
def test_a_wrong_period_is_named_and_nothing_shown_until_it_is_fixed(
    facilitator_client: Client, coverage_community: dict[str, Any], query: str, message: str
) -> None:
    page = facilitator_client.get(f"/c/alpha/insights/needs/?{query}")

    assert page.status_code == 200
    text = page.content.decode()
    assert message in text
    assert "The figures are not shown until it is fixed." in text
    assert "Burning needs that no activity serves" not in text


def test_a_segment_with_no_members_says_so(
    facilitator_client: Client, community: Community, coverage_community: dict[str, Any]
) -> None:
    SegmentFactory(
        community=community,
        name="Nobody yet",
        rule={"match": "all", "conditions": [{"field": "country", "op": "in", "value": ["FR"]}]},
    )

    page = facilitator_client.get("/c/alpha/insights/needs/?from_month=2026-03&to_month=2026-06")

    assert "No members in this segment today." in page.content.decode()


def test_a_need_stated_after_an_activity_is_not_served_by_it(
    community: Community, coverage_community: dict[str, Any], clock: Any
) -> None:
    # Stated after the leak clinic was held: the clinic cannot have answered it.
    late = NeedFactory(
        member=coverage_community["peru"],
        text="Our water lost to leaks keeps growing; how do you find leaks fast?",
        urgency=Need.Urgency.BURNING,
    )
    assert late.created_at.date() > date(2026, 4, 14)

    coverage = needs_coverage(community=community, start=date(2026, 3, 1), end=date(2026, 6, 30))

    assert late in [row.need for row in coverage.waiting]
    assert coverage.as_of == date(2026, 6, 15)


def test_every_table_downloads_as_csv(
    facilitator_client: Client, coverage_community: dict[str, Any]
) -> None:
    base = "/c/alpha/insights/needs/?from_month=2026-03&to_month=2026-06&format=csv&table="

    months = facilitator_client.get(base + "months")
    waiting = facilitator_client.get(base + "waiting")
    segments = facilitator_client.get(base + "segments")

    assert months["Content-Disposition"] == 'attachment; filename="alpha-needs-by-month.csv"'
    lines = months.content.decode().splitlines()
    assert lines[0].startswith("Month,Stated,Open at the month's end")
    assert lines[1].startswith("Mar 2026,3,3,1,")
    assert "Examples of a tariff increase" in waiting.content.decode()
    assert "Kenya,1,1,0," in segments.content.decode()
    assert facilitator_client.get(base + "nothing").status_code == 404


def test_the_months_are_charted_with_their_table(
    facilitator_client: Client, coverage_community: dict[str, Any]
) -> None:
    text = facilitator_client.get(
        "/c/alpha/insights/needs/?from_month=2026-03&to_month=2026-06"
    ).content.decode()

    assert "Open needs at each month&#x27;s end" in text
    assert 'role="img"' in text
    assert "Table behind this chart" in text


def test_the_insights_command_prints_needs_coverage_and_activities_compared(
    coverage_community: dict[str, Any],
) -> None:
    out, text = StringIO(), StringIO()
    period = ("--community", "alpha", "--from", "2026-03-01", "--to", "2026-06-30")
    call_command("insights", *period, "--json", stdout=out)
    call_command("insights", *period, stdout=text)

    figures = json.loads(out.getvalue())
    assert figures["needs_coverage"]["waiting_total"] == 2
    assert figures["needs_coverage"]["median_days_to_activity"] == 43
    assert figures["activities_compared"]["total"] == 2
    assert [a["title"][:7] for a in figures["activities_compared"]["activities"]] == [
        "Tariff ",
        "Finding",
    ]
    assert "Needs: 3 open at the end, 1 with an activity planned; 2 burning needs" in (
        text.getvalue()
    )
    assert "Activities held: 2" in text.getvalue()
