"""Fixtures for the live tests.

``channels.testing`` imports Daphne (for a live-server test case we do not use: our server is
uvicorn), so daphne is a development dependency.
"""

import pytest

from roundtable.live import services
from roundtable.live.models import LiveSession, Participant
from tests.factories import ActivityFactory


@pytest.fixture
def activity(community):
    return ActivityFactory(community=community, title="Leak detection clinic")


@pytest.fixture
def session(activity) -> LiveSession:
    return services.session_open(activity=activity)


@pytest.fixture
def alice(session) -> Participant:
    return services.participant_join(session=session, name="Alice")


@pytest.fixture
def bob(session) -> Participant:
    return services.participant_join(session=session)
