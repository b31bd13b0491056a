"""Login throttling (django-axes): the account a login attempt names, and the page shown to a
locked-out client instead of the login form's answer."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from roundtable.accounts.forms import EmailAuthenticationForm


def login_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The e-mail address a login attempt is for, written as the login form compares it, so that
    "Maria@Example.org" and "maria@example.org" count against the same account."""
    source: Any = credentials if credentials else getattr(request, "POST", {})
    value = source.get("username") if source else None
    return str(value).strip().lower() if value else None


def locked_out_page(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The login page again, with what happened and when to try again (status 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = EmailAuthenticationForm(request, initial={"username": login_username(request)})
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "next": request.POST.get("next", ""),
            "locked_out": (
                "Too many failed logins for this account or from your connection. "
                f"Logging in is paused for {minutes} minutes; every new attempt restarts the "
                "wait. If you forgot your password, reset it with the link below."
            ),
        },
        status=429,
    )
