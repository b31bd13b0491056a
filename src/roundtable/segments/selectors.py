"""Reads of segments and of the members they hold."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from roundtable.communities.models import Community
from roundtable.domain.segment_rules import Group, describe_rule, parse_rule
from roundtable.members.member_filters import MemberGroup
from roundtable.members.models import Member
from roundtable.segments.models import Segment
from roundtable.segments.query import rebase, rule_q

PREVIEW_SIZE = 10


def rule_members(
    *, community: Community, rule: Group | dict[str, Any] | None, at: datetime | None = None
) -> QuerySet[Member]:
    """The community's active members matching ``rule`` (parsed, or JSON that is parsed here).

    Raises ``RuleError`` for invalid JSON. ``at`` is the instant time-zone offsets are taken at
    (now by default). The queryset is ordered by name and has no duplicate rows.
    """
    group = rule if isinstance(rule, Group) else parse_rule(rule)
    return _matching(community_id=community.pk, group=group, at=at)


def _matching(*, community_id: int, group: Group, at: datetime | None) -> QuerySet[Member]:
    members = Member.objects.active().filter(community_id=community_id)
    if group.is_empty:
        return members
    return members.filter(rule_q(group, community_id=community_id, at=at or timezone.now()))


def segment_members(*, segment: Segment, at: datetime | None = None) -> QuerySet[Member]:
    """The active members of a segment: its static list, or the members its rule matches.

    A stored rule that no longer parses (edited by hand) matches nobody rather than failing.
    """
    if segment.kind == Segment.Kind.STATIC:
        return Member.objects.active().filter(
            community_id=segment.community_id, static_segments=segment
        )
    try:
        group = parse_rule(segment.rule)
    except ValueError:
        return Member.objects.none()
    return _matching(community_id=segment.community_id, group=group, at=at)


def segment_q(*, segment: Segment, prefix: str = "", at: datetime | None = None) -> Q:
    """The segment as a filter over Member, or over a model that reaches Member via ``prefix``
    (e.g. ``segment_q(segment=s, prefix="member__")`` filters needs by their member's segment).

    Only active members match; a rule that no longer parses matches nobody.
    """
    active = Q(archived_at__isnull=True, anonymised_at__isnull=True)
    if segment.kind == Segment.Kind.STATIC:
        listed = Segment.static_members.through.objects.filter(segment_id=segment.pk)
        q = active & Q(pk__in=listed.values("member_id"))
    else:
        try:
            group = parse_rule(segment.rule)
        except ValueError:
            return Q(pk__in=[])
        q = active
        if not group.is_empty:
            q &= rule_q(group, community_id=segment.community_id, at=at or timezone.now())
    return rebase(q, prefix) if prefix else q


def segment_description(segment: Segment) -> str:
    """The segment's rule in words, or what kind of list it is."""
    if segment.kind == Segment.Kind.STATIC:
        return "A static list of members, chosen by hand"
    try:
        return describe_rule(parse_rule(segment.rule))
    except ValueError as error:
        return f"This rule cannot be used: {error}"


def segment_counts(
    *, community: Community, segments: list[Segment], at: datetime | None = None
) -> dict[int, int]:
    """Live member counts of several segments of one community, in ONE query.

    Each segment becomes a filtered COUNT over the community's active members, so the list page
    costs the same whatever the number of segments. A rule that no longer parses counts 0.
    """
    at = at or timezone.now()
    counts: dict[str, Count] = {}
    for segment in segments:
        if segment.kind == Segment.Kind.STATIC:
            listed = Segment.static_members.through.objects.filter(
                segment_id=segment.pk, member_id=OuterRef("pk")
            )
            condition = Q(Exists(listed))
        else:
            try:
                condition = rule_q(parse_rule(segment.rule), community_id=community.pk, at=at)
            except ValueError:
                condition = Q(pk__in=[])
        counts[f"segment_{segment.pk}"] = Count("pk", filter=condition)
    if not counts:
        return {}
    row = Member.objects.active().filter(community=community).aggregate(**counts)
    return {segment.pk: row[f"segment_{segment.pk}"] or 0 for segment in segments}


def segment_list(*, community: Community) -> list[tuple[Segment, int, str]]:
    """Every segment of the community with its live member count and its rule in words.

    Two queries whatever the number of segments.
    """
    segments = list(Segment.objects.filter(community=community))
    counts = segment_counts(community=community, segments=segments)
    return [(s, counts[s.pk], segment_description(s)) for s in segments]


def segment_get(*, community: Community, segment_id: int) -> Segment:
    """The community's segment with this id; raises Segment.DoesNotExist otherwise."""
    return Segment.objects.select_related("community").get(community=community, pk=segment_id)


def member_segments(*, member: Member) -> list[Segment]:
    """The community's segments this member belongs to (by rule or on a static list), by name;
    two queries whatever the number of segments."""
    segments = list(Segment.objects.filter(community_id=member.community_id).order_by("name"))
    if not segments:
        return []
    row = Member.objects.filter(pk=member.pk).aggregate(
        **{f"s{s.pk}": Count("pk", filter=segment_q(segment=s)) for s in segments}
    )
    return [segment for segment in segments if row[f"s{segment.pk}"]]


def _group_condition(segment: Segment) -> Callable[[str], Q]:
    def condition(prefix: str) -> Q:
        if prefix:
            return segment_q(segment=segment, prefix=prefix)
        # Over members themselves: the segment's own member query, the plan the directory's
        # benchmark measures at 100,000 members.
        return Q(pk__in=segment_members(segment=segment).values("pk"))

    return condition


def segment_groups(community: Community) -> list[MemberGroup]:
    """The community's segments as groups the member filters offer (the directory, the needs
    board), in one query."""
    return [
        MemberGroup(value=s.pk, label=s.name, condition=_group_condition(s))
        for s in Segment.objects.filter(community=community)
    ]
