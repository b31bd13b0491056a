"""Named people for every test: a manager, a facilitator and a member of the community
"alpha", and an outsider who manages the community "beta"; and a fixed clock.

Every test runs with the clock moved to one fixed instant (``TEST_NOW``), ticking from there, so
that nothing depends on the hour or the day the suite runs. ``ROUNDTABLE_TEST_NOW`` moves it
elsewhere (an ISO 8601 instant with its offset); CI runs the tests marked ``time_sensitive`` a
second time at an odd hour on a daylight-saving day.
"""

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client

from roundtable.communities.models import Community, Role
from tests.factories import CommunityFactory, RoleFactory, UserFactory


def _test_now() -> datetime:
    value = os.environ.get("ROUNDTABLE_TEST_NOW", "2026-06-10T10:00:00+00:00")
    now = datetime.fromisoformat(value)
    if now.tzinfo is None:
        raise pytest.UsageError(f"ROUNDTABLE_TEST_NOW={value!r} needs an offset, e.g. +00:00")
    return now.astimezone(UTC)


TEST_NOW = _test_now()


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    """The suite's clock: TEST_NOW when the test starts, ticking on from there."""
    with time_machine.travel(TEST_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _empty_caches() -> Iterator[None]:
    """Each test starts with empty caches: the fixed clock would keep one test's entries fresh."""
    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture
def community(db: None) -> Community:
    return CommunityFactory(slug="alpha", name="Water Utilities Network")


@pytest.fixture
def other_community(db: None) -> Community:
    return CommunityFactory(slug="beta", name="Urban Planners Circle")


@pytest.fixture
def manager(community: Community):
    user = UserFactory(email="maria.manager@example.org", full_name="Maria Manager")
    RoleFactory(community=community, user=user, kind=Role.Kind.MANAGER)
    return user


@pytest.fixture
def facilitator(community: Community):
    user = UserFactory(email="fatou.facilitator@example.org", full_name="Fatou Facilitator")
    RoleFactory(community=community, user=user, kind=Role.Kind.FACILITATOR)
    return user


@pytest.fixture
def member_user(community: Community):
    user = UserFactory(email="milan.member@example.org", full_name="Milan Member")
    RoleFactory(community=community, user=user, kind=Role.Kind.MEMBER)
    return user


@pytest.fixture
def outsider(other_community: Community):
    user = UserFactory(email="olga.outsider@example.org", full_name="Olga Outsider")
    RoleFactory(community=other_community, user=user, kind=Role.Kind.MANAGER)
    return user


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager_client(manager) -> Client:
    return _client_for(manager)


@pytest.fixture
def facilitator_client(facilitator) -> Client:
    return _client_for(facilitator)


@pytest.fixture
def member_client(member_user) -> Client:
    return _client_for(member_user)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return _client_for(outsider)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI (ROUNDTABLE_NO_SKIPS=1) a skipped test fails the run: every suite must really run."""
    if os.environ.get("ROUNDTABLE_NO_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        if reporter:
            reporter.write_line(
                f"ROUNDTABLE_NO_SKIPS=1: {skipped} test(s) skipped; in CI every test must run.",
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
