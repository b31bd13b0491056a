"""Answers of public forms held until the owner of the e-mail address confirms them.

A visitor who is not identified (see ``members.identity``) may type anyone's e-mail address
into a public form. So their answer changes nothing at once: it is held as a
:class:`PendingConfirmation` (the form's validated data, as JSON) and a one-time link is mailed
to that address. Opening the link shows what will happen and a button; pressing it (a POST:
mail scanners prefetch links with GET) calls the same service the form would have called, in one
transaction, with the row locked so that the link works once.

Each app that holds answers this way registers a :class:`ConfirmationKind` from its
``AppConfig.ready()``: what the e-mail and the page call it, and the function that applies it.

- The token is ``secrets.token_urlsafe(32)``; only its SHA-256 is stored.
- A link works for ``CONFIRMATION_LINK_HOURS`` (48) after it was sent, once.
- At most ``CONFIRMATION_MAILS_PER_RECIPIENT`` (3) links an hour go to one address in one
  community, and ``CONFIRMATION_MAILS_PER_ADDRESS`` (20) from one client address: past either,
  nothing is sent and the page says to look for the link already sent.
- Rows are deleted ``KEEP_DAYS`` after they expired; a used row keeps no payload.
"""

import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from roundtable.communities.models import Community, PendingConfirmation
from roundtable.communities.submissions import submission_claim
from roundtable.service_error import ServiceError
from roundtable.web.links import absolute_url
from roundtable.web.rate_limit import rate_limited

logger = logging.getLogger(__name__)

KEEP_DAYS = 7  # an expired link still says "expired" (not "unknown") this long


class ConfirmationError(ServiceError):
    """A confirmation link that cannot be used; ``code`` says why ("unknown", "used",
    "expired", "other_community", or the applying service's own code)."""


@dataclass(frozen=True)
class ConfirmationKind:
    """``apply(pending)`` makes the change and returns one sentence saying what happened; it
    raises a ServiceError (nothing changed) when it cannot be made any more. ``describe(pending)``
    says what confirming will do, in one sentence of plain text."""

    kind: str
    subject: str  # the e-mail's subject and the page's button: "Confirm your registration"
    describe: Callable[[PendingConfirmation], str]
    apply: Callable[[PendingConfirmation], str]


_KINDS: dict[str, ConfirmationKind] = {}


def confirmation_kind_register(kind: ConfirmationKind) -> None:
    if kind.kind not in PendingConfirmation.Kind.values:
        raise ValueError(f"{kind.kind!r} is not a kind of PendingConfirmation")
    _KINDS[kind.kind] = kind


def confirmation_kind(kind: str) -> ConfirmationKind:
    return _KINDS[kind]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _recipient(community: Community, email: str) -> str:
    return hashlib.sha256(f"{community.pk}:{email.strip().lower()}".encode()).hexdigest()


@dataclass(frozen=True)
class Held:
    email: str
    sent: bool  # False: over the rate limit, the link sent before is the one to use


def confirmation_hold(
    *,
    request: HttpRequest,
    community: Community,
    kind: str,
    email: str,
    payload: dict[str, Any],
    form: str,
    submission_key: str = "",
) -> Held:
    """Hold ``payload`` (validated data, plain JSON values) until ``email`` confirms it, and mail
    the link there. Changes nothing else.

    Raises AlreadySubmitted (nothing held, nothing sent) when the ``form``'s ``submission_key``
    was used before; ConfirmationError when the e-mail cannot be sent (nothing held).
    """
    described = confirmation_kind(kind)
    email = email.strip()
    by_recipient = rate_limited(
        request,
        scope="confirmation:recipient",
        key=_recipient(community, email),
        limit=settings.CONFIRMATION_MAILS_PER_RECIPIENT,
        seconds=3600,
    )
    by_address = rate_limited(
        request,
        scope="confirmation:client",
        limit=settings.CONFIRMATION_MAILS_PER_ADDRESS,
        seconds=3600,
    )
    if by_recipient or by_address:
        return Held(email, sent=False)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        submission_claim(form=form, key=submission_key)
        PendingConfirmation.objects.filter(expires_at__lt=now - timedelta(days=KEEP_DAYS)).delete()
        pending = PendingConfirmation.objects.create(
            community=community,
            email=email,
            kind=kind,
            payload=payload,
            token_hash=_digest(token),
            created_at=now,
            expires_at=now + timedelta(hours=settings.CONFIRMATION_LINK_HOURS),
        )
        try:
            _mail(pending, described, token)
        except Exception:  # nothing is held that nobody can confirm
            logger.exception("confirmation e-mail for %s failed", pending.pk)
            raise ConfirmationError(
                "We could not send the confirmation e-mail just now; nothing was saved. "
                "Please try again in a few minutes.",
                code="mail",
            ) from None
    return Held(email, sent=True)


def confirmation_url(community: Community, token: str) -> str:
    return absolute_url(reverse("confirmation", args=[community.slug, token]))


def _mail(pending: PendingConfirmation, kind: ConfirmationKind, token: str) -> None:
    community = pending.community
    hours = settings.CONFIRMATION_LINK_HOURS
    send_mail(
        subject=f"{kind.subject} — {community.name}",
        message=(
            f"Hello,\n\nSomeone, we hope you, used this e-mail address on a form of "
            f"{community.name}. Confirming will do this: {kind.describe(pending)}\n\n"
            f"{kind.subject}: {confirmation_url(community, token)}\n\n"
            f"The link works once, for {hours} hours. If it was not you, ignore this e-mail: "
            "nothing changes.\n"
        ),
        from_email=None,
        recipient_list=[pending.email],
    )


def _check(pending: PendingConfirmation | None, community: Community) -> PendingConfirmation:
    if pending is None:
        raise ConfirmationError(
            "This confirmation link is not valid: it may be incomplete (copy the whole link "
            "from the e-mail), or what it confirmed was withdrawn. Nothing was changed; you can "
            "fill in the form again.",
            code="unknown",
        )
    if pending.community_id != community.pk:
        raise ConfirmationError(
            "This confirmation link belongs to another community. Nothing was changed; open "
            "the link exactly as it is in the e-mail.",
            code="other_community",
        )
    if pending.payload.get("erased"):
        raise ConfirmationError(
            "The person this link was sent to was deleted from the community since, with "
            "everything they had sent. Nothing was changed.",
            code="erased",
        )
    if pending.used_at is not None:
        raise ConfirmationError(
            "This link was already used: what it confirmed is done, and nothing was changed again.",
            code="used",
        )
    if pending.is_expired:
        raise ConfirmationError(
            f"This link has expired: links work for {settings.CONFIRMATION_LINK_HOURS} hours. "
            "Nothing was changed; please fill in the form again to get a new one.",
            code="expired",
        )
    return pending


def confirmation_find(*, community: Community, token: str) -> PendingConfirmation:
    """The held answer ``token`` confirms, for the confirmation page; raises ConfirmationError
    saying why it cannot be confirmed (unknown or tampered, another community's, used,
    expired)."""
    found = (
        PendingConfirmation.objects.filter(token_hash=_digest(token))
        .select_related("community")
        .first()
    )
    return _check(found, community)


def confirmation_apply(*, community: Community, token: str) -> str:
    """Apply the held answer ``token`` confirms, once: the kind's service runs in this
    transaction with the row locked, and the row is marked used (its payload forgotten).
    Returns what happened; raises ConfirmationError (or the service's ServiceError), with
    nothing changed, when the link or the answer cannot be used any more."""
    with transaction.atomic():
        found = (
            PendingConfirmation.objects.select_for_update()
            .filter(token_hash=_digest(token))
            .select_related("community")
            .first()
        )
        pending = _check(found, community)
        done = confirmation_kind(pending.kind).apply(pending)
        pending.used_at = timezone.now()
        pending.payload = {}
        pending.save(update_fields=["used_at", "payload"])
    return done


def confirmations_erase(*, community: Community, emails: list[str], member_id: int) -> None:
    """A member is deleted: forget what their held answers say (and the address), keeping only
    that the links were for someone erased, so that opening one says so. The caller holds the
    transaction of the erasure."""
    held_for = Q(payload__member_id=member_id)
    for address in (e.strip() for e in emails):
        if address:
            held_for |= Q(email__iexact=address)
    PendingConfirmation.objects.filter(community=community).filter(held_for).update(
        email="", payload={"erased": True}
    )


def confirmations_waiting(
    *, community: Community, kind: str, **payload: object
) -> list[PendingConfirmation]:
    """What the staff sees as "waiting for confirmation": the answers of ``kind`` held and not
    yet confirmed or expired, newest first; ``payload`` narrows by held values
    (``activity_id=...``). They count for nothing until confirmed."""
    return list(
        PendingConfirmation.objects.filter(
            community=community,
            kind=kind,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            **{f"payload__{name}": value for name, value in payload.items()},
        ).exclude(email="")  # erased with their member
    )
