"""The public plus/delta form and every kind of bad input: empty, too long, a double click, a
closed form; personal links count one answer each."""

from datetime import timedelta

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from roundtable.feedback.models import FeedbackComment, FeedbackRequest, FeedbackResponse
from roundtable.feedback.services import (
    feedback_form_set_open,
    feedback_reminders_send,
    feedback_requests_send,
)
from roundtable.web.bot_trap import TRAP_NAME
from tests.feedback.conftest import answer


def url(form) -> str:
    return reverse("feedback_public", args=[form.token])


def test_the_form_is_phone_first_and_says_it_is_anonymous(form) -> None:
    page = Client().get(url(form)).content.decode()
    assert 'name="viewport"' in page
    assert "Anonymous." in page and "what went well" in page and "even better" in page
    assert "<script>alert" not in page


def test_an_answer_is_stored_with_its_comments(form) -> None:
    response = answer(
        Client(), url(form), plus="The pairs", delta="Start on time", rating="5",
        next_step="Call Lima",
    )  # fmt: skip
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    stored = FeedbackResponse.objects.get()
    assert stored.rating == 5 and stored.next_step == "Call Lima"
    assert sorted(stored.comments.values_list("kind", "text")) == [
        ("delta", "Start on time"),
        ("plus", "The pairs"),
    ]


def test_an_empty_answer_is_refused_with_a_message(form) -> None:
    response = answer(Client(), url(form), plus="   ", delta="")
    assert response.status_code == 200
    assert "The form is empty" in response.content.decode()
    assert FeedbackResponse.objects.count() == 0


def test_over_long_text_is_refused_and_kept_in_the_form(form) -> None:
    long_text = "x" * 2001
    response = answer(Client(), url(form), plus="Fine", delta=long_text)
    page = response.content.decode()
    assert "2,001 characters long" in page and "under 2,000" in page
    assert long_text in page  # nothing the person wrote is lost
    assert FeedbackResponse.objects.count() == 0 and FeedbackComment.objects.count() == 0


def test_a_double_click_is_counted_once(form) -> None:
    client = Client()
    for _ in range(2):
        response = answer(client, url(form), plus="Great", submission_key="same-key")
        assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert FeedbackResponse.objects.count() == 1
    answer(client, url(form), plus="Another person on the same phone", submission_key="new")
    assert FeedbackResponse.objects.count() == 2


def test_a_refused_answer_does_not_block_the_corrected_one(form) -> None:
    client = Client()
    answer(client, url(form), plus="", submission_key="k1")
    answer(client, url(form), plus="Now with text", submission_key="k1")
    assert FeedbackResponse.objects.count() == 1


def test_a_closed_form_says_so_and_stores_nothing(form, past_activity) -> None:
    feedback_form_set_open(activity=past_activity, is_open=False)
    assert Client().get(url(form)).status_code == 410
    response = answer(Client(), url(form), plus="Late")
    assert response.status_code == 410 and "Feedback is closed" in response.content.decode()
    assert FeedbackResponse.objects.count() == 0


def test_the_form_closes_by_itself_a_month_after_the_activity(form, past_activity) -> None:
    past_activity.starts_at = timezone.now() - timedelta(days=40)
    past_activity.save()
    assert Client().get(url(form)).status_code == 410


def test_a_bot_filling_the_hidden_field_stores_nothing(form) -> None:
    sent = answer(Client(), url(form), plus="spam", **{TRAP_NAME: "http://spam"})
    assert sent.status_code == 400
    assert "Your answer was not saved" in sent.content.decode()
    assert FeedbackResponse.objects.count() == 0


def test_too_many_answers_from_one_connection_are_refused(form, settings) -> None:
    client = Client(REMOTE_ADDR="198.51.100.9")
    for i in range(30):
        answer(client, url(form), plus=f"ok {i}")
    response = answer(client, url(form), plus="one more")
    assert response.status_code == 429 and "Too many answers" in response.content.decode()
    assert FeedbackResponse.objects.count() == 30


def test_unknown_links_are_not_found(db) -> None:
    assert Client().get(reverse("feedback_public", args=["nope"])).status_code == 404
    assert Client().get(reverse("feedback_personal", args=["nope"])).status_code == 404


def test_requests_go_to_attendees_once_and_one_reminder_to_non_responders(
    past_activity, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert feedback_requests_send(activity=past_activity) == 2
    assert sorted(m.to[0].split("@")[0] for m in mail.outbox) == sorted(
        r.registration.email.split("@")[0] for r in FeedbackRequest.objects.all()
    )
    assert feedback_requests_send(activity=past_activity) == 0  # nobody asked twice
    first = FeedbackRequest.objects.first()
    assert "/feedback/me/" in mail.outbox[0].body
    personal = reverse("feedback_personal", args=[first.token])
    answer(Client(), personal, plus="Good")
    # The same link again: thanked, not counted.
    again = answer(Client(), personal, plus="Good again")
    assert "already answered" in again.content.decode()
    assert FeedbackResponse.objects.count() == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert feedback_reminders_send(activity=past_activity) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Reminder")
    assert mail.outbox[0].to[0] != first.registration.email
    assert feedback_reminders_send(activity=past_activity) == 0  # one reminder only


def test_requests_need_attendance(manager_client, community) -> None:
    from tests.factories import ActivityFactory

    activity = ActivityFactory(community=community)
    response = manager_client.post(
        reverse("activity_feedback_requests", args=[community.slug, activity.pk]), follow=True
    )
    assert "Nobody is marked as attended yet" in response.content.decode()
    assert not FeedbackRequest.objects.exists()


def test_the_review_page_shows_the_response_rate(manager_client, past_activity) -> None:
    slug = past_activity.community.slug
    manager_client.post(reverse("activity_feedback_requests", args=[slug, past_activity.pk]))
    request = FeedbackRequest.objects.first()
    answer(Client(), reverse("feedback_personal", args=[request.token]), plus="Good")
    page = manager_client.get(reverse("activity_review", args=[slug, past_activity.pk]))
    text = page.content.decode()
    assert "1 of 2" in text and "50 % response rate" in text
    assert "Send one reminder to 1 non-responder" in text
