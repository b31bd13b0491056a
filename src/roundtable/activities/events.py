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

See docs/architecture.md, "How to react to an activity change".
"""

from django.dispatch import Signal

activity_created = Signal()
activity_scheduled = Signal()
activity_done = Signal()
edition_created = Signal()
