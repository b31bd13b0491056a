"""How long an import keeps its uploaded file and preview, and what a person's deletion removes.

- An applied import's file is deleted as the import finishes, and its stored preview (the first
  rows, with names and e-mails) is dropped: the job keeps its counts and row errors.
- A file that failed its check is deleted at once: it can never be applied (the manager fixes it
  and uploads it again); its report stays until the job is abandoned.
- A job not applied within ``IMPORT_ABANDON_HOURS`` of its upload is abandoned by
  ``imports_cleanup`` (the ``roundtable import_cleanup`` command, hourly from cron): its file and
  preview go. Files under IMPORT_DIR that no job names, older than that, go too.
- A job whose run has made no progress for ``IMPORT_STALE_MINUTES`` (its worker died) is marked
  failed by ``imports_cleanup``; its file stays, so that it can be tried again, until the job is
  abandoned like any other.
- When a member is deleted, their name and e-mail are replaced in every job's report, and a
  job waiting to be applied whose file holds them is abandoned at once (applying it would create
  them again).

Files are deleted once the transaction commits, so a rolled-back erasure keeps them.
"""

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from roundtable.domain.erasure import mentions, scrub
from roundtable.domain.table_archives import archive_mentions, is_archive
from roundtable.domain.tabular import TableError, table_open
from roundtable.imports import events
from roundtable.imports.limits import table_limits
from roundtable.imports.models import ImportJob
from roundtable.imports.selectors import import_job_stalled, import_jobs_running

logger = logging.getLogger(__name__)

ABANDONED_MESSAGE = (
    "This file was not imported within {hours} hours of its upload, so it was deleted. "
    "Upload it again to import it."
)
ERASED_MESSAGE = (
    "This file held the data of a person whose data was deleted, so it was deleted before it "
    "was imported. Upload it again without them to import it."
)
STALLED_MESSAGE = (
    "This import stopped making progress for more than {minutes} minutes (the background worker "
    "running it was probably restarted). Nothing was written. Press “Try again” to run it again."
)


FINISHED = (ImportJob.Status.DONE, ImportJob.Status.ABANDONED)
# Jobs whose file may still be applied (a failed one may be retried).
WAITING = (
    ImportJob.Status.UPLOADED,
    ImportJob.Status.VALIDATED,
    ImportJob.Status.INVALID,
    ImportJob.Status.FAILED,
)


def _files_of(job: ImportJob) -> list[Path]:
    if not job.stored_path:
        return []
    stored = Path(job.stored_path)
    return [stored, Path(f"{stored}.progress"), Path(f"{stored}.progress").with_suffix(".tmp")]


def import_job_files_delete(*, job: ImportJob) -> None:
    """Delete the job's uploaded file (and its progress file) once the transaction commits."""
    paths = _files_of(job)

    def delete() -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    transaction.on_commit(delete)


def import_job_progress_delete(*, job: ImportJob) -> None:
    """Delete the job's progress file (its run is over) once the transaction commits."""
    paths = _files_of(job)[1:]

    def delete() -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    transaction.on_commit(delete)


def import_job_fail_stalled(*, job: ImportJob, now: datetime) -> None:
    """Mark failed a job whose run stopped making progress (its worker died); nothing of it was
    written (a run writes in one transaction). Its file stays for a retry, under the usual
    retention (``IMPORT_ABANDON_HOURS``)."""
    step = "apply" if job.status == ImportJob.Status.APPLYING else "validate"
    job.status = ImportJob.Status.FAILED
    job.report = {
        "file_error": STALLED_MESSAGE.format(minutes=settings.IMPORT_STALE_MINUTES),
        "failed_step": step,
        "stalled": True,
    }
    job.finished_at = now
    job.save(update_fields=["status", "report", "finished_at"])
    import_job_progress_delete(job=job)


def import_job_finished(*, job: ImportJob) -> None:
    """Called as a run ends, before the job is saved: an applied job loses its file and its
    preview; a refused one (``invalid``) loses its file."""
    if job.status == ImportJob.Status.DONE:
        job.report = {**job.report, "preview": []}
        import_job_files_delete(job=job)
    elif job.status == ImportJob.Status.INVALID:
        import_job_files_delete(job=job)


def _abandon(job: ImportJob, message: str, now: datetime) -> None:
    job.status = ImportJob.Status.ABANDONED
    job.report = {**job.report, "preview": [], "file_error": message}
    job.finished_at = job.finished_at or now
    job.save(update_fields=["status", "report", "finished_at"])
    import_job_files_delete(job=job)


@transaction.atomic
def imports_cleanup(*, now: datetime | None = None) -> dict[str, int]:
    """Mark failed the running jobs that have stalled (``IMPORT_STALE_MINUTES`` without
    progress), abandon the jobs not applied within ``IMPORT_ABANDON_HOURS`` of their upload,
    drop the previews of applied jobs, and delete the files under IMPORT_DIR that no job still
    waiting names (those younger than the limit are left alone: an upload may be arriving).
    Returns the counts ``{"stalled": jobs, "abandoned": jobs, "files": files}``. Safe to run at
    any time, and again.
    """
    now = now or timezone.now()
    stalled = 0
    for job in import_jobs_running():
        if import_job_stalled(job=job, now=now):
            import_job_fail_stalled(job=job, now=now)
            stalled += 1
    hours = settings.IMPORT_ABANDON_HOURS
    cutoff = now - timedelta(hours=hours)
    stale = ImportJob.objects.filter(
        status__in=[*WAITING, ImportJob.Status.VALIDATING], created_at__lt=cutoff
    )
    abandoned = 0
    for job in stale:
        _abandon(job, ABANDONED_MESSAGE.format(hours=hours), now)
        abandoned += 1
    for job in ImportJob.objects.filter(status=ImportJob.Status.DONE).exclude(report__preview=[]):
        job.report = {**job.report, "preview": []}
        job.save(update_fields=["report"])
    jobs = ImportJob.objects.values_list("stored_path", "status")
    waiting = {str(Path(p).resolve()) for p, status in jobs if status not in FINISHED}
    finished = {str(Path(p).resolve()) for p, status in jobs if status in FINISHED}
    doomed = []
    folder = Path(settings.IMPORT_DIR)
    for path in folder.rglob("*") if folder.is_dir() else []:
        if not path.is_file():
            continue
        resolved = str(path.resolve())
        stored = {resolved, resolved.removesuffix(".progress"), resolved.removesuffix(".tmp")}
        if stored & waiting:
            continue
        modified = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        if stored & finished or modified < cutoff:
            doomed.append(path)

    def delete() -> None:
        for path in doomed:
            path.unlink(missing_ok=True)

    transaction.on_commit(delete)
    counts = {"stalled": stalled, "abandoned": abandoned, "files": len(doomed)}
    for _, answer in events.cleanup_due.send(sender=ImportJob, now=now, cutoff=cutoff):
        counts.update(cast(dict[str, int], answer))
    return counts


def _file_mentions(path: str, words: list[str]) -> bool:
    """Whether a cell of the uploaded table holds one of ``words`` (any case); for an archive
    (Mailchimp's ZIP, a .csv.gz), whether any of its files does. An unreadable file counts as
    holding them: it cannot be checked, so it is not kept."""
    try:
        if is_archive(Path(path)):  # a ZIP or .csv.gz export: every file in it
            return archive_mentions(Path(path), words, table_limits())
        return _table_mentions(Path(path), words)
    except FileNotFoundError:
        return False
    except (TableError, OSError, ValueError):
        return Path(path).exists()


def _table_mentions(path: Path, words: list[str]) -> bool:
    info, rows = table_open(path, table_limits())
    if mentions(info.headers, words):
        return True
    return any(mentions(list(cells.values()), words) for _, cells in rows)


def erase_from_import_jobs(
    *,
    community_id: int,
    name: str,
    email: str,
    label: str,
    other_emails: list[str] | tuple[str, ...] = (),
    **_: Any,
) -> None:
    """A deleted member's name and e-mail leave every import report of the community (they
    become the member's label); a job waiting to be applied whose file holds them is abandoned
    and its file deleted. A job being applied at that moment is left to finish (documented)."""
    words = [w for w in (name, email, *other_emails) if w and w.strip()]
    if not words:
        return
    now = timezone.now()
    for job in ImportJob.objects.filter(community_id=community_id):
        if job.status in WAITING and _file_mentions(job.stored_path, words):
            job.report = scrub(job.report, words, label)
            _abandon(job, ERASED_MESSAGE, now)
        elif mentions([job.report, job.original_name], words):
            job.report = scrub(job.report, words, label)
            job.original_name = scrub(job.original_name, words, label)
            job.save(update_fields=["report", "original_name"])
