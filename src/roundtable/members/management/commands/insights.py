import json
from datetime import UTC, date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from roundtable.communities.models import Community
from roundtable.domain.insights import add_months, month_of
from roundtable.members.insights import community_insight_figures


def _day(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option} {value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31."
        ) from None


class Command(BaseCommand):
    help = (
        "Community insights for a period: active members by month (new and returning), "
        "retention by join month, newcomer conversion, members slipping away, and moves "
        "between participation levels. See docs/insights.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--community", metavar="SLUG", required=True)
        parser.add_argument(
            "--from",
            dest="start",
            metavar="DATE",
            help="First day of the period (default: the first day of the 12th month back)",
        )
        parser.add_argument(
            "--to", dest="end", metavar="DATE", help="Last day of the period (default: today)"
        )
        parser.add_argument(
            "--json", action="store_true", help="Print one JSON object (the only output yet)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["community"]
        community = Community.objects.filter(slug=slug).first()
        if community is None:
            raise CommandError(f"No community with the slug {slug!r}.")
        end = _day("--to", options["end"]) or timezone.now().astimezone(UTC).date()
        start = _day("--from", options["start"]) or add_months(month_of(end), -11)
        if start > end:
            raise CommandError(
                f"--from {start.isoformat()} is after --to {end.isoformat()}: "
                "the period must start on or before its last day."
            )
        if not options["json"]:
            raise CommandError("Only --json output is available yet: add --json.")
        figures = community_insight_figures(community=community, start=start, end=end)
        self.stdout.write(json.dumps(figures, indent=2))
