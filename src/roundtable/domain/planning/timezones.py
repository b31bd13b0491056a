"""Time-zone fairness: who a start time suits, the best start times, and fair series rotation.

No Django. An audience is a mapping of IANA zone name to a number of members. An activity is
*inside working hours* for a member when, in their zone, it starts at or after 08:00 and ends
by 18:00 on the same Monday-to-Friday date. Zones are grouped before any arithmetic, so
100,000 members cost what their few hundred distinct zones cost.
"""

import zoneinfo
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

WORK_START = time(8, 0)
WORK_END = time(18, 0)
STEP_MINUTES = 30
MIN_GAP_MINUTES = 120  # suggestions this far apart, so the three are real alternatives


@dataclass(frozen=True)
class StartFairness:
    """For one start time: how many of the audience have it inside their working hours."""

    start: datetime
    inside: int
    total: int

    @property
    def share(self) -> float:
        return self.inside / self.total if self.total else 0.0


def audience_zones(entries: Iterable[str] | Mapping[str, int]) -> dict[str, int]:
    """Members per zone from a list of zone names (one per member) or a name-to-count mapping."""
    if isinstance(entries, Mapping):
        return {zone: count for zone, count in entries.items() if count > 0}
    return dict(Counter(entries))


@cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def is_inside_working_hours(start: datetime, duration_minutes: int, zone: str) -> bool:
    """Whether an activity starting at ``start`` (aware) suits someone living in ``zone``."""
    local = start.astimezone(_zone(zone))
    end = local + timedelta(minutes=duration_minutes)
    return (
        local.weekday() < 5
        and end.date() == local.date()
        and local.time() >= WORK_START
        and end.time() <= WORK_END
    )


def start_fairness(
    start: datetime, zones: Mapping[str, int], duration_minutes: int = 60
) -> StartFairness:
    """How many members of ``zones`` have the activity inside their working hours."""
    if start.tzinfo is None:
        raise ValueError("the start time must be timezone-aware")
    inside = sum(
        count
        for zone, count in zones.items()
        if is_inside_working_hours(start, duration_minutes, zone)
    )
    return StartFairness(start=start, inside=inside, total=sum(zones.values()))


def _candidates(day: date) -> list[datetime]:
    first = datetime.combine(day, time(0, 0), tzinfo=UTC)
    return [first + timedelta(minutes=m) for m in range(0, 24 * 60, STEP_MINUTES)]


def best_start_times(
    zones: Mapping[str, int],
    day: date,
    duration_minutes: int = 60,
    count: int = 3,
) -> list[StartFairness]:
    """The ``count`` best start times on the UTC date ``day`` (every 30 minutes), best first.

    Best means most members inside working hours; ties go to the earlier time. Suggestions are
    at least MIN_GAP_MINUTES apart so that they are real alternatives.
    """
    scored = sorted(
        (start_fairness(start, zones, duration_minutes) for start in _candidates(day)),
        key=lambda fairness: (-fairness.inside, fairness.start),
    )
    chosen: list[StartFairness] = []
    gap = timedelta(minutes=MIN_GAP_MINUTES)
    for candidate in scored:
        if all(abs(candidate.start - other.start) >= gap for other in chosen):
            chosen.append(candidate)
        if len(chosen) == count:
            break
    return chosen


def series_rotation(
    zones: Mapping[str, int], days: Sequence[date], duration_minutes: int = 60
) -> list[StartFairness]:
    """A start time for each edition of a series on ``days``, so no zone is always left out.

    Greedy: each edition takes the start that serves most members, where a member's weight is
    (1 + the number of earlier editions outside their working hours) squared. Zones left out
    so grow heavier until an edition comes to them; squared, so that the second edition already
    moves for a large minority instead of serving the same majority twice.
    """
    missed = dict.fromkeys(zones, 0)
    rotation: list[StartFairness] = []
    for day in days:
        best: tuple[float, datetime] | None = None
        for start in _candidates(day):
            score = sum(
                count * (1 + missed[zone]) ** 2
                for zone, count in zones.items()
                if is_inside_working_hours(start, duration_minutes, zone)
            )
            if best is None or score > best[0]:
                best = (score, start)
        assert best is not None  # noqa: S101 - an invariant, stated for the type checker
        chosen = start_fairness(best[1], zones, duration_minutes)
        for zone in zones:
            if not is_inside_working_hours(chosen.start, duration_minutes, zone):
                missed[zone] += 1
        rotation.append(chosen)
    return rotation
