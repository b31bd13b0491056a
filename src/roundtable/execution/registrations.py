"""Registration and attendance services: the public registration page, the staff's list, and
check-in at the door.

A person registers once per activity and e-mail address (compared without case): registering
again updates the answer. Registering for the whole series writes the same answer for every
upcoming edition. Marking someone present writes one attendance record to a matched member's
participation history; undoing it removes that record again.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format

from roundtable.activities.models import Activity, Registration
from roundtable.communities.confirmations import ConfirmationKind, Held, confirmation_hold
from roundtable.communities.models import PendingConfirmation
from roundtable.communities.submissions import submission_claim
from roundtable.execution.attendance import attendance_record_once
from roundtable.execution.mail import confirmation_email
from roundtable.members.identity import address_member_id, held_member_check
from roundtable.members.models import Member, ParticipationRecord
from roundtable.members.services import participation_levels_refresh
from roundtable.service_error import ServiceError

logger = logging.getLogger(__name__)

MAX_NAME = 200
MAX_EMAIL = 254
CHECKIN_SOURCE = "check-in"


class RegistrationError(ServiceError):
    """A registration that cannot be made; ``field`` names the form field, if one."""


def registration_closed_reason(activity: Activity, now: datetime | None = None) -> str:
    """Why nobody can register any more, or "" while registration is open."""
    now = now or timezone.now()
    if activity.is_past or activity.ends_at <= now:
        return "This activity has taken place: registration is closed."
    if not activity.registration_open:
        return "Registration for this activity is closed."
    return ""


def upcoming_editions(activity: Activity, now: datetime | None = None) -> list[Activity]:
    """The activity and the later editions of its series that are still open, soonest first."""
    now = now or timezone.now()
    if activity.series_id is None:
        return [activity]
    editions = (
        Activity.objects.filter(
            series_id=activity.series_id,
            community_id=activity.community_id,
            starts_at__gte=activity.starts_at,
            registration_open=True,
        )
        .exclude(status__in=(Activity.Status.DONE, Activity.Status.EVALUATED))
        .select_related("community")
        .order_by("starts_at")
    )
    found = [a for a in editions if a.pk == activity.pk or a.ends_at > now]
    if all(a.pk != activity.pk for a in found):
        found.insert(0, activity)
    return found


def _clean_person(name: str, email: str) -> tuple[str, str]:
    name = " ".join(name.split())
    if not name:
        raise RegistrationError("Name: please tell us your name.", "name")
    if len(name) > MAX_NAME:
        raise RegistrationError(f"Name: at most {MAX_NAME} characters.", "name")
    email = email.strip()
    if not email:
        raise RegistrationError("E-mail: we need it to send the confirmation.", "email")
    if len(email) > MAX_EMAIL:
        raise RegistrationError(f"E-mail: at most {MAX_EMAIL} characters.", "email")
    try:
        validate_email(email)
    except ValidationError:
        raise RegistrationError(
            f"E-mail: “{email[:80]}” is not an e-mail address.", "email"
        ) from None
    return name, BaseUserManager.normalize_email(email)


def member_by_email(activity: Activity, email: str) -> Member | None:
    """The community's active member with this e-mail address (compared without case)."""
    return (
        Member.objects.filter(community_id=activity.community_id, email__iexact=email)
        .active()
        .first()
    )


@dataclass(frozen=True)
class Registered:
    registration: Registration  # the one for the activity asked about
    editions: list[Activity]  # every edition the answer was written for
    created: bool
    confirmation_sent: bool


def _write(
    activity: Activity, *, name: str, email: str, response: str, whole_series: bool, member: Any
) -> tuple[Registration, bool]:
    registration = (
        Registration.objects.select_for_update()
        .filter(activity=activity, email__iexact=email)
        .first()
    )
    if registration is None:
        return (
            Registration.objects.create(
                activity=activity,
                member=member,
                name=name,
                email=email,
                response=response,
                whole_series=whole_series,
            ),
            True,
        )
    registration.name = name
    registration.response = response
    registration.whole_series = whole_series
    if member is not None:
        registration.member = member
    registration.save(update_fields=["name", "response", "whole_series", "member", "updated_at"])
    return registration, False


def _clean_answer(
    activity: Activity, name: str, email: str, response: str, check_open: bool
) -> tuple[str, str, str]:
    name, email = _clean_person(name, email)
    if response not in Registration.Response.values:
        raise RegistrationError(
            f"Answer: “{response[:40]}” is not one of attending, maybe or not attending.",
            "response",
        )
    if check_open and (reason := registration_closed_reason(activity)):
        raise RegistrationError(reason)
    return name, email, response


def registration_hold(
    *,
    request: HttpRequest,
    activity: Activity,
    name: str,
    email: str,
    response: str,
    whole_series: bool = False,
    submission_key: str = "",
) -> Held:
    """What the public form does for a visitor not identified as the owner of ``email``: the
    answer is validated as :func:`registration_submit` would, then held until the link mailed to
    ``email`` confirms it. Nothing about the registration or the member changes until then.
    Raises RegistrationError naming the field, or AlreadySubmitted, holding nothing."""
    name, email, response = _clean_answer(activity, name, email, response, check_open=True)
    payload = {
        "activity_id": activity.pk,
        "name": name,
        "email": email,
        "response": response,
        "whole_series": whole_series and activity.series_id is not None,
        "member_id": address_member_id(community=activity.community, email=email),
    }
    return confirmation_hold(
        request=request,
        community=activity.community,
        kind=PendingConfirmation.Kind.REGISTRATION,
        email=email,
        payload=payload,
        form="registration",
        submission_key=submission_key,
    )


def _held_activity(pending: PendingConfirmation) -> Activity:
    activity = (
        Activity.objects.filter(pk=pending.payload["activity_id"], community=pending.community)
        .select_related("community")
        .first()
    )
    if activity is None:
        raise RegistrationError(
            "This activity was cancelled since the link was sent: there is nothing to register "
            "for, and nothing was changed.",
            code="cancelled",
        )
    return activity


def _held_answer(pending: PendingConfirmation) -> str:
    label = Registration.Response(pending.payload["response"]).label.lower()
    activity = _held_activity(pending)
    zone = ZoneInfo(activity.timezone)
    when = date_format(timezone.localtime(activity.starts_at, zone), "j F Y, H:i T")
    series = " and the later editions of its series" if pending.payload["whole_series"] else ""
    return f"{pending.payload['name']}: “{label}” for {activity.title} ({when}){series}"


def _registration_describe(pending: PendingConfirmation) -> str:
    return f"register {_held_answer(pending)}."


def registration_confirmed(pending: PendingConfirmation) -> str:
    """Apply a held registration (the caller holds the row's lock): the activity must still
    exist and be open, the member it matched still active. Raises RegistrationError or
    ServiceError, with nothing changed, otherwise."""
    held = pending.payload
    activity = _held_activity(pending)
    held_member_check(community=pending.community, member_id=held["member_id"])
    registration_submit(
        activity=activity,
        name=held["name"],
        email=held["email"],
        response=held["response"],
        whole_series=held["whole_series"],
    )
    return (
        f"Registered {_held_answer(pending)}. The confirmation, with the calendar file and "
        "your personal link to change the answer, is on its way to your inbox."
    )


REGISTRATION_CONFIRMATION = ConfirmationKind(
    kind=PendingConfirmation.Kind.REGISTRATION,
    subject="Confirm your registration",
    describe=_registration_describe,
    apply=registration_confirmed,
)


def registration_submit(
    *,
    activity: Activity,
    name: str,
    email: str,
    response: str,
    whole_series: bool = False,
    check_open: bool = True,
    confirm: bool = True,
    submission_key: str = "",
) -> Registered:
    """Register (or change the answer of) ``email`` for the activity, or for every upcoming edition
    of its series with ``whole_series``; then e-mail a confirmation with the calendar file and the
    personal link to change the answer (unless ``confirm`` is false).

    ``check_open`` is false for staff adding someone by hand, who may do so after registration
    closed. Raises RegistrationError naming the field; nothing is written then. Raises
    AlreadySubmitted, writing and sending nothing, when the public form's ``submission_key`` was
    used before (the same form sent twice).
    """
    name, email, response = _clean_answer(activity, name, email, response, check_open)
    whole_series = whole_series and activity.series_id is not None
    editions = upcoming_editions(activity) if whole_series else [activity]
    member = member_by_email(activity, email)
    with transaction.atomic():
        submission_claim(form="registration", key=submission_key)
        created = False
        registration = None
        for edition in editions:
            written, is_new = _write(
                edition,
                name=name,
                email=email,
                response=response,
                whole_series=whole_series,
                member=member,
            )
            if edition.pk == activity.pk:
                registration, created = written, is_new
    assert registration is not None  # noqa: S101 - an invariant, stated for the type checker
    sent = False
    if confirm:
        try:
            confirmation_email(registration, editions).send()
            sent = True
        except Exception:  # the answer is stored; the page says the e-mail did not go
            logger.exception("registration confirmation to %s failed", registration.pk)
    return Registered(registration, editions, created, sent)


def registration_stored(activity: Activity, email: str) -> Registered | None:
    """What a registration form sent a second time shows: the answer stored for ``email``."""
    found = Registration.objects.filter(activity=activity, email__iexact=email.strip()).first()
    return None if found is None else Registered(found, [activity], False, False)


def registration_link_expired(activity: Activity) -> bool:
    """A registration's personal link (name, e-mail, answer) stops working
    ``REGISTRATION_LINK_DAYS`` after its activity ended: nothing is left to change by then."""
    return timezone.now() >= activity.ends_at + timedelta(days=settings.REGISTRATION_LINK_DAYS)


def registration_get_by_token(*, activity: Activity, token: str) -> Registration | None:
    return (
        Registration.objects.filter(activity=activity, token=token).select_related("member").first()
    )


@transaction.atomic
def checkin_set(*, registration: Registration, present: bool) -> Registration:
    """Mark the person present (or undo it). For a matched member, present writes exactly one
    attendance record for the activity and undo removes it; their participation level follows."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("activity", "member")
        .get(pk=registration.pk)
    )
    activity = registration.activity
    member = registration.member
    if present and registration.attended_at is None:
        registration.attended_at = timezone.now()
        registration.save(update_fields=["attended_at", "updated_at"])
        if member is not None:
            attendance_record_once(activity=activity, member=member, source=CHECKIN_SOURCE)
    elif not present and registration.attended_at is not None:
        registration.attended_at = None
        registration.save(update_fields=["attended_at", "updated_at"])
        if member is not None:
            ParticipationRecord.objects.filter(
                member=member,
                activity=activity,
                kind=ParticipationRecord.Kind.ATTENDANCE,
                source=CHECKIN_SOURCE,
            ).delete()
    else:
        return registration
    if member is not None:
        participation_levels_refresh(community=activity.community, member_ids=[member.pk])
    return registration


def checkin_walk_in(
    *, activity: Activity, name: str = "", email: str = "", member: Member | None = None
) -> Registration:
    """Someone who came without registering: registered as attending and marked present.

    Give a ``member`` of the community (their name and e-mail are used), or a name and e-mail.
    """
    if member is not None:
        if member.community_id != activity.community_id or not member.is_active:
            raise RegistrationError("Member: not an active member of this community.")
        if not member.email:
            raise RegistrationError(
                f"{member.full_name} has no e-mail address: add one to their profile, "
                "or add them as a walk-in with an address."
            )
        name, email = member.full_name, member.email
    registered = registration_submit(
        activity=activity,
        name=name,
        email=email,
        response=Registration.Response.ATTENDING,
        check_open=False,
        confirm=False,
    )
    return checkin_set(registration=registered.registration, present=True)
