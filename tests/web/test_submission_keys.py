"""Every public form carries a one-time submission key: going back and sending the same form
again (or a double tap) writes nothing the second time and shows what the first one stored."""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from roundtable.activities.models import Registration
from roundtable.communities.models import Community, FormSubmission, PendingConfirmation
from roundtable.communities.submissions import SUBMISSION_KEY_DAYS
from roundtable.feedback.models import FeedbackResponse
from roundtable.needs.models import Need
from roundtable.web.bot_trap import STAMP_NAME, TRAP_NAME
from tests.factories import ActivityFactory, MemberFactory
from tests.public_forms import confirm_by_link

OPENED = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]+)"', page)
    assert found, f"the page carries {name}"
    return found.group(1)


def _sent_twice(client: Client, clock: Any, url: str, answers: dict[str, str]) -> list[Any]:
    """Open the form, wait like a person, send it, go back and send the same page again."""
    page = client.get(url).content.decode()
    fields = {
        **answers,
        TRAP_NAME: "",
        STAMP_NAME: _hidden(page, STAMP_NAME),
        "submission_key": _hidden(page, "submission_key"),
    }
    clock.shift(timedelta(seconds=30))
    first = client.post(url, fields)
    clock.shift(timedelta(minutes=10))
    return [first, client.post(url, fields)]


@pytest.fixture
def opened(clock: Any) -> None:
    clock.move_to(OPENED)


def test_a_registration_sent_twice_is_stored_and_mailed_once(
    client: Client, community: Community, opened: None, clock: Any
) -> None:
    activity = ActivityFactory(community=community)
    url = reverse("registration_page", args=[activity.public_token])

    first, again = _sent_twice(
        client, clock, url, {"name": "Ana Quispe", "email": "ana@example.org", "response": "maybe"}
    )

    assert PendingConfirmation.objects.filter(kind="registration").count() == 1
    assert len(mail.outbox) == 1  # one link
    # The second answer says to use the link, and nothing of what the address has stored.
    assert "Check your inbox" in again.content.decode()
    assert "Maybe" not in again.content.decode()
    confirm_by_link(client)
    assert Registration.objects.get(activity=activity).response == "maybe"


def test_a_new_page_is_a_new_answer(
    client: Client, community: Community, opened: None, clock: Any
) -> None:
    activity = ActivityFactory(community=community)
    url = reverse("registration_page", args=[activity.public_token])
    for response in ("maybe", "attending"):
        page = client.get(url).content.decode()
        clock.shift(timedelta(seconds=10))
        client.post(url, {"name": "Ana Quispe", "email": "ana@example.org", "response": response,
                          TRAP_NAME: "", STAMP_NAME: _hidden(page, STAMP_NAME),
                          "submission_key": _hidden(page, "submission_key")})  # fmt: skip

    assert len(mail.outbox) == 2  # a link for each
    confirm_by_link(client)
    assert Registration.objects.get(activity=activity).response == "attending"


def test_a_need_sent_twice_from_the_intake_is_recorded_once(
    client: Client, community: Community, opened: None, clock: Any
) -> None:
    url = reverse("need_intake", args=[community.slug])

    _first, again = _sent_twice(client, clock, url, {
        "full_name": "Amina Diallo", "email": "amina@example.org", "text": "A fair tariff",
        "urgency": "3", "country": "SN", "timezone": "Africa/Dakar",
    })  # fmt: skip

    assert PendingConfirmation.objects.filter(kind="need").count() == 1
    assert len(mail.outbox) == 1
    assert "Check your inbox" in again.content.decode()
    confirm_by_link(client)
    assert Need.objects.count() == 1


def test_feedback_sent_twice_is_stored_once(
    client: Client, community: Community, opened: None, clock: Any
) -> None:
    held = ActivityFactory(community=community, starts_at=OPENED - timedelta(days=2))
    url = reverse("feedback_public", args=[held.feedback_form.token])

    _first, again = _sent_twice(client, clock, url, {
        "plus": "Small groups", "delta": "", "rating": "4", "next_step": "",
    })  # fmt: skip

    assert FeedbackResponse.objects.count() == 1
    assert again.status_code == 200


def test_a_need_sent_twice_from_the_members_own_page_is_recorded_once(
    client: Client, community: Community, opened: None
) -> None:
    member = MemberFactory(community=community)
    url = reverse("member_self", args=[community.slug, member.access_token])
    page = client.get(url).content.decode()
    key = re.search(r'name="action" value="need"><input type="hidden" name="submission_key" '
                    r'value="([^"]+)"', page)  # fmt: skip
    assert key
    fields = {"action": "need", "text": "Help with GIS", "urgency": "2", "tags": "",
              "submission_key": key.group(1)}  # fmt: skip

    client.post(url, fields)
    again = client.post(url, fields, follow=True)

    assert Need.objects.filter(member=member).count() == 1
    assert "This need was already recorded" in again.content.decode()


def test_only_a_hash_of_the_key_and_the_day_are_kept_and_not_for_ever(
    client: Client, community: Community, opened: None, clock: Any
) -> None:
    activity = ActivityFactory(community=community)
    url = reverse("registration_page", args=[activity.public_token])
    page = client.get(url).content.decode()
    key = _hidden(page, "submission_key")
    _sent_twice(client, clock, url, {"name": "A", "email": "a@example.org", "response": "maybe"})

    (kept,) = FormSubmission.objects.all()
    assert key not in kept.digest and len(kept.digest) == 64
    assert (kept.form, kept.on) == ("registration", OPENED.date())
    # Keys older than the limit go when the next one is claimed.
    clock.move_to(OPENED + timedelta(days=SUBMISSION_KEY_DAYS + 1))
    later = reverse("registration_page", args=[ActivityFactory(community=community).public_token])
    _sent_twice(client, clock, later, {"name": "B", "email": "b@example.org", "response": "maybe"})
    assert FormSubmission.objects.count() == 1
