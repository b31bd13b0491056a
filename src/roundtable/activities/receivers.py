"""How activities react to member events (connected in ``ActivitiesConfig.ready``)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from roundtable.activities.models import Registration


def erased_email(member_id: int) -> str:
    """The address left on a deleted person's registration: reserved, never delivered
    (``.invalid``), and unique, since one activity cannot hold the same address twice."""
    return f"former-member-{member_id}@erased.invalid"


def same_person_q(
    *, member_id: int, community_id: int, email: str, other_emails: Iterable[str] = ()
) -> Q:
    """Rows about an activity (a registration, an invitation, an attendance) that are the
    member's: linked to them, or written with one of their e-mail addresses (main or other) in
    this community before they were linked."""
    same_person = Q(member_id=member_id)
    for address in (email, *other_emails):
        if address:
            same_person |= Q(activity__community_id=community_id, email__iexact=address)
    return same_person


def erase_registrations(
    *,
    member_id: int,
    community_id: int,
    email: str,
    label: str,
    other_emails: Iterable[str] = (),
    **_: Any,
) -> None:
    """A deleted member's registrations keep their answer and attendance; their name becomes the
    member's label and their e-mail a reserved placeholder. A registration made with the same
    e-mail in this community (before they were a member) is erased and attached to them."""
    for registration in Registration.objects.filter(
        same_person_q(
            member_id=member_id, community_id=community_id, email=email, other_emails=other_emails
        )
    ):
        registration.member_id = member_id
        registration.name = label
        registration.email = erased_email(member_id)
        registration.updated_at = timezone.now()
        registration.save(update_fields=["member", "name", "email", "updated_at"])


def registrations_of_member(*, member_id: int, **_: Any) -> dict[str, Any]:
    """The member's registrations, for their data export."""
    rows = Registration.objects.filter(member_id=member_id).select_related("activity")
    return {
        "registrations": [
            {
                "activity": r.activity.title,
                "activity_starts_at": r.activity.starts_at.isoformat(),
                "name": r.name,
                "email": r.email,
                "response": r.response,
                "whole_series": r.whole_series,
                "registered_at": r.created_at.isoformat(),
                "attended_at": r.attended_at.isoformat() if r.attended_at else None,
            }
            for r in rows.order_by("activity__starts_at", "pk")
        ]
    }
