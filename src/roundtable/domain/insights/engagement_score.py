"""Each member's engagement score: how recently, how often and in how many ways they took part.

Over the **window** of the 12 months up to the day ``as_of`` (``WINDOW_DAYS`` days, ``as_of``
included), with ``d`` the days from a member's last participation in the window to ``as_of``:

- ``recency   = round(100 × (1 − d / WINDOW_DAYS))``, 0 with no participation in the window:
  100 on the day itself, 50 six months ago;
- ``frequency = round(100 × min(months, FREQUENCY_MONTHS) / FREQUENCY_MONTHS)``, where
  ``months`` counts the calendar months of the window with at least one participation (once a
  month every month is 100; twenty records in one week count as one month);
- ``breadth   = round(100 × min(ways, BREADTH_WAYS) / BREADTH_WAYS)``, where ``ways`` counts
  the distinct kinds of participation (attended, contributed) plus the distinct places they
  took part in (an activity's format, e.g. ``webinar``, or a record's source, e.g. ``slack``);
- ``score     = round((recency + frequency + breadth) / 3)``.

Each component is a whole number from 0 to 100, and so is the score (none of the four
fractions can end in exactly one half, so rounding is never a tie). A member with no
participation in the window scores 0 on everything. Records after ``as_of`` are left out.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from roundtable.domain.insights.calendar_months import month_of

WINDOW_DAYS = 365
FREQUENCY_MONTHS = 12
BREADTH_WAYS = 5


class Participation(NamedTuple):
    """One participation of ``member_id`` on the day ``on``: ``kind`` is ``"attendance"`` or
    ``"contribution"``; ``where`` the activity's format or the record's source (``""`` when
    neither is known: it adds no way)."""

    member_id: int
    on: date
    kind: str
    where: str


@dataclass(frozen=True)
class EngagementScore:
    member_id: int
    score: int
    recency: int
    frequency: int
    breadth: int
    last_on: date | None  # the last participation in the window
    months: int  # months of the window with a participation
    ways: int  # kinds of participation plus places


def _scaled(count: int, full: int) -> int:
    return round(100 * min(count, full) / full)


def engagement_scores(
    member_ids: Iterable[int], participations: Iterable[Participation], *, as_of: date
) -> list[EngagementScore]:
    """The score of each of ``member_ids`` (in id order) as of the end of ``as_of``;
    participations of other members are left out."""
    first_day = as_of - timedelta(days=WINDOW_DAYS - 1)
    last: dict[int, date] = {}
    months: dict[int, set[date]] = defaultdict(set)
    ways: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for member_id, on, kind, where in participations:
        if not first_day <= on <= as_of:
            continue
        if member_id not in last or on > last[member_id]:
            last[member_id] = on
        months[member_id].add(month_of(on))
        ways[member_id].add(("kind", kind))
        if where:
            ways[member_id].add(("where", where.lower()))
    scores = []
    for member_id in sorted(set(member_ids)):
        last_on = last.get(member_id)
        if last_on is None:
            scores.append(EngagementScore(member_id, 0, 0, 0, 0, None, 0, 0))
            continue
        recency = round(100 * (1 - (as_of - last_on).days / WINDOW_DAYS))
        frequency = _scaled(len(months[member_id]), FREQUENCY_MONTHS)
        breadth = _scaled(len(ways[member_id]), BREADTH_WAYS)
        score = round((recency + frequency + breadth) / 3)
        scores.append(
            EngagementScore(
                member_id,
                score,
                recency,
                frequency,
                breadth,
                last_on,
                len(months[member_id]),
                len(ways[member_id]),
            )
        )
    return scores
