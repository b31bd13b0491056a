"""When an activity's start moves, its checklist's due times move with it (they are offsets), so
the reminders are scheduled again. The activities app knows nothing of checklists; it saves the
activity and this listens."""

from typing import Any

from django.db import transaction

from roundtable.activities.models import Activity


def remember_start(sender: type[Activity], instance: Activity, **kwargs: Any) -> None:
    if instance.pk is None or kwargs.get("raw"):
        return
    fields = kwargs.get("update_fields")
    if fields is not None and "starts_at" not in fields:
        return
    instance._execution_previous_start = (  # type: ignore[attr-defined]
        Activity.objects.filter(pk=instance.pk).values_list("starts_at", flat=True).first()
    )


def reschedule_when_moved(sender: type[Activity], instance: Activity, **kwargs: Any) -> None:
    from roundtable.execution.services import checklist_reminders_reschedule

    previous = getattr(instance, "_execution_previous_start", None)
    if previous is None or previous == instance.starts_at:
        return
    instance._execution_previous_start = instance.starts_at  # type: ignore[attr-defined]
    transaction.on_commit(lambda: checklist_reminders_reschedule(activity=instance))
