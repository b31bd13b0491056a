"""Activities compared from the database, and the page."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client

from roundtable.activities.models import Activity, Registration
from roundtable.communities.models import Community
from roundtable.feedback.models import FeedbackComment, FeedbackResponse, Theme
from roundtable.insights.activities_compared import activities_compared
from tests.factories import ActivityFactory, CommunityFactory, RegistrationFactory


def _held(community: Community, title: str, day: date, **fields: Any) -> Activity:
    activity: Activity = ActivityFactory(
        community=community,
        title=title,
        starts_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        status=Activity.Status.DONE,
        **fields,
    )
    return activity


def _registrations(activity: Activity, registered: int, attended: int) -> None:
    for n in range(registered):
        RegistrationFactory(
            activity=activity,
            attended_at=activity.starts_at if n < attended else None,
        )


def _feedback(activity: Activity, rating: int, pluses: int, deltas: int) -> None:
    response = FeedbackResponse.objects.create(
        activity=activity, rating=rating, submitted_on=activity.starts_at.date()
    )
    for kind, count in ((Theme.Kind.PLUS, pluses), (Theme.Kind.DELTA, deltas)):
        for n in range(count):
            FeedbackComment.objects.create(
                response=response, activity=activity, kind=kind, text=f"{kind} {n}"
            )


@pytest.fixture
def held(community: Community, clock: Any) -> dict[str, Activity]:
    """Two peer assists and a panel held in spring 2026; one planned for July; the clock on
    15 June 2026."""
    clock.move_to(datetime(2026, 6, 15, 9, 0, tzinfo=UTC))
    first = _held(community, "Peer assist: leaks", date(2026, 3, 10), format="peer-assist",
                  purpose_deeper="peer_support")  # fmt: skip
    second = _held(community, "Peer assist: tariffs", date(2026, 4, 10), format="peer-assist",
                   purpose_deeper="peer_support")  # fmt: skip
    panel = _held(community, "Panel on sludge", date(2026, 5, 10), format="panel",
                  purpose_deeper="knowledge_exchange")  # fmt: skip
    _registrations(first, 10, 8)
    _registrations(second, 20, 10)
    _registrations(panel, 50, 20)
    _feedback(first, 5, 3, 1)
    _feedback(second, 3, 1, 1)
    _feedback(panel, 4, 1, 3)
    ActivityFactory(
        community=community, title="Coming in July", starts_at=datetime(2026, 7, 1, tzinfo=UTC)
    )
    _held(CommunityFactory(slug="beta"), "Elsewhere", date(2026, 4, 1))
    return {"first": first, "second": second, "panel": panel}


def test_every_activity_held_in_the_period_with_its_figures(
    community: Community, held: dict[str, Activity]
) -> None:
    compared = activities_compared(community=community, start=date(2026, 1, 1),
                                   end=date(2026, 12, 31))  # fmt: skip

    # The latest first; the July activity is still to come, beta's is another community's.
    assert [row.activity for row in compared.rows] == [held["panel"], held["second"], held["first"]]
    panel = compared.rows[0].outcome
    assert (panel.registered, panel.attended, panel.turnout) == (50, 20, 0.4)
    assert (panel.mean_rating, panel.pluses, panel.deltas) == (4.0, 1, 3)


def test_formats_and_purposes_grouped(community: Community, held: dict[str, Activity]) -> None:
    compared = activities_compared(community=community, start=date(2026, 1, 1),
                                   end=date(2026, 12, 31))  # fmt: skip

    peer, panel = compared.formats
    assert (peer.activities, panel.activities) == (2, 1)
    # 18 of 30 attended; ratings 5 and 3; pluses 4 of 6.
    assert peer.turnout == pytest.approx(0.6)
    assert peer.mean_rating == 4.0
    assert peer.plus_share == pytest.approx(4 / 6)
    assert peer.purpose != "" and peer.format != ""


def test_sorted_by_a_column(community: Community, held: dict[str, Activity]) -> None:
    by_turnout = activities_compared(community=community, start=date(2026, 1, 1),
                                     end=date(2026, 12, 31), sort="turnout")  # fmt: skip
    by_rating_up = activities_compared(community=community, start=date(2026, 1, 1),
                                       end=date(2026, 12, 31), sort="rating",
                                       descending=False)  # fmt: skip

    assert [r.activity for r in by_turnout.rows] == [held["first"], held["second"], held["panel"]]
    assert [r.activity for r in by_rating_up.rows] == [held["second"], held["panel"], held["first"]]


def test_the_period_bounds_the_activities(community: Community, held: dict[str, Activity]) -> None:
    april = activities_compared(community=community, start=date(2026, 4, 1),
                                end=date(2026, 4, 30))  # fmt: skip

    assert [row.activity for row in april.rows] == [held["second"]]


def test_the_page_sorts_by_the_heading_chosen(
    facilitator_client: Client, held: dict[str, Activity]
) -> None:
    page = facilitator_client.get(
        "/c/alpha/insights/activities/?from_month=2026-01&to_month=2026-06&sort=rating&order=asc"
    )

    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("Peer assist: tariffs") < text.index("Panel on sludge")
    assert text.index("Panel on sludge") < text.index("Peer assist: leaks")
    assert 'aria-sort="ascending"' in text
    # The heading now offers the other direction.
    assert "sort=rating&amp;order=desc" in text


def test_an_unknown_sort_is_the_default_order(
    facilitator_client: Client, held: dict[str, Activity]
) -> None:
    page = facilitator_client.get(
        "/c/alpha/insights/activities/?from_month=2026-01&to_month=2026-06&sort=title"
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert text.index("Panel on sludge") < text.index("Peer assist: leaks")


def test_a_period_without_activities_says_what_to_do(
    facilitator_client: Client, held: dict[str, Activity]
) -> None:
    page = facilitator_client.get(
        "/c/alpha/insights/activities/?from_month=2025-01&to_month=2025-03"
    )

    assert "No activity was held from 1 Jan 2025 to 31 Mar 2025" in page.content.decode()


def test_one_activity_asks_for_a_longer_period(
    facilitator_client: Client, held: dict[str, Activity]
) -> None:
    page = facilitator_client.get(
        "/c/alpha/insights/activities/?from_month=2026-04&to_month=2026-04"
    )

    assert "One activity in this period" in page.content.decode()


def test_registrations_that_declined_are_not_registered(
    community: Community, held: dict[str, Activity]
) -> None:
    RegistrationFactory(activity=held["panel"], response=Registration.Response.NOT_ATTENDING)

    compared = activities_compared(community=community, start=date(2026, 5, 1),
                                   end=date(2026, 5, 31))  # fmt: skip

    assert compared.rows[0].outcome.registered == 50


def test_both_tables_download_as_csv(facilitator_client: Client, held: dict[str, Activity]) -> None:
    base = "/c/alpha/insights/activities/?from_month=2026-01&to_month=2026-06&format=csv&table="

    formats = facilitator_client.get(base + "formats").content.decode().splitlines()
    activities = facilitator_client.get(base + "activities").content.decode().splitlines()

    assert formats[0].startswith("Format,Purpose,Activities,Turnout")
    assert len(formats) == 3  # the header, peer assists and the panel
    assert activities[1].startswith("Panel on sludge,2026-05-10,")
    assert facilitator_client.get(base + "nothing").status_code == 404
