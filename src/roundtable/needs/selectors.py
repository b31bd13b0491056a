"""Reads of needs: the needs board with its counts, filters and list."""

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from roundtable.communities.models import Community
from roundtable.members.member_filters import (
    MEMBER_FILTERS,
    MemberFilter,
    MemberGroup,
    member_filter_groups,
)
from roundtable.members.models import Tag
from roundtable.needs.models import Need

OPEN_STATUSES = (Need.Status.OPEN, Need.Status.BEING_ADDRESSED)
PAGE_SIZE = 25
TOP_TAGS = 20


@dataclass(frozen=True)
class NeedFilters:
    """What the board is filtered by; empty values mean "no filter"."""

    status: str = ""
    urgency: int | None = None
    tag: str = ""
    # the group chosen in each member filter other apps register, by the filter's name
    groups: dict[str, int] = field(default_factory=dict)
    search: str = ""
    page: int | str = 1

    @classmethod
    def from_query(cls, query: Any) -> "NeedFilters":
        """Read filters from a GET QueryDict; values that make no sense are ignored."""
        status = query.get("status", "")
        urgency = query.get("urgency", "")
        groups = {name: query.get(name, "") for name in MEMBER_FILTERS}
        return cls(
            status=status if status in Need.Status.values else "",
            urgency=int(urgency)
            if urgency.isdigit() and int(urgency) in Need.Urgency.values
            else None,
            tag=query.get("tag", "").strip().lower()[:64],
            groups={name: int(value) for name, value in groups.items() if value.isdigit()},
            search=query.get("q", "").strip()[:200],
            page=query.get("page", 1),
        )


@dataclass(frozen=True)
class GroupCounts:
    """A member filter on the board: each of its groups with its open needs, and the chosen one."""

    filter: MemberFilter
    counts: list[tuple[MemberGroup, int]]
    chosen: int | None


@dataclass
class NeedBoard:
    by_tag: list[tuple[str, int]]
    by_urgency: list[tuple[int, str, int]]
    by_status: list[tuple[str, str, int]]
    by_group: list[GroupCounts]
    page: Page
    total: int


def need_list(
    *,
    community: Community,
    filters: NeedFilters,
    groups: list[tuple[MemberFilter, list[MemberGroup]]] | None = None,
) -> QuerySet[Need]:
    """The community's needs matching the filters, newest most urgent first, with their member
    and tags loaded. ``groups`` are the member filters with the community's groups (read here
    when not given); a group the community does not have matches no need."""
    needs = Need.objects.filter(community=community)
    if filters.status:
        needs = needs.filter(status=filters.status)
    if filters.urgency:
        needs = needs.filter(urgency=filters.urgency)
    if filters.tag:
        tagged = Need.tags.through.objects.filter(tag__name=filters.tag).values("need_id")
        needs = needs.filter(pk__in=tagged)
    if filters.groups:
        for member_filter, offered in groups or member_filter_groups(community=community):
            value = filters.groups.get(member_filter.name)
            if not value:
                continue
            chosen = next((g for g in offered if g.value == value), None)
            if chosen is None:
                return Need.objects.none()
            needs = needs.filter(chosen.condition("member__"))
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
    """Counts of open needs (by tag, urgency and the groups of each member filter: segments),
    counts by status, and one page of the filtered list. A fixed number of queries whatever the
    number of needs or groups."""
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
    groups = member_filter_groups(community=community)
    by_group = [
        GroupCounts(
            filter=member_filter,
            counts=_open_counts(open_needs, member_filter, offered),
            chosen=filters.groups.get(member_filter.name),
        )
        for member_filter, offered in groups
    ]
    needs = need_list(community=community, filters=filters, groups=groups)
    paginator = Paginator(needs, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return NeedBoard(
        by_tag=[(name, n) for name, n in by_tag],
        by_urgency=by_urgency,
        by_status=by_status,
        by_group=by_group,
        page=page,
        total=paginator.count,
    )


def _open_counts(
    open_needs: QuerySet[Need], member_filter: MemberFilter, groups: list[MemberGroup]
) -> list[tuple[MemberGroup, int]]:
    """The open needs of each group's members, in one query."""
    if not groups:
        return []
    row = open_needs.aggregate(
        **{
            f"{member_filter.name}_{index}": Count("pk", filter=group.condition("member__"))
            for index, group in enumerate(groups)
        }
    )
    return [(g, row[f"{member_filter.name}_{i}"] or 0) for i, g in enumerate(groups)]


def need_get(*, community: Community, need_id: int) -> Need:
    """The community's need with this id (member loaded); raises Need.DoesNotExist otherwise."""
    return Need.objects.select_related("member", "community").get(community=community, pk=need_id)
