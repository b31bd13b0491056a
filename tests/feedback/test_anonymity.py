"""Anonymous means anonymous: after an anonymous answer, no table row and no log line links it
to a person, an account, an address or a device."""

import logging

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client
from django.urls import reverse

from roundtable.feedback.models import FeedbackComment, FeedbackRequest, FeedbackResponse
from roundtable.feedback.services import feedback_requests_send
from tests.feedback.conftest import answer

ADDRESS = "203.0.113.77"
DEVICE = "Mozilla/5.0 (Linux; Android 14; Pixel-8-device-4711) Mobile"


def every_stored_text() -> list[tuple[str, str]]:
    """(model, value) for every non-empty field value of every row in the database."""
    found = []
    for model in apps.get_models():
        for row in model._default_manager.all().values():
            for value in row.values():
                if value not in (None, ""):
                    found.append((model._meta.label, str(value)))
    return found


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_answer_through_a_personal_link_is_not_linked(
    past_activity, member_user, caplog
) -> None:
    feedback_requests_send(activity=past_activity)
    request = FeedbackRequest.objects.get(registration__name="Ana Attended")
    ana = request.registration
    assert ana.email in mail.outbox[0].to[0] or any(ana.email in m.to for m in mail.outbox)
    client = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=DEVICE)
    client.force_login(member_user)  # even a logged-in account is not linked
    page = client.get(reverse("feedback_personal", args=[request.token])).content.decode()
    # The answer goes to the form's public address, the personal token in the body: a web
    # server's access log shows the same line for every answer.
    public = reverse("feedback_public", args=[past_activity.feedback_form.token])
    assert f'action="{public}"' in page and f'value="{request.token}"' in page
    caplog.set_level(logging.DEBUG)
    response = answer(
        client,
        public,
        request_token=request.token,
        plus="UNIQUE-PLUS the pairs worked",
        delta="UNIQUE-DELTA more time",
        rating="4",
        submission_key="key-123",
    )
    assert response.status_code == 200 and b"Thank you" in response.content

    request.refresh_from_db()
    assert request.answered is True
    stored = FeedbackResponse.objects.get()
    assert stored.member is None and stored.respondent_name == ""
    assert {f.name for f in FeedbackResponse._meta.concrete_fields} == {
        "id", "activity", "rating", "next_step", "submitted_on", "source", "respondent_name",
        "member",
    }  # fmt: skip
    # Nothing that could time the answer: the day only, and a random id instead of a sequence.
    assert not any(
        f.get_internal_type() == "DateTimeField" for f in FeedbackResponse._meta.concrete_fields
    )
    assert {f.name for f in FeedbackRequest._meta.concrete_fields} >= {"answered"}
    assert "answered_at" not in {f.name for f in FeedbackRequest._meta.concrete_fields}

    secrets_of_the_person = [
        ADDRESS, DEVICE, "Pixel-8-device-4711", ana.email, member_user.email, request.token
    ]  # fmt: skip
    response_keys = {str(stored.pk), stored.pk.hex}
    for model, value in every_stored_text():
        if model in ("feedback.FeedbackRequest", "activities.Registration", "members.Member"):
            # The person's own rows name them, as before, but never the answer.
            assert not response_keys & {value}, f"{model} points at the answer"
            assert "UNIQUE-" not in value
            continue
        if model == "accounts.User" or model == "sessions.Session":
            assert "UNIQUE-" not in value
            continue
        for secret in (ADDRESS, DEVICE, "Pixel-8-device-4711"):
            assert secret not in value, f"{model} stores {secret}"
        if model in ("feedback.FeedbackResponse", "feedback.FeedbackComment"):
            for secret in secrets_of_the_person:
                assert secret not in value, f"{model} stores {secret}"

    comments = FeedbackComment.objects.filter(response=stored)
    assert sorted(c.kind for c in comments) == ["delta", "plus"]

    for record in caplog.records:
        line = record.getMessage() + " " + str(record.__dict__.get("args", ""))
        for secret in [*secrets_of_the_person, *response_keys, "UNIQUE-PLUS", "UNIQUE-DELTA"]:
            assert secret not in line, f"log line {line!r} mentions {secret}"


def test_the_public_link_stores_no_address_or_device(form, caplog) -> None:
    client = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=DEVICE)
    caplog.set_level(logging.DEBUG)
    answer(client, reverse("feedback_public", args=[form.token]), plus="UNIQUE-PLUS nice")
    assert FeedbackResponse.objects.count() == 1
    for model, value in every_stored_text():
        assert ADDRESS not in value and "Pixel-8" not in value, model
    for record in caplog.records:
        assert ADDRESS not in record.getMessage() and "UNIQUE-PLUS" not in record.getMessage()


def test_named_feedback_keeps_the_name_and_says_so(form, community) -> None:
    from roundtable.feedback.services import feedback_settings_set

    feedback_settings_set(community=community, named=True)
    url = reverse("feedback_public", args=[form.token])
    page = Client().get(url).content.decode()
    assert "Named feedback" in page and "Your name" in page
    answer(Client(), url, plus="Good", name="Ana")
    assert FeedbackResponse.objects.get().respondent_name == "Ana"
    feedback_settings_set(community=community, named=False)
    page = Client().get(url).content.decode()
    assert "Anonymous." in page and "Your name" not in page
    answer(Client(), url, plus="Good", name="Bo")
    assert set(FeedbackResponse.objects.values_list("respondent_name", flat=True)) == {"Ana", ""}
