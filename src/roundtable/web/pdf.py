"""Pages as PDF, rendered by WeasyPrint from their own HTML (the activity report, the
community's quarterly report).

WeasyPrint is given the page's HTML and a URL fetcher that refuses every outside address: a
report needs no network (charts are inline SVG, stylesheets are read from the static files).
"""

from collections.abc import Sequence
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"The report does not load outside resources ({url}).")


def pdf_render(
    *, request: HttpRequest, template: str, context: dict[str, Any], stylesheets: Sequence[str]
) -> bytes:
    """The PDF of ``template`` rendered with ``context`` and ``pdf`` true, styled by the
    static files ``stylesheets``."""
    from weasyprint import CSS, HTML

    html = render_to_string(template, {**context, "pdf": True}, request=request)
    styles = []
    for name in stylesheets:
        found = finders.find(name)
        if found:
            styles.append(CSS(filename=str(found)))
    document = HTML(string=html, url_fetcher=_no_fetch, base_url="/")
    return bytes(document.write_pdf(stylesheets=styles))
