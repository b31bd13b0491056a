"""The one-page activity report as PDF (see ``web.pdf``)."""

from typing import Any

from django.http import HttpRequest

from roundtable.web.pdf import pdf_render


def report_pdf(*, request: HttpRequest, context: dict[str, Any]) -> bytes:
    """The PDF of ``feedback/report.html`` rendered with ``context`` (one A4 page if it fits)."""
    return pdf_render(
        request=request,
        template="feedback/report.html",
        context=context,
        stylesheets=("roundtable/roundtable.css", "feedback/report.css"),
    )
