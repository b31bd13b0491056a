"""The community's quarterly report, as a page and as PDF."""

from datetime import UTC
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from roundtable.communities.access import FACILITATOR, CommunityRequest, community_view
from roundtable.insights.report import (
    community_report,
    last_full_quarter,
    quarter_parse,
    quarters_offered,
)
from roundtable.members.models import Member
from roundtable.web.pdf import pdf_render

STYLESHEETS = ("roundtable/roundtable.css", "feedback/report.css", "insights/report.css")


def _context(request: CommunityRequest) -> tuple[dict[str, Any], int]:
    """The report's context, and the status of the page (400 for a quarter mistyped)."""
    community = request.community
    today = timezone.now().astimezone(UTC).date()
    asked = request.GET.get("quarter", "").strip()
    quarter = quarter_parse(asked) if asked else last_full_quarter(today)
    context: dict[str, Any] = {
        "quarters": quarters_offered(community=community, today=today),
        "report": None,
        "error": "",
        "empty": "",
    }
    if isinstance(quarter, str):
        context["error"] = quarter
        return context, 400
    context["quarter"] = quarter
    if quarter.start > today:
        context["empty"] = (
            f"{quarter.label} starts on {quarter.start:%-d %B %Y}, after today: nothing has "
            "happened in it yet. Choose a quarter that has begun."
        )
    elif not Member.objects.filter(community=community, joined_on__lte=quarter.end).exists():
        context["empty"] = (
            f"Nobody had joined the community by the end of {quarter.label}, so there is "
            "nothing to report. Choose a later quarter, or add members first."
        )
    else:
        context["report"] = community_report(community=community, quarter=quarter)
    return context, 200


@community_view(FACILITATOR)
def community_report_page(request: CommunityRequest) -> HttpResponse:
    context, status = _context(request)
    return render(request, "insights/report.html", context, status=status)


@community_view(FACILITATOR)
def community_report_pdf(request: CommunityRequest) -> HttpResponse:
    context, status = _context(request)
    if context["report"] is None:  # nothing to print: the page says why
        return render(request, "insights/report.html", context, status=status or 404)
    pdf = pdf_render(
        request=request, template="insights/report.html", context=context, stylesheets=STYLESHEETS
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{request.community.slug}-{context['quarter'].param}-report.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
