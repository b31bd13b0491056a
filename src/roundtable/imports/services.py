"""Importing members from a spreadsheet, and the import jobs behind the web pages.

:func:`member_import` is the one way members come in from a file (the CLI and the web both call
it). It reads the file twice, streaming: the first pass validates every row, the second writes in
batches inside one transaction. If any row is invalid and ``skip_invalid`` is false, nothing is
written at all.

Every read of an uploaded file is bounded (:mod:`roundtable.imports.limits`): a file over a limit
is refused with a message naming the limit, and a job run stops past its time or memory ceiling
and is marked failed, with nothing written. What a job stores for its page is capped as well, so
that a hostile file cannot make a page of megabytes.
"""

import json
import logging
import os
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.after_commit import enqueue_on_commit
from roundtable.communities.models import Community
from roundtable.domain.member_rows import (
    EXPORT_HEADERS,
    ColumnMapping,
    HeaderError,
    MemberRow,
    RowError,
    RowValidator,
    column_mapping,
    shorten,
)
from roundtable.domain.places import country_name
from roundtable.domain.run_ceiling import CeilingExceeded, RunCeiling
from roundtable.domain.search import search_document
from roundtable.domain.table_archives import ArchiveError, LeftOut, is_archive, unpack
from roundtable.domain.tabular import TableError, TableLimitError, table_open
from roundtable.imports import retention, tasks
from roundtable.imports.conversations import (
    IGNORE,
    NEW,
    ConversationImportError,
    ConversationReport,
    conversations_import,
)
from roundtable.imports.limits import job_ceiling, table_limits
from roundtable.imports.models import ImportJob
from roundtable.imports.selectors import import_job_stalled
from roundtable.members.models import Member, MemberEmail
from roundtable.members.selectors import directory_places_forget
from roundtable.members.services import members_update_fields, tags_get_or_create
from roundtable.needs.models import Need
from roundtable.service_error import ServiceError

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

BATCH_SIZE = 2000
PREVIEW_ROWS = 10
PROGRESS_EVERY = 1000
# What a job stores for its page, whatever the file holds: the first errors and ignored columns
# (with their counts), and every header shortened.
MAX_ERRORS_STORED = 200
MAX_IGNORED_STORED = 20
HEADER_SHOWN = 80
TEXT_FIELDS = ("full_name", "organisation", "country", "timezone", "languages", "role", "bio")
TAG_FIELDS = ("expertise", "interests")
UPLOAD_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".zip", ".gz")


class ImportFileError(ServiceError):
    """The file as a whole cannot be imported (unreadable, empty, no header...)."""


class ImportLimitError(ImportFileError):
    """The file passes one of the IMPORT_MAX_* limits; the message names the limit."""


@dataclass
class ImportReport:
    """What an import found and did. ``written`` is false for a dry run or a refused import."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    left_out: dict[str, int] = field(default_factory=dict)  # rows that are not members, by reason
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    column_mapping: list[tuple[str, str]] = field(default_factory=list)
    preview_columns: list[str] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    # When the file was an archive: the CSV read from it, and its other files, not imported.
    archive_member: str = ""
    not_imported: list[LeftOut] = field(default_factory=list)

    @property
    def invalid_rows(self) -> int:
        return len({error.line for error in self.errors})

    def summary(self) -> str:
        """One line for people: "3 rows: 2 created, 1 updated, 0 unchanged, 0 invalid"."""
        verb = "" if self.written else "would be "
        rows = f"{self.rows} row{'' if self.rows == 1 else 's'}"
        return (
            f"{rows}: {self.created} {verb}created, {self.updated} {verb}updated, "
            f"{self.unchanged} unchanged, {self.invalid_rows} invalid"
            + (f" ({self.skipped} skipped)" if self.skipped else "")
            + "".join(f"; {n} left out: {reason}" for reason, n in self.left_out.items())
            + (f"; read from {self.archive_member} in the archive" if self.archive_member else "")
            + "".join(
                f"; not imported: {e.name} ({e.rows} row{'' if e.rows == 1 else 's'}, {e.reason})"
                for e in self.not_imported
            )
        )

    def as_json(self) -> dict[str, Any]:
        """A JSON-able form for ImportJob.report, small whatever the file: at most
        MAX_ERRORS_STORED errors and MAX_IGNORED_STORED ignored columns are kept (with the
        counts of all), headers shortened to HEADER_SHOWN characters."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "left_out": self.left_out,
            "invalid_rows": self.invalid_rows,
            "error_count": len(self.errors),
            "errors": [
                {**e.as_dict(), "column": shorten(e.column, HEADER_SHOWN)}
                for e in self.errors[:MAX_ERRORS_STORED]
            ],
            "ignored_count": len(self.ignored_columns),
            "ignored_columns": [
                shorten(c, HEADER_SHOWN) for c in self.ignored_columns[:MAX_IGNORED_STORED]
            ],
            "column_mapping": [
                [shorten(header, HEADER_SHOWN), field_name]
                for header, field_name in self.column_mapping
            ],
            "preview_columns": self.preview_columns,
            "preview": self.preview,
            "dry_run": self.dry_run,
            "written": self.written,
            "archive_member": shorten(self.archive_member, HEADER_SHOWN),
            "not_imported": [
                {"name": shorten(e.name, HEADER_SHOWN), "rows": e.rows, "reason": e.reason}
                for e in self.not_imported[:MAX_IGNORED_STORED]
            ],
        }


def _file_error(error: TableError | HeaderError) -> ImportFileError:
    if isinstance(error, TableLimitError):
        return ImportLimitError(str(error))
    return ImportFileError(str(error))


def _read(path: Path) -> tuple[ColumnMapping, Iterator[tuple[int, dict[str, str]]]]:
    try:
        info, rows = table_open(path, table_limits())
        return column_mapping(info.headers), rows
    except (TableError, HeaderError) as error:
        raise _file_error(error) from None


def _rows(
    rows: Iterator[tuple[int, dict[str, str]]], ceiling: RunCeiling | None
) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        for row in rows:
            if ceiling is not None:
                ceiling.check()
            yield row
    except TableError as error:
        raise _file_error(error) from None


def _existing_members(community: Community) -> dict[str, int]:
    """Lower-cased e-mail -> id of the members an import may update (anonymised ones never):
    their main addresses and their other ones."""
    existing = dict(
        MemberEmail.objects.filter(community=community, member__anonymised_at__isnull=True)
        .values_list("email", "member_id")
        .iterator(chunk_size=10000)
    )
    existing.update(
        Member.objects.filter(community=community, anonymised_at__isnull=True, email__isnull=False)
        .annotate(email_key=Lower("email"))
        .values_list("email_key", "pk")
        .iterator(chunk_size=10000)
    )
    return existing


def _member_of(row: MemberRow, existing: dict[str, int]) -> int | None:
    """The id of the stored member the row is: the first of its addresses that one has."""
    return next((existing[a] for a in row.addresses if a in existing), None)


def _address_conflicts(
    row: MemberRow, existing: dict[str, int], mapping: ColumnMapping, names: dict[int, str]
) -> list[RowError]:
    """A row whose addresses belong to two stored members cannot be either of them."""
    owners = {existing[a] for a in row.addresses if a in existing}
    if len(owners) < 2:
        return []
    member_id = _member_of(row, existing)
    errors = []
    for address in row.other_emails:
        owner = existing.get(address)
        if owner is not None and owner != member_id:
            if owner not in names:
                names[owner] = Member.objects.get(pk=owner).full_name
            errors.append(
                RowError(
                    row.line,
                    mapping.header_for("other_emails"),
                    address,
                    f"is already the address of {names[owner]}, another member than the one "
                    f"with {next(a for a in row.addresses if existing.get(a) == member_id)}",
                )
            )
    return errors


def member_import(
    *,
    community: Community,
    path: Path | str,
    original_name: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    ceiling: RunCeiling | None = None,
) -> ImportReport:
    """Import (or, with ``dry_run``, only check) the members in a CSV or XLSX file.

    Members are matched by e-mail within the community, ignoring case: the row's e-mail or
    other e-mails against each member's main and other addresses (a row whose addresses belong to
    two members is invalid; an address of a matched row the member lacks is added to their other
    addresses); blank cells never
    overwrite stored values; new members get source "import"; archived members stay archived;
    anonymised members are never matched. When any row is invalid and ``skip_invalid`` is false,
    nothing is written. ``progress(processed, total)`` is called as rows are handled (total is 0
    while the first, validating pass does not yet know the number of rows). ``ceiling`` is
    checked at every row of both passes.

    The file may also be an archive as the tools let people download member lists: Mailchimp's
    audience export (a ZIP of one CSV per status: the subscribed members' file is imported, the
    others reported in ``not_imported`` with their row counts), a Discourse user list as
    ``.csv.gz`` or a ZIP of one CSV (:mod:`roundtable.domain.table_archives`), unpacked to a
    temporary folder within the same IMPORT_MAX_* limits.

    Raises ImportFileError when the file as a whole cannot be used (including a file over one of
    the IMPORT_MAX_* limits, and a damaged archive or one without the CSV to import), and
    CeilingExceeded past the ceiling, with nothing written; row problems are in the returned
    report instead.
    """
    path = Path(path)
    if not is_archive(path):
        return _table_import(
            community, path, dry_run, skip_invalid, progress, ceiling, ImportReport(dry_run=dry_run)
        )
    with tempfile.TemporaryDirectory(prefix="roundtable-import-") as folder:
        try:
            unpacked = unpack(path, Path(folder), table_limits())
        except ArchiveError as error:
            raise _file_error(error) from None
        report = ImportReport(
            dry_run=dry_run, archive_member=unpacked.name, not_imported=unpacked.left_out
        )
        return _table_import(
            community, unpacked.path, dry_run, skip_invalid, progress, ceiling, report
        )


def _table_import(
    community: Community,
    path: Path,
    dry_run: bool,
    skip_invalid: bool,
    progress: Progress | None,
    ceiling: RunCeiling | None,
    report: ImportReport,
) -> ImportReport:
    """:func:`member_import` of a CSV or XLSX file."""
    existing = _existing_members(community)

    # Pass 1: validate everything, so that nothing is written when a row is bad.
    mapping, rows = _read(path)
    report.ignored_columns = mapping.ignored
    report.column_mapping = mapping.described()
    today = timezone.localdate()
    validator = RowValidator(mapping, today=today)
    invalid_lines: set[int] = set()
    owner_names: dict[int, str] = {}
    for line, raw in _rows(rows, ceiling):
        report.rows += 1
        row, errors = validator.validate(line, raw)
        if row is not None:
            errors = _address_conflicts(row, existing, mapping, owner_names)
        if row is not None and not errors and not row.full_name and not _member_of(row, existing):
            errors = [
                RowError(
                    line,
                    mapping.header_for("full_name"),
                    "",
                    "is empty: a new member needs a name",
                )
            ]
        if errors:
            report.errors.extend(errors)
            invalid_lines.add(line)
        if progress and report.rows % PROGRESS_EVERY == 0:
            progress(report.rows, 0)
    if report.rows == 0:
        raise ImportFileError("The file has a header row but no rows of members under it.")
    if skip_invalid:
        report.skipped = len(invalid_lines)

    # Pass 2: compare with what is stored, and write unless this is a dry run or refused.
    write = not dry_run and (skip_invalid or not invalid_lines)
    writer = _BatchWriter(community, existing, report, write, _preview_fields(mapping))
    report.preview_columns = [EXPORT_HEADERS[f] for f in writer.preview_fields]
    report.left_out = validator.left_out
    _, rows = _read(path)
    validator = RowValidator(mapping, today=today)
    batch: list[MemberRow] = []
    processed = 0
    with transaction.atomic() if write else _nothing():
        for line, raw in _rows(rows, ceiling):
            processed += 1
            row, _errors = validator.validate(line, raw)
            if row is not None and line not in invalid_lines:
                batch.append(row)
            if len(batch) >= BATCH_SIZE:
                writer.handle(batch)
                batch = []
                if progress:
                    progress(processed, report.rows)
        writer.handle(batch)
    if write:
        directory_places_forget(community=community)
    if progress:
        progress(report.rows, report.rows)
    report.written = write
    return report


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


def _need_key(text: str) -> str:
    return " ".join(text.split()).casefold()


class _BatchWriter:
    """Compares a batch of valid rows with the stored members and writes the differences."""

    def __init__(
        self,
        community: Community,
        existing: dict[str, int],
        report: ImportReport,
        write: bool,
        preview_fields: list[str],
    ) -> None:
        self.preview_fields = preview_fields
        self.community = community
        self.existing = existing
        self.report = report
        self.write = write
        self.tag_ids: dict[str, int] = {}
        self.today = timezone.localdate()

    def handle(self, rows: list[MemberRow]) -> None:
        if not rows:
            return
        matched = {r.line: _member_of(r, self.existing) for r in rows}
        ids = [member_id for member_id in matched.values() if member_id is not None]
        members = {m.pk: m for m in Member.objects.filter(pk__in=ids)}
        # What the matched members have now: their tags (to compare) and needs (to add once);
        # both also feed their search document.
        tags_of: dict[tuple[int, str], set[str]] = {}
        needs_of: dict[int, list[str]] = {}
        others_of: dict[int, list[str]] = {}
        if ids:
            for tag_field in TAG_FIELDS:
                through = getattr(Member, tag_field).through
                for member_id, name in through.objects.filter(member_id__in=ids).values_list(
                    "member_id", "tag__name"
                ):
                    tags_of.setdefault((member_id, tag_field), set()).add(name)
            for member_id, text in Need.objects.filter(member_id__in=ids).values_list(
                "member_id", "text"
            ):
                needs_of.setdefault(member_id, []).append(text)
            for member_id, address in MemberEmail.objects.filter(member_id__in=ids).values_list(
                "member_id", "email"
            ):
                others_of.setdefault(member_id, []).append(address)

        new_members: list[tuple[Member, MemberRow]] = []
        changed: list[Member] = []
        changed_fields: set[str] = set()
        tag_links: list[tuple[MemberRow, Member | None, str, list[str]]] = []
        new_needs: list[tuple[MemberRow, Member | None]] = []
        new_addresses: list[tuple[str, Member]] = []
        for row in rows:
            member_id = matched[row.line]
            if member_id is None:
                member = Member(
                    community=self.community,
                    email=row.email,
                    source=Member.Source.IMPORT,
                    joined_on=row.joined_on or self.today,
                    search_text=search_document(
                        fields=(
                            row.full_name,
                            row.email,
                            *row.other_emails,
                            row.organisation,
                            row.role,
                        ),
                        tags=[*row.expertise, *row.interests],
                        needs=[row.need] if row.need else [],
                    ),
                    **{f: getattr(row, f) for f in TEXT_FIELDS},
                )
                new_members.append((member, row))
                for tag_field in TAG_FIELDS:
                    if getattr(row, tag_field):
                        tag_links.append((row, member, tag_field, getattr(row, tag_field)))
                if row.need:
                    new_needs.append((row, member))
                new_addresses.extend((address, member) for address in row.other_emails)
                self.report.created += 1
                self._preview(row, "new")
                continue
            member = members[member_id]
            fields = [
                f for f in TEXT_FIELDS if getattr(row, f) and getattr(row, f) != getattr(member, f)
            ]
            if row.joined_on and row.joined_on != member.joined_on:
                fields.append("joined_on")
            for f in fields:
                setattr(member, f, getattr(row, f))
            differs = bool(fields)
            tags_now = {f: tags_of.get((member_id, f), set()) for f in TAG_FIELDS}
            for tag_field in TAG_FIELDS:
                names = getattr(row, tag_field)
                if names and set(names) != tags_now[tag_field]:
                    tag_links.append((row, member, tag_field, names))
                    tags_now[tag_field] = set(names)
                    differs = True
            needs = needs_of.get(member_id, [])
            if row.need and _need_key(row.need) not in {_need_key(t) for t in needs}:
                new_needs.append((row, member))
                needs = [*needs, row.need]
                differs = True
            # An address of the row the member is not known by yet becomes one of their others.
            others = others_of.setdefault(member_id, [])
            for address in row.addresses:
                if address not in self.existing and address not in others:
                    new_addresses.append((address, member))
                    others.append(address)
                    differs = True
            if differs:
                document = search_document(
                    fields=(
                        member.full_name,
                        member.email or "",
                        *others,
                        member.organisation,
                        member.role,
                    ),
                    tags=[*tags_now["expertise"], *tags_now["interests"]],
                    needs=needs,
                )
                if document != member.search_text:
                    member.search_text = document
                    fields.append("search_text")
            if fields:
                changed.append(member)
                changed_fields.update(fields)
            if differs:
                self.report.updated += 1
            else:
                self.report.unchanged += 1
            self._preview(row, "update" if differs else "unchanged")

        if self.write:
            self._save(new_members, changed, changed_fields, tag_links, new_needs)
            MemberEmail.objects.bulk_create(
                [
                    MemberEmail(community=self.community, member=member, email=address)
                    for address, member in new_addresses
                ],
                batch_size=1000,
            )
        for address, member in new_addresses:
            if member.pk is not None:
                self.existing[address] = member.pk

    def _save(
        self,
        new_members: list[tuple[Member, MemberRow]],
        changed: list[Member],
        changed_fields: set[str],
        tag_links: list[tuple[MemberRow, Member | None, str, list[str]]],
        new_needs: list[tuple[MemberRow, Member | None]],
    ) -> None:
        if new_members:
            Member.objects.bulk_create([m for m, _ in new_members], batch_size=500)
            for member, row in new_members:
                for address in row.addresses:
                    self.existing[address] = member.pk
        if changed:
            now = timezone.now()
            for member in changed:
                member.updated_at = now
            members_update_fields(changed, sorted(changed_fields | {"updated_at"}))
        if tag_links:
            wanted = {name for _, _, _, names in tag_links for name in names}
            missing = [n for n in wanted if n not in self.tag_ids]
            if missing:
                for tag in tags_get_or_create(community=self.community, names=sorted(missing)):
                    self.tag_ids[tag.name] = tag.pk
            for tag_field in TAG_FIELDS:
                through = getattr(Member, tag_field).through
                links = [(m, names) for _, m, f, names in tag_links if f == tag_field and m]
                replaced = [m.pk for m, _ in links]
                # A non-blank tag cell replaces the member's tags of that kind.
                through.objects.filter(member_id__in=replaced).delete()
                through.objects.bulk_create(
                    [
                        through(member_id=m.pk, tag_id=self.tag_ids[name])
                        for m, names in links
                        for name in names
                    ],
                    batch_size=2000,
                    ignore_conflicts=True,
                )
        if new_needs:
            Need.objects.bulk_create(
                [
                    Need(
                        community=self.community,
                        member=member,
                        text=row.need,
                        urgency=row.need_urgency,
                        source=Need.Source.IMPORT,
                    )
                    for row, member in new_needs
                ],
                batch_size=1000,
            )

    def _preview(self, row: MemberRow, action: str) -> None:
        if len(self.report.preview) >= PREVIEW_ROWS:
            return
        self.report.preview.append(
            {
                "line": row.line,
                "action": action,
                "cells": [_preview_cell(row, f) for f in self.preview_fields],
            }
        )


def _preview_cell(row: MemberRow, field_name: str) -> str:
    value = getattr(row, field_name)
    if field_name == "country":
        return country_name(value) if value else ""
    if field_name == "need_urgency":
        return Need.Urgency(value).label if row.need else ""
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return shorten(str(value or ""), 80)


def _preview_fields(mapping: ColumnMapping) -> list[str]:
    """The fields the file fills, in the usual order (first + last name show as the full name)."""
    present = set(mapping.columns) | {"full_name", "email"}
    return [f for f in EXPORT_HEADERS if f in present]


# Import jobs (the web pages) --------------------------------------------------------------------


def _progress_path(job: ImportJob) -> Path:
    return Path(f"{job.stored_path}.progress")


def import_job_progress_write(*, job: ImportJob, processed: int, total: int) -> None:
    """Record progress beside the upload, not in the database.

    The apply runs inside one long transaction: on PostgreSQL other connections would not see a
    progress row written in it, and on SQLite no second connection may write meanwhile. A small
    file, replaced atomically, is visible at once to every process on both databases.
    """
    target = _progress_path(job)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps({"processed": processed, "total": total}))
    os.replace(temporary, target)


def _throttled_progress(job: ImportJob) -> Progress:
    last = [0.0]

    def report(processed: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5 or (total and processed >= total):
            last[0] = now
            import_job_progress_write(job=job, processed=processed, total=total)

    return report


CONVERSATIONS = "conversations"
CONVERSATION_SUFFIXES = (".zip", ".json", ".csv", ".gz")


def import_job_create(
    *,
    community: Community,
    user: User | None,
    upload: UploadedFile,
    skip_invalid: bool = False,
    kind: str = "members",
    options: dict[str, Any] | None = None,
) -> ImportJob:
    """Store an uploaded file under IMPORT_DIR, create its job and queue its validation.

    ``kind`` is ``members`` (a spreadsheet) or ``conversations`` (a Slack export's ZIP, or a
    Discourse user list or posts file). Raises ValidationError when the file is too large or
    not of a kind accepted.
    """
    name = Path(upload.name or "upload.csv").name
    suffix = Path(name).suffix.lower()
    if kind == CONVERSATIONS:
        if suffix not in CONVERSATION_SUFFIXES:
            raise ValidationError(
                f"“{name}” is not a Slack export (.zip) or a Discourse export (.csv, .json, .zip)."
            )
    elif suffix == ".xls":
        raise ValidationError("This is an old Excel (.xls) file; save it as .xlsx or CSV first.")
    elif suffix not in UPLOAD_SUFFIXES:
        raise ValidationError(
            f"“{name}” is not a CSV or XLSX file; upload a .csv or .xlsx file, or the .zip or "
            ".csv.gz that Mailchimp or Discourse gave you."
        )
    limit = settings.IMPORT_MAX_BYTES
    if (upload.size or 0) > limit:
        raise ValidationError(
            f"“{name}” is {_megabytes(upload.size or 0)}; the largest file accepted is "
            f"{_megabytes(limit)}. Split it into smaller files."
        )
    folder = Path(settings.IMPORT_DIR) / community.slug
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_hex(6)}{suffix}"
    with stored.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = ImportJob.objects.create(
        community=community,
        created_by=user,
        original_name=name[:255],
        stored_path=str(stored),
        skip_invalid=skip_invalid,
        kind=kind,
        options=options or {},
        status=ImportJob.Status.VALIDATING,
    )
    enqueue_on_commit(tasks.import_validate_task, job.pk, job.attempt)
    if tasks.import_cleanup_task.get_backend().supports_defer:
        # Otherwise (the immediate backend) `roundtable import_cleanup` does it from cron.
        abandon_at = timezone.now() + timedelta(hours=settings.IMPORT_ABANDON_HOURS, minutes=1)
        enqueue_on_commit(tasks.import_cleanup_task, run_after=abandon_at)
    return job


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


STOPPED_MESSAGE = (
    "This import was stopped: {reason}. Nothing was written. A file this large or this complex "
    "cannot be imported at once: split it into smaller files and upload them one by one."
)
FAILED_MESSAGE = (
    "Something went wrong while reading or writing this import; nothing was written. Try again, "
    "or write to the site's administrators."
)


def _job_run(job: ImportJob, *, dry_run: bool) -> None:
    step = "validate" if dry_run else "apply"
    # A progress file from the start: it tells a run under way (and, once it stops being
    # written, one whose worker died) from one still waiting in the queue; see
    # selectors.import_job_stalled.
    import_job_progress_write(job=job, processed=0, total=0)
    try:
        report: ImportReport | ConversationReport
        if job.kind == CONVERSATIONS:
            report = conversations_import(
                community=job.community,
                paths=[Path(job.stored_path)],
                dry_run=dry_run,
                add_unknown=bool(job.options.get("add_unknown")),
                decisions=job.options.get("decisions") or {},
                progress=_throttled_progress(job),
                ceiling=job_ceiling(),
            )
        else:
            report = member_import(
                community=job.community,
                path=job.stored_path,
                original_name=job.original_name,
                dry_run=dry_run,
                skip_invalid=job.skip_invalid,
                progress=_throttled_progress(job),
                ceiling=job_ceiling(),
            )
    except ConversationImportError as error:
        job.status = ImportJob.Status.INVALID
        job.report = {"file_error": f"“{job.original_name}”: {error.message}"}
    except ImportFileError as error:
        job.status = ImportJob.Status.INVALID
        # A limit names the file too: it is the file the person must split or save again.
        named = isinstance(error, ImportLimitError)
        job.report = {"file_error": f"“{job.original_name}”: {error}" if named else str(error)}
    except CeilingExceeded as error:
        logger.warning("Import job %s stopped: %s", job.pk, error.message)
        job.status = ImportJob.Status.FAILED
        job.report = {
            "file_error": STOPPED_MESSAGE.format(reason=error.message),
            "failed_step": step,
        }
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.report = {"file_error": FAILED_MESSAGE, "failed_step": step}
    else:
        job.report = report.as_json()
        if isinstance(report, ConversationReport):
            _conversation_job_done(job, report, dry_run=dry_run)
            refused = False
        else:
            job.total_rows = report.rows
            job.processed_rows = report.rows
            refused = bool(report.errors) and not job.skip_invalid
        if refused:
            job.status = ImportJob.Status.INVALID
        elif dry_run:
            job.status = ImportJob.Status.VALIDATED
        else:
            job.status = ImportJob.Status.DONE
            if isinstance(report, ImportReport):
                job.created_count = report.created
                job.updated_count = report.updated
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        job.finished_at = timezone.now()
    retention.import_job_finished(job=job)
    job.save()
    _progress_path(job).unlink(missing_ok=True)


def _conversation_job_done(job: ImportJob, report: ConversationReport, *, dry_run: bool) -> None:
    items = report.contributions + report.interactions
    job.total_rows = job.processed_rows = items
    if not dry_run:
        job.created_count = report.contributions_added
        job.updated_count = report.interactions_added


def _job_to_run(job_id: int, attempt: int | None, status: str) -> ImportJob | None:
    """The job, when the task that asks for it is still the one it waits for: a task of an
    earlier try (the job was retried meanwhile) or for a job moved on finds None."""
    job = ImportJob.objects.select_related("community").filter(pk=job_id).first()
    if job is None or job.status != status or (attempt is not None and attempt != job.attempt):
        return None
    return job


def import_job_validate(*, job_id: int, attempt: int | None = None) -> None:
    """Check a job's file (a dry run) and store the report; the preview page shows it.
    Does nothing unless the job is waiting for this check (``attempt``: of this try)."""
    job = _job_to_run(job_id, attempt, ImportJob.Status.VALIDATING)
    if job is not None:
        _job_run(job, dry_run=True)


def import_job_confirm(*, job: ImportJob, decisions: dict[str, str] | None = None) -> None:
    """Queue the import of a checked job. Raises ValidationError if it cannot be imported.

    ``decisions`` (a conversations job): for people of the preview matched neither by e-mail nor
    by an alias, their index in the report's ``to_decide`` → ``member:<id>``, ``new`` or
    ``ignore``; kept with the job for its run. A value naming no active member of the community
    is refused, naming the person."""
    if job.status != ImportJob.Status.VALIDATED:
        raise ValidationError(
            "This file cannot be imported as it is: fix the rows listed and upload it again."
            if job.status == ImportJob.Status.INVALID
            else f"This import is {job.get_status_display().lower()}; it cannot be started again."
        )
    if decisions:
        job.options = {**job.options, "decisions": _checked_decisions(job, decisions)}
        job.save(update_fields=["options"])
    job.status = ImportJob.Status.APPLYING
    job.processed_rows = 0
    job.attempt += 1
    job.save(update_fields=["status", "processed_rows", "attempt"])
    enqueue_on_commit(tasks.import_apply_task, job.pk, job.attempt)


def _checked_decisions(job: ImportJob, decisions: dict[str, str]) -> dict[str, str]:
    """The decisions by the tool's key for each person, each one checked."""
    people = {str(p["index"]): p for p in (job.report or {}).get("to_decide", [])}
    active = set(
        Member.objects.active().filter(community=job.community).values_list("pk", flat=True)
    )
    checked: dict[str, str] = {}
    for index, decision in decisions.items():
        person = people.get(str(index))
        if person is None:
            continue
        member_id = decision.removeprefix("member:")
        if decision not in (NEW, IGNORE) and not (
            decision.startswith("member:") and member_id.isdigit() and int(member_id) in active
        ):
            raise ValidationError(
                f"{person['name']}: “{decision[:40]}” is not an active member of this community, "
                "“new” or “ignore”."
            )
        checked[person["key"]] = decision
    return checked


def import_job_apply(*, job_id: int, attempt: int | None = None) -> None:
    """Import a confirmed job's file for real and store the final report.
    Does nothing unless the job is waiting for this import (``attempt``: of this try)."""
    job = _job_to_run(job_id, attempt, ImportJob.Status.APPLYING)
    if job is not None:
        _job_run(job, dry_run=False)


@transaction.atomic
def import_job_retry(*, job: ImportJob, now: datetime | None = None) -> None:
    """Queue a failed (or stalled) job's run again: the check, or the import when that is what
    failed. Raises ValidationError when the job has not failed, or its file is gone."""
    now = now or timezone.now()
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if import_job_stalled(job=locked, now=now):
        retention.import_job_fail_stalled(job=locked, now=now)
    if locked.status != ImportJob.Status.FAILED:
        raise ValidationError(
            f"This import is {locked.get_status_display().lower()}; only a failed import can be "
            "tried again."
        )
    if not locked.stored_path or not Path(locked.stored_path).is_file():
        raise ValidationError(
            "The uploaded file of this import has been deleted; upload it again to import it."
        )
    apply = (locked.report or {}).get("failed_step") == "apply"
    locked.status = ImportJob.Status.APPLYING if apply else ImportJob.Status.VALIDATING
    locked.attempt += 1
    locked.processed_rows = 0
    locked.finished_at = None
    locked.report = {}
    locked.save(
        update_fields=[
            "status",
            "attempt",
            "processed_rows",
            "finished_at",
            "report",
        ]
    )
    task = tasks.import_apply_task if apply else tasks.import_validate_task
    enqueue_on_commit(task, locked.pk, locked.attempt)
    job.refresh_from_db()
