"""`roundtable export members|needs --community SLUG [--format csv|xlsx] [-o FILE]`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.communities.models import Community
from roundtable.imports.selectors import (
    EXPORT_FORMATS,
    export_bytes,
    export_csv_lines,
    member_export_rows,
    need_export_rows,
)

SOURCES = {"members": member_export_rows, "needs": need_export_rows}


class Command(BaseCommand):
    help = "Export a community's active members, or their needs, as CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="{members,needs}")
        for kind in SOURCES:
            sub = kinds.add_parser(kind, help=f"Export {kind}.")
            sub.add_argument("--community", required=True, help="The community's slug.")
            sub.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
            sub.add_argument(
                "-o", "--output", help="File to write (default: CSV to standard output)."
            )

    def handle(self, *args: Any, **options: Any) -> None:
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(f"There is no community with the slug “{options['community']}”.")
        rows = SOURCES[options["kind"]](community=community)
        output = options["output"]
        if not output:
            if options["format"] == "xlsx":
                raise CommandError("XLSX cannot go to the terminal; name a file with -o FILE.")
            for line in export_csv_lines(rows):
                self.stdout.write(line, ending="")
            return
        data = export_bytes(rows=rows, file_format=options["format"], title=options["kind"])
        try:
            Path(output).write_bytes(data)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stderr.write(f"Wrote {output}.")
