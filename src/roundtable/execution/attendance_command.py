"""``roundtable import attendance --community SLUG (--activity ID | --new-activity) FILE
[--dry-run] [--json]``: an attendance report from the command line.

Exit status: 0 when the file was read (whether or not some people are unmatched), 1 when rows
are invalid (nothing written), 2 when the file is not one of the known formats.
"""

import json
from argparse import ArgumentParser
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from roundtable.activities.models import Activity
from roundtable.activities.services import ActivityError, ActivityFields, activity_create
from roundtable.communities.models import Community
from roundtable.domain import attendance as reports
from roundtable.execution.attendance import (
    AttendanceImportError,
    attendance_apply,
    attendance_preview,
    read_report,
)
from roundtable.imports.kinds import ImportKind

# Larger than any real report; the limit keeps a wrong file from filling the memory.
MAX_BYTES = 64 * 1024 * 1024


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--community", required=True, help="The community's slug.")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--activity", type=int, help="The id of the activity the report is of.")
    target.add_argument(
        "--new-activity",
        action="store_true",
        help="Create a past activity from the report's meeting (topic, start, length).",
    )
    parser.add_argument("file", help="The report as the tool exported it (CSV, TSV or XLSX).")
    parser.add_argument("--dry-run", action="store_true", help="Read and report; write nothing.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")


def _new_activity(community: Community, report: reports.AttendanceFile, name: str) -> Activity:
    joins = [r.first_join for r in report.rows if r.first_join]
    leaves = [r.last_leave for r in report.rows if r.last_leave]
    start = report.meeting.start or (min(joins) if joins else None)
    if start is None:
        raise AttendanceImportError(
            f"{name}: the report does not say when the meeting took place; create the activity "
            "first and import with --activity ID.",
            "file",
        )
    if start.tzinfo is None:
        start = timezone.make_aware(start, timezone.get_current_timezone())
    end = report.meeting.end or (max(leaves) if leaves else None)
    if end is not None and end.tzinfo is None:
        end = timezone.make_aware(end, timezone.get_current_timezone())
    minutes = round((end - start).total_seconds() / 60) if end and end > start else 60
    people = len(reports.merge_people(report.rows))
    try:
        activity = activity_create(
            community=community,
            fields=ActivityFields(
                title=(report.meeting.topic or Path(name).stem)[:200],
                purpose_expressed=f"Recorded from the {report.label} {name}."[:500],
                purpose_deeper="knowledge_exchange",
                starts_at=start,
                duration_minutes=max(1, min(minutes, int(timedelta(days=1).total_seconds() // 60))),
                expected_headcount=max(1, people),
                description=f"Created from the attendance report {name}.",
            ),
        )
    except ActivityError as error:
        raise AttendanceImportError(f"{name}: {error.message}", "file") from None
    activity.status = Activity.Status.DONE
    activity.save(update_fields=["status"])
    return activity


def handle(write: Callable[[str], Any], options: dict[str, Any]) -> None:
    community = Community.objects.filter(slug=options["community"]).first()
    if community is None:
        raise CommandError(f"There is no community with the slug “{options['community']}”.")
    path = Path(options["file"])
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path.name} is larger than {MAX_BYTES // 2**20} MB.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"There is no file at {path}.") from None
    except OSError as error:
        raise CommandError(f"{path} cannot be read: {error.strerror}.") from None
    activity = None
    if options["activity"] is not None:
        activity = (
            Activity.objects.filter(community=community, pk=options["activity"])
            .select_related("community")
            .first()
        )
        if activity is None:
            raise CommandError(f"There is no activity {options['activity']} in {community.name}.")
    try:
        with transaction.atomic():
            report = None
            if activity is None:
                report = read_report(data, path.name)
                activity = _new_activity(community, report, path.name)
            file = attendance_preview(
                activity=activity, data=data, file_name=path.name, report=report
            )
            summary = dict(file.summary)
            if not summary["problems"] and not options["dry_run"]:
                applied = attendance_apply(file=file)
                summary["imported"] = applied.__dict__
            if options["dry_run"] or summary["problems"]:
                transaction.set_rollback(True)
    except AttendanceImportError as error:
        unknown = error.code == "unknown_format"
        raise CommandError(error.message, returncode=2 if unknown else 1) from None
    summary["activity"] = None if options["dry_run"] else activity.pk
    if options["json"]:
        write(json.dumps(summary, ensure_ascii=False))
    else:
        _write_text(write, summary, path.name, dry_run=options["dry_run"])
    if summary["problems"]:
        raise CommandError(
            f"{len(summary['problems'])} row(s) cannot be read; nothing was written.", returncode=1
        )


def _write_text(
    write: Callable[[str], Any], summary: dict[str, Any], name: str, **flags: Any
) -> None:
    write(f"{name}: {summary['label']}")
    for warning in summary["warnings"]:
        write(f"Warning: {warning}")
    for problem in summary["problems"]:
        write(f"Line {problem['line']}, {problem['field']}: {problem['message']}")
    write(
        f"{summary['rows']} rows, {summary['people']} people ({summary['attended']} attended, "
        f"{summary['dropped_in']} dropped in), {summary['matched']} matched to members, "
        f"{summary['new']} new, {summary['unmatched'] - summary['new']} to ignore; "
        f"{summary['minutes']:g} minutes in all."
    )
    if summary.get("already_imported"):
        write("This report was imported already: nothing changes.")
    elif flags["dry_run"]:
        write("Dry run: nothing was written.")
    elif "imported" in summary:
        done = summary["imported"]
        write(
            f"Imported: {done['attended']} attended, {done['dropped_in']} dropped in, "
            f"{done['new_members']} new members, {done['ignored']} ignored."
        )


ATTENDANCE = ImportKind(
    name="attendance",
    help="Import who attended an activity from a Zoom, Teams, Meet, Webex, Luma, Eventbrite or "
    "Meetup report.",
    add_arguments=add_arguments,
    handle=handle,
)
