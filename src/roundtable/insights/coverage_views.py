"""The Insights pages on needs coverage and on activities compared."""

from dataclasses import dataclass
from datetime import UTC, date

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from roundtable.communities.access import FACILITATOR, CommunityRequest, community_view
from roundtable.domain.insights import month_end
from roundtable.domain.insights.formats_compared import SORTS
from roundtable.insights.activities_compared import activities_compared
from roundtable.insights.coverage_tables import compared_tables, coverage_chart, coverage_tables
from roundtable.insights.forms import PeriodForm
from roundtable.insights.needs_coverage import coverage_from_payload
from roundtable.insights.snapshots import snapshot
from roundtable.web.charts import Table
from roundtable.web.csv_download import csv_download

# The headings of the activities table's sortable columns, in the order of SORTS.
HEADINGS = {
    "registered": "Registered",
    "attended": "Attended",
    "turnout": "Turnout",
    "voice": "Voice reach",
    "rating": "Rating",
    "pluses": "Plus / delta",
    "connections": "New connections",
    "indicators": "Indicators met",
}
COLUMNS = [(key, HEADINGS[key]) for key in SORTS]


@dataclass(frozen=True)
class Period:
    """The period a page shows: its first and last days, or why there is none."""

    form: PeriodForm
    start: date
    end: date
    future: bool  # starts after today: nothing has happened in it yet

    @property
    def shown(self) -> bool:
        return self.form.is_valid() or not self.form.is_bound

    @property
    def params(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def _period(request: CommunityRequest) -> Period:
    today = timezone.now().astimezone(UTC).date()
    query = {k: v for k, v in request.GET.items() if k in ("from_month", "to_month")}
    form = PeriodForm(query or None)
    first, last = form.period(today=today) if form.is_valid() or not query else (today, today)
    return Period(form, first, month_end(last), future=first > today)


def _csv(request: CommunityRequest, tables: dict[str, Table]) -> HttpResponse:
    """The table named by ``?table=`` as CSV; 404 for a table the page does not show."""
    table = tables.get(request.GET.get("table", ""))
    if table is None:
        raise Http404("No such table on this page.")
    return csv_download(table, names=[request.community.slug])


def _csv_base(request: CommunityRequest) -> str:
    """The page's query (its period and sort) with ``format=csv``, for the CSV links."""
    query = request.GET.copy()
    for key in ("format", "table"):
        query.pop(key, None)
    query["format"] = "csv"
    return query.urlencode()


@community_view(FACILITATOR)
def needs_coverage_page(request: CommunityRequest) -> HttpResponse:
    period = _period(request)
    coverage = shot = None
    if request.method == "POST" and period.shown:  # "Recompute now", then the page as a GET
        snapshot(community=request.community, name="needs_coverage", params=period.params,
                 recompute=True)  # fmt: skip
        return redirect(request.get_full_path())
    tables: dict[str, Table] = {}
    chart = None
    if period.shown and not period.future:
        shot = snapshot(community=request.community, name="needs_coverage", params=period.params)
        coverage = coverage_from_payload(shot.payload)
        tables = coverage_tables(coverage)
        if coverage.needs:
            chart = coverage_chart(coverage, tables["months"])
    if request.GET.get("format") == "csv":
        return _csv(request, tables)
    return render(
        request,
        "insights/needs_coverage.html",
        {
            "period": period,
            "coverage": coverage,
            "snapshot": shot,
            "tables": tables,
            "chart": chart,
            "csv_base": _csv_base(request),
        },
    )


@community_view(FACILITATOR)
def activities_compared_page(request: CommunityRequest) -> HttpResponse:
    period = _period(request)
    sort = request.GET.get("sort", "")
    sort = sort if sort in SORTS else ""
    ascending = request.GET.get("order") == "asc"
    compared = None
    if period.shown and not period.future:
        compared = activities_compared(
            community=request.community,
            start=period.start,
            end=period.end,
            sort=sort or None,
            descending=not ascending,
        )
    tables = compared_tables(compared) if compared is not None else {}
    if request.GET.get("format") == "csv":
        return _csv(request, tables)
    return render(
        request,
        "insights/activities_compared.html",
        {
            "period": period,
            "compared": compared,
            "tables": tables,
            "csv_base": _csv_base(request),
            "columns": COLUMNS,
            "sort": sort,
            "ascending": ascending,
        },
    )
