"""Reading activities."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from roundtable.activities.selectors import activity_get
from tests.factories import ActivityFactory


def test_an_activity_read_in_its_community_carries_that_community(community):
    activity = ActivityFactory(community=community)

    with CaptureQueriesContext(connection) as queries:
        found = activity_get(community=community, activity_id=activity.pk)
        assert found.community.slug == community.slug

    assert len(queries.captured_queries) == 1
