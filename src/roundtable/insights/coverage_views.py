"""The Insights pages on needs coverage and on activities compared."""

from datetime import UTC

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from roundtable.communities.access import FACILITATOR, CommunityRequest, community_view
from roundtable.domain.insights.formats_compared import SORTS
from roundtable.insights.activities_compared import activities_compared
from roundtable.insights.needs_coverage import coverage_from_payload
from roundtable.insights.period import Period, period_from
from roundtable.insights.snapshots import snapshot

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


def _params(period: Period) -> dict[str, str]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


@community_view(FACILITATOR)
def needs_coverage_page(request: CommunityRequest) -> HttpResponse:
    today = timezone.now().astimezone(UTC).date()
    period = period_from(request.GET, today=today)
    if request.method == "POST":  # "Recompute now": then show the page again, as a GET
        snapshot(community=request.community, name="needs_coverage",
                 params=_params(period), recompute=True)  # fmt: skip
        return redirect(request.get_full_path())
    coverage = shot = None
    if not period.in_future(today):
        shot = snapshot(community=request.community, name="needs_coverage", params=_params(period))
        coverage = coverage_from_payload(shot.payload)
    return render(
        request,
        "insights/needs_coverage.html",
        {"period": period, "coverage": coverage, "today": today, "snapshot": shot},
    )


@community_view(FACILITATOR)
def activities_compared_page(request: CommunityRequest) -> HttpResponse:
    today = timezone.now().astimezone(UTC).date()
    period = period_from(request.GET, today=today)
    sort = request.GET.get("sort", "")
    ascending = request.GET.get("order") == "asc"
    compared = None
    if not period.in_future(today):
        compared = activities_compared(
            community=request.community,
            start=period.start,
            end=period.end,
            sort=sort if sort in SORTS else None,
            descending=not ascending,
        )
    return render(
        request,
        "insights/activities_compared.html",
        {
            "period": period,
            "compared": compared,
            "today": today,
            "columns": COLUMNS,
            "sort": sort if sort in SORTS else "",
            "ascending": ascending,
        },
    )
