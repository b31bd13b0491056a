"""The one-page activity report as PDF, rendered by WeasyPrint from the report's HTML.

WeasyPrint is given the page's own HTML and a URL fetcher that refuses every outside address:
the report needs no network (charts are inline SVG, the stylesheet is read from the static files).
"""

from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"The report does not load outside resources ({url}).")


def report_pdf(*, request: HttpRequest, context: dict[str, Any]) -> bytes:
    """The PDF of ``feedback/report.html`` rendered with ``context`` (one A4 page if it fits)."""
    from weasyprint import CSS, HTML

    html = render_to_string("feedback/report.html", {**context, "pdf": True}, request=request)
    stylesheets = []
    for name in ("roundtable/roundtable.css", "feedback/report.css"):
        found = finders.find(name)
        if found:
            stylesheets.append(CSS(filename=str(found)))
    document = HTML(string=html, url_fetcher=_no_fetch, base_url="/")
    return bytes(document.write_pdf(stylesheets=stylesheets))
