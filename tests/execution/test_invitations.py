"""Inviting the audience: a preview, one e-mail per new member with a personal link and the
calendar file, and a second send that reaches only the new ones."""

from datetime import UTC

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from roundtable.activities.models import Registration
from roundtable.execution import invitations
from roundtable.execution.invitations import (
    InvitationError,
    invitation_batch_start,
    invitation_preview,
)
from roundtable.execution.models import Invitation, InvitationBatch
from tests.execution.test_registration import calendar_of
from tests.factories import MemberFactory, RegistrationFactory, SegmentFactory
from tests.public_forms import as_a_person, confirm_by_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def audience(community):
    return [
        MemberFactory(community=community, full_name="Ana Quispe", timezone="America/Lima"),
        MemberFactory(community=community, full_name="Kofi Mensah", timezone="Africa/Accra"),
        MemberFactory(community=community, full_name="No Address", email=None),
    ]


def test_the_preview_shows_the_email_and_who_gets_it(manager_client, activity, audience):
    preview = invitation_preview(activity)
    assert (preview.audience, preview.new, preview.without_email, preview.invited) == (3, 2, 1, 0)
    response = manager_client.get(reverse("activity_invite", args=["alpha", activity.pk]))
    html = response.content.decode()
    assert "Send to 2 new members" in html
    assert activity.purpose_expressed in html
    assert "Europe/Madrid" in html
    assert mail.outbox == []


def test_the_preview_counts_the_audience_in_one_pass(
    activity, audience, community, django_assert_num_queries
):
    MemberFactory(community=community, email="")
    # the first recipient, the new ones, the audience with and without address, the invited
    with django_assert_num_queries(4):
        preview = invitation_preview(activity)
    assert (preview.audience, preview.new, preview.without_email) == (4, 2, 2)


def test_sending_invites_every_new_member_once(manager_client, activity, audience, manager):
    url = reverse("activity_invite", args=["alpha", activity.pk])
    response = manager_client.post(url, follow=True)
    assert "2 invitation(s) sent." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in audience[:2])
    message = next(m for m in mail.outbox if m.to == [audience[0].email])
    assert message.subject.startswith(f"Invitation: {activity.title}")
    assert "Hello Ana Quispe" in message.body
    assert activity.purpose_expressed in message.body
    assert "Europe/Madrid" in message.body and "America/Lima" in message.body  # both times
    assert activity.link in message.body
    invitation = Invitation.objects.get(member=audience[0])
    link = reverse("registration_invited", args=[activity.public_token, invitation.token])
    assert link in message.body
    [event] = calendar_of(message).walk("VEVENT")
    assert event.decoded("dtstart").astimezone(UTC) == activity.starts_at
    assert str(event["summary"]) == activity.title
    assert str(event["uid"]) == f"activity-{activity.pk}@127.0.0.1"
    batch = InvitationBatch.objects.get()
    assert (batch.total, batch.sent, batch.created_by) == (2, 2, manager)
    # a newcomer joins; a second send reaches only them
    newcomer = MemberFactory(community=activity.community)
    mail.outbox.clear()
    manager_client.post(url)
    assert [m.to for m in mail.outbox] == [[newcomer.email]]
    mail.outbox.clear()
    response = manager_client.post(url, follow=True)
    assert "Nobody new to invite" in response.content.decode()
    assert mail.outbox == []


def test_members_who_registered_already_or_outside_the_segment_are_not_invited(
    activity, audience, community
):
    RegistrationFactory(activity=activity, member=audience[0], email=audience[0].email)
    activity.segment = SegmentFactory(community=community)  # country PE
    activity.save()
    MemberFactory(community=community, country="FR")
    batch = invitation_batch_start(activity=activity, by=None)
    assert batch.sent == 1
    assert [m.to for m in mail.outbox] == [[audience[1].email]]


def test_the_personal_link_fills_in_the_form(client, activity, audience):
    invitation_batch_start(activity=activity, by=None)
    invitation = Invitation.objects.get(member=audience[0])
    url = reverse("registration_invited", args=[activity.public_token, invitation.token])
    html = client.get(url).content.decode()
    assert "Ana Quispe, will you come?" in html
    assert f'value="{audience[0].email}"' in html
    response = client.post(
        url,
        {"name": "Ana Quispe", "email": audience[0].email, "response": "maybe", **as_a_person()},
    )
    assert response.status_code == 200
    registration = Registration.objects.get(activity=activity)
    assert (registration.member, registration.response) == (audience[0], "maybe")
    wrong = reverse("registration_invited", args=[activity.public_token, "forged"])
    assert client.get(wrong).status_code == 404


def test_closed_registration_cannot_be_invited_to(activity, audience):
    activity.registration_open = False
    activity.save()
    with pytest.raises(InvitationError, match="closed"):
        invitation_batch_start(activity=activity, by=None)
    assert mail.outbox == []


def test_large_audiences_go_to_the_task_with_a_count(
    manager_client, activity, community, monkeypatch
):
    monkeypatch.setattr(invitations, "INLINE_LIMIT", 2)
    for _ in range(5):
        MemberFactory(community=community)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        batch = invitation_batch_start(activity=activity, by=None)
    assert batch.running and mail.outbox == []
    status = reverse("invitation_batch_status", args=["alpha", activity.pk, batch.pk])
    html = manager_client.get(status).content.decode()
    assert "0 of 5" in html and "every 1s" in html
    with pytest.raises(InvitationError, match="being sent right now"):
        invitation_batch_start(activity=activity, by=None)
    invitations.invitation_batch_run(batch_id=batch.pk)  # what the worker runs
    assert len(mail.outbox) == 5
    html = manager_client.get(status).content.decode()
    assert "5 invitations" in html and "every 1s" not in html


def test_a_failing_mail_server_is_reported_and_nothing_is_recorded(activity, audience):
    with override_settings(EMAIL_BACKEND="tests.execution.failing_mail.Backend"):
        batch = invitation_batch_start(activity=activity, by=None)
    assert "failed" in batch.error
    assert not Invitation.objects.exists()
    batch = invitation_batch_start(activity=activity, by=None)
    assert batch.sent == 2


def test_the_preview_shows_a_visitors_markup_as_text(client, manager_client, activity):
    """A name typed on the public intake form reaches the manager's Invite tab as text."""
    payload = "Eve <img src=x onerror=alert(1)>"
    client.post(
        reverse("need_intake", args=["alpha"]),
        {
            "full_name": payload,
            "email": "eve@example.org",
            "text": "A need",
            "urgency": "3",
            **as_a_person(),
        },
    )
    confirm_by_link(client)
    activity.description = "<script>alert(2)</script>"
    activity.save()
    assert invitation_preview(activity).recipient_name == payload
    html = manager_client.get(reverse("activity_invite", args=["alpha", activity.pk])).content
    page = html.decode()
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "Hello Eve &lt;img src=x onerror=alert(1)&gt;," in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_invitation_bodies_are_text_not_markup(activity):
    """The body keeps the name as typed (it is a plain-text e-mail) and is not marked safe, so
    an HTML page showing it escapes it."""
    from django.utils.safestring import SafeData

    from roundtable.execution.mail import invitation_email

    message = invitation_email(
        activity, name="O'Brien <b>", email="o@example.org", zone="", link=""
    )
    assert "Hello O'Brien <b>," in message.body
    assert not isinstance(message.body, SafeData)
