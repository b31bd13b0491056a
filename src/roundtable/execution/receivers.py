"""How execution reacts to activity events (connected in ``ExecutionConfig.ready``)."""

from datetime import datetime
from typing import Any

from django.utils import timezone

from roundtable.activities.models import Activity
from roundtable.execution.services import checklist_generate, checklist_reminders_reschedule


def generate_checklist_when_created(*, activity_id: int, **_: Any) -> None:
    """An upcoming activity gets its format's checklist as soon as it exists, so the team finds
    it ready and its reminders scheduled. An activity created after the fact (a past edition
    entered for the record) gets one only when someone asks ("Generate from the format")."""
    activity = Activity.objects.filter(pk=activity_id).select_related("community").first()
    if activity is None or not activity.format or activity.starts_at <= timezone.now():
        return
    checklist_generate(activity=activity)


def reschedule_reminders_when_moved(
    *, activity_id: int, previous_start: datetime, **_: Any
) -> None:
    """Due times are offsets from the start, so moving the activity moves them: its reminders
    are scheduled again at the new times."""
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is not None:
        checklist_reminders_reschedule(activity=activity)
