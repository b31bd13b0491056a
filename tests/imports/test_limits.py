"""Hostile uploads: limits named on the job page, small pages, the job ceiling, stalled jobs."""

import io
import os
from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from roundtable.imports import services
from roundtable.imports.models import ImportJob
from roundtable.members.models import Member

GOOD = b"Name,Email\nAna Lima,ana@example.org\nBo Chen,bo@example.org\n"


def _upload(client, content: bytes, name: str = "members.csv"):
    data = {"file": SimpleUploadedFile(name, content, content_type="text/csv")}
    return client.post(reverse("import_start", args=["alpha"]), data, follow=True)


def _page(client, job: ImportJob) -> str:
    response = client.get(reverse("import_job", args=["alpha", job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _worker_died(job: ImportJob, status: str) -> None:
    """The worker took the job, wrote its first progress, and died: the job stays running."""
    ImportJob.objects.filter(pk=job.pk).update(status=status)
    job.refresh_from_db()
    services.import_job_progress_write(job=job, processed=0, total=0)
    written = timezone.now().timestamp()  # the suite's clock, not the file system's
    os.utime(f"{job.stored_path}.progress", (written, written))


def _cleanup() -> str:
    out = io.StringIO()
    call_command("import_cleanup", stdout=out)
    return out.getvalue()


def test_a_file_over_a_limit_is_refused_naming_the_limit_and_the_file(
    manager_client, community, settings
) -> None:
    settings.IMPORT_MAX_ROWS = 1
    html = _upload(manager_client, GOOD, "big list.csv").content.decode()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert job.report["file_error"] == (
        "“big list.csv”: Line 3: the file has more than 1 rows; at most 1 are accepted. "
        "Split it into smaller files."
    )
    assert "at most 1 are accepted" in html
    assert not Path(job.stored_path).exists()


def test_the_page_of_a_hostile_file_stays_small(manager_client, community) -> None:
    # 200 long unknown columns and 5,000 rows, each with long invalid values.
    headers = ["Name", "Email"] + [f"{n} " + "h" * 990 for n in range(198)]
    lines = [",".join(headers)]
    lines += [f"{'n' * 2000},{'bad' * 1000}" + ",x" * 198 for _ in range(5000)]
    content = ("\n".join(lines) + "\n").encode()
    assert len(content) > 25_000_000

    response = _upload(manager_client, content)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert job.report["error_count"] >= 5000
    assert len(job.report["errors"]) == services.MAX_ERRORS_STORED
    html = response.content.decode()
    assert len(response.content) < 100_000
    assert f"And {job.report['error_count'] - 200:,} more errors not shown" in html
    assert "and 178 more" in html  # ignored columns: the first 20 are named
    assert len(_page(manager_client, job).encode()) < 100_000


def test_a_job_past_its_time_ceiling_is_failed_and_writes_nothing(
    manager_client, community, settings
) -> None:
    _upload(manager_client, GOOD)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALIDATED

    settings.IMPORT_JOB_SECONDS = 0
    manager_client.post(reverse("import_confirm", args=["alpha", job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.report["file_error"].startswith(
        "This import was stopped: it ran for 0 seconds, past the ceiling of 0 seconds a job may "
        "run. Nothing was written."
    )
    assert not Member.objects.exists()
    assert Path(job.stored_path).exists()  # kept for a retry
    html = _page(manager_client, job)
    assert "This import failed" in html and "Try again" in html

    settings.IMPORT_JOB_SECONDS = 300
    manager_client.post(reverse("import_retry", args=["alpha", job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE  # the import itself ran again, not only the check
    assert Member.objects.filter(community=community).count() == 2


def test_a_job_past_its_memory_ceiling_is_failed(manager_client, community, settings) -> None:
    settings.IMPORT_JOB_MEMORY_MB = 0
    _upload(manager_client, GOOD)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "past the ceiling of 0 MB a job may take" in job.report["file_error"]
    assert job.report["failed_step"] == "validate"


def test_a_stalled_job_is_shown_then_failed_by_cleanup_and_retried(
    manager_client, community, clock
) -> None:
    _upload(manager_client, GOOD)
    job = ImportJob.objects.get()
    _worker_died(job, ImportJob.Status.APPLYING)

    clock.shift(timedelta(minutes=10))
    assert "Stalled" not in _page(manager_client, job)
    assert _cleanup().startswith("0 import(s) abandoned")

    clock.shift(timedelta(minutes=6))
    html = _page(manager_client, job)  # a read: shows it, changes nothing
    assert "Stalled" in html and "Try again" in html
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLYING

    assert _cleanup().startswith("1 stalled import(s) marked failed (no progress for 15 min)")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.report["stalled"] and "Nothing was written" in job.report["file_error"]
    assert Path(job.stored_path).exists()

    response = manager_client.post(reverse("import_retry", args=["alpha", job.pk]), follow=True)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.attempt == 2  # the try the check and the import that died ran in, then the retry
    assert "2 new members" in response.content.decode()
    assert not Path(job.stored_path).exists()  # applied: deleted as usual


def test_a_stalled_job_can_be_retried_from_its_page_before_cleanup(
    manager_client, community, clock
) -> None:
    _upload(manager_client, GOOD)
    job = ImportJob.objects.get()
    _worker_died(job, ImportJob.Status.VALIDATING)
    clock.shift(timedelta(minutes=16))
    manager_client.post(reverse("import_retry", args=["alpha", job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATED


def test_a_job_waiting_in_the_queue_has_not_stalled(manager_client, community, clock) -> None:
    _upload(manager_client, GOOD)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATING)
    clock.shift(timedelta(hours=2))  # no worker took it yet: no run, so no progress file
    html = _page(manager_client, job)
    assert "Stalled" not in html and "Starting…" in html
    assert _cleanup().startswith("0 import(s) abandoned")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATING


def test_only_failed_or_stalled_jobs_are_retried(manager_client, community) -> None:
    _upload(manager_client, GOOD)
    job = ImportJob.objects.get()
    response = manager_client.post(reverse("import_retry", args=["alpha", job.pk]), follow=True)
    assert "only a failed import can be tried again" in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.attempt) == (ImportJob.Status.VALIDATED, 1)
    assert manager_client.get(reverse("import_retry", args=["alpha", job.pk])).status_code == 405


def test_a_task_left_from_an_earlier_try_does_nothing(manager_client, community) -> None:
    _upload(manager_client, GOOD)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.APPLYING, attempt=3)
    services.import_job_apply(job_id=job.pk, attempt=2)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLYING
    assert not Member.objects.exists()
    services.import_job_apply(job_id=job.pk, attempt=3)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE


def test_import_tasks_run_in_their_own_queue() -> None:
    from roundtable.imports import tasks

    assert tasks.import_validate_task.queue_name == "imports"
    assert tasks.import_apply_task.queue_name == "imports"
