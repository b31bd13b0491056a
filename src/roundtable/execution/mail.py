"""The e-mails execution sends: checklist reminders, invitations and registration confirmations,
with the activity's calendar file attached to the last two."""

from collections.abc import Sequence
from datetime import datetime
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from roundtable.activities.models import Activity, Registration
from roundtable.domain.calendar_files import CalendarEvent, calendar_file
from roundtable.execution.models import ChecklistItem
from roundtable.web.links import absolute_url

ICS_MIMETYPE = "text/calendar; method=PUBLISH; charset=UTF-8"


def render_text(template_name: str, context: dict[str, object]) -> str:
    """A plain-text e-mail body rendered from ``template_name``, as an ordinary ``str``.

    The mail templates turn autoescaping off (a name like ``O'Brien`` must reach the inbox as
    typed), so their output holds user text verbatim. ``render_to_string`` returns it marked
    safe, which would let an HTML page that shows the body (the Invite tab's preview) print
    that text as markup. Dropping the mark makes every HTML template escape the body again.
    """
    return str.__str__(render_to_string(template_name, context))


def registration_page_url(activity: Activity) -> str:
    return absolute_url(reverse("registration_page", args=[activity.public_token]))


def registration_change_url(registration: Registration) -> str:
    return absolute_url(
        reverse(
            "registration_change", args=[registration.activity.public_token, registration.token]
        )
    )


def activity_uid(activity: Activity) -> str:
    """Stable per activity, so a newer calendar file updates the event."""
    host = urlsplit(settings.SITE_URL).hostname or "roundtable"
    return f"activity-{activity.pk}@{host}"


def calendar_event(activity: Activity) -> CalendarEvent:
    registration_url = registration_page_url(activity)
    lines = [activity.purpose_expressed.strip()]
    if activity.link:
        lines.append(f"Join: {activity.link}")
    lines.append(f"Your registration: {registration_url}")
    organizer_name, organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return CalendarEvent(
        uid=activity_uid(activity),
        start=activity.starts_at,
        end=activity.ends_at,
        summary=activity.title,
        description="\n\n".join(line for line in lines if line),
        location=activity.place or activity.link,
        url=activity.link or registration_url,
        organizer_email=organizer_email,
        organizer_name=activity.community.name or organizer_name,
        sequence=int(activity.updated_at.timestamp()) // 60 % 2**31 if activity.updated_at else 0,
    )


def activity_calendar(activities: Sequence[Activity]) -> str:
    return calendar_file([calendar_event(a) for a in activities], now=timezone.now())


def local_time(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def when_text(activity: Activity, viewer_zone: str = "") -> str:
    """“Tuesday 8 December 2026, 14:00–15:00 (Europe/Madrid)”, and the viewer's time when their
    zone differs."""
    start = local_time(activity.starts_at, activity.timezone)
    end = local_time(activity.ends_at, activity.timezone)
    text = f"{start:%A} {start.day} {start:%B %Y, %H:%M}–{end:%H:%M} ({activity.timezone})"
    if viewer_zone and viewer_zone != activity.timezone:
        try:
            theirs = local_time(activity.starts_at, viewer_zone)
        except (KeyError, ValueError):
            return text
        text += f"; {theirs:%A %H:%M} in your time zone ({viewer_zone})"
    return text


def place_text(activity: Activity) -> str:
    parts = [activity.get_mode_display()]
    if activity.place:
        parts.append(activity.place)
    if activity.link:
        parts.append(activity.link)
    return " · ".join(parts)


def _attach_calendar(
    message: EmailMessage, activities: Sequence[Activity], calendar: str | None = None
) -> None:
    message.attach("invitation.ics", calendar or activity_calendar(activities), ICS_MIMETYPE)


def reminder_email(item: ChecklistItem) -> EmailMessage:
    activity = item.activity
    due = local_time(item.due_at, activity.timezone)
    context = {
        "item": item,
        "activity": activity,
        "due": f"{due:%A} {due.day} {due:%B %Y, %H:%M} ({activity.timezone})",
        "when": when_text(activity),
        "checklist_url": absolute_url(
            reverse("activity_checklist", args=[activity.community.slug, activity.pk])
        ),
    }
    return EmailMessage(
        subject=f"Due now: {item.title} · {activity.title}",
        body=render_text("execution/email/reminder.txt", context),
        to=[item.owner.email],  # type: ignore[union-attr]
    )


def invitation_context(activity: Activity, *, name: str, zone: str, link: str) -> dict[str, object]:
    return {
        "activity": activity,
        "name": name,
        "when": when_text(activity, zone),
        "place": place_text(activity),
        "registration_url": link,
    }


def invitation_subject(activity: Activity) -> str:
    start = local_time(activity.starts_at, activity.timezone)
    return f"Invitation: {activity.title}, {start.day} {start:%B}"


def invitation_email(
    activity: Activity, *, name: str, email: str, zone: str, link: str, calendar: str | None = None
) -> EmailMessage:
    """The invitation for one person; ``calendar`` is the activity's .ics text when the caller
    has it already (the same for every recipient of a batch)."""
    body = render_text(
        "execution/email/invitation.txt",
        invitation_context(activity, name=name, zone=zone, link=link),
    )
    message = EmailMessage(subject=invitation_subject(activity), body=body, to=[email])
    _attach_calendar(message, [activity], calendar)
    return message


def confirmation_email(registration: Registration, editions: Sequence[Activity]) -> EmailMessage:
    """Confirm an answer; the calendar file holds every edition registered for (when attending
    or maybe), and the e-mail carries the personal link to change the answer."""
    activity = registration.activity
    member_zone = registration.member.timezone if registration.member else ""
    context = {
        "registration": registration,
        "activity": activity,
        "when": when_text(activity, member_zone),
        "place": place_text(activity),
        "editions": [(a, when_text(a)) for a in editions if a.pk != activity.pk],
        "change_url": registration_change_url(registration),
        "attending": registration.response != Registration.Response.NOT_ATTENDING,
    }
    message = EmailMessage(
        subject=f"{registration.get_response_display()}: {activity.title}",
        body=render_text("execution/email/confirmation.txt", context),
        to=[registration.email],
    )
    if context["attending"]:
        _attach_calendar(message, editions or [activity])
    return message
