"""`roundtable import members --community SLUG FILE [--dry-run] [--skip-invalid]`,
`roundtable import conversations --community SLUG PATH... [--dry-run] [--json] [--add-unknown]`,
and the kinds other apps register (roundtable.imports.kinds): `roundtable import attendance ...`,
`roundtable import feedback ...`."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.communities.models import Community
from roundtable.imports.conversations import ConversationImportError, conversations_import
from roundtable.imports.kinds import IMPORT_KINDS
from roundtable.imports.services import ImportFileError, member_import


class Command(BaseCommand):
    help = "Import members from a CSV or XLSX file (upsert by e-mail)."

    def add_arguments(self, parser: CommandParser) -> None:
        names = ", ".join(["members", *IMPORT_KINDS])
        kinds = parser.add_subparsers(dest="kind", required=True, metavar=f"{{{names}}}")
        members = kinds.add_parser("members", help="Import or update members from a file.")
        members.add_argument("--community", required=True, help="The community's slug.")
        members.add_argument("file", help="A .csv or .xlsx file with a header row.")
        members.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )
        members.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and report the invalid ones (default: all or nothing).",
        )

        talks = kinds.add_parser(
            "conversations",
            help="Import a Slack or Discourse export: messages as contributions, replies and "
            "mentions as interactions.",
        )
        talks.add_argument("--community", required=True, help="The community's slug.")
        talks.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="A Slack export (its ZIP or folder), or Discourse exports (user list CSV, "
            "topics or posts JSON).",
        )
        talks.add_argument("--dry-run", action="store_true", help="Read and report; write nothing.")
        talks.add_argument("--json", action="store_true", help="Print one JSON object.")
        talks.add_argument(
            "--add-unknown",
            action="store_true",
            help="The tool's people who are not members become members (default: their "
            "messages are left out and they are listed).",
        )
        for kind in IMPORT_KINDS.values():
            kind.add_arguments(kinds.add_parser(kind.name, help=kind.help))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kind"] in IMPORT_KINDS:
            IMPORT_KINDS[options["kind"]].handle(self.stdout.write, options)
            return
        if options["kind"] == "conversations":
            self._conversations(options)
            return
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(f"There is no community with the slug “{options['community']}”.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        try:
            report = member_import(
                community=community,
                path=path,
                original_name=path.name,
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
            )
        except ImportFileError as error:
            raise CommandError(f"{path.name}: {error}") from None
        except OSError as error:
            raise CommandError(f"{path} cannot be read: {error.strerror}.") from None

        if report.archive_member:
            self.stdout.write(f"Read {report.archive_member} from {path.name}.")
        for left in report.not_imported:
            rows = f"{left.rows} row{'' if left.rows == 1 else 's'}"
            self.stdout.write(f"Not imported: {left.name} ({rows}, {left.reason}).")

        if report.ignored_columns:
            ignored = ", ".join(f"“{c}”" for c in report.ignored_columns)
            self.stdout.write(f"Ignored columns: {ignored}")
        for row_error in report.errors:
            self.stdout.write(str(row_error))
        self.stdout.write(report.summary())
        if report.errors and not options["skip_invalid"]:
            raise CommandError(
                f"{report.invalid_rows} invalid row(s); nothing was written. Fix them, or use "
                "--skip-invalid to import the valid rows only."
            )
        if report.errors:
            self.stdout.write(f"Skipped {report.skipped} invalid row(s).")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")

    def _conversations(self, options: dict[str, Any]) -> None:
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(f"There is no community with the slug “{options['community']}”.")
        try:
            report = conversations_import(
                community=community,
                paths=[Path(p) for p in options["paths"]],
                dry_run=options["dry_run"],
                add_unknown=options["add_unknown"],
            )
        except ConversationImportError as error:
            raise CommandError(error.message, returncode=2) from None
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            return
        self.stdout.write(f"{report.label}: {report.people} people")
        self.stdout.write(
            f"{report.matched} matched to members, {report.new_members} added, "
            f"{report.unmatched} not members (their messages are left out)."
        )
        if report.unmatched_names:
            self.stdout.write("Not members: " + ", ".join(report.unmatched_names))
        self.stdout.write(
            f"{report.contributions} messages: {report.contributions_added} added as "
            f"contributions, {report.contributions_known} imported before, "
            f"{report.contributions_unmatched} by people who are not members."
        )
        self.stdout.write(
            f"{report.interactions} replies and mentions: {report.interactions_added} added "
            "between members."
        )
        for problem in report.problems:
            self.stdout.write(f"Skipped {problem['file']} {problem['entry']}: {problem['message']}")
        if report.problems_total > len(report.problems):
            self.stdout.write(f"… and {report.problems_total - len(report.problems)} more skipped.")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
