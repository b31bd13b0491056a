"""How members move between participation levels from one quarter's end to the next.

The levels are the community's own (:mod:`roundtable.domain.participation`): :func:`levels_at`
counts each member's events in the window ending on a day with ``count_records`` and applies
``participation_level`` with the community's ``Thresholds``, exactly as the nightly refresh does
at the end of that day. :func:`level_flows` then counts, for every pair (level at the earlier
end, level at the later end), the members who made that move, staying put included. A member
who had not joined yet at the earlier end comes from None ("not a member yet").
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from roundtable.domain.insights.inputs import Event, MemberJoin
from roundtable.domain.participation import (
    LEVELS_BY_ENGAGEMENT,
    Level,
    Thresholds,
    count_records,
    participation_level,
    window_start,
)


@dataclass(frozen=True)
class LevelFlow:
    from_level: Level | None
    to_level: Level
    member_ids: list[int]

    @property
    def count(self) -> int:
        return len(self.member_ids)


def levels_at(
    members: Iterable[MemberJoin], events: Iterable[Event], *, at: date, thresholds: Thresholds
) -> dict[int, Level | None]:
    """Each member's level at the end of the day ``at``; None for a member who joined later.

    Events count from their day's midnight (UTC), so the window is the
    ``round(30.44 * window_months)`` days ending with ``at``; events after ``at`` do not count.
    """
    now = datetime.combine(at, time.max, tzinfo=UTC)
    # Only the days the window may hold are handed on; count_records decides at its edges.
    first_day = window_start(now, thresholds.window_months).date()
    records: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    for member_id, on, kind in events:
        if first_day <= on <= at:
            records[member_id].append((kind, datetime.combine(on, time.min, tzinfo=UTC)))
    levels: dict[int, Level | None] = {}
    for member_id, joined_on in members:
        if joined_on > at:
            levels[member_id] = None
            continue
        counts = count_records(
            records.get(member_id, []), now=now, window_months=thresholds.window_months
        )
        levels[member_id] = participation_level(counts, thresholds)
    return levels


def level_flows(
    levels_by_quarter: Mapping[int, tuple[Level | None, Level | None]],
) -> list[LevelFlow]:
    """Group members by their move: ``levels_by_quarter`` maps a member id to (level at the
    earlier quarter's end, level at the later one). Members with no level at the later end are
    left out. Flows come from the most engaged level to the least (None last), then to the most
    engaged; member ids ascending."""
    moves: dict[tuple[Level | None, Level], list[int]] = defaultdict(list)
    for member_id, (before, after) in levels_by_quarter.items():
        if after is not None:
            moves[(before, after)].append(member_id)
    rank = {level: i for i, level in enumerate(LEVELS_BY_ENGAGEMENT)}

    def order(move: tuple[Level | None, Level]) -> tuple[int, int]:
        before, after = move
        return (len(rank) if before is None else rank[before], rank[after])

    return [
        LevelFlow(from_level=before, to_level=after, member_ids=sorted(moves[(before, after)]))
        for before, after in sorted(moves, key=order)
    ]
