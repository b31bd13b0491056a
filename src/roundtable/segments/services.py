"""State changes of segments: create, edit, delete, and the members of static lists."""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from roundtable.communities.models import Community
from roundtable.domain.segment_rules import parse_rule, rule_to_json
from roundtable.members.models import Member
from roundtable.segments.models import Segment
from roundtable.service_error import ServiceError

MAX_NAME = 120


class SegmentError(ServiceError):
    """A segment that cannot be saved; the message names the field and the reason."""


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise SegmentError("Name: give the segment a name.")
    if len(name) > MAX_NAME:
        raise SegmentError(f"Name: {len(name)} characters is too long; the limit is {MAX_NAME}.")
    return name


def _clean_rule(kind: str, rule: Any) -> dict[str, Any]:
    if kind == Segment.Kind.STATIC:
        return {}
    try:
        return rule_to_json(parse_rule(rule))
    except ValueError as error:
        raise SegmentError(f"Rule: {error}") from None


@transaction.atomic
def segment_create(
    *,
    community: Community,
    name: str,
    kind: str = Segment.Kind.RULE,
    rule: dict[str, Any] | None = None,
    description: str = "",
    created_by: Any = None,
) -> Segment:
    """Create a rule segment (``rule`` validated and stored canonically) or an empty static list.

    Raises SegmentError for an empty or taken name, or an invalid rule.
    """
    if kind not in Segment.Kind.values:
        raise SegmentError(f"Kind: {kind!r} is not a kind of segment; use rule or static.")
    name = _clean_name(name)
    if Segment.objects.filter(community=community, name__iexact=name).exists():
        raise SegmentError(f"Name: a segment called “{name}” already exists.")
    try:
        with transaction.atomic():
            return Segment.objects.create(
                community=community,
                name=name,
                kind=kind,
                rule=_clean_rule(kind, rule),
                description=(description or "").strip()[:1000],
                created_by=created_by,
            )
    except IntegrityError:
        raise SegmentError(f"Name: a segment called “{name}” already exists.") from None


@transaction.atomic
def segment_update(
    *, segment: Segment, name: str, description: str = "", rule: dict[str, Any] | None = None
) -> Segment:
    """Rename a segment, change its description and (for rule segments) its rule."""
    name = _clean_name(name)
    taken = Segment.objects.filter(community_id=segment.community_id, name__iexact=name)
    if taken.exclude(pk=segment.pk).exists():
        raise SegmentError(f"Name: a segment called “{name}” already exists.")
    segment.name = name
    segment.description = (description or "").strip()[:1000]
    fields = ["name", "description", "updated_at"]
    if segment.kind == Segment.Kind.RULE:
        segment.rule = _clean_rule(segment.kind, rule)
        fields.append("rule")
    segment.save(update_fields=fields)
    return segment


def segment_delete(*, segment: Segment) -> None:
    """Delete a segment; its members are not touched."""
    segment.delete()


def _community_members(segment: Segment, member_ids: Iterable[int]) -> list[Member]:
    return list(
        Member.objects.active().filter(community_id=segment.community_id, pk__in=list(member_ids))
    )


@transaction.atomic
def segment_static_members_add(*, segment: Segment, member_ids: Iterable[int]) -> int:
    """Add members (ids of the segment's community only; others are ignored) to a static list.

    Returns how many were found and are now in the list.
    """
    if segment.kind != Segment.Kind.STATIC:
        raise SegmentError("Members can only be added by hand to a static list.")
    members = _community_members(segment, member_ids)
    segment.static_members.add(*members)
    return len(members)


@transaction.atomic
def segment_static_members_remove(*, segment: Segment, member_ids: Iterable[int]) -> int:
    """Remove members from a static list; returns how many ids were given and removed."""
    if segment.kind != Segment.Kind.STATIC:
        raise SegmentError("Members can only be removed by hand from a static list.")
    ids = list(member_ids)
    through = Segment.static_members.through
    deleted, _ = through.objects.filter(segment_id=segment.pk, member_id__in=ids).delete()
    return deleted
