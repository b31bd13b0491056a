"""A GET never writes: every community page, opened by each role, runs no INSERT, UPDATE or
DELETE. Work that a page used to do on the way (carrying decisions into an edition, generating a
checklist, creating a feedback form) happens when the thing it depends on changes, in a service.

One table is a cache, not a record: an insights page stores the figures it computed
(``insights.InsightSnapshot``, see docs/insights.md, "Precomputed figures") so that the next
visitor reads them. Writing there changes nothing anybody entered, so it is allowed.
"""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection

from roundtable.activities.models import Activity, Series
from roundtable.communities.access import FACILITATOR, MANAGER, MEMBER, PUBLIC
from roundtable.execution.models import ChecklistItem
from roundtable.feedback.models import Decision
from tests.communities.test_isolation import ALL_URLS, objects_of, url_for
from tests.factories import ActivityFactory

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
CACHE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM) "?insights_insightsnapshot"?\s', re.I)
SEES = {
    "manager": (PUBLIC, MEMBER, FACILITATOR, MANAGER),
    "facilitator": (PUBLIC, MEMBER, FACILITATOR),
    "member": (PUBLIC, MEMBER),
    "anonymous": (PUBLIC,),
}


class WroteOnRead(AssertionError):
    pass


@contextmanager
def no_writes() -> Iterator[list[str]]:
    writes: list[str] = []

    def refuse(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if WRITE.match(sql) and not CACHE.match(sql):
            writes.append(sql)
            raise WroteOnRead(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield writes


@pytest.mark.parametrize("role", list(SEES))
def test_no_page_writes_when_it_is_read(
    role, community, manager_client, facilitator_client, member_client, client
) -> None:
    clients = {
        "manager": manager_client,
        "facilitator": facilitator_client,
        "member": member_client,
        "anonymous": client,
    }
    objects = objects_of(community)
    _an_edition_with_decisions_waiting(objects)
    viewer = clients[role]
    offenders = {}
    for entry in ALL_URLS:
        if entry.role not in SEES[role]:
            continue
        url = url_for(entry, community, objects)
        with no_writes() as writes, suppress(WroteOnRead):
            viewer.get(url)
        if writes:
            offenders[entry.name] = writes[0][:120]
    assert not offenders, "\n".join(f"{name}: {sql}" for name, sql in offenders.items())


def _an_edition_with_decisions_waiting(objects: dict[str, Any]) -> None:
    """Make the activity the next edition of a series whose earlier edition left a decision
    waiting to be carried and a carried one whose checklist item is ticked off: what pages used
    to settle while showing the activity."""
    activity = Activity.objects.get(pk=objects["activity_id"])
    activity.series = Series.objects.get(pk=objects["series_id"])
    activity.save(update_fields=["series"])
    earlier = ActivityFactory(
        community=activity.community,
        series=activity.series,
        starts_at=activity.starts_at - timedelta(days=30),
    )
    Decision.objects.create(origin=earlier, text="Start on time")
    item = ChecklistItem.objects.create(
        activity=activity, title="Book a room", due_offset=timedelta(days=-7)
    )
    item.done_at = item.created_at
    item.save(update_fields=["done_at"])
    Decision.objects.create(
        origin=earlier, text="Book a room", carry_as="checklist", carried_to=activity,
        checklist_item_id=item.pk,
    )  # fmt: skip
