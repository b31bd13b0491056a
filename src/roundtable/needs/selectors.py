"""Reads of needs: the needs board with its counts, filters and list."""

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from roundtable.communities.models import Community
from roundtable.members.models import Tag
from roundtable.needs.models import Need
from roundtable.segments.models import Segment
from roundtable.segments.selectors import segment_q

OPEN_STATUSES = (Need.Status.OPEN, Need.Status.BEING_ADDRESSED)
PAGE_SIZE = 25
TOP_TAGS = 20


@dataclass(frozen=True)
class NeedFilters:
    """What the board is filtered by; empty values mean "no filter"."""

    status: str = ""
    urgency: int | None = None
    tag: str = ""
    segment_id: int | None = None
    search: str = ""
    page: int | str = 1

    @classmethod
    def from_query(cls, query: Any) -> "NeedFilters":
        """Read filters from a GET QueryDict; values that make no sense are ignored."""
        status = query.get("status", "")
        urgency = query.get("urgency", "")
        segment = query.get("segment", "")
        return cls(
            status=status if status in Need.Status.values else "",
            urgency=int(urgency)
            if urgency.isdigit() and int(urgency) in Need.Urgency.values
            else None,
            tag=query.get("tag", "").strip().lower()[:64],
            segment_id=int(segment) if segment.isdigit() else None,
            search=query.get("q", "").strip()[:200],
            page=query.get("page", 1),
        )


@dataclass
class NeedBoard:
    by_tag: list[tuple[str, int]]
    by_urgency: list[tuple[int, str, int]]
    by_status: list[tuple[str, str, int]]
    by_segment: list[tuple[Segment, int]]
    page: Page
    total: int
    segments: list[Segment] = field(default_factory=list)


def need_list(*, community: Community, filters: NeedFilters) -> QuerySet[Need]:
    """The community's needs matching the filters, newest most urgent first, with their member
    and tags loaded."""
    needs = Need.objects.filter(community=community)
    if filters.status:
        needs = needs.filter(status=filters.status)
    if filters.urgency:
        needs = needs.filter(urgency=filters.urgency)
    if filters.tag:
        tagged = Need.tags.through.objects.filter(tag__name=filters.tag).values("need_id")
        needs = needs.filter(pk__in=tagged)
    if filters.segment_id:
        segment = Segment.objects.filter(community=community, pk=filters.segment_id).first()
        if segment is None:
            return Need.objects.none()
        needs = needs.filter(segment_q(segment=segment, prefix="member__"))
    if filters.search:
        needs = needs.filter(
            Q(text__icontains=filters.search) | Q(member__full_name__icontains=filters.search)
        )
    return (
        needs.select_related("member")
        .prefetch_related("tags")
        .order_by("-urgency", "-created_at", "-pk")
    )


def need_board(*, community: Community, filters: NeedFilters) -> NeedBoard:
    """Counts of open needs (by tag, urgency and segment), counts by status, and one page of the
    filtered list. A fixed number of queries whatever the number of needs or segments."""
    community_needs = Need.objects.filter(community=community)
    open_needs = community_needs.filter(status__in=OPEN_STATUSES)
    by_tag = list(
        Tag.objects.filter(needs__in=open_needs)
        .values_list("name")
        .annotate(n=Count("needs"))
        .order_by("-n", "name")[:TOP_TAGS]
    )
    urgency_counts = dict(
        open_needs.values_list("urgency").annotate(n=Count("pk")).order_by("urgency")
    )
    by_urgency = [
        (value, label, urgency_counts.get(value, 0))
        for value, label in reversed(Need.Urgency.choices)
    ]
    status_counts = dict(community_needs.values_list("status").annotate(n=Count("pk")).order_by())
    by_status = [
        (value, label, status_counts.get(value, 0)) for value, label in Need.Status.choices
    ]
    segments = list(Segment.objects.filter(community=community))
    by_segment: list[tuple[Segment, int]] = []
    if segments:
        aggregates = {
            f"segment_{s.pk}": Count("pk", filter=segment_q(segment=s, prefix="member__"))
            for s in segments
        }
        row = open_needs.aggregate(**aggregates)
        by_segment = [(s, row[f"segment_{s.pk}"] or 0) for s in segments]
    needs = need_list(community=community, filters=filters)
    paginator = Paginator(needs, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return NeedBoard(
        by_tag=[(name, n) for name, n in by_tag],
        by_urgency=by_urgency,
        by_status=by_status,
        by_segment=by_segment,
        page=page,
        total=paginator.count,
        segments=segments,
    )


def need_get(*, community: Community, need_id: int) -> Need:
    """The community's need with this id (member loaded); raises Need.DoesNotExist otherwise."""
    return Need.objects.select_related("member", "community").get(community=community, pk=need_id)
