"""Uploaded import files are kept only while they may still be imported."""

import io
import os
from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from roundtable.imports.models import ImportJob

GOOD = b"Name,Email\nAna Lima,ana@example.org\n"
BAD = b"Name,Email\nAna Lima,ana@\n"


def _upload(client, content: bytes) -> ImportJob:
    data = {"file": SimpleUploadedFile("members.csv", content, content_type="text/csv")}
    client.post(reverse("import_start", args=["alpha"]), data)
    return ImportJob.objects.latest("pk")


def _cleanup() -> str:
    out = io.StringIO()
    call_command("import_cleanup", stdout=out)
    return out.getvalue()


def test_a_refused_file_is_deleted_at_once_and_its_report_kept(
    manager_client, community, import_dir
) -> None:
    job = _upload(manager_client, BAD)
    assert job.status == ImportJob.Status.INVALID
    assert not Path(job.stored_path).exists()
    assert job.report["errors"]


def test_waiting_files_stay_until_abandoned(manager_client, community, import_dir, clock) -> None:
    job = _upload(manager_client, GOOD)
    clock.shift(timedelta(hours=23))
    assert _cleanup().startswith("0 import(s) abandoned")
    assert Path(job.stored_path).exists()
    clock.shift(timedelta(hours=2))
    assert _cleanup() == "1 import(s) abandoned (older than 24 h), 1 file(s) deleted.\n"
    job.refresh_from_db()
    assert job.status == ImportJob.Status.ABANDONED and job.report["preview"] == []
    assert not Path(job.stored_path).exists()
    response = manager_client.post(reverse("import_confirm", args=["alpha", job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.ABANDONED  # cannot be imported any more
    assert response.status_code in (200, 302)


def test_the_abandon_time_is_a_setting(
    manager_client, community, import_dir, clock, settings
) -> None:
    settings.IMPORT_ABANDON_HOURS = 1
    job = _upload(manager_client, GOOD)
    clock.shift(timedelta(hours=2))
    _cleanup()
    assert not Path(job.stored_path).exists()


def _touch(path: Path, age: timedelta) -> None:
    """Give the file a modification time ``age`` before the suite's clock."""
    stamp = (timezone.now() - age).timestamp()
    os.utime(path, (stamp, stamp))


def test_files_no_job_waits_for_go_once_old(community, import_dir) -> None:
    orphan = import_dir / "alpha" / "left-behind.csv"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(GOOD)
    _touch(orphan, timedelta(hours=1))
    _cleanup()
    assert orphan.exists()  # young: an upload may be arriving
    _touch(orphan, timedelta(hours=25))
    assert _cleanup().endswith("1 file(s) deleted.\n")
    assert not orphan.exists()


def test_a_waiting_jobs_file_is_kept_however_old(manager_client, community, import_dir) -> None:
    job = _upload(manager_client, GOOD)
    _touch(Path(job.stored_path), timedelta(days=30))
    _cleanup()
    assert Path(job.stored_path).exists()
