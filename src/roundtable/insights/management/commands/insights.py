import json
from datetime import UTC, date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from roundtable.communities.models import Community
from roundtable.domain.insights import add_months, month_of
from roundtable.insights.activities_compared import activities_compared, compared_json
from roundtable.insights.figures import community_insight_figures
from roundtable.insights.needs_coverage import coverage_payload, needs_coverage

# Dates outside these years are typing slips, and would run calendars off their ends.
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


def _day(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option} {value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31."
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise CommandError(
            f"{option} {value} is out of range: use a date from {EARLIEST} to {LATEST}."
        )
    return day


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def _text(figures: dict[str, Any]) -> str:
    """The figures for a person at a terminal: one short section per metric."""
    lines = [
        f"Insights for {figures['community']}, {figures['from']} to {figures['to']} "
        f"(as of {figures['as_of']})",
        "",
        "Active members by month",
        f"  {'month':<8} {'active':>6} {'new':>5} {'returning':>9} {'community':>9} {'share':>6}",
    ]
    for m in figures["active_by_month"]:
        lines.append(
            f"  {m['month']:<8} {m['active']:>6} {m['new']:>5} {m['returning']:>9} "
            f"{m['community']:>9} {_percent(m['share']):>6}"
        )
    lines += ["", "Still taking part, by join month", f"  {'joined':<8} {'size':>5}"]
    cohorts = figures["retention_cohorts"]
    if cohorts:
        lines[-1] += "".join(f" {str(h['months']) + ' mo':>6}" for h in cohorts[0]["horizons"])
    for c in cohorts:
        lines.append(
            f"  {c['month']:<8} {c['size']:>5}"
            + "".join(f" {_percent(h['share']):>6}" for h in c["horizons"])
        )
    conversion = figures["newcomer_conversion"]
    median = conversion["median_days_to_second"]
    lines += [
        "",
        f"Newcomers: {conversion['converted']} of {conversion['newcomers']} came again "
        f"({_percent(conversion['rate'])})"
        + (f", after {median:g} days (median)." if median is not None else "."),
        "",
        f"Slipping away: {len(figures['slipping_away'])}",
    ]
    lines += [f"  {s['name']} (last {s['last_active']})" for s in figures["slipping_away"]]
    flows = figures["level_flows"]
    lines += ["", f"Level moves from {flows['from_quarter_end']} to {flows['to_quarter_end']}"]
    lines += [
        f"  {flow['from'] or 'not yet a member'} → {flow['to']}: {flow['count']}"
        for flow in flows["flows"]
    ]
    coverage = figures.get("needs_coverage")
    if coverage:
        months = coverage["months"]
        last = months[-1] if months else {"open": 0, "planned_for": 0}
        median = coverage["median_days_to_activity"]
        lines += [
            "",
            f"Needs: {last['open']} open at the end, {last['planned_for']} with an activity "
            f"planned; {coverage['waiting_total']} burning needs no activity serves"
            + (f"; {median:g} days from a need to an activity (median)." if median else "."),
        ]
    compared = figures.get("activities_compared")
    if compared:
        lines += ["", f"Activities held: {compared['total']}", "  format / purpose: held, turnout"]
        lines += [
            f"  {row['format'] or 'no format'} / {row['purpose'] or '-'}: {row['activities']}, "
            f"{_percent(row['turnout'])}"
            for row in compared["formats"]
        ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Community insights for a period: active members by month (new and returning), "
        "retention by join month, newcomer conversion, members slipping away, moves "
        "between participation levels, needs coverage and activities compared. See "
        "docs/insights.md."
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
            "--json", action="store_true", help="Print one JSON object instead of a short summary"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["community"]
        community = Community.objects.filter(slug=slug).first()
        if community is None:
            raise CommandError(f"No community with the slug {slug!r}.")
        end = _day("--to", options["end"]) or timezone.now().astimezone(UTC).date()
        start = _day("--from", options["start"]) or add_months(month_of(end), -11)
        if start > end:
            last = f"--to {end}" if options["end"] else f"today ({end})"
            raise CommandError(
                f"--from {start} is after {last}: the period must start on or before its last day."
            )
        figures = community_insight_figures(community=community, start=start, end=end)
        coverage = needs_coverage(community=community, start=start, end=end)
        compared = activities_compared(community=community, start=start, end=end)
        figures["needs_coverage"] = coverage_payload(coverage)
        figures["activities_compared"] = compared_json(compared)
        if options["json"]:
            self.stdout.write(json.dumps(figures, indent=2))
        else:
            self.stdout.write(_text(figures))
