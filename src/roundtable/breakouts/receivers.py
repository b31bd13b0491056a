"""How breakouts react to activity events (connected in ``BreakoutsConfig.ready``)."""

from typing import Any

from roundtable.activities.models import Activity
from roundtable.breakouts.services import encounters_record


def record_encounters_when_done(*, activity_id: int, **_: Any) -> None:
    """Who shared a breakout room is stored once the activity is done, so profiles count people
    met and the evaluation counts new connections."""
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is not None:
        encounters_record(activity=activity)
