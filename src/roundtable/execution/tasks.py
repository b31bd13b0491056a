"""Background work of execution. Tasks take ids, never objects, and call one service."""

from django_tasks import task

# Module imports, not names: the services import this module to queue its tasks.
from roundtable.execution import invitations, services


@task()
def checklist_reminder_task(item_id: int) -> bool:
    """Remind the item's owner if it is due now (the item may have changed since enqueued)."""
    return services.checklist_reminder_send(item_id=item_id)


@task()
def invitation_batch_task(batch_id: int) -> None:
    """Send the invitations of one batch (the "invite the audience" button)."""
    invitations.invitation_batch_run(batch_id=batch_id)
