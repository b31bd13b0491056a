"""Login throttling (django-axes): the account a login attempt names, the page shown to a
locked-out client instead of the login form's answer, and what a successful login clears."""

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


def login_failures_clear(
    sender: object, request: HttpRequest | None, user: Any, **kwargs: Any
) -> int:
    """On a successful login, forget the failures of this account *from this address* only.

    axes' own reset (``AXES_RESET_ON_SUCCESS``) deletes every failure of the account and every
    failure of the address: anyone with an account could then guess another person's password
    from one address, log in to their own account to wipe the address's count, and go on.
    Returns how many failure records were deleted.
    """
    from axes.models import AccessAttempt

    from roundtable.web.client_address import client_address_or_none

    if request is None:
        return 0
    deleted, _ = AccessAttempt.objects.filter(
        username=user.get_username().strip().lower(), ip_address=client_address_or_none(request)
    ).delete()
    return deleted


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


def login_failures_forget(*, username: str) -> int:
    """Delete every failed-login record (axes' attempts and failure log) naming ``username``,
    compared as the login form writes it; used when a person's data is deleted. Returns how many
    rows were deleted."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    wanted = username.strip().lower()
    deleted = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        count, _ = model.objects.filter(username__iexact=wanted).delete()
        deleted += count
    return deleted
