import json
from datetime import UTC, date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from roundtable.communities.models import Community
from roundtable.domain.insights import add_months, month_of
from roundtable.insights.activities_compared import activities_compared, compared_json
from roundtable.insights.figures import community_insight_figures
from roundtable.insights.needs_coverage import coverage_payload, needs_coverage
from roundtable.insights.network_selectors import network_figures
from roundtable.insights.score_selectors import engagement_summary
from roundtable.insights.score_services import engagement_scores_refresh

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
    lines += _network_text(figures["network"]) + _engagement_text(figures["engagement"])
    return "\n".join(lines)


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def _network_text(network: dict[str, Any]) -> list[str]:
    lines = [
        "",
        f"Relationship network: {_count(network['connections'], 'pair')} of members connected, "
        f"{len(network['isolates'])} of {_count(network['members'], 'member')} with no "
        "connection",
        "  New connections by month: "
        + ", ".join(f"{m['month']} {m['new']}" for m in network["new_connections_by_month"]),
    ]
    never = [
        f"{g} among themselves" if g == h else f"{g} and {h}"
        for g, h in (row["groups"] for row in network["mixing"] if row["never_meet"])
    ]
    if never:
        lines.append(f"  Never meet (by {network['grouping']}): " + "; ".join(never))
    if network["bridges"]:
        lines.append(
            "  Bridges: "
            + ", ".join(f"{b['name']} ({b['betweenness']:.3f})" for b in network["bridges"][:5])
        )
    return lines


def _engagement_text(engagement: dict[str, Any]) -> list[str]:
    median = engagement["median"]
    lines = [
        "",
        f"Engagement scores as of {engagement['as_of']}: {_count(engagement['members'], 'member')}"
        + (f", median {median:g}" if median is not None else ""),
        "  " + ", ".join(f"{b['from']}-{b['to']}: {b['members']}" for b in engagement["bands"]),
    ]
    lines += [
        f"  {t['name']}: {t['score']} (recency {t['recency']}, frequency {t['frequency']}, "
        f"breadth {t['breadth']})"
        for t in engagement["top"][:5]
    ]
    return lines


class Command(BaseCommand):
    help = (
        "Community insights for a period: active members by month (new and returning), "
        "retention by join month, newcomer conversion, members slipping away, moves "
        "between participation levels, needs coverage and activities compared. See "
        "docs/insights.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--community", metavar="SLUG")
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
        parser.add_argument(
            "--refresh-scores",
            action="store_true",
            help="Recompute and store every member's engagement score (of --community, or of "
            "every community without it) now, instead of printing the figures",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["community"]
        if options["refresh_scores"]:
            self._refresh_scores(slug)
            return
        if slug is None:
            raise CommandError("--community SLUG is required: name the community to report on.")
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
        now = timezone.now()
        figures = community_insight_figures(community=community, start=start, end=end, now=now)
        figures["network"] = network_figures(community=community, start=start, end=end, now=now)
        through = min(datetime.combine(end, time.max, tzinfo=UTC), now)
        figures["engagement"] = engagement_summary(community=community, through=through)
        figures["needs_coverage"] = coverage_payload(
            needs_coverage(community=community, start=start, end=end, now=now)
        )
        figures["activities_compared"] = compared_json(
            activities_compared(community=community, start=start, end=end, now=now)
        )
        if options["json"]:
            self.stdout.write(json.dumps(figures, indent=2))
        else:
            self.stdout.write(_text(figures))

    def _refresh_scores(self, slug: str | None) -> None:
        communities = Community.objects.order_by("slug")
        if slug is not None:
            communities = communities.filter(slug=slug)
            if not communities.exists():
                raise CommandError(f"No community with the slug {slug!r}.")
        for community in communities:
            count = engagement_scores_refresh(community=community)
            self.stdout.write(
                f"{community.slug}: engagement scores of {_count(count, 'member')} refreshed."
            )
