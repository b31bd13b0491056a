"""Anonymous means anonymous: after an anonymous answer, no table row and no log line links it
to a person, an account, an address or a device."""

import logging
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from roundtable.feedback.answer_receipts import (
    FLUSH_DELAY_MAX,
    feedback_answers_flush,
    request_answered,
)
from roundtable.feedback.models import (
    FeedbackAnswerReceipt,
    FeedbackComment,
    FeedbackRequest,
    FeedbackResponse,
)
from roundtable.feedback.services import feedback_form_get, feedback_requests_send
from tests.factories import ActivityFactory, MemberFactory, RegistrationFactory
from tests.feedback.conftest import answer
from tests.log_output import log_output
from tests.public_forms import as_a_person

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
    assert request.answered is False and request_answered(request)  # marked later, apart
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


# From the database and the logs alone -----------------------------------------------------------

PEOPLE = 8
ANSWER_ORDER = [3, 7, 0, 5, 1, 6, 2, 4]  # person i was invited i-th; they answer in this order
FEEDBACK_TABLES = (
    "feedback_feedbackresponse",
    "feedback_feedbackcomment",
    "feedback_feedbackrequest",
    "feedback_feedbackanswerreceipt",
)


def raw_rows(table: str) -> list[dict[str, object]]:
    """Every row of ``table`` as the database has it, with its physical-order columns: SQLite's
    rowid, PostgreSQL's xmin (the writing transaction) and ctid (the place in the heap)."""
    extra = "xmin::text::bigint AS xmin, ctid::text AS ctid" if _postgres() else "rowid AS rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {extra}, * FROM {table}")  # noqa: S608 (our own table names)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _ctid(value: object) -> tuple[int, int]:
    page, item = str(value).strip("()").split(",")
    return int(page), int(item)


def served(client: Client, method: str, path: str, address: str, **data: str):
    """A request through the test client, with the access line uvicorn writes for it."""
    response = (
        client.post(path, {**as_a_person(), **data}) if method == "POST" else client.get(path)
    )
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d', f"{address}:51234", method, path, "1.1", response.status_code
    )
    return response


@pytest.mark.django_db(transaction=True)
def test_no_answer_can_be_tied_to_the_person_who_gave_it(community, clock, settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The answers below take a quarter of an hour: keep them inside one day whatever hour the
    # suite's clock shows (dates are kept to the day, so answers either side of midnight would
    # rightly differ).
    clock.move_to(timezone.now().replace(hour=9, minute=0, second=0, microsecond=0))
    start = timezone.now() - timedelta(days=1)
    activity = ActivityFactory(community=community, starts_at=start, status="done")
    for i in range(PEOPLE):
        member = MemberFactory(community=community, full_name=f"Person {i}")
        RegistrationFactory(
            activity=activity, member=member, name=member.full_name, email=member.email,
            attended_at=start,
        )  # fmt: skip
    feedback_requests_send(activity=activity)
    requests = list(FeedbackRequest.objects.order_by("registration__name"))
    tokens = [r.token for r in requests]
    public = reverse("feedback_public", args=[feedback_form_get(activity=activity).token])

    with log_output() as logs:
        for i in ANSWER_ORDER:
            address = f"203.0.113.{10 + i}"
            client = Client(REMOTE_ADDR=address)
            personal = reverse("feedback_personal", args=[tokens[i]])
            assert served(client, "GET", personal, address).status_code == 200
            clock.shift(timedelta(seconds=40))
            response = served(
                client, "POST", public, address, request_token=tokens[i], plus=f"plus of {i}",
                delta=f"delta of {i}", rating=str(1 + i % 5), submission_key=f"key-{i}",
            )  # fmt: skip
            assert b"Thank you" in response.content
            # At once, the link says it was used, and a second answer is refused.
            again = served(client, "GET", personal, address)
            assert "already answered" in again.content.decode()
            twice = served(
                client, "POST", public, address, request_token=tokens[i], plus="again",
                submission_key=f"other-key-{i}",
            )  # fmt: skip
            assert "already answered" in twice.content.decode()
            clock.shift(timedelta(seconds=50))
        assert FeedbackResponse.objects.count() == PEOPLE
        # The requests are marked by the worker, later: not in the answers' transactions.
        assert not FeedbackRequest.objects.filter(answered=True).exists()
        clock.shift(FLUSH_DELAY_MAX + timedelta(minutes=1))
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert FeedbackRequest.objects.filter(answered=True).count() == PEOPLE

    # What the database holds -------------------------------------------------------------------
    responses, comments, requests_rows, receipts = (raw_rows(t) for t in FEEDBACK_TABLES)
    assert receipts == []  # the bridge between a link and the mark is gone
    # Which answer is whose, known only to the test (the texts name the person).
    person_of_comment = {row["id"]: int(str(row["text"]).split()[-1]) for row in comments}
    response_of_person = {person_of_comment[row["id"]]: row["response_id"] for row in comments}
    person_of_response = {v: k for k, v in response_of_person.items()}
    person_of_request = {row["id"]: tokens.index(row["token"]) for row in requests_rows}

    # Random ids: sorted, they do not give the order of the answers.
    by_id = [person_of_response[r["id"]] for r in sorted(responses, key=lambda r: str(r["id"]))]
    assert by_id != ANSWER_ORDER
    comment_order = [
        person_of_comment[c["id"]] for c in sorted(comments, key=lambda c: str(c["id"]))
    ]
    assert comment_order != [p for p in ANSWER_ORDER for _ in (0, 1)]
    assert len({str(c["id"]) for c in comments}) == 2 * PEOPLE
    # The day, never the time: every answer carries the same value.
    assert len({str(r["submitted_on"]) for r in responses}) == 1
    for table in (responses, comments):
        for value in table[0].values():
            assert not isinstance(value, datetime), f"an exact time is stored: {value!r}"

    # The person's side holds no order of the answers: whatever order its rows are read in, it
    # is the order the links were sent (or none), not the order the people answered.
    request_orders = {"id": lambda r: r["id"]}
    if _postgres():
        request_orders["ctid"] = lambda r: _ctid(r["ctid"])
        # Every mark was written by one transaction of the worker, shared with no answer.
        assert len({r["xmin"] for r in requests_rows}) == 1
        answer_xmins = {r["xmin"] for r in responses} | {c["xmin"] for c in comments}
        assert not answer_xmins & {r["xmin"] for r in requests_rows}
        # ...and that transaction came after every answer's, not between them.
        assert min(r["xmin"] for r in requests_rows) > max(answer_xmins)
    else:
        request_orders["rowid"] = lambda r: r["rowid"]
    for name, key in request_orders.items():
        people = [person_of_request[r["id"]] for r in sorted(requests_rows, key=key)]
        assert people == list(range(PEOPLE)), f"requests read by {name} follow the answers"
        assert people != ANSWER_ORDER
    for column in ("sent_at", "reminded_at", "answered"):
        assert len({str(r[column]) for r in requests_rows}) == 1, f"requests differ in {column}"

    # What the logs hold: no token, and no address on a feedback link's line.
    written = logs.getvalue()
    assert "/feedback/me/…/" in written and "/feedback/…/" in written
    for i in range(PEOPLE):
        assert tokens[i] not in written
        assert f"203.0.113.{10 + i}" not in written
    assert feedback_form_get(activity=activity).token not in written


def test_a_used_link_counts_at_once_and_is_marked_answered_later(
    past_activity, manager_client
) -> None:
    feedback_requests_send(activity=past_activity)
    ana, bo = FeedbackRequest.objects.order_by("registration__name")
    personal = reverse("feedback_personal", args=[ana.token])
    answer(Client(), personal, plus="Good")
    ana.refresh_from_db()
    assert ana.answered is False  # not in the answer's transaction
    receipt = FeedbackAnswerReceipt.objects.get()
    assert ana.token not in receipt.digest and receipt.digest != ana.token
    assert "already answered" in Client().get(personal).content.decode()
    review = reverse("activity_review", args=[past_activity.community.slug, past_activity.pk])
    assert "1 of 2" in manager_client.get(review).content.decode()

    assert feedback_answers_flush() == 1
    ana.refresh_from_db()
    bo.refresh_from_db()
    assert (ana.answered, bo.answered) == (True, False)
    assert not FeedbackAnswerReceipt.objects.exists()
    assert "already answered" in Client().get(personal).content.decode()
    assert "1 of 2" in manager_client.get(review).content.decode()
    assert feedback_answers_flush() == 0


def test_a_receipt_whose_request_was_deleted_is_dropped(past_activity) -> None:
    feedback_requests_send(activity=past_activity)
    request = FeedbackRequest.objects.first()
    answer(Client(), reverse("feedback_personal", args=[request.token]), plus="Good")
    request.delete()
    assert feedback_answers_flush() == 0
    assert not FeedbackAnswerReceipt.objects.exists()
