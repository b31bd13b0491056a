"""The public forms tell people from bots without losing a person's answer: the trap field no
autofill fills, and the time from the page to the submission."""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from roundtable.communities.models import Community, PendingConfirmation
from roundtable.feedback.models import FeedbackResponse
from roundtable.web.bot_trap import STAMP_NAME, TRAP_NAME, page_stamp
from tests.factories import ActivityFactory

OPENED = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def forms(community: Community, clock: Any) -> dict[str, tuple[str, dict[str, str], Any]]:
    """Each public form: its address, a person's answers, and what it stores."""
    clock.move_to(OPENED)
    upcoming = ActivityFactory(community=community)
    held = ActivityFactory(community=community, starts_at=OPENED - timedelta(days=2))
    return {
        "registration": (
            reverse("registration_page", args=[upcoming.public_token]),
            {"name": "Ana Quispe", "email": "ana@example.org", "response": "attending"},
            PendingConfirmation.objects.filter(kind="registration"),  # held for its link
        ),
        "intake": (
            reverse("need_intake", args=[community.slug]),
            {
                "full_name": "Amina Diallo",
                "email": "amina@example.org",
                "text": "A fair tariff",
                "urgency": "3",
                "country": "SN",
                "timezone": "Africa/Dakar",
            },
            PendingConfirmation.objects.filter(kind="need"),
        ),  # fmt: skip
        "feedback": (
            reverse("feedback_public", args=[held.feedback_form.token]),
            {
                "plus": "Small groups",
                "delta": "",
                "rating": "4",
                "next_step": "",
                "submission_key": "k1",
            },
            FeedbackResponse.objects,
        ),  # fmt: skip
    }


def _stamp(page: str) -> str:
    found = re.search(rf'name="{STAMP_NAME}" value="([^"]+)"', page)
    assert found, "the page carries its signed moment"
    return found.group(1)


FORMS = ["registration", "intake", "feedback"]


@pytest.mark.parametrize("name", FORMS)
def test_the_trap_field_is_hidden_from_people_and_from_autofill(
    client: Client, forms: dict[str, Any], name: str
) -> None:
    page = client.get(forms[name][0]).content.decode()

    trap = re.search(rf'<div class="trap" aria-hidden="true">.*?name="{TRAP_NAME}"[^>]*>', page)
    assert trap, "the trap sits in an off-screen block hidden from screen readers"
    assert 'tabindex="-1"' in trap.group(0) and 'autocomplete="off"' in trap.group(0)
    # Autofill fills fields it recognises by name: website, url, email, name, company...
    assert not re.search(r"web|url|mail|name|company|phone", TRAP_NAME)
    assert 'name="website"' not in page


@pytest.mark.parametrize("name", FORMS)
def test_a_person_who_takes_a_few_seconds_is_saved(
    client: Client, forms: dict[str, Any], clock: Any, name: str
) -> None:
    url, answers, stored = forms[name]
    stamp = _stamp(client.get(url).content.decode())
    clock.shift(timedelta(seconds=20))

    client.post(url, {**answers, STAMP_NAME: stamp, TRAP_NAME: ""})

    assert stored.count() == 1


@pytest.mark.parametrize("name", FORMS)
def test_a_submission_within_two_seconds_is_refused_and_can_be_sent_again(
    client: Client, forms: dict[str, Any], clock: Any, name: str
) -> None:
    url, answers, stored = forms[name]
    stamp = _stamp(client.get(url).content.decode())

    refused = client.post(url, {**answers, STAMP_NAME: stamp, TRAP_NAME: ""})

    assert refused.status_code == 400
    text = refused.content.decode()
    assert (
        "Your answer was not saved: it was sent less than 2 seconds after the page opened" in text
    )
    assert "If you are a person, please check your answers and send them again." in text
    assert stored.count() == 0
    # The form comes back with what was typed and a new moment: sent again later, it is saved.
    typed = next(v for k, v in answers.items() if k in ("name", "full_name", "plus"))
    assert typed in text
    clock.shift(timedelta(seconds=5))
    client.post(url, {**answers, STAMP_NAME: _stamp(text), TRAP_NAME: ""})
    assert stored.count() == 1


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize(
    "stamp",
    ["", "not-signed", page_stamp(0).replace(":", "x", 1), page_stamp(0)[:-3] + "abc"],
    ids=["missing", "not signed", "tampered value", "tampered signature"],
)
def test_a_submission_without_its_pages_signed_moment_is_refused(
    client: Client, forms: dict[str, Any], clock: Any, name: str, stamp: str
) -> None:
    url, answers, stored = forms[name]
    clock.shift(timedelta(minutes=5))

    refused = client.post(url, {**answers, STAMP_NAME: stamp, TRAP_NAME: ""})

    assert refused.status_code == 400
    assert "it did not come from the form&#x27;s page" in refused.content.decode()
    assert stored.count() == 0


def test_a_page_left_open_for_hours_is_still_saved(
    client: Client, forms: dict[str, Any], clock: Any
) -> None:
    url, answers, stored = forms["feedback"]
    stamp = _stamp(client.get(url).content.decode())
    clock.shift(timedelta(hours=9))

    client.post(url, {**answers, STAMP_NAME: stamp, TRAP_NAME: ""})

    assert stored.count() == 1
