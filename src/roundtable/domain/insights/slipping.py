"""Members slipping away: they took part in the quarter before last, and not since.

With calendar quarters and ``today`` in quarter ``Q``: a member is slipping away when they have
at least one event in quarter ``Q - 2`` and none after its last day, up to ``today`` (events
after ``today`` are not counted). Their last activity is their latest event's day.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from roundtable.domain.insights.calendar_months import add_months, quarter_end, quarter_start
from roundtable.domain.insights.inputs import Event


@dataclass(frozen=True)
class SlippingMember:
    member_id: int
    last_active: date


def slipping_away(events: Iterable[Event], today: date) -> list[SlippingMember]:
    """The members slipping away as of ``today``, longest silent first (then by id)."""
    watched_start = add_months(quarter_start(today), -6)
    watched_end = quarter_end(watched_start)
    last_active: dict[int, date] = {}
    for member_id, on, _kind in events:
        if on > today:
            continue
        if member_id not in last_active or on > last_active[member_id]:
            last_active[member_id] = on
    slipping = [
        SlippingMember(member_id, last)
        for member_id, last in last_active.items()
        if watched_start <= last <= watched_end
    ]
    return sorted(slipping, key=lambda s: (s.last_active, s.member_id))
