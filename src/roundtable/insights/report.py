"""The community's quarterly report, for sponsors: the quarter's engagement, level moves,
activities and needs coverage on one or two pages, as HTML and PDF.

Its figures are the insights pages' stored views for the quarter (the Engagement page's with
that period, needs coverage's), so the report and the pages agree. It names nobody: a sponsor
reads counts, shares and charts, never a member's name or words.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.utils import timezone

from roundtable.communities.models import Community
from roundtable.domain.insights import add_months, month_end, quarter_end, quarter_start
from roundtable.insights.activities_compared import ActivitiesCompared, activities_compared
from roundtable.insights.needs_coverage import NeedsCoverage, coverage_from_payload
from roundtable.insights.panels import Panel, panel_build
from roundtable.insights.snapshots import snapshot
from roundtable.members.models import Member

QUARTERS_OFFERED = 12


@dataclass(frozen=True)
class Quarter:
    start: date
    end: date

    @property
    def number(self) -> int:
        return (self.start.month - 1) // 3 + 1

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.start.year}"

    @property
    def param(self) -> str:
        return f"{self.start.year}-Q{self.number}"

    @classmethod
    def holding(cls, day: date) -> "Quarter":
        return cls(quarter_start(day), quarter_end(day))


def quarter_parse(text: str) -> Quarter | str:
    """The quarter written ``YYYY-Qn`` (``2026-Q3``), or the message saying what is wrong."""
    year, _, number = text.strip().upper().partition("-Q")
    if not (year.isdigit() and len(year) == 4 and number in ("1", "2", "3", "4")):
        return f"Quarter: “{text[:20]}” is not a quarter; write it as YYYY-Qn, for example 2026-Q3."
    if not 1900 <= int(year) <= 2199:
        return f"Quarter: {year} is out of range; choose a year from 1900 to 2199."
    return Quarter.holding(date(int(year), 3 * int(number) - 2, 1))


def last_full_quarter(today: date) -> Quarter:
    return Quarter.holding(add_months(quarter_start(today), -1))


def quarters_offered(*, community: Community, today: date) -> list[Quarter]:
    """The quarters a report can be made for, the latest first: from the one holding the first
    member's join day (at most QUARTERS_OFFERED back) to the current one."""
    first = (
        Member.objects.filter(community=community)
        .order_by("joined_on")
        .values_list("joined_on", flat=True)
        .first()
    )
    quarters: list[Quarter] = []
    quarter = Quarter.holding(today)
    while len(quarters) < QUARTERS_OFFERED:
        quarters.append(quarter)
        if first is None or quarter.start <= first:
            break
        quarter = Quarter.holding(add_months(quarter.start, -1))
    return quarters


@dataclass(frozen=True)
class CommunityReport:
    community: Community
    quarter: Quarter
    as_of: date
    computed_at: datetime
    members: int  # who had joined by the quarter's end
    joined: int  # in the quarter
    panel: Panel  # the quarter's engagement: charts, conversion, level moves
    figures: dict[str, Any]
    coverage: NeedsCoverage
    compared: ActivitiesCompared

    @property
    def attended(self) -> int:
        return sum(r.outcome.attended for r in self.compared.rows)

    @property
    def new_connections(self) -> int:
        return sum(r.outcome.new_connections for r in self.compared.rows)

    @property
    def mean_rating(self) -> float | None:
        ratings = [rating for r in self.compared.rows for rating in r.outcome.ratings]
        return sum(ratings) / len(ratings) if ratings else None

    @property
    def active_last_month(self) -> dict[str, Any]:
        """The quarter's last month's active members, with the month's name as ``label``."""
        rows: list[dict[str, Any]] = self.figures["active_by_month"]
        last = rows[-1]
        return {**last, "label": date.fromisoformat(f"{last['month']}-01").strftime("%B %Y")}


def community_report(
    *, community: Community, quarter: Quarter, now: datetime | None = None
) -> CommunityReport:
    """The report of ``quarter`` (as it stands now if the quarter is still running)."""
    now = now or timezone.now()
    months = f"from_month={quarter.start:%Y-%m}&to_month={quarter.end:%Y-%m}"
    engagement = snapshot(
        community=community, name="engagement", params={"query": months, "panel": ""}, now=now
    )
    figures = engagement.payload
    coverage_shot = snapshot(
        community=community,
        name="needs_coverage",
        params={"from": quarter.start.isoformat(), "to": quarter.end.isoformat()},
        now=now,
    )
    members = Member.objects.filter(community=community)
    size = members.filter(joined_on__lte=quarter.end).count()
    # Names are the page's, not the report's: the panel is built without them.
    figures = {**figures, "slipping_away": [{**s, "name": ""} for s in figures["slipping_away"]]}
    panel = panel_build(key="", name="Everyone", size=size, figures=figures, nobody="")
    return CommunityReport(
        community=community,
        quarter=quarter,
        as_of=min(quarter.end, now.astimezone(UTC).date()),
        computed_at=min(engagement.computed_at, coverage_shot.computed_at),
        members=size,
        joined=members.filter(joined_on__gte=quarter.start, joined_on__lte=quarter.end).count(),
        panel=panel,
        figures=figures,
        coverage=coverage_from_payload(coverage_shot.payload),
        compared=activities_compared(
            community=community, start=quarter.start, end=month_end(quarter.end), now=now
        ),
    )
