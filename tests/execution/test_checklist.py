"""The checklist: generated from the format once, edited by staff, never duplicated."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from roundtable.activities.services import activity_create, activity_start_set
from roundtable.domain.planning.formats import format_library
from roundtable.execution.models import ChecklistItem
from roundtable.execution.services import (
    ChecklistError,
    checklist_generate,
    checklist_item_add,
    checklist_item_update,
)
from tests.factories import ActivityFactory, UserFactory, activity_fields

pytestmark = pytest.mark.django_db


def _url(activity, name="activity_checklist", *extra):
    return reverse(name, args=[activity.community.slug, activity.pk, *extra])


def test_generation_copies_the_format_template_with_owners(activity, manager, facilitator):
    result = checklist_generate(activity=activity)
    template = format_library()["peer-assist"].checklist
    assert result.added == len(template)
    items = {item.title: item for item in activity.checklist_items.all()}
    for entry in template:
        item = items[entry.title]
        assert item.phase == entry.phase
        assert item.due_offset == entry.due
        assert item.owner_role == entry.owner
        assert item.owner == (facilitator if entry.owner == "facilitator" else manager)


def test_generation_reads_the_staff_once_not_per_item(activity, django_assert_max_num_queries):
    template = format_library()["peer-assist"].checklist
    # One INSERT per item; the checklist, its items, the staff and the facilitators read once.
    with django_assert_max_num_queries(len(template) + 11):
        checklist_generate(activity=activity)
    assert activity.checklist_items.count() == len(template)
    positions = sorted(activity.checklist_items.values_list("position", flat=True))
    assert positions == list(range(len(template)))


def test_generating_again_never_duplicates(activity):
    checklist_generate(activity=activity)
    count = activity.checklist_items.count()
    again = checklist_generate(activity=activity)
    assert again.added == 0
    assert again.kept == count
    assert activity.checklist_items.count() == count


def test_facilitator_items_fall_to_the_owner_without_facilitators(community, manager):
    activity = ActivityFactory(community=community, owner=manager, format="peer-assist")
    checklist_generate(activity=activity)
    assert set(activity.checklist_items.values_list("owner", flat=True)) == {manager.pk}


def test_an_upcoming_activity_gets_its_checklist_when_created_and_only_then(
    community, manager, client
):
    activity = activity_create(
        community=community, fields=activity_fields(format="peer-assist"), by=manager
    )
    template = format_library()["peer-assist"].checklist
    assert activity.checklist_items.count() == len(template)
    activity.checklist_items.first().delete()
    before = activity.checklist_items.count()
    activity_start_set(activity=activity, starts_at=activity.starts_at + timedelta(days=1))
    client.force_login(manager)
    assert client.get(_url(activity)).status_code == 200
    assert activity.checklist_items.count() == before  # removed items stay removed


def test_a_past_activity_entered_for_the_record_gets_no_checklist_until_asked(community, manager):
    fields = activity_fields(format="peer-assist", starts_at=timezone.now() - timedelta(days=30))
    activity = activity_create(community=community, fields=fields, by=manager)
    assert activity.checklist_items.count() == 0
    assert checklist_generate(activity=activity).added == len(
        format_library()["peer-assist"].checklist
    )


def test_item_add_defaults_and_origin(activity, manager):
    item = checklist_item_add(
        activity=activity, title="  Book a bigger room ", origin="carried over from edition 1"
    )
    assert item.title == "Book a bigger room"
    assert item.phase == "before"
    assert item.due_offset == timedelta(days=-7)
    assert item.owner == manager
    assert item.origin == "carried over from edition 1"
    after = checklist_item_add(activity=activity, title="Thank the speakers", phase="after")
    assert after.due_offset == timedelta(days=1)
    absolute = checklist_item_add(
        activity=activity, title="Test the link", due=activity.starts_at - timedelta(hours=2)
    )
    assert absolute.due_offset == timedelta(hours=-2)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "Title: say what has to be done."),
        ({"title": "x" * 201}, "Title: at most 200 characters"),
        ({"phase": "someday"}, "Phase: “someday” is not one of before, during, after."),
        ({"due": timedelta(days=2)}, "cannot be due after it starts"),
        ({"phase": "after", "due": timedelta(days=-2)}, "cannot be due before it starts"),
        ({"due": timedelta(days=400)}, "Due: within a year"),
    ],
)
def test_item_add_refuses_bad_input(activity, changes, message):
    arguments = {"activity": activity, "title": "Invite", "phase": "before", **changes}
    with pytest.raises(ChecklistError, match=message):
        checklist_item_add(**arguments)
    assert activity.checklist_items.count() == 0


def test_an_owner_from_outside_the_staff_is_refused(activity, outsider):
    with pytest.raises(ChecklistError, match="Owner: not a facilitator or manager"):
        checklist_item_add(activity=activity, title="Invite", owner=outsider)


def test_changing_the_due_time_means_a_new_reminder(activity, manager):
    item = checklist_item_add(activity=activity, title="Invite", due=timedelta(days=-3))
    ChecklistItem.objects.filter(pk=item.pk).update(reminded_at=activity.starts_at)
    item.refresh_from_db()
    checklist_item_update(
        item=item, title="Invite", phase="before", due=timedelta(days=-2), owner=manager
    )
    item.refresh_from_db()
    assert item.reminded_at is None
    assert item.due_offset == timedelta(days=-2)


def test_the_page_groups_items_and_shows_absolute_local_times(manager_client, activity):
    checklist_generate(activity=activity)
    manager_client.cookies["roundtable_tz"] = "Asia/Tokyo"  # the activity's zone wins
    response = manager_client.get(_url(activity))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Before the activity" in html and "After the activity" in html
    item = activity.checklist_items.get(title="Check in with each challenge owner")
    local = item.due_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Madrid"))
    assert f"Due {local:%a} {local.day} {local:%b %Y, %H:%M}" in html
    assert f'value="{local:%Y-%m-%dT%H:%M}"' in html
    assert activity.checklist_items.count() == len(format_library()["peer-assist"].checklist)


def test_overdue_items_are_flagged(manager_client, activity):
    checklist_item_add(activity=activity, title="Was due last month", due=timedelta(days=-300))
    html = manager_client.get(_url(activity)).content.decode()
    assert "overdue" in html


def test_generate_button_is_idempotent(manager_client, activity):
    manager_client.post(_url(activity, "checklist_generate"))
    count = activity.checklist_items.count()
    response = manager_client.post(_url(activity, "checklist_generate"), follow=True)
    assert "already has every item" in response.content.decode()
    assert activity.checklist_items.count() == count


def test_add_edit_done_and_remove_through_htmx(manager_client, activity, facilitator):
    htmx = {"HTTP_HX_REQUEST": "true"}
    response = manager_client.post(
        _url(activity),
        {"title": "Print name tags", "phase": "during", "due": "", "owner": ""},
        **htmx,
    )
    assert response.status_code == 200
    assert "Print name tags" in response.content.decode()
    item = activity.checklist_items.get(title="Print name tags")
    start_local = item.due_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Madrid"))
    due = (start_local + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M")
    response = manager_client.post(
        _url(activity, "checklist_item_edit", item.pk),
        {"title": "Print badges", "phase": "during", "due": due, "owner": str(facilitator.pk)},
        **htmx,
    )
    item.refresh_from_db()
    assert (item.title, item.owner, item.due_offset) == (
        "Print badges",
        facilitator,
        timedelta(minutes=30),
    )
    response = manager_client.post(
        _url(activity, "checklist_item_done", item.pk), {"done": "1"}, **htmx
    )
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    item.refresh_from_db()
    assert item.done_at is not None and item.done_by is not None
    manager_client.post(_url(activity, "checklist_item_done", item.pk), {"done": "0"}, **htmx)
    item.refresh_from_db()
    assert item.done_at is None
    manager_client.post(_url(activity, "checklist_item_remove", item.pk), **htmx)
    assert not activity.checklist_items.filter(pk=item.pk).exists()


def test_bad_edits_say_what_is_wrong_and_change_nothing(manager_client, activity):
    htmx = {"HTTP_HX_REQUEST": "true"}
    item = checklist_item_add(activity=activity, title="Invite")
    for data, message in [
        ({"title": "", "phase": "before"}, "Title: say what has to be done."),
        ({"title": "Invite", "phase": "before", "due": "next week"}, "is not a date and time"),
        ({"title": "Invite", "phase": "before", "owner": "abc"}, "Owner: choose one"),
        ({"title": "Invite", "phase": "before", "owner": str(UserFactory().pk)}, "Owner: not a"),
    ]:
        response = manager_client.post(_url(activity, "checklist_item_edit", item.pk), data, **htmx)
        assert message in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Invite"


def test_another_activitys_item_is_not_found(manager_client, activity, community):
    other = ActivityFactory(community=community)
    item = checklist_item_add(activity=other, title="Not yours")
    response = manager_client.post(_url(activity, "checklist_item_done", item.pk), {"done": "1"})
    assert response.status_code == 404
