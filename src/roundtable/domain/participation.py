"""Participation levels: how engaged each member has been lately.

Pure Python, no Django. A member's level is computed from the participation records of the last
``window_months`` months, with thresholds each community can tune:

- **core**: at least ``core_min_attendances`` attendances *and* ``core_min_contributions``
  contributions: they come, and they speak, post or lead;
- **active**: at least ``active_min`` participations of either kind;
- **occasional**: at least ``occasional_min`` participations;
- **peripheral**: at least one participation: they are around, at the edge;
- **inactive**: none in the window.

Records dated in the future (clock skew, planned sessions) are not counted.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Level(StrEnum):
    CORE = "core"
    ACTIVE = "active"
    OCCASIONAL = "occasional"
    PERIPHERAL = "peripheral"
    INACTIVE = "inactive"

    @property
    def label(self) -> str:
        return self.value.capitalize()


LEVELS_BY_ENGAGEMENT = [
    Level.CORE,
    Level.ACTIVE,
    Level.OCCASIONAL,
    Level.PERIPHERAL,
    Level.INACTIVE,
]

ATTENDANCE = "attendance"
CONTRIBUTION = "contribution"


class ThresholdError(ValueError):
    """The thresholds contradict each other; the message says which."""


@dataclass(frozen=True, kw_only=True)
class Thresholds:
    window_months: int = 12
    core_min_attendances: int = 6
    core_min_contributions: int = 3
    active_min: int = 4
    occasional_min: int = 2

    def validate(self) -> None:
        """Raise ThresholdError unless the levels are ordered from most to least engaged."""
        if self.window_months < 1:
            raise ThresholdError("The window must be at least one month.")
        if self.occasional_min < 2:
            raise ThresholdError("Occasional needs at least 2 participations (1 is peripheral).")
        if self.active_min <= self.occasional_min:
            raise ThresholdError("Active must need more participations than occasional.")
        if self.core_min_attendances + self.core_min_contributions <= self.active_min:
            raise ThresholdError(
                "Core must need more participations (attendances + contributions) than active."
            )


@dataclass(frozen=True)
class Counts:
    attendances: int = 0
    contributions: int = 0

    @property
    def total(self) -> int:
        return self.attendances + self.contributions


def window_start(now: datetime, window_months: int) -> datetime:
    """The start of the window: ``window_months`` months of 30.44 days before ``now``."""
    return now - timedelta(days=round(30.44 * window_months))


def count_records(
    records: Iterable[tuple[str, datetime]], *, now: datetime, window_months: int
) -> Counts:
    """Count (kind, occurred_at) records inside the window ending at ``now``."""
    start = window_start(now, window_months)
    attendances = contributions = 0
    for kind, occurred_at in records:
        if not start <= occurred_at <= now:
            continue
        if kind == ATTENDANCE:
            attendances += 1
        elif kind == CONTRIBUTION:
            contributions += 1
    return Counts(attendances, contributions)


def participation_level(counts: Counts, thresholds: Thresholds) -> Level:
    """The level for a member's counts inside the window."""
    if (
        counts.attendances >= thresholds.core_min_attendances
        and counts.contributions >= thresholds.core_min_contributions
    ):
        return Level.CORE
    if counts.total >= thresholds.active_min:
        return Level.ACTIVE
    if counts.total >= thresholds.occasional_min:
        return Level.OCCASIONAL
    if counts.total >= 1:
        return Level.PERIPHERAL
    return Level.INACTIVE
