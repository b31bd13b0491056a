"""Needs matching from the database, and the plan page's match and rotation cards."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roundtable.activities import matching
from roundtable.activities.models import Activity
from roundtable.activities.selectors import audience_timezones
from roundtable.needs.models import Need
from roundtable.needs.services import need_update
from tests.activities.test_views import zone_aggregates
from tests.factories import (
    ActivityFactory,
    MemberFactory,
    NeedFactory,
    SegmentFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db

LEAKS = "We lose a third of our water to leaks and cannot find them fast enough."
TARIFFS = "How do we set pro-poor tariffs that cover our costs?"
PUMPS = "Our pumping stations stop at every power cut."


@pytest.fixture(autouse=True)
def _fresh_cache():
    matching.needs_index_forget()
    yield
    matching.needs_index_forget()


@pytest.fixture
def peru(community):
    """A segment (members in Peru) and two members: one in it, one in Kenya."""
    segment = SegmentFactory(community=community, name="Peru")
    inside = MemberFactory(community=community, country="PE", timezone="America/Lima")
    outside = MemberFactory(community=community, country="KE", timezone="Africa/Nairobi")
    return segment, inside, outside


def test_the_segment_audience_is_matched_and_the_whole_community_otherwise(community, peru):
    segment, inside, outside = peru
    NeedFactory(member=inside, text=LEAKS, urgency=Need.Urgency.BURNING)
    NeedFactory(member=outside, text=TARIFFS, urgency=Need.Urgency.BURNING)
    NeedFactory(member=outside, text=PUMPS, urgency=Need.Urgency.LOW)
    activity = ActivityFactory(community=community, segment=segment)

    segment_match = matching.activity_needs_match(activity)
    assert (segment_match.needs, segment_match.touched, segment_match.share) == (1, 1, 1.0)
    assert [m.text for m in segment_match.best] == [LEAKS]
    assert segment_match.best[0].shared_terms == ("leaks",)

    activity.segment = None
    activity.save()
    whole = matching.activity_needs_match(activity)
    assert (whole.needs, whole.touched) == (3, 1)
    assert whole.share == pytest.approx(4 / 9, abs=1e-4)  # burning 4 of 4 + 4 + 1


def test_addressed_needs_are_left_out_and_a_status_change_needs_no_rebuild(community, peru):
    segment, inside, _ = peru
    need = NeedFactory(member=inside, text=LEAKS)
    NeedFactory(member=inside, text=TARIFFS)
    activity = ActivityFactory(community=community, segment=segment)
    assert matching.activity_needs_match(activity).touched == 1
    index = matching.community_needs_index(community)
    Need.objects.filter(pk=need.pk).update(status=Need.Status.ADDRESSED)
    after = matching.activity_needs_match(activity)
    assert (after.needs, after.touched) == (1, 0)
    assert matching.community_needs_index(community) is index


def test_the_cached_index_follows_new_edited_and_deleted_needs(community, peru):
    segment, inside, _ = peru
    activity = ActivityFactory(community=community, segment=segment)
    tariffs = NeedFactory(member=inside, text=TARIFFS)
    assert matching.activity_needs_match(activity).touched == 0
    first = matching.community_needs_index(community)
    assert matching.community_needs_index(community) is first  # unchanged: reused

    leaks = NeedFactory(member=inside, text=LEAKS)  # created
    assert matching.activity_needs_match(activity).touched == 1
    need_update(need=tariffs, text="Leak detection with acoustic loggers")
    assert matching.activity_needs_match(activity).touched == 2  # edited
    leaks.delete()
    tariffs.delete()
    assert matching.activity_needs_match(activity).needs == 0  # deleted
    assert matching.community_needs_index(community) is not first


def test_burning_needs_no_planned_activity_serves(community, peru):
    segment, inside, _ = peru
    for text in (LEAKS, PUMPS, TARIFFS, "Billing errors anger our customers.", "Staff quit."):
        NeedFactory(member=inside, text=text, urgency=Need.Urgency.BURNING)
    NeedFactory(member=inside, text="Pressure management", urgency=Need.Urgency.HIGH)
    activity = ActivityFactory(community=community, segment=segment)

    unserved = matching.unserved_needs(activity)
    assert unserved.urgencies == "burning"  # five burning: urgent ones are not added
    assert (unserved.considered, unserved.total, unserved.activities) == (5, 4, 1)
    texts = {need.text for need in unserved.needs}
    assert PUMPS in texts and LEAKS not in texts  # this activity serves the leaks

    # A finished activity about pumps serves nobody any more; a planned one does.
    ActivityFactory(
        community=community,
        title="Keeping pumping stations running through power cuts",
        purpose_expressed="Share what keeps pumps going when the power fails.",
        status=Activity.Status.DONE,
    )
    assert PUMPS in {need.text for need in matching.unserved_needs(activity).needs}
    ActivityFactory(
        community=community,
        title="Keeping pumping stations running through power cuts",
        purpose_expressed="Share what keeps pumps going when the power fails.",
        status=Activity.Status.DRAFT,
        starts_at=timezone.now() + timedelta(days=40),
    )
    after = matching.unserved_needs(activity)
    assert PUMPS not in {need.text for need in after.needs}
    assert (after.total, after.activities) == (3, 2)


def test_urgent_needs_are_added_when_few_are_burning(community, peru):
    segment, inside, _ = peru
    NeedFactory(member=inside, text=PUMPS, urgency=Need.Urgency.BURNING)
    NeedFactory(member=inside, text=TARIFFS, urgency=Need.Urgency.HIGH)
    NeedFactory(member=inside, text="Billing errors", urgency=Need.Urgency.LOW)
    activity = ActivityFactory(community=community, segment=segment)
    unserved = matching.unserved_needs(activity)
    assert unserved.urgencies == "burning and urgent"
    assert [n.text for n in unserved.needs] == [PUMPS, TARIFFS]  # most urgent first


def test_the_plan_page_shows_the_match_and_the_unserved_burning_needs(
    manager_client, community, peru, django_assert_max_num_queries
):
    segment, inside, _ = peru
    NeedFactory(member=inside, text=LEAKS, urgency=Need.Urgency.BURNING)
    NeedFactory(member=inside, text=PUMPS + " <script>x</script>", urgency=Need.Urgency.BURNING)
    activity = ActivityFactory(community=community, segment=segment)
    url = reverse("activity_detail", args=[community.slug, activity.pk])
    page = manager_client.get(url).content.decode()
    assert "Matches 50% of the audience's open needs" in page
    assert "<mark>leaks</mark>" in page
    assert "Burning needs no planned activity serves yet" in page
    assert "1 of the audience's 2 burning and urgent open needs is not close" in page
    assert f'href="{reverse("activity_new", args=[community.slug])}">Plan an activity' in page
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    with django_assert_max_num_queries(60):  # warm: the index is cached
        manager_client.get(url)


def test_the_plan_page_says_when_nothing_matches(manager_client, community, peru):
    segment, inside, _ = peru
    NeedFactory(member=inside, text=TARIFFS, urgency=Need.Urgency.LOW)
    activity = ActivityFactory(community=community, segment=segment)
    page = manager_client.get(reverse("activity_detail", args=[community.slug, activity.pk]))
    html = page.content.decode()
    assert "Matches 0% of the audience's open needs" in html
    assert "None of these needs is close to the title, purpose or description" in html
    assert "No burning or urgent open needs in this audience." in html


def _rotation(activity, query=""):
    request = RequestFactory().get("/" + query)
    template = Template("{% load planning %}{% series_rotation activity %}")
    return template.render(
        Context({"activity": activity, "community": activity.community, "request": request})
    )


@pytest.fixture
def world(community):
    """An audience spread over the Americas, Europe, Africa and Asia-Pacific."""
    for zone, country, count in (
        ("America/Lima", "PE", 6),
        ("Europe/Berlin", "DE", 5),
        ("Africa/Nairobi", "KE", 4),
        ("Asia/Manila", "PH", 6),
        ("Australia/Sydney", "AU", 3),
    ):
        for _ in range(count):
            MemberFactory(community=community, country=country, timezone=zone)


def test_the_rotation_moves_the_start_so_no_region_always_gets_the_night(community, world):
    start = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # a Tuesday
    activity = ActivityFactory(community=community, starts_at=start, timezone="Europe/Madrid")
    html = _rotation(activity)
    assert "for the next 4 weekly dates" in html
    assert html.count('<th scope="row">') == 4
    for region in ("Americas", "Europe", "Africa", "Asia", "Oceania"):
        assert f'<th scope="col">{region} ' in html
    context = _context(activity)
    first = context["editions"][0]["option"].start
    local = first.astimezone(ZoneInfo("Europe/Madrid"))  # times in the activity's own zone
    assert f'<strong>{local:%H:%M}</strong> <span class="small muted">Europe/Madrid · ' in html
    assert f"{first:%H:%M} UTC" in html and local.hour == first.hour + 1
    starts = {edition["option"].start.time() for edition in context["editions"]}
    assert len(starts) > 1  # the start moves between editions
    assert context["never_rotation"] < context["never_fixed"]
    for region in ("Asia", "Oceania"):
        assert any(
            cell["region"] == region and cell["share"] > 0
            for edition in context["editions"]
            for cell in edition["regions"]
        )
    monthly = _rotation(activity, "?rotation=monthly")
    assert "for the next 4 monthly dates" in monthly and "Tue 1 Dec" in monthly


def test_the_rotation_card_uses_the_time_zones_it_is_given(community, world):
    activity = ActivityFactory(
        community=community, starts_at=datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    )
    request = RequestFactory().get("/")
    zones = audience_timezones(activity)
    given = Template("{% load planning %}{% series_rotation activity zones %}")
    with CaptureQueriesContext(connection) as captured:
        html = given.render(Context({"activity": activity, "request": request, "zones": zones}))
    assert zone_aggregates(captured.captured_queries) == []
    assert html == _rotation(activity) and "for the next 4 weekly dates" in html
    # Zones passed in are what the card shows: here only the Lima members.
    lima = given.render(
        Context({"activity": activity, "request": request, "zones": (("America/Lima", 6),)})
    )
    assert '<th scope="col">Americas ' in lima and '<th scope="col">Europe ' not in lima


def _context(activity):
    from roundtable.activities.templatetags.planning import series_rotation_tag

    request = RequestFactory().get("/")
    return series_rotation_tag(
        Context({"community": activity.community, "request": request}), activity
    )


def test_the_rotation_uses_the_planned_editions_of_the_series(community, world):
    series = SeriesFactory(community=community)
    first = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    editions = [
        ActivityFactory(community=community, series=series, starts_at=first + timedelta(weeks=n))
        for n in range(3)
    ]
    html = _rotation(editions[0])
    assert "For the 3 planned editions from this one on" in html
    assert html.count("Move this edition") >= 1
    url = reverse("activity_start", args=[community.slug, editions[1].pk])
    assert url in html or reverse("activity_start", args=[community.slug, editions[2].pk]) in html
    assert len(_context(editions[1])["editions"]) == 2  # from the second on


def test_no_rotation_without_time_zones(community):
    activity = ActivityFactory(community=community)
    assert "No audience member has a time zone yet" in _rotation(activity)
