"""Active members by calendar month, split into new and returning.

For each month ``m`` asked for:

- ``active(m)``: the members with at least one event (attendance or contribution) in ``m``;
- ``new(m)``: those of them whose first event ever (in all the events given, also before the
  months asked for) falls in ``m``; ``returning(m) = active(m) - new(m)``;
- ``community(m)``: the members who joined on or before the last day of ``m``, together with any
  active member whose recorded join date is later (they took part, so they were there);
- ``share(m) = active(m) / community(m)``, and 0.0 when the community is empty.

So ``new + returning == active`` and ``0 <= share <= 1`` always hold.
"""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from roundtable.domain.insights.calendar_months import month_end, month_of
from roundtable.domain.insights.inputs import Event, MemberJoin


@dataclass(frozen=True)
class MonthActivity:
    month: date
    active: int
    new: int
    returning: int
    community: int
    share: float


def active_by_month(
    events: Iterable[Event], members: Iterable[MemberJoin], months: Iterable[date]
) -> list[MonthActivity]:
    """One :class:`MonthActivity` per month of ``months`` (any day of the month names it), in
    the order given, a month asked twice counted once. Months without events, also months in
    the future, come out with zeros."""
    wanted = list(dict.fromkeys(month_of(m) for m in months))
    first_month: dict[int, date] = {}
    active_in: dict[date, set[int]] = defaultdict(set)
    for member_id, on, _kind in events:
        month = month_of(on)
        if member_id not in first_month or month < first_month[member_id]:
            first_month[member_id] = month
        active_in[month].add(member_id)
    joined_on_by_id = dict(members)
    join_dates = sorted(joined_on_by_id.values())
    result = []
    for month in wanted:
        last_day = month_end(month)
        active = active_in.get(month, set())
        new = sum(1 for member_id in active if first_month[member_id] == month)
        joined_later = sum(
            1
            for member_id in active
            if member_id in joined_on_by_id and joined_on_by_id[member_id] > last_day
        )
        unknown = sum(1 for member_id in active if member_id not in joined_on_by_id)
        community = bisect_right(join_dates, last_day) + joined_later + unknown
        result.append(
            MonthActivity(
                month=month,
                active=len(active),
                new=new,
                returning=len(active) - new,
                community=community,
                share=len(active) / community if community else 0.0,
            )
        )
    return result
