"""Reads for imports and exports: recent jobs, their progress, and the rows of an export."""

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet

from roundtable.communities.models import Community
from roundtable.domain.member_rows import EXPORT_HEADERS
from roundtable.domain.places import country_name
from roundtable.domain.tabular import csv_lines, table_write_csv, table_write_xlsx
from roundtable.imports.models import ImportJob
from roundtable.members.models import Member
from roundtable.needs.models import Need

EXPORT_FORMATS = ("csv", "xlsx")
MEMBER_COLUMNS = (
    "full_name",
    "email",
    "organisation",
    "country",
    "timezone",
    "languages",
    "role",
    "expertise",
    "interests",
    "joined_on",
    "bio",
    "other_emails",
)
NEED_HEADERS = [
    EXPORT_HEADERS["email"],
    EXPORT_HEADERS["full_name"],
    EXPORT_HEADERS["need"],
    EXPORT_HEADERS["need_urgency"],
    "Need status",
    "Need tags",
    "Need source",
    "Need created",
]


def import_jobs_recent(*, community: Community, limit: int = 10) -> QuerySet[ImportJob]:
    """The community's latest import jobs, newest first, with who started them."""
    return ImportJob.objects.filter(community=community).select_related("created_by")[:limit]


def import_job_progress(*, job: ImportJob) -> tuple[int, int]:
    """(processed, total) rows of a job; total is 0 while the first pass has not counted them.

    A running job writes its progress to a file beside the upload (see
    ``services.import_job_progress_write``); a finished job has it in its own fields.
    """
    if job.status in RUNNING:
        try:
            data = json.loads(Path(f"{job.stored_path}.progress").read_text())
            return int(data["processed"]), int(data["total"])
        except (OSError, ValueError, KeyError):
            return 0, 0
    return job.processed_rows, job.total_rows


RUNNING = (ImportJob.Status.VALIDATING, ImportJob.Status.APPLYING)
MEMBER_CHOICES_MAX = 200  # past this, only the proposed names are offered for each person


def conversation_member_choices(*, community: Community) -> list[tuple[int, str]]:
    """Every active member (id, name) to choose from for a person of a conversations preview,
    or none in a community of more than MEMBER_CHOICES_MAX (one query either way)."""
    choices = list(
        Member.objects.active()
        .filter(community=community)
        .order_by("full_name", "pk")
        .values_list("pk", "full_name")[: MEMBER_CHOICES_MAX + 1]
    )
    return choices if len(choices) <= MEMBER_CHOICES_MAX else []


def import_jobs_running() -> QuerySet[ImportJob]:
    """Every job whose check or import is queued or under way, of every community."""
    return ImportJob.objects.filter(status__in=RUNNING)


def import_job_last_progress(*, job: ImportJob) -> datetime | None:
    """When the job's run last showed progress: the last write of its progress file, which a
    run writes as it starts and every thousand rows or so. None when no run is under way (the
    job is still waiting in the queue, or finished)."""
    try:
        written = Path(f"{job.stored_path}.progress").stat().st_mtime
    except OSError:
        return None
    return datetime.fromtimestamp(written, tz=UTC)


def import_job_stalled(*, job: ImportJob, now: datetime) -> bool:
    """Whether a running job has shown no progress for IMPORT_STALE_MINUTES: its worker died.
    A job still waiting in the queue has not stalled (its task runs when a worker takes it).
    Reads only: the job page shows it; the cleanup marks such a job failed."""
    if job.status not in RUNNING:
        return False
    last = import_job_last_progress(job=job)
    return last is not None and now - last > timedelta(minutes=settings.IMPORT_STALE_MINUTES)


def _tag_cell(tags: list[str]) -> str:
    return ", ".join(sorted(tags))


def member_export_rows(*, community: Community) -> Iterator[list[str]]:
    """The header, then one row per active member, with headers the importer reads back."""
    yield [EXPORT_HEADERS[c] for c in MEMBER_COLUMNS]
    members = (
        Member.objects.active()
        .filter(community=community)
        .prefetch_related("expertise", "interests", "other_emails")
        .order_by("full_name", "id")
    )
    for member in members.iterator(chunk_size=2000):
        yield [
            member.full_name,
            member.email or "",
            member.organisation,
            country_name(member.country) if member.country else "",
            member.timezone,
            member.languages,
            member.role,
            _tag_cell([t.name for t in member.expertise.all()]),
            _tag_cell([t.name for t in member.interests.all()]),
            member.joined_on.isoformat(),
            member.bio,
            "; ".join(e.email for e in member.other_emails.all()),
        ]


def need_export_rows(*, community: Community) -> Iterator[list[str]]:
    """The header, then one row per need of an active member (re-importable as members' needs)."""
    yield list(NEED_HEADERS)
    needs = (
        Need.objects.filter(
            community=community,
            member__archived_at__isnull=True,
            member__anonymised_at__isnull=True,
        )
        .select_related("member")
        .prefetch_related("tags")
        .order_by("member__full_name", "member_id", "-created_at")
    )
    for need in needs.iterator(chunk_size=2000):
        yield [
            need.member.email or "",
            need.member.full_name,
            need.text,
            need.get_urgency_display(),
            need.get_status_display(),
            _tag_cell([t.name for t in need.tags.all()]),
            need.get_source_display(),
            need.created_at.date().isoformat(),
        ]


def export_csv_lines(rows: Iterator[list[str]]) -> Iterator[str]:
    """CSV text line by line (for streaming), formulas neutralised."""
    return csv_lines(rows)


def export_bytes(*, rows: Iterator[list[str]], file_format: str, title: str) -> bytes:
    """The whole export as bytes: UTF-8 CSV with a BOM (Excel reads it right) or XLSX."""
    if file_format == "xlsx":
        buffer = io.BytesIO()
        table_write_xlsx(rows, buffer, title=title)
        return buffer.getvalue()
    text = io.StringIO()
    table_write_csv(rows, text)
    return ("\ufeff" + text.getvalue()).encode("utf-8")
