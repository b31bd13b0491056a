"""Breakout tests: an activity with registered members from a few organisations and countries,
and a short solver time limit so the suite stays quick."""

from datetime import timedelta

import pytest
from django.utils import timezone

from roundtable.activities.models import Activity, Registration
from tests.factories import ActivityFactory, MemberFactory, RegistrationFactory

ORGANISATIONS = ["Lima Water", "Nairobi Water", "Manila Water", "Accra Water"]
COUNTRIES = ["PE", "KE", "PH", "GH"]


@pytest.fixture(autouse=True)
def quick_solver(settings) -> None:
    settings.BREAKOUTS_TIME_LIMIT = 1.0


def registrations_for(
    activity: Activity, count: int, *, attended: bool = False
) -> list[Registration]:
    """``count`` attending registrations of distinct members (a few organisations/countries)."""
    rows = []
    for i in range(count):
        member = MemberFactory(
            community=activity.community,
            full_name=f"Person {i:02d}",
            organisation=ORGANISATIONS[i % 4],
            country=COUNTRIES[i % 4],
        )
        rows.append(
            RegistrationFactory(
                activity=activity,
                member=member,
                name=member.full_name,
                email=member.email,
                attended_at=timezone.now() if attended else None,
            )
        )
    return rows


@pytest.fixture
def activity(community) -> Activity:
    return ActivityFactory(
        community=community, starts_at=timezone.now() - timedelta(days=2), format="workshop"
    )


@pytest.fixture
def people(activity) -> list[Registration]:
    return registrations_for(activity, 12)
