"""``roundtable import feedback --community SLUG --activity ID FILE [--dry-run] [--json]``: the
responses of a Google Forms or Microsoft Forms export, from the command line.

The columns are mapped as the web preview proposes (``feedback_import_read``); when no column can
be recognised as a plus, delta or rating, the command stops and names the columns it saw.

Exit status: 0 when the file was read (and, without ``--dry-run``, imported), 1 when rows are
invalid or the columns cannot be mapped (nothing written), 2 when the file is not a forms export.
"""

import json
from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction

from roundtable.activities.models import Activity
from roundtable.communities.models import Community
from roundtable.domain.feedback_rows import (
    FIELDS,
    FORMS,
    FeedbackFileError,
    form_of,
    mapping_problem,
    rows_read,
    unused_columns,
)
from roundtable.domain.tabular import TableError
from roundtable.feedback import services
from roundtable.feedback.models import FeedbackImport
from roundtable.feedback.selectors import feedback_import_same_applied
from roundtable.feedback.services import FeedbackError, feedback_import_apply, feedback_import_read
from roundtable.imports.kinds import ImportKind


class _Refused(Exception):
    def __init__(self, message: str, returncode: int) -> None:
        super().__init__(message)
        self.message = message
        self.returncode = returncode


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--community", required=True, help="The community's slug.")
    parser.add_argument(
        "--activity", required=True, type=int, help="The id of the activity the answers are of."
    )
    parser.add_argument("file", help="The responses as the form exported them (CSV or XLSX).")
    parser.add_argument("--dry-run", action="store_true", help="Read and report; write nothing.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")


def _summary(job: FeedbackImport, form: str) -> dict[str, Any]:
    """What the file holds with the proposed mapping; the caller checks the mapping first."""
    valid, problems, blank = rows_read(((line, cells) for line, cells in job.rows), job.mapping)
    field_of = {column: field for field, column in job.mapping.items()}
    left_out, not_imported = unused_columns(job.headers, job.mapping)
    return {
        "file": job.original_name,
        "format": form,
        "label": FORMS[form][0],
        "mapping": job.mapping,
        "left_out_columns": left_out,
        "not_imported_columns": not_imported,
        "rows": len(valid) + len({p.line for p in problems}),
        "blank": blank,
        "ratings": sum(1 for row in valid if row.rating is not None),
        "pluses": sum(1 for row in valid if row.plus),
        "deltas": sum(1 for row in valid if row.delta),
        "problems": [
            {
                "line": p.line,
                "field": field_of.get(p.column, p.column),
                "column": p.column,
                "message": p.message,
            }
            for p in problems
        ],
        "imported": 0,
        "already_imported": False,
    }


def _read(activity: Activity, path: Path, *, dry_run: bool) -> dict[str, Any]:
    """Read, check and (unless ``dry_run`` or invalid) store; inside the caller's transaction."""
    try:
        job = feedback_import_read(activity=activity, path=path, original_name=path.name)
    except TableError as error:
        raise _Refused(f"{path.name}: {error}", 2) from None
    form = form_of(job.headers)
    if form is None:
        known = "; ".join(
            f"{label} (columns {', '.join(first)}, then the questions)"
            for label, first in FORMS.values()
        )
        seen = ", ".join(f"“{h}”" for h in job.headers[:6])
        if len(job.headers) > 6:
            seen += f" and {len(job.headers) - 6} more"
        raise _Refused(
            f"{path.name} is not a forms export: its columns are {seen}. Known formats: {known}. "
            "Another table of answers can be imported in the web page, where its columns are "
            "chosen by hand.",
            2,
        )
    if mapping_problem(job.headers, job.mapping):
        _, others = unused_columns(job.headers, job.mapping)
        listed = ", ".join(f"“{h}”" for h in others) or "none besides the form's own"
        expected = "; ".join(f"{label}" for label in FIELDS.values())
        raise _Refused(
            f"{path.name}: no column could be recognised as a plus, a delta or a rating. "
            f"Question columns: {listed}. Expected at least one of: {expected}, with words such "
            "as “went well”, “even better if” or “rate” in its header (docs/feedback.md); or "
            "import the file in the web page, where the columns can be chosen.",
            1,
        )
    summary = _summary(job, form)
    if summary["problems"]:
        return summary
    if feedback_import_same_applied(job=job):
        summary["already_imported"] = True
    elif not dry_run:
        try:
            summary["imported"] = feedback_import_apply(job=job)
        except (FeedbackError, FeedbackFileError) as error:
            raise _Refused(f"{path.name}: {error}", 1) from None
    return summary


def handle(write: Callable[[str], Any], options: dict[str, Any]) -> None:
    community = Community.objects.filter(slug=options["community"]).first()
    if community is None:
        raise CommandError(f"There is no community with the slug “{options['community']}”.")
    activity = (
        Activity.objects.filter(community=community, pk=options["activity"])
        .select_related("community")
        .first()
    )
    if activity is None:
        raise CommandError(f"There is no activity {options['activity']} in {community.name}.")
    path = Path(options["file"])
    try:
        if path.stat().st_size > services.MAX_IMPORT_BYTES:
            raise CommandError(
                f"{path.name} is larger than {services.MAX_IMPORT_BYTES // 2**20} MB; export "
                "fewer responses at once."
            )
    except FileNotFoundError:
        raise CommandError(f"There is no file at {path}.") from None
    except OSError as error:
        raise CommandError(f"{path} cannot be read: {error.strerror}.") from None
    try:
        with transaction.atomic():
            summary = _read(activity, path, dry_run=options["dry_run"])
            if options["dry_run"] or summary["problems"] or summary["already_imported"]:
                transaction.set_rollback(True)
    except _Refused as refused:
        raise CommandError(refused.message, returncode=refused.returncode) from None
    except OSError as error:
        raise CommandError(f"{path} cannot be read: {error.strerror}.") from None
    summary["activity"] = activity.pk
    summary["dry_run"] = options["dry_run"]
    if options["json"]:
        write(json.dumps(summary, ensure_ascii=False))
    else:
        _write_text(write, summary)
    if summary["problems"]:
        raise CommandError(
            f"{len(summary['problems'])} problem(s); nothing was written.", returncode=1
        )


def _write_text(write: Callable[[str], Any], summary: dict[str, Any]) -> None:
    write(f"{summary['file']}: {summary['label']} export")
    for field, column in summary["mapping"].items():
        write(f"“{column}” → {FIELDS[field]}")
    if summary["not_imported_columns"]:
        listed = ", ".join(f"“{c}”" for c in summary["not_imported_columns"])
        write(f"Not imported: {listed}")
    for problem in summary["problems"]:
        write(f"Line {problem['line']}, column “{problem['column']}”: {problem['message']}")
    write(
        f"{summary['rows']} responses ({summary['pluses']} with a plus, {summary['deltas']} with "
        f"a delta, {summary['ratings']} rated), {summary['blank']} blank."
    )
    if summary["already_imported"]:
        write("These responses were imported already: nothing changes.")
    elif summary["dry_run"]:
        write("Dry run: nothing was written.")
    elif not summary["problems"]:
        write(f"Imported {summary['imported']} responses.")


FEEDBACK = ImportKind(
    name="feedback",
    help="Import an activity's feedback from a Google Forms or Microsoft Forms export.",
    add_arguments=add_arguments,
    handle=handle,
)
