"""Background work of execution. Tasks take ids, never objects, and call one service."""

from django_tasks import task

from roundtable.execution.invitations import invitation_batch_run
from roundtable.execution.services import checklist_reminder_send


@task()
def checklist_reminder_task(item_id: int) -> bool:
    """Remind the item's owner if it is due now (the item may have changed since enqueued)."""
    return checklist_reminder_send(item_id=item_id)


@task()
def invitation_batch_task(batch_id: int) -> None:
    """Send the invitations of one batch (the "invite the audience" button)."""
    invitation_batch_run(batch_id=batch_id)
