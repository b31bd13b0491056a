"""Check-in and the registration list: present writes exactly one attendance record for a matched
member, undo removes it; staff see counts, a table and a CSV export, and add people by hand."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from roundtable.execution.registrations import checkin_set, checkin_walk_in
from roundtable.execution.selectors import registration_counts
from roundtable.members.models import ParticipationRecord
from roundtable.members.services import participation_levels_refresh
from tests.factories import (
    ActivityFactory,
    MemberFactory,
    ParticipationRecordFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(activity, name, *extra):
    return reverse(name, args=[activity.community.slug, activity.pk, *extra])


def _records(member, activity):
    return ParticipationRecord.objects.filter(member=member, activity=activity)


def test_present_writes_one_record_and_undo_removes_it(activity, community):
    member = MemberFactory(community=community)
    registration = RegistrationFactory(activity=activity, member=member, email=member.email)
    checkin_set(registration=registration, present=True)
    checkin_set(registration=registration, present=True)
    [record] = _records(member, activity)
    assert record.kind == "attendance"
    assert record.source == "check-in"
    assert record.occurred_at == activity.starts_at
    assert record.activity_title == activity.title
    registration.refresh_from_db()
    assert registration.attended_at is not None
    checkin_set(registration=registration, present=False)
    checkin_set(registration=registration, present=False)
    assert not _records(member, activity).exists()
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_checking_in_refreshes_the_members_level(community):
    past = ActivityFactory(community=community, starts_at=timezone.now() - timedelta(hours=2))
    member = MemberFactory(community=community)
    for _ in range(3):
        ParticipationRecordFactory(member=member)
    participation_levels_refresh(community=community)
    member.refresh_from_db()
    assert member.participation_level == "occasional"  # 3 participations
    registration = RegistrationFactory(activity=past, member=member, email=member.email)
    checkin_set(registration=registration, present=True)
    member.refresh_from_db()
    assert member.participation_level == "active"  # 4
    checkin_set(registration=registration, present=False)
    member.refresh_from_db()
    assert member.participation_level == "occasional"


def test_an_existing_attendance_record_is_not_doubled(activity, community):
    member = MemberFactory(community=community)
    ParticipationRecordFactory(member=member, activity=activity, source="live")
    registration = RegistrationFactory(activity=activity, member=member, email=member.email)
    checkin_set(registration=registration, present=True)
    assert _records(member, activity).count() == 1
    checkin_set(registration=registration, present=False)
    assert _records(member, activity).get().source == "live"  # not ours to remove


def test_a_person_who_is_not_a_member_is_checked_in_without_a_record(activity):
    registration = RegistrationFactory(activity=activity)
    checkin_set(registration=registration, present=True)
    assert not ParticipationRecord.objects.exists()


def test_the_page_lists_searches_and_toggles(facilitator_client, activity, community):
    member = MemberFactory(community=community, full_name="Ana Quispe")
    ana = RegistrationFactory(activity=activity, name="Ana Quispe", member=member)
    RegistrationFactory(activity=activity, name="Kofi Mensah")
    RegistrationFactory(activity=activity, name="Not Coming", response="not_attending")
    html = facilitator_client.get(_url(activity, "activity_checkin")).content.decode()
    assert "Ana Quispe" in html and "Kofi Mensah" in html and "Not Coming" not in html
    found = facilitator_client.get(
        _url(activity, "activity_checkin") + "?q=quis&partial=1", **HTMX
    ).content.decode()
    assert "Ana Quispe" in found and "Kofi Mensah" not in found
    response = facilitator_client.post(
        _url(activity, "checkin_toggle", ana.pk), {"present": "1"}, **HTMX
    )
    html = response.content.decode()
    assert (
        "Here · undo" in html and 'hx-swap-oob="true"' in html and "<strong>1</strong> here" in html
    )
    assert _records(member, activity).count() == 1
    facilitator_client.post(_url(activity, "checkin_toggle", ana.pk), {"present": "0"}, **HTMX)
    assert not _records(member, activity).exists()


def test_walk_ins(facilitator_client, activity, community):
    member = MemberFactory(community=community, full_name="Wanda Walker")
    found = facilitator_client.get(
        _url(activity, "activity_checkin") + "?q=wanda&partial=1", **HTMX
    ).content.decode()
    assert "Members who did not register" in found and "Wanda Walker" in found
    facilitator_client.post(_url(activity, "checkin_walk_in"), {"member": str(member.pk)})
    registration = activity.registrations.get(member=member)
    assert registration.attended_at is not None and registration.response == "attending"
    assert _records(member, activity).count() == 1
    response = facilitator_client.post(
        _url(activity, "checkin_walk_in"),
        {"name": "New Person", "email": "new@example.org"},
        follow=True,
    )
    assert "New Person is checked in." in response.content.decode()
    response = facilitator_client.post(
        _url(activity, "checkin_walk_in"), {"name": "", "email": "bad"}, follow=True
    )
    assert "Walk-in not added" in response.content.decode()
    assert activity.registrations.count() == 2
    assert mail.outbox == []


def test_a_walk_in_from_another_community_is_refused(facilitator_client, activity, other_community):
    stranger = MemberFactory(community=other_community)
    response = facilitator_client.post(
        _url(activity, "checkin_walk_in"), {"member": str(stranger.pk)}, follow=True
    )
    assert "not a member of this community" in response.content.decode()
    assert not activity.registrations.exists()
    from roundtable.execution.registrations import RegistrationError

    with pytest.raises(RegistrationError):
        checkin_walk_in(activity=activity, member=stranger)


def test_another_activitys_registration_is_not_found(facilitator_client, activity, community):
    other = RegistrationFactory(activity=ActivityFactory(community=community))
    response = facilitator_client.post(_url(activity, "checkin_toggle", other.pk), {"present": "1"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.attended_at is None


def test_the_registration_list_counts_and_links_members(
    manager_client, activity, community, django_assert_max_num_queries
):
    member = MemberFactory(community=community)
    RegistrationFactory(activity=activity, member=member, email=member.email)
    for response in ("attending", "maybe", "maybe", "not_attending"):
        RegistrationFactory(activity=activity, response=response)
    with django_assert_max_num_queries(16):
        html = manager_client.get(_url(activity, "activity_registrations")).content.decode()
    assert reverse("member_detail", args=["alpha", member.pk]) in html
    assert '<span class="stat">2</span><br>attending' in html
    assert '<span class="stat">2</span><br>maybe' in html
    filtered = manager_client.get(_url(activity, "activity_registrations") + "?answer=maybe")
    assert filtered.content.decode().count('class="badge answer-maybe"') == 2
    for _ in range(20):
        member = MemberFactory(community=community)
        RegistrationFactory(activity=activity, member=member, email=member.email)
    with django_assert_max_num_queries(16):
        manager_client.get(_url(activity, "activity_registrations"))


def test_adding_by_hand(manager_client, activity):
    url = _url(activity, "activity_registrations")
    data = {"name": "Hand Added", "email": "hand@example.org", "response": "maybe"}
    response = manager_client.post(url, data, follow=True)
    assert "Hand Added added." in response.content.decode()
    assert mail.outbox == []
    response = manager_client.post(url, {**data, "response": "attending", "confirm": "on"})
    assert activity.registrations.get().response == "attending"
    assert len(mail.outbox) == 1
    response = manager_client.post(url, {**data, "email": "nope"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_the_csv_export_neutralises_formulas(manager_client, activity):
    RegistrationFactory(activity=activity, name='=HYPERLINK("http://evil")', response="maybe")
    response = manager_client.get(_url(activity, "registrations_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "name",
        "email",
        "member",
        "answer",
        "whole_series",
        "registered_at",
        "attended_at",
    ]
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][3] == "Maybe"


def test_the_checkin_page_does_not_grow_with_the_list(
    facilitator_client, activity, community, django_assert_max_num_queries
):
    for _ in range(3):
        member = MemberFactory(community=community)
        RegistrationFactory(activity=activity, member=member, email=member.email)
    with django_assert_max_num_queries(14) as few:
        facilitator_client.get(_url(activity, "activity_checkin"))
    for _ in range(30):
        member = MemberFactory(community=community)
        RegistrationFactory(activity=activity, member=member, email=member.email)
    with django_assert_max_num_queries(len(few.captured_queries)):
        facilitator_client.get(_url(activity, "activity_checkin"))


def test_the_counts_are_one_query(activity, django_assert_num_queries):
    for response in ("attending", "attending", "maybe", "not_attending"):
        RegistrationFactory(activity=activity, response=response)
    RegistrationFactory(activity=activity, attended_at=timezone.now())
    with django_assert_num_queries(1):
        counts = registration_counts(activity=activity)
    assert (counts.attending, counts.maybe, counts.not_attending) == (3, 1, 1)
    assert (counts.attended, counts.total) == (1, 5)
