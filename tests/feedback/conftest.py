"""A past edition of a series with attendees, and helpers to answer its feedback form."""

from datetime import timedelta

import pytest
from django.utils import timezone

from roundtable.activities.models import Activity
from roundtable.feedback.services import feedback_form_get
from tests.factories import ActivityFactory, MemberFactory, RegistrationFactory, SeriesFactory
from tests.public_forms import as_a_person


@pytest.fixture
def series(community):
    return SeriesFactory(community=community, title="Leak detection clinic")


@pytest.fixture
def past_activity(community, series) -> Activity:
    """Two days ago; 3 registered, 2 attended (members Ana and Bo)."""
    start = (timezone.now() - timedelta(days=2)).replace(microsecond=0)
    activity = ActivityFactory(
        community=community, series=series, starts_at=start, status=Activity.Status.DONE
    )
    for name in ("Ana Attended", "Bo Attended"):
        member = MemberFactory(community=community, full_name=name)
        RegistrationFactory(
            activity=activity,
            member=member,
            name=name,
            email=member.email,
            attended_at=start + timedelta(minutes=5),
        )
    RegistrationFactory(activity=activity, name="Cy Absent")
    return activity


@pytest.fixture
def form(past_activity):
    return feedback_form_get(activity=past_activity)


def answer(client, url: str, **fields):
    data = {"plus": "", "delta": "", "rating": "", "next_step": "", "submission_key": ""}
    data.update(as_a_person())
    data.update(fields)
    return client.post(url, data)
