"""Planning pages: create from a format, check, apply a suggestion, edit the agenda, files."""

from datetime import UTC, date, datetime

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roundtable.activities.models import Activity, Encounter, Registration
from roundtable.activities.selectors import activity_check
from roundtable.breakouts.services import BreakoutRequest, breakout_plan_create
from roundtable.domain.planning.formats import format_library
from roundtable.members.models import Member
from tests.factories import (
    ActivityFactory,
    AgendaBlockFactory,
    MemberFactory,
    NeedFactory,
    SegmentFactory,
)

pytestmark = pytest.mark.django_db


def _new_form(**changes):
    data = {
        "title": "Leak detection clinic",
        "format": "panel",
        "purpose_deeper": "peer_support",
        "purpose_expressed": "Bring a leak detection challenge and get help from peers.",
        "expected_headcount": "80",
        "start_date": "2026-12-08",
        "start_time": "14:00",
        "timezone": "Europe/Madrid",
        "duration_minutes": "60",
        "mode": "online",
        "feedback": "on",
    }
    data.update(changes)
    return data


def test_a_new_activity_starts_with_its_formats_agenda(manager_client, community, manager):
    response = manager_client.post(reverse("activity_new", args=[community.slug]), _new_form())
    activity = Activity.objects.get(community=community)
    assert response.status_code == 302
    assert response["Location"] == reverse("activity_detail", args=[community.slug, activity.pk])
    panel = format_library()["panel"]
    assert [b.title for b in activity.agenda_blocks.all()] == [b.title for b in panel.agenda]
    assert activity.owner == manager
    assert activity.starts_at.isoformat() == "2026-12-08T13:00:00+00:00"
    assert activity.status == Activity.Status.DRAFT


@pytest.mark.parametrize(
    ("browser_zone", "chosen"),
    [("America/Lima", "America/Lima"), ("Asia/Calcutta", "Asia/Kolkata"), ("Not/AZone", "UTC")],
)
def test_a_new_activity_starts_in_the_viewers_zone_by_its_current_name(
    manager_client, community, browser_zone, chosen
):
    manager_client.cookies["roundtable_tz"] = browser_zone  # what roundtable.js sets
    page = manager_client.get(reverse("activity_new", args=[community.slug])).content.decode()

    assert f'<option value="{chosen}" selected>' in page
    assert '<option value="Asia/Calcutta"' not in page  # old names are not offered


def test_the_form_says_what_is_wrong_next_to_the_field(manager_client, community):
    response = manager_client.post(
        reverse("activity_new", args=[community.slug]),
        _new_form(expected_headcount="0", purpose_deeper="fun", start_time=""),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"expected_headcount", "purpose_deeper", "start_time"}
    assert not Activity.objects.exists()


def test_the_plan_page_shows_the_voice_budget_and_the_findings(manager_client, community):
    activity = ActivityFactory(community=community)
    AgendaBlockFactory(activity=activity, minutes=60, mode="panel")
    page = manager_client.get(reverse("activity_detail", args=[community.slug, activity.pk]))
    rules = {row["finding"].rule for row in page.context["findings"]}
    assert {
        "stage-heavy-agenda",
        "large-audience-no-voice-tool",
        "peer-support-no-voicing",
    } <= rules
    assert page.context["voice"]["spoken_reach"] == 4  # 3 panellists of 80
    assert "Apply this suggestion" in page.content.decode()


def test_applying_a_suggestion_fixes_the_plan_and_raises_the_voice(manager_client, community):
    activity = ActivityFactory(community=community)
    AgendaBlockFactory(activity=activity, minutes=60, mode="panel")
    before = activity_check(activity)
    url = reverse("activity_apply", args=[community.slug, activity.pk])
    response = manager_client.post(url, {"rule": "stage-heavy-agenda", "index": "0"})
    assert response.status_code == 302
    after = activity_check(activity)
    assert "stage-heavy-agenda" not in {f.rule for f in after.findings}
    assert after.voice.spoken_reach > before.voice.spoken_reach
    assert sum(b.minutes for b in activity.agenda_blocks.all()) == 60


def test_a_suggestion_that_no_longer_applies_is_refused_with_a_message(manager_client, community):
    activity = ActivityFactory(community=community)
    AgendaBlockFactory(activity=activity, minutes=60, mode="small_groups")
    url = reverse("activity_apply", args=[community.slug, activity.pk])
    page = manager_client.post(url, {"rule": "stage-heavy-agenda", "index": "0"}, follow=True)
    assert "no longer applies" in page.content.decode()
    assert [b.mode for b in activity.agenda_blocks.all()] == ["small_groups"]


def test_the_agenda_editor_saves_blocks_in_order(manager_client, community):
    activity = ActivityFactory(community=community)
    url = reverse("activity_agenda", args=[community.slug, activity.pk])
    response = manager_client.post(
        url,
        {
            "title": ["Welcome", "Troikas", "Harvest"],
            "minutes": ["10", "40", "10"],
            "mode": ["presentation", "small_groups", "share_back"],
            "size": ["", "3", ""],
        },
    )
    assert response.status_code == 302
    blocks = list(activity.agenda_blocks.values_list("title", "minutes", "mode", "group_size"))
    assert blocks == [
        ("Welcome", 10, "presentation", None),
        ("Troikas", 40, "small_groups", 3),
        ("Harvest", 10, "share_back", None),
    ]


def test_a_wrong_agenda_is_shown_again_with_its_errors_and_nothing_saved(manager_client, community):
    activity = ActivityFactory(community=community)
    AgendaBlockFactory(activity=activity, title="Panel", minutes=60, mode="panel")
    url = reverse("activity_agenda", args=[community.slug, activity.pk])
    response = manager_client.post(
        url,
        {
            "title": ["Talk", ""],
            "minutes": ["-5", "10"],
            "mode": ["lecture", "pairs"],
            "size": ["", ""],
        },
    )
    assert response.status_code == 400
    rows = response.context["rows"]
    assert set(rows[0].errors) == {"minutes", "mode"}
    assert set(rows[1].errors) == {"title"}
    assert list(activity.agenda_blocks.values_list("title", flat=True)) == ["Panel"]


def test_the_agenda_preview_recomputes_the_voice_budget_without_saving(manager_client, community):
    activity = ActivityFactory(community=community)
    AgendaBlockFactory(activity=activity, minutes=60, mode="panel")
    url = reverse("activity_agenda", args=[community.slug, activity.pk])
    response = manager_client.post(
        url,
        {"title": ["Pairs"], "minutes": ["60"], "mode": ["pairs"], "size": [""], "preview": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.context["voice"]["spoken_reach"] == 100
    assert list(activity.agenda_blocks.values_list("mode", flat=True)) == ["panel"]


def test_a_plan_file_round_trips_through_export_and_import(manager_client, community):
    activity = ActivityFactory(community=community)
    AgendaBlockFactory(activity=activity, minutes=60, mode="panel")
    exported = manager_client.get(reverse("activity_export", args=[community.slug, activity.pk]))
    assert exported["Content-Disposition"].endswith('.plan.yaml"')
    data = yaml.safe_load(exported.content)
    data["agenda"] = [{"title": "Pairs", "minutes": 60, "mode": "pairs"}]
    data["success_indicators"] = [{"metric": "voice_reach", "target": 0.8}]
    url = reverse("activity_import", args=[community.slug, activity.pk])
    response = manager_client.post(url, {"text": yaml.safe_dump(data)})
    assert response.status_code == 302
    assert list(activity.agenda_blocks.values_list("mode", flat=True)) == ["pairs"]
    assert [(i.metric, i.target) for i in activity.indicators.all()] == [("voice_reach", "0.8")]


def test_an_unreadable_plan_names_each_problem_with_its_line_and_changes_nothing(
    manager_client, community
):
    activity = ActivityFactory(community=community)
    AgendaBlockFactory(activity=activity, minutes=60, mode="panel")
    text = manager_client.get(
        reverse("activity_export", args=[community.slug, activity.pk])
    ).content.decode()
    text = text.replace("mode: panel", "mode: lecture").replace("expected: 80", "expected: -3")
    text += "colour: blue\n"
    url = reverse("activity_import", args=[community.slug, activity.pk])
    response = manager_client.post(url, {"text": text})
    assert response.status_code == 400
    problems = response.context["problems"]
    assert len(problems) == 3
    assert all(p.startswith("line ") for p in problems)
    assert list(activity.agenda_blocks.values_list("mode", flat=True)) == ["panel"]


def test_a_plan_naming_an_unknown_segment_is_refused(manager_client, community):
    activity = ActivityFactory(community=community)
    text = manager_client.get(
        reverse("activity_export", args=[community.slug, activity.pk])
    ).content.decode()
    text = text.replace("audience:\n", "audience:\n  segment: Nobody here\n")
    response = manager_client.post(
        reverse("activity_import", args=[community.slug, activity.pk]), {"text": text}
    )
    assert response.status_code == 400
    assert "no segment “Nobody here”" in response.context["problems"][0]


def test_the_plan_page_shows_the_audiences_open_needs(manager_client, community):
    segment = SegmentFactory(community=community)  # members in Peru
    member = MemberFactory(community=community, country="PE")
    NeedFactory(member=member, text="How do we find leaks in old cast-iron pipes?")
    outsider = MemberFactory(community=community, country="FR")
    NeedFactory(member=outsider, text="Billing software for small utilities")
    activity = ActivityFactory(community=community, segment=segment)
    page = manager_client.get(reverse("activity_detail", args=[community.slug, activity.pk]))
    body = page.content.decode()
    assert "cast-iron pipes" in body
    assert "Billing software" not in body


def test_the_next_edition_copies_the_plan_into_a_series(manager_client, community):
    activity = ActivityFactory(community=community)
    AgendaBlockFactory(activity=activity, minutes=60, mode="pairs")
    url = reverse("activity_next", args=[community.slug, activity.pk])
    manager_client.post(url, {"start_date": date(2027, 1, 12).isoformat()})
    activity.refresh_from_db()
    edition = Activity.objects.exclude(pk=activity.pk).get()
    assert edition.series == activity.series is not None
    assert edition.starts_at.date() == date(2027, 1, 12)
    assert list(edition.agenda_blocks.values_list("mode", flat=True)) == ["pairs"]


def test_owner_and_facilitators_are_chosen_among_the_staff(
    manager_client, community, manager, facilitator, member_user
):
    response = manager_client.post(
        reverse("activity_new", args=[community.slug]),
        _new_form(owner=str(facilitator.pk), facilitators=[str(manager.pk), str(facilitator.pk)]),
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert activity.owner == facilitator
    assert set(activity.facilitators.all()) == {manager, facilitator}
    refused = manager_client.post(
        reverse("activity_edit", args=[community.slug, activity.pk]),
        _new_form(facilitators=[str(member_user.pk)]),
    )
    assert refused.status_code == 200
    assert "facilitators" in refused.context["form"].errors
    assert set(activity.facilitators.all()) == {manager, facilitator}


def test_the_format_library_shows_every_format_with_its_agenda_and_checklist(
    facilitator_client, community
):
    page = facilitator_client.get(reverse("activity_formats", args=[community.slug]))
    body = page.content.decode()
    assert len(page.context["formats"]) == len(format_library()) >= 15
    assert "Troika consulting" in body and "Fishbowl" in body
    assert "?format=peer-assist" in body
    assert "at the start" in body  # a checklist item due when the activity starts


def test_marking_an_activity_done_records_who_met_in_its_breakouts(manager_client, community):
    activity = ActivityFactory(community=community)
    for index in range(6):
        member = MemberFactory(community=community, email=f"p{index}@example.org")
        Registration.objects.create(
            activity=activity,
            member=member,
            name=member.full_name,
            email=member.email,
            response=Registration.Response.ATTENDING,
        )
    breakout_plan_create(activity=activity, request=BreakoutRequest(group_size=3, rounds=1, seed=1))
    url = reverse("activity_status", args=[community.slug, activity.pk])
    manager_client.post(url, {"status": "done"})
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE
    assert Encounter.objects.filter(activity=activity).count() == 2 * 3  # two rooms of three
    manager_client.post(url, {"status": "done"})  # again: nothing counted twice
    assert Encounter.objects.filter(activity=activity).count() == 6


def zone_aggregates(queries):
    """The captured queries that count members per time zone (``audience_timezones``)."""
    quote = connection.ops.quote_name
    column = f"{quote(Member._meta.db_table)}.{quote('timezone')}"  # "members_member"."timezone"
    return [
        query["sql"]
        for query in queries
        if "GROUP BY" in query["sql"] and column in query["sql"].split(" FROM ", 1)[0]
    ]


@pytest.mark.parametrize("segmented", [False, True], ids=["community", "segment"])
def test_the_plan_page_counts_the_audiences_time_zones_once(manager_client, community, segmented):
    for zone, country in (("America/Lima", "PE"), ("America/Lima", "PE"), ("Asia/Manila", "PH")):
        MemberFactory(community=community, country=country, timezone=zone)
    segment = SegmentFactory(community=community) if segmented else None  # members in Peru
    night_in_lima = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # a Tuesday, 11:00 in Manila
    activity = ActivityFactory(community=community, segment=segment, starts_at=night_in_lima)
    url = reverse("activity_detail", args=[community.slug, activity.pk])
    with CaptureQueriesContext(connection) as captured:
        page = manager_client.get(url)
    html = page.content.decode()
    # The check, the fairness card and the rotation card all see the audience's zones...
    rules = {row["finding"].rule for row in page.context["findings"]}
    assert "start-outside-working-hours" in rules
    assert page.context["fairness"]["zones"] == (1 if segmented else 2)
    assert page.context["total"] == (2 if segmented else 3)  # the rotation card's members
    assert "Time-zone fairness" in html and "for the next 4 weekly dates" in html
    # ...which the page reads from the members once.
    assert len(zone_aggregates(captured.captured_queries)) == 1


def test_moving_the_start_into_working_hours_counts_the_time_zones_once(manager_client, community):
    for _ in range(3):
        MemberFactory(community=community, country="PE", timezone="America/Lima")
    night_in_lima = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    activity = ActivityFactory(community=community, starts_at=night_in_lima)
    url = reverse("activity_apply", args=[community.slug, activity.pk])
    with CaptureQueriesContext(connection) as captured:
        manager_client.post(url, {"rule": "start-outside-working-hours", "index": "0"})
    activity.refresh_from_db()
    assert activity.starts_at != night_in_lima
    assert "start-outside-working-hours" not in {f.rule for f in activity_check(activity).findings}
    assert len(zone_aggregates(captured.captured_queries)) == 1
