"""Filters over members that apps above this one add (the segments app adds "Segment").

The member directory offers each registered filter as a choice of groups, and the needs board
offers it too, over each need's member. This app knows no such app: each registers its filter
from its ``AppConfig.ready()`` with :func:`member_filter_register`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from roundtable.communities.models import Community


@dataclass(frozen=True)
class MemberGroup:
    """One value a filter offers: a group of the community's members."""

    value: int  # what the filter's query parameter carries
    label: str
    # condition(prefix): the group as a filter over Member, or over a model that reaches Member
    # through ``prefix`` ("member__" for needs)
    condition: Callable[[str], Q]


@dataclass(frozen=True)
class MemberFilter:
    name: str  # the query parameter and form field, e.g. "segment"
    label: str  # e.g. "Segment"
    plural: str  # e.g. "segments", for "No segments yet"
    new_url_name: str  # the page that makes a new group, called with the community's slug
    # groups(community): the community's groups, in one query
    groups: Callable[[Community], list[MemberGroup]]


MEMBER_FILTERS: dict[str, MemberFilter] = {}


def member_filter_register(member_filter: MemberFilter) -> None:
    MEMBER_FILTERS[member_filter.name] = member_filter


def member_filter_groups(*, community: Community) -> list[tuple[MemberFilter, list[MemberGroup]]]:
    """Each registered filter with the community's groups: one query per filter."""
    return [(f, f.groups(community)) for f in MEMBER_FILTERS.values()]
