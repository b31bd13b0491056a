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
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.activities.models import Activity
from roundtable.activities.services import audience_members
from roundtable.execution.mail import invitation_email, invitation_subject, site_url
from roundtable.execution.models import Invitation, InvitationBatch
from roundtable.execution.registrations import registration_closed_reason

INLINE_LIMIT = 25  # up to this many are sent at once; more go to the task worker
PROGRESS_EVERY = 20
STALE_BATCH = timedelta(hours=2)


class InvitationError(ValueError):
    pass


def invitation_recipients(activity: Activity) -> Any:
    """Audience members with an e-mail address who were neither invited nor registered yet."""
    invited = Invitation.objects.filter(activity=activity)
    registered = activity.registrations.all()
    return (
        audience_members(activity)
        .exclude(Q(email__isnull=True) | Q(email=""))
        .exclude(pk__in=invited.exclude(member=None).values("member_id"))
        .exclude(email__in=invited.values("email"))
        .exclude(pk__in=registered.exclude(member=None).values("member_id"))
        .order_by("pk")
    )


def invitation_link(activity: Activity, invitation: Invitation) -> str:
    return site_url(reverse("registration_invited", args=[activity.public_token, invitation.token]))


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
        link=site_url(reverse("registration_page", args=[activity.public_token])) + "i/…/",
    )
    audience = audience_members(activity)
    return InvitationPreview(
        subject=invitation_subject(activity),
        body=str(sample.body),
        recipient_name=name,
        new=recipients.count(),
        audience=audience.count(),
        without_email=audience.filter(Q(email__isnull=True) | Q(email="")).count(),
        invited=Invitation.objects.filter(activity=activity).count(),
    )


def invitation_batch_start(*, activity: Activity, by: User | None) -> InvitationBatch:
    """Start sending invitations to every new recipient; returns the batch to follow.

    Raises InvitationError when registration is closed, nobody new is left to invite, or a send
    for this activity is still running.
    """
    from roundtable.execution.tasks import invitation_batch_task

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
        invitation_batch_task.enqueue(batch.pk)
    return batch


def invitation_batch_run(*, batch_id: int) -> None:
    """Send the batch: one e-mail per new recipient, recorded before it is sent (so a second run
    skips it); a failed send is forgotten again, stops the batch and is reported on it."""
    batch = (
        InvitationBatch.objects.select_related("activity__community").filter(pk=batch_id).first()
    )
    if batch is None or batch.finished_at is not None:
        return
    activity = batch.activity
    sent = 0
    connection = get_connection()
    error = ""
    try:
        connection.open()
        for member in invitation_recipients(activity).iterator(chunk_size=500):
            try:
                with transaction.atomic():
                    invitation = Invitation.objects.create(
                        activity=activity,
                        batch=batch,
                        member=member,
                        name=member.full_name,
                        email=member.email,
                        sent_at=timezone.now(),
                    )
            except IntegrityError:  # invited meanwhile by another send
                continue
            message = invitation_email(
                activity,
                name=member.full_name,
                email=member.email,
                zone=member.timezone,
                link=invitation_link(activity, invitation),
            )
            message.connection = connection
            try:
                message.send()
            except Exception as failure:
                invitation.delete()
                error = f"Sending to {member.email} failed ({type(failure).__name__}); "
                error += "the rest were not sent. Try again later."
                break
            sent += 1
            if sent % PROGRESS_EVERY == 0:
                InvitationBatch.objects.filter(pk=batch.pk).update(sent=sent)
    except OSError as failure:
        error = f"The mail server could not be reached ({failure})."
    finally:
        connection.close()
        InvitationBatch.objects.filter(pk=batch.pk).update(
            sent=sent, error=error[:500], finished_at=timezone.now()
        )


def invitation_get_by_token(*, activity: Activity, token: str) -> Invitation | None:
    return Invitation.objects.filter(activity=activity, token=token).first()
