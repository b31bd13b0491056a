"""Fixtures for the live tests.

``channels.testing`` imports Daphne for its live-server test case, which we do not use (our
server is uvicorn); when Daphne is not installed, a stand-in lets ``WebsocketCommunicator``
import. Installing daphne as a test dependency would make this unnecessary.
"""

import importlib.util
import sys
import types

import pytest

from roundtable.live import services
from roundtable.live.models import LiveSession, Participant
from tests.factories import ActivityFactory

if importlib.util.find_spec("daphne") is None:
    daphne = types.ModuleType("daphne")
    daphne_testing = types.ModuleType("daphne.testing")
    daphne_testing.DaphneProcess = object  # type: ignore[attr-defined]
    daphne.testing = daphne_testing  # type: ignore[attr-defined]
    sys.modules["daphne"], sys.modules["daphne.testing"] = daphne, daphne_testing


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
