"""Who sees whose e-mail (members.email_access): managers every address; facilitators those of
the participants of the activities they facilitate; members none."""

import csv
import io

import pytest
from django.urls import reverse

from roundtable.members.models import MemberEmail
from tests.factories import (
    ActivityFactory,
    MemberFactory,
    ParticipationRecordFactory,
    RegistrationFactory,
)


@pytest.fixture
def theirs(community):
    """An activity the facilitator runs, with one member registered."""
    activity = ActivityFactory(community=community, title="Their clinic")
    ana = MemberFactory(community=community, full_name="Ana Lima", email="ana@work.example")
    RegistrationFactory(activity=activity, member=ana, name="Ana Lima", email="ana@work.example")
    MemberEmail.objects.create(community=community, member=ana, email="ana@home.example")
    return activity


@pytest.fixture
def elsewhere(community):
    """An activity someone else runs, with another member registered."""
    activity = ActivityFactory(community=community, title="Someone else's webinar")
    ben = MemberFactory(community=community, full_name="Ben Okoro", email="ben@work.example")
    RegistrationFactory(activity=activity, member=ben, name="Ben Okoro", email="ben@work.example")
    return activity


def _profile(client, community, member) -> str:
    return client.get(reverse("member_detail", args=[community.slug, member.pk])).content.decode()


def _registrations(client, activity) -> str:
    url = reverse("activity_registrations", args=[activity.community.slug, activity.pk])
    return client.get(url).content.decode()


def _csv_emails(client, activity) -> list[str]:
    url = reverse("registrations_csv", args=[activity.community.slug, activity.pk])
    rows = list(csv.reader(io.StringIO(b"".join(client.get(url).streaming_content).decode())))
    return [row[1] for row in rows[1:]]


def _checkin(client, activity) -> str:
    url = reverse("activity_checkin", args=[activity.community.slug, activity.pk])
    return client.get(url).content.decode()


def test_a_facilitator_sees_the_addresses_of_their_activitys_people(
    facilitator, facilitator_client, community, theirs, elsewhere
):
    theirs.facilitators.add(facilitator)
    ana = theirs.registrations.get().member
    ben = elsewhere.registrations.get().member
    assert "ana@work.example" in _profile(facilitator_client, community, ana)
    assert "ana@home.example" in _profile(facilitator_client, community, ana)
    assert "ana@work.example" in _registrations(facilitator_client, theirs)
    assert "ana@work.example" in _checkin(facilitator_client, theirs)
    assert _csv_emails(facilitator_client, theirs) == ["ana@work.example"]
    # Not the people of an activity they do not run.
    ben_profile = _profile(facilitator_client, community, ben)
    assert "Ben Okoro" in ben_profile and "ben@work.example" not in ben_profile
    assert "ben@work.example" not in _registrations(facilitator_client, elsewhere)
    assert "ben@work.example" not in _checkin(facilitator_client, elsewhere)
    assert _csv_emails(facilitator_client, elsewhere) == [""]


def test_a_facilitator_who_runs_nothing_sees_no_address(facilitator_client, community, theirs):
    ana = theirs.registrations.get().member
    profile = _profile(facilitator_client, community, ana)
    assert "Ana Lima" in profile
    assert "@work.example" not in profile and "@home.example" not in profile
    registrations = _registrations(facilitator_client, theirs)
    assert "Ana Lima" in registrations and "ana@work.example" not in registrations
    assert _csv_emails(facilitator_client, theirs) == [""]
    segment_search = facilitator_client.get(
        reverse("need_new", args=[community.slug]), {"q": "Ana"}
    ).content.decode()
    assert "Ana Lima" in segment_search and "ana@work.example" not in segment_search


def test_owning_an_activity_or_a_recorded_attendance_counts(
    facilitator, facilitator_client, community, elsewhere
):
    elsewhere.owner = facilitator
    elsewhere.save(update_fields=["owner"])
    cleo = MemberFactory(community=community, full_name="Cleo", email="cleo@work.example")
    ParticipationRecordFactory(member=cleo, activity=elsewhere)
    assert "cleo@work.example" in _profile(facilitator_client, community, cleo)
    assert "ben@work.example" in _registrations(facilitator_client, elsewhere)


def test_managers_see_every_address(manager_client, community, theirs, elsewhere):
    ben = elsewhere.registrations.get().member
    assert "ben@work.example" in _profile(manager_client, community, ben)
    assert "ana@work.example" in _registrations(manager_client, theirs)
    assert _csv_emails(manager_client, elsewhere) == ["ben@work.example"]


def test_check_in_shows_no_address_of_members_who_are_not_their_people(
    facilitator, facilitator_client, community, theirs
):
    theirs.facilitators.add(facilitator)
    MemberFactory(
        community=community, full_name="Dora Walkin", organisation="", email="dora@x.example"
    )
    url = reverse("activity_checkin", args=[community.slug, theirs.pk])
    body = facilitator_client.get(url, {"q": "Dora"}).content.decode()
    assert "Dora Walkin" in body
    assert "dora@x.example" not in body
