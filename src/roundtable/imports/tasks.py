"""Background work of imports. Tasks take a job's id, never objects, and call one service."""

from django_tasks import task

# A module import, not names: the services import this module to queue its tasks.
from roundtable.imports import services


@task()
def import_validate_task(job_id: int) -> None:
    """Check an uploaded file (a dry run) so that the preview page can show the report."""
    services.import_job_validate(job_id=job_id)


@task()
def import_apply_task(job_id: int) -> None:
    """Import a checked and confirmed file."""
    services.import_job_apply(job_id=job_id)


@task()
def import_cleanup_task() -> None:
    """Abandon the uploads not imported in time and delete their files (queued at each upload,
    to run once its time is up; ``roundtable import_cleanup`` does the same from cron)."""
    from roundtable.imports import retention

    retention.imports_cleanup()
