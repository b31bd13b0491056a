"""Shared fixtures of the execution tests: an upcoming activity owned by the manager."""

import pytest
from django.core.cache import cache

from tests.factories import ActivityFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def activity(community, manager, facilitator):
    activity = ActivityFactory(
        community=community,
        owner=manager,
        format="peer-assist",
        timezone="Europe/Madrid",
        place="Online",
        link="https://meet.example.org/leaks",
    )
    activity.facilitators.add(facilitator)
    return activity
