"""State changes of needs, and the public intake form that creates them."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from roundtable.communities.confirmations import ConfirmationKind, Held, confirmation_hold
from roundtable.communities.models import Community, PendingConfirmation
from roundtable.communities.submissions import submission_claim
from roundtable.domain.places import PlaceError, country_code, timezone_name
from roundtable.domain.tags import tag_names as split_tags
from roundtable.members.identity import address_member_id, held_member_check
from roundtable.members.models import Member
from roundtable.members.services import member_search_refresh, tags_get_or_create
from roundtable.needs.models import Need
from roundtable.service_error import ServiceError

MAX_TEXT = 2000
MAX_TAGS = 20


class NeedError(ServiceError):
    """A need that cannot be saved; the message names the field and the reason."""


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise NeedError("Need: please describe the need in a few words; the text is empty.", "text")
    if len(text) > MAX_TEXT:
        raise NeedError(
            f"Need: the text is {len(text):,} characters long; the limit is {MAX_TEXT:,}. "
            "Please shorten it."
        )
    return text


def _clean_urgency(urgency: int | str) -> int:
    try:
        value = int(urgency)
    except (TypeError, ValueError):
        value = 0
    if value not in Need.Urgency.values:
        choices = ", ".join(f"{v} ({label})" for v, label in Need.Urgency.choices)
        raise NeedError(f"Urgency: {urgency!r} is not an urgency; use {choices}.", "urgency")
    return value


def _clean_status(status: str) -> str:
    if status not in Need.Status.values:
        raise NeedError(
            f"Status: {status!r} is not a status; use {', '.join(Need.Status.values)}.", "status"
        )
    return status


def _status_apply(need: Need, status: str) -> list[str]:
    """Set the need's status; it records when the need became addressed (and forgets it when
    the need is open again). The fields to save."""
    status = _clean_status(status)
    if status == Need.Status.ADDRESSED and need.status != status:
        need.addressed_at = timezone.now()
    elif status != Need.Status.ADDRESSED:
        need.addressed_at = None
    need.status = status
    return ["status", "addressed_at"]


def _clean_tags(names: Iterable[str] | str) -> list[str]:
    try:
        cleaned = split_tags(names) if isinstance(names, str) else split_tags(",".join(names))
    except ValueError as error:
        raise NeedError(f"Tags: {error}.", "tags") from None
    if len(cleaned) > MAX_TAGS:
        raise NeedError(f"Tags: {len(cleaned)} tags is too many; the limit is {MAX_TAGS}.", "tags")
    return cleaned


@transaction.atomic
def need_create(
    *,
    community: Community,
    member: Member,
    text: str,
    tag_names: Iterable[str] | str = (),
    urgency: int | str = Need.Urgency.MEDIUM,
    source: str = Need.Source.STAFF,
    submission_key: str = "",
) -> Need:
    """Record a member's need in their words. Tags are normalised and created as needed.
    ``submission_key``: the own page's one-time key (AlreadySubmitted when used before).

    The member must belong to ``community``. Raises NeedError (nothing saved) for empty or
    over-long text, an unknown urgency or source, or a bad tag.
    """
    if member.community_id != community.pk:
        raise NeedError("Member: this member is not part of the community.")
    clean_text = _clean_text(text)
    clean_urgency = _clean_urgency(urgency)
    if source not in Need.Source.values:
        raise NeedError(f"Source: {source!r} is not a source of needs.")
    names = _clean_tags(tag_names)
    submission_claim(form="own_need", key=submission_key)
    need = Need.objects.create(
        community=community, member=member, text=clean_text, urgency=clean_urgency, source=source
    )
    need.tags.set(tags_get_or_create(community=community, names=names))
    # The directory finds members by the words of their needs.
    member_search_refresh(community=community, member_ids=[member.pk])
    return need


@transaction.atomic
def need_update(
    *,
    need: Need,
    text: str | None = None,
    tag_names: Iterable[str] | str | None = None,
    urgency: int | str | None = None,
    status: str | None = None,
) -> Need:
    """Change the given fields of a need (None leaves a field as it is)."""
    fields = ["updated_at"]
    if text is not None:
        need.text = _clean_text(text)
        fields.append("text")
    if urgency is not None:
        need.urgency = _clean_urgency(urgency)
        fields.append("urgency")
    if status is not None:
        fields += _status_apply(need, status)
    names = _clean_tags(tag_names) if tag_names is not None else None
    need.save(update_fields=fields)
    if names is not None:
        need.tags.set(tags_get_or_create(community=need.community, names=names))
    if text is not None:
        member_search_refresh(community=need.community, member_ids=[need.member_id])
    return need


def need_status_set(*, need: Need, status: str) -> Need:
    """Move a need to open, being addressed or addressed."""
    need.save(update_fields=[*_status_apply(need, status), "updated_at"])
    return need


def _intake_clean(
    community: Community,
    *,
    full_name: str,
    email: str,
    organisation: str,
    country: str,
    timezone: str,
    text: str,
    tag_names: str,
    urgency: int | str,
) -> dict[str, Any]:
    """The intake form's answers validated: what need_intake_submit writes, plain JSON values.
    Raises NeedError naming the field."""
    if not community.intake_open:
        raise NeedError("The intake form of this community is closed.", code="closed")
    full_name = (full_name or "").strip()
    email = (email or "").strip().lower()
    if not full_name:
        raise NeedError("Name: please tell us your name.", "name")
    if len(full_name) > 200:
        raise NeedError("Name: the name is longer than 200 characters.")
    try:
        validate_email(email)
    except ValidationError:
        raise NeedError(f"E-mail: “{email}” is not an e-mail address.") from None
    try:
        code = country_code(country or "")
        zone = timezone_name(timezone or "")
    except PlaceError as error:
        raise NeedError(f"Country or time zone: {error}.") from None
    return {
        "full_name": full_name,
        "email": email,
        "organisation": (organisation or "").strip()[:200],
        "country": code,
        "timezone": zone,
        "text": _clean_text(text),
        "tag_names": ", ".join(_clean_tags(tag_names)),
        "urgency": _clean_urgency(urgency),
    }


@transaction.atomic
def need_intake_submit(
    *,
    community: Community,
    full_name: str,
    email: str,
    organisation: str = "",
    country: str = "",
    timezone: str = "",
    text: str,
    tag_names: str = "",
    urgency: int | str = Need.Urgency.MEDIUM,
    submission_key: str = "",
) -> Need:
    """The public intake form of a visitor identified as the owner of ``email``: find the member
    by e-mail or create them, then add the need. Anyone else's answer goes through
    :func:`need_intake_hold`. Raises AlreadySubmitted, writing nothing, when ``submission_key``
    was used before.

    The member's directory search document is refreshed (by need_create). A new member gets
    source "intake"; an existing member keeps their data as it is (a stranger
    who knows an e-mail address must not be able to overwrite a profile). Everything is
    validated before anything is written; raises NeedError naming the field otherwise.
    """
    clean = _intake_clean(
        community,
        full_name=full_name,
        email=email,
        organisation=organisation,
        country=country,
        timezone=timezone,
        text=text,
        tag_names=tag_names,
        urgency=urgency,
    )
    submission_claim(form="intake", key=submission_key)
    member = Member.objects.filter(community=community, email__iexact=clean["email"]).first()
    if member is None:
        member = Member.objects.create(
            community=community,
            full_name=clean["full_name"],
            email=clean["email"],
            organisation=clean["organisation"],
            country=clean["country"],
            timezone=clean["timezone"],
            source=Member.Source.INTAKE,
        )
    return need_create(
        community=community,
        member=member,
        text=clean["text"],
        tag_names=clean["tag_names"],
        urgency=clean["urgency"],
        source=Need.Source.INTAKE,
    )


def need_intake_hold(
    *,
    request: HttpRequest,
    community: Community,
    submission_key: str = "",
    **answers: Any,
) -> Held:
    """The intake form of a visitor not identified as the owner of the e-mail they typed: the
    answers (need_intake_submit's) are validated, then held until the link mailed to that
    address confirms them. No member is created or changed and no need exists until then, so
    nothing quotes it. Raises NeedError naming the field, or AlreadySubmitted, holding nothing."""
    clean = _intake_clean(community, **answers)
    clean["member_id"] = address_member_id(community=community, email=clean["email"])
    return confirmation_hold(
        request=request,
        community=community,
        kind=PendingConfirmation.Kind.NEED,
        email=clean["email"],
        payload=clean,
        form="intake",
        submission_key=submission_key,
    )


def _need_describe(pending: PendingConfirmation) -> str:
    held = pending.payload
    text = held["text"] if len(held["text"]) <= 300 else held["text"][:300] + "…"
    return f"add this need to the profile of {held['full_name']}: “{text}”"


def need_intake_confirmed(pending: PendingConfirmation) -> str:
    """Apply a held need (the caller holds the row's lock): the intake form must still be open
    and the member it matched still active. Raises NeedError or ServiceError otherwise."""
    held = dict(pending.payload)
    held_member_check(community=pending.community, member_id=held.pop("member_id"))
    need_intake_submit(community=pending.community, **held)
    return (
        f"Your need is recorded, {held['full_name']}: the staff of {pending.community.name} "
        "read every one, and use them to plan what the community does next."
    )


NEED_CONFIRMATION = ConfirmationKind(
    kind=PendingConfirmation.Kind.NEED,
    subject="Confirm this need is yours",
    describe=_need_describe,
    apply=need_intake_confirmed,
)
