"""Public pages: registering for an activity (no account), changing one's answer, and the
activity's calendar file. They are reached through the activity's unguessable public token."""

import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from roundtable.activities.models import Activity
from roundtable.communities.confirmations import Held
from roundtable.communities.submissions import AlreadySubmitted
from roundtable.execution.forms import AnswerForm, RegistrationForm
from roundtable.execution.invitations import invitation_get_by_token
from roundtable.execution.mail import activity_calendar
from roundtable.execution.models import Invitation
from roundtable.execution.registrations import (
    Registered,
    RegistrationError,
    registration_closed_reason,
    registration_get_by_token,
    registration_hold,
    registration_link_expired,
    registration_stored,
    registration_submit,
    upcoming_editions,
)
from roundtable.execution.selectors import activity_by_public_token
from roundtable.members.identity import visitor_owns
from roundtable.service_error import ServiceError, form_error_add
from roundtable.web.bot_trap import bot_trap_message, bot_trap_reason
from roundtable.web.rate_limit import rate_limited

LIMIT_PER_ADDRESS = 20  # registrations per hour from one connection
LIMIT_PER_EMAIL = 5  # confirmations per hour to one e-mail address and activity
TOO_MANY = (
    "Too many registrations were sent from your connection or for this e-mail address in the "
    "last hour. Please try again later."
)


def _rate_limited(request: HttpRequest, activity: Activity, email: str) -> bool:
    by_address = rate_limited(
        request, scope="registration:ip", limit=LIMIT_PER_ADDRESS, seconds=3600
    )
    recipient = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    by_email = rate_limited(
        request,
        scope=f"registration:email:{activity.pk}",
        key=recipient,
        limit=LIMIT_PER_EMAIL,
        seconds=3600,
    )
    return by_address or by_email


def _page_context(
    activity: Activity, editions: list[Activity], **extra: object
) -> dict[str, object]:
    """``editions``: :func:`upcoming_editions` of the activity, read once per request."""
    return {
        "activity": activity,
        "closed": registration_closed_reason(activity),
        "series_editions": editions if len(editions) > 1 else [],
        **extra,
    }


def _thanks(
    request: HttpRequest,
    activity: Activity,
    registered: Registered | None = None,
    held: Held | None = None,
) -> HttpResponse:
    context = {
        "activity": activity,
        "registered": registered,
        "held": held,
        "hours": settings.CONFIRMATION_LINK_HOURS,
    }
    status = 429 if held is not None and not held.sent else 200
    return render(request, "execution/public/thanks.html", context, status=status)


def _identified(request: HttpRequest, activity: Activity, email: str, invited: object) -> bool:
    """The visitor acts at once as the owner of ``email``: logged in with it, in a session
    opened from that member's personal link, or holding the invitation sent to it."""
    if isinstance(invited, Invitation) and invited.email.casefold() == email.strip().casefold():
        return True
    return visitor_owns(request, community=activity.community, email=email)


def _submit(
    request: HttpRequest,
    activity: Activity,
    editions: list[Activity],
    form: RegistrationForm,
    template: str,
    **extra: object,
) -> HttpResponse:
    context = _page_context(activity, editions, form=form, **extra)
    caught = bot_trap_reason(request.POST)
    if caught:  # store nothing, and say so: a person sends it again
        context["error"] = bot_trap_message(caught)
        return render(request, template, context, status=400)
    if context["closed"]:
        return render(request, template, context, status=403)
    if _rate_limited(request, activity, request.POST.get("email", "")):
        context["error"] = TOO_MANY
        return render(request, template, context, status=429)
    if not form.is_valid():
        return render(request, template, context, status=400)
    data = form.cleaned_data
    answer = {
        "activity": activity,
        "name": data["name"],
        "email": data["email"],
        "response": data["response"],
        "whole_series": data.get("scope") == "series",
        "submission_key": request.POST.get("submission_key", ""),
    }
    if not _identified(request, activity, data["email"], extra.get("invited")):
        try:
            held = registration_hold(request=request, **answer)
        except AlreadySubmitted:  # sent twice: the first one sent the link
            return _thanks(request, activity, held=Held(data["email"], sent=True))
        except ServiceError as error:
            form_error_add(form, error)
            return render(request, template, context, status=400)
        return _thanks(request, activity, held=held)
    try:
        done = registration_submit(**answer)
    except AlreadySubmitted:  # the same form sent twice: show what the first one stored
        return _thanks(request, activity, registration_stored(activity, data["email"]))
    except RegistrationError as error:
        form_error_add(form, error)
        return render(request, template, context, status=400)
    return _thanks(request, activity, done)


def registration_page(request: HttpRequest, token: str) -> HttpResponse:
    """The public page: what, when (in the activity's zone and the visitor's), and the form."""
    activity = activity_by_public_token(token)
    editions = upcoming_editions(activity)
    if request.method == "POST":
        form = RegistrationForm(request.POST, series=len(editions) > 1)
        return _submit(request, activity, editions, form, "execution/public/register.html")
    form = RegistrationForm(series=len(editions) > 1)
    return render(
        request, "execution/public/register.html", _page_context(activity, editions, form=form)
    )


def registration_invited(request: HttpRequest, token: str, invitation: str) -> HttpResponse:
    """The personal link of an invitation: the same page, with the name and e-mail filled in."""
    activity = activity_by_public_token(token)
    editions = upcoming_editions(activity)
    series = len(editions) > 1
    found = invitation_get_by_token(activity=activity, token=invitation)
    if found is None:
        return render(
            request,
            "execution/public/register.html",
            _page_context(
                activity,
                editions,
                form=RegistrationForm(series=series),
                error="This personal link is not valid any more; register with the form below.",
            ),
            status=404,
        )
    if request.method == "POST":
        form = RegistrationForm(request.POST, series=series)
        return _submit(
            request, activity, editions, form, "execution/public/register.html", invited=found
        )
    form = RegistrationForm(initial={"name": found.name, "email": found.email}, series=series)
    return render(
        request,
        "execution/public/register.html",
        _page_context(activity, editions, form=form, invited=found),
    )


def registration_change(request: HttpRequest, token: str, registration: str) -> HttpResponse:
    """The personal link from the confirmation e-mail: see and change one's answer."""
    activity = activity_by_public_token(token)
    found = registration_get_by_token(activity=activity, token=registration)
    if found is None or registration_link_expired(activity):
        return render(request, "execution/public/unknown.html", {"activity": activity}, status=404)
    editions = upcoming_editions(activity)
    series = len(editions) > 1
    context = _page_context(activity, editions, registration=found)
    status = 200
    if request.method == "POST" and not context["closed"]:
        form = AnswerForm(request.POST, series=series)
        if form.is_valid():
            try:
                done = registration_submit(
                    activity=activity,
                    name=found.name,
                    email=found.email,
                    response=form.cleaned_data["response"],
                    whole_series=form.cleaned_data.get("scope") == "series",
                )
            except RegistrationError as error:
                form.add_error(None, str(error))
                status = 400
            else:
                found = done.registration
                context.update(registration=found, changed=done)
        else:
            status = 400
    else:
        form = AnswerForm(
            initial={
                "response": found.response,
                "scope": "series" if found.whole_series else "edition",
            },
            series=series,
        )
    context["form"] = form
    return render(request, "execution/public/change.html", context, status=status)


def registration_ics(request: HttpRequest, token: str) -> HttpResponse:
    activity = activity_by_public_token(token)
    response = HttpResponse(activity_calendar([activity]), content_type="text/calendar")
    name = slugify(activity.title) or "activity"
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response
