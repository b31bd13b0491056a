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
from django.db import connections
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


@pytest.fixture(autouse=True)
def _commit_hooks_run_as_in_production(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run ``transaction.on_commit`` callbacks when a service's transaction commits.

    A test with the ``db`` fixture runs inside a transaction that is rolled back at its end, so
    its commit never comes and events and tasks queued on commit would never run. Here, as in
    production, a callback runs when the outermost atomic block opened by the code under test
    commits (or at once outside any block), and never if that block rolls back.
    """
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        yield
        return
    request.getfixturevalue("db")
    connection = connections["default"]
    if not connection.in_atomic_block:  # transactional_db: real commits, nothing to do
        yield
        return
    base = len(connection.savepoint_ids)
    original_on_commit = connection.on_commit
    original_savepoint_commit = connection.savepoint_commit

    def run_pending() -> None:
        while connection.run_on_commit and len(connection.savepoint_ids) == base:
            _, callback, robust = connection.run_on_commit.pop(0)
            try:
                callback()
            except Exception:
                if not robust:
                    raise

    def on_commit(func, robust=False):  # type: ignore[no-untyped-def]
        original_on_commit(func, robust)
        run_pending()

    def savepoint_commit(sid):  # type: ignore[no-untyped-def]
        original_savepoint_commit(sid)
        run_pending()

    connection.on_commit = on_commit  # type: ignore[method-assign]
    connection.savepoint_commit = savepoint_commit  # type: ignore[method-assign]
    try:
        yield
    finally:
        del connection.on_commit
        del connection.savepoint_commit


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


# Folders whose tests schedule, remind or count relative to "now": CI runs them a second time
# with the clock at another, odd instant.
TIME_SENSITIVE = ("activities", "execution", "feedback", "members", "live", "demo", "breakouts")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = config.rootpath / "tests"
    for item in items:
        parts = item.path.relative_to(root).parts if item.path.is_relative_to(root) else ()
        if parts and parts[0] in TIME_SENSITIVE:
            item.add_marker(pytest.mark.time_sensitive)


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
