"""The public registration page holds a visitor's answer until the e-mail address confirms it
(execution/registrations.py registration_hold, communities/confirmations.py)."""

import pytest
from django.core import mail
from django.urls import reverse

from roundtable.activities.models import Registration
from roundtable.execution.registrations import registration_submit
from tests.factories import MemberFactory
from tests.public_forms import as_a_person, confirmation_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(community, activity):
    member = MemberFactory(community=community, email="ana@example.org", full_name="Ana Quispe")
    registration_submit(
        activity=activity, name="Ana Quispe", email="ana@example.org", response="attending"
    )
    mail.outbox.clear()
    return member


def _as_a_stranger(client, activity, **changes):
    data = {"name": "Not Ana", "email": "ana@example.org", "response": "maybe", **as_a_person()}
    return client.post(reverse("registration_page", args=[activity.public_token]), data | changes)


def test_a_stranger_cannot_change_a_members_answer(client, facilitator_client, activity, ana):
    response = _as_a_stranger(client, activity)
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    registration = Registration.objects.get(activity=activity)
    assert (registration.name, registration.response) == ("Ana Quispe", "attending")
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject.startswith("Confirm your registration")

    page = facilitator_client.get(
        reverse("activity_registrations", args=[activity.community.slug, activity.pk])
    ).content.decode()
    assert "Waiting for confirmation (1)" in page and "Not Ana" in page
    assert '<span class="stat">1</span><br>attending' in page  # the held answer counts for nothing
    assert '<span class="stat">0</span><br>maybe' in page

    path = confirmation_link()
    assert "“maybe”" in client.get(path).content.decode()
    registration.refresh_from_db()
    assert registration.response == "attending"  # opening the link changed nothing
    assert client.post(path).status_code == 200
    registration.refresh_from_db()
    assert (registration.response, registration.member) == ("maybe", ana)


def test_a_visitor_opened_from_the_members_own_link_changes_at_once(client, activity, ana):
    own = reverse("member_self", args=[activity.community.slug, ana.access_token])
    assert client.get(own).status_code == 200
    response = _as_a_stranger(client, activity, name="Ana Quispe")
    assert "Thank you, Ana Quispe" in response.content.decode()
    assert Registration.objects.get(activity=activity).response == "maybe"


def test_a_forged_identity_cookie_is_ignored(client, activity, ana):
    client.cookies["rt_members"] = f"{ana.pk}:forged"
    _as_a_stranger(client, activity)
    assert Registration.objects.get(activity=activity).response == "attending"


def test_an_activity_cancelled_since_says_so(client, activity, ana):
    _as_a_stranger(client, activity)
    path = confirmation_link()
    activity.delete()
    response = client.post(path)
    assert response.status_code == 409
    assert "cancelled since the link was sent" in response.content.decode()


def test_registration_closed_since_says_so(client, activity, ana):
    _as_a_stranger(client, activity)
    activity.registration_open = False
    activity.save(update_fields=["registration_open"])
    response = client.post(confirmation_link())
    assert response.status_code == 409
    assert "Registration for this activity is closed." in response.content.decode()
    assert Registration.objects.get(activity=activity).response == "attending"
