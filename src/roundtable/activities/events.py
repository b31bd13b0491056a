"""What happens to an activity, told to the apps that react to it.

The activities app knows nothing of checklists, breakouts, feedback or attendance. Its services
send these events after their transaction commits (``roundtable.after_commit.send_on_commit``);
each app that reacts connects a receiver in its own ``AppConfig.ready()``. Payloads are ids and
plain values, never model instances: a receiver reads what it needs, fresh.

| event | sent by | payload |
| --- | --- | --- |
| ``activity_created`` | ``activity_create`` (also for a next edition) | ``activity_id`` |
| ``activity_scheduled`` | a service that moves the start or the series | ``activity_id``, |
| | | ``previous_start`` |
| ``activity_done`` | ``activity_status_set`` to done | ``activity_id`` |
| ``edition_created`` | ``activity_next_edition`` | ``activity_id``, ``previous_id`` |
| ``members_joined_live`` | ``live_session_close`` | ``activity_id``, ``member_ids``, |
| | | ``when`` (ISO time the session opened) |

See docs/architecture.md, "How to react to an activity change".
"""

import functools
from collections.abc import Callable
from typing import Any

from django.dispatch import Signal

from roundtable.activities.models import Activity

activity_created = Signal()
activity_scheduled = Signal()
activity_done = Signal()
edition_created = Signal()
members_joined_live = Signal()


def with_activity(receiver: Callable[[Activity], None]) -> Callable[..., None]:
    """Turn ``receiver(activity)`` into a receiver of these events: the activity is read fresh by
    its id (with its community), and an event about an activity deleted meanwhile is ignored."""

    @functools.wraps(receiver)
    def receive(*, activity_id: int, **_: Any) -> None:
        activity = Activity.objects.filter(pk=activity_id).select_related("community").first()
        if activity is not None:
            receiver(activity)

    del receive.__wrapped__  # type: ignore[attr-defined]  # Django checks it takes **kwargs
    return receive
