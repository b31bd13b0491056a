"""`roundtable seed-demo [--reset]`: load the demo community without starting a server."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from roundtable.demo.selectors import demo_summary
from roundtable.demo.services import DEMO_LOGINS, DEMO_PASSWORD, DEMO_SLUG, demo_seed


class Command(BaseCommand):
    help = (
        f"Load the demo community (slug “{DEMO_SLUG}”): about 300 invented members, their "
        "needs, segments and a year of participation, plus demo logins. Does nothing if it "
        "exists, unless --reset is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo community and create it again (in one transaction).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seed(self, reset=options["reset"])


def seed(command: BaseCommand, *, reset: bool) -> None:
    """Seed and report on ``command``'s output; shared with `roundtable demo`."""
    try:
        result = demo_seed(reset=reset)
        summary = demo_summary(community=result.community)
    except DatabaseError as error:
        raise CommandError(
            f"Could not write the demo community: {error}. "
            "Has the database been set up? Run `roundtable migrate` first."
        ) from None
    out = command.stdout
    if not result.created:
        out.write(
            f"The demo community “{result.community.name}” (slug {DEMO_SLUG}) already exists; "
            "nothing was changed. Use --reset to delete it and load it again."
        )
    else:
        out.write(
            command.style.SUCCESS(
                f"Loaded the demo community “{result.community.name}” (slug {DEMO_SLUG})."
            )
        )
    levels = ", ".join(f"{level} {n}" for level, n in summary.levels.items())
    out.write(
        f"  {summary.members} members in {summary.countries} countries and "
        f"{summary.time_zones} time zones, from {summary.organisations} organisations\n"
        f"  {summary.needs} needs ({summary.open_needs} open), {summary.segments} segments, "
        f"{summary.records} participation records\n"
        f"  participation levels: {levels}"
    )
    out.write(f"Logins (password for all: {DEMO_PASSWORD}):")
    for login in DEMO_LOGINS:
        out.write(f"  {login.email:<30} {login.what}")
