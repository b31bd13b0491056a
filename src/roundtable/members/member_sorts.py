"""Orders of the member directory that apps above this one add (insights adds "Engagement
score", highest first).

The directory's sort choice offers its own orders (name, join date, ...) and then each
registered one. This app knows no such app: each registers its order from its
``AppConfig.ready()`` with :func:`member_sort_register`; an order may reach the apps' rows by
their relation to Member (``engagement__score``), which needs no import.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MemberSort:
    value: str  # what the ``sort`` query parameter carries, e.g. "-engagement"
    label: str  # e.g. "Engagement score"
    order_by: Sequence[Any]  # arguments of QuerySet.order_by over Member, ending in a tie-break


MEMBER_SORTS: dict[str, MemberSort] = {}


def member_sort_register(member_sort: MemberSort) -> None:
    MEMBER_SORTS[member_sort.value] = member_sort
