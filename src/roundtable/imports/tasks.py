"""Background work of imports. Tasks take a job's id, never objects, and call one service."""

from django_tasks import task

from roundtable.imports.services import import_job_apply, import_job_validate


@task()
def import_validate_task(job_id: int) -> None:
    """Check an uploaded file (a dry run) so that the preview page can show the report."""
    import_job_validate(job_id=job_id)


@task()
def import_apply_task(job_id: int) -> None:
    """Import a checked and confirmed file."""
    import_job_apply(job_id=job_id)
