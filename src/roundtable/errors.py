"""No page ever shows a stack trace, not even in development.

Django's debug page shows the trace of an unexpected error when DEBUG is on, which the demo and
development servers run with. This middleware answers every unexpected error with the plain
"something went wrong" page instead, and writes the trace to the server's log, where developers
look for it. Not found (404) and not allowed (403) keep Django's own handling.
"""

import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("roundtable.errors")


class FriendlyErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404 | PermissionDenied):
            return None
        logger.error("Unexpected error on %s %s", request.method, request.path, exc_info=exception)
        return HttpResponse(render_to_string("500.html"), status=500)
