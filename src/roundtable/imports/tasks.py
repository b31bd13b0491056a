"""Background work of imports. Tasks take a job's id, never objects, and call one service."""

from django_tasks import task

# A module import, not names: the services import this module to queue its tasks.
from roundtable.imports import services

# Imports run in their own queue: a worker given to it keeps one community's long import from
# holding up the reminders and invitations of others (docs/import-export.md, "Limits").
IMPORTS_QUEUE = "imports"


@task(queue_name=IMPORTS_QUEUE)
def import_validate_task(job_id: int, attempt: int | None = None) -> None:
    """Check an uploaded file (a dry run) so that the preview page can show the report.
    ``attempt`` is the try the task was queued for; a task left from an earlier one does nothing."""
    services.import_job_validate(job_id=job_id, attempt=attempt)


@task(queue_name=IMPORTS_QUEUE)
def import_apply_task(job_id: int, attempt: int | None = None) -> None:
    """Import a checked and confirmed file (``attempt``: as for the check)."""
    services.import_job_apply(job_id=job_id, attempt=attempt)


@task(queue_name=IMPORTS_QUEUE)
def import_cleanup_task() -> None:
    """Mark stalled jobs failed, abandon the uploads not imported in time and delete their files
    (queued at each upload, to run once its time is up; ``roundtable import_cleanup`` does the
    same from cron)."""
    from roundtable.imports import retention

    retention.imports_cleanup()
