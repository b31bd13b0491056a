"""The "Feedback you are asked for" card of a member's own page (feedback/sections.py): the open
forms whose personal link was sent to the member and, as far as the system knows, not used; a
link to answer; and nothing written, nothing about an answer read, by looking at the page."""

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from roundtable.feedback.answer_receipts import feedback_answers_flush
from roundtable.feedback.models import (
    FeedbackAnswerReceipt,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackSettings,
)
from roundtable.feedback.sections import own_feedback_requests
from roundtable.feedback.services import feedback_form_set_open, feedback_requests_send
from roundtable.members.models import Member
from tests.factories import ActivityFactory, RegistrationFactory
from tests.feedback.conftest import answer
from tests.test_reads_write_nothing import no_writes

CARD = "Feedback you are asked for"


def _own_page(client, member: Member) -> str:
    url = reverse("member_self", args=[member.community.slug, member.access_token])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def ana(past_activity) -> Member:
    return Member.objects.get(full_name="Ana Attended")


@pytest.fixture
def sent(past_activity) -> dict[str, FeedbackRequest]:
    """The personal links of Ana and Bo, sent."""
    assert feedback_requests_send(activity=past_activity) == 2
    return {r.registration.name: r for r in FeedbackRequest.objects.select_related("registration")}


def test_an_open_request_shows_with_the_members_own_link(client, past_activity, ana, sent):
    page = _own_page(client, ana)
    assert CARD in page and past_activity.title in page
    mine = reverse("feedback_personal", args=[sent["Ana Attended"].token])
    assert f'href="{mine}"' in page and "Give feedback" in page
    assert sent["Bo Attended"].token not in page  # another attendee's link
    assert "If you have not answered yet" in page  # an answer by the public link is not known
    assert "anonymous" in page


def test_no_request_sent_shows_no_card(client, past_activity, ana) -> None:
    assert CARD not in _own_page(client, ana)


def test_a_closed_form_is_not_shown(client, past_activity, ana, sent) -> None:
    feedback_form_set_open(activity=past_activity, is_open=False)
    assert CARD not in _own_page(client, ana)
    feedback_form_set_open(activity=past_activity, is_open=True)
    assert CARD in _own_page(client, ana)


def test_a_form_past_its_closing_day_is_not_shown(client, community, past_activity, ana, sent):
    long_ago = ActivityFactory(
        community=community, title="The old clinic", starts_at=timezone.now() - timedelta(days=40)
    )
    registration = RegistrationFactory(
        activity=long_ago, member=ana, name=ana.full_name, email=ana.email
    )
    FeedbackRequest.objects.create(
        activity=long_ago, registration=registration, sent_at=long_ago.starts_at
    )
    page = _own_page(client, ana)
    assert past_activity.title in page and "The old clinic" not in page


def test_an_answered_link_leaves_at_once_and_stays_gone_once_marked(
    client, past_activity, ana, sent
) -> None:
    personal = reverse("feedback_personal", args=[sent["Ana Attended"].token])
    answer(Client(), personal, plus="The pairs worked")
    assert FeedbackAnswerReceipt.objects.exists()  # not marked yet: the receipt says it
    assert CARD not in _own_page(client, ana)
    assert feedback_answers_flush() == 1
    assert CARD not in _own_page(client, ana)
    bo = Member.objects.get(full_name="Bo Attended")
    assert past_activity.title in _own_page(Client(), bo)  # Bo has not answered


def test_a_request_marked_answered_is_not_shown(client, ana, sent) -> None:
    FeedbackRequest.objects.filter(pk=sent["Ana Attended"].pk).update(answered=True)
    assert CARD not in _own_page(client, ana)


def test_named_feedback_says_so(client, community, ana, sent) -> None:
    FeedbackSettings.objects.create(community=community, named=True)
    page = _own_page(client, ana)
    assert "asks for your name" in page and "Your answer is anonymous" not in page


def test_viewing_the_page_writes_nothing(client, past_activity, ana, sent) -> None:
    before = {
        "requests": list(FeedbackRequest.objects.values_list("pk", "answered", "reminded_at")),
        "receipts": FeedbackAnswerReceipt.objects.count(),
        "responses": FeedbackResponse.objects.count(),
    }
    with no_writes() as writes:
        page = _own_page(client, ana)
        _own_page(client, ana)
    assert writes == [] and CARD in page
    after = {
        "requests": list(FeedbackRequest.objects.values_list("pk", "answered", "reminded_at")),
        "receipts": FeedbackAnswerReceipt.objects.count(),
        "responses": FeedbackResponse.objects.count(),
    }
    assert after == before


def test_the_card_reads_a_fixed_number_of_queries(
    community, past_activity, ana, sent, django_assert_max_num_queries
) -> None:
    for i in range(12):
        activity = ActivityFactory(
            community=community, title=f"Clinic {i}", starts_at=past_activity.starts_at
        )
        registration = RegistrationFactory(
            activity=activity, member=ana, name=ana.full_name, email=ana.email
        )
        FeedbackRequest.objects.create(
            activity=activity, registration=registration, sent_at=timezone.now()
        )
    ana = Member.objects.select_related("community").get(pk=ana.pk)
    with django_assert_max_num_queries(3):
        context = own_feedback_requests(RequestFactory().get("/"), ana)
        titles = [asked.activity.title for asked in context["feedback_asked"]]
        closing = [asked.closes_at for asked in context["feedback_asked"]]
    assert len(titles) == 13 and closing == sorted(closing)


def test_the_activity_title_is_escaped(client, past_activity, ana, sent) -> None:
    past_activity.title = "<script>alert(1)</script>"
    past_activity.save(update_fields=["title"])
    page = _own_page(client, ana)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
