from datetime import UTC, datetime, timedelta

import pytest

from roundtable.domain.participation import (
    ATTENDANCE,
    CONTRIBUTION,
    Counts,
    Level,
    ThresholdError,
    Thresholds,
    count_records,
    participation_level,
)

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
DEFAULT = Thresholds()


@pytest.mark.parametrize(
    ("attendances", "contributions", "expected"),
    [
        (0, 0, Level.INACTIVE),
        (1, 0, Level.PERIPHERAL),
        (0, 1, Level.PERIPHERAL),
        (2, 0, Level.OCCASIONAL),
        (1, 2, Level.OCCASIONAL),
        (1, 3, Level.ACTIVE),
        (4, 0, Level.ACTIVE),
        (20, 2, Level.ACTIVE),  # attends a lot but hardly contributes: not core
        (6, 3, Level.CORE),
        (5, 10, Level.ACTIVE),  # contributes a lot but attends too little: not core
    ],
)
def test_levels_with_default_thresholds(
    attendances: int, contributions: int, expected: Level
) -> None:
    assert participation_level(Counts(attendances, contributions), DEFAULT) is expected


def test_a_community_can_lower_the_bar_for_core() -> None:
    lenient = Thresholds(core_min_attendances=2, core_min_contributions=1, active_min=2)
    assert participation_level(Counts(2, 1), lenient) is Level.CORE
    assert participation_level(Counts(2, 1), DEFAULT) is Level.OCCASIONAL


def test_only_records_inside_the_window_count() -> None:
    records = [
        (ATTENDANCE, NOW - timedelta(days=10)),
        (CONTRIBUTION, NOW - timedelta(days=100)),
        (ATTENDANCE, NOW - timedelta(days=400)),  # older than 12 months
        (ATTENDANCE, NOW + timedelta(days=3)),  # in the future: not yet happened
        ("reaction", NOW - timedelta(days=1)),  # unknown kinds are ignored
    ]
    assert count_records(records, now=NOW, window_months=12) == Counts(1, 1)
    assert count_records(records, now=NOW, window_months=24) == Counts(2, 1)
    assert count_records(records, now=NOW, window_months=1) == Counts(1, 0)


@pytest.mark.parametrize(
    ("thresholds", "message"),
    [
        (Thresholds(window_months=0), "at least one month"),
        (Thresholds(occasional_min=1), "Occasional needs at least 2"),
        (Thresholds(active_min=2, occasional_min=2), "Active must need more"),
        (Thresholds(core_min_attendances=1, core_min_contributions=1, active_min=4), "Core must"),
    ],
)
def test_contradictory_thresholds_are_refused(thresholds: Thresholds, message: str) -> None:
    with pytest.raises(ThresholdError, match=message):
        thresholds.validate()


def test_default_thresholds_are_valid() -> None:
    DEFAULT.validate()
