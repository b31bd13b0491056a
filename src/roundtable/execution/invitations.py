"""Invite the target audience by e-mail.

Each invitation is recorded (:class:`Invitation`), so sending again reaches only audience members
who were not invited yet (and have not registered on their own). A send is an
:class:`InvitationBatch`: small ones are sent during the request, larger ones by the task worker
while the page shows the count.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.activities.models import Activity
from roundtable.activities.selectors import audience_members
from roundtable.after_commit import enqueue_on_commit
from roundtable.execution import tasks
from roundtable.execution.mail import (
    activity_calendar,
    invitation_email,
    invitation_subject,
)
from roundtable.execution.models import Invitation, InvitationBatch
from roundtable.execution.registrations import registration_closed_reason
from roundtable.members.models import Member
from roundtable.service_error import ServiceError
from roundtable.web.links import absolute_url

INLINE_LIMIT = 25  # up to this many are sent at once; more go to the task worker
CHUNK = 50  # invitations recorded in one transaction, then sent; the count moves by chunks
STALE_BATCH = timedelta(hours=2)
NO_EMAIL = Q(email__isnull=True) | Q(email="")


class InvitationError(ServiceError):
    """Invitations that cannot be sent now."""


def invitation_recipients(activity: Activity) -> Any:
    """Audience members with an e-mail address who were neither invited nor registered yet."""
    invited = Invitation.objects.filter(activity=activity)
    registered = activity.registrations.all()
    return (
        audience_members(activity)
        .exclude(NO_EMAIL)
        .exclude(pk__in=invited.exclude(member=None).values("member_id"))
        .exclude(email__in=invited.values("email"))
        .exclude(pk__in=registered.exclude(member=None).values("member_id"))
        .order_by("pk")
    )


@dataclass(frozen=True)
class InvitationPreview:
    subject: str
    body: str
    recipient_name: str
    new: int  # would receive this send
    audience: int
    without_email: int
    invited: int


def invitation_preview(activity: Activity) -> InvitationPreview:
    """The e-mail as the first new recipient would receive it, and who a send would reach."""
    recipients = invitation_recipients(activity)
    first = recipients.first()
    name = first.full_name if first else "Ada Lovelace"
    zone = first.timezone if first else ""
    sample = invitation_email(
        activity,
        name=name,
        email=(first.email if first else "ada@example.org"),
        zone=zone,
        link=absolute_url(reverse("registration_page", args=[activity.public_token])) + "i/…/",
    )
    audience = audience_members(activity).aggregate(  # one pass over the audience for both
        size=Count("pk"), without_email=Count("pk", filter=NO_EMAIL)
    )
    return InvitationPreview(
        subject=invitation_subject(activity),
        body=str(sample.body),
        recipient_name=name,
        new=recipients.count(),
        audience=audience["size"],
        without_email=audience["without_email"],
        invited=Invitation.objects.filter(activity=activity).count(),
    )


def invitation_batch_start(*, activity: Activity, by: User | None) -> InvitationBatch:
    """Start sending invitations to every new recipient; returns the batch to follow.

    Raises InvitationError when registration is closed, nobody new is left to invite, or a send
    for this activity is still running.
    """
    if reason := registration_closed_reason(activity):
        raise InvitationError(f"{reason} Open it before inviting.")
    with transaction.atomic():
        Activity.objects.select_for_update().filter(pk=activity.pk).first()
        running = InvitationBatch.objects.filter(
            activity=activity,
            finished_at__isnull=True,
            created_at__gte=timezone.now() - STALE_BATCH,
        ).exists()
        if running:
            raise InvitationError("Invitations for this activity are being sent right now.")
        total = invitation_recipients(activity).count()
        if total == 0:
            raise InvitationError(
                "Nobody new to invite: everyone in the audience with an e-mail address has "
                "been invited or has registered."
            )
        batch = InvitationBatch.objects.create(activity=activity, created_by=by, total=total)
    if total <= INLINE_LIMIT:
        invitation_batch_run(batch_id=batch.pk)
        batch.refresh_from_db()
    else:
        enqueue_on_commit(tasks.invitation_batch_task, batch.pk)
    return batch


def _record(batch: InvitationBatch, members: list[Member]) -> dict[int, str]:
    """Record the invitations of ``members`` in one transaction; returns member id → token for
    those this batch recorded (someone invited meanwhile by another send is skipped)."""
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.bulk_create(
            [
                Invitation(
                    activity=batch.activity,
                    batch=batch,
                    member=member,
                    name=member.full_name,
                    email=member.email or "",
                    sent_at=now,
                )
                for member in members
            ],
            ignore_conflicts=True,
        )
    return dict(
        Invitation.objects.filter(batch=batch, member__in=members).values_list("member_id", "token")
    )


def invitation_batch_run(*, batch_id: int) -> None:
    """Send the batch: one e-mail per new recipient, recorded (by chunks) before it is sent, so a
    second run skips it. A failed send stops the batch and is reported on it; the invitations
    recorded but not sent are forgotten again, so the next send reaches those people."""
    batch = (
        InvitationBatch.objects.select_related("activity__community").filter(pk=batch_id).first()
    )
    if batch is None or batch.finished_at is not None:
        return
    activity = batch.activity
    calendar = activity_calendar([activity])
    recipients = invitation_recipients(activity).only("pk", "full_name", "email", "timezone")
    sent = 0
    error = ""
    connection = get_connection()
    try:
        connection.open()
        chunk: list[Member] = []
        for member in recipients.iterator(chunk_size=CHUNK):
            chunk.append(member)
            if len(chunk) == CHUNK:
                sent, error = _send_chunk(batch, chunk, sent, calendar, connection)
                chunk = []
                if error:
                    break
        if chunk and not error:
            sent, error = _send_chunk(batch, chunk, sent, calendar, connection)
    except OSError as failure:
        error = f"The mail server could not be reached ({failure})."
    finally:
        connection.close()
        InvitationBatch.objects.filter(pk=batch.pk).update(
            sent=sent, error=error[:500], finished_at=timezone.now()
        )


def _send_chunk(
    batch: InvitationBatch, chunk: list[Member], sent: int, calendar: str, connection: Any
) -> tuple[int, str]:
    activity = batch.activity
    tokens = _record(batch, chunk)
    done: list[int] = []
    for member in chunk:
        token = tokens.get(member.pk)
        if token is None:
            continue
        link = absolute_url(reverse("registration_invited", args=[activity.public_token, token]))
        message = invitation_email(
            activity,
            name=member.full_name,
            email=member.email or "",
            zone=member.timezone,
            link=link,
            calendar=calendar,
        )
        message.connection = connection
        try:
            message.send()
        except Exception as failure:
            unsent = set(tokens) - set(done)
            Invitation.objects.filter(batch=batch, member__in=unsent).delete()
            return sent, (
                f"Sending to {member.email} failed ({type(failure).__name__}); "
                "the rest were not sent. Try again later."
            )
        done.append(member.pk)
        sent += 1
    InvitationBatch.objects.filter(pk=batch.pk).update(sent=sent)
    return sent, ""


def invitation_get_by_token(*, activity: Activity, token: str) -> Invitation | None:
    return Invitation.objects.filter(activity=activity, token=token).first()
