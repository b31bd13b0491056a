from datetime import UTC
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from roundtable.communities.access import FACILITATOR, CommunityRequest, community_view
from roundtable.domain.participation import LEVELS_BY_ENGAGEMENT
from roundtable.insights import selectors
from roundtable.insights.engagement import engagement_query
from roundtable.insights.forms import InsightFilterForm
from roundtable.insights.panels import SLIPPING_LISTED, level_label
from roundtable.members.sections import sections_for
from roundtable.web.csv_download import csv_download

MOVE_PAGE_SIZE = 100


def _filters(
    request: CommunityRequest, choices: dict[str, Any]
) -> tuple[InsightFilterForm, selectors.InsightFilters | None]:
    """The filter form from the query, and what it chose (None when it has errors)."""
    query = request.GET.copy()
    for key in ("format", "table", "panel", "move", "page"):
        query.pop(key, None)
    form = InsightFilterForm(
        query or None, countries=choices["countries"], filters=choices["filters"]
    )
    if form.is_bound and not form.is_valid():
        return form, None
    return form, form.chosen(today=timezone.now().astimezone(UTC).date())


@community_view(FACILITATOR)
def insights(request: CommunityRequest) -> HttpResponse:
    """The Insights page; with ``?format=csv&table=NAME`` (and ``&panel=compare`` for the
    segment compared with), one of its tables as CSV."""
    community = request.community
    choices = selectors.insight_choices(community=community)
    form, filters = _filters(request, choices)
    stored = engagement_query(request.GET, filters) if filters is not None else None
    if request.method == "POST" and filters is not None:  # "Recompute now", then the page again
        selectors.insights_page(community=community, filters=filters, query=stored,
                                recompute=True)  # fmt: skip
        return redirect(request.get_full_path())
    named = None if request.GET.get("format") == "csv" else SLIPPING_LISTED
    page = (
        selectors.insights_page(
            community=community, filters=filters, query=stored, slipping_named=named
        )  # fmt: skip
        if filters is not None
        else None
    )
    if request.GET.get("format") == "csv":
        table = (
            page.table(request.GET.get("table", ""), request.GET.get("panel", "")) if page else None
        )
        if table is None:
            raise Http404("No such table on this page.")
        panel = (
            next((p for p in page.panels if p.key == request.GET.get("panel", "")), None)
            if page
            else None
        )
        names = [community.slug] + ([panel.name] if panel and panel.key else [])
        return csv_download(table, names=names)
    sections = sections_for(request, places=("insights",), subject=community)
    if isinstance(sections, HttpResponse):
        return sections
    query = request.GET.copy()
    for key in ("format", "table", "panel"):
        query.pop(key, None)
    return render(
        request,
        "insights/insights.html",
        {
            "section": "insights",
            "form": form,
            "filters": filters,
            "page": page,
            "organisations": choices["organisations"],
            "query": query.urlencode(),
            "csv_base": f"{query.urlencode()}&format=csv" if query else "format=csv",
            "sections": sections.templates,
            **sections.context,
        },
    )


def _move_label(move: str) -> tuple[str, str]:
    before, _, after = move.partition("-")
    levels = {level.value for level in LEVELS_BY_ENGAGEMENT}
    if after not in levels or (before != "new" and before not in levels):
        raise Http404("No such move between levels.")
    return level_label(None if before == "new" else before), level_label(after)


@community_view(FACILITATOR)
def insights_move(request: CommunityRequest) -> HttpResponse:
    """The members behind one move between levels on the Insights page (``?move=active-core``
    with the page's filters); with ``?format=csv``, the list as CSV."""
    community = request.community
    move = request.GET.get("move", "")
    if not move:
        return render(request, "insights/move.html", {"section": "insights", "no_move": True})
    from_label, to_label = _move_label(move)
    choices = selectors.insight_choices(community=community)
    form, filters = _filters(request, choices)
    if filters is None:
        return render(
            request, "insights/move.html", {"section": "insights", "form": form, "bad": True}
        )
    found = selectors.level_move(
        community=community,
        filters=filters,
        panel=request.GET.get("panel", ""),
        move=move,
        query=engagement_query(request.GET, filters),
    )
    if request.GET.get("format") == "csv":
        return csv_download(
            selectors.move_table(found, from_label=from_label, to_label=to_label),
            names=[community.slug, found.panel_name, f"{from_label} to {to_label}"],
        )
    query = request.GET.copy()
    query.pop("move", None)
    query.pop("panel", None)
    query.pop("page", None)
    here = request.GET.copy()
    here.pop("page", None)
    return render(
        request,
        "insights/move.html",
        {
            "section": "insights",
            "move": found,
            "page": Paginator(found.members, MOVE_PAGE_SIZE).get_page(request.GET.get("page")),
            "from_label": from_label,
            "to_label": to_label,
            "page_query": query.urlencode(),
            "query": here.urlencode(),
        },
    )
