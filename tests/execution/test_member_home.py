"""A member's home (execution/sections.py): the upcoming activities meant for them, answered in
one tap, at their personal link and, logged in, at the community's address."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from roundtable.activities.models import Activity, Registration
from roundtable.needs.models import Need
from roundtable.segments.models import Segment
from tests.factories import (
    ActivityFactory,
    CommunityFactory,
    MemberFactory,
    NeedFactory,
    ParticipationRecordFactory,
    RegistrationFactory,
    SegmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(community):
    return MemberFactory(
        community=community, full_name="Ana Quispe", email="ana@example.org", timezone="Asia/Manila"
    )


def _own(member) -> str:
    return reverse("member_self", args=[member.community.slug, member.access_token])


def _answer(client, path, activity, response):
    return client.post(path, {"action": "answer", "activity": activity.pk, "response": response})


def test_the_home_lists_what_is_meant_for_the_member_and_nothing_else(client, community, ana):
    soon = timezone.now() + timedelta(days=3)
    everyone = ActivityFactory(community=community, title="Peer clinic", starts_at=soon)
    theirs = SegmentFactory(community=community, name="Operators", kind=Segment.Kind.STATIC)
    theirs.static_members.add(ana)
    others = SegmentFactory(community=community, name="Regulators", kind=Segment.Kind.STATIC)
    ActivityFactory(community=community, title="Operators' round", starts_at=soon, segment=theirs)
    ActivityFactory(community=community, title="Regulators only", starts_at=soon, segment=others)
    ActivityFactory(community=community, title="A draft", status=Activity.Status.DRAFT)
    ActivityFactory(
        community=community, title="Held last week", starts_at=soon - timedelta(days=10)
    )
    ActivityFactory(community=CommunityFactory(), title="Another community's")
    answered = ActivityFactory(community=community, title="Regulators' panel", segment=others)
    RegistrationFactory(activity=answered, member=None, name="Ana", email="ANA@example.org")

    page = client.get(_own(ana)).content.decode()

    for shown in ("Peer clinic", "Operators&#x27; round", "Regulators&#x27; panel"):
        assert shown in page
    for hidden in ("Regulators only", "A draft", "Held last week", "Another community"):
        assert hidden not in page
    assert page.index("Peer clinic") < page.index("Regulators&#x27; panel")  # soonest first
    assert "for Operators" in page
    assert "in your time zone (Asia/Manila)" in page  # the member's time beside the activity's
    assert reverse("registration_ics", args=[everyone.public_token]) in page


def test_one_tap_registers_then_cancels_and_comes_back_to_the_page(client, community, ana):
    activity = ActivityFactory(community=community, title="Peer clinic")
    path = _own(ana)
    assert "You have not answered yet" in client.get(path).content.decode()

    response = _answer(client, path, activity, "attending")

    assert response.status_code == 302 and response["Location"] == path
    registration = Registration.objects.get(activity=activity)
    assert (registration.member, registration.email, registration.name) == (
        ana,
        "ana@example.org",
        "Ana Quispe",
    )
    assert registration.response == "attending"
    [confirmation] = mail.outbox
    assert confirmation.to == ["ana@example.org"]  # with the calendar file, as from the form
    page = client.get(path).content.decode()
    assert "You are registered for “Peer clinic”" in page
    assert "Cancel my registration" in page

    _answer(client, path, activity, "not_attending")

    registration.refresh_from_db()
    assert registration.response == "not_attending"
    assert Registration.objects.filter(activity=activity).count() == 1


def test_an_activity_not_on_the_members_list_cannot_be_answered(client, community, ana):
    others = SegmentFactory(community=community, kind=Segment.Kind.STATIC)
    not_theirs = [
        ActivityFactory(community=community, segment=others),
        ActivityFactory(community=community, status=Activity.Status.DRAFT),
        ActivityFactory(community=CommunityFactory()),
    ]
    for activity in not_theirs:
        response = _answer(client, _own(ana), activity, "attending")
        assert response.status_code == 302
        assert "no longer on your list" in client.get(response["Location"]).content.decode()
    client.post(_own(ana), {"action": "answer", "activity": "1 OR 1=1", "response": "attending"})
    assert not Registration.objects.exists() and not mail.outbox


def test_a_closed_registration_shows_why_and_refuses_the_answer(client, community, ana):
    activity = ActivityFactory(community=community, title="Peer clinic", registration_open=False)
    page = client.get(_own(ana)).content.decode()
    assert "Registration for this activity is closed." in page
    assert 'name="response"' not in page

    _answer(client, _own(ana), activity, "attending")
    assert not Registration.objects.exists()


def test_a_bad_answer_is_refused_with_its_reason(client, community, ana):
    activity = ActivityFactory(community=community, title="Peer clinic")
    response = _answer(client, _own(ana), activity, "perhaps")
    page = client.get(response["Location"]).content.decode()
    assert "is not one of attending, maybe or not attending" in page
    assert not Registration.objects.exists()


def test_a_member_without_an_email_is_told_how_to_register(client, community):
    member = MemberFactory(community=community, email=None)
    activity = ActivityFactory(community=community)
    response = _answer(client, _own(member), activity, "attending")
    assert "Add your e-mail address" in client.get(response["Location"]).content.decode()
    assert not Registration.objects.exists()


def test_past_attendance_is_listed_newest_first(client, community, ana):
    now = timezone.now()
    ParticipationRecordFactory(member=ana, activity_title="Leak clinic", occurred_at=now)
    ParticipationRecordFactory(
        member=ana, activity_title="Tariff webinar", occurred_at=now - timedelta(days=40)
    )
    page = client.get(_own(ana)).content.decode()
    assert page.index("Leak clinic") < page.index("Tariff webinar")


def test_a_logged_in_member_has_the_same_home_at_the_community_address(
    member_client, member_user, community
):
    milan = MemberFactory(community=community, full_name="Milan Member", email=member_user.email)
    activity = ActivityFactory(community=community, title="Peer clinic")
    home = reverse("community_home", args=[community.slug])

    page = member_client.get(home).content.decode()

    assert "Hello Milan Member" in page and "Peer clinic" in page
    assert "your personal link" not in page  # the address is theirs only at the personal link
    response = _answer(member_client, home, activity, "maybe")
    assert response["Location"] == home
    assert Registration.objects.get(activity=activity).member == milan

    need = {"action": "need", "text": "Finding leaks at night", "tags": "leaks", "urgency": 3}
    response = member_client.post(home, need)
    assert response.status_code == 302 and response["Location"] == home


def test_a_logged_in_account_without_a_profile_is_told_why(member_client, community):
    page = member_client.get(reverse("community_home", args=[community.slug])).content.decode()
    assert "We have no member profile under your e-mail address" in page


def test_coming_up_first_then_the_needs_and_the_profile_last(client, community, ana):
    ActivityFactory(community=community, title="Peer clinic")
    page = client.get(_own(ana)).content.decode()
    assert page.index("Coming up") < page.index("What you need") < page.index("Your profile")


def test_each_need_names_the_activities_that_serve_it(client, community, ana):
    now = timezone.now()
    leaks = NeedFactory(
        member=ana, text="Finding leaks in old cast-iron pipes at night", urgency=Need.Urgency.HIGH
    )
    Need.objects.filter(pk=leaks.pk).update(created_at=now - timedelta(days=30))
    leaks.refresh_from_db()
    NeedFactory(member=ana, text="Tariff reform and affordability for poor households")
    NeedFactory(member=ana, text="Leak detection with acoustic loggers", status="addressed")
    ActivityFactory(
        community=community,
        title="Leak detection clinic",
        purpose_expressed="Finding leaks in old pipes: acoustic loggers, night flow, cast iron.",
        starts_at=now + timedelta(days=5),
    )
    ActivityFactory(
        community=community,
        title="Leaks at night, what we learned",
        purpose_expressed="Finding leaks in cast-iron pipes at night.",
        starts_at=now - timedelta(days=3),
        status=Activity.Status.DONE,
    )
    ActivityFactory(
        community=community,
        title="Before the need",
        purpose_expressed="Finding leaks in old cast-iron pipes at night.",
        starts_at=leaks.created_at - timedelta(days=2),
        status=Activity.Status.DONE,
    )

    page = client.get(_own(ana)).content.decode()

    need_card = page[page.index("What you need") : page.index("Your profile")]
    blocks = need_card.split('<div class="quote">')[1:]
    [leak_part] = [b for b in blocks if "cast-iron pipes at night" in b]
    assert "Held on this: <strong>Leaks at night, what we learned</strong>" in leak_part
    assert "Coming up on this: <strong>Leak detection clinic</strong>" in leak_part
    assert "(Asia/Manila)" in leak_part  # in the member's time zone
    assert "Before the need" not in page  # held before the need was stated
    [tariff_part] = [b for b in blocks if "Tariff" in b]
    assert "on this:" not in tariff_part
    [solved] = [b for b in blocks if "acoustic loggers" in b]
    assert "on this:" not in solved  # a solved need lists nothing


def test_the_coffee_chat_form_comes_back_to_the_home_it_was_sent_from(
    member_client, member_user, community
):
    milan = MemberFactory(community=community, email=member_user.email)
    home = reverse("community_home", args=[community.slug])
    coffee = reverse("coffee_chat_self", args=[community.slug, milan.access_token])
    data = {"hours_start": 9, "hours_end": 17}
    assert f'name="next" value="{home}"' in member_client.get(home).content.decode()

    assert member_client.post(coffee, data | {"next": home})["Location"] == home
    elsewhere = member_client.post(coffee, data | {"next": "https://evil.example.org/"})
    assert elsewhere["Location"] == _own(milan)  # any other address: back to the personal link
