"""Show every time in the viewer's own time zone."""

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

TIMEZONE_COOKIE = "roundtable_tz"


def viewer_timezone_name(request: HttpRequest) -> str | None:
    """The zone chosen in the viewer's account, else the one their browser reported in a cookie."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.timezone:
        return str(user.timezone)
    return request.COOKIES.get(TIMEZONE_COOKIE)


class ViewerTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = viewer_timezone_name(request)
        try:
            if name:
                timezone.activate(zoneinfo.ZoneInfo(name))
            else:
                timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return self.get_response(request)
