"""The plain inputs of the insights: members with their join date, and participation events.

Both are named tuples, so a caller may pass ``(member_id, joined_on)`` and
``(member_id, on, kind)`` tuples as they come from a query.
"""

from datetime import date
from typing import NamedTuple


class MemberJoin(NamedTuple):
    member_id: int
    joined_on: date


class Event(NamedTuple):
    """One participation: the member attended (``"attendance"``) or contributed
    (``"contribution"``, see :mod:`roundtable.domain.participation`) on the day ``on``."""

    member_id: int
    on: date
    kind: str
